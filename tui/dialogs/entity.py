"""Questions about entities: which type a name is, which entity a spelling belongs to.

Asked by the candidates screen (:mod:`tui.screens.candidates`) before it
makes a name an entity or merges it into one.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from store import ENTITY_TYPES, Catalog, DossierError
from tui.dialogs.prompt import Dialog
from tui.text import MUTED, join, literal


class TypeScreen(Dialog):
    """Which type of entity a name is: Enter picks, Escape cancels."""

    DEFAULT_CSS = "TypeScreen > Vertical { width: 60; }"

    def __init__(self, name: str, guess: str | None = None) -> None:
        super().__init__()
        self.candidate = name
        self.guess = guess
        """The type the name looks like, offered first (highlighted)."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(join(("What is ", "bold"), literal(self.candidate, "bold"), ("?", "bold")))
            yield OptionList(
                *[
                    Option(f"{kind}  (it looks like one)" if kind == self.guess else kind, id=kind)
                    for kind in ENTITY_TYPES
                ]
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if self.guess in ENTITY_TYPES:
            options.highlighted = ENTITY_TYPES.index(self.guess)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class EntityPickScreen(Dialog):
    """Find the entity a spelling belongs to: type to search, Enter picks."""

    BINDINGS = [Binding("down", "to_list", "To the list", show=False)]

    @dataclass
    class Found(Message):
        """Entities matching what was typed."""

        query: str
        options: tuple[tuple[str, str], ...]

    def __init__(self, catalog: Catalog, spelling: str) -> None:
        super().__init__()
        self.catalog = catalog
        self.spelling = spelling

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                join(
                    ("Which entity is ", "bold"),
                    literal(self.spelling, "bold"),
                    (" a spelling of?", "bold"),
                )
            )
            yield Input(self.spelling, id="pick-query", select_on_focus=False)
            yield OptionList(id="pick-list")
            yield Static(
                literal("Type to search · ↓ then Enter picks · Esc cancels", MUTED), id="pick-hint"
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.search(self.spelling)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one(OptionList)
        if options.option_count:
            self.dismiss(options.get_option_at_index(options.highlighted or 0).id)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def search(self, text: str) -> None:
        """Entities whose names or spellings match ``text`` (off the UI thread)."""
        try:
            hits = self.catalog.search(text, limit=10, kinds=("entity",)) if text.strip() else ()
        except DossierError:
            hits = ()
        self.post_message(self.Found(text, tuple((h.id, h.title) for h in hits)))

    @on(Found)
    def _found(self, message: Found) -> None:
        if message.query != self.query_one(Input).value:
            return  # stale
        options = self.query_one(OptionList)
        options.clear_options()
        for entity_id, title in message.options:
            kind = self.catalog.entity(entity_id).type
            options.add_option(
                Option(
                    join(literal(title, "bold"), (f"  {kind} · {entity_id}", MUTED)), id=entity_id
                )
            )
        hint = self.query_one("#pick-hint", Static)
        if message.options:
            options.highlighted = 0
            hint.update(literal("Type to search · ↓ then Enter picks · Esc cancels", MUTED))
        else:
            hint.update(
                literal(
                    "No entity matches: type another name, or Esc, then a to make it one",
                    MUTED,
                )
            )

    def action_to_list(self) -> None:
        """Move from the search box to the list."""
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
