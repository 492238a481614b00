"""The fast path for story pages: a view of a rendered page answered straight from memory, as plain ASGI.

A cached story page costs the app well under a millisecond of work (compare an ETag, write bytes out), but
going through FastAPI's routing, parameter validation and dependency machinery costs more than that.  This
middleware sits after the Host/token guard (every request is still checked first) and answers a ``GET`` for
``/stories/{id}`` or ``/stories/{id}/all`` without a query string when the story was looked up within the last
second and its page is already rendered for its current content.  Anything else -- a miss, a merged-away id,
``?new_since=``, another method -- falls through to the app unchanged, which answers exactly as before (and
fills the caches the next view uses).  The answer is built by the same :meth:`CachedPage.response`, so its
bytes, headers, ETag and 304 are the normal path's.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from .context import WebContext

_PREFIX = "/stories/"


def story_page_target(path: str) -> tuple[str, bool] | None:
    """``(story id, whole)`` for a story page's path, None for any other path."""
    if not path.startswith(_PREFIX):
        return None
    rest = path[len(_PREFIX):]
    story_id, slash, tail = rest.partition("/")
    if not story_id or (slash and tail != "all"):
        return None
    return story_id, bool(slash)


class CachedStoryPages:
    """Serve a rendered story page from the page cache with no routing and no worker thread; else fall through."""

    def __init__(self, app: ASGIApp, ctx: WebContext) -> None:
        self.app = app
        self.ctx = ctx

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and not scope.get("query_string"):
            target = story_page_target(scope["path"])
            if target is not None:
                story = self.ctx.recent.get(target[0])
                if story is not None and story.id == target[0]:
                    page = self.ctx.cached_page(story, None, whole=target[1])
                    if page is not None:
                        response = page.response(Request(scope, receive), private=self.ctx.settings.token is not None)
                        await response(scope, receive, send)
                        return
        await self.app(scope, receive, send)
