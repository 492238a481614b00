"""Issue 15: coverage matrix, disputes, timeline rows and what changed, on a hand-built briefing (invented words)."""

from __future__ import annotations

import csv
from pathlib import Path

from newsfuse.model import (
    AgencyCopy,
    Article,
    Briefing,
    Claim,
    Conflict,
    ConflictSide,
    EventFigure,
    EventSource,
    FigureReport,
    FusedEvent,
    NormalizedValue,
    Quantity,
    Sentence,
    SentenceRef,
    TimelineEntry,
)  # fmt: skip
from newsfuse.report import csv_out, html, markdown, what_changed
from newsfuse.report.coverage import coverage
from newsfuse.report.digest import disputes, timeline_rows

SENTENCES = {
    "p1": ["Lanterns lit the Orvel quay on Monday.", "The ferry carried 40 riders.", "Only Pike says the gulls left."],
    "p2": ["Lanterns lit the Orvel quay on Monday.", "The ferry carried 55 riders."],
    "p3": ["Lanterns lit the Orvel quay on Monday."],
    "p4": ["Lanterns lit the Orvel quay on Monday.", "The tide gauge was moved inland."],
}
OUTLETS = {"p1": "Pike Daily", "p2": "Quill Times", "p3": "Rook Weekly", "p4": "Sable Post"}


def _article(aid: str, added: str) -> Article:
    texts = SENTENCES[aid]
    return Article(id=aid, path=f"{aid}.txt", outlet=OUTLETS[aid], body=" ".join(texts), added=added,
                   sentences=[Sentence(index=i, text=t, start=0, end=len(t)) for i, t in enumerate(texts)])


def _briefing(new_since: str | None = None) -> Briefing:
    side1 = ConflictSide(article="p1", sentence=1, outlet="Pike Daily", value="40 riders", source="the pier master")
    side2 = ConflictSide(article="p2", sentence=1, outlet="Quill Times", value="55 riders", source="a deckhand")
    claims = [
        Claim(id="C1", text="Lanterns lit the Orvel quay on Monday.", articles=["p1", "p2", "p3", "p4"], support=3,
              sentences=[SentenceRef(article=a, sentence=0, text=SENTENCES[a][0]) for a in ("p1", "p2", "p3", "p4")],
              outlets=list(OUTLETS.values()),
              copies=[AgencyCopy(source="Gullwire", outlets=["Rook Weekly", "Sable Post"], articles=["p3", "p4"])]),
        Claim(id="C2", text="Only Pike says the gulls left.", articles=["p1"], support=1, single_source=True,
              sentences=[SentenceRef(article="p1", sentence=2, text=SENTENCES["p1"][2])], outlets=["Pike Daily"]),
        Claim(id="C3", text="The ferry carried 40 riders.", articles=["p1"], support=1, single_source=True,
              sentences=[SentenceRef(article="p1", sentence=1, text=SENTENCES["p1"][1])], outlets=["Pike Daily"],
              conflicts=[Conflict(claim="C4", reason="different figures", slot="riders", sides=[side1, side2])]),
        Claim(id="C4", text="The ferry carried 55 riders.", articles=["p2"], support=1, single_source=True,
              sentences=[SentenceRef(article="p2", sentence=1, text=SENTENCES["p2"][1])], outlets=["Quill Times"],
              conflicts=[Conflict(claim="C3", reason="different figures", slot="riders", sides=[side2, side1])]),
        Claim(id="C5", text="The tide gauge was moved inland.", articles=["p4"], support=1, single_source=True,
              sentences=[SentenceRef(article="p4", sentence=1, text=SENTENCES["p4"][1])], outlets=["Sable Post"]),
    ]
    quantities = [
        Quantity(text=t, value=v, unit="riders", normalized=NormalizedValue(value=v, unit="riders"), article=a,
                 sentence=1)
        for t, v, a in (("40 riders", 40.0, "p1"), ("55 riders", 55.0, "p2"))
    ]
    event = FusedEvent(
        id="FE1", type="GATHER", trigger="lit", date="2026-03-02", date_precision="day",
        sources=[EventSource(article=a, sentence=0, outlet=OUTLETS[a]) for a in ("p1", "p2", "p3", "p4")],
        outlets=list(OUTLETS.values()), independent_sources=3,
        figures=[EventFigure(measure="riders", low=40, high=55, conservative=40, disputed=True, reports=[
            FigureReport(article="p1", sentence=1, outlet="Pike Daily", text="40 riders", value=40),
            FigureReport(article="p2", sentence=1, outlet="Quill Times", text="55 riders", value=55)])],
    )
    timeline = [TimelineEntry(date="2026-03-02", precision="day", text=SENTENCES[a][0], article=a, sentence=0,
                              event="FE1", outlets=[OUTLETS[a]]) for a in ("p1", "p2", "p3")]
    articles = [_article("p1", "2026-03-02"), _article("p2", "2026-03-02"), _article("p3", "2026-03-02"),
                _article("p4", "2026-03-05")]
    return Briefing(newsfuse_version="test", articles=articles, claims=claims, quantities=quantities,
                    fused_events=[event], timeline=timeline, new_since=new_since)


