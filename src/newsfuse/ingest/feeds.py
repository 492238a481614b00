"""RSS and Atom feeds: one article per entry.

feedparser is always handed the bytes already read (wrapped in a stream):
given a ``str`` or ``bytes`` it would try to open it as a URL or a file name.

When the XML parser fails part-way (a file cut off, an undefined entity, a bare
``&``), feedparser re-reads the document with a lenient parser and returns what
it could; its ``bozo`` flag is the only sign.  The entries are kept, and the file
also gets a "malformed feed after entry N" line, because entries after the fault
may be missing.  An entry the file ends inside is reported as cut off, not kept
with half its text; if no entry is usable, the file is one skipped input.

Two faults of feedparser itself are kept to the entry that causes them.  A numeric character
reference to no character (``&#1114112;``, a surrogate such as ``&#xD800;``) makes its lenient
parser raise, so such references are replaced by one to U+FFFD before parsing.  Markup it does
not expect (a ``</link>`` whose start it never saw, for one) makes it raise ``KeyError``; the
feed is then parsed again entry by entry, and only the entries it still fails on are skipped.
"""

from __future__ import annotations

import html.entities
import io
import re
import xml.sax
from typing import Any

import feedparser

from ..model import Article, Skipped
from .articles import drop_leading_title, make_article
from .errors import IngestError
from .html import fragment_to_text
from .normalise import Metadata, normalise_authors, normalise_whitespace

_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")
# Entry tags of RSS (<item>) and Atom (<entry>), with or without a namespace prefix.
_ENTRY_OPEN = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s>/]")
_ENTRY_CLOSE = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?(?:item|entry)\s*>")
# feedparser's lenient parser keeps an undefined reference as "&name;", or "&name" in HTML content.
_ENTITY_REFERENCE = re.compile(r"&[A-Za-z_][\w.-]*;?")
_NUMERIC_REFERENCE = re.compile(rb"&#(?:[xX]([0-9A-Fa-f]+)|([0-9]+));")
_REPLACEMENT_REFERENCE = b"&#xFFFD;"
# Longest digit string of a real code point (U+10FFFF is 7 decimal digits, 6 hex); longer ones
# are refused before int() is asked, which would itself refuse some past 4,300 digits.
_MAX_REFERENCE_DIGITS = 8


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


def _xml_fault(parsed: Any) -> xml.sax.SAXParseException | None:
    """The XML error behind a lenient re-read, if any (not harmless notes such as an encoding override)."""
    if not parsed.get("bozo"):
        return None
    fault = parsed.get("bozo_exception")
    return fault if isinstance(fault, xml.sax.SAXParseException) else None


def _describe_fault(fault: xml.sax.SAXParseException) -> str:
    return f"{' '.join(fault.getMessage().split())} at line {fault.getLineNumber()} column {fault.getColumnNumber()}"


def _ends_inside_an_entry(data: bytes) -> bool:
    """True when the last entry tag opened in the document is never closed: the file was cut inside it."""
    last_open = max((m.start() for m in _ENTRY_OPEN.finditer(data)), default=-1)
    last_close = max((m.start() for m in _ENTRY_CLOSE.finditer(data)), default=-1)
    return last_open > last_close


def _undefined_entities_only(text: str) -> bool:
    """True for text that is nothing but entity references the lenient parser could not resolve.

    It leaves an undefined reference such as ``&lol9;`` (an entity-expansion bomb's, whose
    declarations feedparser refuses) in the text verbatim; that is markup, not article text.
    """
    undefined = [ref for ref in _ENTITY_REFERENCE.findall(text) if ref[1:] not in html.entities.html5]
    return bool(undefined) and not any(ch.isalnum() for ch in _ENTITY_REFERENCE.sub("", text))


def _entry_outcome(
    entry_path: str, entry: Any, feed_title: str | None, after_fault: bool
) -> Article | Skipped:
    try:
        meta = _entry_metadata(entry, feed_title)
        body, summary_only = _entry_body(entry)
        if not body:
            raise IngestError("feed entry has neither content nor summary")
        if after_fault and _undefined_entities_only(body):
            raise IngestError(f"feed entry text is only undefined entity references ({body.strip()[:40]})")
        body, dropped = drop_leading_title(body, meta.title)
        return make_article(entry_path, body, meta, dropped=dropped, summary_only=summary_only)
    except IngestError as exc:
        return Skipped(path=entry_path, reason=str(exc))


def _reference_to_a_character(match: re.Match[bytes]) -> bytes:
    hex_digits, decimal_digits = match.group(1), match.group(2)
    digits = hex_digits or decimal_digits
    if len(digits) > _MAX_REFERENCE_DIGITS:
        return _REPLACEMENT_REFERENCE
    code = int(digits, 16 if hex_digits else 10)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return _REPLACEMENT_REFERENCE
    return match.group()


