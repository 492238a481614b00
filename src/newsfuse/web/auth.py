"""Who may use the app: the token check, the loopback Host guard and the request size ceiling.

With a token configured every route except the login page, the static files
and the OpenAPI documents requires it, given as ``Authorization: Bearer T``,
``X-Newsfuse-Token: T`` or the cookie set by ``/login``.  Without a token the
server only answers requests whose ``Host`` is a loopback name, so that a web
page cannot reach it through DNS rebinding; and a state-changing request whose
``Origin`` is another site is refused either way (cross-site form posts).
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .settings import Settings

COOKIE = "newsfuse_token"
TOKEN_HEADER = "x-newsfuse-token"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
OPEN_PATHS = frozenset({"/login", "/docs", "/docs/oauth2-redirect", "/openapi.json", "/favicon.ico"})
OPEN_PREFIXES = ("/static/",)
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

Denial = Callable[[Request, int, str], Response]


def presented_token(request: Request) -> str | None:
    authorization = request.headers.get("authorization", "")
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    header = request.headers.get(TOKEN_HEADER)
    if header:
        return header.strip()
    return request.cookies.get(COOKIE)


def token_matches(presented: str | None, expected: str) -> bool:
    if presented is None:
        return False
    # Constant-time comparison, on bytes so that non-ASCII input cannot raise.
    return hmac.compare_digest(presented.encode("utf-8"), expected.encode("utf-8"))


def is_open_path(path: str) -> bool:
    return path in OPEN_PATHS or path.startswith(OPEN_PREFIXES)


def _host_name(host_header: str) -> str:
    return (urlsplit(f"//{host_header}").hostname or "").lower()


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def json_denial(_request: Request, status: int, message: str) -> Response:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"detail": message}, status_code=status, headers=headers)


def make_guard(
    settings: Settings, html_denial: Denial
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    allowed_hosts = tuple(h.lower() for h in (settings.allowed_hosts or LOOPBACK_HOSTS))

    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        deny = json_denial if wants_json(request) else html_denial
        host = request.headers.get("host", "")
        if settings.token is None and _host_name(host) not in allowed_hosts:
            return deny(request, 403, f"host {host!r} is not served without a token (only {', '.join(allowed_hosts)})")
        origin = request.headers.get("origin")
        if request.method not in _SAFE_METHODS and origin and urlsplit(origin).netloc.lower() != host.lower():
            return deny(request, 403, "cross-site request refused (its Origin is another site)")
        needs_token = settings.token is not None and not is_open_path(request.url.path)
        if needs_token and not token_matches(presented_token(request), settings.token or ""):
            return deny(request, 401, "a valid token is required")
        return await call_next(request)

    return guard


class BodySizeLimit:
    """Refuse a request body larger than ``max_bytes`` with 413, counting as it streams in.

    A ``Content-Length`` over the limit is refused before reading anything; a
    chunked body is cut off as soon as it passes the limit.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        message = f"request body larger than {self.max_bytes // (1024 * 1024)} MB"
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                await JSONResponse({"detail": message}, status_code=413)(scope, receive, send)
                return
        received = 0
        response_started = False

        async def limited_receive() -> Message:
            nonlocal received
            incoming = await receive()
            if incoming["type"] == "http.request":
                received += len(incoming.get("body", b""))
                if received > self.max_bytes:
                    raise _BodyTooLargeError(message)
            return incoming

        async def tracking_send(outgoing: Message) -> None:
            nonlocal response_started
            if outgoing["type"] == "http.response.start":
                response_started = True
            await send(outgoing)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyTooLargeError as exc:
            if response_started:
                raise
            await JSONResponse({"detail": str(exc)}, status_code=413)(scope, receive, send)


class _BodyTooLargeError(Exception):
    pass
