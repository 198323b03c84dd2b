"""Opening .xlsx files that may be hostile: shared by the task workbook's reader and the returned forms' reader."""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass
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


MB = 2**20


@dataclass(frozen=True)
class ZipLimits:
    """How big a workbook may be, packed and unpacked, before it is refused unread."""

    unpacked_bytes: int  # all zip members together, uncompressed
    members: int
    bomb_ratio: int = 100  # a member inflating more than this …
    bomb_min_bytes: int = MB  # … and past 1 MB is a zip bomb (real sheets stay under ~20×)


def zip_excess(members: list[zipfile.ZipInfo], limits: ZipLimits) -> str | None:
    """Why a workbook's zip must not be unpacked (too many members, too big unpacked, a member that
    inflates like a zip bomb), in the clerk's words, or None when it is within the limits. The sizes
    are those the zip declares: openpyxl reading a member that lies about its size fails its CRC."""
    if len(members) > limits.members:
        return f"压缩包内有 {len(members)} 个文件，远超正常的工作簿"
    unpacked = sum(m.file_size for m in members)
    bombs = [m for m in members if m.file_size > limits.bomb_min_bytes
             and m.file_size > limits.bomb_ratio * max(m.compress_size, 1)]
    if unpacked > limits.unpacked_bytes or bombs:
        ratio = f"，压缩比超过 {limits.bomb_ratio} 倍" if bombs else ""
        return f"解压后达 {unpacked / MB:.0f} MB（上限 {limits.unpacked_bytes // MB} MB{ratio}），疑似“压缩炸弹”"
    return None
