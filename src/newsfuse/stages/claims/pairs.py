"""The same-fact decision for a pair of sentences: support, conflict, or different facts.

A logistic regression over a few pair features gives the probability that two sentences report the same
fact (event).  Its coefficients are fitted on ECB+ same-event / twin-event sentence pairs by
``bench/fit_alignment.py`` and shipped in ``same_fact.json`` next to this file; nothing is hand-weighted.

The features are the encoder cosine and the word overlap (what the sentences say), shared canonical
entities and the same predicate (what they are about), and the slots an encoder cannot read: who acts,
where, which year and day, negation/denial/dismissal, antonymous predicates, and figures compared slot by
slot (same unit and measure; an age is never compared with a count or a rank because their measures differ).

Three outcomes (:func:`decide`):

* **conflict** -- the pair would be the same fact if one comparable slot did not differ (a figure of the
  same measure and window, a year, the polarity), and that slot differs: a version of one fact;
* **support** -- the pair is likely the same fact and no slot differs;
* **different** -- anything else.  A different actor or place makes the pair different facts (a near-copy
  about another side or another city) or a figure over another period ("since March" / "in the past day"), never a
  conflict.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ...model import Quantity
from .conflicts import (
    FigureKeys,
    WindowKey,
    interval,
    measure_key,
    ranges_disagree,
    same_window,
    unit_factor,
    window_key,
)
from .facts import SentenceFacts
from .predicates import EVENT_CLASSES
from .structure import are_antonyms

FEATURES = (
    "encoder_cosine",
    "lexical_overlap",
    "shared_entities",
    "same_predicate",
    "other_predicate",
    "opposite_polarity",
    "antonym_predicates",
    "actor_clash",
    "place_clash",
    "year_clash",
    "day_clash",
    "figures_agree",
    "figures_clash",
)
#: the features of a slot whose difference makes a conflict (rather than another fact)
CONFLICT_SLOTS = ("opposite_polarity", "antonym_predicates", "year_clash", "figures_clash")
MODEL_PATH = Path(__file__).with_name("same_fact.json")


@dataclass(frozen=True)
class SameFactModel:
    coefficients: dict[str, float]
    intercept: float
    #: probability from which a pair is the same fact (a support link)
    link_threshold: float
    #: probability that the pair would be one fact but for the differing slot, from which it is a conflict
    conflict_threshold: float
    #: complete-linkage guard: inside one claim, every pair not linked directly must still reach this
    guard_threshold: float = 0.0
    #: the same decision fitted without the encoder cosine, for pairs where a sentence was not encoded
    without_encoder: SameFactModel | None = None

    def probability(self, features: dict[str, float]) -> float:
        z = self.intercept
        for name, value in features.items():
            if value:  # most features of most pairs are 0: skip them (this runs for every candidate pair)
                z += self.coefficients.get(name, 0.0) * value
        return 1.0 / (1.0 + math.exp(-z))

    def probabilities(self, matrix: np.ndarray) -> np.ndarray:
        """Rows of features in :data:`FEATURES` order."""
        weights = np.array([self.coefficients.get(k, 0.0) for k in FEATURES])
        return np.asarray(1.0 / (1.0 + np.exp(-(matrix @ weights + self.intercept))))


def _model_from(data: dict[str, Any]) -> SameFactModel:
    inner = data.get("without_encoder")
    return SameFactModel(
        coefficients={k: float(v) for k, v in data["coefficients"].items()},
        intercept=float(data["intercept"]),
        link_threshold=float(data["link_threshold"]),
        conflict_threshold=float(data["conflict_threshold"]),
        guard_threshold=float(data.get("f1_optimal_threshold", data["link_threshold"])),
        without_encoder=_model_from(inner) if isinstance(inner, dict) else None,
    )


@functools.lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> SameFactModel:
    return _model_from(json.loads(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class SlotDifference:
    """One slot two versions of a fact fill differently: what, and both values as written."""

    slot: str
    value_a: str
    value_b: str


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _clash(a: frozenset[object], b: frozenset[object]) -> bool:
    return bool(a) and bool(b) and a.isdisjoint(b)


def polarity(f: SentenceFacts) -> bool:
    """Which way the statement points: negated, or framed by a dismissal word ("hoax"); a denial verb is already
    in ``negated``."""
    return f.negated != (f.structure.dismissal and not f.denial)


@dataclass(frozen=True)
class PreparedFigure:
    """A figure with the keys every comparison needs, read once per sentence rather than once per pair."""

    quantity: Quantity
    unit: str | None
    measure: frozenset[str]
    window: WindowKey | None
    #: the figure's :func:`~.conflicts.interval` and unit factor (what :func:`~.conflicts.figures_disagree` reads)
    range: tuple[float, float]
    factor: float


def prepare_figures(f: SentenceFacts, lemma_of: Callable[[str], str],
                    keys: FigureKeys | None = None) -> tuple[PreparedFigure, ...]:
    """``keys``: the caller's :class:`~.conflicts.FigureKeys` of ``lemma_of``, kept across sentences."""
    if keys is None:
        return tuple(
            PreparedFigure(q, q.normalized.unit, measure_key(q, lemma_of),
                           window_key(q.window, lemma_of) if q.window else None, interval(q), unit_factor(q))
            for q in f.quantities
        )
    return tuple(
        PreparedFigure(q, q.normalized.unit, keys.measure(q), keys.window(q.window) if q.window else None,
                       interval(q), unit_factor(q))
        for q in f.quantities
    )


