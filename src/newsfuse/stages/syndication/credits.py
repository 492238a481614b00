"""Agency credits: which news agency an article or a sentence says its text comes from.

An outlet that runs agency copy usually says so in a few fixed shapes, and only those are read (a name
mentioned anywhere else in a story is news about the agency, not a credit):

* a dateline or lede credit: ``KYIV (Reuters) -``, ``(AP) —``, ``PARIS, May 3 (AFP) -``;
* a closing credit: a last line ``— AP``, ``(Reuters)``, ``Reuters`` or ``AFP contributed to this report``;
* the byline: an author named ``Associated Press`` or ``By Reuters staff``;
* inside one sentence: ``AFP reported``, ``according to Reuters``, ``told Reuters``, ``Xinhua news agency said``.

Agency names are matched case-sensitively in their usual spelling, so the word "ap" in "a gap" or "Afp" in
a name never counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model import Article

#: spelling as written -> the name shown in the briefing
AGENCIES: dict[str, str] = {
    "Reuters": "Reuters",
    "Thomson Reuters": "Reuters",
    "AP": "Associated Press",
    "Associated Press": "Associated Press",
    "The Associated Press": "Associated Press",
    "AFP": "AFP",
    "Agence France-Presse": "AFP",
    "Agence France Presse": "AFP",
    "dpa": "dpa",
    "DPA": "dpa",
    "Deutsche Presse-Agentur": "dpa",
    "Xinhua": "Xinhua",
    "Anadolu": "Anadolu Agency",
    "Anadolu Agency": "Anadolu Agency",
    "EFE": "EFE",
    "ANSA": "ANSA",
    "PA Media": "PA Media",
    "UPI": "UPI",
    "United Press International": "UPI",
    "Interfax": "Interfax",
    "TASS": "TASS",
    "RIA Novosti": "RIA Novosti",
    "Kyodo": "Kyodo News",
    "Kyodo News": "Kyodo News",
    "Yonhap": "Yonhap",
    "PTI": "PTI",
    "AAP": "AAP",
    "Bloomberg": "Bloomberg",
    "The Canadian Press": "The Canadian Press",
    "Canadian Press": "The Canadian Press",
    "Ukrinform": "Ukrinform",
    "Bernama": "Bernama",
    "Antara": "Antara",
}

# longest spelling first, so "Associated Press" wins over "AP" and "Anadolu Agency" over "Anadolu"
_NAMES = "|".join(re.escape(n) for n in sorted(AGENCIES, key=len, reverse=True))
_DASH = r"[-\u2013\u2014]"
#: "KYIV (Reuters) -", "(AP) —", "PARIS, May 3 (AFP) -": an agency in brackets before a dash, at a paragraph start
_DATELINE = re.compile(rf"^[^\n()]{{0,60}}\((?P<agency>{_NAMES})\)\s*{_DASH}", re.MULTILINE)
#: a closing line that only credits: "— AP", "(Reuters)", "Reuters", "AFP contributed to this report."
_CLOSING = re.compile(
    rf"^\s*(?:{_DASH}\s*)?\(?(?P<agency>{_NAMES})\)?\s*(?:contributed to this (?:report|story)\.?)?\s*$"
)
#: a byline naming an agency: "Associated Press", "By Reuters staff", "AFP in Paris"
_BYLINE = re.compile(rf"^(?:By\s+)?(?P<agency>{_NAMES})(?:\s+(?:staff|reporters?|in\s+\w+))?$", re.IGNORECASE)
#: a sentence that names its agency source
_IN_SENTENCE = re.compile(
    rf"(?:\b(?P<a>{_NAMES})(?:\s+news\s+agency)?\s+(?:reported|reports|said|says|quoted|cited)\b"
    rf"|\baccording\s+to\s+(?:the\s+)?(?P<b>{_NAMES})\b(?!\s+(?:correspondent|reporter)s?\b)"
    rf"|\btold\s+(?P<c>{_NAMES})\b"
    rf"|\b(?:to|by)\s+(?P<d>{_NAMES})\b(?=[,.;]|\s+(?:news\s+agency|on|in|that|by)\b))"
)
#: how much of a body's start a dateline credit may sit in
_LEDE_CHARS = 400


@dataclass(frozen=True)
class Credit:
    """An agency an article or sentence credits, and the words that say so."""

    agency: str
    evidence: str


def _credit(match: re.Match[str], group: str = "agency") -> Credit:
    return Credit(AGENCIES[match.group(group)], " ".join(match.group(0).split()))


def article_credit(article: Article) -> Credit | None:
    """The agency the whole article comes from, when a dateline, closing line or byline says so."""
    found = _DATELINE.search(article.body[:_LEDE_CHARS])
    if found:
        return _credit(found)
    lines = [line for line in article.body.splitlines() if line.strip()]
    for line in lines[-2:]:
        closing = _CLOSING.match(line)
        if closing:
            return _credit(closing)
    for author in article.authors:
        byline = _BYLINE.match(author.strip())
        if byline:
            name = next((n for n in AGENCIES if n.casefold() == byline.group("agency").casefold()), None)
            if name is not None and (name != "AP" or byline.group("agency") == "AP"):
                return Credit(AGENCIES[name], author.strip())
    return None


def sentence_credit(text: str) -> Credit | None:
    """The agency a sentence names as its source ("AFP reported", "according to Reuters", "told Reuters")."""
    found = _IN_SENTENCE.search(text)
    if found is None:
        return None
    group = next(g for g in ("a", "b", "c", "d") if found.group(g))
    return _credit(found, group)
