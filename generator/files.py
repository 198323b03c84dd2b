"""Writing output files whole or not at all."""

from __future__ import annotations

import ctypes
import functools
import gc
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def save_atomically(path: Path, save: Callable[[str], None]) -> None:
    """Call `save` on a temporary file beside `path`, then move it into place.

    A failed or interrupted run leaves the earlier file untouched and no half-written one.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".~taskdoc-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        save(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; the file is an ordinary one
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it
    os.umask(mask)
    return mask


@functools.cache
def _libc_trim():
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
