"""The explorer application: opens the store, then navigates between views.

Deliberately thin: the views live in :mod:`tui.screens`, what they show in
:mod:`tui.present`. The app owns the catalog, the history of places
(:mod:`tui.navigation`) and the keys that work everywhere. Opening the store
runs in a worker thread and ends by posting :class:`CatalogLoaded` (or
:class:`CatalogFailed`); only the message handlers touch the screens.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.actions import SkipAction
from textual.app import App
from textual.binding import Binding
from textual.command import Provider
from textual.message import Message
from textual.screen import ModalScreen

from store import DossierError, printable
from store import bundled_corpus_dir as store_bundled_corpus
from tui.navigation import History, Location
from tui.screens.loading import LoadingScreen

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from textual.dom import DOMNode
    from textual.driver import Driver

    from store import Catalog, StoreVersion, Timex, Tray
    from tui.evidence import CopyFormat, TrayChanged, TrayFailed, TrayKeeper
    from tui.screens.main import MainScreen

# The screens, the query API and what they show are imported when first
# needed, after the first frame is on the terminal (see ``dossier bench --ui``).


def _jump_provider() -> type[Provider]:
    from tui.commands import JumpProvider

    return JumpProvider


def _command_provider() -> type[Provider]:
    from tui.commands import CommandProvider

    return CommandProvider


@dataclass
class CatalogLoaded(Message):
    """The store was opened and can be queried."""

    catalog: Catalog


@dataclass
class TrayOpened(Message):
    """The evidence tray was read (``problem`` says what went wrong, if anything)."""

    tray: Tray
    problem: str | None
    reanchored: int
    orphaned: int


@dataclass
class StoreReloaded(Message):
    """The store was replaced underneath and opened again (off the UI thread)."""

    catalog: Catalog
    version: StoreVersion
    said: str
    """What changed, in a few words ("2 articles added")."""


@dataclass
class StoreReloadFailed(Message):
    """The store was replaced, but the new one could not be opened."""

    version: StoreVersion
    reason: str


@dataclass
class CatalogFailed(Message):
    """The store could not be opened; ``reason`` says why and what to do."""

    reason: str


class DossierApp(App[int]):
    """Explore one dossier store: search, entities, events, sources, disagreements."""

    TITLE = "dossier"
    # Our commands replace Textual's system commands (theme and quit are among
    # them, each once, with their keys).
    COMMANDS = {_command_provider, _jump_provider}
    COMMAND_PALETTE_BINDING = "ctrl+p"
    # The screen keys. Letters work wherever the search box does not have the
    # focus; the function keys work from anywhere, the search box too, since it
    # types nothing with them, and so does / (a priority key: it never types
    # itself into the search box). Each has an id, so that a key can be changed
    # in the config file (see tui.config).
    BINDINGS = [
        Binding("f1", "help", "Help", show=False, id="help"),
        Binding("question_mark", "help", "Help", id="help-letter"),
        Binding("slash", "to_search", "Search box", priority=True, show=False, id="search"),
        Binding("f2", "timeline", "Timeline", show=False, id="timeline"),
        Binding("t", "timeline", "Timeline", show=False, id="timeline-letter"),
        Binding("f3", "sources", "Sources", show=False, id="sources"),
        Binding("s", "sources", "Sources", show=False, id="sources-letter"),
        Binding("f4", "disagreements", "Disagreements", show=False, id="disagreements"),
        Binding("d", "disagreements", "Disagreements", show=False, id="disagreements-letter"),
        Binding("f5", "tray", "Evidence tray", show=False, id="tray"),
        Binding("T", "tray", "Evidence tray", show=False, id="tray-letter"),
        Binding("f6", "candidates", "New-entity candidates", show=False, id="candidates"),
        Binding("C", "candidates", "New-entity candidates", show=False, id="candidates-letter"),
        Binding("y", "copy", "Copy with citation", show=False, id="copy"),
        Binding("p", "pin", "Pin to tray", show=False, id="pin"),
        Binding("backspace,alt+left", "back", "Back", show=False, id="back"),
        Binding("alt+right", "forward", "Forward", show=False, id="forward"),
        Binding("q", "quit", "Quit", show=False, id="quit-letter"),
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="commands"),
    ]

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this terminal, its keys read so that an Esc typed
        together with the next key is not lost (:mod:`tui.keyparse`)."""
        from tui.keyparse import install

        install()
        return super().get_driver_class()

    def __init__(
        self,
        db_path: Path | str,
        *,
        catalog: Catalog | None = None,
        notices: tuple[str, ...] = (),
        theme: str | None = None,
    ) -> None:
        super().__init__()
        from tui.config import load

        self.settings = load()
        """The config file: theme and keys (see :mod:`tui.config`)."""
        self.asked_theme = theme
        """The theme given on the command line (``--theme``), over the config's."""
        self.db_path = Path(db_path)
        self.catalog: Catalog | None = catalog
        self.notices = notices
        """What to tell the user once the store is open (a corpus with errors, say)."""
        self.history = History()
        self.keeper: TrayKeeper | None = None
        """The evidence tray, once it is open."""
        self.copy_format: CopyFormat = "text"
        """The citation format ``y`` copies in (the last one chosen)."""
        self.disagreements_compact: bool | None = None
        """Compact or side by side, once the user has chosen (None: by width)."""
        self._navigation = asyncio.Lock()
        """Held while the screens change: one change at a time, in order."""
        self._changes = 0
        """Screen changes asked for and not yet done."""
        self._still = asyncio.Event()
        """Set when no screen change is under way."""
        self._still.set()
        self._keys: deque[events.Key] = deque()
        """Keys not yet handed on (see :meth:`on_event`)."""
        self._handing_on: asyncio.Task[None] | None = None
        self._main_up = asyncio.Event()
        """Set once the main screen is up (keys typed while the store opens wait)."""
        self._store_version: StoreVersion | None = None
        """The files of the store that is open (see :meth:`_watch_store`)."""
        self._reloading = False
        self._reload_ready: StoreReloaded | None = None
        """A reload waiting for a dialog to close."""

    def on_mount(self) -> None:
        self._apply_settings()
        if self.catalog is not None:
            self._start(self.catalog)
        else:
            self.push_screen(LoadingScreen(f"Opening {self.db_path}"))
            self.load_catalog()

    def _apply_settings(self) -> None:
        """The config's keys and theme (or ``--theme``); changes of theme are saved."""
        settings = self.settings
        problems = list(settings.problems)
        if settings.keys:
            self.set_keymap(dict(settings.keys))
        theme = self.asked_theme or settings.theme
        if theme and theme in self.available_themes:
            self.theme = theme
        elif theme:
            problems.append(f"{settings.path}: no theme {theme!r}; using {self.theme!r}")
        self.notices = (*self.notices, *problems)
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: object) -> None:
        name = getattr(theme, "name", None)
        if isinstance(name, str) and name != self.settings.theme:
            self.save_theme(name)

    @work(thread=True, exclusive=False, exit_on_error=False, group="settings")
    def save_theme(self, name: str) -> None:
        """Remember the theme in the config file (off the UI thread)."""
        from tui.config import save_theme

        try:
            save_theme(name, self.settings.path)
        except OSError as exc:
            self.call_from_thread(
                self.notify,
                f"The theme could not be saved in {self.settings.path} ({exc.strerror})",
                severity="warning",
                markup=False,
            )

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def load_catalog(self) -> None:
        """Open the store off the UI thread."""
        from store import Catalog

        try:
            catalog = Catalog.open(self.db_path)
            # Read the tables here too, so that no screen ever has to read them
            # on the UI thread (searching alone would not need them).
            catalog.articles()
        except DossierError as exc:
            self.post_message(CatalogFailed(str(exc)))
        else:
            self.post_message(CatalogLoaded(catalog))

    @on(CatalogLoaded)
    def _loaded(self, event: CatalogLoaded) -> None:
        self._start(event.catalog)

    @on(CatalogFailed)
    def _give_up(self, event: CatalogFailed) -> None:
        self.exit(return_code=2, message=f"dossier: error: {event.reason}")

    def _start(self, catalog: Catalog) -> None:
        from tui.screens.main import MainScreen

        self.set_interval(self.STORE_POLL, self._watch_store, name="store watch")
        self.catalog = catalog
        self._store_version = catalog.version
        self.sub_title = self._where(catalog)
        main = MainScreen(catalog)
        shown: Awaitable[object] = (
            self.switch_screen(main)
            if isinstance(self.screen, LoadingScreen)
            else self.push_screen(main)
        )

        async def ready() -> None:
            await shown
            self._main_up.set()

        self.run_worker(ready(), group="start")
        self.history.go(Location("main"))
        self.load_tray(catalog)
        for notice in self.notices:
            self.notify(
                printable(notice), title="Store", severity="warning", timeout=20, markup=False
            )
        self.notices = ()

    # The store, replaced underneath -----------------------------------------

    #: Seconds between looks at the store's files.
    STORE_POLL = 1.0

    def _watch_store(self) -> None:
        """Notice that another process (``dossier add``, ``promote``, a build in
        another terminal) replaced the store, and open the new one."""
        import store

        if self._reload_ready is not None:
            if not isinstance(self.screen, ModalScreen):
                ready, self._reload_ready = self._reload_ready, None
                self._reloaded(ready)
            return
        if self.catalog is None or self._reloading:
            return
        version = store.store_version(self.db_path)
        if version is None or version == self._store_version:
            return
        if store.build_running(self.db_path):
            return  # the store and its index may not match yet
        self._reloading = True
        self.reload_store(version)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reload")
    def reload_store(self, version: StoreVersion) -> None:
        """Open the new store off the UI thread, and say what changed."""
        from store import Catalog

        old = self.catalog
        try:
            catalog = Catalog.open(self.db_path)
            catalog.articles()
            said = _what_changed(old, catalog) if old is not None else "opened"
        except DossierError as exc:
            self.post_message(StoreReloadFailed(version, str(exc)))
            return
        self.post_message(StoreReloaded(catalog, version, said))

    @on(StoreReloadFailed)
    def _reload_failed(self, event: StoreReloadFailed) -> None:
        self._reloading = False
        self._store_version = event.version  # said once; the next change is tried again
        self.notify(
            f"The store changed but cannot be opened ({event.reason}); "
            "still showing the one opened before",
            title="Store",
            severity="warning",
            timeout=12,
            markup=False,
        )

    @on(StoreReloaded)
    def _reloaded(self, event: StoreReloaded) -> None:
        if isinstance(self.screen, ModalScreen):
            self._reload_ready = event  # not under a dialog the user is typing in
            return
        self._reloading = False
        self.reload(event.catalog)
        self.notify(f"The store changed: {event.said}", title="Store", timeout=6, markup=False)

    def reload(self, catalog: Catalog) -> None:
        """Show ``catalog`` (the same store, rebuilt) where the user is: the same
        screen, row, query, selection and focus, where they still exist."""
        from tui.screens.base import ExplorerScreen
        from tui.screens.main import MainScreen

        main = self.main
        here = self.screen
        place = here.here() if isinstance(here, ExplorerScreen) and here is not main else None
        if place is None and here is not main:
            place = self.history.current
        main_place = main.place() if main is not None else None
        self.catalog = catalog
        self._store_version = catalog.version
        self.sub_title = self._where(catalog)
        if place is not None and place.view != "main":
            self.history.replace(place)

        async def change() -> None:
            while len(self.screen_stack) > 1 and not isinstance(self.screen, MainScreen):
                await self.pop_screen()
            fresh = MainScreen(catalog)
            await self.switch_screen(fresh)
            if main_place is not None:
                fresh.come_back(main_place)
            if place is not None and place.view != "main":
                await self._show(place)

        self._change(change)
        self.load_tray(catalog)

    def reopen(self, catalog: Catalog, *, candidates: bool = False) -> None:
        """Start again on ``catalog`` (the store was rebuilt after an edit of the
        corpus), on the main screen, or the candidates' if ``candidates``."""
        from tui.screens.main import MainScreen

        self.db_path = catalog.path
        self.catalog = catalog
        self._store_version = catalog.version
        self.sub_title = self._where(catalog)

        async def change() -> None:
            while len(self.screen_stack) > 1 and not isinstance(self.screen, MainScreen):
                await self.pop_screen()
            await self.switch_screen(MainScreen(catalog))

        self._change(change)
        self.history = History()
        self.history.go(Location("main"))
        self.load_tray(catalog)
        if candidates:
            self.visit(Location("candidates"))

    @staticmethod
    def _where(catalog: Catalog) -> str:
        """Which corpus and store are open, for the header."""
        corpus = Path(catalog.meta.corpus_dir)
        bundled = corpus == store_bundled_corpus().resolve()
        home = str(Path.home())

        def short(path: Path) -> str:
            text = str(path)
            return "~" + text[len(home) :] if text.startswith(home + "/") else text

        return f"{'bundled corpus' if bundled else short(corpus)} · store {short(catalog.path)}"

    def action_bundled_corpus(self) -> None:
        """Open the corpus that ships with dossier (building its store if needed)."""
        if self.catalog is not None and self.sub_title.startswith("bundled corpus"):
            self.notify("The bundled corpus is already open", timeout=3)
            return
        self.notify("Opening the bundled corpus…", timeout=3)
        self.open_bundled()

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def open_bundled(self) -> None:
        """Open (and build, if needed) the bundled corpus's store, off the UI thread."""
        import store

        corpus = store.bundled_corpus_dir()
        db = store.default_db_path(corpus)
        try:
            catalog = store.open_current(corpus, db, lambda why: store.build(corpus, db))
            catalog.articles()
        except DossierError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.call_from_thread(self.reopen, catalog)

    # The evidence tray ------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="tray")
    def load_tray(self, catalog: Catalog) -> None:
        """Read the tray and re-anchor its pins, off the UI thread."""
        from store import open_tray

        tray, problem = open_tray(catalog)
        # Moved or changed pins, and new orphans (a refreshed citation is no news).
        moved = [
            new
            for old, new in tray.reanchored
            if (old.paragraph_id, old.text, old.status) != (new.paragraph_id, new.text, new.status)
        ]
        self.post_message(
            TrayOpened(
                tray,
                str(problem) if problem else None,
                sum(1 for pin in moved if pin.status == "re-anchored"),
                sum(1 for pin in moved if pin.status == "orphaned"),
            )
        )

    @on(TrayOpened)
    def _tray_opened(self, event: TrayOpened) -> None:
        from tui.evidence import TrayKeeper

        self.keeper = TrayKeeper(self, event.tray)
        if event.problem:
            self.notify(
                printable(event.problem),
                title="Evidence tray",
                severity="error",
                timeout=20,
                markup=False,
            )
        if event.reanchored or event.orphaned:
            parts = []
            if event.reanchored:
                parts.append(f"{event.reanchored} re-anchored by their quotes")
            if event.orphaned:
                parts.append(f"{event.orphaned} orphaned (kept as pinned)")
            self.notify(
                "The corpus changed: " + ", ".join(parts) + ". T opens the tray.",
                title="Evidence tray",
                severity="warning",
                timeout=12,
                markup=False,
            )

    def on_tray_changed(self, event: TrayChanged) -> None:
        """A change to the tray was saved: show it wherever the tray is shown."""
        from tui.screens.tray import TrayScreen

        if self.keeper is not None:
            self.keeper.on_changed(event)
        for screen in self.screen_stack:
            if isinstance(screen, TrayScreen):
                screen.show_pins(event.pins, event.focus)
        if event.said:
            self.notify(event.said, title="Evidence tray", markup=False)

    def on_tray_failed(self, event: TrayFailed) -> None:
        """A change to the tray could not be saved."""
        self.notify(event.reason, title="Evidence tray: not saved", severity="error", markup=False)

    def selected_paragraph(self) -> str | None:
        """The paragraph ``y`` and ``p`` act on: the screen's selected excerpt."""
        from tui.widgets.rows import RowList

        chosen = getattr(self.screen, "selected_paragraph", None)
        if isinstance(chosen, str):
            return chosen
        focused = self.focused
        if isinstance(focused, RowList):
            target = focused.current_target or ""
            if target.startswith("paragraph:"):
                return target.partition(":")[2]
        return None

    def _no_selection(self, what: str) -> None:
        self.notify(
            f"Select an excerpt first (a paragraph in the excerpts pane, the reader or a "
            f"source), then {what}.",
            severity="warning",
            markup=False,
        )

    def copy_paragraph(
        self, paragraph_id: str, form: CopyFormat | None = None, *, show: bool = True
    ) -> str | None:
        """Copy a paragraph with its citation to the clipboard (OSC 52) and
        show what was copied; returns the text."""
        from tui.dialogs.copied import CopiedScreen
        from tui.evidence import copy_text

        if self.catalog is None:
            return None
        form = form or self.copy_format
        try:
            text = copy_text(self.catalog, paragraph_id, form)
        except DossierError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return None
        self.copy_to_clipboard(text)
        self.copy_format = form
        if show:
            self.push_screen(CopiedScreen(paragraph_id, form, text))
        return text

    def action_copy(self) -> None:
        """Copy the selected excerpt with its citation."""
        paragraph_id = self.selected_paragraph()
        if paragraph_id is None:
            self._no_selection("press y to copy it with its citation")
            return
        self.copy_paragraph(paragraph_id)

    def action_pin(self) -> None:
        """Pin the selected excerpt to the evidence tray."""

        paragraph_id = self.selected_paragraph()
        if paragraph_id is None:
            self._no_selection("press p to pin it")
            return
        if self.keeper is None or self.catalog is None:
            self.notify("The evidence tray is still opening; try again", severity="warning")
            return
        catalog = self.catalog

        def pin(tray: Tray) -> tuple[str, str | None]:
            paragraph = catalog.paragraph(paragraph_id)
            article = catalog.article(paragraph.article_id)
            pinned, new = tray.pin(article, paragraph)
            where = f"{article.outlet} ¶{paragraph.index}"
            if not new:
                return f"Already in the tray: {where}", pinned.key
            return f"Pinned {where} ({len(tray.pins)} in the tray; T opens it)", pinned.key

        self.keeper.change(pin)

    def action_tray(self) -> None:
        """The evidence tray: reorder, annotate, export."""
        from tui.screens.tray import TrayScreen

        self._navigating_from_here()
        if isinstance(self.screen, TrayScreen):
            return
        if self.keeper is None or self.catalog is None:
            self.notify("The evidence tray is still opening; try again", severity="warning")
            return
        self.visit(Location("tray"))

    # Navigation ---------------------------------------------------------

    @property
    def main(self) -> MainScreen | None:
        """The main screen, once the store is open."""
        from tui.screens.main import MainScreen

        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    # Keys and screen changes, in order -------------------------------------

    async def on_event(self, event: events.Event) -> None:
        """Hand keys on one at a time, each once what the last one did has settled.

        Textual hands a key to the focused widget as soon as it arrives. A key
        typed during a screen change (or sent in one burst with the key that
        caused it, as over a slow link or from tmux) would reach the screen that
        is leaving, or a search box that is about to lose the focus. Here every
        key waits until the one before has been handled, the messages it caused
        have been handled, and any screen change it started has finished: it
        reaches the screen that appears, with its focus.
        """
        if isinstance(event, events.Key) and not event.is_forwarded:
            if not self._main_up.is_set() and event.key in ("ctrl+q", "ctrl+c"):
                # Quitting never waits for the store to open.
                await super().on_event(event)
                return
            self._keys.extend(_unfold_alt(event))
            if self._handing_on is None or self._handing_on.done():
                self._handing_on = asyncio.create_task(self._hand_on_keys())
            return
        await super().on_event(event)

    async def _hand_on_keys(self) -> None:
        while self._keys:
            key = self._keys.popleft()
            # Keys typed before the main screen is shown are for it (the
            # catalog may be open already while the screen is still coming up).
            await self._main_up.wait()
            await self._answered()
            await super().on_event(key)
            await self._settle(key)

    async def _answered(self, timeout: float = 2.0) -> None:
        """Outside the search box, a key acts on the results: on those of the query
        typed before it ("kadhemi", Down, Enter typed at once opens Kadhimi), so
        it waits for them (at most ``timeout``: a key is never lost)."""
        from textual.widgets import Input

        main = self.main
        if main is None or self.screen is not main or isinstance(self.focused, Input):
            return
        deadline = asyncio.get_running_loop().time() + timeout
        while not main.answered and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.01)

    async def _settle(self, key: events.Key, timeout: float = 2.0) -> None:
        """Wait (at most ``timeout``) until ``key`` and what it caused are done."""
        with contextlib.suppress(asyncio.TimeoutError):
            async with asyncio.timeout(timeout):
                # The key walks up from the focused widget to the screen: let
                # each in turn handle what is queued (the key, then what the
                # one below posted to it).
                node: DOMNode | None = self.focused or self.screen
                while node is not None and node is not self:
                    await _drained(node)
                    node = node.parent
                await self._still.wait()
                await _drained(self.screen)
                if self.focused is not None:
                    await _drained(self.focused)

    def _change(self, change: Callable[[], Awaitable[None]]) -> None:
        """Change the screens with ``change``, after every change asked before."""
        self._changes += 1
        self._still.clear()

        async def run() -> None:
            try:
                async with self._navigation:
                    await change()
            finally:
                self._changes -= 1
                if not self._changes:
                    self._still.set()

        self.run_worker(run(), group="navigation")

    async def _to_main(self) -> MainScreen | None:
        main = self.main
        if main is None:
            return None
        while self.screen is not main and len(self.screen_stack) > 1:
            await self.pop_screen()
        return main

    def visit(self, place: Location) -> None:
        """Go to ``place`` and remember it in the history."""
        self.history.go(place)
        self.show(place)

    def show(self, place: Location) -> None:
        """Bring up the screen of ``place`` (after any change already asked for)."""
        self._change(lambda: self._show(place))

    def follow(self, target: str, *, reader: bool = False) -> None:
        """Open what a row points at: an entity, event, article, paragraph or claim."""
        kind, _, item = target.partition(":")
        main = self.main
        query = main.query_text if main else None
        # The entity shown when a paragraph is opened: the reader starts on its mention.
        shown = main.shown.item if main and main.shown and self.screen is main else None
        entity = shown.partition(":")[2] if shown and shown.startswith("entity:") else None
        if kind == "claim":
            self.visit(Location("disagreements", item=item))
        elif kind == "paragraph":
            if self.catalog is None:
                return
            article_id = self.catalog.paragraph(item).article_id
            self.visit(
                Location("reader", item=f"article:{article_id}", paragraph=item, entity=entity)
            )
        elif kind == "article" and reader:
            self.visit(Location("reader", item=target))
        else:
            self.visit(Location("main", item=target, query=query))

    async def _show(self, place: Location) -> None:
        from tui.screens.disagreements import DisagreementsScreen
        from tui.screens.reader import ReaderScreen
        from tui.screens.sources import SourcesScreen
        from tui.screens.timeline import TimelineScreen

        main = await self._to_main()
        if main is None or self.catalog is None:
            return
        if place.view == "main":
            main.show_location(place)
        elif place.view == "reader" and place.item:
            article_id = place.item.partition(":")[2]
            await self.push_screen(
                ReaderScreen(self.catalog, article_id, place.paragraph, entity_id=place.entity)
            )
        elif place.view in ("timeline", "reported"):
            entities = tuple(place.item.split(",")) if place.item else ()
            await self.push_screen(
                TimelineScreen(
                    self.catalog, entities, reported=place.view == "reported", at=place.paragraph
                )
            )
        elif place.view == "sources":
            await self.push_screen(SourcesScreen(self.catalog, at=place.item))
        elif place.view == "candidates":
            from tui.screens.candidates import CandidatesScreen

            await self.push_screen(CandidatesScreen(self.catalog, at=place.item))
        elif place.view == "disagreements":
            await self.push_screen(
                DisagreementsScreen(self.catalog, place.item, compact=self.disagreements_compact)
            )
        elif place.view == "dispute" and place.item:
            from tui.screens.disagreements import DisputeScreen

            await self.push_screen(DisputeScreen(self.catalog, place.item))
        elif place.view == "tray" and self.keeper is not None:
            from tui.screens.tray import TrayScreen

            await self.push_screen(TrayScreen(self.catalog, self.keeper, at=place.item))

    # Actions --------------------------------------------------------------

    async def action_back(self) -> None:
        """Go back to the previous place (Textual's own ``back`` pops a screen; ours
        walks the history, which knows which screen and row you came from)."""
        place = self.history.back()
        if place is not None:
            self.show(place)
        else:
            self.bell()

    def action_forward(self) -> None:
        """Go forward again."""
        place = self.history.forward()
        if place is not None:
            self.show(place)
        else:
            self.bell()

    def _navigating_from_here(self) -> None:
        """A screen key pressed in a dialog is the dialog's (it may be typing)."""
        if isinstance(self.screen, ModalScreen):
            raise SkipAction()

    def action_to_search(self) -> None:
        """To the search box on the main screen (from anywhere; in the search box, it
        stays there: ``/`` never types itself)."""
        from textual.widgets import Input

        self._navigating_from_here()
        focused = self.focused
        if isinstance(focused, Input) and focused.id != "query":
            raise SkipAction()  # another text field: "/" is a character there

        async def change() -> None:
            main = await self._to_main()
            if main is not None:
                main.action_focus_search()

        self._change(change)

    def action_timeline(self) -> None:
        """All events in date order (filterable to the current selection)."""
        self._navigating_from_here()
        main = self.main
        entities = main.selection_entities if main else ()
        self.visit(Location("timeline", item=",".join(entities) or None))

    def visit_reported_dates(self, date: Timex) -> None:
        """The timeline of the dates the paragraphs report, at ``date``."""
        self.visit(Location("reported", paragraph=f"{date.paragraph_id}@{date.start}"))

    def action_candidates(self) -> None:
        """Names no entity accounts for: make one an entity, or another's alias."""
        self._navigating_from_here()
        self.visit(Location("candidates"))

    def action_sources(self) -> None:
        """The articles, with outlet, author, date and counts."""
        self._navigating_from_here()
        self.visit(Location("sources"))

    def action_disagreements(self) -> None:
        """Every disputed fact, each source's answer side by side."""
        self._navigating_from_here()
        self.visit(Location("disagreements"))

    def key_for(self, binding_id: str) -> str:
        """How the keys of the binding with this id are shown (after the config's keymap)."""
        shown = [
            self.get_key_display(binding)
            for bindings in self._bindings.key_to_bindings.values()
            for binding in bindings
            if binding.id == binding_id
        ]
        return " · ".join(dict.fromkeys(shown))

    def action_help(self) -> None:
        """The screen keys first (they work from everywhere), then this screen's own,
        then the editing keys of the search box; from the live bindings."""
        from textual.widgets import Input, TextArea

        from tui.commands import GENERIC
        from tui.dialogs.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        screens: dict[str, tuple[list[str], str]] = {}
        here: dict[str, tuple[list[str], str]] = {}
        editing: dict[str, tuple[list[str], str]] = {}

        def add(group: dict[str, tuple[list[str], str]], binding: Binding) -> None:
            shown, _ = group.setdefault(
                binding.action.removeprefix("app."), ([], binding.description)
            )
            display = self.get_key_display(binding)
            if display not in shown:
                shown.append(display)

        for binding in self._bindings.key_to_bindings.values():
            for b in binding:
                if b.description:
                    add(screens, b)
        for active in self.screen.active_bindings.values():
            b, node = active.binding, active.node
            if not b.description or node is self:
                continue
            if isinstance(node, Input | TextArea) and not b.action.startswith(("screen.", "app.")):
                if not b.action.startswith("scroll_"):
                    add(editing, b)
            elif b.action.removeprefix("app.") in screens:
                continue  # a pane repeating a screen key: said once, above
            elif not b.action.startswith(GENERIC) or b.action == "select":
                add(here, b)
        if not editing and self.main is not None and self.screen is self.main:
            for spec in Input.BINDINGS:
                if isinstance(spec, Binding) and spec.description:
                    add(editing, spec)
        sections = [
            ("Screens, from anywhere", [(" · ".join(k), text) for k, text in screens.values()]),
            ("Here", [(" · ".join(k), text) for k, text in here.values()]),
            ("Editing the search box", [(" · ".join(k), text) for k, text in editing.values()]),
        ]
        self.push_screen(HelpScreen(self.screen.title or self.title, sections))

    def get_key_display_for(self, action: str) -> str:
        """The keys of the app's binding for ``action``."""
        for bindings in self._bindings.key_to_bindings.values():
            for binding in bindings:
                if binding.action == action:
                    return self.get_key_display(binding)
        return ""


