"""The app opens the store in a worker, and refuses an unreadable one cleanly."""

from __future__ import annotations

import contextlib
from pathlib import Path

from textual.worker import WorkerCancelled

from tests.tui.conftest import settle, wait_for
from tui.app import DossierApp
from tui.screens.loading import LoadingScreen
from tui.screens.main import MainScreen
from tui.widgets.rows import RowList


async def test_opens_the_store_in_a_worker_then_shows_the_main_screen(built_store: Path) -> None:
    app = DossierApp(built_store)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, LoadingScreen) or app.catalog is not None
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, MainScreen)
                # query, not query_one: the screen may not have composed its panes yet
                and any(r.rows for r in app.screen.query("#results").results(RowList))
            ),
        )
        results = app.screen.query_one("#results", RowList)
        # With nothing typed: the most mentioned entities, first selected.
        assert results.rows[0].target == "entity:iraq"
        assert results.highlighted == 0
        assert app.screen.query_one("#query").has_focus
        # Let the header's own mount callbacks run before the app is torn down
        # (Textual 8.2.8's Header queries its title after an instant exit).
        await settle(pilot, app)
        await pilot.pause(0.1)


async def test_unreadable_store_exits_with_code_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("nonsense")
    app = DossierApp(bad)
    async with app.run_test() as pilot:
        with contextlib.suppress(WorkerCancelled):  # the app exits while it waits
            await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 2
