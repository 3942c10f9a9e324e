"""Mention linking and evidence anchoring on small hand-made corpora."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import store
from store.ingest.link import AliasMatcher, is_abbreviation

ARTICLE = """\
Militias in Baghdad

Kataib Hezbollah and Harakat Hezbollah al-Nujaba met the “Hizbullah Brigades” in Baghdad.
Hezbollah in Lebanon sent an envoy; KH said the PMF and the PMU agreed, while kh and pmf did not.
Mustafa al-Kadhimi, also written Al Kadhimi or Kadhemi, met Iraq’s KHs. The US and us.
The brigades promised revenge. Another Hezbollah here means Kataib Hezbollah.
Photo caption mentioning Kadhimi (photo credit: REUTERS)
"""

ARTICLES = """\
[[article]]
id = "one"
file = "articles/one.txt"
outlet = "Outlet"
title = "Militias in Baghdad"
published = 2020-06-30
"""

ENTITIES = """\
[[entity]]
id = "kataib-hezbollah"
name = "Kataib Hezbollah"
type = "organization"
aliases = ["Kataib Hezbollah", "Hizbullah Brigades", "KH"]
description = "A militia."

[[entity]]
id = "nujaba"
name = "Harakat Hezbollah al-Nujaba"
type = "organization"
aliases = ["Harakat Hezbollah al-Nujaba"]
description = "A militia."

[[entity]]
id = "hezbollah"
name = "Hezbollah"
type = "organization"
aliases = ["Hezbollah", "Hizbullah"]
description = "The Lebanese party."

[[entity]]
id = "pmf"
name = "Popular Mobilization Forces"
type = "organization"
aliases = ["PMF", "PMU"]
description = "An umbrella."

[[entity]]
id = "kadhimi"
name = "Mustafa al-Kadhimi"
type = "person"
aliases = ["Mustafa al-Kadhimi", "al-Kadhimi", "Kadhimi", "Kadhemi"]
search_aliases = ["Kazimi"]
description = "Prime minister."

[[entity]]
id = "baghdad"
name = "Baghdad"
type = "place"
aliases = ["Baghdad"]
description = "A city."

[[entity]]
id = "iraq"
name = "Iraq"
type = "place"
aliases = ["Iraq"]
description = "A country."

[[entity]]
id = "us"
name = "United States"
type = "place"
aliases = ["US"]
description = "A country."

[[entity.relation]]
type = "allied-with"
target = "iraq"
evidence = [{ article = "one", quote = "The US and us." }]

[[link]]
article = "one"
quote = "The brigades"
entity = "kataib-hezbollah"
note = "Refers back to the Hizbullah Brigades."

