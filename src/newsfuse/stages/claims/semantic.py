"""Align statements of one fact across outlets: encoder + lexical candidates, then the same-fact decision.

Candidates: each sentence meets every sentence of other articles one block of rows at a time (encoder
cosines as a dense block x n product, word and entity overlaps as sparse products; never an n x n matrix)
and keeps its :data:`MAX_PARTNERS` best partners by ``max(cosine, word overlap)`` plus small bonuses for a
shared entity or a shared figure.  Each candidate pair gets a :class:`~.pairs.Decision`; support links are
merged best-first with one sentence per article and a complete-linkage guard (every pair of a claim must be
at least a close pair without a clash), and conflict pairs are kept with the slot that differs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .align import incidence
from .facts import SentenceFacts
from .pairs import Decision, SameFactModel, decide, load_model

#: partners a sentence keeps as candidates
MAX_PARTNERS = 12
#: rows scored against all at once (each block makes several dense rows x n arrays: at 2,000 articles 256 rows cost over 1 GB)
BLOCK_ROWS = 64
#: candidates below this preliminary score are not worth a decision
CANDIDATE_FLOOR = 0.35
#: largest pair of clusters checked pair by pair before merging; larger merges are refused
MAX_GUARD_PAIRS = 4096


def _figure_keys(f: SentenceFacts) -> set[tuple[str | None, str]]:
    return {(q.normalized.unit, w) for q in f.quantities if q.measures for w in (q.measures or "").casefold().split()}


def candidate_pairs(
    facts: Sequence[SentenceFacts], vectors: np.ndarray, max_partners: int = MAX_PARTNERS,
    block_rows: int = BLOCK_ROWS,
) -> list[tuple[int, int]]:
    """Each sentence's best partners in other articles, as pairs (i < j) in ascending order."""
    n = len(facts)
    if n < 2:
        return []
    article_codes: dict[str, int] = {}
    article = np.array([article_codes.setdefault(f.article, len(article_codes)) for f in facts])
    terms = incidence([f.structure.terms for f in facts])
    terms_t = terms.T.tocsr()
    size = np.array([len(f.structure.terms) for f in facts], dtype=float)
    entities = incidence([f.entities for f in facts])
    entities_t = entities.T.tocsr()
    figures = incidence([_figure_keys(f) for f in facts])
    figures_t = figures.T.tocsr()
    keys: list[np.ndarray] = []
    for start in range(0, n, block_rows):
        stop = min(start + block_rows, n)
        cosine = vectors[start:stop] @ vectors.T
        overlap = (terms[start:stop] @ terms_t).toarray()
        total = size[start:stop, None] + size[None, :]
        dice = np.divide(2 * overlap, total, out=np.zeros_like(overlap), where=total > 0)
        score = np.maximum(cosine, dice)
        score += 0.1 * ((entities[start:stop] @ entities_t).toarray() > 0)
        score += 0.1 * ((figures[start:stop] @ figures_t).toarray() > 0)
        score[article[start:stop, None] == article[None, :]] = -np.inf
        limit = min(max_partners, n - 1)
        best = np.argpartition(-score, limit - 1, axis=1)[:, :limit]
        rows = np.repeat(np.arange(start, stop), limit)
        cols = best.ravel()
        good = score[rows - start, cols] >= CANDIDATE_FLOOR
        rows, cols = rows[good], cols[good]
        keys.append(np.minimum(rows, cols) * n + np.maximum(rows, cols))
    unique = np.unique(np.concatenate(keys)) if keys else np.zeros(0, dtype=np.int64)
    return list(zip((unique // n).tolist(), (unique % n).tolist(), strict=True))


@dataclass
class SemanticAlignment:
    clusters: list[list[int]]
    #: decisions of the candidate pairs (i < j)
    decisions: dict[tuple[int, int], Decision] = field(default_factory=dict)

    @property
    def scores(self) -> dict[tuple[int, int], float]:
        """Support links and their probabilities (the claim's most central member is chosen by them)."""
        return {p: d.probability for p, d in self.decisions.items() if d.outcome == "support"}

    @property
    def conflicts(self) -> list[tuple[int, int, Decision]]:
        return [(i, j, d) for (i, j), d in sorted(self.decisions.items()) if d.outcome == "conflict"]


def align(
    facts: Sequence[SentenceFacts], vectors: np.ndarray, lemma_of: Callable[[str], str] = str.casefold,
    model: SameFactModel | None = None, encoded: np.ndarray | None = None,
) -> SemanticAlignment:
    """``encoded`` marks the sentences with a vector (all by default); other rows of ``vectors`` are zero."""
    model = model or load_model()
    n = len(facts)
    has_vector = np.ones(n, dtype=bool) if encoded is None else encoded
    decisions: dict[tuple[int, int], Decision] = {}

    def decision(i: int, j: int) -> Decision:
        key = (min(i, j), max(i, j))
        hit = decisions.get(key)
        if hit is None:
            cosine = float(vectors[key[0]] @ vectors[key[1]]) if has_vector[key[0]] and has_vector[key[1]] else None
            hit = decisions[key] = decide(facts[key[0]], facts[key[1]], cosine, lemma_of, model)
        return hit

    for i, j in candidate_pairs(facts, vectors):
        decision(i, j)
    candidates = dict(decisions)
    clusters: dict[int, list[int]] = {i: [i] for i in range(n)}
    articles_in: dict[int, set[str]] = {i: {facts[i].article} for i in range(n)}
    member_of = list(range(n))
    refused: set[tuple[int, int]] = set()
    links = sorted(
        ((d.probability, pair) for pair, d in candidates.items() if d.outcome == "support"),
        key=lambda sp: (-sp[0], sp[1]),
    )
    for _, (i, j) in links:
        ci, cj = member_of[i], member_of[j]
        key = (min(ci, cj), max(ci, cj))
        if ci == cj or key in refused:
            continue
        a, b = clusters[ci], clusters[cj]
        if not articles_in[ci].isdisjoint(articles_in[cj]) or len(a) * len(b) > MAX_GUARD_PAIRS:
            refused.add(key)
            continue
        if not all(decision(x, y).may_share_a_claim(model) for x in a for y in b):
            refused.add(key)
            continue
        clusters[ci] = a + b
        articles_in[ci] |= articles_in.pop(cj)
        for y in b:
            member_of[y] = ci
        del clusters[cj]
    return SemanticAlignment(sorted((sorted(c) for c in clusters.values()), key=min), decisions)
