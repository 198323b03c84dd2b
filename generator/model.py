"""The frozen domain model every renderer works from: notice, parts, clauses, measures, units."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Literal

from generator.text.dates import format_date
from generator.text.numerals import to_cn_number
from generator.text.punctuation import nested_quotes


class Role(Enum):
    """A unit's role in a measure."""

    LEAD = "牵头"
    COOPERATING = "配合"


# The letters' format: "letter" (信函格式, GB/T 9704 §10.1) or "red" (红头).
LetterFormat = Literal["letter", "red"]

# A field left out of the snapshot while it holds its default, so that adding it changed no
# snapshot, hence no table's hash (forms already sent out, issued versions) where it is unused.
OMITTED_WHEN_DEFAULT = {"snapshot": "omitted when default"}


@dataclass(frozen=True)
class Notice:
    """The 发文信息 sheet: everything the notice says outside the task table."""

    organ_mark: str  # 发文机关标志, e.g. 嘉峪关市人民政府办公室文件
    organ_name: str  # 发文机关署名
    number: str  # 发文字号
    title: str  # line breaks (\n) are the clerk's explicit breaks
    addressees: str  # 主送机关, without the closing colon
    body: tuple[str, ...]  # one paragraph each
    date: dt.date  # 成文日期
    attachment: str = ""  # the attachment's title
    signer: str = ""
    copy_number: str = ""
    secrecy: str = ""
    urgency: str = ""
    note: str = ""  # 附注, without its brackets
    cc: str = ""  # 抄送机关, without the closing 。
    printer: str = ""  # 印发机关
    print_date: dt.date | None = None
    publication: str = ""  # 公开方式
    seal: bool = True  # leave room for the seal (GB/T 9704 §7.3.5.1)
    letter_format: LetterFormat = "letter"
    letter_number: str = ""  # the letters' own 发文字号, one for the batch (none when empty)
    remarks: tuple[tuple[str, str], ...] = ()  # the clerk's 备注 per key

    @property
    def date_text(self) -> str:
        return format_date(self.date)

    @property
    def issued_on(self) -> dt.date:
        """The day the notice went out, as its 版记 states it (§7.4.3): the 印发日期, else the 成文日期."""
        return self.print_date or self.date


@dataclass(frozen=True)
class Heading:
    """A heading between a clause and its items, in tables of four levels or more: `1.推进实验室建设`
    over its measures `（1）` `（2）`; a group within a group names the outer one as its `parent`
    (`1.` over `（1）` over `①`: the items' group is （1）, whose parent is 1.). Its units, when the
    office gave them once for the group, are its items' units."""

    title: str
    number: int | None = None
    mark: str = ""  # the number as written: 1. 1、 （1） ①
    parent: Heading | None = field(default=None, metadata=OMITTED_WHEN_DEFAULT)
    row: int = field(default=0, compare=False)

    @property
    def heading(self) -> str:
        return self.mark + self.title

    @property
    def path(self) -> tuple[Heading, ...]:
        """The groups from the outermost down to this one."""
        return (*self.parent.path, self) if self.parent is not None else (self,)


