"""Event triggers in one parsed sentence, and the clause context that changes them.

A trigger is a verb ("shelled"), a phrasal verb ("blew up"), a verb whose
object decides the meaning ("imposed a curfew", "held talks") or a nominal
trigger standing on its own with an argument ("the shelling of X", "an
attack on X", "Russia's offensive").  :func:`find_triggers` returns them with
their PLOVER category from :mod:`.event_types`; :func:`clause_context` then
says whether the trigger is negated, stated as an intention ("will withdraw",
"plans to strike", "is ready to talk"), an obligation someone reported ("X said
Y must withdraw"), or the complement of another trigger's speech act ("agreed
to withdraw", "threatened to shell", "accused X of shelling"), which is no
event of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .arguments import SentenceView
from .categories import (
    CONDITIONAL_MARKS,
    DEATH_VERBS,
    FUTURE_MODALS,
    INTENT_ADJECTIVES,
    INTENT_VERBS,
    LIGHT_VERBS,
    NOUN_CATEGORY,
    OBLIGATION_MODALS,
    PHRASAL_CATEGORY,
    REPORTING_VERBS,
    SPEECH_ACTS,
    UNDER_VERBS,
    VERB_CATEGORY,
    VERB_OBJECT_CATEGORY,
)

#: Modifiers that make a bare "strike" an armed one ("air strike", "drone strike").
_ARMED_STRIKE = frozenset({"air", "drone", "missile", "rocket", "military", "aerial", "artillery", "naval",
                           "nuclear", "precision", "retaliatory", "pre-emptive", "preemptive", "israeli"})
#: Prepositions whose object is an argument of a nominal trigger ("attack on X", "shelling of X").
_NOUN_ARGUMENT_PREPS = frozenset({"on", "against", "of", "by", "upon", "with", "between"})
#: Prepositions whose object is the means or occasion of a verb trigger ("killed in an attack").
_CIRCUMSTANCE_PREPS = frozenset({"in", "during", "by", "with", "from", "through", "using"})
#: Dependency labels along which a clause or noun is the complement of the word above it.
_COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "pcomp", "pobj", "prep", "acomp", "dobj", "attr", "oprd"})
_TIME_LABELS = frozenset({"DATE", "TIME"})


@dataclass
class Trigger:
    """One event trigger: ``head`` is the word its arguments hang on (the clause verb, or the noun)."""

    head: int
    category: str
    words: list[int]
    #: The trigger noun when the meaning comes from a noun ("held talks", "an attack on").
    noun: int | None = None
    #: True for a nominal trigger standing without a verb of its own ("the shelling of X").
    nominal: bool = False
    #: The clause subject is the target, not the source ("X died of torture", "X came under fire").
    subject_is_target: bool = False
    #: No lexicon word: a candidate only as the content of a reported obligation ("said X must leave").
    obligation_only: bool = False


@dataclass
class ClauseContext:
    """What the clause around a trigger does to it."""

    negated: bool = False
    #: The trigger is stated as an intention (modal, "plans to", "ready to").
    intention: bool = False
    #: An obligation ("must", "should", "has to").
    obligation: bool = False
    #: The reporting verb ("said") whose subject speaks for this trigger.
    governor: int | None = None
    #: The trigger is the content of a "failed to" ("failed to reach an agreement").
    failed: bool = False
    #: The trigger sits in a conditional clause ("if it is attacked"): nothing happened.
    hypothetical: bool = False
    #: The trigger whose speech act this one is the content of ("agreed to withdraw").
    absorbed_by: int | None = None
    modal_words: list[int] = field(default_factory=list)


def _is_time(view: SentenceView, prep: int) -> bool:
    return any(view.tokens[i].ent_type in _TIME_LABELS for i in view.kids(prep, "pobj"))


def noun_category(view: SentenceView, i: int) -> str | None:
    lemma = view.lemma(i)
    category = NOUN_CATEGORY.get(lemma)
    if lemma == "strike" and any(view.lower(c) in _ARMED_STRIKE for c in view.kids(i, "compound", "amod")):
        return "FIGHT"
    return category


def _verb_trigger(view: SentenceView, i: int) -> Trigger | None:
    lemma = view.lemma(i)
    for particle in view.kids(i, "prt"):
        category = PHRASAL_CATEGORY.get((lemma, view.lemma(particle)))
        if category:
            return Trigger(i, category, [i, particle])
    obj = view.first(i, "dobj") or view.first(i, "nsubjpass")
    if obj is not None:
        obj_lemma = view.lemma(obj)
        category = VERB_OBJECT_CATEGORY.get((lemma, obj_lemma))
        if category:
            return Trigger(i, category, [i, obj], noun=obj)
        obj_category = noun_category(view, obj) if view.tokens[obj].pos == "NOUN" else None
        if lemma in LIGHT_VERBS and obj_category:
            return Trigger(i, obj_category, [i, obj], noun=obj)
        if lemma in LIGHT_VERBS:
            # "undertook a mediation mission": the noun compound carries the meaning.
            for modifier in view.kids(obj, "compound"):
                modifier_category = noun_category(view, modifier)
                if modifier_category:
                    return Trigger(i, modifier_category, [i, modifier, obj], noun=obj)
    caused = _cause_or_measure(view, i, lemma)
    if caused is not None:
        return caused
    for prep in view.kids(i, "prep"):
        category = PHRASAL_CATEGORY.get((lemma, view.lemma(prep)))
        if category and not _is_time(view, prep):
            return Trigger(i, category, [i, prep])
    if lemma == "strike":
        # Workers strike; missiles strike a city.
        return Trigger(i, "FIGHT" if obj is not None else "PROTEST", [i])
    category = VERB_CATEGORY.get(lemma)
    return Trigger(i, category, [i]) if category else None


def _cause_or_measure(view: SentenceView, i: int, lemma: str) -> Trigger | None:
    """ "died of torture", "was put under investigation", "came under fire": the noun decides, the subject suffers."""
    if lemma in DEATH_VERBS:
        for prep in view.kids(i, "prep"):
            for obj in view.kids(prep, "pobj"):
                # "died as a result of torture": one more "of" down.
                for noun in [obj, *(o for p in view.kids(obj, "prep") for o in view.kids(p, "pobj"))]:
                    category = noun_category(view, noun)
                    if category in ("ASSAULT", "FIGHT", "COERCE"):
                        return Trigger(i, category, [i, noun], noun=noun, subject_is_target=True)
    if lemma in UNDER_VERBS:
        for prep in view.kids(i, "prep"):
            if view.lemma(prep) != "under":
                continue
            for obj in view.kids(prep, "pobj"):
                category = noun_category(view, obj)
                if category is not None:
                    return Trigger(i, category, [i, prep, obj], noun=obj, subject_is_target=True)
    return None


def _has_noun_argument(view: SentenceView, i: int) -> bool:
    if view.kids(i, "poss"):
        return True
    for prep in view.kids(i, "prep"):
        if view.lemma(prep) in _NOUN_ARGUMENT_PREPS and view.kids(prep, "pobj"):
            return True
    # "Israeli strikes", "NATO air raids": a named modifier is the agent.
    return any(view.tokens[c].ent_type in ("NORP", "GPE", "ORG") for c in view.kids(i, "amod", "compound"))


def find_triggers(view: SentenceView) -> list[Trigger]:
    """Every trigger of the sentence, verbs first, then nominal triggers no verb trigger took."""
    triggers: list[Trigger] = []
    for token in view.tokens:
        # AUX "be"/"have" are never events; a verb tagged as an adjective ("armed") is no trigger either.
        if token.pos == "VERB":
            found = _verb_trigger(view, token.i)
            if found is not None:
                triggers.append(found)
    verb_heads = {t.head for t in triggers}
    for token in view.tokens:
        # Only an obligation laid on someone named or described ("X must leave"), not "nobody should think".
        subject = view.first(token.i, "nsubj", "nsubjpass")
        on_someone = subject is not None and view.tokens[subject].pos in ("NOUN", "PROPN")
        if token.pos == "VERB" and token.i not in verb_heads and on_someone and _modal_aux(view, token.i)[2]:
            triggers.append(Trigger(token.i, "DEMAND", [token.i], obligation_only=True))
    taken = {t.noun for t in triggers if t.noun is not None}
    for token in view.tokens:
        if token.pos != "NOUN" or token.i in taken:
            continue
        category = noun_category(view, token.i)
        if category is None or not _has_noun_argument(view, token.i):
            continue
        if _is_means_of(view, token.i, verb_heads):
            continue
        triggers.append(Trigger(token.i, category, [token.i], noun=token.i, nominal=True))
    return sorted(triggers, key=lambda t: t.head)


def _is_means_of(view: SentenceView, noun: int, verb_heads: set[int]) -> bool:
    """A nominal trigger that is the subject or the circumstance of a verb trigger is part of that event."""
    token = view.tokens[noun]
    if token.dep in ("nsubj", "nsubjpass") and token.head in verb_heads:
        return True
    if token.dep == "pobj":
        prep = token.head
        verb = view.tokens[prep].head
        if view.lemma(prep) in _CIRCUMSTANCE_PREPS and verb in verb_heads:
            return True
    return False


def _modal_aux(view: SentenceView, i: int) -> tuple[list[int], bool, bool]:
    """Modal auxiliaries of verb ``i``: (their tokens, intention?, obligation?)."""
    words: list[int] = []
    intention = obligation = False
    for aux in view.kids(i, "aux"):
        lemma, text = view.lemma(aux), view.lower(aux)
        if text in FUTURE_MODALS or lemma in FUTURE_MODALS:
            words.append(aux)
            intention = True
        elif text in OBLIGATION_MODALS and text != "have":
            words.append(aux)
            obligation = True
    # "has to withdraw", "needs to": the obligation sits on the verb above.
    head = view.tokens[i].head
    if view.tokens[i].dep == "xcomp" and view.lemma(head) in ("have", "need") and head != i:
        obligation = True
        words.append(head)
    # "is going to attack"
    if view.tokens[i].dep == "xcomp" and view.lower(head) == "going":
        intention = True
        words.append(head)
    return words, intention, obligation


def _negated(view: SentenceView, i: int) -> bool:
    if view.kids(i, "neg"):
        return True
    # "no attack", "no talks"
    return any(view.lower(d) in ("no", "never") for d in view.kids(i, "det", "advmod"))


def clause_context(view: SentenceView, trigger: Trigger, trigger_at: dict[int, Trigger]) -> ClauseContext:
    """Negation, modality and the governing word of a trigger (see :class:`ClauseContext`)."""
    context = ClauseContext()
    head = trigger.head
    context.negated = _negated(view, head) or (trigger.noun is not None and _negated(view, trigger.noun))
    words, context.intention, context.obligation = _modal_aux(view, head)
    context.modal_words = words
    current = head
    while True:
        if any(view.lower(m) in CONDITIONAL_MARKS for m in view.kids(current, "mark")):
            context.hypothetical = True
        dep, parent = view.tokens[current].dep, view.tokens[current].head
        if parent == current:
            break
        if dep == "conj":
            # A coordinate shares the clause of the first conjunct ("threatened to shell and invade").
            current = parent
            continue
        governing = trigger_at.get(parent)
        if dep == "advcl" and governing is not None and any(view.lower(a) == "to" for a in view.kids(current, "aux")):
            # "blocked roads to protest against X": the purpose is the motive of that event, not another one.
            context.absorbed_by = parent
            return context
        if dep not in _COMPLEMENT_DEPS:
            break
        if governing is not None and governing.category in SPEECH_ACTS and governing is not trigger:
            context.absorbed_by = parent
            return context
        if governing is not None and not governing.nominal:
            break
        lemma = view.lemma(parent)
        if lemma == "fail":
            context.negated = context.failed = True
            context.modal_words.append(parent)
        elif lemma in INTENT_VERBS or (lemma in INTENT_ADJECTIVES and view.tokens[parent].pos == "ADJ"):
            context.intention = True
            context.modal_words.append(parent)
            if _negated(view, parent) or (
                view.tokens[parent].pos == "ADJ" and _negated(view, view.tokens[parent].head)
            ):
                context.negated = True
        elif lemma in REPORTING_VERBS and view.tokens[parent].pos in ("VERB", "AUX"):
            context.governor = parent
            break
        current = parent
    return context
