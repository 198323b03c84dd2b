"""Task tables shaped the way other offices write them: each is read as written, never crashes."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator.cli import commands

from .helpers import sheets, write

HEADER = ["部分", "条款", "任务内容", "落实措施", "牵头单位", "配合单位"]


def test_an_unnumbered_empty_clause_with_an_item_without_units_is_reported_not_a_crash(tmp_path):
    """An empty 条款 cell over an item with no lead unit ended in 内部错误（ValueError：0）. Now the
    part has no clause level, and its one item, naming no unit, is a target: warned about, never a crash."""
    data = sheets()
    data["任务分解"] = [HEADER, ["一、总体要求", None, None, "1.做好工作。", None, None]]
    result = CliRunner().invoke(commands.cli, ["check", "--source", str(write(tmp_path / "t.xlsx", data))])
    assert result.exit_code == 0, result.output
    assert "内部错误" not in result.output
    assert "任务分解!E2（牵头单位）：“一、总体要求”下的各项都没有牵头单位：按目标照录" in result.output
    assert "任务分解!B2" not in result.output  # an empty 条款 is no clause, not an error


def _running_table() -> list[list]:
    """Four clauses in two parts, their twelve measures numbered 1 … 12 through the table."""
    rows, n = [HEADER], 1
    for part, clauses in (("一、总体要求", ("（一）甲", "（二）乙")), ("二、重点任务", ("（三）丙", "（四）丁"))):
        for clause in clauses:
            for _ in range(3):
                rows.append([part, clause, "内容。", f"{n}.措施{n}。", "市科技局", None])
                n += 1
    return rows


def test_measures_numbered_through_the_whole_table_are_a_running_numbering(tmp_path):
    from generator import api

    data = sheets()
    data["任务分解"] = _running_table()
    result = api.check(write(tmp_path / "t.xlsx", data))
    assert result.errors == []
    assert result.table is not None
    numbers = [m.number for _, _, m in result.table.measures()]
    assert numbers == list(range(1, 13))  # the office's own numbers, as written


def test_a_gap_in_a_running_numbering_is_still_reported(tmp_path):
    from generator import api

    data = sheets()
    data["任务分解"] = [row for row in _running_table() if not str(row[3]).startswith("8.")]
    errors = [str(p) for p in api.check(write(tmp_path / "t.xlsx", data)).errors]
    assert any("缺少" in e for e in errors), errors


def test_a_repeat_after_numbers_that_went_backwards_names_both_rows(tmp_path):
    """Never 序号“（二）”重复——请改为“（二）”: the message names the earlier row instead."""
    from generator import api

    data = sheets()
    data["任务分解"] = [HEADER] + [["一、总体要求", clause, "x", "1.做。", "市科技局", None]
                                   for clause in ("（二）甲", "（一）乙", "（二）丙")]
    errors = [str(p) for p in api.check(write(tmp_path / "t.xlsx", data)).errors]
    repeat = next(e for e in errors if "重复" in e)
    assert "任务分解!B4" in repeat and "第2行" in repeat and "请改为“（二）”" not in repeat


def test_a_very_long_unit_name_still_gives_file_names_every_system_accepts(tmp_path):
    """A 74-character 简称 made the quarterly form's file name longer than 255 bytes: build ended in
    内部错误（OSError：File name too long）after check had passed."""
    from generator import api

    long_name = "测试市" + "科学技术创新发展服务" * 7 + "局"  # 74 characters, 222 bytes in UTF-8
    data = sheets()
    for row in data["任务分解"][1:]:
        if row[4] == "市科技局":
            row[4] = long_name
    data["单位"][1] = [long_name, "测试市科学技术局", None]
    source = write(tmp_path / "t.xlsx", data)
    assert api.check(source).errors == []
    written = api.build(source, tmp_path / "out").written
    assert any(long_name[:20] in p.name for p in written if p.suffix == ".xlsx" and "报表" in p.name)
    assert all(len(p.name.encode("utf-8")) <= 255 for p in written)


def test_a_quarter_without_a_deadline_is_a_warning_naming_its_cell(tmp_path):
    from generator import api

    data = sheets()
    data["报送"][2][1] = None  # 2024年第二季度 without its 报送截止日期
    warnings = [str(p) for p in api.check(write(tmp_path / "t.xlsx", data)).warnings]
    assert any("报送!B3（报送截止日期）" in w and "2024年第二季度没有报送截止日期" in w for w in warnings), warnings


# What `check` says it recognised, for each shape: the clerk sees the table was understood.
SHAPE_LINES = {
    "flat list": ([["序号", "工作任务", "牵头单位", "配合单位", "完成时限"],
                   [1, "建设平台。", "市科技局", "市财政局", "2024年底"], [2, "完善政策。", "市财政局", None, "长期"]],
                  [], "结　　构：一级：工作任务（2 项，序号列从 1. 起编排）"),
    "part rows": ([["序号", "工作任务", "牵头单位", "配合单位"], ["一、总体目标", None, None, None],
                   [1, "建设平台。", "市科技局", "市财政局"], ["二、重点任务", None, None, None],
                   [2, "完善政策。", "市财政局", None]], ["A2:D2", "A4:D4"],
                  "结　　构：两级：部分（标题行，2 个） → 工作任务（2 项，序号列连续编排）"),
    "restarting": ([["序号", "工作任务", "牵头单位"], ["一", "总体目标", None], [1, "建设平台。", "市科技局"],
                    ["二", "重点任务", None], [1, "完善政策。", "市财政局"]], [],
                   "结　　构：两级：部分（标题行，2 个） → 工作任务（2 项，序号列在各部分内重新编排）"),
    "four levels": ([["工作任务", "牵头单位", "配合单位"], ["一、总体要求", None, None], ["（一）加快创新", None, None],
                     ["1.推进实验室建设", "市科技局", "市财政局"], ["（1）建设实验室。", None, None],
                     ["（2）引进人才。", None, None], ["2.完善政策。", "市财政局", None]], [],
                    "结　　构：四级：部分（标题行，1 个） → 条款（标题行，1 个） → "
                    "子项（1 个，其单位适用于所属各项） → 工作任务（3 项，序号从 1. 起编排，子项下各项另行编号）"),
    "columns": (HEADER and [HEADER, ["一、总体要求", "（一）甲", "内容。", "1、做甲。", "市科技局", None],
                            ["一、总体要求", "（一）甲", "内容。", "2、做乙。", "市财政局", None]], [],
                "结　　构：三级：部分（1 个） → 条款（1 个） → 落实措施（2 项，序号从 1、 起编排）"),
}


@pytest.mark.parametrize("shape", sorted(SHAPE_LINES))
def test_check_says_which_shape_it_recognised(tmp_path, shape):
    rows, merges, line = SHAPE_LINES[shape]
    data = sheets()
    data["任务分解"] = rows
    source = write(tmp_path / "t.xlsx", data, {"任务分解": merges})
    result = CliRunner().invoke(commands.cli, ["check", "--source", str(source)])
    assert result.exit_code == 0, result.output
    assert line in result.output.splitlines(), result.output


def test_outline_numbers_in_a_serial_column_are_groups_and_a_number_typed_twice_is_printed_once(tmp_path):
    """序号 1 / 1.1 / 1.2: the items 1.1 and 1.2 belong to 1 and take its units; 序号 2 beside
    `2.完善政策。` is item 2, printed `2.完善政策。`, not `2.2.完善政策。`."""
    from generator import api

    data = sheets()
    data["任务分解"] = [["序号", "工作任务", "牵头单位", "配合单位"],
                        ["1", "推进实验室建设", "市科技局", "市财政局"], ["1.1", "建设实验室。", None, None],
                        ["1.2", "引进人才。", "市统计局", None], ["2", "2.完善政策。", "市财政局", None]]
    result = api.check(write(tmp_path / "t.xlsx", data))
    assert result.errors == []
    assert result.table is not None
    items = [(m.display, m.lead, m.group.heading if m.group else "") for _, _, m in result.table.measures()]
    assert items == [("1.1 建设实验室。", ("市科技局",), "1.推进实验室建设"),
                     ("1.2 引进人才。", ("市统计局",), "1.推进实验室建设"),
                     ("2.完善政策。", ("市财政局",), "")]


def test_the_first_listed_responsible_unit_leads_when_the_notice_sheet_says_so(tmp_path):
    """发文信息 责任单位分工 = 首个单位牵头: in a 责任单位-only table the first unit of each cell leads
    and the others cooperate; the notice still prints the one column as typed."""
    from .helpers import Built

    data = sheets()
    data["发文信息"].append(["责任单位分工", "首个单位牵头"])
    data["任务分解"] = [["序号", "工作任务", "责任单位"], [1, "建设平台。", "市科技局、市财政局，各区、县级市"],
                        [2, "完善政策。", "市财政局"], [3, "做丙。", "市统计局、市科技局"]]
    built = Built(tmp_path, data)
    assert built.problems == []
    assert built.table is not None
    assert [(m.lead, m.cooperating) for _, _, m in built.table.measures()] == [
        (("市科技局", "各区、县级市"), ("市财政局",)), (("市财政局",), ()), (("市统计局",), ("市科技局",))]
    assert not built.table.has_cooperating  # one printed unit column, as typed
    assert built.table.measures().__next__()[2].field_value("lead") == "市科技局、市财政局，各区、县级市"
    assert built.letters() == {"市科技局": [("1.建设平台。", "牵头"), ("3.做丙。", "配合")],
                               "市财政局": [("2.完善政策。", "牵头"), ("1.建设平台。", "配合")],
                               "市统计局": [("3.做丙。", "牵头")]}


def test_the_first_unit_setting_is_ignored_with_a_warning_where_the_table_has_a_lead_column(tmp_path):
    from generator import api

    data = sheets()
    data["发文信息"].append(["责任单位分工", "首个单位牵头"])
    warnings = [str(p) for p in api.check(write(tmp_path / "t.xlsx", data)).warnings]
    assert any("发文信息!B13" in w and "已忽略这一设置" in w for w in warnings), warnings


def test_an_unknown_first_unit_setting_is_an_error_naming_its_cell(tmp_path):
    from generator import api

    data = sheets()
    data["发文信息"].append(["责任单位分工", "随便"])
    errors = [str(p) for p in api.check(write(tmp_path / "t.xlsx", data)).errors]
    assert any("发文信息!B13" in e and "责任单位分工“随便”无法识别" in e for e in errors), errors


# Shapes from a second adversarial trial: each read as its office meant it.
def _read(tmp_path, rows, merges=()):
    from generator import api

    data = sheets()
    data["任务分解"] = rows
    result = api.check(write(tmp_path / "t.xlsx", data, {"任务分解": list(merges)}))
    assert result.table is not None, [str(p) for p in result.problems]
    return result


def _tree(table):
    return [(p.heading, [(c.heading, [(m.display, m.lead, m.cooperating, m.group.heading if m.group else "")
                                      for m in c.measures]) for c in p.clauses]) for p in table.parts]


def test_an_unmerged_two_row_header_reads_as_one(tmp_path):
    result = _read(tmp_path, [["序号", "工作任务", "责任单位", None, "完成时限"],
                              [None, None, "牵头单位", "配合单位", None],
                              [1, "建设平台。", "市科技局", "市财政局", None]])
    assert result.errors == []
    assert _tree(result.table) == [("", [("", [("1.建设平台。", ("市科技局",), ("市财政局",), "")])])]


def test_two_columns_both_headed_responsible_are_an_error_naming_the_second(tmp_path):
    result = _read(tmp_path, [["序号", "工作任务", "责任单位", "责任单位"], [1, "建设平台。", "市科技局", "市财政局"]])
    assert any("任务分解!D1" in str(p) and "同为“责任单位”列" in str(p) for p in result.errors)


def test_a_clause_repeated_in_the_next_part_after_a_heading_row_is_that_parts_clause(tmp_path):
    result = _read(tmp_path, [["条款", "落实措施", "牵头单位"], ["一、重点任务"],
                              ["（一）主要任务", "1.甲。", "市科技局"], ["二、保障措施"],
                              ["（一）主要任务", "1.乙。", "市财政局"]], ["A2:C2", "A4:C4"])
    assert [[c.heading for c in p.clauses] for p in result.table.parts] == [["（一）主要任务"], ["（一）主要任务"]]


def test_headings_numbered_as_clauses_under_a_clause_column_are_groups(tmp_path):
    result = _read(tmp_path, [["条款", "落实措施", "牵头单位", "配合单位"],
                              ["一、加强创新", "（一）建设重点实验室", "市科技局", None],
                              [None, "1.建设省级实验室。", None, None], [None, "2.建设市级实验室。", None, None],
                              [None, "（二）引进高层次人才", "市统计局", "市财政局"],
                              [None, "1.引进领军人才。", None, None]])
    assert result.errors == []
    assert _tree(result.table) == [("", [("一、加强创新", [
        ("1.建设省级实验室。", ("市科技局",), (), "（一）建设重点实验室"),
        ("2.建设市级实验室。", ("市科技局",), (), "（一）建设重点实验室"),
        ("1.引进领军人才。", ("市统计局",), ("市财政局",), "（二）引进高层次人才")])])]


def test_a_heading_typed_in_the_serial_column_with_a_deadline_beside_it_keeps_its_title(tmp_path):
    result = _read(tmp_path, [["序号", "工作任务", "牵头单位", "完成时限"], ["一、重点任务", None, None, "2024年底"],
                              [1, "建设平台。", "市科技局", None]])
    assert [p.heading for p in result.table.parts] == ["一、重点任务"]
    assert [m.deadline for _, _, m in result.table.measures()] == [""]
    assert any("任务分解!D2" in str(p) and "不属于任何一项" in str(p) for p in result.warnings)


def test_a_serial_column_is_the_items_numbering_even_beside_many_heading_rows(tmp_path):
    result = _read(tmp_path, [["序号", "工作任务", "牵头单位"], ["一、发展目标"],
                              [None, "到2025年研发投入达到2.5%。", None], ["二、重点任务"],
                              [1, "建设平台。", "市科技局"]], ["A2:C2", "A4:C4"])
    assert result.table.headers.serial == "序号"
    assert [m.display for _, _, m in result.table.measures()] == ["到2025年研发投入达到2.5%。", "1.建设平台。"]


def test_an_items_text_merged_over_two_unit_lines_is_one_item_with_both(tmp_path):
    result = _read(tmp_path, [["序号", "工作任务", "牵头单位"], ["一、重点任务"], [1, "建设。", "市科技局"],
                              [None, None, "市统计局"], [2, "建立专班。", "市财政局"]], ["A2:C2", "B3:B4", "A3:A4"])
    assert result.errors == []
    assert [(m.display, m.lead) for _, _, m in result.table.measures()] == [
        ("1.建设。", ("市科技局", "市统计局")), ("2.建立专班。", ("市财政局",))]


@pytest.mark.parametrize("numbers, messages", [
    ([1, 2, 4, 4, 5, 6], ["任务分解!A4（序号）：序号“4.”应为“3.”——请改为“3.”"]),  # one mistyped: one message
    ([1, 2, 3, 40, 5, 6], ["任务分解!A5（序号）：序号“40.”应为“4.”——请改为“4.”"]),
    ([1, 2, 4, 3, 5], ["任务分解!A4（序号）：序号“4.”与第5行的“3.”顺序颠倒——请对调这两行，或改正序号"]),
    ([1, 2, 3, 5], ["任务分解!A5（序号）：序号“5.”不连续：缺少“4.”——请检查是否漏行或编错序号"]),
])
def test_a_numbering_slip_gets_one_message_that_says_what_was_meant(tmp_path, numbers, messages):
    result = _read(tmp_path, [["序号", "工作任务", "牵头单位"], *[[n, f"做{n}。", "市科技局"] for n in numbers]])
    assert [str(p).split(" ", 1)[1] for p in result.errors] == messages


def test_a_heading_left_unnumbered_before_the_first_number_is_told_to_shift_the_rest(tmp_path):
    result = _read(tmp_path, [["工作任务", "牵头单位"], ["总体目标"], ["1.做。", "市科技局"], ["一、重点"],
                              ["1.做乙。", "市科技局"], ["二、保障"], ["1.丙。", "市科技局"]],
                   ["A2:B2", "A4:B4", "A6:B6"])
    assert result.errors == []
    assert any("应为“一、”，并顺延后面的序号" in str(p) for p in result.warnings)


def test_a_groups_heading_row_in_the_notice_shows_units_only_when_given_once_for_the_group(tmp_path):
    """1.推进实验室建设 with no unit line of its own over （1） 市科技局 and （2） 市统计局: the notice
    must not merge 市科技局 over the group's row, which would show it leading the whole group."""
    from docx import Document

    from .helpers import Built

    data = sheets()
    data["任务分解"] = [["工作任务", "牵头单位", "配合单位"], ["一、重点任务"], ["1.推进实验室建设"],
                        ["（1）建设重点实验室。", "市科技局", None], ["（2）引进高层次人才。", "市统计局", None]]
    built = Built(tmp_path, data, merges={"任务分解": ["A2:C2"]})
    notice = next(p for p in built.written if p.name.startswith("通知"))
    rows = [[c.text for c in row.cells] for row in Document(notice).tables[0].rows]
    assert ["1.推进实验室建设", "", ""] in rows
    assert ["（1）建设重点实验室。", "市科技局", ""] in rows


