"""Stage: cross-document entities.

Reads ``ParsedArticle.mentions``; writes ``Briefing.entities``.

Mentions are first reduced to names (:mod:`.names`: no "the", possessive,
titles or company legal forms) and grouped by exact folded name.  Groups are
then joined, most certain evidence first:

1. romanisation variants (:mod:`.translit`): equal keys always, fuzzy keys
   only when the two spellings never share an article (one article keeps one
   spelling, so two spellings side by side are two names);
2. acronyms with the one expansion whose content-word initials spell them;
3. personal names of one surname whose given names agree ("Timothy D. Cook" / "Tim Cook");
4. bare surnames and titled forms ("Macron", "Mr Macron") with the one full
   personal name ending in that surname, and one-word organisation names with
   the one organisation name they start ("Northrop" / "Northrop Grumman").
   When several full names share the short form, each mention goes to the
   full name nearest in its own article, or stays on its own when its article
   names none of them.  A full name the NER typed as something else
   ("Oleksandr Syrskyi" as a work of art) is a surname target only for a
   short form with person evidence and when no person-typed full name fits.
   A bare first name ("Tim") joins the one person of its article whose full name starts with it.

Before grouping, the parse around each mention (:mod:`.evidence`)
widens names the NER cut short, drops the office word of a title, and gives
place, adjective and outlet cues that the type vote uses.  After joining,
gazetteer knowledge (:mod:`.place_senses`) types nationality adjectives as
``other`` and splits a place name used for two places ("Georgia") by the
other places of each article.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import cdist

from ...model import Entity, EntityType, Mention, MentionRef, ParsedArticle
from . import evidence as entity_evidence
from . import names, place_senses, translit
from .evidence import MentionEvidence
from .place_senses import PlaceIndex

logger = logging.getLogger(__name__)

#: Votes decide the type; a tie goes to the first in this order.
_TYPE_ORDER: tuple[EntityType, ...] = ("person", "org", "place", "other")
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Candidate pairs for the fuzzy romanisation match are pre-filtered on the whole
# key with this many edits per word; keys_match then decides word by word.
_PREFILTER_EDITS_PER_WORD = 3

GazetteerAlias = Callable[[str], str | None]


@dataclass
class _Group:
    """All mentions whose names fold to the same string."""

    key: str
    tokens: tuple[str, ...]
    word_keys: tuple[str, ...]
    mentions: list[int] = field(default_factory=list)
    forms: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)
    articles: set[str] = field(default_factory=set)


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _group_key(form: names.NameForm) -> str:
    # "U.S." and "US", "Kyïv" and "Kyiv" are the same written name.
    return " ".join(names.fold(form.name).replace(".", "").split())


def _collect(
    mentions: Sequence[Mention], evidence: Sequence[MentionEvidence], gazetteer_alias: GazetteerAlias | None
) -> tuple[list[_Group], list[int], list[names.NameForm]]:
    """Group name-like mentions by folded name; returns groups, the group of each mention (-1: noise), forms."""
    by_key: dict[str, int] = {}
    groups: list[_Group] = []
    group_of: list[int] = []
    forms: list[names.NameForm] = []
    noise: Counter[str] = Counter()
    for mention, seen in zip(mentions, evidence, strict=True):
        person = mention.label == "PERSON" or mention.type == "person"
        form = names.name_form(seen.name_text, person=person)
        forms.append(form)
        if seen.title_part:
            reason: str | None = "part of an office title"
        elif seen.title_case_word:
            reason = "an adjective capitalised by title case"
        else:
            reason = names.noise_reason(seen.name_text)
        if reason is not None:
            noise[reason] += 1
            logger.debug("not a name (%s): %r in %s", reason, mention.text, mention.article)
            group_of.append(-1)
            continue
        alias = gazetteer_alias(form.name) if gazetteer_alias is not None else None
        if alias:
            form = names.name_form(alias, person=person)
        key = _group_key(form)
        if key not in by_key:
            by_key[key] = len(groups)
            groups.append(
                _Group(
                    key=key, tokens=form.tokens, word_keys=tuple(translit.fine_key(t) for t in form.tokens)
                )
            )
        index = by_key[key]
        group = groups[index]
        group.mentions.append(len(group_of))
        group.forms[form.name] += 1
        group.labels[mention.label] += 1
        group.articles.add(mention.article)
        group_of.append(index)
    if noise:
        logger.info(
            "entities: %d NER spans are not names and make no entity: %s", sum(noise.values()), dict(noise)
        )
    return groups, group_of, forms


def _is_demonym_group(group: _Group) -> bool:
    return group.labels["NORP"] * 2 > sum(group.labels.values())


def _join_romanisations(groups: Sequence[_Group], clusters: _UnionFind) -> None:
    by_key: dict[str, list[int]] = defaultdict(list)
    for index, group in enumerate(groups):
        if not names.is_acronym(group.tokens[0] if len(group.tokens) == 1 else ""):
            by_key[" ".join(group.word_keys)].append(index)
    for members in by_key.values():
        for other in members[1:]:
            clusters.union(members[0], other)
    # Fuzzy pass over distinct keys, within names of the same word count.
    by_length: dict[int, list[str]] = defaultdict(list)
    for key in by_key:
        by_length[len(key.split())].append(key)
    for words, keys in by_length.items():
        if len(keys) < 2:
            continue
        cutoff = _PREFILTER_EDITS_PER_WORD * words
        distances = cdist(keys, keys, scorer=Levenshtein.distance, score_cutoff=cutoff, workers=1)
        for i, j in zip(*(distances <= cutoff).nonzero(), strict=True):
            if i >= j or not translit.names_match(keys[i].split(), keys[j].split()):
                continue
            a, b = by_key[keys[i]][0], by_key[keys[j]][0]
            if _is_demonym_group(groups[a]) != _is_demonym_group(groups[b]):
                continue
            # One article keeps one spelling: two spellings side by side are two names.
            articles_a = {art for m in by_key[keys[i]] for art in groups[m].articles}
            articles_b = {art for m in by_key[keys[j]] for art in groups[m].articles}
            if articles_a & articles_b:
                continue
            clusters.union(a, b)


def _join_acronyms(groups: Sequence[_Group], clusters: _UnionFind) -> None:
    expansions = [i for i, g in enumerate(groups) if len(g.tokens) >= 2]
    for index, group in enumerate(groups):
        if len(group.tokens) != 1 or not names.is_acronym(group.tokens[0]):
            continue
        acronym = group.tokens[0]
        roots = {clusters.find(i) for i in expansions if names.expands(acronym, groups[i].tokens)}
        roots.discard(clusters.find(index))
        if len(roots) == 1:
            clusters.union(index, roots.pop())


def _cluster_members(size: int, clusters: _UnionFind) -> dict[int, list[int]]:
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(size):
        members[clusters.find(i)].append(i)
    return members


@dataclass
class _ShortFormTargets:
    """Clusters a one-word name may stand for.

    A person is called by the last word of the full name ("Macron"), an
    organisation by its first ("Northrop" for "Northrop Grumman").
    ``mistyped_by_surname`` holds personal-name-shaped clusters the NER typed
    as neither person nor place.
    """

    by_surname: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    mistyped_by_surname: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    by_first_word: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))


def _short_form_candidates(
    groups: Sequence[_Group], members: dict[int, list[int]], votes_of: Sequence[EntityType]
) -> _ShortFormTargets:
    targets = _ShortFormTargets()
    for root, group_ids in members.items():
        votes = Counter(votes_of[m] for g in group_ids for m in groups[g].mentions)
        total = sum(votes.values())
        for g in group_ids:
            group = groups[g]
            if len(group.tokens) < 2:
                continue
            personal = names.looks_like_personal_name(group.tokens)
            if votes["person"] * 2 >= total and personal:
                targets.by_surname[group.word_keys[-1]].add(root)
                continue
            if votes["org"] * 2 > total and group.word_keys[0] and group.tokens[0][:1].isupper():
                targets.by_first_word[group.word_keys[0]].add(root)
            if personal and votes["place"] * 2 <= total:
                targets.mistyped_by_surname[group.word_keys[-1]].add(root)
    return targets


def _lookup(word_keys: set[str], table: dict[str, set[int]]) -> set[int]:
    found = {c for key in word_keys for c in table.get(key, ())}
    if not found:
        found = {
            c for entry in table for key in word_keys if translit.keys_match(key, entry) for c in table[entry]
        }
    return found


def _join_short_forms(
    groups: Sequence[_Group],
    clusters: _UnionFind,
    mentions: Sequence[Mention],
    forms: Sequence[names.NameForm],
    votes_of: Sequence[EntityType],
) -> dict[int, int]:
    """Join surnames and short names to the full name; returns per-mention cluster overrides when ambiguous."""
    members = _cluster_members(len(groups), clusters)
    targets = _short_form_candidates(groups, members, votes_of)
    overrides: dict[int, int] = {}
    for root, group_ids in list(members.items()):
        if any(len(groups[g].tokens) != 1 or names.is_acronym(groups[g].tokens[0]) for g in group_ids):
            continue
        places = sum(groups[g].labels[label] for g in group_ids for label in _PLACE_LABELS)
        titled = sum(forms[m].titled for g in group_ids for m in groups[g].mentions)
        total = sum(len(groups[g].mentions) for g in group_ids)
        # "Korea" is not short for "Korea Telecom", nor "Georgia" for "Georgia Smith".
        if places * 2 > total and not titled:
            continue
        word_keys = {groups[g].word_keys[0] for g in group_ids}
        candidates = _lookup(word_keys, targets.by_surname) - {root}
        personal = sum(
            mentions[m].label == "PERSON" or forms[m].titled for g in group_ids for m in groups[g].mentions
        )
        office = any(names.fold(groups[g].tokens[0]) in names.OFFICES for g in group_ids)
        if not candidates and personal * 2 > total and not office:
            # "Mr Syrskyi" and a "Oleksandr Syrskyi" the NER typed as a work of art:
            # the short form's person evidence says what the full name is.  Exact
            # surnames only: this evidence is weaker than a person-typed full name.
            mistyped = {c for key in word_keys for c in targets.mistyped_by_surname.get(key, ())} - {root}
            if len(mistyped) == 1:
                clusters.union(root, mistyped.pop())
                continue
        if not candidates:
            # An organisation's first word is weaker evidence than a surname:
            # join only when one organisation starts with it ("Apple" is not
            # split between "Apple Computer" and "Apple Corps").
            organisations = _lookup(word_keys, targets.by_first_word) - {root}
            if len(organisations) == 1:
                clusters.union(root, organisations.pop())
            continue
        if len(candidates) == 1:
            clusters.union(root, candidates.pop())
        elif candidates:
            for g in group_ids:
                for m in groups[g].mentions:
                    chosen = _nearest_full_name(mentions[m], candidates, groups, members, mentions)
                    if chosen is not None:
                        overrides[m] = chosen
    # Overrides name the candidate's root at the time; resolve after all unions.
    return {m: clusters.find(c) for m, c in overrides.items()}


def _personal_groups(groups: Sequence[_Group], votes_of: Sequence[EntityType]) -> list[int]:
    return [
        g for g, group in enumerate(groups)
        if names.looks_like_personal_name(group.tokens)
        and sum(votes_of[m] == "person" for m in group.mentions) * 2 > len(group.mentions)
    ]


def _join_given_name_variants(groups: Sequence[_Group], clusters: _UnionFind, votes_of: Sequence[EntityType]) -> None:
    """ "Timothy D. Cook" joins "Tim Cook" when it is the one full name of that surname its given name fits."""
    by_surname: dict[str, list[int]] = defaultdict(list)
    for g in _personal_groups(groups, votes_of):
        by_surname[names.fold(groups[g].tokens[-1])].append(g)
    for members in by_surname.values():
        for g in members:
            fits = {
                clusters.find(o)
                for o in members
                if o != g and names.given_names_agree(groups[g].tokens, groups[o].tokens)
            }
            fits.discard(clusters.find(g))
            if len(fits) == 1:
                clusters.union(g, fits.pop())


def _first_name_overrides(
    groups: Sequence[_Group],
    clusters: _UnionFind,
    mentions: Sequence[Mention],
    votes_of: Sequence[EntityType],
    overrides: dict[int, int],
) -> dict[int, int]:
    """A bare first name ("Tim") goes to the one person of its article whose full name starts with it.

    Only within an article: across articles a first name says little.  Surnames were tried first.
    """
    full_names: dict[tuple[str, str], set[int]] = defaultdict(set)
    for g in _personal_groups(groups, votes_of):
        for m in groups[g].mentions:
            full_names[(mentions[m].article, names.fold(groups[g].tokens[0]))].add(clusters.find(g))
    found: dict[int, int] = {}
    with_full_name = {clusters.find(o) for o, other in enumerate(groups) if len(other.tokens) > 1}
    for g, group in enumerate(groups):
        if len(group.tokens) != 1 or names.is_acronym(group.tokens[0]):
            continue
        root = clusters.find(g)
        if root in with_full_name:
            continue  # already a surname of someone
        for m in group.mentions:
            if m in overrides or votes_of[m] != "person":
                continue
            targets = full_names.get((mentions[m].article, names.fold(group.tokens[0])), set()) - {root}
            if len(targets) == 1:
                found[m] = targets.pop()
    return found


def _nearest_full_name(
    mention: Mention,
    candidates: set[int],
    groups: Sequence[_Group],
    members: dict[int, list[int]],
    mentions: Sequence[Mention],
) -> int | None:
    best: tuple[int, int, int] | None = None
    chosen: int | None = None
    for root in sorted(candidates):
        in_article = [
            mentions[m]
            for g in members[root]
            if len(groups[g].tokens) >= 2
            for m in groups[g].mentions
            if mentions[m].article == mention.article
        ]
        if not in_article:
            continue
        distance = min(abs(m.sentence - mention.sentence) for m in in_article)
        rank = (distance, -len(in_article), root)
        if best is None or rank < best:
            best, chosen = rank, root
    return chosen


def _mention_votes(mentions: Sequence[Mention], evidence: Sequence[MentionEvidence]) -> list[EntityType]:
    """The type each mention votes for: the NER's, corrected by the words around it."""
    votes: list[EntityType] = []
    for mention, seen in zip(mentions, evidence, strict=True):
        tokens = names.name_form(seen.name_text).tokens
        if seen.outlet:
            votes.append("org")
        elif seen.place_cue or names.street_like(tokens):
            # "Royal Street", "Faubourg Marigny": streets and quarters, whatever the NER guessed.
            votes.append("place")
        elif names.event_like(tokens) and mention.type in ("place", "person"):
            votes.append("other")
        elif seen.modifier or mention.label == "NORP":
            # "Ukrainian soldiers": an adjective names no place, whatever the tag.
            votes.append("other")
        else:
            votes.append(mention.type)
    return votes


