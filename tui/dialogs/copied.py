"""What ``y`` copied, shown so that it can be selected by hand.

The clipboard is reached with OSC 52, an escape sequence the terminal (and
tmux, and an SSH session) passes on to the system clipboard when it allows
it. Nothing tells an application whether it did, so the copied text is also
shown here, in a read-only text area: where OSC 52 is blocked, select it with
the mouse (most terminals need shift held while the app uses the mouse).
``1``, ``2`` and ``3`` copy it again as plain text, Markdown or pandoc.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalScroll, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.evidence import COPY_FORMATS, COPY_LABELS, CopyFormat, is_copy_format
from tui.text import MUTED, join, literal

if TYPE_CHECKING:
    from tui.app import DossierApp


URL = re.compile(r"https?://\S+")


class CopiedText(VerticalScroll, can_focus=True):
    """The copied text as it is, line for line: prose wraps at spaces, and a line
    holding a URL does not wrap at all (it scrolls sideways), so that no URL is
    ever broken in the middle where a hand might select it."""

    DEFAULT_CSS = """
    CopiedText { background: $boost; padding: 0 1; }
    CopiedText > .prose { height: auto; text-wrap: wrap; }
    CopiedText > HorizontalScroll { height: auto; scrollbar-size-horizontal: 1; }
    CopiedText > HorizontalScroll > Static { width: auto; text-wrap: nowrap; }
    """

    def __init__(self, text: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = text

    def compose(self) -> ComposeResult:
        for line in self.text.split("\n"):
            if URL.search(line):
                with HorizontalScroll():
                    yield Static(literal(line))
            else:
                yield Static(literal(line), classes="prose")

    async def load_text(self, text: str) -> None:
        """Show ``text`` instead."""
        self.text = text
        await self.recompose()


class CopiedScreen(ModalScreen[None]):
    """The text just copied, in each citation format on request."""

    DEFAULT_CSS = """
    CopiedScreen { align: center middle; }
    CopiedScreen > Vertical {
        width: 90; max-width: 96%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    CopiedScreen #copied-title { height: auto; }
    CopiedScreen CopiedText { height: auto; max-height: 16; min-height: 3; }
    CopiedScreen #copied-hint { height: auto; color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape,enter,y,q", "close", "Close"),
        Binding("1", "again('text')", "Plain text"),
        Binding("2", "again('markdown')", "Markdown"),
        Binding("3", "again('pandoc')", "Pandoc"),
    ]

    def __init__(self, paragraph_id: str, form: CopyFormat, text: str) -> None:
        super().__init__()
        self.paragraph_id = paragraph_id
        self.form = form
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="copied-title")
            yield CopiedText(self.text, id="copied-text")
            yield Static(
                Content(
                    "Sent to the terminal's clipboard (OSC 52). If it did not arrive "
                    "(some terminals block it; in tmux: set -g set-clipboard on), select "
                    "the text above by hand: shift+drag in most terminals.\n"
                    "1 plain text · 2 Markdown · 3 pandoc · Esc close"
                ),
                id="copied-hint",
            )

    def on_mount(self) -> None:
        self._title()
        self.query_one(CopiedText).focus()

    def _title(self) -> None:
        formats = [
            (f" {i} {COPY_LABELS[f]} ", "bold reverse" if f == self.form else MUTED)
            for i, f in enumerate(COPY_FORMATS, start=1)
        ]
        title = join(("Copied ", "bold"), (self.paragraph_id, "bold $accent"), ("  ", ""))
        self.query_one("#copied-title", Static).update(join(title, *formats))

    async def action_again(self, form: str) -> None:
        """Copy the paragraph again, in another format."""
        if not is_copy_format(form) or form == self.form:
            return
        text = cast("DossierApp", self.app).copy_paragraph(self.paragraph_id, form, show=False)
        if text is None:
            return
        self.form, self.text = form, text
        await self.query_one(CopiedText).load_text(text)
        self._title()

    def action_close(self) -> None:
        """Back to where ``y`` was pressed."""
        self.dismiss(None)
