"""Writes .xlsx files with openpyxl: the task workbook as a clerk keeps it.

Every text goes in as text (never a formula), wrapped, with row heights estimated so
that nothing is cut off in Excel, WPS or LibreOffice, and each sheet prints on A4.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from .model import Measure, TaskTable
from .schema import NOTICE_KEYS, NOTICE_SHEET, REPORTING_SHEET, TABLE_SHEET, UNIT_SHEET
from .files import save_atomically
from .text import display_width, format_date

FONT = "宋体"
HEADER_FONT = "黑体"
LINE_HEIGHT_PT = 14.5  # one line of 11 pt text
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
FORMULA_PREFIXES = ("=", "+", "-", "@")

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_WRAP_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")


def put(cell: Cell, value: object) -> Cell:
    """Write a value; text that looks like a formula (=, +, -, @) stays text."""
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"
        cell.quotePrefix = True
    if isinstance(value, (dt.date, dt.datetime)):
        cell.number_format = DATE_FORMAT
    return cell


def lines_needed(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column `width` characters wide (Chinese counts two)."""
    usable = max(width - 1, 1)
    return sum(max(1, math.ceil(display_width(line) / usable)) for line in str(text).split("\n"))


# Named styles are registered once per workbook; assigning one is far cheaper than setting a
# cell's font, alignment and border one by one (openpyxl hashes each of them on every set).
_STYLES = {
    "taskdoc-header": dict(font=Font(name=HEADER_FONT, bold=True, size=11), fill=_HEADER_FILL,
                           alignment=_WRAP_CENTER, border=_BORDER),
    "taskdoc-body": dict(font=Font(name=FONT, size=11), alignment=_WRAP_TOP, border=_BORDER),
    "taskdoc-body-centred": dict(font=Font(name=FONT, size=11), alignment=_WRAP_CENTER, border=_BORDER),
    # where a unit types on a protected form: unlocked, lightly shaded so it shows on screen
    "taskdoc-input": dict(font=Font(name=FONT, size=11), alignment=_WRAP_TOP, border=_BORDER,
                          fill=PatternFill("solid", fgColor="FFF9E5"), protection=Protection(locked=False)),
    "taskdoc-label": dict(font=Font(name=HEADER_FONT, size=11), alignment=Alignment(vertical="center"),
                          border=_BORDER),
}


def style(ws: Worksheet, name: str) -> str:
    wb = ws.parent
    if name not in wb.named_styles:
        wb.add_named_style(NamedStyle(name=name, **_STYLES[name]))
    return name


def header_row(ws: Worksheet, row: int, labels: Sequence[str], widths: Sequence[float]) -> None:
    """A bold, shaded, bordered header row with column widths."""
    header = style(ws, "taskdoc-header")
    for col, (label, width) in enumerate(zip(labels, widths), 1):
        c = put(ws.cell(row, col), label)
        c.style = header
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[row].height = max(lines_needed(lbl, w) for lbl, w in zip(labels, widths)) * LINE_HEIGHT_PT + 6


def body_cell(ws: Worksheet, row: int, col: int, value: object, centered: bool = False,
              style_name: str | None = None) -> Cell:
    """A bordered, wrapped body cell (top-aligned text, or centred), or one of another named style."""
    c = ws.cell(row, col)
    c.style = style(ws, style_name or ("taskdoc-body-centred" if centered else "taskdoc-body"))
    return put(c, value)


def merge(ws: Worksheet, ref: str) -> None:
    """Merge a range (\"A1:C1\"): the first cell keeps its value, the others are emptied and take its
    named style, whose borders draw the merged cell's edges.

    openpyxl's merge_cells re-borders the edge cells one style object at a time, which took a fifth
    of the build of a provincial table's 600 forms.
    """
    cells = CellRange(ref)
    first = ws.cell(cells.min_row, cells.min_col)
    for row, col in cells.cells:
        if (row, col) != (cells.min_row, cells.min_col):
            c = ws.cell(row, col)
            c.value = None
            c.style = first.style
    ws.merged_cells.add(MergedCellRange(ws, cells.coord))


