"""Pasted-page cleaning on the held-apart Readability pages (``bench/eval_paste.py``): floors under the figures.

Reads ``../shared/eval-data/readability-pages`` at run time (never copied).  Without it the evaluation test
skips on a developer's machine and fails in CI (``CI=true``), so that CI always measures the cleaner.
The floors sit a little under what the cleaner reached when they were pinned; see README, Quality figures.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from importlib import resources
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import eval_paste
from bench_modules import require_data
from newsfuse.clean import article
from newsfuse.clean.features import CONTEXT_NAMES, FEATURE_NAMES
from newsfuse.clean.headline import TITLE_FEATURES

# Held-apart English pages, per-page averaged 4-shingle scores; metadata accuracy.
FLOOR_F1 = 0.912
FLOOR_RECALL = 0.93
FLOOR_TITLE = 0.6
FLOOR_AUTHORS = 0.8
FLOOR_DATE = 0.3
FLOOR_OUTLET = 0.28


def _pages() -> list[eval_paste.Page]:
    require_data(eval_paste.PAGES, "eval data")
    return eval_paste.load_pages()


def test_the_split_keeps_each_site_on_one_side() -> None:
    names = ["wapo-1", "wapo-2", "lifehacker-working", "lifehacker-post-comment-load", "001"]
    assert eval_paste.site_of("wapo-1") == eval_paste.site_of("wapo-2") == "wapo"
    assert eval_paste.site_of(names[2]) == eval_paste.site_of(names[3])
    sides = {eval_paste.is_held_apart(eval_paste.site_of(n)) for n in names[:2]}
    assert len(sides) == 1


def test_the_metric_on_a_worked_example() -> None:
    gold = "one two three four five"
    # Prediction holds both gold shingles and two extra ones: precision 2/4, recall 2/2.
    score = eval_paste.body_score([("one two three four five six seven", gold)])
    assert score.precision == pytest.approx(0.5)
    assert score.recall == pytest.approx(1.0)
    assert eval_paste.title_right("Harbour lamp relit", "Harbour lamp relit | Cliffside Courier")
    assert eval_paste.gold_author_words("By Ilse Varrow, MA") == {"ilse", "varrow"}
    assert eval_paste.gold_author_words("Contributors to a project") is None
    assert eval_paste.gold_outlet("https://www.quaysidegazette.com") == "quaysidegazette"
    assert eval_paste.outlet_right("Cliffside Courier", eval_paste.gold_outlet("The Cliffside Courier") or "")
    assert not eval_paste.outlet_right("Harbour Desk", eval_paste.gold_outlet("Cliffside Courier") or "")


def test_the_ceilings_on_a_worked_example() -> None:
    page = eval_paste.Page(
        name="quay-1",
        site="quay",
        language="en",
        paste="Skip to content\nHarbour lamp relit\nPosted Mar. 9th, 2027 by Ilse Varrow\nThe lamp shone again.",
        expected="The lamp shone again on Thursday night.",
        meta={"title": "Harbour lamp relit | Cliffside Courier", "byline": "By Ilse Varrow",
              "publishedTime": "2027-03-09T08:00:00Z"},
        source=Path("quay-1.html"),
    )
    found = eval_paste.ceilings([page])
    # Gold shingles: "The lamp shone again", "lamp shone again on", ... (4); only the first is in the paste.
    assert found.recall == pytest.approx(1 / 4)
    assert found.title == (1, 1) and found.authors == (1, 1) and found.date == (1, 1)
    assert eval_paste.date_written("on 9.3.2027 at noon", "2027-03-09")
    assert eval_paste.date_written("Sunday, 9 March 2027", "2027-03-09")
    assert not eval_paste.date_written("19 March 2027, 2027-03-19", "2027-03-09")
    assert not eval_paste.date_written("Mar 9, 20270", "2027-03-09")
    missing = eval_paste.ceilings([dataclasses.replace(page, paste="The lamp shone again.")])
    assert missing.title == (0, 1) and missing.date == (0, 1) and missing.authors == (0, 1)
    assert missing.misses["date"] == ["quay-1 (2027-03-09)"]


def test_the_shipped_model_matches_the_features() -> None:
    data = json.loads(resources.files("newsfuse.clean").joinpath("paste_model.json").read_text(encoding="utf-8"))
    assert tuple(data["line"]["features"]) == FEATURE_NAMES
    assert tuple(data["context"]["features"]) == FEATURE_NAMES + CONTEXT_NAMES
    assert tuple(data["title"]["features"]) == TITLE_FEATURES
    _, context = article.load_models()
    assert 0 < context.span_threshold < 1
    assert article.load_title_model() is not None


@pytest.mark.eval
def test_held_apart_pages_floor() -> None:
    pages = [p for p in _pages() if p.held_apart and p.language == "en"]
    assert len(pages) >= 15
    figures = eval_paste.evaluate(pages, eval_paste.newsfuse_output, peer=False)
    eval_paste.print_figures("held apart, English", figures)
    assert figures.cleaned.f1 >= FLOOR_F1
    assert figures.cleaned.recall >= FLOOR_RECALL
    assert figures.cleaned.f1 > figures.raw.f1
    assert figures.title[0] / figures.title[1] >= FLOOR_TITLE
    assert figures.authors[0] / figures.authors[1] >= FLOOR_AUTHORS
    assert figures.date[0] / figures.date[1] >= FLOOR_DATE
    assert figures.outlet[0] / figures.outlet[1] >= FLOOR_OUTLET
