"""Story-page latency of the local web app under concurrent readers, with a hard article being added meanwhile.

Builds a store of ``--articles`` generated articles in a temporary folder (``bench/story_corpus.py``: many
stories of long-tailed, realistic sizes -- 53 stories for 400 articles, the largest 60 -- nothing is
committed; ``--db FILE`` keeps the store for the next run), serves it with ``newsfuse serve`` in a process of its own on 127.0.0.1 (never
another address; the readers then do not share the server's interpreter) and runs
``--readers`` concurrent readers that fetch story pages, ``--requests`` in all (bounded in count and in time by
``--seconds``).  Two rounds: readers alone, then readers while one ``--run-on`` character article without a
sentence break is posted to the paste form.  Prints p50/p95/max latency, the error count and pages/s of each
round, the page sizes, the server's CPU seconds and the machine's load average (the machine may be shared).

    .venv/bin/python bench/web_load.py                      # 400 articles, 32 readers, 2,000 requests per round
    .venv/bin/python bench/web_load.py --articles 60 --requests 300   # a quick look
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx

from newsfuse.store import open_store
from story_corpus import realistic_store, run_on_text

HOST = "127.0.0.1"


@dataclass
class Round:
    name: str
    latencies: list[float]
    errors: int
    seconds: float
    kinds: dict[str, int]

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


async def _read(base: str, story_ids: Sequence[str], readers: int, requests: int, deadline: float,
                until: Callable[[], bool] | None = None, timeout: float = 60) -> Round:
    """``requests`` page reads by ``readers`` concurrent readers; with ``until``, as many as it takes for it to hold."""
    latencies: list[float] = []
    errors = 0
    kinds: Counter[str] = Counter()
    counter = iter(range(requests)) if until is None else itertools.count()

    async def reader(client: httpx.AsyncClient) -> None:
        nonlocal errors
        for n in counter:
            if time.monotonic() > deadline or (until is not None and n >= requests and until()):
                return
            started = time.monotonic()
            try:
                answer = await client.get(f"/stories/{story_ids[n % len(story_ids)]}")
                if answer.status_code == 200:
                    latencies.append(time.monotonic() - started)
                else:
                    errors += 1
                    kinds[f"HTTP {answer.status_code}"] += 1
            except httpx.HTTPError as exc:
                errors += 1
                kinds[type(exc).__name__] += 1

    began = time.monotonic()
    async with httpx.AsyncClient(base_url=base, timeout=timeout) as client:
        await asyncio.gather(*(reader(client) for _ in range(readers)))
    return Round("", latencies, errors, time.monotonic() - began, dict(kinds))


def _post_run_on(base: str, chars: int, done: dict[str, float], finished: threading.Event) -> None:
    """Paste the run-on article, then read its story's page (which waits for its briefing, if not warm yet)."""
    text = run_on_text(chars)
    started = time.monotonic()
    try:
        with httpx.Client(base_url=base, timeout=900) as client:
            answer = client.post("/paste", data={"text": text})
            done["seconds"] = time.monotonic() - started
            done["status"] = answer.status_code
            for story_id in dict.fromkeys(re.findall(r'href="/stories/([^"/?#]+)"', answer.text)):
                page = client.get(f"/stories/{story_id}")
                done["page_status"] = page.status_code
            done["briefed"] = time.monotonic() - started
    finally:
        finished.set()


