"""What every screen of the explorer shares: the app, with its type.

Screens call the app's navigation (``follow``, ``visit``, ``reopen``) through
:attr:`ExplorerScreen.explorer`, typed as :class:`~tui.app.DossierApp`, so
that a misspelt call is a type error, not a crash (posting does the same with
``cast("Posting", self.app)``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from tui.app import DossierApp


class ExplorerScreen(Screen[None]):
    """A full screen of the explorer."""

    @property
    def explorer(self) -> DossierApp:
        """The explorer app this screen belongs to."""
        return cast("DossierApp", self.app)
