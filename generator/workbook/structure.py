"""The table's structure, inferred from its columns and numbering: parts, clauses, groups, items.

Offices write the same kind of table in many shapes: a flat numbered list; part headings, then
items; part → clause → measures (the Jiayuguan table); four levels `一、` → `（一）` → `1.` → `（1）`.
Headings come from three places, and each fills one level of the model (outermost first: part,
clause, group):

- a 部分 column is the part level, a 条款 column the clause level (blank cells continue the heading
  above, as merged cells do);
- heading rows (`一、总体目标` alone in its row, often merged across it) take the outermost free
  levels, one per numbering style in the order of GB/T 9704 (一、 above （一）);
- an item whose next rows are numbered one style deeper (`1.` over `（1）` `（2）`) heads a group of
  those rows (four levels), and a group may hold groups (`1.` over `（1）` over `①`: five levels and
  more); its units, given once for the group, are the units of its items that name none of their own.

Numbers are kept as written (`1、`, `（1）`, `①`, a 序号 column's `3`): the office's numbers are
what gets printed. Reading goes on past every problem, each reported with its cell.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from generator.model import Clause, Heading, Measure, Part, Role, TaskTable
from generator.text.numerals import Mark, Style, parse_mark, parse_serial, to_cn_number
from generator.workbook import checks
from generator.workbook.units import CellRead, Piece, display

PART, CLAUSE, GROUP = "part", "clause", "group"
DEEPER_FIX = ("部分和条款已由“部分”“条款”列（或上面的标题行）给出，这一行的标题没有对应的层级；"
              "如是下一级标题，请改用“1.”“（1）”这样的序号写在任务列中，作为其下各项的子项标题")


class Reporter(Protocol):
    def error(self, sheet: str, cell: str, message: str, fix: str = "", column: str = "") -> None: ...

    def warning(self, sheet: str, cell: str, message: str, fix: str = "", column: str = "") -> None: ...


@dataclass
class TableRow:
    """One data row of the task table, as the reader found it."""

    row: int
    part: str = ""
    clause: str = ""
    content: str = ""
    measure: str = ""
    serial: str = ""
    lead: str = ""
    cooperating: str = ""
    lead_at: tuple[int, int] = (0, 0)
    cooperating_at: tuple[int, int] = (0, 0)
    optional: dict[str, str] = field(default_factory=dict)
    extra: tuple[tuple[str, str], ...] = ()
    heading: str = ""  # a heading row's text: alone in its row, or merged across it
    continues: bool = False  # its item cell is merged down from the row above: the same item, more unit lines
    heading_at: str = ""  # the field of the cell a heading row's text stands in

    @property
    def has_units(self) -> bool:
        return bool(self.lead or self.cooperating)


# A unit cell's names, resolved: (cell text, the cell that holds it, its field) -> names
UnitResolver = Callable[[str, tuple[int, int], str], CellRead]


@dataclass
class _Node:
    """A heading being assembled: its level, mark and title, and where it stood."""

    level: str
    mark: Mark | None
    title: str
    row: int
    field: str  # the column its text stands in, for messages
    content: str = ""
    units: TableRow | None = None  # a group's unit line, for its items
    parent: _Node | None = None  # the group a group stands in (1. over （1） over ①)


def item_mark(row: TableRow, has_serial: bool) -> Mark | None:
    """The item's number: from the 序号 column when the table has one, else from its text."""
    if has_serial and row.serial:
        return parse_serial(row.serial)
    return parse_mark(row.measure)


def is_heading_rank(mark: Mark | None) -> bool:
    return mark is not None and mark.rank in (Style.CN, Style.CN_PAREN)


