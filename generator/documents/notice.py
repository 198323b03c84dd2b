"""The notice (通知): GB/T 9704-2012 layout, with the task table as its landscape attachment."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.documents import layout as L
from generator.documents.official import OfficialWriter
from generator.documents.tables import (
    Column,
    cell_height,
    fitted_widths,
    header_table,
    keep_if_it_fits,
    keep_with_next,
    merge_down,
    one_line,
    span_row,
    unit_line,
    write_cell,
)
from generator.docx import ooxml as X
from generator.model import Clause, Heading, Measure, TaskTable

if TYPE_CHECKING:
    from generator.docx.ooxml import Cell, Document, Row

TEMPLATE = "notice.j2"


@dataclass(frozen=True)
class GroupLine:
    """The row of a four-level table's group heading (1.推进实验室建设) above its measures;
    `serial` when its measures' numbers stood in the 序号 column (its own did too)."""

    heading: Heading
    serial: bool


# A row of a clause's item column: a measure, or a group's heading
Line = Measure | GroupLine
# A run of a clause's rows that share their unit columns, and the filler rows it needs under it
MeasureRun = tuple[tuple[Line, ...], int]


class NoticeRenderer(OfficialWriter):
    """Builds the notice document from the model; one instance renders any number of tables."""

    def render(self, table: TaskTable) -> Document:
        """The notice as a python-docx Document (not yet saved)."""
        n = table.notice
        doc = self._new_document()
        moved = self._main(doc, table, self._head(doc, table))
        first = doc.sections[0]
        X.restart_numbering(first, 1)
        self._portrait_page_numbers(first)

        attachment = X.add_section(doc)
        X.set_page(attachment, L.LANDSCAPE_PAGE)
        self._attachment(doc, table)
        self._landscape_page_numbers(doc, attachment)

        self._record_page(doc, n.cc, n.printer, n.issued_on, addressees=moved)
        X.set_core_properties(doc, title=n.title.replace("\n", ""), author=n.organ_name, created=n.date,
                              subject=n.attachment, keywords=f"通知；{n.number}")
        return doc

    # -- 版头 §7.2 -----------------------------------------------------------------------------

    def _head(self, doc: Document, table: TaskTable) -> int:
        """§7.2: 份号, 密级, 紧急程度 lines, then the 版头; returns the room left under the red rule."""
        n = table.notice
        used = 0
        for text, font in ((n.copy_number, self.fonts.body), (n.secrecy, self.fonts.heading1),
                           (n.urgency, self.fonts.heading1)):
            if text:
                p = self._line(doc, align="left")
                X.add_run(p, text, font=font)
                used += L.LINE_PITCH
        return self._red_head(doc, n.organ_mark, n.number, used)

    # -- 主体 §7.3 -----------------------------------------------------------------------------

    def _main(self, doc: Document, table: TaskTable, taken: int) -> str:
        """§7.3 主体 from the title to the 附注; returns the 主送 when it was too long for page 1 (§7.3.2),
        for the 版记."""
        n = table.notice
        self._title_under_head(doc, n.title, taken)
        self._blank(doc, L.ADDRESSEE_BLANK_LINES)
        moved = self._addressees_unless_too_long(doc, n.addressees, n.body[0] if n.body else "", n.title)
        for text in n.body:
            self._paragraph(doc, text)
        if n.attachment:
            self._blank(doc, L.ATTACHMENT_NOTE_BLANK_LINES)
            self._attachment_note(doc, self.wording.text(TEMPLATE, "attachment_note", title=n.attachment))
        self._signature(doc, n.organ_name, n.date_text, n.seal)
        if n.note:
            p = self._line(doc, align="left", first_line=L.INDENT_CHARS * L.CHAR_WIDTH)
            self._body_run(p, self.wording.text(TEMPLATE, "note", text=n.note))
        return moved

    # -- 附件 §7.3.7 and §8 -----------------------------------------------------------------------

    def _attachment(self, doc: Document, table: TaskTable) -> None:
        self._attachment_head(doc, self.wording.text(TEMPLATE, "attachment_label"),
                              table.notice.attachment or "任务分解表", landscape=True)
        TaskTableWriter(self.fonts).write(doc, table)


