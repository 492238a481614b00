"""Hypothesis properties of clean_pasted: no crash, no invented text, nothing lost, clean text unchanged."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.clean import clean_pasted
from newsfuse.clean.shape import normalise_line

# Pieces of real page furniture mixed with arbitrary text, so the interesting branches run.
_FURNITURE = [
    "ShareSave",
    "By Anna Kovalenko in Kharkiv",
    "Published 21 November 2026",
    "4 min read",
    "Related",
    "Post a comment",
    "Advertisement",
    "Image caption, A fictional street",
    "Fictional Daily News",
    "Troops advance on the river crossingWhat we know so far",
]
_raw_line = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80),
    st.sampled_from(_FURNITURE),
)
_page = st.lists(_raw_line, max_size=25).map("\n".join)


@settings(max_examples=150, deadline=None)
@given(_page, st.one_of(st.none(), st.text(max_size=40)))
def test_never_raises_and_never_invents_text(raw: str, hint: str | None) -> None:
    cleaned = clean_pasted(raw, title_hint=hint)
    flat = normalise_line(raw)
    for line in cleaned.body.splitlines():
        assert line and line in flat


@settings(max_examples=150, deadline=None)
@given(_page)
def test_every_line_is_accounted_for(raw: str) -> None:
    cleaned = clean_pasted(raw)
    body = cleaned.body.splitlines()
    dropped = [d.text for d in cleaned.dropped]
    placed = body + dropped + ([cleaned.title] if cleaned.title else [])
    inputs = [line for line in (normalise_line(x) for x in raw.splitlines()) if line]
    # Same multiset: each input line is in exactly one place.
    assert sorted(placed) == sorted(inputs)
    assert all(d.reason for d in cleaned.dropped)


_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9)
_sentence = st.lists(_word, min_size=4, max_size=18).map(lambda ws: " ".join(ws).capitalize() + ".")
_paragraph = st.lists(_sentence, min_size=1, max_size=3).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(_paragraph, min_size=1, max_size=8, unique=True))
def test_clean_text_passes_unchanged(paragraphs: list[str]) -> None:
    text = "\n".join(paragraphs)
    cleaned = clean_pasted(text)
    assert cleaned.body == text
    assert cleaned.dropped == []
    assert cleaned.title is None
    # Cleaning the cleaned body again changes nothing.
    assert clean_pasted(cleaned.body).body == cleaned.body
