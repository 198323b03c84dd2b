"""What changed between two versions of the task table, in the clerk's terms (pure: no I/O).

The comparison is made on the domain model, never on cells: reordering rows of the 发文信息 or 单位
sheets, or reformatting cells, changes nothing. Clauses are matched by title (then by similarity,
so a renumbered or moved clause is not "removed + added"), measures within a clause by text and
position, and wording changes are reported character by character.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TypeVar

from generator.model import Clause, Headers, Measure, Notice, Part, Reporting, TaskTable, Unit
from generator.text.dates import format_date
from generator.workbook.schema import NOTICE_KEYS

T = TypeVar("T")
Segment = tuple[str, str]  # ("=" kept | "-" deleted | "+" inserted, text)

CLAUSE_MATCH = 0.6  # similarity (difflib ratio) above which two clauses are the same clause, changed
MEASURE_MATCH = 0.5  # the same for two measures of one clause
SAME_PLACE_BONUS = 0.05  # a candidate at the same number wins a tie
SHORT_EQUAL = 1  # kept runs this short between two changes are shown as changed (readable diffs)

NOTICE = "发文信息"
TABLE = "任务分解"
UNITS = "单位"
REPORTING = "报送"
HEADERS = "表头"


@dataclass(frozen=True)
class Change:
    """One row of the 修订对照表: where, what it said, what it says now, and what kind of change."""

    area: str  # 发文信息 | 任务分解 | 单位 | 报送 | 表头
    where: str  # 位置, in the new numbering (removed items: 原…)
    old: str
    new: str
    note: str  # 说明: 改写, 新增措施, 删除条款, 序号调整 …
    segments: tuple[Segment, ...] = ()  # the wording change, character-precise, when both sides are text
    kind: str = "edited"  # added | removed | reworded | renumbered | moved | assigned | edited


@dataclass(frozen=True)
class UnitChange:
    """A unit whose letter changed: its 简称 and what changed in its tasks."""

    unit: str
    items: tuple[str, ...]


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

    def count(self, kind: str, area: str = TABLE) -> int:
        """How many changes of a kind (added, removed, reworded …) an area has."""
        return sum(1 for c in self.changes if c.kind == kind and c.area == area)


# -- wording ------------------------------------------------------------------------------------

def wording(old: str, new: str) -> tuple[Segment, ...]:
    """The character-precise change from `old` to `new`, as kept / deleted / inserted runs."""
    ops = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    raw: list[Segment] = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            raw.append(("=", old[i1:i2]))
        else:
            if i2 > i1:
                raw.append(("-", old[i1:i2]))
            if j2 > j1:
                raw.append(("+", new[j1:j2]))
    # A single kept character between two changes reads as noise (改[-建-]立 vs 改[-建立-]{+设立+}):
    # fold it into both sides.
    out: list[Segment] = []
    for i, (op, text) in enumerate(raw):
        inside = 0 < i < len(raw) - 1 and raw[i - 1][0] != "=" and raw[i + 1][0] != "="
        if op == "=" and len(text) <= SHORT_EQUAL and inside:
            out += [("-", text), ("+", text)]
        else:
            out.append((op, text))
    return _merge(out)


def _merge(segments: list[Segment]) -> tuple[Segment, ...]:
    """Join neighbouring runs of the same kind; deletions before insertions within a change."""
    merged: list[Segment] = []
    i = 0
    while i < len(segments):
        if segments[i][0] == "=":
            merged.append(segments[i])
            i += 1
            continue
        j = i
        while j < len(segments) and segments[j][0] != "=":
            j += 1
        for op in ("-", "+"):
            text = "".join(t for o, t in segments[i:j] if o == op)
            if text:
                merged.append((op, text))
        i = j
    return tuple(merged)


def marked(segments: Sequence[Segment]) -> str:
    """Segments as terminal text: deletions as [-…-], insertions as {+…+}."""
    return "".join(t if op == "=" else f"[-{t}-]" if op == "-" else f"{{+{t}+}}" for op, t in segments)


def _ratio(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    sm = SequenceMatcher(None, a, b, autojunk=False)
    if sm.real_quick_ratio() < 0.3 or sm.quick_ratio() < 0.3:  # cheap upper bounds first
        return 0.0
    return sm.ratio()


def _pair(old: Sequence[T], new: Sequence[T], key: Callable[[T], str], score: Callable[[T, T], float],
          threshold: float, number: Callable[[T], object]) -> dict[int, int]:
    """Match items of two lists: equal keys first (in order, then out of order), then the most
    similar remaining pairs above `threshold`. Returns old index -> new index."""
    okeys, nkeys = [key(x) for x in old], [key(x) for x in new]
    pairs: dict[int, int] = {}
    for a, b, size in SequenceMatcher(None, okeys, nkeys, autojunk=False).get_matching_blocks():
        for k in range(size):
            pairs[a + k] = b + k
    free_new: dict[str, list[int]] = {}
    for j, k in enumerate(nkeys):
        if j not in pairs.values():
            free_new.setdefault(k, []).append(j)
    for i, k in enumerate(okeys):
        if i not in pairs and free_new.get(k):
            pairs[i] = free_new[k].pop(0)
    taken = set(pairs.values())
    candidates = []
    for i, o in enumerate(old):
        if i in pairs:
            continue
        for j, n in enumerate(new):
            if j in taken:
                continue
            s = score(o, n)
            if s >= threshold:
                candidates.append((s + (SAME_PLACE_BONUS if number(o) == number(n) else 0), i, j))
    for _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    return pairs


# -- labels -------------------------------------------------------------------------------------

def _measure_place(measure: Measure, index: int) -> str:
    """`第2条措施` for a numbered measure, `第2项` for an unnumbered row (a target)."""
    return f"第{measure.number}条措施" if measure.number is not None else f"第{index + 1}项"


def _measure_label(clause: Clause, measure: Measure, index: int) -> str:
    """The short label a unit's list uses: `（五）3.` (or `（二）第2项`)."""
    return f"{clause.label}{measure.number}." if measure.number is not None else f"{clause.label}第{index + 1}项"


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


