"""Online story clustering: each new article joins the most similar recent story or starts one.

A story is represented by its centroid: the sum of its articles' unit
TF-IDF vectors, kept in ``story_terms`` (one row per feature), which doubles
as the inverted index.  Adding an article:

1. update the document frequencies and weigh the article (words and entity
   keys as two unit vectors, see :mod:`.features`);
2. candidate stories = those whose centroid holds one of the article's
   heaviest features and whose dates lie within :attr:`ClusterParams.window_days`
   (one indexed query: the cost depends on the postings of a dozen rare
   features, not on the size of the store);
3. score each candidate: ``text_weight * cos(words) + (1 - text_weight) *
   cos(entities)``, scaled down by the day gap between the article and the
   story's date range (exponential decay; undated articles use the day added);
4. join the best story above ``join_threshold``; when a second story also
   scores above ``merge_threshold`` the article links the two strongly and
   they merge: the older story keeps its id, the younger one points to it
   (``stories.merged_into``) and the merge is recorded in ``story_merges``.

5. each article's unit vectors are kept (``article_vectors``); a story of a
   few articles or more that the article joined is re-examined and split when
   its members fall into well-separated groups (:mod:`.splits`): the part
   holding its oldest article keeps the id, the others become new stories
   (recorded in ``story_splits``), and the centroids are rebuilt.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from sqlalchemy import Connection, and_, bindparam, delete, func, insert, select, update

from . import splits
from .features import ENTITY_PREFIX, MAX_ENTITIES, MAX_WORDS, ArticleFeatures, unit_vector
from .schema import articles, counters, fold_title, stories, story_merges, story_terms, term_df
from .splits import SplitParams

_N_DOCS = "n_docs"
#: stays well under every backend's bound-parameter limit
_IN_CHUNK = 900


@dataclass(frozen=True)
class ClusterParams:
    # Chosen on ECB+ test topics 36-40 (bench/eval_stories.py): F1 is flat within 0.20-0.30; the
    # higher end of that range is kept because a large stream has far more near-miss stories.
    join_threshold: float = 0.25
    merge_threshold: float = 0.50
    text_weight: float = 0.6
    window_days: int = 30
    tau_days: float = 7.0
    #: share of the score that depends on time: far-apart articles keep (1 - time_weight) of it
    time_weight: float = 0.5
    max_candidates: int = 15
    query_words: int = 12
    query_entities: int = 6
    #: centroid features kept per story (pruned when twice as many have accumulated)
    story_words: int = 300
    story_entities: int = 100
    #: when and how a story is re-examined for a split; None never splits
    split: SplitParams | None = field(default_factory=SplitParams)


@dataclass
class Assignment:
    story_id: str
    created: bool
    score: float
    merged: list[str] = field(default_factory=list)
    #: stories split off the joined one by this add (the article may be in one of them)
    split_off: list[str] = field(default_factory=list)
    #: the story those were split off (it kept its id), when there was a split
    split_from: str | None = None


def _chunks(items: list[str]) -> list[list[str]]:
    return [items[i : i + _IN_CHUNK] for i in range(0, len(items), _IN_CHUNK)]


class TermStats:
    """Document frequencies, cached for one writer session and flushed once per batch.

    Only the single writer changes them, so the cache stays true while the
    writer lock is held; :meth:`forget` drops it after a rolled-back batch.
    """

    MAX_CACHED = 500_000

    def __init__(self) -> None:
        self.forget()

    def forget(self) -> None:
        self._df: dict[str, int] = {}
        self._in_db: set[str] = set()
        self._dirty: set[str] = set()
        self._n_docs: int | None = None
        self._n_docs_in_db = False

    def _load(self, conn: Connection, terms: set[str]) -> None:
        missing = sorted(t for t in terms if t not in self._df)
        for chunk in _chunks(missing):
            for term, df in conn.execute(select(term_df.c.term, term_df.c.df).where(term_df.c.term.in_(chunk))):
                self._df[term] = int(df)
                self._in_db.add(term)
        for term in missing:
            self._df.setdefault(term, 0)
        if self._n_docs is None:
            value = conn.execute(select(counters.c.value).where(counters.c.name == _N_DOCS)).scalar_one_or_none()
            self._n_docs_in_db = value is not None
            self._n_docs = int(value or 0)

    def add_document(self, conn: Connection, terms: set[str]) -> tuple[dict[str, int], int]:
        """Count one more document holding ``terms``; return their frequencies and the document count."""
        self._load(conn, terms)
        for term in terms:
            self._df[term] += 1
            self._dirty.add(term)
        assert self._n_docs is not None
        self._n_docs += 1
        return {t: self._df[t] for t in terms}, self._n_docs

    def flush(self, conn: Connection) -> None:
        new = [{"t": t, "d": self._df[t]} for t in sorted(self._dirty - self._in_db)]
        old = [{"t": t, "d": self._df[t]} for t in sorted(self._dirty & self._in_db)]
        if new:
            conn.execute(insert(term_df).values(term=bindparam("t"), df=bindparam("d")), new)
        if old:
            conn.execute(update(term_df).where(term_df.c.term == bindparam("t")).values(df=bindparam("d")), old)
        if self._n_docs is not None:
            if self._n_docs_in_db:
                conn.execute(update(counters).where(counters.c.name == _N_DOCS).values(value=self._n_docs))
            else:
                conn.execute(insert(counters).values(name=_N_DOCS, value=self._n_docs))
                self._n_docs_in_db = True
        self._in_db |= self._dirty
        self._dirty.clear()
        if len(self._df) > self.MAX_CACHED:
            keep_n = self._n_docs
            self.forget()
            self._n_docs, self._n_docs_in_db = keep_n, keep_n is not None


def _split(vector: dict[str, float]) -> tuple[dict[str, float], dict[str, float]]:
    words = {t: w for t, w in vector.items() if not t.startswith(ENTITY_PREFIX)}
    ents = {t: w for t, w in vector.items() if t.startswith(ENTITY_PREFIX)}
    return words, ents


def _norm2(vector: dict[str, float]) -> float:
    return sum(w * w for w in vector.values())


class StoryClusterer:
    def __init__(self, params: ClusterParams | None = None) -> None:
        self.params = params or ClusterParams()
        self.stats = TermStats()

    # ------------------------------------------------------------------ scoring

    def _time_factor(self, day: dt.date, first: str, last: str) -> float:
        gap = max((dt.date.fromisoformat(first) - day).days, (day - dt.date.fromisoformat(last)).days, 0)
        p = self.params
        return 1.0 - p.time_weight + p.time_weight * math.exp(-gap / p.tau_days)

    def _candidates(self, conn: Connection, words: dict[str, float], ents: dict[str, float], day: dt.date) -> list[str]:
        p = self.params
        query = [t for t, _ in sorted(words.items(), key=lambda kv: -kv[1])[: p.query_words]]
        query += [t for t, _ in sorted(ents.items(), key=lambda kv: -kv[1])[: p.query_entities]]
        if not query:
            return []
        lo = (day - dt.timedelta(days=p.window_days)).isoformat()
        hi = (day + dt.timedelta(days=p.window_days)).isoformat()
        hits = func.count().label("hits")
        rows = conn.execute(
            select(story_terms.c.story_id, hits)
            .join(stories, stories.c.id == story_terms.c.story_id)
            .where(
                story_terms.c.term.in_(query),
                stories.c.last_seen >= lo,
                stories.c.first_seen <= hi,
                stories.c.merged_into.is_(None),
            )
            .group_by(story_terms.c.story_id)
            .order_by(hits.desc(), story_terms.c.story_id)
            .limit(p.max_candidates)
        ).all()
        return [r.story_id for r in rows]

    def _score(
        self, conn: Connection, cands: list[str], words: dict[str, float], ents: dict[str, float], day: dt.date
    ) -> tuple[list[tuple[float, str]], dict[str, dict[str, float]]]:
        overlap: dict[str, dict[str, float]] = {c: {} for c in cands}
        vector = {**words, **ents}
        for chunk in _chunks(sorted(vector)):
            for story_id, term, weight in conn.execute(
                select(story_terms.c.story_id, story_terms.c.term, story_terms.c.weight).where(
                    story_terms.c.story_id.in_(cands), story_terms.c.term.in_(chunk)
                )
            ):
                overlap[story_id][term] = weight
        scored = []
        tw = self.params.text_weight
        for row in conn.execute(select(stories).where(stories.c.id.in_(cands))):
            shared = overlap[row.id]
            cos_w = sum(shared.get(t, 0.0) * w for t, w in words.items()) / math.sqrt(row.norm2_words or 1.0)
            cos_e = sum(shared.get(t, 0.0) * w for t, w in ents.items()) / math.sqrt(row.norm2_entities or 1.0)
            sim = tw * cos_w + (1 - tw) * cos_e if ents and row.norm2_entities > 0 else cos_w
            scored.append((sim * self._time_factor(day, row.first_seen, row.last_seen), row.id))
        scored.sort(key=lambda s: (-s[0], s[1]))
        return scored, overlap

    # ------------------------------------------------------------------ writing

    def add(
        self, conn: Connection, article_id: str, seq: int, feats: ArticleFeatures, title: str | None, fallback: str
    ) -> Assignment:
        """Place one article (already inserted in ``articles``) in a story; the caller sets its story_id.

        ``title`` is the article's headline, ``fallback`` what names a new story when it has none.
        """
        df, n_docs = self.stats.add_document(conn, feats.vocabulary())
        words = unit_vector(feats.words, df, n_docs, MAX_WORDS)
        ents = unit_vector(feats.entities, df, n_docs, MAX_ENTITIES)
        splits.keep_vector(conn, article_id, feats.day, words, ents)
        cands = self._candidates(conn, words, ents, feats.day)
        scored, overlap = self._score(conn, cands, words, ents, feats.day) if cands else ([], {})
        p = self.params
        if not scored or scored[0][0] < p.join_threshold:
            story_id = "s" + article_id.removeprefix("a")
            self._create(conn, story_id, seq, feats.day, title, fallback, words, ents)
            return Assignment(story_id=story_id, created=True, score=scored[0][0] if scored else 0.0)
        best_score, best = scored[0]
        merged: list[str] = []
        strong = [sid for score, sid in scored if score >= p.merge_threshold]
        if best_score >= p.merge_threshold and len(strong) > 1:
            kept = self._merge(conn, strong, article_id, {sid: s for s, sid in scored})
            merged = [s for s in strong if s != kept]
            best = kept
            existing = self._weights(conn, kept, set(words) | set(ents))
        else:
            existing = overlap[best]
        self._join(conn, best, feats.day, title, words, ents, existing)
        placed, split_off = self._maybe_split(conn, best, article_id)
        return Assignment(
            story_id=placed, created=False, score=best_score, merged=merged, split_off=split_off,
            split_from=best if split_off else None,
        )

    def _maybe_split(self, conn: Connection, story_id: str, article_id: str) -> tuple[str, list[str]]:
        """Split ``story_id`` when its members have pulled apart; return where the article is and the new ids."""
        p = self.params
        if p.split is None:
            return story_id, []
        n_vectors = conn.execute(select(stories.c.n_vectors).where(stories.c.id == story_id)).scalar_one()
        if not p.split.due(n_vectors):
            return story_id, []
        found = splits.examine(conn, story_id, article_id, p.split, p.text_weight, p.time_weight, p.tau_days)
        if found is None:
            return story_id, []
        split, members = found
        splits.apply(conn, split, members, article_id)
        # the centroid that stays: the old one less the moved vectors (members without a vector stay in it)
        centroid = self._weights(conn, story_id)
        for member in members:
            target = split.story_of[member.article_id]
            if target == story_id:
                continue
            for term, weight in {**member.words, **member.entities}.items():
                centroid[term] = centroid.get(term, 0.0) - weight
        self._rewrite_centroid(conn, story_id, {t: w for t, w in centroid.items() if w > 1e-9})
        for new_id in split.new_stories:
            summed: dict[str, float] = {}
            for member in members:
                if split.story_of[member.article_id] == new_id:
                    for term, weight in {**member.words, **member.entities}.items():
                        summed[term] = summed.get(term, 0.0) + weight
            self._rewrite_centroid(conn, new_id, summed)
        return split.story_of[article_id], split.new_stories

    def _create(
        self, conn: Connection, story_id: str, seq: int, day: dt.date, title: str | None, fallback: str,
        words: dict[str, float], ents: dict[str, float],
    ) -> None:
        conn.execute(
            insert(stories).values(
                id=story_id, title=title or fallback, title_key=fold_title(title or fallback), has_title=bool(title),
                created_seq=seq,
                first_seen=day.isoformat(), last_seen=day.isoformat(), n_vectors=1,
                n_terms=len(words) + len(ents), norm2_words=_norm2(words), norm2_entities=_norm2(ents),
                merged_into=None,
            )
        )
        rows = [{"story_id": story_id, "term": t, "weight": w} for t, w in {**words, **ents}.items()]
        if rows:
            conn.execute(insert(story_terms), rows)

    def _weights(self, conn: Connection, story_id: str, terms: set[str] | None = None) -> dict[str, float]:
        query = select(story_terms.c.term, story_terms.c.weight).where(story_terms.c.story_id == story_id)
        if terms is None:
            return {r.term: r.weight for r in conn.execute(query)}
        out: dict[str, float] = {}
        for chunk in _chunks(sorted(terms)):
            out.update({r.term: r.weight for r in conn.execute(query.where(story_terms.c.term.in_(chunk)))})
        return out

    def _join(
        self, conn: Connection, story_id: str, day: dt.date, title: str | None,
        words: dict[str, float], ents: dict[str, float], existing: dict[str, float],
    ) -> None:
        vector = {**words, **ents}
        new = [{"story_id": story_id, "term": t, "weight": w} for t, w in vector.items() if t not in existing]
        old = [{"s": story_id, "t": t, "w": existing[t] + w} for t, w in vector.items() if t in existing]
        if new:
            conn.execute(insert(story_terms), new)
        if old:
            conn.execute(
                update(story_terms)
                .where(and_(story_terms.c.story_id == bindparam("s"), story_terms.c.term == bindparam("t")))
                .values(weight=bindparam("w")),
                old,
            )
        row = conn.execute(select(stories).where(stories.c.id == story_id)).one()
        dot_w = sum(existing.get(t, 0.0) * w for t, w in words.items())
        dot_e = sum(existing.get(t, 0.0) * w for t, w in ents.items())
        conn.execute(
            update(stories).where(stories.c.id == story_id).values(
                n_vectors=row.n_vectors + 1,
                n_terms=row.n_terms + len(new),
                norm2_words=row.norm2_words + 2 * dot_w + _norm2(words),
                norm2_entities=row.norm2_entities + 2 * dot_e + _norm2(ents),
            )
        )
        touch(conn, story_id, day, title)
        if row.n_terms + len(new) > 2 * (self.params.story_words + self.params.story_entities):
            self._rewrite_centroid(conn, story_id, self._weights(conn, story_id))

    def _rewrite_centroid(self, conn: Connection, story_id: str, centroid: dict[str, float]) -> None:
        """Keep the heaviest features of a centroid and recompute its norms from what is kept."""
        words, ents = _split(centroid)
        p = self.params
        words = dict(sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))[: p.story_words])
        ents = dict(sorted(ents.items(), key=lambda kv: (-kv[1], kv[0]))[: p.story_entities])
        conn.execute(delete(story_terms).where(story_terms.c.story_id == story_id))
        rows = [{"story_id": story_id, "term": t, "weight": w} for t, w in {**words, **ents}.items()]
        if rows:
            conn.execute(insert(story_terms), rows)
        conn.execute(
            update(stories).where(stories.c.id == story_id).values(
                n_terms=len(rows), norm2_words=_norm2(words), norm2_entities=_norm2(ents)
            )
        )

    def _merge(self, conn: Connection, story_ids: list[str], article_id: str, scores: dict[str, float]) -> str:
        rows = {r.id: r for r in conn.execute(select(stories).where(stories.c.id.in_(story_ids)))}
        kept = min(story_ids, key=lambda s: (rows[s].created_seq, s))
        centroid = self._weights(conn, kept)
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        first, last, n_vectors = rows[kept].first_seen, rows[kept].last_seen, rows[kept].n_vectors
        for other in story_ids:
            if other == kept:
                continue
            for term, weight in self._weights(conn, other).items():
                centroid[term] = centroid.get(term, 0.0) + weight
            conn.execute(delete(story_terms).where(story_terms.c.story_id == other))
            conn.execute(update(articles).where(articles.c.story_id == other).values(story_id=kept))
            conn.execute(update(stories).where(stories.c.merged_into == other).values(merged_into=kept))
            conn.execute(update(stories).where(stories.c.id == other).values(merged_into=kept, n_terms=0))
            conn.execute(
                insert(story_merges).values(
                    merged=other, kept=kept, article_id=article_id, at=now,
                    score_merged=scores[other], score_kept=scores[kept],
                )
            )
            first, last = min(first, rows[other].first_seen), max(last, rows[other].last_seen)
            n_vectors += rows[other].n_vectors
        conn.execute(
            update(stories).where(stories.c.id == kept).values(first_seen=first, last_seen=last, n_vectors=n_vectors)
        )
        self._rewrite_centroid(conn, kept, centroid)
        return kept


def touch(conn: Connection, story_id: str, day: dt.date, title: str | None) -> None:
    """Widen a story's date range to ``day``; give it ``title`` if it had none."""
    row = conn.execute(select(stories).where(stories.c.id == story_id)).one()
    values: dict[str, object] = {
        "first_seen": min(row.first_seen, day.isoformat()),
        "last_seen": max(row.last_seen, day.isoformat()),
    }
    if title and not row.has_title:
        values.update(title=title, title_key=fold_title(title), has_title=True)
    conn.execute(update(stories).where(stories.c.id == story_id).values(**values))


def resolve(conn: Connection, story_id: str) -> str | None:
    """Follow merges to the story that now holds ``story_id``'s articles (None if unknown)."""
    seen: set[str] = set()
    current: str | None = story_id
    while current is not None and current not in seen:
        seen.add(current)
        row = conn.execute(select(stories.c.merged_into).where(stories.c.id == current)).one_or_none()
        if row is None:
            return None
        if row.merged_into is None:
            return current
        current = row.merged_into
    return current
