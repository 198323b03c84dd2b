"""Small workbooks built in code for tests: a valid one, and ways to break it."""

from __future__ import annotations

import copy
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "source" / "decomposition.xlsx"

NOTICE = [
    ["项目", "内容", "备注"],
    ["发文机关标志", "测试市人民政府办公室文件"],
    ["发文字号", "测政办发〔2024〕5号"],
    ["标题", "测试市人民政府办公室关于印发测试任务分解表的通知"],
    ["主送机关", "各有关单位："],
    ["正文", "现将任务分解表印发给你们，请认真贯彻执行。"],
    ["附件", "测试任务分解表"],
    ["成文日期", "2024年3月1日"],
    ["附注", "（此件公开发布）"],
    ["抄送机关", "市委办公室。"],
    ["印发机关", "测试市人民政府办公室"],
    ["印发日期", "2024年3月1日"],
]

TABLE = [
    ["部分", "条款", "任务内容", "落实措施", "牵头单位", "配合单位"],
    ["一、总体要求", "（一）指导思想", "坚持创新驱动。", None, None, None],
    ["二、重点任务", "（二）加强创新", "加强企业创新。", "1.培育企业。", "市科技局", "市财政局、市统计局"],
    ["二、重点任务", "（二）加强创新", "加强企业创新。", "2.建设平台。", "市科技局", "市财政局、市统计局"],
    ["二、重点任务", "（三）优化环境", "优化创新环境。", "1.完善政策。", "市财政局", "各有关单位"],
]

UNITS = [
    ["简称", "全称", "别名"],
    ["市科技局", "测试市科学技术局", "市科学技术局"],
    ["市财政局", "测试市财政局", None],
    ["市统计局", "测试市统计局", None],
]

REPORTING = [
    ["季度", "报送截止日期", None, "完成情况选项", None, "事项", "内容"],
    ["2024年第一季度", "2024年4月5日", None, "已完成", None, "牵头协调单位", "测试市人民政府办公室"],
    ["2024年第二季度", "2024年7月5日", None, "按序时推进"],
]


def sheets() -> dict[str, list[list]]:
    """A fresh copy of the valid workbook's sheets, to change in a test."""
    return copy.deepcopy({"发文信息": NOTICE, "任务分解": TABLE, "单位": UNITS, "报送": REPORTING})


def write(path: Path, data: dict[str, list[list]] | None = None,
          merges: dict[str, list[str]] | None = None) -> Path:
    """Write sheets (name -> rows) to an .xlsx; cells may hold any openpyxl value."""
    data = sheets() if data is None else data
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in data.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                if value is not None:
                    ws.cell(r, c, value)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    wb.save(path)
    return path


def inject(path: Path, marker: str, raw: str) -> Path:
    """Replace `marker` in the saved XML by `raw` (what Excel writes but openpyxl refuses to)."""
    import zipfile

    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info.filename).replace(marker.encode(), raw.encode()))
    tmp.replace(path)
    return path


def cell(data: dict[str, list[list]], sheet: str, ref: str, value: object) -> None:
    """Set one cell of the sheets by its A1 reference, growing rows as needed."""
    col = ord(ref[0]) - ord("A")
    row = int(ref[1:]) - 1
    rows = data[sheet]
    while len(rows) <= row:
        rows.append([])
    while len(rows[row]) <= col:
        rows[row].append(None)
    rows[row][col] = value


# -- what a build wrote, read back for tests ------------------------------------------------


def table_sheets(rows: list[list], units: list[list] | None = None) -> dict[str, list[list]]:
    """The valid workbook with its 任务分解 replaced by `rows` (header first) and its 单位 sheet by
    `units` (None: no 单位 sheet, units come from the table)."""
    data = sheets()
    data["任务分解"] = rows
    if units is None:
        del data["单位"]
    else:
        data["单位"] = units
    return data


