"""Task lists and quarterly forms for tables of every shape: a flat list, part heading rows, four
levels, extra columns (项目名称, 责任领导, 完成时限, 备注) and a 责任单位-only table. Each named unit's
letter lists exactly its items with the heading column the table has (none for a flat list) and
the office's columns in its order; its forms (.xlsx and .docx) have the same rows; the forms are
read back and collected; a 责任单位 table's form, summary, bulletin and console lines say 责任."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from generator import api
from generator.cli.console import collect_report
from generator.reporting import form_xlsx as R
from generator.reporting.forms import INPUT_FIELDS
from generator.reporting.returns import FORM_CELLS, read_return

from .helpers import UNITS, Built, cell, table_sheets

QUARTER = "2024Q2"  # every quarter of the test workbook has passed: build makes the last one's forms
DAY = dt.date(2024, 7, 3)
INPUTS = [label for _, label in INPUT_FIELDS]

FLAT = [
    ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"],
    [1, "培育科技型企业。", "市科技局", "市财政局", "2024年6月底前"],
    [2, "建设创新平台。", "市科技局", None, "2024年12月底前"],
    [3, "完善财政政策。", "市财政局", "市统计局", None],
]

PART_ROWS = [
    ["序号", "工作任务", "牵头单位", "配合单位"],
    ["一、总体目标", None, None, None],
    [1, "培育科技型企业。", "市科技局", "市财政局"],
    [2, "建设创新平台。", "市科技局", None],
    ["二、重点任务", None, None, None],
    [3, "完善财政政策。", "市财政局", "市统计局"],
]
PART_MERGES = ["A2:D2", "A5:D5"]

FOUR = [
    ["序号", "工作任务", "牵头单位", "配合单位"],
    ["一、", "重点任务", None, None],
    ["（一）", "加强创新", None, None],
    ["1.", "推进实验室建设", "市科技局", "市财政局"],
    ["（1）", "建设重点实验室。", None, None],
    ["（2）", "建设工程中心。", "市科技局", "市统计局"],
    ["2.", "完善财政政策。", "市财政局", None],
    ["（二）", "优化环境", None, None],
    ["1.", "优化统计服务。", "市统计局", "市科技局"],
]

EXTRA = [
    ["部分", "条款", "项目名称", "落实措施", "责任领导", "牵头单位", "配合单位", "完成时限", "备注"],
    ["一、重点任务", "（一）加强创新", "实验室项目", "1.培育企业。", "张副市长", "市科技局", "市财政局", "2024年6月",
     None],
    ["一、重点任务", "（一）加强创新", None, "2.建设平台。", None, "市科技局", None, None, None],
    ["一、重点任务", "（二）优化环境", "政策项目", "1.完善政策。", "李副市长", "市财政局", "市科技局", "2024年12月",
     "分年度实施"],
    ["一、重点任务", "（二）优化环境", None, "2.加强统计。", None, "市统计局", None, None, None],
]

RESPONSIBLE = [
    ["部分", "条款", "任务内容", "落实措施", "责任单位"],
    ["一、总体要求", "（一）指导思想", "坚持创新驱动。", None, None],
    ["二、重点任务", "（二）加强创新", "加强企业创新。", "1.培育企业。", "市科技局、市财政局"],
    ["二、重点任务", "（二）加强创新", "加强企业创新。", "2.建设平台。", "市科技局"],
    ["二、重点任务", "（三）优化环境", "优化创新环境。", "1.完善政策。", "市财政局"],
]

SHAPES = {"flat": (FLAT, []), "part_rows": (PART_ROWS, PART_MERGES), "four": (FOUR, []), "extra": (EXTRA, []),
          "responsible": (RESPONSIBLE, [])}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    cache: dict[str, Built] = {}

    def get(name: str) -> Built:
        if name not in cache:
            rows, merges = SHAPES[name]
            data = table_sheets(rows, UNITS)
            cell(data, "报送", "D4", "进度滞后")
            b = Built(tmp_path_factory.mktemp(name), data, merges={"任务分解": merges})
            assert not b.check.errors, b.problems
            cache[name] = b
        return cache[name]

    return get


# -- reading the documents back ---------------------------------------------------------------------


def letter_table(b: Built, unit: str) -> tuple[list[str], list[list[str]]]:
    """A unit's task list: its header and rows (a merged cell reads the same in each of its rows)."""
    header, *rows = b.letter_cells(unit)
    return header, rows


