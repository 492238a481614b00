"""Claims across outlets on a small fictional corpus (parsed with spaCy: slow)."""

import pytest

from newsfuse.model import Article
from newsfuse.stages.claims.build import align_claims
from newsfuse.stages.entities.canonical import canonicalise
from newsfuse.stages.figures.quantities import extract_quantities
from newsfuse.stages.syndication.copies import mark_near_duplicates

WIRE = [
    ("The Valdorian army said on Friday it had recaptured more than 3,000 square kilometres of territory since "
    "the counter-offensive began."),
    "Valdorian troops entered the town of Mirensk on Thursday, according to the general staff.",
    "At least 40 civilians were killed in the shelling of Korvat in the past week, governor Anton Belik said.",
    "The Ostrian defence ministry denied that its forces had withdrawn from Lanovo.",
    "Engineers in Korvat said power had been restored to most homes by Saturday morning.",
    "General Marta Diel said the offensive would continue through the summer.",
]
HARBOUR = [
    ("Valdoria has retaken about 2,500 sq km of territory since the counter-offensive began, a military analyst "
    "told the Harbour Times."),
    "Valdorian troops entered Mirensk on Thursday after a week of heavy fighting.",
    "The shelling of Korvat has killed 45 civilians in the past week, the governor's office said.",
    "Ostrian forces withdrew from Lanovo overnight, residents of the village said.",
    "A new bridge over the Sava river was opened on Friday for lorries carrying food aid to Mirensk.",
    "Is this the turning point?",
]
VALLEY = [
    "Valdorian forces recaptured 500 square kilometres of territory in the past day, the general staff said.",
    "Valdorian troops have not entered Mirensk, the Ostrian defence ministry insisted.",
    "Aid agencies said 1,200 families had left Korvat since Monday.",
    "Anton Belik, the governor of Korvat, said 45 civilians had been killed in the shelling in the past week.",
    "Queues formed outside the only open pharmacy in Lanovo.",
]
# the wire story republished by another outlet with its own intro line
COASTAL = ["The fighting in the south has entered a new phase, the Coastal Post has learned.", *WIRE]

CORPUS = [
    ("wire", "Northern Wire", "2031-05-02", WIRE),
    ("harbour", "Harbour Times", "2031-05-02", HARBOUR),
    ("valley", "Valley Courier", "2031-05-03", VALLEY),
    ("coastal", "Coastal Post", "2031-05-03", COASTAL),
]


@pytest.fixture(scope="module")
def briefing():
    from newsfuse.nlp import parse_articles

    articles = [
        Article(id=i, path=f"{i}.txt", outlet=o, published=d, body="\n".join(lines)) for i, o, d, lines in CORPUS
    ]
    mark_near_duplicates(articles)
    parsed = parse_articles(articles)
    entities = canonicalise(parsed)
    quantities = extract_quantities(parsed, [])
    claims = align_claims(articles, parsed, entities, quantities, [])
    return articles, claims


def claim_with(claims, article, sentence):
    found = [c for c in claims if any(s.article == article and s.sentence == sentence for s in c.sentences)]
    assert len(found) == 1, f"{article}:{sentence} in {len(found)} claims"
    return found[0]


@pytest.mark.slow
def test_syndicated_copy_is_detected(briefing):
    articles, _ = briefing
    assert {a.id: a.duplicate_of for a in articles}["coastal"] == "wire"


@pytest.mark.slow
def test_corroborated_claim_counts_a_copy_once(briefing):
    _, claims = briefing
    entered = claim_with(claims, "wire", 1)
    assert {"wire", "harbour", "coastal"} <= set(entered.articles)
    assert entered.support == 2 and not entered.single_source


@pytest.mark.slow
def test_three_outlets_corroborate_the_toll_without_conflict(briefing):
    _, claims = briefing
    toll = claim_with(claims, "wire", 2)
    assert claim_with(claims, "harbour", 2).id == toll.id
    assert claim_with(claims, "valley", 3).id == toll.id
    assert toll.support == 3
    # "at least 40" and "45" are compatible
    assert not [c for c in toll.conflicts if "civilians" in c.reason]


@pytest.mark.slow
def test_single_source_claim_is_kept(briefing):
    _, claims = briefing
    bridge = claim_with(claims, "harbour", 4)
    assert bridge.support == 1 and bridge.single_source and bridge.articles == ["harbour"]


@pytest.mark.slow
def test_questions_are_not_claims(briefing):
    _, claims = briefing
    assert not [c for c in claims for s in c.sentences if s.text.endswith("?")]


@pytest.mark.slow
def test_figure_conflict_is_flagged_on_both_sides(briefing):
    _, claims = briefing
    more, about = claim_with(claims, "wire", 0), claim_with(claims, "harbour", 0)
    on_more = [c for c in more.conflicts if "3,000" in c.reason and "2,500" in c.reason]
    on_about = [c for c in about.conflicts if "3,000" in c.reason and "2,500" in c.reason]
    assert on_more and on_about
    assert on_more[0].claim == about.id and on_about[0].claim == more.id


@pytest.mark.slow
def test_different_windows_are_a_note_not_a_conflict(briefing):
    _, claims = briefing
    daily = claim_with(claims, "valley", 0)
    assert not [c for c in daily.conflicts if "500 square" in c.reason]
    assert [n for n in daily.notes if "different time windows" in n and "in the past day" in n]


@pytest.mark.slow
def test_negation_conflicts_with_the_positive_report(briefing):
    _, claims = briefing
    entered, denied = claim_with(claims, "wire", 1), claim_with(claims, "valley", 1)
    assert entered.id != denied.id
    assert any(c.claim == denied.id and "contradiction" in c.reason for c in entered.conflicts)
    assert any(c.claim == entered.id and "contradiction" in c.reason for c in denied.conflicts)


@pytest.mark.slow
def test_a_denial_conflicts_with_the_report_it_denies(briefing):
    _, claims = briefing
    denial, report = claim_with(claims, "wire", 3), claim_with(claims, "harbour", 3)
    assert any(c.claim == report.id and "denies" in c.reason for c in denial.conflicts)
    assert any(c.claim == denial.id for c in report.conflicts)


@pytest.mark.slow
def test_claims_are_sorted_by_support_then_first_appearance(briefing):
    _, claims = briefing
    supports = [c.support for c in claims]
    assert supports == sorted(supports, reverse=True)
    assert [c.id for c in claims] == [f"C{n}" for n in range(1, len(claims) + 1)]
    assert all(len({s.article for s in c.sentences}) == len(c.sentences) for c in claims)
