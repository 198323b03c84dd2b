"""The Flask application: the pages (工作台, 生成), their JSON endpoints and the downloads.

Every request passes `Guard` first (Host header, then the token or the cookie it set; a POST
carries the token itself). Every path the browser names is taken relative to the workspace's
output folder and checked to stay inside it; uploads are bounded and written into the workspace.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from flask import Flask, Response, abort, g, jsonify, redirect, render_template, request, send_file, url_for
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.security import safe_join
from werkzeug.wrappers import Response as Reply

from generator import api
from generator.errors import Problem
from generator.web.guard import TOKEN_FIELD, TOKEN_HEADER, Guard
from generator.web.jobs import Job, Jobs
from generator.workspace import DEFAULT_OUTPUT, DEFAULT_SOURCE, DEFAULT_TEMPLATES

SOURCE_BACKUPS = Path("source") / "以前的任务分解表"  # an uploaded workbook replaces the old one, kept here
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
PUBLIC_ENDPOINTS = {"static", "login"}


@dataclass(frozen=True)
class Workspace:
    """The office's folder: source/decomposition.xlsx, templates/, output/."""

    root: Path

    @property
    def source(self) -> Path:
        return self.root / DEFAULT_SOURCE

    @property
    def output(self) -> Path:
        return self.root / DEFAULT_OUTPUT

    @property
    def templates(self) -> Path:
        return self.root / DEFAULT_TEMPLATES

    def shown(self, path: Path) -> str:
        """A path as the page shows it: relative to the workspace, with forward slashes."""
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def short(self, text: str) -> str:
        """A message with the workspace's files named by their paths in it."""
        return text.replace(f"{self.root}{os.sep}", "")

    def in_output(self, relative: str) -> Path | None:
        """The file of output/ the browser names by its relative path; None for anything else (a
        path leaving output/, a hidden file or folder, a folder, a missing file)."""
        joined = safe_join(str(self.output), relative)
        if joined is None:
            return None
        path = Path(joined)
        try:
            inside = path.resolve().relative_to(self.output.resolve())
        except (ValueError, OSError):
            return None
        if any(part.startswith((".", "~$")) for part in inside.parts) or not path.is_file():
            return None
        return path

    def relative(self, path: Path) -> str | None:
        """A written file's path relative to output/ (what a download link names), None if outside."""
        try:
            return Path(path).resolve().relative_to(self.output.resolve()).as_posix()
        except ValueError:
            return None


def upload_limit() -> int:
    """The largest workbook accepted: the limit `collect` sets for a returned form."""
    from generator.reporting.returns import MAX_FILE_BYTES

    return MAX_FILE_BYTES


