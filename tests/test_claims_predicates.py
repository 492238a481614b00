"""Verb synonyms that only name a military event with the right object (fictional sentences).

"The economy recovered" is not a recapture, "the board took a decision" is not a capture and "three
miners died" is not a killing; "troops took the city" is a capture.  The fast tests build the parse by
hand; the slow ones go through spaCy and the whole alignment.
"""

from __future__ import annotations

import pytest

from newsfuse.model import Article, ParsedSentence, Token
from newsfuse.stages.claims.align import align, sentence_facts
from newsfuse.stages.claims.predicates import (
    CONTEXTUAL_SYNONYMS,
    PREDICATE_SYNONYMS,
    canonical_predicate,
    verb_predicate,
)
from newsfuse.stages.entities.canonical import canonicalise
from newsfuse.stages.syntax import children_of


def tok(i: int, text: str, lemma: str, pos: str, dep: str, head: int, ent_type: str = "") -> Token:
    return Token(i=i, text=text, lemma=lemma, pos=pos, tag="", dep=dep, head=head, idx=0, ent_type=ent_type)


def predicate_of(tokens: list[Token], verb: int) -> str:
    return verb_predicate(tokens[verb], children_of(tokens))


# --------------------------------------------------------------------------- hand-built parses (fast)


def test_ambiguous_lemmas_are_not_context_free_synonyms():
    for lemma in ("recover", "die", "take", "gain", "pull", "down"):
        assert lemma not in PREDICATE_SYNONYMS
        assert canonical_predicate(lemma) == lemma
    assert set(CONTEXTUAL_SYNONYMS) >= {"recover", "take", "gain", "pull", "down"}


def test_intransitive_recover_stays_recover():
    # The economy recovered in March
    tokens = [
        tok(0, "economy", "economy", "NOUN", "nsubj", 1),
        tok(1, "recovered", "recover", "VERB", "ROOT", 1),
        tok(2, "in", "in", "ADP", "prep", 1),
        tok(3, "March", "March", "PROPN", "pobj", 2, "DATE"),
    ]
    assert predicate_of(tokens, 1) == "recover"


def test_recover_with_a_named_place_is_a_recapture():
    # The army recovered Dolvik
    tokens = [
        tok(0, "army", "army", "NOUN", "nsubj", 1),
        tok(1, "recovered", "recover", "VERB", "ROOT", 1),
        tok(2, "Dolvik", "Dolvik", "PROPN", "dobj", 1, "GPE"),
    ]
    assert predicate_of(tokens, 1) == canonical_predicate("recapture")


@pytest.mark.parametrize(
    ("object_lemma", "ent_type", "expected"),
    [
        ("town", "", "capture"),
        ("territory", "", "capture"),
        ("Ostrava", "LOC", "capture"),
        ("Hill", "FAC", "capture"),
        ("decision", "", "take"),
        ("time", "", "take"),
        ("%", "PERCENT", "take"),
    ],
)
def test_take_joins_capture_only_with_a_place_object(object_lemma, ent_type, expected):
    tokens = [
        tok(0, "rebels", "rebel", "NOUN", "nsubj", 1),
        tok(1, "took", "take", "VERB", "ROOT", 1),
        tok(2, object_lemma, object_lemma, "NOUN", "dobj", 1, ent_type),
    ]
    assert predicate_of(tokens, 1) == expected


def test_passive_subject_counts_as_the_object():
    # The town was taken on Monday
    tokens = [
        tok(0, "town", "town", "NOUN", "nsubjpass", 2),
        tok(1, "was", "be", "AUX", "auxpass", 2),
        tok(2, "taken", "take", "VERB", "ROOT", 2),
    ]
    assert predicate_of(tokens, 2) == "capture"


