"""A ruler for rendered 公文: where things are on the PDF pages LibreOffice makes, in millimetres
from the page's top-left edge, measured as a reviewer checks a print against GB/T 9704-2012.

Three kinds of edge, each where the standard means it:

- **printed glyphs** (ink): the page region is rendered with PDFium (pypdfium2) at 600 dpi (one
  pixel = 0.042 mm) and a pixel counts as ink when its darkest channel is below half (so red ink
  counts like black, and an anti-aliased edge pixel counts when the glyph covers half of it):
  the edge is found to within a pixel, well inside 0.1 mm. Used where the standard speaks of the
  printed edge: the 发文机关标志's top (§7.2.4 "上边缘"), the mark's bottom above the 信函 rule,
  the 一字线 of a page number (§7.5 "一字线上距版心下边缘"), the right edge of the last glyph of a
  line. (PDFium's "tight" character boxes are not used for ink: they come from the fonts' glyph
  bounding boxes and are up to 0.8 mm off the printed glyph, e.g. 公 of the substituted 小标宋.)
- **character bodies** (字身): a character's box from its font's ascent to its descent line, one
  advance wide (grown to the glyph's outline where that passes them) — PDFium's loose character
  box (FPDFText_GetLooseCharBox), what a PDF viewer highlights when the text is selected.
  LibreOffice writes Ascent/Descent 0 into the PDF's font descriptors, so pdfplumber's boxes
  (baseline to one em above) are not the fonts' bodies; PDFium reads the fonts themselves. Used
  for text lines, which the standard places in lines (行) and characters (字): the title, the 主送,
  body lines, the 附件 lines, the 版记's indents, page number indents. Vertically a line's body is
  taken over its Chinese characters only (Han characters, CJK and full-width punctuation): Latin
  digits (Times New Roman's substitute) have a taller body than the Chinese font's, so a line
  holding "2020" would otherwise start 0.6 mm higher than its characters do.
- **rules**: from the PDF's drawing operators (pdfplumber): a stroked line is its path widened by
  its stroke width; a filled bar (the 信函 double rules are filled rectangles) is its outline. A
  rule's top and bottom are its edges, its position its centre line, its thickness the stroke
  width or the bar's height.

A landscape page (§8) is the portrait sheet turned 90° clockwise; `sheet` maps a landscape
page's box back to the portrait sheet (x across, y down the sheet held upright), where its page
number must sit as on a portrait page.

These definitions reproduce what the issue-14 review measured on the documents of commit 1cea30d
to within 0.1 mm, row by row (scripts/measure_positions.py prints them), with one exception: the
review found punctuation 3.6 mm past the 版心 in a 催报; the per-unit 催报 (and the one 催报通知)
end no line at the edge — the +3.6 mm is the 报送通知's, whose column the review shared with it.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

MM = 72 / 25.4  # PDF points per millimetre
PAGE_WIDTH, PAGE_HEIGHT = 210.0, 297.0  # A4 portrait (§5.1)
TEXT_TOP, TEXT_LEFT = 37.0, 28.0  # 版心 top and left (§5.2.1: 天头 37 mm, 订口 28 mm)
TEXT_RIGHT = TEXT_LEFT + 156.0  # 184 mm
TEXT_BOTTOM = TEXT_TOP + 225.0  # 262 mm
LANDSCAPE_TEXT_TOP = TEXT_LEFT  # §8: the 订口 faces the top of a turned page: 28 mm
LINE_PT = 28.95  # one line of the 22-line grid (the project's decision for §5.2.3)
LINE = LINE_PT / MM  # 10.21 mm

TITLE_SIZE, BODY_SIZE, SMALL_SIZE = 22.0, 16.0, 14.0  # 2号, 3号, 4号 (pt)
INK_DPI = 600


def _is_chinese(ch: str) -> bool:
    """A character of the Chinese font: CJK punctuation (〔〕《》、。), kana, Han characters and
    full-width forms (，：（）) — everything from U+2E80 on; not Latin letters, digits or the 一字线."""
    return ord(ch) >= 0x2E80


@dataclass(frozen=True)
class Box:
    """A rectangle in millimetres from the page's top-left edge."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def grown(self, dx: float, dy: float) -> Box:
        return Box(self.x0 - dx, self.top - dy, self.x1 + dx, self.bottom + dy)


