"""Stage: structured events, who did what to whom, where and when.

Reads ``ParsedArticle``, ``Briefing.entities``, ``Briefing.places``,
``Briefing.timeline`` and the articles; writes ``Briefing.events``.

Each body sentence's dependency parse gives event triggers
(:mod:`.event_triggers`, categories from the PLOVER lexicon in
:mod:`.event_types`) and their arguments (:mod:`.event_args`):

* source actor: the subject, or the ``by`` agent of a passive, or for a
  nominal trigger its possessor / ``by`` phrase / named modifier ("Israeli
  strikes"); a relative pronoun stands for the noun it modifies, a personal
  pronoun under a reporting verb for the speaker ("X said it would ...");
* target actor: the object, or the subject of a passive, else the object of
  "against/on/to/with/at" (a speech act's target may be the subject of its
  clause: "demanded that X withdraw");
* conjoined actors ("Israel and Lebanon") give one event per pair, as in an
  event dataset where each row is a dyad;
* place: a place entity in a locative phrase ("in/near/at X") of the trigger
  or its object; for physical events the target itself when it is a place
  ("shelled X");
* actors and places link to canonical entities by character offsets.

Clause context changes the category: a negated cooperative act is a REJECT
("will not allow"), a negated hostile act is no event ("did not attack"); a
stated intention to cooperate is an AGREE and to act with hostility a
THREATEN ("will withdraw", "plans to strike"), as the PLOVER manual codes
promises and threats; "X said Y must ..." is X's DEMAND on Y; a trigger in the
complement of a speech act ("agreed to withdraw", "accused X of shelling") is
part of that speech act, not a second event; an obligation nobody is reported
to state ("Y must withdraw") is no event.

Dates, decided so that a dataset row never claims more than the text says:

1. a timeline entry of the same sentence (the sentence's own date expression)
   gives the date; with several dates, the one whose expression lies in the
   trigger's clause, else none (the sentence does not say which);
2. without a date expression, a trigger in the past tense (or present perfect)
   gets the article's publication date, the convention of GDELT's
   publication-dated events; the CSV marks such dates ``published``;
3. anything else (present, future, intentions) has no date.

Exact repeats within one article (same category, actors, place and date) are
emitted once; near-duplicate copies of an article (``duplicate_of``) are skipped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ...model import Article, Entity, Event, EventActor, ParsedArticle, Place, Quote, TimelineEntry
from .actors import UNNAMED, ActorContext, resolve_actor, source_actor
from .arguments import (
    PlaceLookup,
    SentenceView,
    actor_tokens,
    conjuncts,
    locative_place,
    resolve_relative,
)
from .categories import COOPERATIVE, MILITARY_MEANS, PHYSICAL, SPEECH_ACTS, intended
from .triggers import ClauseContext, Trigger, clause_context, find_triggers

#: Prepositions introducing a target, most specific first.
_TARGET_PREPS = ("against", "on", "upon", "with", "to", "at", "into", "toward", "towards")
_SUBJECT_DEPS = ("nsubj", "csubj")
_ACTOR_LABELS = frozenset({"NORP", "GPE", "ORG", "PERSON"})
_TIME_LABELS = frozenset({"DATE", "TIME"})
_PAST_TAGS = frozenset({"VBD"})
#: Most actor pairs kept for one trigger (a list of ten countries makes no hundred events).
_MAX_CONJUNCTS = 4


@dataclass(frozen=True)
class _Inputs:
    places: PlaceLookup
    timeline: dict[tuple[str, int], list[TimelineEntry]]
    articles: dict[str, Article]
    actors: ActorContext


def _subject(view: SentenceView, verb: int) -> int | None:
    """The subject of ``verb``, inherited through control ("agreed to X"), coordination and relative clauses."""
    seen: set[int] = set()
    current = verb
    while current not in seen:
        seen.add(current)
        # a dateline parsed as a second subject ("KYIV (Reuters) - Troops ...") names no actor
        found = next((k for k in view.kids(current, *_SUBJECT_DEPS) if k >= view.dateline_end), None)
        if found is not None:
            return resolve_relative(view, found)
        token = view.tokens[current]
        if token.head == current:
            return None
        if token.dep in ("relcl", "acl") and view.tokens[token.head].pos in ("NOUN", "PROPN"):
            # "rebels fighting in the north" / "troops sent by X": the modified noun acts.
            return token.head if token.dep == "relcl" or token.tag == "VBG" else None
        if token.dep in ("xcomp", "conj", "acomp", "advcl") or (token.dep == "ccomp" and token.pos == "ADJ"):
            current = token.head
            continue
        return None
    return None


def _speaker(view: SentenceView, context: ClauseContext) -> int | None:
    if context.governor is None:
        return None
    return _subject(view, context.governor)


def _agent(view: SentenceView, verb: int) -> int | None:
    for agent in view.kids(verb, "agent"):
        for obj in view.kids(agent, "pobj"):
            return obj
    return None


def _is_passive(view: SentenceView, verb: int) -> bool:
    return bool(view.kids(verb, "nsubjpass", "auxpass"))


def _has_entity(view: SentenceView, head: int) -> bool:
    """True when the phrase headed by ``head`` names someone (a proper noun or an NER span in it)."""
    tokens = actor_tokens(view, head)
    named = any(view.tokens[i].pos == "PROPN" or view.tokens[i].ent_type in _ACTOR_LABELS for i in tokens)
    return named or view.entity_at(tokens, head) is not None


def _prep_object(view: SentenceView, anchors: Sequence[int], preps: Sequence[str]) -> int | None:
    for wanted in preps:
        for anchor in anchors:
            for prep in view.kids(anchor, "prep"):
                if view.lemma(prep) == wanted:
                    obj = view.first(prep, "pobj")
                    # "on Monday" is when, not whom.
                    if obj is not None and view.tokens[obj].ent_type not in _TIME_LABELS:
                        return resolve_relative(view, obj)
    return None


def _source_and_target(view: SentenceView, trigger: Trigger) -> tuple[int | None, int | None]:
    head = trigger.head
    if trigger.nominal:
        source = view.first(head, "poss")
        source = source if source is not None else _prep_object(view, [head], ("by",))
        if source is None:
            modifiers = [c for c in view.kids(head, "amod", "compound") if view.tokens[c].ent_type in _ACTOR_LABELS]
            source = modifiers[0] if modifiers else None
        # "the withdrawal of troops": of-phrase of an intransitive act is its agent.
        of_obj = _prep_object(view, [head], ("of",))
        if trigger.category in ("RETREAT", "MOBILIZE", "PROTEST") and source is None:
            return of_obj, _prep_object(view, [head], _TARGET_PREPS)
        return source, _prep_object(view, [head], (*_TARGET_PREPS[:3], "of", *_TARGET_PREPS[3:]))
    if trigger.subject_is_target:
        return _agent(view, head), view.first(head, "nsubj", "nsubjpass")
    if _is_passive(view, head):
        source = _agent(view, head)
        patient = view.first(head, "nsubjpass")
        if trigger.noun is not None and patient == trigger.noun:
            return source, _prep_object(view, [head, patient], _TARGET_PREPS)
        return source, patient
    source = _subject(view, head)
    anchors = [head] if trigger.noun is None else [trigger.noun, head]
    prep_target = _prep_object(view, anchors, _TARGET_PREPS)
    if trigger.noun is not None:
        return source, prep_target
    target = _object_target(view, head)
    if target is None and trigger.category in SPEECH_ACTS:
        for clause in view.kids(head, "ccomp", "xcomp"):
            subject = view.first(clause, "nsubj", "nsubjpass")
            if subject is not None:
                return source, subject
    if target is None:
        target = prep_target
    return source, target if target is not None else _complement_target(view, head)


def _object_target(view: SentenceView, verb: int) -> int | None:
    obj = view.first(verb, "dative") or view.first(verb, "dobj")
    if obj is None:
        return None
    # "demanded the withdrawal of X", "sent arms to X", "pulled its troops out of X":
    # a named prepositional object beats a common-noun object.
    if not _has_entity(view, obj):
        named = _prep_object(view, [verb, obj], (*_TARGET_PREPS, "of", "from"))
        if named is not None and _has_entity(view, named):
            return named
    return obj


def _complement_target(view: SentenceView, verb: int, depth: int = 2) -> int | None:
    """The target named in a complement or purpose clause ("refused to meet X", "opened fire to disperse X")."""
    if depth == 0:
        return None
    for clause in view.kids(verb, "xcomp", "ccomp", "advcl"):
        if view.tokens[clause].dep == "advcl" and not any(view.lower(a) == "to" for a in view.kids(clause, "aux")):
            continue
        target = _object_target(view, clause)
        if target is None:
            target = _prep_object(view, [clause], _TARGET_PREPS)
        if target is None:
            target = _complement_target(view, clause, depth - 1)
        if target is not None:
            return target
    return None


def _military_means(view: SentenceView, trigger: Trigger, source: int | None) -> bool:
    """Violence carried out by aircraft, artillery, troops ... is FIGHT, not ASSAULT."""
    words = [source] if source is not None else []
    for prep in view.kids(trigger.head, "prep"):
        if view.lemma(prep) in ("with", "using", "by", "in"):
            words.extend(view.kids(prep, "pobj"))
    words.extend(view.kids(trigger.head, "advcl", "agent"))
    # "Predator attacks", "minefield explosion": the modifier names the weapon.
    words.extend(m for w in list(words) for m in view.kids(w, "compound", "amod"))
    return any(view.lemma(w) in MILITARY_MEANS for w in words)


def _category(view: SentenceView, trigger: Trigger, context: ClauseContext, source: int | None) -> str | None:
    category = trigger.category
    if category == "ASSAULT" and _military_means(view, trigger, source):
        category = "FIGHT"
    if context.negated:
        # Refusing or failing to cooperate is a rejection ("will not allow", "failed to reach an agreement");
        # an act reported as not done ("did not attack", "had not withdrawn") is no event.
        refusal = context.intention or context.failed
        return "REJECT" if category in COOPERATIVE and refusal else None
    if context.intention and category not in SPEECH_ACTS:
        return intended(category) or category
    return category


def _sentence_is_past(view: SentenceView, trigger: Trigger) -> bool:
    verb = view.tokens[trigger.head]
    if trigger.nominal:
        verb = view.tokens[verb.head]
    if verb.tag in _PAST_TAGS:
        return True
    aux = [view.tokens[a] for a in view.kids(verb.i, "aux", "auxpass")]
    if any(a.tag in _PAST_TAGS for a in aux):
        return not any(a.lower() in ("would", "could", "might", "should") for a in (t.text for t in aux))
    # Present perfect: "has shelled", "have been killed".
    return verb.tag == "VBN" and any(a.lemma.lower() == "have" for a in aux)


def _event_date(
    view: SentenceView, trigger: Trigger, context: ClauseContext, article: str, inputs: _Inputs
) -> str | None:
    entries = inputs.timeline.get((article, view.sentence.index), [])
    dates = {e.date for e in entries}
    if len(dates) == 1:
        return entries[0].date
    if dates:
        clause = view.text_of(view.subtree(trigger.head)).lower()
        in_clause = [e for e in entries if e.expression and e.expression.lower() in clause]
        return in_clause[0].date if len({e.date for e in in_clause}) == 1 else None
    if context.intention or context.obligation or not _sentence_is_past(view, trigger):
        return None
    known = inputs.articles.get(article)
    return known.published[:10] if known is not None and known.published else None


def _trigger_text(view: SentenceView, trigger: Trigger, context: ClauseContext, absorbed: list[int]) -> str:
    words = set(trigger.words) | set(context.modal_words) | set(absorbed)
    words |= set(view.kids(trigger.head, "neg"))
    for word in absorbed:
        words |= set(view.kids(word, "aux"))
    ordered = sorted(w for w in words if abs(w - trigger.head) <= 8)
    return view.text_of(ordered)


def _actor(view: SentenceView, head: int | None, speaker: int | None, article: str, inputs: _Inputs,
           acting: bool = False) -> list[EventActor]:
    """The actors headed by ``head`` and its conjuncts, pronouns resolved (:mod:`.actors`)."""
    if head is None:
        return []
    found = [resolve_actor(view, h, speaker, article, inputs.actors) for h in conjuncts(view, head)[:_MAX_CONJUNCTS]]
    return [source_actor(a, inputs.actors) for a in found] if acting else found


def _depth(view: SentenceView, i: int) -> int:
    return sum(1 for _ in view.ancestors(i))


def _events_of_sentence(view: SentenceView, article: str, inputs: _Inputs) -> list[Event]:
    # Main-clause events first: an event dataset that keeps one event per sentence keeps that one.
    triggers = sorted(find_triggers(view), key=lambda t: (_depth(view, t.head), t.head))
    trigger_at = {t.head: t for t in triggers}
    contexts = {t.head: clause_context(view, t, trigger_at) for t in triggers}
    absorbed: dict[int, list[int]] = defaultdict(list)
    for t in triggers:
        governor = contexts[t.head].absorbed_by
        if governor is not None:
            absorbed[governor].append(t.head)
    events: list[Event] = []
    for trigger in triggers:
        context = contexts[trigger.head]
        if context.absorbed_by is not None or context.hypothetical:
            continue
        if trigger.obligation_only and not context.obligation:
            continue
        source_head, target_head = _source_and_target(view, trigger)
        category = _category(view, trigger, context, source_head)
        if category is None:
            continue
        speaker = _speaker(view, context)
        if context.obligation:
            # "X said Y must withdraw" is X's demand on Y; an unattributed "must" is no event.
            if speaker is None:
                continue
            category, source_head, target_head = "DEMAND", speaker, source_head
        sources: list[EventActor | None] = [*_actor(view, source_head, speaker, article, inputs, True)] or [None]
        targets: list[EventActor | None] = [*_actor(view, target_head, speaker, article, inputs)] or [None]
        # Where: the trigger's own locative phrase first, then one on its target or source
        # ("attacked by militia near X" often hangs "near X" on the agent).
        own = [trigger.head] + ([trigger.noun] if trigger.noun is not None else [])
        place = locative_place(view, own, inputs.places)
        if place is None and category in PHYSICAL and targets[0] is not None:
            # "shelled X", "retook the town of X in the Y region": the target place is where it happened
            # (a place phrase on the target locates the target, it is not a second site)
            place = inputs.places.name(targets[0].entity)
        if place is None:
            place = locative_place(view, [h for h in (target_head, source_head) if h is not None], inputs.places)
        date = _event_date(view, trigger, context, article, inputs)
        text = _trigger_text(view, trigger, context, absorbed.get(trigger.head, []))
        for source in sources:
            for target in targets:
                if source is not None and target is not None and source.text == target.text and (
                        source.entity is not None or source.text != UNNAMED):
                    continue
                events.append(
                    Event(
                        id="", type=category, trigger=text, source=source, target=target, place=place,
                        date=date, article=article, sentence=view.sentence.index,
                    )
                )
    return events


def _mention_index(entities: Sequence[Entity]) -> dict[tuple[str, int], list[tuple[int, int, str]]]:
    index: dict[tuple[str, int], list[tuple[int, int, str]]] = defaultdict(list)
    for entity in entities:
        for mention in entity.mentions:
            if mention.start is not None and mention.end is not None:
                index[(mention.article, mention.sentence)].append((mention.start, mention.end, entity.id))
    return index


def _key(event: Event) -> tuple[object, ...]:
    def actor(a: EventActor | None) -> str | None:
        return None if a is None else (a.entity or a.text.lower())

    return (event.article, event.type, actor(event.source), actor(event.target), event.place, event.date)


def extract_events(
    parsed: Sequence[ParsedArticle],
    entities: Sequence[Entity],
    places: Sequence[Place],
    timeline: Sequence[TimelineEntry],
    articles: Sequence[Article],
    quotes: Sequence[Quote] = (),
) -> list[Event]:
    """Stage: coded events of every body sentence, ids ``EV1``, ``EV2`` ... in article and sentence order.

    ``quotes`` give the speaker a first-person actor ("our troops") stands for when the sentence names none.
    """
    by_sentence: dict[tuple[str, int], list[TimelineEntry]] = defaultdict(list)
    for entry in timeline:
        by_sentence[(entry.article, entry.sentence)].append(entry)
    mentions = _mention_index(entities)
    lookup = PlaceLookup.build(places, entities)
    speakers = {(q.article, q.sentence): q.speaker_entity for q in quotes if q.speaker_entity is not None}
    actors = ActorContext({e.id: e for e in entities}, lookup.places, speakers, dict(mentions))
    inputs = _Inputs(lookup, by_sentence, {a.id: a for a in articles}, actors)
    events: list[Event] = []
    seen: set[tuple[object, ...]] = set()
    for doc in parsed:
        article = inputs.articles.get(doc.article)
        if article is not None and article.duplicate_of is not None:
            continue
        for sentence in doc.sentences:
            view = SentenceView(sentence, mentions.get((doc.article, sentence.index), []))
            for event in _events_of_sentence(view, doc.article, inputs):
                key = _key(event)
                if key not in seen:
                    seen.add(key)
                    events.append(event)
    for n, event in enumerate(events, 1):
        event.id = f"EV{n}"
    return events
