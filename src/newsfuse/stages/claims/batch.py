"""The same-fact decision of :mod:`.pairs` for many pairs at once, with the results kept in arrays.

:func:`.pairs.decide` is the definition, one pair at a time in Python; a corpus of a few hundred articles
asks it for over a hundred thousand pairs.  Here each sentence's slots are read once (predicate codes,
polarity, set sizes, prepared figure keys), the pair features of a batch are columns of one matrix and the
probabilities one product; only the figure comparison of pairs where both sentences carry figures loops in
Python.  The slots and values of a conflict are written by :func:`.pairs.decide` itself, and only when a
caller asks for them, so their wording cannot drift from the definition.

Decisions are stored as parallel arrays (:class:`Decisions`): a dict of one object per pair held about a
gigabyte at 2,000 articles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from .conflicts import FigureKeys
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
from .predicates import EVENT_CLASSES
from .structure import are_antonyms, direction

#: pairs decided at once (bounds the memory of the feature matrix)
CHUNK = 32_768
_OUTCOMES = ("different", "support", "conflict")
#: the slots a claim lists as conflicts of its own; a figure conflict is found again by the figure comparison
LISTED_SLOTS = frozenset({"year", "polarity", "predicate"})
_COLUMN = {name: n for n, name in enumerate(FEATURES)}


def _codes(values: Sequence[object]) -> np.ndarray:
    """Small integer codes of hashable values; None is -1."""
    index: dict[object, int] = {}
    return np.array([-1 if v is None else index.setdefault(v, len(index)) for v in values], dtype=np.int64)


class _Sets:
    """One set per sentence.  Sets of a sentence hold a handful of items, so a Python set operation per pair
    (well under a microsecond) is cheaper than slicing sparse matrices for the small batches the merge guard
    asks for, and as cheap for the large ones."""

    def __init__(self, sets: Sequence[frozenset[Any]]) -> None:
        self.sets = [x if isinstance(x, frozenset) else frozenset(x) for x in sets]
        self.size = np.array([len(s) for s in self.sets], dtype=np.float64)
        # the same sets as an object array: a batch's sets are gathered by one index, and the set operations
        # are mapped over them without a Python frame per pair
        self._objects = np.empty(len(self.sets), dtype=object)
        for n, x in enumerate(self.sets):
            self._objects[n] = x

    def overlap(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        objects = self._objects
        return np.fromiter(map(len, map(frozenset.intersection, objects[i], objects[j])),
                           dtype=np.float64, count=i.size)

    def clash(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Both sentences fill the slot and share nothing in it."""
        out = np.zeros(i.size, dtype=bool)
        sub = np.flatnonzero((self.size[i] > 0) & (self.size[j] > 0))
        if sub.size:
            objects = self._objects
            out[sub] = np.fromiter(map(frozenset.isdisjoint, objects[i[sub]], objects[j[sub]]),
                                   dtype=bool, count=sub.size)
        return out


class FactArrays:
    """The slots of every sentence, as arrays and sets, read once per alignment."""

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
        self._antonym_table = np.zeros(width * width, dtype=bool)
        self._antonym_table[self._antonym_codes] = True
        self.polarity = np.array([polarity(f) for f in facts])
        self.event_class = np.array([f.predicate in EVENT_CLASSES for f in facts])
        self.has_figures = np.array([bool(f.quantities) for f in facts])
        self._figures: dict[int, tuple[PreparedFigure, ...]] = {}
        self._figure_keys = FigureKeys(lemma_of)

    def figures(self, i: int) -> tuple[PreparedFigure, ...]:
        hit = self._figures.get(i)
        if hit is None:
            hit = self._figures[i] = prepare_figures(self.facts[i], self.lemma_of, self._figure_keys)
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
        named = (di >= 0) & (dj >= 0)
        # np.isin(code, antonym codes), as a table lookup: the codes are small
        antonyms = named & self._antonym_table[np.where(named, di * self._direction_width + dj, 0)]
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
        # "retook the town" / "retook 500 sq km": the same act (both None is "the same"), or two acts of the
        # event tables, done to something else (:func:`.pairs.related_acts`)
        same_act = (self.predicate[i] == self.predicate[j]) | (self.event_class[i] & self.event_class[j])
        flags = {
            "patient_clash": self.patients.clash(i, j) & same_act,
            "slot_clash": actor_clash | place_clash | other_period,
            "differs": figure_differs | year_clash | opposite | antonyms | other_period,
            "about_the_same": (shared > 0) | same_predicate,
            # the slots a claim lists as conflicts of its own (figures are compared apart, with their windows)
            "listed_slot": year_clash | opposite | antonyms,
        }
        return x, flags


