"""The rules `taskdoc check` applies: to single cells, and to the table as a whole."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from generator.errors import Location, Problem, Severity
from generator.model import Clause, Part, Unit
from generator.text.characters import control_characters, excerpt
from generator.text.docnumber import parse_doc_number, suggest_doc_number
from generator.text.numerals import relabel, to_cn_number
from generator.text.punctuation import HALF_TO_FULL, half_width_punctuation
from generator.text.traditional import to_simplified, traditional_characters
from generator.workbook.schema import FRAGMENT_MARKS, MAX_UNIT_NAME, SAME_AS_ABOVE

FORMULA_STARTS = ("=",)
# What Excel shows in a cell whose formula failed; saved as the cell's value, it would print as text.
EXCEL_ERRORS = ("#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
                "#GETTING_DATA")


@dataclass(frozen=True)
class TableSource:
    """Where the task table's columns are, so that model-level problems can name cells."""

    file: str
    sheet: str
    columns: dict[str, str]  # field -> column letter
    labels: dict[str, str]  # field -> header text
    first: str = "A"  # the table's first column: where a heading row's text stands

    def cell(self, field: str, row: int) -> str:
        return f"{self.columns.get(field) or self.first}{row}"

    def label(self, field: str) -> str:
        return self.labels.get(field, "")

    def at(self, field: str, row: int) -> Location:
        return Location(self.file, self.sheet, self.cell(field, row), self.label(field))


def check_cell(value: object) -> list[tuple[Severity, str, str]]:
    """Problems of one cell value: formulas, control characters, half-width punctuation, traditional characters."""
    if not isinstance(value, str):
        if type(value).__name__ in ("ArrayFormula", "DataTableFormula"):
            return [(Severity.ERROR, "单元格是公式", "taskdoc 不计算公式，请改为直接填写文字")]
        return []
    found: list[tuple[Severity, str, str]] = []
    if value.strip() in EXCEL_ERRORS:
        return [(Severity.ERROR, f"单元格是 Excel 的错误值 {value.strip()}（多由公式引用的单元格被删除或移动造成）",
                 "请改为直接填写文字（复制后“选择性粘贴 → 数值”，再核对内容）")]
    if value.startswith(FORMULA_STARTS):
        found.append((Severity.ERROR, f"单元格以“=”开头（{excerpt(value, 0)}），会被当作公式",
                      "taskdoc 不计算公式，请改为直接填写文字"))
    codes = control_characters(value)
    if codes:
        found.append((Severity.ERROR, f"含有不可见的字符 {'、'.join(sorted(set(codes)))}",
                      "这类字符多由复制粘贴带入，会损坏生成的文件；请删除后重新输入该单元格"))
    marks = half_width_punctuation(value)
    if marks:
        shown = "".join(sorted({value[i] for i in marks}))
        full = " ".join(HALF_TO_FULL[c] for c in shown)
        found.append((Severity.WARNING,
                      f"有 {len(marks)} 处半角标点 {' '.join(shown)}，如“{excerpt(value, marks[0])}”",
                      f"中文公文应使用全角标点 {full}"))
    found += _traditional(value)
    return found


TRADITIONAL_SHOWN = 8  # distinct characters a message lists


def _traditional(value: str) -> list[tuple[Severity, str, str]]:
    """Traditional characters (text copied from a traditional-character page): a warning with the
    simplified forms to type instead; the cell is never converted."""
    at = traditional_characters(value)
    if not at:
        return []
    distinct = list(dict.fromkeys(value[i] for i in at))
    shown = distinct[:TRADITIONAL_SHOWN]
    more = "等" if len(distinct) > TRADITIONAL_SHOWN else ""
    simplified = " ".join(to_simplified(c) for c in shown)
    return [(Severity.WARNING,
             f"有 {len(at)} 处繁体字 {' '.join(shown)}{more}，如“{excerpt(value, at[0])}”",
             f"公文应使用规范简化字，请改为 {simplified}{more}（即“{excerpt(to_simplified(value), at[0])}”）；"
             "taskdoc 不会自动转换，请核对后修改")]


