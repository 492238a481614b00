"""Fused events (issue 10): sentence-level reports of one event become one ACLED-like event (no spaCy).

Every input is invented for these tests: the towns Quarrow and Lindmere, the Ashgrove Brigade, the outlets.
"""

from __future__ import annotations

import pytest

from newsfuse.model import (
    Article,
    Claim,
    Entity,
    Event,
    EventActor,
    MentionRef,
    NormalizedValue,
    Place,
    Quantity,
    Sentence,
    SentenceRef,
    TimelineEntry,
)
from newsfuse.stages.events import fuse_events
from newsfuse.stages.timeline import fuse_timeline

BRIGADE = Entity(id="E1", name="Ashgrove Brigade", type="org", variants=["Ashgrove Brigade", "Ashgrove"],
                 mentions=[MentionRef(article="a1", sentence=0, text="Ashgrove Brigade")])
PATROL = Entity(id="E4", name="Fenwick Patrol", type="org", variants=["Fenwick Patrol"], mentions=[])
QUARROW = Entity(id="E2", name="Quarrow", type="place", variants=["Quarrow"],
                 mentions=[MentionRef(article="a1", sentence=0, text="Quarrow"),
                           MentionRef(article="a2", sentence=1, text="Quarrow")])
LINDMERE = Entity(id="E3", name="Lindmere", type="place", variants=["Lindmere"], mentions=[])
ENTITIES = [BRIGADE, QUARROW, LINDMERE, PATROL]
PLACES = [
    Place(entity="E2", name="Quarrow", lat=51.25, lon=30.5, country="XQ", geonames_id=990001, feature="P.PPL",
          resolved=True),
    Place(entity="E3", name="Lindmere", lat=50.0, lon=29.0, country="XQ", geonames_id=990002, feature="A.ADM1",
          resolved=True),
]

TEXT_A = "Ashgrove Brigade gunners pounded the grain depot in Quarrow on Monday, killing at least 7 people."
TEXT_B = "The Ashgrove Brigade struck a grain depot in Quarrow, leaving 11 people dead, medics said on Monday."
TEXT_C = "Gunners from the Ashgrove Brigade hit the grain depot near Quarrow on Monday."


def _article(aid: str, outlet: str, texts: list[str], published: str = "2040-06-05", **extra: object) -> Article:
    sentences, at = [], 0
    for n, text in enumerate(texts):
        sentences.append(Sentence(index=n, text=text, start=at, end=at + len(text)))
        at += len(text) + 1
    return Article(id=aid, path=f"{aid}.txt", outlet=outlet, published=published, body="\n".join(texts),
                   sentences=sentences, **extra)


def _event(eid: str, article: str, sentence: int, *, kind: str = "FIGHT", trigger: str = "pounded",
           source: EventActor | None = None, target: EventActor | None = None, place: str | None = "Quarrow",
           date: str | None = "2040-06-04") -> Event:
    return Event(id=eid, type=kind, trigger=trigger,
                 source=source or EventActor(text="Ashgrove Brigade gunners", entity="E1"),
                 target=target or EventActor(text="grain depot"), place=place, date=date, article=article,
                 sentence=sentence)


def _dated(article: str, sentence: int, text: str, date: str = "2040-06-04") -> TimelineEntry:
    return TimelineEntry(date=date, precision="day", text=text, article=article, sentence=sentence,
                         expression="on Monday")


def _count(article: str, sentence: int, text: str, value: float, low: float | None = None) -> Quantity:
    return Quantity(text=text, value=value, unit="count", normalized=NormalizedValue(value=value, unit="count"),
                    article=article, sentence=sentence, low=low, bound="low" if low is not None else None,
                    measures="people")


ARTICLES = [
    _article("a1", "Tidewater Herald", [TEXT_A]),
    _article("a2", "Upland Signal", ["Crews cleared the rubble.", TEXT_B]),
]
TIMELINE = [_dated("a1", 0, TEXT_A), _dated("a2", 1, TEXT_B)]


def _fuse(events, claims=(), quantities=(), articles=ARTICLES, timeline=TIMELINE):
    return fuse_events(events, list(claims), list(quantities), PLACES, ENTITIES, timeline, articles)


def test_two_sentence_reports_of_one_event_are_one_event_with_both_outlets():
    events = [_event("EV1", "a1", 0), _event("EV2", "a2", 1, trigger="struck",
                                              source=EventActor(text="The Ashgrove Brigade", entity="E1"))]
    fused = _fuse(events)
    assert len(fused) == 1
    event = fused[0]
    assert event.events == ["EV1", "EV2"]
    assert event.outlets == ["Tidewater Herald", "Upland Signal"]
    assert event.independent_sources == 2
    assert event.actor1 is not None and (event.actor1.entity, event.actor1.text) == ("E1", "Ashgrove Brigade")
    assert (event.place, event.lat, event.lon, event.country, event.geonames_id) == (
        "Quarrow", 51.25, 30.5, "XQ", 990001)
    assert (event.date, event.date_precision, event.time_precision, event.geo_precision) == ("2040-06-04", "day", 1, 1)
    assert [(s.article, s.sentence, s.event) for s in event.sources] == [("a1", 0, "EV1"), ("a2", 1, "EV2")]


