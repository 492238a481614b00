"""Floors on GeoWebNews gold-toponym resolution (skips when ../shared/eval-data is absent)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

from eval_geocoding import (
    DATA_DIR,
    evaluate_end_to_end,
    in_gazetteer_ids,
    load_gwn,
    resolve_gold,
    score_outcomes,
    split_articles,
)

# History: exact-id 81.9 % / acc@161 km 68.7 % when the first floor was set, 81.7 / 68.6 after the real-news
# error classes.  With countries at GeoNames' own points and first-level regions mid-extent (issue 12), all
# 200 articles: 81.8 / 79.3; the held-out half (even ids) restricted to toponyms whose gold place the
# gazetteer holds: 92.4 / 94.8.  Floors are one point lower.
EXACT_FLOOR = 0.808
ACC161_FLOOR = 0.783
HELD_OUT_IN_GAZETTEER_EXACT_FLOOR = 0.914
HELD_OUT_IN_GAZETTEER_ACC161_FLOOR = 0.938


@pytest.mark.eval
@pytest.mark.skipif(not (DATA_DIR / "GWN.xml").exists(), reason="GeoWebNews eval data absent")
def test_gold_toponym_resolution_floor() -> None:
    articles = load_gwn(DATA_DIR)
    outcomes = resolve_gold(articles)
    scores = score_outcomes(outcomes)
    assert scores.n_id > 2000
    assert scores.exact_accuracy >= EXACT_FLOOR
    assert scores.acc161 >= ACC161_FLOOR
    held_out = {a.id for a in split_articles(articles, "even")}
    known = in_gazetteer_ids(outcomes)
    subset = score_outcomes([o for o in outcomes if o.article in held_out and o.gold.geonames_id in known])
    assert subset.n_id > 1000
    assert subset.exact_accuracy >= HELD_OUT_IN_GAZETTEER_EXACT_FLOOR
    assert subset.acc161 >= HELD_OUT_IN_GAZETTEER_ACC161_FLOOR


# End to end on the held-out half (spaCy + entities + geocode on the texts), issue 12: detection precision
# 91.9 %, recall 58.6 %; acc@161 km of the detected gold toponyms 82.0 %.  Floors one point lower.
E2E_PRECISION_FLOOR = 0.909
E2E_RECALL_FLOOR = 0.576
E2E_ACC161_FLOOR = 0.810


@pytest.mark.eval
@pytest.mark.skipif(not (DATA_DIR / "GWN.xml").exists(), reason="GeoWebNews eval data absent")
def test_end_to_end_floor_on_the_held_out_half() -> None:
    matched, detection = evaluate_end_to_end(split_articles(load_gwn(DATA_DIR), "even"))
    assert detection["precision"] >= E2E_PRECISION_FLOOR
    assert detection["recall"] >= E2E_RECALL_FLOOR
    assert matched.acc161 >= E2E_ACC161_FLOOR
