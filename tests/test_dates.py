"""The date-expression resolver: each expression type against a fixed anchor, then properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.stages.timeline.dates import NO_ANCHOR, ResolvedDate, Unresolved, explain, normalise, resolve

SATURDAY = dt.date(2026, 11, 21)  # a Saturday
FEBRUARY = dt.date(2026, 2, 10)  # a Tuesday


@pytest.mark.parametrize(
    ("expression", "date", "precision"),
    [
        # weekdays: the most recent one before publication; the publication weekday is that day
        ("on Friday", "2026-11-20", "day"),
        ("Friday", "2026-11-20", "day"),
        ("on Monday", "2026-11-16", "day"),
        ("Sunday", "2026-11-15", "day"),
        ("on Saturday", "2026-11-21", "day"),
        ("this Saturday", "2026-11-21", "day"),
        ("last Saturday", "2026-11-14", "day"),
        ("last Friday", "2026-11-20", "day"),
        ("Thursday night", "2026-11-19", "day"),
        ("Friday's", "2026-11-20", "day"),
        # days around the anchor
        ("yesterday", "2026-11-20", "day"),
        ("Yesterday morning", "2026-11-20", "day"),
        ("today", "2026-11-21", "day"),
        ("this morning", "2026-11-21", "day"),
        ("tonight", "2026-11-21", "day"),
        ("last night", "2026-11-20", "day"),
        ("tomorrow", "2026-11-22", "day"),
        ("two days ago", "2026-11-19", "day"),
        ("10 days ago", "2026-11-11", "day"),
        # weeks: the ISO Monday
        ("earlier this week", "2026-11-16", "week"),
        ("this week", "2026-11-16", "week"),
        ("last week", "2026-11-09", "week"),
        ("next week", "2026-11-23", "week"),
        ("three weeks ago", "2026-10-26", "week"),
        ("over the weekend", "2026-11-16", "week"),
        ("the week of March 3", "2026-03-02", "week"),
        # months: the 1st
        ("this month", "2026-11-01", "month"),
        ("earlier this month", "2026-11-01", "month"),
        ("last month", "2026-10-01", "month"),
        ("in April", "2026-04-01", "month"),
        ("in September", "2026-09-01", "month"),
        ("in November", "2026-11-01", "month"),
        ("in December", "2025-12-01", "month"),
        ("early April", "2026-04-01", "month"),
        ("mid-April", "2026-04-01", "month"),
        ("last April", "2026-04-01", "month"),
        ("next April", "2027-04-01", "month"),
        ("April 2025", "2025-04-01", "month"),
        ("in February 2024", "2024-02-01", "month"),
        ("two months ago", "2026-09-01", "month"),
        ("September of this year", "2026-09-01", "month"),
        ("January next year", "2027-01-01", "month"),
        ("April of last year", "2025-04-01", "month"),
        ("the month of July", "2026-07-01", "month"),
        ("June 17, two days after the vote", "2026-06-17", "day"),
        # years
        ("last year", "2025-01-01", "year"),
        ("this year", "2026-01-01", "year"),
        ("2022", "2022-01-01", "year"),
        ("in 2022", "2022-01-01", "year"),
        ("since 2014", "2014-01-01", "year"),
        ("spring 2025", "2025-01-01", "year"),
        # day and month, with and without a year
        ("on 12 November", "2026-11-12", "day"),
        ("November 12", "2026-11-12", "day"),
        ("Nov. 12", "2026-11-12", "day"),
        ("12th of November", "2026-11-12", "day"),
        ("November 25", "2025-11-25", "day"),
        ("on 3 March 2026", "2026-03-03", "day"),
        ("Sept. 3, 2025", "2025-09-03", "day"),
        ("Friday, November 20", "2026-11-20", "day"),
        ("21 November", "2026-11-21", "day"),
        ("2026-11-12", "2026-11-12", "day"),
        ("25/11", "2025-11-25", "day"),
        ("25/11/2026", "2026-11-25", "day"),
        # offsets from a dated anchor
        ("two days after March 3", "2026-03-05", "day"),
        ("a week before 12 November", "2026-11-05", "day"),
        ("two months after April 2025", "2025-06-01", "month"),
    ],
)
def test_resolves_against_a_saturday_anchor(expression: str, date: str, precision: str) -> None:
    result = explain(expression, SATURDAY)
    assert isinstance(result, ResolvedDate), result
    assert (result.iso(), result.precision) == (date, precision)
    assert result.expression == expression


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("12/11", "ambiguous"),
        ("03/04/2026", "ambiguous"),
        ("a week after February's invasion", "month-precision"),
        ("a week after the invasion", "without a date"),
        ("since the counter-offensive began", "no calendar reference"),
        ("in the spring", "season"),
        ("last winter", "season"),
        ("winter 2025", "season"),
        ("the 1990s", "decade"),
        ("two days", "duration"),
        ("three weeks", "duration"),
        ("a few days ago", "vague"),
        ("several weeks ago", "vague"),
        ("four days later", "offset from an event"),
        ("the following day", "offset from an event"),
        ("the next morning", "offset from an event"),
        ("31/02/2026", "not a real calendar date"),
        ("2026-02-30", "not a real calendar date"),
        ("", "empty"),
    ],
)
def test_stays_unresolved_with_a_reason(expression: str, reason: str) -> None:
    result = explain(expression, SATURDAY)
    assert isinstance(result, Unresolved), result
    assert result.kind == "unresolved"
    assert reason in result.reason
    assert resolve(expression, SATURDAY) is None


@pytest.mark.parametrize(
    "expression",
    ["in the past 24 hours", "the past week", "over the last few days", "in recent days", "the next two weeks",
     "past 48 hours", "the last three months"],
)  # fmt: skip
def test_windows_are_not_dates(expression: str) -> None:
    result = explain(expression, SATURDAY)
    assert isinstance(result, Unresolved)
    assert result.kind == "window"


def test_month_is_the_most_recent_one_unless_the_verb_is_future() -> None:
    assert (resolve("in April", FEBRUARY) or pytest.fail()).iso() == "2025-04-01"
    assert (resolve("in April", FEBRUARY, future=True) or pytest.fail()).iso() == "2026-04-01"
    # The anchor's own month is "this" April either way.
    april = dt.date(2026, 4, 15)
    assert (resolve("in April", april) or pytest.fail()).iso() == "2026-04-01"
    assert (resolve("in April", april, future=True) or pytest.fail()).iso() == "2026-04-01"


def test_future_weekday_and_day_month_look_ahead() -> None:
    assert (resolve("on Friday", SATURDAY, future=True) or pytest.fail()).iso() == "2026-11-27"
    assert (resolve("on Saturday", SATURDAY, future=True) or pytest.fail()).iso() == "2026-11-21"
    assert (resolve("November 12", SATURDAY, future=True) or pytest.fail()).iso() == "2027-11-12"
    assert (resolve("December 1", SATURDAY, future=True) or pytest.fail()).iso() == "2026-12-01"
    # A date that carries its year ignores the tense.
    assert (resolve("3 March 2026", SATURDAY, future=True) or pytest.fail()).iso() == "2026-03-03"


def test_without_an_anchor_only_dates_with_a_year_resolve() -> None:
    assert (resolve("on 3 March 2026", None) or pytest.fail()).iso() == "2026-03-03"
    assert (resolve("March 3, 2026", None) or pytest.fail()).iso() == "2026-03-03"
    assert (resolve("in April 2025", None) or pytest.fail()).iso() == "2025-04-01"
    assert (resolve("2022", None) or pytest.fail()).precision == "year"
    for relative in ("in April", "March 3", "on Friday", "yesterday", "last week", "two days ago", "25/11"):
        result = explain(relative, None)
        assert isinstance(result, Unresolved), relative
        assert result.reason.endswith(NO_ANCHOR), result.reason


def test_arithmetic_outside_the_calendar_is_explained_not_raised() -> None:
    result = explain("999 years ago", dt.date(500, 1, 1))
    assert isinstance(result, Unresolved)
    assert "range" in result.reason


def test_february_29_finds_a_leap_year() -> None:
    assert (resolve("29 February", SATURDAY) or pytest.fail()).iso() == "2024-02-29"
    assert (resolve("29 February", SATURDAY, future=True) or pytest.fail()).iso() == "2028-02-29"


def test_the_verb_may_is_not_read_as_a_month_when_it_has_no_date_shape() -> None:
    assert resolve("may have been", SATURDAY) is None


# --------------------------------------------------------------------------- properties

anchors = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31))
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]  # fmt: skip

_PAST_PHRASES = [
    "yesterday", "today", "last night", "earlier this week", "last week", "this month", "last month", "last year",
    "this year", "over the weekend",
]  # fmt: skip
past_expressions = st.one_of(
    st.sampled_from(_WEEKDAYS).flatmap(lambda d: st.sampled_from([d, f"on {d}", f"last {d}", f"{d} night"])),
    st.integers(1, 60).map(lambda n: f"{n} days ago"),
    st.integers(1, 30).map(lambda n: f"{n} weeks ago"),
    st.integers(1, 30).map(lambda n: f"{n} months ago"),
    st.sampled_from(_PAST_PHRASES),
    st.sampled_from(_MONTHS).map(lambda m: f"in {m}"),
    st.tuples(st.integers(1, 28), st.sampled_from(_MONTHS)).map(lambda dm: f"{dm[0]} {dm[1]}"),
    st.tuples(st.integers(1, 28), st.sampled_from(_MONTHS)).map(lambda dm: f"{dm[1]} {dm[0]}"),
)


def _is_period_start(result: ResolvedDate) -> bool:
    day = result.date
    return {
        "day": True,
        "week": day.weekday() == 0,
        "month": day.day == 1,
        "year": (day.month, day.day) == (1, 1),
    }[result.precision]


# Arbitrary text, and arbitrary sequences of date words: both must come back resolved or explained.
_DATE_WORDS = _WEEKDAYS + _MONTHS + [
    "ago", "after", "before", "last", "next", "this", "the", "week", "weeks", "month", "year", "days", "'s",
    "early", "mid-", "in", "on", "since", "past", "a", "two", "12", "31", "2026", "/", "-", "of", "spring",
    "Nov.", "29", "00", "0", "9999",
]  # fmt: skip
date_like_text = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(st.sampled_from(_DATE_WORDS), st.text(max_size=4)), max_size=7).map(" ".join),
    st.lists(st.sampled_from(_DATE_WORDS), max_size=5).map("".join),
)


@settings(max_examples=600, deadline=None)
@given(text=date_like_text, anchor=st.one_of(st.none(), anchors), future=st.booleans())
def test_resolve_never_raises_and_returns_a_real_period_start(text: str, anchor: dt.date | None, future: bool) -> None:
    result = explain(text, anchor, future=future)
    if isinstance(result, ResolvedDate):
        assert isinstance(result.date, dt.date)
        assert _is_period_start(result)
        assert result.last_day() >= result.date
    else:
        assert result.reason


@settings(max_examples=300, deadline=None)
@given(expression=past_expressions, anchor=anchors)
def test_past_expressions_never_land_after_the_anchor(expression: str, anchor: dt.date) -> None:
    result = resolve(expression, anchor)
    assert result is not None, expression
    assert _is_period_start(result)
    assert result.date <= anchor
    if result.precision == "day":
        assert anchor - result.date <= dt.timedelta(days=366)


@settings(max_examples=200, deadline=None)
@given(
    expression=st.one_of(
        st.sampled_from(_WEEKDAYS).map(lambda d: f"on {d}"),
        st.sampled_from(_MONTHS).map(lambda m: f"in {m}"),
        st.tuples(st.integers(1, 28), st.sampled_from(_MONTHS)).map(lambda dm: f"{dm[0]} {dm[1]}"),
    ),
    anchor=anchors,
)
def test_future_expressions_never_end_before_the_anchor(expression: str, anchor: dt.date) -> None:
    result = resolve(expression, anchor, future=True)
    assert result is not None
    assert result.last_day() >= anchor


@settings(max_examples=200, deadline=None)
@given(expression=past_expressions, anchor=anchors, noise=st.sampled_from(["  ", "\t", " \u00a0"]))
def test_case_and_spacing_do_not_change_the_date(expression: str, anchor: dt.date, noise: str) -> None:
    shouted = noise + expression.upper().replace(" ", noise) + noise
    plain, loud = resolve(expression, anchor), resolve(shouted, anchor)
    assert plain is not None and loud is not None
    assert (plain.date, plain.precision) == (loud.date, loud.precision)
    assert normalise(shouted) == normalise(expression)
