"""Any text a clerk can put in a cell either comes out of the documents exactly as read, or is
refused by `check` with a message naming its cell — never a crash, never text silently changed.

A property test (hypothesis, bounded for CI): random text — Chinese, ASCII, punctuation of both
widths, line breaks, spaces, control and invisible characters, direction overrides, characters XML
cannot hold, text that looks like a formula or an Excel error — goes into a measure's cell and into
a unit's 全称; the workbook is checked, and when it passes, the notice (.docx) and the unit matrix
(.xlsx) are written and read back.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest

from .helpers import sheets, write

hypothesis = pytest.importorskip("hypothesis")
st = hypothesis.strategies

# What clerks type and paste: Chinese, digits and Latin, both widths of punctuation, line breaks,
# spaces of both widths, and the characters taskdoc must refuse (control, invisible, bidi, not-XML).
ALPHABET = st.sampled_from(
    list("建设科技创新平台市财政局各区县级市的了和与及") + list("0123456789abcXYZ") + list("，。、；：“”（）《》—…")
    + list(",.;:()[]<>&'\"%#=+-/") + ["\n", " ", "\u3000", "\t"]
    + ["\x07", "\u200b", "\u202e", "\u2066", "\ufffe", "\u00ad"])
TEXTS = st.one_of(
    st.text(ALPHABET, min_size=1, max_size=40),
    st.sampled_from(["#REF!", "#N/A", "=SUM(A1:A3)", "+86 0937", "-1", "  空格  ", "a\r\nb", "1.5%以上"]),
)
MEASURE_CELL = "D3"  # 任务分解: the first measure of the valid workbook
FULL_NAME_CELL = "B2"  # 单位: 市科技局's 全称


def _as_excel_stores(text: str) -> str:
    """Characters a worksheet's XML cannot hold, as Excel saves them: _xHHHH_ (openpyxl reads that as text)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return re.sub(f"{ILLEGAL_CHARACTERS_RE.pattern}|[\ufffe\uffff]", lambda m: f"_x{ord(m.group()):04X}_", text)


def _notice_cells(path: Path) -> list[str]:
    from docx import Document

    return [c.text for t in Document(path).tables for row in t.rows for c in row.cells]


def _matrix_cells(path: Path) -> list[str]:
    from openpyxl import load_workbook

    return [str(c.value) for ws in load_workbook(path).worksheets for row in ws.iter_rows() for c in row
            if c.value is not None]


@hypothesis.settings(max_examples=40, deadline=None, derandomize=True,
                     suppress_health_check=[hypothesis.HealthCheck.too_slow])
@hypothesis.given(measure=TEXTS, full_name=TEXTS)
def test_any_cell_text_comes_out_as_read_or_is_refused_with_its_cell(measure, full_name):
    from generator import api
    from generator.workbook.matrix import write_matrix
    from generator.workbook.safeopen import cell_text

    data = sheets()
    data["任务分解"][2][3] = "1." + _as_excel_stores(measure)  # its number kept: the text is what varies
    data["单位"][1][1] = _as_excel_stores(full_name)
    with tempfile.TemporaryDirectory() as folder:
        source = write(Path(folder) / "t.xlsx", data)
        result = api.check(source)
        hypothesis.event("refused" if result.errors else "built")
        if result.errors:  # refused: every error names its cell
            for problem in result.errors:
                assert re.fullmatch(r"[A-Z]+\d+", problem.location.cell), str(problem)
            return
        assert result.table is not None
        read = next(m for _, _, m in result.table.measures() if m.row == 3)
        written = api.notice(source, Path(folder) / "out").written
        notice = next(p for p in written if p.suffix == ".docx")
        assert read.field_value("measure") in _notice_cells(notice)
        matrix = Path(folder) / "matrix.xlsx"
        write_matrix(result.table, matrix)
        assert read.display in _matrix_cells(matrix)
        unit = result.table.unit("市科技局")  # read as typed: only line ends and outer spaces normalised
        assert unit is not None and unit.full_name == cell_text(data["单位"][1][1])
