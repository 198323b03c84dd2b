"""What every official document shares (GB/T 9704): 版头 or letterhead, title, body paragraphs,
署名, attachments, 版记, page numbers.

The notice, the letters, the 修订对照表 and the reporting documents are built by subclasses of
OfficialWriter; layout numbers come from `layout`, tables from `tables`, the .docx mechanics
from `generator.docx.ooxml`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import TYPE_CHECKING, Unpack

from generator.documents import layout as L
from generator.documents.typeset import break_title, text_units
from generator.documents.wording import Wording
from generator.docx import ooxml as X
from generator.text.dates import format_date

if TYPE_CHECKING:
    from generator.docx.ooxml import Document, Paragraph, Run, Section
    from generator.model import Notice

RECORD_WORDING = "notice.j2"  # the 版记's 抄送 and 印发 lines read the same in every document
_LEVEL1 = re.compile(r"^[一二三四五六七八九十]+、")
_LEVEL2 = re.compile(r"^（[一二三四五六七八九十]+）")


class OfficialWriter:
    """Paragraph-level building blocks of a 公文, in the configured fonts."""

    def __init__(self, wording: Wording, fonts: L.Fonts = L.DEFAULT_FONTS) -> None:
        self.wording = wording
        self.fonts = fonts

    def _new_document(self) -> Document:
        """An empty 公文 in the configured fonts, its first section a portrait page."""
        return X.new_document(L.document_defaults(self.fonts))

    # -- paragraphs -----------------------------------------------------------------------------

    def _line(self, doc: Document, **fmt: Unpack[X.ParagraphFormat]) -> Paragraph:
        """A new paragraph at the end of the document, formatted."""
        p = doc.add_paragraph()
        X.paragraph_format(p, **fmt)
        return p

    def _blank(self, doc: Document, count: int) -> None:
        for _ in range(count):
            self._line(doc)

    def _body_run(self, p: Paragraph, text: str, font: str | None = None) -> Run:
        return X.add_run(p, text, font=font or self.fonts.body)

    def _mark(self, p: Paragraph, text: str) -> None:
        """The red 发文机关标志 in 小标宋, condensed when a long name would pass MARK_MAX_WIDTH."""
        natural = max(len(text), 1) * L.pt(L.MARK_SIZE)
        scale = min(100, math.floor(L.MARK_MAX_WIDTH / natural * 100))
        X.add_run(p, text, font=self.fonts.title, latin=self.fonts.title, size=L.MARK_SIZE, color=L.RED, scale=scale,
                  spacing=0)

    def _red_head(self, doc: Document, mark: str, number: str, used: int = 0) -> int:
        """§7.2 版头: the mark 35 mm below the 版心 top, two lines under it the 发文字号 (may be empty)
        and the red rule 4 mm under that. `used`: height of the 份号/密级 lines above the mark.
        Returns the room it leaves under the rule (none: the next line starts on it)."""
        p = self._line(doc, align="center", before=max(L.MARK_BEFORE - used, 0), line=L.MARK_LINE, snap=False)
        self._mark(p, mark)
        # the 发文字号's baseline MARK_BLANK_LINES + 1 lines under the mark's: the last blank line gives
        # back what the mark's taller line puts under its baseline
        self._blank(doc, L.MARK_BLANK_LINES - 1)
        self._line(doc, line=L.LINE_PITCH - L.MARK_LINE_EXCESS, snap=False)
        p = self._line(doc, align="center")
        if number:
            X.add_run(p, number, font=self.fonts.body)
        X.border(p, "bottom", L.RED_RULE_SIZE, L.RED, space=L.RED_RULE_GAP_PT)
        return 0

    def _letter_head(self, doc: Document, section: Section, notice: Notice, number: str = "") -> int:
        """The head of a letter the office sends (交办函, 报送通知): 信函格式 by default, or the
        notice's 红头 (§7.2, numbered from page 1) when the workbook's 交办函格式 says so; with
        the letter's 发文字号 when it has one. Returns the room left under the rule (or the 发文字号)."""
        if notice.letter_format == "red":
            self._portrait_page_numbers(section)
            X.set_different_first_page(section, False)
            return self._red_head(doc, notice.organ_name, number)
        self._letterhead(doc, section, notice.organ_name)
        if number:  # §10.1: flush right under the upper double rule, its characters 14 pt below it
            p = self._line(doc, align="right", line=L.LETTER_NUMBER_LINE, snap=False)
            self._body_run(p, number)
            return 0
        return L.LETTER_BODY_BELOW_RULE

    # §10.1 信函格式: the letterhead on the first page only
    def _letterhead(self, doc: Document, section: Section, organ: str) -> None:
        """Mark 30 mm from the top, red double rules 170 mm wide: 上粗下细 4 mm under it, 上细下粗 20 mm
        above the page bottom; no page number on the first page, numbers from page 2.

        Everything is placed on the page from the body's first line, not in a header: the mark in a
        text box, the rules as filled bars. A header taller than the top margin pushes the body
        down by its own height in Word and by more in LibreOffice (which also misplaces a text box in
        a first-page header); this way the body starts at the margin in both, its first line a
        spacer down to the rules, and the first-page header is empty (no page number on page 1)."""
        self._portrait_page_numbers(section)
        X.set_different_first_page(section, True)
        p = self._line(doc, line=L.LETTER_BODY_SPACER, snap=False)
        mark = doc.add_paragraph()
        X.paragraph_format(mark, align="center", line=L.MARK_LINE, snap=False)
        self._mark(mark, organ)
        X.text_box(p, mark, x=L.LEFT_MARGIN, y=L.LETTER_MARK_LINE_TOP, width=L.TEXT_WIDTH, height=L.MARK_LINE,
                   shape_id=X.next_shape_id(doc), name="发文机关标志")
        x = L.LEFT_MARGIN + L.TEXT_WIDTH // 2 - L.LETTER_RULE_WIDTH // 2
        top = L.LETTER_RULE_TOP
        bottom = L.PAGE_HEIGHT - L.LETTER_RULE_FROM_BOTTOM
        rules = (  # (y, thickness): thick over thin at the top, thin over thick at the bottom
            (top, L.LETTER_RULE_THICK),
            (top + L.LETTER_RULE_THICK + L.LETTER_RULE_GAP, L.LETTER_RULE_THIN),
            (bottom - L.LETTER_RULE_THICK - L.LETTER_RULE_GAP - L.LETTER_RULE_THIN, L.LETTER_RULE_THIN),
            (bottom - L.LETTER_RULE_THICK, L.LETTER_RULE_THICK),
        )
        for y, h in rules:
            X.filled_rect(p, x=x, y=y, width=L.LETTER_RULE_WIDTH, height=h, color=L.RED, shape_id=X.next_shape_id(doc))

    # -- 版记 §7.4 -------------------------------------------------------------------------------

    def _record_page(self, doc: Document, cc: str, printer: str, printed: dt.date, addressees: str = "") -> None:
        """§7.4: the 版记 (抄送 when there is one, 印发机关 and 印发日期) alone on the last page, an
        even one; its last rule on the 版心 bottom. §7.5: the page is numbered unless a blank page
        precedes it, which only the reader's layout knows: its footer is a field that compares the
        page with the last page of the content (a bookmark there) and prints the number only when
        they follow each other (`_record_number`)."""
        record = X.add_section(doc, start="evenPage")
        X.bookmark(doc.paragraphs[-1], L.CONTENT_END_BOOKMARK)  # the paragraph that ends the content's section
        X.set_page(record, L.RECORD_PAGE)  # its header placed for LibreOffice, see RECORD_HEADER_DISTANCE
        X.set_different_first_page(record, False)  # a 信函's first-page letterhead does not come with it
        X.clear_header_footer(record)
        for header in (record.header, record.even_page_header):
            X.paragraph_format(header.paragraphs[0], line=L.TINY_LINE, snap=False)
        self._record_number(record.even_page_footer.paragraphs[0], "left", left=L.PAGE_NUMBER_INDENT)
        self._record_number(record.footer.paragraphs[0], "right", right=L.PAGE_NUMBER_INDENT)  # never used: even
        # §7.3.2: a 主送 too long for page 1 is moved here, above the 抄送 and written the same way
        listed = [(macro, units) for macro, units in (("send_to", addressees), ("copy_to", cc)) if units]
        rows = [macro for macro, _ in listed] + ["printed"]
        heights = [_record_lines(units + "。") * L.LINE_PITCH for _, units in listed] + [L.LINE_PITCH]
        # The last rule sits on the 版心 bottom (§7.4.1). Floating tables are not placed reliably by
        # every reader, so a spacer of exactly the remaining height pushes the 版记 down.
        space = L.TEXT_HEIGHT - sum(heights) - L.RECORD_SLACK
        self._blank(doc, space // L.LINE_PITCH)
        self._line(doc, line=space % L.LINE_PITCH, snap=False)
        # no table borders: each cell draws its own rules
        t = X.new_table(doc, len(rows), [L.TEXT_WIDTH], L.TABLE_CELL_MARGINS, border_size=0)
        for row, h in zip(t.rows, heights):
            X.row_height(row, h, exact=True)
        small = X.RunStyle(font=self.fonts.body, size=L.SMALL_SIZE, spacing=0)
        for i, kind in enumerate(rows):
            cell = t.rows[i].cells[0]
            top = L.RECORD_THICK_RULE if i == 0 else L.RECORD_THIN_RULE
            bottom = L.RECORD_THICK_RULE if i == len(rows) - 1 else L.RECORD_THIN_RULE
            X.cell_borders(cell, top=(top, L.BLACK), bottom=(bottom, L.BLACK), left=None, right=None)
            p = cell.paragraphs[0]
            # indents from the cell's text, which starts a cell margin inside the 版心
            indent = L.RECORD_INDENT - L.TABLE_CELL_MARGIN
            if kind != "printed":
                text = self.wording.text(RECORD_WORDING, kind, units=dict(listed)[kind])
                hang = round(text_units("抄送：") * L.pt(L.SMALL_SIZE))
                X.paragraph_format(p, align="both", line=L.LINE_PITCH, snap=False, left=indent + hang,
                                   hanging=hang, right=indent)
                X.add_run(p, text, **small)
            else:
                X.paragraph_format(p, align="left", line=L.LINE_PITCH, snap=False, left=indent)
                X.right_tab(p, L.TEXT_WIDTH - L.TABLE_CELL_MARGIN - L.RECORD_INDENT)  # from the cell's text start
                text = self.wording.text(RECORD_WORDING, "printed_on", date=format_date(printed))
                X.add_run(p, f"{printer}\t{text}", **small)
        self._line(doc, line=L.TINY_LINE, snap=False)  # a section ends with a paragraph; keep it tiny

    @staticmethod
    def _letter_head_height(notice: Notice, number: str = "") -> int:
        """What `_letter_head` takes from page 1's text area."""
        if notice.letter_format == "red":
            return L.RED_HEAD_HEIGHT
        return L.LETTER_HEAD_HEIGHT + (L.LETTER_NUMBER_LINE if number else 0)

    def _letter_record(self, doc: Document, addressees: str) -> None:
        """§10.1: a 信函's 版记 — here the 主送 moved there (§7.3.2) — without rules nor 印发 line, in 4号
        indented 1字 like a 版记's line, its label hanging. It follows the body a line under the date,
        in the flow: the standard puts it at the foot of the last page, but a box placed there would
        cover the body of a full last page, and a list long enough to be moved may not fit in one."""
        text = self.wording.text(RECORD_WORDING, "send_to", units=addressees)
        self._blank(doc, 1)
        hang = round(text_units("主送：") * L.pt(L.SMALL_SIZE))
        p = self._line(doc, align="both", left=L.RECORD_INDENT + hang, hanging=hang, right=L.RECORD_INDENT)
        X.add_run(p, text, font=self.fonts.body, size=L.SMALL_SIZE, spacing=0)

    def _title_under_head(self, doc: Document, title: str, taken: int) -> None:
        """§7.3.1: the title's characters two lines under the red rule (a 信函's: under its double rule,
        or its 发文字号): blank lines of two lines' height less the title's drop (TITLE_DROP) and the
        room `taken` the head already left under its rule."""
        self._blank(doc, L.TITLE_BLANK_LINES - 1)
        self._line(doc, line=L.LINE_PITCH - L.TITLE_DROP - taken, snap=False)
        self._title(doc, title)

    def _title(self, doc: Document, title: str, max_chars: float = L.TITLE_MAX_CHARS) -> None:
        """§7.3.1: 2号小标宋, centred, in 梯形/菱形 lines. Digits and Latin letters are set in 小标宋 too:
        in the body's Times New Roman they look lighter than the bold-looking characters around them."""
        for line in break_title(title, max_chars):
            p = self._line(doc, align="center", line=L.LINE_PITCH, snap=False)
            X.add_run(p, line, font=self.fonts.title, latin=self.fonts.title, size=L.TITLE_SIZE, spacing=0)

    def _addressees(self, doc: Document, text: str) -> None:
        """§7.3.2 主送机关: one line, flush left, ending with a full-width colon."""
        p = self._line(doc, align="both")
        self._body_run(p, f"{text}：")

    def _addressees_unless_too_long(self, doc: Document, text: str, first_paragraph: str, title: str,
                                    head: int = L.RED_HEAD_HEIGHT) -> str:
        """§7.3.2: the 主送 under the title, unless it is so long that the body could not begin on page 1:
        then nothing is written and the 主送 is returned, for the 版记 (`_record_page`, or a 信函's
        `_letter_record`). `head`: the height the head takes from the text area (a red head's, or a
        信函's letterhead, `LETTER_HEAD_HEIGHT`)."""
        if self._body_begins_on_page_one(text, first_paragraph, title, head):
            self._addressees(doc, text)
            return ""
        return text  # the body begins one line under the title, where the 主送 would have stood

    @staticmethod
    def _body_begins_on_page_one(addressees: str, first_paragraph: str, title: str, head: int) -> bool:
        """Whether, under the head (`head` twips) and the title's lines, the 主送's lines leave room for
        the first body paragraph (or two of its lines, the least LibreOffice and Word leave at the
        foot of a page) in the 22 lines of page 1."""
        def lines(text: str, indent: int = 0) -> int:
            return max(1, math.ceil((indent + text_units(text)) / L.CHARS_PER_LINE))

        first = lines(first_paragraph, L.INDENT_CHARS)
        used = (head + L.TITLE_BLANK_LINES * L.LINE_PITCH - L.TITLE_DROP
                + (len(break_title(title, L.TITLE_MAX_CHARS)) + L.ADDRESSEE_BLANK_LINES) * L.LINE_PITCH)
        room = (L.whole_lines(L.TEXT_HEIGHT) - used) // L.LINE_PITCH
        return lines(addressees + "：") + (first if first <= 3 else 2) <= room

    def _paragraphs(self, doc: Document, text: str) -> None:
        """Body paragraphs from a template's text, one per non-empty line."""
        for line in (line.strip() for line in text.split("\n")):
            if line:
                self._paragraph(doc, line)

    def _paragraph(self, doc: Document, text: str) -> None:
        """A body paragraph; a heading opening it (一、 黑体, （一） 楷体) takes its font up to the first 。"""
        p = self._line(doc, align="both", first_line=L.INDENT_CHARS * L.CHAR_WIDTH)
        font = self.fonts.heading1 if _LEVEL1.match(text) else self.fonts.heading2 if _LEVEL2.match(text) else None
        if font:
            head, dot, rest = text.partition("。")
            self._body_run(p, head + dot, font=font)
            if rest:
                self._body_run(p, rest)
        else:
            self._body_run(p, text)

    def _attachment_note(self, doc: Document, note: str) -> None:
        """§7.3.4: 附件说明 indented 2 字, a wrapped title aligned after “附件：”."""
        label = note.split("：", 1)[0] + "："
        hang = round(text_units(label) * L.CHAR_WIDTH)
        p = self._line(doc, align="left", left=L.INDENT_CHARS * L.CHAR_WIDTH + hang, hanging=hang)
        self._body_run(p, note)

    def _signature(self, doc: Document, name: str, date: str, seal: bool) -> None:
        """§7.3.5: with a seal, date right-indented 4 字 and 署名 centred over it; without, 2 字 rules."""
        wn, wd = text_units(name), text_units(date)
        name_right: float
        date_right: float
        if seal:
            self._blank(doc, L.SEAL_BLANK_LINES)
            date_right = L.SEAL_DATE_RIGHT_CHARS
            name_right = max(date_right + (wd - wn) / 2, 0)
        else:
            self._blank(doc, L.NO_SEAL_BLANK_LINES)
            name_right = L.NO_SEAL_RIGHT_CHARS
            date_right = name_right + wn - L.NO_SEAL_DATE_SHIFT_CHARS - wd
            if date_right < L.NO_SEAL_RIGHT_CHARS:
                date_right = L.NO_SEAL_RIGHT_CHARS
                name_right = date_right + wd + L.NO_SEAL_DATE_SHIFT_CHARS - wn
        p = self._line(doc, align="right", right=round(name_right * L.CHAR_WIDTH), keep_next=True)
        self._body_run(p, name)
        p = self._line(doc, align="right", right=round(date_right * L.CHAR_WIDTH))
        self._body_run(p, date)

    def _attachment_head(self, doc: Document, label: str, title: str, landscape: bool) -> None:
        """§7.3.7: “附件” in 黑体 on line 1, the title centred on line 3."""
        p = self._line(doc, align="left")
        X.add_run(p, label, font=self.fonts.heading1)
        # the lines between the label's and the title's, the last one lowering the title by the
        # difference of their drops: the title's characters, not its line, on line 3
        self._blank(doc, L.ATTACHMENT_TITLE_LINE - 3)
        self._line(doc, line=L.LINE_PITCH + L.BODY_DROP - L.TITLE_DROP, snap=False)
        width = L.LANDSCAPE_TEXT_WIDTH if landscape else L.TEXT_WIDTH
        self._title(doc, title, math.floor(width / L.pt(L.TITLE_SIZE)))

    # -- page numbers §7.5, §8 -------------------------------------------------------------------

    def _number_paragraph(self, p: Paragraph, align: str, *, left: int | None = None,
                          right: int | None = None) -> None:
        """§7.5: “— n —” in 4号 宋体, a PAGE field between the dashes."""
        X.paragraph_format(p, align=align, line=L.PAGE_NUMBER_LINE, snap=False, left=left, right=right)
        style = X.RunStyle(font=self.fonts.page_number, latin=self.fonts.page_number, size=L.SMALL_SIZE, spacing=0)
        X.add_run(p, f"{L.PAGE_NUMBER_DASH} ", **style)
        X.add_field(p, "PAGE", **style)
        X.add_run(p, f" {L.PAGE_NUMBER_DASH}", **style)

    def _record_number(self, p: Paragraph, align: str, *, left: int | None = None, right: int | None = None) -> None:
        """§7.5 on the 版记's page: “— n —” when the content ends on the page before, nothing when a blank
        page comes between: { IF { PAGEREF content end } = { = { PAGE } - 1 } "— { PAGE } —" "" },
        which Word and WPS evaluate when they lay the page out. (LibreOffice cannot evaluate a field
        inside another: `taskdoc pdf` decides from LibreOffice's own page count instead, see pdf.py.)"""
        X.paragraph_format(p, align=align, line=L.PAGE_NUMBER_LINE, snap=False, left=left, right=right)
        style = X.RunStyle(font=self.fonts.page_number, latin=self.fonts.page_number, size=L.SMALL_SIZE, spacing=0)
        page = X.Field([" PAGE "], "2")
        X.add_field(p, [" IF ", X.Field([f" PAGEREF {L.CONTENT_END_BOOKMARK} "], "1"), " = ",
                        X.Field([" = ", page, " - 1 "], "1"),
                        f' "{L.PAGE_NUMBER_DASH} ', page, f' {L.PAGE_NUMBER_DASH}" "" '], "", **style)

    def _portrait_page_numbers(self, section: Section) -> None:
        X.clear_header_footer(section)
        self._number_paragraph(section.footer.paragraphs[0], "right", right=L.PAGE_NUMBER_INDENT)
        self._number_paragraph(section.even_page_footer.paragraphs[0], "left", left=L.PAGE_NUMBER_INDENT)

    def _landscape_page_numbers(self, doc: Document, section: Section) -> None:
        """§8: the number stays where it is on the sheet: left edge, bottom (odd) or top (even), rotated."""
        X.clear_header_footer(section)
        centre_on_sheet = L.PAGE_HEIGHT - L.BOTTOM_MARGIN + L.PAGE_NUMBER_BELOW  # portrait y of the number
        box_w, box_h = L.PAGE_NUMBER_BOX_WIDTH, L.PAGE_NUMBER_BOX_LENGTH
        x = (L.PAGE_HEIGHT - centre_on_sheet) - box_w // 2
        odd_end = L.PAGE_WIDTH - L.RIGHT_MARGIN - L.PAGE_NUMBER_INDENT
        even_start = L.LEFT_MARGIN + L.PAGE_NUMBER_INDENT
        for part, align, y in ((section.header, "right", odd_end - box_h),
                               (section.even_page_header, "left", even_start)):
            holder = part.paragraphs[0]
            content = part.add_paragraph()
            self._number_paragraph(content, align)
            X.rotated_text_box(holder, content, x=x, y=y, width=box_w, height=box_h, shape_id=X.next_shape_id(doc))


def _record_lines(text: str) -> int:
    """Lines a 版记 line's text (抄送, or a 主送 moved there) takes in 4号 between its indents, after the
    hanging “抄送：” (estimated, erring on the long side)."""
    usable = (L.TEXT_WIDTH - 2 * L.RECORD_INDENT) / L.pt(L.SMALL_SIZE) - L.RECORD_CC_LABEL_CHARS
    return math.ceil(text_units(text) * L.RECORD_TEXT_SLACK / usable)
