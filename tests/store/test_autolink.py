"""Automatic linking of close variants of names, in the user's own articles."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.ingest.autolink import THRESHOLD, VariantMatcher
from store.names import name_runs

ALIASES = [
    ("mustafa-al-kadhimi", "Mustafa al-Kadhimi", False),
    ("mustafa-al-kadhimi", "Kazimi", False),  # a search-only spelling
    ("kataib-hezbollah", "Kataib Hezbollah", False),
    ("hezbollah", "Hezbollah", False),
    ("qasem-soleimani", "Qasem Soleimani", False),
    ("abu-fadak", "Abu Fadak al-Mohammadawi", False),
    ("united-states", "United States", False),
    ("kataib-hezbollah", "KH", True),
]
MATCHER = VariantMatcher(ALIASES)


def found(text: str, taken: list[tuple[int, int]] | None = None) -> list[tuple[str, str]]:
    return [(text[m.start : m.end], m.entity_id) for m in MATCHER.find(text, taken or [])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prime Minister Mustafa al-Kazimi spoke.", [("Mustafa al-Kazimi", "mustafa-al-kadhimi")]),
        ("The men of Kataeb Hezbollah were freed.", [("Kataeb Hezbollah", "kataib-hezbollah")]),
        ("General Qassem Suleimani was killed.", [("Qassem Suleimani", "qasem-soleimani")]),
        ("Abu Fadak al-Mohammedawi spoke.", [("Abu Fadak al-Mohammedawi", "abu-fadak")]),
        ("Kazimi said so.", [("Kazimi", "mustafa-al-kadhimi")]),  # one word: exactly
        ("Kazimy said so.", []),  # one word, not exactly: left alone
        ("The United Nations met.", []),  # like United States, but a word differs
        ("Mustafa al-Kazimi", [("Mustafa al-Kazimi", "mustafa-al-kadhimi")]),
        ("mustafa al-kazimi in lower case", []),  # names are capitalised
        ("Kataib Sayyid al-Shuhada", []),  # another group: not close enough
        # An apostrophe inside a word marks an ʿayn or a hamza, not a word's end.
        ("Kata'eb Hezbollah mocked it.", [("Kata'eb Hezbollah", "kataib-hezbollah")]),
        ("Kata’ib Hezbollah mocked it.", [("Kata’ib Hezbollah", "kataib-hezbollah")]),
        ("Qassem Sulei'mani", [("Qassem Sulei'mani", "qasem-soleimani")]),
    ],
)
def test_variants(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_scores_are_recorded() -> None:
    (match,) = MATCHER.find("Mustafa al-Kazimi")
    assert THRESHOLD <= match.score < 100 and match.alias == "Mustafa al-Kadhimi"


def test_a_longer_variant_contains_a_curated_mention_but_never_crosses_one() -> None:
    text = "Kataeb Hezbollah fighters"
    # "Hezbollah" (the Lebanese party) was linked by its alias; the longer name wins.
    assert found(text, [(7, 16)]) == [("Kataeb Hezbollah", "kataib-hezbollah")]
    # A curated mention that crosses the variant keeps its place.
    assert found(text, [(7, 25)]) == []
    # Nor is a curated mention found again.
    assert found("Mustafa al-Kazimi", [(0, 17)]) == []


def test_abbreviations_are_never_varied() -> None:
    assert found("KHH and Kh") == []


def test_name_runs() -> None:
    text = "said Abu Mahdi al-Muhandis, the Iraqi Prime Minister and al"
    runs = [[text[s:e] for s, e in run] for run in name_runs(text)]
    assert runs == [["Abu", "Mahdi", "al-Muhandis"], ["Iraqi", "Prime", "Minister"]]


@given(st.text(alphabet=st.sampled_from("Aa al-Kb ,.\n’'")))
def test_runs_are_capitalised_words_of_the_text(text: str) -> None:
    for run in name_runs(text):
        assert run == sorted(run)
        for start, end in run:
            assert 0 <= start < end <= len(text)
        first, last = text[run[0][0] : run[0][1]], text[run[-1][0] : run[-1][1]]
        assert any(ch.isupper() for ch in first) and any(ch.isupper() for ch in last)
