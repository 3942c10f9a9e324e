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
from typing import Literal, get_args

ParagraphKind = Literal[
    "headline",
    "body",
    "summary",
    "caption",
    "credit",
    "reader-comment",
    "boilerplate",
]
"""What a paragraph is, in the order a reader would rank the kinds for reading."""

#: Every paragraph kind, in the order a reader would rank them for reading.
PARAGRAPH_KINDS: tuple[ParagraphKind, ...] = get_args(ParagraphKind)

Precision = Literal["exact", "estimated"]
"""How a publication date is known: stated by the outlet, or inferred."""

#: Every publication precision.
PUBLICATION_PRECISIONS: tuple[Precision, ...] = get_args(Precision)


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
    accessed: dt.date | None = None
    """When the text was taken from its page (CSL ``accessed``), if known."""
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
    def date_short(self) -> str:
        """A compact date for citations like ``outlet · date · ¶N``.

        ``2020-06-29`` when stated; ``c. 2020-06-30`` when estimated within a
        few days; ``c. 2020-07`` when only the month is likely.
        """
        if not self.is_estimated:
            return self.published_day.isoformat()
        if self.published_range and (self.published_range[1] - self.published_range[0]).days > 3:
            return f"c. {self.published_day.isoformat()[:7]}"
        return f"c. {self.published_day.isoformat()}"

    def short_citation(self, paragraph_index: int) -> str:
        """Where a paragraph of this article is, in brief: ``outlet · date · ¶N``."""
        return f"{self.outlet} · {self.date_short} · ¶{paragraph_index}"

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
    build_id: str = ""
    """Unique id of the build; the search index carries the same one."""
    corpus_stamps: tuple[tuple[str, int, int], ...] = ()
    """``(file, size, mtime_ns)`` of every corpus file when it was read: when all
    are unchanged, the store is fresh without reading the corpus."""

    def count(self, name: str) -> int:
        """The count recorded under ``name`` (0 when absent)."""
        return dict(self.counts).get(name, 0)


# The knowledge base -----------------------------------------------------

EntityType = Literal["person", "organization", "place", "facility", "media", "other"]
"""What an entity is."""

#: Every entity type, in the order they are offered.
ENTITY_TYPES: tuple[EntityType, ...] = get_args(EntityType)

DatePrecision = Literal["day", "week", "month", "year", "decade"]
"""How precisely a date is known, finest first (an event's, a date expression's)."""

#: Every date precision, finest first.
DATE_PRECISIONS: tuple[DatePrecision, ...] = get_args(DatePrecision)

MentionMethod = Literal["alias", "link", "adjective", "auto", "context"]
"""How a mention was linked: by a curated alias, a curated link or a curated
adjective (``Iraqi`` of Iraq), or automatically: a close variant of a name
(``auto``), or a short form that goes with the full name the article used
before (``context``)."""

#: The methods of automatic linking (the user's own articles only).
AUTOMATIC_METHODS: tuple[MentionMethod, ...] = ("auto", "context")

#: Every way a mention can be linked.
MENTION_METHODS: tuple[MentionMethod, ...] = get_args(MentionMethod)

HitKind = Literal["entity", "event", "article", "paragraph"]
"""What a search hit is, in the order of their prior rank."""

#: Every kind of search hit.
HIT_KINDS: tuple[HitKind, ...] = get_args(HitKind)

#: Paragraph kinds whose words are the article's own reporting. Mentions in
#: other kinds (captions, credits, page furniture, reader comments) and in
#: repeated paragraphs are kept but flagged.
REPORTING_KINDS: tuple[ParagraphKind, ...] = ("headline", "body", "summary")

