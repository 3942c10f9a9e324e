"""Resolve date expressions against a reference date, TIMEX3-style.

News articles date things relative to a day they do not state: "last
Thursday", "on Monday", "last October", "earlier this month", "four days after
the raid". :func:`resolve` turns such a phrase and a reference date (the
article's publication date, or the date of the event it counts from) into a
value, a precision and the rule that was used, so that a reader can check the
arithmetic. A phrase that could mean two dates ("on Tuesday" in an article
published on a Tuesday: today, or a week ago?) is marked ambiguous rather than
guessed silently.

Values are ISO 8601 as TIMEX3 writes them: ``2020-06-25`` (day),
``2020-W26`` (week), ``2020-06`` (month), ``2020`` (year), ``198X`` (decade).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from ..model import DatePrecision

# English names whatever the locale (calendar.month_name follows it).
MONTH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")  # fmt: skip
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = {name.lower(): i for i, name in enumerate(MONTH_NAMES) if name}
MONTHS.update({name[:3].lower(): i for i, name in enumerate(MONTH_NAMES) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(DAY_NAMES)}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
_NUMBER = r"(?P<n>\d+|" + "|".join(NUMBERS) + r")"

#: Holidays on a fixed day: (month, day).
_HOLIDAYS = {
    "new year's eve": (12, 31),
    "new year's day": (1, 1),
    "christmas eve": (12, 24),
    "christmas": (12, 25),
    "christmas day": (12, 25),
}
_ISO = re.compile(r"^(?P<iso>\d{4}-\d{2}-\d{2})$")
_MONTH_YEAR = re.compile(rf"^{_MONTH},? {_YEAR}$")
_DECADE = re.compile(r"^(?P<decade>\d{3})0s$")
_YEAR_ONLY = re.compile(rf"^{_YEAR}$")
_LAST_MONTH = re.compile(rf"^last {_MONTH}$")
_PART_OF_MONTH = re.compile(
    rf"^(?:beginning of |start of |end of |middle of |early |late |mid-? ?)?{_MONTH}$"
)
_LAST_WEEKDAY = re.compile(rf"^last {_WEEKDAY}$")
_NEXT_WEEKDAY = re.compile(rf"^next {_WEEKDAY}$")
_WEEKDAY_ONLY = re.compile(rf"^(?:this )?{_WEEKDAY}(?: (?:morning|afternoon|evening|night))?$")
_FULL_DATES = (
    re.compile(rf"^{_MONTH} {_DAY},? {_YEAR}$"),
    re.compile(rf"^{_DAY} {_MONTH},? {_YEAR}$"),
)
_MONTH_DAYS = (re.compile(rf"^{_MONTH} {_DAY}$"), re.compile(rf"^{_DAY} {_MONTH}$"))
_COUNTED = re.compile(
    rf"^{_NUMBER} (?P<unit>day|week|month|year)s? (?P<dir>ago|earlier|before|after|later)"
)


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a date expression means, and how that was worked out."""

    value: str
    """ISO value: ``2020-06-25``, ``2020-W26``, ``2020-06``, ``2020`` or ``198X``."""
    precision: DatePrecision
    """How precise the value is."""
    start: dt.date
    """First day the value covers (for sorting and comparing)."""
    rule: str
    """The rule applied, in words, with the reference date."""
    ambiguous: bool = False
    """True when the phrase could also mean another date (see ``alternative``)."""
    alternative: str | None = None
    """The other reading of an ambiguous phrase."""


def _day(d: dt.date, rule: str, **kw: object) -> Resolution:
    return Resolution(d.isoformat(), "day", d, rule, **kw)  # type: ignore[arg-type]


def _month(year: int, month: int, rule: str) -> Resolution:
    return Resolution(f"{year:04d}-{month:02d}", "month", dt.date(year, month, 1), rule)


def _year(year: int, rule: str) -> Resolution:
    return Resolution(f"{year:04d}", "year", dt.date(year, 1, 1), rule)


def _week(d: dt.date, rule: str) -> Resolution:
    iso = d.isocalendar()
    monday = d - dt.timedelta(days=d.weekday())
    return Resolution(f"{iso.year:04d}-W{iso.week:02d}", "week", monday, rule)


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _number(text: str) -> int:
    return int(text) if text.isdigit() else NUMBERS[text]


def _clean(phrase: str) -> str:
    text = phrase.strip().lower().replace("’", "'").replace("\u00a0", " ")
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"^(?:on|in|since|from|by|until|during|the) ", "", text).rstrip(".,;:")


