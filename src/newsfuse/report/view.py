"""The briefing arranged for reading: what the HTML, Markdown and CSV writers show, computed once.

The writers only lay this out; every grouping decision (quotes by speaker,
conflicts with both sides, what each outlet alone contributes) lives here so
the three formats cannot drift apart.  Nothing here escapes text: each writer
escapes for its own format.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..model import AgencyCopy, Article, Briefing, Claim, Entity, FusedEvent, Quote, WhatChanged
from .changes import new_articles, what_changed
from .coverage import Coverage, coverage
from .digest import Dispute, TimelineRow, disputes, timeline_rows


def is_web_url(url: str | None) -> bool:
    """True for http(s) URLs only: any other scheme (``javascript:``, ``data:``) is shown as text, never linked."""
    return bool(url) and urlsplit(url or "").scheme.lower() in ("http", "https")


def anchor(article: str, sentence: int) -> str:
    """The id of a source sentence in the HTML report (and the target of every citation link)."""
    return f"s-{article}-{sentence}"


@dataclass(frozen=True)
class CitationView:
    anchor: str
    label: str
    text: str


@dataclass(frozen=True)
class ConflictView:
    reason: str
    other_id: str
    other_text: str
    other_outlets: list[str]


@dataclass(frozen=True)
class ClaimView:
    claim: Claim
    outlets: list[str]
    conflicts: list[ConflictView]
    citations: list[CitationView]
    #: the outlets as the facts table shows them: copies grouped, "Outlet A, Outlet B (copy of Reuters)"
    reported_by: list[str] = field(default_factory=list)

    @property
    def reported_by_text(self) -> str:
        return joined(self.reported_by, self.outlets)


@dataclass(frozen=True)
class EventView:
    """One row of the events table: a fused event (or, in a briefing without them, a sentence-level one)."""

    id: str
    date: str
    type: str
    actor: str
    trigger: str
    target: str
    place: str
    citations: list[CitationView]
    reported_by: list[str]
    #: counts and notes: "fatalities 12 (12-15, disputed)", "sources give different dates ..."
    remarks: list[str]

    @property
    def reported_by_text(self) -> str:
        return joined(self.reported_by, [])


def joined(shown: list[str], plain: list[str]) -> str:
    """Outlets in one line: commas, or semicolons between groups once a group of copies holds commas itself."""
    return ", ".join(shown) if shown == plain or not any(", " in x for x in shown) else "; ".join(shown)


@dataclass(frozen=True)
class SpeakerView:
    speaker: str
    entity: str | None
    quotes: list[tuple[Quote, CitationView]]


@dataclass(frozen=True)
class OutletView:
    outlet: str
    articles: list[Article]
    alone: list[ClaimView]


@dataclass(frozen=True)
class EntityView:
    entity: Entity
    first: CitationView | None
    article_count: int


@dataclass
class BriefingView:
    briefing: Briefing
    label: dict[str, str]
    sentence_text: dict[tuple[str, int], str]
    summary: list[tuple[str, list[CitationView]]] = field(default_factory=list)
    claims: list[ClaimView] = field(default_factory=list)
    speakers: list[SpeakerView] = field(default_factory=list)
    outlets: list[OutletView] = field(default_factory=list)
    entities: list[EntityView] = field(default_factory=list)
    events: list[EventView] = field(default_factory=list)
    cited: set[str] = field(default_factory=set)
    coverage: Coverage | None = None
    disputes: list[Dispute] = field(default_factory=list)
    timeline: list[TimelineRow] = field(default_factory=list)
    #: with ``new_since``: what changed, and the articles and claims that are new
    changes: WhatChanged | None = None
    new_articles: set[str] = field(default_factory=set)
    new_claims: set[str] = field(default_factory=set)

    @property
    def claim_views(self) -> dict[str, ClaimView]:
        return {cv.claim.id: cv for cv in self.claims}

    def cite_all(self, refs: Iterable[tuple[str, int]]) -> list[CitationView]:
        return [self.cite(a, s) for a, s in refs]

    def cite(self, article: str, sentence: int) -> CitationView:
        return CitationView(
            anchor=anchor(article, sentence),
            label=f"{self.label.get(article, article)} s{sentence}",
            text=self.sentence_text.get((article, sentence), ""),
        )


def _outlet_names(view: BriefingView, article_ids: Iterable[str]) -> list[str]:
    return sorted({view.label.get(a, a) for a in article_ids})


def copy_label(copy: AgencyCopy) -> str:
    """ "Outlet A, Outlet B (copy of Reuters)"; a copy whose source the text does not name says so."""
    whose = f"copy of {copy.source}" if copy.source else "one text, counted once"
    return f"{', '.join(copy.outlets)} ({whose})"


def reported_by(outlets: list[str], copies: list[AgencyCopy]) -> list[str]:
    """The outlets with those that carried one copy grouped, each group labelled with its source."""
    shown: list[str] = []
    done: set[str] = set()
    for name in outlets:
        if name in done:
            continue
        group = next((c for c in copies if name in c.outlets and (len(c.outlets) > 1 or c.source)), None)
        if group is None:
            shown.append(name)
            done.add(name)
        else:
            shown.append(copy_label(group))
            done |= set(group.outlets)
    return shown


def _figure_remark(measure: str, conservative: float, low: float, high: float, disputed: bool) -> str:
    if not disputed:
        return f"{measure}: {conservative:,.10g}"
    return f"{measure}: {conservative:,.10g} coded (sources give {low:,.10g} to {high:,.10g})"


def _event_view(view: BriefingView, fused: FusedEvent) -> EventView:
    date = fused.date or ""
    if date and fused.time_precision is not None:
        date = f"{date} (time precision {fused.time_precision})"
    place = fused.place or ""
    if place and fused.geo_precision is not None:
        place = f"{place} (geo precision {fused.geo_precision})"
    copies: dict[str, list[str]] = {}
    for src in fused.sources:
        if src.copy_of:
            copies.setdefault(src.copy_of, []).append(src.outlet or src.article)
    groups = [AgencyCopy(source=source, outlets=list(dict.fromkeys(names))) for source, names in copies.items()]
    remarks = [_figure_remark(f.measure, f.conservative, f.low, f.high, f.disputed) for f in fused.figures]
    remarks += [n for n in fused.notes if not n.startswith("sources differ on ")]
    if fused.independent_sources:
        remarks.append(f"{fused.independent_sources} independent source{'' if fused.independent_sources == 1 else 's'}")
    return EventView(
        id=fused.id, date=date, type=fused.type, actor=fused.actor1.text if fused.actor1 else "",
        trigger=fused.trigger, target=fused.actor2.text if fused.actor2 else "", place=place,
        citations=[view.cite(s.article, s.sentence) for s in fused.sources],
        reported_by=reported_by(list(dict.fromkeys(s.outlet or s.article for s in fused.sources)), groups),
        remarks=remarks,
    )


def _claim_view(view: BriefingView, claim: Claim, by_id: dict[str, Claim]) -> ClaimView:
    conflicts = []
    for c in claim.conflicts:
        other = by_id.get(c.claim)
        conflicts.append(ConflictView(
            reason=c.reason,
            other_id=c.claim,
            other_text=other.text if other is not None else "",
            other_outlets=_outlet_names(view, other.articles) if other is not None else [],
        ))
    outlets = _outlet_names(view, claim.articles)
    return ClaimView(
        claim=claim,
        outlets=outlets,
        conflicts=conflicts,
        citations=[view.cite(r.article, r.sentence) for r in claim.sentences],
        reported_by=reported_by(outlets, claim.copies),
    )


def build_view(b: Briefing) -> BriefingView:
    label = {a.id: (a.outlet or a.title or a.id) for a in b.articles}
    texts = {(a.id, s.index): s.text for a in b.articles for s in a.sentences}
    view = BriefingView(briefing=b, label=label, sentence_text=texts)

    for s in b.summary:
        cites = [view.cite(c.article, c.sentence) for c in s.citations]
        view.summary.append((s.text, cites))
        view.cited |= {c.anchor for c in cites}

    by_id = {c.id: c for c in b.claims}
    view.claims = [_claim_view(view, c, by_id) for c in b.claims]
    view.coverage = coverage(b)
    view.disputes = disputes(b)
    view.timeline = timeline_rows(b)
    view.changes = b.what_changed or what_changed(b)
    view.new_articles = new_articles(b)
    view.new_claims = {c.id for c in b.claims if set(c.articles) & view.new_articles}

    groups: dict[str, list[Quote]] = {}
    for q in b.quotes:
        groups.setdefault(q.speaker or "", []).append(q)
    for speaker, quotes in sorted(groups.items(), key=lambda kv: (kv[0] == "", -len(kv[1]), kv[0].casefold())):
        entity = next((q.speaker_entity for q in quotes if q.speaker_entity), None)
        view.speakers.append(SpeakerView(speaker or "(speaker unknown)", entity,
                                         [(q, view.cite(q.article, q.sentence)) for q in quotes]))

    by_outlet: dict[str, list[Article]] = {}
    for a in b.articles:
        by_outlet.setdefault(label[a.id], []).append(a)
    for outlet, articles in sorted(by_outlet.items(), key=lambda kv: kv[0].casefold()):
        ids = {a.id for a in articles}
        alone = [cv for cv in view.claims if cv.claim.single_source and set(cv.claim.articles) <= ids]
        view.outlets.append(OutletView(outlet, articles, alone))

    for e in sorted(b.entities, key=lambda e: (-len(e.mentions), e.name.casefold())):
        first = view.cite(e.mentions[0].article, e.mentions[0].sentence) if e.mentions else None
        view.entities.append(EntityView(e, first, len({m.article for m in e.mentions})))

    if b.fused_events:
        view.events = [_event_view(view, f) for f in b.fused_events]
    else:  # a briefing built without the fusion stage (older JSON, hand-built): one row per sentence's event
        view.events = [
            EventView(id=e.id, date=e.date or "", type=e.type, actor=e.source.text if e.source else "",
                      trigger=e.trigger, target=e.target.text if e.target else "", place=e.place or "",
                      citations=[view.cite(e.article, e.sentence)], reported_by=[view.label.get(e.article, e.article)],
                      remarks=[])
            for e in b.events
        ]
    return view
