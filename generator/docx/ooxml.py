"""The .docx layer: python-docx plus the OOXML it has no API for (East Asian fonts, fields,
borders, grids, merged cells, floating tables, rotated text boxes).

python-docx is imported here and nowhere else; the types of its objects that other layers name
in annotations (`Document`, `Section`, `Paragraph`, `Run`, `Table`, `Row`, `Cell`) are exported
from here. Page set-ups, document defaults and cell margins come in as arguments
(`generator.docx.parameters`); lengths are in twips. Raw elements are always inserted in schema
order (python-docx does not reorder children).
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal, TypedDict, Unpack
from xml.sax.saxutils import escape as xml_escape

from docx.api import Document as _open_default_document
from docx.document import Document as Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section as Section
from docx.shared import Twips
from docx.table import Table as Table
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph as Paragraph
from docx.text.run import Run as Run
from lxml import etree

from generator.docx.parameters import CellMargins, DocumentDefaults, PageSetup

# The python-docx types other layers name, re-exported explicitly (`X as X` above, or defined
# here): a table's cell and row, which python-docx keeps under private names, are given public ones.
Cell = _Cell
Row = _Row
Element = etree._Element
PPR_SEQ = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
           "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
           "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
           "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
           "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
           "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
RPR_SEQ = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
           "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
           "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
           "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
           "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
TRPR_SEQ = ("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
            "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
TCPR_SEQ = ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd", "w:noWrap",
            "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
SECTPR_SEQ = ("w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type", "w:pgSz",
              "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt",
              "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
              "w:printerSettings", "w:sectPrChange")
BEIJING = dt.timezone(dt.timedelta(hours=8))


@cache
def _names(tag: str, seq: tuple[str, ...]) -> tuple[str, frozenset[str]]:
    """The Clark name of a tag and of the tags that must come after it (cached: a hot path)."""
    return qn(tag), frozenset(qn(t) for t in seq[seq.index(tag) + 1:])


def _child(parent: Element, tag: str, seq: tuple[str, ...]) -> Element:
    """Get or insert a child element in schema order."""
    name, successors = _names(tag, seq)
    el = parent.find(name)
    if el is None:
        el = OxmlElement(tag)
        for i, existing in enumerate(parent):
            if existing.tag in successors:
                parent.insert(i, el)
                break
        else:
            parent.append(el)
    return el


def _ppr(p: Paragraph, tag: str) -> Element:
    return _child(p._p.get_or_add_pPr(), tag, PPR_SEQ)


def _rpr(rPr: Element, tag: str) -> Element:
    return _child(rPr, tag, RPR_SEQ)


def _remove(el: Element) -> None:
    parent = el.getparent()
    if parent is not None:
        parent.remove(el)


def _drop_attribute(el: Element, name: str) -> None:
    if qn(name) in el.attrib:
        del el.attrib[qn(name)]


# -- fonts and runs --------------------------------------------------------------------------


class RunStyle(TypedDict, total=False):
    """The formatting `add_run` and `add_field` give their runs (None or False: left as inherited)."""

    font: str | None  # East Asian font
    latin: str | None  # font of digits and Latin letters
    size: float | None  # pt
    color: str | None  # RRGGBB
    spacing: int | None  # twentieths of a point (negative: condensed)
    scale: int | None  # horizontal scale, percent
    underline: bool
    bold: bool
    strike: bool


def set_fonts(rPr: Element, latin: str | None, east_asia: str | None) -> None:
    """Write the East Asian font name (python-docx only writes ascii/hAnsi) and drop theme fonts."""
    f = _rpr(rPr, "w:rFonts")
    for a in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        _drop_attribute(f, a)
    if latin:
        for a in ("w:ascii", "w:hAnsi", "w:cs"):
            f.set(qn(a), latin)
    if east_asia:
        f.set(qn("w:eastAsia"), east_asia)
        f.set(qn("w:hint"), "eastAsia")  # “”—… take the Chinese font too


def style_run(rPr: Element, *, font: str | None = None, latin: str | None = None, size: float | None = None,
              color: str | None = None, spacing: int | None = None, scale: int | None = None,
              underline: bool = False, bold: bool = False, strike: bool = False) -> None:
    """Set a run's fonts, size, colour, character spacing and scale, underline, bold, strike-through."""
    if font or latin:
        set_fonts(rPr, latin, font)
    if bold:
        _rpr(rPr, "w:b")
    if strike:
        _rpr(rPr, "w:strike")
    if underline:
        _rpr(rPr, "w:u").set(qn("w:val"), "single")
    if color:
        _rpr(rPr, "w:color").set(qn("w:val"), color)
    if spacing is not None:
        _rpr(rPr, "w:spacing").set(qn("w:val"), str(spacing))
    if scale is not None and scale != 100:
        _rpr(rPr, "w:w").set(qn("w:val"), str(scale))
    if size is not None:
        half = str(round(size * 2))
        _rpr(rPr, "w:sz").set(qn("w:val"), half)
        _rpr(rPr, "w:szCs").set(qn("w:val"), half)


