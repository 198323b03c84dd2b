"""PDF export: a clear message without LibreOffice, fonts mapped and reported."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import api, pdf
from generator.cli.commands import cli
from generator.errors import TaskdocError
from generator.workspace import Outputs, pdf_beside

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


# -- what `taskdoc pdf` converts, what it names the PDFs, and what it removes (issue 13, point 7) -----


class _FakeOffice:
    """Stands in for LibreOffice: a "PDF" holding the document's hash, so a changed document makes
    a different PDF."""

    def __init__(self, tmpdir):
        self.env = None

    def convert_many(self, paths, to, outdir, originals):
        import hashlib
        import zipfile

        outdir.mkdir(parents=True, exist_ok=True)
        made = []
        for path in paths:
            if to == "odt":  # an ODF package (pdf.py rewrites its styles), 16 pages long (its 版记 probe)
                odt = outdir / f"{path.stem}.odt"
                with zipfile.ZipFile(odt, "w") as z:
                    z.writestr("meta.xml", '<office:meta><meta:document-statistic meta:page-count="16"/></office:meta>')
                    z.writestr("content.xml", path.read_bytes())  # the document's bytes, for the PDF's hash
                    z.writestr("styles.xml", "<styles/>")
                made.append(odt)
                continue
            pdf_file = outdir / f"{path.stem}.pdf"
            content = zipfile.ZipFile(path).read("content.xml") if path.suffix == ".odt" else path.read_bytes()
            pdf_file.write_bytes(b"%PDF-fake " + hashlib.sha256(content).hexdigest().encode())
            made.append(pdf_file)
        return made


@pytest.fixture
def fake_office(monkeypatch):
    monkeypatch.setattr(pdf, "_Office", _FakeOffice)
    monkeypatch.setattr(pdf, "needs_page_style_fix", lambda _: False)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from .helpers import write

    folder = tmp_path_factory.mktemp("built")
    source = write(folder / "t.xlsx")
    api.build(source, folder / "output")
    return folder / "output"


def _copy(built, tmp_path):
    out = tmp_path / "output"
    shutil.copytree(built, out, copy_function=shutil.copy2)  # the record's times stay true
    return out


def test_the_docx_and_xlsx_of_one_form_get_two_pdf_names():
    form = Path("output/季度报表/2020年第四季度/01_市发改委_2020年第四季度报表")
    docx, xlsx = pdf_beside(form.with_suffix(".docx")), pdf_beside(form.with_suffix(".xlsx"))
    assert docx != xlsx
    assert docx.name == "01_市发改委_2020年第四季度报表.pdf"
    assert xlsx.name == "01_市发改委_2020年第四季度报表（表格）.pdf"
    assert docx.parent == xlsx.parent == form.parent  # beside the document


def test_by_default_every_document_the_build_wrote(built, tmp_path, fake_office):
    from generator.versions.uptodate import read_record

    out = _copy(built, tmp_path)
    documents = [p for p in read_record(out).files if p.suffix in (".docx", ".xlsx")]
    assert any(p.parent.name == "交办函" for p in documents) and any("季度报表" in p.parts for p in documents)
    (out / "交办函" / "我自己的草稿.docx").write_bytes((out / "单位分工矩阵.xlsx").read_bytes())  # not taskdoc's
    result = api.pdf(output=out)
    assert sorted(result.written) == sorted(pdf_beside(p) for p in documents)
    assert len(set(result.written)) == len(documents)  # no two documents share a PDF
    assert all(p.is_file() for p in result.written)
    assert not (out / "交办函" / "我自己的草稿.pdf").exists()


def test_without_a_record_every_subfolder_but_frozen_hidden_and_backup_ones(tmp_path):
    out = tmp_path / "output"
    for name in ("通知.docx", "交办函/01_甲.docx", "季度报表/2020年第四季度/01_甲_报表.xlsx",
                 "已印发/第1版/通知.docx", ".生成中-x/通知.docx", "改动过的文件备份/2026-01-01_000000/通知.docx",
                 "交办函/~$01_甲.docx", "交办函/.hidden.docx", "交办函/说明.txt"):
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(b"")
    found = [p.relative_to(out).as_posix() for p in Outputs(out).documents(pdf.CONVERTIBLE)]
    assert found == ["交办函/01_甲.docx", "季度报表/2020年第四季度/01_甲_报表.xlsx", "通知.docx"]


def test_a_file_in_an_issued_version_is_refused(tmp_path):
    frozen = tmp_path / "output" / "已印发" / "第1版" / "通知.docx"
    frozen.parent.mkdir(parents=True)
    frozen.write_bytes(b"")
    result = CliRunner().invoke(cli, ["pdf", str(frozen), "--output", str(tmp_path / "output")])
    assert result.exit_code == 1 and "已印发" in result.output and "不能写入" in result.output
    assert list(frozen.parent.iterdir()) == [frozen]


def test_pdf_holds_the_output_folders_lock_and_waits_for_a_build(built, tmp_path, fake_office):
    """A build swapping documents in while they are converted would give PDFs of a mix of two builds."""
    from generator.atomic import exclusive
    from generator.errors import TaskdocError

    out = _copy(built, tmp_path)
    waited: list[str] = []
    busy = "另一个 taskdoc 正在向这个输出文件夹写入文件，本次未做任何改动"
    with exclusive(Outputs(out).build_lock, 0), pytest.raises(TaskdocError, match=busy):  # a build is writing
        api.pdf(output=out, progress=waited.append, lock_timeout=0.3)
    assert waited == ["另一个 taskdoc 正在向这个输出文件夹写入文件，等待它完成……"]
    assert not list(out.rglob("*.pdf"))  # nothing converted while the build held the folder
    assert api.pdf(output=out).written  # the build done: converted


def test_stale_pdfs_go_only_when_taskdoc_made_them(built, tmp_path, fake_office):
    out = _copy(built, tmp_path)
    letters = sorted((out / "交办函").glob("*.docx"))
    gone, edited = letters[0], letters[1]
    own = out / "交办函" / "办公室自己的.pdf"
    own.write_bytes(b"%PDF the clerk's")
    api.pdf(output=out)
    pdf_beside(edited).write_bytes(b"%PDF edited by hand")
    gone.unlink()
    edited.unlink()
    result = api.pdf(output=out)
    assert result.removed == [pdf_beside(gone)] and not pdf_beside(gone).exists()
    assert pdf_beside(edited).read_bytes() == b"%PDF edited by hand"  # changed since: kept
    assert own.read_bytes() == b"%PDF the clerk's"


def test_a_changed_document_gets_a_new_pdf_and_a_clerks_pdf_is_kept_aside(built, tmp_path, fake_office):
    out = _copy(built, tmp_path)
    notice = next(out.glob("通知_*.docx"))
    target = pdf_beside(notice)
    target.write_bytes(b"%PDF the clerk's own")
    first = api.pdf([notice], output=out)
    assert [b.read_bytes() for _, b in first.backups] == [b"%PDF the clerk's own"]
    made = target.read_bytes()
    notice.write_bytes(next(out.glob("交办函_全部单位.docx")).read_bytes())  # the document changed
    second = api.pdf([notice], output=out)
    assert target.read_bytes() != made and not second.backups  # taskdoc's own PDF: replaced in place


@pytest.mark.render
def test_the_form_pair_converts_to_two_real_pdfs(built, tmp_path):
    out = _copy(built, tmp_path)
    form = next((out / "季度报表").rglob("01_*报表.xlsx"))
    result = api.pdf([form.with_suffix(".docx"), form], output=out)
    assert result.written == [pdf_beside(form.with_suffix(".docx")), pdf_beside(form)]
    assert len(set(result.written)) == 2  # the .xlsx's PDF does not overwrite the .docx's
    assert all(p.read_bytes().startswith(b"%PDF") for p in result.written)
    assert not list(out.rglob(".~taskdoc-*"))  # written atomically: no temporary file left


def test_the_record_footer_field_names_the_content_end_bookmark(tmp_path):
    """§7.5 by construction for Word and WPS: the 版记's footer is { IF { PAGEREF <end> } = { = { PAGE }
    - 1 } "— { PAGE } —" "" } and the bookmark sits on the content's last paragraph, in the section
    before the 版记's."""
    import zipfile

    from generator.documents import layout

    assert pdf.CONTENT_END_BOOKMARK == layout.CONTENT_END_BOOKMARK  # pdf.py cannot import documents
    notice = next(p for p in api.notice(SHIPPED, tmp_path / "out").written if p.suffix == ".docx")
    with zipfile.ZipFile(notice) as z:
        document = z.read("word/document.xml").decode()
        footers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")]
    mark = document.index(f'w:name="{layout.CONTENT_END_BOOKMARK}"')
    record = document.index("抄送")
    last_item = document.rindex("建立研发统计责任制")  # in the table's last row
    content_end = document.rindex("<w:sectPr", 0, mark)  # the attachment section's end
    assert last_item < content_end < mark < record
    between = document[content_end:mark]
    assert "<w:p>" not in between and "<w:p " not in between  # in the paragraph that ends the section
    fields = [f for f in footers if "PAGEREF" in f]
    assert len(fields) == 2  # the 版记 page's even footer, and its odd one (never used: the page is even)
    for field in fields:
        code = "".join(re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", field))
        assert code == (f" IF  PAGEREF {layout.CONTENT_END_BOOKMARK}  =  =  PAGE  - 1  \"— "
                        " PAGE  —\" \"\" ")


def _notice_pdf(tmp_path: Path, extra_paragraphs: int) -> list[str]:
    from . import shipped

    data = shipped.sheets()
    body = next(r for r in data["发文信息"] if r[0] == "正文")
    more = "各单位要加强组织领导，明确责任分工，细化工作措施，确保各项任务落到实处。" * 3
    body[1] = "\n".join([body[1]] + [more] * extra_paragraphs)
    source = shipped.save(data, tmp_path / f"t{extra_paragraphs}.xlsx")
    out = tmp_path / f"out{extra_paragraphs}"
    notice = next(p for p in api.notice(source, out).written if p.suffix == ".docx")
    made = api.pdf([notice], output=out).written[0]
    import pdfplumber

    with pdfplumber.open(made) as doc:
        return [page.extract_text() or "" for page in doc.pages]


@pytest.mark.render
def test_the_record_page_is_numbered_unless_a_blank_page_precedes_it(tmp_path):
    """§7.5, as LibreOffice lays the notice out: with the content ending on an odd page the 版记 follows
    on the even page and carries its number; one page of body text more, and the content ends on an
    even page, a blank page comes before the 版记, and neither is numbered."""
    seen = set()
    for extra in (0, 6):
        pages = _notice_pdf(tmp_path, extra)
        assert len(pages) % 2 == 0 and "印发" in pages[-1]
        blank_before = not pages[-2].strip()
        number = f"— {len(pages)} —"
        if blank_before:
            assert not re.search(r"—\s*\d+\s*—", pages[-1]), (extra, pages[-1])  # neither numbered
        else:
            assert number in pages[-1], (extra, pages[-1])
            assert not re.search(r"—\s*\d+\s*—\s*\d", pages[-1])  # no inner field's number beside it
        seen.add(blank_before)
    assert seen == {True, False}, "the two notices should end their content on pages of both parities"
