"""Text pasted from a browser page (``.txt``, ``.md``, stdin): front matter, sidecar, Markdown, cleaner."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .. import clean
from ..model import Article
from .articles import drop_leading_title, make_article
from .errors import IngestError
from .html import fragment_to_text
from .language import not_english_reason
from .normalise import Metadata, load_front_matter, metadata_from_mapping, normalise_whitespace

SIDECAR_SUFFIX = ".meta.json"

# Probability above which a language guess is the likelier reading of a text.
_LIKELIER_THAN_NOT = 0.5
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# CommonMark plus GitHub tables, which pasted pages often contain; no HTML rendering is done.
_MARKDOWN = MarkdownIt("commonmark").enable("table")
# Block tokens after which the text continues on a new line.
_LINE_ENDS = frozenset({"paragraph_close", "heading_close", "th_close", "td_close", "tr_close"})


def split_front_matter(raw: str) -> tuple[Metadata, str]:
    """YAML front matter (a leading ``---`` block of keys) as metadata, and the text after it.

    A leading ``---`` block that is not a YAML mapping (a rule line above a
    paragraph, say) is ordinary text and stays in the body.
    """
    match = _FRONT_MATTER.match(raw)
    if not match:
        return Metadata(), raw
    data = load_front_matter(match.group(1))
    if not isinstance(data, dict):
        return Metadata(), raw
    return metadata_from_mapping(data), raw[match.end() :]


def sidecar_paths(path: Path) -> list[Path]:
    """``story.meta.json`` and ``story.txt.meta.json`` are both accepted for ``story.txt``."""
    return [path.with_name(path.stem + SIDECAR_SUFFIX), path.with_name(path.name + SIDECAR_SUFFIX)]


def is_sidecar(path: Path) -> bool:
    return path.name.lower().endswith(SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> Metadata:
    """Metadata from the file's sidecar, or empty metadata when there is none; a broken sidecar is an error."""
    for candidate in sidecar_paths(path):
        try:
            if not candidate.is_file():
                continue
        except OSError:
            continue  # a name too long for a sidecar to exist (a 249-character file name + ".meta.json")
        try:
            data = json.loads(candidate.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise IngestError(f"cannot read metadata sidecar {candidate.name} ({exc})") from exc
        if not isinstance(data, dict):
            raise IngestError(f"metadata sidecar {candidate.name} must hold a JSON object")
        try:
            return metadata_from_mapping(data)
        except IngestError as exc:
            raise IngestError(f"metadata sidecar {candidate.name}: {exc}") from exc
    return Metadata()


def _inline_text(children: Iterable[Token]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "text_special", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")  # Markdown wraps paragraphs; a wrapped line is not a new paragraph
        elif child.type == "hardbreak":
            parts.append("\n")
        # images (alt text is page furniture), raw inline HTML tags and emphasis/link markers are dropped
    return "".join(parts)


def markdown_to_text(source: str) -> tuple[str, str | None]:
    """Plain text of a Markdown document (markup removed, links -> their text) and its first heading."""
    lines: list[str] = []
    first_heading: str | None = None
    in_heading = False
    for token in _MARKDOWN.parse(source):
        if token.type == "heading_open":
            in_heading = True
        elif token.type == "inline":
            text = _inline_text(token.children or [])
            if in_heading and first_heading is None and text.strip():
                first_heading = " ".join(text.split())
            lines.append(text)
        elif token.type in ("fence", "code_block"):
            lines.append(token.content)
        elif token.type == "html_block":
            lines.append(fragment_to_text(token.content) + "\n")
        if token.type in _LINE_ENDS:
            in_heading = False
            lines.append("\n")
    return normalise_whitespace("".join(lines)), first_heading


def pasted_article(display_path: str, raw: str, markdown: bool, sidecar: Metadata) -> Article:
    """One article from pasted page text: metadata from sidecar > front matter > the cleaner's guesses."""
    front, text = split_front_matter(raw)
    declared = sidecar.over(front)
    heading: str | None = None
    if markdown:
        text, heading = markdown_to_text(text)
    cleaned = clean.clean_pasted(text, title_hint=declared.title or heading)
    inferred = Metadata(
        title=cleaned.title or heading,
        outlet=cleaned.outlet,
        authors=list(cleaned.authors),
        published=cleaned.published,
    )
    meta = declared.over(inferred)
    # The cleaner removes the headline it was told about; this catches one it was not.
    body, headline = drop_leading_title(normalise_whitespace(cleaned.body), meta.title)
    if not body.strip():
        # The cleaner's line rules are made for English pages; a foreign text they emptied (a
        # paragraph of Chinese taken for a headline) is reported for its language, the real reason.
        # The text is dropped either way, so the language need only be the likelier reading.
        foreign = not_english_reason(text, min_probability=_LIKELIER_THAN_NOT)
        if foreign is not None:
            raise IngestError(foreign)
    return make_article(display_path, body, meta, dropped=list(cleaned.dropped) + headline)
