"""Sentence features and the clustering that aligns statements of the same fact across articles.

Each claim-worthy sentence becomes a :class:`SentenceFacts`: its canonical
entity ids, main predicate (a lemma mapped through a small synonym table, with
polarity), quantities, attributed source and content lemmas.  Pairs from
different articles are scored by TF-IDF cosine over lemmas, entity overlap,
predicate and figure agreement, and merged greedily best-first with a
complete-linkage guard (every pair in a cluster must stay similar) and at most
one sentence per article per cluster.  Pairs of opposite polarity are never
merged; they are kept as contradiction candidates for :mod:`.conflicts`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from ..model import Article, Entity, ParsedArticle, ParsedSentence, Quantity, Quote
from .conflicts import windows_differ
from .quantities import SPEECH_LEMMAS, children_of, span_text, subtree_span

#: verbs that report the same event, mapped to one canonical predicate (lemmas)
PREDICATE_SYNONYMS: dict[str, str] = {
    **dict.fromkeys(["retake", "recapture", "liberate", "regain", "reclaim", "recover", "retook"], "recapture"),
    **dict.fromkeys(["capture", "seize", "take", "occupy", "overrun", "conquer"], "capture"),
    **dict.fromkeys(["kill", "slay", "die"], "kill"),
    **dict.fromkeys(["injure", "wound", "hurt"], "injure"),
    **dict.fromkeys(["attack", "strike", "hit", "shell", "bomb", "bombard", "target", "pound"], "attack"),
    **dict.fromkeys(["enter", "reach", "storm"], "enter"),
    **dict.fromkeys(["advance", "push", "progress", "gain"], "advance"),
    **dict.fromkeys(["withdraw", "retreat", "pull"], "withdraw"),
    **dict.fromkeys(["evacuate", "flee", "displace"], "evacuate"),
    **dict.fromkeys(["destroy", "down", "demolish", "wreck"], "destroy"),
    **dict.fromkeys(["pledge", "promise", "commit", "allocate"], "pledge"),
    **dict.fromkeys(["arrest", "detain", "apprehend"], "arrest"),
}
#: speech verbs whose content is asserted to be false
DENIAL_LEMMAS = {"deny", "reject", "dismiss", "refute", "disavow"}
_PRONOUN_STARTS = {"he", "she", "it", "they", "this", "these", "that", "those", "we", "i", "his", "her", "its", "their"}
_MIN_CONTENT_TOKENS = 6

#: weights of the pair score; lexical overlap dominates, entities and figures break ties
W_LEXICAL, W_ENTITIES, W_PREDICATE, W_FIGURES = 0.55, 0.25, 0.1, 0.1
LINK_THRESHOLD = 0.42
#: complete-linkage guard: no pair inside a cluster may score below this
GUARD_THRESHOLD = 0.3
#: lexical floor under which two sentences are never the same statement
MIN_COSINE = 0.2
CONTRADICTION_MIN_COSINE = 0.3


@dataclass
class SentenceFacts:
    article: str
    sentence: int
    text: str
    order: int
    entities: frozenset[str]
    predicate: str | None
    negated: bool
    denial: bool
    lemmas: list[str]
    quantities: list[Quantity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    source: str | None = None
    starts_with_pronoun: bool = False


def canonical_predicate(lemma: str) -> str:
    return PREDICATE_SYNONYMS.get(lemma.casefold(), lemma.casefold())


def _predicate(sentence: ParsedSentence) -> tuple[str | None, bool, bool]:
    """Canonical main predicate, whether it is negated, whether a denial verb reports it."""
    toks = sentence.tokens
    kids = children_of(toks)
    root = next((t for t in toks if t.dep == "ROOT"), None)
    if root is None:
        return None, False, False
    denial = False
    main = root
    if root.lemma.casefold() in SPEECH_LEMMAS | DENIAL_LEMMAS:
        denial = root.lemma.casefold() in DENIAL_LEMMAS
        content = next((k for k in kids[root.i] if k.dep in ("ccomp", "xcomp") and k.pos in ("VERB", "AUX")), None)
        if content is None:
            # "Moscow denied the withdrawal": the denied thing is a noun; keep the verb itself
            return canonical_predicate(root.lemma), False, denial
        main = content
    elif root.pos not in ("VERB", "AUX"):
        main = next((t for t in toks if t.pos == "VERB"), root)
    # "the port was retaken": a copula/auxiliary root hands over to its verb complement
    if main.pos == "AUX":
        comp = next((k for k in kids[main.i] if k.pos == "VERB" and k.dep in ("acomp", "xcomp", "ccomp")), None)
        main = comp or main
    lemma = main.lemma.casefold()
    if lemma == "take" and any(k.text.casefold() == "back" for k in kids[main.i]):
        lemma = "retake"
    negated = any(k.dep == "neg" or k.text.casefold() == "never" for k in kids[main.i])
    return canonical_predicate(lemma), negated != denial, denial


def _sentence_source(sentence: ParsedSentence, quotes: Sequence[Quote], quantities: Sequence[Quantity]) -> str | None:
    for q in quotes:
        if q.speaker:
            return q.speaker
    for qty in quantities:
        if qty.source:
            return qty.source
    toks = sentence.tokens
    kids = children_of(toks)
    for t in toks:
        if t.text.casefold() == "according" and t.i + 1 < len(toks) and toks[t.i + 1].text.casefold() == "to":
            pobj = next((p for p in kids[t.i + 1] if p.dep == "pobj"), None)
            if pobj is not None:
                return span_text(sentence, *subtree_span(toks, pobj.i, kids)).strip(" ,;:")
        if t.dep == "ROOT" and t.lemma.casefold() in SPEECH_LEMMAS | DENIAL_LEMMAS:
            subj = next((k for k in kids[t.i] if k.dep in ("nsubj", "nsubjpass") and k.pos != "PRON"), None)
            if subj is not None:
                return span_text(sentence, *subtree_span(toks, subj.i, kids)).strip(" ,;:")
    return None


def is_claim_worthy(sentence: ParsedSentence, has_entity: bool, has_figure: bool, has_quote: bool) -> bool:
    if sentence.text.rstrip().rstrip("\"'”’").endswith("?"):
        return False
    words = [t for t in sentence.tokens if t.pos not in ("PUNCT", "SPACE", "SYM")]
    if len(words) < _MIN_CONTENT_TOKENS:
        return False
    if not any(t.pos in ("VERB", "AUX") for t in sentence.tokens):
        return False
    return has_entity or has_figure or has_quote


def sentence_facts(
    articles: Sequence[Article],
    parsed: Sequence[ParsedArticle],
    entities: Sequence[Entity],
    quantities: Sequence[Quantity],
    quotes: Sequence[Quote],
) -> list[SentenceFacts]:
    """The claim-worthy sentences of all articles, in article input order."""
    entity_ids: dict[tuple[str, int], set[str]] = defaultdict(set)
    for e in entities:
        for m in e.mentions:
            entity_ids[(m.article, m.sentence)].add(e.id)
    qty_at: dict[tuple[str, int], list[Quantity]] = defaultdict(list)
    for qty in quantities:
        qty_at[(qty.article, qty.sentence)].append(qty)
    quotes_at: dict[tuple[str, int], list[Quote]] = defaultdict(list)
    for quote in quotes:
        quotes_at[(quote.article, quote.sentence)].append(quote)
    order = {a.id: n for n, a in enumerate(articles)}
    out: list[SentenceFacts] = []
    for doc in sorted(parsed, key=lambda p: order.get(p.article, len(order))):
        for s in doc.sentences:
            key = (doc.article, s.index)
            if not is_claim_worthy(s, bool(entity_ids[key]), bool(qty_at[key]), bool(quotes_at[key])):
                continue
            predicate, negated, denial = _predicate(s)
            lemmas = [
                t.lemma.casefold()
                for t in s.tokens
                if t.pos in ("NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV")
                and t.lemma.casefold() not in ENGLISH_STOP_WORDS
                and any(c.isalnum() for c in t.text)
            ]
            first = next((t for t in s.tokens if t.pos not in ("PUNCT", "SPACE")), None)
            out.append(
                SentenceFacts(
                    article=doc.article,
                    sentence=s.index,
                    text=s.text,
                    order=order.get(doc.article, len(order)) * 100_000 + s.index,
                    entities=frozenset(entity_ids[key]),
                    predicate=predicate,
                    negated=negated,
                    denial=denial,
                    lemmas=[canonical_predicate(lemma) for lemma in lemmas],
                    quantities=qty_at[key],
                    quotes=quotes_at[key],
                    source=_sentence_source(s, quotes_at[key], qty_at[key]),
                    starts_with_pronoun=first is not None and first.text.casefold() in _PRONOUN_STARTS,
                )
            )
    return out


# --------------------------------------------------------------------------- pair scores


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _same_measure(qa: Quantity, qb: Quantity) -> bool:
    return bool(
        qa.normalized.unit == qb.normalized.unit and qa.measures and qb.measures
        and set(qa.measures.casefold().split()) & set(qb.measures.casefold().split())
    )


def _figures_agree(a: SentenceFacts, b: SentenceFacts) -> bool:
    return any(_same_measure(qa, qb) for qa in a.quantities for qb in b.quantities)


def _other_period(a: SentenceFacts, b: SentenceFacts, lemma_of: Callable[[str], str]) -> bool:
    """The same measure over different windows: two facts ("since March" vs "in the past day")."""
    return any(
        _same_measure(qa, qb) and windows_differ(qa, qb, lemma_of) for qa in a.quantities for qb in b.quantities
    )


@dataclass
class Alignment:
    clusters: list[list[int]]
    #: pairs of sentences that say the same thing with opposite polarity
    contradictions: list[tuple[int, int]]
    scores: dict[tuple[int, int], float]


def align(facts: Sequence[SentenceFacts], lemma_of: Callable[[str], str] = str.casefold) -> Alignment:
    n = len(facts)
    if n == 0:
        return Alignment([], [], {})
    vectorizer = TfidfVectorizer(analyzer=lambda doc: doc, sublinear_tf=True)
    # a sentence with no content lemma still needs a row
    matrix = vectorizer.fit_transform([f.lemmas or ["\u2205"] for f in facts])
    cosine = (matrix @ matrix.T).tocoo()
    scores: dict[tuple[int, int], float] = {}
    contradictions: list[tuple[int, int]] = []
    for i, j, cos in zip(cosine.row, cosine.col, cosine.data, strict=True):
        i, j = int(i), int(j)
        if i >= j or facts[i].article == facts[j].article or cos < MIN_COSINE:
            continue
        a, b = facts[i], facts[j]
        same_predicate = a.predicate is not None and a.predicate == b.predicate
        score = (
            W_LEXICAL * float(cos)
            + W_ENTITIES * _jaccard(a.entities, b.entities)
            + W_PREDICATE * same_predicate
            + W_FIGURES * _figures_agree(a, b)
        )
        if a.negated != b.negated:
            overlap = a.entities & b.entities
            if same_predicate and overlap and cos >= CONTRADICTION_MIN_COSINE:
                contradictions.append((i, j))
            continue
        if not (a.entities & b.entities) and not _figures_agree(a, b) and cos < 0.6:
            continue  # similar words about different actors or places
        if _other_period(a, b, lemma_of):
            continue
        scores[(i, j)] = score
    clusters: dict[int, list[int]] = {i: [i] for i in range(n)}
    member_of = list(range(n))

    def pair_score(x: int, y: int) -> float:
        return scores.get((min(x, y), max(x, y)), -math.inf)

    for (i, j), score in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
        if score < LINK_THRESHOLD:
            break
        ci, cj = member_of[i], member_of[j]
        if ci == cj:
            continue
        a_members, b_members = clusters[ci], clusters[cj]
        if {facts[x].article for x in a_members} & {facts[y].article for y in b_members}:
            continue  # at most one sentence per article in a claim
        if any(pair_score(x, y) < GUARD_THRESHOLD for x in a_members for y in b_members):
            continue
        clusters[ci] = a_members + b_members
        for y in b_members:
            member_of[y] = ci
        del clusters[cj]
    return Alignment(sorted(clusters.values(), key=min), contradictions, scores)
