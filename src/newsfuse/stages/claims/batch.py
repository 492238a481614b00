"""The same-fact decision of :mod:`.pairs` for many pairs at once, with the results kept in arrays.

:func:`.pairs.decide` is the definition, one pair at a time in Python; a corpus of a few hundred articles
asks it for over a hundred thousand pairs.  Here each sentence's slots become rows of sparse incidence
matrices once (terms, entities, actors, places, years, days, patients), so every set overlap of a batch of
pairs is one sparse row-wise product; only pairs where both sentences carry figures go through Python, with
each sentence's figure keys read once.  Conflicts, the one outcome whose slot values are reported, are
decided again by :func:`.pairs.decide` itself, so their wording cannot drift from the definition.

Decisions are stored as parallel arrays (:class:`Decisions`): a dict of one object per pair held about a
gigabyte at 2,000 articles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import numpy as np
from scipy import sparse

from .align import incidence
from .facts import SentenceFacts
from .pairs import (
    CONFLICT_SLOTS,
    FEATURES,
    Decision,
    PreparedFigure,
    SameFactModel,
    figure_comparison,
    polarity,
    prepare_figures,
)
from .structure import are_antonyms, direction

#: pairs whose sparse overlaps are computed at once (bounds the memory of one row-wise product)
CHUNK = 32_768
_OUTCOMES = ("different", "support", "conflict")
_COLUMN = {name: n for n, name in enumerate(FEATURES)}


def _codes(values: Sequence[object]) -> np.ndarray:
    """Small integer codes of hashable values; None is -1."""
    index: dict[object, int] = {}
    return np.array([-1 if v is None else index.setdefault(v, len(index)) for v in values], dtype=np.int64)


class _Sets:
    """One set per sentence, as a sparse incidence matrix: the overlap of many pairs in one product."""

    def __init__(self, sets: Sequence[frozenset[object]]) -> None:
        self.matrix = sparse.csr_matrix(incidence(sets))
        self.size = np.array([len(s) for s in sets], dtype=np.float64)

    def overlap(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        return np.asarray(self.matrix[i].multiply(self.matrix[j]).sum(axis=1), dtype=np.float64).ravel()

    def clash(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Both sentences fill the slot and share nothing in it."""
        both = (self.size[i] > 0) & (self.size[j] > 0)
        out = np.zeros(i.size, dtype=bool)
        if both.any():
            sub = np.flatnonzero(both)
            out[sub] = self.overlap(i[sub], j[sub]) == 0
        return out


