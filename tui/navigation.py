"""Where the user is, and where they have been: history like a browser's.

A :class:`Location` names a view and what it shows. The app keeps a
:class:`History` of them: opening something goes forward and drops what lay
ahead; back and forward walk the list. Locations are plain values, so the
app can always rebuild a view from one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

View = Literal[
    "main",
    "reader",
    "timeline",
    "reported",
    "sources",
    "disagreements",
    "dispute",
    "candidates",
    "tray",
]


@dataclass(frozen=True, slots=True)
class Location:
    """A place in the explorer."""

    view: View
    item: str | None = None
    """``entity:<id>``, ``event:<id>``, ``article:<id>`` or ``paragraph:<id>``
    for the main view; a claim id for disagreements; an entity id to filter
    the timeline by; the row to return to on the sources, candidates and tray
    screens."""
    paragraph: str | None = None
    """The paragraph the reader shows and highlights (for the timeline of
    reported dates: the row ``<paragraph id>@<offset>`` to put the cursor on)."""
    query: str | None = None
    """The search text on the main view."""
    entity: str | None = None
    """The entity the reader was opened for (its mention gets the cursor)."""


class History:
    """Back and forward over locations."""

    def __init__(self) -> None:
        self._places: list[Location] = []
        self._at = -1

    @property
    def current(self) -> Location | None:
        """Where the user is now."""
        return self._places[self._at] if self._at >= 0 else None

    def go(self, place: Location) -> None:
        """Visit ``place``: it becomes current, and forward history is dropped."""
        if place == self.current:
            return
        del self._places[self._at + 1 :]
        self._places.append(place)
        self._at = len(self._places) - 1

    def replace(self, place: Location) -> None:
        """Change the current place without adding to history (a new query)."""
        if self._at < 0:
            self.go(place)
        else:
            self._places[self._at] = place

    def back(self) -> Location | None:
        """Step back; ``None`` at the start."""
        if self._at <= 0:
            return None
        self._at -= 1
        return self._places[self._at]

    def forward(self) -> Location | None:
        """Step forward; ``None`` at the end."""
        if self._at >= len(self._places) - 1:
            return None
        self._at += 1
        return self._places[self._at]

    @property
    def can_go_back(self) -> bool:
        """True when there is somewhere to go back to."""
        return self._at > 0

    @property
    def can_go_forward(self) -> bool:
        """True when there is somewhere to go forward to."""
        return self._at < len(self._places) - 1
