"""Romanisation-tolerant name matching.

Names from Cyrillic and Arabic reach English news in several romanisations
(Kyiv/Kiev, Zelensky/Zelenskyy, Gaddafi/Qaddafi).  Rather than list such
pairs, a word is reduced to a *romanisation key* that undoes the common
alternations between romanisation systems, and two keys are then compared
with an edit distance whose allowance grows with the word's length:

* ``fine_key``: diacritics folded, apostrophes/soft signs dropped, digraphs
  that different systems spell differently mapped to one letter (kh->h,
  zh->z, ts/tz->c, dh->d, ph->f, gh->g, tch->ch, q->k, w->v, ou->u), y and j
  treated as i, ie as i, doubled letters collapsed.
* ``skeleton``: the fine key without vowels.  Romanisations disagree mostly
  about vowels (Sievierodonetsk/Severodonetsk, Dnipro/Dnepr), so two words
  with the same skeleton may differ in vowels within the allowance; a
  consonant substitution (g/k, h/g, m/n) is only tolerated in long words.

Derivations are never matched: when one key is a prefix of the other
(Russia/Russian, Niger/Nigeria, Georgia/Georgian) the words stay apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz.distance import Levenshtein

from .names import APOSTROPHES, fold

# Order matters: longer digraphs first, and "tch" before "ts" so that
# "Tchaikovsky" becomes "chaikovski" rather than "cchaikovski".
_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("tch", "ch"),
    ("kh", "h"),
    ("zh", "z"),
    ("dh", "d"),
    ("gh", "g"),
    ("ph", "f"),
    ("ck", "k"),
    ("ts", "c"),
    ("tz", "c"),
    ("q", "k"),
    ("w", "v"),
    ("ou", "u"),
)
_VOWELS = frozenset("aeiou")
_J_BETWEEN_VOWELS = re.compile(r"(?<=[aeiouy])j(?=[aeiouy])")
_DOUBLED = re.compile(r"(.)\1+")
_NOT_LETTER = re.compile(r"[^a-z]")

#: Words shorter than this (as keys) match only when their keys are equal:
#: "Iran"/"Iraq" and "Mali"/"Male" are too short to tell a variant from a neighbour.
MIN_FUZZY_LENGTH = 4
#: A consonant substitution (Gaddafi/Kadhafi, Luhansk/Lugansk) needs a word at least this long.
MIN_CONSONANT_EDIT_LENGTH = 6
#: Consonants that romanisation systems swap for one another: the velars and the
#: glottal (Russian g for Ukrainian h, Arabic q as k or g), the sibilants, and the
#: nasals (Mykola/Nikolai).  Any other substitution is a different name
#: ("Slovakia"/"Slovenia", "Gambia"/"Zambia").
_ALTERNATING_CONSONANTS: tuple[frozenset[str], ...] = (
    frozenset("gkh"),
    frozenset("szc"),
    frozenset("mn"),
)


def fine_key(word: str) -> str:
    """Romanisation key of one word: "Zelenskyy" -> "zelenski", "Kyiv" -> "kiv", "Kiev" -> "kiv"."""
    text = fold(word)
    for apostrophe in APOSTROPHES:
        text = text.replace(apostrophe, "")
    text = _J_BETWEEN_VOWELS.sub("i", text)
    text = _NOT_LETTER.sub("", text)
    # Rewrite to a fixed point: one rewrite can create another digraph ("qh" -> "kh" -> "h").
    previous = None
    while text != previous:
        previous = text
        for spelled, key in _DIGRAPHS:
            text = text.replace(spelled, key)
        text = text.replace("y", "i").replace("j", "i").replace("ie", "i")
        text = _DOUBLED.sub(r"\1", text)
    return text


def skeleton(key: str) -> str:
    """Consonants of a fine key: what romanisations agree on."""
    return "".join(c for c in key if c not in _VOWELS)


def name_key(tokens: Sequence[str]) -> str:
    """Fine key of a multi-word name, words kept apart by spaces."""
    return " ".join(k for k in (fine_key(t) for t in tokens) if k)


def _allowance(length: int) -> int:
    # One edit in four letters: "Mohammed"/"Muhammad" (2 in 7) but not "Austria"/"Australia".
    return max(1, length // 4)


def keys_match(a: str, b: str) -> bool:
    """Whether two one-word fine keys are romanisation variants of one name."""
    if a == b:
        return True
    if not a or not b or a.startswith(b) or b.startswith(a):
        return False
    shortest = min(len(a), len(b))
    if shortest < MIN_FUZZY_LENGTH:
        return False
    distance = Levenshtein.distance(a, b)
    skel_a, skel_b = skeleton(a), skeleton(b)
    if skel_a == skel_b:
        # Only vowels differ.  Short words must also agree on the first letter ("Oman"/"Amman").
        if shortest < MIN_CONSONANT_EDIT_LENGTH and a[0] != b[0]:
            return False
        return distance <= max(2, _allowance(shortest)) if shortest >= 5 else distance <= 1
    if shortest < MIN_CONSONANT_EDIT_LENGTH or len(skel_a) != len(skel_b):
        return False
    # One consonant swapped for an alternating one, never one inserted ("Austria"/"Australia").
    swapped = [(x, y) for x, y in zip(skel_a, skel_b, strict=True) if x != y]
    if len(swapped) != 1 or not any(set(swapped[0]) <= group for group in _ALTERNATING_CONSONANTS):
        return False
    return distance <= _allowance(shortest)


def names_match(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two names (as lists of one-word fine keys) are romanisation variants, word by word."""
    return len(a) == len(b) and all(keys_match(x, y) for x, y in zip(a, b, strict=True))
