"""Rebuild source/decomposition.xlsx from the published notice (scripts/seed/jiayuguan-2020-86.txt).

The seed is a web scrape of 嘉政办发〔2020〕86号. This script transcribes it faithfully and
only makes the corrections listed below, each recorded for the clerk where no document prints it:
in the 发文信息 sheet's 备注 column, and as a cell comment (批注) in the 任务分解 sheet:

* ASCII punctuation the scrape flattened (, : ; ( ) < >) becomes full-width Chinese punctuation;
* 发文字号 and dates whose characters the scrape lost are restored (嘉政办发〔202086 →
  嘉政办发〔2020〕86号, 2020917 → 2020年9月17日), as the published original gives them;
* text the scrape lost otherwise is NOT invented: it is kept as it is and flagged (the target
  cut off at “达到2” gets a comment on its cell: a 备注 column would print the note in the notice).

Run from the repository root:  python scripts/build_seed_workbook.py [--output PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.comments import Comment

from generator.model import Clause, Headers, Measure, Notice, Part, Quarter, Reporting, TaskTable, Unit
from generator.text.numerals import parse_clause, parse_measure, parse_part
from generator.text.punctuation import to_full_width_punctuation
from generator.workbook.schema import DEFAULT_STATUSES, TABLE_SHEET
from generator.workbook.units import split_units
from generator.workbook.writer import write_task_workbook

ROOT = Path(__file__).resolve().parent.parent

SEED = ROOT / "scripts" / "seed" / "jiayuguan-2020-86.txt"
ISSUER = "嘉峪关市人民政府办公室"
DATE = dt.date(2020, 9, 17)

# The 18 units in the order official documents list them: the Party committee's office first,
# then government departments in the order of the government's organisation, the agency and
# the park, then the units under vertical management.
UNITS = (
    ("市委军民融合办", "中共嘉峪关市委军民融合发展委员会办公室", ()),
    ("市发改委", "嘉峪关市发展和改革委员会", ("市发展改革委",)),
    ("市教育局", "嘉峪关市教育局", ()),
    ("市科技局", "嘉峪关市科学技术局", ()),
    ("市工信局", "嘉峪关市工业和信息化局", ("市工业和信息化局",)),
    ("市财政局", "嘉峪关市财政局", ()),
    ("市人社局", "嘉峪关市人力资源和社会保障局", ("市人力资源社会保障局",)),
    ("市农业农村局", "嘉峪关市农业农村局", ()),
    ("市审计局", "嘉峪关市审计局", ()),
    ("市政府国资委", "嘉峪关市人民政府国有资产监督管理委员会", ("市国资委",)),
    ("市市场监管局", "嘉峪关市市场监督管理局", ()),
    ("市统计局", "嘉峪关市统计局", ()),
    ("市政府金融办", "嘉峪关市人民政府金融工作办公室", ("市金融办",)),
    ("市招商引资服务中心", "嘉峪关市招商引资服务中心", ()),
    ("工业园区管委会", "嘉峪关工业园区管理委员会", ()),
    ("市税务局", "国家税务总局嘉峪关市税务局", ()),
    ("人行嘉峪关中心支行", "中国人民银行嘉峪关市中心支行", ()),
    ("嘉峪关银保监分局", "中国银行保险监督管理委员会嘉峪关监管分局", ()),
)

TRUNCATED_TARGET = "达到2"
# Notes for the clerk on cells of the task table: (the end of the cell's text, the note). They are
# cell comments, which no document prints (a 备注 column would print them in the notice).
CELL_NOTES = (
    (TRUNCATED_TARGET, "网页版原文在“达到2”处截断，后文缺失；未补写，请对照纸质原件补全"),
)
NOTE_AUTHOR = "转录说明"


def chinese(text: str) -> str:
    """The scrape's text with Chinese punctuation restored."""
    return to_full_width_punctuation(text.strip()).replace("<", "〈").replace(">", "〉")


def lines_between(lines: list[str], start: str, stop: str) -> list[str]:
    i = next(n for n, line in enumerate(lines) if line.strip() == start)
    j = next(n for n, line in enumerate(lines) if line.strip().startswith(stop))
    return [line.strip() for line in lines[i + 1:j] if line.strip()]


def parse_table(lines: list[str]) -> tuple[Part, ...]:
    """The 任务分解表 of the seed, part by part and clause by clause."""
    body = lines_between(lines, "配合单位", "抄送")
    parts: list[dict] = []
    for line in body:
        if re.match(r"^[一二三四五六七八九十]+、", line):
            heading = parse_part(chinese(line))
            if not parts or parts[-1]["number"] != heading.number:  # the web page repeats parts
                parts.append({"number": heading.number, "title": heading.text, "clauses": []})
        elif re.match(r"^\([一二三四五六七八九十]+\)", line):
            heading = parse_clause(chinese(line))
            parts[-1]["clauses"].append(
                {"number": heading.number, "title": heading.text, "content": [], "measures": [], "units": []})
        else:
            clause = parts[-1]["clauses"][-1]
            pieces = re.split(r"\s{2,}(?=\d+\.)", line)  # (十八) has two measures on one line
            if re.match(r"^\d+\.", line):
                clause["measures"] += [chinese(p) for p in pieces]
            elif clause["measures"]:
                clause["units"].append(chinese(line))
            else:
                clause["content"].append(chinese(line))
    return tuple(_part(p) for p in parts)


