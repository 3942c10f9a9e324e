"""Length-preserving text folding for matching.

Matching names and comparing paragraphs must ignore case, diacritics and the
typographic forms of quotes and dashes ("Iraq’s" and "Iraq's", "Sha’bi" and
"Sha'bi", "Muḥandis" and "Muhandis"), yet every match must be reported as
offsets into the *original* text. Folding one character into exactly one
character keeps the offsets of the folded string valid for the original.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_PUNCT = {
    "\u2018": "'",  # ‘
    "\u2019": "'",  # ’
    "\u201a": "'",  # ‚
    "\u201b": "'",  # ‛
    "\u02bc": "'",  # ʼ
    "\u02bb": "'",  # ʻ
    "\u02be": "'",  # ʾ (ayn/hamza in transliteration)
    "\u02bf": "'",  # ʿ
    "\u00b4": "'",  # ´
    "`": "'",
    "\u201c": '"',  # “
    "\u201d": '"',  # ”
    "\u201e": '"',  # „
    "\u00ab": '"',  # «
    "\u00bb": '"',  # »
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",  # –
    "\u2014": "-",  # —
    "\u2212": "-",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
}


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """One character, case- and accent-folded, as one character."""
    if ch in _PUNCT:
        return _PUNCT[ch]
    if ch.isascii():
        return ch.lower()
    base = unicodedata.normalize("NFD", ch)[0]
    lower = base.lower()
    return lower if len(lower) == 1 else base


class _FoldTable(dict[int, str]):
    """A ``str.translate`` table that folds each character on first sight."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        self[code] = folded
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """``text`` folded character by character; ``len(fold(t)) == len(t)``."""
    if text.isascii():
        return text.lower()
    return text.translate(_TABLE)


def squash(text: str) -> str:
    """Folded text with runs of whitespace collapsed, for comparing paragraphs."""
    return " ".join(fold(text).split())
