"""Date resolution on real news (MEANTIME, Wikinews): coverage and sanity, read from ../shared/eval-data.

MEANTIME ships no normalised time values in this conversion, so this is not an
accuracy score.  It checks what can be checked without gold values, on text
the code was not written against: each document's dateline (its second line)
gives the anchor and must itself stay out of the timeline as a metadata line;
no year-less, non-future expression may land after the publication date; and a
floor on the share of found expressions that resolve (measured 0.62 when written).
"""

from __future__ import annotations

import collections
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsfuse.stages.timeline.build import is_metadata_line, sentence_dates
from newsfuse.stages.timeline.dates import ResolvedDate, explain, find_date_expressions, resolve

CONLL = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval-data" / "meantime-en" / "meantime.conll"

pytestmark = [
    pytest.mark.eval,
    pytest.mark.slow,
    pytest.mark.skipif(not CONLL.is_file(), reason="MEANTIME eval data (../shared/eval-data) is absent"),
]


def _documents(path: Path) -> Iterator[tuple[str, list[str]]]:
    """(document id, sentences as token strings) from the simplified CoNLL file."""
    doc_id = ""
    sentences: dict[int, list[str]] = collections.defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#begin document"):
            doc_id = line.split("(", 1)[1].split(")", 1)[0]
            sentences = collections.defaultdict(list)
        elif line.startswith("#end document"):
            yield doc_id, [" ".join(sentences[k]) for k in sorted(sentences)]
        elif line.strip():
            columns = line.split("\t")
            sentences[int(columns[1])].append(columns[3])


def _detokenise(text: str) -> str:
    text = re.sub(r" ([,.;:!?%)])", r"\1", text)
    return re.sub(r"([($]) ", r"\1", text).replace(" 's", "'s").replace(" n't", "n't")


def test_meantime_dates_resolve_sanely() -> None:
    from newsfuse.nlp import parse_texts

    items: list[tuple[str, str]] = []
    anchors: dict[str, dt.date] = {}
    for doc_id, sentences in _documents(CONLL):
        dateline = resolve(sentences[1], None) if len(sentences) > 1 else None
        assert dateline is not None and dateline.precision == "day", f"{doc_id}: dateline did not resolve"
        anchors[doc_id] = dateline.date
        items.append((doc_id, "\n".join(_detokenise(s) for s in sentences)))
    assert len(items) >= 100

    found = resolved = datelines_kept = 0
    landed_after: list[tuple[str, str]] = []
    for parsed in parse_texts(items, n_process=1):
        anchor = anchors[parsed.article]
        for sentence in parsed.sentences:
            expressions = find_date_expressions(sentence)
            if sentence.index == 1 and sentence_dates(sentence, anchor):
                datelines_kept += 1
            if is_metadata_line(sentence, expressions):
                continue
            for expression in expressions:
                found += 1
                result = explain(expression.text, anchor, future=expression.future)
                if not isinstance(result, ResolvedDate):
                    continue
                resolved += 1
                forward = re.search(r"\d{4}|next|tomorrow|coming", expression.text.lower())
                if result.date > anchor and not expression.future and not forward:
                    landed_after.append((parsed.article, expression.text))

    assert datelines_kept <= len(items) // 50
    assert landed_after == []
    assert found >= 500
    assert resolved / found >= 0.55