class Built:
    """A workbook built by `api.build` into a folder, and what its documents say, read back: the
    model, each letter's tasks, the units with forms and matrix rows, the notice's table."""

    def __init__(self, tmp_path: Path, data: dict[str, list[list]], name: str = "t.xlsx",
                 merges: dict[str, list[str]] | None = None) -> None:
        from generator import api

        source = write(tmp_path / name, data, merges)
        self.check = api.check(source)
        self.table = self.check.table
        self.out = tmp_path / "out"
        self.written = api.build(source, self.out).written

    @property
    def problems(self) -> list[str]:
        return [str(p) for p in self.check.problems]

    def _unit_of(self, path: Path) -> str:
        import re

        return re.sub(r"^\d+_|(_\d{4}年第.季度报表)?\.(docx|xlsx)$", "", path.name)

    def letters(self) -> dict[str, list[tuple[str, str]]]:
        """unit -> its letter's task list as (measure as printed, 牵头/配合)."""
        from docx import Document

        out = {}
        for path in sorted(p for p in self.written if p.parent.name == "交办函"):
            table = Document(path).tables[-1]
            header = [c.text for c in table.rows[0].cells]
            role = header.index("本单位职责")
            out[self._unit_of(path)] = [(row.cells[role - 1].text, row.cells[role].text) for row in table.rows[1:]]
        return out

    def letter_cells(self, unit: str) -> list[list[str]]:
        """The rows of a unit's task list, every cell's text."""
        from docx import Document

        path = next(p for p in self.written if p.parent.name == "交办函" and self._unit_of(p) == unit)
        return [[c.text for c in row.cells] for row in Document(path).tables[-1].rows]

    def forms(self) -> list[str]:
        """The units with a quarterly form (.xlsx)."""
        return [self._unit_of(p) for p in sorted(self.written)
                if p.parent.parent.name == "季度报表" and p.suffix == ".xlsx"]

    def matrix(self) -> list[str]:
        """The units with a row in the 单位分工矩阵."""
        from openpyxl import load_workbook

        ws = load_workbook(self.out / "单位分工矩阵.xlsx")["分工矩阵"]
        names = [r[1] for r in ws.iter_rows(min_row=3, values_only=True)]
        return [n for n in names if n and not str(n).endswith("单位数")]

    def notice_rows(self) -> list[tuple[str, str, str]]:
        """The notice's task table as (measure, lead cell, cooperating cell), one per measure row."""
        from docx import Document

        path = next(p for p in self.written if p.parent == self.out and p.name.startswith("通知"))
        table = Document(path).tables[0]
        header = [c.text for c in table.rows[0].cells]
        h = self.table.headers
        m, lead, coop = (header.index(h.measure), header.index(h.lead), header.index(h.cooperating or "配合单位"))
        rows = [(r.cells[m].text, r.cells[lead].text, r.cells[coop].text) for r in table.rows[1:]
                if len(r._tr.tc_lst) > 1]  # a part's heading is a row across the table
        return [r for r in dict.fromkeys(rows) if r[0]]


# -- what a killed run leaves: shared by the fault-injection tests ----------------------------------

def slowed_taskdoc(delay: float) -> str:
    """Python source running the taskdoc command line with every os.replace slowed by `delay`
    seconds, so that a kill can land between two moves of a swap (which otherwise takes a few ms)."""
    return (f"import os, sys, time\nreplace = os.replace\n"
            f"def slow(src, dst, *args, **kwargs):\n    time.sleep({delay})\n"
            "    return replace(src, dst, *args, **kwargs)\n"
            "os.replace = slow\nfrom generator.cli import main\nsys.argv[0] = 'taskdoc'\nmain()\n")


def output_files(out: Path) -> dict[str, bytes]:
    """Every file under an output folder, by its path in it, with its bytes; what a killed run
    leaves for the next one to clear (its staging folder, the lock file) aside."""
    from generator.workspace import BUILD_LOCK, BUILD_STAGING_PREFIX

    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
            and not p.relative_to(out).parts[0].startswith(BUILD_STAGING_PREFIX) and p.name != BUILD_LOCK}


def staging_folders(out: Path) -> list[Path]:
    from generator.workspace import BUILD_STAGING_PREFIX

    return sorted(out.glob(f"{BUILD_STAGING_PREFIX}*"))


def file_stats(out: Path) -> dict[Path, tuple[int, int]]:
    """Each file of an output folder with its inode and modification time: which file it is."""
    return {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}


def replaced(stats: dict[Path, tuple[int, int]]) -> bool:
    """Whether any of those files is no longer the one that was there (moved, rewritten, deleted),
    while a run may be moving it (a file gone between two looks counts as replaced)."""
    for path, stat in stats.items():
        try:
            if (path.stat().st_ino, path.stat().st_mtime_ns) != stat:
                return True
        except FileNotFoundError:
            return True
    return False
