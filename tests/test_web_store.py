"""The web app over the real store (SQLite in a temporary folder).

The fast tests give the store a stand-in parser (no spaCy) to check that the per-file results follow what
the store did: added, already stored, near-duplicate copies, revisions.  The slow test runs the real
pipeline on the example corpus through the API and the story page.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pytest
from markupsafe import escape

from newsfuse.model import Article, ParsedArticle, ParsedSentence, Token
from newsfuse.store import Store
from newsfuse.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette's test client would prefer httpx2 on import
    from fastapi.testclient import TestClient

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "counteroffensive"

# Fictional reports, written for this test.
LOCK_REPORT = (
    "Canal lock at Marrowby reopens after repairs\n"
    "The canal lock at the fictional village of Marrowby reopened on Wednesday after three weeks of repairs, "
    "the waterways trust said.\n"
    "Engineers replaced both lower gates and rebuilt part of the chamber wall, which had bulged after the "
    "winter floods.\n"
    "About 120 boats had been waiting upstream, and the trust said it expected the queue to clear by Sunday.\n"
    "Boaters were asked to follow the lock keeper's directions during the first week.\n"
)


def split_parser(batch: Sequence[Article]) -> Iterable[ParsedArticle]:
    """One sentence per line and one token per word: enough structure for the store, no model needed."""
    for article in batch:
        sentences = []
        offset = 0
        for index, line in enumerate(article.body.split("\n")):
            start = article.body.index(line, offset)
            tokens = []
            for i, match in enumerate(re.finditer(r"\S+", line)):
                word = match.group()
                tokens.append(Token(i=i, text=word, lemma=word.lower(), pos="NOUN", tag="NN", dep="ROOT",
                                    head=i, idx=start + match.start()))
            sentences.append(ParsedSentence(index=index, text=line, start=start, end=start + len(line),
                                            tokens=tokens))
            offset = start + len(line)
        yield ParsedArticle(article=article.id, sentences=sentences, mentions=[])


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    store = Store(str(tmp_path / "store.db"), parser=split_parser)
    try:
        yield TestClient(create_app(store=store), base_url="http://127.0.0.1")
    finally:
        store.close()


def _upload(client: TestClient, *files: tuple[str, bytes]) -> dict[str, dict]:  # type: ignore[type-arg]
    response = client.post("/api/articles", files=[("files", (n, d, "text/plain")) for n, d in files])
    assert response.status_code == 200, response.text
    return {item["name"]: item for item in response.json()["inputs"]}


def test_results_follow_the_store(client: TestClient) -> None:
    first = _upload(client, ("lock.txt", LOCK_REPORT.encode()))
    [article] = first["lock.txt"]["articles"]
    assert article["status"] == "added" and article["path"] == "upload/lock.txt"

    # the same text again is already stored; a lightly edited wire copy is added and linked to it
    copy = LOCK_REPORT.replace("Engineers replaced", "Contractors replaced") + "Reporting by a wire service.\n"
    second = _upload(client, ("again.txt", LOCK_REPORT.encode()), ("wire-copy.txt", copy.encode()))
    assert second["again.txt"]["articles"][0]["status"] == "unchanged"
    wire = second["wire-copy.txt"]["articles"][0]
    assert wire["status"] == "added" and wire["duplicate_of"] == article["id"]

    stories = client.get("/api/stories").json()
    assert len(stories) == 1 and set(stories[0]["articles"]) == {article["id"], wire["id"]}
    assert stories[0]["independent_outlets"] == 1  # a copy is not an independent outlet
    assert client.get("/api/stories", params={"q": "marrowby"}).json() == stories
    assert client.get(f"/api/stories/{stories[0]['id']}").json() == stories[0]
    assert client.get("/api/stories/s-missing").status_code == 404
    assert client.get("/api/health").json()["stories"] == 1


def test_same_url_with_new_text_is_a_revision(client: TestClient) -> None:
    record = {"text": LOCK_REPORT, "url": "https://canal.example/lock", "outlet": "Canal Times"}
    first = client.post("/api/articles", json=record).json()
    assert first["inputs"][0]["articles"][0]["status"] == "added"
    updated = dict(record, text=LOCK_REPORT + "Update: the queue cleared on Saturday, a day early.\n")
    second = client.post("/api/articles", json=updated).json()
    assert second["inputs"][0]["articles"][0]["status"] == "revision"


@pytest.mark.slow
def test_example_corpus_through_the_api_and_story_page(tmp_path: Path) -> None:
    files = sorted(p for p in EXAMPLE.iterdir() if p.is_file())
    assert files, f"no example files in {EXAMPLE}"
    with Store(str(tmp_path / "store.db")) as store:
        client = TestClient(create_app(store=store), base_url="http://127.0.0.1")
        response = client.post("/api/articles", files=[("files", (p.name, p.read_bytes(), "application/octet-stream"))
                                                       for p in files])
        assert response.status_code == 200, response.text
        added = [a for item in response.json()["inputs"] for a in item["articles"]]
        assert len(added) >= len(files)
        story = max(client.get("/api/stories").json(), key=lambda s: len(s["articles"]))
        briefing = client.get(f"/api/stories/{story['id']}/briefing").json()
        assert briefing["summary"] and briefing["articles"]
        assert {a["id"] for a in briefing["articles"]} == set(story["articles"])
        page = client.get(f"/stories/{story['id']}").text
        for sentence in briefing["summary"]:
            assert str(escape(sentence["text"])) in page  # the page escapes text the way Jinja does
        citation = briefing["summary"][0]["citations"][0]
        assert re.search(rf'id="[^"]*{citation["article"]}[^"]*{citation["sentence"]}"', page)
