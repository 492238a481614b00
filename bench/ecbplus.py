"""ECB+ as gold for sentence alignment: same-event cross-document sentence pairs and twin-event hard negatives.

Reads the CROMER/CAT XML of ``../shared/eval-data/ecbplus-{train,test}`` (format in their READMEs).  A
sentence belongs to an event chain when one of the chain's ``ACT``/``NEG`` mentions is anchored in it; only
sentences listed in ``ECBplus_coreference_sentences.csv`` (fully annotated) are used.

* positive: two sentences of different documents of the same sub-topic (``ecb`` or ``ecbplus`` half) that
  share an event chain;
* negative: two sentences of opposite halves of one topic, each with an event mention, sharing no chain.

Each document becomes an :class:`~newsfuse.model.Article` whose body has one gold sentence per line (the
parser never joins lines), so the project's own stages run on it unchanged.  Parses are cached as JSON lines.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from newsfuse.model import Article, ParsedArticle, ParsedSentence

#: ../shared/eval-data next to the checkout; NEWSFUSE_EVAL_DATA overrides it
EVAL_DATA = Path(os.environ.get("NEWSFUSE_EVAL_DATA") or Path(__file__).resolve().parents[1] / ".." / "shared" / "eval-data")
#: (article, sentence position) -> gold sentence number, filled by :func:`gold_sentences`
GOLD_NUMBER: dict[tuple[str, int], int] = {}
#: the development topics of the usual split (Barhom et al. 2019): held apart from fitting
DEV_TOPICS = frozenset({2, 5, 12, 18, 21, 23, 34, 35})


@dataclass
class Document:
    topic: int
    half: str  # "ecb" or "ecbplus"
    name: str  # e.g. "36_1ecb"
    sentences: dict[int, str]
    chains: dict[int, set[str]]  # sentence number -> event chain ids


def _detokenise(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = re.sub(r" ([.,;:!?%)\]}'])", r"\1", text)
    text = re.sub(r"([(\[{$]) ", r"\1", text)
    text = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    return text.replace("`` ", '"').replace(" ''", '"')


def read_document(path: Path, listed: set[int]) -> Document:
    root = ET.parse(path).getroot()
    words: dict[int, list[str]] = defaultdict(list)
    sentence_of: dict[str, int] = {}
    for tok in root.iter("token"):
        n = int(tok.get("sentence", "0"))
        words[n].append(tok.text or "")
        sentence_of[tok.get("t_id", "")] = n
    mention_sentences: dict[str, set[int]] = {}
    markables = root.find("Markables")
    for m in markables if markables is not None else []:
        if not (m.tag.startswith("ACTION") or m.tag.startswith("NEG_ACTION")):
            continue
        anchors = {sentence_of[a.get("t_id", "")] for a in m.iter("token_anchor") if a.get("t_id") in sentence_of}
        mention_sentences[m.get("m_id", "")] = anchors
    chains: dict[int, set[str]] = defaultdict(set)
    relations = root.find("Relations")
    for rel in relations if relations is not None else []:
        if rel.tag != "CROSS_DOC_COREF":
            continue
        note = rel.get("note", "")
        if not note.startswith(("ACT", "NEG")):
            continue
        for src in rel.iter("source"):
            for n in mention_sentences.get(src.get("m_id", ""), ()):
                if n in listed:
                    chains[n].add(note)
    name = path.stem
    topic = int(name.split("_")[0])
    half = "ecbplus" if name.endswith("ecbplus") else "ecb"
    first = 1 if half == "ecbplus" else 0  # sentence 0 of an ecbplus file is its URL
    sentences = {n: _detokenise(w) for n, w in sorted(words.items()) if n >= first}
    return Document(topic, half, name, sentences, dict(chains))


def load_split(split: str) -> list[Document]:
    base = EVAL_DATA / f"ecbplus-{split}"
    listed: dict[str, set[int]] = defaultdict(set)
    with (base / "ECBplus_coreference_sentences.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            listed[f"{row['Topic']}_{row['File']}"].add(int(row["Sentence Number"]))
    docs = []
    for path in sorted((base / "ECB+").glob("*/*.xml")):
        docs.append(read_document(path, listed.get(path.stem, set())))
    return docs


@dataclass(frozen=True)
class Pair:
    a: tuple[str, int]
    b: tuple[str, int]
    same: bool
    topic: int


def gold_pairs(docs: list[Document]) -> list[Pair]:
    by_topic: dict[int, list[Document]] = defaultdict(list)
    for d in docs:
        by_topic[d.topic].append(d)
    pairs: list[Pair] = []
    for topic, members in sorted(by_topic.items()):
        items = [(d, n, chains) for d in members for n, chains in sorted(d.chains.items()) if chains]
        for x in range(len(items)):
            da, na, ca = items[x]
            for y in range(x + 1, len(items)):
                db, nb, cb = items[y]
                if da.name == db.name:
                    continue
                if da.half == db.half:
                    if ca & cb:
                        pairs.append(Pair((da.name, na), (db.name, nb), True, topic))
                elif not ca & cb:
                    pairs.append(Pair((da.name, na), (db.name, nb), False, topic))
    return pairs


def as_article(doc: Document) -> tuple[Article, dict[int, tuple[int, int]]]:
    """The document as an article, one sentence a line, and each gold sentence's character span."""
    spans: dict[int, tuple[int, int]] = {}
    parts: list[str] = []
    at = 0
    for n, text in doc.sentences.items():
        spans[n] = (at, at + len(text))
        parts.append(text)
        at += len(text) + 1
    return Article(id=doc.name, path=doc.name, outlet=doc.name, body="\n".join(parts)), spans