def union(boxes: Iterable[Box]) -> Box:
    boxes = list(boxes)
    return Box(min(b.x0 for b in boxes), min(b.top for b in boxes), max(b.x1 for b in boxes),
               max(b.bottom for b in boxes))


@dataclass(frozen=True)
class Char:
    """A printed character: its text, size (pt), fill colour (0–255 RGB), rotation (degrees,
    counter-clockwise as PDFium reports it), baseline origin (mm) and body (see the module)."""

    text: str
    size: float
    colour: tuple[int, int, int]
    angle: float
    origin_x: float
    baseline: float
    body: Box

    @property
    def upright(self) -> bool:
        return abs(self.angle) < 1

    @property
    def red(self) -> bool:
        r, g, b = self.colour
        return r > 200 and g < 80 and b < 80


@dataclass
class Line:
    """Upright characters of one size sharing a baseline, left to right."""

    chars: list[Char]
    page: Page = field(repr=False)

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    @property
    def size(self) -> float:
        return max(c.size for c in self.chars)

    @property
    def baseline(self) -> float:
        return max(c.baseline for c in self.chars)

    def _vertical(self) -> list[Char]:
        return [c for c in self.chars if _is_chinese(c.text)] or self.chars

    @property
    def top(self) -> float:
        """The top of the line's character bodies (its Chinese characters')."""
        return min(c.body.top for c in self._vertical())

    @property
    def bottom(self) -> float:
        """The bottom of the line's character bodies (its Chinese characters')."""
        return max(c.body.bottom for c in self._vertical())

    @property
    def left(self) -> float:
        """The left edge of the first character's body (where its advance begins)."""
        return self.chars[0].body.x0

    @property
    def right(self) -> float:
        """The right edge of the last character's body (where its advance ends)."""
        return self.chars[-1].body.x1

    @property
    def body(self) -> Box:
        return Box(self.left, self.top, self.right, self.bottom)

    def ink(self) -> Box:
        """The printed glyphs of the line (rendered; see the module)."""
        found = self.page.ink(union(c.body for c in self.chars).grown(1.0, 1.0))
        assert found is not None, f"no ink under {self.text!r}"
        return found


@dataclass(frozen=True)
class Rule:
    """A horizontal or vertical rule: its edges (mm), thickness (mm) and colour (0–255 RGB)."""

    box: Box
    thickness: float
    colour: tuple[int, int, int]

    @property
    def top(self) -> float:
        return self.box.top

    @property
    def bottom(self) -> float:
        return self.box.bottom

    @property
    def centre(self) -> float:
        return (self.box.top + self.box.bottom) / 2

    @property
    def length(self) -> float:
        return self.box.width

    @property
    def red(self) -> bool:
        r, g, b = self.colour
        return r > 200 and g < 80 and b < 80


def _rgb(colour: object) -> tuple[int, int, int]:
    """pdfplumber's colour (gray, RGB or CMYK tuple of 0–1, or None) as 0–255 RGB."""
    if not isinstance(colour, tuple | list) or not colour:
        return (0, 0, 0)
    values = [float(v) for v in colour]
    if len(values) == 1:
        return (round(values[0] * 255),) * 3  # type: ignore[return-value]
    if len(values) == 4:
        c, m, y, k = values
        return tuple(round(255 * (1 - v) * (1 - k)) for v in (c, m, y))  # type: ignore[return-value]
    return tuple(round(v * 255) for v in values[:3])  # type: ignore[return-value]


