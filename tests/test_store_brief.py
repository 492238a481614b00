"""A stored story's briefing comes from stored analyses: spaCy does not run again (loads the model)."""

from __future__ import annotations

import datetime as dt

import pytest

from newsfuse import nlp
from newsfuse.ingest.articles import article_id
from newsfuse.model import Article, ParsedArticle
from newsfuse.store import Store

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
