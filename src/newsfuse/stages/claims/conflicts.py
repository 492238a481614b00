"""Conflicts between claims, and notes on differences that are not conflicts.

* Figures: the same measure (unit + what it measures) of the same thing over the
  same time window with value ranges that cannot both be true ("more than
  3,000 km²" vs "about 2,500 km²").  Bounds are respected: "at least 40" and
  "45" agree.  Figures over different windows are not compared; the claim gets
  a note saying why.
* Contradictions: the same predicate about the same entities with opposite
  polarity ("entered" vs "have not entered", or a denial).
* Sources: one statement attributed to different sources is noted.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ...model import Entity, Quantity
from ..figures import find_numbers
from .facts import SentenceFacts

#: half-width of the range an approximate figure ("about 2,500") stands for
APPROX_TOLERANCE = 0.1
_UNIT_HOURS = {"hour": 1.0, "day": 24.0, "night": 24.0, "week": 168.0, "month": 730.5, "year": 8766.0}
#: words that say how a window is anchored, not what it is anchored to
_WINDOW_FILLER = {"since", "start", "began", "begin", "beginning", "launch", "launched", "past", "last", "over",
                  "during", "within", "in", "on", "the", "of", "a", "an", "its", "their", "this"}  # fmt: skip


def interval(q: Quantity) -> tuple[float, float]:
    """The range of normalised values a figure allows, given its bounds and vagueness."""
    v = q.normalized.value
    if v is None or q.value is None:
        return (-math.inf, math.inf)
    factor = v / q.value if q.value else 1.0
    low = q.low * factor if q.low is not None else None
    high = q.high * factor if q.high is not None else None
    if low is None and high is None:
        if q.approximate:
            return (v * (1 - APPROX_TOLERANCE), v * (1 + APPROX_TOLERANCE))
        return (v, v)
    if low is None:
        assert high is not None
        return (high * (1 - APPROX_TOLERANCE), high) if q.approximate else (0.0, high)
    if high is None:
        return (low, math.inf)
    return (low, high)


#: slack for a figure converted from another unit ("10 miles" is written "16 km"): rounding, not conflict
CONVERSION_TOLERANCE = 0.05


def unit_factor(q: Quantity) -> float:
    if q.value and q.normalized.value is not None:
        return q.normalized.value / q.value
    return 1.0


def figures_disagree(a: Quantity, b: Quantity) -> bool:
    return ranges_disagree(interval(a), unit_factor(a), interval(b), unit_factor(b))


def ranges_disagree(a: tuple[float, float], factor_a: float, b: tuple[float, float], factor_b: float) -> bool:
    """:func:`figures_disagree` of two figures' :func:`interval` and unit factors, read once per figure."""
    (alo, ahi), (blo, bhi) = a, b
    if not math.isclose(factor_a, factor_b):
        alo, ahi = alo * (1 - CONVERSION_TOLERANCE), ahi * (1 + CONVERSION_TOLERANCE)
    return ahi < blo or bhi < alo


@dataclass(frozen=True)
class WindowKey:
    hours: float | None
    words: frozenset[str]


@functools.lru_cache(maxsize=65_536)
def _window_hours(text: str) -> float | None:
    # number parsing is the slow part, and a corpus repeats a few window phrases thousands of times
    hours = next((n.norm_value for n in find_numbers(text) if n.kind == "duration"), None)
    if hours is None:
        m = re.search(r"\b(?:past|last|a|one|the)\s+(hour|day|night|week|month|year)\b", text)
        if m:
            hours = _UNIT_HOURS[m.group(1)]
    return hours


def window_key(window: str, lemma_of: Callable[[str], str]) -> WindowKey:
    text = window.casefold()
    hours = _window_hours(text)
    words = frozenset(
        lemma_of(w) for w in re.findall(r"[\w-]+", text)
        if w not in _WINDOW_FILLER and w not in ENGLISH_STOP_WORDS and not w.isdigit()
    )
    return WindowKey(hours, words)


def same_window(a: WindowKey, b: WindowKey) -> bool:
    if a.hours is not None or b.hours is not None:
        return a.hours == b.hours
    if not a.words or not b.words:
        return a.words == b.words
    return len(a.words & b.words) / len(a.words | b.words) >= 0.5 or a.words <= b.words or b.words <= a.words


