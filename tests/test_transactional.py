"""A build is all or nothing, and never loses a file the clerk changed (issue 13, points 1 and 2).

`build` (and `notice`, `letters`, `reports`) renders into a hidden staging folder inside output/ and
swaps the files into place only when every document succeeded, the build record last; a file it
would replace that was changed by hand since (or that taskdoc did not write) goes to a dated
backup folder first, and the summary names it. A failure at any point leaves output/ as it was;
a kill, too, once the next run has undone what the swap had moved (the fault-injection test).
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from generator import api, render
from generator.cli.commands import cli
from generator.documents.wording import packaged_templates
from generator.versions import uptodate
from generator.versions.store import file_hash, same_document
from generator.workspace import BACKUP_FOLDER, BUILD_LOCK, BUILD_RECORD, BUILD_STAGING_PREFIX, SWAP_JOURNAL

from .helpers import ROOT, cell, file_stats, output_files, replaced, sheets, slowed_taskdoc, staging_folders, write

LETTER = "交办函/01_市科技局.docx"


def _build(source: Path, out: Path, *more: str):
    return CliRunner().invoke(cli, ["build", "--source", str(source), "--output", str(out), *more])


def _edit(path: Path, text: str) -> bytes:
    """The clerk opens a document, adds a sentence and saves it; returns the saved bytes."""
    doc = Document(str(path))
    doc.add_paragraph(text)
    doc.save(str(path))
    return path.read_bytes()


def _texts(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def _without_statistics_bureau() -> dict:
    """The table reworded, and 市统计局 (02's neighbour) no longer in it: its letter and forms go."""
    data = sheets()
    cell(data, "任务分解", "D3", "1.培育科技型企业。")
    data["任务分解"][2][5] = data["任务分解"][3][5] = "市财政局"
    data["单位"] = [row for row in data["单位"] if row[0] != "市统计局"]
    return data


# -- 1. hand edits kept -------------------------------------------------------------------------------


@pytest.mark.parametrize("force", [False, True], ids=["edited", "edited-and-forced"])
def test_a_hand_edited_letter_survives_a_rebuild(tmp_path, force):
    source, out = write(tmp_path / "t.xlsx"), tmp_path / "out"
    assert _build(source, out).exit_code == 0
    edited = _edit(out / LETTER, "（经办人补充：请于周五前回复。）")

    result = _build(source, out, *(["--force"] if force else []))
    assert result.exit_code == 0, result.output
    dated = list((out / BACKUP_FOLDER).iterdir())
    assert len(dated) == 1 and re.fullmatch(r"\d{4}-\d{2}-\d{2}_\d{6}", dated[0].name)
    kept = dated[0] / LETTER
    assert kept.read_bytes() == edited  # the clerk's file, byte for byte
    assert "经办人补充" not in _texts(out / LETTER)  # the new letter took its place
    assert "在上次生成后被改动过" in result.output and "原文件没有丢失" in result.output
    assert f"{out / LETTER} → {kept}" in result.output

    again = _build(source, out)  # the new letter is taskdoc's: nothing to keep, nothing to rebuild
    assert "都是最新的" in again.output and "注意" not in again.output
    assert len(list((out / BACKUP_FOLDER).iterdir())) == 1


def test_a_file_taskdoc_did_not_write_is_kept(tmp_path):
    """With no record of it (taskdoc did not write it), a file in a document's place is backed up
    and named; the clerk's other files are never touched; a copy of an earlier build, though not
    recorded, loses nothing when replaced, so it is not backed up."""
    source, out = write(tmp_path / "t.xlsx"), tmp_path / "out"
    (out / "交办函").mkdir(parents=True)
    (out / LETTER).write_bytes(b"the office's own letter")
    notes = out / "交办函" / "办公室备注.docx"
    notes.write_bytes(b"phone calls")

    result = _build(source, out)
    assert result.exit_code == 0, result.output
    (kept,) = (out / BACKUP_FOLDER).glob(f"*/{LETTER}")
    assert kept.read_bytes() == b"the office's own letter"
    assert "不是 taskdoc 生成的" in result.output and str(kept) in result.output
    assert notes.read_bytes() == b"phone calls"

    copy = tmp_path / "copy"
    shutil.copytree(out, copy, ignore=shutil.ignore_patterns(BUILD_RECORD, BACKUP_FOLDER))
    assert api.build(source, copy).backups == []  # the same documents: nothing to keep
    assert not (copy / BACKUP_FOLDER).exists()


def test_a_single_command_keeps_hand_edits_too(tmp_path):
    """`letters` writes into the same folder as `build`, with the same care; the next build, which
    the record no longer lets skip, keeps nothing: the letters are taskdoc's."""
    source, out = write(tmp_path / "t.xlsx"), tmp_path / "out"
    api.build(source, out)
    edited = _edit(out / LETTER, "（手工修改）")
    result = CliRunner().invoke(cli, ["letters", "--source", str(source), "--output", str(out),
                                      "--unit", "市科技局"])
    assert result.exit_code == 0, result.output
    (kept,) = (out / BACKUP_FOLDER).glob(f"*/{LETTER}")
    assert kept.read_bytes() == edited and str(kept) in result.output
    rebuilt = api.build(source, out)
    assert not rebuilt.unchanged and rebuilt.backups == []


def test_a_record_without_hashes_still_vouches_for_itsoutput_files(tmp_path):
    """A record written before taskdoc kept hashes (sizes and times only) still tells taskdoc's
    files from the clerk's: a forced rebuild backs nothing up."""
    source, out = write(tmp_path / "t.xlsx"), tmp_path / "out"
    api.build(source, out)
    record = json.loads((out / BUILD_RECORD).read_text(encoding="utf-8"))
    old = {"key": record["key"], "files": [[name, [size, mtime]] for name, size, mtime, _ in record["files"]]}
    (out / BUILD_RECORD).write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    assert api.build(source, out).unchanged
    assert api.build(source, out, force=True).backups == []


# -- 2. all or nothing ----------------------------------------------------------------------------------


def _changed_and_built(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """A built folder (with a file of the clerk's), the workbook then changed; and the folder's bytes."""
    source, out = write(tmp_path / "t.xlsx"), tmp_path / "out"
    api.build(source, out)
    (out / "交办函" / "办公室备注.txt").write_text("电话催办记录", encoding="utf-8")
    write(source, _without_statistics_bureau())
    return source, out, output_files(out)


def _assert_untouched(out: Path, before: dict[str, bytes]) -> None:
    assert output_files(out) == before  # every document and the record, byte for byte
    assert not staging_folders(out) and not (out / BUILD_LOCK).exists()


def test_an_exception_in_the_forms_step_replaces_nothing(tmp_path, monkeypatch):
    source, out, before = _changed_and_built(tmp_path)

    def broken(*_):
        raise RuntimeError("renderer bug")

    monkeypatch.setattr(render, "write_form", broken)
    result = _build(source, out)
    assert result.exit_code == 1 and "内部错误" in result.output
    assert "没有替换或删除任何文件" in result.output and "您的文件未被修改" not in result.output
    _assert_untouched(out, before)


def test_a_full_disk_in_the_forms_step_replaces_nothing(tmp_path, monkeypatch):
    source, out, before = _changed_and_built(tmp_path)

    def full(_form, path, _wording):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(render, "write_form", full)
    result = _build(source, out)
    assert result.exit_code == 1 and "磁盘空间不足" in result.output and "内部错误" not in result.output
    assert "没有替换或删除任何文件" in result.output and BUILD_STAGING_PREFIX not in result.output
    _assert_untouched(out, before)


def test_a_template_error_in_the_forms_replaces_nothing(tmp_path):
    source, out, before = _changed_and_built(tmp_path)
    templates = tmp_path / "templates"
    templates.mkdir()
    wording = (packaged_templates() / "reports.j2").read_text(encoding="utf-8")
    marker = "{% macro form_title(table_name, quarter) %}"
    assert marker in wording
    (templates / "reports.j2").write_text(wording.replace(marker, marker + "{{ 1/0 }}"), encoding="utf-8")
    result = _build(source, out, "--templates", str(templates))
    assert result.exit_code == 1 and "reports.j2" in result.output, result.output
    assert "没有替换或删除任何文件" in result.output
    _assert_untouched(out, before)


def test_a_file_open_elsewhere_half_way_through_the_swap_replaces_nothing(tmp_path, monkeypatch):
    """The print-all file is open in WPS (Windows refuses to move it): the notice and letters
    already swapped in are put back, and the message says what to do."""
    source, out, before = _changed_and_built(tmp_path)
    replace, blocked = os.replace, out / "交办函_全部单位.docx"

    def open_in_wps(src, dst, *args, **kwargs):
        if Path(src) == blocked:
            raise PermissionError(errno.EACCES, "Permission denied", str(src))
        return replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", open_in_wps)
    result = _build(source, out)
    assert result.exit_code == 1 and "WPS" in result.output and str(blocked) in result.output
    assert "没有替换或删除任何文件" in result.output
    _assert_untouched(out, before)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="names each flushed descriptor from /proc")
def test_every_file_and_move_reaches_the_disk_before_the_swap_is_committed(tmp_path, monkeypatch):
    """A power cut right after a build must not leave an empty letter under its name: each file's data
    is flushed before it is renamed into place, and every folder the swap moved files in is flushed
    before the journal (which would undo the swap) is deleted."""
    source, out, _ = _changed_and_built(tmp_path)
    events: list[tuple[str, str]] = []
    fsync, replace, unlink = os.fsync, os.replace, Path.unlink

    def flushed(fd):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        return fsync(fd)

    def moved(src, dst, *args, **kwargs):
        events.append(("replace", str(src)))
        return replace(src, dst, *args, **kwargs)

    def removed(path, *args, **kwargs):
        events.append(("unlink", str(path)))
        return unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "fsync", flushed)
    monkeypatch.setattr(os, "replace", moved)
    monkeypatch.setattr(Path, "unlink", removed)
    assert _build(source, out).exit_code == 0
    staged = [src for kind, src in events if kind == "replace" and Path(src).name.startswith(".~taskdoc-")]
    assert staged, "no file was saved through a temporary file"
    for src in staged:  # the temporary file's data flushed before its rename
        assert events.index(("fsync", src)) < events.index(("replace", src)), src
    journal = next(i for i, (kind, path) in enumerate(events) if kind == "unlink" and path.endswith(SWAP_JOURNAL))
    flushed_folders = {path for kind, path in events[:journal] if kind == "fsync"}
    for folder in (out, out / "交办函"):  # where the swap moved the notice and the letters
        assert str(folder.resolve()) in flushed_folders, f"{folder} was not flushed before the commit"
    assert ("fsync", str(Path(events[journal][1]).parent)) in events[journal:], "the commit was not flushed"


