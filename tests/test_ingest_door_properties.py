"""Property tests over every ingestion entry point: each input is an article or a one-line skip, and the batch finishes.

Entry points: files (hostile names and contents, every format), standard input, feeds, JSON
records, front matter, the web forms and the REST API.  Every batch also carries one good article,
which must come through whatever its neighbours hold, and the briefing of the batch must serialise.
``bench/fuzz_ingest.py`` runs these same properties for a set time (the issue's 10-minute campaign).
All texts are invented.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import warnings
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.ingest import IngestResult, ingest
from newsfuse.model import Briefing

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette's test client would prefer httpx2 on import
    from fastapi.testclient import TestClient

GOOD = (
    "The orchard cooperative of Fennick Vale reported its best pear harvest in a decade on Tuesday, "
    "its chair Rosalind Tewk said. Growers credited a mild spring and new netting against late frost."
)
# Pieces that broke ingestion or output before: controls, escapes, odd spaces, lone surrogates,
# bad character references, impossible dates, link syntax, markup and format punctuation.
# fmt: off
HOSTILE_PIECES = [
    "\x1b]0;title\x07", "\x1b[2J", "\x00", "\x07", "\x7f", "\x85", "\u2028", "\ufeff", "\u200b", "\u00a0", "\u3000",
    "\ud800", "\udfff", "\udcff", "&#1114112;", "&#xD800;", "&#0;", "&bogus;", "2026-02-30", "[x](javascript:alert(1))",
    "<p>", "</item>", "<item>", "<![CDATA[", "---\n", "title: ", "published: ", '"', "{", "[", "\n", "\t", "`",
    "Fennick Vale growers met on Friday. ", "Les producteurs se sont réunis. ", "قال المزارعون ", "1,2,3\n",
]
# fmt: on
hostile_text = st.one_of(
    st.lists(st.sampled_from(HOSTILE_PIECES), max_size=30).map("".join),
    st.text(alphabet=st.characters(exclude_categories=()), max_size=300),  # surrogates included
)
name_bytes = st.binary(min_size=1, max_size=120).map(lambda b: b.replace(b"/", b"_").replace(b"\x00", b"_"))
suffixes = st.sampled_from([".txt", ".md", ".html", ".json", ".jsonl", ".xml", ".rss", ".pdf", ""])

# Enough examples in the suite to exercise each entry point; bench/fuzz_ingest.py runs them for minutes.
_suite = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def looks_binary(text: str) -> bool:
    """Hostile text that makes a whole file binary (more than stray NULs, or many control characters)."""
    controls = sum(1 for ch in text if (ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F) and ch not in "\n\r\t\f\v\x85")
    return text.count("\x00") > 2 or controls > 0.04 * (len(text) + len(GOOD))


def check_batch(result: IngestResult, good_marker: str | None = "Fennick Vale", same_file: str = "") -> None:
    """The property: one-line skips with a specific reason, the good article through, the briefing serialisable.

    ``same_file`` is hostile text written into the good article's own file (a feed entry, a record):
    when it makes that file binary, the file is one skip and the good article goes with it.
    """
    for skip in result.skipped:
        assert skip.reason.strip() and "\n" not in skip.reason and "\n" not in skip.path, skip
        assert "internal error" not in skip.reason, skip
    for article in result.articles:
        assert article.body.strip()
    if good_marker is not None and not looks_binary(same_file):
        assert any(good_marker in a.body and "orchard cooperative" in a.body for a in result.articles), result
    Briefing(newsfuse_version="t", articles=result.articles, skipped=result.skipped).model_dump_json()


def _encode(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogatepass")


def files_property(name: bytes, suffix: str, content: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = os.fsencode(folder)
        (Path(folder) / "good.txt").write_text(GOOD, encoding="utf-8")
        hostile = os.fsdecode(root + b"/" + name + suffix.encode())
        try:
            Path(hostile).write_bytes(_encode(content))
        except OSError:
            return  # a name this file system refuses (too long once the suffix is added)
        check_batch(ingest([folder, os.path.join(folder, "no-such-folder")]))


def stdin_property(content: str, as_bytes: bool) -> None:
    stream: io.TextIOBase
    if as_bytes:
        stream = io.TextIOWrapper(io.BytesIO(_encode(content)), encoding="utf-8", errors="surrogateescape")
    else:
        stream = io.StringIO(content)
    result = ingest(["-"], stdin=stream)
    check_batch(result, good_marker=None)
    assert len(result.articles) + len(result.skipped) == 1


def feed_property(title: str, description: str) -> None:
    good_item = f"<item><title>Pears</title><description>{GOOD}</description></item>"
    hostile_item = f"<item><title>{title}</title><description>{description}</description></item>"
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Vale Post</title>{good_item}{hostile_item}'
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "vale.rss"
        path.write_bytes(_encode(feed + "</channel></rss>"))
        check_batch(ingest([path]), same_file=title + description)


def json_property(record: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "records.json"
        path.write_text(json.dumps([{"title": "Pears", "text": GOOD}, record]), encoding="ascii")
        check_batch(ingest([path]))


def front_matter_property(front_matter: str, body: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "good.md").write_text(GOOD, encoding="utf-8")
        (Path(folder) / "hostile.md").write_bytes(_encode(f"---\n{front_matter}\n---\n{body}"))
        check_batch(ingest([folder]))


def _client() -> TestClient:
    from newsfuse.web import create_app
    from test_web import FakeStore

    return TestClient(create_app(store=FakeStore()), base_url="http://127.0.0.1")


def web_form_property(text: str, title: str, filename: bytes) -> None:
    client = _client()
    form = {"text": text.encode("utf-8", "replace").decode("utf-8"), "title": title.encode("utf-8", "replace").decode()}
    assert client.post("/paste", data=form).status_code in (200, 400, 422)
    boundary = b"fuzzboundary"
    part = (b"--" + boundary + b'\r\nContent-Disposition: form-data; name="files"; filename="' + filename.replace(b'"', b"_")
            + b'.txt"\r\n\r\n' + _encode(text) + b"\r\n--" + boundary + b"--\r\n")
    response = client.post("/upload", content=part, headers={"content-type": "multipart/form-data; boundary=fuzzboundary"})
    assert response.status_code in (200, 400, 413, 422), response.text


def api_property(body: bytes) -> None:
    response = _client().post("/api/articles", content=body, headers={"content-type": "application/json"})
    assert response.status_code in (200, 400, 413, 415, 422), response.text


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | hostile_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text, inner, max_size=3),
    max_leaves=8,
)
json_records = st.fixed_dictionaries(
    {},
    optional={
        "title": json_values, "text": hostile_text, "html": hostile_text, "author": json_values,
        "published": json_values, "url": json_values, "outlet": json_values,
    },
)
api_bodies = st.one_of(
    st.binary(max_size=400),
    json_records.map(lambda r: json.dumps(r).encode()),
    st.lists(json_records, max_size=3).map(lambda r: json.dumps(r).encode()),
    st.sampled_from([b"[" * 100_000, b"9" * 5_000, b'{"text": "\\ud800"}', b"{}", b"[]", b'"text"']),
)


@_suite
@given(name=name_bytes, suffix=suffixes, content=hostile_text)
def test_files(name: bytes, suffix: str, content: str) -> None:
    files_property(name, suffix, content)


@_suite
@given(content=hostile_text, as_bytes=st.booleans())
def test_stdin(content: str, as_bytes: bool) -> None:
    stdin_property(content, as_bytes)


@_suite
@given(title=hostile_text, description=hostile_text)
def test_feeds(title: str, description: str) -> None:
    feed_property(title, description)


@_suite
@given(record=json_records)
def test_json_records(record: dict[str, Any]) -> None:
    json_property(record)


@_suite
@given(front_matter=hostile_text, body=hostile_text)
def test_front_matter(front_matter: str, body: str) -> None:
    front_matter_property(front_matter, body)


@_suite
@given(text=hostile_text, title=hostile_text, filename=name_bytes)
def test_web_forms(text: str, title: str, filename: bytes) -> None:
    web_form_property(text, title, filename)


@_suite
@given(body=api_bodies)
def test_api(body: bytes) -> None:
    api_property(body)
