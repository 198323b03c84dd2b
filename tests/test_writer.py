"""The workbook writer: what it writes reads back as the same model, and text stays text."""

from __future__ import annotations

import dataclasses

import pytest
from openpyxl import load_workbook

from generator.workbook.reader import read_workbook
from generator.workbook.writer import write_task_workbook


def test_round_trip_of_the_shipped_table(tmp_path, shipped_table):
    path = tmp_path / "copy.xlsx"
    write_task_workbook(shipped_table, path)
    result = read_workbook(path)
    assert result.problems == []
    assert result.table == shipped_table


def test_a_body_longer_than_a_cell_is_written_over_several_rows_and_reads_back_whole(tmp_path, shipped_table):
    """Excel holds 32,767 characters in a cell: three paragraphs of 15,000 (one with 𠮷, which Excel
    counts twice) do not fit in one 正文 cell; they are written over rows of 正文, none over the limit,
    and read back as the same three paragraphs."""
    body = ("甲" * 15_000, "乙𠮷" * 5_000, "丙" * 15_000)
    table = dataclasses.replace(shipped_table, notice=dataclasses.replace(shipped_table.notice, body=body))
    path = tmp_path / "t.xlsx"
    write_task_workbook(table, path)
    rows = [r for r in load_workbook(path)["发文信息"].iter_rows(values_only=True) if r[0] == "正文"]
    assert len(rows) == 2 and all(len(r[1].encode("utf-16-le")) // 2 <= 32_767 for r in rows)
    assert read_workbook(path).table.notice.body == body


def test_formula_like_text_stays_text(tmp_path, shipped_table):
    clause = shipped_table.clauses[2]
    first = dataclasses.replace(clause.measures[0], number=None, text="=1+1 与 <w:p>& 照录")
    table = dataclasses.replace(shipped_table, parts=(
        dataclasses.replace(shipped_table.parts[0]),
        dataclasses.replace(shipped_table.parts[1], clauses=(
            dataclasses.replace(clause, measures=(first, *clause.measures[1:])), *shipped_table.parts[1].clauses[1:])),
        *shipped_table.parts[2:]))
    path = tmp_path / "t.xlsx"
    write_task_workbook(dataclasses.replace(table, notice=dataclasses.replace(table.notice, signer="+张三")), path)
    wb = load_workbook(path)
    values = [c for row in wb["任务分解"].iter_rows() for c in row if isinstance(c.value, str) and "<w:p>" in c.value]
    assert values and values[0].data_type == "s" and values[0].value == "=1+1 与 <w:p>& 照录"
    signer = next(c for row in wb["发文信息"].iter_rows() for c in row if c.value == "+张三")
    assert signer.data_type == "s" and signer.quotePrefix


# Tables of other shapes: the writer writes each as its office would (heading rows merged across, a
# 序号 column, a four-level group's heading as its own item row), and reading it back gives the same model.
FLAT = [["序号", "工作任务", "牵头单位", "配合单位", "完成时限"],
        [1, "建设平台。", "市科技局", "市财政局", "2024年底"], [2, "完善政策。", "市财政局", None, "长期"]]
PART_ROWS = [["序号", "工作任务", "牵头单位", "配合单位"], ["一、总体目标", None, None, None],
             [1, "建设平台。", "市科技局", "市财政局"], ["二、重点任务", None, None, None],
             [2, "完善政策。", "市财政局", None]]
FOUR_LEVELS = [["工作任务", "牵头单位", "配合单位"], ["一、总体要求", None, None], ["（一）加快创新", None, None],
               ["1.推进实验室建设", "市科技局", "市财政局"], ["（1）建设实验室。", None, None],
               ["（2）引进人才。", None, None], ["2.完善政策。", "市财政局", None], ["（二）优化环境", None, None],
               ["3.优化环境。", "市统计局", None]]
RESPONSIBLE_EXTRA = [["项目名称", "工作任务", "责任单位", "完成时限"], ["甲", "1、做甲。", "市科技局", "2024年"],
                     ["乙", "2、做乙。", "市财政局、市统计局", None]]


@pytest.mark.parametrize("rows, merges", [(FLAT, []), (PART_ROWS, ["A2:D2", "A4:D4"]), (FOUR_LEVELS, []),
                                          (RESPONSIBLE_EXTRA, [])], ids=["flat", "part rows", "four levels",
                                                                         "责任单位 and extra column"])
def test_round_trip_of_other_shapes(tmp_path, rows, merges):
    from .helpers import sheets, write

    data = sheets()
    data["任务分解"] = rows
    first = read_workbook(write(tmp_path / "t.xlsx", data, {"任务分解": merges}))
    assert first.errors == [] and first.table is not None
    write_task_workbook(first.table, tmp_path / "copy.xlsx")
    again = read_workbook(tmp_path / "copy.xlsx")
    assert again.errors == []
    assert again.table == first.table
    assert again.table.headers.columns() == first.table.headers.columns()
