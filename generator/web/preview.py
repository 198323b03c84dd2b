"""A generated document's pages as pictures (预览), where LibreOffice is installed.

The document's PDF beside it is made with `api.pdf` when there is none or it is older than the
document; its pages are rendered with pypdfium2 (PDFium, no poppler) at about 60 dpi and kept as
PNG files in `output/.预览/` (hidden: builds, downloads and `taskdoc pdf` never list it). PDFium is
not thread-safe and two conversions would race for the same PDF: one lock serializes both.
"""

from __future__ import annotations

import struct
import threading
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Flask, Response, abort, jsonify, render_template, request, url_for

from generator import api
from generator.errors import TaskdocError
from generator.workspace import Outputs, pdf_beside

if TYPE_CHECKING:
    from generator.web.app import Workspace

DPI = 60
PREVIEWABLE = (".docx", ".xlsx")


class NoPreview(Exception):
    """Why a page cannot be shown, in Chinese."""


def register(app: Flask, ws: Workspace) -> None:
    """/api/preview?path=… (the page count) and /preview?path=…&page=N (the page as PNG)."""
    lock = threading.Lock()

    def document() -> Path:
        path = ws.in_output(request.args.get("path", ""))
        if path is None or path.suffix.lower() not in PREVIEWABLE:
            abort(404)
        return path

    @app.get("/api/preview")
    def preview_pages() -> Response | tuple[Response, int]:
        path = document()
        try:
            with lock:
                return jsonify({"pages": _count(_pdf(ws, path))})
        except NoPreview as err:
            return jsonify({"error": str(err)}), 404

    @app.get("/preview")
    def preview() -> Response | tuple[str, int]:
        path = document()
        page = request.args.get("page", "1")
        try:
            if not page.isdigit() or int(page) < 1:
                raise NoPreview(f"页码“{page}”不对：页码从 1 开始。")
            with lock:
                png = _page(ws, path, _pdf(ws, path), int(page))
        except NoPreview as err:
            return render_template("message.html", title="无法预览", message=str(err),
                                   back=url_for("build_page")), 404
        return Response(png.read_bytes(), mimetype="image/png")


def _pdf(ws: Workspace, path: Path) -> Path:
    """The document's PDF, made again when it is missing or older than the document."""
    target = pdf_beside(path)
    if not target.is_file() or target.stat().st_mtime_ns < path.stat().st_mtime_ns:
        try:
            api.pdf([path], ws.output)
        except TaskdocError as err:
            raise NoPreview(ws.short(err.describe())) from err
    if not target.is_file():
        raise NoPreview(f"没有生成 {target.name}，无法预览。")
    return target


def _open(pdf: Path) -> Any:
    import pypdfium2  # type: ignore[import-untyped]

    return pypdfium2.PdfDocument(pdf)


def _count(pdf: Path) -> int:
    doc = _open(pdf)
    try:
        return int(len(doc))
    finally:
        doc.close()


def _page(ws: Workspace, path: Path, pdf: Path, number: int) -> Path:
    """Page `number` of the PDF as PNG, from the cache when the PDF has not changed since."""
    rel = ws.relative(path) or path.name
    folder = Outputs(ws.output).previews / rel
    stamp = pdf.stat().st_mtime_ns
    png = folder / f"{stamp}_{number}.png"
    if png.is_file():
        return png
    doc = _open(pdf)
    try:
        if number > len(doc):
            raise NoPreview(f"{path.name} 没有第 {number} 页（共 {len(doc)} 页）。")
        page = doc[number - 1]
        bitmap = page.render(scale=DPI / 72, rev_byteorder=True)
        data = _png(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, bitmap.n_channels)
        bitmap.close()
        page.close()
    finally:
        doc.close()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):  # pages of an older PDF
        if not old.name.startswith(f"{stamp}_"):
            old.unlink(missing_ok=True)
    tmp = png.with_name(f".{png.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(png)
    return png


def _png(buffer: object, width: int, height: int, stride: int, channels: int) -> bytes:
    """An 8-bit RGB picture (rows `stride` bytes apart) as a PNG file."""
    if channels != 3:
        raise NoPreview(f"无法预览：PDFium 给出的图像是 {channels} 通道的（应为 3）。")
    raw = memoryview(buffer).cast("B")  # type: ignore[arg-type]
    rows = b"".join(b"\0" + raw[y * stride:y * stride + width * 3].tobytes() for y in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits, RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b"")
