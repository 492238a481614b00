"""Fictional article streams for the store's tests and benchmarks (no real news text anywhere).

:func:`stream` yields ``(Article, event_number)`` pairs: thousands of made-up
events (a kind of incident, an invented town, invented people and details),
each reported by several invented outlets over a few days, with wire copies
(the same text republished by another outlet under a new first line).
:func:`light_parser` stands in for spaCy where a benchmark measures the store
alone: it tags capitalised name sequences as mentions and gives no tokens, so
story features fall back to plain words.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..ingest import article_id
from ..model import Article, Mention, ParsedArticle

_SYLLABLES = ["bar", "ven", "tor", "lis", "mar", "quen", "dal", "rho", "sat", "kel", "om", "bri", "fen", "gar", "tul", "ves", "nor", "pim", "cas", "ardo", "lun", "zef", "hal"]
_FIRST = ["Ana", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kaori", "Lena", "Marek", "Nadia", "Omar", "Petra", "Rafael"]
OUTLETS = [f"{a} {b}" for a in ("Daily", "Evening", "Morning", "Weekly", "Coastal", "Valley", "Northern")
           for b in ("Courier", "Ledger", "Herald", "Post", "Gazette", "Signal")]

_KINDS: dict[str, tuple[list[str], list[str]]] = {
    "flood": (
        ["River {detail} bursts its banks in {place}", "Floods force evacuations in {place}"],
        ["Floodwater from the {detail} river reached homes in {place} on {weekday}.",
         "{person}, who leads the {org}, said {n} households had been evacuated.",
         "Rescue boats searched the lower streets of {place} through the night.",
         "Heavy rain had fallen for {n} hours before the levee near {detail} gave way.",
         "Residents of {place} were told to move to the school gym on {detail} Road."],
    ),
    "fire": (
        ["Fire destroys {detail} warehouse in {place}", "Blaze at {place} depot burns for hours"],
        ["Firefighters fought the blaze at the {detail} warehouse in {place} for {n} hours.",
         "{person} of the {org} said the cause of the fire was not yet known.",
         "Smoke could be seen across {place} on {weekday} morning.",
         "Nearby streets around {detail} were closed while crews cooled the ruins.",
         "The warehouse stored paint and timber, according to the {org}."],
    ),
    "strike": (
        ["Port workers strike in {place}", "{org} walkout halts {place} docks"],
        ["Dock workers in {place} walked out on {weekday} over pay, the {org} said.",
         "{person}, a spokesperson for the union, said {n} members had joined the strike.",
         "Ships waited outside the {detail} terminal as cranes stood still.",
         "Talks between the union and the port of {place} broke down last week.",
         "Managers at {detail} offered a raise of {n} percent, which the union rejected."],
    ),
    "quake": (
        ["Earthquake shakes {place}", "Tremor of magnitude {n} near {place}"],
        ["An earthquake struck near {place} on {weekday}, damaging the {detail} bridge.",
         "{person} of the {org} said the tremor lasted about {n} seconds.",
         "Schools in {place} were closed while engineers inspected buildings.",
         "Aftershocks were felt as far as {detail} during the evening.",
         "Several old houses on {detail} Street collapsed, the {org} said."],
    ),
    "election": (
        ["{person} wins mayoral race in {place}", "Vote count ends in {place}"],
        ["{person} won the election for mayor of {place} with {n} percent of the vote.",
         "Turnout in {place} was higher than four years ago, the {org} said.",
         "Supporters gathered at the {detail} hall on {weekday} night.",
         "The result in the {detail} district was recounted at the request of the losing side.",
         "{person} promised to rebuild the {detail} market during the first year."],
    ),
}
_FRAMES = [
    "People in {place} spoke of the {0}, the {1} and the {2}.",
    "Officials pointed to the {0} and said the {1} would be checked before the {2}.",
    "The {0} near {place} was mentioned again, along with the {1} and a {2}.",
    "Photos showed the {0} beside the {1}; a {2} stood nearby.",
    "Neighbours described a {0} and a {1}, and asked about the {2}.",
    "By evening the {0} had reached the {1}, said a witness at the {2}.",
]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_INTROS = ["Updated:", "From our wire service:", "Latest:", "Developing:"]


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


@dataclass(frozen=True)
class _Event:
    number: int
    kind: str
    place: str
    person: str
    org: str
    detail: str
    start: dt.date
    #: invented words only this event's reports use (real events have their own vocabulary too)
    words: tuple[str, ...]


def _event(rng: random.Random, number: int, start: dt.date) -> _Event:
    return _Event(
        number=number,
        kind=rng.choice(sorted(_KINDS)),
        place=_name(rng, 3),
        person=f"{rng.choice(_FIRST)} {_name(rng, 2)}",
        org=f"{_name(rng, 2)} {rng.choice(['Council', 'Union', 'Agency', 'Board', 'Service'])}",
        detail=_name(rng, 2),
        start=start,
        words=tuple(_name(rng, 2).casefold() for _ in range(16)),
    )


def _fill(template: str, ev: _Event, rng: random.Random) -> str:
    return template.format(
        place=ev.place, person=ev.person, org=ev.org, detail=ev.detail,
        weekday=rng.choice(_WEEKDAYS), n=rng.randint(2, 400),
    )


def _report(ev: _Event, rng: random.Random) -> tuple[str, str]:
    titles, sentences = _KINDS[ev.kind]
    # two sentences in the kind's stock phrasing, the rest about this event's own particulars
    chosen = [_fill(s, ev, rng) for s in rng.sample(sentences, k=2)]
    for frame in rng.sample(_FRAMES, k=rng.randint(3, len(_FRAMES))):
        chosen.insert(rng.randrange(len(chosen) + 1), frame.format(*rng.sample(ev.words, k=3), place=ev.place))
    body = "\n".join(chosen)
    return _fill(rng.choice(titles), ev, rng), body


def stream(
    n_articles: int, seed: int = 0, per_event: float = 12.0, copy_rate: float = 0.15, start: dt.date | None = None
) -> Iterator[tuple[Article, int]]:
    """``n_articles`` fictional articles in date order, with the number of the event each reports."""
    rng = random.Random(seed)
    start = start or dt.date(2031, 1, 1)
    n_events = max(1, round(n_articles / per_event))
    span_days = max(10, n_events // 20)  # about 20 new events a day, as a regional news desk might see
    events = [_event(rng, k, start + dt.timedelta(days=rng.randrange(span_days))) for k in range(n_events)]
    slots = [(rng.choice(events), rng.choice((0, 0, 0, 1, 1, 2, 3, 5, 8))) for _ in range(n_articles)]
    slots.sort(key=lambda s: (s[0].start + dt.timedelta(days=s[1]), s[0].number))
    recent: dict[int, list[Article]] = {}
    for serial, (ev, offset) in enumerate(slots):
        day = ev.start + dt.timedelta(days=offset)
        outlet = rng.choice(OUTLETS)
        earlier = recent.get(ev.number, [])
        if earlier and rng.random() < copy_rate:
            source = rng.choice(earlier)
            title, body = source.title or "", f"{rng.choice(_INTROS)} {source.body}"
        else:
            title, body = _report(ev, rng)
            body += f"\nReported by {outlet} staff, item {serial}."
        slug = re.sub(r"\W+", "-", outlet.casefold())
        article = Article(
            id=article_id(body), path=f"synthetic:{serial}", title=title, outlet=outlet,
            published=day.isoformat(), url=f"https://{slug}.example/{ev.number}/{serial}", body=body,
        )
        recent.setdefault(ev.number, []).append(article)
        del recent[ev.number][:-5]
        yield article, ev.number


_NAME_RUN = re.compile(r"(?<![.\n] )(?<!^)\b[A-Z][a-z]+(?: [A-Z][a-z]+)*")


def light_parser(batch: Sequence[Article]) -> Iterator[ParsedArticle]:
    """Capitalised word runs as mentions, no tokens: the store's path without spaCy (benchmarks only)."""
    for article in batch:
        mentions = [
            Mention(article=article.id, sentence=0, text=m.group(0), start=m.start(), end=m.end(), label="ORG",
                    type="other")
            for m in _NAME_RUN.finditer(article.body)
        ]
        yield ParsedArticle(article=article.id, sentences=[], mentions=mentions)
