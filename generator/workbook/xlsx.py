"""The openpyxl helpers and named styles every .xlsx writer shares (the task workbook, the matrix,
the reporting forms and the 汇总表).

Every text goes in as text (never a formula), wrapped, with row heights estimated so
that nothing is cut off in Excel, WPS or LibreOffice, and each sheet prints on A4.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Hashable, Iterable, Sequence
from typing import Literal, TypeAlias, TypedDict

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.escape import escape
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.header_footer import HeaderFooterItem
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from generator.text.characters import display_width

# Excel holds at most this many characters in a cell, counted as UTF-16 code units (a character
# beyond the BMP, such as 𠮷, counts two). openpyxl cuts a longer text at 32,767 Python characters
# without a word (and one holding such characters is still too long: Excel or WPS cut it or call the
# file damaged). A cell read from a workbook is within the limit; a text joined from several (a
# heading column's clause and group headings, units' answers in the 汇总表) may not be.
CELL_LIMIT = 32767


def excel_length(text: str) -> int:
    """The length of `text` as Excel counts it (see CELL_LIMIT)."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


def fits(text: str, limit: int = CELL_LIMIT) -> bool:
    """Whether a cell holds `text` (quick for the usual short text)."""
    return 2 * len(text) <= limit or excel_length(text) <= limit


def pieces(text: str, limit: int = CELL_LIMIT) -> list[str]:
    """`text` cut into consecutive pieces of at most `limit` (as Excel counts), never inside a
    character; joined, they are `text` again."""
    out: list[str] = []
    start = size = 0
    for i, ch in enumerate(text):
        width = 2 if ord(ch) > 0xFFFF else 1
        if size + width > limit:
            out.append(text[start:i])
            start, size = i, 0
        size += width
    out.append(text[start:])
    return out


def clipped(text: str, end: str = "…", limit: int = CELL_LIMIT) -> str:
    """`text` if a cell holds it, else its beginning ending with `end`, within `limit`."""
    return text if fits(text, limit) else pieces(text, limit - excel_length(end))[0] + end


# What taskdoc writes into a cell: text, a number, a date, or nothing.
CellValue: TypeAlias = str | float | dt.date | None

FONT = "宋体"
HEADER_FONT = "黑体"
LINE_HEIGHT_PT = 14.5  # one line of 11 pt text
SMALL_LINE_HEIGHT_PT = 11  # one line of 8 pt text (the matrix's clause titles)
DEFAULT_ROW_HEIGHT_PT = 15  # a row Excel leaves at its default height
# Points a row gets beyond its lines of text: row heights are estimated, and wrapped text needs
# room between the borders so that no line is cut off in Excel, WPS or LibreOffice.
ROW_PADDING_PT = 4  # a row of body text (or labels)
HEADER_PADDING_PT = 6  # a header row: bold text on a shaded fill
INPUT_ROW_PADDING_PT = 6  # a form's task row, where a unit types its answer
NOTE_PADDING_PT = 8  # one long text merged across the whole sheet (a form's 填报说明)
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
FORMULA_PREFIXES = ("=", "+", "-", "@")

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_WRAP_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")


def first_sheet(wb: Workbook) -> Worksheet:
    """The worksheet a new Workbook starts with."""
    ws = wb.active
    if not isinstance(ws, Worksheet):
        raise TypeError("a new workbook starts with a worksheet")
    return ws


def cell_at(ws: Worksheet, row: int, col: int) -> Cell:
    """A cell of a sheet being written. `merge` keeps plain cells under a merged range (openpyxl's
    merge_cells would replace them by MergedCells, which take no value), so this is never one."""
    cell = ws.cell(row, col)
    if isinstance(cell, MergedCell):
        raise TypeError(f"{cell.coordinate} lies inside a merged range")
    return cell


def put(cell: Cell, value: CellValue) -> Cell:
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


StyleName = Literal["taskdoc-header", "taskdoc-body", "taskdoc-body-centred", "taskdoc-input", "taskdoc-label"]


class _StyleParts(TypedDict, total=False):
    font: Font
    fill: PatternFill
    alignment: Alignment
    border: Border
    protection: Protection


