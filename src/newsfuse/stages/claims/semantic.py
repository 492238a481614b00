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
from threadpoolctl import threadpool_limits

from .align import incidence
from .batch import LISTED_SLOTS, Decisions, FactArrays, decide_many
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
#: up to this many undecided pairs, the per-pair definition costs less than setting up a batch
SMALL_BATCH = 6
_OUTCOME_CODE = {"different": 0, "support": 1, "conflict": 2}


def _figure_keys(f: SentenceFacts) -> set[tuple[str | None, str]]:
    return {(q.normalized.unit, w) for q in f.quantities if q.measures for w in (q.measures or "").casefold().split()}


def candidate_pairs(
    facts: Sequence[SentenceFacts], vectors: np.ndarray, max_partners: int = MAX_PARTNERS,
    block_rows: int = BLOCK_ROWS, encoded: np.ndarray | None = None,
) -> list[tuple[int, int]]:
    """Each sentence's best partners in other articles, as pairs (i < j) in ascending order.

    Only the encoder cosines are a dense block; the word, entity and figure overlaps are sparse and touch
    only the entries where they are not zero (a word overlap of zero cannot lift a score to the floor).
    """
    n = len(facts)
    if n < 2:
        return []
    article_codes: dict[str, int] = {}
    article = np.array([article_codes.setdefault(f.article, len(article_codes)) for f in facts])
    # a sentence's own article is a run of columns when the facts come article by article (they do)
    contiguous = bool(np.all(np.diff(article) >= 0))
    first = {a: int(k) for k, a in reversed(list(enumerate(article.tolist())))}
    last = {a: int(k) + 1 for k, a in enumerate(article.tolist())}
    terms = incidence([f.structure.terms for f in facts])
    terms_t = terms.T.tocsr()
    size = np.array([len(f.structure.terms) for f in facts], dtype=float)
    entities = incidence([f.entities for f in facts])
    entities_t = entities.T.tocsr()
    figures = incidence([_figure_keys(f) for f in facts])
    figures_t = figures.T.tocsr()
    limit = min(max_partners, n - 1)
    # a large corpus encodes only each article's lede: the cosines of the others are 0, so only the encoded
    # rows and columns are multiplied (a fifth of each side at 400 articles)
    with_vector = np.flatnonzero(np.ones(n, dtype=bool) if encoded is None else encoded)
    encoded_t = np.ascontiguousarray(vectors[with_vector].T)
    keys: list[np.ndarray] = []
    # each product is one block of rows against the encoded columns: too small for BLAS threads, which only
    # spin (about twice the CPU for no less time); one thread computes the same products
    with threadpool_limits(limits=1, user_api="blas"):
        for start in range(0, n, block_rows):
            stop = min(start + block_rows, n)
            if with_vector.size == n:
                score = (vectors[start:stop] @ encoded_t).astype(np.float64)
            else:
                score = np.zeros((stop - start, n))
                mine = with_vector[(with_vector >= start) & (with_vector < stop)]
                if mine.size:
                    score[np.ix_(mine - start, with_vector)] = vectors[mine] @ encoded_t
            # the sparse entries are written through the flat view (one index per entry, not two): same values
            flat = score.reshape(-1)
            shared = (terms[start:stop] @ terms_t).tocoo()
            at = shared.row.astype(np.int64) * n + shared.col
            dice = 2 * shared.data / (size[start + shared.row] + size[shared.col])
            flat[at] = np.maximum(flat[at], dice)
            for matrix, transposed in ((entities, entities_t), (figures, figures_t)):
                bonus = (matrix[start:stop] @ transposed).tocoo()
                flat[bonus.row.astype(np.int64) * n + bonus.col] += 0.1
            if contiguous:
                for a in set(article[start:stop].tolist()):
                    block = np.flatnonzero(article[start:stop] == a)
                    score[block[0] : block[-1] + 1, first[a] : last[a]] = -np.inf
            else:
                score[article[start:stop, None] == article[None, :]] = -np.inf
            # A row with at most `limit` scores over the floor keeps exactly those (they are its best, whatever
            # the order); only the rows with more need the partial sort, row by row as before.
            over = score >= CANDIDATE_FLOOR
            few = over.sum(axis=1) <= limit
            if few.any():
                few_rows, few_cols = np.nonzero(over & few[:, None])
            else:  # a large templated corpus: every row has more
                few_rows = few_cols = np.zeros(0, dtype=np.intp)
            many = np.flatnonzero(~few)
            if many.size:
                negative = np.negative(score) if many.size == score.shape[0] else -score[many]
                best = np.argpartition(negative, limit - 1, axis=1)[:, :limit]
                many_rows = np.repeat(many, limit)
                many_cols = best.ravel()
                good = flat[many_rows * n + many_cols] >= CANDIDATE_FLOOR
                many_rows, many_cols = many_rows[good], many_cols[good]
            else:
                many_rows = many_cols = np.zeros(0, dtype=np.int64)
            rows = start + np.concatenate([few_rows, many_rows])
            cols = np.concatenate([few_cols, many_cols])
            keys.append(np.minimum(rows, cols) * n + np.maximum(rows, cols))
    unique = np.unique(np.concatenate(keys)) if keys else np.zeros(0, dtype=np.int64)
    return list(zip((unique // n).tolist(), (unique % n).tolist(), strict=True))


@dataclass
class SemanticAlignment:
    clusters: list[list[int]]
    #: decisions of the candidate pairs and of the pairs the merge guard checked (i < j)
    decisions: Decisions = field(default_factory=lambda: Decisions(0))

    @property
    def scores(self) -> dict[tuple[int, int], float]:
        """Support links and their probabilities (the claim's most central member is chosen by them)."""
        return self.decisions.support()

    @property
    def conflicts(self) -> list[tuple[int, int, Decision]]:
        return self.decisions.conflicts()

    def listed_conflicts(self) -> list[tuple[int, int, Decision]]:
        """The conflicts where a year, the polarity or the predicate differs (figures are compared apart)."""
        return self.decisions.conflicts(listed_slots_only=True)


class _PairDecision:
    """:func:`.pairs.decide` for one pair, with the figures the table keeps for each sentence.

    Apart from :class:`_Decider` so that the decisions it writes conflicts for hold no reference back to
    the decider: without that cycle the whole alignment is freed as soon as it is dropped, not at the next
    full pass of the cyclic garbage collector."""

    def __init__(self, facts: Sequence[SentenceFacts], vectors: np.ndarray, has_vector: np.ndarray,
                 lemma_of: Callable[[str], str], model: SameFactModel, table: FactArrays) -> None:
        self.facts, self.vectors, self.has_vector = facts, vectors, has_vector
        self.lemma_of, self.model, self.table = lemma_of, model, table

    def cosine(self, a: int, b: int) -> float | None:
        return float(self.vectors[a] @ self.vectors[b]) if self.has_vector[a] and self.has_vector[b] else None

    def __call__(self, a: int, b: int) -> Decision:
        # a conflict names its slots and values: the per-pair definition writes them
        prepared = (self.table.figures(a), self.table.figures(b))
        return decide(self.facts[a], self.facts[b], self.cosine(a, b), self.lemma_of, self.model, prepared)


class _Decider:
    """Decides pairs in batches and remembers every decision."""

    def __init__(self, facts: Sequence[SentenceFacts], vectors: np.ndarray, has_vector: np.ndarray,
                 lemma_of: Callable[[str], str], model: SameFactModel) -> None:
        self.facts, self.vectors, self.has_vector = facts, vectors, has_vector
        self.lemma_of, self.model = lemma_of, model
        self.table = FactArrays(facts, lemma_of)
        self.n = len(facts)
        self._decide = _PairDecision(facts, vectors, has_vector, lemma_of, model, self.table)
        self.decisions = Decisions(self.n, self._decide)

    def evaluate(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, ...]:
        """Outcome codes, probabilities, clash flags and listed-slot flags of pairs (i < j), and which were not
        decided before (those are not stored: :meth:`store` does that)."""
        keys = i.astype(np.int64) * self.n + j
        found, outcome, probability, clash = self.decisions.lookup(keys)
        listed = np.zeros(keys.size, dtype=bool)
        new = np.flatnonzero(~found)
        if new.size > SMALL_BATCH:
            got = decide_many(self.table, i[new], j[new], self.vectors, self.has_vector, self.model)
            outcome[new], probability[new], clash[new], listed[new] = got
        for k in new.tolist() if new.size <= SMALL_BATCH else ():
            a, b = int(i[k]), int(j[k])
            d = self._decide(a, b)
            outcome[k], probability[k], clash[k] = _OUTCOME_CODE[d.outcome], d.probability, d.clash
            listed[k] = any(x.slot in LISTED_SLOTS for x in d.differences)
        return outcome, probability, clash, listed, ~found

    def store(self, i: np.ndarray, j: np.ndarray, outcome: np.ndarray, probability: np.ndarray,
              clash: np.ndarray, listed: np.ndarray) -> None:
        keys, first = np.unique(i.astype(np.int64) * self.n + j, return_index=True)
        for k in first[outcome[first] == 2].tolist():
            self.decisions.conflict_pairs[(int(i[k]), int(j[k]))] = bool(listed[k])
        self.decisions.add(keys, outcome[first], probability[first], clash[first])

    def may_share_a_claim(self, xs: Sequence[int], ys: Sequence[int]) -> bool:
        """Every pair across two clusters is a support link, or close and without a clash (the merge guard).

        Pairs are judged in the order the per-pair loop would meet them, and only those up to the first
        failure are remembered, as that loop would have."""
        x = np.repeat(np.asarray(xs, dtype=np.int64), len(ys))
        y = np.tile(np.asarray(ys, dtype=np.int64), len(xs))
        i, j = np.minimum(x, y), np.maximum(x, y)
        outcome, probability, clash, listed, new = self.evaluate(i, j)
        close = (outcome == 0) & ~clash & (probability >= self.model.guard_threshold)
        failed = np.flatnonzero(~((outcome == 1) | close))
        upto = int(failed[0]) + 1 if failed.size else i.size
        keep = np.flatnonzero(new[:upto])
        if keep.size:
            self.store(i[keep], j[keep], outcome[keep], probability[keep], clash[keep], listed[keep])
        return not failed.size


def align(
    facts: Sequence[SentenceFacts], vectors: np.ndarray, lemma_of: Callable[[str], str] = str.casefold,
    model: SameFactModel | None = None, encoded: np.ndarray | None = None,
) -> SemanticAlignment:
    """``encoded`` marks the sentences with a vector (all by default); other rows of ``vectors`` are zero."""
    model = model or load_model()
    n = len(facts)
    has_vector = np.ones(n, dtype=bool) if encoded is None else encoded
    decider = _Decider(facts, vectors, has_vector, lemma_of, model)
    pairs = np.array(candidate_pairs(facts, vectors, encoded=has_vector), dtype=np.int64).reshape(-1, 2)
    outcome, probability, clash, listed, _ = decider.evaluate(pairs[:, 0], pairs[:, 1])
    decider.store(pairs[:, 0], pairs[:, 1], outcome, probability, clash, listed)
    clusters: dict[int, list[int]] = {i: [i] for i in range(n)}
    articles_in: dict[int, set[str]] = {i: {facts[i].article} for i in range(n)}
    member_of = list(range(n))
    refused: set[tuple[int, int]] = set()
    support = np.flatnonzero(outcome == 1)
    # best links first; equal probabilities in pair order
    order = support[np.lexsort((pairs[support, 1], pairs[support, 0], -probability[support]))]
    for i, j in pairs[order].tolist():
        ci, cj = member_of[i], member_of[j]
        key = (min(ci, cj), max(ci, cj))
        if ci == cj or key in refused:
            continue
        a, b = clusters[ci], clusters[cj]
        if not articles_in[ci].isdisjoint(articles_in[cj]) or len(a) * len(b) > MAX_GUARD_PAIRS:
            refused.add(key)
            continue
        # two single sentences: their only pair is this support link, decided already
        if (len(a) > 1 or len(b) > 1) and not decider.may_share_a_claim(a, b):
            refused.add(key)
            continue
        clusters[ci] = a + b
        articles_in[ci] |= articles_in.pop(cj)
        for y in b:
            member_of[y] = ci
        del clusters[cj]
    return SemanticAlignment(sorted((sorted(c) for c in clusters.values()), key=min), decider.decisions)
