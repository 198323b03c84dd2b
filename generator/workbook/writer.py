"""The task workbook written from a model: 发文信息, 任务分解, 单位, 报送 (the inverse of the reader)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Border, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from generator.atomic import save_atomically
from generator.model import Clause, Measure, TaskTable
from generator.text.dates import format_date
from generator.workbook.schema import (
    LETTER_FORMAT_LABELS,
    NOTICE_KEYS,
    NOTICE_SHEET,
    REPORTING_SHEET,
    TABLE_SHEET,
    UNIT_SHEET,
)
from generator.workbook.xlsx import (
    HEADER_FONT,
    LINE_HEIGHT_PT,
    ROW_PADDING_PT,
    CellValue,
    area,
    body_cell,
    cell_at,
    first_sheet,
    fits,
    header_row,
    lines_needed,
    merge,
    merge_down,
    print_setup,
    sheet_title,
)


def write_task_workbook(table: TaskTable, path: Path) -> None:
    """Write a task table as the clerk's workbook: 发文信息, 任务分解, 单位, 报送."""
    wb = Workbook()
    _notice_sheet(first_sheet(wb), table)
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
    values: dict[str, str | dt.date | None] = {
        "organ_mark": n.organ_mark, "organ_name": n.organ_name, "number": n.number, "signer": n.signer,
        "copy_number": n.copy_number, "secrecy": n.secrecy, "urgency": n.urgency, "title": n.title,
        "addressees": n.addressees, "attachment": n.attachment, "date": n.date,
        "note": f"（{n.note}）" if n.note else "", "cc": n.cc, "printer": n.printer,
        "print_date": n.print_date, "publication": n.publication, "seal": "有" if n.seal else "无",
        "letter_format": LETTER_FORMAT_LABELS[n.letter_format], "letter_number": n.letter_number,
        "first_leads": "首个单位牵头" if table.headers.first_leads else "",
    }
    # the 正文's paragraphs in one cell, or in several rows of 正文 (the reader joins them) when together
    # they are more than Excel holds in a cell
    rows = [(key, values[key.field]) for key in NOTICE_KEYS if key.field != "body"]
    body = [(key, text) for key in NOTICE_KEYS if key.field == "body" for text in _cells_of(n.body)]
    at = next(i for i, key in enumerate(NOTICE_KEYS) if key.field == "body")
    rows[at:at] = body
    for row, (key, value) in enumerate(rows, 2):
        remark = remarks.pop(key.label, "")  # on a key's first row
        body_cell(ws, row, 1, key.label).font = Font(name=HEADER_FONT, size=11)
        body_cell(ws, row, 2, value)
        body_cell(ws, row, 3, remark)
        text = value if isinstance(value, str) else format_date(value) if value else ""
        ws.row_dimensions[row].height = max(lines_needed(text, widths[1]), lines_needed(remark, widths[2])) \
            * LINE_HEIGHT_PT + ROW_PADDING_PT
    ws.freeze_panes = "B2"
    print_setup(ws, landscape=False, title_rows="1:1")


# Column widths by field (characters); an extra column gets EXTRA_WIDTH
WIDTHS = {"serial": 6, "part": 12, "clause": 22, "content": 48, "measure": 48, "lead": 16, "cooperating": 22,
          "deadline": 12, "leader": 10, "note": 24}
EXTRA_WIDTH = 14


def _table_columns(table: TaskTable) -> list[tuple[str, str, float]]:
    """(field, header, width) of the columns to write: the office's, in its order; a cooperating
    column only when the table has one (a 责任单位 table has none)."""
    h = table.headers
    headers = {"serial": h.serial, "part": h.part, "clause": h.clause, "content": h.content, "measure": h.measure,
               "lead": h.lead, "cooperating": table.cooperating_header, "deadline": h.deadline,
               "leader": h.leader, "note": h.note}
    fields = [f for f in h.columns() if f != "cooperating" or table.has_cooperating]
    if table.has_cooperating and "cooperating" not in fields:
        fields.insert(fields.index("lead") + 1, "cooperating")
    return [(f, headers.get(f) or f.removeprefix("extra:"), WIDTHS.get(f, EXTRA_WIDTH)) for f in fields]


def _cells_of(paragraphs: Sequence[str]) -> list[str]:
    """The paragraphs joined by line breaks into as few cells as Excel can hold (each paragraph was
    read from one cell, so each fits one)."""
    cells = [""]
    for text in paragraphs:
        joined = f"{cells[-1]}\n{text}" if cells[-1] else text
        if fits(joined):
            cells[-1] = joined
        else:
            cells.append(text)
    return cells


