"""End-to-end run of the ``newsfuse brief`` CLI over real article text, as a user would run it.

Reads GeoWebNews (``geowebnews/GWN.xml``: ``<title>``, ``<link>``, ``<text>``) and MEANTIME
(``meantime-en/meantime.conll``, rebuilt one sentence per line) from ``../shared/eval-data``
(relative to the repository root), read-only.  Nothing from the corpora is written into the
repository: every input file lives in a temporary directory that is removed afterwards
(``--keep`` keeps it for reading by eye).

Each document is written in one of three shapes, in turn, so that every reader is exercised:

* ``txt``  - pasted page text: headline, a byline-free date line, the body, then typical
  page furniture lines (share buttons, newsletter box) that the cleaner must drop;
* ``html`` - a simple page with ``<nav>``, ``<header>``, ``<footer>`` and a cookie banner
  around an ``<article>`` of ``<p>`` paragraphs;
* ``jsonl`` - records (``title``, ``text``, ``url``), several documents per file.

Documents are briefed in batches (``--batch``, default 40) with one CLI process per batch.
Reported per batch and overall: exit codes, crashes (tracebacks on stderr), skipped inputs
and their reasons, wall time per article, peak RSS of the CLI process, and sanity
statistics from ``briefing.json``: articles with no sentences, share of source body
sentences missing from the article body (lost by the cleaner/extractor), furniture lines
kept in bodies, entity mentions per article, quotes without a speaker, claims, summary
length and unresolved places.  ``--sample N`` prints N articles' outputs for reading by eye.

Usage::

    .venv/bin/python bench/real_corpus_run.py [--batch 40] [--limit 0] [--sample 6] [--json report.json]

Exits 0 when the data is absent (nothing to measure), 1 when any batch crashed.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT.parent / "shared" / "eval-data"
CLI = REPO_ROOT / ".venv" / "bin" / "newsfuse"

FORMATS = ("txt", "html", "jsonl")
JSONL_RECORDS_PER_FILE = 5

# Generic page furniture added around real bodies; a cleaned body must not contain any of it.
TXT_FURNITURE_TOP = ("Skip to main content", "Menu", "Subscribe")
TXT_FURNITURE_BOTTOM = (
    "Share this article",
    "Sign up for our newsletter to get the day's top stories.",
    "Advertisement",
    "© 2024 Example Media Group. All rights reserved.",
)
HTML_FURNITURE = (
    "Home",
    "World",
    "Business",
    "We use cookies to improve your experience.",
    "Related stories",
    "Contact us",
    "Terms of use",
)
# Source sentences are compared after this normalisation (quotes and spacing differ between shapes).
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])[\"'”’]?\s+(?=[A-Z\"“‘'(])")
_NON_WORD = re.compile(r"\W+")


@dataclass(frozen=True)
class SourceDoc:
    id: str
    corpus: str
    title: str
    body: str  # paragraphs separated by newlines
    url: str | None = None
    date_line: str | None = None


@dataclass
class BatchResult:
    number: int
    n_docs: int
    exit_code: int | str
    wall_s: float
    peak_rss_mb: float
    crashed: bool
    stderr_tail: list[str]
    skipped: list[tuple[str, str]] = field(default_factory=list)
    briefing: dict[str, Any] | None = None


# --------------------------------------------------------------------------- reading the corpora


def read_geowebnews(path: Path) -> list[SourceDoc]:
    root = ET.parse(path).getroot()
    docs = []
    for element in root.findall("article"):
        body = (element.findtext("text") or "").strip()
        # Paragraphs are separated by blank lines in the corpus; keep one per line.
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", body) if p.strip()]
        docs.append(
            SourceDoc(
                id=f"gwn-{element.get('file')}",
                corpus="geowebnews",
                title=" ".join((element.findtext("title") or "").split()),
                body="\n".join(paragraphs),
                url=(element.findtext("link") or "").strip() or None,
            )
        )
    return docs


# Detokenisation of MEANTIME's CoNLL tokens: no space before these, none after the opening ones.
_NO_SPACE_BEFORE = frozenset({",", ".", ":", ";", "?", "!", ")", "]", "%", "'s", "'", "n't", "'re", "'ve", "'ll", "'d"})
_NO_SPACE_AFTER = frozenset({"(", "[", "$", "US$", "#"})


def read_meantime(path: Path) -> list[SourceDoc]:
    """One document per CoNLL key: sentence 0 is the headline, sentence 1 the dateline, the rest the body."""
    sentences: dict[str, dict[int, list[str]]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            key, sentence, _index, token = line.rstrip("\n").split("\t")[:4]
            sentences.setdefault(key, {}).setdefault(int(sentence), []).append(token)
    docs = []
    for key, by_number in sentences.items():
        texts = [_detokenise(by_number[n]) for n in sorted(by_number)]
        if len(texts) < 3:
            continue
        docs.append(
            SourceDoc(
                id=f"meantime-{key.replace('/', '-')}",
                corpus="meantime",
                title=texts[0],
                body="\n".join(texts[2:]),
                date_line=texts[1],
            )
        )
    return docs


def _detokenise(tokens: Sequence[str]) -> str:
    out = ""
    previous = ""
    for token in tokens:
        if out and token not in _NO_SPACE_BEFORE and previous not in _NO_SPACE_AFTER:
            out += " "
        out += token
        previous = token
    return out


# --------------------------------------------------------------------------- writing inputs


def as_text_page(doc: SourceDoc) -> str:
    lines = [*TXT_FURNITURE_TOP, "", doc.title, ""]
    if doc.date_line:
        lines += [doc.date_line, ""]
    lines += [p + "\n" for p in doc.body.split("\n")]
    lines += ["", *TXT_FURNITURE_BOTTOM]
    return "\n".join(lines) + "\n"


def as_html_page(doc: SourceDoc) -> str:
    esc = html.escape
    nav = "".join(f'<li><a href="/{esc(w.lower())}">{esc(w)}</a></li>' for w in HTML_FURNITURE[:3])
    paragraphs = "\n".join(f"<p>{esc(p)}</p>" for p in doc.body.split("\n"))
    date = f"<time>{esc(doc.date_line)}</time>" if doc.date_line else ""
    return (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
        f"<title>{esc(doc.title)} | Example News</title></head>\n<body>\n"
        f"<header><nav><ul>{nav}</ul></nav><div class=\"cookie-banner\">{esc(HTML_FURNITURE[3])}</div></header>\n"
        f"<main><article><h1>{esc(doc.title)}</h1>{date}\n{paragraphs}\n</article>\n"
        f"<aside><h2>{esc(HTML_FURNITURE[4])}</h2><ul><li><a href=\"/x\">Another story</a></li></ul></aside></main>\n"
        f"<footer><a href=\"/contact\">{esc(HTML_FURNITURE[5])}</a> <a href=\"/terms\">{esc(HTML_FURNITURE[6])}</a>"
        "</footer>\n</body></html>\n"
    )


def as_record(doc: SourceDoc) -> dict[str, Any]:
    record: dict[str, Any] = {"title": doc.title, "text": doc.body}
    if doc.url:
        record["url"] = doc.url
    return record


def write_batch(docs: Sequence[SourceDoc], folder: Path, first_format: int) -> dict[str, str]:
    """Write the batch's inputs; returns the CLI path prefix (file or file#line-N) of each document id."""
    folder.mkdir(parents=True)
    path_of: dict[str, str] = {}
    pending_records: list[SourceDoc] = []

    def flush_records() -> None:
        if not pending_records:
            return
        target = folder / f"records-{pending_records[0].id}.jsonl"
        with target.open("w", encoding="utf-8") as handle:
            for number, rec_doc in enumerate(pending_records, start=1):
                handle.write(json.dumps(as_record(rec_doc), ensure_ascii=False) + "\n")
                path_of[rec_doc.id] = f"{target}#line-{number}"
        pending_records.clear()

    for n, doc in enumerate(docs):
        shape = FORMATS[(first_format + n) % len(FORMATS)]
        if shape == "txt":
            target = folder / f"{doc.id}.txt"
            target.write_text(as_text_page(doc), encoding="utf-8")
            path_of[doc.id] = str(target)
        elif shape == "html":
            target = folder / f"{doc.id}.html"
            target.write_text(as_html_page(doc), encoding="utf-8")
            path_of[doc.id] = str(target)
        else:
            pending_records.append(doc)
            if len(pending_records) == JSONL_RECORDS_PER_FILE:
                flush_records()
    flush_records()
    return path_of


