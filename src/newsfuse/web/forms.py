"""Reading inputs out of requests (multipart uploads, pasted text, JSON records, a URL) into a staging folder."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from fastapi import HTTPException, Request
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException

from ..ingest import describe_size, safe_line, without_surrogates
from .intake import Staging, fetched_extension, paste_name, posted_name, record_file
from .settings import Limits
from .urlguard import UrlFetcher, UrlRefusedError

UPLOAD_FIELD = "files"
_METADATA_FIELDS = ("title", "outlet", "url", "published")
_READ_CHUNK = 1024 * 1024


def _form_problem(message: str) -> HTTPException:
    # Starlette words its limit errors "Too many files/fields" and "Part exceeded maximum size".
    status = 413 if "Too many" in message or "exceeded" in message else 400
    return HTTPException(status_code=status, detail=f"cannot read the form: {message}")


async def read_form(request: Request, limits: Limits) -> FormData:
    try:
        return await request.form(max_files=limits.max_files, max_fields=50, max_part_size=limits.max_text_bytes)
    except MultiPartException as exc:
        raise _form_problem(exc.message) from exc
    except StarletteHTTPException as exc:  # inside an app Starlette re-raises parser errors as a plain 400
        raise _form_problem(str(exc.detail)) from exc


async def _read_upload(upload: UploadFile, limit: int) -> bytes | None:
    """The file's bytes, or ``None`` when it is over ``limit`` (read in chunks, never more than limit + 1)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = await upload.read(_READ_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)


async def stage_uploads(form: FormData, staging: Staging, limits: Limits) -> None:
    uploads = [v for v in form.getlist(UPLOAD_FIELD) if isinstance(v, UploadFile)]
    # A browser sends one empty, nameless part when the file picker was left empty.
    uploads = [u for u in uploads if u.filename or (u.size or 0) > 0]
    if not uploads:
        raise HTTPException(status_code=400, detail=f"no file in the upload (form field {UPLOAD_FIELD!r})")
    for upload in uploads:
        name = upload.filename or "upload"
        data = await _read_upload(upload, limits.max_file_bytes)
        if data is None:
            staging.refuse(name, f"file too large (over {describe_size(limits.max_file_bytes)})")
        else:
            staging.add_bytes(name, data, "upload")
        await upload.close()


def _metadata(fields: Mapping[str, Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for key in _METADATA_FIELDS:
        value = fields.get(key)
        if isinstance(value, str) and value.strip():
            found[key] = value.strip()
    return found


def stage_paste(form: FormData, staging: Staging) -> None:
    text = form.get("text")
    if not isinstance(text, str) or not text.strip():
        raise HTTPException(status_code=400, detail="nothing pasted: the text field is empty")
    metadata = _metadata(form)
    staging.add_bytes(paste_name(), without_surrogates(text).encode("utf-8"), "pasted", metadata)
    staging.inputs[-1].name = safe_line(metadata.get("title") or "") or "pasted text"


def stage_records(body: bytes, staging: Staging, limits: Limits) -> None:
    """A JSON object (one article) or a list of them: ``{text|html, title, outlet, url, published}``."""
    if len(body) > limits.max_text_bytes:
        raise HTTPException(status_code=413, detail=f"JSON body over {describe_size(limits.max_text_bytes)}")
    try:
        payload = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise HTTPException(status_code=400, detail=f"the body is not valid JSON ({exc})") from exc
    except RecursionError as exc:
        raise HTTPException(status_code=400, detail="the body is not valid JSON (nested too deeply)") from exc
    except ValueError as exc:
        # Valid syntax the decoder still refuses, such as an integer over Python's 4,300-digit limit.
        raise HTTPException(status_code=400, detail=f"the body is not valid JSON ({exc})") from exc
    records = payload if isinstance(payload, list) else [payload]
    if not records:
        raise HTTPException(status_code=400, detail="an empty list holds no article")
    if len(records) > limits.max_files:
        raise HTTPException(status_code=413, detail=f"more than {limits.max_files} records in one request")
    for n, record in enumerate(records, start=1):
        name = f"record {n}"
        if not isinstance(record, dict):
            staging.refuse(name, f"a record must be a JSON object, not {type(record).__name__}")
            continue
        url = record.get("url")
        if isinstance(url, str) and url.strip():
            staging.add_named(posted_name(), record_file(record), url.strip())
        else:
            staging.add_bytes(posted_name(), record_file(record), "api")
        staging.inputs[-1].name = name


def stage_url(url: str, staging: Staging, fetcher: UrlFetcher) -> None:
    """Fetch the page or feed at ``url``; a refusal is this input's error, not the request's."""
    url = url.strip()
    if not url:
        raise HTTPException(status_code=400, detail="no URL given")
    try:
        document = fetcher.fetch(url)
        extension = fetched_extension(document.content_type, document.data)
    except (UrlRefusedError, ValueError) as exc:
        staging.refuse(url, str(exc))
        return
    # A page carries its address in a sidecar (a feed's entries carry their own links).
    metadata = {"url": document.url} if extension in (".html", ".txt", ".md") else None
    staging.add_named(f"fetched{extension}", document.data, document.url, metadata)
    staging.inputs[-1].name = safe_line(url)
