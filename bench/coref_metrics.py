"""Coreference metrics: MUC, B-cubed, CEAF-e and their CoNLL average.

Clusters are sets of hashable mention ids.  Key (gold) and response (system)
may hold different mentions, as with predicted mentions: a key mention missing
from the response lowers recall, a response mention missing from the key
(a spurious mention) lowers precision, as in the reference scorer
(Pradhan et al., 2014, "Scoring Coreference Partitions of Predicted Mentions").
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

Cluster = frozenset[Hashable]


@dataclass(frozen=True)
class Score:
    recall: float
    precision: float

    @property
    def f1(self) -> float:
        total = self.recall + self.precision
        return 0.0 if total == 0 else 2 * self.recall * self.precision / total


def _clusters(groups: Iterable[Iterable[Hashable]]) -> list[Cluster]:
    clusters = [frozenset(g) for g in groups]
    seen: set[Hashable] = set()
    for cluster in clusters:
        if seen & cluster:
            raise ValueError(f"mention(s) {sorted(map(str, seen & cluster))} are in two clusters")
        seen |= cluster
    return [c for c in clusters if c]


def _ratio(numerator: float, denominator: float) -> float:
    return 0.0 if denominator == 0 else numerator / denominator


def _muc_side(gold: Sequence[Cluster], other: Sequence[Cluster]) -> float:
    owner = {m: n for n, cluster in enumerate(other) for m in cluster}
    numerator = denominator = 0
    for cluster in gold:
        # Mentions the other side lacks are each a partition of their own.
        partitions = {owner.get(m, ("missing", m)) for m in cluster}
        numerator += len(cluster) - len(partitions)
        denominator += len(cluster) - 1
    return _ratio(numerator, denominator)


def muc(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> Score:
    """Vilain et al. (1995): links kept, counted through the partitions of each cluster."""
    k, r = _clusters(key), _clusters(response)
    return Score(recall=_muc_side(k, r), precision=_muc_side(r, k))


def _b_cubed_side(gold: Sequence[Cluster], other: Sequence[Cluster]) -> float:
    owner = {m: n for n, cluster in enumerate(other) for m in cluster}
    total = sum(len(c) for c in gold)
    score = 0.0
    for cluster in gold:
        overlaps: dict[int, int] = {}
        for m in cluster:
            if m in owner:
                overlaps[owner[m]] = overlaps.get(owner[m], 0) + 1
        score += sum(n * n for n in overlaps.values()) / len(cluster)
    return _ratio(score, total)


def b_cubed(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> Score:
    """Bagga & Baldwin (1998): per-mention overlap of the mention's key and response clusters."""
    k, r = _clusters(key), _clusters(response)
    return Score(recall=_b_cubed_side(k, r), precision=_b_cubed_side(r, k))


def ceaf_e(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> Score:
    """Luo (2005), entity-based: best one-to-one cluster alignment under phi4 = 2|K&R| / (|K|+|R|)."""
    k, r = _clusters(key), _clusters(response)
    if not k or not r:
        return Score(0.0, 0.0)
    owner = {m: n for n, cluster in enumerate(r) for m in cluster}
    similarity = np.zeros((len(k), len(r)))
    for i, cluster in enumerate(k):
        for m in cluster:
            if m in owner:
                similarity[i, owner[m]] += 1
    sizes_k = np.array([len(c) for c in k], dtype=float)[:, None]
    sizes_r = np.array([len(c) for c in r], dtype=float)[None, :]
    similarity = 2 * similarity / (sizes_k + sizes_r)
    rows, cols = linear_sum_assignment(similarity, maximize=True)
    total = float(similarity[rows, cols].sum())
    return Score(recall=total / len(k), precision=total / len(r))


@dataclass(frozen=True)
class CorefScores:
    muc: Score
    b_cubed: Score
    ceaf_e: Score

    @property
    def conll_f1(self) -> float:
        return (self.muc.f1 + self.b_cubed.f1 + self.ceaf_e.f1) / 3


def score_all(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> CorefScores:
    k, r = _clusters(key), _clusters(response)
    return CorefScores(muc=muc(k, r), b_cubed=b_cubed(k, r), ceaf_e=ceaf_e(k, r))
