"""Does every stage stay linear in its input?  Doubles each kind of input and prints the CPU-time ratio per doubling.

Three inputs grow, each by doubling (``bench/story_corpus.py`` generates them; nothing is committed):

* **article length** -- one report of W words in ordinary sentences (W = 500, 1,000 ... by default);
* **sentence length** -- one report that is a single run-on sentence of C characters (report sentences chained
  by ", and"; the hostile input of issue 14, inside the 300,000-character cap);
* **story size** -- N reports of one story (N = 10, 20 ...); their analyses are made once for the largest N and
  reused, so the nlp stage there only copies sentences (parsing is per article, timed on the other two axes).

For each size it times ingestion (``newsfuse.ingest`` of the text as a pasted ``.txt`` file and as an
``.html`` page), every pipeline stage of ``brief_articles`` (through its ``on_stage`` callback), and the web
app's story page (the folded page and the whole briefing: fold, render, gzip).  Times are CPU seconds of this
process and its children (what other load on a shared machine does not inflate).  A linear stage shows ratios
near 2.0 per doubling, n log n a little above; a ratio of 3 or more at the largest sizes is flagged
``SUPERLINEAR`` (stages under 50 ms are too small to judge and are not flagged).

    .venv/bin/python bench/stage_scaling.py                       # all three inputs, 4 doublings each
    .venv/bin/python bench/stage_scaling.py --axes story --doublings 3
"""

from __future__ import annotations

import argparse
import itertools
import resource
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from html import escape as html_escape

from newsfuse import BriefingOptions, brief_articles, nlp
from newsfuse.ingest import ingest
from newsfuse.model import Article, Briefing, ParsedArticle, Story
from newsfuse.web.pagecache import CachedPage
from newsfuse.web.rendering import make_templates, story_page
from story_corpus import one_story, run_on_article

#: a ratio per doubling at or over this, on a stage taking at least MIN_SECONDS, is reported as superlinear
SUPERLINEAR_RATIO = 3.0
MIN_SECONDS = 0.05


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class StageTimes:
    """CPU seconds per stage, filled by ``brief_articles``' ``on_stage`` callback (called as each stage starts)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._current: tuple[str, float] | None = None

    def __call__(self, stage: str) -> None:
        self.stop()
        self._current = (stage, cpu_seconds())

    def stop(self) -> None:
        if self._current is not None:
            name, started = self._current
            self.seconds[name] = self.seconds.get(name, 0.0) + cpu_seconds() - started
            self._current = None


def _timed(work: Callable[[], object]) -> float:
    started = cpu_seconds()
    work()
    return cpu_seconds() - started


def _ingest_times(articles: Sequence[Article], folder: Path) -> dict[str, float]:
    """Ingestion of the articles' texts, as pasted text files and as HTML pages."""
    txt, html = [], []
    for n, a in enumerate(articles):
        txt.append(folder / f"a{n}.txt")
        txt[-1].write_text(f"{a.title}\n\n{a.body}\n", encoding="utf-8")
        html.append(folder / f"a{n}.html")
        paragraphs = "".join(f"<p>{html_escape(line)}</p>\n" for line in a.body.splitlines())
        html[-1].write_text(f"<html><head><title>{html_escape(a.title or '')}</title></head><body><article>"
                            f"<h1>{html_escape(a.title or '')}</h1>\n{paragraphs}</article></body></html>",
                            encoding="utf-8")
    return {"ingest .txt": _timed(lambda: ingest(txt)), "ingest .html": _timed(lambda: ingest(html))}


_TEMPLATES = make_templates()  # one environment, as in the server: its templates compile once


def _page_times(briefing: Briefing) -> dict[str, float]:
    templates = _TEMPLATES
    story = Story(id="s-bench", title="bench", articles=[a.id for a in briefing.articles], outlets=[],
                  independent_outlets=briefing.independent_outlets)
    common = {"token_required": False, "allow_urls": False, "limits": None}

    def page(whole: bool) -> Callable[[], object]:
        return lambda: CachedPage.of(story_page(templates, story, briefing, None, whole=whole, common=common))

    return {"web page (folded)": _timed(page(False)), "web page (whole)": _timed(page(True))}


