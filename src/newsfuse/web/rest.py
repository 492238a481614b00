"""The REST API under ``/api``: the same objects as ``briefing.json`` (models from ``newsfuse.model``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from .. import __version__
from ..model import Briefing, Story
from .context import context_of
from .forms import read_form, stage_records, stage_uploads, stage_url
from .intake import Staging
from .results import AddResult, Health

router = APIRouter(prefix="/api", tags=["api"])

_ARTICLE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "description": "One record or a list of records",
                    "oneOf": [
                        {"$ref": "#/components/schemas/ArticleRecord"},
                        {"type": "array", "items": {"$ref": "#/components/schemas/ArticleRecord"}},
                    ],
                }
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}},
                    "required": ["files"],
                }
            },
        },
    }
}


class ArticleRecord(BaseModel):
    """A posted article: ``text`` (clean text) or ``html`` (a page), plus optional metadata."""

    text: str | None = None
    html: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None


class FetchRequest(BaseModel):
    url: str


def _status_of(result: AddResult) -> int:
    # 422 when nothing at all could be read; the body still says why, input by input.
    return 200 if any(i.articles for i in result.inputs) else 422


@router.get("/health", response_model=Health)
def health(request: Request) -> Health:
    ctx = context_of(request)
    return Health(
        version=__version__,
        stories=context_of(request).store.count_stories(),
        token_required=ctx.settings.token is not None,
        url_fetching=ctx.settings.allow_urls,
    )


@router.get("/stories", response_model=list[Story])
def list_stories(
    request: Request,
    q: Annotated[str | None, Query(description="words in a story or article title")] = None,
    since: Annotated[dt.date | None, Query(description="stories active on or after YYYY-MM-DD")] = None,
) -> list[Story]:
    return context_of(request).store.stories(since=since, query=q or None)


@router.get("/stories/{story_id}", response_model=Story)
def get_story(request: Request, story_id: str) -> Story:
    return context_of(request).story(story_id)


@router.get("/stories/{story_id}/briefing", response_model=Briefing)
def get_briefing(
    request: Request,
    story_id: str,
    new_since: Annotated[dt.date | None, Query(description="mark articles added on or after YYYY-MM-DD")] = None,
) -> Response:
    # serialised once per content and sent as (gzip) bytes with an ETag, like the story pages
    ctx = context_of(request)
    found = ctx.story(story_id)
    return ctx.briefing_json(found, new_since).response(request, private=ctx.settings.token is not None)


@router.post(
    "/articles",
    response_model=AddResult,
    openapi_extra=_ARTICLE_BODY,
    responses={413: {"description": "too many files or too large a body"}, 422: {"description": "nothing usable"}},
)
async def post_articles(request: Request) -> JSONResponse:
    """Add articles: a JSON record (or list) ``{text|html, title, outlet, url, published}`` or a multipart upload."""
    ctx = context_of(request)
    content_type = request.headers.get("content-type", "")
    with Staging() as staging:
        if content_type.startswith("multipart/form-data"):
            form = await read_form(request, ctx.settings.limits)
            try:
                await stage_uploads(form, staging, ctx.settings.limits)
            finally:
                await form.close()
        elif content_type.startswith("application/json"):
            stage_records(await request.body(), staging, ctx.settings.limits)
        else:
            raise HTTPException(status_code=415, detail="send application/json or multipart/form-data")
        result = await ctx.store_batch(staging)
    return JSONResponse(result.model_dump(mode="json"), status_code=_status_of(result))


@router.post("/fetch", response_model=AddResult)
async def post_fetch(request: Request, body: FetchRequest) -> JSONResponse:
    """Fetch a page or feed by URL and add its articles (only when the server allows URL fetching)."""
    ctx = context_of(request)
    if not ctx.settings.allow_urls:
        raise HTTPException(status_code=403, detail="URL fetching is off (start the server with --allow-urls)")
    with Staging() as staging:
        await run_in_threadpool(stage_url, body.url, staging, ctx.fetcher)
        result = await ctx.store_batch(staging)
    return JSONResponse(result.model_dump(mode="json"), status_code=_status_of(result))


def register_schemas(openapi: dict[str, object]) -> None:
    """Add ``ArticleRecord`` to the components (it is referenced by the hand-written request body)."""
    components = openapi.setdefault("components", {})
    if not isinstance(components, dict):
        raise TypeError("openapi components is not an object")
    schemas = components.setdefault("schemas", {})
    schemas["ArticleRecord"] = ArticleRecord.model_json_schema()
