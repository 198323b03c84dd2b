"""Task tables shaped the way other offices write them: each is read as written, never crashes."""

from __future__ import annotations

from click.testing import CliRunner

from generator.cli import commands

from .helpers import sheets, write

HEADER = ["部分", "条款", "任务内容", "落实措施", "牵头单位", "配合单位"]


def test_an_unnumbered_empty_clause_with_an_item_without_units_is_reported_not_a_crash(tmp_path):
    """An empty 条款 cell over an item with no lead unit ended in 内部错误（ValueError：0）."""
    data = sheets()
    data["任务分解"] = [HEADER, ["一、总体要求", None, None, "1.做好工作。", None, None]]
    result = CliRunner().invoke(commands.cli, ["check", "--source", str(write(tmp_path / "t.xlsx", data))])
    assert result.exit_code == 1, result.output
    assert "内部错误" not in result.output
    assert "任务分解!B2" in result.output and "任务分解!E2" in result.output
