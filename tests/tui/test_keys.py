"""Keys typed faster than the screens change still land where they were meant to.

A terminal over a slow link, or tmux, delivers keys in one burst: the key that
opens a screen and the keys meant for that screen arrive together. Each burst
here is posted to the app at once, with no pause between keys."""

from __future__ import annotations

from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from tests.tui.conftest import settle, wait_for
from tui.app import DossierApp
from tui.screens.main import MainScreen
from tui.screens.reader import ReaderScreen
from tui.screens.timeline import TimelineScreen
from tui.widgets.rows import RowList

CHARACTERS = {"escape": "\x1b", "enter": "\r", "down": None, "up": None, "ctrl+u": "\x15"}


def burst(app: DossierApp, *keys: str) -> None:
    """Post ``keys`` to the app all at once, as a terminal delivers a burst."""
    for key in keys:
        character = CHARACTERS.get(key, key if len(key) == 1 else None)
        app.post_message(events.Key(key, character))


async def _main(pilot: Pilot[int], app: DossierApp) -> MainScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
    await settle(pilot, app)
    main = app.screen
    assert isinstance(main, MainScreen)
    return main


async def test_keys_after_t_reach_the_timeline(app: DossierApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        main = await _main(pilot, app)
        main.query_one("#results", RowList).focus()
        await settle(pilot, app)
        burst(app, "t", "down", "down")
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))
        await settle(pilot, app)
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count > 0)
        await settle(pilot, app)
        assert table.cursor_row == 2


async def test_leaving_the_reader_and_typing_a_query_types_it(app: DossierApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await _main(pilot, app)
        app.follow("paragraph:jcpa-2020-06-29-conflict-government-militias:p36")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await settle(pilot, app)
        # Esc (back to the search box), clear it, then a query with a t and an s in it.
        burst(app, "escape", "ctrl+u", *"taji strike")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await settle(pilot, app)
        main = app.screen
        assert isinstance(main, MainScreen)
        query = main.query_one("#query", Input)
        await wait_for(pilot, lambda: query.value == "taji strike")
        assert app.focused is query
        assert len(app.screen_stack) == 2  # no timeline or sources opened on the way


async def test_opening_the_reader_and_walking_its_mentions_at_once(app: DossierApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        main = await _main(pilot, app)
        query = main.query_one("#query", Input)
        query.value = "muhandes"
        await wait_for(pilot, lambda: main.results_for == "muhandes")
        await pilot.press("enter")
        await settle(pilot, app)
        excerpts = main.query_one("#excerpts", RowList)
        excerpts.focus()
        await settle(pilot, app)
        burst(app, "o", "n", "n")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await wait_for(pilot, lambda: reader.article is not None)
        await settle(pilot, app)
        assert reader.at is not None
        # Opened on the first mention of its paragraph; two n's moved two mentions on.
        opened = reader.paragraph_ids.index(reader.opened or "")
        first = next(k for k, (i, _) in enumerate(reader.cursor) if i == opened)
        assert reader.at == first + 2
