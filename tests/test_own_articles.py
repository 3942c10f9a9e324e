"""The user's own articles, end to end through ``dossier add``: what is linked, what is proposed.

Three articles written for these tests (``tests/fixtures/own``: plain text,
Markdown, and a web page saved with its navigation, a figure caption and a
footer) hold every trap: known names under new spellings ("Mustafa al-Kazimi",
"Kataeb Hezbollah", "Qais al-Khazali", "Hadi al-Ameri"), other people who share
a surname or a kunya with a known one ("Nabil al-Maliki" and Nouri al-Maliki,
"Abu Fadak al-Zubaidi" and Abu Fadak, "Sarah Husseini" and Jafar Husseini),
places inside organisations' names ("Baghdad Operations Command", "Baghdad
Centre for Strategic Studies"), possessives and appositions, demonyms, and
dates at the edges of a year ("last Thursday" in an article of Monday 4
January 2021) and of a leap February ("last Saturday" on 2 March 2020), and
counted from the date mentioned before ("the next day", "two days later").
Everything is asserted on what ``dossier candidates --json`` prints.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import store
from tests.conftest import Dossier
from tui import cli

TIGRIS = "tigris-wire-2021-01-04-security-analyst-nabil-al-maliki"
GULF = "gulf-notes-2020-03-02-protesters-storm-militia-office-in"
MONITOR = "mesopotamia-monitor-2020-07-01-rockets-hit-baghdad-airport-road"


@pytest.fixture
def dossier(capsys: pytest.CaptureFixture[str]) -> Dossier:
    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture(scope="module")
def answer(own_store: tuple[Path, Path]) -> dict[str, Any]:
    """What ``dossier candidates --json`` prints for the corpus with the three articles."""
    import contextlib
    import io

    corpus, db = own_store
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["candidates", "--json", "--corpus", str(corpus), "--db", str(db)]) == 0
    return dict(json.loads(out.getvalue()))


@pytest.fixture
def grown(own_store: tuple[Path, Path], tmp_path: Path) -> list[str]:
    """A writable copy of the corpus with the three articles: ``--corpus`` and ``--db``."""
    corpus, db = own_store
    shutil.copytree(corpus, tmp_path / "corpus")
    shutil.copyfile(db, tmp_path / "store.json")
    shutil.copyfile(db.with_name(db.name + ".index"), tmp_path / "store.json.index")
    return ["--corpus", str(tmp_path / "corpus"), "--db", str(tmp_path / "store.json")]


def _mentions(catalog: store.Catalog, article_id: str) -> list[tuple[str, str, str]]:
    return [
        (m.surface, m.entity_id, m.method)
        for p in catalog.paragraphs(article_id)
        for m in catalog.mentions(p.id)
    ]


def _state(corpus: Path) -> dict[str, bytes]:
    return {
        p.relative_to(corpus).as_posix(): p.read_bytes() for p in corpus.rglob("*") if p.is_file()
    }


# Linking ----------------------------------------------------------------------


def test_known_entities_are_linked_under_new_spellings(own_store: tuple[Path, Path]) -> None:
    catalog = store.Catalog.open(own_store[1])
    linked = {(s, e) for s, e, _ in _mentions(catalog, TIGRIS)}
    linked |= {(s, e) for s, e, _ in _mentions(catalog, GULF)}
    linked |= {(s, e) for s, e, _ in _mentions(catalog, MONITOR)}
    assert {
        ("Mustafa al-Kazimi", "mustafa-al-kadhimi"),
        ("Kataeb Hezbollah", "kataib-hezbollah"),
        ("Qais al-Khazali", "qais-khazali"),  # "Qais Khazali" with the article: one spelling
        ("Hadi al-Ameri", "hadi-al-amiri"),
        ("Popular Mobilisation Forces", "popular-mobilization-forces"),
        ("Badr Organisation", "badr-organization"),
        ("Harakat Hezbollah al-Nujaba", "harakat-hezbollah-al-nujaba"),
        ("Mustafa Kadhimi", "mustafa-al-kadhimi"),
        ("Kazimi", "mustafa-al-kadhimi"),
        ("Abu Ali al-Askari", "abu-ali-al-askari"),
        ("Jafar Husseini", "jafar-husseini"),
        ("Nouri al-Maliki", "nouri-al-maliki"),
        ("Green Zone", "green-zone"),
        ("Asaib Ahl al-Haq", "asaib-ahl-al-haq"),
    } <= linked
    # Automatic links carry their method and score; the curated articles keep theirs.
    auto = {m for p in catalog.paragraphs(TIGRIS) for m in catalog.mentions(p.id) if not m.curated}
    assert {(m.surface, m.method) for m in auto} >= {
        ("Mustafa al-Kazimi", "auto"),
        ("Qais al-Khazali", "auto"),
    }
    assert all(88 <= m.score <= 100 for m in auto)


def test_a_partial_name_never_claims_a_different_whole_name(own_store: tuple[Path, Path]) -> None:
    catalog = store.Catalog.open(own_store[1])
    tigris = _mentions(catalog, TIGRIS)
    # Nabil al-Maliki's name, and every bare "al-Maliki" after it, are not Nouri al-Maliki's;
    # the article names Nouri in full in its last paragraph, and "Al-Maliki" after that is his.
    assert [(s, m) for s, e, m in tigris if e == "nouri-al-maliki"] == [
        ("Nouri al-Maliki", "alias"),
        ("Al-Maliki", "alias"),
    ]
    nouri = catalog.entity("nouri-al-maliki")
    assert nouri.mentions_in(TIGRIS) == 2
    assert "nouri-al-maliki" not in {c.entity_id for c in catalog.co_mentions("green-zone")}
    # Baghdad inside the names of organisations is no mention of the city.
    baghdad = [p for p in catalog.paragraphs(TIGRIS) for m in catalog.mentions(p.id)
               if m.entity_id == "baghdad"]  # fmt: skip
    assert [p.index for p in baghdad] == [1, 2]  # the headline's "his Baghdad home", "of Baghdad"
    assert "Baghdad Operations Command" not in {
        catalog.paragraph(p.id).text[m.start : m.end + 19]
        for p in baghdad
        for m in catalog.mentions(p.id)
        if m.entity_id == "baghdad"
    }
    # A kunya and a surname shared with known men: Abu Fadak al-Zubaidi is not Abu Fadak,
    # nor "Abu Fadak later said" after him; Sarah Husseini is not Jafar Husseini.
    gulf = _mentions(catalog, GULF)
    assert not [s for s, e, _ in gulf if e == "abu-fadak"]
    monitor = _mentions(catalog, MONITOR)
    assert [s for s, e, _ in monitor if e == "jafar-husseini"] == ["Jafar Husseini"]
    # Kataib Sayyid al-Shuhada is no variant of Kataib Hezbollah.
    assert ("Kataib Sayyid al-Shuhada", "kataib-hezbollah") not in {(s, e) for s, e, _ in tigris}


def test_the_curated_articles_keep_their_mentions(
    own_store: tuple[Path, Path], catalog: store.Catalog
) -> None:
    grown = store.Catalog.open(own_store[1])
    for article in catalog.articles():
        assert _mentions(grown, article.id) == _mentions(catalog, article.id), article.id


# Names --------------------------------------------------------------------------


def test_new_names_are_proposed_whole_typed_with_their_evidence(answer: dict[str, Any]) -> None:
    names = {n["name"]: n for n in answer["names"]}
    types = {name: n["type"] for name, n in names.items()}
    assert {
        "Nabil al-Maliki": "person",
        "Karim Jabbar": "person",  # cut from "The Euphrates Research Group's Karim Jabbar"
        "Euphrates Research Group": "organization",
        "Baghdad Operations Command": "organization",
        "Baghdad Centre for Strategic Studies": "organization",  # across "for", Baghdad kept
        "Interior Ministry": "organization",
        "Kataib Sayyid al-Shuhada": "organization",  # "Sayyid" inside a group's name
        "Umm Hussein al-Saadi": "person",
        "Ahmed bin Khalid": "person",
        "Abu Fadak al-Zubaidi": "person",
        "Abu Ali al-Basri": "person",
        "Sarah Husseini": "person",
        "Rafidain Institute for Policy": "organization",
        "Matthew Tueller": "person",  # "US Ambassador Matthew Tueller": the title cut off
        "Basra Operations Command": "organization",
    }.items() <= types.items()
    nabil = names["Nabil al-Maliki"]
    assert (nabil["count"], nabil["parts"]) == (2, 4)
    assert set(nabil["short_forms"]) == {"al-Maliki", "Al-Maliki", "Maliki"}
    assert nabil["instead_of"] == [
        {"entity": "nouri-al-maliki", "name": "Nouri al-Maliki", "count": 6}
    ]
    assert "apposition 'analyst'" in nabil["why"] and "given name 'Nabil'" in nabil["why"]
    assert names["Baghdad Operations Command"]["articles"] == [TIGRIS, MONITOR]
    assert names["Baghdad Operations Command"]["instead_of"][0]["entity"] == "baghdad"
    assert names["Abu Fadak al-Zubaidi"]["short_forms"] == ["Abu Fadak"]
    assert names["Abu Fadak al-Zubaidi"]["instead_of"][0]["entity"] == "abu-fadak"
    assert names["Abu Ali al-Basri"]["short_forms"] == ["Abu Ali"]
    assert names["Sarah Husseini"]["short_forms"] == ["Husseini"]
    assert names["Karim Jabbar"]["short_forms"] == ["Jabbar"]
    # No fragments, demonyms, generic phrases, titles, nor the article's own outlet.
    for none in ("Strategic Studies", "Sayyid al-Shuhada", "Iraqi", "Iranian", "Saudis",
                 "Kuwaitis", "Prime Minister", "Security Forces", "Gulf Notes", "Forum's",
                 "Zayouna", "Tigris Wire"):  # fmt: skip
        assert none not in names, none
    assert not [n for n in names if n.endswith(("'s", "’s")) or n.startswith("The ")]
    # Ranked: in more articles first.
    assert answer["names"][0]["name"] == "Baghdad Operations Command"


# Events -------------------------------------------------------------------------


def test_every_article_proposes_its_main_event_with_its_date(answer: dict[str, Any]) -> None:
    events = {e["id"]: e for e in answer["events"]}
    main = {article: e for e in answer["events"] for article in e["main_of"]}
    killing = main[TIGRIS]
    assert (killing["type"], killing["date"], killing["precision"]) == (
        "killing", "2020-12-31", "day",
    )  # fmt: skip
    assert killing["id"] == "2020-12-31-killing-nabil-al-maliki"
    assert killing["title"].startswith("Nabil al-Maliki was shot dead outside his home")
    (source,) = killing["sources"]
    assert (source["date_phrase"], source["resolved"], source["reference"]) == (
        "last Thursday", "2020-12-31", "publication",
    )  # fmt: skip
    assert source["rule"] == "the last Thursday before publication (2021-01-04, Monday)"
    assert [p["name"] for p in killing["participants"]][:2] == [
        "Nabil al-Maliki", "Baghdad Operations Command",
    ]  # fmt: skip
    assert killing["location"] == {"id": "baghdad", "name": "Baghdad"}
    protest = main[GULF]
    assert (protest["type"], protest["date"]) == ("protest", "2020-02-29")  # a leap day
    assert protest["sources"][0]["date_phrase"] == "last Saturday"
    attack = main[MONITOR]
    assert (attack["type"], attack["date"], attack["sources"][0]["date_phrase"]) == (
        "attack", "2020-06-30", "Tuesday",
    )  # fmt: skip
    # The rest: relative dates counted from publication, or from the date mentioned before.
    dated = {(e["type"], e["date"], e["sources"][0]["date_phrase"]) for e in events.values()}
    assert {
        ("release", "2020-03-02", "the next day"),  # after "on Sunday", March 1
        ("arrest", "2020-07-01", "the next day"),  # after "on Tuesday", June 30
        ("statement", "2021-01-02", "Saturday"),
        ("policy", "2021-01-01", "Friday"),
        ("statement", "2020-02-28", "February 28"),
        ("statement", "2020-06", "last month"),
        ("meeting", "2020-07-01", "Wednesday"),
    } <= dated
    release = next(e for e in events.values() if e["type"] == "release")
    assert {p["name"] for p in release["participants"]} == {
        "Umm Hussein al-Saadi", "Ahmed bin Khalid",
    }  # fmt: skip
    # The statement after Nouri al-Maliki was named in full is his.
    assert events["2021-01-02-statement-nouri-al-maliki"]["participants"][0]["id"] == (
        "nouri-al-maliki"
    )


def test_each_source_is_a_quote_anchored_like_every_other(
    own_store: tuple[Path, Path], answer: dict[str, Any]
) -> None:
    catalog = store.Catalog.open(own_store[1])
    for event in answer["events"]:
        assert event["articles"] and set(event["main_of"]) <= set(event["articles"])
        for source in event["sources"]:
            paragraph = catalog.paragraph(source["paragraph"])
            assert paragraph.text[source["start"] : source["end"]] == source["quote"]
            assert source["date_phrase"] in source["quote"] and "\n" not in source["quote"]
            text = Path(catalog.article(source["article"]).path).read_text("utf-8")
            quoted = source["prefix"] + source["quote"] + source["suffix"]
            assert text.count(quoted) == 1
            assert source["citation"].endswith(f"¶{paragraph.index}")


def test_the_json_shape_is_stable(answer: dict[str, Any]) -> None:
    assert set(answer) == {"format", "names", "events"} and answer["format"] == 1
    assert set(answer["names"][0]) == {
        "name", "key", "type", "why", "count", "parts", "short_forms", "spellings",
        "articles", "paragraphs", "instead_of",
    }  # fmt: skip
    assert set(answer["events"][0]) == {
        "id", "title", "type", "date", "precision", "label", "estimated", "location",
        "participants", "articles", "main_of", "sources",
    }  # fmt: skip
    assert set(answer["events"][0]["participants"][0]) == {"kind", "id", "name", "sources"}
    assert set(answer["events"][0]["sources"][0]) == {
        "article", "paragraph", "citation", "quote", "start", "end", "prefix", "suffix",
        "date_phrase", "resolved", "precision", "rule", "reference", "estimated", "ambiguous",
        "type", "trigger", "title", "main",
    }  # fmt: skip


def test_the_curated_articles_propose_no_events(answer: dict[str, Any]) -> None:
    assert {a for e in answer["events"] for a in e["articles"]} == {TIGRIS, GULF, MONITOR}


# Curation -----------------------------------------------------------------------


def test_promote_a_name_and_its_short_forms_go_with_it(dossier: Dossier, grown: list[str]) -> None:
    code, out, err = dossier("promote", "Nabil al-Maliki", *grown)
    assert (code, err) == (0, "")
    assert out == (
        "promoted 'Nabil al-Maliki' to entity nabil-al-maliki (person); 6 mentions now linked "
        "(4 by the short forms that went with it)\n"
    )
    catalog = store.Catalog.open(grown[3])
    linked = [(s, m) for s, e, m in _mentions(catalog, TIGRIS) if e == "nabil-al-maliki"]
    assert linked == [
        ("Nabil al-Maliki", "alias"), ("Nabil al-Maliki", "alias"), ("al-Maliki", "context"),
        ("Al-Maliki", "context"), ("al-Maliki", "context"), ("Maliki", "context"),
    ]  # fmt: skip
    assert catalog.entity("nouri-al-maliki").mentions_in(TIGRIS) == 2
    code, out, _ = dossier("candidates", "--json", *grown)
    assert "Nabil al-Maliki" not in {n["name"] for n in json.loads(out)["names"]}
    # The event it was killed in now names the entity.
    killing = catalog.event_candidate("2020-12-31-killing-nabil-al-maliki")
    assert killing.participants[0].kind == "entity"


def test_promote_an_event_candidate_to_events_toml(dossier: Dossier, grown: list[str]) -> None:
    corpus = Path(grown[1])
    before = (corpus / "events.toml").read_text("utf-8")
    code, out, err = dossier("promote", "2020-12-31-killing-nabil-al-maliki", *grown)
    assert (code, err) == (0, "")
    assert out.startswith("promoted the proposed event 2020-12-31-killing-nabil-al-maliki to event")
    after = (corpus / "events.toml").read_text("utf-8")
    assert after.startswith(before)  # the latest event: added at the end, the rest as it was
    added = after[len(before) :]
    assert 'type = "killing"\ndate = "2020-12-31"\nprecision = "day"\nlocation = "baghdad"' in added
    assert 'date_phrase = "last Thursday"\nresolves_to = "2020-12-31"' in added
    assert "# Named too, no entity yet: Nabil al-Maliki, Baghdad Operations Command" in added
    catalog = store.Catalog.open(grown[3])
    event = catalog.event("2020-12-31-killing-nabil-al-maliki")
    assert (event.date_label, event.location_id) == ("2020-12-31", "baghdad")
    assert event.evidence[0].resolved == "2020-12-31" and event.evidence[0].agrees
    assert "2020-12-31-killing-nabil-al-maliki" not in {e.id for e in catalog.event_candidates()}
    assert dossier("check", *grown)[0] == 0
    # A date counted from the date mentioned before ("the next day") is accepted too.
    code, _, err = dossier("promote", "2020-03-02-release-umm-hussein-al-saadi", *grown)
    assert code == 0, err
    release = store.Catalog.open(grown[3]).event("2020-03-02-release-umm-hussein-al-saadi")
    assert (release.evidence[0].date_phrase, release.evidence[0].resolved) == (
        "the next day", "2020-03-02",
    )  # fmt: skip
    text = (corpus / "events.toml").read_text("utf-8")
    # In date order: the release of March 2020 goes before the events of April 2020.
    assert text.index('id = "2020-03-02-release-umm-hussein-al-saadi"') < text.index(
        'id = "kaabi-accuses-israel-april"'
    )
    assert dossier("check", *grown)[0] == 0


def test_merge_a_spelling_automatic_linking_used(dossier: Dossier, grown: list[str]) -> None:
    code, out, err = dossier("merge", "Kataeb Hezbollah", "--into", "kataib-hezbollah", *grown)
    assert (code, err) == (0, "")
    assert "(moved from its search aliases)" in out
    catalog = store.Catalog.open(grown[3])
    entity = catalog.entity("kataib-hezbollah")
    assert "Kataeb Hezbollah" in entity.aliases and "Kataeb Hezbollah" not in entity.search_aliases
    assert ("Kataeb Hezbollah", "kataib-hezbollah", "alias") in _mentions(catalog, TIGRIS)


def test_dismiss_a_name_and_an_event_then_take_them_back(
    dossier: Dossier, grown: list[str]
) -> None:
    corpus = Path(grown[1])
    code, out, err = dossier("dismiss", "Interior Ministry", *grown)
    assert (code, err) == (0, "")
    assert out == "dismissed 'Interior Ministry' in dismissed.toml; it is no longer proposed\n"
    code, out, err = dossier("dismiss", "2020-06-statement-mustafa-al-kadhimi", *grown)
    assert code == 0, err
    code, out, _ = dossier("candidates", "--json", *grown)
    found = json.loads(out)
    assert "Interior Ministry" not in {n["name"] for n in found["names"]}
    assert "2020-06-statement-mustafa-al-kadhimi" not in {e["id"] for e in found["events"]}
    text = (corpus / "dismissed.toml").read_text("utf-8")
    assert '[[name]]\nname = "Interior Ministry"' in text and "sources = [" in text
    assert dossier("check", *grown)[0] == 0
    code, out, err = dossier("dismiss", "--undo", "Interior Ministry", *grown)
    assert (code, err) == (0, "")
    assert out == "took back the dismissal of 'Interior Ministry'; it is proposed again\n"
    code, out, _ = dossier("candidates", "--json", *grown)
    assert "Interior Ministry" in {n["name"] for n in json.loads(out)["names"]}


def test_dismissing_a_false_name_gives_back_what_it_took(
    dossier: Dossier, grown: list[str]
) -> None:
    # Say "Baghdad Operations Command" were no name: Baghdad is the city's mention again.
    code, _, err = dossier("dismiss", "Baghdad Operations Command", *grown)
    assert code == 0, err
    catalog = store.Catalog.open(grown[3])
    assert ("Baghdad", "baghdad") in {
        (catalog.paragraph(p.id).text[m.start : m.end], m.entity_id)
        for p in catalog.paragraphs(MONITOR)
        for m in catalog.mentions(p.id)
    }


@pytest.mark.parametrize(
    ("argv", "file", "message"),
    [
        (["promote", "Nobody Here"], "entities.toml", "no candidate 'Nobody Here'; 'dossier candidates' lists them (give --type TYPE to make an entity of it anyway)"),
        (["promote", "Nabil al-Maliki", "--id", "iraq"], "entities.toml", "id 'iraq' is taken by 'Iraq'; give another one (--id)"),
        (["promote", "2020-12-31-killing-nabil-al-maliki", "--id", "cts-raid-on-kataib-hezbollah"], "events.toml", "id 'cts-raid-on-kataib-hezbollah' is taken by event"),
        (["promote", "2020-12-31-killing-nabil-al-maliki", "--type", "murder"], "events.toml", "type 'murder' is not one of"),
        (["dismiss", "Nobody Here"], "dismissed.toml", "no candidate 'Nobody Here'"),
        (["dismiss", "--undo", "Interior Ministry"], "dismissed.toml", "'Interior Ministry' is not dismissed; nothing to take back"),
        (["merge", "al-Maliki", "--into", "nabil-al-maliki"], "entities.toml", "no entity with id 'nabil-al-maliki'"),
        (["merge", "Maliki", "--into", "iraq"], "entities.toml", "'Maliki' is already an alias of nouri-al-maliki (Nouri al-Maliki); an alias belongs to one entity, so it cannot move"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    dossier: Dossier, grown: list[str], argv: list[str], file: str, message: str
) -> None:
    corpus = Path(grown[1])
    before = _state(corpus)
    code, out, err = dossier(*argv, *grown)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(str(corpus.resolve() / file)), err
    assert message in err, err
    assert _state(corpus) == before


def test_dismissing_twice_names_the_line(dossier: Dossier, grown: list[str]) -> None:
    assert dossier("dismiss", "Interior Ministry", *grown)[0] == 0
    before = _state(Path(grown[1]))
    code, _, err = dossier("dismiss", "Interior Ministry", *grown)
    assert code == 2 and err.count("\n") == 1
    assert ("dismissed.toml:5: 'Interior Ministry' is already dismissed; 'dossier dismiss "
            "--undo Interior Ministry' takes it back") in err  # fmt: skip
    assert _state(Path(grown[1])) == before


@pytest.mark.parametrize(
    "argv",
    [
        ["promote", "Nabil al-Maliki"],
        ["promote", "2020-12-31-killing-nabil-al-maliki"],
        ["dismiss", "Interior Ministry"],
        ["merge", "Nabil al-Maliki", "--into", "iraq"],
    ],
)
def test_an_annotation_file_that_became_invalid_is_one_line_and_nothing_written(
    dossier: Dossier, grown: list[str], argv: list[str]
) -> None:
    corpus = Path(grown[1])
    claims = corpus / "claims.toml"
    claims.write_text(claims.read_text("utf-8").replace('subject = "', 'subject = "no-', 1))
    before = _state(corpus)
    code, out, err = dossier(*argv, *grown)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith(str(claims))
    assert "unknown" not in err or "subject 'no-" in err
    assert "nothing was changed: fix this first" in err
    assert _state(corpus) == before


@pytest.mark.parametrize(
    "argv",
    [
        ["promote", "Nabil al-Maliki"],
        ["promote", "2020-12-31-killing-nabil-al-maliki"],
        ["dismiss", "Interior Ministry"],
        ["merge", "Nabil al-Maliki", "--into", "nouri-al-maliki"],
    ],
)
def test_a_failed_rebuild_leaves_the_files_and_the_store_as_they_were(
    dossier: Dossier, grown: list[str], argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, db = Path(grown[1]), Path(grown[3])
    store.Catalog.open(db)  # the store is current
    before, stored = _state(corpus), db.read_bytes()

    def broken(*args: object, **kwargs: object) -> object:
        raise store.DossierError("the build failed (a test said so)")

    monkeypatch.setattr(store, "build", broken)
    code, out, err = dossier(*argv, *grown)
    assert code == 2 and "the build failed" in err and out == ""
    assert _state(corpus) == before
    assert db.read_bytes() == stored


def test_the_same_event_from_two_articles_is_one_candidate_with_two_sources(
    dossier: Dossier, grown: list[str], tmp_path: Path
) -> None:
    brief = tmp_path / "brief.txt"
    brief.write_text(
        "Analyst killed\n\nThe security analyst Nabil al-Maliki was killed in Baghdad on "
        "December 31, 2020. Al-Maliki had advised the Baghdad Operations Command.\n",
        encoding="utf-8",
    )
    code, _, err = dossier(
        "add", str(brief), *grown, "--outlet", "Baghdad Brief", "--published", "2021-01-02",
        "--title", "Analyst killed",
    )  # fmt: skip
    assert code == 0, err
    code, out, _ = dossier("candidates", "--json", *grown)
    answer = json.loads(out)
    killing = next(e for e in answer["events"] if e["id"] == "2020-12-31-killing-nabil-al-maliki")
    assert len(killing["articles"]) == 2 and len(killing["main_of"]) == 2
    assert {s["date_phrase"] for s in killing["sources"]} == {"last Thursday", "December 31, 2020"}
    assert answer["events"][0]["id"] == killing["id"]  # reported by the most articles: first
    nabil = next(n for n in answer["names"] if n["name"] == "Nabil al-Maliki")
    assert len(nabil["articles"]) == 2 and "Al-Maliki" in nabil["short_forms"]


def test_a_saved_page_with_possessives_a_holiday_and_a_byline(
    dossier: Dossier, tmp_path: Path
) -> None:
    """A fourth page (tests/fixtures/own/basra-activist.html): a known man under a new
    spelling with a possessive ("Hadi al-Ameri's Badr Organisation") is linked; a new
    man sharing his surname (Hussein al-Amiri) is proposed whole and takes the bare
    "Amiri" of his own article; "New Year's Eve" dates the killing (not the Friday
    the police spoke) and is no name; the byline gives the author, not the date."""
    from tests.conftest import CORPUS, OWN

    corpus, db = tmp_path / "corpus", tmp_path / "store.json"
    shutil.copytree(CORPUS, corpus)
    flags = ["--corpus", str(corpus), "--db", str(db)]
    page = OWN / "basra-activist.html"
    code, _, err = dossier("add", str(page), *flags, "--outlet", "Tigris Daily")
    assert code == 0, err
    toml = (corpus / "articles.toml").read_text()
    assert 'author = "Rana Aziz"' in toml
    catalog = store.Catalog.open(db)
    article = next(a.id for a in catalog.articles() if a.outlet == "Tigris Daily")
    linked = _mentions(catalog, article)
    assert ("Hadi al-Ameri", "hadi-al-amiri", "auto") in linked
    assert ("Mustafa Kazimi", "mustafa-al-kadhimi", "auto") in linked
    assert not [m for m in linked if m[0] in ("Amiri", "Hussein al-Amiri", "al-Amiri")]
    code, out, _ = dossier("candidates", "--json", *flags)
    found = json.loads(out)
    names = {c["name"] for c in found["names"]}
    assert "Hussein al-Amiri" in names and not {"New Year", "Hadi al-Ameri"} & names
    killing = next(e for e in found["events"] if e["type"] == "killing")
    assert killing["date"] == "2020-12-31"


def _added(
    dossier: Dossier, tmp_path: Path, name: str, *flags: str
) -> tuple[store.Catalog, str, dict[str, Any]]:
    """The bundled corpus with one more article of tests/fixtures/own added: the
    store, the article's id and what ``dossier candidates --json`` prints."""
    from tests.conftest import CORPUS, OWN

    corpus, db = tmp_path / "corpus", tmp_path / "store.json"
    shutil.copytree(CORPUS, corpus)
    paths = ["--corpus", str(corpus), "--db", str(db)]
    code, out, err = dossier("add", str(OWN / name), *paths, *flags)
    assert code == 0, err
    article = out.split()[1]  # "Added <id> (articles/<file>) from <path>"
    code, out, _ = dossier("candidates", "--json", *paths)
    assert code == 0
    return store.Catalog.open(db), article, dict(json.loads(out))


