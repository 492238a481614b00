"""Fast tests for the text-level number parser (no spaCy)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfuse.stages.figures.numbers import NumberFormatError, find_numbers, parse_number

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _words(n: int) -> str:
    """English words for 0 <= n < 1,000,000 (test oracle, written independently of the parser)."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, rest = divmod(n, 10)
        return _TENS[tens - 2] + ("-" + _ONES[rest] if rest else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return _ONES[hundreds] + " hundred" + (" and " + _words(rest) if rest else "")
    thousands, rest = divmod(n, 1000)
    return _words(thousands) + " thousand" + ((" and " if rest < 100 else " ") + _words(rest) if rest else "")


def one(text: str):
    found = find_numbers(text)
    assert len(found) == 1, found
    return found[0]


@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_separators_parse_back(n):
    assert parse_number(f"{n:,}") == n


@given(st.integers(min_value=0, max_value=999_999))
def test_number_words_parse_back(n):
    assert parse_number(_words(n)) == n


@given(st.integers(min_value=1, max_value=10**9))
def test_a_formatted_count_is_found_in_a_sentence(n):
    m = one(f"Officials said {n:,} people were affected.")
    assert m.value == n and m.kind == "count"


@given(st.text())
def test_find_numbers_never_raises(text):
    for m in find_numbers(text):
        assert 0 <= m.start < m.end <= len(text)


def test_parse_number_rejects_non_numbers():
    with pytest.raises(NumberFormatError):
        parse_number("several villages")


@pytest.mark.parametrize(
    ("text", "value", "low", "high", "approx"),
    [
        ("at least 40 people", 40, 40, None, False),
        ("more than 1.3 million people", 1.3e6, 1.3e6, None, False),
        ("up to 5,000 troops", 5000, None, 5000, False),
        ("nearly 300 tanks", 300, None, 300, True),
        ("almost 70 drones", 70, None, 70, True),
        ("about 2,500 guests", 2500, None, None, True),
        ("some 400 residents", 400, None, None, True),
        ("20-30 boats", 20, 20, 30, False),
        ("between five and several dozen hamlets", 5, 5, 108, True),
        ("dozens of sailors", 24, 24, None, True),
        ("hundreds of residents", 200, 200, None, True),
        ("tens of thousands of fans", 2e4, 2e4, None, True),
        ("a dozen ferries", 12, 12, 12, True),
        ("two hundred and fifty thousand visitors", 250_000, None, None, False),
    ],
)
def test_counts_with_bounds(text, value, low, high, approx):
    m = one(text)
    assert (m.value, m.low, m.high, m.approximate, m.kind) == (value, low, high, approx, "count")


@pytest.mark.parametrize(
    ("text", "norm_value", "norm_unit"),
    [
        ("3,000 square kilometres", 3000, "km²"),
        ("450 sq km", 450, "km²"),
        ("12 km²", 12, "km²"),
        ("10 square miles", 25.9, "km²"),
        ("200 hectares", 2, "km²"),
        ("80km", 80, "km"),
        ("15 kilometers", 15, "km"),
        ("50 miles", 80.47, "km"),
        ("a 500m stretch", 0.5, "km"),
        ("7 per cent", 7, "%"),
        ("7.5%", 7.5, "%"),
        ("$1.2bn", 1.2e9, "USD"),
        ("€40m", 4e7, "EUR"),
        ("£3 million", 3e6, "GBP"),
        ("900 million hryvnias", 9e8, "UAH"),
        ("USD 25,000", 25_000, "USD"),
        ("half of the harbour", 50, "%"),
        ("two-thirds of the fleet", 200 / 3, "%"),
    ],
)
def test_units_are_normalised(text, norm_value, norm_unit):
    m = one(text)
    assert m.norm_unit == norm_unit
    assert m.norm_value == pytest.approx(norm_value, rel=1e-3)


def test_parenthesised_conversion_is_one_fact():
    m = one("The lake covers 1,200 square kilometres (463 square miles) of the valley.")
    assert m.norm_value == 1200 and m.conversion == "463 square miles"
    m = one("The ferry sails 80km (50 miles) a day.")
    assert m.norm_value == 80 and m.conversion == "50 miles"


def test_bound_kinds_are_recorded():
    assert one("more than 30 boats").bound == "low_exclusive"
    assert one("at least 30 boats").bound == "low"
    assert one("fewer than 30 boats").bound == "high_exclusive"


@pytest.mark.parametrize("text", ["the 3-1 win", "call 020 7946 0000", "someone came", "none left", "F-16 jets"])
def test_non_quantities_are_not_found(text):
    assert find_numbers(text) == []


def test_durations_are_tagged_so_the_stage_can_treat_them_as_windows():
    m = one("in the past 24 hours")
    assert m.kind == "duration" and m.norm_value == 24
