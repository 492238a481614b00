"""Language check: newsfuse's model reads English, so a body in another language is reported, not parsed.

py3langid (a maintained fork of langid.py, BSD, its model inside the wheel) gives a language code with a
normalised probability.  Short texts are not judged: a headline of place names or a one-line feed summary
carries too little evidence, and keeping a doubtful English text beats dropping it.

Length is measured in characters, not words, and a character of a script written without spaces
(Chinese, Japanese, Korean, Thai ...) counts as several: one such character carries about as much as a
short word, so a two-line Chinese article is not "too short to judge" when its English translation is not.
"""

from __future__ import annotations

import functools
import unicodedata
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
#: A non-English verdict must be at least this sure before an article is set aside.
MIN_PROBABILITY = 0.9


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


def not_english_reason(text: str, min_probability: float = MIN_PROBABILITY) -> str | None:
    """A one-line reason when ``text`` is confidently in another language than English (or none), else None.

    ``min_probability`` is lowered by callers that drop the text anyway and only choose which reason to give.
    """
    if evidence_chars(text) < MIN_CHARS:
        return None
    code, probability = detect(text)
    if code == "en" or probability < min_probability:
        return None
    if code == NO_LANGUAGE_CODE:
        return "no recognisable language (looks like data, not prose)"
    return f"text is in another language ('{code}', p={probability:.2f}); newsfuse reads English only"
