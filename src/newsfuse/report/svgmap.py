"""An offline map of the briefing's places: an SVG in an equirectangular projection.

No tiles and no network: the resolved places of :func:`.geojson.to_geojson`
are projected onto a box around them, with a graticule and labels, over the
country outlines of Natural Earth's 1:110m admin-0 set (public domain).  The
outlines ship inside the ``geopandas`` 0.14.4 wheel, installed data-only
(``--no-deps``, hash-pinned in ``requirements/mapdata.txt``) and read with
``pyshp``; geopandas itself is never imported.  Without them the map is drawn
without outlines.  Markers are sized by the number of independent outlets that name the place.

The result is plain numbers and strings; the template draws it, so every name
and sentence goes through the template's autoescaping.
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Briefing
from .geojson import to_geojson
from .view import anchor

logger = logging.getLogger(__name__)
WIDTH = 640
HEIGHT = 400
_MARGIN = 36
#: the smallest box the map shows (degrees), so one town is not drawn at street scale
_MIN_SPAN = 2.0
_STEPS = (0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0)


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    r: float
    name: str
    entity: str
    mentions: int
    lat: float
    lon: float
    sentences: list[tuple[str, str]]  # (anchor, sentence text)
    #: independent outlets naming the place (a near-duplicate article's outlet is not counted): the marker's size
    outlets: int = 1


@dataclass(frozen=True)
class GridLine:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str
    lx: float
    ly: float


@dataclass(frozen=True)
class SvgMap:
    width: int
    height: int
    markers: list[Marker]
    grid: list[GridLine]
    labelled: set[str]  # entities whose name is written next to the marker (the rest only on hover)
    outlines: list[str] = field(default_factory=list)  # SVG path data of the country outlines in view


#: (west, south, east, north) and the (lon, lat) points of one ring of a country's outline.
Ring = tuple[tuple[float, float, float, float], tuple[tuple[float, float], ...]]


def natural_earth_path() -> Path | None:
    """The 1:110m countries shapefile inside the geopandas wheel, found without importing geopandas."""
    spec = importlib.util.find_spec("geopandas")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "datasets" / "naturalearth_lowres"
    shp = path / "naturalearth_lowres.shp"
    return shp if shp.exists() else None


@functools.lru_cache(maxsize=1)
def country_rings() -> tuple[Ring, ...]:
    """Every ring of every country outline, with its bounding box; empty when the data is absent."""
    path = natural_earth_path()
    if path is None:
        return ()
    try:
        import shapefile  # pyshp
    except ImportError:
        logger.warning("pyshp is not installed: the map is drawn without country outlines")
        return ()
    rings: list[Ring] = []
    with shapefile.Reader(str(path)) as reader:
        for shape in reader.iterShapes():
            points = [(float(x), float(y)) for x, y in shape.points]
            starts = [*shape.parts, len(points)]
            for a, b in itertools.pairwise(starts):
                ring = tuple(points[a:b])
                if len(ring) < 3:
                    continue
                lons, lats = [p[0] for p in ring], [p[1] for p in ring]
                rings.append(((min(lons), min(lats), max(lons), max(lats)), ring))
    return tuple(rings)


def _outline_paths(west: float, south: float, east: float, north: float,
                   project: Any) -> list[str]:
    """SVG path data of the rings that reach into the view; the SVG's own box clips the rest."""
    out = []
    for (r_west, r_south, r_east, r_north), ring in country_rings():
        if r_east < west or r_west > east or r_north < south or r_south > north:
            continue
        parts: list[str] = []
        last: tuple[float, float] | None = None
        for lon, lat in ring:
            x, y = project(lon, lat)
            # Points closer than a pixel add bytes, not shape.
            if last is not None and abs(x - last[0]) < 1 and abs(y - last[1]) < 1:
                continue
            parts.append(f"{x:g} {y:g}")
            last = (x, y)
        if len(parts) >= 3:
            out.append("M" + " L".join(parts) + "Z")
    return out


def _step(span: float) -> float:
    return next((s for s in _STEPS if span / s <= 6), _STEPS[-1])


def _fmt(value: float, pos: str, neg: str) -> str:
    text = f"{abs(value):g}\u00b0"
    return text + (pos if value >= 0 else neg) if value else text