class Page:
    """One page of a rendered document: characters (PDFium), rules (pdfplumber), ink (PDFium)."""

    def __init__(self, number: int, pdfium_page: object, plumber_page: object) -> None:
        self.number = number  # 1-based, as the page is counted in the document
        self._pdfium = pdfium_page
        self._plumber = plumber_page
        self._height_pt = float(pdfium_page.get_height())  # type: ignore[attr-defined]
        self.width = float(pdfium_page.get_width()) / MM  # type: ignore[attr-defined]
        self.height = self._height_pt / MM
        self._chars: list[Char] | None = None
        self._lines: list[Line] | None = None
        self._rules: list[Rule] | None = None

    def __repr__(self) -> str:
        return f"<Page {self.number} {'landscape' if self.landscape else 'portrait'}>"

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    # -- characters ---------------------------------------------------------------------------
    @property
    def chars(self) -> list[Char]:
        if self._chars is None:
            import pypdfium2.raw as pdfium_c

            text = self._pdfium.get_textpage()  # type: ignore[attr-defined]
            raw, h = text.raw, self._height_pt
            chars = []
            for i in range(text.count_chars()):
                if pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
                    continue
                ch = chr(pdfium_c.FPDFText_GetUnicode(raw, i))
                if not ch.strip():
                    continue
                r, g, b, a = (ctypes.c_uint() for _ in range(4))
                pdfium_c.FPDFText_GetFillColor(raw, i, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b),
                                               ctypes.byref(a))
                x, y = ctypes.c_double(), ctypes.c_double()
                pdfium_c.FPDFText_GetCharOrigin(raw, i, ctypes.byref(x), ctypes.byref(y))
                left, bottom, right, top = text.get_charbox(i, loose=True)
                angle = pdfium_c.FPDFText_GetCharAngle(raw, i)
                chars.append(Char(
                    text=ch, size=round(pdfium_c.FPDFText_GetFontSize(raw, i), 2),
                    colour=(r.value, g.value, b.value), angle=round(angle * 180 / 3.141592653589793, 1),
                    origin_x=x.value / MM, baseline=(h - y.value) / MM,
                    body=Box(left / MM, (h - top) / MM, right / MM, (h - bottom) / MM)))
            self._chars = chars
        return self._chars

    @property
    def lines(self) -> list[Line]:
        """The page's lines of upright text, top to bottom: characters of one size (to 0.5 pt)
        whose baselines lie within 0.5 mm, left to right. (Cells of one table row that share a
        baseline make one line: the tables are not measured here.)"""
        if self._lines is None:
            groups: list[list[Char]] = []
            for c in sorted((c for c in self.chars if c.upright), key=lambda c: (c.baseline, c.origin_x)):
                for group in groups:
                    if abs(group[0].baseline - c.baseline) < 0.5 and abs(group[0].size - c.size) < 0.5:
                        group.append(c)
                        break
                else:
                    groups.append([c])
            lines = [Line(sorted(g, key=lambda c: c.origin_x), self) for g in groups]
            self._lines = sorted(lines, key=lambda line: line.baseline)
        return self._lines

    def text_lines(self, size: float | None = None) -> list[Line]:
        """Lines of `size` (pt, to 1 pt) inside the 版心's height (the page number excluded)."""
        bottom = self.height - (PAGE_WIDTH - TEXT_RIGHT) if self.landscape else TEXT_BOTTOM
        return [line for line in self.lines if line.baseline < bottom + 1
                and (size is None or abs(line.size - size) < 1)]

    # -- rules --------------------------------------------------------------------------------
    @property
    def rules(self) -> list[Rule]:
        """Stroked straight lines and thin filled bars (at most 2 mm across), each once (the
        renderer draws some twice), top to bottom."""
        if self._rules is None:
            found: dict[tuple[float, ...], Rule] = {}
            p = self._plumber
            for obj in p.lines:  # type: ignore[attr-defined]
                width = float(obj.get("linewidth") or 0) / MM
                x0, x1, top, bottom = (obj[k] / MM for k in ("x0", "x1", "top", "bottom"))
                if bottom - top < x1 - x0:  # horizontal: the stroke widens it up and down
                    box = Box(x0, top - width / 2, x1, bottom + width / 2)
                else:
                    box = Box(x0 - width / 2, top, x1 + width / 2, bottom)
                rule = Rule(box, width, _rgb(obj.get("stroking_color")))
                found.setdefault(tuple(round(v, 2) for v in (*vars(box).values(), width)), rule)
            for obj in [*p.rects, *p.curves]:  # type: ignore[attr-defined]
                if not obj.get("fill"):
                    continue
                box = Box(*(obj[k] / MM for k in ("x0", "top", "x1", "bottom")))
                if min(box.width, box.height) > 2:
                    continue
                rule = Rule(box, min(box.width, box.height), _rgb(obj.get("non_stroking_color")))
                found.setdefault(tuple(round(v, 2) for v in (*vars(box).values(), rule.thickness)), rule)
            self._rules = sorted(found.values(), key=lambda r: (r.top, r.box.x0))
        return self._rules

    def horizontal_rules(self, min_length: float = 100.0) -> list[Rule]:
        return [r for r in self.rules if r.length >= min_length and r.box.height < 2]

    # -- ink ----------------------------------------------------------------------------------
    def ink(self, box: Box) -> Box | None:
        """The printed marks inside `box` (mm), rendered at 600 dpi: the bounding box of the
        pixels whose darkest channel is below half (see the module), or None if blank."""
        from PIL import ImageChops

        scale = INK_DPI / 72
        x0, top = max(box.x0, 0.0), max(box.top, 0.0)
        x1, bottom = min(box.x1, self.width), min(box.bottom, self.height)
        crop = (x0 * MM, (self.height - bottom) * MM, (self.width - x1) * MM, top * MM)
        bitmap = self._pdfium.render(scale=scale, crop=crop)  # type: ignore[attr-defined]
        image = bitmap.to_pil().convert("RGB")
        r, g, b = image.split()
        darkest = ImageChops.darker(r, ImageChops.darker(g, b))
        bbox = darkest.point(lambda v: 255 if v < 128 else 0).getbbox()
        if bbox is None:
            return None
        px = 1 / scale / MM
        left, upper, right, lower = bbox
        return Box(x0 + left * px, top + upper * px, x0 + right * px, top + lower * px)

    def blank(self) -> bool:
        return not self.chars and not self.rules