def _text_change(area: str, where: str, old: str, new: str, note: str = "改写", kind: str = "reworded") -> Change:
    return Change(area, where, old, new, note, wording(old, new), kind)


# -- 发文信息, 表头, 单位, 报送 ----------------------------------------------------------------------

_NOTICE_LABELS = {k.field: k.label for k in NOTICE_KEYS} | {"remarks": "备注"}


def _notice_value(name: str, value: object) -> str:
    if value is None:
        return ""
    if name == "body":
        return "\n".join(value)  # type: ignore[arg-type]
    if name == "remarks":
        return "\n".join(f"{k}：{v}" for k, v in value)  # type: ignore[union-attr]
    if name == "seal":
        return "有" if value else "无"
    if name == "letter_format":
        return "红头" if value == "red" else "信函格式"
    if hasattr(value, "isoformat"):
        return format_date(value)  # type: ignore[arg-type]
    return str(value)


def _notice(old: Notice, new: Notice) -> list[Change]:
    changes = []
    for f in dataclasses.fields(Notice):
        a, b = (_notice_value(f.name, getattr(n, f.name)) for n in (old, new))
        if a != b:
            label = _NOTICE_LABELS.get(f.name, f.name)
            if a and b:
                changes.append(_text_change(NOTICE, label, a, b, "修改", "edited"))
            else:
                changes.append(Change(NOTICE, label, a, b, "新增" if b else "删除", kind="edited"))
    return changes


_HEADER_LABELS = {"part": "部分", "clause": "条款", "content": "任务内容", "measure": "落实措施",
                  "lead": "牵头单位", "cooperating": "配合单位", "deadline": "完成时限", "leader": "责任领导",
                  "note": "备注", "extra": "其他列"}


def _headers(old: Headers, new: Headers) -> list[Change]:
    changes = []
    for f in dataclasses.fields(Headers):
        a, b = getattr(old, f.name), getattr(new, f.name)
        if a != b:
            a, b = ("、".join(a), "、".join(b)) if f.name == "extra" else (a, b)
            changes.append(Change(HEADERS, f"{_HEADER_LABELS[f.name]}列表头", a, b, "修改"))
    return changes