def add_run(p: Paragraph, text: str, **style: Unpack[RunStyle]) -> Run:
    """A run of text (line breaks become w:br) with its font, size, colour and spacing."""
    r = p.add_run()
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if i:
            r.add_break()
        if line:
            r._r.append(_text(line))
    if style:
        style_run(r._r.get_or_add_rPr(), **style)
    return r


def _text(value: str) -> Element:
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = value
    return t


# -- paragraphs -----------------------------------------------------------------------------


class ParagraphFormat(TypedDict, total=False):
    """The keyword arguments of `paragraph_format`, for functions that pass them on."""

    align: str | None
    line: int | None
    before: int | None
    first_line: int | None
    left: int | None
    right: int | None
    hanging: int | None
    keep_next: bool
    snap: bool | None


def paragraph_format(p: Paragraph, *, align: str | None = None, line: int | None = None,
                     before: int | None = None, first_line: int | None = None, left: int | None = None,
                     right: int | None = None, hanging: int | None = None, keep_next: bool = False,
                     snap: bool | None = None) -> Paragraph:
    """Set a paragraph's alignment (left/center/right/both), exact line height, space before,
    indents (twips), keeping with the next paragraph and snapping to the document grid."""
    if keep_next:
        _ppr(p, "w:keepNext")
    if snap is not None:
        _ppr(p, "w:snapToGrid").set(qn("w:val"), "1" if snap else "0")
    if line is not None or before is not None:
        s = _ppr(p, "w:spacing")
        if line is not None:
            s.set(qn("w:line"), str(line))
            s.set(qn("w:lineRule"), "exact")
        if before is not None:
            s.set(qn("w:before"), str(before))
    if any(v is not None for v in (first_line, left, right, hanging)):
        ind = _ppr(p, "w:ind")
        for name, value in (("w:left", left), ("w:right", right), ("w:firstLine", first_line), ("w:hanging", hanging)):
            if value is not None:
                ind.set(qn(name), str(value))
    if align:
        _ppr(p, "w:jc").set(qn("w:val"), align)
    return p


def right_tab(p: Paragraph, position: int) -> None:
    """A right-aligned tab stop `position` twips from the paragraph's left indent."""
    tab = OxmlElement("w:tab")
    tab.set(qn("w:val"), "right")
    tab.set(qn("w:pos"), str(position))
    _ppr(p, "w:tabs").append(tab)


def border(p: Paragraph, edge: str, size: int, color: str = "000000", space: int = 0) -> None:
    """A rule along one edge of a paragraph (w:pBdr); size in eighths of a point, space in points."""
    bdr = _ppr(p, "w:pBdr")
    order = ("w:top", "w:left", "w:bottom", "w:right", "w:between", "w:bar")
    el = _child(bdr, f"w:{edge}", order)
    for k, v in (("w:val", "single"), ("w:sz", str(size)), ("w:space", str(space)), ("w:color", color)):
        el.set(qn(k), v)


# A field's code: its instruction text, with fields nested in it (`Field`) where Word evaluates one
# inside another ({ IF { PAGE } = { = { PAGEREF x } + 1 } "…" "" }).
FieldCode = Sequence["str | Field"]


@dataclass(frozen=True)
class Field:
    """A field nested in another's code, with the result shown until the reader updates it."""

    code: FieldCode
    cached: str = ""


def add_field(p: Paragraph, instr: str | FieldCode, cached: str = "1", **style: Unpack[RunStyle]) -> None:
    """A complex field (PAGE …) with a cached result shown until the reader updates it; `instr` may
    hold nested fields, its texts written as they are (spaces between the parts included)."""
    _field(p, Field([f" {instr} "] if isinstance(instr, str) else instr, cached), style)


