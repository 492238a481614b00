"""Evaluate the events stage on the PLOVER gold standard records (PLOVER_GSR_CAMEO.txt).

Each record is one coded sentence: its PLOVER ``event`` category and its
``source`` / ``target`` actor texts.  Every record's ``text`` goes through
``newsfuse.nlp.parse_texts`` -> ``entities.canonicalise`` -> ``events.extract_events``
(no places, no timeline: the records have neither).  The sentence's first
event (main clause first) is compared with the gold record:

* detection rate: share of records with at least one event;
* type accuracy: on records with an event, the main event's category (mapped to
  the older PLOVER list the records use: ACCUSE -> DISAPPROVE, REQUEST ->
  DEMAND) equals the gold one; "any" counts a match among all events;
* macro-F1 over the gold categories, a record without an event predicting NONE;
* source / target match: on records with an event and a gold actor, the
  predicted actor shares a content word with a gold actorText (and the mean
  token F1 against the best gold actor);
* majority-class baseline: every record gets the most frequent tuning category.

Records with an even numeric id were used to tune the lexicon and rules; odd
ids are held out.  No published figure exists for this set (it is a sample of
edited CAMEO manual examples, not a benchmark); the nearest peer number is on a
different task (CASE 2021 Task 2 event typing, weighted F1 about 0.83).

Usage: ``python bench/eval_events.py [--data PATH] [--errors] [--json]``.
The default data path is ``../shared/eval-data/plover-gsr/PLOVER_GSR_CAMEO.txt``
relative to the repository root.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sklearn.metrics import f1_score

from newsfuse import nlp
from newsfuse.model import Event
from newsfuse.stages.entities import canonical as entity_stage
from newsfuse.stages.events import extract as event_stage
from newsfuse.stages.events.categories import legacy

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "eval-data" / "plover-gsr" / "PLOVER_GSR_CAMEO.txt"
NONE = "NONE"
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset({"the", "a", "an", "of", "in", "and", "s", "to", "for", "on", "at", "by", "from"})


@dataclass(frozen=True)
class Record:
    id: str
    number: int
    text: str
    event: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    record: Record
    events: tuple[Event, ...]

    @property
    def main(self) -> Event | None:
        return self.events[0] if self.events else None

    @property
    def predicted(self) -> str:
        return legacy(self.main.type) if self.main is not None else NONE


def _actor_texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(a["actorText"] for a in value if isinstance(a, dict) and a.get("actorText"))


def load_records(path: Path) -> list[Record]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    records = []
    for item in raw:
        if item.get("event") == "DOCUMENT" or not item.get("text"):
            continue
        number = int(item["id"].rsplit("-", 1)[1])
        records.append(
            Record(item["id"], number, item["text"], item["event"], _actor_texts(item.get("source")),
                   _actor_texts(item.get("target")))
        )
    return records


def run_stage(records: Sequence[Record]) -> list[Outcome]:
    # Record ids repeat in the file (two COERCE-0004), so parse under positional ids.
    items = [(f"r{n}", r.text) for n, r in enumerate(records)]
    parsed = list(nlp.parse_texts(items, n_process=1))
    entities = entity_stage.canonicalise(parsed)
    found = event_stage.extract_events(parsed, entities, [], [], [])
    by_article: dict[str, list[Event]] = {}
    for event in found:
        by_article.setdefault(event.article, []).append(event)
    return [Outcome(r, tuple(by_article.get(f"r{n}", []))) for n, r in enumerate(records)]


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def token_f1(predicted: str, gold: str) -> float:
    p, g = _words(predicted), _words(gold)
    common = len(p & g)
    if not common:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def _actor_scores(outcomes: Sequence[Outcome], role: str) -> tuple[int, int, float]:
    """(records scored, records matched, mean best token F1) for ``role`` 'source' or 'target'."""
    scored = matched = 0
    f1_total = 0.0
    for o in outcomes:
        gold = o.record.sources if role == "source" else o.record.targets
        if o.main is None or not gold:
            continue
        scored += 1
        actor = o.main.source if role == "source" else o.main.target
        if actor is None:
            continue
        best = max(token_f1(actor.text, g) for g in gold)
        f1_total += best
        matched += best > 0
    return scored, matched, (f1_total / scored if scored else 0.0)


def evaluate(outcomes: Sequence[Outcome], majority: str) -> dict[str, float]:
    """Percentages (0-100) of the metrics in the module docstring."""
    total = len(outcomes)
    detected = [o for o in outcomes if o.main is not None]
    correct = sum(o.predicted == o.record.event for o in detected)
    any_correct = sum(any(legacy(e.type) == o.record.event for e in o.events) for o in detected)
    gold = [o.record.event for o in outcomes]
    labels = sorted(set(gold))
    macro = f1_score(gold, [o.predicted for o in outcomes], labels=labels, average="macro", zero_division=0)
    baseline_macro = f1_score(gold, [majority] * total, labels=labels, average="macro", zero_division=0)
    src_n, src_match, src_f1 = _actor_scores(outcomes, "source")
    tgt_n, tgt_match, tgt_f1 = _actor_scores(outcomes, "target")

    def pct(part: float, whole: int) -> float:
        return round(100.0 * part / whole, 1) if whole else 0.0

    return {
        "records": total,
        "detection": pct(len(detected), total),
        "type_accuracy": pct(correct, len(detected)),
        "type_accuracy_any": pct(any_correct, len(detected)),
        "type_accuracy_all_records": pct(correct, total),
        "macro_f1": round(100.0 * float(macro), 1),
        "source_match": pct(src_match, src_n),
        "source_token_f1": round(100.0 * src_f1, 1),
        "target_match": pct(tgt_match, tgt_n),
        "target_token_f1": round(100.0 * tgt_f1, 1),
        "baseline_accuracy": pct(sum(g == majority for g in gold), total),
        "baseline_macro_f1": round(100.0 * float(baseline_macro), 1),
    }


def split(outcomes: Sequence[Outcome]) -> tuple[list[Outcome], list[Outcome]]:
    """(tuning: even ids, held-out: odd ids)."""
    return [o for o in outcomes if o.record.number % 2 == 0], [o for o in outcomes if o.record.number % 2 == 1]


def majority_class(outcomes: Sequence[Outcome]) -> str:
    return Counter(o.record.event for o in outcomes).most_common(1)[0][0]


def _print_errors(outcomes: Sequence[Outcome]) -> None:
    for o in outcomes:
        main = o.main
        if main is not None and o.predicted == o.record.event:
            continue
        got = "-" if main is None else f"{main.type} [{main.trigger}] {main.source and main.source.text} -> " \
            f"{main.target and main.target.text}"
        print(f"{o.record.id:28} gold {o.record.event:11} got {got}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", action="store_true", help="list records whose main event is wrong or missing")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"no data at {args.data}; nothing to evaluate", file=sys.stderr)
        return 0
    outcomes = run_stage(load_records(args.data))
    tuning, held_out = split(outcomes)
    majority = majority_class(tuning)
    results = {
        "tuning (even ids)": evaluate(tuning, majority),
        "held-out (odd ids)": evaluate(held_out, majority),
        "all": evaluate(outcomes, majority),
    }
    if args.errors:
        _print_errors(outcomes)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"PLOVER GSR events: majority class {majority}; no published peer figure for this set "
          "(CASE 2021 Task 2 event typing, a different task, reports weighted F1 ~0.83)")
    keys = list(next(iter(results.values())))
    print(f"{'metric':28}" + "".join(f"{name:>20}" for name in results))
    for key in keys:
        print(f"{key:28}" + "".join(f"{results[name][key]:>20}" for name in results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
