import json

import pytest

from newsfuse import pipeline
from newsfuse.schema import generated_schema, shipped_schema


def test_stages_read_only_what_earlier_stages_wrote():
    pipeline.check_order()


def test_check_order_rejects_a_stage_that_reads_too_early():
    late = pipeline.Stage("late", ("claims",), ("x",), lambda ws: None)
    with pytest.raises(RuntimeError, match="late reads"):
        pipeline.check_order((late,))


def test_shipped_schema_matches_the_model():
    # Regenerate with: python -m newsfuse.schema
    assert json.dumps(shipped_schema(), sort_keys=True) == json.dumps(generated_schema(), sort_keys=True)


def test_a_run_past_its_time_limit_stops_before_the_next_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from newsfuse.options import BriefingOptions

    ran: list[str] = []
    slow = pipeline.Stage("slow", (), (), lambda ws: (ran.append("slow"), time.sleep(0.05)))
    after = pipeline.Stage("after", (), (), lambda ws: ran.append("after"))
    monkeypatch.setattr(pipeline, "STAGES", (slow, after))
    ws = pipeline.Workspace(articles=[], options=BriefingOptions(time_limit=0.01))
    with pytest.raises(pipeline.BriefingTimeout, match=r"before the after stage: .* time limit of 0\.01 s") as caught:
        pipeline.run(ws)
    assert ran == ["slow"] and "\n" not in str(caught.value)
    ran.clear()
    pipeline.run(pipeline.Workspace(articles=[], options=BriefingOptions(time_limit=None)))
    assert ran == ["slow", "after"]


def test_options_refuse_a_limit_that_is_not_positive() -> None:
    from newsfuse.options import BriefingOptions

    with pytest.raises(ValueError, match="time limit"):
        BriefingOptions(time_limit=0)
