"""Cues of attribution in the dependency parse, and the subject that is their source.

A cue is a report or belief verb ("said", "lamented", "expects"), "according to", or a noun that carries words
("a statement from X", "X's claim that").  Whether a cue attributes anything depends on its complement (see
:mod:`.content`) and on its subject: a verb whose subject cannot be a source ("the data suggest") is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...model import Token
from .article import QuoteArticle
from .lexicon import (
    ADJACENT_ONLY_LEMMAS,
    AGENT_SUFFIXES,
    BELIEF_LEMMAS,
    DATA_NOUNS,
    DOCUMENT_NOUNS,
    NAMING_LEMMAS,
    PARTICLE_LEMMAS,
    SOURCE_NOUNS,
    SPEECH_LEMMAS,
)

_CHANNEL_PREPS = frozenset({"in", "on", "via", "through", "to"})
_TIME_ENTS = frozenset({"DATE", "TIME"})
_SOURCE_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_OWNER_PREPS = frozenset({"by", "from", "of"})
#: Prepositions that lead from a document to where it was published: "a statement on Apple's website".
_PLACE_PREPS = frozenset({"on", "in"})


@dataclass(frozen=True)
class Cue:
    sentence: int
    token: Token
    #: False for belief verbs ("expects"): they report a position but never introduce a quotation.
    speech: bool = True

    @property
    def offset(self) -> int:
        return self.token.idx

    @property
    def key(self) -> tuple[int, int]:
        return self.sentence, self.token.i


def lemma(tok: Token) -> str:
    return tok.lemma.casefold()


def is_according(tok: Token) -> bool:
    return tok.text.casefold() == "according"


def is_speech_verb(tok: Token) -> bool:
    return tok.pos in {"VERB", "AUX"} and lemma(tok) in SPEECH_LEMMAS


def is_cue_token(tok: Token) -> bool:
    return is_speech_verb(tok) or is_according(tok)


def passive_without_agent(art: QuoteArticle, sent: int, tok: Token) -> bool:
    """ "Several features were added, dubbed ...": a passive with no agent names nobody who speaks."""
    kids = art.view.kids(sent, tok)
    return any(k.dep == "nsubjpass" for k in kids) and not any(k.dep == "agent" for k in kids)


def negated(art: QuoteArticle, sent: int, tok: Token) -> bool:
    return any(k.dep == "neg" or k.text.casefold() == "never" for k in art.view.kids(sent, tok))


def _particle_ok(art: QuoteArticle, sent: int, tok: Token) -> bool:
    wanted = PARTICLE_LEMMAS.get(lemma(tok))
    return wanted is None or any(k.dep == "prt" and k.text.casefold() == wanted for k in art.view.kids(sent, tok))


def according_object(art: QuoteArticle, sent: int, tok: Token) -> Token | None:
    for to in art.view.kids(sent, tok):
        if to.text.casefold() == "to":
            objs = [c for c in art.view.kids(sent, to) if c.dep == "pobj"]
            if objs:
                return objs[0]
    return None


def all_cues(art: QuoteArticle) -> list[Cue]:
    """Every cue outside quotation marks, in reading order; negated ones ("did not say") are no cues."""
    cues: list[Cue] = []
    for s in art.view.parsed.sentences:
        for tok in s.tokens:
            if tok.pos not in {"VERB", "AUX"} and not is_according(tok) or art.quoted(tok):
                continue
            if is_according(tok):
                if according_object(art, s.index, tok) is not None:
                    cues.append(Cue(s.index, tok))
                continue
            speech = is_speech_verb(tok)
            belief = tok.pos in {"VERB", "AUX"} and lemma(tok) in BELIEF_LEMMAS
            if (speech or belief) and _particle_ok(art, s.index, tok) and not negated(art, s.index, tok):
                cues.append(Cue(s.index, tok, speech=speech))
    return cues


def content_children(art: QuoteArticle, sent: int, verb: Token) -> list[Token]:
    """Clausal complements of the verb with words of their own outside quotation marks."""
    out = []
    for child in art.view.kids(sent, verb):
        if child.dep not in {"ccomp", "xcomp"}:
            continue
        tokens = [t for t in art.view.subtree(sent, child) if t.pos not in {"PUNCT", "SPACE"}]
        outside = [t for t in tokens if not art.quoted(t)]
        if len(outside) * 2 > len(tokens):
            out.append(child)
    return out


def is_bare(art: QuoteArticle, cue: Cue) -> bool:
    """An attribution that reports nothing of its own outside quotation marks."""
    if is_according(cue.token):
        head = art.view.sentence(cue.sentence).tokens[cue.token.head]
        return head.i == cue.token.i or art.quoted(head) or head.pos in {"PUNCT", "SPACE"}
    return not content_children(art, cue.sentence, cue.token)


def cue_above(art: QuoteArticle, sent: int, tok: Token) -> Cue | None:
    """The speech or naming verb a quotation hangs under (through its head chain)."""
    tokens = art.view.sentence(sent).tokens
    seen = {tok.i}
    cur = tok
    while cur.head != cur.i and cur.head not in seen:
        if cur.dep in {"nsubj", "nsubjpass", "csubj"}:
            # A quotation that is the subject ("“Chapter Three” explains ...") is a title, not speech.
            return None
        cur = tokens[cur.head]
        seen.add(cur.i)
        if art.quoted(cur):
            continue
        word = lemma(cur)
        if word in ADJACENT_ONLY_LEMMAS or cur.pos not in {"VERB", "AUX"}:
            continue
        if cur.pos == "VERB" and word not in NAMING_LEMMAS and word not in SPEECH_LEMMAS:
            # "dismissed the existence of an “Antennagate”": the quotation belongs to that verb's clause (a
            # reported clause carries it as a partial quote), not to a speech verb further up.
            return None
        if word in NAMING_LEMMAS:
            # "a new screen, dubbed a “retina display”": a participle names a thing, nobody speaks.
            if cur.dep in {"acl", "amod"} or negated(art, sent, cur):
                return None
            return Cue(sent, cur)
        if word in SPEECH_LEMMAS and _particle_ok(art, sent, cur):
            return None if negated(art, sent, cur) else Cue(sent, cur)
    return None


# --------------------------------------------------------------------------- the source


def document_owner(art: QuoteArticle, sent: int, noun: Token) -> Token | None:
    """Whose words a document carries: "X's statement", "a statement by/from X", "a statement on X's website"."""
    for child in art.view.kids(sent, noun):
        if child.dep == "poss":
            return child
        if child.dep == "compound" and child.ent_type in _SOURCE_ENTS:
            return child
    for child in art.view.kids(sent, noun):
        if child.dep != "prep":
            continue
        objs = [c for c in art.view.kids(sent, child) if c.dep == "pobj"]
        if not objs:
            continue
        word = child.text.casefold()
        if word in _OWNER_PREPS:
            obj = objs[0]
            return document_owner(art, sent, obj) or obj if lemma(obj) in DOCUMENT_NOUNS else obj
        if word in _PLACE_PREPS and lemma(objs[0]) in DOCUMENT_NOUNS:
            return document_owner(art, sent, objs[0])
    for child in art.view.kids(sent, noun):
        # "documents filed by Trelawny Mining", "figures released by NPD Group"
        if child.dep == "acl":
            for agent in art.view.kids(sent, child):
                objs = [c for c in art.view.kids(sent, agent) if c.dep == "pobj"]
                if agent.dep == "agent" and objs:
                    return objs[0]
    return None


def _verb_above(art: QuoteArticle, sent: int, tok: Token) -> Token | None:
    tokens = art.view.sentence(sent).tokens
    cur = tok
    while cur.head != cur.i:
        cur = tokens[cur.head]
        if cur.pos in {"VERB", "AUX"}:
            return cur
    return None


def subject_of(art: QuoteArticle, cue: Cue) -> Token | None:
    """The token naming the source of a cue, climbing participles and documents to the clause that has one."""
    sent, verb = cue.sentence, cue.token
    tokens = art.view.sentence(sent).tokens
    if is_according(verb):
        obj = according_object(art, sent, verb)
        if obj is not None and lemma(obj) in DOCUMENT_NOUNS:
            return document_owner(art, sent, obj) or obj
        return obj
    seen: set[int] = set()
    while verb.i not in seen:
        seen.add(verb.i)
        subjects = _subjects(art, sent, verb)
        if subjects:
            child = subjects[0]
            if art.view.in_dateline(child.idx):
                # "Port Ellery (AFP) - The Ellery Courier ... reported": the parser takes the dateline for the
                # subject and hangs the real one on it; a dateline never speaks.
                later = [k for k in art.view.kids(sent, child) if k.dep == "appos" and not art.view.in_dateline(k.idx)]
                if not later:
                    return None
                child = later[0]
            # "it" is a speaker only as the verb's own subject ("it said"), not in "it is fair to say".
            if child.text.casefold() == "it" and verb.i != cue.token.i:
                return None
            return _through_document(art, sent, child)
        for child in art.view.kids(sent, verb):
            if child.dep == "agent":
                # Passive: "it was announced by the ministry"; the passive subject ("Judge X was told") listens.
                objs = [c for c in art.view.kids(sent, child) if c.dep == "pobj"]
                if objs:
                    return objs[0]
        if any(c.dep == "nsubjpass" for c in art.view.kids(sent, verb)):
            return None
        head = tokens[verb.head]
        if verb.dep in {"acl", "relcl"}:
            # "a statement saying ...": the document's owner, or whoever issued it.
            if lemma(head) in DOCUMENT_NOUNS:
                owner = document_owner(art, sent, head)
                if owner is not None:
                    return owner
                above = _verb_above(art, sent, head)
                if above is None:
                    return head
                verb = above
                continue
            # "a spokesperson ..., posted on Telegram" / "Mr X, who said": the noun it modifies.
            return head
        if verb.dep == "pcomp" and verb.head != verb.i:
            # "justified the choice by saying ...", "quoted X as saying ...": the verb the preposition hangs on.
            above = _verb_above(art, sent, verb)
            if above is None:
                return None
            if lemma(above) == "quote":
                objs = [c for c in art.view.kids(sent, above) if c.dep == "dobj"]
                return objs[0] if objs else None
            verb = above
            continue
        if verb.dep in {"conj", "xcomp", "advcl"} and verb.head != verb.i:
            verb = head
            continue
        break
    return None


def _subjects(art: QuoteArticle, sent: int, verb: Token) -> list[Token]:
    """The verb's subjects outside quotation marks, a named one first ("The US car maker General Motors said"
    parsed with two subjects); a subject hung on a participle after the verb counts too ("..., said analyst X
    commenting on the fall")."""
    kids = art.view.kids(sent, verb)
    found = [c for c in kids if c.dep == "nsubj" and not art.quoted(c)]
    if not found:
        found = [k for c in kids if c.dep == "ccomp" and c.tag == "VBG" and c.i > verb.i
                 for k in art.view.kids(sent, c) if k.dep == "nsubj" and k.i < c.i
                 and not any(a.dep in {"aux", "auxpass"} for a in art.view.kids(sent, c))]
    return sorted(found, key=lambda t: (not (t.pos == "PROPN" or t.ent_type), -t.i))


def _through_document(art: QuoteArticle, sent: int, subj: Token) -> Token:
    """ "A statement from Apple stated": the source is Apple, the statement only carries its words."""
    if lemma(subj) in DOCUMENT_NOUNS:
        return document_owner(art, sent, subj) or subj
    return subj


def can_be_source(art: QuoteArticle, sent: int, tok: Token) -> bool:
    """A subject that can hold a position: a pronoun, a name, a document, or a noun for people or bodies."""
    if tok.pos == "PRON" or tok.tag in {"PRP", "PRP$"}:
        return tok.text.casefold() not in {"this", "that", "these", "those", "which", "what"}
    if tok.pos == "PROPN" or any(t.ent_type in _SOURCE_ENTS for t in art.view.noun_phrase(sent, tok)):
        return True
    word = lemma(tok)
    if word in DATA_NOUNS:
        return False  # "the figures suggest": data with no owner named is nobody's position
    return word in SOURCE_NOUNS or word in DOCUMENT_NOUNS or word.endswith(AGENT_SUFFIXES)


def cue_phrase(art: QuoteArticle, cue: Cue) -> str:
    if is_according(cue.token):
        return "according to"
    sent = cue.sentence
    words = [cue.token]
    for child in art.view.kids(sent, cue.token):
        if child.i <= cue.token.i or art.quoted(child):
            continue
        if child.dep in {"dobj", "dative"} and lemma(cue.token) == "tell":
            words.extend(art.view.subtree(sent, child))
        elif child.dep == "prt":
            words.append(child)
        elif child.dep == "prep" and child.text.casefold() in _CHANNEL_PREPS:
            phrase = art.view.subtree(sent, child)
            if len(phrase) <= 4 and not any(t.ent_type in _TIME_ENTS for t in phrase):
                words.extend(phrase)
    words.sort(key=lambda t: t.i)
    return "".join(t.text + (" " if t.ws else "") for t in words).strip()
