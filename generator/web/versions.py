"""The 版本 page: the issued versions and their documents, what changed since the last one (the
same diff as `taskdoc diff`, insertions and deletions marked), and 印发新版本 (`api.issue`)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from flask import Flask, Response, jsonify, render_template, request

from generator import api
from generator.errors import TaskdocError
from generator.text.dates import format_date
from generator.web.jobs import Job, Jobs
from generator.workspace import ARCHIVE, ISSUED_FOLDER, VersionFolder, version_folder_name

if TYPE_CHECKING:
    from generator.web.app import Workspace

REVISION = "修订对照表.docx"


def _label(version: Any) -> str:
    return f"第{version.number}版（{version.doc_number}，{format_date(dt.date.fromisoformat(version.issued))}印发）"


def _documents(version: Any) -> list[dict[str, str]]:
    """A version's documents (not its archive), each with its download link under output/."""
    folder = f"{ISSUED_FOLDER}/{version_folder_name(version.number)}"
    return [{"name": name, "url": f"/files/{quote(f'{folder}/{name}')}"}
            for name in sorted(version.files) if VersionFolder.is_document(name)]


def _change_rows(diff: Any) -> list[dict[str, Any]]:
    rows = []
    for c in diff.changes:
        if c.segments:
            parts = [{"op": op, "text": text} for op, text in c.segments]
        elif c.old and c.new:
            parts = [{"op": "-", "text": c.old}, {"op": "=", "text": " → "}, {"op": "+", "text": c.new}]
        else:
            parts = [{"op": "+" if c.new else "-", "text": c.new or c.old}]
        rows.append({"area": str(c.area.value if hasattr(c.area, "value") else c.area), "where": c.where,
                     "note": c.note, "parts": parts})
    return rows


def register(app: Flask, ws: Workspace, jobs: Jobs, describe_files: Any) -> None:
    """Add the page and its endpoint to the application."""

    @app.get("/versions")
    def versions_page() -> str:
        error, versions, diff, warnings, damaged = "", [], None, [], []
        try:
            versions = api.versions(ws.output)
            if versions:
                result = api.diff(ws.source, ws.output)
                diff, warnings, damaged = result.diff, result.warnings, result.damaged
        except TaskdocError as err:
            error = ws.short(err.describe())
        last = jobs.last("issue")
        return render_template(
            "versions.html", error=error, last=last.id if last else "",
            versions=[{"label": _label(v), "changed": "、".join(v.changed_units), "documents": _documents(v),
                       "revision": next((d for d in _documents(v) if d["name"] == REVISION), None)}
                      for v in reversed(versions)],
            against=_label(versions[-1]) if versions else "",
            changed=bool(diff and diff.changed), changes=_change_rows(diff) if diff else [],
            resend=[{"unit": u.unit, "what": "；".join(u.items)} for u in diff.resend] if diff else [],
            dropped=list(diff.dropped) if diff else [], unchanged=list(diff.unchanged) if diff else [],
            warnings=[ws.short(str(p)) for p in warnings], damaged=[ws.short(d) for d in damaged])

    @app.post("/api/issue")
    def start_issue() -> Response:
        same_number = bool((request.get_json(silent=True) or {}).get("force"))

        def work(job: Job) -> api.IssueResult:
            return api.issue(ws.source, ws.output, ws.templates, progress=job.progress, same_number=same_number)

        def describe(job: Job, result: api.IssueResult) -> dict[str, Any]:
            v = result.version
            if not result.created:
                headline = f"任务分解表与{_label(v)}相比没有变化，未生成新版本。"
            else:
                headline = f"已印发{_label(v)}（{len(result.written)} 个文件，只读）。"
            notes = [ws.short(n) for n in result.notes] + [ws.short(f"警告：{p}") for p in result.warnings]
            if result.created and result.diff is not None:
                notes.append(f"需重新发送交办函的单位（{len(v.changed_units)}个）：{'、'.join(v.changed_units)}"
                             if v.changed_units else "各单位的任务均未变化，不需要重新发送交办函。")
            files = [f for f in (describe_files(api.BuildResult(result.written))["files"])
                     if f["path"] and f"/{ARCHIVE}/" not in f["path"]]  # the documents, not the archive
            return {"headline": headline, "notes": notes, "files": files if result.created else [],
                    "unchanged": not result.created}

        job = jobs.start("issue", work, describe)
        return jsonify({"job": job.id})
