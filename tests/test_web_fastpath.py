"""The ASGI fast path for story pages: the same answer as the routed path, after the guard, misses fall through.

The story here is the invented bridge-inspection record of ``test_web``; nothing is taken from any corpus.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from newsfuse.web import create_app, pages
from newsfuse.web.fastpath import story_page_target
from test_web import BRIDGE_RECORD, LOOPBACK, TOKEN, FakeStore, add_record


@pytest.fixture
def routed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The story ids the routed (slow) path served; the fast path leaves no trace here."""
    calls: list[str] = []
    real = pages._story_page

    async def counting(request: Any, story_id: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(story_id)
        return await real(request, story_id, *args, **kwargs)

    monkeypatch.setattr(pages, "_story_page", counting)
    return calls


def _client(**options: Any) -> tuple[TestClient, FakeStore]:
    store = FakeStore()
    return TestClient(create_app(store=store, **options), base_url=LOOPBACK), store


def _story_id(store: FakeStore) -> str:
    return next(iter(store.story_of.values()))


def test_story_page_paths_are_recognised_and_nothing_else() -> None:
    assert story_page_target("/stories/s12ab") == ("s12ab", False)
    assert story_page_target("/stories/s12ab/all") == ("s12ab", True)
    for other in ("/stories", "/stories/", "/stories/s1/other", "/stories/s1/all/x", "/api/stories/s1", "/"):
        assert story_page_target(other) is None, other


@pytest.mark.parametrize("headers", [{"Accept-Encoding": "gzip"}, {"Accept-Encoding": "identity"}])
def test_the_fast_answer_is_the_routed_answer(routed: list[str], headers: dict[str, str]) -> None:
    c, store = _client()
    add_record(c)
    story_id = _story_id(store)
    ctx = c.app.state.ctx  # type: ignore[attr-defined]
    for path in (f"/stories/{story_id}", f"/stories/{story_id}/all"):
        ctx.recent.fresh = 0.0  # no recent lookup: the routed path answers
        slow = c.get(path, headers=headers)
        assert routed[-1] == story_id
        ctx.recent.fresh = 60.0
        c.get(path, headers=headers)  # the routed path remembers the lookup ...
        calls = len(routed)
        fast = c.get(path, headers=headers)  # ... and this one is answered from memory
        assert len(routed) == calls, "the cached page went through the router"
        assert fast.status_code == slow.status_code == 200
        assert fast.content == slow.content
        assert dict(fast.headers) == dict(slow.headers)

        unchanged = c.get(path, headers={**headers, "If-None-Match": slow.headers["etag"]})
        assert len(routed) == calls and unchanged.status_code == 304 and unchanged.content == b""
        ctx.recent.fresh = 0.0
        routed_304 = c.get(path, headers={**headers, "If-None-Match": slow.headers["etag"]})
        assert len(routed) == calls + 1
        assert dict(routed_304.headers) == dict(unchanged.headers)


def test_the_guard_still_comes_first() -> None:
    c, store = _client(token=TOKEN)
    response = c.post("/api/articles", json=BRIDGE_RECORD, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    story_id = _story_id(store)
    ok = c.get(f"/stories/{story_id}", headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200 and "private" in ok.headers["cache-control"]
    # the page is cached and its story looked up: without the token it is still refused
    assert c.get(f"/stories/{story_id}").status_code == 401
    assert c.get(f"/stories/{story_id}", headers={"Authorization": "Bearer wrong"}).status_code == 401
    # and without a token configured, a host this server does not serve is refused before the page
    c2, store2 = _client()
    add_record(c2)
    sid = _story_id(store2)
    assert c2.get(f"/stories/{sid}").status_code == 200
    assert c2.get(f"/stories/{sid}", headers={"Host": "attacker.example"}).status_code == 403


def test_misses_and_other_requests_fall_through(routed: list[str]) -> None:
    c, store = _client()
    assert c.get("/stories/s-no-such-story").status_code == 404
    assert routed == ["s-no-such-story"]
    add_record(c)
    story_id = _story_id(store)
    c.app.state.ctx.pages._items.clear()  # type: ignore[attr-defined]  # not rendered yet: a miss
    assert c.get(f"/stories/{story_id}").status_code == 200
    assert routed[-1] == story_id
    calls = len(routed)
    c.get(f"/stories/{story_id}")
    assert len(routed) == calls, "now rendered and looked up: the fast path answers"
    c.get(f"/stories/{story_id}?new_since=2031-03-05")
    assert len(routed) == calls + 1, "a query string goes to the router"
    assert c.head(f"/stories/{story_id}").status_code in (200, 405)
    assert c.post(f"/stories/{story_id}").status_code == 405


def test_new_content_is_not_served_from_the_old_page(routed: list[str]) -> None:
    c, store = _client()
    add_record(c)
    story_id = _story_id(store)
    before = c.get(f"/stories/{story_id}")
    assert c.get(f"/stories/{story_id}").headers["etag"] == before.headers["etag"]
    # another article joins the story through this server: its lookups are dropped, the page is rebuilt
    extra = dict(BRIDGE_RECORD, text=BRIDGE_RECORD["text"] + "Surveyors logged a crack in the third pier.\n")
    add_record(c, extra)
    new_article = next(a for a in store.articles if store.story_of[a] != story_id)
    store.story_of[new_article] = story_id
    c.app.state.ctx.recent.clear()  # type: ignore[attr-defined]
    calls = len(routed)
    after = c.get(f"/stories/{story_id}", headers={"If-None-Match": before.headers["etag"]})
    assert len(routed) == calls + 1
    assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]
    assert "2 articles" in after.text