def figure_comparison(
    a: SentenceFacts, b: SentenceFacts, lemma_of: Callable[[str], str],
    prepared: tuple[tuple[PreparedFigure, ...], tuple[PreparedFigure, ...]] | None = None,
) -> tuple[bool, SlotDifference | None, bool]:
    """(a figure agrees, the first figure of the same measure and window that differs, a figure of the same
    measure is given over another period, or the same value measures two other things).

    ``prepared`` are both sentences' :func:`prepare_figures`, when the caller keeps them."""
    fa, fb = prepared or (prepare_figures(a, lemma_of), prepare_figures(b, lemma_of))
    agree = other_period = other_measure = False
    differ: SlotDifference | None = None
    verbs = {p for p in (a.predicate, b.predicate) if p}
    for pa in fa:
        for pb in fb:
            if pa.unit != pb.unit:
                continue
            qa, qb = pa.quantity, pb.quantity
            # "unemployment rose" / "inflation rose": the verb names no measure
            ma, mb = pa.measure - verbs, pb.measure - verbs
            if not ma & mb:
                # an age, a rank and a count never share a measure word; the same figure of two measures is
                # two facts (unemployment and inflation at 5.1 %)
                other_measure |= bool(ma and mb) and qa.normalized.value == qb.normalized.value
                continue
            if pa.window is not None and pb.window is not None and not same_window(pa.window, pb.window):
                other_period = True  # "since March" vs "in the past day": two facts
                continue
            if (pa.window is None) != (pb.window is None):
                continue  # a period on one side only: not comparable
            if ranges_disagree(pa.range, pa.factor, pb.range, pb.factor):
                if differ is None:
                    differ = SlotDifference(qa.measures or qb.measures or "figure", qa.text, qb.text)
            else:
                agree = True
    return agree, differ, other_period or (other_measure and not agree)


