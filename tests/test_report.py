"""Reports on a hand-built fictional briefing: escaping, sections, citation anchors, CSV columns, Markdown."""

from __future__ import annotations

import csv
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newsfuse.model import (
    Article,
    Briefing,
    Citation,
    Claim,
    Conflict,
    DroppedLine,
    Entity,
    Event,
    EventActor,
    MentionRef,
    NormalizedValue,
    Place,
    Quantity,
    Quote,
    Sentence,
    SentenceRef,
    Skipped,
    SummarySentence,
    TimelineEntry,
)
from newsfuse.report import FORMATS, csv_out, html, markdown, parse_formats, write_reports

EVIL = "<script>alert('x')</script> & <b>bold</b>"


def _article(aid: str, outlet: str, published: str, sentences: list[str], **extra) -> Article:
    body, spans, pos = "", [], 0
    for i, s in enumerate(sentences):
        spans.append(Sentence(index=i, text=s, start=pos, end=pos + len(s)))
        body += s + "\n"
        pos += len(s) + 1
    return Article(id=aid, path=f"{aid}.txt", outlet=outlet, published=published, body=body, sentences=spans,
                   title=f"{outlet} report", **extra)


A = _article("a1", "Harbour Times", "2031-03-01", [
    "Valdorian engineers reopened the Sava bridge on Monday.",
    "The port authority said 14 ships were waiting at the quay.",
    f"A resident wrote {EVIL} on a placard.",
], dropped=[DroppedLine(text=f"Share this {EVIL}", reason="share widget")], authors=["Ana Vel"])
B = _article("b1", "Valley Courier", "2031-03-02", [
    "The Sava bridge was reopened by Valdorian engineers on Monday.",
    "The port authority said 20 ships were waiting at the quay.",
    "\"We kept the river open,\" said Mayor Ivo Lenk.",
])


def briefing() -> Briefing:
    return Briefing(
        newsfuse_version="test",
        articles=[A, B],
        skipped=[Skipped(path="bad.bin", reason="not text")],
        entities=[
            Entity(id="E1", name="Sava", type="place", variants=["Sava", "Sawa"],
                   mentions=[MentionRef(article="a1", sentence=0, text="Sava"),
                             MentionRef(article="b1", sentence=0, text="Sava")]),
            Entity(id="E2", name="Ivo Lenk", type="person", variants=["Ivo Lenk", EVIL],
                   mentions=[MentionRef(article="b1", sentence=2, text="Ivo Lenk")]),
        ],
        places=[
            Place(entity="E1", name="Sava", lat=45.1, lon=19.9, country="RS", resolved=True, confidence=0.8,
                  feature="H.STM"),
            Place(entity="E9", name=EVIL, resolved=False, note="no place of this name"),
        ],
        quotes=[
            Quote(speaker="Ivo Lenk", speaker_entity="E2", text="We kept the river open", direct=True,
                  article="b1", sentence=2, cue="said"),
            Quote(speaker=None, text=EVIL, direct=False, article="a1", sentence=2),
        ],
        quantities=[Quantity(text="14 ships", value=14, unit="ship", normalized=NormalizedValue(value=14, unit="count"),
                             article="a1", sentence=1, measures="ships waiting")],
        claims=[
            Claim(id="C1", text=A.sentences[0].text, articles=["a1", "b1"], support=2,
                  sentences=[SentenceRef(article="a1", sentence=0, text=A.sentences[0].text),
                             SentenceRef(article="b1", sentence=0, text=B.sentences[0].text)]),
            Claim(id="C2", text=A.sentences[1].text, articles=["a1"], support=1, single_source=True,
                  sentences=[SentenceRef(article="a1", sentence=1, text=A.sentences[1].text)],
                  conflicts=[Conflict(claim="C3", reason="different figures for ships waiting: '14' vs '20'")]),
            Claim(id="C3", text=B.sentences[1].text, articles=["b1"], support=1, single_source=True,
                  sentences=[SentenceRef(article="b1", sentence=1, text=B.sentences[1].text)],
                  conflicts=[Conflict(claim="C2", reason="different figures for ships waiting: '14' vs '20'")],
                  notes=[f"a note with {EVIL}"]),
            Claim(id="C4", text=A.sentences[2].text, articles=["a1"], support=1, single_source=True,
                  sentences=[SentenceRef(article="a1", sentence=2, text=A.sentences[2].text)]),
        ],
        timeline=[TimelineEntry(date="2031-02-28", precision="day", text=A.sentences[0].text, article="a1",
                                sentence=0, expression="on Monday")],
        summary=[
            SummarySentence(text=A.sentences[0].text, citations=[Citation(article="a1", sentence=0),
                                                                 Citation(article="b1", sentence=0)]),
            SummarySentence(text=f"Outlets differ: {EVIL}", citations=[Citation(article="a1", sentence=1),
                                                                       Citation(article="b1", sentence=1)]),
        ],
        events=[Event(id="EV1", type="AID", trigger="reopened", source=EventActor(text=f"engineers {EVIL}"),
                      target=EventActor(text="the Sava bridge", entity="E1"), place="Sava", date="2031-02-28",
                      article="a1", sentence=0)],
        independent_outlets=2,
    )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name == "href" and value:
                self.hrefs.append(value)


def _links(page: str) -> _Links:
    parser = _Links()
    parser.feed(page)
    return parser


