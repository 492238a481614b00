"""Event arguments from a dependency parse: actor spans, entity links, places.

Works on :class:`newsfuse.model.ParsedSentence` tokens (``head`` and ``i``
index into the sentence), so it is testable on hand-built parses.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ...model import Entity, EventActor, ParsedSentence, Place, Token

#: Children left out of an actor's phrase: they describe the actor, they do not name it.
_ACTOR_DROP_DEPS = frozenset({"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "prep", "parataxis",
                              "dep", "case"})
#: Prepositions that stay inside a common-noun actor ("doctors from X", "forces of X", "police in X").
_ACTOR_KEEP_PREPS = frozenset({"of", "from", "in"})
#: Prepositions that introduce where an event happened.
PLACE_PREPS = frozenset({"in", "near", "at", "outside", "around", "across", "inside", "into", "throughout",
                         "on", "over", "along"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
_PERSONAL_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "i", "its", "their", "his", "her", "our"})
#: Words of a determiner phrase that do not help name an actor.
_LEADING_DROP = frozenset({"the", "a", "an", "this", "that", "these", "those"})


@dataclass
class SentenceView:
    """A parsed sentence with its children lists, and the entity mentions that fall inside it."""

    sentence: ParsedSentence
    #: (start, end, entity id) of every entity mention in this sentence, character offsets into the body.
    mentions: list[tuple[int, int, str]] = field(default_factory=list)
    children: list[list[int]] = field(init=False)
    #: each token's dependency label, read on every child lookup (the event rules make hundreds per sentence)
    deps: list[str] = field(init=False)
    #: tokens before this index are a dateline ("KYIV (Reuters) -"): never an actor, though parsed as a subject
    dateline_end: int = field(init=False)

    def __post_init__(self) -> None:
        self.children = [[] for _ in self.sentence.tokens]
        self.deps = [token.dep for token in self.sentence.tokens]
        for token in self.sentence.tokens:
            if token.head != token.i:
                self.children[token.head].append(token.i)
        self.dateline_end = _dateline_end(self.sentence.tokens)

    @property
    def tokens(self) -> list[Token]:
        return self.sentence.tokens

    def kids(self, i: int, *deps: str) -> list[int]:
        if not deps:
            return list(self.children[i])
        labels = self.deps
        return [c for c in self.children[i] if labels[c] in deps]

    def first(self, i: int, *deps: str) -> int | None:
        labels = self.deps
        for c in self.children[i]:
            if not deps or labels[c] in deps:
                return c
        return None

    def subtree(self, i: int) -> list[int]:
        out = [i]
        for child in self.children[i]:
            out.extend(self.subtree(child))
        return sorted(out)

    def ancestors(self, i: int) -> Iterator[int]:
        seen = {i}
        while self.tokens[i].head != i and self.tokens[i].head not in seen:
            i = self.tokens[i].head
            seen.add(i)
            yield i

    def lower(self, i: int) -> str:
        return self.tokens[i].text.lower()

    def lemma(self, i: int) -> str:
        return self.tokens[i].lemma.lower()

    def text_of(self, indices: Sequence[int]) -> str:
        parts: list[str] = []
        for n, i in enumerate(indices):
            token = self.tokens[i]
            parts.append(token.text)
            contiguous = n + 1 < len(indices) and indices[n + 1] == i + 1
            if n + 1 < len(indices):
                parts.append(" " if token.ws or not contiguous else "")
        return "".join(parts).strip()

    def char_span(self, indices: Sequence[int]) -> tuple[int, int]:
        first, last = self.tokens[indices[0]], self.tokens[indices[-1]]
        return first.idx, last.idx + len(last.text)

    def entity_at(self, indices: Sequence[int], head: int) -> str | None:
        """The entity whose mention covers ``head``, else the one overlapping ``indices`` most."""
        if not indices:
            return None
        head_token = self.tokens[head]
        for start, end, entity in self.mentions:
            if start <= head_token.idx < end:
                return entity
        span_start, span_end = self.char_span(indices)
        best: tuple[int, str] | None = None
        for start, end, entity in self.mentions:
            overlap = min(end, span_end) - max(start, span_start)
            if overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, entity)
        return best[1] if best else None


_DATELINE_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})
#: a dateline is a place, perhaps a date, and an agency in brackets: a dozen tokens at most
_DATELINE_TOKENS = 14


def _dateline_end(tokens: Sequence[Token]) -> int:
    """Index of the first token after a leading "PLACE (Agency) -" dateline, or 0 when there is none."""
    for n, token in enumerate(tokens[:_DATELINE_TOKENS]):
        if token.text in _DATELINE_DASHES and n >= 2 and tokens[n - 1].text == ")":
            opening = next((k for k in range(n - 2, -1, -1) if tokens[k].text == "("), None)
            before = tokens[:opening] if opening is not None else []
            # the place is written in capitals or as a name ("KYIV", "Kyiv, Ukraine, May 3")
            if opening is not None and all(t.pos in ("PROPN", "NUM", "PUNCT") or t.text.isupper() for t in before):
                return n + 1
            return 0
    return 0


def conjuncts(view: SentenceView, head: int) -> list[int]:
    """``head`` and the nouns conjoined to it ("Israel and Lebanon")."""
    out = [head]
    for child in view.kids(head, "conj"):
        if view.tokens[child].pos in ("NOUN", "PROPN", "PRON"):
            out.extend(conjuncts(view, child))
    return out


def actor_tokens(view: SentenceView, head: int) -> list[int]:
    """The tokens naming the actor headed by ``head``, without clauses, appositions or conjuncts."""
    # A proper name keeps only "of" ("Rebels of the Northern Front"); a common noun also
    # "from"/"in", which say whose it is ("doctors from X", "police in X").
    keep_preps = _ACTOR_KEEP_PREPS if view.tokens[head].pos != "PROPN" else frozenset({"of"})

    def collect(i: int, top: bool) -> list[int]:
        out = [i]
        for child in view.children[i]:
            dep = view.tokens[child].dep
            kept_prep = dep == "prep" and (not top or view.lemma(child) in keep_preps)
            if kept_prep or dep not in _ACTOR_DROP_DEPS:
                out.extend(collect(child, False))
        return out

    # a dateline hung on the subject ("MARLOWE (Reuters) - Rebel gunners") is no part of its name
    tokens = sorted(i for i in collect(head, True) if i >= view.dateline_end or i == head)
    # Determiners and stray punctuation at the edges are no part of a name.
    while len(tokens) > 1 and (view.lower(tokens[0]) in _LEADING_DROP or view.tokens[tokens[0]].pos == "PUNCT"):
        tokens = tokens[1:]
    while len(tokens) > 1 and view.tokens[tokens[-1]].pos == "PUNCT":
        tokens = tokens[:-1]
    return tokens


def resolve_relative(view: SentenceView, head: int) -> int:
    """A relative pronoun subject ("rebels who attacked") stands for the noun its clause modifies."""
    if view.lower(head) in _RELATIVE_PRONOUNS:
        clause = view.tokens[head].head
        if view.tokens[clause].dep in ("relcl", "acl") and clause != view.tokens[clause].head:
            return view.tokens[clause].head
    return head


def is_personal_pronoun(view: SentenceView, i: int) -> bool:
    return view.tokens[i].pos == "PRON" and view.lower(i) in _PERSONAL_PRONOUNS


def make_actor(view: SentenceView, head: int) -> EventActor:
    tokens = actor_tokens(view, head)
    return EventActor(text=view.text_of(tokens), entity=view.entity_at(tokens, head))


@dataclass(frozen=True)
class PlaceLookup:
    """Places of the briefing by entity id, with the entities for names the geocoder did not list."""

    places: dict[str, Place]
    entities: dict[str, Entity]

    @classmethod
    def build(cls, places: Sequence[Place], entities: Sequence[Entity]) -> PlaceLookup:
        by_entity = {other: p for p in places for other in p.also_entities}
        by_entity.update({p.entity: p for p in places})
        return cls(by_entity, {e.id: e for e in entities})

    def name(self, entity: str | None) -> str | None:
        """The place name of an entity, or None when the entity is no place."""
        if entity is None:
            return None
        place = self.places.get(entity)
        if place is not None:
            return place.name
        known = self.entities.get(entity)
        return known.name if known is not None and known.type == "place" else None


def place_in(view: SentenceView, head: int, lookup: PlaceLookup) -> str | None:
    """The place named in the phrase headed by ``head`` (a place entity, else a GPE/LOC/FAC span)."""
    tokens = view.subtree(head)
    for i in tokens:
        for start, end, entity in view.mentions:
            if start <= view.tokens[i].idx < end:
                name = lookup.name(entity)
                if name is not None:
                    return name
    # Without an entity (a name the canonicaliser dropped) the NER label still says it is a place.
    run = [i for i in tokens if view.tokens[i].ent_type in _PLACE_LABELS]
    if run:
        contiguous = [run[0]]
        for i in run[1:]:
            if i != contiguous[-1] + 1 or view.tokens[i].ent_iob == "B":
                break
            contiguous.append(i)
        return view.text_of(contiguous)
    return None


def locative_place(view: SentenceView, anchors: Sequence[int], lookup: PlaceLookup) -> str | None:
    """The first place in a locative phrase ("in/near/at X") attached to one of ``anchors``."""
    for anchor in anchors:
        for prep in view.kids(anchor, "prep"):
            if view.lemma(prep) not in PLACE_PREPS:
                continue
            for obj in view.kids(prep, "pobj"):
                name = place_in(view, obj, lookup)
                if name is not None:
                    return name
    return None
