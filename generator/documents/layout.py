"""Every layout number of GB/T 9704-2012 《党政机关公文格式》, named, with the clause it comes from,
and the page set-ups and document defaults built from them for the .docx layer.

Lengths are in twips (1/20 pt; 1 mm = 56.7 twips), the unit of OOXML. Where the standard leaves
room, the choice this project made is marked "Decision"; numbers the standard does not govern
(tables, forms, what a reader needs to place things) are marked "practice" or say why.
Importable without python-docx.

How a position of the standard is obtained. The standard measures characters (字): "版心上边缘",
"标题在红色分隔线下空二行", "首条分隔线…". A document places lines. Every line here has an exact
height and does not snap to the grid, so where its characters stand is fixed whatever the font
(`EXACT_BASELINE`, `EM_ASCENT`, `em_drop`):
- the text area starts BODY_DROP (3.2 mm) above the 版心 and is 22 whole lines high: the first line's
  characters stand on 37 mm, a page's lines 28.95 pt apart (§5.2.1);
- the 发文机关标志's paragraph starts MARK_BEFORE under the text area: its characters at 35 mm under
  the 版心 top (§7.2.4); the 信函's (§10.1) in a box on the page at LETTER_MARK_LINE_TOP, 30 mm;
- the 发文字号's baseline three lines under the mark's (two blank lines, the last shortened by
  MARK_LINE_EXCESS, §7.2.5); the red rule 4 mm under its characters' em box (RED_RULE_GAP_PT, §7.2.7);
- the title's first characters two lines (57.9 pt) under the rule: the second blank line is shortened
  by TITLE_DROP, a 2号 character standing higher in its line than a 3号 one (§7.3.1); the 主送 one
  blank line under the title, baselines two lines apart (§7.3.2);
- on an attachment page the 附件 label on line 1 and the title's characters on line 3 (§7.3.7);
- the 版记's lines indented 1字 from the 版心, its last rule on the 版心's bottom edge (§7.4);
- page numbers 7 mm under the 版心 with 1字 indents (§7.5, FOOTER_DISTANCE).
tests/test_positions.py measures every one of these on the rendered PDFs, within 1 mm.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.docx.parameters import CellMargins, DocumentDefaults, PageSetup


def mm(value: float) -> int:
    """Millimetres to twips."""
    return round(value * 1440 / 25.4)


def pt(value: float) -> int:
    """Points to twips."""
    return round(value * 20)


# -- §5.2 page and 版心 ------------------------------------------------------------------------
PAGE_WIDTH = mm(210)  # A4
PAGE_HEIGHT = mm(297)
TOP_MARGIN = mm(37)  # 天头
LEFT_MARGIN = mm(28)  # 订口
TEXT_WIDTH = mm(156)  # 版心 width
TEXT_HEIGHT = mm(225)  # 版心 height (page number excluded)
RIGHT_MARGIN = PAGE_WIDTH - LEFT_MARGIN - TEXT_WIDTH  # 26 mm
BOTTOM_MARGIN = PAGE_HEIGHT - TOP_MARGIN - TEXT_HEIGHT  # 35 mm

# §8 横排表格: a landscape page is the portrait sheet turned 90° clockwise, so its margins are the
# portrait ones turned with it and the 版心 stays where it is on the sheet.
LANDSCAPE_TOP_MARGIN = LEFT_MARGIN  # 28 mm, the binding side
LANDSCAPE_BOTTOM_MARGIN = RIGHT_MARGIN  # 26 mm
LANDSCAPE_LEFT_MARGIN = BOTTOM_MARGIN  # 35 mm
LANDSCAPE_RIGHT_MARGIN = TOP_MARGIN  # 37 mm
LANDSCAPE_TEXT_WIDTH = PAGE_HEIGHT - LANDSCAPE_LEFT_MARGIN - LANDSCAPE_RIGHT_MARGIN  # 225 mm across a turned page

# Header distances, which the standard does not set. A portrait page's header stays empty (its page
# number is in the footer, §7.5; the 信函 letterhead is placed on the page from its first-page header):
# 15 mm keeps it inside the 37 mm 天头. A landscape page's headers
# hold only the page-number text boxes, which are placed on the page by position (§8); 10 mm keeps
# the header's and the footer's empty lines inside the 28 and 26 mm margins.
PORTRAIT_HEADER_DISTANCE = mm(15)
LANDSCAPE_HEADER_DISTANCE = mm(10)
LANDSCAPE_FOOTER_DISTANCE = mm(10)

# -- where characters stand in their lines -----------------------------------------------------
# The standard places text by its characters (字): the 版心's top is the top of its first line's
# characters, the title two lines under the red rule, and so on. A document places paragraphs, whose
# lines are boxes: every line here has an exact height (w:lineRule="exact", never snapped to the
# line grid), and in an exact line both Word and LibreOffice put the baseline four fifths of the
# way down, whatever the font (measured in LibreOffice for 仿宋, 黑体 and 小标宋 substitutes at 14 to
# 36 pt in lines of 20 to 43.2 pt: baseline at 0.8 × line + 0.3 pt). A CJK font draws its characters
# on the ideographic em box, 0.88 em above the baseline and 0.12 em below (方正 and Noto CJK alike):
# so a character of `size` in an exact line stands `em_drop` below the top of its line.
EXACT_BASELINE = 0.8  # the baseline of an exact line, from its top, in line heights
EM_ASCENT = 0.88  # the ideographic em box above the baseline, in em


def em_drop(size: float, line: int) -> int:
    """Twips from the top of an exact line `line` twips high to the top of its characters of `size` pt."""
    return round(EXACT_BASELINE * line - EM_ASCENT * pt(size))


# -- §5.2 / §6 text --------------------------------------------------------------------------
BODY_SIZE = 16  # pt, 3号: the default of every element
LINES_PER_PAGE = 22  # a full page of body text (§5.2): what LINE_PITCH is chosen for
CHARS_PER_LINE = 28  # a full line, filling the 版心's width (§5.2): what BODY_CHAR_SPACING is chosen for
# Decision: exact 28.95 pt (579 twips) lines with a lines-only grid give 22 lines; 29 pt gives 21.
LINE_PITCH = 579
# The body's characters stand this far under the top of their line (9.1 pt, 3.2 mm): a page's text
# area (its margins in the page set-up) starts this much above the 版心, so that the first line's
# characters stand on the 版心's top edge, and ends as much above its bottom (22 lines of 28.95 pt
# fill 224.7 of its 225 mm).
BODY_DROP = em_drop(BODY_SIZE, LINE_PITCH)
# Decision: 28 × 16 pt = 448 pt > 156 mm (442.2 pt), so body text is condensed by 0.25 pt a
# character (w:spacing -5 twentieths of a point) to fit 28 characters on a line.
BODY_CHAR_SPACING = -5
CHAR_WIDTH = pt(BODY_SIZE) + BODY_CHAR_SPACING  # one 字 of body text, as set: 315 twips
BODY_ALIGN = "both"  # body paragraphs justified: lines of 28 characters fill the 版心 width
LANGUAGE = "zh-CN"  # East Asian language (python-docx's template says ja-JP: unstyled text fell back to MS Mincho)
# A paragraph that must exist but should take no room (a section's closing paragraph, the empty
# header of the 版记's section, a filler cell of a table): one exact line of 1 pt.
TINY_LINE = pt(1)

TITLE_SIZE = 22  # pt, 2号 (§7.3.1)
TITLE_MAX_CHARS = 20  # practice: at most 20 characters a title line (2号 on a 156 mm line fits 20)
SMALL_SIZE = 14  # pt, 4号: 版记 (§7.4) and page numbers (§7.5)

# -- §7.2 版头 --------------------------------------------------------------------------------
MARK_TOP = mm(35)  # 发文机关标志: top edge 35 mm below the 版心 top (§7.2.4)
MARK_SIZE = 36  # pt. The standard leaves the size open ("醒目、美观、庄重"); Decision: 36 pt,
MARK_MAX_WIDTH = mm(150)  # condensed horizontally when a long name would pass 150 mm.
MARK_LINE = round(pt(MARK_SIZE) * 1.2)  # its exact line, 1.2 × its size: a line as high as the font clips glyphs
MARK_DROP = em_drop(MARK_SIZE, MARK_LINE)  # its characters' top under its line's top (2.9 pt)
# The mark's paragraph starts MARK_TOP under the 版心 top less its drop; the text area itself starts
# BODY_DROP above the 版心 (see BODY_DROP).
MARK_BEFORE = MARK_TOP + BODY_DROP - MARK_DROP
MARK_BLANK_LINES = 2  # 发文字号 two lines under the mark (§7.2.5)
# The mark's line is taller than a body line, and a fifth of every exact line lies under its baseline:
# the blank lines under it are shortened by the fifth of the difference, so that baselines are whole
# lines apart.
MARK_LINE_EXCESS = round((1 - EXACT_BASELINE) * (MARK_LINE - LINE_PITCH))
RED = "FF0000"
BLACK = "000000"  # the 版记's rules (§7.4)
# The red rule 4 mm under the 发文字号's characters (§7.2.7): their em box ends 0.12 em under the
# baseline, 3.9 pt above the bottom of their line, and w:space (whole points) counts from that bottom.
RED_RULE_GAP_PT = round((EXACT_BASELINE * LINE_PITCH + (1 - EM_ASCENT) * pt(BODY_SIZE) + mm(4) - LINE_PITCH) / 20)
RED_RULE_SIZE = 12  # eighths of a point: 1.5 pt; the standard fixes no thickness (practice 1–1.9 pt)

# The red head from the top of the text area to the red rule's lower edge: the mark's paragraph, the
# blank lines under it, the 发文字号's line and the rule under it (its space and width).
RED_HEAD_HEIGHT = (MARK_BEFORE + MARK_LINE + MARK_BLANK_LINES * LINE_PITCH - MARK_LINE_EXCESS + LINE_PITCH
                   + pt(RED_RULE_GAP_PT) + round(pt(RED_RULE_SIZE / 8)))

# -- §7.3 主体 --------------------------------------------------------------------------------
TITLE_BLANK_LINES = 2  # title two lines under the red rule (§7.3.1)
TITLE_DROP = em_drop(TITLE_SIZE, LINE_PITCH)  # 2号 characters under the top of their 28.95 pt line (3.8 pt)
ADDRESSEE_BLANK_LINES = 1  # 主送机关 one line under the title (§7.3.2)
INDENT_CHARS = 2  # paragraphs indented two characters (§7.3.3)
ATTACHMENT_NOTE_BLANK_LINES = 1  # 附件说明 one line under the body (§7.3.4)
SEAL_BLANK_LINES = 3  # with a seal: room above 署名 (practice 2–3 lines, §7.3.5.1)
NO_SEAL_BLANK_LINES = 1  # without a seal: 署名 one line under the body (§7.3.5.2)
SEAL_DATE_RIGHT_CHARS = 4  # with a seal: 成文日期 right-indented 4 characters (§7.3.5.1)
NO_SEAL_RIGHT_CHARS = 2  # without a seal: 署名 right-indented 2 characters (§7.3.5.2)
NO_SEAL_DATE_SHIFT_CHARS = 2  # … and the date starts 2 characters right of the 署名 (§7.3.5.2)
ATTACHMENT_TITLE_LINE = 3  # the attachment's title on its third line (§7.3.7)

# -- §7.4 版记 --------------------------------------------------------------------------------
RECORD_THICK_RULE = 8  # eighths of a point: 0.35 mm ≈ 1 pt, first and last rule
RECORD_THIN_RULE = 6  # 0.25 mm ≈ 0.75 pt, rules between
RECORD_INDENT = pt(SMALL_SIZE)  # 抄送 and 印发 lines indented 1 character (§7.4.2, §7.4.3)
RECORD_SLACK = 60  # twips left under the 版记 for its rules and the section's closing paragraph
# LibreOffice gives the 版记's even-page section a 5 mm header area of its own and starts its body
# 7 mm too high; a header placed 7 mm above the 版心 (with a TINY_LINE paragraph) puts the body at
# 37 mm in LibreOffice, and Word, whose header then ends at 30 mm, starts the body at the margin.
RECORD_HEADER_DISTANCE = TOP_MARGIN - mm(7)
# The 抄送 line's length is estimated (it decides the rows' heights): its text is taken 2 % wider
# than its characters, and a line holds the usable width less the 3 字 of the hanging “抄送：”.
RECORD_TEXT_SLACK = 1.02
RECORD_CC_LABEL_CHARS = 3

# -- §7.5 page numbers -------------------------------------------------------------------------
PAGE_NUMBER_DASH = "\u2014"  # 一字线 on each side: — 1 —
PAGE_NUMBER_BELOW = mm(7)  # the dash line 7 mm under the 版心
PAGE_NUMBER_INDENT = pt(SMALL_SIZE)  # odd pages right-indented, even pages left-indented, 1 字
# The footer line is centred 7 mm under the 版心: its bottom edge this far above the page bottom.
FOOTER_DISTANCE = BOTTOM_MARGIN - PAGE_NUMBER_BELOW - pt(SMALL_SIZE) // 2
PAGE_NUMBER_LINE = pt(SMALL_SIZE)  # the page number's exact line: its own size
# §7.5: the 版记's page is numbered unless a blank page precedes it. A hidden bookmark (“_”) on the
# content's last paragraph lets the 版记's footer field compare the two pages.
CONTENT_END_BOOKMARK = "_TaskdocContentEnd"
# §8: on a landscape page the number is a text box rotated with the sheet, 8 mm across (one 4号
# line, 14 pt ≈ 4.9 mm) and 40 mm along the edge (room for “— 999 —”, about 20 mm).
PAGE_NUMBER_BOX_WIDTH = mm(8)
PAGE_NUMBER_BOX_LENGTH = mm(40)

# -- §10.1 信函格式 (letters) -----------------------------------------------------------------
LETTER_MARK_TOP = mm(30)  # the organ's name 30 mm from the page top
LETTER_MARK_LINE_TOP = LETTER_MARK_TOP - MARK_DROP  # where its line (in a text box on the page) starts
LETTER_RULE_WIDTH = mm(170)  # both double rules 170 mm wide, centred on the 版心
LETTER_RULE_BELOW_MARK = mm(4)  # the upper double rule 4 mm under the mark
LETTER_RULE_FROM_BOTTOM = mm(20)  # the lower double rule 20 mm above the page bottom
LETTER_RULE_THICK = pt(1.5)  # 上粗下细 / 上细下粗: the thick line (the standard fixes no thickness)
LETTER_RULE_THIN = pt(0.5)
LETTER_RULE_GAP = pt(1)
LETTER_BODY_BELOW_RULE = pt(2)  # the body starts 2 pt under the upper double rule
# The upper double rule 4 mm under the mark's characters (their em box, MARK_SIZE high from
# LETTER_MARK_TOP); the body's first line a spacer from the top of the text area down to
# LETTER_BODY_BELOW_RULE under the rules (the letterhead is placed on the page, not in the flow).
LETTER_RULE_TOP = LETTER_MARK_TOP + pt(MARK_SIZE) + LETTER_RULE_BELOW_MARK
LETTER_RULES_BOTTOM = LETTER_RULE_TOP + LETTER_RULE_THICK + LETTER_RULE_GAP + LETTER_RULE_THIN
LETTER_BODY_SPACER = LETTER_RULES_BOTTOM + LETTER_BODY_BELOW_RULE - (TOP_MARGIN - BODY_DROP)
LETTER_HEAD_HEIGHT = LETTER_BODY_SPACER  # what the letterhead takes from page 1's text area
# The 发文字号 (flush right under the rule, its characters 14 pt, 7/8 of a 3号 character, under it):
# a line as high as puts its em box there.
LETTER_NUMBER_GAP = pt(14)
LETTER_NUMBER_LINE = round((LETTER_NUMBER_GAP - LETTER_BODY_BELOW_RULE + EM_ASCENT * pt(BODY_SIZE)) / EXACT_BASELINE)

# -- §8 landscape tables (practice: header repeated, compact 仿宋, out of the body grid) --------
TABLE_SIZE = 12  # pt, 小四
TABLE_LINE = pt(15)  # exact line height of table text
TABLE_CELL_MARGIN = mm(1.2)  # left and right
TABLE_CELL_MARGIN_VERTICAL = 40  # twips (2 pt), top and bottom
TABLE_CELL_MARGINS = CellMargins(top=TABLE_CELL_MARGIN_VERTICAL, bottom=TABLE_CELL_MARGIN_VERTICAL,
                                 left=TABLE_CELL_MARGIN, right=TABLE_CELL_MARGIN)
TABLE_HEADER_SIZE = 12
TABLE_BORDER_SIZE = 4  # eighths of a point: 0.5 pt single black lines
# A row's height is estimated (to keep rows on one page, to add filler rows beside tall merged
# text), erring on the tall side: its text is taken 4 % wider than its characters, and 1 pt is
# added for the border.
TABLE_TEXT_SLACK = 1.04
TABLE_BORDER_ALLOWANCE = pt(1)
# A row is kept on one page when it fits under the repeated header on a landscape page (版心
# 156 mm high, the header row at most 20 mm); only a taller row may break. The task tables have a
# row per measure, so keeping rows whole costs little space.
TABLE_KEEP_ROW_MAX = TEXT_WIDTH - mm(20)
# A 序号 column is as wide as its widest number (or its header) and half a character more: a
# little room on each side of the centred number.
TABLE_SERIAL_ROOM = 0.5
# Columns follow their content (`tables.fitted_widths`); none is narrower than four characters of
# table text, so that a short heading (（一）指导思想) does not stand one character a line.
TABLE_MIN_CHARS = 4

# -- quarterly reporting forms (a 表格, not a 公文: GB/T 9704 does not govern them; practice) ----
FORM_MARGIN = mm(20)  # landscape A4 with 20 mm all round: 257 mm for the table's eleven columns
FORM_TEXT_WIDTH = PAGE_HEIGHT - 2 * FORM_MARGIN  # across the turned sheet: 257 mm
FORM_TITLE_SIZE = 18  # pt, 小二
FORM_TITLE_LINE = round(pt(FORM_TITLE_SIZE) * 1.5)  # one and a half lines
FORM_HEAD_SIZE = 12  # pt, 小四: the 填报单位 / 填报人 lines
FORM_HEAD_LINE = pt(FORM_HEAD_SIZE * 2)  # lines twice the text's size: room to fill the blanks by hand
FORM_INSTRUCTIONS_LINE = pt(FORM_HEAD_SIZE * 1.6)  # the 填报说明 under the table
FORM_INSTRUCTIONS_BEFORE = pt(6)  # space between the table and the 填报说明
FORM_TABLE_SIZE = 10.5  # pt, 五号: the task texts of a form
FORM_TABLE_LINE = pt(13)
FORM_INPUT_LINES = 3  # a task row is at least three lines high: room to write by hand

# -- the 修订对照表 (a table of changes sent with a new version; practice) ------------------------
REVISION_BLANK_LINES = 1  # between its title, its explanation, its tables and the closing lines


@dataclass(frozen=True)
class Fonts:
    """Font names by role (§7: 小标宋 for titles, 仿宋 body, 黑体/楷体 headings, 宋体 page numbers)."""

    title: str = "方正小标宋简体"
    body: str = "仿宋_GB2312"
    heading1: str = "黑体"
    heading2: str = "楷体_GB2312"
    page_number: str = "宋体"
    latin: str = "Times New Roman"  # digits and Latin letters (practice)

    @classmethod
    def plain(cls) -> Fonts:
        """The fonts Windows ships, for offices without the GB2312 and 方正 fonts installed."""
        return cls(title="方正小标宋简体", body="仿宋", heading2="楷体")

    @classmethod
    def chosen(cls, plain: bool) -> Fonts:
        """The standard fonts, or with `plain` (`--plain-fonts`) the ones Windows ships."""
        return cls.plain() if plain else cls()


DEFAULT_FONTS = Fonts()


def document_defaults(fonts: Fonts) -> DocumentDefaults:
    """What every 公文 starts from (§5.2, §6): 3号 body font, justified exact 28.95 pt lines condensed
    to 28 characters, zh-CN, odd and even page numbers on opposite sides (§7.5), the portrait page.
    Lines are not snapped to the grid (where a snapped line puts its text depends on the font: see
    EXACT_BASELINE), and punctuation never hangs past the 版心's right edge (§5.2.1)."""
    return DocumentDefaults(font=fonts.body, latin=fonts.latin, size=BODY_SIZE, char_spacing=BODY_CHAR_SPACING,
                            line=LINE_PITCH, align=BODY_ALIGN, language=LANGUAGE, odd_and_even_headers=True,
                            page=PORTRAIT_PAGE, snap_to_grid=False, hanging_punctuation=False)


