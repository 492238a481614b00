"""Summary candidates: one per claim (or unclaimed sentence), each scored for how much it belongs in a summary.

A candidate is one body sentence that can stand alone (see
:mod:`.summary_filters`) with its citations: the sentence itself, then the
sentences of the same claim in other articles.  Its relevance mixes

* **corroboration** -- independent outlets supporting the claim, the strongest
  signal that a statement is a fact of the story rather than one outlet's angle;
* **entity salience** -- how many articles mention the entities it names, so the
  main actors and places get covered;
* **recency** -- the article's publication date within the corpus, so the latest
  developments are not crowded out by background;
* **lead position** -- news puts the most important facts first.

The weights are round numbers chosen so that corroboration dominates and the
other signals order claims of equal support; they are not fitted to any corpus.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...model import Article, Citation, Claim, Entity, ParsedArticle, ParsedSentence
from .filters import refusal_reason, strip_dateline

WEIGHT_SUPPORT = 0.6
WEIGHT_ENTITIES = 0.15
WEIGHT_RECENCY = 0.15
WEIGHT_POSITION = 0.1
#: a sentence carrying a quotation is partly colour, not a reported fact
QUOTATION_PENALTY = 0.05
#: sentences outside every claim were judged not claim-worthy (no entity, figure or quote)
UNCLAIMED_FACTOR = 0.5
#: sentence index after which lead position stops mattering
_LEAD_DEPTH = 12


@dataclass
class Candidate:
    """A sentence that may go into the summary, with its sources and score."""

    text: str
    article: str
    sentence: int
    citations: list[Citation]
    support: int
    published: str | None
    relevance: float = 0.0
    claims: tuple[str, ...] = ()
    entities: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Corpus:
    """Lookups over the stage inputs shared by candidate building, conflicts and the LLM mode."""

    articles: dict[str, Article]
    sentences: dict[tuple[str, int], ParsedSentence]
    entities_at: dict[tuple[str, int], frozenset[str]]
    entity_weight: dict[str, float]

    @classmethod
    def build(cls, articles: Sequence[Article], parsed: Sequence[ParsedArticle],
              entities: Sequence[Entity]) -> Corpus:
        by_id = {a.id: a for a in articles}
        sentences = {(p.article, s.index): s for p in parsed for s in p.sentences}
        at: dict[tuple[str, int], set[str]] = {}
        spread: dict[str, set[str]] = {}
        for e in entities:
            for m in e.mentions:
                at.setdefault((m.article, m.sentence), set()).add(e.id)
                spread.setdefault(e.id, set()).add(m.article)
        most = max((len(v) for v in spread.values()), default=1)
        return cls(
            articles=by_id,
            sentences=sentences,
            entities_at={k: frozenset(v) for k, v in at.items()},
            entity_weight={e: len(v) / most for e, v in spread.items()},
        )

    def outlet(self, article_id: str) -> str:
        a = self.articles.get(article_id)
        return (a.outlet or a.title or article_id) if a is not None else article_id

    def published(self, article_id: str) -> str | None:
        a = self.articles.get(article_id)
        return a.published if a is not None else None

    def is_copy(self, article_id: str) -> bool:
        a = self.articles.get(article_id)
        return a is not None and a.duplicate_of is not None


def _date_score(published: str | None, first: dt.date | None, last: dt.date | None) -> float:
    if published is None or first is None or last is None:
        return 0.5  # undated: neither the latest news nor background
    try:
        day = dt.date.fromisoformat(published)
    except ValueError:
        return 0.5
    if last == first:
        return 1.0
    return (day - first).days / (last - first).days


def _date_range(articles: Sequence[Article]) -> tuple[dt.date | None, dt.date | None]:
    days = []
    for a in articles:
        if a.published:
            try:
                days.append(dt.date.fromisoformat(a.published))
            except ValueError:
                continue  # a malformed date only loses the recency signal for that article
    return (min(days), max(days)) if days else (None, None)


def score(candidate: Candidate, corpus: Corpus, max_support: int, date_range: tuple[dt.date | None, dt.date | None],
          claimed: bool) -> float:
    support = candidate.support / max(max_support, 1)
    weights = sorted((corpus.entity_weight.get(e, 0.0) for e in candidate.entities), reverse=True)
    entity = min(sum(weights[:3]) / 2.0, 1.0)
    recency = _date_score(candidate.published, *date_range)
    position = 1.0 - min(candidate.sentence, _LEAD_DEPTH) / _LEAD_DEPTH
    value = (WEIGHT_SUPPORT * support + WEIGHT_ENTITIES * entity + WEIGHT_RECENCY * recency
             + WEIGHT_POSITION * position)
    if any(ch in candidate.text for ch in "\"\u201c\u201d"):
        value -= QUOTATION_PENALTY
    return value if claimed else value * UNCLAIMED_FACTOR


def _standalone(corpus: Corpus, article: str, index: int) -> bool:
    sentence = corpus.sentences.get((article, index))
    return sentence is not None and refusal_reason(sentence, corpus.outlet(article)) is None


def _candidate(corpus: Corpus, article: str, index: int, support: int, cites: list[Citation],
               claims: tuple[str, ...]) -> Candidate:
    sentence = corpus.sentences[(article, index)]
    return Candidate(
        text=strip_dateline(sentence.text.strip()),
        article=article,
        sentence=index,
        citations=cites,
        support=support,
        published=corpus.published(article),
        claims=claims,
        entities=corpus.entities_at.get((article, index), frozenset()),
    )


def claim_candidate(claim: Claim, corpus: Corpus) -> Candidate | None:
    """The claim's best stand-alone sentence, citing the claim's sentences in the other articles."""
    members = [(r.article, r.sentence) for r in claim.sentences]
    usable = [m for m in members if _standalone(corpus, *m)]
    if not usable:
        return None
    representative = next((r for r in claim.sentences if r.text == claim.text), None)

    def preference(m: tuple[str, int]) -> tuple[bool, bool, int]:
        is_rep = representative is not None and m == (representative.article, representative.sentence)
        return (not is_rep, corpus.is_copy(m[0]), m[1])

    article, index = min(usable, key=preference)
    others = [Citation(article=a, sentence=s) for a, s in members if a != article]
    cites = [Citation(article=article, sentence=index), *others]
    return _candidate(corpus, article, index, claim.support, cites, (claim.id,))


def build_candidates(
    articles: Sequence[Article],
    parsed: Sequence[ParsedArticle],
    claims: Sequence[Claim],
    corpus: Corpus,
    exclude_claims: frozenset[str] = frozenset(),
) -> list[Candidate]:
    """Every stand-alone candidate, scored, best first."""
    max_support = max((c.support for c in claims), default=1)
    date_range = _date_range(articles)
    out: list[Candidate] = []
    claimed_sentences = {(r.article, r.sentence) for c in claims for r in c.sentences}
    for claim in claims:
        if claim.id in exclude_claims:
            continue
        cand = claim_candidate(claim, corpus)
        if cand is not None:
            cand.relevance = score(cand, corpus, max_support, date_range, claimed=True)
            out.append(cand)
    for doc in parsed:
        if corpus.is_copy(doc.article):
            continue  # a syndicated copy adds nothing its original does not say
        for s in doc.sentences:
            key = (doc.article, s.index)
            if key in claimed_sentences or not _standalone(corpus, *key):
                continue
            cand = _candidate(corpus, doc.article, s.index, 1, [Citation(article=doc.article, sentence=s.index)], ())
            cand.relevance = score(cand, corpus, max_support, date_range, claimed=False)
            out.append(cand)
    out.sort(key=lambda c: (-c.relevance, c.published or "", c.sentence))
    return out
