"""Title line breaking: 梯形 or 菱形, never an hourglass, no line over the width, 禁则 kept."""

from __future__ import annotations

import pytest

from generator.documents.typeset import NO_LINE_END, NO_LINE_START, break_title, text_units

TITLES = [
    "嘉峪关市人民政府办公室关于印发《嘉峪关市贯彻落实省政府〈关于提升甘肃省科技创新综合实力若干措施〉任务分解表》的通知",
    "国务院办公厅关于印发全国深化“放管服”改革优化营商环境电视电话会议重点任务分工方案的通知",
    "关于做好2024年第一季度重点任务督办工作的通知",
    "测试市人民政府办公室关于印发测试任务分解表的通知",
]


@pytest.mark.parametrize("title", TITLES)
def test_lines_fit_keep_every_character_and_obey_line_rules(title):
    lines = break_title(title, 20)
    assert "".join(lines) == title
    assert all(text_units(line) <= 20 for line in lines)
    assert all(line[0] not in NO_LINE_START and line[-1] not in NO_LINE_END for line in lines)


@pytest.mark.parametrize("title", TITLES)
def test_shape_is_never_an_hourglass(title):
    widths = [text_units(line) for line in break_title(title, 20)]
    for a, b, c in zip(widths, widths[1:], widths[2:]):
        assert not (b < a - 0.5 and b < c - 0.5), widths


def test_the_seed_title_breaks_between_words():
    assert break_title(TITLES[0], 20) == (
        "嘉峪关市人民政府办公室关于印发《嘉峪关市", "贯彻落实省政府〈关于提升甘肃省科技创新",
        "综合实力若干措施〉任务分解表》的通知")
    assert break_title("关于做好2024年第一季度重点任务督办工作的通知", 20) == (
        "关于做好2024年第一季度", "重点任务督办工作的通知")  # never inside 2024, balanced


def test_quarters_years_and_ordinals_stay_whole():
    assert break_title("关于催报2020年第四季度落实情况报表的通知", 20) == (
        "关于催报2020年第四季度", "落实情况报表的通知")  # not 第四 | 季度
    for title in ("关于2020年第10批重点项目推进情况的通报关于2020年第10批", "第12项任务第3条第5款的落实情况报告的通知"):
        for a, b in zip(break_title(title, 12), break_title(title, 12)[1:]):
            assert not a.endswith("第") and not (a[-1].isdigit() and b[0] in "年月日号季期批项条个")


@pytest.mark.parametrize("title", ["关于报送第一季度重点任务进展情况的通知", "嘉峪关市2022年第一季度落实情况通报",
                                   "关于第三批第二十条措施落实情况的通报", "关于做好2024年度重点任务督办工作的通知"])
def test_chinese_numerals_keep_their_counter_and_quarters_and_years_stay_one_word(title):
    for width in range(6, 22):
        lines = break_title(title, width)
        for a, b in zip(lines, lines[1:]):
            assert not (a.endswith("季") and b.startswith("度")), (width, lines)  # 第一季 | 度
            assert not (a.endswith("年") and b.startswith("度")), (width, lines)  # 2024年 | 度
            assert not (a[-1] in "一二三四十" and b[0] in "季批条"), (width, lines)  # 第二十 | 条
            assert not (a.endswith("措") and b.startswith("施")), (width, lines)


def test_short_titles_and_explicit_breaks():
    assert break_title("关于印发任务分解表的通知", 20) == ("关于印发任务分解表的通知",)
    assert break_title("某某关于\n印发任务分解表的通知", 20) == ("某某关于", "印发任务分解表的通知")
