"""The list of articles in the store; Enter opens one in the reader."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from store import Article, Catalog
from tui.screens.reader import ReaderScreen
from tui.text import join, literal


def article_prompt(article: Article) -> object:
    """Two lines: outlet and date, then the title."""
    return join(
        (article.outlet, "bold"),
        " · ",
        (article.published_label, "italic" if article.is_estimated else ""),
        f" · {article.paragraph_count} paragraphs\n",
        literal(article.title),
    )


class ArticlesScreen(Screen[None]):
    """Every article, oldest first."""

    CSS_PATH = "articles.tcss"
    BINDINGS = [
        Binding("enter", "open_article", "Open"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog
        self.articles = catalog.articles()

    def compose(self) -> ComposeResult:
        yield Header()
        count = len(self.articles)
        yield Static(f"{count} article{'s' if count != 1 else ''}", id="summary")
        yield OptionList(
            *(Option(article_prompt(a), id=a.id) for a in self.articles), id="articles"
        )
        yield Footer()

    def on_mount(self) -> None:
        articles = self.query_one("#articles", OptionList)
        articles.highlighted = 0 if self.articles else None
        articles.focus()

    @on(OptionList.OptionSelected, "#articles")
    def _open_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.push_screen(ReaderScreen(self.catalog, event.option.id))

    def action_open_article(self) -> None:
        """Open the highlighted article."""
        self.query_one("#articles", OptionList).action_select()

    def action_cursor_down(self) -> None:
        """Move down the list."""
        self.query_one("#articles", OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        """Move up the list."""
        self.query_one("#articles", OptionList).action_cursor_up()
