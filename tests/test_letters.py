"""Assignment letters: every unit gets exactly its tasks, with the right role, in 信函格式."""

from __future__ import annotations

import re

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from generator import api

from .helpers import SHIPPED, sheets, write


def expected_tasks() -> dict[str, set[tuple[str, str]]]:
    """unit -> {(measure as printed, 牵头/配合)}, read straight from the workbook's rows.

    Independent of generator.reader: merged cells are filled by hand, units split on 、.
    """
    ws = load_workbook(SHIPPED)["任务分解"]
    value = {}
    for rng in ws.merged_cells.ranges:
        for row in range(rng.min_row, rng.max_row + 1):
            for col in range(rng.min_col, rng.max_col + 1):
                value[(row, col)] = ws.cell(rng.min_row, rng.min_col).value
    header = [c.value for c in ws[2]]
    col = {name: header.index(name) + 1 for name in ("市级落实措施", "牵头单位", "配合单位")}
    tasks: dict[str, set[tuple[str, str]]] = {}
    def get(row: int, name: str) -> str:
        return value.get((row, col[name]), ws.cell(row, col[name]).value) or ""

    for row in range(3, ws.max_row + 1):
        measure = get(row, "市级落实措施")
        for role, name in (("牵头", "牵头单位"), ("配合", "配合单位")):
            for unit in filter(None, get(row, name).split("、")):
                tasks.setdefault(unit, set()).add((measure, role))
    return tasks


@pytest.fixture(scope="module")
def letters(tmp_path_factory):
    out = tmp_path_factory.mktemp("letters")
    return [p for p in api.letters(SHIPPED, output=out).written if p.parent.name == "交办函"]  # not the print-all file


def task_rows(doc) -> list[tuple[str, str, str]]:
    """(序号, measure, role) of the task list table."""
    table = doc.tables[-1]
    header = [c.text for c in table.rows[0].cells]
    r = header.index("本单位职责")
    m = r - 1  # the measures column (its header is the workbook's own) precedes the role
    return [(row.cells[0].text, row.cells[m].text, row.cells[r].text) for row in table.rows[1:]]


def test_one_letter_per_named_unit_in_official_order(letters, shipped_table):
    names = [re.sub(r"^\d+_|\.docx$", "", p.name) for p in letters]
    assert names == [u.name for u in shipped_table.named_units]
    assert [p.name[:2] for p in letters] == [f"{i:02d}" for i in range(1, 19)]


def test_each_letter_lists_exactly_its_tasks(letters):
    expected = expected_tasks()
    assert len(expected) == 18
    for path in letters:
        unit = re.sub(r"^\d+_|\.docx$", "", path.name)
        rows = task_rows(Document(path))
        assert {(m, r) for _, m, r in rows} == expected[unit], unit
        assert len(rows) == len(expected[unit])  # no task twice
        roles = [r for _, _, r in rows]
        assert roles == sorted(roles, key=lambda r: r != "牵头")  # lead tasks first
        assert [s for s, _, _ in rows] == [str(i) for i in range(1, len(rows) + 1)]


def test_letter_wording(letters, shipped_table):
    doc = Document(next(p for p in letters if p.name.endswith("市科技局.docx")))
    texts = [p.text for p in doc.paragraphs]
    assert "嘉峪关市科学技术局：" in texts  # addressed to the full name
    body = "".join(texts)
    assert "嘉政办发〔2020〕86号" in body and "2020年9月17日" in body
    assert "牵头落实15个条款中的44项措施" in body and "配合落实3个条款中的10项措施" in body
    assert "2020年第四季度情况于2021年1月5日前报送" in body
    # four quarters are listed; the 报送 sheet has nine, so the letter says more will follow
    assert "2021年第三季度情况于2021年10月5日前报送；以后各季度的报送时间另行通知）" in body
    assert "2021年第四季度情况" not in body
    assert "一、牵头任务。" in texts[texts.index("嘉峪关市科学技术局：") + 2]
    assert "附件：嘉峪关市科学技术局任务清单" in texts
    assert texts[-1] == "2020年9月17日" or "2020年9月17日" in texts
    title = "".join(texts[2:6])
    assert title.startswith("关于落实《嘉峪关市贯彻落实省政府〈关于提升甘肃省科技创新综合实力若干措施〉任务分解表》")
    # the notice's title cited in the body: 书名号 alternate double / single / double by depth
    assert ("印发了《嘉峪关市人民政府办公室关于印发〈嘉峪关市贯彻落实省政府《关于提升甘肃省科技创新综合实力"
            "若干措施》任务分解表〉的通知》（嘉政办发〔2020〕86号）") in body


