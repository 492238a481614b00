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
from math import fsum
from statistics import fmean

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from ...model import Article, Claim, Entity, ParsedArticle, SummarySentence
from ..collector import collector_paused
from .candidates import Candidate, Corpus, build_candidates
from .conflicts import conflict_candidates

#: MMR trade-off between relevance and novelty
MMR_LAMBDA = 0.7
#: cosine above which two sentences say the same thing; the later one is never taken
DUPLICATE_COSINE = 0.55
#: bonus per salient entity a sentence adds to the summary's coverage
NEW_ENTITY_BONUS = 0.05
#: penalty per sentence already taken from the same article: a multi-source summary draws on several
SAME_ARTICLE_PENALTY = 0.03


def tfidf_similarity(texts: Sequence[str]) -> np.ndarray:
    """Pairwise cosine similarity of TF-IDF vectors (English stop words removed); for a few texts only (n x n)."""
    if not texts:
        return np.zeros((0, 0))
    matrix = _tfidf_rows(texts)
    if matrix is None:
        return np.eye(len(texts))
    sim = (matrix @ matrix.T).toarray()
    return np.asarray(sim, dtype=float)


def _tfidf_rows(texts: Sequence[str]) -> sparse.csr_matrix | None:
    """L2-normalised TF-IDF rows (English stop words removed); ``None`` when every text is stop words only."""
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, token_pattern=r"(?u)\b\w[\w'-]*\b")
    try:
        return sparse.csr_matrix(vectorizer.fit_transform(texts))
    except ValueError:  # nothing to compare, nothing alike
        return None


class _SimilarityRows:
    """Cosine similarity of chosen candidates to all candidates: one row per chosen one (k x n, never n x n)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._matrix = _tfidf_rows(texts)
        self._size = len(texts)
        self._rows: dict[int, np.ndarray] = {}

    def row(self, i: int) -> np.ndarray:
        if i not in self._rows:
            if self._matrix is None:
                self._rows[i] = (np.arange(self._size) == i).astype(float)
            else:
                self._rows[i] = np.asarray((self._matrix @ self._matrix[i].T).toarray(), dtype=float).ravel()
        return self._rows[i]


def select_mmr(candidates: Sequence[Candidate], length: int, corpus: Corpus) -> list[Candidate]:
    """Pick ``length`` candidates by maximal marginal relevance.

    The redundancy of a candidate is its highest similarity to a chosen one, kept as a running maximum: each
    round computes one similarity row (the newly chosen candidate against all), so memory and time grow with
    the number of candidates times the summary length, not with its square.
    """
    if not candidates:
        return []
    sim = _SimilarityRows([c.text for c in candidates])
    relevance = np.array([c.relevance for c in candidates], dtype=float)
    redundancy = np.zeros(len(candidates))
    repeats = np.zeros(len(candidates))
    article_of = np.array([c.article for c in candidates], dtype=object)
    open_ = np.ones(len(candidates), dtype=bool)
    chosen: list[int] = []
    covered: set[str] = set()
    claims_said: set[str] = set()
    # the weight of each candidate's not yet covered entities; when a pick covers entities, only the candidates
    # naming one of them are summed again.  ``fsum`` is exact, so a sum does not depend on the order a set of
    # names happens to iterate in (string hashing differs between runs) and a partial update equals a full pass.
    holders: dict[str, list[int]] = {}
    for i, c in enumerate(candidates):
        for e in c.entities:
            holders.setdefault(e, []).append(i)
    new = np.array([fsum(corpus.entity_weight.get(e, 0.0) for e in c.entities) for c in candidates])
    while open_.any() and len(chosen) < length:
        # the same expression, term by term, as a per-candidate gain, so ties break the same way
        gains = (MMR_LAMBDA * relevance - (1 - MMR_LAMBDA) * redundancy
                 + NEW_ENTITY_BONUS * new - SAME_ARTICLE_PENALTY * repeats)
        gains[~open_] = -np.inf
        best = int(np.argmax(gains))  # the first of equal gains: the best-ranked candidate
        open_[best] = False
        if any(sim.row(j)[best] >= DUPLICATE_COSINE for j in chosen):
            continue
        if chosen and claims_said & set(candidates[best].claims):
            continue  # one claim is said once
        chosen.append(best)
        newly = candidates[best].entities - covered
        covered |= newly
        for i in sorted({i for e in newly for i in holders[e]}):
            new[i] = fsum(corpus.entity_weight.get(e, 0.0) for e in candidates[i].entities - covered)
        claims_said |= set(candidates[best].claims)
        redundancy = np.maximum(redundancy, sim.row(best))
        repeats += article_of == candidates[best].article
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


@collector_paused()
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