def _unit_fields(unit: Unit) -> dict[str, str]:
    return {"全称": unit.full_name, "别名": "、".join(unit.aliases), "联系人": unit.contact, "电话": unit.phone,
            "集体名称": "是" if unit.collective else ""}


def _units(old: TaskTable, new: TaskTable) -> list[Change]:
    olds, news = {u.name: u for u in old.units}, {u.name: u for u in new.units}
    changes = []
    for name, unit in news.items():
        if name not in olds:
            changes.append(Change(UNITS, name, "", unit.addressee, "新增单位"))
            continue
        a, b = _unit_fields(olds[name]), _unit_fields(unit)
        for label in a:
            if a[label] != b[label]:
                changes.append(Change(UNITS, f"{name} {label}", a[label], b[label], "修改"))
    for name, unit in olds.items():
        if name not in news:
            changes.append(Change(UNITS, name, unit.addressee, "", "删除单位"))
    common_old = [n for n in olds if n in news]
    common_new = [n for n in news if n in olds]
    if common_old != common_new:  # the official order numbers the letters
        changes.append(Change(UNITS, "单位排序", "、".join(common_old), "、".join(common_new), "排序调整",
                              kind="renumbered"))
    return changes


def _reporting(old: Reporting, new: Reporting) -> list[Change]:
    changes = []
    oq = {q.key: q for q in old.quarters}
    nq = {q.key: q for q in new.quarters}
    for key, q in nq.items():
        date = q.deadline_text
        if key not in oq:
            changes.append(Change(REPORTING, q.label, "", date, "新增报送季度"))
        elif oq[key].deadline != q.deadline:
            before = oq[key].deadline_text
            changes.append(Change(REPORTING, f"{q.label} 报送截止日期", before, date, "修改"))
    for key, q in oq.items():
        if key not in nq:
            changes.append(Change(REPORTING, q.label, q.deadline_text, "",
                                  "删除报送季度"))
    labels = {"statuses": "完成情况选项", "coordinator": "牵头协调单位", "contact": "联系人", "phone": "联系电话",
              "method": "报送方式"}
    for name, label in labels.items():
        a, b = getattr(old, name), getattr(new, name)
        if name == "statuses":
            a, b = "、".join(a), "、".join(b)
        if a != b:
            changes.append(_text_change(REPORTING, label, a, b, "修改", "edited") if a and b
                           else Change(REPORTING, label, a, b, "新增" if b else "删除"))
    return changes


# -- the task table -----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Slot:
    """A clause with where it stands: its part and its index in the table."""

    part: Part
    clause: Clause
    index: int


def _slots(table: TaskTable) -> list[_Slot]:
    return [_Slot(p, c, i) for i, (p, c) in enumerate((p, c) for p in table.parts for c in p.clauses)]


MeasureKey = tuple[int, int]  # (clause index in the table, measure index in the clause)


