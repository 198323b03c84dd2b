"""The shipped workbook as editable rows, for the edit scenarios of issue / diff / 修订对照表 tests.

Merged cells are written into every row they cover: the README promises that this reads the same
as the merged original, so an edit is a change of values only.
"""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import load_workbook

from generator.text.numerals import cn_number, to_cn_number

from .helpers import SHIPPED, write

TABLE = "任务分解"
NOTICE = "发文信息"


def sheets() -> dict[str, list[list]]:
    """Every sheet's values, merged task-table cells repeated in each row they cover."""
    wb = load_workbook(SHIPPED)
    data = {}
    for ws in wb:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        for rng in ws.merged_cells.ranges:
            if rng.min_row < 3:  # the title row above the header stays as it is
                continue
            value = ws.cell(rng.min_row, rng.min_col).value
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    rows[r - 1][c - 1] = value
        data[ws.title] = rows
    return data


def save(data: dict[str, list[list]], path: Path) -> Path:
    return write(path, data)


def row_of(data: dict[str, list[list]], column: int, prefix: str, sheet: str = TABLE) -> int:
    """Index of the first row whose cell in `column` (0-based) starts with `prefix`."""
    return next(i for i, r in enumerate(data[sheet]) if r[column] and str(r[column]).startswith(prefix))


def reword(data, old: str, new: str) -> None:
    """Replace text in the measure that contains `old`."""
    i = next(i for i, r in enumerate(data[TABLE]) if r[3] and old in str(r[3]))
    data[TABLE][i][3] = data[TABLE][i][3].replace(old, new)


def set_notice(data, key: str, value) -> None:
    data[NOTICE][row_of(data, 0, key, NOTICE)][1] = value


def remove_clause(data, number: int) -> None:
    """Delete a clause's rows and renumber the clauses after it, as a clerk would."""
    label = f"（{to_cn_number(number)}）"
    data[TABLE] = [r for r in data[TABLE] if not (r[1] and str(r[1]).startswith(label))]
    for r in data[TABLE][2:]:
        m = re.match(r"^（([一二三四五六七八九十]+)）", str(r[1] or ""))
        if m and cn_number(m.group(1)) > number:
            r[1] = f"（{to_cn_number(cn_number(m.group(1)) - 1)}）" + r[1][m.end():]
