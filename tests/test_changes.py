"""The model-level diff: each edit scenario on the shipped workbook gives exactly the expected
changes, wording marks and affected units; reformatting and reordering rows give none."""

from __future__ import annotations

import dataclasses
import random

import pytest

from generator.cli.console import marked
from generator.snapshot import snapshot_hash
from generator.versions.changes import Area, ChangeKind, Diff, compare
from generator.versions.matching import wording
from generator.workbook.reader import read_workbook

from . import shipped

TABLE_UNITS_OF_3 = {"市工信局", "市科技局", "市发改委", "市政府国资委", "市财政局"}  # clause （三）


def edited(tmp_path, edit) -> Diff:
    """The shipped table compared with a copy edited by `edit(sheets)`."""
    data = shipped.sheets()
    edit(data)
    result = read_workbook(shipped.save(data, tmp_path / "edited.xlsx"))
    assert not result.errors, [str(p) for p in result.errors]
    return compare(read_workbook(shipped.SHIPPED).table, result.table)


def rows(diff: Diff) -> list[tuple[str, str, str]]:
    return [(c.area, c.where, c.note) for c in diff.changes]


def affected(diff: Diff) -> dict[str, tuple[str, ...]]:
    return {u.unit: u.items for u in diff.units}


def test_unmerged_and_reordered_rows_are_no_change(tmp_path):
    def edit(data):
        head, *notice = data["发文信息"]
        random.Random(7).shuffle(notice)  # key | value rows in another order
        data["发文信息"] = [head, *notice]
        head, *units = data["单位"]  # official order comes from the 排序 column, not the row order
        data["单位"] = [head, *reversed(units)]

    result = edited(tmp_path, edit)  # merged cells written out in every row: another format
    assert rows(result) == [] and result.units == () and not result.changed
    assert len(result.unchanged) == 18


def test_reworded_measure_is_marked_character_by_character(tmp_path):
    result = edited(tmp_path, lambda d: shipped.reword(d, "鼓励企业建立研发准备金制度", "鼓励企业设立研发准备金制度"))
    assert rows(result) == [("任务分解", "（三）第2条措施", "改写")]
    change = result.changes[0]
    assert marked(change.segments) == "2.鼓励企业[-建-]{+设+}立研发准备金制度，积极申领使用甘肃省科技创新券。"
    assert change.old.startswith("2.鼓励企业建立") and change.new.startswith("2.鼓励企业设立")
    assert set(affected(result)) == TABLE_UNITS_OF_3
    assert all(items == ("措施改写（三）2.",) for items in affected(result).values())
    assert "市税务局" in result.unchanged and "市科技局" not in result.unchanged


def test_added_measure(tmp_path):
    def edit(data):
        i = shipped.row_of(data, 3, "3.实施规上科技型工业企业研发机构倍增计划")
        row = list(data["任务分解"][i])
        row[3], row[4], row[5] = "4.建立规上工业企业研发活动统计台账。", "市科技局", "市统计局"
        data["任务分解"].insert(i + 1, row)

    result = edited(tmp_path, edit)
    assert rows(result) == [("任务分解", "（三）第4条措施", "新增措施")]
    assert result.changes[0].new == "4.建立规上工业企业研发活动统计台账。（牵头单位：市科技局；配合单位：市统计局）"
    assert affected(result) == {"市科技局": ("新增牵头任务（三）4.",), "市统计局": ("新增配合任务（三）4.",)}


def test_removed_clause_renumbers_the_rest_without_removing_them(tmp_path):
    result = edited(tmp_path, lambda d: shipped.remove_clause(d, 5))
    assert rows(result) == [
        ("任务分解", "原（五）", "删除条款（含5条措施）"),
        ("任务分解", "（五）至（十九）", "条款序号调整，内容未变"),
    ]
    assert result.changes[1].old == "（六）至（二十）"
    units = affected(result)
    assert units["市政府金融办"][0] == "牵头任务已删除（五）1.、2.、3.、4.、5."
    assert units["人行嘉峪关中心支行"] == ("配合任务已删除（五）1.、2.、3.、4.、5.",)
    assert result.dropped == ("人行嘉峪关中心支行", "嘉峪关银保监分局")  # (五) was their only task
    # every unit with a task after (五) sees its clause numbers change in its letter
    assert units["市统计局"] == ("条款序号调整（十九）→（十八）、（二十）→（十九）",)
    assert result.unchanged == ()


