"""Candidates: the names no entity accounts for, and the events your own articles propose.

Two lists, ``e`` switches between them. **Names** (what ``dossier
candidates`` prints): whole names no mention accounts for, with the number
of times each occurs (and ``+N`` short forms that went with it), the type
they look like and the evidence. **Events**: every dated sentence of your
own articles that names someone proposes one; near-identical ones are
grouped, the most reported first.

``a`` makes the highlighted name an entity (asking its type, the guessed one
offered first, and its name) or the highlighted event an ``[[event]]``
(asking its title); ``m`` merges a name into an existing entity as another
spelling (found by fuzzy search); ``x`` dismisses a false candidate in the
corpus's ``dismissed.toml`` so that it never returns, ``u`` takes the last
dismissal back. Each edit runs in a worker thread with the rebuild that
follows, inside the edit (a failed rebuild puts the files back); the app
then reopens on the new store. Enter reads the first paragraph the name or
the event's first sentence is in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Static

from store import Candidate, Catalog, DossierError, EventCandidate, printable
from tui.dialogs.entity import EntityPickScreen, TypeScreen
from tui.dialogs.prompt import PromptScreen
from tui.navigation import Location
from tui.screens.base import ExplorerScreen
from tui.text import MUTED, around, cell, highlighted, join, literal
from tui.widgets.footer import KeyFooter
from tui.widgets.header import Header

#: Short labels for the type column (the name or title column gets the room).
TYPE_LABELS = {"organization": "org", "facility": "facility", "person": "person",
               "place": "place", "media": "media", "other": "other"}  # fmt: skip


Edit = Callable[[Path, bool, Callable[[], object] | None], object]
"""An edit of the corpus: ``edit(corpus, dry_run, then)`` (``then``: the rebuild)."""


@dataclass(frozen=True)
class Change:
    """What to write: ``promote`` (name, type), ``merge`` (spelling, entity id),
    ``event`` (event candidate id, title), ``dismiss`` or ``undo`` (the candidate)."""

    kind: str
    text: str
    target: str
    aliases: tuple[str, ...] = ()
    """Other spellings of a name to make aliases too."""


class CandidatesScreen(ExplorerScreen):
    """Names no entity accounts for, events your articles propose; make them entities,
    events or aliases, or dismiss them."""

    CSS_PATH = "tables.tcss"
    DEFAULT_CSS = """
    CandidatesScreen #where { height: auto; max-height: 9; padding: 0 1; background: $boost; }
    """
    BINDINGS = [
        Binding("a", "promote", "Add"),
        Binding("m", "merge", "Merge"),
        Binding("x", "dismiss_candidate", "Dismiss"),
        Binding("u", "undo", "Undo"),
        Binding("e", "switch", "Names/events"),
        Binding("enter,o", "read", "Read"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("escape", "app.back", "Back"),
    ]

    @dataclass
    class Gathered(Message):
        """The candidates were counted."""

        names: tuple[Candidate, ...]
        events: tuple[EventCandidate, ...]

    @dataclass
    class Changed(Message):
        """An entity, an alias, an event or a dismissal was written, and the store rebuilt."""

        catalog: Catalog
        said: str
        made_corpus: Path | None
        change: Change

    @dataclass
    class Refused(Message):
        """The change was refused (nothing was written) or the rebuild failed."""

        reason: str

    #: The last dismissal made here, by corpus, which ``u`` takes back (the screen is
    #: made anew on the rebuilt store after each edit).
    dismissals: ClassVar[dict[str, Change]] = {}

    def __init__(self, catalog: Catalog, *, at: str | None = None) -> None:
        super().__init__()
        self.catalog = catalog
        self.at = at
        """The row to put the cursor on (``name:<key>`` or ``event:<id>``; a bare name
        is a name's), as when coming back from the reader."""
        self.view = "events" if at and at.startswith("event:") else "names"
        """``names`` or ``events``: the list shown."""
        self.names: dict[str, Candidate] = {}
        self.events: dict[str, EventCandidate] = {}
        self.found: dict[str, tuple[str, int, tuple[str, ...], tuple[str, ...]]] = {}
        """The names shown, by name: (name, count, spellings, paragraphs)."""
        self.busy = False
        self.counted = False
        """True once the candidates were counted (there may be none)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="caption", classes="caption")
        yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
        yield Static(id="where")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Candidates"
        self.query_one("#caption", Static).update(literal("Counting names and events…", MUTED))
        self.query_one("#table", DataTable).focus()
        self.gather()

    @work(thread=True, exclusive=True, exit_on_error=False, group="candidates")
    def gather(self) -> None:
        """Count the candidates off the UI thread."""
        from store import candidates, event_candidates

        names = tuple(candidates(self.catalog))
        events = tuple(event_candidates(self.catalog))
        self.post_message(self.Gathered(names, events))

    @on(Gathered)
    def _show(self, message: Gathered) -> None:
        self.names = {f"name:{c.key}": c for c in message.names}
        self.events = {f"event:{e.id}": e for e in message.events}
        self.found = {c.name: (c.name, c.count, c.spellings, c.paragraphs) for c in message.names}
        self.counted = True
        if self.at and not self.at.startswith(("name:", "event:")):
            key = next((k for k, c in self.names.items() if c.name == self.at), None)
            self.at = key
        self._fill()

    def _fill(self) -> None:
        """Show the list of the current view."""
        table = self.query_one("#table", DataTable)
        table.clear(columns=True)
        if self.view == "names":
            table.add_columns("Seen", "Type", "Name")
            for key, c in self.names.items():
                seen = f"{c.count}+{c.parts}" if c.parts else str(c.count)
                table.add_row(
                    cell(seen),
                    cell(TYPE_LABELS.get(c.type or "", "?"), "italic"),
                    cell(c.name, "bold"),
                    key=key,
                )
            rows = list(self.names)
            what = (f"{len(self.names)} names no entity accounts for \u2002", "e: the events")
        else:
            table.add_columns("Date", "Src", "Type", "Event")
            # The title gets the room the short columns leave, so that no row scrolls.
            room = max(24, self.app.size.width - 33)
            for key, e in self.events.items():
                title = e.title if len(e.title) <= room else e.title[: room - 1] + "…"
                table.add_row(
                    cell(e.date_label, "bold"),
                    cell(str(len(e.articles))),
                    cell(e.type, "italic"),
                    cell(title),
                    key=key,
                )
            rows = list(self.events)
            what = (f"{len(self.events)} events your articles propose \u2002", "e: the names")
        if self.at in rows:
            table.move_cursor(row=rows.index(self.at))
            self.at = None
        self.query_one("#caption", Static).update(join((what[0], ""), (what[1], MUTED)))
        self._where()
        self.content_shown()

    def here(self) -> Location:
        return Location("candidates", item=self.current)

    @property
    def current(self) -> str | None:
        """The highlighted row's key: ``name:<key>`` or ``event:<id>``."""
        table = self.query_one("#table", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    @on(DataTable.RowHighlighted)
    def _highlighted(self, _: DataTable.RowHighlighted) -> None:
        self._where()

    def _where(self) -> None:
        """Below the list: why a name looks like what it is, and where it occurs; or an
        event's participants and sentences."""
        where = self.query_one("#where", Static)
        key = self.current
        if key in self.names:
            where.update(self._name_lines(self.names[key]))
        elif key in self.events:
            where.update(self._event_lines(self.events[key]))
        elif self.view == "names":
            where.update(literal("No candidates: every capitalised name is accounted for.", MUTED))
        else:
            where.update(
                literal("No proposed events: none of your articles dates what it names.", MUTED)
            )

    def _name_lines(self, c: Candidate) -> Content:
        lines = []
        why = "; ".join(c.why[:3]) if c.why else "nothing tells"
        head = f"{c.type or 'type unknown'} ({why})"
        if c.parts:
            head += f" · +{c.parts} short form{'s' if c.parts != 1 else ''}: "
            head += ", ".join(c.short_forms)
        for entity_id, n in c.instead_of:
            name = self._entity_name(entity_id)
            head += f" · kept {n} mention{'s' if n != 1 else ''} from {name}"
        lines.append(literal(head, MUTED))
        for paragraph_id in c.paragraphs[:3]:
            paragraph = self.catalog.paragraph(paragraph_id)
            article = self.catalog.article(paragraph.article_id)
            at = next((paragraph.text.find(s) for s in c.spellings if s in paragraph.text), 0)
            line = around(paragraph.text, at, at + len(c.name), 200)
            spans = [(line.find(c.name), line.find(c.name) + len(c.name))] if c.name in line else []
            lines.append(
                join(
                    (article.short_citation(paragraph.index) + "  ", MUTED),
                    highlighted(line, spans),
                )
            )
        more = len(c.paragraphs) - 3
        if more > 0:
            lines.append(literal(f"and {more} more paragraph{'s' if more != 1 else ''}", MUTED))
        return join(*[part for line in lines for part in (line, "\n")][:-1])

    def _event_lines(self, e: EventCandidate) -> Content:
        lines = []
        names = ", ".join(p.name for p in e.participants) or "no one"
        main = f" · main event of {len(e.main_of)}" if e.main_of else ""
        lines.append(literal(f"{e.type}, {e.date_label} · names {names}{main}", MUTED))
        for source in e.sources[:3]:
            paragraph = self.catalog.paragraph(source.evidence.paragraph_id)
            article = self.catalog.article(paragraph.article_id)
            dated = f"“{source.date_phrase}” → {source.resolved}  "
            lines.append(
                join(
                    (article.short_citation(paragraph.index) + "  ", MUTED),
                    literal(dated, "$accent"),
                    literal(source.evidence.quote),
                )
            )
        more = len(e.sources) - 3
        if more > 0:
            lines.append(literal(f"and {more} more sentence{'s' if more != 1 else ''}", MUTED))
        return join(*[part for line in lines for part in (line, "\n")][:-1])

    def _entity_name(self, entity_id: str) -> str:
        try:
            return self.catalog.entity(entity_id).name
        except DossierError:
            return entity_id

    def action_switch(self) -> None:
        """Show the other list: names, or events."""
        self.view = "events" if self.view == "names" else "names"
        self._fill()

    def action_read(self) -> None:
        """Open the first paragraph the name occurs in, or the event's first sentence."""
        key = self.current
        if key in self.names:
            paragraph = self.names[key].paragraphs[0]
        elif key in self.events:
            paragraph = self.events[key].sources[0].evidence.paragraph_id
        else:
            return
        # Back from the reader returns here, to this row.
        self.explorer.history.replace(Location("candidates", item=key))
        self.explorer.follow(f"paragraph:{paragraph}")

    def action_promote(self) -> None:
        """A name: ask its type and name, then make it an entity. An event: ask its
        title, then make it an event."""
        key = self.current
        if key is None or self.busy:
            return
        if key in self.events:
            event = self.events[key]

            def titled(answer: str | None) -> None:
                if answer and answer.strip():
                    self.change(Change("event", event.id, answer.strip()))

            self.app.push_screen(
                PromptScreen(
                    f"Make it an event ({event.type}, {event.date_label}) titled",
                    event.title,
                    "Enter adds it to events.toml · Esc",
                ),
                titled,
            )
            return
        candidate = self.names.get(key)
        if candidate is None:
            return
        name = candidate.name
        others = tuple(s for s in candidate.spellings if s != name)

        def named(answer: str | None, kind: str) -> None:
            if answer and answer.strip():
                self.change(Change("promote", answer.strip(), kind, others))

        def typed(kind: str | None) -> None:
            if kind:
                self.app.push_screen(
                    PromptScreen(f"Make an entity ({kind}) named", name, "Enter to make it · Esc"),
                    lambda answer: named(answer, kind),
                )

        self.app.push_screen(TypeScreen(name, candidate.type), typed)

    def action_merge(self) -> None:
        """Pick the entity the name is another spelling of."""
        key = self.current
        if key is None or self.busy:
            return
        if key not in self.names:
            self.notify("Only a name can be merged into an entity", markup=False)
            return
        name = self.names[key].name

        def picked(entity_id: str | None) -> None:
            if entity_id:
                self.change(Change("merge", name, entity_id))

        self.app.push_screen(EntityPickScreen(self.catalog, name), picked)

    def action_dismiss_candidate(self) -> None:
        """Record the highlighted candidate as none, in dismissed.toml."""
        key = self.current
        if key is None or self.busy:
            return
        text = self.names[key].name if key in self.names else self.events[key].id
        self.change(Change("dismiss", text, key))

    def action_undo(self) -> None:
        """Take the last dismissal back."""
        if self.busy:
            return
        last = self.dismissals.get(self.catalog.meta.corpus_dir)
        if last is None:
            self.notify("Nothing dismissed here to take back", markup=False)
            return
        self.change(Change("undo", last.text, last.target))

    def change(self, change: Change) -> None:
        """Write the change and rebuild, in a worker; the screen waits."""
        self.busy = True
        what = {
            "promote": "Making",
            "merge": "Merging",
            "event": "Making an event of",
            "dismiss": "Dismissing",
            "undo": "Taking back the dismissal of",
        }[change.kind]
        self.query_one("#caption", Static).update(
            join((f"{what} ", ""), literal(change.text, "bold"), ("… then rebuilding", MUTED))
        )
        self.write(change)

    @work(thread=True, exclusive=True, exit_on_error=False, group="edit")
    def write(self, change: Change) -> None:
        """Edit the corpus and rebuild the store inside the edit (off the UI thread)."""
        import store
        from store import corpus_to_grow

        catalog = self.catalog
        corpus = Path(catalog.meta.corpus_dir)
        try:
            edit = self._edit(change, catalog)
            edit(corpus, True, None)  # refused before anything is copied or written
            grown, made = corpus_to_grow(corpus)
            db = catalog.path if grown == corpus else store.default_db_path(grown)
            result = edit(grown, False, lambda: store.build(grown, db))
            reopened = store.Catalog.open(db)
            reopened.articles()
            said = self._said(change, reopened, result)
        except DossierError as exc:
            self.post_message(self.Refused(str(exc)))
            return
        self.post_message(self.Changed(reopened, said, grown if made else None, change))

    def _edit(self, change: Change, catalog: Catalog) -> Edit:
        """The edit of ``change``, as ``edit(corpus, dry_run, then)``."""
        import store

        if change.kind == "promote":
            return lambda corpus, dry, then: store.promote(
                corpus, change.text, change.target, aliases=change.aliases, dry_run=dry, then=then
            )
        if change.kind == "merge":
            return lambda corpus, dry, then: store.merge(
                corpus, change.text, change.target, dry_run=dry, then=then
            )
        if change.kind == "event":
            proposal = catalog.event_candidate(change.text)
            return lambda corpus, dry, then: store.promote_event(
                corpus, proposal, title=change.target, dry_run=dry, then=then
            )
        undo = change.kind == "undo"
        return lambda corpus, dry, then: store.dismiss(
            corpus, catalog, change.text, undo=undo, dry_run=dry, then=then
        )

    @staticmethod
    def _said(change: Change, catalog: Catalog, result: object) -> str:
        """What the edit did, in one line."""
        if change.kind in ("promote", "merge"):
            entity_id = result if isinstance(result, str) else change.target
            entity = catalog.entity(entity_id)
            n = entity.mention_count
            linked = f"{n} mention{'s' if n != 1 else ''} now linked"
            if change.kind == "promote":
                return f"Made {entity.name!r} an entity ({entity.type}, id {entity.id}); {linked}"
            return f"{change.text!r} is now a spelling of {entity.name}; {linked}"
        if change.kind == "event":
            event = catalog.event(str(result))
            return f"Made {event.title!r} an event ({event.type}, {event.date_label})"
        if change.kind == "dismiss":
            return f"Dismissed {change.text!r}: it is no longer proposed (u takes it back)"
        return f"Took back the dismissal of {change.text!r}"

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self.busy = False
        self.notify(
            printable(message.reason), title="Nothing was changed", severity="error", markup=False
        )
        self.gather()

    @on(Changed)
    def _changed(self, message: Changed) -> None:
        corpus = message.catalog.meta.corpus_dir
        if message.change.kind == "dismiss":
            self.dismissals[corpus] = message.change
        elif message.change.kind == "undo":
            self.dismissals.pop(corpus, None)
        if message.made_corpus is None and message.catalog.path == self.explorer.db_path:
            self.explorer.reload(message.catalog)  # here again, in the same list
        else:
            self.explorer.reopen(message.catalog, candidates=True)
        if message.made_corpus is not None:
            self.app.notify(
                f"Made your own corpus at {message.made_corpus} (a copy of the bundled one)",
                markup=False,
            )
        self.app.notify(printable(message.said), title="Candidates", markup=False)

    def action_cursor_down(self) -> None:
        """Move down."""
        self.query_one("#table", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        """Move up."""
        self.query_one("#table", DataTable).action_cursor_up()
