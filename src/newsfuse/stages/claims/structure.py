"""What a sentence encoder cannot see: who acts, where, when, and whether the statement is denied.

Two sentences that share almost every word can report different facts ("Ukrainian forces recaptured X" /
"Russian forces recaptured X", a collapse in one city / in another, 2002 / 2003).  The same-fact decision
(:mod:`.pairs`) compares these slots; this module reads them off one parsed sentence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ...model import ParsedSentence, Quantity, Token
from ..syntax import SPEECH_LEMMAS, children_of
from .predicates import canonical_predicate

#: the words that carry no content of their own.  Deliberately short: a general stop list (sklearn's) drops
#: content words such as "fire", "bill", "three", "move", "found", and those are often the fact itself.
_FUNCTION_WORDS_TEXT = """
a an the this that these those it its they them their he him his she her we us our i me my you your
and or but nor so yet if then than as of to in on at by for with from into onto over under about
be is are was were been being have has had do does did will would shall should can could may might must
there here not no also just very too more most such which who whom whose what when where why how
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())

#: words (lemmas) that dismiss what they are said about ("called the report a hoax", "made it up")
DENIAL_WORDS = frozenset({"false", "fake", "hoax", "fabricate", "fabricated", "untrue", "baseless", "bogus",
                          "fiction", "fictitious", "lie", "nonsense", "groundless", "deny", "refute", "debunk"})
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")  # fmt: skip
_YEAR = re.compile(r"^(?:19|20)\d\d$")
#: what the token loop of :func:`read_structure` tests (sets, and the two first digits a year can have)
_CENTURIES = frozenset({"19", "20"})
_WEEKDAY_NAMES, _MONTH_NAMES = frozenset(_WEEKDAYS), frozenset(_MONTHS)
_TIME_TYPES = frozenset({"DATE", "TIME"})
_NO_TERM_POS = frozenset({"PUNCT", "SPACE", "SYM", "DET", "PRON", "ADP", "CCONJ", "SCONJ", "PART", "AUX"})
#: antonymous predicates: the same slot with the opposite direction is a contradiction, not a paraphrase
ANTONYMS: frozenset[frozenset[str]] = frozenset(frozenset(p) for p in [
    ("raise", "cut"), ("raise", "lower"), ("raise", "reduce"), ("increase", "decrease"), ("increase", "cut"),
    ("rise", "fall"), ("rise", "drop"), ("approve", "reject"), ("accept", "reject"), ("open", "close"),
    ("arrest", "release"), ("win", "lose"), ("confirm", "deny"), ("recapture", "capture"), ("advance", "withdraw"),
    ("lift", "impose"), ("grant", "deny"), ("pass", "reject"), ("acquit", "convict"), ("hire", "fire"),
])
#: raised/lifted, lowered/cut: verbs of one direction meet on one name before the antonym check
_DIRECTION = {"lift": "raise", "hike": "raise", "boost": "raise", "lower": "cut", "slash": "cut",
              "trim": "cut", "reduce": "cut", "drop": "fall", "decline": "fall", "climb": "rise", "jump": "rise"}


_RANK_MARKER = re.compile(r"(?:\bNo\.?|\bnumber|#)\s*", flags=re.IGNORECASE)


#: the last sentence's rank markers: a sentence with many figures was scanned once per figure (quadratic in a
#: run-on sentence).  One tuple, swapped whole, so threads never see half of it.
_last_markers: tuple[str | None, list[int]] = (None, [])


def _marker_ends(sentence_text: str) -> list[int]:
    global _last_markers
    cached = _last_markers
    if cached[0] is not sentence_text and cached[0] != sentence_text:
        cached = _last_markers = (sentence_text, [m.end() for m in _RANK_MARKER.finditer(sentence_text)])
    return cached[1]


def is_rank(quantity: Quantity, sentence_text: str) -> bool:
    """A position ("the No. 2 post", "number three"), not an amount: never compared as a figure."""
    # one compiled marker pattern, the figure compared after it: a pattern per figure overflowed re's cache
    wanted = quantity.text.casefold()
    for end in _marker_ends(sentence_text):
        after = sentence_text[end : end + len(wanted) + 1]
        if after[: len(wanted)].casefold() == wanted and _ends_word(wanted, after[len(wanted) :]):
            return True
    return False


def _ends_word(text: str, following: str) -> bool:
    """``\\b`` after ``text`` when ``following`` comes next (empty: the end of the sentence)."""
    last_is_word = bool(text) and (text[-1].isalnum() or text[-1] == "_")
    next_is_word = bool(following) and (following[0].isalnum() or following[0] == "_")
    return last_is_word != next_is_word


def direction(predicate: str | None) -> str | None:
    if predicate is None:
        return None
    return _DIRECTION.get(predicate, predicate)


def are_antonyms(a: str | None, b: str | None) -> bool:
    da, db = direction(a), direction(b)
    return da is not None and db is not None and da != db and frozenset((da, db)) in ANTONYMS


