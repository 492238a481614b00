"""Tables of the article store and the migrations that create them.

Migrations are a plain, linear list of functions (:data:`MIGRATIONS`); the
version reached is kept in the one-row table ``schema_version``.  Opening a
store applies the missing ones in a single transaction.  This is deliberately
not Alembic: the store has one schema history and no branches, the same
SQLAlchemy Core code runs on SQLite and PostgreSQL, and there is no
``alembic.ini`` or script directory to ship inside the wheel.

A migration may only be appended, never edited once released: an existing
store has already run the old text.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Float,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    insert,
    inspect,
    select,
    update,
)

metadata = MetaData()

schema_version = Table("schema_version", metadata, Column("version", Integer, nullable=False))

#: One row per stored article revision.  ``seq`` is the order of arrival; ``id`` the content hash.
articles = Table(
    "articles",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(32), nullable=False, unique=True),
    Column("url", Text, nullable=True),
    Column("title", Text, nullable=True),
    Column("outlet", Text, nullable=True),
    Column("published", String(10), nullable=True),
    # the day the article entered the store (UTC); what `--new-since` compares with
    Column("added_on", String(10), nullable=False),
    Column("added_at", String(32), nullable=False),
    Column("revision", Integer, nullable=False, default=1),
    Column("supersedes", String(32), nullable=True),
    Column("superseded_by", String(32), nullable=True),
    Column("duplicate_of", String(32), nullable=True),
    Column("story_id", String(32), nullable=True),
    # the whole Article as JSON (body, dropped lines, authors ...): it is what a briefing reloads
    Column("article_json", Text, nullable=False),
    Index("ix_articles_url", "url"),
    Index("ix_articles_story", "story_id"),
)

#: Stored NLP analysis (``ParsedArticle`` JSON) per article and model version.
analyses = Table(
    "analyses",
    metadata,
    Column("article_id", String(32), nullable=False),
    Column("model_version", String(64), nullable=False),
    Column("parsed_json", Text, nullable=False),
    PrimaryKeyConstraint("article_id", "model_version"),
)

stories = Table(
    "stories",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("title", Text, nullable=False),
    Column("created_seq", Integer, nullable=False),
    # activity dates (published, else the day added) of the articles in the story
    Column("first_seen", String(10), nullable=False),
    Column("last_seen", String(10), nullable=False),
    # articles whose feature vector went into the centroid (copies and revisions do not)
    Column("n_vectors", Integer, nullable=False, default=0),
    Column("n_terms", Integer, nullable=False, default=0),
    # squared norms of the word and entity parts of the centroid, kept up to date incrementally
    Column("norm2_words", Float, nullable=False, default=0.0),
    Column("norm2_entities", Float, nullable=False, default=0.0),
    Column("merged_into", String(32), nullable=True),
    Column("has_title", Boolean, nullable=False, default=False),
    Index("ix_stories_last_seen", "last_seen"),
)

#: The inverted index: a story's centroid (sum of its articles' unit vectors), one row per feature.
story_terms = Table(
    "story_terms",
    metadata,
    Column("story_id", String(32), nullable=False),
    Column("term", String(128), nullable=False),
    Column("weight", Float, nullable=False),
    PrimaryKeyConstraint("story_id", "term"),
    Index("ix_story_terms_term", "term"),
)

#: Incremental document frequencies of features (words and ``e:`` entity keys).
term_df = Table(
    "term_df",
    metadata,
    Column("term", String(128), primary_key=True),
    Column("df", Integer, nullable=False),
)

counters = Table(
    "counters",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

#: MinHash LSH bands of each article's shingles, queried by (band, hash) to find copies.
minhash_bands = Table(
    "minhash_bands",
    metadata,
    Column("band", Integer, nullable=False),
    Column("hash", BigInteger, nullable=False),
    Column("article_id", String(32), nullable=False),
    Index("ix_minhash_band_hash", "band", "hash"),
)

story_merges = Table(
    "story_merges",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("merged", String(32), nullable=False),
    Column("kept", String(32), nullable=False),
    Column("article_id", String(32), nullable=False),
    Column("at", String(32), nullable=False),
    Column("score_merged", Float, nullable=False),
    Column("score_kept", Float, nullable=False),
)


def _v1_initial(conn: Connection) -> None:
    for table in (articles, analyses, stories, story_terms, term_df, counters, minhash_bands, story_merges):
        table.create(conn)


Migration = Callable[[Connection], None]

#: Append-only.  Version n is reached by running MIGRATIONS[:n].
MIGRATIONS: tuple[Migration, ...] = (_v1_initial,)
LATEST_VERSION = len(MIGRATIONS)


class SchemaError(RuntimeError):
    """The database holds a schema this version of newsfuse does not know."""


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_version"):
        return 0
    version = conn.execute(select(schema_version.c.version)).scalar_one_or_none()
    return int(version or 0)


def migrate(conn: Connection) -> int:
    """Apply the missing migrations inside the caller's transaction; return how many ran."""
    version = current_version(conn)
    if version > LATEST_VERSION:
        raise SchemaError(
            f"store schema version {version} is newer than this newsfuse knows ({LATEST_VERSION}); upgrade newsfuse"
        )
    if version == LATEST_VERSION:
        return 0
    if version == 0 and not inspect(conn).has_table("schema_version"):
        schema_version.create(conn)
        conn.execute(insert(schema_version).values(version=0))
    for step in MIGRATIONS[version:]:
        step(conn)
    conn.execute(update(schema_version).values(version=LATEST_VERSION))
    return LATEST_VERSION - version