#: How much what happened counts: toward being an article's main event, and when
#: event candidates are ranked (a killing outweighs a statement).
EVENT_WEIGHT: dict[str, int] = {
    "killing": 6, "attack": 5, "raid": 5, "arrest": 4, "release": 4, "protest": 4,
    "seizure": 3, "parade": 3, "transfer": 3, "sanction": 3, "appointment": 3,
    "resignation": 3, "founding": 2, "visit": 2, "meeting": 2, "commemoration": 2,
    "talks": 2, "accusation": 2, "policy": 2, "statement": 1, "report": 1, "photo": 0,
    "other": 0,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Evidence:
    """A verbatim quote, resolved to its one place in an article."""

    article_id: str
    """The article quoted."""
    paragraph_id: str
    """The paragraph that holds the quote."""
    quote: str
    """The quoted words, exactly as in the file."""
    start: int
    """Offset of the quote in the paragraph's text."""
    end: int
    """Offset one past the quote in the paragraph's text."""
    file_start: int = 0
    """Offset of the quote in the article file's text."""
    file_end: int = 0
    """Offset one past the quote in the article file's text."""


@dataclass(frozen=True, slots=True)
class Relation:
    """``source TYPE target`` ("Abu Ali al-Askari spokesperson-for Kataib Hezbollah")."""

    type: str
    """leader-of, member-of, part-of, spokesperson-for, founded, ..."""
    source_id: str
    """The entity the relation is stated of."""
    source_name: str
    """Its display name."""
    target_id: str
    """The other entity."""
    target_name: str
    """Its display name."""
    evidence: tuple[Evidence, ...]
    """Where the articles state it."""


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation, place, facility or outlet the articles name."""

    id: str
    """Stable id from ``entities.toml``."""
    name: str
    """Display name."""
    type: EntityType
    """person, organization, place, facility, media or other."""
    aliases: tuple[str, ...]
    """Every spelling the articles use (these are linked)."""
    search_aliases: tuple[str, ...] = ()
    """Spellings the articles do not use; they only help search."""
    description: str = ""
    """One or two sentences drawn from the articles."""
    relations: tuple[Relation, ...] = ()
    """Relations stated of it and of others to it."""
    mention_counts: tuple[tuple[str, int], ...] = ()
    """``(article_id, mentions)`` for every article that mentions it."""
    mention_count: int = 0
    """Mentions in the whole corpus, flagged ones included (its adjectives not)."""
    automatic_count: int = 0
    """How many of them were linked automatically, in the user's own articles
    (``auto`` and ``context``)."""
    adjectives: tuple[str, ...] = ()
    """Its adjectives and demonyms ("Iraqi"), linked as mentions of their own kind."""
    adjective_counts: tuple[tuple[str, int], ...] = ()
    """``(article_id, uses)`` of its adjectives, for every article that uses one."""

    @property
    def adjective_count(self) -> int:
        """Uses of its adjectives in the whole corpus (kept apart from its mentions)."""
        return sum(n for _, n in self.adjective_counts)

    @property
    def curated_count(self) -> int:
        """Mentions the annotations made (aliases and links)."""
        return self.mention_count - self.automatic_count

    def mentions_in(self, article_id: str) -> int:
        """How often the entity is mentioned in one article."""
        return dict(self.mention_counts).get(article_id, 0)


@dataclass(frozen=True, slots=True)
class Mention:
    """An occurrence of an entity in a paragraph: ``paragraph.text[start:end]``."""

    entity_id: str
    """The entity mentioned."""
    paragraph_id: str
    """The paragraph it occurs in."""
    article_id: str
    """The paragraph's article."""
    start: int
    """Offset in the paragraph's text."""
    end: int
    """Offset one past the mention in the paragraph's text."""
    surface: str
    """The words as written."""
    method: MentionMethod = "alias"
    """How it was linked: a curated ``alias``, a curated ``link`` exception, a
    curated ``adjective`` (``Iraqi`` of Iraq: kept apart from the name), or, in a
    user's own article, ``auto`` (a close variant of a name) or ``context`` (a
    short form that goes with the full name the article used)."""
    flagged: bool = False
    """True in captions, credits, page furniture, reader comments and repeats."""
    score: float = 100.0
    """Match quality, 100 for curated links."""

    @property
    def curated(self) -> bool:
        """Made by the annotations (an alias, a link or an adjective), not found
        automatically."""
        return self.method not in AUTOMATIC_METHODS

    @property
    def adjective(self) -> bool:
        """An adjective of the entity (``Iraqi``), not its name."""
        return self.method == "adjective"


@dataclass(frozen=True, slots=True)
class Excerpt:
    """A paragraph quoted for an entity or event, with what to highlight."""

    paragraph: Paragraph
    """The paragraph."""
    article: Article
    """Its article."""
    spans: tuple[tuple[int, int], ...]
    """Offsets in ``paragraph.text`` to highlight (mentions or the quote)."""
    methods: tuple[MentionMethod, ...] = ()
    """How each span of an entity's excerpt was linked (as ``spans``; empty for an
    event's quotes)."""

    @property
    def automatic(self) -> bool:
        """Every mention highlighted was linked automatically (none by the annotations)."""
        return bool(self.methods) and all(m in AUTOMATIC_METHODS for m in self.methods)

    @property
    def flagged(self) -> bool:
        """True when the paragraph is not the article's own reporting."""
        return self.paragraph.kind not in REPORTING_KINDS or self.paragraph.is_duplicate


@dataclass(frozen=True, slots=True)
class Participant:
    """An entity's part in an event."""

    entity_id: str
    """The entity."""
    name: str
    """Its display name."""
    role: str
    """What it did, in words."""


@dataclass(frozen=True, slots=True)
class EventEvidence:
    """What one article says of an event, and how it dates it."""

    evidence: Evidence
    """The quote."""
    date_phrase: str | None = None
    """The words in the quote that date the event, if any."""
    resolved: str | None = None
    """The ISO date those words mean (``2020-06-25``, ``2020-06``, ``2020``)."""
    rule: str | None = None
    """How the phrase was resolved, in words."""
    agrees: bool = True
    """False when this source dates the event differently from the event's date."""
    estimated: bool = False
    """True when the resolution depends on an estimated publication date."""
    ambiguous: bool = False
    """True when the phrase could also mean another date."""


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened, dated no more precisely than the sources allow."""

    id: str
    """Stable id from ``events.toml``."""
    title: str
    """What happened, in a line."""
    type: str
    """raid, arrest, release, attack, killing, statement, ..."""
    date: dt.date
    """First day of the event's date (the 1st for a month, 1 January for a year)."""
    precision: DatePrecision
    """day, week, month, year or decade."""
    estimated: bool = False
    """True when the date had to be inferred (e.g. from an estimated
    publication date)."""
    location_id: str | None = None
    """The place or facility, an entity id."""
    location_name: str | None = None
    """Its display name."""
    participants: tuple[Participant, ...] = ()
    """Who took part, and how."""
    evidence: tuple[EventEvidence, ...] = ()
    """What each article says of it, in date order of the articles."""

    @property
    def date_label(self) -> str:
        """The date at its precision: ``2020-06-25``, ``June 2020``, ``2020``, ``1980s``."""
        return date_label(self.date, self.precision, self.estimated)

    @property
    def disputed(self) -> bool:
        """True when some source dates the event differently."""
        return any(not e.agrees for e in self.evidence)


def date_label(day: dt.date, precision: str, estimated: bool = False) -> str:
    """A date shown no more precisely than it is known."""
    if precision == "day":
        text = day.isoformat()
    elif precision == "week":
        text = f"week of {day.isoformat()}"
    elif precision == "month":
        text = day.strftime("%B %Y")
    elif precision == "year":
        text = str(day.year)
    else:
        text = f"{day.year // 10 * 10}s"
    return f"c. {text}" if estimated else text


@dataclass(frozen=True, slots=True)
class ClaimValue:
    """One answer the sources give to a claim's question."""

    value: str
    """The answer, in neutral words."""
    evidence: tuple[Evidence, ...]
    """The quotes that give it."""

    @property
    def article_ids(self) -> tuple[str, ...]:
        """The articles that give this answer, each once."""
        return tuple(dict.fromkeys(e.article_id for e in self.evidence))


@dataclass(frozen=True, slots=True)
class Claim:
    """A fact the sources assert, with every answer they give."""

    id: str
    """Stable id from ``claims.toml``."""
    subject_id: str
    """The entity or event the claim is about."""
    subject_name: str
    """Its display name (or title)."""
    question: str
    """The question the values answer."""
    values: tuple[ClaimValue, ...]
    """One per distinct answer."""
    compatible: bool = False
    """The answers differ in detail, not in substance (e.g. "more than a
    dozen" and "20"): a claim, but no disagreement."""
    attributed: bool = False
    """The answers are positions the articles report (an accusation and its
    denial), not facts they assert: reporting both is no self-contradiction."""

    @property
    def disagreement(self) -> bool:
        """True when the sources give answers that cannot all be true."""
        return len(self.values) > 1 and not self.compatible

    @property
    def self_contradictions(self) -> tuple[str, ...]:
        """Articles that assert more than one of the answers."""
        if self.compatible or self.attributed:
            return ()
        seen: dict[str, int] = {}
        for value in self.values:
            for article_id in value.article_ids:
                seen[article_id] = seen.get(article_id, 0) + 1
        return tuple(a for a, n in seen.items() if n > 1)


@dataclass(frozen=True, slots=True)
class CoMention:
    """An entity mentioned in the same paragraphs as another."""

    entity_id: str
    """The other entity."""
    name: str
    """Its display name."""
    type: EntityType
    """Its type."""
    paragraphs: int
    """How many paragraphs mention both."""


@dataclass(frozen=True, slots=True)
class Timex:
    """A date expression in a paragraph, resolved TIMEX3-style: ``paragraph.text[start:end]``."""

    paragraph_id: str
    """The paragraph it occurs in."""
    article_id: str
    """The paragraph's article."""
    start: int
    """Offset in the paragraph's text."""
    end: int
    """Offset one past the expression."""
    text: str
    """The words as written (``last Thursday``)."""
    value: str
    """ISO value as TIMEX3 writes it: ``2020-06-25``, ``2020-W26``, ``2020-06``,
    ``2020`` or ``198X``."""
    precision: DatePrecision
    """How precise the value is."""
    first_day: dt.date
    """The first day the value covers (for ordering)."""
    rule: str
    """How the value was worked out, with the reference date named."""
    reference: str
    """What it counts from: ``""`` (a calendar date), ``publication``,
    ``text`` (the date the article mentioned last) or ``event:<id>``."""
    ambiguous: bool = False
    """True when the words could also mean ``alternative`` (``on Tuesday`` in
    an article published on a Tuesday)."""
    alternative: str | None = None
    """The other reading of an ambiguous expression."""
    estimated: bool = False
    """True when the value depends on which day of an estimated publication
    date the article appeared (the rule gives the other values)."""

    @property
    def label(self) -> str:
        """The value as a reader says it: ``2020-06-25``, ``June 2020``, ``week of 2020-06-22``."""
        text = date_label(self.first_day, self.precision)
        if self.ambiguous and self.alternative:
            text += f" (or {self.alternative}?)"
        return f"c. {text}" if self.estimated else text

    @property
    def event_id(self) -> str | None:
        """The event it counts from, if any."""
        return (
            self.reference.removeprefix("event:") if self.reference.startswith("event:") else None
        )


# What the user's own articles propose ----------------------------------------


@dataclass(frozen=True, slots=True)
class ProposedParticipant:
    """Someone or something an event candidate's sentences name."""

    kind: Literal["entity", "candidate"]
    """An entity of the knowledge base, or a new-entity candidate."""
    id: str
    """The entity's id, or the candidate's key (:attr:`NameCandidate.key`)."""
    name: str
    """The entity's name, or the candidate's most frequent spelling."""
    sources: int
    """How many of the candidate's sentences name it."""


@dataclass(frozen=True, slots=True)
class ProposedSource:
    """One sentence that proposes an event: its quote, and how it dates the event."""

    evidence: Evidence
    """The sentence (or its line that holds the date), anchored like every quote."""
    prefix: str
    """Text just before the quote, when the quote occurs more than once in the article."""
    suffix: str
    """Text just after it, when a prefix would not tell the occurrences apart."""
    date_phrase: str
    """The words that date it (``last Thursday``)."""
    resolved: str
    """The ISO value they mean (``2020-12-31``, ``2020-06``)."""
    precision: DatePrecision
    """How precise that value is."""
    rule: str
    """How it was worked out, in words."""
    reference: str
    """What it counts from: ``""``, ``publication``, ``text`` or ``event:<id>``."""
    estimated: bool
    """True when the value depends on an estimated publication date."""
    ambiguous: bool
    """True when the words could also mean another date."""
    type: str
    """The type this sentence suggests."""
    trigger: str
    """The word that suggests it ("shot dead", "said")."""
    title: str
    """The title this sentence suggests."""
    main: bool
    """True when this is its article's main event (the best-scoring proposal)."""


@dataclass(frozen=True, slots=True)
class EventCandidate:
    """An event the user's own articles propose: near-identical proposals of one or
    more sentences, from one or more articles, grouped."""

    id: str
    """Made of its date, type and main participant; what ``promote`` and ``dismiss`` take."""
    title: str
    """A short title, from its best sentence."""
    type: str
    """What happened (``killing``, ``attack``, ``raid``, ``statement``, ...)."""
    date: dt.date
    """The first day of its date."""
    value: str
    """Its date as an ISO value at its precision (``2020-12-31``, ``2020-06``)."""
    precision: DatePrecision
    """How precise the date is: the finest its sources give."""
    estimated: bool
    """True when every source's date depends on an estimated publication date."""
    participants: tuple[ProposedParticipant, ...]
    """Who or what its sentences name, the most named first (places last)."""
    location_id: str | None
    """A place or facility its sentences name, if any."""
    location_name: str | None
    """Its name."""
    sources: tuple[ProposedSource, ...]
    """The sentences, by article then position."""
    main_of: tuple[str, ...]
    """The articles whose main event it is."""
    score: float
    """How telling its best sentence is (what happened, where in its article, how
    precisely dated, how many it names)."""

    @property
    def articles(self) -> tuple[str, ...]:
        """The articles it comes from, each once."""
        return tuple(dict.fromkeys(s.evidence.article_id for s in self.sources))

    @property
    def date_label(self) -> str:
        """Its date at its precision (``2020-12-31``, ``June 2020``)."""
        return date_label(self.date, self.precision, self.estimated)


@dataclass(frozen=True, slots=True)
class NameOccurrence:
    """Where a new-entity candidate occurs: ``paragraph.text[start:end]``."""

    paragraph_id: str
    """The paragraph."""
    article_id: str
    """Its article."""
    start: int
    """Offset in the paragraph's text."""
    end: int
    """Offset one past it."""
    surface: str
    """The words as written."""
    key: str
    """The candidate's key."""
    part: bool
    """A short form going with the whole name the article introduced."""
    took: str | None
    """The entity these words would otherwise have been linked to."""
    clues: tuple[str, ...]
    """What tells the name's kind here, as ``"type:evidence"``."""