def test_cooperating_only_unit(letters):
    doc = Document(next(p for p in letters if p.name.endswith("嘉峪关银保监分局.docx")))
    body = "".join(p.text for p in doc.paragraphs)
    assert "牵头落实" not in body and "牵头任务" not in body
    assert "配合落实1个条款中的5项措施" in body and "一、配合任务。" in body


def test_letter_format(letters):
    """§10.1 信函格式: mark and double rules on the first page only, no page number on page 1."""
    doc = Document(letters[0])
    first = doc.sections[0]
    assert first.different_first_page_header_footer
    # placed on the page from the body's first line (page 1 only): the mark in a text box, two double rules
    spacer = doc.paragraphs[0]._p
    assert spacer.xpath("string(.//*[local-name()='txbxContent'])") == "嘉峪关市人民政府办公室"
    assert len(spacer.xpath(".//*[local-name()='wsp']")) == 5
    assert not first.first_page_header._element.xpath(".//*[local-name()='wsp']")  # nothing in a header
    assert "PAGE" not in first.first_page_footer._element.xml
    assert " PAGE " in first.footer._element.xml and " PAGE " in first.even_page_footer._element.xml
    landscape = doc.sections[1]
    assert not landscape.different_first_page_header_footer
    assert 'vert="vert"' in landscape.header._element.xml


def test_only_some_units(tmp_path):
    written = api.letters(SHIPPED, output=tmp_path, units=("市科技局", "嘉峪关市统计局")).written
    assert [p.name for p in written] == ["04_市科技局.docx", "12_市统计局.docx"]


def test_unknown_unit_is_refused(tmp_path):
    from generator.errors import TaskdocError

    with pytest.raises(TaskdocError) as err:
        api.letters(SHIPPED, output=tmp_path, units=("市科枝局",))
    assert "没有承担任务的单位“市科枝局”" in err.value.describe() and "市科技局" in err.value.describe()


def test_print_all_file(tmp_path, shipped_table):
    written = api.letters(SHIPPED, output=tmp_path).written
    assert written[-1].name == "交办函_全部单位.docx"
    doc = Document(written[-1])
    sections = doc.sections
    assert len(sections) == 2 * 18  # each letter: its portrait letter and its landscape task list
    letters = sections[::2]
    for i, section in enumerate(letters):
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"  # numbers restart
        assert section.different_first_page_header_footer  # its own letterhead, no number on page 1
        kind = section._sectPr.find(qn("w:type"))
        assert i == 0 or kind.get(qn("w:val")) == "oddPage"  # each letter starts on an odd page
    addressed = [p.text[:-1] for p in doc.paragraphs if p.text.endswith("：") and p.text.startswith("嘉峪关")
                 or p.text.endswith("：") and p.text[:-1] in {u.addressee for u in shipped_table.named_units}]
    assert addressed == [u.addressee for u in shipped_table.named_units]
    ids = [d.get("id") for d in doc.element.body.xpath(".//*[local-name()='docPr']")]
    for section in sections:
        for part in (section.header, section.first_page_header, section.even_page_header):
            ids += [d.get("id") for d in part._element.xpath(".//*[local-name()='docPr']")]
    assert len(ids) == len(set(ids))  # Word refuses shapes sharing an id


