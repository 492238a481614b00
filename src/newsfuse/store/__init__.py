"""The article store: a corpus that grows, grouped into stories.

Python API (the CLI and the web app call exactly these)::

    store = open_store()                 # --db URL > $NEWSFUSE_DB > ~/.local/share/newsfuse/newsfuse.db
    report = store.add(["feeds/", "page.html"])
    for story in store.stories(since=date(2024, 5, 1)):
        ...
    briefing = store.brief_story(story.id, new_since=date(2024, 5, 3))

Module map: ``db`` (URL resolution, engine, writer lock), ``schema``
(tables and migrations), ``writer`` (batched, transactional ingestion),
``features``, ``stories`` and ``splits`` (online story clustering), ``dedup``
(persistent MinHash LSH for wire copies), ``synthetic`` (fictional article
streams for tests and benchmarks).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Self

from sqlalchemy import Engine, func, make_url, or_, select
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from ..model import Article, Briefing, ParsedArticle, Story
from ..options import BriefingOptions
from . import vectors, writer
from .db import (
    WRITER_WAIT_SECONDS,
    StoreBusyError,
    WaitReport,
    WriterLock,
    default_path,
    make_engine,
    resolve_url,
)
from .schema import (
    LATEST_VERSION,
    LIKE_ESCAPE,
    SchemaError,
    analyses,
    articles,
    current_version,
    migrate,
    stories,
    story_merges,
    title_pattern,
)
from .splits import SplitParams, SplitRecord, recorded
from .stories import ClusterParams, StoryClusterer, resolve
from .writer import AddReport, Parser, Progress

__all__ = [
    "AddReport",
    "ClusterParams",
    "SchemaError",
    "SplitParams",
    "SplitRecord",
    "Store",
    "StoreBusyError",
    "StoreOpenError",
    "StoryNotFoundError",
    "default_path",
    "open_store",
    "resolve_url",
]


logger = logging.getLogger(__name__)


class StoryNotFoundError(KeyError):
    """No story (and no merged-away story) has this id."""


def _shown_url(url: str) -> str:
    """The URL as it may be printed: never with its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (SQLAlchemyError, ValueError):
        return url.split("@")[-1] if "@" in url else url


class StoreOpenError(RuntimeError):
    """The store URL is malformed, names an unknown database driver, or the database cannot be reached."""


