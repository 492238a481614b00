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

from ..model import Article, Briefing, Claim, Entity, Quote


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
    cited: set[str] = field(default_factory=set)

    def cite(self, article: str, sentence: int) -> CitationView:
        return CitationView(
            anchor=anchor(article, sentence),
            label=f"{self.label.get(article, article)} s{sentence}",
            text=self.sentence_text.get((article, sentence), ""),
        )


def _outlet_names(view: BriefingView, article_ids: Iterable[str]) -> list[str]:
    return sorted({view.label.get(a, a) for a in article_ids})


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
    return ClaimView(
        claim=claim,
        outlets=_outlet_names(view, claim.articles),
        conflicts=conflicts,
        citations=[view.cite(r.article, r.sentence) for r in claim.sentences],
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
    return view