def _vote_type(
    member_mentions: Sequence[int],
    votes_of: Sequence[EntityType],
    forms: Sequence[names.NameForm],
    evidence: Sequence[MentionEvidence],
) -> EntityType:
    place_count = sum(votes_of[m] == "place" for m in member_mentions)
    votes: Counter[EntityType] = Counter()
    for m in member_mentions:
        others = len(member_mentions) - 1
        others_place = place_count - (votes_of[m] == "place")
        if evidence[m].outlet:
            votes["org"] += 1
        # The small model tags towns as PERSON or ORG now and then; when the
        # other mentions of the same name mostly say place, believe them.
        elif others and others_place * 2 > others:
            votes["place"] += 1
        elif forms[m].titled:
            votes["person"] += 1
        else:
            votes[votes_of[m]] += 1
    return max(_TYPE_ORDER, key=lambda t: (votes[t], -_TYPE_ORDER.index(t)))


def _canonical_name(
    member_mentions: Sequence[int], mentions: Sequence[Mention], forms: Sequence[names.NameForm]
) -> str:
    counts: Counter[str] = Counter()
    articles: dict[str, set[str]] = defaultdict(set)
    for m in member_mentions:
        counts[forms[m].name] += 1
        articles[forms[m].name].add(mentions[m].article)
    has_long = any(len(name.split()) >= 2 for name in counts)
    has_plain = any(not names.is_acronym(name) for name in counts)

    def rank(name: str) -> tuple[int, int, int, int, str]:
        # Full names over bare surnames and acronyms, then spread, frequency, completeness.
        complete = not ((has_long and len(name.split()) == 1) or (has_plain and names.is_acronym(name)))
        return (int(complete), len(articles[name]), counts[name], len(name.split()), name)

    return max(counts, key=rank)


