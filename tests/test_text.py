"""Text rules: numbering, unit lists, punctuation, 发文字号, dates and quarters."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.text.characters import control_characters
from generator.text.dates import NotADate, parse_date, parse_quarter
from generator.text.docnumber import parse_doc_number, suggest_doc_number
from generator.text.numerals import (
    Style,
    cn_number,
    parse_clause,
    parse_mark,
    parse_measure,
    parse_part,
    parse_serial,
    relabel,
    to_cn_number,
)
from generator.text.punctuation import half_width_punctuation, to_full_width_punctuation
from generator.workbook.units import split_units


@pytest.mark.parametrize("text, names", [
    ("市工信局、市科技局", ["市工信局", "市科技局"]),
    ("市发改委，市政府国资委,市财政局；市统计局;市审计局",
     ["市发改委", "市政府国资委", "市财政局", "市统计局", "市审计局"]),
    ("各县(市、区)人民政府、市科技局", ["各县(市、区)人民政府", "市科技局"]),
    ("各县（市、区）人民政府，市（州）科技局", ["各县（市、区）人民政府", "市（州）科技局"]),
    ("市科技局\n市财政局", ["市科技局", "市财政局"]),
    ("  市科技局 、、 市财政局 ", ["市科技局", "市财政局"]),
    ("", []),
])
def test_split_units_outside_brackets(text, names):
    assert split_units(text) == names


def test_collective_names_are_kept_whole():
    assert split_units("各区、县级市、市科技局", ["各区、县级市"]) == ["各区、县级市", "市科技局"]
    # the kinds listed after 各 belong to it, with their 人民政府; a unit after them does not
    assert split_units("各区、县级市人民政府") == ["各区、县级市人民政府"]
    assert split_units("各区、市财政局") == ["各区", "市财政局"]


@pytest.mark.parametrize("text, value", [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("九十九", 99),
                                         ("一百零五", 105), ("一百一十", 110), ("九百九十九", 999), ("二百", 200),
                                         ("二二", None), ("百", None), ("一百十", None), ("", None)])
def test_chinese_numerals(text, value):
    assert cn_number(text) == value
    if value:
        assert to_cn_number(value) == text


def test_headings():
    assert (parse_part("五、加强政策落实").number, parse_part("五、加强政策落实").text) == (5, "加强政策落实")
    assert parse_clause("(二十)加强研发").number == 20 and parse_clause("（三）启动").text == "启动"
    assert parse_clause("三、不是条款").number is None
    assert parse_measure("12．加强").number == 12 and parse_measure("3、建立").number == 3
    assert parse_measure("1.5%以上").number is None  # a decimal, not numbering


def test_half_width_punctuation():
    assert half_width_punctuation("综合施策,补短板(强弱项)") == [4, 8, 12]
    assert half_width_punctuation("达到1,500家，9:30开会") == []
    assert half_width_punctuation("R&D (research)") == []  # no Chinese, not ours to judge
    assert to_full_width_punctuation("各部门:请于(3月)前报送;谢谢!") == "各部门：请于（3月）前报送；谢谢！"


def test_control_characters():
    assert control_characters("a\x07b\x0bc") == ["U+0007", "U+000B"]
    assert control_characters("第一行\n第二行\r\n") == []
    assert control_characters("粘贴_x0001_的_x000D_") == ["U+0001"]


@pytest.mark.parametrize("text, fixed", [
    ("嘉政办发[2020]86号", "嘉政办发〔2020〕86号"),
    ("嘉政办发（2020）第86号", "嘉政办发〔2020〕86号"),
    ("嘉政办发【2020】086号", "嘉政办发〔2020〕86号"),
    ("嘉政办发﹝2020﹞86", "嘉政办发〔2020〕86号"),
    ("嘉政办发〔20〕86号", None),
])
def test_doc_numbers(text, fixed):
    assert parse_doc_number(text) is None
    assert suggest_doc_number(text) == fixed
    assert str(parse_doc_number("嘉政办发〔2020〕86号")) == "嘉政办发〔2020〕86号"


@pytest.mark.parametrize("value, day", [
    ("2020年9月17日", dt.date(2020, 9, 17)), ("2020-09-17", dt.date(2020, 9, 17)), ("2020/9/17", dt.date(2020, 9, 17)),
    (dt.datetime(2020, 9, 17, 8, 0), dt.date(2020, 9, 17)), (44091, dt.date(2020, 9, 17)), ("", None), (None, None),
])
def test_dates(value, day):
    assert parse_date(value) == day


@pytest.mark.parametrize("value", ["2020年2月30日", "九月十七日", "2020年13月1日", "明天"])
def test_not_dates(value):
    with pytest.raises(NotADate):
        parse_date(value)


def test_quarters():
    assert parse_quarter("2020年第四季度") == (2020, 4) == parse_quarter("2020Q4") == parse_quarter("2020年4季度")
    assert parse_quarter("2020年第五季度") is None and parse_quarter("四季度") is None


@pytest.mark.parametrize("text, rank, number, mark, rest", [
    ("1.做好", Style.ARABIC, 1, "1.", "做好"), ("1、做好", Style.ARABIC, 1, "1、", "做好"),
    ("12．加强", Style.ARABIC, 12, "12．", "加强"), ("１．做", Style.ARABIC, 1, "１．", "做"),
    ("（1）建设", Style.ARABIC_PAREN, 1, "（1）", "建设"), ("(2) 做", Style.ARABIC_PAREN, 2, "(2)", "做"),
    ("③做", Style.CIRCLED, 3, "③", "做"), ("一、总体", Style.CN, 1, "一、", "总体"),
    ("（十二）指导", Style.CN_PAREN, 12, "（十二）", "指导"),
    ("3.121人才梯队项目", Style.ARABIC, 3, "3.", "121人才梯队项目"),  # the example: item 3
    ("1.1 建设", Style.ARABIC + 1, 1, "1.1", "建设"), ("2.3.4、做", Style.ARABIC + 2, 4, "2.3.4、", "做"),
])
def test_numbering_marks_of_every_style_are_read_as_written(text, rank, number, mark, rest):
    found = parse_mark(text)
    assert found is not None and (found.rank, found.number, found.mark, found.text) == (rank, number, mark, rest)


@pytest.mark.parametrize("text", ["1.5%以上", "2.5亿元", "2022年底", "——到2022年", "市科技局"])
def test_decimals_and_plain_text_have_no_numbering_mark(text):
    assert parse_mark(text) is None


def test_serial_cells_and_relabelling():
    assert (parse_serial("3").number, parse_serial("3").rank) == (3, Style.ARABIC)
    assert (parse_serial("二").number, parse_serial("二").rank) == (2, Style.CN)
    assert (parse_serial("1.2").number, parse_serial("1.2").rank) == (2, Style.ARABIC + 1)
    assert [relabel(m, 4) for m in ("（3）", "三、", "③", "１．", "1.3", "（三）")] == \
        ["（4）", "四、", "④", "4．", "1.4", "（四）"]
