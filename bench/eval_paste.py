"""Cleaning of pages pasted from a browser, on the Mozilla Readability test pages.

Usage: ``.venv/bin/python bench/eval_paste.py [--no-peer]``

Reads ``../shared/eval-data/readability-pages/`` (relative to the repository root): per page the browser
paste (``paste.txt``), the publisher's article text (``expected.txt``), the saved HTML (``source.html``) and
Readability's metadata (``metadata.json``).  Nothing of it is copied into the project.

Split: pages are grouped by site (the page name up to its first hyphen, so ``wapo-1`` and ``wapo-2``, or
``lifehacker-working`` and ``lifehacker-post-comment-load``, fall together); a site is *held apart* when
``sha256(site) mod 10 < 3``.  The held-apart pages were never looked at while writing or fitting the
cleaner; ``bench/fit_paste.py`` fits on the other ("dev") pages only.

Body: the usual article-extraction metric.  Tokens are ``\\w+`` runs (case kept), a text is a multiset of
4-token shingles, TP/FP/FN are counted per page; precision is averaged over pages with a non-empty
prediction, recall over pages with a non-empty gold text, F1 is the harmonic mean of the two averages.
It is printed for the raw paste (no cleaning), newsfuse's cleaned body, and trafilatura on ``source.html``.

Metadata, scored against ``metadata.json``:

* title: right when the casefolded letters-and-digits of the two titles are at least 90 % similar
  (rapidfuzz ratio), the gold title taken with or without a trailing site name ("... | eHow"), over every page;
* authors: right when the set of name words of the predicted authors equals that of the gold byline (after
  "By"/"Par"/"Written by", a second line, parentheses and e-mail/URL parts are cut off), over pages whose gold
  byline names people (not an outlet, a date or "Contributors to ...");
* date: right when the predicted publication date equals the date written in ``publishedTime``, over pages
  that have one;
* outlet: right when the predicted outlet and ``siteName`` (a web address reduced to its name: "tmz") are at
  least 90 % similar or one holds the other as whole words ("the Guardian" / "Guardian"), over pages that
  give a site name.

Ceilings: what any cleaner of the paste could reach, whatever it does (printed under each group, with the
pages that miss them): body recall = share of the gold 4-shingles present in ``paste.txt`` at all; title =
pages whose gold title is a line of the paste (or is contained in one); authors = pages whose gold name words
all occur in the paste; date = pages whose gold date is written in the paste in any form (ISO, "March 9,
2027", "9 Mar 2027", "03/09/2027", "9.3.2027", ...).  The body precision ceiling is 1 (a cleaner may drop
anything).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

REPO = Path(__file__).resolve().parents[1]


def _eval_data() -> Path:
    """``../shared/eval-data`` beside the project (or beside a parent of it, for a git worktree)."""
    for parent in REPO.parents:
        if (parent / "shared" / "eval-data").is_dir():
            return parent / "shared" / "eval-data"
    return REPO / ".." / "shared" / "eval-data"


PAGES = _eval_data() / "readability-pages"
HELD_APART_BUCKETS = 3  # of 10
SHINGLE = 4
_TOKEN_RE = re.compile(r"\w+")


@dataclass
class Page:
    name: str
    site: str
    language: str
    paste: str
    expected: str
    meta: dict[str, object]
    source: Path

    @property
    def held_apart(self) -> bool:
        return is_held_apart(self.site)


def site_of(name: str) -> str:
    return name.split("-")[0]


def is_held_apart(site: str) -> bool:
    return int(hashlib.sha256(site.encode("utf-8")).hexdigest(), 16) % 10 < HELD_APART_BUCKETS


def load_pages(root: Path = PAGES) -> list[Page]:
    index = json.loads((root / "index.json").read_text(encoding="utf-8"))
    pages = []
    for entry in index:
        folder = root / entry["name"]
        pages.append(
            Page(
                name=entry["name"],
                site=site_of(entry["name"]),
                language=entry["language"],
                paste=(folder / "paste.txt").read_text(encoding="utf-8"),
                expected=(folder / "expected.txt").read_text(encoding="utf-8"),
                meta=json.loads((folder / "metadata.json").read_text(encoding="utf-8")),
                source=folder / "source.html",
            )
        )
    return pages


# ---------------------------------------------------------------------------------------------- body metric


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN_RE.findall(text)
    if 0 < len(tokens) < SHINGLE:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


@dataclass
class BodyScore:
    precision: float
    recall: float
    pages: int

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def body_score(pairs: Iterable[tuple[str, str]]) -> BodyScore:
    """Per-page averaged shingle precision and recall over (prediction, gold) pairs."""
    precisions: list[float] = []
    recalls: list[float] = []
    n = 0
    for predicted, gold in pairs:
        n += 1
        pred, ref = shingles(predicted), shingles(gold)
        tp = sum((pred & ref).values())
        if pred:
            precisions.append(tp / sum(pred.values()))
        if ref:
            recalls.append(tp / sum(ref.values()))
    return BodyScore(
        precision=sum(precisions) / len(precisions) if precisions else 0.0,
        recall=sum(recalls) / len(recalls) if recalls else 0.0,
        pages=n,
    )


# ---------------------------------------------------------------------------------------------- metadata


def _comparable(text: str) -> str:
    return " ".join(_TOKEN_RE.findall(text.casefold()))


_SITE_SUFFIX_RE = re.compile(r"\s+(?:\||-|–|—|::)\s+(?!.*\s(?:\||-|–|—|::)\s)")


def gold_titles(gold: str) -> list[str]:
    """The gold title, and without the site name a page's <title> often ends with ("... | eHow")."""
    titles = [gold]
    parts = _SITE_SUFFIX_RE.split(gold)
    if len(parts) == 2 and len(parts[1].split()) <= 4:
        titles.append(parts[0])
    return titles


