"""Untrusted files refused before openpyxl reads them, each with its reason; forms read back."""

from __future__ import annotations

import os
import shutil
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from generator.reporting import returns
from generator.reporting.returns import Refused, read_return, read_returns

DATA = Path(__file__).parent / "data" / "returns"


def refusal(path: Path) -> str:
    with pytest.raises(Refused) as err:
        read_return(path)
    return f"{err.value.message}——{err.value.fix}"


def test_an_xls_renamed_to_xlsx_is_told_apart_from_a_password(tmp_path):
    renamed = shutil.copyfile(DATA / "old-format.xls", tmp_path / "表.xlsx")
    assert "Excel 97-2003 或 WPS 格式（.xls/.et）的文件，只是扩展名为 .xlsx" in refusal(renamed)
    assert "另存为" in refusal(renamed)
    encrypted = shutil.copyfile(DATA / "password-1234.xlsx", tmp_path / "密.xlsx")
    assert "设置了打开密码" in refusal(encrypted)


def test_a_word_file_renamed_to_xlsx(tmp_path):
    path = tmp_path / "报表.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    assert "不是 Excel 工作簿（是Word 文档改了扩展名）" in refusal(path)


def test_a_small_zip_bomb_is_refused_by_its_ratio(tmp_path):
    path = tmp_path / "小炸弹.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", bytes(3 * 2**20))  # 3 MB of zeros: under the size limit
    assert path.stat().st_size < 20_000
    text = refusal(path)
    assert "压缩比超过 100 倍" in text and "压缩炸弹" in text


def test_a_dtd_in_a_worksheet_in_utf16_is_refused(tmp_path):
    path = tmp_path / "实体.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        entity = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'
        z.writestr("xl/worksheets/sheet1.xml", entity.encode("utf-16-le"))
    assert "XML 实体或文档类型声明" in refusal(path)


def test_a_workbook_that_is_not_a_form(tmp_path):
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.active["A1"] = "随便什么表"
    wb.save(tmp_path / "别的表.xlsx")
    assert "不是季度报表：没有“季度报表”工作表" in refusal(tmp_path / "别的表.xlsx")


def test_a_truncated_member_is_corrupt(tmp_path):
    source = tmp_path / "好的.xlsx"
    wb = Workbook()
    wb.active.title = "季度报表"
    wb.save(source)
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start:start + 8] = b"\xff" * 8  # damage the compressed data: the CRC no longer matches
    damaged = tmp_path / "坏的.xlsx"
    damaged.write_bytes(bytes(data))
    assert "不是有效的 .xlsx 文件（压缩包已损坏）" in refusal(damaged)


def test_the_folder_reading_skips_lock_files_and_keeps_going(tmp_path):
    (tmp_path / "~$表.xlsx").write_bytes(b"lock")
    (tmp_path / ".~lock.表.xlsx#").write_text("lock")
    (tmp_path / "坏.xlsx").write_bytes(b"not a zip")
    (tmp_path / "子文件夹").mkdir()
    result = read_returns(tmp_path)
    assert result.files == ["坏.xlsx"] and result.forms == []
    [problem] = result.problems
    assert str(problem).startswith("坏.xlsx：不是有效的 .xlsx 文件") and problem.is_error


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_links_and_named_pipes_are_reported_and_never_opened(tmp_path):
    os.mkfifo(tmp_path / "管道.xlsx")  # opening it for reading would wait for a writer for ever
    (tmp_path / "外面.xlsx").symlink_to("/etc/passwd")
    done: list = []
    reader = threading.Thread(target=lambda: done.append(read_returns(tmp_path)), daemon=True)
    reader.start()
    reader.join(timeout=30)
    assert done, "reading the folder hung on the named pipe"
    [result] = done
    assert result.forms == [] and sorted(result.files) == ["外面.xlsx", "管道.xlsx"]
    said = sorted(str(p) for p in result.problems)
    assert said[0] == ("外面.xlsx：是一个链接（快捷方式），不是报表文件本身，未读取"
                       "——请把报表文件本身（而不是链接或快捷方式）放进文件夹")
    assert said[1] == "管道.xlsx：不是普通文件（是命名管道、设备等特殊文件），未读取——这不是报表，请把它移出文件夹"
    assert all(p.is_error for p in result.problems)