def _table_sheet(ws: Worksheet, table: TaskTable) -> None:
    """The task table as the reader reads it: parts and clauses in their columns when the office
    has them, else as heading rows merged across the table; a four-level group as its item row."""
    cols = _table_columns(table)
    widths = [w for _, _, w in cols]
    sheet_title(ws, table.notice.attachment or "任务分解表", len(cols), 48, bold=True)
    header_row(ws, 2, [h for _, h, _ in cols], widths)
    index = {f: i for i, (f, _, _) in enumerate(cols, 1)}

    row = 3
    for part in table.parts:
        if part.is_level and "part" not in index:
            row = _heading_row(ws, row, part.heading, len(cols))
        part_start = row
        for clause in part.clauses:
            if clause.is_level and "clause" not in index:
                row = _heading_row(ws, row, clause.heading, len(cols))
            rows = _rows(clause, "serial" in index)
            start = row
            need = [0.0] * len(rows)
            for i, measure in enumerate(rows):
                for f, _, w in cols:
                    if f not in ("part", "clause", "content"):
                        value = measure.field_value(f)
                        body_cell(ws, row + i, index[f], value, centered=f in ("lead", "cooperating"))
                        need[i] = max(need[i], lines_needed(value, w) if value else 1)
            end = start + len(rows) - 1
            shared = {f: text for f, text in (("clause", clause.heading), ("content", clause.content)) if f in index}
            for f in ("lead", "cooperating"):  # clause-level units are merged as clerks do
                values = {m.field_value(f) for m in rows} if f in index else set()
                if len(values) == 1 and len(rows) > 1:
                    shared[f] = values.pop()
            for f, value in shared.items():
                body_cell(ws, start, index[f], value, centered=f in ("lead", "cooperating"))
                merge_down(ws, index[f], start, end)
            merged_need = max((lines_needed(v, widths[index[f] - 1]) for f, v in shared.items() if v), default=1)
            extra = max(0.0, merged_need - sum(need)) / len(rows)
            for i in range(len(rows)):
                ws.row_dimensions[row + i].height = (need[i] + extra) * LINE_HEIGHT_PT + ROW_PADDING_PT
            row = end + 1
        if "part" in index:
            body_cell(ws, part_start, index["part"], part.heading, centered=True)
            merge_down(ws, index["part"], part_start, row - 1)
    ws.freeze_panes = "A3"
    print_setup(ws, landscape=True, title_rows="2:2")


def _heading_row(ws: Worksheet, row: int, text: str, width: int) -> int:
    """A part or clause heading as a row of its own, merged across the table; returns the next row."""
    body_cell(ws, row, 1, text).font = Font(name=HEADER_FONT, size=11)
    for col in range(2, width + 1):
        body_cell(ws, row, col, "")
    merge(ws, area(row, 1, row, width))
    ws.row_dimensions[row].height = LINE_HEIGHT_PT + ROW_PADDING_PT
    return row + 1


def _rows(clause: Clause, serial: bool) -> tuple[Measure, ...]:
    """The clause's rows: its measures, each group's heading as an item row before them (its members
    carry their own units), and one empty row for a clause without measures (指导思想)."""
    rows: list[Measure] = []
    written: set[int] = set()  # the group headings' rows
    for m in clause.measures:
        for g in m.groups:  # each heading once, above its first measure (an outer group's first)
            if g.row not in written:
                written.add(g.row)
                rows.append(Measure(g.number, g.title, mark="" if g.mark == f"{g.number}." and not serial else g.mark,
                                    serial=serial and bool(g.mark), row=-g.row))
        rows.append(m)
    return tuple(rows) or (Measure(None, ""),)


def _unit_sheet(ws: Worksheet, table: TaskTable) -> None:
    labels = ("排序", "简称", "全称", "别名", "联系人", "电话")
    widths = (8, 22, 44, 30, 12, 16)
    header_row(ws, 1, labels, widths)
    for i, unit in enumerate((u for u in table.units if not u.collective), 1):
        values: tuple[CellValue, ...] = (i, unit.name, unit.full_name, "、".join(unit.aliases), unit.contact,
                                         unit.phone)
        for col, value in enumerate(values, 1):
            body_cell(ws, i + 1, col, value, centered=col == 1)
        lines = max(lines_needed(str(v), w) for v, w in zip(values, widths))
        ws.row_dimensions[i + 1].height = lines * LINE_HEIGHT_PT + ROW_PADDING_PT
    ws.freeze_panes = "A2"
    print_setup(ws, landscape=False, title_rows="1:1")


def _reporting_sheet(ws: Worksheet, table: TaskTable) -> None:
    r = table.reporting
    labels = ("季度", "报送截止日期", "", "完成情况选项", "", "事项", "内容")
    widths = (18, 18, 3, 16, 3, 16, 30)
    header_row(ws, 1, labels, widths)
    for col in (3, 5):  # spacer columns between the three small tables
        c = cell_at(ws, 1, col)
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
