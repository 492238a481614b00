"""Sentence features and the clustering that aligns statements of the same fact across articles.

Each claim-worthy sentence becomes a :class:`SentenceFacts`: its canonical
entity ids, main predicate (a lemma mapped through a small synonym table, with
polarity), quantities, attributed source and content lemmas.  Pairs from
different articles are scored by TF-IDF cosine over lemmas, entity overlap,
predicate and figure agreement, and merged greedily best-first with a
complete-linkage guard (every pair in a cluster must stay similar) and at most
one sentence per article per cluster.  Pairs of opposite polarity are never
merged; they are kept as contradiction candidates for :mod:`.conflicts`.

Scores are computed on blocks of pairs with sparse products (never an n x n
matrix), and each sentence keeps its ``MAX_PARTNERS`` best links, so a corpus
of thousands of articles aligns in memory and time close to linear in its size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
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
#
# Every pair of sentences from different articles has a score (below); the pairs that pass the filters are
# the alignment's candidate links.  Scoring all n^2 pairs one by one in Python, or building the n x n cosine
# matrix, does not scale past a few hundred articles, so the scores are computed on blocks of rows with
# sparse products and numpy, and each sentence keeps only its MAX_PARTNERS best-scoring partners.  A pair is
# always computed in the orientation (lower index, higher index), so its value is the same float whichever
# block meets it first, and small inputs (no sentence with more partners than the cap) give exactly the
# pairs and scores of the plain all-pairs definition.

#: partners a sentence keeps as candidate links, best scores first; only a large corpus, where a sentence
#: has more scored partners than this in other articles, loses any
MAX_PARTNERS = 48
#: rows of the TF-IDF matrix multiplied against all rows at once (bounds the memory of one sparse product)
BLOCK_ROWS = 256


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _measure_words(q: Quantity) -> frozenset[str]:
    return frozenset((q.measures or "").casefold().split())


def _same_measure(qa: Quantity, qb: Quantity) -> bool:
    return bool(
        qa.normalized.unit == qb.normalized.unit and qa.measures and qb.measures
        and _measure_words(qa) & _measure_words(qb)
    )


def _figure_keys(f: SentenceFacts) -> set[tuple[str | None, str]]:
    """(unit, measure word) of each figure: two sentences share one exactly when a figure pair is the same measure."""
    return {(q.normalized.unit, w) for q in f.quantities if q.measures for w in _measure_words(q)}


def _figures_agree(a: SentenceFacts, b: SentenceFacts) -> bool:
    return any(_same_measure(qa, qb) for qa in a.quantities for qb in b.quantities)


def _other_period(a: SentenceFacts, b: SentenceFacts, lemma_of: Callable[[str], str]) -> bool:
    """The same measure over different windows: two facts ("since March" vs "in the past day")."""
    return any(
        _same_measure(qa, qb) and windows_differ(qa, qb, lemma_of) for qa in a.quantities for qb in b.quantities
    )


def _incidence(sets: Sequence[Iterable[Hashable]]) -> sparse.csr_matrix:
    """Rows = sentences, columns = distinct items; 1.0 where the sentence has the item."""
    column: dict[Hashable, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for r, items in enumerate(sets):
        for item in items:
            rows.append(r)
            cols.append(column.setdefault(item, len(column)))
    data = np.ones(len(rows))
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(sets), max(len(column), 1)))


def _codes(values: Sequence[Hashable]) -> np.ndarray:
    index: dict[Hashable, int] = {}
    return np.array([index.setdefault(v, len(index)) for v in values], dtype=np.int64)


def _lookup(matrix: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    if rows.size == 0:
        return np.zeros(0)
    return np.asarray(matrix[rows, cols]).ravel()


@dataclass
class PairBlock:
    """Scored pairs ``(i, j)``, ``i < j``, as parallel arrays, in the order the sparse product yields them."""

    i: np.ndarray
    j: np.ndarray
    score: np.ndarray
    #: the pair passes every filter of the definition (else it is not a candidate link)
    linkable: np.ndarray
    #: opposite polarity, same predicate, a shared entity and similar wording
    contradiction: np.ndarray
    cosine: np.ndarray


class PairScorer:
    """The pair score of :func:`align`, computed on blocks of pairs at once."""

    def __init__(self, facts: Sequence[SentenceFacts], lemma_of: Callable[[str], str]) -> None:
        self.facts = facts
        self.lemma_of = lemma_of
        vectorizer = TfidfVectorizer(analyzer=lambda doc: doc, sublinear_tf=True)
        # a sentence with no content lemma still needs a row
        self.tfidf = sparse.csr_matrix(vectorizer.fit_transform([f.lemmas or ["\u2205"] for f in facts]))
        self._tfidf_t = self.tfidf.T.tocsr()
        self.entities = _incidence([f.entities for f in facts])
        self._entities_t = self.entities.T.tocsr()
        self.entity_count = np.array([len(f.entities) for f in facts], dtype=float)
        self.figures = _incidence([_figure_keys(f) for f in facts])
        self._figures_t = self.figures.T.tocsr()
        self.article = _codes([f.article for f in facts])
        self.predicate = _codes([f.predicate for f in facts])
        self.has_predicate = np.array([f.predicate is not None for f in facts])
        self.negated = np.array([f.negated for f in facts])
        # sentences with a windowed figure: the only ones where "same measure, other period" can hold
        signatures = [
            tuple(sorted((q.normalized.unit or "", q.measures or "", q.window or "") for q in f.quantities))
            if any(q.window and q.measures for q in f.quantities) else None
            for f in facts
        ]
        self._signature = _codes(signatures)
        self._signature[[n for n, sig in enumerate(signatures) if sig is None]] = -1
        self._signature_owner = {int(code): n for n, code in enumerate(self._signature) if code >= 0}
        self._period_cache: dict[tuple[int, int], bool] = {}

    def __len__(self) -> int:
        return len(self.facts)

    def _other_period(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        # Sentences with the same (unit, measure, window) figures give the same answer: decide each
        # distinct pair of such signatures once.
        si, sj = self._signature[i], self._signature[j]
        out = np.zeros(i.size, dtype=bool)
        check = np.flatnonzero((si >= 0) & (sj >= 0))
        if check.size == 0:
            return out
        for n in check:
            key = (int(si[n]), int(sj[n]))
            hit = self._period_cache.get(key)
            if hit is None:
                a = self.facts[self._signature_owner[key[0]]]
                b = self.facts[self._signature_owner[key[1]]]
                hit = self._period_cache[key] = _other_period(a, b, self.lemma_of)
            out[n] = hit
        return out

    def _features(self, i: np.ndarray, j: np.ndarray, cos: np.ndarray, overlap: np.ndarray,
                  agree: np.ndarray) -> PairBlock:
        union = self.entity_count[i] + self.entity_count[j] - overlap
        both = (self.entity_count[i] > 0) & (self.entity_count[j] > 0)
        jaccard = np.where(both, overlap / np.where(union > 0, union, 1.0), 0.0)
        same_predicate = self.has_predicate[i] & (self.predicate[i] == self.predicate[j])
        # the same sum, term by term, as the per-pair definition, so the floats are identical
        score = W_LEXICAL * cos + W_ENTITIES * jaccard + W_PREDICATE * same_predicate + W_FIGURES * agree
        opposite = self.negated[i] != self.negated[j]
        contradiction = opposite & same_predicate & (overlap > 0) & (cos >= CONTRADICTION_MIN_COSINE)
        # similar words about different actors or places are not the same statement
        linkable = ~opposite & (cos >= MIN_COSINE) & ((overlap > 0) | agree | (cos >= 0.6))
        linkable &= self.article[i] != self.article[j]
        if agree.any():
            period = np.zeros(i.size, dtype=bool)
            sub = np.flatnonzero(linkable & agree)
            period[sub] = self._other_period(i[sub], j[sub])
            linkable &= ~period
        return PairBlock(i, j, score, linkable, contradiction & (self.article[i] != self.article[j]), cos)

    def rows_against_all(self, start: int, stop: int) -> PairBlock:
        """Every pair (i, j) with start <= i < stop, j > i, cosine >= MIN_COSINE and different articles."""
        product = sparse.csr_matrix(self.tfidf[start:stop] @ self._tfidf_t)
        i = np.repeat(np.arange(start, stop), np.diff(product.indptr))
        j = product.indices.astype(np.int64)
        cos = product.data
        keep = (j > i) & (cos >= MIN_COSINE)
        i, j, cos = i[keep], j[keep], cos[keep]
        keep = self.article[i] != self.article[j]
        i, j, cos = i[keep], j[keep], cos[keep]
        overlap = _lookup(sparse.csr_matrix(self.entities[start:stop] @ self._entities_t), i - start, j)
        agree = _lookup(sparse.csr_matrix(self.figures[start:stop] @ self._figures_t), i - start, j) > 0
        return self._features(i, j, cos, overlap, agree)

    def linkable_scores(self, xs: Sequence[int], ys: Sequence[int]) -> np.ndarray:
        """len(xs) x len(ys) scores; -inf where the pair is not a candidate link (filtered out by the definition)."""
        x = np.asarray(xs, dtype=np.int64)
        y = np.asarray(ys, dtype=np.int64)
        gi, gj = np.meshgrid(x, y, indexing="ij")
        lo, hi = np.minimum(gi, gj).ravel(), np.maximum(gi, gj).ravel()
        # compute each pair in its (lower, higher) orientation, as rows_against_all does
        rows_x, rows_y = self.tfidf[x], self.tfidf[y]
        forward = (rows_x @ rows_y.T).toarray()
        backward = (rows_y @ rows_x.T).toarray().T
        cos = np.where(gi < gj, forward, backward).ravel()
        overlap = (self.entities[x] @ self.entities[y].T).toarray().ravel()
        agree = (self.figures[x] @ self.figures[y].T).toarray().ravel() > 0
        block = self._features(lo, hi, cos, overlap, agree)
        return np.where(block.linkable, block.score, -np.inf).reshape(gi.shape)


def _best_per_node(node: np.ndarray, other: np.ndarray, score: np.ndarray, limit: int) -> np.ndarray:
    """Indices of each node's ``limit`` best entries (higher score, then lower partner index first)."""
    if node.size == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((other, -score, node))
    sorted_node = node[order]
    first = np.searchsorted(sorted_node, sorted_node, side="left")
    rank = np.arange(order.size) - first
    return order[rank < limit]


