"""Optional abstractive summary through any OpenAI-compatible chat endpoint (Ollama, vLLM, llama.cpp ...).

The model sees numbered source sentences -- the best extractive candidates,
each claim's aligned sentences included -- and must end every sentence it
writes with the numbers of the sentences it rests on ("... [3][7]").  newsfuse
then checks every sentence against what it cites (figures, named things and
date words must appear there, see :mod:`.summary_support`); a sentence that
fails, or cites nothing, or cites a number it was not given, is dropped and
returned with the reason so the CLI can print it.

Nothing here is required: without ``--llm`` the extractive summary is used,
and an unreachable endpoint is a clear :class:`LLMError`, not an empty summary.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ...model import Article, Citation, Claim, Entity, ParsedArticle, SummarySentence
from ...options import DEFAULT_LLM_TIMEOUT
from .rank import rank
from .support import EntityIndex, check_citations

#: how many numbered source sentences the prompt carries (keeps the prompt within small context windows)
MAX_SOURCES = 40

_SYSTEM_PROMPT = (
    "You write short, neutral news briefings from numbered source sentences. Use only facts stated in the "
    "sources. End every sentence with the numbers of the source sentences it is based on, in square brackets, "
    "like [3][7]. Every name, number and date you write must appear in the sentences you cite. Where sources "
    "give different figures, say so and cite both. Write one sentence per line, with no title, no list markers "
    "and no other text."
)
# trailing citations, before or after the final full stop: "... [3][7]." or "... . [3] [7]"
_TRAILING_CITATIONS = re.compile(r"((?:\s*\[\s*\d+(?:\s*,\s*\d+)*\s*\])+)\s*([.!]?)\s*$")
_NUMBER = re.compile(r"\d+")
_LIST_MARKER = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+")


class LLMError(RuntimeError):
    """The language-model endpoint could not be reached or answered something unusable."""


def chat_url(url: str) -> str:
    """``http://host:11434`` or ``http://host:11434/v1`` -> ``.../v1/chat/completions``."""
    base = url.rstrip("/")
    if base.endswith("/chat/completions"):
        return base
    if not base.endswith("/v1"):
        base += "/v1"
    return base + "/chat/completions"


def build_prompt(sources: Sequence[tuple[str, str]], length: int) -> str:
    """The user message: the numbered sources (``(outlet, text)``) and the request."""
    lines = [f"[{n}] ({outlet}) {text}" for n, (outlet, text) in enumerate(sources, start=1)]
    return (
        "Sources:\n" + "\n".join(lines) + "\n\n"
        f"Write a briefing of at most {length} sentences on the main developments, most corroborated facts "
        "first. End each sentence with its citations, e.g. [1][4]."
    )


def parse_reply(reply: str) -> list[tuple[str, list[int]]]:
    """Split the model's reply into ``(sentence, cited numbers)``; a sentence without citations gets ``[]``."""
    out: list[tuple[str, list[int]]] = []
    for raw in reply.splitlines():
        line = _LIST_MARKER.sub("", raw).strip()
        if not line:
            continue
        m = _TRAILING_CITATIONS.search(line)
        if m is None:
            out.append((line, []))
            continue
        numbers = [int(n) for n in _NUMBER.findall(m.group(1))]
        text = (line[: m.start()].rstrip() + m.group(2)).strip()
        if text and text[-1] not in ".!":
            text += "."
        out.append((text, list(dict.fromkeys(numbers))))
    return out


def _post(url: str, payload: dict[str, Any], timeout: float, transport: Any | None) -> str:
    try:
        import httpx
    except ImportError as exc:  # httpx ships with the "web" extra
        raise LLMError("the --llm mode needs httpx: pip install 'newsfuse[web]'") from exc
    endpoint = chat_url(url)
    try:
        with httpx.Client(timeout=timeout, transport=transport) as client:
            response = client.post(endpoint, json=payload)
    except httpx.TimeoutException as exc:
        raise LLMError(f"language model at {endpoint} did not answer within {timeout:g} s") from exc
    except httpx.HTTPError as exc:
        raise LLMError(f"could not reach the language model at {endpoint}: {exc}") from exc
    if response.status_code != 200:
        raise LLMError(f"language model at {endpoint} answered HTTP {response.status_code}: {response.text[:200]}")
    try:
        body = response.json()
        content = body["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise LLMError(f"language model at {endpoint} sent a reply that is not an OpenAI chat completion") from exc
    if not isinstance(content, str):
        raise LLMError(f"language model at {endpoint} sent a non-text message")
    return content


def summarise_with_llm(
    articles: Sequence[Article],
    parsed: Sequence[ParsedArticle],
    claims: Sequence[Claim],
    entities: Sequence[Entity],
    url: str,
    model: str,
    length: int = 6,
    *,
    timeout: float = DEFAULT_LLM_TIMEOUT,
    transport: Any | None = None,
) -> tuple[list[SummarySentence], list[str]]:
    """Abstractive summary: ``(kept sentences, rejected sentences with the reason)``.

    ``transport`` is an ``httpx`` transport for tests (``httpx.MockTransport``).
    Raises :class:`LLMError` when the endpoint is unreachable or its reply is unusable.
    """
    if length < 1:
        raise ValueError(f"summary length must be at least 1, got {length}")
    candidates, corpus = rank(articles, parsed, claims, entities)
    texts = {key: s.text for key, s in corpus.sentences.items()}
    numbered: list[Citation] = []
    for cand in candidates:
        for c in cand.citations:
            if c not in numbered and (c.article, c.sentence) in texts:
                numbered.append(c)
        if len(numbered) >= MAX_SOURCES:
            break
    numbered = numbered[:MAX_SOURCES]
    if not numbered:
        return [], []
    sources = [(corpus.outlet(c.article), texts[(c.article, c.sentence)]) for c in numbered]
    payload = {
        "model": model,
        "temperature": 0,
        "messages": [
            {"role": "system", "content": _SYSTEM_PROMPT},
            {"role": "user", "content": build_prompt(sources, length)},
        ],
    }
    reply = _post(url, payload, timeout, transport)

    index = EntityIndex.build(entities)
    kept: list[SummarySentence] = []
    rejected: list[str] = []
    for text, numbers in parse_reply(reply):
        if not numbers:
            rejected.append(f"{text} -- rejected: cites no source sentence")
            continue
        unknown = [n for n in numbers if not 1 <= n <= len(numbered)]
        if unknown:
            rejected.append(f"{text} -- rejected: cites [{']['.join(map(str, unknown))}], which it was not given")
            continue
        sentence = SummarySentence(text=text, citations=[numbered[n - 1] for n in numbers])
        problems = check_citations(sentence, texts, index, corpus.outlet)
        if problems:
            rejected.append(f"{text} -- rejected: {'; '.join(problems)}")
            continue
        if len(kept) < length:
            kept.append(sentence)
        else:
            rejected.append(f"{text} -- rejected: beyond the requested {length} sentences")
    return kept, rejected
