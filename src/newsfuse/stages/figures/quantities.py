"""Stage: numeric facts with units, bounds, what they measure and their window.

Reads ``ParsedArticle`` and ``Briefing.quotes``; writes ``Briefing.quantities``.

The text-level parser (:mod:`newsfuse.stages.numbers`) finds every numeric
expression; this stage keeps the ones that state a fact and uses the
dependency parse of the sentence to attach each to what it measures, the time
window it covers and who it is attributed to.

Not kept as facts: dates, times, years, ordinals, ages, durations (they are
time windows: "in the past 24 hours"), numbers inside names ("F-16", "Route
66", "Brigade 93"), list numbering, phone-like digit runs and "one of the".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from ...model import NormalizedValue, ParsedArticle, ParsedSentence, Quantity, Quote, Token
from ..syntax import (
    SPEECH_LEMMAS,
    ancestors,
    children_of,
    governing_verb,
    noun_phrase,
    span_text,
    subtree_span,
)
from .numbers import NumberMatch, find_numbers

# spaCy entity labels under which a number is part of a date, a rank or a name, not a figure
_NOT_FIGURE_ENTS = {
    "DATE", "TIME", "ORDINAL", "PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "LAW", "EVENT",
    "WORK_OF_ART", "NORP", "LANGUAGE",
}  # fmt: skip
_NUMBERING_WORDS = {"no", "no.", "#", "number", "nos", "article", "resolution", "page", "chapter", "section"}
_WINDOW_PREPS = {"since", "in", "over", "during", "within", "on", "for", "throughout", "until", "by", "after", "from"}
_PRONOUNS = {"PRON"}


# --------------------------------------------------------------------------- windows


@dataclass(frozen=True)
class TimeWindow:
    lo: int
    hi: int
    text: str
    verb: int | None


def find_windows(sentence: ParsedSentence, kids: dict[int, list[Token]] | None = None) -> list[TimeWindow]:
    """Time expressions that bound a figure: DATE/TIME entities with their preposition, and since-clauses."""
    toks = sentence.tokens
    kids = kids if kids is not None else children_of(toks)
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        if toks[i].ent_type in ("DATE", "TIME"):
            j = i
            while j + 1 < len(toks) and toks[j + 1].ent_type == toks[i].ent_type and toks[j + 1].ent_iob == "I":
                j += 1
            lo = i
            if i > 0 and toks[i - 1].text.casefold() in _WINDOW_PREPS:
                lo = i - 1
            if _TIME_WORDS.search(span_text(sentence, i, j)):
                spans.append((lo, j))
            i = j + 1
            continue
        i += 1
    for t in toks:
        if t.text.casefold() != "since":
            continue
        if t.dep == "mark" and t.head != t.i:
            _, hi = subtree_span(toks, t.head, kids)
            spans.append((t.i, hi))
        elif t.dep == "prep":
            _, hi = subtree_span(toks, t.i, kids)
            spans.append((t.i, hi))
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    windows = []
    for lo, hi in merged:
        if hi - lo > 12:
            continue  # a whole clause, not a time expression
        if re.search(r"\baged?\b|\bold\b", span_text(sentence, lo, hi), flags=re.IGNORECASE):
            continue  # an age, not a time window
        root = next((k for k in range(lo, hi + 1) if not lo <= toks[k].head <= hi), lo)
        verb = governing_verb(toks, toks[root].head) if toks[root].head != root else None
        windows.append(TimeWindow(lo, hi, span_text(sentence, lo, hi), verb))
    return windows


# --------------------------------------------------------------------------- attaching a figure


def _tokens_of(sentence: ParsedSentence, start: int, end: int) -> list[Token]:
    # tokens are in text order: start from the last one beginning at or before ``start`` instead of scanning the
    # sentence for every figure (quadratic in a run-on sentence)
    tokens, base = sentence.tokens, sentence.start
    at = max(0, bisect_right(tokens, base + start, key=lambda t: t.idx) - 1)
    found = []
    for t in tokens[at:]:
        if t.idx - base >= end:
            break
        if t.idx - base + len(t.text) > start:
            found.append(t)
    return found


def _anchor(tokens: list[Token]) -> Token:
    ids = {t.i for t in tokens}
    outward = [t for t in tokens if t.head not in ids or t.head == t.i]
    return outward[-1] if outward else tokens[-1]


_TIME_WORDS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b|"
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|"
    r"\b(?:second|minute|hour|day|night|week|weekend|fortnight|month|year|decade|century|season)s?\b|"
    r"\b(?:ago|old|today|tonight|yesterday|tomorrow|noon|midnight|morning|afternoon|evening|overnight|"
    r"spring|summer|autumn|fall|winter|am|pm|a\.m\.|p\.m\.)\b|\d:\d|\d{4}",
    re.IGNORECASE,
)


def _entity_text(sentence: ParsedSentence, tok: Token) -> str:
    toks = sentence.tokens
    lo = tok.i
    while lo > 0 and toks[lo].ent_iob == "I" and toks[lo - 1].ent_type == tok.ent_type:
        lo -= 1
    hi = tok.i
    while hi + 1 < len(toks) and toks[hi + 1].ent_iob == "I" and toks[hi + 1].ent_type == tok.ent_type:
        hi += 1
    return span_text(sentence, lo, hi)


def _is_not_a_figure(sentence: ParsedSentence, match: NumberMatch, toks: list[Token]) -> bool:
    text = sentence.text
    numeral_toks = [t for t in toks if t.like_num or t.pos == "NUM"] or toks
    if match.kind == "duration":
        return True
    for t in numeral_toks:
        if t.ent_type in ("DATE", "TIME"):
            # the small model tags some plain counts as DATE ("between four and several dozen
            # hamlets"): believe it only when the entity has a calendar or clock word in it
            if _TIME_WORDS.search(_entity_text(sentence, t)) or re.fullmatch(r"\d{4}", t.text):
                return True
        elif t.ent_type in _NOT_FIGURE_ENTS:
            return True
    if match.kind == "count" and match.bound is None and re.fullmatch(r"1[89]\d\d|20\d\d", match.numeral):
        return True  # a bare year spaCy did not tag as DATE
    after = text[match.end : match.end + 12].casefold()
    before = text[max(0, match.start - 8) : match.start].casefold()
    if re.match(r"\s*-?\s*years?[- ]old", after) or re.search(r"\baged?\s*$", before):
        return True
    if match.start == 0 and re.match(r"[.)]", after):
        return True  # list numbering
    if match.numeral.casefold() in ("one", "a", "an") and re.match(r"\s+of\b", after):
        return True
    first = toks[0].i
    if first > 0 and sentence.tokens[first - 1].text.casefold() in _NUMBERING_WORDS:
        return True
    for t in numeral_toks:
        head = sentence.tokens[t.head]
        if head.pos == "PROPN" and head.i < t.i and t.dep in ("nummod", "appos", "compound", "npadvmod"):
            return True  # "Route 66", "Brigade 93"
    if match.kind == "count" and match.numeral.casefold() == "one":
        anchor = _anchor(toks)
        if not (anchor.dep == "nummod" and sentence.tokens[anchor.head].pos == "NOUN"):
            return True  # "one" as a pronoun ("no one", "one said")
    return False


def _measures(sentence: ParsedSentence, match: NumberMatch, toks: list[Token], kids: dict[int, list[Token]]) -> str | None:
    stoks = sentence.tokens
    anchor = _anchor(toks)
    ids = {t.i for t in toks}
    noun: str | None = None
    # "dozens of soldiers", "3,000 square kilometres of territory", "$1.2bn in aid"
    for k in kids.get(anchor.i, []):
        if k.dep == "prep" and k.text.casefold() in ("of", "in", "for") and k.i not in ids:
            pobj = next((p for p in kids.get(k.i, []) if p.dep == "pobj" and p.pos in ("NOUN", "PROPN")
                         and p.ent_type not in ("DATE", "TIME")), None)
            if pobj is not None:
                noun = noun_phrase(stoks, pobj.i, kids)
                break
    nxt = max(ids) + 1
    if noun is None and nxt < len(stoks) and stoks[nxt].text.casefold() in ("of", "in", "for"):
        pobj = next((p for p in kids.get(nxt, []) if p.dep == "pobj" and p.pos in ("NOUN", "PROPN")
                     and p.ent_type not in ("DATE", "TIME")), None)
        if pobj is not None:
            noun = noun_phrase(stoks, pobj.i, kids)
    head = stoks[anchor.head]
    if noun is None and anchor.dep == "pobj" and head.text.casefold() == "of" and head.head != head.i:
        owner = stoks[head.head]  # "a population of about 27,000", "a death toll of 40"
        if owner.pos == "NOUN" and owner.i not in ids:
            noun = noun_phrase(stoks, owner.i, kids)
    if noun is None and head.i != anchor.i and head.i not in ids and head.pos in ("NOUN", "PROPN") and (
        anchor.dep in ("nummod", "quantmod", "compound", "amod", "npadvmod") or match.kind != "count"
    ):
        noun = noun_phrase(stoks, head.i, kids)
    if match.kind == "count":
        if noun is not None:
            return noun
        count_verb = governing_verb(stoks, anchor.i)
        return stoks[count_verb].text if count_verb is not None and count_verb != anchor.i else None
    if match.kind in ("percent", "fraction", "points") and noun is not None:
        return noun
    verb_i = governing_verb(stoks, anchor.i)
    if match.kind in ("percent", "points") and verb_i is not None and verb_i not in ids:
        # "unemployment rose to 14 per cent": the rate is the verb's subject
        subj = next((k for k in kids.get(verb_i, []) if k.dep == "nsubj" and k.pos in ("NOUN", "PROPN")), None)
        if subj is not None:
            return f"{noun_phrase(stoks, subj.i, kids)} {stoks[verb_i].text}"
    verb = stoks[verb_i].text if verb_i is not None and verb_i not in ids else None
    parts = [p for p in (noun, verb) if p]
    return " ".join(parts) if parts else None


def _source(
    sentence: ParsedSentence,
    article: str,
    match: NumberMatch,
    anchor: Token,
    kids: dict[int, list[Token]],
    quotes: Sequence[Quote],
) -> str | None:
    for q in quotes:
        if q.article != article or q.speaker is None or match.text not in q.text:
            continue
        if q.sentence == sentence.index or q.text in sentence.text or sentence.text in q.text:
            return q.speaker
    toks = sentence.tokens
    for t in toks:
        if t.text.casefold() == "according" and t.i + 1 < len(toks) and toks[t.i + 1].text.casefold() == "to":
            pobj = next((p for p in kids.get(t.i + 1, []) if p.dep == "pobj"), None)
            if pobj is not None:
                lo, hi = subtree_span(toks, pobj.i, kids)
                return span_text(sentence, lo, hi).strip(" ,;:")
    for a in ancestors(toks, anchor.i):
        if toks[a].lemma.casefold() in SPEECH_LEMMAS and toks[a].pos == "VERB":
            subj = next((k for k in kids.get(a, []) if k.dep in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.pos not in _PRONOUNS and subj.i != anchor.i:
                lo, hi = subtree_span(toks, subj.i, kids)
                return span_text(sentence, lo, hi).strip(" ,;:")
            break
    return None


def _pick_window(windows: list[TimeWindow], anchor: Token, toks: Sequence[Token]) -> str | None:
    if not windows:
        return None
    verb = governing_verb(toks, anchor.i)
    if verb is None:
        return None
    # a window of the figure's own clause first, else one of an enclosing clause ("said on Friday
    # it had taken ..."); never one from a sibling clause, which times another event
    # coordinated verbs share their time ("40 were killed and dozens wounded in the past day")
    clause = {verb} | {t.i for t in toks if t.dep == "conj" and t.head == verb}
    if toks[verb].dep == "conj":
        clause |= {toks[verb].head} | {t.i for t in toks if t.dep == "conj" and t.head == toks[verb].head}
    pool = [w for w in windows if w.verb in clause]
    if not pool:
        # climb only through complement clauses: a relative clause ("the town, which had a
        # population of 27,000, was seized in September") does not share the main clause's time
        outer: set[int] = set()
        v = verb
        while toks[v].dep in ("ccomp", "xcomp", "conj", "advcl", "parataxis") and toks[v].head != v:
            v = toks[v].head
            outer.add(v)
        pool = [w for w in windows if w.verb in outer]
    if not pool:
        return None
    best = min(pool, key=lambda w: min(abs(anchor.i - w.lo), abs(anchor.i - w.hi)))
    return best.text


def quantities_in_sentence(sentence: ParsedSentence, article: str, quotes: Sequence[Quote]) -> list[Quantity]:
    matches = find_numbers(sentence.text)
    if not matches:  # most sentences state no figure: spare them the parse walks below
        return []
    kids = children_of(sentence.tokens)
    windows = find_windows(sentence, kids)
    out: list[Quantity] = []
    for match in matches:
        toks = _tokens_of(sentence, match.start, match.end)
        if not toks or _is_not_a_figure(sentence, match, toks):
            continue
        if any(w.lo <= t.i <= w.hi for w in windows for t in toks if t.like_num):
            continue  # the number is part of a time window ("in the past 24 hours")
        anchor = _anchor(toks)
        out.append(
            Quantity(
                text=match.text,
                value=match.value,
                unit=match.unit,
                normalized=NormalizedValue(value=match.norm_value, unit=match.norm_unit),
                article=article,
                sentence=sentence.index,
                low=match.low,
                high=match.high,
                approximate=match.approximate,
                bound=match.bound,
                conversion=match.conversion,
                measures=_measures(sentence, match, toks, kids),
                window=_pick_window(windows, anchor, sentence.tokens),
                source=_source(sentence, article, match, anchor, kids, quotes),
            )
        )
    return out


def extract_quantities(parsed: Sequence[ParsedArticle], quotes: Sequence[Quote]) -> list[Quantity]:
    quotes_of: dict[str, list[Quote]] = {}
    for quote in quotes:
        quotes_of.setdefault(quote.article, []).append(quote)
    out: list[Quantity] = []
    for doc in parsed:
        article_quotes = quotes_of.get(doc.article, [])
        for sentence in doc.sentences:
            out.extend(quantities_in_sentence(sentence, doc.article, article_quotes))
    return out
