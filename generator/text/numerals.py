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
