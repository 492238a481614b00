"""Property tests: ingestion never raises on arbitrary input, and every file gets an outcome."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.ingest import article_id, ingest
from newsfuse.ingest.decode import decode_text
from newsfuse.ingest.errors import IngestError
from newsfuse.ingest.html import fragment_to_text
from newsfuse.ingest.normalise import normalise_authors, normalise_date, normalise_whitespace
from newsfuse.ingest.text import markdown_to_text

SINGLE_ARTICLE_SUFFIXES = [".txt", ".md", ".html", ".htm"]
MULTI_RECORD_SUFFIXES = [".xml", ".rss", ".atom", ".jsonl", ".json"]

# Pieces of every supported syntax, so that generated files come close to real ones and reach the parsers.
# fmt: off
_PIECES = [
    "---\n", "title: T\n", "date: 2026-11-21\n", "# ", "*", "[a](http://x.example)", "![i](p.png)", "\n", "\n\n",
    "<p>", "</p>", "<html>", "<body>", "<article>", "<script>", "<!--", "-->", "<meta charset='utf-16'>",
    '<?xml version="1.0" encoding="utf-8"?>', '<rss version="2.0">', "<channel>", "<item>", "</item>",
    "<title>", "</title>", "<description>", "<feed xmlns='http://www.w3.org/2005/Atom'>", "<entry>",
    "<content type='html'>", "&lt;p&gt;", "&amp;", "<![CDATA[", "]]>", "{", "}", "[", "]", '"text": ', '"html": ',
    '"authors": ', '"date": ', '"x"', ", ", "null", "42", "\\u0000", "\x00", "\ufeff", "\u2028",
    "Caf\u00e9 fictional words. ", "A fictional sentence about a bridge. ",
]
# fmt: on
_structured = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)
_encoded = st.tuples(_structured, st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"])).map(
    lambda pair: pair[0].encode(pair[1], errors="replace")
)
file_bytes = st.one_of(st.binary(max_size=2000), _encoded, st.text(max_size=500).map(str.encode))

_settings = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _ingest_bytes(data: bytes, suffix: str):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        return str(path), ingest([path])


@pytest.mark.parametrize("suffix", SINGLE_ARTICLE_SUFFIXES)
@_settings
@given(data=file_bytes)
def test_single_article_files_give_exactly_one_outcome(suffix, data):
    shown, result = _ingest_bytes(data, suffix)
    outcomes = [a.path for a in result.articles] + [s.path for s in result.skipped]
    assert outcomes == [shown]
    for skip in result.skipped:
        assert skip.reason.strip() and "\n" not in skip.reason
    for article in result.articles:
        assert article.body.strip()
        assert article.id == article_id(article.body)


@pytest.mark.parametrize("suffix", MULTI_RECORD_SUFFIXES)
@_settings
@given(data=file_bytes)
def test_feed_and_record_files_never_raise_and_account_for_themselves(suffix, data):
    shown, result = _ingest_bytes(data, suffix)
    outcomes = [a.path for a in result.articles] + [s.path for s in result.skipped]
    assert outcomes, "a file must yield at least one article or one skipped entry"
    # Either the whole file was skipped once, or every outcome is one of its entries/records.
    assert outcomes == [shown] or all(p.startswith(shown + "#") or p == shown for p in outcomes)
    assert len(set(outcomes)) == len(outcomes)
    for skip in result.skipped:
        assert skip.reason.strip() and "\n" not in skip.reason
    for article in result.articles:
        assert article.body.strip()
        assert article.published is None or dt.date.fromisoformat(article.published)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_normalise_whitespace_is_idempotent_and_leaves_one_paragraph_per_line(text):
    once = normalise_whitespace(text)
    assert normalise_whitespace(once) == once
    for line in once.split("\n") if once else []:
        assert line and line == line.strip() and "  " not in line


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(st.text(max_size=60), st.dates().map(str), st.datetimes().map(lambda d: d.strftime("%d %B %Y")))
)
def test_normalise_date_returns_a_real_date_or_none_and_is_idempotent(text):
    result = normalise_date(text)
    if result is not None:
        assert dt.date.fromisoformat(result).isoformat() == result
        assert normalise_date(result) == result


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)))
def test_normalise_date_keeps_the_written_day(day):
    assert normalise_date(day.strftime("%d %B %Y")) == day.isoformat()
    assert normalise_date(day.isoformat() + "T23:59:00-11:00") == day.isoformat()


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=80), st.lists(st.text(max_size=30), max_size=5)))
def test_normalise_authors_gives_clean_distinct_names(value):
    names = normalise_authors(value)
    assert len(set(names)) == len(names)
    assert all(name and name == name.strip() for name in names)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_decode_text_returns_text_or_a_reason(data):
    try:
        text = decode_text(data)
    except IngestError as exc:
        assert str(exc) in {"empty file", "binary file, not text"} or str(exc).startswith("binary file")
    else:
        assert text.strip() and "\x00" not in text


@settings(max_examples=150, deadline=None)
@given(_structured)
def test_fragment_and_markdown_conversion_never_raise_unexpectedly(source):
    try:
        text = fragment_to_text(source)
    except IngestError:
        pass
    else:
        assert normalise_whitespace(text) == text
    text, heading = markdown_to_text(source)
    assert normalise_whitespace(text) == text
    assert heading is None or heading.strip() == heading


@given(st.text(min_size=1), st.sampled_from([" ", "  ", "\n", "\t", "\n\n"]))
def test_article_id_ignores_whitespace_layout(text, spacer):
    assert article_id(text) == article_id(spacer.join(text.split()) + spacer)
