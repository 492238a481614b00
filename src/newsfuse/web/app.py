"""The app factory: ``create_app()`` wires the store, the settings, the pages and the REST API."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from . import pages, rest
from .auth import BodySizeLimit, FailedTokenThrottle, Guarded, make_guard, wants_json
from .context import StoreLike, WebContext
from .fastpath import CachedStoryPages
from .rendering import STATIC_DIR, make_templates
from .settings import Limits, Settings
from .urlguard import Resolver, UrlFetcher, system_resolver
from .worker import WriterProcess

DESCRIPTION = (
    "Add articles (pasted text, files, feeds) to a newsfuse store and read each story's "
    "source-attributed briefing. With a token configured, send it as `Authorization: Bearer T` "
    "or `X-Newsfuse-Token: T`."
)


def create_app(
    db_url: str | None = None,
    token: str | None = None,
    allow_urls: bool = False,
    allow_private_urls: bool = False,
    *,
    store: StoreLike | None = None,
    limits: Limits | None = None,
    allowed_hosts: tuple[str, ...] | None = None,
    resolver: Resolver = system_resolver,
    http_transport: Any = None,
    writer_process: bool = False,
) -> FastAPI:
    """Build the web app over the store at ``db_url`` (or the given ``store``).

    ``resolver`` and ``http_transport`` (an ``httpx.BaseTransport``) replace DNS and the
    network for URL fetching, which is how the tests exercise it without a network.

    With ``writer_process`` (``newsfuse serve`` sets it; it needs ``db_url``, not a ``store`` object), uploads
    and briefings run in a child process (see ``worker``), so that parsing never holds up the pages served.
    """
    settings = Settings(
        token=token,
        allow_urls=allow_urls,
        allow_private_urls=allow_private_urls,
        limits=limits or Limits(),
        allowed_hosts=allowed_hosts,
    )
    writer = None
    if store is None:
        from ..store import open_store

        # Writes never wait for another writer: a request answers "busy, retry" at once (see WebContext).
        store = open_store(db_url, writer_wait=0)
        if writer_process:
            writer = WriterProcess(db_url)
    templates = make_templates()
    fetcher = UrlFetcher(
        allow_private=allow_private_urls,
        resolver=resolver,
        transport=http_transport,
        max_bytes=settings.limits.max_fetch_bytes,
    )
    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if writer is not None:
            writer.start()  # the child loads while the server starts, not on the first upload
        try:
            yield
        finally:
            if writer is not None:
                writer.close()

    app = FastAPI(title="newsfuse", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    throttle = FailedTokenThrottle()
    app.state.ctx = WebContext(
        store=store, settings=settings, fetcher=fetcher, templates=templates, token_throttle=throttle, writer=writer
    )

    def html_denial(request: Request, status: int, message: str) -> Response:
        template = "login.html" if status == 401 else "error.html"
        return pages.page(request, template, status_code=status, message=message, status=status)

    # innermost first: a rendered story page is answered straight from memory, after the guard has passed it
    app.add_middleware(CachedStoryPages, ctx=app.state.ctx)
    app.add_middleware(Guarded, guard=make_guard(settings, html_denial, throttle))
    app.add_middleware(BodySizeLimit, max_bytes=settings.limits.max_request_bytes)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        response = html_denial(request, exc.status_code, str(exc.detail))
        response.headers.update(exc.headers or {})  # Retry-After on a busy store, for browsers too
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": jsonable_errors(exc)}, status_code=422)
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return html_denial(request, 422, f"the form was not filled in as expected ({problems})")

    app.include_router(rest.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description,
                                 routes=app.routes)
            rest.register_schemas(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def jsonable_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
