"""File names safe on every system, made from Chinese names."""

from __future__ import annotations

import re

from generator.text.characters import strip_invisible

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_filename(name: str, limit: int = 80) -> str:
    """A file name safe on Windows, macOS and Linux: no / \\ : * ? " < > |, no leading dots, not too long."""
    cleaned = _UNSAFE.sub("_", strip_invisible(name)).strip().strip(".").strip()
    cleaned = cleaned.replace("..", "_")[:limit].rstrip(". ")
    if not cleaned or cleaned.split(".")[0].upper() in _RESERVED:
        cleaned = f"_{cleaned}"
    return cleaned
