"""The search engine's answers, beside the engine it replaced and beside the rules.

The engine before top-k selection (kept in ``reference_search.py``) walked at
most 500 documents of its rarest word and tested 6 terms of a tier at most:
it answered by the ranking rules only when the best documents lay within
that walk. The engine now selects exactly the best documents by the rules.
So, on a seeded random set of queries over the bundled corpus and a small
synthetic one:

* the engine's best :data:`RERANK` documents are exactly those a brute-force
  scorer of every document ranks first by the rules (words matched,
  corrections, field, kind, prior);
* its answers are the reference engine's, query for query, wherever the
  reference engine held those same documents; where it did not, the answer
  may change, and only there.

``python -m tests.store.test_search_equivalence`` prints the queries whose
answers changed, and why.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

import store
from bench.search import hard_queries
from bench.synthetic import generate
from store.search.expand import Expander, typo_keys
from store.search.index import (
    LONG_TERM,
    SHORT_TERMS,
    SearchIndex,
    query_typo_keys,
    segment_keys,
)
from store.search.ranking import RERANK, Searcher, query_words
from store.search.text import allowed_typos
from tests.store import reference_search as reference

SEED = 20200625


def queries(index: SearchIndex, seed: int = SEED) -> list[str]:
    """The bench's hard queries for this index (the fixed ones, misspelt common
    and rare words, mixes, prefixes, pasted phrases), then random words of its
    vocabulary, whole or cut, alone or two or three together, with or without a
    space after: as a user types them."""
    rng = random.Random(seed)
    drawn = [q.text for q in hard_queries(index, seed=seed)]
    words = [t for t in index.vocabulary if t.isalpha() and len(t) >= 3]
    for _ in range(60):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.3:
            text = text[: len(text) - rng.randint(1, 2)]
        if rng.random() < 0.5:
            text += " "
        drawn.append(text)
    # One letter lists initials now, a different question: compared elsewhere.
    return [q for q in drawn if len(q.strip()) > 1]


def rules_head(index: SearchIndex, text: str, limit: int = RERANK) -> list[str]:
    """The best documents by the rules, scoring every document: for each word, the
    cheapest tier holding the document, in its best field there."""
    expander = Expander(index)
    words = [expander.expand_fully(term, last=last) for term, last in query_words(text)]
    per_doc: dict[int, dict[int, tuple[float, int]]] = {}
    for i, word in enumerate(words):
        for tier in word.tiers:
            for term in tier.terms:
                for at in range(index.offsets[term], index.offsets[term + 1]):
                    doc, fld = index.postings[at], index.fields[at]
                    known = per_doc.setdefault(doc, {}).get(i)
                    if known is None or (tier.cost, fld) < known:
                        per_doc[doc][i] = (tier.cost, fld)
    keys = sorted(
        (
            -len(matched),
            round(sum(cost for cost, _ in matched.values()), 2),
            min(fld for _, fld in matched.values()),
            index.doc_kinds[doc],
            index.doc_priors[doc],
            doc,
        )
        for doc, matched in per_doc.items()
    )
    return [index.doc_ids[key[-1]] for key in keys[:limit]]


@dataclass(frozen=True)
class Change:
    """A query whose answer is not the reference engine's."""

    query: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    missed: tuple[str, ...]
    """Documents the rules rank among the best that the reference engine never held."""


def compare(index: SearchIndex, texts: Sequence[str]) -> Iterator[Change]:
    """Every query whose answer changed, checking on the way that the engine's best
    documents are the rules' and that each change has its reason."""
    old = reference.Searcher(index)
    new = Searcher(index)
    for text in texts:
        head = rules_head(index, text)
        assert sorted(h.id for h in new.search_words(text, RERANK)) == sorted(head), text
        before = tuple(h.id for h in old.search(text))
        after = tuple(h.id for h in new.search_words(text))
        if before != after:
            held = {h.id for h in old.search(text, limit=RERANK)}
            missed = tuple(d for d in head if d not in held)
            assert missed, f"{text!r} changed although the reference held the best documents"
            yield Change(text, before, after, missed)


@pytest.fixture(scope="module")
def synthetic_index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    root = tmp_path_factory.mktemp("synthetic")
    generate(root / "corpus", 60)
    store.build(root / "corpus", root / "s.json")
    return store.Catalog.open(root / "s.json").search_index()


def test_answers_follow_the_rules_and_change_only_where_the_old_walk_missed(
    catalog: store.Catalog,
) -> None:
    index = catalog.search_index()
    changes = list(compare(index, queries(index)))
    # On five articles the old walk of 500 documents saw nearly everything.
    assert len(changes) <= 3, [c.query for c in changes]


def test_the_same_on_a_synthetic_corpus(synthetic_index: SearchIndex) -> None:
    changes = list(compare(synthetic_index, queries(synthetic_index)))
    assert len(changes) <= len(queries(synthetic_index)) // 5, [c.query for c in changes]


def test_words_meet_the_same_terms_as_before(
    catalog: store.Catalog, synthetic_index: SearchIndex
) -> None:
    for index in (catalog.search_index(), synthetic_index):
        old = reference.Searcher(index)
        expander = Expander(index)
        for text in queries(index):
            for term, last in query_words(text):
                assert expander.expand_fully(term, last=last).terms == dict(
                    old.expand(term, last=last).terms
                ), term


LETTERS = "abcdehiklmnoqrstuz"


@settings(max_examples=300, deadline=None)
@given(
    st.text(LETTERS, min_size=4, max_size=16),
    st.lists(
        st.tuples(st.sampled_from(["sub", "del", "ins", "swap"]), st.integers(0, 20)),
        min_size=1,
        max_size=2,
    ),
    st.sampled_from(LETTERS),
)
def test_typo_keys_find_what_the_wider_keys_found(
    term: str, edits: list[tuple[str, int]], letter: str
) -> None:
    word = term
    for how, at in edits:
        at %= len(word)
        if how == "sub":
            word = word[:at] + letter + word[at + 1 :]
        elif how == "del" and len(word) > 1:
            word = word[:at] + word[at + 1 :]
        elif how == "ins":
            word = word[:at] + letter + word[at:]
        elif how == "swap" and at + 1 < len(word):
            word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    budget = allowed_typos(word)
    distance = OSA.distance(word, term)
    if not budget or not 0 < distance <= budget:
        return
    filed: set[str] = set()
    if len(term) in SHORT_TERMS:
        filed = {term} | {term[:i] + term[i + 1 :] for i in range(len(term))}
    if len(term) >= LONG_TERM:
        filed |= set(segment_keys(term))
    if query_typo_keys(word, budget) & filed:
        # Found by the index's keys: found by the tighter ones too, at its own stage.
        assert typo_keys(word, distance) & filed


if __name__ == "__main__":  # list the changed queries, for a report
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    catalog = store.Catalog.open(corpus) if corpus else None
    if catalog is None:
        raise SystemExit("usage: python -m tests.store.test_search_equivalence STORE")
    index = catalog.search_index()
    for change in compare(index, queries(index)):
        at = next(
            (
                i
                for i, (a, b) in enumerate(zip(change.before, change.after, strict=False))
                if a != b
            ),
            min(len(change.before), len(change.after)),
        )
        print(f"{change.query!r}: from hit {at + 1} on")
        print(f"  before: {', '.join(change.before[at : at + 4])}")
        print(f"  after:  {', '.join(change.after[at : at + 4])}")
        print(f"  the rules' best the old walk never held: {', '.join(change.missed[:4])}")
