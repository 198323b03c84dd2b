"""Writing output files whole or not at all: one file (`save_atomically`), many files at once
(`swap`, undone unless it completes), and one writer at a time (`exclusive`)."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO


def save_atomically(path: Path, save: Callable[[str], object]) -> None:
    """Call `save` on a temporary file beside `path`, then move it into place.

    A failed or interrupted run leaves the earlier file untouched and no half-written one; so does
    a power cut: the file's data reaches the disk before the rename, and the rename before this
    returns (`durable`).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".~taskdoc-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        save(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; the file is an ordinary one
        durable(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    durable(path.parent)


def durable(path: Path) -> None:
    """Flush a file's data, or a folder's entries (the renames in it), to the disk. Without it a
    power cut soon after a save can leave an empty file under the new name (the rename reached the
    disk before the data) or the old name back. Windows flushes a file on close and cannot open a
    folder: there it flushes files only."""
    if path.is_dir():
        if sys.platform == "win32":
            return
        fd = os.open(path, os.O_RDONLY)
    else:
        fd = os.open(path, os.O_RDONLY if sys.platform != "win32" else os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it
    os.umask(mask)
    return mask


# -- many files at once: a swap that is undone unless it completes ---------------------------------
#
# A build renders every file into a staging folder, then `swap` moves them into place one by one
# (os.replace: same file system, so each move is atomic). Before the first move a journal lists
# them all; the files each move replaces go aside first. A swap that fails half-way is undone at
# once; one that was killed is undone by the next run (`undo_swap` from the journal). Deleting the
# journal is the commit: from then on the swap stands, and what was set aside is only litter.


@dataclass(frozen=True)
class Move:
    """One file of a swap: `new` (a finished file) goes to `target`, and what is at `target` now
    goes to `aside` first. `new` None: the target is only removed (set aside); `aside` None:
    there is nothing at the target."""

    target: Path
    new: Path | None
    aside: Path | None


def swap(root: Path, moves: list[Move], journal: Path) -> None:
    """Make every move, all or nothing: on any error the moves made are undone and the error
    raised. Paths are under `root` (the journal keeps them relative to it, so a renamed folder
    still recovers). When this returns the swap is committed (its journal deleted)."""
    root = Path(root)
    made = _missing_folders(root, moves)
    entries = [[_relative(root, m.target), _relative(root, m.new), _relative(root, m.aside)] for m in moves]
    text = json.dumps({"moves": entries, "made": [_relative(root, d) for d in made]}, ensure_ascii=False)
    save_atomically(journal, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
    try:
        for move in moves:
            if move.aside is not None:
                move.aside.parent.mkdir(parents=True, exist_ok=True)
                os.replace(move.target, move.aside)
            if move.new is not None:
                move.target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(move.new, move.target)
    except BaseException:
        undo_swap(root, journal)
        raise
    # the moves reach the disk before the journal goes: a power cut now cannot lose both the old files
    # and the new ones (the journal would still undo the swap)
    for folder in sorted({p.parent for m in moves for p in (m.target, m.aside) if p is not None}):
        durable(folder)
    journal.unlink()
    durable(journal.parent)


def undo_swap(root: Path, journal: Path) -> bool:
    """Put back what an unfinished swap moved (from its journal), newest move first, and remove
    the folders it made; False when there is no journal (no swap had started, or it was
    committed). Safe to repeat: a move already undone is left alone."""
    root = Path(root)
    try:
        plan = json.loads(Path(journal).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False
    for target, new, aside in reversed(plan["moves"]):
        path = root / target
        if new is not None and not (root / new).exists():  # the new file is in place
            if aside is None:
                path.unlink(missing_ok=True)
            elif (root / aside).exists():
                os.replace(root / aside, path)
        elif aside is not None and (root / aside).exists():  # set aside, nothing put in its place
            os.replace(root / aside, path)
    for folder in reversed(plan["made"]):  # deepest last in the list: removed first
        with contextlib.suppress(OSError):  # not empty: something else is in it now
            (root / folder).rmdir()
    Path(journal).unlink()
    return True


def _relative(root: Path, path: Path | None) -> str | None:
    return None if path is None else Path(path).relative_to(root).as_posix()


def _missing_folders(root: Path, moves: list[Move]) -> list[Path]:
    """The folders the moves will make (parents of their targets and set-aside places that do not
    exist yet), shallowest first."""
    missing: set[Path] = set()
    for move in moves:
        for path in (move.target, move.aside):
            if path is None:
                continue
            for folder in Path(path).parents:
                if folder == root or root not in folder.parents:
                    break
                if not folder.exists():
                    missing.add(folder)
    return sorted(missing, key=lambda p: (len(p.parts), p.as_posix()))


# -- one writer at a time ---------------------------------------------------------------------------


class LockTimeout(TimeoutError):
    """Another process held the lock for longer than the wait allowed."""


@contextmanager
def exclusive(path: Path, timeout: float, waiting: Callable[[], object] = lambda: None) -> Iterator[None]:
    """Hold an exclusive lock on the file `path` (created, and removed again when released); wait
    for another holder up to `timeout` seconds (calling `waiting` once), then raise LockTimeout.
    A killed holder's lock is released by the system; its file stays, and is used again."""
    path = Path(path)
    deadline = time.monotonic() + timeout
    told = False
    while True:
        fh = open(path, "a+b")  # noqa: SIM115 (held open for as long as the lock is)
        if _try_lock(fh) and _still_named(fh, path):
            hide(path)
            break
        fh.close()
        if time.monotonic() >= deadline:
            raise LockTimeout(str(path))
        if not told:
            waiting()
            told = True
        time.sleep(0.1)
    try:
        yield
    finally:
        _release(fh, path)


FILE_ATTRIBUTE_HIDDEN = 0x2


def hide(path: Path) -> None:
    """Hide a file of taskdoc's own (a lock file) from a clerk's file browser: its name starts with a
    dot, which Linux and macOS hide; Windows hides by an attribute. Nothing is said when it fails."""
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.kernel32.SetFileAttributesW(str(path), FILE_ATTRIBUTE_HIDDEN)


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fh: IO[bytes]) -> bool:
        try:
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _still_named(fh: IO[bytes], path: Path) -> bool:
        return True  # a file open here cannot be deleted by another process

    def _release(fh: IO[bytes], path: Path) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        fh.close()
        with contextlib.suppress(OSError):  # another process has it open, waiting: it stays
            path.unlink()

else:
    import fcntl

    def _try_lock(fh: IO[bytes]) -> bool:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _still_named(fh: IO[bytes], path: Path) -> bool:
        """Whether the locked file is still the one at `path`: the last holder removes it when it
        is done, so a process that opened it before that must open the new one."""
        try:
            return os.path.samestat(os.fstat(fh.fileno()), os.stat(path))
        except OSError:
            return False

    def _release(fh: IO[bytes], path: Path) -> None:
        with contextlib.suppress(OSError):
            path.unlink()  # while still holding it: whoever waits on this file tries again
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        fh.close()
