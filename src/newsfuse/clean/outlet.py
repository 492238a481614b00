"""The outlet of a pasted page, from the page's own name lines: the name its furniture keeps repeating.

A site prints its name in the header (the logo's text), in menus and footers ("More from Kotaku", "About
eHow") and in the copyright line.  Section labels are also short lines above the article ("The Goods",
"Financial Services"), but they are not repeated around the page, nor written in the copyright line.  So a
candidate is a short name-shaped line near the top of the page or the name in a copyright line, and its
evidence is how many lines outside the article mention it; the article itself is left out of the count,
so that its subject ("Xbox One X") does not pass for the site.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .shape import ends_sentence, words

#: Lines from the top of the page where the site's name line (the logo's text) is looked for.
TOP_LINES = 40
#: A site name is short.
MAX_WORDS = 4
MAX_CHARS = 40
#: Evidence a name needs (see :func:`page_outlet`).
MIN_EVIDENCE = 2
#: Section and menu words: a line made only of them is a label, however often it repeats.
_LABEL_WORDS = frozenset(
    [
        "news",
        "latest",
        "local",
        "world",
        "national",
        "international",
        "politics",
        "business",
        "money",
        "markets",
        "economy",
        "tech",
        "technology",
        "science",
        "health",
        "sport",
        "sports",
        "football",
        "entertainment",
        "culture",
        "arts",
        "books",
        "music",
        "film",
        "films",
        "movies",
        "tv",
        "video",
        "videos",
        "audio",
        "podcasts",
        "podcast",
        "photos",
        "opinion",
        "opinions",
        "comment",
        "analysis",
        "features",
        "lifestyle",
        "life",
        "style",
        "food",
        "travel",
        "weather",
        "home",
        "menu",
        "more",
        "search",
        "subscribe",
        "login",
        "account",
        "newsletter",
        "newsletters",
        "about",
        "contact",
        "us",
        "the",
        "and",
        "of",
        "a",
        "in",
        "on",
        "for",
        "to",
        "our",
        "your",
        "all",
        "top",
        "stories",
        "story",
        "live",
        "games",
        "gaming",
        "reviews",
        "review",
        "deals",
        "shop",
        "community",
        "events",
        "jobs",
        "help",
        "support",
        "blog",
        "blogs",
        "press",
        "magazine",
        "daily",
        "weekly",
        "edition",
        "rights",
        "reserved",
        "articles",
        "places",
        "follow",
        "read",
        "premium",
        "insights",
    ]
)
_COPYRIGHT_RE = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?P<after>[^.,|©—–]{2,60})"
    r"|^(?P<before>[^.,|©]{2,40}?)[\s,]*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?©",
    re.IGNORECASE,
)
_COMPANY_TAIL_RE = re.compile(
    r"(?:[\s,]+(?:inc|ltd|llc|limited|plc|gmbh|s\.?a|corp|corporation|all\s+rights\s+reserved)\b\.?)+\s*$"
    r"|\s+\d{4}(?:\s*[-–]\s*\d{4})?\s*$",
    re.IGNORECASE,
)
_ADDRESS_TAIL_RE = re.compile(r"\.(?:com|org|net|co\.uk|fr|de)$", re.IGNORECASE)


def _name_shaped(text: str) -> bool:
    toks = words(text)
    if not 1 <= len(toks) <= MAX_WORDS or len(text) > MAX_CHARS or ends_sentence(text):
        return False
    if re.search(r"\d", text) or not re.search(r"[^\W\d_]", text):
        return False
    return not all(t.casefold() in _LABEL_WORDS for t in toks)


def copyright_name(line: str) -> str | None:
    """The name a copyright line gives ("© 2027 Cliffside Courier Ltd. All rights reserved.")."""
    match = _COPYRIGHT_RE.search(line)
    if match is None:
        return None
    name = (match.group("after") or match.group("before") or "").strip(" -–—:")
    for _ in range(2):  # "Group Limited 2027": the year, then the company form
        name = _COMPANY_TAIL_RE.sub("", name).strip(" -–—:,")
    name = _ADDRESS_TAIL_RE.sub("", name)
    return name if _name_shaped(name) else None


def _mentions(name: str, lines: Sequence[str], counted: Sequence[int]) -> int:
    """Lines that name the site as a site: "About eHow", "More from Kotaku", "the CNET app", "© topicseed"."""
    # Case kept for names with capitals ("CNET" is not "cnet's"), ignored for lower-case brands.
    flags = 0 if any(c.isupper() for c in name) else re.IGNORECASE
    quoted = re.escape(name)
    pattern = re.compile(
        rf"(?i:(?:©|\bcopyright)\s*(?:©\s*)?(?:\d{{4}}(?:\s*[-–]\s*\d{{4}})?\s*)?|\b(?:about|more\s+from|follow|join|write\s+for|editor\s+at|reporter\s+at|writer\s+at)\s+(?:the\s+)?)"
        rf"{quoted}(?!\w)"
        rf"|(?<!\w){quoted}(?i:[\s,\d–-]*©|\s*\||\s+(?:homepage|community|app|newsletter|staff|contributor)\b)",
        flags,
    )
    return sum(1 for i in counted if pattern.search(lines[i].strip()))


def page_outlet(
    lines: Sequence[str], article: tuple[int, int] | None, copyright_lines: Sequence[int]
) -> str | None:
    """The site's name when the page's furniture names it at least twice, else None.

    Evidence: each line outside the article that names it as a site, one more when it is the name of a
    copyright line, one more when its own line is printed again (a logo in the header and the footer).
    On a tie the name line near the top (the logo) wins over a copyright holder (often the parent company).
    """
    n = len(lines)
    start, end = article if article is not None else (n, n)
    # The copyright line counts wherever the article was found to end.
    outside = sorted({i for i in range(n) if not start <= i < end} | set(copyright_lines))
    held = {name for i in copyright_lines if (name := copyright_name(lines[i])) is not None}
    top = [lines[i].strip() for i in range(min(n, TOP_LINES, start)) if _name_shaped(lines[i].strip())]

    def evidence(name: str) -> int:
        printed = sum(1 for i in outside if lines[i].strip() == name)
        return _mentions(name, lines, outside) + (name in held) + (printed >= 2)

    best: tuple[int, int, str] | None = None
    for rank, name in enumerate(dict.fromkeys([*top, *sorted(held)])):
        # "Lowland Broadcasting News" at the top, "© Lowland Broadcasting" below: the logo names the site.
        shorter = [evidence(h) for h in held if h != name and name.casefold().startswith(h.casefold() + " ")]
        key = (max([evidence(name), *shorter]), -rank, name)
        if key[0] >= MIN_EVIDENCE and (best is None or key > best):
            best = key
    return best[2] if best else None