def test_print_all_file_is_the_letters_themselves(tmp_path):
    """The print-all file is joined from the single letters: the same text, letter after letter,
    the same header and footer content, and core properties of its own."""
    written = api.letters(SHIPPED, output=tmp_path).written
    singles, print_all = [p for p in written if p.parent.name == "交办函"], Document(written[-1])

    def texts(doc):
        body = doc.element.body
        return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]

    joined = [t for t in texts(print_all) if t]
    assert joined == [t for path in singles for t in texts(Document(path)) if t]
    first = Document(singles[1]).sections[0]
    again = print_all.sections[2]  # the second letter's own section
    shapes = [s.first_page_header._element.xml.count("<wps:wsp") for s in (again, first)]
    assert shapes[0] == shapes[1]
    assert again.footer.paragraphs[0].text == first.footer.paragraphs[0].text
    assert print_all.core_properties.title.endswith("（全部单位）")


def test_matrix_counts_equal_the_letters(tmp_path, shipped_table):
    written = api.letters(SHIPPED, output=tmp_path).written
    wb = load_workbook(tmp_path / "单位分工矩阵.xlsx")
    ws = wb["分工矩阵"]
    header = [c.value for c in ws[1]]
    clauses = [c for c in header if c and c.startswith("（")]
    assert clauses == [c.label for c in shipped_table.task_clauses]
    rows = {ws.cell(r, 2).value: r for r in range(3, 3 + 18)}
    assert list(rows) == [u.name for u in shipped_table.named_units]
    col = {name: header.index(name) + 1 for name in ("牵头条款", "配合条款", "牵头措施", "配合措施")}
    for path in written:
        if path.parent.name != "交办函":
            continue
        unit = re.sub(r"^\d+_|\.docx$", "", path.name)
        roles = [r for _, _, r in task_rows(Document(path))]
        r = rows[unit]
        assert ws.cell(r, col["牵头措施"]).value == roles.count("牵头")
        assert ws.cell(r, col["配合措施"]).value == roles.count("配合")
        cells = [ws.cell(r, c).value for c in range(3, 3 + len(clauses))]
        assert cells.count("牵头") == ws.cell(r, col["牵头条款"]).value
    detail = wb["分工明细"]
    assert detail.max_row - 1 == sum(len(a.tasks) for a in shipped_table.assignments())
    assert detail.auto_filter.ref.startswith("A1:") and detail.freeze_panes == "A2"
    assert ws.freeze_panes == "C3" and ws.page_setup.orientation == "landscape"


def test_aliases_collective_names_and_unsafe_unit_names(tmp_path):
    from .helpers import cell, sheets, write

    data = sheets()
    data["单位"] += [["发展/改革..委员会", "测试市发展和改革委员会", "市发改委"], ["CON", "测试市审计局", None]]
    cell(data, "任务分解", "F3", "市发改委、各有关单位")  # an alias, and a collective name
    cell(data, "任务分解", "F4", "市发改委、各有关单位")
    cell(data, "任务分解", "E5", "市财政局、CON")
    written = api.letters(write(tmp_path / "t.xlsx", data), tmp_path / "out").written
    names = [p.name for p in written if p.parent.name == "交办函"]
    # 市统计局 (third on the 单位 sheet) has no task left, so no letter; its number stays free
    assert names == ["01_市科技局.docx", "02_市财政局.docx", "04_发展_改革_委员会.docx", "05__CON.docx"]
    assert not any("各有关单位" in n for n in names)  # collective names get no letter
    doc = Document(next(p for p in written if p.name == "04_发展_改革_委员会.docx"))
    assert "测试市发展和改革委员会：" in [p.text for p in doc.paragraphs]
    rows = task_rows(doc)
    assert [r for _, _, r in rows] == ["配合", "配合"]  # named only as cooperating: still a letter
    cooperating = [c.text for c in doc.tables[-1].rows[1].cells]
    assert "发展/改革..委员会、各有关单位" in cooperating  # the task list prints the names as they are


