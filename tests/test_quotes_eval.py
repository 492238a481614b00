"""Floors on the hand-annotated fictional quote set (tests/data/quotes/), scored by bench/eval_quotes.py.

Measured when pinned: all 8 articles speaker F1 100.0, content exact F1 100.0, overlap F1 100.0;
the 2 held-out articles scored speaker F1 87.5 / content exact 100.0 on first sight (100.0 now).
The floors sit a few points under those figures so that a regression fails, not a rounding change.
"""

from __future__ import annotations

from types import ModuleType

import pytest

from bench_modules import load_bench

pytestmark = pytest.mark.slow



def _bench() -> ModuleType:
    return load_bench("eval_quotes")


def test_gold_set_is_big_enough_and_well_formed():
    bench = _bench()
    docs = bench.load_gold("all")
    assert len(docs) >= 6
    assert sum(len(d["quotes"]) for d in docs) >= 40
    assert {d["split"] for d in docs} == {"dev", "heldout"}
    for d in docs:
        for q in d["quotes"]:
            assert set(q) == {"text", "speaker", "direct"}


def test_scorer_counts_mismatches():
    bench = _bench()
    assert bench.normalise('"That the bridge fell,"') == "the bridge fell"
    assert bench.normalise_speaker("The Ministry") == bench.normalise_speaker("ministry")
    assert bench.overlap("the bridge fell on Monday", "the bridge fell") >= 0.5
    assert bench.overlap("the bridge fell", "rain is expected") == 0.0


def test_all_articles_stay_above_the_floor():
    report = _bench().evaluate("all")
    assert report.speaker.f1 >= 92.0
    assert report.content_exact.f1 >= 92.0
    assert report.content_overlap.f1 >= 95.0
    assert report.direct_flag_accuracy >= 95.0


def test_held_out_articles_stay_above_the_floor():
    report = _bench().evaluate("heldout")
    assert report.speaker.f1 >= 84.0
    assert report.content_exact.f1 >= 90.0
