"""Names in context: a partial name never claims a different whole name.

Stage **link** of the ingest pipeline, after the aliases and their close
variants have been matched (:mod:`store.ingest.link`,
:mod:`store.ingest.autolink`). Matching words against aliases alone links
"al-Maliki" in "Nabil al-Maliki" to Nouri al-Maliki, and "Baghdad" in
"Baghdad Operations Command" to the city. A reader does not: the longer
name is someone, or something, else. So, article by article, in the user's
own articles (the curated ones keep exactly their annotators' mentions):

1. **Whole names take their parts.** Each whole name of a paragraph
   (:func:`store.names.whole_names`: cut at possessives, titles, demonyms)
   that holds a mention *and* other capitalised words is a longer name than
   the mention. If it is a spelling of the same entity after all ("Qais
   al-Khazali" for "Qais Khazali", "Nouri Kamil al-Maliki" for "Nouri
   al-Maliki"), the whole name becomes that entity's mention; otherwise the
   mention is dropped and the whole name is recorded as a name no entity
   accounts for (a new-entity candidate), with the entity it kept the words
   from. Headlines, in title case, are read last, and only give up a
   mention to a name the article's text introduced.
2. **Short forms go with the full name the article used.** Every full name
   (a known entity's, or a candidate's) lends its short forms (a surname
   without its article, a kunya, the word heading a group's name) to the
   sentences around it. A short form ("al-Maliki said") goes with the
   nearest full name before it with that short form (else the first after
   it): a candidate's (then it is recorded as the candidate's, and no
   entity's mention), another entity's (then it is that entity's mention,
   method ``context``), or its own entity's (unchanged). A short form that
   no alias matched ("Haddad said", after "Layla Haddad") is treated alike.
   An article that names the known entity itself there ("Nouri al-Maliki",
   or another of its spellings) keeps the short forms after it for him.
3. The names no mention accounts for are recorded too, with the clues to
   their kind, in body text, summaries and captions (headlines are in title
   case), in every article: these are the new-entity candidates.

A name the corpus dismissed (``dismissed.toml``) is no name: it takes
nothing and is not recorded.

Everything is a function of one article's paragraphs, in time near linear
in its length (a sort, binary searches), so a worker process can run it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from ..fold import fold
from ..names import (
    GENERIC,
    PARTICLES,
    PLACE_BEFORE,
    WholeName,
    acronym_after,
    bare_key,
    clues_of,
    guess_type,
    is_modifier,
    joined_apostrophes,
    name_key,
    opens_sentence,
    short_keys,
    whole_names,
)
from ..rows import NameRow

#: Where names are proposed as candidates (headlines are in title case; page
#: furniture, credits and comments are no news).
PROPOSED_IN = frozenset({"body", "summary", "caption"})
#: Where short forms and names the text introduced are read too.
READ_IN = PROPOSED_IN | {"headline"}
#: Least similarity (0-100) of a longer name to an alias of the entity it holds,
#: for the longer name to be that entity after all.
SAME_ENTITY = 88.0
#: Least similarity of each word to the alias's word it stands for.
SAME_WORD = 80.0
#: Words longer than this make no name (a title-case sentence, a list).
MAX_NAME_WORDS = 8
#: Capitalised words after "in" or "on" that are no places.
NOT_PLACES = frozenset(
    """islam christianity english telegram twitter facebook youtube instagram whatsapp tiktok
    parliament congress court government ramadan eid christmas easter""".split()
)

_SPLIT = re.compile(r"[\s\-’']+")


@dataclass(slots=True)
class Linked:
    """A mention while its article is read (context may drop or move it)."""

    start: int
    end: int
    entity_id: str
    method: str
    """``alias``, ``adjective``, ``auto`` or ``context``."""
    score: float

    @property
    def adjective(self) -> bool:
        """An adjective of the entity ("Iraqi"), which never makes or takes a name."""
        return self.method == "adjective"


@dataclass(frozen=True, slots=True)
class Reading:
    """What reading names in context needs to know of the knowledge base (one value
    per build, handed to every worker)."""

    types: Mapping[str, str] = field(default_factory=dict)
    """Entity id -> type."""
    keys: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Entity id -> the short forms its spellings have (surnames, kunyas)."""
    spellings: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    """Entity id -> its spellings of two words or more, as folded words without
    articles (``("qais", "khazali")``)."""
    modifiers: frozenset[str] = frozenset()
    """The adjectives the knowledge base knows, folded ("saudis")."""
    dismissed: frozenset[str] = frozenset()
    """Keys of the names ``dismissed.toml`` says are none."""


