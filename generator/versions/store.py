"""Issued versions: a record, frozen read-only folders, a lock, and the integrity check.

Layout under the output folder::

    已印发/
      版本记录.json            the record: every version, its hashes and its files' hashes
      .版本记录.lock           held while `issue` runs, so two runs serialise
      第1版/                   one frozen folder per version (read-only files)
        通知_….docx, 交办函/…, 交办函_全部单位.docx, 单位分工矩阵.xlsx
        修订对照表.docx, 交办函_需重新发送.docx         (from version 2 on)
        存档/模型快照.json       the model, to reproduce the version
        存档/模板/*.j2           the wording templates it was rendered with
        存档/版本信息.json       the version's own record entry

A version is written into a hidden staging folder, made read-only and renamed into place; the
record is updated last. An interrupted run leaves either the old state (the staging folder is
removed by the next run) or a complete folder the record does not list yet, which the next run
verifies and records.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import stat
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import MISSING, asdict, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import snapshot
from generator.atomic import LockTimeout, exclusive, save_atomically
from generator.errors import TaskdocError, os_reason
from generator.model import TaskTable
from generator.workspace import ISSUED_FOLDER, SNAPSHOT, STAGING_PREFIX, Issued, Outputs, VersionFolder
from generator.workspace import version_folder_name as folder_name

if TYPE_CHECKING:
    from generator.versions.changes import Diff

RECORD_FORMAT = 1
LOCK_WAIT = 60.0  # seconds an `issue` waits for another one to finish


@dataclass(frozen=True)
class Version:
    """One issued version as the record keeps it."""

    number: int
    issued: str  # ISO date the version was issued (the day `issue` ran)
    doc_number: str  # 发文字号
    document_date: str  # 成文日期, ISO
    table_hash: str
    snapshot_hash: str
    files: dict[str, str]  # path inside the version folder -> sha256
    plain_fonts: bool = False
    previous: int | None = None
    changed_units: tuple[str, ...] = ()  # units sent a new letter with this version
    unchanged_units: tuple[str, ...] = ()
    source: str = ""
    taskdoc: str = ""

    @property
    def folder(self) -> str:
        return folder_name(self.number)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["changed_units"], data["unchanged_units"] = list(self.changed_units), list(self.unchanged_units)
        return data

    @classmethod
    def following(cls, last: Version | None, table: TaskTable, change: Diff | None, units: list[str], *,
                  issued: dt.date, plain_fonts: bool, source: str, taskdoc: str) -> Version:
        """The record of the version after `last` (the first when None), issued from `table`;
        `units` are the units that get a letter, `change` what changed since `last`. Its files
        are filled in when the version is committed."""
        changed = [u for u in units if change is None or any(c.unit == u for c in change.resend)]
        return cls(
            number=last.number + 1 if last else 1, issued=issued.isoformat(), doc_number=table.notice.number,
            document_date=table.notice.date.isoformat(), table_hash=snapshot.table_hash(table),
            snapshot_hash=snapshot.snapshot_hash(table), files={}, plain_fonts=plain_fonts,
            previous=last.number if last else None, changed_units=tuple(changed),
            unchanged_units=tuple(u for u in units if u not in changed), source=source, taskdoc=taskdoc)

    @classmethod
    def from_json(cls, data: Any) -> Version:
        """A record entry as taskdoc wrote it; ValueError, in Chinese and naming the field, otherwise
        (a record edited by hand must stop `diff` and `issue`, not be half understood)."""
        if not isinstance(data, dict):
            raise ValueError("记录项不是一组字段")
        known = {f.name: f for f in fields(cls)}
        if unknown := sorted(set(data) - set(known)):
            raise ValueError(f"有 taskdoc 不写的字段 {'、'.join(unknown)}")
        if missing := [n for n, f in known.items() if f.default is MISSING and n not in data]:
            raise ValueError(f"缺少字段 {'、'.join(missing)}")
        if type(data["number"]) is not int or data["number"] < 1:
            raise ValueError(f"number（版本号）应为 1、2、3 …，现为 {data['number']!r}")
        if data.get("previous") is not None and type(data["previous"]) is not int:
            raise ValueError(f"previous（上一版）应为版本号，现为 {data['previous']!r}")
        for name in ("issued", "doc_number", "document_date", "table_hash", "snapshot_hash", "source", "taskdoc"):
            if not isinstance(data.get(name, ""), str):
                raise ValueError(f"{name} 应为文字，现为 {data[name]!r}")
        for name in ("issued", "document_date"):
            try:
                dt.date.fromisoformat(data[name])
            except ValueError:
                raise ValueError(f"{name} 应为日期（如 2020-09-17），现为 {data[name]!r}") from None
        files = data["files"]
        if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
            raise ValueError("files（文件及其校验值）的格式不对")
        if outside := next((k for k in files if k.startswith(("/", "\\")) or ".." in re.split(r"[/\\]", k)), None):
            raise ValueError(f"files 中的“{outside}”不在该版本的文件夹内")
        for name in ("changed_units", "unchanged_units"):
            units = data.get(name, [])
            if not isinstance(units, list) or not all(isinstance(u, str) for u in units):
                raise ValueError(f"{name} 应为单位名称的列表")
        if not isinstance(data.get("plain_fonts", False), bool):
            raise ValueError(f"plain_fonts 应为 true 或 false，现为 {data['plain_fonts']!r}")
        data = dict(data)
        data["changed_units"] = tuple(data.get("changed_units", ()))
        data["unchanged_units"] = tuple(data.get("unchanged_units", ()))
        return cls(**data)


# A frozen .docx or .xlsx is vouched for by the content of its parts, not by its bytes: a zip stamps
# each entry with the time it was written and openpyxl stamps the workbook with its save time, so a
# document reproduced from the archive (`taskdoc reproduce N`) never has the frozen file's bytes, and a
# clerk who restored a lost letter from the reproduction could never issue again.
CONTENT_PREFIX = "content:"
_PACKAGES = (".docx", ".xlsx")


def frozen_hash(path: Path) -> str:
    """What the record keeps of a frozen file: a package's content hash (`CONTENT_PREFIX` + SHA-256
    over its parts, save times left out, as `same_document` compares), else the file's SHA-256."""
    if path.suffix.lower() not in _PACKAGES:
        return file_hash(path)
    digest = hashlib.sha256()
    try:
        with zipfile.ZipFile(path) as z:
            for name in sorted(z.namelist()):
                digest.update(name.encode() + b"\0" + hashlib.sha256(_part(z, name)).digest())
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return file_hash(path)  # not a package (any more): its bytes, which no content hash matches
    return CONTENT_PREFIX + digest.hexdigest()


