"""The command line: Chinese help with an example on every command, exit codes, no tracebacks."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from generator import __version__
from generator.cli.commands import cli

COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_chinese_help_with_an_example(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "用法：" in result.output and "示例" in result.output and f"taskdoc {name}" in result.output


def test_main_help_lists_commands_in_the_order_of_the_work_with_the_whole_quarter():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "一个季度的工作" in result.output and "命令" in result.output
    listed = result.output.split("命令：", 1)[1]
    order = [line.split()[0] for line in listed.splitlines() if line.startswith("  ") and line.split()]
    assert order == ["serve", "check", "build", "issue", "reports", "collect", "diff", "pdf", "reproduce", "notice",
                     "letters"]
    assert sorted(order) == sorted(COMMANDS)
    example = result.output.split("命令：", 1)[0]
    assert [w for w in ("check", "build", "issue", "reports", "collect", "diff") if f"taskdoc {w}" in example] == [
        "check", "build", "issue", "reports", "collect", "diff"]  # the quarter, step by step


def test_a_mistyped_date_is_told_in_chinese(tmp_path):
    result = CliRunner().invoke(cli, ["collect", str(tmp_path), "--date", "2021-02-30"])
    assert result.exit_code == 2
    assert "“2021-02-30”不是有效的日期（应写成 年-月-日，如 2021-01-08）" in result.output
    assert "does not match" not in result.output


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_usage_errors_exit_2_in_chinese():
    result = CliRunner().invoke(cli, ["check", "--no-such-option"])
    assert result.exit_code == 2
    assert "没有这个选项" in result.output
    result = CliRunner().invoke(cli, ["chek"])
    assert result.exit_code == 2 and "没有这个命令" in result.output


def test_unexpected_errors_show_no_traceback(monkeypatch):
    from generator import api

    def boom(*args, **kwargs):
        raise RuntimeError("意外")

    monkeypatch.setattr(api, "check", boom)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert "内部错误" in result.output and "Traceback" not in result.output


def test_usage_lines_and_headings_are_chinese():
    """Usage lines name 选项 and 命令, and headings end with a full-width colon."""
    result = CliRunner().invoke(cli, ["--help"], prog_name="taskdoc")
    assert result.output.startswith("用法： taskdoc [选项] 命令 [参数]...")
    assert "\n选项：\n" in result.output and "\n命令：\n" in result.output and "Options" not in result.output
    result = CliRunner().invoke(cli, ["diff", "--help"], prog_name="taskdoc")
    assert result.output.startswith("用法： taskdoc diff [选项]") and "显示本帮助并退出。" in result.output


@pytest.mark.parametrize("value, message", [
    ("x", "“x”不是版本号（应为 1、2、3 …）"),
    ("0", "版本号从 1 开始，没有第0版"),
])
def test_a_version_number_is_checked_in_chinese(value, message):
    result = CliRunner().invoke(cli, ["reproduce", value])
    assert result.exit_code == 2
    assert f"错误：'N' 的值无效：{message}" in result.output


def test_the_summary_groups_files_by_folder_and_q_and_v_say_less_and_more(tmp_path):
    """A build's 58 files: the notice, the matrix and the print-all file named, the letters' and the forms'
    folders as counts; -q only the count; -v each file and each letter as it is written."""
    from .helpers import SHIPPED

    out = tmp_path / "out"
    usual = CliRunner().invoke(cli, ["build", "--source", str(SHIPPED), "--output", str(out)])
    assert usual.exit_code == 0, usual.output
    assert "已生成 58 个文件：" in usual.output
    assert f"{out / '交办函'}{os.sep}：18 个文件（taskdoc -v 逐个列出）" in usual.output
    assert "01_市委军民融合办.docx" not in usual.output  # not one line per letter
    assert usual.output.count("生成交办函：") == 0  # a progress bar (drawn only on a terminal), not 18 lines
    quiet = CliRunner().invoke(cli, ["-q", "build", "--force", "--source", str(SHIPPED), "--output", str(out)])
    assert quiet.exit_code == 0 and quiet.output.strip().splitlines()[-1] == "已生成 58 个文件。"
    assert not [line for line in quiet.output.splitlines() if line.startswith("生成")]  # no progress
    verbose = CliRunner().invoke(cli, ["-v", "build", "--force", "--source", str(SHIPPED), "--output", str(out)])
    assert "生成交办函：市科技局" in verbose.output and str(out / "交办函" / "04_市科技局.docx") in verbose.output


@pytest.mark.parametrize("typed", ["x", "each，"])
def test_reminders_are_chosen_in_chinese(typed, tmp_path):
    result = CliRunner().invoke(cli, ["collect", str(tmp_path), "--reminders", typed])
    assert result.exit_code == 2
    assert "不是可选值：分别（每个未报单位一份催报通知）或 合并（一份通知列出全部未报单位）" in result.output
    help_text = CliRunner().invoke(cli, ["collect", "--help"]).output
    assert "--reminders 分别|合并" in help_text and "[默认：分别]" in help_text


def test_a_missing_argument_is_told_in_chinese_punctuation():
    result = CliRunner().invoke(cli, ["reproduce"])
    assert result.exit_code == 2 and "错误：缺少参数“N”。" in result.output and "'N'." not in result.output


def test_serve_help_is_chinese_too():
    result = CliRunner().invoke(cli, ["serve", "--help"], prog_name="taskdoc")
    assert result.output.startswith("用法： taskdoc serve [选项]") and "[OPTIONS]" not in result.output
