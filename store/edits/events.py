"""Make a proposed event (an event candidate) an ``[[event]]`` of ``events.toml``.

``events.toml`` is written by hand, in date order, with comments that say
how each date was inferred; an edit here changes only what it adds. The new
``[[event]]`` table, with one ``[[event.evidence]]`` per sentence that
proposed it, is rendered as TOML text (strings escaped by tomlkit) and
inserted after the last event dated no later than it, before the blank
lines and comments that follow that event, so that every other byte stays
as it was; the text is then parsed again and must say exactly what was
meant and nothing else.

The evidence is what ``dossier check`` asks of every event: the sentence as
its quote (with the ``prefix`` or ``suffix`` that makes it unique), the
words that date it as ``date_phrase`` and what they resolve to as
``resolves_to`` (with ``anchor`` when they count from another event), so the
build recomputes the date and refuses the event if it disagrees. A date of
week precision (``last week``) is written as the month (or year) that holds
that week, which ``events.toml`` allows. The participants are the entities
the sentences name; names that are no entity yet are listed in a comment.

As for every edit, nothing is written until everything is checked, the file
is replaced atomically, and a failed read-back or rebuild puts it back.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..corpus.annotations import (
    EVENT_TYPES,
    EVENTS_FILE,
    ID_PATTERN,
    Annotations,
    parse_event_date,
)
from ..corpus.articles import BOM
from ..corpus.toml_lines import TomlLocator
from ..dates import value_period
from ..errors import CorpusError
from ..model import EventCandidate
from ..sanitize import is_printable, printable
from ..words import did_you_mean, in_parentheses
from .files import readable, replace_files
from .toml_text import toml_string

#: The role written for a participant (the annotator says more, by hand).
ROLE = "named in the report"

_HEADER = (
    "# Events: what happened when, with the words each source uses to date it.\n"
    "# The format is described in ANNOTATING.md.\n"
)


@dataclass(frozen=True, slots=True)
class _Events:
    """``events.toml`` and what the corpus says, read before an edit."""

    root: Path
    path: Path
    text: str
    bom: bool
    data: dict[str, Any]
    locator: TomlLocator
    articles: frozenset[str]
    annotations: Annotations


def _read(root: Path) -> _Events:
    corpus, annotations = readable(root)
    path = corpus.root / EVENTS_FILE
    whole = path.read_text("utf-8") if path.exists() else ""
    text = whole.removeprefix(BOM)
    return _Events(
        corpus.root,
        path,
        text,
        text != whole,
        tomllib.loads(text),
        TomlLocator(text),
        corpus.listed_ids or frozenset(),
        annotations,
    )


def _date_of(value: str, precision: str) -> tuple[str, str]:
    """An events.toml ``date`` and ``precision`` for an ISO value: a week becomes the
    month that holds it (or the year, when it straddles two)."""
    if precision == "week":
        period = value_period(value)
        if period is None:
            return value[:4], "year"
        first, last = period
        if (first.year, first.month) == (last.year, last.month):
            return f"{first.year:04d}-{first.month:02d}", "month"
        return (f"{first.year:04d}", "year") if first.year == last.year else (value[:4], "year")
    if precision == "decade":
        return f"{value[:3]}0s", "decade"
    return value, precision


def _first_day(value: Any, precision: Any) -> dt.date | None:
    if not isinstance(precision, str):
        return None
    return parse_event_date(value, precision)


def _table(event: dict[str, Any], evidence: list[dict[str, Any]], note: str, names: str) -> str:
    """The ``[[event]]`` table and its ``[[event.evidence]]`` as TOML text."""
    lines = ["[[event]]", f"# {note}"]
    for key in ("id", "title", "type", "date", "precision"):
        lines.append(f"{key} = {toml_string(event[key])}")
    if event.get("estimated"):
        lines.append("estimated = true")
    if event.get("location"):
        lines.append(f"location = {toml_string(event['location'])}")
    if event.get("participants"):
        lines.append("participants = [")
        for p in event["participants"]:
            lines.append(
                f"  {{ entity = {toml_string(p['entity'])}, role = {toml_string(p['role'])} }},"
            )
        lines.append("]")
    if names:
        lines.append(f"# Named too, no entity yet: {names} ('dossier promote NAME' makes one)")
    for item in evidence:
        lines += ["", "[[event.evidence]]"]
        for key in ("article", "quote", "prefix", "suffix", "date_phrase", "resolves_to", "anchor"):
            if item.get(key):
                lines.append(f"{key} = {toml_string(item[key])}")
    return "\n".join(lines) + "\n"


def promote_event(
    corpus_dir: Path | str,
    candidate: EventCandidate,
    *,
    event_id: str | None = None,
    title: str | None = None,
    type: str | None = None,
    dry_run: bool = False,
    then: Callable[[], object] | None = None,
) -> str:
    """Add the event ``candidate`` proposes to ``events.toml``; returns its id.

    The id is ``event_id``, else the candidate's; the title and type are the
    candidate's unless given. Raises :class:`CorpusError`, changing nothing,
    for a taken or invalid id, an unknown type, a title with control
    characters, or a corpus whose annotations do not read cleanly to begin
    with; ``then`` (the rebuild) runs after the write, and a failure puts the
    file back.
    """
    root = Path(corpus_dir).expanduser().resolve()
    path = root / EVENTS_FILE
    new_id = (event_id if event_id is not None else candidate.id).strip()
    if not ID_PATTERN.match(new_id):
        raise CorpusError(
            path,
            f"id {printable(new_id)!r} must be lowercase letters, digits and hyphens "
            "(at most 120), e.g. '2020-06-25-raid-on-kataib-hezbollah'; give one (--id)",
        )
    kind = type if type is not None else candidate.type
    if kind not in EVENT_TYPES:
        hint = in_parentheses(did_you_mean(kind, EVENT_TYPES))
        raise CorpusError(
            path, f"type {printable(kind)!r} is not one of {', '.join(EVENT_TYPES)}{hint}"
        )
    named = " ".join((title if title is not None else candidate.title).split())
    if not named or not is_printable(named):
        raise CorpusError(path, "the title is empty or has control characters; give one (--title)")
    state = _read(root)
    taken = next((e for e in state.annotations.events if e.id == new_id), None)
    if taken is not None:
        raise CorpusError(
            state.path,
            f"id {new_id!r} is taken by event {taken.title!r}; give another one (--id)",
            taken.where.line,
        )
    entities = {e.id for e in state.annotations.entities}
    date, precision = _date_of(candidate.value, candidate.precision)
    event: dict[str, Any] = {
        "id": new_id,
        "title": named,
        "type": kind,
        "date": date,
        "precision": precision,
    }
    if candidate.estimated:
        event["estimated"] = True
    if candidate.location_id in entities:
        event["location"] = candidate.location_id
    participants = [
        {"entity": p.id, "role": ROLE}
        for p in candidate.participants
        if p.kind == "entity" and p.id in entities and p.id != event.get("location")
    ]
    if participants:
        event["participants"] = participants
    names = ", ".join(p.name for p in candidate.participants if p.kind == "candidate")
    evidence = []
    for source in candidate.sources:
        item = {"article": source.evidence.article_id, "quote": source.evidence.quote}
        if source.prefix:
            item["prefix"] = source.prefix
        elif source.suffix:
            item["suffix"] = source.suffix
        if source.date_phrase and source.date_phrase in source.evidence.quote:
            item["date_phrase"] = source.date_phrase
            resolved = source.resolved
            if resolved.endswith("X"):
                resolved = f"{resolved[:3]}0s"  # a decade, as events.toml writes it
            item["resolves_to"] = resolved
            if source.reference.startswith("event:"):
                item["anchor"] = source.reference.removeprefix("event:")
        evidence.append(item)
    count = len(candidate.articles)
    note = (
        f"proposed by dossier from {len(candidate.sources)} sentence"
        f"{'s' if len(candidate.sources) != 1 else ''} of {count} article"
        f"{'s' if count != 1 else ''}; made an event by dossier promote on "
        f"{dt.date.today().isoformat()}"
    )
    table = _table(event, evidence, note, names)
    text = _inserted(state, table, _first_day(date, precision))
    expected_events = list(state.data.get("event", []))
    parsed_new = tomllib.loads(table)["event"][0]
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        parsed = {}
    events = parsed.get("event", []) if isinstance(parsed, dict) else []
    at = next((i for i, e in enumerate(events) if e.get("id") == new_id), None)
    if at is None or events[:at] + events[at + 1 :] != expected_events or events[at] != parsed_new:
        raise CorpusError(
            state.path,
            f"cannot add the event {new_id!r} without changing anything else; add it by hand "
            "(see ANNOTATING.md)",
        )
    if not dry_run:
        data = ((BOM if state.bom else "") + text).encode("utf-8")
        replace_files(state.root, {state.path: data}, state.articles, then=then)
    return new_id


def _inserted(state: _Events, table: str, day: dt.date | None) -> str:
    """``events.toml`` with ``table`` before the first event dated later than ``day`` (and
    the comments right above it, which are that event's or its section's), else at the
    end: the file's date order kept."""
    newline = "\r\n" if "\r\n" in state.text else "\n"
    table = table.replace("\n", newline)
    tables = state.data.get("event")
    count = state.locator.count(("event",))
    if not state.text.strip():
        return _HEADER.replace("\n", newline) + newline + table
    if isinstance(tables, list) and tables and len(tables) == count and day is not None:
        later = next(
            (
                i
                for i, t in enumerate(tables)
                if isinstance(t, dict)
                and (d := _first_day(t.get("date"), t.get("precision"))) is not None
                and d > day
            ),
            None,
        )
        if later is not None:
            lines = state.text.splitlines(keepends=True)
            first = state.locator.line(("event", later)) - 1  # 0-based index of its header
            while first > 0 and lines[first - 1].lstrip()[:1] == "#":
                first -= 1
            if first > 0 and not lines[first - 1].strip():
                place = sum(len(line) for line in lines[:first])
                return state.text[:place] + table + newline + state.text[place:]
    head = state.text
    if not head.endswith("\n"):
        head += newline
    if not head.endswith(newline * 2):
        head += newline
    return head + table
