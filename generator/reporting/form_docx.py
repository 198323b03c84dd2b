"""The printable quarterly form (.docx) and the quarter's cover note (报送通知).

The form is the .xlsx form's content on landscape A4 pages with blanks to fill by hand, for
units that report on paper and for the archive; the cover note is a one-page letter in the
format the workbook sets for letters (信函格式 or 红头).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

from generator.documents import layout as L
from generator.documents.official import OfficialWriter
from generator.documents.tables import column_widths, header_table, merge_runs, write_cell
from generator.documents.typeset import break_title
from generator.docx import ooxml as X
from generator.model import Notice, Quarter, Reporting
from generator.reporting.forms import HEAD_FIELDS, INPUT_FIELDS, WORDING, ReportForm
from generator.text.dates import format_date
from generator.text.punctuation import nested_quotes

if TYPE_CHECKING:
    from generator.docx.ooxml import Document

# Column weights of the printed form: task columns narrow, the progress column widest.
WEIGHTS = {"serial": 0.8, "clause": 2.6, "measure": 6.0, "role": 1.3, "lead": 2.2, "deadline": 1.6, "leader": 1.4,
           "note": 2.0, "progress": 6.0, "status": 1.6, "problems": 3.2, "next_steps": 3.2, "remarks": 1.6}
EXTRA_WEIGHT = 2.0  # a column the office added (extra:<header>)
BLANK = "　" * 7  # a full-width blank to write on, underlined
FIELD_GAP = "　" * 4  # between two head fields on one line
_INPUT_FIELDS = {f for f, _ in INPUT_FIELDS}


class ReportRenderer(OfficialWriter):
    """Renders forms and cover notes; one instance serves a whole quarter."""

    def form(self, form: ReportForm, notice: Notice) -> Document:
        """One unit's printable form."""
        doc = self._new_document()
        section = doc.sections[0]
        X.set_page(section, L.FORM_PAGE)
        X.clear_header_footer(section)
        for footer in (section.footer, section.even_page_footer):
            self._number_paragraph(footer.paragraphs[0], "center")
        title = self.wording.text(WORDING, "form_title", table_name=form.table_name, quarter=form.quarter.label)
        for line in break_title(title, math.floor(L.FORM_TEXT_WIDTH / L.pt(L.FORM_TITLE_SIZE))):
            p = self._line(doc, align="center", line=L.FORM_TITLE_LINE, snap=False)
            X.add_run(p, line, font=self.fonts.title, latin=self.fonts.title, size=L.FORM_TITLE_SIZE, spacing=0)
        self._head_lines(doc, form)
        self._table(doc, form)
        self._instructions(doc, form)
        X.set_core_properties(doc, title=title, author=notice.organ_name, created=notice.date,
                              subject=f"{form.unit_name} {form.quarter.label}",
                              keywords=f"季度报表；{form.identity.form_id}")
        return doc

    def _head_lines(self, doc: Document, form: ReportForm) -> None:
        """填报单位 printed; 填报人, 联系电话, 填报日期, 单位负责人 as underlined blanks, two lines."""
        small = X.RunStyle(font=self.fonts.body, size=L.FORM_HEAD_SIZE, spacing=0)
        blank: X.RunStyle = {**small, "underline": True}
        labels = dict(HEAD_FIELDS)
        p = self._line(doc, align="left", line=L.FORM_HEAD_LINE, snap=False)
        X.add_run(p, f"填报单位（盖章）：{form.unit_name}", **small)
        for fields in (("reporter", "phone"), ("date", "head")):
            p = self._line(doc, align="left", line=L.FORM_HEAD_LINE, snap=False)
            for i, field in enumerate(fields):
                X.add_run(p, (FIELD_GAP if i else "") + f"{labels[field]}：", **small)
                X.add_run(p, BLANK, **blank)

    def _table(self, doc: Document, form: ReportForm) -> None:
        """A row per task, at least FORM_INPUT_LINES high and kept on one page; the heading merged
        over its rows (a form without a heading column has none); the input columns left blank."""
        columns = form.all_columns
        fields = [f for f, _ in columns]
        widths = column_widths(L.FORM_TEXT_WIDTH, [WEIGHTS.get(f, EXTRA_WEIGHT) for f in fields])
        size, line = L.FORM_TABLE_SIZE, L.FORM_TABLE_LINE
        trs, grid = header_table(doc, self.fonts, widths, [label for _, label in columns], len(form.rows),
                                 size=size, line=line)
        for r, task in enumerate(form.rows, 1):
            for i, field in enumerate(fields):
                if field != "clause":
                    value = "" if field in _INPUT_FIELDS else task.value(field)  # input columns stay blank
                    write_cell(self.fonts, grid[r][i], value, center=field not in ("measure",), size=size, line=line)
            X.keep_on_one_page(trs[r])
            X.row_height(trs[r], L.FORM_INPUT_LINES * L.FORM_TABLE_LINE)
        if "clause" in fields:
            merge_runs(self.fonts, [row[fields.index("clause")] for row in grid[1:]],
                       [task.clause for task in form.rows], str, size=size, line=line)

    def _instructions(self, doc: Document, form: ReportForm) -> None:
        deadline = form.quarter.deadline_text
        text = self.wording.text(WORDING, "instructions", quarter=form.quarter.label, unit=form.unit_name,
                                 deadline=deadline, statuses=form.statuses, coordinator=form.coordinator,
                                 method=form.method, **form.wording)
        small = X.RunStyle(font=self.fonts.body, size=L.FORM_HEAD_SIZE, spacing=0)
        line_height = L.FORM_INSTRUCTIONS_LINE
        p = self._line(doc, align="left", line=line_height, snap=False, keep_next=True,
                       before=L.FORM_INSTRUCTIONS_BEFORE)
        X.add_run(p, "填报说明：", font=self.fonts.heading1, size=L.FORM_HEAD_SIZE, spacing=0)
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        for i, line in enumerate(lines):
            p = self._line(doc, align="both", line=line_height, snap=False, keep_next=i < len(lines) - 1)
            X.add_run(p, line, **small)

    # -- the cover note ----------------------------------------------------------------------------

    def cover(self, notice: Notice, quarter: Quarter, table_name: str, units: list[str], reporting: Reporting,
              date: dt.date) -> Document:
        """The letter sent with the quarter's forms: which units report, by when, to whom."""
        doc = self._new_document()
        section = doc.sections[0]
        X.restart_numbering(section, 1)
        taken = self._letter_head(doc, section, notice)
        title = self.wording.text(WORDING, "cover_title", quarter=quarter.label, table_name=table_name)
        self._title_under_head(doc, title, taken)
        self._blank(doc, L.ADDRESSEE_BLANK_LINES)
        addressees = self.wording.text(WORDING, "cover_addressees", units=units)
        deadline = quarter.deadline_text
        body = self.wording.text(
            WORDING, "cover_body", quarter=quarter.label, table_name=table_name, organ=notice.organ_name,
            notice_title=nested_quotes(notice.title.replace("\n", "")), number=notice.number, deadline=deadline,
            units=units, coordinator=reporting.coordinator, method=reporting.method, contact=reporting.contact,
            phone=reporting.phone)
        first = next((line.strip() for line in body.split("\n") if line.strip()), "")
        moved = self._addressees_unless_too_long(doc, addressees, first, title, self._letter_head_height(notice))
        self._paragraphs(doc, body)
        self._blank(doc, L.ATTACHMENT_NOTE_BLANK_LINES)
        self._attachment_note(doc, self.wording.text(WORDING, "cover_attachment_note", quarter=quarter.label))
        self._signature(doc, notice.organ_name, format_date(date), notice.seal)
        if moved:
            self._letter_record(doc, moved)
        X.set_core_properties(doc, title=title, author=notice.organ_name, created=date,
                              keywords=f"报送通知；{quarter.label}")
        return doc
