"""Dates in every paragraph: find temporal expressions and resolve them in context.

:func:`store.timex.resolve` knows what one phrase means against one reference
date. This module finds the phrases in running text (:func:`find`) and gives
each the reference a careful reader would (:func:`date_article`):

* a calendar date with its year (``June 25, 2020``, ``in 2017``) needs none;
* a phrase that counts from the moment of writing (``last Thursday``,
  ``June 25``, ``earlier this month``, ``a year ago``) counts from the
  article's publication date. When that date is estimated, every day of its
  range is tried, and a phrase whose value depends on the day is marked
  *estimated* with the other values in its rule;
* a narrative phrase (``the next day``, ``two days later``) counts from the
  date the article mentioned last;
* a phrase anchored on an event (``four days after the raid``) counts from
  the date of the knowledge base's event of that kind: the one the article is
  evidence for, else the latest before publication, marked ambiguous when
  there is more than one.

Months and weekdays are recognised only capitalised (``may`` and ``march``
are verbs), and a month or year standing alone only after a word that makes
it a date (``in June``, ``since 2018``). Offsets are in the paragraph's text;
nothing here reads files or the store, so a worker process can run it.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from ..rows import TimexRow
from .timex import DAY_NAMES, MONTH_NAMES, NUMBERS, Resolution, resolve

Kind = Literal["calendar", "publication", "narrative", "event"]

_M_FULL = "|".join(name for name in MONTH_NAMES if name)
_M_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\."
_M = rf"(?:{_M_FULL}|{_M_ABBR})"
_D = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_Y = r"(?:1[89]\d\d|20\d\d)"
_W = "|".join(DAY_NAMES)
_NUM = r"(?:\d{1,3}|" + "|".join(NUMBERS) + ")"
_UNIT = r"(?:day|week|month|year)s?"
_CUE = (
    r"(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ff]rom|[Dd]uring|[Tt]hrough|[Bb]efore|[Aa]fter|[Oo]f|[Tt]o)"
)
_YEAR_CUE = (
    rf"(?:{_CUE}|and|or|[Tt]he|[Ee]arly|[Ll]ate|[Mm]id-?|[Ss]ummer|[Ss]pring|[Ww]inter|[Aa]utumn"
    r"|[Ff]all|[Bb]etween|[Aa]round|[Cc]irca|[Yy]ear|[Ee]nd\s+of|[Ss]tart\s+of)"
)

#: Words for the events a phrase can count from, and the event types they name.
EVENT_NOUNS: dict[str, tuple[str, ...]] = {
    "raid": ("raid",), "raids": ("raid",), "operation": ("raid", "seizure"),
    "arrest": ("arrest", "detention"), "arrests": ("arrest", "detention"),
    "detention": ("detention", "arrest"), "detentions": ("detention", "arrest"),
    "attack": ("attack",), "attacks": ("attack",), "strike": ("attack",),
    "strikes": ("attack",), "bombing": ("attack",), "killing": ("killing",),
    "assassination": ("killing",), "death": ("killing",), "protest": ("protest",),
    "protests": ("protest",), "demonstration": ("protest",), "demonstrations": ("protest",),
    "release": ("release",), "meeting": ("meeting", "talks"), "talks": ("talks", "meeting"),
    "visit": ("visit",), "seizure": ("seizure",), "statement": ("statement",),
    "announcement": ("statement",), "appointment": ("appointment",),
    "resignation": ("resignation",), "transfer": ("transfer",), "parade": ("parade",),
    "sanctions": ("sanction",),
}  # fmt: skip
_NOUN = "|".join(sorted(EVENT_NOUNS, key=len, reverse=True))

# One alternation, longest forms first: at a given position the first
# alternative that matches wins, and the scan takes the leftmost position.
# Each alternative names its span ``<kind>_<n>`` (a kind may have several).
_ALTERNATIVES = [
    # Anchored on an event: "four days after the raid", "the day before the protest".
    ("event_1", rf"(?i:{_NUM}\s+{_UNIT}\s+(?:after|before)\s+(?:the|this|that|last\s+week's)"
     rf"\s+(?:[\w'’-]+\s+){{0,2}}?(?:{_NOUN}))\b"),
    ("event_2", rf"(?i:the\s+(?:day|week|month)\s+(?:after|before)\s+(?:the|this|that)"
     rf"\s+(?:[\w'’-]+\s+){{0,2}}?(?:{_NOUN}))\b"),
    # Calendar dates.
    ("calendar_1", rf"{_M}\s+{_D},?\s+{_Y}\b"),
    ("calendar_2", rf"{_D}\s+(?:{_M_FULL}),?\s+{_Y}\b"),
    ("calendar_3", r"\d{4}-\d{2}-\d{2}\b"),
    ("calendar_4", rf"(?:{_M_FULL}),?\s+{_Y}\b"),
    ("calendar_5", r"(?:1[89]|20)\d0s\b"),
    ("publication_1", rf"{_M}\s+{_D}\b"),
    ("publication_2", rf"{_D}\s+(?:{_M_FULL})\b"),
    ("publication_3", rf"(?:[Ll]ast\s+|[Ee]arly\s+|[Ll]ate\s+|[Mm]id-|[Mm]id\s+|(?:[Tt]he\s+)?"
     rf"(?:beginning|start|end|middle)\s+of\s+)(?:{_M_FULL})\b"),
    # A month or a year alone, after a word that makes it a date.
    ("cue_month", rf"(?:{_CUE}|and|or|[Aa]n?)\s+(?P<cue_month_t>(?:{_M_FULL})(?:\s+{_D}\b)?"
     rf"(?:,?\s+{_Y})?)\b"),
    ("cue_year", rf"{_YEAR_CUE}\s+(?P<cue_year_t>{_Y})\b(?![\d,]|\s+(?:people|of)\b)"),
    ("calendar_6", rf"{_Y}(?=\s*[-–]\s*{_Y}\b)"),
    ("calendar_7", rf"(?<=\d[-–]){_Y}\b"),
    ("calendar_8", rf"(?<![\d$€£.,])\b{_Y}(?=[.;:)\]]|,\s|$)"),
    # Counted from the moment of writing.
    ("publication_4", rf"(?:(?:[Ll]ast|[Tt]his|[Nn]ext)\s+)?(?:{_W})"
     r"(?:\s+(?:morning|afternoon|evening|night))?\b"),
    ("publication_5", r"(?i:(?:earlier\s+|later\s+)?this\s+(?:week|month|year)"
     r"|(?:last|next)\s+(?:week|month|year)|last\s+night"
     r"|this\s+(?:morning|afternoon|evening)|today|tonight|yesterday|tomorrow)\b"),
    ("publication_6", rf"(?i:{_NUM}\s+{_UNIT}\s+ago)\b"),
    # Holidays of a fixed day, in the year the writing makes likely.
    ("publication_7", r"(?:New\s+Year['’]s\s+(?:Eve|Day)|Christmas(?:\s+(?:Eve|Day))?)\b"),
    # Counted from the date last mentioned.
    ("narrative_1", rf"(?i:(?:the\s+)?(?:next|following|same|previous)\s+day|that\s+day"
     rf"|the\s+day\s+before|a\s+day\s+(?:later|earlier)|{_NUM}\s+{_UNIT}\s+(?:later|earlier))\b"),
]  # fmt: skip
_FINDER = re.compile(
    "|".join(rf"(?P<{name}>\b{pattern})" for name, pattern in _ALTERNATIVES)
)  # fmt: skip
_SPANS = {name: f"{name}_t" for name, _ in _ALTERNATIVES if f"(?P<{name}_t>" in _FINDER.pattern}
_EVENT_NOUN = re.compile(rf"(?i:\b({_NOUN})\b)")


@dataclass(frozen=True, slots=True)
class Found:
    """A temporal expression in a text: ``text[start:end]``."""

    start: int
    end: int
    phrase: str
    kind: Kind
    """What it counts from: nothing (calendar), publication, the date last
    mentioned (narrative) or an event."""


def _head_pattern() -> re.Pattern[str]:
    """The word every expression contains: a month, a weekday, a year, or a
    unit, in lower case, as a trie of first letters (much faster to scan for)."""
    words = {w.lower() for w in (*MONTH_NAMES[1:], *DAY_NAMES)}
    words |= {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
    words |= {"today", "tonight", "yesterday", "tomorrow", "night", "morning", "afternoon"}
    words |= {"evening", "day", "days", "week", "weeks", "month", "months", "year", "years"}
    words |= {"christmas"}
    by_first: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        by_first.setdefault(word[0], []).append(re.escape(word[1:]))
    branches = [f"{first}(?:{'|'.join(rest)})" for first, rest in sorted(by_first.items())]
    return re.compile(rf"\b(?:{'|'.join(branches)}|(?:1[89]|20)\d\d)")


#: Scanning for head words first (in the lower-cased text), then trying the
#: full pattern only at the few words before each, is what keeps dating cheap
#: on a large corpus: most positions of most paragraphs start no date.
_HEAD = _head_pattern()
_WORD_START = re.compile(r"(?<![\w'’$€£.,-])[\w$€£]")
#: How far before its head word an expression may start ("the beginning of June").
_REACH = 24


def _matches(text: str) -> Iterable[re.Match[str]]:
    """Every match of the full pattern that contains a head word."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters grow when lowered: keep offsets true
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    for head in _HEAD.finditer(lowered):
        h = head.start()
        starts = [m.start() for m in _WORD_START.finditer(text, max(0, h - _REACH), h)]
        for start in (*starts, h):
            m = _FINDER.match(text, start)
            if m is not None and m.end() >= head.end():
                yield m
                break


