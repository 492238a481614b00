"""The spaCy boundary: conversion to plain objects, paragraph boundaries, long bodies parsed in pieces, and the
stored form of a token."""

from __future__ import annotations

import json
import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from newsfuse import nlp
from newsfuse.model import ParsedArticle, Token

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


# A token as stored analyses hold it (the store's ``analyses`` table, --parsed-cache files): one JSON object.
STORED_TOKEN = ('{"i":2,"text":"ferry","lemma":"ferry","pos":"NOUN","tag":"NN","dep":"nsubj","head":3,"idx":17,'
                '"ws":true,"ent_iob":"O","ent_type":"","like_num":false}')


def _one_token_article(token_json: str) -> str:
    return ('{"article":"k","sentences":[{"index":0,"text":"ferry","start":17,"end":22,"tokens":[' + token_json
            + ']}],"mentions":[]}')


def test_a_stored_token_loads_and_is_written_back_unchanged() -> None:
    article = ParsedArticle.model_validate_json(_one_token_article(STORED_TOKEN))
    (token,) = article.sentences[0].tokens
    assert isinstance(token, Token)
    assert (token.i, token.text, token.dep, token.head, token.idx, token.ws) == (2, "ferry", "nsubj", 3, 17, True)
    assert article.model_dump_json() == _one_token_article(STORED_TOKEN)
    assert ParsedArticle.model_validate(json.loads(article.model_dump_json())) == article
    assert pickle.loads(pickle.dumps(article)) == article


def test_a_token_with_a_missing_or_wrong_field_is_refused_by_name() -> None:
    with pytest.raises(ValidationError, match=r"tokens\.0\.idx"):
        ParsedArticle.model_validate_json(_one_token_article(STORED_TOKEN.replace('"idx":17', '"idx":"late"')))
    with pytest.raises(ValidationError, match=r"tokens\.0\.ferry_class"):
        ParsedArticle.model_validate_json(_one_token_article(STORED_TOKEN.replace('"ws"', '"ferry_class"')))
    with pytest.raises(ValidationError, match=r"tokens\.0\.lemma"):
        ParsedArticle.model_validate_json(_one_token_article(STORED_TOKEN.replace('"lemma":"ferry",', "")))


def test_token_defaults_copy_and_dump() -> None:
    token = Token(i=0, text="Docks", lemma="dock", pos="NOUN", tag="NNS", dep="ROOT", head=0, idx=5)
    assert (token.ws, token.ent_iob, token.ent_type, token.like_num) == (True, "O", "", False)
    moved = token.model_copy(update={"idx": 9, "ws": False})
    assert (moved.idx, moved.ws, moved.text, token.idx) == (9, False, "Docks", 5)
    assert token.model_dump() == json.loads(json.dumps(token._asdict()))
    assert list(token.model_dump()) == list(json.loads(STORED_TOKEN))


# spaCy's own objects, read one attribute at a time: what the column-wise conversion must agree with
def _by_spacy_objects(doc: Any) -> list[list[tuple[object, ...]]]:
    out = []
    for sent in nlp._sentence_spans(doc.text, [s.start for s in doc.sents], [t.idx for t in doc],
                                    [t.text for t in doc]):
        first, end = sent[0], sent[1]
        out.append([(t.i - first, t.text, t.lemma_ or t.text.lower(), t.pos_, t.tag_, t.dep_, t.head.i - first,
                     t.idx, bool(t.whitespace_), t.ent_iob_ or "O", t.ent_type_, t.like_num)
                    for t in doc[first:end]])
    return out


@pytest.mark.slow
def test_column_conversion_agrees_with_spacys_tokens() -> None:
    body = ('  The harbour master, Ilse Varnholt, counted 14 trawlers at 6 a.m.\n\n'
            '"None of them left," she said. "Not one."\n'
            ')\n'
            'Port fees rose 3.5 per cent in Brenmouth last spring.\n')
    doc = nlp.load()(body)
    sentences, mentions = nlp._compact(doc, body)
    assert [[tuple(row) for row in rows] for *_, rows in sentences] == _by_spacy_objects(doc)
    assert all(body[start:end] == text for _, text, start, end, _ in sentences)
    assert all(body[start:end] == text for _, text, start, end, _, _ in mentions)
