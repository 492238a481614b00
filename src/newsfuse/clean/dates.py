"""Timestamp and read-time lines: recognise them and read the publication date.

A timestamp line is made only of date/time material ("Sat 21 Nov 2026 14.05
GMT", "Updated 2 hours ago", "Posted Nov 3, 2027 at 6:15 PM"): once the dates,
times and relative ages are taken out, every word left must be a timestamp
word (published, updated, weekday, time zone ...).  The absolute date is read
with dateparser; relative ages give no date.
"""

from __future__ import annotations

import re

import dateparser

from .shape import unglue

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
# The year is not closed by \b: pasted widgets glue the time on ("November 21, 20264:12 PM").
_ABSOLUTE_DATE_RE = re.compile(
    rf"\b\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}"
    rf"|\b{_MONTH}\s+\d{{1,2}}{_ORD},?\s+\d{{4}}"
    r"|\b\d{4}-\d{2}-\d{2}"
    r"|\b\d{1,2}[/.]\d{1,2}[/.]\d{4}",
    re.IGNORECASE,
)
_PARTIAL_DATE_RE = re.compile(
    rf"\b\d{{1,2}}{_ORD}\s+{_MONTH}(?!\w)|\b{_MONTH}\s+\d{{1,2}}{_ORD}\b", re.IGNORECASE
)
_TIME_RE = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?![\d])|\b\d{1,2}\s*[ap]\.?m\.?(?!\w)", re.IGNORECASE
)
_RELATIVE_RE = re.compile(
    r"\b\d+\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|months?|years?)\s+ago\b"
    r"|\b(?:an?|one)\s+(?:minute|hour|day|week|month|year)\s+ago\b"
    r"|\bjust now\b|\byesterday\b|\btoday\b",
    re.IGNORECASE,
)
_ZONE_RE = re.compile(r"\b(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::\d{2})?\b", re.IGNORECASE)
_TIMESTAMP_WORDS = frozenset(
    [
        "published",
        "updated",
        "posted",
        "modified",
        "last",
        "first",
        "on",
        "at",
        "date",
        "time",
        "ago",
        "edited",
        "created",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "gmt",
        "bst",
        "utc",
        "cet",
        "cest",
        "eet",
        "eest",
        "msk",
        "est",
        "edt",
        "cst",
        "cdt",
        "mst",
        "mdt",
        "pst",
        "pdt",
        "et",
        "pt",
        "ct",
        "ist",
        "jst",
        "aest",
        "am",
        "pm",
        "a.m",
        "p.m",
    ]
)
_READ_TIME_RE = re.compile(
    r"\b\d+\s*[-–]?\s*(?:min|mins|minute|minutes)\.?\s+(?:read|listen|watch)\b"
    r"|\breading\s+time\s*:?\s*(?:about\s+)?\d+\s*(?:min|mins|minutes?)\b"
    r"|\b(?:read|listening)\s+time\s*:?\s*\d+\s*(?:min|mins|minutes?)\b",
    re.IGNORECASE,
)
_SEPARATORS = "·•|–—-,/"
_DATEPARSER_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"}
_LABEL_ONLY = frozenset({"published", "updated", "posted", "last updated", "first published"})


def _leftover_words(text: str) -> list[str]:
    return [
        w for w in re.findall(r"[A-Za-z][A-Za-z.]*", text) if w.casefold().rstrip(".") not in _TIMESTAMP_WORDS
    ]


def is_timestamp(line: str) -> bool:
    """Only date, time and timestamp words, with at least one date, time or relative age."""
    if len(line) > 100:
        return False
    if line.casefold().rstrip(":") in _LABEL_ONLY:
        return True
    text = unglue(line)
    found = False
    for pattern in (_ABSOLUTE_DATE_RE, _ZONE_RE, _PARTIAL_DATE_RE, _TIME_RE, _RELATIVE_RE):
        text, hits = pattern.subn(" ", text)
        found = found or hits > 0
    if not found:
        return False
    if re.search(r"\d", text):
        return False
    return not _leftover_words(text)


def read_time_span(line: str) -> tuple[int, int] | None:
    match = _READ_TIME_RE.search(line)
    return match.span() if match else None


def is_read_time(line: str) -> bool:
    """A read-time marker, possibly with a timestamp around it ("21 Nov 2026 · 4 min read")."""
    if len(line) > 80:
        return False
    span = read_time_span(line)
    if span is None:
        return False
    rest = (line[: span[0]] + " " + line[span[1] :]).strip(_SEPARATORS + " ")
    return not rest or is_timestamp(rest)


def absolute_date(line: str) -> str | None:
    """The first absolute date written in the line, as YYYY-MM-DD, or None when there is none."""
    for match in _ABSOLUTE_DATE_RE.finditer(unglue(line)):
        parsed = dateparser.parse(match.group(0), languages=["en"], settings=_DATEPARSER_SETTINGS)
        if parsed is not None:
            return parsed.date().isoformat()
    return None


def is_update_stamp(line: str) -> bool:
    """A 'last updated' stamp: a publication date is preferred over it."""
    return bool(
        re.match(r"\s*(?:last\s+)?(?:updated|modified|edited)\b|\s*last\s+modified", line, re.IGNORECASE)
    )


_DATE_START_RES = (_ABSOLUTE_DATE_RE, _PARTIAL_DATE_RE, _TIME_RE, _RELATIVE_RE)
_WEEKDAY_RE = re.compile(r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b\.?,?", re.IGNORECASE)


def date_start(line: str) -> int | None:
    """Where the first date, time or relative age in the line begins (a weekday just before it included)."""
    starts = [m.start() for pattern in _DATE_START_RES if (m := pattern.search(line))]
    if not starts:
        return None
    start = min(starts)
    weekday = None
    for match in _WEEKDAY_RE.finditer(line[:start]):
        if not line[match.end() : start].strip(" ,"):
            weekday = match.start()
    return weekday if weekday is not None else start


# Structured data pasted with the page (a JSON-LD or microdata script shown as text): the publisher's own
# publication date, e.g. "datePublished": "2027-03-09T08:00:00Z".
_STRUCTURED_PUBLISHED_RE = re.compile(
    r"[\"']?(?:datePublished|article:published_time|publishedDate|dateCreated)[\"']?\s*[:=]\s*[\"']"
    r"(?P<day>\d{4}-\d{2}-\d{2})"
)


def structured_published(lines: list[str]) -> str | None:
    """The first publication date written as structured data on the page, if any."""
    for line in lines:
        match = _STRUCTURED_PUBLISHED_RE.search(line)
        if match:
            return match.group("day")
    return None
