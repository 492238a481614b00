"""Story briefings for the web app: cached by content, computed once per story, never one story waiting on another.

A briefing is keyed by the story's id, its article ids (each a hash of the article's text, so a new article or
a revision is a new key) and the ``new_since`` day.  Each key has its own lock: two readers of one story wait
for one computation, readers of different stories never wait on each other, and a cached page is served at
once.  After an upload the app warms the stories it touched on a background thread, so the first reader of a
grown story usually finds its briefing ready.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from ..model import Story

logger = logging.getLogger(__name__)

#: briefings kept in memory; a briefing of a few dozen articles is a few hundred kB
BRIEFINGS_KEPT = 256
#: seconds a story looked up for a page is reused before the store is asked again
STORY_FRESH_SECONDS = 1.0
#: story lookups kept at most (all are dropped past it; they are one query each to get back)
STORIES_KEPT = 4096

Value = TypeVar("Value")


class ContentCache(Generic[Value]):
    """Values (briefings, rendered pages) by content key, each computed once, keys independent of each other."""

    def __init__(self, kept: int = BRIEFINGS_KEPT) -> None:
        self.kept = kept
        self._items: OrderedDict[Hashable, Value] = OrderedDict()
        self._locks: dict[Hashable, threading.Lock] = {}
        self._guard = threading.Lock()  # held only to read or change the two dicts, never while computing

    def cached(self, key: Hashable) -> Value | None:
        with self._guard:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def get(self, key: Hashable, compute: Callable[[], Value]) -> Value:
        """The value under ``key``, computing it (once, whoever asks meanwhile) when it is not cached."""
        found = self.cached(key)
        if found is not None:
            return found
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            found = self.cached(key)  # a reader that waited on the lock finds the value ready
            if found is not None:
                return found
            value = compute()
            with self._guard:
                self._items[key] = value
                while len(self._items) > self.kept:
                    self._items.popitem(last=False)
                self._locks.pop(key, None)
            return value


class Warmer:
    """One background thread that computes briefings ahead of their first reader, in the order asked."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[Callable[[], object]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start = threading.Lock()

    def submit(self, work: Callable[[], object]) -> None:
        self._queue.put(work)
        with self._start:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="newsfuse-briefing-warmer", daemon=True)
                self._thread.start()

    def drain(self, timeout: float) -> bool:
        """Wait until everything submitted so far is done (tests); False when ``timeout`` passed first."""
        done = threading.Event()
        self.submit(done.set)
        return done.wait(timeout)

    def _run(self) -> None:
        while True:
            work = self._queue.get()
            try:
                work()
            # the thread must outlive any one story: one that cannot be briefed now is reported on its own page
            except Exception as exc:  # noqa: BLE001
                logger.info("web: warming a briefing failed: %s", " ".join(str(exc).split())[:300])


class RecentStories:
    """Stories (their article lists) looked up within the last ``fresh`` seconds, by the id asked for.

    A page view needs the story's article list for its content key; asking the database costs more than
    serving the cached page does, so a busy page reuses a lookup for a second.  This server's own uploads
    clear it at once; an article another process adds shows up within ``fresh`` seconds.
    """

    def __init__(self, fresh: float = STORY_FRESH_SECONDS) -> None:
        self.fresh = fresh
        self._items: dict[str, tuple[float, Story]] = {}
        self._guard = threading.Lock()

    def get(self, story_id: str) -> Story | None:
        with self._guard:
            found = self._items.get(story_id)
        if found is None or time.monotonic() - found[0] >= self.fresh:
            return None
        return found[1]

    def put(self, story_id: str, story: Story) -> None:
        with self._guard:
            if len(self._items) >= STORIES_KEPT:
                self._items.clear()
            self._items[story_id] = (time.monotonic(), story)

    def clear(self) -> None:
        with self._guard:
            self._items.clear()
