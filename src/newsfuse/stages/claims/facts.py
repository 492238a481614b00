"""What one claim-worthy sentence says, in the terms the aligner and the conflict checks compare.

It sits below both :mod:`.align` and :mod:`.conflicts` so that neither has to import the other's types.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...model import Quantity, Quote
from .structure import Structure


@dataclass
class SentenceFacts:
    article: str
    sentence: int
    text: str
    order: int
    entities: frozenset[str]
    predicate: str | None
    negated: bool
    denial: bool
    lemmas: list[str]
    quantities: list[Quantity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    source: str | None = None
    starts_with_pronoun: bool = False
    #: the slots the same-fact decision compares (actors, places, years, dismissal words ...)
    structure: Structure = field(default_factory=Structure)
