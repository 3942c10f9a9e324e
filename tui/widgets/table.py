"""A table that gives its one long column the room: titles are not cut to a dozen
characters on an 80-column terminal.

Short columns (dates, precision, counts, one-character markers) have fixed
widths; one column (the title, the text) takes what is left of the width.
Columns marked ``wide_only`` are left out below :data:`WIDE` columns (what
they say is in the line under the table, for the row under the cursor). The
table is refilled when its width changes, keeping the cursor on its row.
Cells are Rich text (``DataTable`` takes it), never markup, cut with an
ellipsis where they do not fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.widgets import DataTable

from store import printable

#: Below this width, the ``wide_only`` columns are left out.
WIDE = 100


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its heading, and its width (``None``: it takes the room left)."""

    label: str
    width: int | None = None
    wide_only: bool = False


Cell = Text | str
Row = tuple[str, tuple[Cell, ...]]
"""A row: its key, and a cell per column."""


class FittedTable(DataTable[Text]):
    """A row-cursor table whose flexible column fills the width (see the module)."""

    def __init__(self, columns: Sequence[Column], *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.spec = tuple(columns)
        self.rows_shown: tuple[Row, ...] = ()
        self._fitted_to = -1

    def fill(self, rows: Sequence[Row], *, at: str | None = None) -> None:
        """Show ``rows``, the cursor on the row keyed ``at`` (else where it was)."""
        self.rows_shown = tuple(rows)
        self._refit(at)

    @property
    def current_key(self) -> str | None:
        """The key of the row under the cursor."""
        if not self.row_count:
            return None
        value = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return str(value) if value is not None else None

    def _columns_for(self, width: int) -> list[tuple[int, Column, int]]:
        """``(index, column, width)`` of the columns shown at ``width`` cells."""
        shown = [(i, c) for i, c in enumerate(self.spec) if width >= WIDE or not c.wide_only]
        padding = 2 * self.cell_padding
        fixed = sum((c.width or 0) + padding for _, c in shown)
        room = max(12, width - fixed - padding - 2)  # and the scrollbar
        return [(i, c, c.width if c.width is not None else room) for i, c in shown]

    def _refit(self, at: str | None = None) -> None:
        keep = at or self.current_key
        width = self.size.width or self.app.size.width
        self._fitted_to = width
        columns = self._columns_for(width)
        self.clear(columns=True)
        for _, column, size in columns:
            self.add_column(column.label, width=size)
        for key, cells in self.rows_shown:
            self.add_row(*(_fit(cells[i], size) for i, _, size in columns), key=key)
        keys = [key for key, _ in self.rows_shown]
        if keep in keys:
            self.move_cursor(row=keys.index(keep))

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._fitted_to and self.rows_shown:
            self._refit()


def _fit(cell: Cell, width: int) -> Text:
    """``cell`` on one line, cut with an ellipsis to ``width`` cells."""
    text = cell.copy() if isinstance(cell, Text) else Text(printable(cell))
    text.plain = printable(text.plain)
    text.no_wrap = True
    text.truncate(width, overflow="ellipsis")
    return text
