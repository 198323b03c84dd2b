"""The library behind the commands: one function per command, no printing, no exiting.

Each function reads what its command needs, calls the jobs of `render` (which write the
documents where `workspace.Outputs` says) and returns what happened. Heavy libraries
(openpyxl, python-docx, Jinja) are imported inside the functions, so that `taskdoc --help`
starts quickly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.documents.layout import Fonts
from generator.errors import Problem, TaskdocError, WorkbookInvalid
from generator.workspace import DEFAULT_OUTPUT, DEFAULT_SOURCE, DEFAULT_TEMPLATES, Outputs, VersionFolder

if TYPE_CHECKING:
    from generator.model import TaskTable
    from generator.pdf import PdfResult
    from generator.render import Job, Progress, Reminders
    from generator.reporting.collect import Collection
    from generator.versions.changes import Diff
    from generator.versions.store import Version
    from generator.versions.uptodate import Backup
    from generator.workbook.reader import ReadResult

__all__ = ["DEFAULT_OUTPUT", "DEFAULT_SOURCE", "DEFAULT_TEMPLATES", "build", "check", "collect", "diff", "issue",
           "letters", "load", "notice", "pdf", "reports", "reproduce", "versions"]


def _quiet(_: str) -> None:
    pass


def check(source: Path = DEFAULT_SOURCE) -> ReadResult:
    """Read the workbook and list everything wrong with it (`taskdoc check`)."""
    from generator.workbook.reader import read_workbook

    return read_workbook(source)


def load(source: Path = DEFAULT_SOURCE) -> ReadResult:
    """A workbook without errors (its warnings kept); raises WorkbookInvalid listing the errors otherwise."""
    result = check(source)
    if result.errors or result.table is None:
        raise WorkbookInvalid(str(source), result.problems)
    return result


def _load_table(source: Path) -> tuple[TaskTable, ReadResult]:
    result = load(source)
    assert result.table is not None, "load raises WorkbookInvalid for a workbook without a table"
    return result.table, result


@dataclass
class BuildResult:
    """What a build wrote, and the warnings the workbook had; `unchanged`: nothing had changed
    since the last build, whose files (`written`) are still current, so nothing was rewritten.
    `backups`: files it replaced that had been changed since taskdoc wrote them (or that taskdoc
    had not written), moved to the backup folder first; `recovered`: what an interrupted run had
    left in the output folder, undone first."""

    written: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    unchanged: bool = field(default=False, kw_only=True)
    # what was left out and why, beyond the warnings: no 报送 sheet, so no quarterly forms
    notes: list[Problem] = field(default_factory=list, kw_only=True)
    removed: list[Path] = field(default_factory=list, kw_only=True)  # the last build's, no longer made
    kept: list[Path] = field(default_factory=list, kw_only=True)  # the same, but changed since: not removed
    backups: list[Backup] = field(default_factory=list, kw_only=True)
    recovered: list[str] = field(default_factory=list, kw_only=True)


def _job(source: Path, output: Path, templates: Path, plain_fonts: bool, progress: Progress) -> Job:
    from generator import render

    return render.Job(load(source), Outputs(Path(output)), Path(templates), Fonts.chosen(plain_fonts), progress)


def _staged(job: Job, write: Callable[[Job], list[Path]]) -> BuildResult:
    """Some of a build's documents (`notice`, `letters`, `reports`), written like a build: into a
    staging folder, then swapped into place all or nothing, hand-edited files backed up first.
    The record then lists them beside the last build's files, and the next build runs in full."""
    from generator.versions import uptodate

    with uptodate.building(job.outputs.root, job.progress) as b:
        done = b.commit(write(job.into(b.staging)), "", complete=False)
    return BuildResult(done.written, job.result.warnings, backups=done.backups, recovered=b.recovered)


def notice(source: Path = DEFAULT_SOURCE, output: Path = DEFAULT_OUTPUT, templates: Path = DEFAULT_TEMPLATES,
           plain_fonts: bool = False, progress: Progress = _quiet) -> BuildResult:
    """Render the notice with its attachment (`taskdoc notice`)."""
    from generator import render

    return _staged(_job(source, output, templates, plain_fonts, progress), render.write_notice)


def letters(source: Path = DEFAULT_SOURCE, output: Path = DEFAULT_OUTPUT, templates: Path = DEFAULT_TEMPLATES,
            plain_fonts: bool = False, units: tuple[str, ...] = (), progress: Progress = _quiet) -> BuildResult:
    """One letter per unit with its task list, the print-all file and the matrix (`taskdoc letters`);
    `units` limits the letters to those units (by 简称 or 全称)."""
    from generator import render

    job = _job(source, output, templates, plain_fonts, progress)
    if (refused := render.letters_unavailable(job)) is not None:
        raise refused
    render.select_units(job, job.table.letter_units(), units)  # an unknown unit: refused before anything
    return _staged(job, lambda staged: render.write_letters(staged, units))


