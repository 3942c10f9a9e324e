"""The store: build/open round trip, read-only opening, atomic replacement."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from tinydb import TinyDB
from tinydb.storages import JSONStorage

import store


def snapshot(directory: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in directory.iterdir()}


def test_build_then_open_round_trip(tmp_path: Path, corpus_dir: Path) -> None:
    db = tmp_path / "nested" / "dossier.json"
    result = store.build(corpus_dir, db)
    assert result.path == db and db.is_file() and result.size_bytes == db.stat().st_size
    catalog = store.Catalog.open(db)
    assert catalog.meta.schema_version == store.SCHEMA_VERSION
    assert catalog.meta.corpus_fingerprint == result.meta.corpus_fingerprint
    assert catalog.meta.count("articles") == 5
    assert catalog.meta.count("paragraphs") == sum(
        len(catalog.paragraphs(a.id)) for a in catalog.articles()
    )
    assert catalog.meta.count("paragraphs.reader-comment") == 3
    assert {a.id for a in catalog.articles()} == {
        "jpost-2020-06-29-militias-burn-images",
        "jpost-2020-07-01-militias-accuse-israel",
        "diyaruna-2020-07-pressure-on-iran-agents",
        "jcpa-2020-06-29-conflict-government-militias",
        "voa-2020-06-30-release-of-militants",
    }
    # Articles come oldest first.
    days = [a.published_day for a in catalog.articles()]
    assert days == sorted(days)


def test_store_is_plain_tinydb_with_all_tables(built_store: Path) -> None:
    db = TinyDB(built_store, storage=JSONStorage, access_mode="r")
    try:
        assert {"articles", "paragraphs", "entities", "mentions", "events", "claims", "meta"} <= (
            db.tables()
        )
        meta = db.table("meta").all()[0]
        assert {"schema_version", "corpus_fingerprint", "built_at", "counts"} <= meta.keys()
        assert len(db.table("articles")) == 5
    finally:
        db.close()


def test_values_are_frozen(catalog: store.Catalog) -> None:
    article = catalog.articles()[0]
    with pytest.raises(AttributeError):
        article.title = "changed"  # type: ignore[misc]  # deliberately: it is frozen
    paragraph = catalog.paragraphs(article.id)[0]
    with pytest.raises(AttributeError):
        paragraph.text = "changed"  # type: ignore[misc]  # deliberately: it is frozen


def test_unknown_ids_raise_named_errors(catalog: store.Catalog) -> None:
    with pytest.raises(store.ArticleNotFound) as err:
        catalog.article("no-such-article")
    assert "no-such-article" in str(err.value)
    with pytest.raises(store.ArticleNotFound):
        catalog.paragraphs("no-such-article")
    with pytest.raises(store.ParagraphNotFound):
        catalog.paragraph("voa-2020-06-30-release-of-militants:p999")
    assert issubclass(store.ArticleNotFound, store.DossierError)


def test_opening_never_writes(tmp_path: Path, corpus_dir: Path) -> None:
    db = tmp_path / "dossier.json"
    store.build(corpus_dir, db)
    before = snapshot(tmp_path)
    os.chmod(db, 0o444)
    catalog = store.Catalog.open(db)
    catalog.articles()
    catalog.paragraphs(catalog.articles()[0].id)
    store.freshness(corpus_dir, db)
    assert snapshot(tmp_path) == before


def test_missing_and_damaged_stores_are_named_errors(tmp_path: Path) -> None:
    with pytest.raises(store.StoreNotFound):
        store.Catalog.open(tmp_path / "absent.json")
    assert not (tmp_path / "absent.json").exists()
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(store.StoreError, match="not a dossier store"):
        store.Catalog.open(bad)
    other = tmp_path / "other.json"
    other.write_text('{"_default": {"1": {"a": 1}}}')
    with pytest.raises(store.StoreError, match="meta"):
        store.Catalog.open(other)


def test_store_of_another_schema_is_refused_and_stale(tmp_path: Path, corpus_dir: Path) -> None:
    db = tmp_path / "dossier.json"
    store.build(corpus_dir, db)
    raw = db.read_text().replace(f'"schema_version":{store.SCHEMA_VERSION}', '"schema_version":999')
    db.write_text(raw)
    with pytest.raises(store.StoreError, match="rebuild"):
        store.Catalog.open(db)
    assert store.freshness(corpus_dir, db).state == "stale"


def test_freshness_follows_the_corpus(tmp_path: Path, corpus_copy: Path) -> None:
    db = tmp_path / "dossier.json"
    assert store.freshness(corpus_copy, db).state == "missing"
    store.build(corpus_copy, db)
    assert store.freshness(corpus_copy, db).state == "fresh"
    toml = corpus_copy / "articles.toml"
    toml.write_text(toml.read_text() + "\n# a comment changes the bytes\n")
    fresh = store.freshness(corpus_copy, db)
    assert fresh.state == "stale" and fresh.needs_build
    store.build(corpus_copy, db)
    assert store.freshness(corpus_copy, db).state == "fresh"
    article = next((corpus_copy / "articles").iterdir())
    article.write_bytes(article.read_bytes() + b"\nOne more line.")
    assert store.freshness(corpus_copy, db).state == "stale"


def test_an_unchanged_corpus_is_fresh_without_being_read(
    tmp_path: Path, corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sizes and times alone tell an unchanged corpus; a file touched but not
    changed is read and found the same; one changed within its size and time
    (a racy write just before the build) is never trusted to its stamp."""
    import os

    import store.corpus.articles as articles

    old = 1_600_000_000_000_000_000
    for path in [corpus_copy / n for n in os.listdir(corpus_copy)] + list(
        (corpus_copy / "articles").iterdir()
    ):
        os.utime(path, ns=(old, old))
    db = tmp_path / "dossier.json"
    store.build(corpus_copy, db)
    assert store.Catalog.open(db).meta.corpus_stamps
    reads: list[Path] = []
    real = articles.read_regular_file

    def read(path: Path) -> bytes:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(articles, "read_regular_file", read)
    assert store.freshness(corpus_copy, db).state == "fresh"
    assert reads == []  # nothing was read
    article = next((corpus_copy / "articles").iterdir())
    os.utime(article)  # touched, bytes the same: read, and still fresh
    assert store.freshness(corpus_copy, db).state == "fresh"
    assert reads
    same_size = article.read_bytes().replace(b"a", b"e", 1)
    article.write_bytes(same_size)  # same size, a new time
    assert store.freshness(corpus_copy, db).state == "stale"
    store.build(corpus_copy, db)
    (corpus_copy / "extra.toml").write_text("")  # a TOML file the build never saw
    assert store.freshness(corpus_copy, db).state == "stale"
    (corpus_copy / "extra.toml").unlink()
    # Written a moment before the build: its stamp is never trusted.
    article.write_bytes(article.read_bytes() + b"\nA line.")
    store.build(corpus_copy, db)
    racy = dict((n, t) for n, _, t in store.Catalog.open(db).meta.corpus_stamps)
    assert racy[f"articles/{article.name}"] == -1


