"""The same store on a real PostgreSQL server (``.ci/postgres.sh`` starts one and prints its URL).

Reads ``NEWSFUSE_TEST_POSTGRES_URL``.  Outside CI without it the tests skip
with the reason; in CI (``CI=true``) a missing URL is a failure, so that the
Postgres path cannot silently stop being tested.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, func, insert, select, text

from newsfuse.store import Store, StoreBusyError, resolve_url
from newsfuse.store.db import make_engine
from newsfuse.store.schema import articles, metadata, migrate, schema_version, stories
from newsfuse.store.synthetic import light_parser, stream
from test_stories_split import check_split_through_add

pytestmark = pytest.mark.postgres

URL = os.environ.get("NEWSFUSE_TEST_POSTGRES_URL")


@pytest.fixture
def empty_pg_url() -> str:
    """The server's URL, its newsfuse tables dropped: a clean schema for every test."""
    if not URL:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("CI must test the Postgres store: NEWSFUSE_TEST_POSTGRES_URL is not set (run .ci/postgres.sh)")
        pytest.skip("no PostgreSQL server: set NEWSFUSE_TEST_POSTGRES_URL (e.g. eval \"$(bash .ci/postgres.sh)\")")
    engine = create_engine(URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        metadata.drop_all(conn)
        schema_version.drop(conn, checkfirst=True)
    engine.dispose()
    return URL


@pytest.fixture
def pg_store(empty_pg_url: str) -> Iterator[Store]:
    store = Store(empty_pg_url, parser=light_parser)
    yield store
    store.close()


def test_postgres_add_is_idempotent_and_clusters(pg_store: Store) -> None:
    items = [a for a, _ in stream(120, seed=2)]
    report = pg_store.add(items, batch_size=16)
    assert len(report.added) == len(items) and report.duplicates_of
    again = pg_store.add(items)
    assert again.added == [] and len(again.unchanged) == len(items)
    with pg_store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(articles)).scalar_one() == len(items)
        assert conn.execute(text("SELECT version FROM schema_version")).scalar_one() >= 1
    stories = pg_store.stories()
    assert sum(len(s.articles) for s in stories) == len(items)
    one = stories[0]
    assert pg_store.story(one.id) == one
    assert [a.id for a in pg_store.articles(one.articles)] == one.articles
    assert len(pg_store.parsed(one.articles)) == len(one.articles)


def test_postgres_glued_story_splits(pg_store: Store) -> None:
    check_split_through_add(pg_store)


def test_postgres_writer_lock_is_exclusive(pg_store: Store) -> None:
    other = Store(URL, parser=light_parser)
    try:
        with pg_store.lock.hold(), pytest.raises(StoreBusyError), other.lock.hold(wait=0.3):
            pass
        with other.lock.hold(wait=0.3):
            pass
    finally:
        other.close()


def test_postgres_version_1_store_is_migrated_and_search_is_literal(empty_pg_url: str) -> None:
    engine = make_engine(resolve_url(empty_pg_url))
    with engine.begin() as conn:
        migrate(conn, target=1)  # the schema as the first release left it
        for n, title in enumerate(["STRAẞE nach Morrow gesperrt", "Fares up 50% on the Skerrow ferry",
                                   "Festival draws 500 players"]):
            conn.execute(insert(stories).values(
                id=f"s-old-{n}", title=title, created_seq=n, first_seen="2031-03-02", last_seen="2031-03-02",
                n_vectors=1, n_terms=0, norm2_words=0.0, norm2_entities=0.0, merged_into=None, has_title=True,
            ))
    engine.dispose()
    with Store(empty_pg_url, parser=light_parser) as store:
        assert [s.id for s in store.stories(query="strasse nach")] == ["s-old-0"]
        assert [s.id for s in store.stories(query="50%")] == ["s-old-1"]
        assert [s.id for s in store.stories(query="0_")] == []
        assert store.count_stories() == 3 and len(store.stories(limit=2)) == 2