def find(text: str) -> list[Found]:
    """The temporal expressions in ``text``, in order, not overlapping
    (where two overlap, the one starting first, then the longer, is kept)."""
    found: list[Found] = []
    taken_to = -1
    for m in sorted(_matches(text), key=lambda m: (m.start(), -m.end())):
        if m.start() < taken_to:
            continue
        taken_to = m.end()
        name = m.lastgroup or ""
        start, end = m.span(_SPANS.get(name, name))
        kind = name.split("_")[0]
        if kind == "cue":
            dated_year = name == "cue_year" or re.search(r"\d{4}", text[start:end])
            kind = "calendar" if dated_year else "publication"
        found.append(Found(start, end, text[start:end], kind))  # type: ignore[arg-type]
    return found


@dataclass(frozen=True, slots=True)
class KnownEvent:
    """What dating needs of an event in the knowledge base."""

    id: str
    title: str
    type: str
    date: dt.date
    precision: str
    articles: tuple[str, ...]
    """The articles quoted as its evidence."""


@dataclass(frozen=True, slots=True)
class Dated:
    """A resolved expression, ready to be stored (offsets in the paragraph)."""

    start: int
    end: int
    resolution: Resolution
    reference: str
    """``""`` (a calendar date), ``publication``, ``text`` (the date last
    mentioned) or ``event:<id>``."""
    estimated: bool = False

    def row(self) -> TimexRow:
        """The stored form."""
        r = self.resolution
        return TimexRow(
            self.start, self.end, r.value, r.precision, r.rule, self.reference,
            r.ambiguous, r.alternative, self.estimated,
        )  # fmt: skip


