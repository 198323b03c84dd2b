"""Table columns follow their content (issue 14): the column that holds most of the text gets most
of the width, none is narrower than its header or than a usual unit name with its 、, the fixed 序号
column keeps its width, the table fills the 版心 exactly, and no table text is justified (in a
narrow cell justification spreads a line out character by character)."""

from __future__ import annotations

import itertools

from docx import Document
from docx.oxml.ns import qn

from generator import api
from generator.documents import layout as L
from generator.documents.notice import TaskTableWriter
from generator.documents.tables import Column, fitted_widths
from generator.documents.typeset import text_units

from .helpers import SHIPPED, table_sheets, write

CHAR = L.pt(L.TABLE_SIZE)


def test_widths_follow_the_text_and_keep_their_bounds():
    long, short = "落实措施的文字" * 40, "简短"
    widths = fitted_widths(L.LANDSCAPE_TEXT_WIDTH, [
        Column([short] * 5, "条款"), Column([long] * 5, "落实措施"), Column(["市科技局"] * 5, "牵头单位", least=5),
        Column((), "序号", fixed=700)])
    assert sum(widths) == L.LANDSCAPE_TEXT_WIDTH and widths[3] == 700
    assert widths[1] > 0.6 * L.LANDSCAPE_TEXT_WIDTH  # the column with the text
    assert widths[0] >= L.TABLE_MIN_CHARS * CHAR and widths[2] >= 5 * CHAR  # their least
    assert widths[0] <= (text_units(short) + 4) * CHAR + 2 * L.TABLE_CELL_MARGIN or widths[0] < widths[1] / 5


def test_a_table_of_little_text_fills_the_width_and_a_crowded_one_shrinks_to_fit():
    few = fitted_widths(10_000, [Column(["甲"], "一"), Column(["乙乙"], "二"), Column((), "序号", fixed=600)])
    assert sum(few) == 10_000 and few[2] == 600
    many = fitted_widths(3_000, [Column(["文字" * 20], "一二三四五六"), Column(["文字"], "一二三四五六"),
                                 Column((), "序号", fixed=600)])
    assert sum(many) == 3_000 and many[2] == 600


def test_moving_width_never_makes_the_estimate_taller():
    """The search only keeps a move that shortens the table, so it ends no taller than it started."""
    columns = [Column(["甲" * n for n in (30, 80, 5)], "条款"), Column(["乙" * n for n in (200, 10, 90)], "措施"),
               Column(["丙" * 7] * 3, "单位", least=5)]
    start = fitted_widths(8_000, columns)
    calls = []

    def height(widths):
        calls.append(widths)
        return sum(max(len(t) * CHAR // max(w - 2 * L.TABLE_CELL_MARGIN, 1) for t, w in zip(texts, widths))
                   for texts in zip(*(c.texts for c in columns)))

    searched = fitted_widths(8_000, columns, height)
    assert height(searched) <= height(start) and sum(searched) == 8_000 and len(calls) > 1


def _columns_of(path) -> list[int]:
    return [int(g.get(qn("w:w"))) for g in Document(path).tables[0]._tbl.tblGrid.findall(qn("w:gridCol"))]


def test_the_items_column_of_a_list_without_content_gets_most_of_the_width(tmp_path):
    rows = [["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]]
    item = "项重点工作，制定具体实施方案，明确时间节点和责任分工，定期调度推进，确保各项措施落地见效，形成经验做法。"
    for i in range(1, 13):
        rows.append([str(i), f"围绕第{i}{item}", "市科技局", "市财政局、市统计局", "2025年底"])
    built = api.build(write(tmp_path / "t.xlsx", table_sheets(rows)), tmp_path / "out")
    notice = next(p for p in built.written if p.name.startswith("通知"))
    widths = _columns_of(notice)
    assert widths[1] == max(widths) and widths[1] > 0.6 * L.LANDSCAPE_TEXT_WIDTH, widths  # fixed shares gave 0.46
    assert sum(widths) == L.LANDSCAPE_TEXT_WIDTH


def test_the_shipped_table_is_shorter_than_with_fixed_shares():
    """The shipped table's estimated height with the widths chosen, against the fixed shares the
    notice used before (条款 2.6, 任务内容 6.8, 措施 7.0, 牵头 2.2, 配合 2.8): at least a tenth shorter."""
    table = api.load(SHIPPED).table
    writer = TaskTableWriter(L.DEFAULT_FONTS)
    cols = writer.columns(table)
    chosen = writer.widths(table, cols)
    weights = [2.6, 6.8, 7.0, 2.2, 2.8]
    fixed = [int(L.LANDSCAPE_TEXT_WIDTH * w / sum(weights)) for w in weights]
    assert [f for f, _ in cols] == ["clause", "content", "measure", "lead", "cooperating"]
    assert writer._height(table, cols, chosen) < 0.9 * writer._height(table, cols, fixed)
    usual = 4 + 1  # 市科技局 and its 、: most of the shipped units' names are four characters
    assert min(chosen[3:]) >= usual * CHAR * L.TABLE_TEXT_SLACK


def test_no_table_text_is_justified(tmp_path):
    """In every table with a header row (the task tables, lists and forms; not the 版记, whose 抄送
    line runs the 版心's width as body text does)."""
    built = api.build(SHIPPED, tmp_path / "out")
    checked = 0
    for path in [p for p in built.written if p.suffix == ".docx"]:
        doc = Document(path)
        tables = [t for t in doc.tables if t._tbl.find(f".//{qn('w:tblHeader')}") is not None]
        checked += bool(tables)
        cells = itertools.chain.from_iterable(
            c._tc.iter(qn("w:p")) for t in tables for row in t.rows for c in row.cells)
        spread = [p for p in cells if any(jc.get(qn("w:val")) in ("both", "distribute")
                                          for jc in p.iter(qn("w:jc")))]
        assert not spread, path.name
    assert checked >= 38  # the notice, 18 letters, the print-all file, 18 forms
