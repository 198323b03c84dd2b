"""Random task tables (issue 12): for each seed, a random tree of one to four levels (a flat list; parts
only; parts and clauses in columns, as heading rows, or a 条款 column under part rows; four levels with
groups whose units are given once), items numbered through the table or afresh, random numbering
styles, a 序号 column or none, random unit cells mixing named units and collectives by form. Written to
a workbook, read back (`api.check`): the same tree (headings, numbers, texts, units per item and role),
no error, no warning but half-width brackets, collectives never among the letter units; for a subset
of seeds also built, with a letter for each letter unit that lists exactly its items.

No new dependency: `random.Random(seed)` draws the tree.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator import api
from generator.text.numerals import to_cn_number

from .helpers import table_sheets, write
from .shapes import build, collectives, letter_items, letter_paths, tree

SEEDS = range(40)
BUILT_EVERY = 4  # seeds 0, 4, 8 …: also built (about half a second each)

NAMED = ("市科技局", "市财政局", "市统计局", "市教育局", "市发改委", "市工信局")
COLLECTIVE_NAMES = ("各区、县级市", "各县（市、区）人民政府", "市直各有关单位", "招商引资各专班",
                    "相关市（州）人民政府", "各县市区政府", "各有关单位", "各成员单位", "市级各有关部门")
DECLARED_COLLECTIVE = "驻市单位"  # a collective only because the 单位 sheet's 类型 says so
DECLARED_UNIT = "市委各专班"  # a unit (with letters) though its form reads as a collective's

VERBS = ("推进", "加强", "完善", "建设", "培育", "实施", "优化", "落实", "深化", "强化")
NOUNS = ("科技型企业", "研发平台", "人才政策", "创新载体", "金融服务", "统计监测", "成果转化", "知识产权", "数字经济",
         "营商环境", "产业集群", "开放合作")
DIGIT_TEXTS = ("5G基站建设。", "121人才梯队项目。")  # texts that begin with digits
PART_TITLES = ("总体要求", "重点任务", "保障措施", "工作要求", "组织实施", "监督考核")
CLAUSE_VERBS = ("加快", "着力", "全面", "大力")
GROUP_VERBS = ("推动", "促进")

# Item numbering styles as written before the text ({} the number), and the styles one level deeper
# for a group's items, ① among them.
STYLES = ("{}.", "{}、", "{}．", "（{}）", "({})", "{fw}．", "{c}")
TOP_STYLES = ("{}.", "{}、", "{}．", "{fw}．")
SUB_STYLES = ("（{}）", "({})", "{c}")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

def styled(style: str, n: int) -> str:
    full = str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return style.format(n, fw=full, c=CIRCLED[n - 1])


def serial_label(written: str) -> str:
    """A 序号 cell's number as printed before the item: 3 is `3.`, （1） and ① stay as written."""
    return f"{written}." if re.fullmatch("[0-9０-９]+", written) else written


# -- the tree ---------------------------------------------------------------------------------------


@dataclass
class Units:
    """A row's unit cells as typed, and the names they must read as."""

    lead_cell: str = ""
    coop_cell: str = ""
    lead: tuple[str, ...] = ()
    coop: tuple[str, ...] = ()

    @property
    def any(self) -> bool:
        return bool(self.lead_cell or self.coop_cell)


@dataclass
class Group:
    title: str
    number: int
    written: str  # the number as written before the title, or in the 序号 column
    serial: bool
    units: Units

    @property
    def heading(self) -> str:
        return (serial_label(self.written) if self.serial else self.written) + self.title


@dataclass
class Item:
    text: str
    number: int | None = None
    written: str = ""  # the number as written (1、 （1） ３．), or the 序号 cell
    serial: bool = False
    units: Units = field(default_factory=Units)  # the row's own cells
    group: Group | None = None
    optional: dict[str, str] = field(default_factory=dict)  # field -> value (deadline, leader, extra:…)

    @property
    def label(self) -> str:
        if self.number is None:
            return ""
        return serial_label(self.written) if self.serial else self.written

    @property
    def display(self) -> str:
        return self.label + self.text

    @property
    def names(self) -> Units:
        """The units the item has: its own, else its group's."""
        return self.units if self.units.any or self.group is None else self.group.units


