"""The .docx layer: python-docx plus the OOXML it has no API for (East Asian fonts, fields,
borders, grids, merged cells, floating tables, rotated text boxes).

python-docx is imported here and nowhere else. Raw elements are always inserted in schema
order (python-docx does not reorder children).
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from functools import cache, lru_cache
from xml.sax.saxutils import escape as xml_escape

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from generator.documents import layout as L

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
BEIJING = dt.timezone(dt.timedelta(hours=8))


@cache
def _names(tag: str, seq: tuple[str, ...]) -> tuple[str, frozenset[str]]:
    """The Clark name of a tag and of the tags that must come after it (cached: a hot path)."""
    return qn(tag), frozenset(qn(t) for t in seq[seq.index(tag) + 1:])


def _child(parent, tag: str, seq: tuple[str, ...]):
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


def ppr(p: Paragraph, tag: str):
    return _child(p._p.get_or_add_pPr(), tag, PPR_SEQ)


def rpr(rPr, tag: str):
    return _child(rPr, tag, RPR_SEQ)


# -- fonts and runs --------------------------------------------------------------------------


def set_fonts(rPr, latin: str | None, east_asia: str | None) -> None:
    """Write the East Asian font name (python-docx only writes ascii/hAnsi) and drop theme fonts."""
    f = rpr(rPr, "w:rFonts")
    for a in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        f.attrib.pop(qn(a), None)
    if latin:
        for a in ("w:ascii", "w:hAnsi", "w:cs"):
            f.set(qn(a), latin)
    if east_asia:
        f.set(qn("w:eastAsia"), east_asia)
        f.set(qn("w:hint"), "eastAsia")  # “”—… take the Chinese font too


def style_run(rPr, *, font: str | None = None, latin: str | None = None, size: float | None = None,
              color: str | None = None, spacing: int | None = None, scale: int | None = None,
              underline: bool = False) -> None:
    if font or latin:
        set_fonts(rPr, latin, font)
    if underline:
        rpr(rPr, "w:u").set(qn("w:val"), "single")
    if color:
        rpr(rPr, "w:color").set(qn("w:val"), color)
    if spacing is not None:
        rpr(rPr, "w:spacing").set(qn("w:val"), str(spacing))
    if scale is not None and scale != 100:
        rpr(rPr, "w:w").set(qn("w:val"), str(scale))
    if size is not None:
        half = str(round(size * 2))
        rpr(rPr, "w:sz").set(qn("w:val"), half)
        rpr(rPr, "w:szCs").set(qn("w:val"), half)


def add_run(p: Paragraph, text: str, **style) -> Run:
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


def _text(value: str):
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = value
    return t


# -- paragraphs -----------------------------------------------------------------------------


def paragraph_format(p: Paragraph, *, align: str | None = None, line: int | None = None,
                     before: int | None = None, after: int | None = None, first_line: int | None = None,
                     first_line_chars: int | None = None, left: int | None = None, right: int | None = None,
                     hanging: int | None = None, keep_next: bool = False, snap: bool | None = None,
                     page_break_before: bool = False) -> Paragraph:
    """Set a paragraph's alignment (left/center/right/both), exact line height, spacing and indents (twips)."""
    if keep_next:
        ppr(p, "w:keepNext")
    if page_break_before:
        ppr(p, "w:pageBreakBefore")
    if snap is not None:
        ppr(p, "w:snapToGrid").set(qn("w:val"), "1" if snap else "0")
    if line is not None or before is not None or after is not None:
        s = ppr(p, "w:spacing")
        if line is not None:
            s.set(qn("w:line"), str(line))
            s.set(qn("w:lineRule"), "exact")
        if before is not None:
            s.set(qn("w:before"), str(before))
        if after is not None:
            s.set(qn("w:after"), str(after))
    if any(v is not None for v in (first_line, first_line_chars, left, right, hanging)):
        ind = ppr(p, "w:ind")
        for name, value in (("w:left", left), ("w:right", right), ("w:firstLine", first_line),
                            ("w:hanging", hanging), ("w:firstLineChars", first_line_chars)):
            if value is not None:
                ind.set(qn(name), str(value))
    if align:
        ppr(p, "w:jc").set(qn("w:val"), align)
    return p


def right_tab(p: Paragraph, position: int) -> None:
    """A right-aligned tab stop `position` twips from the paragraph's left indent."""
    tab = OxmlElement("w:tab")
    tab.set(qn("w:val"), "right")
    tab.set(qn("w:pos"), str(position))
    ppr(p, "w:tabs").append(tab)