def test_a_serial_column_that_only_counts_rows_is_printed_in_the_notice_not_in_the_letters(tmp_path):
    """序号 2 beside `1.实施重大专项。`: the item is 1. of its clause; the notice keeps the office's 序号
    column as typed, a letter numbers its own rows (one 序号 column, not two)."""
    from docx import Document

    from .helpers import Built

    data = sheets()
    data["任务分解"] = [["序号", "重点任务", "具体措施", "牵头单位"], [1, "（一）基础研究", "1.设立专项。", "市科技局"],
                        [2, "（二）应用研究", "1.实施重大专项。", "市科技局"]]
    built = Built(tmp_path, data)
    assert [m.display for _, _, m in built.table.measures()] == ["1.设立专项。", "1.实施重大专项。"]
    notice = next(p for p in built.written if p.name.startswith("通知"))
    assert [c.text for c in Document(notice).tables[0].rows[0].cells] == ["序号", "重点任务", "具体措施", "牵头单位"]
    header = [c.text for c in Document(next(p for p in built.written if p.parent.name == "交办函")).tables[-1]
              .rows[0].cells]
    assert header.count("序号") == 1


def test_one_part_restarting_at_one_in_a_running_table_is_one_message(tmp_path):
    rows: list[list] = [["序号", "工作任务", "牵头单位"]]
    n = 1
    for part, name in enumerate(("一", "二", "三", "四", "五")):
        rows.append([f"{name}、部分"])
        for k in range(4):
            rows.append([k + 1 if part == 2 else n, f"做{n}。", "市科技局"])
            n += 1
    result = _read(tmp_path, rows, [f"A{i}:C{i}" for i, row in enumerate(rows, 1) if len(row) == 1])
    assert [str(p).split(" ", 1)[1] for p in result.errors] == [
        "任务分解!A13（序号）：序号从“1.”重新编起，全表其他各项连续编排——这里应为“9.”，请从这一项起顺延后面的序号"]


