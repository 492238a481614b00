"""RSS and Atom feeds: one article per entry.

feedparser is always handed the bytes already read (wrapped in a stream):
given a ``str`` or ``bytes`` it would try to open it as a URL or a file name.
"""

from __future__ import annotations

import io
from typing import Any

import feedparser

from ..model import Article, Skipped
from .articles import drop_leading_title, make_article
from .errors import IngestError
from .html import fragment_to_text
from .normalise import Metadata, normalise_authors, normalise_whitespace

_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def _as_text(detail: Any) -> str:
    """Text of a feedparser content/summary value, converting HTML to one paragraph per line."""
    value = detail.get("value", "") if isinstance(detail, dict) else str(detail or "")
    kind = detail.get("type", "text/html") if isinstance(detail, dict) else "text/html"
    if any(t in kind for t in _HTML_TYPES):
        return fragment_to_text(value)
    return normalise_whitespace(value)


def _entry_body(entry: Any) -> tuple[str, bool]:
    """The entry's full content when it has one, else its summary (and then ``summary_only``)."""
    contents = [_as_text(c) for c in entry.get("content") or []]
    best = max(contents, key=len, default="")
    if best:
        return best, False
    summary = entry.get("summary_detail") or entry.get("summary")
    return (_as_text(summary) if summary else ""), True


def _entry_metadata(entry: Any, feed_title: str | None) -> Metadata:
    names = [a.get("name") for a in entry.get("authors") or [] if isinstance(a, dict) and a.get("name")]
    authors = normalise_authors(names) if names else normalise_authors(entry.get("author"))
    source = entry.get("source") or {}
    outlet = source.get("title") if isinstance(source, dict) else None
    title = entry.get("title")
    return Metadata(
        title=" ".join(title.split()) if title else None,
        outlet=outlet or feed_title,
        authors=authors,
        # The date as written (in the publisher's zone), not feedparser's UTC *_parsed tuple.
        published=entry.get("published") or entry.get("updated") or entry.get("created"),
        url=entry.get("link"),
    )


def feed_articles(display_path: str, data: bytes) -> list[Article | Skipped]:
    """One outcome per entry; a document that is no readable feed at all raises instead."""
    parsed = feedparser.parse(io.BytesIO(data))
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            problem = " ".join(str(parsed.get("bozo_exception", "unknown error")).split())
            raise IngestError(f"malformed feed ({problem})")
        if not parsed.get("version"):
            raise IngestError("not an RSS/Atom feed")
        raise IngestError("feed has no entries")
    feed_title = parsed.get("feed", {}).get("title") or None
    outcomes: list[Article | Skipped] = []
    for number, entry in enumerate(entries, start=1):
        entry_path = f"{display_path}#entry-{number}"
        try:
            meta = _entry_metadata(entry, " ".join(feed_title.split()) if feed_title else None)
            body, summary_only = _entry_body(entry)
            if not body:
                raise IngestError("feed entry has neither content nor summary")
            body, dropped = drop_leading_title(body, meta.title)
            outcomes.append(make_article(entry_path, body, meta, dropped=dropped, summary_only=summary_only))
        except IngestError as exc:
            outcomes.append(Skipped(path=entry_path, reason=str(exc)))
    return outcomes
