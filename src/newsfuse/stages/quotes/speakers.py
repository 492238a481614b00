"""Who is speaking: from the subject of a speech verb to a canonical speaker.

The parser gives the subject token of a cue verb; this module widens it to
the noun phrase, then resolves it:

* a PERSON mention (or a proper-noun surname, possibly behind a title such as
  "Ms Sarkis", which the small model often tags as ORG) -> the person entity,
  upgrading a bare surname to the full name used elsewhere in the article;
* an organisation or group ("the ministry", "Western officials") -> the
  phrase itself, or the entity it names when NER covers its head;
* "a spokesperson for X" / "an X spokesperson" -> X;
* a pronoun or a definite description ("the minister", "the authority") ->
  the nearest fitting earlier referent of the same article, never a guess:
  when nothing fits, the speaker is ``None`` (pronouns) or the phrase (nouns).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from ...model import Entity, Mention, ParsedArticle, ParsedSentence, Token
from .lexicon import GENERIC_ORG_NOUNS, ROLE_WORDS
from .spans import ends_paragraph

Kind = Literal["person", "group"]

#: Honorifics that reveal gender; used only to rule pronoun antecedents out.
_MALE_TITLES = frozenset({"mr", "mr.", "sir", "lord", "king", "prince"})
_FEMALE_TITLES = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "queen", "princess"})
#: Titles and ranks written before a name; never part of the name itself.
_TITLES = _MALE_TITLES | _FEMALE_TITLES | frozenset(
    {
        "dr", "dr.", "prof", "prof.", "professor", "general", "gen.", "colonel", "col.", "major", "captain",
        "lieutenant", "sergeant", "admiral", "commander", "president", "minister", "prime", "deputy", "mayor",
        "governor", "senator", "secretary", "chancellor", "ambassador", "judge", "chief", "director",
        "chairman", "chairwoman", "sheikh", "emir", "pope", "bishop", "rabbi", "imam", "father", "sister",
        "rep.", "sen.", "gov.", "lt", "sgt", "cpt", "defence", "defense", "foreign", "interior", "health",
    }
)
_PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
#: A dateline opening a paragraph: "SELMA, N.C. - ", "Washington (AFP) - ", "PORT ELLERY — ". It needs capitals
#: throughout plus a comma, an agency in brackets or an all-capital place, so "Boeing - the maker" is no dateline.
_DATELINE = re.compile(
    r"^(?P<place>(?:[A-Z][\w.'\u2019]*,?\s+){0,4}[A-Z][\w.'\u2019]*,?)\s*(?P<agency>\([^()]{1,30}\)\s*)?"
    r"[-\u2013\u2014]{1,2}\s+"
)
_BYLINE = re.compile(r"^By\s+[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3}\s*(?:,[^.]*)?\.?$")
#: Prepositions that belong to a group's description: "executives from several firms", "analysts at X".
_GROUP_PREPS = frozenset({"from", "at", "with"})
_LEGAL_FORMS = frozenset({"llc", "inc", "corp", "co", "ltd", "plc", "ag", "sa", "gmbh", "nv", "n.v", "company"})
#: How far back "the company" may find the organisation it stands for.
_GENERIC_ORG_LOOKBACK = 3
_GROUP_PRONOUNS = frozenset({"they", "it", "we"})
#: Nouns naming someone who speaks *for* an organisation: the organisation is the speaker.
_MOUTHPIECES = frozenset({"spokesperson", "spokesman", "spokeswoman", "representative", "mouthpiece"})
#: How far back (in sentences) a pronoun or description may find its antecedent.
_LOOKBACK_SENTENCES = 5
_SPEAKER_LOOKBACK_SENTENCES = 10
#: Head nouns that make an appositive describe an organisation, not a person
#: ("Lumatek, the company that ...", which the small model may tag PERSON).
_ORG_NOUNS = frozenset(
    {
        "company", "firm", "group", "ministry", "agency", "authority", "organisation", "organization",
        "operator", "government", "army", "party", "union", "council", "department", "office", "service",
        "police", "bank", "network", "newspaper", "broadcaster", "channel", "airline", "manufacturer",
        "maker", "supplier", "provider", "charity", "institute", "university", "court", "committee",
        "movement", "militia", "force", "forces", "administration", "regulator", "association", "club",
    }
)
_PARTITIVES = frozenset(
    {"percent", "per", "%", "majority", "minority", "most", "many", "some", "half", "third", "quarter", "number",
     "dozen", "dozens", "hundreds", "thousands", "several", "few", "all", "none", "one", "two", "three"}
)
_NP_LEFT_DEPS = frozenset({"compound", "amod", "det", "poss", "nummod", "nmod", "case", "quantmod", "npadvmod"})


@dataclass
class Referent:
    """Someone or something already met in the article that a later pronoun may point back to."""

    name: str
    entity: str | None
    kind: Kind
    offset: int
    sentence: int
    descriptors: frozenset[str]
    gender: str | None = None
    subject: bool = False


@dataclass
class Speaker:
    name: str | None
    entity: str | None
    kind: Kind | None


@dataclass
class EntityIndex:
    """Entity look-ups built once per run (a view per article used to rebuild them: quadratic in articles)."""

    by_variant: dict[str, list[Entity]]
    by_article_mention: dict[str, dict[tuple[int, str], Entity]]

    @classmethod
    def build(cls, entities: Sequence[Entity]) -> EntityIndex:
        variants: dict[str, list[Entity]] = defaultdict(list)
        mentions: dict[str, dict[tuple[int, str], Entity]] = defaultdict(dict)
        for e in entities:
            for ref in e.mentions:
                mentions[ref.article][(ref.sentence, ref.text)] = e
            for v in e.variants:
                variants[_fold(v)].append(e)
        return cls(dict(variants), dict(mentions))


@dataclass
class ArticleView:
    """Token navigation and entity lookup for one parsed article."""

    parsed: ParsedArticle
    entities: Sequence[Entity]
    index: EntityIndex | None = None
    children: dict[tuple[int, int], list[Token]] = field(default_factory=dict)
    by_sentence_mention: dict[tuple[int, str], Entity] = field(default_factory=dict)
    by_variant: dict[str, list[Entity]] = field(default_factory=dict)
    speakers: list[Referent] = field(default_factory=list)

    def __post_init__(self) -> None:
        kids: dict[tuple[int, int], list[Token]] = defaultdict(list)
        for s in self.parsed.sentences:
            for t in s.tokens:
                if t.head != t.i:
                    kids[(s.index, t.head)].append(t)
        self.children = dict(kids)
        index = self.index if self.index is not None else EntityIndex.build(self.entities)
        self.by_sentence_mention = index.by_article_mention.get(self.parsed.article, {})
        self.by_variant = index.by_variant
        self._surname_gender = self._titles_by_surname()
        self.headers = self._datelines_and_bylines()

    def _datelines_and_bylines(self) -> list[tuple[int, int]]:
        """Body offsets of datelines and bylines: they name places and reporters, never speakers."""
        found: list[tuple[int, int]] = []
        starts_paragraph = True
        for s in self.parsed.sentences:
            if starts_paragraph:
                if _BYLINE.match(s.text) and len(s.text.split()) <= 10:
                    found.append((s.start, s.end))
                else:
                    m = _DATELINE.match(s.text)
                    if m and (m.group("agency") or "," in m.group("place") or m.group("place").split()[0].isupper()):
                        found.append((s.start, s.start + m.end()))
            starts_paragraph = ends_paragraph(s)
        return found

    def in_dateline(self, offset: int) -> bool:
        return any(a <= offset < b for a, b in self.headers)

    # ------------------------------------------------------------------ tokens

    def sentence(self, index: int) -> ParsedSentence:
        return self.parsed.sentences[index]

    def kids(self, sent: int, tok: Token) -> list[Token]:
        return self.children.get((sent, tok.i), [])

    def subtree(self, sent: int, tok: Token) -> list[Token]:
        out, stack = [], [tok]
        while stack:  # one sort at the end: a sort at every level was quadratic on deep trees
            out.append(stack.pop())
            stack.extend(self.kids(sent, out[-1]))
        return sorted(out, key=lambda t: t.i)

    def noun_phrase(self, sent: int, head: Token) -> list[Token]:
        """The head with its left modifiers (determiners, adjectives, compounds, possessives)."""
        out = [head]
        for child in self.kids(sent, head):
            if child.i < head.i and child.dep in _NP_LEFT_DEPS:
                out.extend(self.subtree(sent, child))
        return sorted(out, key=lambda t: t.i)

    # ------------------------------------------------------------------ mentions

    def mention_at(self, sent: int, tok: Token, person_only: bool = False) -> Mention | None:
        for m in self.parsed.mentions:
            if m.sentence == sent and m.start <= tok.idx < m.end and (not person_only or m.label == "PERSON"):
                return m
        return None

    def _titles_by_surname(self) -> dict[str, str]:
        gender: dict[str, str] = {}
        for s in self.parsed.sentences:
            for a, b in zip(s.tokens, s.tokens[1:], strict=False):
                title = a.text.casefold()
                if b.pos == "PROPN" and title in _MALE_TITLES | _FEMALE_TITLES:
                    gender[b.text] = "m" if title in _MALE_TITLES else "f"
        return gender

    def entity_for(self, sent: int, text: str, want: Kind | None = None) -> Entity | None:
        found = self.by_sentence_mention.get((sent, text))
        if found is not None:
            return found
        candidates = self.by_variant.get(_fold(text), [])
        if want == "person":
            candidates = [e for e in candidates if e.type == "person"] or candidates
        return candidates[0] if candidates else None

    def person_by_surname(self, surname: str, before: int) -> tuple[str, Entity | None] | None:
        """The fullest PERSON mention in this article whose last word is ``surname`` (nearest earlier first)."""
        best: Mention | None = None
        for m in self.parsed.mentions:
            words = self.full_name(m).split() if m.label == "PERSON" else []
            if len(words) < 2 or words[-1] != surname:
                continue
            if best is None or (m.start < before and (best.start >= before or m.start > best.start)):
                best = m
        if best is None:
            return None
        return self.full_name(best), self.entity_for(best.sentence, best.text, "person")

    def named(self, name: str, entity: Entity | None, kind: Kind) -> Speaker:
        """Prefer the entity's canonical name unless the article spells the person out more fully."""
        if entity is None:
            return Speaker(name, None, kind)
        name = strip_roles(name) if kind == "person" else name
        fuller = kind == "person" and len(name.split()) > len(entity.name.split())
        return Speaker(name if fuller else strip_roles(entity.name), entity.id, kind)

    def full_name(self, mention: Mention) -> str:
        """The mention widened over first names the NER left out ("Ana" in "Ana Lucic" tagged "Lucic")."""
        tokens = self.sentence(mention.sentence).tokens
        at = bisect_left(tokens, mention.start, key=lambda t: t.idx)  # text order: a scan was quadratic in run-ons
        if at == len(tokens) or (first := tokens[at]).idx >= mention.end:
            return mention.text
        start = mention.start
        while first.i > 0:
            prev = tokens[first.i - 1]
            if prev.pos != "PROPN" or prev.dep != "compound" or _is_role(prev.text):
                break
            if not prev.text[:1].isupper() or prev.ent_type not in {"", "PERSON"}:
                break
            first, start = prev, prev.idx
        if start == mention.start:
            return mention.text
        text = self.parsed.sentences[mention.sentence].text
        offset = self.sentence(mention.sentence).start
        return text[start - offset : mention.end - offset]

    def person(self, mention_text: str, sent: int, offset: int, shown: str | None = None) -> Speaker:
        """The speaker for a PERSON mention; ``shown`` is the (widened) name to use when no entity is fuller."""
        words = strip_roles(shown or mention_text).split()
        text = " ".join(words) or mention_text
        entity = self.entity_for(sent, mention_text, "person")
        if entity is not None and len(strip_roles(entity.name).split()) >= 2:
            return Speaker(strip_roles(entity.name), entity.id, "person")
        if len(words) == 1:
            # A bare surname: the full name given earlier in the article is the same person.
            full = self.person_by_surname(words[0], offset)
            if full is not None:
                return self.named(*full, "person")
        if entity is not None:
            return Speaker(text if len(words) > len(entity.name.split()) else entity.name, entity.id, "person")
        return Speaker(text, None, "person")

    def gender_of(self, name: str) -> str | None:
        words = name.split()
        return self._surname_gender.get(words[-1]) if words else None


