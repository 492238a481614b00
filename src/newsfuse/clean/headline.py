"""The headline of a pasted page: the line above the article that best matches its opening.

Menus, section labels and teaser headlines are also short unpunctuated lines above the article, so a line's
shape alone does not tell the headline apart.  What does: it sits just above the article span, shares words
with the first paragraphs, is often followed by a byline or a timestamp, and may be printed twice.  A
logistic regression over those features (fitted by ``bench/fit_paste.py``, stored in ``paste_model.json``
under ``title``) scores every candidate; the best one wins if it is likelier a headline than not.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from .byline import is_name
from .credits import byline_names
from .features import visible_length
from .furniture import classify_line, is_reference_tagline
from .shape import comparable, glue_points

_TOKEN_RE = re.compile(r"\w+")
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
#: How many lines above the article span a headline may sit (menus and toolbars come in between).
LOOK_ABOVE = 40
#: Lines into the span a headline may sit (a pasted page sometimes starts the span with it).
LOOK_INSIDE = 3
#: Words of the article's opening that a headline is compared with.
OPENING_WORDS = 200
_METADATA_REASONS = frozenset({"byline", "timestamp", "read time", "share widget"})

TITLE_FEATURES: tuple[str, ...] = (
    "log_distance_above",
    "inside_span",
    "opening_overlap",
    "log_words",
    "capitalised",
    "ends_full_stop",
    "ends_question",
    "separators",
    "repeats",
    "metadata_below",
    "rule_furniture",
    "rule_title",
    "rank_from_span",
    "longest_nearby",
    "log_overlap_count",
    "metadata_above",
    "starts_alnum",
    "short_label",
    "most_shared",
    "glued",
    "shorter_headline_above",
    "longer_line_below",
    "phrase_in_opening",
    "ends_with_name",
)
#: Words of the span's first prose lines a headline phrase is looked for in ("Marrow gauge" in "A Marrow gauge is").
PHRASE_WORDS = 60
#: A teaser card ends with its writer's name ("How the harbour was won Jane Roe"); a headline this short does not.
_CARD_MIN_WORDS = 6


def _words(text: str) -> list[str]:
    """Casefolded words, CJK characters one by one (a CJK headline has no spaces)."""
    out: list[str] = []
    for token in _TOKEN_RE.findall(text.casefold()):
        if _CJK_RE.search(token):
            out.extend(token)
        elif len(token) >= 3:
            out.append(token)
    return out


# Script text and link bars pasted with the page: "window._ads = window._ads || [];", "[Docs] [txt|pdf] [Nits]".
_CODE_LINE_RE = re.compile(r"[;{}]\s*$|^\s*[}\])]|\w\.\w+\s*=|=>|\bfunction\s*\(")
_BRACKETED_RE = re.compile(r"\[[^\]]*\]")


def _is_markup(line: str) -> bool:
    return bool(_CODE_LINE_RE.search(line)) or len(_BRACKETED_RE.findall(line)) >= 3


def _phrase_in(line: str, opening: str) -> float:
    """1 when the whole line, two words or more, is written in the article's opening (the topic named)."""
    toks = _TOKEN_RE.findall(line.casefold())
    return float(len(toks) >= 2 and f" {' '.join(toks)} " in opening)


#: Lines under a reference site's tagline where its title is named again.
TAGLINE_TEXT_LINES = 20


def above_tagline(lines: Sequence[str]) -> int | None:
    """A reference page's title: the line right above its site's tagline ("From Quaypedia, the open reference
    work"), when the text under the tagline names it again ("Tools" above the tagline is a menu)."""
    for i in range(1, len(lines)):
        if not is_reference_tagline(lines[i]):
            continue
        title = comparable(lines[i - 1])
        below = comparable(" ".join(lines[i : i + TAGLINE_TEXT_LINES]))
        if 1 <= len(title.split()) <= 12 and f" {title} " in f" {below} ":
            return i - 1
        return None
    return None


def named_in_opening(row: Sequence[float]) -> bool:
    """A candidate's feature row says the whole line is written in the article's opening."""
    return row[TITLE_FEATURES.index("phrase_in_opening")] > 0


