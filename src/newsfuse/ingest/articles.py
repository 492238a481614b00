"""Building ``Article`` objects from a body and its metadata, the same way for every format."""

from __future__ import annotations

import hashlib

from ..model import Article, DroppedLine
from .errors import IngestError
from .normalise import Metadata, normalise_date, outlet_from_url

HEADLINE_REASON = "headline repeated at the top of the body (kept as the title)"


def article_id(body: str) -> str:
    """Stable id from the normalised body, so the same text gets the same id in every run."""
    norm = " ".join(body.split()).casefold()
    return "a" + hashlib.sha1(norm.encode("utf-8")).hexdigest()[:10]


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold().rstrip(".") == " ".join(b.split()).casefold().rstrip(".")


def drop_leading_title(body: str, title: str | None) -> tuple[str, list[DroppedLine]]:
    """Remove the headline when the body starts with it: it is the title, not a sentence of the report."""
    if not title:
        return body, []
    first, _, rest = body.partition("\n")
    if rest and _same_text(first, title):
        return rest, [DroppedLine(text=first, reason=HEADLINE_REASON)]
    return body, []


def make_article(
    path: str,
    body: str,
    meta: Metadata,
    dropped: list[DroppedLine] | None = None,
    summary_only: bool = False,
) -> Article:
    """One article; an empty body is an error because there is nothing to brief."""
    if not body.strip():
        raise IngestError("no article text left after cleaning")
    url = meta.url
    return Article(
        id=article_id(body),
        path=path,
        title=meta.title,
        outlet=meta.outlet or outlet_from_url(url),
        authors=list(meta.authors),
        published=normalise_date(meta.published),
        url=url,
        body=body,
        dropped=list(dropped or []),
        summary_only=summary_only,
    )
