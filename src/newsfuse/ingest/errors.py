"""The one exception type the format readers raise for a bad input."""

from __future__ import annotations


class IngestError(Exception):
    """An input that cannot become an article; ``str(exc)`` is the one-line reason shown to the user."""
