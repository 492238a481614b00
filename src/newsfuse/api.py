"""The Python API.  The CLI, the web app and the Dask runner are thin layers over these functions."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from . import __version__, pipeline
from .ingest import ingest
from .model import Article, Briefing, ParsedArticle, Skipped
from .options import BriefingOptions, LLMSettings, parse_day
from .stages.syndication import independent_outlets

__all__ = ["BriefingOptions", "LLMSettings", "brief", "brief_articles", "parse_day"]


def brief_articles(
    articles: Sequence[Article],
    skipped: Sequence[Skipped] = (),
    options: BriefingOptions | None = None,
    parsed: Sequence[ParsedArticle] | None = None,
) -> Briefing:
    """Run the analysis pipeline over already-ingested articles.

    ``parsed`` holds stored NLP analyses (from the store); articles that have one are not parsed again.
    """
    options = options or BriefingOptions()
    ws = pipeline.Workspace(
        # Stages fill sentences and copy links on the articles they get: work on copies, never the caller's.
        articles=[a.model_copy(deep=True) for a in articles],
        skipped=list(skipped),
        options=options,
        parsed=list(parsed or ()),
    )
    pipeline.run(ws)
    return Briefing(
        newsfuse_version=__version__,
        reference_date=options.reference_date.isoformat() if options.reference_date else None,
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
        fused_events=ws.fused_events,
        independent_outlets=independent_outlets(ws.articles),
    )


def brief(
    paths_or_articles: Sequence[str | Path | Article] | str | Path,
    options: BriefingOptions | None = None,
    stdin: TextIO | None = None,
) -> Briefing:
    """Ingest files, directories or ``Article`` objects and build one briefing.

    Bad inputs do not raise: they are listed in ``Briefing.skipped`` with a reason.
    """
    if isinstance(paths_or_articles, str | Path):
        paths_or_articles = [paths_or_articles]
    result = ingest(paths_or_articles, stdin=stdin)
    return brief_articles(result.articles, result.skipped, options)
