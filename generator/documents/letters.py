"""Assignment letters (交办函): one per unit in 信函格式 (GB/T 9704 §10.1), with its task list attached."""

from __future__ import annotations

import io
import itertools
from typing import TYPE_CHECKING

from generator.documents import layout as L
from generator.documents.official import OfficialWriter
from generator.documents.tables import (
    Column,
    cell_height,
    fitted_widths,
    header_table,
    keep_if_it_fits,
    merge_runs,
    one_line,
    unit_line,
    write_cell,
)
from generator.documents.wording import Wording
from generator.docx import ooxml as X
from generator.model import Task, TaskTable, UnitTasks
from generator.text.dates import format_date
from generator.text.punctuation import nested_quotes

if TYPE_CHECKING:
    from generator.docx.ooxml import Document

TEMPLATE = "letters.j2"
QUARTERS_IN_LETTER = 4  # the letter lists the deadlines of the next four quarters


class LetterRenderer(OfficialWriter):
    """Builds one unit's letter; `print_all_package` starts the file the letters are joined into."""

    def print_all_package(self, table: TaskTable, title_note: str = "全部单位") -> bytes:
        """An empty document with the print-all file's properties, saved: `docjoin.join` adds the
        letters to it, each on an odd page (double-sided printing keeps units apart), each
        numbering its own pages from 1."""
        doc = self._new_document()
        n = table.notice
        X.set_core_properties(doc, title=f"{self._title_text(table)}（{title_note}）", author=n.organ_name,
                              created=n.date, keywords=f"交办函；{n.number}")
        buffer = io.BytesIO()
        doc.save(buffer)
        return buffer.getvalue()

    def render(self, table: TaskTable, tasks: UnitTasks) -> Document:
        """The unit's letter: a portrait section in 信函格式, then its landscape task list."""
        doc = self._new_document()
        n = table.notice
        section = doc.sections[0]
        X.restart_numbering(section, 1)
        taken = self._letter_head(doc, section, n, n.letter_number)
        self._letter(doc, table, tasks, taken)
        attachment = X.add_section(doc)
        X.set_different_first_page(attachment, False)  # cloned from the letter's section
        X.set_page(attachment, L.LANDSCAPE_PAGE)
        self._attachment_head(doc, self.wording.text(TEMPLATE, "attachment_label"),
                              self.wording.text(TEMPLATE, "attachment_title", unit=tasks.unit.addressee),
                              landscape=True)
        TaskListWriter(self.fonts, self.wording).write(doc, table, tasks)
        self._landscape_page_numbers(doc, attachment)
        X.set_core_properties(doc, title=self._title_text(table), author=n.organ_name, created=n.date,
                              subject=f"{tasks.unit.addressee}任务清单", keywords=f"交办函；{n.number}")
        return doc

    def _title_text(self, table: TaskTable) -> str:
        return self.wording.text(TEMPLATE, "title", table_name=table.name)

    # -- the letter ------------------------------------------------------------------------------

    def _letter(self, doc: Document, table: TaskTable, tasks: UnitTasks, taken: int) -> None:
        n, r = table.notice, table.reporting
        self._title_under_head(doc, self._title_text(table), taken)
        self._blank(doc, L.ADDRESSEE_BLANK_LINES)
        self._addressees(doc, tasks.unit.addressee)
        deadlines = [self.wording.text(TEMPLATE, "deadline", quarter=q.label, date=format_date(q.deadline))
                     for q in r.quarters if q.deadline]
        contact = next((u for u in table.units if u.name == r.coordinator), None)
        body = self.wording.text(
            TEMPLATE, "body", organ=n.organ_name, notice_title=nested_quotes(n.title.replace("\n", "")),
            number=n.number, notice_date=n.date_text, unit=tasks.unit.addressee,
            lead=len(tasks.lead), lead_clauses=tasks.lead_clauses,
            cooperating=len(tasks.cooperating), cooperating_clauses=tasks.cooperating_clauses,
            deadlines=deadlines[:QUARTERS_IN_LETTER], more_quarters=len(deadlines) > QUARTERS_IN_LETTER,
            coordinator=r.coordinator, method=r.method, responsible=table.headers.responsible,
            lead_header=table.headers.lead, cooperating_header=table.cooperating_header,
            level="条款" if any(c.is_level for c in table.clauses) else "部分" if any(p.is_level for p in table.parts)
            else "", item=_item_word(table),
            contact=r.contact or (contact.contact if contact else ""),
            phone=r.phone or (contact.phone if contact else ""),
        )
        self._paragraphs(doc, body)
        self._blank(doc, L.ATTACHMENT_NOTE_BLANK_LINES)
        self._attachment_note(doc, self.wording.text(TEMPLATE, "attachment_note", unit=tasks.unit.addressee))
        self._signature(doc, n.organ_name, n.date_text, n.seal)