def test_a_title_inside_a_company_name_and_background_killing(
    dossier: Dossier, tmp_path: Path
) -> None:
    """A saved page (tests/fixtures/own/muhandis-company.html, with navigation, share
    buttons, a figure caption, a footer and related links), published on New Year's
    Day: "Muhandis General Company" is a company, not Abu Mahdi al-Muhandis (a title
    word, "General", inside an organisation's name); the bare "Muhandis" after the
    article names him is his; "Mustafa Hassan" is not Mustafa al-Kadhimi; "Lebanese
    Hezbollah" is Hezbollah, not Kataib Hezbollah. The main event is the criticism
    of Thursday 31 December 2020, not the killing "a year ago this week"."""
    # The page names its outlet only in its <title> ("... | Gulf Ledger").
    catalog, article, found = _added(dossier, tmp_path, "muhandis-company.html")
    assert article.startswith("gulf-ledger-2021-01-01")
    by_paragraph = {
        p.index: [(m.surface, m.entity_id) for m in catalog.mentions(p.id)]
        for p in catalog.paragraphs(article)
    }
    linked = [m for mentions in by_paragraph.values() for m in mentions]
    assert ("Muhandis", "abu-mahdi-al-muhandis") not in by_paragraph[1]  # the headline
    assert ("Abu Mahdi al-Muhandis", "abu-mahdi-al-muhandis") in linked
    assert ("Muhandis", "abu-mahdi-al-muhandis") in by_paragraph[max(by_paragraph)]
    assert not [m for m in linked if m[1] == "mustafa-al-kadhimi"]
    assert ("Lebanese Hezbollah", "hezbollah") in linked
    names = {c["name"]: c for c in found["names"]}
    assert names["Muhandis General Company"]["type"] == "organization"
    assert {"Mustafa Hassan", "Federal Supreme Court", "Mohammed Mohi"} <= set(names)
    assert not {"General Company", "Company", "Share", "Related", "Gulf Ledger"} & set(names)
    mine = [e for e in found["events"] if article in e["articles"]]
    (main,) = [e for e in mine if article in e["main_of"]]
    assert (main["date"], main["type"]) == ("2020-12-31", "statement")
    killing = next(e for e in mine if e["type"] == "killing")
    assert killing["precision"] == "year" and killing["date"] == "2020"


