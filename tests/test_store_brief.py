"""A stored story's briefing comes from stored analyses: spaCy does not run again (loads the model)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

import pytest
from sqlalchemy import select, update

from newsfuse import nlp
from newsfuse.ingest.articles import article_id
from newsfuse.model import Article, ParsedArticle
from newsfuse.store import Store, writer
from newsfuse.store.schema import analyses

pytestmark = pytest.mark.slow

REPORTS = [
    ("Valley Post", "Dam spillway opened at Orlenna",
     ("Engineers opened the spillway of the Orlenna dam on Tuesday after the reservoir rose to a record level.\n"
      "Mayor Ilsa Varn said the villages of Kettby and Morrow would be evacuated as a precaution.")),
    ("Coast Daily", "Orlenna villages evacuated as dam spillway opens",
     ("Villages below the Orlenna dam were evacuated on Tuesday, Mayor Ilsa Varn said.\n"
      "The spillway was opened because the reservoir reached a record level, engineers said.")),
]


def test_brief_story_uses_stored_analyses(monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store("sqlite://")  # the real spaCy parser at add time
    items = [Article(id=article_id(body), path=f"mem:{n}", title=title, outlet=outlet, published="2031-03-02",
                     body=body) for n, (outlet, title, body) in enumerate(REPORTS)]
    report = store.add(items)
    [story_id] = report.stories
    story = store.story(story_id)
    assert story.independent_outlets == 2

    def no_parsing(articles: list[Article], n_process: int | None = None) -> list[ParsedArticle]:
        if articles:
            raise AssertionError(f"spaCy ran again on {[a.id for a in articles]}")
        return []

    monkeypatch.setattr(nlp, "parse_articles", no_parsing)
    briefing = store.brief_story(story_id, new_since=dt.date(2031, 1, 1))
    assert {a.id for a in briefing.articles} == set(story.articles)
    assert all(a.sentences for a in briefing.articles)  # sentences restored from the stored analysis
    assert any(e.name.endswith("Varn") for e in briefing.entities)
    assert briefing.independent_outlets == 2
    assert store.new_articles(story_id, dt.date.today()) == story.articles
    assert store.new_articles(story_id, dt.date.today() + dt.timedelta(days=1)) == []


def test_an_analysis_under_an_old_model_is_redone_once_and_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store("sqlite://")  # the real spaCy parser
    items = [Article(id=article_id(body), path=f"mem:{n}", title=title, outlet=outlet, published="2031-03-02",
                     body=body) for n, (outlet, title, body) in enumerate(REPORTS)]
    [story_id] = store.add(items).stories
    retired = items[0].id
    with store.engine.begin() as conn:  # as if an older release of the model had analysed it
        conn.execute(update(analyses).where(analyses.c.article_id == retired)
                     .values(model_version="en_core_web_sm==0.0.1-retired"))

    parse_texts = nlp.parse_texts
    parsed_ids: list[list[str]] = []

    def counting(
        texts: Sequence[tuple[str, str]], n_process: int | None = None, chunk_chars: int = nlp.CHUNK_CHARS
    ) -> Iterator[ParsedArticle]:
        parsed_ids.append([article for article, _ in texts])
        return parse_texts(texts, n_process=n_process, chunk_chars=chunk_chars)

    monkeypatch.setattr(nlp, "parse_texts", counting)
    first = store.brief_story(story_id)
    assert parsed_ids == [[retired]]
    with store.engine.connect() as conn:
        versions = conn.execute(select(analyses.c.model_version).where(analyses.c.article_id == retired)).scalars()
        assert writer.MODEL_KEY in set(versions)
    second = store.brief_story(story_id)
    assert parsed_ids == [[retired]], "the second briefing parsed again"
    assert [a.sentences for a in second.articles] == [a.sentences for a in first.articles]
    assert any(e.name.endswith("Varn") for e in second.entities)