@dataclass
class Heading:
    number: int | None
    title: str

    def text(self, level: str) -> str:
        if self.number is None:
            return self.title
        n = to_cn_number(self.number)
        return f"{n}、{self.title}" if level == "part" else f"（{n}）{self.title}"


@dataclass
class Clause:
    heading: Heading | None
    items: list[Item]
    content: str = ""


@dataclass
class Part:
    heading: Heading | None
    clauses: list[Clause]


@dataclass
class Table:
    """A random table and how it is written."""

    depth: int  # 1 flat, 2 parts, 3 parts and clauses, 4 with groups
    parts: list[Part]
    columns: list[tuple[str, str]]  # (field, header) in the office's order
    part_source: str  # "", "column", "merged", "item", "serial": where the part headings stand
    clause_source: str  # "", "column", "merged", "item", "serial"
    repeat_columns: bool  # 部分/条款 cells typed on every row (else left blank below the first)
    units_sheet: bool
    declared: bool  # the 单位 sheet has a 类型 column (集体 / 单位)
    responsible: bool
    running: bool  # items numbered through the table, not afresh in each clause (or part)
    styles: set[str]  # the numbering styles written in the items' text or 序号 cells

    def items(self) -> list[Item]:
        return [m for p in self.parts for c in p.clauses for m in c.items]

    def field_order(self) -> tuple[str, ...]:
        return tuple(f for f, _ in self.columns)


