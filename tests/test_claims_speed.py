"""The shortcuts the claims, events-fuse and summary stages take for speed give what the plain definitions give
(fast tests, no spaCy)."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest

from newsfuse.model import NormalizedValue, Quantity
from newsfuse.stages.claims.batch import Decisions, _Sets
from newsfuse.stages.claims.conflicts import FigureKeys, figures_disagree, measure_key, window_key
from newsfuse.stages.claims.facts import SentenceFacts
from newsfuse.stages.claims.pairs import Decision, prepare_figures
from newsfuse.stages.claims.semantic import align
from newsfuse.stages.claims.structure import Structure
from newsfuse.stages.collector import collector_paused
from newsfuse.stages.figures.numbers import find_numbers


def qty(text: str, measures: str | None = "ships sunk", window: str | None = None) -> Quantity:
    [m] = find_numbers(text)
    return Quantity(
        text=m.text, value=m.value, unit=m.unit, normalized=NormalizedValue(value=m.norm_value, unit=m.norm_unit),
        article="a", sentence=0, low=m.low, high=m.high, approximate=m.approximate, measures=measures,
        window=window,
    )


FIGURES = [
    qty("more than 3,000 sq km", "territory retaken"), qty("about 2,500 square kilometres", "Territory Retaken"),
    qty("at least 40", "civilians killed", "since March"), qty("45", "civilians killed", "in the past day"),
    qty("nearly 300"), qty("290", None), qty("10 miles", "road closed"), qty("16 km", "road closed"),
    qty("20-30", "people hurt", "over the past week"), qty("31", "people hurt", "in the last week"),
]


def lemma(word: str) -> str:
    return {"ships": "ship", "killed": "kill", "hours": "hour"}.get(word, word)


def test_figure_keys_give_the_plain_keys_and_comparison() -> None:
    keys = FigureKeys(lemma)
    for q in FIGURES:
        assert keys.measure(q) == measure_key(q, lemma)
        assert keys.measure(q) is keys.measure(q)  # read once
        if q.window:
            assert keys.window(q.window) == window_key(q.window, lemma)
    for a in FIGURES:
        for b in FIGURES:
            assert keys.disagree(a, b) is figures_disagree(a, b)


def fact(n: int, quantities: list[Quantity]) -> SentenceFacts:
    return SentenceFacts(article=f"a{n}", sentence=0, text=f"sentence {n}", order=n, entities=frozenset(),
                         predicate=None, negated=False, denial=False, lemmas=[], quantities=quantities)


def test_prepared_figures_are_the_same_with_and_without_kept_keys() -> None:
    f = fact(0, FIGURES)
    assert prepare_figures(f, lemma, FigureKeys(lemma)) == prepare_figures(f, lemma)


def test_set_overlaps_and_clashes_are_the_per_pair_definitions() -> None:
    sets = [frozenset(), frozenset({"a"}), frozenset({"a", "b"}), {"b", "c"}, frozenset({"d"}), set()]
    table = _Sets(sets)  # type: ignore[arg-type]  # plain sets are accepted as well
    i, j = (x.ravel() for x in np.meshgrid(np.arange(len(sets)), np.arange(len(sets)), indexing="ij"))
    assert table.overlap(i, j).tolist() == [float(len(set(sets[a]) & set(sets[b]))) for a, b in zip(i, j)]
    assert table.clash(i, j).tolist() == [bool(sets[a]) and bool(sets[b]) and not set(sets[a]) & set(sets[b])
                                          for a, b in zip(i, j)]


def test_conflicts_looked_up_at_once_are_those_looked_up_one_by_one() -> None:
    written: list[tuple[int, int]] = []

    def conflict_of(a: int, b: int) -> Decision:
        written.append((a, b))
        return Decision("conflict", 0.5)

    decisions = Decisions(10, conflict_of)
    keys = np.array([1 * 10 + 2, 3 * 10 + 4, 5 * 10 + 6], dtype=np.int64)
    decisions.add(keys, np.array([2, 1, 2], dtype=np.int8), np.array([0.7, 0.9, 0.6]), np.zeros(3, dtype=bool))
    decisions.add(np.array([7 * 10 + 8], dtype=np.int64), np.array([2], dtype=np.int8), np.array([0.8]),
                  np.zeros(1, dtype=bool))
    decisions.conflict_pairs.update({(1, 2): True, (5, 6): False, (7, 8): True})
    listed = decisions.conflicts(listed_slots_only=True)
    assert [(i, j) for i, j, _ in listed] == [(1, 2), (7, 8)]
    assert [d for _, _, d in listed] == [decisions.get((1, 2)), decisions.get((7, 8))]
    assert [(i, j) for i, j, _ in decisions.conflicts()] == [(1, 2), (5, 6), (7, 8)]
    assert written == [(1, 2), (7, 8), (5, 6)]  # each conflict written once


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_restored_after_a_stage(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()

        @collector_paused()
        def stage(fail: bool) -> bool:
            if fail:
                raise ValueError("stage failed")
            return gc.isenabled()

        assert stage(False) is False
        assert gc.isenabled() is enabled
        with pytest.raises(ValueError):
            stage(True)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_an_alignment_is_freed_without_the_cyclic_collector() -> None:
    facts = [
        SentenceFacts(article=f"a{n}", sentence=0, text=f"the council approved the levy {n}", order=n,
                      entities=frozenset({"E1"}), predicate="approve", negated=n == 2, denial=False,
                      lemmas=["council", "approve", "levy"],
                      structure=Structure(terms=frozenset({"council", "approve", "levy"})))
        for n in range(4)
    ]
    vectors = np.ones((4, 4), dtype=np.float32) / 2
    was = gc.isenabled()
    gc.disable()
    try:
        alignment = align(facts, vectors)
        decide = alignment.decisions._conflict_of
        assert decide is not None
        ref = weakref.ref(decide)
        del alignment, decide
        assert ref() is None
    finally:
        if was:
            gc.enable()
