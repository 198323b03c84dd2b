"""Opening .xlsx files that may be hostile: shared by the task workbook's reader and the returned forms' reader."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from generator.text.dates import format_date


def cell_text(value: object) -> str:
    """Any cell value as clean text."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).replace("_x000D_\n", "\n").replace("_x000D_", "\n")  # Windows line ends, escaped
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


DTD_MARKERS = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))
DTD_OVERLAP = 2 * len("<!DOCTYPE")


def declares_dtd(path: Path, members: list[zipfile.ZipInfo] | None = None, chunk: int = 2**20) -> bool:
    """Whether an XML member declares a document type (where entities are defined). Excel never
    writes one; openpyxl parses some parts with lxml, which does not refuse it, so look first.
    Members are streamed: memory stays at one chunk whatever their size."""
    with zipfile.ZipFile(path) as z:
        for member in z.infolist() if members is None else members:
            if not member.filename.endswith((".xml", ".rels", ".vml")):
                continue
            with z.open(member) as f:
                tail = b""
                while block := f.read(chunk):
                    if any(marker in tail + block for marker in DTD_MARKERS):
                        return True
                    tail = block[-DTD_OVERLAP:]
    return False
