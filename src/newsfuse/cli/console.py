"""What every ``newsfuse`` command shares: exit codes, the ``--db`` option and one-line messages on stderr.

Everything printed that comes from the inputs (titles, outlets, file names, skip reasons) goes
through :func:`shown`: a title holding ``ESC ] 0; ... BEL`` would otherwise retitle the terminal,
and rich would read ``[bold]`` in it as markup.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from ..ingest import escape_controls

# Documented in README ("Exit codes"):
#   0 every input became an article and the outputs were written;
#   1 nothing could be briefed (no readable article) or a fatal error (e.g. the model package);
#   2 usage error (bad option, bad date, unknown format);
#   3 outputs were written but some inputs were skipped (listed on stderr and in ``skipped``).
EXIT_OK, EXIT_FATAL, EXIT_USAGE, EXIT_SKIPPED = 0, 1, 2, 3

err = Console(stderr=True, soft_wrap=True)  # one message, one line, however long

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Store URL (sqlite:///PATH, postgresql://USER@HOST/DB) or a path to an SQLite file. "
        "Default: $NEWSFUSE_DB, else $XDG_DATA_HOME/newsfuse/newsfuse.db.",
    ),
]


def shown(text: str) -> str:
    """Text from an input made safe for a terminal: control characters as visible escapes (``\\x1b``)."""
    return escape_controls(text)


def say(message: str) -> None:
    """One line on stderr, prefixed with the program's name."""
    err.print(f"newsfuse: {shown(message)}", markup=False, highlight=False)


def fail(message: str, code: int) -> typer.Exit:
    """Say ``message`` and return the exit to raise."""
    say(message)
    return typer.Exit(code)
