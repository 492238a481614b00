"""Ingestion of every supported format, from fictional fixtures in tests/data/ingest/corpus."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from newsfuse.ingest import article_id, ingest
from newsfuse.model import Article

CORPUS = Path(__file__).parent / "data" / "ingest" / "corpus"


def only_article(path: Path) -> Article:
    result = ingest([path])
    assert result.skipped == []
    assert len(result.articles) == 1
    return result.articles[0]


def by_path(result_articles: list[Article]) -> dict[str, Article]:
    return {a.path: a for a in result_articles}


def test_txt_front_matter_sets_metadata_and_is_not_in_the_body():
    article = only_article(CORPUS / "pasted" / "bridge.txt")
    assert article.title == "Flood waters close the Marrow Bridge"
    assert article.outlet == "The Valley Ledger"
    assert article.authors == ["Jane Ashdown", "Tom Reyes"]
    assert article.published == "2026-11-21"
    assert article.url == "https://valleyledger.example/news/marrow-bridge"
    assert "---" not in article.body and "outlet:" not in article.body
    assert article.body.splitlines()[0].startswith("Rising water on the river Calder")
    assert len(article.body.splitlines()) == 3
    assert article.id == article_id(article.body)


def test_txt_sidecar_sets_metadata_and_repeated_headline_is_dropped():
    article = only_article(CORPUS / "pasted" / "harbour.txt")
    assert (article.title, article.outlet, article.authors, article.published) == (
        "Harbour crane collapses in storm",
        "Gallow Bay Gazette",
        ["Priya Novak"],
        "2026-11-20",
    )
    assert article.url == "https://gazette.example/crane"
    assert not article.body.startswith("Harbour crane")
    assert [d.text for d in article.dropped] == ["Harbour crane collapses in storm"]


def test_sidecar_wins_over_front_matter(tmp_path):
    (tmp_path / "story.txt").write_text(
        "---\ntitle: Front title\noutlet: Front Outlet\n---\nA fictional council met on Monday.\n"
    )
    (tmp_path / "story.meta.json").write_text(json.dumps({"outlet": "Sidecar Outlet"}))
    article = only_article(tmp_path / "story.txt")
    assert article.outlet == "Sidecar Outlet"
    assert article.title == "Front title"


def test_markdown_markup_is_stripped():
    article = only_article(CORPUS / "pasted" / "wildfire.md")
    assert article.title == "Wildfire reaches the edge of Pinecrest"
    lines = article.body.splitlines()
    # Links become their text, emphasis and list markers go, wrapped lines join, images vanish.
    assert (
        "Firefighters held a line along the Old Mill Road on Saturday as the blaze "
        "reached the first houses of Pinecrest." in lines
    )
    assert "About 1,200 residents left their homes." in lines
    assert not any(mark in article.body for mark in ("#", "*", "](", "![", "smoke.jpg", "> "))


def test_markdown_html_block_stays_its_own_paragraph(tmp_path):
    path = tmp_path / "note.md"
    path.write_text(
        "Opening fictional paragraph.\n\n<div>A raw <b>HTML</b> block.</div>\n\nClosing paragraph.\n"
    )
    assert only_article(path).body.splitlines() == [
        "Opening fictional paragraph.",
        "A raw HTML block.",
        "Closing paragraph.",
    ]


def test_html_main_text_and_metadata():
    article = only_article(CORPUS / "valley-ledger.html")
    assert article.title == "Dam inspection ordered after tremor"
    assert article.outlet == "The Valley Ledger"
    assert article.authors == ["Jane Ashdown"]
    # The date as written in the page's own time zone, not moved to UTC (which would be the 20th).
    assert article.published == "2026-11-19"
    assert article.url == "https://valleyledger.example/news/dam-inspection"
    lines = article.body.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("The regional water board ordered")
    assert "Sport" not in article.body and "newsletter" not in article.body


def test_rss_entries_content_and_summary_only():
    result = ingest([CORPUS / "feeds" / "coastal.rss"])
    assert result.skipped == []
    first, second = result.articles
    assert first.path.endswith("coastal.rss#entry-1")
    assert second.path.endswith("coastal.rss#entry-2")
    assert first.summary_only is False
    assert first.body.splitlines() == [
        "Ferries between Port Amsel and Skerry Island resumed on Saturday after a two-day suspension.",
        "The operator said 14 crossings would run, up from the usual 10, to clear the backlog.",
    ]
    assert first.authors == ["Mina Sato"]
    # RFC 822 date with +11:00: the publisher's calendar day, not UTC's (the 20th).
    assert first.published == "2026-11-21"
    assert first.outlet == "Coastal Wire"
    assert first.url == "https://coastalwire.example/ferry"
    assert second.summary_only is True
    assert second.body == (
        "The keeper of the Skerry light, Elias Brand, received the county medal for thirty years of service."
    )
    assert second.published == "2026-11-20"


def test_atom_entry():
    article = only_article(CORPUS / "feeds" / "bulletin.atom")
    assert article.path.endswith("bulletin.atom#entry-1")
    assert article.outlet == "Northfield Bulletin"
    assert article.authors == ["Oskar Lind"]
    assert article.published == "2026-11-21"
    assert article.summary_only is False
    assert len(article.body.splitlines()) == 2


def test_entry_source_names_the_outlet_over_the_feed_title(tmp_path):
    feed = tmp_path / "agg.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Aggregator</title>'
        '<item><title>T</title><source url="https://orig.example/rss">Original Post</source>'
        "<description>A fictional summary sentence.</description></item></channel></rss>"
    )
    assert only_article(feed).outlet == "Original Post"


def test_jsonl_records_and_bad_line():
    result = ingest([CORPUS / "wire.jsonl"])
    articles = by_path(result.articles)
    base = str(CORPUS / "wire.jsonl")
    assert sorted(articles) == [f"{base}#line-1", f"{base}#line-2", f"{base}#line-4"]
    [bad] = result.skipped
    assert bad.path == f"{base}#line-3"
    assert bad.reason.startswith("invalid JSON (")
    rail = articles[f"{base}#line-1"]
    assert rail.outlet == "Metro Daily"
    assert rail.authors == ["Hana Ito", "Carl Mendes"]
    assert rail.published == "2026-11-18"
    # Only whitespace normalisation: blank line gone, runs of spaces collapsed.
    assert rail.body == (
        "The eastern rail line reopened on Wednesday after repairs to a signal box.\n"
        "Commuters faced delays of up to an hour in the morning."
    )
    market = articles[f"{base}#line-4"]  # an "html" record goes through trafilatura
    assert market.body.startswith("A fire broke out in the kitchen")
    assert "<" not in market.body
    assert market.published == "2026-11-17"
    assert market.title == "Market hall fire"


def test_json_array_records():
    result = ingest([CORPUS / "records.json"])
    assert result.skipped == []
    assert [a.path.rsplit("#", 1)[1] for a in result.articles] == ["record-1", "record-2"]
    assert [a.published for a in result.articles] == ["2026-11-16", "2026-11-16"]
    assert result.articles[0].authors == ["Amy Vance"]


def test_json_single_object_and_json_lines_saved_as_json(tmp_path):
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"body": "A fictional body about a parade.", "site": "Town Crier"}))
    article = only_article(single)
    assert article.path == str(single)
    assert article.outlet == "Town Crier"
    lines = tmp_path / "lines.json"
    lines.write_text('{"text": "First fictional record."}\n{"text": "Second fictional record."}\n')
    assert [a.path.rsplit("#", 1)[1] for a in ingest([lines]).articles] == ["line-1", "line-2"]


def test_outlet_falls_back_to_the_url_host(tmp_path):
    record = tmp_path / "r.json"
    record.write_text(json.dumps({"text": "A fictional body.", "url": "https://www.harbourtimes.example/a"}))
    assert only_article(record).outlet == "harbourtimes.example"


def test_directory_walk_is_recursive_sorted_and_skips_hidden_and_sidecars(tmp_path):
    root = tmp_path / "in"
    shutil.copytree(CORPUS, root)
    (root / ".hidden.txt").write_text("A hidden fictional note.")
    (root / ".cache").mkdir()
    (root / ".cache" / "x.txt").write_text("Inside a hidden folder.")
    result = ingest([root])
    names = [Path(a.path.split("#")[0]).relative_to(root).as_posix() for a in result.articles]
    assert names == sorted(names, key=lambda n: n.split("/"))
    assert "pasted/bridge.txt" in names and "feeds/coastal.rss" in names and "wire.jsonl" in names
    assert not any("hidden" in n or ".cache" in n for n in names)
    # The sidecar is read with its article, never reported as a file of its own.
    assert not any(s.path.endswith(".meta.json") for s in result.skipped)
    assert len(result.articles) == 12
    assert [s.path.rsplit("#", 1)[1] for s in result.skipped] == ["line-3"]


def test_stdin_is_pasted_text_with_front_matter():
    # Bytes in cp1252 on a stream that claims UTF-8: the bytes are read and detected like a file's.
    pasted = (
        "---\noutlet: Stdin Star\n---\nCaf\u00e9 owners in Mont\u00e9ras met on Monday, a fictional report.\n"
    )
    stdin = io.TextIOWrapper(io.BytesIO(pasted.encode("cp1252")), encoding="utf-8")
    result = ingest(["-"], stdin=stdin)
    [article] = result.articles
    assert article.path == "<stdin>"
    assert article.outlet == "Stdin Star"
    assert article.body == "Caf\u00e9 owners in Mont\u00e9ras met on Monday, a fictional report."


def test_stdin_without_a_byte_buffer_and_missing_stdin():
    [article] = ingest(["-"], stdin=io.StringIO("Plain fictional text.")).articles
    assert article.body == "Plain fictional text."
    result = ingest(["-"], stdin=None)
    assert result.articles == [] and len(result.skipped) == 1


def test_duplicates_are_reported_with_the_first_path(tmp_path):
    text = "The fictional mayor opened the new library on Monday.\nHundreds attended."
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "b.txt").write_text(
        "  The fictional mayor   opened the new library on Monday.\n\nHundreds attended.\n"
    )
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": text}) + "\n")
    result = ingest([tmp_path])
    assert [a.path for a in result.articles] == [str(tmp_path / "a.txt")]
    assert [(s.path, s.reason) for s in result.skipped] == [
        (str(tmp_path / "b.txt"), f"duplicate of {tmp_path / 'a.txt'}"),
        (str(tmp_path / "c.jsonl#line-1"), f"duplicate of {tmp_path / 'a.txt'}"),
    ]


def test_article_objects_pass_through_and_take_part_in_deduplication(tmp_path):
    body = "A fictional ready-made article."
    given = Article(id=article_id(body), path="memory:1", body=body, outlet="Given")
    (tmp_path / "same.txt").write_text(body)
    result = ingest([given, tmp_path / "same.txt"])
    assert result.articles == [given]
    assert result.skipped[0].reason == "duplicate of memory:1"
    # The body decides, not a caller-chosen id.
    renamed = Article(id="custom-id", path="memory:2", body="A  fictional ready-made article.\n")
    assert [s.reason for s in ingest([given, renamed]).skipped] == ["duplicate of memory:1"]


def test_empty_path_is_not_the_current_folder():
    result = ingest([""])
    assert result.articles == [] and [s.reason for s in result.skipped] == ["empty path"]


def test_ids_are_stable_across_runs_and_formats(tmp_path):
    (tmp_path / "x.txt").write_text("Same fictional words.")
    (tmp_path / "x.json").write_text(json.dumps({"text": "Same  fictional words."}))
    first = ingest([tmp_path / "x.txt"]).articles[0].id
    assert ingest([tmp_path / "x.txt"]).articles[0].id == first
    assert ingest([tmp_path / "x.json"]).articles[0].id == first


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        (
            "cp1252",
            "Caf\u00e9 owners in Mont\u00e9ras said \u201cwe re-open on Monday\u201d \u2013 fictional.",
        ),
        (
            "utf-16",
            "The na\u00efve fictional reporter visited Z\u00fcrich and \u0141\u00f3d\u017a on Tuesday.",
        ),
        ("utf-16-le", "A fictional report from S\u00e3o Paulo on Wednesday about the river level."),
        ("utf-8-sig", "A fictional report with a byte-order mark from Malm\u00f6."),
        ("latin-1", "Le maire de Montr\u00e9al a parl\u00e9 \u00e0 la presse ce matin, fictif."),
    ],
)
def test_encodings_decode_right(tmp_path, encoding, text):
    path = tmp_path / "enc.txt"
    path.write_bytes(text.encode(encoding))
    assert only_article(path).body == text


def test_html_with_declared_charset_decodes_right(tmp_path):
    page = (
        '<html><head><meta charset="windows-1252"><title>Caf\u00e9 fire</title></head><body><article>'
        "<p>Firefighters said the caf\u00e9 in the fictional town of Br\u00fble was empty when the fire began.</p>"
        "<p>The owner, Ren\u00e9e Faure, said she would rebuild \u2013 with help from neighbours.</p>"
        "</article></body></html>"
    )
    path = tmp_path / "p.html"
    path.write_bytes(page.encode("cp1252"))
    article = only_article(path)
    assert "caf\u00e9 in the fictional town of Br\u00fble" in article.body
    assert "Ren\u00e9e Faure" in article.body and "\u2013" in article.body
