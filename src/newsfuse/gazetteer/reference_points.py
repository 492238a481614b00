"""GeoNames' own representative points of countries, vendored as a small table.

A country answer is scored, and drawn, at one point.  ``countryinfo``'s points
are rounded centres that can sit hundreds of kilometres from GeoNames' point
(the United States 235 km, Canada over 1,000 km), so a right answer lands far
from where GeoNames, and every corpus annotated with GeoNames, puts it.  The
table in ``data/country_points.tsv`` carries GeoNames' points (source and
check in its header and in the README); a country missing from it keeps the
``countryinfo`` point or the centre of its towns.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import resources

_TABLES = ("country_points.tsv",)


def _read(name: str) -> str:
    return resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def table_digest() -> str:
    """Short digest of the vendored tables, part of the index version."""
    digest = hashlib.sha256()
    for name in _TABLES:
        digest.update(_read(name).encode("utf-8"))
    return digest.hexdigest()[:8]


@functools.lru_cache(maxsize=1)
def country_points() -> dict[str, tuple[float, float]]:
    """ISO alpha-2 code -> (latitude, longitude) of GeoNames' country point."""
    text = _read("country_points.tsv")
    out: dict[str, tuple[float, float]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, lat, lon = line.split("\t")
        out[code] = (float(lat), float(lon))
    return out
