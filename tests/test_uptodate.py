"""A build with nothing changed since the last one rewrites nothing; any change rebuilds."""

from __future__ import annotations

import os
import shutil

import pytest
from click.testing import CliRunner

from generator import api, render
from generator.cli.commands import cli
from generator.documents.wording import packaged_templates
from generator.versions import uptodate

from .helpers import cell, sheets, write


def _stamps(result: api.BuildResult) -> dict:
    return {p: p.stat().st_mtime_ns for p in result.written}


def test_second_build_rewrites_nothing(tmp_path):
    source, out = write(tmp_path / "t.xlsx"), tmp_path / "out"
    first = api.build(source, out)
    assert not first.unchanged and len(first.written) > 5
    again = api.build(source, out)
    assert again.unchanged
    assert sorted(again.written) == sorted(first.written)
    assert _stamps(again) == _stamps(first)  # not one file rewritten


def test_any_input_change_rebuilds(tmp_path):
    source, out = write(tmp_path / "t.xlsx"), tmp_path / "out"
    api.build(source, out)

    data = sheets()
    cell(data, "任务分解", "D3", "1.培育科技型企业。")  # a measure reworded
    write(source, data)
    assert not api.build(source, out).unchanged

    templates = tmp_path / "templates"
    templates.mkdir()
    wording = (packaged_templates() / "letters.j2").read_text(encoding="utf-8")
    assert "现将有关事项函告如下" in wording
    (templates / "letters.j2").write_text(wording.replace("函告如下", "函告于后"), encoding="utf-8")
    assert not api.build(source, out, templates).unchanged  # the wording changed
    assert api.build(source, out, templates).unchanged
    assert not api.build(source, out, templates, plain_fonts=True).unchanged  # the fonts changed


def test_a_changed_or_missing_output_file_rebuilds(tmp_path):
    source, out = write(tmp_path / "t.xlsx"), tmp_path / "out"
    written = api.build(source, out).written
    written[0].unlink()
    rebuilt = api.build(source, out)
    assert not rebuilt.unchanged and written[0].is_file()
    with open(written[1], "ab") as f:  # edited by hand
        f.write(b"\0")
    assert not api.build(source, out).unchanged
    assert api.build(source, out).unchanged


def test_force_and_the_message(tmp_path):
    source, out = write(tmp_path / "t.xlsx"), tmp_path / "out"
    runner = CliRunner()
    args = ["build", "--source", str(source), "--output", str(out)]
    assert "已生成" in runner.invoke(cli, args).output
    same = runner.invoke(cli, args)
    assert same.exit_code == 0 and "都是最新的，未重新生成" in same.output and "--force" in same.output
    forced = runner.invoke(cli, [*args, "--force"])
    assert forced.exit_code == 0 and "已生成" in forced.output


