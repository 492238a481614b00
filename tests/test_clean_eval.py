"""clean_pasted on real news text from ../shared/eval-data (read at run time, never copied).

* MEANTIME (Wikinews, one sentence per line: headline, date, body): the headline must
  become the title, the date line the publication date, and every body sentence must stay.
* GeoWebNews (web news texts, with some real furniture left in): paragraphs that are surely
  body (30+ words, several sentences) must all stay, and the given headline must be found.
"""

from __future__ import annotations

import collections
import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from newsfuse.clean import clean_pasted
from newsfuse.clean.shape import normalise_line

EVAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval-data"
MEANTIME = EVAL / "meantime-en" / "meantime.conll"
GWN = EVAL / "geowebnews" / "GWN.xml"

pytestmark = pytest.mark.eval


def _detokenise(tokens: list[str]) -> str:
    text = " ".join(tokens).replace("``", '"').replace("''", '"')
    text = re.sub(r"\s+([,.;:!?%)\]])", r"\1", text)
    text = re.sub(r"([(\[$])\s+", r"\1", text)
    return re.sub(r"\s+('s|n't|'re|'ve|'ll|'d)\b", r"\1", text)


def _meantime_docs() -> list[list[str]]:
    docs: dict[str, dict[int, list[str]]] = collections.OrderedDict()
    for row in MEANTIME.read_text(encoding="utf-8").splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        doc, sent, _, token = row.split("\t")[:4]
        docs.setdefault(doc, collections.OrderedDict()).setdefault(int(sent), []).append(token)
    return [[_detokenise(toks) for toks in sents.values()] for sents in docs.values()]


@pytest.mark.skipif(not MEANTIME.exists(), reason="eval data absent (../shared/eval-data/meantime-en)")
def test_meantime_title_date_and_every_sentence() -> None:
    docs = _meantime_docs()
    titles = dates = kept = total = 0
    for lines in docs:
        cleaned = clean_pasted("\n".join(lines))
        titles += cleaned.title == lines[0]
        written = dt.datetime.strptime(lines[1].replace(" ,", ","), "%B %d, %Y").date().isoformat()
        dates += cleaned.published == written
        body = set(cleaned.body.splitlines())
        total += len(lines) - 2
        kept += sum(line in body for line in lines[2:])
    print(f"MEANTIME docs={len(docs)} titles={titles} dates={dates} body kept={kept}/{total}")
    assert len(docs) >= 100
    assert titles / len(docs) >= 0.95
    assert dates / len(docs) >= 0.95
    assert kept / total >= 0.995


@pytest.mark.skipif(not GWN.exists(), reason="eval data absent (../shared/eval-data/geowebnews)")
def test_geowebnews_paragraphs_kept_and_titles_found() -> None:
    articles = ET.parse(GWN).getroot().findall("article")
    titles = kept = total = 0
    for article in articles:
        title = normalise_line(article.findtext("title") or "")
        text = article.findtext("text") or ""
        cleaned = clean_pasted(title + "\n" + text)
        titles += cleaned.title == title
        body = set(cleaned.body.splitlines())
        for raw in text.splitlines():
            line = normalise_line(raw)
            if len(line.split()) >= 30 and len(re.findall(r"[.!?][\"”’]?\s+[A-Z“\"]", line)) >= 2:
                total += 1
                kept += line in body
    print(f"GeoWebNews articles={len(articles)} titles={titles} sure paragraphs kept={kept}/{total}")
    assert titles / len(articles) >= 0.9
    assert kept / total >= 0.99
