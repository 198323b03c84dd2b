"""Chinese numerals and numbered headings: 一、 （三） 1."""

from __future__ import annotations

import re
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
        if low < 10:
            tail = "零" + CN_DIGITS[low]
        else:
            tail = CN_DIGITS[low // 10] + "十" + (CN_DIGITS[low % 10] if low % 10 else "")
        return CN_DIGITS[hundreds] + "百" + tail
    tens, ones = divmod(value, 10)
    if tens == 0:
        return CN_DIGITS[ones]
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


_PART = re.compile(r"^\s*([一二三四五六七八九十百零〇]+)\s*[、．.]\s*(.*)$", re.S)
_CLAUSE = re.compile(r"^\s*[（(]\s*([一二三四五六七八九十百零〇]+)\s*[）)]\s*(.*)$", re.S)
_MEASURE = re.compile(r"^\s*(\d{1,3})\s*[.．、]\s*(?!\d+(?:\.\d+)?\s*" + "[%％‰万亿千百倍个元米吨克]" + r")(.*)$", re.S)


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


# -- numbering marks of any style ---------------------------------------------------------------

class Style:
    """The numbering styles of Chinese official documents, outermost first (GB/T 9704 §7.3.3:
    一、 （一） 1. （1）; ① below them in many tables). A style's rank is its place in this order."""

    CN = 1  # 一、
    CN_PAREN = 2  # （一）
    ARABIC = 3  # 1. 1、 1． １．, or a bare 1 in a 序号 column
    ARABIC_PAREN = 4  # （1） (1)
    CIRCLED = 5  # ①


@dataclass(frozen=True)
class Mark:
    """A numbering mark at the start of a text, as written: `（1）建设…` → rank ARABIC_PAREN, 1, `（1）`, `建设…`."""

    rank: int
    number: int
    mark: str  # as written, spaces after it dropped
    text: str  # what follows the mark


_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CN_NUM = "[一二三四五六七八九十百零〇两]+"
_MARKS = (
    (Style.CN_PAREN, re.compile(rf"^\s*([（(]\s*({_CN_NUM})\s*[）)])\s*(.*)$", re.S)),
    (Style.CN, re.compile(rf"^\s*(({_CN_NUM})\s*[、．.])\s*(.*)$", re.S)),
    (Style.ARABIC_PAREN, re.compile(r"^\s*([（(]\s*([0-9０-９]{1,3})\s*[）)])\s*(.*)$", re.S)),
    (Style.CIRCLED, re.compile(rf"^\s*(([{_CIRCLED}]))\s*(.*)$", re.S)),
)
_ARABIC = re.compile(r"^\s*(([0-9０-９]{1,3})\s*[.．、])\s*(.*)$", re.S)
_DECIMAL = re.compile(r"^\d*(?:\.\d+)?\s*[%％‰万亿千百倍个元米吨克]")


# Outline numbers 1.1, 2.3.1: one level deeper for each dot. In a text they need a space or 、 after
# them (`1.1 建设…`): `3.121人才梯队项目` is item 3, text `121人才梯队项目`.
_OUTLINE = re.compile(r"^\s*(([0-9０-９]{1,3}(?:[.．][0-9０-９]{1,3})+)(?:[、]|[.．]?[\s\u3000]+))\s*(.*)$", re.S)
_BARE_OUTLINE = re.compile(r"[0-9０-９]{1,3}(?:[.．][0-9０-９]{1,3})+[.．]?")


def _outline(written: str, rest: str) -> Mark:
    numbers = re.split("[.．]", written.strip().rstrip(".．、").translate(_FULL_DIGITS))
    return Mark(Style.ARABIC + len(numbers) - 1, int(numbers[-1]), re.sub(r"\s+", "", written), rest.strip())


def parse_mark(text: str) -> Mark | None:
    """The numbering mark a text starts with, of any style, or None. `3.121人才梯队项目` is item 3
    (text `121人才梯队项目`); `1.5%以上` and `2.5亿元` are decimals, not numbering; `1.1 建设…` is an
    outline number one level below `1.`."""
    if m := _OUTLINE.match(text):
        return _outline(m.group(1), m.group(3))
    for rank, pattern in _MARKS:
        if m := pattern.match(text):
            return _marked(rank, m.group(1), m.group(2), m.group(3))
    if (m := _ARABIC.match(text)) and not (m.group(1).rstrip().endswith((".", "．")) and _DECIMAL.match(m.group(3))):
        return _marked(Style.ARABIC, m.group(1), m.group(2), m.group(3))
    return None


def parse_serial(text: str) -> Mark | None:
    """A 序号 cell's number: a mark of any style, an outline number (1.2), or a bare number (1, １, 一)."""
    bare = text.strip()
    if _BARE_OUTLINE.fullmatch(bare):
        return _outline(bare, "")
    if marked := parse_mark(bare):
        return marked
    if re.fullmatch("[0-9０-９]{1,3}", bare):
        return Mark(Style.ARABIC, int(bare.translate(_FULL_DIGITS)), bare, "")
    if (n := cn_number(bare)) is not None and n > 0:
        return Mark(Style.CN, n, bare, "")
    return None


def _marked(rank: int, mark: str, digits: str, rest: str) -> Mark | None:
    if rank == Style.CIRCLED:
        number: int | None = _CIRCLED.index(digits) + 1
    elif rank in (Style.CN, Style.CN_PAREN):
        number = cn_number(digits.replace("两", "二"))
    else:
        number = int(digits.translate(_FULL_DIGITS))
    if not number:
        return None
    return Mark(rank, number, re.sub(r"\s+", "", mark), rest.strip())


def relabel(mark: str, number: int) -> str:
    """A mark of the same style holding another number: relabel("（3）", 4) == "（4）", relabel("三、", 4) == "四、"."""
    if any(c in _CIRCLED for c in mark):
        return _CIRCLED[number - 1] if number <= len(_CIRCLED) else f"({number})"
    if _BARE_OUTLINE.match(mark):  # 1.2 → 1.3: the last number counts
        return re.sub("[0-9０-９]+(?=[^0-9０-９]*$)", str(number), mark, count=1)
    if re.search("[0-9０-９]", mark):
        return re.sub("[0-9０-９]+", str(number), mark, count=1)
    return re.sub(_CN_NUM, to_cn_number(number), mark, count=1)
