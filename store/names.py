"""Name-like words in running text: runs of capitalised words and name particles.

Automatic linking (:mod:`store.ingest.autolink`) compares such runs with the
names the knowledge base knows; new-entity candidates
(:mod:`store.query.candidates`) are the runs no mention accounts for. Both read
names the same way, from here: capitalised words of the Latin scripts news
names are written in, joined by spaces, with the particles of Arabic names
inside them ("Abu Mahdi al-Muhandis", "Ahmad bin Ali").
"""

from __future__ import annotations

import re

#: Lowercase words that belong inside a name ("Abu Mahdi al-Muhandis").
PARTICLES = frozenset(
    {"al", "el", "abu", "umm", "bin", "ibn", "bint", "ahl", "ul", "ad", "as", "ash", "at", "az"}
)
#: Capitalised words that often start a name ("Kataib Hezbollah", "Saraya ...").
NAME_HEADS = frozenset({"kataib", "harakat", "saraya", "asaib", "jaysh", "liwa", "ahl"})

_PARTICLE = "|".join(sorted(PARTICLES, key=len, reverse=True))
#: Particles that stand as words of their own ("Ahmad bin Ali"; never "as", "at").
_ALONE = "|".join(sorted({"al", "el", "abu", "umm", "bin", "ibn", "bint", "ahl"}, key=len))
_CAP = "A-ZÀ-ÖØ-ÞĀ-Ž"  # capitals of the Latin scripts news names are written in
_TOKEN = rf"(?:(?:{_PARTICLE})[-’']?)?[{_CAP}][\w’'\-]*|(?:{_ALONE})(?![\w’'\-])"
#: A run of name-like words: capitalised, or particles of names, joined by spaces.
_RUN = re.compile(rf"(?<![\w’'\-])(?:{_TOKEN})(?:\s+(?:{_TOKEN}))*")
_PIECE = re.compile(r"\S+")


_ALONE_SET = frozenset(_ALONE.split("|"))


def name_tokens(text: str) -> list[list[tuple[int, int, bool]]]:
    """Runs of name-like words as ``(start, end, capitalised)``, trimmed so that
    each starts and ends with a capitalised word. One regular expression finds
    the runs, so that scanning a long article costs little."""
    runs = []
    for match in _RUN.finditer(text):
        base = match.start()
        run = []
        for piece in _PIECE.finditer(match.group()):
            word = piece.group().rstrip("-’'")  # "al-Muhandis-" is "al-Muhandis"
            if word:
                start = base + piece.start()
                run.append((start, start + len(word), word not in _ALONE_SET))
        # Trimmed by index: popping from the front one by one would be
        # quadratic in a long run of particles ("al al al ...").
        first = next((i for i, (_, _, capital) in enumerate(run) if capital), len(run))
        last = len(run)
        while last > first and not run[last - 1][2]:
            last -= 1
        if first < last:
            runs.append(run[first:last])
    return runs


def name_runs(text: str) -> list[list[tuple[int, int]]]:
    """Runs of name-like words, separated only by spaces: ``[(start, end), ...]``.

    A run never starts or ends with a lowercase particle ("the al" is no name).
    """
    return [[(start, end) for start, end, _ in run] for run in name_tokens(text)]
