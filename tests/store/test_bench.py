"""The synthetic corpus and the benchmark command (tiny sizes: timings are not tested)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from rapidfuzz.distance import OSA

import store
from bench.search import CLASSES, PER_CLASS, QUERIES, hard_queries
from bench.synthetic import generate
from store.search.index import SearchIndex, terms_of
from tui import cli


def digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(root).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def vocabulary(root: Path) -> set[str]:
    words: set[str] = set()
    for path in (root / "articles").iterdir():
        words |= terms_of(path.read_text("utf-8"))[0]
    return words


def test_synthetic_corpus_is_deterministic_valid_and_growing(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", 40)
    b = generate(tmp_path / "b", 40)
    assert digest(a.root) == digest(b.root)
    assert a.articles == 40 and a.paragraphs >= 40 * 15
    report = store.check(a.root)
    assert report.errors == ()
    bigger = generate(tmp_path / "c", 120)
    small, large = len(vocabulary(a.root)), len(vocabulary(bigger.root))
    # Rare words keep coming as the corpus grows (Heaps' law), roughly linearly here.
    assert large > 2 * small


def test_bench_prints_a_markdown_table_with_targets(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert cli.main(["bench", "--articles", "20,40", "--rounds", "1", "--keep", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "| articles | paragraphs | distinct terms | build s |" in out
    rows = [line for line in out.splitlines() if re.match(r"^\| [\d,]+ \| [\d,]+ \|", line)]
    assert [row.split("|")[1].strip() for row in rows] == ["20", "40"]
    assert "Targets at 40 articles:" in out
    assert "- search p95: " in out and "(target ≤ 10 ms)" in out
    assert "Growth from 20 to 40 articles" in out
    assert (tmp_path / "corpus-40" / "articles.toml").is_file()


def test_bench_rejects_bad_sizes(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["bench", "--articles", "ten"]) == 2
    assert "not a list of article counts" in capsys.readouterr().err


def test_bench_draws_hard_queries_of_every_class_from_the_corpus(tmp_path: Path) -> None:
    corpus = generate(tmp_path / "c", 30).root
    db = tmp_path / "s.json"
    store.build(corpus, db)
    index = store.Catalog.open(db).search_index()
    queries = hard_queries(index)
    assert queries == hard_queries(index)  # the same corpus, the same queries
    by_class: dict[str, list[str]] = {}
    for query in queries:
        by_class.setdefault(query.kind, []).append(query.text)
    assert list(by_class) == list(CLASSES)
    assert by_class["fixed"] == list(QUERIES)
    assert all(len(texts) == PER_CLASS for kind, texts in by_class.items() if kind != "fixed")
    vocabulary = set(index.vocabulary)
    # Misspelt words are misspelt: one or two edits from a word of the corpus, not one itself.
    for text in by_class["misspelt common"] + by_class["misspelt rare"]:
        assert text not in vocabulary
        assert any(OSA.distance(text, term, score_cutoff=2) <= 2 for term in vocabulary)
    assert all(1 <= len(text) <= 2 and text.isalpha() for text in by_class["prefix"])
    assert {len(text) for text in by_class["prefix"]} == {1, 2}
    assert all(2 <= len(text.split()) <= 3 for text in by_class["mixed words"])
    for text in by_class["pasted phrase"]:
        assert len(text.split()) >= 12 or len(text) > 60
        assert any(text in record for record in paragraph_texts(index))


def paragraph_texts(index: SearchIndex) -> list[str]:
    return [
        " ".join(index.record(doc).fields[0][1].split())
        for doc in range(index.document_count)
        if index.doc_kinds[doc] == 3
    ]


def test_bench_reports_every_class_beside_brute_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert cli.main(["bench", "--articles", "20", "--rounds", "1", "--keep", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "By query class:" in out
    rows = [line.split("|") for line in out.splitlines() if re.match(r"^\| 20 \| [a-z]", line)]
    assert [row[2].strip() for row in rows] == list(CLASSES)
    for row in rows:
        # p50 / p95 / p99 of the search, then brute force and the speed-up, measured.
        assert re.fullmatch(r" [\d.,]+ / [\d.,]+ / [\d.,]+ ", row[4]), row
        assert re.fullmatch(r" [\d,]+ / [\d,]+ ", row[5]), row