class _NoPlaces:
    """A place index that knows nothing: no demonym typing, no sense splitting."""

    def lookup(self, key: str) -> tuple[place_senses.PlaceRecord, ...]:
        del key
        return ()


#: Pass as ``places`` to run the stage without gazetteer knowledge (unit tests, benchmarks of the rest).
NO_PLACES: PlaceIndex = _NoPlaces()


def _default_places() -> PlaceIndex:
    from ...gazetteer import open_gazetteer

    return open_gazetteer()


def _split_place_senses(
    clusters: list[tuple[list[int], EntityType]],
    names_of: Sequence[str],
    mentions: Sequence[Mention],
    index: PlaceIndex,
) -> list[tuple[list[int], EntityType]]:
    """Split place entities whose articles use the name for different places ("Georgia")."""
    places_in: dict[str, set[int]] = defaultdict(set)
    for n, (members, etype) in enumerate(clusters):
        if etype == "place":
            for m in members:
                places_in[mentions[m].article].add(n)
    result: list[tuple[list[int], EntityType]] = []
    for n, (members, etype) in enumerate(clusters):
        by_article: dict[str, list[int]] = defaultdict(list)
        for m in members:
            by_article[mentions[m].article].append(m)
        parts = None
        if etype == "place" and len(by_article) >= 2:
            co_places = {
                article: [
                    names_of[o] for o in sorted(places_in[article]) if o != n and names_of[o] != names_of[n]
                ]
                for article in by_article
            }
            parts = place_senses.split_by_sense(index, names_of[n], by_article, co_places)
        if parts is None:
            result.append((members, etype))
        else:
            logger.info(
                "entities: %r names %d different places in different articles", names_of[n], len(parts)
            )
            result.extend((sorted(part), etype) for part in parts)
    return result


