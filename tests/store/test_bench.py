"""The synthetic corpus and the benchmark command (tiny sizes: timings are not tested)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

import store
from bench.synthetic import generate
from store.search.index import terms_of
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
    rows = [line for line in out.splitlines() if re.match(r"^\| \d", line)]
    assert [row.split("|")[1].strip() for row in rows] == ["20", "40"]
    assert "Targets at 40 articles:" in out
    assert "- search p95: " in out and "(target ≤ 10 ms)" in out
    assert "Growth from 20 to 40 articles" in out
    assert (tmp_path / "corpus-40" / "articles.toml").is_file()


def test_bench_rejects_bad_sizes(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["bench", "--articles", "ten"]) == 2
    assert "not a list of article counts" in capsys.readouterr().err
