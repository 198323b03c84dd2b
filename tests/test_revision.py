"""The 修订对照表: its rows for each edit scenario, the wording marks, the units and the layout."""

from __future__ import annotations

import datetime as dt

import pytest
from docx import Document
from docx.oxml.ns import qn

from generator.documents.revision import Revision, RevisionRenderer
from generator.documents.wording import Wording
from generator.versions.changes import compare
from generator.workbook.reader import read_workbook

from . import shipped

REVISION = Revision(2, dt.date(2020, 10, 8), 1, "嘉政办发〔2020〕86号", dt.date(2020, 9, 18))


def render(tmp_path, edit):
    data = shipped.sheets()
    edit(data)
    new = read_workbook(shipped.save(data, tmp_path / "edited.xlsx")).table
    change = compare(read_workbook(shipped.SHIPPED).table, new)
    letters = {u.unit: f"交办函/{u.unit}.docx" for u in change.units}
    path = tmp_path / "修订对照表.docx"
    RevisionRenderer(Wording()).render(new, change, REVISION, letters).save(path)
    return Document(path)


def table_rows(doc, index: int = 0) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in doc.tables[index].rows]


def runs(cell, tag: str) -> list[str]:
    """Texts of the runs in a cell carrying a formatting element (w:strike, w:b, w:u)."""
    return [r.text for p in cell.paragraphs for r in p.runs
            if r._r.rPr is not None and r._r.rPr.find(qn(tag)) is not None]


def move_and_reword(data):
    shipped.reword(data, "鼓励企业建立研发准备金制度", "鼓励企业设立研发准备金制度")
    for r in data["任务分解"]:
        if str(r[1]).startswith("（三）"):
            r[4], r[5] = "市工信局、市科技局、市财政局", "市发改委、市政府国资委"


def test_rows_marks_and_units(tmp_path):
    doc = render(tmp_path, move_and_reword)
    rows = table_rows(doc)
    assert rows[0] == ["位置", "原内容", "修订后", "说明"]
    assert [r[0] for r in rows[1:]] == ["任务分解\n（三）第1—3条措施 牵头单位", "任务分解\n（三）第1—3条措施 配合单位",
                                        "任务分解\n（三）第2条措施"]
    assert rows[1][1:] == ["市工信局、市科技局", "市工信局、市科技局、市财政局", "市财政局由配合改为牵头"]
    assert rows[3][1].startswith("2.鼓励企业建立") and rows[3][2].startswith("2.鼓励企业设立") and rows[3][3] == "改写"
    old_cell, new_cell = doc.tables[0].rows[3].cells[1:3]
    assert runs(old_cell, "w:strike") == ["建"] and runs(new_cell, "w:strike") == []
    assert runs(new_cell, "w:b") == runs(new_cell, "w:u") == ["设"]
    text = "\n".join(p.text for p in doc.paragraphs)
    title = "《嘉峪关市贯彻落实省政府〈关于提升甘肃省科技创新综合实力若干措施〉任务分解表》修订对照表"  # cited in 《》
    assert title in text.replace("\n", "")
    assert "形成第2版（嘉政办发〔2020〕86号，2020年10月8日印发）" in text
    assert "本次修订改写1处，调整牵头、配合单位2处。" in text
    assert "需重新发送交办函的单位（5个）" in text
    units = table_rows(doc, 1)
    assert units[0] == ["序号", "单位", "任务变化", "新交办函"]
    assert [r[1] for r in units[1:]] == ["市发改委", "市科技局", "市工信局", "市财政局", "市政府国资委"]
    assert units[4][2:] == ["由配合改为牵头（三）1.、2.、3.", "交办函/市财政局.docx"]
    assert "任务未变的单位（13个，原交办函继续有效）：市委军民融合办、市教育局" in text


@pytest.mark.parametrize("edit, expected", [
    (lambda d: shipped.remove_clause(d, 5),
     [["任务分解\n原（五）", "删除条款（含5条措施）"], ["任务分解\n（五）至（十九）", "条款序号调整，内容未变"]]),
    (lambda d: shipped.set_notice(d, "发文字号", "嘉政办发〔2020〕99号"), [["发文信息\n发文字号", "修改"]]),
])
def test_rows_of_other_scenarios(tmp_path, edit, expected):
    doc = render(tmp_path, edit)
    assert [[r[0], r[3]] for r in table_rows(doc)[1:]] == expected


def test_removed_clause_shows_what_it_said_and_that_it_is_gone(tmp_path):
    doc = render(tmp_path, lambda d: shipped.remove_clause(d, 5))
    rows = table_rows(doc)
    removed = rows[1]
    assert removed[1].startswith("（五）促进技术要素与资本要素融合发展")
    assert "5.积极探索通过天使投资" in removed[1] and removed[2] == "（删除）"
    assert rows[2][1:3] == ["（六）至（二十）", "（五）至（十九）"]
    names = [r[1] for r in table_rows(doc, 1)[1:]]
    assert len(names) == 16 and "人行嘉峪关中心支行" not in names  # no letter any more: listed apart
    text = "".join(p.text for p in doc.paragraphs)
    assert "不再承担任务的单位（不再发函）：人行嘉峪关中心支行、嘉峪关银保监分局。" in text
    assert "16个单位的任务有变化" in text