@functools.lru_cache(maxsize=65_536)
def _measure_words(measures: str) -> tuple[str, ...]:
    return tuple(w for w in re.findall(r"[\w-]+", measures.casefold()) if w not in ENGLISH_STOP_WORDS)


def measure_key(q: Quantity, lemma_of: Callable[[str], str]) -> frozenset[str]:
    return frozenset(lemma_of(w) for w in _measure_words(q.measures or ""))


class FigureKeys:
    """:func:`measure_key` and :func:`window_key` of each phrase, read once per lemma lookup: a corpus repeats a
    few measure and window phrases thousands of times, and both keys depend on the phrase alone.  Each
    figure's range is read once too (kept with the figure itself, so an identity is never reused)."""

    def __init__(self, lemma_of: Callable[[str], str]) -> None:
        self.lemma_of = lemma_of
        self._measures: dict[str, frozenset[str]] = {}
        self._windows: dict[str, WindowKey] = {}
        self._ranges: dict[int, tuple[Quantity, tuple[float, float], float]] = {}

    def measure(self, q: Quantity) -> frozenset[str]:
        text = q.measures or ""
        hit = self._measures.get(text)
        if hit is None:
            hit = self._measures[text] = measure_key(q, self.lemma_of)
        return hit

    def window(self, window: str) -> WindowKey:
        hit = self._windows.get(window)
        if hit is None:
            hit = self._windows[window] = window_key(window, self.lemma_of)
        return hit

    def disagree(self, a: Quantity, b: Quantity) -> bool:
        """:func:`figures_disagree`, each figure's range read once (by identity: the figures of one run)."""
        return ranges_disagree(*self._range(a), *self._range(b))

    def _range(self, q: Quantity) -> tuple[tuple[float, float], float]:
        hit = self._ranges.get(id(q))
        if hit is None or hit[0] is not q:
            hit = self._ranges[id(q)] = (q, interval(q), unit_factor(q))
        return hit[1], hit[2]


@dataclass(frozen=True)
class FigureFinding:
    """Two figures of the same measure: a conflict, or a note on why they are not compared."""

    conflict: bool
    reason: str
    #: what the figures measure, and each side's figure as written
    slot: str = "figure"
    value_a: str = ""
    value_b: str = ""


def windows_differ(qa: Quantity, qb: Quantity, lemma_of: Callable[[str], str]) -> bool:
    """Both figures state a window and the windows are not the same period."""
    if not (qa.window and qb.window):
        return False
    return not same_window(window_key(qa.window, lemma_of), window_key(qb.window, lemma_of))


def compare_figures(
    a: SentenceFacts,
    b: SentenceFacts,
    outlet_a: str,
    outlet_b: str,
    lemma_of: Callable[[str], str],
    keys: FigureKeys | None = None,
) -> list[FigureFinding]:
    """``keys``: the caller's :class:`FigureKeys` of ``lemma_of``, kept across comparisons."""
    if keys is None:
        keys = FigureKeys(lemma_of)
    findings: list[FigureFinding] = []
    # each figure's measure words are read once per comparison, not once per figure pair
    keys_b: list[frozenset[str] | None] = [None] * len(b.quantities)
    for qa in a.quantities:
        ma: frozenset[str] | None = None
        for n, qb in enumerate(b.quantities):
            if qa.normalized.unit != qb.normalized.unit:
                continue
            if ma is None:
                ma = keys.measure(qa)
            mb = keys_b[n]
            if mb is None:
                mb = keys_b[n] = keys.measure(qb)
            if not (ma & mb):
                continue
            what = qa.measures or qb.measures or "the figure"
            if qa.window and qb.window:
                if not same_window(keys.window(qa.window), keys.window(qb.window)):
                    if qa.normalized.value != qb.normalized.value:
                        findings.append(FigureFinding(False, (
                            f"different time windows: '{qa.text}' {qa.window} ({outlet_a}) vs "
                            f"'{qb.text}' {qb.window} ({outlet_b}); not compared"
                        )))
                    continue
            elif qa.window or qb.window:
                if keys.disagree(qa, qb):
                    stated = qa.window or qb.window
                    findings.append(FigureFinding(False, (
                        f"figures for {what} differ ('{qa.text}' in {outlet_a}, '{qb.text}' in {outlet_b}) "
                        f"but only one states a window ({stated}); not compared"
                    )))
                continue
            if keys.disagree(qa, qb):
                window = f" {qa.window}" if qa.window else ""
                findings.append(FigureFinding(True, (
                    f"different figures for {what}{window}: '{qa.text}' ({outlet_a}) vs '{qb.text}' ({outlet_b})"
                ), slot=what, value_a=qa.text, value_b=qb.text))
    return findings


