"""What changed between two versions of the task table, in the clerk's terms (pure: no I/O).

The comparison is made on the domain model, never on cells: reordering rows of the 发文信息 or 单位
sheets, or reformatting cells, changes nothing. Each change is one row of the 修订对照表: the
发文信息, the table's headers, the task table (parts, clauses, measures and their units, in the
new table's order), the 单位 and the 报送 sheets. `compare` also names the units whose letters
change (`generator.versions.effects`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from generator.model import Clause, Headers, Measure, Notice, Part, Reporting, Role, TaskTable, Unit
from generator.text.dates import format_date
from generator.text.numerals import to_cn_number
from generator.versions.effects import UnitChange, unit_effects
from generator.versions.matching import Matching, Segment, Slot, wording
from generator.workbook.schema import LETTER_FORMAT_LABELS, NOTICE_KEYS

T = TypeVar("T")


class Area(StrEnum):
    """The part of the workbook a change is in; the value is the label the 修订对照表 and the
    terminal show."""

    NOTICE = "发文信息"
    HEADERS = "表头"
    TABLE = "任务分解"
    UNITS = "单位"
    REPORTING = "报送"


class ChangeKind(StrEnum):
    """What kind of change a row is; the 修订说明 counts them."""

    ADDED = "added"
    REMOVED = "removed"
    REWORDED = "reworded"
    RENUMBERED = "renumbered"
    MOVED = "moved"  # a measure to another clause, a clause to another part
    ASSIGNED = "assigned"  # the lead or cooperating units of measures
    EDITED = "edited"  # anything else: a value of the 发文信息, 单位 or 报送 sheets, a header, a deadline …


@dataclass(frozen=True)
class Change:
    """One row of the 修订对照表: where, what it said, what it says now, and what kind of change."""

    area: Area
    where: str  # 位置, in the new numbering (removed items: 原…)
    old: str
    new: str
    note: str  # 说明: 改写, 新增措施, 删除条款, 序号调整 …
    segments: tuple[Segment, ...] = ()  # the wording change, character-precise, when both sides are text
    kind: ChangeKind = ChangeKind.EDITED


@dataclass(frozen=True)
class Diff:
    """Every change, in table order, and the units that need a new letter."""

    changes: tuple[Change, ...]
    units: tuple[UnitChange, ...]  # need a new letter (their tasks changed)
    unchanged: tuple[str, ...]  # have a letter and their tasks did not change
    dropped: tuple[str, ...] = ()  # had a letter and no longer have any task

    @property
    def resend(self) -> tuple[UnitChange, ...]:
        """The changed units that still have tasks: they get a new letter."""
        return tuple(u for u in self.units if u.unit not in self.dropped)

    @property
    def changed(self) -> bool:
        return bool(self.changes or self.units)

    def count(self, kind: ChangeKind, area: Area = Area.TABLE) -> int:
        """How many changes of a kind (added, removed, reworded …) an area has."""
        return sum(1 for c in self.changes if c.kind == kind and c.area == area)


def compare(old: TaskTable, new: TaskTable) -> Diff:
    """Everything that changed from `old` to `new`, and which units need a new letter."""
    matching = Matching(old, new)
    changes = (_notice(old.notice, new.notice) + _headers(old.headers, new.headers)
               + _TableChanges(old, new, matching).changes() + _units(old, new)
               + _reporting(old.reporting, new.reporting))
    effects = unit_effects(old, new, matching)
    return Diff(tuple(changes), effects.changed, effects.unchanged, effects.dropped)


# -- texts --------------------------------------------------------------------------------------

def _measure_place(measure: Measure, index: int) -> str:
    """`第2条措施` for a numbered measure, `第2项` for an unnumbered row (a target)."""
    return f"第{measure.number}条措施" if measure.number is not None else f"第{index + 1}项"


def _units_text(measure: Measure, headers: Headers) -> str:
    parts = []
    if measure.lead:
        parts.append(f"{headers.lead}：{'、'.join(measure.lead)}")
    if measure.cooperating:
        parts.append(f"{headers.cooperating or '配合单位'}：{'、'.join(measure.cooperating)}")
    return f"（{'；'.join(parts)}）" if parts else ""


def _measure_text(measure: Measure, headers: Headers) -> str:
    return measure.display + _units_text(measure, headers)


def _clause_text(clause: Clause, headers: Headers) -> str:
    lines = [clause.heading]
    if clause.content:
        lines.append(clause.content)
    lines += [_measure_text(m, headers) for m in clause.measures]
    return "\n".join(lines)


def _text_change(area: Area, where: str, old: str, new: str, note: str = "改写",
                 kind: ChangeKind = ChangeKind.REWORDED) -> Change:
    """A change of wording, with its character-precise segments."""
    return Change(area, where, old, new, note, wording(old, new), kind)


def _value_change(area: Area, where: str, old: str, new: str) -> Change:
    """A value changed (marked character by character), added or removed."""
    if old and new:
        return _text_change(area, where, old, new, "修改", ChangeKind.EDITED)
    return Change(area, where, old, new, "新增" if new else "删除")


def _runs(items: Sequence[T], follows: Callable[[T, T], bool]) -> list[list[T]]:
    """Items cut into runs: an item joins the run before it when it `follows` the run's last item."""
    runs: list[list[T]] = []
    for item in items:
        if runs and follows(runs[-1][-1], item):
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


