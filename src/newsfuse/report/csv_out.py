"""``--format csv``: claims.csv, quotes.csv, places.csv, events.csv, fused_events.csv, coverage.csv (and with
``--new-since`` changes.csv) for spreadsheets.

UTF-8, one header row, written with :mod:`csv` (quoting handles commas,
quotation marks and newlines in article text).  List-valued fields are joined
with `` | `` and citations are written as ``article:sentence``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..model import Briefing
from . import events_csv, fused_events_csv
from .changes import new_articles, what_changed
from .coverage import STATUS_TEXT, coverage
from .view import reported_by

#: ``copied``: outlets that carry another outlet's sentence word for word (in ``outlets``, not in ``support``);
#: ``reported_by``: the outlets with copies grouped, "Outlet A, Outlet B (copy of Reuters)", groups joined by `` | ``
CLAIM_COLUMNS = ("id", "text", "support", "single_source", "outlets", "articles", "sentences", "conflicts", "notes",
                 "copied", "reported_by")
QUOTE_COLUMNS = ("speaker", "speaker_entity", "text", "direct", "cue", "outlet", "article", "sentence", "published")
PLACE_COLUMNS = ("name", "entity", "lat", "lon", "country", "admin1", "geonames_id", "feature", "population",
                 "confidence", "resolved", "role", "mentions", "note")  # fmt: skip
#: one row per fact per outlet: ``section`` is "matrix" for the coverage matrix's rows, "only in OUTLET" for the
#: facts folded under one outlet; ``group`` the independent source the outlet counts under (an agency it copies)
COVERAGE_COLUMNS = ("fact", "text", "section", "disputed", "independent_outlets", "outlet", "group", "status", "value",
                    "claim", "new")  # fmt: skip
CHANGE_COLUMNS = ("kind", "status", "ref", "text", "outlets", "articles")
_SEP = " | "


def _coverage_rows(briefing: Briefing) -> list[tuple[object, ...]]:
    cov = coverage(briefing)
    group_of = {o: (g.copies or o) for g in cov.groups for o in g.outlets}
    new = new_articles(briefing)
    rows: list[tuple[object, ...]] = []
    for r in cov.rows:
        for cell in r.cells:
            rows.append((r.claim.id, r.claim.text, "matrix", r.disputed, r.independent, cell.outlet,
                         group_of[cell.outlet], STATUS_TEXT[cell.status], cell.value, cell.claim, r.new))
    for solo in cov.solo:
        for c in solo.claims:
            fresh = bool(set(c.articles) & new)
            for outlet in cov.outlets:
                status = "reported" if outlet == solo.outlet else "absent"
                rows.append((c.id, c.text, f"only in {solo.outlet}", False, c.support, outlet, group_of[outlet],
                             STATUS_TEXT[status], None, c.id if status == "reported" else None, fresh))
    return rows


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if value is None else value for value in row])
    return path


def write(briefing: Briefing, out_dir: Path) -> list[Path]:
    """Write claims, quotes, places and events tables into ``out_dir``; returns their paths."""
    label = {a.id: (a.outlet or a.title or a.id) for a in briefing.articles}
    published = {a.id: a.published for a in briefing.articles}
    mentions = {e.id: len(e.mentions) for e in briefing.entities}
    claims = (
        (
            c.id, c.text, c.support, c.single_source,
            _SEP.join(sorted({label.get(a, a) for a in c.articles})),
            _SEP.join(c.articles),
            _SEP.join(f"{r.article}:{r.sentence}" for r in c.sentences),
            _SEP.join(f"{x.claim}: {x.reason}" for x in c.conflicts),
            _SEP.join(c.notes),
            _SEP.join(c.copied),
            _SEP.join(reported_by(sorted({label.get(a, a) for a in c.articles}), c.copies)),
        )
        for c in briefing.claims
    )
    quotes = (
        (q.speaker, q.speaker_entity, q.text, q.direct, q.cue, label.get(q.article, q.article), q.article, q.sentence,
         published.get(q.article))
        for q in briefing.quotes
    )
    places = (
        (p.name, p.entity, p.lat, p.lon, p.country, p.admin1, p.geonames_id, p.feature, p.population, p.confidence,
         p.resolved, p.role, mentions.get(p.entity, 0), p.note)
        for p in briefing.places
    )
    written = [
        _write(out_dir / "claims.csv", CLAIM_COLUMNS, claims),
        _write(out_dir / "quotes.csv", QUOTE_COLUMNS, quotes),
        _write(out_dir / "places.csv", PLACE_COLUMNS, places),
        events_csv.write(briefing, out_dir),
        fused_events_csv.write(briefing, out_dir),
        _write(out_dir / "coverage.csv", COVERAGE_COLUMNS, _coverage_rows(briefing)),
    ]
    changed = briefing.what_changed or what_changed(briefing)
    if changed is not None:
        written.append(_write(out_dir / "changes.csv", CHANGE_COLUMNS, (
            (c.kind, c.status, c.ref, c.text, _SEP.join(c.outlets), _SEP.join(c.articles)) for c in changed.changes
        )))
    return written