def test_coverage_groups_wire_copies_orders_disputes_first_and_folds_single_outlet_facts():
    cov = coverage(_briefing())
    assert [(g.label, g.outlets) for g in cov.groups] == [
        ("Pike Daily", ["Pike Daily"]), ("Quill Times", ["Quill Times"]),
        ("Gullwire (wire)", ["Rook Weekly", "Sable Post"]),
    ]
    assert [r.claim.id for r in cov.rows] == ["C3", "C1"], "the dispute first, its two claims one row"
    dispute = {c.outlet: (c.status, c.value) for c in cov.rows[0].cells}
    assert dispute == {"Pike Daily": ("reported", "40 riders"), "Quill Times": ("different", "55 riders"),
                       "Rook Weekly": ("absent", None), "Sable Post": ("absent", None)}
    assert {c.status for c in cov.rows[1].cells} == {"reported"}
    assert [(s.outlet, [c.id for c in s.claims]) for s in cov.solo] == [("Pike Daily", ["C2"]), ("Sable Post", ["C5"])]


def test_disputes_list_every_version_once_with_the_conservative_figure():
    found = disputes(_briefing())
    assert len(found) == 2, "the claims' dispute once (not once per claim), and the fused event's count"
    claim_dispute, event_dispute = found
    assert claim_dispute.slot == "riders" and claim_dispute.conservative == "40 riders"
    assert [(x.value, x.outlet, x.source) for x in claim_dispute.versions] == [
        ("40 riders", "Pike Daily", "the pier master"), ("55 riders", "Quill Times", "a deckhand")]
    assert event_dispute.event == "FE1" and event_dispute.conservative == "40 riders"


def test_one_event_reported_by_several_outlets_is_one_timeline_row():
    rows = timeline_rows(_briefing())
    assert len(rows) == 1
    assert rows[0].event == "FE1" and set(rows[0].outlets) == set(OUTLETS.values())


def test_what_changed_marks_the_new_articles_facts_disputes_and_figures(tmp_path: Path):
    assert what_changed(_briefing()) is None
    b = _briefing(new_since="2026-03-04")
    changed = what_changed(b)
    assert changed is not None and changed.new_articles == ["p4"]
    got = {(c.kind, c.status, c.ref) for c in changed.changes}
    assert got == {("fact", "changed", "C1"), ("fact", "added", "C5")}
    b.what_changed = changed
    page = html.render(b)
    assert 'id="changes"' in page and "The tide gauge was moved inland." in page.split('id="changes"')[1][:2000]
    md = markdown.render(b)
    assert "## What changed since 2026-03-04" in md and "**added fact**: The tide gauge" in md
    csv_out.write(b, tmp_path)
    with (tmp_path / "changes.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {(r["kind"], r["ref"]) for r in rows} == {("fact", "C1"), ("fact", "C5")}


def test_a_new_article_that_disputes_a_figure_is_a_new_dispute():
    b = _briefing(new_since="2026-03-02")
    b.articles[0].added = "2026-03-01"
    changed = what_changed(b)
    assert changed is not None
    kinds = {(c.kind, c.status) for c in changed.changes}
    assert ("dispute", "added") in kinds and ("figure", "changed") in kinds


def test_coverage_csv_has_one_row_per_fact_per_outlet(tmp_path: Path):
    csv_out.write(_briefing(), tmp_path)
    with (tmp_path / "coverage.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == csv_out.COVERAGE_COLUMNS
    assert len(rows) == 4 * 4, "two matrix rows and two folded facts, four outlets each"
    cell = next(r for r in rows if r["fact"] == "C3" and r["outlet"] == "Quill Times")
    assert cell["status"] == "reported differently" and cell["value"] == "55 riders"
    assert {r["group"] for r in rows if r["outlet"] == "Sable Post"} == {"Gullwire"}
    assert {r["section"] for r in rows if r["fact"] == "C5"} == {"only in Sable Post"}
    assert not (tmp_path / "changes.csv").exists()


def test_html_and_markdown_carry_the_matrix_grouping_and_the_folds():
    b = _briefing()
    page = html.render(b)
    assert 'class="coverage"' in page and "Gullwire (wire)" in page
    assert 'data-outlet="Quill Times" data-status="different"' in page
    assert "<summary>Only in Sable Post: 1 fact</summary>" in page
    assert page.index('id="disputes"') < page.index('id="quotes"' if 'id="quotes"' in page else 'id="sources"')
    md = markdown.render(b)
    assert "| Fact | Pike Daily | Quill Times | Gullwire (wire): Rook Weekly | Gullwire (wire): Sable Post |" in md
    assert "<details><summary>Only in Pike Daily: 1 fact(s)</summary>" in md
    assert "## Disputes" in md and "Conservative figure" in md


def test_a_folded_story_page_keeps_the_best_attested_events_and_their_timeline_rows():
    from newsfuse.web.folding import FoldLimits, fold

    b = _briefing()
    lone = b.fused_events[0].model_copy(update={"id": "FE2", "independent_sources": 1, "outlets": ["Pike Daily"],
                                                "sources": b.fused_events[0].sources[:1], "figures": []})
    b.fused_events = [lone, b.fused_events[0]]
    folded = fold(b, FoldLimits(events=1))
    assert [e.id for e in folded.briefing.fused_events] == ["FE1"]
    assert any(f.name == "events reported by the most outlets" for f in folded.folds)
    assert [r.event for r in timeline_rows(folded.briefing)] == ["FE1"]
