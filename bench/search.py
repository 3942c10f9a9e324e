"""``dossier bench``: how search holds up as the corpus grows, measured, not assumed.

For each corpus size it generates a deterministic synthetic corpus
(:mod:`store.synthetic`), then measures, each in a fresh process so that
peak memory is the step's own:

* **build**: wall time of :func:`store.build`, store and index size, peak RSS;
* **search**: time from :meth:`Catalog.open` to the first answer, then the
  latency of every query of a fixed set with typos and transliterations, over
  several rounds (p50, p95, p99), and peak RSS;
* **baselines**, on the same searchable paragraphs, in the same run: brute-force
  rapidfuzz (``process.extract`` with ``fuzz.partial_ratio`` and
  ``utils.default_process``, what a quick fuzzy search would do), and
  ``fzf --filter`` when fzf is installed (one process per query, as a shell
  pipeline would run it).

Results are printed as a Markdown table with the targets beside them. The
numbers are whatever this machine gives on the day: nothing is tuned to pass.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: The fixed query set: misspellings, transliterations, questions, as a writer
#: types them.
QUERIES = (
    "Kadhemi", "katib hezbolah", "suleimani", "hashd", "green zone raid",
    "who released the men", "Taji rocket", "muhandes", "counter terorism service",
    "popular mobilisation", "iranain backed militias", "rocket attaks on us embassy",
    "Badr organisation", "asaib ahl al haq", "strategic dialog", "prime minster", "qassem",
    "kh spokesman", "detained on june 25", "flags burned",
)  # fmt: skip

#: Targets at 10,000 articles on a 2-core machine.
TARGETS = {
    "search_p95_ms": 10.0,
    "speedup": 100.0,
    "open_s": 1.5,
    "rss_mb": 800.0,
    "build_s": 60.0,
}


@dataclass(frozen=True, slots=True)
class BenchRow:
    """Every figure measured for one corpus size."""

    articles: int
    paragraphs: int
    terms: int
    build_s: float
    store_mb: float
    index_mb: float
    build_rss_mb: float
    open_ms: float
    search_ms: tuple[float, ...]
    search_rss_mb: float
    brute_ms: tuple[float, ...]
    fzf_ms: tuple[float, ...]

    @staticmethod
    def _pct(values: Sequence[float], q: float) -> float:
        if not values:
            return float("nan")
        ordered = sorted(values)
        k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
        return ordered[k]

    def search(self, q: float) -> float:
        """A percentile (0..1) of the search latency, in ms."""
        return self._pct(self.search_ms, q)

    def brute(self, q: float) -> float:
        """A percentile of the brute-force latency, in ms."""
        return self._pct(self.brute_ms, q)

    def fzf(self, q: float) -> float:
        """A percentile of the fzf latency, in ms (nan when not measured)."""
        return self._pct(self.fzf_ms, q)


def _rss_mb() -> float:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


# Steps, each run in its own process ------------------------------------------


def _step_build(corpus: str, db: str) -> dict[str, Any]:
    import store

    started = time.perf_counter()
    result = store.build(corpus, db)
    return {
        "seconds": time.perf_counter() - started,
        "store_bytes": result.size_bytes,
        "index_bytes": result.index_bytes,
        "paragraphs": result.meta.count("paragraphs"),
        "rss_mb": _rss_mb(),
    }


def _step_search(db: str, rounds: int) -> dict[str, Any]:
    import store

    started = time.perf_counter()
    catalog = store.Catalog.open(db)
    catalog.search(QUERIES[0])
    opened = time.perf_counter() - started
    latencies = []
    for _ in range(rounds):
        for query in QUERIES:
            t = time.perf_counter()
            catalog.search(query)
            latencies.append((time.perf_counter() - t) * 1000)
    index = catalog.search_index()
    return {
        "open_ms": opened * 1000,
        "latencies": latencies,
        "terms": len(index.vocabulary),
        "rss_mb": _rss_mb(),
        "index_state": catalog.index_state,
    }


def _step_baselines(db: str, fzf: str | None) -> dict[str, Any]:
    from rapidfuzz import fuzz, process, utils

    import store

    catalog = store.Catalog.open(db)
    index = catalog.search_index()
    # The same paragraphs the index searches, as plain strings.
    texts = [
        index.record(doc).fields[0][1].replace("\n", " ")
        for doc in range(index.document_count)
        if index.doc_kinds[doc] == 3
    ]
    brute = []
    for query in QUERIES:
        t = time.perf_counter()
        process.extract(
            query, texts, scorer=fuzz.partial_ratio, processor=utils.default_process, limit=20
        )
        brute.append((time.perf_counter() - t) * 1000)
    fzf_ms = []
    if fzf:
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
            handle.write("\n".join(texts))
            lines = handle.name
        try:
            for query in QUERIES:
                t = time.perf_counter()
                with open(lines, "rb") as source:
                    subprocess.run(
                        [fzf, "--filter", query],
                        stdin=source,
                        stdout=subprocess.DEVNULL,
                        check=False,
                    )
                fzf_ms.append((time.perf_counter() - t) * 1000)
        finally:
            os.unlink(lines)
    return {"brute": brute, "fzf": fzf_ms}


STEPS: dict[str, Callable[..., dict[str, Any]]] = {
    "build": _step_build,
    "search": _step_search,
    "baselines": _step_baselines,
}


def _child_main(argv: Sequence[str]) -> None:
    """Entry point of a step process: ``python -m bench.search STEP ARGS_JSON``."""
    step, args = argv[0], json.loads(argv[1])
    print(json.dumps(STEPS[step](*args)))


def _run_step(step: str, *args: Any) -> dict[str, Any]:
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run(
        [sys.executable, "-m", "bench.search", step, json.dumps(args)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench step {step} failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# Running and reporting ---------------------------------------------------------


def measure(
    articles: int,
    *,
    rounds: int = 3,
    keep: Path | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> BenchRow:
    """Generate, build, search and compare for one corpus size."""
    from .synthetic import generate

    work = Path(tempfile.mkdtemp(prefix="dossier-bench-"))
    try:
        corpus = (keep or work) / f"corpus-{articles}"
        if corpus.exists():
            shutil.rmtree(corpus)
        progress(f"{articles} articles: generating the corpus")
        generate(corpus, articles)
        db = work / "store.json"
        progress(f"{articles} articles: building")
        built = _run_step("build", str(corpus), str(db))
        progress(f"{articles} articles: searching")
        searched = _run_step("search", str(db), rounds)
        progress(f"{articles} articles: baselines")
        baselines = _run_step("baselines", str(db), shutil.which("fzf"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return BenchRow(
        articles=articles,
        paragraphs=built["paragraphs"],
        terms=searched["terms"],
        build_s=built["seconds"],
        store_mb=built["store_bytes"] / 1e6,
        index_mb=built["index_bytes"] / 1e6,
        build_rss_mb=built["rss_mb"],
        open_ms=searched["open_ms"],
        search_ms=tuple(searched["latencies"]),
        search_rss_mb=searched["rss_mb"],
        brute_ms=tuple(baselines["brute"]),
        fzf_ms=tuple(baselines["fzf"]),
    )


def _f(value: float, digits: int = 1) -> str:
    return "–" if value != value else f"{value:,.{digits}f}"


def report(rows: Sequence[BenchRow], *, cores: int | None = None) -> str:
    """The results as Markdown: one table, the targets, and the growth."""
    lines = [
        f"dossier bench: {len(QUERIES)} queries with typos; search latency over every "
        f"round; baselines on the same paragraphs; {cores or os.cpu_count()} CPU cores.",
        "",
        "| articles | paragraphs | distinct terms | build s | store + index MB "
        "| build RSS MB | open→searchable ms | search p50 / p95 / p99 ms | search RSS MB "
        "| brute-force p50 / p95 ms | speed-up p50 / p95 | fzf p50 / p95 ms |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        speed50 = r.brute(0.5) / r.search(0.5) if r.search(0.5) else float("nan")
        speed95 = r.brute(0.95) / r.search(0.95) if r.search(0.95) else float("nan")
        lines.append(
            f"| {r.articles:,} | {r.paragraphs:,} | {r.terms:,} | {_f(r.build_s)} "
            f"| {_f(r.store_mb)} + {_f(r.index_mb)} | {_f(r.build_rss_mb, 0)} "
            f"| {_f(r.open_ms, 0)} "
            f"| {_f(r.search(0.5), 2)} / {_f(r.search(0.95), 2)} / {_f(r.search(0.99), 2)} "
            f"| {_f(r.search_rss_mb, 0)} | {_f(r.brute(0.5), 0)} / {_f(r.brute(0.95), 0)} "
            f"| ×{_f(speed50, 0)} / ×{_f(speed95, 0)} "
            f"| {_f(r.fzf(0.5), 0)} / {_f(r.fzf(0.95), 0)} |"
        )
    largest = max(rows, key=lambda r: r.articles)
    t = TARGETS
    checks = [
        (
            "search p95",
            f"{_f(largest.search(0.95), 2)} ms",
            f"≤ {t['search_p95_ms']:g} ms",
            largest.search(0.95) <= t["search_p95_ms"],
        ),
        (
            "speed-up over brute force (p95)",
            f"×{_f(largest.brute(0.95) / largest.search(0.95), 0)}",
            f"≥ ×{t['speedup']:g}",
            largest.brute(0.95) / largest.search(0.95) >= t["speedup"],
        ),
        (
            "open to searchable",
            f"{_f(largest.open_ms / 1000, 2)} s",
            f"≤ {t['open_s']:g} s",
            largest.open_ms / 1000 <= t["open_s"],
        ),
        (
            "peak RSS while searching",
            f"{_f(largest.search_rss_mb, 0)} MB",
            f"≤ {t['rss_mb']:g} MB",
            largest.search_rss_mb <= t["rss_mb"],
        ),
        (
            "peak RSS while building",
            f"{_f(largest.build_rss_mb, 0)} MB",
            f"≤ {t['rss_mb']:g} MB",
            largest.build_rss_mb <= t["rss_mb"],
        ),
        (
            "build",
            f"{_f(largest.build_s)} s",
            f"≤ {t['build_s']:g} s",
            largest.build_s <= t["build_s"],
        ),
    ]
    lines += ["", f"Targets at {largest.articles:,} articles:", ""]
    for name, value, target, ok in checks:
        lines.append(f"- {name}: {value} (target {target}) {'met' if ok else 'MISSED'}")
    ordered = sorted(rows, key=lambda r: r.articles)
    if len(ordered) > 1:
        first, last = ordered[0], ordered[-1]
        scale = last.articles / first.articles
        lines += [
            "",
            f"Growth from {first.articles:,} to {last.articles:,} articles "
            f"(×{scale:g}; linear would be ×{scale:g} or less):",
            "",
        ]
        for name, a, b in (
            ("build time", first.build_s, last.build_s),
            ("store + index size", first.store_mb + first.index_mb, last.store_mb + last.index_mb),
            ("open to searchable", first.open_ms, last.open_ms),
            ("search p95", first.search(0.95), last.search(0.95)),
            ("search RSS", first.search_rss_mb, last.search_rss_mb),
        ):
            lines.append(f"- {name}: ×{_f(b / a, 1) if a else '–'}")
    return "\n".join(lines)


if __name__ == "__main__":  # a step process
    _child_main(sys.argv[1:])
