"""Where the article is: a fitted line model and the span it implies.

Each line gets a probability of being article text from a logistic regression over
:mod:`.features` (fitted on public pages by ``bench/fit_paste.py``; the coefficients live in
``paste_model.json`` beside this module, readable and diffable).  The article is then the span of lines
whose word-weighted evidence is largest (a maximum-sum subarray of ``words * (p - threshold)``): short
furniture lines inside the article cost little, so the span runs across them, while a long block of menus
or teasers outside it ends it.

Safety: a span that leaves out more of the page's prose than it keeps is refused (the caller keeps the
page as the rules left it): a cut never removes the article.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .features import CONTEXT_NAMES, FEATURE_NAMES, context_features, is_prose, line_features, visible_length
from .headline import TITLE_FEATURES

_TOKEN_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class LineModel:
    """Standardised logistic regression: p = sigmoid(intercept + sum(coef * (x - mean) / scale))."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    #: The p at which a line's words count neither for nor against the span.
    span_threshold: float
    #: Inside the span, a line the rules dropped for its position is kept when at least this likely.
    rescue_threshold: float = 1.0

    def probability(self, row: Sequence[float]) -> float:
        z = self.intercept
        for x, m, s, c in zip(row, self.mean, self.scale, self.coef, strict=True):
            z += c * (x - m) / s
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


def _stage(
    data: dict[str, Any], names: tuple[str, ...], span_at: float, rescue_at: float = 1.0
) -> LineModel:
    if tuple(data["features"]) != names:
        raise RuntimeError("paste_model.json was fitted on other features: run bench/fit_paste.py")
    return LineModel(
        features=names,
        mean=tuple(float(v) for v in data["mean"]),
        scale=tuple(float(v) for v in data["scale"]),
        coef=tuple(float(v) for v in data["coef"]),
        intercept=float(data["intercept"]),
        span_threshold=span_at,
        rescue_threshold=rescue_at,
    )


@cache
def load_models() -> tuple[LineModel, LineModel]:
    """The line model (first stage) and the context model (second stage) that decides."""
    data = json.loads(resources.files(__package__).joinpath("paste_model.json").read_text(encoding="utf-8"))
    span_at = float(data["span_threshold"])
    rescue_at = float(data["rescue_threshold"])
    return (
        _stage(data["line"], FEATURE_NAMES, span_at, rescue_at),
        _stage(data["context"], FEATURE_NAMES + CONTEXT_NAMES, span_at, rescue_at),
    )


def load_model() -> LineModel:
    return load_models()[1]


@cache
def load_title_model() -> LineModel | None:
    """The headline scorer of :mod:`.headline`, or None in a model file fitted before it existed."""
    data = json.loads(resources.files(__package__).joinpath("paste_model.json").read_text(encoding="utf-8"))
    if "title" not in data:
        return None
    at = float(data["title_threshold"])
    return _stage(data["title"], TITLE_FEATURES, at)


def line_probabilities(
    lines: Sequence[str], furniture: Sequence[bool], positional: Sequence[bool]
) -> list[float]:
    first, second = load_models()
    base = line_features(lines, furniture, positional)
    stage_one = [first.probability(row) for row in base]
    return [second.probability(row) for row in context_features(base, stage_one)]


def _weight(line: str) -> float:
    # Words for Latin script; CJK lines count by characters (about two per word).
    return max(1.0, float(len(_TOKEN_RE.findall(line))), visible_length(line) / 6.0)


def article_span(
    lines: Sequence[str], probabilities: Sequence[float], threshold: float
) -> tuple[int, int] | None:
    """[start, end) of the maximum-evidence span, or None when no line is likelier article than not."""
    best, span = 0.0, None
    running, start = 0.0, 0
    for i, (line, p) in enumerate(zip(lines, probabilities, strict=True)):
        if running <= 0:
            running, start = 0.0, i
        running += _weight(line) * (p - threshold)
        if running > best:
            best, span = running, (start, i + 1)
    return span


def keeps_the_article(lines: Sequence[str], span: tuple[int, int]) -> bool:
    """The span keeps at least as much of the page's prose as it leaves out."""
    inside = outside = 0
    for i, line in enumerate(lines):
        if is_prose(line):
            if span[0] <= i < span[1]:
                inside += visible_length(line)
            else:
                outside += visible_length(line)
    return inside >= outside