def test_a_kunya_and_a_group_word_shared_with_known_ones(dossier: Dossier, tmp_path: Path) -> None:
    """Plain text (tests/fixtures/own/kunya-rockets.txt) of Monday 4 January 2021:
    "Abu Ali al-Basri" shares the kunya of Abu Ali al-Askari, "Kataib Sayyid
    al-Shuhada" the first word of Kataib Hezbollah (spelt "Kataib Hizballah" here);
    the bare "Abu Ali" and "Basri" go with the new man. "Sunday night" is 3
    January, "last month" December 2020, across the year."""
    catalog, article, found = _added(
        dossier, tmp_path, "kunya-rockets.txt",
        "--outlet", "Baghdad Monitor", "--published", "2021-01-04", "--author", "",
        "--title", "Rocket attack near Baghdad airport blamed on splinter group",
    )  # fmt: skip
    linked = _mentions(catalog, article)
    assert not [m for m in linked if m[1] == "abu-ali-al-askari"]
    assert ("Kataib Hizballah", "kataib-hezbollah", "auto") in linked
    assert ("Mustafa al-Kadhemi", "mustafa-al-kadhimi", "auto") in linked
    assert not [m for m in linked if "Sayyid" in m[0] or m[0] == "Kataib"]
    names = {c["name"]: c for c in found["names"]}
    basri = names["Abu Ali al-Basri"]
    assert basri["type"] == "person" and {"Abu Ali", "Basri"} <= set(basri["short_forms"])
    assert names["Kataib Sayyid al-Shuhada"]["type"] == "organization"
    assert names["Saraya Awliya al-Dam"]["type"] == "organization"
    mine = [e for e in found["events"] if article in e["articles"]]
    (main,) = [e for e in mine if article in e["main_of"]]
    assert (main["date"], main["type"]) == ("2021-01-03", "attack")
    arrest = next(e for e in mine if e["type"] == "arrest")
    assert (arrest["date"], arrest["precision"]) == ("2020-12", "month")


