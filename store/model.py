"""The values the query API returns.

Frozen, slotted dataclasses with tuples inside: a caller can keep them, hash
them and pass them between threads without fear that the store changes them.
TinyDB documents and ``doc_id``s never leave ``store/``; these are built from
them in :mod:`store.catalog`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

ParagraphKind = Literal[
    "headline",
    "body",
    "caption",
    "credit",
    "summary",
    "boilerplate",
    "reader-comment",
]

#: Every paragraph kind, in the order a reader would rank them for reading.
PARAGRAPH_KINDS: tuple[ParagraphKind, ...] = (
    "headline",
    "body",
    "summary",
    "caption",
    "credit",
    "reader-comment",
    "boilerplate",
)

Precision = Literal["exact", "estimated"]


@dataclass(frozen=True, slots=True)
class Article:
    """One article of the corpus, with what is known about its publication."""

    id: str
    """Stable id from ``articles.toml`` (lowercase letters, digits, hyphens)."""
    title: str
    """The headline as the outlet's page gives it."""
    outlet: str
    """The publication, e.g. ``"Voice of America"``."""
    author: str | None
    """The byline, or ``None`` when the page names no author."""
    published: dt.date
    """Publication date; a :class:`datetime.datetime` when the time is known."""
    published_precision: Precision
    """``"exact"`` when the outlet states it, ``"estimated"`` when inferred."""
    url: str | None
    """The original page, or ``None`` when it could not be found."""
    path: Path
    """Absolute path of the original text file (never edited)."""
    language: str = "en"
    """BCP 47 language tag of the text."""
    published_range: tuple[dt.date, dt.date] | None = None
    """Earliest and latest plausible dates of an estimated publication."""
    published_note: str | None = None
    """How an estimated date was inferred, in words."""
    file: str = ""
    """Path of the text relative to the corpus directory."""
    sha256: str = ""
    """SHA-256 of the file's bytes when the store was built."""
    paragraph_count: int = 0
    """Number of paragraphs of every kind in the article."""

    @property
    def published_day(self) -> dt.date:
        """The publication date without its time of day."""
        if isinstance(self.published, dt.datetime):
            return self.published.date()
        return self.published

    @property
    def is_estimated(self) -> bool:
        """True when the publication date was inferred rather than stated."""
        return self.published_precision == "estimated"

    @property
    def published_label(self) -> str:
        """The date as a reader should see it, never more precise than known.

        ``2020-06-29 22:32`` for a stated time, ``2020-06-29`` for a stated
        day, ``est. 2020-06-30`` or ``est. 2020-06-28 to 2020-06-30`` for an
        inferred one.
        """
        if not self.is_estimated:
            if isinstance(self.published, dt.datetime):
                return self.published.strftime("%Y-%m-%d %H:%M")
            return self.published.isoformat()
        if self.published_range and self.published_range[0] != self.published_range[1]:
            lo, hi = self.published_range
            return f"est. {lo.isoformat()} to {hi.isoformat()}"
        return f"est. {self.published_day.isoformat()}"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of an article, located exactly in the original file.

    ``text == file_text[start:end]`` always holds, where ``file_text`` is the
    file decoded as UTF-8 with its line endings untouched.
    """

    id: str
    """``<article-id>:p<index>``."""
    article_id: str
    """The article this paragraph belongs to."""
    index: int
    """1-based position in the article; what citations call ¶N."""
    kind: ParagraphKind
    """What the paragraph is: headline, body, caption, credit, summary,
    boilerplate or reader-comment."""
    text: str
    """The paragraph's characters exactly as in the file."""
    start: int
    """Character offset of the first character in the decoded file."""
    end: int
    """Character offset one past the last character."""
    line: int = 0
    """1-based line of the file on which the paragraph starts."""
    duplicate_of: str | None = None
    """Id of the paragraph this one repeats (a caption shown twice, a
    standfirst restated in the body), or ``None``."""

    @property
    def is_duplicate(self) -> bool:
        """True when the paragraph repeats another one."""
        return self.duplicate_of is not None


@dataclass(frozen=True, slots=True)
class StoreMeta:
    """What the store knows about its own build."""

    schema_version: int
    """Version of the store layout; a store of another version is rebuilt."""
    corpus_fingerprint: str
    """SHA-256 over every corpus file; a changed corpus makes the store stale."""
    built_at: dt.datetime
    """When the store was built (UTC)."""
    corpus_dir: str
    """The corpus directory it was built from."""
    counts: tuple[tuple[str, int], ...] = field(default=())
    """Rows per table and paragraphs per kind, as ``(name, count)`` pairs."""
    dossier_version: str = ""
    """Version of dossier that built the store."""

    def count(self, name: str) -> int:
        """The count recorded under ``name`` (0 when absent)."""
        return dict(self.counts).get(name, 0)
