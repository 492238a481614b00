"""GeoJSON export of a briefing's places: a FeatureCollection of the resolved ones.

Coordinates follow RFC 7946: ``[longitude, latitude]``.  Unresolved places have
no point and are left out of the map (they stay listed in ``briefing.json``).
"""

from __future__ import annotations

from typing import Any

from ..model import Briefing


def to_geojson(briefing: Briefing) -> dict[str, Any]:
    mentions = {e.id: e.mentions for e in briefing.entities}
    features = []
    for place in briefing.places:
        if not place.resolved or place.lat is None or place.lon is None:
            continue
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": {
                "name": place.name,
                "entity": place.entity,
                "country": place.country,
                "geonames_id": place.geonames_id,
                "feature": place.feature,
                "confidence": place.confidence,
                "role": place.role,
                "mentions": [
                    m.model_dump(exclude_none=True)
                    for eid in (place.entity, *place.also_entities)
                    for m in mentions.get(eid, [])
                ],
            },
        })
    return {"type": "FeatureCollection", "features": features}
