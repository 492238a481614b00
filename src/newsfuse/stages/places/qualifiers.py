"""What the text itself says about which place a name means.

* "Buffalo, New York", "Wainwright, Alta.", "Queensland, Australia": a name followed by a comma and a
  country or first-level region is qualified by it (only readings inside count), and the qualifier is
  asked for as a region ("New York" there is the state, not the city).
* "the state of Washington", "the province of Limpopo": a region is asked for.
* "Oregon and Washington laws", "Idaho, Washington or Montana": a name listed with a first-level
  region is one too, when it has a region reading.

One pass over each sentence's mentions in text order: linear in the input.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...gazetteer import Gazetteer, likeliest_reading, qualifier_areas
from ...model import Mention, ParsedArticle

_REGION_LEADS = ("state of", "province of", "commonwealth of", "region of", "oblast of")
# A short form after the comma that NER did not tag: "Alta.", "Calif.", "N.Y.", "B.C.".
_SHORT_FORM = re.compile(r"([A-Z][A-Za-z]{0,4}\.(?:[A-Z]\.)*)")
_LIST_GLUE = frozenset({" and ", " or ", ", ", ", and ", ", or "})


@dataclass
class NameHints:
    """Cues gathered over every mention of one name."""

    within: Counter[str] = field(default_factory=Counter)
    region_votes: int = 0
    mentions: int = 0

    def qualifier(self) -> str | None:
        return self.within.most_common(1)[0][0] if self.within else None

    def asks_region(self) -> bool:
        return self.region_votes * 2 > self.mentions


def _is_area(gazetteer: Gazetteer, name: str) -> bool:
    return bool(qualifier_areas(gazetteer, name))


def text_hints(gazetteer: Gazetteer, parsed: Sequence[ParsedArticle]) -> dict[str, NameHints]:
    """Hints by mention text, over all articles."""
    hints: dict[str, NameHints] = {}
    for doc in parsed:
        by_sentence: dict[int, list[Mention]] = {}
        for m in doc.mentions:
            by_sentence.setdefault(m.sentence, []).append(m)
        for sentence_no, mentions in by_sentence.items():
            if sentence_no >= len(doc.sentences):
                continue
            sentence = doc.sentences[sentence_no]
            ordered = sorted(mentions, key=lambda m: m.start)
            for n, m in enumerate(ordered):
                hint = hints.setdefault(m.text, NameHints())
                hint.mentions += 1
                local_start, local_end = m.start - sentence.start, m.end - sentence.start
                before = sentence.text[max(0, local_start - 20):local_start].rstrip().lower()
                if before.endswith(_REGION_LEADS):
                    hint.region_votes += 1
                after = sentence.text[local_end:local_end + 12]
                nxt = ordered[n + 1] if n + 1 < len(ordered) else None
                if after.startswith(", "):
                    qualifier = None
                    if nxt is not None and nxt.start == m.end + 2:
                        qualifier = nxt.text
                    elif (short := _SHORT_FORM.match(after[2:])) is not None:
                        qualifier = short.group(1)
                    if qualifier and _is_area(gazetteer, qualifier):
                        hint.within[qualifier] += 1
                        if nxt is not None and qualifier == nxt.text:
                            hints.setdefault(nxt.text, NameHints()).region_votes += 1
                        continue
                if _listed_with_region(gazetteer, sentence.text, sentence.start, m, ordered, n):
                    hint.region_votes += 1
    return hints


def _listed_with_region(gazetteer: Gazetteer, text: str, offset: int, m: Mention, ordered: list[Mention],
                        n: int) -> bool:
    """Is the mention in a list ("X and Y", "X, Y or Z") whose neighbour is plainly a first-level region?"""
    for other in (ordered[n - 1] if n else None, ordered[n + 1] if n + 1 < len(ordered) else None):
        if other is None:
            continue
        lo, hi = (other.end, m.start) if other.start < m.start else (m.end, other.start)
        if text[lo - offset:hi - offset] not in _LIST_GLUE:
            continue
        reading = likeliest_reading(gazetteer, other.text)
        if reading is not None and reading.feature == "A.ADM1":
            return True
    return False
