"""Issued versions: issue → edit → diff → issue again, frozen folders, idempotence, reproduction,
integrity of frozen files, the lock and interrupted runs."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from generator import api, render
from generator.cli.commands import cli
from generator.errors import TaskdocError
from generator.versions import store as V
from generator.workspace import ISSUED_FOLDER, REPRODUCED_FOLDER, STAGING_PREFIX

from . import shipped

ISSUED = ISSUED_FOLDER


def run(ws: Path, *args: str):
    """`taskdoc` on a workspace, paths given explicitly (the code never changes directory); `reproduce`
    reads no workbook."""
    source = [] if args[0] == "reproduce" else ["--source", str(ws / "source.xlsx")]
    return CliRunner().invoke(cli, [*args, *source, "--output", str(ws / "output")])


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): V.file_hash(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def edit_workbook(ws: Path) -> None:
    """Reword （三）2. and move 市财政局 from 配合 to 牵头 in （三）."""
    data = shipped.sheets()
    shipped.reword(data, "鼓励企业建立研发准备金制度", "鼓励企业设立研发准备金制度")
    for r in data["任务分解"]:
        if str(r[1]).startswith("（三）"):
            r[4], r[5] = "市工信局、市科技局、市财政局", "市发改委、市政府国资委"
    shipped.save(data, ws / "source.xlsx")


@pytest.fixture(scope="module")
def version1(tmp_path_factory) -> Path:
    """A workspace with the shipped workbook issued once."""
    ws = tmp_path_factory.mktemp("v1")
    shutil.copyfile(shipped.SHIPPED, ws / "source.xlsx")
    result = api.issue(ws / "source.xlsx", ws / "output", today=dt.date(2020, 9, 18), same_number=True)
    assert result.created and result.version.number == 1
    return ws


@pytest.fixture(scope="module")
def version2(version1, tmp_path_factory) -> Path:
    """The same workspace after an edit and a second issue, done through the command line."""
    ws = copy(version1, tmp_path_factory.mktemp("v2") / "ws")
    edit_workbook(ws)
    result = run(ws, "issue", "--same-number")
    assert result.exit_code == 0, result.output
    return ws


def test_first_issue_freezes_every_document_read_only(version1):
    folder = version1 / "output" / ISSUED / "第1版"
    names = set(digests(folder))
    assert {"通知_嘉政办发〔2020〕86号.docx", "交办函_全部单位.docx", "单位分工矩阵.xlsx", "交办函/04_市科技局.docx",
            "存档/模型快照.json", "存档/模板/notice.j2", "存档/模板/letters.j2", "存档/版本信息.json"} <= names
    assert len([n for n in names if n.startswith("交办函/")]) == 18
    if os.name == "posix":
        assert all(not p.stat().st_mode & stat.S_IWUSR for p in folder.rglob("*") if p.is_file())
    record = json.loads((version1 / "output" / ISSUED / "版本记录.json").read_text(encoding="utf-8"))
    (entry,) = record["versions"]
    assert entry["number"] == 1 and entry["doc_number"] == "嘉政办发〔2020〕86号"
    assert entry["issued"] == "2020-09-18" and entry["document_date"] == "2020-09-17"
    assert len(entry["table_hash"]) == len(entry["snapshot_hash"]) == 64
    # vouched for by content (a package's parts, save times left out), other files by their bytes
    assert entry["files"] == {p.relative_to(folder).as_posix(): V.frozen_hash(p) for p in sorted(folder.rglob("*"))
                              if p.is_file() and p.name != "版本信息.json"}
    assert all(v.startswith(V.CONTENT_PREFIX) == k.endswith((".docx", ".xlsx")) for k, v in entry["files"].items())
    assert len(entry["changed_units"]) == 18 and entry["previous"] is None


def test_issue_without_change_creates_nothing(version1, tmp_path):
    ws = copy(version1, tmp_path / "ws")
    before = digests(ws / "output")
    result = run(ws, "issue", "--same-number")
    assert result.exit_code == 0, result.output
    assert "与第1版（嘉政办发〔2020〕86号，2020年9月18日印发）相比没有变化，未生成新版本" in result.output
    assert digests(ws / "output") == before
    assert sorted(p.name for p in (ws / "output" / ISSUED).iterdir()) == ["版本记录.json", "第1版"]


def test_diff_shows_the_edit_and_the_units_then_issue_gives_version_2(version1, tmp_path):
    ws = copy(version1, tmp_path / "ws")
    frozen = digests(ws / "output" / ISSUED / "第1版")
    assert run(ws, "diff").exit_code == 0  # nothing changed yet
    edit_workbook(ws)
    result = run(ws, "diff")
    assert result.exit_code == 1, result.output
    out = result.output
    assert "与第1版（嘉政办发〔2020〕86号，2020年9月18日印发）相比：" in out
    assert "（三）第2条措施 改写：2.鼓励企业[-建-]{+设+}立研发准备金制度" in out
    assert "（三）第1—3条措施 牵头单位 市财政局由配合改为牵头：市工信局、市科技局 → 市工信局、市科技局、市财政局" in out
    assert "需重新发送交办函的单位（5个）" in out
    assert "  市财政局：由配合改为牵头（三）1.、2.、3.\n" in out
    assert "  市科技局：分工单位调整（三）1.、2.、3.；措施改写（三）2.\n" in out
    assert "任务未变的单位（13个）：市委军民融合办、市教育局" in out

    result = run(ws, "issue", "--same-number")
    assert result.exit_code == 0, result.output
    assert "已印发第2版（嘉政办发〔2020〕86号" in result.output
    assert "需重新发送交办函的单位（5个）：市发改委、市科技局、市工信局、市财政局、市政府国资委" in result.output
    v2 = ws / "output" / ISSUED / "第2版"
    assert (v2 / "修订对照表.docx").is_file() and (v2 / "交办函_需重新发送.docx").is_file()
    assert digests(ws / "output" / ISSUED / "第1版") == frozen  # version 1 untouched
    revision = "".join(p.text for p in Document(v2 / "修订对照表.docx").paragraphs)
    # the dates the notices' 版记 state (印发日期 2020年9月17日), not the day `issue` ran (9月18日, today)
    assert "对2020年9月17日印发的《嘉峪关市贯彻落实省政府〈关于提升" in revision
    assert "形成第2版（嘉政办发〔2020〕86号，2020年9月17日印发）" in revision and "9月18日" not in revision
    resend = Document(v2 / "交办函_需重新发送.docx")
    addressees = [p.text for p in resend.paragraphs if p.text.endswith("：") and p.text.startswith("嘉峪关市")]
    assert addressees == ["嘉峪关市发展和改革委员会：", "嘉峪关市科学技术局：", "嘉峪关市工业和信息化局：",
                          "嘉峪关市财政局：", "嘉峪关市人民政府国有资产监督管理委员会："]
    record = V.Store(ws / "output").versions()
    assert [v.number for v in record] == [1, 2] and record[1].previous == 1
    assert record[1].changed_units == ("市发改委", "市科技局", "市工信局", "市财政局", "市政府国资委")

    assert run(ws, "diff").exit_code == 0
    against = run(ws, "diff", "--against", "1")
    assert against.exit_code == 1 and "（三）第2条措施 改写" in against.output


def test_issue_refuses_a_workbook_with_errors(version1, tmp_path):
    ws = copy(version1, tmp_path / "ws")
    data = shipped.sheets()
    for r in data["任务分解"]:
        if str(r[1]).startswith("（三）"):
            r[4] = None  # a task clause without lead unit
    shipped.save(data, ws / "source.xlsx")
    result = run(ws, "issue", "--same-number")
    assert result.exit_code == 1 and "未生成任何文件" in result.output and "牵头单位" in result.output
    assert not (ws / "output" / ISSUED / "第2版").exists()
    assert run(ws, "diff").exit_code == 2  # trouble, not "changed"


def test_diff_before_any_issue_is_trouble(tmp_path):
    shutil.copyfile(shipped.SHIPPED, tmp_path / "source.xlsx")
    result = run(tmp_path, "diff")
    assert result.exit_code == 2 and "还没有印发过任何版本" in result.output and "taskdoc issue" in result.output
    result = run(tmp_path, "diff", "--against", "0")
    assert result.exit_code == 2  # usage error


def test_deleted_or_edited_frozen_file_is_reported_not_regenerated(version1, tmp_path):
    ws = copy(version1, tmp_path / "ws")
    folder = ws / "output" / ISSUED / "第1版"
    letter = folder / "交办函" / "04_市科技局.docx"
    os.chmod(letter, stat.S_IREAD | stat.S_IWRITE)
    doc = Document(letter)
    doc.add_paragraph("补一句")  # edited in WPS and saved
    doc.save(letter)
    (folder / "单位分工矩阵.xlsx").unlink()
    edit_workbook(ws)
    result = run(ws, "issue", "--same-number")
    assert result.exit_code == 1
    assert "已印发的文件被删除或修改（2 个），未做任何改动" in result.output
    assert "第1版/交办函/04_市科技局.docx：内容与印发时不同（已被修改）" in result.output
    assert "第1版/单位分工矩阵.xlsx：已被删除" in result.output
    assert not (folder / "单位分工矩阵.xlsx").exists() and not (folder.parent / "第2版").exists()
    diff = run(ws, "diff")  # still compares (the snapshot is intact) and warns
    assert diff.exit_code == 1
    assert "警告：已印发的文件被删除或修改：已印发/第1版/单位分工矩阵.xlsx：已被删除" in diff.output


def texts(path: Path) -> list:
    """A document's text and structure as python-docx sees it: paragraphs, tables, sections."""
    doc = Document(path)
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return [[p.text for p in doc.paragraphs], tables, [(s.orientation, s.page_width) for s in doc.sections]]


