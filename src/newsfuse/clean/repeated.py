"""Lines repeated across articles of different outlets: shared page furniture.

A line printed verbatim by two or more outlets is either furniture that
survived the per-page cleaner (a widget label, an agency footer) or a sentence
both outlets quote.  Only the first kind goes: a line with no sentence ending,
a line the furniture tests recognise, or a one- or two-word line.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ..model import Article, DroppedLine
from .furniture import ACROSS_ARTICLES, classify_line
from .shape import comparable, ends_sentence, normalise_line, words


def _looks_like_furniture(line: str) -> bool:
    if not ends_sentence(line):
        return True
    if len(words(line)) < 3:
        return True
    return classify_line(line) is not None


def _source_key(article: Article) -> str:
    # Without a known outlet each article counts as its own source.
    return article.outlet.casefold() if article.outlet else f"\x00{article.id}"


def drop_repeated_lines(articles: Sequence[Article]) -> None:
    """Drop furniture-like lines that appear in articles of 2+ different outlets (in place)."""
    sources: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        for line in article.body.splitlines():
            key = comparable(line)
            if key:
                sources[key].add(_source_key(article))
    shared = {key for key, outlets in sources.items() if len(outlets) >= 2}
    if not shared:
        return
    for article in articles:
        kept: list[str] = []
        dropped: list[DroppedLine] = []
        for raw_line in article.body.splitlines():
            line = normalise_line(raw_line)
            if comparable(line) in shared and _looks_like_furniture(line):
                dropped.append(DroppedLine(text=line, reason=ACROSS_ARTICLES))
            else:
                kept.append(raw_line)
        if dropped:
            article.body = "\n".join(kept)
            article.dropped = [*article.dropped, *dropped]
            # Sentence offsets point into the old body; the NLP stage recomputes them.
            article.sentences = []