def test_five_levels_nest_groups_and_read_back_from_the_written_workbook(tmp_path):
    """一、 → （一） → 1. → （1） → ①: （1） is a group within the group 1.; the units given once on 1.
    go to every item below it that names none; the shape line counts both group levels."""
    from generator.workbook.reader import read_workbook
    from generator.workbook.structure import describe
    from generator.workbook.writer import write_task_workbook

    result = _read(tmp_path, [["工作任务", "牵头单位", "配合单位"], ["一、总体要求"], ["（一）加快创新"],
                              ["1.推进实验室建设", "市科技局", "市财政局"], ["（1）建设实验室"], ["①建设省级实验室。"],
                              ["②建设市级实验室。", "市统计局"], ["（2）引进人才。"], ["2.完善政策。", "市财政局"]])
    assert result.errors == []
    items = [(m.display, m.lead, m.cooperating, [g.heading for g in m.groups]) for _, _, m in result.table.measures()]
    assert items == [
        ("①建设省级实验室。", ("市科技局",), ("市财政局",), ["1.推进实验室建设", "（1）建设实验室"]),
        ("②建设市级实验室。", ("市统计局",), (), ["1.推进实验室建设", "（1）建设实验室"]),
        ("（2）引进人才。", ("市科技局",), ("市财政局",), ["1.推进实验室建设"]),
        ("2.完善政策。", ("市财政局",), (), [])]
    assert describe(result.table).startswith("五级：部分（标题行，1 个） → 条款（标题行，1 个） → 子项（1 个，")
    assert "→ 第二级子项（1 个，" in describe(result.table)
    write_task_workbook(result.table, tmp_path / "copy.xlsx")
    assert read_workbook(tmp_path / "copy.xlsx").table == result.table


