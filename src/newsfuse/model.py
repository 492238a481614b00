"""The typed core model shared by every stage.

Everything that crosses a stage boundary is one of these classes.  They are
pydantic models so that the same definitions give validation, JSON output and
the JSON Schema shipped as ``schema/briefing.schema.json``.

Two layers live here:

* the *public* briefing objects (``Article``, ``Entity``, ``Quote`` ...) that
  end up in ``briefing.json``;
* the *analysis* objects (``Token``, ``ParsedSentence``, ``ParsedArticle``)
  that the NLP stage produces once per article.  They are what every later
  stage reads instead of a spaCy ``Doc``, so that spaCy stays inside
  ``newsfuse.nlp`` and the stages can be unit-tested on hand-built input.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, field_validator
from pydantic_core import core_schema

EntityType = Literal["person", "org", "place", "other"]
Precision = Literal["day", "week", "month", "year"]


_REQUIRED = object()


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _refuse_unserialisable(value: object) -> object:
    """Refuse a string JSON cannot hold (a lone surrogate), at construction rather than at serialisation.

    Found late, such a string fails the whole briefing when it is written; found here, it fails the
    one input that carried it.  Ingestion cleans its strings first (``newsfuse.ingest.safety``).
    """
    strings = value if isinstance(value, list) else [value]
    for text in strings:
        if isinstance(text, str):
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise ValueError(f"text holds a lone surrogate {text[exc.start]!r} that JSON cannot encode") from None
    return value


class _InputModel(_Model):
    """A model built from user input: every string field must be serialisable."""

    _check_strings = field_validator("*", mode="after")(_refuse_unserialisable)


# --------------------------------------------------------------------------- articles


class DroppedLine(_InputModel):
    """A line removed from an article body as page furniture (or a metadata value that was ignored), and why."""

    text: str
    reason: str


class Sentence(_Model):
    """A sentence of an article body; ``start``/``end`` are offsets into ``Article.body``."""

    index: int
    text: str
    start: int
    end: int


class Article(_InputModel):
    id: str
    path: str
    title: str | None = None
    outlet: str | None = None
    authors: list[str] = Field(default_factory=list)
    published: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD or null")
    url: str | None = None
    body: str
    dropped: list[DroppedLine] = Field(default_factory=list)
    sentences: list[Sentence] = Field(default_factory=list)
    summary_only: bool = Field(
        default=False, description="True for a feed entry that carried only a summary, not the full text"
    )
    duplicate_of: str | None = Field(
        default=None, description="id of the article this one is a syndicated/near-duplicate copy of"
    )
    added: str | None = Field(default=None, description="YYYY-MM-DD the article entered the store (stored stories)")


class Skipped(_InputModel):
    """An input that did not become an article, with a one-line reason."""

    path: str
    reason: str


# --------------------------------------------------------------------------- NLP analysis


class Token(NamedTuple):
    """One token of a parsed sentence.  ``i`` and ``head`` index into the sentence's tokens; ``idx`` is the
    character offset into ``Article.body``.

    A named tuple rather than a pydantic model: a 2,000-article run holds close to a million tokens, and a
    model instance (its own ``__dict__`` and fields-set) costs about 1.4 KB and microseconds to validate,
    a tuple about 140 bytes and nothing.  Inside ``ParsedSentence`` it still validates from and serialises to
    the same JSON object as before (:meth:`__get_pydantic_core_schema__`), so stored analyses keep their
    format; ``model_copy``/``model_dump`` keep the calls written against the model working.
    """

    i: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    idx: int
    ws: bool = True
    ent_iob: str = "O"
    ent_type: str = ""
    like_num: bool = False

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Token:
        return self._replace(**update) if update else self

    def model_dump(self) -> dict[str, Any]:
        return self._asdict()

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        def field(schema: core_schema.CoreSchema, default: object = _REQUIRED) -> core_schema.TypedDictField:
            if default is _REQUIRED:
                return core_schema.typed_dict_field(schema)
            return core_schema.typed_dict_field(core_schema.with_default_schema(schema, default=default),
                                                required=False)

        text, number, flag = core_schema.str_schema(), core_schema.int_schema(), core_schema.bool_schema()
        as_object = core_schema.typed_dict_schema(
            {"i": field(number), "text": field(text), "lemma": field(text), "pos": field(text),
             "tag": field(text), "dep": field(text), "head": field(number), "idx": field(number),
             "ws": field(flag, True), "ent_iob": field(text, "O"), "ent_type": field(text, ""),
             "like_num": field(flag, False)},
            extra_behavior="forbid",
        )
        from_object = core_schema.no_info_after_validator_function(lambda fields: cls(**fields), as_object)
        return core_schema.json_or_python_schema(
            json_schema=from_object,
            # a Token is taken as it is: the parser and hand-built test input make them, already typed
            python_schema=core_schema.union_schema([core_schema.is_instance_schema(cls), from_object]),
            serialization=core_schema.plain_serializer_function_ser_schema(cls._asdict, return_schema=as_object),
        )


class Mention(_Model):
    """A named-entity mention.  ``start``/``end`` are character offsets into ``Article.body``."""

    article: str
    sentence: int
    text: str
    start: int
    end: int
    label: str = Field(description="NER label as given by the model (PERSON, GPE, ORG ...)")
    type: EntityType = "other"


class ParsedSentence(_Model):
    index: int
    text: str
    start: int
    end: int
    tokens: list[Token]


class ParsedArticle(_Model):
    """What the NLP stage knows about one article: sentences, tokens and NER mentions."""

    article: str
    sentences: list[ParsedSentence]
    mentions: list[Mention]


# --------------------------------------------------------------------------- extracted facts


class MentionRef(_Model):
    article: str
    sentence: int
    text: str
    start: int | None = Field(default=None, description="character offset into Article.body")
    end: int | None = None


class Entity(_Model):
    id: str
    name: str
    type: EntityType
    variants: list[str]
    mentions: list[MentionRef]


class Place(_Model):
    entity: str
    name: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    geonames_id: int | None = None
    feature: str | None = None
    confidence: float = 0.0
    admin1: str | None = None
    population: int | None = None
    resolved: bool = False
    role: Literal["location", "actor"] = "location"
    note: str | None = None
    also_entities: list[str] = Field(
        default_factory=list, description="other entities that name the same GeoNames place (e.g. Vatican, Holy See)"
    )


class Quote(_Model):
    speaker: str | None
    speaker_entity: str | None = None
    text: str
    direct: bool
    article: str
    sentence: int
    cue: str | None = Field(default=None, description="the verb or phrase that introduces the quote")
    kind: Literal["direct", "partial", "indirect"] | None = Field(
        default=None,
        description="direct: all in quotation marks; partial: a reported clause holding a quotation; "
        "indirect: reported speech without quotation marks",
    )


class NormalizedValue(_Model):
    value: float | None
    unit: str | None


class Quantity(_Model):
    text: str
    value: float | None
    unit: str | None
    normalized: NormalizedValue
    article: str
    sentence: int
    low: float | None = None
    high: float | None = None
    approximate: bool = False
    bound: Literal["low", "low_exclusive", "high", "high_exclusive", "high_approx", "approx", "range"] | None = None
    conversion: str | None = Field(default=None, description="parenthesised conversion as written, e.g. '50 miles'")
    measures: str | None = Field(default=None, description="what the number counts or measures")
    window: str | None = Field(default=None, description="time window the figure covers, as written")
    source: str | None = Field(default=None, description="who the figure is attributed to")


class SentenceRef(_Model):
    article: str
    sentence: int
    text: str


class ConflictSide(_Model):
    """One version of a disputed fact: the sentence, its outlet, the value it gives and who it cites."""

    article: str
    sentence: int
    outlet: str
    value: str = Field(description="the slot's value as written, e.g. '45 civilians', '2003', 'denies'")
    source: str | None = Field(default=None, description="who the sentence attributes the fact to")


class Conflict(_Model):
    claim: str
    reason: str
    slot: str | None = Field(default=None, description="what differs: a figure's measure, 'year', 'polarity' ...")
    sides: list[ConflictSide] = Field(
        default_factory=list, description="this claim's version first, then the other claim's"
    )


class Claim(_Model):
    id: str
    text: str
    articles: list[str]
    support: int = Field(description="number of independent outlets")
    sentences: list[SentenceRef]
    conflicts: list[Conflict] = Field(default_factory=list)
    single_source: bool = False
    notes: list[str] = Field(default_factory=list, description="e.g. why two figures are not a conflict")
    outlets: list[str] = Field(default_factory=list, description="outlets carrying the claim, independent or not")
    copied: list[str] = Field(
        default_factory=list,
        description="outlets whose sentence repeats another outlet's word for word (agency copy): not counted",
    )
    copies: list[AgencyCopy] = Field(
        default_factory=list,
        description="groups of outlets that carried one copy of the claim's text, and whom it is from when the text says",
    )


class TimelineSource(_Model):
    """One sentence that dates the entry's fact, and its outlet."""

    article: str
    sentence: int
    outlet: str | None = None
    date: str = Field(description="the date this sentence gives, YYYY-MM-DD (may differ from the entry's)")