def title_right(predicted: str | None, gold: str) -> bool:
    if not predicted:
        return False
    return any(fuzz.ratio(_comparable(predicted), _comparable(g)) >= 90 for g in gold_titles(gold))


_NOT_PEOPLE_RE = re.compile(r"\b(?:news|contributors|organization|updated|follow|author)\b|\d", re.IGNORECASE)


def gold_author_words(byline: object) -> set[str] | None:
    """Name words of a gold byline that names people; None when it names none."""
    if not isinstance(byline, str) or not byline.strip():
        return None
    text = byline.strip().splitlines()[0]
    text = re.sub(r"^(?:written\s+)?(?:by|par)\b:?\s*", "", text.strip(), flags=re.IGNORECASE)
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r",\s*(?:MA|PhD|MD)\b", " ", text)
    if not text.strip() or _NOT_PEOPLE_RE.search(text) or not re.search(r"[A-Za-z]", text):
        return None
    found = {w for w in _comparable(text).split() if w not in {"and", "avec", "et", "y"}}
    return found or None


def authors_right(predicted: list[str], gold: set[str]) -> bool:
    return {w for name in predicted for w in _comparable(name).split()} == gold


def gold_date(published: object) -> str | None:
    if not isinstance(published, str):
        return None
    match = re.match(r"\d{4}-\d{2}-\d{2}", published.strip())
    return match.group(0) if match else None


_ADDRESS_RE = re.compile(r"^(?:https?://)?(?:www\.)?([\w-]+)\.[a-z]{2,}(?:/.*)?$", re.IGNORECASE)


def gold_outlet(site_name: object) -> str | None:
    if not isinstance(site_name, str) or not site_name.strip():
        return None
    address = _ADDRESS_RE.match(site_name.strip())
    return _comparable(address.group(1) if address else site_name) or None


def outlet_right(predicted: str | None, gold: str) -> bool:
    if not predicted:
        return False
    mine = _comparable(predicted)
    if not mine:
        return False
    return fuzz.ratio(mine, gold) >= 90 or f" {mine} " in f" {gold} " or f" {gold} " in f" {mine} "


# ---------------------------------------------------------------------------------------------- runs


@dataclass
class PageOutput:
    body: str
    title: str | None
    authors: list[str]
    published: str | None
    outlet: str | None = None


