"""The fitted choice among a name's readings: a logistic model over each candidate's features.

The weights are not set by hand: ``bench/fit_resolver.py`` fits them on GeoWebNews' development half
(odd article ids; the even half is held out for the report) and writes ``data/resolver_weights.json``.
The resolver's first pass (which names vote for the document's country and regions) keeps its hand
priors; the last pass, once the document's context is known, ranks the readings by this model.  When
the weights file is missing the hand scores rank, so the package still works while it is refitted.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Protocol

from .sources import NAME_ABBREVIATION, NAME_ALTERNATE, NAME_DEMONYM, NAME_PRIMARY, NAME_STEM
from .store import GazetteerEntry

WEIGHTS_FILE = "resolver_weights.json"

#: The order of the model's inputs; the weights file names them too, and a mismatch is refused.
FEATURES = (
    "kind_and_size_prior",
    "log_population",
    "log_population_below_best",
    "log_population_of_a_region",
    "country_or_continent",
    "first_level_region",
    "second_level_region",
    "capital_own_name",
    "alternate_name",
    "alternate_name_of_a_town",
    "abbreviation",
    "demonym",
    "region_name_stem",
    "region_asked_and_region",
    "region_kind_asked",
    "former_name",
    "inside_a_longer_name",
    "spelling_matched",
    "in_focus_country",
    "in_co_mentioned_country",
    "in_named_region",
    "qualified_by_text",
    "closeness_to_other_places",
    "share_of_other_places_near",
)
# Beyond this many distinct places the coherence features look at the most mentioned only, so a
# run-on text naming thousands of places stays linear in its names.
MAX_CONTEXT_POINTS = 64
_NEAR_KM = 300.0
_BIG_CITY = 100_000


@dataclass(frozen=True)
class ContextPoint:
    """A place another name of the document resolved to in the first pass."""

    geonameid: int
    lat: float
    lon: float
    weight: float


@dataclass(frozen=True)
class CandidateFacts:
    """What the resolver knows about one reading, in the terms the model reads."""

    entry: GazetteerEntry
    #: The resolver's prior from the reading's kind, size and name (``resolve.prior_score`` and its
    #: adjustments): news-wide knowledge ("New York" is the city) that one corpus' half is too small to learn.
    prior: float
    best_log_population: float
    region_asked: bool
    region_kind_asked: bool
    former_name: bool
    inside_longer_name: bool
    spelling_matched: bool
    in_focus_country: bool
    in_co_mentioned_country: bool
    in_named_region: bool
    qualified: bool


class RankedCandidate(Protocol):
    """The resolver's candidate as this module reads it (``resolve.Candidate``)."""

    entry: GazetteerEntry
    prior: float
    note: str | None
    region_query: bool
    region_kind_asked: bool
    former_name: bool
    in_focus_country: bool
    in_co_mentioned_country: bool
    in_named_region: bool


def candidate_facts(cand: RankedCandidate, best_log_population: float) -> CandidateFacts:
    note = cand.note or ""
    return CandidateFacts(
        entry=cand.entry,
        prior=cand.prior,
        best_log_population=best_log_population,
        region_asked=cand.region_query,
        region_kind_asked=cand.region_kind_asked,
        former_name=cand.former_name,
        inside_longer_name=note.startswith("place named inside"),
        spelling_matched=note.startswith("spelling matched"),
        in_focus_country=cand.in_focus_country,
        in_co_mentioned_country=cand.in_co_mentioned_country,
        in_named_region=cand.in_named_region,
        qualified=note.startswith("qualified by"),
    )


def candidate_vectors(cands: Sequence[RankedCandidate], points: Sequence[ContextPoint]) -> list[list[float]]:
    """The model's inputs for each reading of one name, beside the other places of the document."""
    if not cands:
        return []
    best = max(log_population(c.entry) for c in cands)
    return [feature_vector(candidate_facts(c, best), points) for c in cands]


