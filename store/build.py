"""Build the store from a corpus: the ingest pipeline, end to end.

read → segment → classify → write. Each stage is a plain function of values
(:func:`store.corpus.read_corpus`, :func:`store.segment.segment`,
:func:`store.classify.classify`); this module only walks the data through them
and hands the rows to :mod:`store.persist`, which replaces the store in one
atomic step. A corpus error raises before anything is written, so a failed
build leaves the previous store exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .classify import classify
from .corpus import ArticleSource, read_corpus
from .model import PARAGRAPH_KINDS, StoreMeta
from .persist import build_lock, save
from .segment import segment

#: Version of the store's layout. A store of another version is rebuilt.
SCHEMA_VERSION = 1

TABLES = ("articles", "paragraphs", "entities", "mentions", "events", "claims", "meta")

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` while a build runs."""


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build produced."""

    meta: StoreMeta
    path: Path
    size_bytes: int
    seconds: float


def _iso(value: dt.date) -> str:
    return value.isoformat()


def article_rows(source: ArticleSource) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The article's row and its paragraphs' rows (segment and classify)."""
    spans = segment(source.text)
    kinds = classify(
        source.text, spans, title=source.title, outlet=source.outlet, author=source.author
    )
    paragraphs = []
    for number, (span, kind) in enumerate(zip(spans, kinds, strict=True), start=1):
        paragraphs.append(
            {
                "id": f"{source.id}:p{number}",
                "article_id": source.id,
                "index": number,
                "kind": kind.kind,
                "text": source.text[span.start : span.end],
                "start": span.start,
                "end": span.end,
                "line": span.line,
                "duplicate_of": (
                    None if kind.duplicate_of is None else f"{source.id}:p{kind.duplicate_of + 1}"
                ),
            }
        )
    row = {
        "id": source.id,
        "file": source.file,
        "path": str(source.path),
        "outlet": source.outlet,
        "title": source.title,
        "author": source.author,
        "published": _iso(source.published),
        "published_precision": source.published_precision,
        "published_range": (
            [_iso(d) for d in source.published_range] if source.published_range else None
        ),
        "published_note": source.published_note,
        "url": source.url,
        "language": source.language,
        "sha256": source.sha256,
        "paragraph_count": len(paragraphs),
        "line": source.line,
    }
    return row, paragraphs


def build(
    corpus_dir: Path | str, db_path: Path | str, *, progress: Progress | None = None
) -> BuildResult:
    """Build the store at ``db_path`` from the corpus at ``corpus_dir``.

    Raises :class:`~store.errors.CorpusError` (or ``CorpusErrors``) for an
    invalid corpus, before touching the store.
    """
    started = time.perf_counter()
    report = progress or (lambda stage, done, total: None)
    db_path = Path(db_path).expanduser()
    report("reading corpus", 0, 1)
    corpus = read_corpus(corpus_dir)
    total = len(corpus.articles)
    articles: list[dict[str, Any]] = []
    paragraphs: list[dict[str, Any]] = []
    for done, source in enumerate(corpus.articles, start=1):
        row, rows = article_rows(source)
        articles.append(row)
        paragraphs.extend(rows)
        report("segmenting articles", done, total)

    kinds = Counter(p["kind"] for p in paragraphs)
    counts = {"articles": len(articles), "paragraphs": len(paragraphs)}
    counts.update({f"paragraphs.{kind}": kinds.get(kind, 0) for kind in PARAGRAPH_KINDS})
    counts.update({name: 0 for name in ("entities", "mentions", "events", "claims")})
    built_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    meta_row = {
        "schema_version": SCHEMA_VERSION,
        "corpus_fingerprint": corpus.fingerprint,
        "built_at": built_at.isoformat(),
        "corpus_dir": str(corpus.root),
        "counts": counts,
        "dossier_version": __version__,
    }
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    tables.update(articles=articles, paragraphs=paragraphs, meta=[meta_row])
    report("writing store", 0, 1)
    with build_lock(db_path):
        size = save(db_path, tables)
    report("writing store", 1, 1)
    meta = StoreMeta(
        schema_version=SCHEMA_VERSION,
        corpus_fingerprint=corpus.fingerprint,
        built_at=built_at,
        corpus_dir=str(corpus.root),
        counts=tuple(sorted(counts.items())),
        dossier_version=__version__,
    )
    return BuildResult(meta, db_path, size, time.perf_counter() - started)
