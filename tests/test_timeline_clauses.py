"""A sentence is dated by the date of the clause of the event it reports (issue 15), on the real spaCy model.

Fictional sentences written for these tests.
"""

from __future__ import annotations

import pytest

from newsfuse.model import Article
from newsfuse.stages.timeline.build import build_timeline

pytestmark = pytest.mark.slow

PUBLISHED = "2033-03-19"  # a Saturday


def dates_of(body: str) -> list[tuple[str, str]]:
    from newsfuse.nlp import parse_texts

    (parsed,) = parse_texts([("t", body)])
    article = Article(id="t", path="t.txt", body=body, published=PUBLISHED)
    return [(e.date, e.precision) for e in build_timeline([parsed], [article], None)]


def test_a_date_describing_a_noun_gives_way_to_the_main_clause_date() -> None:
    body = ("Lifeboat crews reached the stranded trawler on Thursday, the latest stage of a rescue operation "
            "that started earlier this month.")
    assert dates_of(body) == [("2033-03-17", "day")]


def test_a_speech_date_gives_way_to_the_date_of_what_was_said() -> None:
    body = "Harbour officials said on Friday that divers located the sunken barge on Tuesday."
    assert dates_of(body) == [("2033-03-15", "day")]


def test_two_dates_of_main_clauses_both_stay() -> None:
    body = "The orchard froze on Tuesday and the vineyard flooded on Thursday."
    assert sorted(dates_of(body)) == [("2033-03-15", "day"), ("2033-03-17", "day")]


def test_a_lone_date_in_a_describing_clause_still_dates_the_sentence() -> None:
    body = "Farmers praised a drainage scheme that opened last month."
    assert dates_of(body) == [("2033-02-01", "month")]
