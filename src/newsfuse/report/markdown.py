"""``briefing.md``: the briefing as a Markdown document."""

from __future__ import annotations

from ..model import Article, Briefing


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _article_label(briefing: Briefing) -> dict[str, str]:
    return {a.id: (a.outlet or a.title or a.id) for a in briefing.articles}


def _summary(b: Briefing, label: dict[str, str]) -> list[str]:
    out = ["## Summary", ""]
    for s in b.summary:
        cites = ", ".join(f"{label.get(c.article, c.article)} s{c.sentence}" for c in s.citations)
        out.append(f"- {s.text} [{cites}]")
    return out + [""]


def _claims(b: Briefing, label: dict[str, str]) -> list[str]:
    out = ["## Facts across outlets", "", "| Claim | Outlets | Support | Conflicts |", "|---|---|---|---|"]
    for c in b.claims:
        outlets = ", ".join(sorted({label.get(a, a) for a in c.articles}))
        flag = "single source" if c.single_source else str(c.support)
        conflicts = "; ".join(f"{x.claim}: {x.reason}" for x in c.conflicts) or ""
        notes = "; ".join(c.notes)
        out.append(f"| {_cell(c.text)} | {_cell(outlets)} | {flag} | {_cell(conflicts or notes)} |")
    return out + [""]


def _quotes(b: Briefing, label: dict[str, str]) -> list[str]:
    out = ["## Who said what", ""]
    by_speaker: dict[str, list[str]] = {}
    for q in b.quotes:
        mark = "\u201c{}\u201d".format(q.text) if q.direct else q.text
        by_speaker.setdefault(q.speaker or "(speaker unknown)", []).append(
            f"  - {mark} ({label.get(q.article, q.article)} s{q.sentence})"
        )
    for speaker, lines in by_speaker.items():
        out.append(f"- **{speaker}**")
        out.extend(lines)
    return out + [""]


def _entities(b: Briefing) -> list[str]:
    out = ["## Entities", "", "| Name | Type | Variants | Mentions |", "|---|---|---|---|"]
    for e in b.entities:
        out.append(f"| {_cell(e.name)} | {e.type} | {_cell(', '.join(e.variants))} | {len(e.mentions)} |")
    return out + [""]


def _places(b: Briefing) -> list[str]:
    out = ["## Places", "", "| Place | Lat | Lon | Country | GeoNames | Confidence |", "|---|---|---|---|---|---|"]
    for p in b.places:
        lat = f"{p.lat:.4f}" if p.lat is not None else "unresolved"
        lon = f"{p.lon:.4f}" if p.lon is not None else ""
        out.append(f"| {_cell(p.name)} | {lat} | {lon} | {p.country or ''} | {p.geonames_id or ''} | {p.confidence:.2f} |")
    return out + [""]


def _quantities(b: Briefing, label: dict[str, str]) -> list[str]:
    out = ["## Figures", "", "| Figure | Value | Measures | Window | Source |", "|---|---|---|---|---|"]
    for q in b.quantities:
        value = f"{q.normalized.value:g} {q.normalized.unit or ''}".strip() if q.normalized.value is not None else ""
        src = f"{label.get(q.article, q.article)} s{q.sentence}"
        out.append(f"| {_cell(q.text)} | {value} | {_cell(q.measures or '')} | {_cell(q.window or '')} | {src} |")
    return out + [""]


def _timeline(b: Briefing, label: dict[str, str]) -> list[str]:
    out = ["## Timeline", ""]
    for t in b.timeline:
        out.append(f"- **{t.date}** ({t.precision}) {t.text} ({label.get(t.article, t.article)} s{t.sentence})")
    return out + [""]


def _article(a: Article) -> list[str]:
    out = [f"### {a.title or '(untitled)'}", ""]
    meta = [
        f"Outlet: {a.outlet or 'unknown'}",
        f"Authors: {', '.join(a.authors) or 'unknown'}",
        f"Published: {a.published or 'unknown'}",
    ]
    if a.url:
        meta.append(f"URL: {a.url}")
    if a.duplicate_of:
        meta.append(f"Copy of: {a.duplicate_of}")
    out += ["- " + m for m in meta] + ["", f"Source file: `{a.path}` (id `{a.id}`)", ""]
    for s in a.sentences:
        out.append(f"{s.index}. {s.text}")
    if a.dropped:
        out += ["", "<details><summary>Dropped page furniture</summary>", ""]
        out += [f"- *{d.reason}*: {_cell(d.text)}" for d in a.dropped]
        out += ["", "</details>"]
    return out + [""]


def render(b: Briefing) -> str:
    label = _article_label(b)
    lines = [
        "# newsfuse briefing",
        "",
        f"{len(b.articles)} articles from {b.independent_outlets} independent outlets; "
        f"reference date {b.reference_date or 'from article metadata'}; newsfuse {b.newsfuse_version}.",
        "",
    ]
    if b.summary:
        lines += _summary(b, label)
    if b.claims:
        lines += _claims(b, label)
    if b.quotes:
        lines += _quotes(b, label)
    if b.quantities:
        lines += _quantities(b, label)
    if b.entities:
        lines += _entities(b)
    if b.places:
        lines += _places(b)
    if b.timeline:
        lines += _timeline(b, label)
    lines += ["## Articles", ""]
    for a in b.articles:
        lines += _article(a)
    if b.skipped:
        lines += ["## Skipped inputs", ""] + [f"- `{s.path}`: {s.reason}" for s in b.skipped] + [""]
    return "\n".join(lines)
