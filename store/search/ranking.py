"""Typo-tolerant search over entities, events, articles and paragraphs.

The ranking follows the reference engines (Meilisearch's default rules, in
order): documents matching more of the query's words come first; then fewer
and cheaper corrections (an exact word costs nothing, completing the last
word as a prefix or meeting a stem little, a transliteration variant more, a
typo more again, and a typo in the first letter more still); then words closer
together (a phrase beats scattered words); then exactness (a name or alias
that *is* the query: "KH" finds Kataib Hezbollah before any event with KH in
its title); then the field (a name or title beats an alias, metadata, then
body text); then the kind (entity, event, article, paragraph) and the
document's prior (reporting before captions and comments, newer articles
first).

Word proximity and exactness need a document's text, so they order the best
:data:`RERANK` documents of the other rules, which are applied to every
document exactly.

How a query is answered, and why it stays fast whatever the corpus:

1. Each query word is expanded (:mod:`store.search.expand`) into the terms it
   may match, cheapest first, in stages: exact, prefix, stem and skeleton
   first; typos of one edit, then of two, only when a document matching the
   word at that cost could still enter the best answers. Terms of equal cost
   form a *tier*.
2. The best documents are selected exactly (top *k*), walking the documents
   in chunks in their prior order (entities, events, articles, then
   paragraphs, reporting first, newest first: within a tier, the order in
   which they rank). Every chunk is cut out of each term's postings by
   bisection and combined as sets, in C. Two bounds, MaxScore-style, keep the
   walk short: once *k* documents are held, a document of a later chunk can
   enter only by matching more words or matching them more cheaply than the
   *k*-th, so (a) only the rarest words, those one of which such a document
   must contain, generate candidates, and the others are only probed for
   them; (b) the walk stops as soon as the best a later document could score
   (every word at its cheapest tier, in the best field) does not beat the
   *k*-th. Where every word is common the best documents are dense and come
   in the first chunk; where they are rare, their words are rare too.
3. The best :data:`RERANK` are re-ranked with word proximity measured in their
   text and exactness, and snippets are cut around the matched words.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import NamedTuple

from ..fold import fold
from ..model import HitKind
from .arabic import has_arabic, transliterate
from .expand import (
    COST_EXACT,
    COST_PREFIX,
    COST_SKELETON,
    COST_STEM,
    FIRST_LETTER_PENALTY,
    MAX_PREFIX_TERMS,
    Expander,
    Expansion,
)
from .index import (
    ALIAS,
    FIELD_NAMES,
    KINDS,
    META,
    NAME,
    TEXT,
    SearchIndex,
    SearchRecord,
)
from .text import (
    PARTICLES,
    STOPWORDS,
    query_terms,
    term_sequence,
    term_spans,
)

__all__ = [
    "COST_EXACT",
    "COST_PREFIX",
    "COST_SKELETON",
    "COST_STEM",
    "FIRST_LETTER_PENALTY",
    "MAX_PREFIX_TERMS",
    "Hit",
    "RankKey",
    "Searcher",
    "WordMatch",
]

MAX_QUERY_WORDS = 10
MAX_WORD_LENGTH = 40
#: Documents re-ranked by proximity and exactness (and at least as many as asked for).
RERANK = 30
SNIPPET_WIDTH = 180
#: Documents in the first chunk of the walk; each chunk is twice the one before.
FIRST_CHUNK = 1024
LAST_CHUNK = 1 << 17
#: Probing one document for one term (a bisection) costs about as much as
#: putting this many postings into a set, in C.
PROBE_COST = 6
#: Candidates probed to tell which word to test them against first.
SAMPLE = 24
#: When the words a document must contain have at most this many postings in
#: all, the walk takes every document at once: chunks would save nothing.
ONE_CHUNK_POSTINGS = 0
PARAGRAPH = KINDS.index("paragraph")


@dataclass(frozen=True, slots=True)
class WordMatch:
    """How one query word matched a document."""

    query: str
    """The query word, normalised."""
    term: str
    """The indexed term it met."""
    how: str
    """exact, prefix, stem, transliteration or typo."""
    cost: float
    """What the correction cost (0 for exact)."""
    field: str
    """name, alias, metadata or text."""

    def explain(self) -> str:
        """In words: ``kazimi → kadhimi (transliteration, name)``."""
        if self.how == "exact":
            return f"{self.query} (exact, {self.field})"
        if self.how == "typo":
            edits = max(1, int(self.cost if self.cost < 2 else self.cost - FIRST_LETTER_PENALTY))
            plural = "s" if edits > 1 else ""
            return f"{self.query} → {self.term} ({edits} typo{plural}, {self.field})"
        return f"{self.query} → {self.term} ({self.how}, {self.field})"


@dataclass(frozen=True, slots=True)
class Hit:
    """A search result, best first."""

    kind: HitKind
    """entity, event, article or paragraph."""
    id: str
    """Id of the entity, event, article or paragraph."""
    title: str
    """What to call it: a name, an event title, a headline, or
    ``outlet · date · ¶N`` for a paragraph."""
    score: float
    """Relevance from 0 to 100, higher is better (only the order is meaningful)."""
    snippet: str
    """Text around the match (``…`` where it was cut)."""
    spans: tuple[tuple[int, int], ...]
    """Offsets in ``snippet`` of the matched words, to highlight."""
    why: tuple[str, ...] = ()
    """Why it matched: which alias, which corrected word."""
    matches: tuple[WordMatch, ...] = ()
    """How each query word matched."""
    article_id: str | None = None
    """For a paragraph (or an article), its article."""
    paragraph_kind: str | None = None
    """For a paragraph, its kind (body, caption, reader-comment, ...)."""


class RankKey(NamedTuple):
    """Where a candidate ranks: the rules in order, each lower is better."""

    missing: int
    """Minus the number of query words matched (more words first)."""
    corrections: float
    """What the corrections cost in all (exact words cost nothing)."""
    proximity: int
    """0 for the words side by side in order; more the further apart."""
    exact: int
    """0 when a name or alias is exactly the matched words."""
    field: int
    """The best field matched: name, alias, metadata, text."""
    kind: int
    """Entity, event, article, paragraph."""
    prior: int
    """The document's prior (reporting before captions, newer articles first)."""
    doc: int
    """The document's number, to break ties the same way every time."""

    def score(self, words: int) -> float:
        """The key as one relevance number from 0 to 100, higher is better, for a
        query of ``words`` words: the share of them matched, less what the
        corrections, distance, field, kind and prior cost. Only the order of
        hits is meaningful; this is for showing it, and for JSON."""
        share = 100.0 * min(-self.missing, words) / max(words, 1)
        cost = (
            10.0 * self.corrections
            + 1.0 * self.proximity
            + 0.5 * self.exact
            + 0.1 * self.field
            + 0.01 * self.kind
            + 0.001 * self.prior
        )
        return round(max(0.0, min(100.0, share - cost)), 3)