def _source_words(s: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"\w+", s.casefold()) if w not in ENGLISH_STOP_WORDS and w != "s")


def _name_words(s: str) -> list[str]:
    return [w for w in re.findall(r"\w+", s.casefold()) if len(w) > 1]


class SpeakerIndex:
    """Who a source string names: a canonical person or organisation where a name matches one."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.by_variant: dict[str, str] = {}
        self.by_surname: dict[str, set[str]] = {}
        # "Donald J. Trump" / "Donald John Trump": two entities with one first and last name are one speaker
        one_person: dict[tuple[str, str], str] = {}
        for e in entities:
            if e.type not in ("person", "org"):
                continue
            names = [_name_words(v) for v in [e.name, *e.variants]]
            speaker = e.id
            if e.type == "person":
                full = [w for w in names if len(w) >= 2]
                speaker = next((one_person[(w[0], w[-1])] for w in full if (w[0], w[-1]) in one_person), e.id)
                for w in full:
                    one_person.setdefault((w[0], w[-1]), speaker)
            for words in names:
                if words:
                    self.by_variant.setdefault(" ".join(words), speaker)
                    if e.type == "person":
                        self.by_surname.setdefault(words[-1], set()).add(speaker)

    def canonical(self, source: str) -> str | None:
        words = _name_words(source)
        # the longest name inside the source string ("governor Anton Belik said" -> "anton belik")
        for size in range(len(words), 0, -1):
            for start in range(len(words) - size + 1):
                hit = self.by_variant.get(" ".join(words[start : start + size]))
                if hit is not None:
                    return hit
        # "Donald J. Trump" / "Donald John Trump": one person when first and last names match
        if len(words) >= 2 and len(self.by_surname.get(words[-1], ())) == 1:
            return next(iter(self.by_surname[words[-1]]))
        return None


def different_sources(members: Sequence[SentenceFacts], outlet_of: Callable[[str], str],
                      entities: Sequence[Entity] | SpeakerIndex = ()) -> str | None:
    """A note when one statement is attributed to different sources in different outlets.

    Sources are compared as canonical entities where they name one: "Donald J. Trump" and "Donald John Trump"
    are one speaker.  A source that names no known person or organisation is compared by its words.
    """
    index = entities if isinstance(entities, SpeakerIndex) else SpeakerIndex(entities)
    seen: dict[Hashable, str] = {}
    word_keys: list[frozenset[str]] = []
    for m in members:
        if not m.source or not _source_words(m.source):
            continue
        entity = index.canonical(m.source)
        key: Hashable = ("entity", entity) if entity is not None else _source_words(m.source)
        if key not in seen:
            seen[key] = f"{m.source} ({outlet_of(m.article)})"
            if entity is None:
                word_keys.append(_source_words(m.source))
    # "governor Anton Belik" and "Anton Belik, the governor of Korvat" name one source
    distinct = [k for k in seen if not (isinstance(k, frozenset) and any(k != o and k <= o for o in word_keys))]
    # a source in words only that shares a name word with a canonical speaker may be that speaker: no note
    entity_words = {w for k in distinct if isinstance(k, tuple) for w in _name_words(seen[k].rsplit(" (", 1)[0])}
    distinct = [k for k in distinct if not (isinstance(k, frozenset) and k & entity_words)]
    if len(distinct) < 2:
        return None
    return "attributed to different sources: " + "; ".join(seen[k] for k in distinct)
