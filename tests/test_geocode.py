"""Geocoding stage tests on hand-built ParsedArticle/Entity inputs (fictional sentences)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfuse.gazetteer import open_gazetteer
from newsfuse.model import (
    Briefing,
    Entity,
    EntityType,
    Mention,
    MentionRef,
    ParsedArticle,
    ParsedSentence,
    Token,
)
from newsfuse.report.geojson import to_geojson
from newsfuse.stages.places.geocode import geocode, geocode_with

# (text, lemma, dep, head) per token; head indexes the sentence's tokens.
TokenSpec = tuple[str, str, str, int]


def make_article(article: str, sentences: list[list[TokenSpec]], mentions: list[tuple[int, str, str]]) -> ParsedArticle:
    """Build a ParsedArticle; ``mentions`` are (sentence, exact text, NER label)."""
    parsed_sentences = []
    offset = 0
    for s_index, specs in enumerate(sentences):
        tokens = []
        start = offset
        for i, (text, lemma, dep, head) in enumerate(specs):
            tokens.append(Token(i=i, text=text, lemma=lemma, pos="X", tag="X", dep=dep, head=head, idx=offset))
            offset += len(text) + 1
        text = " ".join(t[0] for t in specs)
        parsed_sentences.append(ParsedSentence(index=s_index, text=text, start=start, end=start + len(text),
                                               tokens=tokens))
    out_mentions = []
    for s_index, text, label in mentions:
        sent = parsed_sentences[s_index]
        start = sent.start + sent.text.index(text)
        etype: EntityType = {"GPE": "place", "LOC": "place", "ORG": "org", "PERSON": "person"}.get(label, "other")
        out_mentions.append(Mention(article=article, sentence=s_index, text=text, start=start,
                                    end=start + len(text), label=label, type=etype))
    return ParsedArticle(article=article, sentences=parsed_sentences, mentions=out_mentions)


def entities_from(parsed: list[ParsedArticle]) -> list[Entity]:
    """Group mentions by text, as the entities stage's baseline does."""
    groups: dict[str, list[Mention]] = {}
    for doc in parsed:
        for m in doc.mentions:
            groups.setdefault(m.text, []).append(m)
    out = []
    for n, (text, ms) in enumerate(sorted(groups.items(), key=lambda kv: -len(kv[1])), 1):
        out.append(Entity(id=f"E{n}", name=text, type=ms[0].type, variants=[text],
                          mentions=[MentionRef(article=m.article, sentence=m.sentence, text=m.text) for m in ms]))
    return out


def located(name: str, label: str = "GPE") -> tuple[list[TokenSpec], tuple[str, str]]:
    """A sentence "Shelling was reported in <name> ." and its mention."""
    words = name.split()
    specs: list[TokenSpec] = [("Shelling", "shelling", "nsubjpass", 2), ("was", "be", "auxpass", 2),
                              ("reported", "report", "ROOT", 2), ("in", "in", "prep", 2)]
    first = len(specs)
    for k, w in enumerate(words):
        last = k == len(words) - 1
        specs.append((w, w.lower(), "pobj" if last else "compound", 3 if last else first + len(words) - 1))
    specs.append((".", ".", "punct", 2))
    return specs, (name, label)


def article_of(article: str, names: list[str | tuple[str, str]]) -> ParsedArticle:
    sentences = []
    mentions = []
    for s_index, item in enumerate(names):
        name, label = (item, "GPE") if isinstance(item, str) else item
        specs, _ = located(name, label)
        sentences.append(specs)
        mentions.append((s_index, name, label))
    return make_article(article, sentences, mentions)


# --------------------------------------------------------------------------- tests



@pytest.fixture(scope="module")
def gazetteer():  # type: ignore[no-untyped-def]
    return open_gazetteer()


def _by_entity_name(gazetteer, names):  # type: ignore[no-untyped-def]
    parsed = [article_of("a1", names)]
    entities = entities_from(parsed)
    places = geocode_with(gazetteer, entities, parsed)
    name_of = {e.id: e.name for e in entities}
    return {name_of[p.entity]: p for p in places}, places


def test_city_and_its_oblast_resolve_to_different_features(gazetteer) -> None:  # type: ignore[no-untyped-def]
    got, _ = _by_entity_name(gazetteer, ["Kharkiv", "Kharkiv Oblast", "Donetsk region", "Donetsk", "Ukraine"])
    assert got["Kharkiv"].feature == "P.PPL" and got["Kharkiv"].geonames_id == 706483
    assert got["Kharkiv Oblast"].feature == "A.ADM1" and got["Kharkiv Oblast"].geonames_id == 706482
    assert got["Donetsk region"].feature == "A.ADM1" and got["Donetsk region"].country == "UA"
    assert got["Donetsk"].feature.startswith("P.")
    # The region's derived point lies inside Ukraine, not at some other Donetsk.
    region = got["Donetsk region"]
    assert region.lat is not None and region.lon is not None
    assert 46.5 < region.lat < 49.5 and 36.0 < region.lon < 39.5


