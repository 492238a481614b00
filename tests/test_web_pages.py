"""Story pages stay light and cheap: long lists folded behind "show all", cached bytes, gzip, ETag and 304.

The briefing here is built by hand with invented words (an orchard-frost story), not taken from any corpus.
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
import warnings
from typing import Any

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from newsfuse import BriefingOptions
from newsfuse.model import (
    Article,
    Briefing,
    Citation,
    Claim,
    Conflict,
    Quote,
    Sentence,
    SentenceRef,
    SummarySentence,
)
from newsfuse.web import create_app
from newsfuse.web.folding import Folded, FoldLimits, fold
from newsfuse.web.pagecache import CachedPage
from test_web import BRIDGE_RECORD, LOOPBACK, TOKEN, FakeStore, add_record

N_ARTICLES, N_CLAIMS, N_QUOTES = 30, 90, 70


def _article(n: int) -> Article:
    lines = [f"Frost nipped the plum blossom in orchard row {n} overnight.",
             f"Grower number {n} lit smudge pots along the lower terrace."]
    body = " ".join(lines)
    sentences, start = [], 0
    for i, line in enumerate(lines):
        sentences.append(Sentence(index=i, text=line, start=start, end=start + len(line)))
        start += len(line) + 1
    return Article(id=f"a{n:011x}", path=f"orchard/{n}.txt", title=f"Orchard bulletin {n}",
                   outlet=f"Valley Grower {n % 9}", body=body, sentences=sentences)


def big_briefing(article_ids: list[str] | None = None) -> Briefing:
    articles = [_article(n) for n in range(N_ARTICLES)]
    claims = [
        Claim(id=f"c{n}", text=f"Blossom loss on terrace {n} reached {n} percent.", articles=[articles[n % N_ARTICLES].id],
              support=1, sentences=[SentenceRef(article=articles[n % N_ARTICLES].id, sentence=0, text="")])
        for n in range(N_CLAIMS)
    ]
    # the first claim disagrees with the last: the folded page must still show the other side
    claims[0].conflicts = [Conflict(claim=claims[-1].id, reason="the loss differs")]
    quotes = [Quote(speaker=f"Grower {n % 5}", text=f"We watched the thermometer on terrace {n} all night",
                    direct=True, article=articles[n % N_ARTICLES].id, sentence=1) for n in range(N_QUOTES)]
    # the summary cites the last article first, so its text must stay on the short page
    summary = [SummarySentence(text="Frost hit the orchards.", citations=[Citation(article=articles[-1].id, sentence=0)])]
    return Briefing(newsfuse_version="test", articles=articles, claims=claims, quotes=quotes, summary=summary,
                    independent_outlets=9)


class BigStore(FakeStore):
    def brief_story(
        self, story_id: str, new_since: dt.date | None = None, options: BriefingOptions | None = None
    ) -> Briefing:
        self.brief_calls += 1
        return big_briefing()


def _client(store: FakeStore | None = None, **options: Any) -> tuple[TestClient, FakeStore]:
    fake = store or BigStore()
    return TestClient(create_app(store=fake, **options), base_url=LOOPBACK), fake


def _story_id(store: FakeStore) -> str:
    return next(iter(store.story_of.values()))


def test_fold_cuts_long_lists_and_keeps_counts_and_conflict_partners() -> None:
    briefing = big_briefing()
    folded = fold(briefing, FoldLimits(facts=10, quotes=12, article_texts=3))
    kept_claims = [c.id for c in folded.briefing.claims]
    assert kept_claims[:10] == [f"c{n}" for n in range(10)] and kept_claims[10:] == [f"c{N_CLAIMS - 1}"]
    assert len(folded.briefing.quotes) == 12
    assert len(folded.briefing.articles) == N_ARTICLES, "every article keeps its heading: counts stay whole"
    with_text = [a.id for a in folded.briefing.articles if a.sentences]
    assert len(with_text) == 3 and briefing.articles[-1].id in with_text, "the summary's article keeps its text"
    assert len(folded.folded_articles) == N_ARTICLES - 3
    shown = {f.section: (f.shown, f.total) for f in folded.folds}
    assert shown == {"facts": (11, N_CLAIMS), "quotes": (12, N_QUOTES), "articles": (3, N_ARTICLES)}
    assert len(briefing.claims) == N_CLAIMS and all(a.sentences for a in briefing.articles), "the input is unchanged"


def test_a_fact_with_many_sources_lists_the_first_few_and_says_how_many_more() -> None:
    briefing = big_briefing()
    wide = briefing.claims[5]
    wide.sentences = [SentenceRef(article=a.id, sentence=0, text="") for a in briefing.articles]
    wide.conflicts = [Conflict(claim=f"c{n}", reason="the percentage differs") for n in range(50, 60)]
    folded = fold(briefing, FoldLimits(facts=20, citations_per_fact=4, conflicts_per_fact=3))
    [shown] = [c for c in folded.briefing.claims if c.id == "c5"]
    assert len(shown.sentences) == 4 and [x.claim for x in shown.conflicts] == ["c50", "c51", "c52"]
    assert shown.notes == [f"{N_ARTICLES - 4} more source sentences and 7 more conflicts on the whole briefing page"]
    kept = [c.id for c in folded.briefing.claims]
    assert {"c50", "c51", "c52"} <= set(kept) and "c53" not in kept, "only the shown conflicts' other sides"
    assert len(wide.sentences) == N_ARTICLES and not wide.notes, "the briefing itself is unchanged"
    # with every fact on the page, the shortened source lists still get their "show all"
    few = fold(briefing, FoldLimits(facts=500, citations_per_fact=4, conflicts_per_fact=3))
    assert [f for f in few.folds if f.section == "facts"] == [
        Folded("facts", "facts with every source", N_CLAIMS - 1, N_CLAIMS)
    ]


def test_a_small_briefing_is_not_folded() -> None:
    briefing = big_briefing()
    folded = fold(briefing, FoldLimits(facts=500, quotes=500, article_texts=500))
    assert folded.folds == [] and folded.folded_articles == frozenset()


def test_story_page_folds_and_links_the_whole_briefing() -> None:
    c, store = _client()
    add_record(c)
    story_id = _story_id(store)
    page = c.get(f"/stories/{story_id}")
    assert page.status_code == 200
    assert "Blossom loss on terrace 39 reached" in page.text and "Blossom loss on terrace 40 reached" not in page.text
    assert f"terrace {N_CLAIMS - 1} reached" in page.text, "the other side of a shown conflict is on the page"
    assert f"41 of {N_CLAIMS} facts shown here" in page.text
    assert f'href="/stories/{story_id}/all#facts">show all {N_CLAIMS}' in page.text
    assert page.text.count("<article id=") == N_ARTICLES
    assert page.text.count('<li id="s-') == 2 * FoldLimits().article_texts, "8 article texts of 2 sentences"
    # a citation of a folded article's sentence leads to the whole briefing, where that sentence is
    folded_article = _article(20).id  # texts kept: the summary's article, then articles 0-6
    assert f'href="/stories/{story_id}/all#s-{folded_article}-0"' in page.text
    assert f'href="#s-{_article(N_ARTICLES - 1).id}-0"' in page.text, "shown sentences are cited on the page"

    whole = c.get(f"/stories/{story_id}/all")
    assert whole.status_code == 200
    assert all(f"terrace {n} reached" in whole.text for n in range(N_CLAIMS))
    assert whole.text.count('<li id="s-') == 2 * N_ARTICLES and "/all#" not in whole.text
    assert f'id="s-{folded_article}-0"' in whole.text
    assert f'href="/stories/{story_id}"' in whole.text  # back to the short page
    assert len(page.content) < 0.7 * len(whole.content)  # the rest is the inline stylesheet and script


def test_story_page_is_rendered_once_and_sent_gzip_with_an_etag(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsfuse.web import context

    renders: list[bool] = []
    real = context.story_page

    def counting(*args: Any, **kwargs: Any) -> str:
        renders.append(kwargs["whole"])
        return real(*args, **kwargs)

    monkeypatch.setattr(context, "story_page", counting)
    c, store = _client()
    add_record(c)
    assert c.app.state.ctx.warmer.drain(30)  # type: ignore[attr-defined]
    story_id = _story_id(store)
    first = c.get(f"/stories/{story_id}", headers={"Accept-Encoding": "gzip"})
    second = c.get(f"/stories/{story_id}", headers={"Accept-Encoding": "gzip"})
    assert renders == [False], "the upload warmed the page; readers only get its bytes"
    assert first.headers["content-encoding"] == "gzip" and "accept-encoding" in first.headers["vary"].lower()
    assert first.headers["etag"] == second.headers["etag"] and first.text == second.text
    assert int(first.headers["content-length"]) < len(first.content), "the body went over the wire compressed"

    plain = c.get(f"/stories/{story_id}", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.text == first.text

    unchanged = c.get(f"/stories/{story_id}", headers={"If-None-Match": first.headers["etag"]})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged.headers["etag"] == first.headers["etag"]
    assert c.get(f"/stories/{story_id}", headers={"If-None-Match": f"W/{first.headers['etag']}"}).status_code == 304
    assert c.get(f"/stories/{story_id}", headers={"If-None-Match": '"an-old-version"'}).status_code == 200
    assert store.brief_calls == 1


def test_a_new_article_changes_the_etag() -> None:
    c, store = _client(FakeStore())
    add_record(c)
    story_id = _story_id(store)
    before = c.get(f"/stories/{story_id}")
    # a second article joins the same story: the content key, the page and its ETag all change
    extra = dict(BRIDGE_RECORD, text=BRIDGE_RECORD["text"] + "A second crew surveyed the piers on Tuesday.\n")
    add_record(c, extra)
    assert c.get(f"/stories/{story_id}", headers={"If-None-Match": before.headers["etag"]}).status_code == 304
    new_article = next(a for a in store.articles if store.story_of[a] != story_id)
    # the article moves into the story behind the app's back, as another process writing the store would do
    store.story_of[new_article] = story_id
    stale = c.get(f"/stories/{story_id}", headers={"If-None-Match": before.headers["etag"]})
    assert stale.status_code == 304, "a story looked up in the last second is reused"
    c.app.state.ctx.recent.fresh = 0.0  # type: ignore[attr-defined]  # ... until the second has passed
    after = c.get(f"/stories/{story_id}", headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]
    assert "2 articles" in after.text


def test_an_upload_to_this_server_shows_on_its_pages_at_once() -> None:
    c, store = _client(FakeStore())
    add_record(c)
    story_id = _story_id(store)
    assert "1 articles" in c.get(f"/stories/{story_id}").text
    recent = c.app.state.ctx.recent  # type: ignore[attr-defined]
    assert recent.get(story_id) is not None
    add_record(c, dict(BRIDGE_RECORD, text=BRIDGE_RECORD["text"] + "Divers checked the footings at dusk.\n"))
    assert recent.get(story_id) is None, "the upload dropped the lookups its new articles may change"


def test_pages_behind_a_token_are_private_to_caches() -> None:
    c, store = _client(token=TOKEN)
    add_record(c, None, Authorization=f"Bearer {TOKEN}")
    page = c.get(f"/stories/{_story_id(store)}", headers={"Authorization": f"Bearer {TOKEN}"})
    assert page.status_code == 200 and page.headers["cache-control"] == "private, no-cache"
    assert c.get(f"/stories/{_story_id(store)}").status_code == 401, "the cache does not bypass the token"


def test_whole_page_of_a_merged_story_redirects_to_the_whole_page() -> None:
    c, store = _client()
    add_record(c)
    store.renamed["s-gone"] = _story_id(store)
    moved = c.get("/stories/s-gone/all", params={"new_since": "2031-03-04"}, follow_redirects=False)
    assert moved.status_code == 303
    assert moved.headers["location"] == f"/stories/{_story_id(store)}/all?new_since=2031-03-04"


@pytest.mark.parametrize(("accept", "expected"), [
    ("gzip", True), ("gzip, deflate, br", True), ("br;q=1.0, gzip;q=0.5", True), ("*", True),
    ("gzip;q=0", False), ("identity", False), ("", False), ("deflate", False),
])
def test_gzip_is_sent_only_when_accepted(accept: str, expected: bool) -> None:
    from starlette.requests import Request

    page = CachedPage.of("<p>" + "hail on the vines " * 50 + "</p>")
    request = Request({"type": "http", "method": "GET", "path": "/", "headers": [(b"accept-encoding", accept.encode())]})
    answer = page.response(request, private=False)
    assert (answer.headers.get("content-encoding") == "gzip") is expected
    body = bytes(answer.body)
    assert (gzip.decompress(body) if expected else body).decode() == "<p>" + "hail on the vines " * 50 + "</p>"


def test_the_same_page_always_gets_the_same_etag_and_bytes() -> None:
    one, two = CachedPage.of("<p>windbreak</p>"), CachedPage.of("<p>windbreak</p>")
    assert one == two and re.fullmatch(r'"[0-9a-f]{32}"', one.etag)
    assert CachedPage.of("<p>windbreaks</p>").etag != one.etag


def run_on_briefing(clauses: int) -> Briefing:
    """One article that is one endless sentence, cited by many quotes (the run-on input of issue 14)."""
    text = ", and ".join(f"the snowplough on pass {n} turned back at the cairn" for n in range(clauses)) + "."
    article = Article(id="a0000000beef", path="pass.txt", title="Pass closed", outlet="Ridge Ledger", body=text,
                      sentences=[Sentence(index=0, text=text, start=0, end=len(text))])
    quotes = [Quote(speaker="A driver", text=f"pass {n} is shut", direct=False, article=article.id, sentence=0)
              for n in range(clauses // 20)]
    return Briefing(newsfuse_version="test", articles=[article], quotes=quotes, independent_outlets=1)


def test_a_run_on_sentence_is_shortened_on_the_story_page() -> None:
    briefing = run_on_briefing(800)
    [sentence] = fold(briefing, FoldLimits()).briefing.articles[0].sentences
    assert len(sentence.text) < 1200 and f"a sentence of {len(briefing.articles[0].sentences[0].text):,} characters" in sentence.text
    assert fold(briefing, FoldLimits()).folds == [Folded("articles", "articles with every sentence in full", 0, 1)]


def test_story_page_size_grows_linearly_with_a_run_on_sentence() -> None:
    sizes = {}
    for clauses in (400, 1600):
        class RunOnStore(FakeStore):
            def brief_story(self, story_id: str, new_since: dt.date | None = None,
                            options: BriefingOptions | None = None, clauses: int = clauses) -> Briefing:
                return run_on_briefing(clauses)

        c, store = _client(RunOnStore())
        add_record(c)
        sizes[clauses] = len(c.get(f"/stories/{_story_id(store)}").content)
    # four times the sentence (and four times the citations of it): the page grows about four times, not
    # sixteen as it would if each citation's tooltip repeated the whole sentence
    assert sizes[1600] < 5 * sizes[400], sizes


def test_briefing_json_is_serialised_once_and_revalidated_with_its_etag() -> None:
    c, store = _client()
    add_record(c)
    path = f"/api/stories/{_story_id(store)}/briefing"
    first = c.get(path)
    assert first.status_code == 200 and first.headers["content-type"] == "application/json"
    assert Briefing.model_validate(first.json()) == big_briefing(), "the same briefing as the model gives"
    assert c.get(path, headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    assert store.brief_calls == 1