def reading_of(
    entities: Iterable[tuple[str, str, Sequence[str], Sequence[str]]],
    adjectives: Iterable[str] = (),
    dismissed: Iterable[str] = (),
) -> Reading:
    """A :class:`Reading` from ``(entity_id, type, aliases, search_aliases)``, the
    adjectives, and the keys of dismissed names."""
    types: dict[str, str] = {}
    keys: dict[str, frozenset[str]] = {}
    spellings: dict[str, tuple[tuple[str, ...], ...]] = {}
    for entity_id, kind, aliases, search in entities:
        types[entity_id] = kind
        found: set[str] = set()
        words: list[tuple[str, ...]] = []
        for alias in (*aliases, *search):
            if len(name_key(alias).split()) >= 2:
                found |= short_keys(alias, kind)
            elif kind in ("person", "organization"):
                found.add(bare_key(alias))
            spelled = _words(alias)
            if len(spelled) >= 2:
                words.append(spelled)
        keys[entity_id] = frozenset(k for k in found if k)
        spellings[entity_id] = tuple(dict.fromkeys(words))
    return Reading(
        types,
        keys,
        spellings,
        frozenset(fold(a) for a in adjectives),
        frozenset(name_key(d) for d in dismissed),
    )


@dataclass(slots=True)
class ParagraphReading:
    """One paragraph as context reads it; ``mentions`` and ``names`` are its results."""

    id: str
    index: int
    kind: str
    duplicate: bool
    text: str
    mentions: list[Linked]
    """Sorted by start, not overlapping (as linking chose them)."""
    runs: Sequence[Sequence[tuple[int, int, bool]]] | None = None
    """The runs of capitalised words, if the caller has them already."""
    names: list[NameRow] = field(default_factory=list)
    """Names no entity accounts for (whole, or short forms that go with one)."""
    wholes: list[WholeName] = field(default_factory=list)


def _words(text: str) -> tuple[str, ...]:
    """Folded words without the Arabic article: ``al-Kazimi`` gives ``("kazimi",)``."""
    words = _SPLIT.split(joined_apostrophes(fold(text)))
    return tuple(w for w in words if w and w not in ("al", "el"))


def _variant_score(words: Sequence[str], alias: Sequence[str]) -> float | None:
    """How much a longer name is a spelling of an alias: the same words, or the
    alias's first and last words with more in between ("Nouri Kamil al-Maliki")."""
    if len(words) == len(alias):
        if all(fuzz.ratio(a, b) >= SAME_WORD for a, b in zip(words, alias, strict=True)):
            score = fuzz.ratio(" ".join(words), " ".join(alias))
            return round(score, 1) if score >= SAME_ENTITY else None
        return None
    if len(words) > len(alias) >= 2:
        first, last = fuzz.ratio(words[0], alias[0]), fuzz.ratio(words[-1], alias[-1])
        if min(first, last) >= SAME_ENTITY:
            extra = len(words) - len(alias)
            return round(max(SAME_ENTITY, (first + last) / 2 - 3 * extra), 1)
    return None


def _same_entity(text: str, name: WholeName, entity_id: str, reading: Reading) -> float | None:
    """The score at which ``name`` is a spelling of ``entity_id``, if it is one."""
    words = [w for s, e in name.words for w in _words(text[s:e])]
    best = None
    for alias in reading.spellings.get(entity_id, ()):
        score = _variant_score(words, alias)
        if score is not None and (best is None or score > best):
            best = score
    return best


def proposable(text: str, name: WholeName, reading: Reading) -> bool:
    """Whether a whole name is worth proposing as a new entity: two words or more;
    one, only with a name particle ("al-Zaidi") or as a place in mid-sentence
    ("killed in Karbala", "a leader from Tikrit"); not only demonyms and generic
    words ("Security Forces"), not dismissed."""
    words = [fold(text[s:e]) for s, e in name.words]
    capitals = [w for w in words if w not in PARTICLES]
    if not capitals or len(words) > MAX_NAME_WORDS:
        return False
    if len(capitals) == 1:
        head, _, rest = capitals[0].partition("-")
        if (head not in PARTICLES or not rest) and not _a_place(text, name, capitals[0]):
            return False
    if all(w.removeprefix("al-") in GENERIC or is_modifier(w) for w in capitals):
        return False
    return name_key(text[name.start : name.end]) not in reading.dismissed


def _a_place(text: str, name: WholeName, word: str) -> bool:
    """A single capitalised word after "in", "at", "near", "from"... in mid-sentence:
    the name of a place ("in Karbala"), not a sentence's first word nor a common one."""
    if len(word) < 3 or word in GENERIC or word in NOT_PLACES or is_modifier(word):
        return False
    if text[name.start : name.end].isupper():
        return False  # an acronym is no place ("in ISIS")
    before = text[max(0, name.start - 12) : name.start]
    return bool(PLACE_BEFORE.search(before)) and not opens_sentence(text, name.start)