def test_small_ukrainian_town_resolves(gazetteer) -> None:  # type: ignore[no-untyped-def]
    got, _ = _by_entity_name(gazetteer, ["Velyka Novosilka", "Zaporizhzhia", "Ukraine"])
    town = got["Velyka Novosilka"]
    assert town.resolved and town.country == "UA" and town.population is not None and town.population < 10_000


def test_paris_follows_the_focus_country(gazetteer) -> None:  # type: ignore[no-untyped-def]
    texan, _ = _by_entity_name(gazetteer, ["Paris", "Texas", "Dallas", "Texas"])
    french, _ = _by_entity_name(gazetteer, ["Paris", "Lyon", "France", "Marseille"])
    assert texan["Paris"].country == "US" and texan["Paris"].admin1 == "TX"
    assert french["Paris"].country == "FR" and french["Paris"].feature == "P.PPLC"


def test_georgia_is_the_country_next_to_tbilisi_and_the_state_next_to_atlanta(gazetteer) -> None:  # type: ignore[no-untyped-def]
    caucasus, _ = _by_entity_name(gazetteer, ["Georgia", "Tbilisi", "Batumi"])
    american, _ = _by_entity_name(gazetteer, ["Georgia", "Atlanta", "Savannah"])
    assert caucasus["Georgia"].feature == "A.PCLI" and caucasus["Georgia"].country == "GE"
    assert american["Georgia"].feature == "A.ADM1" and american["Georgia"].country == "US"


def test_izium_alternate_spelling_in_ukraine(gazetteer) -> None:  # type: ignore[no-untyped-def]
    got, _ = _by_entity_name(gazetteer, ["Izium", "Kharkiv", "Ukraine"])
    assert got["Izium"].country == "UA" and got["Izium"].geonames_id == 707292


def test_ambiguous_town_takes_the_focus_country(gazetteer) -> None:  # type: ignore[no-untyped-def]
    ukraine, _ = _by_entity_name(gazetteer, ["Zlynka", "Kyiv", "Ukraine", "Kirovohrad Oblast"])
    assert ukraine["Zlynka"].country == "UA"


def test_unresolved_name_stays_listed(gazetteer) -> None:  # type: ignore[no-untyped-def]
    got, places = _by_entity_name(gazetteer, ["Qxavorrstad", "Kyiv"])
    ghost = got["Qxavorrstad"]
    assert not ghost.resolved and ghost.lat is None and ghost.lon is None and ghost.note
    assert len(places) == 2


def test_metonymy_marks_actor_and_keeps_coordinates(gazetteer) -> None:  # type: ignore[no-untyped-def]
    denied = [("Moscow", "Moscow", "nsubj", 1), ("denied", "deny", "ROOT", 1), ("the", "the", "det", 3),
              ("report", "report", "dobj", 1), (".", ".", "punct", 1)]
    asked = [("Kyiv", "Kyiv", "nsubj", 2), ("has", "have", "aux", 2), ("asked", "ask", "ROOT", 2),
             ("for", "for", "prep", 2), ("help", "help", "pobj", 3), (".", ".", "punct", 2)]
    in_kharkiv, _ = located("Kharkiv")
    parsed = [make_article("a1", [denied, asked, in_kharkiv],
                           [(0, "Moscow", "GPE"), (1, "Kyiv", "PERSON"), (2, "Kharkiv", "GPE")]),
              article_of("a2", ["Ukraine", "Poltava"])]
    entities = entities_from(parsed)
    places = geocode_with(gazetteer, entities, parsed)
    name_of = {e.id: e.name for e in entities}
    got = {name_of[p.entity]: p for p in places}
    assert got["Moscow"].role == "actor" and got["Moscow"].lat is not None
    assert got["Kharkiv"].role == "location"
    # "Kyiv" tagged PERSON: a big place of the focus country, so it is a place, used as an actor.
    assert got["Kyiv"].role == "actor" and got["Kyiv"].country == "UA"


def test_person_names_are_not_turned_into_places(gazetteer) -> None:  # type: ignore[no-untyped-def]
    got, _ = _by_entity_name(gazetteer, [("Oleh Bondar", "PERSON"), ("Sumy", "ORG"), "Kharkiv", "Ukraine"])
    assert "Oleh Bondar" not in got
    assert got["Sumy"].country == "UA"  # ORG-tagged town after "in": a place


def test_places_are_ordered_by_mention_count(gazetteer) -> None:  # type: ignore[no-untyped-def]
    _, places = _by_entity_name(gazetteer, ["Lviv", "Odesa", "Odesa", "Odesa", "Lviv"])
    assert places[0].name.startswith("Odes")


def test_stage_entry_point_without_places_needs_no_gazetteer() -> None:
    assert geocode([], [], []) == []