def _is_role(word: str) -> bool:
    return word.casefold() in _TITLES or word.casefold().strip(".,") in ROLE_WORDS


def strip_roles(name: str) -> str:
    """ "Spokeswoman Sandy Angers" -> "Sandy Angers": roles and ranks before a name are not part of it."""
    words = name.split()
    while len(words) > 1 and _is_role(words[0]):
        words = words[1:]
    return " ".join(words)


def _fold(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").casefold().split())


def _text(tokens: Sequence[Token]) -> str:
    return "".join(t.text + (" " if t.ws else "") for t in tokens).strip()


def resolve_subject(view: ArticleView, sent: int, subj: Token) -> Speaker:
    """Resolve the subject token of a cue verb to a speaker."""
    lower = subj.text.casefold()
    if subj.pos == "PRON" or subj.tag in {"PRP", "PRP$"}:
        return resolve_pronoun(view, sent, subj.idx, lower)
    if subj.pos != "PROPN" and view.mention_at(sent, subj, person_only=True) is None:
        # "USAF's chief of staff General Duncan McNab", "the general secretary of Unite, Tony Woodley":
        # a role whose phrase names the person.
        inner = _person_inside(view, sent, subj)
        if inner is not None:
            return inner
    appositions = [c for c in view.kids(sent, subj) if c.dep == "appos"]
    # "A spokesperson for the ministry, Dmitri Halas" -> the named person in apposition.
    for child in appositions:
        named = _named_person(view, sent, child)
        if named is not None:
            return named
    named = _named_person(view, sent, subj)
    if named is not None:
        if any(a.lemma.casefold() in _ORG_NOUNS for a in appositions):
            named.kind = "group"
        return named
    # "The port operator, Greywater Holdings" -> the organisation named in apposition.
    for child in appositions:
        mention = view.mention_at(sent, child)
        if mention is not None and subj.pos != "PROPN":
            entity = view.entity_for(sent, mention.text)
            return Speaker(entity.name if entity else mention.text, entity.id if entity else None, "group")
    if subj.lemma.casefold() in _MOUTHPIECES:
        behalf = _mouthpiece_owner(view, sent, subj)
        if behalf is not None:
            return behalf
        described = _definite_description(view, sent, subj)
        if described is not None:
            return described
        # A bare "the spokesperson" with no antecedent names nobody; a described one
        # ("a senior military spokesman") is still the best attribution the text gives.
        phrase = _group_phrase(view, sent, subj)
        if all(t.dep == "det" for t in phrase if t.i != subj.i) and subj.tag != "NNS":
            return Speaker(None, None, None)
        return Speaker(_text(phrase), None, "group")
    mention = view.mention_at(sent, subj)
    if mention is not None and mention.label != "PERSON":
        if strip_roles(mention.text) != mention.text and len(strip_roles(mention.text).split()) >= 2:
            # "Spokeswoman Sandy Angers" tagged as an organisation: a role before a name is a person.
            return view.person(mention.text, sent, mention.start, strip_roles(mention.text))
        entity = view.entity_for(sent, mention.text)
        run = _proper_run(view, sent, subj, mention.text)
        if entity is None:
            return Speaker(run, None, "group")
        return Speaker(run if _bare_suffix(entity.name) else entity.name, entity.id, "group")
    if subj.pos == "NOUN":
        # "The US car manufacturer General Motors": the organisation named inside the description.
        named_org = _organisation_inside(view, sent, subj)
        if named_org is not None:
            return named_org
    described = _definite_description(view, sent, subj) or _generic_organisation(view, sent, subj)
    if described is not None:
        return described
    phrase = _group_phrase(view, sent, subj)
    if subj.lemma.casefold() in ROLE_WORDS and subj.tag == "NN" and all(
        t.text.casefold() in {"the", "this", "that"} for t in phrase if t.i != subj.i
    ):
        return Speaker(None, None, None)  # "the minister" with nobody described so before: unknown
    return Speaker(_text(phrase), None, "group")


def _group_phrase(view: ArticleView, sent: int, subj: Token) -> list[Token]:
    """The noun phrase of a group: "83 percent of respondents", "executives from several auto firms"."""
    phrase = view.noun_phrase(sent, subj)
    partitive = subj.lemma.casefold() in _PARTITIVES or subj.like_num
    for child in view.kids(sent, subj):
        word = child.text.casefold()
        # "of" describes a partitive or one role ("the premier of X"), not a plural ("residents of X").
        of_ok = word == "of" and (partitive or subj.tag == "NN")
        if child.dep == "prep" and (of_ok or subj.pos == "NOUN" and word in _GROUP_PREPS):
            extra = view.subtree(sent, child)
            if not any(t.ent_type in {"DATE", "TIME"} for t in extra):
                phrase = sorted(phrase + extra, key=lambda t: t.i)
    return phrase


def _inside(view: ArticleView, sent: int, head: Token) -> list[Token]:
    """The head's phrase without its clauses, possessors and places ("the insider, who asked ...", "Obama's
    aide", "officials in Marenne")."""
    out = [head]
    for child in view.kids(sent, head):
        if child.dep in {"relcl", "acl", "advcl", "poss", "ccomp", "parataxis"}:
            continue
        if child.dep == "prep" and child.text.casefold() != "of":
            continue
        out.extend(_inside(view, sent, child))
    return out


def _person_inside(view: ArticleView, sent: int, head: Token) -> Speaker | None:
    if head.tag in {"NNS", "NNPS"}:
        return None  # a group ("Health officials"): a name inside it is not the speaker
    tokens = sorted(_inside(view, sent, head), key=lambda t: t.i)
    for tok in reversed(tokens):
        mention = view.mention_at(sent, tok, person_only=True)
        if mention is not None:
            return view.person(mention.text, sent, mention.start, view.full_name(mention))
    return None


def _organisation_inside(view: ArticleView, sent: int, head: Token) -> Speaker | None:
    """An organisation named by compound or apposition inside a common-noun subject ("the firm Acme")."""
    if head.lemma.casefold() not in GENERIC_ORG_NOUNS | _ORG_NOUNS:
        return None
    for child in view.kids(sent, head):
        if child.dep not in {"compound", "appos"} or child.pos != "PROPN":
            continue
        mention = view.mention_at(sent, child)
        if mention is not None and mention.label in {"ORG", "NORP"}:
            entity = view.entity_for(sent, mention.text)
            return Speaker(entity.name if entity else mention.text, entity.id if entity else None, "group")
    return None


def _bare_suffix(name: str) -> bool:
    """ "LLC" or "Inc." alone: the NER cut the name of the company off its legal form."""
    return name.casefold().strip(" .,") in _LEGAL_FORMS


def _proper_run(view: ArticleView, sent: int, head: Token, fallback: str) -> str:
    """ "Chrysler LLC" when the NER tagged only "LLC": the proper nouns compounded onto the head."""
    run = [head]
    tokens = view.sentence(sent).tokens
    while run[0].i > 0:
        prev = tokens[run[0].i - 1]
        if prev.pos != "PROPN" or prev.dep != "compound" or _is_role(prev.text):
            break
        run.insert(0, prev)
    text = _text(run)
    return text if len(text) > len(fallback) else fallback


def _organisations_before(view: ArticleView, sent: int, offset: int, window: int) -> list[Referent]:
    """Organisations named before ``offset`` within ``window`` sentences, subjects marked, in reading order."""
    found: list[Referent] = []
    for m in view.parsed.mentions:
        if m.label != "ORG" or m.start >= offset or sent - m.sentence > window:
            continue
        s = view.sentence(m.sentence)
        inside = [t for t in s.tokens if m.start <= t.idx < m.end]
        if not inside:
            continue
        head = next((t for t in inside if not (m.start <= s.tokens[t.head].idx < m.end) or t.head == t.i), inside[-1])
        subject = head.dep in {"nsubj", "nsubjpass"} or (
            head.dep in {"appos", "compound"} and s.tokens[head.head].dep in {"nsubj", "nsubjpass"}
        )
        entity = view.entity_for(m.sentence, m.text)
        run = _proper_run(view, m.sentence, head, m.text)
        name = entity.name if entity is not None and not _bare_suffix(entity.name) else run
        found.append(Referent(name, entity.id if entity else None, "group", m.start,
                              m.sentence, _descriptors(view, m.sentence, head), None, subject))
    found += [r for r in view.speakers if r.kind == "group" and r.entity and r.offset < offset
              and sent - r.sentence <= window]
    return sorted(found, key=lambda r: r.offset)


def _generic_organisation(view: ArticleView, sent: int, subj: Token) -> Speaker | None:
    """ "the company", "the firm": the organisation last named as a subject nearby, else the last one named."""
    if subj.lemma.casefold() not in GENERIC_ORG_NOUNS or subj.tag == "NNS":
        return None
    phrase = view.noun_phrase(sent, subj)
    if [t.text.casefold() for t in phrase if t.i != subj.i] not in (["the"], ["this"]):
        return None
    pool = _organisations_before(view, sent, subj.idx, _GENERIC_ORG_LOOKBACK)
    noun = subj.lemma.casefold()
    # "NPD Group, a market research firm ... The firm said"; "In a statement on the Airbus website, the
    # company said"; else the organisation last the subject of a sentence; else the last one named.
    described = [r for r in pool if noun in r.descriptors]
    same_sentence = [r for r in pool if r.sentence == sent]
    subjects = [r for r in pool if r.subject]
    recent = [r for r in pool if sent - r.sentence <= 1]
    for candidates in (described, same_sentence, subjects, recent):
        if candidates:
            best = candidates[-1]
            return Speaker(best.name, best.entity, "group")
    return None


def _named_person(view: ArticleView, sent: int, head: Token) -> Speaker | None:
    mention = view.mention_at(sent, head, person_only=True)
    if mention is not None:
        return view.person(mention.text, sent, mention.start, view.full_name(mention))
    if head.pos != "PROPN":
        return None
    # A proper noun the NER did not call a PERSON ("Ms Sarkis" tagged ORG, or an
    # untagged surname): it is a person only if the article names one so.
    full = view.person_by_surname(head.text, head.idx)
    if full is None:
        # A surname of someone already quoted under a name the NER did not call a person.
        known = [r for r in view.speakers if r.kind == "person" and r.name.split()[-1] == head.text]
        return Speaker(known[-1].name, known[-1].entity, "person") if known else None
    return view.named(*full, "person")


def _mouthpiece_owner(view: ArticleView, sent: int, subj: Token) -> Speaker | None:
    """"a spokesperson for X" or "an X spokesperson" -> X."""
    for child in view.kids(sent, subj):
        if child.dep == "prep" and child.text.casefold() in {"for", "of"}:
            objs = [c for c in view.kids(sent, child) if c.dep == "pobj"]
            if objs:
                return resolve_subject(view, sent, objs[0])
        if child.dep == "compound" and child.i < subj.i:
            mention = view.mention_at(sent, child)
            if mention is not None:
                entity = view.entity_for(sent, mention.text)
                return Speaker(entity.name if entity else mention.text, entity.id if entity else None, "group")
    # "the Syrian army spokesman" -> "Syrian army": the modifiers name the organisation.
    owner = [t for t in view.noun_phrase(sent, subj) if t.i != subj.i and t.dep not in {"det", "poss", "case"}]
    if any(t.dep == "compound" for t in owner):
        return Speaker(_text(owner), None, "group")
    return None


def _definite_description(view: ArticleView, sent: int, subj: Token) -> Speaker | None:
    """"the minister", "the authority": the nearest earlier referent described with that noun."""
    dets = [c for c in view.kids(sent, subj) if c.dep == "det"]
    if not dets or dets[0].text.casefold() not in {"the", "this", "that"}:
        return None
    noun = subj.lemma.casefold()
    for ref in reversed(view.speakers + _people_before(view, sent, subj.idx)):
        if ref.offset < subj.idx and sent - ref.sentence <= _LOOKBACK_SENTENCES and noun in ref.descriptors:
            return Speaker(ref.name, ref.entity, ref.kind)
    return None


def _descriptors(view: ArticleView, sent: int, head: Token) -> frozenset[str]:
    words = {t.lemma.casefold() for t in view.noun_phrase(sent, head)}
    for child in view.kids(sent, head):
        if child.dep == "appos":
            words |= {t.lemma.casefold() for t in view.noun_phrase(sent, child)}
    if head.dep == "appos":
        words.add(view.sentence(sent).tokens[head.head].lemma.casefold())
    return frozenset(words)


def _people_before(view: ArticleView, sent: int, offset: int) -> list[Referent]:
    """PERSON mentions outside quotations, earlier in the article and within the lookback window."""
    people: list[Referent] = []
    for m in view.parsed.mentions:
        if m.label != "PERSON" or m.start >= offset or sent - m.sentence > _LOOKBACK_SENTENCES:
            continue
        if view.in_dateline(m.start):
            continue
        s = view.sentence(m.sentence)
        inside = [t for t in s.tokens if m.start <= t.idx < m.end]
        if not inside:
            continue
        head = next((t for t in inside if not (m.start <= s.tokens[t.head].idx < m.end) or t.head == t.i), inside[-1])
        who = view.person(m.text, m.sentence, m.start, view.full_name(m))
        if who.name is None:
            continue
        subject = head.dep in {"nsubj", "nsubjpass"} or (
            head.dep == "appos" and s.tokens[head.head].dep in {"nsubj", "nsubjpass"}
        )
        people.append(
            Referent(who.name, who.entity, "person", m.start, m.sentence, _descriptors(view, m.sentence, head),
                     view.gender_of(who.name), subject)
        )
    return sorted(people, key=lambda r: r.offset)


def resolve_pronoun(view: ArticleView, sent: int, offset: int, pronoun: str) -> Speaker:
    if pronoun in _PRONOUN_GENDER:
        want = _PRONOUN_GENDER[pronoun]
        # Speakers stay salient longer than names merely mentioned (long quotes push them back).
        pool = [
            r for r in _people_before(view, sent, offset) + view.speakers
            if r.kind == "person" and r.offset < offset
            and sent - r.sentence <= (_SPEAKER_LOOKBACK_SENTENCES if r in view.speakers else _LOOKBACK_SENTENCES)
        ]
        pool = [r for r in pool if r.gender in (None, want)]
        # A subject is a far likelier antecedent than a name in object position.
        for candidates in ([r for r in pool if r.subject], pool):
            if candidates:
                best = max(candidates, key=lambda r: r.offset)
                return Speaker(best.name, best.entity, "person")
        return Speaker(None, None, None)
    if pronoun in _GROUP_PRONOUNS:
        groups = [
            r for r in view.speakers
            if r.kind == "group" and r.offset < offset and sent - r.sentence <= _LOOKBACK_SENTENCES
        ]
        # An organisation that is the subject of the previous sentence is as likely as an earlier speaker.
        groups += [r for r in _organisations_before(view, sent, offset, 1) if r.subject and r.sentence < sent]
        if groups:
            best = max(groups, key=lambda r: r.offset)
            return Speaker(best.name, best.entity, "group")
    return Speaker(None, None, None)


def remember(view: ArticleView, speaker: Speaker, sent: int, subj: Token) -> None:
    """Record a resolved speaker so later pronouns and descriptions can point back to it."""
    if speaker.name is None or speaker.kind is None:
        return
    descriptors = _descriptors(view, sent, subj) | frozenset(w.casefold() for w in speaker.name.split())
    view.speakers.append(
        Referent(speaker.name, speaker.entity, speaker.kind, subj.idx, sent, descriptors,
                 view.gender_of(speaker.name), True)
    )
