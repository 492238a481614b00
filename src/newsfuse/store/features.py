"""What story clustering knows about one article: weighted words, entity keys and a day.

Words come from the stored NLP analysis when there is one (lemmas of content
words, so that "arrested" and "arrest" meet), otherwise from a plain word
split.  The title counts twice: it is the densest statement of the event.
Entities are the article's NER mentions reduced to a comparable key
(case-folded, a leading article and a possessive dropped; a person by surname,
because later paragraphs name people by surname only).  Keys carry the ``e:``
prefix so that words and entities share one document-frequency table and one
inverted index while being scored separately.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..model import Article, ParsedArticle

ENTITY_PREFIX = "e:"
#: features kept per article vector (the rest add little to a cosine and cost index rows)
MAX_WORDS = 40
MAX_ENTITIES = 15
TITLE_BOOST = 2
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
_WORD = re.compile(r"[^\W\d_][\w'-]*[^\W_]|[^\W\d_]", re.UNICODE)
_DROP = re.compile(r"^(the|a|an)\s+|['’]s$")
_MAX_FEATURE_CHARS = 100


def _word_ok(word: str) -> bool:
    return len(word) > 2 and word not in ENGLISH_STOP_WORDS and len(word) <= _MAX_FEATURE_CHARS


def plain_words(text: str) -> list[str]:
    return [w for w in (m.group(0).casefold() for m in _WORD.finditer(text)) if _word_ok(w)]


def entity_key(text: str, entity_type: str) -> str | None:
    """A comparable key for a mention, or None when nothing nameable is left."""
    norm = " ".join(re.sub(r"[^\w\s'’-]", " ", text.casefold()).split())
    norm = _DROP.sub("", norm).strip()
    if not norm or not any(ch.isalpha() for ch in norm):
        return None
    if entity_type == "person":
        norm = norm.split()[-1]
    return (ENTITY_PREFIX + norm)[:_MAX_FEATURE_CHARS]


@dataclass(frozen=True)
class ArticleFeatures:
    words: Counter[str]
    entities: Counter[str]
    day: dt.date

    def vocabulary(self) -> set[str]:
        return set(self.words) | set(self.entities)


def activity_day(article: Article, added_on: dt.date) -> dt.date:
    """The day an article speaks for: its publication date, else the day it reached the store."""
    if article.published:
        try:
            return dt.date.fromisoformat(article.published[:10])
        except ValueError:
            pass  # a malformed date is ingestion's to report; for clustering the arrival day is as good
    return added_on


def extract(article: Article, parsed: ParsedArticle | None, added_on: dt.date) -> ArticleFeatures:
    words: Counter[str] = Counter()
    tokens = [t for s in parsed.sentences for t in s.tokens] if parsed is not None else []
    if tokens:
        lemma_of: dict[str, str] = {}
        for tok in tokens:
            lemma = tok.lemma.casefold()
            lemma_of.setdefault(tok.text.casefold(), lemma)
            if tok.pos in _CONTENT_POS and _word_ok(lemma) and any(ch.isalpha() for ch in lemma):
                words[lemma] += 1
        title_words = [lemma_of.get(w, w) for w in plain_words(article.title or "")]
    else:
        words.update(plain_words(article.body))
        title_words = plain_words(article.title or "")
    for word in title_words:
        if _word_ok(word):
            words[word] += TITLE_BOOST
    entities: Counter[str] = Counter()
    for mention in parsed.mentions if parsed is not None else []:
        key = entity_key(mention.text, mention.type)
        if key is not None:
            entities[key] += 1
    return ArticleFeatures(words=words, entities=entities, day=activity_day(article, added_on))


def idf(df: int, n_docs: int) -> float:
    # smoothed, as scikit-learn's TfidfVectorizer(smooth_idf=True)
    return math.log((n_docs + 1) / (df + 1)) + 1.0


def unit_vector(counts: Counter[str], df: Mapping[str, int], n_docs: int, keep: int) -> dict[str, float]:
    """Sublinear tf x idf, the ``keep`` heaviest features, L2-normalised."""
    weights = {t: (1.0 + math.log(c)) * idf(df.get(t, 1), n_docs) for t, c in counts.items()}
    top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]
    norm = math.sqrt(sum(w * w for _, w in top))
    return {t: w / norm for t, w in top} if norm > 0 else {}
