"""The Python API.  The CLI, the web app and the Dask runner are thin layers over these functions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from . import __version__, pipeline
from .ingest import ingest
from .model import Article, Briefing, ParsedArticle, Skipped
from .pipeline import DEFAULT_SUMMARY_LENGTH, LLMSettings
from .stages.syndication import independent_outlets


def parse_day(value: str | dt.date | None, what: str = "reference date") -> dt.date | None:
    """``YYYY-MM-DD`` (or a date) to a date; ``ValueError`` naming ``what`` otherwise."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{what} {value!r} is not YYYY-MM-DD") from exc


def brief_articles(
    articles: Sequence[Article],
    skipped: Sequence[Skipped] = (),
    reference_date: str | dt.date | None = None,
    summary_length: int = DEFAULT_SUMMARY_LENGTH,
    on_stage: Callable[[str], None] | None = None,
    parsed: Sequence[ParsedArticle] | None = None,
    llm: LLMSettings | None = None,
) -> Briefing:
    """Run the analysis pipeline over already-ingested articles.

    ``parsed`` holds stored NLP analyses (from the store); articles that have one are not parsed again.
    """
    ws = pipeline.Workspace(
        # Stages fill sentences and copy links on the articles they get: work on copies, never the caller's.
        articles=[a.model_copy(deep=True) for a in articles],
        skipped=list(skipped),
        reference_date=parse_day(reference_date),
        summary_length=summary_length,
        parsed=list(parsed or ()),
        llm=llm,
    )
    pipeline.run(ws, on_stage=on_stage)
    return Briefing(
        newsfuse_version=__version__,
        reference_date=ws.reference_date.isoformat() if ws.reference_date else None,
        articles=ws.articles,
        skipped=ws.skipped,
        entities=ws.entities,
        places=ws.places,
        quotes=ws.quotes,
        quantities=ws.quantities,
        claims=ws.claims,
        timeline=ws.timeline,
        summary=ws.summary,
        summary_rejected=ws.summary_rejected,
        events=ws.events,
        independent_outlets=independent_outlets(ws.articles),
    )


def brief(
    paths_or_articles: Sequence[str | Path | Article] | str | Path,
    reference_date: str | dt.date | None = None,
    summary_length: int = DEFAULT_SUMMARY_LENGTH,
    stdin: TextIO | None = None,
    on_stage: Callable[[str], None] | None = None,
    llm: LLMSettings | None = None,
) -> Briefing:
    """Ingest files, directories or ``Article`` objects and build one briefing.

    Bad inputs do not raise: they are listed in ``Briefing.skipped`` with a reason.
    """
    if isinstance(paths_or_articles, str | Path):
        paths_or_articles = [paths_or_articles]
    result = ingest(paths_or_articles, stdin=stdin)
    return brief_articles(result.articles, result.skipped, reference_date, summary_length, on_stage, llm=llm)
