"""The options of one briefing run, in one typed object with its defaults in one place.

The CLI, the web app, the store and the Dask runner each build a :class:`BriefingOptions` once and pass it
down to :func:`newsfuse.api.brief_articles`, which hands it to the pipeline; no layer spells the options out
again.  Values are checked when the object is made (:meth:`BriefingOptions.make`), so a bad date fails
before any model loads or any cluster starts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace

#: sentences in the summary unless the caller asks otherwise
DEFAULT_SUMMARY_LENGTH = 6
#: seconds to wait for an LLM endpoint's answer
DEFAULT_LLM_TIMEOUT = 120.0
#: seconds a briefing may run before it stops; generous for the CLI (a 2,000-article batch takes minutes),
#: a bound on pathological input rather than a budget
DEFAULT_TIME_LIMIT = 3600.0

#: called with each stage's name as the stage starts (a progress display)
StageCallback = Callable[[str], None]


def parse_day(value: str | dt.date | None, what: str = "reference date") -> dt.date | None:
    """``YYYY-MM-DD`` (or a date) to a date; ``ValueError`` naming ``what`` otherwise."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{what} {value!r} is not YYYY-MM-DD") from exc


@dataclass(frozen=True)
class LLMSettings:
    """An OpenAI-compatible chat endpoint for the optional abstractive summary."""

    url: str
    model: str
    timeout: float = DEFAULT_LLM_TIMEOUT


@dataclass(frozen=True)
class BriefingOptions:
    """How to brief: what the stages need beyond the articles themselves."""

    #: anchors relative dates ("on Friday") in articles that carry no publication date
    reference_date: dt.date | None = None
    summary_length: int = DEFAULT_SUMMARY_LENGTH
    #: ask this endpoint for an abstractive summary (checked against its citations); None: extractive only
    llm: LLMSettings | None = None
    #: progress callback; not part of what a briefing means, so it is left out of equality
    on_stage: StageCallback | None = field(default=None, compare=False, repr=False)
    #: seconds the run may take; checked as each stage starts (a stage under way finishes first); None: no limit
    time_limit: float | None = DEFAULT_TIME_LIMIT
    #: encode sentences on a background thread while the one-core stages after the parse run (the briefing
    #: is the same either way; off: the encoder stage encodes everything itself)
    encode_ahead: bool = field(default=True, compare=False)

    def __post_init__(self) -> None:
        if self.summary_length < 1:
            raise ValueError(f"summary length must be at least 1, got {self.summary_length}")
        if self.time_limit is not None and not self.time_limit > 0:
            raise ValueError(f"time limit must be a positive number of seconds, got {self.time_limit}")

    @classmethod
    def make(
        cls,
        reference_date: str | dt.date | None = None,
        summary_length: int = DEFAULT_SUMMARY_LENGTH,
        llm: LLMSettings | None = None,
        on_stage: StageCallback | None = None,
        time_limit: float | None = DEFAULT_TIME_LIMIT,
        *,
        reference_date_name: str = "reference date",
    ) -> BriefingOptions:
        """Options from user-facing values: the date as ``YYYY-MM-DD`` text is parsed here (``ValueError``)."""
        return cls(parse_day(reference_date, reference_date_name), summary_length, llm, on_stage, time_limit)

    def reporting_to(self, on_stage: StageCallback | None) -> BriefingOptions:
        """The same options with another progress callback."""
        return replace(self, on_stage=on_stage)

    def stage_started(self, name: str) -> None:
        if self.on_stage is not None:
            self.on_stage(name)