def border(p: Paragraph, edge: str, size: int, color: str = "000000", space: int = 0) -> None:
    """A rule along one edge of a paragraph (w:pBdr); size in eighths of a point, space in points."""
    bdr = ppr(p, "w:pBdr")
    order = ("w:top", "w:left", "w:bottom", "w:right", "w:between", "w:bar")
    el = _child(bdr, f"w:{edge}", order)
    for k, v in (("w:val", "single"), ("w:sz", str(size)), ("w:space", str(space)), ("w:color", color)):
        el.set(qn(k), v)


def add_field(p: Paragraph, instr: str, cached: str = "1", **style) -> None:
    """A complex field (PAGE …) with a cached result shown until the reader updates it."""
    def fld(kind: str):
        r = p.add_run()
        e = OxmlElement("w:fldChar")
        e.set(qn("w:fldCharType"), kind)
        r._r.append(e)
        if style:
            style_run(r._r.get_or_add_rPr(), **style)

    fld("begin")
    r = p.add_run()
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = f" {instr} "
    r._r.append(it)
    if style:
        style_run(r._r.get_or_add_rPr(), **style)
    fld("separate")
    add_run(p, cached, **style)
    fld("end")


# -- document and sections --------------------------------------------------------------------


def new_document(fonts: L.Fonts) -> DocumentObject:
    """An empty A4 document whose defaults are 3号仿宋, zh-CN, exact 28.95 pt lines, condensed 28 a line.

    Built once per font setting and copied (PRODUCT.md: parse base documents once, not once per
    document): python-docx reads and parses its template package on every Document(), a third of
    a letter's time."""
    return copy.deepcopy(_prototype(fonts))


@lru_cache(maxsize=4)
def _prototype(fonts: L.Fonts) -> DocumentObject:
    doc = Document()
    _drop_template_extras(doc)
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(defaults, fonts.latin, fonts.body)
    rpr(defaults, "w:lang").set(qn("w:eastAsia"), "zh-CN")
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")
    normal = doc.styles["Normal"]
    style_run(normal.element.get_or_add_rPr(), font=fonts.body, latin=fonts.latin, size=L.BODY_SIZE,
              spacing=L.BODY_CHAR_SPACING)
    pf = normal.element.get_or_add_pPr()
    s = _child(pf, "w:spacing", PPR_SEQ)
    s.set(qn("w:line"), str(L.LINE_PITCH))
    s.set(qn("w:lineRule"), "exact")
    s.set(qn("w:before"), "0")
    s.set(qn("w:after"), "0")
    _child(pf, "w:jc", PPR_SEQ).set(qn("w:val"), "both")
    doc.settings.odd_and_even_pages_header_footer = True
    portrait(doc.sections[0])
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    return doc


# Parts of python-docx's default template that no document of ours uses: a thumbnail of the blank
# template page (wrong for any document), its bibliography sources, Word 2010's styles copy.
_TEMPLATE_EXTRAS = ("thumbnail", "customXml", "stylesWithEffects")


