"""Choose which same-named place a document means.

Every name is looked up exactly (after normalisation); each candidate gets a
prior score from its kind and size, then context:

* **prior**: countries and continents first, then cities by log population
  (capitals get a bonus), first-level regions below a big city of the same
  name ("Donetsk" is the city), second-level regions last.  A match on an
  alternate name counts less than one on the primary name.
* **region words**: "Donetsk region", "Kharkiv Oblast", "Suffolk County" ask for
  an administrative region: only regions are candidates.  If the gazetteer has
  no region of that name, the region containing the most populous place called
  "Donetsk" is used (the regional capital usually gives the region its name).
* **focus**: names with one clear reading are resolved first; the country most
  of their mentions fall in is the document's focus country, and their
  countries and first-level regions are its context.  Candidates in the focus
  country, in a co-mentioned country, or in a co-mentioned region gain.
* **fuzzy** matching is tried only when nothing matches exactly, only against
  places of the focus country, and only above a similarity threshold.

A small place that only matches an alternate name, far from any context, is
left unresolved: a missing point is better than a wrong one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process

from . import ranking
from .normalise import normalise_name
from .sources import NAME_ABBREVIATION, NAME_ALTERNATE, NAME_PRIMARY, NAME_STEM, REGION_TYPE_WORDS
from .store import Gazetteer, GazetteerEntry

# Region words that ask for a first-level region; the rest of REGION_TYPE_WORDS ask for the second level.
_ADM1_WORDS = frozenset({"oblast", "region", "province", "governorate", "state", "prefecture", "voivodeship",
                         "krai", "kray", "territory"})
_FUZZY_MIN_RATIO = 90.0
_FUZZY_MIN_LENGTH = 5
_FUZZY_MIN_POPULATION = 1_000
_CONFIDENT_MARGIN = 1.5
_REGION_MARGIN = 1.0
_BIG_CITY = 100_000
_TOWN = 10_000
_FORMER_NAME_PENALTY = 1.0
# Notes of readings that are guesses: capped confidence, no say in the document's context.
_WEAK_READING_NOTES = ("spelling matched", "place named inside")
# A place this small (prior below ~10,000 people) is only trusted with some context for it.
_WEAK_PRIOR = 2.4
# Words that name a direction or a kind of place; alone they are never a place name ("the West", "Western").
_GENERIC_WORDS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "middle",
    "gulf", "coast", "capital", "city", "island", "islands", "valley", "river", "lake", "sea", "bay", "mount",
    "county", "state", "region", "province", "district", "border", "frontier", "downtown", "uptown",
})
# Last words of streets, squares and buildings that towns rarely end with ("Hills", "Park", "Port" often do).
_STREET_AND_BUILDING_WORDS = frozenset({
    "street", "road", "square", "plaza", "bridge", "station", "airport", "tower", "hall", "house", "church",
    "school", "hospital", "university", "college", "market", "garden", "gardens", "castle", "court", "office",
    "centre", "center", "lane", "boulevard", "fields",
})
# Leading words that qualify a name rather than being one ("Middle East", "Upper Valley", "Greater Downtown").
_LEADING_QUALIFIERS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "middle",
    "upper", "lower", "greater", "inner", "outer", "northeast", "northwest", "southeast", "southwest",
})
# Words of facility and organisation names that also happen to be (parts of) place names ("Park County").
_FACILITY_WORDS = frozenset({
    "park", "hill", "hills", "bend", "street", "road", "square", "bridge", "airport", "station", "port",
    "university", "college", "school", "hospital", "church", "centre", "center", "tower", "house", "hall",
    "village", "town", "castle", "court", "office", "market", "garden", "gardens", "field", "fields",
})


@dataclass(frozen=True)
class NameQuery:
    """One distinct place name of a document and how often it is mentioned."""

    name: str
    count: int = 1
    #: The text qualifies the name with a country or first-level region: "Buffalo, New York",
    #: "Wainwright, Alta.", "Queensland, Australia".  Only readings inside it count.
    within: str | None = None
    #: The text asks for a region: "the state of Washington", "Oregon and Washington laws",
    #: or the name is itself the qualifier of another ("New York" in "Buffalo, New York").
    region: bool = False


@dataclass
class Candidate:
    entry: GazetteerEntry
    prior: float
    context: float = 0.0
    note: str | None = None
    #: The document's own surroundings vouch for it: in the focus country or in a co-mentioned region.
    near_focus: bool = False
    #: In a first-level region the document names.
    in_named_region: bool = False
    #: In the document's focus country / in another country it mentions.
    in_focus_country: bool = False
    in_co_mentioned_country: bool = False
    #: The name carried a region word ("Suffolk County"), and this reading is a region of the kind it asks for.
    region_query: bool = False
    region_kind_asked: bool = False
    #: A city known by the name only as a former or foreign name, while a town bears it as its own.
    former_name: bool = False
    #: The fitted model's score, once the document's context is known (see :mod:`.ranking`).
    fitted: float | None = None

    @property
    def score(self) -> float:
        return self.prior + self.context

    @property
    def rank(self) -> float:
        return self.fitted if self.fitted is not None else self.score


@dataclass
class Resolution:
    query: NameQuery
    entry: GazetteerEntry | None
    confidence: float = 0.0
    note: str | None = None
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return self.entry is not None


@dataclass
class DocumentContext:
    focus_country: str | None = None
    countries: frozenset[str] = frozenset()
    admin1: frozenset[tuple[str, str]] = frozenset()
    #: Where the document's clearly resolved names lie, for the coherence of each reading with the rest.
    points: tuple[ranking.ContextPoint, ...] = ()


def _population_score(population: int) -> float:
    return 0.6 * math.log10(max(population, 0) + 10)


def prior_score(entry: GazetteerEntry, region_query: bool) -> float:
    feature = entry.feature
    if feature in ("A.PCLI", "L.CONT"):
        score = 5.5
    elif feature == "A.ADM1":
        score = 1.5 + 0.3 * math.log10(entry.population + 10)
    elif feature == "A.ADM2":
        score = 0.5 + 0.3 * math.log10(entry.population + 10)
    else:
        # A capital's bonus comes with its own name only: "Salisbury" (an old name of Harare) is no capital.
        capital = feature == "P.PPLC" and entry.match_kind == NAME_PRIMARY
        score = _population_score(entry.population) + (1.5 if capital else 0.0)
    if region_query and feature.startswith("A.ADM"):
        score += 3.0
    if entry.match_kind == NAME_ALTERNATE:
        # GeoNames lists many odd alternate names for villages, few for big cities whose alternates are
        # their everyday English names ("New York" for New York City).
        if feature.startswith("P."):
            score -= 1.0 if entry.population < _BIG_CITY else 0.4
        else:
            score -= 0.3
    elif entry.match_kind == NAME_ABBREVIATION:
        score += 2.0  # only reached for a mention that looks abbreviated (see candidates)
    elif entry.match_kind == NAME_STEM and not region_query:
        score -= 0.5
    return score


def _query_key(name: str) -> str:
    text = name.strip()
    if text.endswith(("'s", "’s")):
        text = text[:-2]
    key = normalise_name(text)
    key = key.removeprefix("the ")
    return key


def looks_abbreviated(surface: str) -> bool:
    """"Calif.", "N.J.", "NJ", "B.C.": a short form, not a word ("La" the village is not "La.")."""
    text = surface.strip()
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    return ("." in text and len(letters) <= 5) or (text.isupper() and len(letters) <= 3)


def candidates(gazetteer: Gazetteer, name: str) -> list[Candidate]:
    """Every gazetteer reading of ``name`` with its prior score."""
    key = _query_key(name)
    if not key:
        return []
    words = key.split()
    if key in _GENERIC_WORDS:
        return []
    if len(words) >= 2 and words[-1] in REGION_TYPE_WORDS:
        return _region_candidates(gazetteer, key, " ".join(words[:-1]), words[-1])
    if len(words) >= 2 and words[-1] == "co" and name.strip().lower().endswith(" co."):
        # "PLYMOUTH CO.": the county, written short.
        stem = " ".join(words[:-1])
        return _region_candidates(gazetteer, f"{stem} county", stem, "county")
    entries = gazetteer.lookup(key)
    abbreviated = looks_abbreviated(name)
    if not abbreviated:
        entries = tuple(e for e in entries if e.match_kind != NAME_ABBREVIATION)
    stripped = name.strip().replace(".", "")
    if len(stripped) <= 3 and stripped.isupper():
        # "EU", "US", "UK": an acronym names a country or a region, not a village called "Eu" or "Us".
        entries = tuple(e for e in entries if not e.feature.startswith("P."))
    if not entries and len(words) >= 2:
        return _embedded_candidates(gazetteer, words)
    out = [Candidate(entry=e, prior=prior_score(e, region_query=False)) for e in entries]
    # A town that bears the name as its own outranks a city known by it only as a former or foreign name
    # ("Salisbury" is the English town, not Harare); "New York" (New York City) keeps its everyday name,
    # which is part of its own.
    if any(e.match_kind == NAME_PRIMARY and e.feature.startswith("P.") and e.population >= _TOWN for e in entries):
        for cand in out:
            entry = cand.entry
            if entry.match_kind == NAME_ALTERNATE and entry.feature.startswith("P.") \
                    and key not in normalise_name(entry.name):
                cand.prior -= _FORMER_NAME_PENALTY
                cand.former_name = True
    return out


# Words that cannot start or end a place name found inside a longer name ("Bank of Japan" -> "Japan").
_EDGE_STOPWORDS = frozenset({"of", "the", "and", "for", "at", "in", "on", "de", "la", "le", "del", "a", "an"})
# Inside a longer name only a well-known place is trusted: a country or continent (any of its names or
# adjectives), or a first-level region or city this big under its own name.  Smaller towns and counties
# share their names with people ("Agnes Jones House").
_EMBEDDED_MIN_POPULATION = 100_000
_EMBEDDED_FILLER = _GENERIC_WORDS | _FACILITY_WORDS | {"old", "new", "great", "greater", "upper", "lower", "royal"}
# Last words of names that are only named after a place, not in it ("Atlantic Avenue", "Mississippi River").
_NAMESAKE_HEADS = frozenset({
    "avenue", "ave", "street", "st", "drive", "road", "rd", "lane", "boulevard", "blvd", "way", "river",
    "creek", "lake", "mountains", "mountain",
})


def _embedded_candidates(gazetteer: Gazetteer, words: list[str]) -> list[Candidate]:
    """The place named inside an organisation's or a facility's name, longest name first.

    "Colorado State University" is in Colorado, "Bank of Japan" in Japan: with no gazetteer entry for
    the whole name, the longest run of its words that names a country, continent, first-level region or
    big city stands in for it, with a lower prior.  Streets and rivers are only named after places.
    """
    if words[-1] in _NAMESAKE_HEADS:
        return []
    for size in range(len(words) - 1, 0, -1):
        for first in range(len(words) - size + 1):
            part = words[first:first + size]
            if part[0] in _EDGE_STOPWORDS or part[-1] in _EDGE_STOPWORDS:
                continue
            if all(word in _EMBEDDED_FILLER for word in part):
                continue  # "Central District", "Old Town": words of a name, not a name
            found = [
                e for e in gazetteer.lookup(" ".join(part))
                if (e.feature in ("A.PCLI", "L.CONT") and e.match_kind != NAME_ABBREVIATION)
                or (e.feature in ("A.ADM1", "P.PPL", "P.PPLC") and e.match_kind == NAME_PRIMARY
                    and e.population >= _EMBEDDED_MIN_POPULATION)
            ]
            if found:
                note = f"place named inside {' '.join(words)!r}"
                return [Candidate(entry=e, prior=prior_score(e, region_query=False) - 0.5, note=note) for e in found]
    return []


def _region_candidates(gazetteer: Gazetteer, key: str, stem: str, type_word: str) -> list[Candidate]:
    wanted = "A.ADM1" if type_word in _ADM1_WORDS else "A.ADM2"
    found: dict[int, GazetteerEntry] = {}
    for entry in (*gazetteer.lookup(key), *gazetteer.lookup(stem)):
        if entry.feature.startswith("A.ADM") and entry.geonameid not in found:
            found[entry.geonameid] = entry
    out = []
    for entry in found.values():
        prior = prior_score(entry, region_query=True) + (1.0 if entry.feature == wanted else 0.0)
        out.append(Candidate(entry=entry, prior=prior, region_query=True, region_kind_asked=entry.feature == wanted))
    if out or wanted != "A.ADM1":
        return out
    # No region of that name: take the region around the biggest place of the stem's name.
    towns = [e for e in gazetteer.lookup(stem) if e.feature.startswith("P.") and e.admin1]
    if not towns:
        return []
    seat = max(towns, key=lambda e: (e.match_kind == NAME_PRIMARY, e.population))
    assert seat.admin1 is not None
    region = gazetteer.admin1_region(seat.country, seat.admin1)
    if region is None:
        return []
    note = f"region found through its seat {seat.name}"
    return [Candidate(entry=region, prior=prior_score(region, region_query=True), note=note, region_query=True,
                      region_kind_asked=True)]


def _apply_context(cands: Sequence[Candidate], ctx: DocumentContext) -> None:
    for cand in cands:
        entry = cand.entry
        bonus = 0.0
        cand.in_focus_country = bool(entry.country and entry.country == ctx.focus_country)
        cand.in_co_mentioned_country = not cand.in_focus_country and entry.country in ctx.countries
        if cand.in_focus_country:
            bonus += 2.0
        elif cand.in_co_mentioned_country:
            bonus += 0.8
        # Only places below a region gain from it: a capital or the region itself must not outrank its country.
        in_region = entry.feature in ("P.PPL", "A.ADM1", "A.ADM2")
        cand.in_named_region = bool(in_region and entry.admin1 and (entry.country, entry.admin1) in ctx.admin1)
        if cand.in_named_region:
            bonus += 1.5
        cand.context = bonus
        cand.near_focus = cand.in_named_region or bool(entry.country and entry.country == ctx.focus_country)


def _softmax_top(cands: Sequence[Candidate]) -> tuple[Candidate, float, float]:
    ranked = sorted(cands, key=lambda c: c.rank, reverse=True)
    top = ranked[0].rank
    weights = [math.exp(c.rank - top) for c in ranked]
    margin = top - ranked[1].rank if len(ranked) > 1 else math.inf
    return ranked[0], weights[0] / sum(weights), margin


def _small_local_place(entry: GazetteerEntry) -> bool:
    """A town below city size, or a district known only by an alternate name ("Korea" for Koriya, India)."""
    if entry.feature.startswith("P."):
        return entry.population < _BIG_CITY
    return entry.feature == "A.ADM2" and entry.match_kind != NAME_PRIMARY


def _distrust(query: NameQuery, best: Candidate) -> str | None:
    """Why the best reading is not believed, or None.  A missing point is better than a wrong one."""
    entry = best.entry
    where = f"{entry.name}, {entry.country}"
    # The alternate-name penalty is inside the prior, so alternate-only matches fall under this sooner.
    if entry.feature.startswith("P.") and best.prior < _WEAK_PRIOR and best.context == 0.0:
        return f"only a small place ({where}) matches, with no context for it"
    # A district's alternate names include old and foreign spellings that are other places' names too
    # ("Korea" for Koriya, India): only the document's own country or regions make one believable.
    alternate_district = entry.feature == "A.ADM2" and entry.match_kind != NAME_PRIMARY
    if alternate_district and best.prior < _WEAK_PRIOR and not best.near_focus:
        return f"only a district's alternate name ({where}) matches, outside the document's country"
    if not _small_local_place(entry):
        return None
    words = _query_key(query.name).split()
    if len(words) < 2:
        return None
    # "Middle East", "Central Park", "Franklin Square", "Royal Street": a direction or a facility word makes
    # a name that many neighbourhoods, squares and streets share with some small town; only a named region
    # around that town makes it the one meant, and for a direction also a town's size (cities500 lists
    # neighbourhoods of a few thousand people under such names).
    if words[0] in _LEADING_QUALIFIERS and not (best.in_named_region and entry.population >= _TOWN):
        return f"a qualified name ('{words[0]} ...') matches only a small place ({where}), no known feature"
    if words[-1] in _STREET_AND_BUILDING_WORDS | _NAMESAKE_HEADS and not best.in_named_region:
        return f"a place-like name matches only a small place ({where}) outside any region the document names"
    return None


def _decide(query: NameQuery, cands: list[Candidate]) -> Resolution:
    if not cands:
        return Resolution(query=query, entry=None, note="no place of this name in the gazetteer")
    best, prob, _margin = _softmax_top(cands)
    reason = _distrust(query, best)
    if reason is not None:
        return Resolution(query=query, entry=None, confidence=0.0, note=reason, candidates=cands)
    return Resolution(query=query, entry=best.entry, confidence=round(prob, 3), note=best.note, candidates=cands)


@dataclass(frozen=True)
class _Vote:
    country: str | None
    weight: float
    admin1: tuple[str, str] | None


def _vote(res: Resolution) -> _Vote:
    """What one resolved name says about the document's country and regions."""
    if res.entry is None or not res.candidates:
        return _Vote(None, 0.0, None)
    if res.note and res.note.startswith(_WEAK_READING_NOTES):
        return _Vote(None, 0.0, None)  # a guessed spelling or a place inside a longer name is no evidence
    best, _prob, _margin = _softmax_top(res.candidates)
    entry = best.entry
    # The clearer a name is about its country, the more it weighs: "Georgia" (a country, 3 points above
    # the US state) counts less than "Atlanta" (no rival abroad at all).
    rivals = [c.score for c in res.candidates if c.entry.country != entry.country]
    country_margin = best.score - max(rivals, default=-math.inf)
    weight = 0.0
    if country_margin >= _CONFIDENT_MARGIN and entry.country:
        weight = res.query.count * min(1.0, (country_margin - _CONFIDENT_MARGIN) / 2.5 + 0.1)
    region = None
    if entry.admin1 and entry.feature != "A.PCLI":
        key = (entry.country, entry.admin1)
        region_rivals = [c.score for c in res.candidates if (c.entry.country, c.entry.admin1) != key]
        if best.score - max(region_rivals, default=-math.inf) >= _REGION_MARGIN:
            region = key
    return _Vote(entry.country if weight else None, weight, region)