def _ends_with_name(line: str) -> float:
    """1 when a longer line ends with a person's name: a teaser card with its writer, not a headline."""
    toks = line.split()
    if len(toks) < _CARD_MIN_WORDS:
        return 0.0
    return float(any(is_name(" ".join(toks[-n:])) and not is_name(" ".join(toks[-n - 1 :])) for n in (2, 3)))


def candidates(lines: Sequence[str], span: tuple[int, int]) -> list[int]:
    """Lines that could be the headline: near the top of the span, 2 to 30 words, not a long paragraph."""
    found = []
    for i in range(max(0, span[0] - LOOK_ABOVE), min(len(lines), span[0] + LOOK_INSIDE)):
        size = len(_TOKEN_RE.findall(lines[i]))
        shaped = 1 <= size <= 30 and visible_length(lines[i]) <= 250 and (size >= 2 or _CJK_RE.search(lines[i]))
        # A line the rules recognise on its own (a newsletter call, an advert label) or a byline
        # ("Jane Roe March 9, 2027") is never the headline.
        if shaped and classify_line(lines[i]) is None and not byline_names(lines[i]) and not _is_markup(lines[i]):
            found.append(i)
    return found


def title_features(
    lines: Sequence[str],
    span: tuple[int, int],
    reasons: Sequence[str | None],
    rule_title: int | None,
    indices: Sequence[int],
) -> list[list[float]]:
    opening: list[str] = []
    for line in lines[span[0] : span[1]]:
        opening.extend(_words(line))
        if len(opening) >= OPENING_WORDS:
            break
    opening_set = set(opening)
    first_words: list[str] = []
    for line in lines[span[0] : span[1]]:
        first_words.extend(_TOKEN_RE.findall(line.casefold()))
        if len(first_words) >= PHRASE_WORDS:
            break
    first_text = f" {' '.join(first_words[:PHRASE_WORDS])} "
    counts = Counter(line.casefold() for line in lines)
    longest = max((len(_TOKEN_RE.findall(lines[i])) for i in indices), default=1)
    shared_by = {i: len({w for w in _words(lines[i]) if w in opening_set}) for i in indices}
    most_shared = max(shared_by.values(), default=0)
    sizes = {i: len(_TOKEN_RE.findall(lines[i])) for i in indices}

    def headline_shaped(j: int) -> bool:
        return j in sizes and not lines[j].rstrip("\"'”’)").endswith((".", "…"))
    rows = []
    for rank, i in enumerate(sorted(indices, reverse=True)):
        line = lines[i]
        own = _words(line)
        overlap = sum(1 for w in own if w in opening_set) / len(own) if own else 0.0
        toks = _TOKEN_RE.findall(line)
        cased = [t for t in toks if t[:1].isalpha() and t[:1].lower() != t[:1].upper()]
        below = reasons[i + 1 : i + 5]
        above = reasons[max(0, i - 3) : i]
        shared = sum(1 for w in set(own) if w in opening_set)
        rows.append(
            (
                i,
                [
                    math.log1p(max(0, span[0] - i)),
                    float(i >= span[0]),
                    overlap,
                    math.log1p(len(toks)),
                    sum(1 for t in cased if t[0].isupper()) / len(cased) if cased else 0.0,
                    float(line.rstrip("\"'”’)").endswith((".", "…"))),
                    float(line.rstrip("\"'”’)").endswith(("?", "!"))),
                    float(bool(re.search(r"[|•·›»]", line))),
                    math.log1p(counts[line.casefold()] - 1),
                    float(any(r in _METADATA_REASONS for r in below)),
                    float(reasons[i] is not None),
                    float(i == rule_title),
                    math.log1p(rank),
                    len(toks) / longest,
                    math.log1p(shared),
                    float(any(r in _METADATA_REASONS for r in above)),
                    float(line[:1].isalnum()),
                    float(len(toks) <= 3),
                    float(most_shared > 0 and shared_by[i] == most_shared),
                    float(glue_points(line) > 0),
                    # A standfirst sits right under its headline, which is shorter than it.
                    float(headline_shaped(i - 1) and sizes[i - 1] < sizes[i] and shared_by[i - 1] > 0),
                    float(i + 1 in sizes and sizes[i + 1] > sizes[i]),
                    _phrase_in(line, first_text),
                    _ends_with_name(line),
                ],
            )
        )
    rows.sort()
    return [row for _, row in rows]