@pytest.mark.parametrize("number", [1, 2])
def test_reproduce_reproduces_the_frozen_documents(version2, number):
    result = CliRunner().invoke(cli, ["reproduce", str(number), "--output", str(version2 / "output")])
    assert result.exit_code == 0, result.output
    assert f"已与已印发的第{number}版逐一核对全部 {21 if number == 1 else 23} 份文书：文字和结构一致" in result.output
    frozen = version2 / "output" / ISSUED / f"第{number}版"
    again = version2 / "output" / REPRODUCED_FOLDER / f"第{number}版"
    docs = sorted(p.relative_to(frozen) for p in frozen.rglob("*.docx"))
    assert len(docs) == (20 if number == 1 else 22)
    for name in docs:
        assert texts(again / name) == texts(frozen / name), name


def test_reproduce_reports_a_document_that_differs(version1, tmp_path):
    ws = copy(version1, tmp_path / "ws")
    notice = next((ws / "output" / ISSUED / "第1版").glob("通知_*.docx"))
    os.chmod(notice, stat.S_IREAD | stat.S_IWRITE)
    doc = Document(notice)
    doc.paragraphs[-1].add_run("改动")
    doc.save(notice)
    result = api.reproduce(1, ws / "output")
    assert result.differing == [notice.name]
    assert result.damaged == [f"{ISSUED}/第1版/{notice.name}：内容与印发时不同（已被修改）"]