def test_unit_moved_from_cooperating_to_lead(tmp_path):
    def edit(data):
        for r in data["任务分解"]:
            if str(r[1]).startswith("（三）"):
                r[4] = "市工信局、市科技局、市财政局"
                r[5] = "市发改委、市政府国资委"

    result = edited(tmp_path, edit)
    assert rows(result) == [
        ("任务分解", "（三）第1—3条措施 牵头单位", "市财政局由配合改为牵头"),
        ("任务分解", "（三）第1—3条措施 配合单位", "市财政局改为牵头"),
    ]
    assert result.changes[0].old == "市工信局、市科技局" and result.changes[0].new == "市工信局、市科技局、市财政局"
    units = affected(result)
    assert units["市财政局"] == ("由配合改为牵头（三）1.、2.、3.",)
    assert units["市科技局"] == ("分工单位调整（三）1.、2.、3.",)  # the other units named with it changed
    assert set(units) == TABLE_UNITS_OF_3


def test_changed_document_number_affects_no_unit_tasks(tmp_path):
    result = edited(tmp_path, lambda d: shipped.set_notice(d, "发文字号", "嘉政办发〔2020〕99号"))
    assert rows(result) == [("发文信息", "发文字号", "修改")]
    assert marked(result.changes[0].segments) == "嘉政办发〔2020〕[-86-]{+99+}号"
    assert result.units == () and len(result.unchanged) == 18


def test_renumbered_clause_with_same_text_is_moved_not_replaced(shipped_table):
    """Swapping two clauses of a part: both are matched, neither reported removed or added."""
    part = shipped_table.parts[1]
    a, b = part.clauses[0], part.clauses[1]
    swapped = dataclasses.replace(part, clauses=(dataclasses.replace(b, number=a.number),
                                                 dataclasses.replace(a, number=b.number), *part.clauses[2:]))
    new = dataclasses.replace(shipped_table, parts=(shipped_table.parts[0], swapped, *shipped_table.parts[2:]))
    result = compare(shipped_table, new)
    assert [c.kind for c in result.changes] == [ChangeKind.RENUMBERED, ChangeKind.RENUMBERED]
    assert [(c.old, c.new) for c in result.changes] == [("（四）", "（三）"), ("（三）", "（四）")]


@pytest.mark.parametrize("old, new, expected", [
    ("abc", "abc", "abc"),
    ("", "新", "{+新+}"),
    ("市科技局牵头", "市财政局牵头", "市[-科技-]{+财政+}局牵头"),
    ("建立研发制度", "设立研发管理制度", "[-建-]{+设+}立研发{+管理+}制度"),
    # one kept character between two changes is folded into them
    ("甲乙丙", "丁乙戊", "[-甲乙丙-]{+丁乙戊+}"),
])
def test_wording(old, new, expected):
    segments = wording(old, new)
    assert marked(segments) == expected
    assert "".join(t for op, t in segments if op != "+") == old
    assert "".join(t for op, t in segments if op != "-") == new


def test_any_model_change_is_reported(shipped_table):
    """diff and issue agree: whenever the snapshot changes, the diff is not empty."""
    notice = dataclasses.replace(shipped_table.notice, cc=shipped_table.notice.cc + "，市纪委监委")
    reporting = dataclasses.replace(shipped_table.reporting, contact="张三")
    for new in (dataclasses.replace(shipped_table, notice=notice),
                dataclasses.replace(shipped_table, reporting=reporting),
                dataclasses.replace(shipped_table, units=shipped_table.units[::-1])):
        assert snapshot_hash(new) != snapshot_hash(shipped_table)
        assert compare(shipped_table, new).changed


