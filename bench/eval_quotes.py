"""Score the quotes stage on the hand-annotated fictional set in tests/data/quotes/.

Each gold file holds one fictional article (``paragraphs``, one per body line)
and its quotes (``text``, ``speaker``, ``direct``).  A predicted quote matches a
gold quote of the same article when the texts match:

* content exact: equal after normalisation (case, whitespace, curly vs straight
  apostrophes, surrounding punctuation and a leading "that");
* content overlap: token-overlap (Dice over word multisets) >= 0.5.

Each gold and each predicted quote is matched at most once (greedy, best first).
Speaker precision/recall count a matched pair as correct only when the
canonical speakers are equal after the same normalisation plus dropping a
leading article ("the ministry" = "The Ministry"); an unmatched prediction
counts against speaker precision, an unmatched gold against speaker recall.

Usage: python bench/eval_quotes.py [--split dev|heldout|all] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsfuse.model import Quote

GOLD_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "quotes"
#: Published peer figure, for scale only: citron (BBC R&D) on PARC 3.0 test, exact span match.
#: The sets differ (PARC 3.0 is Wall Street Journal text with its own span conventions),
#: so the numbers are not comparable head to head.
PEER = {"system": "citron on PARC 3.0", "speaker_f1": 82.0, "content_f1_exact": 59.3}
OVERLAP_THRESHOLD = 0.5


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class Report:
    articles: int
    gold: int
    predicted: int
    content_exact: Scores
    content_overlap: Scores
    speaker: Scores
    direct_flag_accuracy: float


def normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").casefold()
    text = " ".join(text.split())
    text = text.strip(" \"'\u201c\u201d\u00ab\u00bb.,;:!?")
    return re.sub(r"^that ", "", text)


def normalise_speaker(name: str | None) -> str:
    if name is None:
        return ""
    return re.sub(r"^(the|a|an) ", "", normalise(name))


def overlap(a: str, b: str) -> float:
    ta, tb = Counter(re.findall(r"\w+", normalise(a))), Counter(re.findall(r"\w+", normalise(b)))
    total = sum(ta.values()) + sum(tb.values())
    return 2 * sum((ta & tb).values()) / total if total else 0.0


def _scores(correct: int, predicted: int, gold: int) -> Scores:
    p = correct / predicted if predicted else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return Scores(round(100 * p, 1), round(100 * r, 1), round(100 * f, 1))


def _match(gold: Sequence[dict[str, object]], pred: Sequence[Quote], exact: bool) -> list[tuple[int, int]]:
    pairs: list[tuple[float, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if exact:
                if normalise(str(g["text"])) == normalise(p.text):
                    pairs.append((1.0, gi, pi))
            else:
                score = overlap(str(g["text"]), p.text)
                if score >= OVERLAP_THRESHOLD:
                    pairs.append((score, gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    matched = []
    for _, gi, pi in sorted(pairs, key=lambda x: -x[0]):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            matched.append((gi, pi))
    return matched


def load_gold(split: str = "all") -> list[dict[str, object]]:
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD_DIR.glob("*.json"))]
    return [d for d in docs if split == "all" or d["split"] == split]


def evaluate(split: str = "all", verbose: bool = False) -> Report:
    from newsfuse.nlp import parse_texts
    from newsfuse.stages.entities.canonical import canonicalise
    from newsfuse.stages.quotes.extract import extract_quotes

    docs = load_gold(split)
    parsed = list(parse_texts([(str(d["id"]), "\n".join(d["paragraphs"])) for d in docs]))  # type: ignore[arg-type]
    predicted = extract_quotes(parsed, canonicalise(parsed))
    n_gold = n_pred = exact_ok = overlap_ok = speaker_ok = direct_ok = 0
    for doc in docs:
        gold: list[dict[str, object]] = doc["quotes"]  # type: ignore[assignment]
        pred = [q for q in predicted if q.article == doc["id"]]
        n_gold += len(gold)
        n_pred += len(pred)
        exact_ok += len(_match(gold, pred, exact=True))
        loose = _match(gold, pred, exact=False)
        overlap_ok += len(loose)
        for gi, pi in loose:
            good = normalise_speaker(str(gold[gi]["speaker"])) == normalise_speaker(pred[pi].speaker)
            speaker_ok += good
            direct_ok += gold[gi]["direct"] == pred[pi].direct
            if verbose and not good:
                print(f"  SPEAKER {doc['id']}: gold {gold[gi]['speaker']!r} got {pred[pi].speaker!r}"
                      f" <- {pred[pi].text[:60]!r}")
        if verbose:
            matched_g = {gi for gi, _ in loose}
            matched_p = {pi for _, pi in loose}
            exact_g = {gi for gi, _ in _match(gold, pred, exact=True)}
            for gi, g in enumerate(gold):
                if gi not in matched_g:
                    print(f"  MISSED {doc['id']}: {g['speaker']!r} {g['text']!r}")
                elif gi not in exact_g:
                    pi = next(p for g2, p in loose if g2 == gi)
                    print(f"  INEXACT {doc['id']}: gold {g['text']!r} got {pred[pi].text!r}")
            for pi, p in enumerate(pred):
                if pi not in matched_p:
                    print(f"  SPURIOUS {doc['id']}: {p.speaker!r} {p.text!r} direct={p.direct}")
    return Report(
        articles=len(docs),
        gold=n_gold,
        predicted=n_pred,
        content_exact=_scores(exact_ok, n_pred, n_gold),
        content_overlap=_scores(overlap_ok, n_pred, n_gold),
        speaker=_scores(speaker_ok, n_pred, n_gold),
        direct_flag_accuracy=round(100 * direct_ok / overlap_ok, 1) if overlap_ok else 0.0,
    )


def _row(name: str, s: Scores) -> str:
    return f"  {name:<22} P {s.precision:5.1f}  R {s.recall:5.1f}  F1 {s.f1:5.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "heldout", "all"], default="all")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    splits = ["dev", "heldout", "all"] if args.split == "all" else [args.split]
    for split in splits:
        report = evaluate(split, verbose=args.verbose and split != "all")
        print(f"[{split}] {report.articles} articles, {report.gold} gold quotes, {report.predicted} predicted")
        print(_row("speaker (exact)", report.speaker))
        print(_row("content (exact)", report.content_exact))
        print(_row("content (overlap>=0.5)", report.content_overlap))
        print(f"  direct/indirect flag correct on {report.direct_flag_accuracy:.1f}% of matched quotes")
    print(f"peer, for scale only ({PEER['system']}): speaker F1 {PEER['speaker_f1']}, "
          f"content F1 {PEER['content_f1_exact']} exact match.")
    print("Note: different data (WSJ news, PARC span conventions) vs our 8 small fictional articles; "
          "not a head-to-head comparison.")


if __name__ == "__main__":
    main()
