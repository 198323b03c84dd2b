"""Pure text rules of Chinese official writing: numbering, unit lists, punctuation, dates."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

CN_DIGITS = "〇一二三四五六七八九"
_CN_VALUE = {c: i for i, c in enumerate(CN_DIGITS)} | {"零": 0, "两": 2}


def cn_number(text: str) -> int | None:
    """Value of a Chinese numeral up to 999 (一, 十二, 二十, 一百零五, 三百二十); None if it is not one."""
    if not text or any(c not in _CN_VALUE and c not in "十百" for c in text):
        return None
    hundreds, sep, rest = text.partition("百")
    if sep:
        if len(hundreds) != 1 or hundreds not in _CN_VALUE or _CN_VALUE[hundreds] == 0:
            return None
        if rest.startswith(("零", "〇")):
            rest = rest[1:]
            if len(rest) != 1:
                return None
        elif rest and not rest.endswith("十") and "十" not in rest:
            return None
        elif rest.startswith("十"):
            return None  # 一百十 is written 一百一十
        low = cn_number(rest) if rest else 0
        return None if low is None else _CN_VALUE[hundreds] * 100 + low
    if "十" not in text:
        return _CN_VALUE[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return (_CN_VALUE[tens] if tens else 1) * 10 + (_CN_VALUE[ones] if ones else 0)


def to_cn_number(value: int) -> str:
    """Chinese numeral for 1–999, as used in 一、 and （一百零二）."""
    if not 0 < value < 1000:
        raise ValueError(value)
    hundreds, low = divmod(value, 100)
    if hundreds:
        if low == 0:
            return CN_DIGITS[hundreds] + "百"
        tail = ("零" + CN_DIGITS[low]) if low < 10 else (CN_DIGITS[low // 10] + "十" + (CN_DIGITS[low % 10] if low % 10 else ""))
        return CN_DIGITS[hundreds] + "百" + tail
    tens, ones = divmod(value, 10)
    if tens == 0:
        return CN_DIGITS[ones]
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


_PART = re.compile(r"^\s*([一二三四五六七八九十百零〇]+)\s*[、．.]\s*(.*)$", re.S)
_CLAUSE = re.compile(r"^\s*[（(]\s*([一二三四五六七八九十百零〇]+)\s*[）)]\s*(.*)$", re.S)
_MEASURE = re.compile(r"^\s*(\d{1,3})\s*[.．、]\s*(?!\d)(.*)$", re.S)


@dataclass(frozen=True)
class Numbered:
    """A heading split into its number and its text: 「（三）启动…」 → 3, 「启动…」."""

    number: int | None
    text: str


def parse_part(text: str) -> Numbered:
    """`一、总体要求` → 1, 总体要求."""
    m = _PART.match(text)
    return Numbered(cn_number(m.group(1)), m.group(2).strip()) if m else Numbered(None, text.strip())


def parse_clause(text: str) -> Numbered:
    """`（三）启动…` (or half-width brackets) → 3, 启动…."""
    m = _CLAUSE.match(text)
    return Numbered(cn_number(m.group(1)), m.group(2).strip()) if m else Numbered(None, text.strip())


def parse_measure(text: str) -> Numbered:
    """`1.实施…` (or 1． / 1、) → 1, 实施…; unnumbered text keeps number None."""
    m = _MEASURE.match(text)
    return Numbered(int(m.group(1)), m.group(2).strip()) if m else Numbered(None, text.strip())


# -- unit lists -------------------------------------------------------------------------

UNIT_SEPARATORS = "、，,；;\n"
_OPENERS = "（(〔[【《〈<｛{"
_CLOSERS = "）)〕]】》〉>｝}"


def split_units(text: str, keep_whole: Iterable[str] = ()) -> list[str]:
    """Split a unit cell on 、，,；; and line breaks, never inside brackets.

    Names in `keep_whole` (collective names such as 各区、县级市) are taken whole when a
    piece starts with them and they end at a separator or the end of the text.
    """
    whole = sorted({w for w in keep_whole if w}, key=len, reverse=True)
    names: list[str] = []
    i, n = 0, len(text)
    while i < n:
        while i < n and (text[i] in UNIT_SEPARATORS or text[i].isspace()):
            i += 1
        if i >= n:
            break
        hit = next(
            (w for w in whole if text.startswith(w, i)
             and (i + len(w) == n or text[i + len(w)] in UNIT_SEPARATORS)),
            None,
        )
        if hit:
            names.append(hit)
            i += len(hit)
            continue
        depth, j = 0, i
        while j < n and not (depth == 0 and text[j] in UNIT_SEPARATORS):
            if text[j] in _OPENERS:
                depth += 1
            elif text[j] in _CLOSERS and depth:
                depth -= 1
            j += 1
        name = text[i:j].strip()
        if name:
            names.append(name)
        i = j
    return names


# -- characters ---------------------------------------------------------------------------

HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}


def is_cjk(ch: str) -> bool:
    """True for Chinese characters and full-width Chinese punctuation."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x3000 <= o <= 0x303F
        or 0xFF00 <= o <= 0xFFEF or 0x2018 <= o <= 0x201D or 0xF900 <= o <= 0xFAFF
    )


