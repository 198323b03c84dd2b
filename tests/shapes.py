"""Shared builders for the table-shape tests: a 单位 sheet, heading rows merged across the table, and
what the documents of a build say, read back without trusting the renderers' own layout: the notice's
table, each letter's task list (items found by their text, wherever a column holds them), each
form's task columns, and the columns a document may print for a table (the office's, no phantom)."""

from __future__ import annotations

from pathlib import Path

from openpyxl.utils import get_column_letter

from generator.model import Measure, TaskTable

from .helpers import Built, table_sheets

# Named units, in official order, as the 单位 sheet lists them.
NAMED = ("市科技局", "市财政局", "市统计局", "市教育局", "市发改委", "市工信局")

# What a document calls a unit's role in its task list.
ROLE_COLUMN = "本单位职责"
# Columns of a unit's own list that are not the office's: its running number and the unit's role.
OWN_COLUMNS = ("序号", ROLE_COLUMN)
# The first column of a form a unit fills in: the columns before it are the table's.
FIRST_INPUT = "本季度进展情况"


class HeadingRow(list):
    """A heading row (一、总体目标): its text in the first cell, merged across the whole row."""


def heading(text: str, width: int) -> HeadingRow:
    return HeadingRow([text] + [None] * (width - 1))


def merges(rows: list[list]) -> list[str]:
    """The merged ranges of the heading rows among `rows` (the header is row 1)."""
    return [f"A{i}:{get_column_letter(len(row))}{i}" for i, row in enumerate(rows, 1)
            if isinstance(row, HeadingRow) and len(row) > 1]


def unit_sheet(names: tuple[str, ...] = NAMED, kinds: dict[str, str] | None = None) -> list[list]:
    """A 单位 sheet listing `names`; with `kinds`, a 类型 column (集体 / 单位) for the names it gives."""
    if kinds is None:
        return [["简称"], *[[n] for n in names]]
    return [["简称", "类型"], *[[n, kinds.get(n)] for n in names]]


def build(tmp_path: Path, rows: list[list], units: list[list] | None = None, more: tuple[str, ...] = ()) -> Built:
    """The valid workbook with this task table (its heading rows merged, and the ranges `more`), checked
    and built."""
    return Built(tmp_path, table_sheets([list(r) for r in rows], units),
                 merges={"任务分解": [*merges(rows), *more]})


# -- the model ----------------------------------------------------------------------------------


def tree(table: TaskTable) -> list[tuple]:
    """The table as nested tuples: (part heading, [(clause heading, [item display …]) …]) for each part,
    a level the table does not have written None."""
    return [(p.heading if p.is_level else None,
             [(c.heading if c.is_level else None, [m.display for m in c.measures]) for c in p.clauses])
            for p in table.parts]


def items(table: TaskTable) -> list[Measure]:
    return [m for _, _, m in table.measures()]


def units_of(table: TaskTable) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """item as printed -> (lead, cooperating)."""
    return {m.display: (m.lead, m.cooperating) for m in items(table)}


def collectives(table: TaskTable) -> set[str]:
    return {u.name for u in table.units if u.collective}


def letter_units(table: TaskTable) -> list[str]:
    return [a.unit.name for a in table.letter_units()]


def office_headers(table: TaskTable) -> list[str]:
    """The office's header texts, in the office's order."""
    h = table.headers
    out = []
    for f in h.columns():
        if f.startswith("extra:"):
            out.append(f.removeprefix("extra:"))
        elif f == "cooperating":
            out.append(table.cooperating_header)
        else:
            out.append(getattr(h, f))
    return out


def phantoms(header: list[str], table: TaskTable) -> list[str]:
    """Columns of a unit's task list or form that are not the office's: an empty header, or a level
    or column the office's table does not have (a 条款 column in a table without clauses, 落实措施
    in a table whose items are under 工作任务, 完成时限 in a table without one). An office's header
    told apart from a form's own (备注（任务分解表） beside the 备注 the unit fills in) is the office's."""
    allowed = {*office_headers(table), *OWN_COLUMNS, table.heading_header} - {""}
    return [h for h in header if h not in allowed and not any(h.startswith(f"{a}（") for a in allowed)]


def carried(table: TaskTable, measures: list[Measure]) -> list[str]:
    """The office's headers a unit's task list (and form) carries, in the office's order: the items,
    the lead units, and every other column (完成时限, 责任领导, 备注, 项目名称 …) some of the unit's
    items fill; not the levels (a heading column holds them), 序号 (part of the item as printed) nor
    任务内容 (the notice's)."""
    h = table.headers
    fields = [f for f in h.columns() if f in ("measure", "lead")
              or (f not in ("part", "clause", "content", "serial", "cooperating")
                  and any(m.field_value(f) for m in measures))]
    return [f.removeprefix("extra:") if f.startswith("extra:") else getattr(h, f) for f in fields]


def in_order(header: list[str], wanted: list[str]) -> list[str]:
    """The headers among `wanted` that `header` has, in its order (to compare with `wanted`)."""
    found = (next((w for w in wanted if h == w or h.startswith(f"{w}（")), None) for h in header)
    return [w for w in found if w is not None]


# -- the documents --------------------------------------------------------------------------------


def _docx_rows(path: Path, index: int) -> list[list[str]]:
    from docx import Document

    return [[c.text for c in row.cells] for row in Document(path).tables[index].rows]


