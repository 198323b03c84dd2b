"""PDF export through LibreOffice, with the standard Chinese font names mapped to installed fonts.

Offices set documents in 方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体 and 宋体, which a Linux
machine rarely has. On machines with fontconfig, a private configuration maps each name to the
closest free font installed (without it, LibreOffice would fall back to a sans-serif font for
everything) and the substitutes are reported, so nobody mistakes the PDF for the final typeface.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from generator.atomic import save_atomically
from generator.errors import TaskdocError
from generator.workspace import Outputs, is_frozen, pdf_beside

CONVERTIBLE = (".docx", ".xlsx")
TIMEOUT_S = 300  # seconds a file may take to convert

# name in the document -> (free font to use, weight), in order of preference
SUBSTITUTES: dict[str, tuple[tuple[str, str], ...]] = {
    "方正小标宋简体": (("Noto Serif CJK SC", "bold"), ("AR PL UMing CN", "bold")),
    "仿宋_GB2312": (("FangSong", "regular"), ("AR PL UMing CN", "regular"), ("Noto Serif CJK SC", "regular")),
    "仿宋": (("FangSong", "regular"), ("AR PL UMing CN", "regular"), ("Noto Serif CJK SC", "regular")),
    "楷体_GB2312": (("KaiTi", "regular"), ("AR PL UKai CN", "regular")),
    "楷体": (("KaiTi", "regular"), ("AR PL UKai CN", "regular")),
    "黑体": (("SimHei", "regular"), ("Noto Sans CJK SC", "regular")),
    "宋体": (("SimSun", "regular"), ("Noto Serif CJK SC", "regular"), ("AR PL UMing CN", "regular")),
}


@dataclass
class PdfResult:
    """The PDFs written and the fonts that stood in for the ones the documents name."""

    written: list[Path] = field(default_factory=list)
    substitutes: dict[str, str] = field(default_factory=dict)
    removed: list[Path] = field(default_factory=list)  # PDFs taskdoc made whose document is gone
    backups: list[tuple[Path, Path]] = field(default_factory=list)  # (a PDF not taskdoc's, where it went)


def soffice() -> str:
    """The LibreOffice program, or a Chinese message saying how to install it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise TaskdocError(
            "没有找到 LibreOffice，无法转换为 PDF",
            fix="请先安装 LibreOffice：Debian/Ubuntu 运行 sudo apt-get install libreoffice-writer-nogui "
                "libreoffice-calc-nogui fonts-noto-cjk；Windows 从 https://zh-cn.libreoffice.org 下载安装。"
                "也可以在 WPS 或 Word 中打开文件后“另存为 PDF”",
        )
    return found


def _installed(family: str) -> bool:
    out = subprocess.run(["fc-list", family, "family"], capture_output=True, text=True, check=False).stdout
    return bool(out.strip())


_FONT_NAMES = re.compile(r'(?:w:eastAsia|w:ascii|<name val)="([^"]+)"')


def fonts_named(files: Iterable[Path]) -> set[str]:
    """Font names the files' XML asks for (East Asian and Latin run fonts, spreadsheet fonts)."""
    names: set[str] = set()
    for f in files:
        with zipfile.ZipFile(f) as z:
            for part in z.namelist():
                if part.endswith(".xml") and part.startswith(("word/", "xl/styles")):
                    names.update(_FONT_NAMES.findall(z.read(part).decode("utf-8", "replace")))
    return names


def font_config(folder: Path, names: set[str]) -> tuple[Path, dict[str, str]] | None:
    """Write a fontconfig file mapping the standard names to installed fonts; None without fontconfig.

    Returns the file and, for each of `names` that is not installed, the font standing in for it.
    """
    if not shutil.which("fc-list"):
        return None
    rules, used = [], {}
    for name, choices in SUBSTITUTES.items():
        if name not in names or _installed(name):
            continue  # the real font is there
        family, weight = next(((f, w) for f, w in choices if _installed(f)), (None, None))
        if family is None:
            continue
        used[name] = family + ("（加粗）" if weight == "bold" else "")
        rules.append(
            f'<match target="pattern"><test name="family"><string>{escape(name)}</string></test>'
            f'<edit name="family" mode="assign" binding="strong"><string>{escape(family)}</string></edit>'
            + (f'<edit name="weight" mode="assign" binding="strong"><const>{weight}</const></edit>'
               if weight == "bold" else "") + "</match>")
    path = folder / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>' + "".join(rules) + "</fontconfig>",
        encoding="utf-8")
    return path, used


