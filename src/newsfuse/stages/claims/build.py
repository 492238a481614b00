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

import re
from collections import defaultdict
from collections.abc import Hashable, Sequence

import numpy as np

from ... import encoder
from ...model import (
    Article,
    Claim,
    Conflict,
    ConflictSide,
    Entity,
    ParsedArticle,
    Quantity,
    Quote,
    SentenceRef,
)
from ..collector import collector_paused
from ..syndication import outlet_key
from .align import claim_worthy_texts, encoded_positions, sentence_facts
from .conflicts import FigureKeys, SpeakerIndex, compare_figures, different_sources
from .facts import SentenceFacts
from .semantic import SemanticAlignment, align

#: sentences each figure is compared with inside one group (same claim, or same predicate and entity):
#: every pair in a small group, the nearest ones in corpus order in a group larger than this
FIGURE_PARTNERS = 24
#: figure conflicts and notes listed per claim; a claim of hundreds of outlets with hundreds of figures
#: would otherwise list their every pair, and nobody reads past the first ones
MAX_FIGURE_FINDINGS = 20
#: year, polarity and predicate conflicts listed per claim, for the same reason (and each is a few objects:
#: uncapped, a 2,000-article corpus of templated reports held a million of them)
MAX_SLOT_CONFLICTS = 20


