"""Throughput of ``newsfuse.brief_articles`` on this machine against ``brief_on_dask`` on local Dask clusters.

Uses the synthetic corpus of ``bench/throughput.py`` (fictional, generated at run time, nothing committed) and times

* ``newsfuse.brief_articles`` (one process; its NLP stage picks its own ``nlp.pipe`` process count, 2 for 24+
  articles), and
* ``newsfuse.distributed.brief_on_dask`` on a ``LocalCluster`` of 1 and of 2 single-threaded worker processes,
  each started once: a *cold* run (the workers load the spaCy model) and then *warm* runs on the same cluster.

Every setting but the cold runs is timed ``--repeat`` times and the fastest run is shown: the machine is shared,
and the fastest run is the least disturbed one.  The load average is printed as well.

It prints articles/s for each, the ratio to ``brief_articles``, the cluster start-up time and where the time went
(Dask parse vs the cross-document stages on the client).  With ``--files`` the corpus is written as text files
first, so that ingestion is timed as well (``newsfuse.brief`` against ``brief_on_dask`` over the folder).

    .venv/bin/python bench/dask_scaling.py              # 500 articles (several minutes on 2 cores)
    .venv/bin/python bench/dask_scaling.py --n 40       # smoke run
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

# Run from a source checkout without an install as well; the corpus generator lives next to this file.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import newsfuse
from newsfuse import BriefingOptions, nlp
from newsfuse.model import Article
from throughput import StageClock, synthetic_corpus

DASK_STAGES = ("ingest (dask)", "nlp (dask)")


@dataclass
class Run:
    name: str
    seconds: float
    articles: int
    stage_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds


def _fresh(articles: Sequence[Article]) -> list[Article]:
    # Ingestion and the pipeline fill articles in place: every run starts from untouched copies.
    return [a.model_copy(deep=True) for a in articles]


def _timed(name: str, count: int, work: Callable[[StageClock], object]) -> Run:
    clock = StageClock()
    start = time.perf_counter()
    work(clock)
    seconds = time.perf_counter() - start
    clock.stop()
    return Run(name, seconds, count, dict(clock.seconds))


def write_files(articles: Sequence[Article], folder: Path) -> None:
    for article in articles:
        front = f"---\ntitle: {article.title}\noutlet: {article.outlet}\npublished: {article.published}\n---\n"
        (folder / Path(article.path).name).write_text(front + article.body + "\n", encoding="utf-8")


def _best(runs: Sequence[Run]) -> Run:
    # The fastest of repeated runs is the one least disturbed by other work on the machine.
    return min(runs, key=lambda r: r.seconds)


def run(n: int, seed: int, workers: Sequence[int], files: bool, repeat: int) -> tuple[list[Run], dict[int, float]]:
    from distributed import Client

    from newsfuse.distributed import brief_on_dask, local_cluster

    articles = synthetic_corpus(n, seed)
    with tempfile.TemporaryDirectory(prefix="newsfuse-dask-bench-") as tmp:
        folder = Path(tmp)
        if files:
            write_files(articles, folder)

        def inputs() -> list[str | Path | Article]:
            return [folder] if files else list(_fresh(articles))

        def baseline(clock: StageClock) -> object:
            if files:
                return newsfuse.brief([folder], BriefingOptions(on_stage=clock))
            return newsfuse.brief_articles(_fresh(articles), options=BriefingOptions(on_stage=clock))

        nlp.load()
        nlp.pipe_raw([a.body for a in articles[:4]], n_process=1)  # the baseline does not pay the model load
        name = "newsfuse.brief (folder)" if files else "newsfuse.brief_articles"
        runs = [_best([_timed(f"{name} (best of {repeat})", n, baseline) for _ in range(repeat)])]
        startup: dict[int, float] = {}
        for count in workers:
            label = f"brief_on_dask {count} worker{'s' if count > 1 else ''}"
            started = time.perf_counter()
            with local_cluster(processes=True, n_workers=count) as cluster, Client(cluster) as client:
                client.wait_for_workers(count)
                startup[count] = time.perf_counter() - started

                def on_dask(clock: StageClock) -> object:
                    return brief_on_dask(inputs(), client, options=BriefingOptions(on_stage=clock))

                runs.append(_timed(f"{label} (cold)", n, on_dask))
                runs.append(_best([_timed(f"{label} (warm, best of {repeat})", n, on_dask) for _ in range(repeat)]))
    return runs, startup


def report(runs: Sequence[Run], startup: dict[int, float], n: int, seed: int, files: bool) -> str:
    baseline = runs[0]
    lines = [
        (
            f"newsfuse {newsfuse.__version__}, model {nlp.MODEL_PACKAGE}=={nlp.MODEL_VERSION}, "
            f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {n} synthetic articles (seed {seed})"
            + (", read from text files" if files else ", in memory")
        ),
        # Other work on the machine skews every figure; the load average says how much there was.
        "load average (1, 5, 15 min) at the end: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()),
        f"{'run':<44}{'seconds':>9}{'articles/s':>12}{'vs baseline':>13}{'parse s':>9}{'other stages s':>16}",
    ]
    for r in runs:
        # The parse: on the workers for a Dask run, the pipeline's own nlp stage for the baseline.
        parse_stages = DASK_STAGES if any(s in r.stage_seconds for s in DASK_STAGES) else ("nlp",)
        parse = sum(r.stage_seconds.get(s, 0.0) for s in parse_stages)
        other = sum(v for k, v in r.stage_seconds.items() if k not in parse_stages)
        lines.append(
            f"{r.name:<44}{r.seconds:>9.2f}{r.articles_per_s:>12.1f}"
            f"{r.articles_per_s / baseline.articles_per_s:>12.2f}x{parse:>9.2f}{other:>16.2f}"
        )
    for count, seconds in startup.items():
        lines.append(f"LocalCluster start-up with {count} worker process(es): {seconds:.2f}s (not in the runs above)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=500, help="number of synthetic articles (default 500)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the generator")
    parser.add_argument("--workers", default="1,2", help="comma-separated local worker counts (default 1,2)")
    parser.add_argument("--files", action="store_true", help="write the corpus as text files and time ingestion too")
    parser.add_argument("--repeat", type=int, default=2, help="timed runs per setting; the best is shown (default 2)")
    parser.add_argument("--json", type=Path, help="also write the measurements to this JSON file")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    try:
        workers = [int(w) for w in args.workers.split(",") if w.strip()]
    except ValueError:
        parser.error(f"--workers takes integers like 1,2, not {args.workers!r}")
    if not workers or min(workers) < 1:
        parser.error("--workers needs at least one value >= 1")
    try:
        import distributed  # noqa: F401
    except ImportError:
        parser.error("Dask is not installed: pip install 'newsfuse[dask]'")

    runs, startup = run(args.n, args.seed, workers, args.files, args.repeat)
    print(report(runs, startup, args.n, args.seed, args.files))
    if args.json is not None:
        rows = [asdict(r) | {"articles_per_s": r.articles_per_s} for r in runs]
        document = {"n": args.n, "seed": args.seed, "files": args.files, "runs": rows, "startup_seconds": startup}
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
