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


def notice(source: Path = DEFAULT_SOURCE, output: Path = DEFAULT_OUTPUT, templates: Path = DEFAULT_TEMPLATES,
           plain_fonts: bool = False, progress: Progress = _quiet) -> BuildResult:
    """Render the notice with its attachment (`taskdoc notice`)."""
    from .notice import NoticeRenderer
    from .wording import Wording

    result = load(source)
    table = result.table
    fonts = layout.Fonts.plain() if plain_fonts else layout.DEFAULT_FONTS
    progress("生成通知……")
    doc = NoticeRenderer(Wording(templates), fonts).render(table)
    path = Path(output) / f"{safe_filename('通知_' + table.notice.number)}.docx"
    save_atomically(path, doc.save)
    return BuildResult([path], result.warnings)


def build(source: Path = DEFAULT_SOURCE, output: Path = DEFAULT_OUTPUT, templates: Path = DEFAULT_TEMPLATES,
          plain_fonts: bool = False, progress: Progress = _quiet) -> BuildResult:
    """Render everything the workspace can produce (`taskdoc build`)."""
    return notice(source, output, templates, plain_fonts, progress)


def pdf(files: list[Path] | None = None, output: Path = DEFAULT_OUTPUT, progress: Progress = _quiet):
    """Convert outputs to PDF with LibreOffice (`taskdoc pdf`); without files, every .docx/.xlsx in `output`."""
    from . import pdf as pdf_export

    if not files:
        files = sorted(p for p in Path(output).glob("*") if p.suffix in pdf_export.CONVERTIBLE
                       and not p.name.startswith((".", "~$")))
        if not files:
            raise TaskdocError("没有可转换的文件", file=str(output), fix="请先运行 taskdoc build，或指定要转换的文件")
    return pdf_export.convert(files, progress)
