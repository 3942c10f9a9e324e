"""Typo-tolerant search over entities, events, articles and paragraphs.

The ranking follows the reference engines (Meilisearch's default rules, in
order): documents matching more of the query's words come first; then fewer
and cheaper corrections (an exact word costs nothing, completing the last
word as a prefix or meeting a stem little, a transliteration variant more, a
typo more again, and a typo in the first letter more still); then words closer
together (a phrase beats scattered words); then the field (a name or title
beats an alias, metadata, then body text); then the kind (entity, event,
article, paragraph) and the document's prior (reporting before captions and
comments).

How a query is answered, and why it stays fast at scale:

1. Each query word is expanded into the vocabulary terms it may match, each
   with a cost, through the tables of :mod:`store.searchindex` (no scan of the
   vocabulary): exact, prefix (last word only), stem, skeleton, and typos
   within the allowed edits (none up to 4 letters, 1 from 5, 2 from 9;
   optimal string alignment distance, so a swap of two letters is one edit).
2. The word matching the fewest documents drives: its posting lists are
   walked in document order (cheapest expansion first) up to a budget of
   candidates; the other words are looked up in their posting lists by
   bisection.
3. Candidates are ranked by the rules above; the best few are re-ranked with
   word proximity measured in their text, and snippets are cut around the
   matched words.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz.distance import OSA

from .searchindex import (
    ALIAS,
    FIELD_NAMES,
    KINDS,
    TEXT,
    SearchIndex,
    deletes,
    lookup,
)
from .searchtext import (
    PARTICLES,
    STOPWORDS,
    allowed_typos,
    query_terms,
    skeleton,
    stem,
    tokens,
)

HitKind = Literal["entity", "event", "article", "paragraph"]

#: Cost of each way a word can match (a typo costs its edits, plus
#: :data:`FIRST_LETTER_PENALTY` when the first letter differs).
COST_EXACT = 0.0
COST_PREFIX = 0.2
COST_STEM = 0.3
COST_SKELETON = 0.6
FIRST_LETTER_PENALTY = 1.0

MAX_QUERY_WORDS = 10
MAX_WORD_LENGTH = 40
MAX_PREFIX_TERMS = 40
CANDIDATE_BUDGET = 3000
RERANK = 60
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
        """In words: ``kadhemi ~ kadhimi (transliteration)``."""
        if self.how == "exact":
            return f"{self.query} (exact, {self.field})"
        if self.how == "typo":
            edits = int(self.cost if self.cost < FIRST_LETTER_PENALTY + 1 else self.cost - 1)
            edits = max(1, edits)
            return (
                f"{self.query} → {self.term} ({edits} typo{'s' if edits > 1 else ''}, {self.field})"
            )
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
    """Relevance, higher is better (only the order is meaningful)."""
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


@dataclass(frozen=True, slots=True)
class DocText:
    """What the searcher needs to know of a document to rank and show it."""

    title: str
    """The hit's title."""
    fields: tuple[tuple[int, str], ...]
    """``(field, text)`` pairs, exactly as indexed."""
    context: str = ""
    """Shown after the matched name in a snippet (a description, a date)."""
    article_id: str | None = None
    paragraph_kind: str | None = None


DocSource = Callable[[str, str], DocText]
"""``source(kind, id)``: the text of a document."""


@dataclass(slots=True)
class _Word:
    query: str
    terms: dict[int, tuple[float, str]] = field(default_factory=dict)
    frequency: int = 0

    def add(self, term_id: int, cost: float, how: str) -> None:
        known = self.terms.get(term_id)
        if known is None or cost < known[0]:
            self.terms[term_id] = (cost, how)


@dataclass(slots=True)
class _Candidate:
    doc: int
    found: dict[int, tuple[float, int, int]] = field(default_factory=dict)
    """word index -> (cost, field, term id)."""
    proximity: int = 0
    exact: int = 1
    """0 when a name or alias is exactly the matched words."""

    def key(self, index: SearchIndex) -> tuple[float, ...]:
        cost = sum(c for c, _, _ in self.found.values())
        fields = min((f for _, f, _ in self.found.values()), default=TEXT)
        return (
            -len(self.found),
            round(cost, 2),
            self.proximity,
            fields,
            self.exact,
            index.doc_kinds[self.doc],
            index.doc_priors[self.doc],
            self.doc,
        )


