"""Find every mention of every entity in a paragraph.

Stage **link** of the ingest pipeline. Each alias of each entity is matched in
each paragraph, after folding case, diacritics and typographic quotes, as whole
words: between two words of an alias the text may have a space, a hyphen, an
apostrophe or a line break ("al-Kadhimi", "Al Kadhimi"). All-capital
abbreviations ("KH", "PMF", "U.S.") and the aliases an entity lists in
``exact_case`` match only with their exact case.

Where matches overlap, the longest wins, so "Kataib Hezbollah", "Harakat
Hezbollah al-Nujaba" and "Hizbullah Brigades" are never also mentions of
"Hezbollah". Curated ``[[link]]`` exceptions are applied afterwards by the
build: they replace whatever the aliases found at their place.

The aliases are compiled into a character trie, written as one regular
expression that, at every word start, finds the longest alias beginning
there. The scan runs inside the regular-expression engine, so linking costs
about the same whether there are ten aliases or ten thousand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..fold import fold
from ..spans import first_free

_GAP = re.compile(r"[\s\-']+")
_ABBREVIATION = re.compile(r"[A-Z][A-Z.&]*")
_GAP_UNIT = "\0"  # a run of spaces, hyphens or apostrophes, in a compiled alias
_GAP_PATTERN = r"[\s\-']+"


@dataclass(frozen=True, slots=True)
class Match:
    """An alias found in a text: ``text[start:end]`` mentions ``entity_id``."""

    start: int
    end: int
    entity_id: str
    alias: str
    shorter: tuple[str, ...] = ()
    """Other aliases of the same entity that the matched words begin with
    ("Washington Institute" in "Washington Institute for Near East Policy")."""
    adjective: bool = False
    """The words are an adjective of the entity ("Iraqi"), not its name."""


def is_abbreviation(alias: str) -> bool:
    """All capitals (dots and ampersands allowed), at most six letters: "KH", "U.S."."""
    letters = sum(ch.isalpha() for ch in alias)
    return bool(_ABBREVIATION.fullmatch(alias)) and 1 <= letters <= 6


def alias_units(alias: str, *, case_sensitive: bool) -> str:
    """The alias as matched: folded (unless case-sensitive), gaps as one unit."""
    text = alias.strip() if case_sensitive else fold(alias.strip())
    return _GAP.sub(_GAP_UNIT, text).strip(_GAP_UNIT)


def _trie_pattern(keys: Iterable[str]) -> str:
    """A regular expression matching the longest of ``keys`` that starts here."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    end = ""  # key of the terminal marker in a node
    for key in keys:
        node = root
        for unit in key:
            node = node.setdefault(unit, {})
        node[end] = {}

    def render(node: dict) -> str:  # type: ignore[type-arg]
        parts = []
        for unit in sorted(k for k in node if k != end):
            head = _GAP_PATTERN if unit == _GAP_UNIT else re.escape(unit)
            parts.append(head + render(node[unit]))
        if end in node:
            parts.append(r"(?!\w)")  # the alias may end here, at a word boundary
        if len(parts) == 1:
            return parts[0]
        return "(?:" + "|".join(parts) + ")"

    return render(root) if root else r"(?!x)x"


class AliasMatcher:
    """Matches the aliases of many entities in texts."""

    def __init__(
        self,
        aliases: Iterable[tuple[str, str, bool]],
        adjectives: Iterable[tuple[str, str, bool]] = (),
    ) -> None:
        """From ``(entity_id, alias, case_sensitive)`` triples, and the same of the
        entities' adjectives ("Iraqi" of Iraq), matched alike but marked."""
        self._folded: dict[str, tuple[str, str, bool]] = {}
        self._exact: dict[str, tuple[str, str, bool]] = {}
        for triples, adjective in ((aliases, False), (adjectives, True)):
            for entity_id, alias, sensitive in triples:
                units = alias_units(alias, case_sensitive=sensitive)
                if not any(ch.isalnum() for ch in units):
                    continue
                table = self._exact if sensitive else self._folded
                table.setdefault(units, (entity_id, alias, adjective))
        self._folded_re = self._compile(self._folded)
        self._exact_re = self._compile(self._exact)
        self._shorter: dict[str, tuple[str, ...]] = {}
        for table in (self._folded, self._exact):
            for key, (entity_id, _, adjective) in table.items():
                self._shorter[key] = tuple(
                    alias
                    for other, (owner, alias, other_adjective) in table.items()
                    if owner == entity_id
                    and other_adjective == adjective
                    and len(other) < len(key)
                    and key.startswith(other)
                    and key[len(other)] == _GAP_UNIT
                )

    @staticmethod
    def _compile(keys: dict[str, tuple[str, str, bool]]) -> re.Pattern[str] | None:
        if not keys:
            return None
        return re.compile(r"(?<!\w)(?=(" + _trie_pattern(keys) + "))")

    @classmethod
    def for_entities(
        cls, entities: Iterable[tuple[str, Iterable[str], Iterable[str]]]
    ) -> AliasMatcher:
        """From ``(entity_id, aliases, exact_case_aliases)`` triples."""
        triples = []
        for entity_id, aliases, exact_case in entities:
            exact = set(exact_case)
            for alias in aliases:
                sensitive = alias in exact or is_abbreviation(alias.strip())
                triples.append((entity_id, alias, sensitive))
        return cls(triples)

    def __bool__(self) -> bool:
        return bool(self._folded or self._exact)

    def candidates(self, text: str) -> list[Match]:
        """At every word start, the longest alias beginning there (they may overlap)."""
        found: list[Match] = []
        for pattern, source, table in (
            (self._folded_re, None, self._folded),
            (self._exact_re, text, self._exact),
        ):
            if pattern is None:
                continue
            haystack = source if source is not None else fold(text)
            for match in pattern.finditer(haystack):
                matched = match.group(1)
                start = match.start()
                key = _GAP.sub(_GAP_UNIT, matched)
                entity_id, alias, adjective = table[key]
                found.append(
                    Match(
                        start, start + len(matched), entity_id, alias, self._shorter[key], adjective
                    )
                )
        return found

    def find(self, text: str) -> list[Match]:
        """Non-overlapping mentions in ``text``, in order; the longest match wins."""
        return self.choose(self.candidates(text))

    @staticmethod
    def choose(candidates: Iterable[Match]) -> list[Match]:
        """The longest non-overlapping candidates, in order of position.

        Longest first, then leftmost, each kept unless it overlaps one kept
        before it (:func:`~store.spans.first_free`, in time near linear
        in the number of candidates).
        """
        ranked = sorted(candidates, key=lambda m: (m.start - m.end, m.start))
        return sorted(first_free(ranked), key=lambda m: m.start)
