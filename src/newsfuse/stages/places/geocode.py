"""Stage: geocode place entities against an offline GeoNames gazetteer.

Reads ``Briefing.entities`` and ``ParsedArticle``; writes ``Briefing.places``.

Which entities are places: every entity of type "place", an ORG/PERSON
entity only when the small NER model plainly mis-tagged a town (see
``_mistagged_place``: a big city, a town after "in"/"near", or a town that
modifies a word for its people, "Ashland woman"), the town an organisation
is named after ("Mansfield Police Department", in the document's country), and
a demonym's country ("Sudanese", see :mod:`.recall`, which also reads a local
paper's home town from its outlet name for the briefing's context).
What the text says around a name ("Buffalo, New York", "the state of
Washington") narrows its readings (see :mod:`.qualifiers`).  All place names of the briefing are resolved together
(:func:`newsfuse.gazetteer.resolve.resolve_names`) so they share one focus
country.  A name the gazetteer cannot place is still listed, unresolved.

Metonymy: a place name that is the subject of a speech or decision verb
("Moscow denied", "Kyiv has asked") stands for its government; such a place
gets ``role="actor"`` and keeps its coordinates.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import Literal

from ...gazetteer import DocumentContext, Gazetteer, NameQuery, Resolution, open_gazetteer, resolve_names
from ...model import Article, Entity, Mention, ParsedArticle, ParsedSentence, Place
from .qualifiers import NameHints, text_hints
from .recall import demonym_country, home_queries, modifies_land, with_homes

#: Lemmas of verbs whose subject, if a place name, means the government or people there.
ACTOR_VERBS = frozenset({
    "say", "deny", "claim", "announce", "warn", "accuse", "insist", "reject", "ask", "demand", "confirm",
    "respond", "threaten", "vow", "urge", "condemn", "refuse", "blame", "call", "state", "pledge", "promise",
    "order", "approve", "decide", "agree", "sanction", "retaliate", "protest", "criticise", "criticize",
    "dismiss", "welcome", "argue", "tell", "report", "declare", "expel", "recognise", "recognize",
})
_LOCATIVE_PREPOSITIONS = frozenset({"in", "near", "at", "from", "outside", "around", "into", "towards", "toward",
                                    "across", "to"})
# Prepositions that take places, not organisations: "sold to X", "made by X", "news from X" take either.
_PLAINLY_LOCATIVE = frozenset({"in", "near", "at", "outside", "around", "into", "across", "inside"})
_MISTAGGED_TYPES = frozenset({"org", "person"})
_BIG_PLACE = 100_000


def _mention_index(parsed: Sequence[ParsedArticle]) -> dict[tuple[str, int, str], list[Mention]]:
    index: dict[tuple[str, int, str], list[Mention]] = {}
    for doc in parsed:
        for m in doc.mentions:
            index.setdefault((m.article, m.sentence, m.text), []).append(m)
    return index


class _SentenceOffsets:
    """Token start offsets of each sentence, built once per sentence (tokens are in text order).

    Finding a mention's tokens by bisection keeps the stage linear in its input: scanning the whole
    sentence for every mention made a 40,000-character run-on sentence quadratic.
    """

    def __init__(self) -> None:
        self._by_sentence: dict[int, tuple[ParsedSentence, list[int]]] = {}

    def tokens_in(self, sentence: ParsedSentence, start: int, end: int) -> range:
        key = id(sentence)
        cached = self._by_sentence.get(key)
        if cached is None or cached[0] is not sentence:
            cached = (sentence, [t.idx for t in sentence.tokens])
            self._by_sentence[key] = cached
        offsets = cached[1]
        return range(bisect_left(offsets, start), bisect_left(offsets, end))


def _span_head(sentence: ParsedSentence, start: int, end: int, offsets: _SentenceOffsets | None = None) -> int | None:
    """Index of the token heading the character span (its head lies outside the span)."""
    positions = (offsets or _SentenceOffsets()).tokens_in(sentence, start, end)
    if not positions:
        return None
    tokens = sentence.tokens
    first, stop = positions.start, positions.stop
    for n in positions:
        tok = tokens[n]
        # Token ``i`` equals its list position, so "inside the span" is a range test, not a set.
        if not (first <= tok.head < stop) or tok.head == tok.i:
            return tok.i
    return None


def _mention_heads(entity: Entity, parsed: dict[str, ParsedArticle],
                   mentions: dict[tuple[str, int, str], list[Mention]],
                   offsets: _SentenceOffsets | None = None) -> list[tuple[ParsedSentence, int]]:
    offsets = offsets or _SentenceOffsets()
    out = []
    # One pass per distinct (article, sentence, text): an entity named 1,000 times in one sentence has 1,000
    # references to the same 1,000 mentions, and pairing them all would be quadratic.
    for article, sentence_no, text in dict.fromkeys((r.article, r.sentence, r.text) for r in entity.mentions):
        doc = parsed.get(article)
        found = mentions.get((article, sentence_no, text))
        if doc is None or not found or sentence_no >= len(doc.sentences):
            continue
        sentence = doc.sentences[sentence_no]
        for m in found:
            head = _span_head(sentence, m.start, m.end, offsets)
            if head is not None:
                out.append((sentence, head))
    return out


def is_actor_use(sentence: ParsedSentence, head: int) -> bool:
    """True when the token is the nominal subject of a speech/decision verb."""
    tok = sentence.tokens[head]
    if tok.dep not in ("nsubj", "nsubjpass") or tok.head == tok.i:
        return False
    return sentence.tokens[tok.head].lemma.casefold() in ACTOR_VERBS


def _is_locative(sentence: ParsedSentence, head: int, prepositions: frozenset[str] = _LOCATIVE_PREPOSITIONS) -> bool:
    tok = sentence.tokens[head]
    if tok.dep != "pobj":
        return False
    return sentence.tokens[tok.head].lemma.casefold() in prepositions


def _person_like(entity: Entity) -> bool:
    # "Oleh Petrenko": two or more capitalised words is how people are written; towns are mostly one word.
    words = entity.name.split()
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


def _mistagged_place(entity: Entity, res: Resolution, ctx: DocumentContext,
                     heads: list[tuple[ParsedSentence, int]]) -> bool:
    """Conservative: a resolved populated place of the focus country, by its own name, not person-like,
    and either big or used after a locative preposition at least once."""
    entry = res.entry
    if entry is None or ctx.focus_country is None or _person_like(entity):
        return False
    if not entry.feature.startswith("P.") or entry.country != ctx.focus_country or entry.match_kind != 0:
        return False
    # "Cisco" the company shares its name with a town: below city size only "in X", "from X" make an
    # organisation or a person a place; a big city the NER mistagged (a dateline's "NORWICH") still is one.
    return entry.population >= _BIG_PLACE or any(_is_locative(s, h) or _is_place_modifier(s, h) for s, h in heads)


# Nouns a town's name modifies in headlines and local news: "Alexandria woman charged", "Hinton residents".
_PEOPLE_OF_A_PLACE = frozenset({
    "woman", "man", "resident", "teen", "teenager", "boy", "girl", "family", "couple", "student", "native",
    "police", "officer", "official", "mayor", "council", "school", "business", "home", "homeowner", "driver",
})


def _is_place_modifier(sentence: ParsedSentence, head: int) -> bool:
    """The name modifies a noun for people or bodies of a place ("Alexandria woman"), as towns do."""
    tok = sentence.tokens[head]
    if tok.dep not in ("compound", "nmod", "npadvmod") or tok.head == tok.i:
        return False
    return sentence.tokens[tok.head].lemma.casefold() in _PEOPLE_OF_A_PLACE


def _organisation_like(res: Resolution, heads: list[tuple[ParsedSentence, int]]) -> bool:
    """A town below city size that acts ("X said", "X has promised") and is never plainly a location.

    Metonymy is for capitals and big cities ("Moscow denied"); a small town that states, files and
    promises is an organisation named like it ("Cisco states that ...").
    """
    entry = res.entry
    if entry is None or not entry.feature.startswith("P.") or entry.population >= _BIG_PLACE:
        return False
    if not heads or any(_is_locative(s, h, _PLAINLY_LOCATIVE) for s, h in heads):
        return False
    return any(is_actor_use(s, h) for s, h in heads)


def _place(entity: Entity, res: Resolution, heads: list[tuple[ParsedSentence, int]], note: str | None) -> Place:
    actor = sum(is_actor_use(s, h) for s, h in heads)
    role: Literal["location", "actor"] = "actor" if heads and actor * 2 > len(heads) else "location"
    notes = [n for n in (note, res.note) if n]
    if actor and role == "actor":
        notes.append(f"used for its government or people in {actor} of {len(heads)} mentions")
    entry = res.entry
    if entry is None:
        return Place(entity=entity.id, name=entity.name, resolved=False, role=role, note="; ".join(notes) or None)
    return Place(
        entity=entity.id,
        name=entry.name,
        lat=entry.lat,
        lon=entry.lon,
        country=entry.country or None,
        geonames_id=entry.geonameid,
        feature=entry.feature,
        confidence=res.confidence,
        admin1=entry.admin1,
        population=entry.population or None,
        resolved=True,
        role=role,
        note="; ".join(notes) or None,
    )


# Words that make a name an organisation's of a place: "Mansfield Police Department", "Ogden City Council".
_ORGANISATION_WORDS = frozenset({
    "police", "department", "sheriff", "sheriff's", "council", "county", "city", "fire", "school", "schools",
    "district", "board", "hospital", "university", "college", "court", "airport", "library", "museum",
    "chamber", "club", "times", "herald", "gazette", "tribune", "post", "press",
})
_MAX_PLACE_WORDS = 3


def _leading_place_name(name: str) -> str | None:
    """"Mansfield Police Department" -> "Mansfield": the words before the first organisation word."""
    words = name.split()
    for n, word in enumerate(words):
        if word.lower() in _ORGANISATION_WORDS:
            if 1 <= n <= _MAX_PLACE_WORDS and all(w[:1].isupper() for w in words[:n]):
                return " ".join(words[:n])
            return None
    return None


def _places_inside_organisations(gazetteer: Gazetteer, organisations: Sequence[Entity], ctx: DocumentContext,
                                 done: set[str]) -> list[Place]:
    """The town an organisation is named after, when the document's country holds it.

    The organisation stays an organisation; its place is added under the same entity, so a story about
    the "Mansfield Police Department" puts Mansfield on the map.
    """
    named = [(e, leading) for e in organisations if e.id not in done and (leading := _leading_place_name(e.name))]
    if not named:
        return []
    found, _ = resolve_names(gazetteer, [NameQuery(leading, len(e.mentions)) for e, leading in named], context=ctx)
    out = []
    for (entity, leading), res in zip(named, found, strict=True):
        entry = res.entry
        if entry is None or entry.country != ctx.focus_country or entry.feature == "A.PCLI":
            continue
        note = f"named inside the organisation {entity.name!r}"
        out.append(_place(entity, res, [], note))
    return out


def _query(entity: Entity, hints: dict[str, NameHints]) -> NameQuery:
    """The entity's name with what its mentions' surroundings say (see :mod:`.qualifiers`)."""
    merged = NameHints()
    for text in dict.fromkeys(ref.text for ref in entity.mentions):
        found = hints.get(text)
        if found is not None:
            merged.within.update(found.within)
            merged.region_votes += found.region_votes
            merged.mentions += found.mentions
    return NameQuery(entity.name, len(entity.mentions), within=merged.qualifier(), region=merged.asks_region())


def _demonym_places(gazetteer: Gazetteer, others: Sequence[Entity], by_article: dict[str, ParsedArticle],
                    mentions: dict[tuple[str, int, str], list[Mention]], offsets: _SentenceOffsets) -> list[Place]:
    """A country named by its demonym: a location on its land ("Sudanese soil"), else its people (actor)."""
    out = []
    for entity in others:
        country = demonym_country(gazetteer, entity.name)
        if country is None:
            continue
        heads = _mention_heads(entity, by_article, mentions, offsets)
        on_land = sum(modifies_land(s, h) for s, h in heads)
        res = Resolution(query=NameQuery(entity.name, len(entity.mentions)), entry=country, confidence=1.0)
        place = _place(entity, res, [], f"the demonym of {country.name}")
        if not on_land:
            place.role = "actor"
            place.note = f"{place.note}; used for its people or forces, not a location"
        out.append(place)
    return out


def geocode_with(
    gazetteer: Gazetteer, entities: Sequence[Entity], parsed: Sequence[ParsedArticle], *, one_per_id: bool = True,
    outlets: Sequence[str | None] = (),
) -> list[Place]:
    """:func:`geocode` with an explicit gazetteer (tests pass a fixture).

    ``one_per_id=False`` keeps a place per entity even when several share a GeoNames id (the end-to-end
    benchmark scores every mention's resolution).  ``outlets`` are the articles' outlet names: a local
    paper's home town (see :mod:`.recall`) joins the names that set the briefing's country and regions.
    """
    by_article = {p.article: p for p in parsed}
    mentions = _mention_index(parsed)
    offsets = _SentenceOffsets()
    places_in = [e for e in entities if e.type == "place"]
    maybe = [e for e in entities if e.type in _MISTAGGED_TYPES]
    hints = text_hints(gazetteer, parsed)
    queries = [_query(e, hints) for e in places_in]
    homes = home_queries(outlets)
    resolutions, ctx = resolve_names(gazetteer, queries + homes)
    # The homes are read in the briefing's context, then name their regions for it; no places themselves.
    home_ctx = with_homes(ctx, [r.entry for r in resolutions[len(queries):]])
    resolutions = resolutions[: len(queries)]
    if home_ctx is not ctx:
        ctx = home_ctx
        resolutions, _ = resolve_names(gazetteer, queries, context=ctx)
    places = []
    for entity, res in zip(places_in, resolutions, strict=True):
        heads = _mention_heads(entity, by_article, mentions, offsets)
        if _organisation_like(res, heads):
            assert res.entry is not None
            note = (f"only a small place ({res.entry.name}, {res.entry.country}) matches, and it acts (says,"
                    " decides) but is never a location: likely an organisation of that name")
            res = Resolution(query=res.query, entry=None, note=note, candidates=res.candidates)
        places.append(_place(entity, res, heads, None))
    if maybe and ctx.focus_country is not None:
        extra, _ = resolve_names(gazetteer, [_query(e, hints) for e in maybe], context=ctx)
        for entity, res in zip(maybe, extra, strict=True):
            heads = _mention_heads(entity, by_article, mentions, offsets)
            if _mistagged_place(entity, res, ctx, heads):
                note = f"tagged {entity.type.upper()} by the NER model; the gazetteer and its context say place"
                places.append(_place(entity, res, heads, note))
    if maybe and ctx.focus_country is not None:
        places += _places_inside_organisations(gazetteer, maybe, ctx, {p.entity for p in places})
    count = {e.id: len(e.mentions) for e in entities}
    places.sort(key=lambda p: (-count.get(p.entity, 0), p.name))
    # After the named places: a country named by name ("Ukraine") stays the map's entry for it, and its
    # demonym ("Ukrainian", often more frequent) joins it as another entity naming it.
    demonyms = _demonym_places(gazetteer, [e for e in entities if e.type == "other"], by_article, mentions, offsets)
    places += sorted(demonyms, key=lambda p: (-count.get(p.entity, 0), p.name))
    return one_place_per_id(places, {e.id: e for e in entities}) if one_per_id else places


def one_place_per_id(places: Sequence[Place], entities: dict[str, Entity]) -> list[Place]:
    """Keep one place per GeoNames id: the most mentioned entity's, noting the other entities that name it.

    "Vatican" and "the Holy See", or "Armenia" and "the Embassy of the Republic of Armenia", are different
    entities (the entities stage joins only names that are the same referent) but one point on the map.
    ``places`` must be sorted by preference, most mentioned first (demonym places after the named ones).
    """
    first: dict[int, int] = {}
    others: dict[int, list[str]] = {}
    out: list[Place] = []
    for place in places:
        if place.geonames_id is None:
            out.append(place)
        elif place.geonames_id in first:
            entity = entities.get(place.entity)
            others[place.geonames_id].append(f"{place.entity} {entity.name if entity else place.name!r}")
            out[first[place.geonames_id]].also_entities.append(place.entity)
        else:
            first[place.geonames_id] = len(out)
            others[place.geonames_id] = []
            out.append(place)
    for geonames_id, named in others.items():
        if named:
            kept = out[first[geonames_id]]
            also = "also named by " + ", ".join(named)
            kept.note = f"{kept.note}; {also}" if kept.note else also
    return out


def geocode(entities: Sequence[Entity], parsed: Sequence[ParsedArticle], articles: Sequence[Article]) -> list[Place]:
    """Stage entry point: resolve the briefing's place entities with the process-wide gazetteer."""
    if not any(e.type in ("place", "other", *_MISTAGGED_TYPES) for e in entities):
        return []
    return geocode_with(open_gazetteer(), entities, parsed, outlets=[a.outlet for a in articles])