def _context_from(votes: Sequence[_Vote]) -> DocumentContext:
    by_country: dict[str, float] = {}
    for v in votes:
        if v.country:
            by_country[v.country] = by_country.get(v.country, 0.0) + v.weight
    focus = max(by_country, key=lambda c: by_country[c]) if by_country else None
    admin1 = frozenset(v.admin1 for v in votes if v.admin1)
    return DocumentContext(focus_country=focus, countries=frozenset(by_country), admin1=admin1)


def build_context(resolutions: Sequence[Resolution]) -> DocumentContext:
    """Focus country and co-mentioned countries/regions from names with one clear reading."""
    return _context_from([_vote(r) for r in resolutions])


def _fuzzy_candidates(gazetteer: Gazetteer, name: str, ctx: DocumentContext) -> list[Candidate]:
    key = _query_key(name)
    if ctx.focus_country is None or len(key) < _FUZZY_MIN_LENGTH:
        return []
    match = process.extractOne(
        key, gazetteer.country_name_keys(ctx.focus_country), scorer=fuzz.ratio, score_cutoff=_FUZZY_MIN_RATIO
    )
    if match is None:
        return []
    out = []
    if match[0][:1] != key[:1]:
        return []  # "Gatwick" is not "Atwick": a spelling variant keeps its first letter
    for entry in gazetteer.lookup(match[0]):
        # A hamlet of no recorded population is too weak a guess to put on a map.
        if entry.country == ctx.focus_country and entry.feature.startswith("P.") \
                and entry.population >= _FUZZY_MIN_POPULATION:
            note = f"spelling matched {entry.name!r} in {ctx.focus_country} ({match[1]:.0f}% similar)"
            out.append(Candidate(entry=entry, prior=prior_score(entry, region_query=False) - 1.0, note=note))
    return out


