"""Quotation-mark spans in article text, matched per paragraph.

spaCy's sentence splitter often cuts inside a quotation or splits
``"...," he said.`` oddly, so quotation marks are matched on *paragraph*
text instead.  The body has one paragraph per line; :func:`rebuild_body`
recovers it from the parsed sentences (their offsets index into the body),
so every offset here is an offset into ``Article.body``.

A paragraph that ends inside an open quotation continues when the next
paragraph opens with a quotation mark (the newspaper convention for
multi-paragraph quotes); otherwise the open quotation ends with its paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...model import ParsedSentence

#: Opening mark -> the closing marks that end it.  A straight double quote
#: closes itself; curly and guillemet quotes are also closed by a straight one
#: because mixed marks are common in copy-pasted wire text.
_PAIRS: dict[str, str] = {
    "\u201c": "\u201d\"",  # “ ”
    "\u201e": "\u201d\u201c\"",  # „ (German-style opening)
    "\u00ab": "\u00bb",  # « »
    '"': '"\u201d',
    "\u2018": "\u2019",  # ‘ ’ (single; only at word boundaries, see _is_single_close)
}
OPENING_MARKS = frozenset(_PAIRS)
ALL_MARKS = frozenset("\u201c\u201d\u201e\u00ab\u00bb\"\u2018\u2019")


@dataclass(frozen=True)
class Paragraph:
    index: int
    start: int
    end: int
    sentences: tuple[int, ...]


@dataclass(frozen=True)
class QuoteSpan:
    """One quotation: ``start``/``end`` bound the text inside the marks (body offsets).

    ``pieces`` are the ``(start, end)`` runs inside marks, one per paragraph
    the quotation crosses; ``open_at``/``close_at`` are the offsets of the
    opening mark and of the closing mark (or of the paragraph end when the
    quotation is never closed).
    """

    open_at: int
    close_at: int
    pieces: tuple[tuple[int, int], ...]
    paragraphs: tuple[int, ...]

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]

    def contains(self, offset: int) -> bool:
        return self.open_at <= offset <= self.close_at


def rebuild_body(sentences: Sequence[ParsedSentence]) -> str:
    """Body text with sentences at their offsets, ``\\n`` between paragraphs, spaces elsewhere."""
    if not sentences:
        return ""
    chars = [" "] * max(s.end for s in sentences)
    for s in sentences:
        chars[s.start : s.end] = s.text
        if ends_paragraph(s) and s.end < len(chars):
            chars[s.end] = "\n"
    return "".join(chars)


def ends_paragraph(sentence: ParsedSentence) -> bool:
    # nlp.py starts a sentence after every line break, so the newline token
    # (kept as the last token of the sentence) marks the end of a paragraph.
    return any("\n" in t.text for t in sentence.tokens)


def paragraphs(sentences: Sequence[ParsedSentence]) -> list[Paragraph]:
    result: list[Paragraph] = []
    current: list[ParsedSentence] = []
    for s in sentences:
        current.append(s)
        if ends_paragraph(s):
            result.append(_paragraph(len(result), current))
            current = []
    if current:
        result.append(_paragraph(len(result), current))
    return result


def _paragraph(index: int, sents: list[ParsedSentence]) -> Paragraph:
    return Paragraph(index, sents[0].start, sents[-1].end, tuple(s.index for s in sents))


def _is_letter(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isalnum()


def _is_single_open(text: str, i: int) -> bool:
    # ‘ opens only at a word start: "the ‘peace plan’" but not an elided "‘90s".
    return not _is_letter(text, i - 1) and _is_letter(text, i + 1)


def _is_single_close(text: str, i: int) -> bool:
    # ’ is far more often an apostrophe ("Ukraine’s", "soldiers’ pay") than a
    # closing single quote; it closes only when no letter follows.
    return not _is_letter(text, i + 1) and i > 0 and not text[i - 1].isspace()


def _mark_runs(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], int | None]:
    """Quoted runs ``(open_at, close_at)`` in ``text[start:end]``; the last value is an unclosed opening."""
    runs: list[tuple[int, int]] = []
    open_at: int | None = None
    closers = ""
    for i in range(start, end):
        ch = text[i]
        if ch not in ALL_MARKS:
            continue
        if open_at is None:
            if ch in OPENING_MARKS and (ch != "\u2018" or _is_single_open(text, i)):
                open_at, closers = i, _PAIRS[ch]
            continue
        if ch in closers and (ch != "\u2019" or _is_single_close(text, i)):
            runs.append((open_at, i))
            open_at = None
    return runs, open_at


def _opens_with_mark(text: str, para: Paragraph) -> bool:
    head = text[para.start : para.end].lstrip()
    return bool(head) and head[0] in OPENING_MARKS


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_quote_spans(text: str, paras: Sequence[Paragraph]) -> list[QuoteSpan]:
    """Every quotation in ``text``, continuing unclosed quotations across paragraphs."""
    spans: list[QuoteSpan] = []
    pending: tuple[int, list[tuple[int, int]], list[int]] | None = None  # open_at, pieces, paragraphs
    for n, para in enumerate(paras):
        runs, unclosed = _mark_runs(text, para.start, para.end)
        if pending is not None:
            open_at, pieces, in_paras = pending
            pending = None
            first = runs[0] if runs else None
            if first is not None and text[first[0]] in OPENING_MARKS and _opens_with_mark(text, para):
                # The reopening mark of a continued quotation: its run is the next piece.
                pieces.append(_trimmed(text, first[0] + 1, first[1]))
                spans.append(QuoteSpan(open_at, first[1], tuple(pieces), (*in_paras, para.index)))
                runs = runs[1:]
            elif first is None and unclosed is not None and _opens_with_mark(text, para):
                pieces.append(_trimmed(text, unclosed + 1, para.end))
                pending = (open_at, pieces, [*in_paras, para.index])
                unclosed = None
            else:
                spans.append(QuoteSpan(open_at, pieces[-1][1], tuple(pieces), tuple(in_paras)))
        for open_at, close_at in runs:
            spans.append(QuoteSpan(open_at, close_at, (_trimmed(text, open_at + 1, close_at),), (para.index,)))
        if unclosed is not None:
            pieces = [_trimmed(text, unclosed + 1, para.end)]
            nxt = paras[n + 1] if n + 1 < len(paras) else None
            if nxt is not None and _opens_with_mark(text, nxt):
                pending = (unclosed, pieces, [para.index])
            else:
                spans.append(QuoteSpan(unclosed, para.end, tuple(pieces), (para.index,)))
    if pending is not None:
        open_at, pieces, in_paras = pending
        spans.append(QuoteSpan(open_at, pieces[-1][1], tuple(pieces), tuple(in_paras)))
    return [s for s in spans if any(b > a for a, b in s.pieces)]


def span_text(text: str, span: QuoteSpan) -> str:
    """The quoted words, paragraphs joined by a space, without the comma that leads into an attribution."""
    joined = " ".join(text[a:b].strip() for a, b in span.pieces if b > a)
    joined = " ".join(joined.split())
    return joined.rstrip(",").rstrip()
