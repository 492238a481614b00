"""The ``newsfuse`` command line: thin commands over :mod:`newsfuse.api`, the store and the web app."""

from __future__ import annotations

import typer

from . import brief, serve, store
from .console import EXIT_FATAL, EXIT_OK, EXIT_SKIPPED, EXIT_USAGE
from .serve import TOKEN_ENV, is_loopback

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Fuse news reports into one sourced briefing.")
# Each module adds its own commands; the order here is the order of `newsfuse --help`.
brief.register(app)
store.register(app)
serve.register(app)


def main() -> None:
    app()


__all__ = ["EXIT_FATAL", "EXIT_OK", "EXIT_SKIPPED", "EXIT_USAGE", "TOKEN_ENV", "app", "is_loopback", "main"]
