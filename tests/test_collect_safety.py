"""`collect` never replaces a good summary with a wrong one, nor loses a file (issue 13, point 3).

A folder with no returned form, or only blank ones, is refused and nothing is written; an earlier
汇总表 and 情况通报 are kept under 历次汇总/<date_time>/ when a new collect replaces them; collect
removes only the 催报 letters its own record (.taskdoc-collect.json) lists and that are unchanged;
and a collect killed at any moment leaves the output folder as it was, or completely the new one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import api
from generator.errors import TaskdocError
from generator.versions import uptodate
from generator.versions.store import same_document
from generator.workspace import BUILD_RECORD, COLLECT_RECORD, EARLIER_FOLDER

from .helpers import ROOT, output_files, sheets, slowed_taskdoc, staging_folders, write
from .test_collect import fill, forms_by_unit

QUARTER = "2024年第一季度"
DAY = dt.date(2024, 4, 8)


@pytest.fixture(scope="module")
def forms(tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    """The small test table and the forms sent out for 2024Q1, by unit."""
    base = tmp_path_factory.mktemp("forms")
    source = write(base / "表.xlsx", sheets())
    return source, forms_by_unit(api.reports(source, base / "issued", quarter="2024Q1").written)


def _inbox(folder: Path, forms: dict[str, Path], filled: tuple[str, ...]) -> Path:
    folder.mkdir(parents=True)
    for unit in filled:
        fill(forms[unit], folder / forms[unit].name, unit, date="2024年4月1日")
    return folder


def _collect(source: Path, inbox: Path, out: Path, **more):
    return api.collect(inbox, source, out, quarter="2024Q1", date=DAY, **more)


@pytest.fixture
def collected(forms, tmp_path):
    """An output folder holding a good collect (two units reported, the others reminded)."""
    source, sent = forms
    first = sorted(sent)[:2]
    out = tmp_path / "output"
    result = _collect(source, _inbox(tmp_path / "收到", sent, tuple(first)), out)
    assert result.collection.missing and result.collection.reported
    return source, sent, out, result


# -- 1. the wrong folder is refused, nothing written ---------------------------------------------------

@pytest.mark.parametrize("content", ["empty", "not forms"])
def test_a_folder_without_forms_is_refused_and_nothing_is_touched(collected, tmp_path, content):
    source, _, out, _ = collected
    before = output_files(out)
    inbox = tmp_path / "空文件夹"
    inbox.mkdir()
    if content == "not forms":
        (inbox / "说明.txt").write_text("报表稍后报送", encoding="utf-8")
        (inbox / "照片.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(TaskdocError) as raised:
        _collect(source, inbox, out)
    message = str(raised.value)
    assert str(inbox) in message and "原有的汇总表" in message
    assert ("文件夹是空的" in message) if content == "empty" else ("2 个文件都不是报表" in message)
    assert output_files(out) == before


def test_the_blank_forms_that_were_sent_out_are_refused(collected, tmp_path):
    source, sent, out, _ = collected
    before = output_files(out)
    inbox = tmp_path / "下发的报表"
    inbox.mkdir()
    for path in sent.values():
        shutil.copyfile(path, inbox / path.name)
    with pytest.raises(TaskdocError) as raised:
        _collect(source, inbox, out)
    message = str(raised.value)
    assert f"文件夹中的 {len(sent)} 份报表都没有填写" in message and "像是下发的空白报表" in message
    assert output_files(out) == before


def test_a_refused_folder_sends_no_reminder_to_a_unit_that_reported(collected, tmp_path):
    """The empty folder would have made every unit "未报": the units that did report get no 催报."""
    source, _, out, result = collected
    inbox = tmp_path / "空"
    inbox.mkdir()
    with pytest.raises(TaskdocError):
        _collect(source, inbox, out)
    reminders = out / "汇总" / QUARTER / "催报"
    for s in result.collection.reported:
        assert not any(s.unit.name in p.name for p in reminders.iterdir()), s.unit.name


# -- 2. earlier summaries kept; reminders only to units that have not reported -------------------------

def test_an_earlier_summary_is_kept_and_the_newest_keeps_its_name(collected, tmp_path):
    source, sent, out, first = collected
    old = {p: p.read_bytes() for p in first.written[:2]}
    os.utime(first.written[0], (dt.datetime(2024, 4, 6, 9, 30).timestamp(),) * 2)
    os.utime(first.written[1], (dt.datetime(2024, 4, 6, 9, 30).timestamp(),) * 2)
    later = _collect(source, _inbox(tmp_path / "收到2", sent, tuple(sorted(sent)[:3])), out)
    assert later.written[:2] == first.written[:2]  # the newest: always 汇总表_<quarter>.xlsx
    kept = out / "汇总" / QUARTER / EARLIER_FOLDER / "2024-04-06_093000"
    assert sorted(later.earlier) == sorted(kept / p.name for p in old)
    for path, data in old.items():
        assert (kept / path.name).read_bytes() == data
    assert len(later.collection.reported) == 3


def test_no_reminder_for_a_unit_that_has_reported_since(collected, tmp_path):
    source, sent, out, first = collected
    reminded = [p for p in first.written if p.parent.name == "催报"]
    now_in = next(s.unit.name for s in first.collection.missing)
    later = _collect(source, _inbox(tmp_path / "收到2", sent, (*sorted(sent)[:2], now_in)), out)
    letters = [p.name for p in (out / "汇总" / QUARTER / "催报").iterdir()]
    assert not any(now_in in name for name in letters)
    assert [p for p in reminded if now_in in p.name] == later.removed


def test_the_clerks_own_file_beside_the_reminders_survives(collected, tmp_path):
    source, sent, out, first = collected
    reminders = out / "汇总" / QUARTER / "催报"
    note = reminders / "办公室备注_电话催报记录.docx"
    note.write_bytes(b"clerk's notes")
    edited = next(p for p in first.written if p.parent == reminders)
    edited.write_bytes(b"edited by hand")  # a reminder changed since collect wrote it
    unit = edited.stem.split("_", 1)[1]
    later = _collect(source, _inbox(tmp_path / "收到2", sent, tuple(sorted({*sorted(sent)[:2], unit}))), out)
    assert note.read_bytes() == b"clerk's notes"
    assert edited.read_bytes() == b"edited by hand" and later.kept == [edited]  # changed: kept, and said


def test_without_its_record_collect_deletes_nothing(collected, tmp_path):
    source, sent, out, first = collected
    (out / COLLECT_RECORD).unlink()
    reminded = [p for p in first.written if p.parent.name == "催报"]
    _collect(source, _inbox(tmp_path / "全部", sent, tuple(sent)), out)
    assert all(p.exists() for p in reminded)


def test_collect_leaves_the_build_record_alone(forms, tmp_path):
    source, sent = forms
    out = tmp_path / "output"
    api.build(source, out)
    record = (out / BUILD_RECORD).read_bytes()
    _collect(source, _inbox(tmp_path / "收到", sent, tuple(sorted(sent)[:2])), out)
    assert (out / BUILD_RECORD).read_bytes() == record
    assert api.build(source, out).unchanged


# -- the fault-injection test: SIGKILL at several moments ------------------------------------------------

RUNNER = slowed_taskdoc(0.03)

MOMENTS = [("start", 0.4), ("staging", 0.0), ("replaced", 0.0), ("replaced", 0.05), ("journal", 0.12),
           ("committed", 0.0), ("never", 0.0)]


def _is_new(out: Path, reference: Path) -> bool:
    files, wanted = output_files(out), output_files(reference)
    if files.keys() != wanted.keys():
        return False
    names = [f[0] for f in json.loads(files[COLLECT_RECORD])["files"]]
    if names != [f[0] for f in json.loads(wanted[COLLECT_RECORD])["files"]]:
        return False
    return all(same_document(out / name, reference / name) for name in files if name != COLLECT_RECORD)


def test_a_killed_collect_leaves_the_old_folder_or_the_new_one(forms, tmp_path):
    source, sent = forms
    base = tmp_path / "base"
    _collect(source, _inbox(tmp_path / "收到1", sent, tuple(sorted(sent)[:2])), base)
    (base / "汇总" / QUARTER / "催报" / "办公室备注_电话催报记录.docx").write_bytes(b"notes")
    before = output_files(base)
    inbox = _inbox(tmp_path / "收到2", sent, tuple(sorted(sent)[:3]))
    reference = tmp_path / "reference"
    shutil.copytree(base, reference)
    assert _collect(source, inbox, reference).removed
    args = [sys.executable, "-c", RUNNER, "collect", str(inbox), "--source", str(source), "--quarter", "2024Q1",
            "--date", DAY.isoformat()]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    seen = []
    for what, delay in MOMENTS:
        out = tmp_path / "out"
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(base, out)
        stats = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
        process = subprocess.Popen([*args, "--output", str(out)], env=env, cwd=tmp_path,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        journal, deadline = False, time.monotonic() + 10
        while what != "never" and process.poll() is None and time.monotonic() < deadline:
            journal = journal or any((f / ".替换清单.json").exists() for f in staging_folders(out))
            replaced = any(not p.exists() or (p.stat().st_ino, p.stat().st_mtime_ns) != s for p, s in stats.items())
            if (what == "start" or (what == "staging" and staging_folders(out)) or (what == "replaced" and replaced)
                    or (what == "journal" and journal)
                    or (what == "committed" and journal and not any((f / ".替换清单.json").exists()
                                                                    for f in staging_folders(out)))):
                break
            time.sleep(0.002)
        if what != "never":
            time.sleep(delay)
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        moment = f"killed at {what}+{delay}s" if what != "never" else "not killed"
        if output_files(out) == before:
            state = "old"
        elif _is_new(out, reference):
            state = "new"
        else:
            assert any((f / ".替换清单.json").exists() for f in staging_folders(out)), f"{moment}: a mix, no journal"
            state = "swapping"
        seen.append(state)
        uptodate.recover(out)  # what the next run does first
        assert not staging_folders(out), moment
        assert output_files(out) == before if state == "swapping" else state in ("old", "new"), moment
        assert (out / "汇总" / QUARTER / "催报" / "办公室备注_电话催报记录.docx").read_bytes() == b"notes", moment
    assert {"old", "new"} <= set(seen), seen