@functools.lru_cache(maxsize=8192)  # the same phrases recur, article after article
def _without_year(
    month: int,
    day: int,
    name: str,
    reference: dt.date,
    ref: str,
    future: bool,
    *,
    holiday: bool = False,
) -> Resolution | None:
    """A day of the year named without its year ("June 25", "New Year's Eve"): the
    one of the reference's year, unless that is more than a week after it (then the
    year before); the next one from the reference when ``future``."""
    try:
        d = dt.date(reference.year, month, day)
        if future and d < reference:
            d = dt.date(reference.year + 1, month, day)
        elif not future and d > reference + dt.timedelta(days=7):
            d = dt.date(reference.year - 1, month, day)
    except ValueError:
        return None
    if future:
        return _day(d, f"the next {name} from {ref}")
    if holiday or d.year != reference.year:  # "Dec. 31" in an article of 7 January
        return _day(d, f"the latest {name} up to a week after {ref}")
    return _day(d, f"{name} in the year of {ref}")


def resolve(
    phrase: str, reference: dt.date, *, relative_to: str = "", future: bool = False
) -> Resolution | None:
    """Resolve ``phrase`` against ``reference``; ``None`` if it is not understood.

    ``relative_to`` names the reference in the rule ("publication",
    "the raid"); by default the rule says "the reference date". A month, a
    day of a month or a weekday without a year counts back from the reference
    (news reports what happened), unless ``future`` (the sentence speaks of
    what is to come: "the case returns to court in mid-August").

    A phrase whose value would fall off the calendar Python knows ("last June"
    published in year 1, "next year" in 9999) is left unresolved (``None``),
    like one that is not understood: no date is better than a wrong one.
    """
    try:
        return _resolve(phrase, reference, relative_to=relative_to, future=future)
    except (ValueError, OverflowError):  # before 0001-01-01 or after 9999-12-31
        return None


