"""``fused_events.csv``: one row per real-world event, fused across sentences and outlets, in an ACLED-like layout.

Columns: ``event_id, event_date, date_precision, time_precision, event_type, trigger, actor1, actor1_entity,
actor2, actor2_entity, location, place_entity, latitude, longitude, country, geonames_id, geo_precision,
fatalities, figures, source, independent_sources, copies, events, citations, claims, notes``.

* ``time_precision`` and ``geo_precision`` are ACLED's 1-3 codes (see ``FusedEvent`` in docs/json-format.md);
* ``fatalities`` is the coded (lowest reported) fatality count, empty when no source gives one; ``figures``
  lists every count as ``measure: coded (low-high, disputed)``;
* ``source`` lists the outlets (ACLED's source column), ``copies`` the outlets that carried an agency's or
  another outlet's copy as ``Outlet (copy of Reuters)``;
* ``events`` are the sentence-level event ids (``events.csv``), ``citations`` their sentences as
  ``article:sentence``.  List values are joined with `` | ``.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ..model import Briefing, EventFigure, FusedEvent

COLUMNS = (
    "event_id", "event_date", "date_precision", "time_precision", "event_type", "trigger", "actor1", "actor1_entity",
    "actor2", "actor2_entity", "location", "place_entity", "latitude", "longitude", "country", "geonames_id",
    "geo_precision", "fatalities", "figures", "source", "independent_sources", "copies", "events", "citations",
    "claims", "notes",
)  # fmt: skip
FILE_NAME = "fused_events.csv"
_SEP = " | "


def _figure(f: EventFigure) -> str:
    if not f.disputed:
        return f"{f.measure}: {f.conservative:g}"
    return f"{f.measure}: {f.conservative:g} ({f.low:g}-{f.high:g}, disputed)"


def row(e: FusedEvent) -> tuple[object, ...]:
    fatalities = next((f.conservative for f in e.figures if f.measure == "fatalities"), None)
    copies = list(dict.fromkeys(f"{s.outlet or s.article} (copy of {s.copy_of})" for s in e.sources if s.copy_of))
    return (
        e.id, e.date, e.date_precision, e.time_precision, e.type, e.trigger,
        e.actor1.text if e.actor1 else None, e.actor1.entity if e.actor1 else None,
        e.actor2.text if e.actor2 else None, e.actor2.entity if e.actor2 else None,
        e.place, e.place_entity, e.lat, e.lon, e.country, e.geonames_id, e.geo_precision,
        None if fatalities is None else f"{fatalities:g}", _SEP.join(_figure(f) for f in e.figures),
        _SEP.join(e.outlets), e.independent_sources, _SEP.join(copies), _SEP.join(e.events),
        _SEP.join(f"{s.article}:{s.sentence}" for s in e.sources), _SEP.join(e.claims), _SEP.join(e.notes),
    )  # fmt: skip


def write(briefing: Briefing, out_dir: Path) -> Path:
    """Write ``fused_events.csv`` into ``out_dir``; returns its path."""
    path = out_dir / FILE_NAME
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for event in briefing.fused_events:
            writer.writerow(["" if value is None else value for value in row(event)])
    return path
