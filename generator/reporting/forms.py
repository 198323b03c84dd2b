"""Quarterly reporting forms as data: which rows a unit's form holds and how the form knows itself.

Pure domain code (no file formats): the .xlsx and .docx writers lay these forms out, and the
collector of returned forms matches them back through `FormIdentity`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from generator.errors import TaskdocError
from generator.model import Quarter, Role, TaskTable, UnitTasks
from generator.snapshot import table_hash
from generator.text.dates import parse_quarter
from generator.workbook.schema import REPORTING_SHEET

WORDING = "reports.j2"  # the template with the forms' and the cover note's wording
FORM_KIND = "taskdoc-quarterly-report"  # marks a file as one of our forms
FORM_FORMAT = 1  # bump when the identity or the columns change shape

# The form's columns: (field, header). The task columns are filled from the table and locked; the
# input fields are what the unit writes. TASK_FIELDS are the task columns of the layout every form
# had before forms followed the table's shape (items under a fixed 落实措施, always a 完成时限
# column): units may still return forms of it. A form's own are `ReportForm.columns`
# (`form_columns`): the table's columns under the office's headers. The fields `serial`, `role`
# and the input fields are found again by their headers when a form comes back (`OWN_HEADERS`), so
# no column from the table may print one of them; the items' column, headed as the office heads it,
# is found as the one right before `role` (`form_columns` keeps them side by side).
TASK_FIELDS = (
    ("serial", "序号"), ("clause", "条款"), ("measure", "落实措施"), ("role", "本单位职责"),
    ("lead", "牵头单位"), ("deadline", "完成时限"),
)
INPUT_FIELDS = (
    ("progress", "本季度进展情况"), ("status", "完成情况"), ("problems", "存在问题"),
    ("next_steps", "下步打算"), ("remarks", "备注"),
)
COLUMNS = TASK_FIELDS + INPUT_FIELDS
OWN_HEADERS = {label: f for f, label in COLUMNS if f in ("serial", "role") or f in dict(INPUT_FIELDS)}
FROM_TABLE = "（任务分解表）"  # added to a table column's header that is one of the form's own (备注)

# The header fields above the table: (field, label); the unit is filled in, the rest are input.
HEAD_FIELDS = (("reporter", "填报人"), ("phone", "联系电话"), ("date", "填报日期"), ("head", "单位负责人"))


@dataclass(frozen=True)
class FormIdentity:
    """What a form carries inside the file so that a renamed return is still recognised."""

    unit: str  # the unit's 简称 as in the task table
    quarter: str  # Quarter.key, e.g. 2020Q4
    form_id: str  # stable for the same unit, quarter and table version
    table_hash: str  # snapshot.table_hash of the table the form was made from
    kind: str = FORM_KIND
    format: int = FORM_FORMAT


@dataclass(frozen=True)
class FormRow:
    """One task on a form: where it is in the table, the unit's role, and the texts shown."""

    serial: int
    key: str  # the measure's place (Task.key), e.g. "2.3.2" = the 2nd measure of 二、（三）
    clause: str  # the heading column's text (Task.heading: clause, else part, and a group's heading)
    measure: str  # the measure as printed
    role: Role
    lead: str  # the lead units, as the office typed them
    deadline: str
    role_text: str = ""  # the role as printed (责任 for co-equal responsible units); empty: the role's own word
    cells: tuple[tuple[str, str], ...] = ()  # the other columns from the table: (field, text), e.g. leader, extra:…

    def value(self, field: str) -> str:
        """The text of a task column (`serial`, `clause`, `measure`, `role`, `lead`, `deadline`,
        `leader`, `note`, `extra:<header>`)."""
        if field == "serial":
            return str(self.serial)
        if field == "role":
            return self.role_text or self.role.value
        if field in ("clause", "measure", "lead", "deadline"):
            return str(getattr(self, field))
        return dict(self.cells).get(field, "")


@dataclass(frozen=True)
class ReportForm:
    """A unit's form for a quarter: its tasks, lead tasks first."""

    identity: FormIdentity
    unit_name: str  # as printed in 填报单位 (全称 when known)
    quarter: Quarter
    table_name: str
    rows: tuple[FormRow, ...]
    statuses: tuple[str, ...]
    coordinator: str = ""
    method: str = ""
    responsible: bool = False  # the table's only unit column is 责任单位: co-equal units, no lead among them
    lead_header: str = "牵头单位"  # the table's unit columns as the office wrote their headers
    cooperating_header: str = "配合单位"
    columns: tuple[tuple[str, str], ...] = TASK_FIELDS  # the task columns: (field, header), see form_columns

    @property
    def all_columns(self) -> tuple[tuple[str, str], ...]:
        """Every column of the form: the task columns (the unit column headed as the office heads
        it, `lead_header`), then the input ones."""
        return tuple((f, self.lead_header if f == "lead" else h) for f, h in self.columns) + INPUT_FIELDS

    @property
    def wording(self) -> dict[str, object]:
        """What the instructions' wording is chosen by: the table's roles and its headers."""
        return {"responsible": self.responsible, "lead_header": self.lead_header,
                "cooperating_header": self.cooperating_header}


