"""The 修订对照表 of a new version: 修订说明, a table 位置 | 原内容 | 修订后 | 说明, and the units
whose letters changed.

Deleted wording is struck through in 原内容, inserted wording bold and underlined in 修订后.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.documents import layout as L
from generator.documents.official import OfficialWriter
from generator.documents.tables import cell_height, column_widths, header_table, keep_if_it_fits, write_cell
from generator.docx import ooxml as X
from generator.model import TaskTable
from generator.text.dates import format_date
from generator.versions.changes import Area, Change, ChangeKind, Diff

if TYPE_CHECKING:
    from generator.docx.ooxml import Cell, Document
    from generator.versions.matching import Segment

TEMPLATE = "revision.j2"
WEIGHTS = (2.6, 5.4, 5.4, 2.4)  # 位置 | 原内容 | 修订后 | 说明
UNIT_WEIGHTS = (0.9, 2.6, 9.0, 3.3)  # 序号 | 单位 | 任务变化 | 新交办函


@dataclass(frozen=True)
class Revision:
    """What the document says about the two versions it compares."""

    number: int
    issued: dt.date
    previous: int
    previous_doc_number: str
    previous_issued: dt.date


class RevisionRenderer(OfficialWriter):
    """Builds the 修订对照表 document (portrait, GB/T 9704 body layout and page numbers)."""

    def render(self, table: TaskTable, diff: Diff, revision: Revision, letters: dict[str, str]) -> Document:
        """`letters`: unit 简称 -> the new letter's path inside the version folder."""
        n = table.notice
        doc = self._new_document()
        section = doc.sections[0]
        X.restart_numbering(section, 1)
        self._portrait_page_numbers(section)
        name = table.name
        title = self.wording.text(TEMPLATE, "title", table_name=name)
        self._title(doc, title)
        self._blank(doc, L.REVISION_BLANK_LINES)
        text = self.wording.text(
            TEMPLATE, "explanation", table_name=name, organ=n.organ_name, number=revision.number,
            previous=revision.previous, doc_number=n.number, previous_doc_number=revision.previous_doc_number,
            issued=format_date(revision.issued), previous_issued=format_date(revision.previous_issued),
            reworded=diff.count(ChangeKind.REWORDED), added=diff.count(ChangeKind.ADDED),
            removed=diff.count(ChangeKind.REMOVED), assignments=diff.count(ChangeKind.ASSIGNED),
            notice=len([c for c in diff.changes if c.area == Area.NOTICE]),
            other=len([c for c in diff.changes if c.area not in (Area.NOTICE, Area.TABLE)])
            + diff.count(ChangeKind.EDITED) + diff.count(ChangeKind.MOVED) + diff.count(ChangeKind.RENUMBERED),
            units=len(diff.resend), unchanged=len(diff.unchanged))
        self._paragraphs(doc, text)
        self._changes(doc, diff.changes)
        self._units(doc, diff, letters)
        X.set_core_properties(doc, title=title, author=n.organ_name, created=revision.issued,
                              subject=f"第{revision.previous}版至第{revision.number}版的修订",
                              keywords=f"修订对照表；{n.number}")
        return doc

    def _table(self, doc: Document, weights: tuple[float, ...], header: str,
               rows: list[list[str]]) -> list[list[Cell]]:
        """A table under a repeated header row (`header`: the column titles, |-separated); a row
        that fits on a page is kept on one page (as in the notice's attachment), a taller one may
        break. Returns the cell matrix, header first."""
        widths = column_widths(L.TEXT_WIDTH, weights)
        trs, grid = header_table(doc, self.fonts, widths, header.split("|"), len(rows))
        for tr, texts in zip(trs[1:], rows):
            keep_if_it_fits(tr, max(cell_height(text, w) for text, w in zip(texts, widths)))
        return grid

    def _changes(self, doc: Document, changes: tuple[Change, ...]) -> None:
        before, after = self.wording.text(TEMPLATE, "none_before"), self.wording.text(TEMPLATE, "none_after")
        texts = [[f"{c.area}\n{c.where}", c.old or before, c.new or after, c.note] for c in changes]
        grid = self._table(doc, WEIGHTS, self.wording.text(TEMPLATE, "columns"), texts)
        for row, change, text in zip(grid[1:], changes, texts):
            write_cell(self.fonts, row[0], text[0], center=True)
            if change.segments:
                self._marked(row[1], [(op, t) for op, t in change.segments if op != "+"])
                self._marked(row[2], [(op, t) for op, t in change.segments if op != "-"])
            else:
                write_cell(self.fonts, row[1], text[1])
                write_cell(self.fonts, row[2], text[2])
            write_cell(self.fonts, row[3], text[3], center=True)

    def _marked(self, cell: Cell, segments: list[Segment]) -> None:
        """A cell of wording segments: kept ("="), deleted ("-": struck through) and inserted ("+":
        bold and underlined)."""
        write_cell(self.fonts, cell, "")
        p = cell.paragraphs[0]
        for op, text in segments:
            X.add_run(p, text, font=self.fonts.body, size=L.TABLE_SIZE, spacing=0, strike=op == "-", bold=op == "+",
                      underline=op == "+")

    def _units(self, doc: Document, diff: Diff, letters: dict[str, str]) -> None:
        self._blank(doc, L.REVISION_BLANK_LINES)
        p = self._line(doc, align="center")
        X.add_run(p, f"{self.wording.text(TEMPLATE, 'units_heading')}（{len(diff.resend)}个）",
                  font=self.fonts.heading1)
        texts = [[str(i), u.unit, "\n".join(u.items), letters.get(u.unit, "——")] for i, u in enumerate(diff.resend, 1)]
        grid = self._table(doc, UNIT_WEIGHTS, self.wording.text(TEMPLATE, "units_columns"), texts)
        for row, values in zip(grid[1:], texts):
            for i, (cell, text) in enumerate(zip(row, values)):
                write_cell(self.fonts, cell, text, center=i != 2)
        self._blank(doc, L.REVISION_BLANK_LINES)
        self._paragraph(doc, self.wording.text(TEMPLATE, "unchanged_units", names=list(diff.unchanged)))
        if diff.dropped:
            self._paragraph(doc, self.wording.text(TEMPLATE, "dropped_units", names=list(diff.dropped)))
