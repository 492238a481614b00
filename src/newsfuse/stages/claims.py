"""Stage: align statements across outlets into claims, with support and conflicts.

Reads ``Article``, ``ParsedArticle``, ``Briefing.entities``, ``Briefing.quantities`` and
``Briefing.quotes``; writes ``Briefing.claims``.

:mod:`.claim_align` turns claim-worthy sentences into features and clusters
them; :mod:`.conflicts` compares figures and polarity.  This module builds the
:class:`Claim` objects: support counts independent outlets (a syndicated copy
counts with its original, an outlet counts once), the claim text is the most
central member that does not open with a pronoun, and claims are sorted by
support, then by first appearance.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from ..model import Article, Claim, Conflict, Entity, ParsedArticle, Quantity, Quote, SentenceRef
from .claim_align import Alignment, SentenceFacts, align, sentence_facts
from .conflicts import compare_figures, different_sources


class _Outlets:
    """Who published an article, and which independent source it counts as."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.by_id = {a.id: a for a in articles}

    def root(self, article_id: str) -> str:
        seen = {article_id}
        current = article_id
        while (a := self.by_id.get(current)) is not None and a.duplicate_of and a.duplicate_of not in seen:
            current = a.duplicate_of
            seen.add(current)
        return current

    def independent_key(self, article_id: str) -> str:
        root = self.root(article_id)
        a = self.by_id.get(root)
        return (a.outlet if a is not None and a.outlet else root).casefold().strip()

    def name(self, article_id: str) -> str:
        a = self.by_id.get(article_id)
        return a.outlet if a is not None and a.outlet else article_id


def _lemma_lookup(parsed: Sequence[ParsedArticle]) -> dict[str, str]:
    lemmas: dict[str, str] = {}
    for doc in parsed:
        for s in doc.sentences:
            for t in s.tokens:
                lemmas.setdefault(t.text.casefold(), t.lemma.casefold())
    return lemmas


def _representative(members: list[int], facts: Sequence[SentenceFacts], alignment: Alignment,
                    outlets: _Outlets) -> int:
    def centrality(i: int) -> float:
        return sum(alignment.scores.get((min(i, j), max(i, j)), 0.0) for j in members if j != i)

    return max(
        members,
        key=lambda i: (
            not facts[i].starts_with_pronoun,
            outlets.root(facts[i].article) == facts[i].article,  # prefer the original over a copy
            round(centrality(i), 6),
            -facts[i].order,
        ),
    )


def align_claims(
    articles: Sequence[Article],
    parsed: Sequence[ParsedArticle],
    entities: Sequence[Entity],
    quantities: Sequence[Quantity],
    quotes: Sequence[Quote],
) -> list[Claim]:
    facts = sentence_facts(articles, parsed, entities, quantities, quotes)
    lemmas = _lemma_lookup(parsed)

    def lemma_of(word: str) -> str:
        return lemmas.get(word, word)

    alignment = align(facts, lemma_of)
    outlets = _Outlets(articles)
    # a sentence a copy shares word for word with its original adds no finding of its own
    original_text = {(f.article, f.text) for f in facts if outlets.root(f.article) == f.article}
    echo = {n for n, f in enumerate(facts) if outlets.root(f.article) != f.article
            and (outlets.root(f.article), f.text) in original_text}

    clusters = sorted(
        alignment.clusters,
        key=lambda c: (-len({outlets.independent_key(facts[i].article) for i in c}), min(facts[i].order for i in c)),
    )
    claims: list[Claim] = []
    claim_of: dict[int, int] = {}
    for n, members in enumerate(clusters):
        members = sorted(members, key=lambda i: facts[i].order)
        support = len({outlets.independent_key(facts[i].article) for i in members})
        best = _representative(members, facts, alignment, outlets)
        claims.append(
            Claim(
                id=f"C{n + 1}",
                text=facts[best].text,
                articles=list(dict.fromkeys(facts[i].article for i in members)),
                support=support,
                sentences=[SentenceRef(article=facts[i].article, sentence=facts[i].sentence, text=facts[i].text)
                           for i in members],
                single_source=support == 1,
            )
        )
        for i in members:
            claim_of[i] = n
        note = different_sources([facts[i] for i in members], outlets.name)
        if note:
            claims[n].notes.append(note)

    # figures: inside one claim, and between claims about the same entities and predicate
    with_figures = [i for i in range(len(facts)) if facts[i].quantities and i not in echo]
    for i, j in combinations(with_figures, 2):
        a, b = facts[i], facts[j]
        if outlets.root(a.article) == outlets.root(b.article):
            continue  # an article and its copy say the same thing by construction
        ca, cb = claim_of[i], claim_of[j]
        related = bool(a.entities & b.entities) or (min(i, j), max(i, j)) in alignment.scores
        if ca != cb and not (related and a.predicate == b.predicate):
            continue
        for finding in compare_figures(a, b, outlets.name(a.article), outlets.name(b.article), lemma_of):
            if finding.conflict:
                claims[ca].conflicts.append(Conflict(claim=claims[cb].id, reason=finding.reason))
                if cb != ca:
                    claims[cb].conflicts.append(Conflict(claim=claims[ca].id, reason=finding.reason))
            else:
                claims[ca].notes.append(finding.reason)
                if cb != ca:
                    claims[cb].notes.append(finding.reason)

    for i, j in alignment.contradictions:
        ca, cb = claim_of[i], claim_of[j]
        if ca == cb or i in echo or j in echo:
            continue
        pos, neg = (i, j) if facts[j].negated else (j, i)
        how = "denies" if facts[neg].denial else "negates"
        reason = (
            f"contradiction: '{facts[neg].text}' ({outlets.name(facts[neg].article)}) {how} "
            f"'{facts[pos].text}' ({outlets.name(facts[pos].article)})"
        )
        claims[ca].conflicts.append(Conflict(claim=claims[cb].id, reason=reason))
        claims[cb].conflicts.append(Conflict(claim=claims[ca].id, reason=reason))

    for claim in claims:
        claim.conflicts = list({(c.claim, c.reason): c for c in claim.conflicts}.values())
        claim.notes = list(dict.fromkeys(claim.notes))
    return claims
