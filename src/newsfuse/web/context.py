"""The state one web app shares between its routes: the store, the settings, the fetcher, the caches."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from fastapi import HTTPException, Request
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from ..model import Article, Briefing, Story
from .auth import FailedTokenThrottle
from .intake import AddReportLike, Staging, store_staged
from .results import AddResult
from .settings import Settings
from .urlguard import UrlFetcher

BRIEFINGS_KEPT = 16
#: Seconds a client is told to wait before retrying a write the busy store refused.
RETRY_AFTER_SECONDS = 5
BUSY_DETAIL = "the store is busy: another write to it is under way; retry in a few seconds"


class StoreLike(Protocol):
    """The part of ``newsfuse.store.Store`` the web app uses (tests pass a fake)."""

    def add(self, inputs: Sequence[str | Path | Article]) -> AddReportLike: ...
    def stories(
        self, since: dt.date | None = None, query: str | None = None, limit: int | None = None
    ) -> list[Story]: ...
    def count_stories(self) -> int: ...
    def story(self, story_id: str) -> Story: ...
    def brief_story(
        self, story_id: str, new_since: dt.date | None = None, reference_date: str | dt.date | None = None
    ) -> Briefing: ...


@dataclass
class WebContext:
    store: StoreLike
    settings: Settings
    fetcher: UrlFetcher
    templates: Jinja2Templates
    #: wrong tokens per client address, shared by the API guard and the login form
    token_throttle: FailedTokenThrottle = field(default_factory=FailedTokenThrottle)
    #: one ingestion at a time from this process (the store's own lock guards against other processes);
    #: never waited on: a second write gets "busy, retry" at once rather than holding a worker
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    #: one briefing computed at a time: two at once would only compete for the same two cores
    brief_lock: threading.Lock = field(default_factory=threading.Lock)
    _briefings: OrderedDict[tuple[str, tuple[str, ...], str | None], Briefing] = field(default_factory=OrderedDict)

    def story(self, story_id: str) -> Story:
        try:
            return self.store.story(story_id)
        except KeyError as exc:
            raise HTTPException(status_code=404, detail=f"no story with id {story_id!r}") from exc

    def briefing(self, story: Story, new_since: dt.date | None) -> Briefing:
        """The story's briefing, cached until the story's article list changes."""
        key = (story.id, tuple(story.articles), new_since.isoformat() if new_since else None)
        with self.brief_lock:
            cached = self._briefings.get(key)
            if cached is not None:
                self._briefings.move_to_end(key)
                return cached
            try:
                briefing = self.store.brief_story(story.id, new_since=new_since)
            except KeyError as exc:
                raise HTTPException(status_code=404, detail=f"no story with id {story.id!r}") from exc
            self._briefings[key] = briefing
            while len(self._briefings) > BRIEFINGS_KEPT:
                self._briefings.popitem(last=False)
            return briefing

    async def store_batch(self, staging: Staging) -> AddResult:
        """Ingest and store a staged batch off the event loop; a busy store is an immediate 503 with Retry-After.

        The detail is the same whatever the cause (this process or another one writing): it must not
        show server internals such as the lock file's path.
        """
        from ..store import StoreBusyError

        try:
            return await run_in_threadpool(store_staged, staging, self.store, self.write_lock)
        except StoreBusyError as exc:
            raise HTTPException(
                status_code=503, detail=BUSY_DETAIL, headers={"Retry-After": str(RETRY_AFTER_SECONDS)}
            ) from exc


def context_of(request: Request) -> WebContext:
    ctx = request.app.state.ctx
    if not isinstance(ctx, WebContext):
        raise TypeError("the app was not built by newsfuse.web.create_app")
    return ctx
