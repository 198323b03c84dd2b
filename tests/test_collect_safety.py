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

from .helpers import ROOT, file_stats, output_files, replaced, sheets, slowed_taskdoc, staging_folders, write
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
        stats = file_stats(out)
        process = subprocess.Popen([*args, "--output", str(out)], env=env, cwd=tmp_path,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        journal, deadline = False, time.monotonic() + 10
        while what != "never" and process.poll() is None and time.monotonic() < deadline:
            journal = journal or any((f / ".替换清单.json").exists() for f in staging_folders(out))
            # a file moved between two looks counts as replaced (the run is swapping while we look)
            if (what == "start" or (what == "staging" and staging_folders(out))
                    or (what == "replaced" and replaced(stats)) or (what == "journal" and journal)
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


# -- 4. a blank form among filled ones counts as not reported ------------------------------------------

def _cli_collect(source: Path, inbox: Path, out: Path, *more: str) -> str:
    from click.testing import CliRunner

    from generator.cli.commands import cli

    result = CliRunner().invoke(cli, ["collect", str(inbox), "--source", str(source), "--output", str(out),
                                      "--quarter", "2024Q1", "--date", DAY.isoformat(), *more])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_blank_form_among_filled_ones_counts_as_not_reported_and_is_reminded(forms, tmp_path):
    """市财政局 sends back the blank form it was sent: it was counted 已报 (and got no 催报), with only
    a warning. It is now 报回空表: not reported, reminded, and every count says so."""
    from docx import Document
    from openpyxl import load_workbook

    from generator.reporting.collect import State

    source, sent = forms
    inbox = _inbox(tmp_path / "收到", sent, ("市科技局",))
    shutil.copyfile(sent["市财政局"], inbox / sent["市财政局"].name)  # 市统计局: nothing came back
    out = tmp_path / "output"
    c = _collect(source, inbox, out).collection
    assert [s.unit.name for s in c.reported] == ["市科技局"]
    assert [s.unit.name for s in c.blank] == ["市财政局"]
    assert [(s.unit.name, s.state) for s in c.missing] == [("市财政局", State.BLANK), ("市统计局", State.MISSING)]
    [warning] = [str(p) for p in c.problems if p.location.file == sent["市财政局"].name]
    assert "报表中没有填写任何进展情况和完成情况" in warning
    assert "市财政局计为未报（报回空表），并为其生成催报通知" in warning
    # its answers are not summarised: its tasks are as if no form had come back
    assert all(t.report_of("市财政局") is None for t in c.tasks)
    assert next(t for t in c.tasks if t.lead == ("市财政局",)).status == "未报"

    folder = out / "汇总" / QUARTER
    wb = load_workbook(folder / f"汇总表_{QUARTER}.xlsx")
    ws = wb["报送情况"]
    rows = {r[1].value: r for r in ws.iter_rows(min_row=3) if r[1].value}
    assert rows["市财政局"][2].value == "报回空表" and rows["市财政局"][2].fill.fgColor.rgb[-6:] == "FFC7CE"
    assert rows["市财政局"][8].value == sent["市财政局"].name and "按未报计" in rows["市财政局"][9].value
    assert rows["市统计局"][2].value == "未报" and rows["市科技局"][2].value == "已报"
    assert "应报3个，已报1个，其中逾期0个，未报2个，其中报回空表1个" in ws["A1"].value
    figures = {c.value: wb["统计"].cell(c.row, c.column + 1).value for row in wb["统计"].iter_rows() for c in row
               if isinstance(c.value, str)}
    assert (figures["已报单位"], figures["未报单位"], figures["其中报回空表"]) == (1, 2, 1)

    reminders = sorted(p.name for p in (folder / "催报").iterdir())
    assert reminders == ["02_市财政局.docx", "03_市统计局.docx"]
    letter = "".join(p.text for p in Document(folder / "催报" / "02_市财政局.docx").paragraphs)
    assert "截至2024年4月8日，你单位报回的报表未填写本季度进展情况和完成情况，按未报送计。" in letter
    other = "".join(p.text for p in Document(folder / "催报" / "03_市统计局.docx").paragraphs)
    assert "你单位尚未报送。" in other
    bulletin = "".join(p.text for p in Document(folder / f"情况通报_{QUARTER}.docx").paragraphs)
    assert "已报送1个，未报送2个：市财政局、市统计局（其中报回空表1个：市财政局，" in bulletin

    printed = _cli_collect(source, inbox, tmp_path / "cli")
    assert "应报 3 个单位，已报 1 个（其中逾期 0 个），未报 2 个（其中报回空表 1 个）。" in printed
    assert "未报：市财政局（报回空表）、市统计局" in printed
    assert "市财政局计为未报（报回空表）" in printed


def test_one_reminder_for_all_says_which_units_sent_a_blank_form(forms, tmp_path):
    from docx import Document

    source, sent = forms
    inbox = _inbox(tmp_path / "收到", sent, ("市科技局",))
    shutil.copyfile(sent["市财政局"], inbox / sent["市财政局"].name)
    result = _collect(source, inbox, tmp_path / "output", reminders="one")
    text = "".join(p.text for p in Document(result.written[-1]).paragraphs)
    assert "你们尚未报送（其中测试市财政局报回的报表未填写本季度进展情况和完成情况，按未报送计）。" in text


def test_a_filled_form_is_used_before_a_later_blank_copy(forms, tmp_path):
    """A unit that sends its filled form and then, by mistake, the blank one is counted as reported."""
    source, sent = forms
    inbox = _inbox(tmp_path / "收到", sent, ("市科技局",))
    blank = shutil.copyfile(sent["市科技局"], inbox / "市科技局（又发了一份）.xlsx")
    later = dt.datetime(2024, 4, 7, 9, 0).timestamp()
    os.utime(blank, (later, later))
    c = _collect(source, inbox, tmp_path / "output").collection
    assert [s.unit.name for s in c.reported] == ["市科技局"] and not c.blank
    assert c.reported[0].file == sent["市科技局"].name
    [message] = [p.message for p in c.problems if p.location.file == blank.name]
    assert "空表不计，按填好的报表中填报日期较晚者采用" in message and "本文件未汇总" in message


# -- 5. no cell of the 汇总表 over Excel's limit: the whole text kept on the 全文 sheet ------------------

EXCEL_LIMIT = 32767


def _excel_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2  # Excel counts UTF-16 code units


def test_two_lead_units_long_answers_are_kept_whole_and_no_cell_is_over_the_limit(tmp_path):
    """Two lead units each write ~20,000 characters on one task: joined in one cell they passed
    Excel's 32,767, and Excel or WPS cut the second unit's answer off."""
    from openpyxl import load_workbook

    from .test_collect import columns_of, row_keys, two_leads

    source, sent, inbox = two_leads(tmp_path)  # 1.培育企业。 led by 市科技局、市财政局
    long = {"市科技局": "科技局" + "推进创新平台建设，" * 2222 + "科技局完",  # 20,005 characters
            "市财政局": "财政局" + "落实资金𠮷" * 4000 + "财政局完"}  # 20,007, 24,007 as Excel counts
    for unit, text in long.items():
        form = fill(sent[unit], inbox / sent[unit].name, unit, date="2024年4月1日")
        wb = load_workbook(form)
        ws = wb["季度报表"]
        col = columns_of(ws)
        row = next(r for r in row_keys(form).values() if "培育企业" in str(ws.cell(r, col["measure"]).value))
        ws.cell(row, col["progress"]).value = text
        wb.save(form)
    result = _collect(source, inbox, tmp_path / "out")

    summary = result.written[0]
    wb = load_workbook(summary)
    assert wb.sheetnames == ["汇总", "报送情况", "滞后任务", "统计", "全文"]
    over = [f"{ws.title}!{c.coordinate}" for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and _excel_length(c.value) > EXCEL_LIMIT]
    assert over == []
    ws = wb["汇总"]
    column = next(c.column_letter for c in ws[2] if c.value == "牵头单位进展情况")
    cut = ws[f"{column}3"].value
    assert cut.startswith("【市科技局】") and cut.endswith("……（全文见“全文”工作表第3行）")
    full = wb["全文"]
    assert [c.value for c in full[2]][:6] == ["序号", "原单元格", "栏目", "任务", "涉及单位", "全文"]
    row = [c.value for c in full[3]]
    assert row[1:5] == [f"汇总!{column}3", "牵头单位进展情况", "1.培育企业。", "市科技局、市财政局、市统计局"]
    whole = "".join(v for v in row[5:] if v)
    assert len(row[5:]) >= 2 and all(_excel_length(v) <= EXCEL_LIMIT for v in row[5:] if v)
    assert long["市科技局"] in whole and long["市财政局"] in whole
    task = result.collection.tasks[0]
    assert whole == "\n".join(f"【{u}】（{task.report_of(u).status}）{t}" for u, t in long.items())

    [warning] = [p for p in result.collection.problems if p.location.file == summary.name]
    assert (warning.location.sheet, warning.location.cell, warning.location.column) == ("汇总", f"{column}3",
                                                                                          "牵头单位进展情况")
    assert not warning.is_error and "超过 Excel 一个单元格最多能存放的 32767 个" in warning.message
    assert "全文在“全文”工作表第3行" in warning.message
    printed = _cli_collect(source, inbox, tmp_path / "cli")
    assert f"{summary.name} 汇总!{column}3（牵头单位进展情况）：内容有" in printed


def test_a_form_heading_over_the_cell_limit_is_cut(forms, tmp_path):
    """A form's heading column joins the clause's heading and its groups' on lines of their own.
    openpyxl cuts a text at 32,767 characters (Python's), silently: one beyond the BMP counts two in
    Excel, so the cut text was still too long, and nothing said it was cut."""
    import dataclasses

    from openpyxl import load_workbook

    from generator.documents.wording import Wording
    from generator.reporting.form_xlsx import write_form
    from generator.reporting.forms import make_forms
    from generator.workbook.reader import read_workbook

    source, _ = forms
    table = read_workbook(source).table
    quarter = table.reporting.quarters[0]
    form = make_forms(table, [table.tasks_of(table.unit("市科技局"))], quarter, table.name)[0]
    heading = "（二）加强创新" + "\n" + "长标题𠮷" * 9000  # 36,008 characters, 45,008 as Excel counts
    form = dataclasses.replace(form, rows=tuple(dataclasses.replace(r, clause=heading) for r in form.rows))
    path = tmp_path / "form.xlsx"
    write_form(form, path, Wording(ROOT / "templates"))
    wb = load_workbook(path)
    texts = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert max(_excel_length(t) for t in texts) <= EXCEL_LIMIT
    assert any(t.startswith("（二）加强创新\n长标题") and t.endswith("…") for t in texts)


def test_two_copies_with_the_same_date_say_the_later_saved_one_was_used(tmp_path):
    """Neither of two copies dated the same day is 较晚: the message says the file saved last was used."""
    from .test_collect import fill, two_leads

    source, forms, inbox = two_leads(tmp_path)
    first = fill(forms["市科技局"], inbox / "科技局.xlsx", "市科技局", date="2024年4月1日")
    second = shutil.copyfile(first, inbox / "科技局（副本）.xlsx")
    os.utime(first, (1_700_000_000, 1_700_000_000))  # saved before the copy
    result = api.collect(inbox, source, output=tmp_path / "out", quarter="2024Q1", date=dt.date(2024, 4, 2))
    said = {p.location.file: p.message for p in result.collection.problems if "同一单位报来" in p.message}
    assert len(said) == 2 and all("填报日期相同，按文件保存时间较晚者采用" in m for m in said.values())
    assert said[second.name].endswith("采用本文件") and said[first.name].endswith("本文件未汇总")


def test_a_mistyped_quarter_is_refused_before_any_form_is_read(tmp_path, monkeypatch):
    from generator.errors import TaskdocError
    from generator.reporting import returns

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "表.xlsx").write_bytes(b"")
    monkeypatch.setattr(returns, "read_returns", lambda *a, **k: pytest.fail("the forms were read first"))
    with pytest.raises(TaskdocError) as err:
        api.collect(inbox, write(tmp_path / "t.xlsx"), output=tmp_path / "out", quarter="2021Q5")
    assert "2021Q5" in err.value.describe()
