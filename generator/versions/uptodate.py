"""Writing a build into an output folder: all or nothing, never losing a file the clerk changed,
and not at all when no input changed since the last build.

After a build, `output/.taskdoc-build.json` records one key for everything the documents are made
from (the workbook's model, the templates, the font setting, the quarter the forms are for and
taskdoc's own code) and every file written, with its size, modification time and SHA-256. A build
with the same key, whose files are all still there and untouched, writes nothing: running
`taskdoc build` twice costs reading the workbook, not rewriting 40 (or 900) files.

A build (and `notice`, `letters`, `reports`, which write into the same folder) holds the folder's
lock (`building`), renders into a hidden staging folder inside it (`Build.staging`), and only when
every document is written does `Build.commit` move them into place (`atomic.swap`, file by file
with os.replace; undone on any error) and the record last. A file the move would replace that was
changed since taskdoc wrote it (its hash is not the record's), or that taskdoc did not write, is
moved into `改动过的文件备份/<date_time>/` first, and named in the result. A build that was killed
is undone, and its staging folder removed, by the next one (`recover`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from generator.atomic import LockTimeout, Move, exclusive, save_atomically, swap, undo_swap
from generator.errors import TaskdocError, os_reason
from generator.model import TaskTable
from generator.snapshot import snapshot_hash
from generator.versions.store import file_hash, same_document
from generator.workspace import BUILD_STAGING_PREFIX, Outputs, Staging

CODE = Path(__file__).resolve().parent.parent  # the generator package: every module of it, subpackages too
_LIBRARIES = ("python-docx", "openpyxl", "jinja2", "lxml")  # what writes the files
RECORD_FORMAT = 2  # 1 (no "format" field): sizes and times only, no hashes
LOCK_WAIT = 60.0  # seconds a build waits for another one writing into the same folder


def inputs_key(table: TaskTable, templates: dict[str, Path], fonts: str, quarter: str) -> str:
    """A hash of everything a build's documents depend on: `templates` are the files the wording
    could read, by their path in the templates folder; `fonts` names the font setting."""
    digest = hashlib.sha256()
    libraries = [f"{name} {metadata.version(name)}" for name in _LIBRARIES]
    for part in (snapshot_hash(table), fonts, quarter, *libraries):
        digest.update(part.encode("utf-8") + b"\0")
    code = [(f"code/{path.relative_to(CODE).as_posix()}", path) for path in sorted(CODE.rglob("*.py"))]
    files = [*templates.items(), *code]
    for name, path in files:
        digest.update(name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


# -- the build record -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stamp:
    """A file as taskdoc wrote it: its size and modification time (a quick check) and its hash."""

    size: int
    mtime_ns: int
    sha256: str  # "" in a record of format 1

    @classmethod
    def of(cls, path: Path) -> Stamp:
        stat = path.stat()
        return cls(stat.st_size, stat.st_mtime_ns, file_hash(path))

    def untouched(self, path: Path) -> bool:
        """Whether `path` still holds what taskdoc wrote: the same size and time, or (a file copied
        back, or touched) the same hash."""
        try:
            stat = path.stat()
        except OSError:
            return False
        if not path.is_file() or stat.st_size != self.size:
            return False
        return stat.st_mtime_ns == self.mtime_ns or (bool(self.sha256) and file_hash(path) == self.sha256)


@dataclass(frozen=True)
class Record:
    """The build record: the last build's key and files, and the files taskdoc wrote before that
    (other quarters' forms, a single command's files) that are still there unchanged, so that they
    are still known as taskdoc's."""

    key: str = ""
    files: dict[Path, Stamp] = field(default_factory=dict)
    earlier: dict[Path, Stamp] = field(default_factory=dict)

    def everything(self) -> dict[Path, Stamp]:
        return {**self.earlier, **self.files}

    def to_json(self, output: Path) -> str:
        def entries(files: dict[Path, Stamp]) -> list[list[object]]:
            return [[p.relative_to(output).as_posix(), s.size, s.mtime_ns, s.sha256] for p, s in files.items()]

        data = {"format": RECORD_FORMAT, "key": self.key, "files": entries(self.files),
                "earlier": entries(self.earlier)}
        return json.dumps(data, ensure_ascii=False, indent=1)