class Document:
    """A PDF opened for measuring: its pages, kept open until `close`."""

    def __init__(self, path: Path) -> None:
        import pdfplumber
        import pypdfium2

        self.path = Path(path)
        self._pdfium = pypdfium2.PdfDocument(str(path))
        self._plumber = pdfplumber.open(str(path))
        self.pages = [Page(i + 1, self._pdfium[i], p) for i, p in enumerate(self._plumber.pages)]

    def close(self) -> None:
        self._plumber.close()
        self._pdfium.close()


# -- the 版头 (§7.2) and the 信函 head (§10.1) -------------------------------------------------------


def mark(page: Page) -> Line:
    """The 发文机关标志: the line of red characters larger than the title on page 1."""
    lines = [line for line in page.lines if line.size > TITLE_SIZE + 2 and all(c.red for c in line.chars)]
    assert lines, f"no 发文机关标志 on page {page.number}"
    return lines[0]


def mark_top(page: Page) -> float:
    """§7.2.4 / §10.1: the top edge of the 发文机关标志's printed glyphs (ink), from the page top."""
    return mark(page).ink().top


def mark_bottom(page: Page) -> float:
    """The bottom edge of the 发文机关标志's printed glyphs (ink)."""
    return mark(page).ink().bottom


def red_rule(page: Page) -> Rule:
    """§7.2.7: the red 分隔线 under the 发文字号: the first red stroked rule at least 100 mm long."""
    rules = [r for r in page.horizontal_rules() if r.red]
    assert rules, f"no red rule on page {page.number}"
    return rules[0]


def letter_rules(page: Page) -> tuple[tuple[Rule, Rule], tuple[Rule, Rule]]:
    """§10.1: the 信函's red double rules, (upper pair, lower pair), each pair top line first."""
    red = [r for r in page.horizontal_rules() if r.red]
    assert len(red) == 4, f"{len(red)} red rules on page {page.number}, the 信函 has two double rules"
    return (red[0], red[1]), (red[2], red[3])


def is_letter(page: Page) -> bool:
    """Whether page 1 has the 信函's head (two red double rules) rather than the red 分隔线."""
    return len([r for r in page.horizontal_rules() if r.red]) == 4


def head_rule_bottom(page: Page) -> float:
    """The lower edge of the rule the title is counted from: the red 分隔线 (§7.2.7) or, in a
    信函, the lower (thin) line of the upper double rule (§10.1)."""
    return letter_rules(page)[0][1].bottom if is_letter(page) else red_rule(page).bottom


def mark_to_rule(page: Page) -> float:
    """§10.1 (信函): from the mark's printed bottom edge (ink) to the top edge of the upper double
    rule (its thick line), mm."""
    return letter_rules(page)[0][0].top - mark_bottom(page)


def docnumber(page: Page) -> Line:
    """§7.2.5: the 发文字号: the body-size line between the mark and the red rule."""
    rule = red_rule(page)
    lines = [line for line in page.text_lines(BODY_SIZE) if mark(page).baseline < line.baseline < rule.top]
    assert lines, "no 发文字号"
    return lines[-1]


