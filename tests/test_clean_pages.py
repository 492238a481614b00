"""Fictional pasted pages in tests/data/pasted/ against their expected output.

``heldout_*`` pages were written (and committed) before any cleaning rule and were not
used to tune the rules; ``dev_*`` pages were used while developing them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsfuse.clean import clean_pasted

DATA = Path(__file__).parent / "data" / "pasted"
PAGES = sorted(p.stem for p in DATA.glob("*.txt"))


def _load(name: str) -> tuple[str, dict[str, object]]:
    raw = (DATA / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((DATA / f"{name}.expected.json").read_text(encoding="utf-8"))
    return raw, expected


def test_fixture_set_is_complete() -> None:
    assert len(PAGES) >= 8
    assert sum(name.startswith("heldout_") for name in PAGES) >= 3
    for name in PAGES:
        assert (DATA / f"{name}.expected.json").exists(), name


@pytest.mark.parametrize("name", PAGES)
def test_metadata(name: str) -> None:
    raw, expected = _load(name)
    cleaned = clean_pasted(raw)
    assert cleaned.title == expected["title"]
    assert cleaned.outlet == expected["outlet"]
    assert cleaned.authors == expected["authors"]
    assert cleaned.published == expected["published"]


@pytest.mark.parametrize("name", PAGES)
def test_every_body_line_is_kept_in_order(name: str) -> None:
    raw, expected = _load(name)
    body = clean_pasted(raw).body.splitlines()
    keep = expected["keep"]
    assert isinstance(keep, list)
    missing = [line for line in keep if line not in body]
    assert not missing, f"body lines lost: {missing}"
    positions = [body.index(line) for line in keep]
    assert positions == sorted(positions)


@pytest.mark.parametrize("name", PAGES)
def test_furniture_is_dropped_with_its_reason(name: str) -> None:
    raw, expected = _load(name)
    cleaned = clean_pasted(raw)
    drops = expected["drop"]
    assert isinstance(drops, list)
    for fragment, reason in drops:
        assert fragment not in cleaned.body, f"{fragment!r} left in body"
        reasons = {d.reason for d in cleaned.dropped if fragment in d.text}
        assert reason in reasons, f"{fragment!r}: expected {reason!r}, got {reasons}"
    absent = expected.get("absent", [])
    assert isinstance(absent, list)
    for fragment in absent:
        assert fragment not in cleaned.body
    if expected.get("no_drops"):
        assert cleaned.dropped == []


def test_motivating_case_keeps_no_related_figure() -> None:
    raw, _ = _load("dev_counteroffensive")
    cleaned = clean_pasted(raw)
    assert "4,000" not in cleaned.body
    assert cleaned.body.count("\n") == 6  # six paragraphs and the picture's caption, one per line
    assert [d.reason for d in cleaned.dropped].count("repeated title") == 1


def test_title_hint_drops_the_title_lines() -> None:
    raw, _ = _load("heldout_regional_bridge")
    hint = "County Closes Harlan Street Bridge After Inspectors Find Corroded Beams"
    cleaned = clean_pasted(raw, title_hint=hint)
    assert cleaned.title == hint
    repeats = [d.text for d in cleaned.dropped if d.reason == "repeated title"]
    assert len(repeats) == 2
    assert "Harlan Street bridge after inspectors" not in cleaned.body.splitlines()[0]


def test_comment_words_in_a_body_sentence_do_not_cut_the_article() -> None:
    raw = (
        "Fictional council votes to close the old library\n"
        "The council voted on Tuesday to close the old library on Mill Street, ending a year of debate.\n"
        "12 comments were posted on the council's page before the vote, most of them against the plan.\n"
        "The building will be sold next spring, the council said in a statement on its website.\n"
        "Post a comment\n"
        "Great news, about time.\n"
    )
    cleaned = clean_pasted(raw)
    assert cleaned.body.splitlines() == raw.splitlines()[1:4]
    assert [d.reason for d in cleaned.dropped] == ["comment form", "comment form"]
