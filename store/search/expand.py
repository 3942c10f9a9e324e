"""A query word expanded into the vocabulary terms it may match, cheapest first.

A word meets terms in several ways, each with a cost (see
:mod:`store.search.ranking` for how costs rank): exactly, as a prefix while it
is being typed, through a light stem, through a consonant skeleton of names,
and with typos within the edits its length allows. Terms of equal cost form a
*tier*.

Expansion comes in *stages*, so that the costly part runs only when its
answer can still change the result:

0. exact, prefix, stem and skeleton (a few look-ups in small tables);
1. typos of one edit (cost 1, or 2 when the first letter differs);
2. typos of two edits, for words of 9 letters and more (cost 2, or 3).

After each stage every term of a lower cost than :attr:`Expansion.floor` is
known. The searcher asks for the next stage only when a document matching
the word at that floor could still enter the best answers.

Nothing here is proportional to the vocabulary, with one exception that is
bounded: typo candidates are read from the variant tables of
:mod:`store.search.index` (deletion neighbourhoods for terms of 4 to 8 letters,
segments for longer ones) and checked in one call to rapidfuzz, in C. The
segments of a long word are short, so on a large vocabulary of similar words
(names built from the same syllables) a two-edit look-up can meet tens of
thousands of candidates; at most :data:`TYPO_CANDIDATES` of them are read,
from the most selective keys first (a key meeting fewer terms says more), so
that a word costs at most a few milliseconds however large the vocabulary
grows. A term all of whose intact segments are among the most common ones
can then be missed; a typo of one edit leaves three segments intact in most
words, so this touches only typos of two edits in practice.
"""

from __future__ import annotations

import operator
import sys
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .index import LONG_TERM, SHORT_TERMS, SearchIndex, deletes, lookup, segment_bounds
from .text import allowed_typos, skeleton, stem

#: Cost of each way a word can match (a typo costs its edits, plus
#: :data:`FIRST_LETTER_PENALTY` when the first letter differs).
COST_EXACT = 0.0
COST_PREFIX = 0.2
COST_STEM = 0.3
COST_SKELETON = 0.6
FIRST_LETTER_PENALTY = 1.0

#: A word being typed completes to at most this many terms, the most frequent.
MAX_PREFIX_TERMS = 30
#: Typo candidates read from the variant table per word and stage, at most.
TYPO_CANDIDATES = 12_000

#: The lowest cost a stage can add: after stage ``s`` is done, every term
#: cheaper than ``STAGE_FLOORS[s]`` is known.
STAGE_FLOORS = (1.0, 2.0, float("inf"))


@dataclass(slots=True)
class Tier:
    """The terms a query word meets at one cost."""

    cost: float
    """What matching through any of these terms costs."""
    terms: list[int]
    """Term ids, the most frequent first."""
    frequency: int
    """How many postings the terms have in all."""


@dataclass(slots=True)
class Expansion:
    """The terms a query word may match, as far as its stages have been expanded."""

    query: str
    """The query word, normalised."""
    last: bool
    """True for the word being typed (it completes as a prefix)."""
    terms: dict[int, tuple[float, str]] = field(default_factory=dict)
    """Term id -> (cost, how: exact, prefix, stem, transliteration or typo)."""
    tiers: list[Tier] = field(default_factory=list)
    """The terms grouped by cost, cheapest first."""
    stage: int = -1
    """The last stage expanded (see the module docstring)."""
    stages: int = 0
    """The last stage this word has (0 when it takes no typos, else 1 or 2)."""
    checked: set[int] = field(default_factory=set)
    """Typo candidates already compared with the word."""
    keys: set[str] = field(default_factory=set)
    """Variant-table keys already read."""
    pending: list[tuple[int, int]] = field(default_factory=list)
    """``(term id, edits)`` of candidates found more edits away than the stage expanded."""

    @property
    def floor(self) -> float:
        """Every term cheaper than this is known (infinity once fully expanded)."""
        if self.stage >= self.stages:
            return float("inf")
        return STAGE_FLOORS[self.stage]

    @property
    def complete(self) -> bool:
        """True once every stage has been expanded."""
        return self.stage >= self.stages

    @property
    def frequency(self) -> int:
        """How many postings the known terms have in all."""
        return sum(t.frequency for t in self.tiers)

    def add(self, term_id: int, cost: float, how: str) -> None:
        """Record that the word meets ``term_id`` at ``cost`` (the cheapest way wins)."""
        known = self.terms.get(term_id)
        if known is None or cost < known[0]:
            self.terms[term_id] = (cost, how)


