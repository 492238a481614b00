"""The helpers rewritten so a run-on sentence stays linear give what the plain scans they replaced gave."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from newsfuse.model import Mention, ParsedSentence, Token
from newsfuse.stages.entities.evidence import _span_tokens
from newsfuse.stages.events.figures import _whole_word_at
from newsfuse.stages.figures.quantities import _tokens_of

_PIECES = st.sampled_from(["12", "1", "2", ".", ",", " ", "a", "x12", "_", "12a", "-", "é", "3,12"])


@given(st.lists(_PIECES, max_size=20).map("".join), st.sampled_from(["12", "1", "2", "3,12", "a"]))
def test_whole_word_search_matches_the_pattern_it_replaced(sentence: str, figure: str) -> None:
    found = re.search(rf"(?<![\w.,]){re.escape(figure)}(?![\w])", sentence)
    assert _whole_word_at(figure, sentence) == (found.start() if found else -1)


def _sentence(words: list[str], base: int) -> ParsedSentence:
    tokens, at = [], base
    for i, word in enumerate(words):
        tokens.append(Token(i=i, text=word, lemma=word, pos="NOUN", tag="NN", dep="dep", head=0, idx=at))
        at += len(word) + 1
    return ParsedSentence(index=0, text=" ".join(words), start=base, end=at - 1, tokens=tokens)


@given(st.lists(st.sampled_from(["tide", "rose", "by", "9", "ft", "overnight"]), min_size=1, max_size=12),
       st.integers(0, 80), st.integers(0, 80), st.integers(0, 500))
def test_token_lookups_match_a_scan(words: list[str], a: int, b: int, base: int) -> None:
    sentence = _sentence(words, base)
    start, end = min(a, b), max(a, b)
    scanned = [t for t in sentence.tokens
               if t.idx - sentence.start < end and t.idx - sentence.start + len(t.text) > start]
    assert _tokens_of(sentence, start, end) == scanned
    mention = Mention(article="a", text="x", label="GPE", sentence=0, start=base + start, end=base + end)
    assert _span_tokens(sentence, mention) == [t for t in sentence.tokens if mention.start <= t.idx < mention.end]
