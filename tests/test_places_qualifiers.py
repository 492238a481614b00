"""The text's own qualifiers, and the resolver's namesake rules, on invented sentences (issue 12's causes)."""

from __future__ import annotations

import re

import pytest

from newsfuse.gazetteer import NameQuery, open_gazetteer, resolve_names
from newsfuse.model import (
    Entity,
    EntityType,
    Mention,
    MentionRef,
    ParsedArticle,
    ParsedSentence,
    Place,
    Token,
)
from newsfuse.stages.places.geocode import geocode_with


@pytest.fixture(scope="module")
def gazetteer():  # type: ignore[no-untyped-def]
    return open_gazetteer()


def parsed_from(sentence: str, places: list[str], label: str = "GPE") -> tuple[ParsedArticle, list[Entity]]:
    """One article of one sentence, tokens split at spaces, the given names tagged in text order."""
    tokens = [Token(i=i, text=m.group(), lemma=m.group().lower(), pos="X", tag="X", dep="dep", head=i, idx=m.start())
              for i, m in enumerate(re.finditer(r"\S+", sentence))]
    mentions = []
    cursor = 0
    for name in places:
        start = sentence.index(name, cursor)
        cursor = start + len(name)
        etype: EntityType = "place" if label in ("GPE", "LOC") else "org"
        mentions.append(Mention(article="a", sentence=0, text=name, start=start, end=cursor, label=label, type=etype))
    parsed = ParsedArticle(article="a", sentences=[ParsedSentence(index=0, text=sentence, start=0, end=len(sentence),
                                                                  tokens=tokens)], mentions=mentions)
    refs: dict[str, list[MentionRef]] = {}
    for m in mentions:
        refs.setdefault(m.text, []).append(MentionRef(article="a", sentence=0, text=m.text, start=m.start, end=m.end))
    entities = [Entity(id=f"E{n}", name=name, type=mentions[0].type, variants=[name], mentions=found)
                for n, (name, found) in enumerate(refs.items(), 1)]
    return parsed, entities


def places_in(gazetteer, sentence: str, names: list[str]) -> dict[str, Place]:  # type: ignore[no-untyped-def]
    parsed, entities = parsed_from(sentence, names)
    by_id = {e.id: e.name for e in entities}
    return {by_id[p.entity]: p for p in geocode_with(gazetteer, entities, [parsed], one_per_id=False)}


def test_city_comma_state_is_the_city_in_that_state(gazetteer) -> None:  # type: ignore[no-untyped-def]
    got = places_in(gazetteer, "Volunteers from Buffalo, New York drove the donated boats south.", ["Buffalo", "New York"])
    assert got["Buffalo"].country == "US" and got["Buffalo"].admin1 == "NY" and got["Buffalo"].feature == "P.PPL"
    assert (got["Buffalo"].population or 0) > 200_000
    assert got["New York"].feature == "A.ADM1"


def test_state_of_washington_is_the_state(gazetteer) -> None:  # type: ignore[no-untyped-def]
    got = places_in(gazetteer, "Lawmakers in the state of Washington voted on the ferry budget.", ["Washington"])
    assert got["Washington"].feature == "A.ADM1" and got["Washington"].admin1 == "WA"


def test_washington_listed_with_a_state_is_the_state(gazetteer) -> None:  # type: ignore[no-untyped-def]
    got = places_in(gazetteer, "Oregon and Washington laws on river salmon differ sharply.", ["Oregon", "Washington"])
    assert got["Washington"].feature == "A.ADM1" and got["Washington"].admin1 == "WA"


def test_washington_alone_stays_the_capital(gazetteer) -> None:  # type: ignore[no-untyped-def]
    got = places_in(gazetteer, "Envoys flew to Washington for the tariff talks.", ["Washington"])
    assert got["Washington"].feature == "P.PPLC"


def test_region_comma_country(gazetteer) -> None:  # type: ignore[no-untyped-def]
    got = places_in(gazetteer, "Floodwater reached towns across Queensland, Australia on Tuesday.",
                    ["Queensland", "Australia"])
    assert got["Queensland"].country == "AU" and got["Queensland"].feature == "A.ADM1"


def test_town_comma_province_short_form(gazetteer) -> None:  # type: ignore[no-untyped-def]
    got = places_in(gazetteer, "The rodeo in Wainwright, Alta. drew a record crowd.", ["Wainwright"])
    assert got["Wainwright"].country == "CA" and got["Wainwright"].admin1 == "01"


def test_invented_town_with_a_real_province_stays_unresolved(gazetteer) -> None:  # type: ignore[no-untyped-def]
    got = places_in(gazetteer, "The rodeo in Brindlewick, Alta. drew a record crowd.", ["Brindlewick"])
    assert not got["Brindlewick"].resolved


def test_town_comma_state_then_another_state(gazetteer) -> None:  # type: ignore[no-untyped-def]
    got = places_in(gazetteer, "Plants in Washington, Pennsylvania and California will close.",
                    ["Washington", "Pennsylvania", "California"])
    assert got["Washington"].country == "US" and got["Washington"].admin1 == "PA"
    assert got["Washington"].feature.startswith("P.")
    assert got["California"].feature == "A.ADM1" and got["California"].admin1 == "CA"


def test_county_written_short(gazetteer) -> None:  # type: ignore[no-untyped-def]
    got = places_in(gazetteer, "Deputies in PLYMOUTH CO. closed two beaches.", ["PLYMOUTH CO."])
    assert got["PLYMOUTH CO."].country == "US" and got["PLYMOUTH CO."].feature == "A.ADM2"


