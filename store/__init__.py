"""dossier's data layer: corpus reading, ingest, the TinyDB store, the query API.

This package never imports Textual: the command line's read-only subcommands
and any script can use it without a terminal UI. Everything a caller needs is
importable from here::

    import store
    store.build("corpus", "/tmp/dossier.json")
    catalog = store.Catalog.open("/tmp/dossier.json")
    for article in catalog.articles():
        print(article.outlet, article.title)
"""

__version__ = "0.1.0"

from .build import SCHEMA_VERSION, BuildResult, CheckReport, build, check  # noqa: E402
from .catalog import Catalog  # noqa: E402
from .errors import (  # noqa: E402
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
from .freshness import Freshness, freshness  # noqa: E402
from .model import (  # noqa: E402
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
)
from .paths import bundled_corpus_dir, default_corpus_dir, default_db_path  # noqa: E402
from .search import Hit, WordMatch  # noqa: E402

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
    "WordMatch",
    "__version__",
    "build",
    "check",
    "bundled_corpus_dir",
    "default_corpus_dir",
    "default_db_path",
    "freshness",
]
