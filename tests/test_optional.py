"""Workbooks without their optional parts: whatever `check` passes, `build` builds, and it says what it left out.

The 报送 sheet is optional: without it (or without a quarter in it) the build writes everything but
the quarterly forms and says how to add them; `reports` and `collect` refuse with that message. A
table in which no named unit has a task gets its notice only.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from docx import Document

from generator import api
from generator.cli.commands import cli

from .helpers import cell, sheets, write


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def drop_key(data, key: str) -> None:
    data["发文信息"] = [r for r in data["发文信息"] if r[0] != key]


def no_reporting(data) -> None:
    del data["报送"]


def only_collectives(data) -> None:
    del data["单位"]
    for row in data["任务分解"][2:]:
        row[4], row[5] = "各有关单位", None


NOTICE = "通知_测政办发〔2024〕5号.docx"
LETTERS = ("单位分工矩阵.xlsx", "交办函_全部单位.docx")  # with the letters in 交办函/
FORMS = "季度报表/"

def sheet(name: str, rows: list[list]):
    """A change that replaces a sheet's rows."""
    return lambda data: data.__setitem__(name, rows)


OPTIONAL_KEYS = ("附件", "附注", "抄送机关", "印发机关", "印发日期")
TARGET = ["一、总体要求", "（一）目标", "", "——到2025年达到70户。"]