def test_take_back_needs_a_place_too():
    # took back the village / took back her remarks
    village = [
        tok(0, "took", "take", "VERB", "ROOT", 0),
        tok(1, "back", "back", "ADV", "advmod", 0),
        tok(2, "village", "village", "NOUN", "dobj", 0),
    ]
    remarks = [*village[:2], tok(2, "remarks", "remark", "NOUN", "dobj", 0)]
    assert predicate_of(village, 0) == canonical_predicate("retake")
    assert predicate_of(remarks, 0) == "take"


def test_control_of_a_place_is_judged_by_the_place():
    # took control of the airport / took control of the budget
    def sentence(what: str) -> list[Token]:
        return [
            tok(0, "took", "take", "VERB", "ROOT", 0),
            tok(1, "control", "control", "NOUN", "dobj", 0),
            tok(2, "of", "of", "ADP", "prep", 1),
            tok(3, what, what, "NOUN", "pobj", 2),
        ]

    assert predicate_of(sentence("airport"), 0) == "capture"
    assert predicate_of(sentence("budget"), 0) == "take"


def test_pull_out_of_a_place_is_a_withdrawal_but_pulling_a_product_is_not():
    # Forces pulled out of the village / The retailer pulled the product from shelves
    out_of_village = [
        tok(0, "pulled", "pull", "VERB", "ROOT", 0),
        tok(1, "out", "out", "ADP", "prep", 0),
        tok(2, "of", "of", "ADP", "prep", 1),
        tok(3, "village", "village", "NOUN", "pobj", 2),
    ]
    product = [
        tok(0, "pulled", "pull", "VERB", "ROOT", 0),
        tok(1, "product", "product", "NOUN", "dobj", 0),
        tok(2, "from", "from", "ADP", "prep", 0),
        tok(3, "shelves", "shelf", "NOUN", "pobj", 2),
    ]
    assert predicate_of(out_of_village, 0) == canonical_predicate("withdraw")
    assert predicate_of(product, 0) == "pull"


def test_down_needs_something_that_flies():
    drones = [tok(0, "downed", "down", "VERB", "ROOT", 0), tok(1, "drones", "drone", "NOUN", "dobj", 0)]
    pint = [tok(0, "downed", "down", "VERB", "ROOT", 0), tok(1, "pint", "pint", "NOUN", "dobj", 0)]
    assert predicate_of(drones, 0) == canonical_predicate("destroy")
    assert predicate_of(pint, 0) == "down"


def test_gain_ground_is_an_advance_but_gaining_a_percentage_is_not():
    ground = [tok(0, "gained", "gain", "VERB", "ROOT", 0), tok(1, "ground", "ground", "NOUN", "dobj", 0)]
    percent = [tok(0, "gained", "gain", "VERB", "ROOT", 0), tok(1, "%", "%", "NOUN", "dobj", 0, "PERCENT")]
    assert predicate_of(ground, 0) == canonical_predicate("advance")
    assert predicate_of(percent, 0) == "gain"


def test_unambiguous_synonyms_need_no_object():
    tokens = [tok(0, "forces", "force", "NOUN", "nsubj", 1), tok(1, "retreated", "retreat", "VERB", "ROOT", 1)]
    assert predicate_of(tokens, 1) == canonical_predicate("withdraw") == "withdraw"


# --------------------------------------------------------------------------- through spaCy (slow)


def _facts(bodies: dict[str, str]):
    from newsfuse.nlp import parse_articles

    articles = [Article(id=key, path=f"{key}.txt", outlet=key, body=body) for key, body in bodies.items()]
    parsed = parse_articles(articles)
    facts = sentence_facts(articles, parsed, canonicalise(parsed), [], [])
    return facts, parsed


