"""A line that copies several other lines of the page: the article repeated in page metadata.

Some pages carry their article twice: once as paragraphs, once run together in one line (the
``articleBody`` of embedded structured data, a print or "text only" copy).  The run-together copy is one
long line whose word sequences nearly all occur in *several* other lines; an original paragraph is covered
by one line only (the copy), so it is never taken for the copy.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

_TOKEN_RE = re.compile(r"\w+")
_SHINGLE = 4
#: Lines shorter than this (in tokens) are not checked: a short line is too easily covered by chance.
MIN_TOKENS = 40
#: Share of the line's shingles found elsewhere on the page for it to count as a copy.
COVERED = 0.6
#: Other lines that each contribute to the cover: a copy gathers several paragraphs.
MIN_SOURCES = 2


def _shingles(line: str) -> list[tuple[str, ...]]:
    tokens = _TOKEN_RE.findall(line.casefold())
    return [tuple(tokens[i : i + _SHINGLE]) for i in range(len(tokens) - _SHINGLE + 1)]


def copy_lines(lines: Sequence[str]) -> list[int]:
    """Indices of lines that gather the text of several other lines of the page."""
    owners: dict[tuple[str, ...], set[int]] = defaultdict(set)
    per_line = [_shingles(line) for line in lines]
    for i, shingles in enumerate(per_line):
        for shingle in shingles:
            owners[shingle].add(i)
    found = []
    for i, shingles in enumerate(per_line):
        if len(shingles) < MIN_TOKENS:
            continue
        covered = 0
        sources: dict[int, int] = defaultdict(int)
        for shingle in shingles:
            others = owners[shingle] - {i}
            if others:
                covered += 1
                for j in others:
                    sources[j] += 1
        if covered < COVERED * len(shingles):
            continue
        # Only lines that hold a real part of the cover count as sources.
        if sum(1 for n in sources.values() if n >= _SHINGLE * 2) >= MIN_SOURCES:
            found.append(i)
    return found
