"""A whole quarter collected: the shipped workbook's forms generated, filled by code as the units
would (most complete, some missing, one late, one renamed, one from another quarter, one with
edited task text, one duplicate, one from an older table, one copied without its identity) and
dropped in a folder with a corrupt file, a zip bomb, an .xls, an .et, a password-protected file,
an oversized one, an XML entity trick and a lock file. The summary, statuses, lists, chart,
documents and every message are checked."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from openpyxl import Workbook, load_workbook

from generator import api
from generator.cli.commands import cli
from generator.reporting import form_xlsx as R
from generator.reporting.collect import BEHIND, State, normalise_status
from generator.reporting.forms import INPUT_FIELDS

from .helpers import ROOT, SHIPPED, cell, inject, sheets, write
from .test_tasklists_shapes import head_value_cell

VOCAB = ("已完成", "按序时推进", "进度滞后", "尚未启动")
DATA = Path(__file__).parent / "data" / "returns"
QUARTER = "2020年第四季度"
DAY = dt.date(2021, 1, 10)  # the clerk collects five days after the deadline (2021年1月5日)
MISSING_UNITS = ["市税务局", "人行嘉峪关中心支行", "嘉峪关银保监分局"]
CHANGED_SUFFIX = "（旧版措辞）"


def plan(key: str) -> str:
    """The status every unit reports for a task: fixed by the task's place, so tests can expect it."""
    return VOCAB[sum(map(int, key.split("."))) % 4]


def progress_text(unit: str, key: str) -> str:
    return f"{unit}：{key}项工作本季度已按计划推进。"


# The items' column as the tables here head it: the shipped table's 市级落实措施, the small test table's 落实措施.
ITEM_HEADERS = ("市级落实措施", "落实措施")


def columns_of(ws) -> dict[str, int]:
    """A form's columns as a person finds them, by their headers: field -> column number."""
    header = [c.value for c in ws[R.HEADER_ROW]]
    labels = {"measure": ITEM_HEADERS, **{field: (label,) for field, label in INPUT_FIELDS}}
    return {field: next(i for i, v in enumerate(header, 1) if v in texts) for field, texts in labels.items()}


def fill(src: Path, dest: Path, unit: str, date: object = "2021年1月4日", statuses: dict | None = None,
         no_progress: tuple[str, ...] = (), edit: dict | None = None) -> Path:
    """Fill a form as a unit would, each cell found by its header or label (openpyxl ignores the
    sheet protection, like a unit who lifts it)."""
    wb = load_workbook(src)
    ws = wb[R.FORM_SHEET]
    col = columns_of(ws)
    ws[head_value_cell(ws, "填报日期")] = date
    ws[head_value_cell(ws, "填报人")] = "张明"
    ws[head_value_cell(ws, "联系电话")] = "0937-6212345"
    for row, key, *_ in wb[R.IDENTITY_SHEET].iter_rows(min_row=R.ROW_MAP_FIRST, values_only=True):
        status = (statuses or {}).get(key, plan(key))
        ws.cell(row, col["status"]).value = status
        ws.cell(row, col["progress"]).value = None if key in no_progress else progress_text(unit, key)
        if plan(key) == BEHIND:
            ws.cell(row, col["problems"]).value = f"{key}项资金未到位"
        if edit and key in edit:
            ws.cell(row, col["measure"]).value = edit[key]
    wb.save(dest)
    return dest


def row_keys(path: Path) -> dict[str, int]:
    """measure key -> form row, from the form's row map."""
    hidden = load_workbook(path)[R.IDENTITY_SHEET]
    return {key: row for row, key, *_ in hidden.iter_rows(min_row=R.ROW_MAP_FIRST, values_only=True)}


def forms_by_unit(written: list[Path]) -> dict[str, Path]:
    name = re.compile(r"^\d+_(.+)_\d{4}年第.季度报表\.xlsx$")
    return {name.match(p.name).group(1): p for p in written if p.suffix == ".xlsx"}