def test_a_nested_groups_table_survives_the_snapshot_an_issued_version_keeps(tmp_path):
    from generator import snapshot

    result = _read(tmp_path, [["工作任务", "牵头单位"], ["一、总体要求"], ["1.推进实验室建设", "市科技局"],
                              ["（1）建设实验室"], ["①建设省级实验室。"], ["（2）引进人才。"]])
    assert snapshot.from_data(snapshot.to_data(result.table)) == result.table
    assert [len(m.groups) for _, _, m in result.table.measures()] == [2, 1]


def test_a_flat_lists_letter_counts_its_items_in_the_tables_words(tmp_path):
    """letters.j2 said “1个条款中的2项措施” for a flat list of 工作任务 that has no 条款."""
    from docx import Document

    from .helpers import Built

    data = sheets()
    data["任务分解"] = [["序号", "工作任务", "责任单位"], [1, "建设平台。", "市科技局"], [2, "完善政策。", "市科技局"]]
    built = Built(tmp_path, data)
    letter = next(p for p in built.written if p.parent.name == "交办函")
    text = "\n".join(p.text for p in Document(letter).paragraphs)
    assert "你单位负责落实2项工作任务（任务清单见附件）" in text and "条款" not in text


def test_a_heading_beside_a_row_counter_is_a_heading_and_its_note_belongs_to_no_item(tmp_path):
    result = _read(tmp_path, [["序号", "工作任务", "牵头单位", "备注"], [1, "一、重点任务", None, "共2项"],
                              [2, "1.建设平台。", "市科技局", None], [3, "2.引进人才。", "市统计局", None]])
    assert [p.heading for p in result.table.parts] == ["一、重点任务"]
    assert [m.note for _, _, m in result.table.measures()] == ["", ""]
    assert any("任务分解!D2" in str(p) and "不属于任何一项" in str(p) for p in result.warnings)


