"""Abstractive mode against a fake OpenAI-compatible endpoint (httpx.MockTransport) and a closed port."""

from __future__ import annotations

import json
import re
import socket

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfuse.model import Article, Claim, ParsedArticle, ParsedSentence, SentenceRef, Token
from newsfuse.stages.summary.llm import LLMError, chat_url, parse_reply, summarise_with_llm

SENTENCES = {
    "a": ("Harbour Times", [
        "Valdorian engineers reopened the Sava bridge to lorries carrying grain on Monday.",
        "The port authority said 14 ships were waiting to load wheat at the northern quay.",
    ]),
    "b": ("Valley Courier", [
        "The Sava bridge was reopened to grain lorries on Monday by Valdorian engineers.",
        "Farmers in the Lanovo valley said wheat prices had risen by a third since January.",
    ]),
}


def _parsed(aid: str, sentences: list[str]) -> ParsedArticle:
    out, pos = [], 0
    for i, text in enumerate(sentences):
        words = [(m.group(), m.start()) for m in re.finditer(r"\w+|[^\w\s]", text)]
        tokens = [Token(i=n, text=w, lemma=w.lower(), pos="X", tag="X", dep="ROOT" if n == 0 else "dep", head=0,
                        idx=pos + off) for n, (w, off) in enumerate(words)]
        out.append(ParsedSentence(index=i, text=text, start=pos, end=pos + len(text), tokens=tokens))
        pos += len(text) + 1
    return ParsedArticle(article=aid, sentences=out, mentions=[])


ARTICLES = [Article(id=aid, path=f"{aid}.txt", outlet=o, published="2031-03-01", body="\n".join(s))
            for aid, (o, s) in SENTENCES.items()]
PARSED = [_parsed(aid, s) for aid, (_, s) in SENTENCES.items()]
CLAIMS = [
    Claim(id="C1", text=SENTENCES["a"][1][0], articles=["a", "b"], support=2,
          sentences=[SentenceRef(article="a", sentence=0, text=SENTENCES["a"][1][0]),
                     SentenceRef(article="b", sentence=0, text=SENTENCES["b"][1][0])]),
    Claim(id="C2", text=SENTENCES["a"][1][1], articles=["a"], support=1, single_source=True,
          sentences=[SentenceRef(article="a", sentence=1, text=SENTENCES["a"][1][1])]),
    Claim(id="C3", text=SENTENCES["b"][1][1], articles=["b"], support=1, single_source=True,
          sentences=[SentenceRef(article="b", sentence=1, text=SENTENCES["b"][1][1])]),
]


def _number_of(prompt: str, fragment: str) -> int:
    m = re.search(r"^\[(\d+)\] \([^)]*\) [^\n]*" + re.escape(fragment), prompt, re.MULTILINE)
    assert m, f"{fragment!r} is not among the numbered sources"
    return int(m.group(1))


def fake_endpoint(write_reply, seen: list[dict] | None = None) -> httpx.MockTransport:
    """A chat-completions endpoint whose answer is ``write_reply(prompt)``."""

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/v1/chat/completions"
        body = json.loads(request.content)
        if seen is not None:
            seen.append(body)
        prompt = body["messages"][-1]["content"]
        return httpx.Response(200, json={"choices": [{"message": {"role": "assistant",
                                                                    "content": write_reply(prompt)}}]})

    return httpx.MockTransport(handler)


def _run(transport: httpx.MockTransport, length: int = 6):
    return summarise_with_llm(ARTICLES, PARSED, [*CLAIMS], [], "http://fake.local", "tiny-model", length,
                              transport=transport)


