"""Summary sentences for conflicting accounts: say that outlets differ and cite both sides.

When the claims stage finds that two outlets give incompatible figures for the
same measure (or one negates or denies what another reports), picking either
sentence would present a disputed figure as fact.  Instead the summary gets one
sentence built from the two source sentences::

    Outlets differ on the area retaken since the start of the offensive:
    Outlet A reports about 2,500 sq km, Outlet B reports more than 3,000 square kilometres.

citing both.  The figures are found again in the two sentences with
:func:`~newsfuse.stages.numbers.find_numbers`, so the words in the generated
sentence are always copied from what it cites.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product

from ...model import Citation, Claim, Conflict
from ..figures import NumberMatch, find_numbers
from .candidates import Candidate, Corpus
from .filters import strip_dateline

# the claims stage words a figure conflict as "different figures for <measure>: '<a>' (A) vs '<b>' (B)"
_MEASURE = re.compile(r"^different figures for (?P<what>.+?): '")
_KIND_NOUN = {
    "area": "the area", "distance": "the distance", "count": "the number", "percent": "the share",
    "currency": "the amount", "mass": "the weight", "duration": "the duration", "points": "the figure",
    "fraction": "the share",
}  # fmt: skip
_DETERMINERS = ("the ", "a ", "an ", "how ", "what ")
#: a conflict sentence outranks the claims it replaces: a dispute is news in itself
CONFLICT_BONUS = 0.1


@dataclass(frozen=True)
class _Side:
    article: str
    sentence: int
    text: str
    figure: NumberMatch | None
    #: the value the claims stage found for the disputed slot, as written
    value: str | None = None


def _disagreeing_figures(a: str, b: str) -> tuple[NumberMatch, NumberMatch] | None:
    for na, nb in product(find_numbers(a), find_numbers(b)):
        if na.norm_unit == nb.norm_unit and na.norm_value != nb.norm_value:
            return na, nb
    return None


def _subject(reason: str, kind: str) -> str:
    m = _MEASURE.match(reason)
    noun = _KIND_NOUN.get(kind, "the figure")
    if not m:
        return noun
    what = m.group("what").strip()
    if what.casefold().startswith(_DETERMINERS):
        return what
    return f"{noun} {what}" if kind != "count" else f"{noun} {what}".replace("the number ", "the number of ", 1)


def _pick_sides(first: Claim, second: Claim, corpus: Corpus) -> tuple[_Side, _Side] | None:
    """Two sentences from different outlets, one per claim (or both in one claim), that disagree."""
    pairs = product(first.sentences, second.sentences if second is not first else first.sentences)
    fallback: tuple[_Side, _Side] | None = None
    for ra, rb in pairs:
        if corpus.outlet(ra.article) == corpus.outlet(rb.article):
            continue
        figures = _disagreeing_figures(ra.text, rb.text)
        if figures is not None:
            return (_Side(ra.article, ra.sentence, ra.text, figures[0]),
                    _Side(rb.article, rb.sentence, rb.text, figures[1]))
        if fallback is None:
            fallback = (_Side(ra.article, ra.sentence, ra.text, None), _Side(rb.article, rb.sentence, rb.text, None))
    return fallback


def _sides_of(conflict: Conflict, corpus: Corpus) -> tuple[_Side, _Side] | None:
    """The two versions exactly as the claims stage found them (slot values, not numbers found again)."""
    if len(conflict.sides) != 2 or conflict.slot in (None, "polarity", "predicate"):
        return None
    a, b = conflict.sides
    if corpus.outlet(a.article) == corpus.outlet(b.article):
        return None
    text_of = {key: corpus.sentences[key].text for key in ((a.article, a.sentence), (b.article, b.sentence))
               if key in corpus.sentences}
    figure_of = {side.article: next((n for n in find_numbers(side.value)), None) for side in (a, b)}
    return (
        _Side(a.article, a.sentence, text_of.get((a.article, a.sentence), ""), figure_of[a.article], a.value),
        _Side(b.article, b.sentence, text_of.get((b.article, b.sentence), ""), figure_of[b.article], b.value),
    )


def _sentence(sides: tuple[_Side, _Side], reason: str, corpus: Corpus, slot: str | None = None) -> str:
    a, b = sorted(sides, key=lambda s: (corpus.published(s.article) or "", corpus.outlet(s.article)))
    if a.value is not None and b.value is not None:
        if slot == "year":
            subject = "the year"
        elif a.figure is not None:
            subject = _subject(reason, a.figure.kind)
        else:
            subject = slot or "the figure"
        return (f"Outlets differ on {subject}: {corpus.outlet(a.article)} reports {a.value}, "
                f"{corpus.outlet(b.article)} reports {b.value}.")
    if a.figure is not None and b.figure is not None:
        subject = _subject(reason, a.figure.kind)
        return (f"Outlets differ on {subject}: {corpus.outlet(a.article)} reports {a.figure.text}, "
                f"{corpus.outlet(b.article)} reports {b.figure.text}.")
    quote_a = strip_dateline(a.text).rstrip(".")
    quote_b = strip_dateline(b.text).rstrip(".")
    return (f"Accounts conflict: {corpus.outlet(a.article)} reports \u201c{quote_a}\u201d, while "
            f"{corpus.outlet(b.article)} reports \u201c{quote_b}\u201d.")


def conflict_candidates(claims: Sequence[Claim], corpus: Corpus, relevance_of: dict[str, float]
                        ) -> list[Candidate]:
    """One candidate per conflicting pair of claims, citing the two disagreeing sentences."""
    by_id = {c.id: c for c in claims}
    seen: set[frozenset[str]] = set()
    out: list[Candidate] = []
    for claim in claims:
        for conflict in claim.conflicts:
            other = by_id.get(conflict.claim)
            if other is None:
                raise ValueError(f"claim {claim.id} conflicts with unknown claim {conflict.claim!r}")
            key = frozenset({claim.id, other.id})
            if key in seen:
                continue
            sides = _sides_of(conflict, corpus) or _pick_sides(claim, other, corpus)
            if sides is None:
                continue  # both sides in one outlet: a correction inside one report, not a dispute
            seen.add(key)
            ordered = sorted(sides, key=lambda s: (corpus.published(s.article) or "", corpus.outlet(s.article)))
            out.append(Candidate(
                text=_sentence(sides, conflict.reason, corpus, conflict.slot),
                article=ordered[0].article,
                sentence=ordered[0].sentence,
                citations=[Citation(article=s.article, sentence=s.sentence) for s in ordered],
                support=max(claim.support, other.support),
                published=max((corpus.published(s.article) or "" for s in ordered), default="") or None,
                relevance=max(relevance_of.get(claim.id, 0.0), relevance_of.get(other.id, 0.0)) + CONFLICT_BONUS,
                claims=tuple(sorted(key)),
                entities=frozenset().union(*(corpus.entities_at.get((s.article, s.sentence), frozenset())
                                            for s in ordered)),
            ))
    return out