def test_html_escapes_every_article_text():
    page = html.render(briefing())
    assert "<script>alert" not in page
    assert "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(" in page
    # the static page runs nothing: citations work through :target
    assert "script" not in _links(page).tags
    assert "getElementById" in html.script()


def test_html_has_every_section_when_data_is_present():
    ids = _links(html.render(briefing())).ids
    for section in ("summary", "facts", "quotes", "figures", "entities", "places", "timeline", "sources",
                    "articles", "skipped"):
        assert section in ids, section


def test_every_internal_link_has_a_target():
    links = _links(html.render(briefing()))
    internal = [h[1:] for h in links.hrefs if h.startswith("#")]
    assert internal
    assert [h for h in internal if h not in links.ids] == []
    for s in briefing().summary:
        for c in s.citations:
            assert f"s-{c.article}-{c.sentence}" in links.ids


def test_conflict_shows_both_sides_and_single_source_flag():
    page = html.render(briefing())
    assert "different figures for ships waiting" in page
    assert "20 ships were waiting" in page and "14 ships were waiting" in page
    assert "single source" in page
    # what each outlet alone contributes
    sources = page[page.index('id="sources"'):page.index('id="articles"')]
    assert "Reported only by Harbour Times" in sources and "14 ships" in sources


def test_map_is_inline_svg_without_network():
    page = html.render(briefing())
    assert "<svg" in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page
    assert "<link" not in page


def test_fragment_has_no_document_wrapper_and_stylesheet_is_separate():
    fragment = html.render_fragment(briefing())
    tags = _links(fragment).tags
    assert "html" not in tags and "head" not in tags and "style" not in tags and "body" not in tags
    assert 'id="summary"' in fragment
    css = html.stylesheet()
    assert "@media print" in css and "@media (max-width" in css and ":target" in css


def test_html_without_optional_data_still_renders():
    b = Briefing(newsfuse_version="test", articles=[A])
    ids = _links(html.render(b)).ids
    assert {"sources", "articles"} <= ids
    assert "summary" not in ids and "places" not in ids


def test_markdown_carries_the_same_sections_and_escapes():
    md = markdown.render(briefing())
    for heading in ("## Summary", "## Facts across outlets", "## Who said what", "## Figures", "## Entity index",
                    "## Places", "## Timeline", "## Sources", "## Articles", "## Skipped inputs"):
        assert heading in md, heading
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "(#s-a1-0)" in md and '<a id="s-a1-0"></a>' in md
    assert "<details>" in md


def test_csv_tables_have_their_columns(tmp_path: Path):
    paths = csv_out.write(briefing(), tmp_path)
    assert [p.name for p in paths] == ["claims.csv", "quotes.csv", "places.csv", "events.csv", "fused_events.csv",
                                        "coverage.csv"]
    with (tmp_path / "claims.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == csv_out.CLAIM_COLUMNS
    assert rows[0]["outlets"] == "Harbour Times | Valley Courier"
    assert rows[1]["conflicts"].startswith("C3: different figures")
    with (tmp_path / "quotes.csv").open(encoding="utf-8", newline="") as fh:
        quotes = list(csv.DictReader(fh))
    assert tuple(quotes[0]) == csv_out.QUOTE_COLUMNS
    assert quotes[1]["text"] == EVIL  # CSV carries text as written; quoting keeps it one field
    with (tmp_path / "places.csv").open(encoding="utf-8", newline="") as fh:
        places = list(csv.DictReader(fh))
    assert tuple(places[0]) == csv_out.PLACE_COLUMNS
    assert places[0]["lat"] == "45.1" and places[1]["lat"] == ""


def test_write_reports_with_csv(tmp_path: Path):
    assert "csv" in FORMATS
    written = write_reports(briefing(), tmp_path, parse_formats("html,csv"))
    assert sorted(p.name for p in written) == ["briefing.html", "claims.csv", "coverage.csv", "events.csv", "fused_events.csv",
                                                "places.csv",
                                                "quotes.csv"]
    assert parse_formats("") == ["json", "md", "html"]
    with pytest.raises(ValueError, match="unknown format"):
        parse_formats("pdf")


def test_events_table_in_html_and_markdown_escaped_and_cited():
    page = html.render(briefing())
    assert '<section id="events">' in page and "reopened" in page
    assert "<script>alert" not in page
    text = markdown.render(briefing())
    events = text.split("## Events", 1)[1].split("##", 1)[0]
    assert "| 2031-02-28 | AID |" in events and "reopened" in events and "<script>" not in events


@pytest.mark.parametrize("url", ["javascript:alert(document.domain)", "data:text/html,<b>x</b>", "JaVaScRiPt:x"])
def test_only_http_urls_become_links(url: str):
    article = _article("u1", "Odd Feed", "2031-03-03", ["A sentence long enough to be a body line."], url=url)
    b = Briefing(newsfuse_version="test", articles=[article])
    page = html.render(b)
    assert f'href="{url}' not in page and "href=\"javascript" not in page.lower()
    text = markdown.render(b)
    assert f"<{url}>" not in text


def test_http_urls_are_links():
    article = _article("u2", "Good Feed", "2031-03-03", ["A sentence long enough to be a body line."],
                       url="https://example.org/story")
    assert 'href="https://example.org/story"' in html.render(Briefing(newsfuse_version="test", articles=[article]))
