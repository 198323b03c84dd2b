"""Issue 14: the rendered documents measured with a ruler against GB/T 9704-2012.

The five kinds a clerk prints — the notice (文件格式), the 情况通报 (文件格式), a 交办函, the 报送通知
and a 催报 (信函格式, §10.1) — are built once from the shipped workbook (the 情况通报 and the 催报 by
`collect` on four returned forms), converted to PDF once as `taskdoc pdf` does, and measured with
tests/positions.py (where each measurement's definition is). Targets are named after the clause
they come from; lengths in mm from the page's top-left edge; tolerance ±1 mm, the standard's own
for the page margins (§5.2.1 "天头…37mm±1mm"), except where a row says otherwise.

Every row passes; the values each document measures are printed by scripts/measure_positions.py.
"""

from __future__ import annotations

import pytest

from . import positions as P
from .positions import LINE, MM

pytestmark = pytest.mark.render

TOLERANCE = 1.0  # mm
CHAR_4HAO = 14 / MM  # 1字 of 4号 (版记, page numbers): 4.94 mm

# -- targets, by clause ------------------------------------------------------------------------------
TEXT_TOP_5_2_1 = P.TEXT_TOP  # 版心 top: 37 mm (天头)
TEXT_RIGHT_5_2_1 = P.TEXT_RIGHT  # 版心 right edge: 28 + 156 = 184 mm
TEXT_BOTTOM_5_2_1 = P.TEXT_BOTTOM  # 版心 bottom: 37 + 225 = 262 mm
MARK_TOP_7_2_4 = TEXT_TOP_5_2_1 + 35  # 发文机关标志上边缘至版心上边缘为35mm: 72 mm
DOCNUMBER_BELOW_MARK_7_2_5 = 3 * LINE  # 标志下空二行: baseline to baseline, the mark's line + 2 lines: 30.64 mm
RED_RULE_BELOW_DOCNUMBER_7_2_7 = 4.0  # 发文字号之下4mm处
RED_RULE_LENGTH_7_2_7 = 156.0  # 与版心等宽
TITLE_BELOW_RULE_7_3_1 = 2 * LINE  # 红色分隔线下空二行: 20.42 mm
TITLE_PITCH_7_3_1 = 28.95  # pt: one line of the grid per title line (the project's decision)
# 标题下空一行: the title's last line and the 主送 two lines apart, so from the title's bottom to the
# 主送's top two lines less a 3号 character's height: 20.42 − 5.64 = 14.78 mm
SALUTATION_BELOW_TITLE_7_3_2 = 2 * LINE - 16 / MM
BODY_PAGE_7_3_2 = 1  # the first page shows the 正文 (else the 主送 moves to the 版记)
DATE_RIGHT_INDENT_7_3_5_1 = 4  # 字: 成文日期一般右空四字
SIGNATURE_CENTRED_7_3_5_1 = 0.0  # 以成文日期为准居中编排发文机关署名
ATTACHMENT_LABEL_TOP_7_3_7 = P.LANDSCAPE_TEXT_TOP  # "附件" on the 版心's first line: 28 mm (§8 page)
ATTACHMENT_TITLE_TOP_7_3_7 = P.LANDSCAPE_TEXT_TOP + 2 * LINE  # the title on its third line: 48.42 mm
RECORD_THICK_7_4_1, RECORD_THIN_7_4_1 = 0.35, 0.25  # mm: 首条、末条粗线 0.35, 中间细线 0.25
RECORD_RULE_TOLERANCE = 0.05  # mm: a thickness (±1 mm would accept any rule)
RECORD_LAST_RULE_7_4_1 = TEXT_BOTTOM_5_2_1  # 末条分隔线与版心下边缘重合
IMPRINT_LEFT_7_4_2 = P.TEXT_LEFT + CHAR_4HAO  # 抄送 / 印发机关 左空一字: 32.94 mm
IMPRINT_DATE_RIGHT_7_4_3 = P.TEXT_RIGHT - CHAR_4HAO  # 印发日期右空一字: 179.06 mm
PAGE_NUMBER_DASH_TOP_7_5 = TEXT_BOTTOM_5_2_1 + 7  # 一字线上距版心下边缘7mm: 269 mm
PAGE_NUMBER_INDENT_7_5 = CHAR_4HAO  # 单页码居右空一字，双页码居左空一字
LETTER_MARK_TOP_10_1 = 30.0  # 信函: 标志上边缘至上页边为30mm
LETTER_RULE_BELOW_MARK_10_1 = 4.0  # 标志下4mm处印一条红色双线（上粗下细）
LETTER_LOWER_RULE_10_1 = 20.0  # 距下页边20mm处印一条红色双线（上细下粗）
LETTER_RULE_LENGTH_10_1 = 170.0  # 线长均为170mm，居中排布
# No glyph's ink past the 版心's right edge; 0.2 mm for glyphs whose outline passes their advance.
RIGHT_EDGE_SLACK = 0.2