def newsfuse_output(page: Page) -> PageOutput:
    from newsfuse.clean import clean_pasted

    cleaned = clean_pasted(page.paste)
    return PageOutput(cleaned.body, cleaned.title, cleaned.authors, cleaned.published, cleaned.outlet)


def trafilatura_body(page: Page) -> str:
    import trafilatura

    html = page.source.read_text(encoding="utf-8", errors="replace")
    return trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=False) or ""


@dataclass
class Figures:
    pages: int
    raw: BodyScore
    cleaned: BodyScore
    peer: BodyScore | None
    title: tuple[int, int]
    authors: tuple[int, int]
    date: tuple[int, int]
    outlet: tuple[int, int] = (0, 0)


def evaluate(pages: list[Page], run: Callable[[Page], PageOutput], peer: bool) -> Figures:
    outputs = [run(page) for page in pages]
    raw = body_score((p.paste, p.expected) for p in pages)
    cleaned = body_score((o.body, p.expected) for o, p in zip(outputs, pages, strict=True))
    peer_score = body_score((trafilatura_body(p), p.expected) for p in pages) if peer else None
    title = authors = date = outlet = (0, 0)
    for page, out in zip(pages, outputs, strict=True):
        gold_title = page.meta.get("title")
        if isinstance(gold_title, str) and gold_title.strip():
            title = (title[0] + title_right(out.title, gold_title), title[1] + 1)
        names = gold_author_words(page.meta.get("byline"))
        if names is not None:
            authors = (authors[0] + authors_right(out.authors, names), authors[1] + 1)
        day = gold_date(page.meta.get("publishedTime"))
        if day is not None:
            date = (date[0] + (out.published == day), date[1] + 1)
        site = gold_outlet(page.meta.get("siteName"))
        if site is not None:
            outlet = (outlet[0] + outlet_right(out.outlet, site), outlet[1] + 1)
    return Figures(len(pages), raw, cleaned, peer_score, title, authors, date, outlet)


def _pct(hits: tuple[int, int]) -> str:
    return f"{100 * hits[0] / hits[1]:5.1f} % ({hits[0]}/{hits[1]})" if hits[1] else "  n/a"


# ---------------------------------------------------------------------------------------------- ceilings

_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)


def date_renderings(day: str) -> list[str]:
    """Ways a page may print the date ``YYYY-MM-DD`` (casefolded, spaces collapsed)."""
    year, month, mday = (int(x) for x in day.split("-"))
    long, short = _MONTHS[month - 1], _MONTHS[month - 1][:3]
    days = {str(mday), f"{mday:02d}"}
    out = {day, f"{year}/{month:02d}/{mday:02d}", f"{year}{month:02d}{mday:02d}"}
    for d in days:
        for m in {str(month), f"{month:02d}"}:
            out |= {f"{m}/{d}/{year}", f"{d}/{m}/{year}", f"{d}.{m}.{year}", f"{m}/{d}/{year % 100:02d}"}
        for name in (long, short, short + "."):
            out |= {f"{name} {d}, {year}", f"{name} {d} {year}", f"{d} {name} {year}", f"{d} {name}, {year}"}
            for suffix in ("st", "nd", "rd", "th"):
                out |= {f"{name} {d}{suffix}, {year}", f"{d}{suffix} {name} {year}", f"{d}{suffix} of {name} {year}"}
    return sorted(out)


def date_written(paste: str, day: str) -> bool:
    text = " ".join(paste.casefold().split())
    for form in date_renderings(day):
        for match in re.finditer(re.escape(form), text):
            before = text[match.start() - 1 : match.start()]
            after = text[match.end() : match.end() + 1]
            if not (before.isdigit() or after.isdigit()):
                return True
    return False


def title_in_paste(paste: str, gold: str) -> bool:
    golds = [_comparable(g) for g in gold_titles(gold)]
    for line in paste.splitlines():
        mine = _comparable(line)
        if mine and any(fuzz.ratio(mine, g) >= 90 or (g and f" {g} " in f" {mine} ") for g in golds):
            return True
    return False


