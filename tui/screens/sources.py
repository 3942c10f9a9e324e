"""The sources: every article, with what is known of it and what it contributes."""

from __future__ import annotations

from collections import Counter

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from store import Catalog, plural
from tui.navigation import Location
from tui.screens.base import ExplorerScreen
from tui.text import MUTED, cell, join, literal
from tui.widgets.footer import KeyFooter
from tui.widgets.header import Header
from tui.widgets.table import Column, FittedTable

COLUMNS = (
    Column("Outlet", 18),
    Column("Published", 13),
    Column("Title"),
    Column("¶", 3),
    Column("Ment.", 5, wide_only=True),
    Column("Ev.", 3, wide_only=True),
    Column("Cl.", 3, wide_only=True),
    Column("Author", 18, wide_only=True),
)


class SourcesScreen(ExplorerScreen):
    """Articles with outlet, author, date and counts; Enter reads one."""

    CSS_PATH = "tables.tcss"
    BINDINGS = [
        Binding("enter", "read", "Read", show=False),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("escape", "app.back", "Back"),
    ]

    def __init__(self, catalog: Catalog, *, at: str | None = None) -> None:
        super().__init__()
        self.catalog = catalog
        self.at = at
        """The article to put the cursor on, as when coming back from the reader."""
        self.lines: dict[str, str] = {}
        """The whole of each row, by article id, for the line under the table."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="caption", classes="caption")
        yield FittedTable(COLUMNS, id="table")
        yield Static(id="row", classes="row-line")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Sources"
        catalog = self.catalog
        articles = catalog.articles()
        mentions: Counter[str] = Counter()
        for entity in catalog.entities():
            for article_id, count in entity.mention_counts:
                mentions[article_id] += count
        events: Counter[str] = Counter()
        for event in catalog.events():
            for article_id in {item.evidence.article_id for item in event.evidence}:
                events[article_id] += 1
        claims: Counter[str] = Counter()
        for claim in catalog.claims():
            for value in claim.values:
                for article_id in value.article_ids:
                    claims[article_id] += 1
        table = self.query_one("#table", FittedTable)
        rows = []
        self.lines = {}
        for a in articles:
            rows.append(
                (
                    a.id,
                    (
                        cell(a.outlet, "bold"),
                        cell(a.date_short, "italic" if a.is_estimated else ""),
                        cell(a.title),
                        cell(str(a.paragraph_count)),
                        cell(str(mentions[a.id])),
                        cell(str(events[a.id])),
                        cell(str(claims[a.id])),
                        cell(a.author or "not named", "" if a.author else "italic"),
                    ),
                )
            )
            self.lines[a.id] = (
                f"{a.outlet} · {a.published_label} · {a.author or 'author not named'} · "
                f"{plural(a.paragraph_count, 'paragraph')}, {plural(mentions[a.id], 'mention')}, "
                f"{plural(events[a.id], 'event')}, {plural(claims[a.id], 'claim')}\n{a.title}"
            )
        table.fill(rows, at=self.at)
        self.content_shown()
        estimated = sum(1 for a in articles if a.is_estimated)
        self.query_one("#caption", Static).update(
            join(
                (f"{plural(len(articles), 'article')}, oldest first; ", ""),
                (f"{plural(estimated, 'publication date')} estimated (c.)", MUTED),
                ("   Enter: read", MUTED),
            )
        )
        table.focus()
        self._row_line()

    @on(DataTable.RowHighlighted)
    def _row_line(self) -> None:
        """The whole of the row under the cursor, under the table."""
        key = self.query_one("#table", FittedTable).current_key
        self.query_one("#row", Static).update(
            literal(self.lines.get(key or "", ""), multiline=True)
        )

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            # Back from the reader returns here, to this row.
            self.explorer.history.replace(Location("sources", item=event.row_key.value))
            self.explorer.follow(f"article:{event.row_key.value}", reader=True)

    def here(self) -> Location:
        return Location("sources", item=self.query_one("#table", FittedTable).current_key)

    def action_read(self) -> None:
        """Read the article under the cursor."""
        self.query_one("#table", FittedTable).action_select_cursor()

    def action_cursor_down(self) -> None:
        """Move down."""
        self.query_one("#table", FittedTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        """Move up."""
        self.query_one("#table", FittedTable).action_cursor_up()
