"""Relative and absolute date expressions resolve against a reference date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.dates import covers
from store.ingest.timex import resolve

TUESDAY = dt.date(2020, 6, 30)  # VOA's estimated publication day
MONDAY = dt.date(2020, 6, 29)  # the Jerusalem Post's dateline


@pytest.mark.parametrize(
    ("phrase", "reference", "value", "precision"),
    [
        ("last Thursday", TUESDAY, "2020-06-25", "day"),
        ("on Friday", TUESDAY, "2020-06-26", "day"),
        ("Monday", TUESDAY, "2020-06-29", "day"),
        ("since Monday", TUESDAY, "2020-06-29", "day"),
        ("on Tuesday", dt.date(2020, 7, 1), "2020-06-30", "day"),
        ("this evening", MONDAY, "2020-06-29", "day"),
        ("yesterday", MONDAY, "2020-06-28", "day"),
        ("last week", dt.date(2020, 7, 1), "2020-W26", "week"),
        ("last October", MONDAY, "2019-10", "month"),
        ("in January", MONDAY, "2020-01", "month"),
        ("in December", MONDAY, "2019-12", "month"),
        ("In April", dt.date(2020, 7, 1), "2020-04", "month"),
        ("since the beginning of June", MONDAY, "2020-06", "month"),
        ("earlier this month", TUESDAY, "2020-06", "month"),
        ("a month ago", MONDAY, "2020-05", "month"),
        ("last year", MONDAY, "2019", "year"),
        ("in 2017", MONDAY, "2017", "year"),
        ("the 1980s", MONDAY, "198X", "decade"),
        ("June 25", MONDAY, "2020-06-25", "day"),
        ("June 25th", dt.date(2020, 7, 6), "2020-06-25", "day"),
        ("July 5th", dt.date(2020, 7, 6), "2020-07-05", "day"),
        ("June 23rd, 2017", MONDAY, "2017-06-23", "day"),
        ("January 3, 2020", MONDAY, "2020-01-03", "day"),
        ("January 2020", MONDAY, "2020-01", "month"),
        ("in August 2019", MONDAY, "2019-08", "month"),
        ("four days after", dt.date(2020, 6, 25), "2020-06-29", "day"),
        ("3 days later", dt.date(2020, 6, 25), "2020-06-28", "day"),
        ("the same day", dt.date(2020, 6, 26), "2020-06-26", "day"),
    ],
)
def test_phrases_resolve(phrase: str, reference: dt.date, value: str, precision: str) -> None:
    found = resolve(phrase, reference)
    assert found is not None, phrase
    assert (found.value, found.precision) == (value, precision)
    assert found.rule


def test_a_month_and_day_across_the_year_says_which_year() -> None:
    """ "Dec. 31" in an article of 7 January 2021 is the last day of 2020, and the
    reason says so (it said "in the year of publication")."""
    found = resolve("Dec. 31", dt.date(2021, 1, 7))
    assert found is not None and found.value == "2020-12-31"
    assert "year of" not in found.rule and "latest December 31" in found.rule
    same = resolve("Jan. 3", dt.date(2021, 1, 7))
    assert same is not None and same.value == "2021-01-03" and "year of" in same.rule


def test_a_weekday_equal_to_the_reference_day_is_ambiguous() -> None:
    found = resolve("on Tuesday", TUESDAY)
    assert found is not None and found.ambiguous
    assert found.value == "2020-06-30" and found.alternative == "2020-06-23"
    assert "or a week before" in found.rule


def test_rule_names_the_reference() -> None:
    found = resolve("last Thursday", TUESDAY, relative_to="publication")
    assert found is not None
    assert found.rule == "the last Thursday before publication (2020-06-30, Tuesday)"


@pytest.mark.parametrize("phrase", ["", "soon", "a few days earlier", "February 30", "recently"])
def test_unknown_or_impossible_phrases_are_not_guessed(phrase: str) -> None:
    assert resolve(phrase, MONDAY) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_resolve_never_raises_and_covers_its_start(phrase: str, reference: dt.date) -> None:
    found = resolve(phrase, reference)
    if found is not None:
        assert covers(found.value, found.start)


@pytest.mark.parametrize(
    ("phrase", "reference", "value"),
    [
        ("New Year's Eve", "2021-01-02", "2020-12-31"),  # across the year's edge
        ("new year’s day", "2021-01-02", "2021-01-01"),
        ("Christmas", "2021-01-02", "2020-12-25"),
        ("Christmas Eve", "2020-12-20", "2020-12-24"),  # a few days ahead: this year's
        ("Christmas Day", "2020-06-30", "2019-12-25"),
    ],
)
def test_holidays_of_a_fixed_day(phrase: str, reference: str, value: str) -> None:
    found = resolve(phrase, dt.date.fromisoformat(reference))
    assert found is not None and found.value == value and found.precision == "day"


def test_a_holiday_off_the_calendar_is_left_unresolved() -> None:
    assert resolve("New Year's Eve", dt.date(1, 1, 2)) is None
