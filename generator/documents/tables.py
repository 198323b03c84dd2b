"""The tables of the 公文 and the forms (§8 practice): compact cells off the body grid, a header row
repeated on every page, rows kept on one page where they fit, text merged down a column."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Hashable, Sequence
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
    A form's smaller text passes its own `size` and `line`."""
    if size is None:
        size = L.TABLE_HEADER_SIZE if header else L.TABLE_SIZE
    X.fill_cell(cell, text, font=fonts.heading1 if header else fonts.body, size=size, line=line,
                align="center" if header or center else "both", valign="center" if header or center else "top")


def column_widths(total: int, weights: Sequence[float]) -> list[int]:
    """Twips of each column of a table `total` twips wide, in proportion to `weights`."""
    return [math.floor(total * w / sum(weights)) for w in weights]


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