def check_table(parts: tuple[Part, ...], units: tuple[Unit, ...], source: TableSource,
                unit_cells: dict[str, str] | None, broken: frozenset[str] = frozenset()) -> list[Problem]:
    """Whole-table rules: numbering, lead units, units without tasks (when a 单位 sheet lists them).
    `broken`: cells already reported as errors (a formula, say); a measure there is taken to hold
    its number, so that its error is not reported again as a gap in the numbering."""
    problems = _numbering(parts, source, broken) + _lead_units(parts, source)
    if unit_cells is not None:
        problems += _idle_units(parts, units, source.file, unit_cells)
    return problems


def _numbering(parts: tuple[Part, ...], s: TableSource, broken: frozenset[str] = frozenset()) -> list[Problem]:
    """Each level's numbers run on without gaps or repeats, in the office's own style: parts
    (一、 …), clauses (（一） …, through the table or afresh in each part), items in each clause (or
    through the whole table), a group's items (（1） …). A level the office does not number is never
    an error; a level numbered in some places and not in others is a warning."""
    out: list[Problem] = []

    def sequence(items: list[tuple[int | None, int]], at: Callable[[int], Location],
                 label: Callable[[int], str]) -> None:
        """Numbers (number, source row) that must run 1, 2, 3 …; None: unnumbered."""
        expected = 1
        skipped = 0  # unnumbered lines since the last number: each may or may not hold a number
        swapped: set[int] = set()  # rows already reported as the other half of two lines the wrong way round
        seen: dict[int, int] = {}  # number -> the row it first stood in
        for i, (number, row) in enumerate(items):
            if number is None:
                if at(row).cell in broken:
                    expected += 1  # its error is reported; take it to hold the expected number
                else:
                    skipped += 1  # 一、… 保障措施 … 三、: the heading left unnumbered may have been 二、
                continue
            if number not in seen and expected < number <= expected + skipped:
                expected = number
            skipped = 0
            following = next((n for n, _ in items[i + 1:] if n is not None), None)
            if row in swapped:
                continue
            if number == expected + 1 and following == expected:  # 1 2 4 3 5: two lines the wrong way round
                after = next(r for n, r in items[i + 1:] if n is not None)
                out.append(Problem(Severity.ERROR, at(row), f"序号{label(number)}与第{after}行的{label(expected)}"
                                   "顺序颠倒", "请对调这两行，或改正序号"))
                swapped.add(after)
                seen.setdefault(number, row)
                seen.setdefault(expected, after)
                expected = number + 1
                continue
            if number != expected and following == expected + 1:  # 1 2 4 4 5, 1 2 40 4: this one was mistyped
                out.append(Problem(Severity.ERROR, at(row), f"序号{label(number)}应为{label(expected)}",
                                   f"请改为{label(expected)}"))
                seen.setdefault(expected, row)
                expected += 1
                continue
            if number in seen:
                # after numbers that went backwards the repeat may be the expected number itself:
                # then the earlier row is the one to look at, not this one
                fix = f"请改为{label(expected)}，并顺延后面的序号" if number != expected \
                    else f"请检查第{seen[number]}行和本行哪一个编错了"
                out.append(Problem(Severity.ERROR, at(row), f"序号{label(number)}重复（第{seen[number]}行已用过）",
                                   fix))
            elif number != expected:
                gap = "、".join(label(n) for n in range(expected, number)) if number > expected else ""
                what = f"缺少{gap}" if gap else f"应为{label(expected)}"
                out.append(Problem(Severity.ERROR, at(row), f"序号{label(number)}不连续：{what}",
                                   "请检查是否漏行或编错序号"))
            seen.setdefault(number, row)
            expected = number + 1

    def styled(example: str, usual: Callable[[int], str]) -> Callable[[int], str]:
        """Numbers as messages quote them, in the style the office used (“三、” “（3）” “③”)."""
        return lambda n: f"“{relabel(example.strip(), n)}”" if example else f"“{usual(n)}”"

    def mixed(kind: str, headings: Sequence[Part | Clause], at: Callable[[int], Location]) -> None:
        numbered = [h for h in headings if h.number is not None]
        if numbered and len(numbered) < len(headings):
            i = next(i for i, h in enumerate(headings) if h.number is None)
            before = [h.number for h in headings[:i] if h.number is not None]
            likely = before[-1] + 1 if before else 1  # the number it stands in the place of
            suggestion = styled(numbered[0].label, str)(likely)
            after = [h.number for h in headings[i + 1:] if h.number is not None]
            shift = "，并顺延后面的序号" if after and after[0] == likely else ""  # 总体目标 before 一、: all move on
            out.append(Problem(Severity.WARNING, at(headings[i].row),
                               f"{kind}“{_short(headings[i].title)}”没有序号，其他{kind}有",
                               f"请补上序号（应为{suggestion}{shift}），或都不编号；不编号也能生成"))

    levels = [p for p in parts if p.is_level]
    part_at = lambda row: s.at("part" if "part" in s.columns else "", row)  # noqa: E731
    sequence([(p.number, p.row) for p in levels], part_at,
             styled(next((p.label for p in levels if p.number), ""), lambda n: f"{to_cn_number(n)}、"))
    mixed("部分", levels, part_at)
    clauses = [c for p in parts for c in p.clauses]
    headed = [c for c in clauses if c.is_level]
    clause_at = lambda row: s.at("clause" if "clause" in s.columns else "", row)  # noqa: E731
    clause_label = styled(next((c.label for c in headed if c.number), ""), lambda n: f"（{to_cn_number(n)}）")
    restarts = len(levels) > 1 and all(
        [c for c in p.clauses if c.is_level] and [c for c in p.clauses if c.is_level][0].number == 1 for p in levels)
    if restarts:  # some offices number clauses afresh in each part
        for part in levels:
            sequence([(c.number, c.row) for c in part.clauses if c.is_level], clause_at, clause_label)
    else:
        sequence([(c.number, c.row) for c in headed], clause_at, clause_label)
    mixed("条款", headed, clause_at)

    measure_at = lambda row: s.at("serial" if "serial" in s.columns else "measure", row)  # noqa: E731
    example = next((e.label for c in clauses for e in entries(c) if e.number is not None), "")
    item_label = styled(example, lambda n: f"{n}.")

    def numbered(clause: Clause) -> list[tuple[int | None, int]]:
        return [(e.number, e.row) for e in entries(clause) if e.number is not None or measure_at(e.row).cell in broken]

    running = running_measures(clauses)
    if running:  # numbered 1 … N through the whole table, as some offices do
        through: list[tuple[int | None, int]] = []
        for clause in clauses:
            items = numbered(clause)
            first = next((n for n, _ in items if n is not None), None)
            last = next((n for n, _ in reversed(through) if n is not None), 0)
            if first == 1 and last > 1:  # this clause starts again at 1: one message, its own numbers checked
                row = next(r for n, r in items if n is not None)
                out.append(Problem(Severity.ERROR, measure_at(row),
                                   f"序号从{item_label(1)}重新编起，全表其他各项连续编排",
                                   f"这里应为{item_label(last + 1)}，请从这一项起顺延后面的序号"))
                sequence(items, measure_at, item_label)
                through += [(None if n is None else n + last, r) for n, r in items]
            else:
                through += items
        sequence(through, measure_at, item_label)
    for clause in clauses:
        if not running:
            sequence(numbered(clause), measure_at, item_label)
        for siblings in groups(clause):  # the groups under one heading: each numbers its own lines
            numbers = [[e.number for e in members if e.number is not None] for members in siblings]
            numbers = [n for n in numbers if n]
            on = len(numbers) > 1 and all(b[0] == a[-1] + 1 for a, b in zip(numbers, numbers[1:]))
            for members in ([e for g in siblings for e in g],) if on else siblings:  # （1）（2） | （3）（4）: one run
                inner = next((e.label for e in members if e.number is not None), "")
                sequence([(e.number, e.row) for e in members if e.number is not None], measure_at,
                         styled(inner, lambda n: f"（{n}）"))
        top = [e for e in entries(clause) if measure_at(e.row).cell not in broken or e.number is not None]
        if any(e.number is not None for e in top) and any(e.number is None for e in top):
            row = next(e.row for e in top if e.number is None)
            where = f"条款{clause.label}中" if clause.label else ""
            out.append(Problem(Severity.WARNING, measure_at(row), f"{where}有的措施编了号、有的没有",
                               f"请统一：要么都编号（{item_label(1)}{item_label(2)}…），要么都不编号"))
    return out


