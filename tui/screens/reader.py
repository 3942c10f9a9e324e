"""The reader: one article, every paragraph, with its number and kind.

Nothing of the original is hidden: captions, credits, page furniture and
reader comments stay visible, dimmed and labelled, so what the reader shows
is what the file says.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from store import Catalog, Paragraph
from tui.text import join, literal

KIND_LABELS = {
    "headline": "headline",
    "body": "",
    "caption": "caption",
    "credit": "credit",
    "summary": "summary",
    "boilerplate": "page furniture",
    "reader-comment": "reader comment",
}


class ParagraphView(Static):
    """One paragraph: a gutter with ¶N and its kind, then the text."""

    DEFAULT_CSS = """
    ParagraphView { padding: 0 1 1 1; }
    ParagraphView.-secondary { color: $text-muted; }
    ParagraphView.-headline { text-style: bold; }
    """

    def __init__(self, paragraph: Paragraph) -> None:
        label = KIND_LABELS[paragraph.kind]
        if paragraph.duplicate_of:
            label = f"{label}, repeated" if label else "repeated"
        gutter = f"¶{paragraph.index}"
        parts = [(gutter, "bold"), (f" [{label}]" if label else "", "italic"), "\n"]
        super().__init__(join(*parts, literal(paragraph.text, multiline=True)))
        self.paragraph = paragraph
        if paragraph.kind not in ("body", "headline") or paragraph.duplicate_of:
            self.add_class("-secondary")
        if paragraph.kind == "headline":
            self.add_class("-headline")


class ReaderScreen(Screen[None]):
    """The whole original article."""

    CSS_PATH = "reader.tcss"
    BINDINGS = [
        Binding("escape,backspace", "app.pop_screen", "Back"),
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
    ]

    def __init__(self, catalog: Catalog, article_id: str) -> None:
        super().__init__()
        self.article = catalog.article(article_id)
        self.paragraphs = catalog.paragraphs(article_id)

    def compose(self) -> ComposeResult:
        a = self.article
        yield Header()
        yield Static(
            join(
                (a.outlet, "bold"),
                " · ",
                (a.published_label, "italic" if a.is_estimated else ""),
                " · ",
                (a.author or "author unknown", "italic"),
                "\n",
                literal(a.title, "bold"),
            ),
            id="masthead",
        )
        with VerticalScroll(id="text"):
            for paragraph in self.paragraphs:
                yield ParagraphView(paragraph)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.article.outlet
        self.query_one("#text").focus()

    def action_scroll_down(self) -> None:
        """Scroll the text down a line."""
        self.query_one("#text", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        """Scroll the text up a line."""
        self.query_one("#text", VerticalScroll).scroll_up()