# -- page set-ups -------------------------------------------------------------------------------
def whole_lines(height: int) -> int:
    """The greatest height of whole lines of LINE_PITCH within `height`. LibreOffice centres a page's
    line grid in its text area, moving even lines that do not snap to it by half of what is left over:
    a text area of whole lines leaves nothing over."""
    return height // LINE_PITCH * LINE_PITCH


# §5.2: A4, 37/35/28/26 mm, 22 lines of 28.95 pt; the text area starts BODY_DROP above the 版心, so
# that the first line's characters stand on its top edge, and is 22 whole lines high (a page set-up
# dialog shows margins of 33.8 and 38.5 mm).
PORTRAIT_PAGE = PageSetup(width=PAGE_WIDTH, height=PAGE_HEIGHT, top=TOP_MARGIN - BODY_DROP,
                          bottom=PAGE_HEIGHT - (TOP_MARGIN - BODY_DROP) - whole_lines(TEXT_HEIGHT),
                          left=LEFT_MARGIN, right=RIGHT_MARGIN, header=PORTRAIT_HEADER_DISTANCE,
                          footer=FOOTER_DISTANCE, line_pitch=LINE_PITCH)
# §8: the portrait sheet turned 90° clockwise, 版心 where it was (its text area raised the same way,
# 15 whole lines of the 156 mm across the sheet: a table ends 2.8 mm above the 版心's edge).
LANDSCAPE_PAGE = PageSetup(width=PAGE_HEIGHT, height=PAGE_WIDTH, top=LANDSCAPE_TOP_MARGIN - BODY_DROP,
                           bottom=PAGE_WIDTH - (LANDSCAPE_TOP_MARGIN - BODY_DROP) - whole_lines(TEXT_WIDTH),
                           left=LANDSCAPE_LEFT_MARGIN, right=LANDSCAPE_RIGHT_MARGIN,
                           header=LANDSCAPE_HEADER_DISTANCE, footer=LANDSCAPE_FOOTER_DISTANCE, line_pitch=LINE_PITCH)
# §7.4: the 版记's page: the 版心 as the standard draws it (its rows are placed from the bottom, its
# last rule on the 版心's bottom edge), its header placed for LibreOffice (RECORD_HEADER_DISTANCE).
RECORD_PAGE = replace(PORTRAIT_PAGE, top=TOP_MARGIN, bottom=BOTTOM_MARGIN, header=RECORD_HEADER_DISTANCE)
# The quarterly form: landscape A4, FORM_MARGIN all round.
FORM_PAGE = replace(LANDSCAPE_PAGE, top=FORM_MARGIN, bottom=FORM_MARGIN, left=FORM_MARGIN, right=FORM_MARGIN)
