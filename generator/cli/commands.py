"""The `taskdoc` commands: each parses its options, calls one library function and prints the result.

Errors of the library (TaskdocError) become a Chinese message and exit code 1 (`diff`: 2, any error);
usage errors exit 2; nothing shows a traceback. Click's own words are made Chinese by `generator.cli.chinese`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from generator import __version__, api
from generator.cli import console
from generator.cli import serve as serve_command
from generator.cli.chinese import ChineseGroup, translate_click
from generator.errors import TaskdocError
from generator.progress import Step
from generator.text.dates import format_date
from generator.workspace import Outputs

if TYPE_CHECKING:
    from generator.render import Reminders
    from generator.versions.store import Version

F = TypeVar("F", bound=Callable[..., Any])

translate_click()
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _VersionNumber(click.ParamType):
    """An issued version's number, 1 or more (click.IntRange would print "[x>=1]" in the help)."""

    name = "N"

    def convert(self, value: str | int, param: click.Parameter | None, ctx: click.Context | None) -> int:
        """The command line's text (or a caller's int) as a version number; a Chinese error otherwise."""
        try:
            number = int(value)
        except (TypeError, ValueError):
            self.fail(f"“{value}”不是版本号（应为 1、2、3 …）", param, ctx)
        if number < 1:
            self.fail(f"版本号从 1 开始，没有第{number}版", param, ctx)
        return number


VERSION_NUMBER = _VersionNumber()


