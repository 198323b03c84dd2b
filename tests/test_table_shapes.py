"""Task tables as other offices type them (issue 12): one workbook per shape or unit pattern, and
combinations of them, each read (the model: levels, headings and numbers as written, units per item
and role, collectives, the office's columns in order) and built (each named unit's letter lists
exactly its items; no letter, form or matrix row for a collective; the notice's table prints the
office's columns in its order, every item and heading; no document prints a column the office's
table does not have).

Assertions on documents that the renderers do not meet yet are marked xfail(strict=True), each with
what is missing, so that they turn into failures to unmark as the renderers land.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator import api
from generator.model import TaskTable
from generator.workbook.reader import ReadResult

from .helpers import Built, table_sheets, write
from .shapes import (
    HeadingRow,
    assert_documents,
    build,
    carried,
    collectives,
    form_header,
    form_paths,
    form_rows,
    heading,
    in_order,
    items,
    letter_paths,
    letter_rows,
    letter_units,
    merges,
    notice_header,
    notice_items,
    notice_rows,
    office_headers,
    phantoms,
    spanning_rows,
    tree,
    unit_sheet,
    units_of,
)

# -- what does not work yet --------------------------------------------------------------------------------
# (document kind, shape) -> what is missing at the last commit; a test of it is marked xfail(strict=True)
# with this reason, so that it fails, and the entry is removed, as the renderer lands. A READER BUG: the
# model itself is wrong.

KINDS = ("documents", "notice", "letters", "forms")
_ALL = ("flat", "two_merged", "two_serial", "three_columns", "three_rows_running", "three_rows_restart",
        "clause_column_part_rows", "four_levels", "four_levels_serial", "numbering_styles", "circled", "circled_serial",
        "unnumbered_columns", "unnumbered_heading", "roles", "collectives_listed", "collectives_unlisted", "unit_kinds",
        "responsible", "extra_columns")
TODAY: dict[tuple[str, str], str] = {}
# shapes whose documents are not compared item by item (their own tests check the model read)
UNREADABLE = {"unnumbered_in_place", "extra_first"}


def today(kind: str, name: str) -> Callable[[Callable], Callable]:
    """xfail(strict=True) with TODAY's reason for this kind of document of this shape, if it has one."""
    reason = TODAY.get((kind, name))
    return pytest.mark.xfail(reason=reason, strict=True) if reason else lambda test: test


# -- the workbooks ---------------------------------------------------------------------------------------

Shape = tuple[list[list], list[list] | None, tuple[str, ...]]  # table rows, 单位 sheet, more merged ranges
SHAPES: dict[str, Callable[[], Shape]] = {}


def shape(fn: Callable[[], Shape]) -> Callable[[], Shape]:
    SHAPES[fn.__name__] = fn
    return fn


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Built]:
    """A shape's workbook, written, checked and built once for the module."""
    cache: dict[str, Built] = {}

    def get(name: str) -> Built:
        if name not in cache:
            rows, units, more = SHAPES[name]()
            cache[name] = build(tmp_path_factory.mktemp(name), rows, units, more)
        return cache[name]

    return get


def clean(b: Built) -> None:
    assert b.table is not None, b.problems
    assert not b.check.errors, b.problems


def quiet(b: Built) -> None:
    """Read without a single problem."""
    clean(b)
    assert not b.check.problems, b.problems


FLAT = ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]


@shape
def flat() -> Shape:
    """A flat numbered list: no 部分, no 条款; a lead without 配合单位, several leads (typed `A、B` and
    `A、B牵头`), a collective of kinds that goes on after 、."""
    return [
        FLAT,
        [1, "培育壮大科技型企业。", "市科技局", "市财政局、市统计局", "2024年12月底"],
        [2, "建设重大创新平台。", "市科技局、市财政局", None, "长期坚持"],
        [3, "完善创新人才政策。", "市财政局、市统计局牵头", "各区、县级市", "2024年6月底"],
        [4, "加强科技统计监测。", "市统计局", "市直各有关单位", "每季度"],
    ], unit_sheet(("市科技局", "市财政局", "市统计局")), ()


@shape
def two_merged() -> Shape:
    """Two levels: part headings as rows merged across the table; a 序号 numbering running through the
    whole table; a target without units under the first part."""
    return [
        FLAT,
        heading("一、总体目标", 5),
        [None, "到2025年，高新技术企业达到200家。", None, None, None],
        heading("二、重点任务", 5),
        [1, "培育壮大科技型企业。", "市科技局", "市财政局", "2024年底"],
        [2, "建设重大创新平台。", "市财政局", None, "长期"],
        heading("三、保障措施", 5),
        [3, "加强组织领导。", "市统计局", "各县（市、区）人民政府", "长期"],
        [4, "强化督促检查。", "市统计局", "市科技局及各有关单位", "每半年"],
    ], unit_sheet(("市科技局", "市财政局", "市统计局")), ()


@shape
def two_serial() -> Shape:
    """Two levels: part headings typed as `一` in the 序号 column with the title beside it; the items'
    numbers restart in each part."""
    return [
        ["序号", "重点工作", "牵头单位", "配合单位"],
        ["一", "优化创新生态", None, None],
        [1, "完善科技政策体系。", "市科技局", "市财政局"],
        [2, "强化科技金融支持。", "市财政局", "市科技局"],
        ["二", "强化人才支撑", None, None],
        [1, "引进高层次创新人才。", "市教育局", "相关市（州）人民政府"],
        [2, "培育青年科技人才。", "市教育局、市科技局", None],
    ], unit_sheet(("市科技局", "市财政局", "市教育局")), ()


COLUMNS3 = ["部分", "条款", "任务内容", "落实措施", "牵头单位", "配合单位"]


@shape
def three_columns() -> Shape:
    """Three levels in 部分 and 条款 columns (today's Jiayuguan shape): a part merged down its rows, a
    blank cell continuing the clause above, a clause without measures, a target."""
    return [
        COLUMNS3,
        ["一、总体要求", "（一）指导思想", "坚持创新驱动发展战略。", None, None, None],
        ["一、总体要求", "（二）发展目标", "到2025年创新能力显著提升。", "全社会研发投入年均增长10%以上。", None, None],
        ["二、重点任务", "（三）加强企业创新", "强化企业创新主体地位。", "1.培育科技型企业。", "市科技局",
         "市财政局、市统计局"],
        [None, None, None, "2.建设企业研发平台。", "市科技局", None],
        [None, "（四）优化创新环境", "优化创新创业环境。", "1.完善创新政策。", "市财政局", "各有关单位"],
    ], unit_sheet(("市科技局", "市财政局", "市统计局")), ("A4:A6",)