def _item_word(table: TaskTable) -> str:
    """What a letter calls the table's items: 措施 (市级落实措施 …), else the office's header (工作任务)."""
    header = "".join(table.headers.measure.split())
    return "措施" if "措施" in header or not header else header


class TaskListWriter:
    """A unit's task list: lead tasks first, then cooperating ones, with who else is involved."""


    def __init__(self, fonts: L.Fonts, wording: Wording) -> None:
        self.fonts = fonts
        self.wording = wording

    def columns(self, table: TaskTable, tasks: UnitTasks) -> list[tuple[str, str]]:
        """The list's columns, (field, header), in the office's order (`Headers.columns`): 序号 (the
        list's row number; a 序号 column's numbers are part of the item as printed), the heading
        column where the table has headings (`Task.heading`; none in a flat list), the item with
        the unit's role beside it, the unit columns, and every other column of the office's that
        some of the unit's tasks fill (完成时限, 责任领导, 备注, 项目名称 …). 任务内容 stays in the notice."""
        h = table.headers
        heading = table.heading_header

        def shown(f: str) -> bool:
            """The second unit column, or an optional one some of the unit's tasks fill."""
            if f == "cooperating":
                return table.has_cooperating
            return any(t.measure.field_value(f) for t in tasks.tasks)

        fields = table.task_list_fields(shown)
        if table.has_cooperating and "cooperating" not in fields:  # named only in the cells
            fields.insert(fields.index("lead") + 1, "cooperating")
        headers = {"serial": "序号", "heading": heading, "measure": h.measure, "role": "本单位职责", "lead": h.lead,
                   "cooperating": table.cooperating_header, "deadline": h.deadline, "leader": h.leader,
                   "note": h.note}
        return [(f, headers[f] if f in headers else f.removeprefix("extra:")) for f in fields]

    def _texts(self, table: TaskTable, number: int, task: Task, fields: list[str]) -> dict[str, str]:
        """A task's row: each field's text but the heading's (merged over runs of tasks)."""
        values = {"serial": str(number), "measure": task.measure.display,
                  "role": self.wording.text(TEMPLATE, "role", role=table.headers.role_word(task.role))}
        return {f: values[f] if f in values else task.measure.field_value(f) for f in fields if f != "heading"}

    def _widths(self, table: TaskTable, tasks: UnitTasks, cols: list[tuple[str, str]],
                rows: list[dict[str, str]]) -> list[int]:
        """Twips of each column, following the content as the notice's do (`tables.fitted_widths`): the
        序号 and 本单位职责 columns as wide as their longest text, a unit column a usual name with its 、."""
        runs = [key[0] for key, _ in itertools.groupby((t.heading, id(t.clause), t.role) for t in tasks.tasks)]
        least = unit_line(u.name for u in table.units)
        columns = []
        for f, header in cols:
            texts = runs if f == "heading" else [row[f] for row in rows]
            if f in ("serial", "role"):
                columns.append(Column(texts, header, fixed=one_line([header, *texts])))
            else:
                columns.append(Column(texts, header, least if f in ("lead", "cooperating") else L.TABLE_MIN_CHARS))
        fields = [f for f, _ in cols]

        def height(widths: list[int]) -> int:
            """The list's estimated height: each run of tasks under one heading as deep as its rows or
            its merged heading."""
            total, r = 0, 0
            heading = fields.index("heading") if "heading" in fields else None
            for key, run in itertools.groupby(tasks.tasks, key=lambda t: (t.heading, id(t.clause), t.role)):
                depth = 0
                for _ in run:
                    depth += max(cell_height(rows[r][f], w) for f, w in zip(fields, widths) if f != "heading")
                    r += 1
                total += max(depth, cell_height(key[0], widths[heading]) if heading is not None else 0)
            return total

        return fitted_widths(L.LANDSCAPE_TEXT_WIDTH, columns, height)

    def write(self, doc: Document, table: TaskTable, tasks: UnitTasks) -> None:
        """Append the task list to the document: a row per task, the heading merged over each run of
        its tasks in one role."""
        cols = self.columns(table, tasks)
        fields = [f for f, _ in cols]
        rows = [self._texts(table, r, task, fields) for r, task in enumerate(tasks.tasks, 1)]
        widths = self._widths(table, tasks, cols, rows)
        trs, grid = header_table(doc, self.fonts, widths, [text for _, text in cols], len(tasks.tasks))
        for r, texts in enumerate(rows, 1):
            for i, f in enumerate(fields):
                if f != "heading":
                    write_cell(self.fonts, grid[r][i], texts[f], center=f != "measure")
            keep_if_it_fits(trs[r], max(cell_height(texts[f], w) for f, w in zip(fields, widths) if f != "heading"))
        if "heading" in fields:
            column = fields.index("heading")
            merge_runs(self.fonts, [row[column] for row in grid[1:]],
                       [(task.heading, id(task.clause), task.role) for task in tasks.tasks], lambda key: key[0])
