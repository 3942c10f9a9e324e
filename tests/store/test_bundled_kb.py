"""The knowledge base of the bundled corpus: annotations that hold up against the texts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import store

TRAPS = (
    "Kataib Hezbollah",
    "Kataib Hizbullah",
    "Hizbullah Brigades",
    "Harakat Hezbollah al-Nujaba",
)


@pytest.fixture(scope="module")
def report(corpus_dir: Path) -> store.CheckReport:
    return store.check(corpus_dir)


def test_bundled_corpus_checks_clean(report: store.CheckReport) -> None:
    assert report.errors == ()
    # Every alias occurs in the corpus (or is search-only), every entity is
    # mentioned or named in articles.toml: no warnings at all.
    assert [str(w) for w in report.warnings] == []
    assert report.counts["entities"] >= 90
    assert report.counts["mentions"] >= 400


def test_every_paragraph_mention_is_exact(catalog: store.Catalog) -> None:
    for article in catalog.articles():
        for paragraph in catalog.paragraphs(article.id):
            for mention in catalog.mentions(paragraph.id):
                assert paragraph.text[mention.start : mention.end] == mention.surface


def test_lebanese_hezbollah_is_never_inside_a_longer_name(catalog: store.Catalog) -> None:
    found = 0
    for excerpt in catalog.excerpts("hezbollah"):
        text = excerpt.paragraph.text
        for start, end in excerpt.spans:
            found += 1
            assert text[start:end] in ("Hezbollah", "Hizbullah"), text[start:end]
            for trap in TRAPS:
                for m in re.finditer(re.escape(trap), text):
                    assert not (m.start() <= start and end <= m.end()), (trap, text)
    assert found >= 8


def test_kataib_hezbollah_is_found_by_every_spelling(catalog: store.Catalog) -> None:
    surfaces = {
        excerpt.paragraph.text[s:e]
        for excerpt in catalog.excerpts("kataib-hezbollah")
        for s, e in excerpt.spans
    }
    assert {"Kataib Hezbollah", "Kataib Hizbullah", "Hizbullah Brigades", "KH"} <= surfaces
    entity = catalog.entity("kataib-hezbollah")
    assert {e.article.id for e in catalog.excerpts(entity.id)} == {a.id for a in catalog.articles()}
    assert entity.mention_count == sum(n for _, n in entity.mention_counts) > 20


@pytest.mark.parametrize("abbreviation", ["KH", "PMF", "PMU", "CTS", "IRGC"])
def test_abbreviations_are_whole_case_sensitive_words(
    catalog: store.Catalog, abbreviation: str
) -> None:
    seen = 0
    for article in catalog.articles():
        for paragraph in catalog.paragraphs(article.id):
            text = paragraph.text
            linked = {(m.start, m.end) for m in catalog.mentions(paragraph.id)}
            for m in re.finditer(rf"(?<!\w){abbreviation}(?!\w)", text):
                seen += 1
                assert (m.start(), m.end()) in linked, (abbreviation, paragraph.id)
            for m in catalog.mentions(paragraph.id):
                if m.surface.upper() == abbreviation:
                    assert m.surface == abbreviation
    assert seen > 0


@pytest.mark.parametrize(
    ("entity_id", "spellings"),
    [
        ("mustafa-al-kadhimi", {"Kadhimi", "Kadhemi", "al-Kadhimi", "Al-Kadhimi"}),
        (
            "popular-mobilization-forces",
            {
                "PMF",
                "PMU",
                "Popular Mobilization Forces",
                "Popular Mobilisation Forces",
                "Al-Hashd Al-Sha’bi",
            },
        ),
        ("qasem-soleimani", {"Qasem Soleimani", "Qassem Soleimani", "Soleimani"}),
        (
            "counter-terrorism-service",
            {"CTS", "Counter-Terrorism Service", "Counter Terrorism Service"},
        ),
    ],
)
def test_spelling_variants_link_to_one_entity(
    catalog: store.Catalog, entity_id: str, spellings: set[str]
) -> None:
    surfaces = {e.paragraph.text[s:t] for e in catalog.excerpts(entity_id) for s, t in e.spans}
    for spelling in spellings:
        assert any(s.endswith(spelling) or s == spelling for s in surfaces), (spelling, surfaces)


def test_relations_carry_resolved_evidence(catalog: store.Catalog) -> None:
    kh = catalog.entity("kataib-hezbollah")
    incoming = {(r.source_id, r.type) for r in kh.relations if r.target_id == kh.id}
    assert ("abu-mahdi-al-muhandis", "founded") in incoming
    assert ("abu-ali-al-askari", "spokesperson-for") in incoming
    assert ("jafar-husseini", "spokesperson-for") in incoming
    for entity in catalog.entities():
        for relation in entity.relations:
            assert relation.evidence, (entity.id, relation)
            for ev in relation.evidence:
                paragraph = catalog.paragraph(ev.paragraph_id)
                assert paragraph.text[ev.start : ev.end] == ev.quote


def test_excerpts_come_by_date_then_outlet(catalog: store.Catalog) -> None:
    excerpts = catalog.excerpts("mustafa-al-kadhimi")
    keys = [(e.article.published_day, e.article.outlet, e.paragraph.index) for e in excerpts]
    assert keys == sorted(keys)
    assert len({e.article.id for e in excerpts}) == 5
    for excerpt in excerpts:
        for start, end in excerpt.spans:
            assert (
                "adh" in excerpt.paragraph.text[start:end]
                or "adhemi" in excerpt.paragraph.text[start:end]
            )


def test_co_mentions_rank_shared_paragraphs(catalog: store.Catalog) -> None:
    top = catalog.co_mentions("kataib-hezbollah", limit=5)
    assert len(top) == 5
    assert [c.paragraphs for c in top] == sorted((c.paragraphs for c in top), reverse=True)
    assert "mustafa-al-kadhimi" in {c.entity_id for c in top}
