"""The notice: structure and formatting in the .docx, and the layout as LibreOffice renders it."""

from __future__ import annotations

import re
import shutil

import pytest
from docx import Document
from docx.oxml.ns import qn

from generator import api
from generator.documents import layout

from .helpers import SHIPPED

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MM = 72 / 25.4  # PDF points per millimetre


@pytest.fixture(scope="module")
def notice_docx(tmp_path_factory):
    out = tmp_path_factory.mktemp("notice")
    result = api.notice(SHIPPED, output=out)
    assert len(result.written) == 1
    return result.written[0]


@pytest.fixture(scope="module")
def doc(notice_docx):
    return Document(notice_docx)


def test_no_leftovers_of_python_docx_template(notice_docx):
    """python-docx's default template brings a thumbnail of its blank page and bibliography
    sources; a document of ours carries neither."""
    import zipfile

    names = zipfile.ZipFile(notice_docx).namelist()
    assert "docProps/thumbnail.jpeg" not in names and not any(n.startswith("customXml/") for n in names)
    assert "word/document.xml" in names and "word/styles.xml" in names


def test_sections_portrait_landscape_portrait(doc):
    sizes = [(round(s.page_width.mm), round(s.page_height.mm)) for s in doc.sections]
    assert sizes == [(210, 297), (297, 210), (210, 297)]
    first = doc.sections[0]
    margins = (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)
    # the text area starts where the first line's box must start for its characters to stand on the
    # 版心's top edge (37 mm, see layout.BODY_DROP) and is 22 whole lines high; left and right are the 版心's
    assert [round(x.twips) for x in margins] == [layout.TOP_MARGIN - layout.BODY_DROP,
                                                 layout.PAGE_HEIGHT - layout.TOP_MARGIN + layout.BODY_DROP
                                                 - 22 * layout.LINE_PITCH, layout.LEFT_MARGIN, layout.RIGHT_MARGIN]
    grid = first._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:linePitch")) == "579"
    assert doc.sections[2]._sectPr.find(qn("w:type")).get(qn("w:val")) == "evenPage"


def test_fonts_are_written_for_east_asian_text(doc):
    body = doc.paragraphs
    texts = {p.text: p for p in body if p.text}
    mark = texts["嘉峪关市人民政府办公室文件"].runs[0]._r.rPr
    assert mark.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "方正小标宋简体"
    assert mark.find(qn("w:color")).get(qn("w:val")) == "FF0000"
    title = next(p for t, p in texts.items() if t.startswith("嘉峪关市人民政府办公室关于")).runs[0]._r.rPr
    assert title.find(qn("w:sz")).get(qn("w:val")) == "44"  # 2号 22 pt
    # digits of a title (〔2020〕61号) in 小标宋 too, not in the body's lighter Times New Roman
    for run in (mark, title):
        fonts = run.find(qn("w:rFonts"))
        assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "方正小标宋简体"
    normal = doc.styles["Normal"].element.rPr
    fonts = normal.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and fonts.get(qn("w:eastAsiaTheme")) is None
    assert normal.find(qn("w:sz")).get(qn("w:val")) == "32"  # 3号 16 pt
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f".//{W}lang").get(qn("w:eastAsia")) == "zh-CN"


def test_red_rule_under_the_document_number(doc):
    number = next(p for p in doc.paragraphs if p.text == "嘉政办发〔2020〕86号")
    bottom = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:color")) == "FF0000" and bottom.get(qn("w:val")) == "single"


def test_page_number_fields(doc):
    first = doc.sections[0]
    for footer, align in ((first.footer, "right"), (first.even_page_footer, "left")):
        p = footer.paragraphs[0]
        assert "PAGE" in "".join(t.text for t in p._p.iter(f"{W}instrText"))
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert p._p.pPr.find(qn("w:jc")).get(qn("w:val")) == align
    landscape = doc.sections[1]
    for header in (landscape.header, landscape.even_page_header):
        xml = header._element.xml
        assert 'vert="vert"' in xml and " PAGE " in xml and 'relativeFrom="page"' in xml
    assert doc.settings.odd_and_even_pages_header_footer