class _Spans:
    """The mentions of a paragraph, for "which lie inside this span?" by binary search."""

    def __init__(self, mentions: Sequence[Linked]) -> None:
        self.mentions = mentions
        self.starts = [m.start for m in mentions]

    def around(self, start: int, end: int) -> list[Linked]:
        """The mentions overlapping ``[start, end)``."""
        # Mentions do not overlap, so only the one starting before ``start`` may reach
        # into it; walked by index (a slice would copy the rest of a long paragraph's).
        i = max(bisect_right(self.starts, start) - 1, 0)
        found = []
        mentions = self.mentions
        while i < len(mentions) and mentions[i].start < end:
            if mentions[i].end > start:
                found.append(mentions[i])
            i += 1
        return found


Owner = tuple[str, str]
"""``("entity", id)`` or ``("name", key)``: whom a full name belongs to."""


def read_article(
    paragraphs: Sequence[ParagraphReading],
    reading: Reading,
    *,
    curated: bool,
    outlet: str = "",
) -> None:
    """Read the names of one article in context (see the module's docstring);
    each paragraph's ``mentions`` and ``names`` are updated in place.

    A ``curated`` article (one the annotations quote) keeps every mention: only
    the names no mention overlaps are recorded, and short forms of them. The
    article's own ``outlet`` ("told *Gulf Notes*") is no candidate.
    """
    if outlet and name_key(outlet) not in reading.dismissed:
        reading = replace(reading, dismissed=reading.dismissed | {name_key(outlet)})
    deferred: list[tuple[ParagraphReading, WholeName, list[Linked]]] = []
    introduced: dict[str, str | None] = {}  # names of the text -> their type
    # A one-word name ("Al-Lami", "in Karbala") may be a short form of a name the
    # article gives: it is recorded as a name of its own only once that is known.
    singles: set[tuple[int, int]] = set()
    for p in paragraphs:
        p.wholes = whole_names(p.text, reading.modifiers, p.runs, clues=False)
        titled = p.kind == "headline" or _title_case(p.text)  # "Who Was Hisham Al-Hashimi?"
        spans = _Spans(p.mentions)
        dropped: set[int] = set()
        added: list[Linked] = []
        for name in p.wholes:
            around = [m for m in spans.around(name.start, name.end) if not m.adjective]
            inside = [m for m in around if name.start <= m.start and m.end <= name.end]
            if len(inside) != len(around):
                continue  # a mention reaches beyond the name: the mention is the longer one
            if not inside:
                if titled:
                    continue
                if p.kind in PROPOSED_IN and not p.duplicate and proposable(p.text, name, reading):
                    if len(name.words) == 1:
                        singles.add((id(p), name.start))
                    else:
                        _record(p, name, None, introduced)
                continue
            covered = sum(
                1 for s, e in name.words if any(m.start < e and s < m.end for m in inside)
            )
            if covered == len(name.words) or curated:
                continue
            key = name_key(p.text[name.start : name.end])
            if key in reading.dismissed:
                continue
            if titled:
                deferred.append((p, name, inside))
                continue
            owners = {m.entity_id for m in inside}
            if len(owners) == 1:
                (entity_id,) = owners
                score = _same_entity(p.text, name, entity_id, reading)
                if score is not None:
                    dropped.update(id(m) for m in inside)
                    added.append(Linked(name.start, name.end, entity_id, "auto", score))
                    continue
            dropped.update(id(m) for m in inside)
            if p.kind in PROPOSED_IN and not p.duplicate and proposable(p.text, name, reading):
                _record(p, name, inside[0].entity_id, introduced)
        if dropped or added:
            p.mentions = sorted(
                [m for m in p.mentions if id(m) not in dropped] + added, key=lambda m: m.start
            )
    # Headlines (and title-case subheadings) give up a mention only to a name the text
    # introduced.
    for p, name, inside in deferred:
        if name_key(p.text[name.start : name.end]) in introduced:
            gone = {id(m) for m in inside}
            p.mentions = [m for m in p.mentions if id(m) not in gone]
            _record(p, name, inside[0].entity_id, introduced)
    for p in paragraphs:
        if introduced and (p.kind == "headline" or _title_case(p.text)):
            mentions = _Spans(p.mentions)
            recorded = {n.start for n in p.names}
            for name in p.wholes:
                key = name_key(p.text[name.start : name.end])
                if key in introduced and name.start not in recorded:
                    if not mentions.around(name.start, name.end):
                        _record(p, name, None, introduced)
    _short_forms(paragraphs, reading, curated=curated, singles=singles, introduced=introduced)
    for p in paragraphs:
        p.names.sort(key=lambda n: n.start)
        p.wholes = []


