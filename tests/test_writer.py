"""The workbook writer: what it writes reads back as the same model, and text stays text."""

from __future__ import annotations

import dataclasses

from openpyxl import load_workbook

from generator.workbook.reader import read_workbook
from generator.workbook.writer import write_task_workbook


def test_round_trip_of_the_shipped_table(tmp_path, shipped_table):
    path = tmp_path / "copy.xlsx"
    write_task_workbook(shipped_table, path)
    result = read_workbook(path)
    assert result.problems == []
    assert result.table == shipped_table


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
