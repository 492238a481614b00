"""Story-page latency of the local web app under concurrent readers, with a hard article being added meanwhile.

Builds a store of ``--articles`` generated articles (the generator of ``bench/throughput.py``; nothing is
committed) in a temporary folder, serves it with ``newsfuse serve`` in a process of its own on 127.0.0.1 (never
another address; the readers then do not share the server's interpreter) and runs
``--readers`` concurrent readers that fetch story pages, ``--requests`` in all (bounded in count and in time by
``--seconds``).  Two rounds: readers alone, then readers while one ``--run-on`` character article without a
sentence break is posted to the paste form.  Prints p50/p95/max latency and the error count of each round.

    .venv/bin/python bench/web_load.py                      # 400 articles, 32 readers, 2,000 requests per round
    .venv/bin/python bench/web_load.py --articles 60 --requests 300   # a quick look
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx

from newsfuse.store import open_store
from throughput import synthetic_corpus

HOST = "127.0.0.1"


@dataclass
class Round:
    name: str
    latencies: list[float]
    errors: int
    seconds: float

    def line(self) -> str:
        if not self.latencies:
            return f"{self.name:<34} no request answered, {self.errors} errors"
        ordered = sorted(self.latencies)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        return (f"{self.name:<34}{len(ordered):>7}{statistics.median(ordered) * 1000:>9.0f}{p95 * 1000:>9.0f}"
                f"{ordered[-1] * 1000:>9.0f}{self.errors:>8}{len(ordered) / self.seconds:>9.1f}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


async def _read(base: str, story_ids: Sequence[str], readers: int, requests: int, deadline: float) -> Round:
    latencies: list[float] = []
    errors = 0
    counter = iter(range(requests))

    async def reader(client: httpx.AsyncClient) -> None:
        nonlocal errors
        for n in counter:
            if time.monotonic() > deadline:
                return
            started = time.monotonic()
            try:
                answer = await client.get(f"/stories/{story_ids[n % len(story_ids)]}")
                if answer.status_code == 200:
                    latencies.append(time.monotonic() - started)
                else:
                    errors += 1
            except httpx.HTTPError:
                errors += 1

    began = time.monotonic()
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        await asyncio.gather(*(reader(client) for _ in range(readers)))
    return Round("", latencies, errors, time.monotonic() - began)


def _post_run_on(base: str, chars: int, done: dict[str, float]) -> None:
    words = ["the", "convoy", "of", "grain", "lorries", "waited", "at", "the", "border", "crossing", "while", "inspectors", "checked", "papers", "and", "drivers", "from", "several", "countries", "shared", "tea", "under", "the", "awning"]
    text = " ".join(words[n % len(words)] for n in range(chars // 6))[:chars]
    started = time.monotonic()
    with httpx.Client(base_url=base, timeout=900) as client:
        answer = client.post("/paste", data={"text": text})
    done["seconds"] = time.monotonic() - started
    done["status"] = answer.status_code


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--readers", type=int, default=32)
    parser.add_argument("--requests", type=int, default=2000, help="requests per round (a bound, not a target)")
    parser.add_argument("--seconds", type=float, default=300, help="each round stops after this long regardless")
    parser.add_argument("--run-on", type=int, default=40_000, help="characters of the article added meanwhile")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "load.db")
        started = time.monotonic()
        with open_store(db) as store:
            store.add(synthetic_corpus(args.articles, seed=404))
            story_ids = [s.id for s in store.stories()]
        print(f"store: {args.articles} articles, {len(story_ids)} stories, built in {time.monotonic() - started:.0f} s")
        port = _free_port()
        src = str(Path(__file__).resolve().parents[1] / "src")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
        server = subprocess.Popen(
            [sys.executable, "-c", "from newsfuse.cli import main; main()", "serve", "--db", db, "--host", HOST,
             "--port", str(port)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        base = f"http://{HOST}:{port}"
        _wait_until_up(base, server)
        # stories are briefed on their first read (or warmed after an upload); time the steady state
        started = time.monotonic()
        first = asyncio.run(_read(base, story_ids, 4, len(story_ids), time.monotonic() + 1800))
        print(f"first read of every story: {time.monotonic() - started:.0f} s, {first.errors} errors")

        header = f"{'round':<34}{'pages':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'errors':>8}{'pages/s':>9}"
        print(header)
        alone = asyncio.run(_read(base, story_ids, args.readers, args.requests, time.monotonic() + args.seconds))
        alone.name = f"{args.readers} readers"
        print(alone.line())
        posted: dict[str, float] = {}
        poster = threading.Thread(target=_post_run_on, args=(base, args.run_on, posted))
        poster.start()
        busy = asyncio.run(_read(base, story_ids, args.readers, args.requests, time.monotonic() + args.seconds))
        busy.name = f"{args.readers} readers + {args.run_on:,}-char add"
        print(busy.line())
        poster.join(900)
        print(f"the run-on article: HTTP {posted.get('status', 'no answer')} after "
              f"{posted.get('seconds', float('nan')):.1f} s")
        server.terminate()
        server.wait(30)
    return 0


def _wait_until_up(base: str, server: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"newsfuse serve exited with code {server.returncode}")
        try:
            if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"newsfuse serve did not answer on {base} within {seconds:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
