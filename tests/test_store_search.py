"""Story search by title: Unicode case folding, literal ``%``/``_``/``\\``, and the migration that enables it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import insert, inspect, literal, select

from newsfuse.ingest.articles import article_id
from newsfuse.model import Article
from newsfuse.store import Store
from newsfuse.store.db import make_engine, resolve_url
from newsfuse.store.schema import (
    LATEST_VERSION,
    LIKE_ESCAPE,
    articles,
    current_version,
    fold_title,
    migrate,
    stories,
    title_pattern,
)
from newsfuse.store.synthetic import light_parser

# Fictional reports on three unrelated events, so that each makes its own story.
FLOOD = (
    "Engineers opened the spillway of the Orlenna dam on Tuesday after the reservoir rose to a record level. "
    "Mayor Ilsa Varn said the villages of Kettby and Morrow would be evacuated as a precaution. "
    "The river authority expects the water to peak on Thursday night, and schools stay closed until then."
)
CHESS = (
    "The Dunmore chess festival ended on Sunday with a surprise win for the teenager Pell Adair. "
    "Adair beat the defending champion in a long endgame that drew a crowd to the town library. "
    "Organisers said a record number of players registered this year, many of them from abroad."
)
FERRY = (
    "Ferry operator Grey Gull Lines raised ticket prices on the Skerrow crossing from Monday. "
    "The company blamed fuel costs and a new harbour levy approved by the island council in April. "
    "Islanders said the increase would hurt commuters who cross to the mainland for work every day."
)


def _article(body: str, title: str, outlet: str = "Valley Post") -> Article:
    return Article(id=article_id(body), path=f"mem:{title}", title=title, outlet=outlet, published="2031-03-02",
                   body=body)


@pytest.fixture
def store() -> Store:
    return Store("sqlite://", parser=light_parser)


def _titles(store: Store, query: str) -> list[str]:
    return sorted(s.title for s in store.stories(query=query))


def test_non_ascii_titles_match_whatever_the_case(store: Store) -> None:
    store.add([_article(FLOOD, "ÖSTERREICHISCHE Ingenieure öffnen Überlauf"),
               _article(CHESS, "Schachfest in der Großstadt"), _article(FERRY, "Ferry fares rise")])
    assert _titles(store, "österreichische") == ["ÖSTERREICHISCHE Ingenieure öffnen Überlauf"]
    assert _titles(store, "ÜBERLAUF") == ["ÖSTERREICHISCHE Ingenieure öffnen Überlauf"]
    assert _titles(store, "GROSSSTADT") == ["Schachfest in der Großstadt"]  # ß folds to ss
    assert _titles(store, "fares") == ["Ferry fares rise"]
    assert _titles(store, "Ωmega") == []


def test_an_article_title_finds_its_story(store: Store) -> None:
    original = _article(FLOOD, "Dam spillway opened")
    copy = _article("From our wire service: " + FLOOD, "ÉVACUATION à Kettby", outlet="Coast Daily")
    report = store.add([original, copy])
    assert report.duplicates_of == {copy.id: original.id}  # the copy joins the original's story
    assert _titles(store, "évacuation À KETTBY") == ["Dam spillway opened"]


def test_percent_underscore_and_backslash_are_literal(store: Store) -> None:
    store.add([_article(FLOOD, "Reservoir 50% above normal"), _article(CHESS, "Festival draws 500 players"),
               _article(FERRY, r"Fares_up on route A\B")])
    assert _titles(store, "50%") == ["Reservoir 50% above normal"]
    assert _titles(store, "%") == ["Reservoir 50% above normal"]
    assert _titles(store, "_") == [r"Fares_up on route A\B"]
    assert _titles(store, "fares_") == [r"Fares_up on route A\B"]
    assert _titles(store, "s_u") == [r"Fares_up on route A\B"]
    assert _titles(store, "0_") == []  # '_' is not "any character"
    assert _titles(store, "a\\b") == [r"Fares_up on route A\B"]
    assert _titles(store, "\\") == [r"Fares_up on route A\B"]


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)


@given(title=_TEXT, query=_TEXT.filter(bool))
def test_sql_match_is_python_substring_of_folded_text(title: str, query: str) -> None:
    engine = make_engine("sqlite://")
    try:
        with engine.connect() as conn:
            matched = conn.execute(
                select(literal(fold_title(title)).like(title_pattern(query), escape=LIKE_ESCAPE))
            ).scalar_one()
    finally:
        engine.dispose()
    assert bool(matched) == (fold_title(query) in fold_title(title))


def test_a_version_1_store_is_migrated_and_searchable(tmp_path: Path) -> None:
    url = resolve_url(str(tmp_path / "old.db"))
    old_article = _article(FLOOD, "Überflutung in KETTBY")
    engine = make_engine(url)
    with engine.begin() as conn:
        migrate(conn, target=1)  # the schema as the first release left it
        conn.execute(insert(stories).values(
            id="s-old", title="STRAẞE nach Morrow gesperrt", created_seq=1, first_seen="2031-03-02",
            last_seen="2031-03-02", n_vectors=1, n_terms=0, norm2_words=0.0, norm2_entities=0.0, merged_into=None,
            has_title=True,
        ))
        conn.execute(insert(articles).values(
            id=old_article.id, url=None, title=old_article.title, outlet=old_article.outlet, published="2031-03-02",
            added_on="2031-03-02", added_at="2031-03-02T08:00:00+00:00", revision=1, supersedes=None,
            superseded_by=None, duplicate_of=None, story_id="s-old", article_json=old_article.model_dump_json(),
        ))
    with engine.connect() as conn:
        assert current_version(conn) == 1
        assert "title_key" not in {c["name"] for c in inspect(conn).get_columns("stories")}
    engine.dispose()

    with Store(url, parser=light_parser) as reopened:
        with reopened.engine.connect() as conn:
            assert current_version(conn) == LATEST_VERSION
            keys = conn.execute(select(stories.c.title_key)).scalars().all()
        assert keys == ["straße nach morrow gesperrt".replace("ß", "ss")]
        assert [s.id for s in reopened.stories(query="strasse nach")] == ["s-old"]  # by the story's title
        assert [s.id for s in reopened.stories(query="überflutung in kettby")] == ["s-old"]  # by an article's
        # articles added after the migration are searchable too
        reopened.add([_article(CHESS, "Schach: ÜBERRASCHUNG in Dunmore")])
        assert [s.title for s in reopened.stories(query="überraschung")] == ["Schach: ÜBERRASCHUNG in Dunmore"]


def test_migrating_to_an_unknown_version_is_refused() -> None:
    engine = make_engine("sqlite://")
    with engine.begin() as conn, pytest.raises(ValueError, match="no schema version"):
        migrate(conn, target=LATEST_VERSION + 1)
    engine.dispose()