class TimelineEntry(_Model):
    date: str
    precision: Precision
    text: str
    article: str
    sentence: int
    expression: str | None = None
    claim: str | None = Field(default=None, description="the claim whose fact this entry dates, when fused")
    sources: list[TimelineSource] = Field(
        default_factory=list, description="every sentence that dates this fact (fused entries); [] otherwise"
    )
    outlets: list[str] = Field(default_factory=list, description="outlets that report the fact (fused entries)")
    event: str | None = Field(default=None, description="the fused event (FusedEvent.id) this entry dates, when fused")


class Citation(_Model):
    article: str
    sentence: int


class SummarySentence(_Model):
    text: str
    citations: list[Citation]


class EventActor(_Model):
    text: str
    entity: str | None = None


class Event(_Model):
    """Who did what to whom, where and when: one coded event."""

    id: str
    type: str
    trigger: str
    source: EventActor | None = None
    target: EventActor | None = None
    place: str | None = None
    date: str | None = None
    article: str
    sentence: int


class Story(_Model):
    """A group of articles about one real-world event or developing situation."""

    id: str
    title: str
    articles: list[str]
    outlets: list[str]
    independent_outlets: int
    first_seen: str | None = None
    last_seen: str | None = None


class Briefing(_Model):
    newsfuse_version: str
    reference_date: str | None = None
    new_since: str | None = Field(
        default=None, description="YYYY-MM-DD: articles whose `added` is on or after it are new (--new-since)"
    )
    articles: list[Article] = Field(default_factory=list)
    skipped: list[Skipped] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)
    summary: list[SummarySentence] = Field(default_factory=list)
    summary_rejected: list[str] = Field(
        default_factory=list, description="abstractive summary sentences dropped because their citations did not support them"
    )
    events: list[Event] = Field(default_factory=list)
    independent_outlets: int = 0
    fused_events: list[FusedEvent] = Field(
        default_factory=list, description="one event per real-world event, fused across sentences and outlets"
    )
    what_changed: WhatChanged | None = Field(
        default=None, description="with new_since: the facts, disputes and figures added or changed since that day"
    )