def _entries(output: Path, entries: list[list[object]]) -> dict[Path, Stamp]:
    files = {}
    for name, *stamp in entries:
        if len(stamp) == 1 and isinstance(stamp[0], list):  # format 1: [name, [size, mtime_ns]]
            stamp = [*stamp[0], ""]
        size, mtime, sha = stamp
        if not isinstance(size, int) or not isinstance(mtime, int):
            raise TypeError("a stamp is two integers")
        files[output / str(name)] = Stamp(size, mtime, str(sha))
    return files


def read_record(output: Path, path: Path | None = None) -> Record:
    """The record of the last build (or, `path`, another record in the output folder: collect's);
    an empty one when there is none (or it cannot be read)."""
    output = Path(output)
    try:
        data = json.loads((path or Outputs(output).build_record).read_text(encoding="utf-8"))
        return Record(str(data["key"]), _entries(output, data["files"]), _entries(output, data.get("earlier", [])))
    except (OSError, ValueError, KeyError, TypeError):
        return Record()


def up_to_date(output: Path, key: str) -> list[Path] | None:
    """The files of the last build when it had this key and none of them was changed or removed
    since; None when the build must run."""
    record = read_record(output)
    if record.key == key and record.files and all(s.untouched(p) for p, s in record.files.items()):
        return list(record.files)
    return None


# -- a build's hold on the output folder --------------------------------------------------------------


@dataclass(frozen=True)
class Backup:
    """A file a build replaced that the clerk had changed since taskdoc wrote it (`recorded`), or
    that taskdoc had not written (not `recorded`): moved to `backup` before the new one took its place."""

    path: Path
    backup: Path
    recorded: bool
    folder: Path  # the build's backup folder (改动过的文件备份/<date_time>/), where `backup` is


@dataclass
class Committed:
    """What a commit did: the files now in place, the last build's files removed (untouched, no
    longer made), those kept because they were changed since, and the files moved to the backup."""

    written: list[Path]
    removed: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    backups: list[Backup] = field(default_factory=list)
    earlier: list[Path] = field(default_factory=list)  # files replaced, kept where `keep_earlier` said