Selection = tuple[int, float, int, int, int, int]
"""A document's place by the rules but proximity and exactness:
``(missing, corrections, field, kind, prior, doc)``, lower is better."""


@dataclass(slots=True)
class _Candidate:
    doc: int
    costs: dict[int, float]
    """word index -> cost of its cheapest tier in this document."""
    tiers: dict[int, int] = field(default_factory=dict)
    """word index -> that tier's index."""
    fields: dict[int, tuple[int, int]] = field(default_factory=dict)
    """word index -> (field, term id), worked out for the best few."""
    proximity: int = 0
    exact: int = 1
    """0 when a name or alias is exactly the matched words."""

    def key(self, index: SearchIndex) -> RankKey:
        best_field = min((f for f, _ in self.fields.values()), default=TEXT)
        return RankKey(
            -len(self.costs),
            round(sum(self.costs.values()), 2),
            self.proximity,
            self.exact,
            best_field,
            index.doc_kinds[self.doc],
            index.doc_priors[self.doc],
            self.doc,
        )


@dataclass(slots=True)
class _Cursor:
    """A term's postings, walked chunk by chunk."""

    at: int
    """The first posting not yet walked past."""
    end: int
    start: int = 0
    """Where the current chunk's postings of this term start..."""
    stop: int = 0
    """...and end."""
    chunk: int = -1
    """The first document of the chunk ``start`` and ``stop`` were cut for."""


@dataclass(frozen=True, slots=True)
class _DocOrder:
    """Where each kind of document lies, and whether the numbering is in rank order."""

    ranges: dict[int, tuple[int, int]]
    """Kind -> (first document, last document + 1)."""
    ordered: bool
    """True when kinds come in order, each in one run, and priors do not decrease
    within a kind: then, within one cost, documents rank in their numbering's
    order, and a walk in that order can stop early."""
    paragraphs: int
    """The first paragraph (the documents before it are entities, events and articles)."""


def _doc_order(index: SearchIndex) -> _DocOrder:
    """Read off the index in C (``bytes.find``), without a Python loop over documents."""
    kinds = bytes(index.doc_kinds)
    priors = bytes(index.doc_priors)
    ranges: dict[int, tuple[int, int]] = {}
    for kind in range(len(KINDS)):
        first = kinds.find(bytes([kind]))
        if first >= 0:
            ranges[kind] = (first, kinds.rfind(bytes([kind])) + 1)
    spans = sorted(ranges.items(), key=lambda item: item[1])
    ordered = [k for k, _ in spans] == sorted(ranges) and all(
        a[1][1] <= b[1][0] for a, b in zip(spans, spans[1:], strict=False)
    )
    ordered = ordered and sum(hi - lo for lo, hi in ranges.values()) == len(kinds)
    if ordered:
        for lo, hi in ranges.values():
            run = priors[lo:hi]
            values = sorted(set(run))
            for low, high in zip(values, values[1:], strict=False):
                if run.rfind(bytes([low])) > run.find(bytes([high])):
                    ordered = False
    first_paragraph = ranges.get(PARAGRAPH, (len(kinds), len(kinds)))[0]
    return _DocOrder(ranges, ordered, first_paragraph if ordered else 0)


