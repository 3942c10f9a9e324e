"""The explorer application: loads the store, then hands over to its screens.

Deliberately thin. Loading the catalog runs in a worker thread and ends by
posting :class:`CatalogLoaded` (or :class:`CatalogFailed`); only the message
handlers touch the screens.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.message import Message

from store import Catalog, DossierError
from tui.screens.articles import ArticlesScreen
from tui.screens.loading import LoadingScreen


@dataclass
class CatalogLoaded(Message):
    """The store was opened and can be queried."""

    catalog: Catalog


@dataclass
class CatalogFailed(Message):
    """The store could not be opened; ``reason`` says why and what to do."""

    reason: str


class DossierApp(App[int]):
    """Browse the articles of one dossier store."""

    TITLE = "dossier"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("question_mark,f1", "toggle_help", "Help"),
    ]

    def __init__(self, db_path: Path | str, *, catalog: Catalog | None = None) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.catalog = catalog

    def on_mount(self) -> None:
        if self.catalog is not None:
            self.push_screen(ArticlesScreen(self.catalog))
        else:
            self.push_screen(LoadingScreen(f"Opening {self.db_path}"))
            self.load_catalog()

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def load_catalog(self) -> None:
        """Open the store off the UI thread."""
        try:
            catalog = Catalog.open(self.db_path)
        except DossierError as exc:
            self.post_message(CatalogFailed(str(exc)))
        else:
            self.post_message(CatalogLoaded(catalog))

    @on(CatalogLoaded)
    def _show_articles(self, event: CatalogLoaded) -> None:
        self.catalog = event.catalog
        self.switch_screen(ArticlesScreen(event.catalog))

    @on(CatalogFailed)
    def _give_up(self, event: CatalogFailed) -> None:
        self.exit(return_code=2, message=f"dossier: error: {event.reason}")

    def action_toggle_help(self) -> None:
        """Show or hide the keys of the current screen."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()
