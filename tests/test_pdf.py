"""PDF export: a clear message without LibreOffice, fonts mapped and reported."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from generator import api, pdf
from generator.cli import cli
from generator.errors import TaskdocError


def test_without_libreoffice_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    doc = tmp_path / "a.docx"
    doc.write_bytes(b"")
    with pytest.raises(TaskdocError) as err:
        pdf.convert([doc])
    assert "没有找到 LibreOffice" in err.value.describe() and "apt-get install" in err.value.describe()


def test_refuses_other_files(tmp_path):
    other = tmp_path / "a.txt"
    other.write_text("x")
    result = CliRunner().invoke(cli, ["pdf", str(other)])
    assert result.exit_code == 1 and "不能转换 .txt 文件" in result.output


def test_nothing_to_convert(tmp_path):
    result = CliRunner().invoke(cli, ["pdf", "--output", str(tmp_path)])
    assert result.exit_code == 1 and "没有可转换的文件" in result.output


def test_fonts_named_in_the_notice(tmp_path):
    written = api.notice(output=tmp_path).written
    names = pdf.fonts_named(written)
    assert {"方正小标宋简体", "仿宋_GB2312", "黑体", "宋体", "Times New Roman"} <= names


@pytest.mark.skipif(shutil.which("fc-list") is None or not pdf._installed("Noto Serif CJK SC")
                    or pdf._installed("方正小标宋简体"), reason="needs fontconfig with Noto CJK and without 方正 fonts")
def test_font_config_maps_missing_names(tmp_path):
    path, used = pdf.font_config(tmp_path, {"方正小标宋简体", "仿宋_GB2312"})
    assert used["方正小标宋简体"] == "Noto Serif CJK SC（加粗）"
    assert set(used) == {"方正小标宋简体", "仿宋_GB2312"}  # only the names the files ask for
    conf = path.read_text(encoding="utf-8")
    assert "<string>方正小标宋简体</string>" in conf and "/etc/fonts/fonts.conf" in conf
