"""Cross-document entity canonicalisation on hand-built, fictional NER output."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import ClassVar

import pytest

from newsfuse.model import Entity, EntityType, Mention, ParsedArticle, ParsedSentence, Token
from newsfuse.stages.entities import place_senses
from newsfuse.stages.entities.canonical import NO_PLACES, canonicalise

_TYPES: dict[str, EntityType] = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "NORP": "other",
}


def article(article_id: str, *mentions: tuple[int, str, str]) -> ParsedArticle:
    """(sentence, text, label) triples as the NER would emit them."""
    out = []
    offset = 0
    for sentence, text, label in mentions:
        out.append(
            Mention(
                article=article_id,
                sentence=sentence,
                text=text,
                start=offset,
                end=offset + len(text),
                label=label,
                type=_TYPES.get(label, "other"),
            )
        )
        offset += len(text) + 1
    return ParsedArticle(article=article_id, sentences=[], mentions=out)


def entity_of(entities: list[Entity], article_id: str, sentence: int, text: str) -> Entity:
    found = [
        e
        for e in entities
        if any(m.article == article_id and m.sentence == sentence and m.text == text for m in e.mentions)
    ]
    assert len(found) == 1, f"{text!r} in {article_id}/{sentence} is in {len(found)} entities"
    return found[0]


def same(entities: list[Entity], a: tuple[str, int, str], b: tuple[str, int, str]) -> bool:
    return entity_of(entities, *a).id == entity_of(entities, *b).id


def test_surname_and_titled_forms_join_the_full_name() -> None:
    entities = canonicalise(
        [
            article("a", (0, "President Amara Velloso", "PERSON"), (2, "Velloso", "PERSON")),
            article("b", (0, "Mr Velloso", "PERSON"), (1, "Ms Okonjo", "PERSON")),
            article(
                "c", (0, "Gen Tarvik", "PERSON"), (3, "Nadia Okonjo", "PERSON"), (4, "Lena Tarvik", "PERSON")
            ),
        ]
    )
    velloso = entity_of(entities, "a", 0, "President Amara Velloso")
    assert velloso.name == "Amara Velloso"
    assert velloso.type == "person"
    assert set(velloso.variants) == {"President Amara Velloso", "Velloso", "Mr Velloso"}
    assert same(entities, ("b", 1, "Ms Okonjo"), ("c", 3, "Nadia Okonjo"))
    assert same(entities, ("c", 0, "Gen Tarvik"), ("c", 4, "Lena Tarvik"))


def test_possessives_and_leading_the_join_their_base() -> None:
    entities = canonicalise(
        [
            article(
                "a", (0, "Belmora's", "GPE"), (1, "the Citadel Council", "ORG"), (2, "Havel’s", "PERSON")
            ),
            article("b", (0, "Belmora", "GPE"), (1, "Citadel Council", "ORG"), (2, "Jon Havel", "PERSON")),
        ]
    )
    assert same(entities, ("a", 0, "Belmora's"), ("b", 0, "Belmora"))
    assert same(entities, ("a", 1, "the Citadel Council"), ("b", 1, "Citadel Council"))
    assert entity_of(entities, "a", 1, "the Citadel Council").name == "Citadel Council"
    assert same(entities, ("a", 2, "Havel’s"), ("b", 2, "Jon Havel"))


# Pairs chosen to be outside the examples the romanisation key was designed on.
@pytest.mark.parametrize(
    ("one", "other", "label"),
    [
        ("Chernihiv", "Chernigov", "GPE"),
        ("Zaporizhzhia", "Zaporozhye", "GPE"),
        ("Odesa", "Odessa", "GPE"),
        ("Luhansk", "Lugansk", "GPE"),
        ("Dnipro", "Dnepr", "GPE"),
        ("Tchaikovsky", "Chaikovsky", "PERSON"),
        ("Mohammed", "Muhammad", "PERSON"),
        ("Yanukovych", "Yanukovich", "PERSON"),
        ("Kyiv", "Kiev", "GPE"),
        ("Gaddafi", "Kadhafi", "PERSON"),
        ("Mykolaiv", "Nikolaev", "GPE"),
    ],
)
def test_romanisation_variants_join(one: str, other: str, label: str) -> None:
    entities = canonicalise([article("a", (0, one, label)), article("b", (0, other, label))])
    assert same(entities, ("a", 0, one), ("b", 0, other))
    assert len(entities) == 1


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Austria", "Australia"),
        ("Niger", "Nigeria"),
        ("Iran", "Iraq"),
        ("Slovakia", "Slovenia"),
        ("Gambia", "Zambia"),
        ("Georgia", "Georgian"),
        ("Sudan", "South Sudan"),
        ("Korea", "North Korea"),
    ],
)
def test_similar_but_different_names_stay_apart(one: str, other: str) -> None:
    entities = canonicalise([article("a", (0, one, "GPE")), article("b", (0, other, "GPE"))])
    assert not same(entities, ("a", 0, one), ("b", 0, other))


def test_two_spellings_in_one_article_are_two_names() -> None:
    # A fuzzy romanisation match is vetoed when one article uses both spellings.
    entities = canonicalise([article("a", (0, "Varenko", "PERSON"), (1, "Varanko", "PERSON"))])
    assert not same(entities, ("a", 0, "Varenko"), ("a", 1, "Varanko"))


def test_demonym_does_not_join_the_country() -> None:
    entities = canonicalise([article("a", (0, "Russia", "GPE")), article("b", (0, "Russian", "NORP"))])
    assert not same(entities, ("a", 0, "Russia"), ("b", 0, "Russian"))


def test_acronyms_join_their_expansion() -> None:
    entities = canonicalise(
        [
            article(
                "a",
                (0, "Ministry of Defence", "ORG"),
                (1, "International Atomic Energy Agency", "ORG"),
                (2, "Armed Forces of Ukraine", "ORG"),
            ),
            article("b", (0, "MoD", "ORG"), (1, "IAEA", "ORG"), (2, "AFU", "ORG"), (3, "U.N.", "ORG")),
            article("c", (0, "United Nations", "ORG")),
        ]
    )
    assert same(entities, ("a", 0, "Ministry of Defence"), ("b", 0, "MoD"))
    assert same(entities, ("a", 1, "International Atomic Energy Agency"), ("b", 1, "IAEA"))
    assert same(entities, ("a", 2, "Armed Forces of Ukraine"), ("b", 2, "AFU"))
    assert same(entities, ("b", 3, "U.N."), ("c", 0, "United Nations"))
    assert entity_of(entities, "b", 1, "IAEA").name == "International Atomic Energy Agency"


def test_acronym_with_two_possible_expansions_stays_apart() -> None:
    entities = canonicalise(
        [
            article("a", (0, "Central Port Authority", "ORG"), (1, "Coastal Patrol Agency", "ORG")),
            article("b", (0, "CPA", "ORG")),
        ]
    )
    cpa = entity_of(entities, "b", 0, "CPA")
    assert cpa.variants == ["CPA"]


def test_shared_surname_goes_to_the_nearer_full_name_or_stays_alone() -> None:
    entities = canonicalise(
        [
            article("a", (0, "Joe Biden", "PERSON"), (5, "Hunter Biden", "PERSON"), (6, "Biden", "PERSON")),
            article("b", (0, "Joe Biden", "PERSON"), (1, "Biden", "PERSON")),
            article("c", (0, "Biden", "PERSON")),
        ]
    )
    joe = entity_of(entities, "a", 0, "Joe Biden")
    hunter = entity_of(entities, "a", 5, "Hunter Biden")
    assert joe.id != hunter.id
    assert entity_of(entities, "a", 6, "Biden").id == hunter.id
    assert entity_of(entities, "b", 1, "Biden").id == joe.id
    lonely = entity_of(entities, "c", 0, "Biden")
    assert lonely.id not in {joe.id, hunter.id}


def test_short_organisation_name_joins_the_only_organisation_it_starts() -> None:
    entities = canonicalise(
        [
            article("a", (0, "Harwell Dynamics", "ORG")),
            article("b", (0, "Harwell", "ORG"), (1, "Lisk", "ORG")),
            article("c", (0, "Lisk Mining", "ORG"), (1, "Lisk Shipping", "ORG")),
        ]
    )
    assert same(entities, ("a", 0, "Harwell Dynamics"), ("b", 0, "Harwell"))
    assert entity_of(entities, "b", 1, "Lisk").variants == ["Lisk"]


def test_place_named_like_a_surname_does_not_join_the_person() -> None:
    entities = canonicalise(
        [
            article("a", (0, "Lucia Georgia", "PERSON")),
            article("b", (0, "Georgia", "GPE"), (1, "Tbilisi", "GPE")),
        ]
    )
    assert not same(entities, ("a", 0, "Lucia Georgia"), ("b", 0, "Georgia"))


def test_company_legal_form_is_not_part_of_the_name() -> None:
    entities = canonicalise([article("a", (0, "Orvane Inc.", "ORG")), article("b", (0, "Orvane", "ORG"))])
    assert same(entities, ("a", 0, "Orvane Inc."), ("b", 0, "Orvane"))


def test_office_words_are_kept_in_organisation_names() -> None:
    entities = canonicalise([article("a", (0, "General Rotors", "ORG")), article("b", (0, "Rotors", "ORG"))])
    assert entity_of(entities, "a", 0, "General Rotors").name == "General Rotors"
    assert not same(entities, ("a", 0, "General Rotors"), ("b", 0, "Rotors"))


def test_place_votes_outweigh_occasional_person_tags() -> None:
    entities = canonicalise(
        [
            article("a", (0, "Velatra", "GPE")),
            article("b", (0, "Velatra", "GPE")),
            article("c", (0, "Velatra", "PERSON")),
        ]
    )
    assert entities[0].type == "place"
    assert len(entities[0].mentions) == 3


def test_canonical_name_prefers_the_form_more_articles_use() -> None:
    entities = canonicalise(
        [
            article("a", (0, "Kiev", "GPE"), (1, "Kiev", "GPE"), (2, "Kiev", "GPE")),
            article("b", (0, "Kyiv", "GPE")),
            article("c", (0, "Kyiv", "GPE")),
        ]
    )
    assert len(entities) == 1
    assert entities[0].name == "Kyiv"
    assert entities[0].variants == ["Kiev", "Kyiv"]


@pytest.mark.parametrize("junk", ["agoShare", "2024", "--", "X", "the government", "updatedMarch"])
def test_ner_noise_makes_no_entity(junk: str) -> None:
    entities = canonicalise([article("a", (0, junk, "ORG"), (1, "Tarnow", "GPE"))])
    assert [e.name for e in entities] == ["Tarnow"]


def test_ids_follow_mention_count_and_every_mention_is_kept() -> None:
    docs = [
        article("a", (0, "Orvane", "ORG"), (1, "Belmora", "GPE"), (2, "Belmora", "GPE")),
        article("b", (0, "Belmora", "GPE")),
    ]
    entities = canonicalise(docs)
    assert [(e.id, e.name, len(e.mentions)) for e in entities] == [("E1", "Belmora", 3), ("E2", "Orvane", 1)]


def test_gazetteer_alias_maps_names_before_grouping() -> None:
    aliases = {"Old Harbour": "Porto Velho"}
    entities = canonicalise(
        [article("a", (0, "Old Harbour", "GPE")), article("b", (0, "Porto Velho", "GPE"))],
        gazetteer_alias=aliases.get,
    )
    assert len(entities) == 1
    assert entities[0].variants == ["Old Harbour", "Porto Velho"]


def test_empty_input() -> None:
    assert canonicalise([]) == []


@pytest.mark.slow
def test_real_ner_output_every_name_mention_lands_in_exactly_one_entity() -> None:
    from newsfuse import nlp
    from newsfuse.stages.entities.names import noise_reason

    texts = [
        (
            "x1",
            "The Velloso government in Kiev met officials of the International Atomic Energy Agency on Monday.",
        ),
        (
            "x2",
            "Officials in Kyiv said the IAEA team would visit the plant. Amara Velloso's office declined to comment.",
        ),
    ]
    parsed = list(nlp.parse_texts(texts, n_process=1))
    entities = canonicalise(parsed)
    placed = [(m.article, m.sentence, m.text) for e in entities for m in e.mentions]
    expected = [
        (m.article, m.sentence, m.text) for p in parsed for m in p.mentions if noise_reason(m.text) is None
    ]
    assert sorted(placed) == sorted(expected)
    assert [e.id for e in entities] == [f"E{n}" for n in range(1, len(entities) + 1)]
    assert all(len(a.mentions) >= len(b.mentions) for a, b in itertools.pairwise(entities))


# --------------------------------------------------------------------------- evidence from the parse
# Fictional sentences with hand-written parses, shaped like the small model's
# output; the names are not those the rules were designed on.

TokenSpec = tuple[str, str, str, int, str]  # text, POS, dependency, head index, NER IOB tag ("B-ORG", "O")


def parsed(article_id: str, *sentences: list[TokenSpec]) -> ParsedArticle:
    """An article whose mentions come from the IOB tags of its tokens, with consistent offsets."""
    out_sentences: list[ParsedSentence] = []
    mentions: list[Mention] = []
    offset = 0
    for s_index, specs in enumerate(sentences):
        tokens: list[Token] = []
        start = offset
        for i, (text, pos, dep, head, iob) in enumerate(specs):
            tag, _, label = iob.partition("-")
            tokens.append(
                Token(
                    i=i,
                    text=text,
                    lemma=text.lower(),
                    pos=pos,
                    tag=pos,
                    dep=dep,
                    head=head,
                    idx=offset,
                    ent_iob=tag,
                    ent_type=label,
                )
            )
            offset += len(text) + 1
        text = " ".join(t.text for t in tokens)
        out_sentences.append(
            ParsedSentence(index=s_index, text=text, start=start, end=start + len(text), tokens=tokens)
        )
        span: list[Token] = []
        for token in [*tokens, None]:
            if span and (token is None or token.ent_iob != "I"):
                label = span[0].ent_type
                mentions.append(
                    Mention(
                        article=article_id,
                        sentence=s_index,
                        text=" ".join(t.text for t in span),
                        start=span[0].idx,
                        end=span[-1].idx + len(span[-1].text),
                        label=label,
                        type=_TYPES.get(label, "other"),
                    )
                )
                span = []
            if token is not None and token.ent_iob in ("B", "I"):
                span.append(token)
    return ParsedArticle(article=article_id, sentences=out_sentences, mentions=mentions)


def test_a_name_the_ner_cut_short_is_widened_and_joins_its_person() -> None:
    docs = [
        # "Marshal Tamsin Orlov inspected": the NER tags only "Tamsin", as an organisation.
        parsed(
            "a",
            [
                ("Marshal", "PROPN", "compound", 2, "O"),
                ("Tamsin", "PROPN", "compound", 2, "B-ORG"),
                ("Orlov", "PROPN", "nsubj", 3, "O"),
                ("inspected", "VERB", "ROOT", 3, "O"),
            ],
        ),
        parsed("b", [("Orlov", "PROPN", "nsubj", 1, "B-PERSON"), ("said", "VERB", "ROOT", 1, "O")]),
        parsed(
            "c",
            [
                ("Mr", "PROPN", "compound", 1, "O"),
                ("Orlov", "PROPN", "nsubj", 2, "B-PERSON"),
                ("left", "VERB", "ROOT", 2, "O"),
            ],
        ),
    ]
    entities = canonicalise(docs, places=NO_PLACES)
    assert len(entities) == 1
    assert entities[0].name == "Tamsin Orlov"
    assert entities[0].type == "person"
    # The mention keeps the NER's own span.
    assert entities[0].variants == ["Orlov", "Tamsin"]


def test_full_name_typed_as_a_work_of_art_is_the_surname_target() -> None:
    entities = canonicalise(
        [
            article("a", (0, "Ilse Varga", "WORK_OF_ART")),
            article("b", (0, "Ms Varga", "PERSON"), (1, "Varga", "PERSON")),
        ],
        places=NO_PLACES,
    )
    assert len(entities) == 1
    assert (entities[0].name, entities[0].type) == ("Ilse Varga", "person")


def test_office_word_of_a_title_is_no_organisation() -> None:
    doc = parsed(
        "a",
        [
            ("Finance", "PROPN", "compound", 1, "B-ORG"),
            ("Minister", "PROPN", "compound", 2, "O"),
            ("Rell", "PROPN", "nsubj", 3, "B-PERSON"),
            ("resigned", "VERB", "ROOT", 3, "O"),
        ],
    )
    entities = canonicalise([doc], places=NO_PLACES)
    assert [(e.name, e.type) for e in entities] == [("Rell", "person")]


def test_organisation_fragment_after_ministry_of_is_widened() -> None:
    doc = parsed(
        "a",
        [
            ("The", "DET", "det", 1, "O"),
            ("Ministry", "PROPN", "nsubj", 4, "O"),
            ("of", "ADP", "prep", 1, "O"),
            ("Fisheries", "PROPN", "pobj", 2, "B-ORG"),
            ("agreed", "VERB", "ROOT", 4, "O"),
        ],
    )
    entities = canonicalise([doc, article("b", (0, "MoF", "ORG"))], places=NO_PLACES)
    assert len(entities) == 1
    assert entities[0].name == "Ministry of Fisheries"


def _river_sentence(label: str) -> list[TokenSpec]:
    return [
        ("Troops", "NOUN", "nsubj", 1, "O"),
        ("crossed", "VERB", "ROOT", 1, "O"),
        ("the", "DET", "det", 4, "O"),
        ("Varta", "PROPN", "compound", 4, f"B-{label}"),
        ("river", "NOUN", "dobj", 1, "O"),
    ]


def test_feature_noun_and_locative_preposition_make_a_place() -> None:
    docs = [
        parsed("a", _river_sentence("ORG")),
        parsed(
            "b",
            [
                ("Shelling", "NOUN", "nsubj", 1, "O"),
                ("continued", "VERB", "ROOT", 1, "O"),
                ("along", "ADP", "prep", 1, "O"),
                ("the", "DET", "det", 4, "B-ORG"),
                ("Merrow", "PROPN", "pobj", 2, "I-ORG"),
            ],
        ),
    ]
    entities = canonicalise(docs, places=NO_PLACES)
    assert {(e.name, e.type) for e in entities} == {("Varta", "place"), ("Merrow", "place")}


def test_preposition_that_is_not_locative_under_its_verb_keeps_the_organisation() -> None:
    doc = parsed(
        "a",
        [
            ("Regulators", "NOUN", "nsubj", 1, "O"),
            ("chose", "VERB", "ROOT", 1, "O"),
            ("Dalvik", "PROPN", "dobj", 1, "B-ORG"),
            ("over", "ADP", "prep", 1, "O"),
            ("Kestrane", "PROPN", "pobj", 3, "B-ORG"),
        ],
    )
    entities = canonicalise([doc], places=NO_PLACES)
    assert {(e.name, e.type) for e in entities} == {("Dalvik", "org"), ("Kestrane", "org")}


def test_adjective_tagged_as_a_place_is_other_and_stays_apart_from_the_country() -> None:
    docs = [
        parsed(
            "a",
            [
                ("Zembrian", "ADJ", "amod", 1, "B-GPE"),
                ("troops", "NOUN", "nsubj", 2, "O"),
                ("advanced", "VERB", "ROOT", 2, "O"),
            ],
        ),
        parsed("b", [("Zembria", "PROPN", "nsubj", 1, "B-GPE"), ("protested", "VERB", "ROOT", 1, "O")]),
    ]
    entities = canonicalise(docs, places=NO_PLACES)
    assert {(e.name, e.type) for e in entities} == {("Zembrian", "other"), ("Zembria", "place")}


def test_outlet_names_are_organisations_whatever_the_tag() -> None:
    docs = [article("a", (0, "Harbour Gazette", "LOC"), (1, "Harbour Gazette", "GPE"), (2, "Tarnow", "GPE"))]
    typed = {e.name: e.type for e in canonicalise(docs, places=NO_PLACES, outlets={"The Harbour Gazette"})}
    assert typed == {"Harbour Gazette": "org", "Tarnow": "place"}
    # Without the outlet list the NER's tags win: the rule is what changes the type.
    assert {e.name: e.type for e in canonicalise(docs, places=NO_PLACES)}["Harbour Gazette"] == "place"


# --------------------------------------------------------------------------- gazetteer knowledge


@dataclass(frozen=True)
class FakePlace:
    lat: float
    lon: float
    country: str
    feature: str
    population: int
    match_kind: int = 0


class FakeGazetteer:
    """A few invented places: two prominent "Corvenna"s on different continents."""

    table: ClassVar[dict[str, tuple[FakePlace, ...]]] = {
        "corvenna": (
            FakePlace(45.0, 10.0, "XA", "A.PCLI", 3_000_000),
            FakePlace(-30.0, -60.0, "XB", "A.ADM1", 2_000_000),
        ),
        "ostrel": (FakePlace(46.0, 11.0, "XA", "P.PPLC", 900_000),),
        "vimmory": (FakePlace(47.0, 12.0, "XC", "A.PCLI", 9_000_000),),
        "pallandra": (FakePlace(-31.0, -61.0, "XB", "P.PPL", 400_000),),
        "selvara": (FakePlace(-29.0, -59.0, "XB", "P.PPL", 80_000),),
        "zembrian": (FakePlace(45.0, 10.0, "XA", "A.PCLI", 3_000_000, match_kind=place_senses.NAME_DEMONYM),),
    }

    def lookup(self, key: str) -> tuple[FakePlace, ...]:
        return self.table.get(key, ())


def test_gazetteer_demonym_is_typed_other_even_as_a_noun() -> None:
    docs = [article("a", (0, "Zembrians", "GPE"), (1, "Zembrian", "GPE")), article("b", (0, "Ostrel", "GPE"))]
    typed = {e.name: e.type for e in canonicalise(docs, places=FakeGazetteer())}
    assert typed["Ostrel"] == "place"
    assert {typed.get("Zembrian"), typed.get("Zembrians")} == {"other"}


def test_same_named_places_split_by_the_places_around_them() -> None:
    docs = [
        article("a", (0, "Corvenna", "GPE"), (1, "Ostrel", "GPE"), (2, "Vimmory", "GPE")),
        article("b", (0, "Corvenna", "GPE"), (1, "Pallandra", "GPE"), (2, "Selvara", "GPE")),
        article("c", (0, "Corvenna", "GPE"), (1, "Corvenna", "GPE"), (2, "Vimmory", "GPE")),
        article("d", (0, "Corvenna", "GPE")),  # no other place: goes with the majority
    ]
    entities = canonicalise(docs, places=FakeGazetteer())
    assert same(entities, ("a", 0, "Corvenna"), ("c", 1, "Corvenna"))
    assert same(entities, ("a", 0, "Corvenna"), ("d", 0, "Corvenna"))
    assert not same(entities, ("a", 0, "Corvenna"), ("b", 0, "Corvenna"))
    assert {e.name for e in entities if e.name == "Corvenna"} == {"Corvenna"}


def test_same_named_place_stays_one_when_the_articles_agree() -> None:
    docs = [
        article("a", (0, "Corvenna", "GPE"), (1, "Ostrel", "GPE")),
        article("b", (0, "Corvenna", "GPE"), (1, "Vimmory", "GPE")),
    ]
    entities = canonicalise(docs, places=FakeGazetteer())
    assert same(entities, ("a", 0, "Corvenna"), ("b", 0, "Corvenna"))


def test_place_senses_needs_prominent_rivals() -> None:
    gazetteer = FakeGazetteer()
    assert len(place_senses.senses(gazetteer, "Corvenna")) == 2
    assert place_senses.senses(gazetteer, "Selvara") == []  # a town of 80,000 is no rival sense
    assert place_senses.is_demonym(gazetteer, "Zembrians")
    assert not place_senses.is_demonym(gazetteer, "Ostrel")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "one_side", "other_side"),
    [
        ("Hyderabad", ("Karachi", "Sindh"), ("Bangalore", "Chennai")),
        ("Valencia", ("Madrid", "Barcelona"), ("Caracas", "Maracaibo")),
        ("Georgia", ("Tbilisi", "Russia"), ("Atlanta", "Alabama")),
    ],
)
def test_real_gazetteer_splits_a_name_used_for_two_places(
    name: str, one_side: tuple[str, str], other_side: tuple[str, str]
) -> None:
    docs = [
        article("a", (0, name, "GPE"), (1, one_side[0], "GPE"), (2, one_side[1], "GPE")),
        article("b", (0, name, "GPE"), (1, other_side[0], "GPE"), (2, other_side[1], "GPE")),
        article("c", (0, name, "GPE"), (1, one_side[0], "GPE")),
    ]
    entities = canonicalise(docs)
    assert not same(entities, ("a", 0, name), ("b", 0, name))
    assert same(entities, ("a", 0, name), ("c", 0, name))


@pytest.mark.slow
def test_real_gazetteer_keeps_a_capital_whole_next_to_a_small_namesake_region() -> None:
    docs = [
        article("a", (0, "London", "GPE"), (1, "Toronto", "GPE"), (2, "Ottawa", "GPE")),
        article("b", (0, "London", "GPE"), (1, "Manchester", "GPE")),
    ]
    entities = canonicalise(docs)
    assert same(entities, ("a", 0, "London"), ("b", 0, "London"))
    assert {
        e.name: e.type for e in canonicalise([article("a", (0, "Chileans", "NORP"), (1, "Chilean", "GPE"))])
    } == {
        "Chileans": "other",
        "Chilean": "other",
    }
