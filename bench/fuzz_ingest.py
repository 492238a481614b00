"""A timed hypothesis campaign over every ingestion entry point (issue 14): no crash, no "internal error".

Runs the properties of ``tests/test_ingest_door_properties.py`` (files, stdin, feeds, JSON records,
front matter, web forms, REST API) with fresh random examples, splitting ``--minutes`` between the
entry points, and prints how many examples each ran and every distinct failure found.  Nothing
leaves the machine: the web properties use the ASGI test client.

    nice .venv/bin/python bench/fuzz_ingest.py --minutes 10
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import test_ingest_door_properties as props

warnings.simplefilter("ignore")

ENTRY_POINTS: dict[str, tuple[Callable[..., None], dict[str, st.SearchStrategy[Any]]]] = {
    "files": (props.files_property, {"name": props.name_bytes, "suffix": props.suffixes, "content": props.hostile_text}),
    "stdin": (props.stdin_property, {"content": props.hostile_text, "as_bytes": st.booleans()}),
    "feeds": (props.feed_property, {"title": props.hostile_text, "description": props.hostile_text}),
    "json": (props.json_property, {"record": props.json_records}),
    "front matter": (props.front_matter_property, {"front_matter": props.hostile_text, "body": props.hostile_text}),
    "web forms": (
        props.web_form_property, {"text": props.hostile_text, "title": props.hostile_text, "filename": props.name_bytes}
    ),
    "api": (props.api_property, {"body": props.api_bodies}),
}
ROUND_EXAMPLES = 50


def campaign(name: str, seconds: float) -> tuple[int, dict[str, str]]:
    """Examples run and distinct failures (first line -> example) for one entry point within ``seconds``."""
    prop, strategies = ENTRY_POINTS[name]
    count = 0
    failures: dict[str, str] = {}

    last_failing: list[dict[str, Any]] = []

    def counted(**kwargs: Any) -> None:
        nonlocal count
        count += 1
        try:
            prop(**kwargs)
        except Exception:
            last_failing[:] = [kwargs]  # after shrinking, the last one is the minimal example
            raise

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run = settings(
            max_examples=ROUND_EXAMPLES, deadline=None, database=None, derandomize=False,
            suppress_health_check=list(HealthCheck),
        )(given(**strategies)(counted))
        try:
            run()
        except Exception as exc:  # noqa: BLE001 - a campaign reports every failure and goes on
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
            example = repr(last_failing[0])[:500] if last_failing else "(example not recorded)"
            failures.setdefault(f"{type(exc).__name__}: {first}", example)
    return count, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--only", choices=list(ENTRY_POINTS), action="append", help="entry points to run (all)")
    args = parser.parse_args()
    chosen = args.only or list(ENTRY_POINTS)
    per_entry = args.minutes * 60 / len(chosen)
    started = time.monotonic()
    total = 0
    found = 0
    for name in chosen:
        count, failures = campaign(name, per_entry)
        total += count
        found += len(failures)
        print(f"{name:13} {count:7,} examples  {len(failures)} failures", flush=True)
        for summary, example in failures.items():
            print(f"    {summary}\n      {example}", flush=True)
    print(f"total: {total:,} examples in {time.monotonic() - started:.0f} s; {found} distinct failures")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