def form_path(b: Built, unit: str, suffix: str = ".xlsx") -> Path:
    return next(p for p in b.written if p.parent.parent.name == "季度报表" and p.suffix == suffix
                and b._unit_of(p) == unit)


def merged_values(ws: Worksheet) -> dict[tuple[int, int], object]:
    value = {}
    for rng in ws.merged_cells.ranges:
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                value[(r, c)] = ws.cell(rng.min_row, rng.min_col).value
    return value


def form_table(b: Built, unit: str) -> tuple[list[str], list[list[str]]]:
    """A unit's .xlsx form: the task columns' headers (before the input columns) and task rows."""
    ws = load_workbook(form_path(b, unit))[R.FORM_SHEET]
    header = [str(v or "") for v in next(ws.iter_rows(min_row=R.HEADER_ROW, max_row=R.HEADER_ROW, values_only=True))]
    assert header[len(header) - len(INPUTS):] == INPUTS
    width = len(header) - len(INPUTS)
    merged = merged_values(ws)
    rows = []
    for r in range(R.FIRST_TASK_ROW, ws.max_row + 1):
        if not str(ws.cell(r, 1).value or "").isdigit():
            break
        rows.append([str(merged.get((r, c), ws.cell(r, c).value) or "") for c in range(1, width + 1)])
    return header[:width], rows


def docx_form_table(b: Built, unit: str) -> tuple[list[str], list[list[str]]]:
    table = Document(form_path(b, unit, ".docx")).tables[-1]
    header, *rows = [[c.text for c in row.cells] for row in table.rows]
    width = len(header) - len(INPUTS)
    assert header[width:] == INPUTS
    assert all(not any(r[width:]) for r in rows)  # blanks to fill by hand
    return header[:width], [r[:width] for r in rows]


def column(header: list[str], rows: list[list[str]], name: str) -> list[str]:
    return [r[header.index(name)] for r in rows]


# -- what each shape's documents should say -----------------------------------------------------------

# unit -> (item as printed, role, heading) in the letter's order
EXPECTED = {
    "flat": {
        "市科技局": [("1.培育科技型企业。", "牵头", None), ("2.建设创新平台。", "牵头", None)],
        "市财政局": [("3.完善财政政策。", "牵头", None), ("1.培育科技型企业。", "配合", None)],
        "市统计局": [("3.完善财政政策。", "配合", None)],
    },
    "part_rows": {
        "市科技局": [("1.培育科技型企业。", "牵头", "一、总体目标"), ("2.建设创新平台。", "牵头", "一、总体目标")],
        "市财政局": [("3.完善财政政策。", "牵头", "二、重点任务"), ("1.培育科技型企业。", "配合", "一、总体目标")],
        "市统计局": [("3.完善财政政策。", "配合", "二、重点任务")],
    },
    "four": {
        "市科技局": [("（1）建设重点实验室。", "牵头", "（一）加强创新\n1.推进实验室建设"),
                 ("（2）建设工程中心。", "牵头", "（一）加强创新\n1.推进实验室建设"),
                 ("1.优化统计服务。", "配合", "（二）优化环境")],
        "市财政局": [("2.完善财政政策。", "牵头", "（一）加强创新"),
                 ("（1）建设重点实验室。", "配合", "（一）加强创新\n1.推进实验室建设")],
        "市统计局": [("1.优化统计服务。", "牵头", "（二）优化环境"),
                 ("（2）建设工程中心。", "配合", "（一）加强创新\n1.推进实验室建设")],
    },
    "extra": {
        "市科技局": [("1.培育企业。", "牵头", "（一）加强创新"), ("2.建设平台。", "牵头", "（一）加强创新"),
                 ("1.完善政策。", "配合", "（二）优化环境")],
        "市财政局": [("1.完善政策。", "牵头", "（二）优化环境"), ("1.培育企业。", "配合", "（一）加强创新")],
        "市统计局": [("2.加强统计。", "牵头", "（二）优化环境")],
    },
    "responsible": {
        "市科技局": [("1.培育企业。", "责任", "（二）加强创新"), ("2.建设平台。", "责任", "（二）加强创新")],
        "市财政局": [("1.培育企业。", "责任", "（二）加强创新"), ("1.完善政策。", "责任", "（三）优化环境")],
    },
}

