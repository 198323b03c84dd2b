"""Punctuation of Chinese text: half-width marks in Chinese, nested 书名号."""

from __future__ import annotations

HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}


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


_ONE_LEVEL_DEEPER = str.maketrans("《》〈〉", "〈〉《》")


def nested_quotes(text: str) -> str:
    """Text to put inside 《》: every title in it goes one level deeper, so its 《》 become 〈〉
    and its 〈〉 become 《》 (GB/T 15834 §4.15 nests 书名号 double-single; a third level takes the
    double ones again, as in 《关于印发〈…《…》…〉的通知》)."""
    return text.translate(_ONE_LEVEL_DEEPER)
