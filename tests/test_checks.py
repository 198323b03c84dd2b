"""`taskdoc check` on broken workbooks: each problem named by sheet and cell, in Chinese."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator.cli.commands import cli

from .helpers import SHIPPED, cell, inject, sheets, write


def run_check(path):
    return CliRunner().invoke(cli, ["check", "--source", str(path)])


def check_broken(tmp_path, breaks):
    """Break the valid small workbook with `breaks`, then run `taskdoc check` on it."""
    data = sheets()
    breaks(data)
    return run_check(write(tmp_path / "case.xlsx", data))


def drop_column(data, sheet, index):
    for row in data[sheet]:
        if len(row) > index:
            del row[index]


def set_rows(data, sheet, rows):
    data[sheet] = rows


# Each case: how to break the valid workbook, then what the message must contain (the cell first).
ERROR_CASES = {
    "missing table sheet": (lambda d: d.pop("任务分解"), ["缺少工作表“任务分解”"]),
    "missing notice sheet": (lambda d: d.pop("发文信息"), ["缺少工作表“发文信息”"]),
    "missing lead column": (lambda d: drop_column(d, "任务分解", 4), ["任务分解 第1行", "缺少“牵头单位”列"]),
    # without 落实措施 the innermost text column holds the items; without any there is nothing to read
    "missing every text column": (lambda d: [drop_column(d, "任务分解", 1) for _ in range(3)],
                                  ["任务分解 第1行", "缺少“落实措施”列"]),
    "data under an empty header": (lambda d: d["任务分解"][0].__setitem__(2, None),
                                   ["任务分解!C1", "这一列有内容但没有表头"]),
    "duplicate lead column": (lambda d: d["任务分解"][0].append("牵头部门"), ["任务分解!G1", "同为“牵头单位”列"]),
    "empty measure": (lambda d: cell(d, "任务分解", "D4", None), ["任务分解!D4（落实措施）", "落实措施为空"]),
    "task clause without lead": (lambda d: (cell(d, "任务分解", "E3", None), cell(d, "任务分解", "E4", None)),
                                 ["任务分解!E3（牵头单位）", "任务条款（二）没有牵头单位"]),
    "measure without lead": (lambda d: cell(d, "任务分解", "E4", None),
                             ["任务分解!E4（牵头单位）", "措施“2.建设平台。”没有牵头单位"]),
    "unknown unit": (lambda d: cell(d, "任务分解", "E5", "市财正局"),
                     ["任务分解!E5（牵头单位）", "单位“市财正局”不在“单位”表中", "是否应为“市财政局”"]),
    "unknown cooperating unit": (lambda d: cell(d, "任务分解", "F3", "市财政局、市统记局"),
                                 ["任务分解!F3（配合单位）", "市统记局", "是否应为“市统计局”"]),
    "clause twice": (lambda d: cell(d, "任务分解", "B5", "（二）优化环境"),
                     ["任务分解!B5（条款）", "序号“（二）”重复"]),
    "clause skipped": (lambda d: cell(d, "任务分解", "B5", "（四）优化环境"), ["任务分解!B5（条款）", "缺少“（三）”"]),
    "measure skipped": (lambda d: cell(d, "任务分解", "D4", "3.建设平台。"), ["任务分解!D4（落实措施）", "缺少“2.”"]),
    "measure twice": (lambda d: cell(d, "任务分解", "D4", "1.建设平台。"), ["任务分解!D4（落实措施）", "序号“1.”重复"]),
    "part skipped": (lambda d: [cell(d, "任务分解", f"A{r}", "三、重点任务") for r in (3, 4, 5)],
                     ["任务分解!A3（部分）", "缺少“二、”"]),
    "doc number brackets": (lambda d: cell(d, "发文信息", "B3", "测政办发[2024]5号"),
                            ["发文信息!B3（发文字号）", "应写成“测政办发〔2024〕5号”"]),
    "doc number 第 and zero": (lambda d: cell(d, "发文信息", "B3", "测政办发〔2024〕第005号"),
                               ["发文信息!B3", "应写成“测政办发〔2024〕5号”"]),
    "doc number short year": (lambda d: cell(d, "发文信息", "B3", "测政办发〔24〕5号"), ["发文信息!B3", "格式不规范"]),
    "date not real": (lambda d: cell(d, "发文信息", "B8", "2024年2月30日"),
                      ["发文信息!B8", "“2024年2月30日”不是有效日期"]),
    "date not a date": (lambda d: cell(d, "发文信息", "B12", "三月一日"), ["发文信息!B12", "不是有效日期"]),
    "missing title": (lambda d: d["发文信息"].pop(3), ["发文信息 A列", "缺少“标题”"]),
    "empty doc number": (lambda d: cell(d, "发文信息", "B3", None), ["发文信息!B3", "缺少“发文字号”"]),
    "duplicate key": (lambda d: d["发文信息"].append(["标题", "另一个标题"]), ["发文信息!A13", "“标题”重复出现"]),
    "formula cell": (lambda d: cell(d, "任务分解", "D4", "=1+1"), ["任务分解!D4", "以“=”开头"]),
    "bad seal": (lambda d: d["发文信息"].append(["印章", "也许"]), ["发文信息!B13", "印章“也许”无法识别"]),
    "unit sheet without name column": (lambda d: set_rows(d, "单位", [["名字"], ["市科技局"]]),
                                       ["单位!A1", "找不到“简称”列"]),
    "alias used twice": (lambda d: d["单位"].append(["市工信局", None, "市科学技术局"]),
                         ["单位!A5", "名称“市科学技术局”已用于单位“市科技局”"]),
    "bad quarter": (lambda d: cell(d, "报送", "A3", "2024年第五季度"), ["报送!A3", "季度“2024年第五季度”无法识别"]),
    "bad deadline": (lambda d: cell(d, "报送", "B3", "7月底"), ["报送!B3", "“7月底”不是有效日期"]),
    "duplicate quarter": (lambda d: cell(d, "报送", "A3", "2024Q1"), ["报送!A3", "重复"]),
}


@pytest.mark.parametrize("case", sorted(ERROR_CASES))
def test_broken_workbook_names_the_cell(tmp_path, case):
    breaks, expected = ERROR_CASES[case]
    result = check_broken(tmp_path, breaks)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    errors = result.output.split("错误（", 1)[1].split("警告（")[0]
    line = next((text for text in errors.splitlines() if all(e in text for e in expected)), None)
    assert line is not None, f"{expected} not in:\n{result.output}"
    assert "——" in line  # every message says how to fix it


def test_control_character_as_excel_stores_it(tmp_path):
    data = sheets()
    cell(data, "任务分解", "D3", "1.培育CTRL企业。")
    path = inject(write(tmp_path / "bad.xlsx", data), "CTRL", "_x0007_")
    result = run_check(path)
    assert result.exit_code == 1
    assert "任务分解!D3：含有不可见的字符 U+0007——" in result.output


def test_invisible_character_in_a_unit_name(tmp_path):
    data = sheets()
    cell(data, "任务分解", "F3", "市财政局\u200b、市统计局")
    result = run_check(write(tmp_path / "bad.xlsx", data))
    assert result.exit_code == 1
    assert "任务分解!F3：含有不可见的字符 U+200B——" in result.output
    assert "不在“单位”表中" not in result.output  # the unit is still recognised


def test_a_character_xml_cannot_hold_is_an_error_not_the_text_xFFFE(tmp_path):
    """U+FFFE came out of the documents as the literal text _xFFFE_ (issue 13)."""
    data = sheets()
    cell(data, "任务分解", "D3", "1.培育BADCHAR企业。")
    result = run_check(inject(write(tmp_path / "bad.xlsx", data), "BADCHAR", "_xFFFE_"))
    assert result.exit_code == 1
    assert "任务分解!D3：含有不可见的字符 U+FFFE——" in result.output


def test_a_direction_override_in_a_unit_name_is_an_error(tmp_path):
    """U+202E reordered a file name (…\u202excod.exe.docx); no cell may hold one."""
    data = sheets()
    cell(data, "任务分解", "E5", "市财政局\u202excod.exe")
    result = run_check(write(tmp_path / "bad.xlsx", data))
    assert result.exit_code == 1
    assert "任务分解!E5：含有不可见的字符 U+202E——" in result.output


@pytest.mark.parametrize("error", ["#REF!", "#N/A", "#VALUE!"])
def test_an_excel_error_value_is_an_error_naming_the_cell(tmp_path, error):
    """#REF! printed as text in the notice (issue 13)."""
    data = sheets()
    cell(data, "任务分解", "D4", error)
    result = run_check(write(tmp_path / "bad.xlsx", data))
    assert result.exit_code == 1
    assert f"任务分解!D4：单元格是 Excel 的错误值 {error}" in result.output


