"""Is a summary sentence backed by the sentences it cites?

Used on the extractive summary (where it must always hold), on sentences a
language model wrote (where it decides what is kept), and by the benchmark.
A sentence is supported when every

* **figure** in it (parsed with :func:`newsfuse.stages.numbers.find_numbers`,
  plus every bare digit run such as "7pm" or a year) has the same value in a
  cited sentence;
* **named thing** in it -- a known entity variant, or a capitalised word that is
  not the sentence's first word -- appears in a cited sentence (for a known
  entity, any of its variants counts: "Kupyansk" supports "Kupiansk");
* **date word** (weekday, month, "yesterday", "today" ...) appears in a cited sentence.

Outlet names of the cited articles count as present: "Outlet A reports ..." is
the citation spelled out, not a new fact.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from ...model import Entity, SummarySentence
from ..figures import find_numbers

_DATE_WORDS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december", "yesterday",
    "today", "tonight", "tomorrow", "overnight",
})  # fmt: skip
_DIGITS = re.compile(r"\d+(?:[,.]\d+)*")
_WORD = re.compile(r"[\w'\u2019-]+")
# capitalised words that are grammar, not names, when they do not open the sentence
_FUNCTION_CAPS = frozenset({"i", "mr", "mrs", "ms", "dr", "the", "a", "an"})


@dataclass(frozen=True)
class EntityIndex:
    """Entity variants for lookup: each variant maps to the entity's full variant set."""

    variants: dict[str, frozenset[str]]

    @classmethod
    def build(cls, entities: Iterable[Entity]) -> EntityIndex:
        variants: dict[str, frozenset[str]] = {}
        for e in entities:
            names = frozenset(v for v in {e.name, *e.variants} if v.strip())
            for v in names:
                variants[v] = variants.get(v, frozenset()) | names
        return cls(variants)


def _contains_phrase(haystack: str, phrase: str) -> bool:
    return re.search(r"(?<![\w])" + re.escape(phrase) + r"(?![\w])", haystack) is not None


def _digit_runs(text: str) -> set[str]:
    return {m.group().replace(",", "") for m in _DIGITS.finditer(text)}


def _number_values(texts: Sequence[str]) -> list[float]:
    values: list[float] = []
    for t in texts:
        for n in find_numbers(t):
            values.extend(v for v in (n.value, n.low, n.high, n.norm_value) if v is not None)
    return values


def unsupported_items(
    text: str,
    cited: Sequence[str],
    index: EntityIndex,
    attribution_names: Iterable[str] = (),
) -> list[str]:
    """What in ``text`` none of the ``cited`` sentences backs (empty when fully supported)."""
    problems: list[str] = []
    joined = "\n".join(cited)
    folded = joined.casefold()
    names = [n for n in attribution_names if n]
    # blank out the outlet names first: "Channel Nine News reports" must not read as the figure nine
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(r"(?<![\w])" + re.escape(name) + r"(?![\w])", lambda m: " " * len(m.group()), text)

    cited_values = _number_values(cited)
    cited_digits = _digit_runs(joined)
    for n in find_numbers(text):
        if n.kind == "duration" and not n.text[:1].isdigit() and n.value == 1:
            continue  # "a day", "an hour": a time span, not a figure
        if not any(math.isclose(n.value, v, rel_tol=1e-6) for v in cited_values):
            problems.append(f"figure '{n.text}' is in no cited sentence")
    for run in _digit_runs(text) - cited_digits:
        if not any(math.isclose(float(run.replace(",", "")), v, rel_tol=1e-6) for v in cited_values
                   if run.replace(".", "", 1).isdigit()):
            problems.append(f"number '{run}' is in no cited sentence")

    covered: list[tuple[int, int]] = []
    for variant in sorted(index.variants, key=len, reverse=True):
        for m in re.finditer(r"(?<![\w])" + re.escape(variant) + r"(?![\w])", text):
            if any(m.start() < e and s < m.end() for s, e in covered):
                continue
            covered.append((m.start(), m.end()))
            if not any(_contains_phrase(joined, v) for v in index.variants[variant]):
                problems.append(f"'{variant}' is in no cited sentence")
    for n_word, m in enumerate(_WORD.finditer(text)):
        word = m.group()
        if any(s <= m.start() < e for s, e in covered):
            continue
        lowered = word.casefold().removesuffix("'s").removesuffix("\u2019s")
        is_name = word[:1].isupper() and n_word > 0 and lowered not in _FUNCTION_CAPS
        if not (is_name or lowered in _DATE_WORDS):
            continue
        if re.search(r"(?<![\w])" + re.escape(lowered), folded):
            continue
        problems.append(f"'{word}' is in no cited sentence")
    return list(dict.fromkeys(problems))


def check_citations(
    sentence: SummarySentence,
    texts: Mapping[tuple[str, int], str],
    index: EntityIndex,
    outlet_of: Callable[[str], str],
) -> list[str]:
    """Problems with one summary sentence: citations that point nowhere, then unsupported content."""
    if not sentence.citations:
        return ["cites nothing"]
    missing = [c for c in sentence.citations if (c.article, c.sentence) not in texts]
    if missing:
        return [f"cites a sentence that does not exist: {c.article} s{c.sentence}" for c in missing]
    cited = [texts[(c.article, c.sentence)] for c in sentence.citations]
    return unsupported_items(sentence.text, cited, index, {outlet_of(c.article) for c in sentence.citations})
