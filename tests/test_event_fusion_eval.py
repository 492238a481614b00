"""Floor on event fusion across documents (ECB+ test topics 36-40, never fitted on): bench/eval_event_fusion.py.

Skipped when ../shared/eval-data (or NEWSFUSE_EVAL_DATA) is absent, except under CI=true, where missing data
fails.  Floors are the measured figures minus 2 points.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest

from bench_modules import load_bench, require_data

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

pytestmark = [pytest.mark.slow, pytest.mark.eval]

# Measured on ecbplus-test (108 matched mentions), average-linkage clustering: pairwise P 0.606 / R 0.354 /
# F1 0.447, B-cubed F1 0.631, CoNLL F1 0.654 (before it, single-link joins: 0.221, 0.547, 0.565); nothing
# fused: B-cubed 0.435, CoNLL 0.240; same type: pairwise F1 0.517, B-cubed 0.704, CoNLL 0.729.
FLOORS = {"pair_f1": 0.427, "b3_f1": 0.611, "conll_f1": 0.634}


def _bench() -> ModuleType:
    return load_bench("eval_event_fusion")


def test_event_fusion_on_ecbplus_test_stays_above_its_floor() -> None:
    bench = _bench()
    data = bench.ecbplus.EVAL_DATA / "ecbplus-test"
    require_data(data, "ECB+ eval data")
    rows, matched, _ = bench.evaluate("test", None)
    fused, alone = rows[0], rows[2]
    assert matched > 80, matched
    for metric, floor in FLOORS.items():
        assert getattr(fused, metric) >= floor, (metric, rows)
    # fusing reports of one event must beat keeping every report alone
    assert fused.b3_f1 > alone.b3_f1 and fused.conll_f1 > alone.conll_f1, rows
