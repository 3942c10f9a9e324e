"""A screen to show while the store opens."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import LoadingIndicator, Static

from tui.text import literal
from tui.widgets.footer import KeyFooter
from tui.widgets.header import Header


class LoadingScreen(Screen[None]):
    """An indicator and what is being loaded."""

    DEFAULT_CSS = """
    LoadingScreen { align: center middle; }
    LoadingScreen #what { width: auto; margin: 1 2; color: $text-muted; }
    LoadingScreen LoadingIndicator { height: 3; }
    """

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        yield Header()
        yield LoadingIndicator()
        yield Static(literal(self.what), id="what")
        yield KeyFooter()
