"""Which units' letters change between two versions, and what changed in each one's tasks (pure).

A unit needs a new letter when the task list its letter shows changed (a task added, removed,
reworded, renumbered, moved, its units or deadline changed) or its full name changed; a unit that
keeps a letter with the same tasks does not; a unit that no longer has any task gets no letter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.model import Clause, Measure, Role, TaskTable
from generator.versions.matching import Matching, MeasureKey

LetterRow = tuple[str, str, Role, tuple[str, ...], tuple[str, ...], str, str]


@dataclass(frozen=True)
class UnitChange:
    """A unit whose letter changed: its 简称 and what changed in its tasks."""

    unit: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Effects:
    """The units of both tables sorted by what happens to their letters."""

    changed: tuple[UnitChange, ...]  # need a new letter, or lost all their tasks
    unchanged: tuple[str, ...]  # have a letter and their tasks did not change
    dropped: tuple[str, ...]  # had a letter and no longer have any task


def unit_effects(old: TaskTable, new: TaskTable, matching: Matching) -> Effects:
    """Every unit with a letter in either table (collective names have none), sorted by effect."""
    names = list(dict.fromkeys([u.name for u in new.units if not u.collective]
                               + [u.name for u in old.units if not u.collective]))
    changed, unchanged, dropped = [], [], []
    for name in names:
        before, after = _letter_rows(old, name), _letter_rows(new, name)
        ou, nu = old.unit(name), new.unit(name)
        renamed_to = nu.addressee if ou is not None and nu is not None and ou.addressee != nu.addressee else None
        if before == after and renamed_to is None:
            if after:
                unchanged.append(name)
            continue
        items = _unit_items(matching, name, new.headers.role_word)
        if renamed_to is not None:
            items.insert(0, f"单位全称改为{renamed_to}")
        if not items:
            items.append("任务顺序调整")
        if before and not after:
            dropped.append(name)
        changed.append(UnitChange(name, tuple(items)))
    return Effects(tuple(changed), tuple(unchanged), tuple(dropped))


def _letter_rows(table: TaskTable, unit: str) -> tuple[LetterRow, ...]:
    """What a unit's letter shows of its tasks, in order (its task list table)."""
    u = table.unit(unit)
    if u is None:
        return ()
    return tuple((t.clause.heading, t.measure.display, t.role, t.measure.lead, t.measure.cooperating,
                  t.measure.deadline, t.measure.note) for t in table.tasks_of(u).tasks)


def _measure_label(clause: Clause, measure: Measure, index: int) -> str:
    """The short label a unit's list uses, numbers as written: `（五）3.`, `（1）` (or `（二）第2项`)."""
    group = "".join(g.mark for g in measure.groups)
    return f"{clause.label}{group}{measure.label}" if measure.label else f"{clause.label}第{index + 1}项"


def _unit_items(matching: Matching, name: str, word: Callable[[Role], str]) -> list[str]:
    """What changed in one unit's tasks, grouped by kind: `新增牵头任务（五）3.；措施改写（三）2.`."""
    found: dict[str, list[str]] = {}

    def add(kind: str, label: str) -> None:
        found.setdefault(kind, []).append(label)

    reached: set[MeasureKey] = set()
    for oi, slot in enumerate(matching.old_slots):
        for i, om in enumerate(slot.clause.measures):
            before = om.role_of(name)
            target = matching.measures.get((oi, i))
            if target is None:
                if before:
                    add(f"{word(before)}任务已删除", _measure_label(slot.clause, om, i))
                continue
            nc, m = matching.new_measure(target)
            after = m.role_of(name)
            reached.add(target)
            label = _measure_label(nc, m, target[1])
            if before is None:
                if after is not None:
                    add(f"新增{word(after)}任务", label)
            elif after is None:
                add(f"不再{word(before)}", label)
            elif before != after:
                add(f"由{word(before)}改为{word(after)}", label)
            else:
                for kind, where in _task_changes(slot.clause, om, i, nc, m, target[1], (oi, i) in matching.moved):
                    add(kind, where)
    for ni, slot in enumerate(matching.new_slots):
        for j, m in enumerate(slot.clause.measures):
            role = m.role_of(name)
            if role and (ni, j) not in reached:
                add(f"新增{word(role)}任务", _measure_label(slot.clause, m, j))
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
