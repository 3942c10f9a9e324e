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
)
from .schema import SCHEMA_VERSION

__version__ = "0.1.0"

#: Where each lazily imported name lives.
_LAZY = {
    "Catalog": ".query.catalog",
    "Freshness": ".query.freshness",
    "freshness": ".query.freshness",
    "open_current": ".query.freshness",
    "bundled_corpus_dir": ".paths",
    "default_corpus_dir": ".paths",
    "default_db_path": ".paths",
    "Hit": ".search.ranking",
    "WordMatch": ".search.ranking",
    "build": ".ingest.pipeline",
    "check": ".ingest.pipeline",
    "BuildResult": ".ingest.pipeline",
    "CheckReport": ".ingest.pipeline",
    **{
        name: ".model"
        for name in (
            "PARAGRAPH_KINDS", "Article", "Claim", "ClaimValue", "CoMention", "Entity", "Event",
            "EventEvidence", "Evidence", "Excerpt", "Mention", "Paragraph", "Participant",
            "Relation", "StoreMeta", "Timex",
        )
    },
}  # fmt: skip

if TYPE_CHECKING:
    from .ingest.pipeline import BuildResult, CheckReport, build, check
    from .model import (
        PARAGRAPH_KINDS,
        Article,
        Claim,
        ClaimValue,
        CoMention,
        Entity,
        Event,
        EventEvidence,
        Evidence,
        Excerpt,
        Mention,
        Paragraph,
        Participant,
        Relation,
        StoreMeta,
        Timex,
    )
    from .paths import bundled_corpus_dir, default_corpus_dir, default_db_path
    from .query.catalog import Catalog
    from .query.freshness import Freshness, freshness, open_current
    from .search.ranking import Hit, WordMatch


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'store' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # a submodule of the same name must not shadow it
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "PARAGRAPH_KINDS",
    "SCHEMA_VERSION",
    "Article",
    "ArticleNotFound",
    "BuildResult",
    "Catalog",
    "CheckReport",
    "Claim",
    "ClaimNotFound",
    "ClaimValue",
    "CoMention",
    "CorpusError",
    "CorpusErrors",
    "DossierError",
    "Entity",
    "EntityNotFound",
    "Event",
    "EventEvidence",
    "EventNotFound",
    "Evidence",
    "Excerpt",
    "Freshness",
    "Hit",
    "Mention",
    "NotFound",
    "Paragraph",
    "ParagraphNotFound",
    "Participant",
    "Relation",
    "StoreError",
    "StoreMeta",
    "StoreNotFound",
    "Timex",
    "WordMatch",
    "__version__",
    "build",
    "bundled_corpus_dir",
    "check",
    "default_corpus_dir",
    "default_db_path",
    "freshness",
    "open_current",
]
