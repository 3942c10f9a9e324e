"""The timeline: every event in date order, at the precision the sources allow.

``f`` narrows it to the events of what was selected on the main screen (an
entity, or an event's participants) and back to all. Enter opens an event.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from store import Catalog, Event
from store.sanitize import printable
from tui.text import MUTED, join, literal


def _cell(text: str, style: str = "") -> Text:
    """A table cell that is never parsed as markup."""
    return Text(printable(text), style=style, no_wrap=True)


class TimelineScreen(Screen[None]):
    """Events by date."""

    CSS_PATH = "tables.tcss"
    BINDINGS = [
        Binding("f", "toggle_filter", "Filter by selection"),
        Binding("enter", "open_event", "Open event", show=False),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("escape", "app.to_search", "Search box"),
    ]

    def __init__(self, catalog: Catalog, entity_ids: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.catalog = catalog
        self.entity_ids = entity_ids
        self.filtered = bool(entity_ids)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="caption", classes="caption")
        yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Timeline"
        table = self.query_one("#table", DataTable)
        table.add_columns("Date", "Precision", "Sources", "Type", "Event")
        self._fill()
        table.focus()

    def events(self) -> tuple[Event, ...]:
        """The events shown: all, or those of the selected entities."""
        if not self.filtered or not self.entity_ids:
            return self.catalog.events()
        found: dict[str, Event] = {}
        for entity_id in self.entity_ids:
            for event in self.catalog.events(entity_id):
                found[event.id] = event
        return tuple(sorted(found.values(), key=lambda e: (e.date, e.id)))

    def _fill(self) -> None:
        table = self.query_one("#table", DataTable)
        table.clear()
        events = self.events()
        for event in events:
            precision = event.precision + (", estimated" if event.estimated else "")
            sources = len({item.evidence.article_id for item in event.evidence})
            flags = "  dates disputed" if event.disputed else ""
            table.add_row(
                _cell(event.date_label, "bold"),
                _cell(precision, "italic" if event.estimated else ""),
                _cell(f"{sources}{flags}", "bold" if event.disputed else ""),
                _cell(event.type),
                _cell(event.title),
                key=event.id,
            )
        if self.filtered and self.entity_ids:
            names = ", ".join(self.catalog.entity(e).name for e in self.entity_ids[:4])
            caption = join(
                (f"{len(events)} events of ", ""), literal(names, "bold"), ("   f: show all", MUTED)
            )
        else:
            hint = "   f: only the selection's" if self.entity_ids else ""
            caption = join((f"All {len(events)} events, oldest first", ""), (hint, MUTED))
        self.query_one("#caption", Static).update(caption)

    def action_toggle_filter(self) -> None:
        """Show only the selection's events, or all."""
        if self.entity_ids:
            self.filtered = not self.filtered
            self._fill()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.app.follow(f"event:{event.row_key.value}")  # type: ignore[attr-defined]

    def action_open_event(self) -> None:
        """Open the event under the cursor."""
        self.query_one("#table", DataTable).action_select_cursor()

    def action_cursor_down(self) -> None:
        """Move down."""
        self.query_one("#table", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        """Move up."""
        self.query_one("#table", DataTable).action_cursor_up()