OFFICIAL = ("通知", "情况通报")  # 文件格式: red mark, 文号, red rule, 版记
LETTERS = ("交办函", "报送通知", "催报")  # 信函格式 (§10.1)
ALL = P.KINDS
WITH_ATTACHMENT = ("通知", "交办函")  # a landscape 附件 (§7.3.7, §8)
MULTIPAGE = ("通知", "情况通报", "交办函")
IDS = {"通知": "notice", "情况通报": "bulletin", "交办函": "letter", "报送通知": "cover_note", "催报": "reminder"}


def kinds(names: tuple[str, ...]) -> list:
    """The kinds to run a row on, each named in English in the test's id."""
    return [pytest.param(k, id=IDS[k]) for k in names]


def near(value: float, target: float, what: str, tolerance: float = TOLERANCE) -> None:
    assert abs(value - target) <= tolerance, f"{what}: {value:.2f}, target {target:.2f} ± {tolerance}"


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    """kind -> its pages, built and converted once."""
    pytest.importorskip("pdfplumber")
    pytest.importorskip("pypdfium2")
    pdfs = P.convert(P.build_documents(tmp_path_factory.mktemp("positions")))
    opened = {kind: P.Document(path) for kind, path in pdfs.items()}
    yield {kind: doc.pages for kind, doc in opened.items()}
    for doc in opened.values():
        doc.close()


def test_each_kind_has_its_head(documents):
    """文件格式 (red rule) for the notice and the 情况通报, 信函格式 (double rules) for the letters."""
    assert {k for k, pages in documents.items() if P.is_letter(pages[0])} == set(LETTERS)


# -- 版头 §7.2, 信函 §10.1 ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", kinds(ALL))
def test_mark_top(documents, kind):
    """§7.2.4: the mark's printed top edge 35 mm under the 版心 top; §10.1 信函: 30 mm from the page top."""
    target = LETTER_MARK_TOP_10_1 if kind in LETTERS else MARK_TOP_7_2_4
    near(P.mark_top(documents[kind][0]), target, "mark top")


@pytest.mark.parametrize("kind", kinds(LETTERS))
def test_letter_rule_4mm_under_the_mark(documents, kind):
    near(P.mark_to_rule(documents[kind][0]), LETTER_RULE_BELOW_MARK_10_1, "mark to the upper double rule")


@pytest.mark.parametrize("kind", kinds(LETTERS))
def test_letter_double_rules(documents, kind):
    """§10.1: 170 mm, centred on the 版心; 上粗下细 under the mark, 上细下粗 20 mm above the page bottom."""
    (upper_thick, upper_thin), (lower_thin, lower_thick) = P.letter_rules(documents[kind][0])
    for rule in (upper_thick, upper_thin, lower_thin, lower_thick):
        near(rule.length, LETTER_RULE_LENGTH_10_1, "rule length")
        near((rule.box.x0 + rule.box.x1) / 2, (P.TEXT_LEFT + P.TEXT_RIGHT) / 2, "rule centre")
    assert upper_thick.thickness > upper_thin.thickness and lower_thick.thickness > lower_thin.thickness
    near(P.PAGE_HEIGHT - lower_thick.bottom, LETTER_LOWER_RULE_10_1, "lower double rule above the page bottom")


