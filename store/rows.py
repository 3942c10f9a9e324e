"""Values from stored rows: one place that turns a row back into a value.

The catalog (reading a store) and the search index (built from the same
rows) both need an article's labels; building both from this module keeps
what a search hit says and what the catalog says identical.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from .dates import parse_date
from .model import Article, Precision


def _date(value: Any) -> dt.date:
    parsed = parse_date(value)
    if parsed is None:
        raise ValueError(f"not a date: {value!r}")
    return parsed


def article_from_row(row: Mapping[str, Any]) -> Article:
    """The :class:`Article` a row of the ``articles`` table describes."""
    span = row.get("published_range")
    return Article(
        id=row["id"],
        title=row["title"],
        outlet=row["outlet"],
        author=row.get("author"),
        published=_date(row["published"]),
        published_precision=cast(Precision, row["published_precision"]),
        url=row.get("url"),
        path=Path(row["path"]),
        language=row.get("language", "en"),
        published_range=(_date(span[0]), _date(span[1])) if span else None,
        published_note=row.get("published_note"),
        accessed=_date(row["accessed"]) if row.get("accessed") else None,
        file=row.get("file", ""),
        sha256=row.get("sha256", ""),
        paragraph_count=row.get("paragraph_count", 0),
    )