def _build_store(db: str, n_articles: int) -> list[str]:
    """The story ids of the store at ``db``, generating its articles first when it does not exist yet."""
    with open_store(db) as store:
        if store.count_stories() == 0:
            started = time.monotonic()
            articles, sizes = realistic_store(n_articles)
            store.add(articles)
            print(f"store built in {time.monotonic() - started:.0f} s from {len(sizes)} planned stories "
                  f"(sizes {sizes[:6]} ... {sizes[-3:]})")
        found = store.stories()
    sizes = sorted((len(s.articles) for s in found), reverse=True)
    print(f"store: {sum(sizes)} articles in {len(found)} stories; largest {sizes[:6]}, "
          f"median {statistics.median(sizes):.0f}")
    return [s.id for s in found]


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (Linux ``/proc``; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _page_sizes(base: str, story_ids: Sequence[str]) -> str:
    plain, packed = [], []
    with httpx.Client(base_url=base, timeout=120) as client:
        for story_id in story_ids:
            answer = client.get(f"/stories/{story_id}")
            plain.append(len(answer.content))
            packed.append(int(answer.headers.get("content-length", len(answer.content))))
    return (f"story pages: median {statistics.median(plain) / 1000:.0f} kB, largest {max(plain) / 1000:.0f} kB "
            f"(as sent, gzip: median {statistics.median(packed) / 1000:.0f} kB, largest {max(packed) / 1000:.0f} kB)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--readers", type=int, default=32)
    parser.add_argument("--requests", type=int, default=2000, help="requests per round (a bound, not a target)")
    parser.add_argument("--seconds", type=float, default=300, help="each round stops after this long regardless")
    parser.add_argument("--run-on", type=int, default=40_000, help="characters of the article added meanwhile")
    parser.add_argument("--db", default=None, help="keep the generated store in this file and reuse it when present "
                        "(the server gets a copy, so the run-on article is never added to it)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        kept = args.db or str(Path(tmp) / "load.db")
        story_ids = _build_store(kept, args.articles)
        db = str(Path(tmp) / "served.db")
        with sqlite3.connect(kept) as source, sqlite3.connect(db) as copy:
            source.backup(copy)
        port = _free_port()
        src = str(Path(__file__).resolve().parents[1] / "src")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
        server = subprocess.Popen(
            [sys.executable, "-c", "from newsfuse.cli import main; main()", "serve", "--db", db, "--host", HOST,
             "--port", str(port)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://{HOST}:{port}"
            _wait_until_up(base, server)
            # stories are briefed on their first read (or warmed after an upload); time the steady state
            started = time.monotonic()
            first = asyncio.run(_read(base, story_ids, 4, len(story_ids), time.monotonic() + 3600, timeout=900))
            print(f"first read of every story: {time.monotonic() - started:.0f} s, {first.errors} errors {first.kinds}")
            print(_page_sizes(base, story_ids))

            print(f"{'round':<34}{'pages':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'errors':>8}{'pages/s':>9}"
                  f"{'server CPU ms/page':>20}{'load avg':>10}")
            cpu = _cpu_seconds(server.pid)
            alone = asyncio.run(_read(base, story_ids, args.readers, args.requests, time.monotonic() + args.seconds))
            alone.name = f"{args.readers} readers"
            spent, cpu = _cpu_seconds(server.pid) - cpu, _cpu_seconds(server.pid)
            print(f"{alone.line()}{1000 * spent / max(1, len(alone.latencies)):>20.2f}{os.getloadavg()[0]:>10.2f}")
            posted: dict[str, float] = {}
            finished = threading.Event()
            poster = threading.Thread(target=_post_run_on, args=(base, args.run_on, posted, finished))
            poster.start()
            # this round lasts until the run-on article is stored and its own story page has been briefed
            busy = asyncio.run(_read(base, story_ids, args.readers, args.requests, time.monotonic() + args.seconds,
                                     until=finished.is_set))
            busy.name = f"{args.readers} readers + {args.run_on:,}-char add"
            spent = _cpu_seconds(server.pid) - cpu
            print(f"{busy.line()}{1000 * spent / max(1, len(busy.latencies)):>20.2f}{os.getloadavg()[0]:>10.2f}")
            for name, done in (("alone", alone), ("with the add", busy)):
                if done.kinds:
                    print(f"  errors {name}: {done.kinds}")
            poster.join(900)
            print(f"the run-on article: HTTP {posted.get('status', 'no answer')} after "
                  f"{posted.get('seconds', float('nan')):.1f} s; its story page HTTP "
                  f"{posted.get('page_status', 'no answer')} after {posted.get('briefed', float('nan')):.1f} s "
                  "(the round's server CPU includes adding and briefing it)")
        finally:
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
