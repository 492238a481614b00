"""The spaCy boundary: conversion to plain objects, paragraph boundaries, and long bodies parsed in pieces."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfuse import nlp

BODY = (
    "Ukrainian forces recaptured the town of Velmora on Friday, the general staff said.\n"
    "A headline-like line without a full stop\n"
    "Officials in Kyiv said 40 civilians had been evacuated from villages near the river.\n"
    "The mayor, Ada Renquist, said the bridge would reopen next week.\n"
)


@given(st.text(alphabet=st.sampled_from("ab \n."), max_size=400), st.integers(min_value=5, max_value=60))
def test_chunks_cover_the_text_exactly(text: str, limit: int) -> None:
    pieces = nlp._chunks(text, limit)
    assert "".join(piece for _, piece in pieces) == text
    for offset, piece in pieces:
        assert text[offset : offset + len(piece)] == piece
        assert len(piece) <= limit


@pytest.mark.slow
def test_sentences_tokens_and_mentions_point_into_the_body() -> None:
    (doc,) = nlp.parse_texts([("a", BODY)])
    assert [s.text for s in doc.sentences][1] == "A headline-like line without a full stop"
    for sentence in doc.sentences:
        assert BODY[sentence.start : sentence.end] == sentence.text
        for token in sentence.tokens:
            assert BODY[token.idx : token.idx + len(token.text)] == token.text
    for mention in doc.mentions:
        assert BODY[mention.start : mention.end] == mention.text
    assert any(m.text == "Ada Renquist" and m.type == "person" for m in doc.mentions)


@pytest.mark.slow
def test_a_body_parsed_in_pieces_matches_the_whole() -> None:
    long_body = BODY * 6
    (whole,) = nlp.parse_texts([("a", long_body)])
    (pieces,) = nlp.parse_texts([("a", long_body)], chunk_chars=300)
    assert [(s.index, s.text, s.start) for s in pieces.sentences] == [
        (s.index, s.text, s.start) for s in whole.sentences
    ]
    assert [(m.text, m.start, m.sentence) for m in pieces.mentions] == [
        (m.text, m.start, m.sentence) for m in whole.mentions
    ]


@pytest.mark.slow
def test_items_come_back_in_order_with_their_ids() -> None:
    items = [(f"id{n}", BODY if n % 2 else "Short text about Kyiv.") for n in range(5)]
    assert [p.article for p in nlp.parse_texts(items, chunk_chars=120)] == [i for i, _ in items]


@pytest.mark.slow
def test_a_closing_quote_left_alone_by_the_parser_joins_its_sentence() -> None:
    body = ('"We have never seen water this high," said Ada Renquist, the mayor. "The whole lower town is under '
            'water."\nEmergency services said two people had died.\n')
    (doc,) = nlp.parse_texts([("q", body)])
    texts = [s.text for s in doc.sentences]
    assert '"The whole lower town is under water."' in texts
    assert not any(t.strip('"\u201d ') == "" for t in texts)
    for sentence in doc.sentences:
        assert body[sentence.start : sentence.end] == sentence.text


@pytest.mark.slow
def test_worker_processes_give_the_same_parse_as_one_process() -> None:
    # more texts than one worker task holds, and a long one cut in pieces, so that both workers, the task
    # boundaries and the sentence renumbering across pieces are all exercised
    items = [(f"w{n}", BODY.replace("Velmora", f"Velmora {n}")) for n in range(nlp._TEXTS_PER_TASK + 5)]
    items.insert(7, ("long", BODY * 5))
    serial = list(nlp.parse_texts(items, n_process=1, chunk_chars=400))
    parallel = list(nlp.parse_texts(items, n_process=2, chunk_chars=400))
    assert parallel == serial
    assert [p.article for p in parallel] == [i for i, _ in items]
    long = parallel[7]
    assert [s.index for s in long.sentences] == list(range(len(long.sentences)))
    assert all(long.sentences[m.sentence].start <= m.start < long.sentences[m.sentence].end for m in long.mentions)