def _resolve(
    phrase: str, reference: dt.date, *, relative_to: str, future: bool
) -> Resolution | None:
    if isinstance(reference, dt.datetime):
        reference = reference.date()
    ref_name = relative_to or "the reference date"
    ref = f"{ref_name} ({reference.isoformat()}, {DAY_NAMES[reference.weekday()]})"
    text = _clean(phrase)
    text = re.sub(r"^the ", "", text)
    m: re.Match[str] | None

    # Absolute dates.
    for pattern in _FULL_DATES:
        m = pattern.match(text)
        if m:
            try:
                d = dt.date(int(m["year"]), MONTHS[m["month"]], int(m["day"]))
            except ValueError:
                return None
            return _day(d, "calendar date as written")
    if m := _ISO.match(text):
        try:
            return _day(dt.date.fromisoformat(m["iso"]), "calendar date as written")
        except ValueError:
            return None
    if m := _MONTH_YEAR.match(text):
        return _month(int(m["year"]), MONTHS[m["month"]], "month and year as written")
    if m := _DECADE.match(text):
        decade = int(m["decade"])
        return Resolution(f"{decade}X", "decade", dt.date(decade * 10, 1, 1), "decade as written")
    if m := _YEAR_ONLY.match(text):
        return _year(int(m["year"]), "year as written")

    # Month and day without a year: the year of the reference, unless that
    # would put it well after the reference (then the year before).
    for pattern in _MONTH_DAYS:
        m = pattern.match(text)
        if m:
            month, day = MONTHS[m["month"]], int(m["day"])
            return _without_year(month, day, f"{MONTH_NAMES[month]} {day}", reference, ref, future)

    # Holidays of a fixed day: counted like a month and day without a year.
    if text in _HOLIDAYS:
        name = text.replace("'s", "’s").title().replace("’S", "’s")
        month, day = _HOLIDAYS[text]
        return _without_year(month, day, name, reference, ref, future, holiday=True)

    # Named months: "last October", "in January", "since the beginning of June".
    if m := _LAST_MONTH.match(text):
        month = MONTHS[m["month"]]
        year = reference.year if month < reference.month else reference.year - 1
        return _month(year, month, f"the last {MONTH_NAMES[month]} before {ref}")
    if m := _PART_OF_MONTH.match(text):
        month = MONTHS[m["month"]]
        if future:
            year = reference.year if month >= reference.month else reference.year + 1
            return _month(year, month, f"the next {MONTH_NAMES[month]} from {ref}")
        year = reference.year if month <= reference.month else reference.year - 1
        return _month(year, month, f"the latest {MONTH_NAMES[month]} up to {ref}")

    # Weekdays.
    if m := _LAST_WEEKDAY.match(text):
        target = WEEKDAYS[m["weekday"]]
        back = (reference.weekday() - target) % 7 or 7
        d = reference - dt.timedelta(days=back)
        return _day(d, f"the last {DAY_NAMES[target]} before {ref}")
    if m := _NEXT_WEEKDAY.match(text):
        target = WEEKDAYS[m["weekday"]]
        ahead = (target - reference.weekday()) % 7 or 7
        d = reference + dt.timedelta(days=ahead)
        return _day(d, f"the first {DAY_NAMES[target]} after {ref}")
    if (m := _WEEKDAY_ONLY.match(text)) and future:
        target = WEEKDAYS[m["weekday"]]
        ahead = (target - reference.weekday()) % 7
        d = reference + dt.timedelta(days=ahead)
        if ahead == 0:
            return _day(
                d,
                f"{DAY_NAMES[target]} is the weekday of {ref}: that day, or a week after",
                ambiguous=True,
                alternative=(reference + dt.timedelta(days=7)).isoformat(),
            )
        return _day(d, f"the next {DAY_NAMES[target]} from {ref}")
    if m:
        target = WEEKDAYS[m["weekday"]]
        back = (reference.weekday() - target) % 7
        d = reference - dt.timedelta(days=back)
        if back == 0:
            week_ago = (reference - dt.timedelta(days=7)).isoformat()
            return _day(
                d,
                f"{DAY_NAMES[target]} is the weekday of {ref}: that day, or a week before",
                ambiguous=True,
                alternative=week_ago,
            )
        return _day(d, f"the latest {DAY_NAMES[target]} up to {ref}")

    # Days, weeks, months and years around the reference.
    if text in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return _day(reference, f"the day of {ref}")
    if text in ("yesterday", "last night"):
        return _day(reference - dt.timedelta(days=1), f"the day before {ref}")
    if text == "tomorrow":
        return _day(reference + dt.timedelta(days=1), f"the day after {ref}")
    if text in ("the same day", "same day", "that day"):
        return _day(reference, f"the same day as {ref}")
    if text in ("the next day", "next day", "the following day", "following day", "a day later"):
        return _day(reference + dt.timedelta(days=1), f"the day after {ref}")
    if text in (
        "the day before",
        "day before",
        "the previous day",
        "previous day",
        "a day earlier",
    ):
        return _day(reference - dt.timedelta(days=1), f"the day before {ref}")
    if text in ("this week", "earlier this week", "later this week"):
        return _week(reference, f"the week of {ref}")
    if text == "last week":
        return _week(reference - dt.timedelta(days=7), f"the week before {ref}")
    if text == "next week":
        return _week(reference + dt.timedelta(days=7), f"the week after {ref}")
    if text in ("this month", "earlier this month", "later this month"):
        return _month(reference.year, reference.month, f"the month of {ref}")
    if text in ("last month", "a month ago", "one month ago"):
        year, month = _shift_month(reference.year, reference.month, -1)
        return _month(year, month, f"the month before {ref}")
    if text == "next month":
        year, month = _shift_month(reference.year, reference.month, 1)
        return _month(year, month, f"the month after {ref}")
    if text in ("this year", "earlier this year", "later this year"):
        return _year(reference.year, f"the year of {ref}")
    if text in ("last year", "a year ago", "one year ago"):
        return _year(reference.year - 1, f"the year before {ref}")
    if text == "next year":
        return _year(reference.year + 1, f"the year after {ref}")

    m = _COUNTED.match(text)
    if m:
        n, unit, direction = _number(m["n"]), m["unit"], m["dir"]
        sign = -1 if direction in ("ago", "earlier", "before") else 1
        words = f"{m['n']} {unit}{'s' if n != 1 else ''} {'before' if sign < 0 else 'after'}"
        if unit == "day":
            return _day(reference + dt.timedelta(days=sign * n), f"{words} {ref}")
        if unit == "week":
            return _week(reference + dt.timedelta(days=sign * 7 * n), f"{words} {ref}")
        if unit == "month":
            year, month = _shift_month(reference.year, reference.month, sign * n)
            return _month(year, month, f"{words} {ref}")
        return _year(reference.year + sign * n, f"{words} {ref}")
    return None