def form_id(digest: str, unit: str, quarter: Quarter) -> str:
    """Same unit, quarter and table version → same id, so a rebuild does not change it."""
    return hashlib.sha256(f"{digest}|{unit}|{quarter.key}".encode()).hexdigest()[:16]


def make_forms(table: TaskTable, units: list[UnitTasks], quarter: Quarter, table_name: str) -> list[ReportForm]:
    """Every unit's form for the quarter, in the order given."""
    digest = table_hash(table)
    r = table.reporting
    forms = []
    for tasks in units:
        columns = form_columns(table, tasks)
        others = [f for f, _ in columns if f in ("leader", "note") or f.startswith("extra:")]
        rows = tuple(
            FormRow(serial=i, key=t.key, clause=t.heading,
                    measure=t.measure.display, role=t.role, lead=t.measure.field_value("lead"),
                    deadline=t.measure.deadline, role_text=table.headers.role_word(t.role),
                    cells=tuple((f, t.measure.field_value(f)) for f in others))
            for i, t in enumerate(tasks.tasks, 1)
        )
        identity = FormIdentity(unit=tasks.unit.name, quarter=quarter.key,
                                form_id=form_id(digest, tasks.unit.name, quarter), table_hash=digest)
        forms.append(ReportForm(identity, tasks.unit.addressee, quarter, table_name, rows, r.statuses,
                                r.coordinator, r.method, responsible=table.headers.responsible,
                                lead_header=table.headers.lead or "牵头单位",
                                cooperating_header=table.cooperating_header, columns=columns))
    return forms


def form_columns(table: TaskTable, tasks: UnitTasks) -> tuple[tuple[str, str], ...]:
    """A unit's task columns, (field, header), in the office's order (`Headers.columns`): 序号 (the
    form's row number; a 序号 column's numbers are part of the item as printed), the heading
    column where the table has headings (none in a flat list), the item under the office's header
    with the unit's role right after it (the reader of returned forms finds the item's column so),
    the unit column, the deadline column where the table has one (blank in a row whose item sets
    none), and every other column of the office's that some of the unit's tasks fill (责任领导,
    备注, 项目名称 …). Every column keeps the office's header text. The office's 配合单位 and
    任务内容 stay in the letters."""
    h = table.headers
    heading = table.heading_header

    def shown(f: str) -> bool:
        """The deadline column where the table has one; an optional one some of the unit's tasks fill."""
        if f == "deadline":
            return bool(h.deadline)
        carried = f in ("leader", "note") or f.startswith("extra:")
        return carried and any(t.measure.field_value(f) for t in tasks.tasks)

    fields = table.task_list_fields(shown, heading="clause")
    own = dict(TASK_FIELDS)
    headers = {"clause": heading, "measure": h.measure or own["measure"], "lead": h.lead or own["lead"],
               "deadline": h.deadline, "leader": h.leader, "note": h.note}

    def header(f: str) -> str:
        if f in ("serial", "role"):
            return own[f]
        text = headers[f] if f in headers else f.removeprefix("extra:")
        return text + FROM_TABLE if text in OWN_HEADERS else text

    return tuple((f, header(f)) for f in fields)


def choose_quarter(table: TaskTable, wanted: str | None, today: dt.date, file: str = "") -> Quarter:
    """The quarter to report on: the one asked for, else the one whose forms are due next.

    `wanted` is `2020Q4` or `2020年第四季度`. Without it: the first quarter of the 报送 sheet whose
    deadline is today or later, or the last one when every deadline has passed.
    """
    quarters = table.reporting.quarters
    listed = "、".join(q.label for q in quarters) or "（无）"
    if not quarters:
        raise TaskdocError("报送工作表没有列出报送季度", file=file, sheet=REPORTING_SHEET,
                           fix="请在“季度”“报送截止日期”两列填写，如“2020年第四季度 | 2021年1月5日”")
    if wanted:
        parsed = parse_quarter(wanted)
        if parsed is None:
            raise TaskdocError(f"季度“{wanted}”无法识别", fix="请写成 2020Q4 或“2020年第四季度”")
        quarter = next((q for q in quarters if (q.year, q.quarter) == parsed), None)
        if quarter is None:
            raise TaskdocError(f"报送工作表中没有{Quarter(*parsed).label}", file=file, sheet=REPORTING_SHEET,
                               fix=f"可选季度：{listed}；或在报送工作表中添加这个季度及其截止日期")
        return quarter
    due = [q for q in quarters if q.deadline and q.deadline >= today]
    return due[0] if due else quarters[-1]