def test_a_list_of_cities_is_not_a_qualifier(gazetteer) -> None:  # type: ignore[no-untyped-def]
    got = places_in(gazetteer, "Flights from London, Paris and Berlin were delayed.", ["London", "Paris", "Berlin"])
    assert got["London"].country == "GB" and got["Paris"].country == "FR" and got["Berlin"].country == "DE"


def test_qualifier_that_names_no_region_is_ignored(gazetteer) -> None:  # type: ignore[no-untyped-def]
    got = places_in(gazetteer, "Talks between Georgia, Armenia and Azerbaijan resumed.",
                    ["Georgia", "Armenia", "Azerbaijan"])
    assert got["Georgia"].country == "GE"


def test_no_capital_bonus_through_an_alternate_name(gazetteer) -> None:  # type: ignore[no-untyped-def]
    res, _ = resolve_names(gazetteer, [NameQuery("Salisbury")])
    assert res[0].entry is None or res[0].entry.country != "ZW"


def test_small_namesake_qualified_by_its_state(gazetteer) -> None:  # type: ignore[no-untyped-def]
    got = places_in(gazetteer, "The fire in Kirkland, Ill. spread to two barns.", ["Kirkland"])
    assert got["Kirkland"].country == "US" and got["Kirkland"].admin1 == "IL"


def test_unknown_name_with_no_close_spelling_stays_unresolved(gazetteer) -> None:  # type: ignore[no-untyped-def]
    got = places_in(gazetteer, "Storms hit Quellmarsh and the coast of Norfolk.", ["Quellmarsh", "Norfolk"])
    assert not got["Quellmarsh"].resolved


def test_fuzzy_spelling_never_lands_on_a_hamlet_or_drops_a_first_letter(gazetteer) -> None:  # type: ignore[no-untyped-def]
    res, _ = resolve_names(gazetteer, [NameQuery("Gatwick"), NameQuery("London"), NameQuery("Kent")])
    assert res[0].entry is None


def test_town_inside_an_organisation_name_is_a_place_too(gazetteer) -> None:  # type: ignore[no-untyped-def]
    parsed, entities = parsed_from("The Mansfield Police Department said two officers were hurt in Ohio.",
                                   ["Mansfield Police Department", "Ohio"])
    entities = [e.model_copy(update={"type": "org"}) if e.name.startswith("Mansfield") else e for e in entities]
    places = {p.name: p for p in geocode_with(gazetteer, entities, [parsed])}
    assert places["Mansfield"].country == "US" and places["Mansfield"].admin1 == "OH"
    assert "organisation" in (places["Mansfield"].note or "")


def test_organisation_named_after_no_known_place_adds_nothing(gazetteer) -> None:  # type: ignore[no-untyped-def]
    parsed, entities = parsed_from("The Brindlewick Police Department said two officers were hurt in Ohio.",
                                   ["Brindlewick Police Department", "Ohio"])
    entities = [e.model_copy(update={"type": "org"}) if e.name.startswith("Brindlewick") else e for e in entities]
    assert {p.name for p in geocode_with(gazetteer, entities, [parsed])} == {"Ohio"}


def test_town_tagged_as_a_person_before_a_word_for_its_people(gazetteer) -> None:  # type: ignore[no-untyped-def]
    sentence = "Ashland woman charged after a crash in Arlington, Virginia."
    parsed, entities = parsed_from(sentence, ["Ashland", "Arlington", "Virginia"])
    tokens = parsed.sentences[0].tokens
    # "Ashland" modifies "woman" (compound), as a parser gives it.
    tokens[0] = tokens[0].model_copy(update={"dep": "compound", "head": 1})
    tokens[1] = tokens[1].model_copy(update={"lemma": "woman"})
    entities = [e.model_copy(update={"type": "person"}) if e.name == "Ashland" else e for e in entities]
    places = {p.name: p for p in geocode_with(gazetteer, entities, [parsed])}
    assert places["Ashland"].country == "US" and places["Ashland"].admin1 == "VA"


def test_person_before_a_verb_stays_a_person(gazetteer) -> None:  # type: ignore[no-untyped-def]
    parsed, entities = parsed_from("Ashland spoke after a crash in Arlington, Virginia.",
                                   ["Ashland", "Arlington", "Virginia"])
    entities = [e.model_copy(update={"type": "person"}) if e.name == "Ashland" else e for e in entities]
    assert "Ashland" not in {p.name for p in geocode_with(gazetteer, entities, [parsed])}


@pytest.mark.parametrize(("name", "lat", "lon"), [
    ("Canada", 60.10867, -113.64258), ("United States", 39.76, -98.5), ("Japan", 35.68536, 139.75309),
])
def test_countries_sit_at_geonames_own_points(gazetteer, name: str, lat: float, lon: float) -> None:  # type: ignore[no-untyped-def]
    res, _ = resolve_names(gazetteer, [NameQuery(name)])
    entry = res[0].entry
    assert entry is not None and entry.feature == "A.PCLI"
    assert abs(entry.lat - lat) < 0.01 and abs(entry.lon - lon) < 0.01


def test_first_level_region_sits_mid_extent(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # GeoNames puts British Columbia at about 54.0 N 125.0 W, north of where most of its people live.
    res, _ = resolve_names(gazetteer, [NameQuery("British Columbia")])
    entry = res[0].entry
    assert entry is not None and entry.feature == "A.ADM1"
    assert 52.5 < entry.lat < 55.5 and -127.0 < entry.lon < -122.0
