"""Time: date expressions in the text, resolved against each article"s date, and the timeline they make."""

from .build import build_timeline, fuse_timeline

__all__ = ["build_timeline", "fuse_timeline"]
