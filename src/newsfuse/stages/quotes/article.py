"""One article as the quotes stage sees it: body text, quotation spans, paragraphs and the typed parse."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ...model import Token
from .spans import QuoteSpan
from .speakers import ArticleView


@dataclass
class QuoteArticle:
    view: ArticleView
    text: str
    spans: list[QuoteSpan]

    def __post_init__(self) -> None:
        # Sorted bounds so that the per-token look-ups below are logarithmic: a long article has thousands of
        # tokens and hundreds of quotations, and a linear scan per token made the stage quadratic.
        ordered = sorted(self.spans, key=lambda s: s.open_at)
        self._opens = [s.open_at for s in ordered]
        self._ordered = ordered
        self._sentence_ends = [s.end for s in self.view.parsed.sentences]

    def span_at(self, offset: int) -> QuoteSpan | None:
        n = bisect.bisect_right(self._opens, offset) - 1
        if n < 0:
            return None
        # Quotations do not nest, but a closing mark may sit past the next opening one: look a few back.
        for span in reversed(self._ordered[max(0, n - 2) : n + 1]):
            if span.contains(offset):
                return span
        return None

    def in_quote(self, offset: int) -> bool:
        return self.span_at(offset) is not None

    def quoted(self, tok: Token) -> bool:
        return self.in_quote(tok.idx)

    def sentence_at(self, offset: int) -> int:
        n = bisect.bisect_right(self._sentence_ends, offset)
        sentences = self.view.parsed.sentences
        return sentences[min(n, len(sentences) - 1)].index

    def paragraph_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1

    def paragraph_end(self, offset: int) -> int:
        end = self.text.find("\n", offset)
        return len(self.text) if end < 0 else end
