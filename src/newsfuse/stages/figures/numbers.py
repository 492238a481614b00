"""Pure text-level parser for numbers, bounds and units as news reports write them.

No spaCy here: :func:`find_numbers` scans plain text and returns every numeric
expression with its value, stated bounds, unit and SI/base normalisation.  The
quantities stage then uses the dependency parse to decide which of these are
facts (not dates, ages or names) and what they measure.

Decisions (documented because news prose is vague on purpose):

* ``value`` is the figure as written with its scale applied ("1.3 million" ->
  1_300_000).  For a range ("20-30", "between five and 12") it is the low end,
  and ``low``/``high`` carry both ends.
* Bound words: "at least"/"no fewer than" set ``low``; "more than"/"over" set
  ``low`` too (the bound is exclusive, recorded in ``bound``); "up to"/"as many
  as"/"fewer than" set ``high``; "nearly"/"almost"/"close to" set ``high`` and
  mark the figure approximate; "about"/"around"/"some"/"an estimated" only mark
  it approximate.
* Vague amounts get the smallest figure the phrase implies as ``value`` and
  ``low``, and are approximate: "dozens" = 24+, "scores" = 40+, "hundreds" =
  200+, "thousands" = 2,000+, "tens of thousands" = 20,000+; "several" = 3-9,
  "a few"/"a handful" = 2-5, multiplied out for "several dozen" (36-108);
  "a dozen" = 12 and "half a dozen" = 6 (approximate).
* Fractions ("half", "two-thirds") are kept as a fraction and normalised to %.
* A value followed by its conversion in parentheses ("80km (50 miles)") is one
  fact: the parenthesised figure is dropped and kept only in ``conversion``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Kind = Literal["count", "area", "distance", "percent", "points", "currency", "mass", "duration", "fraction"]
BoundKind = Literal["low", "low_exclusive", "high", "high_exclusive", "high_approx", "approx", "range"]


class NumberFormatError(ValueError):
    """The text is not a number this parser understands."""


@dataclass(frozen=True)
class NumberMatch:
    """One numeric expression found in a text; ``start``/``end`` are offsets into that text."""

    text: str
    start: int
    end: int
    value: float
    low: float | None
    high: float | None
    approximate: bool
    kind: Kind
    unit: str
    norm_value: float
    norm_unit: str
    bound: BoundKind | None = None
    vague: bool = False
    conversion: str | None = None
    #: the numeral part as written, without bound word and unit ("1.3 million")
    numeral: str = ""


# --------------------------------------------------------------------------- numerals

_ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SHORT_SCALES = {"bn": 1e9, "b": 1e9, "mn": 1e6, "m": 1e6, "tn": 1e12, "k": 1e3}
_NUMBER_WORDS = {**_ONES, **_SCALES, "dozen": 12}


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(str(w)) for w in words), key=len, reverse=True))


_WORD = rf"(?:{_alternation(_NUMBER_WORDS)})"
_AFTER_SCALE = r"(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))"
_WORD_NUMBER = rf"(?:(?:a|an)\s+(?=(?:hundred|thousand|million|billion|dozen)\b))?{_WORD}(?:(?:{_AFTER_SCALE}\s+and\s+|\s+|-){_WORD})*(?![\w-])"
_DIGITS = r"(?<![\w.,/:])(?<!\d\s)(?!0\d)(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d]|,\d|\.\d|:\d|\s\d|\s?(?:am|pm|a\.m\.|p\.m\.)(?![A-Za-z]))"
_SCALE_WORD = r"(?:\s*(?:thousand|million|billion|trillion)\b|\s?(?:bn|mn|tn|m|k)(?![A-Za-z]))"
_DIGIT_NUMBER = rf"{_DIGITS}{_SCALE_WORD}?"

# vague phrase -> (value, low, high); value == low by the documented convention
_VAGUE: dict[str, tuple[float, float, float | None]] = {
    "tens of thousands": (2e4, 2e4, None),
    "hundreds of thousands": (2e5, 2e5, None),
    "tens of millions": (2e7, 2e7, None),
    "hundreds of millions": (2e8, 2e8, None),
    "dozens": (24, 24, None),
    "scores": (40, 40, None),
    "hundreds": (200, 200, None),
    "thousands": (2e3, 2e3, None),
    "millions": (2e6, 2e6, None),
    "billions": (2e9, 2e9, None),
    "several dozen": (36, 36, 108),
    "several hundred": (300, 300, 900),
    "several thousand": (3e3, 3e3, 9e3),
    "several million": (3e6, 3e6, 9e6),
    "a few dozen": (24, 24, 60),
    "a few hundred": (200, 200, 500),
    "a few thousand": (2e3, 2e3, 5e3),
    "a handful of": (2, 2, 5),
    "a few": (2, 2, 5),
    "several": (3, 3, 9),
    "half a dozen": (6, 6, 6),
    "a dozen": (12, 12, 12),
}
_FRACTIONS = {
    "half": 0.5, "a half": 0.5, "one half": 0.5, "a third": 1 / 3, "one third": 1 / 3, "one-third": 1 / 3,
    "two thirds": 2 / 3, "two-thirds": 2 / 3, "a quarter": 0.25, "one quarter": 0.25,
    "three quarters": 0.75, "three-quarters": 0.75,
}  # fmt: skip


def _phrase(words: Iterable[str]) -> str:
    # "tens of thousands" also matches with any run of spaces between the words
    alts = sorted((str(w) for w in words), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(part) for part in a.split()) for a in alts)


_VAGUE_RE = rf"(?:{_phrase(_VAGUE)})(?![\w-])"
_FRACTION_RE = rf"(?:{_phrase(_FRACTIONS)})(?![\w-])"
_NUMERAL = rf"(?:{_DIGIT_NUMBER}|{_VAGUE_RE}|{_FRACTION_RE}|{_WORD_NUMBER})"


def _words_to_number(text: str) -> float:
    words = re.split(r"[\s-]+", text.casefold().strip())
    total = 0.0
    current = 0.0
    seen = False
    for word in words:
        if word in ("a", "an") and not seen:
            current = 1.0
            continue
        if word == "and":
            continue
        if word in _ONES:
            current += _ONES[word]
        elif word == "dozen":
            current = (current or 1.0) * 12
        elif word == "hundred":
            current = (current or 1.0) * 100
        elif word in _SCALES:
            total += (current or 1.0) * _SCALES[word]
            current = 0.0
        else:
            raise NumberFormatError(f"not a number word: {word!r} in {text!r}")
        seen = True
    if not seen:
        raise NumberFormatError(f"no number words in {text!r}")
    return total + current


def parse_number(text: str) -> float:
    """Value of one numeral: "3,000", "1.3 million", "$1.2bn" style "1.2bn", "twenty-five", "a dozen".

    Raises :class:`NumberFormatError` for anything else (vague words and ranges are
    handled by :func:`find_numbers`, which knows their bounds).
    """
    s = " ".join(text.strip().split())
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?([A-Za-z]+)?", s)
    if m:
        value = float(m.group(1).replace(",", ""))
        scale = (m.group(2) or "").casefold()
        if not scale:
            return value
        if scale in _SCALES and scale != "hundred":
            return value * _SCALES[scale]
        if scale in _SHORT_SCALES:
            return value * _SHORT_SCALES[scale]
        raise NumberFormatError(f"unknown scale {scale!r} in {text!r}")
    if re.fullmatch(_WORD_NUMBER, s, flags=re.IGNORECASE):
        return _words_to_number(s)
    raise NumberFormatError(f"not a number: {text!r}")


# --------------------------------------------------------------------------- units

# (pattern, kind, normalised unit, factor to the normalised unit)
_UNITS: list[tuple[str, Kind, str, float]] = [
    (r"square\s+kilomet(?:re|er)s?|sq\.?\s*km|km²|km2|square\s+km", "area", "km²", 1.0),
    (r"square\s+miles?|sq\.?\s*miles?|sq\.?\s*mi\b", "area", "km²", 2.589988110336),
    (r"hectares?", "area", "km²", 0.01),
    (r"acres?", "area", "km²", 0.0040468564224),
    (r"kilomet(?:re|er)s?|kms?", "distance", "km", 1.0),
    (r"miles?", "distance", "km", 1.609344),
    (r"metres?|meters?", "distance", "km", 0.001),
    (r"percentage\s+points?", "points", "pp", 1.0),
    (r"per\s?cent|percent|%", "percent", "%", 1.0),
    (r"metric\s+tons?|tonnes?|tons?", "mass", "t", 1.0),
    (r"kilograms?|kg", "mass", "t", 0.001),
    (r"hours?|hrs?", "duration", "h", 1.0),
    (r"days?", "duration", "h", 24.0),
    (r"weeks?", "duration", "h", 168.0),
    (r"months?", "duration", "h", 730.5),
    (r"years?", "duration", "h", 8766.0),
    (r"minutes?|mins?", "duration", "h", 1 / 60),
]
_CURRENCY_WORDS = {
    r"(?:US\s)?dollars?": "USD", r"euros?": "EUR", r"pounds\s+sterling": "GBP", r"hryvnias?|hryvnas?": "UAH",
    r"roubles?|rubles?": "RUB", r"yuan": "CNY", r"yen": "JPY", r"USD": "USD", r"EUR": "EUR", r"GBP": "GBP",
    r"UAH": "UAH", r"RUB": "RUB", r"CNY": "CNY", r"JPY": "JPY", r"CHF": "CHF",
}  # fmt: skip
_CURRENCY_SIGNS = {"US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "₴": "UAH", "₽": "RUB", "¥": "JPY"}
_CURRENCY_PREFIX = rf"(?:{_alternation(_CURRENCY_SIGNS)}|(?:USD|EUR|GBP|UAH|RUB|CHF)\s?)"
_UNIT_RE = "|".join(f"(?:{p})" for p, _, _, _ in _UNITS)
_CURRENCY_WORD_RE = "|".join(f"(?:{p})" for p in _CURRENCY_WORDS)
_UNIT_SUFFIX = rf"(?:\s*-?\s*(?:{_CURRENCY_WORD_RE}|{_UNIT_RE})(?![A-Za-z]))"

# bound word -> kind; "more than" style words give an exclusive low bound
_BOUNDS: dict[str, BoundKind] = {
    "at least": "low", "no fewer than": "low", "no less than": "low", "not less than": "low",
    "a minimum of": "low", "more than": "low_exclusive", "over": "low_exclusive", "upwards of": "low_exclusive",
    "in excess of": "low_exclusive", "well over": "low_exclusive", "just over": "low_exclusive",
    "greater than": "low_exclusive", "above": "low_exclusive", "up to": "high", "as many as": "high",
    "no more than": "high", "not more than": "high", "at most": "high", "a maximum of": "high",
    "fewer than": "high_exclusive", "less than": "high_exclusive", "under": "high_exclusive",
    "nearly": "high_approx", "almost": "high_approx", "close to": "high_approx", "just under": "high_approx",
    "approaching": "high_approx", "about": "approx", "around": "approx", "some": "approx",
    "approximately": "approx", "roughly": "approx", "an estimated": "approx", "estimated": "approx",
    "circa": "approx", "approx.": "approx", "almost exactly": "approx",
}  # fmt: skip
_BOUND_RE = rf"(?:{_phrase(_BOUNDS)})"

_MAIN = re.compile(
    rf"(?<![\w-])(?:(?P<bound>{_BOUND_RE})\s+)?(?P<cur>{_CURRENCY_PREFIX})?(?P<num>{_NUMERAL})"
    rf"(?:\s*(?:-|–|—|\bto\b)\s*(?P<cur2>{_CURRENCY_PREFIX})?(?P<num2>{_NUMERAL}))?"
    rf"(?P<unit>{_UNIT_SUFFIX})?",
    re.IGNORECASE,
)
_BETWEEN = re.compile(
    rf"(?<![\w-])(?P<bound>between|from)\s+(?P<cur>{_CURRENCY_PREFIX})?(?P<num>{_NUMERAL})"
    rf"\s+(?:and|to)\s+(?P<cur2>{_CURRENCY_PREFIX})?(?P<num2>{_NUMERAL})(?P<unit>{_UNIT_SUFFIX})?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Numeral:
    value: float
    low: float | None
    high: float | None
    vague: bool
    fraction: bool
    short_scale: str | None  # "m"/"k" glued to digits: million only when money is involved


@functools.lru_cache(maxsize=4096)  # the same few numerals recur across a corpus
def _numeral(text: str) -> _Numeral:
    key = " ".join(text.casefold().split())
    if key in _VAGUE:
        value, low, high = _VAGUE[key]
        return _Numeral(value, low, high, True, False, None)
    if key in _FRACTIONS:
        return _Numeral(_FRACTIONS[key], None, None, False, True, None)
    glued = re.fullmatch(r"[\d.,]+\s?([mk])", key)
    return _Numeral(parse_number(key), None, None, False, False, glued.group(1) if glued else None)


@functools.lru_cache(maxsize=1024)  # a handful of unit spellings, each matched against every pattern
def _unit_of(unit_text: str, currency: str | None) -> tuple[Kind, str, float]:
    written = " ".join(unit_text.strip(" -").split())
    for pattern, code in _CURRENCY_WORDS.items():
        if re.fullmatch(pattern, written, flags=re.IGNORECASE):
            return "currency", code, 1.0
    for pattern, kind, norm, factor in _UNITS:
        if re.fullmatch(pattern, written, flags=re.IGNORECASE):
            return kind, norm, factor
    raise NumberFormatError(f"unknown unit {unit_text!r}")  # pragma: no cover - the regex admits only these


def _build(m: re.Match[str]) -> NumberMatch | None:
    first = _numeral(m.group("num"))
    second = _numeral(m.group("num2")) if m.group("num2") else None
    prefix = m.group("cur") or m.group("cur2")
    currency = _CURRENCY_SIGNS.get(prefix.strip()) or prefix.strip().upper() if prefix else None
    unit_text = m.group("unit") or ""
    kind: Kind = "count"
    norm_unit = "count"
    factor = 1.0
    if unit_text:
        kind, norm_unit, factor = _unit_of(unit_text, currency)
        if kind == "currency":
            currency = norm_unit
    if currency is not None:
        kind, norm_unit, factor = "currency", currency, 1.0
    end = m.end()
    value, low, high = first.value, first.low, first.high
    if first.short_scale is not None and kind != "currency":
        # "500m" without money is 500 metres; "5k" stays five thousand
        if first.short_scale == "m" and not unit_text:
            value = value / 1e6
            kind, norm_unit, factor, unit_text = "distance", "km", 0.001, "m"
        elif first.short_scale == "m":
            return None
    if first.fraction:
        kind, norm_unit, factor = "fraction", "%", 100.0
    approximate = first.vague
    bound_text = m.group("bound")
    bound: BoundKind | None = None
    if second is not None:
        if second.value <= value:
            return None  # "3-1" is a score, "7-0" a vote: not a range of one quantity
        low, high, bound = value, second.high if second.high is not None else second.value, "range"
        approximate = approximate or second.vague
        if m.group("num2") and first.fraction != second.fraction:
            return None
    if bound_text:
        b = _BOUNDS.get(" ".join(bound_text.casefold().split()))
        if b is not None:
            bound = b
            if b in ("low", "low_exclusive"):
                low = value
            elif b in ("high", "high_exclusive"):
                high, low = value, None
            elif b == "high_approx":
                high, low, approximate = value, None, True
            else:
                approximate = True
    text = m.group(0)
    start = m.start()
    if bound_text and bound is None:
        # "between"/"from" opening a range: keep the words in the text, the bounds are in low/high
        bound = "range"
    return NumberMatch(
        text=text,
        start=start,
        end=end,
        value=value,
        low=low,
        high=high,
        approximate=approximate,
        kind=kind,
        unit=(unit_text.strip(" -") or (prefix or "").strip() or kind) if kind != "count" else "count",
        norm_value=value * factor,
        norm_unit=norm_unit,
        bound=bound,
        vague=first.vague,
        numeral=m.group("num"),
    )


_CONVERTIBLE: set[Kind] = {"area", "distance", "currency", "mass"}


def _drop_conversions(text: str, found: list[NumberMatch]) -> list[NumberMatch]:
    out: list[NumberMatch] = []
    for match in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind in _CONVERTIBLE
            and match.kind in _CONVERTIBLE
            and re.fullmatch(r"\s*\(\s*(?:about|around|some|roughly|approximately|nearly|almost|over)?\s*",
                             text[prev.end : match.start], flags=re.IGNORECASE)
            and re.match(r"\s*\)", text[match.end :])
        ):
            out[-1] = NumberMatch(**{**prev.__dict__, "conversion": match.text})
            continue
        out.append(match)
    return out


def find_numbers(text: str) -> list[NumberMatch]:
    """Every numeric expression in ``text``, in order.  Never raises on any input."""
    return list(_numbers_in(text))


# The quantities, claims and summary stages each read the figures of the same sentences, some of them once per
# pair of claims compared: the matches (frozen) of recent texts are kept.  Room for every sentence of a
# 2,000-article run (about 40,000), so that the later stages find what the quantities stage scanned; the keys
# are the parsed sentences' own strings, so the cache holds little beyond the matches.
@functools.lru_cache(maxsize=65536)
def _numbers_in(text: str) -> tuple[NumberMatch, ...]:
    return tuple(_scan_numbers(text))


def _scan_numbers(text: str) -> list[NumberMatch]:
    found: list[NumberMatch] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_BETWEEN, _MAIN):
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            try:
                built = _build(m)
            except NumberFormatError:
                continue  # the regex over-matched a word run; it is simply not a number
            if built is not None:
                found.append(built)
                taken.append((m.start(), m.end()))
    found.sort(key=lambda n: n.start)
    return _drop_conversions(text, found)
