"""Throughput of the whole briefing pipeline against bare spaCy ``nlp.pipe`` on the same texts.

Generates a synthetic corpus at run time (templated news sentences with varied names, places and numbers,
250-400 words per article; nothing is committed), then times

* ``newsfuse.brief_articles`` over all of it (every stage, with the NLP stage's own process choice), and
* ``newsfuse.nlp.pipe_raw`` (bare ``nlp.pipe``, same pipeline and batch size) with one and with two processes,

and prints articles/s, words/s and the ratio of pipeline throughput to bare parsing.  Model loading (spaCy's
and the sentence encoder's) is done once before any timing, so the figures are steady-state throughput.

    .venv/bin/python bench/throughput.py            # 2,000 articles (several minutes on 2 cores)
    .venv/bin/python bench/throughput.py --n 50     # smoke run, well under a minute

``--encode-after-parse`` switches off the background encoder that runs while the one-core stages do
(``BriefingOptions.encode_ahead``), to compare; it only runs for articles parsed in the run, so a
``--parsed-cache`` run never encodes ahead (stored articles bring stored vectors in the store).  After the pipeline the encoder's own cost is measured apart:
the distinct sentences the aligner needed are encoded again, one at a time on one thread, giving the encoder's CPU
per sentence against the parse's (bare two-process ``nlp.pipe``), and the ceiling this sets on
pipeline / bare parsing even if every other stage cost nothing.
``--story N`` instead briefs one N-article synthetic story end to end with the ``newsfuse brief`` command in a
fresh process (model loads included), the way a user would.

``--parsed-cache FILE`` keeps the NLP analyses (JSON lines) so that later runs time the other stages without
parsing again (the nlp stage then only copies sentences); ``--processes 0`` skips the bare ``nlp.pipe`` runs.
Each stage's peak resident memory is read from ``/proc/self/status`` (Linux; the peak is reset at every stage
start through ``/proc/self/clear_refs``), so the table shows which stage needs the memory.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

# Run from a source checkout without an install as well.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import newsfuse
from newsfuse import BriefingOptions, encoder, nlp
from newsfuse.ingest import article_id
from newsfuse.model import Article, ParsedArticle
from newsfuse.stages import claims

MIN_WORDS, MAX_WORDS = 250, 400

# Fictional people and outlets; place names mix real and invented ones so that NER and the gazetteer both work.
FIRST_NAMES = [
    "Anna", "Boris", "Clara", "Dmytro", "Elena", "Farid", "Greta", "Hassan", "Iryna", "Jonas", "Kateryna",
    "Lukas", "Maria", "Nadia", "Oleh", "Petra", "Quentin", "Rasa", "Stefan", "Tamara", "Umar", "Vera",
    "Wiktor", "Yara", "Zoran",
]  # fmt: skip
SURNAMES = [
    "Adler", "Bondarenko", "Castell", "Dovzhenko", "Eriksen", "Fontaine", "Gallo", "Horvath", "Ivanenko",
    "Jansen", "Kowalczyk", "Lindqvist", "Moreau", "Novak", "Orlova", "Petrenko", "Quist", "Rossi", "Sandoval",
    "Tkachenko", "Ulrich", "Varga", "Weber", "Yilmaz", "Zielinski",
]  # fmt: skip
PLACES = [
    "Kharkiv", "Izium", "Kupiansk", "Odesa", "Lviv", "Gdansk", "Riga", "Tallinn", "Cluj", "Brno", "Varna",
    "Thessaloniki", "Velmora", "Orlen", "Kestrava", "Dunmore", "Halvik", "Port Ardent", "Sorrel Bay", "Marrow Hill",
]  # fmt: skip
ORGS = [
    "the regional council", "the interior ministry", "the national weather service", "the port authority",
    "the electricity grid operator", "the state rail company", "the health ministry", "the emergency service",
    "the central bank", "the teachers' union",
]  # fmt: skip
TOPICS = ["flood", "storm", "strike", "election", "wildfire", "power cut", "rail crash", "bridge collapse", "trial"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]
NUMBER_WORDS = ["two", "three", "four", "five", "six", "dozens of", "hundreds of"]

TITLE_TEMPLATES = [
    "{Topic} in {place} leaves {n} without power",
    "{person} says {org} will review the {topic}",
    "Residents of {place} count the cost of the {topic}",
]
SENTENCE_TEMPLATES = [
    "The {topic} hit {place} on {weekday}, {org} said, and {n} people were moved to temporary shelters.",
    '"We have never seen anything like this," said {person}, a {age}-year-old resident of {place}.',
    "{person}, a spokesperson for {org}, said that about {n} homes had been damaged.",
    "According to {org}, repairs will cost more than {money} million euros and take until {month}.",
    "{person} told reporters in {place}: \"Our teams are working day and night, and they will not stop.\"",
    "Officials said {count} villages near {place} remained cut off, some {km}km ({miles} miles) from the nearest road.",
    "Rainfall of {mm}mm was recorded in {place} in the past 24 hours, the weather service said.",
    "The last comparable {topic} in the region, in {month} {year}, forced {n} people from their homes.",
    "{person} said the response had been slow, a claim that {org} denied on {weekday}.",
    "At least {small} people were treated in hospital, and {small2} remained in a serious condition.",
    "Earlier this week, {person} visited {place} and promised {money} million euros in emergency aid.",
    "Volunteers from {place} arrived with generators, bread and bottled water, local officials said.",
    "The {topic} also closed {count} schools, and exams planned for {month} may be postponed.",
    "\"People need clear information,\" {person} said, \"and they need it before the next warning.\"",
    "Traffic on the main road between {place} and {place2} resumed on {weekday} after a {hours}-hour closure.",
    "Insurers estimated claims at {money} million euros, roughly {pct} per cent more than last year.",
    "In {place2}, {person} said the authorities had learned lessons from the {topic} in {year}.",
    "The council will meet again on {weekday} to decide whether to extend the state of emergency.",
]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def _fill(template: str, rng: random.Random, topic: str, place: str) -> str:
    km = rng.randint(5, 160)
    return template.format(
        topic=topic,
        Topic=topic.capitalize(),
        place=place,
        place2=rng.choice([p for p in PLACES if p != place]),
        person=_person(rng),
        org=rng.choice(ORGS),
        weekday=rng.choice(WEEKDAYS),
        month=rng.choice(MONTHS),
        year=rng.randint(1995, 2025),
        n=f"{rng.randint(2, 40) * 50:,}",
        small=rng.randint(3, 90),
        small2=rng.randint(1, 9),
        age=rng.randint(19, 88),
        money=rng.randint(2, 400),
        count=rng.choice(NUMBER_WORDS),
        km=km,
        miles=round(km * 0.621371),
        mm=rng.randint(20, 240),
        hours=rng.randint(2, 48),
        pct=rng.randint(3, 60),
    )


def synthetic_article(number: int, rng: random.Random) -> Article:
    """One fictional article of MIN_WORDS..MAX_WORDS words, one paragraph per line."""
    topic, place = rng.choice(TOPICS), rng.choice(PLACES)
    target = rng.randint(MIN_WORDS, MAX_WORDS)
    # The serial number keeps every body (and so every article id) distinct.
    paragraphs = [f"Report {number}: the {topic} in {place} is being followed by {rng.choice(ORGS)}."]
    words = len(paragraphs[0].split())
    while True:
        sentence = _fill(rng.choice(SENTENCE_TEMPLATES), rng, topic, place)
        if words + len(sentence.split()) > MAX_WORDS:
            break
        paragraphs.append(sentence)
        words += len(sentence.split())
        if words >= target:
            break
    body = "\n".join(paragraphs)
    return Article(
        id=article_id(body),
        path=f"synthetic/{number:05d}.txt",
        title=_fill(rng.choice(TITLE_TEMPLATES), rng, topic, place),
        outlet=f"Synthetic Outlet {number % 7}",
        published=f"2026-11-{1 + number % 28:02d}",
        body=body,
    )


def synthetic_corpus(n: int, seed: int = 2026) -> list[Article]:
    rng = random.Random(seed)
    return [synthetic_article(i, rng) for i in range(n)]


def synthetic_story(n: int, seed: int = 2026) -> list[Article]:
    """N articles about one event (one topic, one place), as one story's coverage is."""
    rng = random.Random(seed)
    topic, place = rng.choice(TOPICS), rng.choice(PLACES)
    out = []
    for i in range(n):
        a = synthetic_article(i, random.Random(rng.random()))
        body = a.body.split("\n", 1)[1] if "\n" in a.body else a.body
        for other in TOPICS:
            body = body.replace(other, topic)
        for other in PLACES:
            if other != place:
                body = body.replace(other, place)
        body = f"Report {i}: the {topic} in {place} is being followed by {rng.choice(ORGS)}.\n{body}"
        out.append(a.model_copy(update={"id": article_id(body), "body": body}))
    return out