class Draw:
    """Draws a random table from a seed."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.texts = [f"{v}{n}。" for v in VERBS for n in NOUNS]
        self.rng.shuffle(self.texts)
        self.clause_titles = [f"{v}{n}" for v in CLAUSE_VERBS for n in NOUNS]
        self.rng.shuffle(self.clause_titles)
        self.group_titles = [f"{v}{n}。" for v in GROUP_VERBS for n in NOUNS]
        self.rng.shuffle(self.group_titles)
        self.digit_texts = list(DIGIT_TEXTS)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def text(self) -> str:
        if self.digit_texts and self.chance(0.08):
            return self.digit_texts.pop()
        return self.texts.pop()

    def table(self) -> Table:
        r = self.rng
        depth = r.choice((1, 2, 2, 3, 3, 3, 4, 4))
        responsible = depth <= 2 and self.chance(0.2)
        serial = self.chance(0.45)
        numbered_items = serial or depth == 4 or not self.chance(0.12)
        if depth == 1:
            part_source = clause_source = ""
        elif depth == 2:
            part_source = r.choice(("column", "merged", "item", *(("serial",) if serial else ())))
            clause_source = ""
        else:
            layout = r.choice(("columns", "rows", "mixed"))
            rows = ("merged", "item", *(("serial", "serial") if serial else ()))
            part_source = "column" if layout == "columns" else r.choice(rows)
            clause_source = "column" if layout in ("columns", "mixed") else r.choice(rows)
        self.serial = serial
        self.responsible = responsible
        self.units_sheet = self.chance(0.7)
        self.declared = self.units_sheet and self.chance(0.4)
        self.item_header = r.choice(("落实措施", "工作任务", "重点工作"))
        self.style = r.choice(TOP_STYLES if depth == 4 else STYLES)
        self.sub_style = r.choice(SUB_STYLES)
        self.running = self.chance(0.5)
        # headings without numbers: only where nothing else tells their level (a column, or the only heading rows)
        unnumbered_parts = part_source in ("column", "merged") and clause_source in ("", "column") and self.chance(0.2)
        unnumbered_clauses = clause_source == "column" and self.chance(0.2)
        optional = self._optional_columns()
        columns = self._columns(depth, part_source, clause_source, optional)
        self.fields = {f for f, _ in columns}
        self.used: set[str] = set()
        parts = self._parts(depth, unnumbered_parts, unnumbered_clauses, numbered_items)
        return Table(depth, parts, columns, part_source, clause_source, self.chance(0.5), self.units_sheet,
                     self.declared, responsible, self.running, self.used)

    def _optional_columns(self) -> list[tuple[str, str]]:
        r = self.rng
        out = []
        if self.chance(0.4):
            out.append(("deadline", "完成时限"))
        if self.chance(0.25):
            out.append(("leader", "责任领导"))
        if self.chance(0.25):
            out.append(("extra:资金来源", "资金来源"))
        r.shuffle(out)
        return out

    def _columns(self, depth: int, part_source: str, clause_source: str,
                 optional: list[tuple[str, str]]) -> list[tuple[str, str]]:
        cols = []
        if self.serial:
            cols.append(("serial", "序号"))
        if part_source == "column":
            cols.append(("part", "部分"))
        if clause_source == "column":
            cols.append(("clause", "条款"))
            if self.chance(0.3):
                cols.append(("content", "任务内容"))
        if self.item_header == "落实措施" and self.chance(0.3):
            cols.append(("extra:项目名称", "项目名称"))  # 项目名称 also names an item column: only beside 落实措施
        cols.append(("measure", self.item_header))
        before, after = optional[:1], optional[1:]
        if before and self.chance(0.5):
            cols += before  # between the items and the units
            before = []
        cols.append(("lead", "责任单位" if self.responsible else "牵头单位"))
        if not self.responsible:
            cols.append(("cooperating", self.rng.choice(("配合单位", "协办单位", "参与单位"))))
        return cols + before + after

    # -- the levels --

    def _parts(self, depth: int, unnumbered_parts: bool, unnumbered_clauses: bool, numbered: bool) -> list[Part]:
        r = self.rng
        if depth == 1:
            return [Part(None, [Clause(None, self._items(r.randint(2, 6), numbered, counter=[0]))])]
        titles = list(PART_TITLES)
        r.shuffle(titles)
        n_parts = r.randint(1, 3)
        target = depth <= 3 and not self.responsible and self.chance(0.3)
        counter = [0]  # the items' running number
        clause_counter = [0]
        restart_clauses = self.chance(0.5)
        parts = []
        for p in range(n_parts + target):
            heading = Heading(None if unnumbered_parts else p + 1, "发展目标" if target and p == 0 else titles.pop())
            if depth == 2:
                if target and p == 0:
                    clauses = [Clause(None, [self._target()])]
                else:
                    if not self.running:
                        counter = [0]
                    clauses = [Clause(None, self._items(r.randint(1, 3), numbered, counter))]
            else:
                if restart_clauses:
                    clause_counter = [0]
                clauses = []
                for _ in range(1 if target and p == 0 else r.randint(1, 2 if depth == 4 else 3)):
                    clause_counter[0] += 1
                    number = None if unnumbered_clauses else clause_counter[0]
                    if target and p == 0:
                        clauses.append(Clause(Heading(number, "发展目标"), [self._target()], self._content()))
                        continue
                    if not self.running:
                        counter = [0]
                    items = (self._entries(r.randint(1, 3), counter) if depth == 4
                             else self._items(r.randint(1, 3), numbered, counter))
                    clauses.append(Clause(Heading(number, self.clause_titles.pop()), items, self._content()))
            parts.append(Part(heading, clauses))
        return parts

    def _content(self) -> str:
        return f"{self.rng.choice(NOUNS)}的省级政策内容。" if "content" in self.fields else ""

    def _target(self) -> Item:
        return Item(f"到2025年，{self.texts.pop().removesuffix('。')}取得明显成效。")

    def _items(self, n: int, numbered: bool, counter: list[int]) -> list[Item]:
        out = []
        for _ in range(n):
            item = Item(self.text(), units=self._units(), optional=self._optional())
            if numbered:
                counter[0] += 1
                self._number(item, counter[0], self.style)
            out.append(item)
        return out

    def _number(self, item: Item | Group, n: int, style: str, sub: bool = False) -> None:
        item.number = n
        if self.serial:
            item.serial = True
            item.written = styled(style, n) if sub else str(n)
        else:
            item.written = styled(style, n)
        if sub or not self.serial:
            self.used.add(style)

    def _entries(self, n: int, counter: list[int]) -> list[Item]:
        """Four levels: a clause's entries, each a plain item or a group (1.) of items （1） （2）."""
        out: list[Item] = []
        for _ in range(n):
            counter[0] += 1
            if not self.chance(0.6):
                item = Item(self.text(), units=self._units(), optional=self._optional())
                self._number(item, counter[0], self.style)
                out.append(item)
                continue
            units = self._units() if self.chance(0.6) else Units()
            group = Group(self.group_titles.pop(), 0, "", False, units)
            self._number(group, counter[0], self.style)
            for k in range(1, self.rng.randint(1, 3) + 1):
                # the first item takes the group's units when it has some (so that they are some item's)
                own = not units.any or (k > 1 and self.chance(0.3))
                item = Item(self.text(), units=self._units() if own else Units(), optional=self._optional(),
                            group=group)
                self._number(item, k, self.sub_style, sub=True)
                out.append(item)
        return out

    def _optional(self) -> dict[str, str]:
        r = self.rng
        values = {"deadline": r.choice(("2024年底", "长期坚持", "每季度", "2025年6月底")),
                  "leader": r.choice(("张副市长", "李副市长")),
                  "extra:资金来源": r.choice(("市级财政", "企业自筹")),
                  "extra:项目名称": f"{r.choice(NOUNS)}项目"}
        return {f: v for f, v in values.items() if f in self.fields}

    # -- unit cells --

    def _named(self) -> list[str]:
        pool = list(NAMED) + ([DECLARED_UNIT] if self.declared else [])
        return pool

    def _collective(self) -> str:
        pool = list(COLLECTIVE_NAMES) + ([DECLARED_COLLECTIVE] if self.declared else [])
        return self.rng.choice(pool)

    def _units(self) -> Units:
        r = self.rng
        named = self._named()
        lead = r.sample(named, 2 if self.chance(0.3) else 1)
        lead_names = tuple(lead)
        if len(lead) == 2 and not self.responsible and self.chance(0.5):
            lead_cell = "、".join(lead) + "牵头"
        elif self.chance(0.12):
            collective = "各有关单位" if not self.responsible else self._collective()
            lead_cell = f"{lead[0]}及{collective}" if not self.responsible else f"{collective}、{lead[0]}"
            lead_names = (lead[0], collective) if not self.responsible else (collective, lead[0])
        else:
            lead_cell = "、".join(lead)
        if self.responsible:
            return Units(lead_cell, "", lead_names, ())
        others = [u for u in named if u not in lead]
        coop = r.sample(others, r.choice((0, 0, 1, 1, 2)))
        if self.chance(0.45):
            collective = self._collective()
            coop = [collective, *coop] if self.chance(0.3) else [*coop, collective]
        separator = r.choice(("、", "、", "，"))
        return Units(lead_cell, separator.join(coop), lead_names, tuple(coop))