class _TableDiff:
    """Matches clauses and measures of two tables and lists the changes in the new table's order."""

    def __init__(self, old: TaskTable, new: TaskTable) -> None:
        self.old, self.new = old, new
        self.h = new.headers
        self.os, self.ns = _slots(old), _slots(new)
        self.clauses = _pair(
            [s.clause for s in self.os], [s.clause for s in self.ns], key=lambda c: c.title,
            score=lambda a, b: max(_ratio(a.title, b.title), _ratio(a.content, b.content) if a.content else 0),
            threshold=CLAUSE_MATCH, number=lambda c: c.number)
        self.measures: dict[MeasureKey, MeasureKey] = {}
        for oi, ni in self.clauses.items():
            om, nm = self.os[oi].clause.measures, self.ns[ni].clause.measures
            pairs = _pair(om, nm, key=lambda m: m.text, score=lambda a, b: _ratio(a.text, b.text),
                          threshold=MEASURE_MATCH, number=lambda m: m.number)
            self.measures.update({(oi, a): (ni, b) for a, b in pairs.items()})
        self.moved: set[MeasureKey] = set()  # old keys of measures moved to another clause
        self._match_moves()

    def _match_moves(self) -> None:
        """A measure removed from one clause and added with the same text to another has moved."""
        matched_new = set(self.measures.values())
        added: dict[str, list[MeasureKey]] = {}
        for ni in self.clauses.values():
            for j, m in enumerate(self.ns[ni].clause.measures):
                if (ni, j) not in matched_new:
                    added.setdefault(m.text, []).append((ni, j))
        for oi in self.clauses:
            for i, m in enumerate(self.os[oi].clause.measures):
                if (oi, i) not in self.measures and added.get(m.text):
                    self.measures[(oi, i)] = added[m.text].pop(0)
                    self.moved.add((oi, i))

    def old_measure(self, key: MeasureKey) -> tuple[Clause, Measure]:
        clause = self.os[key[0]].clause
        return clause, clause.measures[key[1]]

    def new_measure(self, key: MeasureKey) -> tuple[Clause, Measure]:
        clause = self.ns[key[0]].clause
        return clause, clause.measures[key[1]]

    # -- rows -------------------------------------------------------------------------------

    def changes(self) -> list[Change]:
        rows: list[tuple[float, int, Change]] = []
        new_of_old = self.clauses
        old_of_new = {n: o for o, n in new_of_old.items()}
        # Removed clauses sit after the matched clause that preceded them in the old table.
        last_new = -0.5
        for oi, slot in enumerate(self.os):
            if oi in new_of_old:
                last_new = new_of_old[oi]
            else:
                rows.append((last_new + 0.25, len(rows), Change(
                    TABLE, f"原{slot.clause.label}", _clause_text(slot.clause, self.old.headers), "",
                    f"删除条款（含{len(slot.clause.measures)}条措施）", kind="removed")))
        renumbered: list[tuple[int, int, int]] = []  # (new index, old number, new number)
        for ni, slot in enumerate(self.ns):
            if ni not in old_of_new:
                rows.append((ni, len(rows), Change(TABLE, slot.clause.label, "", _clause_text(slot.clause, self.h),
                                                   f"新增条款（含{len(slot.clause.measures)}条措施）",
                                                   kind="added")))
                continue
            old = self.os[old_of_new[ni]]
            for change in self._clause(old, slot, renumbered):
                rows.append((ni, len(rows), change))
        rows += [(ni, -1, c) for ni, c in _renumber_rows(renumbered)]
        rows.extend(self._parts())
        return [c for _, _, c in sorted(rows, key=lambda r: (r[0], r[1]))]

    def _parts(self) -> list[tuple[float, int, Change]]:
        """Part titles: a part whose number stayed but whose title changed, or a part added/removed."""
        old = {p.number: p for p in self.old.parts}
        new = {p.number: p for p in self.new.parts}
        first = {}
        for s in self.ns:
            first.setdefault(s.part.number, s.index)
        rows = []
        for number, part in new.items():
            place = first.get(number, len(self.ns)) - 0.75
            if number not in old:
                rows.append((place, -2, Change(TABLE, part.label, "", part.heading, "新增部分", kind="added")))
            elif old[number].title != part.title:
                rows.append((place, -2, _text_change(TABLE, f"{part.label}部分标题", old[number].heading,
                                                     part.heading)))
        for number, part in old.items():
            if number not in new:
                rows.append((len(self.ns), -2, Change(TABLE, f"原{part.label}", part.heading, "", "删除部分", kind="removed")))
        return rows

    def _clause(self, old: _Slot, new: _Slot, renumbered: list) -> list[Change]:
        oc, nc = old.clause, new.clause
        rows = []
        where = nc.label
        was = f"（原{oc.label}）" if oc.number != nc.number else ""
        if oc.title != nc.title:
            rows.append(_text_change(TABLE, f"{where}条款", oc.heading, nc.heading, "改写" + was))
        elif oc.number != nc.number:
            renumbered.append((new.index, oc.number, nc.number))
        if old.part.title != new.part.title and old.part.number != new.part.number:
            rows.append(Change(TABLE, f"{where}条款", old.part.heading, new.part.heading, "移至另一部分", kind="moved"))
        if oc.content != nc.content:
            rows.append(_text_change(TABLE, f"{where}{self.h.content}", oc.content, nc.content, "改写" + was))
        rows += self._measures(old, new)
        return rows

    def _measures(self, old: _Slot, new: _Slot) -> list[Change]:
        oc, nc = old.clause, new.clause
        by_new = {n: o for o, n in self.measures.items() if n[0] == new.index}
        rows: list[tuple[float, Change]] = []
        unit_rows: list[tuple[int, str, str, str, str]] = []  # (index, field, old, new, note)
        last = -0.5
        for i, m in enumerate(oc.measures):
            key = (old.index, i)
            target = self.measures.get(key)
            if target is not None and target[0] == new.index:
                last = target[1]
            elif target is None:
                rows.append((last + 0.25, Change(TABLE, f"{nc.label}原{_measure_place(m, i)}",
                                                 _measure_text(m, self.old.headers), "", "删除措施", kind="removed")))
        for j, m in enumerate(nc.measures):
            where = f"{nc.label}{_measure_place(m, j)}"
            source = by_new.get((new.index, j))
            if source is None:
                rows.append((j, Change(TABLE, where, "", _measure_text(m, self.h), "新增措施", kind="added")))
                continue
            sc, om = self.old_measure(source)
            if source in self.moved:
                rows.append((j, _text_change(TABLE, where, om.display, m.display,
                                             f"由{sc.label}{_measure_place(om, source[1])}移入", "moved")))
            elif om.display != m.display:
                note = "改写" if om.text != m.text else "序号调整"
                if om.number != m.number and om.text != m.text:
                    note += f"（原{_measure_place(om, source[1])}）"
                rows.append((j, _text_change(TABLE, where, om.display, m.display, note,
                                             "reworded" if om.text != m.text else "renumbered")))
            for f in ("lead", "cooperating"):
                a, b = getattr(om, f), getattr(m, f)
                if a != b:
                    unit_rows.append((j, f, "、".join(a), "、".join(b), _unit_note(a, b, om, m, f)))
            for f, header in (("deadline", self.h.deadline or "完成时限"), ("leader", self.h.leader or "责任领导"),
                              ("note", self.h.note or "备注")):
                a, b = getattr(om, f), getattr(m, f)
                if a != b:
                    rows.append((j, _text_change(TABLE, f"{where} {header}", a, b, "修改", "edited") if a and b else
                                 Change(TABLE, f"{where} {header}", a, b, "新增" if b else "删除")))
            oe, ne = dict(om.extra), dict(m.extra)
            for header in dict.fromkeys([*oe, *ne]):
                if oe.get(header, "") != ne.get(header, ""):
                    rows.append((j, Change(TABLE, f"{where} {header}", oe.get(header, ""), ne.get(header, ""), "修改")))
        rows += self._unit_rows(nc, unit_rows)
        return [c for _, c in sorted(rows, key=lambda r: r[0])]

    def _unit_rows(self, clause: Clause, unit_rows: list) -> list[tuple[float, Change]]:
        """One row per field for consecutive measures with the same unit change (merged cells)."""
        out = []
        for f in ("lead", "cooperating"):
            header = self.h.lead if f == "lead" else self.h.cooperating or "配合单位"
            group: list = []
            for row in [r for r in unit_rows if r[1] == f] + [None]:
                if group and (row is None or row[0] != group[-1][0] + 1 or row[2:] != group[-1][2:]):
                    first, last = clause.measures[group[0][0]], clause.measures[group[-1][0]]
                    place = _measure_place(first, group[0][0])
                    if len(group) > 1:
                        end = last.number if last.number is not None else group[-1][0] + 1
                        place = place.replace("条措施", f"—{end}条措施").replace("项", f"—{end}项")
                    _, _, a, b, note = group[0]
                    out.append((group[0][0] + 0.5, Change(TABLE, f"{clause.label}{place} {header}", a or "（无）",
                                                          b or "（无）", note, kind="assigned")))
                    group = []
                if row is not None:
                    group.append(row)
        return out


