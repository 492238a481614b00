"""``newsfuse brief --llm URL`` against a fake OpenAI-compatible server on 127.0.0.1.

The fake answers with the first source sentence (supported, cited) and an invented figure
(unsupported): the CLI keeps the first, drops the second and says so on stderr.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


class _FakeChat(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        request = json.loads(self.rfile.read(length))
        prompt = request["messages"][-1]["content"]
        first = re.search(r"^\[1\] \([^)]*\) (.+)$", prompt, re.MULTILINE)
        assert first is not None, prompt
        reply = f"{first.group(1)} [1]\nThe fighting destroyed 987,654 tanks in one hour. [1]"
        body = json.dumps({"choices": [{"message": {"role": "assistant", "content": reply}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture()
def fake_endpoint() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeChat)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.mark.slow
def test_llm_summary_keeps_supported_and_reports_dropped(fake_endpoint: str) -> None:
    script = Path(sys.executable).parent / "newsfuse"
    done = subprocess.run(
        [str(script), "brief", str(REPO / "examples" / "counteroffensive"), "--json", "-",
         "--llm", fake_endpoint, "--llm-model", "fake-1"],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr
    briefing = json.loads(done.stdout)
    assert len(briefing["summary"]) == 1
    assert briefing["summary"][0]["citations"]
    assert "987,654" not in briefing["summary"][0]["text"]
    assert any("987,654" in r for r in briefing["summary_rejected"])
    assert "summary sentence dropped" in done.stderr


def test_llm_without_model_is_a_usage_error() -> None:
    script = Path(sys.executable).parent / "newsfuse"
    done = subprocess.run(
        [str(script), "brief", "x.txt", "--json", "-", "--llm", "http://127.0.0.1:9"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 2
    assert "--llm-model" in done.stderr


@pytest.mark.slow
def test_unreachable_llm_is_a_clear_fatal_error(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "newsfuse"
    done = subprocess.run(
        [str(script), "brief", str(REPO / "examples" / "counteroffensive"), "--json", "-",
         "--llm", "http://127.0.0.1:9", "--llm-model", "fake-1", "--llm-timeout", "5"],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 1
    assert "127.0.0.1:9" in done.stderr and len(done.stderr.strip().splitlines()) == 1
