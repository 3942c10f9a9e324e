"""The main screen: search, the detail of what is selected, and its excerpts.

Typing searches as you type, in a worker thread; a new keystroke cancels the
search still running (the stale answer is dropped). The top result is
selected and previewed. Enter opens it: it becomes a place in the history,
and the detail pane takes the focus. From the detail, Enter follows a
relation, an event or a source; from the excerpts, Enter or ``o`` opens the
paragraph in the reader.

Esc steps out: from the search box to the results, and from the results
clears the query. Each pane has the keys that matter there, and the footer
shows them first (copy, pin and the tray on the excerpts; open and the
timeline on the results and the detail).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.events import Key, Resize
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import get_current_worker

from store import Catalog, DossierError, plural, printable
from tui.navigation import Location
from tui.present import Detail, Row, detail_of, hit_prompt
from tui.screens.base import ExplorerScreen
from tui.text import join, literal
from tui.widgets.footer import KeyFooter
from tui.widgets.header import Header
from tui.widgets.rows import RowList

#: Wide enough for three columns side by side.
WIDE = 120


class SearchBox(Input):
    """The search box: typing searches; the function keys reach every screen."""

    BINDINGS = [
        Binding("escape", "screen.to_results", "Results"),
        Binding("f2", "app.timeline", "Timeline"),
        Binding("f5", "app.tray", "Tray"),
        Binding("f1", "app.help", "Help"),
    ]


class ResultList(RowList):
    """The search results."""

    BINDINGS = [
        Binding("enter", "select", "Open"),
        Binding("escape", "screen.clear_query", "Clear"),
        Binding("t", "app.timeline", "Timeline"),
        Binding("d", "app.disagreements", "Disagreements"),
        Binding("question_mark", "app.help", "Help"),
    ]


class DetailList(RowList):
    """The detail of what is selected."""

    BINDINGS = [
        Binding("enter", "select", "Open"),
        Binding("escape", "screen.clear_query", "Clear", show=False),
        Binding("t", "app.timeline", "Its timeline"),
        Binding("o", "screen.open_reader", "Read"),
        Binding("question_mark", "app.help", "Help"),
    ]


class ExcerptList(RowList):
    """The paragraphs that mention the entity (or report the event)."""

    BINDINGS = [
        Binding("o,enter", "screen.open_reader", "Read"),
        Binding("escape", "screen.clear_query", "Clear", show=False),
        Binding("y", "app.copy", "Copy"),
        Binding("p", "app.pin", "Pin"),
        Binding("T", "app.tray", "Tray"),
        Binding("question_mark", "app.help", "Help"),
    ]


RESULTS = 25
#: While keys keep coming, the detail of the top hit waits this long (seconds):
#: drawing it between keystrokes would only slow the typing down.
PREVIEW_DELAY = 0.15


@dataclass(frozen=True, slots=True)
class MainPlace:
    """Where the user is on the main screen, to come back to after a reload."""

    query: str
    item: str | None
    """What the detail shows."""
    result: str | None
    """The result under the cursor."""
    row: str | None
    """The detail's or the excerpts' row under the cursor (of the focused one)."""
    focus: str | None
    """The id of the focused pane: query, results, detail or excerpts."""


class MainScreen(ExplorerScreen):
    """Search, detail and excerpts."""

    CSS_PATH = "main.tcss"
    AUTO_FOCUS = "#query"
    BINDINGS = [
        Binding("o", "open_reader", "Open in reader", show=False),
        Binding("f", "focus_next_pane", "Next pane", show=False),
    ]

    @dataclass
    class SearchCompleted(Message):
        """Results for a query are ready."""

        query: str
        rows: tuple[Row, ...]

    @dataclass
    class DetailLoaded(Message):
        """The detail of an item is ready to show."""

        detail: Detail
        focus: bool

    @dataclass
    class DetailFailed(Message):
        """An item could not be shown."""

        item: str
        reason: str

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog
        self.shown: Detail | None = None
        self.results_for: str | None = None
        """The query whose results are on screen (benchmarks watch it)."""
        self.latencies: list[float] | None = None
        """When a list, each keystroke's time to results on screen, in ms (for
        ``dossier bench --ui``)."""
        self._typed_at: dict[str, float] = {}
        self._wanted: str | None = None
        self._pending: Timer | None = None
        self._returning: MainPlace | None = None
        """The place to come back to once the results and the detail are in."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="panes"):
            with Vertical(id="search-pane", classes="pane"):
                yield SearchBox(
                    placeholder="Search people, groups, places, events, text…", id="query"
                )
                yield ResultList(id="results")
            with Vertical(id="detail-pane", classes="pane"):
                yield DetailList(id="detail")
            with Vertical(id="excerpts-pane", classes="pane"):
                yield ExcerptList(id="excerpts", spaced=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._layout(self.size.width)
        self._title("#search-pane", Content("Search"))
        self._title("#detail-pane", Content("Detail"))
        self._title("#excerpts-pane", Content("Excerpts"))
        self.run_search("")

    def _title(self, pane: str, title: Content) -> None:
        # Content, not a string: a border title given a string parses markup.
        self.query_one(pane).border_title = title

    @on(Resize)
    def _resized(self, event: Resize) -> None:
        self._layout(event.size.width)

    def _layout(self, width: int) -> None:
        self.set_class(width < WIDE, "-narrow")

    # Searching ------------------------------------------------------------

    @property
    def query_text(self) -> str:
        """What is in the search box ("" before the screen is composed)."""
        found = self.query("#query").results(Input)
        return next((field.value for field in found), "")

    @property
    def answered(self) -> bool:
        """True when the results shown answer what is in the search box."""
        return self.results_for == self.query_text

    @on(Input.Changed, "#query")
    def _typed(self, event: Input.Changed) -> None:
        self._returning = None  # the user moved on: there is no place to come back to
        if self.latencies is not None:
            self._typed_at[event.value] = time.perf_counter()
        self.run_search(event.value)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, text: str) -> None:
        """Search off the UI thread; a newer search cancels this one."""
        worker = get_current_worker()
        if text.strip():
            rows = tuple(
                Row(hit_prompt(hit), f"{hit.kind}:{hit.id}")
                for hit in self.catalog.search(text, limit=RESULTS)
            )
        else:
            rows = self._browse()
        if not worker.is_cancelled:
            self.post_message(self.SearchCompleted(text, rows))

    def _browse(self) -> tuple[Row, ...]:
        """With nothing typed: the most mentioned entities, to start from."""
        entities = sorted(self.catalog.entities(), key=lambda e: -e.mention_count)[:RESULTS]
        return tuple(
            Row(
                join(
                    literal(e.name, "bold"),
                    "\n",
                    (f"{e.type} · {plural(e.mention_count, 'mention')}", "$text-muted"),
                ),
                f"entity:{e.id}",
            )
            for e in entities
        )

    @on(SearchCompleted)
    def _show_results(self, event: SearchCompleted) -> None:
        if event.query != self.query_text:
            return  # an answer to an older query
        results = self.query_one("#results", RowList)
        # The same query answered again (a second search on mounting, a reload):
        # the selection stays where the user put it.
        kept = results.current_target if self.results_for == event.query else None
        results.show(event.rows)
        self.results_for = event.query
        returning = self._returning
        targets = [row.target for row in event.rows]
        if returning is not None and returning.query == event.query:
            kept = returning.result
            # Back once the results and the detail are both in place (the detail
            # may have come first: the two are gathered in parallel).
            if not returning.item or (self.shown and self.shown.item == returning.item):
                self._returning = None
        if kept in targets:
            results.highlighted = targets.index(kept)
            results.scroll_to_highlight()
        typed_at = self._typed_at.pop(event.query, None)
        if self.latencies is not None and typed_at is not None:
            latencies = self.latencies

            def drawn() -> None:
                latencies.append((time.perf_counter() - typed_at) * 1000)

            self.call_after_refresh(drawn)
        count = len(event.rows)
        if not event.query.strip():
            self._title("#search-pane", Content("Search · most mentioned"))
        else:
            self._title("#search-pane", Content(f"Search · {plural(count, 'hit')}"))
        if not event.rows:
            # Nothing matches: nothing stale is left under it either.
            if self._pending is not None:
                self._pending.stop()
            self.shown = None
            self._wanted = None
            nothing = join(("Nothing matches ", ""), literal(event.query, "bold"))
            self._title("#detail-pane", nothing)
            self._title("#excerpts-pane", Content("Excerpts"))
            self.query_one("#detail", RowList).show(
                [Row(literal("Try other words, fewer words, or another spelling.", "italic"))]
            )
            self.query_one("#excerpts", RowList).show([])
        elif returning is not None and returning.item:
            pass  # its detail is on its way (see come_back)
        elif results.current_target:
            self.preview_soon(results.current_target)

    @on(Input.Submitted, "#query")
    def _open_top(self) -> None:
        target = self.query_one("#results", RowList).current_target
        if target:
            self.open(target)

    def on_key(self, event: Key) -> None:
        query = self.query_one("#query", Input)
        if event.key == "down" and query.has_focus:
            self.query_one("#results", RowList).focus()
            event.stop()

    # Showing --------------------------------------------------------------

    @on(RowList.Highlighted, "#results")
    def _preview_result(self, event: RowList.Highlighted) -> None:
        self.preview_soon(event.target)

    @on(RowList.Chosen, "#results")
    def _open_result(self, event: RowList.Chosen) -> None:
        self.open(event.target)

    @on(RowList.Chosen, "#detail")
    @on(RowList.Chosen, "#excerpts")
    def _follow(self, event: RowList.Chosen) -> None:
        self.explorer.follow(event.target)

    def preview_soon(self, item: str) -> None:
        """Preview ``item`` once the keys stop coming for a moment."""
        if self._pending is not None:
            self._pending.stop()
        self._pending = self.set_timer(PREVIEW_DELAY, lambda: self.preview(item))

    def preview(self, item: str) -> None:
        """Show an item without making it a place in the history."""
        if self.shown is not None and self.shown.item == item:
            return
        self._wanted = item
        self.load_detail(item, focus=False)

    def open(self, item: str) -> None:
        """Open an item: a place in the history."""
        if self._pending is not None:
            self._pending.stop()
        self.explorer.visit(Location("main", item=item, query=self.query_text))

    def place(self) -> MainPlace:
        """Where the user is: the query, the selection, the focus (for a screen still
        coming back to a place after a reload, that place: a second reload right
        after the first must not take the half-restored screen for the user's)."""
        if self._returning is not None:
            return self._returning
        focused = self.focused
        focus = focused.id if focused is not None and focused.id else None
        pane = focused if isinstance(focused, RowList) and focus in ("detail", "excerpts") else None
        return MainPlace(
            self.query_text,
            self.shown.item if self.shown else None,
            self.query_one("#results", RowList).current_target,
            pane.current_target if pane is not None else None,
            focus,
        )

    def come_back(self, place: MainPlace) -> None:
        """Bring a new main screen to ``place`` (after the store was reloaded):
        the same query, result, detail, row and focus, where they still exist."""
        self._returning = place
        query = self.query_one("#query", Input)
        with query.prevent(Input.Changed):
            query.value = place.query
        self.run_search(place.query)
        if place.item:
            self._wanted = place.item
            self.load_detail(place.item, focus=False)
        if place.focus:
            try:
                self.query_one(f"#{place.focus}").focus()
            except NoMatches:
                pass

    def show_location(self, place: Location) -> None:
        """Bring this screen to ``place`` (called by the app's navigation)."""
        query = self.query_one("#query", Input)
        if place.query is not None and place.query != query.value:
            with query.prevent(Input.Changed):
                query.value = place.query
            self.run_search(place.query)
        if place.item:
            self._wanted = place.item
            self.load_detail(place.item, focus=True)

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def load_detail(self, item: str, focus: bool) -> None:
        """Gather an item's detail off the UI thread."""
        worker = get_current_worker()
        try:
            detail = detail_of(self.catalog, item)
        except DossierError as exc:
            self.post_message(self.DetailFailed(item, str(exc)))
            return
        if not worker.is_cancelled:
            self.post_message(self.DetailLoaded(detail, focus))

    @on(DetailLoaded)
    def _show_detail(self, event: DetailLoaded) -> None:
        detail = event.detail
        if detail.item != self._wanted:
            return
        self.shown = detail
        self._title("#detail-pane", detail.title)
        self.query_one("#detail", RowList).show(detail.rows)
        self._title("#excerpts-pane", literal(detail.excerpts_title, "bold"))
        self.query_one("#excerpts", RowList).show(detail.excerpts)
        if event.focus:
            self.query_one("#detail", RowList).focus()
        returning = self._returning
        if returning is not None and self.results_for == returning.query:
            self._returning = None  # the results are back already: nothing more to wait for
        if returning is not None and returning.row and returning.focus in ("detail", "excerpts"):
            rows = self.query_one(f"#{returning.focus}", RowList)
            targets = [row.target for row in rows.rows]
            if returning.row in targets:
                rows.highlighted = targets.index(returning.row)
                rows.scroll_to_highlight()

    @on(DetailFailed)
    def _detail_failed(self, event: DetailFailed) -> None:
        self.notify(printable(event.reason), title="Cannot show it", severity="error", markup=False)

    # Actions ----------------------------------------------------------------

    def action_focus_search(self) -> None:
        """Go to the search box."""
        self.query_one("#query", Input).focus()

    def action_to_results(self) -> None:
        """From the search box to the results (Esc steps out)."""
        results = self.query_one("#results", RowList)
        if results.rows:
            results.focus()
        else:
            self.app.bell()

    def action_clear_query(self) -> None:
        """Clear the query (a second Esc): the most mentioned entities come back."""
        query = self.query_one("#query", Input)
        if not query.value:
            self.app.bell()
            return
        query.value = ""  # searches, which lists the most mentioned
        self.query_one("#results", RowList).focus()

    def action_open_reader(self) -> None:
        """Open the selected excerpt (or result) in the reader."""
        for pane in ("#excerpts", "#results", "#detail"):
            rows = self.query_one(pane, RowList)
            if rows.has_focus and rows.current_target:
                target = rows.current_target
                if target.startswith(("paragraph:", "article:")):
                    self.explorer.follow(target, reader=True)
                    return
        excerpt = self.query_one("#excerpts", RowList).current_target
        if excerpt:
            self.explorer.follow(excerpt, reader=True)

    def action_focus_next_pane(self) -> None:
        """Move to the next pane."""
        self.focus_next()

    @property
    def selected_paragraph(self) -> str | None:
        """The excerpt ``y`` copies and ``p`` pins: the paragraph under the cursor
        of the focused pane, else the one highlighted in the excerpts pane."""
        panes = [self.query_one(pane, RowList) for pane in ("#excerpts", "#detail", "#results")]
        focused = [rows for rows in panes if rows.has_focus]
        for rows in [*focused, panes[0]]:
            target = rows.current_target or ""
            if target.startswith("paragraph:"):
                return target.partition(":")[2]
        return None

    @property
    def selection_entities(self) -> tuple[str, ...]:
        """Entities of what is shown, to filter the timeline by; of what was asked
        for, when its detail is still on its way (Enter then t, typed together)."""
        wanted = self._wanted
        if wanted and (self.shown is None or self.shown.item != wanted):
            kind, _, item_id = wanted.partition(":")
            return (item_id,) if kind == "entity" else ()
        return self.shown.entity_ids if self.shown else ()
