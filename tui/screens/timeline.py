"""The timeline: every event in date order, or every paragraph by the dates it reports.

Events are shown at the precision the sources allow. ``r`` switches to the
paragraphs placed by the dates their text gives ("last Thursday" in an article
of June 30 is placed on June 25), each with the words as written and where
they are; Enter opens the paragraph in the reader. ``f`` narrows either view
to what was selected on the main screen (an entity, or an event's
participants) and back to all. ``c`` adds the events your own articles
propose (``dossier candidates``), marked as proposed; Enter reads the sentence
that proposes one. The rows are gathered off the UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from store import Catalog, DossierError, Event, EventCandidate, Timex, date_label, printable
from tui.navigation import Location
from tui.screens.base import ExplorerScreen
from tui.text import MUTED, around, cell, join, literal

Cells = tuple[Text, ...]


def _event_cells(event: Event) -> Cells:
    precision = event.precision + (", estimated" if event.estimated else "")
    sources = len({item.evidence.article_id for item in event.evidence})
    flags = "  dates disputed" if event.disputed else ""
    return (
        cell(event.date_label, "bold"),
        cell(precision, "italic" if event.estimated else ""),
        cell(f"{sources}{flags}", "bold" if event.disputed else ""),
        cell(event.type),
        cell(event.title),
    )


def _proposal_cells(event: EventCandidate) -> Cells:
    """An event your articles propose, marked as proposed."""
    precision = event.precision + (", estimated" if event.estimated else "")
    return (
        cell(event.date_label, "italic"),
        cell(precision, "italic"),
        cell(str(len(event.articles)), "italic"),
        cell(f"{event.type} (proposed)", "italic"),
        cell(event.title, "italic"),
    )


def _reported_cells(catalog: Catalog, date: Timex) -> Cells:
    paragraph = catalog.paragraph(date.paragraph_id)
    article = catalog.article(date.article_id)
    when = date_label(date.first_day, date.precision, date.estimated)
    doubt = ""
    if date.ambiguous and date.alternative:
        when, doubt = f"{when}?", f"or {date.alternative}"
    elif date.estimated:
        doubt = "publication date estimated"
    return (
        cell(when, "bold"),
        cell(date.text, "italic"),
        cell(around(paragraph.text, date.start, date.end, 48)),
        cell(article.short_citation(paragraph.index)),
        cell(doubt, "bold"),
    )


class TimelineScreen(ExplorerScreen):
    """Events by date, or paragraphs by the dates they report."""

    CSS_PATH = "tables.tcss"
    BINDINGS = [
        Binding("r", "toggle_reported", "Events / reported dates"),
        Binding("f", "toggle_filter", "Filter by selection"),
        Binding("c", "toggle_proposed", "Proposed events", show=False),
        Binding("enter", "open_row", "Open", show=False),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("escape", "app.back", "Back"),
    ]

    @dataclass
    class Gathered(Message):
        """The rows of one view are ready."""

        reported: bool
        rows: tuple[tuple[str, Cells], ...]
        caption: str

    @dataclass
    class Failed(Message):
        """The rows could not be gathered."""

        reason: str

    def __init__(
        self,
        catalog: Catalog,
        entity_ids: tuple[str, ...] = (),
        *,
        reported: bool = False,
        at: str | None = None,
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.entity_ids = entity_ids
        self.filtered = bool(entity_ids)
        self.reported = reported
        """True when showing paragraphs by the dates they report."""
        self.at = at
        """The row to put the cursor on once shown (``<paragraph id>@<offset>``)."""
        self.proposed = False
        """True when the events your articles propose are shown too, marked as proposed."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="caption", classes="caption")
        yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#table", DataTable).focus()
        self._refill()

    def events(self) -> tuple[Event, ...]:
        """The events shown: all, or those of the selected entities."""
        if not self.filtered or not self.entity_ids:
            return self.catalog.events()
        found: dict[str, Event] = {}
        for entity_id in self.entity_ids:
            for event in self.catalog.events(entity_id):
                found[event.id] = event
        return tuple(sorted(found.values(), key=lambda e: (e.date, e.id)))

    def _refill(self) -> None:
        self.title = "Timeline: reported dates" if self.reported else "Timeline"
        self.query_one("#caption", Static).update(literal("Gathering…", MUTED))
        self.gather(self.reported, self.filtered and bool(self.entity_ids))

    @work(thread=True, exclusive=True, exit_on_error=False)
    def gather(self, reported: bool, filtered: bool) -> None:
        """Build the rows of one view off the UI thread."""
        try:
            if reported:
                dates = self.catalog.dated_paragraphs(self.entity_ids if filtered else ())
                rows = tuple(
                    (f"{d.paragraph_id}@{d.start}", _reported_cells(self.catalog, d)) for d in dates
                )
                what = f"{len(rows)} dates the paragraphs give, oldest first"
            else:
                rows = tuple((e.id, _event_cells(e)) for e in self.events())
                what = f"{len(rows)} events, oldest first"
                rows, what = self._with_proposed(rows, what, filtered)
        except DossierError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.Gathered(reported, rows, what))

    def _with_proposed(
        self, rows: tuple[tuple[str, Cells], ...], what: str, filtered: bool
    ) -> tuple[tuple[tuple[str, Cells], ...], str]:
        """The events, with those your articles propose (``c``), marked, in date order."""
        proposals = self.catalog.event_candidates()
        if filtered:
            wanted = set(self.entity_ids)
            proposals = tuple(
                e for e in proposals if wanted & ({p.id for p in e.participants} | {e.location_id})
            )
        if not proposals:
            return rows, what
        if not self.proposed:
            return rows, f"{what}   c: also the {len(proposals)} your articles propose"
        dated = [(e.date, e.id, (e.id, _event_cells(e))) for e in self.events()]
        dated += [(e.date, e.id, (f"proposal:{e.id}", _proposal_cells(e))) for e in proposals]
        shown = tuple(row for _, _, row in sorted(dated, key=lambda d: (d[0], d[1])))
        return shown, f"{what}, and {len(proposals)} proposed (c: hide them)"

    @on(Gathered)
    def _show(self, message: Gathered) -> None:
        if message.reported != self.reported:
            return  # an answer for the view the user has already left
        table = self.query_one("#table", DataTable)
        table.clear(columns=True)
        if self.reported:
            table.add_columns("Date", "As written", "Paragraph", "Source", "Doubt")
        else:
            table.add_columns("Date", "Precision", "Sources", "Type", "Event")
        for key, cells in message.rows:
            table.add_row(*cells, key=key)
        if self.at is not None:
            keys = [key for key, _ in message.rows]
            if self.at in keys:
                table.move_cursor(row=keys.index(self.at))
            self.at = None
        other = "events" if self.reported else "reported dates"
        if self.filtered and self.entity_ids:
            names = ", ".join(self.catalog.entity(e).name for e in self.entity_ids[:4])
            caption = join(
                (f"{message.caption}, of ", ""),
                literal(names, "bold"),
                (f"   f: show all   r: {other}", MUTED),
            )
        else:
            hint = "   f: only the selection's" if self.entity_ids else ""
            caption = join((message.caption, ""), (f"{hint}   r: {other}", MUTED))
        self.query_one("#caption", Static).update(caption)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(
            printable(message.reason), title="Cannot show it", severity="error", markup=False
        )

    def action_toggle_filter(self) -> None:
        """Show only the selection's rows, or all."""
        if self.entity_ids:
            self.filtered = not self.filtered
            self._remember()
            self._refill()

    def action_toggle_proposed(self) -> None:
        """Show the events your own articles propose too, marked as proposed, or hide them."""
        if not self.reported:
            self.proposed = not self.proposed
            self._refill()

    def action_toggle_reported(self) -> None:
        """Switch between the events and the dates the paragraphs report."""
        self.reported = not self.reported
        self._remember()
        self._refill()

    def _remember(self, row: str | None = None) -> None:
        """Make the history's place this view (and row), so Back returns to it."""
        self.explorer.history.replace(
            Location(
                "reported" if self.reported else "timeline",
                item=",".join(self.entity_ids) if self.filtered else None,
                paragraph=row,
            )
        )

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if not key:
            return
        # Back returns here, to this row.
        self._remember(key)
        if self.reported:
            paragraph_id = key.rpartition("@")[0]
            self.explorer.follow(f"paragraph:{paragraph_id}")
        elif key.startswith("proposal:"):
            proposal = self.catalog.event_candidate(key.removeprefix("proposal:"))
            self.explorer.follow(f"paragraph:{proposal.sources[0].evidence.paragraph_id}")
        else:
            self.explorer.follow(f"event:{key}")

    def action_open_row(self) -> None:
        """Open the event, or the paragraph, under the cursor."""
        self.query_one("#table", DataTable).action_select_cursor()

    def action_cursor_down(self) -> None:
        """Move down."""
        self.query_one("#table", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        """Move up."""
        self.query_one("#table", DataTable).action_cursor_up()