def test_a_lead_passes_down_through_a_group_that_names_only_a_cooperating_unit(tmp_path):
    result = _read(tmp_path, [["工作任务", "牵头单位", "配合单位"], ["1.推进实验室建设", "市科技局", "市财政局"],
                              ["（1）建设创新平台", None, "市统计局"], ["①建设孵化器。", None, None]])
    assert result.errors == []
    assert [(m.lead, m.cooperating) for _, _, m in result.table.measures()] == [(("市科技局",), ("市统计局",))]
    # the 配合单位 typed on the 1. line reaches no item: said, not dropped silently
    assert any("任务分解!C2" in str(p) and "不会交办给任何一项" in str(p) for p in result.warnings)


def test_a_serial_column_numbering_heading_rows_too_only_counts_rows(tmp_path):
    result = _read(tmp_path, [["序号", "工作任务", "牵头单位"], [1, "一、重点任务"], [2, "建设平台。", "市科技局"],
                              [3, "引进人才。", "市统计局"], [4, "二、保障措施"], [5, "建立专班。", "市财政局"]])
    assert result.errors == []
    assert [(p.heading, [m.display for c in p.clauses for m in c.measures]) for p in result.table.parts] == [
        ("一、重点任务", ["建设平台。", "引进人才。"]), ("二、保障措施", ["建立专班。"])]
    assert result.table.headers.columns()[0] == "extra:序号"  # printed as typed in the notice
