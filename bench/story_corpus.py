"""A generated store of many stories of realistic, long-tailed sizes (for the web-load and scaling benchmarks).

Why this shape: a news desk's store is not one giant story.  Coverage of stories is long-tailed -- a few
developing stories draw dozens of reports, most draw a handful -- so the sizes here follow a Zipf law
(size of the k-th story about ``top / k**0.8``), which for 400 articles gives 53 planned stories: the largest
has 15 % of the articles (60), then 34, 25, 20 ..., the median story 4 and the smallest 2.  Articles are 150-1,800 words, log-normal around 520 (a
typical wire report), one paragraph per line, with quotes, figures, dates and places, so every stage has work.

Everything is invented for this file at run time: towns, people, organisations and the phrasing (a few
real country and city names are used so that geocoding resolves some places).  Nothing is committed.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from newsfuse.ingest import article_id
from newsfuse.model import Article

_SYLLABLES = ("kor", "vel", "ash", "mira", "dun", "tes", "obo", "lan", "quir", "sef", "hap", "ril", "ont", "bel",
              "cray", "mu", "zan", "ter", "gol", "ifa", "pre", "sol", "wen", "yst")
_GIVEN = ("Ilse", "Tomasz", "Aroha", "Benedek", "Chidi", "Dalia", "Eskil", "Folake", "Gunnar", "Halima", "Ieva",
          "Jasper", "Kimi", "Leontyne", "Mateus", "Nkechi", "Orsolya", "Priit", "Rosalind", "Sanjiv", "Thandeka")
_REAL_PLACES = ("Tbilisi", "Valparaiso", "Tromso", "Mombasa", "Plovdiv", "Hue", "Cork", "Bergen", "Chiclayo",
                "Windhoek", "Kutaisi", "Gdynia", "Iquique", "Dundee", "Arusha", "Split", "Kaunas", "Nantes")
_OUTLETS = tuple(f"{a} {b}" for a in ("Upland", "Tidewater", "Meridian", "Lantern", "Causeway", "Foxglove")
                 for b in ("Dispatch", "Record", "Bulletin", "Observer", "Wire"))
_KINDS = {
    "landslide": ("slope", "debris", "rescue teams", "buried", "the hillside gave way"),
    "ferry sinking": ("hull", "lifejackets", "divers", "missing", "the vessel listed and went down"),
    "mine collapse": ("shaft", "ventilation", "miners", "trapped", "a gallery roof fell in"),
    "dam breach": ("spillway", "reservoir", "engineers", "evacuated", "water poured through the breach"),
    "chemical leak": ("tanker", "fumes", "hazmat crews", "treated", "a valve failed at the depot"),
    "border standoff": ("checkpoint", "patrols", "soldiers", "detained", "troops moved up to the line"),
    "hospital strike": ("wards", "overtime", "nurses", "postponed", "staff walked out at dawn"),
    "grain blockade": ("silos", "convoys", "farmers", "stranded", "tractors blocked the ring road"),
}
_LEADS = (
    "{Kind} in {town}: {n_a} {victims} after {event}, officials say.",
    "Authorities in {town} said on {weekday} that {n_a} people were {victims} after {event}.",
    "{event_cap} near {town} on {weekday}, leaving {n_a} people {victims}, according to {org}.",
)
_BODY = (
    '"We are doing everything we can for the families," {person} of {org} told reporters in {town}.',
    "{person} said the {thing} had been inspected in {month} and found to be sound.",
    "By {weekday} evening {n_b} {workers} were working at the scene, {org} said in a statement.",
    "The {thing} near {town} was built in {year}, local records show.",
    "Relatives waited outside the {hall} hall for news, some for more than {hours} hours.",
    "{org} put the cost of the damage at {money} million {currency}.",
    '"Nobody listened when we warned them about the {thing2}," said {person2}, who lives {km} km away.',
    "Officials in {capital} promised an inquiry into how {event} could happen.",
    "At least {n_c} people were taken to hospital in {city}, {n_d} of them in a serious condition.",
    "Rain was forecast for the next {days} days, which {workers} said could slow the work.",
    "{person2} said the {thing2} had been a worry in {town} since {year}.",
    "{org_cap} said it had counted {n_a} {victims} by noon, revising an earlier figure of {n_e}.",
    "Roads between {town} and {city} were closed for {hours} hours while {workers} moved equipment.",
    '"The next two days will decide a great deal," {person} said on {weekday}.',
    "A second team from {city} arrived with {n_b} {workers} and heavy lifting gear.",
    "The opposition in {capital} called for the minister responsible to resign.",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("February", "March", "April", "May", "June", "July", "August", "September")


def _coined(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


@dataclass(frozen=True)
class _Story:
    number: int
    kind: str
    town: str
    city: str
    capital: str
    org: str
    people: tuple[str, ...]
    hall: str
    start: dt.date
    victims_count: int


def story_sizes(n_articles: int, top_share: float = 0.15, exponent: float = 0.8) -> list[int]:
    """Zipf-like story sizes (largest first) that add up to ``n_articles``."""
    top = max(1, round(top_share * n_articles))
    sizes: list[int] = []
    k = 1
    while sum(sizes) < n_articles:
        sizes.append(max(1, min(n_articles - sum(sizes), round(top / k**exponent))))
        k += 1
    return sizes


def _story(rng: random.Random, number: int) -> _Story:
    return _Story(
        number=number,
        kind=rng.choice(sorted(_KINDS)),
        town=_coined(rng, 3),
        city=rng.choice(_REAL_PLACES),
        capital=_coined(rng, 2) + " City",
        org=f"the {_coined(rng, 2)} {rng.choice(('Civil Protection Office', 'Regional Authority', 'Workers Union', 'Safety Board'))}",
        people=tuple(f"{rng.choice(_GIVEN)} {_coined(rng, 2)}" for _ in range(6)),
        hall=_coined(rng, 2),
        start=dt.date(2032, 3, 1) + dt.timedelta(days=number * 2 + rng.randrange(3)),
        victims_count=rng.randint(4, 90),
    )


def _words(rng: random.Random) -> int:
    return max(150, min(1800, round(math.exp(rng.gauss(math.log(520), 0.45)))))


def _fill(template: str, st: _Story, rng: random.Random) -> str:
    thing, thing2, workers, victims, event = _KINDS[st.kind]
    # the count drifts a little between reports, as early casualty figures do (some facts then conflict)
    drift = rng.choice((0, 0, 0, 1, -1, 3))
    return template.format(
        Kind=st.kind.capitalize(), town=st.town, city=st.city, capital=st.capital, org=st.org, org_cap=st.org[0].upper() + st.org[1:],
        person=rng.choice(st.people[:3]), person2=rng.choice(st.people[3:]), hall=st.hall,
        thing=thing, thing2=thing2, workers=workers, victims=victims, event=event, event_cap=event.capitalize(),
        weekday=rng.choice(_WEEKDAYS), month=rng.choice(_MONTHS), year=rng.randint(1961, 2019),
        n_a=st.victims_count + drift, n_b=rng.randint(20, 300), n_c=rng.randint(2, 40), n_d=rng.randint(1, 9),
        n_e=max(1, st.victims_count - rng.randint(1, 5)), hours=rng.randint(3, 30), km=rng.randint(2, 40),
        money=rng.randint(3, 250), currency=rng.choice(("euros", "dollars")), days=rng.randint(2, 6),
    )


def _article(st: _Story, serial: int, rng: random.Random, words_wanted: int | None = None) -> Article:
    target = words_wanted or _words(rng)
    lines = [_fill(rng.choice(_LEADS), st, rng)]
    words = len(lines[0].split())
    order: list[str] = []
    while words < target:
        # each outlet words the same story its own way: a new ordering and fresh details per report
        if not order:
            order = rng.sample(_BODY, k=len(_BODY))
        line = _fill(order.pop(), st, rng)
        lines.append(line)
        words += len(line.split())
    lines.append(f"Filed as item {serial} of the {st.town} file.")
    body = "\n".join(lines)
    outlet = rng.choice(_OUTLETS)
    day = st.start + dt.timedelta(days=rng.choice((0, 0, 1, 1, 2, 3, 5)))
    return Article(
        id=article_id(body), path=f"generated/{st.number:03d}-{serial:05d}.txt",
        title=_fill(rng.choice(_LEADS), st, rng).rstrip("."), outlet=outlet, published=day.isoformat(),
        url=f"https://{outlet.casefold().replace(' ', '-')}.example/{st.number}/{serial}", body=body,
    )


def realistic_store(n_articles: int, seed: int = 14) -> tuple[list[Article], list[int]]:
    """``n_articles`` generated articles (interleaved across stories, as they would arrive) and the planned sizes."""
    rng = random.Random(seed)
    sizes = story_sizes(n_articles)
    stories = [_story(rng, k) for k in range(len(sizes))]
    slots = [st for st, size in zip(stories, sizes, strict=True) for _ in range(size)]
    rng.shuffle(slots)
    return [_article(st, serial, rng) for serial, st in enumerate(slots)], sizes


def one_story(n_articles: int, seed: int = 14, words: int | None = None) -> list[Article]:
    """``n_articles`` reports of one story (each ``words`` long, or of the usual long-tailed lengths)."""
    rng = random.Random(seed)
    st = _story(rng, 0)
    return [_article(st, serial, rng, words) for serial in range(n_articles)]


def run_on_article(chars: int, seed: int = 14) -> Article:
    """One article of ``chars`` characters that is a single sentence: report sentences chained by commas."""
    rng = random.Random(seed)
    st = _story(rng, 0)
    clauses: list[str] = []
    size = 0
    while size < chars:
        clause = _fill(rng.choice(_BODY), st, rng).rstrip(".").replace('."', '"').replace(',"', '"')
        clauses.append(clause)
        size += len(clause) + 6
    body = ", and ".join(clauses)[:chars].rstrip(" ,") + "."
    return Article(id=article_id(body), path="generated/run-on.txt", title=f"{st.kind.capitalize()} in {st.town}",
                   outlet=_OUTLETS[0], published=st.start.isoformat(), body=body)


def run_on_text(chars: int) -> str:
    """One paragraph of ``chars`` characters with no sentence break at all (the hostile input of issue 14)."""
    words = ("tarpaulins", "flapped", "over", "the", "queue", "of", "buses", "while", "marshals", "in", "orange",
             "vests", "counted", "seats", "and", "shouted", "the", "names", "of", "villages", "along", "the", "coast")
    text: list[str] = []
    n = 0
    while n < chars:
        word = words[len(text) % len(words)]
        text.append(word)
        n += len(word) + 1
    return " ".join(text)[:chars]