def has_cjk(text: str) -> bool:
    return any(0x4E00 <= ord(c) <= 0x9FFF for c in text)


def half_width_punctuation(text: str) -> list[int]:
    """Positions of ASCII punctuation that Chinese text should write full-width.

    Only text containing Chinese characters is looked at; `,` and `:` between digits
    (1,000 · 9:30) are numbers, not punctuation.
    """
    if not has_cjk(text):
        return []
    found = []
    for i, ch in enumerate(text):
        if ch not in HALF_TO_FULL:
            continue
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if ch in ",:" and before.isdigit() and after.isdigit():
            continue
        found.append(i)
    return found


def to_full_width_punctuation(text: str) -> str:
    """The text with every reported half-width mark replaced (used for suggestions and the seed)."""
    chars = list(text)
    for i in half_width_punctuation(text):
        chars[i] = HALF_TO_FULL[chars[i]]
    return "".join(chars)


# Zero-width and direction marks pasted from web pages and chat tools: invisible, yet they
# make two names that look the same differ.
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"


def strip_invisible(text: str) -> str:
    return "".join(c for c in text if c not in INVISIBLE)


# Excel and WPS store control characters as _xHHHH_ escapes, which openpyxl reads as they are.
_ESCAPED_CONTROL = re.compile(r"_x(00[01][0-9A-Fa-f]|007[Ff])_")


def control_characters(text: str) -> list[str]:
    """Control characters in the text (line breaks, \n or Windows' \r\n, are allowed), as U+XXXX codes."""
    raw = [f"U+{ord(c):04X}" for c in text
           if c not in "\r\n" and (unicodedata.category(c) == "Cc" or c in INVISIBLE)]
    escaped = [f"U+{m.group(1).upper()}" for m in _ESCAPED_CONTROL.finditer(text)
               if m.group(1).upper() not in ("000A", "000D")]
    return raw + escaped


def excerpt(text: str, index: int, radius: int = 8) -> str:
    """A short piece of text around `index`, for messages."""
    start, end = max(0, index - radius), min(len(text), index + radius + 1)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def normalise_header(text: str) -> str:
    """Header text without spaces, line breaks and full-width spaces (`任  务  内  容` → 任务内容)."""
    return re.sub(r"[\s\u3000]+", "", text)


