"""The reader: one whole original article, a paragraph in focus, its mentions lit.

Nothing of the original is hidden: captions, credits, page furniture and
reader comments stay visible, dimmed and labelled, so what the reader shows is
what the file says. ``n``/``N`` (and Tab) walk the mentions of entities;
Enter opens the entity under the cursor. ``w``/``W`` walk the dates the text
gives ("last Thursday", "June 25"), and the status line says what each
resolves to and by which rule; Enter then opens the timeline of reported dates.

The text is an :class:`~tui.widgets.article.ArticleView`, which draws a
screenful at a time: an article of ten thousand paragraphs opens as fast as
one of ten, and a key redraws one paragraph.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from store import Article, Catalog, DossierError, Mention, Paragraph, Timex, plural, printable
from tui.navigation import Location
from tui.screens.base import ExplorerScreen
from tui.text import MUTED, join, literal
from tui.widgets.article import ArticleView, Block
from tui.widgets.footer import KeyFooter
from tui.widgets.header import Header


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
        Binding("escape", "app.back", "Back"),
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

    def __init__(
        self,
        catalog: Catalog,
        article_id: str,
        paragraph_id: str | None = None,
        *,
        entity_id: str | None = None,
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.article_id = article_id
        self.paragraph_id = paragraph_id
        self.opened = paragraph_id
        """The paragraph the reader was opened on."""
        self.entity_id = entity_id
        """The entity the reader was opened for: the cursor starts on its mention."""
        self.article: Article | None = None
        self.blocks: tuple[Block, ...] = ()
        self.cursor: list[tuple[int, Mention]] = []
        self.at: int | None = None
        self.dates: list[tuple[int, Timex]] = []
        self.date_at: int | None = None
        """The date under the date cursor (``w``/``W``); ``at`` and it exclude each other."""
        self.names: dict[str, str] = {}
        self._index_of: dict[str, int] = {}
        """Each paragraph's place in the article, by id."""
        self._mention_places: list[tuple[int, int]] = []
        self._date_places: list[tuple[int, int]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="masthead")
        yield ArticleView(id="text")
        yield Static(literal("Reading the article…", MUTED), id="status")
        yield KeyFooter()

    @property
    def text(self) -> ArticleView:
        """The article's paragraphs."""
        return self.query_one("#text", ArticleView)

    @property
    def paragraph_ids(self) -> tuple[str, ...]:
        """The article's paragraphs, in order."""
        return tuple(self._index_of)

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
            named = {m.entity_id for found in mentions for m in found}
            names = {entity_id: self.catalog.entity(entity_id).name for entity_id in named}
        except DossierError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.Loaded(article, paragraphs, mentions, dates, names))

    @on(Loaded)
    def _show(self, event: Loaded) -> None:
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
        self.blocks = tuple(
            Block(
                p,
                tuple(x for x in m if not x.adjective),
                d,
                tuple(x for x in m if x.adjective),
            )
            for p, m, d in zip(event.paragraphs, event.mentions, event.dates, strict=True)
        )
        self._index_of = {block.paragraph.id: i for i, block in enumerate(self.blocks)}
        text = self.text
        text.show_blocks(self.blocks)
        self.content_shown()
        self.cursor = [(i, m) for i, block in enumerate(self.blocks) for m in block.mentions]
        self.dates = [(i, t) for i, block in enumerate(self.blocks) for t in block.dates]
        self._mention_places = [(i, m.start) for i, m in self.cursor]
        self._date_places = [(i, t.start) for i, t in self.dates]
        target = self._index_of.get(self.paragraph_id or "")
        if target is not None:
            text.select(target)
            # The cursor starts on the mention of the entity you came from, else
            # on the paragraph's first mention.
            here = [k for k, (i, _) in enumerate(self.cursor) if i == target]
            yours = [k for k in here if self.cursor[k][1].entity_id == self.entity_id]
            starts = yours or here
            self.at = starts[0] if starts else None
            if self.at is not None:
                text.mark(target, self.cursor[self.at][1])
            # The paragraph at the top of the view (again once laid out, if it was not).
            self._bring_into_view(target)
            self.call_after_refresh(self._bring_into_view, target)
        self._status()
        text.focus()

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self.notify(printable(event.reason), title="Cannot read it", severity="error", markup=False)

    def _bring_into_view(self, index: int) -> None:
        self.text.show_block(index, top=True)

    @on(ArticleView.Clicked)
    def _clicked(self, event: ArticleView.Clicked) -> None:
        self._step_to(event.index)

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
                    f"{plural(len(self.cursor), 'mention')}: n / Tab walk them · "
                    "[ ] select a paragraph, "
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
                    (_how_linked(mention), MUTED),
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

    def _place(self) -> tuple[int, int] | None:
        """Where the reader is: the mention or date under a cursor, else the start of
        the selected paragraph, as ``(paragraph index, offset)``."""
        if self.at is not None:
            index, mention = self.cursor[self.at]
            return (index, mention.start)
        if self.date_at is not None:
            index, date = self.dates[self.date_at]
            return (index, date.start)
        selected = self._index_of.get(self.paragraph_id or "")
        return None if selected is None else (selected, -1)

    @staticmethod
    def _from(places: list[tuple[int, int]], here: tuple[int, int] | None, step: int) -> int:
        """The position in ``places`` (in reading order) one ``step`` from ``here``,
        wrapping around."""
        if here is None:
            return 0 if step > 0 else len(places) - 1
        if step > 0:
            after = bisect_right(places, here)
            return after if after < len(places) else 0
        before = bisect_left(places, here) - 1
        return before if before >= 0 else len(places) - 1

    def _clear_cursors(self) -> None:
        self.at = self.date_at = None
        self.text.mark(0, None)

    def _land(self, index: int, what: Mention | Timex) -> None:
        """Put the cursor on ``what`` in paragraph ``index``, select it and show it."""
        text = self.text
        text.mark(index, what)
        self._select(index)
        text.show_block(index)
        self._status()

    def _move_date(self, step: int) -> None:
        if not self.dates:
            self.notify("No dates in this article that dossier could resolve", timeout=3)
            return
        if self.date_at is not None:
            date_at = (self.date_at + step) % len(self.dates)
        else:
            # From where the reader is (a mention, the selected paragraph), not the top.
            date_at = self._from(self._date_places, self._place(), step)
        self._clear_cursors()
        self.date_at = date_at
        self._land(*self.dates[date_at])

    def action_next_date(self) -> None:
        """Move to the next date the text gives."""
        self._move_date(+1)

    def action_previous_date(self) -> None:
        """Move to the previous date the text gives."""
        self._move_date(-1)

    def _move(self, step: int) -> None:
        if not self.cursor:
            return
        if self.at is not None:
            at = (self.at + step) % len(self.cursor)
        else:
            # From where the reader is (a date, the selected paragraph): N goes to the
            # mention before it, not to the last one of the article.
            at = self._from(self._mention_places, self._place(), step)
        self._clear_cursors()
        self.at = at
        self._land(*self.cursor[at])

    def _select(self, index: int) -> None:
        """Make paragraph ``index`` the selected one (lit; ``y`` and ``p`` act on it)."""
        self.text.select(index)
        self.paragraph_id = self.blocks[index].paragraph.id

    def _step_to(self, index: int) -> None:
        """Select paragraph ``index``, dropping a cursor that is elsewhere."""
        if self.at is not None and self.cursor[self.at][0] != index:
            self._clear_cursors()
        if self.date_at is not None and self.dates[self.date_at][0] != index:
            self._clear_cursors()
        self._select(index)
        self.text.show_block(index)
        self._status()

    def _step_paragraph(self, step: int) -> None:
        if not self.blocks:
            return
        here = self._index_of.get(self.paragraph_id or "")
        if here is not None:
            index = max(0, min(len(self.blocks) - 1, here + step))
        else:
            index = self._index_of.get(self.selected_paragraph or "", 0)
        self._step_to(index)

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
        self.text.scroll_lines(1)

    def action_scroll_up(self) -> None:
        """Scroll up a line."""
        self.text.scroll_lines(-1)

    def here(self) -> Location:
        return Location(
            "reader",
            item=f"article:{self.article_id}",
            paragraph=self.selected_paragraph,
            entity=self.entity_id,
        )

    @property
    def selected_paragraph(self) -> str | None:
        """What ``y`` copies and ``p`` pins: the lit paragraph (the one opened, or
        moved to with ``[``, ``]`` or the mention cursor), else the first in view."""
        if self.paragraph_id is not None:
            return self.paragraph_id
        shown = self.text.on_screen
        return self.blocks[shown[0]].paragraph.id if shown else None


def _how_linked(mention: Mention) -> str:
    """How an automatic mention was found, for the status line (nothing for curated ones)."""
    if mention.method == "auto":
        return f"; auto-linked, {mention.score:.0f}%"
    if mention.method == "context":
        return "; auto-linked: the short form of the full name used before"
    return ""
