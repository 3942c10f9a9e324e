"""Whole names, names read in context, and the events sentences propose: the rules, one by one."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

import store
from store.ingest.context import Linked, ParagraphReading, read_article, reading_of
from store.ingest.dating import date_article
from store.ingest.proposals import ArticleText, event_type, group, propose, sentences, title_of
from store.names import guess_type, name_key, short_keys, whole_names

# Whole names --------------------------------------------------------------------


def names(text: str) -> list[str]:
    return [text[n.start : n.end] for n in whole_names(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Possessives and appositions cut.
        ("Tigris Policy Forum's Layla Haddad said so.", ["Tigris Policy Forum", "Layla Haddad"]),
        ("Nabil al-Maliki, a security analyst, was shot.", ["Nabil al-Maliki"]),
        # Titles, roles and demonyms are no part of the name.
        ("Iraqi Prime Minister Mustafa al-Kazimi spoke.", ["Mustafa al-Kazimi"]),
        ("He met US Ambassador Matthew Tueller.", ["US", "Matthew Tueller"]),
        ("Iranian-backed Kataib Hezbollah denied it.", ["Kataib Hezbollah"]),
        # Organisations span "of" and "for"; particles stay.
        ("at the Baghdad Centre for Strategic Studies", ["Baghdad Centre for Strategic Studies"]),
        ("the Ministry of Interior said", ["Ministry of Interior"]),
        ("the Prime Minister of Iraq", ["Iraq"]),  # a title does not join
        ("Umm Hussein al-Saadi and Ahmed bin Khalid", ["Umm Hussein al-Saadi", "Ahmed bin Khalid"]),
        ("that Kataib Sayyid al-Shuhada was recruiting", ["Kataib Sayyid al-Shuhada"]),
        # A title just before the word ending an institution's name is part of it.
        ("a contract for the Muhandis General Company", ["Muhandis General Company"]),
        ("the Kataib Hezbollah General Secretariat said", ["Kataib Hezbollah General Secretariat"]),
        ("the Prime Minister Office said", ["Prime Minister Office"]),
        ("Hezbollah Secretary General Hassan Nasrallah", ["Hezbollah", "Hassan Nasrallah"]),
        ("General Qassem Soleimani was killed", ["Qassem Soleimani"]),
        # A title "of" a portfolio ends with the portfolio.
        ("Secretary of State Mike Pompeo said", ["Mike Pompeo"]),
        ("Minister of Foreign Affairs Fuad Hussein said", ["Fuad Hussein"]),
        # A nisba is a surname, and a demonym before one is a name's word.
        ("Salih Mohammed al-Iraqi, a Sadr aide", ["Salih Mohammed al-Iraqi", "Sadr"]),
        ("Prime Minister Mohammed Shia al-Sudani met him", ["Mohammed Shia al-Sudani"]),
        ("Iraqi Shia militias and the Iraqi Kurdistan region", ["Kurdistan"]),
        # Function and calendar words, and common words opening a sentence.
        ("On Monday Haddad said so.", ["Haddad"]),
        ("Separately Maliki said so.", ["Maliki"]),
        ("Gunmen shot him. Officials Said nothing.", ["Said"]),
    ],
)
def test_whole_names(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_the_kind_of_a_name_and_the_evidence() -> None:
    text = "Analyst Layla Haddad of the Tigris Policy Forum said the militias were watching."
    found = {text[n.start : n.end]: guess_type(n.clues) for n in whole_names(text)}
    assert found["Layla Haddad"] == ("person", ("title 'Analyst' before it", "given name 'Layla'"))
    kind, why = found["Tigris Policy Forum"]
    assert kind == "organization" and why[0] == "organisation word 'Forum'"
    text = "Soldiers near Sadr City and at Baghdad International Airport."
    assert [guess_type(n.clues)[0] for n in whole_names(text)] == ["place", "facility"]
    assert guess_type(()) == (None, ())


def test_keys_and_short_forms() -> None:
    assert name_key("al-Maliki's") == name_key("Al Maliki") == "al maliki"
    assert name_key("Kata'ib Hizballah") == "kataib hizballah"
    assert short_keys("Nabil al-Maliki", "person") == {"maliki"}
    assert short_keys("Abu Ali al-Basri", "person") == {"basri", "abu ali"}
    assert short_keys("Abu Fadak", "person") == {"abu fadak"}
    assert short_keys("Ahmed bin Khalid", "person") == {"khalid", "bin khalid"}
    assert short_keys("Kataib Sayyid al-Shuhada", "organization") == {"kataib"}
    assert short_keys("Baghdad Operations Command", "organization") == set()


# Names in context ---------------------------------------------------------------

READING = reading_of(
    [
        ("nouri-al-maliki", "person", ["Nouri al-Maliki", "Maliki", "al-Maliki"], []),
        ("qais-khazali", "person", ["Qais Khazali", "Khazali"], []),
        ("baghdad", "place", ["Baghdad"], []),
        ("layla-haddad", "person", ["Layla Haddad"], []),
    ],
    adjectives=["Iraqi"],
)


def _read(
    *texts: str, curated: bool = False, kinds: tuple[str, ...] = ()
) -> list[ParagraphReading]:
    """Paragraphs with the mentions a simple alias match would find, read in context."""
    aliases = {
        "Nouri al-Maliki": "nouri-al-maliki", "al-Maliki": "nouri-al-maliki",
        "Al-Maliki": "nouri-al-maliki", "Maliki": "nouri-al-maliki", "Khazali": "qais-khazali",
        "Baghdad": "baghdad", "Layla Haddad": "layla-haddad",
    }  # fmt: skip

    pattern = re.compile(r"\b(?:" + "|".join(sorted(aliases, key=len, reverse=True)) + r")\b")
    paragraphs = []
    for i, text in enumerate(texts):
        mentions = [
            Linked(m.start(), m.end(), aliases[m.group()], "alias", 100.0)
            for m in pattern.finditer(text)
        ]
        kind = kinds[i] if i < len(kinds) else "body"
        paragraphs.append(ParagraphReading(f"a:p{i + 1}", i + 1, kind, False, text, mentions))
    read_article(paragraphs, READING, curated=curated)
    return paragraphs


def _linked(paragraphs: list[ParagraphReading]) -> list[tuple[str, str, str]]:
    return [
        (p.text[m.start : m.end], m.entity_id, m.method) for p in paragraphs for m in p.mentions
    ]


def _named(paragraphs: list[ParagraphReading]) -> list[tuple[str, str, bool]]:
    return [(p.text[n.start : n.end], n.key, n.part) for p in paragraphs for n in p.names]


def test_a_longer_name_takes_its_part_and_its_short_forms_go_with_it() -> None:
    read = _read(
        "Nabil al-Maliki was shot in Baghdad.",
        "Al-Maliki had received threats. Maliki's friends said so.",
        "Former prime minister Nouri al-Maliki condemned it. Al-Maliki said the killers must pay.",
    )
    assert _linked(read) == [
        ("Baghdad", "baghdad", "alias"),
        ("Nouri al-Maliki", "nouri-al-maliki", "alias"),
        ("Al-Maliki", "nouri-al-maliki", "alias"),  # after Nouri is named in full
    ]
    assert _named(read) == [
        ("Nabil al-Maliki", "nabil al maliki", False),
        ("Al-Maliki", "nabil al maliki", True),
        ("Maliki", "nabil al maliki", True),
    ]
    assert read[0].names[0].took == "nouri-al-maliki"


def test_a_longer_name_that_is_a_spelling_of_the_same_entity_is_its_mention() -> None:
    read = _read("Qais al-Khazali denied it. Khazali said so.")
    assert _linked(read) == [
        ("Qais al-Khazali", "qais-khazali", "auto"),
        ("Khazali", "qais-khazali", "alias"),
    ]
    assert _named(read) == []


def test_a_place_inside_an_organisations_name_is_no_mention_of_the_place() -> None:
    read = _read("The Baghdad Operations Command said Baghdad was calm.")
    assert _linked(read) == [("Baghdad", "baghdad", "alias")]
    assert read[0].mentions[0].start == 36
    assert _named(read) == [("Baghdad Operations Command", "baghdad operations command", False)]


def test_a_short_form_no_alias_matched_goes_with_the_full_name() -> None:
    # A candidate's short form is counted with it; an entity's becomes its mention.
    read = _read("Karim Jabbar and Layla Haddad spoke. Jabbar said so, and Haddad agreed.")
    assert ("Jabbar", "karim jabbar", True) in _named(read)
    assert ("Haddad", "layla-haddad", "context") in _linked(read)


def test_headlines_give_a_mention_up_only_to_a_name_the_text_introduced() -> None:
    read = _read(
        "Nabil Al-Maliki Shot Dead In Baghdad",
        "Nabil al-Maliki was shot on Monday.",
        "Samir Al-Maliki Visits Baghdad",
        kinds=("headline", "body", "headline"),
    )
    # In title case "Nabil Al-Maliki Shot Dead" is no name: its "Al-Maliki" is a short form,
    # and goes with the full name the text introduced; none is Nouri al-Maliki's.
    assert [(p.index, p.text[m.start : m.end], m.entity_id) for p in read for m in p.mentions] == [
        (1, "Baghdad", "baghdad"),
        (3, "Baghdad", "baghdad"),
    ]
    assert [(p.index, n.key, n.part) for p in read for n in p.names] == [
        (1, "nabil al maliki", True),
        (2, "nabil al maliki", False),
        (3, "nabil al maliki", True),
    ]


def test_a_title_case_subheading_is_read_as_a_headline() -> None:
    read = _read(
        "Nabil al-Maliki was shot on Monday.",
        "Who Was Nabil Al-Maliki?",
        "Baghdad Mourns Its Analyst",
    )
    # "Baghdad Mourns Its Analyst" is no name: Baghdad stays the city's, nothing is proposed.
    assert _linked(read) == [("Baghdad", "baghdad", "alias")]
    assert [(p.index, n.key, n.part) for p in read for n in p.names] == [
        (1, "nabil al maliki", False),
        (2, "nabil al maliki", False),
    ]


def test_curated_articles_keep_every_mention() -> None:
    read = _read("Nabil al-Maliki was shot. Al-Maliki died.", curated=True)
    assert _linked(read) == [
        ("al-Maliki", "nouri-al-maliki", "alias"),
        ("Al-Maliki", "nouri-al-maliki", "alias"),
    ]


def test_a_dismissed_name_takes_nothing() -> None:
    reading = reading_of(
        [("nouri-al-maliki", "person", ["Nouri al-Maliki", "Maliki"], [])],
        dismissed=["Separately Maliki"],
    )
    text = "Then Separately Maliki said so."
    paragraph = ParagraphReading(
        "a:p1", 1, "body", False, text, [Linked(16, 22, "nouri-al-maliki", "alias", 100.0)]
    )
    read_article([paragraph], reading, curated=False)
    assert [(m.entity_id) for m in paragraph.mentions] == ["nouri-al-maliki"]
    assert paragraph.names == []


# Proposed events ----------------------------------------------------------------


def test_sentences_are_not_cut_after_abbreviations_or_initials() -> None:
    text = "Mr. Haddad met U.S. envoys on Monday. Mohammed A. Salih said so! Then: nothing."
    assert [text[s:e] for s, e in sentences(text)] == [
        "Mr. Haddad met U.S. envoys on Monday.",
        "Mohammed A. Salih said so!",
        "Then: nothing.",
    ]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Gunmen shot dead Nabil al-Maliki on Monday, police said.", "killing"),
        ("Hundreds of protesters stormed the offices on Saturday.", "protest"),
        ("Police raided the headquarters on June 25.", "raid"),
        ("Kadhimi said on Tuesday that he would act.", "statement"),
        ("A spokesman said nobody was hurt in the attack on December 20.", "attack"),
        ("He marked the anniversary of the raid with a short statement on Thursday.", "statement"),
        ("Lawmakers on Thursday criticised a government contract.", "statement"),
        # An order of something is that thing; what came "after" is not what happened.
        ("A court on Wednesday ordered the release of Qasim Muslih.", "release"),
        ("He was freed on Monday, a week after he was detained.", "release"),
        ("Kadhimi ordered an investigation on Monday.", "policy"),
        (
            "Forces on Thursday arrested a commander, hours after a volley of rockets struck.",
            "arrest",
        ),
        (
            "He escaped on Sunday after a drone struck, in what the military called a plot.",
            "attack",
        ),
        ("Supporters stormed the embassy on Tuesday over strikes that killed 25 fighters.", "raid"),
        ("Gunmen who killed Hisham al-Hashimi on Monday fled.", "killing"),  # nothing else
        # A gathering to remember a killing is no killing.
        ("Thousands gathered on Sunday to mark the anniversary of the killing.", "protest"),
        ("On Sunday, the anniversary of the killing of Soleimani passed quietly.", "commemoration"),
        ("Nothing of note happened on Monday.", "other"),
    ],
)
def test_the_type_of_an_event_from_its_verbs_then_its_nouns(sentence: str, kind: str) -> None:
    dates = (
        [(sentence.index(" on ") + 4, sentence.index(" on ") + 12)] if " on " in sentence else []
    )
    assert event_type(sentence, dates)[0] == kind


def test_every_proposed_type_can_be_promoted_and_has_a_weight() -> None:
    """A proposal's type is one events.toml accepts (promote writes it there) and
    weighs in ranking; the two tables cannot drift apart."""
    from store.corpus.annotations import EVENT_TYPES
    from store.ingest.proposals import _KINDS
    from store.model import EVENT_WEIGHT

    assert set(_KINDS) | {"other"} <= set(EVENT_TYPES)
    assert set(_KINDS) | {"other"} <= set(EVENT_WEIGHT)


def test_a_name_is_shown_as_the_text_writes_it() -> None:
    from collections import Counter

    from store.names import ranked_spellings

    seen = Counter({"AL-QAIM": 3, "al-Qaim": 1, "Al-Qaim": 1})
    assert ranked_spellings(seen) == ["Al-Qaim", "al-Qaim", "AL-QAIM"]
    assert ranked_spellings(Counter({"US": 2})) == ["US"]  # capitals when nothing else


def test_datelines_are_cut_from_titles() -> None:
    from store.ingest.proposals import title_of

    for line in ("AL-QAIM, Iraq — ", "BAGHDAD (Reuters) - ", "**BAGHDAD (Wire) –** "):
        sentence = f"{line}A drone struck a vehicle on Saturday."
        at = sentence.index("Saturday")
        assert title_of(sentence, at, at + 8) == "A drone struck a vehicle"


def test_a_headline_says_what_happened_with_its_first_verb() -> None:
    from store.ingest.proposals import event_type

    headline = "Iraq frees militia commander detained over rocket plot"
    assert event_type(headline, headline=True)[:2] == ("release", "frees")
    assert event_type(headline)[0] == "arrest"  # in a sentence, the most telling verb


def test_titles_lose_the_date_the_attribution_and_appositions() -> None:
    s = "Nabil al-Maliki, a security analyst, was shot dead in Baghdad last Thursday, police said."
    at = s.index("last Thursday")
    assert title_of(s, at, at + 13) == "Nabil al-Maliki was shot dead in Baghdad"
    s = "BAGHDAD (Reuters) - On Monday, gunmen attacked a convoy."
    at = s.index("Monday")
    assert title_of(s, at, at + 6) == "Gunmen attacked a convoy"


def _proposals(article_id: str, published: dt.date, *texts: str) -> list[dict[str, Any]]:
    read = _read(*texts)
    dated = date_article(article_id, published, None, ((p.id, p.index, p.text) for p in read))
    text = "\n\n".join(texts)
    starts, at = {}, 0
    for p in read:
        starts[p.id] = text.index(p.text, at)
        at = starts[p.id] + len(p.text)
    return propose(ArticleText(article_id, text, starts), read, dated, READING.types)


def test_dated_sentences_that_name_someone_propose_events_grouped_across_articles() -> None:
    one = _proposals(
        "one", dt.date(2021, 1, 4),
        "Nabil al-Maliki was shot dead in Baghdad last Thursday. Nobody was there on Friday.",
        "Officials met on Saturday.",
    )  # fmt: skip
    assert [(r["type"], r["date"]["value"], r["main"]) for r in one] == [
        ("killing", "2020-12-31", True)  # the sentences that name no one propose nothing
    ]
    two = _proposals("two", dt.date(2021, 1, 1), "Nabil al-Maliki was killed on December 31, 2020.")
    grouped = group(one + two, names={"nabil al maliki": "Nabil al-Maliki"})
    assert len(grouped) == 1
    (event,) = grouped
    assert (event["id"], event["articles"], event["main_of"]) == (
        "2020-12-31-killing-nabil-al-maliki", ["one", "two"], ["one", "two"],
    )  # fmt: skip
    # Dates that disagree are two events; a dismissed id none.
    three = _proposals("three", dt.date(2021, 1, 9), "Nabil al-Maliki was killed on Monday.")
    assert len(group(one + three)) == 2
    assert group(one, dismissed_ids=frozenset({"2020-12-31-killing-nabil-al-maliki"})) == []


# dismissed.toml and adjectives, validated ---------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[name]]\nname = "A B"\n[[name]]\nname = "a-b"\n', "dismissed.toml:4: 'a-b' is dismissed twice (first on line 1); remove one"),
        ('[[name]]\nnam = "A B"\n', "dismissed.toml:1: missing 'name'; add it"),
        ('[[event]]\nid = "Bad Id"\n', "dismissed.toml:2: id 'Bad Id' must be lowercase letters, digits and hyphens"),
        ('[[event]]\nid = "x"\nsources = [{ article = "nope", quote = "q" }]\n', "dismissed.toml:3: unknown article 'nope'"),
        ('[[other]]\nx = 1\n', "dismissed.toml:1: unknown table 'other'; use [[name]] or [[event]]"),
    ],
)  # fmt: skip
def test_dismissed_toml_is_validated(corpus_copy: Path, text: str, message: str) -> None:
    (corpus_copy / "dismissed.toml").write_text(text, encoding="utf-8")
    errors = [str(e).replace(str(corpus_copy) + "/", "") for e in store.check(corpus_copy).errors]
    assert errors and errors[0].startswith(message), errors


def test_adjectives_belong_to_one_entity_and_must_occur(corpus_copy: Path) -> None:
    path = corpus_copy / "entities.toml"
    text = path.read_text("utf-8")
    path.write_text(
        text.replace('adjectives = ["Lebanese"]', 'adjectives = ["Lebanese", "Iraqi", "Maltese"]')
    )
    report = store.check(corpus_copy)
    assert any("alias 'Iraqi' is claimed by 'iraq'" in str(e) for e in report.errors)
    path.write_text(
        text.replace('adjectives = ["Lebanese"]', 'adjectives = ["Lebanese", "Maltese"]')
    )
    report = store.check(corpus_copy)
    assert report.errors == ()
    assert [str(w).split(": ", 1)[1] for w in report.warnings] == [
        "adjective 'Maltese' of 'lebanon' never occurs in the articles (or a longer name always "
        "contains it); remove it"
    ]


def test_adjectives_are_mentions_of_their_own_kind(catalog: store.Catalog) -> None:
    iraq = catalog.entity("iraq")
    assert iraq.adjectives == ("Iraqi", "Iraqis") and iraq.adjective_count > 20
    adjectives = catalog.excerpts("iraq", adjectives=True)
    assert adjectives and all(m == "adjective" for e in adjectives for m in e.methods)
    # Apart from the name: not among its mentions, excerpts or co-mentions.
    assert iraq.mention_count == sum(n for _, n in iraq.mention_counts)
    surfaces = {e.paragraph.text[s:t] for e in catalog.excerpts("iraq") for s, t in e.spans}
    assert "Iraqi" not in surfaces
    government = catalog.entity("iraqi-government")
    assert government.mention_count >= 5 and government.adjective_count == 0
    assert catalog.entity("saudi-arabia").adjective_counts == (
        ("diyaruna-2020-07-pressure-on-iran-agents", 1),
    )