@dataclass(frozen=True)
class Structure:
    """The slots of one sentence that the same-fact decision compares."""

    #: content terms: lemmas (entity ids for names); only function words are left out
    terms: frozenset[str] = frozenset()
    #: place entities named in the sentence
    places: frozenset[str] = frozenset()
    #: who acts: entity ids and nationality/group words in the subject (or passive agent) of the main verb
    actors: frozenset[str] = frozenset()
    #: to whom or what: entity ids and the head lemma of the main verb's direct object (or a passive's subject)
    patients: frozenset[str] = frozenset()
    years: frozenset[int] = frozenset()
    #: weekday and month names ("friday", "march")
    days: frozenset[str] = frozenset()
    #: a dismissal word (hoax, fake, made up, dismissed as ...) frames the sentence
    dismissal: bool = False
    #: who the words are attributed to, as canonical entity ids where the name is a known entity
    speakers: frozenset[str] = field(default_factory=frozenset)


def _term(article: str, token: Token, entity_at: Mapping[tuple[str, int], str]) -> str:
    entity = entity_at.get((article, token.idx))
    return f"entity:{entity}" if entity is not None else canonical_predicate(token.lemma.casefold())


def _subject_tokens(tokens: list[Token], kids: dict[int, list[Token]], head: Token) -> list[Token]:
    subjects = [k for k in kids[head.i] if k.dep in ("nsubj", "nsubjpass", "agent")]
    out: list[Token] = []
    stack = [k for k in subjects if k.dep != "nsubjpass"]
    # a passive's actor is its agent ("was retaken by Ukrainian troops"); its subject is what was acted on
    stack += [p for a in subjects if a.dep == "agent" for p in kids[a.i]]
    while stack:
        t = stack.pop()
        if t.dep in ("relcl", "acl", "appos"):
            continue
        out.append(t)
        stack.extend(kids[t.i])
    return out


def _frames_speech(tokens: list[Token], token: Token) -> bool:
    """The date says when something was said ("the army said on Saturday"), not when it happened."""
    at, seen = token, 0
    while at.head != at.i and seen < 8:
        at = tokens[at.head]
        seen += 1
        if at.pos in ("VERB", "AUX"):
            return at.lemma.casefold() in SPEECH_LEMMAS
    return False


def read_structure(
    article: str,
    sentence: ParsedSentence,
    main_verb: int | None,
    entity_at: Mapping[tuple[str, int], str],
    place_entities: frozenset[str],
    kids: dict[int, list[Token]] | None = None,
) -> Structure:
    """The slots of ``sentence``; ``main_verb`` is the token index of its main predicate, if any (``kids``:
    its tokens' children, when the caller has them)."""
    toks = sentence.tokens
    kids = kids if kids is not None else children_of(toks)
    terms: set[str] = set()
    entities_here: set[str] = set()
    years: set[int] = set()
    days: set[str] = set()
    dismissal = False
    for t in toks:
        text = t.text
        low = text.casefold()
        lemma = t.lemma.casefold()
        entity = entity_at.get((article, t.idx))
        if entity is not None:
            entities_here.add(entity)
        framing = t.ent_type in _TIME_TYPES and _frames_speech(toks, t)
        if text[:2] in _CENTURIES and _YEAR.match(text) and not framing:
            years.add(int(text))
        if (low in _WEEKDAY_NAMES or (low in _MONTH_NAMES and t.pos == "PROPN")) and not framing:
            days.add(low)
        if lemma in DENIAL_WORDS or low in DENIAL_WORDS:
            dismissal = True
        if lemma == "make" and any(k.dep == "prt" and k.text.casefold() == "up" for k in kids[t.i]):
            dismissal = True
        if lemma == "dismiss" and any(k.text.casefold() == "as" for k in kids[t.i]):
            dismissal = True
        if t.pos in _NO_TERM_POS:
            continue
        if lemma in FUNCTION_WORDS or lemma in SPEECH_LEMMAS or not (text.isalnum() or any(c.isalnum() for c in text)):
            continue
        if t.ent_type in _TIME_TYPES:
            continue  # "on Monday", "in March" frame the statement; the time slots compare them
        if t.ent_iob == "I" and entity is None and t.ent_type:
            continue  # the rest of a name: the name's first token stands for all of it
        terms.add(f"entity:{entity}" if entity is not None else canonical_predicate(lemma))  # as _term
    actors: set[str] = set()
    if main_verb is not None and 0 <= main_verb < len(toks):
        for t in _subject_tokens(toks, kids, toks[main_verb]):
            entity = entity_at.get((article, t.idx))
            if entity is not None:
                actors.add(f"entity:{entity}")
            elif t.ent_type in ("NORP", "GPE", "ORG", "PERSON") and t.ent_iob == "B":
                actors.add(t.lemma.casefold())
    patients: set[str] = set()
    if main_verb is not None and 0 <= main_verb < len(toks):
        for obj in (k for k in kids[main_verb] if k.dep in ("dobj", "nsubjpass")):
            if obj.pos == "PRON":
                continue
            if any(k.like_num or k.dep == "nummod" for k in kids[obj.i]) or obj.like_num:
                # "3,000 square kilometres" / "2,500 sq km": an amount; the figures compare it, slot by slot
                patients.add("amount")
                continue
            patients.add(_term(article, obj, entity_at))
            stack = list(kids[obj.i])
            while stack:
                t = stack.pop()
                entity = entity_at.get((article, t.idx))
                if entity is not None:
                    patients.add(f"entity:{entity}")
                if t.dep not in ("relcl", "acl"):
                    stack.extend(kids[t.i])
    return Structure(
        terms=frozenset(terms),
        patients=frozenset(patients),
        places=frozenset(e for e in entities_here if e in place_entities),
        actors=frozenset(actors),
        years=frozenset(years),
        days=frozenset(days),
        dismissal=dismissal,
    )
