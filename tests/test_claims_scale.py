"""Claim alignment at scale (no spaCy): same result as the all-pairs definition, and no n x n matrix.

The sentences are generated features (lemmas, entities, predicates, figures), not text: what is tested is
the pair scoring and the clustering, which never look at the words themselves.
"""

from __future__ import annotations

import math
import random
import tracemalloc
from collections.abc import Callable, Sequence

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from newsfuse.model import NormalizedValue, Quantity
from newsfuse.stages.claims import align as claim_align
from newsfuse.stages.claims.align import (
    CONTRADICTION_MIN_COSINE,
    GUARD_THRESHOLD,
    LINK_THRESHOLD,
    MIN_COSINE,
    W_ENTITIES,
    W_FIGURES,
    W_LEXICAL,
    W_PREDICATE,
    PairScorer,
    SentenceFacts,
    _best_per_node,
    align,
    candidate_pairs,
)

VOCABULARY = [f"w{n}" for n in range(60)]
ENTITIES = [f"E{n}" for n in range(12)]
PREDICATES = ["recapture", "kill", "attack", "say", "evacuate", None]
MEASURES = [("km2", "territory"), ("person", "people killed"), ("person", "people evacuated"), (None, "villages")]
WINDOWS = [None, None, "since the offensive began", "in the past day", "in the past week"]


def _quantity(rng: random.Random, article: str, sentence: int) -> Quantity:
    unit, measures = rng.choice(MEASURES)
    value = float(rng.choice([40, 45, 500, 2500, 3000]))
    return Quantity(
        text=f"{value:g}", value=value, unit=unit, normalized=NormalizedValue(value=value, unit=unit),
        article=article, sentence=sentence, measures=measures, window=rng.choice(WINDOWS),
    )


def generated_facts(n: int, articles: int, seed: int) -> list[SentenceFacts]:
    """Sentences spread over articles, with skewed word use so that many pairs look alike."""
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(VOCABULARY))]
    facts = []
    for k in range(n):
        article = f"a{k * articles // n:04d}"
        sentence = k
        qty = [_quantity(rng, article, sentence) for _ in range(rng.choice([0, 0, 1, 2]))]
        facts.append(SentenceFacts(
            article=article, sentence=sentence, text=f"sentence {k}", order=k,
            entities=frozenset(rng.sample(ENTITIES, rng.choice([0, 1, 1, 2, 3]))),
            predicate=rng.choice(PREDICATES), negated=rng.random() < 0.15, denial=False,
            lemmas=rng.choices(VOCABULARY, weights=weights, k=rng.randint(3, 9)), quantities=qty,
        ))
    return facts


def reference_align(facts: Sequence[SentenceFacts], lemma_of: Callable[[str], str] = str.casefold):
    """The plain definition: every pair scored from the full n x n cosine matrix, then best-first merging."""
    matrix = TfidfVectorizer(analyzer=lambda doc: doc, sublinear_tf=True).fit_transform(
        [f.lemmas or ["\u2205"] for f in facts])
    matrix.sort_indices()  # cosines summed in term order: the same float from either sentence's side
    cosine = (matrix @ matrix.T).tocoo()
    scores, contradictions = {}, []
    for i, j, cos in zip(cosine.row, cosine.col, cosine.data, strict=True):
        i, j = int(i), int(j)
        if i >= j or facts[i].article == facts[j].article or cos < MIN_COSINE:
            continue
        a, b = facts[i], facts[j]
        same_predicate = a.predicate is not None and a.predicate == b.predicate
        agree = claim_align._figures_agree(a, b)
        score = (W_LEXICAL * float(cos) + W_ENTITIES * claim_align._jaccard(a.entities, b.entities)
                 + W_PREDICATE * same_predicate + W_FIGURES * agree)
        if a.negated != b.negated:
            if same_predicate and a.entities & b.entities and cos >= CONTRADICTION_MIN_COSINE:
                contradictions.append((i, j))
            continue
        if not (a.entities & b.entities) and not agree and cos < 0.6:
            continue
        if claim_align._other_period(a, b, lemma_of):
            continue
        scores[(i, j)] = score
    clusters = {i: [i] for i in range(len(facts))}
    member_of = list(range(len(facts)))
    for (i, j), score in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
        if score < LINK_THRESHOLD:
            break
        ci, cj = member_of[i], member_of[j]
        if ci == cj:
            continue
        if {facts[x].article for x in clusters[ci]} & {facts[y].article for y in clusters[cj]}:
            continue
        if any(scores.get((min(x, y), max(x, y)), -math.inf) < GUARD_THRESHOLD
               for x in clusters[ci] for y in clusters[cj]):
            continue
        clusters[ci] = clusters[ci] + clusters.pop(cj)
        for y in clusters[ci]:
            member_of[y] = ci
    return sorted(clusters.values(), key=min), contradictions, scores


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_blockwise_alignment_equals_the_all_pairs_definition(monkeypatch, seed):
    facts = generated_facts(240, articles=30, seed=seed)
    clusters, contradictions, scores = reference_align(facts)
    assert any(len(c) > 2 for c in clusters) and contradictions  # the corpus exercises merging and polarity
    # small blocks, so that pairs cross block boundaries; no cap, so nothing may be lost
    monkeypatch.setattr(claim_align, "BLOCK_ROWS", 17)
    monkeypatch.setattr(claim_align, "MAX_PARTNERS", 10**6)
    got = align(facts)
    assert got.scores == scores
    assert got.clusters == clusters
    assert got.contradictions == contradictions