def docnumber_below_mark(page: Page) -> float:
    """§7.2.5 "发文机关标志下空二行": the 发文字号's baseline below the mark's baseline, mm. The
    mark's line, two empty lines and the 发文字号's line make three lines of the grid (30.64 mm)."""
    return docnumber(page).baseline - mark(page).baseline


def rule_below_docnumber(page: Page) -> float:
    """§7.2.7 "发文字号之下4mm处": from the bottom of the 发文字号's character bodies to the red
    rule's top edge, mm."""
    return red_rule(page).top - docnumber(page).bottom


# -- 主体 (§7.3) ------------------------------------------------------------------------------------


def title_lines(page: Page) -> list[Line]:
    """§7.3.1: the title's lines: the 2号 lines on page 1 under the rule, top to bottom."""
    below = head_rule_bottom(page)
    lines = [line for line in page.text_lines(TITLE_SIZE) if line.top > below]
    assert lines, f"no title on page {page.number}"
    return lines


def rule_to_title(page: Page) -> float:
    """§7.3.1 "红色分隔线下空二行" (信函: under the upper double rule): from the rule's lower edge
    (`head_rule_bottom`) to the top of the title's first line's character bodies, mm."""
    return title_lines(page)[0].top - head_rule_bottom(page)


def title_pitch(page: Page) -> list[float]:
    """The distance between successive title lines, baseline to baseline, in points (one value
    per pair of lines; empty for a one-line title)."""
    lines = title_lines(page)
    return [(b.baseline - a.baseline) * MM for a, b in zip(lines, lines[1:])]


def salutation(page: Page) -> Line:
    """§7.3.2: the 主送机关's first line: the first body-size line under the title."""
    last = title_lines(page)[-1]
    lines = [line for line in page.text_lines(BODY_SIZE) if line.baseline > last.baseline]
    assert lines, "no 主送机关"
    return lines[0]


def title_to_salutation(page: Page) -> float:
    """§7.3.2 "标题下空一行": from the bottom of the title's last line's character bodies to the
    top of the 主送机关's character bodies, mm."""
    return salutation(page).top - title_lines(page)[-1].bottom


def body_lines(pages: list[Page]) -> Iterator[Line]:
    """The body-size text lines of the portrait pages, page after page (page numbers excluded)."""
    for page in pages:
        if not page.landscape:
            yield from page.text_lines(BODY_SIZE)


def addressees_in_record(pages: list[Page]) -> bool:
    """§7.3.2: whether the 主送机关 were moved to the 版记 (its last page has a line “主送：…”)."""
    return any(line.text.startswith("主送：") for line in pages[-1].lines)


def body_start_page(pages: list[Page]) -> int:
    """§7.3.2 (a 公文's first page must show the body; too many 主送机关 move to the 版记): the
    page on which the 正文 begins, i.e. the line after the 主送机关's last line (the first body
    line ending in a full-width colon), or, when they were moved to the 版记, the line under the title."""
    lines = list(body_lines(pages))
    first = salutation(pages[0])
    if addressees_in_record(pages):
        return first.page.number
    start = next(i for i, line in enumerate(lines) if line is first)
    end = next(i for i in range(start, len(lines)) if lines[i].text.endswith("："))
    return lines[end + 1].page.number


def first_body_line_top(page: Page) -> float:
    """§5.2.1: on a continuation page, the top of the first text line's character bodies, mm from
    the page top (the 版心 starts 37 mm down)."""
    lines = page.text_lines()
    assert lines, f"page {page.number} has no text"
    return lines[0].top


def signature_and_date(pages: list[Page]) -> tuple[Line, Line]:
    """§7.3.5: the 发文机关署名 and the 成文日期 (the last body line reading as a date, and the
    line above it)."""
    lines = list(body_lines(pages))
    date = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
    i = max(i for i, line in enumerate(lines) if date.match(line.text))
    return lines[i - 1], lines[i]


def date_right_indent(pages: list[Page]) -> float:
    """§7.3.5.1 "成文日期一般右空四字": from the date's last character body's right edge to the
    版心's right edge, in characters of the body (16 pt condensed by 0.25 pt: 15.75 pt)."""
    return (TEXT_RIGHT - signature_and_date(pages)[1].right) / (15.75 / MM)