class _Date(click.ParamType):
    """A date typed as YYYY-MM-DD; a Chinese error otherwise (Click's says "does not match the format")."""

    name = "YYYY-MM-DD"

    def convert(self, value: str | dt.date, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            self.fail(f"“{value}”不是有效的日期（应写成 年-月-日，如 2021-01-08）", param, ctx)


DATE = _Date()


class _Reminders(click.ParamType):
    """How 催报 letters are written, typed in Chinese (分别 / 合并) or as before (each / one)."""

    name = "分别|合并"
    WORDS = {"分别": "each", "each": "each", "合并": "one", "one": "one"}

    def convert(self, value: str, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if value.strip() in self.WORDS:
            return self.WORDS[value.strip()]
        self.fail(f"“{value}”不是可选值：分别（每个未报单位一份催报通知）或 合并（一份通知列出全部未报单位）",
                  param, ctx)


REMINDERS = _Reminders()


class TaskdocGroup(ChineseGroup):
    """Turns library errors into Chinese messages with the command's trouble exit code (1; `diff`'s
    is 2, since its 1 means "changed"), and hides tracebacks."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except TaskdocError as err:
            raise self._trouble(ctx, _with_notes(err.describe(), err)) from err
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt as err:
            raise self._trouble(ctx, _with_notes("已中断，未完成的文件没有写入。", err)) from None
        except Exception as err:  # the last guard: a clerk never sees a traceback
            if os.environ.get("TASKDOC_DEBUG"):
                traceback.print_exc()
            # a build's error carries a note of what was and was not written; without one, the old words
            written = "" if getattr(err, "__notes__", None) else "您的文件未被修改；"
            raise self._trouble(ctx, _with_notes(
                f"taskdoc 内部错误（{type(err).__name__}：{err}）。{written}"
                "请把这段信息发给维护人员，设置环境变量 TASKDOC_DEBUG=1 可看到详细信息。", err)) from err

    def list_commands(self, ctx: click.Context) -> list[str]:
        """The commands in the order of the work (WORK_ORDER), not alphabetically."""
        def place(name: str) -> tuple[int, str]:
            return (WORK_ORDER.index(name) if name in WORK_ORDER else len(WORK_ORDER)), name

        return sorted(self.commands, key=place)

    def _trouble(self, ctx: click.Context, message: str) -> ClerkError:
        return ClerkError(message, exit_code=TROUBLE_EXIT.get(ctx.invoked_subcommand or "", ClerkError.exit_code))


def _with_notes(message: str, err: BaseException) -> str:
    """The message, and under it what a build says it did and did not write (its notes)."""
    return "\n".join([message, *getattr(err, "__notes__", ())])


class ClerkError(click.ClickException):
    """A message for the clerk, printed without the English 'Error:' prefix."""

    exit_code = 1

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code  # type: ignore[misc]  # Click reads it from the instance

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.format_message(), err=True, file=file)


@click.group(cls=TaskdocGroup, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="taskdoc")
@click.option("--quiet", "-q", "quiet", is_flag=True, help="不显示进度，结果只显示文件个数（出错时仍显示提示）。")
@click.option("--verbose", "-v", "verbose", is_flag=True, help="逐条显示进度，并逐个列出生成的文件。")
def cli(quiet: bool, verbose: bool) -> None:
    """taskdoc：从一张任务分解表生成通知、交办函和季度报表。

    \b
    在浏览器中完成全部工作：taskdoc serve

    \b
    一个季度的工作（在工作文件夹中依次运行）：
      taskdoc check                      检查 source/decomposition.xlsx，列出有问题的单元格
      taskdoc build                      生成通知、交办函、单位分工矩阵和本季度报表，写入 output/
      taskdoc issue                      印发：冻结为 output/已印发/第1版/
      taskdoc reports --quarter 2021Q1   生成某季度的报表，发给各单位
      taskdoc collect 收到的报表          汇总各单位报回的报表：汇总表、情况通报、催报
      taskdoc diff                       改过任务分解表后，看与已印发版本的差别（再用 issue 印发新版本）
      taskdoc pdf                        把生成的文书转换为 PDF
    """
    CONSOLE.verbosity = -1 if quiet else 1 if verbose else 0


def source_option(func: F) -> F:
    return click.option(
        "--source", "-s", type=click.Path(path_type=Path), default=api.DEFAULT_SOURCE, show_default=True,
        help="任务分解表（.xlsx）的路径。",
    )(func)


@cli.command()
@source_option
def check(source: Path) -> None:
    """检查任务分解表：汇总内容，列出全部错误和警告（注明工作表和单元格）。

    有错误时退出码为 1，只有警告或全部正确时为 0。

    \b
    示例：
      taskdoc check
      taskdoc check --source source/decomposition.xlsx
    """
    result = api.check(source)
    click.echo(console.check_report(str(source), result))
    if result.errors:
        sys.exit(1)


def render_options(func: F) -> F:
    func = click.option("--output", "-o", type=click.Path(path_type=Path), default=api.DEFAULT_OUTPUT,
                        show_default=True, help="输出文件夹。")(func)
    func = click.option("--templates", "-t", type=click.Path(path_type=Path), default=api.DEFAULT_TEMPLATES,
                        show_default=True, help="措辞模板文件夹；缺少的模板使用自带的默认模板。")(func)
    func = click.option("--plain-fonts", is_flag=True,
                        help="使用 Windows 自带的“仿宋”“楷体”代替“仿宋_GB2312”“楷体_GB2312”。")(func)
    return source_option(func)


def _report(result: api.BuildResult) -> None:
    for problem in result.warnings:
        click.echo(f"警告：{problem}", err=True)
    _recovered(result)
    if result.unchanged:
        click.echo(f"表格、模板和设置与上次生成时相同，{len(result.written)} 个文件都是最新的，未重新生成"
                   "（需要时用 --force 强制重新生成）。")
        _notes(result)
        return
    _written(result.written)
    _notes(result)
    if result.removed:
        click.echo(f"已删除上次生成、这次不再以原文件名生成的 {len(result.removed)} 个文件"
                   "（单位已不在表中，或单位顺序变化后文件名中的序号随之改变）：")
        for path in result.removed:
            click.echo(f"  {path}")
    for path in result.kept:
        click.echo(f"警告：{path} 是上次生成的，这次不再生成，但之后被改动过，未删除；如已不需要请手工删除。", err=True)
    _backups(result)


def _recovered(result: api.BuildResult) -> None:
    for note in result.recovered:
        click.echo(f"说明：{note}。")


def _backups(result: api.BuildResult) -> None:
    """The files a build replaced that were changed by hand (or not taskdoc's): each named, with
    where the original went."""
    if not result.backups:
        return
    recorded = {b.recorded for b in result.backups}
    why = ("在上次生成后被改动过" if recorded == {True} else "不是 taskdoc 生成的（或没有它的生成记录）"
           if recorded == {False} else "在上次生成后被改动过，或不是 taskdoc 生成的")
    click.echo(f"注意：以下 {len(result.backups)} 个文件{why}，已换成这次新生成的文件；"
               f"原文件没有丢失，已移到 {result.backups[0].folder}：")
    for backup in result.backups:
        mark = "（不是 taskdoc 生成的）" if len(recorded) > 1 and not backup.recorded else ""
        click.echo(f"  {backup.path}{mark} → {backup.backup}")


def _notes(result: api.BuildResult) -> None:
    """What was left out on purpose (no 报送 sheet: no quarterly forms), after what was written."""
    for note in result.notes:
        click.echo(f"说明：{note}")


class _Console:
    """What the terminal shows while a command runs: its messages, a line each, but documents counted
    (`Step`: the 4th of 18 letters) as one progress bar per kind with its count; `-q` shows nothing,
    `-v` every message. The result is listed by `_written`."""

    def __init__(self) -> None:
        self.verbosity = 0  # -1 quiet, 0 usual, 1 verbose
        self._bar: Any = None
        self._kind = ""

    def progress(self, message: str) -> None:
        if self.verbosity < 0:
            return
        if isinstance(message, Step) and self.verbosity == 0:
            if message.kind != self._kind or self._bar is None:
                self.close()
                self._bar = click.progressbar(length=message.total, label=f"生成{message.kind}", file=sys.stderr,
                                              show_pos=True, show_eta=False, width=30)
                self._bar.__enter__()
                self._kind = message.kind
            self._bar.update(1)
            if message.done >= message.total:
                self.close()
            return
        self.close()
        click.echo(message, err=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar, self._kind = None, ""


CONSOLE = _Console()
_progress = CONSOLE.progress


def _written(paths: list[Path], noun: str = "个文件") -> None:
    """The files a command wrote: every one with -v; by default grouped by folder (a folder of more
    than a few files as its count, not 900 paths); with -q only the count line."""
    CONSOLE.close()
    click.echo(f"已生成 {len(paths)} {noun}{'。' if CONSOLE.verbosity < 0 or not paths else '：'}")
    if CONSOLE.verbosity < 0:
        return
    if CONSOLE.verbosity > 0:
        for path in paths:
            click.echo(f"  {path}")
        return
    for folder, files in itertools.groupby(sorted(paths, key=lambda p: (p.parent != paths[0].parent, str(p.parent))),
                                           key=lambda p: p.parent):
        group = list(files)
        if len(group) <= SHOWN_IN_A_FOLDER:
            for path in group:
                click.echo(f"  {path}")
        else:
            click.echo(f"  {folder}{os.sep}：{len(group)} {noun}（taskdoc -v 逐个列出）")


SHOWN_IN_A_FOLDER = 4  # a folder with more files is listed as its count


@cli.command()
@render_options
@click.option("--force", is_flag=True, help="即使表格、模板和设置都没有变化，也重新生成全部文件。")
def build(source: Path, output: Path, templates: Path, plain_fonts: bool, force: bool) -> None:
    """生成全部文书：按 GB/T 9704-2012 排版的通知（附任务分解表）、各单位的交办函、单位分工矩阵和当季的季度报表。

    表格有错误时不生成任何文件，并列出全部错误。表格、模板和设置与上次生成时相同、上次生成的文件也都没有改动时，不重新生成（--force 强制重新生成）。

    没有“报送”工作表（或其中没有列出季度）时不生成季度报表，其余照常生成，最后说明如何添加。

    \b
    示例：
      taskdoc build
      taskdoc build --source 我的表.xlsx --output 输出
      taskdoc build --force                表格没有变化也重新生成
    """  # noqa: E501 (Click joins a paragraph's lines with a space, which Chinese text must not get)
    _report(api.build(source, output, templates, plain_fonts, _progress, force=force))


@cli.command()
@click.argument("number", type=VERSION_NUMBER, metavar="N")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=api.DEFAULT_OUTPUT, show_default=True,
              help="输出文件夹（已印发的版本在其中的“已印发”文件夹）。")
def reproduce(number: int, output: Path) -> None:
    """按存档重现已印发的第N版，写入 output/重现/第N版/，并与印发的文书逐一核对。

    用印发时的模型快照、模板和字体重现，不读取当前的表格；已印发的文件夹不会被改动。已印发的文书丢失时，可以把重现的文书核对后放回原处。

    \b
    示例：
      taskdoc reproduce 1                  重现已印发的第1版
    """
    result = api.reproduce(number, output, _progress)
    _report(result)
    _reproduction(result)


def _reproduction(result: api.ReproduceResult) -> None:
    number = result.version.number
    for problem in result.damaged:
        click.echo(f"警告：已印发的文件被删除或修改：{problem}", err=True)
    if result.damaged:
        click.echo(f"已印发的第{number}版有 {len(result.damaged)} 个文件被删除或修改（见上），请从备份恢复；"
                   f"重现的文书在 {result.folder}，可供核对。")
    if result.differing:
        click.echo(f"与已印发的第{number}版不一致的文件（{len(result.differing)}个，"
                   "可能是 taskdoc 升级后排版有变化）：")
        for name in result.differing:
            click.echo(f"  {name}")
    else:
        click.echo(f"已与已印发的第{number}版逐一核对{'其余' if result.damaged else '全部'} {result.compared} 份文书："
                   "文字和结构一致。")


@cli.command()
@render_options
def notice(source: Path, output: Path, templates: Path, plain_fonts: bool) -> None:
    """只生成通知（.docx）：版头、正文、附件任务分解表（横排）、版记和页码。

    \b
    示例：
      taskdoc notice
      taskdoc notice --plain-fonts
    """
    _report(api.notice(source, output, templates, plain_fonts, _progress))


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path), default=api.DEFAULT_OUTPUT, show_default=True,
              help="不指定文件时，转换上次生成（build 等）在这个文件夹中写入的全部 .docx 和 .xlsx。")
def pdf(files: tuple[Path, ...], output: Path) -> None:
    """用 LibreOffice 把生成的文书转换为 PDF（便于网上公开发布），PDF 与原文件放在一起。

    不指定文件时，转换上次生成写入 output/ 的全部文书（包括 交办函/、季度报表/ 等子文件夹；
    没有生成记录时转换 output/ 及其子文件夹中的全部 .docx 和 .xlsx）。.docx 的 PDF 与原文件同名，
    .xlsx 的 PDF 名称后加“（表格）”，同一报表的两种文件不会互相覆盖。已印发/ 中的文件不能写入，
    不转换。每次都重新转换；原文书已不存在的 PDF，如果是 taskdoc 生成且未改动过，会被删除；
    要被替换的 PDF 不是 taskdoc 生成的（或改动过）时，先移到 改动过的文件备份/。

    本机没有公文标准字体时，会用已安装的免费字体代替，并列出代替关系。

    \b
    示例：
      taskdoc pdf
      taskdoc pdf output/通知_嘉政办发〔2020〕86号.docx
    """
    result = api.pdf(list(files), output, _progress)
    if result.substitutes:
        pairs = "，".join(f"{k}→{v}" for k, v in result.substitutes.items())
        click.echo(f"字体替代（本机未安装这些字体）：{pairs}", err=True)
    _written(result.written, "个 PDF")
    if result.backups:
        click.echo(f"以下 {len(result.backups)} 个 PDF 不是 taskdoc 生成的（或改动过），已移到备份文件夹后再替换：")
        for path, backup in result.backups:
            click.echo(f"  {path} → {backup}")
    if result.removed:
        click.echo(f"已删除 {len(result.removed)} 个原文书已不存在的 PDF（均为 taskdoc 生成、未改动过）：")
        for path in result.removed:
            click.echo(f"  {path}")


@cli.command()
@render_options
@click.option("--unit", "-u", "units", multiple=True, metavar="单位",
              help="只生成这些单位的交办函（简称或全称，可重复）。")
def letters(source: Path, output: Path, templates: Path, plain_fonts: bool, units: tuple[str, ...]) -> None:
    """生成交办函：每个单位一份（信函格式），附本单位牵头和配合的任务清单，写入 output/交办函/。

    “各有关单位”等集体名称不单独发函；没有任务的单位不发函（check 会提示）。

    \b
    示例：
      taskdoc letters
      taskdoc letters --unit 市科技局 --unit 市财政局
    """
    _report(api.letters(source, output, templates, plain_fonts, units, _progress))


@cli.command()
@render_options
@click.option("--quarter", "-q", metavar="季度",
              help="报送季度，如 2020Q4 或“2020年第四季度”；"
                   "默认为报送工作表中下一个截止日期未过的季度（都已过时为最后一个季度，并提示）。")
@click.option("--date", "date", type=DATE, metavar="YYYY-MM-DD",
              help="报送通知的落款日期；默认为该季度的最后一天。")
@click.option("--unit", "-u", "units", multiple=True, metavar="单位",
              help="只生成这些单位的报表（简称或全称，可重复）；此时不生成报送通知。")
def reports(source: Path, output: Path, templates: Path, plain_fonts: bool, quarter: str | None,
            date: dt.date | None, units: tuple[str, ...]) -> None:
    """生成季度报表：每个单位一份可填写的 .xlsx 和可打印的 .docx，另附报送通知，写入 output/季度报表/。

    报表只列出本单位牵头和配合的任务（牵头在前）。.xlsx 中任务内容已锁定，只能在空白处填写，“完成情况”从下拉列表中选择；工作表保护没有密码。报表内记有单位、季度和任务表版本，单位改了文件名也能在汇总时认出。

    需要“报送”工作表列出的季度：没有时报错，并说明如何添加。

    \b
    示例：
      taskdoc reports --quarter 2020Q4
      taskdoc reports --quarter 2020年第四季度 --unit 市科技局
      taskdoc reports --quarter 2021Q1 --date 2021-03-25
    """  # noqa: E501 (Click joins a paragraph's lines with a space, which Chinese text must not get)
    _report(api.reports(source, output, templates, plain_fonts, quarter, date, units,
                        _progress))


def _version_label(version: Version) -> str:
    return f"第{version.number}版（{version.doc_number}，{format_date(dt.date.fromisoformat(version.issued))}印发）"


@cli.command()
@render_options
@click.option("--same-number", is_flag=True,
              help="沿用上一版的发文字号和成文日期（默认拒绝：修订后重新印发一般要改文号或日期）。")
def issue(source: Path, output: Path, templates: Path, plain_fonts: bool, same_number: bool) -> None:
    """印发新版本：生成通知和交办函，冻结到 output/已印发/第N版/（文件只读）并登记版本。

    表格有错误、或已印发的文件被删除或修改时拒绝印发；与上一版相比没有变化时不生成任何文件。
    从第2版起还生成修订对照表（修订对照表.docx）和需重新发送的交办函合订本，并列出任务有变化的单位。
    已印发的版本不会被覆盖，可用 taskdoc reproduce N 重现。

    \b
    示例：
      taskdoc issue
      taskdoc diff || taskdoc issue      有变化时才印发
    """
    result = api.issue(source, output, templates, plain_fonts, _progress, same_number=same_number)
    for note in result.notes:
        click.echo(note, err=True)
    for problem in result.warnings:
        click.echo(f"警告：{problem}", err=True)
    v = result.version
    if not result.created:
        click.echo(f"任务分解表与{_version_label(v)}相比没有变化，未生成新版本。")
        return
    click.echo(f"已印发{_version_label(v)}：{result.folder}（{len(result.written)} 个文件，只读）")
    if result.diff is None:
        click.echo(f"交办函 {len(v.changed_units)} 份：{Outputs(result.folder).letters}")
        return
    click.echo(f"  修订对照表：{Outputs(result.folder).revision}")
    if v.changed_units:
        click.echo(f"需重新发送交办函的单位（{len(v.changed_units)}个）：{'、'.join(v.changed_units)}")
        click.echo(f"  合订本：{Outputs(result.folder).changed_letters}")
    else:
        click.echo("各单位的任务均未变化，不需要重新发送交办函。")
    if result.diff.dropped:
        click.echo(f"不再承担任务的单位（不再发函）：{'、'.join(result.diff.dropped)}")
    click.echo(f"任务未变的单位（{len(v.unchanged_units)}个）：{'、'.join(v.unchanged_units) or '无'}")


# The commands as `taskdoc --help` lists them: in the order of a quarter's work, then the partial ones.
WORK_ORDER = ("serve", "check", "build", "issue", "reports", "collect", "diff", "pdf", "reproduce", "notice",
              "letters")

# A command whose exit code 1 means something other than trouble: `diff` exits 2 on trouble, as GNU
# diff does, so that 1 always means "changed" (an internal error too, not only a TaskdocError).
TROUBLE_EXIT = {"diff": 2}


@cli.command("diff")
@source_option
@click.option("--output", "-o", type=click.Path(path_type=Path), default=api.DEFAULT_OUTPUT, show_default=True,
              help="输出文件夹（已印发的版本在其中的“已印发”文件夹）。")
@click.option("--against", "-a", type=VERSION_NUMBER, metavar="N", help="与第N版比较（默认：最后印发的版本）。")
def diff_command(source: Path, output: Path, against: int | None) -> None:
    """比较任务分解表与已印发的版本：发文信息、条款、措施的增删改（逐字标出）、单位分工的变化，以及需重新发函的单位。

    只比较内容：调整行的顺序（如发文信息、单位表）或单元格格式不算变化。
    改写处在删去的文字两边标 [-…-]，新增的文字两边标 {+…+}。

    \b
    退出码（与 diff 命令相同，便于脚本使用）：
      0  没有变化
      1  有变化
      2  出错（如表格有错误、还没有印发过版本）

    \b
    示例：
      taskdoc diff
      taskdoc diff --against 1
    """
    result = api.diff(source, output, against)
    for problem in result.warnings:
        click.echo(f"警告：{problem}", err=True)
    for damage in result.damaged:
        click.echo(f"警告：已印发的文件被删除或修改：{damage}", err=True)
    label = _version_label(result.against)
    if not result.diff.changed:
        click.echo(f"任务分解表 {source} 与{label}相比没有变化。")
        sys.exit(0)
    click.echo(f"任务分解表 {source} 与{label}相比：")
    click.echo(console.diff_report(result.diff))
    click.echo(f"共 {len(result.diff.changes)} 处变化；运行 taskdoc issue 印发新版本。")
    sys.exit(1)


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path), metavar="文件夹")
@render_options
@click.option("--quarter", "-q", metavar="季度",
              help="汇总的季度，如 2020Q4 或“2020年第四季度”；默认为多数报表所属的季度。")
@click.option("--reminders", type=REMINDERS, default="分别", show_default=True, metavar="分别|合并",
              help="催报通知：分别 每个未报单位一份，合并 一份通知列出全部未报单位。")
@click.option("--date", "date", type=DATE, metavar="YYYY-MM-DD",
              help="情况通报和催报通知的日期（也是判断“截至”的日期）；默认为今天。")
def collect(folder: Path, source: Path, output: Path, templates: Path, plain_fonts: bool, quarter: str | None,
            reminders: Reminders, date: dt.date | None) -> None:
    """汇总各单位报回的季度报表：生成汇总表（含图表）、情况通报（草稿）和催报通知，写入 output/汇总/季度/。

    \b
    读取文件夹及其子文件夹中的全部 .xlsx 报表（Office/WPS 的“~$”临时文件和隐藏文件自动忽略），
    按报表内记录的单位、季度和任务表版本识别，文件改了名也能认出。逐个检查并列出问题（文件和单元格）：
    季度不对、单位不明、旧版报表、任务内容被改动、完成情况不在可选范围、进展情况未填、
    同一单位报了两份、逾期报送；损坏、加密、.xls/.et 格式、过大或“压缩炸弹”的文件不读取并说明原因，
    其余报表照常汇总。文件夹中的文件不会被修改。汇总完成时退出码为 0（即使有问题），无法汇总时为 1。

    \b
    示例：
      taskdoc collect 收到的报表 --quarter 2020Q4
      taskdoc collect 收到的报表 --quarter 2020年第四季度 --reminders 合并
      taskdoc collect D:\\报表\\四季度 --date 2021-01-08
    """
    result = api.collect(folder, source, output, templates, plain_fonts, quarter, reminders,
                         date, _progress)
    click.echo(console.collect_report(str(folder), result.collection))
    _report(dataclasses.replace(result, removed=[], kept=[]))
    if result.earlier:
        click.echo("上次汇总的结果没有覆盖，已移到：")
        for path in result.earlier:
            click.echo(f"  {path}")
    if result.removed:
        click.echo(f"已删除上次汇总生成、现在不再需要的 {len(result.removed)} 份催报通知"
                   "（单位已报送，或换了催报方式）：")
        for path in result.removed:
            click.echo(f"  {path}")
    for path in result.kept:
        click.echo(f"警告：{path} 是上次汇总生成的催报通知，现在已不需要（单位已报送，或换了催报方式），"
                   "但之后被改动过，未删除；请勿发出，确认后手工删除。", err=True)


serve_command.register(cli)  # taskdoc serve: the web page (generator.web), its own module


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="taskdoc")
