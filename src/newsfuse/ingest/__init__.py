"""Ingestion: turn files, directories, stdin or in-memory records into articles.

Public entry point: :func:`ingest`.  Every input either becomes one or more
``Article`` objects or a ``Skipped`` entry with a one-line reason; nothing is
dropped silently and no bad file stops the batch.

Formats (by extension, case-insensitive):

* ``.txt``/``.text``, ``.md``/``.markdown`` - text pasted from a browser page, with optional
  YAML front matter and ``NAME.meta.json`` sidecar; goes through ``newsfuse.clean``;
* ``.html``/``.htm`` - main text and metadata via trafilatura;
* ``.xml``/``.rss``/``.atom`` - RSS/Atom feeds, one article per entry (path ``feed.xml#entry-3``);
* ``.jsonl``/``.ndjson`` and ``.json`` - JSON records, one article per record
  (path ``file.jsonl#line-7``, ``file.json#record-2``).

Limits: an input file over 20 MB is not read (``decode.MAX_FILE_BYTES``), and an article whose
text is over 300,000 characters (about 50,000 words, ten times a long feature) is skipped with
"article too long ..." (``articles.MAX_ARTICLE_CHARS``), whatever its format: such a text is a
collection or a dump, not one report, and the later stages' cost grows faster than its length.
Only regular files are read (not named pipes or devices); a symbolic link loop is reported as one.

Module map: ``discover`` (walking directories), ``decode`` (bytes -> text, size
and binary checks), ``text``/``html``/``feeds``/``records`` (one per format),
``normalise`` (dates, authors, whitespace, metadata), ``articles`` (ids, building ``Article``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from .. import clean
from ..model import Article, Skipped
from . import decode
from .articles import article_id, make_article, too_long_reason
from .decode import decode_text, describe_size, read_bytes
from .discover import LINK_LOOP_REASON, WalkError, is_link_loop, walk_directory
from .errors import IngestError
from .feeds import feed_articles
from .html import declared_charset, extract_page
from .language import not_english_reason
from .normalise import Metadata
from .records import json_lines_outcomes, json_outcomes
from .safety import display_path, escape_controls, reason_line, safe_line, without_surrogates
from .text import is_sidecar, pasted_article, read_sidecar

# The size limits live in ``decode.MAX_FILE_BYTES`` (20 MB) and ``articles.MAX_ARTICLE_CHARS``
# (300,000 characters); they are read at call time, so patch them there.
__all__ = [
    "IngestError", "IngestResult", "WalkError", "article_id", "describe_size", "escape_controls", "expand_input",
    "ingest", "merge_outcomes", "safe_line", "walk_directory", "without_surrogates",
]  # fmt: skip

STDIN_PATH = "<stdin>"

Outcome = Article | Skipped
_Reader = Callable[[Path, str], list[Outcome]]


@dataclass
class IngestResult:
    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def _read_text_file(path: Path, shown: str, markdown: bool) -> list[Outcome]:
    raw = decode_text(read_bytes(path))
    return [pasted_article(shown, raw, markdown=markdown, sidecar=read_sidecar(path))]


def _read_html(path: Path, shown: str) -> list[Outcome]:
    data = read_bytes(path)
    page = extract_page(decode_text(data, declared=declared_charset(data)))
    meta = read_sidecar(path).over(page.meta)
    return [make_article(shown, page.body, meta, dropped=page.dropped)]


def _read_feed(path: Path, shown: str) -> list[Outcome]:
    data = read_bytes(path)
    decode_text(data)  # the same empty/binary verdicts as other files; feedparser decodes by the XML rules
    return feed_articles(shown, data)


def _read_json_lines(path: Path, shown: str) -> list[Outcome]:
    return json_lines_outcomes(shown, decode_text(read_bytes(path)))


def _read_json(path: Path, shown: str) -> list[Outcome]:
    return json_outcomes(shown, decode_text(read_bytes(path)))


READERS: dict[str, _Reader] = {
    ".txt": lambda p, s: _read_text_file(p, s, markdown=False),
    ".text": lambda p, s: _read_text_file(p, s, markdown=False),
    ".md": lambda p, s: _read_text_file(p, s, markdown=True),
    ".markdown": lambda p, s: _read_text_file(p, s, markdown=True),
    ".html": _read_html,
    ".htm": _read_html,
    ".xml": _read_feed,
    ".rss": _read_feed,
    ".atom": _read_feed,
    ".jsonl": _read_json_lines,
    ".ndjson": _read_json_lines,
    ".json": _read_json,
}


def _exists(path: Path) -> bool:
    """False only when nothing at all is at ``path`` (a broken link is something); a name too long is something."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        return True  # the reader reports the real problem (name too long, a NUL byte ...)
    return True


