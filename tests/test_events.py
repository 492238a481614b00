"""The events stage on fictional sentences, one construction per test (loads the spaCy model)."""

from __future__ import annotations

import pytest

from newsfuse.model import Article, Event, Place
from newsfuse.nlp import parse_texts
from newsfuse.stages.entities.canonical import canonicalise
from newsfuse.stages.events.extract import extract_events
from newsfuse.stages.timeline.build import build_timeline

pytestmark = pytest.mark.slow

PUBLISHED = "2031-05-14"  # a Wednesday


def events_of(*bodies: str, places: list[Place] | None = None, duplicate_of: str | None = None) -> list[Event]:
    articles = [
        Article(id=f"a{n}", path=f"a{n}.txt", body=body, published=PUBLISHED, outlet="Valley Courier",
                duplicate_of=duplicate_of if n else None)
        for n, body in enumerate(bodies)
    ]
    parsed = list(parse_texts([(a.id, a.body) for a in articles]))
    entities = canonicalise(parsed)
    if places is None:
        places = []
    timeline = build_timeline(parsed, articles, None)
    return extract_events(parsed, entities, places, timeline, articles)


def only(events: list[Event], category: str | None = None) -> Event:
    found = [e for e in events if category is None or e.type == category]
    assert len(found) == 1, [(e.type, e.trigger) for e in events]
    return found[0]


def test_active_verb_gives_source_target_place_and_text_date():
    event = only(events_of("Rebels of the Northern Front shelled the town of Varnok on Tuesday."))
    assert event.type == "FIGHT" and event.trigger == "shelled"
    assert event.source is not None and event.source.text == "Rebels of the Northern Front"
    assert event.target is not None and "Varnok" in event.target.text
    assert event.place == "Varnok"
    assert event.date == "2031-05-13"  # the Tuesday before publication
    assert event.id == "EV1" and (event.article, event.sentence) == ("a0", 0)


def test_passive_agent_is_source_and_subject_is_target():
    event = only(events_of("The aid convoy was attacked by Kestrel militia near Dunmore."))
    assert event.type == "FIGHT"
    assert event.source is not None and event.source.text == "Kestrel militia"
    assert event.target is not None and event.target.text == "aid convoy"
    assert event.place == "Dunmore"


def test_past_tense_without_date_expression_takes_publication_date():
    event = only(events_of("Border guards arrested twelve smugglers."))
    assert event.type == "COERCE" and event.date == PUBLISHED


def test_present_tense_without_date_expression_has_no_date():
    event = only(events_of("Mordavia demands the immediate release of the sailors."))
    assert event.type == "DEMAND" and event.date is None


def test_nominal_trigger_with_by_agent_and_of_target():
    event = only(events_of("The shelling of Ostrava by government artillery continued overnight."))
    assert event.type == "FIGHT" and event.trigger == "shelling"
    assert event.source is not None and event.source.text == "government artillery"
    assert event.target is not None and event.target.text == "Ostrava"


def test_light_verb_with_trigger_noun():
    event = only(events_of("The two governments held talks in Geneva."))
    assert event.type == "CONSULT" and event.trigger == "held talks"
    assert event.place == "Geneva"


def test_verb_object_pair_decides_category():
    lifted = only(events_of("The army lifted the curfew in Tarvo."))
    imposed = only(events_of("The army imposed a curfew on Tarvo."))
    assert lifted.type == "CONCEDE" and imposed.type == "COERCE"


def test_actors_link_to_entities_by_offsets():
    events = events_of("Velland expelled two Mordavian diplomats.\nForeign Minister Anna Rask later condemned Velland.")
    expel, condemn = only(events, "SANCTION"), only(events, "DISAPPROVE")
    assert expel.source is not None and condemn.target is not None
    assert expel.source.entity is not None and expel.source.entity == condemn.target.entity
    assert condemn.source is not None and condemn.source.entity not in (None, expel.source.entity)


def test_place_coordinates_come_through_place_entity():
    body = "Militants bombed a market in Ferrow."
    parsed = list(parse_texts([("a0", body)]))
    entities = canonicalise(parsed)
    ferrow = next(e for e in entities if e.name == "Ferrow")
    place = Place(entity=ferrow.id, name="Ferrow (town)", lat=10.0, lon=20.0, resolved=True)
    event = only(extract_events(parsed, entities, [place], [], []))
    assert event.type == "ASSAULT" and event.place == "Ferrow (town)"


def test_negated_act_is_no_event():
    assert events_of("The police did not arrest the protesters.") == []


def test_negated_promise_is_a_rejection():
    event = only(events_of("Mordavia will not allow the inspectors into the plant."))
    assert event.type == "REJECT" and "not" in event.trigger


def test_intention_to_cooperate_is_agree_and_to_attack_is_threaten():
    promise = only(events_of("Prime Minister Elena Vasquez said Mordavia would withdraw its troops from Karsk."))
    assert promise.type == "AGREE" and promise.trigger == "would withdraw"
    assert promise.source is not None and promise.source.text == "Mordavia"
    assert promise.target is not None and promise.target.text == "Karsk"
    assert promise.date is None  # a promise is no dated act
    threat = only(events_of("The rebels plan to storm the airport."))
    assert threat.type == "THREATEN"


def test_speech_act_absorbs_its_complement():
    event = only(events_of("Mordavia accused Velland of shelling the border village of Tirn."))
    assert event.type == "ACCUSE" and event.trigger == "accused shelling"
    assert event.source is not None and event.source.text == "Mordavia"
    assert event.target is not None and event.target.text == "Velland"


def test_said_is_no_event_but_reported_act_is():
    event = only(events_of("A spokesman said that the navy seized two fishing boats."))
    assert event.type == "COERCE" and event.source is not None and event.source.text == "navy"


def test_reported_obligation_is_speakers_demand():
    event = only(events_of("Officials in Tarvo said Mordavia must release the fishermen."))
    assert event.type == "DEMAND"
    assert event.target is not None and event.target.text == "Mordavia"
    assert event.source is not None and event.source.text.startswith("Officials")


def test_unattributed_obligation_is_no_event():
    assert events_of("The council must release the funds.") == []


def test_threaten_and_warn_are_speech_acts_kept():
    event = only(events_of("Velland threatened to cut gas supplies to Mordavia."))
    assert event.type == "THREATEN" and event.target is not None and event.target.text == "Mordavia"


def test_conditional_clause_is_no_event():
    assert not [e for e in events_of("If Velland attacks the port, Mordavia will respond.") if e.type == "FIGHT"]


def test_purpose_clause_is_a_motive_not_an_event():
    event = only(events_of("Farmers blocked roads near Castellon to protest against fuel prices."))
    assert event.type == "PROTEST" and event.trigger == "blocked roads to protest"


def test_conjoined_actors_give_one_event_each():
    events = events_of("Mordavia and Velland signed a treaty.")
    assert sorted(e.source.text for e in events if e.source) == ["Mordavia", "Velland"]
    assert {e.type for e in events} == {"SUPPORT"}


def test_repeat_within_an_article_is_emitted_once_and_copies_are_skipped():
    body = "Border guards detained a reporter in Tarvo.\nBorder guards detained a reporter in Tarvo."
    assert len(events_of(body)) == 1
    assert len(events_of(body, body, duplicate_of="a0")) == 1


def test_military_means_make_violence_fight():
    event = only(events_of("Helicopter gunships killed six fighters near the dam."))
    assert event.type == "FIGHT"
    bombing = only(events_of("A gunman killed six shoppers at the mall."))
    assert bombing.type == "ASSAULT"
