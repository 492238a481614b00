"""The extractive summary on hand-built inputs (no spaCy): selection, filters, conflicts, MMR, citations."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfuse.model import (
    Article,
    Claim,
    Conflict,
    Entity,
    MentionRef,
    ParsedArticle,
    ParsedSentence,
    SentenceRef,
    Token,
)
from newsfuse.stages.summary.filters import refusal_reason, strip_dateline
from newsfuse.stages.summary.rank import summarise, tfidf_similarity
from newsfuse.stages.summary.support import EntityIndex, check_citations, unsupported_items

_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you"}


def parsed_sentence(index: int, text: str, start: int = 0) -> ParsedSentence:
    """A crude parse: first verb-like token is ROOT, the word before it its subject, a leading 'and/but' is cc."""
    words = [(m.group(), m.start()) for m in re.finditer(r"\w[\w'-]*|[^\w\s]", text)]
    root = next((n for n, (w, _) in enumerate(words) if w.casefold() in {"said", "is", "was", "were", "had",
                                                                       "has", "have", "held", "entered",
                                                                       "verify"}), 0)
    subject = max((n for n, (w, _) in enumerate(words[:root]) if w[:1].isupper() or w.casefold() in _PRONOUNS),
                  default=-1)
    tokens = []
    for n, (w, off) in enumerate(words):
        if n == root:
            dep, head = "ROOT", n
        elif n == subject:
            dep, head = "nsubj", root
        elif n == 0 and w.casefold() in {"and", "but", "or"}:
            dep, head = "cc", root
        else:
            dep, head = "dep", root
        tokens.append(Token(i=n, text=w, lemma=w.casefold(), pos="X", tag="X", dep=dep, head=head, idx=start + off))
    return ParsedSentence(index=index, text=text, start=start, end=start + len(text), tokens=tokens)


def make_corpus(bodies: dict[str, tuple[str, str, list[str]]]) -> tuple[list[Article], list[ParsedArticle]]:
    """``{article id: (outlet, published, sentences)}`` -> articles and their crude parses."""
    articles, parsed = [], []
    for aid, (outlet, published, sentences) in bodies.items():
        body = "\n".join(sentences)
        articles.append(Article(id=aid, path=f"{aid}.txt", outlet=outlet, published=published, body=body))
        offsets, pos = [], 0
        for s in sentences:
            offsets.append(pos)
            pos += len(s) + 1
        parsed.append(ParsedArticle(
            article=aid,
            sentences=[parsed_sentence(i, s, offsets[i]) for i, s in enumerate(sentences)],
            mentions=[],
        ))
    return articles, parsed


def claim(cid: str, refs: list[tuple[str, int]], parsed: list[ParsedArticle], outlets: dict[str, str],
          conflicts: list[Conflict] | None = None) -> Claim:
    text_of = {(p.article, s.index): s.text for p in parsed for s in p.sentences}
    support = len({outlets[a] for a, _ in refs})
    return Claim(
        id=cid,
        text=text_of[refs[0]],
        articles=list(dict.fromkeys(a for a, _ in refs)),
        support=support,
        sentences=[SentenceRef(article=a, sentence=s, text=text_of[(a, s)]) for a, s in refs],
        conflicts=conflicts or [],
        single_source=support == 1,
    )


BODIES = {
    "a": ("Harbour Times", "2031-03-01", [
        "Valdorian engineers reopened the Sava bridge to lorries carrying grain on Monday.",
        "He said the work took nine days and cost the city little.",
        "The port authority said 14 ships were waiting to load wheat at the northern quay.",
        "Is the grain corridor finally open for business?",
        "However, insurers have yet to lower their premiums for ships in the gulf.",
        "Officials in Mirensk reported that 2,000 tonnes of wheat had been loaded on Tuesday.",
    ]),
    "b": ("Valley Courier", "2031-03-02", [
        "The Sava bridge was reopened to grain lorries on Monday by Valdorian engineers.",
        "Farmers in the Lanovo valley said prices for wheat had risen by a third since January.",
        "The port authority said 14 ships were waiting to load wheat at the northern quay of the port.",
        "Officials in Mirensk reported that 3,500 tonnes of wheat had been loaded on Tuesday.",
    ]),
    "c": ("Northern Wire", "2031-03-02", [
        "MIRENSK, Valdoria (Northern Wire) - Valdorian engineers reopened the Sava bridge on Monday, officials said.",
        "Customs officers in Mirensk checked every lorry for weapons before it crossed the river.",
        "They said the checks would continue until the end of the month.",
    ]),
}
OUTLETS = {aid: outlet for aid, (outlet, _, _) in BODIES.items()}


@pytest.fixture()
def corpus() -> tuple[list[Article], list[ParsedArticle], list[Claim], list[Entity]]:
    articles, parsed = make_corpus(BODIES)
    claims = [
        claim("C1", [("a", 0), ("b", 0), ("c", 0)], parsed, OUTLETS),
        claim("C2", [("a", 2), ("b", 2)], parsed, OUTLETS),
        claim("C3", [("a", 1)], parsed, OUTLETS),
        claim("C4", [("a", 3)], parsed, OUTLETS),
        claim("C5", [("a", 4)], parsed, OUTLETS),
        claim("C6", [("a", 5)], parsed, OUTLETS, [Conflict(claim="C7", reason=(
            "different figures for wheat loaded on Tuesday: '2,000 tonnes' (Harbour Times) vs "
            "'3,500 tonnes' (Valley Courier)"))]),
        claim("C7", [("b", 3)], parsed, OUTLETS, [Conflict(claim="C6", reason="different figures")]),
        claim("C8", [("b", 1)], parsed, OUTLETS),
        claim("C9", [("c", 1)], parsed, OUTLETS),
        claim("C10", [("c", 2)], parsed, OUTLETS),
    ]
    entities = [
        Entity(id="E1", name="Sava", type="place", variants=["Sava"],
               mentions=[MentionRef(article=a, sentence=0, text="Sava") for a in "abc"]),
        Entity(id="E2", name="Mirensk", type="place", variants=["Mirensk"],
               mentions=[MentionRef(article="a", sentence=5, text="Mirensk"),
                         MentionRef(article="b", sentence=3, text="Mirensk"),
                         MentionRef(article="c", sentence=1, text="Mirensk")]),
    ]
    return articles, parsed, claims, entities


def _texts(parsed: list[ParsedArticle]) -> dict[tuple[str, int], str]:
    return {(p.article, s.index): s.text for p in parsed for s in p.sentences}


def test_most_corroborated_fact_leads_and_cites_every_outlet(corpus):
    articles, parsed, claims, entities = corpus
    summary = summarise(articles, parsed, claims, entities, length=1)
    assert len(summary) == 1
    assert "Sava bridge" in summary[0].text
    assert {c.article for c in summary[0].citations} == {"a", "b", "c"}


def test_pronoun_question_and_connective_sentences_never_appear(corpus):
    articles, parsed, claims, entities = corpus
    summary = summarise(articles, parsed, claims, entities, length=20)
    texts = [s.text for s in summary]
    assert texts, "the corpus has stand-alone sentences"
    assert not any(t.startswith(("He ", "They ", "However")) for t in texts)
    assert not any("?" in t for t in texts)


@pytest.mark.parametrize(("text", "reason"), [
    ("He said the work took nine days and cost the city little.", "'he'"),
    ("They said the checks would continue until the end of the month.", "'they'"),
    ("This was the first convoy to cross the river since the winter.", "'this'"),
    ("Those who stayed behind said the shelling had stopped at dawn.", "'those'"),
    ("However, insurers have yet to lower their premiums for ships in the gulf.", "'however'"),
    ("But the governor said the bridge would close again at night.", "'but'"),
    ("Also on Monday, the port reopened its northern quay to ships.", "'also'"),
    ("Is the grain corridor finally open for business now?", "question"),
    ("Bridge reopened.", "fragment"),
    ("Live updates from the Sava bridge reopening ceremony", "full stop"),
    ("\"We will rebuild every bridge in the valley,\" he said.", "pronoun"),
    ("\"Now we need water, glass for the windows and medicine.\"", "quotation"),
])
def test_refusal_reasons(text, reason):
    got = refusal_reason(parsed_sentence(0, text))
    assert got is not None and reason in got, got


@pytest.mark.parametrize("text", [
    "Valdorian engineers reopened the Sava bridge to lorries carrying grain on Monday.",
    "\"The bridges held,\" said General Marta Diel, \"and the lorries crossed within hours.\"",
    "Thessaly's governor said the curfew would remain in force until Friday.",
])
def test_stand_alone_sentences_are_accepted(text):
    assert refusal_reason(parsed_sentence(0, text)) is None


def test_outlet_note_about_its_own_reporting_is_refused():
    sentence = parsed_sentence(0, "Courier could not independently verify the accounts of either side.")
    assert refusal_reason(sentence, "Courier") is not None
    assert refusal_reason(sentence, "Harbour Times") is None


def test_conflicting_figures_become_one_sentence_citing_both(corpus):
    articles, parsed, claims, entities = corpus
    summary = summarise(articles, parsed, claims, entities, length=6)
    disputes = [s for s in summary if s.text.startswith("Outlets differ")]
    assert len(disputes) == 1, [s.text for s in summary]
    text = disputes[0].text
    assert "2,000" in text and "3,500" in text
    assert "Harbour Times" in text and "Valley Courier" in text
    assert {(c.article, c.sentence) for c in disputes[0].citations} == {("a", 5), ("b", 3)}
    # neither side is presented as fact on its own
    assert not any(s.text.startswith("Officials in Mirensk reported") for s in summary)


def test_mmr_drops_a_near_duplicate():
    articles, parsed = make_corpus({
        "x": ("Harbour Times", "2031-03-01", [
            "The port authority said 14 ships were waiting to load wheat at the northern quay.",
            "Farmers in the Lanovo valley said wheat prices had risen by a third since January.",
        ]),
        "y": ("Valley Courier", "2031-03-01", [
            "The port authority said 14 ships were waiting to load wheat at the northern quay on Monday.",
        ]),
    })
    outlets = {"x": "Harbour Times", "y": "Valley Courier"}
    # two separate claims (say the aligner missed the match), both highly relevant
    claims = [claim("C1", [("x", 0)], parsed, outlets), claim("C2", [("y", 0)], parsed, outlets),
              claim("C3", [("x", 1)], parsed, outlets)]
    summary = summarise(articles, parsed, claims, [], length=3)
    assert sum("14 ships" in s.text for s in summary) == 1
    assert any("Lanovo" in s.text for s in summary)


def test_every_extractive_sentence_is_supported_by_its_citations(corpus):
    articles, parsed, claims, entities = corpus
    texts = _texts(parsed)
    index = EntityIndex.build(entities)
    for s in summarise(articles, parsed, claims, entities, length=10):
        assert check_citations(s, texts, index, OUTLETS.__getitem__) == [], s.text


def test_dateline_is_stripped_but_citation_kept(corpus):
    articles, parsed, claims, entities = corpus
    cites = {(c.article, c.sentence) for s in summarise(articles, parsed, claims, entities, 10) for c in s.citations}
    assert ("c", 0) in cites
    assert strip_dateline("MIRENSK, Valdoria (Northern Wire) - Engineers reopened the bridge.") == (
        "Engineers reopened the bridge.")
    assert strip_dateline("LONDON - Engineers reopened the bridge.") == "Engineers reopened the bridge."
    assert strip_dateline("Engineers reopened the bridge - at last.") == "Engineers reopened the bridge - at last."


def test_length_is_respected_and_invalid_length_raises(corpus):
    articles, parsed, claims, entities = corpus
    for n in (1, 3, 5):
        assert len(summarise(articles, parsed, claims, entities, n)) <= n
    with pytest.raises(ValueError, match="at least 1"):
        summarise(articles, parsed, claims, entities, 0)


def test_no_input_gives_an_empty_summary():
    assert summarise([], [], [], [], 6) == []


def test_without_claims_body_sentences_are_still_summarised():
    articles, parsed = make_corpus({"x": BODIES["a"]})
    summary = summarise(articles, parsed, [], [], 3)
    assert summary and all(len(s.citations) == 1 for s in summary)


def test_support_checker_flags_new_figures_names_and_dates():
    cited = ["Valdorian engineers reopened the Sava bridge to lorries on Monday."]
    index = EntityIndex.build([Entity(id="E1", name="Sava", type="place", variants=["Sava", "Sawa"], mentions=[])])
    assert unsupported_items("Valdorian engineers reopened the Sawa bridge on Monday.", cited, index) == []
    problems = unsupported_items("Valdorian engineers reopened 2 bridges in Korvat on Tuesday.", cited, index)
    assert any("'2'" in p for p in problems)
    assert any("Korvat" in p for p in problems)
    assert any("Tuesday" in p for p in problems)
    # outlet names of the cited articles are the citation itself, not new facts
    assert unsupported_items("Channel Nine reports the bridge reopened on Monday.", cited, index,
                             ["Channel Nine"]) == []


def test_tfidf_similarity_is_one_on_identical_texts():
    sim = tfidf_similarity(["the bridge reopened on monday", "the bridge reopened on monday", "wheat prices rose"])
    assert sim[0, 1] == pytest.approx(1.0)
    assert sim[0, 2] < 0.2


@given(st.text(max_size=200))
def test_refusal_reason_never_raises(text):
    result = refusal_reason(ParsedSentence(index=0, text=text, start=0, end=len(text), tokens=[]))
    assert result is None or isinstance(result, str)


@given(st.text(max_size=120))
def test_strip_dateline_returns_a_suffix(text):
    stripped = strip_dateline(text)
    assert text.endswith(stripped)
    assert strip_dateline(stripped) == stripped or len(strip_dateline(stripped)) < len(stripped)


@given(st.lists(st.text(alphabet="abcdefgh .,0123456789", min_size=1, max_size=60), max_size=6),
       st.text(alphabet="abcdefgh .,0123456789ABCDEF", max_size=80))
def test_support_of_a_cited_sentence_by_itself(cited, text):
    # any sentence is supported by itself, whatever else is cited
    assert unsupported_items(text, [*cited, text], EntityIndex.build([])) == []
