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

from . import layout
from .errors import TaskdocError, WorkbookInvalid
from .files import save_atomically
from .text import safe_filename

if TYPE_CHECKING:
    from .reader import ReadResult

Progress = Callable[[str], None]

DEFAULT_SOURCE = Path("source") / "decomposition.xlsx"
DEFAULT_OUTPUT = Path("output")
DEFAULT_TEMPLATES = Path("templates")


def check(source: Path = DEFAULT_SOURCE) -> ReadResult:
    """Read the workbook and list everything wrong with it (`taskdoc check`)."""
    from .reader import read_workbook

    return read_workbook(source)


def load(source: Path = DEFAULT_SOURCE) -> ReadResult:
    """A workbook without errors (its warnings kept); raises WorkbookInvalid listing the errors otherwise."""
    result = check(source)
    if result.errors or result.table is None:
        raise WorkbookInvalid(str(source), result.problems)
    return result


@dataclass
class BuildResult:
    """What a build wrote, and the warnings the workbook had."""

    written: list[Path] = field(default_factory=list)
    warnings: list = field(default_factory=list)


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


def _job(source: Path, output: Path, templates: Path, plain_fonts: bool, progress: Progress) -> _Job:
    fonts = layout.Fonts.plain() if plain_fonts else layout.DEFAULT_FONTS
    return _Job(load(source), Path(output), Path(templates), fonts, progress)


def _write_notice(job: _Job) -> list[Path]:
    from .notice import NoticeRenderer
    from .wording import Wording

    job.progress("生成通知……")
    doc = NoticeRenderer(Wording(job.templates), job.fonts).render(job.table)
    path = job.output / f"{safe_filename('通知_' + job.table.notice.number)}.docx"
    save_atomically(path, doc.save)
    return [path]


LETTER_FOLDER = "交办函"


def _select_units(job: _Job, everyone: list, units: tuple[str, ...]) -> list:
    """The units asked for by 简称 or 全称 (all when none are named), in official order."""
    if not units:
        return everyone
    unknown = [u for u in units if not any(u in (t.unit.name, t.unit.addressee) for t in everyone)]
    if unknown:
        raise TaskdocError(f"任务分解表中没有承担任务的单位“{'、'.join(unknown)}”", file=str(job.result.source.file
                           if job.result.source else ""), fix=f"可选单位：{'、'.join(t.unit.name for t in everyone)}")
    return [t for t in everyone if t.unit.name in units or t.unit.addressee in units]


def _write_letters(job: _Job, units: tuple[str, ...] = ()) -> list[Path]:
    from .letters import LetterRenderer, letter_units
    from .wording import Wording
    from .xlsx import write_matrix

    table = job.table
    everyone = letter_units(table)
    chosen = _select_units(job, everyone, units)
    renderer = LetterRenderer(Wording(job.templates), job.fonts)
    order = {t.unit.name: i for i, t in enumerate(everyone, 1)}
    written = []
    for tasks in chosen:
        job.progress(f"生成交办函：{tasks.unit.name}")
        path = job.output / LETTER_FOLDER / f"{order[tasks.unit.name]:02d}_{safe_filename(tasks.unit.name)}.docx"
        save_atomically(path, renderer.render(table, tasks).save)
        written.append(path)
    if not units:  # the print-all file and the matrix cover every unit
        job.progress("生成单位分工矩阵……")
        path = job.output / "单位分工矩阵.xlsx"
        write_matrix(table, path)
        written.append(path)
        job.progress("生成交办函合订本……")
        path = job.output / f"{LETTER_FOLDER}_全部单位.docx"
        save_atomically(path, renderer.render_all(table, chosen).save)
        written.append(path)
    return written


REPORT_FOLDER = "季度报表"


def _write_reports(job: _Job, quarter: str | None = None, date: dt.date | None = None,
                   units: tuple[str, ...] = ()) -> list[Path]:
    """Every unit's form for the quarter (.xlsx to fill in, .docx to print) and the cover note."""
    from .forms import choose_quarter, make_forms
    from .letters import letter_units
    from .report_docx import ReportRenderer, quarter_end
    from .report_xlsx import write_form
    from .wording import Wording

    table = job.table
    chosen = choose_quarter(table, quarter, dt.date.today(), file=job.result.source.file if job.result.source else "")
    everyone = letter_units(table)
    selected = _select_units(job, everyone, units)
    order = {t.unit.name: i for i, t in enumerate(everyone, 1)}
    wording = Wording(job.templates)
    renderer = ReportRenderer(wording, job.fonts)
    name = table.name
    folder = job.output / REPORT_FOLDER / chosen.label
    written = []
    for form in make_forms(table, selected, chosen, name):
        job.progress(f"生成{chosen.label}报表：{form.identity.unit}")
        stem = f"{order[form.identity.unit]:02d}_{safe_filename(form.identity.unit)}_{chosen.label}报表"
        path = folder / f"{stem}.xlsx"
        write_form(form, path, wording)
        written.append(path)
        path = folder / f"{stem}.docx"
        save_atomically(path, renderer.form(form, table.notice).save)
        written.append(path)
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
          plain_fonts: bool = False, progress: Progress = _quiet) -> BuildResult:
    """Render everything the workspace can produce (`taskdoc build`), reading the workbook once."""
    job = _job(source, output, templates, plain_fonts, progress)
    return BuildResult(_write_notice(job) + _write_letters(job) + _write_reports(job), job.result.warnings)


def reports(source: Path = DEFAULT_SOURCE, output: Path = DEFAULT_OUTPUT, templates: Path = DEFAULT_TEMPLATES,
            plain_fonts: bool = False, quarter: str | None = None, date: dt.date | None = None,
            units: tuple[str, ...] = (), progress: Progress = _quiet) -> BuildResult:
    """The quarter's reporting forms, one .xlsx and one .docx per unit, and the cover note
    (`taskdoc reports`). `quarter`: 2020Q4 or 2020年第四季度, default the one due next."""
    job = _job(source, output, templates, plain_fonts, progress)
    return BuildResult(_write_reports(job, quarter, date, units), job.result.warnings)


def pdf(files: list[Path] | None = None, output: Path = DEFAULT_OUTPUT, progress: Progress = _quiet):
    """Convert outputs to PDF with LibreOffice (`taskdoc pdf`); without files, every .docx/.xlsx in `output`."""
    from . import pdf as pdf_export

    if not files:
        files = sorted(p for p in Path(output).glob("*") if p.suffix in pdf_export.CONVERTIBLE
                       and not p.name.startswith((".", "~$")))
        if not files:
            raise TaskdocError("没有可转换的文件", file=str(output), fix="请先运行 taskdoc build，或指定要转换的文件")
    return pdf_export.convert(files, progress)
