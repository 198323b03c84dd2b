"""The library behind the commands: one function per command, no printing, no exiting.

Heavy libraries (openpyxl, python-docx, Jinja) are imported inside the functions that need
them, so that `taskdoc --help` starts quickly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.atomic import save_atomically
from generator.documents import layout
from generator.errors import TaskdocError, WorkbookInvalid
from generator.memory import release_memory
from generator.text.dates import format_date
from generator.text.filenames import safe_filename

if TYPE_CHECKING:
    from generator.versions.diff import Diff
    from generator.versions.store import Version
    from generator.workbook.reader import ReadResult

Progress = Callable[[str], None]

DEFAULT_SOURCE = Path("source") / "decomposition.xlsx"
DEFAULT_OUTPUT = Path("output")
DEFAULT_TEMPLATES = Path("templates")


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


@dataclass
class BuildResult:
    """What a build wrote, and the warnings the workbook had; `unchanged`: nothing had changed
    since the last build, whose files (`written`) are still current, so nothing was rewritten."""

    written: list[Path] = field(default_factory=list)
    warnings: list = field(default_factory=list)
    unchanged: bool = field(default=False, kw_only=True)
    removed: list[Path] = field(default_factory=list, kw_only=True)  # the last build's, no longer made
    kept: list[Path] = field(default_factory=list, kw_only=True)  # the same, but changed since: not removed


def _quiet(_: str) -> None:
    pass


@dataclass
class _Job:
    """One rendering run: the table read once, where to write, the wording and fonts."""

    result: ReadResult
    output: Path
    templates: Path
    fonts: layout.Fonts
    progress: Progress

    @property
    def table(self):
        return self.result.table

    @property
    def file(self) -> str:
        """The workbook's name as messages show it."""
        return self.result.source.file if self.result.source else ""


def _job(source: Path, output: Path, templates: Path, plain_fonts: bool, progress: Progress) -> _Job:
    return _Job(load(source), Path(output), Path(templates), _fonts(plain_fonts), progress)


def _table_job(table, output: Path, templates: Path, fonts: layout.Fonts, progress: Progress) -> _Job:
    """A job for a model that does not come from a workbook (an issued version's snapshot)."""
    from generator.workbook.reader import ReadResult

    return _Job(ReadResult(table, []), Path(output), Path(templates), fonts, progress)


def _write_notice(job: _Job) -> list[Path]:
    from generator.documents.notice import NoticeRenderer
    from generator.documents.wording import Wording

    job.progress("生成通知……")
    doc = NoticeRenderer(Wording(job.templates), job.fonts).render(job.table)
    path = job.output / f"{safe_filename('通知_' + job.table.notice.number)}.docx"
    save_atomically(path, doc.save)
    del doc
    release_memory()
    return [path]


LETTER_FOLDER = "交办函"


def _select_units(job: _Job, everyone: list, units: tuple[str, ...]) -> list:
    """The units asked for by 简称 or 全称 (all when none are named), in official order."""
    if not units:
        return everyone
    unknown = [u for u in units if not any(u in (t.unit.name, t.unit.addressee) for t in everyone)]
    if unknown:
        raise TaskdocError(f"任务分解表中没有承担任务的单位“{'、'.join(unknown)}”", file=job.file,
                           fix=f"可选单位：{'、'.join(t.unit.name for t in everyone)}")
    return [t for t in everyone if t.unit.name in units or t.unit.addressee in units]


def _write_letters(job: _Job, units: tuple[str, ...] = ()) -> list[Path]:
    from generator.documents.letters import LetterRenderer, letter_units
    from generator.documents.wording import Wording
    from generator.docx import join as docjoin
    from generator.workbook.matrix import write_matrix

    table = job.table
    everyone = letter_units(table)
    chosen = _select_units(job, everyone, units)
    renderer = LetterRenderer(Wording(job.templates), job.fonts)
    written = []
    for tasks in chosen:
        job.progress(f"生成交办函：{tasks.unit.name}")
        number = table.file_number(tasks.unit.name)
        path = job.output / LETTER_FOLDER / f"{number:02d}_{safe_filename(tasks.unit.name)}.docx"
        save_atomically(path, renderer.render(table, tasks).save)
        written.append(path)
        release_memory(len(written))
    if not units:  # the print-all file and the matrix cover every unit
        job.progress("生成单位分工矩阵……")
        path = job.output / "单位分工矩阵.xlsx"
        write_matrix(table, path)
        written.append(path)
        job.progress("生成交办函合订本……")
        path = job.output / f"{LETTER_FOLDER}_全部单位.docx"
        letters = [p for p in written if p.suffix == ".docx"]
        save_atomically(path, lambda tmp: docjoin.join(renderer.print_all_package(table), letters, tmp))
        written.append(path)
    return written


