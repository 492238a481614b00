"""Bylines near the headline, in the mixed shapes pasted pages print them.

``By JANE ROE JAN. 13, 2027``, ``by Jane Roe July 10, 2027``, ``// By Jane Roe • Nov 11, 2027``,
``Jane Roe - Nov 19, 2027, 10:31 pm CST``, ``Posted on 15 October 2027 by Jane Roe``, ``Written by Jane Roe``,
``By Jane Roe, Senior Staff Writer, Some Project``, ``By Jane Roe@handle Updated Jul 24, 2027``: a person's
name, before or after a date, with roles, handles and parenthesised notes around it.  Only names come out;
a role or outlet after the names ends the list, and a line whose first part is not a name gives nothing
(so a menu label such as "Local Sports" or "Big Data / PC Gaming" never becomes an author).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .byline import PLACE_CUT_RE, display_name, is_name, parse_credit_line, strip_roles
from .dates import absolute_date, date_start, is_read_time, is_timestamp, is_update_stamp
from .features import is_prose
from .furniture import classify_line
from .shape import ends_with_full_stop, is_sentence_like, is_short_label, words

_LAST_BY_RE = re.compile(r"(?:^|[\s/|•·])by\s*:?\s+", re.IGNORECASE)
_OTHER_ROLE_BY_RE = re.compile(
    r"\b(?:reviewed|edited|editing|photos?|photographs?|pictures?|images?|illustrat\w*|produced|designed"
    r"|translated|curated|sponsored|powered|presented)\s+by\s*:?\s+$",
    re.IGNORECASE,
)
# "— Harbour Watch (@handle) March 4, 2027": the signature of an embedded social post, part of the article.
_POST_SIGNATURE_RE = re.compile(r"\(@\w+\)")
_HANDLE_RE = re.compile(r"@\w+")
_NOTE_RE = re.compile(r"\([^)]*\)")
_OTHER_CREDIT_RE = re.compile(
    r"\((?:[^)]*\b)?(?:photo\w*|video\w*|illustrat\w*|graphics?|images?)\b[^)]*\)", re.IGNORECASE
)
_LIST_RE = re.compile(r"\s*(?:,|;|&|\band\b|\|)\s*")
_STAMP_WORD_RE = re.compile(r"\s*\b(?:updated|published|posted|last\s+updated|on|at)\b\s*$", re.IGNORECASE)
_EDGE = " .:-–—•·/|,"
#: Words that start a Title-Case line that is not a name ("The Xbox", "Follow Followed").
_NOT_FIRST_NAMES = frozenset(
    {"the", "a", "an", "follow", "followed", "share", "read", "more", "about", "home"}
)
#: Words in the date stamp after a name ("Nov 19, 2027, 10:31 pm CST").
_STAMP_MAX_WORDS = 8
#: A byline is a short line; longer ones are prose that happens to contain "by".
MAX_CHARS = 200


def _cut_at_date(text: str) -> str:
    start = date_start(text)
    text = text[:start] if start is not None else text
    previous = None
    while previous != text:
        previous = text
        text = _STAMP_WORD_RE.sub("", text).strip(_EDGE)
    return text


def names_in(text: str) -> list[str]:
    """The person names a byline fragment starts with (empty when it does not start with one)."""
    names: list[str] = []
    for raw in _LIST_RE.split(_HANDLE_RE.sub(" ", text)):
        if _OTHER_CREDIT_RE.search(raw):
            continue  # "Jane Roe (photography)": credited, not an author
        part = " ".join(_NOTE_RE.sub(" ", raw).split()).strip(_EDGE)
        part = strip_roles(PLACE_CUT_RE.sub("", part))
        if not part:
            continue
        if is_name(part):
            names.append(display_name(part))
        elif names:
            break  # a role, a degree or an outlet after the names
        else:
            return []
    return names


def byline_names(line: str) -> list[str]:
    """Names from a "by NAME" line or a "NAME <separator> DATE" line; empty for anything else."""
    if len(line) > MAX_CHARS or _POST_SIGNATURE_RE.search(line):
        return []
    credit = parse_credit_line(line)
    if credit is not None:
        return credit.authors  # "Reporting by A; Editing by B": editors are not authors
    matches = list(_LAST_BY_RE.finditer(line))
    if matches:
        if _OTHER_ROLE_BY_RE.search(line[: matches[-1].end()]):
            return []  # "Reviewed by", "Photos by": credited, not the article's authors
        return names_in(_cut_at_date(line[matches[-1].end() :]))
    start = date_start(line)
    if start is None or start == 0 or ends_with_full_stop(line):
        return []
    # "NAME - DATE": what follows the name must be the date stamp, not the rest of a sentence.
    stamp = line[start:].strip(_EDGE)
    if len(words(stamp)) > _STAMP_MAX_WORDS or not (is_timestamp(stamp) or absolute_date(stamp)):
        return []
    return names_in(_cut_at_date(line))


def bare_name(line: str) -> str | None:
    """A line that is only a person's name (with an optional handle)."""
    text = _HANDLE_RE.sub(" ", line).strip(_EDGE)
    text = " ".join(text.split())
    if len(text) > 60 or not is_name(text) or text.split()[0].casefold() in _NOT_FIRST_NAMES:
        return None
    if classify_line(line) is not None:
        return None  # "SIGN UP FOR OUR NEWSLETTER" is five capitalised words, not a name
    return display_name(text)


# ---------------------------------------------------------------------------------------------- on the page