def pair_features(
    a: SentenceFacts, b: SentenceFacts, cosine: float, lemma_of: Callable[[str], str],
    prepared: tuple[tuple[PreparedFigure, ...], tuple[PreparedFigure, ...]] | None = None,
) -> tuple[dict[str, float], list[SlotDifference]]:
    """The features of the pair, and the comparable slots that differ (conflict candidates); ``prepared`` as
    for :func:`figure_comparison`."""
    sa, sb = a.structure, b.structure
    same_predicate = a.predicate is not None and a.predicate == b.predicate
    opposite = polarity(a) != polarity(b)
    antonyms = are_antonyms(a.predicate, b.predicate)
    agree, figure_difference, other_period = (
        figure_comparison(a, b, lemma_of, prepared) if a.quantities and b.quantities else (False, None, False)
    )
    year_clash = _clash(sa.years, sb.years)
    features = {
        "encoder_cosine": cosine,
        "lexical_overlap": _dice(sa.terms, sb.terms),
        "shared_entities": _jaccard(a.entities, b.entities),
        "same_predicate": float(same_predicate),
        "other_predicate": float(a.predicate is not None and b.predicate is not None and not same_predicate),
        "opposite_polarity": float(opposite),
        "antonym_predicates": float(antonyms),
        "actor_clash": float(_clash(sa.actors, sb.actors)),
        "place_clash": float(_clash(sa.places, sb.places)),
        "year_clash": float(year_clash),
        "day_clash": float(_clash(sa.days, sb.days)),
        "figures_agree": float(agree),
        "figures_clash": float(figure_difference is not None),
    }
    differences: list[SlotDifference] = []
    if other_period:
        differences.append(SlotDifference("period or measure", "", ""))
    if figure_difference is not None:
        differences.append(figure_difference)
    if year_clash:
        differences.append(SlotDifference("year", ", ".join(map(str, sorted(sa.years))),
                                          ", ".join(map(str, sorted(sb.years)))))
    if opposite:
        differences.append(SlotDifference("polarity", _stance(a), _stance(b)))
    elif antonyms:
        differences.append(SlotDifference("predicate", a.predicate or "", b.predicate or ""))
    return features, differences


def related_acts(a: str | None, b: str | None) -> bool:
    """The same predicate (or none on both sides), or two event classes (enter / recapture)."""
    return a == b or (a in EVENT_CLASSES and b in EVENT_CLASSES)


def _stance(f: SentenceFacts) -> str:
    if f.denial or f.structure.dismissal:
        return "denies"
    return "negates" if f.negated else "affirms"


@dataclass(frozen=True)
class Decision:
    outcome: str  # "support", "conflict" or "different"
    probability: float
    differences: tuple[SlotDifference, ...] = ()
    #: "different" because a slot says so (another actor, place, period, measure, or a differing slot)
    clash: bool = False

    def may_share_a_claim(self, model: SameFactModel) -> bool:
        """The guard of a claim: a pair that is not a direct link is still close and has no clash."""
        if self.outcome == "support":
            return True
        return self.outcome == "different" and not self.clash and self.probability >= model.guard_threshold


def decide(
    a: SentenceFacts, b: SentenceFacts, cosine: float | None, lemma_of: Callable[[str], str],
    model: SameFactModel | None = None,
    prepared: tuple[tuple[PreparedFigure, ...], tuple[PreparedFigure, ...]] | None = None,
) -> Decision:
    """The outcome for a pair; ``cosine`` is None when a sentence was not encoded (the lexical-only fit);
    ``prepared``: both sentences' :func:`prepare_figures`, when the caller keeps them."""
    model = model or load_model()
    if cosine is None and model.without_encoder is not None:
        model = model.without_encoder
    features, differences = pair_features(a, b, cosine or 0.0, lemma_of, prepared)
    probability = model.probability(features)
    if _clash(a.structure.patients, b.structure.patients) and related_acts(a.predicate, b.predicate):
        # "retook the town" / "retook 500 sq km", "entered the town" / "recaptured 500 sq km": the same act, or
        # two acts of the event tables, done to something else
        return Decision("different", probability, clash=True)
    if features["actor_clash"] or features["place_clash"] or any(d.slot == "period or measure" for d in differences):
        # another side, another city: another fact, however alike the words
        return Decision("different", probability, clash=True)
    if differences:
        agreed = dict(features, **{slot: 0.0 for slot in CONFLICT_SLOTS})
        about_the_same = features["shared_entities"] > 0 or features["same_predicate"] > 0
        if model.probability(agreed) >= model.conflict_threshold and about_the_same:
            return Decision("conflict", probability, tuple(differences))
        return Decision("different", probability, tuple(differences), clash=True)
    return Decision("support" if probability >= model.link_threshold else "different", probability)
