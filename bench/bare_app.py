"""The baseline of ``dossier bench --ui``: a bare Textual app with one widget.

Started in a pseudo-terminal exactly as ``dossier`` is, so that the ratio of
the two first frames says what the explorer adds to Textual's own start.
"""

from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App[None]):
    """One widget saying the word the bench waits for."""

    def compose(self) -> ComposeResult:
        yield Static("dossier")


if __name__ == "__main__":
    Bare().run()