def sheet_title(ws: Worksheet, text: str, columns: int, height: float, row: int = 1, bold: bool = False) -> None:
    """A sheet's title: 16 pt 黑体, centred across its `columns`, on a row `height` points high."""
    merge(ws, area(row, 1, row, columns))
    cell = put(ws.cell(row, 1), text)
    cell.font = Font(name=HEADER_FONT, size=16, bold=bold)
    cell.alignment = _WRAP_CENTER
    ws.row_dimensions[row].height = height


def area(first_row: int, first_col: int, last_row: int, last_col: int) -> str:
    """The reference of a block of cells, as "A1:C2"."""
    return CellRange(min_row=first_row, min_col=first_col, max_row=last_row, max_col=last_col).coord


def print_setup(ws: Worksheet, landscape: bool, title_rows: str | None = None) -> None:
    """A4, fit to page width, header rows repeated, page numbers in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


# -- the task workbook ------------------------------------------------------------------------


def write_task_workbook(table: TaskTable, path: Path) -> None:
    """Write a task table as the clerk's workbook: 发文信息, 任务分解, 单位, 报送."""
    wb = Workbook()
    _notice_sheet(wb.active, table)
    _table_sheet(wb.create_sheet(TABLE_SHEET), table)
    _unit_sheet(wb.create_sheet(UNIT_SHEET), table)
    _reporting_sheet(wb.create_sheet(REPORTING_SHEET), table)
    wb.active = 1
    save_atomically(Path(path), wb.save)


def _notice_sheet(ws: Worksheet, table: TaskTable) -> None:
    ws.title = NOTICE_SHEET
    n = table.notice
    widths = (16, 80, 40)
    header_row(ws, 1, ("项目", "内容", "备注"), widths)
    remarks = dict(n.remarks)
    values = {
        "organ_mark": n.organ_mark, "organ_name": n.organ_name, "number": n.number, "signer": n.signer,
        "copy_number": n.copy_number, "secrecy": n.secrecy, "urgency": n.urgency, "title": n.title,
        "addressees": n.addressees, "body": "\n".join(n.body), "attachment": n.attachment, "date": n.date,
        "note": f"（{n.note}）" if n.note else "", "cc": n.cc, "printer": n.printer,
        "print_date": n.print_date, "publication": n.publication, "seal": "有" if n.seal else "无",
        "letter_format": "红头" if n.letter_format == "red" else "信函格式", "letter_number": n.letter_number,
    }
    for row, key in enumerate(NOTICE_KEYS, 2):
        value = values[key.field]
        body_cell(ws, row, 1, key.label).font = Font(name=HEADER_FONT, size=11)
        body_cell(ws, row, 2, value)
        body_cell(ws, row, 3, remarks.get(key.label, ""))
        text = value if isinstance(value, str) else format_date(value) if value else ""
        ws.row_dimensions[row].height = max(
            lines_needed(text, widths[1]), lines_needed(remarks.get(key.label, ""), widths[2])
        ) * LINE_HEIGHT_PT + 4
    ws.freeze_panes = "B2"
    print_setup(ws, landscape=False, title_rows="1:1")


def _table_columns(table: TaskTable) -> list[tuple[str, str, float]]:
    """(field, header, width) of the columns to write: the standard ones, then optional and extra."""
    h = table.headers
    cols = [("part", h.part, 12), ("clause", h.clause, 22), ("content", h.content or "任务内容", 48),
            ("measure", h.measure, 48), ("lead", h.lead, 16), ("cooperating", h.cooperating or "配合单位", 22)]
    if h.deadline:
        cols.append(("deadline", h.deadline, 12))
    if h.leader:
        cols.append(("leader", h.leader, 10))
    cols.append(("note", h.note or "备注", 24))
    cols += [(f"extra:{name}", name, 14) for name in h.extra]
    return cols


