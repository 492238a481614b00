"""Story-page latency of the local web app under concurrent readers, with a hard article being added meanwhile.

Builds a store of ``--articles`` generated articles in a temporary folder (``bench/story_corpus.py``: many
stories of long-tailed, realistic sizes -- 53 stories for 400 articles, the largest 60 -- nothing is
committed; ``--db FILE`` keeps the store for the next run), serves it as ``newsfuse serve`` does (``--loop``/``--http`` choose uvicorn's event loop and parser) in a process of its own on 127.0.0.1 (never
another address; the readers then do not share the server's interpreter) and runs
``--readers`` concurrent readers -- keep-alive connections on one asyncio thread, so that the client
costs the shared cores little -- that fetch story pages, ``--requests`` in all (bounded in count and in time by
``--seconds``; ``--revalidating`` sends each page's ETag and expects 304).  Two rounds: readers alone, then
readers while one ``--run-on`` character article without a sentence break is posted to the paste form.  Prints
p50/p95/p99/max latency, the error count and pages/s of each round, the server's CPU per page (and its writer
process's), the client's share of the CPU and the load average (the machine may be shared), the page sizes, and
how long the run-on article took.

    .venv/bin/python bench/web_load.py                      # 400 articles, 32 readers, 2,000 requests per round
    .venv/bin/python bench/web_load.py --articles 60 --requests 300   # a quick look
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
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
    #: CPU seconds this (client) process spent in the round
    client_cpu: float = 0.0

    def line(self) -> str:
        if not self.latencies:
            return f"{self.name:<34} no request answered, {self.errors} errors"
        ordered = sorted(self.latencies)
        return (f"{self.name:<34}{len(ordered):>7}{statistics.median(ordered) * 1000:>8.0f}"
                f"{_quantile(ordered, 0.95) * 1000:>8.0f}{_quantile(ordered, 0.99) * 1000:>8.0f}"
                f"{ordered[-1] * 1000:>8.0f}{self.errors:>7}{len(ordered) / self.seconds:>9.1f}")


def _quantile(ordered: Sequence[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class KeepAlive:
    """One HTTP/1.1 keep-alive connection to 127.0.0.1 on raw asyncio streams: GET, read the answer, reuse.

    A reader costs this process a few tens of microseconds per page (an httpx client costs about a millisecond,
    and 32 client threads cost the server its cores): the latency measured is the server's, not the client's.
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        if self._writer is None or self._writer.is_closing():
            self._reader, self._writer = await asyncio.open_connection(HOST, self.port)
        assert self._reader is not None and self._writer is not None
        extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        self._writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}:{self.port}\r\nAccept-Encoding: gzip\r\n"
                           f"{extra}\r\n".encode("latin-1"))
        try:
            head = await self._reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split(" ", 2)[1])
            answer = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
            if answer.get("transfer-encoding", "").lower() == "chunked":
                body = await self._chunked()
            else:
                body = await self._reader.readexactly(int(answer.get("content-length", "0")))
        except BaseException:
            await self.close()
            raise
        if answer.get("connection", "").lower() == "close":
            await self.close()
        return status, answer, body

    async def _chunked(self) -> bytes:
        assert self._reader is not None
        parts = []
        while True:
            size = int((await self._reader.readuntil(b"\r\n")).split(b";")[0], 16)
            parts.append(await self._reader.readexactly(size + 2))
            if size == 0:
                return b"".join(p[:-2] for p in parts)

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(OSError):
                await self._writer.wait_closed()
        self._reader = self._writer = None


