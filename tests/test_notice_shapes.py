"""The notice's attachment table for tables of every shape: a flat list, part heading rows, a 条款
column alone, four levels (with and without a 序号 column), the office's own column order, a 部分
column. Each table is read back from the .docx: the office's columns in the office's order (no 部分
column, no column the office did not have, none left empty), every item in a row of its own, each
part (and a clause written as a heading row) a row across the whole table with its heading."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from generator import api
from generator.model import TaskTable

from .helpers import UNITS, table_sheets, write

UNIT_SHEET = UNITS + [["市教育局", "测试市教育局", None]]

FLAT = [
    ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"],
    ["1", "培育科技型企业，壮大创新主体。", "市科技局", "市财政局", "2024年底"],
    ["2", "建设创新平台。", "市科技局", None, "长期坚持"],
    ["3", "完善科技政策，优化创新环境。", "市财政局", "市统计局", "2024年6月"],
]

# Part heading rows merged across the table (A:E), items numbered in the 序号 column, a target
# without number or units under the first part.
HEADINGS = [
    ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"],
    ["一、总体目标", None, None, None, None],
    [None, "到2025年，全社会研发投入强度达到2%。", None, None, None],
    ["二、重点任务", None, None, None, None],
    ["1", "培育科技型企业，壮大创新主体。", "市科技局", "市财政局", "2024年底"],
    ["2", "建设创新平台。", "市科技局", None, "长期坚持"],
    ["三、保障措施", None, None, None, None],
    ["3", "完善科技政策，优化创新环境。", "市财政局", "市统计局", "2024年6月"],
]
HEADINGS_MERGED = ["A2:E2", "A4:E4", "A7:E7"]

CLAUSES = [
    ["条款", "落实措施", "牵头单位"],
    ["（一）加强创新", "1.培育企业。", "市科技局"],
    ["（一）加强创新", "2.建设平台。", "市科技局"],
    ["（二）优化环境", "1.完善政策。", "市财政局"],
]

# Four levels in one column: 一、 and （一） heading rows, a group 1. whose units its items （1）
# （2） inherit, an item of its own after it.
FOUR = [
    ["工作任务", "牵头单位", "配合单位"],
    ["一、加大科技创新投入", None, None],
    ["（一）加强研发投入", None, None],
    ["1.推进实验室建设", "市科技局", "市财政局"],
    ["（1）建设省级重点实验室。", None, None],
    ["（2）培育市级实验室。", None, None],
    ["2.完善投入机制", "市财政局", None],
    ["（1）设立科技专项资金。", None, None],
    ["（2）引导企业加大投入。", None, None],
    ["（二）培育创新主体", None, None],
    ["1.实施高新技术企业倍增计划。", "市科技局", "市统计局"],
    ["二、优化创新环境", None, None],
    ["（一）完善政策体系", None, None],
    ["1.制定科技创新政策。", "市教育局", None],
]

FOUR_SERIAL = [
    ["序号", "工作任务", "牵头单位", "配合单位"],
    ["一", "加大科技创新投入", None, None],
    ["（一）", "加强研发投入", None, None],
    ["1", "推进实验室建设", "市科技局", "市财政局"],
    ["（1）", "建设省级重点实验室。", None, None],
    ["（2）", "培育市级实验室。", None, None],
    ["2", "实施高新技术企业倍增计划。", "市科技局", "市统计局"],
]

# The office's own order, a 责任单位 alone, a 备注 with one note and a column the office left empty.
ORDER = [
    ["序号", "工作任务", "完成时限", "责任单位", "备注", "其他"],
    ["1", "培育科技型企业。", "2024年底", "市科技局", None, None],
    ["2", "建设创新平台。", "长期", "市财政局", "需报市政府", None],
]

PART_COLUMN = [
    ["部分", "序号", "落实措施", "牵头单位"],
    ["一、总体要求", "1", "培育科技型企业。", "市科技局"],
    ["一、总体要求", "2", "建设创新平台。", "市财政局"],
    ["二、保障措施", "3", "完善政策。", "市财政局"],
]


@dataclass
class Row:
    """A row of the notice's table, read back: one cell across the table (a heading row) or one
    text per grid column, merged cells giving their text on every row they cover."""

    texts: list[str]
    spanning: bool
    tr: Any

    @property
    def font(self) -> str:
        """The East Asian font of the row's first run."""
        fonts = self.tr.find(f".//{qn('w:rFonts')}")
        return fonts.get(qn("w:eastAsia"))

    @property
    def kept_with_next(self) -> bool:
        return self.tr.find(f".//{qn('w:keepNext')}") is not None

    @property
    def kept_whole(self) -> bool:
        return self.tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None


