"""Skipping a build whose inputs have not changed since the last one.

After a build, `output/.taskdoc-build.json` records one key for everything the documents are made
from (the workbook's model, the templates, the font setting, the quarter the forms are for and
taskdoc's own code) and every file written, with its size and modification time. A build with the
same key, whose files are all still there and untouched, writes nothing: running `taskdoc build`
twice costs reading the workbook, not rewriting 40 (or 900) files.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from generator.atomic import save_atomically
from generator.model import TaskTable
from generator.snapshot import snapshot_hash
from generator.workspace import Outputs

CODE = Path(__file__).resolve().parent.parent  # the generator package: every module of it, subpackages too
_LIBRARIES = ("python-docx", "openpyxl", "jinja2", "lxml")  # what writes the files


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


def _stamp(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


def _record(output: Path) -> tuple[str, dict[Path, list[int]]]:
    """The last build's key and files with their stamps; ("", {}) when there is no readable record."""
    try:
        record = json.loads(Outputs(Path(output)).build_record.read_text(encoding="utf-8"))
        return str(record["key"]), {Path(output) / name: list(stamp) for name, stamp in record["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        return "", {}


def _untouched(path: Path, stamp: list[int]) -> bool:
    return path.is_file() and _stamp(path) == stamp


def up_to_date(output: Path, key: str) -> list[Path] | None:
    """The files of the last build when it had this key and none of them was changed or removed
    since; None when the build must run."""
    last_key, files = _record(output)
    if last_key == key and files and all(_untouched(path, stamp) for path, stamp in files.items()):
        return list(files)
    return None


def forget(output: Path) -> dict[Path, list[int]]:
    """Drop the record before files are rewritten (a build stopped half-way leaves none); returns
    the files it listed, with their stamps."""
    _, files = _record(output)
    Outputs(Path(output)).build_record.unlink(missing_ok=True)
    return files


def remove_leftovers(previous: dict[Path, list[int]], written: list[Path]) -> tuple[list[Path], list[Path]]:
    """Files the last build wrote that this one did not, in folders this one wrote to (a unit no
    longer in the table, a notice under its old 发文字号; not another quarter's forms): those
    untouched since are deleted, those changed since are kept. Returns (deleted, kept)."""
    folders = {path.parent for path in written}
    deleted, kept = [], []
    for path, stamp in previous.items():
        if path in written or path.parent not in folders or not path.exists():
            continue
        if _untouched(path, stamp):
            path.unlink()
            deleted.append(path)
        else:
            kept.append(path)
    return deleted, kept


def remember(output: Path, key: str, files: Iterable[Path]) -> None:
    output = Path(output)
    record = {"key": key, "files": [[path.relative_to(output).as_posix(), _stamp(path)] for path in files]}
    text = json.dumps(record, ensure_ascii=False, indent=1)
    save_atomically(Outputs(output).build_record, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
