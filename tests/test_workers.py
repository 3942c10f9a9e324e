"""A build that uses worker processes leaves none behind, however it ends:
killed (SIGKILL, SIGTERM) or interrupted (Ctrl+C)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.synthetic import generate
from store.ingest.workers import PARALLEL_ARTICLES

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists() or (os.cpu_count() or 1) < 2,
    reason="reads process state from /proc; workers need two cores",
)


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus large enough for the build to start worker processes."""
    root = tmp_path_factory.mktemp("big") / "corpus"
    generate(root, PARALLEL_ARTICLES + 100)
    return root


def _state(pid: int) -> str | None:
    """The process's state letter (``Z`` for a zombie), or ``None`` once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[0]


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    return _state(pid) not in (None, "Z")


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_no_worker_outlives_its_build(big_corpus: Path, tmp_path: Path, how: int) -> None:
    build = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tui",
            "build",
            "--corpus",
            str(big_corpus),
            "--db",
            str(tmp_path / "s.json"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    deadline = time.monotonic() + 60
    children: set[int] = set()
    while time.monotonic() < deadline and build.poll() is None:
        children = {c for c in _children(build.pid) if _alive(c)}
        if len(children) >= 2:  # the workers (and multiprocessing's resource tracker)
            break
        time.sleep(0.05)
    assert len(children) >= 2, "the build never started its workers"
    time.sleep(0.5)  # let them get to work
    children |= _children(build.pid)
    build.send_signal(how)
    out, err = build.communicate(timeout=60)
    gone_by = time.monotonic() + 10
    while time.monotonic() < gone_by and any(_alive(c) for c in children):
        time.sleep(0.1)
    assert [c for c in children if _alive(c)] == [], "workers outlived the build"
    said = f"exit {build.returncode}; stdout: {out.decode()!r}; stderr: {err.decode()!r}"
    if how == signal.SIGINT:
        # Once in CI (not reproduced in 52 tries here, at once, at random instants
        # and under load) the build ended 0: the output says whether it had finished.
        assert build.returncode == 130, said
        assert err.decode().strip().splitlines()[-1] == "dossier: interrupted", said
        assert "Traceback" not in err.decode()
    if how == signal.SIGTERM:
        assert "Traceback" not in err.decode()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == [] or how == signal.SIGKILL


def test_a_build_stopped_at_any_instant_ends_at_once(big_corpus: Path, tmp_path: Path) -> None:
    """Ctrl+C or SIGTERM at random instants (fixed seed), workers busy or not: each
    build ends within seconds, exit 130, no traceback (once, a stop while batches
    were waiting left the interpreter joining a feeder thread forever, and the
    executor's manager thread died on a cancelled future)."""
    import random

    rng = random.Random(9)
    db = tmp_path / "s.json"
    argv = [sys.executable, "-m", "tui", "build", "--corpus", str(big_corpus), "--db", str(db)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for how in (signal.SIGINT, signal.SIGTERM) * 3:
        build = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        time.sleep(rng.uniform(0.8, 2.5))
        build.send_signal(how)
        try:
            _, err = build.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            build.kill()
            build.communicate()
            pytest.fail(f"the build did not end after {signal.Signals(how).name}")
        if build.returncode == 0:
            continue  # it had finished
        assert build.returncode == 130, err.decode()
        assert "Traceback" not in err.decode() and "Error" not in err.decode(), err.decode()