@dataclass
class Notice:
    table: TaskTable
    path: Path
    header: list[str]
    rows: list[Row]
    columns: int

    @property
    def items(self) -> list[Row]:
        """The rows that are not headings across the table, filler rows (under tall merged text) left out."""
        return [r for r in self.rows if not r.spanning and r.kept_whole]

    @property
    def headings(self) -> list[str]:
        return [r.texts[0] for r in self.rows if r.spanning]

    def column(self, header: str) -> list[str]:
        i = self.header.index(header)
        return [r.texts[i] for r in self.items]


def notice(tmp_path: Path, rows: list[list], merged: list[str] | None = None) -> Notice:
    source = write(tmp_path / "t.xlsx", table_sheets(rows, UNIT_SHEET), {"任务分解": merged or []})
    result = api.check(source)
    assert not result.errors, [str(p) for p in result.errors]
    assert result.table is not None
    path = api.notice(source, output=tmp_path / "out").written[0]
    table = Document(path).tables[0]
    columns = len(table._tbl.tblGrid.findall(qn("w:gridCol")))
    read = []
    for row in table.rows[1:]:
        tcs = row._tr.tc_lst
        spanning = len(tcs) == 1 and columns > 1
        if spanning:
            span = tcs[0].tcPr.find(qn("w:gridSpan"))
            assert span is not None and int(span.get(qn("w:val"))) == columns  # across the whole table
        read.append(Row([c.text for c in row.cells], spanning, row._tr))
    return Notice(result.table, path, [c.text for c in table.rows[0].cells], read, columns)


def assert_every_item_once_in_order(n: Notice) -> None:
    """Each measure in a row of its own, in table order: its text (without a number that stands in
    the 序号 column) in the item column, that number in the 序号 column."""
    h = n.table.headers
    expected = [m.field_value("measure") for _, _, m in n.table.measures()]
    printed = [t for t in n.column(h.measure) if t]
    groups = {m.group.heading for _, _, m in n.table.measures() if m.group}
    groups |= {m.group.title for _, _, m in n.table.measures() if m.group}
    assert [t for t in printed if t not in groups] == expected
    if h.serial:
        serials = dict(zip(n.column(h.measure), n.column(h.serial)))
        assert [serials[m.field_value("measure")] for _, _, m in n.table.measures()] == \
            [m.field_value("serial") for _, _, m in n.table.measures()]


def assert_no_empty_or_invented_column(n: Notice) -> None:
    h = n.table.headers
    office = {h.serial, h.part, h.clause, h.content, h.measure, h.lead, h.cooperating, h.deadline, h.leader,
              h.note, *h.extra} - {""}
    assert set(n.header) <= office, set(n.header) - office
    assert h.part not in n.header and "部分" not in n.header
    for i, header in enumerate(n.header):
        assert any(r.texts[i] for r in n.items), f"column {header} is empty"


def assert_part_rows(n: Notice) -> None:
    """Every part with a heading is a row across the table, in 黑体, kept with the row under it."""
    parts = [p.heading for p in n.table.parts if p.is_level]
    rows = [r for r in n.rows if r.spanning and r.texts[0] in parts]
    assert [r.texts[0] for r in rows] == parts
    assert all(r.font == "黑体" and r.kept_with_next and r.kept_whole for r in rows)


