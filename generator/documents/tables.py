"""The tables of the 公文 and the forms (§8 practice): compact cells off the body grid, a header row
repeated on every page, rows kept on one page where they fit, text merged down a column."""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from generator.documents import layout as L
from generator.documents.typeset import text_units
from generator.docx import ooxml as X

if TYPE_CHECKING:
    from generator.docx.ooxml import Cell, Document, Row

K = TypeVar("K", bound=Hashable)


def write_cell(fonts: L.Fonts, cell: Cell, text: str, header: bool = False, center: bool = False,
               size: float | None = None, line: int = L.TABLE_LINE) -> None:
    """Compact table text (§8 practice): 小四 仿宋, header 黑体, one paragraph per line, off the grid.
    Text is set flush left, never justified: in a narrow cell a line that the line-breaking rules
    end early (a 、 or ” may not start the next) would be spread out character by character
    (“扩 规 计”). A form's smaller text passes its own `size` and `line`."""
    if size is None:
        size = L.TABLE_HEADER_SIZE if header else L.TABLE_SIZE
    X.fill_cell(cell, text, font=fonts.heading1 if header else fonts.body, size=size, line=line,
                align="center" if header or center else "left", valign="center" if header or center else "top")


def column_widths(total: int, weights: Sequence[float]) -> list[int]:
    """Twips of each column of a table `total` twips wide, in proportion to `weights`."""
    return [math.floor(total * w / sum(weights)) for w in weights]


@dataclass(frozen=True)
class Column:
    """What a column of a table holds, for `fitted_widths`: the text of each of its cells (a merged
    cell once), its header, the characters a line must hold at least (a unit column: a usual unit
    name and its 、) and, for a column of numbers, a width fixed in advance (twips)."""

    texts: Sequence[str]
    header: str = ""
    least: float = L.TABLE_MIN_CHARS
    fixed: int | None = None


def unit_line(names: Iterable[str]) -> float:
    """The characters a line of a unit column should hold at least: a usual unit name (the median
    length, in 字) and its 、, which keeps most names whole without making the column as wide as
    the longest name."""
    return statistics.median_low([text_units(n) for n in names] or [L.TABLE_MIN_CHARS]) + 1


def one_line(texts: Iterable[str]) -> int:
    """Twips of a column whose every text (a 序号, a 本单位职责) stands on one line, centred with half
    a character to spare."""
    units = max((text_units(t) for t in texts), default=0) * L.TABLE_TEXT_SLACK + L.TABLE_SERIAL_ROOM
    return math.ceil(units * L.pt(L.TABLE_SIZE) + 2 * L.TABLE_CELL_MARGIN)


def fitted_widths(total: int, columns: Sequence[Column], height: Callable[[list[int]], int] | None = None) -> list[int]:
    """Twips of each column of a table `total` twips wide, following the content.

    Each column lies between its least width (its header, `Column.least` characters) and its
    longest line. It starts in proportion to the text it holds (its area
    in 字: columns run about equally deep), settled by water-filling (a column at a bound keeps it,
    the rest share what is left). With `height` (the table's estimated height for given widths),
    widths are then moved from column to column, a few characters at a time, while the table gets
    shorter: merged cells and rows make the deepest column of each row what counts, not the sum."""
    char = L.pt(L.TABLE_SIZE)
    margins = 2 * L.TABLE_CELL_MARGIN

    def room(units: float) -> int:
        return math.ceil(units * L.TABLE_TEXT_SLACK * char) + margins

    low: list[int] = []
    high: list[int] = []
    demand: list[float] = []
    for c in columns:
        if c.fixed is not None:
            low.append(c.fixed)
            high.append(c.fixed)
            demand.append(0.0)
            continue
        low.append(room(max(text_units(c.header), c.least)))
        lines = [line for text in c.texts for line in (text or "").split("\n")]
        high.append(max(low[-1], room(max((text_units(line) for line in lines), default=0))))
        demand.append(sum(text_units(line) for line in lines))
    fixed = [c.fixed is not None for c in columns]
    if sum(low) >= total:  # too many columns for the page: every one at its least, scaled down
        return _scaled(total, low, fixed)
    if sum(high) <= total:  # little text: every line on one line, the space left shared by width
        return _scaled(total, high, fixed)
    widths = _water_fill(total, low, high, demand, fixed)
    return widths if height is None else _shortest(widths, low, high, height, char)


def _scaled(total: int, widths: list[int], fixed: list[bool]) -> list[int]:
    """The widths, those not fixed scaled in proportion so that all add up to `total`."""
    free = total - sum(w for w, f in zip(widths, fixed) if f)
    scaled = iter(column_widths(free, [w for w, f in zip(widths, fixed) if not f]))
    return [w if f else next(scaled) for w, f in zip(widths, fixed)]


