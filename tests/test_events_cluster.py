"""Average-linkage clustering of event reports and its never-join rules (issue 10 part 6), no spaCy.

Every input is invented for these tests: the town of Pennick, the Skerry Guard, the outlets, the people.
"""

from __future__ import annotations

from newsfuse.model import Article, Entity, Event, EventActor, MentionRef, Place, Sentence, TimelineEntry
from newsfuse.stages.events import fuse_events
from newsfuse.stages.events.cluster import average_linkage


def _never(_left: object, _right: object) -> bool:
    return False


def _always(_left: object, _right: object) -> bool:
    return True


def test_average_linkage_does_not_chain_through_a_middle_item() -> None:
    # 0-1 and 1-2 are likely, 0-2 is not: single link would make one cluster, the average keeps 2 apart
    pairs = {(0, 1): 0.9, (1, 2): 0.7}
    assert average_linkage(3, pairs, _always, 0.6) == [[0, 1], [2]]
    # a lower threshold accepts the average (0.9 + 0.7 + 0) / ... of {0,1} with 2: (0 + 0.7) / 2 = 0.35
    assert average_linkage(3, pairs, _always, 0.3) == [[0, 1, 2]]


def test_average_linkage_merges_the_most_likely_pair_first_and_respects_a_veto() -> None:
    pairs = {(0, 1): 0.55, (1, 2): 0.95, (2, 3): 0.8}
    # 1-2 first; then {1,2} with 3 averages 0.4 and with 0 0.275: both below 0.5
    assert average_linkage(4, pairs, _always, 0.5) == [[0], [1, 2], [3]]
    # refusing 1-2 leaves 2-3 (0.8) and 0-1 (0.55) to merge
    assert average_linkage(4, pairs, lambda a, b: not ({1, 2} <= {*a, *b}), 0.5) == [[0, 1], [2, 3]]
    assert average_linkage(4, pairs, _never, 0.1) == [[0], [1], [2], [3]]


def test_average_linkage_ignores_pairs_below_the_threshold_and_is_deterministic() -> None:
    pairs = {(0, 2): 0.2, (1, 3): 0.9}
    first = average_linkage(4, pairs, _always, 0.5)
    assert first == [[0], [1, 3], [2]] == average_linkage(4, dict(reversed(pairs.items())), _always, 0.5)


# --------------------------------------------------------------------------- through fuse_events

GUARD = Entity(id="E1", name="Skerry Guard", type="org", variants=["Skerry Guard"], mentions=[
    MentionRef(article="p1", sentence=0, text="Skerry Guard"), MentionRef(article="p2", sentence=0,
                                                                         text="Skerry Guard")])
PENNICK = Entity(id="E2", name="Pennick", type="place", variants=["Pennick"], mentions=[])
ODA = Entity(id="E3", name="Oda Brannstrom", type="person", variants=["Oda Brannstrom"], mentions=[])
LUKAS = Entity(id="E4", name="Lukas Meyerhof", type="person", variants=["Lukas Meyerhof"], mentions=[])
ODA_TITLED = Entity(id="E5", name="Mayor Oda Brannstrom", type="person", variants=["Mayor Oda Brannstrom"],
                    mentions=[])
ENTITIES = [GUARD, PENNICK, ODA, LUKAS, ODA_TITLED]
PLACES = [Place(entity="E2", name="Pennick", lat=10.0, lon=20.0, country="XP", feature="P.PPL", resolved=True)]

SEIZE_1 = "The Skerry Guard seized a smuggling trawler off Pennick on Sunday."
SEIZE_2 = "A smuggling trawler was seized by the Skerry Guard off Pennick on Sunday, its crew said."
SEIZE_3 = "Guard officers seized the smuggling trawler off Pennick on Sunday after a chase."