def measure(articles: Sequence[Article], parsed: Sequence[ParsedArticle] | None, folder: Path) -> dict[str, float]:
    times = _ingest_times(articles, folder)
    clock = StageTimes()
    briefing = brief_articles(articles, options=BriefingOptions(on_stage=clock), parsed=parsed)
    clock.stop()
    times.update(clock.seconds)
    times.update(_page_times(briefing))
    return times


def _axis_inputs(axis: str, start: int, doublings: int) -> tuple[str, list[tuple[int, list[Article]]]]:
    sizes = [start * 2**k for k in range(doublings + 1)]
    if axis == "length":
        return "words in one article", [(n, one_story(1, seed=n, words=n)) for n in sizes]
    if axis == "sentence":
        return "characters in one sentence", [(n, [run_on_article(n, seed=n)]) for n in sizes]
    largest = one_story(sizes[-1])
    return "articles in one story", [(n, largest[:n]) for n in sizes]


def run_axis(axis: str, start: int, doublings: int) -> list[str]:
    label, inputs = _axis_inputs(axis, start, doublings)
    parsed: list[ParsedArticle] | None = None
    if axis == "story":
        parsed = nlp.parse_articles(inputs[-1][1])  # per article, so parsing scales on the other two axes
    rows: dict[str, list[float]] = {}
    sizes = []
    with tempfile.TemporaryDirectory() as tmp:
        for size, articles in inputs:
            folder = Path(tmp) / str(size)
            folder.mkdir()
            times = measure(articles, parsed[: len(articles)] if parsed else None, folder)
            sizes.append(size)
            for stage, seconds in times.items():
                rows.setdefault(stage, []).append(seconds)
            print(f"  {axis}: {size:,} {label} done ({sum(times.values()):.1f} CPU s)", file=sys.stderr, flush=True)
    return _table(label, sizes, rows)


def _table(label: str, sizes: Sequence[int], rows: dict[str, list[float]]) -> list[str]:
    lines = [f"{label}: CPU seconds per stage, then the ratio per doubling",
             f"{'stage':<20}" + "".join(f"{n:>10,}" for n in sizes) + "   ratios"]
    flagged = []
    for stage, seconds in rows.items():
        # (ratio, later time) per doubling; no ratio from a time too small to divide by
        steps = [(b / a if a > 0.002 else None, min(a, b)) for a, b in itertools.pairwise(seconds)]
        shown = " ".join(f"{r:4.1f}" if r is not None else "   -" for r, _ in steps)
        # judged on the last two doublings, where both times are large enough: small inputs are dominated by
        # fixed costs and noise
        late = [r for r, low in steps[-2:] if r is not None and low >= MIN_SECONDS]
        flag = "  SUPERLINEAR" if late and min(late) >= SUPERLINEAR_RATIO else ""
        if flag:
            flagged.append(f"{stage} (x{min(late):.1f}-{max(late):.1f} per doubling)")
        lines.append(f"{stage:<20}" + "".join(f"{s:>10.3f}" for s in seconds) + f"   {shown}{flag}")
    lines.append("superlinear: " + (", ".join(flagged) if flagged else "none"))
    return lines


AXES = {"length": 500, "sentence": 2500, "story": 10}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--axes", default=",".join(AXES), help=f"comma-separated, of {', '.join(AXES)}")
    parser.add_argument("--doublings", type=int, default=4)
    for axis, start in AXES.items():
        parser.add_argument(f"--{axis}-start", type=int, default=start, help=f"smallest {axis} input")
    args = parser.parse_args(argv)
    nlp.load()
    nlp.parse_articles(one_story(2, words=200))  # load the model and warm every stage before timing
    with tempfile.TemporaryDirectory() as tmp:
        _ingest_times(one_story(2, words=200), Path(tmp))
    _page_times(brief_articles(one_story(2, words=200)))
    for axis in [a.strip() for a in args.axes.split(",") if a.strip()]:
        if axis not in AXES:
            parser.error(f"unknown axis {axis!r}; choose from {', '.join(AXES)}")
        print("\n".join(run_axis(axis, getattr(args, f"{axis}_start"), args.doublings)), flush=True)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
