"""A ``published`` value that is not a date is ignored, and the article says so (fictional inputs).

The date stays unknown (``None``: "last Tuesday" cannot be anchored without knowing when it was
written), and ``Article.dropped`` carries the value with the reason, so the user sees why the
story's relative dates were not resolved.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.ingest import ingest
from newsfuse.ingest.articles import PUBLISHED_NOT_A_DATE_REASON
from newsfuse.ingest.normalise import Metadata, metadata_from_mapping, split_published
from newsfuse.model import Article, DroppedLine

BODY = "The fictional ferry board of Amsel Sound approved a winter timetable on its second vote."
IGNORED = DroppedLine(text="last Tuesday", reason="published value is not a date; ignored")


def only_article(path: Path) -> Article:
    result = ingest([path])
    assert result.skipped == []
    [article] = result.articles
    return article


def date_lines(article: Article) -> list[DroppedLine]:
    return [d for d in article.dropped if d.reason == PUBLISHED_NOT_A_DATE_REASON]


def test_reason_is_the_agreed_wording():
    assert PUBLISHED_NOT_A_DATE_REASON == "published value is not a date; ignored"


def test_json_record(tmp_path):
    path = tmp_path / "story.json"
    path.write_text(json.dumps({"title": "Timetable approved", "text": BODY, "published": "last Tuesday"}))
    article = only_article(path)
    assert article.published is None
    assert date_lines(article) == [IGNORED]


def test_json_lines_record_with_an_alias_key(tmp_path):
    path = tmp_path / "stories.jsonl"
    good = {"text": BODY, "date": "2026-11-21"}
    bad = {"text": BODY.replace("winter", "summer"), "date": "  last   Tuesday "}
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n")
    first, second = ingest([path]).articles
    assert (first.published, date_lines(first)) == ("2026-11-21", [])
    # the value is kept as written, its runs of spaces folded like every metadata field
    assert (second.published, date_lines(second)) == (None, [IGNORED])


def test_front_matter(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(f"---\ntitle: Timetable approved\npublished: last Tuesday\n---\n{BODY}\n")
    article = only_article(path)
    assert article.title == "Timetable approved"
    assert article.published is None
    assert date_lines(article) == [IGNORED]
    assert "last Tuesday" not in article.body


def test_sidecar(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(BODY + "\n")
    (tmp_path / "story.meta.json").write_text(json.dumps({"outlet": "Amsel Post", "published": "last Tuesday"}))
    article = only_article(path)
    assert article.outlet == "Amsel Post"
    assert article.published is None
    assert date_lines(article) == [IGNORED]


def test_sidecar_of_an_html_page(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(f"<html><body><article><p>{BODY}</p><p>{BODY.replace('winter', 'spring')}</p></article></body></html>")
    (tmp_path / "page.meta.json").write_text(json.dumps({"published": "last Tuesday"}))
    article = only_article(path)
    assert date_lines(article) == [IGNORED]


def test_a_date_from_elsewhere_still_wins_and_the_ignored_value_is_still_shown(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(f"---\npublished: last Tuesday\n---\n{BODY}\n")
    (tmp_path / "story.meta.json").write_text(json.dumps({"published": "21 November 2026"}))
    article = only_article(path)
    assert article.published == "2026-11-21"
    assert date_lines(article) == [IGNORED]


def test_feed_entry_date_that_is_not_a_date(tmp_path):
    path = tmp_path / "wire.rss"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Amsel Wire</title>'
        f"<item><title>Timetable approved</title><description>{BODY}</description>"
        "<pubDate>last Tuesday</pubDate></item></channel></rss>"
    )
    article = only_article(path)
    assert article.published is None
    assert date_lines(article) == [IGNORED]


def test_real_dates_and_absent_dates_add_no_line(tmp_path):
    for n, extra in enumerate([{"published": "2026-11-21"}, {"published": "Sat, 21 Nov 2026 09:00:00 +0100"}, {}]):
        path = tmp_path / f"s{n}.json"
        path.write_text(json.dumps({"text": BODY, **extra}))
        assert date_lines(only_article(path)) == []


def test_an_empty_published_value_is_absent_not_ignored():
    assert split_published("   ") == (None, [])
    assert metadata_from_mapping({"published": ""}).unparsed_published == []


def test_merging_metadata_keeps_each_ignored_value_once():
    mine = Metadata(unparsed_published=["last Tuesday"])
    theirs = Metadata(published="2026-11-21", unparsed_published=["last Tuesday", "soon"])
    merged = mine.over(theirs)
    assert merged.published == "2026-11-21"
    assert merged.unparsed_published == ["last Tuesday", "soon"]


@settings(deadline=None, max_examples=150)  # dateparser's first calls load its language data
@given(st.text(max_size=60))
def test_split_published_either_dates_or_keeps_the_value(text):
    date, unparsed = split_published(text)
    if date is not None:
        assert dt.date.fromisoformat(date).isoformat() == date
        assert unparsed == []
    elif text.strip():
        assert unparsed == [" ".join(text.split())]
    else:
        assert unparsed == []


@settings(deadline=None)
@given(st.dates())
def test_split_published_reads_every_iso_date(day):
    assert split_published(day.isoformat()) == (day.isoformat(), [])
    assert split_published(day) == (day.isoformat(), [])
