"""Name normalisation shared by the index builder and every lookup.

Both sides must fold a name the same way, so this is the single definition:
case-folded, diacritics removed, apostrophes dropped (``Kharkivs'ka`` and
``Kharkivska`` are the same key), every other run of punctuation or space
becomes one space.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into base + combining mark.
_EXTRA_FOLDS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe"})
_APOSTROPHES = re.compile(r"[\u0027\u2019\u2018\u02bc\u02b9\u0060\u00b4]")
_NON_WORD = re.compile(r"[\W_]+")


def _strip_marks(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_EXTRA_FOLDS))
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()


def normalise_name(text: str) -> str:
    """Return the lookup key of a place name ("Kharkiv Oblast'" -> "kharkiv oblast")."""
    if text.isascii():
        folded = text.lower()  # the fast path: most of the 1.5 million names the index build folds
    else:
        folded = _strip_marks(text)
        if not folded.isascii():
            # Case folding can yield new marks ("İ" -> "i" + dot above): one more pass keeps keys stable.
            folded = _strip_marks(folded)
    folded = _APOSTROPHES.sub("", folded)
    return " ".join(_NON_WORD.sub(" ", folded).split())


def is_latin_key(key: str) -> bool:
    """Keys in other scripts are of no use for English news and would bloat the index."""
    return bool(key) and key.isascii()