@dataclass(frozen=True)
class Entry:
    """A clause's own numbered line: one of its items, or the heading of a group of items."""

    number: int | None
    label: str
    row: int


def _lines(clause: Clause) -> dict[int, list[Entry]]:
    """The numbered lines of the clause under each heading: 0 -> the clause's own (its items and
    its outermost group headings), a group's row -> its items and the headings of the groups in it."""
    out: dict[int, list[Entry]] = {0: []}
    seen: set[int] = set()
    for m in clause.measures:
        container = 0
        for g in m.groups:
            if g.row not in seen:
                seen.add(g.row)
                out.setdefault(container, []).append(Entry(g.number, g.mark, g.row))
            container = g.row
        out.setdefault(container, []).append(Entry(m.number, m.label, m.row))
    return out


def entries(clause: Clause) -> list[Entry]:
    """The clause's items and group headings in order: the lines its own numbering runs over."""
    return _lines(clause)[0]


def groups(clause: Clause) -> list[list[list[Entry]]]:
    """The clause's groups (four levels and more), as the groups under each heading (the clause's,
    or a group's), each group as its numbered lines in order."""
    lines = _lines(clause)
    parents: dict[int, list[int]] = {}  # a heading (0: the clause) -> the groups right under it
    for m in clause.measures:
        above = 0
        for g in m.groups:
            if g.row not in parents.setdefault(above, []):
                parents[above].append(g.row)
            above = g.row
    return [[lines.get(row, []) for row in rows] for rows in parents.values() if rows]


