"""The content of an attribution: the whole clause a cue reports, with any quotation inside it.

Shapes, all read from the dependency parse:

* complement: "X said (that) CLAUSE", "X expects to CLAUSE" (infinitive, for expecting and claiming verbs);
* inverted and parenthetical: "CLAUSE, X said." / "CLAUSE, he says, CLAUSE";
* "according to X, CLAUSE";
* noun cues: "X's claim that CLAUSE", "X has hopes that CLAUSE".

A clause holding a quotation is *partial*: its content is the whole clause and the quotation inside keeps the
clause's speaker; a clause that is all quotation is left to the direct quote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ...model import Token
from .article import QuoteArticle
from .cues import (
    Cue,
    according_object,
    can_be_source,
    is_according,
    is_bare,
    is_speech_verb,
    lemma,
    subject_of,
)
from .lexicon import CLAIM_NOUNS, FIGURE_LEMMAS, INFINITIVE_LEMMAS, NON_CLAIM_LEMMAS, WH_WORDS

_MIN_REPORTED_TOKENS = 3
_TIME_ENTS = frozenset({"DATE", "TIME"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
_SKIP = frozenset({"PUNCT", "SPACE"})
#: Verbs whose passive subject is the listener: "Judge X was told that ...".
_LISTENER_LEMMAS = frozenset({"tell", "inform", "assure", "warn"})
_FIGURE_ENTS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL"})


@dataclass
class Reported:
    """A reported clause: its text, where it lies in the body, and the cue (or noun) that attributes it."""

    cue: Cue
    text: str
    start: int
    end: int
    kind: Literal["partial", "indirect"]
    #: For noun cues, the token whose subject or owner is the source ("hopes" in "X has hopes that").
    source_token: Token | None = None


def reported_clauses(art: QuoteArticle, cues: Sequence[Cue]) -> list[Reported]:
    found: list[Reported] = []
    for cue in cues:
        clause = _according_clause(art, cue) if is_according(cue.token) else _verb_clause(art, cue)
        if clause is not None:
            found.append(clause)
    found.extend(_noun_cue_clauses(art))
    return found


def _verb_clause(art: QuoteArticle, cue: Cue) -> Reported | None:
    sent, verb = cue.sentence, cue.token
    if lemma(verb) in NON_CLAIM_LEMMAS:
        return None
    subject = subject_of(art, cue)
    passive = [c for c in art.view.kids(sent, verb) if c.dep == "nsubjpass"]
    if passive and subject is None and (lemma(verb) not in _LISTENER_LEMMAS or passive[0].pos == "PRON"):
        # "It was announced that ...", "is expected to": nobody is named as the source. Only "X was told
        # that ..." still reports someone's words (the speaker stays unknown).
        return None
    if subject is None and (verb.tag == "VB" or not cue.speech):
        # A bare infinitive with no sayer ("it is fair to say that ...") reports nobody's speech.
        return None
    if subject is not None and not can_be_source(art, sent, subject):
        return None
    if not cue.speech and not _holds_own_position(art, cue):
        return None
    for child in art.view.kids(sent, verb):
        tokens = _complement(art, cue, child)
        if tokens is not None:
            return _make(art, cue, _without_nested_speech(art, sent, child, tokens))
    figure = _reported_figure(art, cue)
    if figure is not None:
        return figure
    if cue.speech and is_bare(art, cue):
        return _inverted(art, cue)
    return None


def _holds_own_position(art: QuoteArticle, cue: Cue) -> bool:
    """A belief verb attributes a position only with a subject of its own, outside someone's reported words.

    "He stated that he expected ...": the expectation is part of what he stated, one attribution, not two;
    "its holding, expected to rise to 57%" and "a plan that he expected to work" name no believer's clause.
    """
    sent, verb = cue.sentence, cue.token
    tokens = art.view.sentence(sent).tokens
    if verb.dep in {"relcl", "acl", "amod"}:
        return False
    if not any(k.dep == "nsubj" for k in art.view.kids(sent, verb)):
        return False
    cur = verb
    while cur.head != cur.i:
        parent = tokens[cur.head]
        if cur.dep == "ccomp" and is_speech_verb(parent):
            return False
        cur = parent
    return True


def _reported_figure(art: QuoteArticle, cue: Cue) -> Reported | None:
    """ "GM reported a 49% decline", "analysts expected 77 cents": a reported figure stands for a proposition."""
    sent, verb = cue.sentence, cue.token
    if lemma(verb) not in FIGURE_LEMMAS:
        return None
    for child in art.view.kids(sent, verb):
        if child.dep not in {"dobj", "xcomp"} or child.i < verb.i:
            continue
        tokens = art.view.subtree(sent, child)
        if any(t.like_num or t.ent_type in _FIGURE_ENTS for t in tokens):
            return _make(art, cue, tokens)
    return None


def _complement(art: QuoteArticle, cue: Cue, child: Token) -> list[Token] | None:
    sent, verb = cue.sentence, cue.token
    if child.dep == "xcomp":
        if lemma(verb) not in INFINITIVE_LEMMAS or not any(k.dep == "aux" for k in art.view.kids(sent, child)):
            return None
    elif child.dep != "ccomp":
        return None
    tokens = art.view.subtree(sent, child)
    words = [t for t in tokens if t.pos not in _SKIP]
    if not words or all(art.quoted(t) for t in words):
        return None
    if child.dep == "ccomp":
        kids = art.view.kids(sent, child)
        participle = child.tag == "VBG" and not any(k.dep in {"aux", "auxpass"} for k in kids)
        if participle or not any(k.dep in _SUBJECT_DEPS for k in kids):
            # "said Uralsib analyst X commenting on this": a participle is no reported clause.
            return None
        first = next((t for t in words if not (t.dep == "mark" and t.text.casefold() == "that")), words[0])
        if first.text.casefold() in WH_WORDS:
            return None  # "did not say where the cuts would fall": a question, not a claim
        if child.i < verb.i and not _inverted_ok(art, cue, tokens):
            return None
    return tokens


def _without_nested_speech(art: QuoteArticle, sent: int, root: Token, clause: Sequence[Token]) -> list[Token]:
    """Cut another speaker's attribution hung on the clause as an adjunct.

    "officials said the contract was awarded on merit, with analyst X saying “...”": X's words are X's own
    attribution, not part of what the officials said. A complement ("reports stating that ...") stays: it is
    part of the content.
    """
    tokens = art.view.sentence(sent).tokens
    keep = {t.i for t in clause}
    for tok in clause:
        if tok.i == root.i or not is_speech_verb(tok) or art.quoted(tok):
            continue
        if tok.dep != "acl" and not any(k.dep == "nsubj" for k in art.view.kids(sent, tok)):
            continue  # "continuing to sell": no speaker of its own
        cur, cut = tok, None
        while cur.i != root.i and cur.head != cur.i:
            if cur.dep in {"prep", "advcl", "parataxis", "npadvmod"}:
                cut = cur
            cur = tokens[cur.head]
        # a cut already gone went with an enclosing subtree: skipping it keeps a run-on sentence from cubic cost
        if cut is not None and cut.i in keep:
            keep -= {t.i for t in art.view.subtree(sent, cut)}
    return [t for t in clause if t.i in keep]


def _inverted_ok(art: QuoteArticle, cue: Cue, clause: Sequence[Token]) -> bool:
    """A complement before its verb is the content only in "CLAUSE, X said" (a comma, no object of its own)."""
    sent, verb = cue.sentence, cue.token
    if any(k.dep in {"dobj", "attr"} for k in art.view.kids(sent, verb)):
        return False
    tokens = art.view.sentence(sent).tokens
    between = [t for t in tokens if clause[-1].i < t.i < verb.i and t.pos == "PUNCT"]
    return not any(t.text in {":", ";"} for t in between)


def _inverted(art: QuoteArticle, cue: Cue) -> Reported | None:
    """ "CLAUSE, X said." and "CLAUSE, he says, CLAUSE": the clause the bare cue interrupts or closes."""
    sent, verb = cue.sentence, cue.token
    tokens = art.view.sentence(sent).tokens
    head = tokens[verb.head]
    if verb.dep not in {"parataxis", "ccomp", "advcl", "conj"} or head.i == verb.i:
        return None
    if head.pos not in {"VERB", "AUX"} or art.quoted(head):
        return None
    if not any(k.dep in _SUBJECT_DEPS for k in art.view.kids(sent, head)):
        return None
    kids = art.view.kids(sent, verb)
    # Only a plain "X said": its own subject, no object, no "as"/"when" making it a clause of its own.
    if not any(k.dep == "nsubj" for k in kids) or any(k.dep in {"dobj", "mark", "nsubjpass"} for k in kids):
        return None
    cue_part = {t.i for t in art.view.subtree(sent, verb)}
    clause = [t for t in art.view.subtree(sent, head) if t.i not in cue_part]
    words = [i for i in cue_part if tokens[i].pos != "PUNCT"]
    first, last = min(words), max(words)
    # The cue is set off by commas: "..., X said" / "...,” he says" / "Since then, he says, the plane ...".
    comma_before = any(t.text == "," for t in tokens[max(0, first - 2) : first])
    comma_after = last + 1 < len(tokens) and tokens[last + 1].text == ","
    if not clause or not comma_before or (head.i > verb.i and not comma_after):
        return None
    return _make(art, cue, clause)


def _according_clause(art: QuoteArticle, cue: Cue) -> Reported | None:
    sent, tok = cue.sentence, cue.token
    tokens = art.view.sentence(sent).tokens
    # "NPD said according to those figures, ...": the phrase sources the figures inside another attribution.
    cur = tok
    while cur.head != cur.i:
        parent = tokens[cur.head]
        if cur.dep == "ccomp" and parent.pos in {"VERB", "AUX"}:
            return None
        cur = parent
    if according_object(art, sent, tok) is None:
        return None
    phrase = {t.i for t in art.view.subtree(sent, tok)}
    return _make(art, cue, [t for t in tokens if t.i not in phrase])


def _noun_cue_clauses(art: QuoteArticle) -> list[Reported]:
    """ "his spokesman's claim that ...", "Airbus has hopes that ...": a claim noun and its "that" clause."""
    found: list[Reported] = []
    for s in art.view.parsed.sentences:
        for noun in s.tokens:
            if noun.pos != "NOUN" or lemma(noun) not in CLAIM_NOUNS or art.quoted(noun):
                continue
            for child in art.view.kids(s.index, noun):
                if child.dep not in {"acl", "ccomp", "relcl"}:
                    continue
                marks = [k for k in art.view.kids(s.index, child) if k.dep == "mark" and k.text.casefold() == "that"]
                if not marks or not any(k.dep in _SUBJECT_DEPS for k in art.view.kids(s.index, child)):
                    continue
                reported = _make(art, Cue(s.index, noun, speech=False), art.view.subtree(s.index, child))
                if reported is not None:
                    reported.source_token = noun
                    found.append(reported)
    return found


def _leading_time_phrase(body: Sequence[Token]) -> int:
    """Length of a leading "on Monday" / "late on Saturday" phrase made only of a preposition and a date."""
    n = 0
    while n < len(body) and (body[n].ent_type in _TIME_ENTS or (n == 0 and body[n].dep == "prep")):
        n += 1
    has_time = any(t.ent_type in _TIME_ENTS for t in body[:n])
    # Only when a clause (with its own subject) follows; otherwise the date is the content.
    rest = body[n:]
    if has_time and rest and any(t.dep in {"nsubj", "nsubjpass", "expl"} for t in rest):
        return n
    return 0


def _make(art: QuoteArticle, cue: Cue, tokens: Sequence[Token]) -> Reported | None:
    body = [t for t in tokens if t.pos != "SPACE"]
    # "said on Monday they had ...": the parser may hang the time of the saying on the clause.
    body = body[_leading_time_phrase(body) :]
    while body and (body[0].pos == "PUNCT" and not _opens_quote(art, body[0])
                    or (body[0].dep == "mark" and body[0].text.casefold() == "that")):
        body = body[1:]
    while body and (body[-1].pos == "PUNCT" and not _closes_quote(art, body[-1]) or body[-1].pos == "CCONJ"):
        body = body[:-1]
    words = [t for t in body if t.pos not in _SKIP]
    if len(words) < _MIN_REPORTED_TOKENS:
        return None
    quoted = [t for t in words if art.quoted(t)]
    if len(quoted) == len(words):
        return None  # all quotation: the direct quote carries it
    start, end = body[0].idx, body[-1].idx + len(body[-1].text)
    pieces: list[str] = []
    for n, tok in enumerate(body):
        gap = n + 1 < len(body) and body[n + 1].i != tok.i + 1
        # Tokens removed from the middle (an "according to" phrase) leave one space, not none.
        pieces.append(tok.text + (" " if tok.ws or gap else ""))
    text = " ".join("".join(pieces).split())
    # A quotation that opens inside the clause and runs on past it (over sentences) belongs to it whole.
    for span in art.spans:
        if start <= span.open_at < end < span.close_at:
            rest = " ".join(art.text[end : span.close_at + 1].split())
            text, end = f"{text} {rest}" if rest[:1].isalnum() else text + rest, span.close_at + 1
    kind: Literal["partial", "indirect"] = "partial" if quoted else "indirect"
    return Reported(cue, text.strip(), start, end, kind)


def _opens_quote(art: QuoteArticle, tok: Token) -> bool:
    return any(span.open_at == tok.idx for span in art.spans)


def _closes_quote(art: QuoteArticle, tok: Token) -> bool:
    return any(span.close_at == tok.idx for span in art.spans)