@dataclass(frozen=True)
class Measure:
    """One item of the table: a numbered measure (or an unnumbered target) and its units."""

    number: int | None
    text: str
    lead: tuple[str, ...] = ()
    cooperating: tuple[str, ...] = ()
    deadline: str = ""
    leader: str = ""
    note: str = ""
    extra: tuple[tuple[str, str], ...] = ()  # columns the office added: (header, value)
    # the unit cells as the office typed them (…，各区、县级市), when that is not the names joined by 、
    lead_text: str = field(default="", metadata=OMITTED_WHEN_DEFAULT)
    cooperating_text: str = field(default="", metadata=OMITTED_WHEN_DEFAULT)
    # the number as written when it is not `N.`: 1、 （1） (1) ① ３．; in a 序号 column: 1, 一
    mark: str = field(default="", metadata=OMITTED_WHEN_DEFAULT)
    serial: bool = field(default=False, metadata=OMITTED_WHEN_DEFAULT)  # the number stood in a 序号 column
    group: Heading | None = field(default=None, metadata=OMITTED_WHEN_DEFAULT)  # four levels: its sub-task
    row: int = field(default=0, compare=False)  # source row, for messages only

    @property
    def groups(self) -> tuple[Heading, ...]:
        """The group headings above the item, outermost first (none outside tables of four levels)."""
        return self.group.path if self.group is not None else ()

    @property
    def label(self) -> str:
        """The item's number as printed before its text (`1.`, `（1）`, `①`), or nothing."""
        if self.mark:
            if self.serial and re.fullmatch("[0-9０-９]+", self.mark):  # not ①, which isdigit() too
                return self.mark + "."
            outline = re.search("[.．][0-9０-９]+$", self.mark) is not None
            return self.mark + " " if outline else self.mark  # an outline number: 1.2 建设…
        return f"{self.number}." if self.number is not None else ""

    @property
    def display(self) -> str:
        """The item as printed: `1.实施…`, or the bare text of a target."""
        return self.label + self.text

    @property
    def body(self) -> str:
        """The item's cell in a table with a 序号 column: the text without the number standing beside it."""
        return self.text if self.serial else self.display

    def field_value(self, field: str) -> str:
        """The text of one table column for this measure: `measure`, `lead`, `note`, `extra:<header>` …"""
        if field == "measure":
            return self.body
        if field == "serial":
            return self.mark if self.serial else ""
        if field in ("lead", "cooperating"):
            return getattr(self, f"{field}_text") or "、".join(getattr(self, field))
        if field.startswith("extra:"):
            return dict(self.extra).get(field.removeprefix("extra:"), "")
        return getattr(self, field)

    def role_of(self, unit: str) -> Role | None:
        """The unit's role in this measure, or None when the measure does not name it."""
        if unit in self.lead:
            return Role.LEAD
        if unit in self.cooperating:
            return Role.COOPERATING
        return None


@dataclass(frozen=True)
class Clause:
    """A clause （三）… with the provincial text and its measures. A table without a clause level
    has one clause without title or number in each part (`is_level` False)."""

    number: int | None
    title: str
    content: str = ""
    measures: tuple[Measure, ...] = ()
    mark: str = field(default="", metadata=OMITTED_WHEN_DEFAULT)  # the number as written when not （三）
    row: int = field(default=0, compare=False)

    @property
    def label(self) -> str:
        """（三） (or the office's own mark), or nothing for a clause the office did not number."""
        if self.mark:
            return self.mark
        return f"（{to_cn_number(self.number)}）" if self.number else ""

    @property
    def heading(self) -> str:
        return self.label + self.title

    @property
    def is_level(self) -> bool:
        """False for the stand-in clause of a table that has no clause level."""
        return bool(self.heading or self.content)

    @property
    def is_task(self) -> bool:
        """A clause that assigns work to some unit (指导思想 and 发展目标 do not)."""
        return any(m.lead or m.cooperating for m in self.measures)

    @property
    def lead(self) -> tuple[str, ...]:
        return _ordered_union(m.lead for m in self.measures)

    @property
    def cooperating(self) -> tuple[str, ...]:
        return _ordered_union(m.cooperating for m in self.measures)

    def units(self, role: Role) -> tuple[str, ...]:
        """The units with this role in any of the clause's measures, in order of mention."""
        return self.lead if role is Role.LEAD else self.cooperating


@dataclass(frozen=True)
class Part:
    """A part 一、总体要求 and its clauses. A table without a part level has one part without
    title or number (`is_level` False)."""

    number: int | None
    title: str
    clauses: tuple[Clause, ...] = ()
    mark: str = field(default="", metadata=OMITTED_WHEN_DEFAULT)  # the number as written when not 一、
    row: int = field(default=0, compare=False)

    @property
    def label(self) -> str:
        """一、 (or the office's own mark), or nothing for a part the office did not number."""
        if self.mark:
            return self.mark
        return f"{to_cn_number(self.number)}、" if self.number else ""

    @property
    def heading(self) -> str:
        return self.label + self.title

    @property
    def is_level(self) -> bool:
        """False for the stand-in part of a table that has no part level."""
        return bool(self.heading)


