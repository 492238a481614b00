"""Stage: geocode place entities against an offline GeoNames gazetteer.

Reads ``Briefing.entities`` and ``ParsedArticle``; writes ``Briefing.places``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Article, Entity, ParsedArticle, Place


def geocode(entities: Sequence[Entity], parsed: Sequence[ParsedArticle], articles: Sequence[Article]) -> list[Place]:
    return []