def build(source: Path = DEFAULT_SOURCE, output: Path = DEFAULT_OUTPUT, templates: Path = DEFAULT_TEMPLATES,
          plain_fonts: bool = False, progress: Progress = _quiet, force: bool = False) -> BuildResult:
    """Render everything the workspace can produce (`taskdoc build`), reading the workbook once;
    nothing is rewritten when no input changed since the last build (unless `force`). Without a
    报送 sheet (or a quarter in it) no quarterly forms are made, and without a unit that has a task
    no letters either: the result's warnings and notes say so. All or nothing: the documents are
    rendered into a staging folder and swapped into place only when every one succeeded; a file
    changed since the last build is moved to the backup folder before it is replaced (see
    `versions.uptodate`)."""
    from generator import render
    from generator.documents.wording import templates_used
    from generator.versions import uptodate

    job = _job(source, output, templates, plain_fonts, progress)
    with_letters = render.letters_unavailable(job) is None
    quarter = render.due_quarter(job).label if render.forms_unavailable(job) is None else ""
    key = uptodate.inputs_key(job.table, templates_used(job.templates), repr(job.fonts), quarter)
    out = job.outputs.root
    notes = job.result.notes
    with uptodate.building(out, progress) as b:
        if not force and (current := uptodate.up_to_date(out, key)) is not None:
            return BuildResult(current, job.result.warnings, unchanged=True, notes=notes, recovered=b.recovered)
        staged = job.into(b.staging)
        written = render.write_notice(staged)
        if with_letters:
            written += render.write_letters(staged)
        if quarter:
            written += render.write_reports(staged, quarter)
        done = b.commit(written, key, complete=True)
    return BuildResult(done.written, job.result.warnings, removed=done.removed, kept=done.kept, notes=notes,
                       backups=done.backups, recovered=b.recovered)


def reports(source: Path = DEFAULT_SOURCE, output: Path = DEFAULT_OUTPUT, templates: Path = DEFAULT_TEMPLATES,
            plain_fonts: bool = False, quarter: str | None = None, date: dt.date | None = None,
            units: tuple[str, ...] = (), progress: Progress = _quiet) -> BuildResult:
    """The quarter's reporting forms, one .xlsx and one .docx per unit, and the cover note
    (`taskdoc reports`). `quarter`: 2020Q4 or 2020年第四季度, default the one due next. Refused,
    saying how to add one, when the workbook has no 报送 sheet or lists no quarter in it."""
    from generator import render

    job = _job(source, output, templates, plain_fonts, progress)
    if (refused := render.forms_unavailable(job)) is not None:
        raise refused
    quarter = quarter or render.due_quarter(job).label
    return _staged(job, lambda staged: render.write_reports(staged, quarter, date, units))


def pdf(files: list[Path] | None = None, output: Path = DEFAULT_OUTPUT, progress: Progress = _quiet, *,
        lock_timeout: float | None = None) -> PdfResult:
    """Convert outputs to PDF with LibreOffice (`taskdoc pdf`). Without files: every .docx/.xlsx
    the build record (and collect's record) of `output` lists that is still there, or, with no
    record, every one in `output` and its subfolders except hidden folders, 已印发/ and backups.
    Files in 已印发/ are refused; PDFs taskdoc made whose document is gone are removed. Holds the
    output folder's lock (waiting up to `lock_timeout` s for a build writing into it)."""
    from generator import pdf as pdf_export
    from generator.versions.uptodate import LOCK_WAIT, holding, read_record
    from generator.workspace import is_frozen

    output = Path(output)
    nothing = TaskdocError("没有可转换的文件", file=str(output), fix="请先运行 taskdoc build，或指定要转换的文件")
    if not output.is_dir():
        if not files:
            raise nothing
        return pdf_export.convert(files, progress, output)
    # a build running meanwhile would swap documents in under the conversion: wait for it
    with holding(output, progress, LOCK_WAIT if lock_timeout is None else lock_timeout):
        if not files:
            outputs = Outputs(output)
            recorded = {**read_record(output).everything(),
                        **read_record(output, outputs.collect_record).everything()}
            files = sorted(p for p in recorded if p.suffix.lower() in pdf_export.CONVERTIBLE
                           and p.is_file() and not is_frozen(p))
            if not recorded:
                files = outputs.documents(pdf_export.CONVERTIBLE)
            if not files:
                raise nothing
        return pdf_export.convert(files, progress, output)


