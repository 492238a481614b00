"""The same store on a real PostgreSQL server (``.ci/postgres.sh`` starts one and prints its URL).

Reads ``NEWSFUSE_TEST_POSTGRES_URL``.  Outside CI without it the tests skip
with the reason; in CI (``CI=true``) a missing URL is a failure, so that the
Postgres path cannot silently stop being tested.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, func, select, text

from newsfuse.store import Store, StoreBusyError
from newsfuse.store.schema import articles, metadata, schema_version
from newsfuse.store.synthetic import light_parser, stream

pytestmark = pytest.mark.postgres

URL = os.environ.get("NEWSFUSE_TEST_POSTGRES_URL")


@pytest.fixture
def pg_store() -> Iterator[Store]:
    if not URL:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("CI must test the Postgres store: NEWSFUSE_TEST_POSTGRES_URL is not set (run .ci/postgres.sh)")
        pytest.skip("no PostgreSQL server: set NEWSFUSE_TEST_POSTGRES_URL (e.g. eval \"$(bash .ci/postgres.sh)\")")
    engine = create_engine(URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:  # a clean schema for every test
        metadata.drop_all(conn)
        schema_version.drop(conn, checkfirst=True)
    engine.dispose()
    store = Store(URL, parser=light_parser)
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


def test_postgres_writer_lock_is_exclusive(pg_store: Store) -> None:
    other = Store(URL, parser=light_parser)
    try:
        with pg_store.lock.hold(), pytest.raises(StoreBusyError), other.lock.hold(wait=0.3):
            pass
        with other.lock.hold(wait=0.3):
            pass
    finally:
        other.close()