def _three_rows(running: bool) -> Shape:
    n = iter((1, 2, 3, 4) if running else (1, 2, 1, 1))
    return [
        ["落实措施", "牵头单位", "配合单位", "完成时限"],
        heading("一、总体目标", 4),
        heading("（一）发展目标", 4),
        ["到2025年，建成区域科技创新中心。", None, None, None],
        heading("二、重点任务", 4),
        heading("（二）加强企业创新", 4),
        [f"{next(n)}.培育科技型企业。", "市科技局", "市财政局", "2024年底"],
        [f"{next(n)}.建设企业研发平台。", "市科技局", None, "2025年底"],
        heading("（三）优化创新环境", 4),
        [f"{next(n)}.完善创新政策。", "市财政局", "各有关单位", "长期"],
        heading("三、保障措施", 4),
        heading("（四）加强组织领导", 4),
        [f"{next(n)}.建立工作推进机制。", "市统计局", "市科技局", "长期"],
    ], unit_sheet(("市科技局", "市财政局", "市统计局")), ()


@shape
def three_rows_running() -> Shape:
    """Three levels as heading rows `一、` and `（一）`; items numbered 1 … 4 through the whole table."""
    return _three_rows(running=True)


@shape
def three_rows_restart() -> Shape:
    """Three levels as heading rows `一、` and `（一）`; items numbered afresh in each clause."""
    return _three_rows(running=False)


@shape
def clause_column_part_rows() -> Shape:
    """Three levels: a 条款 column, part headings as merged rows above its clauses."""
    return [
        ["条款", "落实措施", "牵头单位", "配合单位"],
        heading("一、总体要求", 4),
        ["（一）发展目标", "到2025年，研发投入强度达到2.5%。", None, None],
        heading("二、重点任务", 4),
        ["（二）加强企业创新", "1.培育科技型企业。", "市科技局", "市财政局"],
        [None, "2.建设企业研发平台。", "市科技局", None],
        ["（三）优化创新环境", "1.完善创新政策。", "市统计局", "各有关单位"],
    ], unit_sheet(("市科技局", "市财政局", "市统计局")), ()


@shape
def four_levels() -> Shape:
    """Four levels `一、` → `（一）` → `1.` → `（1）`: a group's units given once on its `1.` line (its
    items without units of their own take them), an item with its own units, a `2.` item without
    sub-items, a group line without units over items that name theirs."""
    return [
        ["落实措施", "牵头单位", "配合单位"],
        heading("一、重点任务", 3),
        heading("（一）加强创新平台建设", 3),
        ["1.推进实验室体系建设。", "市科技局", "市财政局"],
        ["（1）建设省级重点实验室。", None, None],
        ["（2）建设市级重点实验室。", None, None],
        ["（3）建设企业实验室。", "市工信局", None],
        ["2.培育新型研发机构。", "市发改委", "市科技局"],
        heading("（二）优化创新环境", 3),
        ["1.完善科技政策体系。", None, None],
        ["（1）出台科技扶持办法。", "市科技局", "各有关单位"],
        ["（2）修订科技奖励细则。", "市财政局", None],
    ], unit_sheet(("市科技局", "市财政局", "市工信局", "市发改委")), ()


@shape
def four_levels_serial() -> Shape:
    """Four levels numbered in a 序号 column: 一 and （一） with their titles beside them, then 1 over
    （1） （2）, the units given once for the group."""
    return [
        ["序号", "工作任务", "牵头单位", "配合单位"],
        ["一", "重点任务", None, None],
        ["（一）", "加强创新平台建设", None, None],
        [1, "推进实验室体系建设。", "市科技局", "市财政局"],
        ["（1）", "建设省级重点实验室。", None, None],
        ["（2）", "建设市级重点实验室。", None, None],
        [2, "培育新型研发机构。", "市统计局", None],
    ], unit_sheet(("市科技局", "市财政局", "市统计局")), ()


@shape
def numbering_styles() -> Shape:
    """Items numbered `1、` `1．` `（1）` `(1)` and full-width `１．`, and item texts that begin with digits
    (`2.5G基站建设。` is item 2, `3.121人才梯队项目` item 3); `①` has workbooks of its own (`circled`)."""
    clauses = [
        ("（一）顿号编号", ["1、培育科技型企业。", "2、建设企业研发平台。"]),
        ("（二）全角点编号", ["1．完善创新政策。", "2．强化要素保障。"]),
        ("（三）括号编号", ["（1）出台扶持办法。", "（2）修订奖励细则。"]),
        ("（四）半角括号编号", ["(1)加强运行监测。", "(2)定期通报进展。"]),
        ("（五）全角数字编号", ["１．引进高端人才。", "２．培养青年人才。"]),
        ("（六）数字开头的措施", ["1.实施创新工程。", "2.5G基站建设。", "3.121人才梯队项目"]),
    ]
    rows = [["部分", "条款", "落实措施", "牵头单位", "配合单位"]]
    for clause, measures in clauses:
        rows += [["一、重点任务", clause, m, "市科技局", "市财政局"] for m in measures]
    return rows, unit_sheet(("市科技局", "市财政局")), ()


@shape
def circled() -> Shape:
    """Items numbered `①` `②` in their text, under a part heading row."""
    return [
        ["落实措施", "牵头单位", "配合单位"],
        heading("一、重点任务", 3),
        ["①加强绩效考核。", "市科技局", "市财政局"],
        ["②加强督促检查。", "市财政局", None],
    ], unit_sheet(("市科技局", "市财政局")), ()


@shape
def circled_serial() -> Shape:
    """Items numbered `①` `②` in a 序号 column."""
    return [
        ["序号", "工作任务", "牵头单位", "配合单位"],
        ["①", "加强绩效考核。", "市科技局", "市财政局"],
        ["②", "加强督促检查。", "市财政局", None],
    ], unit_sheet(("市科技局", "市财政局")), ()


@shape
def unnumbered_columns() -> Shape:
    """An office that never numbers: parts, clauses and items without numbers, in 部分 and 条款 columns."""
    return [
        ["部分", "条款", "落实措施", "牵头单位", "配合单位"],
        ["总体要求", "指导思想", "坚持创新驱动发展战略。", None, None],
        ["重点任务", "加强企业创新", "培育科技型企业。", "市科技局", "市财政局"],
        ["重点任务", "加强企业创新", "建设企业研发平台。", "市科技局", None],
        ["重点任务", "优化创新环境", "完善创新政策。", "市财政局", "各有关单位"],
    ], unit_sheet(("市科技局", "市财政局")), ()


def _unnumbered_heading(third: str) -> Shape:
    return [
        ["落实措施", "牵头单位", "配合单位"],
        heading("一、重点任务", 3),
        ["1.培育科技型企业。", "市科技局", "市财政局"],
        heading("保障措施", 3),
        ["1.加强组织领导。", "市财政局", None],
        heading(f"{third}、工作要求", 3),
        ["1.强化督促检查。", "市科技局", None],
    ], unit_sheet(("市科技局", "市财政局")), ()


