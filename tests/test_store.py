"""The article store without spaCy: locations, migrations, idempotence, revisions, copies, the lock, the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from sqlalchemy import func, select, update
from typer.testing import CliRunner

from newsfuse.ingest.articles import article_id
from newsfuse.model import Article
from newsfuse.store import SchemaError, Store, StoreBusyError, StoryNotFoundError, db, resolve_url
from newsfuse.store.schema import LATEST_VERSION, analyses, articles, schema_version, stories
from newsfuse.store.synthetic import light_parser, stream


def _article(body: str, title: str, outlet: str, url: str | None = None, published: str = "2031-03-02") -> Article:
    return Article(id=article_id(body), path=f"mem:{title}", title=title, outlet=outlet, url=url,
                   published=published, body=body)


DAM = (
    "Engineers opened the spillway of the Orlenna dam on Tuesday after the reservoir rose to a record level. "
    "Mayor Ilsa Varn said the villages of Kettby and Morrow would be evacuated as a precaution. "
    "The river authority expects the water to peak on Thursday night, and schools stay closed until then. "
    "Farmers in the lower valley moved cattle to higher ground while volunteers filled sandbags at the church."
)
CHESS = (
    "The Dunmore chess festival ended on Sunday with a surprise win for the teenager Pell Adair. "
    "Adair beat the defending champion in a long endgame that drew a crowd to the town library. "
    "Organisers said a record number of players registered this year, many of them from abroad. "
    "The festival returns next spring with a junior section and a rapid tournament on the harbour."
)


@pytest.fixture
def store() -> Store:
    return Store("sqlite://", parser=light_parser)


# ------------------------------------------------------------------ locations and URLs


def test_plain_path_is_an_sqlite_file(tmp_path: Path) -> None:
    assert resolve_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    assert db.sqlite_file(resolve_url(str(tmp_path / "what?#.db"))) == tmp_path / "what?#.db"


def test_postgres_url_gets_the_installed_driver() -> None:
    assert resolve_url("postgresql://u@127.0.0.1:5432/news") == "postgresql+psycopg://u@127.0.0.1:5432/news"


def test_env_var_then_xdg_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEWSFUSE_DB", str(tmp_path / "env.db"))
    assert resolve_url(None).endswith("env.db")
    assert resolve_url(str(tmp_path / "flag.db")).endswith("flag.db")  # --db wins over the environment
    monkeypatch.delenv("NEWSFUSE_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'xdg' / 'newsfuse' / 'newsfuse.db'}"


@given(st.text(alphabet=st.characters(blacklist_characters="\x00/:", blacklist_categories=("Cs",)), min_size=1))
def test_any_plain_name_resolves_to_an_absolute_sqlite_path(name: str) -> None:
    assume(not name.startswith("~"))
    url = resolve_url(name)
    assert url.startswith("sqlite:////")
    assert db.sqlite_file(url) == Path(name).expanduser().resolve()


def test_store_file_created_on_first_use_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "dir" / "news.db"
    with Store(str(path), parser=light_parser) as s:
        s.add([_article(DAM, "Dam spillway opened", "Valley Post")])
        with s.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert path.exists()


# ------------------------------------------------------------------ migrations


def test_migrations_run_once_and_record_the_version(tmp_path: Path) -> None:
    path = str(tmp_path / "m.db")
    with Store(path, parser=light_parser) as s, s.engine.connect() as conn:
        assert conn.execute(select(schema_version.c.version)).scalar_one() == LATEST_VERSION
    with Store(path, parser=light_parser) as s, s.engine.connect() as conn:  # reopening changes nothing
        assert conn.execute(select(func.count()).select_from(schema_version)).scalar_one() == 1


def test_a_store_from_a_newer_newsfuse_is_refused(tmp_path: Path) -> None:
    path = str(tmp_path / "future.db")
    with Store(path, parser=light_parser) as s, s.engine.begin() as conn:
        conn.execute(update(schema_version).values(version=LATEST_VERSION + 1))
    with pytest.raises(SchemaError, match="newer"):
        Store(path, parser=light_parser)


# ------------------------------------------------------------------ adding


def test_re_adding_is_idempotent(store: Store) -> None:
    items = [_article(DAM, "Dam spillway opened", "Valley Post"), _article(CHESS, "Teen wins", "Harbour Times")]
    first = store.add(items)
    assert sorted(first.added) == sorted(a.id for a in items)
    again = store.add(items)
    assert again.added == [] and sorted(again.unchanged) == sorted(a.id for a in items)
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(articles)).scalar_one() == 2
        assert conn.execute(select(func.count()).select_from(analyses)).scalar_one() == 2


def test_changed_text_at_the_same_url_is_a_new_revision(store: Store) -> None:
    url = "https://valley.example/dam"
    old = _article(DAM, "Dam spillway opened", "Valley Post", url=url)
    store.add([old])
    new = _article(DAM + " Update: the peak came a day early.", "Dam spillway opened", "Valley Post", url=url)
    report = store.add([new])
    assert report.revisions == [new.id] and report.added == []
    assert report.duplicates_of == {}  # a page's own update is not a wire copy
    story = store.story(report.stories[0])
    assert story.articles == [new.id]  # the current revision speaks for the page
    assert [a.body for a in store.articles([old.id])] == [DAM]  # the old text is kept
    with store.engine.connect() as conn:
        row = conn.execute(select(articles.c.revision, articles.c.supersedes).where(articles.c.id == new.id)).one()
    assert tuple(row) == (2, old.id)


def test_wire_copy_is_linked_and_counts_once(store: Store) -> None:
    original = _article(DAM, "Dam spillway opened", "Valley Post")
    copy = _article("From our wire service: " + DAM, "Spillway opened at Orlenna", "Coast Daily")
    other = _article(DAM.replace("Tuesday", "Tuesday morning") + " Our reporter saw the gates open.",
                     "Orlenna dam", "Valley Post")
    report = store.add([original, copy, other])
    assert report.duplicates_of[copy.id] == original.id
    [story] = store.stories()
    assert set(story.articles) == {original.id, copy.id, other.id}
    assert story.outlets == ["Coast Daily", "Valley Post"]
    # the copy's outlet does not count; the Valley Post rewrite is the same outlet again
    assert story.independent_outlets == 1
    assert {a.id: a.duplicate_of for a in store.articles(story.articles)}[copy.id] == original.id


def test_unrelated_articles_make_separate_stories(store: Store) -> None:
    report = store.add([_article(DAM, "Dam spillway opened", "Valley Post"),
                        _article(CHESS, "Teen wins chess festival", "Harbour Times")])
    assert len(report.stories) == 2
    titles = {s.title for s in store.stories()}
    assert titles == {"Dam spillway opened", "Teen wins chess festival"}
    assert [s.title for s in store.stories(query="chess")] == ["Teen wins chess festival"]
    assert store.stories(since=dt.date(2031, 3, 3)) == []


def test_limit_keeps_the_most_recent_and_count_skips_merged(store: Store) -> None:
    store.add([_article(DAM, "Dam spillway opened", "Valley Post", published="2031-03-02"),
               _article(CHESS, "Teen wins chess festival", "Harbour Times", published="2031-03-05")])
    everything = store.stories()
    assert [s.title for s in everything] == ["Teen wins chess festival", "Dam spillway opened"]
    assert store.stories(limit=1) == everything[:1]
    assert store.stories(limit=5) == everything
    assert store.stories(limit=0) == []
    assert store.count_stories() == 2
    with store.engine.begin() as conn:  # as if the older story had been merged into the newer one
        conn.execute(update(stories).where(stories.c.id == everything[1].id).values(merged_into=everything[0].id))
    assert store.count_stories() == 1 == len(store.stories())
    with pytest.raises(ValueError, match="limit"):
        store.stories(limit=-1)


def test_unknown_ids_raise(store: Store) -> None:
    with pytest.raises(StoryNotFoundError):
        store.story("s-missing")
    with pytest.raises(KeyError):
        store.articles(["a-missing"])
    with pytest.raises(KeyError):
        store.parsed(["a-missing"])


def test_stored_analysis_round_trips(store: Store) -> None:
    item = _article(DAM, "Dam spillway opened", "Valley Post")
    store.add([item])
    [parsed] = store.parsed([item.id])
    assert parsed.article == item.id and any(m.text == "Ilsa Varn" for m in parsed.mentions)


def test_batches_commit_separately_and_a_failed_batch_leaves_nothing(tmp_path: Path) -> None:
    items = [a for a, _ in stream(40, seed=3)]
    calls = {"n": 0}

    def failing_parser(batch: list[Article]):  # type: ignore[no-untyped-def]
        for parsed in light_parser(batch):
            calls["n"] += 1
            if calls["n"] > 25:
                raise RuntimeError("parser died")
            yield parsed

    with Store(str(tmp_path / "b.db"), parser=failing_parser) as s, pytest.raises(RuntimeError):
        s.add(items, batch_size=10)
    with Store(str(tmp_path / "b.db"), parser=light_parser) as s:
        with s.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(articles)).scalar_one() == 20
        report = s.add(items, batch_size=10)
        assert len(report.unchanged) == 20 and len(report.added) + len(report.revisions) == len(items) - 20
        with s.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(articles)).scalar_one() == len(items)
            assert conn.execute(select(func.count()).select_from(articles).where(articles.c.story_id.is_(None))
                                ).scalar_one() == 0


def test_a_second_writer_is_refused_while_the_first_writes(tmp_path: Path) -> None:
    path = str(tmp_path / "lock.db")
    first, second = Store(path, parser=light_parser), Store(path, parser=light_parser)
    with first.lock.hold(), pytest.raises(StoreBusyError), second.lock.hold(wait=0.2):
        pass
    with second.lock.hold(wait=0.2):  # released with the first writer
        pass


# ------------------------------------------------------------------ CLI


def test_cli_add_and_stories(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsfuse import cli
    from newsfuse.store import writer

    monkeypatch.setattr(writer, "spacy_parser", light_parser)
    records = [{"title": "Dam spillway opened", "outlet": "Valley Post", "published": "2031-03-02", "text": DAM},
               {"title": "Teen wins chess festival", "outlet": "Harbour Times", "published": "2031-03-04",
                "text": CHESS}]
    feed = tmp_path / "batch.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    dbfile = str(tmp_path / "cli.db")
    runner = CliRunner()
    result = runner.invoke(cli.app, ["add", str(feed), str(tmp_path / "notes.pdf"), "--db", dbfile])
    assert result.exit_code == 3, result.output
    assert "2 added" in result.stdout and "notes.pdf" in result.stderr
    result = runner.invoke(cli.app, ["add", str(feed), "--db", dbfile])
    assert result.exit_code == 0 and "2 unchanged" in result.stdout
    result = runner.invoke(cli.app, ["stories", "--db", dbfile, "--json", "--since", "2031-03-03"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert [s["title"] for s in listed] == ["Teen wins chess festival"]
    assert listed[0]["independent_outlets"] == 1 and listed[0]["new_articles_since"] == 0
    result = runner.invoke(cli.app, ["stories", "--db", dbfile])
    assert result.exit_code == 0 and "Dam spillway opened" in result.stdout
    assert runner.invoke(cli.app, ["stories", "--db", dbfile, "--since", "March"]).exit_code == 2