def test_windows_line_ends_are_not_control_characters(tmp_path):
    data = sheets()
    cell(data, "发文信息", "B6", "第一段。CRLF第二段。")
    path = inject(write(tmp_path / "ok.xlsx", data), "CRLF", "_x000D_\n")
    result = run_check(path)
    assert result.exit_code == 0, result.output


def test_all_problems_are_listed_at_once(tmp_path):
    data = sheets()
    cell(data, "发文信息", "B3", "测政办发[2024]5号")
    cell(data, "任务分解", "D4", None)
    cell(data, "任务分解", "E5", "市财正局")
    result = run_check(write(tmp_path / "bad.xlsx", data))
    assert result.exit_code == 1
    assert "错误（3 个）" in result.output
    for ref in ("发文信息!B3", "任务分解!D4", "任务分解!E5"):
        assert ref in result.output


WARNING_CASES = {
    # some offices never number their headings: one left unnumbered among numbered ones is a warning
    "clause without number": (lambda d: cell(d, "任务分解", "B5", "优化环境"),
                              ["任务分解!B5（条款）", "条款“优化环境”没有序号，其他条款有", "应为“（三）”"]),
    "part without number": (lambda d: [cell(d, "任务分解", f"A{r}", "重点任务") for r in (3, 4, 5)],
                            ["任务分解!A3（部分）", "部分“重点任务”没有序号，其他部分有"]),
    "half-width punctuation": (lambda d: cell(d, "任务分解", "D3", "1.培育企业,加强创新(试点)。"),
                               ["任务分解!D3", "3 处半角标点 ( ) ,", "全角标点 （ ） ，"]),
    "unit without task": (lambda d: d["单位"].append(["市审计局", "测试市审计局"]),
                          ["单位!A5", "“市审计局”在任务分解表中没有任何任务，不会收到交办函"]),
    "lead also cooperating": (lambda d: cell(d, "任务分解", "F5", "市财政局、各有关单位"),
                              ["任务分解!F5", "同时是牵头单位和配合单位"]),
    "unknown notice key": (lambda d: d["发文信息"].append(["落款单位", "x"]),
                           ["发文信息!A13", "未识别的项目“落款单位”"]),
    "mixed numbering": (lambda d: cell(d, "任务分解", "D4", "建设平台。"), ["任务分解!D4", "有的措施编了号、有的没有"]),
    "traditional characters": (lambda d: cell(d, "任务分解", "D3", "1.推進科技創新。"),
                               ["任务分解!D3", "有 2 处繁体字 進 創，如“1.推進科技創新。”", "请改为 进 创",
                                "即“1.推进科技创新。”", "不会自动转换"]),
    "traditional notice title": (lambda d: cell(d, "发文信息", "B4", "測試市發展改革委員會關於印發任務分解表的通知"),
                                 ["发文信息!B4", "繁体字 測 試 發 員 會 關 務", "请改为 测 试 发 员 会 关 务"]),
}


