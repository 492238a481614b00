"""``newsfuse brief --story ID [--new-since DATE] [--db URL]`` over a store filled by ``newsfuse add``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPT = str(Path(sys.executable).parent / "newsfuse")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.slow
def test_brief_a_stored_story_marks_new_articles(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    added = _run("add", str(REPO / "examples" / "counteroffensive"), "--db", db)
    assert added.returncode == 0, added.stderr
    listed = _run("stories", "--db", db, "--json")
    (story,) = json.loads(listed.stdout)
    done = _run("brief", "--story", story["id"], "--db", db, "--new-since", "2000-01-01", "--json", "-")
    assert done.returncode == 0, done.stderr
    briefing = json.loads(done.stdout)
    assert briefing["new_since"] == "2000-01-01"
    assert len(briefing["articles"]) == 5
    assert all(a["added"] for a in briefing["articles"])
    assert any(c["support"] >= 2 for c in briefing["claims"])


def test_story_and_paths_usage_errors(tmp_path: Path) -> None:
    assert _run("brief", "--json", "-").returncode == 2
    both = _run("brief", "x.txt", "--story", "s1", "--json", "-")
    assert both.returncode == 2 and "not both" in both.stderr
    lonely = _run("brief", "x.txt", "--new-since", "2026-01-01", "--json", "-")
    assert lonely.returncode == 2 and "--new-since goes with --story" in lonely.stderr


def test_unknown_story_is_one_clear_line(tmp_path: Path) -> None:
    done = _run("brief", "--story", "s-nope", "--db", str(tmp_path / "empty.db"), "--json", "-")
    assert done.returncode == 1
    assert "s-nope" in done.stderr and len(done.stderr.strip().splitlines()) == 1