def _contexts_without_each(votes: Sequence[_Vote]) -> list[DocumentContext]:
    """For every name, the context of the other names' votes: "Paris" must not vote Paris into France.

    Totals are summed once and each name's own vote taken out, so this is linear in the names (it was
    quadratic, which a run-on sentence naming thousands of places made slow).
    """
    weight: dict[str, float] = {}
    voters: dict[str, int] = {}
    regions: dict[tuple[str, str], int] = {}
    for v in votes:
        if v.country:
            weight[v.country] = weight.get(v.country, 0.0) + v.weight
            voters[v.country] = voters.get(v.country, 0) + 1
        if v.admin1:
            regions[v.admin1] = regions.get(v.admin1, 0) + 1
    out = []
    for own in votes:
        by_country = dict(weight)
        if own.country:
            by_country[own.country] -= own.weight
            if voters[own.country] == 1:
                del by_country[own.country]
        admin1 = frozenset(r for r, n in regions.items() if n - int(own.admin1 == r) > 0)
        focus = max(by_country, key=lambda c: by_country[c]) if by_country else None
        out.append(DocumentContext(focus_country=focus, countries=frozenset(by_country), admin1=admin1))
    return out


_QUALIFIER_FEATURES = ("A.PCLI", "A.ADM1")


def _inside(entry: GazetteerEntry, area: GazetteerEntry) -> bool:
    if entry.geonameid == area.geonameid or entry.country != area.country:
        return False
    return area.feature == "A.PCLI" or (entry.admin1 is not None and entry.admin1 == area.admin1)