# case -> (how the valid workbook is changed, what the build writes: notice, letters, forms)
CASES = {
    "everything": (lambda d: None, (True, True, True)),
    "no 报送 sheet": (no_reporting, (True, True, False)),
    "no 报送 and no 单位 sheet": (lambda d: (no_reporting(d), d.pop("单位")), (True, True, False)),
    "报送 without quarters": (sheet("报送", [["事项", "内容"], ["牵头协调单位", "测试市人民政府办公室"]]),
                            (True, True, False)),
    "报送 with an empty 季度 column": (sheet("报送", [["季度", "报送截止日期"]]), (True, True, False)),
    "empty 报送 sheet": (sheet("报送", []), (True, True, False)),
    "quarters without deadlines": (sheet("报送", [["季度"], ["2024年第一季度"]]), (True, True, True)),
    "no 单位 sheet": (lambda d: d.pop("单位"), (True, True, True)),
    "no 附件, 附注, 抄送, 印发": (lambda d: [drop_key(d, k) for k in OPTIONAL_KEYS], (True, True, True)),
    "no 任务内容 column": (lambda d: [r.pop(2) for r in d["任务分解"]], (True, True, True)),
    "no 配合单位 column": (lambda d: [r.pop(5) for r in d["任务分解"]], (True, True, True)),
    "only collective units": (only_collectives, (True, False, False)),
    "no units at all": (lambda d: d.__setitem__("任务分解", d["任务分解"][:2]), (True, False, False)),
    "only targets": (lambda d: d.__setitem__("任务分解", [d["任务分解"][0], TARGET]), (True, False, False)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_what_check_passes_build_builds(tmp_path, case):
    change, (notice, letters, forms) = CASES[case]
    data = sheets()
    change(data)
    path = write(tmp_path / "t.xlsx", data)
    checked = run("check", "--source", str(path))
    assert checked.exit_code == 0, checked.output
    out = tmp_path / "out"
    built = run("build", "--source", str(path), "--output", str(out))
    assert built.exit_code == 0, built.output
    assert "内部错误" not in built.output and "Traceback" not in built.output
    made = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")}
    assert (NOTICE in made) == notice
    assert all(name in made for name in LETTERS) == letters == any(m.startswith("交办函/") for m in made)
    assert any(m.startswith(FORMS) for m in made) == forms
    assert made <= {NOTICE, *LETTERS} | {m for m in made if m.startswith(("交办函/", FORMS))}
    if not forms:  # the build says why (and how to get the forms)
        assert any("不生成" in line and "季度报表" in line for line in built.output.splitlines())


def test_without_a_reporting_sheet(tmp_path):
    """check says (as a note, not a warning) that no forms will be made and how to add the sheet;
    build says it again after what it wrote; reports and collect refuse with the same message."""
    data = sheets()
    no_reporting(data)
    path = write(tmp_path / "t.xlsx", data)
    checked = run("check", "--source", str(path))
    assert checked.exit_code == 0 and "检查通过：0 个错误，0 个警告" in checked.output
    note = (f"说明：{path}：没有“报送”工作表，不生成季度报表——"
            "如需季度报表，请添加名为“报送”的工作表，在“季度”“报送截止日期”两列")
    assert note in checked.output and "2020年第四季度 | 2021年1月5日" in checked.output
    built = run("build", "--source", str(path), "--output", str(tmp_path / "out"))
    assert built.exit_code == 0 and note in built.output
    assert built.output.index("已生成 6 个文件") < built.output.index(note)
    again = run("build", "--source", str(path), "--output", str(tmp_path / "out"))
    assert "都是最新的" in again.output and note in again.output
    for command in (["reports", "--quarter", "2024Q1"], ["collect", str(tmp_path)]):
        refused = run(*command, "--source", str(path), "--output", str(tmp_path / "out"))
        assert refused.exit_code == 1, refused.output
        assert f"{path}：没有“报送”工作表" in refused.output and "请添加名为“报送”的工作表" in refused.output
        assert "内部错误" not in refused.output
    assert not (tmp_path / "out" / "季度报表").exists()


def test_letters_without_reporting_say_the_dates_follow(tmp_path):
    """No 报送 sheet: the letter's 报送要求 asks for quarterly reports and says that the dates (and
    the way) will follow: no empty brackets, no “报送至” without a unit."""
    data = sheets()
    no_reporting(data)
    written = api.letters(write(tmp_path / "t.xlsx", data), output=tmp_path / "out").written
    texts = [p.text for p in Document(written[0]).paragraphs]
    duty = next(t for t in texts if "报送要求" in t)
    assert duty == "二、报送要求。请于每季度结束后按时报送任务落实情况。具体报送时间和方式另行通知。"
    data["报送"] = [["事项", "内容"], ["牵头协调单位", "测试市人民政府办公室"], ["报送方式", "电子邮件"]]
    written = api.letters(write(tmp_path / "c.xlsx", data), output=tmp_path / "out2").written
    duty = next(p.text for p in Document(written[0]).paragraphs if "报送要求" in p.text)
    assert duty == ("二、报送要求。请于每季度结束后按时报送任务落实情况，报送至测试市人民政府办公室。"
                    "报送方式：电子邮件。具体报送时间另行通知。")


@pytest.mark.parametrize("rows, where", [
    ([["事项", "内容"], ["牵头协调单位", "测试市人民政府办公室"]], "报送!A1"),
    ([["季度", "报送截止日期", "完成情况选项"], [None, None, "已完成"]], "报送!A2"),
])
def test_a_reporting_sheet_without_quarters_is_a_warning_naming_the_cell(tmp_path, rows, where):
    data = sheets()
    data["报送"] = rows
    checked = run("check", "--source", str(write(tmp_path / "t.xlsx", data)))
    assert checked.exit_code == 0 and "0 个错误，1 个警告" in checked.output
    assert f"{where}：没有列出报送季度，不生成季度报表——如需季度报表，请在“季度”“报送截止日期”两列" in checked.output


def test_an_empty_reporting_sheet_is_a_warning(tmp_path):
    data = sheets()
    data["报送"] = []
    checked = run("check", "--source", str(write(tmp_path / "t.xlsx", data)))
    assert checked.exit_code == 0 and "报送!A1：工作表是空的，不生成季度报表" in checked.output


def test_a_bad_quarter_is_still_an_error_not_a_missing_one(tmp_path):
    data = sheets()
    cell(data, "报送", "A2", "2024年第五季度")
    cell(data, "报送", "A3", None)
    checked = run("check", "--source", str(write(tmp_path / "t.xlsx", data)))
    assert checked.exit_code == 1 and "报送!A2：季度“2024年第五季度”无法识别" in checked.output
    assert "没有列出报送季度" not in checked.output


def test_no_named_unit_with_a_task(tmp_path):
    """Only collective names: a warning names the first unit cell; the build writes the notice and
    says why nothing else; letters and reports refuse with the same message."""
    data = sheets()
    only_collectives(data)
    path = write(tmp_path / "t.xlsx", data)
    checked = run("check", "--source", str(path))
    assert checked.exit_code == 0
    message = ("任务分解!E3（牵头单位）：没有一个具体单位承担任务，"
               "不生成交办函、合订本、单位分工矩阵和季度报表（只生成通知）")
    assert message in checked.output and "请在“牵头单位”列填写承担任务的单位" in checked.output
    built = run("build", "--source", str(path), "--output", str(tmp_path / "out"))
    assert built.exit_code == 0 and "已生成 1 个文件" in built.output and message in built.output
    for command in (["letters"], ["reports"]):
        refused = run(*command, "--source", str(path), "--output", str(tmp_path / "out"))
        assert refused.exit_code == 1 and message in refused.output and "内部错误" not in refused.output


def test_a_table_without_letters_can_be_issued(tmp_path):
    """An issued version of such a table is its notice alone."""
    data = sheets()
    only_collectives(data)
    result = api.issue(write(tmp_path / "t.xlsx", data), output=tmp_path / "out", same_number=True)
    assert result.created and [p.name for p in result.written if p.suffix == ".docx"] == [NOTICE]
