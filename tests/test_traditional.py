"""Traditional characters: found with the simplified form to type instead, and no false alarm on simplified text."""

from __future__ import annotations

import pytest

from generator.text.traditional import SIMPLIFIED, to_simplified, traditional_characters
from generator.text.traditional_table import PAIRS

from .helpers import ROOT, SHIPPED


@pytest.mark.parametrize("traditional, simplified", [
    ("科技創新", "科技创新"),
    ("市財政局", "市财政局"),
    ("發展改革委員會", "发展改革委员会"),
    ("關於加快推進科技成果轉化的實施意見", "关於加快推进科技成果转化的实施意见"),  # 於 is simplified too (a surname)
    ("國家稅務總局嘉峪關市稅務局", "国家税务总局嘉峪关市税务局"),
    ("規上工業企業戶數達到70戶以上", "规上工业企业户数达到70户以上"),
    ("今後", "今后"),
])
def test_traditional_phrases_are_found_and_a_simplified_form_offered(traditional, simplified):
    assert traditional_characters(traditional)
    assert to_simplified(traditional) == simplified
    assert traditional_characters(simplified) == []


@pytest.mark.parametrize("text", [
    "着力推进科技创新，著名企业，乾坤，於姓，瞭望塔，覆盖面，藉口，宫商角徵羽",
    "哪吒，捱过，白朮，榘矩，醣类，蒐集，摺子，閤门，脩脯，琅琊区，畬田，苧烯，甯姓，甦醒",
    "一目了然，里程，后续，发展，干部，面积，复核，制度，范围，周期，准确，谷物，余额，须知",
])
def test_simplified_text_that_looks_traditional_is_not_flagged(text):
    """Characters that simplified text uses in some words (著名, 乾坤, 於 as a surname …) or in
    names (琅琊区, 甯) are never reported."""
    assert traditional_characters(text) == []


def test_no_common_simplified_character_is_listed():
    """GB 2312 holds the 6,763 common simplified characters; of them only 後 (kept there for
    old texts, written 后 in simplified text) is listed."""
    def in_gb2312(c: str) -> bool:
        try:
            c.encode("gb2312")
        except UnicodeEncodeError:
            return False
        return True

    assert [c for c in SIMPLIFIED if in_gb2312(c)] == ["後"]


def test_the_table_is_pairs_of_distinct_characters():
    assert len(PAIRS) % 2 == 0 and len(SIMPLIFIED) == len(PAIRS) // 2 > 2000
    assert all(t != s and s not in SIMPLIFIED for t, s in SIMPLIFIED.items())


def test_the_shipped_workbook_and_the_project_texts_have_no_traditional_character():
    from openpyxl import load_workbook

    cells = [c.value for ws in load_workbook(SHIPPED) for row in ws.iter_rows() for c in row
             if isinstance(c.value, str)]
    texts = cells + [p.read_text(encoding="utf-8") for p in (
        ROOT / "docs" / "ARCHITECTURE.md", ROOT / "scripts" / "seed" / "jiayuguan-2020-86.txt",
        *sorted((ROOT / "templates").glob("*")))]  # (README.md shows traditional characters on purpose)
    found = {t[i] for t in texts for i in traditional_characters(t)}
    assert found == set()
