"""Quotation-mark matching on paragraph text (pure string code, no spaCy)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsfuse.model import ParsedSentence, Token
from newsfuse.stages.quotes.spans import (
    Paragraph,
    find_quote_spans,
    paragraphs,
    rebuild_body,
    span_text,
)

STYLES = [("\u201c", "\u201d"), ('"', '"'), ("\u00ab", "\u00bb"), ("\u2018", "\u2019")]


def paras_of(text: str) -> list[Paragraph]:
    out, start = [], 0
    for n, line in enumerate(text.split("\n")):
        out.append(Paragraph(n, start, start + len(line), (n,)))
        start += len(line) + 1
    return out


def spans_in(text: str) -> list[str]:
    return [span_text(text, s) for s in find_quote_spans(text, paras_of(text))]


def test_basic_shapes():
    assert spans_in('"We will hold," he said.') == ["We will hold"]
    assert spans_in("He said: \u201cNo.\u201d Then \u00abmaybe later\u00bb.") == ["No.", "maybe later"]
    assert spans_in("The city\u2019s mayor met the workers\u2019 union.") == []
    assert spans_in("They called it the \u2018peace plan\u2019 on Monday.") == ["peace plan"]


def test_unclosed_quote_continues_into_a_paragraph_opening_with_a_mark():
    text = "\u201cFirst part.\n\u201cSecond part.\n\u201cThird part,\u201d she said."
    spans = find_quote_spans(text, paras_of(text))
    assert len(spans) == 1
    assert span_text(text, spans[0]) == "First part. Second part. Third part"
    assert spans[0].paragraphs == (0, 1, 2)


def test_unclosed_quote_ends_with_its_paragraph_when_the_next_does_not_reopen():
    text = '"An unclosed quotation here.\nOfficials said nothing.'
    spans = find_quote_spans(text, paras_of(text))
    assert [span_text(text, s) for s in spans] == ["An unclosed quotation here."]
    assert spans[0].paragraphs == (0,)


words = st.text(alphabet="abcdefghij", min_size=1, max_size=6)
phrase = st.lists(words, min_size=1, max_size=5).map(" ".join)


@given(
    st.lists(st.tuples(phrase, st.one_of(st.none(), st.tuples(st.sampled_from(STYLES), phrase))), max_size=6),
    st.integers(min_value=1, max_value=3),
)
def test_recovers_every_constructed_quotation(parts: list[tuple[str, tuple[tuple[str, str], str] | None]], lines: int):
    expected: list[str] = []
    chunks: list[str] = []
    for plain, quoted in parts:
        chunks.append(plain)
        if quoted is not None:
            (opening, closing), inner = quoted
            chunks.append(f"{opening}{inner}{closing}")
            expected.append(inner)
    # Spread the chunks over paragraphs at chunk boundaries (a quotation never crosses here).
    per_line = max(1, len(chunks) // lines)
    body = "\n".join(" ".join(chunks[i : i + per_line]) for i in range(0, len(chunks), per_line))
    assert spans_in(body) == expected


@given(st.text(alphabet=st.sampled_from(list("ab .,\n\"\u201c\u201d\u00ab\u00bb\u2018\u2019'")), max_size=80))
def test_any_text_gives_ordered_in_bounds_spans(text: str):
    paras = paras_of(text)
    spans = find_quote_spans(text, paras)
    last = -1
    for span in spans:
        assert span.open_at > last
        last = span.close_at
        assert span.open_at < span.start <= span.end <= span.close_at + 1
        for a, b in span.pieces:
            assert 0 <= a <= b <= len(text)
            assert "\n" not in text[a:b]
        assert span_text(text, span) == span_text(text, span).strip()


def _sentence(index: int, text: str, start: int, newline: bool) -> ParsedSentence:
    tokens, pos = [], start
    for i, word in enumerate(text.split(" ")):
        tokens.append(Token(i=i, text=word, lemma=word, pos="X", tag="X", dep="dep", head=0, idx=pos))
        pos += len(word) + 1
    if newline:
        tokens.append(Token(i=len(tokens), text="\n", lemma="\n", pos="SPACE", tag="_SP", dep="dep", head=0,
                            idx=start + len(text)))
    return ParsedSentence(index=index, text=text, start=start, end=start + len(text), tokens=tokens)


@given(st.lists(st.lists(st.lists(words, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=3),
                min_size=1, max_size=4))
def test_rebuild_body_round_trips_paragraphs(lines: list[list[str]]):
    body = "\n".join(" ".join(sents) for sents in lines)
    sentences, start = [], 0
    for n_line, sents in enumerate(lines):
        for n_sent, text in enumerate(sents):
            last_in_line = n_sent == len(sents) - 1 and n_line < len(lines) - 1
            sentences.append(_sentence(len(sentences), text, start, last_in_line))
            start += len(text) + 1
    assert rebuild_body(sentences) == body
    paras = paragraphs(sentences)
    assert [body[p.start : p.end] for p in paras] == body.split("\n")
