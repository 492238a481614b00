"""The state one web app shares between its routes: the store, the settings, the fetcher, the caches."""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from fastapi import HTTPException, Request
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from ..model import Article, Briefing, Story
from ..options import BriefingOptions
from ..pipeline import BriefingTimeout
from .auth import FailedTokenThrottle
from .briefings import ContentCache, RecentStories, Warmer
from .intake import AddReportLike, Staging, store_staged
from .pagecache import CachedPage
from .rendering import story_page
from .results import AddResult
from .settings import Settings
from .urlguard import UrlFetcher
from .worker import WriterGone, WriterProcess

#: Seconds a client is told to wait before retrying a write the busy store refused.
RETRY_AFTER_SECONDS = 5
BUSY_DETAIL = "the store is busy: another write to it is under way; retry in a few seconds"
WRITER_GONE_DETAIL = "the server's writer stopped and is being restarted; retry in a few seconds"


class StoreLike(Protocol):
    """The part of ``newsfuse.store.Store`` the web app uses (tests pass a fake)."""

    def add(self, inputs: Sequence[str | Path | Article]) -> AddReportLike: ...
    def stories(
        self, since: dt.date | None = None, query: str | None = None, limit: int | None = None
    ) -> list[Story]: ...
    def count_stories(self) -> int: ...
    def story(self, story_id: str) -> Story: ...
    def brief_story(
        self, story_id: str, new_since: dt.date | None = None, options: BriefingOptions | None = None
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
    #: briefings by content, one computation per story at a time, stories independent of each other
    briefings: ContentCache[Briefing] = field(default_factory=ContentCache)
    #: story pages as compressed bytes, rendered once per content (folded and whole pages apart)
    pages: ContentCache[CachedPage] = field(default_factory=ContentCache)
    #: computes the briefings of the stories an upload touched before anyone asks for them
    warmer: Warmer = field(default_factory=Warmer)
    #: story lookups of the last second, for page views (cleared by this server's own uploads)
    recent: RecentStories = field(default_factory=RecentStories)
    #: with a writer process, uploads and briefings are computed there, never on the server's interpreter
    writer: WriterProcess | None = None

    def story(self, story_id: str) -> Story:
        try:
            return self.store.story(story_id)
        except KeyError as exc:
            raise HTTPException(status_code=404, detail=f"no story with id {story_id!r}") from exc

    def briefing(self, story: Story, new_since: dt.date | None) -> Briefing:
        """The story's briefing, cached until the story's article list changes."""
        key = _content_key(story, new_since)
        writer, options = self.writer, self.settings.briefing

        def compute() -> Briefing:
            if writer is not None:
                return writer.brief(story.id, new_since, options)
            return self.store.brief_story(story.id, new_since=new_since, options=options)

        try:
            return self.briefings.get(key, compute)
        except KeyError as exc:
            raise HTTPException(status_code=404, detail=f"no story with id {story.id!r}") from exc
        except BriefingTimeout as exc:
            raise HTTPException(status_code=503, detail=str(exc)) from exc
        except WriterGone as exc:
            raise HTTPException(
                status_code=503, detail=WRITER_GONE_DETAIL, headers={"Retry-After": str(RETRY_AFTER_SECONDS)}
            ) from exc

    def recent_story(self, story_id: str) -> Story:
        """The story, as looked up within the last second if it was (see :class:`RecentStories`)."""
        found = self.recent.get(story_id)
        if found is None:
            found = self.story(story_id)
            self.recent.put(story_id, found)
        return found

    def cached_page(self, story: Story, new_since: dt.date | None, whole: bool = False) -> CachedPage | None:
        """The story page if it is rendered already (the common case: no briefing lookup, no rendering)."""
        return self.pages.cached((_content_key(story, new_since), whole))

    def story_page(self, story: Story, new_since: dt.date | None, whole: bool = False) -> CachedPage:
        """The story page (folded, or with ``whole`` the whole briefing) as bytes, cached by content."""
        key = (_content_key(story, new_since), whole)
        found = self.pages.cached(key)
        if found is not None:
            return found
        briefing = self.briefing(story, new_since)
        common = {"token_required": self.settings.token is not None, "allow_urls": self.settings.allow_urls,
                  "limits": self.settings.limits}
        return self.pages.get(key, lambda: CachedPage.of(
            story_page(self.templates, story, briefing, new_since, whole=whole, common=common)))

    def briefing_json(self, story: Story, new_since: dt.date | None) -> CachedPage:
        """The story's briefing as JSON bytes (``/api/stories/{id}/briefing``), serialised once per content."""
        key = (_content_key(story, new_since), "json")
        found = self.pages.cached(key)
        if found is not None:
            return found
        briefing = self.briefing(story, new_since)
        return self.pages.get(key, lambda: CachedPage.of(briefing.model_dump_json(by_alias=True),
                                                        media_type="application/json"))

    def warm(self, story_ids: Sequence[str]) -> None:
        """Brief these stories in the background, so that their pages are ready when first read."""
        for story_id in story_ids:
            self.warmer.submit(functools.partial(self._warm_one, story_id))

    def _warm_one(self, story_id: str) -> None:
        self.story_page(self.store.story(story_id), None)

    async def store_batch(self, staging: Staging) -> AddResult:
        """Ingest and store a staged batch off the event loop; a busy store is an immediate 503 with Retry-After.

        The detail is the same whatever the cause (this process or another one writing): it must not
        show server internals such as the lock file's path.
        """
        from ..store import StoreBusyError

        try:
            if self.writer is not None:
                result = await run_in_threadpool(self.writer.add, staging.inputs)
            else:
                result = await run_in_threadpool(store_staged, staging, self.store, self.write_lock)
        except StoreBusyError as exc:
            raise HTTPException(
                status_code=503, detail=BUSY_DETAIL, headers={"Retry-After": str(RETRY_AFTER_SECONDS)}
            ) from exc
        except WriterGone as exc:
            raise HTTPException(
                status_code=503, detail=WRITER_GONE_DETAIL, headers={"Retry-After": str(RETRY_AFTER_SECONDS)}
            ) from exc
        finally:
            self.recent.clear()  # this server's readers see what it just stored at once
        self.warm(result.stories)
        return result


def _content_key(story: Story, new_since: dt.date | None) -> tuple[str, tuple[str, ...], str | None]:
    # article ids are hashes of the article texts: a new article or a revision makes a new key
    return story.id, tuple(story.articles), new_since.isoformat() if new_since else None


def context_of(request: Request) -> WebContext:
    ctx = request.app.state.ctx
    if not isinstance(ctx, WebContext):
        raise TypeError("the app was not built by newsfuse.web.create_app")
    return ctx
