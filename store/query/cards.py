"""Cards: what a quick lookup says about a hit, as plain JSON-ready data.

``dossier lookup`` prints a card with Rich, or as JSON with ``--json``; both
come from these dictionaries, so the two always say the same. The shape is
part of the interface (documented in README, checked by tests): keys are only
ever added, never renamed or removed, within a ``format`` version.
"""

from __future__ import annotations

from typing import Any

from ..model import REPORTING_KINDS, Event
from ..search.ranking import Hit
from .catalog import Catalog
from .cite import cite_markdown, cite_pandoc, cite_text, pandoc_citation

FORMAT = 1
KEY_EVENTS = 8
TOP_EXCERPTS = 5

#: Relations as verbs: "<source> <verb> <target>".
VERBS = {
    "leader-of": "leads",
    "deputy-leader-of": "is deputy leader of",
    "commander-of": "commands",
    "member-of": "is a member of",
    "part-of": "is part of",
    "spokesperson-for": "speaks for",
    "founded": "founded",
    "works-for": "works for",
    "backed-by": "is backed by",
    "located-in": "is in",
    "replaced": "replaced",
    "allied-with": "is allied with",
}


def relation_verb(relation_type: str) -> str:
    """``part-of`` as words: ``is part of``."""
    return VERBS.get(relation_type, relation_type.replace("-", " "))


def key_events(events: tuple[Event, ...], count: int = KEY_EVENTS) -> list[Event]:
    """The events most sources speak of (then the most precisely dated), in date order."""
    ranked = sorted(
        events, key=lambda e: (-len({x.evidence.article_id for x in e.evidence}), e.estimated)
    )
    return sorted(ranked[:count], key=lambda e: (e.date, e.id))


def hit_json(hit: Hit) -> dict[str, Any]:
    """A search hit."""
    return {
        "kind": hit.kind,
        "id": hit.id,
        "title": hit.title,
        "score": hit.score,
        "snippet": hit.snippet,
        "spans": [list(span) for span in hit.spans],
        "why": list(hit.why),
    }


def _event_brief(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "title": event.title,
        "date": event.date.isoformat(),
        "precision": event.precision,
        "estimated": event.estimated,
        "label": event.date_label,
    }


def entity_card(catalog: Catalog, entity_id: str) -> dict[str, Any]:
    """Type, aliases, description, relations, key events, top excerpts."""
    entity = catalog.entity(entity_id)
    excerpts = sorted(catalog.excerpts(entity.id), key=lambda e: (e.flagged, -len(e.spans)))
    return {
        "kind": "entity",
        "id": entity.id,
        "title": entity.name,
        "type": entity.type,
        "aliases": list(entity.aliases),
        "search_aliases": list(entity.search_aliases),
        "description": entity.description,
        "mentions": entity.mention_count,
        "automatic_mentions": entity.automatic_count,
        "adjectives": list(entity.adjectives),
        "adjective_mentions": entity.adjective_count,
        "relations": [
            {
                "type": r.type,
                "verb": relation_verb(r.type),
                "direction": "out" if r.source_id == entity.id else "in",
                "entity": r.target_id if r.source_id == entity.id else r.source_id,
                "name": r.target_name if r.source_id == entity.id else r.source_name,
            }
            for r in entity.relations
        ],
        "events": [_event_brief(e) for e in key_events(catalog.events(entity.id))],
        "event_count": len(catalog.events(entity.id)),
        "excerpts": [
            {
                "paragraph": e.paragraph.id,
                "citation": e.article.short_citation(e.paragraph.index),
                "kind": e.paragraph.kind,
                "text": e.paragraph.text,
            }
            for e in excerpts[:TOP_EXCERPTS]
        ],
    }


def event_card(catalog: Catalog, event_id: str) -> dict[str, Any]:
    """Date and precision, place, participants, each source's words, disagreements."""
    event = catalog.event(event_id)
    sources = []
    for item in event.evidence:
        article = catalog.article(item.evidence.article_id)
        paragraph = catalog.paragraph(item.evidence.paragraph_id)
        sources.append(
            {
                "paragraph": paragraph.id,
                "citation": article.short_citation(paragraph.index),
                "quote": item.evidence.quote,
                "date_phrase": item.date_phrase,
                "resolved": item.resolved,
                "rule": item.rule,
                "agrees": item.agrees,
            }
        )
    claims = [
        {
            "claim": claim.id,
            "question": claim.question,
            "subject": claim.subject_id,
            "disagreement": claim.disagreement,
            "values": [
                {
                    "value": v.value,
                    "sources": [catalog.article(a).outlet for a in v.article_ids],
                    "paragraphs": [e.paragraph_id for e in v.evidence],
                }
                for v in claim.values
            ],
            "self_contradictions": [catalog.article(a).outlet for a in claim.self_contradictions],
        }
        for claim in catalog.related_claims(event.id)
    ]
    return {
        "kind": "event",
        "id": event.id,
        "title": event.title,
        "type": event.type,
        **{k: v for k, v in _event_brief(event).items() if k not in ("id", "title")},
        "location": (
            {"id": event.location_id, "name": event.location_name} if event.location_id else None
        ),
        "participants": [
            {"id": p.entity_id, "name": p.name, "role": p.role} for p in event.participants
        ],
        "sources": sources,
        "dates_disputed": event.disputed,
        "claims": claims,
    }


def paragraph_card(catalog: Catalog, paragraph_id: str) -> dict[str, Any]:
    """The paragraph with its citation in every format."""
    paragraph = catalog.paragraph(paragraph_id)
    article = catalog.article(paragraph.article_id)
    return {
        "kind": "paragraph",
        "id": paragraph.id,
        "title": article.short_citation(paragraph.index),
        "article": article.id,
        "paragraph_kind": paragraph.kind,
        "reporting": paragraph.kind in REPORTING_KINDS and not paragraph.is_duplicate,
        "text": paragraph.text,
        "citation": cite_text(article, paragraph),
        "markdown": cite_markdown(article, paragraph),
        "pandoc": cite_pandoc(article, paragraph),
        "pandoc_citation": pandoc_citation(article, paragraph),
    }


def article_card(catalog: Catalog, article_id: str) -> dict[str, Any]:
    """Outlet, author, date (and how sure), URL, paragraphs."""
    article = catalog.article(article_id)
    return {
        "kind": "article",
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "author": article.author,
        "published": article.published.isoformat(),
        "published_label": article.published_label,
        "published_precision": article.published_precision,
        "published_note": article.published_note,
        "url": article.url,
        "paragraphs": article.paragraph_count,
    }


def card(catalog: Catalog, hit: Hit) -> dict[str, Any]:
    """The card of a hit, whatever its kind."""
    builders = {
        "entity": entity_card,
        "event": event_card,
        "paragraph": paragraph_card,
        "article": article_card,
    }
    return builders[hit.kind](catalog, hit.id)
