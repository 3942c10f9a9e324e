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

import datetime as dt
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Static

from store import (
    Catalog,
    DossierError,
    Event,
    EventCandidate,
    Timex,
    date_label,
    plural,
    printable,
)
from tui.navigation import Location
from tui.screens.base import ExplorerScreen
from tui.text import MUTED, around, cell, join, literal
from tui.widgets.footer import KeyFooter
from tui.widgets.header import Header
from tui.widgets.table import Column, FittedTable

Cells = tuple[Text, ...]

#: Short marks, explained in the caption's legend.
ESTIMATED, DISPUTED, AMBIGUOUS = "~", "≠", "?"
#: Precisions as the narrow column shows them.
SHORT_PRECISION = {"day": "day", "week": "week", "month": "month", "year": "year", "decade": "dec."}

EVENT_COLUMNS = (
    Column("Date", 13),
    Column("Prec.", 6),
    Column("Src", 3),
    Column(DISPUTED, 1),
    Column("Type", 11, wide_only=True),
    Column("Event"),
)
REPORTED_COLUMNS = (
    Column("Date", 13),
    Column("As written", 16),
    Column(AMBIGUOUS, 1),
    Column("Source", 30, wide_only=True),
    Column("Where the paragraph says it"),
)


def _short_date(day: dt.date, precision: str) -> str:
    """A date for a narrow column (13 cells at most); what is unsure is marked apart."""
    if precision == "week":
        return f"wk {day.isoformat()}"
    if precision == "month":
        return day.strftime("%b %Y")
    return date_label(day, precision)


def _event_cells(event: Event) -> Cells:
    sources = len({item.evidence.article_id for item in event.evidence})
    precision = (ESTIMATED if event.estimated else "") + SHORT_PRECISION[event.precision]
    return (
        cell(_short_date(event.date, event.precision), "bold"),
        cell(precision, "italic" if event.estimated else ""),
        cell(str(sources)),
        cell(DISPUTED if event.disputed else "", "bold"),
        cell(event.type),
        cell(event.title),
    )


def _event_line(event: Event) -> str:
    """The whole of an event's row, for the line under the table."""
    sources = len({item.evidence.article_id for item in event.evidence})
    estimated = ", estimated" if event.estimated else ""
    disputed = " · the sources date it differently" if event.disputed else ""
    return (
        f"{event.date_label} ({event.precision}{estimated}) · {event.type} · "
        f"{plural(sources, 'source')}{disputed}\n{event.title}"
    )


def _proposal_cells(event: EventCandidate) -> Cells:
    """An event your articles propose, marked as proposed."""
    precision = (ESTIMATED if event.estimated else "") + SHORT_PRECISION[event.precision]
    return (
        cell(_short_date(event.date, event.precision), "italic"),
        cell(precision, "italic"),
        cell(str(len(event.articles)), "italic"),
        cell(""),
        cell(event.type, "italic"),
        cell(f"(proposed) {event.title}", "italic"),
    )


def _proposal_line(event: EventCandidate) -> str:
    """The whole of a proposed event's row, for the line under the table."""
    estimated = ", estimated" if event.estimated else ""
    return (
        f"{event.date_label} ({event.precision}{estimated}) · {event.type}, proposed · "
        f"{plural(len(event.articles), 'source')}\n{event.title}"
    )


def _reported_cells(catalog: Catalog, date: Timex) -> Cells:
    paragraph = catalog.paragraph(date.paragraph_id)
    article = catalog.article(date.article_id)
    when = _short_date(date.first_day, date.precision)
    doubt = AMBIGUOUS if date.ambiguous and date.alternative else ""
    doubt = doubt or (ESTIMATED if date.estimated else "")
    return (
        cell(when, "bold"),
        cell(date.text, "italic"),
        cell(doubt, "bold"),
        cell(article.short_citation(paragraph.index)),
        cell(around(paragraph.text, date.start, date.end, 200)),
    )


