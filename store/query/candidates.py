"""Candidates: new entities and events the corpus's texts propose, ranked.

**Names.** The build records every whole name no entity accounts for
(:mod:`store.ingest.context`): cut at possessives and titles, particles kept,
organisation names spanning "of" and "for", and, in the user's own
articles, longer names that took a known alias inside them ("Nabil
al-Maliki" took "al-Maliki" from Nouri al-Maliki), with the short forms that
went with them later ("al-Maliki said"). :func:`candidates` counts them
across the corpus by key, guesses each one's type from the clues of every
occurrence (a title before it, "said" after it, an organisation word in
it), and ranks them: seen in more articles, then more often.

**Events.** The build proposes an event for every dated sentence of the
user's own articles that names someone, and groups near-identical ones
(:mod:`store.ingest.proposals`); :func:`event_candidates` ranks them: from
more articles, an article's main event, what happened, then the latest.

Both are what ``dossier candidates`` prints and the explorer's candidates
screen shows; ``promote`` makes them entities and events, ``dismiss`` says
they are none.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..errors import EntityNotFound
from ..model import EVENT_WEIGHT, EventCandidate, NameOccurrence, ParagraphKind
from ..names import guess_type, name_key, ranked_spellings
from .catalog import Catalog

#: Where names are proposed (headlines are in title case; page furniture is no news).
SEARCHED: tuple[ParagraphKind, ...] = ("body", "summary", "caption")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A name no entity accounts for, with where it occurs and what kind it looks like."""

    name: str
    """The most frequent spelling (one not in capitals, if there is one)."""
    count: int
    """How often the whole name occurs."""
    paragraphs: tuple[str, ...]
    """Paragraph ids, in corpus order (each once), short forms' paragraphs included."""
    spellings: tuple[str, ...]
    """Every spelling of the whole name, the most frequent first."""
    key: str = ""
    """How its occurrences are told apart from others' (folded words)."""
    type: str | None = None
    """The kind of entity it looks like (``person``, ``organization``, ``place``,
    ``facility``, ``media``), or ``None`` when nothing tells."""
    why: tuple[str, ...] = ()
    """The evidence for that type, the strongest first ("title 'analyst' before it")."""
    parts: int = 0
    """Short forms that went with it ("al-Maliki said", after "Nabil al-Maliki")."""
    short_forms: tuple[str, ...] = ()
    """Those short forms' spellings."""
    articles: tuple[str, ...] = ()
    """The articles it occurs in."""
    instead_of: tuple[tuple[str, int], ...] = ()
    """``(entity_id, n)``: words it took from a known entity (a shared surname, a
    place inside an organisation's name), which would otherwise be its mentions."""


def candidates(catalog: Catalog, *, least: int = 1) -> list[Candidate]:
    """Name candidates seen at least ``least`` times (whole or short), ranked: in more
    articles first, then more often, then by name."""
    by_key: dict[str, list[NameOccurrence]] = {}
    for occurrence in catalog.name_occurrences():
        by_key.setdefault(occurrence.key, []).append(occurrence)
    found = []
    for key, occurrences in by_key.items():
        whole = [o for o in occurrences if not o.part]
        if not whole:
            continue  # short forms of a name only a headline gave: nothing to propose
        short = [o for o in occurrences if o.part]
        if len(whole) + len(short) < least:
            continue
        spellings = Counter(" ".join(o.surface.split()) for o in whole)
        ranked = ranked_spellings(spellings)
        kind, why = guess_type(clue for o in whole for clue in o.clues)
        took = Counter(o.took for o in occurrences if o.took)
        found.append(
            Candidate(
                name=ranked[0],
                count=len(whole),
                paragraphs=tuple(dict.fromkeys(o.paragraph_id for o in occurrences)),
                spellings=tuple(ranked),
                key=key,
                type=kind,
                why=why,
                parts=len(short),
                short_forms=tuple(dict.fromkeys(" ".join(o.surface.split()) for o in short)),
                articles=tuple(dict.fromkeys(o.article_id for o in occurrences)),
                instead_of=tuple(sorted(took.items(), key=lambda item: (-item[1], item[0]))),
            )
        )
    return sorted(found, key=lambda c: (-len(c.articles), -(c.count + c.parts), c.name))


def event_candidates(catalog: Catalog, *, least: int = 1) -> list[EventCandidate]:
    """Event candidates with at least ``least`` sentences, ranked: from more articles
    first, then an article's main event, then what happened (a killing before a
    statement), then how telling its best sentence is, then the latest."""
    found = [e for e in catalog.event_candidates() if len(e.sources) >= least]
    return sorted(
        found,
        key=lambda e: (
            -len(e.articles),
            -len(e.main_of),
            -EVENT_WEIGHT.get(e.type, 0),
            -e.score,
            -e.date.toordinal(),
            e.id,
        ),
    )


def find_candidate(catalog: Catalog, text: str) -> Candidate | None:
    """The name candidate ``text`` is a spelling of (compared as keys), if any."""
    key = name_key(text)
    return next((c for c in candidates(catalog) if c.key == key), None)


#: The version of :func:`candidates_json`'s shape: keys are only ever added within it.
FORMAT = 1


def candidates_json(
    catalog: Catalog, names: list[Candidate], events: list[EventCandidate]
) -> dict[str, Any]:
    """What ``dossier candidates --json`` prints (the shape is in README)."""
    return {
        "format": FORMAT,
        "names": [
            {
                "name": c.name,
                "key": c.key,
                "type": c.type,
                "why": list(c.why),
                "count": c.count,
                "parts": c.parts,
                "short_forms": list(c.short_forms),
                "spellings": list(c.spellings),
                "articles": list(c.articles),
                "paragraphs": list(c.paragraphs),
                "instead_of": [
                    {"entity": entity_id, "name": _entity_name(catalog, entity_id), "count": n}
                    for entity_id, n in c.instead_of
                ],
            }
            for c in names
        ],
        "events": [_event_json(catalog, e) for e in events],
    }


def _entity_name(catalog: Catalog, entity_id: str) -> str:
    try:
        return catalog.entity(entity_id).name
    except EntityNotFound:
        return entity_id


def _event_json(catalog: Catalog, event: EventCandidate) -> dict[str, Any]:
    sources = []
    for s in event.sources:
        article = catalog.article(s.evidence.article_id)
        paragraph = catalog.paragraph(s.evidence.paragraph_id)
        sources.append(
            {
                "article": article.id,
                "paragraph": paragraph.id,
                "citation": article.short_citation(paragraph.index),
                "quote": s.evidence.quote,
                "start": s.evidence.start,
                "end": s.evidence.end,
                "prefix": s.prefix,
                "suffix": s.suffix,
                "date_phrase": s.date_phrase,
                "resolved": s.resolved,
                "precision": s.precision,
                "rule": s.rule,
                "reference": s.reference,
                "estimated": s.estimated,
                "ambiguous": s.ambiguous,
                "type": s.type,
                "trigger": s.trigger,
                "title": s.title,
                "main": s.main,
            }
        )
    return {
        "id": event.id,
        "title": event.title,
        "type": event.type,
        "date": event.value,
        "precision": event.precision,
        "label": event.date_label,
        "estimated": event.estimated,
        "location": (
            None
            if event.location_id is None
            else {"id": event.location_id, "name": event.location_name}
        ),
        "participants": [
            {"kind": p.kind, "id": p.id, "name": p.name, "sources": p.sources}
            for p in event.participants
        ],
        "articles": list(event.articles),
        "main_of": list(event.main_of),
        "sources": sources,
    }
