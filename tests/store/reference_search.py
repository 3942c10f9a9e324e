"""The search engine as it was before top-k with early termination (commit 6c23bb6).

A verbatim copy of ``store/search/ranking.py`` at that commit, imports made
absolute and names kept, so that ``test_search_equivalence.py`` can compare the
engine's answers with the ones users got before, on any index. It is a
reference, not product code: nothing but that test imports it.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from rapidfuzz.distance import OSA

from store.model import HitKind
from store.search.index import (
    ALIAS,
    FIELD_NAMES,
    KINDS,
    TEXT,
    SearchIndex,
    SearchRecord,
    lookup,
    query_typo_keys,
)
from store.search.text import (
    PARTICLES,
    STOPWORDS,
    allowed_typos,
    query_terms,
    skeleton,
    stem,
    term_sequence,
    term_spans,
)

#: Cost of each way a word can match (a typo costs its edits, plus
#: :data:`FIRST_LETTER_PENALTY` when the first letter differs).
COST_EXACT = 0.0
COST_PREFIX = 0.2
COST_STEM = 0.3
COST_SKELETON = 0.6
FIRST_LETTER_PENALTY = 1.0

MAX_QUERY_WORDS = 10
MAX_WORD_LENGTH = 40
MAX_PREFIX_TERMS = 30
#: A tier of terms found in at most this many documents is tested with a
#: hash set (building one costs about a microsecond a document).
SET_LIMIT = 3_000
#: For a word found in more, only its largest posting lists are bisected.
PROBE_TERMS = 6
#: Documents the driving word may walk before the search settles.
SCAN_BUDGET = 500
#: Documents walked at least, even when enough hold every word, so that
#: cheaper corrections of the other words get a chance to show up.
SCAN_MINIMUM = 100
RERANK = 30
SNIPPET_WIDTH = 180


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


@dataclass(slots=True)
class _Tier:
    """Terms a query word meets at one cost."""

    cost: float
    terms: list[int]
    frequency: int
    members: set[int] | None = None
    """Documents holding any of the terms, when few enough to keep in a set."""

    def holds(self, index: SearchIndex, doc: int) -> bool:
        if self.members is not None:
            return doc in self.members
        postings = index.postings
        offsets = index.offsets
        for term_id in self.terms[:PROBE_TERMS]:
            lo, hi = offsets[term_id], offsets[term_id + 1]
            at = bisect_left(postings, doc, lo, hi)
            if at < hi and postings[at] == doc:
                return True
        return False


@dataclass(slots=True)
class _Word:
    query: str
    terms: dict[int, tuple[float, str]] = field(default_factory=dict)
    tiers: list[_Tier] = field(default_factory=list)
    frequency: int = 0

    def add(self, term_id: int, cost: float, how: str) -> None:
        known = self.terms.get(term_id)
        if known is None or cost < known[0]:
            self.terms[term_id] = (cost, how)

    def settle(self, index: SearchIndex) -> None:
        """Group the terms into tiers and prepare membership tests."""
        by_cost: dict[float, list[int]] = {}
        for term_id, (cost, _) in self.terms.items():
            by_cost.setdefault(cost, []).append(term_id)
        for cost in sorted(by_cost):
            terms = sorted(by_cost[cost], key=index.frequency, reverse=True)
            frequency = sum(index.frequency(t) for t in terms)
            tier = _Tier(cost, terms, frequency)
            if frequency <= SET_LIMIT:
                members: set[int] = set()
                for term_id in terms:
                    members.update(index.postings_of(term_id))
                tier.members = members
            self.tiers.append(tier)
        self.frequency = sum(t.frequency for t in self.tiers)

    def cost_in(self, index: SearchIndex, doc: int) -> float | None:
        """The cheapest tier holding ``doc``, or ``None``."""
        for tier in self.tiers:
            if tier.holds(index, doc):
                return tier.cost
        return None


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


@dataclass(slots=True)
class _Candidate:
    doc: int
    costs: dict[int, float]
    """word index -> cost of its cheapest tier in this document."""
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


def _merged(index: SearchIndex, terms: Sequence[int]) -> Iterator[int]:
    """Documents of several terms, ascending, each once."""
    if len(terms) == 1:
        yield from index.postings_of(terms[0])
        return
    last = -1
    for doc in heapq.merge(*(index.postings_of(t) for t in terms)):
        if doc != last:
            yield doc
            last = doc


class Searcher:
    """Answers queries from one index alone."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index

    # Expanding query words ----------------------------------------------

    def expand(self, word: str, *, last: bool) -> _Word:
        """Every term ``word`` may match, with its cost."""
        index = self.index
        vocabulary = index.vocabulary
        found = _Word(word)
        exact = index.term_id(word)
        if exact is not None:
            found.add(exact, COST_EXACT, "exact")
        if last and len(word) >= 2:
            prefixed = index.prefixed(word)
            if len(prefixed) > MAX_PREFIX_TERMS:
                ranked = heapq.nlargest(MAX_PREFIX_TERMS, prefixed, key=index.frequency)
            else:
                ranked = list(prefixed)
            for term_id in ranked:
                found.add(term_id, COST_PREFIX, "prefix")
        word_stem = stem(word)
        if word_stem != word:
            stem_id = index.term_id(word_stem)
            if stem_id is not None:
                found.add(stem_id, COST_STEM, "stem")
        for term_id in lookup(index.stems, word_stem):
            if stem(vocabulary[term_id]) == word_stem:
                found.add(term_id, COST_STEM, "stem")
        key = skeleton(word)
        if key is not None:
            for term_id in lookup(index.skeletons, key):
                if skeleton(vocabulary[term_id]) == key:
                    found.add(term_id, COST_SKELETON, "transliteration")
        budget = allowed_typos(word)
        if budget:
            # A spelling variant within the typo budget reads as a typo.
            for term_id, (cost, how) in list(found.terms.items()):
                if (
                    how == "transliteration"
                    and OSA.distance(word, vocabulary[term_id], score_cutoff=budget) <= budget
                ):
                    found.terms[term_id] = (cost, "typo")
            seen: set[int] = set()
            for variant in query_typo_keys(word, budget):
                for term_id in lookup(index.deletions, variant):
                    if term_id in seen:
                        continue
                    seen.add(term_id)
                    term = vocabulary[term_id]
                    edits = OSA.distance(word, term, score_cutoff=budget)
                    if 0 < edits <= budget:
                        penalty = FIRST_LETTER_PENALTY if term[0] != word[0] else 0.0
                        found.add(term_id, edits + penalty, "typo")
        found.settle(index)
        return found

    # Finding candidates ---------------------------------------------------

    def _walk(
        self,
        driver: int,
        words: Sequence[_Word],
        matchable: Sequence[int],
        wanted: set[int] | None,
        candidates: dict[int, _Candidate],
        goal: int,
    ) -> bool:
        """Walk the driving word's documents, cheapest tier first, testing the others.

        Returns True when the walk stopped on its budget (the driving word
        has more documents than were looked at).
        """
        index = self.index
        kinds = index.doc_kinds
        others = [i for i in matchable if i != driver]
        # A candidate is as good as it gets when every word matches at its
        # cheapest tier; enough of those, and nothing later can beat them.
        floor = {i: words[i].tiers[0].cost for i in matchable}
        ideal = 0
        complete = 0
        walked = 0
        for tier in words[driver].tiers:
            for doc in _merged(index, tier.terms):
                if doc in candidates or (wanted is not None and kinds[doc] not in wanted):
                    continue
                costs = {driver: tier.cost}
                for other in others:
                    cost = words[other].cost_in(index, doc)
                    if cost is not None:
                        costs[other] = cost
                candidates[doc] = _Candidate(doc, costs)
                walked += 1
                if len(costs) == len(matchable):
                    complete += 1
                    if all(costs[i] == floor[i] for i in costs):
                        ideal += 1
                if ideal >= goal or walked >= SCAN_BUDGET:
                    return walked >= SCAN_BUDGET
                if complete >= goal and walked >= SCAN_MINIMUM:
                    return True
        return False

    # Ranking ------------------------------------------------------------

    def _settle_fields(self, candidate: _Candidate, words: Sequence[_Word]) -> None:
        """The field and term each word matched in, for a candidate near the top."""
        index = self.index
        for i, cost in candidate.costs.items():
            tier = next(t for t in words[i].tiers if t.cost == cost)
            best: tuple[int, int] | None = None
            for term_id in tier.terms:
                fld = index.field_in(term_id, candidate.doc)
                if fld is not None and (best is None or fld < best[0]):
                    best = (fld, term_id)
                    if fld == 0:
                        break
            candidate.fields[i] = best if best is not None else (TEXT, tier.terms[0])

    @staticmethod
    def _positions(text: str, wanted: Sequence[set[str]]) -> list[list[int]]:
        positions: list[list[int]] = [[] for _ in wanted]
        for position, term in enumerate(term_sequence(text)):
            for slot, terms in enumerate(wanted):
                if term in terms:
                    positions[slot].append(position)
        return positions

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
                window = [w for _, w in merged[left : right + 1]]
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
        """A window of ``width`` characters around the most matched words."""
        text = text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
        if len(text) <= width:
            return text, tuple(spans)
        if not spans:
            head = text[:width].rsplit(" ", 1)[0]
            return head + "…", ()
        best_start, best_count = spans[0][0], 0
        for i, (start, _) in enumerate(spans):
            count = sum(1 for _, e in spans[i:] if e <= start + width)
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
        """The best ``limit`` hits for ``text``, best first."""
        if limit <= 0 or not text or not text.strip():
            return ()
        found = query_terms(text[: MAX_QUERY_WORDS * (MAX_WORD_LENGTH + 1)])
        found = [t for t in found if len(t.term) <= MAX_WORD_LENGTH][:MAX_QUERY_WORDS]
        if not found:
            return ()
        typing = not text[-1:].isspace()
        words = [
            self.expand(t.term, last=typing and i == len(found) - 1) for i, t in enumerate(found)
        ]
        wanted = {KINDS.index(k) for k in kinds} if kinds is not None else None
        matchable = sorted(
            (i for i, w in enumerate(words) if w.terms), key=lambda i: words[i].frequency
        )
        if not matchable:
            return ()
        goal = max(limit, RERANK)
        candidates: dict[int, _Candidate] = {}
        for driver in matchable:
            # Another driver only finds documents lacking the first one's word:
            # worth it only when the first was walked to its end.
            if self._walk(driver, words, matchable, wanted, candidates, goal):
                break
            complete = sum(1 for c in candidates.values() if len(c.costs) == len(matchable))
            if complete >= goal:
                break
        index = self.index
        coarse = heapq.nsmallest(
            goal * 2,
            candidates.values(),
            key=lambda c: (-len(c.costs), round(sum(c.costs.values()), 2), c.doc),
        )
        for candidate in coarse:
            self._settle_fields(candidate, words)
        coarse.sort(key=lambda c: c.key(index))
        head = coarse[:goal]
        records = {c.doc: index.record(c.doc) for c in head}
        vocabulary = index.vocabulary
        word_sets = [{vocabulary[t] for t in w.terms} for w in words]
        for candidate in head:
            fields = records[candidate.doc].fields
            chosen = [vocabulary[t] for _, (_, t) in sorted(candidate.fields.items())]
            for fld, body in fields:
                if fld <= ALIAS and _plain_terms(body) == chosen:
                    candidate.exact = 0
                    break
            if len(candidate.costs) > 1:
                wanted_terms = [word_sets[i] for i in sorted(candidate.costs)]
                candidate.proximity = min(
                    (self._proximity(self._positions(body, wanted_terms)) for _, body in fields),
                    default=8,
                )
        head.sort(key=lambda c: c.key(index))
        return tuple(self._hit(c, words, word_sets, records[c.doc]) for c in head[:limit])

    def _hit(
        self,
        candidate: _Candidate,
        words: Sequence[_Word],
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
        if kind != "paragraph" and context and body != context:
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


def _plain_terms(text: str) -> list[str]:
    """The terms of a short text in order, without stopwords and particles."""
    return [t for t in term_sequence(text) if t not in STOPWORDS and t not in PARTICLES]