REPORT_FOLDER = "季度报表"


def _write_reports(job: _Job, quarter: str | None = None, date: dt.date | None = None,
                   units: tuple[str, ...] = ()) -> list[Path]:
    """Every unit's form for the quarter (.xlsx to fill in, .docx to print) and the cover note."""
    from generator.documents.letters import letter_units
    from generator.documents.wording import Wording
    from generator.reporting.form_docx import ReportRenderer, quarter_end
    from generator.reporting.form_xlsx import write_form
    from generator.reporting.forms import choose_quarter, make_forms

    table = job.table
    chosen = choose_quarter(table, quarter, dt.date.today(), file=job.file)
    everyone = letter_units(table)
    selected = _select_units(job, everyone, units)
    wording = Wording(job.templates)
    renderer = ReportRenderer(wording, job.fonts)
    name = table.name
    folder = job.output / REPORT_FOLDER / chosen.label
    written = []
    for form in make_forms(table, selected, chosen, name):
        job.progress(f"生成{chosen.label}报表：{form.identity.unit}")
        stem = f"{table.file_number(form.identity.unit):02d}_{safe_filename(form.identity.unit)}_{chosen.label}报表"
        path = folder / f"{stem}.xlsx"
        write_form(form, path, wording)
        written.append(path)
        path = folder / f"{stem}.docx"
        save_atomically(path, renderer.form(form, table.notice).save)
        written.append(path)
        release_memory(len(written) // 2)
    if not units:
        job.progress(f"生成{chosen.label}报送通知……")
        path = folder / f"00_报送通知_{chosen.label}.docx"
        doc = renderer.cover(table.notice, chosen, name, [t.unit.name for t in everyone], table.reporting,
                             date or quarter_end(chosen))
        save_atomically(path, doc.save)
        written.insert(0, path)
    return written


def notice(source: Path = DEFAULT_SOURCE, output: Path = DEFAULT_OUTPUT, templates: Path = DEFAULT_TEMPLATES,
           plain_fonts: bool = False, progress: Progress = _quiet) -> BuildResult:
    """Render the notice with its attachment (`taskdoc notice`)."""
    job = _job(source, output, templates, plain_fonts, progress)
    return BuildResult(_write_notice(job), job.result.warnings)


def letters(source: Path = DEFAULT_SOURCE, output: Path = DEFAULT_OUTPUT, templates: Path = DEFAULT_TEMPLATES,
            plain_fonts: bool = False, units: tuple[str, ...] = (), progress: Progress = _quiet) -> BuildResult:
    """One letter per unit with its task list, the print-all file and the matrix (`taskdoc letters`);
    `units` limits the letters to those units (by 简称 or 全称)."""
    job = _job(source, output, templates, plain_fonts, progress)
    return BuildResult(_write_letters(job, units), job.result.warnings)


def build(source: Path = DEFAULT_SOURCE, output: Path = DEFAULT_OUTPUT, templates: Path = DEFAULT_TEMPLATES,
          plain_fonts: bool = False, progress: Progress = _quiet, version: int | None = None,
          force: bool = False) -> BuildResult:
    """Render everything the workspace can produce (`taskdoc build`), reading the workbook once;
    nothing is rewritten when no input changed since the last build (unless `force`). With
    `version`, re-render that issued version from its snapshot instead (see `reproduce`)."""
    from generator.versions import uptodate

    if version is not None:
        return reproduce(version, output, progress)
    job = _job(source, output, templates, plain_fonts, progress)
    quarter = _due_quarter(job).label
    key = uptodate.inputs_key(job.table, _templates_used(job.templates), job.fonts, quarter)
    if not force and (current := uptodate.up_to_date(job.output, key)) is not None:
        return BuildResult(current, job.result.warnings, unchanged=True)
    previous = uptodate.forget(job.output)
    written = _write_notice(job) + _write_letters(job) + _write_reports(job, quarter)
    removed, kept = uptodate.remove_leftovers(previous, written)
    uptodate.remember(job.output, key, written)
    return BuildResult(written, job.result.warnings, removed=removed, kept=kept)


def reports(source: Path = DEFAULT_SOURCE, output: Path = DEFAULT_OUTPUT, templates: Path = DEFAULT_TEMPLATES,
            plain_fonts: bool = False, quarter: str | None = None, date: dt.date | None = None,
            units: tuple[str, ...] = (), progress: Progress = _quiet) -> BuildResult:
    """The quarter's reporting forms, one .xlsx and one .docx per unit, and the cover note
    (`taskdoc reports`). `quarter`: 2020Q4 or 2020年第四季度, default the one due next."""
    job = _job(source, output, templates, plain_fonts, progress)
    quarter = quarter or _due_quarter(job).label
    return BuildResult(_write_reports(job, quarter, date, units), job.result.warnings)


def _due_quarter(job: _Job):
    """The quarter whose forms are due next; when every deadline of the 报送 sheet has passed, the
    last one, with a warning (a clerk would otherwise send forms already overdue unawares)."""
    from generator.errors import Location, Problem, Severity
    from generator.reporting.forms import choose_quarter
    from generator.workbook.schema import REPORTING_SHEET

    today = dt.date.today()
    chosen = choose_quarter(job.table, None, today, file=job.file)
    if chosen.deadline and chosen.deadline < today:
        job.result.problems.append(Problem(
            Severity.WARNING, Location(job.file, REPORTING_SHEET, column="报送截止日期"),
            f"各季度的报送截止日期都已过，季度报表按最后一个季度（{chosen.label}，截止日期"
            f"{format_date(chosen.deadline)}）生成",
            "如需其他季度，请用 taskdoc reports --quarter 指定；以后的季度请添加到报送工作表"))
    return chosen


def pdf(files: list[Path] | None = None, output: Path = DEFAULT_OUTPUT, progress: Progress = _quiet):
    """Convert outputs to PDF with LibreOffice (`taskdoc pdf`); without files, every .docx/.xlsx in `output`."""
    from generator import pdf as pdf_export

    if not files:
        files = sorted(p for p in Path(output).glob("*") if p.suffix in pdf_export.CONVERTIBLE
                       and not p.name.startswith((".", "~$")))
        if not files:
            raise TaskdocError("没有可转换的文件", file=str(output), fix="请先运行 taskdoc build，或指定要转换的文件")
    return pdf_export.convert(files, progress)


# -- issued versions (`issue`, `diff`, `build --version`) ----------------------------------------

REVISION_FILE = "修订对照表.docx"
CHANGED_LETTERS_FILE = f"{LETTER_FOLDER}_需重新发送.docx"


@dataclass
class IssueResult:
    """What `issue` did: the version it created (or the unchanged last one) and what it wrote."""

    version: Version
    created: bool
    folder: Path
    diff: Diff | None = None
    written: list[Path] = field(default_factory=list)
    warnings: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # recovery after an interrupted run


@dataclass
class DiffResult:
    """The workbook compared with an issued version."""

    against: Version
    diff: Diff
    warnings: list = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)  # frozen files deleted or edited