def valid_character_references(data: bytes) -> bytes:
    """The document with every numeric reference to no character (or to a surrogate) as ``&#xFFFD;``.

    Works on the bytes of an ASCII-compatible encoding (UTF-8, the code pages); a UTF-16 feed is left
    as it is, and a fault feedparser then raises is handled by :func:`feed_articles` entry by entry.
    """
    if b"&#" not in data:
        return data
    return _NUMERIC_REFERENCE.sub(_reference_to_a_character, data)


def _describe_crash(exc: Exception) -> str:
    return f"the feed parser failed ({type(exc).__name__}: {' '.join(str(exc).split())})"


def _entry_spans(data: bytes) -> list[tuple[int, int]]:
    """Byte spans of the entries, each from its opening tag to the end of its closing tag."""
    spans: list[tuple[int, int]] = []
    position = 0
    while True:
        opening = _ENTRY_OPEN.search(data, position)
        if opening is None:
            return spans
        closing = _ENTRY_CLOSE.search(data, opening.end())
        end = closing.end() if closing is not None else len(data)
        spans.append((opening.start(), end))
        position = end


def _entry_by_entry(display_path: str, data: bytes, crash: Exception) -> list[Article | Skipped]:
    """Outcomes when feedparser raised on the whole feed: each entry parsed on its own, with the feed's head."""
    spans = _entry_spans(data)
    if not spans:
        raise IngestError(f"malformed feed ({_describe_crash(crash)})")
    head, tail = data[: spans[0][0]], data[spans[-1][1] :]
    outcomes: list[Article | Skipped] = []
    for number, (start, end) in enumerate(spans, start=1):
        entry_path = f"{display_path}#entry-{number}"
        try:
            parsed = feedparser.parse(io.BytesIO(head + data[start:end] + tail))
        except Exception as exc:  # noqa: BLE001 - the same feedparser faults, now costing one entry
            outcomes.append(Skipped(path=entry_path, reason=f"feed entry not readable: {_describe_crash(exc)}"))
            continue
        entries = parsed.get("entries") or []
        if not entries:
            outcomes.append(Skipped(path=entry_path, reason="feed entry not readable (no entry found in it)"))
            continue
        feed_title = _feed_title(parsed)
        outcomes.append(_entry_outcome(entry_path, entries[0], feed_title, after_fault=_xml_fault(parsed) is not None))
    if not any(isinstance(outcome, Article) for outcome in outcomes):
        first = outcomes[0]
        reason = first.reason if isinstance(first, Skipped) else ""
        raise IngestError(f"malformed feed ({_describe_crash(crash)}); no usable entry (entry-1: {reason})")
    return outcomes


def _feed_title(parsed: Any) -> str | None:
    feed_title = parsed.get("feed", {}).get("title") or None
    return " ".join(feed_title.split()) if isinstance(feed_title, str) and feed_title.strip() else None


def feed_articles(display_path: str, data: bytes) -> list[Article | Skipped]:
    """One outcome per entry; a document that is no readable feed at all raises instead."""
    data = valid_character_references(data)
    try:
        parsed = feedparser.parse(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - feedparser's own faults on odd markup: see the module docstring
        return _entry_by_entry(display_path, data, exc)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            problem = " ".join(str(parsed.get("bozo_exception", "unknown error")).split())
            raise IngestError(f"malformed feed ({problem})")
        if not parsed.get("version"):
            raise IngestError("not an RSS/Atom feed")
        raise IngestError("feed has no entries")
    feed_title = _feed_title(parsed)
    fault = _xml_fault(parsed)
    cut_off = fault is not None and _ends_inside_an_entry(data)
    outcomes: list[Article | Skipped] = []
    for number, entry in enumerate(entries, start=1):
        entry_path = f"{display_path}#entry-{number}"
        if cut_off and number == len(entries):
            outcomes.append(Skipped(path=entry_path, reason="feed entry cut off (the file ends inside it)"))
        else:
            outcomes.append(_entry_outcome(entry_path, entry, feed_title, after_fault=fault is not None))
    if fault is None:
        return outcomes
    problem = _describe_fault(fault)
    skips = [outcome for outcome in outcomes if isinstance(outcome, Skipped)]
    if len(skips) == len(outcomes):
        # Nothing usable: one line for the file says it all (as for a data file of JSON records).
        first = skips[0]
        where = first.path.rsplit("#", 1)[-1]
        raise IngestError(f"malformed feed ({problem}); no usable entry ({where}: {first.reason})")
    complete = len(entries) - 1 if cut_off else len(entries)
    notice = f"malformed feed after entry {complete} ({problem}); later entries may be lost"
    return [*outcomes, Skipped(path=display_path, reason=notice)]