def _title_case(text: str) -> bool:
    """A short line in title case (a subheading), whose capitals say nothing of names."""
    if len(text) > 150:
        return False
    words = [w for w in text.split() if w[:1].isalpha() and w.lower() not in _SMALL]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


_SMALL = frozenset("a an the of in on at to for and or but by with from as vs al el".split())


def _record(
    p: ParagraphReading, name: WholeName, took: str | None, introduced: dict[str, str | None]
) -> None:
    key = name_key(p.text[name.start : name.end])
    clues = clues_of(p.text, name)
    p.names.append(NameRow(name.start, name.end, key, False, took, list(clues)))
    if key not in introduced or introduced[key] is None:
        introduced[key] = guess_type(clues)[0]


def _short_forms(
    paragraphs: Sequence[ParagraphReading],
    reading: Reading,
    *,
    curated: bool,
    singles: set[tuple[int, int]],
    introduced: dict[str, str | None],
) -> None:
    """Give each short form to the full name the article used nearest before it; the
    one-word names (``singles``) that are no short form are names of their own."""
    bearers: dict[str, list[tuple[tuple[int, int], Owner]]] = {}

    def bear(keys: Iterable[str], at: tuple[int, int], owner: Owner) -> None:
        for key in keys:
            bearers.setdefault(key, []).append((at, owner))

    bare: list[tuple[ParagraphReading, Linked, str]] = []
    for order, p in enumerate(paragraphs):
        for m in p.mentions:
            if m.adjective:
                continue
            surface = p.text[m.start : m.end]
            key = bare_key(surface)
            at = (order, m.start)
            owner: Owner = ("entity", m.entity_id)
            if len(key.split()) >= 2 and not key.startswith(("abu ", "umm ")):
                # A full name names the entity: its short forms, however this article
                # spells them ("Hadi al-Ameri", then "Amiri"), go with it.
                known = reading.keys.get(m.entity_id, frozenset())
                bear(short_keys(surface, reading.types.get(m.entity_id)) | known, at, owner)
            else:
                bare.append((p, m, key))
                # Another spelling names the entity itself ("Kadhemi" for Kadhimi).
                bear(reading.keys.get(m.entity_id, frozenset()) - {key}, at, owner)
        wholes = {w.start: w for w in p.wholes}
        for n in p.names:
            if not n.part:
                kind = guess_type(n.clues)[0]
                name = p.text[n.start : n.end]
                bear(short_keys(name, kind), (order, n.start), ("name", n.key))
                whole = wholes.get(n.start)
                acronym = acronym_after(p.text, whole) if whole is not None else None
                if acronym is not None:
                    bear({name_key(p.text[slice(*acronym)])}, (order, n.start), ("name", n.key))
    for entries in bearers.values():
        entries.sort()

    def owner_of(key: str, at: tuple[int, int]) -> Owner | None:
        entries = bearers.get(key)
        if not entries:
            return None
        i = bisect_left(entries, (at, ("",)))
        return entries[i - 1][1] if i > 0 else entries[0][1]

    order_of = {id(p): order for order, p in enumerate(paragraphs)}
    if not curated:
        moved: dict[int, list[Linked]] = {}
        for p, m, key in bare:
            goes = owner_of(key, (order_of[id(p)], m.start))
            if goes is None or goes == ("entity", m.entity_id):
                continue
            if goes[0] == "entity":
                m.entity_id, m.method, m.score = goes[1], "context", 100.0
            else:
                moved.setdefault(id(p), []).append(m)
                p.names.append(NameRow(m.start, m.end, goes[1], True, m.entity_id, []))
        for p in paragraphs:
            gone = {id(m) for m in moved.get(id(p), ())}
            if gone:
                p.mentions = [m for m in p.mentions if id(m) not in gone]
    # Short forms no alias matched: "Haddad said", after "Layla Haddad".
    for order, p in enumerate(paragraphs):
        if p.kind not in READ_IN or p.duplicate:
            continue
        spans = _Spans(p.mentions)
        p.names.sort(key=lambda n: n.start)
        named = _Spans([Linked(n.start, n.end, "", "", 0.0) for n in p.names])
        added: list[Linked] = []
        for whole in p.wholes:
            if len(whole.words) > 2 or spans.around(whole.start, whole.end):
                continue
            if named.around(whole.start, whole.end):
                continue
            short = owner_of(bare_key(p.text[whole.start : whole.end]), (order, whole.start))
            if short is None:
                if (id(p), whole.start) in singles:
                    _record(p, whole, None, introduced)
                continue
            if short[0] == "name":
                p.names.append(NameRow(whole.start, whole.end, short[1], True, None, []))
            elif not curated:
                added.append(Linked(whole.start, whole.end, short[1], "context", 100.0))
        if added:
            p.mentions = sorted(p.mentions + added, key=lambda m: m.start)
