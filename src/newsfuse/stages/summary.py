"""Stage: extractive multi-document summary in which every sentence cites its sources.

Reads ``Article``, ``ParsedArticle``, ``Briefing.claims`` and ``Briefing.entities``; writes ``Briefing.summary``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Article, Claim, Entity, ParsedArticle, SummarySentence


def summarise(
    articles: Sequence[Article],
    parsed: Sequence[ParsedArticle],
    claims: Sequence[Claim],
    entities: Sequence[Entity],
    length: int = 6,
) -> list[SummarySentence]:
    return []