def vouches(recorded: str, path: Path) -> bool:
    """Whether the record's hash of a frozen file matches the file: by content for records made since
    content hashes, by bytes for older ones."""
    return (frozen_hash(path) if recorded.startswith(CONTENT_PREFIX) else file_hash(path)) == recorded


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _make_writable(func: Callable[[str], object], path: str, _exc: object) -> None:
    """rmtree helper: read-only files (Windows refuses to delete them) are made writable first."""
    os.chmod(path, stat.S_IWRITE | stat.S_IREAD)
    func(path)


def _remove_tree(path: Path) -> None:
    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=_make_writable)
    else:
        shutil.rmtree(path, onerror=_make_writable)


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


@dataclass
class Store:
    """The issued versions kept under `output/已印发/`."""

    output: Path
    issued: Issued = field(init=False)
    root: Path = field(init=False)

    def __post_init__(self) -> None:
        self.output = Path(self.output)
        self.issued = Outputs(self.output).issued
        self.root = self.issued.root

    @property
    def record_path(self) -> Path:
        return self.issued.record

    def folder(self, version: Version | int) -> Path:
        number = version if isinstance(version, int) else version.number
        return self.issued.version(number).root

    # -- reading --------------------------------------------------------------------------

    def versions(self) -> list[Version]:
        """Every recorded version, oldest first."""
        self._check_root()
        if not self.record_path.exists():
            return []
        try:
            data = json.loads(self.record_path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") != RECORD_FORMAT:
                raise ValueError("不是 taskdoc 写的版本记录（format 不对）")
            if not isinstance(data.get("versions"), list):
                raise ValueError("缺少 versions（各版的记录）")
            versions = []
            for i, entry in enumerate(data["versions"], 1):
                try:
                    versions.append(Version.from_json(entry))
                except ValueError as err:
                    raise ValueError(f"第{i}条记录：{err}") from None
                if versions[-1].number != i:
                    raise ValueError(f"第{i}条记录的版本号应为 {i}，现为 {versions[-1].number}")
            return versions
        except json.JSONDecodeError as err:
            raise self._unreadable(f"第{err.lineno}行第{err.colno}列不是有效的 JSON", err) from err
        except UnicodeDecodeError as err:
            raise self._unreadable("不是 UTF-8 编码的文字", err) from err
        except OSError as err:
            raise self._unreadable(f"无法读取：{os_reason(err)}", err) from err
        except ValueError as err:
            raise self._unreadable(str(err), err) from err

    def _unreadable(self, why: str, err: Exception) -> TaskdocError:
        return TaskdocError(f"版本记录无法读取（{why}）", file=str(self.record_path),
                            fix="版本记录由 taskdoc 维护，不能手工修改；请从备份恢复该文件后再运行")

    def _check_root(self) -> None:
        """已印发 must be a folder: a file of that name (copied in by mistake) is a clear error."""
        if self.root.exists() and not self.root.is_dir():
            raise TaskdocError(f"“{ISSUED_FOLDER}”应是存放已印发版本的文件夹，这里却是一个文件", file=str(self.root),
                               fix="请把这个文件改名或移到别处（如果它是备份，请恢复成文件夹），再运行；"
                                   "taskdoc 没有改动它")

    def last(self) -> Version | None:
        versions = self.versions()
        return versions[-1] if versions else None

    def get(self, number: int | None = None) -> Version:
        """A version by number (the last one when None); a clear error when there is none."""
        versions = self.versions()
        if not versions:
            raise TaskdocError("还没有印发过任何版本", file=str(self.root),
                               fix="请先运行 taskdoc issue 印发第1版")
        if number is None:
            return versions[-1]
        for v in versions:
            if v.number == number:
                return v
        raise TaskdocError(f"没有第{number}版", file=str(self.record_path),
                           fix=f"已印发的版本：{'、'.join(folder_name(v.number) for v in versions)}")

    def table(self, version: Version) -> TaskTable:
        """The model a version was issued from, rebuilt from its snapshot (hash checked first)."""
        path = self.issued.version(version.number).snapshot
        self._check_file(version, SNAPSHOT)
        try:
            return snapshot.from_data(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, TypeError, KeyError) as err:
            raise TaskdocError(f"第{version.number}版的模型快照无法读取（{err}）", file=str(path),
                               fix="请从备份恢复已印发的文件夹") from err

    def templates(self, version: Version) -> Path:
        return self.issued.version(version.number).templates

    # -- integrity ------------------------------------------------------------------------

    def problems(self, versions: list[Version] | None = None) -> list[str]:
        """Frozen files deleted or changed since they were issued, one line each."""
        problems = []
        for v in self.versions() if versions is None else versions:
            folder = self.folder(v)
            if not folder.is_dir():
                problems.append(f"{ISSUED_FOLDER}/{v.folder}：整个文件夹已被删除")
                continue
            for name, digest in v.files.items():
                path = folder / name
                if not path.is_file():
                    problems.append(f"{ISSUED_FOLDER}/{v.folder}/{name}：已被删除")
                elif not vouches(digest, path):
                    problems.append(f"{ISSUED_FOLDER}/{v.folder}/{name}：内容与印发时不同（已被修改）")
        return problems

    def verify(self, versions: list[Version] | None = None) -> None:
        """Raise, listing every frozen file deleted or edited; never regenerate one silently."""
        problems = self.problems(versions)
        if problems:
            raise FrozenFilesChanged(str(self.root), problems, Outputs(self.output).reproductions)

    def _check_file(self, version: Version, name: str) -> None:
        path = self.folder(version) / name
        if name not in version.files or not path.is_file() or not vouches(version.files[name], path):
            self.verify([version])
            raise TaskdocError(f"第{version.number}版缺少 {name}", file=str(path))

    # -- writing --------------------------------------------------------------------------

    @contextmanager
    def lock(self, timeout: float = LOCK_WAIT, progress: Callable[[str], None] = lambda _: None) -> Iterator[None]:
        """Hold the record's lock: a second `issue` waits for the first (up to `timeout` s)."""
        self._check_root()
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.issued.lock
        try:
            with exclusive(path, timeout, lambda: progress("另一个 taskdoc issue 正在印发，等待它完成……")):
                yield
        except LockTimeout as err:
            raise TaskdocError("另一个 taskdoc issue 正在印发，本次未做任何改动", file=str(path),
                               fix="请等它完成后再运行") from err

    def recover(self) -> list[str]:
        """Clean up after an interrupted `issue` (call with the lock held); returns what was done.

        Staging folders are incomplete and removed. A version folder the record does not list is a
        run interrupted between the rename and the record: recorded if every file checks out.
        """
        notes: list[str] = []
        if not self.root.is_dir():
            return notes
        for path in self.issued.staging_folders():
            _remove_tree(path)
            notes.append(f"已清理上次中断的印发留下的临时文件夹 {path.name}")
        versions = self.versions()
        number = (versions[-1].number if versions else 0) + 1
        while self.folder(number).is_dir():
            info = self.issued.version(number).info
            try:
                version = Version.from_json(json.loads(info.read_text(encoding="utf-8")))
            except (OSError, ValueError, TypeError) as err:
                raise TaskdocError(f"{folder_name(number)}不在版本记录中，也不完整（{err}）",
                                   file=str(self.folder(number)),
                                   fix="这可能是上次印发中断留下的；确认后删除该文件夹，再运行 taskdoc issue") from err
            if version.number != number or self.problems([version]):
                raise TaskdocError(f"{folder_name(number)}不在版本记录中，文件也不完整",
                                   file=str(self.folder(number)),
                                   fix="这可能是上次印发中断留下的；确认后删除该文件夹，再运行 taskdoc issue")
            versions.append(version)
            self._write_record(versions)
            notes.append(f"{folder_name(number)}上次印发时在登记前中断，文件完整，已补登记")
            number += 1
        return notes

    @contextmanager
    def staging(self) -> Iterator[Path]:
        """A hidden folder to render a new version into; removed unless committed."""
        self._check_root()
        self.root.mkdir(parents=True, exist_ok=True)
        path = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.root))
        try:
            yield path
        finally:
            if path.exists():
                _remove_tree(path)

    def commit(self, staging: Path, version: Version, table: TaskTable, templates: dict[str, Path]) -> Version:
        """Archive the snapshot and templates, hash and freeze every file, move the folder into
        place, then record it. Returns the version with its files."""
        folder = VersionFolder(staging)
        folder.templates.mkdir(parents=True, exist_ok=True)
        folder.snapshot.write_text(snapshot.dumps(snapshot.to_data(table)), encoding="utf-8")
        for name, template in templates.items():  # by its path in the templates folder
            (folder.templates / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(template, folder.templates / name)
        files = {p.relative_to(staging).as_posix(): frozen_hash(p) for p in _files(staging)}
        version = Version(**{**asdict(version), "files": files})
        folder.info.write_text(json.dumps(version.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
        for path in _files(staging):
            os.chmod(path, stat.S_IREAD | stat.S_IRGRP | stat.S_IROTH)
        os.chmod(staging, 0o755)  # mkdtemp made it private; the frozen folder is for everyone to read
        target = self.folder(version)
        if target.exists():
            raise TaskdocError(f"{target.name}已存在，但不在版本记录中", file=str(target),
                               fix="请检查该文件夹（可能是手工复制进来的），移走后再运行 taskdoc issue")
        os.rename(staging, target)
        self._write_record(self.versions() + [version])
        return version

    def _write_record(self, versions: list[Version]) -> None:
        data = {"format": RECORD_FORMAT, "versions": [v.to_json() for v in versions]}
        text = json.dumps(data, ensure_ascii=False, indent=1)
        save_atomically(self.record_path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


class FrozenFilesChanged(TaskdocError):
    """Frozen files were deleted or edited: listed one a line, under the summary and the fix."""

    def __init__(self, root: str, problems: list[str], reproduced: Path) -> None:
        self.problems = problems
        super().__init__(
            f"已印发的文件被删除或修改（{len(problems)} 个），未做任何改动", file=root,
            fix="已印发的版本不能改动。请从备份恢复这些文件；需要时可用 taskdoc reproduce N "
                f"在 {reproduced} 中重新生成该版本，核对后再恢复")

    def describe(self) -> str:
        return "\n".join([super().describe()] + [f"  {i}. {p}" for i, p in enumerate(self.problems, 1)])


# -- comparing a reproduction with the frozen files ---------------------------------------------

_VOLATILE = ("dcterms:created", "dcterms:modified")  # .xlsx writers stamp the save time


def same_document(a: Path, b: Path) -> bool:
    """Whether two .docx/.xlsx files hold the same parts with the same XML (text and structure),
    ignoring the zip container's timestamps and a workbook's save time."""
    try:
        with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
            if sorted(za.namelist()) != sorted(zb.namelist()):
                return False
            return all(_part(za, name) == _part(zb, name) for name in za.namelist())
    except zipfile.BadZipFile:
        return a.read_bytes() == b.read_bytes()


def _part(archive: zipfile.ZipFile, name: str) -> bytes:
    data = archive.read(name)
    if name == "docProps/core.xml":
        for tag in _VOLATILE:
            data = re.sub(rf"<{tag}[^>]*>[^<]*</{tag}>".encode(), b"", data)
    return data


def differing(frozen: Path, reproduced: Path, names: list[str]) -> list[str]:
    """The documents (paths relative to both folders) whose reproduction differs from the frozen file;
    a frozen file deleted is not compared (`Store.problems` reports it, and the reproduction is the
    copy to restore it from)."""
    return [n for n in names if (frozen / n).is_file()
            and (not (reproduced / n).is_file() or not same_document(frozen / n, reproduced / n))]
