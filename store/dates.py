"""Dates as the corpus files write them, and the periods ISO date values cover.

:func:`parse_date` reads a TOML date or datetime, or an ISO string.
:func:`value_period` and :func:`period_end` give the days an ISO 8601 value
covers at any precision, as TIMEX3 writes them (``2020-06-25``, ``2020-W26``,
``2020-06``, ``2020``, ``198X``): the build uses them to check annotated dates,
the catalog to order the dates the paragraphs report.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any


def parse_date(value: Any) -> dt.date | None:
    """A TOML date/datetime or an ISO string as a date (datetime keeps its time)."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return dt.date.fromisoformat(text)
            return dt.datetime.fromisoformat(text)
        except ValueError:
            return None
    return None


def covers(value: str, day: dt.date) -> bool:
    """True when the ISO ``value`` (any precision) includes ``day``."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value == day.isoformat()
    if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
        iso = day.isocalendar()
        return (iso.year, iso.week) == (int(m[1]), int(m[2]))
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return value == day.isoformat()[:7]
    if re.fullmatch(r"\d{4}", value):
        return value == str(day.year)
    if m := re.fullmatch(r"(\d{3})X", value):
        return str(day.year)[:3] == m[1]
    return False


def period_end(start: dt.date, precision: str) -> dt.date:
    """The last day of the period of ``precision`` that starts on ``start`` (at most
    the last day Python knows, 9999-12-31)."""
    try:
        return _period_end(start, precision)
    except (ValueError, OverflowError):
        return dt.date.max


def _period_end(start: dt.date, precision: str) -> dt.date:
    if precision == "day":
        return start
    if precision == "week":
        return start + dt.timedelta(days=6)
    if precision == "month":
        following = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    if precision == "year":
        return dt.date(start.year, 12, 31)
    return dt.date(start.year + 9, 12, 31)


def value_period(value: str) -> tuple[dt.date, dt.date] | None:
    """First and last day an ISO value covers (the last at most 9999-12-31: the
    week of 9999-12-27 ends there)."""
    try:
        if len(value) == 10:
            day = dt.date.fromisoformat(value)
            return day, day
        if "-W" in value:
            year, week = value.split("-W")
            monday = dt.date.fromisocalendar(int(year), int(week), 1)
            return monday, period_end(monday, "week")
        if len(value) == 7:
            first = dt.date(int(value[:4]), int(value[5:7]), 1)
            return first, period_end(first, "month")
        if len(value) == 4 and value.isdigit():
            return dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)
        if len(value) == 4 and value.endswith("X"):
            first = dt.date(int(value[:3]) * 10, 1, 1)
            return first, period_end(first, "decade")
    except (ValueError, OverflowError):
        return None
    return None
