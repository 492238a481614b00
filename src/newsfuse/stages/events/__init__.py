"""Events: who did what to whom, where and when, coded with PLOVER categories."""

from .extract import extract_events

__all__ = ["extract_events"]
