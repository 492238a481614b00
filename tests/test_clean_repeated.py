"""drop_repeated_lines: furniture shared by articles of different outlets goes, shared sentences stay."""

from __future__ import annotations

from newsfuse.clean import drop_repeated_lines
from newsfuse.model import Article, DroppedLine, Sentence

QUOTE = "\u201cWe will hold the line at the river whatever it costs us,\u201d the commander told reporters on Sunday."


def _article(aid: str, outlet: str | None, lines: list[str]) -> Article:
    return Article(id=aid, path=f"{aid}.txt", outlet=outlet, body="\n".join(lines))


def test_shared_widget_line_dropped_shared_quote_kept() -> None:
    a = _article(
        "a1",
        "Fictional Daily",
        ["Troops crossed the river at dawn, officials said.", QUOTE, "Watch the video"],
    )
    b = _article(
        "b1", "Imaginary Herald", ["The crossing began before first light.", QUOTE, "Watch the video"]
    )
    drop_repeated_lines([a, b])
    for art in (a, b):
        assert "Watch the video" not in art.body
        assert QUOTE in art.body.splitlines()
        assert DroppedLine(text="Watch the video", reason="repeated across articles") in art.dropped
    assert a.id == "a1" and b.id == "b1"


def test_same_outlet_repetition_is_not_cross_outlet() -> None:
    a = _article("a1", "Fictional Daily", ["First report.", "Listen to our podcast"])
    b = _article("a2", "Fictional Daily", ["Second report.", "Listen to our podcast"])
    drop_repeated_lines([a, b])
    assert "Listen to our podcast" in a.body and a.dropped == []


def test_short_shared_sentence_with_furniture_shape_goes() -> None:
    footer = "Comments are moderated and may take time to appear."
    a = _article("a1", "Fictional Daily", ["The dam held overnight, engineers said.", footer])
    b = _article("b1", None, ["Engineers said the dam had held through the night.", footer])
    drop_repeated_lines([a, b])
    assert footer not in a.body and footer not in b.body


def test_stale_sentence_offsets_are_cleared_and_existing_drops_kept() -> None:
    earlier = DroppedLine(text="ShareSave", reason="share widget")
    a = _article("a1", "Fictional Daily", ["One sentence here.", "More on this story"])
    a.dropped = [earlier]
    a.sentences = [Sentence(index=0, text="One sentence here.", start=0, end=18)]
    b = _article("b1", "Imaginary Herald", ["Another sentence there.", "More on this story"])
    drop_repeated_lines([a, b])
    assert a.body == "One sentence here."
    assert a.dropped[0] == earlier and len(a.dropped) == 2
    assert a.sentences == []


def test_nothing_shared_changes_nothing() -> None:
    a = _article("a1", "Fictional Daily", ["Alpha line one.", "Beta"])
    b = _article("b1", "Imaginary Herald", ["Gamma line two.", "Delta"])
    drop_repeated_lines([a, b])
    assert a.body == "Alpha line one.\nBeta" and b.body == "Gamma line two.\nDelta"