async def _read(port: int, story_ids: Sequence[str], readers: int, requests: int, deadline: float,
                until: Callable[[], bool] | None = None, timeout: float = 60,
                etags: dict[str, str] | None = None) -> Round:
    """``requests`` page reads by ``readers`` keep-alive connections; with ``until``, as many as it takes for it
    to hold.  With ``etags`` every read revalidates (``If-None-Match``): 304 is the expected answer."""
    latencies: list[float] = []
    errors = 0
    kinds: Counter[str] = Counter()
    counter = iter(range(requests)) if until is None else itertools.count()
    expected = 304 if etags else 200

    async def reader() -> None:
        nonlocal errors
        connection = KeepAlive(port)
        try:
            for n in counter:
                if time.monotonic() > deadline or (until is not None and n >= requests and until()):
                    return
                story_id = story_ids[n % len(story_ids)]
                headers = {"If-None-Match": etags[story_id]} if etags and story_id in etags else None
                started = time.monotonic()
                try:
                    status, _, _ = await asyncio.wait_for(connection.get(f"/stories/{story_id}", headers), timeout)
                except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
                    errors += 1
                    kinds[type(exc).__name__] += 1
                    continue
                if status == expected:
                    latencies.append(time.monotonic() - started)
                else:
                    errors += 1
                    kinds[f"HTTP {status}"] += 1
        finally:
            await connection.close()

    began, cpu = time.monotonic(), time.process_time()
    await asyncio.gather(*(reader() for _ in range(readers)))
    return Round("", latencies, errors, time.monotonic() - began, dict(kinds), time.process_time() - cpu)


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


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found.extend(int(c) for c in (task / "children").read_text().split())
    return found


@dataclass
class ServerCpu:
    """CPU seconds of the server process and of its children (the writer process that adds and briefs)."""

    pid: int
    server: float = 0.0
    children: dict[int, float] | None = None

    def sample(self) -> tuple[float, float]:
        """CPU seconds (server, its children) since the last sample."""
        server = _cpu_seconds(self.pid)
        children = {c: _cpu_seconds(c) for c in _children(self.pid)}
        before = self.children or {}
        spent = server - self.server, sum(max(0.0, t - before.get(c, 0.0)) for c, t in children.items())
        self.server, self.children = server, children
        return spent


