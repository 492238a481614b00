"""Measure the summary: support by citations, redundancy and coverage of the top claims.

On the example corpus (``examples/counteroffensive``) and on every corpus given
as arguments (anything ``newsfuse brief`` accepts: a directory of articles, a
feed, JSON Lines ...), for newsfuse's extractive summary and for LexRank and
TextRank from ``sumy`` on the same body sentences, prints

* **supported** -- share of summary sentences whose figures, named things and
  date words all appear in the sentences they cite (:mod:`newsfuse.stages.summary.support`).
  It must be 100 % for an extractive summary; for the sumy baselines each
  sentence cites only itself, so it is 100 % by construction and shown for scale;
* **stand-alone** -- share of summary sentences that pass the stand-alone checks
  (no opening pronoun or connective, no question, no bare quotation ...);
  conflict sentences built by newsfuse count as stand-alone;
* **redundancy** -- max and mean pairwise TF-IDF cosine among the summary sentences;
* **top-claim coverage** -- share of the top-k claims by support (k = summary length) among the
  claims corroborated by at least two outlets (all claims when none is) that the summary cites;
* **outlets** -- how many independent outlets the summary cites.

ROUGE of one summary against another is not a quality measure, so it is not reported.
sumy runs on newsfuse's own sentence split with a plain regex word tokenizer,
so no NLTK data is downloaded.

Usage: python bench/eval_summary.py [CORPUS ...] [--length N] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from itertools import combinations
from pathlib import Path

from newsfuse import pipeline
from newsfuse.ingest import ingest
from newsfuse.model import Citation, SummarySentence
from newsfuse.stages.summary.filters import refusal_reason
from newsfuse.stages.summary.rank import summarise, tfidf_similarity
from newsfuse.stages.summary.support import EntityIndex, check_citations

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "counteroffensive"


@dataclass(frozen=True)
class Scores:
    system: str
    sentences: int
    supported: float
    stand_alone: float
    redundancy_max: float
    redundancy_mean: float
    top_claim_coverage: float
    outlets: int


class _WordTokenizer:
    """The tokenizer interface sumy's document model needs, without NLTK data."""

    language = "english"

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(re.findall(r"\w[\w'-]*", sentence.lower()))

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return (paragraph,)


def _sumy(ws: pipeline.Workspace, length: int, which: str) -> list[SummarySentence]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    tokenizer = _WordTokenizer()
    where: dict[str, Citation] = {}
    paragraphs = []
    copies = {a.id for a in ws.articles if a.duplicate_of}
    for doc in ws.parsed:
        if doc.article in copies:
            continue  # the same input newsfuse sees: a syndicated copy is not a second source
        sentences = []
        for s in doc.sentences:
            where.setdefault(s.text.strip(), Citation(article=doc.article, sentence=s.index))
            sentences.append(Sentence(s.text, tokenizer))
        paragraphs.append(Paragraph(sentences))
    summarizer = LexRankSummarizer() if which == "lexrank" else TextRankSummarizer()
    summarizer.stop_words = frozenset(ENGLISH_STOP_WORDS)
    picked = summarizer(ObjectDocumentModel(paragraphs), length)
    return [SummarySentence(text=str(s), citations=[where[str(s)]]) for s in picked]


def score(system: str, summary: Sequence[SummarySentence], ws: pipeline.Workspace, length: int) -> Scores:
    texts = {(p.article, s.index): s.text for p in ws.parsed for s in p.sentences}
    by_key = {(p.article, s.index): s for p in ws.parsed for s in p.sentences}
    outlet = {a.id: a.outlet or a.id for a in ws.articles}
    index = EntityIndex.build(ws.entities)
    supported = sum(not check_citations(s, texts, index, lambda a: outlet.get(a, a)) for s in summary)

    def stands_alone(s: SummarySentence) -> bool:
        if not s.citations or s.text.startswith(("Outlets differ", "Accounts conflict")):
            return bool(s.citations)  # newsfuse's own conflict sentence names both sides
        first = s.citations[0]
        source = by_key.get((first.article, first.sentence))
        return source is not None and refusal_reason(source, outlet.get(first.article)) is None

    alone = sum(stands_alone(s) for s in summary)
    sim = tfidf_similarity([s.text for s in summary])
    pairs = [float(sim[i, j]) for i, j in combinations(range(len(summary)), 2)]
    corroborated = [c for c in ws.claims if c.support >= 2]
    top = sorted(corroborated or ws.claims, key=lambda c: -c.support)[:length]
    cited = {(c.article, c.sentence) for s in summary for c in s.citations}
    covered = sum(any((r.article, r.sentence) in cited for r in c.sentences) for c in top)
    root = {a.id: (a.duplicate_of or a.id) for a in ws.articles}
    outlets = {outlet.get(root.get(c.article, c.article), c.article) for s in summary for c in s.citations}
    n = len(summary) or 1
    return Scores(
        system=system,
        sentences=len(summary),
        supported=supported / n,
        stand_alone=alone / n,
        redundancy_max=max(pairs, default=0.0),
        redundancy_mean=sum(pairs) / len(pairs) if pairs else 0.0,
        top_claim_coverage=covered / len(top) if top else 0.0,
        outlets=len(outlets),
    )


def analyse(corpus: Path) -> pipeline.Workspace:
    result = ingest([corpus])
    if not result.articles:
        raise SystemExit(f"{corpus}: no articles ({'; '.join(s.reason for s in result.skipped)})")
    ws = pipeline.Workspace(articles=result.articles, skipped=result.skipped)
    pipeline.run(ws)
    return ws


def evaluate(corpus: Path, length: int = 6) -> list[Scores]:
    ws = analyse(corpus)
    ours = summarise(ws.articles, ws.parsed, ws.claims, ws.entities, length)
    return [
        score("newsfuse", ours, ws, length),
        score("LexRank (sumy)", _sumy(ws, length, "lexrank"), ws, length),
        score("TextRank (sumy)", _sumy(ws, length, "textrank"), ws, length),
    ]


def _table(corpus: Path, rows: Sequence[Scores]) -> str:
    head = (f"{'system':<17}{'sents':>6}{'supported':>11}{'alone':>8}{'red.max':>9}{'red.mean':>10}"
            f"{'top-k cov.':>12}{'outlets':>9}")
    lines = [f"== {corpus}", head]
    for r in rows:
        lines.append(f"{r.system:<17}{r.sentences:>6}{r.supported:>10.0%} {r.stand_alone:>7.0%}{r.redundancy_max:>9.2f}"
                     f"{r.redundancy_mean:>10.2f}{r.top_claim_coverage:>11.0%} {r.outlets:>8}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", type=Path, help="more corpora (the example corpus is always first)")
    parser.add_argument("--length", type=int, default=6)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    corpora = [EXAMPLE, *args.corpora] if EXAMPLE.exists() else list(args.corpora)
    if not corpora:
        print("no corpus: examples/counteroffensive is missing and none was given", file=sys.stderr)
        return 2
    results = {str(c): evaluate(c, args.length) for c in corpora}
    if args.json:
        print(json.dumps({c: [asdict(r) for r in rows] for c, rows in results.items()}, indent=2))
    else:
        print("\n\n".join(_table(Path(c), rows) for c, rows in results.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