def test_reproduce_with_a_frozen_letter_deleted_reproduces_it_and_says_so(version1, tmp_path):
    ws = copy(version1, tmp_path / "ws")
    letters = ws / "output" / ISSUED / "第1版" / "交办函"
    os.chmod(letters, 0o755)
    (letters / "04_市科技局.docx").unlink()
    result = CliRunner().invoke(cli, ["reproduce", "1", "--output", str(ws / "output")])
    assert result.exit_code == 0, result.output
    assert "已被删除" in result.output and "请从备份恢复" in result.output
    assert "逐一核对其余 20 份文书：文字和结构一致" in result.output  # not "全部": one was not there to compare
    assert (ws / "output" / REPRODUCED_FOLDER / "第1版" / "交办函" / "04_市科技局.docx").is_file()


def test_a_lost_frozen_letter_restored_from_its_reproduction_is_accepted(version1, tmp_path):
    """The recovery the messages recommend works: a frozen file is vouched for by its content, so the
    reproduced letter (other zip times) put back in place satisfies the record, and issue goes on."""
    ws = copy(version1, tmp_path / "ws")
    letters = ws / "output" / ISSUED / "第1版" / "交办函"
    os.chmod(letters, 0o755)
    (letters / "04_市科技局.docx").unlink()
    assert run(ws, "diff").exit_code == 0 and "已被删除" in run(ws, "diff").output
    api.reproduce(1, ws / "output")
    again = ws / "output" / REPRODUCED_FOLDER / "第1版" / "交办函" / "04_市科技局.docx"
    assert V.file_hash(again) != V.Store(ws / "output").get(1).files["交办函/01_市委军民融合办.docx"]
    shutil.copyfile(again, letters / "04_市科技局.docx")
    assert V.Store(ws / "output").problems() == []
    edit_workbook(ws)
    assert run(ws, "issue", "--same-number").exit_code == 0


