"""Line shape: the structural features the cleaner decides on.

A pasted page loses its HTML, so what is left to tell body from furniture is
the shape of each line: its length, whether it ends like a sentence, how many
of its words are capitalised, whether words are glued together (the text of
adjacent widgets pasted with no space between them), digits, separators.
"""

from __future__ import annotations

import re

#: Quotes and brackets that may close a sentence after its full stop.
_CLOSERS = "\"'”’»)]"
# Some pages (and tokenised corpora) put a space before the closing quote: 'over. "'.
_TERMINAL_RE = re.compile(r"[.!?…](?:\s?[" + re.escape(_CLOSERS) + r"])*$")
# A line that ends on a closing quote is a quoted sentence even without a full stop.
_CLOSING_QUOTE_RE = re.compile(r"\w[,]?[”\"]$")
_WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*")
# Glue: a lowercase run of three or more letters directly followed by a capital or a digit
# ("pushRussian", "ShareSave", "Updated2").  Two-letter runs are left alone so that
# "MacArthur", "YouTube" or "TikTok" do not count as glued.
_GLUE_RE = re.compile(r"(?<=[a-z]{3})(?=[A-Z])|(?<=[a-z]{3})(?=\d)|(?<=\d)(?=[A-Z][a-z]{2})")
_SENTENCE_BREAK_RE = re.compile(r"[.!?…][" + re.escape(_CLOSERS) + r"]*\s+[\"“‘'(]?[A-Z0-9]")
#: Camel-case names that look glued but are single words.
_CAMEL_WORDS = frozenset(
    {
        "linkedin",
        "whatsapp",
        "deepmind",
        "spacex",
        "playstation",
        "javascript",
        "blackrock",
        "soundcloud",
        "totalenergies",
        "exxonmobil",
        "astrazeneca",
        "mastercard",
        "powerpoint",
        "harpercollins",
        "openai",
        "biontech",
        "wikileaks",
        "bluesky",
        "airbnb",
        "iphone",
        "wordpress",
    }
)
#: Small words that stay lowercase inside a Title-Case name ("Ministry of Defence").
CONNECTORS = frozenset(
    {"of", "the", "and", "for", "in", "on", "at", "de", "da", "van", "von", "der", "du", "la", "le", "&"}
)


def normalise_line(line: str) -> str:
    """Collapse whitespace only, so a cleaned line stays a substring of the normalised input."""
    return " ".join(line.split())


def words(line: str) -> list[str]:
    return _WORD_RE.findall(line)


def ends_sentence(line: str) -> bool:
    """True when the line ends like a sentence: terminal punctuation, or a closing quote."""
    return bool(_TERMINAL_RE.search(line) or _CLOSING_QUOTE_RE.search(line))


def ends_with_full_stop(line: str) -> bool:
    """Terminal ``.``/``!``/``…`` (not ``?``): headlines may end with a question mark, seldom with a stop."""
    match = _TERMINAL_RE.search(line)
    return bool(match and "?" not in match.group(0)) or bool(_CLOSING_QUOTE_RE.search(line))


def has_inner_sentence_break(line: str) -> bool:
    """A full stop followed by a new capitalised sentence inside the line."""
    return bool(_SENTENCE_BREAK_RE.search(line))


def capitalised_ratio(line: str) -> float:
    toks = [w for w in words(line) if w.casefold() not in CONNECTORS]
    if not toks:
        return 0.0
    return sum(1 for w in toks if w[0].isupper()) / len(toks)


def is_title_case(line: str) -> bool:
    """Every word capitalised apart from connectors: names of outlets, people, sections."""
    toks = words(line)
    return bool(toks) and all(w[0].isupper() or w.casefold() in CONNECTORS for w in toks)


def is_all_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def is_sentence_like(line: str) -> bool:
    """Ends like a sentence and reads like prose: at least two words, not mostly capitalised."""
    toks = words(line)
    if not ends_sentence(line) or len(toks) < 2:
        return False
    return capitalised_ratio(line) <= 0.6 or len(toks) <= 3


