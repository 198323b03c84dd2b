"""The model as canonical data: a JSON snapshot that rebuilds the same TaskTable, and its hashes.

A snapshot holds what the documents say, never where it stood in the workbook (source rows are
left out), so reordering rows or reformatting cells does not change it. Two hashes are derived:
`table_hash` covers the task table only (parts, clauses, measures, their units and the column
headers) and identifies the version a reporting form was made from; `snapshot_hash` covers the
whole model and identifies an issued version.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import typing
from enum import Enum
from functools import cache
from typing import Any

from generator.model import (
    OMITTED_WHEN_DEFAULT,
    Clause,
    Headers,
    Heading,
    Measure,
    Notice,
    Part,
    Quarter,
    Reporting,
    TaskTable,
    Unit,
)

FORMAT = 1  # bump when the snapshot's shape changes; from_data refuses other formats


def to_data(table: TaskTable) -> dict[str, Any]:
    """The whole model as plain JSON data (source rows left out)."""
    return {"format": FORMAT, **_plain(table)}


def from_data(data: dict[str, Any]) -> TaskTable:
    """Rebuild the model from `to_data`'s output."""
    if data.get("format") != FORMAT:
        raise ValueError(f"unknown snapshot format {data.get('format')!r}")
    return _build(TaskTable, {k: v for k, v in data.items() if k != "format"})


def dumps(data: dict[str, Any]) -> str:
    """Canonical JSON text: keys sorted, no spacing choices left, Chinese kept readable."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _digest(data: Any) -> str:
    return hashlib.sha256(dumps(data).encode("utf-8")).hexdigest()


def table_hash(table: TaskTable) -> str:
    """Hash of the task table proper: what a unit is asked to do, not how the notice is worded."""
    data = to_data(table)
    return _digest({"parts": data["parts"], "headers": data["headers"]})


def snapshot_hash(table: TaskTable) -> str:
    """Hash of the whole model: any change a reader of the documents could see."""
    return _digest(to_data(table))


# -- dataclasses <-> plain data -----------------------------------------------------------------

def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.compare and not (f.metadata == OMITTED_WHEN_DEFAULT and getattr(value, f.name) == f.default)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)  # resolved in the model's own module


def _build(cls: type, data: dict[str, Any]) -> Any:
    hints = _hints(cls)
    kwargs = {name: _convert(hints[name], value) for name, value in data.items()}
    return cls(**kwargs)


_MODEL_TYPES = (TaskTable, Notice, Part, Clause, Heading, Measure, Unit, Quarter, Reporting, Headers)


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Union or type(hint).__name__ == "UnionType":  # X | None
        return _convert(next(a for a in args if a is not type(None)), value)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_convert(args[0], v) for v in value)
        return tuple(_convert(a, v) for a, v in zip(args, value))
    if hint in _MODEL_TYPES:
        return _build(hint, value)
    if hint is dt.date:
        return dt.date.fromisoformat(value)
    return value