def time_story(n: int, seed: int) -> tuple[float, float, int]:
    """Wall and CPU seconds of ``newsfuse brief`` over an N-article story in a fresh process; its exit code."""
    articles = synthetic_story(n, seed)
    with tempfile.TemporaryDirectory(prefix="newsfuse-story-") as tmp:
        corpus = Path(tmp) / "story.jsonl"
        with corpus.open("w", encoding="utf-8") as fh:
            for a in articles:
                record = {"title": a.title, "outlet": a.outlet, "published": a.published, "text": a.body}
                fh.write(json.dumps(record) + "\n")
        script = Path(sys.executable).parent / "newsfuse"
        entry = [str(script)] if script.exists() else [sys.executable, "-c", "from newsfuse.cli import main; main()"]
        command = [*entry, "brief", str(corpus), "--out", str(Path(tmp) / "out")]
        started, cpu = time.perf_counter(), _children_cpu()
        done = subprocess.run(command, capture_output=True, text=True, check=False,
                              env=os.environ | {"PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")})
        seconds, cpu = time.perf_counter() - started, _children_cpu() - cpu
        if done.returncode:
            print(done.stderr[-2000:], file=sys.stderr)
    return seconds, cpu, done.returncode


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (parse workers): a figure the machine's other
    load does not inflate the way it inflates wall time."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@dataclass
