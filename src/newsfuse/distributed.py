"""Scale-out runner: the per-article work on a Dask cluster, the cross-document stages once on the client.

Reading each input file and the spaCy parse (the expensive part) are independent per article, so they run as
Dask tasks.  Everything that compares articles with each other runs once, on the client, over the gathered
results: duplicate detection across inputs and the shared-furniture pass of ingestion (so a duplicate that sits in
another partition is still reported), then every pipeline stage through :func:`newsfuse.api.brief_articles`, which
is handed the gathered analyses so spaCy is not run again.

    >>> from newsfuse.distributed import brief_on_dask
    >>> briefing = brief_on_dask(["examples/counteroffensive"])                      # doctest: +SKIP
    >>> briefing = brief_on_dask(["/shared/news"], "tcp://scheduler:8786", partitions=32)  # doctest: +SKIP

Files are read *by the workers*, at the path given: on a remote cluster every worker must see the inputs at the
same path (a shared or network file system), and relative paths are relative to each worker's working directory.
Standard input (``"-"``) and ready ``Article`` objects are handled on the client.

Needs the ``dask`` extra (``pip install 'newsfuse[dask]'``); importing this module does not.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from . import api, nlp
from .ingest import IngestResult, WalkError, expand_input, merge_outcomes, walk_directory
from .model import Article, Briefing, ParsedArticle, Skipped
from .options import BriefingOptions

if TYPE_CHECKING:
    from distributed import Client

__all__ = [
    "LOCAL",
    "DistributedError",
    "brief_on_dask",
    "contiguous_chunks",
    "dask_client",
    "ingest_on_dask",
    "local_cluster",
    "merge_outcomes",
    "parse_on_dask",
]

#: ``client_or_address`` value (besides ``None``) that asks for a throw-away local cluster.
LOCAL = "local"
INSTALL_HINT = "pip install 'newsfuse[dask]'"
#: Workers of the throw-away cluster: one single-threaded process per core of a typical laptop.
LOCAL_WORKERS = 2
#: Parse tasks per worker thread when ``partitions`` is not given: a few per thread so that a slow
#: partition (long articles) does not leave the other workers idle at the end.
PARTITIONS_PER_THREAD = 2
#: Ingest tasks per worker thread: files are cheap to read, so fewer, larger tasks keep scheduler overhead low.
INGEST_TASKS_PER_THREAD = 4

Outcome = Article | Skipped


class DistributedError(RuntimeError):
    """Dask is missing, the scheduler cannot be reached, or the workers cannot run newsfuse."""


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _distributed() -> Any:
    # Imported on use: the dask extra is optional and the rest of newsfuse must work without it.
    try:
        import distributed
    except ImportError as exc:
        raise DistributedError(f"Dask is not installed ({_one_line(exc)}); {INSTALL_HINT}") from exc
    return distributed


def local_cluster(processes: bool = True, n_workers: int = LOCAL_WORKERS) -> Any:
    """A ``LocalCluster`` of single-threaded workers on loopback, without a dashboard (use it as a context manager).

    ``processes=False`` keeps the workers in this process (quick to start; for tests).
    """
    distributed = _distributed()
    # No dashboard (it needs bokeh, and nobody watches a run that closes when it is done); the scheduler's
    # HTTP server still starts, so it gets a free loopback port instead of contending for 8787 with other runs.
    # In-process workers talk over the inproc:// transport, which takes no host.
    network = {"host": "127.0.0.1"} if processes else {}
    return distributed.LocalCluster(
        processes=processes,
        n_workers=n_workers,
        threads_per_worker=1,
        dashboard_address=None,
        **network,
        scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
    )


@contextmanager
def dask_client(
    client_or_address: Client | str | None = None, connect_timeout: float = 10.0
) -> Iterator[Client]:
    """A connected client: the one given, one for a scheduler address, or one for a throw-away local cluster.

    A client that was passed in is left open; anything opened here is closed on exit.
    """
    distributed = _distributed()
    if isinstance(client_or_address, distributed.Client):
        yield client_or_address
        return
    if client_or_address is None or client_or_address == LOCAL:
        with local_cluster() as cluster, distributed.Client(cluster) as client:
            yield client
        return
    if not isinstance(client_or_address, str) or not client_or_address.strip():
        raise DistributedError(f"expected a dask Client, a scheduler address or {LOCAL!r}, got {client_or_address!r}")
    address = client_or_address.strip()
    try:
        client = distributed.Client(address, timeout=connect_timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise DistributedError(f"cannot reach the Dask scheduler at {address}: {_one_line(exc)}") from exc
    try:
        yield client
    finally:
        client.close()


# --------------------------------------------------------------------------- ingestion


@dataclass(frozen=True)
class _Remote:
    """A file to be read by a worker; its outcomes take this slot of the input order."""

    path: str


def _plan_inputs(
    inputs: Sequence[str | Path | Article], stdin: TextIO | None
) -> list[list[Outcome] | _Remote]:
    """Expand the inputs in order into outcomes known now (stdin, articles, walk errors) and files to read."""
    plan: list[list[Outcome] | _Remote] = []
    for item in inputs:
        if isinstance(item, Article) or str(item) == "-" or not str(item).strip():
            # Nothing to read from disk (or only stdin, which lives here): same handling as the serial ingest.
            plan.append(expand_input(item, stdin))
            continue
        path = Path(item)
        try:
            is_dir = path.is_dir()
        except OSError:
            is_dir = False  # the worker reading it as a file reports the problem
        if not is_dir:
            plan.append(_Remote(str(item)))
            continue
        # Walked here, read there: one task per file of a directory, in the walk's order.
        for found in walk_directory(path):
            if isinstance(found, WalkError):
                plan.append([Skipped(path=found.path, reason=found.reason)])
            else:
                plan.append(_Remote(str(found)))
    return plan


def _read_files(paths: Sequence[str]) -> list[list[Outcome]]:
    """Worker task: read a run of files, each into its own list of outcomes."""
    return [expand_input(path, None) for path in paths]


def contiguous_chunks(items: Sequence[Any], count: int) -> list[list[Any]]:
    """Split ``items`` into at most ``count`` non-empty runs of near-equal length, keeping their order."""
    if count < 1:
        raise ValueError(f"need at least one chunk, got {count}")
    count = min(count, len(items))
    if count == 0:
        return []
    size, extra = divmod(len(items), count)
    chunks: list[list[Any]] = []
    start = 0
    for n in range(count):
        end = start + size + (1 if n < extra else 0)
        chunks.append(list(items[start:end]))
        start = end
    return chunks


def _worker_threads(client: Client) -> int:
    threads = sum(client.nthreads().values())
    if threads < 1:
        raise DistributedError("the Dask cluster has no workers")
    return int(threads)


def _gather(client: Client, futures: list[Any]) -> list[Any]:
    try:
        return list(client.gather(futures))
    except _distributed().KilledWorker as exc:
        # Usually memory: a worker process died on the task as many times as the scheduler allows.
        raise DistributedError(f"Dask workers died while running newsfuse tasks: {_one_line(exc)}") from exc
    except ModuleNotFoundError as exc:
        # A worker without newsfuse (or its model) cannot unpickle the task: say so instead of a bare traceback.
        raise DistributedError(
            f"a Dask worker cannot import {exc.name!r}: install newsfuse (with its model) on every worker"
        ) from exc


def ingest_on_dask(
    client: Client, inputs: Sequence[str | Path | Article], stdin: TextIO | None = None
) -> IngestResult:
    """:func:`newsfuse.ingest.ingest` with the files read on the workers; the same result, in the same order."""
    plan = _plan_inputs(inputs, stdin)
    remote = [slot.path for slot in plan if isinstance(slot, _Remote)]
    read: list[list[Outcome]] = []
    if remote:
        batches = contiguous_chunks(remote, INGEST_TASKS_PER_THREAD * _worker_threads(client))
        # pure=False: a file can change between two runs, its path alone does not identify the result.
        futures = client.map(_read_files, batches, pure=False)
        read = [outcomes for batch in _gather(client, futures) for outcomes in batch]
    remote_results = iter(read)
    ordered = [next(remote_results) if isinstance(slot, _Remote) else slot for slot in plan]
    return merge_outcomes(ordered)


# --------------------------------------------------------------------------- parsing

# Threads of one worker process share ``nlp.load``'s cache; the lock keeps two of them from both loading
# the model (and registering its paragraph component) on a cold start.
_LOAD_LOCK = threading.Lock()


def _parse_partition(items: Sequence[tuple[str, str]]) -> list[ParsedArticle]:
    """Worker task: parse ``(article_id, body)`` pairs in this process (the model loads once per process)."""
    with _LOAD_LOCK:
        nlp.load()
    # One process: a worker already is the unit of parallelism, and daemonic workers cannot fork a spaCy pool.
    return list(nlp.parse_texts(items, n_process=1))


def parse_on_dask(client: Client, articles: Sequence[Article], partitions: int | None = None) -> list[ParsedArticle]:
    """One ``ParsedArticle`` per article, in input order, parsed in ``partitions`` tasks on the workers."""
    if partitions is not None and partitions < 1:
        raise ValueError(f"partitions must be at least 1, got {partitions}")
    if not articles:
        return []
    count = partitions if partitions is not None else PARTITIONS_PER_THREAD * _worker_threads(client)
    chunks = contiguous_chunks([(a.id, a.body) for a in articles], count)
    futures = client.map(_parse_partition, chunks, pure=False)
    return [parsed for chunk in _gather(client, futures) for parsed in chunk]


# --------------------------------------------------------------------------- the whole run


def brief_on_dask(
    paths_or_articles: Sequence[str | Path | Article] | str | Path,
    client_or_address: Client | str | None = None,
    partitions: int | None = None,
    *,
    options: BriefingOptions | None = None,
    stdin: TextIO | None = None,
    connect_timeout: float = 10.0,
) -> Briefing:
    """:func:`newsfuse.brief` with ingestion and the NLP parse on a Dask cluster; the same briefing.

    ``client_or_address`` is a ``distributed.Client`` (left open), a scheduler address such as
    ``tcp://10.0.0.5:8786`` (connected with ``connect_timeout`` seconds, closed after), or ``None``/``"local"``
    for a local cluster of two single-threaded worker processes, started here and closed after.
    ``partitions`` is the number of parse tasks (default: two per worker thread).

    Raises :class:`DistributedError` (one line) when Dask is missing or the scheduler cannot be reached.
    Bad inputs do not raise: they are listed in ``Briefing.skipped`` with a reason, as with ``newsfuse.brief``.
    """
    if partitions is not None and partitions < 1:
        raise ValueError(f"partitions must be at least 1, got {partitions}")
    # Options were checked when they were made, so a bad date never costs a cluster start-up.
    options = options or BriefingOptions()
    if isinstance(paths_or_articles, str | Path):
        paths_or_articles = [paths_or_articles]
    with dask_client(client_or_address, connect_timeout=connect_timeout) as client:
        options.stage_started("ingest (dask)")
        ingested = ingest_on_dask(client, paths_or_articles, stdin=stdin)
        options.stage_started("nlp (dask)")
        parsed = parse_on_dask(client, ingested.articles, partitions)
    return api.brief_articles(ingested.articles, ingested.skipped, options, parsed=parsed)
