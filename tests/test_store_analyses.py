"""Analyses a briefing has to make (none stored under the current model) are stored for the next one."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy import select, update

from newsfuse import nlp
from newsfuse.ingest.articles import article_id
from newsfuse.model import Article, ParsedArticle
from newsfuse.store import Store, writer
from newsfuse.store.schema import analyses
from newsfuse.store.synthetic import light_parser

OLD_MODEL_KEY = "en_core_web_sm==0.0.1-retired"

# Fictional reports of one event.
REPORTS = [
    ("Valley Post", "Orlenna dam spillway opened",
     ("Engineers opened the spillway of the Orlenna dam on Tuesday after the reservoir rose to a record level. "
      "Mayor Ilsa Varn said the villages of Kettby and Morrow would be evacuated as a precaution.")),
    ("Coast Daily", "Kettby evacuated as Orlenna dam spillway opens",
     ("Villages below the Orlenna dam were evacuated on Tuesday, Mayor Ilsa Varn said. "
      "The spillway of the Orlenna dam was opened because the reservoir reached a record level, engineers said.")),
]


class CountingParser:
    """The light parser, remembering which articles it was asked to parse."""

    def __init__(self) -> None:
        self.parsed_ids: list[list[str]] = []

    def __call__(self, batch: Sequence[Article]) -> Iterator[ParsedArticle]:
        self.parsed_ids.append([a.id for a in batch])
        return light_parser(batch)


def _items() -> list[Article]:
    return [Article(id=article_id(body), path=f"mem:{n}", title=title, outlet=outlet, published="2031-03-02",
                    body=body) for n, (outlet, title, body) in enumerate(REPORTS)]


def _no_pipeline_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(articles: Sequence[Article], n_process: int | None = None) -> list[ParsedArticle]:
        raise AssertionError(f"the pipeline parsed {[a.id for a in articles]}: the store should have")

    monkeypatch.setattr(nlp, "parse_articles", refuse)


def _retire_analysis(store: Store, article: str) -> None:
    """Make the stored analysis of ``article`` look as if an older model version had made it."""
    with store.engine.begin() as conn:
        conn.execute(update(analyses).where(analyses.c.article_id == article).values(model_version=OLD_MODEL_KEY))


def _versions(store: Store, article: str) -> list[str]:
    with store.engine.connect() as conn:
        query = select(analyses.c.model_version).where(analyses.c.article_id == article)
        return sorted(conn.execute(query).scalars())


def _story_with_a_retired_analysis(store: Store, parser: CountingParser) -> tuple[str, str]:
    report = store.add(_items())
    [story_id] = report.stories
    retired = report.added[0]
    _retire_analysis(store, retired)
    parser.parsed_ids.clear()
    return story_id, retired


def test_first_brief_parses_and_stores_the_second_does_not_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_pipeline_parsing(monkeypatch)
    parser = CountingParser()
    store = Store("sqlite://", parser=parser)
    story_id, retired = _story_with_a_retired_analysis(store, parser)
    assert [p.article for p in store.parsed([retired])] == []

    first = store.brief_story(story_id)
    assert parser.parsed_ids == [[retired]]
    assert _versions(store, retired) == sorted([OLD_MODEL_KEY, writer.MODEL_KEY])  # the old one is kept
    assert [p.article for p in store.parsed([retired])] == [retired]

    second = store.brief_story(story_id)
    assert parser.parsed_ids == [[retired]], "the second briefing parsed again"
    assert {a.id for a in second.articles} == {a.id for a in first.articles} == set(store.story(story_id).articles)


def test_a_busy_store_still_briefs_and_logs_that_nothing_was_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _no_pipeline_parsing(monkeypatch)
    parser = CountingParser()
    path = str(tmp_path / "busy.db")
    store = Store(path, parser=parser)
    story_id, retired = _story_with_a_retired_analysis(store, parser)
    other_writer = Store(path, parser=light_parser)

    with other_writer.lock.hold(), caplog.at_level(logging.INFO, logger="newsfuse.store"):
        briefing = store.brief_story(story_id)
    assert {a.id for a in briefing.articles} == set(store.story(story_id).articles)
    assert parser.parsed_ids == [[retired]]
    assert _versions(store, retired) == [OLD_MODEL_KEY]  # nothing written while the other writer held the lock
    [busy] = [r for r in caplog.records if "busy" in r.getMessage()]
    assert busy.levelno == logging.INFO

    store.brief_story(story_id)  # the lock is free again: parsed once more, and kept this time
    assert parser.parsed_ids == [[retired], [retired]]
    assert _versions(store, retired) == sorted([OLD_MODEL_KEY, writer.MODEL_KEY])
    store.brief_story(story_id)
    assert len(parser.parsed_ids) == 2
    other_writer.close()
    store.close()


def test_an_analysis_stored_meanwhile_is_not_written_twice() -> None:
    store = Store("sqlite://", parser=light_parser)
    [item] = _items()[:1]
    store.add([item])
    [analysis] = list(light_parser([item]))
    assert writer.store_analyses(store.engine, store.lock, [analysis]) == []  # already there: left alone
    _retire_analysis(store, item.id)
    assert writer.store_analyses(store.engine, store.lock, [analysis]) == [item.id]
    assert _versions(store, item.id) == sorted([OLD_MODEL_KEY, writer.MODEL_KEY])


def test_a_parser_answering_for_other_articles_is_refused() -> None:
    first, second = _items()

    def confused(batch: Sequence[Article]) -> Iterator[ParsedArticle]:
        return light_parser(list(reversed(batch)))

    with pytest.raises(RuntimeError, match="parser returned"):
        writer.parse_checked(confused, [first, second])


@pytest.mark.slow
def test_sentence_vectors_are_kept_so_the_next_briefing_encodes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsfuse import encoder
    from newsfuse.store.schema import sentence_vectors

    store = Store("sqlite://")  # the real parser: the light one leaves no sentence worth comparing
    [story_id] = store.add(_items()).stories
    first = store.brief_story(story_id)
    with store.engine.connect() as conn:
        kept = set(conn.execute(select(sentence_vectors.c.article_id)).scalars())
    assert kept and kept <= {a.id for a in first.articles}

    # a fresh process: nothing cached, and the encoder must not be asked for any stored sentence
    monkeypatch.setattr(encoder, "_CACHE", type(encoder._CACHE)())
    asked: list[str] = []
    real = encoder.Encoder._one

    def counting(self: encoder.Encoder, text: str, session: object):
        asked.append(text)
        return real(self, text, session)

    # the lowest level: every path (one thread, several threads, the background encoder) encodes one at a time
    monkeypatch.setattr(encoder.Encoder, "_one", counting)
    second = store.brief_story(story_id)
    assert asked == []
    assert [c.support for c in second.claims] == [c.support for c in first.claims]
