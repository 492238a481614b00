"""``newsfuse serve``: the local web app and REST API."""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer

from .console import DbOption

TOKEN_ENV = "NEWSFUSE_TOKEN"


def is_loopback(host: str) -> bool:
    """True for a loopback address or the name ``localhost``; a wildcard (0.0.0.0, ::) is not loopback."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # any other name may resolve to an address reachable from outside


def check_binding(host: str, token: str | None) -> None:
    """Refuse to serve beyond this machine without a token; an empty token is no token."""
    if token is not None and not token.strip():
        raise typer.BadParameter(f"the token is empty; give a real --token or unset {TOKEN_ENV}", param_hint="--token")
    if token is None and not is_loopback(host):
        raise typer.BadParameter(
            f"refusing to listen on {host} without a token: anyone who can reach it could add articles. "
            f"Give --token T (or set {TOKEN_ENV}), or bind to 127.0.0.1.",
            param_hint="--host",
        )


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on; anything but loopback needs a token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    token: Annotated[
        str | None, typer.Option(envvar=TOKEN_ENV, help="Require this token on every API and upload route.")
    ] = None,
    allow_urls: Annotated[bool, typer.Option("--allow-urls", help="Allow adding a feed or page by URL.")] = False,
    allow_private_urls: Annotated[
        bool, typer.Option("--allow-private-urls", help="Let URLs reach loopback/private/link-local addresses.")
    ] = False,
) -> None:
    """Serve the web app and the REST API (OpenAPI at /docs)."""
    check_binding(host, token)
    if allow_private_urls and not allow_urls:
        raise typer.BadParameter("--allow-private-urls only makes sense with --allow-urls", param_hint="--allow-private-urls")

    import uvicorn

    from ..web import create_app

    # adding and briefing run in a child process: a long article never holds up the pages being served
    app = create_app(db_url=db, token=token, allow_urls=allow_urls, allow_private_urls=allow_private_urls,
                     writer_process=True)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"newsfuse: serving on http://{shown}:{port}/ (API docs at /docs)", err=True)
    if token is not None:
        typer.echo("newsfuse: a token is required; open /login in the browser to enter it", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info")


def register(app: typer.Typer) -> None:
    app.command()(serve)
