"""``dossier bench --ui``: how quick the explorer feels, measured.

* **Start to first frame**: ``dossier`` is started in a pseudo-terminal, as a
  user would start it, on a store that is already built; the clock runs from
  the start of the process to the first bytes of the frame (the title bar),
  and to the first frame with results in it. Repeated, median and spread.
* **Keystroke to updated results**: the app runs headless in this process;
  for each character of a set of queries typed one at a time, the clock runs
  from the key reaching the search box to the first screen refresh that shows
  the new results (the test driver's own overhead per key is left out).
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
from pathlib import Path

import store

#: Queries typed character by character (misspelled, as people type).
TYPED = ("katib hezbolah", "suleimani", "who released the men", "green zone raid", "kadhemi")
#: Targets on the bundled corpus.
FIRST_FRAME_S = 0.4
KEYSTROKE_MS = 50.0


def _first_frames(db: Path, corpus: Path, runs: int) -> tuple[list[float], list[float]]:
    """Seconds to the first frame and to the first frame with results, per run."""
    import fcntl
    import pty
    import termios

    root = str(Path(store.__file__).resolve().parent.parent)
    first, useful = [], []
    for _ in range(runs):
        started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:
            os.environ.update(
                TERM="xterm-256color",
                PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""),
            )
            os.execv(
                sys.executable,
                [sys.executable, "-m", "tui", "--corpus", str(corpus), "--db", str(db)],
            )
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        output = bytearray()
        seen_first = None
        try:
            deadline = started + 20
            while time.perf_counter() < deadline:
                ready, _, _ = select.select([fd], [], [], 0.01)
                if not ready:
                    continue
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                output.extend(chunk)
                if seen_first is None and b"dossier" in output:
                    seen_first = time.perf_counter() - started
                if b"most mentioned" in output:
                    useful.append(time.perf_counter() - started)
                    break
        finally:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(fd)
        if seen_first is not None:
            first.append(seen_first)
    return first, useful


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


def run(runs: int = 7) -> str:
    """Measure and report, as Markdown."""
    corpus = store.bundled_corpus_dir()
    with tempfile.TemporaryDirectory(prefix="dossier-ui-bench-") as work:
        db = Path(work) / "store.json"
        store.build(corpus, db)
        first, useful = _first_frames(db, corpus, runs)
        keys = asyncio.run(_keystrokes(db))

    def stats(values: list[float], scale: float = 1.0) -> str:
        if not values:
            return "–"
        v = sorted(x * scale for x in values)
        p95 = v[min(len(v) - 1, round(0.95 * (len(v) - 1)))]
        return f"{statistics.median(v):.0f} (min {v[0]:.0f}, p95 {p95:.0f}, n={len(v)})"

    first_median = statistics.median(first) if first else float("nan")
    key_median = statistics.median(keys) if keys else float("nan")
    key_p95 = sorted(keys)[round(0.95 * (len(keys) - 1))] if keys else float("nan")
    lines = [
        "dossier bench --ui: the explorer on the bundled corpus, store already built.",
        "",
        "| measure | median ms (spread) | target |",
        "|---|---:|---:|",
        f"| start to first frame (pseudo-terminal, 80x24) | {stats(first, 1000)} "
        f"| ≤ {FIRST_FRAME_S * 1000:.0f} ms |",
        f"| start to first frame with results | {stats(useful, 1000)} | |",
        f"| keystroke to results drawn (headless) | {stats(keys)} | ≤ {KEYSTROKE_MS:.0f} ms |",
        "",
        f"- start to first frame: {first_median * 1000:.0f} ms median "
        f"({'met' if first_median <= FIRST_FRAME_S else 'MISSED'})",
        f"- keystroke to results: {key_median:.1f} ms median, {key_p95:.1f} ms p95 "
        f"({'met' if key_p95 <= KEYSTROKE_MS else 'MISSED'})",
    ]
    return "\n".join(lines)
