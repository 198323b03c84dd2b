"""The library behind the commands: one function per command, no printing, no exiting."""

from __future__ import annotations

from pathlib import Path

from .errors import WorkbookInvalid
from .model import TaskTable
from .reader import ReadResult, read_workbook

DEFAULT_SOURCE = Path("source") / "decomposition.xlsx"
DEFAULT_OUTPUT = Path("output")
DEFAULT_TEMPLATES = Path("templates")


def check(source: Path = DEFAULT_SOURCE) -> ReadResult:
    """Read the workbook and list everything wrong with it (`taskdoc check`)."""
    return read_workbook(source)


def load(source: Path = DEFAULT_SOURCE) -> TaskTable:
    """The task table of a workbook without errors; raises WorkbookInvalid listing them otherwise."""
    result = read_workbook(source)
    if result.errors or result.table is None:
        raise WorkbookInvalid(str(source), result.problems)
    return result.table
