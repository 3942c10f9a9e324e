"""Automatic linking: known entities in new text, by close variants of their names.

The curated aliases (:mod:`store.link`) catch every spelling the annotators
saw in the texts. A user's own article (``dossier add``) will use others:
``Mustafa al-Kazimi``, ``Kataeb Hezbollah``. First, the search-only aliases
(spellings the annotators expected elsewhere) are matched as they are, one
word or several (score 100). Then every run of capitalised words (and
the particles of Arabic names) that no alias covered is compared, window by
window, with the multi-word aliases of the same length; a window similar
enough (rapidfuzz ``ratio`` on folded text at least :data:`THRESHOLD`, and no
word of it unlike its counterpart) becomes an automatic mention, with its
score. Single words are left alone: too many are ordinary words or other
people's names.

Only articles no annotation quotes are linked this way; the curated articles'
mentions stay exactly as the annotators made them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..fold import fold
from ..names import joined_apostrophes, name_tokens, possessive_end
from ..spans import SpanIndex, first_free

#: Least similarity (0-100) of a name to an alias for an automatic mention.
THRESHOLD = 88.0
#: Least similarity of each word to the alias's word in the same place.
WORD_THRESHOLD = 75.0
MAX_WORDS = 6

_GAP = re.compile(r"[\s\-’']+")


@dataclass(frozen=True, slots=True)
class AutoMatch:
    """``text[start:end]`` looks like ``alias`` of ``entity_id`` (``score`` 0-100)."""

    start: int
    end: int
    entity_id: str
    alias: str
    score: float


def _words(folded: str) -> list[str]:
    return [w for w in _GAP.split(joined_apostrophes(folded)) if w]


class VariantMatcher:
    """Finds close variants of multi-word aliases."""

    def __init__(self, aliases: Iterable[tuple[str, str, bool]]) -> None:
        """From ``(entity_id, alias, case_sensitive)`` triples (the sensitive,
        abbreviations, are never varied)."""
        self._by_words: dict[int, dict[str, tuple[str, str]]] = {}
        self._single: dict[str, tuple[str, str]] = {}
        self._seen: dict[str, tuple[str, str, float] | None] = {}
        for entity_id, alias, sensitive in aliases:
            if sensitive:
                continue
            words = _words(fold(alias.strip()))
            if len(words) == 1:
                self._single.setdefault(words[0], (entity_id, alias))
            elif 2 <= len(words) <= MAX_WORDS:
                key = " ".join(words)
                self._by_words.setdefault(len(words), {}).setdefault(key, (entity_id, alias))

    def __bool__(self) -> bool:
        return bool(self._by_words)

    def _closest(
        self, key: str, choices: dict[str, tuple[str, str]]
    ) -> tuple[str, str, float] | None:
        """The alias ``key`` is a close variant of, if any (remembered: names recur)."""
        if key in self._seen:
            return self._seen[key]
        answer = None
        best = process.extractOne(key, choices.keys(), scorer=fuzz.ratio, score_cutoff=THRESHOLD)
        if best is not None:
            alias_key, score, _ = best
            pairs = zip(key.split(" "), alias_key.split(" "), strict=True)
            if all(fuzz.ratio(a, b) >= WORD_THRESHOLD for a, b in pairs):
                entity_id, alias = choices[alias_key]
                answer = (entity_id, alias, round(score, 1))
        if len(self._seen) < 200_000:
            self._seen[key] = answer
        return answer

    @staticmethod
    def _free(start: int, end: int, taken: SpanIndex) -> bool:
        """The span crosses no taken span and is not inside (or equal to) one; it
        may contain some: the longest name wins ("Kataeb Hezbollah" over the
        "Hezbollah" in it).

        Put otherwise (the span is never empty: it holds a word), neither of
        its ends falls strictly inside a taken span, and it is not one: two
        binary searches instead of a look at every taken span.
        """
        return not (taken.cuts(start) or taken.cuts(end) or (start, end) in taken)

    def find(
        self,
        text: str,
        taken: Sequence[tuple[int, int]] = (),
        runs: Sequence[Sequence[tuple[int, int, bool]]] | None = None,
    ) -> list[AutoMatch]:
        """Non-overlapping variants in ``text``, the longest (then the closest) where they
        compete, returned in order of position. A variant never crosses a ``taken`` span
        (the curated mentions) but may contain one, which it then replaces. ``runs`` are
        the text's :func:`~store.names.name_tokens`, when the caller has them."""
        found: list[AutoMatch] = []
        folded = fold(text)
        spans = SpanIndex(taken)
        for tokens in name_tokens(text) if runs is None else runs:
            # A possessive ends a name and is no part of it: "Hadi al-Ameri's Badr".
            run = [
                (start, possessive_end(folded, start, end)[0], capital)
                for start, end, capital in tokens
            ]
            words = [_words(folded[start:end]) for start, end, _ in run]
            for i, (start, first_end, capital) in enumerate(run):
                if not capital:
                    continue
                single = self._single.get(" ".join(words[i]))
                if single and self._free(start, first_end, spans):
                    # A one-word spelling matches only exactly (too many words are near).
                    found.append(AutoMatch(start, first_end, single[0], single[1], 100.0))
                window = list(words[i])
                for j in range(i + 1, min(len(run), i + MAX_WORDS)):
                    if run[j - 1][1] != tokens[j - 1][1]:
                        break  # the word before was a possessive: the name ended there
                    window += words[j]
                    _, end, last_capital = run[j]
                    choices = self._by_words.get(len(window))
                    if choices is None or not last_capital or not self._free(start, end, spans):
                        continue
                    best = self._closest(" ".join(window), choices)
                    if best is not None:
                        entity_id, alias, score = best
                        found.append(AutoMatch(start, end, entity_id, alias, score))
        ranked = sorted(found, key=lambda m: (m.start - m.end, -m.score, m.start))
        return sorted(first_free(ranked), key=lambda m: m.start)
