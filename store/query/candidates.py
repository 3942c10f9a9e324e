"""New-entity candidates: names in the corpus that no entity accounts for.

Runs of capitalised words and name particles (``Layla Haddad``, ``Tigris
Policy Forum``, ``Samir Khoury``) that overlap no mention, curated or
automatic, are collected across the corpus and counted, each with the
paragraphs it occurs in. Function words and calendar words a sentence may
start with are trimmed off the ends of a run ("The", "On Monday"); a single
word is a candidate only with a name particle (``al-Zaidi``), since most
single capitalised words are the first word of a sentence. Only body text,
summaries and captions are read: headlines are in title case.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..fold import fold
from ..model import ParagraphKind
from ..names import NAME_HEADS, PARTICLES, name_tokens
from ..spans import SpanIndex
from .catalog import Catalog

#: Where names are looked for (headlines are in title case; page furniture is no news).
SEARCHED: tuple[ParagraphKind, ...] = ("body", "summary", "caption")

#: Capitalised words that are not names (trimmed from either end of a run).
NOT_NAMES = frozenset(
    """a an the this that these those his her its their our my your in on at of for to from by
    with and or but as after before since during while when where who what which why how if
    it he she they we i you there here mr mrs ms dr prime minister president general
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december""".split()
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A name no entity accounts for, with where it occurs."""

    name: str
    """The most frequent spelling."""
    count: int
    paragraphs: tuple[str, ...]
    """Paragraph ids, in corpus order (each once)."""
    spellings: tuple[str, ...]


def _names(text: str, taken: SpanIndex) -> Iterable[str]:
    """The names in ``text`` that cross no ``taken`` span (the mentions).

    Each run is trimmed by index and looks back only over the spaces before
    it, and the mentions are asked by binary search: on a long text written as
    one line, copying the text before each run or comparing each run with
    every mention was quadratic.
    """
    for run in name_tokens(text):
        first, last = 0, len(run)
        while first < last and fold(text[run[first][0] : run[first][1]]) in NOT_NAMES:
            first += 1
        while first < last and fold(text[run[last - 1][0] : run[last - 1][1]]) in NOT_NAMES:
            last -= 1
        while first < last and not run[last - 1][2]:
            last -= 1
        words = run[first:last]
        if not words:
            continue
        before = words[0][0]
        while before > 0 and text[before - 1].isspace():
            before -= 1
        opens_sentence = before == 0 or text[before - 1] in '.!?:"“”'
        head = fold(text[words[0][0] : words[0][1]])
        if opens_sentence and len(words) >= 3 and head not in NAME_HEADS | PARTICLES:
            words = words[1:]  # "Analyst Layla Haddad said": the first word is the sentence's
        start, end = words[0][0], words[-1][1]
        if taken.overlaps(start, end):
            continue
        name = " ".join(text[s:e] for s, e, _ in words)
        if len(words) == 1 and fold(name).split("-")[0] not in PARTICLES:
            continue  # one word: only with a particle ("al-Zaidi", not "Iranian-backed")
        yield name


def candidates(catalog: Catalog, *, least: int = 1) -> list[Candidate]:
    """Candidates seen at least ``least`` times, the most frequent first."""
    counts: dict[str, dict[str, int]] = {}
    where: dict[str, dict[str, None]] = {}
    for paragraph in catalog.iter_paragraphs(SEARCHED):
        if paragraph.is_duplicate:
            continue
        taken = SpanIndex((m.start, m.end) for m in catalog.mentions(paragraph.id))
        for name in _names(paragraph.text, taken):
            key = " ".join(fold(name).replace("-", " ").split())
            counts.setdefault(key, {}).setdefault(name, 0)
            counts[key][name] += 1
            where.setdefault(key, {})[paragraph.id] = None
    found = []
    for key, spellings in counts.items():
        total = sum(spellings.values())
        if total < least:
            continue
        ranked = sorted(spellings, key=lambda s: (-spellings[s], s))
        found.append(Candidate(ranked[0], total, tuple(where[key]), tuple(ranked)))
    return sorted(found, key=lambda c: (-c.count, c.name))