def running_measures(clauses: list[Clause]) -> bool:
    """Whether the items are numbered through the whole table (1 … 45 across clauses) rather
    than afresh in each clause: fewer than half of the clauses after the first start again at 1, so
    that one slip (19 left out where a clause starts, one clause restarting by mistake) is reported
    as the one number it is, not as a gap in every clause after it."""
    firsts = [[e.number for e in entries(c) if e.number is not None] for c in clauses]
    numbered = [numbers for numbers in firsts if numbers]
    if len(numbered) < 2 or numbered[0][0] != 1:
        return False
    restarts = sum(1 for later in numbered[1:] if later[0] == 1)
    return restarts * 2 < len(numbered) - 1


def _lead_units(parts: tuple[Part, ...], s: TableSource) -> list[Problem]:
    """Every task clause has a lead unit; every numbered measure too (named by the column's header:
    牵头单位, 牵头部门, 责任单位 …)."""
    lead = s.label("lead") or "牵头单位"
    out: list[Problem] = []
    for part, clause in ((p, c) for p in parts for c in p.clauses):
        needs_lead = [m for m in clause.measures if m.number is not None or m.cooperating]
        if not needs_lead:
            continue
        if not clause.is_task:  # numbered targets (一、发展目标 1. … 2. …): no unit anywhere
            heading = clause.heading or part.heading
            where = f"“{_short(heading)}”下的" if heading else "这些"
            out.append(Problem(Severity.WARNING, s.at("lead", needs_lead[0].row),
                               f"{where}各项都没有{lead}：按目标照录，不交办给任何单位",
                               f"如这些是要交办的任务，请填写{lead}（可纵向合并单元格覆盖各行）"))
            continue
        if not clause.lead and clause.is_level:
            out.append(Problem(Severity.ERROR, s.at("lead", needs_lead[0].row),
                               f"任务条款{clause.label or _short(clause.title)}没有{lead}",
                               f"每个任务条款至少需要一个{lead}，请填写（可合并单元格覆盖该条款各行）"))
            continue
        for m in needs_lead:
            if not m.lead:
                what = f"“{_short(m.display.strip())}”"
                out.append(Problem(Severity.ERROR, s.at("lead", m.row), f"措施{what}没有{lead}",
                                   f"请填写{lead}，或把{lead}单元格纵向合并覆盖这一行"))
    return out


