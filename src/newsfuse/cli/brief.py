"""``newsfuse brief`` (files, standard input or a stored story) and ``newsfuse version``."""

from __future__ import annotations

import datetime as dt
import json
import sys
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from .. import api
from ..distributed import DistributedError, brief_on_dask
from ..model import Briefing
from ..nlp import ModelError
from ..options import (
    DEFAULT_LLM_TIMEOUT,
    DEFAULT_SUMMARY_LENGTH,
    DEFAULT_TIME_LIMIT,
    BriefingOptions,
    LLMSettings,
)
from ..pipeline import BriefingTimeout
from ..report import DEFAULT_FORMATS, parse_formats, to_geojson, write_reports
from ..stages.summary import LLMError
from ..store import StoreOpenError, StoryNotFoundError
from .console import EXIT_FATAL, EXIT_SKIPPED, EXIT_USAGE, DbOption, err, fail, say


def _progress() -> Any:
    # Quiet when stderr is not a terminal (pipes, CI, the test-suite).
    if not sys.stderr.isatty():
        return nullcontext(None)
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err)


def _brief_story(story: str, db: str | None, since: dt.date | None, options: BriefingOptions) -> Briefing:
    from ..store import open_store

    with open_store(db) as store:
        return store.brief_story(story, new_since=since, options=options)


def brief(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files or directories (recursive), or - for stdin.")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Directory for briefing.json/.md/.html.")] = None,
    reference_date: Annotated[
        str | None, typer.Option(help="YYYY-MM-DD to resolve relative dates when articles carry none.")
    ] = None,
    format: Annotated[str, typer.Option("--format", help="Comma-separated: json,md,html,csv.")] = ",".join(
        DEFAULT_FORMATS
    ),
    json_out: Annotated[str | None, typer.Option("--json", help="'-' prints briefing.json to stdout.")] = None,
    summary_length: Annotated[
        int, typer.Option(help="Sentences in the summary.", min=1, max=30)
    ] = DEFAULT_SUMMARY_LENGTH,
    geojson: Annotated[Path | None, typer.Option(help="Also write the places as GeoJSON to this file.")] = None,
    llm: Annotated[
        str | None, typer.Option(help="OpenAI-compatible endpoint (e.g. http://127.0.0.1:11434) for an abstractive summary.")
    ] = None,
    llm_model: Annotated[str | None, typer.Option(help="Model name to ask the --llm endpoint for.")] = None,
    llm_timeout: Annotated[
        float, typer.Option(help="Seconds to wait for the --llm endpoint.", min=1)
    ] = DEFAULT_LLM_TIMEOUT,
    time_limit: Annotated[
        float, typer.Option(help="Seconds the briefing may take before it stops (checked between stages).", min=1)
    ] = DEFAULT_TIME_LIMIT,
    story: Annotated[str | None, typer.Option(help="Brief a stored story (see `newsfuse stories`) instead of PATHS.")] = None,
    new_since: Annotated[
        str | None, typer.Option(help="With --story: mark articles added on or after YYYY-MM-DD as new.")
    ] = None,
    db: DbOption = None,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask", metavar="ADDRESS|local",
            help="Run ingestion and the NLP parse on Dask: 'local' starts 2 worker processes here, or give a "
            "scheduler address (tcp://host:8786; workers must see the input paths). Needs the dask extra.",
        ),
    ] = None,
    dask_partitions: Annotated[
        int | None, typer.Option(help="Parse tasks for --dask (default: 2 per worker thread).", min=1)
    ] = None,
) -> None:
    """Build one briefing from PATHS (or a stored --story) and write it to --out (and/or stdout with --json -)."""
    try:
        formats = parse_formats(format)
        options = BriefingOptions.make(reference_date, summary_length, time_limit=time_limit,
                                       reference_date_name="--reference-date")
        since = api.parse_day(new_since, "--new-since")
    except ValueError as exc:
        raise fail(str(exc), EXIT_USAGE) from exc
    if story is None and not paths:
        raise fail("give PATHS (files, directories or -) or --story ID", EXIT_USAGE)
    if story is not None and paths:
        raise fail("give PATHS or --story ID, not both", EXIT_USAGE)
    if new_since is not None and story is None:
        raise fail("--new-since goes with --story", EXIT_USAGE)
    if dask is not None and story is not None:
        raise fail("--dask works on PATHS, not on a stored --story", EXIT_USAGE)
    if llm is not None and not llm_model:
        raise fail("--llm needs --llm-model NAME", EXIT_USAGE)
    if llm is None and llm_model is not None:
        raise fail("--llm-model goes with --llm URL", EXIT_USAGE)
    if dask is None and dask_partitions is not None:
        raise fail("--dask-partitions goes with --dask", EXIT_USAGE)
    if db is not None and story is None:
        raise fail("--db goes with --story (to brief files into the store, use newsfuse add)", EXIT_USAGE)
    if llm:
        options = replace(options, llm=LLMSettings(url=llm, model=llm_model or "", timeout=llm_timeout))
    if out is None and json_out != "-" and geojson is None:
        raise fail("give --out DIR, --geojson FILE or --json -", EXIT_USAGE)
    if json_out not in (None, "-"):
        raise fail("--json takes only '-' (stdout); use --out DIR for files", EXIT_USAGE)

    with _progress() as progress:
        task = progress.add_task("ingesting", total=None) if progress else None

        def on_stage(name: str) -> None:
            if progress is not None and task is not None:
                progress.update(task, description=f"stage: {name}")

        run = options.reporting_to(on_stage)
        try:
            if story is not None:
                briefing = _brief_story(story, db, since, run)
            elif dask is not None:
                briefing = brief_on_dask(paths or [], dask, dask_partitions, options=run, stdin=sys.stdin)
            else:
                briefing = api.brief(paths or [], run, stdin=sys.stdin)
        except (ModelError, LLMError, DistributedError, StoreOpenError, BriefingTimeout) as exc:
            raise fail(str(exc), EXIT_FATAL) from exc
        except StoryNotFoundError as exc:
            raise fail(str(exc.args[0]), EXIT_FATAL) from exc

    for rejected in briefing.summary_rejected:
        say(f"summary sentence dropped: {rejected}")
    for skipped in briefing.skipped:
        say(f"skipped {skipped.path}: {skipped.reason}")
    try:
        written = write_reports(briefing, out, formats) if out is not None else []
        if geojson is not None:
            geojson.parent.mkdir(parents=True, exist_ok=True)
            geojson.write_text(json.dumps(to_geojson(briefing), indent=2) + "\n", encoding="utf-8")
            written.append(geojson)
    except OSError as exc:
        raise fail(f"cannot write {exc.filename or out}: {exc.strerror or exc}", EXIT_FATAL) from exc
    for path in written:
        say(f"wrote {path}")
    if json_out == "-":
        sys.stdout.write(briefing.model_dump_json(indent=2) + "\n")
    if not briefing.articles:
        raise fail("no readable article among the inputs", EXIT_FATAL)
    if briefing.skipped:
        raise typer.Exit(EXIT_SKIPPED)


def version() -> None:
    """Print the newsfuse version and the spaCy model package it uses."""
    from .. import __version__
    from ..nlp import MODEL_PACKAGE, MODEL_VERSION

    typer.echo(f"newsfuse {__version__} (model {MODEL_PACKAGE}=={MODEL_VERSION})")


def register(app: typer.Typer) -> None:
    app.command()(brief)
    app.command()(version)