def create_app(workspace: Path, guard: Guard) -> Flask:
    """The application for one workspace, guarded by `guard`."""
    here = Path(__file__).parent
    app = Flask(__name__, template_folder=str(here / "templates"), static_folder=str(here / "static"))
    app.config["MAX_CONTENT_LENGTH"] = upload_limit() + 2**20  # the form's own fields on top
    app.config["MAX_FORM_PARTS"] = 20
    ws = Workspace(Path(workspace).resolve())
    jobs = Jobs(ws.short)
    upload_limits: dict[str, tuple[int, int]] = {}  # endpoint -> (bytes, parts) where many files come at once
    app.extensions["taskdoc"] = {"workspace": ws, "guard": guard, "jobs": jobs, "upload_limits": upload_limits}

    @app.before_request
    def check_access() -> Reply | None:
        if not guard.host_allowed(request.host):
            return _refused(400, "地址不对：请使用 taskdoc serve 显示的地址打开本页面。")
        if request.endpoint in PUBLIC_ENDPOINTS:
            return None
        if (limits := upload_limits.get(request.endpoint or "")) is not None:  # before the form is read
            request.max_content_length, request.max_form_parts = limits
        given = request.args.get("token")
        if request.method == "GET" and given is not None:
            if not guard.accepts(given):
                return _forbidden(guard)
            args = {k: v for k, v in request.args.items() if k != "token"}
            response = redirect(url_for(request.endpoint or "workbench", **{**(request.view_args or {}), **args}))
            _set_cookie(response, guard)
            return response
        if not guard.accepts(request.cookies.get(guard.cookie)):
            return _forbidden(guard)
        if request.method not in ("GET", "HEAD"):
            posted = request.headers.get(TOKEN_HEADER) or request.form.get(TOKEN_FIELD)
            if not guard.accepts(posted):
                return _refused(403, "请求缺少页面的口令，已拒绝（请从本页面的按钮操作）。")
        g.token = guard.token
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Content-Security-Policy"] = ("default-src 'self'; img-src 'self' data:; "
                                                       "frame-ancestors 'none'; form-action 'self'")
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_: HTTPException) -> tuple[str, int]:
        mb = upload_limit() // 2**20
        return render_template("message.html", title="文件太大",
                               message=f"上传的文件超过 {mb} MB，未保存。任务分解表一般只有几百 KB，"
                                       "请确认选对了文件。", back=url_for("workbench")), 413

    @app.errorhandler(404)
    def not_found(_: HTTPException) -> tuple[str, int]:
        return render_template("message.html", title="找不到",
                               message="没有这个页面或文件（文件可能已被删除或重新生成）。",
                               back=url_for("workbench")), 404

    @app.errorhandler(Exception)
    def internal(err: Exception) -> tuple[str, int] | HTTPException:
        if isinstance(err, HTTPException):
            return err
        app.logger.exception("taskdoc web")
        return render_template("message.html", title="出错了",
                               message=f"taskdoc 内部错误（{type(err).__name__}：{err}）。"
                                       "请把这段信息发给维护人员。", back=url_for("workbench")), 500

    @app.context_processor
    def common() -> dict[str, Any]:
        return {"token": getattr(g, "token", ""), "token_field": TOKEN_FIELD, "workspace": str(ws.root)}

    @app.get("/")
    def workbench() -> str:
        result = api.check(ws.source) if ws.source.is_file() else None
        return render_template("workbench.html", **_check_view(ws, result), notice=request.args.get("msg", ""),
                               source=ws.shown(ws.source), mtime=_mtime(ws.source), limit=upload_limit() // 2**20)

    @app.get("/api/source")
    def source_state() -> Response:
        return jsonify({"mtime": _mtime(ws.source)})

    @app.post("/upload")
    def upload() -> Reply | tuple[str, int]:
        file = request.files.get("workbook")
        if file is None or not file.filename:
            return _message("没有选择文件", "请先点“选择文件”，选中任务分解表（.xlsx）后再上传。")
        name = Path(file.filename.replace("\\", "/")).name
        if Path(name).suffix.lower() not in WORKBOOK_SUFFIXES:
            return _message("文件格式不对", f"“{name}”不是 Excel 工作簿（.xlsx）。"
                            "请在 Excel 或 WPS 中“另存为” Excel 工作簿（*.xlsx）后再上传。")
        saved = _save_upload(ws, file.stream, upload_limit())
        if saved is None:
            return _message("文件太大或不是 Excel 工作簿",
                            f"“{name}”超过 {upload_limit() // 2**20} MB，或不是 .xlsx 文件，未保存。")
        backup = _replace_source(ws, saved)
        kept = f"原来的表格已保存为 {ws.shown(backup)}。" if backup else ""
        return redirect(url_for("workbench", msg=f"已上传“{name}”，替换了 {ws.shown(ws.source)}。{kept}"))

    @app.get("/build")
    def build_page() -> str:
        last = jobs.last("build")
        return render_template("build.html", last=last.id if last else "")

    @app.post("/api/build")
    def start_build() -> Response:
        force = request.form.get("force") == "1" or (request.is_json and bool((request.json or {}).get("force")))
        job = jobs.start("build", lambda job: _build(ws, job, force), lambda job, result: _built(ws, result))
        return jsonify({"job": job.id})

    @app.get("/api/jobs/<job_id>")
    def job_status(job_id: str) -> Response:
        job = jobs.get(job_id)
        if job is None:
            abort(404)
        return jsonify(job.status())

    @app.get("/files/<path:relative>")
    def download(relative: str) -> Response:
        path = ws.in_output(relative)
        if path is None:
            abort(404)
        return send_file(path, as_attachment=True, download_name=path.name)

    @app.get("/zip/<job_id>")
    def download_all(job_id: str) -> Response:
        job = jobs.get(job_id)
        if job is None or not job.finished or job.error:
            abort(404)
        files = [(rel, path) for f in job.summary.get("files", [])
                 if (rel := f["path"]) and (path := ws.in_output(rel)) is not None]
        return _zip(files, f"taskdoc_{dt.datetime.now():%Y-%m-%d_%H%M}.zip")

    from generator.web import preview, quarter, versions

    preview.register(app, ws)
    quarter.register(app, ws, jobs, lambda result: _built(ws, result))
    versions.register(app, ws, jobs, lambda result: _built(ws, result))

    @app.route("/login", methods=["GET", "POST"])
    def login() -> Reply | tuple[str, int] | str:
        if guard.password is None:
            return _refused(403, "本页面只能用 taskdoc serve 显示的地址（含 token）打开。")
        if request.method == "POST":
            if guard.password_ok(request.form.get("password")):
                response = redirect(url_for("workbench"))
                _set_cookie(response, guard)
                return response
            time.sleep(1)  # slows guessing
            return render_template("login.html", wrong=True), 403
        return render_template("login.html", wrong=False)

    return app


def _set_cookie(response: Reply, guard: Guard) -> None:
    response.set_cookie(guard.cookie, guard.token, httponly=True, samesite="Strict", path="/")


def _refused(status: int, message: str) -> Response:
    response = Response(render_template("message.html", title="无法访问", message=message, back=""), status)
    return response


def _forbidden(guard: Guard) -> Response:
    if guard.password is not None:
        return _refused(403, "需要登录：请打开 /login 输入密码，或使用 taskdoc serve 显示的完整地址。")
    return _refused(403, "没有访问权限：请使用 taskdoc serve 显示的完整地址（含 token=…）打开本页面。")


def _message(title: str, message: str) -> tuple[str, int]:
    return render_template("message.html", title=title, message=message, back=url_for("workbench")), 400


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _save_upload(ws: Workspace, stream: Any, limit: int) -> Path | None:
    """The upload written to a hidden file beside the workbook, at most `limit` bytes; None (and
    nothing left behind) when it is larger or not a zip file (every .xlsx is one)."""
    ws.source.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".上传中-", suffix=".xlsx", dir=ws.source.parent)
    tmp = Path(name)
    size = 0
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := stream.read(2**16):
                size += len(chunk)
                if size > limit:
                    raise ValueError("too large")
                out.write(chunk)
        if not zipfile.is_zipfile(tmp):
            raise ValueError("not a zip")
    except ValueError:
        tmp.unlink(missing_ok=True)
        return None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _replace_source(ws: Workspace, saved: Path) -> Path | None:
    """The uploaded workbook in the place of source/decomposition.xlsx; the old one first copied
    to source/以前的任务分解表/decomposition_<date_time>.xlsx (returned)."""
    backup = None
    if ws.source.is_file():
        folder = ws.root / SOURCE_BACKUPS
        folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.fromtimestamp(ws.source.stat().st_mtime).strftime("%Y-%m-%d_%H%M%S")
        backup, n = folder / f"{ws.source.stem}_{stamp}{ws.source.suffix}", 1
        while backup.exists():
            n += 1
            backup = folder / f"{ws.source.stem}_{stamp}_{n}{ws.source.suffix}"
        os.replace(ws.source, backup)
    os.replace(saved, ws.source)
    return backup


