"""The web app and REST API through the ASGI test client, every route, against a fake in-memory store.

The articles, outlets and places are fictional, written for these tests.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest

with warnings.catch_warnings():
    # Starlette's test client warns that it would prefer httpx2 on import; httpx is what is pinned.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from newsfuse import BriefingOptions
from newsfuse.ingest import ingest
from newsfuse.model import Article, Briefing, Citation, Sentence, Story, SummarySentence
from newsfuse.store import AddReport
from newsfuse.web import Limits, create_app

FERRY_TEXT = (
    "Ferry service to Oskarvik resumes after storm\n\n"
    "Ferry service between the fictional ports of Oskarvik and Lumen Bay resumed on Thursday, the harbour "
    "authority said.\n"
    "Crews had spent two days clearing debris from the outer pier after the storm tore away part of a breakwater.\n"
    "About 40 sailings were cancelled during the closure, according to the operator.\n"
)

BRIDGE_RECORD = {
    "title": "Bridge inspection finds cracked bearings in Tallowmere",
    "outlet": "Valley Courier",
    "published": "2031-03-04",
    "text": (
        "Inspectors found cracked bearings on the old river bridge in the fictional town of Tallowmere.\n"
        "The county engineer said the bridge would close to lorries from Monday while repairs are planned.\n"
    ),
}


def sample_briefing(story_articles: Sequence[str]) -> Briefing:
    """A small hand-built briefing whose summary cites sentence 1 of the first article."""
    first = story_articles[0] if story_articles else "a0000000001"
    body = "The pier reopened on Thursday. Forty sailings were cancelled during the closure."
    article = Article(
        id=first,
        path="upload/ferry.txt",
        title="Ferry service resumes",
        outlet="Harbour Gazette",
        body=body,
        sentences=[
            Sentence(index=0, text="The pier reopened on Thursday.", start=0, end=30),
            Sentence(index=1, text="Forty sailings were cancelled during the closure.", start=31, end=len(body)),
        ],
    )
    summary = [SummarySentence(text="Forty sailings were cancelled.", citations=[Citation(article=first, sentence=1)])]
    return Briefing(newsfuse_version="test", articles=[article], summary=summary, independent_outlets=1)


class FakeStore:
    """Keeps articles in memory; every new article opens its own story named after its title."""

    def __init__(self) -> None:
        self.articles: dict[str, Article] = {}
        self.story_of: dict[str, str] = {}
        self.add_calls: list[list[Article]] = []
        self.brief_calls = 0
        self.renamed: dict[str, str] = {}
        #: the ``limit`` of every ``stories()`` call: pages must not load the whole store to show a few
        self.listed_with_limit: list[int | None] = []

    def add(self, inputs: Sequence[str | Path | Article]) -> AddReport:
        result = ingest(list(inputs))
        self.add_calls.append(list(result.articles))
        report = AddReport(skipped=list(result.skipped))
        for article in result.articles:
            if article.id in self.articles:
                report.unchanged.append(article.id)
                continue
            self.articles[article.id] = article
            story_id = "s" + article.id[1:]
            self.story_of[article.id] = story_id
            report.added.append(article.id)
            report.stories.append(story_id)
        return report

    def _story(self, story_id: str) -> Story:
        members = [a for a, s in self.story_of.items() if s == story_id]
        if not members:
            raise KeyError(story_id)
        first = self.articles[members[0]]
        outlets = sorted({self.articles[a].outlet for a in members if self.articles[a].outlet})  # type: ignore[misc]
        return Story(
            id=story_id,
            title=first.title or first.id,
            articles=members,
            outlets=outlets,
            independent_outlets=len(outlets) or 1,
            first_seen="2031-03-04",
            last_seen="2031-03-05",
        )

    def stories(
        self, since: dt.date | None = None, query: str | None = None, limit: int | None = None
    ) -> list[Story]:
        self.listed_with_limit.append(limit)
        found = [self._story(s) for s in dict.fromkeys(self.story_of.values())]
        if query:
            found = [s for s in found if query.casefold() in s.title.casefold()]
        if since is not None:
            found = [s for s in found if s.last_seen and s.last_seen >= since.isoformat()]
        return found if limit is None else found[:limit]

    def count_stories(self) -> int:
        return len(dict.fromkeys(self.story_of.values()))

    def story(self, story_id: str) -> Story:
        return self._story(self.renamed.get(story_id, story_id))

    def brief_story(
        self, story_id: str, new_since: dt.date | None = None, options: BriefingOptions | None = None
    ) -> Briefing:
        self.brief_calls += 1
        return sample_briefing(self._story(story_id).articles)


# --------------------------------------------------------------------------- app fixtures

TOKEN = "s3cret-token"
LOOPBACK = "http://127.0.0.1"


def make_client(store: FakeStore | None = None, **options: Any) -> tuple[TestClient, FakeStore]:
    fake = store or FakeStore()
    app = create_app(store=fake, **options)
    return TestClient(app, base_url=LOOPBACK), fake


@pytest.fixture
def client() -> tuple[TestClient, FakeStore]:
    return make_client()


def add_record(client: TestClient, record: dict[str, Any] | None = None, **headers: str) -> Any:
    response = client.post("/api/articles", json=record or BRIDGE_RECORD, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


# --------------------------------------------------------------------------- health, docs, stories


def test_health_and_openapi(client: tuple[TestClient, FakeStore]) -> None:
    c, _ = client
    health = c.get("/api/health").json()
    assert health == {"status": "ok", "version": health["version"], "stories": 0,
                      "token_required": False, "url_fetching": False}
    schema = c.get("/openapi.json").json()
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/stories/{story_id}/briefing",
                 "/api/articles", "/api/health"):
        assert path in schema["paths"], path
    body = schema["paths"]["/api/articles"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(body)
    assert "ArticleRecord" in schema["components"]["schemas"]
    assert "Briefing" in schema["components"]["schemas"]  # response models come from newsfuse.model
    assert c.get("/docs").status_code == 200


def test_post_record_then_list_search_and_fetch_story(client: tuple[TestClient, FakeStore]) -> None:
    c, store = client
    result = add_record(c)
    [item] = result["inputs"]
    [article] = item["articles"]
    assert article["status"] == "added" and article["title"] == BRIDGE_RECORD["title"]
    assert article["path"].startswith("api/posted-") and "/tmp" not in article["path"]
    stored = store.articles[article["id"]]
    assert stored.outlet == "Valley Courier" and stored.published == "2031-03-04"

    stories = c.get("/api/stories").json()
    assert [s["title"] for s in stories] == [BRIDGE_RECORD["title"]]
    assert c.get("/api/stories", params={"q": "tallowmere"}).json() == stories
    assert c.get("/api/stories", params={"q": "volcano"}).json() == []
    assert c.get("/api/stories", params={"since": "2031-03-05"}).json() == stories
    assert c.get("/api/stories", params={"since": "2031-03-06"}).json() == []
    assert c.get("/api/stories", params={"since": "yesterday"}).status_code == 422

    story_id = stories[0]["id"]
    assert c.get(f"/api/stories/{story_id}").json() == stories[0]
    briefing = c.get(f"/api/stories/{story_id}/briefing").json()
    assert briefing["summary"][0]["citations"] == [{"article": article["id"], "sentence": 1}]
    assert c.get("/api/stories/s-nothing").status_code == 404
    assert c.get("/api/stories/s-nothing/briefing").status_code == 404


def test_repeated_post_is_reported_unchanged(client: tuple[TestClient, FakeStore]) -> None:
    c, _ = client
    add_record(c)
    again = add_record(c)
    assert again["inputs"][0]["articles"][0]["status"] == "unchanged"


def test_record_with_url_keeps_it_as_the_path(client: tuple[TestClient, FakeStore]) -> None:
    c, store = client
    record = dict(BRIDGE_RECORD, url="https://courier.example/bridge")
    result = add_record(c, record)
    article = result["inputs"][0]["articles"][0]
    assert article["path"] == "https://courier.example/bridge"
    assert store.articles[article["id"]].url == "https://courier.example/bridge"


def test_bad_records_are_explained_and_good_ones_still_added(client: tuple[TestClient, FakeStore]) -> None:
    c, store = client
    records = [BRIDGE_RECORD, {"title": "no text here"}, "not an object", {"text": 42}]
    response = c.post("/api/articles", json=records)
    assert response.status_code == 200
    inputs = response.json()["inputs"]
    assert inputs[0]["articles"][0]["status"] == "added"
    assert "no 'text', 'body' or 'html'" in inputs[1]["skipped"][0]["reason"]
    assert "must be a JSON object" in inputs[2]["error"]
    assert "must be text" in inputs[3]["skipped"][0]["reason"]
    assert len(store.articles) == 1


def test_nothing_usable_is_422_and_malformed_json_400(client: tuple[TestClient, FakeStore]) -> None:
    c, store = client
    response = c.post("/api/articles", json={"title": "only a title"})
    assert response.status_code == 422
    assert response.json()["inputs"][0]["skipped"][0]["reason"]
    bad = c.post("/api/articles", content=b"{not json", headers={"content-type": "application/json"})
    assert bad.status_code == 400 and "not valid JSON" in bad.json()["detail"]
    assert c.post("/api/articles", content=b"x", headers={"content-type": "text/plain"}).status_code == 415
    assert store.add_calls == []  # nothing readable never reaches the store


def test_html_record(client: tuple[TestClient, FakeStore]) -> None:
    c, store = client
    paragraphs = "".join(f"<p>{line}</p>" for line in FERRY_TEXT.splitlines()[2:])
    page = f"<html><head><title>Ferry back</title></head><body><article>{paragraphs}</article></body></html>"
    result = add_record(c, {"html": page, "outlet": "Harbour Gazette"})
    article_id = result["inputs"][0]["articles"][0]["id"]
    assert "Lumen Bay" in store.articles[article_id].body


# --------------------------------------------------------------------------- uploads


def _files(*items: tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (name, data, "application/octet-stream")) for name, data in items]


def test_multi_file_upload_reports_each_file(client: tuple[TestClient, FakeStore]) -> None:
    c, store = client
    jsonl = (json.dumps(BRIDGE_RECORD) + "\n{broken\n").encode()
    files = _files(
        ("../../etc/ferry story.txt", FERRY_TEXT.encode()),
        ("bridge.jsonl", jsonl),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
        ("empty.txt", b""),
        ("copy.txt", FERRY_TEXT.encode()),
    )
    response = c.post("/api/articles", files=files)
    assert response.status_code == 200, response.text
    inputs = {i["name"]: i for i in response.json()["inputs"]}
    ferry = inputs["../../etc/ferry story.txt"]
    assert ferry["articles"][0]["path"] == "upload/ferry_story.txt"
    assert ferry["articles"][0]["status"] == "added"
    bridge = inputs["bridge.jsonl"]
    assert bridge["articles"][0]["path"] == "upload/bridge.jsonl#line-1"
    assert "invalid JSON" in bridge["skipped"][0]["reason"] and bridge["skipped"][0]["path"].endswith("#line-2")
    assert "unsupported file type '.png'" in inputs["photo.png"]["skipped"][0]["reason"]
    assert inputs["empty.txt"]["skipped"][0]["reason"]
    assert inputs["copy.txt"]["skipped"][0]["reason"] == "duplicate of upload/ferry_story.txt"
    assert len(store.articles) == 2
    for item in inputs.values():  # no temporary path leaks into what the user sees
        assert "newsfuse-web-" not in json.dumps(item)


def test_upload_page_shows_per_file_results(client: tuple[TestClient, FakeStore]) -> None:
    c, _ = client
    response = c.post("/upload", files=_files(("ferry.txt", FERRY_TEXT.encode()), ("notes.docx", b"PK\x03\x04")))
    assert response.status_code == 200
    page = response.text
    assert "ferry.txt" in page and "Ferry service to Oskarvik resumes after storm" in page
    assert "unsupported file type &#39;.docx&#39;" in page
    assert "Stories that received articles" in page


def test_upload_limits(client: tuple[TestClient, FakeStore]) -> None:
    limits = Limits(max_file_bytes=400, max_files=3)
    c, _store = make_client(limits=limits)
    big = ("big.txt", b"word " * 200)
    response = c.post("/api/articles", files=_files(big, ("ferry.txt", FERRY_TEXT.encode()[:380])))
    inputs = response.json()["inputs"]
    assert inputs[0]["error"] == "file too large (over 400 bytes)"
    assert inputs[1]["articles"], "the file under the limit still goes in"
    too_many = c.post("/api/articles", files=_files(*[(f"f{n}.txt", b"text") for n in range(4)]))
    assert too_many.status_code == 413 and "Too many files" in too_many.json()["detail"]
    page = c.post("/upload", files=_files(*[(f"f{n}.txt", b"text") for n in range(4)]))
    assert page.status_code == 413 and "Too many files" in page.text and "<html" in page.text
    assert c.post("/api/articles", files=[]).status_code in (400, 415)


def test_request_body_ceiling(client: tuple[TestClient, FakeStore]) -> None:
    c, store = make_client(limits=Limits(max_request_bytes=2000))
    response = c.post("/api/articles", files=_files(("a.txt", b"x" * 5000)))
    assert response.status_code == 413 and "larger than" in response.json()["detail"]
    assert store.add_calls == []


def test_empty_upload_form(client: tuple[TestClient, FakeStore]) -> None:
    c, _ = client
    response = c.post("/upload", files=[("files", ("", b"", "application/octet-stream"))])
    assert response.status_code == 400 and "no file in the upload" in response.text


# --------------------------------------------------------------------------- paste and pages


def test_paste_form_with_title_and_outlet(client: tuple[TestClient, FakeStore]) -> None:
    c, store = client
    body = "\n".join(FERRY_TEXT.splitlines()[2:])
    response = c.post("/paste", data={"text": body, "title": "Ferries back", "outlet": "Harbour Gazette"})
    assert response.status_code == 200, response.text
    [article] = store.articles.values()
    assert article.title == "Ferries back" and article.outlet == "Harbour Gazette"
    assert article.path.startswith("pasted/pasted-") and article.path.endswith(".txt")
    empty = c.post("/paste", data={"text": "   "})
    assert empty.status_code == 400 and "nothing pasted" in empty.text


def test_home_stories_and_story_pages(client: tuple[TestClient, FakeStore]) -> None:
    c, store = client
    home = c.get("/")
    assert home.status_code == 200 and 'action="/paste"' in home.text and 'action="/upload"' in home.text
    assert "Fetching URLs is off" in home.text
    add_record(c)
    story_id = next(iter(store.story_of.values()))
    listing = c.get("/stories")
    assert f'href="/stories/{story_id}"' in listing.text and "Valley Courier" in listing.text
    assert "No story matches" in c.get("/stories", params={"q": "volcano"}).text
    assert BRIDGE_RECORD["title"] in c.get("/stories", params={"q": "BRIDGE"}).text
    assert BRIDGE_RECORD["title"] in c.get("/").text  # recent stories on the home page

    page = c.get(f"/stories/{story_id}")
    assert page.status_code == 200
    # the report markup is embedded: the cited sentence has an id and the summary links to it
    [target] = re.findall(r'<li id="([^"]+)"[^>]*>Forty sailings were cancelled during the closure\.</li>', page.text)
    assert f'href="#{target}"' in page.text
    assert page.text.count("<body") == 1  # the briefing is embedded, not a nested document
    c.get(f"/stories/{story_id}")
    assert store.brief_calls == 1, "the second view comes from the cache"
    missing = c.get("/stories/s-nothing")
    assert missing.status_code == 404 and "no story with id" in missing.text


def test_home_and_health_do_not_load_every_story(client: tuple[TestClient, FakeStore]) -> None:
    c, store = client
    for n in range(12):
        add_record(c, {**BRIDGE_RECORD, "title": f"Bridge report number {n}",
                       "text": f"Report {n}: " + BRIDGE_RECORD["text"] + f"Inspection round {n} ended.\n"})
    assert c.get("/api/health").json()["stories"] == 12
    assert store.listed_with_limit == []  # counted, not listed
    home = c.get("/").text
    assert store.listed_with_limit == [10]
    assert len(re.findall(r"Bridge report number \d+", home)) == 10


def test_merged_story_id_redirects(client: tuple[TestClient, FakeStore]) -> None:
    c, store = client
    add_record(c)
    story_id = next(iter(store.story_of.values()))
    store.renamed["s-old"] = story_id
    response = c.get("/stories/s-old", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/stories/{story_id}"


def test_article_text_is_escaped_on_pages(client: tuple[TestClient, FakeStore]) -> None:
    c, _ = client
    record = dict(BRIDGE_RECORD, title="<script>alert(1)</script> Bridge")
    add_record(c, record)
    listing = c.get("/stories").text
    assert "<script>alert(1)</script>" not in listing and "&lt;script&gt;" in listing


# --------------------------------------------------------------------------- token


@pytest.mark.parametrize("route", [
    ("GET", "/api/health"), ("GET", "/api/stories"), ("GET", "/api/stories/x"), ("GET", "/api/stories/x/briefing"),
    ("POST", "/api/articles"), ("POST", "/api/fetch"), ("POST", "/paste"), ("POST", "/upload"), ("POST", "/fetch"),
    ("GET", "/"), ("GET", "/stories"), ("GET", "/stories/x"),
])
def test_token_required_everywhere(route: tuple[str, str]) -> None:
    c, store = make_client(token=TOKEN, allow_urls=True)
    method, path = route
    response = c.request(method, path, json={"text": "x"} if path.startswith("/api") and method == "POST" else None)
    assert response.status_code == 401
    wrong = c.request(method, path, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert store.add_calls == []


def test_token_accepted_by_header_bearer_and_cookie() -> None:
    c, _ = make_client(token=TOKEN)
    assert c.get("/api/stories", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert c.get("/api/stories", headers={"X-Newsfuse-Token": TOKEN}).status_code == 200
    assert c.get("/api/stories", headers={"X-Newsfuse-Token": TOKEN + "x"}).status_code == 401
    assert c.get("/api/stories", headers={"X-Newsfuse-Token": "tökén".encode("latin-1")}).status_code == 401  # non-ASCII: no crash
    denied = c.get("/")
    assert denied.status_code == 401 and 'action="/login"' in denied.text
    assert c.get("/api/stories").headers["www-authenticate"] == "Bearer"
    # open without a token: the login page, the static files and the API documents
    assert c.get("/login").status_code == 200
    assert c.get("/static/app.css").status_code == 200
    assert c.get("/openapi.json").status_code == 200

    bad_login = c.post("/login", data={"token": "wrong"}, follow_redirects=False)
    assert bad_login.status_code == 401 and "not the right one" in bad_login.text
    # a token in the query string is never accepted (it would end up in logs and history)
    ignored = c.get("/login", params={"token": TOKEN}, follow_redirects=False)
    assert ignored.status_code == 200 and "set-cookie" not in ignored.headers
    login = c.post("/login", data={"token": TOKEN}, follow_redirects=False)
    assert login.status_code == 303
    cookie = login.headers["set-cookie"]
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
    assert c.get("/").status_code == 200  # the client now carries the cookie
    add_record(c)
    assert c.get("/logout").status_code == 405  # a link or an image on any page cannot log the user out
    assert c.get("/").status_code == 200
    c.post("/logout")
    assert c.get("/").status_code == 401


def test_login_form_post() -> None:
    c, _ = make_client(token=TOKEN)
    response = c.post("/login", data={"token": TOKEN}, follow_redirects=False)
    assert response.status_code == 303
    assert c.get("/stories").status_code == 200


def test_without_token_only_loopback_hosts_are_served() -> None:
    c, _ = make_client()
    assert c.get("/api/stories", headers={"host": "localhost:8000"}).status_code == 200
    assert c.get("/api/stories", headers={"host": "[::1]:8000"}).status_code == 200
    rebound = c.get("/api/stories", headers={"host": "attacker.example"})
    assert rebound.status_code == 403 and "not served without a token" in rebound.json()["detail"]
    # with a token the Host does not matter (the server may be reached by a LAN name)
    t, _ = make_client(token=TOKEN)
    assert t.get("/api/stories", headers={"host": "newsbox.lan", "X-Newsfuse-Token": TOKEN}).status_code == 200


def test_cross_site_post_refused(client: tuple[TestClient, FakeStore]) -> None:
    c, store = client
    response = c.post("/paste", data={"text": FERRY_TEXT}, headers={"origin": "https://evil.example"})
    assert response.status_code == 403 and "cross-site" in response.text
    same = c.post("/paste", data={"text": FERRY_TEXT}, headers={"origin": LOOPBACK})
    assert same.status_code == 200
    assert len(store.add_calls) == 1


def test_empty_token_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        create_app(store=FakeStore(), token="  ")


# --------------------------------------------------------------------------- URL form (no real network)


def _feed() -> bytes:
    items = "".join(
        f"<item><title>Ferry update {n}</title><link>https://harbour.example/{n}</link>"
        f"<description>{line}</description></item>"
        for n, line in enumerate(FERRY_TEXT.splitlines()[2:], start=1)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour</title>{items}</channel></rss>'.encode()


def _public_resolver(host: str, port: int) -> list[str]:
    if host[0].isdigit() or ":" in host:
        return [host]  # an address literal resolves to itself
    return {"harbour.example": ["93.184.215.14"], "intranet.example": ["10.1.2.3"]}.get(host, ["151.101.1.69"])


def test_fetch_off_by_default(client: tuple[TestClient, FakeStore]) -> None:
    c, _ = client
    assert c.post("/fetch", data={"url": "https://harbour.example/feed"}).status_code == 403
    off = c.post("/api/fetch", json={"url": "https://harbour.example/feed"})
    assert off.status_code == 403 and "--allow-urls" in off.json()["detail"]


def test_fetch_feed_through_mock_transport() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=_feed(), headers={"content-type": "application/rss+xml"})

    c, _store = make_client(allow_urls=True, resolver=_public_resolver, http_transport=httpx.MockTransport(handler))
    response = c.post("/api/fetch", json={"url": "https://harbour.example/feed"})
    assert response.status_code == 200, response.text
    [item] = response.json()["inputs"]
    assert item["name"] == "https://harbour.example/feed"
    assert next(a["path"] for a in item["articles"]) == "https://harbour.example/feed#entry-1"
    # the request went to the checked address, with the original Host and TLS name
    assert seen[0].url.host == "93.184.215.14" and seen[0].headers["host"] == "harbour.example"
    assert seen[0].extensions["sni_hostname"] == "harbour.example"
    page = c.post("/fetch", data={"url": "https://harbour.example/feed"})
    assert page.status_code == 200 and "already stored" in page.text


def test_fetch_refuses_private_address_and_private_redirect() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "151.101.1.69":
            return httpx.Response(302, headers={"location": "http://intranet.example/admin"})
        raise AssertionError(f"must not connect to {request.url}")

    c, store = make_client(allow_urls=True, resolver=_public_resolver, http_transport=httpx.MockTransport(handler))
    direct = c.post("/api/fetch", json={"url": "http://intranet.example/"})
    assert direct.status_code == 422
    assert "10.1.2.3, a private address" in direct.json()["inputs"][0]["error"]
    redirected = c.post("/api/fetch", json={"url": "http://news.example/story"})
    assert "10.1.2.3, a private address" in redirected.json()["inputs"][0]["error"]
    page = c.post("/fetch", data={"url": "http://127.0.0.1:5432/"})
    assert page.status_code == 422 and "loopback address" in page.text
    assert store.add_calls == []


def test_story_page_markup_has_no_second_report_heading() -> None:
    from newsfuse.web import rendering

    markup = rendering.briefing_markup(sample_briefing(["a1"]))
    assert "<h1>" not in str(markup.body) and str(markup.stylesheet) and "<section" in str(markup.body)


def test_an_upload_warms_its_story_before_anyone_reads_it(client: tuple[TestClient, FakeStore]) -> None:
    c, store = client
    add_record(c)
    assert c.app.state.ctx.warmer.drain(30)  # type: ignore[attr-defined]
    assert store.brief_calls == 1, "the story was briefed in the background after the upload"
    story_id = next(iter(store.story_of.values()))
    assert c.get(f"/stories/{story_id}").status_code == 200
    assert store.brief_calls == 1, "the page was served from the warmed briefing"


def test_a_briefing_over_its_time_limit_is_a_503(client: tuple[TestClient, FakeStore], monkeypatch: pytest.MonkeyPatch) -> None:
    from newsfuse.pipeline import BriefingTimeout

    c, store = client
    add_record(c)
    c.app.state.ctx.warmer.drain(30)  # type: ignore[attr-defined]
    c.app.state.ctx.briefings = type(c.app.state.ctx.briefings)()  # type: ignore[attr-defined]
    c.app.state.ctx.pages = type(c.app.state.ctx.pages)()  # type: ignore[attr-defined]

    def too_slow(*args: object, **kwargs: object) -> Briefing:
        raise BriefingTimeout("briefing stopped after 130 s, before the claims stage: over its time limit")

    monkeypatch.setattr(store, "brief_story", too_slow)
    story_id = next(iter(store.story_of.values()))
    answer = c.get(f"/api/stories/{story_id}/briefing")
    assert answer.status_code == 503 and "time limit" in answer.text
