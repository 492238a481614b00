"""Story pages stay light however big the story: long lists are cut to their first items, the rest is one link away.

A story of a hundred articles has a briefing report of megabytes (every article's full text, hundreds of
facts and quotes).  The story page shows a *folded* copy: the first :class:`FoldLimits` items of each long
list and the full text of a few articles (those the summary cites first); every other article keeps its
heading and metadata, so counts and the sources list stay whole.  Citations of a sentence whose article text
is folded point to the whole briefing's page (``/stories/{id}/all``), as do the "show all" links.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from ..model import Article, Briefing, Claim


@dataclass(frozen=True)
class FoldLimits:
    """How many items of each list a story page shows before "show all"."""

    facts: int = 40
    quotes: int = 40
    figures: int = 40
    entities: int = 60
    timeline: int = 60
    events: int = 40
    #: articles shown with their full text (the others with their heading only)
    article_texts: int = 8
    #: source sentences and conflicts listed under one fact (a fact 60 outlets carry cites 60 sentences)
    citations_per_fact: int = 6
    conflicts_per_fact: int = 4
    #: characters of one sentence shown; a run-on "sentence" of 40,000 characters is also every citation's
    #: tooltip, so the page would grow with its length times the number of citations
    sentence_chars: int = 1000


@dataclass(frozen=True)
class Folded:
    """One list the story page shortened: its section id, its name, how many shown of how many."""

    section: str
    name: str
    shown: int
    total: int


@dataclass(frozen=True)
class FoldedBriefing:
    briefing: Briefing
    folds: list[Folded]
    #: articles whose text is left out of the page (their citations lead to the whole briefing)
    folded_articles: frozenset[str]


def fold(briefing: Briefing, limits: FoldLimits) -> FoldedBriefing:
    """A copy of ``briefing`` with long lists cut to ``limits`` (the briefing itself is not changed)."""
    folds: list[Folded] = []
    update: dict[str, object] = {}

    def cut(field: str, section: str, name: str, items: list[Any], keep: int,
            extra: Callable[[list[Any]], list[Any]] | None = None) -> None:
        if len(items) <= keep:
            return
        kept = items[:keep]
        if extra is not None:
            kept = kept + extra(kept)
        update[field] = kept
        folds.append(Folded(section, name, len(kept), len(items)))

    claims = [_trimmed(c, limits) for c in briefing.claims]
    cut("claims", "facts", "facts", claims, limits.facts, lambda kept: _conflict_partners(claims, kept))
    trimmed = sum(1 for a, b in zip(briefing.claims, claims, strict=True) if a is not b)
    if trimmed and "claims" not in update:
        update["claims"] = claims
        folds.append(Folded("facts", "facts with every source", len(claims) - trimmed, len(claims)))
    cut("quotes", "quotes", "quotes", briefing.quotes, limits.quotes)
    cut("quantities", "figures", "figures", briefing.quantities, limits.figures)
    by_mentions = sorted(briefing.entities, key=lambda e: (-len(e.mentions), e.name.casefold()))
    cut("entities", "entities", "entities", by_mentions, limits.entities)
    by_date = sorted(briefing.timeline, key=lambda t: (t.date, t.article, t.sentence))
    cut("timeline", "timeline", "timeline entries", by_date, limits.timeline)
    cut("events", "events", "events", briefing.events, limits.events)
    # the events table and the timeline show one row per fused event: the best-attested ones, in their order
    if len(briefing.fused_events) > limits.events:
        ranked = sorted(range(len(briefing.fused_events)),
                        key=lambda i: (-briefing.fused_events[i].independent_sources, i))[: limits.events]
        kept = [briefing.fused_events[i] for i in sorted(ranked)]
        update["fused_events"] = kept
        folds.append(Folded("events", "events reported by the most outlets", len(kept), len(briefing.fused_events)))

    with_text = _articles_with_text(briefing, limits.article_texts)
    folded_articles = frozenset(a.id for a in briefing.articles if a.id not in with_text)
    articles = [
        _shortened(a, limits.sentence_chars) if a.id in with_text else a.model_copy(update={"sentences": [], "dropped": []})
        for a in briefing.articles
    ]
    if folded_articles:
        folds.append(Folded("articles", "article texts", len(with_text), len(briefing.articles)))
    long_sentences = sum(1 for a, b in zip(briefing.articles, articles, strict=True) if a.id in with_text and a is not b)
    if long_sentences:
        folds.append(Folded("articles", "articles with every sentence in full", len(with_text) - long_sentences,
                            len(with_text)))
    if folded_articles or long_sentences:
        update["articles"] = articles
    return FoldedBriefing(briefing.model_copy(update=update), folds, folded_articles)


def _shortened(article: Article, chars: int) -> Article:
    """The article with each sentence over ``chars`` characters cut, saying how long it is."""
    if all(len(s.text) <= chars for s in article.sentences):
        return article
    sentences = [
        s if len(s.text) <= chars else s.model_copy(update={
            "text": f"{s.text[:chars]} … [a sentence of {len(s.text):,} characters, in full on the whole briefing page]"
        })
        for s in article.sentences
    ]
    return article.model_copy(update={"sentences": sentences})


def _conflict_partners(claims: list[Claim], kept: list[Claim]) -> list[Claim]:
    # the other side of a shown conflict is shown too, or the page would quote half of the disagreement
    shown = {c.id for c in kept}
    wanted = {x.claim for c in kept for x in c.conflicts} - shown
    return [c for c in claims if c.id in wanted]


def _trimmed(claim: Claim, limits: FoldLimits) -> Claim:
    """The claim with its first few source sentences and conflicts, and a note of how many more there are."""
    more_sentences = len(claim.sentences) - limits.citations_per_fact
    more_conflicts = len(claim.conflicts) - limits.conflicts_per_fact
    if more_sentences <= 0 and more_conflicts <= 0:
        return claim
    more = []
    if more_sentences > 0:
        more.append(f"{more_sentences} more source sentence{'s' if more_sentences > 1 else ''}")
    if more_conflicts > 0:
        more.append(f"{more_conflicts} more conflict{'s' if more_conflicts > 1 else ''}")
    return claim.model_copy(update={
        "sentences": claim.sentences[: limits.citations_per_fact],
        "conflicts": claim.conflicts[: limits.conflicts_per_fact],
        "notes": [*claim.notes, f"{' and '.join(more)} on the whole briefing page"],
    })


def _articles_with_text(briefing: Briefing, keep: int) -> set[str]:
    """The articles the summary cites, in order of first citation, then the rest in briefing order."""
    order = [c.article for s in briefing.summary for c in s.citations] + [a.id for a in briefing.articles]
    known = {a.id for a in briefing.articles}
    return set(list(dict.fromkeys(a for a in order if a in known))[:keep])


# the report's sentence anchors are "s-<article id>-<sentence index>"; ids are hashes without quotes
_SENTENCE_LINK = re.compile(r'href="#(s-([^"]+)-\d+)"')


def relink(body: str, folded: frozenset[str], whole_page: str) -> str:
    """Point the citations of folded articles' sentences at the whole briefing's page."""
    if not folded:
        return body

    def target(match: re.Match[str]) -> str:
        if match.group(2) in folded:
            return f'href="{escape(whole_page)}#{match.group(1)}"'
        return match.group(0)

    return _SENTENCE_LINK.sub(target, body)


def show_all_notes(body: str, folds: list[Folded], whole_page: str) -> str:
    """Add "N of M shown -- show all" at the end of each folded section (sections are not nested)."""
    for f in folds:
        opening = body.find(f'<section id="{f.section}">')
        closing = body.find("</section>", opening) if opening >= 0 else -1
        if closing < 0:
            continue  # the report has no such section now: the note above the briefing still says it
        note = str(_note(f, whole_page))
        body = body[:closing] + note + body[closing:]
    return body


def _note(f: Folded, whole_page: str) -> Markup:
    return Markup('<p class="folded">{} of {} {} shown here &middot; <a href="{}#{}">show all {}</a></p>\n').format(
        f.shown, f.total, f.name, whole_page, f.section, f.total
    )