def _edit_record(ws: Path, edit) -> None:
    record = ws / "output" / ISSUED / "版本记录.json"
    os.chmod(record, 0o644)
    data = json.loads(record.read_text(encoding="utf-8"))
    edit(data)
    record.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("edit, said", [
    (lambda d: d["versions"][0].update(number="一"), "第1条记录：number（版本号）应为 1、2、3 …，现为 '一'"),
    (lambda d: d["versions"][0].update(number=2), "第1条记录的版本号应为 1，现为 2"),
    (lambda d: d["versions"][0].pop("files"), "第1条记录：缺少字段 files"),
    (lambda d: d["versions"][0].update(document_date="2020年9月17日"), "document_date 应为日期"),
    (lambda d: d["versions"][0].update(备注="手工加的"), "有 taskdoc 不写的字段 备注"),
    (lambda d: d.update(versions={}), "缺少 versions"),
    (lambda d: d.update(format=2), "format 不对"),
    (lambda d: d["versions"][0]["files"].update({"../../../etc/passwd": "0" * 64}), "不在该版本的文件夹内"),
])
def test_a_hand_edited_record_is_an_error_naming_what_is_wrong_and_diff_exits_2(version1, tmp_path, edit, said):
    ws = copy(version1, tmp_path / "ws")
    _edit_record(ws, edit)
    before = digests(ws / "output")
    result = run(ws, "diff")
    assert result.exit_code == 2, result.output  # 1 would mean "changed"
    assert "版本记录.json：版本记录无法读取（" in result.output and said in result.output
    assert "不能手工修改；请从备份恢复该文件" in result.output and "内部错误" not in result.output
    for command in ("issue", "reproduce 1"):
        assert run(ws, *command.split()).exit_code == 1
    assert digests(ws / "output") == before


def test_a_record_that_is_not_json_names_the_line(version1, tmp_path):
    ws = copy(version1, tmp_path / "ws")
    record = ws / "output" / ISSUED / "版本记录.json"
    os.chmod(record, 0o644)
    record.write_text('{"format": 1,\n "versions": [\n', encoding="utf-8")
    result = run(ws, "diff")
    assert result.exit_code == 2 and "版本记录无法读取（第3行第1列不是有效的 JSON）" in result.output


def test_diff_exits_2_on_an_internal_error_too(version1, tmp_path, monkeypatch):
    ws = copy(version1, tmp_path / "ws")

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "diff", broken)
    result = run(ws, "diff")
    assert result.exit_code == 2 and "内部错误" in result.output


def test_issued_folder_that_is_a_file_is_a_clear_error_and_left_alone(version1, tmp_path):
    ws = copy(version1, tmp_path / "ws")
    shutil.rmtree(ws / "output" / ISSUED, onerror=lambda f, p, _: (os.chmod(p, 0o755), f(p)))
    (ws / "output" / ISSUED).write_text("备份", encoding="utf-8")
    for command, code in (("issue", 1), ("diff", 2), ("reproduce 1", 1)):
        result = run(ws, *command.split())
        assert result.exit_code == code, (command, result.output)
        assert "“已印发”应是存放已印发版本的文件夹，这里却是一个文件" in result.output, command
    assert (ws / "output" / ISSUED).read_text(encoding="utf-8") == "备份"


