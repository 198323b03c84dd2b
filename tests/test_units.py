"""Unit cells as real tables write them: collectives by their form, the 单位 sheet's say, back-references,
text pasted from a Word notice, standing rules, and the notice printing the lists as typed.

Each test builds a workbook in code, reads it (the model: units per item and role, which are collectives)
and builds it (each named unit's letter lists exactly its items; no letter, form or matrix row for a
collective or a fragment; the notice's unit cells as typed).
"""

from __future__ import annotations

import pytest

from generator import api, snapshot
from generator.errors import WorkbookInvalid
from generator.workbook.units import split_units

from .helpers import UNITS, Built, table_sheets, write

HEADER = ["部分", "条款", "任务内容", "落实措施", "牵头单位", "配合单位"]
NAMED = ["市科技局", "市财政局", "市统计局"]


def rows(*items: tuple[str, ...], note: bool = False) -> list[list]:
    """A one-clause table: items are (measure, lead, cooperating[, 备注])."""
    header = HEADER + (["备注"] if note else [])
    return [header] + [["一、重点任务", "（一）加强创新", "加强企业创新。", *item] for item in items]


def measures(built: Built) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(lead, cooperating) names of every measure, in order."""
    assert built.table is not None
    return [(m.lead, m.cooperating) for _, _, m in built.table.measures()]


def collectives(built: Built) -> set[str]:
    assert built.table is not None
    return {u.name for u in built.table.units if u.collective}


def named(built: Built) -> list[str]:
    assert built.table is not None
    return [a.unit.name for a in built.table.letter_units()]


def assert_documents_for(built: Built, letters: dict[str, list[tuple[str, str]]]) -> None:
    """Letters and forms for exactly these units, each letter listing exactly its items; matrix rows for
    the named units (a 单位 sheet's units without tasks too), never for a collective."""
    assert built.table is not None
    assert built.letters() == letters
    assert built.forms() == list(letters)
    assert set(letters) <= set(built.matrix()) == {u.name for u in built.table.named_units}
    assert not collectives(built) & set(built.matrix())


# -- 1. collectives recognised by their form -----------------------------------------------------------


@pytest.mark.parametrize("name", [
    "各区、县级市", "各有关区、县级市", "各县（市、区）人民政府", "各有关单位", "各成员单位", "市直各有关单位",
    "市级各有关部门", "招商引资各专班", "相关市（州）人民政府", "各县市区政府", "各区、县级市人民政府",
    "县（市、区）人民政府", "领导小组成员单位", "市直及驻嘉各单位", "各县、市、区",
])
def test_a_collective_by_its_form_is_one_name_without_letter(tmp_path, name):
    built = Built(tmp_path, table_sheets(rows(("1.培育企业。", "市科技局", name)), UNITS))
    assert not built.check.errors, built.problems  # the 单位 sheet does not have to list it
    assert measures(built) == [(("市科技局",), (name,))]
    assert collectives(built) == {name}
    assert_documents_for(built, {"市科技局": [("1.培育企业。", "牵头")]})
    assert built.notice_rows() == [("1.培育企业。", "市科技局", name)]


def test_collectives_beside_units_printed_as_typed(tmp_path):
    """`各区、县级市` after a `，` keeps both; `各区、市财政局` is a collective and a unit; 及 joins a unit
    and a collective; an alias is printed by its 简称, a collective as typed."""
    units = UNITS + [["市教育局", "测试市教育局", None]]
    built = Built(tmp_path, table_sheets(rows(
        ("1.培育企业。", "市科技局", "市财政局，各区、县级市"),
        ("2.建设平台。", "市科学技术局；各有关单位", "各区、市财政局"),
        ("3.完善政策。", "市统计局及各有关单位", "市直各有关单位、市教育局"),
    ), units))
    assert not built.check.errors, built.problems
    assert measures(built) == [
        (("市科技局",), ("市财政局", "各区、县级市")),
        (("市科技局", "各有关单位"), ("各区", "市财政局")),
        (("市统计局", "各有关单位"), ("市直各有关单位", "市教育局")),
    ]
    assert collectives(built) == {"各区、县级市", "各有关单位", "各区", "市直各有关单位"}
    assert_documents_for(built, {
        "市科技局": [("1.培育企业。", "牵头"), ("2.建设平台。", "牵头")],
        "市财政局": [("1.培育企业。", "配合"), ("2.建设平台。", "配合")],
        "市统计局": [("3.完善政策。", "牵头")],
        "市教育局": [("3.完善政策。", "配合")],
    })
    assert built.notice_rows() == [
        ("1.培育企业。", "市科技局", "市财政局，各区、县级市"),
        ("2.建设平台。", "市科技局；各有关单位", "各区、市财政局"),
        ("3.完善政策。", "市统计局及各有关单位", "市直各有关单位、市教育局"),
    ]
    # the letters' task lists print the other role's units as typed too
    assert "市财政局，各区、县级市" in built.letter_cells("市科技局")[1]


def test_splitting_keeps_a_list_of_kinds_with_its_collective():
    assert split_units("各区、县级市、市科技局") == ["各区、县级市", "市科技局"]
    assert split_units("各区、市财政局") == ["各区", "市财政局"]
    assert split_units("各乡镇、街道，市科技局") == ["各乡镇、街道", "市科技局"]
    assert split_units("各有关单位、市政府") == ["各有关单位", "市政府"]  # 各有关单位 lists no kinds


def test_without_unit_sheet_collectives_are_not_units(tmp_path):
    built = Built(tmp_path, table_sheets(rows(
        ("1.培育企业。", "市科技局", "各区、县级市，市财政局"),
        ("2.建设平台。", "市财政局", "市级各有关部门"),
    )))
    assert not built.check.errors, built.problems
    assert named(built) == ["市科技局", "市财政局"]
    assert collectives(built) == {"各区、县级市", "市级各有关部门"}
    assert_documents_for(built, {
        "市科技局": [("1.培育企业。", "牵头")],
        "市财政局": [("2.建设平台。", "牵头"), ("1.培育企业。", "配合")],
    })


# -- 2. the 单位 sheet can say otherwise ----------------------------------------------------------------


def test_unit_sheet_declares_collectives_and_units(tmp_path):
    units = [["简称", "全称", "别名", "类型"], *[[*u, None] for u in UNITS[1:]],
             ["驻嘉单位", None, None, "集体"],         # not a collective by its form: declared one
             ["市委各专班", "测试市委专班办公室", None, "单位"],  # a collective by its form: declared a unit
             ["各成员单位", None, None, None]]          # listed without 类型: a unit, with a warning
    built = Built(tmp_path, table_sheets(rows(
        ("1.培育企业。", "市科技局", "驻嘉单位、市委各专班"),
        ("2.建设平台。", "各成员单位", "市财政局"),
    ), units))
    assert not built.check.errors, built.problems
    assert collectives(built) == {"驻嘉单位"}
    warning = next(p for p in built.check.warnings if p.location.sheet == "单位")
    assert warning.location.cell == "A7" and "各成员单位" in warning.message and "类型" in warning.fix
    assert_documents_for(built, {
        "市科技局": [("1.培育企业。", "牵头")],
        "市财政局": [("2.建设平台。", "配合")],
        "市委各专班": [("1.培育企业。", "配合")],
        "各成员单位": [("2.建设平台。", "牵头")],
    })


def test_unknown_unit_kind_is_an_error_naming_its_cell(tmp_path):
    units = [["简称", "类型"], ["市科技局", "部门"]]
    result = api.check(write(tmp_path / "t.xlsx", table_sheets(rows(("1.培育企业。", "市科技局", "")), units)))
    error = next(p for p in result.errors)
    assert str(error).startswith(f"{tmp_path / 't.xlsx'} 单位!B2：类型“部门”无法识别——请填写“集体”")


def test_unit_sheet_still_catches_unknown_units(tmp_path):
    result = api.check(write(tmp_path / "t.xlsx", table_sheets(rows(("1.培育企业。", "市科枝局", "各有关单位")),
                                                               UNITS)))
    assert [str(p) for p in result.errors] == [
        f"{tmp_path / 't.xlsx'} 任务分解!E2（牵头单位）：单位“市科枝局”不在“单位”表中——是否应为“市科技局”？"
        "如确为新单位，请先在“单位”表中添加"]


# -- 3. back-references --------------------------------------------------------------------------------


def test_back_references_are_kept_and_get_no_letter(tmp_path):
    built = Built(tmp_path, table_sheets(rows(
        ("1.培育企业。", "市科技局", "各项目牵头单位"),
        ("2.建设平台。", "有关牵头单位", "市财政局"),
        ("3.完善政策。", "市统计局", "相关牵头单位、市财政局"),
    ), UNITS))
    assert not built.check.errors, built.problems
    assert collectives(built) == {"各项目牵头单位", "有关牵头单位", "相关牵头单位"}
    cells = {p.location.cell for p in built.check.warnings if "指别处写明的单位" in p.message}
    assert cells == {"F2", "E3", "F4"}
    assert_documents_for(built, {
        "市科技局": [("1.培育企业。", "牵头")],
        "市财政局": [("2.建设平台。", "配合"), ("3.完善政策。", "配合")],
        "市统计局": [("3.完善政策。", "牵头")],
    })
    assert [r[1:] for r in built.notice_rows()] == [("市科技局", "各项目牵头单位"), ("有关牵头单位", "市财政局"),
                                                   ("市统计局", "相关牵头单位、市财政局")]


# -- 4. text pasted from a Word notice ----------------------------------------------------------------


def test_pasted_role_labels_are_read_into_roles(tmp_path):
    built = Built(tmp_path, table_sheets(rows(
        ("1.培育企业。", "（牵头单位：市科技局，配合单位：市财政局、市统计局）", ""),
        ("2.建设平台。", "〔责任单位：市财政局、市统计局〕", ""),
        ("3.完善政策。", "牵头单位：市统计局；配合单位：市科技局", "各有关单位"),
        ("4.加强监测。", "市科技局、市财政局牵头，市统计局配合", ""),
    ), UNITS))
    assert not built.check.errors, built.problems
    assert measures(built) == [
        (("市科技局",), ("市财政局", "市统计局")),
        (("市财政局", "市统计局"), ()),
        (("市统计局",), ("市科技局", "各有关单位")),
        (("市科技局", "市财政局"), ("市统计局",)),
    ]
    assert_documents_for(built, {
        "市科技局": [("1.培育企业。", "牵头"), ("4.加强监测。", "牵头"), ("3.完善政策。", "配合")],
        "市财政局": [("2.建设平台。", "牵头"), ("4.加强监测。", "牵头"), ("1.培育企业。", "配合")],
        "市统计局": [("2.建设平台。", "牵头"), ("3.完善政策。", "牵头"),
                     ("1.培育企业。", "配合"), ("4.加强监测。", "配合")],
    })
    # the labels became columns: each column prints its role's names (a suffix kept in its own column)
    assert built.notice_rows() == [
        ("1.培育企业。", "市科技局", "市财政局、市统计局"),
        ("2.建设平台。", "市财政局、市统计局", ""),
        ("3.完善政策。", "市统计局", "市科技局、各有关单位"),
        ("4.加强监测。", "市科技局、市财政局牵头", "市统计局"),
    ]


def test_a_listed_name_is_never_cut_by_a_role_suffix(tmp_path):
    units = UNITS + [["市场主体协办"]]
    built = Built(tmp_path, table_sheets(rows(("1.培育企业。", "市科技局", "市场主体协办")), units))
    assert measures(built) == [(("市科技局",), ("市场主体协办",))]


def test_duty_phrases_are_warnings_and_name_no_unit(tmp_path):
    built = Built(tmp_path, table_sheets(rows(
        ("1.培育企业。", "市科技局", "按职责分工负责"),
        ("2.建设平台。", "市财政局按职责分工负责", "各有关单位"),
    ), UNITS))
    assert not built.check.errors, built.problems
    assert measures(built) == [(("市科技局",), ("按职责分工负责",)), (("市财政局",), ("各有关单位",))]
    assert "按职责分工负责" in collectives(built)
    found = {(p.location.cell, p.message) for p in built.check.warnings}
    assert ("F2", "“按职责分工负责”是分工说明，不是单位名称：已照录，不会据此向任何单位发交办函") in found
    assert ("E3", "“市财政局按职责分工负责”已按“市财政局”读取，“按职责分工负责”照录") in found
    assert_documents_for(built, {"市科技局": [("1.培育企业。", "牵头")], "市财政局": [("2.建设平台。", "牵头")]})
    assert built.notice_rows()[1] == ("2.建设平台。", "市财政局按职责分工负责", "各有关单位")


@pytest.mark.parametrize("text, reason, hint", [
    ("市科技局负责统筹", "含有“负责”", "是否应为“市科技局”？"),
    ("详见附件。", "含有“。”", ""),
    ("备注：另行通知", "含有“：”", ""),
    ("由市科技局会同有关方面研究提出具体实施方案并组织专门力量抓好实施推进", "有34个字，单位名称不超过30个字",
     "是否应为“市科技局”？"),
])
@pytest.mark.parametrize("with_sheet", [True, False])
def test_a_sentence_never_becomes_a_unit(tmp_path, text, reason, hint, with_sheet):
    """Whether or not a 单位 sheet lists the units (the hint needs one: it knows the names)."""
    source = write(tmp_path / "t.xlsx", table_sheets(rows(("1.培育企业。", "市财政局", text)),
                                                     UNITS if with_sheet else None))
    result = api.check(source)
    hint = hint if with_sheet else ""
    assert [str(p) for p in result.errors] == [
        f"{source} 任务分解!F2（配合单位）：“{text[:23] + '…' if len(text) > 24 else text}”不像单位名称（{reason}），"
        f"不能作为单位发交办函——{hint}单元格中只写单位名称，多个单位用“、”分隔，说明文字请移到“备注”列；"
        "如确是单位名称，请在“单位”表中列出"]
    assert result.table is not None and text not in {u.name for u in result.table.units}
    with pytest.raises(WorkbookInvalid):
        api.build(source, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_long_name_listed_in_the_unit_sheet_is_a_unit(tmp_path):
    long_name = "测试市人民政府国有资产监督管理委员会直属国有企业改革发展服务中心"
    assert len(long_name) > 30
    built = Built(tmp_path, table_sheets(rows(("1.培育企业。", "市科技局", long_name)), UNITS + [[long_name]]))
    assert not built.check.errors, built.problems
    assert built.letters()[long_name] == [("1.培育企业。", "配合")]


def test_a_sentence_naming_a_collective_is_a_warning(tmp_path):
    built = Built(tmp_path, table_sheets(rows(("1.培育企业。", "市科技局", "各有关单位积极配合。")), UNITS))
    assert not built.check.errors, built.problems
    warning = next(p for p in built.check.warnings if p.location.cell == "F2")
    assert warning.message == "“各有关单位积极配合。”像是一句说明而不是名称（含有“。”）：已照录，不单独发函"
    assert_documents_for(built, {"市科技局": [("1.培育企业。", "牵头")]})


# -- 5. standing rules ---------------------------------------------------------------------------------


def test_standing_rule_in_a_unit_cell_is_reported_not_applied(tmp_path):
    built = Built(tmp_path, table_sheets(rows(
        ("1.培育企业。", "市科技局", "具体任务均涉及各区、县级市，不再做分工，下同"),
        ("2.建设平台。", "市财政局", ""),
        ("3.完善政策。", "市统计局", "市科技局"),
    ), UNITS))
    assert not built.check.errors, built.problems
    rule = "具体任务均涉及各区、县级市，不再做分工，下同"
    assert measures(built) == [(("市科技局",), (rule,)), (("市财政局",), ()), (("市统计局",), ("市科技局",))]
    warning = next(p for p in built.check.warnings if p.location.cell == "F2")
    assert warning.message == (f"“{rule}”是对下面各行的约定，taskdoc 没有把它套用到第3—4行："
                               "这些行只按各自单元格中写明的单位交办；这句说明照录，不单独发函")
    assert "请在这些行的这一列写明单位名称" in warning.fix
    assert_documents_for(built, {
        "市科技局": [("1.培育企业。", "牵头"), ("3.完善政策。", "配合")],
        "市财政局": [("2.建设平台。", "牵头")],
        "市统计局": [("3.完善政策。", "牵头")],
    })
    assert built.notice_rows()[0] == ("1.培育企业。", "市科技局", rule)


def test_standing_rule_beside_unit_names_keeps_the_names(tmp_path):
    built = Built(tmp_path, table_sheets(rows(
        ("1.培育企业。", "市科技局", "市财政局、市统计局，下同"),
        ("2.建设平台。", "市科技局", ""),
    ), UNITS))
    assert measures(built)[0] == (("市科技局",), ("市财政局", "市统计局", "下同"))
    assert [p.location.cell for p in built.check.warnings if "约定" in p.message] == ["F2"]
    assert built.letters()["市财政局"] == [("1.培育企业。", "配合")]  # not 2.: the rule is not applied


def test_standing_rule_in_the_note_column(tmp_path):
    data = table_sheets(rows(
        ("1.培育企业。", "市科技局", "市财政局", "各区、县级市配合，下同"),
        ("2.建设平台。", "市科技局", "", "各区、县级市配合，下同"),
        ("3.完善政策。", "市统计局", "", ""),
        note=True), UNITS)
    built = Built(tmp_path, data)
    warnings = [p for p in built.check.warnings if "约定" in p.message]
    assert [(p.location.cell, p.location.column) for p in warnings] == [("G2", "备注")]  # a repeated note: once
    assert "没有把它套用到第4行" in warnings[0].message and "牵头单位、配合单位列" in warnings[0].fix
    assert measures(built) == [(("市科技局",), ("市财政局",)), (("市科技局",), ()), (("市统计局",), ())]


# -- 6. the notice prints unit lists as typed; the model keeps that only where it differs -----------------


def test_typed_text_is_kept_in_the_snapshot_only_where_it_differs(tmp_path):
    built = Built(tmp_path, table_sheets(rows(
        ("1.培育企业。", "市科技局", "市财政局，各区、县级市"),
        ("2.建设平台。", "市科技局", "市财政局、市统计局"),
    ), UNITS))
    assert built.table is not None
    first, second = (m for _, _, m in built.table.measures())
    assert (first.cooperating_text, second.cooperating_text, first.lead_text) == ("市财政局，各区、县级市", "", "")
    data = snapshot.to_data(built.table)
    saved = data["parts"][0]["clauses"][0]["measures"]
    assert saved[0]["cooperating_text"] == "市财政局，各区、县级市"
    assert "cooperating_text" not in saved[1] and "lead_text" not in saved[0]  # no hash moves for tables without
    assert snapshot.from_data(data) == built.table


# -- 7. what is not a unit however it is written (an adversarial trial's findings) ------------------------


@pytest.mark.parametrize("with_sheet", [True, False])
def test_placeholders_are_not_units(tmp_path, with_sheet):
    built = Built(tmp_path, table_sheets(rows(
        ("1.培育企业。", "市科技局", "无"),
        ("2.建设平台。", "同上", "同上"),
        ("3.完善政策。", "市财政局", "—"),
        ("4.加强监测。", "市统计局", "/"),
        ("5.优化服务。", "市统计局", "待定、详见附件"),
    ), UNITS if with_sheet else None))
    assert not built.check.errors, built.problems
    assert measures(built)[1] == (("同上",), ("同上",))
    assert_documents_for(built, {
        "市科技局": [("1.培育企业。", "牵头")],
        "市财政局": [("3.完善政策。", "牵头")],
        "市统计局": [("4.加强监测。", "牵头"), ("5.优化服务。", "牵头")],
    })
    found = {p.location.cell: p for p in built.check.warnings}
    assert {"F2", "E3", "F3", "F4", "F5", "F6"} <= set(found)
    assert found["E3"].message.startswith("“同上”不是单位名称：taskdoc 没有把上一行的单位套用到这里")
    assert "写明这些单位的名称" in found["E3"].fix and "合并" in found["E3"].fix
    assert not [p for p in built.check.warnings if "同时是牵头单位和配合单位" in p.message]
    assert built.notice_rows()[1] == ("2.建设平台。", "同上", "同上")


@pytest.mark.parametrize("text, names", [
    ("乡镇、街道", ("乡镇、街道",)), ("县级市、市财政局", ("县级市", "市财政局")),
    ("县级市人民政府", ("县级市人民政府",)),
    ("镇街", ("镇街",)), ("乡镇人民政府", ("乡镇人民政府",)), ("区、县级市", ("区、县级市",)),
    ("各区，县级市", ("各区", "县级市")), ("各区,县级市", ("各区", "县级市")),
])
@pytest.mark.parametrize("with_sheet", [True, False])
def test_a_name_made_only_of_area_kinds_is_a_collective(tmp_path, text, names, with_sheet):
    built = Built(tmp_path, table_sheets(rows(("1.培育企业。", "市科技局", text)), UNITS if with_sheet else None))
    assert not built.check.errors, built.problems
    assert measures(built) == [(("市科技局",), names)]
    letters = {"市科技局": [("1.培育企业。", "牵头")]}
    if "市财政局" in names:
        letters["市财政局"] = [("1.培育企业。", "配合")]
    assert_documents_for(built, letters)
    assert built.notice_rows() == [("1.培育企业。", "市科技局", text)]


def test_the_level_own_government_and_a_zone_are_units(tmp_path):
    built = Built(tmp_path, table_sheets(rows(("1.培育企业。", "市政府", "区人民政府、高新区、开发区管委会"))))
    assert named(built) == ["市政府", "区人民政府", "高新区", "开发区管委会"]


@pytest.mark.parametrize("with_sheet", [True, False])
def test_related_departments_in_the_middle_of_a_name_are_a_collective(tmp_path, with_sheet):
    built = Built(tmp_path, table_sheets(rows(("1.培育企业。", "市科技局", "市直有关部门、市有关部门、省直相关单位")),
                                         UNITS if with_sheet else None))
    assert not built.check.errors, built.problems
    assert collectives(built) == {"市直有关部门", "市有关部门", "省直相关单位"}
    assert_documents_for(built, {"市科技局": [("1.培育企业。", "牵头")]})


def test_a_role_in_brackets_is_read_as_the_role(tmp_path):
    built = Built(tmp_path, table_sheets(rows(
        ("1.培育企业。", "市科技局（牵头），市财政局", ""),
        ("2.建设平台。", "", "市科技局(牵头)、市统计局"),
        ("3.完善政策。", "市统计局", "市财政局（配合）"),
    ), UNITS))
    assert not built.check.errors, built.problems
    assert measures(built) == [(("市科技局", "市财政局"), ()), (("市科技局",), ("市统计局",)),
                               (("市统计局",), ("市财政局",))]
    assert_documents_for(built, {
        "市科技局": [("1.培育企业。", "牵头"), ("2.建设平台。", "牵头")],
        "市财政局": [("1.培育企业。", "牵头"), ("3.完善政策。", "配合")],
        "市统计局": [("3.完善政策。", "牵头"), ("2.建设平台。", "配合")],
    })
    assert built.notice_rows()[0] == ("1.培育企业。", "市科技局（牵头），市财政局", "")


@pytest.mark.parametrize("with_sheet", [True, False])
def test_a_name_typed_with_other_brackets_letters_or_quotes_is_the_same_unit(tmp_path, with_sheet):
    units = UNITS + [["市政府办公室（市金融办）"], ["市AB局"]]
    built = Built(tmp_path, table_sheets(rows(
        ("1.培育企业。", "市政府办公室(市金融办)", "市ＡＢ局"),
        ("2.建设平台。", "市政府办公室（市金融办）", "市AB局"),
        ("3.完善政策。", "“市科技局”", "市科技局"),
        ("4.加强监测。", "市科技局", ""),
    ), units if with_sheet else None))
    assert not built.check.errors, built.problems
    office = "市政府办公室（市金融办）" if with_sheet else "市政府办公室(市金融办)"
    ab = "市AB局" if with_sheet else "市ＡＢ局"
    assert measures(built) == [((office,), (ab,)), ((office,), (ab,)), (("市科技局",), ()), (("市科技局",), ())]
    letters = built.letters()
    assert letters[office] == [("1.培育企业。", "牵头"), ("2.建设平台。", "牵头")]
    assert letters[ab] == [("1.培育企业。", "配合"), ("2.建设平台。", "配合")]
    assert letters["市科技局"] == [("3.完善政策。", "牵头"), ("4.加强监测。", "牵头")]
    assert [r[1:] for r in built.notice_rows()[:3]] == [  # printed as typed
        ("市政府办公室(市金融办)", "市ＡＢ局"), ("市政府办公室（市金融办）", "市AB局"), ("“市科技局”", "")]
    assert any(p.location.cell == "E2" and "半角标点" in p.message for p in built.check.warnings)


@pytest.mark.parametrize("text, names", [
    ("市科技局　市财政局", ("市科技局", "市财政局")), ("市统计局 市财政局", ("市统计局", "市财政局")),
    ("市科技局和市财政局", ("市科技局", "市财政局")), ("市统计局与市财政局", ("市统计局", "市财政局")),
    ("市科技局/市财政局", ("市科技局", "市财政局")), ("1.市科技局 2.市财政局", ("市科技局", "市财政局")),
    ("1、市科技局、2、市财政局", ("市科技局", "市财政局")),
])
@pytest.mark.parametrize("with_sheet", [True, False])
def test_two_units_typed_as_one_name_are_split(tmp_path, text, names, with_sheet):
    built = Built(tmp_path, table_sheets(rows(("1.培育企业。", "市统计局" if "统计" not in text else "市科技局", text)),
                                         UNITS if with_sheet else None))
    assert not built.check.errors, built.problems
    assert measures(built)[0][1] == names
    assert set(built.letters()) == {"市科技局", "市财政局", "市统计局"}


def test_a_name_with_a_space_that_is_not_two_units_is_kept_with_a_warning(tmp_path):
    built = Built(tmp_path, table_sheets(rows(("1.培育企业。", "市科技局", "市住房和城乡建设局、市科技 财政"))))
    assert measures(built)[0][1] == ("市住房和城乡建设局", "市科技 财政")
    warning = next(p for p in built.check.warnings if p.location.cell == "F2")
    assert "市科技 财政" in warning.message and "用“、”分隔" in warning.fix


def test_etc_names_its_unit_and_warns_about_the_others(tmp_path):
    built = Built(tmp_path, table_sheets(rows(
        ("1.培育企业。", "市科技局", "市财政局等"),
        ("2.建设平台。", "市统计局等部门", ""),
    ), UNITS))
    assert not built.check.errors, built.problems
    assert measures(built) == [(("市科技局",), ("市财政局",)), (("市统计局",), ())]
    warnings = {p.location.cell: p for p in built.check.warnings}
    assert warnings["E3"].message == "“市统计局等部门”已按“市统计局”读取：“等”所指的其他单位没有写明，不会收到交办函"
    assert "F2" in warnings
    assert built.notice_rows() == [("1.培育企业。", "市科技局", "市财政局等"), ("2.建设平台。", "市统计局等部门", "")]


def test_the_hint_for_names_typed_together_keeps_every_unit(tmp_path):
    result = api.check(write(tmp_path / "t.xlsx", table_sheets(rows(("1.培育企业。", "市科技局市财政局", "")), UNITS)))
    assert "是否应为“市科技局、市财政局”？" in result.errors[0].fix


def test_standing_rule_in_a_merged_cell_at_the_end_says_there_are_no_rows_after_the_merge(tmp_path):
    rule = "市财政局，下同"
    built = Built(tmp_path, table_sheets(rows(
        ("1.培育企业。", "市科技局", "市统计局"),
        ("2.建设平台。", "市科技局", rule),
        ("3.完善政策。", "市科技局", None),
    ), UNITS), merges={"任务分解": ["F3:F4"]})
    assert measures(built)[1:] == [(("市科技局",), ("市财政局", "下同"))] * 2
    warning = next(p for p in built.check.warnings if "约定" in p.message)
    assert warning.location.cell == "F3"
    assert warning.message == (f"“{rule}”是对下面各行的约定，但这个合并单元格（第3—4行）之后没有别的行，"
                               "这条约定不涉及任何行；这句说明照录，不单独发函")
    assert "套用" not in warning.message


def test_standing_rule_in_a_merged_cell_names_the_rows_after_the_merge(tmp_path):
    built = Built(tmp_path, table_sheets(rows(
        ("1.培育企业。", "市科技局", "市财政局，下同"),
        ("2.建设平台。", "市科技局", None),
        ("3.完善政策。", "市统计局", ""),
    ), UNITS), merges={"任务分解": ["F2:F3"]})
    warning = next(p for p in built.check.warnings if "约定" in p.message)
    assert "没有把它套用到第4行" in warning.message


def test_check_summary_lists_names_without_letters_by_kind(tmp_path):
    from generator.cli.console import check_report

    source = write(tmp_path / "t.xlsx", table_sheets(rows(
        ("1.培育企业。", "市科技局", "各区、县级市、各有关区、县级市"),
        ("2.建设平台。", "市财政局", "各项目牵头单位"),
        ("3.完善政策。", "市统计局", "按职责分工负责"),
        ("4.加强监测。", "市统计局", "同上"),
    ), UNITS))
    report = check_report(str(source), api.check(source))
    assert "  集体名称（照录，不单独发函）：各区、县级市；各有关区、县级市" in report.splitlines()
    assert "  回指（照录，不单独发函）：各项目牵头单位" in report.splitlines()
    assert "  说明（照录，不单独发函）：按职责分工负责" in report.splitlines()
    assert "  占位（照录，不单独发函）：同上" in report.splitlines()


@pytest.mark.parametrize("typed, names", [
    ("各区、高新区管委会", [("各区", "collective"), ("高新区管委会", "unit")]),  # a zone is its own unit
    ("各县（市、区）、开发区管委会", [("各县（市、区）", "collective"), ("开发区管委会", "unit")]),
    ("各区人民政府、管委会", [("各区人民政府、管委会", "collective")]),  # a body alone: never a unit of its own
    ("各区、县级市及市科技局", [("各区、县级市", "collective"), ("市科技局", "unit")]),  # 及 before the list of kinds
])
def test_lists_of_kinds_end_where_a_unit_begins(typed, names):
    from generator.model import Role
    from generator.workbook.units import UnitRegistry

    read = UnitRegistry().read_cell(typed, Role.LEAD)
    assert [(p.name, p.kind) for p in read.pieces(Role.LEAD)] == names