[[link]]
article = "one"
quote = "Hezbollah"
prefix = "Another "
entity = "kataib-hezbollah"
"""


def make_corpus(root: Path, entities: str = ENTITIES, events: str = "", claims: str = "") -> Path:
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "articles.toml").write_text(ARTICLES)
    (root / "entities.toml").write_text(entities)
    if events:
        (root / "events.toml").write_text(events)
    if claims:
        (root / "claims.toml").write_text(claims)
    return root


@pytest.fixture
def kb(tmp_path: Path) -> store.Catalog:
    root = make_corpus(tmp_path / "c")
    store.build(root, tmp_path / "s.json")
    return store.Catalog.open(tmp_path / "s.json")


def surfaces(catalog: store.Catalog, entity_id: str) -> list[str]:
    return [
        excerpt.paragraph.text[s:e]
        for excerpt in catalog.excerpts(entity_id)
        for s, e in excerpt.spans
    ]


def test_longest_match_wins_over_bare_hezbollah(kb: store.Catalog) -> None:
    assert surfaces(kb, "kataib-hezbollah") == [
        "Kataib Hezbollah",
        "Hizbullah Brigades",
        "KH",
        "The brigades",
        "Hezbollah",
        "Kataib Hezbollah",
    ]
    assert surfaces(kb, "nujaba") == ["Harakat Hezbollah al-Nujaba"]
    # Only the one bare "Hezbollah" that no link reassigns is the Lebanese party.
    assert surfaces(kb, "hezbollah") == ["Hezbollah"]
    assert kb.excerpts("hezbollah")[0].paragraph.text.startswith("Hezbollah in Lebanon")


def test_abbreviations_match_whole_words_with_their_case(kb: store.Catalog) -> None:
    assert surfaces(kb, "pmf") == ["PMF", "PMU"]
    assert surfaces(kb, "us") == ["US"]
    kh = [
        m.surface
        for e in kb.excerpts("kataib-hezbollah")
        for m in kb.mentions(e.paragraph.id)
        if m.entity_id == "kataib-hezbollah"
    ]
    assert "KHs" not in kh and "kh" not in kh


def test_folding_finds_spelling_variants_with_exact_offsets(kb: store.Catalog) -> None:
    assert surfaces(kb, "kadhimi") == ["Mustafa al-Kadhimi", "Al Kadhimi", "Kadhemi", "Kadhimi"]
    assert surfaces(kb, "iraq") == ["Iraq"]  # in "Iraq’s"; never inside "Iraqi"
    for excerpt in kb.excerpts("kadhimi"):
        for mention in kb.mentions(excerpt.paragraph.id):
            assert excerpt.paragraph.text[mention.start : mention.end] == mention.surface


def test_captions_and_credits_are_linked_but_flagged(kb: store.Catalog) -> None:
    caption = [e for e in kb.excerpts("kadhimi") if e.paragraph.kind == "caption"]
    assert len(caption) == 1 and caption[0].flagged
    mentions = kb.mentions(caption[0].paragraph.id)
    assert mentions and all(m.flagged for m in mentions)
    body = [e for e in kb.excerpts("kadhimi") if e.paragraph.kind == "body"]
    assert body and not any(e.flagged for e in body)


def test_links_are_recorded_as_curated_links(kb: store.Catalog) -> None:
    methods = {
        m.surface: m.method
        for e in kb.excerpts("kataib-hezbollah")
        for m in kb.mentions(e.paragraph.id)
        if m.entity_id == "kataib-hezbollah"
    }
    assert methods["The brigades"] == "link"
    assert methods["Hizbullah Brigades"] == "alias"


def test_entity_values_and_relations_both_ways(kb: store.Catalog) -> None:
    us = kb.entity("us")
    assert us.relations[0].type == "allied-with" and us.relations[0].target_id == "iraq"
    assert us.relations[0].evidence[0].quote == "The US and us."
    iraq = kb.entity("iraq")
    assert [(r.source_id, r.type) for r in iraq.relations] == [("us", "allied-with")]
    kadhimi = kb.entity("kadhimi")
    assert kadhimi.search_aliases == ("Kazimi",)
    assert kadhimi.mention_counts == (("one", 4),) and kadhimi.mention_count == 4
    assert [e.id for e in kb.entities(type="person")] == ["kadhimi"]
    with pytest.raises(store.EntityNotFound):
        kb.entity("nobody")


def test_co_mentions_count_shared_paragraphs(kb: store.Catalog) -> None:
    top = kb.co_mentions("kataib-hezbollah")
    counts = {c.entity_id: c.paragraphs for c in top}
    assert counts["pmf"] == 1 and counts["baghdad"] == 1 and counts["nujaba"] == 1
    assert "kataib-hezbollah" not in counts


def test_matcher_is_abbreviation_rule() -> None:
    assert is_abbreviation("KH") and is_abbreviation("U.S.") and is_abbreviation("IRGC")
    assert not is_abbreviation("Kadhimi") and not is_abbreviation("ABCDEFGH")
    matcher = AliasMatcher.for_entities([("us", ["U.S.", "U.S. Embassy"], [])])
    found = matcher.find("the U.S. Embassy and the U.S. and US")
    assert [(m.alias) for m in found] == ["U.S. Embassy", "U.S."]


# Broken annotations: every problem at once, as file:line: message ------------


def check_messages(root: Path) -> list[str]:
    report = store.check(root)
    return [str(e).replace(str(root) + "/", "") for e in report.errors]


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th occurrence of ``needle`` in ``text``."""
    at = -1
    for _ in range(occurrence):
        at = text.index(needle, at + 1)
    return text.count("\n", 0, at) + 1