# --------------------------------------------------------------------------- fused outputs (issue 10)


class AgencyCopy(_Model):
    """Outlets that carried one copy of a claim's text (word for word, or credited to one agency)."""

    source: str | None = Field(
        default=None, description="the agency the text credits ('Reuters'), else null: the text does not say"
    )
    evidence: str | None = Field(default=None, description="the words that credit it, e.g. 'KYIV (Reuters) -'")
    outlets: list[str] = Field(description="outlets that carried the copy, in order of first appearance")
    articles: list[str] = Field(default_factory=list, description="ids of the articles carrying it")


class EventSource(_Model):
    """One sentence that reports a fused event."""

    article: str
    sentence: int
    outlet: str | None = None
    event: str | None = Field(default=None, description="the sentence-level Event id; null for a copy's sentence")
    date: str | None = Field(default=None, description="the date this sentence gives the event, YYYY-MM-DD")
    copy_of: str | None = Field(default=None, description="the agency or outlet this sentence copies, when known")


class FigureReport(_Model):
    """One source's figure for a fused event's count."""

    article: str
    sentence: int
    outlet: str | None = None
    text: str = Field(description="the figure as written, e.g. 'at least 12 people'")
    value: float


class EventFigure(_Model):
    """A count the sources give for one event (fatalities, injured ...): every version and the one coded."""

    measure: str = Field(description="what is counted: 'fatalities', 'injured', or the figure's own measure")
    low: float = Field(description="lowest figure any source gives")
    high: float = Field(description="highest figure any source gives")
    conservative: float = Field(description="the figure coded, the lowest reported (ACLED's convention)")
    disputed: bool = Field(description="true when the sources give different figures")
    reports: list[FigureReport] = Field(default_factory=list)
    note: str | None = None


