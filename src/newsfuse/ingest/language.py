"""Language check: newsfuse's model reads English, so a body in another language is reported, not parsed.

The verdict is the share of the text that is English, not the probability of the likeliest language.
py3langid (a maintained fork of langid.py, BSD, its model inside the wheel) spreads a short text's
probability over close languages (Croatian/Bosnian/Serbian, Malay/Indonesian, Arabic and its dialects),
so no single one of them reached a bar and such texts passed as English; what is never spread is the
probability of English itself.  The text is cut into chunks of a few lines, and a chunk counts as
English when langid gives English a fair share of probability or when enough of its words are common
English words (news English is full of names langid has never seen: "Kupiansk, Balakliia and Izium"
gets almost no probability of English, but "and", "in", "said" are there).  A text is set aside when
most of it is not English; a mixed text (an English report quoting a foreign paragraph) is kept.

Short texts are not judged: a headline of place names or a one-line feed summary carries too little
evidence, and keeping a doubtful English text beats dropping it.  Length is measured in characters,
not words, and a character of a script written without spaces (Chinese, Japanese, Korean, Thai ...)
counts as several: one such character carries about as much as a short word, so a two-line Chinese
article is not "too short to judge" when its English translation is not.

Text that is data rather than prose (a table of comma-separated values, rows of numbers) is named as
such instead of being given the language whose letter statistics it happens to match best.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

#: Texts shorter than this many characters (of alphabetic text; see DENSE_SCRIPT_WEIGHT) are not judged.
MIN_CHARS = 60
#: How many alphabetic characters one character of a script without word spaces is worth:
#: English averages about 5 letters and a space per word, Chinese about 1.5 characters.
DENSE_SCRIPT_WEIGHT = 3
# Unicode name prefixes of the scripts written without spaces between words.
_DENSE_SCRIPTS = ("CJK ", "HIRAGANA", "KATAKANA", "HANGUL", "THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN")
#: langid's code for "no linguistic content" (numbers, tables, log lines).
NO_LANGUAGE_CODE = "zxx"
#: Share of the text that must be in other languages before an article is set aside.
MIN_FOREIGN_SHARE = 0.5
#: A chunk is English when langid gives English at least this probability ...
MIN_ENGLISH_PROBABILITY = 0.1
#: ... or when at least this share of its words are common English words.
MIN_ENGLISH_WORD_SHARE = 0.15
#: Chunks are whole lines joined until they reach this many characters.
CHUNK_CHARS = 300
#: Only the start of a long text is judged (a news article shows its language in a few paragraphs).
JUDGED_CHARS = 20_000
#: Longest average field of a table of data (a CSV row's cells; a paragraph's clauses are longer).
MAX_TABLE_FIELD_CHARS = 24
DATA_REASON = "no recognisable language (looks like data, not prose)"
TABLE_REASON = "no recognisable language (looks like a table of data, not prose)"

# Frequent English words that are rarely words of the languages langid confuses with English.
# fmt: off
_ENGLISH_WORDS = frozenset(["the", "of", "and", "to", "that", "for", "with", "was", "were", "is", "are", "be", "been", "has", "have", "had", "it", "its", "this", "these", "those", "from", "by", "at", "as", "but", "not", "or", "which", "who", "whom", "whose", "what", "when", "where", "while", "after", "before", "said", "says", "told", "would", "will", "could", "should", "about", "their", "they", "them", "there", "than", "then", "he", "she", "his", "her", "him", "we", "our", "you", "your", "also", "into", "over", "under", "more", "most", "other", "some", "such", "only", "can", "may", "might", "just", "against", "between", "during", "because", "through", "being", "did", "does", "new", "one", "two", "three", "according", "officials", "people", "year", "years", "last", "week", "month", "first", "in", "on", "a", "an", "met", "today", "yesterday"])
# fmt: on
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_TABLE_SEPARATORS = (",", ";", "\t", "|")


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str, float]:
    """``(ISO 639 code, probability)`` for ``text``."""
    code, probability = _identifier().classify(text[:20_000])
    return str(code), float(probability)


@functools.lru_cache(maxsize=4096)
def _is_dense(char: str) -> bool:
    # Thai (U+0E00) is the first of these scripts; the caller skips the name look-up below it.
    return unicodedata.name(char, "").startswith(_DENSE_SCRIPTS)


def evidence_chars(text: str) -> int:
    """The text's length in characters (outer whitespace left out), dense-script characters weighted."""
    total = 0
    for char in text.strip():
        total += DENSE_SCRIPT_WEIGHT if ord(char) >= 0x0E00 and _is_dense(char) else 1
        if total >= MIN_CHARS:
            break  # only the threshold matters; long texts are not counted through
    return total


