"""Traditional characters in simplified text (copied from a traditional-character mirror): found, never converted.

The table (`traditional_table`, generated) lists only characters that simplified text never uses,
so that common simplified text gives no false alarm: 乾, 於, 著, 覆 … are correct simplified
characters in some words and are not listed. The simplified form is one character's usual
counterpart, offered for the clerk to confirm, never applied by taskdoc.
"""

from __future__ import annotations

from generator.text.traditional_table import PAIRS

SIMPLIFIED: dict[str, str] = dict(zip(PAIRS[::2], PAIRS[1::2]))


def traditional_characters(text: str) -> list[int]:
    """Positions of the characters that only traditional text uses."""
    return [i for i, c in enumerate(text) if c in SIMPLIFIED]


def to_simplified(text: str) -> str:
    """The text with each traditional-only character replaced by its usual simplified form (a
    suggestion: a character with several simplified forms gets the commonest)."""
    return "".join(SIMPLIFIED.get(c, c) for c in text)