def test_geojson_is_a_feature_collection_with_lon_lat(gazetteer) -> None:  # type: ignore[no-untyped-def]
    parsed = [article_of("a1", ["Kharkiv", "Qxavorrstad"])]
    entities = entities_from(parsed)
    places = geocode_with(gazetteer, entities, parsed)
    briefing = Briefing(newsfuse_version="test", entities=entities, places=places)
    geo = to_geojson(briefing)
    assert geo["type"] == "FeatureCollection"
    assert len(geo["features"]) == 1  # the unresolved place has no point
    feature = geo["features"][0]
    lon, lat = feature["geometry"]["coordinates"]
    assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
    assert 49 < lat < 51 and 35 < lon < 37  # Kharkiv: latitude ~50, longitude ~36.2
    props = feature["properties"]
    assert {"name", "entity", "country", "geonames_id", "feature", "confidence", "mentions"} <= set(props)
    assert props["mentions"] == [{"article": "a1", "sentence": 0, "text": "Kharkiv"}]


# --- resolver: short forms, adjectives, places inside longer names (names resolved together, no parse) ----

def _resolve(gazetteer, *names: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from newsfuse.gazetteer.resolve import NameQuery, resolve_names

    resolutions, _ctx = resolve_names(gazetteer, [NameQuery(n) for n in names])
    return {r.query.name: r for r in resolutions}


@given(st.sampled_from(["Calif.", "N.J.", "NJ", "B.C.", "W. Va.", "D.C."]))
def test_abbreviations_look_abbreviated(surface: str) -> None:
    from newsfuse.gazetteer.resolve import looks_abbreviated

    assert looks_abbreviated(surface)


@given(st.text(alphabet="abcdefghijklmnop", min_size=1, max_size=12))
def test_lower_case_words_never_look_abbreviated(word: str) -> None:
    from newsfuse.gazetteer.resolve import looks_abbreviated

    assert not looks_abbreviated(word) and not looks_abbreviated(word.capitalize() + "ville")


def test_state_abbreviations_resolve_only_when_written_short(gazetteer) -> None:  # type: ignore[no-untyped-def]
    res = _resolve(gazetteer, "Fresno", "Calif.", "Trenton", "N.J.", "La.")
    assert res["Calif."].entry.name == "California" and res["Calif."].entry.feature == "A.ADM1"
    assert res["N.J."].entry.name == "New Jersey"
    assert res["La."].entry.name == "Louisiana"
    plain = _resolve(gazetteer, "La")
    assert plain["La"].entry is None or plain["La"].entry.name != "Louisiana"


def test_adjectives_name_their_country_or_continent(gazetteer) -> None:  # type: ignore[no-untyped-def]
    res = _resolve(gazetteer, "American", "Norwegian", "European", "African", "UAE")
    assert res["American"].entry.country == "US"  # not a dependency sharing the demonym
    assert res["Norwegian"].entry.country == "NO"
    assert res["European"].entry.name == "Europe" and res["African"].entry.name == "Africa"
    assert res["UAE"].entry.country == "AE"
    assert _resolve(gazetteer, "Welsh", "Cardiff")["Welsh"].entry.name == "Wales"


def test_place_inside_a_longer_name_is_a_capped_guess(gazetteer) -> None:  # type: ignore[no-untyped-def]
    res = _resolve(gazetteer, "Bank of Freedonia", "Central Bank of Japan", "Oregon State University",
                   "Atlantic Avenue", "Agnes Jones House")
    japan = res["Central Bank of Japan"]
    assert japan.entry.country == "JP" and japan.entry.feature == "A.PCLI" and japan.confidence <= 0.5
    assert res["Oregon State University"].entry.name == "Oregon"
    assert res["Atlantic Avenue"].entry is None  # a street named after a place is not in it
    assert res["Agnes Jones House"].entry is None  # small namesakes of people are not trusted
    assert res["Bank of Freedonia"].entry is None


def test_big_city_wins_over_its_state_by_everyday_name(gazetteer) -> None:  # type: ignore[no-untyped-def]
    res = _resolve(gazetteer, "New York", "Brooklyn")
    assert res["New York"].entry.feature.startswith("P.")


def test_one_place_per_geonames_id_links_the_other_entities() -> None:
    from newsfuse.model import Entity, MentionRef, Place
    from newsfuse.stages.places.geocode import one_place_per_id

    def entity(eid: str, name: str, n: int) -> Entity:
        refs = [MentionRef(article="a", sentence=i, text=name) for i in range(n)]
        return Entity(id=eid, name=name, type="place", variants=[name], mentions=refs)

    entities = {e.id: e for e in (entity("E1", "Velmora", 3), entity("E2", "Velmora Old Town", 1))}
    places = [
        Place(entity="E1", name="Velmora", geonames_id=42, lat=1.0, lon=2.0, resolved=True),
        Place(entity="E2", name="Velmora", geonames_id=42, lat=1.0, lon=2.0, resolved=True),
        Place(entity="E3", name="Nowhere", resolved=False),
    ]
    kept = one_place_per_id(places, entities)
    assert [p.entity for p in kept] == ["E1", "E3"]
    assert kept[0].also_entities == ["E2"] and "E2" in (kept[0].note or "")
