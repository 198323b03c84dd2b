"""Which clause and measure of the old table is which of the new one, and how a text's wording
changed (pure: no I/O).

Clauses are matched by title, then by similarity, so that a renumbered or moved clause is not
"removed + added"; measures of two matched clauses by text, then by similarity; a measure removed
from one clause and added with the same text to another has moved. Wording changes are found
character by character.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal, TypeVar

from generator.model import Clause, Measure, Part, TaskTable

T = TypeVar("T")
Op = Literal["=", "-", "+"]  # kept | deleted | inserted
Segment = tuple[Op, str]
MeasureKey = tuple[int, int]  # (clause index in the table, measure index in the clause)

CLAUSE_MATCH = 0.6  # similarity (difflib ratio) above which two clauses are the same clause, changed
MEASURE_MATCH = 0.5  # the same for two measures of one clause
SAME_PLACE_BONUS = 0.05  # a candidate at the same number wins a tie
SHORT_EQUAL = 1  # kept runs this short between two changes are shown as changed (readable diffs)
QUICK_RATIO_FLOOR = 0.3  # below this cheap upper bound, two texts are not compared in full


# -- wording ------------------------------------------------------------------------------------

def wording(old: str, new: str) -> tuple[Segment, ...]:
    """The character-precise change from `old` to `new`, as kept / deleted / inserted runs."""
    raw: list[Segment] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
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
    changed: tuple[Op, ...] = ("-", "+")
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
        for op in changed:
            text = "".join(t for o, t in segments[i:j] if o == op)
            if text:
                merged.append((op, text))
        i = j
    return tuple(merged)


# -- pairing ------------------------------------------------------------------------------------

def _ratio(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    sm = SequenceMatcher(None, a, b, autojunk=False)
    if sm.real_quick_ratio() < QUICK_RATIO_FLOOR or sm.quick_ratio() < QUICK_RATIO_FLOOR:
        return 0.0
    return sm.ratio()


def _pair(old: Sequence[T], new: Sequence[T], key: Callable[[T], str], score: Callable[[T, T], float],
          threshold: float, number: Callable[[T], int | None]) -> dict[int, int]:
    """Match items of two lists: equal keys first (in order, then out of order), then the most
    similar remaining pairs above `threshold`. Returns old index -> new index."""
    old_keys, new_keys = [key(x) for x in old], [key(x) for x in new]
    pairs: dict[int, int] = {}
    for a, b, size in SequenceMatcher(None, old_keys, new_keys, autojunk=False).get_matching_blocks():
        for k in range(size):
            pairs[a + k] = b + k
    free_new: dict[str, list[int]] = {}
    for j, new_key in enumerate(new_keys):
        if j not in pairs.values():
            free_new.setdefault(new_key, []).append(j)
    for i, old_key in enumerate(old_keys):
        if i not in pairs and free_new.get(old_key):
            pairs[i] = free_new[old_key].pop(0)
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


def _clause_score(a: Clause, b: Clause) -> float:
    return max(_ratio(a.title, b.title), _ratio(a.content, b.content) if a.content else 0)


def _measure_score(a: Measure, b: Measure) -> float:
    return _ratio(a.text, b.text)


@dataclass(frozen=True)
class Slot:
    """A clause with where it stands: its part and its index in the table."""

    part: Part
    clause: Clause
    index: int


def slots(table: TaskTable) -> list[Slot]:
    """Every clause of the table, in order, with its part and index."""
    return [Slot(p, c, i) for i, (p, c) in enumerate((p, c) for p in table.parts for c in p.clauses)]


class Matching:
    """The clauses and measures of two tables paired, old -> new, by index."""

    def __init__(self, old: TaskTable, new: TaskTable) -> None:
        self.old_slots, self.new_slots = slots(old), slots(new)
        self.clauses = _pair([s.clause for s in self.old_slots], [s.clause for s in self.new_slots],
                             key=lambda c: c.title, score=_clause_score, threshold=CLAUSE_MATCH,
                             number=lambda c: c.number)
        self.measures: dict[MeasureKey, MeasureKey] = {}
        for oi, ni in self.clauses.items():
            pairs = _pair(self.old_slots[oi].clause.measures, self.new_slots[ni].clause.measures,
                          key=lambda m: m.text, score=_measure_score, threshold=MEASURE_MATCH,
                          number=lambda m: m.number)
            self.measures.update({(oi, a): (ni, b) for a, b in pairs.items()})
        self.moved: set[MeasureKey] = set()  # old keys of measures moved to another clause
        self._match_moves()

    def _match_moves(self) -> None:
        """A measure removed from one clause and added with the same text to another has moved."""
        matched_new = set(self.measures.values())
        added: dict[str, list[MeasureKey]] = {}
        for ni in self.clauses.values():
            for j, m in enumerate(self.new_slots[ni].clause.measures):
                if (ni, j) not in matched_new:
                    added.setdefault(m.text, []).append((ni, j))
        for oi in self.clauses:
            for i, m in enumerate(self.old_slots[oi].clause.measures):
                if (oi, i) not in self.measures and added.get(m.text):
                    self.measures[(oi, i)] = added[m.text].pop(0)
                    self.moved.add((oi, i))

    def old_measure(self, key: MeasureKey) -> tuple[Clause, Measure]:
        clause = self.old_slots[key[0]].clause
        return clause, clause.measures[key[1]]

    def new_measure(self, key: MeasureKey) -> tuple[Clause, Measure]:
        clause = self.new_slots[key[0]].clause
        return clause, clause.measures[key[1]]
