"""The batched same-fact decision gives the per-pair definition's outcome for every pair (fictional sentences)."""

from __future__ import annotations

import numpy as np
import pytest

from newsfuse.model import Article
from newsfuse.stages.claims import align as claim_align
from newsfuse.stages.claims.batch import Decisions, FactArrays, decide_many
from newsfuse.stages.claims.pairs import decide, load_model
from newsfuse.stages.entities.canonical import canonicalise
from newsfuse.stages.figures.quantities import extract_quantities
from newsfuse.stages.quotes import extract_quotes

pytestmark = pytest.mark.slow

BODIES = [
    ("Harbour pilots in Quellport halted 9 tankers at the outer buoy on Wednesday, the port office said.\n"
    "The Quellport council approved a levy of 4 percent on cargo fees in 2019.\n"
    "Dravish engineers repaired the northern sluice gate within six hours, officials said."),
    ("The port office said harbour pilots had stopped nine tankers at the outer buoy in Quellport on Wednesday.\n"
    "The Quellport council rejected a levy of 4 percent on cargo fees in 2021.\n"
    "Ostvarian engineers repaired the northern sluice gate within six hours, officials said."),
    ("Harbour pilots in Brenmouth halted 14 tankers at the outer buoy on Wednesday, the port office said.\n"
    "The Quellport council did not approve a levy on cargo fees, a spokeswoman for the council said.\n"
    "Unemployment in Quellport reached 6.4 percent in June, the labour office reported."),
    ("Inflation in Quellport reached 6.4 percent in June, the labour office reported.\n"
    "The sluice gate repairs cost more than 300,000 crowns over the past week, the council said.\n"
    "Reports that the sluice gate had failed were a hoax, the Quellport harbour master said."),
]


@pytest.fixture(scope="module")
def facts():
    from newsfuse.nlp import parse_articles

    articles = [Article(id=f"b{n}", path=f"b{n}.txt", outlet=f"Paper {n}", published="2032-07-14", body=body)
                for n, body in enumerate(BODIES)]
    parsed = parse_articles(articles)
    entities = canonicalise(parsed)
    quotes = extract_quotes(parsed, entities)
    quantities = extract_quantities(parsed, quotes)
    return claim_align.sentence_facts(articles, parsed, entities, quantities, quotes, claim_worthy_only=False)


@pytest.mark.parametrize("encoded_share", [1.0, 0.5])
def test_batched_outcomes_equal_the_per_pair_definition(facts, encoded_share):
    n = len(facts)
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(n, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    encoded = rng.random(n) < encoded_share
    vectors[~encoded] = 0.0
    i, j = np.triu_indices(n, 1)
    model = load_model()
    outcome, probability, clash, listed = decide_many(FactArrays(facts, str.casefold), i, j, vectors, encoded, model)
    names = ("different", "support", "conflict")
    seen = set()
    for k in range(i.size):
        a, b = int(i[k]), int(j[k])
        cosine = float(vectors[a] @ vectors[b]) if encoded[a] and encoded[b] else None
        want = decide(facts[a], facts[b], cosine, str.casefold, model)
        got = (names[outcome[k]], bool(clash[k]))
        assert got == (want.outcome, want.clash), (facts[a].text, facts[b].text, want)
        assert probability[k] == pytest.approx(want.probability, abs=1e-6)  # float32 cosines, summed in another order
        if want.outcome == "conflict":
            assert bool(listed[k]) == any(d.slot in ("year", "polarity", "predicate") for d in want.differences)
        seen.add(want.outcome)
    # the inputs exercise more than one outcome, or the comparison proves little
    assert len(seen) >= 2


def test_stored_decisions_read_back_like_a_dict():
    store = Decisions(10)
    store.add(np.array([3 * 10 + 7, 1 * 10 + 2]), np.array([1, 0], dtype=np.int8), np.array([0.9, 0.2]),
              np.array([False, True]))
    assert sorted(store) == [(1, 2), (3, 7)]
    hit = store.get((3, 7))
    assert hit is not None and hit.outcome == "support" and hit.probability == 0.9
    miss = store.get((1, 2))
    assert miss is not None and miss.outcome == "different" and miss.clash
    assert store.get((2, 3)) is None and (2, 3) not in store and (1, 2) in store
    assert store.support() == {(3, 7): 0.9}
    # pairs decided later (the merge guard's) read back the same way
    store.add(np.array([2 * 10 + 5]), np.array([1], dtype=np.int8), np.array([0.7]), np.array([False]))
    assert sorted(store) == [(1, 2), (2, 5), (3, 7)] and len(store) == 3
    assert store.support() == {(2, 5): 0.7, (3, 7): 0.9}