class Measurement:
    name: str
    seconds: float
    articles: int
    words: int
    cpu_seconds: float = 0.0

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds


def _timed(name: str, articles: int, words: int, work: Callable[[], object]) -> Measurement:
    start, cpu = time.perf_counter(), _cpu_seconds()
    work()
    return Measurement(name, time.perf_counter() - start, articles, words, _cpu_seconds() - cpu)


def _fresh_copies(articles: Sequence[Article]) -> list[Article]:
    # The pipeline fills Article.sentences in place: give each run untouched articles.
    return [a.model_copy(deep=True) for a in articles]


def _status_kib(field: str) -> int | None:
    """A ``kB`` field of ``/proc/self/status`` (Linux only; ``None`` elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak_rss() -> bool:
    # Writing 5 to clear_refs resets VmHWM to the current RSS (Linux >= 4.0); without it the peak stays global.
    try:
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
    except OSError:
        return False
    return True


class StageClock:
    """Wall time and peak RSS per pipeline stage, from the ``on_stage`` callback (called as each stage starts)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu_seconds: dict[str, float] = {}
        self.peak_mib: dict[str, float] = {}
        self._current: tuple[str, float, float] | None = None

    def __call__(self, stage: str) -> None:
        self.stop()
        _reset_peak_rss()
        self._current = (stage, time.perf_counter(), _cpu_seconds())

    def stop(self) -> None:
        if self._current is not None:
            name, started, cpu = self._current
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
            self.cpu_seconds[name] = self.cpu_seconds.get(name, 0.0) + _cpu_seconds() - cpu
            peak = _status_kib("VmHWM")
            if peak is not None:
                self.peak_mib[name] = max(self.peak_mib.get(name, 0.0), peak / 1024)
            self._current = None