@pytest.mark.skipif(sys.platform != "linux", reason="only Linux file systems keep names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_is_shown_as_gbk(tmp_path):
    """A zip made on Windows keeps GBK names; unpacked here they are bytes no UTF-8 text can print."""
    wb = Workbook()
    wb.active["A1"] = "不是报表"
    wb.save(tmp_path / "tmp.xlsx")
    os.rename(tmp_path / "tmp.xlsx", os.fsencode(tmp_path) + b"/" + "市科技局报表.xlsx".encode("gbk"))
    result = read_returns(tmp_path)
    assert result.files == ["市科技局报表.xlsx"]
    said = [str(p) for p in result.problems]
    assert said[0].startswith("市科技局报表.xlsx：文件名不是 UTF-8 编码") and "按 GBK 编码识读" in said[0]
    assert said[1].startswith("市科技局报表.xlsx：")  # the file itself is still read (and is not a form)
    "\n".join(said).encode("utf-8")  # every message can be printed and saved


@pytest.mark.skipif(sys.platform != "linux", reason="only Linux file systems keep names that are not UTF-8")
def test_a_folder_name_that_is_not_utf8_is_named_as_the_folders(tmp_path):
    folder = os.fsencode(tmp_path) + b"/" + "审计局".encode("gbk")
    os.mkdir(folder)
    Workbook().save(tmp_path / "tmp.xlsx")
    os.rename(tmp_path / "tmp.xlsx", folder + b"/a.xlsx")
    said = [str(p) for p in read_returns(tmp_path).problems]
    assert said[0].startswith("审计局/a.xlsx：所在文件夹的名称不是 UTF-8 编码")


def test_limits_are_stated_in_the_messages(tmp_path):
    path = tmp_path / "大.xlsx"
    with path.open("wb") as f:
        f.truncate(returns.MAX_FILE_BYTES + 1)
    assert "报表文件上限 20 MB" in refusal(path)


def test_forms_of_the_usual_layout_are_read_where_they_always_were():
    """Forms issued before forms followed the table's shape (and forms of a table with parts and
    clauses today) keep their cells: what units send back is read where it was written."""
    from generator.reporting import form_xlsx as R

    assert R.COL == {"serial": 1, "clause": 2, "measure": 3, "role": 4, "lead": 5, "deadline": 6, "progress": 7,
                     "status": 8, "problems": 9, "next_steps": 10, "remarks": 11}
    assert returns.FORM_CELLS.head == {"unit": "C2", "reporter": "F2", "phone": "I2", "date": "C3", "head": "F3",
                                       "deadline": "I3"}
    assert returns.form_cells(dict(R.COL)) == returns.FORM_CELLS


def test_a_form_sheet_without_its_headers_is_read_in_the_usual_layout(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "季度报表"
    ws["A1"] = "《表》落实情况报表（2024年第一季度）"
    ws["C2"] = "测试市科学技术局"
    ws["A5"], ws["C5"], ws["G5"], ws["H5"] = 1, "1.培育企业。", "推进中", "已完成"
    wb.save(tmp_path / "表头丢了.xlsx")
    form = read_return(tmp_path / "表头丢了.xlsx")
    assert form.header_unit == "测试市科学技术局" and form.header_quarter == (2024, 1)
    assert [(r.row, r.measure, r.progress, r.status) for r in form.rows] == [(5, "1.培育企业。", "推进中", "已完成")]
    assert form.cells == returns.FORM_CELLS


# -- forms of both layouts read back and collected ----------------------------------------------------


def _head_cell(ws, label: str) -> str:
    """The cell a header field is typed in, found as a person does: right of its (merged) label."""
    from tests.test_tasklists_shapes import head_value_cell

    return head_value_cell(ws, label)


def test_a_form_of_the_old_layout_is_read_and_collected_as_before(shipped_table, tmp_path):
    """A form written before forms followed the table's shape (items under a fixed 落实措施, a
    完成时限 column, issue 12) that a unit returns now: read where it was written, and collected."""
    import dataclasses
    import datetime as dt

    from openpyxl import load_workbook

    from generator import api
    from generator.documents.wording import Wording
    from generator.reporting import form_xlsx as R
    from generator.reporting import forms

    from .helpers import SHIPPED

    quarter = forms.choose_quarter(shipped_table, "2020Q4", dt.date(2021, 1, 1))
    tasks = shipped_table.tasks_of(shipped_table.unit("市科技局"))
    [new] = forms.make_forms(shipped_table, [tasks], quarter, shipped_table.name)
    old = dataclasses.replace(new, columns=forms.TASK_FIELDS)  # the layout every form had then
    inbox = tmp_path / "收到"
    inbox.mkdir()
    path = inbox / "科技局.xlsx"
    R.write_form(old, path, Wording())
    wb = load_workbook(path)
    ws = wb[R.FORM_SHEET]
    assert [c.value for c in ws[R.HEADER_ROW]] == [label for _, label in forms.COLUMNS]  # 落实措施 … 完成时限 …
    ws[returns.FORM_CELLS.head["date"]] = "2021年1月4日"
    ws[returns.FORM_CELLS.head["reporter"]] = "张明"
    for i in range(len(old.rows)):
        ws.cell(R.FIRST_TASK_ROW + i, R.COL["progress"]).value = f"第{i + 1}项已推进"
        ws.cell(R.FIRST_TASK_ROW + i, R.COL["status"]).value = "已完成"
    wb.save(path)

    form = read_return(path)
    assert form.cells.head == returns.FORM_CELLS.head and form.cells.measure_header == "落实措施"
    assert form.cells.columns == {f: returns.FORM_CELLS.columns[f] for f in form.cells.columns}
    assert set(form.cells.columns) >= {"measure", "status", "progress"}
    assert (form.reporter, form.date) == ("张明", "2021年1月4日")
    assert [(r.measure, r.original, r.progress, r.status) for r in form.rows] == [
        (t.measure.display, t.measure.display, f"第{i}项已推进", "已完成") for i, t in enumerate(tasks.tasks, 1)]
    c = api.collect(inbox, SHIPPED, output=tmp_path / "out", quarter="2020Q4", date=dt.date(2021, 1, 10)).collection
    assert [s.unit.name for s in c.reported] == ["市科技局"]
    assert not [p for p in c.problems if p.location.file == "科技局.xlsx"], [str(p) for p in c.problems]
    reports = {t.key: r for t in c.tasks for r in t.reports if r.unit == "市科技局"}
    assert [reports[t.key].status for t in tasks.tasks] == ["已完成"] * len(tasks.tasks)


# a table whose items are under 重点工作 and that sets no deadline
WORKS = [
    ["部分", "条款", "重点工作", "牵头单位", "配合单位"],
    ["一、重点任务", "（一）加强创新", "1.培育企业。", "市科技局", "市财政局"],
    ["一、重点任务", "（一）加强创新", "2.建设平台。", "市科技局", None],
    ["一、重点任务", "（二）优化环境", "1.完善政策。", "市财政局", "市科技局"],
]


def test_a_form_under_the_offices_header_without_a_deadline_is_read_and_collected(tmp_path):
    """A form of today's layout: the items' column headed as the office heads it (重点工作), no
    完成时限 column; found again without the text 落实措施, collected, and its column named in
    messages as the form heads it."""
    import datetime as dt

    from openpyxl import load_workbook

    from generator import api
    from generator.reporting import form_xlsx as R

    from .helpers import UNITS, table_sheets, write

    source = write(tmp_path / "表.xlsx", table_sheets(WORKS, UNITS))
    written = api.reports(source, tmp_path / "issued", quarter="2024Q1").written
    path = next(p for p in written if p.name.endswith("市科技局_2024年第一季度报表.xlsx"))
    wb = load_workbook(path)
    ws = wb[R.FORM_SHEET]
    header = [c.value for c in ws[R.HEADER_ROW]]
    assert header == ["序号", "条款", "重点工作", "本单位职责", "牵头单位", "本季度进展情况", "完成情况", "存在问题",
                      "下步打算", "备注"]
    col = {label: header.index(label) + 1 for label in ("重点工作", "本季度进展情况", "完成情况")}
    ws[_head_cell(ws, "填报日期")] = "2024年4月1日"
    ws[_head_cell(ws, "联系电话")] = "0937-6212345"
    first, second, third = (R.FIRST_TASK_ROW + i for i in range(3))
    assert [ws.cell(r, col["重点工作"]).value for r in (first, second, third)] == [
        "1.培育企业。", "2.建设平台。", "1.完善政策。"]
    for r, status in ((first, "已完成"), (second, "按序时推进"), (third, "已完成")):
        ws.cell(r, col["本季度进展情况"]).value = f"第{r}行进展"
        ws.cell(r, col["完成情况"]).value = status
    ws.cell(third, col["重点工作"]).value = "1.完善政策（已调整）。"  # a unit rewrites a task's text
    inbox = tmp_path / "收到"
    inbox.mkdir()
    wb.save(inbox / "科技局.xlsx")

    form = read_return(inbox / "科技局.xlsx")
    assert form.identity is not None and form.identity.unit == "市科技局"
    assert form.cells.measure_header == "重点工作" and form.cells.columns["measure"] == "C"
    assert form.cells.columns["status"] == "G" and form.cells.head["phone"] == "H2" != returns.FORM_CELLS.head["phone"]
    assert (form.phone, form.date) == ("0937-6212345", "2024年4月1日")
    assert [(r.measure, r.original, r.status) for r in form.rows] == [
        ("1.培育企业。", "1.培育企业。", "已完成"), ("2.建设平台。", "2.建设平台。", "按序时推进"),
        ("1.完善政策（已调整）。", "1.完善政策。", "已完成")]
    c = api.collect(inbox, source, output=tmp_path / "out", quarter="2024Q1", date=dt.date(2024, 4, 3)).collection
    assert [s.unit.name for s in c.reported] == ["市科技局"]
    assert {t.measure.display: [r.status for r in t.reports if r.unit == "市科技局"] for t in c.tasks} == {
        "1.培育企业。": ["已完成"], "2.建设平台。": ["按序时推进"], "1.完善政策。": ["已完成"]}
    [edited] = [str(p) for p in c.problems if "任务内容被改动" in p.message]
    assert f"季度报表!C{third}（重点工作）：任务内容被改动" in edited
