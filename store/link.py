"""Find every mention of every entity in a paragraph.

Stage **link** of the ingest pipeline. Each alias of each entity is matched in
each paragraph, after folding case, diacritics and typographic quotes, as whole
words: words are compared one by one, and between two words of an alias the
text may have a space, a hyphen, an apostrophe or a line break ("al-Kadhimi",
"Al Kadhimi"). All-capital abbreviations ("KH", "PMF", "U.S.") and the aliases
an entity lists in ``exact_case`` match only with their exact case.

Where matches overlap, the longest wins, so "Kataib Hezbollah", "Harakat
Hezbollah al-Nujaba" and "Hizbullah Brigades" are never also mentions of
"Hezbollah". Curated ``[[link]]`` exceptions are applied afterwards by the
build: they replace whatever the aliases found at their place.

Matching works word by word from an index of aliases by first word, so its
cost grows with the length of the text, not with the number of aliases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .fold import fold

TOKEN = re.compile(r"\w+")
_FLEXIBLE_GAP = re.compile(r"[\s\-']+")
_ABBREVIATION = re.compile(r"[A-Z][A-Z.&]*")


@dataclass(frozen=True, slots=True)
class AliasPattern:
    """One alias of one entity, ready to match."""

    entity_id: str
    alias: str
    words: tuple[str, ...]
    """Folded words, or the words as written when ``case_sensitive``."""
    gaps: tuple[str | None, ...]
    """What lies between consecutive words: ``None`` where any of space,
    hyphen, apostrophe or line break will do, else the exact characters."""
    lead: str
    """Punctuation the alias starts with (rare), matched exactly."""
    trail: str
    """Punctuation the alias ends with ("U.S."), matched exactly."""
    case_sensitive: bool


@dataclass(frozen=True, slots=True)
class Match:
    """An alias found in a text: ``text[start:end]`` mentions ``entity_id``."""

    start: int
    end: int
    entity_id: str
    alias: str


def is_abbreviation(alias: str) -> bool:
    """All capitals (dots and ampersands allowed), at most six letters: "KH", "U.S."."""
    letters = sum(ch.isalpha() for ch in alias)
    return bool(_ABBREVIATION.fullmatch(alias)) and 1 <= letters <= 6


def compile_alias(entity_id: str, alias: str, *, case_sensitive: bool) -> AliasPattern | None:
    """Turn an alias into a pattern; ``None`` for an alias with no word in it."""
    source = alias.strip() if case_sensitive else fold(alias.strip())
    spans = [(m.start(), m.end()) for m in TOKEN.finditer(source)]
    if not spans:
        return None
    words = tuple(source[s:e] for s, e in spans)
    gaps: list[str | None] = []
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        gap = source[end:start]
        gaps.append(None if _FLEXIBLE_GAP.fullmatch(gap) else gap)
    lead = source[: spans[0][0]].strip()
    trail = source[spans[-1][1] :].strip()
    return AliasPattern(entity_id, alias, words, tuple(gaps), lead, trail, case_sensitive)


class AliasMatcher:
    """Matches the aliases of many entities in texts."""

    def __init__(self, patterns: Iterable[AliasPattern]) -> None:
        self._folded: dict[str, list[AliasPattern]] = {}
        self._exact: dict[str, list[AliasPattern]] = {}
        for pattern in patterns:
            index = self._exact if pattern.case_sensitive else self._folded
            index.setdefault(pattern.words[0], []).append(pattern)
        self._folded_first = frozenset(self._folded)
        self._exact_first = frozenset(self._exact)

    @classmethod
    def for_entities(
        cls, entities: Iterable[tuple[str, Iterable[str], Iterable[str]]]
    ) -> AliasMatcher:
        """From ``(entity_id, aliases, exact_case_aliases)`` triples."""
        patterns: dict[tuple[object, ...], AliasPattern] = {}
        for entity_id, aliases, exact_case in entities:
            exact = set(exact_case)
            for alias in aliases:
                sensitive = alias in exact or is_abbreviation(alias.strip())
                pattern = compile_alias(entity_id, alias, case_sensitive=sensitive)
                if pattern is not None:
                    key = (
                        entity_id,
                        pattern.words,
                        pattern.gaps,
                        pattern.lead,
                        pattern.trail,
                        sensitive,
                    )
                    patterns.setdefault(key, pattern)  # "Al-Kadhimi" and "al-Kadhimi" are one
        return cls(patterns.values())

    def __bool__(self) -> bool:
        return bool(self._folded or self._exact)

    def candidates(self, text: str) -> list[Match]:
        """Every alias occurrence in ``text``, overlapping ones included."""
        folded = fold(text)
        folded_words = set(TOKEN.findall(folded))
        has_folded = not self._folded_first.isdisjoint(folded_words)
        has_exact = bool(self._exact_first) and not self._exact_first.isdisjoint(
            TOKEN.findall(text)
        )
        if not (has_folded or has_exact):
            return []
        spans = [(m.start(), m.end()) for m in TOKEN.finditer(folded)]
        found: list[Match] = []
        for i, (start, end) in enumerate(spans):
            options: list[AliasPattern] = []
            if has_folded:
                options += self._folded.get(folded[start:end], ())
            if has_exact:
                options += self._exact.get(text[start:end], ())
            for pattern in options:
                match = self._match_at(pattern, text, folded, spans, i)
                if match is not None:
                    found.append(match)
        return found

    @staticmethod
    def _match_at(
        pattern: AliasPattern, text: str, folded: str, spans: list[tuple[int, int]], i: int
    ) -> Match | None:
        n = len(pattern.words)
        if i + n > len(spans):
            return None
        source = text if pattern.case_sensitive else folded
        for k in range(1, n):
            s, e = spans[i + k]
            if source[s:e] != pattern.words[k]:
                return None
            gap = folded[spans[i + k - 1][1] : s]
            wanted = pattern.gaps[k - 1]
            if wanted is None:
                if not _FLEXIBLE_GAP.fullmatch(gap):
                    return None
            elif gap != wanted:
                return None
        start = spans[i][0]
        end = spans[i + n - 1][1]
        if pattern.lead:
            if folded[start - len(pattern.lead) : start] != pattern.lead:
                return None
            start -= len(pattern.lead)
        if pattern.trail:
            if folded[end : end + len(pattern.trail)] != pattern.trail:
                return None
            end += len(pattern.trail)
        return Match(start, end, pattern.entity_id, pattern.alias)

    def find(self, text: str) -> list[Match]:
        """Non-overlapping mentions in ``text``, in order; the longest match wins."""
        return self.choose(self.candidates(text))

    @staticmethod
    def choose(candidates: Iterable[Match]) -> list[Match]:
        """The longest non-overlapping candidates, in order of position."""
        chosen: list[Match] = []
        taken: list[tuple[int, int]] = []
        for match in sorted(candidates, key=lambda m: (m.start - m.end, m.start)):
            if all(match.end <= s or match.start >= e for s, e in taken):
                chosen.append(match)
                taken.append((match.start, match.end))
        return sorted(chosen, key=lambda m: m.start)