@shape
def unnumbered_heading() -> Shape:
    """Part headings as rows, one of them without a number, the next numbered as if it were not there."""
    return _unnumbered_heading("二")


@shape
def unnumbered_in_place() -> Shape:
    """Part headings as rows, one of them without a number, the next numbered counting it (一、 … 三、)."""
    return _unnumbered_heading("三")


@shape
def roles() -> Shape:
    """Part headings typed in the item column (not merged); a target without any unit, a lead without
    配合单位, several leads typed `A、B` and `A、B牵头`."""
    return [
        ["落实措施", "牵头单位", "配合单位"],
        ["一、发展目标", None, None],
        ["到2025年，研发投入强度达到2.5%。", None, None],
        ["二、重点任务", None, None],
        ["1.培育科技型企业。", "市科技局", None],
        ["2.建设企业研发平台。", "市科技局、市财政局", None],
        ["3.完善人才政策。", "市财政局、市统计局牵头", "市科技局"],
    ], unit_sheet(("市科技局", "市财政局", "市统计局")), ()


COLLECTIVE_ROWS = [
    ["序号", "工作任务", "牵头单位", "配合单位"],
    [1, "推进区域协同创新。", "市科技局", "各区、县级市"],
    [2, "加强县域科技投入。", "市财政局", "各县（市、区）人民政府"],
    [3, "开展科技统计调查。", "市统计局", "市直各有关单位"],
    [4, "推进科技招商引资。", "市科技局", "招商引资各专班"],
    [5, "引进急需紧缺人才。", "市教育局", "相关市（州）人民政府"],
    [6, "落实科技惠企政策。", "市财政局", "各县市区政府"],
    [7, "开展科技宣传活动。", "市科技局及各有关单位", "市统计局"],
    [8, "组织科技人才培训。", "市教育局", "市财政局，各区、县级市"],
]
COLLECTIVE_LETTERS = {
    "市科技局": [("1.推进区域协同创新。", "牵头"), ("4.推进科技招商引资。", "牵头"), ("7.开展科技宣传活动。", "牵头")],
    "市财政局": [("2.加强县域科技投入。", "牵头"), ("6.落实科技惠企政策。", "牵头"), ("8.组织科技人才培训。", "配合")],
    "市统计局": [("3.开展科技统计调查。", "牵头"), ("7.开展科技宣传活动。", "配合")],
    "市教育局": [("5.引进急需紧缺人才。", "牵头"), ("8.组织科技人才培训。", "牵头")],
}
COLLECTIVES = {"各区、县级市", "各县（市、区）人民政府", "市直各有关单位", "招商引资各专班", "相关市（州）人民政府",
               "各县市区政府", "各有关单位"}


@shape
def collectives_listed() -> Shape:
    """Collectives by their form beside named units; the 单位 sheet lists the named units only."""
    return COLLECTIVE_ROWS, unit_sheet(("市科技局", "市财政局", "市统计局", "市教育局")), ()


@shape
def collectives_unlisted() -> Shape:
    """The same table without a 单位 sheet: the units come from the table, collectives are not units."""
    return COLLECTIVE_ROWS, None, ()


@shape
def unit_kinds() -> Shape:
    """A 单位 sheet whose 类型 column declares a name a collective (集体, 不发函) or a unit (单位) against
    its form."""
    units = unit_sheet(("市科技局", "市财政局", "驻市单位", "市委各专班", "各成员单位"),
                       {"市财政局": "单位", "驻市单位": "集体", "市委各专班": "单位", "各成员单位": "不发函"})
    return [
        ["落实措施", "牵头单位", "配合单位"],
        heading("一、重点任务", 3),
        ["1.培育科技型企业。", "市科技局", "驻市单位、市委各专班"],
        ["2.建设企业研发平台。", "市财政局", "各成员单位"],
        ["3.完善创新政策。", "市委各专班", "市科技局"],
    ], units, ()


@shape
def responsible() -> Shape:
    """A 责任单位-only table: co-equal responsible units, one unit column."""
    return [
        ["序号", "工作任务", "责任单位", "完成时限"],
        [1, "培育壮大科技型企业。", "市科技局、市财政局", "2024年底"],
        [2, "建设重大创新平台。", "各区、县级市、市统计局", "长期"],
        [3, "加强科技统计监测。", "市统计局", "每季度"],
    ], unit_sheet(("市科技局", "市财政局", "市统计局")), ()


EXTRA = ["序号", "项目名称", "落实措施", "责任领导", "牵头单位", "配合单位", "完成时限", "备注"]


@shape
def extra_columns() -> Shape:
    """Extra columns (项目名称 before the items, 责任领导 between them and the units) in the office's
    order, with part headings merged across all of them."""
    return [
        EXTRA,
        heading("一、重点项目", 8),
        [1, "省级实验室项目", "建设省级重点实验室。", "张副市长", "市科技局", "市财政局", "2024年底", "新建"],
        [2, "研发平台项目", "建设企业研发平台。", "李副市长", "市财政局", None, "2025年底", None],
        heading("二、保障措施", 8),
        [3, "人才引进项目", "引进高层次创新人才。", "张副市长", "市科技局", "各有关单位", "长期", "续建"],
    ], unit_sheet(("市科技局", "市财政局")), ()


@shape
def extra_first() -> Shape:
    """A column the office added (项目名称) first, part headings merged across the whole table."""
    return [
        ["项目名称", "落实措施", "牵头单位", "配合单位"],
        heading("一、重点项目", 4),
        ["省级实验室项目", "1.建设省级重点实验室。", "市科技局", "市财政局"],
        heading("二、保障措施", 4),
        ["人才引进项目", "1.引进高层次创新人才。", "市财政局", None],
    ], unit_sheet(("市科技局", "市财政局")), ()


def check_shape(tmp_path: Path, name: str) -> ReadResult:
    rows, units, more = SHAPES[name]()
    return api.check(write(tmp_path / "t.xlsx", table_sheets([list(r) for r in rows], units),
                           {"任务分解": [*merges(rows), *more]}))


def test_there_is_a_workbook_for_every_shape_of_the_issue():
    assert len(SHAPES) >= 12


def test_heading_rows_are_never_items_nor_units(built):
    """Across every shape: a heading row (一、… alone in its row) is never an item and never has units."""
    for name, make in SHAPES.items():
        if name in UNREADABLE:
            continue
        headings = {r[0] for r in make()[0] if isinstance(r, HeadingRow)}
        t = built(name).table
        assert not headings & {m.display for m in items(t)}, name
        assert not headings & {m.text for m in items(t)}, name
        assert not headings & {u.name for u in t.units}, name


