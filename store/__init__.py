"""dossier's data layer: corpus reading, ingest, the TinyDB store, the query API.

This package never imports Textual: the command line's read-only subcommands
and any script can use it without a terminal UI. Everything a caller needs is
importable from here::

    import store
    store.build("corpus", "/tmp/dossier.json")
    catalog = store.Catalog.open("/tmp/dossier.json")
    for article in catalog.articles():
        print(article.outlet, article.title)

Names are imported on first use (PEP 562): the explorer must draw its first
frame before the query API, let alone the ingest pipeline, has been loaded.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import (
    ArticleNotFound,
    ClaimNotFound,
    CorpusError,
    CorpusErrors,
    DossierError,
    EntityNotFound,
    EventNotFound,
    NotFound,
    ParagraphNotFound,
    StoreError,
    StoreNotFound,
    StoreOutdated,
)
from .schema import SCHEMA_VERSION, __version__

#: Where each lazily imported name lives: ``name: module`` when the name is the
#: module's own, ``name: (module, attribute)`` when the door gives it another.
_LAZY: dict[str, str | tuple[str, str]] = {
    # Reading a store, and keeping it up to date
    "Catalog": ".query.catalog",
    "Freshness": ".query.freshness",
    "freshness": ".query.freshness",
    "open_current": ".query.freshness",
    "looks_fresh": ".query.freshness",
    "Hit": ".search.ranking",
    "WordMatch": ".search.ranking",
    # Building
    "build": ".ingest.pipeline",
    "check": ".ingest.pipeline",
    "BuildResult": ".ingest.pipeline",
    "CheckReport": ".ingest.pipeline",
    # Where things live
    "bundled_corpus_dir": ".paths",
    "cache_dir": ".paths",
    "default_corpus_dir": ".paths",
    "default_db_path": ".paths",
    "user_corpus_dir": ".paths",
    # Writing with the corpus: cards, citations, candidates
    "CARD_FORMAT": (".query.cards", "FORMAT"),
    "card": ".query.cards",
    "hit_json": ".query.cards",
    "relation_verb": ".query.cards",
    "CITE_FORMATS": (".query.cite", "FORMATS"),
    "CiteFormat": (".query.cite", "Format"),
    "bibliography": ".query.cite",
    "cite": ".query.cite",
    "cite_article": ".query.cite",
    "Candidate": ".query.candidates",
    "candidates": ".query.candidates",
    "event_candidates": ".query.candidates",
    "find_candidate": ".query.candidates",
    "candidates_json": ".query.candidates",
    "CANDIDATES_FORMAT": (".query.candidates", "FORMAT"),
    "name_key": ".names",
    # What the user owns
    "Pin": ".userdata.tray",
    "Tray": ".userdata.tray",
    "TrayError": ".userdata.tray",
    "open_tray": ".userdata.tray",
    "EVENT_TYPES": (".corpus.annotations", "EVENT_TYPES"),
    "ID_PATTERN": (".corpus.annotations", "ID_PATTERN"),
    "readable": ".edits.files",
    # Edits of the corpus
    "ARTICLE_FIELDS": (".edits.add", "FIELDS"),
    "Prepared": ".edits.add",
    "Added": ".edits.add",
    "prepare_article": (".edits.add", "prepare"),
    "missing_metadata": (".edits.add", "missing"),
    "article_metadata": (".edits.add", "metadata"),
    "add_articles": (".edits.add", "add"),
    "corpus_to_grow": ".edits.add",
    "promote": ".edits.entities",
    "merge": ".edits.entities",
    "Merged": ".edits.entities",
    "promote_event": ".edits.events",
    "dismiss": ".edits.dismiss",
    "Dismissed": ".edits.dismiss",
    "alias_key": ".corpus.annotations",
    # Text that is safe to show, and files written whole
    "printable": ".sanitize",
    "is_printable": ".sanitize",
    "json_text": ".sanitize",
    "write_atomic": ".persist",
    "store_version": ".persist",
    "build_running": ".persist",
    "StoreVersion": ".persist",
    "plural": ".words",
    "did_you_mean": ".words",
    # The values the API returns
    **{
        name: ".model"
        for name in (
            "DATE_PRECISIONS", "ENTITY_TYPES", "HIT_KINDS", "PARAGRAPH_KINDS", "REPORTING_KINDS",
            "Article", "Claim", "ClaimValue", "CoMention", "DatePrecision", "Entity", "EntityType",
            "Event", "EventCandidate", "EventEvidence", "Evidence", "Excerpt", "HitKind",
            "Mention", "NameOccurrence", "Paragraph", "ParagraphKind", "Participant",
            "ProposedParticipant", "ProposedSource", "Relation", "StoreMeta", "Timex",
            "date_label",
        )
    },
}  # fmt: skip

if TYPE_CHECKING:
    from .corpus.annotations import EVENT_TYPES, ID_PATTERN, alias_key
    from .edits.add import FIELDS as ARTICLE_FIELDS
    from .edits.add import Added, Prepared, corpus_to_grow
    from .edits.add import add as add_articles
    from .edits.add import metadata as article_metadata
    from .edits.add import missing as missing_metadata
    from .edits.add import prepare as prepare_article
    from .edits.dismiss import Dismissed, dismiss
    from .edits.entities import Merged, merge, promote
    from .edits.events import promote_event
    from .edits.files import readable
    from .ingest.pipeline import BuildResult, CheckReport, build, check
    from .model import (
        DATE_PRECISIONS,
        ENTITY_TYPES,
        HIT_KINDS,
        PARAGRAPH_KINDS,
        REPORTING_KINDS,
        Article,
        Claim,
        ClaimValue,
        CoMention,
        DatePrecision,
        Entity,
        EntityType,
        Event,
        EventCandidate,
        EventEvidence,
        Evidence,
        Excerpt,
        HitKind,
        Mention,
        NameOccurrence,
        Paragraph,
        ParagraphKind,
        Participant,
        ProposedParticipant,
        ProposedSource,
        Relation,
        StoreMeta,
        Timex,
        date_label,
    )
    from .names import name_key
    from .paths import (
        bundled_corpus_dir,
        cache_dir,
        default_corpus_dir,
        default_db_path,
        user_corpus_dir,
    )
    from .persist import StoreVersion, build_running, store_version, write_atomic
    from .query.candidates import FORMAT as CANDIDATES_FORMAT
    from .query.candidates import (
        Candidate,
        candidates,
        candidates_json,
        event_candidates,
        find_candidate,
    )
    from .query.cards import FORMAT as CARD_FORMAT
    from .query.cards import card, hit_json, relation_verb
    from .query.catalog import Catalog
    from .query.cite import FORMATS as CITE_FORMATS
    from .query.cite import Format as CiteFormat
    from .query.cite import bibliography, cite, cite_article
    from .query.freshness import Freshness, freshness, looks_fresh, open_current
    from .sanitize import is_printable, json_text, printable
    from .search.ranking import Hit, WordMatch
    from .userdata.tray import Pin, Tray, TrayError, open_tray
    from .words import did_you_mean, plural


def __getattr__(name: str) -> Any:
    where = _LAZY.get(name)
    if where is None:
        raise AttributeError(f"module 'store' has no attribute {name!r}")
    module, attribute = (where, name) if isinstance(where, str) else where
    value = getattr(importlib.import_module(module, __name__), attribute)
    globals()[name] = value  # a submodule of the same name must not shadow it
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "ARTICLE_FIELDS",
    "CANDIDATES_FORMAT",
    "CARD_FORMAT",
    "CITE_FORMATS",
    "DATE_PRECISIONS",
    "ENTITY_TYPES",
    "EVENT_TYPES",
    "HIT_KINDS",
    "ID_PATTERN",
    "PARAGRAPH_KINDS",
    "REPORTING_KINDS",
    "SCHEMA_VERSION",
    "Added",
    "Article",
    "ArticleNotFound",
    "BuildResult",
    "Candidate",
    "Catalog",
    "CheckReport",
    "CiteFormat",
    "Claim",
    "ClaimNotFound",
    "ClaimValue",
    "CoMention",
    "CorpusError",
    "CorpusErrors",
    "DatePrecision",
    "Dismissed",
    "DossierError",
    "Entity",
    "EntityNotFound",
    "EntityType",
    "Event",
    "EventCandidate",
    "EventEvidence",
    "EventNotFound",
    "Evidence",
    "Excerpt",
    "Freshness",
    "Hit",
    "HitKind",
    "Mention",
    "Merged",
    "NameOccurrence",
    "NotFound",
    "Paragraph",
    "ParagraphKind",
    "ParagraphNotFound",
    "Participant",
    "Pin",
    "Prepared",
    "ProposedParticipant",
    "ProposedSource",
    "Relation",
    "StoreError",
    "StoreMeta",
    "StoreNotFound",
    "StoreOutdated",
    "StoreVersion",
    "Timex",
    "Tray",
    "TrayError",
    "WordMatch",
    "__version__",
    "add_articles",
    "alias_key",
    "article_metadata",
    "bibliography",
    "build",
    "build_running",
    "bundled_corpus_dir",
    "cache_dir",
    "candidates",
    "candidates_json",
    "card",
    "check",
    "cite",
    "cite_article",
    "corpus_to_grow",
    "date_label",
    "default_corpus_dir",
    "default_db_path",
    "did_you_mean",
    "dismiss",
    "event_candidates",
    "find_candidate",
    "freshness",
    "hit_json",
    "looks_fresh",
    "is_printable",
    "json_text",
    "merge",
    "missing_metadata",
    "name_key",
    "open_current",
    "open_tray",
    "plural",
    "prepare_article",
    "printable",
    "promote",
    "promote_event",
    "readable",
    "relation_verb",
    "store_version",
    "user_corpus_dir",
    "write_atomic",
]
