"""Issue 10 on hand-built inputs (fictional sentences written for these tests): one fact, many outlets.

Paraphrases align; near-copies that differ in a fact stay apart; a rank next to an age is never compared;
years are compared; a sentence two outlets carry word for word counts once; one speaker under two spellings
is never "different sources".
"""

from __future__ import annotations

import pytest

from newsfuse.model import Article, Claim
from newsfuse.stages.claims.build import align_claims
from newsfuse.stages.entities.canonical import canonicalise
from newsfuse.stages.figures.quantities import extract_quantities
from newsfuse.stages.quotes import extract_quotes

pytestmark = pytest.mark.slow


def brief(*bodies: str) -> list[Claim]:
    from newsfuse.nlp import parse_articles

    articles = [
        Article(id=f"a{n}", path=f"a{n}.txt", outlet=f"Outlet {n}", published="2031-04-02", body=body)
        for n, body in enumerate(bodies)
    ]
    parsed = parse_articles(articles)
    entities = canonicalise(parsed)
    quotes = extract_quotes(parsed, entities)
    return align_claims(articles, parsed, entities, extract_quantities(parsed, quotes), quotes)


def claim_of(claims: list[Claim], article: str, sentence: int = 0) -> Claim:
    found = [c for c in claims if any(s.article == article and s.sentence == sentence for s in c.sentences)]
    assert len(found) == 1, [c.text for c in claims]
    return found[0]


def together(claims: list[Claim], *articles: str) -> bool:
    return len({claim_of(claims, a).id for a in articles}) == 1


def test_a_rate_rise_in_other_words_is_one_claim():
    claims = brief(
        "The central bank of Velmora raised its rate by a quarter point on Tuesday.",
        "Velmora's central bank lifted its key rate by 25 basis points on Tuesday.",
    )
    assert together(claims, "a0", "a1")
    assert claim_of(claims, "a0").support == 2


def test_a_truce_in_other_words_is_one_claim():
    claims = brief(
        "The ceasefire between Dorvia and Ostria took effect at midnight.",
        "The truce between Dorvia and Ostria began at 00:00.",
    )
    assert together(claims, "a0", "a1")


def test_the_same_town_retaken_by_the_other_side_is_another_fact():
    claims = brief(
        "Valdorian forces recaptured the town of Lanovo on Sunday, the army said.",
        "Ostrian forces recaptured the town of Lanovo on Sunday, the army said.",
    )
    assert not together(claims, "a0", "a1")


def test_unemployment_and_inflation_at_one_rate_are_two_facts():
    claims = brief(
        "Unemployment in Velmora rose to 5.1 percent in March, the statistics office said.",
        "Inflation in Velmora rose to 5.1 percent in March, the statistics office said.",
    )
    assert not together(claims, "a0", "a1")


def test_a_collapse_in_another_city_is_another_fact():
    claims = brief(
        "A road bridge collapsed in Marrowby on Tuesday, killing 12 people, officials said.",
        "A road bridge collapsed in Sorrelton on Tuesday, killing 12 people, officials said.",
    )
    assert not together(claims, "a0", "a1")


def test_a_rank_next_to_an_age_is_never_compared():
    claims = brief(
        "Marta Sollen, 71, kept the No. 2 post in the Velmoran assembly on Friday.",
        "Marta Sollen kept the No. 2 post in the Velmoran assembly on Friday, and Ivo Brandt took the No. 3 post.",
    )
    for claim in claims:
        for conflict in claim.conflicts:
            values = {side.value for side in conflict.sides}
            assert not any("71" in v for v in values), conflict.reason
            assert "71" not in conflict.reason and "3" not in conflict.reason, conflict.reason


def test_a_year_is_compared():
    claims = brief(
        "Marta Sollen has led the Velmoran Labour group in the assembly since 2002, party officials said.",
        "Marta Sollen has led the Velmoran Labour group in the assembly since 2003, party officials said.",
    )
    first, second = claim_of(claims, "a0"), claim_of(claims, "a1")
    assert first.id != second.id
    years = [c for c in first.conflicts if c.slot == "year" and c.claim == second.id]
    assert years, [c.reason for c in first.conflicts]
    assert [s.value for s in years[0].sides] == ["2002", "2003"]
    assert [s.outlet for s in years[0].sides] == ["Outlet 0", "Outlet 1"]


def test_an_agency_sentence_carried_word_for_word_counts_once():
    agency = ("Rescue teams in Korvat pulled 14 survivors from the rubble of the collapsed grain silo overnight, "
              "the regional emergency service said.")
    claims = brief(
        f"{agency}\nThe mayor of Korvat declared a day of mourning.",
        f"Local traders closed their shops early.\n{agency}",
        "Emergency workers rescued 14 survivors from the rubble of the collapsed grain silo in Korvat overnight.",
    )
    claim = claim_of(claims, "a2")
    assert claim_of(claims, "a1", 1).id == claim.id
    assert {s.article for s in claim.sentences} == {"a0", "a1", "a2"}
    assert claim.support == 2
    assert claim.copied == ["Outlet 1"]
    assert claim.outlets == ["Outlet 0", "Outlet 1", "Outlet 2"]


def test_one_speaker_under_two_spellings_is_not_different_sources():
    claims = brief(
        "Peter J. Halvorsen said the Korvat port would reopen to grain ships on Monday.\n"
        "Peter J. Halvorsen is the port's director.",
        "The Korvat port will reopen to grain ships on Monday, Peter James Halvorsen said.\n"
        "Halvorsen has run the port since 2019.",
    )
    claim = claim_of(claims, "a0")
    assert claim.support == 2
    assert not [n for n in claim.notes if "different sources" in n]


def test_the_summary_states_a_disputed_year_with_exactly_the_two_values():
    from newsfuse.nlp import parse_articles
    from newsfuse.stages.summary import summarise

    bodies = [
        "Marta Sollen has led the Velmoran Labour group in the assembly since 2002, party officials said.",
        "Marta Sollen has led the Velmoran Labour group in the assembly since 2003, party officials said.",
    ]
    articles = [Article(id=f"a{n}", path=f"a{n}.txt", outlet=f"Outlet {n}", published="2031-04-02", body=body)
                for n, body in enumerate(bodies)]
    parsed = parse_articles(articles)
    entities = canonicalise(parsed)
    claims = align_claims(articles, parsed, entities, extract_quantities(parsed, []), [])
    summary = summarise(articles, parsed, claims, entities, 5)
    assert any(s.text == "Outlets differ on the year: Outlet 0 reports 2002, Outlet 1 reports 2003."
               for s in summary), [s.text for s in summary]


def test_sentences_left_unencoded_are_decided_by_the_fit_without_the_encoder(monkeypatch):
    # a large corpus encodes only each article's lede; the rest must still align on words and structure
    from newsfuse.stages.claims import align as claim_align

    monkeypatch.setattr(claim_align, "ENCODE_ALL_UP_TO", 0)
    monkeypatch.setattr(claim_align, "ENCODE_PER_ARTICLE", 0)
    claims = brief(
        "Rescue teams pulled 14 survivors from the collapsed grain silo in Korvat overnight, officials said.",
        "Officials said rescue teams had pulled 14 survivors from the collapsed grain silo in Korvat overnight.",
        "A road bridge collapsed in Marrowby on Tuesday, killing 12 people, officials said.",
    )
    assert together(claims, "a0", "a1")
    assert not together(claims, "a0", "a2")
