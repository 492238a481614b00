"""The pipeline: which stage runs when, and what each one reads and writes.

A :class:`Workspace` carries the typed state of one briefing run.  Each
:class:`Stage` names the workspace fields it reads and writes and wraps one
stage function from :mod:`newsfuse.stages` (or :mod:`newsfuse.nlp`); most return
new objects, while syndication and the NLP stage update the run's own copies of
the articles (``duplicate_of``, ``sentences``).  :func:`check_order` verifies at
import time that every field a stage reads was written before it, so a
mis-ordered pipeline fails at once rather than with an empty table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from . import nlp
from .model import (
    Article,
    Claim,
    Entity,
    Event,
    ParsedArticle,
    Place,
    Quantity,
    Quote,
    Sentence,
    Skipped,
    SummarySentence,
    TimelineEntry,
)
from .stages import claims, entities, events, geocode, quantities, quotes, summary, syndication, timeline
from .stages import llm as llm_defaults

#: Sentences in the summary unless the caller asks otherwise (CLI, API, store and Dask runner share it).
DEFAULT_SUMMARY_LENGTH = 6


@dataclass(frozen=True)
class LLMSettings:
    """An OpenAI-compatible chat endpoint for the optional abstractive summary."""

    url: str
    model: str
    timeout: float = llm_defaults.DEFAULT_TIMEOUT


@dataclass
class Workspace:
    articles: list[Article]
    skipped: list[Skipped] = field(default_factory=list)
    reference_date: dt.date | None = None
    summary_length: int = DEFAULT_SUMMARY_LENGTH
    llm: LLMSettings | None = None
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
    order = {a.id: n for n, a in enumerate(ws.articles)}
    ws.parsed.sort(key=lambda p: order.get(p.article, len(order)))
    by_id = {p.article: p for p in ws.parsed}
    for article in ws.articles:
        doc = by_id[article.id]
        article.sentences = [Sentence(index=s.index, text=s.text, start=s.start, end=s.end) for s in doc.sentences]



def _summarise(ws: Workspace) -> None:
    if ws.llm is None:
        ws.summary = summary.summarise(ws.articles, ws.parsed, ws.claims, ws.entities, ws.summary_length)
        return
    # Imported here: the abstractive mode needs httpx (the web extra) and is never required.
    from .stages import llm

    ws.summary, ws.summary_rejected = llm.summarise_with_llm(
        ws.articles, ws.parsed, ws.claims, ws.entities, ws.llm.url, ws.llm.model, ws.summary_length,
        timeout=ws.llm.timeout,
    )


STAGES: tuple[Stage, ...] = (
    Stage("syndication", ("articles",), ("articles",), lambda ws: syndication.mark_near_duplicates(ws.articles)),
    Stage("nlp", ("articles",), ("parsed", "articles"), _parse),
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
        lambda ws: setattr(ws, "places", geocode.geocode(ws.entities, ws.parsed, ws.articles)),
    ),
    Stage(
        "timeline",
        ("parsed", "articles", "reference_date"),
        ("timeline",),
        lambda ws: setattr(ws, "timeline", timeline.build_timeline(ws.parsed, ws.articles, ws.reference_date)),
    ),
    Stage(
        "quotes",
        ("parsed", "entities"),
        ("quotes",),
        lambda ws: setattr(ws, "quotes", quotes.extract_quotes(ws.parsed, ws.entities)),
    ),
    Stage(
        "events",
        ("parsed", "entities", "places", "timeline", "articles"),
        ("events",),
        lambda ws: setattr(
            ws, "events", events.extract_events(ws.parsed, ws.entities, ws.places, ws.timeline, ws.articles)
        ),
    ),
    Stage(
        "quantities",
        ("parsed", "quotes"),
        ("quantities",),
        lambda ws: setattr(ws, "quantities", quantities.extract_quantities(ws.parsed, ws.quotes)),
    ),
    Stage(
        "claims",
        ("articles", "parsed", "entities", "quantities", "quotes"),
        ("claims",),
        lambda ws: setattr(
            ws, "claims", claims.align_claims(ws.articles, ws.parsed, ws.entities, ws.quantities, ws.quotes)
        ),
    ),
    Stage(
        "summary",
        ("articles", "parsed", "claims", "entities", "summary_length", "llm"),
        ("summary", "summary_rejected"),
        lambda ws: _summarise(ws),
    ),
)

_INPUTS = ("articles", "skipped", "reference_date", "summary_length", "llm")


def check_order(stages: Sequence[Stage] = STAGES) -> None:
    """Raise if a stage reads a field that no earlier stage (or the input) wrote."""
    written = set(_INPUTS)
    for stage in stages:
        missing = set(stage.reads) - written
        if missing:
            raise RuntimeError(f"stage {stage.name} reads {sorted(missing)} before anything writes it")
        written |= set(stage.writes)


check_order()


def run(ws: Workspace, on_stage: Callable[[str], None] | None = None) -> Workspace:
    for stage in STAGES:
        if on_stage is not None:
            on_stage(stage.name)
        stage.run(ws)
    return ws
