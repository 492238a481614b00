"""Coreference metrics on worked examples from the literature, and the MEANTIME floor."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import coref_metrics
import eval_entities

# Pradhan et al. (2014), "Scoring Coreference Partitions of Predicted Mentions", section 3 example.
KEY = [{"a", "b", "c"}, {"d", "e", "f", "g"}]
RESPONSE = [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]


def test_muc_on_the_reference_implementation_example() -> None:
    score = coref_metrics.muc(KEY, RESPONSE)
    assert score.recall == pytest.approx(2 / 5)
    assert score.precision == pytest.approx(2 / 5)


def test_b_cubed_on_the_reference_implementation_example() -> None:
    score = coref_metrics.b_cubed(KEY, RESPONSE)
    assert score.recall == pytest.approx(1 / 7 * (4 / 3 + 1 / 3 + 1 / 4 + 4 / 4))  # 0.42
    assert score.precision == pytest.approx(1 / 8 * (4 / 2 + 1 / 2 + 1 / 2 + 4 / 4))  # 0.50


def test_ceaf_e_on_the_reference_implementation_example() -> None:
    score = coref_metrics.ceaf_e(KEY, RESPONSE)
    # Best alignment: {a,b,c}-{a,b} (phi4 = 4/5) and {d,e,f,g}-{f,g,h,i} (phi4 = 4/8).
    assert score.recall == pytest.approx(1.3 / 2)
    assert score.precision == pytest.approx(1.3 / 3)


def test_muc_vilain_example() -> None:
    # Vilain et al. (1995): key {A,B,C,D}, response {A,B} {C,D}: one link missing.
    score = coref_metrics.muc([{"A", "B", "C", "D"}], [{"A", "B"}, {"C", "D"}])
    assert (score.recall, score.precision) == (pytest.approx(2 / 3), pytest.approx(1.0))


def test_perfect_response_scores_one_and_conll_averages_three_metrics() -> None:
    scores = coref_metrics.score_all(KEY, KEY)
    assert scores.conll_f1 == pytest.approx(1.0)
    mixed = coref_metrics.score_all(KEY, RESPONSE)
    expected = (mixed.muc.f1 + mixed.b_cubed.f1 + mixed.ceaf_e.f1) / 3
    assert mixed.conll_f1 == pytest.approx(expected)
    assert mixed.conll_f1 < 1


def test_b_cubed_all_singletons_has_full_precision() -> None:
    score = coref_metrics.b_cubed(KEY, [{m} for cluster in KEY for m in cluster])
    assert score.precision == pytest.approx(1.0)
    assert score.recall == pytest.approx((3 * (1 / 3) + 4 * (1 / 4)) / 7)


def test_a_mention_in_two_clusters_is_an_error() -> None:
    with pytest.raises(ValueError, match="two clusters"):
        coref_metrics.muc([{"a", "b"}, {"b"}], [{"a"}])


DATA = eval_entities.DATA_DIR
needs_data = pytest.mark.skipif(
    not (DATA / "entities_mentions.json").exists(), reason=f"MEANTIME eval data absent at {DATA}"
)

# Measured on gold mentions (instance-id chains): all 52.51, names 76.67; each floor is one point below.
CONLL_FLOOR_ALL = 0.515
CONLL_FLOOR_NAMES = 0.756
# Measured on predicted (newsfuse.nlp) mentions: all gold 26.67, names 37.63; floors one point below.
CONLL_FLOOR_PREDICTED_ALL = 0.256
CONLL_FLOOR_PREDICTED_NAMES = 0.366


@pytest.mark.eval
@needs_data
def test_meantime_gold_mention_floor() -> None:
    documents = eval_entities.read_conll(DATA / "meantime.conll")
    gold = eval_entities.read_gold(DATA / "entities_mentions.json")
    from newsfuse.stages.entities.canonical import canonicalise

    all_mentions = eval_entities.evaluate_gold_mentions(gold, documents, canonicalise)
    names = eval_entities.evaluate_gold_mentions(gold, documents, canonicalise, names_only=True)
    assert all_mentions["newsfuse"].conll_f1 >= CONLL_FLOOR_ALL
    assert names["newsfuse"].conll_f1 >= CONLL_FLOOR_NAMES
    # On names, the canonicaliser must beat joining equal strings.
    assert names["newsfuse"].conll_f1 > names["same-string"].conll_f1


@pytest.mark.eval
@pytest.mark.slow
@needs_data
def test_meantime_predicted_mention_floor() -> None:
    documents = eval_entities.read_conll(DATA / "meantime.conll")
    gold = eval_entities.read_gold(DATA / "entities_mentions.json")
    from newsfuse.stages.entities.canonical import canonicalise

    predicted = eval_entities.parse_documents(documents)
    all_gold = eval_entities.evaluate_predicted_mentions(predicted, gold, documents, canonicalise)
    names = eval_entities.evaluate_predicted_mentions(
        predicted, gold, documents, canonicalise, names_only=True
    )
    assert all_gold["newsfuse"].conll_f1 >= CONLL_FLOOR_PREDICTED_ALL
    assert names["newsfuse"].conll_f1 >= CONLL_FLOOR_PREDICTED_NAMES
    assert names["newsfuse"].conll_f1 > names["same-string"].conll_f1
