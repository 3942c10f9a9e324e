"""``dossier bench``: how search holds up as the corpus grows, measured, not assumed.

For each corpus size it generates a deterministic synthetic corpus
(:mod:`store.synthetic`), then measures, each in a fresh process so that
peak memory is the step's own:

* **build**: wall time of :func:`store.build`, store and index size, peak RSS;
* **queries**: drawn from the generated corpus's own index with a fixed seed
  (:func:`hard_queries`), in classes a user meets: the fixed 20 below,
  misspelt common words (whose corrections have long posting lists), misspelt
  rare words, several words mixing both, one- and two-letter prefixes (what
  the first keystrokes search), and long phrases pasted from paragraphs;
* **search**: time from :meth:`Catalog.open` to the first answer, then the
  latency of every query over several rounds (p50, p95, p99, overall and per
  class), and peak RSS;
* **baselines**, on the same searchable paragraphs, in the same run: brute-force
  rapidfuzz (``process.extract`` with ``fuzz.partial_ratio`` and
  ``utils.default_process``, what a quick fuzzy search would do), and
  ``fzf --filter`` when fzf is installed (one process per query, as a shell
  pipeline would run it), per query class too.

Results are printed as a Markdown table with the targets beside them. The
numbers are whatever this machine gives on the day: nothing is tuned to pass.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from store.search.index import SearchIndex

#: The fixed query set: misspellings, transliterations, questions, as a writer
#: types them.
QUERIES = (
    "Kadhemi", "katib hezbolah", "suleimani", "hashd", "green zone raid",
    "who released the men", "Taji rocket", "muhandes", "counter terorism service",
    "popular mobilisation", "iranain backed militias", "rocket attaks on us embassy",
    "Badr organisation", "asaib ahl al haq", "strategic dialog", "prime minster", "qassem",
    "kh spokesman", "detained on june 25", "flags burned",
)  # fmt: skip

#: The classes of queries, in the order they are reported.
CLASSES = (
    "fixed",
    "misspelt common",
    "misspelt rare",
    "mixed words",
    "prefix",
    "pasted phrase",
)
#: Queries drawn for each class but the fixed one.
PER_CLASS = 20
#: The seed of the drawn queries: the same corpus always gives the same queries.
QUERY_SEED = 20200629
#: "Common" words are the most frequent this many (of five letters or more).
COMMON_TERMS = 300
#: "Rare" words are found in at most this many documents.
RARE_DOCUMENTS = 3

#: Targets at 10,000 articles on a 2-core machine.
TARGETS = {
    "search_p95_ms": 10.0,
    "speedup": 100.0,
    "open_s": 1.5,
    "rss_mb": 800.0,
    "build_s": 60.0,
}


@dataclass(frozen=True, slots=True)
class BenchQuery:
    """A query of the benchmark and its class."""

    kind: str
    """One of :data:`CLASSES`."""
    text: str
    """What is typed (or pasted) into the search box."""


def _misspelt(word: str, rng: random.Random, known: set[str]) -> str:
    """``word`` with the typos a writer makes: one edit, or two in a word of 9 letters
    and more (as many as search forgives), never another word of the corpus."""
    from rapidfuzz.distance import OSA

    edits = rng.choice((1, 2)) if len(word) >= 9 else 1
    for _ in range(100):
        out = word
        for _ in range(edits):
            at = rng.randrange(len(out))
            how = rng.choice(("substitute", "delete", "insert", "swap"))
            letter = rng.choice(string.ascii_lowercase)
            if how == "substitute":
                out = out[:at] + letter + out[at + 1 :]
            elif how == "delete":
                out = out[:at] + out[at + 1 :]
            elif how == "insert":
                out = out[:at] + letter + out[at:]
            elif at + 1 < len(out):
                out = out[:at] + out[at + 1] + out[at] + out[at + 2 :]
        # Two edits can undo or compound each other: keep what a reader counts.
        if out not in known and len(out) >= 5 and 0 < OSA.distance(word, out) <= edits:
            return out
    return word


def hard_queries(index: SearchIndex, *, seed: int = QUERY_SEED) -> list[BenchQuery]:
    """The fixed queries, then :data:`PER_CLASS` of each other class, drawn from the
    index's own vocabulary and paragraphs with ``seed``.

    Common words are the :data:`COMMON_TERMS` most frequent of five letters
    and more (their corrections have the longest posting lists); rare ones are
    in at most :data:`RARE_DOCUMENTS` documents. Prefixes are the first one or
    two letters of words of the corpus; pasted phrases are 12 to 40 words cut
    from a paragraph, as they stand.
    """
    from store.search.text import STOPWORDS

    rng = random.Random(seed)
    vocabulary = index.vocabulary
    known = set(vocabulary)
    words = [
        (term_id, term)
        for term_id, term in enumerate(vocabulary)
        if term.isascii() and term.isalpha() and 5 <= len(term) <= 16 and term not in STOPWORDS
    ]
    by_frequency = sorted(words, key=lambda pair: (-index.frequency(pair[0]), pair[1]))
    common = [term for _, term in by_frequency[:COMMON_TERMS]]
    rare = [term for term_id, term in words if index.frequency(term_id) <= RARE_DOCUMENTS]
    rare = rare or [term for _, term in by_frequency[-COMMON_TERMS:]]
    paragraphs = [doc for doc in range(index.document_count) if index.doc_kinds[doc] == 3]

    queries = [BenchQuery("fixed", q) for q in QUERIES]
    for _ in range(PER_CLASS):
        queries.append(BenchQuery("misspelt common", _misspelt(rng.choice(common), rng, known)))
    for _ in range(PER_CLASS):
        queries.append(BenchQuery("misspelt rare", _misspelt(rng.choice(rare), rng, known)))
    makers: tuple[Callable[[], str], ...] = (
        lambda: _misspelt(rng.choice(common), rng, known),
        lambda: _misspelt(rng.choice(rare), rng, known),
        lambda: rng.choice(common),
        lambda: rng.choice(rare),
    )
    for _ in range(PER_CLASS):
        # At least one misspelt word, common or rare, among two or three.
        parts = [rng.choice(makers[:2])()]
        parts += [rng.choice(makers)() for _ in range(rng.randint(1, 2))]
        rng.shuffle(parts)
        queries.append(BenchQuery("mixed words", " ".join(parts)))
    alphabetic = [term for term in vocabulary if term.isascii() and term.isalpha()]
    for number in range(PER_CLASS):
        queries.append(BenchQuery("prefix", rng.choice(alphabetic)[: 1 + number % 2]))
    for _ in range(PER_CLASS):
        text = index.record(rng.choice(paragraphs)).fields[0][1]
        tokens = text.split()
        size = rng.randint(12, 40)
        start = rng.randrange(max(1, len(tokens) - size + 1))
        queries.append(BenchQuery("pasted phrase", " ".join(tokens[start : start + size])))
    return queries


@dataclass(frozen=True, slots=True)
class Latencies:
    """Latencies in ms, each with the class of its query."""

    classes: tuple[str, ...] = ()
    """The class of each query timed, in the order timed."""
    ms: tuple[float, ...] = ()
    """The latency of each, in ms."""

    def of(self, kind: str | None = None) -> tuple[float, ...]:
        """The latencies of one class (all of them for ``None``)."""
        if kind is None:
            return self.ms
        return tuple(ms for c, ms in zip(self.classes, self.ms, strict=True) if c == kind)

    def pct(self, q: float, kind: str | None = None) -> float:
        """A percentile (0..1) of the latencies of a class (or all), in ms; nan if none."""
        values = self.of(kind)
        if not values:
            return float("nan")
        ordered = sorted(values)
        k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
        return ordered[k]

    @classmethod
    def from_pairs(cls, pairs: Sequence[Sequence[Any]]) -> Latencies:
        """From ``[class, ms]`` pairs (as a step process reports them)."""
        return cls(tuple(str(c) for c, _ in pairs), tuple(float(ms) for _, ms in pairs))


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
    search_ms: Latencies
    """Every query of every round."""
    search_rss_mb: float
    brute_ms: Latencies
    """Every query once."""
    fzf_ms: Latencies
    """Every query once, when fzf is installed."""
    queries: Mapping[str, int]
    """How many queries of each class were timed (once per round)."""

    def search(self, q: float, kind: str | None = None) -> float:
        """A percentile (0..1) of the search latency, in ms."""
        return self.search_ms.pct(q, kind)

    def brute(self, q: float, kind: str | None = None) -> float:
        """A percentile of the brute-force latency, in ms."""
        return self.brute_ms.pct(q, kind)

    def fzf(self, q: float, kind: str | None = None) -> float:
        """A percentile of the fzf latency, in ms (nan when not measured)."""
        return self.fzf_ms.pct(q, kind)


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


def _step_queries(db: str, out: str) -> dict[str, Any]:
    import store

    queries = hard_queries(store.Catalog.open(db).search_index())
    Path(out).write_text(json.dumps([[q.kind, q.text] for q in queries]), encoding="utf-8")
    return {"queries": len(queries)}


def _read_queries(path: str) -> list[BenchQuery]:
    return [BenchQuery(kind, text) for kind, text in json.loads(Path(path).read_text("utf-8"))]


def _step_search(db: str, rounds: int, queries_file: str) -> dict[str, Any]:
    import store

    queries = _read_queries(queries_file)
    started = time.perf_counter()
    catalog = store.Catalog.open(db)
    catalog.search(QUERIES[0])
    opened = time.perf_counter() - started
    latencies = []
    for _ in range(rounds):
        for query in queries:
            t = time.perf_counter()
            catalog.search(query.text)
            latencies.append([query.kind, (time.perf_counter() - t) * 1000])
    index = catalog.search_index()
    return {
        "open_ms": opened * 1000,
        "latencies": latencies,
        "terms": len(index.vocabulary),
        "rss_mb": _rss_mb(),
        "index_state": catalog.index_state,
    }


def _step_baselines(db: str, fzf: str | None, queries_file: str) -> dict[str, Any]:
    from rapidfuzz import fuzz, process, utils

    import store

    queries = _read_queries(queries_file)
    catalog = store.Catalog.open(db)
    index = catalog.search_index()
    # The same paragraphs the index searches, as plain strings.
    texts = [
        index.record(doc).fields[0][1].replace("\n", " ")
        for doc in range(index.document_count)
        if index.doc_kinds[doc] == 3
    ]
    brute = []
    for query in queries:
        t = time.perf_counter()
        process.extract(
            query.text, texts, scorer=fuzz.partial_ratio, processor=utils.default_process, limit=20
        )
        brute.append([query.kind, (time.perf_counter() - t) * 1000])
    fzf_ms = []
    if fzf:
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
            handle.write("\n".join(texts))
            lines = handle.name
        try:
            for query in queries:
                t = time.perf_counter()
                with open(lines, "rb") as source:
                    subprocess.run(
                        [fzf, "--filter", query.text],
                        stdin=source,
                        stdout=subprocess.DEVNULL,
                        check=False,
                    )
                fzf_ms.append([query.kind, (time.perf_counter() - t) * 1000])
        finally:
            os.unlink(lines)
    return {"brute": brute, "fzf": fzf_ms}


STEPS: dict[str, Callable[..., dict[str, Any]]] = {
    "build": _step_build,
    "queries": _step_queries,
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
    """Generate, build, draw the queries, search and compare for one corpus size."""
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
        queries_file = str((keep or work) / f"queries-{articles}.json")
        _run_step("queries", str(db), queries_file)
        progress(f"{articles} articles: searching")
        searched = _run_step("search", str(db), rounds, queries_file)
        progress(f"{articles} articles: baselines")
        baselines = _run_step("baselines", str(db), shutil.which("fzf"), queries_file)
        counts: dict[str, int] = {}
        for query in _read_queries(queries_file):
            counts[query.kind] = counts.get(query.kind, 0) + 1
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
        search_ms=Latencies.from_pairs(searched["latencies"]),
        search_rss_mb=searched["rss_mb"],
        brute_ms=Latencies.from_pairs(baselines["brute"]),
        fzf_ms=Latencies.from_pairs(baselines["fzf"]),
        queries=counts,
    )


def _f(value: float, digits: int = 1) -> str:
    return "–" if value != value else f"{value:,.{digits}f}"


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def report(rows: Sequence[BenchRow], *, cores: int | None = None) -> str:
    """The results as Markdown: one table overall, one per query class, the targets,
    and the growth."""
    counts = rows[0].queries if rows else {}
    described = ", ".join(f"{counts[c]} {c}" for c in CLASSES if c in counts)
    lines = [
        f"dossier bench: {sum(counts.values())} queries ({described}); search latency over "
        f"every round; baselines on the same paragraphs; {cores or os.cpu_count()} CPU cores.",
        "",
        "| articles | paragraphs | distinct terms | build s | store + index MB "
        "| build RSS MB | open→searchable ms | search p50 / p95 / p99 ms | search RSS MB "
        "| brute-force p50 / p95 ms | speed-up p50 / p95 | fzf p50 / p95 ms |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        speed50 = _ratio(r.brute(0.5), r.search(0.5))
        speed95 = _ratio(r.brute(0.95), r.search(0.95))
        lines.append(
            f"| {r.articles:,} | {r.paragraphs:,} | {r.terms:,} | {_f(r.build_s)} "
            f"| {_f(r.store_mb)} + {_f(r.index_mb)} | {_f(r.build_rss_mb, 0)} "
            f"| {_f(r.open_ms, 0)} "
            f"| {_f(r.search(0.5), 2)} / {_f(r.search(0.95), 2)} / {_f(r.search(0.99), 2)} "
            f"| {_f(r.search_rss_mb, 0)} | {_f(r.brute(0.5), 0)} / {_f(r.brute(0.95), 0)} "
            f"| ×{_f(speed50, 0)} / ×{_f(speed95, 0)} "
            f"| {_f(r.fzf(0.5), 0)} / {_f(r.fzf(0.95), 0)} |"
        )
    lines += [
        "",
        "By query class:",
        "",
        "| articles | class | queries | search p50 / p95 / p99 ms | brute-force p50 / p95 ms "
        "| speed-up p50 / p95 | fzf p50 / p95 ms |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        for kind in CLASSES:
            if kind not in r.queries:
                continue
            s50, s95, s99 = (r.search(q, kind) for q in (0.5, 0.95, 0.99))
            b50, b95 = r.brute(0.5, kind), r.brute(0.95, kind)
            lines.append(
                f"| {r.articles:,} | {kind} | {r.queries[kind]} "
                f"| {_f(s50, 2)} / {_f(s95, 2)} / {_f(s99, 2)} "
                f"| {_f(b50, 0)} / {_f(b95, 0)} "
                f"| ×{_f(_ratio(b50, s50), 0)} / ×{_f(_ratio(b95, s95), 0)} "
                f"| {_f(r.fzf(0.5, kind), 0)} / {_f(r.fzf(0.95, kind), 0)} |"
            )
    largest = max(rows, key=lambda r: r.articles)
    t = TARGETS
    speedup = _ratio(largest.brute(0.95), largest.search(0.95))
    by_class = {
        kind: _ratio(largest.brute(0.95, kind), largest.search(0.95, kind))
        for kind in CLASSES
        if kind in largest.queries
    } or {"all": speedup}
    weakest = min(by_class, key=lambda kind: by_class[kind])
    least = by_class[weakest]
    checks = [
        (
            "search p95",
            f"{_f(largest.search(0.95), 2)} ms",
            f"≤ {t['search_p95_ms']:g} ms",
            largest.search(0.95) <= t["search_p95_ms"],
        ),
        (
            "speed-up over brute force (p95)",
            f"×{_f(speedup, 0)}",
            f"≥ ×{t['speedup']:g}",
            speedup >= t["speedup"],
        ),
        (
            # Long pasted phrases make brute force very slow: the whole set's ratio
            # flatters; the class with the least speed-up says more.
            f"least speed-up of a query class (p95, {weakest})",
            f"×{_f(least, 0)}",
            f"≥ ×{t['speedup']:g}",
            least >= t["speedup"],
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