def _read_file(path: Path) -> list[Outcome]:
    shown = display_path(path)
    try:
        if is_link_loop(path):
            raise IngestError(LINK_LOOP_REASON)
        if not _exists(path):
            # Said before the extension check: a mistyped folder has no extension either.
            raise IngestError("cannot read file: no such file or directory")
        if is_sidecar(path):
            raise IngestError("metadata sidecar, not an article (it is read with the file it describes)")
        reader = READERS.get(path.suffix.lower())
        if reader is None:
            kind = f"'{path.suffix}'" if path.suffix else "(no extension)"
            raise IngestError(f"unsupported file type {kind} (supported: {', '.join(READERS)})")
        return reader(path, shown)
    except IngestError as exc:
        return [Skipped(path=shown, reason=str(exc))]
    except Exception as exc:  # noqa: BLE001 - a reader bug must cost one file, not the batch, and stay visible
        return [Skipped(path=shown, reason=_internal_error(exc, "reading"))]


def _internal_error(exc: Exception, doing: str) -> str:
    problem = " ".join(str(exc).split())
    return f"internal error while {doing} ({type(exc).__name__}: {problem}); please report"


def _read_stdin(stdin: TextIO | None) -> list[Outcome]:
    if stdin is None:
        return [Skipped(path=STDIN_PATH, reason="'-' given but no standard input stream is available")]
    try:
        # Read bytes where the stream has them, so that the encoding is detected like a file's.
        buffer = getattr(stdin, "buffer", None)
        data = buffer.read(decode.MAX_FILE_BYTES + 1) if buffer is not None else None
        if data is None:
            text = stdin.read(decode.MAX_FILE_BYTES + 1)
            try:
                # The bytes a text stream could not decode come back as they were; the detector reads them.
                data = text.encode("utf-8", errors="surrogateescape")
            except UnicodeEncodeError:
                data = text.encode("utf-8", errors="replace")  # a lone surrogate that no byte stood for
        decode.check_read_size(data)
        raw = decode_text(data)
        return [pasted_article(STDIN_PATH, raw, markdown=False, sidecar=Metadata())]
    except (OSError, UnicodeError) as exc:
        return [Skipped(path=STDIN_PATH, reason=f"cannot read standard input ({exc})")]
    except IngestError as exc:
        return [Skipped(path=STDIN_PATH, reason=str(exc))]
    except Exception as exc:  # noqa: BLE001 - as in _read_file: the batch survives, the error stays visible
        return [Skipped(path=STDIN_PATH, reason=_internal_error(exc, "reading standard input"))]


def expand_input(item: str | Path | Article, stdin: TextIO | None) -> list[Outcome]:
    """One input's outcomes, in order, before the cross-input passes of :func:`merge_outcomes`."""
    if isinstance(item, Article):
        return [item]
    if str(item) == "-":
        return _read_stdin(stdin)
    if not str(item).strip():
        # Path("") means the current folder: never walk it by accident.
        return [Skipped(path=display_path(item), reason="empty path")]
    path = Path(item)
    try:
        is_dir = path.is_dir()
    except OSError:
        is_dir = False  # reading it as a file reports the problem (name too long, ...)
    if is_dir:
        outcomes: list[Outcome] = []
        for found in walk_directory(path):
            if isinstance(found, WalkError):
                outcomes.append(Skipped(path=display_path(found.path), reason=reason_line(found.reason)))
            else:
                outcomes.extend(_read_file(found))
        return outcomes
    return _read_file(path)


def ingest(inputs: Sequence[str | Path | Article], stdin: TextIO | None = None) -> IngestResult:
    """Read every input; bad inputs and repeated texts are listed in ``skipped`` with their reason.

    ``inputs`` are file paths, directories (walked recursively), ``"-"`` for
    text pasted on ``stdin``, or ready ``Article`` objects (passed through).
    An article whose normalised body equals an earlier one's is not ingested
    twice: it is reported as ``duplicate of <path of the first>``.
    """
    return merge_outcomes([expand_input(item, stdin) for item in inputs])


def merge_outcomes(outcomes_per_input: Sequence[Sequence[Outcome]]) -> IngestResult:
    """Join per-input outcomes in input order: language check, repeated bodies, then shared furniture.

    Used by :func:`ingest` and by the Dask runner, which expands inputs on its workers.
    """
    result = IngestResult()
    # Keyed by the body's hash rather than Article.id, which a caller-built Article may set freely.
    first_path_by_body: dict[str, str] = {}
    for outcomes in outcomes_per_input:
        for outcome in outcomes:
            if isinstance(outcome, Skipped):
                result.skipped.append(outcome)
                continue
            # Readers refuse overlong bodies already; ready-made Article objects are checked here.
            unusable = too_long_reason(outcome.body) or not_english_reason(outcome.body)
            if unusable is not None:
                result.skipped.append(Skipped(path=outcome.path, reason=unusable))
                continue
            body_key = article_id(outcome.body)
            if body_key in first_path_by_body:
                reason = f"duplicate of {first_path_by_body[body_key]}"
                result.skipped.append(Skipped(path=outcome.path, reason=reason))
            else:
                first_path_by_body[body_key] = outcome.path
                result.articles.append(outcome)
    # Ids stay those of the ingested body: the batch pass below depends on which other
    # articles are in the run, and an id must not change with the company a file keeps.
    clean.drop_repeated_lines(result.articles)
    return result
