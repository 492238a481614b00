"""Turning uploads, pasted text, posted JSON records and fetched URLs into stored articles.

Every input is first written to a private temporary folder under a
sanitised name that keeps its extension, because ingestion picks the format
by extension and reads ``NAME.meta.json`` sidecars next to the file.  The
whole batch is then ingested at once (so the cross-article cleaning sees all
of it), the temporary paths are replaced by names the user recognises, and
the articles are handed to ``Store.add``.  Each input gets its own result:
the articles it gave (added / revision / already stored, copy of what) and
the parts that were skipped, with the reason.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
import threading
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, Self

from ..ingest import ingest, safe_line
from ..model import Article, Skipped
from .results import AddResult, ArticleResult, ArticleStatus, InputResult

MAX_NAME_CHARS = 100
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class AddReportLike(Protocol):
    """The fields of ``newsfuse.store.AddReport`` the web app reads."""

    @property
    def added(self) -> list[str]: ...
    @property
    def unchanged(self) -> list[str]: ...
    @property
    def revisions(self) -> list[str]: ...
    @property
    def skipped(self) -> list[Skipped]: ...
    @property
    def duplicates_of(self) -> dict[str, str]: ...
    @property
    def stories(self) -> list[str]: ...


class ArticleSink(Protocol):
    def add(self, inputs: Sequence[str | Path | Article]) -> AddReportLike: ...


def sanitise_filename(name: str) -> str:
    """A safe single path component from a client-supplied file name, keeping its extension.

    Folders are dropped (both separators), characters outside ``[A-Za-z0-9._-]``
    become ``_``, leading dots go (no hidden files, no ``..``) and the stem is cut
    so that the whole name stays within :data:`MAX_NAME_CHARS`.
    """
    # To ASCII first, so that a compatibility character that decomposes into dots ("‥") is split like dots.
    base = unicodedata.normalize("NFKD", re.split(r"[\\/]", name)[-1]).encode("ascii", "ignore").decode("ascii")
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    ext = _ascii_safe(ext).strip("._-")[:16]
    room = MAX_NAME_CHARS - (len(ext) + 1 if ext else 0)
    stem = _ascii_safe(stem).strip("._-")[:room].rstrip("._-") or "upload"
    return f"{stem}.{ext}" if ext else stem


def _ascii_safe(text: str) -> str:
    return _UNSAFE.sub("_", text)


def _timestamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass
class StagedInput:
    """One input written to the staging folder (or refused before that)."""

    name: str
    shown: str = ""
    file: Path | None = None
    error: str | None = None


@dataclass
class Staging:
    """A temporary folder holding one batch of inputs; use as a context manager."""

    inputs: list[StagedInput] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="newsfuse-web-")
        self.folder = Path(self._tmp.name)
        self._taken: set[str] = set()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._tmp.cleanup()

    def _unique(self, name: str) -> str:
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        candidate, n = name, 1
        while candidate.casefold() in self._taken:
            n += 1
            candidate = f"{stem}-{n}.{ext}" if ext else f"{stem}-{n}"
        self._taken.add(candidate.casefold())
        return candidate

    def refuse(self, name: str, error: str) -> None:
        self.inputs.append(StagedInput(name=safe_line(name), error=safe_line(error)))

    def add_bytes(
        self, name: str, data: bytes, shown_prefix: str, metadata: Mapping[str, str] | None = None
    ) -> None:
        """Stage ``data`` under the sanitised ``name``; articles from it are shown as ``shown_prefix/NAME``."""
        safe = self._unique(sanitise_filename(name))
        path = self.folder / safe
        path.write_bytes(data)
        if metadata:
            sidecar = path.with_name(path.name + ".meta.json")
            sidecar.write_text(json.dumps(dict(metadata)), encoding="utf-8")
        shown = f"{shown_prefix}/{safe}" if shown_prefix else safe
        # The client's name is shown back in the results: made one line and encodable like any input.
        self.inputs.append(StagedInput(name=safe_line(name), shown=shown, file=path))

    def add_named(self, name: str, data: bytes, shown: str, metadata: Mapping[str, str] | None = None) -> None:
        """Stage ``data``; articles from it are shown exactly as ``shown`` (a URL, say)."""
        self.add_bytes(name, data, "", metadata)
        self.inputs[-1].shown = safe_line(shown)


def _owner(path: str, staged: Sequence[StagedInput]) -> tuple[StagedInput, str] | None:
    """The staged input a path from ingestion belongs to, and the path rewritten for display."""
    for item in staged:
        if item.file is None:
            continue
        own = str(item.file)
        if path == own or path.startswith(own + "#"):
            return item, item.shown + path[len(own) :]
    return None


def _shown_text(text: str, staged: Sequence[StagedInput]) -> str:
    # Reasons such as "duplicate of /tmp/newsfuse-web-x/a.html" name staged files: show the user's names.
    for item in sorted((s for s in staged if s.file is not None), key=lambda s: -len(str(s.file))):
        text = text.replace(str(item.file), item.shown)
    return text


def _status(article_id: str, report: AddReportLike) -> ArticleStatus | None:
    """What the store did with an article, or None when it set the article aside (see ``report.skipped``)."""
    if article_id in report.added:
        return "added"
    if article_id in report.revisions:
        return "revision"
    if article_id in report.unchanged:
        return "unchanged"
    return None


def store_staged(staging: Staging, sink: ArticleSink, write_lock: threading.Lock) -> AddResult:
    """Ingest the staged batch, add its articles to the store and report per input."""
    return store_inputs(staging.inputs, sink, write_lock)


def store_inputs(staged: Sequence[StagedInput], sink: ArticleSink, write_lock: threading.Lock) -> AddResult:
    """:func:`store_staged` for the inputs of a batch (a writer process gets these, not the staging folder)."""
    results = {id(item): InputResult(name=item.name, error=item.error) for item in staged}
    readable = [item for item in staged if item.file is not None]
    outcome = ingest([item.file for item in readable if item.file is not None])
    articles: list[tuple[StagedInput, Article]] = []
    unclaimed: list[Skipped] = []
    for skipped in outcome.skipped:
        found = _owner(skipped.path, readable)
        shown = Skipped(path=found[1] if found else skipped.path, reason=_shown_text(skipped.reason, readable))
        if found is None:
            unclaimed.append(shown)
        else:
            results[id(found[0])].skipped.append(shown)
    for article in outcome.articles:
        found = _owner(article.path, readable)
        if found is None:
            raise RuntimeError(f"ingestion returned an article from an unknown path {article.path}")
        articles.append((found[0], article.model_copy(update={"path": found[1]})))

    stories: list[str] = []
    if articles:
        if not write_lock.acquire(blocking=False):
            from ..store import StoreBusyError

            raise StoreBusyError("another upload to this server is being stored")
        try:
            report = sink.add([a for _, a in articles])
        finally:
            write_lock.release()
        store_skips = {s.path: s for s in report.skipped}
        for item, article in articles:
            status = _status(article.id, report)
            if status is None:
                # The store's own checks can still set an article aside (e.g. identical to another once both
                # were cleaned): report it under the input it came from, never as a server error.
                reason = store_skips.pop(article.path, None)
                results[id(item)].skipped.append(
                    reason or Skipped(path=article.path, reason="not stored (the store gave no reason)")
                )
                continue
            results[id(item)].articles.append(
                ArticleResult(
                    id=article.id,
                    path=article.path,
                    title=article.title,
                    status=status,
                    duplicate_of=report.duplicates_of.get(article.id),
                )
            )
        unclaimed.extend(store_skips.values())
        stories = list(report.stories)
    inputs = [results[id(item)] for item in staged]
    if unclaimed:
        inputs.append(InputResult(name="(store)", skipped=unclaimed))
    return AddResult(inputs=inputs, stories=stories)


def record_file(record: Mapping[str, Any]) -> bytes:
    """A posted JSON record as a one-record ``.json`` file for ingestion.

    ASCII with escapes: a lone surrogate the client sent as ``\\ud800`` stays an escape that
    ingestion reads and cleans, where writing it as UTF-8 would fail.
    """
    return json.dumps(dict(record), ensure_ascii=True).encode("ascii")


def paste_name() -> str:
    return f"pasted-{_timestamp()}.txt"


def posted_name() -> str:
    return f"posted-{_timestamp()}.json"


def fetched_extension(content_type: str, data: bytes) -> str:
    """The extension ingestion needs for a fetched document; an unknown kind is refused."""
    kind = content_type.split(";", 1)[0].strip().lower()
    by_type = {
        "text/html": ".html",
        "application/xhtml+xml": ".html",
        "application/rss+xml": ".rss",
        "application/atom+xml": ".atom",
        "application/rdf+xml": ".xml",
        "application/xml": ".xml",
        "text/xml": ".xml",
        "application/json": ".json",
        "application/x-ndjson": ".jsonl",
        "text/plain": ".txt",
        "text/markdown": ".md",
    }
    if kind in by_type:
        return by_type[kind]
    # Servers often label feeds and pages application/octet-stream: look at the first bytes.
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")):
        return ".xml"
    if head.startswith((b"<!doctype html", b"<html")):
        return ".html"
    raise ValueError(f"cannot read a document of type {kind or 'unknown'!r} (expected a page or a feed)")
