"""Search: the right thing first for misspellings, variants and questions."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

import store
from store.persist import index_path
from store.search.index import TEXT, SearchDoc, SearchIndex
from store.search.ranking import Searcher
from store.search.text import allowed_typos, query_terms, tokens


@pytest.mark.parametrize(
    ("query", "entity_id"),
    [
        ("Kadhemi", "mustafa-al-kadhimi"),
        ("kadhimi", "mustafa-al-kadhimi"),
        ("al-Kadhimi", "mustafa-al-kadhimi"),
        ("al Kadhimi", "mustafa-al-kadhimi"),
        ("Kazimi", "mustafa-al-kadhimi"),
        ("Kādhimī", "mustafa-al-kadhimi"),
        ("mustafa kadhimi", "mustafa-al-kadhimi"),
        ("katib hezbolah", "kataib-hezbollah"),
        ("Kata'ib Hizballah", "kataib-hezbollah"),
        ("hizbullah brigades", "kataib-hezbollah"),
        ("kataib hezb", "kataib-hezbollah"),
        ("KH", "kataib-hezbollah"),
        ("Hezbollah", "hezbollah"),
        ("suleimani", "qasem-soleimani"),
        ("soleimany", "qasem-soleimani"),
        ("Qassem Suleimani", "qasem-soleimani"),
        ("hashd", "popular-mobilization-forces"),
        ("Hash'd al-Sha'bi", "popular-mobilization-forces"),
        ("PMU", "popular-mobilization-forces"),
        ("popular mobilisation forces", "popular-mobilization-forces"),
        ("muhandes", "abu-mahdi-al-muhandis"),
        ("abu mahdi", "abu-mahdi-al-muhandis"),
        ("counter terrorism service", "counter-terrorism-service"),
        ("counterterrorism", "counter-terrorism-service"),
        ("askari", "abu-ali-al-askari"),
        ("nujaba", "harakat-hezbollah-al-nujaba"),
        ("asaib ahl al haq", "asaib-ahl-al-haq"),
        ("Qaani", "esmail-ghaani"),
        ("badr", "badr-organization"),
        ("green zone", "green-zone"),
        ("taji", "taji-military-base"),
        ("irgc", "islamic-revolutionary-guard-corps"),
        ("washington institute", "washington-institute-for-near-east-policy"),
    ],
)
def test_entity_queries_find_the_entity_first(
    catalog: store.Catalog, query: str, entity_id: str
) -> None:
    hits = catalog.search(query)
    assert hits, query
    assert (hits[0].kind, hits[0].id) == ("entity", entity_id), [(h.kind, h.id) for h in hits[:3]]


@pytest.mark.parametrize(
    ("query", "paragraph_id"),
    [
        ("who released the men", "voa-2020-06-30-release-of-militants:p8"),
        ("Taji rocket", "diyaruna-2020-07-pressure-on-iran-agents:p4"),
        ("only 11 were released", "jpost-2020-06-29-militias-burn-images:p18"),
        ("lack of evidence", "voa-2020-06-30-release-of-militants:p8"),
        ("67 militias", "jcpa-2020-06-29-conflict-government-militias:p21"),
        ("monster working for the americans", "voa-2020-06-30-release-of-militants:p17"),
        ("kosher certification", "jcpa-2020-06-29-conflict-government-militias:p31"),
        ("drug dealing oil smugling", "diyaruna-2020-07-pressure-on-iran-agents:p27"),
        ("crisp new jackets", "jpost-2020-06-29-militias-burn-images:p9"),
        ("siege counterterrorism buildings", "jcpa-2020-06-29-conflict-government-militias:p33"),
        ("released on bail", "diyaruna-2020-07-pressure-on-iran-agents:p16"),
        ("strategic dialog", "voa-2020-06-30-release-of-militants:p27"),
        ("Iraq's airspace", "jpost-2020-07-01-militias-accuse-israel:p12"),
    ],
)
def test_paragraph_queries_find_the_paragraph_in_the_top_three(
    catalog: store.Catalog, query: str, paragraph_id: str
) -> None:
    hits = catalog.search(query, kinds=["paragraph"])
    assert paragraph_id in [h.id for h in hits[:3]], [h.id for h in hits[:5]]


def test_apostrophes_hyphens_and_diacritics_are_normalised(catalog: store.Catalog) -> None:
    def top(query: str) -> list[str]:
        return [h.id for h in catalog.search(query, kinds=["paragraph"])[:5]]

    assert top("Iraq's armed forces") == top("Iraq’s armed forces")
    assert top("al-Kadhimi") == top("al Kadhimi") == top("Kadhimi")
    assert top("Sha'bi") == top("Sha’bi") == top("shabi")
    assert top("counter-terrorism") == top("counterterrorism")[: len(top("counter-terrorism"))] or (
        set(top("counter-terrorism")) & set(top("counterterrorism"))
    )


def test_short_words_take_no_typos_long_words_take_more() -> None:
    assert allowed_typos("badr") == 0
    assert allowed_typos("kadhi") == 1
    assert allowed_typos("hezbollah") == 2
    assert allowed_typos("2020") == 0


def test_typo_costs_and_the_first_letter(catalog: store.Catalog) -> None:
    hits = catalog.search("kadhemi", kinds=["paragraph"])
    exact = [h for h in hits if h.matches and h.matches[0].how == "exact"]
    fuzzy = [h for h in hits if h.matches and h.matches[0].how != "exact"]
    assert exact and fuzzy
    # Exact matches come before corrected ones.
    assert hits.index(exact[-1]) < hits.index(fuzzy[0])
    first_letter = catalog.search("jadhimi")
    assert first_letter[0].id == "mustafa-al-kadhimi"
    assert first_letter[0].matches[0].how == "typo"
    assert first_letter[0].matches[0].cost > catalog.search("kadhimo")[0].matches[0].cost
    # Four letters or fewer: no typo allowed.
    assert catalog.search("bard") == () or all(
        h.id != "badr-organization" for h in catalog.search("bard")
    )


def test_prefix_only_while_typing_the_last_word(catalog: store.Catalog) -> None:
    typing = catalog.search("nasral")
    assert typing and typing[0].id == "hassan-nasrallah"
    assert typing[0].matches[0].how == "prefix"
    assert all(h.id != "hassan-nasrallah" for h in catalog.search("nasral "))


def test_every_word_counts_and_phrases_come_first(catalog: store.Catalog) -> None:
    hits = catalog.search("kataib hezbollah")
    assert hits[0].id == "kataib-hezbollah"
    ids = [h.id for h in hits]
    assert "hezbollah" not in ids[:2]
    paragraphs = catalog.search("green zone", kinds=["paragraph"])
    assert paragraphs and all("Green Zone" in h.snippet for h in paragraphs[:5])


def test_results_explain_themselves(catalog: store.Catalog) -> None:
    hit = catalog.search("Kazimi")[0]
    assert hit.id == "mustafa-al-kadhimi"
    assert any("alias" in w and "Kazimi" in w for w in hit.why)
    typo = catalog.search("suleimani", kinds=["paragraph"])[0]
    assert any("suleimani → soleimani" in w for w in typo.why)
    for hit in catalog.search("who released the men") + catalog.search("katib hezbolah"):
        assert hit.spans
        for start, end in hit.spans:
            assert 0 <= start < end <= len(hit.snippet)
            word = hit.snippet[start:end].lower()
            assert word and word.strip() == word
    para = catalog.search("lack of evidence", kinds=["paragraph"])[0]
    highlighted = {para.snippet[s:e].lower() for s, e in para.spans}
    assert {"lack", "evidence"} <= highlighted
    assert para.title == "Voice of America · c. 2020-06-30 · ¶8"
    assert para.article_id == "voa-2020-06-30-release-of-militants"
    assert para.paragraph_kind == "body"


def test_kinds_rank_and_filter(catalog: store.Catalog) -> None:
    kinds = {h.kind for h in catalog.search("raid", limit=50)}
    assert kinds == {"entity", "event", "paragraph"} or kinds >= {"event", "paragraph"}
    assert {h.kind for h in catalog.search("raid", kinds=["event"])} == {"event"}
    articles = catalog.search("voice of america", kinds=["article"])
    assert articles[0].id == "voa-2020-06-30-release-of-militants"
    with pytest.raises(ValueError, match="unknown kinds"):
        catalog.search("raid", kinds=["tweet"])


def test_boilerplate_and_repeats_are_never_hits(catalog: store.Catalog) -> None:
    assert not [
        h
        for h in catalog.search("skip to content", kinds=["paragraph"])
        if "Skip to content" == h.snippet
    ]
    assert all(
        h.id != "diyaruna-2020-07-pressure-on-iran-agents:p33"
        for h in catalog.search("do you like this article")
    )
    comments = catalog.search("expel the militias in just one hour", kinds=["paragraph"])
    assert comments[0].paragraph_kind == "reader-comment"


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "\t\n",
        "?!.,;",
        "'",
        "-",
        "a",
        "the of and",
        "x" * 10_000,
        "kadhimi " * 500,
        "\x1b[2J",
        "[bold]kadhimi[/]",
        "🙂",
        "قاسم سليماني",
    ],
)
def test_odd_queries_return_cleanly(catalog: store.Catalog, query: str) -> None:
    hits = catalog.search(query)
    assert isinstance(hits, tuple)
    assert len(hits) <= 20
    assert catalog.search(query, limit=0) == ()


def test_markup_in_a_query_is_just_words(catalog: store.Catalog) -> None:
    assert catalog.search("[bold]kadhimi[/]")[0].id == "mustafa-al-kadhimi"


# The index on disk, and what happens without it --------------------------


def test_search_works_without_reading_the_tables(built_store: Path) -> None:
    catalog = store.Catalog.open(built_store)
    assert catalog.index_state == "loaded"
    assert catalog._loaded is False  # nothing but the index was read
    assert catalog.search("kadhemi")[0].id == "mustafa-al-kadhimi"
    assert catalog._loaded is False
    assert catalog.article("voa-2020-06-30-release-of-militants").outlet == "Voice of America"
    assert catalog._loaded is True


@pytest.mark.parametrize("damage", ["missing", "truncated", "other-build"])
def test_a_missing_or_stale_index_is_rebuilt_from_the_store(
    tmp_path: Path, corpus_dir: Path, damage: str
) -> None:
    db = tmp_path / "s.json"
    store.build(corpus_dir, db)
    expected = [(h.kind, h.id) for h in store.Catalog.open(db).search("katib hezbolah")]
    index = index_path(db)
    if damage == "missing":
        index.unlink()
    elif damage == "truncated":
        index.write_bytes(index.read_bytes()[:1000])
    else:
        other = tmp_path / "other.json"
        store.build(corpus_dir, other)
        shutil.copy(index_path(other), index)
    catalog = store.Catalog.open(db)
    assert catalog.index_state.startswith("rebuilt")
    assert [(h.kind, h.id) for h in catalog.search("katib hezbolah")] == expected
    assert index.exists() == (damage != "missing")  # opening never writes


def test_touching_the_store_makes_the_index_checked_again(tmp_path: Path, corpus_dir: Path) -> None:
    db = tmp_path / "s.json"
    store.build(corpus_dir, db)
    stat = db.stat()
    os.utime(db, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    catalog = store.Catalog.open(db)
    # The tables were read to check the build id, which still matches.
    assert catalog._loaded is True and catalog.index_state == "loaded"


# The index agrees with a brute-force scan -----------------------------------

WORDS = [
    "raid",
    "rocket",
    "baghdad",
    "kataib",
    "hezbollah",
    "militia",
    "released",
    "judge",
    "embassy",
    "drone",
    "zone",
    "green",
    "iran",
    "kadhimi",
    "soleimani",
    "bail",
]


def brute_force(texts: list[str], word: str) -> set[int]:
    """Documents holding a term within the allowed typos of ``word``."""
    budget = allowed_typos(word)
    found = set()
    for number, text in enumerate(texts):
        for token in tokens(text):
            if token.term == word or (
                budget and OSA.distance(word, token.term) <= budget and len(token.term) >= 4
            ):
                found.add(number)
    return found


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(st.sampled_from(WORDS), min_size=3, max_size=12).map(" ".join),
        min_size=1,
        max_size=30,
    ),
    st.sampled_from(WORDS),
    st.integers(min_value=0, max_value=3),
)
def test_index_finds_what_brute_force_finds(texts: list[str], word: str, mangle: int) -> None:
    # Mangle the query word: drop, double or swap a letter (a typo), or not.
    if mangle == 1 and len(word) > 5:
        word = word[:2] + word[3:]
    elif mangle == 2 and len(word) > 5:
        word = word[:3] + word[3] + word[3:]
    elif mangle == 3 and len(word) > 5:
        word = word[:1] + word[2] + word[1] + word[3:]
    docs = [SearchDoc("paragraph", f"d{i}", 0, ((TEXT, t),), f"d{i}") for i, t in enumerate(texts)]
    searcher = Searcher(SearchIndex.build(docs, "test"))
    query = word + " "  # finished word: no prefix completion
    found = {int(h.id[1:]) for h in searcher.search(query, limit=1000)}
    expected = brute_force(texts, query_terms(query)[0].term)
    assert expected <= found, (word, texts)


# One letter, ids, Arabic script --------------------------------------------------


def test_one_letter_lists_what_starts_with_it_most_mentioned_first(
    catalog: store.Catalog,
) -> None:
    hits = catalog.search("k")
    assert hits and len(hits) <= 20
    assert {h.kind for h in hits} <= {"entity", "event", "article"}
    for hit in hits:
        names = [hit.title]
        if hit.kind == "entity":
            entity = catalog.entity(hit.id)
            names += [*entity.aliases, *entity.search_aliases]
        assert any(n.lstrip("“\"'").lower().startswith("k") for n in names), hit
    entities = [h for h in hits if h.kind == "entity"]
    mentions = [catalog.entity(h.id).mention_count for h in entities]
    assert mentions == sorted(mentions, reverse=True)
    # Kadhimi, the most mentioned, by his alias; entities before events and articles.
    assert hits[0].id == "mustafa-al-kadhimi" and "alias “Kadhimi”" in hits[0].why
    assert [h.kind for h in hits] == sorted((h.kind for h in hits), key=store.HIT_KINDS.index)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(0 <= h.score <= 100 for h in hits)
    assert catalog.search("K") == hits
    # The first word is lit in the snippet.
    assert hits[0].snippet[slice(*hits[0].spans[0])].lower().startswith("k")
    # An event and an article by their first letter too.
    assert any(h.kind == "event" for h in catalog.search("c", limit=50))
    voa = catalog.search("r", kinds=["article"])
    assert [h.id for h in voa] == ["voa-2020-06-30-release-of-militants"]


def test_one_letter_among_paragraphs_alone_is_a_word(catalog: store.Catalog) -> None:
    assert all(h.kind == "paragraph" for h in catalog.search("k", kinds=["paragraph"]))


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("voa-2020-06-30-release-of-militants:p4", "paragraph"),
        ("jcpa-2020-06-29-conflict-government-militias:p21", "paragraph"),
        ("  voa-2020-06-30-release-of-militants:p10 ", "paragraph"),
        ("voa-2020-06-30-release-of-militants", "article"),
        ("kataib-hezbollah", "entity"),
        ("hezbollah", "entity"),
    ],
)
def test_an_id_finds_its_item_first(catalog: store.Catalog, query: str, kind: str) -> None:
    hits = catalog.search(query)
    assert (hits[0].kind, hits[0].id) == (kind, query.strip())
    assert hits[0].score == 100.0 and any("id “" in w for w in hits[0].why)
    assert [h.id for h in hits].count(query.strip()) == 1


def test_an_event_id_finds_the_event_first(catalog: store.Catalog) -> None:
    event = catalog.events()[0]
    assert catalog.search(event.id)[0].id == event.id
    paragraph = catalog.paragraphs("voa-2020-06-30-release-of-militants")[3]
    hit = catalog.search(paragraph.id)[0]
    assert hit.snippet.split()[:5] == paragraph.text.split()[:5]


def test_an_unknown_id_is_searched_as_words(catalog: store.Catalog) -> None:
    hits = catalog.search("voa-2020-06-30-release-of-militants:p999")
    assert hits and all("id “" not in w for h in hits for w in h.why)
    # An id of a kind not asked for is not put first.
    pid = "voa-2020-06-30-release-of-militants:p4"
    assert all(h.kind == "entity" for h in catalog.search(pid, kinds=["entity"]))


@pytest.mark.parametrize(
    ("query", "entity_id", "latin"),
    [
        ("الكاظمي", "mustafa-al-kadhimi", "al-kazmi"),
        ("مصطفى الكاظمي", "mustafa-al-kadhimi", "mstfa al-kazmi"),
        ("كتائب حزب الله", "kataib-hezbollah", "kta'b hzballah"),
        ("حزب الله", "hezbollah", "hzballah"),
        ("قاسم سليماني", "qasem-soleimani", "qasm slimani"),
        ("أبو مهدي المهندس", "abu-mahdi-al-muhandis", "abu mhdi al-mhnds"),
        ("نصر الله", "hassan-nasrallah", "nsrallah"),
    ],
)
def test_arabic_script_is_transliterated(
    catalog: store.Catalog, query: str, entity_id: str, latin: str
) -> None:
    hits = catalog.search(query)
    assert hits, query
    assert (hits[0].kind, hits[0].id) == ("entity", entity_id), [h.id for h in hits[:3]]
    assert hits[0].why[0] == f"transliterated from Arabic: {query} → {latin}"


def test_arabic_one_letter_and_marks(catalog: store.Catalog) -> None:
    hits = catalog.search("ك")
    assert hits and hits[0].id == "mustafa-al-kadhimi"
    assert hits[0].why[0] == "transliterated from Arabic: ك → k"
    # Short vowels written as marks are read; other marks are dropped.
    assert catalog.search("الكَاظِمِيّ")[0].id == "mustafa-al-kadhimi"


def test_arabic_text_in_the_corpus_matches_as_written(corpus_copy: Path, tmp_path: Path) -> None:
    article = corpus_copy / "articles" / "aljazeera-arabic.txt"
    article.write_text(
        "الكاظمي يلتقي قادة الحشد\n\nقال رئيس الوزراء مصطفى الكاظمي إن الحكومة ستحاسب المسؤولين.\n",
        encoding="utf-8",
    )
    with (corpus_copy / "articles.toml").open("a", encoding="utf-8") as toml:
        toml.write(
            '\n[[article]]\nid = "aljazeera-2020-07-01-kadhimi"\nfile = "articles/aljazeera-arabic.txt"\n'
            'outlet = "Al Jazeera"\ntitle = "الكاظمي يلتقي قادة الحشد"\nauthor = ""\n'
            'published = 2020-07-01\npublished_precision = "exact"\nurl = ""\nlanguage = "ar"\n'
        )
    db = tmp_path / "s.json"
    store.build(corpus_copy, db)
    catalog = store.Catalog.open(db)
    said = next(
        p.id for p in catalog.paragraphs("aljazeera-2020-07-01-kadhimi") if "ستحاسب" in p.text
    )
    hits = catalog.search("ستحاسب المسؤولين")
    assert hits[0].id == said, [h.id for h in hits[:3]]
    assert not any(w.startswith("transliterated") for w in hits[0].why)
    assert hits[0].matches and hits[0].matches[0].how == "exact"
    # Written as the corpus writes it, and transliterated: both are found.
    found = {h.id for h in catalog.search("الكاظمي", limit=50)}
    assert {"mustafa-al-kadhimi", said} <= found


@pytest.mark.parametrize(
    ("query", "entities"),
    [
        ("amiri badr", {"hadi-al-amiri", "badr-organization"}),
        ("badr amiri", {"hadi-al-amiri", "badr-organization"}),
        ("soleimani muhandis", {"qasem-soleimani", "abu-mahdi-al-muhandis"}),
        ("kazimi kataib hezbolla", {"mustafa-al-kadhimi", "kataib-hezbollah"}),
    ],
)
def test_a_query_naming_entities_puts_them_first(
    catalog: store.Catalog, query: str, entities: set[str]
) -> None:
    """Above the paragraphs that merely hold every word of the query, and at any limit."""
    for limit in (len(entities), 10):
        hits = catalog.search(query, limit=limit)
        assert {h.id for h in hits[: len(entities)]} == entities, [h.id for h in hits]
        assert all(h.kind == "entity" for h in hits[: len(entities)])


def test_a_query_not_all_names_keeps_its_order(catalog: store.Catalog) -> None:
    """ "kadhimi raid": raid names no entity, so the paragraph about both comes first."""
    hits = catalog.search("kadhimi raid", limit=5)
    assert hits[0].kind != "entity"


def test_a_date_hit_reads_as_a_date_line(catalog: store.Catalog) -> None:
    """An event found by its date shows its date line, not the words indexed for it."""
    hits = catalog.search("june 29", limit=8, kinds=["event"])
    by_date = [h for h in hits if [m.field for m in h.matches] == ["metadata", "metadata"]]
    assert len(by_date) >= 4
    assert all(h.snippet.startswith("2020-06-29 · ") for h in by_date)
    assert all("date Monday, June 29, 2020" in h.why for h in by_date)
    assert all("Monday" not in h.snippet for h in by_date)