# --------------------------------------------------------------------------- running the CLI


def run_cli(folder: Path, out: Path, timeout: float) -> tuple[int | str, float, float, str]:
    """Exit code (or 'timeout'), wall seconds, peak RSS in MB and stderr of one ``newsfuse brief`` run."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as stderr_file:
        proc = subprocess.Popen(
            [str(CLI), "brief", str(folder), "--out", str(out), "--format", "json"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr_file,
        )
        code: int | str
        deadline = started + timeout
        while True:
            # wait4 gives this child's own resource usage, so the peak RSS is per batch.
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                peak_mb = usage.ru_maxrss / 1024
                break
            if time.monotonic() > deadline:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                code, peak_mb = "timeout", usage.ru_maxrss / 1024
                break
            time.sleep(0.05)
        proc.returncode = code if isinstance(code, int) else -9  # keeps Popen from waiting again
        stderr_file.seek(0)
        stderr = stderr_file.read().decode("utf-8", errors="replace")
    return code, time.monotonic() - started, peak_mb, stderr


def run_batch(number: int, docs: Sequence[SourceDoc], work: Path, timeout: float) -> tuple[BatchResult, dict[str, str]]:
    folder = work / f"batch-{number:02d}"
    out = work / f"out-{number:02d}"
    path_of = write_batch(docs, folder, first_format=number)
    code, wall, peak, stderr = run_cli(folder, out, timeout)
    lines = stderr.splitlines()
    skipped = []
    for line in lines:
        match = re.match(r"newsfuse: skipped (.+?): (.*)$", line)
        if match:
            skipped.append((match.group(1), match.group(2)))
    briefing_path = out / "briefing.json"
    briefing = json.loads(briefing_path.read_text(encoding="utf-8")) if briefing_path.exists() else None
    result = BatchResult(
        number=number,
        n_docs=len(docs),
        exit_code=code,
        wall_s=wall,
        peak_rss_mb=peak,
        crashed="Traceback (most recent call last)" in stderr or code not in (0, 3),
        stderr_tail=[ln for ln in lines if not ln.startswith(("newsfuse: wrote", "newsfuse: skipped"))][-20:],
        skipped=skipped,
        briefing=briefing,
    )
    return result, path_of


# --------------------------------------------------------------------------- statistics


def _key(text: str) -> str:
    return _NON_WORD.sub(" ", text.casefold()).strip()


def source_sentences(doc: SourceDoc) -> list[str]:
    return [s for p in doc.body.split("\n") for s in _SENTENCE_SPLIT.split(p) if len(_key(s)) > 3]


@dataclass
class ArticleStats:
    doc_id: str
    shape: str
    path: str
    sentences: int
    source_sentences: int
    lost_sentences: list[str]
    furniture_kept: list[str]
    mentions: int
    quotes: int
    quotes_no_speaker: int


def article_stats(doc: SourceDoc, shape: str, article: dict[str, Any], briefing: dict[str, Any]) -> ArticleStats:
    body_key = _key(article["body"])
    wanted = source_sentences(doc)
    lost = [s for s in wanted if _key(s) not in body_key]
    furniture = TXT_FURNITURE_TOP + TXT_FURNITURE_BOTTOM if shape == "txt" else HTML_FURNITURE
    # A furniture line counts as kept only when it is a line of its own (short words like "Menu" occur in text).
    body_lines = {_key(line) for line in article["body"].split("\n")}
    kept = [f for f in furniture if _key(f) in body_lines]
    mentions = sum(1 for e in briefing["entities"] for m in e["mentions"] if m["article"] == article["id"])
    quotes = [q for q in briefing["quotes"] if q["article"] == article["id"]]
    return ArticleStats(
        doc_id=doc.id,
        shape=shape,
        path=article["path"],
        sentences=len(article["sentences"]),
        source_sentences=len(wanted),
        lost_sentences=lost,
        furniture_kept=kept,
        mentions=mentions,
        quotes=len(quotes),
        quotes_no_speaker=sum(1 for q in quotes if q["speaker"] is None),
    )


def shape_of(path: str) -> str:
    base = path.split("#", 1)[0]
    return Path(base).suffix.lstrip(".")


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "n/a"


def summarise(results: Sequence[BatchResult], stats: Sequence[ArticleStats], missing: Sequence[str]) -> dict[str, Any]:
    n_docs = sum(r.n_docs for r in results)
    wall = sum(r.wall_s for r in results)
    briefings = [r.briefing for r in results if r.briefing]
    places = [p for b in briefings for p in b["places"]]
    quotes = sum(s.quotes for s in stats)
    src_sentences = sum(s.source_sentences for s in stats)
    by_shape: dict[str, dict[str, Any]] = {}
    for shape in FORMATS:
        group = [s for s in stats if s.shape == shape]
        wanted = sum(s.source_sentences for s in group)
        by_shape[shape] = {
            "articles": len(group),
            "lost_sentence_share": _pct(sum(len(s.lost_sentences) for s in group), wanted),
            "furniture_lines_kept": sum(len(s.furniture_kept) for s in group),
        }
    return {
        "documents": n_docs,
        "batches": len(results),
        "exit_codes": dict(Counter(str(r.exit_code) for r in results)),
        "crashed_batches": [r.number for r in results if r.crashed],
        "briefed_articles": len(stats),
        "documents_not_briefed_and_not_reported": list(missing),
        "skipped_reasons": dict(Counter(_reason_kind(reason) for r in results for _, reason in r.skipped)),
        "wall_s_total": round(wall, 1),
        "wall_s_per_article": round(wall / n_docs, 2) if n_docs else None,
        "peak_rss_mb_max": round(max((r.peak_rss_mb for r in results), default=0.0)),
        "articles_with_0_sentences": [s.doc_id for s in stats if s.sentences == 0],
        "lost_source_sentence_share": _pct(sum(len(s.lost_sentences) for s in stats), src_sentences),
        "by_shape": by_shape,
        "entity_mentions_per_article": round(statistics.mean(s.mentions for s in stats), 1) if stats else None,
        "quotes": quotes,
        "quotes_speaker_none_share": _pct(sum(s.quotes_no_speaker for s in stats), quotes),
        "claims_per_batch": [len(b["claims"]) for b in briefings],
        "summary_sentences_per_batch": [len(b["summary"]) for b in briefings],
        "summary_chars_per_batch": [sum(len(s["text"]) for s in b["summary"]) for b in briefings],
        "places": len(places),
        "places_unresolved_share": _pct(sum(1 for p in places if not p["resolved"]), len(places)),
    }


def _reason_kind(reason: str) -> str:
    # Group reasons that differ only in their details (probabilities, paths, sizes).
    return re.sub(r"\(.*\)|'[^']*'|\d+(\.\d+)?", "…", reason)[:90]


# --------------------------------------------------------------------------- reading by eye


def print_sample(doc: SourceDoc, article: dict[str, Any], briefing: dict[str, Any], out: Any) -> None:
    print(f"\n=== {doc.id} ({article['path'].rsplit('/', 1)[-1]}) title={article['title']!r}", file=out)
    print(f"    outlet={article['outlet']!r} authors={article['authors']} published={article['published']}", file=out)
    print(f"    body[:300]={article['body'][:300]!r}", file=out)
    for dropped in article["dropped"][:8]:
        print(f"    dropped ({dropped['reason']}): {dropped['text'][:100]!r}", file=out)
    for quote in [q for q in briefing["quotes"] if q["article"] == article["id"]][:5]:
        print(f"    quote speaker={quote['speaker']!r} cue={quote['cue']!r}: {quote['text'][:100]!r}", file=out)
    ids = {m["article"] for e in briefing["entities"] for m in e["mentions"]}
    names = [
        f"{e['name']}<{e['type']}>"
        for e in briefing["entities"]
        if article["id"] in ids and any(m["article"] == article["id"] for m in e["mentions"])
    ]
    print(f"    entities: {', '.join(names[:25])}", file=out)
    entity_ids = {
        e["id"] for e in briefing["entities"] if any(m["article"] == article["id"] for m in e["mentions"])
    }
    for place in [p for p in briefing["places"] if p["entity"] in entity_ids][:10]:
        where = f"{place['country']} {place['admin1']} ({place['lat']}, {place['lon']})" if place["resolved"] else "-"
        print(f"    place {place['name']!r} -> {where} {place['feature']} role={place['role']}", file=out)
    for entry in [t for t in briefing["timeline"] if t["article"] == article["id"]][:5]:
        print(f"    date {entry['date']} ({entry['expression']!r}): {entry['text'][:80]!r}", file=out)


# --------------------------------------------------------------------------- main


def batches(docs: Sequence[SourceDoc], size: int) -> Iterable[list[SourceDoc]]:
    for start in range(0, len(docs), size):
        yield list(docs[start : start + size])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--batch", type=int, default=40, help="documents per CLI run (20-50 is realistic)")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N documents of each corpus")
    parser.add_argument("--sample", type=int, default=6, help="print this many articles' outputs for reading")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds allowed per batch")
    parser.add_argument("--json", type=Path, help="also write the summary as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary inputs/outputs (path printed)")
    args = parser.parse_args(argv)

    gwn, meantime = args.data / "geowebnews" / "GWN.xml", args.data / "meantime-en" / "meantime.conll"
    if not gwn.is_file() or not meantime.is_file():
        print(f"eval data not found under {args.data}; nothing to run", file=sys.stderr)
        return 0
    corpora = [read_geowebnews(gwn), read_meantime(meantime)]
    if args.limit:
        corpora = [c[: args.limit] for c in corpora]
    # Interleave the corpora so that every batch mixes both, as a user's folder would.
    docs = [d for pair in zip(*corpora, strict=False) for d in pair]
    docs += [d for c in corpora for d in c[min(len(x) for x in corpora) :]]
    by_id = {d.id: d for d in docs}

    work = Path(tempfile.mkdtemp(prefix="newsfuse-real-"))
    results: list[BatchResult] = []
    stats: list[ArticleStats] = []
    missing: list[str] = []
    samples: list[tuple[SourceDoc, dict[str, Any], dict[str, Any]]] = []
    summary: dict[str, Any] = {}
    try:
        for number, batch in enumerate(batches(docs, args.batch), start=1):
            result, path_of = run_batch(number, batch, work, args.timeout)
            results.append(result)
            print(
                f"batch {number:2d}: {result.n_docs} docs exit={result.exit_code} {result.wall_s:6.1f} s "
                f"({result.wall_s / result.n_docs:.2f} s/doc) peak {result.peak_rss_mb:.0f} MB "
                f"skipped={len(result.skipped)}" + (" CRASH" if result.crashed else ""),
                flush=True,
            )
            for line in result.stderr_tail:
                print(f"    stderr: {line[:200]}")
            if result.briefing is None:
                continue
            by_path = {a["path"]: a for a in result.briefing["articles"]}
            reported = {p for p, _ in result.skipped}
            for doc in batch:
                article = by_path.get(path_of[doc.id])
                if article is None:
                    if path_of[doc.id] not in reported:
                        missing.append(doc.id)
                    continue
                stats.append(article_stats(doc, shape_of(article["path"]), article, result.briefing))
                if len(samples) < args.sample and len(stats) % 17 == 1:
                    samples.append((doc, article, result.briefing))
        for path, reason in [s for r in results for s in r.skipped]:
            print(f"skipped: {path.replace(str(work), '')}: {reason}")
        for s in stats:
            for lost in s.lost_sentences[:3]:
                print(f"lost sentence ({len(s.lost_sentences)}/{s.source_sentences}) in {s.doc_id} ({s.shape}): "
                      f"{lost[:110]!r}")
            if s.furniture_kept:
                print(f"furniture kept in {s.doc_id} ({s.shape}): {s.furniture_kept}")
        for doc, article, briefing in samples:
            print_sample(by_id[doc.id], article, briefing, sys.stdout)
        summary = summarise(results, stats, missing)
        print("\n" + json.dumps(summary, indent=2, ensure_ascii=False))
        if args.json:
            args.json.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    finally:
        if args.keep:
            print(f"inputs and outputs kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if summary.get("crashed_batches") or missing else 0


if __name__ == "__main__":
    sys.exit(main())
