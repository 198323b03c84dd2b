"""The unit × clause matrix (单位分工矩阵.xlsx): who leads and who cooperates on what."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from generator.atomic import save_atomically
from generator.model import Role, TaskTable, UnitTasks
from generator.workbook.xlsx import (
    DEFAULT_ROW_HEIGHT_PT,
    FONT,
    HEADER_FONT,
    LINE_HEIGHT_PT,
    ROW_PADDING_PT,
    SMALL_LINE_HEIGHT_PT,
    area,
    body_cell,
    first_sheet,
    header_row,
    lines_needed,
    merge,
    print_setup,
)

MATRIX_SHEET = "分工矩阵"
DETAIL_SHEET = "分工明细"
_LEAD_FILL = PatternFill("solid", fgColor="F8CBAD")
_COOP_FILL = PatternFill("solid", fgColor="DDEBF7")


def write_matrix(table: TaskTable, path: Path) -> None:
    """Units (rows, official order) × task clauses (columns): 牵头 / 配合, with totals; then every
    (unit, measure, role) on a second sheet for filtering."""
    wb = Workbook()
    units = [a for a in table.assignments() if not a.unit.collective]
    _matrix_sheet(first_sheet(wb), table, units)
    _detail_sheet(wb.create_sheet(DETAIL_SHEET), table, units)
    save_atomically(Path(path), wb.save)


def _matrix_sheet(ws: Worksheet, table: TaskTable, units: list[UnitTasks]) -> None:
    ws.title = MATRIX_SHEET
    placed = [(p, c) for p in table.parts for c in p.clauses if c.is_task]
    clauses = [c for _, c in placed]
    h = table.headers
    roles_shown = (Role.LEAD, Role.COOPERATING) if table.has_cooperating else (Role.LEAD,)
    totals = (*(f"{h.role_word(r)}条款" for r in roles_shown), *(f"{h.role_word(r)}措施" for r in roles_shown))
    restarts = len({c.number for c in clauses}) < len(clauses)  # numbering restarts in each part
    labels = ["序号", "单位", *(p.label.rstrip("、") + c.label if restarts else c.label for p, c in placed), *totals]
    widths = [6, 20, *([7] * len(clauses)), *([9] * len(totals))]
    header_row(ws, 1, labels, widths)
    for col, clause in enumerate(clauses, 3):  # second header row: the clause's title, small
        c = body_cell(ws, 2, col, clause.title, centered=True)
        c.font = Font(name=FONT, size=8)
    for col in (1, 2, *range(3 + len(clauses), 3 + len(clauses) + len(totals))):
        merge(ws, area(1, col, 2, col))
    if clauses:
        lines = max(lines_needed(c.title, 8) for c in clauses)
        ws.row_dimensions[2].height = lines * SMALL_LINE_HEIGHT_PT + ROW_PADDING_PT
    else:
        ws.row_dimensions[2].height = DEFAULT_ROW_HEIGHT_PT
    for r, tasks in enumerate(units, 3):
        roles: dict[tuple[int, int], Role] = {}
        for task in tasks.tasks:
            key = task.part.number, task.clause.number  # clause numbers may restart in each part
            if roles.get(key) is not Role.LEAD:
                roles[key] = task.role
        body_cell(ws, r, 1, r - 2, centered=True)
        body_cell(ws, r, 2, tasks.unit.name)
        for col, (part, clause) in enumerate(placed, 3):
            role = roles.get((part.number, clause.number))
            c = body_cell(ws, r, col, h.role_word(role) if role else "", centered=True)
            if role:
                c.fill = _LEAD_FILL if role is Role.LEAD else _COOP_FILL
        counts = ((tasks.lead_clauses, tasks.cooperating_clauses, len(tasks.lead), len(tasks.cooperating))
                  if table.has_cooperating else (tasks.lead_clauses, len(tasks.lead)))
        for col, count in enumerate(counts, 3 + len(clauses)):
            body_cell(ws, r, col, count, centered=True)
    bottom = 3 + len(units)
    collective = {u.name for u in table.units if u.collective}
    for i, role in enumerate(roles_shown):
        label = f"{h.role_word(role)}单位数"
        body_cell(ws, bottom + i, 2, label).font = Font(name=HEADER_FONT, size=11)
        body_cell(ws, bottom + i, 1, "")
        for col, clause in enumerate(clauses, 3):
            named = [u for u in clause.units(role) if u not in collective]
            body_cell(ws, bottom + i, col, len(named), centered=True)
    ws.freeze_panes = "C3"
    print_setup(ws, landscape=True, title_rows="1:2")
    ws.print_title_cols = "A:B"


def _detail_sheet(ws: Worksheet, table: TaskTable, units: list[UnitTasks]) -> None:
    h = table.headers
    second = table.has_cooperating
    labels = ("单位", "本单位职责", h.part, h.clause, h.measure, h.lead,
              *([table.cooperating_header] if second else []))
    widths = (18, 10, 16, 30, 60, 22, 30)[:len(labels)]
    header_row(ws, 1, labels, widths)
    row = 2
    for tasks in units:
        for task in tasks.tasks:
            values = (tasks.unit.name, h.role_word(task.role), task.part.heading, task.clause.heading,
                      task.measure.display, task.measure.field_value("lead"),
                      *([task.measure.field_value("cooperating")] if second else []))
            for col, value in enumerate(values, 1):
                body_cell(ws, row, col, value, centered=col == 2)
            lines = max(lines_needed(v, w) for v, w in zip(values, widths))
            ws.row_dimensions[row].height = lines * LINE_HEIGHT_PT + ROW_PADDING_PT
            row += 1
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(labels))}{max(row - 1, 1)}"
    print_setup(ws, landscape=True, title_rows="1:1")