# -- 发文信息, 表头, 单位, 报送 ----------------------------------------------------------------------

_NOTICE_LABELS = {k.field: k.label for k in NOTICE_KEYS} | {"remarks": "备注"}


def _notice_text(notice: Notice, name: str) -> str:
    """A field of the 发文信息 as the clerk reads it."""
    if name == "body":
        return "\n".join(notice.body)
    if name == "remarks":
        return "\n".join(f"{k}：{v}" for k, v in notice.remarks)
    if name == "seal":
        return "有" if notice.seal else "无"
    if name == "letter_format":
        return LETTER_FORMAT_LABELS[notice.letter_format]
    value = getattr(notice, name)
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value)


def _notice(old: Notice, new: Notice) -> list[Change]:
    changes = []
    for f in dataclasses.fields(Notice):
        a, b = _notice_text(old, f.name), _notice_text(new, f.name)
        if a != b:
            changes.append(_value_change(Area.NOTICE, _NOTICE_LABELS.get(f.name, f.name), a, b))
    return changes


_HEADER_LABELS = {"part": "部分", "clause": "条款", "content": "任务内容", "measure": "落实措施",
                  "lead": "牵头单位", "cooperating": "配合单位", "deadline": "完成时限", "leader": "责任领导",
                  "note": "备注", "extra": "其他列", "serial": "序号"}
# How the headers' other fields are shown: (where, text when False, text when True) for flags
_HEADER_FLAGS = {"responsible": ("单位列", "牵头单位（分牵头、配合）", "责任单位（共同负责）"),
                 "first_leads": ("责任单位分工", "共同负责", "首个单位牵头")}


def _headers(old: Headers, new: Headers) -> list[Change]:
    changes = []
    for f in dataclasses.fields(Headers):
        a, b = getattr(old, f.name), getattr(new, f.name)
        if a == b:
            continue
        if f.name in _HEADER_FLAGS:
            where, off, on = _HEADER_FLAGS[f.name]
            changes.append(Change(Area.HEADERS, where, on if a else off, on if b else off, "修改"))
        elif f.name == "order":
            if old.columns() != new.columns():
                changes.append(Change(Area.HEADERS, "列的顺序", _column_order(old), _column_order(new), "调整"))
        else:
            a, b = ("、".join(a), "、".join(b)) if f.name == "extra" else (a, b)
            changes.append(Change(Area.HEADERS, f"{_HEADER_LABELS[f.name]}列表头", a or "（无此列）",
                                  b or "（无此列）", "修改"))
    return changes


def _column_order(headers: Headers) -> str:
    """The table's columns by their headers, in order: 序号、工作任务、牵头单位 …."""
    def text(field: str) -> str:
        return field.removeprefix("extra:") if field.startswith("extra:") else getattr(headers, field)
    return "、".join(text(f) for f in headers.columns())


def _unit_fields(unit: Unit) -> dict[str, str]:
    return {"全称": unit.full_name, "别名": "、".join(unit.aliases), "联系人": unit.contact, "电话": unit.phone,
            "集体名称": "是" if unit.collective else ""}