def test_supported_sentences_are_kept_with_their_citations():
    seen: list[dict] = []

    def reply(prompt: str) -> str:
        bridge_a = _number_of(prompt, "Valdorian engineers reopened the Sava bridge")
        bridge_b = _number_of(prompt, "The Sava bridge was reopened")
        ships = _number_of(prompt, "14 ships")
        return (f"Valdorian engineers reopened the Sava bridge to grain lorries on Monday [{bridge_a}][{bridge_b}].\n"
                f"- 14 ships were waiting to load wheat, the port authority said. [{ships}]")

    kept, rejected = _run(fake_endpoint(reply, seen))
    assert rejected == []
    assert [s.text for s in kept] == [
        "Valdorian engineers reopened the Sava bridge to grain lorries on Monday.",
        "14 ships were waiting to load wheat, the port authority said.",
    ]
    assert {(c.article, c.sentence) for c in kept[0].citations} == {("a", 0), ("b", 0)}
    assert [(c.article, c.sentence) for c in kept[1].citations] == [("a", 1)]
    assert seen[0]["model"] == "tiny-model"


def test_unsupported_sentences_are_dropped_and_reported():
    def reply(prompt: str) -> str:
        ships = _number_of(prompt, "14 ships")
        lanovo = _number_of(prompt, "Lanovo")
        return "\n".join([
            f"20 ships were waiting to load wheat at the northern quay [{ships}].",   # wrong figure
            f"Farmers in Korvat said wheat prices had risen [{lanovo}].",              # name not in source
            "The bridge reopened on Monday.",                                           # no citation
            "Wheat prices rose in the valley [99].",                                    # unknown source number
            f"Farmers in the Lanovo valley said wheat prices had risen by a third [{lanovo}].",
        ])

    kept, rejected = _run(fake_endpoint(reply))
    assert [s.text for s in kept] == ["Farmers in the Lanovo valley said wheat prices had risen by a third."]
    assert len(rejected) == 4
    assert "'20'" in rejected[0]
    assert "Korvat" in rejected[1]
    assert "cites no source" in rejected[2]
    assert "[99]" in rejected[3]


def test_length_limits_the_kept_sentences():
    def reply(prompt: str) -> str:
        ships = _number_of(prompt, "14 ships")
        return "\n".join(f"The port authority said 14 ships were waiting to load wheat [{ships}]." for _ in range(3))

    kept, rejected = _run(fake_endpoint(reply), length=2)
    assert len(kept) == 2 and len(rejected) == 1 and "beyond" in rejected[0]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_endpoint_down_is_a_clear_error():
    port = _closed_port()
    with pytest.raises(LLMError, match=rf"could not reach the language model at http://127.0.0.1:{port}/v1"):
        summarise_with_llm(ARTICLES, PARSED, CLAIMS, [], f"http://127.0.0.1:{port}", "m", 3, timeout=5)


def test_http_error_and_malformed_reply_are_clear_errors():
    failing = httpx.MockTransport(lambda request: httpx.Response(500, text="model not loaded"))
    with pytest.raises(LLMError, match="HTTP 500: model not loaded"):
        _run(failing)
    malformed = httpx.MockTransport(lambda request: httpx.Response(200, json={"error": "nope"}))
    with pytest.raises(LLMError, match="not an OpenAI chat completion"):
        _run(malformed)


def test_chat_url_accepts_base_or_v1_urls():
    assert chat_url("http://localhost:11434") == "http://localhost:11434/v1/chat/completions"
    assert chat_url("http://localhost:11434/v1/") == "http://localhost:11434/v1/chat/completions"
    assert chat_url("http://h/v1/chat/completions") == "http://h/v1/chat/completions"


def test_parse_reply_shapes():
    assert parse_reply("1. A bridge opened [2] [5].\n\n* Ships waited. [3][3]\nNo cites here.") == [
        ("A bridge opened.", [2, 5]),
        ("Ships waited.", [3]),
        ("No cites here.", []),
    ]
    assert parse_reply("Ships waited [1, 4].") == [("Ships waited.", [1, 4])]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_parse_reply_never_raises_and_keeps_non_empty_lines(reply):
    parsed = parse_reply(reply)
    assert len(parsed) <= len([line for line in reply.splitlines() if line.strip()])
    for text, numbers in parsed:
        assert all(n >= 0 for n in numbers)
        assert "[" not in text[-3:] or not numbers