def _unit_note(a: tuple[str, ...], b: tuple[str, ...], om: Measure, m: Measure, f: str) -> str:
    """说明 of a unit column's change: who was added or removed, and who only changed role."""
    other = "cooperating" if f == "lead" else "lead"
    role = {"lead": "牵头", "cooperating": "配合"}
    parts = []
    # (units, the other column in the measure that tells a role change, plain wording, role-change wording)
    for units, elsewhere, plain_word, moved_word in (
            ([u for u in b if u not in a], getattr(om, other), "增加{}", f"{{}}由{role[other]}改为{role[f]}"),
            ([u for u in a if u not in b], getattr(m, other), "删除{}", f"{{}}改为{role[other]}")):
        moved = [u for u in units if u in elsewhere]
        plain = [u for u in units if u not in moved]
        parts += [word.format("、".join(group)) for group, word in ((plain, plain_word), (moved, moved_word)) if group]
    return "；".join(parts) or "顺序调整"


def _renumber_rows(renumbered: list[tuple[int, int, int]]) -> list[tuple[int, Change]]:
    """Clauses renumbered with unchanged titles, as runs: （六）至（二十） → （五）至（十九）."""
    from generator.text.numerals import to_cn_number

    label = lambda n: f"（{to_cn_number(n)}）"  # noqa: E731
    rows, run = [], []
    for item in renumbered + [None]:
        if run and (item is None or item[0] != run[-1][0] + 1 or item[2] - item[1] != run[-1][2] - run[-1][1]):
            (ni, o1, n1), (_, o2, n2) = run[0], run[-1]
            span = lambda a, b: label(a) if a == b else f"{label(a)}至{label(b)}"  # noqa: E731
            rows.append((ni, Change(TABLE, span(n1, n2), span(o1, o2), span(n1, n2), "条款序号调整，内容未变",
                                    kind="renumbered")))
            run = []
        if item is not None:
            run.append(item)
    return rows