# -- the model read, shape by shape -------------------------------------------------------------------


def levels(t: TaskTable) -> list[tuple[bool, list[bool]]]:
    """Which parts and clauses are levels of the office's table (is_level), part by part."""
    return [(p.is_level, [c.is_level for c in p.clauses]) for p in t.parts]


def test_flat_list(built):
    b = built("flat")
    quiet(b)
    t = b.table
    assert levels(t) == [(False, [False])]
    assert tree(t) == [(None, [(None, ["1.培育壮大科技型企业。", "2.建设重大创新平台。", "3.完善创新人才政策。",
                                       "4.加强科技统计监测。"])])]
    ms = items(t)
    assert [(m.number, m.mark, m.serial, m.label, m.text) for m in ms] == [
        (1, "1", True, "1.", "培育壮大科技型企业。"), (2, "2", True, "2.", "建设重大创新平台。"),
        (3, "3", True, "3.", "完善创新人才政策。"), (4, "4", True, "4.", "加强科技统计监测。")]
    assert [m.deadline for m in ms] == ["2024年12月底", "长期坚持", "2024年6月底", "每季度"]
    assert units_of(t) == {
        "1.培育壮大科技型企业。": (("市科技局",), ("市财政局", "市统计局")),
        "2.建设重大创新平台。": (("市科技局", "市财政局"), ()),
        "3.完善创新人才政策。": (("市财政局", "市统计局"), ("各区、县级市",)),
        "4.加强科技统计监测。": (("市统计局",), ("市直各有关单位",)),
    }
    assert all(m.group is None for m in ms)
    assert collectives(t) == {"各区、县级市", "市直各有关单位"}
    assert letter_units(t) == ["市科技局", "市财政局", "市统计局"]
    assert t.headers.columns() == ("serial", "measure", "lead", "cooperating", "deadline")
    assert office_headers(t) == FLAT
    assert t.heading_header == ""


def test_two_levels_with_merged_part_rows(built):
    b = built("two_merged")
    quiet(b)
    t = b.table
    assert levels(t) == [(True, [False])] * 3
    assert tree(t) == [
        ("一、总体目标", [(None, ["到2025年，高新技术企业达到200家。"])]),
        ("二、重点任务", [(None, ["1.培育壮大科技型企业。", "2.建设重大创新平台。"])]),
        ("三、保障措施", [(None, ["3.加强组织领导。", "4.强化督促检查。"])]),
    ]
    assert [(p.number, p.title, p.label) for p in t.parts] == [
        (1, "总体目标", "一、"), (2, "重点任务", "二、"), (3, "保障措施", "三、")]
    assert [m.number for m in items(t)] == [None, 1, 2, 3, 4]  # numbered through the table, as written
    assert [m.text for m in t.targets] == ["到2025年，高新技术企业达到200家。"]
    assert units_of(t) == {
        "到2025年，高新技术企业达到200家。": ((), ()),
        "1.培育壮大科技型企业。": (("市科技局",), ("市财政局",)),
        "2.建设重大创新平台。": (("市财政局",), ()),
        "3.加强组织领导。": (("市统计局",), ("各县（市、区）人民政府",)),
        "4.强化督促检查。": (("市统计局",), ("市科技局", "各有关单位")),
    }
    assert collectives(t) == {"各县（市、区）人民政府", "各有关单位"}
    assert t.headers.columns() == ("serial", "measure", "lead", "cooperating", "deadline")
    assert (t.headers.part, t.headers.clause) == ("", "")
    assert t.heading_header == "部分"


def test_two_levels_with_part_numbers_in_the_serial_column(built):
    b = built("two_serial")
    quiet(b)
    t = b.table
    assert levels(t) == [(True, [False])] * 2
    assert tree(t) == [
        ("一、优化创新生态", [(None, ["1.完善科技政策体系。", "2.强化科技金融支持。"])]),
        ("二、强化人才支撑", [(None, ["1.引进高层次创新人才。", "2.培育青年科技人才。"])]),
    ]
    assert [(p.number, p.title) for p in t.parts] == [(1, "优化创新生态"), (2, "强化人才支撑")]
    assert [(m.number, m.mark, m.serial) for m in items(t)] == [(1, "1", True), (2, "2", True)] * 2
    assert units_of(t)["1.引进高层次创新人才。"] == (("市教育局",), ("相关市（州）人民政府",))
    assert units_of(t)["2.培育青年科技人才。"] == (("市教育局", "市科技局"), ())
    assert collectives(t) == {"相关市（州）人民政府"}
    assert t.headers.columns() == ("serial", "measure", "lead", "cooperating")
    assert office_headers(t) == ["序号", "重点工作", "牵头单位", "配合单位"]


def test_three_levels_in_columns(built):
    b = built("three_columns")
    quiet(b)
    t = b.table
    assert levels(t) == [(True, [True, True])] * 2
    assert tree(t) == [
        ("一、总体要求", [("（一）指导思想", []), ("（二）发展目标", ["全社会研发投入年均增长10%以上。"])]),
        ("二、重点任务", [("（三）加强企业创新", ["1.培育科技型企业。", "2.建设企业研发平台。"]),
                        ("（四）优化创新环境", ["1.完善创新政策。"])]),
    ]
    assert [c.content for c in t.clauses] == ["坚持创新驱动发展战略。", "到2025年创新能力显著提升。",
                                              "强化企业创新主体地位。", "优化创新创业环境。"]
    assert [(c.number, c.label) for c in t.clauses] == [(1, "（一）"), (2, "（二）"), (3, "（三）"), (4, "（四）")]
    assert [m.text for m in t.targets] == ["全社会研发投入年均增长10%以上。"]
    assert units_of(t)["1.培育科技型企业。"] == (("市科技局",), ("市财政局", "市统计局"))
    assert units_of(t)["2.建设企业研发平台。"] == (("市科技局",), ())
    assert units_of(t)["1.完善创新政策。"] == (("市财政局",), ("各有关单位",))
    assert collectives(t) == {"各有关单位"}
    assert t.headers.columns() == ("part", "clause", "content", "measure", "lead", "cooperating")
    assert t.heading_header == "条款"


