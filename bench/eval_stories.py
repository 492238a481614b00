"""Story clustering on ECB+ (test topics 36-40): B-cubed against the gold events.

Usage: ``.venv/bin/python bench/eval_stories.py [--seeds 5] [--data DIR]``

Reads ``../shared/eval-data/ecbplus-test/ECB+/<topic>/*.xml`` (relative to the
repository root).  Each topic folder holds two real-world events: the
``*ecb.xml`` documents report one, the ``*ecbplus.xml`` documents the other,
so the gold partition has two events per topic (10 here).  Document text is
the ``<token>`` elements joined by sentence, one sentence per line; lines that
are a URL (some ECB+ documents begin with their address) are dropped because
they are not article text.  Documents carry no title, outlet or date.

The documents are parsed once by ``newsfuse.nlp`` (spaCy, the same analysis
the store keeps) and then added one at a time to a fresh in-memory store
(``newsfuse.store``: the real writer, dedup and clustering code) in

* several shuffled orders (``--seeds``), the online setting; and
* "date order": ECB+ files carry no dates, so document-number order within
  topic order stands in for it (that is the order the corpus was collected in).

It prints B-cubed precision, recall and F1 and the number of clusters next to
the 10 gold events.  Peer figure: Miranda et al. (2018, "Multilingual
Clustering of Streaming News", EMNLP) report F1 0.94 on their English stream,
a different and much larger dataset (Reuters-style news over months, where
time separates events); ECB+ topics pair two deliberately similar events
(e.g. two earthquakes in one region), and here no dates help, so the figures
are not comparable one to one.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import coref_metrics
from newsfuse import nlp
from newsfuse.ingest.articles import article_id
from newsfuse.model import Article, ParsedArticle
from newsfuse.store import ClusterParams, Store

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "eval-data" / "ecbplus-test" / "ECB+"
GOLD_EVENTS_NOTE = "gold events"
PEER_F1 = 0.94
_URL_LINE = re.compile(r"^(https?\s*:|www\s*\.)")
_FILE = re.compile(r"^(\d+)_(\d+)(ecb|ecbplus)\.xml$")


@dataclass(frozen=True)
class Doc:
    name: str
    topic: int
    number: int
    event: str
    article: Article


def _detokenise(tokens: list[str]) -> str:
    text = " ".join(tokens)
    return re.sub(r" ([,.;:!?%)'])|([($]) ", lambda m: (m.group(1) or m.group(2) or ""), text)


def read_docs(data: Path) -> list[Doc]:
    docs = []
    for path in sorted(data.glob("*/*.xml")):
        match = _FILE.match(path.name)
        if match is None:
            continue
        sentences: dict[int, list[str]] = {}
        for token in ET.parse(path).getroot().iter("token"):
            sentences.setdefault(int(token.get("sentence", "0")), []).append(token.text or "")
        lines = [_detokenise(sentences[k]) for k in sorted(sentences)]
        body = "\n".join(line for line in lines if line.strip() and not _URL_LINE.match(line.casefold()))
        topic, number, kind = int(match.group(1)), int(match.group(2)), match.group(3)
        article = Article(id=article_id(body), path=path.name, body=body)
        docs.append(Doc(path.name, topic, number, f"{topic}-{kind}", article))
    return docs


def date_order(docs: Sequence[Doc]) -> list[Doc]:
    return sorted(docs, key=lambda d: (d.topic, d.number, d.event))


@dataclass(frozen=True)
class Result:
    precision: float
    recall: float
    f1: float
    clusters: int


def cluster(docs: Sequence[Doc], parsed: dict[str, ParsedArticle], params: ClusterParams | None = None) -> Result:
    def cached(batch: Sequence[Article]) -> Iterator[ParsedArticle]:
        return (parsed[a.id] for a in batch)

    with Store("sqlite://", parser=cached, params=params) as store:
        for doc in docs:  # one at a time: the online setting
            store.add([doc.article])
        response = [set(s.articles) for s in store.stories()]
    key: dict[str, set[str]] = {}
    for doc in docs:
        key.setdefault(doc.event, set()).add(doc.article.id)
    score = coref_metrics.b_cubed(list(key.values()), response)
    return Result(score.precision, score.recall, score.f1, len(response))


def evaluate(data: Path, seeds: int, params: ClusterParams | None = None) -> dict[str, Result]:
    docs = read_docs(data)
    parsed = {p.article: p for p in nlp.parse_articles([d.article for d in docs])}
    results = {"date order": cluster(date_order(docs), parsed, params)}
    for seed in range(seeds):
        shuffled = list(docs)
        random.Random(seed).shuffle(shuffled)
        results[f"shuffled seed {seed}"] = cluster(shuffled, parsed, params)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"eval data not found at {args.data}; nothing to do", file=sys.stderr)
        return 0
    docs = read_docs(args.data)
    gold = len({d.event for d in docs})
    results = evaluate(args.data, args.seeds)
    print(f"ECB+ test topics: {len(docs)} documents, {gold} {GOLD_EVENTS_NOTE}")
    print(f"{'order':<18} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'clusters':>8}")
    for name, r in results.items():
        print(f"{name:<18} {r.precision:6.3f} {r.recall:6.3f} {r.f1:6.3f} {r.clusters:8d}")
    shuffled = [r for n, r in results.items() if n.startswith("shuffled")]
    if shuffled:
        print(
            f"{'shuffled mean':<18} {statistics.mean(r.precision for r in shuffled):6.3f} "
            f"{statistics.mean(r.recall for r in shuffled):6.3f} {statistics.mean(r.f1 for r in shuffled):6.3f} "
            f"{statistics.mean(r.clusters for r in shuffled):8.1f}"
        )
    print(f"peer: Miranda et al. 2018, English stream, B3 F1 {PEER_F1} (different, much larger dataset)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