def test_a_markdown_wire_story_with_a_byline_and_a_release(
    dossier: Dossier, tmp_path: Path
) -> None:
    """Markdown (tests/fixtures/own/muslih-release.md) of Wednesday 9 June 2021: an
    emphasised byline is a credit, not text that mentions Baghdad; "Qais Hassan"
    shares Qais Khazali's given name, "Qais al-Khazaali" is Khazali himself; the
    court "ordered the release" of a man arrested before: the main event is the
    release on that Wednesday, the arrest is dated May 26, the killing May."""
    catalog, article, found = _added(
        dossier, tmp_path, "muslih-release.md",
        "--outlet", "Wire", "--published", "2021-06-09", "--author", "Omar Saleh",
        "--title", "Iraq frees militia commander detained over rocket plot",
    )  # fmt: skip
    kinds = {p.index: p.kind for p in catalog.paragraphs(article)}
    assert kinds[1] == "headline" and kinds[2] == "credit"
    linked = _mentions(catalog, article)
    assert ("Qais al-Khazaali", "qais-khazali", "auto") in linked
    assert ("Kata'ib Hizbullah", "kataib-hezbollah", "auto") in linked
    assert ("Popular Mobilisation Units", "popular-mobilization-forces", "auto") in linked
    assert not [m for m in linked if m[0].startswith("Qais H")]
    names = {c["name"]: c for c in found["names"]}
    assert {"Qasim Muslih", "Qais Hassan", "Ihab al-Wazni", "Adnan al-Zurfi"} <= set(names)
    assert names["Ali al-Sistani"]["type"] == "person"
    assert not {"Omar Saleh", "Baghdad Bureau", "Background"} & set(names)
    mine = [e for e in found["events"] if article in e["articles"]]
    (main,) = [e for e in mine if article in e["main_of"]]
    assert (main["date"], main["type"]) == ("2021-06-09", "release")
    assert not main["title"].startswith("*")  # the dateline and its emphasis are cut
    by_type = {e["type"]: e for e in mine}
    assert by_type["arrest"]["date"] == "2021-05-26"
    assert (by_type["killing"]["date"], by_type["killing"]["precision"]) == ("2021-05", "month")