def _field(p: Paragraph, field: Field, style: RunStyle) -> None:
    def char(kind: str) -> None:
        r = p.add_run()
        e = OxmlElement("w:fldChar")
        e.set(qn("w:fldCharType"), kind)
        r._r.append(e)
        if style:
            style_run(r._r.get_or_add_rPr(), **style)

    char("begin")
    for part in field.code:
        if isinstance(part, Field):
            _field(p, part, style)
            continue
        r = p.add_run()
        it = OxmlElement("w:instrText")
        it.set(qn("xml:space"), "preserve")
        it.text = part
        r._r.append(it)
        if style:
            style_run(r._r.get_or_add_rPr(), **style)
    char("separate")
    if field.cached:
        add_run(p, field.cached, **style)
    char("end")


def bookmark(p: Paragraph, name: str) -> None:
    """A bookmark around the end of a paragraph (an empty one at its end), for a PAGEREF to find its page."""
    body = p._p
    used = [int(b.get(qn("w:id")) or 0) for b in body.getroottree().iter(qn("w:bookmarkStart"))]
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    ident = str(max(used, default=0) + 1)
    start.set(qn("w:id"), ident)
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), ident)
    body.append(start)
    body.append(end)


# -- document and sections --------------------------------------------------------------------


def new_document(defaults: DocumentDefaults) -> Document:
    """An empty document with these defaults (Normal style, language, first section's page).

    Built once per setting and deep-copied: python-docx reads and parses its template package on
    every Document(), a third of a letter's time."""
    return copy.deepcopy(_prototype(defaults))


@lru_cache(maxsize=4)
def _prototype(defaults: DocumentDefaults) -> Document:
    doc = _open_default_document()
    _drop_template_extras(doc)
    styles = doc.styles.element
    doc_defaults = styles.find(qn("w:docDefaults"))
    run_defaults = doc_defaults.find(qn("w:rPrDefault")) if doc_defaults is not None else None
    rPr = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
    if rPr is None:
        raise ValueError("python-docx's default template has no w:docDefaults/w:rPrDefault/w:rPr")
    set_fonts(rPr, defaults.latin, defaults.font)
    _rpr(rPr, "w:lang").set(qn("w:eastAsia"), defaults.language)
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), defaults.language)
    zoom = doc.settings.element.find(qn("w:zoom"))
    if zoom is not None and zoom.get(qn("w:percent")) is None:
        zoom.set(qn("w:percent"), "100")  # required by CT_Zoom (ISO/IEC 29500-1 §17.15.1.94); the template lacks it
    normal = doc.styles["Normal"]
    style_run(normal.element.get_or_add_rPr(), font=defaults.font, latin=defaults.latin, size=defaults.size,
              spacing=defaults.char_spacing)
    pf = normal.element.get_or_add_pPr()
    s = _child(pf, "w:spacing", PPR_SEQ)
    s.set(qn("w:line"), str(defaults.line))
    s.set(qn("w:lineRule"), "exact")
    s.set(qn("w:before"), "0")
    s.set(qn("w:after"), "0")
    _child(pf, "w:jc", PPR_SEQ).set(qn("w:val"), defaults.align)
    _child(pf, "w:snapToGrid", PPR_SEQ).set(qn("w:val"), "1" if defaults.snap_to_grid else "0")
    _child(pf, "w:overflowPunct", PPR_SEQ).set(qn("w:val"), "1" if defaults.hanging_punctuation else "0")
    doc.settings.odd_and_even_pages_header_footer = defaults.odd_and_even_headers
    set_page(doc.sections[0], defaults.page)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    return doc


# Parts of python-docx's default template that no document of ours uses: a thumbnail of the blank
# template page (wrong for any document), its bibliography sources, Word 2010's styles copy.
_TEMPLATE_EXTRAS = ("thumbnail", "customXml", "stylesWithEffects")