@dataclass
class ReproduceResult(BuildResult):
    """A re-rendered issued version and the frozen documents it does not reproduce exactly."""

    version: Version | None = None
    differing: list[str] = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)


def _fonts(plain_fonts: bool) -> layout.Fonts:
    return layout.Fonts.plain() if plain_fonts else layout.DEFAULT_FONTS


def _templates_used(folder: Path) -> dict[str, Path]:
    """Every file the wording could read, by its path in the templates folder: the workspace's
    own, else the packaged one. Subfolders and any file count: a template may import another."""
    from generator.documents.wording import packaged_templates

    def files(top: Path) -> dict[str, Path]:
        return {p.relative_to(top).as_posix(): p for p in sorted(top.rglob("*"))
                if p.is_file() and not p.name.startswith(".") and "__pycache__" not in p.parts}

    chosen = files(packaged_templates())
    if Path(folder).is_dir():
        chosen.update(files(Path(folder)))
    return dict(sorted(chosen.items()))


def _write_version(job: _Job, version: Version, previous: Version | None, change: Diff | None) -> list[Path]:
    """An issued version's documents: the notice and letters; from version 2 on also the
    修订对照表 and one print-all file of the letters that changed."""
    from generator.documents.letters import LetterRenderer, letter_units
    from generator.documents.revision import Revision, RevisionRenderer
    from generator.documents.wording import Wording
    from generator.docx import join as docjoin

    written = _write_notice(job) + _write_letters(job)
    if previous is None or change is None:
        return written
    everyone = letter_units(job.table)
    letter_files = [p for p in written if p.parent.name == LETTER_FOLDER]  # in `everyone`'s order
    letters = {t.unit.name: p.relative_to(job.output).as_posix() for t, p in zip(everyone, letter_files)}
    revision = Revision(version.number, dt.date.fromisoformat(version.issued), previous.number,
                        previous.doc_number, dt.date.fromisoformat(previous.issued))
    wording = Wording(job.templates)
    job.progress("生成修订对照表……")
    path = job.output / REVISION_FILE
    save_atomically(path, RevisionRenderer(wording, job.fonts).render(job.table, change, revision, letters).save)
    written.append(path)
    changed = {u.unit for u in change.resend}
    resend = [p for t, p in zip(everyone, letter_files) if t.unit.name in changed]
    if resend:
        job.progress("生成需重新发送的交办函合订本……")
        path = job.output / CHANGED_LETTERS_FILE
        package = LetterRenderer(wording, job.fonts).print_all_package(job.table, "需重新发送")
        save_atomically(path, lambda tmp: docjoin.join(package, resend, tmp))
        written.append(path)
    return written