def test_attachment_table(doc, shipped_table):
    table = doc.tables[0]
    header = [c.text for c in table.rows[0].cells]
    # no 部分 column: each part is a row of its own across the table
    assert header == ["条款", "任务内容", "市级落实措施", "牵头单位", "配合单位"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    text = "\n".join(c.text for row in table.rows for c in row.cells)
    for m in shipped_table.numbered_measures:
        assert m.display in text
    for unit in shipped_table.named_units:
        assert unit.name in text
    trs = table._tbl.tr_lst[1:]
    parts = [tr for tr in trs if len(tr.tc_lst) == 1]
    assert ["".join(t.text or "" for t in tr.iter(f"{W}t")) for tr in parts] == [p.heading for p in shipped_table.parts]
    for tr in parts:  # across the table, 黑体, kept whole and with the row under it
        assert tr.tc_lst[0].tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == str(len(header))
        assert tr.find(f".//{W}rFonts").get(qn("w:eastAsia")) == "黑体"
        assert tr.trPr.find(qn("w:cantSplit")) is not None and tr.find(f".//{W}keepNext") is not None
    # A row per measure, in order, kept on one page (cantSplit); the clause, its 任务内容 and the
    # units merged over its measures; filler rows carry merged text taller than the measures.
    measure_rows, fillers = [], 0
    for tr in trs:
        if len(tr.tc_lst) == 1:
            continue
        text = "".join(t.text or "" for t in tr.tc_lst[2].iter(f"{W}t"))
        if tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None:
            measure_rows.append(text)
        else:
            assert not text
            fillers += 1
    # (the clauses without measures, 指导思想 and the like, have one empty row)
    expected = [[m.display for m in c.measures] or [""] for c in shipped_table.clauses]
    assert measure_rows == [text for texts in expected for text in texts]
    assert fillers > 0
    rows = table.rows[1:]
    third = [r for r in rows if r.cells[0].text.startswith("（三）")]
    assert [r.cells[2].text for r in third if r.cells[2].text] == [m.display for m in shipped_table.clauses[2].measures]
    assert {r.cells[3].text for r in third} == {"市工信局、市科技局"}
    assert {r.cells[1].text for r in third} == {shipped_table.clauses[2].content}
    clauses = [v for tr in trs for v in tr.tc_lst[0].iter(f"{W}vMerge") if v.get(qn("w:val")) == "restart"]
    assert len(clauses) == len(shipped_table.clauses)  # each clause merged over its measures


def test_record_and_properties(doc):
    texts = [p.text for t in doc.tables[1:] for row in t.rows for c in row.cells for p in c.paragraphs]
    assert "抄送：市委办公室，市人大常委会办公室，市政协办公室。" in texts
    assert "嘉峪关市人民政府办公室\t2020年9月17日印发" in texts
    cp = doc.core_properties
    assert cp.author == "嘉峪关市人民政府办公室" and cp.title.endswith("任务分解表》的通知")
    assert cp.created.year == 2020 and cp.created.month == 9


def test_signature_and_attachment_note(doc):
    texts = [p.text for p in doc.paragraphs]
    assert ("附件：嘉峪关市贯彻落实省政府《关于提升甘肃省科技创新综合实力若干措施》（甘政办发〔2020〕61号）"
            "任务分解表") in texts
    i = texts.index("嘉峪关市人民政府办公室")
    assert texts[i + 1] == "2020年9月17日" and texts[i + 2] == "（此件公开发布）"


def test_build_refuses_a_workbook_with_errors(tmp_path):
    from generator.errors import WorkbookInvalid

    from .helpers import cell, sheets, write

    data = sheets()
    cell(data, "任务分解", "E5", "市财正局")
    with pytest.raises(WorkbookInvalid) as err:
        api.build(write(tmp_path / "bad.xlsx", data), tmp_path / "out")
    assert "任务分解!E5" in err.value.describe()
    assert not (tmp_path / "out").exists()


# -- the layout as rendered ------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf(notice_docx, tmp_path_factory):
    pdfplumber = pytest.importorskip("pdfplumber")
    from generator import pdf as pdf_export

    copy = tmp_path_factory.mktemp("pdf") / notice_docx.name
    shutil.copyfile(notice_docx, copy)
    result = pdf_export.convert([copy])
    return pdfplumber.open(result.written[0])


@pytest.mark.render
def test_rendered_pages(pdf, shipped_table):
    pages = pdf.pages
    assert all(round(min(p.width, p.height) / MM) == 210 and round(max(p.width, p.height) / MM) == 297 for p in pages)
    landscape = [i for i, p in enumerate(pages) if p.width > p.height]
    assert landscape and landscape == list(range(landscape[0], landscape[-1] + 1))
    # The 版记 is alone on the last, portrait page, an even one (§7.4): its section starts on an
    # even page and the PDF keeps the blank page inserted before it, which carries no number (§7.5).
    assert pages[-1].width < pages[-1].height and "抄送" in pages[-1].extract_text()
    assert len(pages) % 2 == 0
    if not pages[-2].extract_text().strip():
        assert pages[-3].extract_text().strip()  # at most one blank page
    for i in landscape:
        assert "市级落实措施" in pages[i].extract_text()  # the header row on every page
    text = re.sub(r"\s", "", "".join(p.extract_text() for p in pages))
    # Table columns share text lines in the extraction, so each measure is found by the start
    # of its first line (shorter than a cell line), which is unique among the 54.
    for m in shipped_table.numbered_measures:
        assert re.sub(r"\s", "", m.display)[:9] in text
    leads, cooperating, contents = "", "", ""
    for i in landscape:  # the cells, read from the table's ruling page after page, column by column
        for table in pdf.pages[i].extract_tables():  # (a merged cell runs on over a page break)
            for row in table:
                if row[1] != "任务内容":  # the repeated header row
                    contents += re.sub(r"\s", "", row[1] or "")
                    leads += re.sub(r"\s", "", row[-2] or "")
                    cooperating += re.sub(r"\s", "", row[-1] or "")
    for clause in shipped_table.clauses:  # merged text runs on over page breaks, nothing clipped
        assert re.sub(r"\s", "", clause.content) in contents, clause.label
    for unit in shipped_table.named_units:
        assert unit.name in leads or unit.name in cooperating, unit.name


@pytest.mark.render
def test_rendered_rows_are_not_split_across_pages(pdf, shipped_table):
    """Every measure row fits on a page, so every measure is printed whole on one page: the text
    of the measures column, page by page, holds each measure in one piece."""
    columns = []
    for page in pdf.pages:
        if page.width < page.height:
            continue
        header = next(w for w in page.extract_words() if w["text"] == "市级落实措施")
        cell = next(c for t in page.find_tables() for c in t.rows[0].cells
                    if c and c[0] <= header["x0"] and header["x1"] <= c[2])
        column = page.crop((cell[0], header["bottom"], cell[2], page.height)).extract_text()
        columns.append(re.sub(r"\s", "", column))
    for m in shipped_table.numbered_measures:
        text = re.sub(r"\s", "", m.display)
        assert any(text in column for column in columns), f"split across pages: {m.display[:20]}"


@pytest.mark.render
def test_rendered_sizes_margins_and_rule(pdf):
    first = pdf.pages[0]
    sizes = {}
    for ch in first.chars:
        sizes.setdefault(round(ch["size"]), []).append(ch)
    assert 22 in sizes and 16 in sizes  # title 2号, body 3号
    body = [c for c in sizes[16] if c["text"] == "各"]
    assert abs(min(c["x0"] for c in body) / MM - 28) < 0.6  # 主送 line starts at the 订口 margin
    red = [r for r in first.rects + first.lines if r.get("stroking_color") or r.get("non_stroking_color")]
    widths = [round((r["x1"] - r["x0"]) / MM) for r in red]
    assert 156 in widths


@pytest.mark.render
def test_rendered_head(pdf):
    """§7.2: the red mark 35 mm below the 版心 top, centred, within 150 mm; the red rule 4 mm under
    the 发文字号, 156 mm wide; the title two lines under the rule."""
    first = pdf.pages[0]
    mark = [c for c in first.chars if round(c["size"]) == 36]
    assert "".join(c["text"] for c in mark) == "嘉峪关市人民政府办公室文件"
    assert all(c["non_stroking_color"] == (1.0, 0.0, 0.0) for c in mark)
    em_top = (mark[0]["bottom"] - 0.88 * 36) / MM  # pdfplumber's bottom is the baseline
    assert abs(em_top - (37 + 35)) < 1
    left, right = min(c["x0"] for c in mark) / MM, max(c["x1"] for c in mark) / MM
    assert right - left <= 150.5 and abs((left + right) / 2 - (28 + 78)) < 1
    number = [c for c in first.chars if round(c["size"]) == 16 and c["top"] < 130 * MM]
    rule = next(r for r in first.rects + first.lines if r.get("stroking_color") == (1.0, 0.0, 0.0))
    assert abs((rule["top"] - max(c["bottom"] for c in number)) / MM - 4) < 1
    assert round((rule["x1"] - rule["x0"]) / MM) == 156 and abs(rule["x0"] / MM - 28) < 0.5
    title = [c for c in first.chars if round(c["size"]) == 22]
    title_top = (min(c["bottom"] for c in title) - 0.88 * 22) / MM  # the first line's em box, from its baseline
    assert abs(title_top - rule["bottom"] / MM - 2 * 28.95 / MM) < 1  # two blank lines, then the title


@pytest.mark.render
def test_rendered_page_numbers(pdf):
    """§7.5 and §8: every page numbered — N —, odd pages right / even pages left on the sheet (on
    landscape pages the left edge, bottom for odd, top for even, rotated), but a blank page before
    the 版记 and then the 版记 page too."""
    numbered = pdf.pages
    if not pdf.pages[-2].extract_text().strip():
        assert not pdf.pages[-2].chars  # the blank page before the 版记 page carries no number
        assert not re.search(r"—\s*\d+\s*—", pdf.pages[-1].extract_text())  # nor does the 版记's
        numbered = pdf.pages[:-2]
    for i, page in enumerate(numbered, 1):
        if page.width < page.height:
            footer = [c for c in page.chars if c["top"] > (297 - 35) * MM]
            assert re.sub(r"\s", "", "".join(c["text"] for c in footer)) == f"—{i}—"
            digits = [c for c in footer if c["text"].isdigit()]
            centre = sum(c["x0"] for c in digits) / len(digits)
            assert (centre > page.width / 2) == (i % 2 == 1), f"page {i} number on the wrong side"
        else:
            edge = sorted((c for c in page.chars if c["x1"] < 40 * MM), key=lambda c: c["top"])
            assert "".join(c["text"] for c in edge if c["text"].isdigit()) == str(i), f"page {i}"
            digits = [c for c in edge if c["text"].isdigit()]
            assert not digits[0]["upright"]  # rotated with the sheet
            middle = sum(c["top"] for c in digits) / len(digits)
            assert (middle > page.height / 2) == (i % 2 == 1), f"page {i} number at the wrong end"


@pytest.mark.render
def test_rendered_record_sits_on_the_text_block_bottom(pdf):
    """§7.4.1: the 版记's last rule on the 版心 bottom (297 − 35 = 262 mm) of the last page."""
    last = pdf.pages[-1]
    rules = sorted(last.lines + last.rects, key=lambda r: r["top"])
    assert len(rules) == 3
    assert [round((r["x1"] - r["x0"]) / MM) for r in rules] == [156, 156, 156]
    assert abs(rules[-1]["top"] / MM - 262) < 1.0
    assert [round(r["linewidth"], 2) for r in rules] == [1.0, 0.75, 1.0]  # 0.35 / 0.25 / 0.35 mm
    text = last.extract_text()
    assert "抄送：市委办公室，市人大常委会办公室，市政协办公室。" in text.replace(" ", "")


@pytest.fixture(scope="module")
def long_body_pdf(tmp_path_factory):
    """A notice whose body runs over several pages, rendered."""
    pytest.importorskip("pdfplumber")
    import pdfplumber

    from generator import pdf as pdf_export

    from .helpers import cell, sheets, write

    folder = tmp_path_factory.mktemp("long")
    data = sheets()
    text = "各单位要切实提高政治站位强化责任担当细化工作措施确保各项任务落到实处取得实效" * 4 + "。"
    cell(data, "发文信息", "B6", "\n".join([text] * 12))
    written = api.notice(write(folder / "long.xlsx", data), folder).written
    return pdfplumber.open(pdf_export.convert(written).written[0])


def _body_lines(page):
    """The page's 16 pt text lines as (top in mm, characters), top to bottom."""
    lines: dict[float, list] = {}
    for ch in page.chars:
        if round(ch["size"]) == 16 and ch["top"] < (297 - 35) * MM:
            lines.setdefault(round(ch["top"], 0), []).append(ch)
    return [(top / MM, sorted(chars, key=lambda c: c["x0"])) for top, chars in sorted(lines.items())]


def test_22_lines_of_28_characters_fit_the_text_block_and_no_more():
    """The line pitch and the condensed character are chosen for §5.2's page of 22 lines of 28
    characters: that many fit the 版心 (156 × 225 mm), one more line or character does not."""
    assert (layout.LINES_PER_PAGE, layout.CHARS_PER_LINE) == (22, 28)
    assert layout.LINE_PITCH * layout.LINES_PER_PAGE <= layout.TEXT_HEIGHT
    assert layout.LINE_PITCH * (layout.LINES_PER_PAGE + 1) > layout.TEXT_HEIGHT
    assert layout.CHAR_WIDTH * layout.CHARS_PER_LINE <= layout.TEXT_WIDTH
    assert layout.CHAR_WIDTH * (layout.CHARS_PER_LINE + 1) > layout.TEXT_WIDTH


@pytest.mark.render
def test_full_body_page_has_22_lines_of_28_characters(long_body_pdf):
    page = long_body_pdf.pages[1]  # a continuation page filled with body text
    lines = _body_lines(page)
    assert len(lines) == layout.LINES_PER_PAGE
    # a full line: from the left edge to the right edge of the 版心
    full = [cs for _, cs in lines if abs(cs[0]["x0"] / MM - 28) < 0.5 and cs[-1]["x1"] / MM > 183]
    assert len(full) > 10 and all(len(cs) == layout.CHARS_PER_LINE for cs in full)
    indented = [cs for _, cs in lines if cs[0]["x0"] / MM > 30]
    assert indented and all(abs(cs[0]["x0"] / MM - 28 - 2 * 15.75 / MM) < 0.5
                            for cs in indented)  # paragraphs indented 2 字
    top, first = lines[0]
    em_top = top + 0.12 * 16 / MM  # pdfplumber's top is a whole em above the baseline; the em box, 0.88
    assert abs(em_top - 37) < 1  # the first line's characters stand on the 版心 top
    assert abs(min(c["x0"] for _, cs in lines for c in cs) / MM - 28) < 0.5  # left edge at 订口 28 mm
    right = max(c["x1"] for _, cs in lines for c in cs) / MM
    assert 210 - 26 - 1 < right <= 210 - 26 + 0.5  # a full line ends at the 版心 right edge


def _small_notice(tmp_path, plain=False, **cells):
    """The notice of the small test workbook with some 发文信息 rows added or changed."""
    from .helpers import sheets, write

    data = sheets()
    rows = {r[0]: r for r in data["发文信息"]}
    for key, value in cells.items():
        if key in rows:
            rows[key][1] = value
        else:
            data["发文信息"].append([key, value])
    return Document(api.notice(write(tmp_path / "t.xlsx", data), tmp_path, plain_fonts=plain).written[0])


def _runs(doc, start: str):
    p = next(p for p in doc.paragraphs if p.text.startswith(start))
    return [(r.text, r._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))) for r in p.runs]


