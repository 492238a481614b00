"""The pipeline: which stage runs when, and what each one reads and writes.

A :class:`Workspace` carries the typed state of one briefing run.  Each
:class:`Stage` names the workspace fields it reads and writes and wraps one
stage function from a :mod:`newsfuse.stages` package (or :mod:`newsfuse.nlp`); most return
new objects, while syndication and the NLP stage update the run's own copies of
the articles (``duplicate_of``, ``sentences``).  :func:`check_order` verifies at
import time that every field a stage reads was written before it, so a
mis-ordered pipeline fails at once rather than with an empty table.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields

from . import nlp
from .model import (
    Article,
    Claim,
    Entity,
    Event,
    FusedEvent,
    ParsedArticle,
    Place,
    Quantity,
    Quote,
    Sentence,
    Skipped,
    SummarySentence,
    TimelineEntry,
)
from .options import BriefingOptions
from .stages import claims, entities, events, figures, places, quotes, summary, syndication, timeline
from .stages.claims import EncodeAhead


@dataclass
class Workspace:
    articles: list[Article]
    skipped: list[Skipped] = field(default_factory=list)
    options: BriefingOptions = field(default_factory=BriefingOptions)
    parsed: list[ParsedArticle] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    summary: list[SummarySentence] = field(default_factory=list)
    summary_rejected: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    fused_events: list[FusedEvent] = field(default_factory=list)
    #: the background encoder started after the parse (options.encode_ahead), stopped by the encoder stage
    encode_ahead: EncodeAhead | None = None
    #: the articles the nlp stage parsed in this run (the others came with stored analyses, and vectors)
    newly_parsed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Stage:
    name: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    run: Callable[[Workspace], None]


def _parse(ws: Workspace) -> None:
    # Articles parsed earlier (e.g. loaded from the store) are not parsed again.
    done = {p.article for p in ws.parsed}
    todo = [a for a in ws.articles if a.id not in done]
    if todo:  # nothing left to parse (stored story, Dask runner): the model is not even loaded
        ws.parsed = ws.parsed + nlp.parse_articles(todo)
    ws.newly_parsed = [a.id for a in todo]
    order = {a.id: n for n, a in enumerate(ws.articles)}
    ws.parsed.sort(key=lambda p: order.get(p.article, len(order)))
    by_id = {p.article: p for p in ws.parsed}
    for article in ws.articles:
        doc = by_id[article.id]
        article.sentences = [Sentence(index=s.index, text=s.text, start=s.start, end=s.end) for s in doc.sentences]



def _start_encoding_ahead(ws: Workspace) -> None:
    if ws.options.encode_ahead and ws.newly_parsed:
        # stored articles bring their vectors from the store: only sentences parsed in this run are guessed
        order = {a.id: n for n, a in enumerate(ws.articles)}
        texts = claims.likely_texts(ws.parsed, order, only=set(ws.newly_parsed))
        ws.encode_ahead = claims.EncodeAhead(texts).start()


def _stop_encoding_ahead(ws: Workspace) -> None:
    if ws.encode_ahead is not None:
        ws.encode_ahead.stop()
        ws.encode_ahead = None


def _encode(ws: Workspace) -> None:
    _stop_encoding_ahead(ws)  # stops between two batches; what it did not encode is encoded here
    claims.encode_claim_sentences(ws.articles, ws.parsed, ws.entities, ws.quantities, ws.quotes)


def _summarise(ws: Workspace) -> None:
    llm, length = ws.options.llm, ws.options.summary_length
    if llm is None:
        ws.summary = summary.summarise(ws.articles, ws.parsed, ws.claims, ws.entities, length)
        return
    ws.summary, ws.summary_rejected = summary.summarise_with_llm(
        ws.articles, ws.parsed, ws.claims, ws.entities, llm.url, llm.model, length, timeout=llm.timeout
    )


STAGES: tuple[Stage, ...] = (
    Stage("syndication", ("articles",), ("articles",), lambda ws: syndication.mark_near_duplicates(ws.articles)),
    Stage("nlp", ("articles",), ("parsed", "articles", "newly_parsed"), _parse),
    # the sentence encoder starts on a background thread while the one-core stages below run
    Stage(
        "encode-ahead",
        ("parsed", "articles", "newly_parsed", "options.encode_ahead"),
        ("encode_ahead",),
        _start_encoding_ahead,
    ),
    Stage(
        "entities",
        ("parsed", "articles"),
        ("entities",),
        lambda ws: setattr(
            ws, "entities", entities.canonicalise(ws.parsed, outlets={a.outlet for a in ws.articles if a.outlet})
        ),
    ),
    Stage(
        "geocode",
        ("entities", "parsed", "articles"),
        ("places",),
        lambda ws: setattr(ws, "places", places.geocode(ws.entities, ws.parsed, ws.articles)),
    ),
    Stage(
        "timeline",
        ("parsed", "articles", "options.reference_date"),
        ("timeline",),
        lambda ws: setattr(ws, "timeline", timeline.build_timeline(ws.parsed, ws.articles, ws.options.reference_date)),
    ),
    Stage(
        "quotes",
        ("parsed", "entities"),
        ("quotes",),
        lambda ws: setattr(ws, "quotes", quotes.extract_quotes(ws.parsed, ws.entities)),
    ),
    Stage(
        "events",
        ("parsed", "entities", "places", "timeline", "articles", "quotes"),
        ("events",),
        lambda ws: setattr(ws, "events", events.extract_events(
            ws.parsed, ws.entities, ws.places, ws.timeline, ws.articles, ws.quotes
        )),
    ),
    Stage(
        "quantities",
        ("parsed", "quotes"),
        ("quantities",),
        lambda ws: setattr(ws, "quantities", figures.extract_quantities(ws.parsed, ws.quotes)),
    ),
    # the sentence encoder on the sentences the claims stage compares (vectors cached per text)
    Stage(
        "encoder",
        ("articles", "parsed", "entities", "quantities", "quotes", "encode_ahead"),
        ("encode_ahead",),
        _encode,
    ),
    Stage(
        "claims",
        ("articles", "parsed", "entities", "quantities", "quotes"),
        ("claims",),
        lambda ws: setattr(
            ws, "claims", claims.align_claims(ws.articles, ws.parsed, ws.entities, ws.quantities, ws.quotes)
        ),
    ),
    # which outlets carried a copy of each claim, from which agency; an agency counts once
    Stage(
        "attribution",
        ("claims", "articles"),
        ("claims",),
        lambda ws: setattr(ws, "claims", syndication.attribute_copies(ws.claims, ws.articles)),
    ),
    # one event per real-world event, from every sentence and outlet that reports it (ACLED-style)
    Stage(
        "events-fuse",
        ("events", "claims", "quantities", "places", "entities", "timeline", "articles"),
        ("fused_events",),
        lambda ws: setattr(ws, "fused_events", events.fuse_events(
            ws.events, ws.claims, ws.quantities, ws.places, ws.entities, ws.timeline, ws.articles
        )),
    ),
    # one timeline entry per fact or event once both are known
    Stage(
        "timeline-fuse",
        ("timeline", "claims", "fused_events", "articles"),
        ("timeline",),
        lambda ws: setattr(
            ws, "timeline", timeline.fuse_timeline(ws.timeline, ws.claims, ws.articles, ws.fused_events)
        ),
    ),
    Stage(
        "summary",
        ("articles", "parsed", "claims", "entities", "options.summary_length", "options.llm"),
        ("summary", "summary_rejected"),
        lambda ws: _summarise(ws),
    ),
)

#: what the caller gives: the articles, what ingestion skipped, and each run option by name
_INPUTS = ("articles", "skipped", *(f"options.{f.name}" for f in fields(BriefingOptions)))


def check_order(stages: Sequence[Stage] = STAGES) -> None:
    """Raise if a stage reads a field that no earlier stage (or the input) wrote."""
    written = set(_INPUTS)
    for stage in stages:
        missing = set(stage.reads) - written
        if missing:
            raise RuntimeError(f"stage {stage.name} reads {sorted(missing)} before anything writes it")
        written |= set(stage.writes)


check_order()


class BriefingTimeout(RuntimeError):
    """The run went past ``BriefingOptions.time_limit``; the message says when and where (one line)."""


def run(ws: Workspace) -> Workspace:
    limit = ws.options.time_limit
    started = time.monotonic()
    try:
        for stage in STAGES:
            elapsed = time.monotonic() - started
            if limit is not None and elapsed > limit:
                raise BriefingTimeout(
                    f"briefing stopped after {elapsed:.0f} s, before the {stage.name} stage: "
                    f"it is over its time limit of {limit:g} s (--time-limit)"
                )
            ws.options.stage_started(stage.name)
            stage.run(ws)
    finally:
        _stop_encoding_ahead(ws)  # a failed or stopped run leaves no thread behind
    return ws