def test_notice_values_are_compared_as_the_clerk_reads_them(shipped_table):
    """Flags, the letters' format, dates and the body are shown as words, dates and paragraphs."""
    n = shipped_table.notice
    notice = dataclasses.replace(n, seal=False, letter_format="red", print_date=None,
                                 body=(*n.body, "特此通知。"), remarks=(*n.remarks, ("份号", "以此为准")))
    result = compare(shipped_table, dataclasses.replace(shipped_table, notice=notice))
    changes = {c.where: c for c in result.changes}
    assert [c.area for c in result.changes] == [Area.NOTICE] * 5 and result.units == ()
    assert (changes["印章"].old, changes["印章"].new) == ("有", "无")
    assert (changes["交办函格式"].old, changes["交办函格式"].new) == ("信函格式", "红头")
    assert changes["印发日期"].old == "2020年9月17日" and changes["印发日期"].note == "删除"
    assert changes["正文"].new.endswith("\n特此通知。") and changes["正文"].kind is ChangeKind.EDITED
    assert changes["备注"].new.endswith("\n份号：以此为准") and changes["备注"].note == "修改"


def test_areas_and_kinds_read_as_the_documents_show_them(tmp_path):
    """The 修订对照表 prints an area's value and counts the changes by kind."""
    assert [a.value for a in Area] == ["发文信息", "表头", "任务分解", "单位", "报送"]
    result = edited(tmp_path, lambda d: shipped.remove_clause(d, 5))
    assert f"{result.changes[0].area}" == "任务分解"
    assert (result.count(ChangeKind.REMOVED), result.count(ChangeKind.RENUMBERED)) == (1, 1)
    assert result.count(ChangeKind.REMOVED, Area.NOTICE) == result.count(ChangeKind.ADDED) == 0


def test_changes_of_the_table_shape_are_named_not_a_crash(shipped_table):
    """The headers' newer fields (序号 column, column order, 责任单位 flags) each show as a change."""
    import dataclasses

    from generator.versions.changes import compare

    h = shipped_table.headers
    new = dataclasses.replace(shipped_table, headers=dataclasses.replace(
        h, serial="序号", responsible=True, first_leads=True,
        order=("serial", "clause", "part", "content", "measure", "lead", "cooperating", "note")))
    shown = {(c.where, c.old, c.new) for c in compare(shipped_table, new).changes}
    assert ("序号列表头", "（无此列）", "序号") in shown
    assert ("单位列", "牵头单位（分牵头、配合）", "责任单位（共同负责）") in shown
    assert ("责任单位分工", "共同负责", "首个单位牵头") in shown
    assert any(where == "列的顺序" and new.startswith("序号、条款、部分") for where, _, new in shown)


def test_a_flat_table_and_a_four_level_table_are_compared_item_by_item(tmp_path):
    """Reissuing a table of another shape: each edited item is named by its own number and each
    unit whose tasks changed is listed; the 修订对照表 is written."""
    from generator import api

    from .helpers import sheets, write

    flat = [["序号", "工作任务", "责任单位"], [1, "建设平台。", "市科技局"], [2, "完善政策。", "市财政局"],
            [3, "做丙。", "市统计局"]]
    four = [["工作任务", "牵头单位", "配合单位"], ["一、总体要求", None, None], ["（一）加快创新", None, None],
            ["1.推进实验室建设", "市科技局", "市财政局"], ["（1）建设实验室。", None, None],
            ["（2）引进人才。", None, None], ["2.完善政策。", "市财政局", None]]
    for name, rows, edit, expected in (
            ("flat", flat, lambda r: r.__setitem__(2, [2, "完善政策体系。", "市统计局"]),
             {("第2条措施", "2.完善政策。", "2.完善政策体系。"), ("第2条措施 责任单位", "市财政局", "市统计局")}),
            ("four", four, lambda r: r.__setitem__(5, ["（2）引进高端人才。", "市统计局", None]),
             {("（一）第2条措施", "（2）引进人才。", "（2）引进高端人才。"),
              ("（一）第2条措施 牵头单位", "市科技局", "市统计局")})):
        data = sheets()
        data["任务分解"] = rows
        source = write(tmp_path / f"{name}.xlsx", data)
        out = tmp_path / name
        api.issue(source, out, same_number=True)
        edit(rows)
        write(source, data)
        diff = api.diff(source, out).diff
        assert expected <= {(c.where, c.old, c.new) for c in diff.changes}, name
        assert "市统计局" in {u.unit for u in diff.units}, name
        api.issue(source, out, same_number=True)
        assert list(out.rglob("修订对照表.docx")), name
