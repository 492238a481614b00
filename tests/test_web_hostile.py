"""Issue 14, web side: hostile bodies get 400/413 (never 500), a busy store answers at once, and the guard holds.

Each case failed on main: a deep or huge-number JSON body and a chunked body over the limit were
500s, a write to a busy store waited 60 s and then showed the server's lock path, a cross-site
Referer without Origin passed, logout was a GET, wrong tokens were never slowed down and a server
bound to 127.0.0.2 refused its own address.  Texts are invented.
"""

from __future__ import annotations

import json
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsfuse.store import AddReport, Store, StoreBusyError
from newsfuse.web import Limits, create_app
from test_web import TOKEN, FakeStore, make_client
from test_web_store import split_parser

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette's test client would prefer httpx2 on import
    from fastapi.testclient import TestClient


RECORD = {
    "title": "Tidal mill at Penhallow restored",
    "outlet": "Estuary Gazette",
    "text": (
        "The tidal mill at the fictional hamlet of Penhallow turned again on Sunday after a two-year restoration, "
        "the heritage trust said. Volunteers rebuilt the wooden wheel and cleared the mill pond of silt."
    ),
}
JSON = {"content-type": "application/json"}


# --------------------------------------------------------------------------- bodies


def test_a_body_of_100000_brackets_is_a_400() -> None:
    c, _ = make_client()
    response = c.post("/api/articles", content=b"[" * 100_000, headers=JSON)
    assert response.status_code == 400 and "nested too deeply" in response.json()["detail"]


def test_a_5000_digit_integer_is_a_400() -> None:
    c, _ = make_client()
    response = c.post("/api/articles", content=b"7" * 5_000, headers=JSON)
    assert response.status_code == 400 and "not valid JSON" in response.json()["detail"]


def _chunks(data: bytes, size: int = 100) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


@pytest.mark.parametrize("route", ["/api/articles", "/upload"])
def test_a_chunked_upload_over_the_limit_is_a_413(route: str) -> None:
    c, fake = make_client(limits=Limits(max_request_bytes=2_000))
    part = b'--edge\r\nContent-Disposition: form-data; name="files"; filename="mill.txt"\r\n\r\n'
    body = part + b"words " * 2_000 + b"\r\n--edge--\r\n"
    # A generator body has no Content-Length: it is sent chunked and must be counted as it streams.
    response = c.post(route, content=_chunks(body), headers={"content-type": "multipart/form-data; boundary=edge"})
    assert response.status_code == 413 and "larger than" in response.json()["detail"]
    assert fake.add_calls == []


def test_a_chunked_json_body_over_the_limit_is_a_413() -> None:
    c, _ = make_client(limits=Limits(max_request_bytes=2_000))
    body = json.dumps([RECORD] * 20).encode()
    assert c.post("/api/articles", content=_chunks(body), headers=JSON).status_code == 413


def test_a_record_with_a_lone_surrogate_is_stored_clean() -> None:
    c, fake = make_client()
    record = json.dumps({**RECORD, "title": "Tidal \\ud800mill"}).replace("\\\\ud800", "\\ud800")
    response = c.post("/api/articles", content=record.encode(), headers=JSON)
    assert response.status_code == 200, response.text
    (article,) = fake.articles.values()
    assert article.title == "Tidal mill"


# --------------------------------------------------------------------------- busy store


class BusyStore(FakeStore):
    def add(self, inputs: Any) -> AddReport:
        raise StoreBusyError("another newsfuse process is writing to this store (lock /srv/secret/store.db.lock)")


@pytest.mark.parametrize(("route", "kwargs"), [("/api/articles", {"json": RECORD}), ("/paste", {"data": RECORD})])
def test_a_busy_store_answers_busy_retry_at_once_without_its_path(route: str, kwargs: dict[str, Any]) -> None:
    c, _ = make_client(BusyStore())
    response = c.post(route, **kwargs)
    assert response.status_code == 503 and response.headers["retry-after"].isdigit()
    assert "busy" in response.text and "retry" in response.text
    assert "/srv/secret" not in response.text and ".lock" not in response.text


