"""``dossier bench --ui``: how quick the explorer feels, measured.

* **Start to first frame**: ``dossier`` is started in a pseudo-terminal, as a
  user would start it, on a store that is already built; the clock runs from
  the start of the process to the first bytes of the frame (the title bar),
  and to the first frame with results in it. Repeated, median and spread.
  A bare Textual app with one widget (:mod:`bench.bare_app`), started the
  same way in turns with the explorer, is the baseline.
* **Keystroke to updated results**: the app runs headless in this process;
  for each character of a set of queries typed one at a time, the clock runs
  from the key reaching the search box to the first screen refresh that shows
  the new results (the test driver's own overhead per key is left out).
* **Screens**: headless at 80x24, from each screen's key to the first refresh
  with its content in place (:meth:`ExplorerScreen.content_shown`).
"""

from __future__ import annotations

import asyncio
import os
import select
import signal
import statistics
import struct
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import store

#: Queries typed character by character (misspelled, as people type).
TYPED = ("katib hezbolah", "suleimani", "who released the men", "green zone raid", "kadhemi")
#: Targets on the bundled corpus.
FIRST_FRAME_RATIO = 1.3
KEYSTROKE_MS = 50.0


def _frames(argv: list[str], useful: bytes | None) -> tuple[float | None, float | None]:
    """Seconds from starting ``argv`` in an 80x24 pseudo-terminal to the first
    frame (the word "dossier" drawn), and to ``useful`` drawn."""
    import fcntl
    import pty
    import termios

    root = str(Path(store.__file__).resolve().parent.parent)
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(
            TERM="xterm-256color",
            PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""),
        )
        # As installed: modules compiled once, not on every start.
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.execv(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    output = bytearray()
    first = last = None
    try:
        deadline = started + 20
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.01)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            output.extend(chunk)
            if first is None and b"dossier" in output:
                first = time.perf_counter() - started
                if useful is None:
                    break
            if useful is not None and useful in output:
                last = time.perf_counter() - started
                break
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    return first, last


def _first_frames(
    db: Path, corpus: Path, runs: int
) -> tuple[list[float], list[float], list[float]]:
    """Seconds to the explorer's first frame, to its first frame with results,
    and to the bare Textual app's first frame, run by run, taken in turns so
    that both see the same machine."""
    explorer = [sys.executable, "-m", "tui", "--corpus", str(corpus), "--db", str(db)]
    bare = [sys.executable, "-m", "bench.bare_app"]
    first, useful, baseline = [], [], []
    _frames(bare, None)  # warm the file cache for both
    _frames(explorer, b"most mentioned")
    for _ in range(runs):
        seen, whole = _frames(explorer, b"most mentioned")
        if seen is not None:
            first.append(seen)
        if whole is not None:
            useful.append(whole)
        seen, _ = _frames(bare, None)
        if seen is not None:
            baseline.append(seen)
    return first, useful, baseline


async def _keystrokes(db: Path) -> list[float]:
    """Milliseconds from a key reaching the search box to its results drawn."""
    from tui.app import DossierApp
    from tui.screens.main import MainScreen

    app = DossierApp(db)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        main = app.screen
        assert isinstance(main, MainScreen)
        main.latencies = []
        for query in TYPED:
            main.action_focus_search()
            await pilot.press("ctrl+a", "ctrl+k")
            await app.workers.wait_for_complete()
            await pilot.pause(0.3)
            main.latencies.clear() if query == TYPED[0] else None
            for ch in query:
                await pilot.press("space" if ch == " " else ch)
            await app.workers.wait_for_complete()
            await pilot.pause(0.3)
        return list(main.latencies)


#: The screens timed, with the key that opens each (from the excerpts pane of
#: the main screen, or from the screen before for "r").
SCREENS = (
    ("timeline", "f2"),
    ("reported dates", "r"),
    ("sources", "f3"),
    ("disagreements", "f4"),
    ("evidence tray", "f5"),
    ("candidates", "f6"),
    ("reader", "o"),
)
SCREEN_MS = 150.0


