"""The explorer sees a store replaced underneath it: a build in another
terminal, ``dossier add``, ``promote``. It reloads off the UI thread and keeps
the user's place (query, selection, screen, row), with a word on what changed."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

import store
from tests.tui.conftest import settle, wait_for
from tui.app import DossierApp
from tui.screens.main import MainScreen
from tui.screens.timeline import TimelineScreen
from tui.widgets.rows import RowList

NEW_ARTICLE = """\
Baghdad (Tigris Wire) - Mustafa al-Kadhimi met Sheikh Qais Talabani of the Zubaydi
tribal council on Tuesday to discuss the release of the Kataib Hezbollah men.

Talabani said the council would mediate between the government and the militia.
"""


def _add_article(corpus: Path, db: Path) -> None:
    """What ``dossier add`` does, from another thread (as another process would)."""
    (corpus / "articles" / "tigris-talabani.txt").write_text(NEW_ARTICLE, "utf-8")
    with (corpus / "articles.toml").open("a", encoding="utf-8") as toml:
        toml.write(
            '\n[[article]]\nid = "tigris-2020-07-01-talabani"\n'
            'file = "articles/tigris-talabani.txt"\noutlet = "Tigris Wire"\n'
            'title = "Kadhimi meets the Zubaydi council"\npublished = 2020-07-01\n'
            'url = "https://example.org/talabani"\n'
        )
    store.build(corpus, db)


@pytest.fixture
def own(corpus_copy: Path, tmp_path: Path) -> tuple[Path, Path]:
    db = tmp_path / "store.json"
    store.build(corpus_copy, db)
    return corpus_copy, db


@pytest.mark.parametrize("searching", ["quick", "slow"])
async def test_a_store_rebuilt_underneath_is_reloaded_keeping_the_selection(
    own: tuple[Path, Path], searching: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``slow``: after the reload the search answers after the detail (as on a busy
    machine); the selection must be restored all the same."""
    corpus, db = own
    if searching == "slow":
        import time

        search = store.Catalog.search

        def slow(self: store.Catalog, *args: Any, **kwargs: Any) -> Any:
            if self is not first_catalog[0]:
                time.sleep(0.5)  # only the reloaded store's searches
            return search(self, *args, **kwargs)

        monkeypatch.setattr(store.Catalog, "search", slow)
    first_catalog: list[object] = [None]
    app = DossierApp(db)
    said: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        main = app.screen
        assert isinstance(main, MainScreen)
        await pilot.press(*"kadhimi")
        await settle(pilot, app)
        results = main.query_one("#results", RowList)
        results.focus()
        await pilot.press("down")
        await settle(pilot, app)
        before = results.current_target
        app.notify = lambda message, **kw: said.append(str(message))  # type: ignore[method-assign]
        first = app.catalog
        first_catalog[0] = first
        builder = threading.Thread(target=_add_article, args=(corpus, db))
        builder.start()
        while builder.is_alive():
            await pilot.pause(0.05)  # the explorer keeps answering meanwhile
        await wait_for(pilot, lambda: app.catalog is not first, timeout=15)
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen is not main)
        await settle(pilot, app)
        fresh = app.screen
        assert isinstance(fresh, MainScreen)
        assert fresh.query_text == "kadhimi"
        assert fresh.query_one("#results", RowList).current_target == before
        assert fresh.focused is fresh.query_one("#results", RowList)
        assert any("1 article added" in s for s in said), said
        # The new article is found without a restart.
        await pilot.press("slash", "ctrl+a", "ctrl+k", *"talabani zubaydi")
        await settle(pilot, app)
        targets = [row.target or "" for row in fresh.query_one("#results", RowList).rows]
        assert any("tigris-2020-07-01-talabani" in t for t in targets), targets


async def test_a_reload_keeps_the_screen_and_its_row(own: tuple[Path, Path]) -> None:
    corpus, db = own
    app = DossierApp(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        app.action_timeline()
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))
        await settle(pilot, app)
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count > 5)
        await pilot.press("down", "down", "down", "down")
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        row = timeline.here().paragraph
        first = app.catalog
        await pilot.pause(0.1)
        _add_article(corpus, db)
        await wait_for(pilot, lambda: app.catalog is not first, timeout=15)
        await wait_for(
            pilot, lambda: isinstance(app.screen, TimelineScreen) and app.screen is not timeline
        )
        await settle(pilot, app)
        again = app.screen
        assert isinstance(again, TimelineScreen)
        await wait_for(pilot, lambda: again.query_one(DataTable).row_count > 5)
        assert again.here().paragraph == row
        await pilot.press("escape")  # back still goes to the main screen
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
