"""Dates in every paragraph: temporal expressions found in text and resolved in context."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import store
from store.dates import value_period
from store.ingest.dating import Dated, KnownEvent, date_article, find

MONDAY = dt.date(2020, 6, 29)  # the Jerusalem Post's dateline
TUESDAY = dt.date(2020, 6, 30)
JULY_6 = dt.date(2020, 7, 6)

RAID = KnownEvent(
    "cts-raid", "CTS raids Kataib Hezbollah", "raid", dt.date(2020, 6, 25), "day", ("a",)
)
OLD_RAID = KnownEvent("old-raid", "An earlier raid", "raid", dt.date(2020, 3, 12), "day", ())


def _dated(
    text: str,
    published: dt.date,
    *,
    published_range: tuple[dt.date, dt.date] | None = None,
    events: Sequence[KnownEvent] = (),
) -> list[tuple[str, str, str]]:
    found = date_article("a", published, published_range, [("p1", 1, text)], events)
    return [
        (text[d.start : d.end], d.resolution.value, d.resolution.precision)
        for d in found.get("p1", [])
    ]


# fmt: off
TABLE = [
    # text, publication date, the expressions and their ISO values
    ("The raid took place on June 25, 2020, in Dora.", MONDAY, [("June 25, 2020", "2020-06-25", "day")]),
    ("Protests were held on 27 June 2020.", MONDAY, [("27 June 2020", "2020-06-27", "day")]),
    ("He was released on July 5th.", JULY_6, [("July 5th", "2020-07-05", "day")]),
    ("He was released on Sept. 5.", dt.date(2020, 9, 30), [("Sept. 5", "2020-09-05", "day")]),
    ("A drone strike in January killed him.", MONDAY, [("January", "2020-01", "month")]),
    ("It began in December.", MONDAY, [("December", "2019-12", "month")]),
    ("The strike came last Thursday.", TUESDAY, [("last Thursday", "2020-06-25", "day")]),
    ("Fighters were freed on Monday.", TUESDAY, [("Monday", "2020-06-29", "day")]),
    ("Fighters were freed Monday night.", TUESDAY, [("Monday night", "2020-06-29", "day")]),
    ("Talks resume next Monday.", TUESDAY, [("next Monday", "2020-07-06", "day")]),
    ("Protests began last October.", MONDAY, [("last October", "2019-10", "month")]),
    ("Earlier this month, rockets fell.", TUESDAY, [("Earlier this month", "2020-06", "month")]),
    ("Attacks rose last year.", MONDAY, [("last year", "2019", "year")]),
    ("Detentions were made last week.", dt.date(2020, 7, 1), [("last week", "2020-W26", "week")]),
    ("The group said yesterday it would respond.", MONDAY, [("yesterday", "2020-06-28", "day")]),
    ("The PMF was formed in 2014.", MONDAY, [("2014", "2014", "year")]),
    ("It has been paid since 2018.", MONDAY, [("2018", "2018", "year")]),
    ("Iraqis joined the IRGC in the 1980s.", MONDAY, [("1980s", "198X", "decade")]),
    ("In August 2019 a depot exploded.", MONDAY, [("August 2019", "2019-08", "month")]),
    ("It was agreed a month ago.", MONDAY, [("a month ago", "2020-05", "month")]),
    ("Three weeks ago the talks broke down.", MONDAY, [("Three weeks ago", "2020-W24", "week")]),
    ("By mid-June the militias had regrouped.", MONDAY, [("mid-June", "2020-06", "month")]),
    ("The 2017 Yemeni picture was doctored.", MONDAY, [("2017", "2017", "year")]),
    ("Airstrikes in December and March killed militia members.", MONDAY,
     [("December", "2019-12", "month"), ("March", "2020-03", "month")]),
    ("The rally was on June 26, and on the same day shots were fired.", MONDAY,
     [("June 26", "2020-06-26", "day"), ("the same day", "2020-06-26", "day")]),
    ("Police arrived on June 25. Two days later the men were freed.", MONDAY,
     [("June 25", "2020-06-25", "day"), ("Two days later", "2020-06-27", "day")]),
    ("Four days after the raid, they were released.", JULY_6,
     [("Four days after the raid", "2020-06-29", "day")]),
    ("The day after the raid, KH marched.", JULY_6, [("The day after the raid", "2020-06-26", "day")]),
    # What is to come counts forward.
    ("The case is expected to return to court in mid-August.", dt.date(2020, 7, 10),
     [("mid-August", "2020-08", "month")]),
    ("The case returned to court in mid-August.", dt.date(2020, 7, 10),
     [("mid-August", "2019-08", "month")]),
    ("Talks will resume on Friday.", TUESDAY, [("Friday", "2020-07-03", "day")]),
    ("A vote is scheduled for July 20.", MONDAY, [("July 20", "2020-07-20", "day")]),
    # Not dates: verbs, counts, money, a weekday-less "day".
    ("They may march on the embassy.", MONDAY, []),
    ("Some 2,000 people and 1500 troops; $2020 was paid.", MONDAY, []),
    ("Day after day the pressure grew.", MONDAY, []),
]
# fmt: on


@pytest.mark.parametrize(("text", "published", "expected"), TABLE)
def test_expressions_resolve_against_the_publication_date(
    text: str, published: dt.date, expected: list[tuple[str, str, str]]
) -> None:
    assert _dated(text, published, events=(RAID,)) == expected


def test_a_weekday_that_is_the_publication_weekday_is_flagged_not_guessed() -> None:
    [dated] = date_article("a", TUESDAY, None, [("p1", 1, "He spoke on Tuesday.")])["p1"]
    r = dated.resolution
    assert r.ambiguous and (r.value, r.alternative) == ("2020-06-30", "2020-06-23")
    assert "that day, or a week before" in r.rule


def test_an_estimated_publication_date_marks_values_that_depend_on_it() -> None:
    found = date_article(
        "a",
        TUESDAY,
        (TUESDAY, dt.date(2020, 7, 1)),
        [("p1", 1, "Earlier this month rockets fell; on June 25 the raid came.")],
    )["p1"]
    month, june = found
    assert month.estimated and "2020-07" in month.resolution.rule
    assert (june.resolution.value, june.estimated) == ("2020-06-25", False)


def test_the_rule_names_the_reference_date() -> None:
    [dated] = date_article("a", TUESDAY, None, [("p1", 1, "It happened last Thursday.")])["p1"]
    assert dated.reference == "publication"
    assert dated.resolution.rule == "the last Thursday before publication (2020-06-30, Tuesday)"


def test_an_event_the_article_reports_is_preferred_as_the_anchor() -> None:
    text = "Four days after the raid, they were released."
    [dated] = date_article("a", JULY_6, None, [("p1", 1, text)], (OLD_RAID, RAID))["p1"]
    assert dated.reference == "event:cts-raid" and not dated.resolution.ambiguous
    assert "the raid this article reports" in dated.resolution.rule


def test_two_possible_anchors_make_the_expression_ambiguous() -> None:
    text = "Four days after the raid, they were released."
    [dated] = date_article("b", JULY_6, None, [("p1", 1, text)], (OLD_RAID, RAID))["p1"]
    r = dated.resolution
    assert (r.value, r.ambiguous, r.alternative) == ("2020-06-29", True, "2020-03-16")


def test_a_year_in_the_anchor_picks_the_event_of_that_year() -> None:
    protests_2019 = KnownEvent("p19", "Protests begin", "protest", dt.date(2019, 10, 1), "day", ())
    protests_2020 = KnownEvent("p20", "A rally", "protest", dt.date(2020, 6, 29), "day", ())
    text = "The debate comes a year after the 2019 protests."
    found = date_article("b", JULY_6, None, [("p1", 1, text)], (protests_2019, protests_2020))
    [dated] = found["p1"]
    assert (dated.resolution.value, dated.reference) == ("2020", "event:p19")
    assert not dated.resolution.ambiguous


def test_the_rule_says_when_the_future_tense_turned_the_count_forward() -> None:
    text = "The case is expected to return to court in mid-August."
    [dated] = date_article("a", dt.date(2020, 7, 10), None, [("p1", 1, text)])["p1"]
    assert dated.resolution.rule == (
        "the next August from publication (2020-07-10, Friday); "
        "the sentence speaks of what is to come ('is expected to')"
    )


def test_an_anchor_with_no_known_event_is_left_unresolved() -> None:
    assert _dated("Four days after the protest, nothing.", JULY_6, events=(RAID,)) == []
    assert _dated("Two days later they left.", JULY_6) == []  # no date mentioned before


def test_narrative_dates_count_across_paragraphs() -> None:
    found = date_article(
        "a",
        MONDAY,
        None,
        [("p1", 1, "On June 25 the raid came."), ("p2", 2, "The next day, protests.")],
    )
    [next_day] = found["p2"]
    assert next_day.resolution.value == "2020-06-26"
    assert "'June 25' in ¶1" in next_day.resolution.rule


_WORDS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)


@settings(max_examples=300, deadline=None)
@given(_WORDS, _WORDS)
def test_found_spans_are_in_order_and_quote_the_text(before: str, after: str) -> None:
    text = f"{before} on Monday, June 29, 2020 and last week {after}"
    found = find(text)
    ends = -1
    for f in found:
        assert f.start >= ends and text[f.start : f.end] == f.phrase
        ends = f.end
    assert any(f.phrase == "June 29, 2020" for f in found)


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)),
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31)),
    st.sampled_from(["%B %d, %Y", "%d %B %Y", "%B %-d, %Y", "%b. %d, %Y"]),
)
def test_any_written_calendar_date_resolves_to_itself(
    day: dt.date, published: dt.date, form: str
) -> None:
    written = day.strftime(form)
    if written.startswith(("May.",)):
        return  # "May." is not an abbreviation
    found = date_article("a", published, None, [("p1", 1, f"It happened on {written}.")])
    [dated] = found["p1"]
    assert isinstance(dated, Dated) and dated.resolution.value == day.isoformat()


# The bundled store -------------------------------------------------------------


def test_catalog_gives_an_articles_dates_in_reading_order(catalog: store.Catalog) -> None:
    found = catalog.timexes("voa-2020-06-30-release-of-militants")
    said = [(t.text, t.value) for t in found]
    assert ("last Thursday", "2020-06-25") in said and ("Friday", "2020-06-26") in said
    assert [catalog.paragraph(t.paragraph_id).index for t in found] == sorted(
        catalog.paragraph(t.paragraph_id).index for t in found
    )
    for t in found:
        assert catalog.paragraph(t.paragraph_id).text[t.start : t.end] == t.text
    [tuesday] = [t for t in found if t.text == "Tuesday"]
    assert tuesday.ambiguous and tuesday.label == "2020-06-30 (or 2020-06-23?)"
    [month] = [t for t in found if t.text == "Earlier this month"]
    assert month.estimated and month.label == "c. June 2020"


def test_counting_from_the_raid_names_the_event(catalog: store.Catalog) -> None:
    [four] = [
        t
        for t in catalog.timexes("diyaruna-2020-07-pressure-on-iran-agents")
        if t.text == "Four days after the raid"
    ]
    assert four.value == "2020-06-29" and four.event_id == "cts-raid-on-kataib-hezbollah"


def test_every_annotated_dating_phrase_is_found_with_the_same_value(catalog: store.Catalog) -> None:
    """What the annotators resolved by hand, dossier finds and resolves alike."""
    checked = 0
    for event in catalog.events():
        for item in event.evidence:
            if not item.date_phrase or item.rule is None or item.rule.startswith("as annotated"):
                continue
            phrase = item.date_phrase.casefold()
            found = catalog.paragraph_timexes(item.evidence.paragraph_id)
            values = {t.value for t in found if t.text.casefold() in phrase}
            assert item.resolved in values, (event.id, item.date_phrase, found)
            checked += 1
    assert checked >= 40


def test_the_timeline_of_paragraphs_is_oldest_first_and_filters_by_entity(
    catalog: store.Catalog,
) -> None:
    every = catalog.dated_paragraphs()
    assert [t.first_day for t in every] == sorted(t.first_day for t in every)
    kh = catalog.dated_paragraphs(["kataib-hezbollah"])
    assert 0 < len(kh) < len(every)
    for t in kh:
        assert any(m.entity_id == "kataib-hezbollah" for m in catalog.mentions(t.paragraph_id))


@settings(max_examples=200, deadline=None)
@given(
    published=st.one_of(
        st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
        # The last and first weeks Python knows: where a week or a month runs off it.
        st.dates(min_value=dt.date(9999, 12, 1), max_value=dt.date(9999, 12, 31)),
        st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(1, 1, 31)),
    ),
    phrases=st.lists(
        st.sampled_from(
            [
                "Last June",
                "last Thursday",
                "on Monday",
                "next year",
                "last year",
                "a month ago",
                "two days later",
                "the next day",
                "in the 1980s",
                "December 31",
                "earlier this month",
                "next week",
                "January 1",
                "four days after the raid",
                "New Year's Eve",
                "Christmas",
                "this week",
                "next month",
            ]
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_dating_never_fails_at_the_edges_of_the_calendar(
    published: dt.date, phrases: list[str]
) -> None:
    text = "On June 25, 2020 it began. " + ". ".join(phrases) + "."
    found = date_article("a", published, None, [("a:p1", 1, text)])
    for dated in found.get("a:p1", []):
        assert value_period(dated.resolution.value) is not None