def _drop_template_extras(doc: DocumentObject) -> None:
    for owner in (doc.part.package, doc.part):
        for rid, rel in list(owner.rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in _TEMPLATE_EXTRAS:
                owner.rels.pop(rid)


def _grid(section: Section, pitch: int) -> None:
    sectPr = section._sectPr
    g = sectPr.find(qn("w:docGrid"))
    if g is None:
        g = OxmlElement("w:docGrid")
        sectPr.insert_element_before(g, "w:printerSettings", "w:sectPrChange")
    g.set(qn("w:type"), "lines")
    g.set(qn("w:linePitch"), str(pitch))
    g.attrib.pop(qn("w:charSpace"), None)


def portrait(section: Section) -> None:
    """GB/T 9704 §5.2 page: A4, 37/35/28/26 mm, 22 lines of 28.95 pt."""
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = L.PAGE_WIDTH * 635, L.PAGE_HEIGHT * 635
    section.top_margin, section.bottom_margin = L.TOP_MARGIN * 635, L.BOTTOM_MARGIN * 635
    section.left_margin, section.right_margin = L.LEFT_MARGIN * 635, L.RIGHT_MARGIN * 635
    section.header_distance = L.mm(15) * 635
    section.footer_distance = L.FOOTER_DISTANCE * 635
    _grid(section, L.LINE_PITCH)


def landscape(section: Section) -> None:
    """GB/T 9704 §8: the portrait sheet turned 90° clockwise, 版心 where it was."""
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = L.PAGE_HEIGHT * 635, L.PAGE_WIDTH * 635
    section.top_margin, section.bottom_margin = L.LANDSCAPE_TOP_MARGIN * 635, L.LANDSCAPE_BOTTOM_MARGIN * 635
    section.left_margin, section.right_margin = L.LANDSCAPE_LEFT_MARGIN * 635, L.LANDSCAPE_RIGHT_MARGIN * 635
    section.header_distance = L.mm(10) * 635
    section.footer_distance = L.mm(10) * 635
    _grid(section, L.LINE_PITCH)


_STARTS = {"nextPage": WD_SECTION.NEW_PAGE, "evenPage": WD_SECTION.EVEN_PAGE, "oddPage": WD_SECTION.ODD_PAGE}


def add_section(doc: DocumentObject, *, start: str = "nextPage") -> Section:
    """A new section starting on a new page ("evenPage"/"oddPage" to land on an even/odd page)."""
    section = doc.add_section(_STARTS[start])
    pg = section._sectPr.find(qn("w:pgNumType"))
    if pg is not None:  # the new section is cloned from the last one; numbering continues
        section._sectPr.remove(pg)
    return section


def restart_numbering(section: Section, start: int = 1) -> None:
    pg = section._sectPr.find(qn("w:pgNumType"))
    if pg is None:
        pg = OxmlElement("w:pgNumType")
        section._sectPr.insert_element_before(pg, "w:cols", "w:formProt", "w:vAlign", "w:noEndnote",
                                             "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter",
                                             "w:docGrid", "w:printerSettings", "w:sectPrChange")
    pg.set(qn("w:start"), str(start))


def clear_header_footer(section: Section) -> None:
    """Unlink all of a section's headers and footers and leave them empty."""
    for part in (section.header, section.even_page_header, section.footer, section.even_page_footer,
                 section.first_page_header, section.first_page_footer):
        part.is_linked_to_previous = False
        for p in part.paragraphs[1:]:
            p._p.getparent().remove(p._p)
        part.paragraphs[0]._p.clear_content()


def set_core_properties(doc: DocumentObject, *, title: str, author: str, created: dt.date, subject: str = "",
                        keywords: str = "") -> None:
    """Title, author, subject and creation time (the 成文日期 at 09:00 Beijing time, stored as UTC)."""
    cp = doc.core_properties
    cp.title, cp.author, cp.subject, cp.keywords = title, author, subject, keywords
    cp.last_modified_by = author
    cp.language = "zh-CN"
    moment = dt.datetime.combine(created, dt.time(9, 0), BEIJING).astimezone(dt.UTC).replace(tzinfo=None)
    cp.created = cp.modified = moment
    cp.revision = 1


# -- tables ---------------------------------------------------------------------------------


def new_table(container, rows: int, widths: list[int], *, border_size: int = 4) -> Table:
    """A fixed-layout table with the given column widths (twips) and single black borders."""
    table = container.add_table(rows=rows, cols=len(widths))
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
    m = L.TABLE_CELL_MARGIN
    tblPr.append(parse_xml(
        f'<w:tblCellMar {nsdecls("w")}><w:top w:w="40" w:type="dxa"/><w:left w:w="{m}" w:type="dxa"/>'
        f'<w:bottom w:w="40" w:type="dxa"/><w:right w:w="{m}" w:type="dxa"/></w:tblCellMar>'))
    _order_tblpr(tblPr)
    grid = tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(w))
    for row in table._tbl.tr_lst:
        for tc, w in zip(row.tc_lst, widths):
            cell_width(_Cell(tc, table), w)
    return table


_TBLPR_SEQ = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
              "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
              "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")


def _order_tblpr(tblPr) -> None:
    """Keep one element of each kind (the last written wins) in schema order."""
    latest = {}
    for el in tblPr:
        latest[el.tag] = el
    for el in list(tblPr):
        tblPr.remove(el)
    for el in sorted(latest.values(), key=lambda e: _TBLPR_SEQ.index("w:" + e.tag.split("}")[1])):
        tblPr.append(el)


def table_grid(table: Table) -> tuple[list, list[list[_Cell]]]:
    """The table's rows and a cell matrix, read once (valid until cells are merged)."""
    rows = list(table.rows)
    return rows, [[_Cell(tc, table) for tc in row._tr.tc_lst] for row in rows]


_CELL_PARAGRAPH = (
    '<w:p {ns}><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="{line}" '
    'w:lineRule="exact"/><w:ind w:firstLine="0"/><w:jc w:val="{align}"/></w:pPr>{run}</w:p>')
_CELL_RUN = (
    '<w:r><w:rPr><w:rFonts w:eastAsia="{font}" w:hint="eastAsia"/><w:spacing w:val="0"/>'
    '<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>')