# -- writing it ----------------------------------------------------------------------------------------


def rows_of(t: Table) -> tuple[list[list], list[str]]:
    """The 任务分解 sheet's rows (the header first) and its merged ranges."""
    fields = t.field_order()
    width = len(fields)
    at = {f: i for i, f in enumerate(fields)}
    rows: list[list] = [[h for _, h in t.columns]]
    merges: list[str] = []
    last_letter = chr(ord("A") + width - 1)

    def heading_row(text: str, number: int | None, level: str, source: str) -> None:
        row: list = [None] * width
        if source == "merged":
            row[0] = text
            merges.append(f"A{len(rows) + 1}:{last_letter}{len(rows) + 1}")
        elif source == "item":
            row[at["measure"]] = text
        else:  # serial: 一 / （一） in the 序号 column, the title beside it
            assert number is not None
            n = to_cn_number(number)
            row[at["serial"]] = n if level == "part" else f"（{n}）"
            row[at["measure"]] = text.split("、", 1)[1] if level == "part" else text.split("）", 1)[1]
        rows.append(row)

    def data_row(cells: dict[str, str], part: str, clause: str, content: str, first: bool) -> None:
        row: list = [None] * width
        for f, value in cells.items():
            if f in at and value:
                row[at[f]] = value
        for f, value in (("part", part), ("clause", clause), ("content", content)):
            if f in at and (first or t.repeat_columns) and value:
                row[at[f]] = value
        rows.append(row)

    for part in t.parts:
        part_text = part.heading.text("part") if part.heading else ""
        if t.part_source in ("merged", "item", "serial"):
            heading_row(part_text, part.heading.number if part.heading else None, "part", t.part_source)
        first_of_part = True
        for clause in part.clauses:
            clause_text = clause.heading.text("clause") if clause.heading else ""
            if t.clause_source in ("merged", "item", "serial"):
                heading_row(clause_text, clause.heading.number if clause.heading else None, "clause", t.clause_source)
            first = True
            group = None
            for item in clause.items:
                p = part_text if t.part_source == "column" else ""
                c = clause_text if t.clause_source == "column" else ""
                if item.group is not None and item.group is not group:
                    group = item.group
                    g = group
                    cells = {"measure": g.title if g.serial else g.written + g.title,
                             "serial": g.written if g.serial else "",
                             "lead": g.units.lead_cell, "cooperating": g.units.coop_cell}
                    data_row(cells, p, c, clause.content, first or first_of_part)
                    first = first_of_part = False
                cells = {"measure": item.text if item.serial or item.number is None else item.written + item.text,
                         "serial": item.written if item.serial else "",
                         "lead": item.units.lead_cell, "cooperating": item.units.coop_cell, **item.optional}
                data_row(cells, p, c, clause.content, first or first_of_part)
                first = first_of_part = False
    return rows, merges


