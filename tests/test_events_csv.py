"""events.csv: columns, dates and their basis, place coordinates, round trip (no spaCy)."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from newsfuse.model import (
    Article,
    Briefing,
    Entity,
    Event,
    EventActor,
    MentionRef,
    Place,
    Sentence,
    TimelineEntry,
)
from newsfuse.report import events_csv

BODY = "Kestrel militia shelled Varnok on Tuesday.\nBorder guards detained a reporter."


def _briefing(events: list[Event]) -> Briefing:
    article = Article(
        id="a1", path="a1.txt", outlet="Valley Courier", published="2031-05-14", body=BODY,
        sentences=[Sentence(index=0, text=BODY.split("\n")[0], start=0, end=42),
                   Sentence(index=1, text=BODY.split("\n")[1], start=43, end=len(BODY))],
    )
    varnok_a = Entity(id="E1", name="Varnok", type="place", variants=["Varnok"],
                      mentions=[MentionRef(article="a1", sentence=0, text="Varnok", start=24, end=30)])
    varnok_b = Entity(id="E2", name="Varnok", type="place", variants=["Varnok"],
                      mentions=[MentionRef(article="a9", sentence=0, text="Varnok")])
    militia = Entity(id="E3", name="Kestrel", type="org", variants=["Kestrel"],
                     mentions=[MentionRef(article="a1", sentence=0, text="Kestrel", start=0, end=7)])
    return Briefing(
        newsfuse_version="test",
        articles=[article],
        entities=[varnok_a, varnok_b, militia],
        places=[Place(entity="E1", name="Varnok", lat=45.5, lon=12.25, country="XX"),
                Place(entity="E2", name="Varnok", lat=-3.0, lon=30.0, country="YY")],
        timeline=[TimelineEntry(date="2031-05-13", precision="day", text=BODY.split("\n")[0], article="a1",
                                sentence=0, expression="on Tuesday")],
        events=events,
    )


SHELLING = Event(id="EV1", type="FIGHT", trigger="shelled", source=EventActor(text="Kestrel militia", entity="E3"),
                 target=EventActor(text="Varnok", entity="E1"), place="Varnok", date="2031-05-13",
                 article="a1", sentence=0)
DETENTION = Event(id="EV2", type="COERCE", trigger="detained", source=EventActor(text="Border guards"),
                  target=EventActor(text="reporter"), date="2031-05-14", article="a1", sentence=1)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_columns_and_values(tmp_path: Path) -> None:
    path = events_csv.write(_briefing([SHELLING, DETENTION]), tmp_path)
    assert path.name == "events.csv"
    with path.open(encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == list(events_csv.COLUMNS)
    shelling, detention = _read(path)
    assert shelling["event_id"] == "EV1" and shelling["event_type"] == "FIGHT"
    assert (shelling["actor1"], shelling["actor1_entity"]) == ("Kestrel militia", "E3")
    assert (shelling["actor2"], shelling["actor2_entity"]) == ("Varnok", "E1")
    assert (shelling["event_date"], shelling["date_precision"], shelling["date_basis"]) == ("2031-05-13", "day", "text")
    # Two places are called Varnok; the one mentioned in the event's sentence gives the coordinates.
    assert (shelling["latitude"], shelling["longitude"], shelling["country"]) == ("45.5", "12.25", "XX")
    assert shelling["source_outlet"] == "Valley Courier"
    assert shelling["source_text"] == "Kestrel militia shelled Varnok on Tuesday."
    assert (detention["date_basis"], detention["date_precision"]) == ("published", "day")
    assert detention["actor1_entity"] == "" and detention["location"] == "" and detention["latitude"] == ""


def test_ambiguous_place_name_gets_no_coordinates() -> None:
    elsewhere = SHELLING.model_copy(update={"sentence": 1})
    (row,) = events_csv.event_rows(_briefing([elsewhere]))
    columns = dict(zip(events_csv.COLUMNS, row, strict=True))
    assert columns["location"] == "Varnok" and columns["latitude"] is None


def test_event_without_actors_or_date(tmp_path: Path) -> None:
    bare = Event(id="EV9", type="PROTEST", trigger="rallied", article="a1", sentence=1)
    (row,) = _read(events_csv.write(_briefing([bare]), tmp_path))
    assert row["actor1"] == row["actor2"] == row["event_date"] == row["date_basis"] == ""


@given(st.text(min_size=1), st.text())
def test_any_actor_and_trigger_text_round_trips(actor: str, trigger: str) -> None:
    event = DETENTION.model_copy(update={"source": EventActor(text=actor), "trigger": trigger})
    with tempfile.TemporaryDirectory() as tmp:
        (back,) = _read(events_csv.write(_briefing([event]), Path(tmp)))
    assert (back["actor1"], back["trigger"]) == (actor, trigger)
