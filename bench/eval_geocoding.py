"""Evaluate the geocoder on GeoWebNews (Gritta et al. 2020), read from ../shared/eval-data/geowebnews.

Two settings:

(a) **gold toponyms**: the resolver gets each gold surface string, with the
    article's other gold toponyms as its context (this is how Mordecai 3's
    published GWN figures were measured);
(b) **end to end**: newsfuse.nlp + entities + geocode on the article text;
    predicted places are matched to gold toponyms by character-offset overlap.

Only gold toponyms with a GeoNames id count for exact-id accuracy and only
those with coordinates for distance.  An unresolved or missed toponym counts
as wrong in every accuracy; mean error is over the resolved ones.

Articles with odd ids are the development half, even ids the held-out half; both are printed, each
also restricted to the toponyms whose gold place the gazetteer holds (cities500 has no buildings,
rivers, seas, informal regions or hamlets). The figure to report is the held-out half's.

Usage: ``python bench/eval_geocoding.py [--errors] [--split all|odd|even] [--end-to-end] [--limit N]``
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsfuse.gazetteer.store import GazetteerEntry

# NEWSFUSE_GWN_DIR points elsewhere when the worktree has no ../shared beside it.
DATA_DIR = Path(
    os.environ.get("NEWSFUSE_GWN_DIR") or Path(__file__).resolve().parents[1] / ".." / "shared" / "eval-data" / "geowebnews"
)
MORDECAI3_GWN = {"exact": 0.901, "acc161": 0.941, "n": 474}
# newsfuse before issue 12 (all 200 articles, every toponym with an id/coordinates).
PREVIOUS_GWN = {"exact": 0.817, "acc161": 0.686}


@dataclass
class GoldToponym:
    text: str
    start: int
    end: int
    geonames_id: int | None
    lat: float | None
    lon: float | None


@dataclass
class GoldArticle:
    id: str
    text: str
    toponyms: list[GoldToponym]


@dataclass
class Scores:
    n_id: int = 0
    exact: int = 0
    n_coord: int = 0
    within_161: int = 0
    errors_km: list[float] = field(default_factory=list)
    unresolved: int = 0

    def add(self, gold: GoldToponym, geonames_id: int | None, lat: float | None, lon: float | None) -> None:
        if gold.geonames_id is not None:
            self.n_id += 1
            self.exact += int(geonames_id == gold.geonames_id)
        if gold.lat is not None and gold.lon is not None:
            self.n_coord += 1
            if lat is None or lon is None:
                self.unresolved += 1
                return
            err = haversine_km(gold.lat, gold.lon, lat, lon)
            self.errors_km.append(err)
            self.within_161 += int(err <= 161.0)

    @property
    def exact_accuracy(self) -> float:
        return self.exact / self.n_id if self.n_id else 0.0

    @property
    def acc161(self) -> float:
        return self.within_161 / self.n_coord if self.n_coord else 0.0

    @property
    def mean_error_km(self) -> float:
        return sum(self.errors_km) / len(self.errors_km) if self.errors_km else math.nan


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def _float(text: str | None) -> float | None:
    return float(text) if text not in (None, "") else None


def load_gwn(data_dir: Path = DATA_DIR) -> list[GoldArticle]:
    root = ET.parse(data_dir / "GWN.xml").getroot()
    articles = []
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        toponyms = []
        for top in art.iter("toponym"):
            gid = top.findtext("geonamesID")
            toponyms.append(
                GoldToponym(
                    text=top.findtext("extractedName") or "",
                    start=int(top.findtext("start") or -1),
                    end=int(top.findtext("end") or -1),
                    geonames_id=int(gid) if gid else None,
                    lat=_float(top.findtext("latitude")),
                    lon=_float(top.findtext("longitude")),
                )
            )
        articles.append(GoldArticle(id=art.get("file", str(len(articles))), text=text, toponyms=toponyms))
    return articles


def _scored(top: GoldToponym) -> bool:
    return top.geonames_id is not None or top.lat is not None


@dataclass
class GoldOutcome:
    """One gold toponym and what the resolver made of it (for error analysis)."""

    article: str
    gold: GoldToponym
    entry: GazetteerEntry | None
    candidate_ids: frozenset[int]
    note: str | None
    #: Where the gazetteer's readings of the name lie: what any choice among them could reach.
    candidate_points: tuple[tuple[float, float], ...] = ()


def split_articles(articles: list[GoldArticle], split: str) -> list[GoldArticle]:
    """``odd``: development half (odd article ids); ``even``: held-out half; ``all``: both."""
    if split == "all":
        return articles
    parity = 1 if split == "odd" else 0
    return [a for a in articles if int(a.id) % 2 == parity]


def resolve_gold(articles: list[GoldArticle], fitted: bool = False) -> list[GoldOutcome]:
    """Resolve every scored gold toponym given the gold strings, the article's gold toponyms as context;
    ``fitted`` ranks the readings by the logistic model of ``bench/fit_resolver.py`` instead of the hand priors."""
    from newsfuse.gazetteer import open_gazetteer
    from newsfuse.gazetteer.resolve import NameQuery, resolve_names

    gazetteer = open_gazetteer()
    out = []
    for art in articles:
        counts = Counter(t.text for t in art.toponyms)
        queries = [NameQuery(name=name, count=n) for name, n in counts.items()]
        resolutions, _ctx = resolve_names(gazetteer, queries, fitted=fitted)
        by_name = {r.query.name: r for r in resolutions}
        for top in art.toponyms:
            if not _scored(top):
                continue
            res = by_name[top.text]
            ids = frozenset(c.entry.geonameid for c in res.candidates)
            points = tuple((c.entry.lat, c.entry.lon) for c in res.candidates)
            out.append(GoldOutcome(
                article=art.id, gold=top, entry=res.entry, candidate_ids=ids, note=res.note, candidate_points=points,
            ))
    return out


def in_gazetteer_ids(outcomes: list[GoldOutcome]) -> set[int]:
    """Gold GeoNames ids the gazetteer holds: the toponyms a resolver given the gold name can get right.

    The rest are buildings, rivers, seas, informal regions and hamlets below cities500's 500 people, and
    toponyms annotated with coordinates only; Mordecai 3's published GWN figures are on a subset too
    (N=474 of GWN's ~2,400), chosen by its authors.
    """
    from newsfuse.gazetteer import open_gazetteer

    gazetteer = open_gazetteer()
    ids = {o.gold.geonames_id for o in outcomes if o.gold.geonames_id is not None}
    return {gid for gid in ids if gazetteer.get(gid) is not None}


@dataclass
class Ceiling:
    """The best any resolver over this gazetteer could score on a set of gold toponyms."""

    n_id: int
    absent: int
    n_coord: int
    reachable_161: int

    @property
    def exact(self) -> float:
        return 1.0 - self.absent / self.n_id if self.n_id else 0.0

    @property
    def acc161(self) -> float:
        return self.reachable_161 / self.n_coord if self.n_coord else 0.0


def ceiling(outcomes: list[GoldOutcome], known: set[int]) -> Ceiling:
    """Exact id is reachable only when the gazetteer holds the gold place; 161 km also when some reading of
    the name lies that close (a town beside the gold river or building)."""
    n_id = absent = n_coord = reachable = 0
    for o in outcomes:
        gold = o.gold
        if gold.geonames_id is not None:
            n_id += 1
            absent += int(gold.geonames_id not in known)
        if gold.lat is None or gold.lon is None:
            continue
        n_coord += 1
        glat, glon = gold.lat, gold.lon
        reachable += int(gold.geonames_id in known or any(
            haversine_km(glat, glon, lat, lon) <= 161.0 for lat, lon in o.candidate_points))
    return Ceiling(n_id=n_id, absent=absent, n_coord=n_coord, reachable_161=reachable)


def score_outcomes(outcomes: list[GoldOutcome]) -> Scores:
    scores = Scores()
    for o in outcomes:
        if o.entry is None:
            scores.add(o.gold, None, None, None)
        else:
            scores.add(o.gold, o.entry.geonameid, o.entry.lat, o.entry.lon)
    return scores


def evaluate_gold(articles: list[GoldArticle]) -> Scores:
    """(a) Resolution given the gold toponym strings, the article's gold toponyms as context."""
    return score_outcomes(resolve_gold(articles))


def evaluate_end_to_end(articles: list[GoldArticle]) -> tuple[Scores, dict[str, float]]:
    """(b) spaCy + entities + geocode per article; predictions matched to gold by offset overlap."""
    from newsfuse import nlp
    from newsfuse.gazetteer import open_gazetteer
    from newsfuse.stages.entities.canonical import canonicalise
    from newsfuse.stages.places.geocode import geocode_with

    gazetteer = open_gazetteer()
    scores = Scores()
    predicted = correct_spans = gold_total = gold_found = 0
    parsed_all = nlp.parse_texts([(a.id, a.text) for a in articles], n_process=1)
    for art, parsed in zip(articles, parsed_all, strict=True):
        entities = canonicalise([parsed])
        # Every entity's own place: the briefing's one-place-per-GeoNames-id merge only regroups them.
        places = geocode_with(gazetteer, entities, [parsed], one_per_id=False)
        refs = {e.id: e.mentions for e in entities}
        spans: list[tuple[int, int, int | None, float | None, float | None]] = []
        for place in places:
            for ref in refs[place.entity]:
                for m in parsed.mentions:
                    if (m.sentence, m.text) == (ref.sentence, ref.text):
                        spans.append((m.start, m.end, place.geonames_id, place.lat, place.lon))
        spans = sorted(set(spans))
        predicted += len(spans)
        correct_spans += sum(any(s < t.end and t.start < e for t in art.toponyms) for s, e, *_ in spans)
        for top in art.toponyms:
            if not _scored(top):
                continue
            gold_total += 1
            hit = next((sp for sp in spans if sp[0] < top.end and top.start < sp[1]), None)
            if hit is not None:
                gold_found += 1
                scores.add(top, hit[2], hit[3], hit[4])
    detection = {
        "precision": correct_spans / predicted if predicted else 0.0,
        "recall": gold_found / gold_total if gold_total else 0.0,
        "predicted": predicted,
        "gold": gold_total,
    }
    return scores, detection


_ADJECTIVE_ENDINGS = ("an", "ish", "ese", "i", "ch", "ic")


def error_bucket(outcome: GoldOutcome, gold_entry: GazetteerEntry | None) -> str | None:
    """Why a gold toponym is wrong (exact id missed or point beyond 161 km), or None when it is right."""
    gold, entry = outcome.gold, outcome.entry
    right_id = entry is not None and gold.geonames_id is not None and entry.geonameid == gold.geonames_id
    far = (
        entry is not None and gold.lat is not None and gold.lon is not None
        and haversine_km(gold.lat, gold.lon, entry.lat, entry.lon) > 161.0
    )
    if gold.geonames_id is None:
        if entry is None:
            return "no gold id (coordinates only): unresolved"
        return "no gold id (coordinates only): point beyond 161 km" if far else None
    if right_id:
        if not far:
            return None
        assert entry is not None
        kind = {"A.PCLI": "country", "L.CONT": "continent"}.get(entry.feature, "region" if entry.feature.startswith(
            "A.") else "place")
        return f"right id, {kind} point beyond 161 km from GeoNames' point"
    if gold_entry is None:
        return "gold place not in the gazetteer (buildings, rivers, seas, informal regions, hamlets)"
    surface = gold.text.strip()
    if gold.geonames_id not in outcome.candidate_ids:
        if gold_entry.feature in ("A.PCLI", "L.CONT") and surface.lower().endswith(_ADJECTIVE_ENDINGS):
            return "demonym or adjective not linked to its country/continent"
        if gold_entry.feature == "L.CONT":
            return "continent or supranational name not linked"
        if gold_entry.country == "US" and gold_entry.feature == "A.ADM1":
            return "US state written another way (abbreviation, capitals)"
        if len(surface.split()) > len(gold_entry.name.split()):
            return "place embedded in a longer name (organisation, facility)"
        return "gold place in the gazetteer under another name"
    if entry is None:
        return "gold among the candidates, left unresolved"
    if entry.country == gold_entry.country:
        return "wrong homonym, same country (city vs region, or a namesake)"
    return "wrong homonym, another country"


def print_errors(outcomes: list[GoldOutcome], examples: int = 4) -> None:
    from newsfuse.gazetteer import open_gazetteer

    gazetteer = open_gazetteer()
    buckets: dict[str, list[GoldOutcome]] = {}
    for o in outcomes:
        gold_entry = gazetteer.get(o.gold.geonames_id) if o.gold.geonames_id is not None else None
        bucket = error_bucket(o, gold_entry)
        if bucket is not None:
            buckets.setdefault(bucket, []).append(o)
    total = sum(len(v) for v in buckets.values())
    print(f"    errors: {total} of {len(outcomes)} scored toponyms (wrong id, unresolved or beyond 161 km)")
    for bucket, items in sorted(buckets.items(), key=lambda kv: -len(kv[1])):
        common = Counter(o.gold.text for o in items).most_common(examples)
        shown = ", ".join(f"{text!r} x{n}" for text, n in common)
        print(f"    {len(items):5d}  {bucket}  e.g. {shown}")


def _report(label: str, s: Scores) -> None:
    print(
        f"{label}: exact-id {s.exact_accuracy:.1%} (N={s.n_id})  acc@161km {s.acc161:.1%} (N={s.n_coord})  "
        f"mean error {s.mean_error_km:.0f} km over {len(s.errors_km)} resolved  unresolved {s.unresolved}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--end-to-end", action="store_true", help="also run spaCy + geocode on the texts")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--errors", action="store_true", help="bucket the gold-toponym errors by cause")
    parser.add_argument(
        "--split", choices=("all", "odd", "even"), default="all",
        help="articles to run end to end and to bucket errors on: odd ids (development) or even ids (held out)",
    )
    args = parser.parse_args(argv)
    if not (args.data / "GWN.xml").exists():
        print(f"GeoWebNews not found under {args.data}; nothing to evaluate")
        return 0
    articles = load_gwn(args.data)[: args.limit]
    t0 = time.perf_counter()
    outcomes = {art.id: [] for art in articles}  # type: dict[str, list[GoldOutcome]]
    for o in resolve_gold(articles):
        outcomes[o.article].append(o)
    known = in_gazetteer_ids([o for items in outcomes.values() for o in items])
    for split in ("all", "odd", "even"):
        chosen = split_articles(articles, split)
        label = {"all": "all", "odd": "odd ids, development", "even": "even ids, held out"}[split]
        scored = [o for a in chosen for o in outcomes[a.id]]
        _report(f"(a) gold toponyms [{label}, {len(chosen)} articles]", score_outcomes(scored))
        _report("    of which the gold place is in the gazetteer", score_outcomes(
            [o for o in scored if o.gold.geonames_id in known]))
        top = ceiling(scored, known)
        print(
            f"    ceiling with this gazetteer: {top.absent} of {top.n_id} gold ids ({1 - top.exact:.1%}) are not "
            f"in it (buildings, seas, rivers, informal regions, hamlets), so exact-id <= {top.exact:.1%}; "
            f"acc@161km <= {top.acc161:.1%} (a reading within 161 km exists for {top.reachable_161} of {top.n_coord})"
        )
    print(f"    {time.perf_counter() - t0:.1f} s, {len(articles)} articles")
    fitted = [o for o in resolve_gold(articles, fitted=True) if int(o.article) % 2 == 0]
    _report("(a') the same, readings ranked by the fitted model (bench/fit_resolver.py), held out", score_outcomes(
        fitted))
    _report("    of which the gold place is in the gazetteer", score_outcomes(
        [o for o in fitted if o.gold.geonames_id in known]))
    m, p = MORDECAI3_GWN, PREVIOUS_GWN
    print(
        f"    Mordecai 3 (published, gold toponyms, its own GWN subset N={m['n']}): "
        f"exact {m['exact']:.1%}  acc@161km {m['acc161']:.1%}  -- the subsets differ: ours is every GWN "
        "toponym with an id/coordinates, including demonyms, regions and buildings, or those of them whose "
        "gold place the gazetteer holds"
    )
    print(f"    newsfuse before issue 12 (all articles): exact {p['exact']:.1%}  acc@161km {p['acc161']:.1%}")
    chosen = split_articles(articles, args.split)
    if args.errors:
        print(f"    error buckets [{args.split}]:")
        print_errors([o for a in chosen for o in outcomes[a.id]])
    if args.end_to_end:
        t0 = time.perf_counter()
        matched, detection = evaluate_end_to_end(chosen)
        print(
            f"(b) end to end [{args.split}]: toponym detection precision {detection['precision']:.1%} "
            f"recall {detection['recall']:.1%} (predicted place mentions {detection['predicted']}, "
            f"gold toponyms with id/coordinates {detection['gold']})"
        )
        _report("    resolution on detected gold toponyms", matched)
        print(f"    {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