def qualifier_areas(gazetteer: Gazetteer, name: str) -> list[GazetteerEntry]:
    """The countries and first-level regions a qualifier ("New York", "Alta.", "Australia") can name."""
    return [c.entry for c in candidates(gazetteer, name) if c.entry.feature in _QUALIFIER_FEATURES]


def likeliest_reading(gazetteer: Gazetteer, name: str) -> GazetteerEntry | None:
    """The reading of ``name`` with the best prior, before any context (for the text's own cues)."""
    cands = candidates(gazetteer, name)
    return max(cands, key=lambda c: c.prior).entry if cands else None


def _apply_qualifiers(gazetteer: Gazetteer, query: NameQuery, cands: list[Candidate]) -> list[Candidate]:
    """Keep the readings the text's own qualifiers allow; the rest only when none is allowed."""
    if query.within:
        areas = qualifier_areas(gazetteer, query.within)
        inside = [c for c in cands if any(_inside(c.entry, area) for area in areas)]
        if inside:
            for cand in inside:
                # The text vouches for the place as a named region does: a small town qualified by its
                # province ("Wainwright, Alta.") is as sure as one in a region the document names.
                cand.context += 1.5
                cand.in_named_region = cand.near_focus = True
                cand.note = cand.note or f"qualified by {query.within!r}"
            cands = inside
    if query.region:
        regions = [c for c in cands if c.entry.feature in ("A.PCLI", "A.ADM1", "A.ADM2")]
        cands = regions or cands
    return cands