class FactArrays:
    """The slots of every sentence, as arrays and incidence matrices, built once per alignment."""

    def __init__(self, facts: Sequence[SentenceFacts], lemma_of: Callable[[str], str]) -> None:
        self.facts = facts
        self.lemma_of = lemma_of
        self.terms = _Sets([f.structure.terms for f in facts])
        self.entities = _Sets([f.entities for f in facts])
        self.actors = _Sets([f.structure.actors for f in facts])
        self.places = _Sets([f.structure.places for f in facts])
        self.years = _Sets([f.structure.years for f in facts])
        self.days = _Sets([f.structure.days for f in facts])
        self.patients = _Sets([f.structure.patients for f in facts])
        self.predicate = _codes([f.predicate for f in facts])
        directions = [direction(f.predicate) for f in facts]
        self.direction = _codes(directions)
        # the antonymous pairs among the directions present (a handful of verbs), as codes
        named = {int(c): d for c, d in zip(self.direction.tolist(), directions, strict=True) if d is not None}
        width = max(named, default=0) + 1
        self._direction_width = width
        self._antonym_codes = np.array(
            sorted(x * width + y for x in named for y in named if are_antonyms(named[x], named[y])), dtype=np.int64
        )
        self.polarity = np.array([polarity(f) for f in facts])
        self.has_figures = np.array([bool(f.quantities) for f in facts])
        self._figures: dict[int, tuple[PreparedFigure, ...]] = {}

    def figures(self, i: int) -> tuple[PreparedFigure, ...]:
        hit = self._figures.get(i)
        if hit is None:
            hit = self._figures[i] = prepare_figures(self.facts[i], self.lemma_of)
        return hit

    def features(self, i: np.ndarray, j: np.ndarray, cosine: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Feature rows (:data:`.pairs.FEATURES` order) and the slot flags :func:`.pairs.decide` reads."""
        x = np.zeros((i.size, len(FEATURES)))
        x[:, _COLUMN["encoder_cosine"]] = cosine
        total = self.terms.size[i] + self.terms.size[j]
        shared_terms = self.terms.overlap(i, j)
        x[:, _COLUMN["lexical_overlap"]] = np.divide(2 * shared_terms, total, out=np.zeros(i.size), where=total > 0)
        shared = self.entities.overlap(i, j)
        union = self.entities.size[i] + self.entities.size[j] - shared
        both = (self.entities.size[i] > 0) & (self.entities.size[j] > 0)
        x[:, _COLUMN["shared_entities"]] = np.where(both, shared / np.where(union > 0, union, 1.0), 0.0)
        has_a, has_b = self.predicate[i] >= 0, self.predicate[j] >= 0
        same_predicate = has_a & (self.predicate[i] == self.predicate[j])
        x[:, _COLUMN["same_predicate"]] = same_predicate
        x[:, _COLUMN["other_predicate"]] = has_a & has_b & ~same_predicate
        opposite = self.polarity[i] != self.polarity[j]
        x[:, _COLUMN["opposite_polarity"]] = opposite
        di, dj = self.direction[i], self.direction[j]
        antonyms = (di >= 0) & (dj >= 0) & np.isin(di * self._direction_width + dj, self._antonym_codes)
        x[:, _COLUMN["antonym_predicates"]] = antonyms
        actor_clash, place_clash = self.actors.clash(i, j), self.places.clash(i, j)
        year_clash = self.years.clash(i, j)
        x[:, _COLUMN["actor_clash"]] = actor_clash
        x[:, _COLUMN["place_clash"]] = place_clash
        x[:, _COLUMN["year_clash"]] = year_clash
        x[:, _COLUMN["day_clash"]] = self.days.clash(i, j)
        figure_differs = np.zeros(i.size, dtype=bool)
        other_period = np.zeros(i.size, dtype=bool)
        for n in np.flatnonzero(self.has_figures[i] & self.has_figures[j]).tolist():
            a, b = int(i[n]), int(j[n])
            agree, differ, period = figure_comparison(
                self.facts[a], self.facts[b], self.lemma_of, (self.figures(a), self.figures(b))
            )
            x[n, _COLUMN["figures_agree"]] = agree
            x[n, _COLUMN["figures_clash"]] = differ is not None
            figure_differs[n], other_period[n] = differ is not None, period
        # "retook the town" / "retook 500 sq km": the same act done to something else (both None is "the same")
        same_act = self.predicate[i] == self.predicate[j]
        flags = {
            "patient_clash": self.patients.clash(i, j) & same_act,
            "slot_clash": actor_clash | place_clash | other_period,
            "differs": figure_differs | year_clash | opposite | antonyms | other_period,
            "about_the_same": (shared > 0) | same_predicate,
        }
        return x, flags


class Decisions:
    """Decided pairs (i < j) as sorted arrays, and the full :class:`Decision` of each conflict.

    Reads like the dict of decisions it replaces: ``get``, ``in``, iteration over pairs, ``items``.
    """

    def __init__(self, n: int) -> None:
        self.n = n
        self.keys = np.zeros(0, dtype=np.int64)
        self.outcome = np.zeros(0, dtype=np.int8)
        self.probability = np.zeros(0)
        self.clash = np.zeros(0, dtype=bool)
        self.conflicts: dict[tuple[int, int], Decision] = {}

    def add(self, keys: np.ndarray, outcome: np.ndarray, probability: np.ndarray, clash: np.ndarray) -> None:
        """Append newly decided pairs (none of them decided before)."""
        merged = np.concatenate([self.keys, keys])
        order = np.argsort(merged, kind="stable")
        self.keys = merged[order]
        self.outcome = np.concatenate([self.outcome, outcome])[order]
        self.probability = np.concatenate([self.probability, probability])[order]
        self.clash = np.concatenate([self.clash, clash])[order]

    def find(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where each key sits in the arrays, and whether it is there at all."""
        at = np.minimum(np.searchsorted(self.keys, keys), max(self.keys.size - 1, 0))
        found = self.keys[at] == keys if self.keys.size else np.zeros(keys.size, dtype=bool)
        return at, found

    def get(self, pair: tuple[int, int], default: Decision | None = None) -> Decision | None:
        hit = self.conflicts.get(pair)
        if hit is not None:
            return hit
        at, found = self.find(np.array([pair[0] * self.n + pair[1]], dtype=np.int64))
        if not found[0]:
            return default
        k = int(at[0])
        return Decision(_OUTCOMES[self.outcome[k]], float(self.probability[k]), clash=bool(self.clash[k]))

    def __contains__(self, pair: object) -> bool:
        if not isinstance(pair, tuple) or len(pair) != 2:
            return False
        return self.get(pair) is not None

    def __len__(self) -> int:
        return int(self.keys.size)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip((self.keys // self.n).tolist(), (self.keys % self.n).tolist(), strict=True)

    def items(self) -> Iterator[tuple[tuple[int, int], Decision]]:
        for pair in self:
            decision = self.get(pair)
            assert decision is not None
            yield pair, decision

    def support(self) -> dict[tuple[int, int], float]:
        hit = np.flatnonzero(self.outcome == 1)
        keys = self.keys[hit]
        return dict(zip(zip((keys // self.n).tolist(), (keys % self.n).tolist(), strict=True),
                        self.probability[hit].tolist(), strict=True))


def decide_many(
    table: FactArrays, i: np.ndarray, j: np.ndarray, vectors: np.ndarray, encoded: np.ndarray,
    model: SameFactModel,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Outcome codes (0 different, 1 support, 2 conflict), probabilities and clash flags of pairs (i, j)."""
    outcome = np.zeros(i.size, dtype=np.int8)
    probability = np.zeros(i.size)
    clash = np.zeros(i.size, dtype=bool)
    for start in range(0, i.size, CHUNK):
        part = slice(start, start + CHUNK)
        outcome[part], probability[part], clash[part] = _decide_chunk(
            table, i[part], j[part], vectors, encoded, model
        )
    return outcome, probability, clash


def _decide_chunk(
    table: FactArrays, i: np.ndarray, j: np.ndarray, vectors: np.ndarray, encoded: np.ndarray,
    model: SameFactModel,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    with_vectors = encoded[i] & encoded[j]
    cosine = np.where(with_vectors, np.einsum("ij,ij->i", vectors[i], vectors[j]), 0.0)
    x, flags = table.features(i, j, cosine)
    lexical = model.without_encoder or model
    # a pair with a sentence left unencoded is decided by the fit without the encoder cosine
    probability = np.where(with_vectors, model.probabilities(x), lexical.probabilities(x))
    agreed = x.copy()
    agreed[:, [_COLUMN[s] for s in CONFLICT_SLOTS]] = 0.0
    agreed_probability = np.where(with_vectors, model.probabilities(agreed), lexical.probabilities(agreed))
    link = np.where(with_vectors, model.link_threshold, lexical.link_threshold)
    conflict_at = np.where(with_vectors, model.conflict_threshold, lexical.conflict_threshold)
    hard = flags["patient_clash"] | flags["slot_clash"]
    conflict = ~hard & flags["differs"] & (agreed_probability >= conflict_at) & flags["about_the_same"]
    clash = hard | (flags["differs"] & ~conflict)
    outcome = np.where(conflict, 2, np.where(~clash & (probability >= link), 1, 0)).astype(np.int8)
    return outcome, probability, clash
