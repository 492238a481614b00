"""Stage: direct quotes and reported speech with their speakers.

Reads ``ParsedArticle`` and ``Briefing.entities``; writes ``Briefing.quotes``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Entity, ParsedArticle, Quote


def extract_quotes(parsed: Sequence[ParsedArticle], entities: Sequence[Entity]) -> list[Quote]:
    return []
