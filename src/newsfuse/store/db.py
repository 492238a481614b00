"""Where the store lives, how to connect to it, and the one-writer lock.

URL resolution: ``--db URL`` > ``$NEWSFUSE_DB`` > SQLite at
``$XDG_DATA_HOME/newsfuse/newsfuse.db`` (``~/.local/share/newsfuse/newsfuse.db``).
A value without ``://`` is a path to an SQLite file; ``postgresql://`` is
given the installed psycopg 3 driver.

SQLite runs in WAL mode (readers do not block the writer) with a busy
timeout; transactions are begun explicitly so that a whole ingestion batch is
atomic.  The writer lock is an OS file lock next to the SQLite file, or a
PostgreSQL session advisory lock: both vanish with the process that held them,
so a ``kill -9`` never leaves a stale lock behind.
"""

from __future__ import annotations

import enum
import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

ENV_VAR = "NEWSFUSE_DB"
BUSY_TIMEOUT_MS = 30_000
#: how long a second writer waits for the first before giving up, unless the store is opened otherwise:
#: the CLI waits until the store is free, the web app not at all (it answers "busy, retry" at once)
WRITER_WAIT_SECONDS = 60.0
#: how often a waiting writer calls its ``on_wait`` (for a progress line) and tries the lock again
_POLL_SECONDS = 0.1
_ON_WAIT_EVERY = 1.0
BUSY_MESSAGE = "another newsfuse process is writing to this store"

#: ``on_wait(seconds waited so far)``: called about once a second while a writer waits for another
WaitReport = Callable[[float], None]
# any fixed 64-bit number: the advisory lock key of "the newsfuse writer" in a PostgreSQL database
_PG_LOCK_KEY = 0x6E657773_66757365 & 0x7FFF_FFFF_FFFF_FFFF


class StoreBusyError(RuntimeError):
    """Another process is writing to the store."""


def default_path() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "newsfuse" / "newsfuse.db"


def resolve_url(url: str | None = None) -> str:
    """The SQLAlchemy URL for ``--db`` (or the environment, or the default file)."""
    chosen = url or os.environ.get(ENV_VAR) or str(default_path())
    if chosen in (":memory:", "sqlite://"):
        return "sqlite://"
    if "://" not in chosen:
        try:
            path = Path(chosen).expanduser().resolve()
        except RuntimeError as exc:  # "~name" for a user that does not exist
            raise ValueError(f"cannot expand the store path {chosen!r}: {exc}") from exc
        # URL.create escapes '?', '#' and '%' that a file name may hold
        return URL.create("sqlite", database=str(path)).render_as_string()
    parsed = make_url(chosen)  # raises ArgumentError on a malformed URL
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Leave transaction control to SQLAlchemy's "begin" event below (pysqlite's own is broken for DDL).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")  # durable at each WAL checkpoint; safe against kill -9
    cursor.close()


def _sqlite_on_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_file(url)
        if path is None:
            engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


class _LockDefault(enum.Enum):
    WAIT = "the wait the lock was made with"


class _Waiting:
    """The clock of one wait for the lock: when to give up, and when to tell ``on_wait`` again."""

    def __init__(self, wait: float | None, on_wait: WaitReport | None) -> None:
        self.started = time.monotonic()
        self.deadline = None if wait is None else self.started + wait
        self.on_wait = on_wait
        self._next_report = self.started

    def give_up(self) -> bool:
        now = time.monotonic()
        if self.deadline is not None and now >= self.deadline:
            return True
        if self.on_wait is not None and now >= self._next_report:
            self.on_wait(now - self.started)
            self._next_report = now + _ON_WAIT_EVERY
        time.sleep(_POLL_SECONDS)
        return False


class WriterLock:
    """One writer per store, across processes (and threads of this process).

    ``wait`` is how long :meth:`hold` waits for another writer by default (``None``: until it is
    done); ``on_wait`` is told, about once a second, how long it has waited.
    """

    def __init__(
        self, engine: Engine, url: str, wait: float | None = WRITER_WAIT_SECONDS, on_wait: WaitReport | None = None
    ) -> None:
        self.engine = engine
        self.path = sqlite_file(url)
        self.backend = make_url(url).get_backend_name()
        self.wait = wait
        self.on_wait = on_wait
        self._local = threading.Lock()

    def _acquire_local(self, waiting: _Waiting) -> bool:
        while not self._local.acquire(blocking=False):
            if waiting.give_up():
                return False
        return True

    @contextmanager
    def hold(self, wait: float | None | _LockDefault = _LockDefault.WAIT) -> Iterator[None]:
        """Hold the lock; :class:`StoreBusyError` when another writer keeps it past ``wait`` seconds."""
        waiting = _Waiting(self.wait if isinstance(wait, _LockDefault) else wait, self.on_wait)
        if not self._acquire_local(waiting):
            raise StoreBusyError(f"{BUSY_MESSAGE} (another writer in this process)")
        try:
            if self.path is not None:
                with self._file_lock(self.path.with_name(self.path.name + ".lock"), waiting):
                    yield
            elif self.backend == "postgresql":
                with self._advisory_lock(waiting):
                    yield
            else:  # in-memory SQLite: one process by construction
                yield
        finally:
            self._local.release()

    @staticmethod
    @contextmanager
    def _file_lock(lock_path: Path, waiting: _Waiting) -> Iterator[None]:
        with open(lock_path, "a+") as handle:
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    # The lock file's path is left out: the message reaches web clients too.
                    if waiting.give_up():
                        raise StoreBusyError(BUSY_MESSAGE) from None
            try:
                handle.seek(0)
                handle.truncate()
                handle.write(f"{os.getpid()}\n")
                handle.flush()
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    @contextmanager
    def _advisory_lock(self, waiting: _Waiting) -> Iterator[None]:
        # a dedicated connection: the lock lives as long as this session, whatever the batches do
        with self.engine.connect() as conn:
            while not conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": _PG_LOCK_KEY}).scalar():
                conn.rollback()
                if waiting.give_up():
                    raise StoreBusyError(f"{BUSY_MESSAGE} (advisory lock held)")
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_LOCK_KEY})
                conn.commit()
