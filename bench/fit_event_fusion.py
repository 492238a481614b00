"""Fit the learned link of event fusion (``src/newsfuse/stages/events/same_event.json``) on ECB+ dev topics.

    .venv/bin/python bench/fit_event_fusion.py

Pairs: every two coded events of one ECB+ development topic (``ecbplus.DEV_TOPICS``, in ecbplus-train), from
different sentences, that fusion may join (same kind, compatible actors, places and dates: ``fuse._compatible``)
and that both match a gold event mention (see ``bench/eval_event_fusion.py``); the label is whether the two
mentions are in one gold cross-document chain.  A logistic regression over :data:`link.FEATURES`
(scikit-learn, balanced classes) gives the probability.  The threshold is the clustering's: the dev topics
are clustered (average linkage, ``fuse.cluster_members``) at every threshold of :data:`THRESHOLDS`, and the
one with the best CoNLL F1 on the matched mentions is shipped (ties: the higher threshold).  The test topics
(ecbplus-test 36-40) are never read here: ``eval_event_fusion.py`` reports on them.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import ecbplus
import eval_event_fusion as evaluation
from newsfuse.stages.events import fuse, link

#: clustering thresholds tried on the dev topics
THRESHOLDS = [round(0.05 * n, 2) for n in range(1, 20)]


@dataclass
class Prepared:
    """One dev topic, briefed, ready to cluster: its events, their context, and gold mentions matched."""

    members: list[fuse._Member]
    ctx: fuse._Context
    matched: dict[str, evaluation.Mention]


def prepare_topics(split: str, topics: set[int]) -> tuple[list[Prepared], dict[evaluation.Mention, str]]:
    gold = evaluation.gold_mentions(split, topics)
    chain = {(g.doc, g.sentence, g.mid): g.chain for g in gold}
    articles, parsed = evaluation.parsed_topics(split, topics)
    out: list[Prepared] = []
    for topic in sorted(topics):
        idx = [n for n, a in enumerate(articles) if int(a.id.split("_")[0]) == topic]
        arts, docs = [articles[n] for n in idx], [parsed[n] for n in idx]
        t = evaluation.brief_topic(arts, docs)
        coded = t.events
        claim_ids = {(r.article, r.sentence): c.id for c in t.claims if len(c.sentences) > 1 for r in c.sentences}
        members, ctx = fuse.prepare(coded, claim_ids, t.places, t.entities, t.timeline, arts)
        matched = evaluation.match(coded, [g for g in gold if int(g.doc.split("_")[0]) == topic])
        out.append(Prepared(members, ctx, matched))
    return out, chain


def pair_rows(prepared: list[Prepared], chain: dict[evaluation.Mention, str]) -> tuple[np.ndarray, np.ndarray]:
    rows: list[list[float]] = []
    labels: list[bool] = []
    for topic in prepared:
        kept = [m for m in topic.members if m.event.id in topic.matched]
        for i, a in enumerate(kept):
            for b in kept[i + 1:]:
                if (a.event.article, a.event.sentence) == (b.event.article, b.event.sentence):
                    continue
                if not fuse._compatible(a, b, topic.ctx):
                    continue
                rows.append(fuse.pair_signals(a, b, topic.ctx).vector())
                labels.append(chain[topic.matched[a.event.id]] == chain[topic.matched[b.event.id]])
    return np.array(rows), np.array(labels)


def cluster_scores(prepared: list[Prepared], chain: dict[evaluation.Mention, str], model: link.SameEventModel,
                   threshold: float) -> evaluation.Row:
    response: list[list[evaluation.Mention]] = []
    matched: list[evaluation.Mention] = []
    for topic in prepared:
        ctx = replace(topic.ctx, model=model)
        for group in fuse.cluster_members(topic.members, ctx, threshold):
            cluster = [topic.matched[m.event.id] for m in group if m.event.id in topic.matched]
            if cluster:
                response.append(cluster)
        matched.extend(topic.matched.values())
    key: dict[str, list[evaluation.Mention]] = {}
    for mention in matched:
        key.setdefault(chain[mention], []).append(mention)
    return evaluation._row(f"threshold {threshold:.2f}", list(key.values()), response)


def main() -> int:
    prepared, chain = prepare_topics("train", set(ecbplus.DEV_TOPICS))
    x, y = pair_rows(prepared, chain)
    print(f"{len(y)} compatible cross-sentence pairs on the dev topics, {int(y.sum())} of one gold event")
    fitted = LogisticRegression(class_weight="balanced", C=1.0, max_iter=1000).fit(x, y)
    coefficients = {name: round(float(w), 4) for name, w in zip(link.FEATURES, fitted.coef_[0], strict=True)}
    model = link.SameEventModel(coefficients, round(float(fitted.intercept_[0]), 4), 0.5)
    best: evaluation.Row | None = None
    threshold = 0.5
    for candidate in THRESHOLDS:
        row = cluster_scores(prepared, chain, model, candidate)
        print(f"  {row.name}: pair P {row.pair_p:.3f} R {row.pair_r:.3f} F1 {row.pair_f1:.3f}  "
              f"B3 {row.b3_f1:.3f}  CoNLL {row.conll_f1:.3f}")
        if best is None or row.conll_f1 >= best.conll_f1:
            best, threshold = row, candidate
    assert best is not None
    print(f"chosen threshold {threshold:.2f} (dev CoNLL F1 {best.conll_f1:.3f})")
    document = {
        "about": "learned link of event fusion; regenerate with bench/fit_event_fusion.py",
        "fitted_on": "ECB+ development topics " + ", ".join(map(str, sorted(ecbplus.DEV_TOPICS))) + " (ecbplus-train)",
        "pairs": len(y),
        "positive_pairs": int(y.sum()),
        "coefficients": coefficients,
        "intercept": model.intercept,
        "threshold": threshold,
        "threshold_chosen_by": "best CoNLL F1 of average-linkage clustering on the dev topics",
        "dev_pair_precision_recall_f1_b3_conll": [round(v, 3) for v in (
            best.pair_p, best.pair_r, best.pair_f1, best.b3_f1, best.conll_f1)],
    }
    link.MODEL_PATH.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {link.MODEL_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
