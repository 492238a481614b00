"""JSON records: JSON Lines, a JSON array of records, or a single object; one article per record.

A record carries its text as ``text`` or ``body`` (plain text, only whitespace
normalised: it is already clean) or ``html`` (a page or fragment, through
trafilatura), plus optional metadata fields (see ``normalise._ALIASES``).
"""

from __future__ import annotations

import json
from typing import Any

from ..model import Article, Skipped
from .articles import drop_leading_title, make_article
from .errors import IngestError
from .html import extract_page
from .normalise import metadata_from_mapping, normalise_whitespace

TEXT_FIELDS = ("text", "body")
HTML_FIELD = "html"


def record_article(path: str, record: Any) -> Article:
    """One article from one parsed JSON record."""
    if not isinstance(record, dict):
        raise IngestError(f"record is not a JSON object (got {type(record).__name__})")
    meta = metadata_from_mapping(record)
    for key in TEXT_FIELDS:
        value = record.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise IngestError(f"field '{key}' must be text, not {type(value).__name__}")
        body, dropped = drop_leading_title(normalise_whitespace(value), meta.title)
        if not body:
            raise IngestError(f"empty '{key}' field")
        return make_article(path, body, meta, dropped=dropped)
    html = record.get(HTML_FIELD)
    if html is not None:
        if not isinstance(html, str):
            raise IngestError(f"field '{HTML_FIELD}' must be text, not {type(html).__name__}")
        page = extract_page(html)
        # Fields given in the record say more than what trafilatura guessed from the markup.
        return make_article(path, page.body, meta.over(page.meta), dropped=page.dropped)
    raise IngestError("record has no 'text', 'body' or 'html' field")


def _outcome(path: str, record: Any) -> Article | Skipped:
    try:
        return record_article(path, record)
    except IngestError as exc:
        return Skipped(path=path, reason=str(exc))


def _json_error(exc: json.JSONDecodeError, one_line: bool = False) -> str:
    where = f"column {exc.colno}" if one_line else f"line {exc.lineno} column {exc.colno}"
    return f"invalid JSON ({exc.msg}: {where})"


def _loads(text: str) -> Any:
    """Parsed JSON; syntax errors propagate as ``JSONDecodeError`` (their position is reported)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except RecursionError as exc:
        raise IngestError("invalid JSON (nested too deeply)") from exc
    except ValueError as exc:
        # Valid syntax the decoder still refuses, such as an integer over Python's 4,300-digit limit.
        problem = " ".join(str(exc).split())
        raise IngestError(f"invalid JSON ({problem})") from exc


def _collapse_if_none_usable(display_path: str, outcomes: list[Article | Skipped]) -> list[Article | Skipped]:
    """One skip for a whole file none of whose records is an article (a data file, not an article collection).

    Thousands of identical per-record reasons would bury the rest of the report;
    the first record's problem and the count say the same in one line.
    """
    skips = [o for o in outcomes if isinstance(o, Skipped)]
    if len(outcomes) < 2 or len(skips) < len(outcomes):
        return outcomes
    first = skips[0]
    where = first.path.rsplit("#", 1)[-1]
    reason = f"none of its {len(outcomes)} records is an article ({where}: {first.reason})"
    return [Skipped(path=display_path, reason=reason)]


def json_lines_outcomes(display_path: str, text: str) -> list[Article | Skipped]:
    """One outcome per non-blank line; a bad line costs only its own record."""
    outcomes: list[Article | Skipped] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        path = f"{display_path}#line-{number}"
        try:
            record = _loads(line)
        except json.JSONDecodeError as exc:
            outcomes.append(Skipped(path=path, reason=_json_error(exc, one_line=True)))
            continue
        except IngestError as exc:
            outcomes.append(Skipped(path=path, reason=str(exc)))
            continue
        outcomes.append(_outcome(path, record))
    return _collapse_if_none_usable(display_path, outcomes)


def json_outcomes(display_path: str, text: str) -> list[Article | Skipped]:
    """A ``.json`` file: an array of records, one object, or (if it is that) JSON Lines."""
    try:
        document = _loads(text)
    except json.JSONDecodeError as exc:
        # "Extra data" after a first complete value is what JSON Lines saved as .json looks like.
        if exc.msg == "Extra data" and len([ln for ln in text.splitlines() if ln.strip()]) > 1:
            return json_lines_outcomes(display_path, text)
        raise IngestError(_json_error(exc)) from exc
    if isinstance(document, list):
        if not document:
            raise IngestError("JSON array holds no records")
        outcomes = [_outcome(f"{display_path}#record-{n}", rec) for n, rec in enumerate(document, start=1)]
        return _collapse_if_none_usable(display_path, outcomes)
    return [_outcome(display_path, document)]
