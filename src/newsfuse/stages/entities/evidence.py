"""What the parse around a NER mention says about it, for the entities stage.

The small NER model cuts names short ("Oleksandr" of "Oleksandr Syrsky"),
tags the office word of a title as an organisation ("Defence" of "Defence
Minister Levchuk"), and tags rivers and outlets as whatever comes to mind.
The dependency parse and the words next to a mention correct most of it:

* a *fragment* is widened over adjacent capitalised proper nouns outside any
  NER span that belong to the same noun phrase, and an organisation over a
  preceding "Ministry of" ("Defence" -> "Ministry of Defence");
* a mention made only of office words and followed by a title word is *part
  of a title*, not a name;
* a geographic feature noun after the name ("the Oskil river", "the Kharkiv
  region"), a place noun before it ("the town of X") or a locative
  preposition governing it ("along the X", "near X") is a *place cue*;
* a one-word mention the parser reads as an adjective ("Ukrainian soldiers")
  is a *modifier*: a nationality or other adjective, never a place itself;
* a mention whose name equals an outlet's name is that outlet, an organisation.

Mentions without tokens (hand-built or gold input) get neutral evidence.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from ...model import Mention, ParsedArticle, ParsedSentence, Token
from . import names

#: Common nouns for natural and administrative features that follow a place name in English.
FEATURE_NOUNS = frozenset(
    {
        "river",
        "lake",
        "sea",
        "ocean",
        "mountain",
        "mountains",
        "hills",
        "valley",
        "bay",
        "gulf",
        "strait",
        "straits",
        "island",
        "islands",
        "peninsula",
        "region",
        "province",
        "oblast",
        "district",
        "county",
        "desert",
        "canal",
        "reservoir",
        "delta",
        "basin",
        "plain",
        "plains",
        "coast",
        "estuary",
    }
)
#: "the town of X", "the outskirts of X": the noun before "of" makes X a place.
PLACE_OF_NOUNS = frozenset(
    {
        "town",
        "city",
        "village",
        "villages",
        "region",
        "province",
        "district",
        "outskirts",
        "suburbs",
        "suburb",
    }
)
#: Prepositions that take locations as objects in news prose whatever governs them.
LOCATIVE_PREPOSITIONS = frozenset({"across", "along", "near", "beyond", "outside"})
_MOTION_VERBS = frozenset(
    {"push", "advance", "move", "head", "march", "drive", "flee", "retreat", "sail", "fly"}
)
#: Prepositions that are locative only under some governors: "bridges over X" but
#: "chosen over X", "pushed towards X" but "skewed towards X".
GOVERNED_LOCATIVES: dict[str, frozenset[str]] = {
    "over": frozenset({"bridge", "crossing", "dam", "airspace", "flight", "sky"}),
    "towards": _MOTION_VERBS,
    "toward": _MOTION_VERBS,
}
#: "eastern X", "north-western X": a compass adjective before a name makes it a region or a place.
COMPASS_ADJECTIVES = frozenset(
    {
        "northern", "southern", "eastern", "western", "central",
        "northeastern", "northwestern", "southeastern", "southwestern",
        "north-eastern", "north-western", "south-eastern", "south-western",
    }
)
#: Derivational endings of English adjectives ("extraordinary", "honorary", "consultative", "famous").
ADJECTIVE_ENDINGS = ("ary", "ory", "ous", "ive", "ible", "able", "ful", "less", "ical")
#: A sentence with at least this share of capitalised words is in title case (a heading, an office's style).
_TITLE_CASE_SHARE = 0.7
_TITLE_CASE_MIN_WORDS = 4
#: Head nouns of organisation names that a NER span may leave outside ("Ministry of Defence").
_ORG_OF_HEADS = frozenset({"ministry", "department", "office", "bank", "university", "council", "institute"})


@dataclass(frozen=True)
class MentionEvidence:
    """Evidence about one mention from the words around it.

    ``name_text`` is the text to read a name from: the NER span, or the span
    widened over the rest of a cut name.
    """

    name_text: str
    widened: bool = False
    title_part: bool = False
    place_cue: bool = False
    modifier: bool = False
    outlet: bool = False
    title_case_word: bool = False


def outlet_key(name: str) -> str:
    """Folded outlet name without a leading "The": "The Meridian Post" and "Meridian Post" are one outlet."""
    words = names.fold(" ".join(name.split())).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _span_tokens(sentence: ParsedSentence, mention: Mention) -> list[Token]:
    # tokens are in text order: bisect rather than scan the sentence for every mention (quadratic in run-ons)
    tokens = sentence.tokens
    lo = bisect_left(tokens, mention.start, key=lambda t: t.idx)
    return list(tokens[lo : bisect_left(tokens, mention.end, lo=lo, key=lambda t: t.idx)])


def _is_name_word(token: Token) -> bool:
    """A capitalised proper noun outside every NER span, and not a title word."""
    return (
        token.pos == "PROPN"
        and token.ent_iob == "O"
        and token.text[:1].isupper()
        and token.text.isalpha()
        and names.fold(token.text) not in names.OFFICES | names.HONORIFICS
    )


def _in_phrase(token: Token, span: Sequence[Token]) -> bool:
    # Same noun phrase: one is the other's head through compound/flat name structure.
    indices = {t.i for t in span}
    return token.head in indices or any(t.head == token.i for t in span)


def _widen(sentence: ParsedSentence, span: list[Token], label: str) -> list[Token]:
    tokens = sentence.tokens
    first, last = span[0].i, span[-1].i
    if label == "NORP" or _modifier(span):
        # "German DAX": the adjective modifies another name, it is not cut from it.
        return span
    # Rightwards: "Oleksandr" + "Syrsky"; each added word must touch the previous one.
    while last + 1 < len(tokens) and tokens[last].ws and _is_name_word(tokens[last + 1]):
        if not _in_phrase(tokens[last + 1], tokens[first : last + 1]):
            break
        last += 1
    # Leftwards never for persons ("Analyst Jane Roe") nor onto the sentence's
    # first word, capitalised by position rather than as a name.
    while label != "PERSON" and first > 1 and tokens[first - 1].ws and _is_name_word(tokens[first - 1]):
        if not _in_phrase(tokens[first - 1], tokens[first : last + 1]):
            break
        first -= 1
    # "Ministry of" + "Defence": only for organisations, and only with an organisation head noun.
    if (
        label == "ORG"
        and first >= 2
        and tokens[first - 1].text == "of"
        and tokens[first - 2].ent_iob == "O"
        and tokens[first - 2].text[:1].isupper()
        and names.fold(tokens[first - 2].text) in _ORG_OF_HEADS
    ):
        first -= 2
    return list(tokens[first : last + 1])


def _text(sentence: ParsedSentence, tokens: Sequence[Token]) -> str:
    start = tokens[0].idx - sentence.start
    end = tokens[-1].idx + len(tokens[-1].text) - sentence.start
    return sentence.text[start:end]


def _title_part(sentence: ParsedSentence, span: Sequence[Token]) -> bool:
    """ "Defence" in "Defence Minister Levchuk": office words right before a title word."""
    words = [names.fold(t.text) for t in span if t.pos != "DET"]
    if not words or any(w not in names.OFFICES for w in words):
        return False
    after = span[-1].i + 1
    if after >= len(sentence.tokens):
        return False
    following = sentence.tokens[after]
    return following.text[:1].isupper() and names.fold(following.text) in names.OFFICES | names.HONORIFICS


def _place_cue(sentence: ParsedSentence, span: Sequence[Token]) -> bool:
    tokens = sentence.tokens
    before = span[0].i - 1
    if before >= 0 and tokens[before].text in COMPASS_ADJECTIVES:
        return True
    after = span[-1].i + 1
    if after < len(tokens) and tokens[after].text.islower() and tokens[after].text in FEATURE_NOUNS:
        return True
    indices = {t.i for t in span}
    roots = [t for t in span if t.head not in indices or t.head == t.i]
    for root in roots:
        # "the Oskil river": the name is a compound of the feature noun that heads it.
        head = tokens[root.head]
        if (
            head.i not in indices
            and head.text.islower()
            and head.text in FEATURE_NOUNS
            and root.dep == "compound"
        ):
            return True
        if head.pos == "ADP" and head.i not in indices:
            preposition = head.text.lower()
            governor = tokens[head.head]
            if preposition in LOCATIVE_PREPOSITIONS or governor.lemma in GOVERNED_LOCATIVES.get(
                preposition, ()
            ):
                return True
            if preposition == "of" and governor.text.islower() and governor.text in PLACE_OF_NOUNS:
                # "the town of X", not "in the region of $140bn".
                return span[0].text[:1].isupper() and span[0].text.isalpha()
    return False


def _capitalised_word(token: Token) -> bool:
    return token.text[:1].isupper() and token.text.isalpha()


def _adjective_shaped(token: Token) -> bool:
    return _capitalised_word(token) and names.fold(token.text).endswith(ADJECTIVE_ENDINGS)


def _title_case_word(sentence: ParsedSentence, span: Sequence[Token]) -> bool:
    """ "Extraordinary" in "Ambassador Extraordinary and Plenipotentiary": an adjective capitalised by style.

    A one-word mention shaped like an English adjective is capitalised by title case, not as a name, when
    it is coordinated with another such word or its sentence is written in title case.
    """
    if len(span) != 1 or not _adjective_shaped(span[0]):
        return False
    tokens = sentence.tokens
    word = span[0]
    for step in (-1, 1):
        k = word.i + step
        if 0 <= k < len(tokens) and tokens[k].text.lower() in {"and", "or", "&", ","}:
            k += step
        if 0 <= k < len(tokens) and _adjective_shaped(tokens[k]):
            return True
    words = [t for t in tokens if t.text.isalpha()]
    capitalised = sum(_capitalised_word(t) for t in words)
    return len(words) >= _TITLE_CASE_MIN_WORDS and capitalised >= _TITLE_CASE_SHARE * len(words)


def _modifier(span: Sequence[Token]) -> bool:
    return len(span) == 1 and span[0].pos == "ADJ" and span[0].dep in {"amod", "compound", "nmod"}


def mention_evidence(parsed: Sequence[ParsedArticle], outlets: Collection[str] = ()) -> list[MentionEvidence]:
    """Evidence for every mention, in the order of ``[m for doc in parsed for m in doc.mentions]``."""
    outlet_keys = {outlet_key(o) for o in outlets if o.strip()}
    found: list[MentionEvidence] = []
    for doc in parsed:
        sentences = {s.index: s for s in doc.sentences}
        for mention in doc.mentions:
            sentence = sentences.get(mention.sentence)
            span = _span_tokens(sentence, mention) if sentence is not None else []
            is_outlet = outlet_key(names.strip_possessive(mention.text)) in outlet_keys
            if sentence is None or not span:
                found.append(MentionEvidence(name_text=mention.text, outlet=is_outlet))
                continue
            widened = _widen(sentence, span, mention.label)
            name_text = _text(sentence, widened) if len(widened) > len(span) else mention.text
            found.append(
                MentionEvidence(
                    name_text=name_text,
                    widened=len(widened) > len(span),
                    title_part=_title_part(sentence, span),
                    place_cue=_place_cue(sentence, widened),
                    modifier=_modifier(span),
                    title_case_word=_title_case_word(sentence, span),
                    outlet=is_outlet or outlet_key(names.strip_possessive(name_text)) in outlet_keys,
                )
            )
    return found