class _Outlets:
    """Who published an article, and which independent source it counts as."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.by_id = {a.id: a for a in articles}
        self._roots: dict[str, str] = {}  # the articles do not change while the stage runs
        self._names: dict[str, str] = {}

    def root(self, article_id: str) -> str:
        hit = self._roots.get(article_id)
        if hit is None:
            hit = self._roots[article_id] = self._root(article_id)
        return hit

    def _root(self, article_id: str) -> str:
        seen = {article_id}
        current = article_id
        while (a := self.by_id.get(current)) is not None and a.duplicate_of and a.duplicate_of not in seen:
            current = a.duplicate_of
            seen.add(current)
        return current

    def independent_key(self, article_id: str) -> str:
        root = self.root(article_id)
        a = self.by_id.get(root)
        return outlet_key(a) if a is not None else f"article:{root}"

    def name(self, article_id: str) -> str:
        hit = self._names.get(article_id)
        if hit is None:
            a = self.by_id.get(article_id)
            hit = self._names[article_id] = a.outlet if a is not None and a.outlet else article_id
        return hit


def _lemma_lookup(parsed: Sequence[ParsedArticle]) -> dict[str, str]:
    lemmas: dict[str, str] = {}
    for doc in parsed:
        for s in doc.sentences:
            for t in s.tokens:
                lemmas.setdefault(t.text.casefold(), t.lemma.casefold())
    return lemmas


def _neighbours(alignment: SemanticAlignment) -> dict[int, dict[int, float]]:
    linked: dict[int, dict[int, float]] = defaultdict(dict)
    for (i, j), score in alignment.scores.items():
        linked[i][j] = score
        linked[j][i] = score
    return linked


def _representative(members: list[int], facts: Sequence[SentenceFacts], linked: dict[int, dict[int, float]],
                    outlets: _Outlets) -> int:
    in_claim = set(members)

    def centrality(i: int) -> float:
        # summed in member order (members are sorted by index), as a sum over all members would be
        return sum(linked[i][j] for j in sorted(in_claim.intersection(linked.get(i, ()))))

    return max(
        members,
        key=lambda i: (
            not facts[i].starts_with_pronoun,
            outlets.root(facts[i].article) == facts[i].article,  # prefer the original over a copy
            round(centrality(i), 6),
            -facts[i].order,
        ),
    )


def _window_pairs(group: list[int]) -> list[tuple[int, int]]:
    """All pairs of a small group; each member with its FIGURE_PARTNERS successors in a large one."""
    return [(x, y) for n, x in enumerate(group) for y in group[n + 1 : n + 1 + FIGURE_PARTNERS]]


def _figure_pairs(with_figures: Sequence[int], facts: Sequence[SentenceFacts], claim_of: dict[int, int],
                  alignment: SemanticAlignment, figure_keys: FigureKeys) -> list[tuple[int, int]]:
    """The pairs whose figures can be compared, in ascending order, without enumerating every pair.

    Figures are compared only when they share a unit and a measure word, and only inside a claim or between
    sentences with the same predicate that share an entity or a candidate link: each pair that can give a
    finding shares one of the groups below.
    """
    keys = {
        i: {(q.normalized.unit, w) for q in facts[i].quantities for w in figure_keys.measure(q)}
        for i in with_figures
    }
    groups: dict[Hashable, list[int]] = defaultdict(list)
    for i in with_figures:
        for key in keys[i]:
            groups[("claim", claim_of[i], key)].append(i)
            for entity in facts[i].entities:
                groups[("entity", facts[i].predicate, entity, key)].append(i)
    pairs = {pair for group in groups.values() for pair in _window_pairs(group)}
    pairs.update(
        (i, j) for i, j in alignment.decisions
        if i in keys and j in keys and facts[i].predicate == facts[j].predicate and keys[i] & keys[j]
    )
    return sorted(pairs)


_WORD = re.compile(r"\w+")
#: a sentence shorter than this may match another outlet's by chance; longer identical ones are copy
COPY_MIN_WORDS = 8


def _copy_key(text: str) -> tuple[str, ...] | None:
    words = tuple(w.casefold() for w in _WORD.findall(text))
    return words if len(words) >= COPY_MIN_WORDS else None


def _independent_groups(members: list[int], facts: Sequence[SentenceFacts], outlets: _Outlets) -> list[list[int]]:
    """Members grouped by independent source: one outlet, an article and its copy, or a sentence carried word
    for word by several outlets (agency copy) each count once."""
    parent = {i: i for i in members}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_of: dict[Hashable, int] = {}
    for i in members:
        keys: list[Hashable] = [("outlet", outlets.independent_key(facts[i].article))]
        copy = _copy_key(facts[i].text)
        if copy is not None:
            keys.append(("text", copy))
        for key in keys:
            if key in first_of:
                parent[find(i)] = find(first_of[key])
            else:
                first_of[key] = i
    groups: dict[int, list[int]] = defaultdict(list)
    for i in members:
        groups[find(i)].append(i)
    return list(groups.values())


def _side(f: SentenceFacts, value: str, outlets: _Outlets) -> ConflictSide:
    return ConflictSide(article=f.article, sentence=f.sentence, outlet=outlets.name(f.article), value=value,
                        source=f.source)


_SLOT_WORDS = {"year": "the year", "polarity": "whether it happened", "predicate": "what happened"}


def _conflict_reason(slot: str, a: SentenceFacts, b: SentenceFacts, value_a: str, value_b: str,
                     outlets: _Outlets) -> str:
    if slot == "polarity":
        pos, neg = (a, b) if value_b != "affirms" else (b, a)
        how = "denies" if "denies" in (value_a, value_b) else "negates"
        return (f"contradiction: '{neg.text}' ({outlets.name(neg.article)}) {how} "
                f"'{pos.text}' ({outlets.name(pos.article)})")
    what = _SLOT_WORDS.get(slot, slot)
    return f"different {what}: '{value_a}' ({outlets.name(a.article)}) vs '{value_b}' ({outlets.name(b.article)})"


def encode_claim_sentences(
    articles: Sequence[Article],
    parsed: Sequence[ParsedArticle],
    entities: Sequence[Entity],
    quantities: Sequence[Quantity],
    quotes: Sequence[Quote],
) -> None:
    """Encode the sentences the aligner will compare (its own pipeline line: the encoder's cost shows apart).

    The vectors stay in the encoder's per-text cache, so :func:`align_claims` finds them there.
    """
    order = {a.id: n for n, a in enumerate(articles)}
    encoder.encode(claim_worthy_texts(parsed, entities, quantities, quotes, order))


@collector_paused()
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

    # only the sentences that are compared are encoded (each distinct text once per process)
    encoded = np.zeros(len(facts), dtype=bool)
    encoded[encoded_positions([f.article for f in facts])] = True
    vectors = np.zeros((len(facts), encoder.DIMENSIONS), dtype=np.float32)
    if encoded.any():
        vectors[encoded] = encoder.encode([f.text for f, e in zip(facts, encoded, strict=True) if e])
    alignment = align(facts, vectors, lemma_of, encoded=encoded)
    linked = _neighbours(alignment)
    outlets = _Outlets(articles)
    # a sentence a copy shares word for word with its original adds no finding of its own
    original_text = {(f.article, f.text) for f in facts if outlets.root(f.article) == f.article}
    echo = {n for n, f in enumerate(facts) if outlets.root(f.article) != f.article
            and (outlets.root(f.article), f.text) in original_text}

    groups_of = {min(c): _independent_groups(sorted(c, key=lambda i: facts[i].order), facts, outlets)
                 for c in alignment.clusters}
    clusters = sorted(alignment.clusters, key=lambda c: (-len(groups_of[min(c)]), min(facts[i].order for i in c)))
    claims: list[Claim] = []
    claim_of: dict[int, int] = {}
    speakers = SpeakerIndex(entities)  # built once: every claim's sources are looked up in it
    for n, members in enumerate(clusters):
        groups = groups_of[min(members)]
        members = sorted(members, key=lambda i: facts[i].order)
        support = len(groups)
        best = _representative(members, facts, linked, outlets)
        names = list(dict.fromkeys(outlets.name(facts[i].article) for i in members))
        copied = list(dict.fromkeys(
            outlets.name(facts[i].article) for g in groups for i in sorted(g, key=lambda i: facts[i].order)[1:]
            if outlets.name(facts[i].article) != outlets.name(facts[min(g, key=lambda i: facts[i].order)].article)
        ))
        claims.append(
            Claim(
                id=f"C{n + 1}",
                text=facts[best].text,
                articles=list(dict.fromkeys(facts[i].article for i in members)),
                support=support,
                sentences=[SentenceRef(article=facts[i].article, sentence=facts[i].sentence, text=facts[i].text)
                           for i in members],
                single_source=support == 1,
                outlets=names,
                copied=copied,
            )
        )
        for i in members:
            claim_of[i] = n
        note = different_sources([facts[i] for i in members], outlets.name, speakers)
        if note:
            claims[n].notes.append(note)

    # figures: inside one claim, and between claims about the same entities and predicate
    with_figures = [i for i in range(len(facts)) if facts[i].quantities and i not in echo]
    figure_findings = [0] * len(claims)
    figure_keys = FigureKeys(lemma_of)  # each measure and window phrase read once
    figure_pairs = _figure_pairs(with_figures, facts, claim_of, alignment, figure_keys)
    # each pair's decision, if the aligner made one, looked up for all pairs at once
    outcomes = alignment.decisions.outcomes(figure_pairs)
    for (i, j), outcome in zip(figure_pairs, outcomes, strict=True):
        a, b = facts[i], facts[j]
        if outlets.root(a.article) == outlets.root(b.article):
            continue  # an article and its copy say the same thing by construction
        ca, cb = claim_of[i], claim_of[j]
        related = bool(a.entities & b.entities) or outcome is not None
        if ca != cb and not (related and a.predicate == b.predicate):
            continue
        # two facts (another actor, place or angle) are not two versions of one: their figures never conflict
        other_fact = ca != cb and outcome == "different"
        if figure_findings[ca] >= MAX_FIGURE_FINDINGS and figure_findings[cb] >= MAX_FIGURE_FINDINGS:
            continue  # both claims have listed all a reader can take in
        for finding in compare_figures(a, b, outlets.name(a.article), outlets.name(b.article), lemma_of,
                                       figure_keys):
            for mine, other in ((ca, cb), (cb, ca)) if cb != ca else ((ca, ca),):
                figure_findings[mine] += 1
                if figure_findings[mine] > MAX_FIGURE_FINDINGS:
                    continue
                if finding.conflict and other_fact:
                    continue
                if finding.conflict:
                    x, y = (a, b) if mine == ca else (b, a)
                    va, vb = (finding.value_a, finding.value_b) if mine == ca else (finding.value_b, finding.value_a)
                    claims[mine].conflicts.append(Conflict(
                        claim=claims[other].id, reason=finding.reason, slot=finding.slot,
                        sides=[_side(x, va, outlets), _side(y, vb, outlets)],
                    ))
                else:
                    claims[mine].notes.append(finding.reason)

    # versions of one fact that differ in a year, the polarity or the direction of the predicate
    slot_conflicts = [0] * len(claims)
    for i, j, decision in alignment.listed_conflicts():
        ca, cb = claim_of[i], claim_of[j]
        if ca == cb or i in echo or j in echo:
            continue
        for diff in decision.differences:
            if diff.slot not in ("year", "polarity", "predicate"):
                continue  # figures were compared above, with their windows
            if slot_conflicts[ca] >= MAX_SLOT_CONFLICTS or slot_conflicts[cb] >= MAX_SLOT_CONFLICTS:
                continue
            slot_conflicts[ca] += 1
            slot_conflicts[cb] += 1
            reason = _conflict_reason(diff.slot, facts[i], facts[j], diff.value_a, diff.value_b, outlets)
            claims[ca].conflicts.append(Conflict(
                claim=claims[cb].id, reason=reason, slot=diff.slot,
                sides=[_side(facts[i], diff.value_a, outlets), _side(facts[j], diff.value_b, outlets)],
            ))
            claims[cb].conflicts.append(Conflict(
                claim=claims[ca].id, reason=reason, slot=diff.slot,
                sides=[_side(facts[j], diff.value_b, outlets), _side(facts[i], diff.value_a, outlets)],
            ))

    for claim, found in zip(claims, figure_findings, strict=True):
        if found > MAX_FIGURE_FINDINGS:
            claim.notes.append(f"figure comparisons after the first {MAX_FIGURE_FINDINGS} are not listed")
    for claim in claims:
        claim.conflicts = list({(c.claim, c.reason): c for c in claim.conflicts}.values())
        claim.notes = list(dict.fromkeys(claim.notes))
    return claims