# Named styles are registered once per workbook; assigning one is far cheaper than setting a
# cell's font, alignment and border one by one (openpyxl hashes each of them on every set).
_STYLES: dict[StyleName, _StyleParts] = {
    "taskdoc-header": _StyleParts(font=Font(name=HEADER_FONT, bold=True, size=11), fill=_HEADER_FILL,
                                  alignment=_WRAP_CENTER, border=_BORDER),
    "taskdoc-body": _StyleParts(font=Font(name=FONT, size=11), alignment=_WRAP_TOP, border=_BORDER),
    "taskdoc-body-centred": _StyleParts(font=Font(name=FONT, size=11), alignment=_WRAP_CENTER, border=_BORDER),
    # where a unit types on a protected form: unlocked, lightly shaded so it shows on screen
    "taskdoc-input": _StyleParts(font=Font(name=FONT, size=11), alignment=_WRAP_TOP, border=_BORDER,
                                 fill=PatternFill("solid", fgColor="FFF9E5"), protection=Protection(locked=False)),
    "taskdoc-label": _StyleParts(font=Font(name=HEADER_FONT, size=11), alignment=Alignment(vertical="center"),
                                 border=_BORDER),
}


def style(ws: Worksheet, name: StyleName) -> StyleName:
    """A named style of the sheet's workbook, registered on first use."""
    wb = ws.parent
    if wb is None:
        raise ValueError("a worksheet outside a workbook has no named styles")
    if name not in wb.named_styles:
        wb.add_named_style(NamedStyle(name=name, **_STYLES[name]))
    return name


def header_row(ws: Worksheet, row: int, labels: Sequence[str], widths: Sequence[float]) -> None:
    """A bold, shaded, bordered header row with column widths."""
    header = style(ws, "taskdoc-header")
    for col, (label, width) in enumerate(zip(labels, widths), 1):
        c = put(cell_at(ws, row, col), label)
        c.style = header
        ws.column_dimensions[get_column_letter(col)].width = width
    lines = max(lines_needed(lbl, w) for lbl, w in zip(labels, widths))
    ws.row_dimensions[row].height = lines * LINE_HEIGHT_PT + HEADER_PADDING_PT


def body_cell(ws: Worksheet, row: int, col: int, value: CellValue, centered: bool = False,
              style_name: StyleName | None = None) -> Cell:
    """A bordered, wrapped body cell (top-aligned text, or centred), or one of another named style."""
    c = cell_at(ws, row, col)
    c.style = style(ws, style_name or ("taskdoc-body-centred" if centered else "taskdoc-body"))
    return put(c, value)


def merge(ws: Worksheet, ref: str) -> None:
    """Merge a range (\"A1:C1\"): the first cell keeps its value, the others are emptied and take its
    named style, whose borders draw the merged cell's edges.

    openpyxl's merge_cells re-borders the edge cells one style object at a time, which took a fifth
    of the build of a provincial table's 600 forms.
    """
    cells = CellRange(ref)
    first = cell_at(ws, cells.min_row, cells.min_col)
    for row, col in cells.cells:
        if (row, col) != (cells.min_row, cells.min_col):
            c = cell_at(ws, row, col)
            c.value = None
            c.style = first.style
    ws.merged_cells.add(MergedCellRange(ws, cells.coord))


def merge_down(ws: Worksheet, column: int, first_row: int, last_row: int) -> None:
    """Merge a column's cells from `first_row` to `last_row` as `merge` does, when they are more than one."""
    if last_row > first_row:
        merge(ws, area(first_row, column, last_row, column))


def merge_runs(ws: Worksheet, column: int, first_row: int, keys: Iterable[Hashable]) -> None:
    """Merge a column over each run of rows with equal keys, as `merge_down` does: `keys` are one
    key a row from `first_row` down (a clause merged over its tasks: the rows' clauses)."""
    row = first_row
    for _, run in itertools.groupby(keys):
        count = sum(1 for _ in run)
        merge_down(ws, column, row, row + count - 1)
        row += count


def sheet_title(ws: Worksheet, text: str, columns: int, height: float, row: int = 1, bold: bool = False) -> None:
    """A sheet's title: 16 pt 黑体, centred across its `columns`, on a row `height` points high."""
    merge(ws, area(row, 1, row, columns))
    cell = put(cell_at(ws, row, 1), text)
    cell.font = Font(name=HEADER_FONT, size=16, bold=bold)
    cell.alignment = _WRAP_CENTER
    ws.row_dimensions[row].height = height