def _reported_line(catalog: Catalog, date: Timex) -> str:
    """The whole of a reported date's row, for the line under the table."""
    paragraph = catalog.paragraph(date.paragraph_id)
    article = catalog.article(date.article_id)
    doubt = ""
    if date.ambiguous and date.alternative:
        doubt = f" · ambiguous: or {date.alternative}"
    elif date.estimated:
        doubt = " · the publication date is estimated"
    return (
        f"{date.text!r} → {date.value} ({date.precision}){doubt}\n"
        f"{article.short_citation(paragraph.index)} · {date.rule}"
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
        lines: dict[str, str]
        """The whole of each row (by key), for the line under the table."""

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
        """The row to put the cursor on once shown (an event id, or
        ``<paragraph id>@<offset>``)."""
        self.lines: dict[str, str] = {}
        self.proposed = False
        """True when the events your articles propose are shown too, marked as proposed."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="caption", classes="caption")
        yield FittedTable(REPORTED_COLUMNS if self.reported else EVENT_COLUMNS, id="table")
        yield Static(id="row", classes="row-line")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#table", FittedTable).focus()
        self._refill()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``f`` is offered only when there is a selection to filter by."""
        if action == "toggle_filter" and not self.entity_ids:
            return False
        return True

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
                keys = [f"{d.paragraph_id}@{d.start}" for d in dates]
                rows = tuple(
                    (key, _reported_cells(self.catalog, d))
                    for key, d in zip(keys, dates, strict=True)
                )
                lines = {
                    key: _reported_line(self.catalog, d) for key, d in zip(keys, dates, strict=True)
                }
                what = f"{plural(len(rows), 'date')} the paragraphs give, oldest first"
            else:
                events = self.events()
                rows = tuple((e.id, _event_cells(e)) for e in events)
                lines = {e.id: _event_line(e) for e in events}
                what = f"{plural(len(rows), 'event')}, oldest first"
                rows, what = self._with_proposed(rows, what, filtered, lines)
        except DossierError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.Gathered(reported, rows, what, lines))

    def _with_proposed(
        self,
        rows: tuple[tuple[str, Cells], ...],
        what: str,
        filtered: bool,
        lines: dict[str, str],
    ) -> tuple[tuple[tuple[str, Cells], ...], str]:
        """The events, with those your articles propose (``c``), marked, in date order
        (their lines under the table added to ``lines``)."""
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
        lines.update((f"proposal:{e.id}", _proposal_line(e)) for e in proposals)
        shown = tuple(row for _, _, row in sorted(dated, key=lambda d: (d[0], d[1])))
        return shown, f"{what}, and {len(proposals)} proposed (c: hide them)"

    @on(Gathered)
    def _show(self, message: Gathered) -> None:
        if message.reported != self.reported:
            return  # an answer for the view the user has already left
        table = self.query_one("#table", FittedTable)
        table.spec = REPORTED_COLUMNS if self.reported else EVENT_COLUMNS
        self.lines = message.lines
        table.fill(message.rows, at=self.at)
        self.content_shown()
        self.at = None
        self._row_line()
        other = "events" if self.reported else "reported dates"
        legend = (
            f"{AMBIGUOUS} ambiguous  {ESTIMATED} estimated"
            if self.reported
            else f"{ESTIMATED} estimated  {DISPUTED} dated differently"
        )
        if self.filtered and self.entity_ids:
            names = ", ".join(self.catalog.entity(e).name for e in self.entity_ids[:4])
            caption = join(
                (f"{message.caption}, of ", ""),
                literal(names, "bold"),
                "\n",  # our own words: a tuple's text is made one line
                (f"{legend}   f: all   r: {other}", MUTED),
            )
        else:
            hint = "   f: the selection's" if self.entity_ids else ""
            caption = join((message.caption, ""), "\n", (f"{legend}{hint}   r: {other}", MUTED))
        self.query_one("#caption", Static).update(caption)

    @on(DataTable.RowHighlighted)
    def _row_line(self) -> None:
        """The whole of the row under the cursor, under the table."""
        key = self.query_one("#table", FittedTable).current_key
        line = self.lines.get(key or "", "")
        self.query_one("#row", Static).update(literal(line, multiline=True))

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

    def here(self, row: str | None = None) -> Location:
        return Location(
            "reported" if self.reported else "timeline",
            item=",".join(self.entity_ids) if self.filtered else None,
            paragraph=row or self.query_one("#table", FittedTable).current_key,
        )

    def _remember(self, row: str | None = None) -> None:
        """Make the history's place this view (and row), so Back returns to it."""
        self.explorer.history.replace(self.here(row))

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
        self.query_one("#table", FittedTable).action_select_cursor()

    def action_cursor_down(self) -> None:
        """Move down."""
        self.query_one("#table", FittedTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        """Move up."""
        self.query_one("#table", FittedTable).action_cursor_up()
