"""The query API: a read-only view of one store.

:class:`Catalog` opens a store through TinyDB (read-only storage: opening never
writes), indexes the rows it needs by id once, and answers with the frozen
dataclasses of :mod:`store.model`. TinyDB documents never leave this module.
A catalog never changes after it is opened, so it may be shared between
threads (the explorer searches in worker threads).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

from .build import SCHEMA_VERSION
from .corpus import parse_date
from .errors import ArticleNotFound, ParagraphNotFound, StoreError
from .model import Article, Paragraph, ParagraphKind, Precision, StoreMeta
from .persist import open_readonly


def _date(value: Any) -> dt.date:
    parsed = parse_date(value)
    if parsed is None:
        raise ValueError(f"not a date: {value!r}")
    return parsed


class Catalog:
    """Everything one store knows, by id, as values."""

    def __init__(self, path: Path, tables: dict[str, list[dict[str, Any]]]) -> None:
        self.path = path
        meta_rows = tables.get("meta") or []
        if not meta_rows:
            raise StoreError(path, "has no meta record; rebuild it with 'dossier build'")
        meta = meta_rows[0]
        version = meta.get("schema_version")
        if version != SCHEMA_VERSION:
            raise StoreError(
                path,
                f"was built with store schema {version}, this dossier reads schema "
                f"{SCHEMA_VERSION}; rebuild it with 'dossier build'",
            )
        self._meta = StoreMeta(
            schema_version=version,
            corpus_fingerprint=meta["corpus_fingerprint"],
            built_at=dt.datetime.fromisoformat(meta["built_at"]),
            corpus_dir=meta["corpus_dir"],
            counts=tuple(sorted(meta.get("counts", {}).items())),
            dossier_version=meta.get("dossier_version", ""),
        )
        self._article_rows = {row["id"]: row for row in tables.get("articles", [])}
        self._paragraph_rows = {row["id"]: row for row in tables.get("paragraphs", [])}
        self._by_article: dict[str, list[str]] = {aid: [] for aid in self._article_rows}
        for row in tables.get("paragraphs", []):
            self._by_article.setdefault(row["article_id"], []).append(row["id"])
        self._articles: dict[str, Article] = {}
        self._paragraphs: dict[str, Paragraph] = {}

    @classmethod
    def open(cls, db_path: Path | str) -> Catalog:
        """Open the store at ``db_path`` for reading.

        Raises :class:`~store.errors.StoreNotFound` when there is no store and
        :class:`~store.errors.StoreError` when it is unreadable or of another
        schema version. Nothing on disk is written.
        """
        path = Path(db_path).expanduser()
        db = open_readonly(path)
        try:
            tables = {name: list(db.table(name).all()) for name in db.tables()}
        except (AttributeError, TypeError, ValueError):
            raise StoreError(
                path, "is not a dossier store; rebuild it with 'dossier build'"
            ) from None
        try:
            return cls(path, cast(dict[str, list[dict[str, Any]]], tables))
        except (KeyError, TypeError, ValueError) as exc:
            raise StoreError(
                path, f"is damaged ({exc!s}); rebuild it with 'dossier build'"
            ) from None

    @property
    def meta(self) -> StoreMeta:
        """How and from what the store was built."""
        return self._meta

    # Articles -----------------------------------------------------------

    def _article(self, row: dict[str, Any]) -> Article:
        found = self._articles.get(row["id"])
        if found is None:
            span = row.get("published_range")
            found = Article(
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
                file=row.get("file", ""),
                sha256=row.get("sha256", ""),
                paragraph_count=row.get("paragraph_count", 0),
            )
            self._articles[row["id"]] = found
        return found

    def articles(self) -> tuple[Article, ...]:
        """Every article, oldest first, then by outlet and title."""
        items = [self._article(row) for row in self._article_rows.values()]
        return tuple(sorted(items, key=lambda a: (a.published_day, a.outlet, a.title, a.id)))

    def article(self, article_id: str) -> Article:
        """The article with this id; :class:`ArticleNotFound` otherwise."""
        row = self._article_rows.get(article_id)
        if row is None:
            raise ArticleNotFound(article_id)
        return self._article(row)

    # Paragraphs ---------------------------------------------------------

    def _paragraph(self, row: dict[str, Any]) -> Paragraph:
        found = self._paragraphs.get(row["id"])
        if found is None:
            found = Paragraph(
                id=row["id"],
                article_id=row["article_id"],
                index=row["index"],
                kind=cast(ParagraphKind, row["kind"]),
                text=row["text"],
                start=row["start"],
                end=row["end"],
                line=row.get("line", 0),
                duplicate_of=row.get("duplicate_of"),
            )
            self._paragraphs[row["id"]] = found
        return found

    def paragraphs(self, article_id: str) -> tuple[Paragraph, ...]:
        """The article's paragraphs in order; :class:`ArticleNotFound` for an unknown id."""
        ids = self._by_article.get(article_id)
        if ids is None:
            raise ArticleNotFound(article_id)
        return tuple(self._paragraph(self._paragraph_rows[pid]) for pid in ids)

    def paragraph(self, paragraph_id: str) -> Paragraph:
        """The paragraph with this id; :class:`ParagraphNotFound` otherwise."""
        row = self._paragraph_rows.get(paragraph_id)
        if row is None:
            raise ParagraphNotFound(paragraph_id)
        return self._paragraph(row)

    def iter_paragraphs(self, kinds: Iterable[ParagraphKind] | None = None) -> Iterable[Paragraph]:
        """Every paragraph of the store, article by article, optionally of some kinds."""
        wanted = set(kinds) if kinds is not None else None
        for row in self._paragraph_rows.values():
            if wanted is None or row["kind"] in wanted:
                yield self._paragraph(row)