# -- issued versions (`issue`, `diff`, `reproduce`) -----------------------------------------------


@dataclass
class IssueResult:
    """What `issue` did: the version it created (or the unchanged last one) and what it wrote."""

    version: Version
    created: bool
    folder: Path
    diff: Diff | None = None
    written: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # recovery after an interrupted run


@dataclass
class DiffResult:
    """The workbook compared with an issued version."""

    against: Version
    diff: Diff
    warnings: list[Problem] = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)  # frozen files deleted or edited


@dataclass
class ReproduceResult(BuildResult):
    """A re-rendered issued version and the frozen documents it does not reproduce exactly."""

    version: Version = field(kw_only=True)
    folder: Path = field(kw_only=True)  # output/重现/第N版
    compared: int = field(kw_only=True)  # frozen documents compared (those not deleted)
    differing: list[str] = field(default_factory=list, kw_only=True)
    damaged: list[str] = field(default_factory=list, kw_only=True)


def issue(source: Path = DEFAULT_SOURCE, output: Path = DEFAULT_OUTPUT, templates: Path = DEFAULT_TEMPLATES,
          plain_fonts: bool = False, progress: Progress = _quiet, *, today: dt.date | None = None,
          lock_timeout: float | None = None, same_number: bool = False) -> IssueResult:
    """Freeze the workbook as a new issued version (`taskdoc issue`): refused when the workbook has
    errors or a frozen file was deleted or edited; nothing is created when nothing changed.
    `today`: the issue date (default: today). A new version with the previous one's 发文字号 and
    成文日期 is refused unless `same_number` (a revised notice normally gets a new number or date)."""
    from generator import __version__, render
    from generator.documents.wording import templates_used
    from generator.snapshot import snapshot_hash
    from generator.versions import store as V
    from generator.versions.changes import compare

    store = V.Store(output)
    with store.lock(V.LOCK_WAIT if lock_timeout is None else lock_timeout, progress):
        notes = store.recover()
        store.verify()
        table, result = _load_table(source)
        last = store.last()
        if last is not None and last.snapshot_hash == snapshot_hash(table):
            return IssueResult(last, False, store.folder(last), warnings=result.warnings, notes=notes)
        old = store.table(last) if last else None
        if old is not None and last is not None and not same_number and \
                (old.notice.number, old.notice.date) == (table.notice.number, table.notice.date):
            raise TaskdocError(
                f"新版本的发文字号和成文日期与第{last.number}版相同（{table.notice.number}，{table.notice.date_text}）",
                file=str(source), sheet="发文信息",
                fix="修订后重新印发的通知一般要改用新的发文字号或成文日期，请在“发文信息”中修改；"
                    "如确要沿用，请加 --same-number 再运行 taskdoc issue")
        change = compare(old, table) if old is not None else None
        units = [t.unit.name for t in table.letter_units()]
        version = V.Version.following(last, table, change, units, issued=today or dt.date.today(),
                                      plain_fonts=plain_fonts, source=str(source), taskdoc=__version__)
        progress(f"印发第{version.number}版……")
        with store.staging() as folder:
            job = render.Job.of_table(table, folder, templates, Fonts.chosen(plain_fonts), progress)
            render.write_version(job, version, (last, old) if last and old else None, change)
            version = store.commit(folder, version, table, templates_used(templates))
        final = store.folder(version)
        return IssueResult(version, True, final, change, [final / name for name in version.files],
                           result.warnings, notes)


def versions(output: Path = DEFAULT_OUTPUT) -> list[Version]:
    """The issued versions of `output`, oldest first; none before the first `issue` (the web page's list)."""
    from generator.versions import store as V

    return V.Store(output).versions()


def diff(source: Path = DEFAULT_SOURCE, output: Path = DEFAULT_OUTPUT, against: int | None = None) -> DiffResult:
    """Compare the workbook with the last (or the given) issued version (`taskdoc diff`)."""
    from generator.versions import store as V
    from generator.versions.changes import compare

    store = V.Store(output)
    version = store.get(against)
    old = store.table(version)
    table, result = _load_table(source)
    return DiffResult(version, compare(old, table), result.warnings, store.problems())