@dataclass
class Alignment:
    clusters: list[list[int]]
    #: pairs of sentences that say the same thing with opposite polarity
    contradictions: list[tuple[int, int]]
    #: candidate links (i < j) and their scores; every pair on small inputs, each sentence's best ones at scale
    scores: dict[tuple[int, int], float]


_Pairs = tuple[np.ndarray, np.ndarray, np.ndarray]


def _prune(parts: Sequence[_Pairs], limit: int) -> _Pairs:
    """Drop the pairs outside the ``limit`` best of both their sentences.

    Safe on a partial set of pairs: a pair outside a sentence's best among some of its pairs is outside its
    best among all of them, and every pair better than a kept one is kept too, so ranks stay exact.
    """
    i = np.concatenate([p[0] for p in parts])
    j = np.concatenate([p[1] for p in parts])
    score = np.concatenate([p[2] for p in parts])
    chosen = np.union1d(_best_per_node(i, j, score, limit), _best_per_node(j, i, score, limit))
    return i[chosen], j[chosen], score[chosen]


def candidate_pairs(scorer: PairScorer, max_partners: int = MAX_PARTNERS,
                    block_rows: int = BLOCK_ROWS) -> tuple[dict[tuple[int, int], float], list[tuple[int, int]]]:
    """Each sentence's best-scoring linkable partners, and the contradiction pairs, without an n x n matrix."""
    empty = np.zeros(0, dtype=np.int64)
    pool: _Pairs = (empty, empty, np.zeros(0))
    fresh: list[_Pairs] = []
    fresh_size = 0
    prune_at = max(1_000_000, 4 * max_partners * len(scorer))
    contradictions: list[tuple[int, int]] = []
    for start in range(0, len(scorer), block_rows):
        block = scorer.rows_against_all(start, min(start + block_rows, len(scorer)))
        hits = np.flatnonzero(block.contradiction)
        if hits.size:
            # each sentence's most similar contradictions, in the order the product met them
            best = np.sort(hits[_best_per_node(block.i[hits], block.j[hits], block.cosine[hits], max_partners)])
            contradictions.extend(zip(block.i[best].tolist(), block.j[best].tolist(), strict=True))
        link = np.flatnonzero(block.linkable)
        fresh.append((block.i[link], block.j[link], block.score[link]))
        fresh_size += link.size
        if fresh_size > prune_at:
            pool = _prune([pool, *fresh], max_partners)
            fresh, fresh_size = [], 0
    i, j, score = _prune([pool, *fresh], max_partners)
    scores = dict(zip(zip(i.tolist(), j.tolist(), strict=True), score.tolist(), strict=True))
    return scores, contradictions


