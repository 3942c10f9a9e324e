"""New-entity candidates: names no entity accounts for, made entities or aliases.

The list is what ``dossier candidates`` prints: runs of capitalised words
that overlap no mention, most frequent first, with where each occurs. ``a``
makes the highlighted name an entity (asking its type and name), ``m``
merges it into an existing entity as another spelling (found by fuzzy
search). Either is written to ``entities.toml`` keeping its comments (see
:mod:`store.entity_edit`), in a worker thread with the rebuild that follows;
the app then reopens on the new store. Enter reads the first paragraph the
name occurs in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from store import Catalog, DossierError, printable
from tui.dialogs.entity import EntityPickScreen, TypeScreen
from tui.dialogs.prompt import PromptScreen
from tui.navigation import Location
from tui.screens.base import ExplorerScreen
from tui.text import MUTED, around, cell, highlighted, join, literal
from tui.widgets.footer import KeyFooter


@dataclass(frozen=True)
class Change:
    """What to write: ``promote`` (name, type) or ``merge`` (spelling, entity id)."""

    kind: str
    text: str
    target: str


class CandidatesScreen(ExplorerScreen):
    """Names no entity accounts for; make one an entity or another entity's alias."""

    CSS_PATH = "tables.tcss"
    DEFAULT_CSS = """
    CandidatesScreen #where { height: auto; max-height: 9; padding: 0 1; background: $boost; }
    """
    BINDINGS = [
        Binding("a", "promote", "Make it an entity"),
        Binding("m", "merge", "Merge into an entity"),
        Binding("enter,o", "read", "Read where it occurs"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("escape", "app.back", "Back"),
    ]

    @dataclass
    class Gathered(Message):
        """The candidates were counted."""

        rows: tuple[tuple[str, int, tuple[str, ...], tuple[str, ...]], ...]

    @dataclass
    class Changed(Message):
        """An entity was made or given an alias, and the store rebuilt."""

        catalog: Catalog
        said: str
        made_corpus: Path | None

    @dataclass
    class Refused(Message):
        """The change was refused (nothing was written) or the rebuild failed."""

        reason: str

    def __init__(self, catalog: Catalog, *, at: str | None = None) -> None:
        super().__init__()
        self.catalog = catalog
        self.at = at
        """The name to put the cursor on, as when coming back from the reader."""
        self.found: dict[str, tuple[str, int, tuple[str, ...], tuple[str, ...]]] = {}
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="caption", classes="caption")
        yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
        yield Static(id="where")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "New-entity candidates"
        self.query_one("#caption", Static).update(literal("Counting names…", MUTED))
        table = self.query_one("#table", DataTable)
        table.add_columns("Seen", "Name", "Also written")
        table.focus()
        self.gather()

    @work(thread=True, exclusive=True, exit_on_error=False, group="candidates")
    def gather(self) -> None:
        """Count the candidates off the UI thread."""
        from store import candidates

        found = candidates(self.catalog)
        self.post_message(
            self.Gathered(tuple((c.name, c.count, c.spellings, c.paragraphs) for c in found))
        )

    @on(Gathered)
    def _show(self, message: Gathered) -> None:
        table = self.query_one("#table", DataTable)
        table.clear()
        self.found = {}
        for name, count, spellings, paragraphs in message.rows:
            self.found[name] = (name, count, spellings, paragraphs)
            others = ", ".join(s for s in spellings if s != name)
            table.add_row(cell(str(count)), cell(name, "bold"), cell(others), key=name)
        self.content_shown()
        names = [row[0] for row in message.rows]
        if self.at in names:
            table.move_cursor(row=names.index(self.at))
            self.at = None
        self.query_one("#caption", Static).update(
            join(
                (f"{len(message.rows)} names no entity accounts for, most frequent first", ""),
                ("   a: make it an entity   m: merge into one", MUTED),
            )
        )
        self._where()

    def here(self) -> Location:
        return Location("candidates", item=self.current)

    @property
    def current(self) -> str | None:
        """The highlighted name."""
        table = self.query_one("#table", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    @on(DataTable.RowHighlighted)
    def _highlighted(self, _: DataTable.RowHighlighted) -> None:
        self._where()

    def _where(self) -> None:
        """Up to three of the paragraphs the highlighted name occurs in."""
        where = self.query_one("#where", Static)
        name = self.current
        if name is None or name not in self.found:
            where.update(literal("No candidates: every capitalised name is accounted for.", MUTED))
            return
        _, count, spellings, paragraphs = self.found[name]
        lines = []
        for paragraph_id in paragraphs[:3]:
            paragraph = self.catalog.paragraph(paragraph_id)
            article = self.catalog.article(paragraph.article_id)
            at = next((paragraph.text.find(s) for s in spellings if s in paragraph.text), 0)
            line = around(paragraph.text, at, at + len(name), 200)
            spans = [(line.find(name), line.find(name) + len(name))] if name in line else []
            lines.append(
                join(
                    (article.short_citation(paragraph.index) + "  ", MUTED),
                    highlighted(line, spans),
                )
            )
        more = len(paragraphs) - 3
        if more > 0:
            lines.append(literal(f"and {more} more paragraph{'s' if more != 1 else ''}", MUTED))
        where.update(join(*[part for line in lines for part in (line, "\n")][:-1]))

    def action_read(self) -> None:
        """Open the first paragraph the name occurs in."""
        name = self.current
        if name is not None and name in self.found:
            # Back from the reader returns here, to this name.
            self.explorer.history.replace(Location("candidates", item=name))
            self.explorer.follow(f"paragraph:{self.found[name][3][0]}")

    def action_promote(self) -> None:
        """Ask the type and the name, then make the candidate an entity."""
        name = self.current
        if name is None or self.busy:
            return

        def named(answer: str | None, kind: str) -> None:
            if answer and answer.strip():
                self.change(Change("promote", answer.strip(), kind))

        def typed(kind: str | None) -> None:
            if kind:
                self.app.push_screen(
                    PromptScreen(f"Make an entity ({kind}) named", name, "Enter to make it · Esc"),
                    lambda answer: named(answer, kind),
                )

        self.app.push_screen(TypeScreen(name), typed)

    def action_merge(self) -> None:
        """Pick the entity the candidate is another spelling of."""
        name = self.current
        if name is None or self.busy:
            return

        def picked(entity_id: str | None) -> None:
            if entity_id:
                self.change(Change("merge", name, entity_id))

        self.app.push_screen(EntityPickScreen(self.catalog, name), picked)

    def change(self, change: Change) -> None:
        """Write the change and rebuild, in a worker; the screen waits."""
        self.busy = True
        what = "Making" if change.kind == "promote" else "Merging"
        self.query_one("#caption", Static).update(
            join((f"{what} ", ""), literal(change.text, "bold"), ("… then rebuilding", MUTED))
        )
        self.write(change)

    @work(thread=True, exclusive=True, exit_on_error=False, group="edit")
    def write(self, change: Change) -> None:
        """Edit entities.toml, rebuild the store and open it (off the UI thread)."""
        import store
        from store import corpus_to_grow, merge, promote

        def edit(corpus: Path, dry_run: bool) -> str:
            if change.kind == "promote":
                return promote(corpus, change.text, change.target, dry_run=dry_run)
            merge(corpus, change.text, change.target, dry_run=dry_run)
            return change.target

        try:
            corpus = Path(self.catalog.meta.corpus_dir)
            edit(corpus, True)  # refused before anything is copied or written
            grown, made = corpus_to_grow(corpus)
            entity_id = edit(grown, False)
            db = self.catalog.path if grown == corpus else store.default_db_path(grown)
            store.build(grown, db)
            catalog = store.Catalog.open(db)
            catalog.articles()
            entity = catalog.entity(entity_id)
        except DossierError as exc:
            self.post_message(self.Refused(str(exc)))
            return
        n = entity.mention_count
        linked = f"{n} mention{'s' if n != 1 else ''} now linked"
        said = (
            f"Made {entity.name!r} an entity ({entity.type}, id {entity.id}); {linked}"
            if change.kind == "promote"
            else f"{change.text!r} is now a spelling of {entity.name}; {linked}"
        )
        self.post_message(self.Changed(catalog, said, grown if made else None))

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self.busy = False
        self.notify(
            printable(message.reason), title="Nothing was changed", severity="error", markup=False
        )
        self.gather()

    @on(Changed)
    def _changed(self, message: Changed) -> None:
        if message.made_corpus is None and message.catalog.path == self.explorer.db_path:
            self.explorer.reload(message.catalog)  # here again, at the next name
        else:
            self.explorer.reopen(message.catalog, candidates=True)
        if message.made_corpus is not None:
            self.app.notify(
                f"Made your own corpus at {message.made_corpus} (a copy of the bundled one)",
                markup=False,
            )
        self.app.notify(printable(message.said), title="entities.toml", markup=False)

    def action_cursor_down(self) -> None:
        """Move down."""
        self.query_one("#table", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        """Move up."""
        self.query_one("#table", DataTable).action_cursor_up()
