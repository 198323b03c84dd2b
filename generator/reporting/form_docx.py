"""The printable quarterly form (.docx) and the quarter's cover note (报送通知).

The form is the .xlsx form's content on landscape A4 pages with blanks to fill by hand, for
units that report on paper and for the archive; the cover note is a one-page letter in the
format the workbook sets for letters (信函格式 or 红头).
"""

from __future__ import annotations

import datetime as dt
import math

from generator.documents import layout as L
from generator.documents.official import OfficialWriter, column_widths, write_cell
from generator.documents.typeset import break_title
from generator.docx import ooxml as X
from generator.model import Notice, Quarter
from generator.reporting.forms import COLUMNS, HEAD_FIELDS, TASK_FIELDS, WORDING, ReportForm
from generator.text.dates import format_date
from generator.text.punctuation import nested_quotes

# Column weights of the printed form: task columns narrow, the progress column widest.
WEIGHTS = {"serial": 0.8, "clause": 2.6, "measure": 6.0, "role": 1.3, "lead": 2.2, "deadline": 1.6,
           "progress": 6.0, "status": 1.6, "problems": 3.2, "next_steps": 3.2, "remarks": 1.6}
BLANK = "　" * 7  # a full-width blank to write on, underlined
_TASK_FIELDS = {f for f, _ in TASK_FIELDS}