# Writer leaves out of a PDF the blank pages it inserts for a section that must start on an even
# or odd page; keep them, so that the notice's 版记 stays on an even page (GB/T 9704 §7.4) and every
# letter of the print-all file starts on an odd one, as they print.
_WRITER_PDF = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'
PDF_FILTERS = {".docx": _WRITER_PDF, ".odt": _WRITER_PDF, ".xlsx": "pdf"}

# LibreOffice (7.4 at least) turns a .docx section that starts on an odd or even page and has a
# different first page into three page styles: a right- (or left-) only copy of the first-page
# style, then the first-page style, then the section's own. Its second page gets the first page's
# header and footer again: in the print-all letters, the letterhead and no page number. Such a
# file is converted to ODF first and the copy made to go on with the section's own style.
_ODD_EVEN_FIRST_PAGE = re.compile(
    r'<w:sectPr\b(?:(?!</w:sectPr>).)*?<w:type w:val="(?:odd|even)Page"/>(?:(?!</w:sectPr>).)*?'
    r'<w:titlePg(?: w:val="(?:1|true|on)")?/>', re.S)
_STYLE_NS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"


def needs_page_style_fix(docx: Path) -> bool:
    """True when the document has a section that LibreOffice would give two first pages."""
    with zipfile.ZipFile(docx) as z:
        return bool(_ODD_EVEN_FIRST_PAGE.search(z.read("word/document.xml").decode("utf-8", "replace")))


def fix_page_styles(styles_xml: bytes) -> bytes:
    """ODF styles in which a right/left-only page style that leads into a first-page style leads
    into that style's follower instead (the page after a section's first is not a first page)."""
    from lxml import etree  # python-docx's XML library

    def attr(name: str) -> str:
        return f"{{{_STYLE_NS}}}{name}"

    root = etree.fromstring(styles_xml, etree.XMLParser(resolve_entities=False, no_network=True))
    usage = {layout.get(attr("name")): layout.get(attr("page-usage")) for layout in root.iter(attr("page-layout"))}
    masters = {m.get(attr("name")): m for m in root.iter(attr("master-page"))}
    for master in masters.values():
        if usage.get(master.get(attr("page-layout-name"))) not in ("right", "left"):
            continue
        first = masters.get(master.get(attr("next-style-name")))
        if first is None:
            continue
        follower = first.get(attr("next-style-name"))
        if follower not in (None, first.get(attr("name"))):
            master.set(attr("next-style-name"), follower)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


# §5.2.1: nothing past the 版心's right edge. Word and WPS keep punctuation inside when w:overflowPunct
# is off (documents.layout: hanging_punctuation=False). LibreOffice reads the attribute the other
# way round (its DOCX import sets ParaIsHangingPunctuation to overflowPunct == 0) and lets a closing
# 、 or ， hang a whole character past the edge: the copy it converts says "on" where the document
# says "off".
_OVERFLOW_OFF = b'<w:overflowPunct w:val="0"/>'
_OVERFLOW_ON = b'<w:overflowPunct w:val="1"/>'


def for_libreoffice_punctuation(xml: bytes) -> bytes:
    """A .docx part whose "no hanging punctuation" LibreOffice reads as meant."""
    return xml.replace(_OVERFLOW_OFF, _OVERFLOW_ON)


# §7.5: the 版记's page is numbered unless a blank page precedes it. Its footer holds a field that
# Word and WPS evaluate ({ IF { PAGEREF _TaskdocContentEnd } = { = { PAGE } - 1 } "— { PAGE } —" "" },
# see documents/official.py); LibreOffice cannot evaluate a field nested in another and would print
# the inner fields' numbers side by side. So the PDF is made from a copy in which the field is
# decided by LibreOffice's own layout: a first conversion, with the 版记 starting on the next page
# (no blank page), counts the content's pages; when the content ends on an odd page the 版记 follows
# on an even one and is numbered, else a blank page comes between and neither is numbered.
CONTENT_END_BOOKMARK = "_TaskdocContentEnd"  # documents.layout.CONTENT_END_BOOKMARK (pdf sits below documents)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# A page object of the PDFs LibreOffice writes (it writes no object streams): /Type/Page, not /Pages
_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def has_record_number_field(docx: Path) -> bool:
    with zipfile.ZipFile(docx) as z:
        return CONTENT_END_BOOKMARK.encode() in z.read("word/document.xml")


