"""Unit cells read: names split and classified, roles from pasted labels, aliases mapped to one unit.

A unit cell is read in four steps, each keeping the span of what it found in the cell's text so that
the notice can print the list as the office typed it:

1. roles: `（牵头单位：X，配合单位：Y）` and `〔责任单位：A、B〕` become segments with their role;
   text before any label has the column's own role;
2. names: each segment is split on 、，,；; and line breaks, never inside brackets; a collective
   whose list of kinds goes on after 、 stays one name (`各区、县级市`, not `各区` and `县级市`; but
   `各区、市财政局` is two), and `X及Y` is split only where one side is a collective and the other a
   unit (`市科技局及各有关单位`; `市直及驻嘉各单位` is one collective);
3. role suffixes: `A、B牵头，C配合` and `A（牵头），B` give A and B the lead, C the cooperating role;
4. kinds: every name is a unit, a collective, a back-reference (`各项目牵头单位`), a duty phrase
   (`按职责分工负责`), a placeholder (`同上`, `无`, `—`, `待定`), a standing rule (`…，下同`) or a
   fragment of a sentence (`。` `：` `负责` …,
   or too long): only units get letters.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from generator.errors import Severity
from generator.model import Role, Unit
from generator.text.characters import strip_invisible
from generator.workbook import checks
from generator.workbook.schema import (
    COLLECTIVE_HEAD,
    COLLECTIVE_NAMES,
    DUTY_PHRASE,
    ETC,
    KIND_BODY,
    KIND_PHRASE,
    LEAD_LABELS,
    LIST_NUMBER,
    MERGED,
    PLACEHOLDER,
    RESPONSIBLE_LABELS,
    ROLE_LABEL,
    ROLE_SUFFIX,
    SPACED,
    STANDING_RULE,
    UNIT_ENDING,
    continues_kinds,
    is_back_reference,
    is_bare_kind,
    is_collective,
)

# unit: gets a letter; unknown: a unit the 单位 sheet does not list (an error); the others get none
Kind = Literal["unit", "unknown", "collective", "reference", "duty", "standing", "placeholder", "fragment",
               "formula"]
NO_LETTER: frozenset[Kind] = frozenset({"collective", "reference", "duty", "standing", "placeholder"})

UNIT_SEPARATORS = "、，,；;\n"
_CHUNK_SEPARATORS = "，,；;\n"  # between clauses of a sentence; 、 lists within one
_OPENERS = "（(〔[【《〈<｛{"
_CLOSERS = "）)〕]】》〉>｝}"
_TRIMMED = UNIT_SEPARATORS + "。. \t\u3000"
_JOINER = re.compile("以及|及")
_BRACKETED_NOTE = re.compile(r"[（(]([^（）()]*)[）)]$")


@dataclass(frozen=True)
class Piece:
    """One name of a unit cell: as typed, as the model names it, what kind it is, how it prints."""

    typed: str
    name: str  # the unit's 简称 for units; the typed text for the others
    kind: Kind
    gap: str = ""  # the separator typed before it in its run of names; "" when it starts one
    shown: str = ""  # how the notice prints it
    phrase: str = ""  # a duty phrase or bracketed note typed after the name (市财政局按职责分工负责)
    standing: bool = False  # the name or its phrase is a rule for the rows below (…下同)


@dataclass
class CellRead:
    """A unit cell read: its names by role, in order, and the problems of its names."""

    text: str
    roles: dict[Role, list[Piece]] = field(default_factory=dict)
    problems: list[tuple[Severity, str, str]] = field(default_factory=list)

    def pieces(self, role: Role) -> list[Piece]:
        return self.roles.get(role, [])

    @property
    def standing(self) -> list[Piece]:
        """The names that are (or carry) a rule for the rows below."""
        return [p for ps in self.roles.values() for p in ps if p.standing]


class UnitRegistry:
    """The units of a workbook, from the 单位 sheet or, without one, from the table itself."""

    def __init__(self, listed: list[Unit] | None = None) -> None:
        self.has_list = listed is not None
        self.cells: dict[str, str] = {}  # unit name -> its cell in the 单位 sheet, for messages
        self._units: dict[str, Unit] = {}
        self._alias: dict[str, str] = {}
        self._keys: dict[str, str] = {}  # an alias as compared (name_key) -> the unit's name
        for unit in listed or []:
            self._units[unit.name] = unit
            for alias in (unit.name, unit.full_name, *unit.aliases):
                if alias:
                    self._alias.setdefault(alias, unit.name)
                    self._keys.setdefault(name_key(alias), unit.name)

    def lookup(self, typed: str) -> str | None:
        """The unit a name stands for: as typed, or with brackets and Latin letters of either width
        (市政府办公室(市金融办) is 市政府办公室（市金融办）, 市ＡＢ局 is 市AB局)."""
        return self._alias.get(typed) or self._keys.get(name_key(typed))

    def keep_whole(self) -> tuple[str, ...]:
        """Names that contain a separator yet name one unit or one group."""
        return tuple(self._alias) + COLLECTIVE_NAMES

    # -- reading a cell ---------------------------------------------------------------------

    def read_cell(self, text: str, role: Role) -> CellRead:
        """Read a unit cell of the column for `role`, adding units as the table names them."""
        text = strip_invisible(text)
        read = CellRead(text)
        for seg_role, start, end in _segments(text, role):
            for piece_role, piece in self._pieces(text, start, end, seg_role, role):
                read.roles.setdefault(piece_role, []).append(piece)
        for pieces in read.roles.values():
            for i, piece in enumerate(pieces):
                listed = self.lookup(piece.name) if piece.kind == "unit" else None
                if listed is not None and listed != piece.name:  # 市AB局 after 市ＡＢ局 in the same cell
                    piece = pieces[i] = replace(piece, name=listed)
                self._register(piece)
                read.problems += self._problems(piece)
        return read

    def _pieces(self, text: str, start: int, end: int, role: Role, column: Role) -> list[tuple[Role, Piece]]:
        """The names of one segment with their roles (a role suffix overrides the segment's)."""
        spans = self._names(text, start, end)
        if any(STANDING_RULE.search(text[a:b]) for a, b in spans) and not all(
                self._clean(text[a:b]) for a, b in spans if not STANDING_RULE.search(text[a:b])):
            # a sentence (具体任务均涉及各区、县级市，不再做分工，下同): one note, not names; only a list
            # of unit names beside the rule (市科技局、市财政局，下同) is read as names
            typed = text[start:end]
            return [(role, Piece(typed, typed, "standing", shown=typed, standing=True))]
        out: list[tuple[Role, Piece]] = []
        pending: list[Piece] = []  # names waiting for a role suffix later in their clause
        previous = None
        for a, b in spans:
            gap = ""
            if previous is not None:
                between = text[previous:a]
                gap = LIST_NUMBER.sub("", re.sub(r"\s", "", between)) or "、"
                if any(c in _CHUNK_SEPARATORS for c in between) and pending:
                    out += [(role, p) for p in pending]  # a clause ended without a suffix
                    pending = []
            previous = b
            typed = text[a:b]
            suffix = ROLE_SUFFIX.search(typed) if self.lookup(typed) is None else None  # a listed name is whole
            if suffix and typed[:suffix.start()]:
                own = Role.LEAD if (suffix.group(1) or suffix.group(2)).startswith("牵头") else Role.COOPERATING
                piece = self._piece(typed[:suffix.start()], gap)
                # in its own column the suffix is kept as typed; moved to the other role, it goes
                piece = replace(piece, shown=typed if own is column else piece.shown)
                out += [(own, p) for p in pending] + [(own, piece)]
                pending = []
            else:
                pending.append(self._piece(typed, gap))
        out += [(role, p) for p in pending]
        return _runs(out)

    def _names(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Spans of the names of text[start:end]: split, lists of kinds joined, 及 split."""
        part = text[start:end]
        joined = [xy for a, b in _spans(part, self.keep_whole()) for xy in self._split_joined(part, a, b)]
        out: list[tuple[int, int]] = []
        for a, b in _merge_kinds(part, joined):  # 及 first: 各区、县级市及市科技局 is 各区、县级市 and 市科技局
            out += self._split_merged(text, start + a, start + b)
        return out

    def _split_merged(self, text: str, a: int, b: int) -> list[tuple[int, int]]:
        """`市科技局和市财政局`, `市统计局 市发改委`, `市科技局/市财政局`, `1.市科技局 2.市财政局` → two
        names, each side a unit's name; `市住房和城乡建设局` stays one. List numbers are left out."""
        a = _after_number(text, a, b)
        typed = text[a:b]
        if _BARE_NUMBER.fullmatch(typed):
            return []  # 1、市科技局: the 1 of a numbered list
        if self.lookup(typed) is not None:
            return [(a, b)]
        for pattern in (MERGED, SPACED):  # 和/与 only where both sides are units, then spaces and slashes
            cuts = [m for m in pattern.finditer(typed) if _depth(typed, m.start()) == 0
                    and typed[m.end():m.end() + 1] not in _OPENERS and typed[m.start() - 1:m.start()] not in _CLOSERS]
            if not cuts:
                continue
            bounds = [0, *(x for m in cuts for x in (m.start(), m.end())), len(typed)]
            sides = [(_after_number(typed, bounds[i], bounds[i + 1]), bounds[i + 1]) for i in range(0, len(bounds), 2)]
            if all(x < y and self._looks_unit(typed[x:y]) for x, y in sides):
                return [(a + x, a + y) for x, y in sides]
        return [(a, b)]

    def _looks_unit(self, name: str) -> bool:
        """A side of a merged name that reads as a unit's name: listed, or ending as units do."""
        listed = self.lookup(name)
        if listed is not None:
            return not self._units[listed].collective
        return (UNIT_ENDING.search(name) is not None and not KIND_PHRASE.fullmatch(name) and not is_collective(name)
                and not is_back_reference(name) and not checks.fragment_reason(name))

    def _split_joined(self, text: str, a: int, b: int) -> list[tuple[int, int]]:
        """`市科技局及各有关单位` → two names; `市直及驻嘉各单位`, `各区及县级市人民政府` stay one."""
        typed = text[a:b]
        if self.lookup(typed) is not None:
            return [(a, b)]
        cuts = [m for m in _JOINER.finditer(typed) if _depth(typed, m.start()) == 0]
        if not cuts:
            return [(a, b)]
        bounds = [0, *(x for m in cuts for x in (m.start(), m.end())), len(typed)]
        sides = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
        groups = [self._is_group(typed[x:y]) for x, y in sides]
        if not any(groups) or all(groups):
            return [(a, b)]
        for (x, y), group in zip(sides, groups):
            side = typed[x:y]
            unit = self.lookup(side) is not None or (
                (UNIT_ENDING.search(side) or KIND_PHRASE.fullmatch(side)) and not continues_kinds(side))  # 高新区
            if not group and not unit:
                return [(a, b)]  # 市直, 县级市人民政府: the 及 joins the parts of one collective
        return [(a + x, a + y) for x, y in sides if x < y]

    def _is_group(self, name: str) -> bool:
        listed = self.lookup(name)
        if listed is not None:
            return self._units[listed].collective
        return is_collective(name) or is_back_reference(name)

    def _clean(self, name: str) -> bool:
        """A unit's name that reads as one on its own (beside a standing rule in the same cell)."""
        piece = self._piece(name, "")
        return (piece.kind in ("unit", "unknown") and not piece.phrase
                and (self.lookup(name) is not None or UNIT_ENDING.search(name) is not None))

    def _piece(self, typed: str, gap: str) -> Piece:
        """What one name is: the 单位 sheet first, then its form."""
        if typed.startswith("="):
            return Piece(typed, typed, "formula", gap)  # a formula, reported as such by the cell check
        bare = _unquoted(typed)
        if bare != typed:  # “市科技局”: the quotes are not part of the name
            return replace(self._piece(bare, gap), typed=typed, shown=typed)
        listed = self.lookup(typed)
        if listed is not None:
            unit = self._units[listed]
            # an alias prints as the 简称; a name typed with other brackets or letters, as typed
            return Piece(typed, listed, "collective" if unit.collective else "unit", gap,
                         shown=listed if typed in self._alias and not unit.collective else typed)
        if PLACEHOLDER.fullmatch(typed):
            return Piece(typed, typed, "placeholder", gap, typed)  # 同上, 无, —: no unit written
        etc = ETC.search(typed)
        if etc is not None and etc.start():  # 市科技局等部门: 市科技局, and units not named
            inner = self._piece(typed[:etc.start()], gap)
            if inner.kind in ("unit", "unknown") and not inner.phrase:
                return Piece(typed, inner.name, inner.kind, gap, typed, phrase=etc.group())
        note = _BRACKETED_NOTE.search(typed)
        phrase = note if note and (STANDING_RULE.search(note.group(1)) or DUTY_PHRASE.search(note.group(1))) else None
        phrase = phrase or (DUTY_PHRASE.search(typed) if not is_back_reference(typed) else None)
        if phrase is not None:
            rest = typed[:phrase.start()].removeprefix("由").strip()
            if not rest:
                if STANDING_RULE.search(typed):
                    return Piece(typed, typed, "standing", gap, typed, standing=True)
                return Piece(typed, typed, "duty", gap, typed)
            inner = self._piece(rest, gap)
            if inner.kind not in ("fragment", "formula"):
                return Piece(typed, inner.name, inner.kind, gap, typed, phrase=phrase.group(),
                             standing=inner.standing or STANDING_RULE.search(phrase.group()) is not None)
        if STANDING_RULE.search(typed):
            return Piece(typed, typed, "standing", gap, typed, standing=True)
        if is_back_reference(typed):
            return Piece(typed, typed, "reference", gap, typed)
        if checks.fragment_reason(typed):
            return Piece(typed, typed, "fragment", gap, typed)
        if is_collective(typed):
            return Piece(typed, typed, "collective", gap, typed)
        return Piece(typed, typed, "unknown" if self.has_list else "unit", gap, typed)

    def _register(self, piece: Piece) -> None:
        if piece.kind in NO_LETTER or (piece.kind == "fragment" and is_collective(piece.typed)):
            self._units.setdefault(piece.name, Unit(piece.name, collective=True))
        elif piece.kind == "unit" and piece.name not in self._units:
            self._units[piece.name] = Unit(piece.name)
            self._alias[piece.name] = piece.name
            self._keys.setdefault(name_key(piece.name), piece.name)

    def _problems(self, piece: Piece) -> list[tuple[Severity, str, str]]:
        if piece.kind == "unknown":
            return [checks.unknown_unit(piece.name, self.suggest(piece.name))]
        if piece.kind == "fragment":
            return [checks.fragment(piece.typed, is_collective(piece.typed), self._prefix(piece.typed))]
        if piece.kind == "duty":
            return [checks.duty_phrase(piece.typed)]
        if piece.kind == "reference":
            return [checks.back_reference(piece.typed)]
        if piece.kind == "placeholder":
            return [checks.placeholder(piece.typed)]
        if piece.phrase.startswith("等"):
            return [checks.etc_units(piece.typed, piece.name)]
        if piece.phrase and not piece.standing:
            return [checks.phrase_kept(piece.typed, piece.name, piece.phrase)]
        if piece.kind == "unit" and SPACED.search(piece.typed):
            return [checks.spaced_name(piece.typed)]
        return []  # standing rules are reported by the reader, which knows the rows below

    def _prefix(self, text: str) -> str | None:
        """The longest known name a fragment starts with (市科技局负责统筹, 由市科技局… → 市科技局)."""
        text = text.removeprefix("由")
        known = [a for a in self._alias if text.startswith(a) and not self._units[self._alias[a]].collective]
        return self._alias[max(known, key=len)] if known else None

    def suggest(self, name: str) -> str | None:
        """The known name closest to a misspelt one (市科枝局 → 市科技局); the units of names typed
        together (市科技局市财政局 → 市科技局、市财政局), none left out."""
        inside: list[str] = []
        rest = name
        for alias in sorted(self._alias, key=len, reverse=True):
            unit = self._units[self._alias[alias]]
            if alias in rest and not unit.collective:
                rest = rest.replace(alias, "\0")
                inside.append(unit.name)
        if len(set(inside)) >= 2:
            return "、".join(sorted(dict.fromkeys(inside), key=name.find))
        close = difflib.get_close_matches(name, list(self._alias), n=1, cutoff=0.5)
        return self._alias[close[0]] if close else None

    def units(self) -> tuple[Unit, ...]:
        """Every unit in official order: the 单位 sheet's order, then the table's order of mention."""
        return tuple(self._units.values())


_QUOTES = "“”\"'‘’「」『』"
_WIDE_LATIN = {c: c - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
               for c in range(r[0], r[1] + 1)}


def name_key(name: str) -> str:
    """A name as names are compared: brackets full-width, Latin letters and digits half-width, no
    surrounding quotes (what it prints as is still what was typed)."""
    return _unquoted(name).translate(_WIDE_LATIN).replace("(", "（").replace(")", "）")


def _unquoted(name: str) -> str:
    """A name without the quotes around it (“市科技局” → 市科技局)."""
    bare = name.strip(_QUOTES)
    return bare or name


NoLetter = Literal["collective", "reference", "note", "placeholder"]


def no_letter_kind(name: str) -> NoLetter:
    """What a name without a letter is, for check's summary: a collective (各有关单位), a back-reference
    (各项目牵头单位), a note (按职责分工负责, …，下同, a sentence) or a placeholder (同上, 无)."""
    if PLACEHOLDER.fullmatch(name):
        return "placeholder"
    if is_back_reference(name):
        return "reference"
    if STANDING_RULE.search(name) or DUTY_PHRASE.fullmatch(name) or checks.fragment_reason(name):
        return "note"
    return "collective"


def display(pieces: Iterable[Piece], names: tuple[str, ...]) -> str:
    """A role's names as the office typed them: each of `names` once, with the separators typed
    between them (、 between runs); units by their 简称, everything else verbatim."""
    out: list[str] = []
    left = set(names)
    separator: str | None = None
    for piece in pieces:
        if separator is None:
            separator = piece.gap or "、"
        if piece.kind == "formula" or piece.name not in left:
            continue
        left.discard(piece.name)
        if out:
            out.append(separator)
        out.append(piece.shown or piece.name)
        separator = None
    return "".join(out)


def split_units(text: str, keep_whole: Iterable[str] = ()) -> list[str]:
    """Split a unit cell on 、，,；; and line breaks, never inside brackets, a list of kinds after a
    collective kept with it (`各区、县级市`).

    Names in `keep_whole` (collective names such as 各区、县级市) are taken whole when a
    piece starts with them and they end at a separator or the end of the text.
    """
    return [text[a:b] for a, b in _merge_kinds(text, _spans(text, keep_whole))]


# -- the steps --------------------------------------------------------------------------------


def _segments(text: str, own: Role) -> list[tuple[Role, int, int]]:
    """The cell's spans by role: labels (牵头单位： 配合单位： 责任单位：) start a span; text before the
    first label, or a cell without labels, has the column's own role."""
    labels = list(ROLE_LABEL.finditer(text))
    if not labels:
        return [(own, 0, len(text))]  # a stray 。 stays, for the name check to report
    has_lead = any(m.group(1).startswith(LEAD_LABELS) for m in labels)
    out: list[tuple[Role, int, int]] = []
    starts = [(own, 0)] + [(_label_role(m.group(1), has_lead, own), m.end()) for m in labels]
    ends = [m.start() for m in labels] + [len(text)]
    for (role, start), end in zip(starts, ends):
        a, b = _trim(text, start, end)
        if a < b:
            out.append((role, a, b))
    return out


def _label_role(label: str, has_lead: bool, own: Role) -> Role:
    if label.startswith(LEAD_LABELS):
        return Role.LEAD
    if label in RESPONSIBLE_LABELS:  # the second role beside a 牵头单位, else the column's
        return Role.COOPERATING if has_lead else own
    return Role.COOPERATING


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """The span without separators, full stops and brackets left dangling by the labels around it."""
    while a < b:
        inner = text[a:b]
        opened = sum(inner.count(c) for c in _OPENERS) - sum(inner.count(c) for c in _CLOSERS)
        if inner[0] in _TRIMMED or inner[0] in _CLOSERS or (inner[0] in _OPENERS and opened > 0):
            a += 1
        elif inner[-1] in _TRIMMED or inner[-1] in _OPENERS or (inner[-1] in _CLOSERS and opened < 0):
            b -= 1
        else:
            break
    return a, b


def _spans(text: str, keep_whole: Iterable[str] = ()) -> list[tuple[int, int]]:
    """The spans of the names of a cell, split on separators outside brackets."""
    whole = sorted({w for w in keep_whole if w}, key=len, reverse=True)
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        while i < n and (text[i] in UNIT_SEPARATORS or text[i].isspace()):
            i += 1
        if i >= n:
            break
        hit = next(
            (w for w in whole if text.startswith(w, i)
             and (i + len(w) == n or text[i + len(w)] in UNIT_SEPARATORS)),
            None,
        )
        if hit:
            spans.append((i, i + len(hit)))
            i += len(hit)
            continue
        depth, j = 0, i
        while j < n and not (depth == 0 and text[j] in UNIT_SEPARATORS):
            if text[j] in _OPENERS:
                depth += 1
            elif text[j] in _CLOSERS and depth:
                depth -= 1
            j += 1
        a, b = i, j
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            spans.append((a, b))
        i = j
    return spans


def _merge_kinds(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a collective and the kinds listed after it with 、: 各区、县级市 and 各县、市、区 are one
    name each, and so is a list of bare kinds (区、县级市; 乡镇、街道); 各区、市财政局 is two (市财政局 is
    not a kind of area)."""
    out: list[tuple[int, int]] = []
    open_list = False  # the last name is a collective whose list of kinds may go on
    for a, b in spans:
        name = text[a:b]
        after_list = out and text[out[-1][1]:a].strip() == "、"
        if after_list and open_list and continues_kinds(name):
            out[-1] = (out[-1][0], b)
            open_list = COLLECTIVE_HEAD.fullmatch(text[out[-1][0]:b].replace("、", "")) is not None
            continue
        if after_list and KIND_BODY.fullmatch(name) and is_collective(text[out[-1][0]:out[-1][1]]):
            out[-1] = (out[-1][0], b)  # 各区人民政府、管委会: the body alone belongs to the areas before it
            open_list = False
            continue
        out.append((a, b))
        open_list = COLLECTIVE_HEAD.fullmatch(name.replace("、", "")) is not None or is_bare_kind(name)
    return out


_BARE_NUMBER = re.compile(r"\d{1,2}|[（(]\d{1,2}[）)]|[①-⑳]")


def _after_number(text: str, a: int, b: int) -> int:
    """Where a name starts after a list number (1.市科技局 → 市科技局); a if there is none."""
    number = LIST_NUMBER.match(text, a)
    return number.end() if number and number.end() < b else a


def _depth(text: str, at: int) -> int:
    """The bracket depth at a position of text."""
    depth = 0
    for c in text[:at]:
        if c in _OPENERS:
            depth += 1
        elif c in _CLOSERS and depth:
            depth -= 1
    return depth


def _runs(pieces: list[tuple[Role, Piece]]) -> list[tuple[Role, Piece]]:
    """A name whose role differs from the one before it starts a run of its own (its gap cleared)."""
    out: list[tuple[Role, Piece]] = []
    for i, (role, piece) in enumerate(pieces):
        if i and pieces[i - 1][0] is not role and piece.gap:
            piece = replace(piece, gap="")
        out.append((role, piece))
    return out
