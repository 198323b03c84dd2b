"""The notice (通知): GB/T 9704-2012 layout, with the task table as its landscape attachment."""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING

from generator.documents import layout as L
from generator.documents.official import OfficialWriter
from generator.documents.tables import cell_height, column_widths, header_table, keep_if_it_fits, merge_down, write_cell
from generator.docx import ooxml as X
from generator.model import Clause, Measure, TaskTable

if TYPE_CHECKING:
    from generator.docx.ooxml import Document

TEMPLATE = "notice.j2"
# A run of a clause's measures that share their unit columns, and the filler rows it needs under it
MeasureRun = tuple[tuple[Measure, ...], int]


class NoticeRenderer(OfficialWriter):
    """Builds the notice document from the model; one instance renders any number of tables."""

    def render(self, table: TaskTable) -> Document:
        """The notice as a python-docx Document (not yet saved)."""
        n = table.notice
        doc = self._new_document()
        self._head(doc, table)
        self._main(doc, table)
        first = doc.sections[0]
        X.restart_numbering(first, 1)
        self._portrait_page_numbers(first)

        attachment = X.add_section(doc)
        X.set_page(attachment, L.LANDSCAPE_PAGE)
        self._attachment(doc, table)
        self._landscape_page_numbers(doc, attachment)

        self._record_page(doc, n.cc, n.printer, n.print_date or n.date)
        X.set_core_properties(doc, title=n.title.replace("\n", ""), author=n.organ_name, created=n.date,
                              subject=n.attachment, keywords=f"通知；{n.number}")
        return doc

    # -- 版头 §7.2 -----------------------------------------------------------------------------

    def _head(self, doc: Document, table: TaskTable) -> None:
        n = table.notice
        used = 0
        for text, font in ((n.copy_number, self.fonts.body), (n.secrecy, self.fonts.heading1),
                           (n.urgency, self.fonts.heading1)):
            if text:
                p = self._line(doc, align="left")
                X.add_run(p, text, font=font)
                used += L.LINE_PITCH
        self._red_head(doc, n.organ_mark, n.number, used)

    # -- 主体 §7.3 -----------------------------------------------------------------------------

    def _main(self, doc: Document, table: TaskTable) -> None:
        n = table.notice
        self._blank(doc, L.TITLE_BLANK_LINES)
        self._title(doc, n.title)
        self._blank(doc, L.ADDRESSEE_BLANK_LINES)
        self._addressees(doc, n.addressees)
        for text in n.body:
            self._paragraph(doc, text)
        if n.attachment:
            self._blank(doc, L.ATTACHMENT_NOTE_BLANK_LINES)
            self._attachment_note(doc, self.wording.text(TEMPLATE, "attachment_note", title=n.attachment))
        self._signature(doc, n.organ_name, n.date_text, n.seal)
        if n.note:
            p = self._line(doc, align="left", first_line=L.INDENT_CHARS * L.CHAR_WIDTH)
            self._body_run(p, self.wording.text(TEMPLATE, "note", text=n.note))

    # -- 附件 §7.3.7 and §8 -----------------------------------------------------------------------

    def _attachment(self, doc: Document, table: TaskTable) -> None:
        self._attachment_head(doc, self.wording.text(TEMPLATE, "attachment_label"),
                              table.notice.attachment or "任务分解表", landscape=True)
        TaskTableWriter(self.fonts).write(doc, table)


