"""Syndicated copies and near-duplicates (fictional texts, no spaCy)."""

from hypothesis import given
from hypothesis import strategies as st

from newsfuse.model import Article
from newsfuse.stages.syndication import copies as syndication
from newsfuse.stages.syndication.copies import independent_outlets, jaccard, mark_near_duplicates, shingles

WIRE = (
    "Flood barriers along the Marren river gave way early on Tuesday, forcing the evacuation of about 2,000 "
    "residents from the low-lying districts of Oststadt, the regional water authority said.\n"
    "Emergency crews worked through the night to shore up a second embankment near the old grain harbour, "
    "where water levels rose by almost a metre in six hours.\n"
    "The authority's spokeswoman, Ilse Varga, said pumps borrowed from two neighbouring provinces had arrived "
    "and that no deaths had been reported so far.\n"
    "Schools in the district will stay closed until Friday, and the main ferry line to the island of Brenn has "
    "been suspended while engineers inspect the piers.\n"
    "Forecasters expect more rain over the weekend, with up to 60 millimetres possible in the hills above the valley."
)
REWRITE = "Thousands fled their homes in Oststadt as the Marren burst its banks.\n" + WIRE.replace(
    "the regional water authority said", "officials said"
)
OTHER_STORY = (
    "The city council of Oststadt approved a new budget for public transport on Monday, adding three tram lines "
    "and extending night buses to the university campus.\n"
    "Council leader Mira Holt said the plan would be paid for by a parking levy and a grant from the province, "
    "and construction could start next spring if the courts reject a pending complaint from shop owners.\n"
    "Opposition members argued that the levy would hurt small businesses in the old town."
)
FOOTER = "\nSign up for our morning newsletter and follow the Valley Courier on all social platforms for updates."


def art(id_, body, outlet, published=None):
    return Article(id=id_, path=f"{id_}.txt", body=body, outlet=outlet, published=published)


def test_rewrite_with_new_intro_points_to_earliest_copy():
    articles = [
        art("late", REWRITE, "Valley Courier", "2031-03-05"),
        art("wire", WIRE, "Northern Wire", "2031-03-04"),
        art("other", OTHER_STORY, "Valley Courier", "2031-03-04"),
    ]
    mark_near_duplicates(articles)
    assert articles[0].duplicate_of == "wire"
    assert articles[1].duplicate_of is None
    assert articles[2].duplicate_of is None
    assert independent_outlets(articles) == 2


def test_same_date_ties_break_on_input_order():
    articles = [art("first", WIRE, "A"), art("second", WIRE, "B")]
    mark_near_duplicates(articles)
    assert [a.duplicate_of for a in articles] == [None, "first"]
    assert independent_outlets(articles) == 1


def test_truncated_wire_copy_is_a_copy():
    cut = "\n".join(WIRE.split("\n")[:2])
    assert jaccard(shingles(cut), shingles(WIRE)) < syndication.JACCARD_THRESHOLD  # containment decides
    articles = [art("wire", WIRE, "Northern Wire"), art("cut", cut, "Harbour Times")]
    mark_near_duplicates(articles)
    assert articles[1].duplicate_of == "wire"


def test_same_outlet_different_stories_sharing_boilerplate_are_not_copies():
    ferry = (
        "The Brenn ferry operator said repairs to the east pier would take a month, "
        "and a replacement boat would sail twice a day from the south quay in the meantime."
    )
    stories = [WIRE, OTHER_STORY, ferry]
    articles = [art(f"s{n}", body + FOOTER, "Valley Courier") for n, body in enumerate(stories)]
    mark_near_duplicates(articles)
    assert [a.duplicate_of for a in articles] == [None, None, None]
    assert independent_outlets(articles) == 1


def test_lsh_path_agrees_with_exact_pairs(monkeypatch):
    monkeypatch.setattr(syndication, "EXACT_PAIRS_LIMIT", 1)
    articles = [
        art("wire", WIRE, "Northern Wire", "2031-03-04"),
        art("late", REWRITE, "Valley Courier", "2031-03-05"),
        art("other", OTHER_STORY, "Valley Courier", "2031-03-04"),
    ]
    mark_near_duplicates(articles)
    assert [a.duplicate_of for a in articles] == [None, "wire", None]


@given(st.text(max_size=300))
def test_jaccard_of_a_text_with_itself_is_one(text):
    s = shingles(text)
    assert jaccard(s, s) == (1.0 if s else 0.0)


def test_a_copy_link_to_an_article_outside_the_batch_is_dropped() -> None:
    from newsfuse.model import Article
    from newsfuse.stages.syndication.copies import independent_outlets, mark_near_duplicates

    a = Article(id="a", path="a", outlet="Harbour Times", body="The quay reopened on Monday after repairs.")
    b = Article(id="b", path="b", outlet="Valley Courier", body="Ships queued outside the harbour all week.",
                duplicate_of="gone")
    mark_near_duplicates([a, b])
    assert b.duplicate_of is None
    assert independent_outlets([a, b]) == 2


def test_outlet_names_count_once_whatever_their_case_spacing_or_article() -> None:
    from newsfuse.model import Article
    from newsfuse.stages.syndication.copies import independent_outlets

    articles = [Article(id=str(n), path=str(n), outlet=o, body=f"Body {n}.")
                for n, o in enumerate(["The Meridian Post", "Meridian Post ", "meridian  post", None])]
    assert independent_outlets(articles) == 2