def test_a_stopped_build_leaves_the_last_one_as_it_was(tmp_path, monkeypatch):
    """Stopped half-way (Ctrl-C in the forms), a build replaces nothing: the last build's files and
    record stay, byte for byte; the next build, its inputs changed, runs in full."""
    source, out = write(tmp_path / "t.xlsx"), tmp_path / "out"
    api.build(source, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    data = sheets()
    cell(data, "任务分解", "D3", "1.培育科技型企业。")
    write(source, data)

    def stop(*_):
        raise KeyboardInterrupt

    monkeypatch.setattr(render, "write_reports", stop)
    with pytest.raises(KeyboardInterrupt):
        api.build(source, out)
    monkeypatch.undo()
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not api.build(source, out).unchanged


def test_a_changed_module_in_any_subpackage_rebuilds(tmp_path, monkeypatch):
    """taskdoc's code is part of the key, every module of it: one edited in any subpackage makes the
    next build rebuild. The key is pointed at a copy of the package, so the real tree is not touched."""
    code = tmp_path / "generator"
    shutil.copytree(uptodate.CODE, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(uptodate, "CODE", code)
    subpackages = sorted(p.parent for p in code.glob("*/__init__.py"))
    assert {p.name for p in subpackages} >= {"cli", "documents", "docx", "reporting", "versions", "workbook"}
    source, out = write(tmp_path / "t.xlsx"), tmp_path / "out"
    api.build(source, out)
    assert api.build(source, out).unchanged
    for package in subpackages:
        module = sorted(package.glob("*.py"))[-1]
        module.write_text(module.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        assert not api.build(source, out).unchanged, f"{module.relative_to(code)} changed, nothing rebuilt"
        assert api.build(source, out).unchanged


def test_output_files_are_readable_as_usual(tmp_path):
    """Files are written through a private temporary file, but end with the usual permissions."""
    umask = os.umask(0o022)
    os.umask(umask)
    written = api.notice(write(tmp_path / "t.xlsx"), tmp_path / "out").written[0]
    assert written.stat().st_mode & 0o777 == 0o666 & ~umask
    shutil.rmtree(tmp_path / "out")


def test_a_template_imported_from_a_subfolder_counts(tmp_path):
    """Any file of the templates folder may be read by the wording, not only the top-level *.j2."""
    from docx import Document

    source, out, templates = write(tmp_path / "t.xlsx"), tmp_path / "out", tmp_path / "templates"
    (templates / "inc").mkdir(parents=True)
    wording = (packaged_templates() / "letters.j2").read_text(encoding="utf-8")
    assert "有关任务的函{% endmacro %}" in wording
    (templates / "letters.j2").write_text('{% import "inc/common.j2" as common %}' + wording.replace(
        "有关任务的函{% endmacro %}", "有关任务的{{ common.kind() }}{% endmacro %}"), encoding="utf-8")
    (templates / "inc" / "common.j2").write_text("{% macro kind() %}函{% endmacro %}", encoding="utf-8")
    api.build(source, out, templates)
    (templates / "inc" / "common.j2").write_text("{% macro kind() %}通知{% endmacro %}", encoding="utf-8")
    rebuilt = api.build(source, out, templates)
    assert not rebuilt.unchanged
    letter = next(p for p in rebuilt.written if p.parent.name == "交办函")
    assert any(p.text.endswith("有关任务的通知") for p in Document(letter).paragraphs)


def test_files_the_table_no_longer_makes_are_removed_unless_edited(tmp_path):
    """A unit taken out of the table loses its letter and form, so that nobody sends them; a file
    changed by hand since is kept and named; another quarter's forms are left alone."""
    data = sheets()
    data["任务分解"][3][4] = "市统计局"  # 市统计局 leads a task: it gets a letter and forms
    source, out = write(tmp_path / "t.xlsx", data), tmp_path / "out"
    first = api.build(source, out)
    gone = [p for p in first.written if "市统计局" in p.name]
    assert len(gone) == 3  # its letter, its .xlsx and .docx forms
    other_quarter = out / "季度报表" / "2023年第一季度" / "01_市科技局_2023年第一季度报表.xlsx"
    other_quarter.parent.mkdir(parents=True)
    other_quarter.write_bytes(b"sent last year")
    with open(gone[1], "ab") as f:  # someone edited its form
        f.write(b"\0")

    data["任务分解"][3][4] = "市科技局"
    data["任务分解"][2][5] = data["任务分解"][3][5] = "市财政局"  # 市统计局 has no task left
    data["单位"] = [row for row in data["单位"] if row[0] != "市统计局"]
    result = api.build(write(source, data), out)
    assert sorted(result.removed) == sorted([gone[0], gone[2]]) and result.kept == [gone[1]]
    assert not gone[0].exists() and gone[1].exists() and other_quarter.exists()
    output = CliRunner().invoke(cli, ["build", "--source", str(source), "--output", str(out), "--force"]).output
    assert "已删除" not in output  # nothing left over the second time


def test_a_unit_losing_its_tasks_leaves_the_other_file_names_alone(tmp_path):
    """File numbers are places on the 单位 sheet, so only that unit's files go."""
    data = sheets()
    data["任务分解"][3][4] = "市统计局"
    source, out = write(tmp_path / "t.xlsx", data), tmp_path / "out"
    before = {p.name for p in api.build(source, out).written}
    data["任务分解"][3][4] = "市科技局"
    data["任务分解"][2][5] = data["任务分解"][3][5] = "市财政局"
    after = api.build(write(source, data), out)
    assert {p.name for p in after.removed} == {n for n in before if "市统计局" in n}
    assert {p.name for p in after.written} == {n for n in before if "市统计局" not in n}