def test_looks_fresh_only_when_surely_fresh(tmp_path: Path, corpus_copy: Path) -> None:
    """The explorer's quick check: any doubt sends it the slow way (open_current)."""
    import os
    import shutil

    from store.persist import index_path

    old = 1_600_000_000_000_000_000
    for path in [corpus_copy / n for n in os.listdir(corpus_copy)] + list(
        (corpus_copy / "articles").iterdir()
    ):
        os.utime(path, ns=(old, old))
    db = tmp_path / "dossier.json"
    assert not store.looks_fresh(corpus_copy, db)  # no store
    store.build(corpus_copy, db)
    assert store.looks_fresh(corpus_copy, db)
    assert not store.looks_fresh(tmp_path, db)  # another corpus directory
    index = index_path(db)
    kept = index.read_bytes()
    for broken in (b"", b"DOSSIERIDX", b"DOSSIERIDX\xff\xff\xff\x7f{", kept[:40], b"x" * 100):
        index.write_bytes(broken)
        assert not store.looks_fresh(corpus_copy, db), broken
    index.write_bytes(kept)
    assert store.looks_fresh(corpus_copy, db)
    other = tmp_path / "other.json"
    shutil.copy(db, other)
    other.write_bytes(other.read_bytes() + b" ")  # the index was not written for it
    shutil.copy(index, index_path(other))
    assert not store.looks_fresh(corpus_copy, other)
    article = next((corpus_copy / "articles").iterdir())
    article.write_bytes(article.read_bytes() + b"\nA line.")
    assert not store.looks_fresh(corpus_copy, db)
    index.unlink()
    index.mkdir()  # a directory where the index goes
    assert not store.looks_fresh(corpus_copy, db)


