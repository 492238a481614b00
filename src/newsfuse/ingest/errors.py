"""The one exception type the format readers raise for a bad input."""

from __future__ import annotations

from .safety import reason_line


class IngestError(Exception):
    """An input that cannot become an article; ``str(exc)`` is the one-line reason shown to the user.

    The reason is made one line and encodable here, once: it often quotes the input (a file name
    with a newline, a parser message about a byte that is not UTF-8).
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason_line(reason))