def _feature_code(feature: dict[str, Any]) -> str:
    # GeoNames feature as "A.PCLI" (class.code) or just "PCLI"
    return str(feature["properties"].get("feature") or "").rsplit(".", 1)[-1]


def _mapped(features: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The features worth a marker: places where things happen, at town-to-region scale.

    A country's centroid or a capital named as an actor ("Moscow said") would
    stretch the map to a continent and hide the places the story is about; they
    stay in the list under the map.  With nothing finer, everything is drawn.
    """
    local = [f for f in features if f["properties"].get("role") != "actor"
             and not _feature_code(f).startswith(("PCL", "CONT", "RGN", "OCN"))]
    return local or features


def _place_labels(markers: list[Marker]) -> set[str]:
    """Entities whose name label fits without overlapping a bigger marker's label."""
    boxes: list[tuple[float, float, float, float]] = []
    shown: set[str] = set()
    for m in markers:  # biggest first
        box = (m.x + m.r + 3, m.y - 8, m.x + m.r + 3 + 6.5 * len(m.name), m.y + 5)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
            continue
        boxes.append(box)
        shown.add(m.entity)
    return shown


def build_map(briefing: Briefing) -> SvgMap | None:
    """The map, or ``None`` when no place was resolved to coordinates (the report then says so)."""
    features = _mapped(to_geojson(briefing)["features"])
    if not features:
        return None
    texts = {(a.id, s.index): s.text for a in briefing.articles for s in a.sentences}
    lons = [float(f["geometry"]["coordinates"][0]) for f in features]
    lats = [float(f["geometry"]["coordinates"][1]) for f in features]
    lon_mid, lat_mid = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    # equirectangular with the standard parallel at the middle latitude: shapes look right near the places
    squash = max(math.cos(math.radians(lat_mid)), 0.2)
    lon_span = max(max(lons) - min(lons), _MIN_SPAN) * 1.2
    lat_span = max(max(lats) - min(lats), _MIN_SPAN) * 1.2
    scale = min((WIDTH - 2 * _MARGIN) / (lon_span * squash), (HEIGHT - 2 * _MARGIN) / lat_span)
    west = lon_mid - (WIDTH / 2) / (scale * squash)
    north = lat_mid + (HEIGHT / 2) / scale

    def project(lon: float, lat: float) -> tuple[float, float]:
        return round((lon - west) * scale * squash, 1), round((north - lat) * scale, 1)

    east, south = west + WIDTH / (scale * squash), north - HEIGHT / scale
    grid: list[GridLine] = []
    step = _step(max(east - west, north - south))
    lon = math.ceil(west / step) * step
    while lon <= east:
        x, _ = project(lon, north)
        grid.append(GridLine(x, 0, x, HEIGHT, _fmt(round(lon, 4), "E", "W"), x + 2, HEIGHT - 4))
        lon += step
    lat = math.ceil(south / step) * step
    while lat <= north:
        _, y = project(west, lat)
        grid.append(GridLine(0, y, WIDTH, y, _fmt(round(lat, 4), "N", "S"), 2, y - 2))
        lat += step

    markers = []
    label = {a.id: (a.outlet or a.title or a.id) for a in briefing.articles if not a.duplicate_of}

    def independent(props: dict[str, Any]) -> int:
        return len({label[m["article"]] for m in props["mentions"] if m["article"] in label}) or 1

    most = max(independent(f["properties"]) for f in features)
    for f, flon, flat in zip(features, lons, lats, strict=True):
        props = f["properties"]
        refs = list(dict.fromkeys((m["article"], m["sentence"]) for m in props["mentions"]))
        x, y = project(flon, flat)
        outlets = independent(props)
        markers.append(Marker(
            x=x, y=y, r=round(4 + 10 * math.sqrt(outlets / most), 1), name=str(props["name"]),
            entity=str(props["entity"]), mentions=len(props["mentions"]), lat=flat, lon=flon,
            sentences=[(anchor(a, s), texts.get((a, s), "")) for a, s in refs], outlets=outlets,
        ))
    markers.sort(key=lambda m: -m.r)  # small markers on top of big ones stay clickable
    outlines = _outline_paths(west, south, east, north, project)
    return SvgMap(WIDTH, HEIGHT, markers, grid, _place_labels(markers), outlines)
