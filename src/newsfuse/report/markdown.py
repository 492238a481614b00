"""``briefing.md``: the same sections as ``briefing.html``, in Markdown.

Article text is escaped for Markdown viewers that pass HTML through: ``<``,
``>`` and ``&`` become entities, and table cells escape ``|`` and newlines.
Square brackets in it are escaped too, so that ``[x](javascript:...)`` or a
reference definition in an article stays text: the only links in the file are
the ones written here (anchors inside the file, and article URLs that are http
or https).  Control characters are shown as escapes (``\\x1b``), as on the terminal.
Citations are links to the sentence anchors of the Articles section.
"""

from __future__ import annotations

import re

from ..ingest import escape_controls
from ..model import Article, Briefing
from .svgmap import build_map
from .view import BriefingView, CitationView, build_view, is_web_url

_BACKTICK_RUN = re.compile(r"`+")


def _text(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")
    return escape_controls(text.replace("[", "\\[").replace("]", "\\]"))


def _code(text: str) -> str:
    """``text`` as an inline code span that no backtick inside it can close early (CommonMark's rule)."""
    text = escape_controls(text.replace("\n", " "))
    fence = "`" * (max((len(run) for run in _BACKTICK_RUN.findall(text)), default=0) + 1)
    return f"`{text}`" if fence == "`" else f"{fence} {text} {fence}"


def _cell(text: str) -> str:
    return _text(text).replace("|", "\\|")


def _cites(cites: list[CitationView]) -> str:
    return " ".join(f"[[{_text(c.label)}]](#{c.anchor})" for c in cites)


def _summary(v: BriefingView) -> list[str]:
    out = ["## Summary", ""]
    out += [f"{n}. {_text(text)} {_cites(cites)}" for n, (text, cites) in enumerate(v.summary, start=1)]
    return out + [""]


def _claims(v: BriefingView) -> list[str]:
    out = ["## Facts across outlets", "", "| Claim | Reported by | Support | Conflicts and notes |", "|---|---|---|---|"]
    for cv in v.claims:
        support = "single source" if cv.claim.single_source else f"{cv.claim.support} outlets"
        remarks = [
            f"**Conflict:** {x.reason}" + (f" Other side ({x.other_id}, {', '.join(x.other_outlets)}): "
                                           f"\u201c{x.other_text}\u201d" if x.other_text else "")
            for x in cv.conflicts
        ] + list(cv.claim.notes)
        out.append(f"| {_cell(cv.claim.text)} {_cites(cv.citations)} | {_cell(cv.reported_by_text)} | {support} "
                   f"| {_cell('; '.join(remarks))} |")
    return out + [""]


_MARK = {"reported": "\u25cf reported", "different": "\u25d0 differently", "absent": "\u25cb"}


def _changes(v: BriefingView) -> list[str]:
    ch = v.changes
    if ch is None:
        return []
    names = ", ".join(f"[{_text(v.label.get(a, a))}](#article-{a})" for a in ch.new_articles)
    out = [f"## What changed since {ch.since}", "",
           (f"{len(ch.new_articles)} article(s) added on or after {ch.since}{': ' + names if names else ''}. "
            "New rows are marked **new** below."), ""]
    if not ch.changes:
        return out + ["No fact, dispute or figure is new since then.", ""]
    out += [f"- **{c.status} {c.kind}**: {_text(c.text)} ({_text(', '.join(c.outlets))})" for c in ch.changes]
    return out + [""]


def _coverage(v: BriefingView) -> list[str]:
    cov = v.coverage
    if cov is None:
        return []
    out = ["## Coverage at a glance", "",
           ("\u25cf reported, \u25d0 reported differently (its value shown), \u25cb not reported; disputed facts "
            "first, then by number of independent outlets; outlets that carry one wire copy are grouped under it."), ""]
    if cov.rows:
        heads = [f"{_cell(g.label)}: {_cell(o)}" if g.copies and o != g.copies else _cell(o)
                 for g in cov.groups for o in g.outlets]
        out += ["| Fact | " + " | ".join(heads) + " |", "|---" * (len(heads) + 1) + "|"]
        cvs = v.claim_views
        for r in cov.rows:
            flags = ("**disputed** " if r.disputed else "") + ("**new** " if r.new else "")
            cites = _cites(cvs[r.claim.id].citations)
            cells = [_MARK[c.status] + (f": {_cell(c.value)}" if c.value else "") for c in r.cells]
            out.append(f"| {flags}{_cell(r.claim.text)} ({r.independent} independent) {cites} | "
                       + " | ".join(cells) + " |")
        out.append("")
    for solo in cov.solo:
        out += [f"<details><summary>Only in {_text(solo.outlet)}: {len(solo.claims)} fact(s)</summary>", ""]
        out += [f"- {'**new** ' if c.id in v.new_claims else ''}{_text(c.text)}" for c in solo.claims]
        out += ["", "</details>", ""]
    return out


def _disputes(v: BriefingView) -> list[str]:
    if not v.disputes:
        return []
    out = ["## Disputes", ""]
    for d in v.disputes:
        where = f" (event {d.event})" if d.event else ""
        out += [f"### {_text(d.slot)}{where}{' (new)' if d.new else ''}", ""]
        for x in d.versions:
            source = f", citing {_text(x.source)}" if x.source else ""
            out.append(f"- **{_text(x.value)}** \u2014 {_text(x.outlet)}{source} {_cites([v.cite(x.article, x.sentence)])}")
        if d.conservative:
            out.append(f"- Conservative figure (the lowest reported, as ACLED codes it): **{_text(d.conservative)}**")
        out += ["", _text(d.reason), ""]
    return out


def _quotes(v: BriefingView) -> list[str]:
    out = ["## Who said what", ""]
    for sp in v.speakers:
        out.append(f"- **{_text(sp.speaker)}** ({len(sp.quotes)})")
        for q, c in sp.quotes:
            said = f"\u201c{_text(q.text)}\u201d" if q.direct else _text(q.text)
            out.append(f"  - {said} {_cites([c])}")
    return out + [""]


def _figures(v: BriefingView) -> list[str]:
    out = ["## Figures", "", "| Figure | Value | Measures | Window | Attributed to | Source |", "|---|---|---|---|---|---|"]
    for q in v.briefing.quantities:
        value = f"{q.normalized.value:,.10g} {q.normalized.unit or ''}".strip() if q.normalized.value is not None else ""
        out.append(f"| {_cell(q.text)} | {_cell(value)} | {_cell(q.measures or '')} | {_cell(q.window or '')} "
                   f"| {_cell(q.source or '')} | {_cites([v.cite(q.article, q.sentence)])} |")
    return out + [""]


def _entities(v: BriefingView) -> list[str]:
    out = ["## Entity index", "", "| Name | Type | Spellings in the sources | Mentions |", "|---|---|---|---|"]
    for ev in v.entities:
        first = f" {_cites([ev.first])}" if ev.first else ""
        out.append(f"| {_cell(ev.entity.name)} | {ev.entity.type} | {_cell(', '.join(ev.entity.variants))} "
                   f"| {len(ev.entity.mentions)} in {ev.article_count}{first} |")
    return out + [""]


def _places(v: BriefingView) -> list[str]:
    svg = build_map(v.briefing)
    out = ["## Places", ""]
    if svg is None:
        out += ["No place was resolved to coordinates.", ""]
    out += ["| Place | Lat | Lon | Country | GeoNames | Role | Mentions |", "|---|---|---|---|---|---|---|"]
    mentions = {e.id: len(e.mentions) for e in v.briefing.entities}
    for p in v.briefing.places:
        lat = f"{p.lat:.4f}" if p.lat is not None else "not resolved"
        lon = f"{p.lon:.4f}" if p.lon is not None else ""
        out.append(f"| {_cell(p.name)} | {lat} | {lon} | {_cell(p.country or '')} | {p.geonames_id or ''} "
                   f"| {p.role} | {mentions.get(p.entity, 0)} |")
    return out + ["", "The GeoJSON export (`--geojson`) opens in any GIS tool; `briefing.html` draws the map.", ""]


def _timeline(v: BriefingView) -> list[str]:
    out = ["## Timeline", "", "One row per event, with every outlet that reports it.", ""]
    for t in v.timeline:
        precision = "" if t.precision == "day" else f" ({t.precision})"
        new = " **new**" if t.new else ""
        out.append(f"- **{t.shown_date}**{precision}{new} {_text(t.text)} \u2014 {_text(', '.join(t.outlets))} "
                   f"{_cites(v.cite_all(t.citations))}")
    return out + [""]


def _events(v: BriefingView) -> list[str]:
    out = ["## Events", "", "| Date | Type | Actor | Action | Target | Place | Reported by | Counts and notes |",
           "|---|---|---|---|---|---|---|---|"]
    for e in v.events:
        out.append(f"| {_cell(e.date)} | {e.type} | {_cell(e.actor)} | {_cell(e.trigger)} | {_cell(e.target)} "
                   f"| {_cell(e.place)} | {_cell(e.reported_by_text)} {_cites(e.citations)} "
                   f"| {_cell('; '.join(e.remarks))} |")
    return out + [""]


def _sources(v: BriefingView) -> list[str]:
    out = ["## Sources", ""]
    for ov in v.outlets:
        out += [f"### {_text(ov.outlet)}", ""]
        for a in ov.articles:
            extra = " (feed summary only)" if a.summary_only else ""
            out.append(f"- [{_text(a.title or '(untitled)')}](#article-{a.id}), {a.published or 'date unknown'}{extra}")
        out.append("")
        if ov.alone:
            out += [f"Reported only by {_text(ov.outlet)}:", ""]
            out += [f"- {_text(cv.claim.text)} {_cites(cv.citations)}" for cv in ov.alone]
        else:
            out.append("Nothing that other outlets do not also report.")
        out.append("")
    return out


def _article(a: Article, v: BriefingView) -> list[str]:
    out = [f'<a id="article-{a.id}"></a>', "", f"### {_text(a.title or '(untitled)')}", ""]
    meta = [
        f"Outlet: {_text(v.label[a.id])}",
        f"Authors: {_text(', '.join(a.authors)) or 'unknown'}",
        f"Published: {a.published or 'unknown'}",
    ]
    if a.url:
        # Only http(s) becomes a link: a javascript: or data: URL from a feed or record stays inert text.
        meta.append(f"URL: <{_text(a.url)}>" if is_web_url(a.url) else f"URL: {_code(a.url)}")
    if a.duplicate_of:
        meta.append(f"Copy of: [{_text(v.label.get(a.duplicate_of, a.duplicate_of))}](#article-{a.duplicate_of})")
    out += ["- " + m for m in meta] + ["", f"Source file: {_code(a.path)} (id {_code(a.id)})", ""]
    for s in a.sentences:
        out.append(f'{s.index}. <a id="{v.cite(a.id, s.index).anchor}"></a>{_text(s.text)}')
    if a.dropped:
        out += ["", f"<details><summary>Dropped page furniture and ignored metadata ({len(a.dropped)})</summary>", ""]
        out += [f"- *{_text(d.reason)}*: {_text(d.text)}" for d in a.dropped]
        out += ["", "</details>"]
    return out + [""]


def render(b: Briefing) -> str:
    v = build_view(b)
    lines = [
        "# newsfuse briefing",
        "",
        (f"{len(b.articles)} articles from {b.independent_outlets} independent outlets; "
         f"reference date {b.reference_date or 'from article metadata'}; newsfuse {b.newsfuse_version}."),
        "",
    ]
    lines += _changes(v)
    if b.summary:
        lines += _summary(v)
    if b.claims:
        lines += _coverage(v)
    lines += _disputes(v)
    if b.claims:
        lines += _claims(v)
    if b.quotes:
        lines += _quotes(v)
    if b.quantities:
        lines += _figures(v)
    if b.entities:
        lines += _entities(v)
    if b.places:
        lines += _places(v)
    if v.timeline:
        lines += _timeline(v)
    if v.events:
        lines += _events(v)
    lines += _sources(v)
    lines += ["## Articles", ""]
    for a in b.articles:
        lines += _article(a, v)
    if b.skipped:
        lines += ["## Skipped inputs", ""] + [f"- {_code(s.path)}: {_text(s.reason)}" for s in b.skipped] + [""]
    return "\n".join(lines)
