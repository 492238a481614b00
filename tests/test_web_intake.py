"""Staging uploads for ingestion: file-name sanitising (property tests) and the kind of a fetched document."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfuse.web.intake import MAX_NAME_CHARS, Staging, fetched_extension, sanitise_filename

SAFE = re.compile(r"[A-Za-z0-9._-]+")


@given(st.text(max_size=300))
def test_sanitised_name_is_one_safe_visible_component(name: str) -> None:
    safe = sanitise_filename(name)
    assert SAFE.fullmatch(safe), safe
    assert 0 < len(safe) <= MAX_NAME_CHARS
    assert not safe.startswith(".")
    assert safe not in (".", "..") and "/" not in safe and "\\" not in safe


@given(st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=40),
       st.sampled_from(["txt", "html", "rss", "jsonl", "md", "JSON"]))
def test_extension_is_kept(stem: str, ext: str) -> None:
    assert sanitise_filename(f"{stem}.{ext}").endswith(f".{ext}")


@given(st.text(max_size=120))
def test_sanitising_is_idempotent(name: str) -> None:
    once = sanitise_filename(name)
    assert sanitise_filename(once) == once


@pytest.mark.parametrize(
    ("given_name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\Desktop\\report.html", "report.html"),
        (".hidden.txt", "hidden.txt"),
        ("..", "upload"),
        ("", "upload"),
        ("Crónica del día.txt", "Cronica_del_dia.txt"),
        ("a" * 300 + ".jsonl", "a" * (MAX_NAME_CHARS - 6) + ".jsonl"),
        ("feed", "feed"),
    ],
)
def test_sanitise_examples(given_name: str, expected: str) -> None:
    assert sanitise_filename(given_name) == expected


def test_staging_keeps_same_names_apart_and_cleans_up() -> None:
    with Staging() as staging:
        staging.add_bytes("story.txt", b"one", "upload")
        staging.add_bytes("sub/story.txt", b"two", "upload")
        staging.add_bytes("STORY.txt", b"three", "upload")
        files = [item.file for item in staging.inputs]
        assert [f.name for f in files if f] == ["story.txt", "story-2.txt", "STORY-3.txt"]
        assert [item.shown for item in staging.inputs] == ["upload/story.txt", "upload/story-2.txt",
                                                           "upload/STORY-3.txt"]
        assert [f.read_bytes() for f in files if f] == [b"one", b"two", b"three"]
        folder = staging.folder
    assert not folder.exists()


@pytest.mark.parametrize(
    ("content_type", "data", "extension"),
    [
        ("text/html; charset=utf-8", b"", ".html"),
        ("application/rss+xml", b"", ".rss"),
        ("application/atom+xml", b"", ".atom"),
        ("text/xml", b"", ".xml"),
        ("application/json", b"{}", ".json"),
        ("text/plain", b"words", ".txt"),
        ("application/octet-stream", b'\xef\xbb\xbf<?xml version="1.0"?><rss/>', ".xml"),
        ("", b"  <!DOCTYPE html><html></html>", ".html"),
    ],
)
def test_fetched_extension(content_type: str, data: bytes, extension: str) -> None:
    assert fetched_extension(content_type, data) == extension


def test_unknown_fetched_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="image/png"):
        fetched_extension("image/png", b"\x89PNG")


def test_an_article_the_store_sets_aside_is_reported_under_its_input_not_as_an_error() -> None:
    import threading
    from dataclasses import dataclass, field

    from newsfuse.model import Skipped
    from newsfuse.web.intake import Staging, store_staged

    @dataclass
    class _Report:
        added: list[str] = field(default_factory=list)
        revisions: list[str] = field(default_factory=list)
        unchanged: list[str] = field(default_factory=list)
        skipped: list[Skipped] = field(default_factory=list)
        duplicates_of: dict[str, str] = field(default_factory=dict)
        stories: list[str] = field(default_factory=list)

    class _Sink:
        def add(self, inputs):  # the store's second look refuses every article
            return _Report(skipped=[Skipped(path=a.path, reason="duplicate of upload/other.txt") for a in inputs])

    body = ("Flood barriers held overnight in the river town of Velmora, the district council said on Tuesday.\n"
            "Engineers had raised the temporary walls by half a metre after two days of heavy rain upstream.\n")
    with Staging() as staging:
        staging.add_bytes("story.txt", body.encode(), "upload")
        result = store_staged(staging, _Sink(), threading.Lock())
    (item,) = result.inputs
    assert item.articles == []
    assert [s.reason for s in item.skipped] == ["duplicate of upload/other.txt"]