def record_pages_numbered(documents: list[Path], office: _Office, folder: Path,
                          originals: list[Path] | None = None) -> list[bool]:
    """For each document (each holding the §7.5 field), whether, laid out by LibreOffice, its 版记
    follows its content with no blank page between (it is then numbered): one conversion of copies
    whose 版记 starts on the next page to PDF, counting their pages (an ODF file's page count is
    LibreOffice's estimate before layout, not the count). Messages name `originals`."""
    probes = []
    for i, docx in enumerate(documents):
        probe = folder / f"{i}.docx"
        probe.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(docx, probe)
        _decide_record_number(probe, numbered=False)
        _rewrite_zip_member(probe, "word/document.xml", _record_on_next_page)
        probes.append(probe)
    made = office.convert_many(probes, _WRITER_PDF, folder / "pdf", originals or documents)
    return [(len(_PDF_PAGE.findall(pdf.read_bytes())) - 1) % 2 == 1 for pdf in made]  # the 版记 is one page


def _record_on_next_page(document_xml: bytes) -> bytes:
    """The document with its last section (the 版记's) starting on the next page instead of an even one."""
    body = document_xml.rsplit(b"<w:sectPr", 1)
    if len(body) < 2:
        return document_xml
    return body[0] + b"<w:sectPr" + body[1].replace(b'<w:type w:val="evenPage"/>', b'<w:type w:val="nextPage"/>', 1)


def _decide_record_number(docx: Path, numbered: bool) -> None:
    """Replace the §7.5 field in the 版记's footers of `docx` by its result: “— { PAGE } —” or nothing."""
    with zipfile.ZipFile(docx) as z:
        footers = [n for n in z.namelist() if re.fullmatch(r"word/footer\d+\.xml", n)
                   and CONTENT_END_BOOKMARK.encode() in z.read(n)]
    if footers:
        decided = functools.partial(_decided_footer, numbered=numbered)
        _rewrite_zip_members(docx, dict.fromkeys(footers, decided))


