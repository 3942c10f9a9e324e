"""Help: the keys of the screen underneath, generated from its live bindings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.text import MUTED, join


class HelpScreen(ModalScreen[None]):
    """Every key that does something where the user was, with what it does."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 72; max-width: 95%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 1 2;
    }
    """
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", "Close help"),
    ]

    def __init__(self, title: str, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.help_title = title
        self.sections = sections
        """``(heading, [(keys, what they do), ...])``, in the order shown."""

    @property
    def keys(self) -> list[tuple[str, str]]:
        """Every ``(keys, what they do)``, in the order shown."""
        return [pair for _, pairs in self.sections for pair in pairs]

    def compose(self) -> ComposeResult:
        width = max((len(k) for k, _ in self.keys), default=4) + 2
        lines = [Content.styled(f"Keys: {self.help_title}", "bold")]
        for heading, pairs in self.sections:
            if not pairs:
                continue
            lines += [Content(""), Content.styled(heading, "bold underline")]
            for key, description in pairs:
                lines.append(join((key.ljust(width), "bold $accent"), (description, "")))
        lines += [
            Content(""),
            Content.styled(
                "Esc steps out: from the search box to the results, from the results it clears "
                "the query, from any other screen it goes back. / goes to the search box.",
                MUTED,
            ),
            Content.styled("Esc, ? or F1 closes this help.", MUTED),
        ]
        with VerticalScroll():
            yield Static(Content("\n").join(lines))

    def action_close(self) -> None:
        """Close the help."""
        self.app.pop_screen()
