"""The writer process: uploads and briefings run in a child, a busy upload is refused at once, a dead child is
replaced, and the child does not outlive the server.

Texts are invented here (a harbour-dredging story); nothing comes from any corpus.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from newsfuse.store import Store, open_store
from newsfuse.web import create_app
from newsfuse.web.worker import WriterGone, WriterProcess
from test_web import LOOPBACK

DREDGING = (
    "Dredgers began deepening the outer channel of the harbour at Quillmouth on Tuesday, the port authority said.\n"
    "Skipper Oriel Vantongeren said the fishing fleet had waited nine years for the work.\n"
    "The authority put the cost at 14 million crowns and said the channel would reach 11 metres by autumn.\n"
)


def _long_paste(paragraphs: int) -> str:
    return "\n".join(
        f"Crews on barge {n} lifted silt from berth {n % 17} near the Quillmouth breakwater on Wednesday morning, "
        f"and surveyor Tamsin Oyelaran-Beck logged {n * 3} soundings along the eastern wall before the tide turned."
        for n in range(paragraphs)
    )


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")


def _wait_gone(pid: int, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _gone(pid):
            return True
        time.sleep(0.1)
    return False


def test_uploads_and_briefings_run_in_the_writer_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "store.db")
    app = create_app(db_url=db, writer_process=True)

    def not_here(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the server's own interpreter must not parse or brief")

    # patched in this process only: the spawned writer has the real ones
    monkeypatch.setattr(Store, "add", not_here)
    monkeypatch.setattr(Store, "brief_story", not_here)
    with TestClient(app, base_url=LOOPBACK) as c:
        writer = c.app.state.ctx.writer  # type: ignore[attr-defined]
        assert writer is not None and writer.pid not in (None, os.getpid())
        added = c.post("/api/articles", json={"title": "Quillmouth channel dredging starts", "outlet": "Estuary Post",
                                              "published": "2031-05-06", "text": DREDGING})
        assert added.status_code == 200, added.text
        [story_id] = added.json()["stories"]
        page = c.get(f"/stories/{story_id}")
        assert page.status_code == 200 and "Quillmouth" in page.text
        child = writer.pid
    assert _wait_gone(child), "the server's shutdown stops its writer"
    monkeypatch.undo()
    with open_store(db) as store:
        assert store.count_stories() == 1


def test_a_second_upload_during_a_job_gets_busy_at_once(tmp_path: Path) -> None:
    app = create_app(db_url=str(tmp_path / "store.db"), writer_process=True)
    with TestClient(app, base_url=LOOPBACK) as c:
        writer = c.app.state.ctx.writer  # type: ignore[attr-defined]
        first: dict[str, Any] = {}

        def upload() -> None:
            first["answer"] = c.post("/paste", data={"text": _long_paste(120)})

        thread = threading.Thread(target=upload)
        thread.start()
        deadline = time.monotonic() + 60
        while not writer.adding and time.monotonic() < deadline:
            time.sleep(0.01)
        assert writer.adding, "the first upload never reached the writer"
        started = time.monotonic()
        second = c.post("/api/articles", json={"title": "Dredging pause", "text": DREDGING})
        assert time.monotonic() - started < 5, "a busy store answers at once, it does not queue the upload"
        assert second.status_code == 503 and second.headers["retry-after"].isdigit()
        assert "retry" in second.json()["detail"] and str(tmp_path) not in second.text
        thread.join(300)
        assert first["answer"].status_code == 200


def test_a_dead_writer_fails_its_job_and_is_replaced(tmp_path: Path) -> None:
    app = create_app(db_url=str(tmp_path / "store.db"), writer_process=True)
    with TestClient(app, base_url=LOOPBACK) as c:
        writer = c.app.state.ctx.writer  # type: ignore[attr-defined]
        first_pid = writer.pid
        answers: dict[str, Any] = {}
        thread = threading.Thread(target=lambda: answers.update(
            page=c.post("/paste", data={"text": _long_paste(150)})))
        thread.start()
        deadline = time.monotonic() + 60
        while not writer.adding and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.3)
        os.kill(first_pid, signal.SIGKILL)
        thread.join(120)
        killed = answers["page"]
        assert killed.status_code == 503 and killed.headers["retry-after"].isdigit()
        assert "retry" in killed.text
        # the next upload starts a new writer and is stored
        again = c.post("/api/articles", json={"title": "Quillmouth channel dredging starts", "text": DREDGING})
        assert again.status_code == 200, again.text
        assert writer.pid not in (None, first_pid)


def test_a_request_to_a_stopped_writer_is_writer_gone(tmp_path: Path) -> None:
    writer = WriterProcess(str(tmp_path / "store.db"))
    writer.start()
    with pytest.raises(KeyError):
        writer.brief("no-such-story", None, None)  # the child answers, with the store's own error
    writer.close()
    with pytest.raises(WriterGone):
        writer.brief("no-such-story", None, None)


def test_the_writer_exits_when_the_server_is_killed(tmp_path: Path) -> None:
    script = (
        "import sys, time\n"
        "from newsfuse.web.worker import WriterProcess\n"
        "if __name__ == '__main__':\n"
        f"    w = WriterProcess({str(tmp_path / 'store.db')!r})\n"
        "    try:\n"
        "        w.brief('no-such-story', None, None)\n"
        "    except KeyError:\n"
        "        print(w.pid, flush=True)  # the writer is up and answering\n"
        "    time.sleep(600)\n"
    )
    path = tmp_path / "server.py"
    path.write_text(script)
    server = subprocess.Popen([sys.executable, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        child = int(server.stdout.readline())
        assert not _gone(child)
        server.send_signal(signal.SIGKILL)  # no shutdown, no pipe closed in order
        server.wait(10)
        assert _wait_gone(child, 30), "the writer outlived the server"
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(10)
