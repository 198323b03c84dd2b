"""The quarter's 情况通报 (a draft in the notice's 红头 format) and the 催报 reminders to units
that have not reported, a blank form counting as not reported (letters in the format the workbook
sets for letters)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from generator.documents import layout as L
from generator.documents.official import OfficialWriter
from generator.docx import ooxml as X
from generator.model import Notice, Reporting, Unit
from generator.reporting.collect import BEHIND, NOT_FILLED, NOT_REPORTED, Collection
from generator.text.dates import format_date
from generator.text.docnumber import parse_doc_number
from generator.text.punctuation import nested_quotes

if TYPE_CHECKING:
    from generator.docx.ooxml import Document

TEMPLATE = "collect.j2"


class BulletinRenderer(OfficialWriter):
    """Renders the bulletin and reminders of one collection."""

    def bulletin(self, collection: Collection, notice: Notice, table_name: str, date: dt.date) -> Document:
        """The 情况通报: figures, late and missing units, the tasks behind schedule, what to do next."""
        c = collection
        doc = self._new_document()
        section = doc.sections[0]
        X.restart_numbering(section, 1)
        self._portrait_page_numbers(section)
        number = parse_doc_number(notice.number)
        taken = self._red_head(doc, notice.organ_mark, self.wording.text(
            TEMPLATE, "bulletin_number", code=number.code if number else "", year=date.year))
        title = self.wording.text(TEMPLATE, "bulletin_title", quarter=c.quarter.label, table_name=table_name)
        self._title_under_head(doc, title, taken)
        self._blank(doc, L.ADDRESSEE_BLANK_LINES)
        addressees = self.wording.text(TEMPLATE, "bulletin_addressees", units=[s.unit.name for s in c.submissions])
        counts = c.task_counts()
        behind = [dict(clause=t.clause.label, number=t.measure.number or "", text=t.measure.text.rstrip("。；;"),
                       lead="、".join(t.lead or t.measure.lead),
                       problems=_sentence("；".join(dict.fromkeys(
                           r.problems.rstrip("。；;") for r in t.reports
                           if r.unit in t.lead and r.problems and r.status == BEHIND))))
                  for t in c.behind()]
        body = self.wording.text(
            TEMPLATE, "bulletin_body", table_name=table_name, quarter=c.quarter.label, number=notice.number,
            notice_title=nested_quotes(notice.title.replace("\n", "")), organ=notice.organ_name,
            deadline=c.quarter.deadline_text, today=format_date(date), due=len(c.submissions),
            reported=[s.unit.name for s in c.reported], late=[s.unit.name for s in c.late],
            missing=[s.unit.name for s in c.missing], blank=[s.unit.name for s in c.blank],
            statuses=c.statuses, counts=counts, total=len(c.tasks),
            not_filled=counts[NOT_FILLED], not_reported=counts[NOT_REPORTED], behind=behind,
            lead_header=c.lead_header)
        first = next((line.strip() for line in body.split("\n") if line.strip()), "")
        moved = self._addressees_unless_too_long(doc, addressees, first, title)
        self._paragraphs(doc, body)
        self._signature(doc, notice.organ_name, format_date(date), notice.seal)
        self._record_page(doc, notice.cc, notice.printer, date, addressees=moved)
        X.set_core_properties(doc, title=title, author=notice.organ_name, created=date,
                              keywords=f"情况通报；{c.quarter.label}")
        return doc

    def reminder(self, collection: Collection, units: list[Unit], notice: Notice, reporting: Reporting,
                 table_name: str, date: dt.date) -> Document:
        """A 催报 letter to one unit, or to several at once; the wording says which of them returned a
        blank form."""
        c = collection
        blank = {s.unit.name for s in c.blank}
        doc = self._new_document()
        section = doc.sections[0]
        X.restart_numbering(section, 1)
        taken = self._letter_head(doc, section, notice)
        title = self.wording.text(TEMPLATE, "reminder_title", quarter=c.quarter.label)
        self._title_under_head(doc, title, taken)
        self._blank(doc, L.ADDRESSEE_BLANK_LINES)
        addressees = "、".join(u.addressee for u in units)
        body = self.wording.text(
            TEMPLATE, "reminder_body", quarter=c.quarter.label, table_name=table_name, number=notice.number,
            deadline=c.quarter.deadline_text, today=format_date(date), units=[u.addressee for u in units],
            coordinator=reporting.coordinator, contact=reporting.contact, phone=reporting.phone,
            method=reporting.method, single=len(units) == 1, blank=[u.addressee for u in units if u.name in blank])
        first = next((line.strip() for line in body.split("\n") if line.strip()), "")
        moved = self._addressees_unless_too_long(doc, addressees, first, title, self._letter_head_height(notice))
        self._paragraphs(doc, body)
        self._signature(doc, notice.organ_name, format_date(date), notice.seal)
        if moved:
            self._letter_record(doc, moved)
        X.set_core_properties(doc, title=title, author=notice.organ_name, created=date,
                              subject="、".join(u.name for u in units), keywords=f"催报；{c.quarter.label}")
        return doc


def _sentence(text: str) -> str:
    """Text ending with a full stop (empty stays empty)."""
    return text if not text or text.endswith(("。", "！", "？")) else text + "。"
