"""Who an event's actor is when the sentence names it only by a pronoun, a first person or a place.

Readers of an events table cannot use "we", "its forces", "that" or "they"; a place where something happened
is no one's act.  Rules, each on the dependency parse and the canonical entities (issue 15):

* a first-person actor ("we", "our troops", "us") is the speaker of the quote it stands in: the subject of
  the reporting verb of the sentence ("..., the ministry said"), else the speaker the quotes stage gave the
  sentence; the actor is then that canonical entity;
* a third-person pronoun ("they", "it", "she") or a possessive one ("its forces", "their troops": the
  phrase keeps its noun, linked to the owner) resolves to an antecedent: the reporting verb's subject when the pronoun stands in what was said, else the nearest
  entity mentioned before it in the sentence or in the two sentences before, of a fitting type (a person for
  "he"/"she", not a person for "it"), never a place that is only a site;
* what stays unresolved says ``unnamed`` (a pronoun or determiner is never shown as an actor);
* a place that is only where things happen (a town, a station, a rail hub: not a country, a region or a
  capital standing for its government) is never the acting side: the source becomes ``unnamed``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...model import Entity, EventActor, Place
from .arguments import SentenceView, make_actor

UNNAMED = "unnamed"
_FIRST_PERSON = frozenset({"we", "us", "i", "me", "our", "ours", "my", "ourselves"})
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
_THING_PRONOUNS = frozenset({"it", "its", "itself"})
_GROUP_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
_THIRD_PERSON = _PERSON_PRONOUNS | _THING_PRONOUNS | _GROUP_PRONOUNS
#: words that point at an actor without naming it
_POINTERS = frozenset({"that", "this", "these", "those", "which", "who", "whom", "whose", "what", "one", "ones",
                       "some", "others", "other", "another", "someone", "somebody", "anyone", "everyone", "all",
                       "both", "each", "either", "neither", "none", "you", "the", "a", "an"})
#: GeoNames features of a place that can act: a country, a first-order region, a capital (its government)
_ACTING_PLACES = ("A.PCL", "A.ADM1", "P.PPLC")
#: sentences back an antecedent is looked for
_LOOKBACK = 2
#: common nouns of a place that is only a site: an unnamed "rail hub" or "the town" never acts either
_SITE_NOUNS = frozenset({"hub", "town", "city", "village", "villages", "towns", "station", "port", "airport",
                         "bridge", "road", "highway", "junction", "crossing", "river", "district", "neighbourhood",
                         "neighborhood", "settlement", "base", "airfield", "harbour", "harbor", "square", "market"})


def is_unnamed(actor: EventActor | None) -> bool:
    """True for no actor or one the text does not name."""
    return actor is None or (actor.entity is None and actor.text == UNNAMED)


@dataclass(frozen=True)
class ActorContext:
    """What resolution reads beyond the sentence: entities, places, quote speakers, earlier mentions."""

    entities: dict[str, Entity]
    #: entity id -> its place, for entities that are places
    places: dict[str, Place]
    #: (article, sentence) -> the canonical entity the quotes stage named as the sentence's speaker
    quote_speakers: dict[tuple[str, int], str]
    #: (article, sentence) -> (start, end, entity) of its entity mentions, character offsets into the body
    mentions: dict[tuple[str, int], list[tuple[int, int, str]]]

    def site(self, entity: str | None) -> bool:
        """An entity that is a place where things happen, not one that can act."""
        place = self.places.get(entity or "")
        if place is None or place.role == "actor":
            return False
        return not (place.feature or "").startswith(_ACTING_PLACES) and place.feature is not None

    def named(self, entity: str) -> EventActor:
        found = self.entities.get(entity)
        return EventActor(text=found.name if found is not None else entity, entity=entity)

    def fits(self, entity: str, pronoun: str) -> bool:
        found = self.entities.get(entity)
        if found is None or self.site(entity):
            return False
        if pronoun in _PERSON_PRONOUNS:
            return found.type == "person"
        # "it", "its", "they", "their": an organisation, a country, a group, never one person
        return found.type != "person"


def _pronoun_of(view: SentenceView, head: int) -> tuple[str, int] | None:
    """The pronoun an actor phrase is, or that owns it ("its forces"), with its token index."""
    word = view.lower(head)
    if view.tokens[head].pos == "PRON" and (word in _FIRST_PERSON or word in _THIRD_PERSON):
        return word, head
    for child in view.kids(head, "poss"):
        if view.lower(child) in _FIRST_PERSON or view.lower(child) in _THIRD_PERSON:
            return view.lower(child), child
    return None


def _antecedent(view: SentenceView, article: str, at: int, pronoun: str, ctx: ActorContext) -> str | None:
    """The nearest fitting entity mentioned before token ``at``: in its sentence, then up to two before."""
    offset = view.tokens[at].idx
    index = view.sentence.index
    here = [m for m in view.mentions if m[1] <= offset]
    for mentions in [here] + [ctx.mentions.get((article, index - back), []) for back in range(1, _LOOKBACK + 1)]:
        for _, _, entity in sorted(mentions, reverse=True):
            if ctx.fits(entity, pronoun):
                return entity
    return None


def resolve_actor(view: SentenceView, head: int, speaker: int | None, article: str,
                  ctx: ActorContext) -> EventActor:
    """The actor headed by ``head``, its pronoun resolved (see the module's rules)."""
    found = _pronoun_of(view, head)
    if found is None:
        actor = make_actor(view, head)
        words = actor.text.casefold().split()
        if actor.entity is None and (not words or all(w in _POINTERS for w in words)):
            return EventActor(text=UNNAMED)
        return actor
    pronoun, at = found
    own_speaker = speaker is not None and _pronoun_of(view, speaker) is None
    if pronoun in _FIRST_PERSON:
        if own_speaker and speaker is not None:
            said_by = make_actor(view, speaker)
            return said_by if said_by.entity is None else ctx.named(said_by.entity)
        quoted = ctx.quote_speakers.get((article, view.sentence.index))
        if quoted is None and speaker is not None:
            # '"We held the bridge," he said': "we" is whoever "he" is
            speaker_pronoun = _pronoun_of(view, speaker)
            if speaker_pronoun is not None and speaker_pronoun[0] in _THIRD_PERSON:
                quoted = _antecedent(view, article, speaker_pronoun[1], speaker_pronoun[0], ctx)
        return ctx.named(quoted) if quoted is not None else EventActor(text=UNNAMED)
    if own_speaker and speaker is not None and at == head:
        # "X said it would withdraw": "it" is X
        said_by = make_actor(view, speaker)
        if said_by.entity is None or ctx.fits(said_by.entity, pronoun):
            return said_by
    if at != head:
        # "its partners", "their fighters": the phrase without its pronoun, owned by the antecedent unless it
        # names someone itself ("its European Community partners")
        phrase = make_actor(view, head)
        text = " ".join(w for w in phrase.text.split() if w.casefold() not in _THIRD_PERSON)
        if phrase.entity is not None:
            return EventActor(text=text, entity=phrase.entity)
        owner = _antecedent(view, article, at, pronoun, ctx)
        return EventActor(text=text or UNNAMED, entity=owner)
    entity = _antecedent(view, article, at, pronoun, ctx)
    return ctx.named(entity) if entity is not None else EventActor(text=UNNAMED)


def source_actor(actor: EventActor, ctx: ActorContext) -> EventActor:
    """A place that is only a site never acts: as the acting side it is unnamed, whether the text names it
    (an entity the geocoder placed) or only says what kind of place it is ("a rail hub that supplies ...")."""
    words = actor.text.casefold().split()
    unnamed_site = actor.entity is None and bool(words) and words[-1] in _SITE_NOUNS
    return EventActor(text=UNNAMED) if ctx.site(actor.entity) or unnamed_site else actor