def signature_centre_offset(pages: list[Page]) -> float:
    """§7.3.5.1 "以成文日期为准居中编排发文机关署名": the 署名's centre minus the date's centre,
    their character bodies from the first's left to the last's right edge, mm."""
    signature, date = signature_and_date(pages)
    return (signature.left + signature.right) / 2 - (date.left + date.right) / 2


def max_right_edge_of_text(pages: list[Page]) -> tuple[float, str, int]:
    """§5.2.1 (the 版心 156 mm wide) and line breaking (no punctuation hanging outside it): the
    right edge of the printed glyphs (ink) of every line's last character on the portrait pages,
    the largest with that character and its page: (mm from the page's left edge, char, page)."""
    best = (0.0, "", 0)
    for page in pages:
        if page.landscape:
            continue
        for line in page.text_lines():
            last = line.chars[-1]
            if last.body.x1 < TEXT_RIGHT - 6:  # a short line: nothing near the edge
                continue
            ink = page.ink(Box(last.body.x0, last.body.top, last.body.x1 + 3, last.body.bottom))
            if ink is not None and ink.x1 > best[0]:
                best = (ink.x1, last.text, page.number)
    return best


# -- 附件 (§7.3.7) -----------------------------------------------------------------------------------


def attachment_page(pages: list[Page]) -> Page:
    """The first page of the 附件: the first landscape page."""
    return next(p for p in pages if p.landscape)


def attachment_label_top(page: Page) -> float:
    """§7.3.7 "附件" on the page's first line: the top of its character bodies, mm from the top
    of the (landscape) page, whose 版心 starts 28 mm down (§8)."""
    return next(line for line in page.text_lines() if line.text == "附件").top


def attachment_title_top(page: Page) -> float:
    """§7.3.7 the attachment's title on the third line: the top of its first 2号 line's
    character bodies, mm from the page top."""
    return page.text_lines(TITLE_SIZE)[0].top


# -- 版记 (§7.4) -------------------------------------------------------------------------------------


def record_rules(page: Page) -> list[Rule]:
    """§7.4.1: the 版记's black rules on its page, top to bottom."""
    return [r for r in page.horizontal_rules() if not r.red]


def _record_lines(page: Page) -> tuple[Line, Line]:
    """The 版记's 抄送 line (its first line) and 印发机关/印发日期 line (ending 印发)."""
    lines = page.text_lines(SMALL_SIZE)
    cc = next(line for line in lines if line.text.startswith("抄送"))
    issued = next(line for line in lines if line.text.endswith("印发"))
    return cc, issued


def imprint_left_indent(page: Page) -> dict[str, float]:
    """§7.4.2 抄送 / §7.4.3 印发机关 "左空一字": the left edge of each line's first character body,
    mm from the page's left edge (1字 of 4号 in from the 版心: 32.94 mm)."""
    cc, issued = _record_lines(page)
    return {"抄送": cc.left, "印发机关": issued.left}


def imprint_date_right_edge(page: Page) -> float:
    """§7.4.3 印发日期 "右空一字": the right edge of the 印发 line's last character body ("发"),
    mm from the page's left edge (1字 of 4号 in from the 版心: 179.06 mm)."""
    return _record_lines(page)[1].right


def has_record(page: Page) -> bool:
    return any(line.text.startswith("抄送") or line.text.endswith("印发") for line in page.text_lines(SMALL_SIZE))


# -- page numbers (§7.5, §8) ---------------------------------------------------------------------------


def sheet(page: Page, box: Box) -> Box:
    """`box` on the portrait sheet: a landscape page is the sheet turned 90° clockwise (§8), so
    its left edge is the sheet's bottom and its top the sheet's left edge."""
    if not page.landscape:
        return box
    return Box(box.top, PAGE_HEIGHT - box.x1, box.bottom, PAGE_HEIGHT - box.x0)


def page_number_chars(page: Page) -> list[Char]:
    """The page number's characters (— N —, 4号): on a portrait page under the 版心; on a
    landscape page in its left margin, rotated. In reading order."""
    if page.landscape:
        chars = [c for c in page.chars if c.body.x1 < 35 and not c.upright]
        return sorted(chars, key=lambda c: c.body.top)
    chars = [c for c in page.chars if c.baseline > TEXT_BOTTOM + 1 and c.upright]
    return sorted(chars, key=lambda c: c.body.x0)


