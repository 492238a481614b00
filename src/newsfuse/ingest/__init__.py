"""Ingestion: turn files, directories, stdin or in-memory records into articles.

Public entry point: :func:`ingest`.  Every input either becomes one or more
``Article`` objects or a ``Skipped`` entry with a one-line reason; nothing is
dropped silently.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ..model import Article, Skipped


@dataclass
class IngestResult:
    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def article_id(body: str) -> str:
    """Stable id from the normalised body, so the same text gets the same id in every run."""
    norm = " ".join(body.split()).casefold()
    return "a" + hashlib.sha1(norm.encode("utf-8")).hexdigest()[:10]


def ingest(inputs: Sequence[str | Path | Article], stdin: TextIO | None = None) -> IngestResult:
    """Minimal placeholder: plain-text files only (replaced by the full ingestion)."""
    result = IngestResult()
    for item in inputs:
        if isinstance(item, Article):
            result.articles.append(item)
            continue
        path = Path(item)
        text = path.read_text(encoding="utf-8")
        result.articles.append(Article(id=article_id(text), path=str(path), body=text))
    return result