# unit -> the task list's header (letters)
LETTER_HEADERS = {
    "flat": {
        "市科技局": ["序号", "工作任务", "本单位职责", "牵头单位", "配合单位", "完成时限"],
        "市财政局": ["序号", "工作任务", "本单位职责", "牵头单位", "配合单位", "完成时限"],
        "市统计局": ["序号", "工作任务", "本单位职责", "牵头单位", "配合单位"],  # its only task has no 完成时限
    },
    "part_rows": dict.fromkeys(("市科技局", "市财政局", "市统计局"),
                               ["序号", "部分", "工作任务", "本单位职责", "牵头单位", "配合单位"]),
    "four": dict.fromkeys(("市科技局", "市财政局", "市统计局"),
                          ["序号", "条款", "工作任务", "本单位职责", "牵头单位", "配合单位"]),
    "extra": {
        **dict.fromkeys(("市科技局", "市财政局"), ["序号", "条款", "项目名称", "落实措施", "本单位职责", "责任领导",
                                                 "牵头单位", "配合单位", "完成时限", "备注"]),
        "市统计局": ["序号", "条款", "落实措施", "本单位职责", "牵头单位", "配合单位"],
    },
    "responsible": dict.fromkeys(("市科技局", "市财政局"), ["序号", "条款", "落实措施", "本单位职责", "责任单位"]),
}

# unit -> the form's task columns: the items under the office's header, the unit's role beside them,
# and a 完成时限 column only where the office's table has one (then on every unit's form, blank in a
# row whose item sets none)
FORM_HEADERS = {
    "flat": dict.fromkeys(("市科技局", "市财政局", "市统计局"),
                          ["序号", "工作任务", "本单位职责", "牵头单位", "完成时限"]),
    "part_rows": dict.fromkeys(("市科技局", "市财政局", "市统计局"),
                               ["序号", "部分", "工作任务", "本单位职责", "牵头单位"]),
    "four": dict.fromkeys(("市科技局", "市财政局", "市统计局"),
                          ["序号", "条款", "工作任务", "本单位职责", "牵头单位"]),
    "extra": {
        "市科技局": ["序号", "条款", "项目名称", "落实措施", "本单位职责", "责任领导", "牵头单位", "完成时限",
                 "备注（任务分解表）"],
        "市财政局": ["序号", "条款", "项目名称", "落实措施", "本单位职责", "责任领导", "牵头单位", "完成时限",
                 "备注（任务分解表）"],
        "市统计局": ["序号", "条款", "落实措施", "本单位职责", "牵头单位", "完成时限"],
    },
    "responsible": dict.fromkeys(("市科技局", "市财政局"),
                                 ["序号", "条款", "落实措施", "本单位职责", "责任单位"]),
}

