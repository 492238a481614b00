"""The real thing: ``newsfuse add`` killed with SIGKILL mid-run, then rerun (spaCy included)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsfuse.ingest import ingest
from newsfuse.store.dedup import BANDS
from newsfuse.store.synthetic import stream

pytestmark = pytest.mark.slow

N_ARTICLES = 480


def _console_script() -> str:
    beside_python = Path(sys.executable).parent / "newsfuse"
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("newsfuse")
    if found is None:
        pytest.fail("the newsfuse console script is not installed (pip install -e .)")
    return found


def _count(db: Path, sql: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:  # the file or the tables do not exist yet
        return 0


def test_kill_9_mid_run_then_rerun_finishes_without_duplicates_or_losses(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    with batch.open("w", encoding="utf-8") as out:
        for article, _ in stream(N_ARTICLES, seed=11):
            record = {"title": article.title, "outlet": article.outlet, "published": article.published,
                      "url": article.url, "text": article.body}
            out.write(json.dumps(record) + "\n")
    expected = {a.id for a in ingest([batch]).articles}
    db = tmp_path / "store.db"
    command = [_console_script(), "add", str(batch), "--db", str(db)]

    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while _count(db, "SELECT count(*) FROM articles") == 0:
        assert proc.poll() is None, f"add ended before writing anything: {proc.communicate()}"
        assert time.monotonic() < deadline, "no batch committed within 5 minutes"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    stored_at_kill = _count(db, "SELECT count(*) FROM articles")
    assert 0 < stored_at_kill < len(expected), "the run was not interrupted mid-way; make the batch larger"
    # every committed batch is whole: 32 articles at a time (the last batch of a run may be shorter)
    assert stored_at_kill % 32 == 0

    rerun = subprocess.run(command, check=False, capture_output=True, text=True, timeout=600)
    assert rerun.returncode in (0, 3), rerun.stderr  # 3: in-file repeats are reported as skipped
    assert f"{stored_at_kill} unchanged" in rerun.stdout

    ids = {row[0] for row in sqlite3.connect(db).execute("SELECT id FROM articles")}
    assert ids == expected  # nothing lost, nothing extra
    assert _count(db, "SELECT count(*) FROM articles") == len(expected)  # nothing twice
    assert _count(db, "SELECT count(*) FROM analyses") == len(expected)
    assert _count(db, "SELECT count(*) FROM minhash_bands") == BANDS * len(expected)
    assert _count(db, "SELECT count(*) FROM articles WHERE story_id IS NULL") == 0
    assert _count(db, "SELECT count(*) FROM articles WHERE story_id NOT IN (SELECT id FROM stories)") == 0
    # the document-frequency counter saw each clustered article exactly once
    clustered = _count(db, "SELECT count(*) FROM articles WHERE duplicate_of IS NULL AND supersedes IS NULL")
    assert _count(db, "SELECT value FROM counters WHERE name = 'n_docs'") == clustered
