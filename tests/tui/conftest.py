"""Fixtures for the explorer: an app on the bundled store, driven headless."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerError, WorkerFailed

from tui.app import DossierApp


@pytest.fixture
def app(built_store: Path) -> DossierApp:
    """The explorer on the bundled corpus (the store opened by its worker)."""
    return DossierApp(built_store)


async def settle(pilot: Pilot[int], app: DossierApp) -> None:
    """Let workers finish and messages land.

    A worker cancelled on the way is normal (a newer search replaces an older
    one in its exclusive group), so only a worker that failed is raised:
    ``wait_for_complete`` would raise on a cancelled one too (CI saw it when a
    query typed in a burst cancelled the search for its first letter).
    """
    for _ in range(3):
        await wait_for_workers(app)
        await pilot.pause()


async def wait_for_workers(app: DossierApp) -> None:
    """Wait for the app's workers; raise if one failed, not if one was cancelled."""
    outcomes = await asyncio.gather(
        *(worker.wait() for worker in list(app.workers)), return_exceptions=True
    )
    for outcome in outcomes:
        if isinstance(outcome, WorkerFailed):
            raise outcome
        if isinstance(outcome, BaseException) and not isinstance(
            outcome, (WorkerCancelled, WorkerError, asyncio.CancelledError)
        ):
            raise outcome


async def wait_for(
    pilot: Pilot[int], predicate: Callable[[], object], timeout: float = 10.0
) -> None:
    """Pause until ``predicate()`` holds (workers run in threads: their timing varies)."""
    import time

    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting for the app"
        await pilot.pause(0.02)