def test_heading_fonts_by_numbering_level(tmp_path):
    body = "一、总体要求\n（一）指导思想。坚持创新驱动。\n1.加强领导。明确责任。\n（1）细化分工。"
    doc = _small_notice(tmp_path, 正文=body)
    assert _runs(doc, "一、") == [("一、总体要求", "黑体")]
    assert _runs(doc, "（一）") == [("（一）指导思想。", "楷体_GB2312"), ("坚持创新驱动。", "仿宋_GB2312")]
    assert _runs(doc, "1.") == [("1.加强领导。明确责任。", "仿宋_GB2312")]
    assert _runs(doc, "（1）") == [("（1）细化分工。", "仿宋_GB2312")]


def test_plain_fonts_switch(tmp_path):
    doc = _small_notice(tmp_path, plain=True, 正文="（一）指导思想。坚持创新驱动。")
    assert _runs(doc, "（一）") == [("（一）指导思想。", "楷体"), ("坚持创新驱动。", "仿宋")]
    assert doc.styles["Normal"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋"


def _indent(doc, text: str, side: str) -> float:
    p = [p for p in doc.paragraphs if p.text == text][-1]  # the small title's first line reads the same
    ind = p._p.pPr.find(qn("w:ind"))
    return int(ind.get(qn(f"w:{side}"), 0)) / 315  # in 字 of condensed body text


def test_signature_with_seal(tmp_path):
    doc = _small_notice(tmp_path)
    assert _indent(doc, "2024年3月1日", "right") == pytest.approx(4, abs=0.01)  # §7.3.5.1: 右空四字
    # 10 字; the date 2024年3月1日 is 7.25 字: 6 for its characters (digits are half-width) and a
    # quarter 字 at each of its 5 changes between digits and Chinese (autoSpaceDN)
    name = "测试市人民政府办公室"
    assert _indent(doc, name, "right") == pytest.approx(4 + (7.25 - 10) / 2, abs=0.01)  # centred over the date
    texts = [p.text for p in doc.paragraphs]
    i = len(texts) - 1 - texts[::-1].index(name)
    assert texts[i - 3:i] == ["", "", ""] and texts[i - 4].startswith("附件：")  # room for the seal


def test_signature_without_seal(tmp_path):
    doc = _small_notice(tmp_path, 印章="无")
    name = "测试市人民政府办公室"
    assert _indent(doc, name, "right") == pytest.approx(2, abs=0.01)  # §7.3.5.2: 右空二字
    # the date starts 2 字 right of the 署名's first character: 2 + 10 − 2 − 7.25 = 2.75 字 from the right
    assert _indent(doc, "2024年3月1日", "right") == pytest.approx(2.75, abs=0.01)
    texts = [p.text for p in doc.paragraphs]
    i = len(texts) - 1 - texts[::-1].index(name)
    assert texts[i - 1] == "" and texts[i - 2].startswith("附件：")  # one blank line under the body


def test_copy_number_secrecy_and_urgency_head_the_first_page(tmp_path):
    doc = _small_notice(tmp_path, 份号="000123", 密级="机密★1年", 紧急程度="特急")
    texts = [p.text for p in doc.paragraphs[:4]]
    assert texts == ["000123", "机密★1年", "特急", "测试市人民政府办公室文件"]
    assert _runs(doc, "机密")[0][1] == "黑体"