def _what_changed(old: Catalog, new: Catalog) -> str:
    """What a rebuild changed, in a few words: "2 articles added, 1 entity added"."""
    from store import plural

    parts = []
    before = {a.id: a.sha256 for a in old.articles()}
    after = {a.id: a.sha256 for a in new.articles()}
    changed = sum(1 for k, v in after.items() if k in before and before[k] != v)
    for label, a, b in (
        ("article", set(before), set(after)),
        ("entity", {e.id for e in old.entities()}, {e.id for e in new.entities()}),
        ("event", {e.id for e in old.events()}, {e.id for e in new.events()}),
    ):
        if added := len(b - a):
            parts.append(f"{plural(added, label)} added")
        if removed := len(a - b):
            parts.append(f"{plural(removed, label)} removed")
        if label == "article" and changed:
            parts.append(f"{plural(changed, 'article')} changed")
    return ", ".join(parts) or "rebuilt, nothing added or removed"


def _unfold_alt(key: events.Key) -> list[events.Key]:
    """``Esc`` then a letter, arriving together, as the two keys they were (and a
    line feed as the Enter it was).

    A terminal sends Alt+Q as ESC q, so Esc followed at once by q (typed fast,
    sent by tmux, or run together by a slow link) reads as Alt+Q, which nothing
    here is bound to: the user meant Esc, then q.
    """
    if key.key == "ctrl+j":
        # Enter typed before the terminal was in raw mode (while dossier starts)
        # reaches it as a line feed: the terminal turned its carriage return
        # into one. Nothing is bound to Ctrl+J: it is the Enter the user typed.
        return [events.Key("enter", "\r")]
    name, _, char = key.key.rpartition("+")
    if name not in ("alt", "alt+shift") or len(char) != 1 or not key.character:
        return [key]
    return [events.Key("escape", "\x1b"), events.Key(key.character, key.character)]


async def _drained(node: DOMNode) -> None:
    """Wait until ``node`` has handled every message queued for it now."""
    done = asyncio.Event()
    if node.call_later(done.set):
        await done.wait()