async def _screens(db: Path, rounds: int) -> dict[str, list[float]]:
    """Milliseconds from each screen's key to its content drawn, ``rounds`` times
    each (the first time a screen opens in the session is the first value)."""
    from tui.app import DossierApp
    from tui.screens.base import ExplorerScreen
    from tui.screens.main import MainScreen
    from tui.widgets.rows import RowList

    timings: dict[str, list[float]] = {name: [] for name, _ in SCREENS}
    app = DossierApp(db)
    async with app.run_test(size=(80, 24)) as pilot:

        async def until(condition: Callable[[], bool], limit: float = 20.0) -> None:
            deadline = time.perf_counter() + limit
            while not condition():
                if time.perf_counter() > deadline:
                    raise TimeoutError("the explorer did not get there")
                await asyncio.sleep(0.0005)

        async def timed(key: str) -> float:
            """Press ``key``; the time until a new screen, or a new view of
            this one, is drawn."""
            before = app.screen
            draws = before.draws if isinstance(before, ExplorerScreen) else 0

            def drawn() -> bool:
                here = app.screen
                if not isinstance(here, ExplorerScreen):
                    return False
                count, shown = here.draws, here.content_drawn.is_set()
                return count > draws if here is before else shown

            started = time.perf_counter()
            pressing = asyncio.create_task(pilot.press(key))
            await until(drawn)
            elapsed = (time.perf_counter() - started) * 1000
            await pressing
            return elapsed

        await until(lambda: isinstance(app.screen, MainScreen))
        main = app.screen
        assert isinstance(main, MainScreen)
        await pilot.press(*"kataib hezbolah")
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        excerpts = main.query_one("#excerpts", RowList)
        excerpts.focus()
        for _ in range(3):  # something in the tray
            await pilot.press("p", "down")
        await pilot.pause(0.3)

        for _ in range(rounds):
            for name, key in SCREENS:
                if name == "reported dates":
                    await timed("f2")  # the timeline first, then its other view
                else:
                    excerpts.focus()
                    await pilot.pause()
                timings[name].append(await timed(key))
                await pilot.press("escape")
                await until(lambda: app.screen is main)
                await app.workers.wait_for_complete()
                await pilot.pause(0.1)
    return timings


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[round(0.95 * (len(ordered) - 1))] if ordered else float("nan")


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def run(runs: int = 7) -> str:
    """Measure and report, as Markdown."""
    corpus = store.bundled_corpus_dir()
    with tempfile.TemporaryDirectory(prefix="dossier-ui-bench-") as work:
        db = Path(work) / "store.json"
        store.build(corpus, db)
        first, useful, bare = _first_frames(db, corpus, runs)
        keys = asyncio.run(_keystrokes(db))
        data = os.environ.get("DOSSIER_DATA")
        os.environ["DOSSIER_DATA"] = str(Path(work) / "data")  # a tray of its own
        try:
            screens = asyncio.run(_screens(db, max(3, runs)))
        finally:
            if data is None:
                os.environ.pop("DOSSIER_DATA", None)
            else:
                os.environ["DOSSIER_DATA"] = data

    def ms(values: list[float], scale: float = 1.0) -> str:
        if not values:
            return "–"
        v = [x * scale for x in values]
        return f"{_median(v):.0f} (p95 {_p95(v):.0f}, n={len(v)})"

    ratio = _median(first) / _median(bare) if first and bare else float("nan")
    key_p95 = _p95(keys)
    lines = [
        f"dossier bench --ui: the explorer on the bundled corpus, store already built; "
        f"{os.cpu_count()} cores.",
        "",
        "| measure | median ms (p95, runs) | target | |",
        "|---|---:|---:|---|",
        f"| bare Textual app, start to first frame (baseline) | {ms(bare, 1000)} | | |",
        f"| explorer, start to first frame (80x24) | {ms(first, 1000)} "
        f"| ≤ {FIRST_FRAME_RATIO}× baseline: ×{ratio:.2f} "
        f"| {_verdict(ratio <= FIRST_FRAME_RATIO)} |",
        f"| explorer, start to first frame with results | {ms(useful, 1000)} | | |",
        f"| keystroke to results drawn | {ms(keys)} | p95 ≤ {KEYSTROKE_MS:.0f} ms "
        f"| {_verdict(key_p95 <= KEYSTROKE_MS)} |",
    ]
    for name, values in screens.items():
        median = _median(values)
        lines.append(
            f"| {name}: key to content drawn | {median:.0f} (first {values[0]:.0f}, "
            f"p95 {_p95(values):.0f}, n={len(values)}) | ≤ {SCREEN_MS:.0f} ms "
            f"| {_verdict(median <= SCREEN_MS)} |"
        )
    lines += [
        "",
        "Screens are timed headless at 80x24 from the key to the first refresh with the "
        "content in place, each opened in turn from the main screen (with a selection and "
        "three pins) and closed again; *first* is its first opening in the session, when "
        "its code and styles load.",
    ]
    return "\n".join(lines)