class Expander:
    """Expands query words against one index."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        # The variant table as 32-bit halves: every other one is a term id, so a
        # key's terms are one strided slice, read in C.
        table = index.deletions
        raw = table if isinstance(table, memoryview | array) else array("Q", table)
        halves = memoryview(raw).cast("B").cast("I")
        self._term_halves = halves[0 if sys.byteorder == "little" else 1 :]

    # Stages -------------------------------------------------------------------

    def expand(self, word: str, *, last: bool) -> Expansion:
        """The word expanded to its first stage: exact, prefix, stem, skeleton."""
        index = self.index
        vocabulary = index.vocabulary
        found = Expansion(word, last)
        exact = index.term_id(word)
        if exact is not None:
            found.add(exact, COST_EXACT, "exact")
        if last and len(word) >= 2:
            for term_id in self.completions(word):
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
        found.stages = budget
        found.stage = 0
        self._settle(found)
        return found

    def deepen(self, found: Expansion) -> bool:
        """Expand the next stage of ``found`` (typos of one more edit); False if none is left."""
        if found.complete:
            return False
        edits = found.stage + 1
        word = found.query
        vocabulary = self.index.vocabulary
        matched = [(t, e) for t, e in found.pending if e <= edits]
        found.pending = [(t, e) for t, e in found.pending if e > edits]
        candidates = self._typo_candidates(found, typo_keys(word, edits) - found.keys)
        if candidates:
            # Compared within the whole budget at once: what lies further than
            # this stage waits in ``pending`` for the next one.
            choices = list(map(vocabulary.__getitem__, candidates))
            for _, distance, at in process.extract(
                word, choices, scorer=OSA.distance, score_cutoff=found.stages, limit=None
            ):
                if distance > edits:
                    found.pending.append((candidates[at], distance))
                elif distance > 0:
                    matched.append((candidates[at], distance))
        for term_id, distance in matched:
            penalty = FIRST_LETTER_PENALTY if vocabulary[term_id][0] != word[0] else 0.0
            found.add(term_id, distance + penalty, "typo")
        found.stage = edits
        self._settle(found)
        return True

    def expand_fully(self, word: str, *, last: bool) -> Expansion:
        """Every stage at once (what the engine did before stages; for tools and tests)."""
        found = self.expand(word, last=last)
        while self.deepen(found):
            pass
        return found

    # Pieces ---------------------------------------------------------------------

    def completions(self, prefix: str) -> list[int]:
        """The :data:`MAX_PREFIX_TERMS` most frequent terms starting with ``prefix``
        (ties to the first in the vocabulary), without ranking every one of them
        in Python: their frequencies are differences of offsets, taken in C."""
        index = self.index
        span = index.prefixed(prefix)
        lo, hi = span.start, span.stop
        if hi - lo <= MAX_PREFIX_TERMS:
            return list(span)
        offsets = index.offsets
        counts = list(map(operator.sub, offsets[lo + 1 : hi + 1], offsets[lo:hi]))
        threshold = sorted(counts, reverse=True)[MAX_PREFIX_TERMS - 1]
        above = [i for i, c in enumerate(counts) if c > threshold]
        level = [i for i, c in enumerate(counts) if c == threshold]
        chosen = above + level[: MAX_PREFIX_TERMS - len(above)]
        chosen.sort(key=lambda i: (-counts[i], i))
        return [lo + i for i in chosen]

    def _typo_candidates(self, found: Expansion, keys: Iterable[str]) -> list[int]:
        """Terms filed under ``keys`` not yet compared with the word, most selective keys
        first, at most :data:`TYPO_CANDIDATES` table entries read."""
        table = self.index.deletions
        halves = self._term_halves
        spans = []
        for key in keys:
            h = zlib.crc32(key.encode()) << 32
            lo = bisect_left(table, h)
            hi = bisect_left(table, h + (1 << 32), lo)
            if hi > lo:
                spans.append((hi - lo, lo, hi))
        found.keys.update(keys)
        spans.sort()
        seen = found.checked
        new: set[int] = set()
        budget = TYPO_CANDIDATES
        for size, lo, hi in spans:
            if size > budget:
                break
            budget -= size
            new.update(halves[2 * lo : 2 * hi : 2])
        new -= seen
        seen |= new
        return list(new)

    def _settle(self, found: Expansion) -> None:
        """Group the known terms into tiers by cost, the most frequent terms first."""
        index = self.index
        by_cost: dict[float, list[int]] = {}
        for term_id, (cost, _) in found.terms.items():
            by_cost.setdefault(cost, []).append(term_id)
        tiers = []
        for cost in sorted(by_cost):
            terms = sorted(by_cost[cost], key=index.frequency, reverse=True)
            tiers.append(Tier(cost, terms, sum(index.frequency(t) for t in terms)))
        found.tiers = tiers


def typo_keys(word: str, edits: int) -> set[str]:
    """Every variant-table key under which a term within ``edits`` of ``word`` is filed.

    Against the short terms: the word's own deletion neighbourhood, as deep as
    the edits allowed. Against the long terms: segments, at the place they
    have in a term of each length the word may have, shifted by what the
    insertions and deletions before an intact segment can move it: a term
    ``d`` letters longer than the word lost ``d`` more letters than it gained,
    so with at most ``edits`` edits the shift lies between
    ``-(edits + d) // 2`` and ``(edits - d) // 2`` (a swap moves nothing). The
    index's own :func:`~store.search.index.query_typo_keys` tries every shift
    up to one more than the edits; this reads half the keys and finds the same
    terms.
    """
    keys = deletes(word, edits) if len(word) - edits <= SHORT_TERMS.stop - 1 else set()
    for length in range(max(LONG_TERM, len(word) - edits), len(word) + edits + 1):
        longer = length - len(word)
        back, ahead = (edits + longer) // 2, (edits - longer) // 2
        for i, (a, b) in enumerate(segment_bounds(length)):
            size = b - a
            for start in range(max(0, a - back), min(len(word) - size, a + ahead) + 1):
                keys.add(f"{length}|{i}|{word[start : start + size]}")
    return keys