def _page_sizes(base: str, story_ids: Sequence[str]) -> tuple[str, dict[str, str]]:
    """The page sizes (a line to print) and each story page's ETag."""
    plain, packed, etags = [], [], {}
    with httpx.Client(base_url=base, timeout=120) as client:
        for story_id in story_ids:
            answer = client.get(f"/stories/{story_id}")
            plain.append(len(answer.content))
            packed.append(int(answer.headers.get("content-length", len(answer.content))))
            if "etag" in answer.headers:
                etags[story_id] = answer.headers["etag"]
    return ((f"story pages: median {statistics.median(plain) / 1000:.0f} kB, largest {max(plain) / 1000:.0f} kB "
            f"(as sent, gzip: median {statistics.median(packed) / 1000:.0f} kB, largest {max(packed) / 1000:.0f} kB)"),
            etags)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _report(done: Round, cpu: ServerCpu) -> None:
    server, children = cpu.sample()
    pages = max(1, len(done.latencies))
    share = done.client_cpu / max(1e-9, done.client_cpu + server)
    print(f"{done.line()}{1000 * server / pages:>11.2f}{children:>9.1f}{1000 * done.client_cpu / pages:>11.2f}"
          f"{100 * share:>7.0f}%   {_load()}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--readers", type=int, default=32)
    parser.add_argument("--requests", type=int, default=2000, help="requests per round (a bound, not a target)")
    parser.add_argument("--seconds", type=float, default=300, help="each round stops after this long regardless")
    parser.add_argument("--run-on", type=int, default=40_000, help="characters of the article added meanwhile")
    parser.add_argument("--revalidating", action="store_true",
                        help="readers send the page's ETag (If-None-Match) and expect 304, as a browser reloading")
    parser.add_argument("--loop", choices=("auto", "asyncio", "uvloop"), default="auto", help="uvicorn's event loop")
    parser.add_argument("--http", choices=("auto", "h11", "httptools"), default="auto", help="uvicorn's HTTP parser")
    parser.add_argument("--db", default=None, help="keep the generated store in this file and reuse it when present "
                        "(the server gets a copy, so the run-on article is never added to it)")
    args = parser.parse_args(argv)
    args.readers = max(1, min(args.readers, 256))  # bounded: this is a benchmark, not a flood

    with tempfile.TemporaryDirectory() as tmp:
        kept = args.db or str(Path(tmp) / "load.db")
        story_ids = _build_store(kept, args.articles)
        db = str(Path(tmp) / "served.db")
        with sqlite3.connect(kept) as source, sqlite3.connect(db) as copy:
            source.backup(copy)
        port = _free_port()
        src = str(Path(__file__).resolve().parents[1] / "src")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
        # the app as `newsfuse serve` builds it (writer process included), with the event loop and HTTP parser
        # chosen here ("auto": uvloop and httptools when installed, as `newsfuse serve` runs)
        launch = ("import uvicorn\nfrom newsfuse.web import create_app\n"
                  f"uvicorn.run(create_app(db_url={db!r}, writer_process=True), host={HOST!r}, port={port},"
                  f" loop={args.loop!r}, http={args.http!r}, log_level='warning')\n")
        server = subprocess.Popen([sys.executable, "-c", launch], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            base = f"http://{HOST}:{port}"
            _wait_until_up(base, server)
            # stories are briefed on their first read (or warmed after an upload); time the steady state
            started = time.monotonic()
            first = asyncio.run(_read(port, story_ids, 4, len(story_ids), time.monotonic() + 3600, timeout=900))
            print(f"first read of every story: {time.monotonic() - started:.0f} s, {first.errors} errors {first.kinds}")
            if args.db:
                # keep the analyses and sentence vectors the first reads stored, so that the next run starts warm
                with sqlite3.connect(db) as served, sqlite3.connect(kept) as keep:
                    served.backup(keep)
            sizes, etags = _page_sizes(base, story_ids)
            print(sizes)
            if args.revalidating:
                print("revalidating: every read sends the page's ETag; 304 counts as the answer")
            print(f"{'round':<34}{'pages':>7}{'p50':>8}{'p95':>8}{'p99':>8}{'max':>8}{'errors':>7}{'pages/s':>9}"
                  f"{'srv ms/pg':>11}{'child s':>9}{'cli ms/pg':>11}{'client':>8}   load 1/5/15 min")
            cpu = ServerCpu(server.pid)
            cpu.sample()
            wanted = etags if args.revalidating else None
            alone = asyncio.run(_read(port, story_ids, args.readers, args.requests,
                                      time.monotonic() + args.seconds, etags=wanted))
            alone.name = f"{args.readers} readers"
            _report(alone, cpu)
            posted: dict[str, float] = {}
            finished = threading.Event()
            poster = threading.Thread(target=_post_run_on, args=(base, args.run_on, posted, finished))
            poster.start()
            # this round lasts until the run-on article is stored and its own story page has been briefed
            busy = asyncio.run(_read(port, story_ids, args.readers, args.requests, time.monotonic() + args.seconds,
                                     until=finished.is_set, etags=wanted))
            busy.name = f"{args.readers} readers + {args.run_on:,}-char add"
            _report(busy, cpu)
            print("(latencies in ms; srv ms/pg: the server process's CPU per page; child s: CPU seconds of its "
                  "writer process; client: this process's share of client + server CPU)")
            for name, done in (("alone", alone), ("with the add", busy)):
                if done.kinds:
                    print(f"  errors {name}: {done.kinds}")
            poster.join(900)
            print(f"the run-on article: HTTP {posted.get('status', 'no answer')} after "
                  f"{posted.get('seconds', float('nan')):.1f} s; its story page HTTP "
                  f"{posted.get('page_status', 'no answer')} after {posted.get('briefed', float('nan')):.1f} s")
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
