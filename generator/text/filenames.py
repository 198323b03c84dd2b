"""File names safe on every system, made from Chinese names."""

from __future__ import annotations

import hashlib
import re

from generator.text.characters import strip_invisible

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


# Systems allow 255 bytes (Linux, macOS: UTF-8) or 255 UTF-16 units (Windows) in one file name, and a
# Chinese character takes 3 bytes in UTF-8. A name made from a unit's name gets a number before it and
# a quarter and suffix after it (07_…_2020年第四季度报表.xlsx, 45 bytes), so the name itself is kept
# within 120 bytes: 40 Chinese characters, more than any real unit's 简称 or 发文字号 needs.
NAME_BYTES = 120
HASH_CHARS = 8  # hex digits of SHA-256 that end a name cut to NAME_BYTES


def safe_filename(name: str, limit: int = NAME_BYTES) -> str:
    """A file name safe on Windows, macOS and Linux: no / \\ : * ? " < > |, no leading dots, at most
    `limit` bytes in UTF-8. A longer name is cut between characters and ends with "…" and a short
    hash of the whole name, so that two long names alike in their first `limit` bytes still make
    different file names (shorter names are kept as they are)."""
    cleaned = _UNSAFE.sub("_", strip_invisible(name)).strip().strip(".").strip()
    cleaned = cleaned.replace("..", "_")
    if len(cleaned.encode("utf-8")) > limit:
        tag = "…" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_CHARS]
        room = max(0, limit - len(tag.encode("utf-8")))
        # Cut the bytes, then drop a character cut in half: linear in the name, however long.
        cleaned = cleaned.encode("utf-8")[:room].decode("utf-8", "ignore").rstrip(". ") + tag
    cleaned = cleaned.rstrip(". ")
    if not cleaned or cleaned.split(".")[0].upper() in _RESERVED:
        cleaned = f"_{cleaned}"
    return cleaned
