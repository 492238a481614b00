"""The summary benchmark on the example corpus: extractive support pinned at 100 % (loads spaCy: slow)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import eval_summary

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def scores() -> dict[str, eval_summary.Scores]:
    # The example corpus ships with the project: its absence is a failure, not a reason to skip.
    assert eval_summary.EXAMPLE.exists(), f"bundled example corpus missing at {eval_summary.EXAMPLE}"
    return {s.system: s for s in eval_summary.evaluate(eval_summary.EXAMPLE, length=6)}


def test_extractive_summary_is_fully_supported_and_stands_alone(scores):
    ours = scores["newsfuse"]
    assert ours.sentences == 6
    assert ours.supported == 1.0
    assert ours.stand_alone == 1.0


def test_summary_is_less_redundant_and_covers_more_corroborated_claims_than_lexrank(scores):
    ours, lexrank = scores["newsfuse"], scores["LexRank (sumy)"]
    assert ours.redundancy_max < lexrank.redundancy_max
    assert ours.top_claim_coverage >= lexrank.top_claim_coverage
    assert ours.top_claim_coverage >= 0.5
    assert ours.outlets >= 3


def test_conflicting_figures_reach_the_summary_with_both_sides():
    ws = eval_summary.analyse(eval_summary.EXAMPLE)
    from newsfuse.stages.summary.rank import summarise

    disputed = [c for c in ws.claims if c.conflicts]
    assert disputed, "the example corpus has a figure conflict (see examples/README.md)"
    summary = summarise(ws.articles, ws.parsed, ws.claims, ws.entities, 6)
    differ = [s for s in summary if s.text.startswith(("Outlets differ", "Accounts conflict"))]
    assert differ, [s.text for s in summary]
    outlets = {a.id: a.outlet for a in ws.articles}
    assert len({outlets[c.article] for c in differ[0].citations}) == 2
