"""What is searchable, field by field, and in which order.

One place decides the searchable text of every kind of document, so that the
index (built with the store) and the searcher (reading the store) always see
the same fields. Documents come in order of prior importance, which the index
keeps as their numbering:

1. entities, most mentioned first: name and aliases (search-only ones too);
2. events by date: title, participants and place, date words, type;
3. articles, newest first: title, outlet, author, date words;
4. paragraphs: reporting text (body and summaries) of the newest articles
   first, then captions, credits and reader comments. Page furniture,
   headlines (the article is its own hit) and repeats are not indexed.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from ..model import date_label
from ..rows import ParticipantRow, article_from_row
from .index import ALIAS, META, NAME, PARAGRAPH_PRIOR, TEXT, SearchDoc

Row = Mapping[str, Any]


def date_words(iso: str, precision: str = "day") -> str:
    """Words a writer may type for a date: ``June 25, 2020 Thursday 2020-06-25``."""
    try:
        day = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    month = calendar.month_name[day.month]
    if precision == "day":
        weekday = calendar.day_name[day.weekday()]
        return f"{month} {day.day}, {day.year} {weekday} {day.isoformat()}"
    if precision in ("week", "month"):
        return f"{month} {day.year}"
    if precision == "year":
        return str(day.year)
    return f"{day.year // 10 * 10}s"


def entity_fields(row: Row) -> tuple[tuple[int, str], ...]:
    """Name and every alias (search-only ones too).

    Descriptions are not searched: they name other entities ("killed with
    Qasem Soleimani"), and would make an entity a hit for everyone it knows.
    """
    fields: list[tuple[int, str]] = [(NAME, row["name"])]
    seen = {row["name"].casefold()}
    for alias in [*row.get("aliases", ()), *row.get("search_aliases", ())]:
        if alias.casefold() not in seen:
            seen.add(alias.casefold())
            fields.append((ALIAS, alias))
    return tuple(fields)


def event_fields(row: Row, names: Mapping[str, str]) -> tuple[tuple[int, str], ...]:
    """Title, participants and place, date words, type."""
    fields: list[tuple[int, str]] = [(NAME, row["title"])]
    for participant in map(ParticipantRow.decode, row.get("participants", ())):
        fields.append((ALIAS, names.get(participant.entity_id, participant.entity_id)))
    if row.get("location"):
        fields.append((ALIAS, names.get(row["location"], row["location"])))
    fields.append((META, date_words(row["date"], row.get("precision", "day"))))
    fields.append((META, row["type"]))
    return tuple(fields)


def article_fields(row: Row) -> tuple[tuple[int, str], ...]:
    """Title, outlet, author, date words."""
    fields: list[tuple[int, str]] = [(NAME, row["title"]), (META, row["outlet"])]
    if row.get("author"):
        fields.append((META, row["author"]))
    precision = "day" if row.get("published_precision") == "exact" else "month"
    fields.append((META, date_words(row["published"], precision)))
    return tuple(fields)


def paragraph_fields(row: Row) -> tuple[tuple[int, str], ...]:
    """The paragraph's text."""
    return ((TEXT, row["text"]),)


def is_searchable(paragraph: Row) -> bool:
    """Reporting text, captions, credits and comments; no furniture, headlines or repeats."""
    return paragraph["kind"] in PARAGRAPH_PRIOR and paragraph.get("duplicate_of") is None


def search_documents(
    articles: Iterable[Row],
    paragraphs: Iterable[Row],
    entities: Iterable[Row],
    events: Iterable[Row],
) -> list[SearchDoc]:
    """Every searchable document, in prior order, with what its hit shows."""
    entities = list(entities)
    names = {e["id"]: e["name"] for e in entities}
    article_rows = {a["id"]: a for a in articles}
    by_id = {a_id: article_from_row(a) for a_id, a in article_rows.items()}
    docs: list[SearchDoc] = []
    for row in sorted(entities, key=lambda e: (-e.get("mention_count", 0), e["name"])):
        context = f"{row['type']} · {row.get('description', '')}".rstrip(" ·")
        docs.append(SearchDoc("entity", row["id"], 0, entity_fields(row), row["name"], context))
    for row in sorted(events, key=lambda e: (e["date"], e["id"])):
        label = date_label(
            dt.date.fromisoformat(row["date"]), row["precision"], row.get("estimated", False)
        )
        docs.append(
            SearchDoc(
                "event",
                row["id"],
                0,
                event_fields(row, names),
                row["title"],
                f"{label} · {row['type']}",
            )
        )
    for article in sorted(by_id.values(), key=lambda a: (a.published_day, a.id), reverse=True):
        docs.append(
            SearchDoc(
                "article",
                article.id,
                0,
                article_fields(article_rows[article.id]),
                article.title,
                f"{article.outlet} · {article.published_label}",
                article.id,
            )
        )
    searchable = [p for p in paragraphs if is_searchable(p)]
    searchable.sort(
        key=lambda p: (
            PARAGRAPH_PRIOR[p["kind"]],
            _negated(by_id[p["article_id"]].published_day.isoformat()),
            p["article_id"],
            p["index"],
        )
    )
    for row in searchable:
        article = by_id[row["article_id"]]
        docs.append(
            SearchDoc(
                "paragraph",
                row["id"],
                PARAGRAPH_PRIOR[row["kind"]],
                paragraph_fields(row),
                article.short_citation(row["index"]),
                "",
                article.id,
                row["kind"],
            )
        )
    return docs


def _negated(iso: str) -> str:
    """A key that sorts ISO dates newest first."""
    return "".join(chr(0x10FFFF - ord(ch)) for ch in iso)