def zip_bomb(path: Path) -> Path:
    """A small zip holding 60 MB of zeros as a worksheet."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(60):
                member.write(bytes(2**20))
    return path


@pytest.fixture(scope="module")
def quarter(tmp_path_factory, shipped_table):
    """The inbox as the clerk finds it on 2021年1月10日, and what `collect` made of it."""
    base = tmp_path_factory.mktemp("quarter")
    forms = forms_by_unit(api.reports(SHIPPED, output=base / "issued", quarter="2020Q4").written)
    inbox = base / "收到的报表"
    inbox.mkdir()
    names = {}

    def complete(unit: str, **kwargs) -> Path:
        names[unit] = fill(forms[unit], inbox / forms[unit].name, unit, **kwargs)
        return names[unit]

    for unit in ("市委军民融合办", "市农业农村局", "市市场监管局", "市统计局", "市招商引资服务中心", "工业园区管委会"):
        complete(unit, date=dt.datetime(2021, 1, 4) if unit == "市委军民融合办" else "2021年1月4日")
    # 市发改委 sends a form, then a corrected one that says everything is done
    first = complete("市发改委", date="2021年1月3日")
    second = fill(forms["市发改委"], inbox / "市发改委（更正版）.xlsx", "市发改委", date=dt.date(2021, 1, 5),
                  statuses=dict.fromkeys(row_keys(forms["市发改委"]), "已完成"))
    # 市教育局 leaves 填报日期 empty; the file was saved on 2021年1月4日
    complete("市教育局", date=None)
    stamp = dt.datetime(2021, 1, 4, 16, 30).timestamp()
    os.utime(names["市教育局"], (stamp, stamp))
    # 市科技局 renames its file
    fill(forms["市科技局"], inbox / "科技局报回的表（最终版）.xlsx", "市科技局")
    # 市工信局 types statuses by hand: variants, and one that means nothing
    keys = row_keys(forms["市工信局"])
    typed = {"已完成": "完成", "按序时推进": "正常推进", "进度滞后": "进度　滞后", "尚未启动": "未启动"}
    statuses = {k: typed[plan(k)] for k in keys}
    nonsense = next(k for k in keys if plan(k) == "按序时推进")
    statuses[nonsense] = "差不多完成了"
    complete("市工信局", statuses=statuses)
    # 市财政局 rewrites the text of its first task
    keys = row_keys(forms["市财政局"])
    edited_key = next(iter(keys))
    form_sheet = load_workbook(forms["市财政局"])[R.FORM_SHEET]
    original = form_sheet.cell(keys[edited_key], columns_of(form_sheet)["measure"]).value
    edited = original.replace("。", "（已调整为2023年完成）。", 1)
    complete("市财政局", edit={edited_key: edited})
    # 市人社局 leaves the progress of one task empty
    empty_key = list(row_keys(forms["市人社局"]))[1]
    complete("市人社局", no_progress=(empty_key,))
    # 市审计局 reports three days late
    complete("市审计局", date="2021年1月8日")
    # 市政府国资委 fills a form made from an older version of the table (one task worded differently)
    sasac = shipped_table.tasks_of(shipped_table.unit("市政府国资委"))
    changed = sasac.tasks[0]
    old_source = base / "旧版任务分解表.xlsx"
    wb = load_workbook(SHIPPED)
    measure_cell = next(c for row in wb["任务分解"].iter_rows() for c in row if c.value == changed.measure.display)
    measure_cell.value = changed.measure.display + CHANGED_SUFFIX
    wb.save(old_source)
    old = forms_by_unit(api.reports(old_source, base / "old", quarter="2020Q4", units=("市政府国资委",)).written)
    names["市政府国资委"] = fill(old["市政府国资委"], inbox / old["市政府国资委"].name, "市政府国资委")
    # 市政府金融办 copies its filled form into a new workbook: the identity is lost
    filled = fill(forms["市政府金融办"], base / "金融办.xlsx", "市政府金融办")
    copy = Workbook()
    for row in load_workbook(filled)[R.FORM_SHEET].iter_rows():
        for c in row:
            if c.value is not None:
                copy.active.cell(c.row, c.column, c.value)
    copy.active.title = R.FORM_SHEET
    copy.save(inbox / "金融办报表（复制）.xlsx")
    # 嘉峪关银保监分局 sends next quarter's form instead of this one
    next_quarter = forms_by_unit(api.reports(SHIPPED, output=base / "q1", quarter="2021Q1",
                                             units=("嘉峪关银保监分局",)).written)
    fill(next_quarter["嘉峪关银保监分局"], inbox / "银保监分局报表.xlsx", "嘉峪关银保监分局")
    # a form of another task table, from a unit this table does not know
    data = sheets()
    for rows in (data["任务分解"], data["单位"]):
        for row in rows:
            row[:] = [v.replace("市统计局", "市外事办") if isinstance(v, str) else v for v in row]
    other = forms_by_unit(api.reports(write(base / "其他表.xlsx", data), base / "other", quarter="2024Q1",
                                      units=("市外事办",)).written)
    fill(other["市外事办"], inbox / "外事办报表.xlsx", "市外事办")
    # bad files
    shutil.copyfile(DATA / "old-format.xls", inbox / "市统计局报表.xls")
    shutil.copyfile(DATA / "old-format.xls", inbox / "报表.et")
    shutil.copyfile(DATA / "password-1234.xlsx", inbox / "加密报表.xlsx")
    (inbox / "损坏的报表.xlsx").write_bytes(names["市统计局"].read_bytes()[:3000])
    zip_bomb(inbox / "炸弹.xlsx")
    with (inbox / "扫描件.xlsx").open("wb") as f:
        f.truncate(21 * 2**20)
    entity = shutil.copyfile(names["市农业农村局"], inbox / "实体.xlsx")
    inject(entity, "<workbook ", '<!DOCTYPE workbook [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><workbook ')
    shutil.copyfile(forms["市科技局"].with_suffix(".docx"), inbox / "科技局报表打印版.docx")
    (inbox / "~$科技局报回的表（最终版）.xlsx").write_bytes(b"\x00" * 165)  # Excel's lock file

    before = {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in inbox.iterdir()}
    result = api.collect(inbox, SHIPPED, output=base / "output", quarter="2020Q4", date=DAY)
    return dict(result=result, c=result.collection, inbox=inbox, before=before, base=base, first=first.name,
                second=second.name, edited=(edited_key, original, edited), keys=dict(
                    nonsense=nonsense, empty=empty_key, gongxin=row_keys(forms["市工信局"]),
                    caizheng=row_keys(forms["市财政局"]), renshe=row_keys(forms["市人社局"])),
                changed=changed, names={u: p.name for u, p in names.items()})


def problems_of(c, file: str) -> list[str]:
    return [str(p) for p in c.problems if p.location.file == file]


# -- who reported ------------------------------------------------------------------------------

def test_reported_late_and_missing_units(quarter, shipped_table):
    c = quarter["c"]
    states = {s.unit.name: s.state for s in c.submissions}
    assert list(states) == [u.name for u in shipped_table.named_units]  # every unit due, official order
    assert [u for u, s in states.items() if s is State.MISSING] == MISSING_UNITS
    assert [u for u, s in states.items() if s is State.LATE] == ["市审计局"]
    assert sum(s is State.REPORTED for s in states.values()) == 14
    by_unit = {s.unit.name: s for s in c.submissions}
    assert by_unit["市审计局"].date == dt.date(2021, 1, 8)
    assert by_unit["市教育局"].date == dt.date(2021, 1, 4) and by_unit["市教育局"].date_from_file
    assert by_unit["市科技局"].file == "科技局报回的表（最终版）.xlsx"  # renamed, still recognised
    assert by_unit["市政府金融办"].file == "金融办报表（复制）.xlsx"  # found by its header
    assert by_unit["市发改委"].file == quarter["second"] and by_unit["市发改委"].date == dt.date(2021, 1, 5)


def test_statuses_come_from_the_forms(quarter, shipped_table):
    c = quarter["c"]
    tasks = {t.key: t for t in c.tasks}
    names = {u.name for u in shipped_table.named_units}
    assert len(tasks) == sum(1 for _, _, m in shipped_table.measures() if set(m.lead + m.cooperating) & names)
    # the later 市发改委 form wins: it says every task is done
    ndrc = [r for t in c.tasks for r in t.reports if r.unit == "市发改委"]
    assert ndrc and all(r.status == "已完成" for r in ndrc)
    # a task 市科技局 alone leads: its status and progress as the renamed form says
    for t in (t for t in c.tasks if t.lead == ("市科技局",)):
        assert t.status == plan(t.key), t.key
        assert t.report_of("市科技局").progress == progress_text("市科技局", t.key)
    # 市工信局's variants are read as the words they stand for; the nonsense one as not filled
    gx = {t.key: t.report_of("市工信局") for t in c.tasks if t.report_of("市工信局")}
    for key in quarter["keys"]["gongxin"]:
        assert gx[key].status == ("未填" if key == quarter["keys"]["nonsense"] else plan(key)), key
    # the edited task is still matched to its task, with the unit's answer
    key, _, _ = quarter["edited"]
    assert tasks[key].report_of("市财政局").progress == progress_text("市财政局", key)
    # the task worded differently in the older table is not matched for 市政府国资委
    reworded = quarter["changed"]
    changed = reworded.key
    assert tasks[changed].report_of("市政府国资委") is None
    assert all(r.unit != "市外事办" and r.unit != "嘉峪关银保监分局" for t in c.tasks for r in t.reports)


def test_tasks_behind_schedule_and_by_whom(quarter, shipped_table):
    c = quarter["c"]
    collected = [s.unit.name for s in c.reported if s.unit.name != "市发改委"]  # 市发改委's later form: all done
    changed = quarter["changed"]
    expected = {(t.measure.display, unit) for unit in collected
                for t in shipped_table.tasks_of(shipped_table.unit(unit)).tasks
                if plan(t.key) == BEHIND
                and not (unit == "市政府国资委" and t == changed)}
    assert {(t.measure.display, r.unit) for t, r in c.behind_reports()} == expected
    for t in c.behind():
        assert any(t.report_of(u) and t.report_of(u).status == BEHIND for u in t.lead)


# -- every message -------------------------------------------------------------------------------

def test_every_bad_file_gets_its_message_and_is_not_collected(quarter):
    c = quarter["c"]
    expected = {
        "损坏的报表.xlsx": "不是有效的 .xlsx 文件",
        "炸弹.xlsx": "疑似“压缩炸弹”",
        "市统计局报表.xls": "这是Excel 97-2003 工作簿（.xls），只能汇总 .xlsx 报表",
        "报表.et": "这是WPS 表格文件（.et），只能汇总 .xlsx 报表",
        "加密报表.xlsx": "文件设置了打开密码",
        "扫描件.xlsx": "文件太大（21.0 MB，报表文件上限 20 MB）",
        "实体.xlsx": "文件含有 XML 实体或文档类型声明",
        "银保监分局报表.xlsx": "这是2021年第一季度的报表，不是2020年第四季度的，未汇总",
        "外事办报表.xlsx": "填报单位“市外事办”不是本任务分解表中承担任务的单位，未汇总",
    }
    errors = {p.location.file: str(p) for p in c.problems if p.is_error}
    assert set(errors) == set(expected)
    for file, text in expected.items():
        assert text in errors[file], errors[file]
    assert "另存为” Excel 工作簿（*.xlsx）" in errors["市统计局报表.xls"] and "另存为" in errors["报表.et"]
    assert "取消密码" in errors["加密报表.xlsx"]
    assert "上限 50 MB" in errors["炸弹.xlsx"]
    assert "季度报表!A1" in errors["银保监分局报表.xlsx"]
    assert "季度报表!C2（填报单位）" in errors["外事办报表.xlsx"]
    # a Word file is named, the lock file is not
    assert problems_of(c, "科技局报表打印版.docx") == [
        "科技局报表打印版.docx：不是 Excel 报表，未汇总——如是某单位报回的报表，请让其报送 .xlsx 格式"]
    assert not [p for p in c.problems if p.location.file.startswith("~$")]


def test_every_warning_names_file_and_cell(quarter):
    c, names, keys = quarter["c"], quarter["names"], quarter["keys"]

    def only(file: str) -> list[str]:
        return problems_of(c, file)

    for unit in ("市委军民融合办", "市农业农村局", "市市场监管局", "市统计局", "市招商引资服务中心", "工业园区管委会"):
        assert only(names[unit]) == [], unit
    assert only("科技局报回的表（最终版）.xlsx") == []
    # the duplicate: both files named, the later one used
    for file, verdict in ((quarter["first"], "采用 市发改委（更正版）.xlsx，本文件未汇总"),
                          (quarter["second"], "采用本文件")):
        [message] = only(file)
        assert "同一单位报来 2 份报表" in message and "（2021年1月3日）" in message and "（2021年1月5日）" in message
        assert verdict in message
    # 填报日期 empty: the file's time, said so
    assert only(names["市教育局"]) == [f"{names['市教育局']} 季度报表!C3（填报日期）：填报日期未填写，按文件修改时间"
                                      "（2021年1月4日）计——请该单位补填填报日期"]
    # late
    assert only(names["市审计局"]) == [f"{names['市审计局']} 季度报表!C3（填报日期）：逾期报送：填报日期2021年1月8日"
                                      "晚于截止日期2021年1月5日"]
    # status variants: normalised and reported, one message per typed value naming its cells; nonsense refused
    # (the shipped table's forms have no 完成时限 column: 本季度进展情况 is column F, 完成情况 G)
    messages = only(names["市工信局"])
    typed = {"已完成": "完成", "按序时推进": "正常推进", "进度滞后": "进度　滞后", "尚未启动": "未启动"}
    rows = keys["gongxin"]
    nonsense = rows[keys["nonsense"]]
    assert (f"{names['市工信局']} 季度报表!G{nonsense}（完成情况）：完成情况“差不多完成了”不是可选值，按未填汇总"
            "——只能填写：已完成、按序时推进、进度滞后、尚未启动") in messages
    for status, variant in typed.items():
        cells = [f"G{r}" for k, r in rows.items() if plan(k) == status and r != nonsense]
        [message] = [m for m in messages if f"“{variant}”" in m]
        listed = "、".join(cells[:10]) + ("等" if len(cells) > 10 else "")
        assert message == (f"{names['市工信局']} 季度报表!{cells[0]}（完成情况）：完成情况“{variant}”不是可选值，"
                           f"已按“{status}”汇总（共{len(cells)}处：{listed}）——请从下拉列表中选择：已完成、按序时推进、进度滞后、尚未启动")
    assert len(messages) == 5
    # edited task text: the row is matched, the edit shown, its column named as the form heads it
    key, original, edited = quarter["edited"]
    [message] = only(names["市财政局"])
    assert f"季度报表!C{keys['caizheng'][key]}（市级落实措施）：任务内容被改动" in message
    assert "现为“" in message and "（已调整为2023年完成）" in message and "已按原任务汇总" in message
    # progress empty
    empty_row = keys["renshe"][keys["empty"]]
    assert only(names["市人社局"]) == [f"{names['市人社局']} 季度报表!F{empty_row}（本季度进展情况）："
                                      "本季度进展情况未填写——请该单位补充"]
    # a form of an older table: said, the unmatched task named, the missing one listed
    messages = only(names["市政府国资委"])
    assert len(messages) == 3
    assert "报表是按旧版任务分解表生成的" in messages[0]
    assert "在当前任务分解表中找不到，未汇总" in messages[1] and "季度报表!C5（市级落实措施）" in messages[1]
    assert "报表缺少 1 项任务" in messages[2] and quarter["changed"].clause.label in messages[2]
    # no identity: recognised by its header, said so
    [message] = only("金融办报表（复制）.xlsx")
    assert "季度报表!C2（填报单位）：报表中没有身份信息" in message
    assert "已按表头认作市政府金融办2020年第四季度的报表" in message


def test_nothing_in_the_folder_is_modified(quarter):
    after = {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
             for p in quarter["inbox"].iterdir()}
    assert after == quarter["before"]


# -- the 汇总表 ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def summary(quarter):
    path = quarter["result"].written[0]
    assert path == quarter["base"] / "output" / "汇总" / QUARTER / f"汇总表_{QUARTER}.xlsx"
    return load_workbook(path)


def body(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows(min_row=3) if row[0].value is not None]


def test_summary_rows_side_by_side(summary, quarter, shipped_table):
    assert summary.sheetnames == ["汇总", "报送情况", "滞后任务", "统计"]
    ws = summary["汇总"]
    assert [c.value for c in ws[2]] == ["序号", "条款", "市级落实措施", "牵头单位", "完成情况", "牵头单位进展情况",
                                        "存在问题", "下步打算", "配合单位", "配合单位落实情况"]
    rows = body(ws)
    c = quarter["c"]
    assert [r[2] for r in rows] == [t.measure.display for t in c.tasks]
    assert [r[4] for r in rows] == [t.status for t in c.tasks]
    by_measure = {r[2]: r for r in rows}
    alone = next(t for t in c.tasks if t.lead == ("市科技局",) and plan(t.key) == BEHIND)
    row = by_measure[alone.measure.display]
    assert row[3] == "市科技局" and row[4] == BEHIND
    assert row[5] == progress_text("市科技局", alone.key) and row[6] == f"{alone.key}项资金未到位"
    coop = next(t for t in c.tasks if "市税务局" in t.cooperating)  # a missing cooperating unit
    text = by_measure[coop.measure.display][9]
    assert "【市税务局】未报送" in text
    for unit in coop.cooperating:
        if unit not in MISSING_UNITS:
            assert f"【{unit}】（" in text and progress_text(unit, coop.key) in text
    # the task text is the table's, not the edited one
    key, original, edited = quarter["edited"]
    assert original in by_measure and edited not in by_measure


def test_submission_and_behind_sheets(summary, quarter):
    rows = body(summary["报送情况"])
    assert [(r[1], r[2]) for r in rows] == [(s.unit.name, s.state.value) for s in quarter["c"].submissions]
    by_unit = {r[1]: r for r in rows}
    assert by_unit["市审计局"][2:5] == ["逾期", "2021年1月8日", "2021年1月5日"]
    assert by_unit["市税务局"][2] == "未报" and not by_unit["市税务局"][3]
    assert by_unit["市教育局"][9] == "填报日期未填，按文件修改时间"
    assert "应报18个，已报15个，其中逾期1个，未报3个" in summary["报送情况"]["A1"].value
    behind = body(summary["滞后任务"])
    assert {(r[2], r[4]) for r in behind} == {(t.measure.display, r.unit) for t, r in quarter["c"].behind_reports()}
    assert all(r[7] for r in behind)  # every delay comes with its 存在问题


def test_frozen_headers_filters_and_print_setup(summary):
    for ws in summary.worksheets:
        assert ws.freeze_panes == "A3", ws.title
        assert ws.print_title_rows == "$2:$2", ws.title
        assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    for name in ("汇总", "报送情况", "滞后任务"):
        assert summary[name].auto_filter.ref.startswith("A2:"), name


def test_native_chart_of_statuses_per_unit(summary, quarter):
    ws = summary["统计"]
    header = [c.value for c in ws[2]]
    assert header[:9] == ["单位", "报送情况", "任务数", *VOCAB, "未填", "未报"]
    rows = {r[0]: r for r in body(ws) if r[0]}
    assert rows["市发改委"][3] == rows["市发改委"][2]  # every task 已完成
    assert rows["市税务局"][8] == rows["市税务局"][2]  # every task 未报
    [chart] = ws._charts
    assert chart.tagname == "barChart" and chart.grouping == "stacked" and chart.type == "bar"
    series = [s.tx.strRef.f.replace("$", "") for s in chart.series]
    assert series == [f"'统计'!{col}2" for col in "DEFGHI"]  # the four statuses, 未填 and 未报
    assert [s.val.numRef.f.replace("$", "") for s in chart.series] == [f"'统计'!{col}3:{col}20" for col in "DEFGHI"]
    assert chart.series[0].cat.strRef.f.replace("$", "") == "'统计'!A3:A20"  # the 18 units
    with zipfile.ZipFile(quarter["result"].written[0]) as z:
        xml = z.read("xl/charts/chart1.xml").decode()
    assert len(re.findall(r"<(?:c:)?ser>", xml)) == 6 and re.search(r'<(?:c:)?grouping val="stacked"/>', xml)
    assert len(re.findall(r"<(?:c:)?cat><(?:c:)?strRef>", xml)) == 6  # unit names as text categories


def test_colours_of_task_statuses_and_of_submissions(summary, quarter):
    """A task 未报 is grey, a unit 未报 red: the two share their word but not their colour."""
    tasks = summary["汇总"]
    fills = {row[4].value: row[4].fill.fgColor.rgb[-6:] for row in tasks.iter_rows(min_row=3) if row[4].value}
    assert fills[BEHIND] == "ED7D31" and fills.get("未报", "D9D9D9") == "D9D9D9"
    units = summary["报送情况"]
    states = {row[2].value: row[2].fill.fgColor.rgb[-6:] for row in units.iter_rows(min_row=3) if row[2].value}
    assert states["未报"] == "FF7C80" and states["逾期"] == "FFC000"
    [chart] = summary["统计"]._charts
    assert chart.series[-1].graphicalProperties.solidFill.srgbClr == "D9D9D9"  # the 未报 bars (were red)


# -- the 情况通报 and the reminders ---------------------------------------------------------------

def text_of(path: Path) -> str:
    return "".join(p.text for p in Document(path).paragraphs)


def test_bulletin_figures_and_tasks_behind(quarter):
    path = quarter["result"].written[1]
    assert path.name == f"情况通报_{QUARTER}.docx"
    text = text_of(path)
    c = quarter["c"]
    counts = c.task_counts()
    assert "嘉峪关市人民政府办公室文件" in text and "嘉政办发〔2021〕　号" in text
    assert f"关于{QUARTER}《" in text and "落实情况的通报" in text
    assert "应报送单位18个，截至2021年1月10日，已报送15个（其中逾期报送1个：市审计局）" in text
    assert "未报送3个：市税务局、人行嘉峪关中心支行、嘉峪关银保监分局" in text
    assert (f"纳入本次统计的任务共{len(c.tasks)}项，其中已完成{counts['已完成']}项，"
            f"按序时推进{counts['按序时推进']}项，进度滞后{counts['进度滞后']}项，"
            f"尚未启动{counts['尚未启动']}项") in text
    assert counts["进度滞后"] == len(c.behind()) > 0
    for t in c.behind():
        lead = "、".join(t.lead)
        assert f"{t.clause.label}第{t.measure.number}项：{t.measure.text.rstrip('。')}（牵头单位：{lead}）" in text
    alone = next(t for t in c.behind() if t.lead == ("市科技局",))
    assert text.count(f"存在问题：{alone.key}项资金未到位。") == 1
    assert text.endswith("2021年1月10日")
    # §7.4: the 版记 alone on a last, even page: 抄送 as in the notice, 印发 on the bulletin's date
    doc = Document(path)
    record = doc.sections[-1]
    assert len(doc.sections) == 2 and record._sectPr.find(qn("w:type")).get(qn("w:val")) == "evenPage"
    lines = [c.text for row in doc.tables[-1].rows for c in row.cells]
    # §7.3.2: the 主送 (all 18 units) would push the body off page 1, so it heads the 版记
    assert lines == ["主送：" + "、".join(s.unit.name for s in c.submissions) + "。",
                     "抄送：市委办公室，市人大常委会办公室，市政协办公室。",
                     "嘉峪关市人民政府办公室\t2021年1月10日印发"]
    assert not any(p.text.startswith("市委军民融合办、") for p in doc.paragraphs)  # not on page 1 as well


def test_one_reminder_per_missing_unit(quarter, shipped_table):
    reminders = [p for p in quarter["result"].written if p.parent.name == "催报"]
    assert [p.name for p in reminders] == ["16_市税务局.docx", "17_人行嘉峪关中心支行.docx", "18_嘉峪关银保监分局.docx"]
    text = text_of(reminders[0])
    assert f"{shipped_table.unit('市税务局').addressee}：" in text
    assert f"关于催报{QUARTER}落实情况报表的通知" in text and "截至2021年1月10日，你单位尚未报送" in text
    assert "应于2021年1月5日前报送" in text


def test_one_reminder_listing_every_missing_unit_and_stale_ones_removed(quarter, tmp_path):
    output = tmp_path / "output"
    folder = output / "汇总" / QUARTER
    each = api.collect(quarter["inbox"], SHIPPED, output=output, quarter="2020Q4", date=DAY)  # one per unit
    (folder / "催报" / "05_市工信局.docx").write_bytes(b"old")  # not written by collect: never removed
    result = api.collect(quarter["inbox"], SHIPPED, output=output, quarter="2020Q4", date=DAY, reminders="one")
    assert [p.relative_to(folder).as_posix() for p in result.written] == [
        f"汇总表_{QUARTER}.xlsx", f"情况通报_{QUARTER}.docx", f"催报通知_{QUARTER}.docx"]
    text = text_of(result.written[-1])
    assert "国家税务总局嘉峪关市税务局、" in text and "你们尚未报送" in text
    assert sorted(result.removed) == sorted(p for p in each.written if p.parent.name == "催报")
    assert [p.name for p in (folder / "催报").iterdir()] == ["05_市工信局.docx"]


# -- the command line --------------------------------------------------------------------------

def test_cli_prints_counts_problems_and_files(quarter, tmp_path):
    result = CliRunner().invoke(cli, ["collect", "--source", str(SHIPPED), str(quarter["inbox"]), "--quarter", QUARTER,
                                      "--output", str(tmp_path), "--date", "2021-01-10"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "应报 18 个单位，已报 15 个（其中逾期 1 个），未报 3 个。" in out
    assert "逾期：市审计局（2021年1月8日）" in out and "未报：市税务局、人行嘉峪关中心支行、嘉峪关银保监分局" in out
    assert "未汇总的文件（9 个）：" in out and "加密报表.xlsx：文件设置了打开密码" in out
    assert "季度报表!C3（填报日期）：逾期报送" in out
    assert "已生成 5 个文件" in out and f"汇总表_{QUARTER}.xlsx" in out


def test_cli_missing_folder_exits_1(tmp_path):
    result = CliRunner().invoke(cli, ["collect", "--source", str(SHIPPED), str(tmp_path / "没有的文件夹"),
                                      "--output", str(tmp_path)])
    assert result.exit_code == 1 and "找不到报表文件夹" in result.output and "Traceback" not in result.output


def test_default_quarter_is_the_one_the_forms_name(quarter, tmp_path):
    result = api.collect(quarter["inbox"], SHIPPED, output=tmp_path, date=DAY)
    assert result.collection.quarter.key == "2020Q4"


@pytest.mark.parametrize("typed, meant", [
    ("已完成", "已完成"), (" 完成 ", "已完成"), ("滞后", "进度滞后"), ("未启动", "尚未启动"),
    ("正常推进", "按序时推进"), ("按时序推进", "按序时推进"), ("按序时推进。", "按序时推进"),
    ("ｄｏｎｅ", None), ("差不多", None),
])
def test_status_variants(typed, meant):
    assert normalise_status(typed, VOCAB) == meant


def test_collect_runs_without_openpyxl():
    """The returned forms come as plain data: merging them loads neither openpyxl nor returns."""
    probe = "\n".join([
        "import sys",
        "import generator.reporting.collect",
        "print([m for m in sys.modules if m.startswith('openpyxl') or m == 'generator.reporting.returns'])",
    ])
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert run.stdout.strip() == "[]"


def test_a_variant_outside_the_vocabulary_is_not_accepted():
    assert normalise_status("完成", ("完成情况良好", "滞后")) is None


# -- as LibreOffice shows them ----------------------------------------------------------------


@pytest.mark.render
def test_libreoffice_draws_the_chart(quarter, tmp_path):
    pdfplumber = pytest.importorskip("pdfplumber")
    from generator import pdf

    copies = [shutil.copyfile(p, tmp_path / p.name) for p in quarter["result"].written[:2]]
    converted = pdf.convert(copies).written
    with pdfplumber.open(converted[0]) as doc:
        pages = [(page, (page.extract_text() or "").replace(" ", "").replace("\n", "")) for page in doc.pages]
        chart_page, text = next((p, t) for p, t in pages if "各单位任务完成情况（按本单位报告）" in t)
        assert "市委军民融合办" in text and "按序时推进" in text  # axis labels and legend
        bars = [r for r in chart_page.rects if r["width"] > 2 and 2 < r["height"] < 30 and r["non_stroking_color"]]
        assert len(bars) >= 18  # at least one coloured bar per unit
        assert any("汇总表" in t for _, t in pages)
    with pdfplumber.open(converted[1]) as doc:
        text = "".join((page.extract_text() or "") for page in doc.pages).replace(" ", "").replace("\n", "")
    assert "应报送单位18个" in text and "落实情况的通报" in text


def test_hostile_text_from_a_unit_stays_text(tmp_path):
    data = sheets()
    cell(data, "报送", "D4", "进度滞后")
    source = write(tmp_path / "表.xlsx", data)
    forms = forms_by_unit(api.reports(source, tmp_path / "issued", quarter="2024Q1").written)
    inbox = tmp_path / "收到"
    inbox.mkdir()
    wb = load_workbook(forms["市科技局"])
    ws = wb[R.FORM_SHEET]
    col = columns_of(ws)
    ws[head_value_cell(ws, "填报日期")] = "2024年4月1日"
    typed = ws.cell(R.FIRST_TASK_ROW, col["progress"])
    typed.value = "=HYPERLINK(\"http://x\",\"点此\")"
    typed.data_type = "s"  # typed as text ('= in Excel), not a formula
    ws.cell(R.FIRST_TASK_ROW, col["status"]).value = "进度滞后"
    ws.cell(R.FIRST_TASK_ROW, col["problems"]).value = "<w:p>&资金</w:p>"
    wb.save(inbox / "科技局.xlsx")
    result = api.collect(inbox, source, tmp_path / "out", quarter="2024Q1", date=dt.date(2024, 4, 8))
    summary = load_workbook(result.written[0])["汇总"]
    progress = summary.cell(3, 6)
    assert progress.value == "=HYPERLINK(\"http://x\",\"点此\")" and progress.data_type == "s"
    assert "存在问题：<w:p>&资金</w:p>。" in text_of(result.written[1])


def test_forms_in_subfolders_are_collected_and_named_by_their_path(tmp_path):
    """A clerk who files each unit's mail in a folder of its own still gets every form counted;
    hidden folders and lock files stay out."""
    forms = forms_by_unit(api.reports(SHIPPED, output=tmp_path / "issued", quarter="2020Q4").written)
    inbox = tmp_path / "收到的报表"
    (inbox / "市科技局" / "附件").mkdir(parents=True)
    (inbox / ".同步").mkdir()
    fill(forms["市科技局"], inbox / "市科技局" / "附件" / "报表.xlsx", "市科技局")
    fill(forms["市财政局"], inbox / "市财政局报表.xlsx", "市财政局")
    fill(forms["市统计局"], inbox / ".同步" / "市统计局报表.xlsx", "市统计局")
    (inbox / "市科技局" / "~$报表.xlsx").write_bytes(b"\0" * 165)
    (inbox / "市科技局" / "说明.txt").write_text("附报表一份", encoding="utf-8")

    c = api.collect(inbox, SHIPPED, output=tmp_path / "output", quarter="2020Q4", date=DAY).collection
    reported = {s.unit.name for s in c.reported}
    assert reported == {"市科技局", "市财政局"}  # not the hidden folder's 市统计局
    assert [p.location.file for p in c.problems if "不是 Excel 报表" in p.message] == ["市科技局/说明.txt"]
    assert {s.unit.name: s.file for s in c.reported}["市科技局"] == "市科技局/附件/报表.xlsx"


def test_answers_stay_with_their_task_when_a_unit_deletes_or_copies_rows(tmp_path):
    """A unit that lifts the protection and deletes a row: every later answer was summarised under
    the wrong task (the row map trusted blindly, issue 13). Each row's own text now says which task
    it answers; the deleted task is reported missing, a copied row is reported and counted once."""
    from .helpers import sheets, write

    source = write(tmp_path / "t.xlsx", sheets())
    forms = forms_by_unit(api.reports(source, output=tmp_path / "issued", quarter="2024Q1").written)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    form = fill(forms["市科技局"], inbox / forms["市科技局"].name, "市科技局", date="2024年4月1日")
    keys = row_keys(form)  # key -> row, as issued
    first, second = sorted(keys, key=keys.get)[:2]
    wb = load_workbook(form)
    ws = wb[R.FORM_SHEET]
    ws.delete_rows(keys[first])  # the first task's row gone: the second's answers move up a row
    wb.save(form)
    result = api.collect(inbox, source, output=tmp_path / "out", quarter="2024Q1", date=dt.date(2024, 4, 2))
    task = next(t for t in result.collection.tasks if t.key == second)
    report = task.report_of("市科技局")
    assert report is not None and report.progress == progress_text("市科技局", second)
    deleted = next(t for t in result.collection.tasks if t.key == first)
    assert deleted.report_of("市科技局") is None
    messages = [p.message for p in result.collection.problems]
    assert any("报表缺少 1 项任务" in m for m in messages), messages
    assert not any("任务内容被改动" in m for m in messages), messages


def test_a_form_whose_visible_unit_is_another_than_its_identity_is_reported(tmp_path):
    from .helpers import sheets, write

    source = write(tmp_path / "t.xlsx", sheets())
    forms = forms_by_unit(api.reports(source, output=tmp_path / "issued", quarter="2024Q1").written)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    form = fill(forms["市科技局"], inbox / forms["市科技局"].name, "市科技局", date="2024年4月1日")
    wb = load_workbook(form)
    ws = wb[R.FORM_SHEET]
    ws[head_value_cell(ws, "填报单位")] = "测试市财政局"
    wb.save(form)
    result = api.collect(inbox, source, output=tmp_path / "out", quarter="2024Q1", date=dt.date(2024, 4, 2))
    shown = [str(p) for p in result.collection.problems if "表头的填报单位" in p.message]
    assert len(shown) == 1 and "“测试市财政局”" in shown[0] and "市科技局" in shown[0], shown


def two_leads(tmp_path: Path) -> tuple[Path, dict[str, Path], Path]:
    """The small test table with 1.培育企业。 led by two units (市科技局、市财政局), its 2024Q1 forms
    sent, and an empty inbox: (source, each unit's form, inbox)."""
    data = sheets()
    data["任务分解"][2][4] = "市科技局、市财政局"
    source = write(tmp_path / "t.xlsx", data)
    forms = forms_by_unit(api.reports(source, output=tmp_path / "issued", quarter="2024Q1").written)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    return source, forms, inbox


def test_two_lead_units_reporting_different_statuses_are_listed_as_a_conflict(tmp_path):
    source, forms, inbox = two_leads(tmp_path)
    for unit, status in (("市科技局", "已完成"), ("市财政局", "按序时推进")):
        fill(forms[unit], inbox / forms[unit].name, unit, date="2024年4月1日",
             statuses=dict.fromkeys(row_keys(forms[unit]), status))
    result = api.collect(inbox, source, output=tmp_path / "out", quarter="2024Q1", date=dt.date(2024, 4, 2))
    conflicts = [str(p) for p in result.collection.problems if "完成情况不同" in p.message]
    assert conflicts == ["汇总表：任务“1.培育企业。”的各牵头单位报告的完成情况不同：市科技局“已完成”、"
                         "市财政局“按序时推进”；汇总表按“按序时推进”计，各单位的报告并列在汇总表中——请与这些单位核实后统一口径"]
