"""The HTML pages: home (paste / upload / URL forms), stories list with search, story page, login."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from .auth import COOKIE, client_address, token_matches
from .context import context_of
from .forms import read_form, stage_paste, stage_uploads, stage_url
from .intake import Staging
from .rendering import story_path
from .results import AddResult

router = APIRouter(include_in_schema=False)

RECENT_STORIES = 10


def page(request: Request, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    ctx = context_of(request)
    values.setdefault("token_required", ctx.settings.token is not None)
    values.setdefault("allow_urls", ctx.settings.allow_urls)
    values.setdefault("limits", ctx.settings.limits)
    return ctx.templates.TemplateResponse(request, template, values, status_code=status_code)


def _results_page(request: Request, result: AddResult, what: str) -> HTMLResponse:
    ctx = context_of(request)
    stories = []
    for story_id in result.stories:
        try:
            stories.append(ctx.store.story(story_id))
        except KeyError:
            continue  # merged away meanwhile: its articles are listed under the story that took them
    status = 200 if any(i.articles for i in result.inputs) else 422
    return page(request, "results.html", status_code=status, result=result, what=what, stories=stories)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    recent = context_of(request).store.stories(limit=RECENT_STORIES)
    return page(request, "home.html", stories=recent)


@router.post("/paste", response_class=HTMLResponse)
async def paste(request: Request) -> HTMLResponse:
    ctx = context_of(request)
    form = await read_form(request, ctx.settings.limits)
    with Staging() as staging:
        stage_paste(form, staging)
        result = await ctx.store_batch(staging)
    return _results_page(request, result, "pasted text")


@router.post("/upload", response_class=HTMLResponse)
async def upload(request: Request) -> HTMLResponse:
    ctx = context_of(request)
    form = await read_form(request, ctx.settings.limits)
    try:
        with Staging() as staging:
            await stage_uploads(form, staging, ctx.settings.limits)
            result = await ctx.store_batch(staging)
    finally:
        await form.close()
    return _results_page(request, result, "upload")


@router.post("/fetch", response_class=HTMLResponse)
async def fetch(request: Request, url: Annotated[str, Form()]) -> HTMLResponse:
    ctx = context_of(request)
    if not ctx.settings.allow_urls:
        raise HTTPException(status_code=403, detail="URL fetching is off (start the server with --allow-urls)")
    with Staging() as staging:
        await run_in_threadpool(stage_url, url, staging, ctx.fetcher)
        result = await ctx.store_batch(staging)
    return _results_page(request, result, "URL")


@router.get("/stories", response_class=HTMLResponse)
def stories(request: Request, q: str | None = None) -> HTMLResponse:
    found = context_of(request).store.stories(query=q or None)
    return page(request, "stories.html", stories=found, q=q or "")


@router.get("/stories/{story_id}", response_class=HTMLResponse, name="story")
async def story(request: Request, story_id: str, new_since: Annotated[dt.date | None, Query()] = None) -> Response:
    """The story page: long lists folded, served as cached gzip bytes with an ETag (304 when unchanged)."""
    return await _story_page(request, story_id, new_since, whole=False)


@router.get("/stories/{story_id}/all", response_class=HTMLResponse, name="story_all")
async def story_all(
    request: Request, story_id: str, new_since: Annotated[dt.date | None, Query()] = None
) -> Response:
    """The whole briefing of a story, every list in full (the story page links here from what it folds)."""
    return await _story_page(request, story_id, new_since, whole=True)


async def _story_page(request: Request, story_id: str, new_since: dt.date | None, whole: bool) -> Response:
    # A view of a rendered page is answered on the event loop from memory; only a lookup in the store or
    # a briefing to compute goes to a worker thread (a page must never wait on the loop for those).
    ctx = context_of(request)
    found = ctx.recent.get(story_id)
    if found is None:
        found = await run_in_threadpool(ctx.recent_story, story_id)
    if found.id != story_id:
        # a merged-away id: send the browser to the story it now belongs to
        return RedirectResponse(story_path(found, new_since, whole), status_code=303)
    page = ctx.cached_page(found, new_since, whole)
    if page is None:
        page = await run_in_threadpool(ctx.story_page, found, new_since, whole)
    return page.response(request, private=ctx.settings.token is not None)


def _login_response(request: Request, token: str) -> Response:
    ctx = context_of(request)
    if ctx.settings.token is None:
        return RedirectResponse("/", status_code=303)
    client = client_address(request)
    wait = ctx.token_throttle.wait_seconds(client)
    if wait > 0:
        seconds = max(1, round(wait))
        refused = page(request, "login.html", status_code=429, message=f"Too many wrong tokens; try again in {seconds} s.")
        refused.headers["Retry-After"] = str(seconds)
        return refused
    if not token_matches(token, ctx.settings.token):
        ctx.token_throttle.failed(client)
        return page(request, "login.html", status_code=401, message="That token is not the right one.")
    ctx.token_throttle.succeeded(client)
    response = RedirectResponse("/", status_code=303)
    # SameSite=Strict: another site's form cannot post with this cookie (cross-site request forgery).
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/")
    return response


@router.get("/login", response_class=HTMLResponse)
def login(request: Request) -> Response:
    # The token is only ever posted: in a query string it would land in server logs and browser history.
    return page(request, "login.html", message=None)


@router.post("/login", response_class=HTMLResponse)
def login_form(request: Request, token: Annotated[str, Form()]) -> Response:
    return _login_response(request, token)


@router.post("/logout")
def logout() -> Response:
    # POST only: a link or an image on any page could otherwise log the user out (a GET has no guard).
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
