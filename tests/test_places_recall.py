"""Places the NER stage does not tag as places, and the fitted ranking's inputs (issue 12), on invented sentences."""

from __future__ import annotations

import json

import pytest

from newsfuse.gazetteer import GazetteerEntry, NameQuery, open_gazetteer, resolve_names
from newsfuse.gazetteer.ranking import FEATURES, CandidateFacts, ContextPoint, feature_vector, parse_weights
from newsfuse.model import Entity, ParsedArticle, Place
from newsfuse.stages.places.geocode import geocode_with
from newsfuse.stages.places.recall import home_name, home_queries
from test_places_qualifiers import parsed_from


@pytest.fixture(scope="module")
def gazetteer():  # type: ignore[no-untyped-def]
    return open_gazetteer()


def _with_modifier(parsed: ParsedArticle, word: int, noun: int, lemma: str, dep: str = "amod") -> ParsedArticle:
    """Token ``word`` modifies token ``noun`` (as a parser would say), whose lemma is ``lemma``."""
    tokens = list(parsed.sentences[0].tokens)
    tokens[word] = tokens[word].model_copy(update={"dep": dep, "head": noun})
    tokens[noun] = tokens[noun].model_copy(update={"lemma": lemma})
    sentence = parsed.sentences[0].model_copy(update={"tokens": tokens})
    return parsed.model_copy(update={"sentences": [sentence]})


def _typed(entities: list[Entity], name: str, etype: str) -> list[Entity]:
    return [e.model_copy(update={"type": etype}) if e.name == name else e for e in entities]


def _places(gazetteer, parsed: ParsedArticle, entities: list[Entity], **kw) -> dict[str, Place]:  # type: ignore[no-untyped-def]
    by_id = {e.id: e.name for e in entities}
    return {by_id[p.entity]: p for p in geocode_with(gazetteer, entities, [parsed], one_per_id=False, **kw)}


# ---------------------------------------------------------------- demonyms


def test_demonym_on_its_land_is_the_country_as_a_location(gazetteer) -> None:  # type: ignore[no-untyped-def]
    parsed, entities = parsed_from("Drones crossed into Sudanese airspace twice before dawn.", ["Sudanese"])
    parsed = _with_modifier(parsed, 3, 4, "airspace")
    got = _places(gazetteer, parsed, _typed(entities, "Sudanese", "other"))
    assert got["Sudanese"].name == "Sudan" and got["Sudanese"].country == "SD"
    assert got["Sudanese"].feature == "A.PCLI" and got["Sudanese"].role == "location"


def test_demonym_of_people_is_the_country_as_an_actor(gazetteer) -> None:  # type: ignore[no-untyped-def]
    parsed, entities = parsed_from("Turkish engineers rebuilt the pumping station by June.", ["Turkish"])
    parsed = _with_modifier(parsed, 0, 1, "engineer")
    got = _places(gazetteer, parsed, _typed(entities, "Turkish", "other"))
    assert got["Turkish"].country == "TR" and got["Turkish"].role == "actor"
    assert got["Turkish"].lat is not None  # an actor keeps its point


def test_other_words_typed_other_make_no_place(gazetteer) -> None:  # type: ignore[no-untyped-def]
    parsed, entities = parsed_from("Quarterly Brindlish tariffs rose again.", ["Quarterly", "Brindlish"])
    got = _places(gazetteer, parsed, [e.model_copy(update={"type": "other"}) for e in entities])
    assert got == {}


# ---------------------------------------------------------------- the outlet's home


@pytest.mark.parametrize(("outlet", "home"), [
    ("The Macon Ledger", "Macon"), ("Pocatello Evening Courier", "Pocatello"), ("Bay City Times", "Bay City"),
    ("Ledger", None), ("The Morning Ledger", None), ("Radio Free Nowhere", None), ("voice of the valley", None),
])
def test_home_is_the_name_before_the_outlet_word(outlet: str, home: str | None) -> None:
    assert home_name(outlet) == home


def test_each_home_is_one_query_however_many_articles() -> None:
    queries = home_queries(["The Macon Ledger", "The Macon Ledger", None, "Macon Ledger"])
    assert queries == [NameQuery("Macon", 1)]


