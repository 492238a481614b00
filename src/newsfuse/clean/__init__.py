"""Cleaning text pasted from web pages: separate the article from the page furniture.

Public interface (used by ingestion):

* :func:`clean_pasted` - one pasted page in, a :class:`CleanedText` out;
* :func:`drop_repeated_lines` - a batch pass that drops lines repeated across articles
  of different outlets (footers, widget text), recording each in ``Article.dropped``.

The logic lives in :mod:`.shape` (line features), :mod:`.furniture` (what a
line is on its own), :mod:`.dates`, :mod:`.byline`, :mod:`.page` (position on
the page) and :mod:`.repeated` (repetition across articles).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import DroppedLine
from .page import clean_page
from .repeated import drop_repeated_lines


@dataclass
class CleanedText:
    body: str
    title: str | None = None
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    dropped: list[DroppedLine] = field(default_factory=list)


def clean_pasted(raw: str, title_hint: str | None = None) -> CleanedText:
    """Split a pasted page into title, metadata, body (one paragraph per line) and dropped furniture.

    Every non-empty input line ends up in exactly one place: the title, the body, or
    ``dropped`` with a reason (metadata lines such as bylines are dropped with their reason
    after their content has been read into ``authors``/``outlet``/``published``).
    """
    page = clean_page(raw, title_hint)
    return CleanedText(
        body="\n".join(page.body),
        title=page.title,
        outlet=page.outlet,
        authors=page.authors,
        published=page.published,
        dropped=page.dropped,
    )


__all__ = ["CleanedText", "clean_pasted", "drop_repeated_lines"]
