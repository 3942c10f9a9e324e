"""What every screen of the explorer shares: the app, with its type.

Screens call the app's navigation (``follow``, ``visit``, ``reopen``) through
:attr:`ExplorerScreen.explorer`, typed as :class:`~tui.app.DossierApp`, so
that a misspelt call is a type error, not a crash (posting does the same with
``cast("Posting", self.app)``).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from tui.app import DossierApp
    from tui.navigation import Location


class ExplorerScreen(Screen[None]):
    """A full screen of the explorer."""

    def __init__(self) -> None:
        super().__init__()
        self.content_drawn = asyncio.Event()
        """Set once the screen's content is on the screen (its first refresh
        after the content went in): what ``dossier bench --ui`` times."""
        self.draws = 0
        """How many times content has been drawn (a view switched counts too)."""

    def here(self) -> Location | None:
        """Where the user is on this screen, to come back to (the row under the
        cursor too), for when the store is reloaded underneath; None: the
        history's current place says it."""
        return None

    def content_shown(self) -> None:
        """Say that the content is in place; :attr:`content_drawn` is set once it is drawn."""
        self.call_after_refresh(self._drawn)

    def _drawn(self) -> None:
        self.draws += 1
        self.content_drawn.set()

    @property
    def explorer(self) -> DossierApp:
        """The explorer app this screen belongs to."""
        return cast("DossierApp", self.app)