def display_width(text: str) -> int:
    """Terminal columns: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


# -- 发文字号 and dates ---------------------------------------------------------------------

_DOC_NUMBER = re.compile(r"^(?P<code>[^〔〕\s]+)〔(?P<year>\d{4})〕(?P<serial>[1-9]\d*)号$")
_DOC_NUMBER_LOOSE = re.compile(
    r"^(?P<code>.+?)\s*[〔\[【［(（﹝{｛]\s*(?P<year>\d{2,4})\s*[〕\]】］)）﹞}｝]\s*第?\s*0*(?P<serial>\d+)\s*号?$"
)


@dataclass(frozen=True)
class DocNumber:
    """A 发文字号 such as 嘉政办发〔2020〕86号."""

    code: str
    year: int
    serial: int

    def __str__(self) -> str:
        return f"{self.code}〔{self.year}〕{self.serial}号"


def parse_doc_number(text: str) -> DocNumber | None:
    """The parts of a correctly written 发文字号, or None."""
    m = _DOC_NUMBER.match(text.strip())
    return DocNumber(m["code"], int(m["year"]), int(m["serial"])) if m else None


def suggest_doc_number(text: str) -> str | None:
    """The correct spelling of a wrongly written 发文字号 ([2020] → 〔2020〕, 第086号 → 86号)."""
    m = _DOC_NUMBER_LOOSE.match(text.strip())
    if not m or len(m["year"]) != 4 or int(m["serial"]) == 0:
        return None
    return str(DocNumber(m["code"].strip(), int(m["year"]), int(m["serial"])))


_DATE_TEXT = re.compile(
    r"^\s*(?P<y>\d{4})\s*(?:年|-|/|\.)\s*(?P<m>\d{1,2})\s*(?:月|-|/|\.)\s*(?P<d>\d{1,2})\s*日?\s*$"
)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


class NotADate(ValueError):
    """A value that was meant as a date but is none (text that is no date, or 2月30日)."""


def parse_date(value: object) -> dt.date | None:
    """A date from an Excel date, a serial number, or text like 2020年9月17日 / 2020-09-17.

    Empty values give None; anything else that is not a real date raises NotADate.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise NotADate(str(value))
    m = _DATE_TEXT.match(str(value))
    if not m:
        raise NotADate(str(value))
    try:
        return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError as err:
        raise NotADate(str(value)) from err


def format_date(day: dt.date) -> str:
    """GB/T 9704 §7.3.5.4: Arabic numerals, full year, no zero padding — 2020年9月17日."""
    return f"{day.year}年{day.month}月{day.day}日"


_QUARTER = re.compile(r"^\s*(?P<y>\d{4})\s*(?:年\s*第?\s*(?P<cn>[一二三四1-4])\s*季度?|[-\s]?[Qq](?P<q>[1-4]))\s*$")


def parse_quarter(text: str) -> tuple[int, int] | None:
    """`2020年第四季度`, `2020年4季度` or `2020Q4` → (2020, 4); None otherwise."""
    m = _QUARTER.match(str(text))
    if not m:
        return None
    q = m["q"] or m["cn"]
    return int(m["y"]), int(q) if q.isdigit() else "一二三四".index(q) + 1


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_filename(name: str, limit: int = 80) -> str:
    """A file name safe on Windows, macOS and Linux: no / \\ : * ? " < > |, no leading dots, not too long."""
    cleaned = _UNSAFE.sub("_", strip_invisible(name)).strip().strip(".").strip()
    cleaned = cleaned.replace("..", "_")[:limit].rstrip(". ")
    if not cleaned or cleaned.split(".")[0].upper() in _RESERVED:
        cleaned = f"_{cleaned}"
    return cleaned


_ONE_LEVEL_DEEPER = str.maketrans("《》〈〉", "〈〉《》")


def nested_quotes(text: str) -> str:
    """Text to put inside 《》: every title in it goes one level deeper, so its 《》 become 〈〉
    and its 〈〉 become 《》 (GB/T 15834 §4.15 nests 书名号 double-single; a third level takes the
    double ones again, as in 《关于印发〈…《…》…〉的通知》)."""
    return text.translate(_ONE_LEVEL_DEEPER)
