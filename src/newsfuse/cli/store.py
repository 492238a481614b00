"""Store commands: ``newsfuse add`` and ``newsfuse stories``."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..nlp import ModelError
from ..options import parse_day
from ..store import AddReport, SchemaError, StoreBusyError, StoreOpenError, open_store
from .console import EXIT_FATAL, EXIT_SKIPPED, EXIT_USAGE, DbOption, err, say, shown


class WaitLine:
    """The progress line of an ``add`` waiting for another writer: one line, then (on a terminal) its time."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.said = False

    def __call__(self, seconds: float) -> None:
        message = "the store is busy (another newsfuse process is writing to it); waiting for it to finish"
        if not self.said:
            self.said = True
            self.console.print(f"newsfuse: {message} ...", markup=False, highlight=False)
        elif self.console.is_terminal:
            self.console.print(f"newsfuse: still waiting ({seconds:.0f} s)", markup=False, highlight=False)


def add(
    paths: Annotated[list[str], typer.Argument(help="Files or directories (recursive) to add to the store.")],
    db: DbOption = None,
) -> None:
    """Add articles to the store: new ones are analysed once, grouped into stories, copies linked.

    When another newsfuse process is writing to the store, this waits for it (saying so) rather than fail.
    """
    try:
        with open_store(db, writer_wait=None, on_wait=WaitLine(err)) as store:
            report: AddReport = store.add(paths)
    except (StoreBusyError, SchemaError, StoreOpenError, ModelError) as exc:
        say(str(exc))
        raise typer.Exit(EXIT_FATAL) from exc
    for skipped in report.skipped:
        say(f"skipped {skipped.path}: {skipped.reason}")
    typer.echo(report.summary())
    if report.skipped:
        raise typer.Exit(EXIT_SKIPPED)


def stories(
    since: Annotated[str | None, typer.Option(help="Only stories active on or after YYYY-MM-DD.")] = None,
    query: Annotated[str | None, typer.Option(help="Only stories whose title or an article title has this.")] = None,
    db: DbOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List stored stories, most recently active first."""
    try:
        since_day = parse_day(since, "--since")
    except ValueError as exc:
        say(str(exc))
        raise typer.Exit(EXIT_USAGE) from exc
    try:
        with open_store(db) as store:
            found = store.stories(since=since_day, query=query)
            new = {s.id: len(store.new_articles(s.id, since_day)) for s in found} if since_day else {}
    except (SchemaError, StoreOpenError) as exc:
        say(str(exc))
        raise typer.Exit(EXIT_FATAL) from exc
    if json_out:
        records = [
            {**s.model_dump(), **({"new_articles_since": new[s.id]} if since_day else {})} for s in found
        ]
        sys.stdout.write(json.dumps(records, indent=2, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{len(found)} stories")
    for name in ("id", "first seen", "last seen", "articles", "independent outlets"):
        table.add_column(name, no_wrap=True)
    table.add_column("title", overflow="fold")
    table.add_column("outlets", overflow="fold")
    if since_day:
        table.add_column(f"new since {since_day}")
    for s in found:
        row = [s.id, s.first_seen or "", s.last_seen or "", str(len(s.articles)), str(s.independent_outlets),
               s.title, ", ".join(s.outlets)]
        if since_day:
            row.append(str(new[s.id]))
        table.add_row(*(Text(shown(cell)) for cell in row))  # Text: a "[bold]" in a title is not markup
    # a pipe or a file gets whole lines rather than a table folded to 80 columns
    Console(width=None if sys.stdout.isatty() else 240).print(table)


def register(app: typer.Typer) -> None:
    app.command("add")(add)
    app.command("stories")(stories)