class TaskTableWriter:
    """The 任务分解表 as a Word table: the office's columns in the office's order, header repeated,
    part headings as rows across the table, clause cells merged over their measures, compact 仿宋."""

    # Columns of one cell a row, written beside each item; the others are merged down (a clause
    # over its measures, the units over each run of measures that shares them).
    PER_ROW = ("serial", "measure")

    def __init__(self, fonts: L.Fonts) -> None:
        self.fonts = fonts

    def columns(self, table: TaskTable) -> list[tuple[str, str]]:
        """(field, header) of the columns to print, in the office's order: the office's columns,
        but no 部分 column (parts are rows of their own, `write`), a 条款 column only where some
        clause has a heading, the optional ones (deadline, note, extra …) only when some cell has text."""
        h = table.headers
        order = list(h.columns())
        for f, after in (("measure", "content"), ("lead", "measure"), ("cooperating", "lead")):
            if f not in order and (f != "cooperating" or table.has_cooperating):
                order.insert(order.index(after) + 1 if after in order else len(order), f)
        measures = [m for _, _, m in table.measures()]

        def printed(f: str) -> bool:
            if f == "part":
                return False
            if f == "clause":
                return any(c.heading for c in table.clauses)
            if f == "cooperating":  # a table of 责任单位 alone has one unit column
                return table.has_cooperating
            if f in ("serial", "content", "measure", "lead"):
                return True
            return any(m.field_value(f) for m in measures)

        headers = {"serial": h.serial, "cooperating": table.cooperating_header}
        return [(f, headers.get(f) or (f.removeprefix("extra:") if f.startswith("extra:") else getattr(h, f)))
                for f in order if printed(f)]

    def widths(self, table: TaskTable, cols: list[tuple[str, str]]) -> list[int]:
        """Twips of each column, following the content (`tables.fitted_widths`): the 序号 column as
        wide as its widest number (or header); a merged cell (a clause's 任务内容, the units over a
        run of measures) counts once; a unit column holds a usual unit name and its 、 on a line."""
        least = unit_line(u.name for u in table.units)
        columns = []
        for f, header in cols:
            if f == "serial":
                numbers = [m.field_value("serial") for _, _, m in table.measures()]
                numbers += [_serial_mark(g) for _, _, m in table.measures() if m.serial for g in m.groups]
                columns.append(Column((), header, fixed=one_line([header, *numbers])))
            elif f in ("clause", "content"):
                columns.append(Column([c.heading if f == "clause" else c.content for c in table.clauses], header))
            elif f == "measure":
                groups = {g.row: g.heading for _, _, m in table.measures() for g in m.groups}
                columns.append(Column([m.field_value(f) for _, _, m in table.measures()] + list(groups.values()),
                                      header))
            else:  # merged over each run of measures that shares it: one cell a run
                runs = [k for k, _ in itertools.groupby(m.field_value(f) for _, _, m in table.measures())]
                units = f in ("lead", "cooperating") and any(runs)
                columns.append(Column(runs, header, least if units else L.TABLE_MIN_CHARS))
        return fitted_widths(L.LANDSCAPE_TEXT_WIDTH, columns, lambda widths: self._height(table, cols, widths))

    def _height(self, table: TaskTable, cols: list[tuple[str, str]], widths: list[int]) -> int:
        """The table's estimated height with these widths, as `write` lays it out: a clause as deep
        as its deepest merged cell (heading, 任务内容) or its rows, a run of measures as deep as its
        lines or its merged unit cells."""
        index = {f: i for i, (f, _) in enumerate(cols)}
        shared = [f for f in index if f not in ("clause", "content", *self.PER_ROW)]
        total = 0
        for clause in table.clauses:
            rows = 0
            for run in _runs(clause, shared):
                lines = sum(self._line_height(line, index, widths) for line in run)
                first = _first_measure(run)
                rows += max([lines] + [cell_height(first.field_value(f), widths[index[f]]) for f in shared])
            own = [cell_height(text, widths[index[f]])
                   for f, text in (("clause", clause.heading), ("content", clause.content)) if f in index]
            total += max([rows, *own])
        return total

    def write(self, doc: Document, table: TaskTable) -> None:
        """One row per measure, each kept on one page, so that a page breaks between measures.

        A part with a heading is a row of its own across the table (黑体, left-aligned, as
        published tables print 一、总体要求), kept with the row under it; so is a clause whose
        heading the office wrote in a row of its own (楷体), in a table without a 条款 column.
        The clause (and its 任务内容) is merged over its measures, and the units (deadline,
        note …) over each run of measures that shares them: a clause whose measures all share
        their units reads as one row of the published table. In a table of four levels the
        heading of a group of measures (1.推进实验室建设 over （1） （2）) is a row in the item
        column above them, its unit cells merged with theirs (the units were given once for
        the group). Where merged text is taller than the measures beside it, line-high filler
        rows under the measures carry the rest: a reader would grow the last row instead, and
        a row grown by merged text is moved to the next page whole, leaving the page before it
        half empty.

        Only the header row is repeated on a new page: a part running on does not repeat its
        heading there (二、…（续）). Word and LibreOffice decide where pages break, and a row of
        text that is printed only after a break is not something a table row can be; the row
        heights here are estimates, so a 续 row placed from them would sometimes land mid-page.
        """
        cols = self.columns(table)
        widths = self.widths(table, cols)
        index = {f: i for i, (f, _) in enumerate(cols)}
        shared = [f for f in index if f not in ("clause", "content", *self.PER_ROW)]
        clause_rows = "clause" not in index
        plan = {id(c): self._plan(c, shared, index, widths) for p in table.parts for c in p.clauses}
        headings = sum(p.is_level for p in table.parts) + sum(bool(c.heading) for c in table.clauses) * clause_rows
        rows = headings + sum(len(run) + fillers for runs in plan.values() for run, fillers in runs)
        trs, grid = header_table(doc, self.fonts, widths, [text for _, text in cols], rows)
        r = 1
        for part in table.parts:
            if part.is_level:
                self._heading_row(trs[r], grid[r], part.heading, self.fonts.heading1, sum(widths))
                r += 1
            for clause in part.clauses:
                if clause_rows and clause.heading:
                    self._heading_row(trs[r], grid[r], clause.heading, self.fonts.heading2, sum(widths))
                    r += 1
                start = r
                for run, fillers in plan[id(clause)]:
                    first = r
                    for line in run:
                        cells = [grid[r][index[f]] for f in self.PER_ROW if f in index]
                        texts = _line_texts(line, "serial" in index)
                        for f, cell in zip((f for f in self.PER_ROW if f in index), cells):
                            write_cell(self.fonts, cell, texts[f], center=f == "serial")
                        keep_if_it_fits(trs[r], self._line_height(line, index, widths))
                        if isinstance(line, GroupLine):
                            keep_with_next(cells)
                        r += 1
                    for _ in range(fillers):
                        for f in self.PER_ROW:
                            if f in index:
                                X.filler_cell(grid[r][index[f]], L.TINY_LINE)
                                X.cell_borders(grid[r - 1][index[f]], bottom=None)
                                X.cell_borders(grid[r][index[f]], top=None)
                        X.row_height(trs[r], L.TABLE_LINE)
                        r += 1
                    units = _first_measure(run)
                    for f in shared:
                        merge_down(self.fonts, [row[index[f]] for row in grid[first:r]], units.field_value(f),
                                   center=True)
                for f, text in (("clause", clause.heading), ("content", clause.content)):
                    if f in index and r > start:
                        merge_down(self.fonts, [row[index[f]] for row in grid[start:r]], text)
        assert r == rows + 1, (r, rows)

    def _heading_row(self, tr: Row, cells: list[Cell], text: str, font: str, width: int) -> None:
        """A part's (or clause's) heading as a row across the table, kept with the row under it."""
        cell = span_row(cells, text, font=font)
        keep_if_it_fits(tr, cell_height(text, width))
        keep_with_next([cell])

    def _line_height(self, line: Line, index: dict[str, int], widths: list[int]) -> int:
        texts = _line_texts(line, "serial" in index)
        return max(cell_height(texts[f], widths[index[f]]) for f in self.PER_ROW if f in index)

    def _plan(self, clause: Clause, shared: list[str], index: dict[str, int], widths: list[int]) -> list[MeasureRun]:
        """[(lines, filler rows)] for each run of the clause: fillers for the text of the run's
        merged cells, then, under the last run, for the clause's own merged text. A clause with
        nothing in a column of its own (its heading is a row, or it stands in for a missing
        level) and no measures has no rows."""
        def missing(texts: list[tuple[str, str]], have: int) -> int:
            need = max((cell_height(text, widths[index[f]]) for f, text in texts if f in index), default=0)
            return max(0, math.ceil((need - have) / L.TABLE_LINE))

        own = [text for f, text in (("clause", clause.heading), ("content", clause.content)) if f in index and text]
        if not clause.measures and not own:
            return []
        plan: list[MeasureRun] = []
        height = 0
        for run in _runs(clause, shared):
            rows = sum(self._line_height(line, index, widths) for line in run)
            first = _first_measure(run)
            fillers = missing([(f, first.field_value(f)) for f in shared], rows)
            plan.append((run, fillers))
            height += rows + fillers * L.TABLE_LINE
        last, fillers = plan[-1]
        plan[-1] = (last, fillers + missing([("clause", clause.heading), ("content", clause.content)], height))
        return plan


