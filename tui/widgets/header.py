"""The header: Textual's, drawn the same, without its race on closing screens.

Textual's ``Header`` (8.2) writes its title from watchers it starts when it is
mounted; the first run is queued. When its screen goes away before that run
(a screen opened and closed, or the app quit, within one tick), the title
widget is already removed and the queued run raises ``NoMatches``, which ends
the app with a traceback. This header starts the same watchers, and a run
that finds no title (or no screen) does nothing.
"""

from __future__ import annotations

from textual import events
from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.widgets import Header as TextualHeader
from textual.widgets import Static


class Header(TextualHeader):
    """Textual's header, whose title update is a no-op once it is being removed."""

    def _on_mount(self, event: events.Mount) -> None:
        # Textual's own handler would start the unguarded watchers: it is
        # replaced, not extended. (Widget's handler, also skipped, only shows
        # scrollbars for ``overflow: scroll``, which a header never has.)
        event.prevent_default()

        async def set_title() -> None:
            if not self.is_attached:
                return
            try:
                title = self.query("HeaderTitle").first(Static)
                title.update(self.format_title())
            except (NoMatches, NoScreen):  # the title or the screen is already gone
                return

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