class ReportRenderer(OfficialWriter):
    """Renders forms and cover notes; one instance serves a whole quarter."""

    def form(self, form: ReportForm, notice: Notice):
        """One unit's printable form."""
        doc = X.new_document(self.fonts)
        section = doc.sections[0]
        X.landscape(section)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = L.FORM_MARGIN * 635
        X.clear_header_footer(section)
        for footer in (section.footer, section.even_page_footer):
            self._number_paragraph(footer.paragraphs[0], "center")
        width = L.PAGE_HEIGHT - 2 * L.FORM_MARGIN
        title = self.wording.text(WORDING, "form_title", table_name=form.table_name, quarter=form.quarter.label)
        for line in break_title(title, math.floor(width / L.pt(L.FORM_TITLE_SIZE))):
            p = self._line(doc, align="center", line=round(L.pt(L.FORM_TITLE_SIZE) * 1.5), snap=False)
            X.add_run(p, line, font=self.fonts.title, size=L.FORM_TITLE_SIZE, spacing=0)
        self._head_lines(doc, form)
        self._table(doc, form, width)
        self._instructions(doc, form)
        X.set_core_properties(doc, title=title, author=notice.organ_name, created=notice.date,
                              subject=f"{form.unit_name} {form.quarter.label}", keywords=f"季度报表；{form.identity.form_id}")
        return doc

    def _head_lines(self, doc, form: ReportForm) -> None:
        """填报单位 printed; 填报人, 联系电话, 填报日期, 单位负责人 as underlined blanks, two lines."""
        small = dict(font=self.fonts.body, size=L.FORM_HEAD_SIZE, spacing=0)
        labels = dict(HEAD_FIELDS)
        p = self._line(doc, align="left", line=L.pt(L.FORM_HEAD_SIZE * 2), snap=False)
        X.add_run(p, f"填报单位（盖章）：{form.unit_name}", **small)
        for fields in (("reporter", "phone"), ("date", "head")):
            p = self._line(doc, align="left", line=L.pt(L.FORM_HEAD_SIZE * 2), snap=False)
            for i, field in enumerate(fields):
                X.add_run(p, ("　　　　" if i else "") + f"{labels[field]}：", **small)
                X.add_run(p, BLANK, underline=True, **small)

    def _table(self, doc, form: ReportForm, width: int) -> None:
        widths = column_widths(width, [WEIGHTS[f] for f, _ in COLUMNS])
        t = X.new_table(doc, 1 + len(form.rows), widths)
        trs, grid = X.table_grid(t)
        X.row_flag(trs[0], "w:tblHeader")
        X.row_flag(trs[0], "w:cantSplit")
        text = dict(size=L.FORM_TABLE_SIZE, line=L.FORM_TABLE_LINE)
        for cell, (_, label) in zip(grid[0], COLUMNS):
            write_cell(self.fonts, cell, label, header=True, **text)
        start = 1
        for r, task in enumerate(form.rows, 1):
            for i, (field, _) in enumerate(COLUMNS):
                if field != "clause":
                    value = task.value(field) if field in _TASK_FIELDS else ""  # input columns stay blank
                    write_cell(self.fonts, grid[r][i], value, center=field not in ("measure",), **text)
            X.row_flag(trs[r], "w:cantSplit")
            X.row_height(trs[r], L.FORM_INPUT_LINES * L.FORM_TABLE_LINE)
            following = form.rows[r] if r < len(form.rows) else None
            if following is None or following.clause != task.clause:  # one clause cell over its rows
                cells = [row[1] for row in grid[start:r + 1]]
                write_cell(self.fonts, cells[0], task.clause, **text)
                if len(cells) > 1:
                    X.vmerge(cells)
                start = r + 1

    def _instructions(self, doc, form: ReportForm) -> None:
        deadline = form.quarter.deadline_text
        text = self.wording.text(WORDING, "instructions", quarter=form.quarter.label, unit=form.unit_name,
                                 deadline=deadline, statuses=form.statuses, coordinator=form.coordinator,
                                 method=form.method)
        small = dict(font=self.fonts.body, size=L.FORM_HEAD_SIZE, spacing=0)
        line_height = L.pt(L.FORM_HEAD_SIZE * 1.6)
        p = self._line(doc, align="left", line=line_height, snap=False, keep_next=True, before=L.pt(6))
        X.add_run(p, "填报说明：", font=self.fonts.heading1, size=L.FORM_HEAD_SIZE, spacing=0)
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        for i, line in enumerate(lines):
            p = self._line(doc, align="both", line=line_height, snap=False, keep_next=i < len(lines) - 1)
            X.add_run(p, line, **small)

    # -- the cover note ----------------------------------------------------------------------------

    def cover(self, notice: Notice, quarter: Quarter, table_name: str, units: list[str], reporting,
              date: dt.date):
        """The letter sent with the quarter's forms: which units report, by when, to whom."""
        doc = X.new_document(self.fonts)
        section = doc.sections[0]
        X.restart_numbering(section, 1)
        self._letter_head(doc, section, notice)
        self._blank(doc, L.LETTER_TITLE_BLANK_LINES)
        title = self.wording.text(WORDING, "cover_title", quarter=quarter.label, table_name=table_name)
        self._title(doc, title)
        self._blank(doc, L.ADDRESSEE_BLANK_LINES)
        self._addressees(doc, self.wording.text(WORDING, "cover_addressees", units=units))
        deadline = quarter.deadline_text
        body = self.wording.text(
            WORDING, "cover_body", quarter=quarter.label, table_name=table_name, organ=notice.organ_name,
            notice_title=nested_quotes(notice.title.replace("\n", "")), number=notice.number, deadline=deadline,
            units=units, coordinator=reporting.coordinator, method=reporting.method, contact=reporting.contact,
            phone=reporting.phone)
        self._paragraphs(doc, body)
        self._blank(doc, L.ATTACHMENT_NOTE_BLANK_LINES)
        self._attachment_note(doc, self.wording.text(WORDING, "cover_attachment_note", quarter=quarter.label))
        self._signature(doc, notice.organ_name, format_date(date), notice.seal)
        X.set_core_properties(doc, title=title, author=notice.organ_name, created=date,
                              keywords=f"报送通知；{quarter.label}")
        return doc


def quarter_end(quarter: Quarter) -> dt.date:
    """The quarter's last day: the default date of its cover note (forms go out as it closes)."""
    first_of_next = dt.date(quarter.year + quarter.quarter // 4, quarter.quarter % 4 * 3 + 1, 1)
    return first_of_next - dt.timedelta(days=1)
