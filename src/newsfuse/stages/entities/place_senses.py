"""Gazetteer knowledge for the entities stage: demonyms and same-named places.

* A name the gazetteer knows only as the demonym of a country ("Ukrainian",
  "Syrians") is a nationality adjective or a people, typed ``other`` and kept
  apart from the country: "Ukrainian troops" are not a place.
* A place name that names several prominent places in different countries
  ("Georgia" the country and the US state) is split by article when the
  articles' other places point to different senses: each sense is scored by
  how many co-mentioned places lie nearer to it than to the other senses
  (Tbilisi and Russia are near the Caucasus, Atlanta is in the state).  An
  article without a clear winner joins the sense most articles chose.
* :func:`retype` and :func:`join_place_names`: a one-word "person" that is a big city is the city,
  an acronym "place" the gazetteer does not know is no place, and two names the gazetteer gives to
  one country or region ("the Holy See", "Vatican") are one entity.

The gazetteer is read through :class:`PlaceIndex`, so tests can hand in a
small table; the stage uses :func:`newsfuse.gazetteer.open_gazetteer`.
"""

from __future__ import annotations

import logging
import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Protocol

from ...gazetteer import normalise_name
from ...model import EntityType
from . import names
from .evidence import MentionEvidence

logger = logging.getLogger(__name__)
#: Mention indices of one entity and its type.
Cluster = tuple[list[int], EntityType]

#: ``match_kind`` of a demonym key in the gazetteer (see ``gazetteer.sources.NAME_DEMONYM``).
NAME_DEMONYM = 3
_NAME_PRIMARY = 0
_NAME_ALTERNATE = 1
#: A sense must be a country, a first-level region or a city of this size to compete.
_PROMINENT_POPULATION = 100_000
#: Entries of a co-mentioned name smaller than this share of its largest one are ignored
#: ("Russia" is the country, not the hamlet of 600 in the US).
_MINOR_SHARE = 0.1
_MAX_SENSES = 3
#: A sense much smaller than the best-known one does not compete: "London" in an
#: article about Toronto is still the capital, unless the text says "Ontario".
_RIVAL_SHARE = 0.2


class PlaceRecord(Protocol):
    @property
    def lat(self) -> float: ...
    @property
    def lon(self) -> float: ...
    @property
    def country(self) -> str: ...
    @property
    def feature(self) -> str: ...
    @property
    def population(self) -> int: ...
    @property
    def match_kind(self) -> int: ...


class PlaceIndex(Protocol):
    def lookup(self, key: str) -> Sequence[PlaceRecord]: ...


def is_demonym(index: PlaceIndex, name: str) -> bool:
    """Whether the gazetteer knows the name (or its singular) only as a country's demonym."""
    key = normalise_name(name)
    for candidate in (key, key[:-1] if key.endswith("s") else ""):
        entries = index.lookup(candidate) if candidate else ()
        if entries:
            return all(e.match_kind == NAME_DEMONYM for e in entries)
    return False


def _distance_km(a: PlaceRecord, b: PlaceRecord) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def senses(index: PlaceIndex, name: str) -> list[PlaceRecord]:
    """Prominent places in different countries that carry this name as their own name."""
    entries = [e for e in index.lookup(normalise_name(name)) if e.match_kind == _NAME_PRIMARY]
    prominent = [
        e
        for e in entries
        if e.feature.startswith("A.PCL") or e.feature == "A.ADM1" or e.population >= _PROMINENT_POPULATION
    ]
    best_by_country: dict[str, PlaceRecord] = {}
    for entry in sorted(prominent, key=lambda e: -e.population):
        best_by_country.setdefault(entry.country, entry)
    ranked = list(best_by_country.values())
    if not ranked:
        return []
    return [e for e in ranked if e.population >= _RIVAL_SHARE * ranked[0].population][:_MAX_SENSES]


def _main_entries(index: PlaceIndex, name: str) -> list[PlaceRecord]:
    entries = list(index.lookup(normalise_name(name)))
    if not entries:
        return []
    largest = max(e.population for e in entries)
    return [e for e in entries if e.population >= _MINOR_SHARE * largest]


def _article_sense(index: PlaceIndex, choices: Sequence[PlaceRecord], co_places: Sequence[str]) -> int | None:
    """Index of the sense most co-mentioned places lie nearest to, or None without a clear winner."""
    votes: Counter[int] = Counter()
    for other in co_places:
        entries = _main_entries(index, other)
        if not entries:
            continue
        nearest = [min(_distance_km(sense, e) for e in entries) for sense in choices]
        best = min(range(len(choices)), key=lambda n: nearest[n])
        if sum(d == nearest[best] for d in nearest) == 1:
            votes[best] += 1
    if not votes:
        return None
    ranked = votes.most_common(2)
    if len(ranked) == 2 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def split_by_sense(
    index: PlaceIndex,
    name: str,
    articles_of: Mapping[str, Sequence[int]],
    co_places: Mapping[str, Sequence[str]],
) -> list[list[int]] | None:
    """Split one place entity's mentions by sense, or None when its articles agree (or cannot tell).

    ``articles_of`` maps each article to the entity's mentions in it,
    ``co_places`` each article to the names of the other places it mentions.
    """
    if len(articles_of) < 2:
        return None
    choices = senses(index, name)
    if len(choices) < 2:
        return None
    chosen = {article: _article_sense(index, choices, co_places.get(article, ())) for article in articles_of}
    decided = Counter(sense for sense in chosen.values() if sense is not None)
    if len(decided) < 2:
        return None
    default = decided.most_common(1)[0][0]
    groups: dict[int, list[int]] = defaultdict(list)
    for article, mentions in articles_of.items():
        sense = chosen[article]
        groups[default if sense is None else sense].extend(mentions)
    return [groups[sense] for sense in sorted(groups)]


