"""Average-linkage clustering of event mentions over a pairwise link probability.

Single-link joining glues two events together through one vague member: a report that matches each of two
twin events a little makes them one.  Average linkage merges the two clusters whose pairs are, on average, the
most likely to be one event, as long as that average is at least the threshold; a pair never scored (the two
events share no candidate key) counts as probability 0.  A merge is refused when any pair across the two
clusters may never be one event (``can_join``: different kinds of event, incompatible dates, places in
different countries, two different named actors), so a cluster never holds two events the rules keep apart.

The work is on the sparse pairs given: each merge updates the sums of the merged clusters' neighbours only.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping, Sequence


def average_linkage(
    n: int,
    pairs: Mapping[tuple[int, int], float],
    can_join: Callable[[Sequence[int], Sequence[int]], bool],
    threshold: float,
) -> list[list[int]]:
    """Clusters of ``range(n)``: merge while two clusters' mean pair probability is at least ``threshold``.

    ``pairs`` maps ``(i, j)`` (``i < j``) to the probability that items ``i`` and ``j`` are one event; missing
    pairs count as 0.  Ties are broken by the smaller cluster ids, so the result is deterministic.  Clusters
    come out in order of their first item, each sorted.
    """
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    sums: dict[int, dict[int, float]] = {i: {} for i in range(n)}
    heap: list[tuple[float, int, int]] = []
    for (i, j), p in pairs.items():
        if i == j or not (0 <= i < n and 0 <= j < n):
            continue
        sums[i][j] = sums[j][i] = p
        if p >= threshold:
            heap.append((-p, min(i, j), max(i, j)))
    heapq.heapify(heap)
    next_id = n
    while heap:
        _, i, j = heapq.heappop(heap)
        if i not in members or j not in members or j not in sums[i]:
            continue  # merged away or refused since this entry was pushed
        if not can_join(members[i], members[j]):
            del sums[i][j], sums[j][i]
            continue
        k = next_id
        next_id += 1
        members[k] = sorted(members.pop(i) + members.pop(j))
        merged: dict[int, float] = {}
        for old in (i, j):
            for x, s in sums.pop(old).items():
                if x in (i, j):
                    continue
                merged[x] = merged.get(x, 0.0) + s
                del sums[x][old]
        sums[k] = merged
        for x, s in merged.items():
            sums[x][k] = s
            mean = s / (len(members[k]) * len(members[x]))
            if mean >= threshold:
                heapq.heappush(heap, (-mean, x, k))
    return sorted(members.values(), key=lambda c: c[0])