def _drop_template_extras(doc: Document) -> None:
    for owner in (doc.part.package, doc.part):
        for rid, rel in list(owner.rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in _TEMPLATE_EXTRAS:
                owner.rels.pop(rid)


def _grid(section: Section, pitch: int) -> None:
    """A lines-only document grid of `pitch` twips."""
    g = _child(section._sectPr, "w:docGrid", SECTPR_SEQ)
    g.set(qn("w:type"), "lines")
    g.set(qn("w:linePitch"), str(pitch))
    _drop_attribute(g, "w:charSpace")


def set_page(section: Section, page: PageSetup) -> None:
    """Give a section its page: orientation, size, margins, header and footer distances, line grid."""
    section.orientation = WD_ORIENT.LANDSCAPE if page.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Twips(page.width), Twips(page.height)
    section.top_margin, section.bottom_margin = Twips(page.top), Twips(page.bottom)
    section.left_margin, section.right_margin = Twips(page.left), Twips(page.right)
    section.header_distance = Twips(page.header)
    section.footer_distance = Twips(page.footer)
    _grid(section, page.line_pitch)


def set_different_first_page(section: Section, different: bool) -> None:
    """Give the section's first page a header and footer of its own, or the same as the others'."""
    section.different_first_page_header_footer = different


SectionStart = Literal["nextPage", "evenPage", "oddPage"]
_STARTS = {"nextPage": WD_SECTION.NEW_PAGE, "evenPage": WD_SECTION.EVEN_PAGE, "oddPage": WD_SECTION.ODD_PAGE}


def add_section(doc: Document, *, start: SectionStart = "nextPage") -> Section:
    """A new section starting on a new page ("evenPage"/"oddPage" to land on an even/odd page)."""
    section: Section = doc.add_section(_STARTS[start])
    pg = section._sectPr.find(qn("w:pgNumType"))
    if pg is not None:  # the new section is cloned from the last one; numbering continues
        section._sectPr.remove(pg)
    return section


def restart_numbering(section: Section, start: int = 1) -> None:
    """Number the section's pages from `start`."""
    _child(section._sectPr, "w:pgNumType", SECTPR_SEQ).set(qn("w:start"), str(start))


def clear_header_footer(section: Section) -> None:
    """Unlink all of a section's headers and footers and leave them empty."""
    for part in (section.header, section.even_page_header, section.footer, section.even_page_footer,
                 section.first_page_header, section.first_page_footer):
        part.is_linked_to_previous = False
        for p in part.paragraphs[1:]:
            _remove(p._p)
        part.paragraphs[0]._p.clear_content()


CORE_PROPERTY_CHARS = 255  # python-docx refuses a longer core property (ECMA-376 Part 2 leaves it to the app)


def set_core_properties(doc: Document, *, title: str, author: str, created: dt.date, subject: str = "",
                        keywords: str = "") -> None:
    """Title, author, subject and creation time (the 成文日期 at 09:00 Beijing time, stored as UTC).
    Each text is cut to the 255 characters the core properties hold (a unit's 300-character 全称 in a
    letter's subject); the document itself keeps the whole text."""
    def fits(text: str) -> str:
        return text if len(text) <= CORE_PROPERTY_CHARS else text[:CORE_PROPERTY_CHARS - 1] + "…"

    cp = doc.core_properties
    cp.title, cp.author, cp.subject, cp.keywords = fits(title), fits(author), fits(subject), fits(keywords)
    cp.last_modified_by = fits(author)
    cp.language = "zh-CN"
    moment = dt.datetime.combine(created, dt.time(9, 0), BEIJING).astimezone(dt.UTC).replace(tzinfo=None)
    cp.created = cp.modified = moment
    cp.revision = 1


# -- tables ---------------------------------------------------------------------------------


def new_table(doc: Document, rows: int, widths: list[int], margins: CellMargins, *, border_size: int) -> Table:
    """A centred fixed-layout table with the given column widths (twips), cell margins and single
    black borders (`border_size` in eighths of a point)."""
    table: Table = doc.add_table(rows=rows, cols=len(widths))
    tbl = table._tbl
    tblPr = tbl.tblPr
    for el in tblPr.findall(qn("w:tblStyle")):
        tblPr.remove(el)
    tblPr.append(parse_xml(f'<w:tblW {nsdecls("w")} w:w="{sum(widths)}" w:type="dxa"/>'))
    tblPr.append(parse_xml(f'<w:jc {nsdecls("w")} w:val="center"/>'))
    edges = "".join(f'<w:{e} w:val="single" w:sz="{border_size}" w:space="0" w:color="000000"/>'
                    for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
    tblPr.append(parse_xml(f'<w:tblBorders {nsdecls("w")}>{edges}</w:tblBorders>'))
    tblPr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    m = margins
    tblPr.append(parse_xml(
        f'<w:tblCellMar {nsdecls("w")}><w:top w:w="{m.top}" w:type="dxa"/><w:left w:w="{m.left}" w:type="dxa"/>'
        f'<w:bottom w:w="{m.bottom}" w:type="dxa"/><w:right w:w="{m.right}" w:type="dxa"/></w:tblCellMar>'))
    _order_tblpr(tblPr)
    grid = tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(w))
    for row in tbl.tr_lst:
        for tc, w in zip(row.tc_lst, widths):
            _cell_width(Cell(tc, table), w)
    return table


_TBLPR_SEQ = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
              "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
              "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")


