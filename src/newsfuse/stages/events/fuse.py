"""Stage: sentence-level events fused into one event per real-world event, coded the way ACLED codes one.

Reads ``Briefing.events``, ``claims``, ``quantities``, ``places``, ``entities``, the (unfused) ``timeline`` and
the articles; writes ``Briefing.fused_events``.

Which sentence-level events are one event (:func:`cluster_members`):

* only events of one kind are compared (FIGHT and ASSAULT count as one: ACLED's unit is the violent event,
  whatever means a sentence names);
* each pair gets a probability of being one event (:func:`link_probability`): 1 for one sentence's events with
  the same acting side ("shelled the market, killing 12"), else the link fitted on ECB+ (:mod:`.link`) over
  what the two sentences share (words, trigger, names, place, date, actor, one claim);
* average-linkage clustering (:mod:`.cluster`) merges the two groups whose pairs are on average the most
  likely one event, down to the fitted threshold, so one vague report does not chain two events;
* never joined (:func:`_compatible`, checked for every pair across two groups before a merge): different
  places, incompatible dates (unless the two sentences are one claim: a disputed place or day is noted, not a
  second event), one side being two different people or organisations sharing no name word.

Every sentence-level event ends in exactly one fused event, alone or not, so ``fused_events`` is the complete
coded list; reports of one event in one article end in one fused event the same way.

The fused event takes the category most members have, actors as canonical entities, the place most members
name with its geocode, and the date most articles give (a date in the text before a publication date; the
finer precision first).  Precision codes follow ACLED: ``time_precision`` 1 for a day, 2 for a week or a
publication date standing in for an unstated one, 3 for a month or year; ``geo_precision`` 1 for a town or a
site, 2 for "near/outside" a town or a small area, 3 for a region or a country.  Counts are kept per source
with their range and the lowest figure coded (:mod:`.figures`).  A whole-article copy of a source
(``Article.duplicate_of``) is listed as a source marked as a copy, and an article credited to a news agency
counts as that agency: ``independent_sources`` counts each once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

from ...model import (
    Article,
    Claim,
    Entity,
    Event,
    EventActor,
    EventSource,
    FusedEvent,
    Place,
    Precision,
    Quantity,
    TimelineEntry,
)
from ..collector import collector_paused
from ..syndication import article_credit, outlet_key, sentence_credit
from .cluster import average_linkage
from .figures import event_figures
from .link import PairSignals, SameEventModel, content_words, load_model, signals

#: categories that are one kind of event for fusion: the violent event, by whatever means
_FAMILY = {"FIGHT": "violence", "ASSAULT": "violence"}
_TIME_PRECISION: dict[str, int] = {"day": 1, "week": 2, "month": 3, "year": 3}
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
#: GeoNames feature codes coded at precision 2 (a part of a town, a district) and 3 (a region, a country)
_AREA_FEATURES = ("A.ADM3", "A.ADM4", "A.ADM5", "P.PPLX", "L.AREA", "L.LCTY")
_REGION_CLASSES = ("A.", "L.", "T.", "H.")
#: a place named as a neighbourhood of the event rather than its site
_NEAR = re.compile(r"\b(?:near|outside|around|close to|on the outskirts of|north|south|east|west)\s+(?:of\s+)?(?:the\s+)?$",
                   re.IGNORECASE)
_ARTICLE_WORDS = frozenset({"the", "a", "an", "some", "several", "at", "least", "more", "than", "about", "nearly"})
_VICTIM_HEADS = frozenset({"people", "person", "civilian", "resident", "child", "children", "woman", "women", "man",
                           "men", "villager", "passenger", "bystander", "worker", "student", "patient", "family",
                           "families", "pedestrian", "protester", "demonstrator"})
#: members of a group an event is checked against, from each end
_MAX_CHECKED = 25
#: most candidate events an event is compared with in a long story (its many CONSULT events stay cheap)
_MAX_CANDIDATES = 40
#: up to this many events of one kind, every pair is scored
_ALL_PAIRS = 300


def _family(kind: str) -> str:
    return _FAMILY.get(kind, kind)


def _head_word(text: str) -> str:
    words = [w for w in re.findall(r"[\w'-]+", text.casefold()) if w not in _ARTICLE_WORDS and not w.isdigit()]
    if not words:
        return ""
    word = words[-1]
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _actor_key(actor: EventActor | None) -> tuple[str, str] | None:
    if actor is None:
        return None
    return ("entity", actor.entity) if actor.entity else ("head", _head_word(actor.text))


def _actors_compatible(a: EventActor | None, b: EventActor | None, names: dict[str, set[str]]) -> bool:
    if a is None or b is None:
        return True
    if a.entity and b.entity:
        return a.entity == b.entity
    head_a, head_b = _head_word(a.text), _head_word(b.text)
    if head_a == head_b and head_a:
        return True
    # a named actor against the same name without an entity link ("Kestrel" / "the Kestrel brigade")
    linked, other = (a, head_b) if a.entity else (b, head_a) if b.entity else (None, "")
    return linked is not None and other in names.get(linked.entity or "", set())


@dataclass
class _Dated:
    date: dt.date | None
    precision: Precision | None
    published: bool  # the date is the publication date, the text giving none


def _span(d: _Dated) -> tuple[dt.date, dt.date] | None:
    if d.date is None:
        return None
    start = d.date
    if d.precision == "week":
        return start, start + dt.timedelta(days=6)
    if d.precision == "month":
        following = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return start, following - dt.timedelta(days=1)
    if d.precision == "year":
        return start, start.replace(month=12, day=31)
    return start, start


def _dates_compatible(a: _Dated, b: _Dated) -> bool:
    span_a, span_b = _span(a), _span(b)
    if span_a is None or span_b is None:
        return True
    if a.published or b.published:
        # "on Tuesday" in one outlet, nothing but Wednesday's publication date in another
        slack = dt.timedelta(days=1)
        return span_a[0] - slack <= span_b[1] and span_b[0] - slack <= span_a[1]
    inside = (span_a[0] <= span_b[0] and span_b[1] <= span_a[1]) or (span_b[0] <= span_a[0] and span_a[1] <= span_b[1])
    return inside


@dataclass
class _Member:
    event: Event
    family: str
    dated: _Dated
    claim: str | None


@dataclass(frozen=True)
class _Context:
    articles: dict[str, Article]
    order: dict[str, int]
    names: dict[str, set[str]]  # entity id -> head words of its spellings
    entities: dict[str, Entity]
    places: dict[str, list[Place]]
    mentioned: set[tuple[str, str, int]]  # (entity, article, sentence)
    sentence_text: dict[tuple[str, int], str]
    entities_in: dict[tuple[str, int], set[str]]  # (article, sentence) -> entities it mentions
    words: dict[tuple[str, int], frozenset[str]]  # (article, sentence) -> its content words
    model: SameEventModel | None
    #: entity id -> the words of its name and variants (:func:`_name_words`), read once per entity
    name_words: dict[str, set[str]] = field(default_factory=dict)


def pair_signals(a: _Member, b: _Member, ctx: _Context, agree: bool | None = None) -> PairSignals:
    """What the sentences of two events share, for the fitted link (:mod:`.link`)."""
    ea, eb = a.event, b.event
    ka, kb = (ea.article, ea.sentence), (eb.article, eb.sentence)
    named_a = {k for k in (_actor_key(ea.source), _actor_key(ea.target)) if k is not None and k[0] == "entity"}
    named_b = {k for k in (_actor_key(eb.source), _actor_key(eb.target)) if k is not None and k[0] == "entity"}
    return signals(
        ctx.words.get(ka, frozenset()), ctx.words.get(kb, frozenset()), ea.trigger, eb.trigger,
        ctx.entities_in.get(ka, set()), ctx.entities_in.get(kb, set()),
        same_place=ea.place is not None and ea.place == eb.place,
        same_date=a.dated.date is not None and b.dated.date is not None and _dates_compatible(a.dated, b.dated),
        same_actor=bool(named_a & named_b),
        actor_clash=not (_actors_agree(a, b, ctx) if agree is None else agree),
        same_claim=a.claim is not None and a.claim == b.claim,
        place_clash=ea.place is not None and eb.place is not None and ea.place != eb.place,
        entity_clash=_entity_clash(a, b),
    )


def _same_sentence_link(a: _Member, b: _Member) -> bool:
    """Two events of one sentence with the same acting side are one ("shelled the market, killing 12")."""
    ea, eb = a.event, b.event
    src_a, src_b = _actor_key(ea.source), _actor_key(eb.source)
    return src_a is not None and src_a == src_b


def link_probability(a: _Member, b: _Member, ctx: _Context) -> float:
    """How likely two compatible events are one event: 1 for one sentence's same-actor pair, else the fitted
    link (one claim is one of its signals); without a fitted model, one claim, or the same place and day with
    actors that agree.

    (Tying every claim's events with probability 1 cost 0.06 CoNLL F1 on the ECB+ dev topics: claims there also
    join the twin events' sentences.)
    """
    ea, eb = a.event, b.event
    if (ea.article, ea.sentence) == (eb.article, eb.sentence):
        return 1.0 if _same_sentence_link(a, b) else 0.0
    if ctx.model is not None:
        return ctx.model.probability(pair_signals(a, b, ctx))
    if a.claim is not None and a.claim == b.claim:
        return 1.0
    same_place = ea.place is not None and ea.place == eb.place and a.dated.date and b.dated.date
    return 1.0 if same_place and _actors_agree(a, b, ctx) else 0.0


def _victims(actor: EventActor | None) -> bool:
    """A target that counts the harmed ("12 people", "civilians"): the event's toll, not a side in it."""
    if actor is None or actor.entity:
        return False
    return any(c.isdigit() for c in actor.text) or _head_word(actor.text) in _VICTIM_HEADS


def _actors_agree(a: _Member, b: _Member, ctx: _Context) -> bool:
    """Each side names the same actor (same entity or head noun) or is unnamed; victims are no side."""
    ea, eb = a.event, b.event
    for x, y in ((ea.source, eb.source), (ea.target, eb.target)):
        if a.family == "violence" and (_victims(x) or _victims(y)):
            continue
        if not _actors_compatible(x, y, ctx.names):
            return False
    return True


def _name_words(entity: Entity) -> set[str]:
    return {w for name in (entity.name, *entity.variants) for w in re.findall(r"[^\W\d_]{3,}", name.casefold())}


def _known_name_words(key: str, entity: Entity, ctx: _Context) -> set[str]:
    words = ctx.name_words.get(key)
    if words is None:
        words = ctx.name_words[key] = _name_words(entity)
    return words


def _actors_conflict(a: _Member, b: _Member, ctx: _Context) -> bool:
    """Never one event: one side is two different people, or two different organisations, sharing no name word.

    Other differences between named actors ("Comedian Ann Rue" / "Ann Rue", a navy / its ship) are often
    one actor the entity stage did not merge; the fitted link weighs them (``entity_clash``).
    """
    ea, eb = a.event, b.event
    for x, y in ((ea.source, eb.source), (ea.target, eb.target)):
        if x is None or y is None or x.entity is None or y.entity is None or x.entity == y.entity:
            continue
        one, other = ctx.entities.get(x.entity), ctx.entities.get(y.entity)
        if one is None or other is None or one.type != other.type or one.type not in ("person", "org"):
            continue
        if not _known_name_words(x.entity, one, ctx) & _known_name_words(y.entity, other, ctx):
            return True
    return False




def _entity_clash(a: _Member, b: _Member) -> bool:
    """One side of the two events is two different named entities."""
    ea, eb = a.event, b.event
    return any(x is not None and y is not None and x.entity is not None and y.entity is not None
               and x.entity != y.entity for x, y in ((ea.source, eb.source), (ea.target, eb.target)))


def _compatible(a: _Member, b: _Member, ctx: _Context) -> bool:
    """Whether two events may be one: same kind, no two different named actors, places and dates that agree.

    Actors told in different common words ("the quake" / "a tremor") do not forbid it: the rules that fuse
    then ask the actors to agree, the fitted link weighs it.
    """
    ea, eb = a.event, b.event
    if a.family != b.family:
        return False
    if _actors_conflict(a, b, ctx):
        return False
    if a.claim is not None and a.claim == b.claim:
        return True  # one fact: a disputed date or place is noted, not a second event
    if ea.place is not None and eb.place is not None and ea.place != eb.place:
        # (allowing two places of one country, weighed by ``place_clash``, fused no more true pairs on dev)
        return False
    return _dates_compatible(a.dated, b.dated)


def _group_keys(m: _Member, ctx: _Context) -> list[Hashable]:
    e = m.event
    keys: list[Hashable] = [("sentence", e.article, e.sentence)]
    if m.claim is not None:
        keys.append(("claim", m.claim))
    if e.place is not None:
        keys.append(("place", m.family, e.place))
    for actor in (e.source, e.target):
        key = _actor_key(actor)
        if key is not None and key[0] == "entity":
            keys.append(("actor", m.family, key))
    # where the fitted link finds its candidates: the same trigger word, or a name both sentences mention
    keys.append(("trigger", m.family, e.trigger.casefold().split()[-1:] and e.trigger.casefold().split()[-1]))
    keys.extend(("named", m.family, entity) for entity in sorted(ctx.entities_in.get((e.article, e.sentence), ()))[:4])
    return keys


def _candidate_pairs(members: list[_Member], ctx: _Context) -> set[tuple[int, int]]:
    """Pairs worth scoring: every two events of one kind in a small story, else those sharing a key."""
    by_family: dict[str, list[int]] = defaultdict(list)
    for n, m in enumerate(members):
        by_family[m.family].append(n)
    pairs: set[tuple[int, int]] = set()
    for indices in by_family.values():
        if len(indices) <= _ALL_PAIRS:
            pairs.update((i, j) for k, i in enumerate(indices) for j in indices[k + 1:])
            continue
        # a long story: only events sharing a sentence, claim, place, named actor, trigger word or name,
        # each with its nearest such neighbours (the list stays linear in the number of events)
        index: dict[Hashable, list[int]] = defaultdict(list)
        for i in indices:
            for key in _group_keys(members[i], ctx):
                index[key].append(i)
        for i in indices:
            near: list[int] = []
            for key in _group_keys(members[i], ctx):
                near.extend(j for j in index[key][-_MAX_CANDIDATES:] if j != i)
            for j in sorted(set(near), key=lambda j: abs(j - i))[:_MAX_CANDIDATES]:
                pairs.add((min(i, j), max(i, j)))
    return pairs


def cluster_members(members: list[_Member], ctx: _Context, threshold: float | None = None) -> list[list[_Member]]:
    """Average-linkage clusters of the events (:mod:`.cluster`), at the fitted threshold unless one is given."""
    if threshold is None:
        threshold = ctx.model.threshold if ctx.model is not None else 0.5
    compatible: dict[tuple[int, int], bool] = {}

    def compat(i: int, j: int) -> bool:
        key = (min(i, j), max(i, j))
        if key not in compatible:
            compatible[key] = _compatible(members[key[0]], members[key[1]], ctx)
        return compatible[key]

    def can_join(left: Sequence[int], right: Sequence[int]) -> bool:
        # a large cluster is checked through its first and latest members (a long story stays near linear)
        def seen(c: Sequence[int]) -> Sequence[int]:
            return c if len(c) <= 2 * _MAX_CHECKED else [*c[:_MAX_CHECKED], *c[-_MAX_CHECKED:]]

        return all(compat(i, j) for i in seen(left) for j in seen(right))

    scored: dict[tuple[int, int], float] = {}
    for i, j in _candidate_pairs(members, ctx):
        if compat(i, j):
            p = link_probability(members[i], members[j], ctx)
            if p > 0:
                scored[(i, j)] = p
    return [[members[i] for i in c] for c in average_linkage(len(members), scored, can_join, threshold)]


def _vote_actor(actors: list[EventActor | None], ctx: _Context) -> EventActor | None:
    known = [a for a in actors if a is not None]
    if not known:
        return None
    by_entity = Counter(a.entity for a in known if a.entity)
    if by_entity:
        entity = by_entity.most_common(1)[0][0]
        found = ctx.entities.get(entity)
        text = found.name if found is not None else next(a.text for a in known if a.entity == entity)
        return EventActor(text=text, entity=entity)
    text = Counter(a.text for a in known).most_common(1)[0][0]
    return EventActor(text=text)


def _place_of(name: str | None, sources: Sequence[Event], ctx: _Context) -> Place | None:
    if name is None:
        return None
    candidates = ctx.places.get(name, [])
    if len(candidates) > 1:
        candidates = [p for p in candidates if any((p.entity, e.article, e.sentence) in ctx.mentioned for e in sources)]
    return candidates[0] if len(candidates) == 1 else None


def _geo_precision(place: Place | None, name: str, sources: Sequence[Event], ctx: _Context) -> int | None:
    if place is None or not place.resolved:
        return None
    feature = place.feature or ""
    if feature.startswith(("P.", "S.")) and not feature.startswith(_AREA_FEATURES):
        near = False
        for e in sources:
            text = ctx.sentence_text.get((e.article, e.sentence), "")
            at = text.find(name)
            near = near or (at > 0 and _NEAR.search(text[:at]) is not None)
        return 2 if near else 1
    if feature.startswith(_AREA_FEATURES):
        return 2
    return 3 if feature.startswith(_REGION_CLASSES) else 1


def _date_choice(members: list[_Member]) -> tuple[str | None, Precision | None, bool]:
    votes: Counter[tuple[str, str, bool]] = Counter()
    for key in {(m.event.article, m.event.date, m.dated.precision, m.dated.published) for m in members if m.event.date}:
        votes[(key[1] or "", key[2] or "day", key[3])] += 1
    if not votes:
        return None, None, False
    (date, precision, published), _ = min(
        votes.items(), key=lambda kv: (kv[0][2], -kv[1], _PRECISION_RANK.get(kv[0][1], 9), kv[0][0])
    )
    return date, precision, published  # type: ignore[return-value]


def _independent_key(article_id: str, sentence: int, ctx: _Context) -> str:
    credit = sentence_credit(ctx.sentence_text.get((article_id, sentence), ""))
    article = ctx.articles.get(article_id)
    if credit is None and article is not None:
        credit = article_credit(article)
    if credit is not None:
        # the key an outlet of that name has, so the agency's own report and its copies count once
        return " ".join(credit.agency.casefold().split()).removeprefix("the ")
    seen = {article_id}
    while article is not None and article.duplicate_of and article.duplicate_of not in seen:
        seen.add(article.duplicate_of)
        article = ctx.articles.get(article.duplicate_of)
    return outlet_key(article) if article is not None else f"article:{article_id}"


def _copy_sources(sources: list[EventSource], ctx: _Context) -> list[EventSource]:
    """Sentences of whole-article copies that repeat a source sentence: listed, marked as copies."""
    copies_of: dict[str, list[Article]] = defaultdict(list)
    for a in ctx.articles.values():
        if a.duplicate_of:
            copies_of[a.duplicate_of].append(a)
    out: list[EventSource] = []
    for src in sources:
        text = ctx.sentence_text.get((src.article, src.sentence))
        original = ctx.articles.get(src.article)
        for copy in copies_of.get(src.article, []):
            match = next((s.index for s in copy.sentences if s.text == text), None)
            if match is not None:
                credit = article_credit(copy) or (article_credit(original) if original else None)
                out.append(EventSource(
                    article=copy.id, sentence=match, outlet=copy.outlet, event=None, date=src.date,
                    copy_of=credit.agency if credit else (original.outlet if original else src.article),
                ))
    return out


def _fused(n: int, group: list[_Member], ctx: _Context, claim_ids: dict[tuple[str, int], str],
           quantities: dict[tuple[str, int], list[Quantity]]) -> FusedEvent:
    members = sorted(group, key=lambda m: (ctx.order.get(m.event.article, len(ctx.order)),
                                                   m.event.article, m.event.sentence))
    events = [m.event for m in members]
    kinds = Counter(e.type for e in events)
    kind = max(kinds, key=lambda k: (kinds[k], -next(i for i, e in enumerate(events) if e.type == k)))
    representative = next(e for e in events if e.type == kind)
    places = Counter(e.place for e in events if e.place)
    place_name = places.most_common(1)[0][0] if places else None
    place = _place_of(place_name, events, ctx)
    date, precision, published = _date_choice(members)
    notes: list[str] = []
    time_precision = None
    if precision is not None:
        time_precision = 2 if published else _TIME_PRECISION[precision]
    if published:
        notes.append("no source dates it: the publication date stands in (time precision 2)")
    dates = sorted({e.date for e in events if e.date})
    if len(dates) > 1:
        notes.append("sources give different dates: " + ", ".join(dates))
    if len(places) > 1:
        notes.append("sources name different places: " + ", ".join(places))
    sources: list[EventSource] = []
    seen: set[tuple[str, int]] = set()
    for e in events:
        if (e.article, e.sentence) in seen:
            continue
        seen.add((e.article, e.sentence))
        article = ctx.articles.get(e.article)
        credit = sentence_credit(ctx.sentence_text.get((e.article, e.sentence), ""))
        credit = credit or (article_credit(article) if article is not None else None)
        sources.append(EventSource(article=e.article, sentence=e.sentence, outlet=article.outlet if article else None,
                                   event=e.id, date=e.date, copy_of=credit.agency if credit else None))
    copies = _copy_sources(sources, ctx)
    outlet_of = {a: (ctx.articles[a].outlet if a in ctx.articles else None) for a in {s.article for s in sources}}
    figures = event_figures([q for s in sources for q in quantities.get((s.article, s.sentence), [])],
                            ctx.sentence_text, outlet_of)
    notes += [f.note for f in figures if f.note]
    all_sources = sources + copies
    independent = {_independent_key(s.article, s.sentence, ctx) for s in sources}
    return FusedEvent(
        id=f"FE{n}", type=kind, trigger=representative.trigger,
        actor1=_vote_actor([e.source for e in events], ctx), actor2=_vote_actor([e.target for e in events], ctx),
        place=place.name if place is not None else place_name, place_entity=place.entity if place else None,
        lat=place.lat if place else None, lon=place.lon if place else None, country=place.country if place else None,
        geonames_id=place.geonames_id if place else None,
        geo_precision=_geo_precision(place, place_name or "", events, ctx),
        date=date, date_precision=precision, time_precision=time_precision, dates=dates,
        events=[e.id for e in events], sources=all_sources,
        outlets=list(dict.fromkeys(s.outlet or s.article for s in all_sources)),
        independent_sources=len(independent),
        claims=list(dict.fromkeys(c for s in sources if (c := claim_ids.get((s.article, s.sentence))) is not None)),
        figures=figures, notes=notes,
    )


def prepare(
    events: Sequence[Event],
    claim_ids: dict[tuple[str, int], str],
    places: Sequence[Place],
    entities: Sequence[Entity],
    timeline: Sequence[TimelineEntry],
    articles: Sequence[Article],
) -> tuple[list[_Member], _Context]:
    """The events with their dates and claims, and the lookups fusion needs (also what the fit script reads)."""
    precision_of = {(t.article, t.sentence, t.date): t.precision for t in timeline}
    for t in timeline:
        for src in t.sources:
            precision_of.setdefault((src.article, src.sentence, src.date), t.precision)
    by_name: dict[str, list[Place]] = defaultdict(list)
    for place in places:
        by_name[place.name].append(place)
    sentence_text = {(a.id, s.index): s.text for a in articles for s in a.sentences}
    entities_in: dict[tuple[str, int], set[str]] = defaultdict(set)
    for entity in entities:
        for mention in entity.mentions:
            entities_in[(mention.article, mention.sentence)].add(entity.id)
    with_events = {(e.article, e.sentence) for e in events}
    ctx = _Context(
        articles={a.id: a for a in articles},
        order={a.id: n for n, a in enumerate(articles)},
        names={e.id: {_head_word(v) for v in e.variants} | {_head_word(e.name)} for e in entities},
        entities={e.id: e for e in entities},
        places=dict(by_name),
        mentioned={(e.id, m.article, m.sentence) for e in entities for m in e.mentions},
        sentence_text=sentence_text,
        entities_in=dict(entities_in),
        words={key: content_words(sentence_text.get(key, "")) for key in with_events},
        model=load_model(),
    )
    members: list[_Member] = []
    for event in events:
        precision: Precision | None = None
        published = False
        day = None
        if event.date is not None:
            precision = precision_of.get((event.article, event.sentence, event.date))
            published = precision is None
            try:
                day = dt.date.fromisoformat(event.date[:10])
            except ValueError:
                day = None
            precision = precision or "day"
        members.append(_Member(event, _family(event.type), _Dated(day, precision, published),
                               claim_ids.get((event.article, event.sentence))))
    return members, ctx


@collector_paused()
def fuse_events(
    events: Sequence[Event],
    claims: Sequence[Claim],
    quantities: Sequence[Quantity],
    places: Sequence[Place],
    entities: Sequence[Entity],
    timeline: Sequence[TimelineEntry],
    articles: Sequence[Article],
) -> list[FusedEvent]:
    """Stage: one :class:`FusedEvent` per real-world event (ids ``FE1``, ``FE2`` ... in order of first report)."""
    claim_ids: dict[tuple[str, int], str] = {}
    for claim in claims:
        if len(claim.sentences) > 1:
            for ref in claim.sentences:
                claim_ids.setdefault((ref.article, ref.sentence), claim.id)
    members, ctx = prepare(events, claim_ids, places, entities, timeline, articles)
    by_quantity: dict[tuple[str, int], list[Quantity]] = defaultdict(list)
    for quantity in quantities:
        by_quantity[(quantity.article, quantity.sentence)].append(quantity)
    groups = cluster_members(members, ctx)
    return [_fused(n, g, ctx, claim_ids, by_quantity) for n, g in enumerate(groups, 1)]