class Store:
    """A connection to one store.  Reading is safe from any number of processes; writing takes the lock."""

    def __init__(
        self,
        url: str | None = None,
        parser: Parser | None = None,
        params: ClusterParams | None = None,
        *,
        writer_wait: float | None = WRITER_WAIT_SECONDS,
        on_wait: WaitReport | None = None,
    ) -> None:
        """``writer_wait``: seconds a write waits for another writer (``None``: until it is done, 0: not at all).

        ``on_wait`` is told about once a second how long a write has waited (a progress line).
        """
        self.url = resolve_url(url)
        try:
            self.engine: Engine = make_engine(self.url)
            self.lock = WriterLock(self.engine, self.url, wait=writer_wait, on_wait=on_wait)
            self.parser: Parser = parser or writer.spacy_parser
            self.clusterer = StoryClusterer(params)
            self._migrate()
        except (SQLAlchemyError, ValueError, OSError) as exc:
            where = _shown_url(self.url)
            reason = " ".join(str(getattr(exc, "orig", None) or exc).split())[:300]
            raise StoreOpenError(f"cannot open the store at {where}: {reason}") from exc

    def _migrate(self) -> None:
        with self.engine.connect() as conn:
            if current_version(conn) == LATEST_VERSION:
                return
        # A first open migrates whatever the store's own wait: a server that may not wait still starts.
        with self.lock.hold(wait=WRITER_WAIT_SECONDS), self.engine.begin() as conn:
            migrate(conn)  # re-checks the version: another process may have migrated meanwhile

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing

    def add(
        self,
        inputs: Sequence[str | Path | Article],
        on_progress: Progress | None = None,
        batch_size: int = writer.BATCH_SIZE,
    ) -> AddReport:
        """Ingest files, directories or articles; see :class:`AddReport` for what happened to each."""
        return writer.add(self.engine, self.lock, self.clusterer, inputs, self.parser, on_progress, batch_size)

    # ------------------------------------------------------------------ reading

    def _stories_from_rows(self, rows: Sequence[tuple[str, str, str, str]]) -> list[Story]:
        members: dict[str, list[tuple[str, str | None, str | None]]] = {r[0]: [] for r in rows}
        ids = list(members)
        with self.engine.connect() as conn:
            for start in range(0, len(ids), 900):
                query = (
                    select(articles.c.story_id, articles.c.id, articles.c.outlet, articles.c.duplicate_of)
                    .where(articles.c.story_id.in_(ids[start : start + 900]), articles.c.superseded_by.is_(None))
                    .order_by(articles.c.seq)
                )
                for story_id, article_id, outlet, duplicate_of in conn.execute(query):
                    members[story_id].append((article_id, outlet, duplicate_of))
        out = []
        for story_id, title, first_seen, last_seen in rows:
            items = members[story_id]
            # the same rule as stages.syndication.independent_outlets: copies do not count
            independent = {(outlet or aid).casefold() for aid, outlet, dup in items if dup is None}
            out.append(
                Story(
                    id=story_id,
                    title=title,
                    articles=[aid for aid, _, _ in items],
                    outlets=sorted({outlet for _, outlet, _ in items if outlet}, key=str.casefold),
                    independent_outlets=len(independent),
                    first_seen=first_seen,
                    last_seen=last_seen,
                )
            )
        return out

    def stories(
        self, since: dt.date | None = None, query: str | None = None, limit: int | None = None
    ) -> list[Story]:
        """Stories active on or after ``since`` whose title (or an article's title) contains ``query``.

        Most recently active first; at most ``limit`` of them (their member rows are only read for those).
        """
        if limit is not None and limit < 0:
            raise ValueError(f"limit must be zero or more, not {limit}")
        cols = (stories.c.id, stories.c.title, stories.c.first_seen, stories.c.last_seen)
        stmt = select(*cols).where(stories.c.merged_into.is_(None))
        if since is not None:
            stmt = stmt.where(stories.c.last_seen >= since.isoformat())
        if query:
            # both sides folded by Python (fold_title): SQLite's lower() would fold ASCII letters only
            pattern = title_pattern(query)
            in_story_title = stories.c.title_key.like(pattern, escape=LIKE_ESCAPE)
            in_articles = select(articles.c.story_id).where(articles.c.title_key.like(pattern, escape=LIKE_ESCAPE))
            stmt = stmt.where(or_(in_story_title, stories.c.id.in_(in_articles)))
        stmt = stmt.order_by(stories.c.last_seen.desc(), stories.c.created_seq.desc())
        if limit is not None:
            stmt = stmt.limit(limit)
        with self.engine.connect() as conn:
            rows = [tuple(r) for r in conn.execute(stmt)]
        return self._stories_from_rows(rows)

    def count_stories(self) -> int:
        """How many stories there are (merged-away ones not counted), without loading any."""
        stmt = select(func.count()).select_from(stories).where(stories.c.merged_into.is_(None))
        with self.engine.connect() as conn:
            return int(conn.execute(stmt).scalar_one())

    def story(self, story_id: str) -> Story:
        """One story; the id of a story merged into another gives the story it now belongs to."""
        with self.engine.connect() as conn:
            current = resolve(conn, story_id)
            if current is None:
                where = self.engine.url.render_as_string(hide_password=True)
                raise StoryNotFoundError(f"no story {story_id!r} in the store at {where} (see: newsfuse stories)")
            row = conn.execute(
                select(stories.c.id, stories.c.title, stories.c.first_seen, stories.c.last_seen).where(
                    stories.c.id == current
                )
            ).one()
        return self._stories_from_rows([tuple(row)])[0]

    def merges(self) -> list[dict[str, object]]:
        """The recorded story merges, oldest first."""
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(story_merges).order_by(story_merges.c.id))]

    def splits(self) -> list[SplitRecord]:
        """The recorded story splits, oldest first: ``story_id`` kept its id, ``new_story`` took ``moved``."""
        with self.engine.connect() as conn:
            return recorded(conn)

    def _article_rows(self, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        found: dict[str, tuple[str, str]] = {}
        with self.engine.connect() as conn:
            for start in range(0, len(ids), 900):
                chunk = list(ids[start : start + 900])
                query = select(articles.c.id, articles.c.article_json, articles.c.added_on).where(
                    articles.c.id.in_(chunk)
                )
                found.update({r.id: (r.article_json, r.added_on) for r in conn.execute(query)})
        missing = [i for i in ids if i not in found]
        if missing:
            raise KeyError(f"articles not in the store: {', '.join(missing[:5])}")
        return found

    def articles(self, ids: Sequence[str]) -> list[Article]:
        """Stored articles in the order asked, ``duplicate_of`` set from the store's copy index."""
        rows = self._article_rows(ids)
        out = []
        for article_id in ids:
            article = Article.model_validate(json.loads(rows[article_id][0]))
            article.added = rows[article_id][1]
            out.append(article)
        return out

    def added_on(self, ids: Sequence[str]) -> dict[str, dt.date]:
        """The day each article entered the store."""
        return {i: dt.date.fromisoformat(day) for i, (_, day) in self._article_rows(ids).items()}

    def parsed(self, ids: Sequence[str]) -> list[ParsedArticle]:
        """Stored analyses under the current model, in the order asked.

        Articles analysed under another model version are left out, so that a
        briefing parses them again (and stores the result) instead of mixing two models' output.
        """
        self._article_rows(ids)  # unknown ids are an error, not an empty answer
        found: dict[str, str] = {}
        with self.engine.connect() as conn:
            for start in range(0, len(ids), 900):
                query = select(analyses.c.article_id, analyses.c.parsed_json).where(
                    analyses.c.article_id.in_(list(ids[start : start + 900])),
                    analyses.c.model_version == writer.MODEL_KEY,
                )
                found.update({r.article_id: r.parsed_json for r in conn.execute(query)})
        return [ParsedArticle.model_validate(json.loads(found[i])) for i in ids if i in found]

    def new_articles(self, story_id: str, since: dt.date) -> list[str]:
        """Articles of a story that entered the store on or after ``since``."""
        story = self.story(story_id)
        days = self.added_on(story.articles)
        return [a for a in story.articles if days[a] >= since]

    def brief_story(
        self,
        story_id: str,
        new_since: dt.date | None = None,
        options: BriefingOptions | None = None,
    ) -> Briefing:
        """The briefing of one stored story, from stored analyses.

        The store's parser runs only on articles without an analysis under the current model; those
        fresh analyses are stored (see :meth:`_keep_analyses`), so the next briefing does not parse again.

        Every article carries ``Article.added``; with ``new_since`` the briefing records the day, so that
        reports mark the articles added on or after it (and the claims they support) as new;
        :meth:`new_articles` gives the same list.
        """
        from ..api import brief_articles
        from ..report import what_changed

        story = self.story(story_id)
        loaded = self.articles(story.articles)
        stored = self.parsed(story.articles)
        have = {p.article for p in stored}
        fresh = writer.parse_checked(self.parser, [a for a in loaded if a.id not in have])
        if fresh:
            self._keep_analyses(fresh)
        encoded = vectors.load(self.engine, story.articles)
        briefing = brief_articles(loaded, options=options, parsed=stored + fresh)
        self._keep_vectors(stored + fresh, encoded)
        if new_since is not None:
            briefing.new_since = new_since.isoformat()
            briefing.what_changed = what_changed(briefing)
        return briefing


    def _keep_vectors(self, parsed: Sequence[ParsedArticle], have: set[str]) -> None:
        """Store the sentence vectors a briefing computed (an optimisation, like :meth:`_keep_analyses`)."""
        try:
            written = vectors.keep(self.engine, self.lock, parsed, have)
        except StoreBusyError as exc:
            logger.info("store: sentence vectors not kept, the store is busy (%s)", exc)
        except (OSError, OperationalError) as exc:
            logger.warning("store: sentence vectors not kept: %s", " ".join(str(exc).split())[:300])
        else:
            logger.info("store: kept sentence vectors of %d articles", len(written))

    def _keep_analyses(self, fresh: Sequence[ParsedArticle]) -> None:
        """Store analyses a briefing had to make, so that the next briefing of the story does not redo them.

        Only an optimisation: when the store cannot take them now (another writer, a read-only store),
        the briefing is still right, so this logs why and returns.
        """
        try:
            written = writer.store_analyses(self.engine, self.lock, fresh)
        except StoreBusyError as exc:
            logger.info("store: %d fresh analyses not kept, the store is busy (%s)", len(fresh), exc)
        except (OSError, OperationalError) as exc:
            reason = " ".join(str(getattr(exc, "orig", None) or exc).split())[:300]
            logger.warning("store: %d fresh analyses not kept, the store cannot be written: %s", len(fresh), reason)
        else:
            logger.info("store: kept %d fresh analyses under %s", len(written), writer.MODEL_KEY)


def open_store(
    url: str | None = None, *, writer_wait: float | None = WRITER_WAIT_SECONDS, on_wait: WaitReport | None = None
) -> Store:
    """Open (creating and migrating on first use) the store at ``url``; see :func:`resolve_url` and :class:`Store`."""
    return Store(url, writer_wait=writer_wait, on_wait=on_wait)