class FusedEvent(_Model):
    """One real-world event, coded once from every sentence and outlet that reports it (ACLED-like)."""

    id: str
    type: str = Field(description="event category (PLOVER)")
    trigger: str = Field(description="the words of the representative sentence that code it")
    actor1: EventActor | None = Field(default=None, description="who acted; canonical entity name when linked")
    actor2: EventActor | None = Field(default=None, description="who or what was acted upon")
    place: str | None = None
    place_entity: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    geonames_id: int | None = None
    geo_precision: int | None = Field(
        default=None, description="ACLED-like: 1 the town itself, 2 near a town or a small area, 3 a region or country"
    )
    date: str | None = None
    date_precision: Precision | None = None
    time_precision: int | None = Field(
        default=None, description="ACLED-like: 1 the day is known, 2 the week or a few days, 3 only the month or year"
    )
    dates: list[str] = Field(default_factory=list, description="every distinct date the sources give")
    events: list[str] = Field(default_factory=list, description="ids of the sentence-level events fused here")
    sources: list[EventSource] = Field(default_factory=list)
    outlets: list[str] = Field(default_factory=list, description="every outlet that reports it, copies included")
    independent_sources: int = Field(default=0, description="outlets and agencies counted once")
    claims: list[str] = Field(default_factory=list, description="claims whose sentences report it")
    figures: list[EventFigure] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


# --------------------------------------------------------------------------- what changed (issue 15)


class Change(_Model):
    """One fact, dispute or figure that articles added since ``WhatChanged.since`` brought or changed."""

    kind: Literal["fact", "dispute", "figure"]
    status: Literal["added", "changed"] = Field(
        description="added: every source of it is new; changed: it was known, a new article adds to it or disputes it"
    )
    ref: str = Field(description="what it points at: a claim id (facts, disputes), 'q<index>' into quantities or an "
                                 "event id (figures)")
    text: str = Field(description="the fact, the disputed slot with its versions, or the figure as written")
    articles: list[str] = Field(default_factory=list, description="the new articles behind the change")
    outlets: list[str] = Field(default_factory=list, description="their outlets")


class WhatChanged(_Model):
    """What articles added on or after ``since`` brought to the briefing (``newsfuse brief --new-since``)."""

    since: str = Field(description="YYYY-MM-DD, the same day as Briefing.new_since")
    new_articles: list[str] = Field(default_factory=list, description="ids of the articles added on or after it")
    changes: list[Change] = Field(default_factory=list)


# Claim and Briefing name classes defined after them: resolve those names now, not on first use.
Claim.model_rebuild()
Briefing.model_rebuild()