@dataclass(frozen=True)
class _Chunk:
    text: str
    english: bool
    code: str


def _chunks(text: str) -> list[str]:
    """The judged start of ``text`` as chunks of whole lines, each at least :data:`CHUNK_CHARS` long."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for line in text[:JUDGED_CHARS].splitlines():
        if not line.strip():
            continue
        current.append(line)
        size += len(line)
        if size >= CHUNK_CHARS:
            chunks.append("\n".join(current))
            current, size = [], 0
    if current:
        if chunks and size < CHUNK_CHARS // 2:
            chunks[-1] += "\n" + "\n".join(current)  # a short last piece is judged with the one before
        else:
            chunks.append("\n".join(current))
    return chunks


def english_word_share(text: str) -> float:
    """Share of the words of ``text`` that are common English words."""
    words = _WORD.findall(text.casefold())
    if not words:
        return 0.0
    return sum(1 for word in words if word in _ENGLISH_WORDS) / len(words)


def _judge(chunk: str) -> _Chunk:
    ranked = dict(_identifier().rank(chunk))
    code = max(ranked, key=lambda c: ranked[c])
    english = (
        code == "en"
        or float(ranked.get("en", 0.0)) >= MIN_ENGLISH_PROBABILITY
        or english_word_share(chunk) >= MIN_ENGLISH_WORD_SHARE
    )
    return _Chunk(text=chunk, english=english, code=str(code))


def _looks_like_a_table(text: str) -> bool:
    """Three or more lines holding the same number of one separator between short fields: CSV, TSV, a pipe table.

    The fields must be short (a table's cells, not a paragraph's clauses): three paragraphs that
    happen to have one comma each are prose.
    """
    lines = [line for line in text[:JUDGED_CHARS].splitlines() if line.strip()]
    if len(lines) < 3:
        return False
    for separator in _TABLE_SEPARATORS:
        counts = [line.count(separator) for line in lines]
        if counts[0] == 0 or sum(1 for c in counts if c == counts[0]) < 0.9 * len(counts):
            continue
        field_chars = sum(len(line) for line in lines) / sum(c + 1 for c in counts)
        if field_chars <= MAX_TABLE_FIELD_CHARS:
            return True
    return False


def _mostly_symbols(text: str) -> bool:
    """Fewer letters than digits and symbols: numbers, codes or markup, not prose in any script."""
    visible = [ch for ch in text[:JUDGED_CHARS] if not ch.isspace()]
    return sum(1 for ch in visible if ch.isalpha()) < 0.5 * len(visible)


def not_english_reason(text: str, min_probability: float = MIN_FOREIGN_SHARE) -> str | None:
    """A one-line reason when most of ``text`` is not English (another language, or data), else None.

    ``min_probability`` is the share of the text that must be foreign (or data) for a verdict; callers
    that drop the text anyway and only choose which reason to give pass a lower one.
    """
    if evidence_chars(text) < MIN_CHARS:
        return None
    if _looks_like_a_table(text):
        return TABLE_REASON
    if _mostly_symbols(text):
        return DATA_REASON
    chunks = [_judge(chunk) for chunk in _chunks(text)]
    total = sum(len(c.text) for c in chunks)
    foreign = [c for c in chunks if not c.english]
    foreign_share = sum(len(c.text) for c in foreign) / total if total else 0.0
    if not foreign or foreign_share < min_probability:
        return None
    weight: dict[str, int] = {}
    for chunk in foreign:
        weight[chunk.code] = weight.get(chunk.code, 0) + len(chunk.text)
    code = max(weight, key=lambda c: weight[c])
    if code == NO_LANGUAGE_CODE:
        return DATA_REASON
    return f"text is in another language ('{code}'; {1 - foreign_share:.0%} of it English); newsfuse reads English only"
