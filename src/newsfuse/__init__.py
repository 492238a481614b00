"""newsfuse: fuse many news reports about a developing event into one source-attributed briefing.

>>> import newsfuse
>>> briefing = newsfuse.brief(["examples/counteroffensive"])  # doctest: +SKIP
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsfuse")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0+unknown"

from .api import brief, brief_articles
from .model import Briefing
from .options import BriefingOptions, LLMSettings

__all__ = ["Briefing", "BriefingOptions", "LLMSettings", "__version__", "brief", "brief_articles"]
