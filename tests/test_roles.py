"""Roles as the office wrote them: a table of 责任单位 alone (co-equal units, one unit column, letters
and forms worded for a 责任单位), and a second role under its own header (协办单位, 参与单位 …)."""

from __future__ import annotations

import pytest
from docx import Document
from openpyxl import load_workbook

from .helpers import UNITS, Built, table_sheets


def rows(unit_header: str, second: str | None = None) -> list[list]:
    header = ["部分", "条款", "任务内容", "落实措施", unit_header] + ([second] if second else [])
    extra = [["市统计局"]] if second else [[] for _ in range(3)]
    body = [
        ["一、总体要求", "（一）指导思想", "坚持创新驱动。", None, None],
        ["二、重点任务", "（二）加强创新", "加强企业创新。", "1.培育企业。", "市科技局、市财政局"],
        ["二、重点任务", "（二）加强创新", "加强企业创新。", "2.建设平台。", "市科技局"],
        ["二、重点任务", "（三）优化环境", "优化创新环境。", "1.完善政策。", "市财政局"],
    ]
    if second:
        body = [r + ([None] if i == 0 else extra[0]) for i, r in enumerate(body)]
    return [header] + body


def notice_header(built: Built) -> list[str]:
    path = next(p for p in built.written if p.parent == built.out and p.name.startswith("通知"))
    return list(dict.fromkeys(c.text for c in Document(path).tables[0].rows[0].cells))


def letter_text(built: Built, unit: str) -> str:
    path = next(p for p in built.written if p.parent.name == "交办函" and built._unit_of(p) == unit)
    return "\n".join(p.text for p in Document(path).paragraphs)


def form_texts(built: Built, unit: str) -> list[str]:
    path = next(p for p in built.written if p.parent.parent.name == "季度报表" and p.suffix == ".xlsx"
                and built._unit_of(p) == unit)
    ws = load_workbook(path).worksheets[0]
    return [str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None]


def matrix_headers(built: Built) -> tuple[list[str], list[str], list[str]]:
    wb = load_workbook(built.out / "单位分工矩阵.xlsx")
    matrix, detail = wb["分工矩阵"], wb["分工明细"]
    first = [str(v) for v in next(matrix.iter_rows(min_row=1, max_row=1, values_only=True)) if v]
    names = [str(r[1]) for r in matrix.iter_rows(min_row=3, values_only=True) if r[1]]
    return first, names, [str(v) for v in next(detail.iter_rows(min_row=1, max_row=1, values_only=True)) if v]


# -- 1. 责任单位 alone ------------------------------------------------------------------------------


@pytest.mark.parametrize("header", ["责任单位", "责任部门"])
def test_responsible_units_alone_give_one_unit_column_everywhere(tmp_path, header):
    built = Built(tmp_path, table_sheets(rows(header), UNITS))
    assert not built.check.errors, built.problems
    t = built.table
    assert t.headers.responsible and t.headers.lead == header and not t.has_cooperating
    assert notice_header(built) == ["条款", "任务内容", "落实措施", header]  # parts are rows across the table
    assert built.letters() == {"市科技局": [("1.培育企业。", "责任"), ("2.建设平台。", "责任")],
                               "市财政局": [("1.培育企业。", "责任"), ("1.完善政策。", "责任")]}
    assert built.letter_cells("市科技局")[0] == ["序号", "条款", "落实措施", "本单位职责", header]
    first, names, detail = matrix_headers(built)
    assert not [h for h in first + names + detail if "配合" in h or "牵头" in h]
    assert first[-2:] == ["责任条款", "责任措施"] and names[-1] == "责任单位数"
    assert detail == ["单位", "本单位职责", "部分", "条款", "落实措施", header]


def test_responsible_units_letters_and_forms_are_worded_for_a_responsible_unit(tmp_path):
    built = Built(tmp_path, table_sheets(rows("责任单位"), UNITS))
    text = letter_text(built, "市财政局")
    assert "负责落实2个条款中的2项措施" in text and "一、责任任务。你单位是清单中2项措施的责任单位" in text
    assert "牵头" not in text.replace("牵头协调单位", "") and "配合单位" not in text
    form = "\n".join(form_texts(built, "市财政局"))
    assert "作为责任单位的全部任务" in form and "一项任务有几个责任单位的" in form
    assert "汇总各配合单位" not in form and "牵头任务" not in form


def test_messages_name_the_responsible_column(tmp_path):
    data = rows("责任单位")
    data[3][4] = None  # 2.建设平台。 without a unit
    data[4][4] = "市财政局，各有关单位，下同"
    data.append(["二、重点任务", "（三）优化环境", "优化创新环境。", "2.完善制度。", "市统计局"])
    from generator import api

    from .helpers import write

    problems = "\n".join(str(p) for p in api.check(write(tmp_path / "t.xlsx", table_sheets(data, UNITS))).problems)
    assert "E4（责任单位）：措施“2.建设平台。”没有责任单位——请填写责任单位" in problems
    assert "E5（责任单位）" in problems and "牵头单位" not in problems


def test_a_rule_in_the_note_names_the_offices_unit_columns(tmp_path):
    data = rows("责任单位")
    data[0].append("备注")
    data[2].append("具体任务不再做分工，下同")
    built = Built(tmp_path, table_sheets(data, UNITS))
    problems = "\n".join(built.problems)
    assert "请在这些行的责任单位列写明单位名称" in problems and "牵头单位" not in problems


# -- 2. a second role under its own header ---------------------------------------------------------


@pytest.mark.parametrize("second", ["配合单位", "责任单位", "参与单位", "协办单位", "协助单位"])
def test_a_second_role_keeps_its_header_in_every_document(tmp_path, second):
    built = Built(tmp_path, table_sheets(rows("牵头单位", second), UNITS))
    assert not built.check.errors, built.problems
    t = built.table
    assert not t.headers.responsible and t.headers.cooperating == second
    assert notice_header(built) == ["条款", "任务内容", "落实措施", "牵头单位", second]
    assert built.letter_cells("市统计局")[0][-2:] == ["牵头单位", second]
    assert matrix_headers(built)[2][-2:] == ["牵头单位", second]
    assert f"是清单中3项措施的{second}" in letter_text(built, "市统计局")


def test_a_lead_column_alone_prints_no_empty_cooperating_column(tmp_path):
    built = Built(tmp_path, table_sheets(rows("牵头单位"), UNITS))
    assert not built.table.has_cooperating and not built.table.headers.responsible
    assert notice_header(built) == ["条款", "任务内容", "落实措施", "牵头单位"]
    assert "一、牵头任务。" in letter_text(built, "市科技局")  # leads keep their wording