@pytest.mark.parametrize("name", ["three_rows_running", "three_rows_restart"])
def test_three_levels_as_heading_rows(built, name):
    b = built(name)
    quiet(b)  # neither numbering is a gap or a repeat
    t = b.table
    assert levels(t) == [(True, [True]), (True, [True, True]), (True, [True])]
    n = RUNNING if name.endswith("running") else RESTART
    assert tree(t) == [
        ("一、总体目标", [("（一）发展目标", ["到2025年，建成区域科技创新中心。"])]),
        ("二、重点任务", [("（二）加强企业创新", [f"{n[0]}.培育科技型企业。", f"{n[1]}.建设企业研发平台。"]),
                        ("（三）优化创新环境", [f"{n[2]}.完善创新政策。"])]),
        ("三、保障措施", [("（四）加强组织领导", [f"{n[3]}.建立工作推进机制。"])]),
    ]
    assert [m.number for m in items(t)] == [None, *n]
    assert [m.deadline for m in items(t)] == ["", "2024年底", "2025年底", "长期", "长期"]
    assert units_of(t)[f"{n[3]}.建立工作推进机制。"] == (("市统计局",), ("市科技局",))
    assert collectives(t) == {"各有关单位"}
    assert t.headers.columns() == ("measure", "lead", "cooperating", "deadline")
    assert (t.headers.part, t.headers.clause) == ("", "")


def test_clause_column_under_part_heading_rows(built):
    b = built("clause_column_part_rows")
    quiet(b)
    t = b.table
    assert levels(t) == [(True, [True]), (True, [True, True])]
    assert tree(t) == [
        ("一、总体要求", [("（一）发展目标", ["到2025年，研发投入强度达到2.5%。"])]),
        ("二、重点任务", [("（二）加强企业创新", ["1.培育科技型企业。", "2.建设企业研发平台。"]),
                        ("（三）优化创新环境", ["1.完善创新政策。"])]),
    ]
    assert t.headers.columns() == ("clause", "measure", "lead", "cooperating")


def test_four_levels(built):
    b = built("four_levels")
    quiet(b)
    t = b.table
    assert levels(t) == [(True, [True, True])]
    assert tree(t) == [("一、重点任务", [
        ("（一）加强创新平台建设", ["（1）建设省级重点实验室。", "（2）建设市级重点实验室。", "（3）建设企业实验室。",
                          "2.培育新型研发机构。"]),
        ("（二）优化创新环境", ["（1）出台科技扶持办法。", "（2）修订科技奖励细则。"]),
    ])]
    ms = items(t)
    assert [(m.number, m.label, m.text) for m in ms] == [
        (1, "（1）", "建设省级重点实验室。"), (2, "（2）", "建设市级重点实验室。"), (3, "（3）", "建设企业实验室。"),
        (2, "2.", "培育新型研发机构。"), (1, "（1）", "出台科技扶持办法。"), (2, "（2）", "修订科技奖励细则。")]
    groups = [(m.group.number, m.group.mark, m.group.title, m.group.heading) if m.group else None for m in ms]
    first = (1, "1.", "推进实验室体系建设。", "1.推进实验室体系建设。")
    second = (1, "1.", "完善科技政策体系。", "1.完善科技政策体系。")
    assert groups == [first, first, first, None, second, second]
    assert [m.group.row for m in ms if m.group] == [4, 4, 4, 10, 10]
    assert units_of(t) == {  # the group's units are its items' own unless they name theirs
        "（1）建设省级重点实验室。": (("市科技局",), ("市财政局",)),
        "（2）建设市级重点实验室。": (("市科技局",), ("市财政局",)),
        "（3）建设企业实验室。": (("市工信局",), ()),
        "2.培育新型研发机构。": (("市发改委",), ("市科技局",)),
        "（1）出台科技扶持办法。": (("市科技局",), ("各有关单位",)),
        "（2）修订科技奖励细则。": (("市财政局",), ()),
    }
    assert collectives(t) == {"各有关单位"}
    assert letter_units(t) == ["市科技局", "市财政局", "市工信局", "市发改委"]
    assert t.heading_header == "条款"
    tasks = t.tasks_of(t.unit("市科技局")).tasks
    assert [task.heading for task in tasks] == ["（一）加强创新平台建设\n1.推进实验室体系建设。"] * 2 + [
        "（二）优化创新环境\n1.完善科技政策体系。", "（一）加强创新平台建设"]


def test_four_levels_in_a_serial_column(built):
    b = built("four_levels_serial")
    quiet(b)
    t = b.table
    assert levels(t) == [(True, [True])]
    assert tree(t) == [("一、重点任务", [("（一）加强创新平台建设", [
        "（1）建设省级重点实验室。", "（2）建设市级重点实验室。", "2.培育新型研发机构。"])])]
    ms = items(t)
    assert [(m.number, m.mark, m.serial) for m in ms] == [(1, "（1）", True), (2, "（2）", True), (2, "2", True)]
    assert [m.group.title if m.group else None for m in ms] == ["推进实验室体系建设。"] * 2 + [None]
    assert ms[0].group is not None and (ms[0].group.number, ms[0].group.heading) == (1, "1.推进实验室体系建设。")
    assert [m.lead + m.cooperating for m in ms] == [("市科技局", "市财政局")] * 2 + [("市统计局",)]


def test_numbering_styles_are_kept_as_written(built):
    b = built("numbering_styles")
    clean(b)
    t = b.table
    # the half-width brackets of (1) are a punctuation warning; nothing else is reported
    assert b.check.problems and all("半角" in p.message for p in b.check.problems), b.problems
    assert [[m.label for m in c.measures] for c in t.clauses] == [
        ["1、", "2、"], ["1．", "2．"], ["（1）", "（2）"], ["(1)", "(2)"], ["１．", "２．"], ["1.", "2.", "3."]]
    assert [[m.number for m in c.measures] for c in t.clauses] == [[1, 2]] * 5 + [[1, 2, 3]]
    assert [m.text for m in t.clauses[-1].measures] == ["实施创新工程。", "5G基站建设。", "121人才梯队项目"]
    assert [m.display for m in t.clauses[-1].measures] == ["1.实施创新工程。", "2.5G基站建设。", "3.121人才梯队项目"]
    assert [m.text for m in t.clauses[0].measures] == ["培育科技型企业。", "建设企业研发平台。"]
    assert [m.display for m in t.clauses[4].measures] == ["１．引进高端人才。", "２．培养青年人才。"]
    assert all(m.group is None for m in items(t))


@pytest.mark.parametrize("name", ["circled", "circled_serial"])
def test_circled_numbers_are_kept_as_written(built, name):
    b = built(name)
    quiet(b)
    ms = items(b.table)
    assert [(m.number, m.text) for m in ms] == [(1, "加强绩效考核。"), (2, "加强督促检查。")]
    assert [m.label for m in ms] == ["①", "②"]
    assert [m.display for m in ms] == ["①加强绩效考核。", "②加强督促检查。"]