def test_a_folder_in_a_documents_place_is_refused_before_anything_moves(tmp_path):
    source, out, before = _changed_and_built(tmp_path)
    (out / "交办函" / "02_市财政局.docx").unlink()
    (out / "交办函" / "02_市财政局.docx").mkdir()
    before = output_files(out)
    result = _build(source, out)
    assert result.exit_code == 1 and "文件夹" in result.output and "02_市财政局.docx" in result.output
    _assert_untouched(out, before)


def test_a_staging_folder_left_by_a_kill_is_removed(tmp_path):
    source, out = write(tmp_path / "t.xlsx"), tmp_path / "out"
    api.build(source, out)
    stale = out / f"{BUILD_STAGING_PREFIX}x1y2z3"
    (stale / "交办函").mkdir(parents=True)
    (stale / "交办函" / "01_市科技局.docx").write_bytes(b"half a letter")
    result = _build(source, out)
    assert result.exit_code == 0 and "已清理上次中断的生成" in result.output
    assert not staging_folders(out)


def test_two_builds_at_once_take_turns(tmp_path):
    """Two `taskdoc build` into one folder at the same time: the second waits for the first, both
    succeed, and the folder ends as one consistent build."""
    source, out = write(tmp_path / "t.xlsx"), tmp_path / "out"
    args = [sys.executable, "-m", "generator", "build", "--source", str(source), "--output", str(out), "--force"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    runs = [subprocess.Popen(args, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            for _ in range(2)]
    assert [run.wait(timeout=60) for run in runs] == [0, 0], [run.stderr.read().decode() for run in runs]
    record = json.loads((out / BUILD_RECORD).read_text(encoding="utf-8"))
    assert {name for name, *_ in record["files"]} == set(output_files(out)) - {BUILD_RECORD}
    assert all(file_hash(out / name) == sha for name, _, _, sha in record["files"])
    assert not staging_folders(out) and not (out / BACKUP_FOLDER).exists() and not (out / BUILD_LOCK).exists()


# -- the fault-injection test: SIGKILL at several moments ------------------------------------------------

# `taskdoc build` with every os.replace slowed down, so that a kill can land between two moves of
# the swap (which otherwise takes a few milliseconds)
RUNNER = slowed_taskdoc(0.01)


def _journal(out: Path) -> bool:
    return any((folder / SWAP_JOURNAL).exists() for folder in staging_folders(out))


# when to kill: (what to wait for, then how many seconds more)
MOMENTS = [
    ("start", 0.6),  # reading the workbook, rendering
    ("staging", 0.0),  # the staging folder made
    ("letter", 0.0),  # rendering: a letter in the staging folder
    ("replaced", 0.0), ("replaced", 0.08),  # the first file of output/ replaced (today: rewritten), and after
    ("journal", 0.15),  # well into the swap
    ("committed", 0.0),  # the swap done (its journal gone), the staging folder not yet removed
    ("never", 0.0),  # not killed: the build completes
]



def _wait(process: subprocess.Popen, out: Path, what: str) -> None:
    stats, journal = file_stats(out), False
    deadline = time.monotonic() + 20
    while process.poll() is None and time.monotonic() < deadline:
        journal = journal or _journal(out)
        if (what == "start" or (what == "staging" and staging_folders(out))
                or (what == "letter" and list(out.glob(f"{BUILD_STAGING_PREFIX}*/交办函/*.docx")))
                or (what == "replaced" and replaced(stats))
                or (what == "journal" and journal) or (what == "committed" and journal and not _journal(out))):
            return
        time.sleep(0.002)


def _is_new(out: Path, reference: Path, before: dict[str, bytes]) -> bool:
    """Whether the folder is exactly the new build: the reference build's documents (by text and
    structure: a .docx holds the time it was zipped), the clerk's file, and a record of this build
    (not the old one's key) listing the same files, each there with its hash."""
    files, wanted = output_files(out), output_files(reference)
    if files.keys() != wanted.keys():
        return False
    record, expected = json.loads(files[BUILD_RECORD]), json.loads(wanted[BUILD_RECORD])
    if not record["key"] or record["key"] == json.loads(before[BUILD_RECORD])["key"]:
        return False  # (not the reference's key: the key holds taskdoc's code, which others may be editing)
    if [f[0] for f in record["files"]] != [f[0] for f in expected["files"]]:
        return False
    if any(len(f) < 4 or file_hash(out / f[0]) != f[3] for f in record["files"]):
        return False
    return all(same_document(out / name, reference / name) for name in files if name != BUILD_RECORD)


def test_a_killed_build_leaves_the_old_folder_or_the_new_one(tmp_path):
    """`taskdoc build` killed (SIGKILL) at several moments: output/ is then either byte for byte as
    before or exactly the new build with a consistent record, or, killed during the swap, holds its
    journal, from which the next run puts everything back as before. A following build works and
    leaves no staging folder."""
    source, base, none = write(tmp_path / "t.xlsx"), tmp_path / "base", tmp_path / "no-templates"
    api.build(source, base, none)
    (base / "交办函" / "办公室备注.txt").write_text("电话催办记录", encoding="utf-8")
    before = output_files(base)
    write(source, _without_statistics_bureau())
    reference = tmp_path / "reference"
    shutil.copytree(base, reference)
    assert api.build(source, reference, none).removed  # the new build removes 市统计局's files
    args = [sys.executable, "-c", RUNNER, "build", "--source", str(source), "--templates", str(none)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    seen = []
    for what, delay in MOMENTS:
        out = tmp_path / "out"
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(base, out)  # with the files' times: the record still vouches for them
        process = subprocess.Popen([*args, "--output", str(out)], env=env, cwd=tmp_path,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if what != "never":
            _wait(process, out, what)
            time.sleep(delay)
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        moment = f"killed at {what}+{delay}s" if what != "never" else "not killed"
        if output_files(out) == before:
            state = "old"
        elif _is_new(out, reference, before):
            state = "new"
        else:
            assert _journal(out), f"{moment}: a mix of the old and the new build, and no journal to undo it"
            state = "swapping"
        seen.append(state)

        uptodate.recover(out)  # what the next run does first
        assert not staging_folders(out), moment
        if state == "swapping":
            assert output_files(out) == before, f"{moment}: the swap was not undone"
        else:
            assert output_files(out) == before or _is_new(out, reference, before), moment
        api.build(source, out, none)  # a following build works
        assert _is_new(out, reference, before) and not staging_folders(out), moment
        assert not (out / BUILD_LOCK).exists(), moment
    assert {"old", "new", "swapping"} <= set(seen), seen  # every kind of moment was hit


def test_lock_files_are_hidden_on_windows_too(tmp_path, monkeypatch):
    """A lock file's name starts with a dot (hidden on Linux and macOS); on Windows it also gets the
    hidden attribute, so a clerk browsing 已印发 or output does not see it."""
    import ctypes
    import types

    from generator import atomic

    calls = []
    kernel32 = types.SimpleNamespace(SetFileAttributesW=lambda path, flags: calls.append((path, flags)) or 1)
    monkeypatch.setattr(atomic.sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "windll", types.SimpleNamespace(kernel32=kernel32), raising=False)
    lock = tmp_path / ".版本记录.lock"
    atomic.hide(lock)
    assert calls == [(str(lock), atomic.FILE_ATTRIBUTE_HIDDEN)]
    assert all(name.startswith(".") for name in (BUILD_LOCK, ".版本记录.lock"))


@pytest.mark.parametrize("code, said", [(errno.ENOENT, "文件或文件夹不存在（或路径写错了）"),
                                        (errno.ENOTDIR, "路径中有一级不是文件夹（是一个文件）"),
                                        (errno.ENAMETOOLONG, "文件名或路径太长"),
                                        (errno.EIO, "读写磁盘出错（磁盘或 U 盘可能有故障）")])
def test_file_system_errors_are_worded_in_chinese(code, said):
    """The system's own words are English ('No such file or directory'): the clerk reads Chinese."""
    from generator.errors import os_reason

    assert os_reason(OSError(code, os.strerror(code))) == said
    unknown = OSError(getattr(errno, "EPROTO", 71), "Protocol error")
    assert os_reason(unknown) == "系统错误（Protocol error）"  # one the table does not know


def test_a_build_into_a_path_that_cannot_exist_says_why_in_chinese(tmp_path):
    (tmp_path / "文件").write_text("x", encoding="utf-8")
    result = _build(write(tmp_path / "t.xlsx"), tmp_path / "文件" / "output")
    assert result.exit_code == 1 and "路径中有一级不是文件夹（是一个文件）" in result.output
    assert "Not a directory" not in result.output