def _part(p: dict) -> Part:
    clauses = []
    for c in p["clauses"]:
        content = c["content"]
        measures: list[Measure] = []
        if c["number"] == 2:  # 发展目标: four provincial targets (the 任务内容), four municipal ones
            assert len(content) == 8, content
            content, targets = content[:4], content[4:]
            measures = [Measure(None, t) for t in targets]
        else:
            assert len(content) == 1, (c["number"], content)
        if c["measures"]:
            assert len(c["units"]) == 2, (c["number"], c["units"])
            lead, coop = (tuple(split_units(u)) for u in c["units"])
            for text in c["measures"]:
                m = parse_measure(text)
                measures.append(Measure(m.number, m.text, lead, coop))
        clauses.append(Clause(c["number"], c["title"], "\n".join(content), tuple(measures)))
    return Part(p["number"], p["title"], tuple(clauses))


def parse_notice(lines: list[str]) -> Notice:
    text = [line.strip() for line in lines if line.strip()]
    number_line = next(line for line in text if line.startswith("嘉政办发"))
    addressees = next(line for line in text if line.startswith("各街道办事处"))
    body = next(line for line in text if line.startswith("为深入贯彻落实"))
    title_at = text.index(next(line for line in text if line == "嘉峪关市人民政府办公室关于"))
    title = "".join(text[title_at:title_at + 3]).replace(" ", "")
    heading_at = text.index(next(line for line in text if line.startswith("嘉峪关市贯彻落实省政府《")))
    attachment = "".join(text[heading_at:heading_at + 2])
    cc = next(line for line in text if line.startswith("抄送")).split(":", 1)[1]
    assert "〔2020〕" not in number_line, "the seed changed: check the restoration of 发文字号"
    return Notice(
        organ_mark=f"{ISSUER}文件",
        organ_name=ISSUER,
        number="嘉政办发〔2020〕86号",
        title=chinese(title),
        addressees=chinese(addressees).rstrip("："),
        body=(chinese(body),),
        date=DATE,
        attachment=chinese(attachment),
        note="此件公开发布",
        cc=chinese(cc).rstrip("。"),
        printer=ISSUER,
        print_date=DATE,
        publication="主动公开",
        seal=True,
        remarks=(
            ("发文机关标志", "网页版未显示版头，按本机关红头文件惯例填写"),
            ("发文字号", f"网页版显示为“{number_line}”，字符丢失，按原件恢复"),
            ("标题", "网页版的“<>”已恢复为“〈〉”；网页版的分行不是印刷分行，由生成程序排成梯形"),
            ("正文", "网页版在“任务分解表”后缺少书名号“》”（疑为抓取丢失），未补写，请对照纸质原件核对"),
            ("成文日期", "网页版显示为“2020917”，字符丢失，按原件恢复"),
            ("印发日期", "网页版显示为“2020917日印发”，字符丢失，按原件恢复"),
            ("印章", "有：署名和日期按加盖印章格式排版（GB/T 9704 第7.3.5.1条）"),
        ),
    )


def reporting() -> Reporting:
    """Quarterly reports from 2020年第四季度 to 2022年第四季度, due on the 5th after each quarter."""
    quarters = []
    for year in (2020, 2021, 2022):
        for q in range(1, 5):
            if (year, q) < (2020, 4):
                continue
            due = dt.date(year + 1, 1, 5) if q == 4 else dt.date(year, q * 3 + 1, 5)
            quarters.append(Quarter(year, q, due))
    return Reporting(
        quarters=tuple(quarters), statuses=DEFAULT_STATUSES, coordinator=ISSUER,
        method="电子版（.xlsx）通过电子邮件或 OA 报送，纸质版加盖单位公章后报送",
    )


def build(seed: Path = SEED) -> TaskTable:
    lines = seed.read_text(encoding="utf-8").splitlines()
    units = tuple(Unit(name, full, aliases) for name, full, aliases in UNITS)
    headers = Headers(part="部分", clause="条款", content="任务内容", measure="市级落实措施",
                      lead="牵头单位", cooperating="配合单位", note="备注")
    return TaskTable(parse_notice(lines), parse_table(lines), units, reporting(), headers)


def add_cell_notes(path: Path) -> None:
    """Put CELL_NOTES on the task table's cells as comments (批注): the clerk sees them in Excel or
    WPS, the reader never reads them, no document prints them."""
    wb = load_workbook(path)
    ws = wb[TABLE_SHEET]
    for ending, note in CELL_NOTES:
        cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.endswith(ending)]
        assert len(cells) == 1, (ending, [c.coordinate for c in cells])
        cells[0].comment = Comment(note, NOTE_AUTHOR, width=240, height=80)
    wb.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--output", type=Path, default=ROOT / "source" / "decomposition.xlsx")
    args = parser.parse_args()
    table = build(args.seed)
    named = {u for _, _, m in table.measures() for u in (*m.lead, *m.cooperating)}
    assert named == {u.name for u in table.units}, named ^ {u.name for u in table.units}
    write_task_workbook(table, args.output)
    add_cell_notes(args.output)
    print(f"wrote {args.output}: {len(table.parts)} parts, {len(table.clauses)} clauses, "
          f"{len(table.numbered_measures)} numbered measures, {len(table.targets)} targets, "
          f"{len(table.units)} units")


if __name__ == "__main__":
    main()
