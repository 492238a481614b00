"""Country outlines under the map's markers (Natural Earth 1:110m, read offline from the installed data)."""

from __future__ import annotations

import os

import pytest

from newsfuse.model import Briefing, Entity, MentionRef, Place
from newsfuse.report.svgmap import build_map, country_rings, natural_earth_path

OUTLINES_EXPECTED = bool(os.environ.get("CI"))  # `make install` installs the data; CI must not skip


def _briefing(*places: tuple[str, float, float]) -> Briefing:
    entities = [Entity(id=f"E{n}", name=name, type="place", variants=[name],
                       mentions=[MentionRef(article="a1", sentence=0, text=name)])
                for n, (name, _lat, _lon) in enumerate(places, 1)]
    found = [Place(entity=f"E{n}", name=name, lat=lat, lon=lon, country="XX", resolved=True, feature="P.PPL")
             for n, (name, lat, lon) in enumerate(places, 1)]
    return Briefing(newsfuse_version="test", entities=entities, places=found)


def test_outlines_are_drawn_under_the_markers_when_the_data_is_installed() -> None:
    if natural_earth_path() is None:
        if OUTLINES_EXPECTED:
            pytest.fail("Natural Earth outlines not installed (requirements/mapdata.txt)")
        pytest.skip("Natural Earth outlines not installed")
    assert len(country_rings()) > 200
    # Two invented dateline towns on the Danube plain: the view holds a few countries, not the world.
    svg = build_map(_briefing(("Velmar", 45.2, 19.8), ("Oskrad", 44.6, 20.6)))
    assert svg is not None and 1 <= len(svg.outlines) < 60
    assert all(d.startswith("M") and d.endswith("Z") for d in svg.outlines)


def test_open_sea_view_has_no_outlines() -> None:
    svg = build_map(_briefing(("Buoy Seven", -40.0, -130.0)))
    assert svg is not None and svg.outlines == []