@dataclass(frozen=True)
class Unit:
    """A unit that receives tasks; `name` is the 简称 used in the table."""

    name: str
    full_name: str = ""
    aliases: tuple[str, ...] = ()
    contact: str = ""
    phone: str = ""
    collective: bool = False  # 各有关单位 …: printed as written, no letter of its own

    @property
    def addressee(self) -> str:
        return self.full_name or self.name


@dataclass(frozen=True)
class Quarter:
    """A reporting quarter and its deadline."""

    year: int
    quarter: int
    deadline: dt.date | None = None

    @property
    def key(self) -> str:
        return f"{self.year}Q{self.quarter}"

    @property
    def label(self) -> str:
        return f"{self.year}年第{to_cn_number(self.quarter)}季度"

    @property
    def deadline_text(self) -> str:
        """The deadline as documents write it (2021年1月5日), or empty when there is none."""
        return format_date(self.deadline) if self.deadline else ""

    @property
    def last_day(self) -> dt.date:
        """The quarter's last day (the default date of its cover note: forms go out as it closes)."""
        first_of_next = dt.date(self.year + self.quarter // 4, self.quarter % 4 * 3 + 1, 1)
        return first_of_next - dt.timedelta(days=1)


@dataclass(frozen=True)
class Reporting:
    """The 报送 sheet: quarters, the status vocabulary and who collects the forms."""

    quarters: tuple[Quarter, ...] = ()
    statuses: tuple[str, ...] = ()
    coordinator: str = ""
    contact: str = ""
    phone: str = ""
    method: str = ""


# An extra column under one of these headers is the office's row counter: the reader makes a 序号
# column one when the items carry their own numbers in their text. The notice prints it as typed;
# task lists (letters, forms) number their own rows instead.
ROW_COUNTERS = ("extra:序号", "extra:编号")

# The order of the columns when the office's own order is not recorded (Headers.order).
STANDARD_ORDER = ("serial", "part", "clause", "content", "measure", "lead", "cooperating", "deadline", "leader", "note")


@dataclass(frozen=True)
class Headers:
    """The table's own header texts, printed as the office wrote them."""

    part: str = "部分"
    clause: str = "条款"
    content: str = "任务内容"
    measure: str = "落实措施"
    lead: str = "牵头单位"
    cooperating: str = "配合单位"
    deadline: str = ""  # empty: the table has no such column
    leader: str = ""
    note: str = ""
    extra: tuple[str, ...] = ()
    # the only unit column is 责任单位 (责任部门): co-equal responsible units, read as the lead role
    responsible: bool = field(default=False, metadata=OMITTED_WHEN_DEFAULT)
    # the 责任单位 column's first unit leads and the others cooperate (发文信息: 责任单位分工 首个单位牵头)
    first_leads: bool = field(default=False, metadata=OMITTED_WHEN_DEFAULT)
    serial: str = field(default="", metadata=OMITTED_WHEN_DEFAULT)  # the 序号 column's header, if any
    # the columns in the office's order, as fields (part, clause, measure, lead, extra:<header> …),
    # when that is not the usual order (STANDARD_ORDER)
    order: tuple[str, ...] = field(default=(), metadata=OMITTED_WHEN_DEFAULT)

    def columns(self) -> tuple[str, ...]:
        """The fields of the office's columns, in the office's order (part, clause …, extra:<header>)."""
        if self.order:
            return self.order
        present = [f for f in STANDARD_ORDER if f in ("measure", "lead") or getattr(self, f)]
        return (*present, *(f"extra:{name}" for name in self.extra))

    def role_word(self, role: Role) -> str:
        """A role as documents name it: 牵头 / 配合, or 责任 for co-equal responsible units."""
        return "责任" if self.responsible and role is Role.LEAD else role.value


@dataclass(frozen=True)
class Task:
    """One measure as a unit's task: where it stands in the table and the unit's role in it."""

    part: Part
    clause: Clause
    measure: Measure
    role: Role
    key: str = ""  # the measure's place in the table (TaskTable.measure_key): forms and returns are keyed by it

    @property
    def heading(self) -> str:
        """The headings a task list prints beside the item: its clause (in a table without clauses,
        its part) and, in a table of four levels or more, each group's heading on a line of its own."""
        above = self.clause.heading if self.clause.is_level else self.part.heading
        return "\n".join(t for t in (above, *(g.heading for g in self.measure.groups)) if t)


@dataclass(frozen=True)
class UnitTasks:
    """Everything a unit leads and cooperates on, in table order."""

    unit: Unit
    lead: tuple[Task, ...]
    cooperating: tuple[Task, ...]

    @property
    def tasks(self) -> tuple[Task, ...]:
        """Lead tasks first, then the cooperating ones (the order of a letter's task list)."""
        return self.lead + self.cooperating

    @property
    def lead_clauses(self) -> int:
        return len({id(t.clause) for t in self.lead})

    @property
    def cooperating_clauses(self) -> int:
        return len({id(t.clause) for t in self.cooperating})


@dataclass(frozen=True)
class TaskTable:
    """The whole workbook as the renderers see it."""

    notice: Notice
    parts: tuple[Part, ...]
    units: tuple[Unit, ...]  # official order; includes every unit named in the table
    reporting: Reporting = Reporting()
    headers: Headers = Headers()

    @property
    def name(self) -> str:
        """The table's name as documents cite it: the 《…》 of the notice's title (its own 《》 made
        〈〉), else the attachment's title."""
        n = self.notice
        inner = re.search(r"《(.+)》", n.title.replace("\n", ""))
        return inner.group(1) if inner else nested_quotes(n.attachment or n.title)

    @property
    def clauses(self) -> tuple[Clause, ...]:
        return tuple(c for p in self.parts for c in p.clauses)

    @property
    def has_second_role(self) -> bool:
        """Some unit cooperates: the table has a second unit column (配合单位, 协办单位 …), its cells
        name a second role (（牵头单位：X，配合单位：Y）), or its 责任单位 column's first unit leads."""
        return bool(self.headers.cooperating) or any(m.cooperating for _, _, m in self.measures())

    @property
    def has_cooperating(self) -> bool:
        """Documents print a column for the second role: it has a column of its own or is named in
        the cells. A table whose only unit column is 责任单位 (or 牵头单位) gets none, also when its
        first listed unit leads (the column is printed as typed)."""
        return self.has_second_role and not self.headers.first_leads

    @property
    def cooperating_header(self) -> str:
        """The second unit column's header as the office wrote it (配合单位 when only its cells name it)."""
        return self.headers.cooperating or "配合单位"

    def measures(self) -> Iterator[tuple[Part, Clause, Measure]]:
        for part in self.parts:
            for clause in part.clauses:
                for measure in clause.measures:
                    yield part, clause, measure

    @property
    def task_clauses(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if c.is_task)

    @property
    def numbered_measures(self) -> tuple[Measure, ...]:
        return tuple(m for _, _, m in self.measures() if m.number is not None)

    @property
    def targets(self) -> tuple[Measure, ...]:
        """Unnumbered rows that assign nothing: the targets of 发展目标."""
        return tuple(m for _, _, m in self.measures() if m.number is None and not (m.lead or m.cooperating))

    @property
    def named_units(self) -> tuple[Unit, ...]:
        """Units that get letters and forms: every unit but collective names."""
        return tuple(u for u in self.units if not u.collective)

    def file_number(self, unit: str) -> int:
        """A unit's number in the names of its files (letters, forms, reminders): its place among
        the named units in official order. A unit left without tasks gets no files but keeps its
        number, so that the other units' files keep their names."""
        return next(i for i, u in enumerate(self.named_units, 1) if u.name == unit)

    def unit(self, name: str) -> Unit | None:
        return next((u for u in self.units if u.name == name), None)

    @property
    def heading_header(self) -> str:
        """The header of a task list's heading column (Task.heading): the clause level's (条款),
        in a table without clauses the part level's, in a flat list with groups 子项; "" when the
        table has no headings at all (no such column)."""
        if any(c.is_level for c in self.clauses):
            return self.headers.clause or "条款"
        if any(p.is_level for p in self.parts):
            return self.headers.part or "部分"
        return "子项" if any(m.group for _, _, m in self.measures()) else ""

    def task_list_fields(self, shown: Callable[[str], bool], heading: str = "heading") -> list[str]:
        """The columns of a unit's task list (a letter's, a form's), as fields in the office's order
        (`Headers.columns`): serial (the list's own row number), the heading column (named
        `heading`) where the table has headings, the item with the unit's role right after it, the
        lead units, then every other office column `shown` keeps. 序号 and 任务内容 stay in the notice."""
        office = self.headers.columns()
        has_heading = bool(self.heading_header)
        fields = ["serial"]
        if has_heading and not {"part", "clause"} & set(office):
            fields.append(heading)  # headings from heading rows or groups: first, as the outermost level
        for f in office:
            if f in ("part", "clause"):
                if has_heading and heading not in fields:
                    fields.append(heading)
            elif f == "measure":
                fields += ["measure", "role"]
            elif f == "lead" or (f not in ("serial", "content", *ROW_COUNTERS) and shown(f)):
                fields.append(f)
        if "measure" not in fields:  # the office's order always has it: a safeguard
            at = fields.index(heading) + 1 if heading in fields else 1
            fields[at:at] = ["measure", "role"]
        if "lead" not in fields:
            fields.insert(fields.index("role") + 1, "lead")
        return fields

    def measure_key(self, part: Part, clause: Clause, measure: Measure) -> str:
        """A measure's place in the table: part, clause and its 1-based position in the clause
        ("2.3.1" = the first measure of 二、（三）). A level without numbers (or numbered twice) counts
        its headings instead. A form's rows, the answers read back and the collected tasks are keyed by it."""
        parts = self.parts
        part_numbers = [p.number for p in parts]
        numbered_parts = None not in part_numbers and len(set(part_numbers)) == len(parts)
        p_index = next(i for i, p in enumerate(parts, 1) if p is part)
        clauses = part.clauses
        clause_numbers = [c.number for c in clauses]
        numbered_clauses = None not in clause_numbers and len(set(clause_numbers)) == len(clauses)
        c_index = next(i for i, c in enumerate(clauses, 1) if c is clause)
        position = next(i for i, m in enumerate(clause.measures, 1) if m is measure)
        return (f"{part.number if numbered_parts else p_index}."
                f"{clause.number if numbered_clauses else c_index}.{position}")

    def tasks_of(self, unit: Unit) -> UnitTasks:
        """The measures naming a unit, as lead or cooperating unit."""
        lead: list[Task] = []
        coop: list[Task] = []
        for part, clause, measure in self.measures():
            role = measure.role_of(unit.name)
            if role is not None:
                task = Task(part, clause, measure, role, self.measure_key(part, clause, measure))
                (lead if role is Role.LEAD else coop).append(task)
        return UnitTasks(unit, tuple(lead), tuple(coop))

    def assignments(self) -> tuple[UnitTasks, ...]:
        """Every unit's tasks, in official order."""
        return tuple(self.tasks_of(u) for u in self.units)

    def letter_units(self) -> list[UnitTasks]:
        """The units that get a letter (and a form), in official order: named units with at least one task."""
        return [a for a in self.assignments() if not a.unit.collective and a.tasks]


def _ordered_union(groups: Iterator[tuple[str, ...]]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for group in groups:
        seen.update(dict.fromkeys(group))
    return tuple(seen)