def test_red_header_format_by_setting(tmp_path):
    from .helpers import sheets, write

    data = sheets()
    data["发文信息"].append(["交办函格式", "红头"])
    written = api.letters(write(tmp_path / "t.xlsx", data), tmp_path / "out", units=("市科技局",)).written
    doc = Document(written[0])
    first = doc.sections[0]
    assert not first.different_first_page_header_footer  # 红头: page 1 numbered, no letterhead header
    mark = doc.paragraphs[0]
    assert mark.text == "测试市人民政府办公室"
    assert mark.runs[0]._r.rPr.find(qn("w:color")).get(qn("w:val")) == "FF0000"
    rule = doc.paragraphs[3]._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "FF0000"
    assert " PAGE " in first.footer._element.xml


def _numbered_letter(tmp_path, letter_format: str, number: str = "测政办函〔2024〕12号"):
    data = sheets()
    data["发文信息"] += [["交办函格式", letter_format], ["交办函发文字号", number]]
    return api.letters(write(tmp_path / "t.xlsx", data), tmp_path / "out", units=("市科技局",)).written[0]


def test_letter_number_under_the_letterhead(tmp_path):
    """§10.1: the letter's 发文字号 flush right under the upper double rule, the title two lines under it."""
    doc = Document(_numbered_letter(tmp_path, "信函格式"))
    texts = [p.text for p in doc.paragraphs]
    # the letterhead's line (its text box's text is not the paragraph's), the number, two blank lines, the title
    assert texts[1:5] == ["测政办函〔2024〕12号", "", "", "关于落实《测试任务分解表》有关任务的函"]
    assert doc.paragraphs[1]._p.pPr.find(qn("w:jc")).get(qn("w:val")) == "right"
    assert "测政办函" not in doc.sections[0].first_page_header._element.xpath("string(.)")


def test_letter_number_in_the_red_head(tmp_path):
    doc = Document(_numbered_letter(tmp_path, "红头"))
    number = doc.paragraphs[3]  # the mark, two blank lines, the number over the red rule
    assert number.text == "测政办函〔2024〕12号"
    assert number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:color")) == "FF0000"


def test_letters_without_a_number_have_none(letters):
    doc = Document(letters[0])
    assert doc.paragraphs[0].text == "" and "〕" not in "".join(p.text for p in doc.paragraphs[:4])


def test_malformed_letter_number_is_an_error(tmp_path):
    from generator.errors import WorkbookInvalid

    with pytest.raises(WorkbookInvalid) as err:
        _numbered_letter(tmp_path, "信函格式", "测政办函(2024)第12号")
    text = err.value.describe()
    assert "发文信息!B14" in text and "测政办函〔2024〕12号" in text  # the cell and the right form


def test_unknown_letter_format_is_an_error(tmp_path):
    from click.testing import CliRunner

    from generator.cli.commands import cli

    from .helpers import sheets, write

    data = sheets()
    data["发文信息"].append(["交办函格式", "彩色"])
    result = CliRunner().invoke(cli, ["check", "--source", str(write(tmp_path / "t.xlsx", data))])
    assert result.exit_code == 1 and "发文信息!B13" in result.output and "交办函格式“彩色”无法识别" in result.output