def test_different_places_days_or_named_actors_stay_apart():
    same = _event("EV1", "a1", 0)
    elsewhere = _event("EV2", "a2", 1, place="Lindmere")
    other_day = _event("EV3", "a2", 0, date="2040-05-20")
    other_side = _event("EV4", "a2", 1, source=EventActor(text="Fenwick Patrol", entity="E4"))
    protest = _event("EV5", "a2", 1, kind="PROTEST", trigger="rallied")
    timeline = [*TIMELINE, _dated("a2", 0, "Crews cleared the rubble.", "2040-05-20")]
    fused = _fuse([same, elsewhere, other_day, other_side, protest], timeline=timeline)
    assert [f.events for f in fused] == [["EV1"], ["EV2"], ["EV3"], ["EV4"], ["EV5"]]


def test_sentences_aligned_into_one_claim_fuse_even_when_their_parses_disagree():
    claim = Claim(id="C1", text=TEXT_A, articles=["a1", "a2"], support=2,
                  sentences=[SentenceRef(article="a1", sentence=0, text=TEXT_A),
                             SentenceRef(article="a2", sentence=1, text=TEXT_B)],
                  outlets=["Tidewater Herald", "Upland Signal"])
    # the second parse found no place and a common-noun actor: compatible, and the claim ties them
    events = [_event("EV1", "a1", 0),
              _event("EV2", "a2", 1, kind="ASSAULT", trigger="struck", place=None, date="2040-06-05",
                     source=EventActor(text="gunners"))]
    fused = _fuse(events, claims=[claim])
    assert len(fused) == 1 and fused[0].claims == ["C1"]
    assert fused[0].type == "FIGHT"  # a tie between FIGHT and ASSAULT goes to the first report's
    assert fused[0].dates == ["2040-06-04", "2040-06-05"]
    assert any("different dates" in note for note in fused[0].notes)


def test_a_disputed_toll_keeps_each_source_the_range_and_the_lowest_figure():
    events = [_event("EV1", "a1", 0), _event("EV2", "a2", 1, trigger="struck")]
    quantities = [_count("a1", 0, "at least 7", 7, low=7), _count("a2", 1, "11", 11)]
    (event,) = _fuse(events, quantities=quantities)
    (toll,) = event.figures
    assert toll.measure == "fatalities"
    assert (toll.low, toll.high, toll.conservative, toll.disputed) == (7, 11, 7, True)
    assert [(r.outlet, r.value) for r in toll.reports] == [("Tidewater Herald", 7), ("Upland Signal", 11)]
    assert toll.note is not None and "7 (Tidewater Herald)" in toll.note and "11 (Upland Signal)" in toll.note
    assert "the lowest, 7, is coded" in toll.note and toll.note in event.notes


def test_an_agreed_toll_is_no_dispute_and_a_building_count_is_no_toll():
    text = "Ashgrove Brigade gunners pounded 3 warehouses in Quarrow on Monday, killing 5 people."
    other = TEXT_B.replace("11", "5")
    articles = [_article("a1", "Tidewater Herald", [text]), _article("a2", "Upland Signal", ["Crews cleared.", other])]
    quantities = [_count("a1", 0, "5", 5), _count("a2", 1, "5", 5),
                  Quantity(text="3", value=3, unit="count", normalized=NormalizedValue(value=3, unit="count"),
                           article="a1", sentence=0, measures="warehouses")]
    (event,) = _fuse([_event("EV1", "a1", 0), _event("EV2", "a2", 1)], quantities=quantities, articles=articles)
    assert [(f.measure, f.conservative, f.disputed) for f in event.figures] == [("fatalities", 5, False)]


def test_precision_codes_near_a_town_in_a_region_and_by_publication_date():
    near = _article("a3", "Harrow Ledger", [TEXT_C])
    (event,) = _fuse([_event("EV1", "a3", 0)], articles=[near], timeline=[_dated("a3", 0, TEXT_C)])
    assert event.geo_precision == 2  # "near Quarrow": the town's coordinates stand for its surroundings
    region = _fuse([_event("EV1", "a1", 0, place="Lindmere")])[0]
    assert region.geo_precision == 3
    undated = _fuse([_event("EV1", "a1", 0, date="2040-06-05")], timeline=[])[0]
    assert (undated.time_precision, undated.date_precision) == (2, "day")
    assert any("publication date" in n for n in undated.notes)


def test_a_publication_date_a_day_later_is_the_same_event():
    events = [_event("EV1", "a1", 0), _event("EV2", "a2", 1, date="2040-06-05")]
    fused = _fuse(events, timeline=[_dated("a1", 0, TEXT_A)])
    assert len(fused) == 1 and fused[0].date == "2040-06-04" and fused[0].time_precision == 1


