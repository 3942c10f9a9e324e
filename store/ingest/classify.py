"""Tell what each paragraph of an article is.

Stage three of the ingest pipeline (read → segment → **classify** → ...). Saved
web articles carry more than the story: page furniture ("Skip to content",
"Do you like this article?"), photo captions printed twice, photo credits,
bylines, bullet summaries and reader comments. The files are never cleaned;
instead every paragraph gets a kind, and repeats point at what they repeat, so
later stages decide what to show, count and search.

The rules are about layout, not about particular outlets, so that a user's own
articles are classified the same way:

* Page furniture: known phrases, the outlet's name, lines made only of
  symbols, and short lines above the headline.
* Headline: a paragraph equal (or nearly) to the title in ``articles.toml``, else
  a Markdown heading (``# ...``) that opens the text.
* Credit: "(photo credit: ...)", "[Photo ...]", a byline ("By Faris al-Omran").
* Caption: a line that carried a photo credit, "FILE - ..." lines, lines that
  end in a footnote digit or a parenthesised source, and short unpunctuated
  lines printed right next to a caption (image alt text, repeated captions).
* Summary: bullet points before the body starts, and a standfirst that the
  body restates.
* Reader comment: what follows a "3 Comment(s)" marker.
* Everything else is body.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..fold import squash
from ..model import ParagraphKind
from .segment import Span

_BOILERPLATE = re.compile(
    r"""^(?:
        skip\ to\ (?:main\ )?content
      | accessibility\ links
      | breaking\ news
      | (?:main\ )?menu | search | home | close
      | advertisement | sponsored(?:\ content)?
      | do\ you\ like\ this\ article\??
      | was\ this\ article\ helpful\??
      | \d+\ comments?(?:\ ?\(s\))?
      | comments? | leave\ a\ (?:comment|reply)
      | comment\ policy\b.*
      | filed\ under\b.*
      | (?:share|print|email)(?:\ this(?:\ article|\ story)?)?(?:\ on\ \w+)?
      | (?:read|see)\ (?:more|also)\b.{0,80}
      | related(?:\ articles|\ stories|\ coverage|\ topics)?:?
      | (?:subscribe|sign\ up|follow\ us)\b.{0,100}
      | (?:©|\(c\)|copyright)\b.{0,150}
      | all\ rights\ reserved\.?
    )$""",
    re.VERBOSE,
)
_COMMENTS_MARKER = re.compile(r"^\d+\s+comments?(?:\s?\(s\))?$")
_CREDIT = re.compile(
    r"""^(?:
        \(\s*(?:photo|image|picture|video)\b[^()]*\)
      | \[\s*(?:photo|image|picture|video)\b[^\[\]]*\]
      | (?:photo|image|picture|video)\s*(?:credit|courtesy|by)?\s*:.{1,120}
      | credit:.{1,120}
    )$""",
    re.VERBOSE | re.IGNORECASE,
)
#: "By Faris al-Omran", "*By Omar Saleh, Baghdad Bureau*", "BY RANA AZIZ AND ALI JAWAD".
_BYLINE = re.compile(r"^[*_]{0,2}by\s+([A-Z][\w.'’\-, ]{1,80}?)[*_]{0,2}$", re.IGNORECASE)
_FILE_PHOTO = re.compile(r"^FILE(?:\s+PHOTO)?\s*[-–—:]")
_FOOTNOTE = re.compile(r"[.)\"”’]\d{1,2}$")
_TRAILING_SOURCE = re.compile(r"[^.!?:;\s]\s*\([^()]{2,60}\)$")
_BULLET = re.compile(r"^[•·▪‣◦●○■□➤►]\s*\S|^[-*–]\s+\S")
_SENTENCE_END = re.compile(r"[.!?:;\"”’)]$")
_MARKDOWN_HEADING = re.compile(r"^#{1,2}\s+\S")


def _is_byline(text: str) -> bool:
    """A line that only says who wrote the article: "By" and a few capitalised words
    ("By Faris al-Omran", "*By Omar Saleh, Baghdad Bureau*"), never a sentence
    ("By noon the crowd had gone")."""
    match = _BYLINE.match(text.partition(" | ")[0].strip())  # "By Rana Aziz | Published ..."
    if match is None:
        return False
    # The names, then perhaps a comma and who they are ("Baghdad correspondent").
    names, _, role = match.group(1).partition(",")
    words = names.split()
    if role and (len(words) < 2 or role.rstrip("*_ ").endswith((".", "!", "?"))):
        return False  # "By Monday, the militia had left."
    return (
        len(words) + len(role.split()) <= 10
        and len(role.split()) <= 4
        and all(
            w[:1].isupper() or w.lower() in _BYLINE_SMALL or w.rpartition("-")[2][:1].isupper()
            for w in words
        )
    )


_BYLINE_SMALL = frozenset({"and", "in", "of", "bin", "ibn", "el", "al", "de", "van", "von"})

#: Captions and alt text are short; a long paragraph is never taken for one.
CAPTION_MAX = 400
ALT_TEXT_MAX = 160


@dataclass(frozen=True, slots=True)
class Classified:
    """The kind of one paragraph and, for a repeat, the index it repeats."""

    kind: ParagraphKind
    duplicate_of: int | None = None


def _near(a: str, b: str, threshold: float = 92.0) -> bool:
    return a == b or fuzz.ratio(a, b) >= threshold


def _spread_captions(
    kinds: list[ParagraphKind | None], joined: Sequence[bool], alt_text: Sequence[bool]
) -> None:
    """Make captions of the unclassified alt text joined to a caption or credit,
    directly or through other such alt text, in place.

    A run of joined lines spreads from a caption or credit at either end: one
    pass forwards, one backwards. (Repeating forward passes until nothing
    changed gained one line per pass when spreading backwards: quadratic in a
    long list of short lines.)
    """
    n = len(kinds)
    for i in range(1, n):
        if kinds[i] is None and alt_text[i] and joined[i]:
            if kinds[i - 1] in ("caption", "credit"):
                kinds[i] = "caption"
    for i in range(n - 2, -1, -1):
        if kinds[i] is None and alt_text[i] and joined[i + 1]:
            if kinds[i + 1] in ("caption", "credit"):
                kinds[i] = "caption"


def classify(
    text: str,
    spans: Sequence[Span],
    *,
    title: str,
    outlet: str = "",
    author: str | None = None,
) -> tuple[Classified, ...]:
    """Kinds for ``spans`` of ``text``, in the same order."""
    raw = [text[s.start : s.end] for s in spans]
    sq = [squash(t) for t in raw]
    n = len(spans)
    kinds: list[ParagraphKind | None] = [None] * n
    dup: list[int | None] = [None] * n
    title_sq = squash(title)
    outlet_sq = squash(outlet) if outlet else None
    byline_sq = squash(f"by {author}") if author else None

    # Headline, and page furniture above it. A Markdown file's first heading is its
    # headline even when the title given differs.
    headlines = [i for i in range(n) if len(sq[i]) < 400 and _near(sq[i], title_sq)]
    if not headlines and n and _MARKDOWN_HEADING.match(raw[0]) and len(sq[0]) < 400:
        headlines = [0]
    if headlines:
        first = headlines[0]
        for i in headlines:
            kinds[i] = "headline"
            dup[i] = None if i == first else first
        if first <= 8:
            for i in range(first):
                if len(sq[i]) <= 120:
                    kinds[i] = "boilerplate"

    # Furniture, credits and bylines anywhere.
    comments_from: int | None = None
    for i in range(n):
        if kinds[i] is not None:
            continue
        s = sq[i]
        if not any(ch.isalnum() for ch in s) or _BOILERPLATE.match(s) or s == outlet_sq:
            kinds[i] = "boilerplate"
            if comments_from is None and _COMMENTS_MARKER.match(s):
                comments_from = i + 1
        elif _CREDIT.match(raw[i]) or s == byline_sq or _is_byline(raw[i]):
            kinds[i] = "credit"

    # Reader comments: everything after the marker that is not furniture.
    if comments_from is not None:
        for i in range(comments_from, n):
            if kinds[i] is None:
                kinds[i] = "reader-comment"

    # Captions from their own shape.
    for i in range(n):
        if kinds[i] is not None:
            continue
        t = raw[i]
        carries_credit = (
            i + 1 < n
            and kinds[i + 1] == "credit"
            and spans[i + 1].joined
            and spans[i + 1].line == spans[i].line
        )
        if carries_credit or _FILE_PHOTO.match(t):
            kinds[i] = "caption"
        elif len(t) <= CAPTION_MAX and (_FOOTNOTE.search(t) or _TRAILING_SOURCE.search(t)):
            kinds[i] = "caption"

    # Captions from their neighbours: alt text and repeats printed beside a
    # caption or credit, or beside an identical line.
    def alt_text(i: int) -> bool:
        return len(raw[i]) <= ALT_TEXT_MAX and not _SENTENCE_END.search(raw[i])

    for i in range(n - 1):
        if kinds[i] is None and kinds[i + 1] is None and spans[i + 1].joined:
            if sq[i] == sq[i + 1] and alt_text(i):
                kinds[i] = kinds[i + 1] = "caption"
    _spread_captions(kinds, [s.joined for s in spans], [alt_text(i) for i in range(n)])

    # Summary: bullets before the body, and a standfirst the body restates.
    first_body = next((i for i in range(n) if kinds[i] is None and not _BULLET.match(raw[i])), n)
    for i in range(first_body):
        if kinds[i] is None and _BULLET.match(raw[i]):
            kinds[i] = "summary"
    if first_body < n and len(sq[first_body]) >= 60:
        lead = sq[first_body]
        lead_words = set(lead.split())
        for j in range(first_body + 1, n):
            if kinds[j] is not None or len(sq[j]) < 0.8 * len(lead):
                continue
            # Most of the standfirst's words must recur before the costlier
            # alignment is worth computing.
            if len(lead_words & set(sq[j].split())) < 0.7 * len(lead_words):
                continue
            if fuzz.partial_ratio(lead, sq[j], score_cutoff=85):
                kinds[first_body] = "summary"
                dup[first_body] = j
                break

    final: list[ParagraphKind] = [k if k is not None else "body" for k in kinds]

    # Repeats: the same text printed again, or alt text that a caption beside
    # it spells out in full.
    seen: dict[tuple[str, str], int] = {}
    for i in range(n):
        if dup[i] is not None:
            continue
        key = (final[i], sq[i])
        if key in seen:
            dup[i] = seen[key]
            continue
        seen[key] = i
        if (
            final[i] == "caption"
            and i + 1 < n
            and final[i + 1] == "caption"
            and spans[i + 1].joined
            and len(sq[i + 1]) > len(sq[i])
            and sq[i + 1].startswith(sq[i])
        ):
            dup[i] = i + 1
    return tuple(Classified(k, d) for k, d in zip(final, dup, strict=True))