@pytest.mark.parametrize("kind", kinds(OFFICIAL))
def test_docnumber_two_lines_under_the_mark(documents, kind):
    near(P.docnumber_below_mark(documents[kind][0]), DOCNUMBER_BELOW_MARK_7_2_5, "文号 baseline under the mark's")


@pytest.mark.parametrize("kind", kinds(OFFICIAL))
def test_red_rule_4mm_under_the_docnumber_as_wide_as_the_text_block(documents, kind):
    page = documents[kind][0]
    near(P.rule_below_docnumber(page), RED_RULE_BELOW_DOCNUMBER_7_2_7, "文号 to the red rule")
    rule = P.red_rule(page)
    near(rule.length, RED_RULE_LENGTH_7_2_7, "red rule length")
    near(rule.box.x0, P.TEXT_LEFT, "red rule left end")


# -- 主体 §7.3 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", kinds(ALL))
def test_title_two_lines_under_the_rule(documents, kind):
    near(P.rule_to_title(documents[kind][0]), TITLE_BELOW_RULE_7_3_1, "rule to title")


@pytest.mark.parametrize("kind", kinds(tuple(k for k in ALL if k != "报送通知")))  # its title is one line
def test_title_lines_one_line_apart(documents, kind):
    pitches = P.title_pitch(documents[kind][0])
    assert pitches, "a one-line title"
    for pitch in pitches:
        near(pitch, TITLE_PITCH_7_3_1, "title line pitch (pt)", TOLERANCE * MM)


@pytest.mark.parametrize("kind", kinds(ALL))
def test_salutation_one_line_under_the_title(documents, kind):
    near(P.title_to_salutation(documents[kind][0]), SALUTATION_BELOW_TITLE_7_3_2, "title to 主送")


@pytest.mark.parametrize("kind", kinds(ALL))
def test_body_begins_on_the_first_page(documents, kind):
    assert P.body_start_page(documents[kind]) == BODY_PAGE_7_3_2


def test_a_long_addressee_list_moves_to_the_record(documents):
    """§7.3.2: the 情况通报 is addressed to all 18 units, five lines under a three-line title, which
    would push its body off page 1: the 主送 stands in the 版记 instead; the notice's short one stays."""
    assert P.addressees_in_record(documents["情况通报"]) and P.body_start_page(documents["情况通报"]) == 1
    assert not P.addressees_in_record(documents["通知"])


@pytest.mark.parametrize("kind", kinds(MULTIPAGE))
def test_continuation_page_starts_on_the_text_block_top(documents, kind):
    page = documents[kind][1]
    assert not page.landscape
    near(P.first_body_line_top(page), TEXT_TOP_5_2_1, "first line of page 2")


@pytest.mark.parametrize("kind", kinds(ALL))
def test_date_right_indent_4_characters_and_signature_centred_over_it(documents, kind):
    pages = documents[kind]
    near(P.date_right_indent(pages), DATE_RIGHT_INDENT_7_3_5_1, "date right indent (字)", 0.2)
    near(P.signature_centre_offset(pages), SIGNATURE_CENTRED_7_3_5_1, "署名 centre − date centre")


@pytest.mark.parametrize("kind", kinds(ALL))
def test_no_text_past_the_right_edge_of_the_text_block(documents, kind):
    right, char, page = P.max_right_edge_of_text(documents[kind])
    assert right <= TEXT_RIGHT_5_2_1 + RIGHT_EDGE_SLACK, f"{char} on page {page} reaches {right:.2f} mm"


# -- 附件 §7.3.7 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", kinds(WITH_ATTACHMENT))
def test_attachment_label_on_the_first_line(documents, kind):
    page = P.attachment_page(documents[kind])
    near(P.attachment_label_top(page), ATTACHMENT_LABEL_TOP_7_3_7, "附件 top")