def test_agency_copies_count_once_and_whole_article_copies_are_listed_as_copies():
    wire = "MARROWFIELD (Reuters) - " + TEXT_A
    articles = [
        _article("a1", "Tidewater Herald", [wire]),
        _article("a2", "Upland Signal", [wire.replace("pounded", "shelled")]),
        _article("a3", "Coastline Daily", [wire], duplicate_of="a1"),
    ]
    events = [_event("EV1", "a1", 0), _event("EV2", "a2", 0, trigger="shelled")]
    (event,) = _fuse(events, articles=articles, timeline=[_dated("a1", 0, wire), _dated("a2", 0, wire)])
    assert event.outlets == ["Tidewater Herald", "Upland Signal", "Coastline Daily"]
    assert event.independent_sources == 1  # all three carry Reuters
    assert [(s.outlet, s.event, s.copy_of) for s in event.sources] == [
        ("Tidewater Herald", "EV1", "Reuters"), ("Upland Signal", "EV2", "Reuters"), ("Coastline Daily", None, "Reuters"),
    ]


def test_one_timeline_entry_per_fused_event_with_all_its_sources():
    events = [_event("EV1", "a1", 0), _event("EV2", "a2", 1, trigger="struck")]
    fused = _fuse(events)
    timeline = fuse_timeline(TIMELINE, [], ARTICLES, fused)
    assert len(timeline) == 1
    (entry,) = timeline
    assert entry.event == fused[0].id and entry.claim is None
    assert {(s.article, s.sentence) for s in entry.sources} == {("a1", 0), ("a2", 1)}
    assert entry.outlets == ["Tidewater Herald", "Upland Signal"]


def test_a_fused_event_inside_one_claim_shares_the_claims_timeline_entry():
    claim = Claim(id="C1", text=TEXT_A, articles=["a1", "a2"], support=2,
                  sentences=[SentenceRef(article="a1", sentence=0, text=TEXT_A),
                             SentenceRef(article="a2", sentence=1, text=TEXT_B)],
                  outlets=["Tidewater Herald", "Upland Signal"])
    fused = _fuse([_event("EV1", "a1", 0), _event("EV2", "a2", 1)], claims=[claim])
    (entry,) = fuse_timeline(TIMELINE, [claim], ARTICLES, fused)
    assert (entry.claim, entry.event) == ("C1", fused[0].id)


def test_every_event_lands_in_exactly_one_fused_event():
    events = [_event(f"EV{n}", "a1" if n % 2 else "a2", 0 if n % 2 else 1,
                     date=f"2040-06-{1 + n % 4:02d}") for n in range(1, 13)]
    fused = _fuse(events, timeline=[])
    ids = [e for f in fused for e in f.events]
    assert sorted(ids) == sorted(e.id for e in events)
    assert [f.id for f in fused] == [f"FE{n}" for n in range(1, len(fused) + 1)]


@pytest.mark.slow
def test_two_outlets_reporting_one_shelling_brief_to_one_fused_event_end_to_end():
    import newsfuse
    from newsfuse.report import markdown

    articles = [
        Article(id="b1", path="b1.txt", outlet="Harbour Gazette", published="2031-03-12",
                body="MARLOWE (Reuters) - Rebel gunners shelled the fish market in Tarrow on Tuesday, killing at "
                     "least 9 people, officials said.\nThe port authority closed the harbour to ferries."),
        Article(id="b2", path="b2.txt", outlet="Valley Courier", published="2031-03-12",
                body="Rebel gunners shelled the fish market in Tarrow on Tuesday, killing 14 people, according to "
                     "medics.\nFarmers in the hills brought the barley harvest in early."),
    ]
    briefing = newsfuse.brief_articles(articles)
    shelling = [f for f in briefing.fused_events if f.type == "FIGHT"]
    assert len(shelling) == 1, [(f.type, f.trigger, f.outlets) for f in briefing.fused_events]
    (event,) = shelling
    assert set(event.outlets) == {"Harbour Gazette", "Valley Courier"} and event.independent_sources == 2
    assert (event.date, event.time_precision) == ("2031-03-11", 1)
    assert event.actor1 is not None and "gunners" in event.actor1.text.casefold()  # not the dateline
    (toll,) = [f for f in event.figures if f.measure == "fatalities"]
    assert (toll.low, toll.high, toll.conservative, toll.disputed) == (9, 14, 9, True)
    gazette = next(s for s in event.sources if s.outlet == "Harbour Gazette")
    assert gazette.copy_of == "Reuters"
    entries = [t for t in briefing.timeline if t.event == event.id]
    assert len(entries) == 1 and set(entries[0].outlets) == {"Harbour Gazette", "Valley Courier"}
    assert not [t for t in briefing.timeline if t.event is None and (t.article, t.sentence) in
                {(s.article, s.sentence) for s in event.sources}]
    text = markdown.render(briefing)
    assert "Harbour Gazette (copy of Reuters)" in text.split("## Facts across outlets", 1)[1]
    assert "fatalities: 9 coded (sources give 9 to 14)" in text.split("## Events", 1)[1]