@pytest.mark.render
def test_print_all_letters_start_on_odd_pages_when_rendered(tmp_path, shipped_table):
    pdfplumber = pytest.importorskip("pdfplumber")
    from generator import pdf

    written = api.letters(SHIPPED, output=tmp_path).written
    result = pdf.convert([written[-1]])
    with pdfplumber.open(result.written[0]) as doc:
        starts = {}
        for number, page in enumerate(doc.pages, 1):
            lines = (page.extract_text() or "").replace(" ", "").split("\n")
            for unit in shipped_table.named_units:
                if f"{unit.addressee}：" in lines:
                    starts[unit.name] = number
        # The letterhead on each letter's first page only; its other portrait pages numbered from
        # 2 (LibreOffice repeated the first page's header on the second page before pdf.py's fix).
        marked = {n for n, page in enumerate(doc.pages, 1) if any(round(c["size"]) == 36 for c in page.chars)}
        portrait = {n for n, page in enumerate(doc.pages, 1) if page.width < page.height}
        numbered = {n for n in portrait if re.search(r"—\s*([2-9]|\d\d)\s*—", doc.pages[n - 1].extract_text() or "")}
    assert list(starts) == [u.name for u in shipped_table.named_units]
    assert all(n % 2 == 1 for n in starts.values()), starts  # double-sided printing keeps units apart
    assert marked == set(starts.values())
    second_pages = {n + 1 for n in starts.values()} & portrait  # (a one-page letter goes on to its list)
    assert second_pages and second_pages <= numbered


@pytest.mark.render
def test_letter_number_position_when_rendered(tmp_path):
    """The 发文字号's characters (their em box, 0.88 em above the baseline) 7/8 of a 3号 character (14 pt)
    under the upper double rule, ending at the 版心's right edge (210 − 26 = 184 mm)."""
    pdfplumber = pytest.importorskip("pdfplumber")
    from generator import pdf

    result = pdf.convert([_numbered_letter(tmp_path, "信函格式")])
    with pdfplumber.open(result.written[0]) as doc:
        page = doc.pages[0]
        mm = 72 / 25.4
        rule = max((o for o in page.curves + page.rects if o["top"] < 80 * mm), key=lambda o: o["top"])
        number = [c for c in page.chars if c["top"] < 80 * mm and round(c["size"]) == 16]
        assert "".join(c["text"] for c in number) == "测政办函〔2024〕12号"
        baseline = max(c["bottom"] for c in number)  # pdfplumber: the baseline (LibreOffice writes no descent)
        assert abs(baseline - 0.88 * 16 - rule["bottom"] - 14) < 1.5
        assert abs(max(c["x1"] for c in number) / mm - 184) < 0.5


def test_clause_numbers_restarting_in_each_part(tmp_path):
    """Tables that number clauses afresh in each part: no clause may stand in for another."""
    data = sheets()
    for row in data["任务分解"][2:4]:
        row[1] = "（一）加强创新"
    data["任务分解"][4] = ["三、保障措施", "（一）优化环境", "优化创新环境。", "1.完善政策。", "市财政局", "各有关单位"]
    source = write(tmp_path / "t.xlsx", data)
    written = api.build(source, tmp_path / "out").written
    notice = Document(next(p for p in written if p.name.startswith("通知_")))
    cells = {c.text for row in notice.tables[0].rows for c in row.cells}
    assert {"（一）优化环境", "（一）加强创新", "1.完善政策。"} <= cells
    ws = load_workbook(tmp_path / "out" / "单位分工矩阵.xlsx")["分工矩阵"]
    assert [c.value for c in ws[1]][2:4] == ["二（一）", "三（一）"]
    finance = next(r for r in ws.iter_rows(values_only=True) if r[1] == "市财政局")
    assert finance[2:4] == ("配合", "牵头") and finance[4:6] == (1, 1)


def test_task_list_rows_kept_on_one_page_where_they_fit(tmp_path):
    """Like the notice's table: a row that fits on a page is kept whole (cantSplit); a measure
    longer than a page may break, or it would be cut off at the page bottom."""
    data = sheets()
    data["任务分解"][3][3] = "2.建设平台。" + "建设创新平台完善服务体系" * 150
    path = api.letters(write(tmp_path / "t.xlsx", data), tmp_path / "out", units=("市科技局",)).written[0]
    rows = Document(path).tables[-1]._tbl.tr_lst[1:]
    kept = [tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows]
    assert kept == [True, False]