def _counted(phrase: str) -> str:
    """``the day after the raid`` -> ``one day after``: the part resolve() reads."""
    m = re.match(rf"(?is)(?:the\s+(day|week|month)|({_NUM})\s+({_UNIT}))\s+(after|before)", phrase)
    if m is None:
        return phrase
    if m[1]:
        return f"one {m[1].lower()} {m[4].lower()}"
    return f"{m[2]} {m[3]} {m[4]}".lower()


_FUTURE = re.compile(
    r"(?i)\b(?:will|shall|won't|is\s+to|are\s+to|(?:is|are)\s+(?:expected|scheduled|due|set"
    r"|planned|going)\s+to|plans?\s+to|upcoming|scheduled\s+for)\b"
)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


class _Sentences:
    """The sentences of one text and the words of the future in it, found once
    for all its expressions.

    Cutting out the sentence around each expression by scanning from the
    start of the text, then searching it for the future tense, costs the
    length of the text (or of the sentence) for each expression: hours on a
    long text written as one line, or one with no full stop. Both scans run
    once here, on first need; each expression then costs two binary searches.
    """

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def _stops(self) -> list[int]:
        # Every [.!?] followed by a space or the end. No two are adjacent (the
        # second would be a space), so a scan from anywhere finds these.
        return [m.start() for m in _SENTENCE_END.finditer(self.text)]

    @cached_property
    def _future(self) -> tuple[list[int], list[re.Match[str]]]:
        # No future phrase holds a [.!?] nor starts after a letter, so none
        # crosses a sentence's bounds, and the first of them in a sentence is
        # what searching the sentence alone would find.
        matches = list(_FUTURE.finditer(self.text))
        return [m.start() for m in matches], matches

    def bounds(self, found: Found) -> tuple[int, int]:
        """Where the sentence that holds ``found`` starts and ends."""
        text, at, stops = self.text, found.start, self._stops
        # It starts after the last stop before the expression; a [.!?] right
        # before it counts even with no space after it ("said.Thursday").
        if at > 0 and text[at - 1] in ".!?":
            start = at
        else:
            i = bisect_right(stops, at - 2)
            start = stops[i - 1] + 2 if i else 0
        # It ends at the first stop from the end of the expression on.
        j = bisect_left(stops, found.end)
        return start, stops[j] if j < len(stops) else len(text)

    def future(self, found: Found) -> str | None:
        """The words that put the sentence around ``found`` in the future, if any."""
        start, end = self.bounds(found)
        starts, matches = self._future
        i = bisect_left(starts, start)
        if i == len(starts) or starts[i] >= end:
            return None
        return " ".join(matches[i][0].split())