def _table_sheet(ws: Worksheet, table: TaskTable) -> None:
    cols = _table_columns(table)
    widths = [w for _, _, w in cols]
    sheet_title(ws, table.notice.attachment or "任务分解表", len(cols), 48, bold=True)
    header_row(ws, 2, [h for _, h, _ in cols], widths)
    index = {f: i for i, (f, _, _) in enumerate(cols, 1)}

    row = 3
    for part in table.parts:
        part_start = row
        for clause in part.clauses:
            rows = clause.measures or (Measure(None, ""),)
            start = row
            need = [0.0] * len(rows)
            for i, measure in enumerate(rows):
                for f, _, w in cols:
                    if f not in ("part", "clause", "content"):
                        value = measure.field_value(f)
                        body_cell(ws, row + i, index[f], value, centered=f in ("lead", "cooperating"))
                        need[i] = max(need[i], lines_needed(value, w) if value else 1)
            end = start + len(rows) - 1
            shared = {"clause": clause.heading, "content": clause.content}
            for f in ("lead", "cooperating"):  # clause-level units are merged as clerks do
                values = {m.field_value(f) for m in rows}
                if len(values) == 1 and len(rows) > 1:
                    shared[f] = values.pop()
            for f, value in shared.items():
                body_cell(ws, start, index[f], value, centered=f in ("lead", "cooperating"))
                if end > start:
                    merge(ws, area(start, index[f], end, index[f]))
            merged_need = max(lines_needed(v, widths[index[f] - 1]) for f, v in shared.items() if v) if any(
                shared.values()) else 1
            extra = max(0.0, merged_need - sum(need)) / len(rows)
            for i in range(len(rows)):
                ws.row_dimensions[row + i].height = (need[i] + extra) * LINE_HEIGHT_PT + 4
            row = end + 1
        body_cell(ws, part_start, index["part"], part.heading, centered=True)
        if row - 1 > part_start:
            merge(ws, area(part_start, 1, row - 1, 1))
    ws.freeze_panes = "A3"
    print_setup(ws, landscape=True, title_rows="2:2")


def _unit_sheet(ws: Worksheet, table: TaskTable) -> None:
    labels = ("排序", "简称", "全称", "别名", "联系人", "电话")
    widths = (8, 22, 44, 30, 12, 16)
    header_row(ws, 1, labels, widths)
    for i, unit in enumerate((u for u in table.units if not u.collective), 1):
        values = (i, unit.name, unit.full_name, "、".join(unit.aliases), unit.contact, unit.phone)
        for col, value in enumerate(values, 1):
            body_cell(ws, i + 1, col, value, centered=col == 1)
        ws.row_dimensions[i + 1].height = max(lines_needed(str(v), w) for v, w in zip(values, widths)) * LINE_HEIGHT_PT + 4
    ws.freeze_panes = "A2"
    print_setup(ws, landscape=False, title_rows="1:1")


def _reporting_sheet(ws: Worksheet, table: TaskTable) -> None:
    r = table.reporting
    labels = ("季度", "报送截止日期", "", "完成情况选项", "", "事项", "内容")
    widths = (18, 18, 3, 16, 3, 16, 30)
    header_row(ws, 1, labels, widths)
    for col in (3, 5):  # spacer columns between the three small tables
        c = ws.cell(1, col)
        c.fill, c.border = PatternFill(), Border()
    for i, q in enumerate(r.quarters, 2):
        body_cell(ws, i, 1, q.label)
        body_cell(ws, i, 2, q.deadline)
    for i, status in enumerate(r.statuses, 2):
        body_cell(ws, i, 4, status)
    items = (("牵头协调单位", r.coordinator), ("联系人", r.contact), ("联系电话", r.phone), ("报送方式", r.method))
    for i, (label, value) in enumerate(items, 2):
        body_cell(ws, i, 6, label)
        body_cell(ws, i, 7, value)
    ws.freeze_panes = "A2"
    print_setup(ws, landscape=False, title_rows="1:1")


# -- the unit × clause matrix -----------------------------------------------------------------

MATRIX_SHEET = "分工矩阵"
DETAIL_SHEET = "分工明细"
_LEAD_FILL = PatternFill("solid", fgColor="F8CBAD")
_COOP_FILL = PatternFill("solid", fgColor="DDEBF7")


