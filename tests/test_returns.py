"""Untrusted files refused before openpyxl reads them, each with its reason; forms read back."""

from __future__ import annotations

import shutil
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