def issue(source: Path = DEFAULT_SOURCE, output: Path = DEFAULT_OUTPUT, templates: Path = DEFAULT_TEMPLATES,
          plain_fonts: bool = False, progress: Progress = _quiet, *, today: dt.date | None = None,
          lock_timeout: float | None = None) -> IssueResult:
    """Freeze the workbook as a new issued version (`taskdoc issue`): refused when the workbook has
    errors or a frozen file was deleted or edited; nothing is created when nothing changed.
    `today`: the issue date (default: today)."""
    from generator import __version__
    from generator.documents.letters import letter_units
    from generator.snapshot import snapshot_hash, table_hash
    from generator.versions import store as V
    from generator.versions.diff import compare

    store = V.Store(output)
    with store.lock(V.LOCK_WAIT if lock_timeout is None else lock_timeout, progress):
        notes = store.recover()
        store.verify()
        result = load(source)
        table = result.table
        last = store.last()
        model_hash = snapshot_hash(table)
        if last is not None and last.snapshot_hash == model_hash:
            return IssueResult(last, False, store.folder(last), warnings=result.warnings, notes=notes)
        old = store.table(last) if last else None
        change = compare(old, table) if old is not None else None
        units = [t.unit.name for t in letter_units(table)]
        changed = [u for u in units if change is None or any(c.unit == u for c in change.resend)]
        version = V.Version(
            number=last.number + 1 if last else 1, issued=(today or dt.date.today()).isoformat(),
            doc_number=table.notice.number, document_date=table.notice.date.isoformat(),
            table_hash=table_hash(table), snapshot_hash=model_hash, files={},
            plain_fonts=plain_fonts, previous=last.number if last else None, changed_units=tuple(changed),
            unchanged_units=tuple(u for u in units if u not in changed), source=str(source), taskdoc=__version__)
        progress(f"印发第{version.number}版……")
        with store.staging() as folder:
            job = _table_job(table, folder, templates, _fonts(plain_fonts), progress)
            _write_version(job, version, last, change)
            version = store.commit(folder, version, table, _templates_used(templates))
        final = store.folder(version)
        return IssueResult(version, True, final, change, [final / name for name in version.files],
                           result.warnings, notes)


def diff(source: Path = DEFAULT_SOURCE, output: Path = DEFAULT_OUTPUT, against: int | None = None) -> DiffResult:
    """Compare the workbook with the last (or the given) issued version (`taskdoc diff`)."""
    from generator.versions import store as V
    from generator.versions.diff import compare

    store = V.Store(output)
    version = store.get(against)
    old = store.table(version)
    result = load(source)
    return DiffResult(version, compare(old, result.table), result.warnings, store.problems())


