"""The 季度报送 page: the quarter's forms (`api.reports`), the returned forms uploaded into
收到的报表/<季度>/ (kept as they came, never overwritten), and their summary (`api.collect`): who
reported, who is late or missing, each task's status, the files' problems and the documents."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from flask import Flask, Response, abort, jsonify, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as Reply

from generator import api
from generator.model import Quarter
from generator.text.filenames import safe_filename
from generator.web.jobs import Job, Jobs

if TYPE_CHECKING:
    from generator.web.app import Workspace

RECEIVED = "收到的报表"  # in the workspace: the returned forms, a folder per quarter
MAX_FORMS = 500  # files in one upload


def quarters(ws: Workspace) -> list[Quarter]:
    """The quarters of the workbook's 报送 sheet (none when it cannot be read)."""
    result = api.check(ws.source) if ws.source.is_file() else None
    return list(result.table.reporting.quarters) if result and result.table else []


def chosen(ws: Workspace, key: str | None) -> tuple[list[Quarter], Quarter | None]:
    """The quarters and the one the page names (by its key, 2024Q1: never a path), else the first
    whose deadline has not passed, else the last."""
    all_quarters = quarters(ws)
    if key:
        return all_quarters, next((q for q in all_quarters if q.key == key), None)
    today = dt.date.today()
    due = [q for q in all_quarters if q.deadline is None or q.deadline >= today]
    return all_quarters, due[0] if due else all_quarters[-1] if all_quarters else None


def received(ws: Workspace, quarter: Quarter) -> Path:
    return ws.root / RECEIVED / quarter.label