def _water_fill(total: int, low: list[int], high: list[int], demand: list[float], fixed: list[bool]) -> list[int]:
    """Widths in proportion to `demand` between `low` and `high`, adding up to `total` (which lies
    between the sums of the bounds)."""
    settled = {i: low[i] for i, f in enumerate(fixed) if f}
    while free := [i for i in range(len(low)) if i not in settled]:
        left = total - sum(settled.values())
        weight = sum(demand[i] for i in free)
        share = {i: left * demand[i] / weight if weight else left / len(free) for i in free}
        bound = {i: low[i] for i in free if share[i] < low[i]} or {i: high[i] for i in free if share[i] > high[i]}
        if not bound:
            settled.update({i: math.floor(share[i]) for i in free})
            break
        settled.update(bound)
    widths = [settled[i] for i in range(len(low))]
    loose = [i for i, f in enumerate(fixed) if not f]
    if loose:  # what rounding (or a last bound) left, to the widest column that may take it
        widths[max(loose, key=lambda i: widths[i])] += total - sum(widths)
    return widths


def _shortest(widths: list[int], low: list[int], high: list[int], height: Callable[[list[int]], int],
              char: int) -> list[int]:
    """Local search: move 8, 4, 2, then 1 characters' width from one column to another while the
    table's estimated height drops (each move keeps the total and the bounds)."""
    best = height(widths)
    for step in (8 * char, 4 * char, 2 * char, char):
        improved = True
        while improved:
            improved = False
            for i, j in itertools.permutations(range(len(widths)), 2):
                if widths[i] + step > high[i] or widths[j] - step < low[j]:
                    continue
                trial = list(widths)
                trial[i] += step
                trial[j] -= step
                if (h := height(trial)) < best:
                    widths, best, improved = trial, h, True
    return widths


def cell_height(text: str, width: int) -> int:
    """Twips a cell's text needs in a column `width` twips wide (estimated, erring on the tall side)."""
    chars = max(math.floor((width - 2 * L.TABLE_CELL_MARGIN) / L.pt(L.TABLE_SIZE)), 1)
    lines = sum(max(1, math.ceil(text_units(p) * L.TABLE_TEXT_SLACK / chars)) for p in (text or "").split("\n"))
    margins = L.TABLE_CELL_MARGINS.top + L.TABLE_CELL_MARGINS.bottom
    return lines * L.TABLE_LINE + margins + L.TABLE_BORDER_ALLOWANCE


def header_table(doc: Document, fonts: L.Fonts, widths: list[int], headers: Sequence[str], rows: int, *,
                 size: float | None = None, line: int = L.TABLE_LINE) -> tuple[list[Row], list[list[Cell]]]:
    """A table of `rows` empty rows under a header row that is repeated on every page and never
    split, its cells written with `headers` (黑体, centred; `size` and `line` as for `write_cell`).

    Returns the rows and the cell matrix, header first. python-docx finds a row or cell by walking
    the whole table (and resolving merges) on every access, which made a provincial-scale table
    quadratic: the grid is taken once."""
    table = X.new_table(doc, 1 + rows, widths, L.TABLE_CELL_MARGINS, border_size=L.TABLE_BORDER_SIZE)
    trs, grid = X.table_grid(table)
    X.repeat_as_header(trs[0])
    X.keep_on_one_page(trs[0])
    for cell, text in zip(grid[0], headers):
        write_cell(fonts, cell, text, header=True, size=size, line=line)
    return trs, grid


def keep_if_it_fits(row: Row, height: int) -> None:
    """Keep a row on one page when its (estimated) height fits under the repeated header on a page
    (TABLE_KEEP_ROW_MAX); a taller row may break."""
    if height <= L.TABLE_KEEP_ROW_MAX:
        X.keep_on_one_page(row)


def merge_down(fonts: L.Fonts, cells: Sequence[Cell], text: str, *, center: bool = False, size: float | None = None,
               line: int = L.TABLE_LINE) -> None:
    """Write text into the first of a column's (still empty) cells and merge them vertically."""
    write_cell(fonts, cells[0], text, center=center, size=size, line=line)
    if len(cells) > 1:
        X.vmerge(cells)


def span_row(cells: Sequence[Cell], text: str, *, font: str, size: float | None = None,
             line: int = L.TABLE_LINE) -> Cell:
    """Merge a row's (still empty) cells into one cell across the table and write `text` in it,
    left-aligned in `font`: a heading row (一、总体要求) between the rows of its items. The cells
    right of the first are gone afterwards; the merged cell is returned."""
    cell = cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]
    X.fill_cell(cell, text, font=font, size=L.TABLE_SIZE if size is None else size, line=line, align="left",
                valign="center")
    return cell


def keep_with_next(cells: Sequence[Cell]) -> None:
    """Keep the row of these (written) cells on the page of the row under it: a heading row is
    never left alone at the foot of a page."""
    for cell in cells:
        for p in cell.paragraphs:
            X.paragraph_format(p, keep_next=True)


def merge_runs(fonts: L.Fonts, cells: Sequence[Cell], keys: Sequence[K], text: Callable[[K], str], *,
               size: float | None = None, line: int = L.TABLE_LINE) -> None:
    """Merge a column over each run of rows with equal keys, as `merge_down` does, writing the
    run's `text(key)`: `cells` are the column's (still empty) cells and `keys` one key a row, top
    to bottom (a clause merged over its tasks: the rows' clauses)."""
    start = 0
    for key, run in itertools.groupby(keys):
        end = start + sum(1 for _ in run)
        merge_down(fonts, cells[start:end], text(key), size=size, line=line)
        start = end