def fill_cell(cell: _Cell, text: str, *, font: str, size: float, line: int, align: str, valign: str) -> None:
    """Write text into an empty cell, one paragraph per line, off the document grid.

    Built as one XML string per paragraph: tables of thousands of cells are the hot path of a
    build, and this is several times faster than setting each property through python-docx.
    """
    _child(cell._tc.get_or_add_tcPr(), "w:vAlign", TCPR_SEQ).set(qn("w:val"), valign)
    for p in cell._tc.findall(qn("w:p")):
        cell._tc.remove(p)
    half = round(size * 2)
    for piece in (text or "").split("\n"):
        run = _CELL_RUN.format(font=xml_escape(font, {'"': "&quot;"}), size=half, text=xml_escape(piece)) if piece else ""
        cell._tc.append(parse_xml(_CELL_PARAGRAPH.format(ns=nsdecls("w"), line=line, align=align, run=run)))


def filler_cell(cell: _Cell) -> None:
    """Make an empty cell as low as a cell can be: one 1 pt line, no top or bottom margin."""
    tcPr = cell._tc.get_or_add_tcPr()
    _child(tcPr, "w:tcMar", TCPR_SEQ).extend(
        parse_xml(f'<w:{edge} {nsdecls("w")} w:w="0" w:type="dxa"/>') for edge in ("top", "bottom"))
    for p in cell._tc.findall(qn("w:p")):
        cell._tc.remove(p)
    cell._tc.append(parse_xml(_CELL_PARAGRAPH.format(ns=nsdecls("w"), line=20, align="left", run="")))


def cell_width(cell: _Cell, width: int) -> None:
    tcW = _child(cell._tc.get_or_add_tcPr(), "w:tcW", TCPR_SEQ)
    tcW.set(qn("w:w"), str(width))
    tcW.set(qn("w:type"), "dxa")


def cell_valign(cell: _Cell, value: str) -> None:
    _child(cell._tc.get_or_add_tcPr(), "w:vAlign", TCPR_SEQ).set(qn("w:val"), value)


def vmerge(cells: list[_Cell]) -> None:
    """Merge cells of one column vertically; the first keeps its content, the rest must be empty."""
    for i, cell in enumerate(cells):
        el = _child(cell._tc.get_or_add_tcPr(), "w:vMerge", TCPR_SEQ)
        if i == 0:
            el.set(qn("w:val"), "restart")


def row_height(row, height: int, exact: bool = False) -> None:
    """Make a row `height` twips high: at least that (it may grow), or exactly that."""
    el = _child(row._tr.get_or_add_trPr(), "w:trHeight", TRPR_SEQ)
    el.set(qn("w:val"), str(height))
    el.set(qn("w:hRule"), "exact" if exact else "atLeast")


def row_flag(row, tag: str) -> None:
    """Set w:tblHeader (repeat on each page) or w:cantSplit (keep on one page) on a row."""
    _child(row._tr.get_or_add_trPr(), tag, TRPR_SEQ)


def cell_borders(cell: _Cell, **edges: tuple[int, str] | None) -> None:
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


def next_shape_id(doc: DocumentObject) -> int:
    """A drawing id unique in the document (Word refuses a file whose shapes share an id)."""
    ids = doc.__dict__.setdefault("_taskdoc_shape_ids", itertools.count(1001))
    return next(ids)


def _anchor(p: Paragraph, *, x: int, y: int, width: int, height: int, shape_id: int, name: str,
            fill: str | None = None, content: Paragraph | None = None) -> None:
    """A shape anchored to the page at (x, y) twips: a filled rectangle, or a vertical text box."""
    from lxml import etree

    text = ""
    if content is not None:
        text = f"<wps:txbx><w:txbxContent>{etree.tostring(content._p, encoding='unicode')}</w:txbxContent></wps:txbx>"
        content._p.getparent().remove(content._p)
    xml = _SHAPE.format(
        ns=_NS, x=x * 635, y=y * 635, cx=width * 635, cy=height * 635, id=shape_id, name=name,
        z=251659264 + shape_id, txbox=' txBox="1"' if content is not None else "",
        fill=f'<a:solidFill><a:srgbClr val="{fill}"/></a:solidFill>' if fill else "<a:noFill/>",
        text=text, vert="vert" if content is not None else "horz")
    p._p.append(parse_xml(xml))


def rotated_text_box(p: Paragraph, content: Paragraph, *, x: int, y: int, width: int, height: int,
                     shape_id: int) -> None:
    """A text box anchored to the page at (x, y) twips, its text running top to bottom (vert)."""
    _anchor(p, x=x, y=y, width=width, height=height, shape_id=shape_id, name="页码", content=content)


def filled_rect(p: Paragraph, *, x: int, y: int, width: int, height: int, color: str, shape_id: int) -> None:
    """A filled rectangle anchored to the page at (x, y) twips: a rule of exact thickness."""
    _anchor(p, x=x, y=y, width=width, height=height, shape_id=shape_id, name="线", fill=color)
