"""Stage: detect syndicated copies and near-duplicates so that they count once.

Reads ``Article.body`` and ``Article.outlet``; writes ``Article.duplicate_of``.

Two articles are copies when the Jaccard similarity of their 5-word shingles is
at least :data:`JACCARD_THRESHOLD` (wire copy republished with a new intro line
or a changed headline keeps most shingles), or when nearly all of a shorter
article's shingles are inside a longer one (a wire story cut after a few
paragraphs).  Each copy points at the earliest article of its group (by
published date, then input order).  Small batches use exact Jaccard; large
ones find candidate pairs with MinHash LSH (datasketch) and then confirm them
exactly, so the decision is the same either way.

Two articles of the same outlet are held to a stricter bar, after removing the
shingles that outlet repeats in most of its articles (bylines, newsletter
plugs): an outlet's different stories share boilerplate, not text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from datasketch import MinHash, MinHashLSH

from ...model import Article

SHINGLE_WORDS = 5
JACCARD_THRESHOLD = 0.6
#: share of a shorter text's shingles found in a longer one that makes it a cut-down copy
CONTAINMENT_THRESHOLD = 0.85
#: a containment decision needs this many shingles, or two short summaries would match on one phrase
MIN_CONTAINED_SHINGLES = 30
SAME_OUTLET_JACCARD = 0.8
#: above this many articles, candidate pairs come from MinHash LSH instead of all pairs
EXACT_PAIRS_LIMIT = 300
_NUM_PERM = 128

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def containment(a: set[str], b: set[str]) -> float:
    """Share of the smaller set inside the larger one."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if not small:
        return 0.0
    return len(small & large) / len(small)


def outlet_key(article: Article) -> str:
    """Who published an article, for counting independent outlets: "The Meridian Post" = "meridian post".

    An article without an outlet counts as its own source.
    """
    name = " ".join((article.outlet or "").casefold().split())
    name = name.removeprefix("the ")
    return name or f"article:{article.id}"



def _strip_outlet_boilerplate(articles: Sequence[Article], sets: list[set[str]]) -> list[set[str]]:
    # Shingles an outlet repeats in more than half of its (3 or more) articles are its furniture.
    by_outlet: dict[str, list[int]] = {}
    for n, a in enumerate(articles):
        by_outlet.setdefault(outlet_key(a), []).append(n)
    out = list(sets)
    for members in by_outlet.values():
        if len(members) < 3:
            continue
        counts = Counter(s for n in members for s in sets[n])
        common = {s for s, c in counts.items() if c > len(members) / 2}
        for n in members:
            out[n] = sets[n] - common
    return out


def _candidate_pairs(sets: list[set[str]]) -> set[tuple[int, int]]:
    n = len(sets)
    if n <= EXACT_PAIRS_LIMIT:
        return {(i, j) for i in range(n) for j in range(i + 1, n)}
    # LSH at a lower threshold than the decision so that containment cases are not missed
    lsh = MinHashLSH(threshold=0.3, num_perm=_NUM_PERM)
    # One batch per article, and the permutations drawn once for all: updating shingle by shingle cost
    # seconds per thousand articles.
    hashes = MinHash.bulk([[sh.encode("utf-8") for sh in s] for s in sets], num_perm=_NUM_PERM)
    for i, mh in enumerate(hashes):
        lsh.insert(str(i), mh)
    pairs: set[tuple[int, int]] = set()
    for i, mh in enumerate(hashes):
        for key in lsh.query(mh):
            j = int(key)
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    return pairs


def is_copy(a: set[str], b: set[str], same_outlet: bool) -> bool:
    if same_outlet:
        return jaccard(a, b) >= SAME_OUTLET_JACCARD
    if jaccard(a, b) >= JACCARD_THRESHOLD:
        return True
    return min(len(a), len(b)) >= MIN_CONTAINED_SHINGLES and containment(a, b) >= CONTAINMENT_THRESHOLD


def mark_near_duplicates(articles: Sequence[Article]) -> None:
    """Set ``duplicate_of`` on each article that is a light rewrite of an earlier one."""
    # A link to an article outside this batch (set by an earlier run, or by the store for an original that is
    # no longer current) would hide this article's outlet, dates and events for nothing: drop it.
    present = {a.id for a in articles}
    for article in articles:
        if article.duplicate_of not in present or article.duplicate_of == article.id:
            article.duplicate_of = None
    if len(articles) < 2:
        return
    sets = _strip_outlet_boilerplate(articles, [shingles(a.body) for a in articles])
    # undated articles sort after dated ones: a copy should point at a source we can date
    order = sorted(range(len(articles)), key=lambda n: (articles[n].published is None, articles[n].published or "", n))
    rank = {n: r for r, n in enumerate(order)}
    parent = list(range(len(articles)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for i, j in sorted(_candidate_pairs(sets), key=lambda p: (min(rank[p[0]], rank[p[1]]), p)):
        same_outlet = outlet_key(articles[i]) == outlet_key(articles[j])
        if not is_copy(sets[i], sets[j], same_outlet):
            continue
        ri, rj = root(i), root(j)
        if ri == rj:
            continue
        # the group's representative is always its earliest member
        if rank[ri] < rank[rj]:
            parent[rj] = ri
        else:
            parent[ri] = rj
    for n, article in enumerate(articles):
        r = root(n)
        if r != n:
            article.duplicate_of = articles[r].id
        elif article.duplicate_of == article.id:
            article.duplicate_of = None  # never a copy of itself


def independent_outlets(articles: Sequence[Article]) -> int:
    """Number of distinct outlets among articles that are not copies of another article."""
    return len({outlet_key(a) for a in articles if a.duplicate_of is None})