def test_a_second_upload_while_one_is_being_stored_is_told_to_retry() -> None:
    entered, release = threading.Event(), threading.Event()

    class SlowStore(FakeStore):
        def add(self, inputs: Any) -> AddReport:
            entered.set()
            release.wait(10)
            return super().add(inputs)

    c, _ = make_client(SlowStore())
    first: dict[str, int] = {}
    worker = threading.Thread(target=lambda: first.update(code=c.post("/api/articles", json=RECORD).status_code))
    worker.start()
    try:
        assert entered.wait(10)
        started = time.monotonic()
        second = c.post("/api/articles", json={**RECORD, "title": "Another mill"})
        assert second.status_code == 503 and time.monotonic() - started < 5
    finally:
        release.set()
        worker.join(10)
    assert first["code"] == 200


def test_a_real_store_held_by_another_writer_answers_at_once(tmp_path: Path) -> None:
    path = str(tmp_path / "store.db")
    with Store(path, parser=split_parser, writer_wait=0) as served, Store(path, parser=split_parser) as other:
        c = TestClient(create_app(store=served), base_url="http://127.0.0.1")
        with other.lock.hold():
            started = time.monotonic()
            response = c.post("/api/articles", json=RECORD)
            assert response.status_code == 503 and time.monotonic() - started < 5
            assert str(tmp_path) not in response.text
        assert c.post("/api/articles", json=RECORD).status_code == 200


def test_a_waiting_writer_reports_its_wait_and_gets_the_lock(tmp_path: Path) -> None:
    path = str(tmp_path / "store.db")
    waited: list[float] = []
    with Store(path, parser=split_parser) as first, Store(path, writer_wait=None, on_wait=waited.append) as second:
        holder = first.lock.hold()
        holder.__enter__()
        timer = threading.Timer(1.5, lambda: holder.__exit__(None, None, None))
        timer.start()
        with second.lock.hold():
            pass
        timer.join()
    assert waited and waited[0] < 0.5 and max(waited) >= 1.0  # told at once, then about every second


# --------------------------------------------------------------------------- guard


def test_a_post_with_only_a_cross_site_referer_is_refused() -> None:
    c, fake = make_client()
    refused = c.post("/api/articles", json=RECORD, headers={"referer": "https://evil.example/page"})
    assert refused.status_code == 403 and "another site" in refused.json()["detail"]
    same = c.post("/api/articles", json=RECORD, headers={"referer": "http://127.0.0.1/"})
    assert same.status_code == 200 and len(fake.articles) == 1


def test_logout_is_a_post() -> None:
    c, _ = make_client(token=TOKEN)
    assert c.post("/login", data={"token": TOKEN}, follow_redirects=False).status_code == 303
    assert '<form method="post" action="/logout"' in c.get("/").text
    assert c.get("/logout").status_code == 405
    assert c.get("/").status_code == 200
    assert c.post("/logout", follow_redirects=False).status_code == 303
    assert c.get("/").status_code == 401


def test_wrong_tokens_are_throttled_per_client() -> None:
    c, _ = make_client(token=TOKEN)
    for _ in range(10):
        assert c.get("/api/stories", headers={"x-newsfuse-token": "guess"}).status_code == 401
    throttled = c.get("/api/stories", headers={"x-newsfuse-token": TOKEN})
    assert throttled.status_code == 429 and int(throttled.headers["retry-after"]) >= 1
    assert c.post("/login", data={"token": TOKEN}).status_code == 429  # the form is throttled too


def test_wrong_tokens_at_the_login_form_are_throttled() -> None:
    c, _ = make_client(token=TOKEN)
    for _ in range(10):
        assert c.post("/login", data={"token": "guess"}).status_code == 401
    assert c.post("/login", data={"token": "guess"}).status_code == 429


def test_a_server_on_another_loopback_address_answers() -> None:
    app = create_app(store=FakeStore())
    assert TestClient(app, base_url="http://127.0.0.2:8000").get("/api/health").status_code == 200
    assert TestClient(app, base_url="http://[::1]:8000").get("/api/health").status_code == 200
    # a name is still refused without a token: DNS could point it at 127.0.0.2 (rebinding)
    assert TestClient(app, base_url="http://rebind.example").get("/api/health").status_code == 403


def test_an_upload_whose_name_is_not_utf8_is_added() -> None:
    c, _ = make_client()
    part = b'--edge\r\nContent-Disposition: form-data; name="files"; filename="mill\xff\x1b[2J.txt"\r\n\r\n'
    body = part + RECORD["text"].encode() + b"\r\n--edge--\r\n"
    response = c.post("/api/articles", content=body, headers={"content-type": "multipart/form-data; boundary=edge"})
    assert response.status_code == 200, response.text
    (item,) = response.json()["inputs"]
    assert item["articles"] and "\x1b" not in item["name"]