def page_number(page: Page) -> int | None:
    """The number printed as "— N —" (§7.5), or None."""
    found = re.fullmatch(r"—(\d+)—", "".join(c.text for c in page_number_chars(page)))
    return int(found.group(1)) if found else None


def page_number_box(page: Page) -> Box:
    """The page number's character bodies on the portrait sheet (`sheet`), mm."""
    chars = page_number_chars(page)
    assert chars, f"page {page.number} has no page number"
    return sheet(page, union(c.body for c in chars))


def page_number_dash_top(page: Page) -> float:
    """§7.5 "一字线上距版心下边缘7mm": the top edge of the 一字线's printed ink (the first dash),
    on the portrait sheet, mm from its top (the 版心's bottom is at 262 mm)."""
    dash = page_number_chars(page)[0]
    ink = page.ink(dash.body)
    assert ink is not None
    return sheet(page, ink).top


def page_number_indent(page: Page) -> float:
    """§7.5 "单页码居右空一字，双页码居左空一字": on the portrait sheet, odd pages: from the last
    character body's right edge to the 版心's right edge; even pages: from the 版心's left edge
    to the first character body's left edge, mm (1字 of 4号: 4.94 mm)."""
    box = page_number_box(page)
    return TEXT_RIGHT - box.x1 if page.number % 2 else box.x0 - TEXT_LEFT


# -- the five kinds of document -----------------------------------------------------------------------

KINDS = ("通知", "情况通报", "交办函", "报送通知", "催报")


def build_documents(folder: Path, forms: int = 4) -> dict[str, Path]:
    """Build the five kinds of document as a clerk gets them, into `folder`/output: the notice,
    the first unit's 交办函 and the cover note from `api.build` of the shipped workbook, and the
    情况通报 and the first 催报 from `api.collect` on `forms` returned forms (the first units',
    filled as tests/test_collect.py fills them). Returns kind -> .docx."""
    from generator import api

    from .helpers import SHIPPED
    from .test_collect import fill, forms_by_unit

    out = folder / "output"
    api.build(SHIPPED, out)
    quarter = next(p for p in sorted((out / "季度报表").iterdir()) if p.is_dir())
    returned = forms_by_unit(sorted(quarter.iterdir()))
    inbox = folder / "收到的报表"
    inbox.mkdir(exist_ok=True)
    for unit, form in sorted(returned.items(), key=lambda item: item[1].name)[:forms]:
        fill(form, inbox / form.name, unit)
    api.collect(inbox, SHIPPED, output=out, quarter=quarter.name)
    return find_documents(out)


def _subfolders(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def find_documents(out: Path) -> dict[str, Path]:
    """The five kinds in an output folder (after `taskdoc build` and `taskdoc collect`): kind ->
    .docx, for the kinds found. The quarter is the last one collected (else the last one built);
    the 交办函 and the 催报 are the first by file name (a 催报通知 when collect wrote one notice)."""
    quarters = _subfolders(out / "汇总") or _subfolders(out / "季度报表")
    label = quarters[-1].name if quarters else "-"
    places = {
        "通知": [(out, "通知_*.docx")],
        "情况通报": [(out / "汇总" / label, "情况通报_*.docx")],
        "交办函": [(out / "交办函", "*.docx")],
        "报送通知": [(out / "季度报表" / label, "00_报送通知_*.docx")],
        "催报": [(out / "汇总" / label / "催报", "*.docx"), (out / "汇总" / label, "催报通知_*.docx")],
    }
    found = {}
    for kind, where in places.items():
        paths = [p for folder, pattern in where if folder.is_dir() for p in sorted(folder.glob(pattern))]
        if paths:
            found[kind] = paths[0]
    return found


def convert(documents: dict[str, Path]) -> dict[str, Path]:
    """Convert the documents to PDF as `taskdoc pdf` does (`generator.pdf.convert`: LibreOffice,
    the standard font names mapped to installed fonts), beside them: kind -> PDF."""
    from generator import pdf as pdf_export
    from generator.workspace import pdf_beside

    pdf_export.convert(list(documents.values()))
    pdfs = {kind: pdf_beside(path) for kind, path in documents.items()}
    assert all(p.is_file() for p in pdfs.values()), pdfs
    return pdfs