class Searcher:
    """Answers queries from one index alone."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self.expander = Expander(index)
        self._order: _DocOrder | None = None
        self._named: dict[str, int] | None = None
        # A term's postings in a chunk as a set, by their place in the postings,
        # for the query being answered. What a place holds never changes, so a
        # search in another thread may share them harmlessly.
        self._slices: dict[tuple[int, int], set[int]] = {}
        self._met: set[tuple[int, int]] = set()
        self._initials: dict[str, list[tuple[int, int, str]]] | None = None

    @property
    def order(self) -> _DocOrder:
        """The index's document order, read on first need."""
        if self._order is None:
            self._order = _doc_order(self.index)
        return self._order

    # Expanding query words ----------------------------------------------

    def expand(self, word: str, *, last: bool) -> Expansion:
        """Every term ``word`` may match, with its cost (every stage)."""
        return self.expander.expand_fully(word, last=last)

    # Selecting the best documents -------------------------------------------

    def _chunks(self, wanted: set[int] | None, *, whole: bool = False) -> Iterator[tuple[int, int]]:
        """Ranges of documents to walk, in order, each twice as long as the one before
        (or each kind's documents at once: ``whole``)."""
        order = self.order
        count = self.index.document_count
        if order.ordered:
            # Kind by kind: a chunk never mixes paragraphs with the others.
            spans = sorted(r for k, r in order.ranges.items() if wanted is None or k in wanted)
        else:
            spans = [(0, count)]
        size = count if whole else FIRST_CHUNK
        for lo, hi in spans:
            start = lo
            while start < hi:
                stop = min(hi, start + size)
                yield start, stop
                start = stop
                size = size if whole else min(size * 2, LAST_CHUNK)

    def _floor(self, doc: int, level: int, corrections: float) -> Selection:
        """The best place any document numbered ``doc`` or later could take at
        ``level`` words matched and ``corrections`` at least."""
        order = self.order
        if not order.ordered:
            return (-level, corrections, 0, 0, 0, -1)
        index = self.index
        best_field = TEXT if doc >= order.paragraphs else 0
        return (-level, corrections, best_field, index.doc_kinds[doc], index.doc_priors[doc], doc)

    def _select(
        self,
        words: Sequence[Expansion],
        wanted: set[int] | None,
        goal: int,
        *,
        again: tuple[Sequence[int], Sequence[int]] | None = None,
    ) -> list[tuple[Selection, _Candidate]]:
        """The best ``goal`` documents by every rule but proximity and exactness,
        exactly, with the terms known so far.

        ``again`` is ``(best, gained)`` after words gained terms: the best
        documents before, and the terms gained. Only those documents and the
        ones holding a gained term can rank differently now (the others hold
        what they held), so they alone are looked at: the best before, placed
        again, set the k-th to beat.
        """
        index = self.index
        offsets = index.offsets
        kinds = index.doc_kinds
        priors = index.doc_priors
        active = [i for i, w in enumerate(words) if w.tiers]
        if not active:
            return []
        order = self.order
        floor = {i: words[i].tiers[0].cost for i in active}
        rarity = sorted(active, key=lambda i: words[i].frequency)
        best: list[tuple[Selection, _Candidate]] = []
        seen: set[int] = set()

        def cheapest_at(level: int, among: Sequence[int]) -> float:
            """The least ``level`` of the words ``among`` can cost together."""
            return round(sum(sorted(floor[i] for i in among)[:level]), 2)

        def consider(
            ready: Iterable[int],
            held: dict[int, dict[int, int]],
            cut: dict[int, list[list[_Cursor]]],
            most: int,
            ceiling: float,
        ) -> None:
            """Place the ``ready`` documents (in order) among the best, if they belong."""
            theta = best[-1][0] if len(best) >= goal else None
            fields_of: dict[tuple[int, int], dict[int, int]] = {}

            def best_field(doc: int, tiers: dict[int, int]) -> int:
                """The best field an entity, event or article holds a matched word in:
                the chunk's postings of each tier read once, for all such documents."""
                found = TEXT
                for i, number in tiers.items():
                    tier = cut[i][number]
                    if sum(c.stop - c.start for c in tier) > len(ready_docs) * 8:
                        got = self._field_by_probing(tier, doc)
                    else:
                        known = fields_of.get((i, number))
                        if known is None:
                            known = fields_of[(i, number)] = self._fields_in(tier)
                        got = known.get(doc, TEXT)
                    if got < found:
                        found = got
                return found

            ready_docs = ready if isinstance(ready, list) else list(ready)

            for doc in ready_docs:
                if theta is not None and self._floor(doc, most, ceiling) >= theta:
                    break  # nothing later can do better
                if doc in seen or (wanted is not None and kinds[doc] not in wanted):
                    continue
                seen.add(doc)
                tiers = {i: found[doc] for i, found in held.items() if doc in found}
                costs = {i: words[i].tiers[t].cost for i, t in tiers.items()}
                corrections = round(sum(costs.values()), 2)
                kind = kinds[doc]
                if theta is not None and (-len(costs), corrections, 0, kind) > theta[:4]:
                    continue
                where = TEXT if kind == PARAGRAPH else best_field(doc, tiers)
                place = (-len(costs), corrections, where, kind, priors[doc], doc)
                if theta is None or place < theta:
                    insort(best, (place, _Candidate(doc, costs, tiers)), key=lambda p: p[0])
                    if len(best) > goal:
                        best.pop()
                    theta = best[-1][0] if len(best) >= goal else None

        everywhere = {
            i: [
                [_Cursor(lo, hi, lo, hi) for lo, hi in _spans(offsets, tier.terms)]
                for tier in tiers
            ]
            for i in active
            for tiers in [words[i].tiers]
        }
        gained: Sequence[int] | None = None
        if again is not None:
            before, gained = again
            # Known terms held by the best before, placed again first.
            held = {i: self._held_by_probing(everywhere[i], sorted(before)) for i in active}
            consider(sorted(before), held, everywhere, len(active), -1.0)

        # Level by level, most words matched first: a walk through the chunks
        # in the documents' order finds those matching at least ``level`` words
        # (those matching more were all found by the walks before). Once the k
        # best are held, documents matching fewer words cannot beat them.
        n = len(active)
        for level in range(n, 0, -1):
            if len(best) >= goal and -best[-1][0][0] > level:
                break  # the k best all match more words
            essential = rarity[: n - level + 1]
            single = sum(words[i].frequency for i in essential) <= ONE_CHUNK_POSTINGS
            cursors = {
                i: [
                    [_Cursor(offsets[t], offsets[t + 1]) for t in tier.terms]
                    for tier in words[i].tiers
                ]
                for i in active
            }
            fresh = None
            if gained is not None:
                fresh = [_Cursor(lo, hi) for lo, hi in _spans(offsets, gained)]
            for a, b in self._chunks(wanted, whole=single):
                theta = best[-1][0] if len(best) >= goal else None
                tiers_of = {i: cursors[i] for i in active}
                if theta is not None:
                    if self._floor(a, level, cheapest_at(level, active)) >= theta:
                        return best  # nothing from here on, nor with fewer words, beats the k-th
                    # Only the tiers through which such a document could still
                    # beat the k-th: with the other words at their cheapest.
                    tiers_of = {}
                    for i in active:
                        least = sum(sorted(floor[j] for j in active if j != i)[: level - 1])
                        kept = [
                            tier
                            for tier, spec in zip(cursors[i], words[i].tiers, strict=False)
                            if self._floor(a, level, round(spec.cost + least, 2)) < theta
                        ]
                        if kept:
                            tiers_of[i] = kept
                    if len(tiers_of) < level:
                        return best  # nor later, where the bound only rises
                in_pass = [i for i in rarity if i in tiers_of]

                among: list[list[_Cursor]] | None = None
                if fresh is not None:
                    # Only documents holding a gained term are looked at.
                    among = self._cut_chunk({-1: [fresh]}, a, b, -1)
                    if all(c.stop <= c.start for c in fresh):
                        continue
                held, ready = self._gather(
                    partial(self._cut_chunk, tiers_of, a, b), level, in_pass, among
                )
                # The best a document not yet seen could do from here: those matching
                # more words were all found by the walks before, so ``level`` words,
                # each at its cheapest.
                most = level
                ceiling = cheapest_at(most, in_pass)
                if theta is not None and ready and a < order.paragraphs:
                    # Among entities, events and articles, one that can only tie
                    # the k-th on words and corrections must beat it on the field.
                    fit = [
                        f
                        for f in (NAME, ALIAS, META)
                        if (-most, ceiling, f, kinds[a], priors[a], a) < theta
                    ]
                    if len(fit) < 3:
                        allowed = self._docs_in_fields(tiers_of, max(fit, default=-1))
                        ready = [d for d in ready if d in allowed]
                consider(ready, held, tiers_of, most, ceiling)
        return best

    def _cut_chunk(
        self, tiers_of: dict[int, list[list[_Cursor]]], a: int, b: int, word: int
    ) -> list[list[_Cursor]]:
        """The chunk ``a:b`` cut out of the postings of a word's tiers (a word not
        needed in a chunk is cut later, from where it stopped)."""
        postings = self.index.postings
        for tier in tiers_of[word]:
            for c in tier:
                if c.chunk == a:
                    continue
                c.chunk = a
                if c.at < c.end and postings[c.at] < a:
                    c.at = bisect_left(postings, a, c.at, c.end)
                c.start = c.at
                if c.at < c.end:
                    c.at = bisect_left(postings, b, c.at, c.end)
                c.stop = c.at
        return tiers_of[word]

    def _gather(
        self,
        cut: Callable[[int], list[list[_Cursor]]],
        need: int,
        rarity: Sequence[int],
        among: Sequence[Sequence[_Cursor]] | None = None,
    ) -> tuple[dict[int, dict[int, int]], list[int]]:
        """Which tier of each word holds each document of the chunk that matches at
        least ``need`` words (``rarity`` lists the words, rarest first; ``cut`` gives a
        word's tiers cut to the chunk), and those documents in order (only those
        holding a term of ``among``, cut to the chunk, if given)."""
        held: dict[int, dict[int, int]] = {}
        pool: set[int] = set()
        # Only the rarest words generate candidates: a document lacking all of
        # them matches too few words.
        for i in rarity[: len(rarity) - need + 1]:
            held[i] = self._held_in_sets(cut(i), None)
            pool.update(held[i])
        if among is not None and pool:
            pool &= self._held(among, pool).keys()
        if not pool:
            return held, []
        if need <= 1:
            for i in rarity:
                if i not in held:
                    held[i] = self._held(cut(i), pool)
            return held, sorted(pool)
        # How many words each candidate lacks, as sets (in C): ``lacking[j]``
        # holds those lacking exactly j; one lacking more than the slack is dropped,
        # so that the pool shrinks as the other words are tested.
        slack = len(rarity) - need
        lacking: list[set[int]] = [pool] + [set() for _ in range(slack)]
        # Test first the words the candidates lack most: words found together
        # (one paragraph copied about) prune nothing, a word found apart from
        # them prunes much. A few candidates, probed, tell which is which.
        rest = [i for i in rarity if i not in held]
        if len(pool) > SAMPLE * 4 and len(rest) > 1:
            sample = sorted(pool)[:: max(1, len(pool) // SAMPLE)]
            found_in = {i: len(self._held_by_probing(cut(i), sample)) for i in rest}
            rest.sort(key=found_in.__getitem__)
        for i in [*held, *rest]:
            found = held.get(i)
            if found is None:
                found = held[i] = self._held(cut(i), pool)
            has = found.keys()
            for j in range(slack, -1, -1):
                missed = lacking[j] - has
                if missed:
                    lacking[j] -= missed
                    if j < slack:
                        lacking[j + 1] |= missed
            pool = set().union(*lacking)
            if not pool:
                return held, []
        return held, sorted(pool)

    def _held(self, tiers: Sequence[Sequence[_Cursor]], pool: set[int]) -> dict[int, int]:
        """Document -> cheapest tier for the documents of ``pool``: by sets, or by
        bisection when the pool is small beside the word's postings."""
        size = sum(c.stop - c.start for tier in tiers for c in tier)
        terms = sum(len(tier) for tier in tiers)
        if size <= len(pool) * terms * PROBE_COST:
            return self._held_in_sets(tiers, pool)
        return self._held_by_probing(tiers, pool)

    def _held_in_sets(
        self, tiers: Sequence[Sequence[_Cursor]], pool: set[int] | None
    ) -> dict[int, int]:
        """Document -> its cheapest tier, for the chunk's documents (in ``pool`` if given).

        A term's postings in the chunk become a set once per query and are kept:
        the walks of several levels, and the selection again after a word gained
        typos, meet the same chunks. Run through a pool the first time (in C, at
        half the cost of a set), they are made a set only when met again.
        """
        postings = self.index.postings
        kept = self._slices
        held: dict[int, int] = {}
        for number in range(len(tiers) - 1, -1, -1):
            docs: set[int] = set()
            for c in tiers[number]:
                if c.stop <= c.start:
                    continue
                key = (c.start, c.stop)
                known = kept.get(key)
                if known is None and (pool is None or key in self._met):
                    known = kept[key] = set(postings[c.start : c.stop])
                if known is None:
                    self._met.add(key)
                    docs |= pool.intersection(postings[c.start : c.stop])  # type: ignore[union-attr]
                elif pool is None:
                    docs |= known
                else:
                    docs |= known & pool
            held.update(dict.fromkeys(docs, number))
        return held

    def _held_by_probing(
        self, tiers: Sequence[Sequence[_Cursor]], pool: Iterable[int]
    ) -> dict[int, int]:
        """Document -> its cheapest tier, for the documents of ``pool``, by bisection."""
        postings = self.index.postings
        held: dict[int, int] = {}
        spans = [[(c.start, c.stop) for c in tier if c.stop > c.start] for tier in tiers]
        for doc in pool:
            for number, tier in enumerate(spans):
                for lo, hi in tier:
                    at = bisect_left(postings, doc, lo, hi)
                    if at < hi and postings[at] == doc:
                        held[doc] = number
                        break
                else:
                    continue
                break
        return held

    def _docs_in_fields(self, tiers_of: dict[int, list[list[_Cursor]]], best: int) -> set[int]:
        """The chunk's documents holding a term of ``tiers_of`` in a field no worse
        than ``best``, found by scanning the fields of the postings in C."""
        found: set[int] = set()
        if best < 0:
            return found
        postings = self.index.postings
        fields = self.index.fields
        wanted = re.compile(b"[\\x00-\\x%02x]" % best)
        for tiers in tiers_of.values():
            for tier in tiers:
                for c in tier:
                    if c.stop > c.start:
                        for match in wanted.finditer(bytes(fields[c.start : c.stop])):
                            found.add(postings[c.start + match.start()])
        return found

    def _field_by_probing(self, tier: Sequence[_Cursor], doc: int) -> int:
        """The best field ``doc`` holds one of the tier's terms in, by bisection."""
        postings = self.index.postings
        fields = self.index.fields
        found = TEXT
        for c in tier:
            at = bisect_left(postings, doc, c.start, c.stop)
            if at < c.stop and postings[at] == doc and fields[at] < found:
                found = int(fields[at])
        return found

    def _fields_in(self, tier: Sequence[_Cursor]) -> dict[int, int]:
        """Document -> the best field it holds one of the tier's terms in, for the
        chunk's postings."""
        postings = self.index.postings
        fields = self.index.fields
        found: dict[int, int] = {}
        for c in tier:
            if c.stop > c.start:
                for doc, fld in zip(
                    postings[c.start : c.stop], fields[c.start : c.stop], strict=True
                ):
                    if fld < found.get(doc, TEXT + 1):
                        found[doc] = fld
        return found

    def _may_matter(
        self,
        word: int,
        words: Sequence[Expansion],
        best: Sequence[tuple[Selection, _Candidate]],
        goal: int,
    ) -> bool:
        """Whether a document matching ``words[word]`` through a term not yet known
        (costing at least its floor) could enter the best ``goal``."""
        if len(best) < goal:
            return True
        theta = best[-1][0]
        others = [w.tiers[0].cost for j, w in enumerate(words) if j != word and w.tiers]
        level = len(others) + 1
        corrections = round(sum(others) + words[word].floor, 2)
        return (-level, corrections, 0, 0, 0, -1) < theta

    def _settle_fields(self, candidate: _Candidate, words: Sequence[Expansion]) -> None:
        """The field and term each word matched in, for a candidate near the top."""
        index = self.index
        paragraph = index.doc_kinds[candidate.doc] == PARAGRAPH
        for i, number in candidate.tiers.items():
            tier = words[i].tiers[number]
            best: tuple[int, int] | None = None
            for term_id in tier.terms:
                fld = index.field_in(term_id, candidate.doc)
                if fld is not None and (best is None or fld < best[0]):
                    best = (fld, term_id)
                    if fld == 0 or paragraph:
                        break  # a paragraph's only field is its text
            candidate.fields[i] = best if best is not None else (TEXT, tier.terms[0])

    # Ranking ------------------------------------------------------------

    @staticmethod
    def _proximity(positions: list[list[int]]) -> int:
        """0 for the words in order side by side; more the further apart."""
        if len(positions) < 2 or any(not p for p in positions):
            return 8
        best = 99
        merged = sorted((p, w) for w, plist in enumerate(positions) for p in plist)
        count: dict[int, int] = {}
        left = 0
        need = len(positions)
        for right, (p_right, w_right) in enumerate(merged):
            count[w_right] = count.get(w_right, 0) + 1
            while len(count) == need:
                p_left, w_left = merged[left]
                span = p_right - p_left + 1 - need
                # Only words side by side can be in order: copying every window
                # to look would be quadratic where one word recurs far from the
                # others in a long text.
                window = [w for _, w in merged[left : right + 1]] if span == 0 else []
                in_order = span == 0 and window == sorted(window)
                best = min(best, 0 if in_order else span + 1)
                count[w_left] -= 1
                if not count[w_left]:
                    del count[w_left]
                left += 1
        return min(best, 8)

    # Snippets -------------------------------------------------------------

    @staticmethod
    def _spans(text: str, terms: set[str]) -> list[tuple[int, int]]:
        found = term_spans(text, terms)
        merged: list[tuple[int, int]] = []
        for start, end in found:
            if merged and start < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged

    @staticmethod
    def _cut(
        text: str, spans: list[tuple[int, int]], width: int = SNIPPET_WIDTH
    ) -> tuple[str, tuple[tuple[int, int], ...]]:
        """A window of ``width`` characters around the most matched words.

        ``spans`` are sorted and disjoint, as :meth:`_spans` gives them, so
        their ends rise too: the spans from one on that end inside the window
        are a run, counted by binary search (counting them one by one was
        quadratic in a long paragraph).
        """
        text = text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
        if len(text) <= width:
            return text, tuple(spans)
        if not spans:
            head = text[:width].rsplit(" ", 1)[0]
            return head + "…", ()
        ends = [e for _, e in spans]
        best_start, best_count = spans[0][0], 0
        for i, (start, _) in enumerate(spans):
            count = bisect_right(ends, start + width, i) - i
            if count > best_count:
                best_start, best_count = start, count
        start = max(0, best_start - width // 4)
        if start:
            space = text.rfind(" ", 0, start + 1)
            start = space + 1 if space >= 0 else start
        end = min(len(text), start + width)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
        head = "…" if start > 0 else ""
        tail = "…" if end < len(text) else ""
        shift = len(head) - start
        kept = tuple((s + shift, e + shift) for s, e in spans if s >= start and e <= end)
        return head + text[start:end] + tail, kept

    # Answering ------------------------------------------------------------

    def search(
        self, text: str, limit: int = 20, kinds: Iterable[str] | None = None
    ) -> tuple[Hit, ...]:
        """The best ``limit`` hits for ``text``, best first.

        Besides words: an id (of a paragraph, ``<article-id>:p<N>``, or of an
        article, entity or event) finds its item first; a query of one letter
        lists the entities, events and articles whose name or title (or an
        entity's alias) starts with it; a query in Arabic script is searched
        as written and as transliterated (:mod:`store.search.arabic`).
        """
        if limit <= 0 or not text or not text.strip():
            return ()
        wanted = {KINDS.index(k) for k in kinds} if kinds is not None else None
        named = self._by_id(text, wanted)
        if has_arabic(text):
            hits = self._arabic(text, limit, wanted)
        else:
            hits = self._latin(text, limit, wanted)
        if named is None:
            return hits
        # The item the id names comes first; found by its words too, it keeps
        # what they lit.
        same = next((h for h in hits if h.id == named.id), None)
        if same is not None:
            named = replace(same, score=100.0, why=(*named.why, *same.why))
        return (named, *(h for h in hits if h.id != named.id))[:limit]

    def _latin(self, text: str, limit: int, wanted: set[int] | None) -> tuple[Hit, ...]:
        """Words, or one letter."""
        letter = fold(text.strip())
        if len(letter) == 1 and letter.isalpha():
            listed = self._initial(letter, limit, wanted)
            if listed is not None:
                return listed
        return self.search_words(text, limit, wanted)

    def _arabic(self, text: str, limit: int, wanted: set[int] | None) -> tuple[Hit, ...]:
        """Arabic script: as written (the corpus may have it) and transliterated,
        the better of each document first."""
        latin = transliterate(text)
        note = f"transliterated from Arabic: {' '.join(text.split())} → {' '.join(latin.split())}"
        through = [replace(h, why=(note, *h.why)) for h in self._latin(latin, limit, wanted)]
        direct = self.search_words(text, limit, wanted)
        merged: dict[str, Hit] = {}
        # Written as the corpus writes it beats a transliteration of equal score.
        for hit in sorted([*direct, *through], key=lambda h: -h.score):
            merged.setdefault(hit.id, hit)
        return tuple(merged.values())[:limit]

    def search_words(
        self, text: str, limit: int = 20, wanted: set[int] | None = None
    ) -> tuple[Hit, ...]:
        """The best ``limit`` hits for the words of ``text`` (of the kinds numbered in
        ``wanted``, if given), without the conveniences of :meth:`search`."""
        expander = self.expander
        self._slices, self._met = {}, set()
        words = [expander.expand(term, last=last) for term, last in query_words(text)]
        if not words:
            return ()
        goal = max(limit, RERANK)
        for word in words:
            # A word the corpus does not have as typed is likely misspelt: its
            # one-edit typos would be asked for after the first selection.
            if word.stage == 0 and not any(how == "exact" for _, how in word.terms.values()):
                expander.deepen(word)
        best = self._select(words, wanted, goal)
        while True:
            deeper = [
                w
                for i, w in enumerate(words)
                if not w.complete and self._may_matter(i, words, best, goal)
            ]
            if not deeper:
                break
            known = [set(w.terms) for w in words]
            # Short of the k best, or with a k-th lacking a word, any typo may lift
            # a document: every stage will be asked for, so take them at once.
            at_once = len(best) < goal or -best[-1][0][0] < len(words)
            for word in deeper:
                while expander.deepen(word) and at_once:
                    pass
            gained = [t for w, k in zip(words, known, strict=True) for t in w.terms if t not in k]
            if gained:
                before = [candidate.doc for _, candidate in best]
                best = self._select(words, wanted, goal, again=(before, gained))
        self._slices, self._met = {}, set()  # they served their query
        if not best:
            return ()
        index = self.index
        head = [candidate for _, candidate in best]
        for candidate in head:
            self._settle_fields(candidate, words)
        head.sort(key=lambda c: c.key(index))
        records = {c.doc: index.record(c.doc) for c in head}
        vocabulary = index.vocabulary
        word_sets = [{vocabulary[t] for t in w.terms} for w in words]
        # Which query words each term may stand for, looked up once per term of a text.
        slots: dict[str, list[int]] = {}
        for i, terms in enumerate(word_sets):
            for term in terms:
                slots.setdefault(term, []).append(i)
        for candidate in head:
            fields = records[candidate.doc].fields
            chosen = [vocabulary[t] for _, (_, t) in sorted(candidate.fields.items())]
            for fld, body in fields:
                if fld <= ALIAS and _plain_terms(body) == chosen:
                    candidate.exact = 0
                    break
            if len(candidate.costs) > 1:
                matched = sorted(candidate.costs)
                candidate.proximity = min(
                    (self._proximity(_positions(body, slots, matched)) for _, body in fields),
                    default=8,
                )
        head.sort(key=lambda c: c.key(index))
        return tuple(self._hit(c, words, word_sets, records[c.doc]) for c in head[:limit])

    # Ids and initials ------------------------------------------------------------

    def _by_id(self, text: str, wanted: set[int] | None) -> Hit | None:
        """The item whose id ``text`` is, as a hit, if there is one."""
        key = text.strip().lower()
        if not _ID.fullmatch(key):
            return None
        index = self.index
        doc: int | None
        if ":p" in key:
            # A paragraph id: looked for among the paragraphs alone, in C.
            start = self.order.paragraphs if self.order.ordered else 0
            try:
                doc = index.doc_ids.index(key, start)
            except ValueError:
                return None
        else:
            doc = self.named.get(key)
        if doc is None or (wanted is not None and index.doc_kinds[doc] not in wanted):
            return None
        record = index.record(doc)
        kind = KINDS[index.doc_kinds[doc]]
        body = record.fields[0][1] if kind == "paragraph" else record.title
        if kind != "paragraph" and record.context:
            body = f"{body} — {record.context}"
        snippet, _ = self._cut(body, [])
        return Hit(
            kind=kind,
            id=index.doc_ids[doc],
            title=record.title,
            score=100.0,
            snippet=snippet,
            spans=(),
            why=(f"id “{index.doc_ids[doc]}”",),
            article_id=record.article_id,
            paragraph_kind=record.paragraph_kind,
        )

    @property
    def named(self) -> dict[str, int]:
        """Id -> document number of every entity, event and article (read on first need)."""
        if self._named is None:
            index = self.index
            kinds = index.doc_kinds
            end = self.order.paragraphs if self.order.ordered else index.document_count
            self._named = {index.doc_ids[doc]: doc for doc in range(end) if kinds[doc] != PARAGRAPH}
        return self._named

    @property
    def initials(self) -> dict[str, list[tuple[int, int, str]]]:
        """Letter -> ``(document, field, name)`` of every entity, event and article
        whose name or title (or, for an entity, an alias) starts with it, in the
        documents' order: entities most mentioned first, events by date, articles
        newest first. Read from the records on first need; an event's or an
        article's title is told by its first byte when that is a plain letter."""
        if self._initials is None:
            index = self.index
            kinds = index.doc_kinds
            records = index.records
            offsets = index.record_offsets
            table: dict[str, list[tuple[int, int, str]]] = {}
            end = self.order.paragraphs if self.order.ordered else index.document_count
            for doc in range(end):
                kind = kinds[doc]
                if kind == PARAGRAPH:
                    continue
                if kind != 0:
                    first = records[offsets[doc] + 2]  # the title, after '["'
                    if first < 0x80 and chr(first).isalnum():
                        table.setdefault(chr(first).lower(), []).append((doc, NAME, ""))
                        continue
                seen: set[str] = set()
                for fld, name in index.record(doc).fields:
                    if fld == NAME or (kind == 0 and fld == ALIAS):
                        letter = _initial_of(name)
                        if letter and letter not in seen:
                            seen.add(letter)
                            table.setdefault(letter, []).append((doc, fld, name))
            self._initials = table
        return self._initials

    def _initial(self, letter: str, limit: int, wanted: set[int] | None) -> tuple[Hit, ...] | None:
        """What starts with ``letter``, as hits; ``None`` when the kinds asked for
        are paragraphs alone (no name starts anything there)."""
        if wanted is not None and not wanted - {PARAGRAPH}:
            return None
        index = self.index
        hits = []
        for doc, fld, name in self.initials.get(letter, ()):
            kind = index.doc_kinds[doc]
            if wanted is not None and kind not in wanted:
                continue
            record = index.record(doc)
            name = name or record.title
            first = name.split()[0] if name.split() else name
            term = (term_sequence(first) or [first.lower()])[0]
            match = WordMatch(letter, term, "prefix", COST_PREFIX, FIELD_NAMES[fld])
            why = [f"alias “{name}”"] if fld == ALIAS else []
            why.append(f"{'alias' if fld == ALIAS else 'name'} starts with “{letter.upper()}”")
            body = f"{name} — {record.context}" if record.context else name
            start = len(name) - len(name.lstrip())
            snippet, spans = self._cut(body, [(start, start + len(first))])
            key = RankKey(-1, COST_PREFIX, 0, 1, NAME, kind, index.doc_priors[doc], doc)
            hits.append(
                Hit(
                    kind=KINDS[kind],
                    id=index.doc_ids[doc],
                    title=record.title,
                    score=key.score(1),
                    snippet=snippet,
                    spans=spans,
                    why=tuple(why),
                    matches=(match,),
                    article_id=record.article_id,
                    paragraph_kind=record.paragraph_kind,
                )
            )
            if len(hits) >= limit:
                break
        return tuple(hits)

    def _hit(
        self,
        candidate: _Candidate,
        words: Sequence[Expansion],
        word_terms: Sequence[set[str]],
        record: SearchRecord,
    ) -> Hit:
        index = self.index
        title, context, fields = record.title, record.context, record.fields
        kind = KINDS[index.doc_kinds[candidate.doc]]
        vocabulary = index.vocabulary
        matches = tuple(
            WordMatch(
                query=words[i].query,
                term=vocabulary[term_id],
                how=words[i].terms[term_id][1],
                cost=candidate.costs[i],
                field=FIELD_NAMES[fld],
            )
            for i, (fld, term_id) in sorted(candidate.fields.items())
        )
        # Highlight every term any query word may match; show the field text
        # holding the terms that did match (the alias that was found).
        terms = set().union(*(word_terms[i] for i in candidate.costs))
        chosen = {vocabulary[term_id] for _, term_id in candidate.fields.values()}
        best_field = min((fld for fld, _ in candidate.fields.values()), default=TEXT)
        in_field = [body for fld, body in fields if fld == best_field]
        if len(in_field) == 1:
            body = in_field[0]
        else:
            fallback = in_field[0] if in_field else title
            body = next(
                (t for t in in_field if not chosen.isdisjoint(term_sequence(t))),
                next((t for t in in_field if not terms.isdisjoint(term_sequence(t))), fallback),
            )
        why: list[str] = []
        if kind == "entity" and best_field == ALIAS:
            why.append(f"alias “{body}”")
        why.extend(m.explain() for m in matches if m.how != "exact")
        if kind in ("event", "article") and best_field == META and _DATE_WORDS.fullmatch(body):
            # The words indexed for a date ("June 29, 2020 Monday 2020-06-29") are
            # for typing, not reading: the hit shows its own date line, and says why.
            why.append(f"date {_date_said(body)}")
            body = context or title
        elif kind != "paragraph" and context and body != context:
            body = f"{body} — {context}"
        snippet, spans = self._cut(body, self._spans(body, terms))
        score = candidate.key(index).score(len(words))
        return Hit(
            kind=kind,
            id=index.doc_ids[candidate.doc],
            title=title,
            score=score,
            snippet=snippet,
            spans=spans,
            why=tuple(why),
            matches=matches,
            article_id=record.article_id,
            paragraph_kind=record.paragraph_kind,
        )


def _positions(text: str, slots: dict[str, list[int]], matched: Sequence[int]) -> list[list[int]]:
    """Where in ``text`` (counting terms) each of the ``matched`` query words occurs,
    ``slots`` telling which words a term may stand for."""
    place = {word: at for at, word in enumerate(matched)}
    positions: list[list[int]] = [[] for _ in matched]
    for position, term in enumerate(term_sequence(text)):
        for word in slots.get(term, ()):
            at = place.get(word)
            if at is not None:
                positions[at].append(position)
    return positions


def _spans(offsets: Sequence[int], terms: Iterable[int]) -> list[tuple[int, int]]:
    """Where each term's postings lie in the flat array."""
    return [(offsets[t], offsets[t + 1]) for t in terms]


def query_words(text: str) -> list[tuple[str, bool]]:
    """The words of a query that are searched, each with whether it is the word
    being typed (the last, with no space after it: it completes as a prefix)."""
    found = query_terms(text[: MAX_QUERY_WORDS * (MAX_WORD_LENGTH + 1)])
    found = [t for t in found if len(t.term) <= MAX_WORD_LENGTH][:MAX_QUERY_WORDS]
    typing = not text[-1:].isspace()
    return [(t.term, typing and i == len(found) - 1) for i, t in enumerate(found)]


def _initial_of(name: str) -> str:
    """The first letter or digit of a name, folded (``“Al-Kadhimi…”`` gives ``a``)."""
    for ch in fold(name):
        if ch.isalnum():
            return ch
    return ""


#: What an id looks like: an article, entity or event id, or a paragraph's.
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?::p\d+)?")


def _plain_terms(text: str) -> list[str]:
    """The terms of a short text in order, without stopwords and particles."""
    return [t for t in term_sequence(text) if t not in STOPWORDS and t not in PARTICLES]


#: The words a date is indexed by (:func:`store.search.documents.date_words`).
_DATE_WORDS = re.compile(
    r"[A-Z][a-z]+ \d{1,2}, \d{4} [A-Z][a-z]+day \d{4}-\d\d-\d\d|[A-Z][a-z]+ \d{4}|\d{4}s?"
)


def _date_said(words: str) -> str:
    """``June 29, 2020 Monday 2020-06-29`` as ``Monday, June 29, 2020``."""
    parts = words.split()
    if len(parts) == 5:
        return f"{parts[3]}, {' '.join(parts[:3])}"
    return words


#: Entity hits looked at for those the query names (``named_first``).
NAMED_POOL = 12


def named_first(hits: Sequence[Hit], entities: Sequence[Hit]) -> list[Hit]:
    """``hits`` with the entities the query names put first, when the names of a
    few of ``entities`` (the query's best entity hits) together account for
    every query word: "amiri badr" puts Hadi al-Amiri and the Badr Organization
    above paragraphs that merely hold both words.

    An entity is named when a query word met its name or an alias (never its
    description). The fewest entities that cover the words are chosen, those
    naming most words first (ties in the entity hits' order); otherwise the
    order is kept.
    """
    words = {m.query for hit in (*hits, *entities) for m in hit.matches}
    if len(words) < 2:
        return list(hits)
    by_name = {
        hit.id: {m.query for m in hit.matches if m.field in ("name", "alias")} for hit in entities
    }
    chosen: list[Hit] = []
    covered: set[str] = set()
    for hit in sorted(entities, key=lambda h: -len(by_name[h.id])):
        if by_name[hit.id] - covered:
            chosen.append(hit)
            covered |= by_name[hit.id]
    if covered != words:
        return list(hits)
    ids = {hit.id for hit in chosen}
    return chosen + [hit for hit in hits if not (hit.kind == "entity" and hit.id in ids)]
