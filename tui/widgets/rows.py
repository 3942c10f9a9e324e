"""A list of rows that open things: results, detail lines, excerpts.

An :class:`OptionList` whose options are built from :class:`~tui.present.Row`
values (content, never markup). Rows without a target are shown but skipped
by the cursor. Moving the cursor posts :class:`RowList.Highlighted`; Enter or
a click posts :class:`RowList.Chosen`, each carrying the row's target.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.present import Row


class RowList(OptionList):
    """Rows of content; the ones with a target can be opened."""

    DEFAULT_CSS = """
    RowList {
        height: 1fr;
        border: none;
        padding: 0;
        background: transparent;
        scrollbar-gutter: stable;
    }
    RowList:focus {
        border: none;
        background-tint: $foreground 0%;
    }
    RowList > .option-list--option {
        padding: 0 1;
    }
    RowList > .option-list--option-disabled {
        color: $foreground;
    }
    RowList.-spaced > .option-list--option {
        padding: 0 1 1 1;
    }
    """

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    @dataclass
    class Highlighted(Message):
        """The cursor moved onto a row with a target."""

        row_list: RowList
        target: str

        @property
        def control(self) -> RowList:
            """The list the row is in (lets ``@on`` match by selector)."""
            return self.row_list

    @dataclass
    class Chosen(Message):
        """A row with a target was opened (Enter or a click)."""

        row_list: RowList
        target: str

        @property
        def control(self) -> RowList:
            """The list the row is in (lets ``@on`` match by selector)."""
            return self.row_list

    def _target(self, index: int) -> str | None:
        return self.rows[index].target if 0 <= index < len(self.rows) else None

    def __init__(self, *, id: str | None = None, spaced: bool = False) -> None:
        super().__init__(id=id)
        self.rows: tuple[Row, ...] = ()
        if spaced:
            self.add_class("-spaced")

    def show(self, rows: Sequence[Row], *, keep_place: bool = False) -> None:
        """Replace the rows; the cursor goes to the first one that opens something."""
        previous = self.highlighted if keep_place else None
        self.rows = tuple(rows)
        self.clear_options()
        self.add_options(
            [
                Option(row.prompt, id=str(i), disabled=row.target is None)
                for i, row in enumerate(self.rows)
            ]
        )
        first = next((i for i, row in enumerate(self.rows) if row.target), None)
        if previous is not None and previous < len(self.rows) and self.rows[previous].target:
            first = previous
        self.highlighted = first
        if keep_place and first is not None:
            self.scroll_to_highlight()
        else:
            # Read from the top; the cursor waits on the first row that opens.
            self.call_after_refresh(self.scroll_home, animate=False)

    @property
    def current_target(self) -> str | None:
        """The target of the highlighted row, if any."""
        if self.highlighted is None or self.highlighted >= len(self.rows):
            return None
        return self.rows[self.highlighted].target

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        target = self._target(event.option_index)
        if target:
            self.post_message(self.Highlighted(self, target))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        target = self._target(event.option_index)
        if target:
            self.post_message(self.Chosen(self, target))
