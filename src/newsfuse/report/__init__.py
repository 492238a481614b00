"""Writers for the briefing: JSON, Markdown, HTML and CSV tables (claims.csv, quotes.csv, places.csv)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..model import Briefing
from . import csv_out, html, json_out, markdown
from .changes import what_changed
from .geojson import to_geojson
from .html import render_fragment, script, stylesheet

FORMATS = ("json", "md", "html", "csv")
#: what a bare ``--format`` gives: the CSV tables only on request
DEFAULT_FORMATS = ("json", "md", "html")

__all__ = [
    "DEFAULT_FORMATS", "FORMATS", "parse_formats", "render_fragment", "script", "stylesheet", "to_geojson",
    "what_changed", "write_reports",
]  # fmt: skip


def parse_formats(spec: str) -> list[str]:
    """Parse ``json,md,html,csv`` into a list, rejecting unknown names with a clear message."""
    names = [part.strip().lower() for part in spec.split(",") if part.strip()]
    unknown = [n for n in names if n not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    return names or list(DEFAULT_FORMATS)


def write_reports(briefing: Briefing, out_dir: Path, formats: Iterable[str] = DEFAULT_FORMATS) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for fmt in formats:
        if fmt == "json":
            path = out_dir / "briefing.json"
            path.write_text(json_out.dumps(briefing), encoding="utf-8")
        elif fmt == "md":
            path = out_dir / "briefing.md"
            path.write_text(markdown.render(briefing), encoding="utf-8")
        elif fmt == "html":
            path = out_dir / "briefing.html"
            path.write_text(html.render(briefing), encoding="utf-8")
        elif fmt == "csv":
            written.extend(csv_out.write(briefing, out_dir))
            continue
        else:
            raise ValueError(f"unknown format {fmt!r}")
        written.append(path)
    return written
