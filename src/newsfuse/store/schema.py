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

import unicodedata
from collections.abc import Callable

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    bindparam,
    insert,
    inspect,
    select,
    text,
    update,
)

metadata = MetaData()

schema_version = Table("schema_version", metadata, Column("version", Integer, nullable=False))


def fold_title(title: str) -> str:
    """The form of a title (or a search query) that search compares: NFKC-normalised, Unicode case-folded.

    SQL ``lower()`` folds ASCII only in SQLite, so folding happens here, once, when a title is written.
    """
    return unicodedata.normalize("NFKC", title).casefold()


#: the escape character of :func:`title_pattern` (pass it as ``ESCAPE`` with the pattern)
LIKE_ESCAPE = "\\"


def title_pattern(query: str) -> str:
    """A LIKE pattern for ``title_key`` values that contain ``query`` as typed: ``%`` and ``_`` are literal."""
    literal = fold_title(query)
    for special in (LIKE_ESCAPE, "%", "_"):  # the escape character itself first
        literal = literal.replace(special, LIKE_ESCAPE + special)
    return f"%{literal}%"


# ``articles`` and ``stories`` are built by functions: migration 1 must keep creating them as released
# (without the columns later migrations add), while the tables the code uses carry every column.


def _title_key_column() -> Column[str]:
    # what stories(query=...) matches; filled by migration 2 for rows written before it
    return Column("title_key", Text, nullable=True)


def _articles_table(meta: MetaData, *added_later: Column[str]) -> Table:
    """One row per stored article revision.  ``seq`` is the order of arrival; ``id`` the content hash."""
    return Table(
        "articles",
        meta,
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
        *added_later,
    )


articles = _articles_table(metadata, _title_key_column())

#: Stored NLP analysis (``ParsedArticle`` JSON) per article and model version.
analyses = Table(
    "analyses",
    metadata,
    Column("article_id", String(32), nullable=False),
    Column("model_version", String(64), nullable=False),
    Column("parsed_json", Text, nullable=False),
    PrimaryKeyConstraint("article_id", "model_version"),
)


def _stories_table(meta: MetaData, *added_later: Column[str]) -> Table:
    return Table(
        "stories",
        meta,
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
        *added_later,
    )


stories = _stories_table(metadata, _title_key_column())

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

#: Each clustered article's unit vectors (``{"words": {...}, "entities": {...}}``) and activity day, kept so
#: that a story can be re-clustered from its members when it may have to split.  Copies and revisions,
#: which do not go into a centroid, have none.
article_vectors = Table(
    "article_vectors",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("day", String(10), nullable=False),
    Column("vector_json", Text, nullable=False),
)

#: One row per story split off another: ``story_id`` kept its id, ``new_story`` took ``moved`` (JSON list
#: of article ids) when ``article_id`` was added.
story_splits = Table(
    "story_splits",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("story_id", String(32), nullable=False),
    Column("new_story", String(32), nullable=False),
    Column("article_id", String(32), nullable=False),
    Column("at", String(32), nullable=False),
    Column("moved", Text, nullable=False),
    # mean pairwise similarity between the articles that stayed and those that moved
    Column("cross_similarity", Float, nullable=False),
)


#: Sentence-encoder vectors of an article's compared sentences, kept with its analyses so that an article is
#: encoded once: ``texts_json`` lists the sentences, ``vectors`` their float32 vectors row by row.
sentence_vectors = Table(
    "sentence_vectors",
    metadata,
    Column("article_id", String(32), nullable=False),
    Column("encoder_key", String(64), nullable=False),
    Column("texts_json", Text, nullable=False),
    Column("vectors", LargeBinary, nullable=False),
    PrimaryKeyConstraint("article_id", "encoder_key"),
)


def _v1_initial(conn: Connection) -> None:
    released = MetaData()
    for table in (
        _articles_table(released), analyses, _stories_table(released), story_terms, term_df, counters,
        minhash_bands, story_merges,
    ):
        table.create(conn)


def _v2_title_keys(conn: Connection) -> None:
    """Case-folded titles for search (SQLite's ``lower()`` leaves non-ASCII letters as they are)."""
    preparer = conn.dialect.identifier_preparer
    column_type = Text().compile(dialect=conn.dialect)
    for table in (articles, stories):
        conn.execute(text(f"ALTER TABLE {preparer.quote(table.name)} ADD COLUMN title_key {column_type}"))
        rows = conn.execute(select(table.c.id, table.c.title).where(table.c.title.is_not(None))).all()
        fill = update(table).where(table.c.id == bindparam("row_id")).values(title_key=bindparam("key"))
        for start in range(0, len(rows), 1000):
            conn.execute(fill, [{"row_id": r.id, "key": fold_title(r.title)} for r in rows[start : start + 1000]])


def _v3_story_splits(conn: Connection) -> None:
    """Per-article vectors and the record of splits.  Articles stored before have no vector: see ``splits``."""
    for table in (article_vectors, story_splits):
        table.create(conn)


def _v4_sentence_vectors(conn: Connection) -> None:
    """Sentence-encoder vectors per article (issue 10).  Articles stored before have none until briefed."""
    sentence_vectors.create(conn)


Migration = Callable[[Connection], None]

#: Append-only.  Version n is reached by running MIGRATIONS[:n].
MIGRATIONS: tuple[Migration, ...] = (_v1_initial, _v2_title_keys, _v3_story_splits, _v4_sentence_vectors)
LATEST_VERSION = len(MIGRATIONS)


class SchemaError(RuntimeError):
    """The database holds a schema this version of newsfuse does not know."""


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_version"):
        return 0
    version = conn.execute(select(schema_version.c.version)).scalar_one_or_none()
    return int(version or 0)


def migrate(conn: Connection, target: int = LATEST_VERSION) -> int:
    """Apply the missing migrations up to ``target`` inside the caller's transaction; return how many ran.

    ``target`` below the latest version only serves tests that build a store as an older release left it.
    """
    if not 0 <= target <= LATEST_VERSION:
        raise ValueError(f"no schema version {target} (this newsfuse knows 0 to {LATEST_VERSION})")
    version = current_version(conn)
    if version > LATEST_VERSION:
        raise SchemaError(
            f"store schema version {version} is newer than this newsfuse knows ({LATEST_VERSION}); upgrade newsfuse"
        )
    if version >= target:
        return 0
    if version == 0 and not inspect(conn).has_table("schema_version"):
        schema_version.create(conn)
        conn.execute(insert(schema_version).values(version=0))
    for step in MIGRATIONS[version:target]:
        step(conn)
    conn.execute(update(schema_version).values(version=target))
    return target - version