def write_matrix(table: TaskTable, path: Path) -> None:
    """Units (rows, official order) × task clauses (columns): 牵头 / 配合, with totals; then every
    (unit, measure, role) on a second sheet for filtering."""
    from .model import Role

    wb = Workbook()
    ws = wb.active
    ws.title = MATRIX_SHEET
    placed = [(p, c) for p in table.parts for c in p.clauses if c.is_task]
    clauses = [c for _, c in placed]
    units = [a for a in table.assignments() if not a.unit.collective]
    totals = ("牵头条款", "配合条款", "牵头措施", "配合措施")
    restarts = len({c.number for c in clauses}) < len(clauses)  # numbering restarts in each part
    labels = ["序号", "单位", *(p.label.rstrip("、") + c.label if restarts else c.label for p, c in placed), *totals]
    widths = [6, 20, *([7] * len(clauses)), *([9] * len(totals))]
    header_row(ws, 1, labels, widths)
    for col, clause in enumerate(clauses, 3):  # second header row: the clause's title, small
        c = body_cell(ws, 2, col, clause.title, centered=True)
        c.font = Font(name=FONT, size=8)
    for col in (1, 2, *range(3 + len(clauses), 3 + len(clauses) + len(totals))):
        merge(ws, area(1, col, 2, col))
    ws.row_dimensions[2].height = max(lines_needed(c.title, 8) for c in clauses) * 11 + 4 if clauses else 15
    for r, tasks in enumerate(units, 3):
        roles = {}
        for task in tasks.tasks:
            key = task.part.number, task.clause.number  # clause numbers may restart in each part
            if roles.get(key) is not Role.LEAD:
                roles[key] = task.role
        body_cell(ws, r, 1, r - 2, centered=True)
        body_cell(ws, r, 2, tasks.unit.name)
        for col, (part, clause) in enumerate(placed, 3):
            role = roles.get((part.number, clause.number))
            c = body_cell(ws, r, col, role.value if role else "", centered=True)
            if role:
                c.fill = _LEAD_FILL if role is Role.LEAD else _COOP_FILL
        counts = (tasks.lead_clauses, tasks.cooperating_clauses, len(tasks.lead), len(tasks.cooperating))
        for col, value in enumerate(counts, 3 + len(clauses)):
            body_cell(ws, r, col, value, centered=True)
    bottom = 3 + len(units)
    for i, (label, attr) in enumerate((("牵头单位数", "lead"), ("配合单位数", "cooperating"))):
        body_cell(ws, bottom + i, 2, label).font = Font(name=HEADER_FONT, size=11)
        body_cell(ws, bottom + i, 1, "")
        for col, clause in enumerate(clauses, 3):
            named = [u for u in getattr(clause, attr) if not (table.unit(u) and table.unit(u).collective)]
            body_cell(ws, bottom + i, col, len(named), centered=True)
    ws.freeze_panes = "C3"
    print_setup(ws, landscape=True, title_rows="1:2")
    ws.print_title_cols = "A:B"

    detail = wb.create_sheet(DETAIL_SHEET)
    h = table.headers
    labels = ("单位", "本单位职责", h.part, h.clause, h.measure, h.lead, h.cooperating or "配合单位")
    widths = (18, 10, 16, 30, 60, 22, 30)
    header_row(detail, 1, labels, widths)
    row = 2
    for tasks in units:
        for task in tasks.tasks:
            values = (tasks.unit.name, task.role.value, task.part.heading, task.clause.heading,
                      task.measure.display, task.measure.field_value("lead"), task.measure.field_value("cooperating"))
            for col, value in enumerate(values, 1):
                body_cell(detail, row, col, value, centered=col == 2)
            detail.row_dimensions[row].height = max(lines_needed(v, w) for v, w in zip(values, widths)) * LINE_HEIGHT_PT + 4
            row += 1
    detail.freeze_panes = "A2"
    detail.auto_filter.ref = f"A1:{get_column_letter(len(labels))}{max(row - 1, 1)}"
    print_setup(detail, landscape=True, title_rows="1:1")
    save_atomically(Path(path), wb.save)
