"""Story clustering: joining, time windows, merges; the ECB+ floor."""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from bench_modules import require_data
from newsfuse.store import ClusterParams, Store
from newsfuse.store.features import ArticleFeatures, entity_key
from newsfuse.store.schema import articles, story_merges
from newsfuse.store.synthetic import light_parser, stream

BENCH = Path(__file__).resolve().parent.parent / "bench"
ECB = Path(__file__).resolve().parent.parent.parent / "shared" / "eval-data" / "ecbplus-test" / "ECB+"


def _feats(words: str, day: str = "2031-05-01", ents: str = "") -> ArticleFeatures:
    return ArticleFeatures(Counter(words.split()), Counter("e:" + e for e in ents.split()), dt.date.fromisoformat(day))


def _place(store: Store, article_id: str, feats: ArticleFeatures) -> str:
    with store.engine.begin() as conn:
        seq = conn.execute(
            articles.insert().values(id=article_id, added_on="2031-05-01", added_at="x", revision=1,
                                     article_json="{}")
        ).inserted_primary_key[0]
        assignment = store.clusterer.add(conn, article_id, seq, feats, None, article_id)
        conn.execute(articles.update().where(articles.c.id == article_id).values(story_id=assignment.story_id))
        store.clusterer.stats.flush(conn)
    return assignment.story_id


def test_entity_keys_are_comparable_across_spellings() -> None:
    assert entity_key("The Orlenna Dam's", "place") == entity_key("Orlenna dam", "place") == "e:orlenna dam"
    assert entity_key("Mayor Ilsa Varn", "person") == entity_key("Varn", "person") == "e:varn"
    assert entity_key("—", "org") is None


def test_similar_articles_join_and_different_ones_do_not() -> None:
    store = Store("sqlite://", parser=light_parser)
    a = _place(store, "a1", _feats("orlenna dam spillway flood evacuate kettby reservoir", ents="orlenna varn"))
    b = _place(store, "a2", _feats("orlenna dam spillway reservoir peak thursday", ents="orlenna"))
    c = _place(store, "a3", _feats("chess festival dunmore endgame library champion", ents="adair"))
    assert a == b != c


def test_far_apart_dates_keep_the_same_words_apart() -> None:
    store = Store("sqlite://", parser=light_parser)
    a = _place(store, "a1", _feats("orlenna dam spillway flood evacuate", "2031-01-01", ents="orlenna"))
    b = _place(store, "a2", _feats("orlenna dam spillway flood evacuate", "2031-09-01", ents="orlenna"))
    assert a != b  # outside the candidate window: a new flood at the same dam is a new story


def test_an_article_linking_two_stories_merges_them_and_the_merge_is_recorded() -> None:
    params = ClusterParams(join_threshold=0.45, merge_threshold=0.5)
    store = Store("sqlite://", parser=light_parser, params=params)
    older = _place(store, "a1", _feats("harbour ferry strike crew wages", ents="kelport"))
    younger = _place(store, "a2", _feats("customs queue trucks border delays", ents="kelport"))
    assert older != younger
    joined = _place(store, "a3", _feats("harbour ferry strike crew wages customs queue trucks border delays",
                                        ents="kelport"))
    assert joined == older  # the older id is kept
    assert store.story(younger).id == older  # the merged id still leads to the story
    assert {s.id for s in store.stories()} == {older}
    assert set(store.story(older).articles) == {"a1", "a2", "a3"}
    with store.engine.connect() as conn:
        [merge] = conn.execute(select(story_merges)).all()
    assert (merge.merged, merge.kept, merge.article_id) == (younger, older, "a3")


def test_synthetic_stream_clusters_events_and_links_copies() -> None:
    store = Store("sqlite://", parser=light_parser)
    items = list(stream(300, seed=5))
    report = store.add([a for a, _ in items])
    assert report.duplicates_of, "the stream has wire copies"
    gold = {a.id: event for a, event in items}
    for copy, original in report.duplicates_of.items():
        assert gold[copy] == gold[original]
    # purity: most articles share their story with articles of their own event
    pure = sum(
        Counter(gold[a] for a in s.articles).most_common(1)[0][1] for s in store.stories()
    )
    assert pure / len(report.added) >= 0.6


@pytest.mark.slow
@pytest.mark.eval
def test_ecbplus_b_cubed_floor() -> None:
    require_data(ECB, "ECB+ eval data")
    sys.path.insert(0, str(BENCH))
    import eval_stories

    results = eval_stories.evaluate(ECB, seeds=2)
    # measured: F1 0.72-0.82 over orders with 13-17 clusters for 10 gold events; splitting lifted seed 2 from 0.76 to 0.82
    for name, result in results.items():
        assert result.f1 >= 0.65, (name, result)
        assert 8 <= result.clusters <= 30, (name, result)