@pytest.mark.parametrize("case", sorted(WARNING_CASES))
def test_warnings_do_not_fail_the_check(tmp_path, case):
    breaks, expected = WARNING_CASES[case]
    result = check_broken(tmp_path, breaks)
    assert result.exit_code == 0, result.output
    assert "检查通过：0 个错误，1 个警告" in result.output
    assert any(all(e in text for e in expected) for text in result.output.splitlines()), result.output


@pytest.mark.parametrize("name, content, expected", [
    ("plain.xlsx", b"this is not a spreadsheet", "不是有效的 .xlsx 文件"),
    ("notes.md", b"# not a spreadsheet", "不支持 .md 格式"),
    ("old.xls", b"\xd0\xcf\x11\xe0", "不支持 .xls 格式"),
    ("wps.et", b"\xd0\xcf\x11\xe0", "另存为"),
    ("encrypted.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "设置了打开密码"),
])
def test_unreadable_files(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    result = run_check(path)
    assert result.exit_code == 1
    assert expected in result.output and str(path) in result.output
    assert "Traceback" not in result.output


def test_missing_file(tmp_path):
    result = run_check(tmp_path / "nowhere.xlsx")
    assert result.exit_code == 1 and "找不到文件" in result.output


def test_traditional_characters_are_reported_never_converted(tmp_path):
    """A warning names the cell; the documents get the text as the clerk typed it until it is retyped."""
    from generator.workbook.reader import read_workbook

    data = sheets()
    cell(data, "任务分解", "D3", "1.推進科技創新。")
    result = read_workbook(write(tmp_path / "t.xlsx", data))
    assert [p.location.cell for p in result.warnings] == ["D3"] and not result.errors
    assert result.table.clauses[1].measures[0].text == "推進科技創新。"


def test_shipped_workbook_is_clean():
    result = CliRunner().invoke(cli, ["check", "--source", str(SHIPPED)])
    assert result.exit_code == 0, result.output
    assert "5 个部分，20 个条款（其中任务条款 18 个），54 条编号措施，4 条目标，18 个单位" in result.output
    assert "检查通过：0 个错误，0 个警告" in result.output
    assert "市科技局            牵头 44（15）  配合 10（3）" in result.output


def test_a_broken_measure_cell_is_not_reported_again_as_a_numbering_gap(tmp_path):
    """A formula where 1. should be is one error: not also 缺少“1.” at the next measure, nor a
    mix of numbered and unnumbered measures."""
    data = sheets()
    cell(data, "任务分解", "D3", "=A1")
    result = run_check(write(tmp_path / "bad.xlsx", data))
    assert result.exit_code == 1
    assert "错误（1 个）" in result.output and "任务分解!D3" in result.output
    assert "不连续" not in result.output and "有的措施编了号" not in result.output
    cell(data, "任务分解", "D4", "3.建设平台。")  # a real gap after the broken cell is still found
    result = run_check(write(tmp_path / "bad2.xlsx", data))
    assert "任务分解!D4" in result.output and "序号“3.”不连续：缺少“2.”" in result.output


def test_a_malformed_document_number_gets_one_consistent_message(tmp_path):
    """嘉政办函(2020)第5号: the error says 〔〕; no warning also says to use full-width （）."""
    data = sheets()
    data["发文信息"].append(["交办函发文字号", "测政办函(2024)第5号"])
    result = run_check(write(tmp_path / "bad.xlsx", data))
    assert result.exit_code == 1 and "发文信息!B13（交办函发文字号）" in result.output
    assert "应写成“测政办函〔2024〕5号”" in result.output
    assert "半角标点" not in result.output and "0 个警告" in result.output