def test_an_office_that_never_numbers_gets_no_warning(built):
    b = built("unnumbered_columns")
    quiet(b)
    t = b.table
    assert levels(t) == [(True, [True]), (True, [True, True])]
    assert tree(t) == [("总体要求", [("指导思想", ["坚持创新驱动发展战略。"])]),
                       ("重点任务", [("加强企业创新", ["培育科技型企业。", "建设企业研发平台。"]),
                                   ("优化创新环境", ["完善创新政策。"])])]
    assert [p.number for p in t.parts] == [None, None] and [c.number for c in t.clauses] == [None] * 3
    assert [m.number for m in items(t)] == [None] * 4 and [m.label for m in items(t)] == [""] * 4


def test_a_heading_without_a_number_among_numbered_ones_is_a_warning_only(built):
    b = built("unnumbered_heading")
    clean(b)
    assert [(p.location.cell, "保障措施" in p.message) for p in b.check.problems] == [("A4", True)], b.problems
    t = b.table
    assert [(p.number, p.heading) for p in t.parts] == [(1, "一、重点任务"), (None, "保障措施"), (2, "二、工作要求")]


def test_a_heading_without_a_number_counted_by_the_next_one_is_a_warning_only(tmp_path):
    result = check_shape(tmp_path, "unnumbered_in_place")
    assert [str(p) for p in result.errors] == []
    assert [p.location.cell for p in result.warnings] == ["A4"]
    assert result.table is not None
    assert [(p.number, p.heading) for p in result.table.parts] == [
        (1, "一、重点任务"), (None, "保障措施"), (3, "三、工作要求")]


def test_heading_rows_merged_over_an_extra_first_column(tmp_path):
    result = check_shape(tmp_path, "extra_first")
    assert [str(p) for p in result.problems] == []
    t = result.table
    assert t is not None
    assert tree(t) == [("一、重点项目", [(None, ["1.建设省级重点实验室。"])]),
                       ("二、保障措施", [(None, ["1.引进高层次创新人才。"])])]
    assert [m.extra for m in items(t)] == [(("项目名称", "省级实验室项目"),), (("项目名称", "人才引进项目"),)]
    assert units_of(t) == {"1.建设省级重点实验室。": (("市科技局",), ("市财政局",)),
                           "1.引进高层次创新人才。": (("市财政局",), ())}
    assert t.headers.columns() == ("extra:项目名称", "measure", "lead", "cooperating")


def test_targets_single_and_several_leads(built):
    b = built("roles")
    quiet(b)
    t = b.table
    assert levels(t) == [(True, [False])] * 2
    assert tree(t) == [("一、发展目标", [(None, ["到2025年，研发投入强度达到2.5%。"])]),
                       ("二、重点任务", [(None, ["1.培育科技型企业。", "2.建设企业研发平台。", "3.完善人才政策。"])])]
    assert [m.text for m in t.targets] == ["到2025年，研发投入强度达到2.5%。"]
    assert units_of(t) == {
        "到2025年，研发投入强度达到2.5%。": ((), ()),
        "1.培育科技型企业。": (("市科技局",), ()),
        "2.建设企业研发平台。": (("市科技局", "市财政局"), ()),
        "3.完善人才政策。": (("市财政局", "市统计局"), ("市科技局",)),
    }


@pytest.mark.parametrize("name", ["collectives_listed", "collectives_unlisted"])
def test_collectives_by_their_form(built, name):
    b = built(name)
    quiet(b)  # the 单位 sheet never has to list a collective
    t = b.table
    assert [m.lead + m.cooperating for m in items(t)] == [
        ("市科技局", "各区、县级市"), ("市财政局", "各县（市、区）人民政府"), ("市统计局", "市直各有关单位"),
        ("市科技局", "招商引资各专班"), ("市教育局", "相关市（州）人民政府"), ("市财政局", "各县市区政府"),
        ("市科技局", "各有关单位", "市统计局"), ("市教育局", "市财政局", "各区、县级市")]
    assert items(t)[6].lead == ("市科技局", "各有关单位")
    assert collectives(t) == COLLECTIVES
    assert not COLLECTIVES & set(letter_units(t))
    assert [u.name for u in t.named_units] == ["市科技局", "市财政局", "市统计局", "市教育局"]
    assert [m.field_value("lead") for m in items(t)][6] == "市科技局及各有关单位"  # as typed
    assert [m.field_value("cooperating") for m in items(t)][7] == "市财政局，各区、县级市"


def test_unit_sheet_declares_collectives_and_units(built):
    b = built("unit_kinds")
    quiet(b)
    t = b.table
    assert collectives(t) == {"驻市单位", "各成员单位"}
    assert [u.name for u in t.named_units] == ["市科技局", "市财政局", "市委各专班"]
    assert units_of(t)["1.培育科技型企业。"] == (("市科技局",), ("驻市单位", "市委各专班"))
    assert letter_units(t) == ["市科技局", "市财政局", "市委各专班"]


def test_responsible_units_alone(built):
    b = built("responsible")
    quiet(b)
    t = b.table
    h = t.headers
    assert h.responsible and h.lead == "责任单位" and h.cooperating == "" and not t.has_cooperating
    assert h.columns() == ("serial", "measure", "lead", "deadline")
    assert office_headers(t) == ["序号", "工作任务", "责任单位", "完成时限"]
    assert [m.lead + m.cooperating for m in items(t)] == [
        ("市科技局", "市财政局"), ("各区、县级市", "市统计局"), ("市统计局",)]
    assert collectives(t) == {"各区、县级市"}


def test_extra_columns_are_kept_in_the_offices_order(built):
    b = built("extra_columns")
    quiet(b)
    t = b.table
    assert t.headers.columns() == ("serial", "extra:项目名称", "measure", "leader", "lead", "cooperating",
                                   "deadline", "note")
    assert office_headers(t) == EXTRA
    assert tree(t) == [("一、重点项目", [(None, ["1.建设省级重点实验室。", "2.建设企业研发平台。"])]),
                       ("二、保障措施", [(None, ["3.引进高层次创新人才。"])])]
    ms = items(t)
    assert [m.extra for m in ms] == [(("项目名称", "省级实验室项目"),), (("项目名称", "研发平台项目"),),
                                     (("项目名称", "人才引进项目"),)]
    assert [(m.leader, m.deadline, m.note) for m in ms] == [
        ("张副市长", "2024年底", "新建"), ("李副市长", "2025年底", ""), ("张副市长", "长期", "续建")]
    assert [ms[0].field_value(f) for f in t.headers.columns()] == [
        "1", "省级实验室项目", "建设省级重点实验室。", "张副市长", "市科技局", "市财政局", "2024年底", "新建"]


# -- the documents, shape by shape ----------------------------------------------------------------------

RUNNING, RESTART = (1, 2, 3, 4), (1, 2, 1, 1)