def unit_sheet_of(t: Table) -> list[list] | None:
    if not t.units_sheet:
        return None
    used = {u for m in t.items() for u in (*m.names.lead, *m.names.coop)}
    names = [u for u in (*NAMED, DECLARED_UNIT) if u in used]
    if not t.declared:
        return [["简称"], *[[u] for u in names]]
    kinds = [[u, "单位" if u == DECLARED_UNIT else None] for u in names]
    if DECLARED_COLLECTIVE in used:
        kinds.append([DECLARED_COLLECTIVE, "集体"])
    return [["简称", "类型"], *kinds]


# -- what it must read as ----------------------------------------------------------------------------------


def expected_tree(t: Table) -> list[tuple]:
    """As `shapes.tree`: (part heading, [(clause heading, [item display …]) …]) per part."""
    return [(p.heading.text("part") if p.heading else None,
             [(c.heading.text("clause") if c.heading else None, [m.display for m in c.items]) for c in p.clauses])
            for p in t.parts]


def expected_items(t: Table) -> list[tuple]:
    return [(m.number, m.label, m.text, m.names.lead, m.names.coop, m.group.heading if m.group else None,
             tuple(sorted(m.optional.items()))) for m in t.items()]


def read_items(table) -> list[tuple]:
    out = []
    for _, _, m in table.measures():
        optional = {"deadline": m.deadline, "leader": m.leader, **{f"extra:{k}": v for k, v in m.extra}}
        out.append((m.number, m.label, m.text, m.lead, m.cooperating, m.group.heading if m.group else None,
                    tuple(sorted((k, v) for k, v in optional.items() if v))))
    return out


def expected_collectives(t: Table) -> set[str]:
    return {u for m in t.items() for u in (*m.names.lead, *m.names.coop)
            if u in COLLECTIVE_NAMES or u == DECLARED_COLLECTIVE}