def _decided_footer(footer_xml: bytes, numbered: bool) -> bytes:
    from lxml import etree

    def w(tag: str) -> str:
        return f"{{{_W}}}{tag}"

    root = etree.fromstring(footer_xml, etree.XMLParser(resolve_entities=False, no_network=True))
    for p in root.iter(w("p")):
        runs = p.findall(w("r"))
        code = "".join(t.text or "" for r in runs for t in r.iter(w("instrText")))
        if CONTENT_END_BOOKMARK not in code:
            continue
        style = runs[0].find(w("rPr"))
        for r in runs:
            p.remove(r)
        if numbered:
            dash = "\u2014"
            for kind, text in (("t", f"{dash} "), ("begin", ""), ("instr", " PAGE "), ("separate", ""),
                               ("t", "2"), ("end", ""), ("t", f" {dash}")):
                r = etree.SubElement(p, w("r"))
                if style is not None:
                    r.append(etree.fromstring(etree.tostring(style)))
                if kind == "t" or kind == "instr":
                    t = etree.SubElement(r, w("t" if kind == "t" else "instrText"))
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                    t.text = text
                else:
                    etree.SubElement(r, w("fldChar")).set(w("fldCharType"), kind)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def convert(files: Iterable[Path], progress: Callable[[str], None] = lambda _: None,
            output: Path | None = None) -> PdfResult:
    """Convert .docx/.xlsx files to PDF beside them (named by `pdf_beside`); each PDF appears whole
    or not at all, and is made again every time (a document changed since gets a new one).

    Files in an issued version's folder (已印发/…) are refused: it is frozen. With `output` (the
    output folder), the PDFs written there are listed in its PDF record; a PDF the record lists
    whose document no longer exists is removed when it is unchanged since taskdoc wrote it, and a
    PDF in the output folder that a new one replaces and the record does not vouch for (the
    clerk's own, or changed by hand) is first moved into 改动过的文件备份/<date_time>/."""
    files = [Path(f) for f in files]
    targets: dict[Path, Path] = {}
    for f in files:
        if not f.is_file():
            raise TaskdocError("找不到文件", file=str(f), fix="请检查路径")
        if f.suffix.lower() not in CONVERTIBLE:
            raise TaskdocError(f"不能转换 {f.suffix} 文件", file=str(f), fix="只能转换 .docx 和 .xlsx 文件")
        if is_frozen(f):
            raise TaskdocError("这是已印发版本中的文件，已印发的文件夹不能写入，没有转换任何文件", file=str(f),
                               fix="请转换 output/ 中本次生成的同一文书；确需转换存档文件时，"
                                   "请先把它复制到已印发文件夹以外再转换")
        target = pdf_beside(f)
        if (other := targets.get(target.absolute())) is not None and other.absolute() != f.absolute():
            raise TaskdocError(f"{other.name} 和 {f.name} 转换后的 PDF 同名，没有转换任何文件", file=str(target),
                               fix="请把其中一个文件改名后重试")
        targets[target.absolute()] = f
    files = list(dict.fromkeys(targets.values()))  # each file once
    outputs = Outputs(Path(output)) if output is not None else None
    record = _read_pdf_record(outputs) if outputs is not None else {}
    result = PdfResult()
    when = dt.datetime.now().strftime("%Y-%m-%d_%H%M%S")
    with tempfile.TemporaryDirectory(prefix="taskdoc-pdf-") as tmp:
        tmpdir = Path(tmp)
        office = _Office(tmpdir)
        config = font_config(tmpdir, fonts_named(files))
        if config is not None:
            office.env = dict(os.environ, FONTCONFIG_FILE=str(config[0]))
            result.substitutes = config[1]
        progress(f"转换 {len(files)} 个文件……")
        made = dict(zip(files, _pdfs(files, office, tmpdir)))
        for f in files:
            target = pdf_beside(f)
            relative = _inside(outputs, target)
            if outputs is not None and relative is not None and target.is_file() \
                    and not _ours(record, relative, target):  # the clerk's own PDF: kept aside
                backup = outputs.backup(when) / relative
                backup.parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, backup)
                result.backups.append((target, backup))
            save_atomically(target, functools.partial(shutil.copyfile, made[f]))
            result.written.append(target)
            if relative is not None and outputs is not None:
                record[relative] = (f.absolute().relative_to(outputs.root.absolute()).as_posix(), _hash(target))
                _write_pdf_record(outputs, record)  # after each PDF: a kill loses no entry
    if outputs is not None:
        for relative, (document, _) in sorted(record.items()):
            pdf = outputs.root / relative
            if not pdf.is_file() or not _ours(record, relative, pdf):
                del record[relative]  # gone, or changed by hand: no longer taskdoc's to remove
            elif not (outputs.root / document).exists():
                pdf.unlink()
                del record[relative]
                result.removed.append(pdf)
        if record or outputs.pdf_record.exists():
            _write_pdf_record(outputs, record)
    return result


def _pdfs(files: list[Path], office: _Office, tmpdir: Path) -> list[Path]:
    """Each file converted to PDF in a temporary folder, in a few runs of LibreOffice whatever their
    number (starting it takes most of the time): copies of the .docx with their punctuation setting
    as LibreOffice reads it and the §7.5 field of those with a 版记 decided (from a run of their
    own); those LibreOffice would give two first pages to ODF, to fix their page styles; then all
    of them, and the .xlsx, to PDF."""
    docx = [f for f in files if f.suffix.lower() == ".docx"]
    sources = {f: tmpdir / "in" / f"{i}{f.suffix.lower()}" for i, f in enumerate(files)}  # names may repeat
    for f, copy in sources.items():
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, copy)
    for f in docx:
        _rewrite_zip_members(sources[f], dict.fromkeys(("word/styles.xml", "word/document.xml"),
                                                       for_libreoffice_punctuation))
    with_record = [f for f in docx if has_record_number_field(f)]
    probed = record_pages_numbered([sources[f] for f in with_record], office, tmpdir / "probe", with_record)
    for f, numbered in zip(with_record, probed):
        _decide_record_number(sources[f], numbered)
    two_first_pages = [f for f in docx if needs_page_style_fix(f)]
    odf = office.convert_many([sources[f] for f in two_first_pages], "odt", tmpdir / "odf", two_first_pages)
    for f, odt in zip(two_first_pages, odf):
        _rewrite_zip_member(odt, "styles.xml", fix_page_styles)
        sources[f] = odt
    sheets = [f for f in files if f.suffix.lower() == ".xlsx"]
    pdfs = dict(zip(docx, office.convert_many([sources[f] for f in docx], _WRITER_PDF, tmpdir / "out" / "docx", docx)))
    pdfs.update(zip(sheets, office.convert_many([sources[f] for f in sheets], "pdf", tmpdir / "out" / "xlsx", sheets)))
    return [pdfs[f] for f in files]


