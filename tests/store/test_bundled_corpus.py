"""The bundled corpus is the seed articles, byte for byte, described in articles.toml."""

from __future__ import annotations

import datetime as dt
import hashlib
import tomllib
from pathlib import Path

import store

# From the seeds' SOURCES.md: the article files must never be edited.
SEED_SHA256 = {
    "jpost-2020-06-29-militias-burn-images": "298a6591f1920d788cebdf9bb1254f36b770bbe600e12e0f885f2552164a4eb3",
    "jpost-2020-07-01-militias-accuse-israel": "e1a4cb342df4be3e4be3189038c7054d29a69aa3e2fa7d14efb9087cf7cdfc75",
    "diyaruna-2020-07-pressure-on-iran-agents": "c06718ea1f9fcec2373ba5ebe74614291d824f0e86c3b8acf4028bcd24ab8475",
    "jcpa-2020-06-29-conflict-government-militias": "4c548e9e4c3a4a6f6ac932e50b2173c438280a93d420235d7b5febcc93056f65",
    "voa-2020-06-30-release-of-militants": "6712c39ce9ed2a4ee2e652948fbd942c08547368484eda4498dd370c2b148c1f",
}


def test_article_files_are_the_seeds_byte_for_byte(corpus_dir: Path) -> None:
    data = tomllib.loads((corpus_dir / "articles.toml").read_text("utf-8"))
    files = {a["id"]: corpus_dir / a["file"] for a in data["article"]}
    assert set(files) == set(SEED_SHA256)
    for article_id, path in files.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == SEED_SHA256[article_id], path
    assert sorted(p.name for p in (corpus_dir / "articles").iterdir()) == sorted(
        f"{i}.txt" for i in SEED_SHA256
    )


def test_articles_toml_has_the_required_fields(corpus_dir: Path) -> None:
    data = tomllib.loads((corpus_dir / "articles.toml").read_text("utf-8"))
    required = {
        "id",
        "file",
        "outlet",
        "title",
        "author",
        "published",
        "published_precision",
        "url",
        "language",
    }
    for entry in data["article"]:
        assert required <= entry.keys(), entry["id"]
        assert entry["published_precision"] in ("exact", "estimated")


def test_what_sources_md_knows_is_stored_with_its_precision(catalog: store.Catalog) -> None:
    jpost = catalog.article("jpost-2020-06-29-militias-burn-images")
    assert jpost.published == dt.datetime(2020, 6, 29, 22, 32)
    assert jpost.published_precision == "exact"
    assert jpost.author == "Seth J. Frantzman"

    estimated = {a.id for a in catalog.articles() if a.is_estimated}
    assert estimated == set(SEED_SHA256) - {jpost.id}

    diyaruna = catalog.article("diyaruna-2020-07-pressure-on-iran-agents")
    assert diyaruna.url is None and diyaruna.author == "Faris al-Omran"
    assert diyaruna.published_range == (dt.date(2020, 7, 5), dt.date(2020, 7, 31))
    voa = catalog.article("voa-2020-06-30-release-of-militants")
    assert voa.author is None
    assert voa.published_range == (dt.date(2020, 6, 30), dt.date(2020, 7, 1))
    assert voa.published_label == "est. 2020-06-30 to 2020-07-01"
    assert jpost.published_label == "2020-06-29 22:32"