def gold_sentences(parsed: ParsedArticle, spans: dict[int, tuple[int, int]]) -> ParsedArticle:
    """The parse re-cut at the gold sentences (a gold sentence the parser split becomes one again).

    Sentence indices are positions, as the stages expect; ``GOLD_NUMBER[(article, index)]`` gives the gold
    sentence number back.
    """
    out: list[ParsedSentence] = []
    position: dict[int, int] = {}
    for n, (start, end) in spans.items():
        pieces = [s for s in parsed.sentences if start <= s.start < end]
        if not pieces:
            continue
        position[n] = len(out)
        GOLD_NUMBER[(parsed.article, len(out))] = n
        tokens = []
        for piece in pieces:
            base = len(tokens)
            for t in piece.tokens:
                tokens.append(t.model_copy(update={"i": base + t.i, "head": base + t.head}))
        text = " ".join(p.text for p in pieces)
        out.append(ParsedSentence(index=position[n], text=text, start=start, end=end, tokens=tokens))
    mentions = []
    for m in parsed.mentions:
        owner = next((n for n, (s, e) in spans.items() if s <= m.start < e), None)
        if owner is not None and owner in position:
            mentions.append(m.model_copy(update={"sentence": position[owner]}))
    return ParsedArticle(article=parsed.article, sentences=out, mentions=mentions)


def parsed_documents(split: str, cache: Path) -> tuple[list[Document], list[Article], list[ParsedArticle]]:
    """Documents of a split, as articles, parsed by the project's pipeline (cached in ``cache``)."""
    from newsfuse import nlp

    docs = load_split(split)
    articles, spans = [], {}
    for d in docs:
        article, spans[d.name] = as_article(d)
        articles.append(article)
    if cache.exists():
        raw = [ParsedArticle.model_validate(json.loads(line)) for line in cache.read_text().splitlines()]
    else:
        raw = nlp.parse_articles(articles, n_process=1)
        cache.write_text("".join(p.model_dump_json() + "\n" for p in raw))
    parsed = [gold_sentences(p, spans[p.article]) for p in raw]
    return docs, articles, parsed


@dataclass
class PairTable:
    """Gold pairs of a split with the new aligner's features and today's lexical aligner's score."""

    pairs: list[Pair]
    features: np.ndarray  # rows in FEATURES order
    lexical_score: np.ndarray  # today's pair score (-1 where it refuses the pair)
    lexical_linked: np.ndarray  # today's aligner links the pair (score >= its LINK_THRESHOLD)
    decisions: list[str]  # the new three-outcome decision
    #: the sentence facts and, per pair, their indices and encoder cosine (to decide again under another model)
    facts: list[Any] = field(default_factory=list)
    ij: list[tuple[int, int]] = field(default_factory=list)
    cosines: list[float] = field(default_factory=list)


def pair_table(split: str, cache_dir: Path = Path("/tmp")) -> PairTable:

    from newsfuse import encoder
    from newsfuse.stages.claims import align as lexical
    from newsfuse.stages.claims import pairs as same_fact
    from newsfuse.stages.entities import canonicalise
    from newsfuse.stages.figures import extract_quantities
    from newsfuse.stages.quotes import extract_quotes

    docs, articles, parsed = parsed_documents(split, cache_dir / f"newsfuse-ecbplus-{split}.jsonl")
    entities = canonicalise(parsed)
    quotes = extract_quotes(parsed, entities)
    quantities = extract_quantities(parsed, quotes)
    facts = lexical.sentence_facts(articles, parsed, entities, quantities, quotes, claim_worthy_only=False)
    index = {(f.article, GOLD_NUMBER[(f.article, f.sentence)]): n for n, f in enumerate(facts)}
    # named by the encoder: vectors of another model (or quantization) are never read back
    model = hashlib.sha256(encoder.MODEL_KEY.encode()).hexdigest()[:8]
    vector_cache = cache_dir / f"newsfuse-ecbplus-{split}-vectors-{model}.npy"
    if vector_cache.exists():
        vectors = np.load(vector_cache)
    else:
        vectors = encoder.encode([f.text for f in facts])
        np.save(vector_cache, vectors)
    scorer = lexical.PairScorer(facts, str.casefold)
    kept, rows, old, linked, decisions, ij, cosines = [], [], [], [], [], [], []
    for p in gold_pairs(docs):
        i, j = index.get(p.a), index.get(p.b)
        if i is None or j is None:
            continue
        cosine = float(vectors[i] @ vectors[j])
        features, _ = same_fact.pair_features(facts[i], facts[j], cosine, str.casefold)
        rows.append([features[k] for k in same_fact.FEATURES])
        score = scorer.pair_score(i, j)
        old.append(score if np.isfinite(score) else -1.0)
        linked.append(bool(np.isfinite(score) and score >= lexical.LINK_THRESHOLD))
        kept.append(p)
        ij.append((i, j))
        cosines.append(cosine)
        if (same_fact.MODEL_PATH).exists():
            decisions.append(same_fact.decide(facts[i], facts[j], cosine, str.casefold).outcome)
    return PairTable(kept, np.array(rows), np.array(old), np.array(linked), decisions, list(facts), ij, cosines)