def test_local_paper_decides_a_namesake(gazetteer) -> None:  # type: ignore[no-untyped-def]
    sentence = "Flooding closed the roads around Gainesville overnight."
    parsed, entities = parsed_from(sentence, ["Gainesville"])
    alone = _places(gazetteer, parsed, entities)
    local = _places(gazetteer, parsed, entities, outlets=["The Macon Ledger"])
    # With no other word, the biggest Gainesville (Florida); a Georgia paper's is the Georgia one.
    assert alone["Gainesville"].admin1 == "FL"
    assert local["Gainesville"].country == "US" and local["Gainesville"].admin1 == "GA"
    assert set(local) == {"Gainesville"}  # the home itself is no place of the briefing


def test_outlet_naming_no_place_changes_nothing(gazetteer) -> None:  # type: ignore[no-untyped-def]
    parsed, entities = parsed_from("Flooding closed the roads around Gainesville overnight.", ["Gainesville"])
    plain = _places(gazetteer, parsed, entities)
    other = _places(gazetteer, parsed, entities, outlets=["The Morning Ledger", "Quellmarsh Courier"])
    assert other["Gainesville"].geonames_id == plain["Gainesville"].geonames_id


# ---------------------------------------------------------------- namesakes and the fitted ranking's inputs


def test_small_namesake_follows_the_region_the_story_names(gazetteer) -> None:  # type: ignore[no-untyped-def]
    res, _ = resolve_names(gazetteer, [NameQuery("Kirkland"), NameQuery("Illinois", 2), NameQuery("Rockford")])
    assert res[0].entry is not None and res[0].entry.admin1 == "IL"


def test_fitted_ranking_resolves_a_document(gazetteer) -> None:  # type: ignore[no-untyped-def]
    queries = [NameQuery("Kharkiv"), NameQuery("Izium"), NameQuery("Ukraine", 3)]
    res, _ = resolve_names(gazetteer, queries, fitted=True)
    assert [r.entry.country if r.entry else None for r in res] == ["UA", "UA", "UA"]
    assert all(c.fitted is not None for r in res for c in r.candidates)


def _entry(geonameid: int, lat: float, lon: float, feature: str = "P.PPL", population: int = 5_000) -> GazetteerEntry:
    return GazetteerEntry(geonameid=geonameid, name="Thornbury", lat=lat, lon=lon, country="ZZ", feature=feature,
                          population=population, admin1="01", admin2=None)


def _facts(entry: GazetteerEntry) -> CandidateFacts:
    return CandidateFacts(entry=entry, prior=2.0, best_log_population=5.0, region_asked=False,
                          region_kind_asked=False, former_name=False, inside_longer_name=False,
                          spelling_matched=False, in_focus_country=False, in_co_mentioned_country=False,
                          in_named_region=False, qualified=False)


def test_coherence_features_favour_the_reading_near_the_other_places() -> None:
    others = [ContextPoint(1, 10.0, 10.0, 2.0), ContextPoint(2, 10.5, 10.2, 1.0)]
    near = dict(zip(FEATURES, feature_vector(_facts(_entry(7, 10.2, 10.1)), others), strict=True))
    far = dict(zip(FEATURES, feature_vector(_facts(_entry(8, -30.0, 120.0)), others), strict=True))
    assert near["closeness_to_other_places"] > 0.5 > far["closeness_to_other_places"]
    assert near["share_of_other_places_near"] == 1.0 and far["share_of_other_places_near"] == 0.0


def test_a_place_is_not_its_own_context() -> None:
    vector = feature_vector(_facts(_entry(1, 10.0, 10.0)), [ContextPoint(1, 10.0, 10.0, 5.0)])
    values = dict(zip(FEATURES, vector, strict=True))
    assert values["closeness_to_other_places"] == 0.0 and values["share_of_other_places_near"] == 0.0


def test_weights_written_for_other_features_are_refused() -> None:
    stale = {"features": ["log_population"], "coefficients": {"log_population": 1.0}, "intercept": 0.0}
    with pytest.raises(ValueError, match="refit"):
        parse_weights(json.dumps(stale))


def test_weights_score_is_the_linear_logit() -> None:
    data = {"features": list(FEATURES), "coefficients": dict.fromkeys(FEATURES, 0.0), "intercept": -1.0}
    data["coefficients"]["in_named_region"] = 2.5
    weights = parse_weights(json.dumps(data))
    vector = [1.0 if name == "in_named_region" else 0.0 for name in FEATURES]
    assert weights.score(vector) == pytest.approx(1.5)
