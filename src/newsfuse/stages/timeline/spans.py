"""Find date expressions in a parsed sentence, and whether their verb speaks of the future.

Candidates come from the NER (tokens with ``ent_type == "DATE"``; ``TIME``
spans only when they name a day, such as "last night"), then from regular
expressions for the forms the small English model misses.  A duration directly
followed by "after"/"before" and another date ("a week after February") is
merged into one offset expression.  Resolution is :mod:`.dates`' job.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ...model import ParsedSentence, Token

ExpressionSource = Literal["ner", "regex"]


@dataclass(frozen=True)
class DateExpression:
    """A date expression in a sentence.

    ``start``/``end`` are character offsets into ``Article.body`` (like ``Token.idx``);
    ``first_token``/``end_token`` index the sentence's tokens (end exclusive).
    ``future`` is True when the verb the expression hangs on is future ("will", "is expected to").
    """

    text: str
    start: int
    end: int
    first_token: int
    end_token: int
    source: ExpressionSource
    future: bool = False


_WEEKDAY_NAMES = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_ABBREVIATIONS = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_ANY_MONTH = rf"(?:{_MONTH_NAMES}|(?:{_MONTH_ABBREVIATIONS})\.?)"
_NUMBER = r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty)"
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"

# Forms the NER tends to miss or to tag as TIME.  Month and weekday names must be
# capitalised so that the verb "may" or "march" is never read as a month.
_FALLBACKS: tuple[re.Pattern[str], ...] = (
    re.compile(
        rf"\b(?:(?i:last|this|next|on|this past|this coming) )?(?:{_WEEKDAY_NAMES})(?:'s)?"
        r"(?: (?:morning|afternoon|evening|night))?\b"
    ),
    re.compile(
        r"(?i)\b(?:(?:earlier |later )?today|tonight|yesterday(?: (?:morning|afternoon|evening))?|last night|"
        r"this (?:morning|afternoon|evening)|(?:earlier |later )?this (?:week|month|year)|"
        r"(?:last|next) (?:week|month|year)|the day before yesterday)\b"
    ),
    re.compile(rf"\b{_ORDINAL}(?: of)? {_ANY_MONTH}(?:,? \d{{4}}\b)?"),
    re.compile(rf"\b{_ANY_MONTH} {_ORDINAL}\b(?:,? \d{{4}}\b)?"),
    re.compile(rf"\b(?i:in|since|until|by|last|next|early|late|mid-)\s?(?:{_MONTH_NAMES})\b(?: \d{{4}}\b)?"),
    re.compile(rf"(?i)\b{_NUMBER} (?:days?|weeks?|months?|years?) ago\b"),
    re.compile(r"\b(?i:in|since|until|by|from|during)\s+(?:1[89]|20)\d\d\b(?![-/]\d)"),
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b"),
)

_MONTH_STEMS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
#: for each fallback, text it cannot match without (same case rules): a search for plain words skips ahead
#: quickly, while a pattern opening with ``\b`` is tried at every position.  Most sentences hold none of the
#: words, so the fallbacks run on a few sentences instead of all (the scan was most of the stage's time).
_NEEDS: tuple[re.Pattern[str], ...] = (
    re.compile(_WEEKDAY_NAMES),
    re.compile(r"(?i)today|tonight|yesterday|this |last |next "),
    re.compile(_MONTH_STEMS),
    re.compile(_MONTH_STEMS),
    re.compile(_MONTH_STEMS),
    re.compile(r"(?i) ago"),
    re.compile(r"(?:1[89]|20)\d\d"),
    re.compile(r"\d[-/]\d"),
)

# A TIME entity is a date candidate only when it names a day ("last night", "Friday evening").
_DAY_TIME = re.compile(
    rf"(?i)\b(?:tonight|last night|yesterday|today|tomorrow|this (?:morning|afternoon|evening)|{_WEEKDAY_NAMES})\b"
)
_DURATION = re.compile(
    rf"(?i)^(?:about |some |nearly |almost |more than )?{_NUMBER} (?:days?|weeks?|fortnight|months?|years?)$"
)
_OFFSET_WORDS = frozenset({"after", "before", "following"})
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "might", "may", "should"})
_PERFECT_AUX = frozenset({"have", "has", "'ve"})
_PRESENT_BE = frozenset({"is", "are", "'s", "'re", "am"})
_PRESENT_TAGS = frozenset({"VBZ", "VBP"})
# "is expected to meet in April": the date hangs on "meet", whose parent says it lies ahead.
_FUTURE_GOVERNORS = frozenset({"expect", "schedule", "plan", "due", "set", "slate", "intend", "aim", "poise"})
# "the vote, scheduled for April": the verb itself points ahead.
_SCHEDULING_VERBS = frozenset({"schedule", "slate", "plan"})
# "had been planned in September" reports a past plan: past auxiliaries cancel the look-ahead.
_PAST_AUX = frozenset({"had", "'d", "was", "were", "did"})


def _entity_spans(tokens: Sequence[Token]) -> list[tuple[int, int, str]]:
    """(first, end, label) for each NER span, from the B/I tags."""
    spans: list[tuple[int, int, str]] = []
    for n, token in enumerate(tokens):
        if token.ent_iob not in ("B", "I") or not token.ent_type:
            continue
        continues = token.ent_iob == "I" and spans and spans[-1][1] == n and spans[-1][2] == token.ent_type
        if continues:
            first, _, label = spans[-1]
            spans[-1] = (first, n + 1, label)
        else:
            spans.append((n, n + 1, token.ent_type))
    return spans


def _char_span(tokens: Sequence[Token], first: int, end: int) -> tuple[int, int]:
    return tokens[first].idx, tokens[end - 1].idx + len(tokens[end - 1].text)


def _slice(sentence: ParsedSentence, start: int, end: int) -> str:
    offset = start - sentence.start
    text = sentence.text[offset : end - sentence.start] if offset >= 0 else ""
    if not text:
        raise ValueError(
            f"sentence {sentence.index}: token offsets {start}-{end} fall outside the sentence text "
            f"(sentence starts at {sentence.start})"
        )
    return text


#: the last sentence's tokens and their children by head: a sentence with many date expressions built the map once
#: per expression, quadratic in a run-on sentence.  One tuple, swapped whole, so threads never see half of it.
_last_children: tuple[Sequence[Token] | None, dict[int, list[Token]]] = (None, {})


def _children(tokens: Sequence[Token]) -> dict[int, list[Token]]:
    global _last_children
    cached = _last_children
    if cached[0] is not tokens:
        children: dict[int, list[Token]] = {}
        for token in tokens:
            if token.head != token.i:
                children.setdefault(token.head, []).append(token)
        cached = _last_children = (tokens, children)
    return cached[1]


def _is_future(tokens: Sequence[Token], first: int, end: int) -> bool:
    """True when the first verb above the expression looks ahead.

    It does when it is future or modal ("will open", "might run out"), a present
    passive of a planning verb ("is expected in May"), the complement of one
    ("is expected to visit", "plans to hold", "is going to"), or a present-tense
    clause under a future one ("will wear it when it arrives on 11 November").
    """
    children = _children(tokens)

    def auxiliaries(index: int) -> set[str]:
        return {c.text.lower() for c in children.get(index, ()) if c.dep.startswith("aux")}

    def has_future_aux(index: int) -> bool:
        # "may have met" is a guess about the past, not a future.
        helpers = auxiliaries(index)
        return bool(helpers & _FUTURE_AUX) and not helpers & _PERFECT_AUX

    inside = range(first, end)
    roots = [n for n in inside if tokens[n].head not in inside or tokens[n].head == n]
    current = roots[0] if roots else first
    seen = {current}
    while True:
        head = tokens[current].head
        if head in seen or not 0 <= head < len(tokens):
            return False
        seen.add(head)
        current = head
        if tokens[current].pos in ("VERB", "AUX") and not tokens[current].dep.startswith("aux"):
            break
    verb = tokens[current]
    if has_future_aux(current):
        return True
    if verb.lemma in _SCHEDULING_VERBS and verb.tag != "VBD" and not auxiliaries(current) & _PAST_AUX:
        return True
    if verb.lemma in _FUTURE_GOVERNORS and auxiliaries(current) & _PRESENT_BE:
        return True
    if verb.head == verb.i or not 0 <= verb.head < len(tokens):
        return False
    governor = tokens[verb.head]
    if verb.dep in ("xcomp", "ccomp"):
        going_to = governor.lemma == "go" and governor.tag == "VBG"
        return has_future_aux(governor.i) or governor.lemma in _FUTURE_GOVERNORS or going_to
    if verb.dep in ("advcl", "conj") and verb.tag in _PRESENT_TAGS:
        return has_future_aux(governor.i)
    return False


def _tokens_covering(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int] | None:
    inside = [n for n, t in enumerate(tokens) if t.idx < end and t.idx + len(t.text) > start]
    return (inside[0], inside[-1] + 1) if inside else None


def _merge_offsets(tokens: Sequence[Token], spans: list[tuple[int, int]], sentence: ParsedSentence) -> list[tuple[int, int]]:
    """Join "a week" + "after" + "February" into one span; a duration alone stays as it is."""
    merged: list[tuple[int, int]] = []
    n = 0
    while n < len(spans):
        first, end = spans[n]
        following = spans[n + 1] if n + 1 < len(spans) else None
        is_duration = _DURATION.match(_slice(sentence, *_char_span(tokens, first, end))) is not None
        if (
            following is not None
            and is_duration
            and end < len(tokens)
            and tokens[end].text.lower() in _OFFSET_WORDS
            and following[0] - end <= 2
        ):
            stop = following[1]
            if stop < len(tokens) and tokens[stop].text in ("'s", "\u2019s"):
                stop += 1
            merged.append((first, stop))
            n += 2
            continue
        merged.append((first, end))
        n += 1
    return merged


def find_date_expressions(sentence: ParsedSentence) -> list[DateExpression]:
    """Date expressions in a sentence, in text order, each marked NER- or regex-found."""
    tokens = sentence.tokens
    if not tokens:
        return []
    ner: list[tuple[int, int]] = []
    for first, end, label in _entity_spans(tokens):
        text = _slice(sentence, *_char_span(tokens, first, end))
        if label == "DATE" or (label == "TIME" and _DAY_TIME.search(text)):
            ner.append((first, end))
    found: list[tuple[int, int, ExpressionSource]] = [(a, b, "ner") for a, b in _merge_offsets(tokens, ner, sentence)]
    taken = [_char_span(tokens, a, b) for a, b, _ in found]
    for needs, pattern in zip(_NEEDS, _FALLBACKS, strict=True):
        if needs.search(sentence.text) is None:
            continue
        for match in pattern.finditer(sentence.text):
            start, end = sentence.start + match.start(), sentence.start + match.end()
            if any(start < t_end and end > t_start for t_start, t_end in taken):
                continue
            covering = _tokens_covering(tokens, start, end)
            if covering is None:
                continue
            found.append((covering[0], covering[1], "regex"))
            taken.append((start, end))
    expressions = []
    for first, end, source in sorted(found):
        start, stop = _char_span(tokens, first, end)
        expressions.append(
            DateExpression(
                text=_slice(sentence, start, stop),
                start=start,
                end=stop,
                first_token=first,
                end_token=end,
                source=source,
                future=_is_future(tokens, first, end),
            )
        )
    return expressions