def _units(old: TaskTable, new: TaskTable) -> list[Change]:
    olds, news = {u.name: u for u in old.units}, {u.name: u for u in new.units}
    changes = []
    for name, unit in news.items():
        if name not in olds:
            changes.append(Change(Area.UNITS, name, "", unit.addressee, "新增单位"))
            continue
        a, b = _unit_fields(olds[name]), _unit_fields(unit)
        for label in a:
            if a[label] != b[label]:
                changes.append(Change(Area.UNITS, f"{name} {label}", a[label], b[label], "修改"))
    for name, unit in olds.items():
        if name not in news:
            changes.append(Change(Area.UNITS, name, unit.addressee, "", "删除单位"))
    common_old = [n for n in olds if n in news]
    common_new = [n for n in news if n in olds]
    if common_old != common_new:  # the official order numbers the letters
        changes.append(Change(Area.UNITS, "单位排序", "、".join(common_old), "、".join(common_new), "排序调整",
                              kind=ChangeKind.RENUMBERED))
    return changes


_REPORTING_LABELS = {"statuses": "完成情况选项", "coordinator": "牵头协调单位", "contact": "联系人",
                     "phone": "联系电话", "method": "报送方式"}


def _reporting(old: Reporting, new: Reporting) -> list[Change]:
    changes = []
    oq = {q.key: q for q in old.quarters}
    nq = {q.key: q for q in new.quarters}
    for key, q in nq.items():
        date = q.deadline_text
        if key not in oq:
            changes.append(Change(Area.REPORTING, q.label, "", date, "新增报送季度"))
        elif oq[key].deadline != q.deadline:
            changes.append(Change(Area.REPORTING, f"{q.label} 报送截止日期", oq[key].deadline_text, date, "修改"))
    for key, q in oq.items():
        if key not in nq:
            changes.append(Change(Area.REPORTING, q.label, q.deadline_text, "", "删除报送季度"))
    for name, label in _REPORTING_LABELS.items():
        a, b = getattr(old, name), getattr(new, name)
        if name == "statuses":
            a, b = "、".join(a), "、".join(b)
        if a != b:
            changes.append(_value_change(Area.REPORTING, label, a, b))
    return changes


# -- the task table -----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Renumbered:
    """A clause whose number changed and whose title did not."""

    index: int  # in the new table
    old: int
    new: int


@dataclass(frozen=True)
class _UnitEdit:
    """A unit column changed in one measure: lead or cooperating, before, after and 说明."""

    index: int  # of the measure in its clause
    field: str  # lead | cooperating
    old: str
    new: str
    note: str


def _part_key(part: Part) -> int | str:
    """What identifies a part across versions: its number, or its title when it has none."""
    return part.number if part.number is not None else part.title


