"""`taskdoc serve`: the clerk's web page on this computer (see `generator.web`). Registered on the
command group by `register(cli)`; Flask and waitress are imported only when the command runs, so
that `taskdoc --help` starts as fast as before."""

from __future__ import annotations

import threading
import webbrowser
from pathlib import Path

import click

from generator.cli.chinese import ChineseCommand
from generator.errors import TaskdocError
from generator.web.guard import PASSWORD_ENV, is_loopback  # light: no Flask


@click.command("serve", cls=ChineseCommand)
@click.option("--workspace", "-w", type=click.Path(path_type=Path, file_okay=False), default=Path("."),
              help="工作文件夹（其中有 source/decomposition.xlsx，输出写入 output/）；默认为当前文件夹。")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="地址",
              help="监听的地址；默认只有本机能打开。用 0.0.0.0 让办公室网络中的其他电脑打开时必须设置密码。")
@click.option("--port", "-p", type=int, default=0, metavar="端口",
              help="端口（1–65535）；默认自动选一个空闲的端口。")
@click.option("--password", envvar=PASSWORD_ENV, metavar="密码",
              help=f"其他电脑打开时需输入的密码（也可用环境变量 {PASSWORD_ENV} 设置）。")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器。")
def serve(workspace: Path, host: str, port: int, password: str | None, no_browser: bool) -> None:
    """在浏览器中使用 taskdoc：检查表格、生成文书、下载文件。

    启动一个只在本机使用的网页服务，并打开浏览器。地址中含有随机口令（token=…），其他人不知道口令就打不开。关闭本窗口或按 Ctrl+C 停止。

    \b
    示例：
      taskdoc serve
      taskdoc serve --workspace D:\\公文\\2021年
      taskdoc serve --host 0.0.0.0 --password 口令     让办公室其他电脑也能打开
    """  # noqa: E501 (Click joins a paragraph's lines with a space, which Chinese text must not get)
    if not 0 <= port <= 65535:
        raise click.BadParameter(f"端口 {port} 不存在（应为 1–65535，不指定时自动选择）", param_hint="--port")
    if not is_loopback(host) and not password:
        raise TaskdocError(f"监听地址 {host} 可以被其他电脑访问，必须设置密码，未启动",
                           fix=f"请加 --password 密码，或设置环境变量 {PASSWORD_ENV}；只在本机使用时不要加 --host")
    if not workspace.is_dir():
        raise TaskdocError("找不到工作文件夹", file=str(workspace),
                           fix="请用 --workspace 指定含有 source 文件夹的工作文件夹")
    from generator.web.server import Server

    try:
        server = Server(workspace, host, port, password or None)
    except OSError as err:
        raise TaskdocError(f"无法在 {host}:{port} 启动网页服务（{err.strerror or err}）",
                           fix="端口可能已被占用：请换一个 --port，或不加 --port 让 taskdoc 自动选择") from err
    url = server.url
    click.echo("taskdoc 网页已启动。请在浏览器中打开（地址中含有口令，请勿发给他人）：")
    click.echo(f"  {url}")
    if not is_loopback(host):
        click.echo(f"办公室其他电脑请打开 http://本机地址:{server.port}/login ，输入密码登录。")
    click.echo(f"工作文件夹：{workspace.resolve()}")
    click.echo("关闭本窗口或按 Ctrl+C 停止。")
    if not no_browser:
        threading.Timer(0.5, webbrowser.open, (url,)).start()
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("已停止。")
    finally:
        server.close()


def register(cli: click.Group) -> None:
    """Add `taskdoc serve` to the command group."""
    cli.add_command(serve)

