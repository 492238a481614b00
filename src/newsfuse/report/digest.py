"""The disputes and the timeline as a reader wants them: each dispute once with every version, one row per event.

Pure functions of the briefing (the writers lay them out):

* :func:`disputes` -- every dispute between claims (the slot, each version with its outlet and source) and
  every disputed count of a fused event, with the conservative figure, the lowest reported (ACLED's
  convention), wherever the versions are figures of one unit;
* :func:`timeline_rows` -- one row per dated fused event (its date, precision, every outlet and citation),
  then the timeline's entries that date no fused event (already one per fact).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Briefing, Precision
from .changes import each_dispute, new_articles


@dataclass(frozen=True)
class Version:
    value: str
    outlet: str
    source: str | None
    article: str
    sentence: int
    claim: str | None = None


@dataclass(frozen=True)
class Dispute:
    id: str
    slot: str
    reason: str
    versions: list[Version]
    #: the lowest figure reported, as written, when the versions are comparable counts
    conservative: str | None = None
    claims: list[str] = field(default_factory=list)
    event: str | None = None
    new: bool = False


@dataclass(frozen=True)
class TimelineRow:
    date: str
    precision: Precision
    text: str
    outlets: list[str]
    citations: list[tuple[str, int]]
    event: str | None = None
    claim: str | None = None
    new: bool = False

    @property
    def shown_date(self) -> str:
        """The date as precise as it is known: 2026-11-20, the week of 2026-11-16, 2026-09, 2026."""
        if self.precision == "week":
            return f"week of {self.date}"
        return {"day": self.date, "month": self.date[:7], "year": self.date[:4]}[self.precision]


def _figure_values(b: Briefing) -> dict[tuple[str, int, str], tuple[float, str | None]]:
    out: dict[tuple[str, int, str], tuple[float, str | None]] = {}
    for q in b.quantities:
        if q.normalized.value is not None:
            out[(q.article, q.sentence, q.text)] = (q.normalized.value, q.normalized.unit)
    return out


def _conservative(versions: list[Version], figures: dict[tuple[str, int, str], tuple[float, str | None]]) -> str | None:
    found = [figures.get((v.article, v.sentence, v.value)) for v in versions]
    if not found or any(f is None for f in found):
        return None
    values = [f for f in found if f is not None]
    if len({unit for _, unit in values}) != 1:
        return None
    lowest = min(range(len(values)), key=lambda i: values[i][0])
    return versions[lowest].value


def disputes(b: Briefing) -> list[Dispute]:
    """Every dispute once: claims that disagree (by slot), then fused events' disputed counts."""
    new = new_articles(b)
    figures = _figure_values(b)
    out: list[Dispute] = []
    for key, c, x, other in each_dispute(b):
        versions = [Version(s.value, s.outlet, s.source, s.article, s.sentence, c.id if i == 0 else x.claim)
                    for i, s in enumerate(x.sides)]
        touched = set(c.articles) | (set(other.articles) if other is not None else set())
        out.append(Dispute(key, x.slot or "what is reported", x.reason, versions,
                           _conservative(versions, figures), [c.id, x.claim], None, bool(touched & new)))
    for f in b.fused_events:
        for fig in f.figures:
            if not fig.disputed:
                continue
            versions = [Version(r.text, r.outlet or r.article, None, r.article, r.sentence) for r in fig.reports]
            reason = f"sources give {fig.low:,.10g} to {fig.high:,.10g} for {fig.measure} ({f.type}: {f.trigger})"
            lowest = min(fig.reports, key=lambda r: r.value).text if fig.reports else f"{fig.conservative:,.10g}"
            out.append(Dispute(f"{f.id}:{fig.measure}", fig.measure, reason, versions, lowest, list(f.claims), f.id,
                               any(r.article in new for r in fig.reports)))
    return out


def timeline_rows(b: Briefing) -> list[TimelineRow]:
    """One row per dated fused event, and per timeline entry that dates no fused event; sorted by date."""
    label = {a.id: (a.outlet or a.title or a.id) for a in b.articles}
    texts = {(a.id, s.index): s.text for a in b.articles for s in a.sentences}
    new = new_articles(b)
    entries_of: dict[str, list[int]] = {}
    for i, t in enumerate(b.timeline):
        if t.event:
            entries_of.setdefault(t.event, []).append(i)
    rows: list[TimelineRow] = []
    for f in b.fused_events:
        entries = [b.timeline[i] for i in entries_of.get(f.id, [])]
        date, precision = f.date, f.date_precision
        if (not date or precision is None) and entries:
            date, precision = entries[0].date, entries[0].precision
        if not date or precision is None:
            continue
        cites = list(dict.fromkeys([(s.article, s.sentence) for s in f.sources]
                                   + [(s.article, s.sentence) for t in entries for s in t.sources]))
        if not cites and entries:
            cites = [(entries[0].article, entries[0].sentence)]
        outlets = list(dict.fromkeys([*f.outlets, *(o for t in entries for o in t.outlets),
                                      *(label.get(a, a) for a, _ in cites)]))
        text = entries[0].text if entries else (texts.get(cites[0], f.trigger) if cites else f.trigger)
        rows.append(TimelineRow(date, precision, text, outlets, cites, f.id, entries[0].claim if entries else None,
                                any(a in new for a, _ in cites)))
    fused = {f.id for f in b.fused_events}
    for t in b.timeline:
        if t.event in fused or (t.event and fused):
            continue  # dated with its event's row (or its event was folded away with it)
        cites = list(dict.fromkeys([(t.article, t.sentence), *((s.article, s.sentence) for s in t.sources)]))
        outlets = list(dict.fromkeys([*t.outlets, *(label.get(a, a) for a, _ in cites)]))
        rows.append(TimelineRow(t.date, t.precision, t.text, outlets, cites, None, t.claim,
                                any(a in new for a, _ in cites)))
    rows.sort(key=lambda r: (r.date, r.citations[0] if r.citations else ("", 0)))
    # two events coded from the very same sentences on one date ("seized ... after weeks of shelling") read as one row
    seen: set[tuple[str, tuple[tuple[str, int], ...]]] = set()
    unique = []
    for r in rows:
        key = (r.date, tuple(sorted(r.citations)))
        if key not in seen:
            seen.add(key)
            unique.append(r)
    return unique