E = ENTITIES
L_US_QUOTE = line_of(E, "The US and us.")
L_HEZBOLLAH_LINK = line_of(E, 'quote = "Hezbollah')
L_TARGET = line_of(E, "target = ")
L_US_ALIASES = line_of(E, 'aliases = ["US')
L_BAGHDAD_ALIASES = line_of(E, 'aliases = ["Baghdad')
L_IRAQ_ID = line_of(E, 'id = "iraq')
L_BAGHDAD_ID = line_of(E, 'id = "baghdad')
L_RELATION_TYPE = line_of(E, "allied-with")
L_IRAQ_TYPE = line_of(E, 'aliases = ["Iraq') - 1
L_LINK_ENTITY = line_of(E, "entity = ")
L_BRIGADES = line_of(E, "The brigades")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'quote = "The US and us."',
            'quote = "The U.S. and us."',
            rf"^entities\.toml:{L_US_QUOTE}: quote not found verbatim in one: "
            r"'The U\.S\. and us\.'; copy it from the file exactly$",
        ),
        (
            'quote = "The US and us."',
            'quote = "the us and us."',
            rf"^entities\.toml:{L_US_QUOTE}: quote not found verbatim .* \(it is "
            "there with different case",
        ),
        (
            'prefix = "Another "\n',
            "",
            rf"^entities\.toml:{L_HEZBOLLAH_LINK}: quote found 5 times in one "
            r"\(lines 3, 3, 4, 6, 6\); add a prefix or suffix to say which$",
        ),
        (
            'target = "iraq"',
            'target = "irak"',
            rf"^entities\.toml:{L_TARGET}: unknown entity 'irak' \(did you mean "
            r"'iraq'\?\)$",
        ),
        (
            'aliases = ["US"]',
            'aliases = ["US", "Baghdad"]',
            rf"^entities\.toml:{L_US_ALIASES}: alias 'Baghdad' is claimed by "
            rf"'baghdad' \(line {L_BAGHDAD_ALIASES}\) and 'us'",
        ),
        (
            'id = "iraq"',
            'id = "baghdad"',
            rf"^entities\.toml:{L_IRAQ_ID}: duplicate entity id 'baghdad' \(first "
            rf"used on line {L_BAGHDAD_ID}\)",
        ),
        (
            'type = "allied-with"',
            'type = "ally-of"',
            rf"^entities\.toml:{L_RELATION_TYPE}: relation type 'ally-of' is not one of",
        ),
        (
            'type = "place"\naliases = ["Iraq"]',
            'type = "country"\naliases = ["Iraq"]',
            rf"^entities\.toml:{L_IRAQ_TYPE}: type 'country' is not one "
            "of person, organization",
        ),
        (
            'evidence = [{ article = "one",',
            'evidence = [{ article = "two",',
            rf"^entities\.toml:{L_US_QUOTE}: unknown article 'two'; use an id from articles"
            r"\.toml$",
        ),
        (
            'entity = "kataib-hezbollah"\nnote',
            'entity = "kh"\nnote',
            rf"^entities\.toml:{L_LINK_ENTITY}: unknown entity 'kh'",
        ),
        (
            'quote = "The brigades"',
            'quote = "The brigades promised revenge.\\nAnother"',
            rf"^entities\.toml:{L_BRIGADES}: quote spans a line break",
        ),
    ],
)
def test_check_reports_broken_entities(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in ENTITIES, old
    root = make_corpus(tmp_path / "c", ENTITIES.replace(old, new, 1))
    found = check_messages(root)
    assert found and re.search(expected, found[0]), found


def test_build_refuses_broken_annotations_and_keeps_the_store(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "c")
    db = tmp_path / "s.json"
    store.build(root, db)
    before = db.read_bytes()
    (root / "entities.toml").write_text(ENTITIES.replace('target = "iraq"', 'target = "x"'))
    with pytest.raises(store.CorpusError, match="unknown entity 'x'"):
        store.build(root, db)
    assert db.read_bytes() == before


EVENTS = """\
[[event]]
id = "raid"
title = "The raid"
type = "raid"
date = "2020-06-25"
precision = "day"
location = "baghdad"
participants = [{ entity = "kataib-hezbollah", role = "target" }]

[[event.evidence]]
article = "one"
quote = "met the “Hizbullah Brigades” in Baghdad"

[[event]]
id = "envoy"
title = "Envoy sent"
type = "visit"
date = "2020-06-29"
precision = "day"
evidence = [{ article = "one", quote = "Hezbollah in Lebanon sent an envoy", date_phrase = "Hezbollah", resolves_to = "2020-06-29" }]
"""


def test_events_dates_and_date_phrase_errors(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "c", events=EVENTS)
    found = check_messages(root)
    # "Hezbollah" is no date phrase dossier understands: taken as annotated.
    assert found == []
    bad = EVENTS.replace('date = "2020-06-25"', 'date = "2020-06-31"')
    bad = bad.replace('date_phrase = "Hezbollah"', 'date_phrase = "envoy"')
    bad = bad.replace('precision = "day"\nlocation', 'precision = "day"\nlocation = "nowhere"\nx')
    root2 = make_corpus(tmp_path / "d", events=bad)
    found = check_messages(root2)
    assert any(
        re.match(r"events\.toml:5: date '2020-06-31' is not a possible day date", m) for m in found
    ), found
    assert any("unknown entity 'nowhere'" in m for m in found), found


def test_relative_date_that_disagrees_is_refused(tmp_path: Path) -> None:
    article = ARTICLE.replace(
        "The brigades promised revenge.", "The brigades promised revenge last Thursday."
    )
    root = make_corpus(tmp_path / "c")
    (root / "articles" / "one.txt").write_text(article)
    events = """\
[[event]]
id = "promise"
title = "Promise"
type = "statement"
date = "2020-06-25"
precision = "day"
evidence = [{ article = "one", quote = "promised revenge last Thursday", date_phrase = "last Thursday", resolves_to = "2020-06-26" }]
"""
    (root / "events.toml").write_text(events)
    found = check_messages(root)
    assert found == [
        "events.toml:7: date_phrase 'last Thursday' resolves to 2020-06-25 (the last Thursday "
        "before publication (2020-06-30, Tuesday)), not 2020-06-26; fix resolves_to"
    ]
    (root / "events.toml").write_text(events.replace("2020-06-26", "2020-06-25"))
    assert check_messages(root) == []
    store.build(root, tmp_path / "s.json")
    event = store.Catalog.open(tmp_path / "s.json").event("promise")
    assert event.evidence[0].resolved == "2020-06-25" and event.evidence[0].agrees
    assert event.evidence[0].rule is not None
    assert event.evidence[0].rule.startswith("the last Thursday before publication")