# -- units whose letters change -----------------------------------------------------------------

def _letter_rows(table: TaskTable, unit: str) -> tuple:
    """What a unit's letter shows of its tasks, in order (its task list table)."""
    u = table.unit(unit)
    if u is None:
        return ()
    tasks = table.tasks_of(u)
    return tuple((t.clause.heading, t.measure.display, t.role, t.measure.lead, t.measure.cooperating,
                  t.measure.deadline, t.measure.note) for t in tasks.tasks)


def _affected(old: TaskTable, new: TaskTable, td: _TableDiff) -> tuple[list[UnitChange], list[str], list[str]]:
    names = list(dict.fromkeys([u.name for u in new.units if not u.collective]
                               + [u.name for u in old.units if not u.collective]))
    changed, unchanged, dropped = [], [], []
    for name in names:
        before, after = _letter_rows(old, name), _letter_rows(new, name)
        ou, nu = old.unit(name), new.unit(name)
        renamed = ou is not None and nu is not None and ou.addressee != nu.addressee
        if before == after and not renamed:
            if after:
                unchanged.append(name)
            continue
        items = _unit_items(old, new, td, name)
        if renamed:
            items.insert(0, f"单位全称改为{nu.addressee}")  # type: ignore[union-attr]
        if not items:
            items.append("任务顺序调整")
        if before and not after:
            dropped.append(name)
        changed.append(UnitChange(name, tuple(items)))
    return changed, unchanged, dropped