# -- the check (工作台) ------------------------------------------------------------------------


def _problem_row(problem: Problem) -> dict[str, str]:
    loc = problem.location
    cell = loc.cell + (f"（{loc.column}）" if loc.column else "")
    return {"severity": problem.severity.value, "error": "1" if problem.is_error else "",
            "sheet": loc.sheet, "cell": cell, "message": problem.message, "fix": problem.fix}


def _check_view(ws: Workspace, result: Any) -> dict[str, Any]:
    """What the 工作台 shows: the summary `taskdoc check` prints (without its list of problems,
    which the page shows as a table), the verdict and a row per problem."""
    if result is None:
        return {"found": False, "summary": "", "problems": [], "errors": 0, "warnings": 0}
    from generator.cli.console import check_report

    lines = check_report(ws.shown(ws.source), result).splitlines()
    head = []
    for line in lines:
        if line.startswith(("错误（", "警告（", "检查未通过", "检查通过")):
            break
        head.append(line)
    return {"found": True, "summary": "\n".join(head).rstrip(), "problems": [_problem_row(p) for p in result.problems],
            "errors": len(result.errors), "warnings": len(result.warnings)}


# -- the build (生成) --------------------------------------------------------------------------


def _expected(ws: Workspace) -> int:
    """The progress messages a full build sends: the notice; each letter, the matrix and the
    print-all file; each unit's form and the cover note (forms and letters only when the workbook
    allows them). 0 when the workbook cannot be read (the build will say why)."""
    result = api.check(ws.source)
    if result.table is None or result.errors:
        return 0
    units = len(result.table.letter_units())
    letters = result.no_letters is None and units > 0
    forms = letters and result.no_forms is None
    return 1 + (units + 2 if letters else 0) + (units + 1 if forms else 0)