class Build:
    """One run writing into an output folder, made by `building`: the staging folder it renders
    into, and the commit that moves the files into place."""

    def __init__(self, output: Path, recovered: list[str], record: Path | None = None) -> None:
        self.output = Path(output)
        # the record this run keeps (the build record, or collect's own: see `building`)
        self.record = Path(record) if record is not None else Outputs(self.output).build_record
        self.recovered = recovered  # what an interrupted run had left, and what was done about it
        self.pending = False  # a swap failed and could not be undone: the next run undoes it
        self._staging: Staging | None = None

    @property
    def staging(self) -> Path:
        """The hidden folder to render into (made on first use): an output folder of its own."""
        if self._staging is None:
            self._staging = Staging(Path(tempfile.mkdtemp(prefix=BUILD_STAGING_PREFIX, dir=self.output)))
        return self._staging.root

    def commit(self, written: list[Path], key: str, *, complete: bool, now: dt.datetime | None = None,
               removable: Callable[[Path], bool] | None = None,
               keep_earlier: Callable[[Path], Path | None] = lambda _: None) -> Committed:
        """Move the files `written` into the staging folder into place, and write the record last.

        `complete`: a whole build (`build`), recorded under `key`; the files the last build made and
        this one did not, in the folders this one wrote to, are removed when untouched since, and
        kept (and listed) when changed. Otherwise (`notice`, `letters`, `reports`) nothing is
        removed, and the record keeps the earlier files beside these under no key (so the next
        build runs). Any file to be replaced that the record does not vouch for goes to the backup
        folder first, unless the new file has the same text and structure. All or nothing: on an
        error nothing has changed (the error says so when the undo itself failed: `pending`).

        `removable` (with `complete`): which of the record's files not made again may be removed
        (default: those in the folders this run wrote to). `keep_earlier(target)`: a place to keep
        the file a target replaces (collect's earlier summaries), or None; what is kept there is
        listed in `Committed.earlier`."""
        staging = Staging(self.staging)
        out = self.output
        record = read_record(out, self.record)
        previous = record.everything()
        targets = [out / Path(path).relative_to(staging.root) for path in written]
        target_set = set(targets)
        for target in targets:
            _check_target(out, target)
        backup_root = self._backup_root(now or dt.datetime.now())
        moves, backups, earlier = [], [], []
        for new, target in zip(written, targets):
            if not target.exists():
                moves.append(Move(target, new, None))
                continue
            relative = target.relative_to(out).as_posix()
            stamp = previous.get(target)
            if (kept_at := keep_earlier(target)) is not None and not _same(target, new):
                _check_target(out, kept_at)
                if kept_at.exists():
                    raise TaskdocError("保存上次结果的位置已有文件", file=str(kept_at),
                                       fix="请把这个文件改名或移走后重试")
                moves.append(Move(target, new, kept_at))
                earlier.append(kept_at)
            elif (stamp is not None and stamp.untouched(target)) or _same(target, new):
                moves.append(Move(target, new, staging.set_aside(relative)))
            else:
                backups.append(Backup(target, backup_root / relative, stamp is not None, backup_root))
                moves.append(Move(target, new, backups[-1].backup))
        removed, kept = [], []
        if complete:
            folders = {target.parent for target in targets}
            can_go = removable or (lambda path: path.parent in folders)
            for path, stamp in previous.items():
                if path in target_set or not can_go(path) or not path.is_file():
                    continue
                if stamp.untouched(path):
                    moves.append(Move(path, None, staging.set_aside(path.relative_to(out).as_posix())))
                    removed.append(path)
                else:
                    kept.append(path)
        fresh = {target: Stamp.of(new) for new, target in zip(written, targets)}

        def carried(files: dict[Path, Stamp]) -> dict[Path, Stamp]:
            gone = {*fresh, *removed, *kept}
            return {p: s for p, s in files.items() if p not in gone and s.untouched(p)}

        if complete:
            new_record = Record(key, fresh, carried(previous))
        else:
            new_record = Record("", {**carried(record.files), **fresh}, carried(record.earlier))
        text = new_record.to_json(out)
        record_path = self.record
        staged_record = staging.root / record_path.relative_to(out)
        save_atomically(staged_record, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
        aside = staging.set_aside(record_path.relative_to(out).as_posix()) if record_path.exists() else None
        moves.append(Move(record_path, staged_record, aside))  # last: the record says what is there
        try:
            swap(out, moves, staging.journal)
        except BaseException:
            self.pending = staging.journal.exists()
            raise
        return Committed(targets, removed, kept, backups, earlier)

    def _backup_root(self, now: dt.datetime) -> Path:
        """A backup folder of its own for this build (a second build in the same second gets _2)."""
        outputs, when = Outputs(self.output), now.strftime("%Y-%m-%d_%H%M%S")
        folder, n = outputs.backup(when), 1
        while folder.exists():
            n += 1
            folder = outputs.backup(f"{when}_{n}")
        return folder

    def discard(self) -> None:
        """Remove the staging folder, unless it holds the journal of a swap still to be undone."""
        if self._staging is not None and not self.pending:
            shutil.rmtree(self._staging.root, ignore_errors=True)


def _same(existing: Path, new: Path) -> bool:
    """Whether replacing `existing` by `new` loses nothing: the same text and structure."""
    try:
        return same_document(existing, new)
    except (OSError, ValueError):
        return False


def _check_target(output: Path, target: Path) -> None:
    """Refuse, before anything is moved, a document path taken by a folder, or a folder on the way
    to it that is a file (`output/交办函` made a file)."""
    if target.is_dir():
        raise TaskdocError("这里是一个文件夹，新文件无法放到这个位置", file=str(target),
                           fix="请把这个文件夹改名或移走后重试")
    for folder in target.parents:
        if folder == output:
            break
        if folder.exists() and not folder.is_dir():
            raise TaskdocError("这里应当是文件夹，却是一个文件", file=str(folder),
                               fix="请把这个文件改名或移走后重试")


def recover(output: Path) -> list[str]:
    """Undo what interrupted runs left in the output folder (with its lock held): a swap killed
    half-way is put back from its journal, and every staging folder is removed. Returns what was
    done, in the clerk's words."""
    outputs, notes = Outputs(Path(output)), []
    for folder in outputs.staging_folders():
        try:
            undone = undo_swap(outputs.root, Staging(folder).journal)
            shutil.rmtree(folder)
        except OSError as err:
            raise TaskdocError(f"上次中断的生成未能恢复（{os_reason(err)}）", file=str(folder),
                               fix="请关闭正在使用输出文件夹中文件的程序（如 WPS、Word）后重试；"
                                   "恢复之前不会生成新文件") from err
        notes.append("上次生成在替换文件时中断：已把输出文件夹恢复为那次生成之前的样子" if undone
                     else f"已清理上次中断的生成留下的临时文件夹 {folder.name}")
    return notes


@contextmanager
def holding(output: Path, progress: Callable[[str], None] = lambda _: None,
            timeout: float = LOCK_WAIT) -> Iterator[list[str]]:
    """Hold an existing output folder's lock, which every run that writes into it or reads the files
    a build wrote (`pdf`) takes, so that none sees another's half-swapped files; what an interrupted
    run left is undone first (`recover`, whose notes it yields)."""
    waiting = "另一个 taskdoc 正在向这个输出文件夹写入文件，等待它完成……"
    try:
        with exclusive(Outputs(output).build_lock, timeout, lambda: progress(waiting)):
            yield recover(output)
    except LockTimeout:
        raise TaskdocError("另一个 taskdoc 正在向这个输出文件夹写入文件，本次未做任何改动", file=str(output),
                           fix="请等它完成后再运行") from None


@contextmanager
def building(output: Path, progress: Callable[[str], None] = lambda _: None,
             timeout: float = LOCK_WAIT, record: Path | None = None) -> Iterator[Build]:
    """Hold the output folder for one run: wait for another run writing into it, undo what an
    interrupted run left (`Build.recovered`), and on leaving remove the staging folder. `record`:
    the record the run keeps, when not the build record (`collect` keeps its own, so that it never
    makes the next build think the build's files changed; both share the lock and the recovery). An error
    inside leaves the folder as it was; it carries a note saying so (or, when a failed swap could
    not be undone, that the next run will), and a file system error becomes a Chinese message."""
    output = Path(output)
    if output.exists() and not output.is_dir():
        raise TaskdocError("输出位置是一个文件，不是文件夹", file=str(output),
                           fix="请用 --output 指定一个文件夹，或把这个文件改名或移走")
    created = not output.exists()
    build: Build | None = None
    try:
        output.mkdir(parents=True, exist_ok=True)
        with holding(output, progress, timeout) as recovered:
            build = Build(output, recovered, record)
            try:
                yield build
            finally:
                build.discard()
    except BaseException as err:
        if build is not None and build.pending:
            note = ("替换文件时出错，未能全部恢复原样；下次运行 taskdoc build（或 notice、letters、reports）"
                    "时会先自动恢复为这次生成之前的样子")
        else:
            note = "输出文件夹中的文件和生成记录都保持原样，没有替换或删除任何文件"
            if build is not None and build.recovered:
                note += "（上次中断留下的已先恢复）"
        if isinstance(err, OSError):
            error = _output_error(err, output)
            error.add_note(note)
            raise error from err
        if build is not None:  # an error of the run itself (else: of the lock or the recovery, which say what)
            err.add_note(note)
        raise
    finally:
        if created:
            with contextlib.suppress(OSError):  # still empty: a failed first run leaves no folder
                output.rmdir()


_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _output_error(err: OSError, output: Path) -> TaskdocError:
    """A file system error met while writing, as the clerk's message: the file (the output folder
    when it was a temporary one in the staging folder), the reason and what to do."""
    name = Path(err.filename) if isinstance(err.filename, str) else None
    if name is None or any(p.name.startswith(BUILD_STAGING_PREFIX) for p in name.parents):
        name = output
    if err.errno in _FULL:
        fix = "请腾出磁盘空间后重试"
    elif err.errno == errno.EROFS:
        fix = "请用 --output 指定一个可写的文件夹"
    elif isinstance(err, PermissionError):
        fix = "请先在 WPS 或 Word 中关闭该文件，并确认对输出文件夹有写入权限，再重试"
    else:
        fix = "请检查输出文件夹后重试"
    return TaskdocError(f"写入失败：{os_reason(err)}", file=str(name), fix=fix)