class Assembler:
    """Builds parts → clauses → (groups) → items from the rows, reporting what it cannot place."""

    def __init__(self, rows: list[TableRow], units: UnitResolver, report: Reporter, source: checks.TableSource,
                 label: Callable[[str], str], first_leads: bool = False) -> None:
        self.rows = rows
        self.units = units
        self.report = report
        self.source = source
        self.label = label
        self.first_leads = first_leads  # the first unit of the (only) unit column leads, the others cooperate
        self.has = set(source.columns)
        self.has_serial = "serial" in self.has
        self.parents = self._parents()
        self.heading_parents = self._heading_parents()
        # an unnumbered heading row ranks with the outermost numbered ones
        self.outermost = min((m.rank for r in rows if r.heading and (m := parse_mark(r.heading))), default=0)
        self.levels = self._levels()
        self.used: set[tuple[int, str]] = set()  # (a heading's unit line, its role) an item took

    # -- which source fills which level -----------------------------------------------------

    def _levels(self) -> dict[int, str]:
        """A heading row's numbering rank -> its level: the outermost levels the columns leave free
        ("" when none is left: reported where it stands)."""
        free = [lv for lv in (PART, CLAUSE) if lv not in self.has]
        row_ranks = {self._heading_rank(r) for r in self.rows if r.heading}
        # an item line heading items (（一）… over 1. …) is below any column's level: under a 条款 column, a group
        below = [lv for lv in free if not (CLAUSE in self.has or (PART in self.has and lv == PART))]
        levels: dict[int, str] = {}
        for rank in sorted(row_ranks | set(self.heading_parents.values())):
            pool = free if rank in row_ranks else below
            taken = [lv for lv in pool if lv not in levels.values()
                     and all((PART, CLAUSE).index(lv) > (PART, CLAUSE).index(t) for t in levels.values() if t)]
            levels[rank] = taken[0] if taken else ""
        return levels

    def _heading_parents(self) -> dict[int, int]:
        """Item rows numbered as headings (（一）加强创新, with its units) over items numbered 1. …: row ->
        rank. They are clauses (or parts) whose units are given once for their items."""
        marks = {r.row: item_mark(r, self.has_serial) for r in self.rows if r.row in self.parents}
        return {row: m.rank for row, m in marks.items() if m is not None and is_heading_rank(m)}

    def _heading_rank(self, row: TableRow) -> int:
        """A heading row's numbering rank; an unnumbered one ranks with the outermost numbered ones."""
        mark = parse_mark(row.heading)
        return mark.rank if mark is not None else self.outermost

    def _parents(self) -> set[int]:
        """The item rows that head the rows right after them: `1.` followed by `（1）` (a deeper style
        starting at 1) is the heading of a group of items."""
        out: set[int] = set()
        child_ranks: set[int] = set()  # the styles of the groups found so far: their items may number on
        for row, nxt in zip(self.rows, self.rows[1:]):
            if row.heading or nxt.heading:
                continue
            mark, following = item_mark(row, self.has_serial), item_mark(nxt, self.has_serial)
            if mark and following and following.rank > mark.rank and not self._new_heading(row, nxt) \
                    and (following.number == 1 or following.rank in child_ranks):
                out.add(row.row)
                child_ranks.add(following.rank)
        return out

    def _new_heading(self, row: TableRow, nxt: TableRow) -> bool:
        """Whether the next row starts another part or clause (its column's text changes)."""
        return any(f in self.has and row.__dict__[f] != nxt.__dict__[f] for f in (PART, CLAUSE))

    # -- building -----------------------------------------------------------------------------

    def build(self) -> tuple[Part, ...]:
        parts: list[Part] = []
        clauses: list[Clause] = []
        measures: list[Measure] = []
        part: _Node | None = None
        clause: _Node | None = None
        groups: list[_Node] = []  # the open groups, outermost first
        part_open = clause_open = False  # a heading was given (its part or clause is written even if empty)
        last = {PART: "", CLAUSE: ""}
        parents = self.parents
        heading_parents = self.heading_parents
        too_deep = False

        def close_clause() -> None:
            nonlocal measures, clause_open
            if clause_open or measures:
                clauses.append(self._clause(clause, measures))
            measures, clause_open = [], False

        def close_part() -> None:
            nonlocal clauses, part_open
            close_clause()
            if part_open or clauses:
                parts.append(self._part(part, clauses))
            clauses, part_open = [], False

        def open_heading(node: _Node) -> None:
            nonlocal part, clause, part_open, clause_open
            groups.clear()
            if node.level == PART:
                close_part()
                part, clause, part_open = node, None, True
            else:
                close_clause()
                clause, clause_open = node, True

        for row in self.rows:
            if row.heading:
                last = {PART: "", CLAUSE: ""}  # a column's text after a heading row starts afresh, even if repeated
                level = self.levels.get(self._heading_rank(row), "")
                if level:
                    mark = parse_mark(row.heading)
                    open_heading(_Node(level, mark, mark.text if mark else row.heading.strip(), row.row,
                                       row.heading_at))
                elif not too_deep:
                    too_deep = True
                    self.report.error(self.source.sheet, self.source.cell(row.heading_at, row.row),
                                      f"标题行“{row.heading[:20]}”超出了可识别的层级", DEEPER_FIX,
                                      self.label(row.heading_at))
                continue
            for f in (PART, CLAUSE):
                text = row.__dict__[f]
                if f in self.has and text != last[f]:
                    last[f] = text
                    if f == PART:
                        last[CLAUSE] = ""
                    mark = parse_mark(text)
                    open_heading(_Node(f, mark, mark.text if mark else text.strip(), row.row, f))
            if row.content and clause is not None and not clause.content:
                clause.content = row.content
            elif row.content and clause is None:
                clause, clause_open = _Node(CLAUSE, None, "", row.row, CLAUSE, content=row.content), True
            if row.continues and measures:  # one item's text merged over two unit lines: both lines are its units
                more = self._measure(dataclasses.replace(row, measure=measures[-1].text), None,
                                     groups[-1] if groups else None, (clause, part)) if row.has_units else None
                if more is not None:
                    measures[-1] = _joined(measures[-1], more)
                continue
            mark = item_mark(row, self.has_serial)
            while groups and groups[-1].mark is not None and mark is not None and mark.rank <= groups[-1].mark.rank:
                groups.pop()  # a sibling of a group's heading (or of an outer one's) ends the group
            if row.row in heading_parents and (level := self.levels.get(heading_parents[row.row], "")):
                open_heading(_Node(level, mark, self._item_text(row, mark), row.row, "measure", units=row))
                continue
            if row.row in parents:  # a group's heading, within the open group if there is one
                groups.append(_Node(GROUP, mark, self._item_text(row, mark), row.row, "measure", units=row,
                                    parent=groups[-1] if groups else None))
                continue
            measure = self._measure(row, mark, groups[-1] if groups else None, (clause, part))
            if measure is not None:
                measures.append(measure)
        close_part()
        self._unused_unit_lines()
        return tuple(parts)

    def _unused_unit_lines(self) -> None:
        """A heading's unit that none of its items took (each named its own): said, never dropped silently."""
        for row in self.rows:
            if row.row not in self.parents and row.row not in self.heading_parents:
                continue
            for role, text in (("lead", row.lead), ("cooperating", row.cooperating)):
                if text and (row.row, role) not in self.used:
                    label = self.label(role)
                    self.report.warning(self.source.sheet, self.source.cell(role, row.row),
                                        f"“{text}”写在标题行上，但下面各项都写了自己的{label}，它不会交办给任何一项",
                                        f"如下面各项也应交办给它，请在这些项的{label}中写上；否则可删去", label)

    # -- the model's objects ------------------------------------------------------------------

    def _item_text(self, row: TableRow, mark: Mark | None) -> str:
        """The item's text without its number; with a 序号 column, without the number typed again
        at the start of the text (序号 3, text `3.建设…`)."""
        if self.has_serial and row.serial:
            again = parse_mark(row.measure)
            same = again is not None and mark is not None and (again.number, again.rank) == (mark.number, mark.rank)
            return again.text if same and again is not None else row.measure.strip()
        return mark.text if mark else row.measure.strip()

    def _measure(self, row: TableRow, mark: Mark | None, group: _Node | None,
                 above: tuple[_Node | None, ...] = ()) -> Measure | None:
        """An item; a role (or a deadline, note …) it leaves empty is its group's, else its clause's
        or part's, where the office gave that once on the heading's line."""
        chain: list[_Node] = []
        while group is not None:
            chain.append(group)
            group = group.parent
        lines = [n.units for n in (*chain, *above) if n is not None and n.units is not None]  # innermost first
        lead_row = coop_row = row
        if not row.has_units:  # the unit line of the nearest heading that gives one; a lead from further up
            coop_row = next((line for line in lines if line.has_units), row)
            lead_row = coop_row if coop_row.lead else next((line for line in lines if line.lead), row)
        elif not row.lead:  # its own 配合单位, the heading's 牵头单位
            lead_row = next((line for line in lines if line.lead), row)
        for line, role in ((lead_row, "lead"), (coop_row, "cooperating")):
            if line is not row:
                self.used.add((line.row, role))
        cells = [self.units(text, at, f) for text, at, f in (
            (lead_row.lead, lead_row.lead_at, "lead"), (coop_row.cooperating, coop_row.cooperating_at, "cooperating"))
            if text]
        optional = {f: v or next((line.optional.get(f, "") for line in lines if line.optional.get(f)), "")
                    for f, v in row.optional.items()}
        extra = tuple((name, v or next((dict(line.extra).get(name, "") for line in lines if dict(line.extra).get(name)),
                                       "")) for name, v in row.extra)
        # a cell may name both roles (（牵头单位：X，配合单位：Y）): each role gathers its names from both
        lead_pieces = [p for c in cells for p in c.pieces(Role.LEAD)]
        coop_pieces = [p for c in cells for p in c.pieces(Role.COOPERATING)]
        lead, coop = _names(lead_pieces), _names(coop_pieces)
        typed_lead = _typed(lead_pieces, lead)
        if self.first_leads:  # 责任单位分工 首个单位牵头: the cell printed as typed, its first unit the lead
            units = list(dict.fromkeys(p.name for p in lead_pieces if p.kind in ("unit", "unknown")))
            typed_lead = display(lead_pieces, lead)
            lead, coop = tuple(n for n in lead if n not in units[1:]), (*units[1:], *coop)
            typed_lead = "" if typed_lead == "、".join(lead) else typed_lead
        # a name without a letter (同上, 各有关单位) may stand in both columns: only units take one role
        named = {p.name for p in lead_pieces if p.kind in ("unit", "unknown") and p.name in lead}
        both = [u for u in coop if u in named]
        if both and lead_row is row and coop_row is row:
            self.report.warning(self.source.sheet, self.source.cell("cooperating", row.row),
                                f"“{'、'.join(both)}”同时是{self.label('lead')}和{self.label('cooperating')}",
                                f"已按{self.label('lead')}处理；请从{self.label('cooperating')}中删除",
                                self.label("cooperating"))
        coop = tuple(u for u in coop if u not in named)
        if not row.measure.strip():
            if not row.has_units and not any(row.optional.values()):
                return None  # a clause without measures, like 指导思想
            self.report.error(self.source.sheet, self.source.cell("measure", row.row), f"{self.label('measure')}为空",
                              "请填写措施内容，或删除这一行", self.label("measure"))
            return None
        text = self._item_text(row, mark)
        standard = f"{mark.number}." if mark else ""
        serial = self.has_serial and bool(row.serial)
        written = (row.serial.strip() if serial else mark.mark) if mark else ""
        return Measure(
            number=mark.number if mark else None, text=text, lead=lead, cooperating=coop,
            deadline=optional.get("deadline", ""), leader=optional.get("leader", ""),
            note=optional.get("note", ""), extra=extra,
            lead_text=typed_lead, cooperating_text=_typed(coop_pieces, coop),
            mark="" if written == standard and not serial else written, serial=serial and bool(written),
            group=_heading(chain[0]) if chain else None, row=row.row,
        )

    def _clause(self, node: _Node | None, measures: list[Measure]) -> Clause:
        if node is None:
            return Clause(None, "", "", tuple(measures), row=measures[0].row if measures else 0)
        number, mark = _number(node.mark, lambda n: f"（{to_cn_number(n)}）")
        return Clause(number, node.title, node.content, tuple(measures), mark=mark, row=node.row)

    def _part(self, node: _Node | None, clauses: list[Clause]) -> Part:
        if node is None:
            return Part(None, "", tuple(clauses), row=clauses[0].row if clauses else 0)
        number, mark = _number(node.mark, lambda n: f"{to_cn_number(n)}、")
        return Part(number, node.title, tuple(clauses), mark=mark, row=node.row)