def test_default_cap_changes_nothing_on_a_small_corpus():
    facts = generated_facts(120, articles=8, seed=7)
    clusters, contradictions, scores = reference_align(facts)
    got = align(facts)
    assert (got.clusters, got.contradictions, got.scores) == (clusters, contradictions, scores)


def test_capped_links_are_each_sentences_best_partners():
    facts = generated_facts(300, articles=60, seed=11)
    _, _, scores = reference_align(facts)
    limit = 5
    expected = set()
    for node in range(len(facts)):
        mine = sorted(((-s, (j if i == node else i), (i, j)) for (i, j), s in scores.items() if node in (i, j)))
        expected |= {pair for _, _, pair in mine[:limit]}
    got, _ = candidate_pairs(PairScorer(facts, str.casefold), max_partners=limit, block_rows=23)
    assert set(got) == expected
    assert len(got) < len(scores)  # the cap did bite
    assert all(got[p] == scores[p] for p in got)


def _peak_bytes(facts: list[SentenceFacts]) -> tuple[int, claim_align.Alignment]:
    tracemalloc.start()
    try:
        result = align(facts)
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


def test_alignment_memory_grows_linearly_not_with_the_square(monkeypatch):
    monkeypatch.setattr(claim_align, "BLOCK_ROWS", 64)
    monkeypatch.setattr(claim_align, "MAX_PARTNERS", 8)  # the links kept are output: keep them few here
    n = 1200
    small_peak, _ = _peak_bytes(generated_facts(n, articles=160, seed=5))
    large_peak, result = _peak_bytes(generated_facts(2 * n, articles=320, seed=5))
    assert sum(len(c) for c in result.clusters) == 2 * n
    # twice the sentences: an n x n matrix would need four times the memory, and alone take more than this
    assert large_peak < 2.5 * small_peak, (small_peak, large_peak)
    assert large_peak < (2 * n) ** 2 * 8, large_peak
    assert len(result.scores) <= 8 * 2 * n  # each sentence keeps at most 8 links of its own


def _arrays(rows):
    return (np.array([r[0] for r in rows], dtype=np.int64), np.array([r[1] for r in rows], dtype=np.int64),
            np.array([r[2] for r in rows], dtype=float))


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.floats(0, 1)), max_size=40),
       st.integers(1, 3))
def test_best_per_node_takes_at_most_limit_per_node_and_the_best_ones(rows, limit):
    node, other, score = _arrays(rows)
    picked = _best_per_node(node, other, score, limit)
    for x in set(node.tolist()):
        mine = [k for k in range(len(rows)) if node[k] == x]
        chosen = [k for k in picked.tolist() if node[k] == x]
        assert len(chosen) == min(limit, len(mine))
        floor = min(score[k] for k in chosen)
        assert all(score[k] <= floor for k in set(mine) - set(chosen))
