"""Events: who did what to whom, where and when, coded with PLOVER categories and fused across outlets."""

from .extract import extract_events
from .fuse import fuse_events

__all__ = ["extract_events", "fuse_events"]
