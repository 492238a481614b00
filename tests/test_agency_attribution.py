"""Agency attribution (issue 10): who carried a claim's copy and from whom, counted once (no spaCy).

The stories, towns and outlets here are invented for these tests.
"""

from __future__ import annotations

import pytest

from newsfuse.model import AgencyCopy, Article, Briefing, Claim, Sentence, SentenceRef
from newsfuse.report import markdown
from newsfuse.report.view import reported_by
from newsfuse.stages.syndication import article_credit, attribute_copies, sentence_credit


def _article(aid: str, outlet: str, body: str, authors: list[str] | None = None, **extra: object) -> Article:
    lines = body.split("\n")
    sentences, at = [], 0
    for n, line in enumerate(lines):
        sentences.append(Sentence(index=n, text=line, start=at, end=at + len(line)))
        at += len(line) + 1
    return Article(id=aid, path=f"{aid}.txt", outlet=outlet, body=body, sentences=sentences,
                   authors=authors or [], **extra)


@pytest.mark.parametrize(
    ("body", "authors", "agency", "evidence"),
    [
        ("OSTRAVEL (Reuters) - The ferry company cancelled all sailings.\nMore later.", [], "Reuters",
         "OSTRAVEL (Reuters) -"),
        ("(AP) \u2014 Lock keepers walked out at dawn.", [], "Associated Press", "(AP) \u2014"),
        ("PELLMOOR, Norvania, June 3 (AFP) - Ballots were recounted twice.", [], "AFP",
         "PELLMOOR, Norvania, June 3 (AFP) -"),
        ("The tram strike ended after nine days.\nUnions claimed a win.\n\u2014 AP", [], "Associated Press", "\u2014 AP"),
        ("The mayor resigned on a quiet Sunday.", ["Associated Press"], "Associated Press", "Associated Press"),
        ("The orchard fire was contained.\nReuters contributed to this report.", [], "Reuters",
         "Reuters contributed to this report."),
    ],
    ids=["dateline-reuters", "ap-dash", "afp-dateline-with-date", "closing-ap", "ap-byline", "contributed"],
)
def test_article_credits_are_found(body, authors, agency, evidence):
    credit = article_credit(_article("a1", "Brook Times", body, authors))
    assert credit is not None and (credit.agency, credit.evidence) == (agency, evidence)


@pytest.mark.parametrize(
    "body",
    [
        "A gap in the sea wall flooded the APex car park.",
        "Reuters opened a new office in Pellmoor, the company said.",  # news about the agency, not a credit
        "The council (which Reuters once profiled) voted again.",
        "Rapid transit plans stalled - again.",
    ],
)
def test_no_credit_where_there_is_none(body):
    assert article_credit(_article("a1", "Brook Times", body)) is None


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("The dam held through the night, AFP reported.", "AFP"),
        ("Two barges sank, according to Reuters.", "Reuters"),
        ("A harbour official told Reuters the port would reopen.", "Reuters"),
        ("Xinhua news agency said the bridge was closed.", "Xinhua"),
    ],
)
def test_sentence_credits_are_found(text, agency):
    credit = sentence_credit(text)
    assert credit is not None and credit.agency == agency


def test_sentence_without_an_agency_has_no_credit():
    assert sentence_credit("The coastguard reported calm seas, according to the harbour master.") is None


SAILINGS = "The ferry company cancelled all sailings to the outer islands until Thursday."
EDITED = "The ferry firm has cancelled every sailing to the outer islands until Thursday."


def _claim(refs: list[tuple[str, str]], support: int) -> Claim:
    return Claim(id="C1", text=refs[0][1], articles=[a for a, _ in refs], support=support,
                 sentences=[SentenceRef(article=a, sentence=0, text=t) for a, t in refs],
                 single_source=support == 1)


def test_two_outlets_carrying_reuters_copy_count_once_and_say_so():
    articles = [
        _article("a1", "Brook Times", f"OSTRAVEL (Reuters) - {SAILINGS}"),
        _article("a2", "Fenland Echo", f"OSTRAVEL (Reuters) - {EDITED}"),
        _article("a3", "Island Voice", "Our reporter saw the empty quay as all sailings were cancelled till Thursday."),
    ]
    claim = _claim([(a.id, a.sentences[0].text) for a in articles], support=3)
    (out,) = attribute_copies([claim], articles)
    assert out.support == 2 and not out.single_source  # Reuters once, Island Voice once
    assert out.copies == [AgencyCopy(source="Reuters", evidence="OSTRAVEL (Reuters) -",
                                     outlets=["Brook Times", "Fenland Echo"], articles=["a1", "a2"])]
    assert any("carry Reuters copy: counted once" in n for n in out.notes)
    assert reported_by(["Brook Times", "Fenland Echo", "Island Voice"], out.copies) == [
        "Brook Times, Fenland Echo (copy of Reuters)", "Island Voice"]


def test_word_for_word_copy_without_a_credit_is_grouped_but_names_no_source():
    articles = [_article("a1", "Brook Times", SAILINGS), _article("a2", "Fenland Echo", SAILINGS)]
    claim = _claim([("a1", SAILINGS), ("a2", SAILINGS)], support=1)
    (out,) = attribute_copies([claim], articles)
    assert out.support == 1
    assert [(c.source, c.outlets) for c in out.copies] == [(None, ["Brook Times", "Fenland Echo"])]
    assert reported_by(["Brook Times", "Fenland Echo"], out.copies) == [
        "Brook Times, Fenland Echo (one text, counted once)"]


def test_the_agency_itself_and_its_copy_are_one_source():
    articles = [_article("a1", "Reuters", SAILINGS), _article("a2", "Fenland Echo", f"OSTRAVEL (Reuters) - {EDITED}")]
    (out,) = attribute_copies([_claim([("a1", SAILINGS), ("a2", articles[1].sentences[0].text)], 2)], articles)
    assert out.support == 1 and out.single_source


def test_independent_outlets_are_never_merged_and_support_never_grows():
    articles = [_article("a1", "Brook Times", SAILINGS), _article("a2", "Fenland Echo", EDITED)]
    (out,) = attribute_copies([_claim([("a1", SAILINGS), ("a2", EDITED)], support=2)], articles)
    assert out.support == 2 and out.copies == []
    (same,) = attribute_copies([_claim([("a1", SAILINGS), ("a2", EDITED)], support=1)], articles)
    assert same.support == 1


def test_facts_table_shows_the_copies_grouped():
    articles = [
        _article("a1", "Brook Times", f"OSTRAVEL (Reuters) - {SAILINGS}"),
        _article("a2", "Fenland Echo", f"OSTRAVEL (Reuters) - {EDITED}"),
        _article("a3", "Island Voice", "All sailings were cancelled till Thursday, our reporter saw."),
    ]
    claims = attribute_copies([_claim([(a.id, a.sentences[0].text) for a in articles], support=3)], articles)
    text = markdown.render(Briefing(newsfuse_version="test", articles=articles, claims=claims))
    facts = text.split("## Facts across outlets", 1)[1].split("##", 1)[0]
    assert "| Brook Times, Fenland Echo (copy of Reuters); Island Voice | 2 outlets |" in facts