def expected_letters(t: Table) -> dict[str, list[tuple[str, str]]]:
    """unit -> (item as printed, role) for the letter units: lead tasks, then the others, in table order."""
    named = (*NAMED, DECLARED_UNIT)
    role = "责任" if t.responsible else "牵头"
    letters: dict[str, list[tuple[str, str]]] = {}
    for unit in named:
        lead = [(m.display, role) for m in t.items() if unit in m.names.lead]
        coop = [(m.display, "配合") for m in t.items() if unit in m.names.coop]
        if lead or coop:
            letters[unit] = lead + coop
    return letters


def draw(seed: int) -> Table:
    return Draw(seed).table()


def _params() -> list:
    return [pytest.param(seed, id=f"seed{seed}") for seed in SEEDS]


def merged_over_extra(t: Table) -> bool:
    return "merged" in (t.part_source, t.clause_source) and t.columns[0][0].startswith("extra:")


def describe(t: Table) -> str:
    return (f"depth {t.depth}, parts {t.part_source or '-'}, clauses {t.clause_source or '-'}, "
            f"columns {[h for _, h in t.columns]}, styles {sorted(t.styles)}")


# -- the property ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", _params())
def test_a_random_table_reads_back_as_written(tmp_path: Path, seed: int):
    t = draw(seed)
    rows, merges = rows_of(t)
    units = unit_sheet_of(t)
    source = write(tmp_path / "t.xlsx", table_sheets(rows, units), {"任务分解": merges})
    result = api.check(source)
    why = describe(t)
    assert [str(p) for p in result.errors] == [], why
    assert all("半角" in p.message for p in result.warnings), ([str(p) for p in result.warnings], why)
    table = result.table
    assert table is not None, why
    assert tree(table) == expected_tree(t), why
    assert read_items(table) == expected_items(t), why
    assert [(p.is_level, [c.is_level for c in p.clauses]) for p in table.parts] == [
        (p.heading is not None, [c.heading is not None for c in p.clauses]) for p in t.parts], why
    assert [c.content for c in table.clauses] == [c.content for p in t.parts for c in p.clauses], why
    assert table.headers.columns() == t.field_order(), why
    assert table.headers.responsible == t.responsible, why
    assert collectives(table) == expected_collectives(t), why
    letter_units = [a.unit.name for a in table.letter_units()]
    assert not collectives(table) & set(letter_units), why
    letters = expected_letters(t)
    if units is not None:
        assert letter_units == list(letters), why  # the 单位 sheet's order
    else:
        assert set(letter_units) == set(letters), why

    if seed % BUILT_EVERY:
        return
    (tmp_path / "built").mkdir()
    built = build(tmp_path / "built", rows, units, tuple(merges))
    assert set(letter_paths(built)) == set(letters), why
    assert letter_items(built) == {u: letters[u] for u in letter_paths(built)}, why


def test_the_draws_cover_every_shape():
    """The seeds draw every depth, every source of headings, running and restarting numbers, a 序号
    column and none, collectives, a 责任单位 table and the 单位 sheet's 类型."""
    tables = [draw(seed) for seed in SEEDS]
    assert {t.depth for t in tables} == {1, 2, 3, 4}
    assert {t.part_source for t in tables} >= {"column", "merged", "item", "serial"}
    assert {t.clause_source for t in tables} >= {"column", "merged", "item", "serial"}
    assert any(t.responsible for t in tables) and any(t.declared for t in tables)
    assert any("serial" in t.field_order() for t in tables) and any("serial" not in t.field_order() for t in tables)
    assert any(expected_collectives(t) for t in tables)
    assert any(m.group for t in tables for m in t.items())
    several = [t for t in tables if t.depth > 1 and sum(len(p.clauses) for p in t.parts) > 1]
    assert any(t.running for t in several) and any(not t.running for t in several)
    assert sum(bool(t.styles & {"{c}"}) for t in tables) <= len(tables) // 4  # ① stays rare