def test_a_flat_list_prints_its_columns_and_no_heading_rows(tmp_path):
    n = notice(tmp_path, FLAT)
    assert n.header == ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]
    assert n.headings == []
    assert_every_item_once_in_order(n)
    assert_no_empty_or_invented_column(n)
    assert n.column("序号") == ["1", "2", "3"]
    assert n.column("工作任务")[0] == "培育科技型企业，壮大创新主体。"  # the number is in its own column
    assert n.column("配合单位") == ["市财政局", "", "市统计局"]
    assert n.column("完成时限") == ["2024年底", "长期坚持", "2024年6月"]


def test_part_heading_rows_print_as_rows_across_the_table(tmp_path):
    n = notice(tmp_path, HEADINGS, HEADINGS_MERGED)
    assert n.header == ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]
    assert n.headings == ["一、总体目标", "二、重点任务", "三、保障措施"]
    assert_part_rows(n)
    assert_every_item_once_in_order(n)
    assert_no_empty_or_invented_column(n)
    # each heading stands right above its items
    order = [r.texts[0] if r.spanning else r.texts[1] for r in n.rows if r.spanning or r.kept_whole]
    assert order == ["一、总体目标", "到2025年，全社会研发投入强度达到2%。",
                     "二、重点任务", "培育科技型企业，壮大创新主体。", "建设创新平台。",
                     "三、保障措施", "完善科技政策，优化创新环境。"]
    target = next(r for r in n.items if r.texts[1].startswith("到2025年"))
    assert target.texts[0] == "" and target.texts[2:] == ["", "", ""]


def test_a_clause_column_alone_is_merged_over_its_measures(tmp_path):
    n = notice(tmp_path, CLAUSES)
    assert n.header == ["条款", "落实措施", "牵头单位"]
    assert n.headings == []  # no part level: no part rows
    assert_every_item_once_in_order(n)
    assert_no_empty_or_invented_column(n)
    assert n.column("条款") == ["（一）加强创新", "（一）加强创新", "（二）优化环境"]
    restarts = [r.tr.tc_lst[0].find(f"{qn('w:tcPr')}/{qn('w:vMerge')}") for r in n.items]
    assert [v is not None and v.get(qn("w:val")) == "restart" for v in restarts] == [True, False, False]


def test_four_levels_print_parts_and_clauses_as_rows_and_a_group_above_its_measures(tmp_path):
    n = notice(tmp_path, FOUR)
    assert n.header == ["工作任务", "牵头单位", "配合单位"]  # no 条款 column: the office had none
    assert n.headings == ["一、加大科技创新投入", "（一）加强研发投入", "（二）培育创新主体", "二、优化创新环境",
                          "（一）完善政策体系"]
    assert_part_rows(n)
    clauses = [r for r in n.rows if r.spanning and r.texts[0].startswith("（")]
    assert all(r.font == "楷体_GB2312" and r.kept_with_next for r in clauses)
    assert_every_item_once_in_order(n)
    assert_no_empty_or_invented_column(n)
    # the group's heading in the item column above its measures, its units merged with theirs
    texts = [r.texts for r in n.items]
    i = texts.index(["1.推进实验室建设", "市科技局", "市财政局"])
    assert texts[i + 1:i + 3] == [["（1）建设省级重点实验室。", "市科技局", "市财政局"],
                                  ["（2）培育市级实验室。", "市科技局", "市财政局"]]
    lead = [n.items[i + k].tr.tc_lst[1].find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
            for k in range(3)]
    assert lead[0].get(qn("w:val")) == "restart" and all(v is not None and v.get(qn("w:val")) is None
                                                          for v in lead[1:])
    assert n.items[i].kept_with_next  # never alone at the foot of a page
    assert texts[i + 3][0] == "2.完善投入机制"


