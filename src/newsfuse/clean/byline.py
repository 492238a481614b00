"""Bylines, credit lines and outlet names.

Recognised shapes (names only go to ``authors``; places and roles are cut off):

* ``By Anna Kovalenko in Kharkiv and John Smith in London`` / ``By ANNA KOVALENKO, Staff Writer``;
* ``Anna Kovalenko, Reuters`` / ``Marek Jaworski in Balakliia`` (near the top only);
* ``Reporting by ... in Riga; Additional reporting by ...; Editing by ...`` (editors are not authors);
* a name line followed by a role line (``Kyiv correspondent``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .shape import ends_sentence, is_all_caps, is_title_case, unglue, words

ROLE_WORDS = frozenset(
    [
        "correspondent",
        "correspondents",
        "editor",
        "editors",
        "reporter",
        "reporters",
        "writer",
        "writers",
        "journalist",
        "journalists",
        "columnist",
        "contributor",
        "contributors",
        "staff",
        "bureau",
        "chief",
        "analyst",
        "producer",
        "presenter",
        "photographer",
        "senior",
        "political",
        "diplomatic",
        "defence",
        "defense",
        "security",
        "international",
        "affairs",
        "investigations",
        "economics",
        "business",
        "science",
        "health",
        "technology",
        "reporting",
    ]
)
#: Words that make a short Title-Case line the name of a news outlet.
OUTLET_WORDS = frozenset(
    [
        "news",
        "times",
        "post",
        "courier",
        "ledger",
        "herald",
        "wire",
        "dispatch",
        "independent",
        "guardian",
        "tribune",
        "gazette",
        "journal",
        "chronicle",
        "observer",
        "telegraph",
        "express",
        "mail",
        "press",
        "agency",
        "broadcasting",
        "broadcast",
        "radio",
        "tv",
        "television",
        "online",
        "daily",
        "weekly",
        "review",
        "standard",
        "record",
        "bulletin",
        "monitor",
        "network",
        "media",
        "service",
        "services",
        "report",
        "reporter",
        "insider",
        "sun",
        "star",
        "mirror",
        "today",
    ]
)
AGENCIES = frozenset(
    [
        "reuters",
        "ap",
        "afp",
        "dpa",
        "ansa",
        "efe",
        "anadolu",
        "interfax",
        "tass",
        "xinhua",
        "ukrinform",
        "kyodo",
        "yonhap",
        "bloomberg",
        "upi",
        "pa",
        "associated-press",
    ]
) | {"associated press", "agence france-presse", "press association", "pa media", "bloomberg news"}
_PARTICLES = frozenset(
    {"de", "da", "van", "von", "der", "den", "du", "la", "le", "di", "al", "el", "bin", "ter", "ten"}
)
_NAME_TOKEN_RE = re.compile(r"^(?:[A-Z][a-zA-Z'’\-]*[a-zA-Z]|[A-Z]\.?)$")
_BY_RE = re.compile(r"^by\s+(.+)$", re.IGNORECASE)
_CREDIT_CLAUSE_RE = re.compile(
    r"^(?P<kind>(?:additional\s+)?(?:reporting|writing|editing|compiled|graphics|research|text|words|"
    r"produced|photography|video|fact-checking)(?:\s+(?:and|&)\s+[a-z]+)?)\s+by\s+(?P<names>.+)$",
    re.IGNORECASE,
)
_AUTHOR_KINDS = ("reporting", "writing", "compiled", "text", "words")
_LIST_SPLIT_RE = re.compile(r"\s*(?:,|;|&|\||\band\b)\s*")
PLACE_CUT_RE = re.compile(r"\s+(?:in|from|at)\s+\S.*$")
_FOR_OUTLET_RE = re.compile(r"\s+for\s+(?P<outlet>\S.*)$")
_GLUED_STAMP_RE = re.compile(r"\s+(?:published|updated|posted|last updated)\b.*$", re.IGNORECASE)
_NAME_THEN_REST_RE = re.compile(r"^(?P<names>[^,|–—]+?)\s*(?:,|\||–|—| - )\s*(?P<rest>[^,|–—]+)$")


@dataclass
class Byline:
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None


def display_name(name: str) -> str:
    """'ANNA KOVALENKO' -> 'Anna Kovalenko'; names already in mixed case are kept as written."""
    if not is_all_caps(name):
        return name
    return re.sub(r"[A-Za-z]+", lambda m: m.group(0).capitalize(), name.lower())


def is_name(text: str) -> bool:
    """Two to five capitalised tokens (particles allowed inside), e.g. 'Anna Kovalenko', 'J. R. de Vries'."""
    tokens = text.split()
    if not 2 <= len(tokens) <= 5:
        return False
    if not (_NAME_TOKEN_RE.match(tokens[0]) and _NAME_TOKEN_RE.match(tokens[-1])):
        return False
    if any(t.casefold() in ROLE_WORDS or t.casefold() in OUTLET_WORDS for t in tokens):
        return False
    return all(_NAME_TOKEN_RE.match(t) or t.casefold() in _PARTICLES for t in tokens)


def is_outlet_name(text: str) -> bool:
    """A short Title-Case line that names an outlet: an agency, or a name with a press word in it."""
    text = text.strip()
    folded = text.casefold()
    if folded in AGENCIES:
        return True
    toks = words(text)
    if not 1 <= len(toks) <= 5 or len(text) > 45 or ends_sentence(text) or re.search(r"\d", text):
        return False
    if not (is_title_case(text) or is_all_caps(text)):
        return False
    if any(t.casefold() in AGENCIES for t in toks):
        return True
    # "News" or "Local News" alone is a menu item, not an outlet.
    others = [
        t for t in toks if t.casefold() not in OUTLET_WORDS and t.casefold() not in {"the", "local", "world"}
    ]
    if not others:
        return False
    # "The Atlantic" is an outlet; "The New Cold War" is a headline.
    return any(t.casefold() in OUTLET_WORDS for t in toks) or (toks[0] == "The" and 2 <= len(toks) <= 3)


def has_press_word(text: str) -> bool:
    """An agency's name, or a name with a press word in it ("Northern Ledger"), not "The Goods"."""
    toks = [t.casefold() for t in words(text)]
    return text.strip().casefold() in AGENCIES or any(t in AGENCIES or t in OUTLET_WORDS for t in toks)