@dataclass
class Ceilings:
    recall: float
    title: tuple[int, int]
    authors: tuple[int, int]
    date: tuple[int, int]
    misses: dict[str, list[str]]


def ceilings(pages: list[Page]) -> Ceilings:
    """What any cleaner of the paste could reach (see the module docstring)."""
    recalls = []
    title = authors = date = (0, 0)
    misses: dict[str, list[str]] = {"title": [], "authors": [], "date": []}
    for page in pages:
        ref, paste = shingles(page.expected), shingles(page.paste)
        if ref:
            recalls.append(sum((ref & paste).values()) / sum(ref.values()))
        gold_title = page.meta.get("title")
        if isinstance(gold_title, str) and gold_title.strip():
            hit = title_in_paste(page.paste, gold_title)
            title = (title[0] + hit, title[1] + 1)
            if not hit:
                misses["title"].append(page.name)
        names = gold_author_words(page.meta.get("byline"))
        if names is not None:
            present = set(_comparable(page.paste).split())
            hit = names <= present
            authors = (authors[0] + hit, authors[1] + 1)
            if not hit:
                misses["authors"].append(page.name)
        day = gold_date(page.meta.get("publishedTime"))
        if day is not None:
            hit = date_written(page.paste, day)
            date = (date[0] + hit, date[1] + 1)
            if not hit:
                misses["date"].append(f"{page.name} ({day})")
    return Ceilings(sum(recalls) / len(recalls) if recalls else 0.0, title, authors, date, misses)


def print_ceilings(found: Ceilings) -> None:
    print(f"  ceiling (any cleaner of the paste): body recall {found.recall:.3f}, title {_pct(found.title)},")
    print(f"    authors {_pct(found.authors)}, date {_pct(found.date)}")
    for metric, names in found.misses.items():
        if names:
            print(f"    {metric} not in the paste: {', '.join(names)}")


def print_figures(label: str, figures: Figures) -> None:
    print(f"\n{label}: {figures.pages} pages")
    print(f"  {'body':<22} {'P':>6} {'R':>6} {'F1':>6}")
    rows = [("raw paste", figures.raw), ("newsfuse cleaned", figures.cleaned)]
    if figures.peer is not None:
        rows.append(("trafilatura (HTML)", figures.peer))
    for name, score in rows:
        print(f"  {name:<22} {score.precision:6.3f} {score.recall:6.3f} {score.f1:6.3f}")
    print(f"  title   {_pct(figures.title)}")
    print(f"  authors {_pct(figures.authors)}")
    print(f"  date    {_pct(figures.date)}")
    print(f"  outlet  {_pct(figures.outlet)}")


#: The project's previous published figures on the held-apart English pages (README, before captions were kept).
PREVIOUS_HELD_APART_EN = "F1 0.914 (P 0.898, R 0.931), title 13/21, authors 9/13, date 2/6, outlet 4/13"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-peer", action="store_true", help="skip trafilatura (faster)")
    parser.add_argument("--dev", action="store_true", help="also print the dev split (tuned on)")
    parser.add_argument("--pages", type=Path, default=PAGES)
    args = parser.parse_args(argv)
    if not args.pages.is_dir():
        print(f"{args.pages}: not found (the eval data lives beside the project)", file=sys.stderr)
        return 2
    pages = load_pages(args.pages)
    held = [p for p in pages if p.held_apart]
    dev = [p for p in pages if not p.held_apart]
    groups = [
        ("held apart, English", [p for p in held if p.language == "en"]),
        ("held apart, all languages", held),
        ("dev (tuned on), English", [p for p in dev if p.language == "en"]),
        ("dev (tuned on), all languages", dev),
    ]
    print(
        f"split: site = page name up to its first hyphen; held apart when sha256(site) mod 10 < {HELD_APART_BUCKETS}"
    )
    print(f"held apart: {', '.join(sorted(p.name for p in held))}")
    for label, group in groups:
        print_figures(label, evaluate(group, newsfuse_output, peer=not args.no_peer))
        print_ceilings(ceilings(group))
        if label == "held apart, English":
            print(f"  previous newsfuse: {PREVIOUS_HELD_APART_EN}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
