"""``dossier bench --lookup``: how long ``dossier lookup`` takes from a cold start.

Each run is a new process, as a writer starts it from another terminal:
``python -m tui lookup QUERY`` on the bundled corpus with its store already
built, timed from just before the process is started to its exit (the card
printed). Beside it, in the same run and on the same machine, the baseline:
the interpreter starting and exiting with nothing to do (``python -c pass``),
which no lookup can beat. Queries are misspelled, as people type them.

Textual is never imported here (the lookup path must not import it).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import store

QUERIES = (
    "kadhemi",
    "katib hezbolah",
    "suleimani",
    "who released the men",
    "green zone raid",
    "Taji rocket",
    "hashd",
)
#: Targets on the bundled corpus, cold start to printed card: at most this long,
#: and at most this many times the interpreter's own start measured in the same run.
TARGET_S = 0.3
TARGET_RATIO = 8.0


def _time(argv: Sequence[str], env: dict[str, str]) -> float:
    """Seconds from start to exit; the command must succeed."""
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):  # 1: nothing matched (still a lookup)
        raise RuntimeError(f"{' '.join(argv)} failed: {done.stderr.decode(errors='replace')}")
    return elapsed


def _describe(values: Sequence[float]) -> str:
    v = sorted(x * 1000 for x in values)
    p95 = v[min(len(v) - 1, round(0.95 * (len(v) - 1)))]
    return f"{statistics.median(v):.0f} | {v[0]:.0f} | {p95:.0f} | {len(v)}"


def run(runs: int = 5) -> str:
    """Measure and report, as Markdown."""
    corpus = store.bundled_corpus_dir()
    root = str(Path(store.__file__).resolve().parent.parent)
    env = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("NO_COLOR", None)
    # As installed: pip compiles the modules once; a lookup should not compile
    # them on every start because this shell asks not to keep bytecode.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory(prefix="dossier-lookup-bench-") as work:
        db = Path(work) / "store.json"
        store.build(corpus, db)
        lookup = [sys.executable, "-m", "tui", "--corpus", str(corpus), "--db", str(db), "lookup"]
        first = _time([*lookup, QUERIES[0]], env)  # the first start after the build
        baseline: list[float] = []
        lookups: list[float] = []
        json_lookups: list[float] = []
        per_query: dict[str, list[float]] = {q: [] for q in QUERIES}
        for _ in range(runs):  # interleaved, so that a busy moment hits both alike
            for query in QUERIES:
                baseline.append(_time([sys.executable, "-c", "pass"], env))
                took = _time([*lookup, query], env)
                lookups.append(took)
                per_query[query].append(took)
            json_lookups.append(_time([*lookup, "--json", QUERIES[0]], env))

    base = statistics.median(baseline)
    median = statistics.median(lookups)
    lines = [
        "dossier bench --lookup: `dossier lookup QUERY` as a new process each time, on the "
        f"bundled corpus with its store built; {len(QUERIES)} misspelled queries × {runs} runs.",
        "",
        "| measure | median ms | min ms | p95 ms | n |",
        "|---|---:|---:|---:|---:|",
        f"| interpreter start and exit (`python -c pass`), the baseline | {_describe(baseline)} |",
        f"| `dossier lookup QUERY`, start to card printed | {_describe(lookups)} |",
        f"| `dossier lookup --json QUERY` | {_describe(json_lookups)} |",
        f"| first lookup after the build | {first * 1000:.0f} | | | 1 |",
        "",
        "| query | median ms |",
        "|---|---:|",
        *(f"| {q} | {statistics.median(v) * 1000:.0f} |" for q, v in per_query.items()),
        "",
        f"- lookup: {median * 1000:.0f} ms median, ×{median / base:.1f} the interpreter's own "
        f"start ({(median - base) * 1000:.0f} ms of dossier's own work); target "
        f"≤ {TARGET_S * 1000:.0f} ms: {'met' if median <= TARGET_S else 'MISSED'}; target "
        f"≤ ×{TARGET_RATIO:.0f}: {'met' if median <= TARGET_RATIO * base else 'MISSED'}",
    ]
    return "\n".join(lines)