def _three_rows_letters(n: tuple[int, ...]) -> dict[str, list[tuple[str, str]]]:
    return {
        "市科技局": [(f"{n[0]}.培育科技型企业。", "牵头"), (f"{n[1]}.建设企业研发平台。", "牵头"),
                  (f"{n[3]}.建立工作推进机制。", "配合")],
        "市财政局": [(f"{n[2]}.完善创新政策。", "牵头"), (f"{n[0]}.培育科技型企业。", "配合")],
        "市统计局": [(f"{n[3]}.建立工作推进机制。", "牵头")],
    }


def _styled(displays: list[str]) -> dict[str, list[tuple[str, str]]]:
    return {"市科技局": [(d, "牵头") for d in displays], "市财政局": [(d, "配合") for d in displays]}


# Each named unit's letter (and form): exactly its items, as the office numbered them, lead tasks first.
LETTERS: dict[str, dict[str, list[tuple[str, str]]]] = {
    "flat": {
        "市科技局": [("1.培育壮大科技型企业。", "牵头"), ("2.建设重大创新平台。", "牵头")],
        "市财政局": [("2.建设重大创新平台。", "牵头"), ("3.完善创新人才政策。", "牵头"),
                  ("1.培育壮大科技型企业。", "配合")],
        "市统计局": [("3.完善创新人才政策。", "牵头"), ("4.加强科技统计监测。", "牵头"),
                  ("1.培育壮大科技型企业。", "配合")],
    },
    "two_merged": {
        "市科技局": [("1.培育壮大科技型企业。", "牵头"), ("4.强化督促检查。", "配合")],
        "市财政局": [("2.建设重大创新平台。", "牵头"), ("1.培育壮大科技型企业。", "配合")],
        "市统计局": [("3.加强组织领导。", "牵头"), ("4.强化督促检查。", "牵头")],
    },
    "two_serial": {
        "市科技局": [("1.完善科技政策体系。", "牵头"), ("2.培育青年科技人才。", "牵头"),
                  ("2.强化科技金融支持。", "配合")],
        "市财政局": [("2.强化科技金融支持。", "牵头"), ("1.完善科技政策体系。", "配合")],
        "市教育局": [("1.引进高层次创新人才。", "牵头"), ("2.培育青年科技人才。", "牵头")],
    },
    "three_columns": {
        "市科技局": [("1.培育科技型企业。", "牵头"), ("2.建设企业研发平台。", "牵头")],
        "市财政局": [("1.完善创新政策。", "牵头"), ("1.培育科技型企业。", "配合")],
        "市统计局": [("1.培育科技型企业。", "配合")],
    },
    "three_rows_running": _three_rows_letters(RUNNING),
    "three_rows_restart": _three_rows_letters(RESTART),
    "clause_column_part_rows": {
        "市科技局": [("1.培育科技型企业。", "牵头"), ("2.建设企业研发平台。", "牵头")],
        "市财政局": [("1.培育科技型企业。", "配合")],
        "市统计局": [("1.完善创新政策。", "牵头")],
    },
    "four_levels": {
        "市科技局": [("（1）建设省级重点实验室。", "牵头"), ("（2）建设市级重点实验室。", "牵头"),
                  ("（1）出台科技扶持办法。", "牵头"), ("2.培育新型研发机构。", "配合")],
        "市财政局": [("（2）修订科技奖励细则。", "牵头"), ("（1）建设省级重点实验室。", "配合"),
                  ("（2）建设市级重点实验室。", "配合")],
        "市工信局": [("（3）建设企业实验室。", "牵头")],
        "市发改委": [("2.培育新型研发机构。", "牵头")],
    },
    "four_levels_serial": {
        "市科技局": [("（1）建设省级重点实验室。", "牵头"), ("（2）建设市级重点实验室。", "牵头")],
        "市财政局": [("（1）建设省级重点实验室。", "配合"), ("（2）建设市级重点实验室。", "配合")],
        "市统计局": [("2.培育新型研发机构。", "牵头")],
    },
    "numbering_styles": _styled([
        "1、培育科技型企业。", "2、建设企业研发平台。", "1．完善创新政策。", "2．强化要素保障。", "（1）出台扶持办法。",
        "（2）修订奖励细则。", "(1)加强运行监测。", "(2)定期通报进展。", "１．引进高端人才。", "２．培养青年人才。",
        "1.实施创新工程。", "2.5G基站建设。", "3.121人才梯队项目"]),
    "circled": {"市科技局": [("①加强绩效考核。", "牵头")],
                "市财政局": [("②加强督促检查。", "牵头"), ("①加强绩效考核。", "配合")]},
    "circled_serial": {"市科技局": [("①加强绩效考核。", "牵头")],
                       "市财政局": [("②加强督促检查。", "牵头"), ("①加强绩效考核。", "配合")]},
    "unnumbered_columns": {
        "市科技局": [("培育科技型企业。", "牵头"), ("建设企业研发平台。", "牵头")],
        "市财政局": [("完善创新政策。", "牵头"), ("培育科技型企业。", "配合")],
    },
    "unnumbered_heading": {
        "市科技局": [("1.培育科技型企业。", "牵头"), ("1.强化督促检查。", "牵头")],
        "市财政局": [("1.加强组织领导。", "牵头"), ("1.培育科技型企业。", "配合")],
    },
    "roles": {
        "市科技局": [("1.培育科技型企业。", "牵头"), ("2.建设企业研发平台。", "牵头"), ("3.完善人才政策。", "配合")],
        "市财政局": [("2.建设企业研发平台。", "牵头"), ("3.完善人才政策。", "牵头")],
        "市统计局": [("3.完善人才政策。", "牵头")],
    },
    "collectives_listed": COLLECTIVE_LETTERS,
    "collectives_unlisted": COLLECTIVE_LETTERS,
    "unit_kinds": {
        "市科技局": [("1.培育科技型企业。", "牵头"), ("3.完善创新政策。", "配合")],
        "市财政局": [("2.建设企业研发平台。", "牵头")],
        "市委各专班": [("3.完善创新政策。", "牵头"), ("1.培育科技型企业。", "配合")],
    },
    "responsible": {
        "市科技局": [("1.培育壮大科技型企业。", "责任")],
        "市财政局": [("1.培育壮大科技型企业。", "责任")],
        "市统计局": [("2.建设重大创新平台。", "责任"), ("3.加强科技统计监测。", "责任")],
    },
    "extra_columns": {
        "市科技局": [("1.建设省级重点实验室。", "牵头"), ("3.引进高层次创新人才。", "牵头")],
        "市财政局": [("2.建设企业研发平台。", "牵头"), ("1.建设省级重点实验室。", "配合")],
    },
}

_ITEM = ["落实措施", "牵头单位", "配合单位"]
THREE_ROWS = ["一、总体目标", "（一）发展目标", "二、重点任务", "（二）加强企业创新", "（三）优化创新环境",
              "三、保障措施", "（四）加强组织领导"]