def _sentence(parsed, article: str) -> ParsedSentence:
    [doc] = [p for p in parsed if p.article == article]
    return doc.sentences[0]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("economy", "front"),
    [
        (
            "The Norvian economy recovered strongly in March after a long slump.",
            "Norvian troops recaptured the town of Dolvik in March after a long battle.",
        ),
        (
            "The Norvian economy recovered in March, according to the central bank.",
            "Norvian troops recaptured the town in March, according to the army.",
        ),
    ],
)
def test_economy_recovering_does_not_align_with_troops_recapturing_a_town(economy, front):
    # Before the verb map needed an object, both sentences had the predicate "recapture" and aligned.
    facts, _ = _facts({"economy": economy, "front": front})
    by_article = {f.article: f for f in facts}
    assert set(by_article) == {"economy", "front"}
    assert by_article["economy"].predicate == "recover"
    assert by_article["front"].predicate == "recapture"
    assert "recapture" not in by_article["economy"].lemmas
    alignment = align(facts)
    assert sorted(len(c) for c in alignment.clusters) == [1, 1], alignment.clusters


@pytest.mark.slow
def test_two_captures_of_the_same_city_still_align():
    facts, _ = _facts({
        "one": "Rebel fighters took the city of Oska on Tuesday after three days of fighting.",
        "two": "Rebel fighters seized the city of Oska on Tuesday after days of heavy fighting.",
    })
    assert [f.predicate for f in facts] == ["capture", "capture"]
    assert [len(c) for c in align(facts).clusters] == [2]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The economy of Norvia recovered in March after a long slump.", "recover"),
        ("Police in Sarvik recovered the stolen painting from a flat on Friday.", "recover"),
        ("The board of Velmar Foods took a decision to close the plant in Sarvik.", "take"),
        ("Shares in Velmar Foods gained 3% in early trading in Sarvik.", "gain"),
        ("The retailer Velmar pulled the product from shelves across Norvia on Friday.", "pull"),
        ("Three miners died in the accident at the Kelm colliery in Norvia.", "die"),
        ("Rebel fighters took the city of Oska after three days of fighting.", "capture"),
        ("Rebels took control of the airport in Oska on Tuesday night.", "capture"),
        ("The army pulled its troops out of Velm on Sunday after heavy losses.", "withdraw"),
        ("Air defences downed two drones over the port of Sarvik in Norvia on Sunday.", "destroy"),
        ("Valdorian troops gained ground near Mirensk over the weekend.", "advance"),
    ],
)
def test_predicates_of_parsed_sentences(text, expected):
    facts, parsed = _facts({"a": text})
    [fact] = facts
    assert fact.predicate == expected, [(t.text, t.lemma, t.dep, t.head, t.ent_type) for t in _sentence(parsed, "a").tokens]


@pytest.mark.slow
def test_shared_framing_words_do_not_align_different_facts() -> None:
    # "said on Monday", "in March" and the source's nationality frame both sentences; the facts differ.
    from newsfuse.model import Article
    from newsfuse.nlp import parse_articles
    from newsfuse.stages.claims.build import align_claims
    from newsfuse.stages.entities.canonical import canonicalise

    a = Article(id="a", path="a", outlet="One", body="The economy recovered in March, the Norvian central bank said on Monday.\n")
    b = Article(id="b", path="b", outlet="Two", body="Troops recaptured the town in March, the Norvian army said on Monday.\n")
    parsed = parse_articles([a, b])
    claims = align_claims([a, b], parsed, canonicalise(parsed), [], [])
    assert all(c.support == 1 for c in claims), [c.text for c in claims]


@pytest.mark.slow
def test_spelling_variants_of_a_place_count_as_one_term() -> None:
    from newsfuse.model import Article
    from newsfuse.nlp import parse_articles
    from newsfuse.stages.claims.build import align_claims
    from newsfuse.stages.entities.canonical import canonicalise

    a = Article(id="a", path="a", outlet="One", body="Government forces recaptured the town of Zaporizhzhia on Friday.\n")
    b = Article(id="b", path="b", outlet="Two", body="The town of Zaporozhye was recaptured by government forces on Friday.\n")
    parsed = parse_articles([a, b])
    claims = align_claims([a, b], parsed, canonicalise(parsed), [], [])
    assert any(c.support == 2 for c in claims), [c.text for c in claims]
