"""Language check: newsfuse's model reads English, so a body in another language is reported, not parsed.

py3langid (a maintained fork of langid.py, BSD, its model inside the wheel) gives a language code with a
normalised probability.  Short texts are not judged: a headline of place names or a one-line feed summary
carries too little evidence, and keeping a doubtful English text beats dropping it.
"""

from __future__ import annotations

import functools
from typing import Any

#: Fewer characters than this are not judged.
MIN_CHARS = 60
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


def not_english_reason(text: str) -> str | None:
    """A one-line reason when ``text`` is confidently in another language than English, else None."""
    if len(text.strip()) < MIN_CHARS:
        return None
    code, probability = detect(text)
    if code == "en" or probability < MIN_PROBABILITY:
        return None
    return f"text is in another language ('{code}', p={probability:.2f}); newsfuse reads English only"
