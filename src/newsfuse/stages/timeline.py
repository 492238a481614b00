"""Stage: resolve date expressions and build the timeline.

Reads ``ParsedArticle`` and ``Article.published``; writes ``Briefing.timeline``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..model import Article, ParsedArticle, TimelineEntry


def build_timeline(
    parsed: Sequence[ParsedArticle], articles: Sequence[Article], reference_date: dt.date | None
) -> list[TimelineEntry]:
    return []
