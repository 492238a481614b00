"""Per-line features for locating the article in a pasted page.

Every feature is a number computed from the shape of a line, its neighbours, its position relative to the
densest run of prose on the page, and its repetition within the page.  None of them looks up words of one
language, so the fitted model transfers to pages in other languages; the one exception, whether the rule
tests of :mod:`.furniture` already recognised the line, is a single input among many.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from .shape import capitalised_ratio, glue_points

_TOKEN_RE = re.compile(r"\w+")
# Sentence ends in Latin and CJK scripts, optionally closed by a quote or bracket.
_SENTENCE_END_RE = re.compile(r"[.!?…。！？:;][\"'”’»)\]」』]*$")
_INNER_BREAK_RE = re.compile(r"[.!?。！？][\"'”’»)\]]*\s+\S|[。！？]\S")
_SEPARATOR_RE = re.compile(r"[|•·›»/]")
# "12/50": the counter of a picture gallery or slideshow card.
_COUNTER_RE = re.compile(r"^\d+\s*/\s*\d+\b")
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
#: A line this long (in characters, after CJK characters count double) reads as running prose.
PROSE_CHARS = 80
#: How far (in lines) the neighbourhood features look.
NEAR = 3

FEATURE_NAMES: tuple[str, ...] = (
    "log_chars",
    "log_words",
    "ends_sentence",
    "inner_breaks",
    "capitalised",
    "digits",
    "punctuation",
    "glued",
    "separators",
    "starts_upper",
    "rule_furniture",
    "rule_position",
    "prose",
    "position",
    "in_dense_run",
    "before_dense_run",
    "after_dense_run",
    "log_distance_to_run",
    "prev_prose",
    "next_prose",
    "near_prose",
    "near_log_chars",
    "short_run",
    "repeats",
    "teaser_pattern",
    "counter",
    "short_repeated",
)

#: Second stage: the first stage's probabilities around a line (a block of likely furniture or article).
CONTEXT_NAMES: tuple[str, ...] = (
    "logit_self",
    "p_prev",
    "p_next",
    "p_near_1",
    "p_near_3",
    "p_near_10",
    "p_before_20",
    "p_after_20",
)


def visible_length(line: str) -> int:
    """Characters, with a CJK character counted as two: a CJK sentence is short in characters."""
    return len(line) + len(_CJK_RE.findall(line))


def is_prose(line: str) -> bool:
    return visible_length(line) >= PROSE_CHARS and bool(
        _SENTENCE_END_RE.search(line) or _INNER_BREAK_RE.search(line)
    )


def dense_run(lines: Sequence[str]) -> tuple[int, int]:
    """The run of lines with the most prose in it (maximum-sum span), as [start, end)."""
    best, best_span = 0.0, (0, 0)
    running, start = 0.0, 0
    for i, line in enumerate(lines):
        size = visible_length(line)
        gain = float(size) if is_prose(line) else -min(float(size), 60.0) - 20.0
        if running <= 0:
            running, start = 0.0, i
        running += gain
        if running > best:
            best, best_span = running, (start, i + 1)
    return best_span


def _teaser_heads(lines: Sequence[str], prose: Sequence[bool]) -> list[bool]:
    """Short unpunctuated line directly followed by one sentence: a card in a list of teasers."""
    heads = []
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        words = len(_TOKEN_RE.findall(line))
        heads.append(
            2 <= words <= 20
            and not _SENTENCE_END_RE.search(line)
            and bool(_SENTENCE_END_RE.search(nxt))
            and len(_TOKEN_RE.findall(nxt)) <= 60
            and not (i + 2 < len(lines) and prose[i + 2])
        )
    return heads


def teaser_cards(lines: Sequence[str], prose: Sequence[bool] | None = None) -> list[bool]:
    """Lines of a teaser list: a short headline and the one sentence under it, repeated nearby (3+ cards)."""
    prose = [is_prose(line) for line in lines] if prose is None else prose
    heads = _teaser_heads(lines, prose)
    n = len(lines)
    cards = [False] * n
    for i in range(n):
        window = range(max(0, i - 8), min(n, i + 9))
        if sum(1 for j in window if heads[j]) >= 3 and (heads[i] or (i > 0 and heads[i - 1])):
            cards[i] = True
    return cards


def line_features(
    lines: Sequence[str], furniture: Sequence[bool], positional: Sequence[bool]
) -> list[list[float]]:
    """One feature vector per line (in :data:`FEATURE_NAMES` order).

    ``furniture`` marks lines the rules recognised for what they are, ``positional`` lines they dropped
    for where they sit (a short label above the first paragraph, a headline after the last).
    """
    n = len(lines)
    if n == 0:
        return []
    prose = [is_prose(line) for line in lines]
    sizes = [visible_length(line) for line in lines]
    run_start, run_end = dense_run(lines)
    counts = Counter(line.casefold() for line in lines)
    teaser = [float(t) for t in teaser_cards(lines, prose)]
    short_run = [0] * n
    i = 0
    while i < n:
        j = i
        while j < n and not prose[j] and sizes[j] < 60:
            j += 1
        for k in range(i, j):
            short_run[k] = j - i
        i = max(j, i + 1)
    rows: list[list[float]] = []
    for i, line in enumerate(lines):
        toks = _TOKEN_RE.findall(line)
        chars = max(len(line), 1)
        lo, hi = max(0, i - NEAR), min(n, i + NEAR + 1)
        near = [j for j in range(lo, hi) if j != i]
        if i < run_start:
            distance = run_start - i
        elif i >= run_end:
            distance = i - run_end + 1
        else:
            distance = 0
        rows.append(
            [
                math.log1p(sizes[i]),
                math.log1p(len(toks)),
                float(bool(_SENTENCE_END_RE.search(line))),
                math.log1p(len(_INNER_BREAK_RE.findall(line))),
                capitalised_ratio(line),
                sum(c.isdigit() for c in line) / chars,
                sum(not c.isalnum() and not c.isspace() for c in line) / chars,
                float(glue_points(line) > 0),
                float(bool(_SEPARATOR_RE.search(line))),
                float(line[:1].isupper() or line[:1].isdigit()),
                float(furniture[i]),
                float(positional[i]),
                float(prose[i]),
                i / n,
                float(run_start <= i < run_end),
                float(i < run_start),
                float(i >= run_end),
                math.log1p(distance),
                float(prose[i - 1]) if i > 0 else 0.0,
                float(prose[i + 1]) if i + 1 < n else 0.0,
                sum(prose[j] for j in near) / max(len(near), 1),
                sum(math.log1p(sizes[j]) for j in near) / max(len(near), 1),
                math.log1p(short_run[i]),
                math.log1p(counts[line.casefold()] - 1),
                teaser[i],
                float(bool(_COUNTER_RE.match(line))),
                float(counts[line.casefold()] > 1 and len(toks) <= 3),
            ]
        )
    return rows


def _mean(values: Sequence[float], default: float) -> float:
    return sum(values) / len(values) if values else default


def context_features(base: Sequence[Sequence[float]], probabilities: Sequence[float]) -> list[list[float]]:
    """The first-stage features of each line followed by its :data:`CONTEXT_NAMES` values."""
    n = len(probabilities)
    rows = []
    for i, p in enumerate(probabilities):
        clipped = min(max(p, 1e-4), 1 - 1e-4)

        def around(k: int, i: int = i, p: float = p) -> float:
            return _mean([probabilities[j] for j in range(max(0, i - k), min(n, i + k + 1)) if j != i], p)

        rows.append(
            [
                *base[i],
                math.log(clipped / (1 - clipped)),
                probabilities[i - 1] if i > 0 else 0.0,
                probabilities[i + 1] if i + 1 < n else 0.0,
                around(1),
                around(3),
                around(10),
                _mean(probabilities[max(0, i - 20) : i], 0.0),
                _mean(probabilities[i + 1 : i + 21], 0.0),
            ]
        )
    return rows