def notice_rows(built: Built) -> list[list[str]]:
    """Every row of the notice's task table (the header first), each cell's text; a cell merged
    across columns or rows reads the same in each of them."""
    path = next(p for p in built.written if p.parent == built.out and p.name.startswith("通知"))
    return _docx_rows(path, 0)


def notice_header(built: Built) -> list[str]:
    """The notice table's columns (a header cell merged across columns counts once)."""
    from docx import Document

    path = next(p for p in built.written if p.parent == built.out and p.name.startswith("通知"))
    cells = Document(path).tables[0].rows[0].cells
    return [c.text for i, c in enumerate(cells) if i == 0 or c._tc is not cells[i - 1]._tc]


def letter_paths(built: Built) -> dict[str, Path]:
    return {built._unit_of(p): p for p in sorted(built.written) if p.parent.name == "交办函"}


def letter_rows(built: Built, unit: str) -> list[list[str]]:
    """A unit's task list: the header, then a row per task."""
    return _docx_rows(letter_paths(built)[unit], -1)


def printed(cells: list[str], measures: list[Measure]) -> str:
    """The item a row of a document shows, as printed with its number (`1.培育企业。`): the item whose
    text stands in one of the cells, with its number beside it (in the same cell, or a 序号 cell of its
    own). A row showing no item reads as its cells joined, an item without its number as its text."""
    hits = [m for m in measures if m.text and any(m.text in c for c in cells)]
    if not hits:
        return "|".join(cells)
    m = max(hits, key=lambda m: len(m.text))
    if not m.label or any(m.display in c for c in cells):
        return m.display
    own = m.mark or m.label
    return m.display if any(c.strip() in (own, m.label) for c in cells) else m.text


def letter_items(built: Built) -> dict[str, list[tuple[str, str]]]:
    """unit -> its letter's tasks as (item as printed, role as printed), in the letter's order."""
    assert built.table is not None
    measures = items(built.table)
    out = {}
    for unit in letter_paths(built):
        header, *rows = letter_rows(built, unit)
        role = header.index(ROLE_COLUMN)
        out[unit] = [(printed(r, measures), r[role]) for r in rows]
    return out


def notice_items(built: Built) -> list[str]:
    """The items the notice's table shows, in order, each once (as printed with its number)."""
    assert built.table is not None
    measures = items(built.table)
    texts = {m.text for m in measures}
    shown = [printed(r, measures) for r in notice_rows(built)[1:]]
    return list(dict.fromkeys(s for s in shown if any(t in s for t in texts)))


def spanning_rows(built: Built) -> list[str]:
    """The texts of the notice table's rows merged across the whole table (part headings …)."""
    return [r[0] for r in notice_rows(built)[1:] if len(set(r)) == 1 and r[0]]


def form_paths(built: Built) -> dict[str, Path]:
    return {built._unit_of(p): p for p in sorted(built.written)
            if p.parent.parent.name == "季度报表" and p.suffix == ".xlsx"}


def form_header(built: Built, unit: str) -> list[str]:
    """A unit's form: the headers of its task columns (those before the columns it fills in)."""
    from openpyxl import load_workbook

    ws = load_workbook(form_paths(built)[unit])["季度报表"]
    header = next(r for r in ws.iter_rows(values_only=True) if FIRST_INPUT in r)
    return [str(v or "") for v in header[:header.index(FIRST_INPUT)]]


def form_rows(built: Built, unit: str) -> list[list[str]]:
    """A unit's form: its task rows, the task columns' texts (merged cells read in each row)."""
    from openpyxl import load_workbook

    ws = load_workbook(form_paths(built)[unit])["季度报表"]
    rows = list(ws.iter_rows())
    at = next(i for i, r in enumerate(rows) if FIRST_INPUT in [c.value for c in r])
    width = [c.value for c in rows[at]].index(FIRST_INPUT)
    value = {}
    for rng in ws.merged_cells.ranges:
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                value[(r, c)] = ws.cell(rng.min_row, rng.min_col).value
    out = []
    for row in rows[at + 1:]:
        texts = [str(value.get((c.row, c.column), c.value) or "") for c in row[:width]]
        if not texts[0].strip().isdigit():
            break  # the end of the task rows (a status list or the instructions follow)
        out.append(texts)
    return out


def form_items(built: Built) -> dict[str, list[str]]:
    """unit -> its form's tasks (items as printed), in order."""
    assert built.table is not None
    measures = items(built.table)
    return {unit: [printed(r, measures) for r in form_rows(built, unit)] for unit in form_paths(built)}


def assert_documents(built: Built, letters: dict[str, list[tuple[str, str]]]) -> None:
    """Letters, forms and matrix rows for exactly the named units: each letter lists exactly its items
    (as printed, with the unit's role), each form the same items; the matrix has a row for every named
    unit and none for a collective."""
    table = built.table
    assert table is not None
    assert letter_items(built) == letters
    assert list(form_paths(built)) == list(letters)
    assert form_items(built) == {u: [item for item, _ in tasks] for u, tasks in letters.items()}
    assert set(letters) <= set(built.matrix()) == {u.name for u in table.named_units}
    assert not collectives(table) & set(built.matrix())
    assert not collectives(table) & set(letter_paths(built))