#: The byline zone: lines above the span start, into it, and around the headline.
ABOVE_SPAN = 6
INTO_SPAN = 3
UNDER_TITLE = 12
ABOVE_TITLE = 8
#: A line holding only a name is a byline this close under the headline.
BARE_NAME_UNDER_TITLE = 6
#: "Reporting by ..." credit lines may follow the article by a few lines.
AFTER_SPAN = 5


@dataclass
class Credits:
    #: None: nothing found near the headline, the line rules' authors stand.
    authors: list[str] | None
    published: str | None
    #: Lines read as bylines (to be dropped as such).
    byline_lines: list[int] = field(default_factory=list)


def _zone(n: int, span: tuple[int, int], title: int | None) -> list[int]:
    zone = set(range(max(0, span[0] - ABOVE_SPAN), min(n, span[0] + INTO_SPAN)))
    if title is not None:
        zone |= set(range(max(0, title - ABOVE_TITLE), min(n, title + UNDER_TITLE)))
    return sorted(zone - {title})


def _bare_name_zone(n: int, span: tuple[int, int], title: int | None) -> range:
    if title is not None:
        return range(title + 1, min(n, title + BARE_NAME_UNDER_TITLE))
    return range(max(0, span[0] - BARE_NAME_UNDER_TITLE), span[0])


#: Words of a stamp line under a name ("on Mar 27 14 min", "9/11/13 10:00AM").
_STAMP_LINE_MAX_WORDS = 8
#: Characters before the date in such a line ("on ", "Posted ").
_STAMP_LEAD_CHARS = 8


# A month and day glued to what follows ("on Mar 2714 min": "Mar 27" and "14 min" with no space).
_GLUED_STAMP_RE = re.compile(
    r"^(?:on\s+|posted\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}",
    re.IGNORECASE,
)


def _name_over_stamp(lines: Sequence[str], i: int) -> bool:
    """Line ``i`` is only a person's name and the next line is a date, time or reading-time stamp."""
    if i + 1 >= len(lines) or bare_name(lines[i]) is None or among_labels(lines, i):
        return False
    below = lines[i + 1]
    if len(words(below)) > _STAMP_LINE_MAX_WORDS:
        return False
    start = date_start(below)
    return (
        is_timestamp(below)
        or is_read_time(below)
        or (start is not None and start <= _STAMP_LEAD_CHARS)
        or bool(_GLUED_STAMP_RE.match(below))
    )


def among_labels(lines: Sequence[str], i: int) -> bool:
    """A name between two short labels is a menu item ("Local Sports"), not a byline."""
    around = [lines[j] for j in (i - 1, i + 1) if 0 <= j < len(lines)]
    return len(around) == 2 and all(is_short_label(x) and date_start(x) is None for x in around)


def _zone_date(lines: Sequence[str], zone: list[int]) -> str | None:
    stamped = [(i, d) for i in zone if not is_prose(lines[i]) and (d := absolute_date(lines[i]))]
    for i, day in stamped:
        if not is_update_stamp(lines[i]):
            return day
    return stamped[0][1] if stamped else None


def read_near_headline(
    lines: Sequence[str],
    title: int | None,
    span: tuple[int, int] | None,
    rule_authors: Sequence[tuple[int, list[str], bool]],
) -> Credits | None:
    """Authors and date printed around the headline; ``rule_authors``: (line, names, is a credit line)."""
    if span is None and title is None:
        return None
    # Without an article span (a short page, or one the model left alone) the headline anchors the zone.
    anchor = span or (title + 1 if title is not None else 0, len(lines))
    zone = _zone(len(lines), anchor, title)
    found = Credits(authors=[], published=_zone_date(lines, zone))
    names: list[str] = []
    for i in zone:
        line = lines[i]
        # A sentence naming someone "by" is body text; a byline that is a sentence starts with "By".
        by_first = line[:3].casefold() == "by "
        sentence = is_prose(line) or (is_sentence_like(line) and ends_with_full_stop(line))
        here = byline_names(line) if by_first or not sentence else []
        if here:
            names += [name for name in here if name not in names]
            found.byline_lines.append(i)
    if not names and span is not None:
        # The headline may have been missed: a line starting "By NAME" within the article still is its byline.
        for i in range(max(0, span[0] - ABOVE_SPAN), span[1]):
            here = byline_names(lines[i]) if lines[i][:3].casefold() == "by " else []
            if here:
                names += here
                found.byline_lines.append(i)
                break
    if not names:
        # A name line over a date or reading-time line ("Jane Roe" / "Mar 9, 2027"): the nearest such pair
        # above the article is its byline (teaser cards further up print the same shape for other stories).
        pairs = [i for i in zone if i < anchor[0] and _name_over_stamp(lines, i)]
        if pairs:
            i = max(pairs)
            names.append(bare_name(lines[i]) or lines[i])
            found.byline_lines += [i, i + 1]
    if not names:
        for i in _bare_name_zone(len(lines), anchor, title):
            name = bare_name(lines[i])
            if name and not among_labels(lines, i):
                names.append(name)
                found.byline_lines.append(i)
                break
    if found.published is None:
        # "By NAME DATE" found away from the headline carries the date too.
        found.published = next((d for i in found.byline_lines if (d := absolute_date(lines[i]))), None)
    if not names and span is None:
        found.authors = None
        return found
    for i, credited, closing_credit in rule_authors:
        # Reporting credits close the article; other names the rules read count only near the headline.
        closing = closing_credit and anchor[0] <= i < anchor[1] + AFTER_SPAN
        if closing or (not names and i in zone):
            names += [name for name in credited if name not in names]
    found.authors = names
    return found