def check_doc_number(number: str) -> tuple[str, str] | None:
    """GB/T 9704 §7.2.4: 机关代字〔年份〕序号号. Returns (message, fix) when it is not."""
    if parse_doc_number(number):
        return None
    hint = suggest_doc_number(number)
    fix = f"应写成“{hint}”" if hint else "格式为“机关代字〔年份〕序号号”，如“嘉政办发〔2020〕86号”"
    return f"发文字号“{number}”格式不规范", fix + "（六角括号〔〕，年份写全，序号不加“第”、不编虚位）"


def _idle_units(parts: tuple[Part, ...], units: tuple[Unit, ...], file: str,
                unit_cells: dict[str, str]) -> list[Problem]:
    used = {u for p in parts for c in p.clauses for m in c.measures for u in (*m.lead, *m.cooperating)}
    out: list[Problem] = []
    for unit in units:
        if not unit.collective and unit.name not in used:
            out.append(Problem(Severity.WARNING, Location(file, "单位", unit_cells.get(unit.name, ""), "简称"),
                               f"单位“{unit.name}”在任务分解表中没有任何任务，不会收到交办函",
                               "如属遗漏请在任务分解表中补上；否则可从“单位”表删除"))
    return out


# -- unit names -------------------------------------------------------------------------------
# What a unit cell's names may be, and what the clerk is told when one is not a unit's name; the
# names are read by `units`, whose patterns are in `schema`.

Finding = tuple[Severity, str, str]  # severity, message, fix: placed in a cell by the reader
_QUOTED = 24  # characters of a long text quoted in a message


def _short(text: str) -> str:
    return text if len(text) <= _QUOTED else text[:_QUOTED - 1] + "…"


def fragment_reason(name: str) -> str:
    """Why a name from a unit cell cannot be a unit's name (含有“。”, too long), or "" if it can."""
    mark = next((m for m in FRAGMENT_MARKS if m in name), None)
    if mark:
        return f"含有“{mark}”"
    if len(name) > MAX_UNIT_NAME:
        return f"有{len(name)}个字，单位名称不超过{MAX_UNIT_NAME}个字"
    return ""


def unknown_unit(name: str, hint: str | None) -> Finding:
    """A name the 单位 sheet does not list."""
    fix = (f"是否应为“{hint}”？" if hint else "") + "如确为新单位，请先在“单位”表中添加"
    return Severity.ERROR, f"单位“{name}”不在“单位”表中", fix


def fragment(text: str, collective: bool, hint: str | None) -> Finding:
    """A sentence or a piece of one where a unit's name should be: an error, since a letter would
    go to it, unless it reads as a collective (no letter either way)."""
    reason = fragment_reason(text)
    if collective:
        return (Severity.WARNING, f"“{_short(text)}”像是一句说明而不是名称（{reason}）：已照录，不单独发函",
                "如需交办给具体单位，请只写单位名称（用“、”分隔），说明文字移到“备注”列")
    fix = ((f"是否应为“{hint}”？" if hint else "")
           + "单元格中只写单位名称，多个单位用“、”分隔，说明文字请移到“备注”列；如确是单位名称，请在“单位”表中列出")
    return Severity.ERROR, f"“{_short(text)}”不像单位名称（{reason}），不能作为单位发交办函", fix


def duty_phrase(text: str) -> Finding:
    """按职责分工负责 and the like: kept as typed, no letter."""
    return (Severity.WARNING, f"“{text}”是分工说明，不是单位名称：已照录，不会据此向任何单位发交办函",
            "如这一项应交办给具体单位，请在这里写出单位名称（用“、”分隔）")


def back_reference(text: str) -> Finding:
    """各项目牵头单位 and the like: kept as typed, not resolved, no letter."""
    return (Severity.WARNING,
            f"“{text}”指别处写明的单位：已照录，不单独发函，这一项不会因此列入任何单位的交办函",
            "如某个单位应收到这一项，请在这里写出它的名称")


