"""How the store scales: ingest a synthetic stream and watch the time per added article.

Usage: ``.venv/bin/python bench/scale_stories.py [--n 100000] [--db URL] [--batch 32]``

The stream (``newsfuse.store.synthetic``) is fictional: about ``n / 12``
events, each reported by several invented outlets over a few days, 15% of the
reports being wire copies with a new first line.  Articles go through the real
writer (one transaction per batch), the MinHash band index and online story
clustering, but NOT spaCy: ``synthetic.light_parser`` stands in for it (name
mentions from capitalised words, no tokens), because spaCy's own throughput is
measured by ``bench/throughput.py`` and would hide the store's.

Printed: overall ingest rate, milliseconds per added article for each tenth of
the stream (flat-ish means adding one article does not cost more as the store
grows: candidate search goes through the inverted index and a date window),
B-cubed F1 of stories against the generated events, copies found vs planted,
and peak memory (ru_maxrss of this process).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from newsfuse.store import Store
from newsfuse.store.synthetic import light_parser, stream


def b_cubed_f1(gold: dict[str, int], predicted: dict[str, str]) -> tuple[float, float, float]:
    by_gold: Counter[int] = Counter(gold.values())
    by_pred: Counter[str] = Counter(predicted.values())
    both: Counter[tuple[int, str]] = Counter((gold[a], predicted[a]) for a in gold)
    p = sum(both[(gold[a], predicted[a])] / by_pred[predicted[a]] for a in gold) / len(gold)
    r = sum(both[(gold[a], predicted[a])] / by_gold[gold[a]] for a in gold) / len(gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles in the stream")
    parser.add_argument("--db", default=None, help="store URL (default: a fresh SQLite file in a temp dir)")
    parser.add_argument("--batch", type=int, default=32, help="articles per transaction")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    items = list(stream(args.n, seed=args.seed))
    gold = {a.id: event for a, event in items}
    planted = sum(1 for a, _ in items if a.body.split(" ", 1)[0].endswith(":"))
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or str(Path(tmp) / "scale.db")
        store = Store(url, parser=light_parser)
        buckets = 10
        size = max(1, len(items) // buckets)
        per_bucket: list[tuple[int, float]] = []
        added = copies = 0
        start = time.perf_counter()
        for b in range(0, len(items), size):
            chunk = [a for a, _ in items[b : b + size]]
            t0 = time.perf_counter()
            report = store.add(chunk, batch_size=args.batch)
            elapsed = time.perf_counter() - t0
            n_new = len(report.added) + len(report.revisions)
            added += n_new
            copies += len(report.duplicates_of)
            per_bucket.append((n_new, elapsed))
            print(f"  articles {b + 1:>7}-{b + len(chunk):<7} {1000 * elapsed / max(n_new, 1):7.2f} ms/article",
                  flush=True)
        total = time.perf_counter() - start
        predicted = {a: s.id for s in store.stories() for a in s.articles}
        store.close()
    kept = {a: e for a, e in gold.items() if a in predicted}
    p, r, f1 = b_cubed_f1(kept, {a: predicted[a] for a in kept})
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    first, last = per_bucket[0], per_bucket[-1]
    print(f"stream: {len(items)} articles, {len(set(gold.values()))} events, {planted} planted copies")
    print(f"ingest: {added} added in {total:.1f} s = {added / total:.0f} articles/s (no spaCy: light parser)")
    print(f"time per article: first tenth {1000 * first[1] / max(first[0], 1):.2f} ms, "
          f"last tenth {1000 * last[1] / max(last[0], 1):.2f} ms")
    print(f"stories: {len(set(predicted.values()))} for {len(set(kept.values()))} events; "
          f"B-cubed P {p:.3f} R {r:.3f} F1 {f1:.3f}")
    print(f"near-duplicates linked: {copies} (planted {planted}; in-stream exact repeats are skipped by ingestion)")
    print(f"peak memory (ru_maxrss): {peak_mib:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
