"""Handing memory back between the documents of a long build."""

from __future__ import annotations

import ctypes
import functools
import gc
from collections.abc import Callable


@functools.cache
def _libc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None where the C library is another (macOS, Windows, musl)."""
    try:
        return getattr(ctypes.CDLL(None), "malloc_trim", None)
    except (OSError, TypeError):
        return None


RELEASE_EVERY = 8  # documents written between two releases: a release takes about 20 ms


def release_memory(written: int = 0) -> None:
    """Free the documents already written and hand their memory back to the system, when
    `written` (files so far) is a multiple of RELEASE_EVERY.

    A python-docx document is a cycle of objects, freed only by a full garbage collection, which
    Python runs rarely; and glibc keeps what lxml frees. Without this a provincial build of 900
    files grew past 600 MB, though it never needs more than a few documents at once.
    """
    if written % RELEASE_EVERY:
        return
    gc.collect()
    trim = _libc_trim()
    if trim is not None:
        trim(0)
