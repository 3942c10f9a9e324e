"""Words for search: tokenising, normalising, and the variants a word may take.

Search compares *terms*, not raw words. A term is a word folded for case,
diacritics and typographic quotes (``Iraq’s`` and ``Iraq's`` give ``iraq``),
with a possessive ``'s`` dropped and inner apostrophes removed (``Kata'ib``,
``Sha’bi`` and ``Hash'd`` give ``kataib``, ``shabi``, ``hashd``). Hyphens
split words (``al-Kadhimi`` gives ``al`` and ``kadhimi``) and a hyphenated
compound is also indexed joined (``counter-terrorism`` also gives
``counterterrorism``). Each term keeps its offsets in the original text, so
matches can be highlighted exactly.

Two kinds of variant let differently spelled words meet:

* :func:`stem`, a light English stemmer (``released``, ``releases`` and
  ``release`` meet in ``releas``);
* :func:`skeleton`, a consonant skeleton for transliterated names, where
  vowels, doubled letters and a few digraphs vary between writers:
  ``Soleimani``/``Suleimani``, ``Qasem``/``Qassem``, ``Hezbollah``/
  ``Hizbullah``/``Hizballah``, ``Kadhimi``/``Kadhemi``/``Kazimi``,
  ``Muhandis``/``Muhandes``. Only words written with a capital in the texts
  (names) get one, so ordinary English words never meet by skeleton.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..fold import fold

_WORD = re.compile(r"\w+(?:['\-]\w+)*")
_PART = re.compile(r"\w+(?:'\w+)*")

#: Words a query can do without. They are not indexed; a query made only of
#: them is searched as it is.
STOPWORDS = frozenset(
    """a an the and or but of in on at to for from by with without about as into onto
    over under after before between during than then so such that this these those it its
    is are was were be been being has have had do does did will would can could should may
    might must shall i me my we our you your he him his she her they them their there here
    who whom whose what which when where why how not no nor all any some also only very
    s t""".split()
)

#: Name particles: ``al-Kadhimi``, ``al Kadhimi`` and ``Kadhimi`` are one name.
PARTICLES = frozenset({"al", "el", "ul"})


@dataclass(frozen=True, slots=True)
class Token:
    """A term and where its word lies in the original text."""

    term: str
    start: int
    end: int
    capitalised: bool = False
    """True when the word starts with a capital in the text (a name, likely)."""
    joined: bool = False
    """True for the joined form of a hyphenated compound (same span)."""


def normalise_word(word: str) -> str:
    """A folded word as a term: possessive dropped, inner apostrophes removed."""
    if word.endswith("'s") and len(word) > 2:
        word = word[:-2]
    return word.replace("'", "")


def tokens(text: str) -> Iterator[Token]:
    """The terms of ``text``, in order, with their offsets."""
    folded = fold(text)
    for match in _WORD.finditer(folded):
        whole_start, whole_end = match.span()
        parts = list(_PART.finditer(folded, whole_start, whole_end))
        terms = []
        for part in parts:
            term = normalise_word(part.group())
            if term:
                capitalised = text[part.start()].isupper()
                terms.append(term)
                yield Token(term, part.start(), part.end(), capitalised)
        meaningful = [t for t in terms if t not in PARTICLES]
        if len(parts) > 1 and len(meaningful) > 1:
            joined = "".join(meaningful)
            if len(joined) <= 40:
                yield Token(joined, whole_start, whole_end, text[whole_start].isupper(), True)


_TERM = re.compile(r"\w+(?:'\w+)*")


def term_sequence(text: str) -> list[str]:
    """The terms of ``text`` in order, without offsets (hyphenated words split).

    The same terms :func:`tokens` gives, minus joined compounds, made in one
    regular-expression pass: for ranking, where only order matters.
    """
    return [normalise_word(w) if "'" in w else w for w in _TERM.findall(fold(text))]


def term_spans(text: str, wanted: set[str]) -> list[tuple[int, int]]:
    """Offsets of the words of ``text`` whose term is in ``wanted``, in order.

    A lean :func:`tokens` for highlighting: hyphenated words split, plus the
    whole compound where only its joined form is wanted.
    """
    folded = fold(text)
    # The distinct words found in C, the wanted ones among them told apart in
    # Python, then only their places sought, in C again.
    hit = {
        w for w in set(_TERM.findall(folded)) if (normalise_word(w) if "'" in w else w) in wanted
    }
    found = [m.span() for m in _words_exactly(frozenset(hit)).finditer(folded)] if hit else []
    matched = {normalise_word(w) if "'" in w else w for w in hit}
    missing = wanted - matched
    if missing and "-" in folded:
        for match in _CHUNK.finditer(folded):
            parts = [normalise_word(p) for p in _TERM.findall(match.group())]
            if "".join(p for p in parts if p not in PARTICLES) in missing:
                found.append(match.span())
    return sorted(found)


_CHUNK = re.compile(r"[\w']+(?:-[\w']+)+")


@lru_cache(maxsize=256)
def _words_exactly(words: frozenset[str]) -> re.Pattern[str]:
    """A pattern finding exactly the :data:`_TERM` words among ``words``: each where
    no word character (nor one and an apostrophe) touches it on either side."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?<!\w')(?:{alternatives})(?!\w)(?!'\w)")


def query_terms(text: str) -> list[Token]:
    """The terms of a query, without stopwords and name particles where others remain."""
    found = [t for t in tokens(text) if not t.joined]
    kept = [t for t in found if t.term not in STOPWORDS and t.term not in PARTICLES]
    return kept or found


def stem(term: str) -> str:
    """A light English stem: plural, past and -ing endings removed."""
    if len(term) < 5 or not term.isalpha():
        return term
    if term.endswith("ies") and len(term) > 5:
        term = term[:-3] + "y"
    elif term.endswith("sses"):
        term = term[:-2]
    elif term.endswith("s") and not term.endswith(("ss", "us", "is")):
        term = term[:-1]
    if term.endswith("ed") and len(term) > 5:
        term = term[:-2]
        if len(term) > 3 and term[-1] == term[-2] and term[-1] not in "lsz":
            term = term[:-1]
    elif term.endswith("ing") and len(term) > 6:
        term = term[:-3]
        if len(term) > 3 and term[-1] == term[-2] and term[-1] not in "lsz":
            term = term[:-1]
    if term.endswith("e") and len(term) > 4:
        term = term[:-1]
    return term


_DIGRAPHS = (("dh", "z"), ("gh", "k"), ("kh", "k"), ("q", "k"), ("ph", "f"), ("ck", "k"),
             ("c", "k"), ("th", "t"), ("sh", "s"), ("j", "j"))  # fmt: skip


def skeleton(term: str) -> str | None:
    """The consonant skeleton of a name-like term, or ``None`` if too short to trust."""
    if len(term) < 4 or not term.isalpha():
        return None
    s = term
    for old, new in _DIGRAPHS:
        s = s.replace(old, new)
    s = re.sub(r"[aeiouyw]", "", s)
    s = re.sub(r"(.)\1+", r"\1", s)
    return s if len(s) >= 3 else None


def allowed_typos(term: str) -> int:
    """Edits a query word may carry: none up to 4 letters, 1 from 5, 2 from 9."""
    if not term.isalpha():
        return 0
    if len(term) >= 9:
        return 2
    if len(term) >= 5:
        return 1
    return 0
