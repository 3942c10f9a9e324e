"""A one-line question: a pin's note, where to export the tray."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.text import literal


class Dialog(ModalScreen[str | None]):
    """A small question in a box in the middle of the screen; Escape cancels (``None``)."""

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > Vertical {
        width: 80; max-width: 96%; height: auto;
        border: round $accent; background: $surface; padding: 0 1;
    }
    Dialog Static { height: auto; }
    Dialog OptionList { height: auto; max-height: 12; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def on_mount(self) -> None:
        # Notifications stack up in a corner of the screen: none may cover a question.
        self.app.clear_notifications()

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)


class PromptScreen(Dialog):
    """Ask for one line; Enter answers, Escape cancels (``None``)."""

    DEFAULT_CSS = """
    PromptScreen #prompt-hint { color: $text-muted; }
    """

    def __init__(self, question: str, value: str = "", hint: str = "") -> None:
        super().__init__()
        self.question = question
        self.initial = value
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(literal(self.question, "bold"))
            yield Input(self.initial, id="prompt-input", select_on_focus=False)
            yield Static(literal(self.hint or "Enter to confirm · Esc to cancel"), id="prompt-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _answer(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)
