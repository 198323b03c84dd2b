"""The library behind the commands: one function per command, no printing, no exiting.

Heavy libraries (openpyxl, python-docx, Jinja) are imported inside the functions that need
them, so that `taskdoc --help` starts quickly.
"""

from __future__ import annotations

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


def _fonts(plain: bool) -> layout.Fonts:
    return layout.Fonts.plain() if plain else layout.DEFAULT_FONTS


def notice(source: Path = DEFAULT_SOURCE, output: Path = DEFAULT_OUTPUT, templates: Path = DEFAULT_TEMPLATES,
           plain_fonts: bool = False, progress: Progress = _quiet) -> BuildResult:
    """Render the notice with its attachment (`taskdoc notice`)."""
    from .notice import NoticeRenderer
    from .wording import Wording

    result = load(source)
    table = result.table
    progress("生成通知……")
    doc = NoticeRenderer(Wording(templates), _fonts(plain_fonts)).render(table)
    path = Path(output) / f"{safe_filename('通知_' + table.notice.number)}.docx"
    save_atomically(path, doc.save)
    return BuildResult([path], result.warnings)


LETTER_FOLDER = "交办函"


def letters(source: Path = DEFAULT_SOURCE, output: Path = DEFAULT_OUTPUT, templates: Path = DEFAULT_TEMPLATES,
            plain_fonts: bool = False, units: tuple[str, ...] = (), progress: Progress = _quiet) -> BuildResult:
    """One letter per unit with its task list (`taskdoc letters`); `units` limits them by name."""
    from .letters import LetterRenderer, letter_units
    from .wording import Wording

    result = load(source)
    table = result.table
    chosen = letter_units(table)
    if units:
        unknown = [u for u in units if not any(u in (t.unit.name, t.unit.addressee) for t in chosen)]
        if unknown:
            names = "、".join(t.unit.name for t in chosen)
            raise TaskdocError(f"没有单位“{'、'.join(unknown)}”的交办函", file=str(source),
                               fix=f"可选单位：{names}")
        chosen = [t for t in chosen if t.unit.name in units or t.unit.addressee in units]
    renderer = LetterRenderer(Wording(templates), _fonts(plain_fonts))
    folder = Path(output) / LETTER_FOLDER
    written = []
    order = {t.unit.name: i for i, t in enumerate(letter_units(table), 1)}
    for tasks in chosen:
        progress(f"生成交办函：{tasks.unit.name}")
        path = folder / f"{order[tasks.unit.name]:02d}_{safe_filename(tasks.unit.name)}.docx"
        save_atomically(path, renderer.render(table, tasks).save)
        written.append(path)
    if not units:
        from .xlsx import write_matrix

        progress("生成单位分工矩阵……")
        path = Path(output) / "单位分工矩阵.xlsx"
        write_matrix(table, path)
        written.append(path)
        progress("生成交办函合订本……")
        path = Path(output) / f"{LETTER_FOLDER}_全部单位.docx"
        save_atomically(path, renderer.render_all(table, chosen).save)
        written.append(path)
    return BuildResult(written, result.warnings)


def build(source: Path = DEFAULT_SOURCE, output: Path = DEFAULT_OUTPUT, templates: Path = DEFAULT_TEMPLATES,
          plain_fonts: bool = False, progress: Progress = _quiet) -> BuildResult:
    """Render everything the workspace can produce (`taskdoc build`)."""
    done = notice(source, output, templates, plain_fonts, progress)
    done.written += letters(source, output, templates, plain_fonts, progress=progress).written
    return done


def pdf(files: list[Path] | None = None, output: Path = DEFAULT_OUTPUT, progress: Progress = _quiet):
    """Convert outputs to PDF with LibreOffice (`taskdoc pdf`); without files, every .docx/.xlsx in `output`."""
    from . import pdf as pdf_export

    if not files:
        files = sorted(p for p in Path(output).glob("*") if p.suffix in pdf_export.CONVERTIBLE
                       and not p.name.startswith((".", "~$")))
        if not files:
            raise TaskdocError("没有可转换的文件", file=str(output), fix="请先运行 taskdoc build，或指定要转换的文件")
    return pdf_export.convert(files, progress)
