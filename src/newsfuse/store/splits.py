"""Splitting a story whose articles no longer form one group.

Online clustering joins an article to a story's centroid, so one ambiguous
article (a report that mentions two events) can glue two events together, and
later reports of either event keep joining the glued centroid.  After each
join, a story of :attr:`SplitParams.min_articles` to :attr:`SplitParams.max_articles`
clustered articles is re-examined from its members' stored unit vectors
(``article_vectors``):

1. the pairwise similarity of its members, the clusterer's own score (words
   and entities cosine, scaled down by the day gap);
2. average-linkage agglomerative clustering (SciPy), cut into the fewest
   groups that hold two of at least :attr:`SplitParams.min_part` articles;
   smaller groups (outliers) go to the part they are most similar to;
3. two parts are separate events when the mean similarity between them falls
   below :attr:`SplitParams.cross_similarity` (well below the join
   threshold), leaving out "bridges": members about as close to the other
   part as a joining article is.  Not connected components: the gluing
   article is similar to both events and would keep one component.  With two
   separated parts or more the story splits: the part holding its oldest article keeps the id,
   each other part becomes a new story (recorded in ``story_splits``) and the
   centroids (the inverted index) are rebuilt so that later articles join the
   right part.

Copies and revisions carry no vector: they follow the article they copy or
revise.  Articles stored before vectors were kept (schema version 2) stay with
the story's id.  Stories beyond ``max_articles`` are not re-examined, and
larger stories less often (:meth:`SplitParams.due`), which bounds the cost of one add.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sqlalchemy import Connection, Row, insert, select, update

from .schema import article_vectors, articles, fold_title, stories, story_splits

#: stays well under every backend's bound-parameter limit
_IN_CHUNK = 900


@dataclass(frozen=True)
class SplitParams:
    #: stories with fewer clustered articles are not examined: two parts need min_part articles each
    min_articles: int = 6
    #: stories with more are not examined (bounds the cost of an add: similarity is quadratic)
    max_articles: int = 150
    min_part: int = 2
    #: mean pairwise similarity under which two groups are separate events (the join threshold is 0.25)
    cross_similarity: float = 0.08
    #: a member this close on average to the other group is a bridge, left out of the comparison
    bridge_similarity: float = 0.2
    #: parts looked for in one examination (the tree is cut into at most this many clusters)
    max_parts: int = 4
    #: past 2 * min_articles, a story is examined about this many times each time its size doubles
    checks_per_doubling: int = 8

    def due(self, n_articles: int) -> bool:
        """Whether a story of ``n_articles`` clustered articles is examined after this join.

        Every join while the story is small; then once every ``n / checks_per_doubling`` joins, so that
        the quadratic examination costs an add about the same at any story size.
        """
        if not self.min_articles <= n_articles <= self.max_articles:
            return False
        if n_articles <= 2 * self.min_articles:
            return True
        return n_articles % max(1, n_articles // self.checks_per_doubling) == 0


@dataclass(frozen=True)
class MemberVector:
    article_id: str
    seq: int
    day: dt.date
    words: dict[str, float]
    entities: dict[str, float]


@dataclass(frozen=True)
class Split:
    """What one split did: ``story_id`` kept its id, each of ``new_stories`` took ``moved[new_id]``."""

    story_id: str
    new_stories: list[str]
    moved: dict[str, list[str]]
    #: the story that now holds each member examined
    story_of: dict[str, str]
    #: mean pairwise similarity between the part that kept the id and each new story's part
    cross: dict[str, float]


@dataclass(frozen=True)
class SplitRecord:
    """One recorded split: ``story_id`` kept its id, ``new_story`` took ``moved`` when ``article_id`` was added."""

    story_id: str
    new_story: str
    article_id: str
    at: str
    moved: list[str]
    cross_similarity: float


def recorded(conn: Connection) -> list[SplitRecord]:
    """Every recorded split, oldest first."""
    return [
        SplitRecord(r.story_id, r.new_story, r.article_id, r.at, list(json.loads(r.moved)), float(r.cross_similarity))
        for r in conn.execute(select(story_splits).order_by(story_splits.c.id))
    ]


def encode_vector(words: dict[str, float], entities: dict[str, float]) -> str:
    return json.dumps({"words": words, "entities": entities}, sort_keys=True)


def keep_vector(conn: Connection, article_id: str, day: dt.date, words: dict[str, float],
                entities: dict[str, float]) -> None:
    conn.execute(
        insert(article_vectors).values(article_id=article_id, day=day.isoformat(),
                                       vector_json=encode_vector(words, entities))
    )


def _member_vectors(conn: Connection, story_id: str, extra: str | None, limit: int) -> list[MemberVector] | None:
    """The clustered members of a story in arrival order, or None when there are more than ``limit``."""
    query = (
        select(articles.c.id, articles.c.seq, article_vectors.c.day, article_vectors.c.vector_json)
        .join(article_vectors, article_vectors.c.article_id == articles.c.id)
        .where((articles.c.story_id == story_id) | (articles.c.id == extra))
        .order_by(articles.c.seq)
        .limit(limit + 1)
    )
    rows = conn.execute(query).all()
    if len(rows) > limit:
        return None
    out = []
    for row in rows:
        vector = json.loads(row.vector_json)
        out.append(MemberVector(row.id, int(row.seq), dt.date.fromisoformat(row.day), vector["words"],
                                vector["entities"]))
    return out


def similarity_matrix(
    members: Sequence[MemberVector], text_weight: float, time_weight: float, tau_days: float
) -> np.ndarray:
    """Pairwise scores as the clusterer scores an article against a story (see ``stories``)."""
    vocab: dict[str, int] = {}
    for m in members:
        for term in (*m.words, *m.entities):
            vocab.setdefault(term, len(vocab))
    words = np.zeros((len(members), len(vocab)))
    ents = np.zeros((len(members), len(vocab)))
    for i, m in enumerate(members):
        for term, weight in m.words.items():
            words[i, vocab[term]] = weight
        for term, weight in m.entities.items():
            ents[i, vocab[term]] = weight
    cos_w = words @ words.T
    cos_e = ents @ ents.T
    has_ents = np.array([bool(m.entities) for m in members])
    both = np.outer(has_ents, has_ents)
    sim = np.where(both, text_weight * cos_w + (1 - text_weight) * cos_e, cos_w)
    days = np.array([m.day.toordinal() for m in members], dtype=float)
    gap = np.abs(days[:, None] - days[None, :])
    return np.asarray(sim * (1.0 - time_weight + time_weight * np.exp(-gap / tau_days)))


def _separated(sim: np.ndarray, one: list[int], other: list[int], params: SplitParams) -> bool:
    """Whether two groups are different events: their cores, bridges left out, are far apart on average.

    A bridge is a member about as close to the other group as a story joiner is: the ambiguous article
    that glued the two events in the first place.  Leaving bridges out is what lets a glued story split.
    """
    core_one = [i for i in one if float(sim[i, other].mean()) < params.bridge_similarity]
    core_other = [j for j in other if float(sim[j, one].mean()) < params.bridge_similarity]
    if len(core_one) < params.min_part or len(core_other) < params.min_part:
        return False
    return float(sim[np.ix_(core_one, core_other)].mean()) < params.cross_similarity


def partition(sim: np.ndarray, params: SplitParams) -> list[list[int]]:
    """Member indices grouped into parts (one part: no split).  Parts are ordered by their first member.

    The average-linkage tree is cut into the fewest clusters that hold two of at least ``min_part``
    members; smaller clusters (outliers) join the part they are closest to on average; parts that are
    not :func:`_separated` are put back together.
    """
    n = sim.shape[0]
    whole = [list(range(n))]
    if n < params.min_articles:
        return whole
    distance = np.clip(1.0 - sim, 0.0, None)
    distance = (distance + distance.T) / 2  # float noise must not break the symmetry squareform expects
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    for k in range(2, params.max_parts + 1):
        groups: dict[int, list[int]] = {}
        for index, label in enumerate(fcluster(tree, t=k, criterion="maxclust")):
            groups.setdefault(int(label), []).append(index)
        parts = [g for g in groups.values() if len(g) >= params.min_part]
        if len(parts) >= 2:
            break
    else:
        return whole
    for small in (g for g in groups.values() if len(g) < params.min_part):
        for index in small:
            parts[max(range(len(parts)), key=lambda p: float(sim[index, parts[p]].mean()))].append(index)
    # union parts that are not clearly apart
    owner = list(range(len(parts)))

    def root(i: int) -> int:
        while owner[i] != i:
            i = owner[i]
        return i

    for i in range(len(parts)):
        for j in range(i + 1, len(parts)):
            if not _separated(sim, parts[i], parts[j], params):
                owner[root(j)] = root(i)
    joined: dict[int, list[int]] = {}
    for i, part in enumerate(parts):
        joined.setdefault(root(i), []).extend(part)
    if len(joined) < 2:
        return whole
    return sorted((sorted(p) for p in joined.values()), key=lambda p: p[0])


def _fresh_story_id(conn: Connection, article_id: str) -> str:
    base = "s" + article_id.removeprefix("a")
    candidate, n = base, 1
    while conn.execute(select(stories.c.id).where(stories.c.id == candidate)).first() is not None:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _title_of(conn: Connection, ids: Sequence[str]) -> tuple[str, bool]:
    """The headline of the earliest titled article among ``ids`` (True), else the first line of the earliest."""
    rows: list[Row[Any, Any]] = []
    for chunk in (list(ids[i : i + _IN_CHUNK]) for i in range(0, len(ids), _IN_CHUNK)):
        rows += conn.execute(select(articles.c.seq, articles.c.title).where(articles.c.id.in_(chunk))).all()
    rows.sort(key=lambda r: r.seq)
    titled = [r.title for r in rows if r.title]
    if titled:
        return str(titled[0]), True
    first = conn.execute(select(articles.c.article_json).where(articles.c.seq == rows[0].seq)).scalar_one()
    body = str(json.loads(first).get("body") or "")
    line = next((ln.strip() for ln in body.splitlines() if ln.strip()), ids[0])
    return (line if len(line) <= 100 else line[:99].rstrip() + "…"), False


def _followers(conn: Connection, story_id: str, vectored: set[str]) -> dict[str, str]:
    """Members without a vector (copies, revisions) -> the vectored member they follow, when there is one."""
    rows = conn.execute(
        select(articles.c.id, articles.c.duplicate_of, articles.c.supersedes).where(articles.c.story_id == story_id)
    ).all()
    leader = {r.id: r.duplicate_of or r.supersedes for r in rows if r.id not in vectored}
    out: dict[str, str] = {}
    for article_id in leader:
        current: str | None = article_id
        seen: set[str] = set()
        while current is not None and current not in vectored and current not in seen:
            seen.add(current)
            current = leader.get(current)
            if current is None:
                break
        if current is not None and current in vectored:
            out[article_id] = current
    return out


def examine(
    conn: Connection,
    story_id: str,
    article_id: str,
    params: SplitParams,
    text_weight: float,
    time_weight: float,
    tau_days: float,
) -> tuple[Split, list[MemberVector]] | None:
    """Decide whether ``story_id`` (which ``article_id`` has just joined) splits; None when it stays whole."""
    members = _member_vectors(conn, story_id, article_id, params.max_articles)
    if members is None or len(members) < params.min_articles:
        return None
    # the part holding the oldest article keeps the id; members are in arrival order, parts by first member
    sim = similarity_matrix(members, text_weight, time_weight, tau_days)
    parts = partition(sim, params)
    if len(parts) < 2:
        return None
    groups = [[members[i].article_id for i in part] for part in parts]
    story_of = {a: story_id for a in groups[0]}
    new_stories: list[str] = []
    moved: dict[str, list[str]] = {}
    cross: dict[str, float] = {}
    for part, group in zip(parts[1:], groups[1:], strict=True):
        new_id = _fresh_story_id(conn, group[0])
        # reserve the id at once: a second new part must not pick the same one
        new_stories.append(new_id)
        moved[new_id] = group
        cross[new_id] = float(sim[np.ix_(parts[0], part)].mean())
        story_of.update({a: new_id for a in group})
        conn.execute(
            insert(stories).values(
                id=new_id, title=new_id, title_key=fold_title(new_id), has_title=False,
                created_seq=min(m.seq for m in members if m.article_id in set(group)),
                first_seen="9999-12-31", last_seen="0000-01-01", n_vectors=0, n_terms=0,
                norm2_words=0.0, norm2_entities=0.0, merged_into=None,
            )
        )
    return Split(story_id, new_stories, moved, story_of, cross), members


def apply(conn: Connection, split: Split, members: Sequence[MemberVector], article_id: str) -> None:
    """Move the articles, date ranges and titles of a split and record it; centroids are the caller's."""
    vectored = {m.article_id for m in members}
    followers = _followers(conn, split.story_id, vectored)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    for new_id, group in split.moved.items():
        group_set = set(group)
        moving = group + [f for f, lead in followers.items() if lead in group_set]
        for start in range(0, len(moving), _IN_CHUNK):
            conn.execute(
                update(articles).where(articles.c.id.in_(moving[start : start + _IN_CHUNK])).values(story_id=new_id)
            )
        days = [m.day.isoformat() for m in members if m.article_id in group_set]
        title, has_title = _title_of(conn, moving)
        part_values: dict[str, object] = {
            "first_seen": min(days), "last_seen": max(days), "n_vectors": len(group),
            "title": title, "title_key": fold_title(title), "has_title": has_title,
        }
        conn.execute(update(stories).where(stories.c.id == new_id).values(**part_values))
        conn.execute(
            insert(story_splits).values(
                story_id=split.story_id, new_story=new_id, article_id=article_id, at=now,
                moved=json.dumps(sorted(moving)), cross_similarity=split.cross[new_id],
            )
        )
    kept = [m for m in members if split.story_of[m.article_id] == split.story_id]
    row = conn.execute(select(stories).where(stories.c.id == split.story_id)).one()
    unexamined = conn.execute(
        select(articles.c.id).where(articles.c.story_id == split.story_id, articles.c.id.not_in(vectored))
        .where(articles.c.id.not_in(list(followers)) if followers else articles.c.id.is_not(None))
        .limit(1)
    ).first()
    days = [m.day.isoformat() for m in kept]
    values: dict[str, object] = {"n_vectors": max(row.n_vectors - (len(members) - len(kept)), len(kept))}
    if unexamined is None:  # every member is known: the date range shrinks to theirs
        values.update(first_seen=min(days), last_seen=max(days))
    if row.has_title:  # the headline may have come from an article that moved
        staying = [m.article_id for m in kept]
        staying += [f for f, lead in followers.items() if split.story_of[lead] == split.story_id]
        title, has_title = _title_of(conn, staying)
        if has_title:
            values.update(title=title, title_key=fold_title(title))
    conn.execute(update(stories).where(stories.c.id == split.story_id).values(**values))