def canonicalise(
    parsed: Sequence[ParsedArticle],
    *,
    gazetteer_alias: GazetteerAlias | None = None,
    outlets: Collection[str] = (),
    places: PlaceIndex | None = None,
) -> list[Entity]:
    """One entity per real-world referent across all articles.

    ``gazetteer_alias`` may map a name to a preferred name (e.g. from a
    gazetteer's alternate names); the pipeline runs without one.  ``outlets``
    are the articles' outlet names: a mention equal to one is that outlet, an
    organisation.  ``places`` is the gazetteer used for demonyms and
    same-named places (default: the installed one; :data:`NO_PLACES` for none).
    """
    mentions = [m for doc in parsed for m in doc.mentions]
    evidence = entity_evidence.mention_evidence(parsed, outlets)
    votes_of = _mention_votes(mentions, evidence)
    groups, group_of, forms = _collect(mentions, evidence, gazetteer_alias)
    clusters = _UnionFind(len(groups))
    _join_romanisations(groups, clusters)
    _join_acronyms(groups, clusters)
    _join_given_name_variants(groups, clusters, votes_of)
    overrides = _join_short_forms(groups, clusters, mentions, forms, votes_of)
    overrides.update(_first_name_overrides(groups, clusters, mentions, votes_of, overrides))

    cluster_mentions: dict[int, list[int]] = defaultdict(list)
    for m, g in enumerate(group_of):
        if g < 0:
            continue
        root = overrides.get(m, clusters.find(g))
        cluster_mentions[clusters.find(root)].append(m)

    typed = [
        (members, _vote_type(members, votes_of, forms, evidence)) for members in cluster_mentions.values()
    ]
    names_of = [_canonical_name(members, mentions, forms) for members, _ in typed]
    if any(etype in ("place", "person") for _, etype in typed):
        index = places if places is not None else _default_places()
        # A nationality adjective the NER tagged GPE is still no place.
        typed = [
            (members, "other" if etype == "place" and place_senses.is_demonym(index, name) else etype)
            for (members, etype), name in zip(typed, names_of, strict=True)
        ]
        place_labelled = [m.label in _PLACE_LABELS or seen.place_cue for m, seen in zip(mentions, evidence, strict=True)]
        typed = place_senses.retype(typed, names_of, forms, evidence, index, place_labelled)
        typed = place_senses.join_place_names(typed, names_of, index)
        names_of = [_canonical_name(members, mentions, forms) for members, _ in typed]
        typed = _split_place_senses(typed, names_of, mentions, index)

    entities: list[Entity] = []
    for member_mentions, etype in typed:
        entities.append(
            Entity(
                id="",
                name=_canonical_name(member_mentions, mentions, forms),
                type=etype,
                variants=sorted({" ".join(mentions[m].text.split()) for m in member_mentions}),
                mentions=[
                    MentionRef(
                        article=mentions[m].article,
                        sentence=mentions[m].sentence,
                        text=mentions[m].text,
                        start=mentions[m].start,
                        end=mentions[m].end,
                    )
                    for m in member_mentions
                ],
            )
        )
    entities.sort(key=lambda e: (-len(e.mentions), e.name))
    for n, entity in enumerate(entities, 1):
        entity.id = f"E{n}"
    return entities
