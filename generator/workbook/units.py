"""Unit names: one canonical name per unit, aliases mapped to it, unknown names caught."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from generator.model import Unit
from generator.text.characters import strip_invisible
from generator.workbook.schema import COLLECTIVE_NAMES, is_collective


@dataclass
class Resolved:
    """A unit cell read: canonical names, and the names no unit answers to."""

    names: tuple[str, ...]
    unknown: tuple[str, ...]


class UnitRegistry:
    """The units of a workbook, from the 单位 sheet or, without one, from the table itself."""

    def __init__(self, listed: list[Unit] | None = None) -> None:
        self.has_list = listed is not None
        self.cells: dict[str, str] = {}  # unit name -> its cell in the 单位 sheet, for messages
        self._units: dict[str, Unit] = {}
        self._alias: dict[str, str] = {}
        for unit in listed or []:
            self._units[unit.name] = unit
            for alias in (unit.name, unit.full_name, *unit.aliases):
                if alias:
                    self._alias.setdefault(alias, unit.name)

    def keep_whole(self) -> tuple[str, ...]:
        """Names that contain a separator yet name one unit or one group."""
        return tuple(self._alias) + COLLECTIVE_NAMES

    def resolve(self, text: str) -> Resolved:
        """Split a unit cell and map each name to its unit, adding units as the table names them."""
        names: list[str] = []
        unknown: list[str] = []
        for raw in split_units(strip_invisible(text), self.keep_whole()):
            if raw.startswith("="):
                continue  # a formula, reported as such by the cell check
            name = self._alias.get(raw)
            if name is None:
                if is_collective(raw):
                    name = raw
                    self._units.setdefault(raw, Unit(raw, collective=True))
                elif self.has_list:
                    unknown.append(raw)  # reported; kept so that later checks see the cell filled
                    name = raw
                else:
                    name = raw
                    self._units[raw] = Unit(raw)
                    self._alias[raw] = raw
            if name not in names:
                names.append(name)
        return Resolved(tuple(names), tuple(unknown))

    def suggest(self, name: str) -> str | None:
        """The known name closest to a misspelt one (市科枝局 → 市科技局)."""
        close = difflib.get_close_matches(name, list(self._alias), n=1, cutoff=0.5)
        return self._alias[close[0]] if close else None

    def units(self) -> tuple[Unit, ...]:
        """Every unit in official order: the 单位 sheet's order, then the table's order of mention."""
        return tuple(self._units.values())
UNIT_SEPARATORS = "、，,；;\n"
_OPENERS = "（(〔[【《〈<｛{"
_CLOSERS = "）)〕]】》〉>｝}"


def split_units(text: str, keep_whole: Iterable[str] = ()) -> list[str]:
    """Split a unit cell on 、，,；; and line breaks, never inside brackets.

    Names in `keep_whole` (collective names such as 各区、县级市) are taken whole when a
    piece starts with them and they end at a separator or the end of the text.
    """
    whole = sorted({w for w in keep_whole if w}, key=len, reverse=True)
    names: list[str] = []
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
            names.append(hit)
            i += len(hit)
            continue
        depth, j = 0, i
        while j < n and not (depth == 0 and text[j] in UNIT_SEPARATORS):
            if text[j] in _OPENERS:
                depth += 1
            elif text[j] in _CLOSERS and depth:
                depth -= 1
            j += 1
        name = text[i:j].strip()
        if name:
            names.append(name)
        i = j
    return names