class _TableChanges:
    """The changes of the task table's parts, clauses and measures, in the new table's order."""

    def __init__(self, old: TaskTable, new: TaskTable, matching: Matching) -> None:
        self.old, self.new = old, new
        self.h = new.headers
        self.matching = matching

    def changes(self) -> list[Change]:
        m = self.matching
        rows: list[tuple[float, int, Change]] = []
        old_of_new = {n: o for o, n in m.clauses.items()}
        # Removed clauses sit after the matched clause that preceded them in the old table.
        last_new = -0.5
        for oi, slot in enumerate(m.old_slots):
            if oi in m.clauses:
                last_new = m.clauses[oi]
            else:
                rows.append((last_new + 0.25, len(rows), Change(
                    Area.TABLE, f"原{slot.clause.label}", _clause_text(slot.clause, self.old.headers), "",
                    f"删除条款（含{len(slot.clause.measures)}条措施）", kind=ChangeKind.REMOVED)))
        renumbered: list[_Renumbered] = []
        for ni, slot in enumerate(m.new_slots):
            if ni not in old_of_new:
                rows.append((ni, len(rows), Change(Area.TABLE, slot.clause.label, "",
                                                   _clause_text(slot.clause, self.h),
                                                   f"新增条款（含{len(slot.clause.measures)}条措施）",
                                                   kind=ChangeKind.ADDED)))
                continue
            for change in self._clause(m.old_slots[old_of_new[ni]], slot, renumbered):
                rows.append((ni, len(rows), change))
        rows += [(ni, -1, c) for ni, c in _renumber_rows(renumbered)]
        rows.extend(self._parts())
        return [c for _, _, c in sorted(rows, key=lambda r: (r[0], r[1]))]

    def _parts(self) -> list[tuple[float, int, Change]]:
        """Part titles: a part whose number stayed but whose title changed, or a part added/removed."""
        new_slots = self.matching.new_slots
        old = {_part_key(p): p for p in self.old.parts if p.is_level}
        new = {_part_key(p): p for p in self.new.parts if p.is_level}
        first: dict[int | str, int] = {}  # part number (or title, unnumbered) -> index of its first clause
        for s in new_slots:
            first.setdefault(_part_key(s.part), s.index)
        rows: list[tuple[float, int, Change]] = []
        for number, part in new.items():
            place = first.get(number, len(new_slots)) - 0.75
            if number not in old:
                rows.append((place, -2, Change(Area.TABLE, part.label, "", part.heading, "新增部分",
                                               kind=ChangeKind.ADDED)))
            elif old[number].title != part.title:
                rows.append((place, -2, _text_change(Area.TABLE, f"{part.label}部分标题", old[number].heading,
                                                     part.heading)))
        for number, part in old.items():
            if number not in new:
                rows.append((len(new_slots), -2, Change(Area.TABLE, f"原{part.label}", part.heading, "", "删除部分",
                                                        kind=ChangeKind.REMOVED)))
        return rows

    def _clause(self, old: Slot, new: Slot, renumbered: list[_Renumbered]) -> list[Change]:
        oc, nc = old.clause, new.clause
        rows = []
        where = nc.label
        was = f"（原{oc.label}）" if oc.number != nc.number else ""
        if oc.title != nc.title:
            rows.append(_text_change(Area.TABLE, f"{where}条款", oc.heading, nc.heading, "改写" + was))
        elif oc.number != nc.number and oc.number is not None and nc.number is not None:
            renumbered.append(_Renumbered(new.index, oc.number, nc.number))
        if old.part.title != new.part.title and old.part.number != new.part.number:
            rows.append(Change(Area.TABLE, f"{where}条款", old.part.heading, new.part.heading, "移至另一部分",
                               kind=ChangeKind.MOVED))
        if oc.content != nc.content:
            rows.append(_text_change(Area.TABLE, f"{where}{self.h.content}", oc.content, nc.content, "改写" + was))
        rows += self._measures(old, new)
        return rows

    def _measures(self, old: Slot, new: Slot) -> list[Change]:
        matching = self.matching
        oc, nc = old.clause, new.clause
        by_new = {n: o for o, n in matching.measures.items() if n[0] == new.index}
        rows: list[tuple[float, Change]] = []
        unit_edits: list[_UnitEdit] = []
        last = -0.5
        for i, m in enumerate(oc.measures):
            target = matching.measures.get((old.index, i))
            if target is not None and target[0] == new.index:
                last = target[1]
            elif target is None:
                rows.append((last + 0.25, Change(Area.TABLE, f"{nc.label}原{_measure_place(m, i)}",
                                                 _measure_text(m, self.old.headers), "", "删除措施",
                                                 kind=ChangeKind.REMOVED)))
        for j, m in enumerate(nc.measures):
            where = f"{nc.label}{_measure_place(m, j)}"
            source = by_new.get((new.index, j))
            if source is None:
                rows.append((j, Change(Area.TABLE, where, "", _measure_text(m, self.h), "新增措施",
                                       kind=ChangeKind.ADDED)))
                continue
            sc, om = matching.old_measure(source)
            if source in matching.moved:
                rows.append((j, _text_change(Area.TABLE, where, om.display, m.display,
                                             f"由{sc.label}{_measure_place(om, source[1])}移入", ChangeKind.MOVED)))
            elif om.display != m.display:
                note = "改写" if om.text != m.text else "序号调整"
                if om.number != m.number and om.text != m.text:
                    note += f"（原{_measure_place(om, source[1])}）"
                kind = ChangeKind.REWORDED if om.text != m.text else ChangeKind.RENUMBERED
                rows.append((j, _text_change(Area.TABLE, where, om.display, m.display, note, kind)))
            for f in ("lead", "cooperating"):
                a, b = getattr(om, f), getattr(m, f)
                if a != b:
                    unit_edits.append(_UnitEdit(j, f, "、".join(a), "、".join(b), _unit_note(a, b, om, m, f)))
            for f, header in (("deadline", self.h.deadline or "完成时限"), ("leader", self.h.leader or "责任领导"),
                              ("note", self.h.note or "备注")):
                a, b = getattr(om, f), getattr(m, f)
                if a != b:
                    rows.append((j, _value_change(Area.TABLE, f"{where} {header}", a, b)))
            oe, ne = dict(om.extra), dict(m.extra)
            for header in dict.fromkeys([*oe, *ne]):
                if oe.get(header, "") != ne.get(header, ""):
                    rows.append((j, Change(Area.TABLE, f"{where} {header}", oe.get(header, ""), ne.get(header, ""),
                                           "修改")))
        rows += self._unit_rows(nc, unit_edits)
        return [c for _, c in sorted(rows, key=lambda r: r[0])]

    def _unit_rows(self, clause: Clause, edits: list[_UnitEdit]) -> list[tuple[float, Change]]:
        """One row per field for consecutive measures with the same unit change (merged cells)."""
        out: list[tuple[float, Change]] = []
        for f in ("lead", "cooperating"):
            header = self.h.lead if f == "lead" else self.h.cooperating or "配合单位"
            same = [e for e in edits if e.field == f]
            for run in _runs(same, _same_unit_edit):
                first, last = run[0], run[-1]
                place = _measure_place(clause.measures[first.index], first.index)
                if len(run) > 1:
                    number = clause.measures[last.index].number
                    end = number if number is not None else last.index + 1
                    place = place.replace("条措施", f"—{end}条措施").replace("项", f"—{end}项")
                out.append((first.index + 0.5, Change(Area.TABLE, f"{clause.label}{place} {header}",
                                                      first.old or "（无）", first.new or "（无）", first.note,
                                                      kind=ChangeKind.ASSIGNED)))
        return out