# The notice's table: its columns (the office's, in its order; parts are rows of their own, never a
# 部分 column) and the headings printed as rows across the table.
NOTICE: dict[str, tuple[list[str], list[str]]] = {
    "flat": (FLAT, []),
    "two_merged": (FLAT, ["一、总体目标", "二、重点任务", "三、保障措施"]),
    "two_serial": (["序号", "重点工作", "牵头单位", "配合单位"], ["一、优化创新生态", "二、强化人才支撑"]),
    "three_columns": (COLUMNS3[1:], ["一、总体要求", "二、重点任务"]),
    "three_rows_running": ([*_ITEM, "完成时限"], THREE_ROWS),
    "three_rows_restart": ([*_ITEM, "完成时限"], THREE_ROWS),
    "clause_column_part_rows": (["条款", *_ITEM], ["一、总体要求", "二、重点任务"]),
    "four_levels": (_ITEM, ["一、重点任务", "（一）加强创新平台建设", "（二）优化创新环境"]),
    "four_levels_serial": (["序号", "工作任务", "牵头单位", "配合单位"], ["一、重点任务", "（一）加强创新平台建设"]),
    "numbering_styles": (["条款", *_ITEM], ["一、重点任务"]),
    "circled": (_ITEM, ["一、重点任务"]),
    "circled_serial": (["序号", "工作任务", "牵头单位", "配合单位"], []),
    "unnumbered_columns": (["条款", *_ITEM], ["总体要求", "重点任务"]),
    "unnumbered_heading": (_ITEM, ["一、重点任务", "保障措施", "二、工作要求"]),
    "roles": (_ITEM, ["一、发展目标", "二、重点任务"]),
    "collectives_listed": (["序号", "工作任务", "牵头单位", "配合单位"], []),
    "collectives_unlisted": (["序号", "工作任务", "牵头单位", "配合单位"], []),
    "unit_kinds": (_ITEM, ["一、重点任务"]),
    "responsible": (["序号", "工作任务", "责任单位", "完成时限"], []),
    "extra_columns": (EXTRA, ["一、重点项目", "二、保障措施"]),
}


def test_every_readable_shape_has_its_expected_documents():
    assert set(LETTERS) == set(NOTICE) == set(SHAPES) - UNREADABLE == set(_ALL)
    assert {kind for kind, _ in TODAY} <= set(KINDS) and {name for _, name in TODAY} <= set(_ALL)


def _params(kind: str) -> list:
    """Every shape, marked xfail where the documents of `kind` do not do yet what it expects (TODAY)."""
    out = []
    for name in sorted(LETTERS, key=list(SHAPES).index):
        reason = TODAY.get((kind, name))
        out.append(pytest.param(name, marks=pytest.mark.xfail(reason=reason, strict=True)) if reason else name)
    return out


@pytest.mark.parametrize("name", _params("documents"))
def test_letters_forms_and_matrix_rows_for_exactly_the_named_units(built, name):
    assert_documents(built(name), LETTERS[name])


@pytest.mark.parametrize("name", _params("notice"))
def test_the_notice_prints_the_offices_columns_every_item_and_heading(built, name):
    b = built(name)
    header, headings = NOTICE[name]
    assert notice_header(b) == header
    assert notice_items(b) == [m.display for m in items(b.table)]
    assert spanning_rows(b) == headings
    groups = {m.group.title for m in items(b.table) if m.group}
    shown = [c for r in notice_rows(b) for c in r]
    assert all(any(g in c for c in shown) for g in groups), groups  # a four-level group's heading


@pytest.mark.parametrize("name", _params("letters"))
def test_letters_print_the_offices_columns_and_each_tasks_heading(built, name):
    b = built(name)
    t = b.table
    for unit in letter_paths(b):
        header, *rows = letter_rows(b, unit)
        tasks = t.tasks_of(t.unit(unit)).tasks
        assert phantoms(header, t) == [], unit
        wanted = carried(t, [task.measure for task in tasks])
        assert in_order(header, wanted) == wanted, unit
        if t.heading_header:  # the clause (else the part) and a four-level item's group beside each item
            column = header.index(t.heading_header)
            assert [r[column] for r in rows] == [task.heading for task in tasks], unit


@pytest.mark.parametrize("name", _params("forms"))
def test_forms_print_the_offices_columns_and_each_tasks_heading(built, name):
    b = built(name)
    t = b.table
    for unit in form_paths(b):
        header = form_header(b, unit)
        tasks = t.tasks_of(t.unit(unit)).tasks
        assert phantoms(header, t) == [], unit
        wanted = carried(t, [task.measure for task in tasks])
        assert in_order(header, wanted) == wanted, unit
        if t.heading_header:
            column = header.index(t.heading_header)
            assert [r[column] for r in form_rows(b, unit)] == [task.heading for task in tasks], unit


# -- what a shape's documents say beyond their columns -----------------------------------------------


def test_unit_cells_print_as_typed_in_the_letters(built):
    b = built("collectives_listed")
    cells = [c for r in letter_rows(b, "市教育局") for c in r]
    assert "市财政局，各区、县级市" in cells and "相关市（州）人民政府" in cells  # the office's own 、 and ，
    assert "市科技局及各有关单位" in [c for r in letter_rows(b, "市统计局") for c in r]


@today("notice", "collectives_listed")
def test_unit_cells_print_as_typed_in_the_notice(built):
    b = built("collectives_listed")
    header = notice_header(b)
    rows = {r[header.index("工作任务")]: r for r in notice_rows(b)[1:]}
    assert rows["开展科技宣传活动。"][header.index("牵头单位")] == "市科技局及各有关单位"
    assert rows["组织科技人才培训。"][header.index("配合单位")] == "市财政局，各区、县级市"
    assert rows["组织科技人才培训。"][header.index("序号")] == "8"


@today("notice", "extra_columns")
def test_extra_columns_values_in_the_notice(built):
    b = built("extra_columns")
    row = next(r for r in notice_rows(b) if "建设省级重点实验室。" in r)
    assert [row[EXTRA.index(h)] for h in ("序号", "项目名称", "责任领导", "完成时限", "备注")] == [
        "1", "省级实验室项目", "张副市长", "2024年底", "新建"]


@today("letters", "extra_columns")
def test_extra_columns_values_in_the_letters(built):
    b = built("extra_columns")
    header, *rows = letter_rows(b, "市科技局")
    row = next(r for r in rows if "1.建设省级重点实验室。" in r)
    assert [row[header.index(h)] for h in ("项目名称", "责任领导", "完成时限", "备注")] == [
        "省级实验室项目", "张副市长", "2024年底", "新建"]