def test_invalid_corpus_leaves_previous_store_untouched(tmp_path: Path, corpus_copy: Path) -> None:
    db = tmp_path / "dossier.json"
    store.build(corpus_copy, db)
    before = db.read_bytes()
    toml = corpus_copy / "articles.toml"
    toml.write_text(
        toml.read_text().replace('published_precision = "exact"', 'published_precision = "roughly"')
    )
    with pytest.raises(store.CorpusError):
        store.build(corpus_copy, db)
    assert db.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_crash_during_write_keeps_the_old_store(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "dossier.json"
    store.build(corpus_dir, db)
    before = db.read_bytes()

    def power_cut(*args: object) -> None:
        raise OSError("simulated crash before the rename")

    monkeypatch.setattr(os, "replace", power_cut)  # what store.persist calls
    # One clear error naming the store (the machine's fault, not dossier's) ...
    with pytest.raises(store.StoreError, match="cannot be written .simulated"):
        store.build(corpus_dir, db)
    # ... and the previous store, untouched.
    assert db.read_bytes() == before
    store.Catalog.open(db)


def test_bulk_write_is_one_file_replacement(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str | os.PathLike[str], str | os.PathLike[str]]] = []
    real = os.replace

    def counted(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append((src, dst))
        real(src, dst)

    monkeypatch.setattr(os, "replace", counted)  # what store.persist calls
    store.build(corpus_dir, tmp_path / "dossier.json")
    # One replacement of the store, then one of its search index: no
    # per-document rewrites.
    assert [Path(target).name for _, target in calls] == ["dossier.json", "dossier.json.index"]


BUILD_LOOP = textwrap.dedent(
    """
    import sys, store
    while True:
        store.build(sys.argv[1], sys.argv[2])
    """
)


def make_big_corpus(root: Path, articles: int) -> Path:
    """A corpus large enough that a build spends real time writing."""
    (root / "articles").mkdir(parents=True)
    entries = []
    for i in range(articles):
        text = f"Headline number {i}\n\n" + "\n".join(
            f"Paragraph {j} of article {i} says something about Baghdad and Kataib Hezbollah."
            for j in range(40)
        )
        (root / "articles" / f"a{i}.txt").write_text(text)
        entries.append(
            f'[[article]]\nid = "a{i}"\nfile = "articles/a{i}.txt"\noutlet = "Test"\n'
            f'title = "Headline number {i}"\npublished = 2020-06-{1 + i % 28:02d}\n'
        )
    (root / "articles.toml").write_text("\n".join(entries))
    return root


def test_sigkill_at_random_moments_never_leaves_an_unreadable_store(tmp_path: Path) -> None:
    corpus = make_big_corpus(tmp_path / "corpus", 150)
    db = tmp_path / "dossier.json"
    store.build(corpus, db)
    rng = random.Random(20200625)
    env = {**os.environ, "PYTHONPATH": str(Path(store.__file__).parent.parent)}
    for _ in range(10):
        proc = subprocess.Popen([sys.executable, "-c", BUILD_LOOP, str(corpus), str(db)], env=env)
        time.sleep(0.4 + rng.random() * 0.8)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        catalog = store.Catalog.open(db)
        assert catalog.meta.count("articles") == 150
    # The next build sweeps the temporary files killed builds left behind.
    store.build(corpus, db)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
