"""Fast tests for figure intervals, window comparison and source notes (no spaCy)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfuse.model import NormalizedValue, Quantity
from newsfuse.stages.claims.align import canonical_predicate
from newsfuse.stages.claims.conflicts import (
    different_sources,
    figures_disagree,
    interval,
    same_window,
    window_key,
)
from newsfuse.stages.claims.facts import SentenceFacts
from newsfuse.stages.figures.numbers import find_numbers


def qty(text, window=None, measures="ships sunk"):
    [m] = find_numbers(text)
    return Quantity(
        text=m.text, value=m.value, unit=m.unit, normalized=NormalizedValue(value=m.norm_value, unit=m.norm_unit),
        article="a", sentence=0, low=m.low, high=m.high, approximate=m.approximate, measures=measures,
        window=window,
    )


@pytest.mark.parametrize(
    ("a", "b", "disagree"),
    [
        ("more than 3,000 sq km", "about 2,500 square kilometres", True),
        ("at least 40", "45", False),
        ("at least 40", "35", True),
        ("nearly 300", "290", False),
        ("nearly 300", "310", True),
        ("up to 5,000", "4,000", False),
        ("dozens", "60", False),
        ("20-30", "25", False),
        ("20-30", "31", True),
        ("12", "12", False),
        ("12", "13", True),
        ("about 100", "105", False),
        ("10 miles", "16 km", False),
        ("10 miles", "20 km", True),
    ],
)
def test_figures_disagree_respects_bounds(a, b, disagree):
    assert figures_disagree(qty(a), qty(b)) is disagree
    assert figures_disagree(qty(b), qty(a)) is disagree


@given(st.integers(min_value=1, max_value=10**7))
def test_a_figure_never_disagrees_with_itself(n):
    for text in (f"{n:,}", f"about {n:,}", f"at least {n:,}", f"nearly {n:,}", f"up to {n:,}"):
        q = qty(text)
        lo, hi = interval(q)
        assert lo <= n <= hi or (lo <= n and hi == math.inf)
        assert not figures_disagree(q, q)


def lemma(word):
    return {"began": "begin", "hours": "hour"}.get(word, word)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("in the past 24 hours", "over the past day", True),
        ("in the past 24 hours", "in the past week", False),
        ("since the counter-offensive began", "since the start of the counter-offensive", True),
        ("since the counter-offensive began", "in the past day", False),
        ("on Friday", "on Friday", True),
        ("on Friday", "on Saturday", False),
    ],
)
def test_window_comparison(a, b, same):
    assert same_window(window_key(a, lemma), window_key(b, lemma)) is same


def facts(article, source):
    return SentenceFacts(article=article, sentence=0, text="x", order=0, entities=frozenset(), predicate=None,
                         negated=False, denial=False, lemmas=[], source=source)


def test_source_note_merges_name_variants_but_not_other_sources():
    members = [facts("a", "mayor Ida Lund"), facts("b", "Ida Lund, the mayor of Sarvik"), facts("c", "the port police")]
    note = different_sources(members, str.upper)
    assert note is not None and "the port police (C)" in note and note.count("Ida Lund") == 1
    assert different_sources(members[:2], str.upper) is None


def test_predicate_synonyms_meet():
    assert canonical_predicate("liberate") == canonical_predicate("retake") == canonical_predicate("Regain")
    assert canonical_predicate("capture") != canonical_predicate("recapture")
