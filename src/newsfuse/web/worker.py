"""The web server's writer: adding articles and computing briefings in a child process of their own.

Parsing a long article or briefing a large story is minutes of pure-Python work; done on one of the server's
threads it holds the interpreter lock, and every reader of an already-rendered page waits behind it.  Here the
server hands that work to one child process (started with ``spawn``, so it shares no locks or threads with the
server) over a pipe, and waits for the answer on a worker thread while its event loop keeps serving pages.

- One upload at a time: a second upload while one is being stored gets :class:`StoreBusyError` at once (the app
  answers 503 with ``Retry-After``); briefing requests queue behind it in the child.
- A child that died (killed, out of memory) fails the requests it had with :class:`WriterGone` (503 too), and
  the next request starts a new child.
- The child exits when the server does: it stops on the pipe's end, and a watchdog thread notices a new
  parent process (the server was killed) within half a second, even in the middle of a job.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import itertools
import logging
import multiprocessing
import os
import pickle
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from ..model import Briefing
from ..options import BriefingOptions
from ..store import StoreBusyError
from .intake import StagedInput, store_inputs
from .results import AddResult

logger = logging.getLogger(__name__)

#: seconds one job (an upload, a briefing) may take before the child is stopped and replaced
JOB_SECONDS = 1800.0
#: how often the child checks that the server that started it is still there
PARENT_CHECK_SECONDS = 0.5


class WriterGone(RuntimeError):
    """The writer process stopped (or was stopped) before it answered."""


@dataclass
class _Child:
    process: BaseProcess
    conn: Connection
    pending: dict[int, concurrent.futures.Future[tuple[bool, Any]]] = field(default_factory=dict)


class WriterProcess:
    """A child process that adds articles to the store at ``db_url`` and briefs its stories, one job at a time."""

    def __init__(self, db_url: str | None, job_seconds: float = JOB_SECONDS) -> None:
        self.db_url = db_url
        self.job_seconds = job_seconds
        self._mp = multiprocessing.get_context("spawn")
        self._guard = threading.Lock()  # the current child and its pending requests
        self._send = threading.Lock()
        self._adding = threading.Lock()  # held for the whole of one upload
        self._ids = itertools.count()
        self._child: _Child | None = None
        self._closed = False

    @property
    def pid(self) -> int | None:
        """The current child's process id (None before the first start)."""
        child = self._child
        return child.process.pid if child is not None else None

    @property
    def adding(self) -> bool:
        """True while an upload is being stored."""
        return self._adding.locked()

    def start(self) -> None:
        """Start the child now (it starts on first use otherwise)."""
        with self._guard:
            self._running()

    def add(self, inputs: Sequence[StagedInput]) -> AddResult:
        """Ingest and store staged inputs in the child; another upload under way is :class:`StoreBusyError`."""
        if not self._adding.acquire(blocking=False):
            raise StoreBusyError("another upload to this server is being stored")
        try:
            result = self._call("add", list(inputs))
        finally:
            self._adding.release()
        if not isinstance(result, AddResult):
            raise WriterGone(f"the writer process answered an upload with {type(result).__name__}")
        return result

    def brief(self, story_id: str, new_since: dt.date | None, options: BriefingOptions | None) -> Briefing:
        """The story's briefing, computed in the child (``KeyError`` for an unknown story, as ``Store``)."""
        result = self._call("brief", story_id, new_since, options)
        if not isinstance(result, Briefing):
            raise WriterGone(f"the writer process answered a briefing with {type(result).__name__}")
        return result

    def close(self) -> None:
        """Stop the child (the server is shutting down)."""
        with self._guard:
            self._closed = True
            child, self._child = self._child, None
        if child is not None:
            _stop(child)

    # ------------------------------------------------------------------ parent side

    def _running(self) -> _Child:
        """The live child, started (again) when there is none; call with ``_guard`` held."""
        if self._closed:
            raise WriterGone("the server is shutting down")
        child = self._child
        if child is not None and child.process.is_alive():
            return child
        if child is not None:
            _fail(child, "the writer process stopped; it has been restarted, retry")
        ours, theirs = self._mp.Pipe()
        process = self._mp.Process(target=child_main, args=(theirs, self.db_url, os.getpid()),
                                   name="newsfuse-writer", daemon=True)
        process.start()
        theirs.close()
        child = _Child(process, ours)
        self._child = child
        threading.Thread(target=self._listen, args=(child,), name="newsfuse-writer-listener", daemon=True).start()
        logger.info("web: writer process %s started", process.pid)
        return child

    def _call(self, kind: str, *args: Any) -> Any:
        future: concurrent.futures.Future[tuple[bool, Any]] = concurrent.futures.Future()
        with self._guard:
            child = self._running()
            number = next(self._ids)
            child.pending[number] = future
        try:
            with self._send:
                child.conn.send((number, kind, args))
        except (OSError, ValueError) as exc:
            with self._guard:
                child.pending.pop(number, None)
            raise WriterGone("the writer process stopped; retry") from exc
        try:
            ok, value = future.result(timeout=self.job_seconds)
        except concurrent.futures.TimeoutError as exc:
            logger.warning("web: writer process %s took over %.0f s on a %s; stopped", child.process.pid,
                           self.job_seconds, kind)
            _stop(child)
            raise WriterGone(f"the {kind} took too long and was stopped") from exc
        if ok:
            return value
        raise value

    def _listen(self, child: _Child) -> None:
        while True:
            try:
                number, ok, value = child.conn.recv()
            except (EOFError, OSError):
                break
            except Exception as exc:  # noqa: BLE001  # an answer that does not unpickle is that request's failure
                logger.warning("web: unreadable answer from the writer process: %s", exc)
                continue
            with self._guard:
                future = child.pending.pop(number, None)
            if future is not None:
                future.set_result((ok, value))
        with self._guard:
            _fail(child, "the writer process stopped; retry")
            if self._child is child:
                self._child = None  # the next request starts a new one
        child.process.join(5)