def outlet_display(text: str) -> str:
    return display_name(text.strip())


def strip_roles(part: str) -> str:
    tokens = part.split()
    while tokens and tokens[-1].casefold().strip(".") in ROLE_WORDS:
        tokens.pop()
    while tokens and tokens[0].casefold() in ROLE_WORDS:
        tokens.pop(0)
    return " ".join(tokens)


def _is_role(part: str) -> bool:
    toks = [t.casefold() for t in words(part)]
    return bool(toks) and any(t in ROLE_WORDS for t in toks)


def _names_from_list(text: str, byline: Byline, strict: bool) -> bool:
    """Read a list of names into ``byline``; False when a part is neither a name, a role nor an outlet."""
    for raw_part in _LIST_SPLIT_RE.split(text):
        part = raw_part.strip(" .")
        if not part:
            continue
        for_outlet = _FOR_OUTLET_RE.search(part)
        if for_outlet:
            if is_outlet_name(for_outlet.group("outlet")) and byline.outlet is None:
                byline.outlet = outlet_display(for_outlet.group("outlet"))
            part = part[: for_outlet.start()]
        part = strip_roles(PLACE_CUT_RE.sub("", part))
        if is_name(part):
            byline.authors.append(display_name(part))
        elif is_outlet_name(part):
            if byline.outlet is None:
                byline.outlet = outlet_display(part)
        elif _is_role(raw_part) or (not strict and is_title_case(part)):
            continue
        else:
            return False
    return True


def parse_by_line(line: str) -> Byline | None:
    """'By Anna Kovalenko in Kharkiv and John Smith' -> authors; None when the line is prose ('By the end ...')."""
    if len(line) > 160:
        return None
    match = _BY_RE.match(unglue(line))
    if match is None:
        return None
    rest = _GLUED_STAMP_RE.sub("", match.group(1)).strip()
    byline = Byline()
    if not _names_from_list(rest, byline, strict=True):
        return None
    return byline if byline.authors or byline.outlet else None


def parse_credit_line(line: str) -> Byline | None:
    """'Reporting by A in Riga; Editing by B' -> authors [A] (editors are credited, not authors)."""
    clauses = [c.strip() for c in re.split(r"\s*;\s*", line.strip().rstrip(".")) if c.strip()]
    if not clauses or len(line) > 300:
        return None
    byline = Byline()
    for clause in clauses:
        match = _CREDIT_CLAUSE_RE.match(clause)
        if match is None:
            return None
        credit = Byline()
        if not _names_from_list(match.group("names"), credit, strict=False):
            return None
        if (
            match.group("kind").casefold().split()[-1] in _AUTHOR_KINDS
            or "reporting" in match.group("kind").casefold()
        ):
            byline.authors.extend(credit.authors)
    return byline


def parse_name_line(line: str) -> Byline | None:
    """Top-of-page forms without 'By': 'Anna Kovalenko, Reuters', 'Marek Jaworski in Balakliia'."""
    if len(line) > 100 or ends_sentence(line) or ":" in line:
        return None
    match = _NAME_THEN_REST_RE.match(line)
    if match:
        names, rest = match.group("names"), match.group("rest")
        byline = Byline()
        if not _names_from_list(names, byline, strict=True) or not byline.authors:
            return None
        if is_outlet_name(rest):
            byline.outlet = outlet_display(rest)
        elif not (_is_role(rest) or (is_title_case(rest) and len(words(rest)) <= 2)):
            # "Anna Kovalenko, Kharkiv" names a place; a longer Title-Case rest is a headline.
            return None
        return byline
    placed = re.match(r"^(?P<names>.+?)\s+(?:in|from)\s+(?P<place>[A-Z][\w'’\- ]*)$", line)
    if placed and is_title_case(placed.group("place")):
        byline = Byline()
        if _names_from_list(placed.group("names"), byline, strict=True) and byline.authors:
            return byline
    return None


def is_role_line(line: str) -> bool:
    """'Europe correspondent', 'Staff Writer', 'Reporting from Kyiv' (no sentence punctuation)."""
    if ends_sentence(line) or len(words(line)) > 8:
        return False
    if re.match(r"^reporting\s+from\b", unglue(line), re.IGNORECASE):
        return True
    toks = words(line)
    if not toks or len(toks) > 6 or toks[-1].casefold() not in ROLE_WORDS:
        return False
    # A capitalised role closing a longer line is a Title-Case headline ("... Jailed Journalist").
    if toks[-1][0].isupper() and len(toks) > 3:
        return False
    # Apart from role words, a role line holds only names (of a place, a desk, an outlet):
    # "Mary Barra appointed as General Motors chief" is a headline.
    return all(t.casefold() in ROLE_WORDS or t[0].isupper() for t in toks)


def name_line(line: str) -> str | None:
    """The name on a line that holds only a person's name."""
    text = line.strip()
    return display_name(text) if is_name(text) and not ends_sentence(text) else None
