"""The canonical predicate of a verb: verbs that report the same event meet on one name.

Claim alignment (:mod:`.claim_align`) gives two sentences a small bonus when their main verbs are the
same event ("retook" / "recaptured").  Some verbs name such an event only with the right object
("troops took the town" but not "the board took a decision", "the army recovered the village" but not
"the economy recovered"); those join their class only when the parse shows such an object, so that
statements on non-conflict stories are not linked through a war-domain reading of their verbs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...model import Token

#: verbs that report the same event, mapped to one canonical predicate (lemmas).  Only verbs that mean
#: the same on any story belong here; a verb that names a military event only in some uses is in
#: CONTEXTUAL_SYNONYMS instead.
PREDICATE_SYNONYMS: dict[str, str] = {
    **dict.fromkeys(["retake", "recapture", "liberate", "regain", "reclaim", "retook"], "recapture"),
    **dict.fromkeys(["capture", "seize", "occupy", "overrun", "conquer"], "capture"),
    **dict.fromkeys(["kill", "slay"], "kill"),
    **dict.fromkeys(["injure", "wound", "hurt"], "injure"),
    **dict.fromkeys(["attack", "strike", "hit", "shell", "bomb", "bombard", "target", "pound"], "attack"),
    **dict.fromkeys(["enter", "reach", "storm"], "enter"),
    **dict.fromkeys(["advance", "push", "progress"], "advance"),
    **dict.fromkeys(["withdraw", "retreat"], "withdraw"),
    **dict.fromkeys(["evacuate", "flee", "displace"], "evacuate"),
    **dict.fromkeys(["destroy", "demolish", "wreck"], "destroy"),
    **dict.fromkeys(["pledge", "promise", "commit", "allocate"], "pledge"),
    **dict.fromkeys(["arrest", "detain", "apprehend"], "arrest"),
}
# "die" is deliberately absent: people die of illness and in accidents, so a death is not a killing.

#: entity types of an object that is a place or a party that holds ground
PLACE_ENTITY_TYPES = frozenset({"GPE", "LOC", "FAC", "ORG"})
#: common nouns that name a place or ground
PLACE_NOUNS = frozenset({
    "town", "city", "village", "territory", "ground", "region", "district", "province", "area",
    "airport", "airfield", "base", "port", "bridge", "hill", "height", "settlement", "stronghold", "outpost",
    "checkpoint", "border", "capital", "suburb", "island", "coast", "valley",
})
# "position" is left out on purpose: "the ministry took a firm position" is an idiom on any story,
# and "line"/"bank"/"front" for the same reason ("took a hard line", "took the bank to court").
#: common nouns that name something that flies and can be shot down
AIRCRAFT_NOUNS = frozenset({
    "aircraft", "plane", "airplane", "warplane", "jet", "helicopter", "drone", "uav", "missile", "rocket",
    "fighter", "bomber",
})
#: nouns that hand over to the place they are "of": "took control of the airport"
_HOLDING_NOUNS = frozenset({"control", "hold", "possession"})
#: a preposition chain from the verb that leads to the place left or taken: "pulled out of the village"
_SOURCE_PREPOSITIONS = frozenset({"out", "of", "from"})


@dataclass(frozen=True)
class ContextualSynonym:
    """A verb that joins ``canonical`` only when its object is one of the kinds it names.

    "Troops took the town" is a capture but "the board took a decision" is not; "the army recovered
    the village" is a recapture but "the economy recovered" is not.
    """

    canonical: str
    object_nouns: frozenset[str]
    object_entity_types: frozenset[str]
    #: the object may also be reached through "out of" / "from" ("forces pulled out of the village")
    via_source_preposition: bool = False


def _place_object(canonical: str, via_source_preposition: bool = False) -> ContextualSynonym:
    return ContextualSynonym(canonical, PLACE_NOUNS, PLACE_ENTITY_TYPES, via_source_preposition)


#: ambiguous verbs, mapped only with an object of the right kind (see :func:`verb_predicate`)
CONTEXTUAL_SYNONYMS: dict[str, ContextualSynonym] = {
    "recover": _place_object("recapture"),
    "take": _place_object("capture"),
    "gain": _place_object("advance"),
    "pull": _place_object("withdraw", via_source_preposition=True),
    "down": ContextualSynonym("destroy", AIRCRAFT_NOUNS, frozenset()),
}
#: "took back the village" is a recapture; "took back her remarks" is not
_TAKE_BACK = _place_object("recapture")
#: the event classes the tables above name (capture, recapture, enter, attack ...): acts done to a place,
#: a person or a thing, so two of them done to different things are two facts
EVENT_CLASSES = frozenset(PREDICATE_SYNONYMS.values()) | frozenset(r.canonical for r in CONTEXTUAL_SYNONYMS.values())


def canonical_predicate(lemma: str) -> str:
    """The canonical predicate of a lemma that means the same on any story (ambiguous verbs stay themselves)."""
    return PREDICATE_SYNONYMS.get(lemma.casefold(), lemma.casefold())


def _objects(verb: Token, kids: dict[int, list[Token]], rule: ContextualSynonym) -> Iterator[Token]:
    """What the verb acts on: its direct object or passive subject (and their conjuncts), or for a rule that
    allows it, the end of an "out of" / "from" chain."""
    for kid in kids[verb.i]:
        if kid.dep in ("dobj", "nsubjpass"):
            yield kid
            yield from (c for c in kids[kid.i] if c.dep == "conj")
    if not rule.via_source_preposition:
        return
    frontier = [k for k in kids[verb.i] if k.dep in ("prep", "prt") and k.text.casefold() in _SOURCE_PREPOSITIONS]
    while frontier:
        for kid in kids[frontier.pop().i]:
            if kid.dep == "pobj":
                yield kid
            elif kid.dep == "prep" and kid.text.casefold() in _SOURCE_PREPOSITIONS:
                frontier.append(kid)


def _is_object_kind(obj: Token, kids: dict[int, list[Token]], rule: ContextualSynonym) -> bool:
    if obj.ent_type in rule.object_entity_types or obj.lemma.casefold() in rule.object_nouns:
        return True
    if obj.lemma.casefold() in _HOLDING_NOUNS:  # "control of the airport": judge the airport
        return any(
            pobj.dep == "pobj" and _is_object_kind(pobj, kids, rule)
            for prep in kids[obj.i] if prep.dep == "prep" and prep.text.casefold() == "of"
            for pobj in kids[prep.i]
        )
    return False


def verb_predicate(verb: Token, kids: dict[int, list[Token]]) -> str:
    """The canonical predicate of a verb in its sentence.

    An ambiguous verb joins its event class only when its object is of the kind the class needs
    ("took the town" -> capture); otherwise it stays its own lemma ("took a decision" -> take).
    """
    lemma = verb.lemma.casefold()
    if lemma in PREDICATE_SYNONYMS:
        return PREDICATE_SYNONYMS[lemma]
    rule = CONTEXTUAL_SYNONYMS.get(lemma)
    if lemma == "take" and any(k.text.casefold() == "back" for k in kids[verb.i]):
        rule = _TAKE_BACK
    if rule is not None and any(_is_object_kind(obj, kids, rule) for obj in _objects(verb, kids, rule)):
        return rule.canonical
    return lemma
