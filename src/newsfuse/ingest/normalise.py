"""Normalisers shared by every format: whitespace, dates, author lists and metadata fields."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any
from urllib.parse import urlsplit

import dateparser
import yaml

from .errors import IngestError

# Only absolute dates: a relative one ("2 hours ago") would depend on when newsfuse runs,
# and a date without a day would be silently completed with today's.
_DATEPARSER_SETTINGS: dict[str, Any] = {
    "PARSERS": ["custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}
_ISO_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})(?:[T ]|$)")
_DATE_LABEL = re.compile(r"^\s*(?:published|updated|posted|last updated)(?:\s+on)?\s*:?\s*", re.IGNORECASE)
_INLINE_SPACE = re.compile(r"[^\S\n]+")
_BYLINE_PREFIX = re.compile(r"^\s*by\s+", re.IGNORECASE)
_AUTHOR_SEPARATORS = re.compile(r"\s*(?:;|\||&|\band\b)\s*", re.IGNORECASE)


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader, except that a date stays the text it was written as.

    PyYAML builds a ``date`` from anything shaped like one and raises on ``2026-02-30``; kept as
    text, such a value goes through :func:`split_published` like any other and is reported as
    "not a date", while the article itself is kept.
    """


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_front_matter(source: str) -> Any:
    """The YAML document ``source`` (dates as text); any failure to load it is an ``IngestError``."""
    try:
        return yaml.load(source, Loader=_FrontMatterLoader)
    except yaml.YAMLError as exc:
        problem = " ".join(str(exc).split())
        raise IngestError(f"invalid YAML front matter ({problem})") from exc
    except RecursionError as exc:
        raise IngestError("invalid YAML front matter (nested too deeply)") from exc
    except (ValueError, TypeError, OverflowError) as exc:
        # A value the constructors refuse although the syntax is fine (a huge number, a bad base64 ...).
        raise IngestError(f"invalid YAML front matter ({type(exc).__name__}: {exc})") from exc


def normalise_whitespace(text: str) -> str:
    """One paragraph per line: NFC, no blank lines, single spaces, no leading/trailing space."""
    text = unicodedata.normalize("NFC", text)
    lines = (_INLINE_SPACE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def normalise_date(value: str | dt.date | None) -> str | None:
    """Any written date (ISO 8601, RFC 822, "21 November 2026" ...) as YYYY-MM-DD; None if not a full date.

    The date is the one written, in the writer's time zone: converting
    ``2026-11-21T23:30-05:00`` to UTC would move the story to the next day.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = value.strip()
    if not text:
        return None
    iso = _ISO_DATE.match(text)
    if iso:
        try:
            return dt.date.fromisoformat(iso.group(1)).isoformat()
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass  # not RFC 822: try the general parser
    parsed = dateparser.parse(_DATE_LABEL.sub("", text), settings=_DATEPARSER_SETTINGS)
    return parsed.date().isoformat() if parsed else None


def split_published(value: str | dt.date | None) -> tuple[str | None, list[str]]:
    """The date of a ``published`` value, and the value as written when it was given but is not a date.

    "last Tuesday" has no date without knowing when it was written; it is not guessed, but it is
    kept so the article can say why its relative dates were not anchored.
    """
    date = normalise_date(value)
    if date is None and isinstance(value, str) and value.strip():
        return None, [" ".join(value.split())]
    return date, []


def _split_names(text: str) -> list[str]:
    text = _BYLINE_PREFIX.sub("", " ".join(text.split()))
    names = [part.strip(" ,") for part in _AUTHOR_SEPARATORS.split(text)]
    out: list[str] = []
    for name in names:
        # "Ann Lee, Bo Chen" is two people; "Lee, Ann" is one person written surname first.
        pieces = [p.strip() for p in name.split(",")]
        if len(pieces) > 1 and all(len(p.split()) >= 2 for p in pieces):
            out.extend(pieces)
        elif name:
            out.append(name)
    return [n for n in out if n]


def normalise_authors(value: object, field_name: str = "authors") -> list[str]:
    """An author string ("By Ann Lee and Bo Chen") or list as a list of names, in order, without repeats."""
    if value is None:
        return []
    if isinstance(value, str):
        names = _split_names(value)
    elif isinstance(value, list | tuple):
        names = []
        for item in value:
            if isinstance(item, Mapping) and isinstance(item.get("name"), str):
                item = item["name"]
            if not isinstance(item, str):
                raise IngestError(f"field '{field_name}' must be text or a list of names, not {_kind(item)}")
            names.extend(_split_names(item))
    else:
        raise IngestError(f"field '{field_name}' must be text or a list of names, not {_kind(value)}")
    return list(dict.fromkeys(names))


def outlet_from_url(url: str | None) -> str | None:
    """The site's host name (without ``www.``), the best outlet name when nothing else names it."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None  # a malformed URL names no outlet; the URL itself is still kept as written
    if not host:
        return None
    return host.removeprefix("www.")


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", bool: "true/false", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


@dataclass
class Metadata:
    """What is known about an article besides its text; ``None``/empty means "not known here"."""

    title: str | None = None
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    url: str | None = None
    #: ``published`` values that were given but are not dates ("last Tuesday"), as written
    unparsed_published: list[str] = field(default_factory=list)

    def over(self, fallback: Metadata) -> Metadata:
        """These values where known, the fallback's elsewhere (higher-precedence source first).

        Unparsed ``published`` values of both are kept: each was ignored, whichever date won.
        """
        merged = Metadata()
        for f in fields(Metadata):
            mine = getattr(self, f.name)
            setattr(merged, f.name, mine if mine else getattr(fallback, f.name))
        merged.unparsed_published = list(dict.fromkeys(self.unparsed_published + fallback.unparsed_published))
        return merged


# Field name -> accepted spellings, first one wins when several are present.
_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "site", "sitename", "site_name", "publisher"),
    "authors": ("authors", "author", "byline"),
    "published": ("published", "date", "published_at", "pubdate"),
    "url": ("url", "link"),
}


def _text_field(record: Mapping[str, Any], name: str) -> str | None:
    for key in _ALIASES[name]:
        value = record.get(key)
        if value is None:
            continue
        if isinstance(value, Mapping) and isinstance(value.get("name"), str):
            value = value["name"]  # {"name": "The Valley Ledger"} as in schema.org-style exports
        if not isinstance(value, str):
            raise IngestError(f"field '{key}' must be text, not {_kind(value)}")
        cleaned = " ".join(value.split())
        if cleaned:
            return cleaned
    return None


def metadata_from_mapping(record: Mapping[str, Any]) -> Metadata:
    """Metadata from front matter, a sidecar or a JSON record; unknown keys are ignored, wrong types are errors."""
    authors: list[str] = []
    for key in _ALIASES["authors"]:
        if record.get(key) is not None:
            authors = normalise_authors(record[key], key)
            break
    published: str | None = None
    unparsed_published: list[str] = []
    for key in _ALIASES["published"]:
        value = record.get(key)
        if value is None:
            continue
        if not isinstance(value, str | dt.date):
            raise IngestError(f"field '{key}' must be a date, not {_kind(value)}")
        published, unparsed_published = split_published(value)
        break
    return Metadata(
        title=_text_field(record, "title"),
        outlet=_text_field(record, "outlet"),
        authors=authors,
        published=published,
        url=_text_field(record, "url"),
        unparsed_published=unparsed_published,
    )