def _order_tblpr(tblPr: Element) -> None:
    """Keep one element of each kind (the last written wins) in schema order."""
    latest: dict[str, Element] = {}
    for el in tblPr:
        latest[el.tag] = el
    for el in list(tblPr):
        tblPr.remove(el)
    for el in sorted(latest.values(), key=lambda e: _TBLPR_SEQ.index("w:" + etree.QName(e).localname)):
        tblPr.append(el)


def table_grid(table: Table) -> tuple[list[Row], list[list[Cell]]]:
    """The table's rows and a cell matrix, read once (valid until cells are merged)."""
    rows = list(table.rows)
    return rows, [[Cell(tc, table) for tc in row._tr.tc_lst] for row in rows]


_CELL_PARAGRAPH = (
    '<w:p {ns}><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="{line}" '
    'w:lineRule="exact"/><w:ind w:firstLine="0"/><w:jc w:val="{align}"/></w:pPr>{run}</w:p>')
_CELL_RUN = (
    '<w:r><w:rPr><w:rFonts w:eastAsia="{font}" w:hint="eastAsia"/><w:spacing w:val="0"/>'
    '<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>')


def fill_cell(cell: Cell, text: str, *, font: str, size: float, line: int, align: str, valign: str) -> None:
    """Write text into an empty cell, one paragraph per line, off the document grid.

    Built as one XML string per paragraph: tables of thousands of cells are the hot path of a
    build, and this is several times faster than setting each property through python-docx.
    """
    _child(cell._tc.get_or_add_tcPr(), "w:vAlign", TCPR_SEQ).set(qn("w:val"), valign)
    for p in cell._tc.findall(qn("w:p")):
        cell._tc.remove(p)
    half = round(size * 2)
    font_attribute = xml_escape(font, {'"': "&quot;"})
    for piece in (text or "").split("\n"):
        run = _CELL_RUN.format(font=font_attribute, size=half, text=xml_escape(piece)) if piece else ""
        cell._tc.append(parse_xml(_CELL_PARAGRAPH.format(ns=nsdecls("w"), line=line, align=align, run=run)))


def filler_cell(cell: Cell, line: int) -> None:
    """Make an empty cell as low as it can be: one exact line `line` twips high, no top or bottom margin."""
    tcPr = cell._tc.get_or_add_tcPr()
    _child(tcPr, "w:tcMar", TCPR_SEQ).extend(
        parse_xml(f'<w:{edge} {nsdecls("w")} w:w="0" w:type="dxa"/>') for edge in ("top", "bottom"))
    for p in cell._tc.findall(qn("w:p")):
        cell._tc.remove(p)
    cell._tc.append(parse_xml(_CELL_PARAGRAPH.format(ns=nsdecls("w"), line=line, align="left", run="")))


def _cell_width(cell: Cell, width: int) -> None:
    tcW = _child(cell._tc.get_or_add_tcPr(), "w:tcW", TCPR_SEQ)
    tcW.set(qn("w:w"), str(width))
    tcW.set(qn("w:type"), "dxa")


def vmerge(cells: Sequence[Cell]) -> None:
    """Merge cells of one column vertically; the first keeps its content, the rest must be empty."""
    for i, cell in enumerate(cells):
        el = _child(cell._tc.get_or_add_tcPr(), "w:vMerge", TCPR_SEQ)
        if i == 0:
            el.set(qn("w:val"), "restart")


def row_height(row: Row, height: int, exact: bool = False) -> None:
    """Make a row `height` twips high: at least that (it may grow), or exactly that."""
    el = _child(row._tr.get_or_add_trPr(), "w:trHeight", TRPR_SEQ)
    el.set(qn("w:val"), str(height))
    el.set(qn("w:hRule"), "exact" if exact else "atLeast")


def repeat_as_header(row: Row) -> None:
    """Repeat the row at the top of every page the table runs on (w:tblHeader)."""
    _child(row._tr.get_or_add_trPr(), "w:tblHeader", TRPR_SEQ)


def keep_on_one_page(row: Row) -> None:
    """Never break the row across pages (w:cantSplit)."""
    _child(row._tr.get_or_add_trPr(), "w:cantSplit", TRPR_SEQ)


