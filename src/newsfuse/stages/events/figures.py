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
_WORD = re.compile(r"[\w'-]+")
#: units that are counts of people or things (money, distances and percentages are not event counts)
_COUNT_UNITS = frozenset({None, "", "count", "people", "person", "persons"})


def _measure(quantity: Quantity, sentence: str) -> str | None:
    """What a count measures, read from the words around it; None for a figure that is no count."""
    if quantity.unit not in _COUNT_UNITS and quantity.normalized.unit not in _COUNT_UNITS:
        return None
    # the figure as a whole word: "5" is not the 5 of "15"
    found = re.search(rf"(?<![\w.,]){re.escape(quantity.text)}(?![\w])", sentence)
    at = found.start() if found else -1
    if at >= 0:
        before = _WORD.findall(sentence[:at].casefold())[-_WINDOW_WORDS:]
        after = _WORD.findall(sentence[at + len(quantity.text):].casefold())[:_WINDOW_WORDS]
        # the nearer word wins: "killing 3 and wounding 9" gives 3 killed and 9 wounded
        ordered = [w for pair in zip(reversed(before), after, strict=False) for w in pair[::-1]]
        ordered += before[: max(0, len(before) - len(after))][::-1] + after[len(before):]
        for word in ordered:
            if word in _MEASURE_WORDS:
                return _MEASURE_WORDS[word]
    # otherwise only a count of people is an event's count ("3 apartment blocks", a town's population are not)
    head = (quantity.measures or "").casefold().split()[-1:] or [""]
    return head[0] if head[0] in _PEOPLE else None


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
