"""The single writer: ingest inputs into the store, one transaction per batch.

For each batch of new articles (default :data:`BATCH_SIZE`) the articles,
their NLP analyses, their MinHash bands, the document frequencies and the
story assignments are written in ONE transaction.  A run stopped at any point
(Ctrl-C, ``kill -9``, a crash) leaves every earlier batch complete and nothing
of the current one; rerunning the same command sees the committed articles as
unchanged (their id is the hash of their text) and writes the rest.

The whole run holds the writer lock (:class:`.db.WriterLock`), so two ``add``
commands never interleave batches.  NLP runs before a batch's transaction
opens and only on articles the store does not have yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection, Engine, insert, select, update

from .. import nlp
from ..ingest import ingest
from ..model import Article, ParsedArticle, Skipped
from ..stages.syndication import shingles
from . import dedup, features
from .db import WriterLock
from .schema import analyses, articles, fold_title
from .stories import StoryClusterer, resolve, touch

BATCH_SIZE = 32
#: key under which analyses are stored: a different model means a different analysis
MODEL_KEY = f"{nlp.MODEL_NAME}=={nlp.MODEL_VERSION}"

Parser = Callable[[Sequence[Article]], Iterable[ParsedArticle]]
Progress = Callable[[int, int], None]


def spacy_parser(batch: Sequence[Article]) -> Iterator[ParsedArticle]:
    # One process: a spaCy worker pool would outlive a killed writer (orphans blocked on a queue).
    return nlp.parse_texts([(a.id, a.body) for a in batch], n_process=1)


class AddReport(BaseModel):
    """What one ``add`` did.  Ids are article ids unless said otherwise."""

    model_config = ConfigDict(extra="forbid")

    added: list[str] = Field(default_factory=list, description="new articles (copies included)")
    unchanged: list[str] = Field(default_factory=list, description="already stored with the same text")
    revisions: list[str] = Field(default_factory=list, description="new text for a stored URL; old revision kept")
    skipped: list[Skipped] = Field(default_factory=list)
    duplicates_of: dict[str, str] = Field(default_factory=dict, description="near-duplicate id -> original id")
    stories: list[str] = Field(default_factory=list, description="story ids that received articles")
    merges: dict[str, str] = Field(default_factory=dict, description="merged story id -> story id kept")
    splits: dict[str, str] = Field(default_factory=dict, description="new story id -> story id it split off")

    def summary(self) -> str:
        return (
            f"{len(self.added)} added ({len(self.duplicates_of)} near-duplicates), {len(self.revisions)} revisions, "
            f"{len(self.unchanged)} unchanged, {len(self.skipped)} skipped; {len(self.stories)} stories touched"
        )


@dataclass
class _Written:
    article_id: str
    revision: bool
    original: str | None
    story_id: str
    merged: list[str]
    #: story split -> the stories split off it
    split: dict[str, list[str]]


def fallback_title(article: Article) -> str:
    first = next((line.strip() for line in article.body.splitlines() if line.strip()), article.id)
    return first if len(first) <= 100 else first[:99].rstrip() + "…"


def _known_ids(conn: Connection, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        found.update(conn.execute(select(articles.c.id).where(articles.c.id.in_(chunk))).scalars())
    return found


def _write_one(
    conn: Connection, clusterer: StoryClusterer, article: Article, parsed: ParsedArticle, now: dt.datetime
) -> _Written:
    added_on = now.date()
    previous = None
    if article.url:
        previous = conn.execute(
            select(articles.c.id, articles.c.revision, articles.c.story_id).where(
                articles.c.url == article.url, articles.c.superseded_by.is_(None)
            )
        ).one_or_none()
    shingle_set = shingles(article.body)
    hashes = dedup.band_hashes(shingle_set)
    original = dedup.find_original(conn, article, shingle_set, hashes)
    stored = article.model_copy(update={"duplicate_of": original})
    inserted = conn.execute(
        insert(articles).values(
            id=article.id, url=article.url, title=article.title, outlet=article.outlet, published=article.published,
            title_key=fold_title(article.title) if article.title is not None else None,
            added_on=added_on.isoformat(), added_at=now.isoformat(timespec="seconds"),
            revision=previous.revision + 1 if previous else 1, supersedes=previous.id if previous else None,
            superseded_by=None, duplicate_of=original, story_id=None, article_json=stored.model_dump_json(),
        )
    ).inserted_primary_key
    if inserted is None:
        raise RuntimeError(f"the database returned no row number for article {article.id}")
    seq = inserted[0]
    if previous is not None:
        conn.execute(update(articles).where(articles.c.id == previous.id).values(superseded_by=article.id))
    conn.execute(
        insert(analyses).values(article_id=article.id, model_version=MODEL_KEY, parsed_json=parsed.model_dump_json())
    )
    dedup.store_bands(conn, article.id, hashes)

    day = features.activity_day(article, added_on)
    # A new revision stays in its page's story, a copy in its original's: neither adds to a centroid.
    joined = None
    if previous is not None and previous.story_id:
        joined = resolve(conn, previous.story_id)
    elif original is not None:
        story_of_original = conn.execute(select(articles.c.story_id).where(articles.c.id == original)).scalar_one()
        joined = resolve(conn, story_of_original) if story_of_original else None
    merged: list[str] = []
    split: dict[str, list[str]] = {}
    if joined is not None:
        touch(conn, joined, day, article.title)
        story_id = joined
    else:
        feats = features.extract(article, parsed, added_on)
        assignment = clusterer.add(conn, article.id, int(seq), feats, article.title, fallback_title(article))
        story_id, merged = assignment.story_id, assignment.merged
        if assignment.split_off:
            split[assignment.split_from or story_id] = assignment.split_off
    conn.execute(update(articles).where(articles.c.id == article.id).values(story_id=story_id))
    return _Written(article.id, previous is not None, original, story_id, merged, split)


def parse_checked(parser: Parser, batch: Sequence[Article]) -> list[ParsedArticle]:
    """The parser's analyses of ``batch``, refusing an answer that is not one analysis per article in order."""
    parsed = list(parser(batch)) if batch else []
    got, asked = [p.article for p in parsed], [a.id for a in batch]
    if got != asked:
        raise RuntimeError(f"parser returned analyses of {got[:5]} for articles {asked[:5]}")
    return parsed


