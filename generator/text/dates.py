"""Dates and quarters as clerks write them, and as GB/T 9704 prints them."""

from __future__ import annotations

import datetime as dt
import re

_DATE_TEXT = re.compile(
    r"^\s*(?P<y>\d{4})\s*(?:年|-|/|\.)\s*(?P<m>\d{1,2})\s*(?:月|-|/|\.)\s*(?P<d>\d{1,2})\s*日?\s*$"
)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


class NotADate(ValueError):
    """A value that was meant as a date but is none (text that is no date, or 2月30日)."""


def parse_date(value: object) -> dt.date | None:
    """A date from an Excel date, a serial number, or text like 2020年9月17日 / 2020-09-17.

    Empty values give None; anything else that is not a real date raises NotADate.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise NotADate(str(value))
    m = _DATE_TEXT.match(str(value))
    if not m:
        raise NotADate(str(value))
    try:
        return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError as err:
        raise NotADate(str(value)) from err


def format_date(day: dt.date) -> str:
    """GB/T 9704 §7.3.5.4: Arabic numerals, full year, no zero padding — 2020年9月17日."""
    return f"{day.year}年{day.month}月{day.day}日"


_QUARTER = re.compile(r"^\s*(?P<y>\d{4})\s*(?:年\s*第?\s*(?P<cn>[一二三四1-4])\s*季度?|[-\s]?[Qq](?P<q>[1-4]))\s*$")


def parse_quarter(text: str) -> tuple[int, int] | None:
    """`2020年第四季度`, `2020年4季度` or `2020Q4` → (2020, 4); None otherwise."""
    m = _QUARTER.match(str(text))
    if not m:
        return None
    q = m["q"] or m["cn"]
    return int(m["y"]), int(q) if q.isdigit() else "一二三四".index(q) + 1