def reproduce(number: int, output: Path = DEFAULT_OUTPUT, progress: Progress = _quiet) -> ReproduceResult:
    """Re-render issued version `number` from its snapshot and archived templates into
    `output/重现/第N版/` (never into the frozen folder), and compare it with the frozen documents."""
    from generator import render
    from generator.versions import store as V
    from generator.versions.changes import compare

    store = V.Store(output)
    version = store.get(number)
    table = store.table(version)
    previous = store.get(version.previous) if version.previous else None
    before = store.table(previous) if previous else None
    change = compare(before, table) if before else None
    folder = Outputs(Path(output)).reproduced(version.folder)
    progress(f"按存档重现第{version.number}版……")
    job = render.Job.of_table(table, folder, store.templates(version), Fonts.chosen(version.plain_fonts), progress)
    written = render.write_version(job, version, (previous, before) if previous and before else None, change)
    documents = [name for name in version.files if VersionFolder.is_document(name)]
    frozen = store.folder(version)
    return ReproduceResult(written, [], version=version, folder=folder,
                           compared=sum((frozen / name).is_file() for name in documents),
                           differing=V.differing(frozen, folder, documents), damaged=store.problems([version]))


# -- collecting returned forms (`collect`) -------------------------------------------------------


@dataclass
class CollectResult(BuildResult):
    """The quarter's picture from the returned forms, and the files written from it."""

    collection: Collection = field(kw_only=True)
    folder: Path = field(kw_only=True)
    # the earlier 汇总表 and 情况通报 this collect replaced, kept under 历次汇总/<date_time>/
    earlier: list[Path] = field(default_factory=list, kw_only=True)
    # `removed`: 催报 letters an earlier collect wrote to units that have reported since (or in the
    # other --reminders mode), removed; `kept`: the same, changed by hand since, so not removed


def collect(folder: Path, source: Path = DEFAULT_SOURCE, output: Path = DEFAULT_OUTPUT,
            templates: Path = DEFAULT_TEMPLATES, plain_fonts: bool = False, quarter: str | None = None,
            reminders: Reminders = "each", date: dt.date | None = None, progress: Progress = _quiet) -> CollectResult:
    """Read the returned forms in `folder` and write the quarter's 汇总表, 情况通报 and 催报 reminders
    (`taskdoc collect`). `quarter` defaults to the one most forms name; `reminders`: "each" (one per
    missing unit) or "one" (one notice listing them); `date`: the documents' date (default today)."""
    from generator import render
    from generator.reporting.collect import collect as merge
    from generator.reporting.collect import nothing_to_collect, usual_quarter
    from generator.reporting.forms import choose_quarter
    from generator.reporting.returns import read_returns
    from generator.versions import uptodate

    folder = Path(folder)
    if not folder.is_dir():
        raise TaskdocError("找不到报表文件夹" if not folder.exists() else "这不是文件夹", file=str(folder),
                           fix="请把各单位报回的 .xlsx 报表放进一个文件夹，再指定这个文件夹")
    job = _job(source, output, templates, plain_fonts, progress)
    if (refused := render.forms_unavailable(job)) is not None:
        raise refused
    table, date = job.table, date or dt.date.today()
    asked = choose_quarter(table, quarter, date, file=job.file) if quarter else None  # a mistyped one: at once
    returns = read_returns(folder, progress)
    chosen = asked or choose_quarter(table, usual_quarter(returns.forms), date, file=job.file)
    progress(f"汇总{chosen.label}报表……")
    c = merge(table, chosen, returns.forms, table.letter_units(), returns.problems)
    if (empty := nothing_to_collect(c, returns.forms, len(returns.files))) is not None:
        raise TaskdocError(empty[0], file=str(folder), fix=empty[1])
    out, label = job.outputs, chosen.label
    earlier_summaries = {out.summary(label), out.bulletin(label)}

    def keep_earlier(target: Path) -> Path | None:
        """An earlier 汇总表 or 情况通报 goes to 历次汇总/<when it was made>/, never overwritten."""
        if target not in earlier_summaries:
            return None
        made = dt.datetime.fromtimestamp(target.stat().st_mtime).strftime("%Y-%m-%d_%H%M%S")
        place, n = out.earlier_summaries(label, made), 1
        while (place / target.name).exists():
            n += 1
            place = out.earlier_summaries(label, f"{made}_{n}")
        return place / target.name

    # All or nothing, like a build (the same lock, staging folder and swap), with collect's own
    # record: only the 催报 letters it lists and that are unchanged are ever removed.
    with uptodate.building(out.root, progress, record=out.collect_record) as b:
        staged = render.write_collection(job.into(b.staging), c, reminders, date)
        done = b.commit(staged, "collect", complete=True, keep_earlier=keep_earlier,
                        removable=lambda path: out.is_reminder(label, path))
    return CollectResult(done.written, job.result.warnings, collection=c, folder=out.collected(label),
                         removed=done.removed, kept=done.kept, backups=done.backups, recovered=b.recovered,
                         earlier=done.earlier)
