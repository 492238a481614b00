"""Stage: align statements across outlets into claims, with support and conflicts.

Reads ``Article``, ``ParsedArticle``, ``Briefing.entities``, ``Briefing.quantities`` and
``Briefing.quotes``; writes ``Briefing.claims``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Article, Claim, Entity, ParsedArticle, Quantity, Quote


def align_claims(
    articles: Sequence[Article],
    parsed: Sequence[ParsedArticle],
    entities: Sequence[Entity],
    quantities: Sequence[Quantity],
    quotes: Sequence[Quote],
) -> list[Claim]:
    return []
