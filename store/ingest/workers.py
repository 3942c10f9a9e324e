"""Worker processes for a large corpus: started on first use, never outliving the build.

Small corpora (the bundled one, tests) never start a process. "spawn" starts
clean interpreters, which is safe even when the caller runs threads (the
explorer builds in a worker thread).

A worker must not outlive the build that started it, however that build ends:

* **killed** (SIGKILL, or SIGTERM with no time to clean up): on Linux each
  worker asks the kernel to kill it when its parent dies
  (``PR_SET_PDEATHSIG``); everywhere, a watchdog thread in each worker exits
  it once its parent is gone. With the workers gone, multiprocessing's
  resource tracker (which they share) sees its pipe close and exits too;
* **interrupted** (Ctrl+C): the workers ignore SIGINT, so only the build
  sees it; leaving :class:`Workers` on an exception kills them instead of
  waiting for their batches, and returns at once.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

#: Below this many articles the work stays in this process: starting workers
#: would cost more than it saves.
PARALLEL_ARTICLES = 400
#: How often a worker looks for its parent (seconds).
WATCH_SECONDS = 0.5


def _die_with(parent: int) -> None:
    """In a worker: end when ``parent`` ends, and leave Ctrl+C to the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):  # no libc, no prctl: the watchdog remains
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before we got here
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="dossier-parent-watch", daemon=True).start()


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back (in this thread) until the block ends; one that
    came meanwhile is delivered then."""
    held = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


class Workers:
    """Worker processes for a large corpus, started on first use (see the module)."""

    def __init__(self) -> None:
        self.size = min(os.cpu_count() or 1, 8)
        self.enabled = False
        self._pool: Any = None  # a ProcessPoolExecutor, imported when first needed

    def plan(self, articles: int) -> None:
        """Use processes only if the corpus is large enough to repay them."""
        self.enabled = articles >= PARALLEL_ARTICLES and self.size > 1

    def map(self, function: Callable[..., Any], *iterables: Sequence[Any]) -> Iterable[Any]:
        """``map(function, *iterables)``, in worker processes when enabled; in order."""
        if not self.enabled:
            return map(function, *iterables)
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(
                max_workers=self.size,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_die_with,
                initargs=(os.getpid(),),
            )
        # Submitted all at once, as Executor.map does, but never cancelled when the
        # caller stops reading (Executor.map cancels them, which races with the
        # executor failing them once its workers are killed: see __exit__). The
        # first submission starts the workers: Ctrl+C waits until they are started
        # (one interrupted while its parent was still sending it its start-up data
        # printed a traceback of its own), then arrives as usual.
        with _signals_held():
            futures = [self._pool.submit(function, *args) for args in zip(*iterables, strict=True)]
        return (future.result() for future in futures)

    def pids(self) -> tuple[int, ...]:
        """The worker processes running now (for tests and diagnostics)."""
        processes = getattr(self._pool, "_processes", None) or {}
        return tuple(processes)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if kind is None:
            pool.shutdown(cancel_futures=True)
            return
        # Interrupted or failed: do not wait for the batches under way. The
        # workers are killed outright; the executor then finds itself broken and
        # fails the waiting futures itself (had they been cancelled as well,
        # CPython 3.11's manager thread would die on InvalidStateError).
        # Nobody reads the call queue any more: its feeder thread must not be
        # joined at exit, or the interpreter waits forever on a full pipe.
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            with contextlib.suppress(Exception):
                process.kill()
        call_queue: Any = getattr(pool, "_call_queue", None)
        with contextlib.suppress(Exception):
            call_queue.cancel_join_thread()
        manager = getattr(pool, "_executor_manager_thread", None)
        pool.shutdown(wait=False, cancel_futures=False)
        # With its workers gone the executor's manager thread fails the futures and
        # closes its pipes; it is let finish here (it takes moments), not at exit,
        # where Python 3.11 could wake it through a pipe it was closing (EBADF,
        # printed as a traceback after "dossier: interrupted").
        if manager is not None:
            manager.join(timeout=5)