_MAJOR_FEATURES = ("A.PCLI", "A.ADM1", "L.CONT")
_OWN_NAME_KINDS = frozenset({_NAME_PRIMARY, _NAME_ALTERNATE})


def _own_name_entries(index: PlaceIndex, name: str) -> list[PlaceRecord]:
    """Readings of the name as a place's own or alternate name (not a demonym, stem or abbreviation)."""
    return [e for e in index.lookup(normalise_name(name)) if e.match_kind in _OWN_NAME_KINDS]


def _prominent(entry: PlaceRecord) -> bool:
    return entry.feature in _MAJOR_FEATURES or (
        entry.feature.startswith("P.") and entry.population >= _PROMINENT_POPULATION
    )


def is_prominent_place(index: PlaceIndex, name: str) -> bool:
    """A country, first-level region, continent or city of 100,000+ people goes by this name."""
    return any(_prominent(e) for e in _own_name_entries(index, name))


_NAME_ABBREVIATION = 4


def knows_acronym(index: PlaceIndex, acronym: str) -> bool:
    """Whether a short or capitalised form names a place ("UAE", "NYC", "B.C.", a dateline's "WAUSAU"),
    not merely some village's alternate name ("AI")."""
    entries = index.lookup(normalise_name(acronym))
    return any(e.match_kind in (_NAME_PRIMARY, _NAME_ABBREVIATION) or _prominent(e) for e in entries)


def referent(index: PlaceIndex, name: str) -> tuple[str, str, float, float] | None:
    """The one country, region or continent the name stands for, as a comparable key; None when not one.

    "the Holy See" and "Vatican", "the Republic of Armenia" and "Armenia" give the same key: names of
    one referent.  A name of two such places ("Georgia") gives None and joins nothing.
    """
    major = {(e.country, e.feature, round(e.lat, 3), round(e.lon, 3)) for e in _own_name_entries(index, name)
             if e.feature in _MAJOR_FEATURES}
    return major.pop() if len(major) == 1 else None


def retype(
    clusters: list[Cluster],
    names_of: Sequence[str],
    forms: Sequence[names.NameForm],
    evidence: Sequence[MentionEvidence],
    index: PlaceIndex,
    place_labelled: Sequence[bool],
) -> list[Cluster]:
    """Types the gazetteer settles where the NER and the words around a name say nothing better.

    * A one-word "person" with no person evidence (no title, never part of a longer personal name,
      not a given name or surname of another person of the briefing) that names a country, region or
      city of 100,000+ is that place when at least one of its mentions the NER tagged as a place
      (``place_labelled``): the small model tags cities as people now and then, while "Paul" and
      "Nelson" are cities too.
    * A "place" written only as an acronym that names no prominent place and has no place cue
      ("AI") is something else.
    """
    personal_words = {
        names.fold(word)
        for members, etype in clusters
        if etype == "person"
        for m in members
        if len(forms[m].tokens) >= 2
        for word in (forms[m].tokens[0], forms[m].tokens[-1])
    }
    out: list[Cluster] = []
    for (members, etype), name in zip(clusters, names_of, strict=True):
        one_word = all(len(forms[m].tokens) == 1 for m in members)
        if (
            etype == "person"
            and one_word
            and any(place_labelled[m] for m in members)
            and names.fold(name) not in personal_words
            and not any(forms[m].titled for m in members)
            and not names.is_acronym(name)
            and is_prominent_place(index, name)
        ):
            etype = "place"
        elif (
            etype == "place"
            and all(names.is_acronym(forms[m].name) for m in members)
            and not any(evidence[m].place_cue for m in members)
            and not knows_acronym(index, name)
        ):
            etype = "other"
        out.append((members, etype))
    return out


def join_place_names(
    clusters: list[Cluster], names_of: Sequence[str], index: PlaceIndex
) -> list[Cluster]:
    """Join place entities whose names the gazetteer gives to the one same country, region or continent."""
    first_of: dict[tuple[str, str, float, float], int] = {}
    out: list[Cluster] = []
    for (members, etype), name in zip(clusters, names_of, strict=True):
        key = referent(index, name) if etype == "place" else None
        if key is None:
            out.append((members, etype))
        elif key in first_of:
            logger.info("entities: %r joins %r: one place in the gazetteer", name, names_of[first_of[key]])
            out[first_of[key]][0].extend(members)
        else:
            first_of[key] = len(out)
            out.append((list(members), etype))
    return out
