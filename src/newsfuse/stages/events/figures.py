"""Counts of a fused event (fatalities, injured, people detained ...): each source's figure, the range, and the
lowest figure, which is the one coded, as ACLED codes a disputed fatality count."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from ...model import EventFigure, FigureReport, Quantity

#: words next to a count that say what it counts; fatalities and injuries are the counts datasets code
_MEASURE_WORDS: dict[str, str] = {
    **dict.fromkeys(("killed", "killing", "kills", "dead", "deaths", "death", "died", "die", "dies", "lives",
                     "fatalities", "bodies", "slain", "toll"), "fatalities"),
    **dict.fromkeys(("wounded", "wounding", "injured", "injuring", "injuries", "hurt", "casualties"), "injured"),
    **dict.fromkeys(("arrested", "arrests", "detained", "detentions", "detaining", "arresting"), "detained"),
    **dict.fromkeys(("displaced", "evacuated", "fled"), "displaced"),
}
_PEOPLE = frozenset({"people", "civilians", "soldiers", "troops", "residents", "prisoners", "hostages", "migrants",
                     "refugees", "protesters", "demonstrators", "children", "officers", "fighters", "militants",
                     "passengers", "workers", "journalists", "villagers", "persons"})
#: how many words either side of a figure may say what it counts
_WINDOW_WORDS = 5
#: characters read on each side of a figure, far more than _WINDOW_WORDS words of news text
_REACH = 400
_WORD = re.compile(r"[\w'-]+")
#: units that are counts of people or things (money, distances and percentages are not event counts)
_COUNT_UNITS = frozenset({None, "", "count", "people", "person", "persons"})


def _measure(quantity: Quantity, sentence: str) -> str | None:
    """What a count measures, read from the words around it; None for a figure that is no count."""
    if quantity.unit not in _COUNT_UNITS and quantity.normalized.unit not in _COUNT_UNITS:
        return None
    # the figure as a whole word: "5" is not the 5 of "15"
    at = _whole_word_at(quantity.text, sentence)
    if at >= 0:
        end = at + len(quantity.text)
        # only the text near the figure is split into words: splitting the whole sentence for every figure
        # made a run-on sentence quadratic.  The cut falls on a word boundary so no half word is read.
        start = max(0, at - _REACH)
        while 0 < start < at and _WORD.match(sentence, start - 1):
            start += 1
        stop = min(len(sentence), end + _REACH)
        while end < stop < len(sentence) and _WORD.match(sentence, stop):
            stop -= 1
        before = _WORD.findall(sentence[start:at].casefold())[-_WINDOW_WORDS:]
        after = _WORD.findall(sentence[end:stop].casefold())[:_WINDOW_WORDS]
        # the nearer word wins: "killing 3 and wounding 9" gives 3 killed and 9 wounded
        ordered = [w for pair in zip(reversed(before), after, strict=False) for w in pair[::-1]]
        ordered += before[: max(0, len(before) - len(after))][::-1] + after[len(before):]
        for word in ordered:
            if word in _MEASURE_WORDS:
                return _MEASURE_WORDS[word]
    # otherwise only a count of people is an event's count ("3 apartment blocks", a town's population are not)
    head = (quantity.measures or "").casefold().split()[-1:] or [""]
    return head[0] if head[0] in _PEOPLE else None


def _whole_word_at(text: str, sentence: str) -> int:
    """Where ``text`` first stands alone in ``sentence`` (no word character, '.' or ',' before it, no word
    character after it), or -1.  str.find, not a pattern per figure: those overflowed re's cache on long texts."""
    at = sentence.find(text) if text else -1
    while at >= 0:
        before = sentence[at - 1] if at else ""
        after = sentence[at + len(text)] if at + len(text) < len(sentence) else ""
        if not (before and (before.isalnum() or before in "_.,")) and not (after and (after.isalnum() or after == "_")):
            return at
        at = sentence.find(text, at + 1)
    return -1


def _number(value: float) -> str:
    return f"{value:,.10g}"


def event_figures(
    quantities: Iterable[Quantity],
    sentence_text: Mapping[tuple[str, int], str],
    outlet_of: Mapping[str, str | None],
) -> list[EventFigure]:
    """One figure per measure from the quantities of an event's sentences, with the per-source range.

    Each article gives at most one figure per measure (its first); the figure coded is the lowest any
    source gives (a lower bound: "at least 12" counts as 12).
    """
    reports: dict[str, dict[str, FigureReport]] = defaultdict(dict)
    for quantity in quantities:
        if quantity.value is None:
            continue
        measure = _measure(quantity, sentence_text.get((quantity.article, quantity.sentence), ""))
        if measure is None:
            continue
        value = quantity.low if quantity.low is not None else quantity.value
        reports[measure].setdefault(quantity.article, FigureReport(
            article=quantity.article, sentence=quantity.sentence, outlet=outlet_of.get(quantity.article),
            text=quantity.text, value=value,
        ))
    figures: list[EventFigure] = []
    for measure, by_article in reports.items():
        listed: Sequence[FigureReport] = list(by_article.values())
        values = sorted({r.value for r in listed})
        low, high = values[0], values[-1]
        note = None
        if len(values) > 1:
            versions = "; ".join(f"{_number(r.value)} ({r.outlet or r.article})" for r in listed)
            note = f"sources differ on {measure}: {versions}; the lowest, {_number(low)}, is coded"
        figures.append(EventFigure(measure=measure, low=low, high=high, conservative=low, disputed=len(values) > 1,
                                   reports=list(listed), note=note))
    return figures
