"""Near-duplicate index: MinHash LSH bands kept in a table, so it persists and grows.

``datasketch.MinHashLSH`` lives in memory; here each article's MinHash (over
the same 5-word shingles as the in-memory syndication stage) is cut into
:data:`BANDS` bands of :data:`ROWS` values, each band hashed to one 64-bit
integer and stored as ``(band, hash, article)``.  Articles sharing any band
are candidates; a candidate is a copy only if
:func:`newsfuse.stages.syndication.is_copy` confirms it on the exact shingle
sets, so the store and a one-off briefing decide alike.  With 3 rows x 42
bands and at least :data:`MIN_SHARED_BANDS` shared bands, a pair at Jaccard
0.6 is always a candidate, one at 0.45 (a wire story cut to half its length)
nearly always, one at 0.3 about one time in three, one at 0.1 almost never:
the confirmation step (a JSON load and an exact comparison per candidate) stays
cheap however many articles share stock phrases.
"""

from __future__ import annotations

import hashlib
import json

from datasketch import MinHash
from sqlalchemy import Connection, and_, func, insert, or_, select

from ..model import Article
from ..stages.syndication import is_copy, shingles
from .schema import articles, minhash_bands

ROWS = 3
BANDS = 42
NUM_PERM = ROWS * BANDS
#: candidates confirmed per article, the ones sharing most bands first
MAX_CANDIDATES = 8
#: a single shared band is mostly boilerplate or chance (P = 0.03 at Jaccard 0.1); copies share several
MIN_SHARED_BANDS = 2
_SEED = 1


def band_hashes(shingle_set: set[str]) -> list[int]:
    """One signed 64-bit hash per band (fits a BIGINT on every backend)."""
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED)
    minhash.update_batch([s.encode("utf-8") for s in sorted(shingle_set)])
    values = minhash.hashvalues
    out = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS].tobytes()
        out.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "big", signed=True))
    return out


def store_bands(conn: Connection, article_id: str, hashes: list[int]) -> None:
    conn.execute(
        insert(minhash_bands), [{"band": b, "hash": h, "article_id": article_id} for b, h in enumerate(hashes)]
    )


def _outlet(article: Article) -> str:
    return (article.outlet or article.id).casefold().strip()


def find_original(
    conn: Connection, article: Article, shingle_set: set[str], hashes: list[int]
) -> str | None:
    """The id of the stored article this one copies (the root of its copy group), or None."""
    if not shingle_set:
        return None
    shared = func.count().label("shared")
    rows = conn.execute(
        select(minhash_bands.c.article_id, shared)
        # OR of (band, hash) pairs rather than a row-value IN: SQLite answers the OR from the index
        # (MULTI-INDEX OR) but scans the whole table for the IN form
        .where(or_(*(and_(minhash_bands.c.band == b, minhash_bands.c.hash == h) for b, h in enumerate(hashes))))
        .group_by(minhash_bands.c.article_id)
        .having(shared >= MIN_SHARED_BANDS)
        .order_by(shared.desc(), minhash_bands.c.article_id)
        .limit(MAX_CANDIDATES)
    ).all()
    if not rows:
        return None
    candidates = conn.execute(
        select(articles.c.id, articles.c.seq, articles.c.url, articles.c.duplicate_of, articles.c.article_json).where(
            articles.c.id.in_([r.article_id for r in rows])
        )
    ).all()
    best: tuple[int, str] | None = None
    for cand in candidates:
        if cand.id == article.id or (article.url and cand.url == article.url):
            continue  # an earlier revision of the same page is not a copy from another source
        other = Article.model_validate(json.loads(cand.article_json))
        if not is_copy(shingle_set, shingles(other.body), _outlet(other) == _outlet(article)):
            continue
        root = cand.duplicate_of or cand.id
        root_seq = cand.seq if root == cand.id else _seq_of(conn, root)
        if best is None or root_seq < best[0]:
            best = (root_seq, root)
    return best[1] if best else None


def _seq_of(conn: Connection, article_id: str) -> int:
    return int(conn.execute(select(articles.c.seq).where(articles.c.id == article_id)).scalar_one())