def test_a_second_issue_waits_for_the_lock(version1, tmp_path):
    ws = copy(version1, tmp_path / "ws")
    edit_workbook(ws)
    store = V.Store(ws / "output")
    with store.lock(), pytest.raises(TaskdocError, match="另一个 taskdoc issue 正在印发"):
        api.issue(ws / "source.xlsx", ws / "output", lock_timeout=0, same_number=True)
    assert [v.number for v in store.versions()] == [1]
    assert api.issue(ws / "source.xlsx", ws / "output", lock_timeout=0, same_number=True).version.number == 2


def _issue_in_process(ws: str, queue) -> None:
    try:
        result = api.issue(Path(ws) / "source.xlsx", Path(ws) / "output", same_number=True)
        queue.put((result.created, result.version.number))
    except Exception as err:  # pragma: no cover - reported to the test
        queue.put(repr(err))


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_two_issues_at_the_same_time_give_one_version(version1, tmp_path):
    ws = copy(version1, tmp_path / "ws")
    edit_workbook(ws)
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    runs = [ctx.Process(target=_issue_in_process, args=(str(ws), queue)) for _ in range(2)]
    for p in runs:
        p.start()
    for p in runs:
        p.join()
    outcomes = sorted(queue.get() for _ in runs)
    assert outcomes == [(False, 2), (True, 2)]
    store = V.Store(ws / "output")
    assert [v.number for v in store.versions()] == [1, 2] and store.problems() == []


def test_interrupted_rendering_leaves_the_old_state(version1, tmp_path, monkeypatch):
    ws = copy(version1, tmp_path / "ws")
    edit_workbook(ws)
    before = digests(ws / "output")

    def broken(job, *args):
        raise KeyboardInterrupt  # the clerk pressed Ctrl+C while the letters were rendered

    monkeypatch.setattr(render, "write_letters", broken)
    with pytest.raises(KeyboardInterrupt):
        api.issue(ws / "source.xlsx", ws / "output", same_number=True)
    assert digests(ws / "output") == before  # no half version, no staging folder left
    assert sorted(p.name for p in (ws / "output" / ISSUED).iterdir()) == ["版本记录.json", "第1版"]


def test_interrupted_before_the_record_is_completed_by_the_next_issue(tmp_path, monkeypatch):
    shutil.copyfile(shipped.SHIPPED, tmp_path / "source.xlsx")
    store = V.Store(tmp_path / "output")

    def crash(self, versions):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(V.Store, "_write_record", crash)
        with pytest.raises(KeyboardInterrupt):
            api.issue(tmp_path / "source.xlsx", tmp_path / "output", same_number=True)
    assert (store.root / "第1版").is_dir() and store.versions() == []
    result = api.issue(tmp_path / "source.xlsx", tmp_path / "output", same_number=True)
    assert result.notes == ["第1版上次印发时在登记前中断，文件完整，已补登记"]
    assert not result.created and [v.number for v in store.versions()] == [1] and store.problems() == []


def test_staging_folder_of_a_killed_run_is_cleaned_up(version1, tmp_path):
    ws = copy(version1, tmp_path / "ws")
    leftover = ws / "output" / ISSUED / f"{STAGING_PREFIX}abc"
    (leftover / "交办函").mkdir(parents=True)
    (leftover / "交办函" / "01_x.docx").write_bytes(b"half")
    result = api.issue(ws / "source.xlsx", ws / "output", same_number=True)
    assert not leftover.exists() and result.notes == [f"已清理上次中断的印发留下的临时文件夹 {leftover.name}"]


def test_a_new_version_with_the_last_ones_number_and_date_needs_the_flag(version1, tmp_path):
    """A revised notice normally gets a new 发文字号 or 成文日期: issuing one with both unchanged is
    refused with the fix, unless the clerk says so (--same-number)."""
    ws = copy(version1, tmp_path / "ws")
    edit_workbook(ws)
    refused = run(ws, "issue")
    assert refused.exit_code == 1, refused.output
    assert "新版本的发文字号和成文日期与第1版相同（嘉政办发〔2020〕86号" in refused.output
    assert "--same-number" in refused.output
    assert not (ws / "output" / ISSUED / "第2版").exists()
    assert run(ws, "issue", "--same-number").exit_code == 0