class ArticleDating:
    """Resolves the expressions of one article, paragraph by paragraph, in order."""

    def __init__(
        self,
        article_id: str,
        published: dt.date,
        published_range: tuple[dt.date, dt.date] | None,
        events: Sequence[KnownEvent],
    ) -> None:
        self.article_id = article_id
        self.published = published
        self.days = (
            [
                published_range[0] + dt.timedelta(days=i)
                for i in range((published_range[1] - published_range[0]).days + 1)
            ]
            if published_range
            else [published]
        )
        self.events = events
        self.last: tuple[dt.date, str] | None = None
        """The date last mentioned at day precision, and how to name it."""

    def paragraph(self, text: str, index: int) -> list[Dated]:
        """Find and resolve the expressions of paragraph ¶``index``."""
        out = []
        sentences = _Sentences(text)
        for found in find(text):
            dated = self._resolve(found, sentences)
            if dated is None:
                continue
            out.append(dated)
            r = dated.resolution
            if r.precision == "day" and not r.ambiguous:
                self.last = (r.start, f"the date last mentioned, {found.phrase!r} in ¶{index}")
        return out

    def _resolve(self, found: Found, sentences: _Sentences) -> Dated | None:
        phrase = found.phrase
        if found.kind == "calendar":
            r = resolve(phrase, self.published)
            return None if r is None else Dated(found.start, found.end, r, "")
        if found.kind == "narrative":
            if self.last is None:
                return None
            day, name = self.last
            r = resolve(phrase, day, relative_to=name)
            return None if r is None else Dated(found.start, found.end, r, "text")
        if found.kind == "event":
            return self._from_event(found)
        return self._from_publication(found, sentences.future(found))

    def _from_publication(self, found: Found, future: str | None) -> Dated | None:
        name = "publication" if len(self.days) == 1 else "publication (estimated)"
        ahead = future is not None
        r = resolve(found.phrase, self.published, relative_to=name, future=ahead)
        if r is None:
            return None
        if ahead and r != resolve(found.phrase, self.published, relative_to=name):
            rule = f"{r.rule}; the sentence speaks of what is to come ({future!r})"
            r = Resolution(r.value, r.precision, r.start, rule, r.ambiguous, r.alternative)
        values = sorted(
            {v.value for d in self.days if (v := resolve(found.phrase, d, future=ahead))}
        )
        estimated = len(values) > 1
        if estimated:
            others = ", ".join(v for v in values if v != r.value)
            lo, hi = self.days[0], self.days[-1]
            rule = (
                f"{r.rule}; the publication date is estimated ({lo.isoformat()} to "
                f"{hi.isoformat()}), so it may be {others}"
            )
            r = Resolution(r.value, r.precision, r.start, rule, r.ambiguous, r.alternative)
        return Dated(found.start, found.end, r, "publication", estimated)

    def _from_event(self, found: Found) -> Dated | None:
        nouns = _EVENT_NOUN.findall(found.phrase)
        if not nouns:
            return None
        noun = nouns[-1].lower()
        types = EVENT_NOUNS[noun]
        counted = _counted(found.phrase)
        needs_day = not re.search(r"(?i)\b(month|year)s?\b", counted)
        latest = self.days[-1]
        year = re.search(r"\b(?:1[89]|20)\d\d\b", found.phrase)  # "after the 2019 protests"
        usable = [
            e
            for e in self.events
            if e.type in types
            and (year is None or e.date.year == int(year[0]))
            and e.date <= latest
            and (e.precision == "day" or not needs_day and e.precision in ("day", "month"))
        ]
        own = [e for e in usable if self.article_id in e.articles]
        if len(own) == 1:
            chosen, why, others = own[0], f"the {noun} this article reports", []
        elif usable:
            ranked = sorted(own or usable, key=lambda e: e.date, reverse=True)
            chosen, others = ranked[0], ranked[1:]
            why = f"the latest {noun} before publication in the knowledge base"
        else:
            return None
        name = f"{why}, {chosen.title!r}"
        r = resolve(counted, chosen.date, relative_to=name)
        if r is None:
            return None
        if others:
            other = resolve(counted, others[0].date)
            if other is not None and other.value != r.value:
                r = Resolution(
                    r.value,
                    r.precision,
                    r.start,
                    f"{r.rule}; or from {others[0].title!r} ({others[0].date.isoformat()})",
                    True,
                    other.value,
                )
        return Dated(found.start, found.end, r, f"event:{chosen.id}")


def date_article(
    article_id: str,
    published: dt.date,
    published_range: tuple[dt.date, dt.date] | None,
    paragraphs: Iterable[tuple[str, int, str]],
    events: Sequence[KnownEvent] = (),
) -> dict[str, list[Dated]]:
    """The resolved expressions of an article's paragraphs ``(id, index, text)``, by id."""
    dating = ArticleDating(article_id, published, published_range, events)
    out = {}
    for paragraph_id, index, text in paragraphs:
        dated = dating.paragraph(text, index)
        if dated:
            out[paragraph_id] = dated
    return out