def load_parsed(path: Path, articles: Sequence[Article]) -> list[ParsedArticle]:
    """Stored analyses of exactly these articles, or an empty list when the file is absent or for other ones."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        parsed = [ParsedArticle.model_validate_json(line) for line in fh if line.strip()]
    if {p.article for p in parsed} != {a.id for a in articles}:
        print(f"{path} holds analyses of other articles; parsing again", file=sys.stderr)
        return []
    return parsed


def save_parsed(path: Path, articles: Sequence[Article]) -> None:
    from newsfuse.nlp import parse_articles

    with path.open("w", encoding="utf-8") as fh:
        for p in parse_articles(articles):
            fh.write(p.model_dump_json() + "\n")


@dataclass
class EncoderCost:
    """What the encoder costs against the parse, measured apart on one thread."""

    sentences: int = 0  # sentences the parse produced
    encoded: int = 0  # distinct sentences the aligner needed vectors for
    encoder_cpu: float = 0.0  # CPU seconds to encode them one at a time on one thread
    load_seconds: float = 0.0  # wall seconds to load the encoder (quantized at load), before any timing

    def lines(self, raws: Sequence[Measurement]) -> list[str]:
        if not self.encoded or not self.sentences:
            return []
        per = self.encoder_cpu / self.encoded
        lines = [(f"encoder alone: {self.encoded:,} distinct sentences of {self.sentences:,} encoded, "
                  f"{per * 1000:.1f} ms CPU each on one thread ({self.encoder_cpu:.2f} s); loading it took "
                  f"{self.load_seconds:.1f} s, once per process, before the timing")]
        for raw in raws:
            parse_per = raw.cpu_seconds / self.sentences
            share = self.encoder_cpu / raw.cpu_seconds
            lines.append(
                f"  {raw.name}: {parse_per * 1000:.1f} ms CPU per sentence parsed; the encoder is {share:.0%} of "
                f"the parse's CPU, so pipeline / bare parsing can reach at most {1 / (1 + share):.2f} on the same "
                f"cores even if every other stage cost nothing"
            )
        return lines


def _measure_encoder(texts: Sequence[str]) -> float:
    """CPU seconds to encode ``texts`` (distinct) once more, one sentence at a time on one thread."""
    model = encoder.get_encoder()
    model.encode_uncached(list(texts)[:8], threads=1)  # warm the session
    started = time.process_time()
    model.encode_uncached(list(texts), threads=1)
    return time.process_time() - started


def run(
    n: int, seed: int, processes: Sequence[int], pipeline: bool = True, parsed_cache: Path | None = None,
    encode_ahead: bool = True, cost: EncoderCost | None = None,
) -> tuple[list[Measurement], StageClock]:
    articles = synthetic_corpus(n, seed)
    texts = [a.body for a in articles]
    words = sum(len(t.split()) for t in texts)
    nlp.load()
    nlp.pipe_raw(texts[:4], n_process=1)  # warm the model before anything is timed
    loading = time.perf_counter()
    encoder.get_encoder()  # and load the encoder (its quantization at load takes 2-3 s, once per process)
    if cost is not None:
        cost.load_seconds = time.perf_counter() - loading
    stored = load_parsed(parsed_cache, articles) if parsed_cache is not None else []
    if parsed_cache is not None and not stored:
        save_parsed(parsed_cache, articles)
        stored = load_parsed(parsed_cache, articles)

    clock = StageClock()
    needed: list[str] = []
    sentences: list[int] = []
    real_encode = claims.encode_claim_sentences

    def recording_encode(articles_, parsed, entities, quantities, quotes):  # type: ignore[no-untyped-def]
        order = {a.id: k for k, a in enumerate(articles_)}
        needed.extend(claims.claim_worthy_texts(parsed, entities, quantities, quotes, order))
        sentences.append(sum(len(p.sentences) for p in parsed))
        return real_encode(articles_, parsed, entities, quantities, quotes)

    def whole_pipeline() -> None:
        encoder._CACHE.clear()  # a fair start: nothing encoded before (the warm-up fills nothing)
        claims.encode_claim_sentences = recording_encode
        try:
            newsfuse.brief_articles(_fresh_copies(articles), parsed=stored,
                                    options=BriefingOptions(on_stage=clock, encode_ahead=encode_ahead))
        finally:
            claims.encode_claim_sentences = real_encode
        clock.stop()

    name = "pipeline (stored parses)" if stored else "pipeline (brief_articles)"
    results = [_timed(name, n, words, whole_pipeline)] if pipeline else []
    for count in processes:
        results.append(_timed(f"nlp.pipe n_process={count}", n, words, functools.partial(nlp.pipe_raw, texts, count)))
    if cost is not None and needed:
        distinct = list(dict.fromkeys(needed))
        cost.sentences, cost.encoded, cost.encoder_cpu = sentences[0], len(distinct), _measure_encoder(distinct)
    return results, clock


def report(results: Sequence[Measurement], clock: StageClock, n: int, seed: int,
           cost: EncoderCost | None = None) -> str:
    timed_pipeline = results[0].name.startswith("pipeline")
    pipeline = results[0] if timed_pipeline else None
    raws = results[1:] if timed_pipeline else results
    lines = [
        (
            f"newsfuse {newsfuse.__version__}, model {nlp.MODEL_PACKAGE}=={nlp.MODEL_VERSION}, "
            f"Python {platform.python_version()}, {n} synthetic articles ({results[0].words:,} words, seed {seed})"
        ),
        f"{'run':<28}{'seconds':>10}{'cpu s':>9}{'articles/s':>13}{'words/s':>11}",
    ]
    for m in results:
        lines.append(
            f"{m.name:<28}{m.seconds:>10.2f}{m.cpu_seconds:>9.2f}{m.articles_per_s:>13.1f}{m.words_per_s:>11,.0f}"
        )
    if pipeline is not None:
        for raw in raws:
            ratio = pipeline.words_per_s / raw.words_per_s
            cpu_ratio = raw.cpu_seconds / pipeline.cpu_seconds if pipeline.cpu_seconds else float("nan")
            lines.append(f"pipeline / {raw.name}: {ratio:.2f} of bare parsing throughput "
                         f"(by CPU time, which other load on the machine does not inflate: {cpu_ratio:.2f})")
        lines.extend(stage_table(clock, raws))
    if cost is not None:
        lines.extend(cost.lines([r for r in raws if "n_process=2" in r.name] or raws))
    return "\n".join(lines)


def stage_table(clock: StageClock, raws: Sequence[Measurement]) -> list[str]:
    """Per-stage wall and CPU seconds, peak memory, and the stages after parsing as a share of the parse."""
    lines = [f"{'stage':<14}{'seconds':>9}{'cpu s':>9}{'peak MiB':>10}"]
    for name, sec in clock.seconds.items():
        lines.append(f"{name:<14}{sec:>9.2f}{clock.cpu_seconds.get(name, 0.0):>9.2f}"
                     f"{clock.peak_mib.get(name, float('nan')):>10,.0f}")
    names = list(clock.seconds)
    if "nlp" in names:
        after = names[names.index("nlp") + 1 :]
        wall, cpu = sum(clock.seconds[n] for n in after), sum(clock.cpu_seconds[n] for n in after)
        lines.append(f"stages after parsing: {wall:.2f}s wall, {cpu:.2f}s CPU")
        for parse in [("the nlp stage", clock.seconds["nlp"], clock.cpu_seconds["nlp"])] + [
            (r.name, r.seconds, r.cpu_seconds) for r in raws
        ]:
            label, parse_wall, parse_cpu = parse
            if parse_wall > 0.5:  # a stored parse (the nlp stage only copies sentences) is no yardstick
                lines.append(f"  = {wall / parse_wall:.0%} of {label}'s wall time"
                             + (f", {cpu / parse_cpu:.0%} of its CPU time" if parse_cpu else ""))
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if workers:
        lines.append(f"largest child process peak: {workers:,.0f} MiB (a forked child counts the parent pages it shares)")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=2000, help="number of synthetic articles (default 2000)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the generator")
    parser.add_argument(
        "--processes", default="1,2",
        help="comma-separated n_process values for bare nlp.pipe (default 1,2; 0 skips the bare runs)",
    )
    parser.add_argument(
        "--parsed-cache", type=Path,
        help="JSON-lines file of NLP analyses: written on the first run, reused (no parsing) on later ones",
    )
    parser.add_argument(
        "--skip-pipeline", action="store_true", help="time only bare nlp.pipe (e.g. for a large --n)"
    )
    parser.add_argument("--json", type=Path, help="also write the measurements to this JSON file")
    parser.add_argument("--encode-after-parse", action="store_true",
                        help="no background encoder during the one-core stages (BriefingOptions.encode_ahead off)")
    parser.add_argument("--story", type=int, metavar="N",
                        help="only time `newsfuse brief` on one N-article story in a fresh process (model loads included)")
    args = parser.parse_args(argv)
    if args.story is not None:
        load = os.getloadavg()[0]
        seconds, cpu, code = time_story(args.story, args.seed)
        print(f"newsfuse brief on one {args.story}-article synthetic story (seed {args.seed}), model loads included: "
              f"{seconds:.1f} s wall, {cpu:.1f} s CPU (with its parse workers), exit code {code}; "
              f"load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end (2 cores)")
        return code
    if args.n < 1:
        parser.error("--n must be at least 1")
    try:
        processes = [int(p) for p in args.processes.split(",") if p.strip()]
    except ValueError:
        parser.error(f"--processes takes integers like 1,2, not {args.processes!r}")
    if processes == [0]:
        processes = []
    elif not processes or min(processes) < 1:
        parser.error("--processes needs values >= 1, or just 0")
    if args.skip_pipeline and not processes:
        parser.error("--skip-pipeline with --processes 0 leaves nothing to time")

    cost = EncoderCost()
    load = os.getloadavg()[0]
    results, clock = run(args.n, args.seed, processes, pipeline=not args.skip_pipeline,
                         parsed_cache=args.parsed_cache, encode_ahead=not args.encode_after_parse, cost=cost)
    print(report(results, clock, args.n, args.seed, cost))
    print(f"encoding ahead: {'off' if args.encode_after_parse else 'on'}; "
          f"load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end (2 cores)")
    if args.json is not None:
        rows = [asdict(m) | {"articles_per_s": m.articles_per_s, "words_per_s": m.words_per_s} for m in results]
        document = {"n": args.n, "seed": args.seed, "runs": rows, "stage_seconds": clock.seconds,
                    "stage_cpu_seconds": clock.cpu_seconds,
                    "stage_peak_rss_mib": clock.peak_mib, "encoder_cost": asdict(cost)}
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