def reproduce(number: int, output: Path = DEFAULT_OUTPUT, progress: Progress = _quiet) -> ReproduceResult:
    """Re-render issued version `number` from its snapshot and archived templates into
    `output/重现/第N版/` (never into the frozen folder), and compare it with the frozen documents."""
    from generator.versions import store as V
    from generator.versions.diff import compare

    store = V.Store(output)
    version = store.get(number)
    table = store.table(version)
    previous = store.get(version.previous) if version.previous else None
    change = compare(store.table(previous), table) if previous else None
    folder = Path(output) / V.REPRODUCED_FOLDER / version.folder
    progress(f"按存档重现第{version.number}版……")
    job = _table_job(table, folder, store.templates(version), _fonts(version.plain_fonts), progress)
    written = _write_version(job, version, previous, change)
    documents = [name for name in version.files if not name.startswith(V.ARCHIVE + "/")]
    return ReproduceResult(written, [], version, V.differing(store.folder(version), folder, documents),
                           store.problems([version]))


# -- collecting returned forms (`collect`) -------------------------------------------------------

COLLECT_FOLDER = "汇总"
REMINDER_FOLDER = "催报"


@dataclass
class CollectResult(BuildResult):
    """The quarter's picture from the returned forms, and the files written from it."""

    collection: object = None  # collect.Collection
    folder: Path | None = None


def collect(folder: Path, source: Path = DEFAULT_SOURCE, output: Path = DEFAULT_OUTPUT,
            templates: Path = DEFAULT_TEMPLATES, plain_fonts: bool = False, quarter: str | None = None,
            reminders: str = "each", date: dt.date | None = None, progress: Progress = _quiet) -> CollectResult:
    """Read the returned forms in `folder` and write the quarter's 汇总表, 情况通报 and 催报 reminders
    (`taskdoc collect`). `quarter` defaults to the one most forms name; `reminders`: "each" (one per
    missing unit) or "one" (one notice listing them); `date`: the documents' date (default today)."""
    from generator.documents.letters import letter_units
    from generator.documents.wording import Wording
    from generator.reporting.bulletin import BulletinRenderer
    from generator.reporting.collect import collect as merge
    from generator.reporting.collect import usual_quarter
    from generator.reporting.forms import choose_quarter
    from generator.reporting.returns import read_returns
    from generator.reporting.summary import write_summary

    folder = Path(folder)
    if not folder.is_dir():
        raise TaskdocError("找不到报表文件夹" if not folder.exists() else "这不是文件夹", file=str(folder),
                           fix="请把各单位报回的 .xlsx 报表放进一个文件夹，再指定这个文件夹")
    job = _job(source, output, templates, plain_fonts, progress)
    table, date = job.table, date or dt.date.today()
    returns = read_returns(folder, progress)
    chosen = choose_quarter(table, quarter or usual_quarter(returns.forms), date,
                            file=job.file)
    progress(f"汇总{chosen.label}报表……")
    c = merge(table, chosen, returns.forms, letter_units(table), returns.problems)
    wording, name = Wording(job.templates), table.name
    out = job.output / COLLECT_FOLDER / chosen.label
    path = out / f"汇总表_{chosen.label}.xlsx"
    write_summary(c, name, wording.text("collect.j2", "summary_title", table_name=name, quarter=chosen.label), path)
    renderer = BulletinRenderer(wording, job.fonts)
    written = [path, out / f"情况通报_{chosen.label}.docx"]
    save_atomically(written[-1], renderer.bulletin(c, table.notice, name, date).save)
    one = out / f"催报通知_{chosen.label}.docx"
    groups = [[s] for s in c.missing] if reminders == "each" else [c.missing] if c.missing else []
    for group in groups:
        progress("生成催报通知：" + "、".join(s.unit.name for s in group))
        path = one if reminders != "each" else \
            out / REMINDER_FOLDER / f"{group[0].number:02d}_{safe_filename(group[0].unit.name)}.docx"
        save_atomically(path, renderer.reminder(c, [s.unit for s in group], table.notice, table.reporting, name,
                                                date).save)
        written.append(path)
    # reminders of an earlier run to units that have reported since (or in the other mode) go
    for stale in [*(out / REMINDER_FOLDER).glob("*.docx"), one]:
        if stale not in written:
            stale.unlink(missing_ok=True)
    return CollectResult(written, job.result.warnings, c, out)