def _same_unit_edit(a: _UnitEdit, b: _UnitEdit) -> bool:
    """Whether `b` is the measure after `a` with the same unit change (one merged row)."""
    return b.index == a.index + 1 and (b.old, b.new, b.note) == (a.old, a.new, a.note)


def _unit_note(a: tuple[str, ...], b: tuple[str, ...], om: Measure, m: Measure, f: str) -> str:
    """说明 of a unit column's change: who was added or removed, and who only changed role."""
    other = "cooperating" if f == "lead" else "lead"
    this_role, other_role = (Role.LEAD, Role.COOPERATING) if f == "lead" else (Role.COOPERATING, Role.LEAD)
    parts = []
    # (units, the other column in the measure that tells a role change, plain wording, role-change wording)
    for units, elsewhere, plain_word, moved_word in (
            ([u for u in b if u not in a], getattr(om, other), "增加{}",
             f"{{}}由{other_role.value}改为{this_role.value}"),
            ([u for u in a if u not in b], getattr(m, other), "删除{}", f"{{}}改为{other_role.value}")):
        moved = [u for u in units if u in elsewhere]
        plain = [u for u in units if u not in moved]
        parts += [word.format("、".join(group)) for group, word in ((plain, plain_word), (moved, moved_word)) if group]
    return "；".join(parts) or "顺序调整"


def _renumber_rows(renumbered: list[_Renumbered]) -> list[tuple[int, Change]]:
    """Clauses renumbered with unchanged titles, as runs: （六）至（二十） → （五）至（十九）."""

    def label(n: int) -> str:
        return f"（{to_cn_number(n)}）"

    def span(a: int, b: int) -> str:
        return label(a) if a == b else f"{label(a)}至{label(b)}"

    def follows(a: _Renumbered, b: _Renumbered) -> bool:
        return b.index == a.index + 1 and b.new - b.old == a.new - a.old

    rows = []
    for run in _runs(renumbered, follows):
        first, last = run[0], run[-1]
        rows.append((first.index, Change(Area.TABLE, span(first.new, last.new), span(first.old, last.old),
                                         span(first.new, last.new), "条款序号调整，内容未变",
                                         kind=ChangeKind.RENUMBERED)))
    return rows