def test_a_page_full_of_furniture_with_an_ap_dateline(dossier: Dossier, tmp_path: Path) -> None:
    """A saved page (tests/fixtures/own/drone-strike.html) with a cookie banner, an
    advertisement, a "Most read" list, a newsletter box and reader comments, of
    Sunday 28 February 2021. Its AP-style dateline ("AL-QAIM, Iraq —") is no part
    of the main event's title nor a participant, and the new place is shown as the
    text writes it (al-Qaim), not as the dateline shouts it; "Albu Kamal" is
    Albukamal; "designated ... by Washington" is a sanction."""
    catalog, article, found = _added(dossier, tmp_path, "drone-strike.html")
    assert article.startswith("levant-post-2021-02-28")
    kinds = [p.kind for p in catalog.paragraphs(article)]
    texts = " ".join(p.text for p in catalog.paragraphs(article) if p.kind == "body")
    assert "cookies" not in texts and "Fake news" not in texts and "Most read" not in texts
    assert "boilerplate" in kinds  # "Advertisement"
    linked = _mentions(catalog, article)
    assert ("Albu Kamal", "albukamal", "auto") in linked
    assert ("Abu Ali al-Askari", "abu-ali-al-askari", "alias") in linked
    names = {c["name"]: c for c in found["names"]}
    assert names["al-Qaim"]["type"] == "place" and "AL-QAIM" not in names
    assert {"Mohammed Mohi", "Brett McGurk"} <= set(names)
    mine = [e for e in found["events"] if article in e["articles"]]
    (main,) = [e for e in mine if article in e["main_of"]]
    assert (main["date"], main["type"]) == ("2021-02-27", "attack")
    assert main["title"].startswith("An unidentified drone struck")
    assert [p["name"] for p in main["participants"]][0] == "al-Qaim"
    by_type = {e["type"]: e for e in mine}
    assert by_type["meeting"]["date"] == "2021-02-25"
    assert by_type["sanction"]["date"] == "2009"


def test_apostrophes_of_transliteration_are_no_word_breaks(
    dossier: Dossier, tmp_path: Path
) -> None:
    """Plain text (tests/fixtures/own/apostrophes.txt): "Qais al-Khaz'ali",
    "Khaz'ali", "Qays al-Khaz'ali" and "Kata'eb Hezbollah" write an ʿayn that the
    corpus's spellings leave out; they are Qais Khazali and Kataib Hezbollah, not
    new names (before, the apostrophe split the word and they were proposed)."""
    catalog, article, found = _added(
        dossier, tmp_path, "apostrophes.txt",
        "--outlet", "Apo", "--published", "2021-11-08", "--author", "",
        "--title", "Apostrophes test",
    )  # fmt: skip
    linked = {(m[0], m[1]) for m in _mentions(catalog, article)}
    assert {
        ("Qais al-Khaz'ali", "qais-khazali"),
        ("Khaz'ali", "qais-khazali"),
        ("Qays al-Khaz'ali", "qais-khazali"),
        ("Kata'eb Hezbollah", "kataib-hezbollah"),
    } <= linked
    assert not [c for c in found["names"] if "Khaz" in c["name"] or "Kata" in c["name"]]
