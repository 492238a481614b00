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


def test_a_bad_store_url_is_one_line_without_the_password(tmp_path: Path) -> None:
    done = _run("stories", "--db", "postgresql://reader:s3cret@127.0.0.1:1/none")
    assert done.returncode == 1
    assert "cannot open the store" in done.stderr and "s3cret" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_options_that_would_be_ignored_are_usage_errors() -> None:
    for extra in (["--llm-model", "m"], ["--dask-partitions", "3"], ["--db", "x.db"]):
        done = _run("brief", "x.txt", "--json", "-", *extra)
        assert done.returncode == 2, (extra, done.stderr)
        assert "goes with" in done.stderr


def test_an_unwritable_output_is_one_clear_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    done = _run("brief", str(REPO / "examples" / "counteroffensive" / "eastern-ledger.jsonl"), "--out",
                str(blocker / "out"))
    assert done.returncode == 1
    assert "cannot write" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_brief_new_since_marks_what_changed_in_every_format(tmp_path: Path) -> None:
    """Issue 15: with --new-since the JSON carries what_changed, the reports mark it, changes.csv lists it."""
    import sqlite3

    db = tmp_path / "store.db"
    assert _run("add", str(REPO / "examples" / "counteroffensive"), "--db", str(db)).returncode == 0
    with sqlite3.connect(db) as conn:  # one article of the story entered the store later than the others
        conn.execute("UPDATE articles SET added_on = '2026-01-01'")
        (late,) = conn.execute("SELECT id FROM articles WHERE outlet = 'Eastern Ledger'").fetchone()
        conn.execute("UPDATE articles SET added_on = '2026-02-01' WHERE id = ?", (late,))
    (story,) = json.loads(_run("stories", "--db", str(db), "--json").stdout)
    out = tmp_path / "out"
    done = _run("brief", "--story", story["id"], "--db", str(db), "--new-since", "2026-01-15", "--out", str(out),
                "--format", "json,md,html,csv")
    assert done.returncode == 0, done.stderr
    briefing = json.loads((out / "briefing.json").read_text(encoding="utf-8"))
    changed = briefing["what_changed"]
    assert changed["since"] == "2026-01-15" and changed["new_articles"] == [late]
    facts = [c for c in changed["changes"] if c["kind"] == "fact"]
    assert facts and all(c["articles"] == [late] for c in facts)
    assert {c["status"] for c in facts} == {"added", "changed"}, "its own facts, and the ones it corroborates"
    assert "## What changed since 2026-01-15" in (out / "briefing.md").read_text(encoding="utf-8")
    page = (out / "briefing.html").read_text(encoding="utf-8")
    assert '<section id="changes">' in page and 'class="badge newb">new</span>' in page
    rows = (out / "changes.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "kind,status,ref,text,outlets,articles" and len(rows) == len(changed["changes"]) + 1
