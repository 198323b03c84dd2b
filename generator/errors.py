"""The one error root and the problems a workbook check reports, worded for the clerk."""

from __future__ import annotations

import enum
import errno
import re
from dataclasses import dataclass

_A1 = re.compile(r"^[A-Z]{1,3}[0-9]+$")


class Severity(enum.Enum):
    """How bad a problem is: errors stop a build, warnings only inform."""

    ERROR = "错误"
    WARNING = "警告"


@dataclass(frozen=True)
class Location:
    """Where a problem is: file, sheet, cell and the column's header text."""

    file: str = ""
    sheet: str = ""
    cell: str = ""
    column: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.sheet:
            where += f" {self.sheet}"
        if self.cell:  # an A1 reference joins the sheet with "!", "第1行" or "A列" with a space
            where += f"!{self.cell}" if self.sheet and _A1.match(self.cell) else f" {self.cell}"
        if self.column:
            where += f"（{self.column}）"
        return where.strip()


@dataclass(frozen=True)
class Problem:
    """One finding of `check`: what is wrong, where, and how to fix it."""

    severity: Severity
    location: Location
    message: str
    fix: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        text = f"{self.location}：{self.message}"
        return f"{text}——{self.fix}" if self.fix else text


class TaskdocError(Exception):
    """Root of every error a user may see; the message is built from keyword fields.

    Example: ``TaskdocError("不能为空", file="source/decomposition.xlsx", sheet="任务分解",
    cell="E14", column="牵头单位", fix="每个任务条款至少需要一个牵头单位")`` reads
    ``source/decomposition.xlsx 任务分解!E14（牵头单位）：不能为空——每个任务条款至少需要一个牵头单位``.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str = "",
        sheet: str = "",
        cell: str = "",
        column: str = "",
        template: str = "",
        line: int | None = None,
        fix: str = "",
    ) -> None:
        self.message = message
        self.location = Location(file=file, sheet=sheet, cell=cell, column=column)
        self.template = template
        self.line = line
        self.fix = fix
        super().__init__(self.describe())

    def describe(self) -> str:
        """The full Chinese sentence shown to the user."""
        where = str(self.location)
        if self.template:
            where = f"模板 {self.template}" + (f" 第{self.line}行" if self.line else "")
        text = f"{where}：{self.message}" if where else self.message
        return f"{text}——{self.fix}" if self.fix else text


class WorkbookInvalid(TaskdocError):
    """The workbook has errors; raised by commands that need a clean table."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.problems = [p for p in problems if p.is_error]
        super().__init__(
            f"发现 {len(self.problems)} 个错误，未生成任何文件",
            file=file,
            fix="请先运行 taskdoc check 查看并改正",
        )

    def describe(self) -> str:
        lines = [super().describe()]
        lines += [f"  {i}. {p}" for i, p in enumerate(self.problems, 1)]
        return "\n".join(lines)


# What the system says went wrong with a file, in the clerk's words (the system's own text is English).
_OS_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    getattr(errno, "EDQUOT", errno.ENOSPC): "磁盘空间不足",
    errno.EROFS: "磁盘或文件夹是只读的",
    errno.EACCES: "没有权限，或文件正被其他程序（如 WPS、Word）打开",
    errno.EPERM: "没有权限，或文件正被其他程序（如 WPS、Word）打开",
    errno.ENOENT: "文件或文件夹不存在（或路径写错了）",
    errno.ENOTDIR: "路径中有一级不是文件夹（是一个文件）",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.EEXIST: "已有同名的文件或文件夹",
    errno.EBUSY: "文件正被其他程序占用",
    errno.EMFILE: "同时打开的文件太多",
    errno.EIO: "读写磁盘出错（磁盘或 U 盘可能有故障）",
    errno.EINVAL: "文件名中有系统不允许的字符",
}


def os_reason(err: OSError) -> str:
    """Why a file could not be read or written, in Chinese; the system's words (English) only in
    brackets, for an error this table does not know."""
    if err.errno in _OS_REASONS:
        return _OS_REASONS[err.errno]
    if isinstance(err, PermissionError):
        return _OS_REASONS[errno.EACCES]
    return f"系统错误（{err.strerror or err}）"
