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
