"""Spans of one text, compared without comparing each with each.

Linking (:mod:`store.ingest.link`, :mod:`store.ingest.autolink`) chooses
among many overlapping matches and then asks, for each mention, whether
another mention covers it; new-entity candidates
(:mod:`store.query.candidates`) are the names no mention overlaps. On an ordinary paragraph any way
of answering is fast; on a long text with hundreds of thousands of mentions
(a whole book pasted as one line) comparing every span with every other is
quadratic and takes hours. These helpers give the same answers as the
pairwise comparisons they replace, in time close to linear:

* :func:`first_free` keeps the spans, in order of preference, that overlap none
  kept before them, marking what is taken in a bytearray over the text;
* :class:`SpanIndex` answers "does a span contain this one?", "does a span
  cut this position?" and "does a span overlap this one?" by binary search
  over spans sorted by start, with the furthest end reached so far.

Offsets are character positions (``0 <= start <= end``), as everywhere in
the store.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate
from typing import Protocol, TypeVar


class Spanned(Protocol):
    """Anything with a place in a text: ``text[start:end]``."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=Spanned)

_FREE, _SPAN, _POINT = 0, 1, 2


def first_free(ranked: Iterable[S]) -> list[S]:
    """The spans of ``ranked`` (best first) that overlap no span kept before them,
    in the order of ``ranked``.

    Two spans overlap as ``not (a.end <= b.start or a.start >= b.end)`` has it:
    they share a character, or one is empty and lies strictly inside the other.
    Each span is tested against a bytearray of what is taken, so the cost is
    the total length of the spans, not the square of their number.
    """
    spans = list(ranked)
    if not spans:
        return []
    # Doubled positions: 2i+1 stands for the character text[i] and 2i for the
    # boundary before it. A non-empty span [s, e) takes 2s+1 .. 2e-1, its
    # characters and the boundaries strictly inside it; an empty span at x is
    # the boundary 2x. Empty spans never overlap each other, so they are
    # marked apart (_POINT) from non-empty ones (_SPAN).
    taken = bytearray(2 * max(s.end for s in spans) + 1)
    kept = []
    for span in spans:
        if span.start == span.end:
            at = 2 * span.start
            if taken[at] == _SPAN:
                continue
            taken[at] = _POINT
        else:
            lo, hi = 2 * span.start + 1, 2 * span.end
            if taken.count(_FREE, lo, hi) != hi - lo:
                continue
            taken[lo:hi] = bytes((_SPAN,)) * (hi - lo)
        kept.append(span)
    return kept


class SpanIndex:
    """A set of spans ``(start, end)``, sorted by start, for containment questions.

    With the spans sorted by start and, for each prefix, the furthest end any
    of them reaches, "is there a span starting before x that ends after y?" is
    one binary search, whatever the spans are (overlapping, nested, empty).
    """

    __slots__ = ("_members", "_reach", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._members = {(start, end) for start, end in ordered}
        self._reach = list(accumulate((end for _, end in ordered), max))

    def __bool__(self) -> bool:
        return bool(self._starts)

    def __contains__(self, span: object) -> bool:
        """Whether ``span`` is one of the spans, exactly."""
        return span in self._members

    def contains(self, start: int, end: int) -> bool:
        """Whether some span has ``span.start <= start`` and ``end <= span.end``."""
        i = bisect_right(self._starts, start)
        return i > 0 and self._reach[i - 1] >= end

    def cuts(self, position: int) -> bool:
        """Whether some span has ``span.start < position < span.end``."""
        i = bisect_left(self._starts, position)
        return i > 0 and self._reach[i - 1] > position

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span has ``start < span.end`` and ``span.start < end``."""
        i = bisect_left(self._starts, end)
        return i > 0 and self._reach[i - 1] > start
