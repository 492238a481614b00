"""Fit the same-fact decision on ECB+ training topics and write ``stages/claims/same_fact.json``.

    .venv/bin/python bench/fit_alignment.py        # a few minutes: parses ECB+ topics 1-35 once (cached in /tmp)

Fits a logistic regression over the pair features of :mod:`newsfuse.stages.claims.pairs` on the ECB+
training topics *without* the development topics (2, 5, 12, 18, 21, 23, 34, 35), which are held apart for
``bench/eval_alignment.py`` together with the test topics 36-40 (never used here).

Thresholds.  ECB+ pairs are "same event" pairs, looser than "same fact": two sentences about one earthquake
need not state one fact, and its hard negatives are events of the same kind, so the fit cannot learn that
different predicates make different facts.  The operating points are therefore chosen for precision:

* ``link_threshold``: the lowest probability at which the fitting pairs reach LINK_PRECISION; a claim merges
  only pairs this sure (the F1-optimal point is written too, for the evaluation);
* ``conflict_threshold``: would the pair be one fact but for the differing slot?  CONFLICT_PRECISION, so
  only close versions of one fact become conflicts.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_curve

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import ecbplus
from newsfuse.stages.claims import pairs as same_fact

LINK_PRECISION = 0.8
CONFLICT_PRECISION = 0.9


def fit(x: np.ndarray, y: np.ndarray) -> dict[str, object]:
    model = LogisticRegression(C=1.0, max_iter=1000).fit(x, y)
    probability = model.predict_proba(x)[:, 1]
    precision, recall, cuts = precision_recall_curve(y, probability)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    best = int(np.argmax(f1[:-1]))
    link = next((n for n in range(len(cuts)) if precision[n] >= LINK_PRECISION), len(cuts) - 1)
    strict = next((n for n in range(len(cuts)) if precision[n] >= CONFLICT_PRECISION), len(cuts) - 1)
    return {
        "coefficients": {k: round(float(w), 4) for k, w in zip(same_fact.FEATURES, model.coef_[0], strict=True)},
        "intercept": round(float(model.intercept_[0]), 4),
        "link_threshold": round(float(cuts[link]), 4),
        "fit_precision_recall_at_link_threshold": [round(float(precision[link]), 4), round(float(recall[link]), 4)],
        "f1_optimal_threshold": round(float(cuts[best]), 4),
        "conflict_threshold": round(float(cuts[strict]), 4),
        "fit_f1_at_f1_optimal_threshold": round(float(f1[best]), 4),
    }


def main() -> None:
    table = ecbplus.pair_table("train")
    keep = np.array([p.topic not in ecbplus.DEV_TOPICS for p in table.pairs])
    x, y = table.features[keep], np.array([p.same for p in table.pairs])[keep]
    # pairs with a sentence the claims stage did not encode are decided without the cosine
    lexical = x.copy()
    lexical[:, same_fact.FEATURES.index("encoder_cosine")] = 0.0
    out = {
        "about": "same-fact logistic regression over sentence-pair features; written by bench/fit_alignment.py",
        "fitted_on": "ECB+ topics 1-35 minus development topics 2,5,12,18,21,23,34,35 "
        f"({int(y.sum())} same-event pairs, {int((~y).sum())} twin-event negatives)",
        "features": list(same_fact.FEATURES),
        **fit(x, y),
        "without_encoder": fit(lexical, y),
    }
    same_fact.MODEL_PATH.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
