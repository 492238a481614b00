"""What one running web app is allowed to do: token, URL fetching, the size limits, and how it briefs."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..options import BriefingOptions

MB = 1024 * 1024
#: seconds a story page's briefing may take before the page answers 503
WEB_TIME_LIMIT = 300.0


@dataclass(frozen=True)
class Limits:
    #: one uploaded file (the same ceiling ingestion applies to a file on disk)
    max_file_bytes: int = 20 * MB
    #: files in one upload
    max_files: int = 50
    #: a whole request body (a multi-file upload included); checked while it streams in
    max_request_bytes: int = 256 * MB
    #: one text field of a form (pasted text) or a JSON body
    max_text_bytes: int = 5 * MB
    #: one fetched page or feed
    max_fetch_bytes: int = 5 * MB


@dataclass(frozen=True)
class Settings:
    token: str | None = None
    allow_urls: bool = False
    allow_private_urls: bool = False
    limits: Limits = Limits()
    #: Host header names accepted when no token is set (DNS-rebinding guard); None = loopback names
    allowed_hosts: tuple[str, ...] | None = None
    #: how story pages are briefed (the app has no per-request options); a page never waits past the limit
    briefing: BriefingOptions = field(default_factory=lambda: BriefingOptions(time_limit=WEB_TIME_LIMIT))

    def __post_init__(self) -> None:
        if self.token is not None and not self.token.strip():
            raise ValueError("the token is empty: give a non-empty --token (or unset NEWSFUSE_TOKEN)")
