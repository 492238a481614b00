"""Rendered pages kept as bytes, compressed once, answered with an ETag (and 304 when the reader has them).

A story page is rendered and gzip-compressed once per content key (see ``context``); every later view only
compares an ETag and writes bytes out, so a reader costs no template rendering, no serialisation and no
compression.  Pages are revalidated on every view (``no-cache``): a new article changes the page, and the
ETag makes the check cheap.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import Response

#: gzip level: 6 compresses a page of a few hundred kB in a few ms, once per content key
GZIP_LEVEL = 6


@dataclass(frozen=True)
class CachedPage:
    """One page's bytes as sent: gzip-compressed (the plain form is rebuilt for the rare client without gzip)."""

    packed: bytes
    etag: str
    media_type: str
    #: size of the uncompressed page, shown in "show all" links
    plain_size: int

    @classmethod
    def of(cls, text: str, media_type: str = "text/html; charset=utf-8") -> CachedPage:
        plain = text.encode("utf-8")
        # mtime=0: the same page compresses to the same bytes whenever it is rebuilt
        packed = gzip.compress(plain, compresslevel=GZIP_LEVEL, mtime=0)
        return cls(packed=packed, etag=f'"{hashlib.blake2b(plain, digest_size=16).hexdigest()}"',
                   media_type=media_type, plain_size=len(plain))

    def response(self, request: Request, private: bool) -> Response:
        """200 with the page (gzip when accepted), or 304 when ``If-None-Match`` names this version."""
        headers = {
            "ETag": self.etag,
            # private: with a token, a shared proxy must not keep a page another user may not see
            "Cache-Control": "private, no-cache" if private else "no-cache",
            "Vary": "Accept-Encoding",
        }
        if _matches(request.headers.get("if-none-match"), self.etag):
            return Response(status_code=304, headers=headers)
        if _accepts_gzip(request.headers.get("accept-encoding", "")):
            headers["Content-Encoding"] = "gzip"
            return Response(self.packed, media_type=self.media_type, headers=headers)
        return Response(gzip.decompress(self.packed), media_type=self.media_type, headers=headers)


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    # weak comparison (RFC 9110 13.1.2): a W/ prefix does not stop a match
    return any(tag.strip().removeprefix("W/") == etag for tag in if_none_match.split(","))


def _accepts_gzip(accept_encoding: str) -> bool:
    for part in accept_encoding.split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "*"):
            # "gzip;q=0" is a refusal
            q = params.strip().lower().removeprefix("q=")
            try:
                return not params or float(q) > 0
            except ValueError:
                return True
    return False