def _joined(item: Measure, more: Measure) -> Measure:
    """An item with the units of a further unit line (its text merged down over both rows)."""
    def union(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*a, *b)))

    lead, coop = union(item.lead, more.lead), union(item.cooperating, more.cooperating)
    coop = tuple(u for u in coop if u not in lead)
    texts = {f: "、".join(dict.fromkeys(t for t in (item.field_value(f), more.field_value(f)) if t))
             for f in ("lead", "cooperating")}
    return dataclasses.replace(item, lead=lead, cooperating=coop,
                               lead_text="" if texts["lead"] == "、".join(lead) else texts["lead"],
                               cooperating_text="" if texts["cooperating"] == "、".join(coop) else texts["cooperating"])


def _number(mark: Mark | None, standard: Callable[[int], str]) -> tuple[int | None, str]:
    """A heading's number and its mark as stored: "" when it is the level's usual one (一、, （一）)."""
    if mark is None:
        return None, ""
    usual = standard(mark.number) if mark.number < 1000 else ""
    return mark.number, "" if mark.mark == usual else mark.mark


def _heading(node: _Node) -> Heading:
    """A group's heading; a bare number from the 序号 column (1) is written as the item numbers are (1.)."""
    parent = _heading(node.parent) if node.parent is not None else None
    if node.mark is None:
        return Heading(node.title, None, "", parent=parent, row=node.row)
    mark = node.mark.mark + "." if re.fullmatch("[0-9０-９]+", node.mark.mark) else node.mark.mark
    return Heading(node.title, node.mark.number, mark, parent=parent, row=node.row)