class Decisions:
    """Decided pairs (i < j): the candidate pairs as sorted arrays, the few decided later in a dict, and the
    full :class:`Decision` of a conflict (its slots and values) written only when asked for.

    Reads like the dict of decisions it replaces: ``get``, ``in``, iteration over pairs, ``items``.
    """

    def __init__(self, n: int, conflict_of: Callable[[int, int], Decision] | None = None) -> None:
        self.n = n
        self.keys = np.zeros(0, dtype=np.int64)
        self.outcome = np.zeros(0, dtype=np.int8)
        self.probability = np.zeros(0)
        self.clash = np.zeros(0, dtype=bool)
        #: decided after the bulk (the merge guard's pairs): key -> (outcome code, probability, clash)
        self.later: dict[int, tuple[int, float, bool]] = {}
        #: conflict pairs, and whether a slot a claim lists (year, polarity, predicate) differs
        self.conflict_pairs: dict[tuple[int, int], bool] = {}
        self._conflict_of = conflict_of
        self._written: dict[tuple[int, int], Decision] = {}

    def add(self, keys: np.ndarray, outcome: np.ndarray, probability: np.ndarray, clash: np.ndarray) -> None:
        """Pairs not decided before: the first (large) batch becomes the arrays, later ones the dict."""
        if self.keys.size == 0 and not self.later:
            order = np.argsort(keys, kind="stable")
            self.keys, self.outcome = keys[order], outcome[order]
            self.probability, self.clash = probability[order], clash[order]
            return
        for k, o, p, c in zip(keys.tolist(), outcome.tolist(), probability.tolist(), clash.tolist(), strict=True):
            self.later[k] = (o, p, c)

    def lookup(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(found, outcome code, probability, clash) of each key; zeros where not decided."""
        found = np.zeros(keys.size, dtype=bool)
        outcome = np.zeros(keys.size, dtype=np.int8)
        probability = np.zeros(keys.size)
        clash = np.zeros(keys.size, dtype=bool)
        if self.keys.size:
            at = np.minimum(np.searchsorted(self.keys, keys), self.keys.size - 1)
            found = self.keys[at] == keys
            hit = np.flatnonzero(found)
            outcome[hit], probability[hit], clash[hit] = self.outcome[at[hit]], self.probability[at[hit]], \
                self.clash[at[hit]]
        if self.later:
            later = self.later
            missing = np.flatnonzero(~found)
            hits = [(n, got) for n, key in zip(missing.tolist(), keys[missing].tolist(), strict=True)
                    if (got := later.get(key)) is not None]
            if hits:
                at = np.array([n for n, _ in hits], dtype=np.int64)
                found[at] = True
                outcome[at] = [got[0] for _, got in hits]
                probability[at] = [got[1] for _, got in hits]
                clash[at] = [got[2] for _, got in hits]
        return found, outcome, probability, clash

    def outcomes(self, pairs: Sequence[tuple[int, int]]) -> list[str | None]:
        """The outcome of each pair (i < j), None where it was not decided."""
        keys = np.array([min(i, j) * self.n + max(i, j) for i, j in pairs], dtype=np.int64)
        found, outcome, _, _ = self.lookup(keys)
        return [_OUTCOMES[o] if f else None for f, o in zip(found.tolist(), outcome.tolist(), strict=True)]

    def _decision(self, pair: tuple[int, int], code: int, probability: float, clash: bool) -> Decision:
        if code == 2 and self._conflict_of is not None:
            hit = self._written.get(pair)
            if hit is None:
                hit = self._written[pair] = self._conflict_of(*pair)
            return hit
        return Decision(_OUTCOMES[code], probability, clash=clash)

    def get(self, pair: tuple[int, int], default: Decision | None = None) -> Decision | None:
        found, outcome, probability, clash = self.lookup(np.array([pair[0] * self.n + pair[1]], dtype=np.int64))
        if not found[0]:
            return default
        return self._decision(pair, int(outcome[0]), float(probability[0]), bool(clash[0]))

    def __contains__(self, pair: object) -> bool:
        if not isinstance(pair, tuple) or len(pair) != 2:
            return False
        return bool(self.lookup(np.array([pair[0] * self.n + pair[1]], dtype=np.int64))[0][0])

    def __len__(self) -> int:
        return int(self.keys.size) + len(self.later)

    def _all_keys(self) -> np.ndarray:
        return np.sort(np.concatenate([self.keys, np.fromiter(self.later, dtype=np.int64, count=len(self.later))]))

    def __iter__(self) -> Iterator[tuple[int, int]]:
        keys = self._all_keys()
        return zip((keys // self.n).tolist(), (keys % self.n).tolist(), strict=True)

    def items(self) -> Iterator[tuple[tuple[int, int], Decision]]:
        for pair in self:
            decision = self.get(pair)
            assert decision is not None
            yield pair, decision

    def support(self) -> dict[tuple[int, int], float]:
        hit = np.flatnonzero(self.outcome == 1)
        keys = self.keys[hit].tolist() + [k for k, v in self.later.items() if v[0] == 1]
        values = self.probability[hit].tolist() + [v[1] for v in self.later.values() if v[0] == 1]
        return {divmod(k, self.n): p for k, p in sorted(zip(keys, values, strict=True))}

    def conflicts(self, listed_slots_only: bool = False) -> list[tuple[int, int, Decision]]:
        """Conflict pairs in pair order; ``listed_slots_only``: those where a year, the polarity or the
        predicate differs (a figure conflict alone is found again by the figure comparison)."""
        pairs = [pair for pair, listed in sorted(self.conflict_pairs.items()) if listed or not listed_slots_only]
        # looked up all at once, as :meth:`get` would one by one
        found, outcome, probability, clash = self.lookup(np.array([i * self.n + j for i, j in pairs], dtype=np.int64))
        assert found.all()
        return [(pair[0], pair[1], self._decision(pair, code, p, c)) for pair, code, p, c in
                zip(pairs, outcome.tolist(), probability.tolist(), clash.tolist(), strict=True)]


def decide_many(
    table: FactArrays, i: np.ndarray, j: np.ndarray, vectors: np.ndarray, encoded: np.ndarray,
    model: SameFactModel,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Outcome codes (0 different, 1 support, 2 conflict), probabilities and clash flags of pairs (i, j), and
    whether a year, the polarity or the predicate differs."""
    outcome = np.zeros(i.size, dtype=np.int8)
    probability = np.zeros(i.size)
    clash = np.zeros(i.size, dtype=bool)
    listed = np.zeros(i.size, dtype=bool)
    for start in range(0, i.size, CHUNK):
        part = slice(start, start + CHUNK)
        outcome[part], probability[part], clash[part], listed[part] = _decide_chunk(
            table, i[part], j[part], vectors, encoded, model
        )
    return outcome, probability, clash, listed


def _decide_chunk(
    table: FactArrays, i: np.ndarray, j: np.ndarray, vectors: np.ndarray, encoded: np.ndarray,
    model: SameFactModel,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
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
    return outcome, probability, clash, flags["listed_slot"]
