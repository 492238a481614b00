"""``events.csv``: the briefing's coded events in a flat, ACLED-like layout.

One row per event (one actor pair), one header row, UTF-8, written with
:mod:`csv`.  Columns:

``event_id, event_date, date_precision, date_basis, event_type, trigger, actor1,
actor1_entity, actor2, actor2_entity, location, latitude, longitude, country,
source_outlet, article, sentence, source_text, fused_event``

* ``event_type`` is the PLOVER category, ``trigger`` the words that coded it
  (ACLED's sub-event column has no PLOVER counterpart);
* ``actor1`` is the source (who did it), ``actor2`` the target; ``*_entity`` are
  briefing entity ids, empty when the actor names no entity;
* ``date_basis`` says where the date came from: ``text`` (a date expression in
  the sentence, with the timeline's precision) or ``published`` (no date in the
  sentence, past tense: the article's publication date, precision ``day``);
* ``latitude``/``longitude``/``country`` come from the geocoded place of that
  name; when two places share the name, the one mentioned in the event's
  sentence; when that does not decide it, they stay empty rather than guess;
* ``fused_event`` is the id of the fused event (one per real-world event, ``fused_events.csv``) this row is
  part of.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from ..model import Briefing, Event, Place

COLUMNS = (
    "event_id", "event_date", "date_precision", "date_basis", "event_type", "trigger", "actor1", "actor1_entity",
    "actor2", "actor2_entity", "location", "latitude", "longitude", "country", "source_outlet", "article",
    "sentence", "source_text", "fused_event",
)  # fmt: skip
FILE_NAME = "events.csv"


def _precision_of(date: str) -> str:
    # YYYY-MM-DD, YYYY-MM or YYYY as written by the timeline stage.
    return {10: "day", 7: "month", 4: "year"}.get(len(date), "")


class _Context:
    """Lookups shared by all rows of one briefing."""

    def __init__(self, briefing: Briefing) -> None:
        self.articles = {a.id: a for a in briefing.articles}
        self.timeline: dict[tuple[str, int, str], str] = {
            (t.article, t.sentence, t.date): t.precision for t in briefing.timeline
        }
        # a fused entry (one per fact) dates each of its source sentences too
        for t in briefing.timeline:
            for src in t.sources:
                self.timeline.setdefault((src.article, src.sentence, src.date), t.precision)
        self.places_by_name: dict[str, list[Place]] = defaultdict(list)
        for place in briefing.places:
            self.places_by_name[place.name].append(place)
        self.mentioned: set[tuple[str, str, int]] = {
            (e.id, m.article, m.sentence) for e in briefing.entities for m in e.mentions
        }

    def date(self, event: Event) -> tuple[str, str]:
        """(precision, basis) of the event's date."""
        if event.date is None:
            return "", ""
        precision = self.timeline.get((event.article, event.sentence, event.date))
        if precision is not None:
            return precision, "text"
        article = self.articles.get(event.article)
        if article is not None and article.published and article.published[:10] == event.date:
            return "day", "published"
        return _precision_of(event.date), ""

    def place(self, event: Event) -> Place | None:
        if event.place is None:
            return None
        candidates = self.places_by_name.get(event.place, [])
        if len(candidates) > 1:
            candidates = [p for p in candidates if (p.entity, event.article, event.sentence) in self.mentioned]
        return candidates[0] if len(candidates) == 1 else None

    def sentence_text(self, event: Event) -> str:
        article = self.articles.get(event.article)
        if article is None:
            return ""
        for sentence in article.sentences:
            if sentence.index == event.sentence:
                return sentence.text
        return ""


def event_rows(briefing: Briefing) -> list[tuple[object, ...]]:
    """The rows of ``events.csv`` (without the header), in the briefing's event order."""
    context = _Context(briefing)
    fused_of = {event: f.id for f in briefing.fused_events for event in f.events}
    rows: list[tuple[object, ...]] = []
    for event in briefing.events:
        precision, basis = context.date(event)
        place = context.place(event)
        article = context.articles.get(event.article)
        rows.append(
            (
                event.id, event.date, precision, basis, event.type, event.trigger,
                event.source.text if event.source else None, event.source.entity if event.source else None,
                event.target.text if event.target else None, event.target.entity if event.target else None,
                event.place, place.lat if place else None, place.lon if place else None,
                place.country if place else None, article.outlet if article else None, event.article,
                event.sentence, context.sentence_text(event), fused_of.get(event.id),
            )
        )  # fmt: skip
    return rows


def write_rows(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow(["" if value is None else value for value in row])
    return path


def write(briefing: Briefing, out_dir: Path) -> Path:
    """Write ``events.csv`` into ``out_dir``; returns its path."""
    return write_rows(out_dir / FILE_NAME, event_rows(briefing))
