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

Usage: ``python bench/eval_geocoding.py [--end-to-end] [--limit N]``
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval-data" / "geowebnews"
MORDECAI3_GWN = {"exact": 0.901, "acc161": 0.941, "n": 474}


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


def evaluate_gold(articles: list[GoldArticle]) -> Scores:
    """(a) Resolution given the gold toponym strings, the article's gold toponyms as context."""
    from newsfuse.gazetteer import open_gazetteer
    from newsfuse.gazetteer.resolve import NameQuery, resolve_names

    gazetteer = open_gazetteer()
    scores = Scores()
    for art in articles:
        gold = [t for t in art.toponyms if _scored(t)]
        counts = Counter(t.text for t in art.toponyms)
        queries = [NameQuery(name=name, count=n) for name, n in counts.items()]
        resolutions, _ctx = resolve_names(gazetteer, queries)
        by_name = {r.query.name: r for r in resolutions}
        for top in gold:
            entry = by_name[top.text].entry
            if entry is None:
                scores.add(top, None, None, None)
            else:
                scores.add(top, entry.geonameid, entry.lat, entry.lon)
    return scores


def evaluate_end_to_end(articles: list[GoldArticle]) -> tuple[Scores, dict[str, float]]:
    """(b) spaCy + entities + geocode per article; predictions matched to gold by offset overlap."""
    from newsfuse import nlp
    from newsfuse.gazetteer import open_gazetteer
    from newsfuse.stages.entities import canonicalise
    from newsfuse.stages.geocode import geocode_with

    gazetteer = open_gazetteer()
    scores = Scores()
    predicted = correct_spans = gold_total = gold_found = 0
    parsed_all = nlp.parse_texts([(a.id, a.text) for a in articles], n_process=1)
    for art, parsed in zip(articles, parsed_all, strict=True):
        entities = canonicalise([parsed])
        places = geocode_with(gazetteer, entities, [parsed])
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
    args = parser.parse_args(argv)
    if not (args.data / "GWN.xml").exists():
        print(f"GeoWebNews not found under {args.data}; nothing to evaluate")
        return 0
    articles = load_gwn(args.data)[: args.limit]
    t0 = time.perf_counter()
    gold = evaluate_gold(articles)
    _report("(a) gold toponyms", gold)
    print(f"    {time.perf_counter() - t0:.1f} s, {len(articles)} articles")
    m = MORDECAI3_GWN
    print(
        f"    Mordecai 3 (published, gold toponyms, its own GWN subset N={m['n']}): "
        f"exact {m['exact']:.1%}  acc@161km {m['acc161']:.1%}  -- the subsets differ: ours is every GWN "
        "toponym with an id/coordinates, including demonyms, regions and buildings"
    )
    if args.end_to_end:
        t0 = time.perf_counter()
        matched, detection = evaluate_end_to_end(articles)
        print(
            f"(b) end to end: toponym detection precision {detection['precision']:.1%} "
            f"recall {detection['recall']:.1%} (predicted place mentions {detection['predicted']}, "
            f"gold toponyms with id/coordinates {detection['gold']})"
        )
        _report("    resolution on detected gold toponyms", matched)
        print(f"    {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
