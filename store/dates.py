"""Dates as the corpus files write them (TOML dates and datetimes, or ISO strings)."""

from __future__ import annotations

import datetime as dt
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