@pytest.mark.parametrize("kind", kinds(WITH_ATTACHMENT))
def test_attachment_title_on_the_third_line(documents, kind):
    page = P.attachment_page(documents[kind])
    near(P.attachment_title_top(page), ATTACHMENT_TITLE_TOP_7_3_7, "attachment title top")


# -- 版记 §7.4 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", kinds(OFFICIAL))
def test_record_rules(documents, kind):
    """§7.4.1: rules as wide as the 版心, the first and last 0.35 mm, those between 0.25 mm, the last on
    the 版心 bottom: three with a 抄送 line, four when the 主送 moved there too (§7.3.2)."""
    pages = documents[kind]
    last = pages[-1]
    assert P.has_record(last)
    rules = P.record_rules(last)
    between = 2 if P.addressees_in_record(pages) else 1
    expected = (RECORD_THICK_7_4_1, *[RECORD_THIN_7_4_1] * between, RECORD_THICK_7_4_1)
    assert len(rules) == len(expected)
    for rule, thickness in zip(rules, expected):
        near(rule.thickness, thickness, "rule thickness", RECORD_RULE_TOLERANCE)
        near(rule.length, P.TEXT_RIGHT - P.TEXT_LEFT, "rule length")
    near(rules[-1].centre, RECORD_LAST_RULE_7_4_1, "last rule")


@pytest.mark.parametrize("kind", kinds(OFFICIAL))
def test_imprint_left_indent_1_character(documents, kind):
    for line, left in P.imprint_left_indent(documents[kind][-1]).items():
        near(left, IMPRINT_LEFT_7_4_2, f"{line} left edge")


@pytest.mark.parametrize("kind", kinds(OFFICIAL))
def test_imprint_date_right_indent_1_character(documents, kind):
    near(P.imprint_date_right_edge(documents[kind][-1]), IMPRINT_DATE_RIGHT_7_4_3, "印发日期 right edge")


@pytest.mark.parametrize("kind", kinds(OFFICIAL))
def test_record_page_numbered_unless_a_blank_page_precedes_it(documents, kind):
    pages = documents[kind]
    last = pages[-1]
    assert P.has_record(last)
    expected = None if pages[-2].blank() else last.number
    assert P.page_number(last) == expected


# -- 页码 §7.5, §8 ---------------------------------------------------------------------------------------


def _numbered(kind: str, pages: list[P.Page]) -> list[P.Page]:
    """The pages that must carry their number: all but a 信函's first page (§10.1), blank pages
    and the 版记 page (its own row above)."""
    return [p for p in pages if not (kind in LETTERS and p.number == 1) and not p.blank() and not P.has_record(p)]


@pytest.mark.parametrize("kind", kinds(ALL))
def test_page_numbers_present_and_absent(documents, kind):
    pages = documents[kind]
    numbered = _numbered(kind, pages)
    for page in pages:
        if page in numbered:
            assert P.page_number(page) == page.number, f"page {page.number}"
        elif not P.has_record(page):
            assert P.page_number(page) is None, f"page {page.number} is numbered"


@pytest.mark.parametrize("kind", kinds(MULTIPAGE))
def test_page_number_7mm_under_the_text_block_indented_1_character(documents, kind):
    """§7.5 on portrait pages, and §8 on landscape pages: on the sheet held upright the number is
    where a portrait page has it, its characters turned with the sheet."""
    for page in _numbered(kind, documents[kind]):
        near(P.page_number_dash_top(page), PAGE_NUMBER_DASH_TOP_7_5, f"page {page.number} dash top")
        near(P.page_number_indent(page), PAGE_NUMBER_INDENT_7_5, f"page {page.number} indent")
        chars = P.page_number_chars(page)
        assert all(abs(abs(c.angle) - (90 if page.landscape else 0)) < 1 for c in chars), f"page {page.number} turned"
