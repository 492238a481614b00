"""Error classes found on real news, checked on invented names and a small invented gazetteer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfuse.model import Entity, EntityType, Mention, ParsedArticle, ParsedSentence, Token
from newsfuse.stages.entities import names
from newsfuse.stages.entities.canonical import NO_PLACES, canonicalise

_TYPES: dict[str, EntityType] = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place"}


def article(article_id: str, *mentions: tuple[int, str, str]) -> ParsedArticle:
    """(sentence, text, label) as the NER would emit them, without a parse."""
    out = []
    offset = 0
    for sentence, text, label in mentions:
        out.append(Mention(article=article_id, sentence=sentence, text=text, start=offset, end=offset + len(text),
                           label=label, type=_TYPES.get(label, "other")))
        offset += len(text) + 1
    return ParsedArticle(article=article_id, sentences=[], mentions=out)


def parsed_sentence(article_id: str, words: list[tuple[str, str]], entity: tuple[int, int, str]) -> ParsedArticle:
    """One parsed sentence of (word, POS) pairs; ``entity`` is (first word, end word, NER label).

    Every word hangs off the first verb (or the first word): the rules tested here read words, not arcs.
    """
    root = next((i for i, (_, pos) in enumerate(words) if pos == "VERB"), 0)
    tokens = []
    offset = 0
    first, end, label = entity
    for i, (word, pos) in enumerate(words):
        inside = first <= i < end
        tokens.append(Token(i=i, text=word, lemma=word.lower(), pos=pos, tag=pos, dep="ROOT" if i == root else "dep",
                            head=root, idx=offset, ent_iob=("B" if i == first else "I") if inside else "O",
                            ent_type=label if inside else ""))
        offset += len(word) + 1
    text = " ".join(w for w, _ in words)
    start, stop = tokens[first].idx, tokens[end - 1].idx + len(tokens[end - 1].text)
    mention = Mention(article=article_id, sentence=0, text=text[start:stop], start=start, end=stop, label=label,
                      type=_TYPES.get(label, "other"))
    sentence = ParsedSentence(index=0, text=text, start=0, end=len(text), tokens=tokens)
    return ParsedArticle(article=article_id, sentences=[sentence], mentions=[mention])


def typed(entities: list[Entity]) -> dict[str, EntityType]:
    return {e.name: e.type for e in entities}


# --------------------------------------------------------------------------- word-shape rules


def test_street_and_quarter_names_are_places_whatever_the_tag() -> None:
    entities = canonicalise([article("a", (0, "Corvel Street", "ORG"), (1, "Faubourg Tessaint", "PERSON"),
                                     (2, "Via Brenna", "PERSON"), (3, "Amara Velloso", "PERSON"))], places=NO_PLACES)
    assert typed(entities) == {"Corvel Street": "place", "Faubourg Tessaint": "place", "Via Brenna": "place",
                               "Amara Velloso": "person"}


def test_event_names_are_neither_places_nor_people() -> None:
    entities = canonicalise([article("a", (0, "the Tarnow Cyber Day", "FAC"), (1, "the Velloso Summit", "PERSON"),
                                     (2, "Orvane Expo", "ORG"))], places=NO_PLACES)
    assert typed(entities) == {"Tarnow Cyber Day": "other", "Velloso Summit": "other", "Orvane Expo": "org"}


def test_a_name_cut_after_a_preposition_loses_the_preposition() -> None:
    entities = canonicalise([article("a", (0, "the Grand Hall of", "FAC")), article("b", (0, "Grand Hall", "FAC"))],
                            places=NO_PLACES)
    assert [(e.name, len(e.mentions)) for e in entities] == [("Grand Hall", 2)]


@given(st.lists(st.sampled_from(["Vessel", "of", "the", "and", "Hall", "Orvane", "for"]), min_size=1, max_size=6))
def test_name_form_never_ends_in_a_function_word_unless_that_is_all(words: list[str]) -> None:
    form = names.name_form(" ".join(words))
    assert form.tokens
    content = [w for w in words if names.fold(w) not in names.TRAILING_FUNCTION_WORDS]
    if content and names.fold(words[0]) != "the":
        assert names.fold(form.tokens[-1]) not in names.TRAILING_FUNCTION_WORDS


def test_adjectives_capitalised_by_an_office_style_make_no_entity() -> None:
    words = [("Envoy", "PROPN"), ("Honorary", "PROPN"), ("and", "CCONJ"), ("Consultative", "PROPN"),
             ("Dana", "PROPN"), ("Ostrel", "PROPN"), ("arrived", "VERB"), (".", "PUNCT")]
    docs = [parsed_sentence("a", words, (1, 2, "PERSON")), parsed_sentence("b", words, (3, 4, "GPE")),
            parsed_sentence("c", words, (4, 6, "PERSON"))]
    assert [e.name for e in canonicalise(docs, places=NO_PLACES)] == ["Dana Ostrel"]


def test_a_lone_adjective_shaped_name_in_plain_prose_is_kept() -> None:
    words = [("Talks", "NOUN"), ("with", "ADP"), ("Vessary", "PROPN"), ("resumed", "VERB"), ("on", "ADP"),
             ("Monday", "PROPN"), (".", "PUNCT")]
    assert [e.name for e in canonicalise([parsed_sentence("a", words, (2, 3, "GPE"))], places=NO_PLACES)] == ["Vessary"]


def test_a_compass_adjective_makes_the_name_a_place() -> None:
    words = [("Fighting", "NOUN"), ("spread", "VERB"), ("in", "ADP"), ("eastern", "ADJ"), ("Moldrava", "PROPN"),
             (".", "PUNCT")]
    assert typed(canonicalise([parsed_sentence("a", words, (4, 5, "ORG"))], places=NO_PLACES)) == {"Moldrava": "place"}


# --------------------------------------------------------------------------- gazetteer rules


@dataclass(frozen=True)
class FakePlace:
    lat: float
    lon: float
    country: str
    feature: str
    population: int
    match_kind: int = 0


class FakeGazetteer:
    table: ClassVar[dict[str, tuple[FakePlace, ...]]] = {
        "ostrel": (FakePlace(46.0, 11.0, "XA", "P.PPL", 900_000),),
        "selvara": (FakePlace(-29.0, -59.0, "XB", "P.PPL", 80_000),),
        "vimmory": (FakePlace(47.0, 12.0, "XC", "A.PCLI", 9_000_000),
                    FakePlace(1.0, 1.0, "XD", "P.PPL", 200_000)),
        "republic of vimmory": (FakePlace(47.0, 12.0, "XC", "A.PCLI", 9_000_000, match_kind=1),),
        "corvenna": (FakePlace(45.0, 10.0, "XA", "A.PCLI", 3_000_000),
                     FakePlace(-30.0, -60.0, "XB", "A.ADM1", 2_000_000)),
        "state of corvenna": (FakePlace(-30.0, -60.0, "XB", "A.ADM1", 2_000_000, match_kind=1),),
        "qx": (FakePlace(3.0, 3.0, "XE", "P.PPL", 900, match_kind=1),),
        "vmr": (FakePlace(47.0, 12.0, "XC", "A.PCLI", 9_000_000, match_kind=1),),
    }

    def lookup(self, key: str) -> tuple[FakePlace, ...]:
        return self.table.get(key, ())


@pytest.mark.parametrize(("mentions", "expected"), [
    # A big city, no person evidence, and the NER itself said place once.
    ([(0, "Ostrel", "PERSON"), (1, "Ostrel", "PERSON"), (2, "Ostrel", "GPE")], "place"),
    ([(0, "Ostrel", "PERSON"), (1, "Ostrel", "PERSON")], "person"),  # never a place by any tag: a name
    ([(0, "Mr Ostrel", "PERSON"), (1, "Ostrel", "PERSON")], "person"),  # a title is person evidence
    ([(0, "Selvara", "PERSON")], "person"),  # a town of 80,000 is not enough
])
def test_a_one_word_person_that_is_a_big_city_is_the_city(mentions: list[tuple[int, str, str]], expected: str) -> None:
    entities = canonicalise([article("a", *mentions)], places=FakeGazetteer())
    assert len(entities) == 1 and entities[0].type == expected


def test_a_first_and_last_name_stays_a_person_even_if_the_surname_is_a_city() -> None:
    entities = canonicalise([article("a", (0, "Dana Ostrel", "PERSON"), (1, "Ostrel", "PERSON"))], places=FakeGazetteer())
    assert [(e.name, e.type, len(e.mentions)) for e in entities] == [("Dana Ostrel", "person", 2)]
    # A given name of another person of the briefing is a name, even where the NER once said place.
    entities = canonicalise([article("a", (0, "Ostrel Vanks", "PERSON")),
                             article("b", (0, "Ostrel", "PERSON"), (1, "Ostrel", "PERSON"), (2, "Ostrel", "GPE"))],
                            places=FakeGazetteer())
    assert typed(entities)["Ostrel"] == "person"


def test_an_acronym_place_the_gazetteer_does_not_know_is_other() -> None:
    entities = canonicalise([article("a", (0, "QX", "GPE"), (1, "VMR", "GPE"))], places=FakeGazetteer())
    assert typed(entities) == {"QX": "other", "VMR": "place"}


def test_two_names_of_one_country_are_one_entity_but_two_senses_are_not() -> None:
    entities = canonicalise([
        article("a", (0, "Vimmory", "GPE"), (1, "the Republic of Vimmory", "GPE"), (2, "Vimmory", "GPE")),
        article("b", (0, "Corvenna", "GPE"), (1, "the State of Corvenna", "GPE")),
    ], places=FakeGazetteer())
    vimmory = [e for e in entities if "Vimmory" in e.name]
    assert len(vimmory) == 1 and len(vimmory[0].mentions) == 3
    # "Corvenna" is a country and a region: its name gives no single referent, so nothing joins it.
    assert len([e for e in entities if "Corvenna" in e.name]) == 2


# --------------------------------------------------------------------------- given names


def test_formal_and_short_given_names_and_middle_initials_join_one_person() -> None:
    entities = canonicalise([
        article("a", (0, "Benedikt R. Halloran", "PERSON"), (1, "Ben Halloran", "PERSON"), (2, "Ben", "PERSON"),
                (3, "Halloran", "PERSON")),
        article("b", (0, "Ben Halloran", "PERSON")),
    ], places=NO_PLACES)
    assert [(e.name, len(e.mentions)) for e in entities] == [("Ben Halloran", 5)]


def test_different_given_names_of_one_surname_stay_apart() -> None:
    entities = canonicalise([article("a", (0, "Ben Halloran", "PERSON"), (1, "Bea Halloran", "PERSON"),
                                     (2, "Bo Halloran", "PERSON"), (3, "Benedikt Vossler", "PERSON"))],
                            places=NO_PLACES)
    assert len(entities) == 4


def test_a_bare_first_name_joins_only_the_one_person_of_its_article() -> None:
    entities = canonicalise([
        article("a", (0, "Mira Tessaly", "PERSON"), (1, "Mira", "PERSON")),
        article("b", (0, "Mira Tessaly", "PERSON"), (1, "Mira Oduya", "PERSON"), (2, "Mira", "PERSON")),
        article("c", (0, "Mira", "PERSON")),
    ], places=NO_PLACES)
    tessaly = next(e for e in entities if e.name == "Mira Tessaly")
    assert {(m.article, m.text) for m in tessaly.mentions} == {("a", "Mira Tessaly"), ("a", "Mira"),
                                                               ("b", "Mira Tessaly")}


@given(st.sampled_from(["Tim", "Timothy", "Tom", "Ti", "Jo", "Joanna"]), st.sampled_from(["Tim", "Timothy", "T."]))
def test_given_names_agree_is_symmetric(first: str, other: str) -> None:
    a, b = (first, "Q.", "Cook"), (other, "Cook")
    assert names.given_names_agree(a, b) == names.given_names_agree(b, a)
    assert not names.given_names_agree((first, "Cook"), (other, "Brook"))
