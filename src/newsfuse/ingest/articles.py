"""Building ``Article`` objects from a body and its metadata, the same way for every format."""

from __future__ import annotations

import hashlib

from ..model import Article, DroppedLine
from .errors import IngestError
from .normalise import Metadata, outlet_from_url, split_published
from .safety import display_path, safe_line, safe_text

HEADLINE_REASON = "headline repeated at the top of the body (kept as the title)"
PUBLISHED_NOT_A_DATE_REASON = "published value is not a date; ignored"

#: Longest article text accepted, in characters: about 50,000 words, ten times a long feature.
#: Anything longer is a collection or a dump rather than one report, and it would cost the later
#: stages minutes and gigabytes (sentence parsing, then pairwise comparisons).  Read at call time.
MAX_ARTICLE_CHARS = 300_000


def _describe_chars(n_chars: int) -> str:
    """``1.2 MB`` / ``300 kB`` of text (decimal units, one character ~ one byte of English), else a count."""
    if n_chars >= 1_000_000:
        return f"{n_chars / 1_000_000:.1f} MB".replace(".0 MB", " MB")
    if n_chars >= 1_000:
        return f"{n_chars / 1_000:.1f} kB".replace(".0 kB", " kB")
    return f"{n_chars} characters"


def too_long_reason(body: str) -> str | None:
    """The one-line reason an article body is over :data:`MAX_ARTICLE_CHARS`, else None."""
    if len(body) <= MAX_ARTICLE_CHARS:
        return None
    size, limit = _describe_chars(len(body)), _describe_chars(MAX_ARTICLE_CHARS)
    if size == limit:  # just over the limit: rounding would make both sides read the same
        size, limit = f"{len(body):,} characters", f"{MAX_ARTICLE_CHARS:,}"
    return f"article too long ({size} of text > {limit}); split it into articles"


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
    """One article; an empty body is an error because there is nothing to brief.

    Every string is made safe here, whatever the format it came from (see ``safety``): this is the
    one door all of them pass.
    """
    body = safe_text(body)
    if not body.strip():
        raise IngestError("no article text left after cleaning")
    if not any(char.isalnum() for char in body):
        # Only punctuation or U+FFFD (bytes that were not text): nothing a reader could brief.
        raise IngestError("no readable text (only symbols or undecodable characters)")
    too_long = too_long_reason(body)
    if too_long is not None:
        raise IngestError(too_long)
    url = _optional_line(meta.url)
    # A feed hands its entry's date over as written, so it is read here; records and sidecars were read before.
    published, unparsed = split_published(meta.published)
    ignored_dates = [
        DroppedLine(text=value, reason=PUBLISHED_NOT_A_DATE_REASON)
        for value in dict.fromkeys(meta.unparsed_published + unparsed)
    ]
    authors = [name for name in (safe_line(a) for a in meta.authors) if name]
    return Article(
        id=article_id(body),
        path=display_path(path),
        title=_optional_line(meta.title),
        outlet=_optional_line(meta.outlet) or outlet_from_url(url),
        authors=list(dict.fromkeys(authors)),
        published=published,
        url=url,
        body=body,
        dropped=[
            DroppedLine(text=safe_line(d.text), reason=safe_line(d.reason))
            for d in [*(dropped or []), *ignored_dates]
        ],
        summary_only=summary_only,
    )


def _optional_line(value: str | None) -> str | None:
    return (safe_line(value) or None) if value is not None else None
