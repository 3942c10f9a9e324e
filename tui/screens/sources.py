"""The sources: every article, with what is known of it and what it contributes."""

from __future__ import annotations

from collections import Counter

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from store import Catalog
from tui.navigation import Location
from tui.screens.base import ExplorerScreen
from tui.text import MUTED, cell, join


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

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="caption", classes="caption")
        yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
        yield Footer()

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
        table = self.query_one("#table", DataTable)
        table.add_columns(
            "Outlet", "Published", "Author", "Title", "¶", "Mentions", "Events", "Claims"
        )
        for a in articles:
            table.add_row(
                cell(a.outlet, "bold"),
                cell(a.published_label, "italic" if a.is_estimated else ""),
                cell(a.author or "not named", "" if a.author else "italic"),
                cell(a.title),
                cell(str(a.paragraph_count)),
                cell(str(mentions[a.id])),
                cell(str(events[a.id])),
                cell(str(claims[a.id])),
                key=a.id,
            )
        estimated = sum(1 for a in articles if a.is_estimated)
        self.query_one("#caption", Static).update(
            join(
                (f"{len(articles)} articles, oldest first; ", ""),
                (f"{estimated} publication dates are estimated (italic)", MUTED),
                ("   Enter: read", MUTED),
            )
        )
        table.focus()
        keys = [a.id for a in articles]
        if self.at in keys:
            table.move_cursor(row=keys.index(self.at))

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            # Back from the reader returns here, to this row.
            self.explorer.history.replace(Location("sources", item=event.row_key.value))
            self.explorer.follow(f"article:{event.row_key.value}", reader=True)

    def action_read(self) -> None:
        """Read the article under the cursor."""
        self.query_one("#table", DataTable).action_select_cursor()

    def action_cursor_down(self) -> None:
        """Move down."""
        self.query_one("#table", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        """Move up."""
        self.query_one("#table", DataTable).action_cursor_up()