def _line_texts(line: Line, serial_column: bool) -> dict[str, str]:
    """The per-row cells of a line: its 序号 (when the table has the column) and its item text.
    A group's heading puts its number in the 序号 column when its measures stood there."""
    if isinstance(line, GroupLine):
        serial = serial_column and line.serial
        return {"serial": _serial_mark(line.heading) if serial else "",
                "measure": line.heading.title if serial else line.heading.heading}
    return {"serial": line.field_value("serial"), "measure": line.field_value("measure")}


def _serial_mark(heading: Heading) -> str:
    """A group's number as the 序号 column holds it: as the office typed it there (1, like the
    items' 2), not as its heading is written elsewhere (1.)."""
    bare = heading.mark.removesuffix(".")
    return bare if bare.isdigit() else heading.mark


def _runs(clause: Clause, fields: list[str]) -> list[tuple[Line, ...]]:
    """The clause's lines (each group's heading, then its measures) in runs that share the values
    of `fields` (units, deadline …); a group's heading goes with the run of its first measure."""
    lines: list[Line] = []
    keys: list[tuple[str, ...]] = []
    shown: set[int] = set()  # the rows of the group headings written so far
    members: dict[int, set[tuple[str, ...]]] = {}  # a group's row -> the keys of its measures (nested ones too)
    for m in clause.measures:
        for g in m.groups:
            members.setdefault(g.row, set()).add(tuple(m.field_value(f) for f in fields))
    for m in clause.measures or (Measure(None, ""),):
        key = tuple(m.field_value(f) for f in fields)
        for g in m.groups:  # each group's heading once, above its first measure (an outer one first)
            if g.row in shown:
                continue
            shown.add(g.row)
            lines.append(GroupLine(g, m.serial))
            # its measures share their units: given once on the heading's line, merged with theirs;
            # else each measure names its own, and the heading's cells stay empty
            keys.append(key if len(members[g.row]) == 1 else ("", f"group {g.row}"))
        lines.append(m)
        keys.append(key)
    runs = itertools.groupby(zip(keys, lines), key=lambda kl: kl[0])
    return [tuple(line for _, line in run) for _, run in runs]


def _first_measure(run: tuple[Line, ...]) -> Measure:
    """The measure whose units (deadline, note …) a run's merged cells print."""
    return next((m for m in run if isinstance(m, Measure)), Measure(None, ""))
