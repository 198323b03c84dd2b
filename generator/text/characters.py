"""Characters a clerk cannot see or a terminal must measure: invisible marks, control characters, widths."""

from __future__ import annotations

import re
import unicodedata

# Zero-width and direction marks pasted from web pages and chat tools: invisible, yet they
# make two names that look the same differ.
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"


def strip_invisible(text: str) -> str:
    return "".join(c for c in text if c not in INVISIBLE)


# Direction overrides and isolates: they reorder what is shown (a file name ending …\u202excod.exe.docx
# reads as …docx.exe), so no document or file name may hold one.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Characters XML cannot hold: a document would show them as the literal text _xFFFE_.
NOT_IN_XML = "\ufffe\uffff"

# Excel and WPS store control characters as _xHHHH_ escapes, which openpyxl reads as they are.
_ESCAPED_CONTROL = re.compile(r"_x(00[01][0-9A-Fa-f]|007[Ff]|[Ff]{3}[EeFf])_")


def control_characters(text: str) -> list[str]:
    """Control characters in the text (line breaks, \n or Windows' \r\n, are allowed), direction
    overrides and characters XML cannot hold, as U+XXXX codes."""
    raw = [f"U+{ord(c):04X}" for c in text
           if c not in "\r\n" and (unicodedata.category(c) in ("Cc", "Cs") or c in INVISIBLE
                                   or c in BIDI_CONTROLS or c in NOT_IN_XML)]
    escaped = [f"U+{m.group(1).upper()}" for m in _ESCAPED_CONTROL.finditer(text)
               if m.group(1).upper() not in ("000A", "000D")]
    return raw + escaped


def excerpt(text: str, index: int, radius: int = 8) -> str:
    """A short piece of text around `index`, for messages."""
    start, end = max(0, index - radius), min(len(text), index + radius + 1)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def display_width(text: str) -> int:
    """Terminal columns: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
