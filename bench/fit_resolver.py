"""Fit the resolver's choice among same-named places on GeoWebNews' development half (odd article ids).

Each gold toponym with a GeoNames id whose gold place is among its readings gives one row per reading
(label: is it the gold place), with the features of ``newsfuse.gazetteer.ranking`` computed in the
document's context exactly as the resolver's last pass does.  A logistic regression is fitted; its
regularisation is chosen by article-grouped cross-validation on the same half (top-1 accuracy of the
readings it ranks first).  The even half is never read here: ``bench/eval_geocoding.py`` reports on it.

Writes ``src/newsfuse/gazetteer/data/resolver_weights.json``.

Usage: ``python bench/fit_resolver.py [--data DIR] [--out FILE]``
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_geocoding import DATA_DIR, GoldArticle, load_gwn, split_articles

OUT = Path(__file__).resolve().parents[1] / "src" / "newsfuse" / "gazetteer" / "data" / "resolver_weights.json"
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)


def rows(articles: list[GoldArticle]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """Feature rows, labels, article groups and toponym ids of every reading of every usable gold toponym;
    also how many scored toponyms had no gold reading at all (no choice can fix those)."""
    from newsfuse.gazetteer import open_gazetteer
    from newsfuse.gazetteer.ranking import candidate_vectors
    from newsfuse.gazetteer.resolve import NameQuery, contextual_candidates

    gazetteer = open_gazetteer()
    xs: list[list[float]] = []
    ys: list[int] = []
    groups: list[int] = []
    toponyms: list[int] = []
    hand: list[float] = []
    unreachable = 0
    for art in articles:
        counts = Counter(t.text for t in art.toponyms)
        queries = [NameQuery(name=name, count=n) for name, n in counts.items()]
        per_query, points, _ctx = contextual_candidates(gazetteer, queries)
        by_name = {q.name: (cands, pts) for q, cands, pts in zip(queries, per_query, points, strict=True)}
        for top in art.toponyms:
            if top.geonames_id is None:
                continue
            cands, pts = by_name[top.text]
            labels = [int(c.entry.geonameid == top.geonames_id) for c in cands]
            if not any(labels):
                unreachable += 1
                continue
            toponym = len(set(toponyms))
            for cand, vector, label in zip(cands, candidate_vectors(cands, pts), labels, strict=True):
                hand.append(cand.score)
                xs.append(vector)
                ys.append(label)
                groups.append(int(art.id))
                toponyms.append(toponym)
    return np.array(xs), np.array(ys), np.array(groups), np.array(toponyms), np.array(hand), unreachable


def top1_accuracy(scores: np.ndarray, y: np.ndarray, toponyms: np.ndarray) -> float:
    """Share of toponyms whose best-scored reading is the gold one."""
    right = total = 0
    for t in np.unique(toponyms):
        idx = np.flatnonzero(toponyms == t)
        right += int(y[idx[np.argmax(scores[idx])]] == 1)
        total += 1
    return right / total if total else 0.0


def cross_validate(x: np.ndarray, y: np.ndarray, groups: np.ndarray, toponyms: np.ndarray, c: float) -> float:
    accuracies = []
    for train, test in GroupKFold(n_splits=5).split(x, y, groups):
        model = LogisticRegression(C=c, max_iter=5000).fit(x[train], y[train])
        accuracies.append(top1_accuracy(model.decision_function(x[test]), y[test], toponyms[test]))
    return float(np.mean(accuracies))


def main(argv: list[str] | None = None) -> int:
    from newsfuse.gazetteer.ranking import FEATURES

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if not (args.data / "GWN.xml").exists():
        print(f"GeoWebNews not found under {args.data}; nothing to fit")
        return 1
    development = split_articles(load_gwn(args.data), "odd")
    x, y, groups, toponyms, hand, unreachable = rows(development)
    n_toponyms = len(np.unique(toponyms))
    print(f"development half (odd ids): {len(development)} articles, {n_toponyms} toponyms with the gold place "
          f"among their readings ({len(y)} readings); {unreachable} with no gold reading")
    only_one = sum(int((toponyms == t).sum() == 1) for t in np.unique(toponyms))
    print(f"    {only_one} of them have a single reading (nothing to choose)")
    print(f"    hand-set priors and context bonuses (before this fit): top-1 accuracy {top1_accuracy(hand, y, toponyms):.1%}")
    cv = {c: cross_validate(x, y, groups, toponyms, c) for c in C_GRID}
    for c, acc in cv.items():
        print(f"    C={c:<5} article-grouped 5-fold top-1 accuracy {acc:.1%}")
    best_c = max(C_GRID, key=lambda c: (cv[c], -c))
    model = LogisticRegression(C=best_c, max_iter=5000).fit(x, y)
    fitted_acc = top1_accuracy(model.decision_function(x), y, toponyms)
    print(f"chosen C={best_c}; top-1 accuracy on the whole development half when fitted on it {fitted_acc:.1%}")
    payload = {
        "about": "Logistic regression ranking a name's gazetteer readings; fitted by bench/fit_resolver.py on "
                 "GeoWebNews' odd article ids (the even ids are held out). Inputs: newsfuse.gazetteer.ranking.",
        "features": list(FEATURES),
        "coefficients": {name: round(float(w), 5) for name, w in zip(FEATURES, model.coef_[0], strict=True)},
        "intercept": round(float(model.intercept_[0]), 5),
        "C": best_c,
        "development": {
            "articles": len(development), "toponyms": n_toponyms, "readings": len(y),
            "cross_validated_top1": round(cv[best_c], 4),
        },
    }
    args.out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    for name, w in payload["coefficients"].items():
        print(f"    {name:32s} {w:+.3f}")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