def register(app: Flask, ws: Workspace, jobs: Jobs, describe_files: Any) -> None:
    """Add the page and its endpoints to the application."""
    app.extensions["taskdoc"]["upload_limits"]["upload_forms"] = ((_limit() + 2**16) * MAX_FORMS, MAX_FORMS + 10)

    @app.get("/quarter")
    def quarter_page() -> str:
        all_quarters, quarter = chosen(ws, request.args.get("q"))
        files = []
        if quarter is not None and (folder := received(ws, quarter)).is_dir():
            files = [{"name": p.name, "size": f"{max(1, p.stat().st_size // 1024)} KB",
                      "time": dt.datetime.fromtimestamp(p.stat().st_mtime).strftime("%Y-%m-%d %H:%M")}
                     for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")]
        last = {kind: (job.id if (job := jobs.last(f"{kind}:{quarter.key}")) else "")
                for kind in ("reports", "collect")} if quarter else {}
        return render_template("quarter.html", quarters=all_quarters, quarter=quarter, files=files, last=last,
                               folder=ws.shown(received(ws, quarter)) if quarter else "",
                               notice=request.args.get("msg", ""), limit=_limit() // 2**20, max_forms=MAX_FORMS)

    @app.post("/api/reports/<key>")
    def start_reports(key: str) -> Response:
        quarter = _quarter(ws, key)

        def work(job: Job) -> api.BuildResult:
            job.progress("读取任务分解表……")
            result = api.check(ws.source)
            job.expected = len(result.table.letter_units()) + 1 if result.table is not None else 0
            return api.reports(ws.source, ws.output, ws.templates, quarter=quarter.key, progress=job.progress)

        job = jobs.start(f"reports:{key}", work, lambda job, result: describe_files(result))
        return jsonify({"job": job.id})

    @app.post("/upload-forms/<key>")
    def upload_forms(key: str) -> Reply | tuple[str, int]:
        quarter = _quarter(ws, key)
        uploads = [f for f in request.files.getlist("forms") if f.filename]
        if not uploads:
            return _back(quarter, "没有选择文件：请先选择各单位报回的 .xlsx 报表。")
        folder = received(ws, quarter)
        folder.mkdir(parents=True, exist_ok=True)
        saved, same, refused = [], [], []
        for upload in uploads:
            name = safe_filename(Path((upload.filename or "").replace("\\", "/")).name)
            why = _refusal(name)
            if why:
                refused.append(f"{name}（{why}）")
                continue
            outcome = _keep(folder, name, upload.stream, _limit())
            if outcome is None:
                refused.append(f"{name}（超过 {_limit() // 2**20} MB，未保存）")
            elif outcome == "":
                same.append(name)
            else:
                saved.append(outcome)
        parts = [f"已保存 {len(saved)} 份报表到 {ws.shown(folder)}。"] if saved else []
        if same:
            parts.append(f"{len(same)} 份与已收到的文件完全相同，未重复保存。")
        if refused:
            parts.append(f"未保存：{'；'.join(refused)}。")
        return _back(quarter, "".join(parts))

    @app.post("/api/collect/<key>")
    def start_collect(key: str) -> Response:
        quarter = _quarter(ws, key)
        one = (request.get_json(silent=True) or {}).get("reminders") == "one"
        reminders: Literal["each", "one"] = "one" if one else "each"

        def work(job: Job) -> api.CollectResult:
            return api.collect(received(ws, quarter), ws.source, ws.output, ws.templates, quarter=quarter.key,
                               reminders=reminders, progress=job.progress)

        def describe(job: Job, result: api.CollectResult) -> dict[str, Any]:
            return {**describe_files(result), **collection(ws, result, received(ws, quarter))}

        job = jobs.start(f"collect:{key}", work, describe)
        return jsonify({"job": job.id})


def _limit() -> int:
    from generator.reporting.returns import MAX_FILE_BYTES

    return MAX_FILE_BYTES


def _refusal(name: str) -> str:
    """Why a file is not kept as a returned form ("" when it is), in `collect`'s words."""
    from generator.reporting.returns import FORM_SUFFIXES, OLD_FORMATS, SAVE_AS

    suffix = Path(name).suffix.lower()
    if name.startswith(("~$", ".")):
        return "临时文件或隐藏文件"
    if suffix in OLD_FORMATS:
        return f"{OLD_FORMATS[suffix]}，{SAVE_AS}"
    if suffix not in FORM_SUFFIXES:
        return "不是 .xlsx 报表"
    return ""


def _keep(folder: Path, name: str, stream: Any, limit: int) -> str | None:
    """Save an upload in `folder` under its name, never over another file: the same bytes already
    there give "" (not saved twice), a different file of that name gets 名称_2.xlsx. None: larger than
    `limit`, nothing kept."""
    tmp = folder / f".上传中-{os.getpid()}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"
    digest, size = hashlib.sha256(), 0
    try:
        with open(tmp, "wb") as out:
            while chunk := stream.read(2**16):
                size += len(chunk)
                if size > limit:
                    raise ValueError("too large")
                digest.update(chunk)
                out.write(chunk)
        stem, suffix, n = Path(name).stem, Path(name).suffix, 1
        target = folder / name
        while True:
            if target.exists():
                if hashlib.sha256(target.read_bytes()).digest() == digest.digest():
                    return ""
            else:
                try:
                    _place(tmp, target)
                    return target.name
                except FileExistsError:  # the name was taken meanwhile
                    continue
            n += 1
            target = folder / f"{stem}_{n}{suffix}"
    except ValueError:
        return None
    finally:
        tmp.unlink(missing_ok=True)


def _place(tmp: Path, target: Path) -> None:
    """`tmp` under the name `target`, never over a file of that name (FileExistsError): a hard link
    where the disk has them, else an exclusive copy (FAT and exFAT USB disks have no links)."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:
        with open(tmp, "rb") as src, open(target, "xb") as out:
            shutil.copyfileobj(src, out)


def _quarter(ws: Workspace, key: str) -> Quarter:
    _, quarter = chosen(ws, key)
    if quarter is None:
        abort(404)
    return quarter


def _back(quarter: Quarter, message: str) -> Reply:
    return redirect(url_for("quarter_page", q=quarter.key, msg=message))


def collection(ws: Workspace, result: api.CollectResult, forms: Path) -> dict[str, Any]:
    """The quarter's picture as the page shows it: the same numbers as the 汇总表 (from the same
    Collection), and the text `taskdoc collect` prints."""
    from generator.cli.console import collect_report

    c = result.collection
    counts = c.task_counts()
    total = max(1, len(c.tasks))
    return {
        "quarter": c.quarter.label,
        "due": len(c.submissions), "reported": len(c.reported), "late": len(c.late), "missing": len(c.missing),
        "blank": len(c.blank),
        "units": [{"name": s.unit.name, "state": s.state.value, "file": s.file,
                   "date": s.date.isoformat() if s.date else ""} for s in c.submissions],
        "statuses": [{"status": s, "count": n, "percent": round(100 * n / total)} for s, n in counts.items() if n
                     or s in c.statuses],
        "tasks": len(c.tasks),
        "behind": [{"task": f"{t.clause.label}{t.measure.display}", "lead": "、".join(t.lead)} for t in c.behind()],
        "problems": [{"severity": p.severity.value, "file": Path(p.location.file).name, "sheet": p.location.sheet,
                      "cell": p.location.cell, "message": p.message, "fix": p.fix} for p in c.problems],
        "report": ws.short(collect_report(ws.shown(forms), c)),
    }