def placeholder(text: str) -> Finding:
    """同上, 无, —, 待定 …: no unit written; kept as typed, no letter."""
    if text in SAME_AS_ABOVE:
        return (Severity.WARNING,
                f"“{text}”不是单位名称：taskdoc 没有把上一行的单位套用到这里，这一项不会据此向任何单位发交办函",
                "如这一项与上一行交办给同样的单位，请在这里写明这些单位的名称，或把这一格与上一行的单元格纵向合并")
    return (Severity.WARNING, f"“{text}”不是单位名称：已照录，这一项不会据此向任何单位发交办函",
            "如这一项应交办给具体单位，请在这里写明单位名称；没有单位时请留空")


def etc_units(text: str, name: str) -> Finding:
    """市科技局等部门: the named unit gets its letter; the units 等 stands for get none."""
    return (Severity.WARNING, f"“{text}”已按“{name}”读取：“等”所指的其他单位没有写明，不会收到交办函",
            "请写明全部单位的名称（用“、”分隔），删去“等”")


def spaced_name(text: str) -> Finding:
    """A name with a space or a slash inside, not split (a side does not read as a unit's name)."""
    return (Severity.WARNING, f"“{text}”中间有空格或“/”，已按一个单位读取",
            "如是几个单位，请用“、”分隔；如是一个单位，请删去空格或“/”")


def phrase_kept(text: str, name: str, phrase: str) -> Finding:
    """A name followed by a duty phrase or a bracketed note (市财政局按职责分工负责)."""
    return (Severity.WARNING, f"“{text}”已按“{name}”读取，“{phrase}”照录",
            f"单元格中只写单位名称即可：可改为“{name}”，“{phrase}”移到“备注”列")


def standing_rule(text: str, rows: tuple[int, int] | None, in_note: bool,
                  own: tuple[int, int] | None = None, unit_columns: str = "牵头单位、配合单位列") -> Finding:
    """A rule for the rows below (…，下同), in a unit cell or the 备注: never applied to them. `rows`: the
    rows below the cell (a merged cell's: below the merge), None when there are none; `own`: the
    rows the cell covers; `unit_columns`: the table's unit columns by their headers (a 备注's rule)."""
    kept = "" if in_note else "；这句说明照录，不单独发函"
    if rows is None:
        if own is not None and own[0] != own[1]:
            where = f"这个合并单元格（第{own[0]}—{own[1]}行）之后没有别的行"
        else:
            where = "这是表格的最后一行，后面没有别的行"
        return (Severity.WARNING, f"“{_short(text)}”是对下面各行的约定，但{where}，这条约定不涉及任何行{kept}",
                "可删去“下同”这类约定；说明文字可移到“备注”列")
    below = f"第{rows[0]}—{rows[1]}行" if rows[0] != rows[1] else f"第{rows[0]}行"
    columns = unit_columns if in_note else "这一列"
    return (Severity.WARNING,
            f"“{_short(text)}”是对下面各行的约定，taskdoc 没有把它套用到{below}："
            f"这些行只按各自单元格中写明的单位交办{kept}",
            f"如下面各行也应交办给其中的单位，请在这些行的{columns}写明单位名称（可纵向合并单元格）；"
            "说明文字可移到“备注”列")


def listed_collective(name: str) -> Finding:
    """A name in the 单位 sheet that reads as a collective, with no 类型 saying which it is."""
    return (Severity.WARNING, f"“{name}”按写法是集体名称，但列在“单位”表中，将作为一个单位单独发交办函和报表",
            "如它不应单独发函，请在“类型”列（没有就加一列）填“集体”；如确应发函，请填“单位”")


def unit_kind(text: str) -> Finding:
    """A 类型 the 单位 sheet's reader does not know."""
    return (Severity.ERROR, f"类型“{text}”无法识别",
            "请填写“集体”（集体名称，不单独发函）或“单位”（单独发函），或留空（按单位处理）")
