"""The local web app and REST API (``newsfuse serve``).

Module map: ``app`` (the factory), ``pages`` (HTML routes), ``rest`` (``/api``),
``auth`` (token, Host and size guards), ``forms`` (reading inputs out of
requests), ``intake`` (staging, ingestion and per-input results), ``urlguard``
(fetching URLs without reaching private addresses), ``rendering`` (templates
and the briefing markup), ``context`` (shared state), ``settings``.
"""

from __future__ import annotations

from .app import create_app
from .settings import Limits

__all__ = ["Limits", "create_app"]
