"""File names safe on every system, made from Chinese names."""

from __future__ import annotations

import re

from generator.text.characters import strip_invisible

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


# Systems allow 255 bytes (Linux, macOS: UTF-8) or 255 UTF-16 units (Windows) in one file name, and a
# Chinese character takes 3 bytes in UTF-8. A name made from a unit's name gets a number before it and
# a quarter and suffix after it (07_…_2020年第四季度报表.xlsx, 45 bytes), so the name itself is kept
# within 120 bytes: 40 Chinese characters, more than any real unit's 简称 or 发文字号 needs.
NAME_BYTES = 120


def safe_filename(name: str, limit: int = NAME_BYTES) -> str:
    """A file name safe on Windows, macOS and Linux: no / \\ : * ? " < > |, no leading dots, at most
    `limit` bytes in UTF-8 (cut between characters)."""
    cleaned = _UNSAFE.sub("_", strip_invisible(name)).strip().strip(".").strip()
    cleaned = cleaned.replace("..", "_")
    while len(cleaned.encode("utf-8")) > limit:
        cleaned = cleaned[:-1]
    cleaned = cleaned.rstrip(". ")
    if not cleaned or cleaned.split(".")[0].upper() in _RESERVED:
        cleaned = f"_{cleaned}"
    return cleaned
