"""Writes .xlsx files with openpyxl: the task workbook as a clerk keeps it.

Every text goes in as text (never a formula), wrapped, with row heights estimated so
that nothing is cut off in Excel, WPS or LibreOffice, and each sheet prints on A4.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from generator.text.characters import display_width

FONT = "宋体"
HEADER_FONT = "黑体"
LINE_HEIGHT_PT = 14.5  # one line of 11 pt text
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
FORMULA_PREFIXES = ("=", "+", "-", "@")

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_WRAP_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")


def put(cell: Cell, value: object) -> Cell:
    """Write a value; text that looks like a formula (=, +, -, @) stays text."""
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"
        cell.quotePrefix = True
    if isinstance(value, (dt.date, dt.datetime)):
        cell.number_format = DATE_FORMAT
    return cell


def lines_needed(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column `width` characters wide (Chinese counts two)."""
    usable = max(width - 1, 1)
    return sum(max(1, math.ceil(display_width(line) / usable)) for line in str(text).split("\n"))


# Named styles are registered once per workbook; assigning one is far cheaper than setting a
# cell's font, alignment and border one by one (openpyxl hashes each of them on every set).
_STYLES = {
    "taskdoc-header": dict(font=Font(name=HEADER_FONT, bold=True, size=11), fill=_HEADER_FILL,
                           alignment=_WRAP_CENTER, border=_BORDER),
    "taskdoc-body": dict(font=Font(name=FONT, size=11), alignment=_WRAP_TOP, border=_BORDER),
    "taskdoc-body-centred": dict(font=Font(name=FONT, size=11), alignment=_WRAP_CENTER, border=_BORDER),
    # where a unit types on a protected form: unlocked, lightly shaded so it shows on screen
    "taskdoc-input": dict(font=Font(name=FONT, size=11), alignment=_WRAP_TOP, border=_BORDER,
                          fill=PatternFill("solid", fgColor="FFF9E5"), protection=Protection(locked=False)),
    "taskdoc-label": dict(font=Font(name=HEADER_FONT, size=11), alignment=Alignment(vertical="center"),
                          border=_BORDER),
}


def style(ws: Worksheet, name: str) -> str:
    wb = ws.parent
    if name not in wb.named_styles:
        wb.add_named_style(NamedStyle(name=name, **_STYLES[name]))
    return name


def header_row(ws: Worksheet, row: int, labels: Sequence[str], widths: Sequence[float]) -> None:
    """A bold, shaded, bordered header row with column widths."""
    header = style(ws, "taskdoc-header")
    for col, (label, width) in enumerate(zip(labels, widths), 1):
        c = put(ws.cell(row, col), label)
        c.style = header
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[row].height = max(lines_needed(lbl, w) for lbl, w in zip(labels, widths)) * LINE_HEIGHT_PT + 6


def body_cell(ws: Worksheet, row: int, col: int, value: object, centered: bool = False,
              style_name: str | None = None) -> Cell:
    """A bordered, wrapped body cell (top-aligned text, or centred), or one of another named style."""
    c = ws.cell(row, col)
    c.style = style(ws, style_name or ("taskdoc-body-centred" if centered else "taskdoc-body"))
    return put(c, value)


def merge(ws: Worksheet, ref: str) -> None:
    """Merge a range (\"A1:C1\"): the first cell keeps its value, the others are emptied and take its
    named style, whose borders draw the merged cell's edges.

    openpyxl's merge_cells re-borders the edge cells one style object at a time, which took a fifth
    of the build of a provincial table's 600 forms.
    """
    cells = CellRange(ref)
    first = ws.cell(cells.min_row, cells.min_col)
    for row, col in cells.cells:
        if (row, col) != (cells.min_row, cells.min_col):
            c = ws.cell(row, col)
            c.value = None
            c.style = first.style
    ws.merged_cells.add(MergedCellRange(ws, cells.coord))


def sheet_title(ws: Worksheet, text: str, columns: int, height: float, row: int = 1, bold: bool = False) -> None:
    """A sheet's title: 16 pt 黑体, centred across its `columns`, on a row `height` points high."""
    merge(ws, area(row, 1, row, columns))
    cell = put(ws.cell(row, 1), text)
    cell.font = Font(name=HEADER_FONT, size=16, bold=bold)
    cell.alignment = _WRAP_CENTER
    ws.row_dimensions[row].height = height


def area(first_row: int, first_col: int, last_row: int, last_col: int) -> str:
    """The reference of a block of cells, as "A1:C2"."""
    return CellRange(min_row=first_row, min_col=first_col, max_row=last_row, max_col=last_col).coord


def print_setup(ws: Worksheet, landscape: bool, title_rows: str | None = None) -> None:
    """A4, fit to page width, header rows repeated, page numbers in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


# -- the task workbook ------------------------------------------------------------------------


# -- the unit × clause matrix -----------------------------------------------------------------