def area(first_row: int, first_col: int, last_row: int, last_col: int) -> str:
    """The reference of a block of cells, as "A1:C2"."""
    return CellRange(min_row=first_row, min_col=first_col, max_row=last_row, max_col=last_col).coord


def print_setup(ws: Worksheet, landscape: bool, title_rows: str) -> None:
    """A4, fit to page width, the `title_rows` ("1:2") repeated, page numbers in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.sheet_properties.pageSetUpPr is None:  # openpyxl gives every new sheet one
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_title_rows = title_rows
    set_footer(ws, center=("第 ", PAGE, " 页，共 ", PAGES, " 页"))


class Code(str):
    """An Excel header/footer code, written as it is (any other text is printed literally)."""


PAGE, PAGES = Code("&P"), Code("&N")  # the page number, the number of pages
# Excel allows at most 255 characters in a header or footer, codes included: a longer text is
# shortened with "…" (`set_footer`); the full name stands in the sheet's own cells.
HEADER_FOOTER_LIMIT = 255


def header_footer_text(*pieces: str) -> str:
    """Pieces of an Excel header or footer joined: a `Code` as it is, any other text so that it
    prints as written. In a header or footer "&" starts a code ("&P" prints the page number, "&B"
    turns bold): a literal "&" is written "&&"."""
    return "".join(p if isinstance(p, Code) else p.replace("&", "&&") for p in pieces)


class _Footer(HeaderFooterItem):
    """openpyxl's header/footer item, packed as it is: openpyxl's own packing also rewrites
    "&[Page]", "&[Date]" and the like into codes, which would turn an escaped "&&[Page]" into "&&P"."""

    def __str__(self) -> str:
        parts = zip("LCR", (self.left, self.center, self.right))
        return escape("".join(f"&{key}{part.text}" for key, part in parts if part.text))


def set_footer(ws: Worksheet, *, left: Sequence[str] | None = None, center: Sequence[str] | None = None,
               right: Sequence[str] | None = None) -> None:
    """Set parts of the sheet's footer (its odd-page one, which Excel prints on every page unless a
    sheet sets different even pages; none of ours does), each from pieces as `header_footer_text`
    takes them: `Code`s, and text printed literally. The parts not given are kept. The only way
    taskdoc sets a header or footer text, so that a unit's name with "&" (测试&P局) is never a code.
    A footer over `HEADER_FOOTER_LIMIT` has its longest texts shortened with "…"."""
    old = ws.oddFooter if ws.oddFooter is not None else HeaderFooterItem()
    pieces = {"left": left, "center": center, "right": right}
    kept: dict[str, list[str]] = {name: [Code(getattr(old, name).text)] if getattr(old, name).text else []
                                  for name in pieces}  # already as Excel reads it
    chosen = {name: list(given) if given is not None else kept[name] for name, given in pieces.items()}
    _fit(chosen, HEADER_FOOTER_LIMIT)
    item = _Footer()
    for name, parts in chosen.items():
        if parts:
            getattr(item, name).text = header_footer_text(*parts)
    ws.oddFooter = item


def _fit(parts: dict[str, list[str]], limit: int) -> None:
    """Shorten the longest literal pieces (with "…") until the packed footer is within `limit`."""
    def packed() -> int:
        return sum(2 + len(header_footer_text(*pieces)) for pieces in parts.values() if pieces)

    while (excess := packed() - limit) > 0:
        literals = [(len(header_footer_text(p)), name, i) for name, pieces in parts.items()
                    for i, p in enumerate(pieces) if not isinstance(p, Code) and len(p) > 1]
        if not literals:
            raise ValueError("a footer of codes alone over Excel's limit")  # never from a clerk's text
        size, name, i = max(literals)
        room, keep = max(0, size - excess - 1), 0  # the escaped length the piece may keep, "…" aside
        for ch in parts[name][i]:
            room -= 2 if ch == "&" else 1
            if room < 0:
                break
            keep += 1
        parts[name][i] = parts[name][i][:keep] + "…"
