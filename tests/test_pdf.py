"""PDF export: a clear message without LibreOffice, fonts mapped and reported."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from generator import api, pdf
from generator.cli.commands import cli
from generator.errors import TaskdocError

from .helpers import SHIPPED


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
    written = api.notice(SHIPPED, output=tmp_path).written
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


def test_only_odd_page_letters_go_through_odf(tmp_path):
    """The print-all letters (odd-page sections with a different first page) get the page-style fix;
    the notice (its 版记 section starts on an even page, with no different first page) does not."""
    from .helpers import write

    source = write(tmp_path / "t.xlsx")
    notice = api.notice(source, tmp_path).written[0]
    everyone = api.letters(source, tmp_path).written
    print_all = next(p for p in everyone if p.name.startswith("交办函_全部单位"))
    assert not pdf.needs_page_style_fix(notice)
    assert pdf.needs_page_style_fix(print_all)
    assert not pdf.needs_page_style_fix(next(p for p in everyone if p.parent.name == "交办函"))


def test_page_style_fix_sends_the_odd_page_copy_on_to_the_sections_own_style():
    styles = (
        b'<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        b'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"><office:automatic-styles>'
        b'<style:page-layout style:name="Mpm1"/><style:page-layout style:name="Mpm2" style:page-usage="right"/>'
        b'</office:automatic-styles><office:master-styles>'
        b'<style:master-page style:name="First" style:page-layout-name="Mpm1" style:next-style-name="Own"/>'
        b'<style:master-page style:name="Own" style:page-layout-name="Mpm1"/>'
        b'<style:master-page style:name="OddCopy" style:page-layout-name="Mpm2" style:next-style-name="First"/>'
        b'<style:master-page style:name="OddPlain" style:page-layout-name="Mpm2" style:next-style-name="Own"/>'
        b'</office:master-styles></office:document-styles>')
    fixed = pdf.fix_page_styles(styles).decode()
    assert 'style:name="OddCopy" style:page-layout-name="Mpm2" style:next-style-name="Own"' in fixed
    assert 'style:name="OddPlain" style:page-layout-name="Mpm2" style:next-style-name="Own"' in fixed
    assert 'style:name="First" style:page-layout-name="Mpm1" style:next-style-name="Own"' in fixed