def _article(aid: str, outlet: str, texts: list[str]) -> Article:
    sentences, at = [], 0
    for n, text in enumerate(texts):
        sentences.append(Sentence(index=n, text=text, start=at, end=at + len(text)))
        at += len(text) + 1
    return Article(id=aid, path=f"{aid}.txt", outlet=outlet, published="2041-03-12", body="\n".join(texts),
                   sentences=sentences)


def _event(eid: str, article: str, sentence: int, source: EventActor | None, trigger: str = "seized",
           kind: str = "COERCE", place: str | None = "Pennick") -> Event:
    return Event(id=eid, type=kind, trigger=trigger, source=source, target=EventActor(text="smuggling trawler"),
                 place=place, date="2041-03-09", article=article, sentence=sentence)


def _dated(article: str, sentence: int, text: str) -> TimelineEntry:
    return TimelineEntry(date="2041-03-09", precision="day", text=text, article=article, sentence=sentence,
                         expression="on Sunday")


def test_reports_of_one_seizure_in_other_words_are_one_event() -> None:
    articles = [_article("p1", "Coast Ledger", [SEIZE_1]), _article("p2", "Harbour Wire", [SEIZE_2]),
                _article("p3", "Isles Daily", [SEIZE_3])]
    timeline = [_dated("p1", 0, SEIZE_1), _dated("p2", 0, SEIZE_2), _dated("p3", 0, SEIZE_3)]
    events = [_event("EV1", "p1", 0, EventActor(text="Skerry Guard", entity="E1")),
              _event("EV2", "p2", 0, EventActor(text="Skerry Guard", entity="E1")),
              _event("EV3", "p3", 0, EventActor(text="Guard officers"))]
    fused = fuse_events(events, [], [], PLACES, ENTITIES, timeline, articles)
    assert [f.events for f in fused] == [["EV1", "EV2", "EV3"]]
    assert fused[0].independent_sources == 3


def test_one_article_telling_one_event_twice_gives_one_event() -> None:
    second = "Later on Sunday the Skerry Guard seized the smuggling trawler off Pennick, the port office said."
    articles = [_article("p1", "Coast Ledger", [SEIZE_1, "Gulls circled the quay.", second])]
    timeline = [_dated("p1", 0, SEIZE_1), _dated("p1", 2, second)]
    events = [_event("EV1", "p1", 0, EventActor(text="Skerry Guard", entity="E1")),
              _event("EV2", "p1", 2, EventActor(text="Skerry Guard", entity="E1"))]
    fused = fuse_events(events, [], [], PLACES, ENTITIES, timeline, articles)
    assert [f.events for f in fused] == [["EV1", "EV2"]]


def test_two_different_people_never_make_one_event_but_one_person_under_two_names_may() -> None:
    text_a = "Oda Brannstrom opened the new ferry terminal at Pennick on Sunday."
    text_b = "Lukas Meyerhof opened the new ferry terminal at Pennick on Sunday."
    text_c = "Mayor Oda Brannstrom opened the new ferry terminal at Pennick on Sunday."
    articles = [_article("p1", "Coast Ledger", [text_a]), _article("p2", "Harbour Wire", [text_b]),
                _article("p3", "Isles Daily", [text_c])]
    timeline = [_dated("p1", 0, text_a), _dated("p2", 0, text_b), _dated("p3", 0, text_c)]
    events = [_event("EV1", "p1", 0, EventActor(text="Oda Brannstrom", entity="E3"), "opened", "COOPERATE"),
              _event("EV2", "p2", 0, EventActor(text="Lukas Meyerhof", entity="E4"), "opened", "COOPERATE"),
              _event("EV3", "p3", 0, EventActor(text="Mayor Oda Brannstrom", entity="E5"), "opened", "COOPERATE")]
    fused = fuse_events(events, [], [], PLACES, ENTITIES, timeline, articles)
    groups = [f.events for f in fused]
    assert ["EV2"] in groups  # Meyerhof is never glued to Brannstrom
    assert ["EV1", "EV3"] in groups  # the titled spelling shares her name words: the link may join them