def _fail(child: _Child, message: str) -> None:
    pending, child.pending = child.pending, {}
    for future in pending.values():
        if not future.done():
            future.set_result((False, WriterGone(message)))


def _stop(child: _Child) -> None:
    child.process.terminate()
    child.process.join(5)
    if child.process.is_alive():
        child.process.kill()
        child.process.join(5)
    child.conn.close()


# ---------------------------------------------------------------------- child side


def child_main(conn: Connection, db_url: str | None, parent_pid: int) -> None:
    """The child's loop: answer ``(number, kind, args)`` requests in order until the pipe ends or the server dies."""
    threading.Thread(target=_watch_parent, args=(parent_pid,), name="newsfuse-writer-watchdog", daemon=True).start()
    from ..store import open_store

    store: Any = None
    opening: Exception = RuntimeError("the store could not be opened")
    try:
        store = open_store(db_url, writer_wait=0)
    except Exception as exc:  # noqa: BLE001  # every request then reports why
        opening = exc
    one_upload = threading.Lock()
    while True:
        try:
            number, kind, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if store is None:
                raise opening
            if kind == "add":
                value: Any = store_inputs(args[0], store, one_upload)
            elif kind == "brief":
                story_id, new_since, options = args
                value = store.brief_story(story_id, new_since=new_since, options=options)
            else:
                raise ValueError(f"unknown request {kind!r}")
            reply: tuple[int, bool, Any] = (number, True, value)
        except Exception as exc:  # noqa: BLE001  # the request's failure goes back to the server that asked
            reply = (number, False, _sendable(exc))
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


def _sendable(exc: Exception) -> Exception:
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


def _watch_parent(parent_pid: int) -> None:
    while True:
        time.sleep(PARENT_CHECK_SECONDS)
        if os.getppid() != parent_pid:
            os._exit(0)  # the server is gone: nobody will read what this process would write
