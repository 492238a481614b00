"""Stories that split: a glued story pulls apart (old id kept), a coherent one never does, old stores migrate."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text, update

from newsfuse.ingest.articles import article_id
from newsfuse.model import Article
from newsfuse.store import ClusterParams, Store
from newsfuse.store.features import ArticleFeatures
from newsfuse.store.schema import (
    LATEST_VERSION,
    article_vectors,
    articles,
    current_version,
    schema_version,
    stories,
    story_terms,
)
from newsfuse.store.splits import SplitParams, partition
from newsfuse.store.synthetic import light_parser

# Two fictional events in one harbour town, and an ambiguous report that mentions both.
STRIKE = [
    ("a1", "harbour ferry strike crew wages", "kelport union"),
    ("a2", "ferry strike crew wages pickets", "kelport union"),
    ("a3", "harbour strike crew pickets union wages", "union"),
    ("a4", "ferry crew wages pickets talks", "union"),
    ("a5", "strike talks crew wages harbour", "union"),
]
CUSTOMS = [
    ("b1", "customs queue trucks border delays", "kelport customs"),
    ("b2", "queue trucks border delays lorries", "customs"),
    ("b3", "trucks border lorries inspection delays", "customs"),
    ("b4", "customs lorries inspection queue", "customs"),
    ("b5", "border inspection delays trucks queue", "customs"),
]
GLUE = ("g1", "harbour ferry strike customs queue trucks border", "kelport")


def _feats(words: str, ents: str, day: str = "2031-05-01") -> ArticleFeatures:
    return ArticleFeatures(Counter(words.split()), Counter("e:" + e for e in ents.split()), dt.date.fromisoformat(day))


def _place(store: Store, article_id: str, words: str, ents: str) -> str:
    with store.engine.begin() as conn:
        inserted = conn.execute(
            articles.insert().values(id=article_id, title=f"headline {article_id}", added_on="2031-05-01",
                                     added_at="x", revision=1, article_json="{}")
        ).inserted_primary_key
        assert inserted is not None
        seq = int(inserted[0])
        assignment = store.clusterer.add(conn, article_id, seq, _feats(words, ents), f"headline {article_id}",
                                         article_id)
        conn.execute(articles.update().where(articles.c.id == article_id).values(story_id=assignment.story_id))
        store.clusterer.stats.flush(conn)
    return assignment.story_id


def _glued_stream() -> list[tuple[str, str, str]]:
    """The strike's first report, the ambiguous one, then both events' reports interleaved."""
    out = [STRIKE[0], GLUE]
    for strike, customs in zip(STRIKE[1:], CUSTOMS, strict=False):
        out += [customs, strike]
    return out + [CUSTOMS[-1]]


def test_a_glued_story_splits_and_the_part_with_the_oldest_article_keeps_the_id() -> None:
    store = Store("sqlite://", parser=light_parser)
    placed = {aid: _place(store, aid, words, ents) for aid, words, ents in _glued_stream()}
    first = placed["a1"]
    assert placed["b1"] == first, "the ambiguous report glues the customs queue to the strike story"

    strike_ids = {aid for aid, _, _ in STRIKE}
    customs_ids = {aid for aid, _, _ in CUSTOMS}
    kept = store.story(first)
    assert kept.id == first
    assert strike_ids <= set(kept.articles)
    assert not customs_ids & set(kept.articles)
    [other] = [s for s in store.stories() if s.id != first]
    assert customs_ids <= set(other.articles)

    [split] = store.splits()
    assert (split.story_id, split.new_story) == (first, other.id)
    assert customs_ids & set(split.moved)
    assert split.cross_similarity < ClusterParams().join_threshold
    # later reports join the right part: the inverted index was rebuilt
    assert _place(store, "b6", "customs trucks lorries queue border", "customs") == other.id
    assert _place(store, "a6", "ferry strike pickets crew wages", "union") == first
    with store.engine.connect() as conn:  # the new story is indexed under its own features only
        terms = set(conn.execute(select(story_terms.c.term).where(story_terms.c.story_id == other.id)).scalars())
    assert {"lorries", "inspection"} <= terms and "pickets" not in terms


def test_without_split_params_the_glued_story_stays_whole() -> None:
    store = Store("sqlite://", parser=light_parser, params=ClusterParams(split=None))
    placed = {aid: _place(store, aid, words, ents) for aid, words, ents in _glued_stream()}
    assert set(placed.values()) == {placed["a1"]}  # the control: without splitting, the events stay glued
    assert store.splits() == []


def test_a_coherent_story_never_splits() -> None:
    store = Store("sqlite://", parser=light_parser)
    vocabulary = [
        "reservoir", "dam", "spillway", "flood", "evacuation", "kettby", "orlenna", "rain", "levee", "pumps",
        "shelter", "river",
    ]
    rng = np.random.default_rng(7)
    ids = set()
    for n in range(30):
        words = " ".join(rng.choice(vocabulary, size=6, replace=False))
        ids.add(_place(store, f"f{n}", words, "orlenna kettby"))
    assert len(ids) == 1
    assert store.splits() == []
    assert len(store.story(ids.pop()).articles) == 30


def _as_version_2(path: Path) -> None:
    """Make a store look as the previous release left it: no article vectors, no split record."""
    store = Store(str(path), parser=light_parser)
    with store.engine.begin() as conn:
        conn.execute(text("DROP TABLE article_vectors"))
        conn.execute(text("DROP TABLE story_splits"))
        conn.execute(text("DROP TABLE sentence_vectors"))  # added by migration 4
        conn.execute(update(schema_version).values(version=2))
    store.close()


def test_a_version_2_store_is_migrated_and_its_unvectored_articles_stay_with_the_id(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    stream = _glued_stream()
    old, new = stream[:3], stream[3:]  # a1, g1, b1 were clustered by the previous release
    store = Store(str(path), parser=light_parser)
    placed = {aid: _place(store, aid, words, ents) for aid, words, ents in old}
    store.close()
    _as_version_2(path)

    store = Store(str(path), parser=light_parser)
    with store.engine.connect() as conn:
        assert current_version(conn) == LATEST_VERSION
        assert conn.execute(select(article_vectors)).all() == []
    assert store.splits() == []
    assert store.story(placed["a1"]).articles == ["a1", "g1", "b1"]
    placed.update({aid: _place(store, aid, words, ents) for aid, words, ents in new})
    first = placed["a1"]
    kept = store.story(first)
    assert {"a1", "g1", "b1"} <= set(kept.articles)  # no vector: they stay with the story's id
    [split] = store.splits()
    assert split.story_id == first
    moved = set(split.moved)
    assert moved and moved <= {aid for aid, _, _ in CUSTOMS}
    with store.engine.connect() as conn:
        n_vectors = conn.execute(select(stories.c.n_vectors).where(stories.c.id == first)).scalar_one()
    assert n_vectors == len(kept.articles)
    store.close()


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=14), st.integers(min_value=0, max_value=2**31 - 1))
def test_partition_covers_every_member_once(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    raw = rng.random((n, n)) ** 3
    sim = (raw + raw.T) / 2
    np.fill_diagonal(sim, 1.0)
    params = SplitParams()
    parts = partition(sim, params)
    assert sorted(i for p in parts for i in p) == list(range(n))
    assert [p[0] for p in parts] == sorted(p[0] for p in parts)
    assert parts[0][0] == 0  # the oldest member is always in the first part, the one keeping the id
    if len(parts) > 1:
        assert all(len(p) >= params.min_part for p in parts)


def test_partition_of_two_far_apart_blocks_with_a_bridge() -> None:
    sim = np.full((9, 9), 0.02)
    sim[:4, :4] = sim[4:8, 4:8] = 0.6
    sim[8, :] = sim[:, 8] = 0.5  # the ambiguous article, close to both
    np.fill_diagonal(sim, 1.0)
    parts = partition(sim, SplitParams())
    assert len(parts) == 2
    assert {frozenset(p) - {8} for p in parts} == {frozenset(range(4)), frozenset(range(4, 8))}


def _article(serial: int, title: str, body: str) -> Article:
    return Article(id=article_id(body), path=f"fiction:{serial}", title=title, outlet=f"Outlet {serial % 4}",
                   published="2031-05-01", body=body)


def test_store_add_reports_the_split_and_copies_follow_their_original() -> None:
    with Store("sqlite://", parser=light_parser) as store:
        check_split_through_add(store)


def check_split_through_add(store: Store) -> None:
    """On an empty store: a glued story splits through ``Store.add`` (also run on PostgreSQL)."""
    strike = [
        _article(1, "Ferry crews strike at Kelport harbour", "Ferry crews walked out over wages at the harbour."),
        _article(3, "Ferry strike enters second day", "Ferry crews on strike over wages kept pickets at the harbour."),
        _article(5, "Harbour pickets grow", "Pickets of striking ferry crews grew at the harbour over wages."),
        _article(7, "Strike talks stall", "Talks on ferry crews' wages stalled as the harbour strike went on."),
    ]
    customs = [
        _article(2, "Trucks queue at Kelport border", "Customs checks left trucks in a long queue at the border. "
                 "Drivers said they had waited since dawn with engines off and no water handed out. "
                 "Officials blamed a new inspection form that every lorry must now carry to the gate. "
                 "The regional freight group asked for more inspectors before the weekend rush."),
        _article(4, "Border delays for lorries", "Lorries and trucks waited hours in the customs queue at the border."),
        _article(6, "Customs inspection backlog", "Customs inspection of trucks kept the border queue long for lorries."),
        _article(8, "Queue of trucks reaches ring road", "The customs queue of trucks at the border reached the ring road."),
    ]
    glue = _article(0, "Ferry strike and border queue", "The ferry strike at the harbour came as trucks queue at "
                    "the customs border.")
    copy_body = "KELPORT (Wire) - " + customs[0].body
    copy = Article(id=article_id(copy_body), path="fiction:copy", title=customs[0].title, outlet="Wire Outlet",
                   published="2031-05-01", body=copy_body)
    order = [strike[0], glue, customs[0], copy, customs[1], strike[1], customs[2], strike[2], strike[3], customs[3]]
    reports = [store.add([a]) for a in order]
    assert reports[3].duplicates_of == {copy.id: customs[0].id}
    first = reports[0].stories[0]
    assert reports[2].stories == [first], "the ambiguous report glued the border queue to the strike"

    split_reports = [r for r in reports if r.splits]
    assert len(split_reports) == 1
    [(new_story, source)] = split_reports[0].splits.items()
    assert source == first and set(split_reports[0].stories) <= {first, new_story}
    assert {a.id for a in strike} <= set(store.story(first).articles)
    moved = set(store.story(new_story).articles)
    assert {a.id for a in customs} <= moved
    assert copy.id in moved  # the wire copy has no vector of its own: it follows its original
    assert [s.new_story for s in store.splits()] == [new_story]
    # the new story is named by the first headline of its part, the kept one keeps its own
    moved_story = store.story(new_story)
    assert moved_story.title == store.articles(moved_story.articles[:1])[0].title != store.story(first).title
    assert store.story(first).title == strike[0].title