def _context_points(resolutions: Sequence[Resolution]) -> tuple[ranking.ContextPoint, ...]:
    """The distinct places the first pass resolved, weighted by mentions; guessed readings left out."""
    points: dict[int, ranking.ContextPoint] = {}
    for res in resolutions:
        entry = res.entry
        if entry is None or (res.note and res.note.startswith(_WEAK_READING_NOTES)):
            continue
        before = points.get(entry.geonameid)
        weight = res.query.count + (before.weight if before else 0.0)
        points[entry.geonameid] = ranking.ContextPoint(entry.geonameid, entry.lat, entry.lon, weight)
    ranked = sorted(points.values(), key=lambda p: (-p.weight, p.geonameid))
    return tuple(ranked[: ranking.MAX_CONTEXT_POINTS])


def contextual_candidates(
    gazetteer: Gazetteer, queries: Sequence[NameQuery], context: DocumentContext | None = None
) -> tuple[list[list[Candidate]], list[tuple[ranking.ContextPoint, ...]], DocumentContext]:
    """Every name's readings once the document's context is applied, the other places each name is seen
    with, and the document's context: what the last pass ranks (and what ``bench/fit_resolver.py`` fits on).

    The text's own qualifiers (:class:`NameQuery` ``within`` and ``region``) narrow a name's readings
    before the first pass, so a qualified name also votes for the document's context.
    """
    per_query = [_apply_qualifiers(gazetteer, q, candidates(gazetteer, q.name)) for q in queries]
    first = [_decide(q, [replace(c) for c in cands]) for q, cands in zip(queries, per_query, strict=True)]
    votes = [_vote(r) for r in first]
    if context is not None:
        ctx = context
        own_contexts = [ctx] * len(queries)
        own_points = [ctx.points] * len(queries)
    else:
        ctx = replace(_context_from(votes), points=_context_points(first))
        own_contexts = _contexts_without_each(votes)
        # A name is not its own context: the place its first reading chose is left out of its points.
        own_points = [
            tuple(p for p in ctx.points if r.entry is None or p.geonameid != r.entry.geonameid) for r in first
        ]
    out = []
    for query, cands, own_ctx in zip(queries, per_query, own_contexts, strict=True):
        if not cands:
            cands = _apply_qualifiers(gazetteer, query, _fuzzy_candidates(gazetteer, query.name, own_ctx))
        _apply_context(cands, own_ctx)
        if query.within:
            _keep_qualifier_credit(cands)
        out.append(cands)
    return out, own_points, ctx


