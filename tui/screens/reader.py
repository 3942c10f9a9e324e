"""The reader: one whole original article, a paragraph in focus, its mentions lit.

Nothing of the original is hidden: captions, credits, page furniture and
reader comments stay visible, dimmed and labelled, so what the reader shows is
what the file says. ``n``/``N`` (and Tab) walk the mentions of entities;
Enter opens the entity under the cursor. ``w``/``W`` walk the dates the text
gives ("last Thursday", "June 25"), and the status line says what each
resolves to and by which rule; Enter then opens the timeline of reported dates.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, Header, LoadingIndicator, Static

from store import (
    REPORTING_KINDS,
    Article,
    Catalog,
    DossierError,
    Mention,
    Paragraph,
    Timex,
    printable,
)
from tui.present import paragraph_label
from tui.screens.base import ExplorerScreen
from tui.text import (
    AUTO,
    DATE,
    MATCH,
    MUTED,
    UNSURE_DATE,
    highlighted,
    highlighted_more,
    join,
    literal,
)


class ParagraphView(Static):
    """One paragraph: ¶N and its kind, then the text with its mentions lit."""

    DEFAULT_CSS = """
    ParagraphView { padding: 0 1 1 1; }
    ParagraphView.-secondary { color: $text-muted; }
    ParagraphView.-headline { text-style: bold; }
    ParagraphView.-target { background: $accent 15%; border-left: thick $accent; }
    """

    def __init__(
        self, paragraph: Paragraph, mentions: tuple[Mention, ...], dates: tuple[Timex, ...] = ()
    ) -> None:
        super().__init__()
        self.paragraph = paragraph
        self.mentions = mentions
        self.dates = dates
        secondary = paragraph.kind not in REPORTING_KINDS or paragraph.is_duplicate
        self.set_class(secondary, "-secondary")
        self.set_class(paragraph.kind == "headline", "-headline")
        self.draw(None)

    def draw(self, current: Mention | Timex | None) -> None:
        """Render, with ``current`` (one of this paragraph's mentions or dates) marked."""
        label = paragraph_label(self.paragraph)
        gutter = join(
            (f"¶{self.paragraph.index}", "bold"), (f" [{label}]" if label else "", "italic")
        )
        at = (current.start, current.end) if current else None
        # Dates first, so that a name inside a date phrase keeps its mark.
        body = highlighted(self.paragraph.text, (), multiline=True)
        body = highlighted_more(
            body, [(t.start, t.end) for t in self.dates if t.ambiguous or t.estimated],
            UNSURE_DATE, current=at,
        )  # fmt: skip
        body = highlighted_more(
            body, [(t.start, t.end) for t in self.dates if not (t.ambiguous or t.estimated)],
            DATE, current=at,
        )  # fmt: skip
        body = highlighted_more(
            body, [(m.start, m.end) for m in self.mentions if m.method != "auto"], MATCH, current=at
        )
        # Automatic mentions (in the user's own articles) look different.
        body = highlighted_more(
            body, [(m.start, m.end) for m in self.mentions if m.method == "auto"], AUTO, current=at
        )
        self.update(join(gutter, "\n", body))


class ReaderScreen(ExplorerScreen):
    """The whole original article."""

    CSS_PATH = "reader.tcss"
    BINDINGS = [
        Binding("n,tab", "next_mention", "Next mention"),
        Binding("N,shift+tab", "previous_mention", "Previous mention"),
        Binding("w", "next_date", "Next date"),
        Binding("W", "previous_date", "Previous date", show=False),
        Binding("enter", "open_mention", "Open entity / dates"),
        Binding("right_square_bracket", "next_paragraph", "Next paragraph"),
        Binding("left_square_bracket", "previous_paragraph", "Previous paragraph"),
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("escape", "app.to_search", "Search box"),
    ]

    @dataclass
    class Loaded(Message):
        """The article and its mentions are ready."""

        article: Article
        paragraphs: tuple[Paragraph, ...]
        mentions: tuple[tuple[Mention, ...], ...]
        dates: tuple[tuple[Timex, ...], ...]
        names: dict[str, str]

    @dataclass
    class Failed(Message):
        """The article could not be read."""

        reason: str

    def __init__(self, catalog: Catalog, article_id: str, paragraph_id: str | None = None) -> None:
        super().__init__()
        self.catalog = catalog
        self.article_id = article_id
        self.paragraph_id = paragraph_id
        self.article: Article | None = None
        self.views: list[ParagraphView] = []
        self.cursor: list[tuple[int, Mention]] = []
        self.at: int | None = None
        self.dates: list[tuple[int, Timex]] = []
        self.date_at: int | None = None
        """The date under the date cursor (``w``/``W``); ``at`` and it exclude each other."""
        self.names: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="masthead")
        with VerticalScroll(id="text"):
            yield LoadingIndicator()
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        """Read the article and its mentions off the UI thread."""
        try:
            article = self.catalog.article(self.article_id)
            paragraphs = self.catalog.paragraphs(article.id)
            mentions = tuple(self.catalog.mentions(p.id) for p in paragraphs)
            dates = tuple(self.catalog.paragraph_timexes(p.id) for p in paragraphs)
            names = {
                m.entity_id: self.catalog.entity(m.entity_id).name
                for found in mentions
                for m in found
            }
        except DossierError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.Loaded(article, paragraphs, mentions, dates, names))

    @on(Loaded)
    async def _show(self, event: Loaded) -> None:
        a = self.article = event.article
        self.names = event.names
        self.sub_title = printable(a.outlet)
        self.query_one("#masthead", Static).update(
            join(
                literal(a.outlet, "bold"),
                " · ",
                literal(a.published_label, "italic"),
                " · ",
                literal(a.author or "author not named", "italic"),
                "\n",
                literal(a.title, "bold"),
            )
        )
        text = self.query_one("#text", VerticalScroll)
        await text.remove_children()
        self.views = [
            ParagraphView(p, m, d)
            for p, m, d in zip(event.paragraphs, event.mentions, event.dates, strict=True)
        ]
        await text.mount_all(self.views)
        self.cursor = [(i, m) for i, view in enumerate(self.views) for m in view.mentions]
        self.dates = [(i, t) for i, view in enumerate(self.views) for t in view.dates]
        target = next(
            (i for i, v in enumerate(self.views) if v.paragraph.id == self.paragraph_id), None
        )
        if target is not None:
            self.views[target].add_class("-target")
            first = next((k for k, (i, _) in enumerate(self.cursor) if i == target), None)
            self.at = first
            if first is not None:
                self.views[target].draw(self.cursor[first][1])
            # Once laid out, bring the paragraph to the top of the view.
            self.call_after_refresh(self._bring_into_view, target)
            self.set_timer(0.05, lambda: self._bring_into_view(target))
        self._status()
        text.focus()

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self.notify(printable(event.reason), title="Cannot read it", severity="error", markup=False)

    def _bring_into_view(self, index: int) -> None:
        self.query_one("#text", VerticalScroll).scroll_to_widget(
            self.views[index], animate=False, top=True
        )

    def _status(self) -> None:
        status = self.query_one("#status", Static)
        if self.date_at is not None:
            status.update(self._date_status(self.dates[self.date_at][1]))
        elif not self.cursor:
            status.update(
                literal(
                    "No mentions of known entities · [ ] select a paragraph, y copy, p pin", MUTED
                )
            )
        elif self.at is None:
            status.update(
                literal(
                    f"{len(self.cursor)} mentions: n / Tab walk them · [ ] select a paragraph, "
                    "y copy, p pin",
                    MUTED,
                )
            )
        else:
            _, mention = self.cursor[self.at]
            status.update(
                join(
                    (f"Mention {self.at + 1}/{len(self.cursor)}: ", MUTED),
                    literal(self.names.get(mention.entity_id, mention.entity_id), "bold"),
                    ("  (", MUTED),
                    literal(mention.surface, "italic"),
                    (
                        f"; auto-linked, {mention.score:.0f}%" if mention.method == "auto" else "",
                        MUTED,
                    ),
                    (")  Enter opens it", MUTED),
                )
            )

    def _date_status(self, date: Timex) -> Content:
        """What a date resolves to, and by which rule."""
        doubt = ""
        if date.ambiguous and date.alternative:
            doubt = f"  ambiguous: or {date.alternative}"
        elif date.estimated:
            doubt = "  estimated (the publication date is)"
        return join(
            (
                f"Date {self.date_at + 1 if self.date_at is not None else 0}/{len(self.dates)}: ",
                MUTED,
            ),
            literal(date.text, "italic"),
            (" → ", MUTED),
            literal(date.value, "bold"),
            (f" ({date.precision})", MUTED),
            (doubt, "bold $warning"),
            "\n",
            literal(date.rule, MUTED),
            ("  Enter: the timeline of reported dates", MUTED),
        )

    def _clear_cursors(self) -> None:
        for cursor, at in ((self.cursor, self.at), (self.dates, self.date_at)):
            if at is not None:
                self.views[cursor[at][0]].draw(None)
        self.at = self.date_at = None

    def _move_date(self, step: int) -> None:
        if not self.dates:
            self.notify("No dates in this article that dossier could resolve", timeout=3)
            return
        old = self.date_at
        self._clear_cursors()
        if old is not None:
            self.date_at = (old + step) % len(self.dates)
        else:
            # From the selected paragraph on (or back), not from the top.
            ids = [view.paragraph.id for view in self.views]
            here = ids.index(self.paragraph_id) if self.paragraph_id in ids else 0
            if step > 0:
                after = [k for k, (i, _) in enumerate(self.dates) if i >= here]
                self.date_at = after[0] if after else 0
            else:
                before = [k for k, (i, _) in enumerate(self.dates) if i <= here]
                self.date_at = before[-1] if before else len(self.dates) - 1
        index, date = self.dates[self.date_at]
        self.views[index].draw(date)
        self._select(index)
        self.query_one("#text", VerticalScroll).scroll_to_widget(self.views[index], animate=False)
        self._status()

    def action_next_date(self) -> None:
        """Move to the next date the text gives."""
        self._move_date(+1)

    def action_previous_date(self) -> None:
        """Move to the previous date the text gives."""
        self._move_date(-1)

    def _move(self, step: int) -> None:
        if not self.cursor:
            return
        if self.date_at is not None:
            self._clear_cursors()
        old = self.at
        if old is None:
            self.at = 0 if step > 0 else len(self.cursor) - 1
        else:
            self.at = (old + step) % len(self.cursor)
        if old is not None:
            self.views[self.cursor[old][0]].draw(None)
        index, mention = self.cursor[self.at]
        self.views[index].draw(mention)
        self._select(index)
        self.query_one("#text", VerticalScroll).scroll_to_widget(self.views[index], animate=False)
        self._status()

    def _select(self, index: int) -> None:
        """Make paragraph ``index`` the selected one (lit; ``y`` and ``p`` act on it)."""
        for view in self.views:
            view.set_class(view is self.views[index], "-target")
        self.paragraph_id = self.views[index].paragraph.id

    def _step_paragraph(self, step: int) -> None:
        if not self.views:
            return
        ids = [view.paragraph.id for view in self.views]
        if self.paragraph_id in ids:
            index = max(0, min(len(ids) - 1, ids.index(self.paragraph_id) + step))
        else:
            shown = self.selected_paragraph
            index = ids.index(shown) if shown in ids else 0
        if self.at is not None and self.cursor[self.at][0] != index:
            self.views[self.cursor[self.at][0]].draw(None)
            self.at = None
        if self.date_at is not None and self.dates[self.date_at][0] != index:
            self.views[self.dates[self.date_at][0]].draw(None)
            self.date_at = None
        self._select(index)
        self.query_one("#text", VerticalScroll).scroll_to_widget(self.views[index], animate=False)
        self._status()

    def action_next_paragraph(self) -> None:
        """Select the next paragraph."""
        self._step_paragraph(+1)

    def action_previous_paragraph(self) -> None:
        """Select the previous paragraph."""
        self._step_paragraph(-1)

    def action_next_mention(self) -> None:
        """Move to the next mention."""
        self._move(+1)

    def action_previous_mention(self) -> None:
        """Move to the previous mention."""
        self._move(-1)

    def action_open_mention(self) -> None:
        """Open the entity of the mention under the cursor (or, on a date, the
        timeline of the dates the paragraphs report)."""
        if self.date_at is not None:
            self.explorer.visit_reported_dates(self.dates[self.date_at][1])
        elif self.at is not None and self.cursor:
            entity_id = self.cursor[self.at][1].entity_id
            self.explorer.follow(f"entity:{entity_id}")

    def action_scroll_down(self) -> None:
        """Scroll down a line."""
        self.query_one("#text", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        """Scroll up a line."""
        self.query_one("#text", VerticalScroll).scroll_up()

    @property
    def selected_paragraph(self) -> str | None:
        """What ``y`` copies and ``p`` pins: the lit paragraph (the one opened, or
        moved to with ``[``, ``]`` or the mention cursor), else the first in view."""
        if self.paragraph_id is not None:
            return self.paragraph_id
        scroll = self.query_one("#text", VerticalScroll)
        top, bottom = scroll.scroll_y, scroll.scroll_y + scroll.size.height
        return next(
            (
                view.paragraph.id
                for view in self.views
                if view.virtual_region.y < bottom and view.virtual_region.bottom > top
            ),
            None,
        )