def store_analyses(engine: Engine, lock: WriterLock, parsed: Sequence[ParsedArticle]) -> list[str]:
    """Keep analyses made under the current model for stored articles; return the ids written.

    One transaction under the writer lock, without waiting for it: :class:`.db.StoreBusyError` when
    another writer holds it.  Analyses another process stored meanwhile are left as they are.
    """
    with lock.hold(wait=0), engine.begin() as conn:
        ids = [p.article for p in parsed]
        present: set[str] = set()
        for start in range(0, len(ids), 900):
            query = select(analyses.c.article_id).where(
                analyses.c.article_id.in_(ids[start : start + 900]), analyses.c.model_version == MODEL_KEY
            )
            present.update(conn.execute(query).scalars())
        rows = [
            {"article_id": p.article, "model_version": MODEL_KEY, "parsed_json": p.model_dump_json()}
            for p in parsed
            if p.article not in present
        ]
        if rows:
            conn.execute(insert(analyses), rows)
    return [row["article_id"] for row in rows]


def add(
    engine: Engine,
    lock: WriterLock,
    clusterer: StoryClusterer,
    inputs: Sequence[str | Path | Article],
    parser: Parser = spacy_parser,
    on_progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> AddReport:
    result = ingest(list(inputs))
    report = AddReport(skipped=list(result.skipped))
    with lock.hold():
        # the frequency cache is only true while this process is the writer
        clusterer.stats.forget()
        with engine.connect() as conn:
            known = _known_ids(conn, [a.id for a in result.articles])
        report.unchanged = [a.id for a in result.articles if a.id in known]
        todo = [a for a in result.articles if a.id not in known]
        parsed_stream = iter(parser(todo))
        touched: list[str] = []
        for start in range(0, len(todo), batch_size):
            batch = todo[start : start + batch_size]
            parsed = [next(parsed_stream) for _ in batch]
            for article, analysis in zip(batch, parsed, strict=True):
                if analysis.article != article.id:
                    raise RuntimeError(f"parser returned {analysis.article} for article {article.id}")
            now = dt.datetime.now(dt.UTC)
            try:
                with engine.begin() as conn:
                    written = [_write_one(conn, clusterer, a, p, now) for a, p in zip(batch, parsed, strict=True)]
                    clusterer.stats.flush(conn)
            except BaseException:
                clusterer.stats.forget()
                raise
            for w in written:
                (report.revisions if w.revision else report.added).append(w.article_id)
                if w.original is not None:
                    report.duplicates_of[w.article_id] = w.original
                touched.append(w.story_id)
                for gone in w.merged:
                    report.merges[gone] = w.story_id
                for source, new_ids in w.split.items():
                    touched += [source, *new_ids]
                    report.splits.update(dict.fromkeys(new_ids, source))
            if on_progress is not None:
                on_progress(start + len(batch), len(todo))
        with engine.connect() as conn:
            final = (resolve(conn, s) for s in dict.fromkeys(touched))
            report.stories = list(dict.fromkeys(s for s in final if s is not None))
            report.merges = {gone: resolve(conn, kept) or kept for gone, kept in report.merges.items()}
    return report