def _names(pieces: list[Piece]) -> tuple[str, ...]:
    """The names of a role, each once, in order (formulas left out: the cell check reports them)."""
    return tuple(dict.fromkeys(p.name for p in pieces if p.kind != "formula"))


def _typed(pieces: list[Piece], names: tuple[str, ...]) -> str:
    """The role's names as typed (…，各区、县级市), or "" when that is just the names joined by 、."""
    text = display(pieces, names)
    return "" if text == "、".join(names) else text




# -- what check says it recognised ------------------------------------------------------------

_LEVEL_COUNT = {1: "一级", 2: "两级", 3: "三级", 4: "四级"}


def describe(table: TaskTable) -> str:
    """The shape the reader recognised, in the clerk's words, so that the clerk sees the table was
    understood: `两级：部分（标题行，5 个） → 工作任务（45 项，序号连续编排）`."""
    h = table.headers
    parts = [p for p in table.parts if p.is_level]
    clauses = [c for c in table.clauses if c.is_level]
    measures = [m for _, _, m in table.measures()]
    depth = max((len(m.groups) for m in measures), default=0)
    levels: list[str] = []
    if parts:
        levels.append(f"{_one_line(h.part) or '部分'}（{'' if h.part else '标题行，'}{len(parts)} 个）")
    if clauses:
        levels.append(f"{_one_line(h.clause) or '条款'}（{'' if h.clause else '标题行，'}{len(clauses)} 个）")
    for level in range(depth):  # 子项, then 子项的下一级 … in tables of five levels and more
        count = len({m.groups[level].row for m in measures if len(m.groups) > level})
        name = "子项" if level == 0 else f"第{to_cn_number(level + 1)}级子项"
        levels.append(f"{name}（{count} 个，其单位适用于所属各项）")
    levels.append(f"{_one_line(h.measure)}（{len(measures)} 项，{_numbering(table, bool(depth))}）")
    return f"{_LEVEL_COUNT.get(len(levels), f'{to_cn_number(len(levels))}级')}：" + " → ".join(levels)


def _one_line(header: str) -> str:
    """A header as one line of the console (工作\n任务 → 工作任务)."""
    return re.sub(r"[\s\u3000]+", "", header)


def _numbering(table: TaskTable, groups: bool) -> str:
    """How the items are numbered: 序号连续编排 / 序号在各条款内重新编排 / 不编号."""
    measures = [m for _, _, m in table.measures()]
    numbered = [m for m in measures if m.number is not None]
    where = "序号列" if any(m.serial for m in measures) else "序号"
    if not numbered:
        return "不编号"
    clauses = list(table.clauses)
    tops = [[e for e in checks.entries(c) if e.number is not None] for c in clauses]
    tops = [t for t in tops if t]
    if len(tops) <= 1:
        first = (tops[0][0].label if tops else numbered[0].label).strip()
        text = f"{where}从 {first} 起编排"
    elif checks.running_measures(clauses):
        text = f"{where}连续编排"
    else:
        inner = "条款" if any(c.is_level for c in clauses) else (table.headers.part or "部分")
        text = f"{where}在各{inner}内重新编排"
    if groups:
        text += "，子项下各项另行编号"
    if len(numbered) < len(measures):
        text += f"，{len(measures) - len(numbered)} 项不编号"
    return text