def _inside(outputs: Outputs | None, path: Path) -> str | None:
    """`path` relative to the output folder, or None when it is elsewhere."""
    if outputs is None:
        return None
    try:
        return path.absolute().relative_to(outputs.root.absolute()).as_posix()
    except ValueError:
        return None


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ours(record: dict[str, tuple[str, str]], relative: str, pdf: Path) -> bool:
    """Whether the PDF record lists `pdf` and it still holds what taskdoc wrote."""
    entry = record.get(relative)
    return entry is not None and _hash(pdf) == entry[1]


def _read_pdf_record(outputs: Outputs) -> dict[str, tuple[str, str]]:
    """The PDF record: each PDF taskdoc wrote in the output folder (by its path there), with its
    document's path and the PDF's SHA-256; empty when there is none or it cannot be read."""
    try:
        data = json.loads(outputs.pdf_record.read_text(encoding="utf-8"))
        return {str(pdf): (str(doc), str(sha)) for pdf, doc, sha in data["pdfs"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _write_pdf_record(outputs: Outputs, record: dict[str, tuple[str, str]]) -> None:
    text = json.dumps({"format": 1, "pdfs": [[pdf, doc, sha] for pdf, (doc, sha) in sorted(record.items())]},
                      ensure_ascii=False, indent=1)
    save_atomically(outputs.pdf_record, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


class _Office:
    """LibreOffice run headless with a private profile (it works while LibreOffice is open)."""

    def __init__(self, tmpdir: Path) -> None:
        self.program = soffice()
        self.profile = (tmpdir / "profile").as_uri()
        self.env: dict[str, str] | None = None

    def convert_many(self, paths: list[Path], to: str, outdir: Path, originals: list[Path]) -> list[Path]:
        """Convert every file of `paths` (distinct names) with the filter `to` into `outdir` in one run;
        the converted files, in order. A file LibreOffice could not convert is named by its
        `originals` entry (the user's file)."""
        if not paths:
            return []
        try:
            subprocess.run([self.program, f"-env:UserInstallation={self.profile}", "--headless", "--convert-to",
                            to, "--outdir", str(outdir), *map(str, paths)], env=self.env, capture_output=True,
                           check=False, timeout=TIMEOUT_S * len(paths))
        except subprocess.TimeoutExpired as err:
            raise TaskdocError(f"LibreOffice 转换 {len(paths)} 个文件超过 {TIMEOUT_S * len(paths)} 秒未完成",
                               file=str(originals[0]), fix="请关闭其他 LibreOffice 窗口后重试") from err
        made = [outdir / f"{path.stem}.{to.split(':', 1)[0]}" for path in paths]
        for converted, original in zip(made, originals):
            if not converted.exists():
                raise TaskdocError("LibreOffice 未能转换该文件，没有转换任何文件", file=str(original),
                                   fix="请用 WPS、Word 或 LibreOffice 打开检查文件是否完好")
        return made


def _rewrite_zip_member(path: Path, name: str, change: Callable[[bytes], bytes]) -> None:
    """Rewrite one member of a zip package in place (see `_rewrite_zip_members`)."""
    _rewrite_zip_members(path, {name: change})


def _rewrite_zip_members(path: Path, changes: dict[str, Callable[[bytes], bytes]]) -> None:
    """Rewrite members of a zip package in place, in one pass, keeping the others and their order
    (an ODF package's uncompressed `mimetype` must stay first)."""
    with zipfile.ZipFile(path) as z:
        members = [(info, z.read(info)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w") as z:
        for info, data in members:
            change = changes.get(info.filename)
            z.writestr(info, change(data) if change else data)
