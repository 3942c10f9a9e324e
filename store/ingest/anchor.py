"""Anchor quoted evidence to a paragraph and character offsets.

Stage **anchor** of the ingest pipeline. A quote in the annotations is a W3C
Web Annotation TextQuoteSelector: the exact text, with optional text before
(``prefix``) and after (``suffix``) it. At build time each one must resolve to
exactly one place in its article, inside one paragraph; otherwise the build is
refused with an error naming the annotation file and line, and saying what to
fix. The result carries both selectors' information: the quote and its
positions (a TextPositionSelector), in the paragraph and in the file.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..corpus.annotations import QuoteSpec
from ..errors import CorpusError
from ..fold import fold
from ..words import plural


@dataclass(frozen=True, slots=True)
class ParagraphSpan:
    """Where a paragraph lies in its article's text."""

    id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Anchor:
    """A quote resolved to its one place in an article."""

    article_id: str
    paragraph_id: str
    start: int
    """Offset of the quote in the paragraph's text."""
    end: int
    file_start: int
    """Offset of the quote in the article file's text."""
    file_end: int
    quote: str


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def find_quote(
    spec: QuoteSpec, text: str, paragraphs: Sequence[ParagraphSpan], file: str = ""
) -> Anchor:
    """The one place of ``spec`` in ``text``; :class:`CorpusError` otherwise."""
    where = spec.where
    quote = spec.quote
    hits = [m.start() for m in re.finditer(re.escape(quote), text)]
    if not hits:
        folded = fold(" ".join(quote.split()))
        loose = fold(text)
        near = folded in " ".join(loose.split())
        hint = (
            " (it is there with different case, quotes, dashes or spacing: copy it from the file)"
            if near
            else "; copy it from the file exactly"
        )
        raise where.error(f"quote not found verbatim in {spec.article}: {quote!r}{hint}")
    total = len(hits)
    hits = [
        h
        for h in hits
        if text[:h].endswith(spec.prefix) and text[h + len(quote) :].startswith(spec.suffix)
    ]
    if not hits:
        raise where.error(
            f"quote found {plural(total, 'time')} in {spec.article} but never "
            "with this prefix/suffix; fix or remove them"
        )
    if len(hits) > 1:
        lines = ", ".join(str(_line(text, h)) for h in hits)
        raise where.error(
            f"quote found {len(hits)} times in {spec.article} (lines {lines}); add a prefix "
            "or suffix to say which"
        )
    start = hits[0]
    end = start + len(quote)
    starts = [p.start for p in paragraphs]
    index = bisect_right(starts, start) - 1
    if index < 0 or end > paragraphs[index].end:
        raise where.error(
            f"quote crosses a paragraph boundary in {spec.article}; quote within one paragraph"
        )
    paragraph = paragraphs[index]
    return Anchor(
        article_id=spec.article,
        paragraph_id=paragraph.id,
        start=start - paragraph.start,
        end=end - paragraph.start,
        file_start=start,
        file_end=end,
        quote=quote,
    )


def anchor_all(
    specs: Sequence[QuoteSpec],
    texts: dict[str, str],
    paragraphs: Mapping[str, Sequence[ParagraphSpan]],
    errors: list[CorpusError],
) -> dict[QuoteSpec, Anchor]:
    """Anchor every quote. Failures go to ``errors``."""
    anchors: dict[QuoteSpec, Anchor] = {}
    for spec in specs:
        if spec in anchors:
            continue
        try:
            anchors[spec] = find_quote(spec, texts[spec.article], paragraphs[spec.article])
        except CorpusError as exc:
            errors.append(exc)
    return anchors