def align(facts: Sequence[SentenceFacts], lemma_of: Callable[[str], str] = str.casefold) -> Alignment:
    """Cluster the sentences: best links first, one sentence per article, every pair in a cluster similar."""
    n = len(facts)
    if n == 0:
        return Alignment([], [], {})
    scorer = PairScorer(facts, lemma_of)
    scores, contradictions = candidate_pairs(scorer, MAX_PARTNERS, BLOCK_ROWS)
    clusters: dict[int, list[int]] = {i: [i] for i in range(n)}
    articles_in: dict[int, set[str]] = {i: {facts[i].article} for i in range(n)}
    member_of = list(range(n))
    # clusters only grow, so two clusters that once failed the checks fail them for good
    refused: set[tuple[int, int]] = set()

    links = sorted(((s, pair) for pair, s in scores.items() if s >= LINK_THRESHOLD), key=lambda sp: (-sp[0], sp[1]))
    for _, (i, j) in links:
        ci, cj = member_of[i], member_of[j]
        if ci == cj or (min(ci, cj), max(ci, cj)) in refused:
            continue
        a_members, b_members = clusters[ci], clusters[cj]
        if not articles_in[ci].isdisjoint(articles_in[cj]):
            refused.add((min(ci, cj), max(ci, cj)))
            continue  # at most one sentence per article in a claim
        # complete linkage: no pair across the two clusters may fall below the guard (or be no link at all)
        if scorer.linkable_scores(a_members, b_members).min() < GUARD_THRESHOLD:
            refused.add((min(ci, cj), max(ci, cj)))
            continue
        clusters[ci] = a_members + b_members
        articles_in[ci] |= articles_in.pop(cj)
        for y in b_members:
            member_of[y] = ci
        del clusters[cj]
    return Alignment(sorted(clusters.values(), key=min), contradictions, scores)
