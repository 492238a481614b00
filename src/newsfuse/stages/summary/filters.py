"""Which body sentences can stand alone in a summary, and how to tidy the ones that can.

A summary sentence is read out of its article, so it must not lean on the
sentence before it: no opening pronoun or demonstrative ("He said...", "This
was..."), no opening connective ("But", "However", "Also"), no speaker that is
only a pronoun ("... ," he said.), no bare quotation whose speaker is named in
another sentence.  Questions, headline-like lines without a full stop, very
short fragments and an outlet's notes about itself ("X could not independently
verify ...") are not facts about the event.

Every check returns the reason a sentence was refused (or ``None`` when it can
stand alone), so the benchmark and tests can say *why* a sentence was left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...model import ParsedSentence, Token

#: fewer words than this is a fragment, not a fact worth a summary line
MIN_WORDS = 7
#: more words than this is hard to read as one summary line
MAX_WORDS = 60

#: words that, opening a sentence, point back at something the previous sentence named
BACK_REFERENCE_WORDS = frozenset({
    "he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "his", "its", "their", "our",
    "this", "that", "these", "those", "there's", "such", "both", "neither", "either", "another", "other",
    "others", "the latter", "the former", "here",
})  # fmt: skip
#: sentence openers that continue an argument begun in an earlier sentence
CONNECTIVES = frozenset({
    "but", "however", "also", "and", "or", "so", "yet", "still", "then", "meanwhile", "moreover", "furthermore",
    "besides", "nevertheless", "nonetheless", "instead", "otherwise", "therefore", "thus", "hence", "likewise",
    "similarly", "additionally", "further", "though", "although", "even so", "in addition", "as a result",
    "at the same time", "in turn", "by contrast", "on the other hand", "in response", "after that", "later",
    "earlier", "again", "too",
})  # fmt: skip
_PERSONAL_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
_QUOTE_CHARS = "\"\u201c\u201d\u201e\u00ab\u00bb"
_OPENING_QUOTES = "\"\u201c\u201e\u00ab"
# A wire-style dateline before the first real word: "KYIV, Ukraine (Wire) - ", "LONDON (Wire) -- ", "PARIS - ".
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'\u2019-]{1,40}(?:,\s+[A-Z][\w .'\u2019-]{1,40}?)?\s*(?:\([^)]{1,60}\))?\s*[-\u2013\u2014:]{1,2}\s+"
)
_END_PUNCT = re.compile(r"[.!]['\"\u2019\u201d)\]]*$")


def strip_dateline(text: str) -> str:
    """Drop a wire dateline ("KHARKIV, Ukraine (Wire) - ") so the sentence reads on its own."""
    m = _DATELINE.match(text)
    if not m:
        return text
    rest = text[m.end() :]
    return rest if rest[:1].isupper() or rest[:1] in _OPENING_QUOTES else text


_WORD = re.compile(r"[\w'\u2019-]+")
#: the longest opener in BACK_REFERENCE_WORDS and CONNECTIVES, in words
_OPENER_WORDS = 4


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _openings(words: Sequence[str]) -> list[str]:
    """The sentence's first one, two, three and four words, casefolded, each a phrase to look up."""
    first = [w.casefold() for w in words[:_OPENER_WORDS]]
    return [" ".join(first[:n]) for n in range(1, len(first) + 1)]


def _starts_with(openings: Sequence[str], phrases: frozenset[str]) -> str | None:
    # a set lookup per opening length instead of a prefix test per phrase: the filter runs on every sentence
    return next((opening for opening in openings if opening in phrases), None)


def _root(tokens: list[Token]) -> Token | None:
    return next((t for t in tokens if t.dep == "ROOT"), None)


def _pronoun_speaker(tokens: list[Token]) -> bool:
    """The main clause's subject is a bare personal pronoun ("..., he said.")."""
    root = _root(tokens)
    if root is None:
        return False
    return any(
        t.head == root.i and t.i != root.i and t.dep in ("nsubj", "nsubjpass") and t.text.casefold() in
        _PERSONAL_PRONOUNS for t in tokens
    )


def _bare_quotation(text: str) -> bool:
    """The sentence is a quotation with nobody named outside the quotation marks."""
    stripped = text.strip()
    if not stripped or stripped[0] not in _OPENING_QUOTES:
        return False
    outside: list[str] = []
    inside = False
    for ch in stripped:
        if ch in _QUOTE_CHARS:
            inside = not inside
        elif not inside:
            outside.append(ch)
    if inside:
        return True  # an opened quotation that never closes continues from or into another sentence
    return len(_words("".join(outside))) == 0


def _self_reference(tokens: list[Token], outlet: str | None) -> bool:
    """The outlet talks about its own reporting ("X could not independently verify ...")."""
    if not outlet:
        return False
    root = _root(tokens)
    if root is None:
        return False
    subject = [t for t in tokens if t.head == root.i and t.dep in ("nsubj", "nsubjpass")]
    if not subject:
        return False
    head = subject[0]
    # the subject's name: its compound/determiner words to the left ("Channel Nine News", "The Post")
    modifiers = [t.i for t in tokens if t.head == head.i and t.i < head.i and t.dep in ("compound", "det", "amod")]
    start = min(modifiers, default=head.i)
    phrase = " ".join(t.text for t in tokens[start : head.i + 1]).casefold()
    return phrase.removeprefix("the ") == outlet.casefold().removeprefix("the ")


def refusal_reason(sentence: ParsedSentence, outlet: str | None = None) -> str | None:
    """Why ``sentence`` cannot stand alone in a summary, or ``None`` if it can."""
    text = strip_dateline(sentence.text.strip())
    words = _words(text)
    if len(words) < MIN_WORDS:
        return "fragment"
    if len(words) > MAX_WORDS:
        return "too long"
    if "?" in text:
        return "question"
    if not _END_PUNCT.search(text):
        return "no closing full stop (headline or caption)"
    # Inside an opening quotation a pronoun is the speaker's own ("We will ..."): the attribution
    # after the quotation decides, through the bare-quotation and pronoun-speaker checks below.
    openings = [] if text[:1] in _OPENING_QUOTES else _openings(words)
    if (word := _starts_with(openings, BACK_REFERENCE_WORDS)) is not None:
        return f"starts with '{word}', which refers to an earlier sentence"
    if (word := _starts_with(openings, CONNECTIVES)) is not None:
        return f"starts with '{word}', which continues an earlier sentence"
    tokens = sentence.tokens
    if tokens and tokens[0].dep == "cc":
        return f"starts with the conjunction '{tokens[0].text}'"
    if _bare_quotation(text):
        return "quotation whose speaker is named elsewhere"
    if _pronoun_speaker(tokens):
        return "its subject is an unresolved pronoun"
    if _self_reference(tokens, outlet):
        return "the outlet's note about its own reporting"
    return None