def is_paragraph(line: str) -> bool:
    """A real body paragraph: long, sentence punctuation, mostly lowercase words."""
    toks = words(line)
    return (
        len(line) > 60
        and len(toks) >= 8
        and ends_sentence(line)
        and capitalised_ratio(line) <= 0.5
        and glue_points(line) <= 1
    )


def glue_points(line: str) -> int:
    """How many places two words are glued without a space (camel joins between words)."""
    count = 0
    for token in line.split():
        if token.casefold().strip(".,:;!?") in _CAMEL_WORDS:
            continue
        count += len(_GLUE_RE.findall(token))
    return count


def unglue(line: str) -> str:
    """Re-insert the missing spaces at glue points (for word-level tests only, never for output)."""
    out = []
    for token in line.split():
        if token.casefold().strip(".,:;!?") in _CAMEL_WORDS:
            out.append(token)
        else:
            out.append(_GLUE_RE.sub(" ", token))
    return " ".join(out)


#: At most this share of capitalised words: a line in sentence case, not a Title-Case headline.
_SENTENCE_CASE_CAPITALS = 0.5
# Inside a word: code punctuation ("SharedDataMap.jsm", "about:home", "page_action").
_CODE_INSIDE_RE = re.compile(r"\w[./:_#]\w")
# A capital-led word whose camel tail is a short upper-case suffix ("ReactJS", "NodeJS", "MacOS").
_CAPS_SUFFIX_RE = re.compile(r"^[A-Z][a-z]{3,}[A-Z]{1,3}s?$")


def is_compound_token(token: str, sentence_case: bool = False) -> bool:
    """A single camel-case word, not two glued ones: a brand, a product or an identifier from code.

    Glued headline lists join a lower-case word end to the next headline ("resultsCouncil"); a token with
    two or more camel joins ("PictureInPictureParent", "showDeathMessages"), a short upper-case
    tail ("ReactJS") or code punctuation inside ("browserAction/pageAction") is one name.  In a line of
    mostly lower-case words (``sentence_case``), where glued Title-Case headlines cannot be, any capital-led
    camel word is one ("AsyncShutdown").
    """
    bare = token.strip(".,:;!?()[]\"'“”‘’")
    if bare.casefold() in _CAMEL_WORDS or _CODE_INSIDE_RE.search(bare) or _CAPS_SUFFIX_RE.match(bare):
        return True
    joins = len(_GLUE_RE.findall(bare))
    return joins >= 2 or (bare[:1].isupper() and sentence_case)


def glued_segments(line: str) -> list[str]:
    """The pieces a glued line falls into when split at its glue points (compound names stay whole)."""
    pieces: list[str] = []
    current: list[str] = []
    sentence_case = capitalised_ratio(line) <= _SENTENCE_CASE_CAPITALS
    for token in line.split():
        parts = [token] if is_compound_token(token, sentence_case) else _GLUE_RE.split(token)
        for n, part in enumerate(parts):
            if n > 0:
                pieces.append(" ".join(current))
                current = []
            if part:
                current.append(part)
    if current:
        pieces.append(" ".join(current))
    return [p for p in pieces if p]


def is_headline_shaped(line: str) -> bool:
    """Title or sentence case, a few words, no final full stop: a headline or a heading."""
    toks = words(line)
    # Headlines are short; a long unpunctuated line is more likely prose cut short.
    return (
        3 <= len(toks) <= 18
        and len(line) <= 130
        and not line.endswith(":")
        and (line[:1].isupper() or line[:1].isdigit())
        and not ends_with_full_stop(line)
        and not has_inner_sentence_break(line)
    )


def is_short_label(line: str, max_words: int = 3) -> bool:
    """A few words, no sentence punctuation: a menu item, a tag, a section name."""
    toks = words(line)
    return 0 < len(toks) <= max_words and len(line) <= 40 and not ends_sentence(line) and ":" not in line


def comparable(line: str) -> str:
    """Casefolded letters and digits only, for comparing repetitions that differ in case/punctuation."""
    return " ".join(re.sub(r"[^\w]+", " ", line.casefold()).split())
