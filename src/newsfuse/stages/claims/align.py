"""Sentence features and the clustering that aligns statements of the same fact across articles.

Each claim-worthy sentence becomes a :class:`SentenceFacts`: its canonical
entity ids, main predicate (a lemma mapped through a small synonym table, see
:mod:`.predicates`, with polarity), quantities, attributed source and content lemmas.  Pairs from
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
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from ...model import Article, Entity, ParsedArticle, ParsedSentence, Quantity, Quote, Token
from ..syntax import SPEECH_LEMMAS, children_of, span_text, subtree_span
from .conflicts import windows_differ
from .facts import SentenceFacts
from .predicates import canonical_predicate, verb_predicate
from .structure import is_rank, read_structure

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


def _predicate(
    sentence: ParsedSentence, kids: dict[int, list[Token]] | None = None
) -> tuple[str | None, bool, bool, int | None]:
    """Canonical main predicate, whether it is negated, whether a denial verb reports it, its token index."""
    toks = sentence.tokens
    kids = kids if kids is not None else children_of(toks)
    root = next((t for t in toks if t.dep == "ROOT"), None)
    if root is None:
        return None, False, False, None
    denial = False
    main = root
    if root.lemma.casefold() in SPEECH_LEMMAS | DENIAL_LEMMAS:
        denial = root.lemma.casefold() in DENIAL_LEMMAS
        content = next((k for k in kids[root.i] if k.dep in ("ccomp", "xcomp") and k.pos in ("VERB", "AUX")), None)
        if content is None:
            # "Moscow denied the withdrawal": the denied thing is a noun; keep the verb itself
            return canonical_predicate(root.lemma), False, denial, root.i
        main = content
    elif root.pos not in ("VERB", "AUX"):
        main = next((t for t in toks if t.pos == "VERB"), root)
    # "the port was retaken": a copula/auxiliary root hands over to its verb complement
    if main.pos == "AUX":
        comp = next((k for k in kids[main.i] if k.pos == "VERB" and k.dep in ("acomp", "xcomp", "ccomp")), None)
        main = comp or main
    negated = any(k.dep == "neg" or k.text.casefold() == "never" for k in kids[main.i])
    return verb_predicate(main, kids), negated != denial, denial, main.i


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


_FRAMING_ENTITIES = frozenset({"DATE", "TIME"})
_NAME_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV"})


def _term(article: str, token: Token, kids: dict[int, list[Token]], entity_at: dict[tuple[str, int], str]) -> str:
    """The comparison term of a content token: its entity for a name, else its (canonical) lemma."""
    entity = entity_at.get((article, token.idx))
    if entity is not None:
        return f"entity:{entity}"
    return verb_predicate(token, kids) if token.pos == "VERB" else canonical_predicate(token.lemma)


#: a corpus with at most this many claim-worthy sentences has them all encoded
ENCODE_ALL_UP_TO = 600
#: in a larger one, each article's first claim-worthy sentences (the lede, where outlets' shared facts sit)
ENCODE_PER_ARTICLE = 4


def encoded_positions(articles_in_order: Sequence[str]) -> list[int]:
    """Which of the claim-worthy sentences (given by their articles, in corpus order) the aligner encodes.

    Encoding costs about as much per sentence as parsing, so a large corpus encodes only each article's
    first ENCODE_PER_ARTICLE; the others are decided by the fitted model without the encoder cosine.
    """
    if len(articles_in_order) <= ENCODE_ALL_UP_TO:
        return list(range(len(articles_in_order)))
    seen: dict[str, int] = defaultdict(int)
    out = []
    for n, article in enumerate(articles_in_order):
        seen[article] += 1
        if seen[article] <= ENCODE_PER_ARTICLE:
            out.append(n)
    return out


def claim_worthy_texts(
    parsed: Sequence[ParsedArticle],
    entities: Sequence[Entity],
    quantities: Sequence[Quantity],
    quotes: Sequence[Quote],
    order: dict[str, int] | None = None,
) -> list[str]:
    """The texts of the sentences :func:`sentence_facts` keeps and the aligner encodes."""
    with_entity = {(m.article, m.sentence) for e in entities for m in e.mentions}
    with_figure = {(q.article, q.sentence) for q in quantities}
    with_quote = {(q.article, q.sentence) for q in quotes}
    order = order or {}
    kept = [
        (doc.article, s.text) for doc in sorted(parsed, key=lambda p: order.get(p.article, len(order)))
        for s in doc.sentences
        if is_claim_worthy(s, (doc.article, s.index) in with_entity, (doc.article, s.index) in with_figure,
                           (doc.article, s.index) in with_quote)
    ]
    return [kept[n][1] for n in encoded_positions([a for a, _ in kept])]


def sentence_facts(
    articles: Sequence[Article],
    parsed: Sequence[ParsedArticle],
    entities: Sequence[Entity],
    quantities: Sequence[Quantity],
    quotes: Sequence[Quote],
    claim_worthy_only: bool = True,
) -> list[SentenceFacts]:
    """The claim-worthy sentences of all articles (every sentence if not ``claim_worthy_only``), in input order."""
    entity_ids: dict[tuple[str, int], set[str]] = defaultdict(set)
    # character offset of each mention's first character -> its entity, so that every spelling of a name
    # ("Balakliia", "Balakleya") becomes one term in the word comparison
    entity_at: dict[tuple[str, int], str] = {}
    place_entities = frozenset(e.id for e in entities if e.type == "place")
    for e in entities:
        for m in e.mentions:
            entity_ids[(m.article, m.sentence)].add(e.id)
            if m.start is not None:
                entity_at[(m.article, m.start)] = e.id
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
            if claim_worthy_only and not is_claim_worthy(
                s, bool(entity_ids[key]), bool(qty_at[key]), bool(quotes_at[key])
            ):
                continue
            kids = children_of(s.tokens)  # read once: the predicate, the slots and the words all walk it
            predicate, negated, denial, main_verb = _predicate(s, kids)
            structure = read_structure(doc.article, s, main_verb, entity_at, place_entities, kids)
            # verbs through their sentence context, so "the economy recovered" adds no "recapture" to the words
            lemmas = [
                _term(doc.article, t, kids, entity_at)
                for t in s.tokens
                if t.pos in _CONTENT_POS
                and (lemma := t.lemma.casefold()) not in ENGLISH_STOP_WORDS
                and lemma not in SPEECH_LEMMAS  # "said" frames a claim; it is not its content
                and t.ent_type not in _FRAMING_ENTITIES  # "on Monday", "in March" likewise
                and (t.text.isalnum() or any(c.isalnum() for c in t.text))
                and not (t.ent_iob == "I" and (doc.article, t.idx) not in entity_at and t.ent_type in _NAME_TYPES)
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
                    lemmas=lemmas,
                    quantities=[q for q in qty_at[key] if not is_rank(q, s.text)],
                    quotes=quotes_at[key],
                    source=_sentence_source(s, quotes_at[key], qty_at[key]),
                    starts_with_pronoun=first is not None and first.text.casefold() in _PRONOUN_STARTS,
                    structure=structure,
                )
            )
    return out


# --------------------------------------------------------------------------- pair scores
#
# Every pair of sentences from different articles has a score (below); the pairs that pass the filters are
# the alignment's candidate links.  Scoring all n^2 pairs one by one in Python, or building the n x n cosine
# matrix, does not scale past a few hundred articles, so the scores are computed on blocks of rows with
# sparse products and numpy, and each sentence keeps only its MAX_PARTNERS best-scoring partners.  A pair's
# score is the same float whichever side computes it (see PairScorer), and small inputs (no sentence with
# more partners than the cap) give exactly the pairs and scores of the plain all-pairs definition.

#: partners a sentence keeps as candidate links, best scores first; only a large corpus, where a sentence
#: has more scored partners than this in other articles, loses any
MAX_PARTNERS = 48
#: rows of the TF-IDF matrix multiplied against all rows at once (bounds the memory of one sparse product)
BLOCK_ROWS = 256
#: pairs scored at once when checking that two clusters may merge
GUARD_SLICE = 8192
#: up to this many pairs, a merge check scores pair by pair (cheaper than setting up sparse products)
SMALL_GUARD = 64


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


def incidence(sets: Sequence[Iterable[Hashable]]) -> sparse.csr_matrix:
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
    """``matrix[rows, cols]`` for many coordinates at once (0 where absent), by binary search on sorted keys."""
    if rows.size == 0 or matrix.nnz == 0:
        return np.zeros(rows.size)
    width = matrix.shape[1]
    present = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr)) * width + matrix.indices
    order = np.argsort(present)
    present, values = present[order], matrix.data[order]
    wanted = rows.astype(np.int64) * width + cols
    at = np.minimum(np.searchsorted(present, wanted), present.size - 1)
    return np.where(present[at] == wanted, values[at], 0.0)


@dataclass
class PairBlock:
    """Scored pairs ``(i, j)`` as parallel arrays, in the order the sparse product yields them."""

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
        # Sorted terms make every cosine add the same products in the same order from either side, so a
        # pair's float is the same in row i as in row j (and as in the all-pairs product).
        self.tfidf.sort_indices()
        self._tfidf_t = self.tfidf.T.tocsr()
        self.entities = incidence([f.entities for f in facts])
        self._entities_t = self.entities.T.tocsr()
        self.entity_count = np.array([len(f.entities) for f in facts], dtype=float)
        self._figure_sets = [_figure_keys(f) for f in facts]
        self.figures = incidence(self._figure_sets)
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
        width = int(self._signature.max()) + 1
        pairs, where = np.unique(si[check] * width + sj[check], return_inverse=True)
        answers = np.zeros(pairs.size, dtype=bool)
        for n, code in enumerate(pairs.tolist()):
            key = divmod(code, width)
            hit = self._period_cache.get(key)
            if hit is None:
                a = self.facts[self._signature_owner[key[0]]]
                b = self.facts[self._signature_owner[key[1]]]
                hit = self._period_cache[key] = _other_period(a, b, self.lemma_of)
            answers[n] = hit
        out[check] = answers[where.ravel()]
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
        """Every pair (i, j) with start <= i < stop, cosine >= MIN_COSINE and different articles (so j != i)."""
        product = sparse.csr_matrix(self.tfidf[start:stop] @ self._tfidf_t)
        i = np.repeat(np.arange(start, stop), np.diff(product.indptr))
        j = product.indices.astype(np.int64)
        cos = product.data
        keep = cos >= MIN_COSINE
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
        cos = (self.tfidf[x] @ self.tfidf[y].T).toarray().ravel()
        overlap = (self.entities[x] @ self.entities[y].T).toarray().ravel()
        agree = (self.figures[x] @ self.figures[y].T).toarray().ravel() > 0
        block = self._features(gi.ravel(), gj.ravel(), cos, overlap, agree)
        return np.where(block.linkable, block.score, -np.inf).reshape(gi.shape)


    def pair_score(self, x: int, y: int) -> float:
        """One pair's score, or -inf when it is not a candidate link: :meth:`linkable_scores` for one pair.

        Sparse products cost far more to set up than a handful of multiplications, so small checks go
        through here.  The cosine adds the products in term order, as the sparse product does, so the
        float is the same.
        """
        lo, hi = x, y  # names only: the score is symmetric
        if self.article[lo] == self.article[hi] or self.negated[lo] != self.negated[hi]:
            return -np.inf
        weights = self._row_weights(hi)
        cos = 0.0
        for term, weight in self._row_items(lo):
            other = weights.get(term)
            if other is not None:
                cos += weight * other
        a, b = self.facts[lo], self.facts[hi]
        agree = not self._figure_sets[lo].isdisjoint(self._figure_sets[hi])
        shared = not a.entities.isdisjoint(b.entities)
        if cos < MIN_COSINE or not (shared or agree or cos >= 0.6):
            return -np.inf
        if agree and self._other_period(np.array([lo]), np.array([hi]))[0]:
            return -np.inf
        same_predicate = a.predicate is not None and a.predicate == b.predicate
        return W_LEXICAL * cos + W_ENTITIES * _jaccard(a.entities, b.entities) + W_PREDICATE * same_predicate \
            + W_FIGURES * agree

    def _row_items(self, row: int) -> list[tuple[int, float]]:
        start, stop = self.tfidf.indptr[row], self.tfidf.indptr[row + 1]
        return list(zip(self.tfidf.indices[start:stop].tolist(), self.tfidf.data[start:stop].tolist(), strict=True))

    def _row_weights(self, row: int) -> dict[int, float]:
        return dict(self._row_items(row))

    def all_linked(self, xs: Sequence[int], ys: Sequence[int], floor: float) -> bool:
        """Every pair across ``xs`` and ``ys`` is a candidate link scoring at least ``floor``."""
        if len(xs) * len(ys) <= SMALL_GUARD:
            return all(self.pair_score(x, y) >= floor for x in xs for y in ys)
        # in slices, so that a large pair of clusters neither fills memory nor delays the first failure
        step = max(1, GUARD_SLICE // max(len(ys), 1))
        return all(
            bool(self.linkable_scores(xs[k : k + step], ys).min() >= floor) for k in range(0, len(xs), step)
        )


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


def candidate_pairs(scorer: PairScorer, max_partners: int = MAX_PARTNERS,
                    block_rows: int = BLOCK_ROWS) -> tuple[dict[tuple[int, int], float], list[tuple[int, int]]]:
    """Each sentence's best-scoring linkable partners, and the contradiction pairs, without an n x n matrix.

    A block of rows is scored against every other row, so each of its sentences meets all its partners
    there and keeps its best ones at once; a pair is kept when either of its sentences keeps it.
    """
    n = len(scorer)
    kept: list[np.ndarray] = []
    kept_score: list[np.ndarray] = []
    contradictions: list[tuple[int, int]] = []
    for start in range(0, n, block_rows):
        block = scorer.rows_against_all(start, min(start + block_rows, n))
        hits = np.flatnonzero(block.contradiction & (block.j > block.i))
        if hits.size:
            # each sentence's most similar contradictions, in the order the product met them
            best = np.sort(hits[_best_per_node(block.i[hits], block.j[hits], block.cosine[hits], max_partners)])
            contradictions.extend(zip(block.i[best].tolist(), block.j[best].tolist(), strict=True))
        link = np.flatnonzero(block.linkable)
        best = link[_best_per_node(block.i[link], block.j[link], block.score[link], max_partners)]
        low, high = np.minimum(block.i[best], block.j[best]), np.maximum(block.i[best], block.j[best])
        kept.append(low * n + high)
        kept_score.append(block.score[best])
    keys, first = np.unique(np.concatenate(kept or [np.zeros(0, dtype=np.int64)]), return_index=True)
    scores_of = np.concatenate(kept_score or [np.zeros(0)])[first]
    scores = dict(zip(zip((keys // n).tolist(), (keys % n).tolist(), strict=True), scores_of.tolist(), strict=True))
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
        if not scorer.all_linked(a_members, b_members, GUARD_THRESHOLD):
            refused.add((min(ci, cj), max(ci, cj)))
            continue
        clusters[ci] = a_members + b_members
        articles_in[ci] |= articles_in.pop(cj)
        for y in b_members:
            member_of[y] = ci
        del clusters[cj]
    return Alignment(sorted(clusters.values(), key=min), contradictions, scores)
