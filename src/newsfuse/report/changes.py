"""What changed since a day: the facts, disputes and figures that articles added on or after it brought.

A pure function of the briefing: the articles carry the day they entered the store (``Article.added``) and
the briefing the day asked for (``Briefing.new_since``).  A fact is *added* when every article carrying it is
new, *changed* when a known fact gains a new outlet; a dispute is *added* when one of its versions comes from
a new article (it could not exist before) and *changed* when a new article joins one of its sides; a figure
is *added* with its new article, and a fused event's count is *changed* when a new article gives a version.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from ..model import Briefing, Change, Claim, Conflict, WhatChanged

Status = Literal["added", "changed"]


def new_articles(b: Briefing) -> set[str]:
    """Ids of the articles added on or after ``b.new_since`` (none without it)."""
    if not b.new_since:
        return set()
    return {a.id for a in b.articles if a.added is not None and a.added >= b.new_since}


def dispute_key(claim: str, other: str, slot: str | None) -> str:
    """One id for a dispute however many of its claims list it: ``C6~C23:retaken``."""
    first, second = sorted((claim, other), key=lambda c: (len(c), c))
    return f"{first}~{second}:{slot or ''}"


def each_dispute(b: Briefing) -> Iterator[tuple[str, Claim, Conflict, Claim | None]]:
    """Every claim-level dispute once (both of its claims list it): its key, the claim that lists it first, the
    conflict, and the other claim (``None`` if the briefing no longer holds it)."""
    by_id = {c.id: c for c in b.claims}
    seen: set[str] = set()
    for c in b.claims:
        for x in c.conflicts:
            key = dispute_key(c.id, x.claim, x.slot)
            if key not in seen:
                seen.add(key)
                yield key, c, x, by_id.get(x.claim)


def what_changed(b: Briefing) -> WhatChanged | None:
    """The changes since ``b.new_since``, or ``None`` when the briefing was not asked for them."""
    if not b.new_since:
        return None
    new = new_articles(b)
    label = {a.id: (a.outlet or a.title or a.id) for a in b.articles}

    def outlets(ids: list[str]) -> list[str]:
        return list(dict.fromkeys(label.get(a, a) for a in ids))

    changes: list[Change] = []
    for c in b.claims:
        fresh = [a for a in c.articles if a in new]
        if fresh:
            status: Status = "added" if set(c.articles) <= new else "changed"
            changes.append(Change(kind="fact", status=status, ref=c.id, text=c.text, articles=fresh,
                                  outlets=outlets(fresh)))
    for key, c, x, other in each_dispute(b):
        side_articles = [s.article for s in x.sides]
        carried = list(c.articles) + (list(other.articles) if other is not None else [])
        fresh = list(dict.fromkeys(a for a in (side_articles or carried) if a in new))
        side_status: Status = "added"
        if not fresh:
            fresh = list(dict.fromkeys(a for a in carried if a in new))
            side_status = "changed"
        if not fresh:
            continue
        versions = " vs ".join(f"{s.value} ({s.outlet})" for s in x.sides) or x.reason
        changes.append(Change(kind="dispute", status=side_status, ref=key,
                              text=f"{x.slot or 'disputed'}: {versions}", articles=fresh, outlets=outlets(fresh)))
    for i, q in enumerate(b.quantities):
        if q.article in new:
            text = f"{q.text} ({q.measures})" if q.measures and q.measures not in q.text else q.text
            changes.append(Change(kind="figure", status="added", ref=f"q{i}", text=text, articles=[q.article],
                                  outlets=outlets([q.article])))
    for f in b.fused_events:
        for fig in f.figures:
            fresh = list(dict.fromkeys(r.article for r in fig.reports if r.article in new))
            if not fresh:
                continue
            fig_status: Status = "added" if all(r.article in new for r in fig.reports) else "changed"
            values = ", ".join(f"{r.text} ({r.outlet or label.get(r.article, r.article)})" for r in fig.reports)
            changes.append(Change(kind="figure", status=fig_status, ref=f.id, text=f"{fig.measure}: {values}",
                                  articles=fresh, outlets=outlets(fresh)))
    order = {"dispute": 0, "fact": 1, "figure": 2}
    changes.sort(key=lambda ch: order[ch.kind])
    return WhatChanged(since=b.new_since, new_articles=[a.id for a in b.articles if a.id in new], changes=changes)
