"""The store's rows, named: one codec that the build writes with and readers read with.

Most tables hold JSON objects whose keys name their fields. A few values are
stored as short JSON arrays, because there are hundreds of thousands of them
and keys would double the store's size: a paragraph's mentions, its dates, an
event's participants. Their fields are named once, here, as a
:class:`~typing.NamedTuple` each; the build stores ``list(row)`` and readers
take ``Row.decode(raw)`` (never ``raw[3]``), so the order of the fields is
written in one place.

:func:`article_from_row` turns an ``articles`` row back into an
:class:`~store.model.Article`; the catalog and the search index (built from the
same rows) both use it, so what a search hit says and what the catalog says
are identical.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, cast

from .dates import parse_date
from .model import Article, DatePrecision, MentionMethod, Precision

#: The tables of a store, in the order a build writes them (``meta`` last).
TABLES = (
    "articles", "paragraphs", "entities", "mentions", "events", "claims", "timexes", "names",
    "proposals", "meta",
)  # fmt: skip


class MentionRow(NamedTuple):
    """A mention as the ``mentions`` table stores it (offsets in the paragraph's text)."""

    entity_id: str
    """The entity mentioned."""
    start: int
    """Offset of the first character."""
    end: int
    """Offset one past the last character."""
    method: MentionMethod
    """``alias``, ``link``, ``adjective`` (curated), ``auto`` or ``context``."""
    score: float
    """Match quality, 100 for curated links."""

    @classmethod
    def decode(cls, raw: Sequence[Any]) -> MentionRow:
        """The row stored as ``raw``."""
        return cls._make(raw)


class TimexRow(NamedTuple):
    """A resolved date expression as the ``timexes`` table stores it."""

    start: int
    """Offset in the paragraph's text."""
    end: int
    """Offset one past the expression."""
    value: str
    """TIMEX3 value: ``2020-06-25``, ``2020-W26``, ``2020-06``, ``2020``, ``198X``."""
    precision: DatePrecision
    """How precise the value is."""
    rule: str
    """How the value was worked out, in words."""
    reference: str
    """``""``, ``publication``, ``text`` or ``event:<id>``."""
    ambiguous: bool
    """True when the words could also mean ``alternative``."""
    alternative: str | None
    """The other reading of an ambiguous expression."""
    estimated: bool
    """True when the value depends on an estimated publication day."""

    @classmethod
    def decode(cls, raw: Sequence[Any]) -> TimexRow:
        """The row stored as ``raw``."""
        return cls._make(raw)


class NameRow(NamedTuple):
    """A name no entity accounts for, as the ``names`` table stores it: a new-entity
    candidate's occurrence (offsets in the paragraph's text)."""

    start: int
    """Offset of the first character."""
    end: int
    """Offset one past the last character."""
    key: str
    """The whole name's key (:func:`store.names.name_key`): occurrences with one key
    are one candidate."""
    part: bool
    """True for a short form ("al-Maliki") that goes with the whole name the
    article introduced ("Nabil al-Maliki"), False for the whole name."""
    took: str | None
    """The entity these words would have been linked to, had the longer name not
    taken them (a surname shared with a known person, a place inside an
    organisation's name), else ``None``."""
    clues: list[str]
    """What tells the name's kind here, as ``"type:evidence"``."""

    @classmethod
    def decode(cls, raw: Sequence[Any]) -> NameRow:
        """The row stored as ``raw``."""
        return cls._make(raw)


class ParticipantRow(NamedTuple):
    """An event's participant as the ``events`` table stores it."""

    entity_id: str
    """The entity."""
    role: str
    """What it did, in words."""

    @classmethod
    def decode(cls, raw: Sequence[Any]) -> ParticipantRow:
        """The row stored as ``raw``."""
        return cls._make(raw)


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