def _unit_items(old: TaskTable, new: TaskTable, td: _TableDiff, name: str) -> list[str]:
    """What changed in one unit's tasks, grouped by kind: `新增牵头任务（五）3.；措施改写（三）2.`."""
    found: dict[str, list[str]] = {}
    add = lambda kind, label: found.setdefault(kind, []).append(label)  # noqa: E731
    reached = set()
    for oi, slot in enumerate(td.os):
        for i, om in enumerate(slot.clause.measures):
            before = om.role_of(name)
            target = td.measures.get((oi, i))
            if target is None:
                if before:
                    add(f"{before.value}任务已删除", _measure_label(slot.clause, om, i))
                continue
            nc, m = td.new_measure(target)
            after = m.role_of(name)
            reached.add(target)
            label = _measure_label(nc, m, target[1])
            if before is None and after is None:
                continue
            if before is None:
                add(f"新增{after.value}任务", label)  # type: ignore[union-attr]
            elif after is None:
                add(f"不再{before.value}", label)
            elif before != after:
                add(f"由{before.value}改为{after.value}", label)
            else:
                for kind, where in _task_changes(slot.clause, om, i, nc, m, target[1], (oi, i) in td.moved):
                    add(kind, where)
    for ni, slot in enumerate(td.ns):
        for j, m in enumerate(slot.clause.measures):
            role = m.role_of(name)
            if role and (ni, j) not in reached:
                add(f"新增{role.value}任务", _measure_label(slot.clause, m, j))
    return [f"{kind}{_compact(labels)}" for kind, labels in found.items()]


def _task_changes(oc: Clause, om: Measure, i: int, nc: Clause, m: Measure, j: int,
                  moved: bool) -> list[tuple[str, str]]:
    """What changed in a task the unit keeps in the same role, each with the label to show."""
    label = _measure_label(nc, m, j)
    kinds = []
    if moved:
        kinds.append(("措施移至其他条款", f"{_measure_label(oc, om, i)}→{label}"))
    elif oc.number != nc.number and om.number == m.number:
        kinds.append(("条款序号调整", f"{oc.label}→{nc.label}"))
    elif om.number != m.number:
        kinds.append(("措施序号调整", f"{_measure_label(oc, om, i)}→{label}"))
    if oc.title != nc.title:
        kinds.append(("条款改写", nc.label))
    if om.text != m.text:
        kinds.append(("措施改写", label))
    if (om.lead, om.cooperating) != (m.lead, m.cooperating):
        kinds.append(("分工单位调整", label))
    if (om.deadline, om.note, om.extra) != (m.deadline, m.note, m.extra):
        kinds.append(("时限或备注调整", label))
    return kinds


def _compact(labels: list[str]) -> str:
    """`（三）1.、（三）2.、（五）1.` → `（三）1.、2.、（五）1.`."""
    out, previous = [], ""
    for label in dict.fromkeys(labels):
        head, _, rest = label.partition("）")
        if head == previous and rest:
            out.append(rest)
        else:
            out.append(label)
        previous = head
    return "、".join(out)


# -- entry points -------------------------------------------------------------------------------

def compare(old: TaskTable, new: TaskTable) -> Diff:
    """Everything that changed from `old` to `new`, and which units need a new letter."""
    td = _TableDiff(old, new)
    changes = (_notice(old.notice, new.notice) + _headers(old.headers, new.headers) + td.changes()
               + _units(old, new) + _reporting(old.reporting, new.reporting))
    units, unchanged, dropped = _affected(old, new, td)
    return Diff(tuple(changes), tuple(units), tuple(unchanged), tuple(dropped))


def report(diff: Diff) -> str:
    """The diff as terminal text in the clerk's words; wording changes marked [-删除-]{+新增+}."""
    lines: list[str] = []
    area = None
    for c in diff.changes:
        if c.area != area:
            area = c.area
            lines.append(area)
        if c.segments:
            text = marked(c.segments)
        elif c.old and c.new:
            text = f"{c.old} → {c.new}"
        else:
            text = c.new or c.old
        body = text.replace("\n", "\n    ")
        lines.append(f"  {c.where} {c.note}：{body}")
    if diff.units:
        lines.append("")
    if diff.resend:
        lines.append(f"任务有变化、需重新发送交办函的单位（{len(diff.resend)}个）：")
        lines += [f"  {u.unit}：{'；'.join(u.items)}" for u in diff.resend]
    if diff.dropped:
        lines.append(f"不再承担任务的单位（{len(diff.dropped)}个，不再发函）：")
        lines += [f"  {u.unit}：{'；'.join(u.items)}" for u in diff.units if u.unit in diff.dropped]
    if diff.changed:
        lines.append(f"任务未变的单位（{len(diff.unchanged)}个）：{'、'.join(diff.unchanged) or '无'}")
    return "\n".join(lines)