def cell_borders(cell: Cell, **edges: tuple[int, str] | None) -> None:
    """Per-cell borders: edge=(size in eighths of a point, colour) or None for no line."""
    order = ("w:top", "w:start", "w:left", "w:bottom", "w:end", "w:right", "w:insideH", "w:insideV")
    b = _child(cell._tc.get_or_add_tcPr(), "w:tcBorders", TCPR_SEQ)
    for edge, spec in edges.items():
        el = _child(b, f"w:{edge}", order)
        if spec is None:
            el.set(qn("w:val"), "nil")
        else:
            size, color = spec
            for k, v in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "0"), ("w:color", color)):
                el.set(qn(k), v)


# -- rotated page numbers on landscape pages (§8) ---------------------------------------------

_SHAPE = """
<w:r {ns}>
 <mc:AlternateContent>
  <mc:Choice Requires="wps">
   <w:drawing>
    <wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{z}"
      behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
     <wp:simplePos x="0" y="0"/>
     <wp:positionH relativeFrom="page"><wp:posOffset>{x}</wp:posOffset></wp:positionH>
     <wp:positionV relativeFrom="page"><wp:posOffset>{y}</wp:posOffset></wp:positionV>
     <wp:extent cx="{cx}" cy="{cy}"/>
     <wp:effectExtent l="0" t="0" r="0" b="0"/>
     <wp:wrapNone/>
     <wp:docPr id="{id}" name="{name} {id}"/>
     <wp:cNvGraphicFramePr/>
     <a:graphic>
      <a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
       <wps:wsp>
        <wps:cNvSpPr{txbox}/>
        <wps:spPr>
         <a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>
         <a:prstGeom prst="rect"><a:avLst/></a:prstGeom>
         {fill}
         <a:ln><a:noFill/></a:ln>
        </wps:spPr>
        {text}
        <wps:bodyPr rot="0" vert="{vert}" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="ctr">
         <a:noAutofit/>
        </wps:bodyPr>
       </wps:wsp>
      </a:graphicData>
     </a:graphic>
    </wp:anchor>
   </w:drawing>
  </mc:Choice>
 </mc:AlternateContent>
</w:r>"""
_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
       'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
       'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"')


_Z_ORDER_BASE = 251659264  # z-order (wp:anchor/@relativeHeight) in the range Word gives shapes; one up each


def next_shape_id(doc: Document) -> int:
    """A drawing id unique in the document (Word refuses a file whose shapes share an id)."""
    ids = doc.__dict__.setdefault("_taskdoc_shape_ids", itertools.count(1001))
    return int(next(ids))


def _emu(twips: int) -> int:
    """EMUs, the unit of DrawingML positions and extents, of a length in twips."""
    return int(Twips(twips))


def _anchor(p: Paragraph, *, x: int, y: int, width: int, height: int, shape_id: int, name: str,
            fill: str | None = None, content: Paragraph | None = None, vertical: bool = False) -> None:
    """A shape anchored to the page at (x, y) twips: a filled rectangle, or a text box (its text
    running top to bottom when `vertical`), without insets."""
    text = ""
    if content is not None:
        text = f"<wps:txbx><w:txbxContent>{etree.tostring(content._p, encoding='unicode')}</w:txbxContent></wps:txbx>"
        _remove(content._p)
    xml = _SHAPE.format(
        ns=_NS, x=_emu(x), y=_emu(y), cx=_emu(width), cy=_emu(height), id=shape_id, name=name,
        z=_Z_ORDER_BASE + shape_id, txbox=' txBox="1"' if content is not None else "",
        fill=f'<a:solidFill><a:srgbClr val="{fill}"/></a:solidFill>' if fill else "<a:noFill/>",
        text=text, vert="vert" if vertical else "horz")
    p._p.append(parse_xml(xml))


def rotated_text_box(p: Paragraph, content: Paragraph, *, x: int, y: int, width: int, height: int,
                     shape_id: int) -> None:
    """A text box anchored to the page at (x, y) twips, its text running top to bottom (vert)."""
    _anchor(p, x=x, y=y, width=width, height=height, shape_id=shape_id, name="页码", content=content, vertical=True)


def text_box(p: Paragraph, content: Paragraph, *, x: int, y: int, width: int, height: int, shape_id: int,
             name: str) -> None:
    """A text box anchored to the page at (x, y) twips holding the paragraph `content` (moved into it)."""
    _anchor(p, x=x, y=y, width=width, height=height, shape_id=shape_id, name=name, content=content)


def filled_rect(p: Paragraph, *, x: int, y: int, width: int, height: int, color: str, shape_id: int) -> None:
    """A filled rectangle anchored to the page at (x, y) twips: a rule of exact thickness."""
    _anchor(p, x=x, y=y, width=width, height=height, shape_id=shape_id, name="线", fill=color)
