"""``briefing.json``: the machine-readable contract (see docs/json-format.md)."""

from __future__ import annotations

from ..model import Briefing


def dumps(briefing: Briefing) -> str:
    return briefing.model_dump_json(indent=2) + "\n"
