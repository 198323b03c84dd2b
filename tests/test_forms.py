"""Quarterly reporting forms: each unit's rows exactly, locked and open cells, the status list,
identity that survives renaming, text that never becomes a formula or markup."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from generator import api
from generator.cli.commands import cli
from generator.errors import TaskdocError
from generator.model import Quarter
from generator.reporting import form_xlsx as report_xlsx
from generator.reporting import forms
from generator.snapshot import table_hash

from .helpers import SHIPPED, sheets, write
from .test_letters import expected_tasks

R = report_xlsx

# The shipped table's forms: its items under the office's header 市级落实措施, no 完成时限 column
# (the table has none), then the columns the unit fills in.
TASK_COLUMNS = ("serial", "clause", "measure", "role", "lead")
SHIPPED_COLUMNS = ["序号", "条款", "市级落实措施", "本单位职责", "牵头单位", *(h for _, h in forms.INPUT_FIELDS)]
COL = {field: i for i, field in enumerate((*TASK_COLUMNS, *(f for f, _ in forms.INPUT_FIELDS)), 1)}
HEAD_CELLS = R.head_cells(COL["measure"], COL["status"], len(COL))


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    return api.reports(SHIPPED, output=out, quarter="2020Q4").written


def unit_of(path) -> str:
    return re.match(r"^\d+_(.+)_\d{4}年第.季度报表\.(xlsx|docx)$", path.name).group(1)


def xlsx_rows(path) -> list[tuple[str, str, str]]:
    """(序号, 市级落实措施, 本单位职责) of a saved form, read back with openpyxl."""
    ws = load_workbook(path)[R.FORM_SHEET]
    header = [c.value for c in ws[R.HEADER_ROW]]
    assert header == SHIPPED_COLUMNS
    rows = []
    for row in range(R.FIRST_TASK_ROW, ws.max_row + 1):
        serial = ws.cell(row, 1).value
        if serial is None or not str(serial).isdigit():
            break
        rows.append((str(serial), ws.cell(row, COL["measure"]).value, ws.cell(row, COL["role"]).value))
    return rows


def test_one_xlsx_and_one_docx_per_unit_and_a_cover_note(written, shipped_table):
    assert written[0].name == "00_报送通知_2020年第四季度.docx"
    assert all(p.parent.name == "2020年第四季度" and p.parent.parent.name == "季度报表" for p in written)
    names = [u.name for u in shipped_table.named_units]
    assert [unit_of(p) for p in written if p.suffix == ".xlsx"] == names
    assert [unit_of(p) for p in written if p.suffix == ".docx" and not p.name.startswith("00_")] == names
    assert len(written) == 1 + 2 * 18


def test_each_form_lists_exactly_the_units_tasks(written):
    expected = expected_tasks()  # read from the workbook's rows, independently of the reader
    for path in (p for p in written if p.suffix == ".xlsx"):
        rows = xlsx_rows(path)
        unit = unit_of(path)
        assert {(m, r) for _, m, r in rows} == expected[unit], unit
        assert len(rows) == len(expected[unit]), unit  # no task twice
        roles = [r for _, _, r in rows]
        assert roles == sorted(roles, key=lambda r: r != "牵头"), unit  # lead tasks first
        assert [s for s, _, _ in rows] == [str(i) for i in range(1, len(rows) + 1)]


def test_the_docx_form_has_the_same_rows(written):
    expected = expected_tasks()
    for path in (p for p in written if p.suffix == ".docx" and not p.name.startswith("00_")):
        table = Document(path).tables[-1]
        header = [c.text for c in table.rows[0].cells]
        assert header == SHIPPED_COLUMNS
        rows = {(r.cells[2].text, r.cells[3].text) for r in table.rows[1:]}
        assert rows == expected[unit_of(path)], path.name
        assert all(r.cells[i].text == "" for r in table.rows[1:] for i in range(5, 10))  # blanks to fill
        assert table.rows[0]._tr.trPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None


def test_head_fields_and_instructions(written):
    path = next(p for p in written if p.name.startswith("04_市科技局") and p.suffix == ".xlsx")
    ws = load_workbook(path)[R.FORM_SHEET]
    assert "落实情况报表（2020年第四季度）" in ws["A1"].value
    assert ws["A2"].value == "填报单位" and ws["C2"].value == "嘉峪关市科学技术局"
    for field, label in forms.HEAD_FIELDS:
        label_ref, value_ref = HEAD_CELLS[field]
        assert ws[label_ref.split(":")[0]].value == label
        assert ws[value_ref.split(":")[0]].value is None
    assert ws["G3"].value == "报送截止" and ws["H3"].value == "2021年1月5日"
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    notes = next(t for t in texts if t.startswith("1.本表列出"))
    assert "2021年1月5日前" in notes and "嘉峪关市人民政府办公室" in notes
    assert "已完成、按序时推进、进度滞后、尚未启动" in notes


def test_task_cells_locked_input_cells_open_and_sheet_protected(written):
    path = next(p for p in written if p.suffix == ".xlsx")
    ws = load_workbook(path)[R.FORM_SHEET]
    assert ws.protection.sheet and not ws.protection.password  # documented: no secret password
    n = len(xlsx_rows(path))
    for row in range(R.FIRST_TASK_ROW, R.FIRST_TASK_ROW + n):
        for field in TASK_COLUMNS:
            assert ws.cell(row, COL[field]).protection.locked, (row, field)
        for field, _ in forms.INPUT_FIELDS:
            assert not ws.cell(row, COL[field]).protection.locked, (row, field)
    for field, _ in forms.HEAD_FIELDS:
        assert not ws[HEAD_CELLS[field][1].split(":")[0]].protection.locked
    assert ws["C2"].protection.locked and ws["A1"].protection.locked  # unit name and title


def test_status_dropdown_covers_exactly_the_status_column(written):
    path = next(p for p in written if p.suffix == ".xlsx")
    ws = load_workbook(path)[R.FORM_SHEET]
    n = len(xlsx_rows(path))
    [dv] = ws.data_validations.dataValidation
    column = "G"
    assert COL["status"] == 7
    assert str(dv.sqref) == f"{column}{R.FIRST_TASK_ROW}:{column}{R.FIRST_TASK_ROW + n - 1}"
    assert dv.type == "list" and dv.formula1 == '"已完成,按序时推进,进度滞后,尚未启动"'
    assert dv.showErrorMessage and dv.errorStyle == "stop" and "只能填写" in dv.error
    assert dv.showInputMessage and "请从下拉列表中选择" in dv.prompt


def test_print_setup(written):
    ws = load_workbook(next(p for p in written if p.suffix == ".xlsx"))[R.FORM_SHEET]
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == f"${R.HEADER_ROW}:${R.HEADER_ROW}"
    assert "&P" in ws.oddFooter.center.text
    assert ws.freeze_panes == "D5"


def test_identity_survives_renaming(written, shipped_table, tmp_path):
    path = next(p for p in written if p.name.startswith("04_市科技局") and p.suffix == ".xlsx")
    renamed = tmp_path / "科技局报回的表（最终版）.xlsx"
    shutil.copyfile(path, renamed)
    wb = load_workbook(renamed)
    hidden = wb[R.IDENTITY_SHEET]
    assert hidden.sheet_state == "veryHidden"
    values = {hidden.cell(r, 1).value: hidden.cell(r, 2).value for r in range(1, len(R.IDENTITY_KEYS) + 1)}
    identity = R.identity_from(values)
    assert identity.unit == "市科技局" and identity.quarter == "2020Q4" and identity.kind == forms.FORM_KIND
    assert identity.table_hash == table_hash(shipped_table)
    props = {p.name.removeprefix(R.PROPERTY_PREFIX): p.value for p in wb.custom_doc_props.props}
    assert R.identity_from(props) == identity  # the second copy agrees
    # the row map ties every form row to its measure
    row_map = [[c.value for c in row] for row in hidden.iter_rows(min_row=R.ROW_MAP_FIRST)]
    assert [r[0] for r in row_map] == list(range(R.FIRST_TASK_ROW, R.FIRST_TASK_ROW + len(row_map)))
    assert row_map[0][1] == "2.3.1" and row_map[0][3].startswith("1.实施“扩规计划”")


def test_form_ids_are_stable_and_distinct(shipped_table):
    q = shipped_table.reporting.quarters[0]

    a = forms.make_forms(shipped_table, shipped_table.letter_units(), q, shipped_table.name)
    b = forms.make_forms(shipped_table, shipped_table.letter_units(), q, shipped_table.name)
    assert [f.identity for f in a] == [f.identity for f in b]
    assert len({f.identity.form_id for f in a}) == 18
    other = forms.make_forms(shipped_table, shipped_table.letter_units(), shipped_table.reporting.quarters[1],
                             shipped_table.name)
    assert not {f.identity.form_id for f in a} & {f.identity.form_id for f in other}


def test_cover_note(written):
    doc = Document(written[0])
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "关于报送2020年第四季度落实情况的通知" in text.replace("\n", "")
    assert "市委军民融合办、市发改委" in text and "嘉峪关银保监分局：" in text  # every unit addressed
    assert "于2021年1月5日前报送嘉峪关市人民政府办公室" in text
    assert "嘉政办发〔2020〕86号" in text
    assert "2020年12月31日" in text  # dated the quarter's last day by default


@pytest.mark.parametrize(("quarter", "last"), [(1, dt.date(2021, 3, 31)), (2, dt.date(2021, 6, 30)),
                                               (3, dt.date(2021, 9, 30)), (4, dt.date(2021, 12, 31))])
def test_a_quarters_last_day(quarter, last):
    assert Quarter(2021, quarter).last_day == last


# -- choosing the quarter ---------------------------------------------------------------------

@pytest.mark.parametrize("wanted", ["2020Q4", "2020年第四季度", "2020年4季度", "2020q4"])
def test_quarter_spellings(shipped_table, wanted):
    assert forms.choose_quarter(shipped_table, wanted, dt.date(2030, 1, 1)).key == "2020Q4"


def test_default_quarter_is_the_one_due_next(shipped_table):
    assert forms.choose_quarter(shipped_table, None, dt.date(2021, 1, 5)).key == "2020Q4"
    assert forms.choose_quarter(shipped_table, None, dt.date(2021, 1, 6)).key == "2021Q1"
    assert forms.choose_quarter(shipped_table, None, dt.date(2030, 1, 1)).key == "2022Q4"  # all past: the last


def test_unknown_quarter_names_the_sheet_and_the_choices(shipped_table):
    with pytest.raises(TaskdocError) as err:
        forms.choose_quarter(shipped_table, "2023Q1", dt.date(2021, 1, 1), file="表.xlsx")
    text = err.value.describe()
    assert "报送" in text and "2023年第一季度" in text and "可选季度：2020年第四季度" in text


def test_cli(tmp_path):
    result = CliRunner().invoke(cli, ["reports", "--source", str(SHIPPED), "--quarter", "2020年第四季度",
                                      "--unit", "市科技局", "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "已生成 2 个文件" in result.output
    result = CliRunner().invoke(cli, ["reports", "--source", str(SHIPPED), "--quarter", "2020Q5",
                                      "--output", str(tmp_path)])
    assert result.exit_code == 1 and "季度“2020Q5”无法识别" in result.output


# -- hostile text ------------------------------------------------------------------------------

def test_formula_and_markup_stay_literal_text(tmp_path):
    data = sheets()
    data["任务分解"][2][3] = "1.<w:p>&培育企业。"
    data["任务分解"][3][3] = "2.=1+1"  # a measure cell itself cannot start with "=": check refuses it
    source = write(tmp_path / "t.xlsx", data)
    written = api.reports(source, tmp_path / "out", quarter="2024Q1").written
    xlsx = next(p for p in written if p.name.endswith("市科技局_2024年第一季度报表.xlsx"))
    ws = load_workbook(xlsx)[R.FORM_SHEET]
    measures = [ws.cell(r, R.COL["measure"]).value for r in (R.FIRST_TASK_ROW, R.FIRST_TASK_ROW + 1)]
    assert measures == ["1.<w:p>&培育企业。", "2.=1+1"]
    docx = xlsx.with_suffix(".docx")
    cells = [c.text for r in Document(docx).tables[-1].rows[1:] for c in r.cells]
    assert "1.<w:p>&培育企业。" in cells and "2.=1+1" in cells


def test_text_starting_with_an_equals_sign_is_not_a_formula(tmp_path):
    form = forms.ReportForm(
        identity=forms.FormIdentity("=HYPERLINK(\"x\")", "2024Q1", "id", "hash"), unit_name="=1+1",
        quarter=forms.Quarter(2024, 1, dt.date(2024, 4, 5)), table_name="@表",
        rows=(forms.FormRow(1, "1.1.1", "-条款", "+措施", forms.Role.LEAD, "=A1", ""),),
        statuses=("已完成",))
    from generator.documents.wording import Wording

    R.write_form(form, tmp_path / "f.xlsx", Wording())
    wb = load_workbook(tmp_path / "f.xlsx")
    ws = wb[R.FORM_SHEET]
    for ref, text in (("C2", "=1+1"), (f"B{R.FIRST_TASK_ROW}", "-条款"), (f"C{R.FIRST_TASK_ROW}", "+措施"),
                      (f"E{R.FIRST_TASK_ROW}", "=A1")):
        assert ws[ref].value == text and ws[ref].data_type == "s", ref
    assert wb[R.IDENTITY_SHEET]["B3"].value == '=HYPERLINK("x")' and wb[R.IDENTITY_SHEET]["B3"].data_type == "s"


def test_status_with_a_comma_is_refused(tmp_path):
    data = sheets()
    data["报送"][1][3] = "已完成,待验收"
    source = write(tmp_path / "t.xlsx", data)
    with pytest.raises(TaskdocError) as err:
        api.reports(source, tmp_path / "out", quarter="2024Q1")
    assert "含有逗号" in err.value.describe() and "报送" in err.value.describe()


# -- the form as LibreOffice opens it ----------------------------------------------------------


@pytest.mark.render
def test_libreoffice_opens_the_form(written, tmp_path):
    pdfplumber = pytest.importorskip("pdfplumber")
    from generator import pdf

    path = next(p for p in written if p.name.startswith("04_市科技局") and p.suffix == ".xlsx")
    copy = tmp_path / path.name
    shutil.copyfile(path, copy)
    result = pdf.convert([copy])
    with pdfplumber.open(result.written[0]) as doc:
        first = doc.pages[0]
        assert first.width > first.height  # landscape
        text = "".join(page.extract_text() for page in doc.pages)
    compact = text.replace(" ", "").replace("\n", "")
    assert "本季度进展情况" in compact and "嘉峪关市科学技术局" in compact
    assert "1.实施“扩规计划”" in compact
    assert compact.count("市级落实措施") == len(doc.pages)  # the header row, in the office's words, on every page
    assert "完成时限" not in compact  # the shipped table has no such column


def test_a_warning_when_every_deadline_has_passed(tmp_path):
    """Without --quarter the forms are for the quarter due next; when every deadline of the 报送
    sheet has passed they are for the last one, and the clerk is told so."""
    from .helpers import sheets, write

    data = sheets()
    passed = api.reports(write(tmp_path / "old.xlsx", data), tmp_path / "a").warnings
    assert any("各季度的报送截止日期都已过" in str(w) and "2024年第二季度" in str(w) for w in passed)
    data["报送"].append(["2099年第一季度", "2099年4月5日"])
    due = api.reports(write(tmp_path / "new.xlsx", data), tmp_path / "b")
    assert not any("截止日期都已过" in str(w) for w in due.warnings)
    assert any("2099年第一季度" in p.name for p in due.written)


def test_the_forms_columns_are_the_offices_under_its_headers(tmp_path):
    """Issue 12: no column invented, each under the office's header text: the items under the
    office's header (工作举措), a deadline column only where the table has one, headed as the
    office heads it (时间节点); a table without one gets none."""
    data = sheets()
    data["任务分解"][0][3] = "工作举措"
    for row, deadline in zip(data["任务分解"], ["时间节点", None, "2024年6月底前", None, "2024年12月底前"]):
        row.append(deadline)
    with_deadline = write(tmp_path / "有时限.xlsx", data)
    without = write(tmp_path / "无时限.xlsx", {**data, "任务分解": [row[:-1] for row in data["任务分解"]]})
    inputs = [label for _, label in forms.INPUT_FIELDS]
    for source, header, deadlines in (
            (with_deadline, ["序号", "条款", "工作举措", "本单位职责", "牵头单位", "时间节点", *inputs],
             ["2024年6月底前", None]),
            (without, ["序号", "条款", "工作举措", "本单位职责", "牵头单位", *inputs], None)):
        written = api.reports(source, tmp_path / source.stem, quarter="2024Q1", units=("市科技局",)).written
        xlsx = next(p for p in written if p.suffix == ".xlsx")
        ws = load_workbook(xlsx)[R.FORM_SHEET]
        assert [c.value for c in ws[R.HEADER_ROW]] == header, source.name
        assert [c.text for c in Document(xlsx.with_suffix(".docx")).tables[-1].rows[0].cells] == header
        rows = (R.FIRST_TASK_ROW, R.FIRST_TASK_ROW + 1)
        assert [ws.cell(r, 3).value for r in rows] == ["1.培育企业。", "2.建设平台。"]
        if deadlines:
            assert [ws.cell(r, 6).value for r in rows] == deadlines


@pytest.mark.render
def test_a_cover_note_to_too_many_units_moves_its_addressees_to_the_record(shipped_table, tmp_path):
    """§7.3.2 in a 信函 (§10.1): 80 units' names would push the body off page 1, so the 主送 stands in
    the 版记 instead (4号, after the date, no rules, no 印发 line); 18 stay under the title."""
    import pdfplumber

    from generator import pdf
    from generator.documents.wording import Wording
    from generator.reporting.form_docx import ReportRenderer

    quarter = Quarter(2022, 4, dt.date(2023, 1, 5))
    many = [f"测试市第{i}单位" for i in range(1, 81)]
    renderer = ReportRenderer(Wording())
    for name, units in (("many", many), ("few", many[:18])):
        doc = renderer.cover(shipped_table.notice, quarter, shipped_table.name, units, shipped_table.reporting,
                             dt.date(2022, 12, 20))
        doc.save(tmp_path / f"{name}.docx")
    made = pdf.convert([tmp_path / "many.docx", tmp_path / "few.docx"]).written

    def lines(path) -> list[tuple[int, float, float, str]]:
        """(page, top, size, text) of each line, in reading order."""
        with pdfplumber.open(path) as doc:
            return [(i, w["top"], w["bottom"] - w["top"], w["text"]) for i, page in enumerate(doc.pages)
                    for w in page.extract_words(keep_blank_chars=True, use_text_flow=True)]

    many_lines, few_lines = lines(made[0]), lines(made[1])
    body = next(i for i, line in enumerate(many_lines) if "请对照本单位任务逐项填写" in line[3])
    record = next(i for i, line in enumerate(many_lines) if line[3].startswith("主送："))
    assert many_lines[body][0] == 0 and body < record  # the body on page 1, the 主送 after it
    assert round(many_lines[record][2]) == 14  # 4号, as a 版记 line
    text = "".join(line[3] for line in many_lines[record:]).replace(" ", "")
    assert text.startswith("主送：测试市第1单位、") and "测试市第80单位。" in text
    title = next(i for i, line in enumerate(few_lines) if "落实情况的通知" in line[3])
    assert "".join(line[3] for line in few_lines[title + 1:]).replace(" ", "").startswith("测试市第1单位、")  # stays
