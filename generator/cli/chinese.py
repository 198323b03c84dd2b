"""Click in Chinese: its own words (usage lines, option errors, help headings) and the command
classes whose help and usage lines read in Chinese.

Click looks its messages up through the `_` and `ngettext` names bound in each of its modules
(gettext's), so `translate_click` binds those names to the table below; a message missing from
it stays in English.
"""

from __future__ import annotations

import re
from typing import Any

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

OPTIONS_METAVAR = "[选项]"
SUBCOMMAND_METAVAR = "命令 [参数]..."

_ZH = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s 版本 %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "No such option: {name}": "没有这个选项：{name}",
    "No such option {name!r}.": "没有这个选项：{name}。",
    "No such command {name!r}.": "没有这个命令：{name}。",
    "Did you mean {possibility}?": "您是不是要用 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（您是不是要用其中之一：{possibilities}？）",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令。",
    "Invalid value: {message}": "值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name} 需要 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name} 不带值。",
    "{value!r} is not {choice}.": "“{value}”不是 {choice}。",
    "{value!r} is not one of {choices}.": "“{value}”不是可选值（{choices}）之一。",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a file.": "{name}“{filename}”是文件。",
    "{name} {filename!r} is a directory.": "{name}“{filename}”是文件夹。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”无法读取。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”无法写入。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "Aborted!": "已取消。",
    "default: {default}": "默认：{default}",
}

_CLICK_MODULES = (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types)


def _gettext(message: str) -> str:
    return _ZH.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def translate_click() -> None:
    """Make Click's own messages Chinese, for every command of the process."""
    for module in _CLICK_MODULES:
        names = vars(module)
        if "_" in names:
            names["_"] = _gettext
        if "ngettext" in names:
            names["ngettext"] = _ngettext
    missing = click.exceptions.MissingParameter
    if not getattr(missing.format_message, "chinese", False):
        missing.format_message = _chinese_punctuation(missing.format_message)  # type: ignore[method-assign]


def _chinese_punctuation(format_message: Any) -> Any:
    """Click ends "Missing argument 'N'" with an English full stop and quotes outside the translated
    words: “N” and 。 instead."""
    def formatted(self: click.exceptions.MissingParameter) -> str:
        text = format_message(self)
        if text.endswith("."):
            text = text[:-1] + "。"
        return re.sub(r" ?'([^']+)'", r"“\1”", text)

    formatted.chinese = True  # type: ignore[attr-defined]
    return formatted


class ChineseHelpFormatter(click.HelpFormatter):
    """Headings end with a full-width colon, as Chinese text does."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")


class ChineseContext(click.Context):
    """A context whose help is formatted by `ChineseHelpFormatter`."""

    formatter_class = ChineseHelpFormatter


class ChineseCommand(click.Command):
    """A command whose help and usage line are in Chinese."""

    context_class = ChineseContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # Click's own parameters, passed on
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)


class ChineseGroup(click.Group):
    """A group whose help and usage line are in Chinese, and so are its commands'."""

    context_class = ChineseContext
    command_class = ChineseCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # Click's own parameters, passed on
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        super().__init__(*args, **kwargs)
