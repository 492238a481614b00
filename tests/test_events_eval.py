"""Floors for the events stage on the held-out half (odd ids) of the PLOVER gold standard records.

Floors are the measured figures minus 2 points (see bench/eval_events.py for the
metrics).  Skipped when ../shared/eval-data is absent.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from bench_modules import load_bench

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "eval-data" / "plover-gsr" / "PLOVER_GSR_CAMEO.txt"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not DATA.exists(), reason="PLOVER GSR eval data absent"),
]

# Measured on the held-out (odd-id) records: detection 94.6, type accuracy 84.7, macro-F1 80.2,
# source match 91.7, target match 68.6 (before actor resolution: 94.0, 85.3, 80.4, 91.0, 68.4); majority
# baseline accuracy 12.0, macro-F1 1.2.
FLOORS = {
    "detection": 92.6,
    "type_accuracy": 83.3,
    "macro_f1": 78.4,
    "source_match": 89.7,
    "target_match": 66.6,
}


def _bench() -> ModuleType:
    return load_bench("eval_events")


@pytest.fixture(scope="module")
def held_out() -> dict[str, float]:
    bench = _bench()
    outcomes = bench.run_stage(bench.load_records(DATA))
    tuning, odd = bench.split(outcomes)
    assert len(odd) > 150
    result: dict[str, float] = bench.evaluate(odd, bench.majority_class(tuning))
    return result


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_held_out_floor(held_out: dict[str, float], metric: str) -> None:
    assert held_out[metric] >= FLOORS[metric], f"{metric} {held_out[metric]} < floor {FLOORS[metric]}"


def test_beats_majority_baseline(held_out: dict[str, float]) -> None:
    assert held_out["macro_f1"] > held_out["baseline_macro_f1"] + 50
    assert held_out["type_accuracy_all_records"] > held_out["baseline_accuracy"] + 50