# the values of the office's other columns, per item as printed (a unit's list shows those it has)
EXTRA_VALUES = {
    "1.培育企业。": {"项目名称": "实验室项目", "责任领导": "张副市长", "完成时限": "2024年6月", "备注": ""},
    "2.建设平台。": {"项目名称": "", "责任领导": "", "完成时限": "", "备注": ""},
    "1.完善政策。": {"项目名称": "政策项目", "责任领导": "李副市长", "完成时限": "2024年12月", "备注": "分年度实施"},
    "2.加强统计。": {},
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_each_letter_lists_exactly_its_items_with_the_tables_heading_column(built, shape):
    b = built(shape)
    expected = EXPECTED[shape]
    assert [p.stem.split("_", 1)[1] for p in sorted(b.written) if p.parent.name == "交办函"] == list(expected)
    for unit, tasks in expected.items():
        header, rows = letter_table(b, unit)
        assert header == LETTER_HEADERS[shape][unit], unit
        assert column(header, rows, "序号") == [str(i) for i in range(1, len(tasks) + 1)]
        measure = b.table.headers.measure
        assert [(r[header.index(measure)], r[header.index("本单位职责")]) for r in rows] == [t[:2] for t in tasks]
        heading = b.table.heading_header
        if shape == "flat":
            assert heading == "" and len(header) == len(set(header)) and "" not in header
        else:
            assert column(header, rows, heading) == [t[2] for t in tasks], unit


@pytest.mark.parametrize("shape", list(SHAPES))
def test_each_form_has_the_letters_rows(built, shape):
    b = built(shape)
    for unit, tasks in EXPECTED[shape].items():
        for header, rows in (form_table(b, unit), docx_form_table(b, unit)):
            assert header == FORM_HEADERS[shape][unit], unit
            assert column(header, rows, "序号") == [str(i) for i in range(1, len(tasks) + 1)]
            assert column(header, rows, b.table.headers.measure) == [t[0] for t in tasks]
            assert column(header, rows, "本单位职责") == [t[1] for t in tasks]
            if shape != "flat":
                assert column(header, rows, b.table.heading_header) == [t[2] for t in tasks]


def test_the_offices_extra_columns_are_carried_in_its_order(built):
    b = built("extra")
    for unit in EXPECTED["extra"]:
        for header, rows in (letter_table(b, unit), form_table(b, unit), docx_form_table(b, unit)):
            measure = header.index("落实措施")
            for row in rows:
                values = EXTRA_VALUES[row[measure]]
                for name, value in values.items():
                    shown = next((h for h in header if h in (name, f"{name}（任务分解表）")), None)
                    if shown is not None:
                        assert row[header.index(shown)] == value, (unit, name)
    # the 备注 the unit fills in stays its own: the office's is told apart
    header = [str(v) for v in next(load_workbook(form_path(b, "市财政局"))[R.FORM_SHEET].iter_rows(
        min_row=R.HEADER_ROW, max_row=R.HEADER_ROW, values_only=True))]
    assert header.count("备注") == 1 and header.index("备注（任务分解表）") < header.index("本季度进展情况")


def test_headings_are_merged_over_their_runs(built):
    b = built("four")
    ws = load_workbook(form_path(b, "市科技局"))[R.FORM_SHEET]
    merged = {str(rng) for rng in ws.merged_cells.ranges}
    assert f"B{R.FIRST_TASK_ROW}:B{R.FIRST_TASK_ROW + 1}" in merged  # （1） and （2） of 1.推进实验室建设
    doc = Document(form_path(b, "市科技局", ".docx")).tables[-1]
    assert doc.rows[1].cells[1]._tc is doc.rows[2].cells[1]._tc
    letter = Document(next(p for p in b.written if p.parent.name == "交办函" and b._unit_of(p) == "市科技局"))
    table = letter.tables[-1]
    assert table.rows[1].cells[1]._tc is table.rows[2].cells[1]._tc
    assert table.rows[2].cells[1]._tc is not table.rows[3].cells[1]._tc


# -- read back and collected ----------------------------------------------------------------------------


def head_value_cell(ws: Worksheet, label: str) -> str:
    """The cell a header field is typed in, found from its label as a person does: the cell right
    of the label's (merged) cell."""
    for row in ws.iter_rows(min_row=2, max_row=3):
        for c in row:
            if c.value == label:
                rng = next((r for r in ws.merged_cells.ranges if c.coordinate in r), None)
                col = rng.max_col + 1 if rng else c.column + 1
                return ws.cell(c.row, col).coordinate
    raise AssertionError(label)


STATUSES = ("已完成", "按序时推进")  # of the vocabulary 已完成, 按序时推进, 进度滞后


def fill(src: Path, dest: Path, unit: str, items: str) -> dict[str, str]:
    """Fill a form as its unit would, locating every cell by its header or label (the items' column
    by the office's header, `items`); returns task text -> the status given."""
    wb = load_workbook(src)
    ws = wb[R.FORM_SHEET]
    header = [c.value for c in ws[R.HEADER_ROW]]
    col = {label: header.index(label) + 1 for label in (items, "本季度进展情况", "完成情况")}
    ws[head_value_cell(ws, "填报日期")] = "2024年7月1日"
    ws[head_value_cell(ws, "填报人")] = "张明"
    ws[head_value_cell(ws, "联系电话")] = "0937-6212345"
    given = {}
    r = R.FIRST_TASK_ROW
    while str(ws.cell(r, 1).value or "").isdigit():
        given[ws.cell(r, col[items]).value] = STATUSES[r % 2]
        ws.cell(r, col["完成情况"]).value = STATUSES[r % 2]
        ws.cell(r, col["本季度进展情况"]).value = f"{unit}第{r}行进展"
        r += 1
    wb.save(dest)
    return given


@pytest.mark.parametrize("shape", ["flat", "four", "extra", "responsible"])
def test_forms_are_read_back_and_collected(built, shape, tmp_path):
    b = built(shape)
    inbox = tmp_path / "收到"
    inbox.mkdir()
    items = b.table.headers.measure
    given = {unit: fill(form_path(b, unit), inbox / f"{unit}.xlsx", unit, items) for unit in EXPECTED[shape]}
    for unit in EXPECTED[shape]:
        form = read_return(inbox / f"{unit}.xlsx")
        assert form.identity is not None and form.identity.unit == unit
        assert (form.reporter, form.phone, form.date) == ("张明", "0937-6212345", "2024年7月1日")
        assert [(r.measure, r.status) for r in form.rows] == list(given[unit].items())
        assert all(r.key and r.original == r.measure for r in form.rows)
    result = api.collect(inbox, b.out.parent / "t.xlsx", output=tmp_path / "out", quarter=QUARTER, date=DAY)
    c = result.collection
    assert [s.unit.name for s in c.reported] == list(EXPECTED[shape]) and not c.late and not c.missing
    assert not [p for p in c.problems if p.is_error], [str(p) for p in c.problems]
    assert not c.problems, [str(p) for p in c.problems]
    for t in c.tasks:
        for r in t.reports:
            assert r.status == given[r.unit][t.measure.display]
            assert r.progress.startswith(f"{r.unit}第")


def test_a_returned_form_names_the_cells_of_its_own_layout(built, tmp_path):
    """Messages point at the cells where this form's columns are, not where a form of the usual
    shape has them: a flat list's form has no heading column, so 完成情况 is column G, not H."""
    b = built("flat")
    src = form_path(b, "市统计局")
    wb = load_workbook(src)
    ws = wb[R.FORM_SHEET]
    header = [c.value for c in ws[R.HEADER_ROW]]
    status = header.index("完成情况") + 1
    assert status == R.COL["status"] - 1
    ws[head_value_cell(ws, "填报日期")] = "2024年7月1日"
    ws.cell(R.FIRST_TASK_ROW, status).value = "差不多"
    ws.cell(R.FIRST_TASK_ROW, header.index("本季度进展情况") + 1).value = "推进中"
    inbox = tmp_path / "收到"
    inbox.mkdir()
    wb.save(inbox / "统计局.xlsx")
    form = read_return(inbox / "统计局.xlsx")
    assert form.cells.columns["status"] == "G" and form.cells.head["date"] == "B3" != FORM_CELLS.head["date"]
    c = api.collect(inbox, b.out.parent / "t.xlsx", output=tmp_path / "out", quarter=QUARTER, date=DAY).collection
    [message] = [str(p) for p in c.problems if "差不多" in p.message]
    assert f"季度报表!G{R.FIRST_TASK_ROW}（完成情况）" in message


def test_a_form_copied_into_a_new_workbook_is_found_by_its_headers(built, tmp_path):
    from openpyxl import Workbook

    b = built("four")
    filled = tmp_path / "filled.xlsx"
    given = fill(form_path(b, "市统计局"), filled, "市统计局", b.table.headers.measure)
    copy = Workbook()
    copy.active.title = "Sheet1"
    for row in load_workbook(filled)[R.FORM_SHEET].iter_rows():
        for c in row:
            if c.value is not None:
                copy.active.cell(c.row, c.column, c.value)
    copy.save(tmp_path / "copy.xlsx")
    form = read_return(tmp_path / "copy.xlsx")
    assert form.identity is None and form.header_unit == "测试市统计局"
    assert [(r.measure, r.status) for r in form.rows] == list(given.items())


# -- 责任单位 wording -------------------------------------------------------------------------------------


def test_a_responsible_tables_form_summary_bulletin_and_console_say_zeren(built, tmp_path):
    b = built("responsible")
    header, rows = form_table(b, "市财政局")
    assert "责任单位" in header and "牵头单位" not in header
    assert column(header, rows, "责任单位") == ["市科技局、市财政局", "市财政局"]
    inbox = tmp_path / "收到"
    inbox.mkdir()
    wb = load_workbook(form_path(b, "市科技局"))
    ws = wb[R.FORM_SHEET]
    ws[head_value_cell(ws, "填报日期")] = "2024年7月1日"
    cols = [c.value for c in ws[R.HEADER_ROW]]
    for r in (R.FIRST_TASK_ROW, R.FIRST_TASK_ROW + 1):
        ws.cell(r, cols.index("完成情况") + 1).value = "进度滞后"
        ws.cell(r, cols.index("本季度进展情况") + 1).value = "推进缓慢"
        ws.cell(r, cols.index("存在问题") + 1).value = "资金未到位"
    wb.save(inbox / "科技局.xlsx")
    result = api.collect(inbox, b.out.parent / "t.xlsx", output=tmp_path / "out", quarter=QUARTER, date=DAY)
    summary = load_workbook(result.written[0])
    assert [c.value for c in summary["汇总"][2]] == ["序号", "条款", "落实措施", "责任单位", "完成情况",
                                                "责任单位进展情况", "存在问题", "下步打算"]
    behind = summary["滞后任务"]
    assert [c.value for c in behind[2]][3] == "责任单位"
    assert {row[5] for row in behind.iter_rows(min_row=3, values_only=True)} == {"责任"}
    text = "".join(p.text for p in Document(result.written[1]).paragraphs)
    assert "（责任单位：市科技局、市财政局）" in text and "请责任单位分析原因" in text
    assert "牵头单位" not in text and "配合" not in text
    report = collect_report(str(inbox), result.collection)
    assert "（责任：市科技局、市财政局）" in report and "牵头" not in report.replace("牵头协调", "")


def test_a_flat_lists_summary_has_no_heading_column(built, tmp_path):
    b = built("flat")
    inbox = tmp_path / "收到"
    inbox.mkdir()
    fill(form_path(b, "市科技局"), inbox / "科技局.xlsx", "市科技局", b.table.headers.measure)
    result = api.collect(inbox, b.out.parent / "t.xlsx", output=tmp_path / "out", quarter=QUARTER, date=DAY)
    ws = load_workbook(result.written[0])["汇总"]
    # the items' column under the office's header (工作任务)
    assert [c.value for c in ws[2]] == ["序号", "工作任务", "牵头单位", "完成情况", "牵头单位进展情况", "存在问题",
                                        "下步打算", "配合单位", "配合单位落实情况"]
    assert [c.value for c in load_workbook(result.written[0])["滞后任务"][2]][:3] == ["序号", "工作任务", "牵头单位"]
