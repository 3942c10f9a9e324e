"""Fixtures for the explorer: an app on the bundled store, driven headless."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tui.app import DossierApp


@pytest.fixture
def app(built_store: Path) -> DossierApp:
    """The explorer on the bundled corpus (the store opened by its worker)."""
    return DossierApp(built_store)


async def settle(pilot: Pilot[int], app: DossierApp) -> None:
    """Let workers finish and messages land."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def wait_for(
    pilot: Pilot[int], predicate: Callable[[], object], timeout: float = 10.0
) -> None:
    """Pause until ``predicate()`` holds (workers run in threads: their timing varies)."""
    import time

    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting for the app"
        await pilot.pause(0.02)