def _build(ws: Workspace, job: Job, force: bool) -> api.BuildResult:
    job.progress("读取任务分解表……")
    job.expected = _expected(ws)
    return api.build(ws.source, ws.output, ws.templates, progress=job.progress, force=force)


def _file_row(ws: Workspace, path: Path) -> dict[str, str]:
    rel = ws.relative(path) or ""
    folder = rel.rpartition("/")[0]
    return {"name": Path(path).name, "path": rel, "folder": folder or "output",
            "url": f"/files/{quote(rel)}" if rel else ""}


def _built(ws: Workspace, result: api.BuildResult) -> dict[str, Any]:
    """A build's result as the page shows it, worded as `taskdoc build` prints it."""
    n = len(result.written)
    if result.unchanged:
        headline = (f"表格、模板和设置与上次生成时相同，{n} 个文件都是最新的，未重新生成"
                    "（需要时勾选“强制重新生成”）。")
    else:
        headline = f"已生成 {n} 个文件。"
    notes = [f"说明：{note}。" for note in result.recovered] + [f"说明：{note}" for note in result.notes]
    notes += [f"警告：{p}" for p in result.warnings]
    notes += [f"已删除上次生成、这次不再生成的文件：{ws.shown(p)}" for p in result.removed]
    notes += [f"警告：{ws.shown(p)} 是上次生成的，这次不再生成，但之后被改动过，未删除；如已不需要请手工删除。"
              for p in result.kept]
    notes += [f"注意：{ws.shown(b.path)} 在上次生成后被改动过（或不是 taskdoc 生成的），已换成新文件；"
              f"原文件已移到 {ws.shown(b.backup)}" for b in result.backups]
    notes = [ws.short(note) for note in notes]
    return {"headline": headline, "unchanged": result.unchanged, "notes": notes,
            "files": [_file_row(ws, p) for p in result.written]}


def _zip(files: list[tuple[str, Path]], name: str) -> Response:
    """One .zip of the files (names relative to output/), built in a temporary file."""
    spool = tempfile.SpooledTemporaryFile(max_size=64 * 2**20)  # noqa: SIM115 (send_file closes it)
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as z:
        for rel, path in files:
            z.write(path, rel)
    spool.seek(0)
    return send_file(spool, mimetype="application/zip", as_attachment=True, download_name=name)
