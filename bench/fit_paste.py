"""Fit the pasted-page models (``src/newsfuse/clean/paste_model.json``) on the dev Readability pages.

Usage: ``.venv/bin/python bench/fit_paste.py`` (a few minutes: the thresholds are chosen on the whole cleaner)

Only the dev split of ``bench/eval_paste.py`` is read (the held-apart sites never are).  Each non-empty line
of a page's paste is labelled *article* when at least half of its 4-token shingles occur in the publisher's
article text (``expected.txt``), or, for a line under four tokens, when it equals a paragraph of that text.

* Line model: a logistic regression (scikit-learn, standardised features, lines weighted by the square
  root of their length) over :mod:`newsfuse.clean.features`; a second-stage logistic regression adds the
  first stage's probabilities around each line, trained on out-of-fold first-stage probabilities (5 folds
  grouped by site) so that it does not trust them more than they deserve.
* Thresholds: the span threshold and the rescue threshold of :mod:`newsfuse.clean.article` are the pair
  with the best per-page shingle F1 of the whole cleaner on the English dev pages among those whose recall
  is at least ``MIN_RECALL`` (the best F1 + recall when none is).
* Headline scorer: a logistic regression over :mod:`newsfuse.clean.headline` features of the candidate
  lines near the article span, labelled by Readability's title; pages whose title is not a line of the
  paste are left out.  Its threshold is the one that gets the most pages right.

``--title-only`` refits the headline scorer alone (line models and thresholds kept) and first prints how many
findable dev headlines it gets right cross-validated by site (5 folds) with and without the features named by
``--new``, so that a new headline feature is kept or dropped on dev, never on the held-apart figure.

The result is written as plain JSON, so a change of the models shows in review.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import re
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, str(Path(__file__).resolve().parent))

import eval_paste
from newsfuse.clean import article, clean_pasted, headline
from newsfuse.clean.features import CONTEXT_NAMES, FEATURE_NAMES, context_features, line_features
from newsfuse.clean.headline import TITLE_FEATURES
from newsfuse.clean.page import rule_verdicts, title_inputs

OUT = eval_paste.REPO / "src" / "newsfuse" / "clean" / "paste_model.json"
MIN_RECALL = 0.96
SPAN_THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4)
RESCUE_THRESHOLDS = (0.5, 0.7)
#: Thresholds the headline scorer is first fitted under (before the grid has chosen them).
PROVISIONAL = (0.35, 0.7)
_TOKEN_RE = re.compile(r"\w+")


def label_lines(lines: list[str], expected: str) -> list[bool]:
    gold = eval_paste.shingles(expected)
    paragraphs = {" ".join(_TOKEN_RE.findall(p)) for p in expected.split("\n") if p.strip()}
    labels = []
    for line in lines:
        tokens = _TOKEN_RE.findall(line)
        if len(tokens) >= eval_paste.SHINGLE:
            own = eval_paste.shingles(line)
            labels.append(sum((own & gold).values()) >= 0.5 * sum(own.values()))
        else:
            labels.append(bool(tokens) and " ".join(tokens) in paragraphs)
    return labels


def _use(line: article.LineModel, context: article.LineModel, thresholds: tuple[float, float]) -> None:
    """Make the pipeline run these models (in this process only)."""
    span_at, rescue_at = thresholds
    chosen = tuple(dataclasses.replace(m, span_threshold=span_at, rescue_threshold=rescue_at) for m in (line, context))
    article.load_models = lambda: chosen  # type: ignore[assignment,misc]


def _use_title(model: article.LineModel, threshold: float) -> None:
    chosen = dataclasses.replace(model, span_threshold=threshold)
    article.load_title_model = lambda: chosen  # type: ignore[assignment,misc]


def choose_thresholds(
    pages: list[eval_paste.Page], line: article.LineModel, context: article.LineModel
) -> tuple[float, float]:
    """The thresholds with the best body F1 on the English dev pages whose recall is at least MIN_RECALL."""
    english = [p for p in pages if p.language == "en"]
    best: tuple[float, tuple[float, float]] | None = None
    fallback: tuple[float, tuple[float, float]] | None = None
    for span_at in SPAN_THRESHOLDS:
        for rescue_at in RESCUE_THRESHOLDS:
            chosen = (span_at, rescue_at)
            _use(line, context, chosen)
            score = eval_paste.body_score((clean_pasted(p.paste).body, p.expected) for p in english)
            print(f"  {chosen}: P {score.precision:.3f} R {score.recall:.3f} F1 {score.f1:.3f}")
            if score.recall >= MIN_RECALL and (best is None or score.f1 > best[0]):
                best = (score.f1, chosen)
            if fallback is None or score.f1 + score.recall > fallback[0]:
                fallback = (score.f1 + score.recall, chosen)
    assert fallback is not None
    return (best or fallback)[1]


def _fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, names: tuple[str, ...]) -> article.LineModel:
    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    model = LogisticRegression(C=1.0, max_iter=3000).fit((x - scaler.mean_) / scale, y, sample_weight=w)
    return article.LineModel(
        features=names,
        mean=tuple(float(v) for v in scaler.mean_),
        scale=tuple(float(v) for v in scale),
        coef=tuple(float(v) for v in model.coef_[0]),
        intercept=float(model.intercept_[0]),
        span_threshold=0.5,
    )


def _as_json(model: article.LineModel) -> dict[str, object]:
    return {
        "features": list(model.features),
        "mean": [round(v, 6) for v in model.mean],
        "scale": [round(v, 6) for v in model.scale],
        "coef": [round(v, 6) for v in model.coef],
        "intercept": round(model.intercept, 6),
    }


def _title_rows(pages: list[eval_paste.Page]) -> list[tuple[str, list[list[float]], list[bool]]]:
    """Per page with a findable headline: its site, candidate feature rows and which candidate is the title."""
    out = []
    for page in pages:
        lines, span, reasons, rule_title = title_inputs(page.paste)
        if span is None:
            continue
        indices = headline.candidates(lines, span)
        features = headline.title_features(lines, span, reasons, rule_title, indices)
        gold = page.meta.get("title")
        hits = [isinstance(gold, str) and eval_paste.title_right(lines[i], gold) for i in indices]
        if any(hits):
            out.append((page.site, features, hits))
    return out


def cross_validated_titles(pages: list[eval_paste.Page], without: tuple[str, ...] = ()) -> tuple[int, int]:
    """Pages whose best-scored candidate is the title, the scorer fitted without the page's site (5 folds by
    site); ``without`` names features held constant (to decide whether a feature earns its place)."""
    data = _title_rows(pages)
    drop = [TITLE_FEATURES.index(name) for name in without]

    def masked(rows: list[list[float]]) -> np.ndarray:
        x = np.array(rows, dtype=float)
        x[:, drop] = 0.0
        return x

    sites = np.array([site for site, _, _ in data])
    right = 0
    for train, test in GroupKFold(n_splits=5).split(np.zeros(len(data)), groups=sites):
        x = np.vstack([masked(data[k][1]) for k in train])
        y = np.concatenate([np.array(data[k][2]) for k in train])
        model = _fit(x, y, np.ones(len(y)), TITLE_FEATURES)
        for k in test:
            scored = [(model.probability(list(row)), n) for n, row in enumerate(masked(data[k][1]))]
            right += bool(data[k][2][max(scored)[1]])
    return right, len(data)


def fit_title(pages: list[eval_paste.Page]) -> tuple[article.LineModel, float]:
    """The headline scorer: candidates near the article span, labelled by the gold title (pages whose headline
    is not a line of its own teach nothing and are left out)."""
    per_page = [(features, hits) for _, features, hits in _title_rows(pages)]
    rows = [row for features, _ in per_page for row in features]
    labels = [hit for _, hits in per_page for hit in hits]
    x, y = np.array(rows), np.array(labels)
    model = _fit(x, y, np.ones(len(y)), TITLE_FEATURES)
    best_at, best_right = 0.5, -1
    for at in (0.05, 0.1, 0.2, 0.3, 0.4, 0.5):
        right = 0
        for features, hits in per_page:
            scored = [(model.probability(row), n) for n, row in enumerate(features)]
            p, n = max(scored)
            right += p >= at and hits[n]
        print(f"  title threshold {at:.2f}: {right}/{len(per_page)} pages with a findable headline")
        if right > best_right:
            best_at, best_right = at, right
    return model, best_at


def refit_title(pages: list[eval_paste.Page], new_features: tuple[str, ...]) -> int:
    """Refit the headline scorer only (line models and thresholds kept), after comparing it cross-validated
    by site with and without ``new_features``."""
    for label, without in (("without " + ", ".join(new_features), new_features), ("with them", ())):
        right, total = cross_validated_titles(pages, without)
        print(f"  title scorer {label}: {right}/{total} findable dev headlines (5 folds by site)")
    title, title_at = fit_title(pages)
    data = json.loads(OUT.read_text(encoding="utf-8"))
    data["title_threshold"] = title_at
    data["title"] = _as_json(title)
    OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote the headline scorer into {OUT.relative_to(eval_paste.REPO)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--title-only", action="store_true", help="refit the headline scorer only")
    parser.add_argument("--new", nargs="*", default=[], help="headline features to compare with and without")
    args = parser.parse_args(argv)
    pages = [p for p in eval_paste.load_pages() if not p.held_apart and p.paste.strip()]
    if args.title_only:
        return refit_title(pages, tuple(args.new))
    rows: list[list[float]] = []
    labels: list[bool] = []
    weights: list[float] = []
    verdicts = []
    groups_of_rows: list[str] = []
    for page in pages:
        lines, reasons, furniture, positional = rule_verdicts(page.paste)
        features = line_features(lines, furniture, positional)
        rows.extend(features)
        labels.extend(label_lines(lines, page.expected))
        weights.extend(math.sqrt(1 + len(_TOKEN_RE.findall(line))) for line in lines)
        verdicts.append((page, lines, reasons, features))
        groups_of_rows.extend([page.site] * len(lines))
    x, y, w = np.array(rows), np.array(labels), np.array(weights)
    groups = np.array(groups_of_rows)
    line = _fit(x, y, w, FEATURE_NAMES)
    # Stacking: the second stage learns from first-stage probabilities the first stage did not see the
    # answer for (out-of-fold by site), so that it does not trust them more than they deserve.
    out_of_fold = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=5).split(x, y, groups):
        fold = _fit(x[train], y[train], w[train], FEATURE_NAMES)
        out_of_fold[test] = [fold.probability(row) for row in x[test]]
    context_rows: list[list[float]] = []
    offset = 0
    for _, lines, _, features in verdicts:
        context_rows.extend(context_features(features, list(out_of_fold[offset : offset + len(lines)])))
        offset += len(lines)
    context = _fit(np.array(context_rows), y, w, FEATURE_NAMES + CONTEXT_NAMES)
    print(f"dev pages {len(pages)}, lines {len(y)}, article lines {int(y.sum())}")
    # The headline scorer needs an article span and the span thresholds are chosen on the whole pipeline,
    # headline included: fit the scorer on a provisional span, choose the thresholds, then refit it.
    _use(line, context, PROVISIONAL)
    _use_title(*fit_title(pages))
    span_at, rescue_at = choose_thresholds(pages, line, context)
    print(f"chosen: span threshold {span_at}, rescue threshold {rescue_at}")
    _use(line, context, (span_at, rescue_at))
    title, title_at = fit_title(pages)
    data = {
        "about": "Line models of newsfuse.clean.article, written by bench/fit_paste.py; do not edit by hand.",
        "fitted_on": {"pages": len(pages), "lines": len(y), "split": "dev (bench/eval_paste.py)"},
        "span_threshold": span_at,
        "rescue_threshold": rescue_at,
        "line": _as_json(line),
        "context": _as_json(context),
        "title_threshold": title_at,
        "title": _as_json(title),
    }
    OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(eval_paste.REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
