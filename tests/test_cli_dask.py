"""``newsfuse brief --dask local`` gives the same briefing as the plain run, through the real console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPT = str(Path(sys.executable).parent / "newsfuse")
EXAMPLE = str(REPO / "examples" / "counteroffensive")


def _brief(*extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, "brief", *extra, "--json", "-"], capture_output=True, text=True, timeout=600,
                          check=False)


@pytest.mark.slow
def test_dask_local_matches_the_plain_run() -> None:
    plain, on_dask = _brief(EXAMPLE), _brief(EXAMPLE, "--dask", "local")
    assert plain.returncode == 0 and on_dask.returncode == 0, on_dask.stderr
    a, b = json.loads(plain.stdout), json.loads(on_dask.stdout)
    for key in ("articles", "entities", "quotes", "claims", "summary"):
        assert a[key] == b[key], key


def test_dask_with_a_stored_story_is_a_usage_error() -> None:
    done = _brief("--story", "s1", "--dask", "local")
    assert done.returncode == 2 and "--dask" in done.stderr
