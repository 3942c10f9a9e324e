"""Paragraphs: exact offsets into the original files, the right kinds, nothing dropped."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import store
from store.ingest.classify import classify
from store.ingest.segment import segment

JPOST = "jpost-2020-06-29-militias-burn-images"
JPOST2 = "jpost-2020-07-01-militias-accuse-israel"
DIYARUNA = "diyaruna-2020-07-pressure-on-iran-agents"
JCPA = "jcpa-2020-06-29-conflict-government-militias"
VOA = "voa-2020-06-30-release-of-militants"


def file_text(article: store.Article) -> str:
    return article.path.read_bytes().decode("utf-8")


def test_every_paragraph_is_exactly_its_slice_of_the_file(catalog: store.Catalog) -> None:
    for article in catalog.articles():
        text = file_text(article)
        paragraphs = catalog.paragraphs(article.id)
        assert len(paragraphs) == article.paragraph_count > 0
        for p in paragraphs:
            assert p.text == text[p.start : p.end], p.id
            assert p.text and p.text == p.text.strip()
            assert text.count("\n", 0, p.start) + 1 == p.line


def test_nothing_is_dropped_only_whitespace_lies_between(catalog: store.Catalog) -> None:
    for article in catalog.articles():
        text = file_text(article)
        position = 0
        for p in catalog.paragraphs(article.id):
            assert p.start >= position
            assert text[position : p.start].strip() == "", (p.id, text[position : p.start])
            position = p.end
        assert text[position:].strip() == ""


def test_ids_are_stable_and_numbered_from_one(catalog: store.Catalog) -> None:
    for article in catalog.articles():
        for number, p in enumerate(catalog.paragraphs(article.id), start=1):
            assert p.index == number
            assert p.id == f"{article.id}:p{number}"
            assert catalog.paragraph(p.id) == p


def kinds_of(catalog: store.Catalog, article_id: str) -> dict[str, store.Paragraph]:
    return {p.text: p for p in catalog.paragraphs(article_id)}


def test_reader_comments_under_the_diyaruna_piece(catalog: store.Catalog) -> None:
    comments = [p for p in catalog.paragraphs(DIYARUNA) if p.kind == "reader-comment"]
    assert [c.text[:30] for c in comments] == [
        "The people can expel the milit",
        "When God rids us of Iran, we’l",
        "You talk about the forces that",
    ]
    # The article's last body paragraph is not a comment.
    body = [p for p in catalog.paragraphs(DIYARUNA) if p.kind == "body"]
    assert body[-1].text.startswith("The way these militias responded")


@pytest.mark.parametrize(
    ("article_id", "text"),
    [
        (JCPA, "Skip to content"),
        (JCPA, "Jerusalem Center for Public Affairs"),
        (JCPA, "Filed under: Iran, Iranian Terrorism, Iraq"),
        (JCPA, "* * *"),
        (VOA, "Accessibility links"),
        (VOA, "Breaking News"),
        (DIYARUNA, "Iraq News"),
        (DIYARUNA, "Do you like this article?"),
        (DIYARUNA, "3 Comment(s)"),
        (DIYARUNA, "Comment Policy * Denotes Required Field 1500 / 1500"),
    ],
)
def test_page_furniture_is_boilerplate(catalog: store.Catalog, article_id: str, text: str) -> None:
    assert kinds_of(catalog, article_id)[text].kind == "boilerplate"


@pytest.mark.parametrize(
    ("article_id", "text"),
    [
        (JPOST, "(photo credit: ALAA AL-MARJANI/REUTERS)"),
        (JPOST2, "(photo credit: REUTERS/THAIER AL-SUDANI)"),
        (DIYARUNA, "[Photo courtesy of Security Media Cell]"),
        (DIYARUNA, "[Photo circulated online]"),
        (DIYARUNA, "By Faris al-Omran"),
    ],
)
def test_photo_credits_and_bylines_are_credits(
    catalog: store.Catalog, article_id: str, text: str
) -> None:
    assert kinds_of(catalog, article_id)[text].kind == "credit"


def test_jcpa_bullets_are_the_summary(catalog: store.Catalog) -> None:
    summary = [p for p in catalog.paragraphs(JCPA) if p.kind == "summary"]
    assert [p.text[:41] for p in summary] == [
        "• The Iraqi Prime Minister, for the first",
        "• There is growing concern over a new pol",
    ]


def test_headlines_and_their_repeats(catalog: store.Catalog) -> None:
    for article in catalog.articles():
        headlines = [p for p in catalog.paragraphs(article.id) if p.kind == "headline"]
        assert (
            headlines and headlines[0].text == article.title and headlines[0].duplicate_of is None
        )
        assert all(h.duplicate_of == headlines[0].id for h in headlines[1:])
    assert len([p for p in catalog.paragraphs(JCPA) if p.kind == "headline"]) == 2


def test_captions_printed_twice_are_recognised_as_repeats(catalog: store.Catalog) -> None:
    ps = catalog.paragraphs(JPOST)
    captions = [p for p in ps if p.kind == "caption"]
    assert [c.text for c in captions] == [
        "Iranian-backed militias stand on a tank close to the Syria-Iraq border"
    ] * 2
    assert captions[0].duplicate_of is None
    assert captions[1].duplicate_of == captions[0].id
    credits = [p for p in ps if p.kind == "credit"]
    assert credits[1].duplicate_of == credits[0].id
    # The caption and its credit share one line of the file.
    assert captions[0].line == credits[0].line == 5

    voa = [p for p in catalog.paragraphs(VOA) if p.kind == "caption"]
    assert len(voa) == 2 and voa[1].duplicate_of == voa[0].id
    assert voa[0].text.startswith("FILE - Iraqi Prime Minister")


def test_jcpa_captions_with_footnote_digits_and_alt_text(catalog: store.Catalog) -> None:
    by_text = kinds_of(catalog, JCPA)
    for text in (
        "Iraqi Prime Minister Mustafa Al-Kadhimi (Mehr News, Iran)",
        "Two 107mm rockets ready to be fired",
        "Flag of the Popular Mobilization Forces in Iraq",
        "Popular Mobilization Forces",
    ):
        assert by_text[text].kind == "caption", text
    footnoted = [p for p in catalog.paragraphs(JCPA) if p.text.endswith(("1", "2", "3"))]
    assert len(footnoted) == 3 and all(p.kind == "caption" for p in footnoted)
    # Alt text spelled out in full by the caption beside it is a repeat of it.
    alt = by_text["Two 107mm rockets ready to be fired"]
    assert alt.duplicate_of is not None
    assert catalog.paragraph(alt.duplicate_of).text.startswith(
        "Two 107mm rockets ready to be fired were"
    )


def test_standfirst_restated_in_the_body_is_summary(catalog: store.Catalog) -> None:
    for article_id in (JPOST, JPOST2):
        ps = catalog.paragraphs(article_id)
        assert ps[1].kind == "summary" and ps[1].duplicate_of is not None
        assert catalog.paragraph(ps[1].duplicate_of).kind == "body"


def test_subheadings_and_quotes_stay_in_the_body(catalog: store.Catalog) -> None:
    voa = kinds_of(catalog, VOA)
    assert voa["Show of force"].kind == "body"
    assert voa["US commitment"].kind == "body"
    body = Counter(p.kind for p in catalog.paragraphs(VOA))
    assert body["body"] == 31


# Property tests: segmentation of arbitrary text ------------------------------

pieces = st.sampled_from(
    list("ab ’“”.\n\n\r\t()[]:-•*0123\u00a0\ufeff")
    + ["Photo", "credit", " (photo credit: X)", " [Photo by Y]", "FILE - ", "By Ann Lee"]
)
texts = st.lists(pieces, max_size=120).map("".join)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_segment_covers_text_exactly(text: str) -> None:
    spans = segment(text)
    position = 0
    for span in spans:
        assert position <= span.start < span.end <= len(text)
        gap = text[position : span.start]
        assert all(ch.isspace() or ch == "\ufeff" for ch in gap)
        assert text[span.start : span.end].strip() != ""
        assert text.count("\n", 0, span.start) + 1 == span.line
        position = span.end
    assert all(ch.isspace() or ch == "\ufeff" for ch in text[position:])


@settings(max_examples=200, deadline=None)
@given(texts, st.text(max_size=40))
def test_classify_gives_every_span_a_kind(text: str, title: str) -> None:
    spans = segment(text)
    kinds = classify(text, spans, title=title or "x")
    assert len(kinds) == len(spans)
    for i, k in enumerate(kinds):
        assert k.kind in store.PARAGRAPH_KINDS
        assert k.duplicate_of is None or (0 <= k.duplicate_of < len(spans) and k.duplicate_of != i)


def test_hard_wrapped_text_keeps_paragraphs_whole() -> None:
    text = (
        "A headline\n\nThe first paragraph runs over\nseveral short lines as e-mail does.\n\n"
        "The second one\nalso does.\r\n"
    )
    spans = segment(text)
    assert [text[s.start : s.end] for s in spans] == [
        "A headline",
        "The first paragraph runs over\nseveral short lines as e-mail does.",
        "The second one\nalso does.",
    ]


def test_crlf_offsets_stay_exact() -> None:
    text = "Title line that is quite long " * 5 + "\r\n\r\nBody paragraph.\r\nAnother one.\r\n"
    spans = segment(text)
    assert [text[s.start : s.end] for s in spans][1:] == ["Body paragraph.", "Another one."]


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("By Faris al-Omran", True),
        ("*By Omar Saleh, Baghdad Bureau*", True),  # Markdown emphasis, a bureau
        ("BY RANA AZIZ AND ALI JAWAD", True),
        ("By Rana Aziz | Published January 2", True),
        ("By Ahmed al-Rubaie in Baghdad", True),
        ("By Layla Haddad, Baghdad correspondent", True),
        ("By noon the crowd had gone", False),  # sentences that open with "By"
        ("By Monday, the militia had left.", False),
        ("By Monday, the militia left", False),
        ("By then, the militia had left.", False),
        ("By Monday Kadhimi had acted", False),
    ],
)
def test_bylines_are_told_from_sentences(line: str, byline: bool) -> None:
    from store.ingest.classify import _is_byline

    assert _is_byline(line) is byline