class TaskTableWriter:
    """The 任务分解表 as a Word table: header repeated, part and clause cells merged, compact 仿宋."""

    WEIGHTS = {"part": 1.4, "clause": 2.6, "content": 6.8, "measure": 7.0, "lead": 2.2, "cooperating": 2.8,
               "deadline": 1.8, "leader": 1.4, "note": 2.0}
    EXTRA_WEIGHT = 2.0

    def __init__(self, fonts: L.Fonts) -> None:
        self.fonts = fonts

    def columns(self, table: TaskTable) -> list[tuple[str, str]]:
        """(field, header) of the columns to print: the standard ones, then optional ones in use."""
        h = table.headers
        cols = [("part", h.part), ("clause", h.clause)]
        if h.content:
            cols.append(("content", h.content))
        cols += [("measure", h.measure), ("lead", h.lead)]
        if table.has_cooperating:  # a table of 责任单位 alone has one unit column
            cols.append(("cooperating", table.cooperating_header))
        measures = [m for _, _, m in table.measures()]
        for f in ("deadline", "leader", "note"):
            if getattr(h, f) and any(getattr(m, f) for m in measures):
                cols.append((f, getattr(h, f)))
        for name in h.extra:
            if any(dict(m.extra).get(name) for m in measures):
                cols.append((f"extra:{name}", name))
        return cols

    def write(self, doc: Document, table: TaskTable) -> None:
        """One row per measure, each kept on one page, so that a page breaks between measures.

        The clause (and its 任务内容) is merged over its measures, the part over its clauses, and
        the units (deadline, note …) over each run of measures that shares them: a clause whose
        measures all share their units reads as one row of the published table. Where merged text
        is taller than the measures beside it, line-high filler rows under the measures carry the
        rest: a reader would grow the last row instead, and a row grown by merged text is moved
        to the next page whole, leaving the page before it half empty.
        """
        cols = self.columns(table)
        widths = column_widths(L.LANDSCAPE_TEXT_WIDTH, [self.WEIGHTS.get(f, self.EXTRA_WEIGHT) for f, _ in cols])
        index = {f: i for i, (f, _) in enumerate(cols)}
        shared = [f for f in index if f not in ("part", "clause", "content", "measure")]
        plan = {id(c): self._plan(c, shared, index, widths) for p in table.parts for c in p.clauses}
        rows = sum(len(group) + fillers for runs in plan.values() for group, fillers in runs)
        trs, grid = header_table(doc, self.fonts, widths, [text for _, text in cols], rows)
        measure, r = index["measure"], 1
        for part in table.parts:
            part_start = r
            for clause in part.clauses:
                start = r
                for group, fillers in plan[id(clause)]:
                    first = r
                    for m in group:
                        write_cell(self.fonts, grid[r][measure], m.display)
                        keep_if_it_fits(trs[r], cell_height(m.display, widths[measure]))
                        r += 1
                    for _ in range(fillers):
                        X.filler_cell(grid[r][measure], L.TINY_LINE)
                        X.row_height(trs[r], L.TABLE_LINE)
                        X.cell_borders(grid[r - 1][measure], bottom=None)
                        X.cell_borders(grid[r][measure], top=None)
                        r += 1
                    for f in shared:
                        merge_down(self.fonts, [row[index[f]] for row in grid[first:r]], group[0].field_value(f),
                                   center=True)
                for f, text in (("clause", clause.heading), ("content", clause.content)):
                    if f in index:
                        merge_down(self.fonts, [row[index[f]] for row in grid[start:r]], text)
            merge_down(self.fonts, [row[index["part"]] for row in grid[part_start:r]], part.heading, center=True)

    @staticmethod
    def _plan(clause: Clause, shared: list[str], index: dict[str, int], widths: list[int]) -> list[MeasureRun]:
        """[(measures, filler rows)] for each run of the clause: fillers for the text of the
        run's merged cells, then, under the last run, for the clause's own merged text."""
        def missing(texts: list[tuple[str, str]], have: int) -> int:
            need = max((cell_height(text, widths[index[f]]) for f, text in texts if f in index), default=0)
            return max(0, math.ceil((need - have) / L.TABLE_LINE))

        plan: list[MeasureRun] = []
        height = 0
        for group in _groups(clause, shared):
            rows = sum(cell_height(m.display, widths[index["measure"]]) for m in group)
            fillers = missing([(f, group[0].field_value(f)) for f in shared], rows)
            plan.append((group, fillers))
            height += rows + fillers * L.TABLE_LINE
        last, fillers = plan[-1]
        plan[-1] = (last, fillers + missing([("clause", clause.heading), ("content", clause.content)], height))
        return plan


def _groups(clause: Clause, fields: list[str]) -> list[tuple[Measure, ...]]:
    """The clause's measures in runs that share the values of `fields` (units, deadline …)."""
    measures = clause.measures or (Measure(None, ""),)
    runs = itertools.groupby(measures, key=lambda m: tuple(m.field_value(f) for f in fields))
    return [tuple(run) for _, run in runs]
