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
            for mention in catalog.mentions(paragraph.id):
                if mention.surface.upper() == abbreviation:
                    assert mention.surface == abbreviation
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


# Events ---------------------------------------------------------------------


def test_events_cover_the_story_in_date_order(catalog: store.Catalog) -> None:
    events = catalog.events()
    assert len(events) >= 60
    assert [(e.date, e.id) for e in events] == sorted((e.date, e.id) for e in events)
    for event in events:
        assert event.evidence, event.id
        assert event.precision in ("day", "week", "month", "year", "decade")
        for item in event.evidence:
            paragraph = catalog.paragraph(item.evidence.paragraph_id)
            assert paragraph.text[item.evidence.start : item.evidence.end] == item.evidence.quote
            if item.date_phrase:
                assert item.date_phrase in item.evidence.quote
                assert item.resolved and item.rule


def test_the_raid_is_dated_by_every_source(catalog: store.Catalog) -> None:
    raid = catalog.event("cts-raid-on-kataib-hezbollah")
    assert (raid.date.isoformat(), raid.precision, raid.estimated) == ("2020-06-25", "day", False)
    assert raid.date_label == "2020-06-25"
    assert raid.location_id == "al-dora" or raid.location_name
    reporting = {item.evidence.article_id for item in raid.evidence}
    assert len(reporting) >= 4
    participants = {p.entity_id for p in raid.participants}
    assert {"counter-terrorism-service", "kataib-hezbollah"} <= participants


def test_relative_dates_resolve_against_publication(catalog: store.Catalog) -> None:
    arrests = catalog.event("arrest-of-14-militiamen")
    by_phrase = {item.date_phrase: item for item in arrests.evidence if item.date_phrase}
    thursday = by_phrase["last Thursday"]
    assert thursday.resolved == "2020-06-25" and thursday.agrees
    assert thursday.rule == "the last Thursday before publication (2020-06-30, Tuesday)"
    week = by_phrase["last week"]
    assert week.resolved == "2020-W26" and week.agrees
    # The Jerusalem Post contradicts itself: kept, and shown as disagreeing.
    june26 = by_phrase["June 26"]
    assert june26.resolved == "2020-06-26" and not june26.agrees
    assert arrests.disputed

    release = catalog.event("detainees-released")
    anchored = next(i for i in release.evidence if i.date_phrase == "Four days after the raid")
    assert anchored.resolved == "2020-06-29"
    assert anchored.rule is not None
    assert "after 'Counter-Terrorism Service" in anchored.rule or "after '" in anchored.rule
    monday = next(i for i in release.evidence if i.date_phrase == "Monday")
    assert monday.resolved == "2020-06-29" and monday.agrees


def test_dates_are_no_more_precise_than_the_sources(catalog: store.Catalog) -> None:
    protests = catalog.event("iraqi-protests-begin")
    assert (protests.date.isoformat()[:7], protests.precision) == ("2019-10", "month")
    assert protests.date_label == "October 2019"
    decade = catalog.event("shiite-iraqis-join-irgc")
    assert decade.precision == "decade" and decade.date_label == "1980s"
    estimated = [e for e in catalog.events() if e.estimated]
    assert estimated and all(e.date_label.startswith("c. ") for e in estimated)


def test_events_of_an_entity(catalog: store.Catalog) -> None:
    events = catalog.events("abu-ali-al-askari")
    assert [e.id for e in events] == ["askari-statement"] or "askari-statement" in {
        e.id for e in events
    }
    kadhimi = catalog.events("mustafa-al-kadhimi")
    assert len(kadhimi) >= 3
    for event in kadhimi:
        assert "mustafa-al-kadhimi" in {p.entity_id for p in event.participants} or (
            event.location_id == "mustafa-al-kadhimi"
        )


def test_event_excerpts_highlight_the_quotes(catalog: store.Catalog) -> None:
    excerpts = catalog.event_excerpts("detainees-released")
    assert len({e.article.id for e in excerpts}) >= 4
    for excerpt in excerpts:
        for start, end in excerpt.spans:
            assert excerpt.paragraph.text[start:end]


# Claims ---------------------------------------------------------------------


def test_the_disagreements_the_sources_have(catalog: store.Catalog) -> None:
    claims = {c.id: c for c in catalog.claims()}
    for claim_id in (
        "detainees-released",
        "detention-date",
        "militia-show-of-force",
        "kh-spokesman",
        "pmf-size",
    ):
        assert claims[claim_id].disagreement, claim_id
    released = claims["detainees-released"]
    assert len(released.values) >= 3
    answers = " ".join(v.value for v in released.values)
    assert "11" in answers and "14" in answers and "bail" in answers
    spokesmen = {v.value for v in claims["kh-spokesman"].values}
    assert any("Husseini" in v for v in spokesmen) and any("Askari" in v for v in spokesmen)
    for claim in claims.values():
        for value in claim.values:
            assert value.evidence, (claim.id, value.value)
            for ev in value.evidence:
                paragraph = catalog.paragraph(ev.paragraph_id)
                assert paragraph.text[ev.start : ev.end] == ev.quote


def test_self_contradiction_of_the_jerusalem_post(catalog: store.Catalog) -> None:
    detention = catalog.claim("detention-date")
    assert detention.self_contradictions == ("jpost-2020-06-29-militias-burn-images",)
    # Reporting an accusation and its denial is not contradicting oneself.
    accusation = catalog.claim("kadhimi-soleimani-accusation")
    assert accusation.attributed and accusation.disagreement
    assert accusation.self_contradictions == ()


def test_compatible_answers_are_claims_but_not_disagreements(catalog: store.Catalog) -> None:
    vehicles = catalog.claim("militia-vehicles-count")
    assert vehicles.compatible and not vehicles.disagreement
    ordered = catalog.claims()
    first_agreement = next(i for i, c in enumerate(ordered) if not c.disagreement)
    assert all(c.disagreement for c in ordered[:first_agreement])
    assert not any(c.disagreement for c in ordered[first_agreement:])


def test_claims_about_a_subject(catalog: store.Catalog) -> None:
    about_kh = catalog.claims("kataib-hezbollah")
    assert about_kh and all(c.subject_id == "kataib-hezbollah" for c in about_kh)
    assert all(c.subject_name == "Kataib Hezbollah" for c in about_kh)
    with pytest.raises(store.ClaimNotFound):
        catalog.claim("no-such-claim")
