"""The unit × clause matrix (单位分工矩阵.xlsx): who leads and who cooperates on what."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from generator.atomic import save_atomically
from generator.model import Measure, Role, TaskTable, UnitTasks
from generator.workbook.xlsx import (
    DEFAULT_ROW_HEIGHT_PT,
    FONT,
    HEADER_FONT,
    LINE_HEIGHT_PT,
    ROW_PADDING_PT,
    SMALL_LINE_HEIGHT_PT,
    area,
    body_cell,
    clipped,
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


@dataclass(frozen=True)
class _Column:
    """A column of the matrix: a task clause (or, in tables without clauses, a part or an item)."""

    label: str
    title: str
    measures: tuple[Measure, ...]

    def role(self, unit: str) -> Role | None:
        """The unit's role here: the lead if it leads any of the measures."""
        roles = {m.role_of(unit) for m in self.measures} - {None}
        return Role.LEAD if Role.LEAD in roles else next(iter(roles), None)

    def units(self, role: Role) -> list[str]:
        return list(dict.fromkeys(u for m in self.measures for u in (m.lead if role is Role.LEAD else m.cooperating)))


def _columns(table: TaskTable) -> tuple[list[_Column], str]:
    """The matrix's columns and the word their counts use: the task clauses (条款); in a table
    without clauses its task parts; in a flat list its items ("": no separate counts)."""
    if any(c.is_level for c in table.clauses):
        placed = [(p, c) for p in table.parts for c in p.clauses if c.is_task]
        restarts = len({c.number for _, c in placed}) < len(placed)  # numbering restarts in each part
        return [_Column(p.label.rstrip("、") + c.label if restarts else c.label, c.title, c.measures)
                for p, c in placed], "条款"
    if any(p.is_level for p in table.parts):
        parts = [p for p in table.parts if any(c.is_task for c in p.clauses)]
        return [_Column(p.label, p.title, tuple(m for c in p.clauses for m in c.measures)) for p in parts], \
            table.headers.part or "部分"
    items = [m for _, _, m in table.measures() if m.lead or m.cooperating]
    return [_Column(m.label or str(i), m.text, (m,)) for i, m in enumerate(items, 1)], ""


def _matrix_sheet(ws: Worksheet, table: TaskTable, units: list[UnitTasks]) -> None:
    ws.title = MATRIX_SHEET
    columns, word = _columns(table)
    h = table.headers
    roles_shown = (Role.LEAD, Role.COOPERATING) if table.has_second_role else (Role.LEAD,)
    totals = (*(f"{h.role_word(r)}{word}" for r in roles_shown if word),
              *(f"{h.role_word(r)}措施" for r in roles_shown))
    labels = ["序号", "单位", *(c.label for c in columns), *totals]
    widths = [6, 20, *([7] * len(columns)), *([9] * len(totals))]
    header_row(ws, 1, labels, widths)
    for col, column in enumerate(columns, 3):  # second header row: the clause's title, small
        c = body_cell(ws, 2, col, column.title, centered=True)
        c.font = Font(name=FONT, size=8)
    for col in (1, 2, *range(3 + len(columns), 3 + len(columns) + len(totals))):
        merge(ws, area(1, col, 2, col))
    if columns:
        lines = max(lines_needed(c.title, 8) for c in columns)
        ws.row_dimensions[2].height = lines * SMALL_LINE_HEIGHT_PT + ROW_PADDING_PT
    else:
        ws.row_dimensions[2].height = DEFAULT_ROW_HEIGHT_PT
    for r, tasks in enumerate(units, 3):
        body_cell(ws, r, 1, r - 2, centered=True)
        body_cell(ws, r, 2, tasks.unit.name)
        roles = [column.role(tasks.unit.name) for column in columns]
        for col, role in enumerate(roles, 3):
            c = body_cell(ws, r, col, h.role_word(role) if role else "", centered=True)
            if role:
                c.fill = _LEAD_FILL if role is Role.LEAD else _COOP_FILL
        in_columns = [sum(1 for column in columns if any(m.role_of(tasks.unit.name) is shown for m in column.measures))
                      for shown in roles_shown] if word else []
        counts = (*in_columns, len(tasks.lead), *([len(tasks.cooperating)] if table.has_second_role else []))
        for col, count in enumerate(counts, 3 + len(columns)):
            body_cell(ws, r, col, count, centered=True)
    bottom = 3 + len(units)
    collective = {u.name for u in table.units if u.collective}
    for i, role in enumerate(roles_shown):
        label = f"{h.role_word(role)}单位数"
        body_cell(ws, bottom + i, 2, label).font = Font(name=HEADER_FONT, size=11)
        body_cell(ws, bottom + i, 1, "")
        for col, column in enumerate(columns, 3):
            named = [u for u in column.units(role) if u not in collective]
            body_cell(ws, bottom + i, col, len(named), centered=True)
    ws.freeze_panes = "C3"
    print_setup(ws, landscape=True, title_rows="1:2")
    ws.print_title_cols = "A:B"


def _detail_sheet(ws: Worksheet, table: TaskTable, units: list[UnitTasks]) -> None:
    h = table.headers
    second = table.has_cooperating
    parts = any(p.is_level for p in table.parts)
    clauses = any(c.is_level for c in table.clauses)
    groups = any(m.group for _, _, m in table.measures())
    labels = ("单位", "本单位职责", *([h.part or "部分"] if parts else []), *([h.clause or "条款"] if clauses else []),
              *(["子项"] if groups else []), h.measure, h.lead, *([table.cooperating_header] if second else []))
    widths = (18, 10, *([16] if parts else []), *([30] if clauses else []), *([30] if groups else []), 60, 22, 30)
    widths = widths[:len(labels)]
    header_row(ws, 1, labels, widths)
    row = 2
    for tasks in units:
        for task in tasks.tasks:
            values = (tasks.unit.name, h.role_word(task.role), *([task.part.heading] if parts else []),
                      *([task.clause.heading] if clauses else []),
                      *([clipped("\n".join(g.heading for g in task.measure.groups))] if groups else []),
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