def resolve_names(
    gazetteer: Gazetteer, queries: Sequence[NameQuery], context: DocumentContext | None = None,
    *, fitted: bool = False,
) -> tuple[list[Resolution], DocumentContext]:
    """Resolve a document's place names together; returns the resolutions and the context used.

    The last pass ranks each name's readings by the hand priors and context bonuses, or with ``fitted``
    by the logistic model of :mod:`.ranking`.  The fitted model is off by default: on GeoWebNews' held-out
    half it scored below the hand ranking (see README, "Places and the gazetteer").
    """
    per_query, points, ctx = contextual_candidates(gazetteer, queries, context)
    weights = ranking.shipped_weights() if fitted else None
    out = []
    for query, cands, own_points in zip(queries, per_query, points, strict=True):
        if weights is not None:
            for cand, vector in zip(cands, ranking.candidate_vectors(cands, own_points), strict=True):
                cand.fitted = weights.score(vector)
        res = _decide(query, cands)
        if res.entry is not None and res.note and res.note.startswith(_WEAK_READING_NOTES):
            res.confidence = min(res.confidence, 0.5)
        out.append(res)
    return out, ctx


def _keep_qualifier_credit(cands: Sequence[Candidate]) -> None:
    """:func:`_apply_context` recomputes the context; a qualified reading keeps its credit on top."""
    for cand in cands:
        if cand.note and cand.note.startswith("qualified by"):
            cand.context += 1.5
            cand.in_named_region = cand.near_focus = True
