"""Stage: numeric facts with units, bounds, what they measure and their window.

Reads ``ParsedArticle`` and ``Briefing.quotes``; writes ``Briefing.quantities``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import ParsedArticle, Quantity, Quote


def extract_quantities(parsed: Sequence[ParsedArticle], quotes: Sequence[Quote]) -> list[Quantity]:
    return []
