"""Fit the learned link of event fusion (``src/newsfuse/stages/events/same_event.json``) on ECB+ dev topics.

    .venv/bin/python bench/fit_event_fusion.py

Pairs: every two coded events of one ECB+ development topic (``ecbplus.DEV_TOPICS``, in ecbplus-train), from
different sentences, that fusion may join (same kind, compatible actors, places and dates: ``fuse._compatible``)
and that both match a gold event mention (see ``bench/eval_event_fusion.py``); the label is whether the two
mentions are in one gold cross-document chain.  A logistic regression over :data:`link.FEATURES`
(scikit-learn, balanced classes) gives the probability; the threshold is the one with the best pairwise F1
among those keeping precision at or above :data:`MIN_PRECISION` on these pairs (a fused event must not glue
two events together).  The test topics (ecbplus-test 36-40) are never read here: ``eval_event_fusion.py``
reports on them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import ecbplus
import eval_event_fusion as evaluation
from newsfuse.stages.events import fuse, link

#: the least pairwise precision the shipped threshold keeps on the fitting pairs
MIN_PRECISION = 0.7


def pair_rows(split: str, topics: set[int]) -> tuple[np.ndarray, np.ndarray]:
    gold = evaluation.gold_mentions(split, topics)
    chain = {(g.doc, g.sentence, g.mid): g.chain for g in gold}
    articles, parsed = evaluation.parsed_topics(split, topics)
    rows: list[list[float]] = []
    labels: list[bool] = []
    for topic in sorted(topics):
        idx = [n for n, a in enumerate(articles) if int(a.id.split("_")[0]) == topic]
        arts, docs = [articles[n] for n in idx], [parsed[n] for n in idx]
        t = evaluation.brief_topic(arts, docs)
        coded = t.events
        claim_ids = {(r.article, r.sentence): c.id for c in t.claims if len(c.sentences) > 1 for r in c.sentences}
        members, ctx = fuse.prepare(coded, claim_ids, t.places, t.entities, t.timeline, arts)
        matched = evaluation.match(coded, [g for g in gold if int(g.doc.split("_")[0]) == topic])
        kept = [m for m in members if m.event.id in matched]
        for i, a in enumerate(kept):
            for b in kept[i + 1:]:
                if (a.event.article, a.event.sentence) == (b.event.article, b.event.sentence):
                    continue
                if not fuse._compatible(a, b, ctx):
                    continue
                rows.append(fuse.pair_signals(a, b, ctx).vector())
                labels.append(chain[matched[a.event.id]] == chain[matched[b.event.id]])
    return np.array(rows), np.array(labels)


def choose_threshold(probability: np.ndarray, gold: np.ndarray) -> tuple[float, float, float, float]:
    best = (1.0, 0.0, 0.0, 0.0)
    for threshold in np.unique(np.round(probability, 3)):
        predicted = probability >= threshold
        tp = float(np.sum(predicted & gold))
        precision = tp / max(float(predicted.sum()), 1.0)
        recall = tp / max(float(gold.sum()), 1.0)
        f1 = 2 * precision * recall / max(precision + recall, 1e-12)
        if precision >= MIN_PRECISION and f1 > best[3]:
            best = (float(threshold), precision, recall, f1)
    return best


def main() -> int:
    x, y = pair_rows("train", set(ecbplus.DEV_TOPICS))
    print(f"{len(y)} compatible cross-sentence pairs on the dev topics, {int(y.sum())} of one gold event")
    model = LogisticRegression(class_weight="balanced", C=1.0, max_iter=1000).fit(x, y)
    probability = model.predict_proba(x)[:, 1]
    threshold, precision, recall, f1 = choose_threshold(probability, y)
    print(f"threshold {threshold:.3f}: pairwise P {precision:.3f} R {recall:.3f} F1 {f1:.3f} (fitting pairs)")
    document = {
        "about": "learned link of event fusion; regenerate with bench/fit_event_fusion.py",
        "fitted_on": "ECB+ development topics " + ", ".join(map(str, sorted(ecbplus.DEV_TOPICS))) + " (ecbplus-train)",
        "pairs": len(y),
        "positive_pairs": int(y.sum()),
        "coefficients": {name: round(float(w), 4) for name, w in zip(link.FEATURES, model.coef_[0], strict=True)},
        "intercept": round(float(model.intercept_[0]), 4),
        "threshold": round(threshold, 3),
        "fitting_pairs_precision_recall_f1": [round(precision, 3), round(recall, 3), round(f1, 3)],
    }
    link.MODEL_PATH.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {link.MODEL_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