def test_four_levels_with_a_serial_column_put_the_group_number_there(tmp_path):
    n = notice(tmp_path, FOUR_SERIAL)
    assert n.header == ["序号", "工作任务", "牵头单位", "配合单位"]
    assert n.headings == ["一、加大科技创新投入", "（一）加强研发投入"]
    assert_every_item_once_in_order(n)
    assert_no_empty_or_invented_column(n)
    assert [r.texts[:2] for r in n.items] == [["1", "推进实验室建设"], ["（1）", "建设省级重点实验室。"],
                                              ["（2）", "培育市级实验室。"], ["2", "实施高新技术企业倍增计划。"]]


def test_the_offices_column_order_and_only_columns_with_text(tmp_path):
    n = notice(tmp_path, ORDER)
    assert n.header == ["序号", "工作任务", "完成时限", "责任单位", "备注"]  # 其他 is empty: left out
    assert_every_item_once_in_order(n)
    assert_no_empty_or_invented_column(n)
    assert n.column("备注") == ["", "需报市政府"]


def test_a_part_column_prints_as_part_rows(tmp_path):
    n = notice(tmp_path, PART_COLUMN)
    assert n.header == ["序号", "落实措施", "牵头单位"]
    assert n.headings == ["一、总体要求", "二、保障措施"]
    assert_part_rows(n)
    assert_every_item_once_in_order(n)
    assert_no_empty_or_invented_column(n)


def test_the_serial_column_is_as_wide_as_its_numbers(tmp_path):
    """The 序号 column is sized to its widest number (（1）) or header, not to a share of the table."""
    n = notice(tmp_path, FOUR_SERIAL)
    grid = Document(n.path).tables[0]._tbl.tblGrid.findall(qn("w:gridCol"))
    widths = [int(g.get(qn("w:w"))) for g in grid]
    from generator.documents import layout
    from generator.documents.typeset import text_units

    needed = text_units("（1）") * layout.pt(layout.TABLE_SIZE) + 2 * layout.TABLE_CELL_MARGIN
    assert needed < widths[0] < needed + layout.pt(layout.TABLE_SIZE) and widths[1] > 5 * widths[0]


# -- as rendered ----------------------------------------------------------------------------------


def _many_parts() -> tuple[list[list], list[str]]:
    """24 parts of one to three items of varied length: enough page breaks that, without keeping a
    heading with its first item, some page ends with a heading."""
    from generator.text.numerals import to_cn_number

    rows: list[list] = [["序号", "工作任务", "牵头单位", "配合单位"]]
    merged, n = [], 1
    for p in range(1, 25):
        rows.append([f"{to_cn_number(p)}、第{p}部分的标题", None, None, None])
        merged.append(f"A{len(rows)}:D{len(rows)}")
        for _ in range(1 + (p * 7) % 3):
            rows.append([str(n), "推进工作落实，" * (1 + (n * 5) % 12) + "确保取得实效。", "市科技局", "市财政局"])
            n += 1
    return rows, merged


@pytest.mark.render
def test_rendered_part_rows_head_their_items_and_never_end_a_page(tmp_path):
    pdfplumber = pytest.importorskip("pdfplumber")
    from generator import pdf as pdf_export

    rows, merged = _many_parts()
    n = notice(tmp_path, rows, merged)
    document = pdfplumber.open(pdf_export.convert([n.path]).written[0])
    landscape = [p for p in document.pages if p.width > p.height]
    assert len(landscape) > 3
    seen = []
    for page in landscape:
        lines = [line for line in page.extract_text().splitlines()
                 if line.strip() and not re.fullmatch(r"[—\s\d]+", line)]
        assert any(line.startswith("序号") for line in lines)  # the header row on every page
        assert "部分的标题" not in lines[-1], "a part heading alone at the foot of a page"
        seen += [line for line in lines if "部分的标题" in line]
        # a heading row spans the table: its text starts at the table's left edge
        for word in page.extract_words():
            if word["text"].endswith("部分的标题"):
                assert word["x0"] - page.find_tables()[0].bbox[0] < 10
    assert seen == n.headings
