"""Writing a model's documents into an output folder: the jobs behind the commands.

Each function renders documents with the `documents` and `reporting` layers and saves them where
`workspace.Outputs` says, whole or not at all, releasing memory between documents of a long run.
`api` calls them; they return the paths they wrote and never print.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from generator.atomic import save_atomically
from generator.documents import layout
from generator.documents.letters import LetterRenderer
from generator.documents.notice import NoticeRenderer
from generator.documents.revision import Revision, RevisionRenderer
from generator.documents.wording import Wording
from generator.docx import join as docjoin
from generator.errors import Location, Problem, Severity, TaskdocError
from generator.memory import release_memory
from generator.model import Quarter, TaskTable, UnitTasks
from generator.progress import Step
from generator.reporting.bulletin import BulletinRenderer
from generator.reporting.collect import Collection
from generator.reporting.form_docx import ReportRenderer
from generator.reporting.form_xlsx import write_form
from generator.reporting.forms import choose_quarter, make_forms
from generator.reporting.summary import write_summary
from generator.text.dates import format_date
from generator.workbook.matrix import write_matrix
from generator.workbook.reader import ReadResult
from generator.workbook.schema import REPORTING_SHEET
from generator.workspace import Outputs

if TYPE_CHECKING:
    from generator.versions.changes import Diff
    from generator.versions.store import Version

Progress = Callable[[str], None]
Reminders = Literal["each", "one"]  # a 催报 letter to each unit that has not reported, or one to all


@dataclass
class Job:
    """One rendering run: the table read once, where to write, the wording and fonts."""

    result: ReadResult
    outputs: Outputs
    templates: Path
    fonts: layout.Fonts
    progress: Progress

    @classmethod
    def of_table(cls, table: TaskTable, output: Path, templates: Path, fonts: layout.Fonts,
                 progress: Progress) -> Job:
        """A job for a model that does not come from a workbook (an issued version's snapshot)."""
        return cls(ReadResult(table, []), Outputs(Path(output)), Path(templates), fonts, progress)

    def into(self, folder: Path) -> Job:
        """The same job writing into another folder (a build's staging folder), under the same names."""
        return replace(self, outputs=Outputs(Path(folder)))

    @property
    def table(self) -> TaskTable:
        assert self.result.table is not None, "a job is made from a table without errors"
        return self.result.table

    @property
    def file(self) -> str:
        """The workbook's name as messages show it."""
        return self.result.source.file if self.result.source else ""

    def wording(self) -> Wording:
        return Wording(self.templates)


def _refusal(reason: Problem) -> TaskdocError:
    """A reason a build leaves documents out, as the error of a command that was asked for them."""
    where = reason.location
    return TaskdocError(reason.message, file=where.file, sheet=where.sheet, cell=where.cell, column=where.column,
                        fix=reason.fix)


def letters_unavailable(job: Job) -> TaskdocError | None:
    """Why the table gives no letters (no named unit has a task), or None."""
    if job.table.letter_units():
        return None
    reason = job.result.no_letters
    return _refusal(reason) if reason else TaskdocError("任务分解表中没有承担任务的单位，没有交办函可生成",
                                                        file=job.file, fix="请在牵头单位、配合单位列填写单位")


def forms_unavailable(job: Job) -> TaskdocError | None:
    """Why the table gives no quarterly forms (no 报送 sheet, no quarter in it, no unit with a task), or None."""
    if (no_letters := letters_unavailable(job)) is not None:
        return no_letters
    if job.table.reporting.quarters:
        return None
    reason = job.result.no_forms
    return _refusal(reason) if reason else TaskdocError(
        "报送工作表没有列出报送季度", file=job.file, sheet=REPORTING_SHEET,
        fix="请在“季度”“报送截止日期”两列填写，如“2020年第四季度 | 2021年1月5日”")


def select_units(job: Job, everyone: list[UnitTasks], units: tuple[str, ...]) -> list[UnitTasks]:
    """The units asked for by 简称 or 全称 (all when none are named), in official order."""
    if not units:
        return everyone
    unknown = [u for u in units if not any(u in (t.unit.name, t.unit.addressee) for t in everyone)]
    if unknown:
        raise TaskdocError(f"任务分解表中没有承担任务的单位“{'、'.join(unknown)}”", file=job.file,
                           fix=f"可选单位：{'、'.join(t.unit.name for t in everyone)}")
    return [t for t in everyone if t.unit.name in units or t.unit.addressee in units]


def write_notice(job: Job) -> list[Path]:
    job.progress("生成通知……")
    doc = NoticeRenderer(job.wording(), job.fonts).render(job.table)
    path = job.outputs.notice(job.table.notice.number)
    save_atomically(path, doc.save)
    del doc
    release_memory()
    return [path]


def write_letters(job: Job, units: tuple[str, ...] = ()) -> list[Path]:
    """The units' letters; with every unit, also the matrix and the print-all file. Raises
    `letters_unavailable` when no unit has a task."""
    if (refused := letters_unavailable(job)) is not None:
        raise refused
    table = job.table
    chosen = select_units(job, table.letter_units(), units)
    renderer = LetterRenderer(job.wording(), job.fonts)
    written = []
    for i, tasks in enumerate(chosen, 1):
        job.progress(Step(f"生成交办函：{tasks.unit.name}", i, len(chosen), "交办函"))
        path = job.outputs.letter(table.file_number(tasks.unit.name), tasks.unit.name)
        save_atomically(path, renderer.render(table, tasks).save)
        written.append(path)
        release_memory(len(written))
    if not units:  # the print-all file and the matrix cover every unit
        job.progress("生成单位分工矩阵……")
        write_matrix(table, job.outputs.matrix)
        letters = list(written)
        written.append(job.outputs.matrix)
        job.progress("生成交办函合订本……")
        package = renderer.print_all_package(table)
        save_atomically(job.outputs.print_all, lambda tmp: docjoin.join(package, letters, Path(tmp)))
        written.append(job.outputs.print_all)
    return written


def write_reports(job: Job, quarter: str | None = None, date: dt.date | None = None,
                  units: tuple[str, ...] = ()) -> list[Path]:
    """Every unit's form for the quarter (.xlsx to fill in, .docx to print) and the cover note. Raises
    `forms_unavailable` without a 报送 sheet (or a quarter in it), or when no unit has a task."""
    if (refused := forms_unavailable(job)) is not None:
        raise refused
    table = job.table
    chosen = choose_quarter(table, quarter, dt.date.today(), file=job.file)
    everyone = table.letter_units()
    selected = select_units(job, everyone, units)
    wording = job.wording()
    renderer = ReportRenderer(wording, job.fonts)
    name = table.name
    written = []
    for i, form in enumerate(make_forms(table, selected, chosen, name), 1):
        unit = form.identity.unit
        job.progress(Step(f"生成{chosen.label}报表：{unit}", i, len(selected), f"{chosen.label}报表"))
        number = table.file_number(unit)
        path = job.outputs.form(chosen.label, number, unit, ".xlsx")
        write_form(form, path, wording)
        written.append(path)
        path = job.outputs.form(chosen.label, number, unit, ".docx")
        save_atomically(path, renderer.form(form, table.notice).save)
        written.append(path)
        release_memory(len(written) // 2)
    if not units:
        job.progress(f"生成{chosen.label}报送通知……")
        path = job.outputs.cover_note(chosen.label)
        doc = renderer.cover(table.notice, chosen, name, [t.unit.name for t in everyone], table.reporting,
                             date or chosen.last_day)
        save_atomically(path, doc.save)
        written.insert(0, path)
    return written


def due_quarter(job: Job) -> Quarter:
    """The quarter whose forms are due next; when every deadline of the 报送 sheet has passed, the
    last one, with a warning (a clerk would otherwise send forms already overdue unawares)."""
    today = dt.date.today()
    chosen = choose_quarter(job.table, None, today, file=job.file)
    if chosen.deadline and chosen.deadline < today:
        job.result.problems.append(Problem(
            Severity.WARNING, Location(job.file, REPORTING_SHEET, column="报送截止日期"),
            f"各季度的报送截止日期都已过，季度报表按最后一个季度（{chosen.label}，截止日期"
            f"{format_date(chosen.deadline)}）生成",
            "如需其他季度，请用 taskdoc reports --quarter 指定；以后的季度请添加到报送工作表"))
    return chosen


def write_version(job: Job, version: Version, previous: tuple[Version, TaskTable] | None,
                  change: Diff | None) -> list[Path]:
    """An issued version's documents: the notice and letters (none when no unit has a task); from
    version 2 on (`previous`: the version before and its table) also the 修订对照表 and one print-all
    file of the letters that changed."""
    written = write_notice(job) + (write_letters(job) if letters_unavailable(job) is None else [])
    if previous is None or change is None:
        return written
    everyone = job.table.letter_units()
    letter_files = [p for p in written if p.parent == job.outputs.letters]  # in `everyone`'s order
    root = job.outputs.root
    letters = {t.unit.name: p.relative_to(root).as_posix() for t, p in zip(everyone, letter_files)}
    # the dates each notice's 版记 states, not the days `issue` ran
    last, before = previous
    revision = Revision(version.number, job.table.notice.issued_on, last.number, last.doc_number,
                        before.notice.issued_on)
    wording = job.wording()
    job.progress("生成修订对照表……")
    path = job.outputs.revision
    save_atomically(path, RevisionRenderer(wording, job.fonts).render(job.table, change, revision, letters).save)
    written.append(path)
    changed = {u.unit for u in change.resend}
    resend = [p for t, p in zip(everyone, letter_files) if t.unit.name in changed]
    if resend:
        job.progress("生成需重新发送的交办函合订本……")
        path = job.outputs.changed_letters
        package = LetterRenderer(wording, job.fonts).print_all_package(job.table, "需重新发送")
        save_atomically(path, lambda tmp: docjoin.join(package, resend, Path(tmp)))
        written.append(path)
    return written


def write_collection(job: Job, c: Collection, reminders: Reminders, date: dt.date) -> list[Path]:
    """The quarter's 汇总表, 情况通报 draft and 催报 letters (`reminders`: "each" unit not reported (no
    form, or a blank one: `c.missing`) its own, or "one" listing them all), into `job`'s output folder
    (collect's staging folder: which earlier files are kept, replaced or removed is
    `versions.uptodate.Build.commit`'s, from collect's record). A text the 汇总表 had to cut at Excel's
    cell limit is added to `c.problems`, which collect reports."""
    table, name, label, out = job.table, job.table.name, c.quarter.label, job.outputs
    wording = job.wording()
    path = out.summary(label)
    title = wording.text("collect.j2", "summary_title", table_name=name, quarter=label)
    c.problems += write_summary(c, title, path)
    renderer = BulletinRenderer(wording, job.fonts)
    written = [path, out.bulletin(label)]
    save_atomically(written[-1], renderer.bulletin(c, table.notice, name, date).save)
    groups = [[s] for s in c.missing] if reminders == "each" else [c.missing] if c.missing else []
    for i, group in enumerate(groups, 1):
        job.progress(Step("生成催报通知：" + "、".join(s.unit.name for s in group), i, len(groups), "催报通知"))
        path = out.reminder(label, group[0].number, group[0].unit.name) if reminders == "each" \
            else out.joint_reminder(label)
        save_atomically(path, renderer.reminder(c, [s.unit for s in group], table.notice, table.reporting, name,
                                                date).save)
        written.append(path)
    return written
