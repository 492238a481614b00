"""Cleaning text pasted from web pages: separate the article from the page furniture.

Public interface (used by ingestion):

* :func:`clean_pasted` - one pasted page in, a :class:`CleanedText` out;
* :func:`drop_repeated_lines` - a batch pass that drops lines repeated across articles
  of different outlets (footers, widget text), recording each in ``Article.dropped``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import Article, DroppedLine


@dataclass
class CleanedText:
    body: str
    title: str | None = None
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    dropped: list[DroppedLine] = field(default_factory=list)


def clean_pasted(raw: str, title_hint: str | None = None) -> CleanedText:
    """Placeholder until the cleaner lands: keeps every non-empty line."""
    lines = [line.strip() for line in raw.splitlines() if line.strip()]
    return CleanedText(body="\n".join(lines))


def drop_repeated_lines(articles: Sequence[Article]) -> None:
    """Placeholder until the cleaner lands."""
    return None