class Searcher:
    """Answers queries against one index, reading documents through ``source``."""

    def __init__(self, index: SearchIndex, source: DocSource) -> None:
        self.index = index
        self.source = source

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
            seen: set[int] = set()
            for variant in deletes(word, budget):
                for term_id in lookup(index.deletions, variant):
                    if term_id in seen:
                        continue
                    seen.add(term_id)
                    term = vocabulary[term_id]
                    edits = OSA.distance(word, term, score_cutoff=budget)
                    if 0 < edits <= budget:
                        penalty = FIRST_LETTER_PENALTY if term[0] != word[0] else 0.0
                        found.add(term_id, edits + penalty, "typo")
        found.frequency = sum(index.frequency(t) for t in found.terms)
        return found

    # Finding candidates ---------------------------------------------------

    def _scan(self, word: _Word, wanted: set[int] | None) -> dict[int, _Candidate]:
        """Candidates from the driving word's postings, cheapest terms first."""
        index = self.index
        kinds = index.doc_kinds
        candidates: dict[int, _Candidate] = {}
        for term_id, (cost, _) in sorted(word.terms.items(), key=lambda item: item[1][0]):
            for code in index.postings_of(term_id):
                doc = code >> 2
                if wanted is not None and kinds[doc] not in wanted:
                    continue
                candidate = candidates.get(doc)
                if candidate is None:
                    if len(candidates) >= CANDIDATE_BUDGET:
                        continue
                    candidate = candidates[doc] = _Candidate(doc)
                known = candidate.found.get(0)
                if known is None or (cost, code & 3) < known[:2]:
                    candidate.found[0] = (cost, code & 3, term_id)
            if len(candidates) >= CANDIDATE_BUDGET:
                break
        return candidates

    def _probe(self, word: _Word, doc: int) -> tuple[float, int, int] | None:
        """The cheapest way ``word`` occurs in ``doc``, by bisection."""
        index = self.index
        best: tuple[float, int, int] | None = None
        low = doc << 2
        for term_id, (cost, _) in sorted(word.terms.items(), key=lambda item: item[1][0]):
            if best is not None and cost > best[0]:
                break
            postings = index.postings_of(term_id)
            at = bisect_left(postings, low)
            while at < len(postings) and postings[at] >> 2 == doc:
                fld = postings[at] & 3
                if best is None or (cost, fld) < best[:2]:
                    best = (cost, fld, term_id)
                at += 1
        return best

    # Ranking ------------------------------------------------------------

    def _positions(
        self, text: str, words: Sequence[_Word], found: dict[int, tuple[float, int, int]]
    ) -> list[list[int]]:
        vocabulary = self.index.vocabulary
        wanted = [{vocabulary[t] for t in words[i].terms} for i in sorted(found)]
        positions: list[list[int]] = [[] for _ in wanted]
        position = 0
        for token in tokens(text):
            if token.joined:
                continue
            for slot, terms in enumerate(wanted):
                if token.term in terms:
                    positions[slot].append(position)
            position += 1
        return positions

    @staticmethod
    def _proximity(positions: list[list[int]]) -> int:
        """0 for the words in order side by side; more the further apart."""
        if len(positions) < 2 or any(not p for p in positions):
            return 0
        best = 99
        # Smallest window holding one position of every word, minus the
        # words themselves; in the query's order, 0 means a phrase.
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
                in_order = window == sorted(window) and span == 0
                best = min(best, 0 if in_order else span + 1)
                count[w_left] -= 1
                if not count[w_left]:
                    del count[w_left]
                left += 1
        return min(best, 8)

    # Snippets -------------------------------------------------------------

    def _spans(self, text: str, terms: set[str]) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        for token in tokens(text):
            if token.term in terms:
                found.append((token.start, token.end))
        found.sort()
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
        text = text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
        if len(text) <= width or not spans:
            snippet = text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + "…"
            return snippet, tuple((s, e) for s, e in spans if e <= len(snippet))
        # The window of ``width`` characters holding the most matched words.
        best_start, best_count = spans[0][0], 0
        for i, (start, _) in enumerate(spans):
            count = sum(1 for s, e in spans[i:] if e <= start + width)
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
        snippet = head + text[start:end] + tail
        shift = len(head) - start
        kept = tuple((s + shift, e + shift) for s, e in spans if s >= start and e <= end)
        return snippet, kept

    # Answering ------------------------------------------------------------

    def search(
        self, text: str, limit: int = 20, kinds: Iterable[str] | None = None
    ) -> tuple[Hit, ...]:
        """The best ``limit`` hits for ``text``, best first."""
        if limit <= 0 or not text or not text.strip():
            return ()
        found_words = query_terms(text[: MAX_QUERY_WORDS * (MAX_WORD_LENGTH + 1)])
        found_words = [t for t in found_words if len(t.term) <= MAX_WORD_LENGTH]
        found_words = found_words[:MAX_QUERY_WORDS]
        if not found_words:
            return ()
        typing = not text[-1:].isspace()
        words = [
            self.expand(t.term, last=typing and i == len(found_words) - 1)
            for i, t in enumerate(found_words)
        ]
        wanted = {KINDS.index(k) for k in kinds} if kinds is not None else None
        order = sorted(
            (i for i, w in enumerate(words) if w.terms), key=lambda i: words[i].frequency
        )
        if not order:
            return ()
        candidates: dict[int, _Candidate] = {}
        for driver in order:
            scanned = self._scan(words[driver], wanted)
            for doc, candidate in scanned.items():
                if doc in candidates:
                    continue
                found = {driver: candidate.found[0]}
                for other in order:
                    if other == driver:
                        continue
                    probe = self._probe(words[other], doc)
                    if probe is not None:
                        found[other] = probe
                candidates[doc] = _Candidate(doc, found)
            complete = sum(1 for c in candidates.values() if len(c.found) == len(order))
            if complete >= limit or len(candidates) >= CANDIDATE_BUDGET:
                break
        ranked = sorted(candidates.values(), key=lambda c: c.key(self.index))
        # Proximity and exactness, measured in the text, for the best few.
        head = ranked[: max(RERANK, limit)]
        texts: dict[int, DocText] = {}
        vocabulary = self.index.vocabulary
        for candidate in head:
            doc_text = texts[candidate.doc] = self._doc(candidate.doc)
            chosen = [vocabulary[term_id] for _, (_, _, term_id) in sorted(candidate.found.items())]
            for fld, body in doc_text.fields:
                if fld <= ALIAS and _plain_terms(body) == chosen:
                    candidate.exact = 0
                    break
            if len(candidate.found) > 1:
                best = min(
                    (
                        self._proximity(self._positions(body, words, candidate.found))
                        for _, body in doc_text.fields
                    ),
                    default=8,
                )
                candidate.proximity = best
        head.sort(key=lambda c: c.key(self.index))
        return tuple(self._hit(c, words, texts.get(c.doc)) for c in head[:limit])

    def _doc(self, doc: int) -> DocText:
        index = self.index
        return self.source(KINDS[index.doc_kinds[doc]], index.doc_ids[doc])

    def _hit(self, candidate: _Candidate, words: Sequence[_Word], doc_text: DocText | None) -> Hit:
        index = self.index
        doc_text = doc_text or self._doc(candidate.doc)
        kind = KINDS[index.doc_kinds[candidate.doc]]
        vocabulary = index.vocabulary
        matches = tuple(
            WordMatch(
                query=words[i].query,
                term=vocabulary[term_id],
                how=words[i].terms[term_id][1],
                cost=cost,
                field=FIELD_NAMES[fld],
            )
            for i, (cost, fld, term_id) in sorted(candidate.found.items())
        )
        # Highlight every term any query word may match; show the field text
        # holding the terms that did match (the alias that was found).
        terms = {vocabulary[t] for i in candidate.found for t in words[i].terms}
        chosen = {vocabulary[term_id] for _, _, term_id in candidate.found.values()}
        best_field = min(fld for _, fld, _ in candidate.found.values())
        in_field = [t for f, t in doc_text.fields if f == best_field]
        body = next(
            (t for t in in_field if self._spans(t, chosen)),
            next(
                (t for t in in_field if self._spans(t, terms)),
                in_field[0] if in_field else doc_text.title,
            ),
        )
        why: list[str] = []
        if kind == "entity" and best_field == ALIAS:
            why.append(f"alias “{body}”")
        why.extend(m.explain() for m in matches if m.how != "exact")
        if kind != "paragraph" and doc_text.context and body != doc_text.context:
            body = f"{body} — {doc_text.context}"
        snippet, spans = self._cut(body, self._spans(body, terms))
        key = candidate.key(index)
        score = round(
            100.0 * -key[0]
            - 10.0 * key[1]
            - 1.0 * key[2]
            - 0.1 * key[3]
            - 0.05 * key[4]
            - 0.01 * key[5]
            - 0.001 * key[6],
            3,
        )
        return Hit(
            kind=kind,  # type: ignore[arg-type]
            id=index.doc_ids[candidate.doc],
            title=doc_text.title,
            score=score,
            snippet=snippet,
            spans=spans,
            why=tuple(why),
            matches=matches,
            article_id=doc_text.article_id,
            paragraph_kind=doc_text.paragraph_kind,
        )


def _plain_terms(text: str) -> list[str]:
    """The terms of a short text in order, without stopwords and particles."""
    return [
        t.term
        for t in tokens(text)
        if not t.joined and t.term not in STOPWORDS and t.term not in PARTICLES
    ]
