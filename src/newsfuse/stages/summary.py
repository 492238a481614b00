"""Stage: extractive multi-document summary in which every sentence cites its sources.

Reads ``Article``, ``ParsedArticle``, ``Briefing.claims`` and ``Briefing.entities``; writes ``Briefing.summary``.

1. Candidates (:mod:`.summary_candidates`): one stand-alone sentence per claim,
   citing the claim's sentences in the other outlets, scored for corroboration,
   entity salience, recency and lead position.
2. Conflicts (:mod:`.summary_conflicts`): a claim whose figures another outlet
   contradicts is replaced by one "Outlets differ on ..." sentence citing both.
3. Selection by maximal marginal relevance over TF-IDF vectors, with a small
   bonus for entities not yet covered and a hard cut for near-duplicates.
4. Order: the best-supported sentence leads (it is what the story is about);
   the rest follow by publication date and then position in the article, the
   order in which a reader would have learned them.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import fmean

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from ..model import Article, Claim, Entity, ParsedArticle, SummarySentence
from .summary_candidates import Candidate, Corpus, build_candidates
from .summary_conflicts import conflict_candidates

#: MMR trade-off between relevance and novelty
MMR_LAMBDA = 0.7
#: cosine above which two sentences say the same thing; the later one is never taken
DUPLICATE_COSINE = 0.55
#: bonus per salient entity a sentence adds to the summary's coverage
NEW_ENTITY_BONUS = 0.05
#: penalty per sentence already taken from the same article: a multi-source summary draws on several
SAME_ARTICLE_PENALTY = 0.03


def tfidf_similarity(texts: Sequence[str]) -> np.ndarray:
    """Pairwise cosine similarity of TF-IDF vectors (English stop words removed)."""
    if not texts:
        return np.zeros((0, 0))
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, token_pattern=r"(?u)\b\w[\w'-]*\b")
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # every text is stop words only: nothing to compare, nothing alike
        return np.eye(len(texts))
    sim = (matrix @ matrix.T).toarray()
    return np.asarray(sim, dtype=float)


def _mmr_gain(candidates: Sequence[Candidate], i: int, chosen: list[int], covered: set[str], sim: np.ndarray,
              corpus: Corpus) -> float:
    redundancy = max((float(sim[i, j]) for j in chosen), default=0.0)
    new = sum(corpus.entity_weight.get(e, 0.0) for e in candidates[i].entities - covered)
    repeats = sum(candidates[j].article == candidates[i].article for j in chosen)
    return (MMR_LAMBDA * candidates[i].relevance - (1 - MMR_LAMBDA) * redundancy
            + NEW_ENTITY_BONUS * new - SAME_ARTICLE_PENALTY * repeats)


def select_mmr(candidates: Sequence[Candidate], length: int, corpus: Corpus) -> list[Candidate]:
    """Pick ``length`` candidates by maximal marginal relevance."""
    if not candidates:
        return []
    sim = tfidf_similarity([c.text for c in candidates])
    chosen: list[int] = []
    covered: set[str] = set()
    remaining = list(range(len(candidates)))
    while remaining and len(chosen) < length:
        gains = {i: _mmr_gain(candidates, i, chosen, covered, sim, corpus) for i in remaining}
        best = max(remaining, key=lambda i: (gains[i], -i))
        remaining.remove(best)
        if any(sim[best, j] >= DUPLICATE_COSINE for j in chosen):
            continue
        if chosen and set(candidates[best].claims) & {c for j in chosen for c in candidates[j].claims}:
            continue  # one claim is said once
        chosen.append(best)
        covered |= candidates[best].entities
    return [candidates[i] for i in chosen]


def reading_order(selected: Sequence[Candidate]) -> list[Candidate]:
    """Lead with the most relevant sentence, then by publication date and position in the article."""
    if not selected:
        return []
    lead = max(selected, key=lambda c: c.relevance)
    rest = sorted((c for c in selected if c is not lead), key=lambda c: (c.published or "", c.sentence, c.article))
    return [lead, *rest]


def rank(
    articles: Sequence[Article],
    parsed: Sequence[ParsedArticle],
    claims: Sequence[Claim],
    entities: Sequence[Entity],
) -> tuple[list[Candidate], Corpus]:
    """All candidates (conflict sentences in place of the claims they join), best first."""
    corpus = Corpus.build(articles, parsed, entities)
    candidates = build_candidates(articles, parsed, claims, corpus)
    relevance_of = {cid: c.relevance for c in candidates for cid in c.claims}
    typical = fmean(relevance_of.values()) if relevance_of else 0.0
    for claim in claims:
        relevance_of.setdefault(claim.id, typical)
    disputes = conflict_candidates(claims, corpus, relevance_of)
    disputed = {cid for d in disputes for cid in d.claims}
    merged = [c for c in candidates if not disputed & set(c.claims)] + disputes
    merged.sort(key=lambda c: (-c.relevance, c.published or "", c.sentence))
    return merged, corpus


def summarise(
    articles: Sequence[Article],
    parsed: Sequence[ParsedArticle],
    claims: Sequence[Claim],
    entities: Sequence[Entity],
    length: int = 6,
) -> list[SummarySentence]:
    if length < 1:
        raise ValueError(f"summary length must be at least 1, got {length}")
    candidates, corpus = rank(articles, parsed, claims, entities)
    selected = select_mmr(candidates, length, corpus)
    return [SummarySentence(text=c.text, citations=c.citations) for c in reading_order(selected)]