def log_population(entry: GazetteerEntry) -> float:
    return math.log10(max(entry.population, 0) + 10)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _coherence(entry: GazetteerEntry, points: Sequence[ContextPoint]) -> tuple[float, float]:
    """Closeness to the nearest other place (1 at 0 km, 0.5 at 100 km) and the weighted share within 300 km."""
    others = [p for p in points if p.geonameid != entry.geonameid]
    if not others:
        return 0.0, 0.0
    distances = [_km(entry.lat, entry.lon, p.lat, p.lon) for p in others]
    total = sum(p.weight for p in others)
    near = sum(p.weight for p, d in zip(others, distances, strict=True) if d <= _NEAR_KM)
    return 1.0 / (1.0 + min(distances) / 100.0), near / total if total else 0.0


def feature_vector(facts: CandidateFacts, points: Sequence[ContextPoint]) -> list[float]:
    entry = facts.entry
    feature = entry.feature
    kind = entry.match_kind
    is_region = feature.startswith("A.ADM")
    closeness, share_near = _coherence(entry, points)
    values = {
        "kind_and_size_prior": facts.prior,
        "log_population": log_population(entry),
        "log_population_below_best": facts.best_log_population - log_population(entry),
        # A region counts more people than a town of its name: its size weighs on another scale.
        "log_population_of_a_region": log_population(entry) if is_region else 0.0,
        "country_or_continent": float(feature in ("A.PCLI", "L.CONT")),
        "first_level_region": float(feature == "A.ADM1"),
        "second_level_region": float(feature == "A.ADM2"),
        "capital_own_name": float(feature == "P.PPLC" and kind == NAME_PRIMARY),
        "alternate_name": float(kind == NAME_ALTERNATE),
        # GeoNames lists odd alternate names for villages, few for big cities whose alternates are their
        # everyday English names ("New York" for New York City).
        "alternate_name_of_a_town": float(kind == NAME_ALTERNATE and feature.startswith("P.")
                                          and entry.population < _BIG_CITY),
        "abbreviation": float(kind == NAME_ABBREVIATION),
        "demonym": float(kind == NAME_DEMONYM),
        "region_name_stem": float(kind == NAME_STEM),
        "region_asked_and_region": float(facts.region_asked and is_region),
        "region_kind_asked": float(facts.region_kind_asked),
        "former_name": float(facts.former_name),
        "inside_a_longer_name": float(facts.inside_longer_name),
        "spelling_matched": float(facts.spelling_matched),
        "in_focus_country": float(facts.in_focus_country),
        "in_co_mentioned_country": float(facts.in_co_mentioned_country),
        "in_named_region": float(facts.in_named_region),
        "qualified_by_text": float(facts.qualified),
        "closeness_to_other_places": closeness,
        "share_of_other_places_near": share_near,
    }
    return [values[name] for name in FEATURES]


@dataclass(frozen=True)
class Weights:
    coefficients: tuple[float, ...]
    intercept: float

    def score(self, vector: Sequence[float]) -> float:
        return self.intercept + sum(w * x for w, x in zip(self.coefficients, vector, strict=True))


def parse_weights(text: str) -> Weights:
    """Read a weights file; refuse one written for other features (a stale file must not rank silently)."""
    data = json.loads(text)
    names = tuple(data["features"])
    if names != FEATURES:
        raise ValueError(f"{WEIGHTS_FILE}: features {names} differ from the resolver's {FEATURES}; refit it")
    coefficients = tuple(float(data["coefficients"][name]) for name in FEATURES)
    return Weights(coefficients=coefficients, intercept=float(data["intercept"]))


@functools.lru_cache(maxsize=1)
def shipped_weights() -> Weights | None:
    """The fitted weights shipped with the package, or None when the file is absent."""
    path = resources.files(__package__).joinpath("data", WEIGHTS_FILE)
    if not path.is_file():
        return None
    return parse_weights(path.read_text(encoding="utf-8"))
