"""Surface forms of names: what part of a NER mention is the name itself.

A NER span often carries more than the name: a leading article ("the
Kremlin"), a possessive ("Zelensky's"), an honorific or office ("Mr",
"President", "Gen"), a legal-form suffix on a company ("Apple Inc.").  This
module strips those so that the entity stage compares names, and it decides
which spans are not names at all (NER noise) and which are acronyms.

Nothing here knows about particular people or places: the word lists are
closed grammatical classes (determiners, honorifics, legal forms).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Apostrophe-like characters seen in news text (straight, curly, modifier letters).
APOSTROPHES = "'\u2019\u2018\u02bc\u02b9\u0060\u00b4"

_LEADING_DETERMINERS = frozenset({"the"})

#: Honorifics: they only ever precede a personal name, so they are stripped
#: whatever the NER label.  Matched case-insensitively, with or without a full stop.
HONORIFICS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "sir",
        "dame",
        "rev",
        "sen",
        "rep",
        "gov",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "adm",
        "sgt",
        "cmdr",
    }
)

#: Offices, ranks and roles.  "General" also starts "General Motors", so these
#: are stripped only from spans the NER labels PERSON ("President Emmanuel Macron").
OFFICES = frozenset(
    {
        "professor",
        "lord",
        "lady",
        "president",
        "vice",
        "prime",
        "minister",
        "chancellor",
        "premier",
        "secretary",
        "senator",
        "representative",
        "congressman",
        "congresswoman",
        "governor",
        "mayor",
        "ambassador",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "sheikh",
        "emir",
        "ayatollah",
        "general",
        "lieutenant",
        "colonel",
        "major",
        "captain",
        "admiral",
        "sergeant",
        "commander",
        "chief",
        "judge",
        "justice",
        "reverend",
        "father",
        "rabbi",
        "imam",
        "ceo",
        "cfo",
        "chairman",
        "chairwoman",
        "chair",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "foreign",
        "defence",
        "defense",
        "interior",
        "finance",
        "deputy",
        "acting",
        "former",
        "ex",
        "late",
        "founder",
        "director",
        "head",
        "leader",
        "mp",
        "mep",
        "president-elect",
        "executive",
        "officer",
    }
)

#: Company legal forms: "Apple Inc." and "Apple" name the same company.
ORG_DESIGNATORS = frozenset(
    {
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "ltd",
        "limited",
        "llc",
        "plc",
        "nv",
        "n.v",
        "ag",
        "sa",
        "s.a",
        "gmbh",
        "spa",
        "s.p.a",
        "bv",
        "ab",
        "asa",
        "oyj",
        "se",
        "lp",
        "llp",
    }
)

#: Function words skipped when forming an acronym from its expansion.
ACRONYM_STOPWORDS = frozenset(
    {"of", "the", "and", "for", "&", "de", "du", "des", "la", "le", "on", "in", "to"}
)

#: Function words no name ends with; a span ending in one was cut short by the NER.
TRAILING_FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "to", "in", "on", "at", "by", "with", "&", "de"})

#: Last words of street, square and quarter names ("Royal Street", "Harbour Square").
STREET_HEADS = frozenset(
    {
        "street",
        "st",
        "avenue",
        "ave",
        "road",
        "boulevard",
        "blvd",
        "lane",
        "square",
        "plaza",
        "quarter",
        "promenade",
        "embankment",
    }
)
#: First words of street and quarter names in the languages whose street names reach English news
#: untranslated ("Faubourg Marigny", "Rue Cler", "Via Roma", "Calle Mayor", "Piazza Navona").
STREET_LEADS = frozenset(
    {"faubourg", "rue", "boulevard", "avenue", "via", "viale", "piazza", "calle", "avenida", "plaza", "praca", "strasse"}
)
#: Last words of event names ("Harvest Tech Day", "the Velloso Summit", "the Great Flood Genocide"):
#: an event is neither a place nor a person.
EVENT_HEADS = frozenset(
    {
        "day",
        "week",
        "summit",
        "conference",
        "festival",
        "forum",
        "expo",
        "awards",
        "championship",
        "championships",
        "olympics",
        "genocide",
        "massacre",
        "war",
        "revolution",
        "uprising",
        "election",
        "elections",
        "referendum",
        "marathon",
    }
)


def street_like(tokens: tuple[str, ...]) -> bool:
    """A street, square or quarter name: "Harbour Street", "Faubourg Saint-Vire" (see the word lists)."""
    if len(tokens) < 2 or not all(t[:1].isupper() for t in tokens):
        return False
    return fold(tokens[-1]).rstrip(".") in STREET_HEADS or fold(tokens[0]) in STREET_LEADS


def event_like(tokens: tuple[str, ...]) -> bool:
    """An event's name: "Orvane Cyber Day", "Tarnow Summit"."""
    return len(tokens) >= 2 and fold(tokens[-1]) in EVENT_HEADS


_POSSESSIVE = re.compile(rf"\s?[{APOSTROPHES}]s?$", re.IGNORECASE)
_HAS_LETTER = re.compile(r"[^\W\d_]")
# "agoShare", "UpdatedMarch": a lowercase run glued to a capitalised word, the
# mark of page furniture run together by HTML-to-text conversion.  Real names
# with inner capitals ("McDonald", "DeSantis", "iPhone", "MoD") have at most
# two lowercase letters before the capital or start with an uppercase letter.
_GLUED = re.compile(r"^[a-z]{3,}[A-Z][a-z]")


@dataclass(frozen=True)
class NameForm:
    """A mention reduced to its name.

    ``name`` is the name as written minus determiner, possessive and titles;
    ``titled`` says a personal title was stripped (evidence for a person);
    ``tokens`` are the name's words.
    """

    name: str
    tokens: tuple[str, ...]
    titled: bool


# Latin letters that Unicode does not decompose into base letter + mark.
_UNDECOMPOSED = str.maketrans(
    {"ı": "i", "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"}
)


def fold(text: str) -> str:
    """Casefold and strip diacritics, so that "Kyïv" and "kyiv", "Łódź" and "Lodz" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_UNDECOMPOSED))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().translate(_UNDECOMPOSED)


def noise_reason(text: str) -> str | None:
    """Why a NER span is obviously not a name, or None when it may be one.

    Conservative on purpose: a wrong rejection loses an entity for good, a
    wrong acceptance only adds a small entity.
    """
    stripped = text.strip()
    if not _HAS_LETTER.search(stripped):
        return "no letters"
    letters = [c for c in stripped if c.isalpha()]
    if len(letters) < 2:
        return "one letter"
    words = stripped.split()
    while words and fold(words[0]) in _LEADING_DETERMINERS | {
        "a",
        "an",
        "this",
        "that",
        "its",
        "their",
        "his",
        "her",
    }:
        words = words[1:]
    if words and all(not c.isupper() for w in words for c in w if c.isalpha()):
        return "no capital letter"
    if any(_GLUED.match(w) for w in words):
        return "glued words"
    return None


def strip_possessive(text: str) -> str:
    """ "France's" -> "France", "Paris's" -> "Paris", "Apple 's" -> "Apple", "Jones'" -> "Jones"."""
    stripped = _POSSESSIVE.sub("", text)
    return stripped if _HAS_LETTER.search(stripped) else text


def _is_title(word: str, person: bool) -> bool:
    folded = fold(word).rstrip(".")
    return folded in HONORIFICS or (person and folded in OFFICES)


def _is_designator(word: str) -> bool:
    return fold(word).strip(".,") in ORG_DESIGNATORS


def name_form(text: str, person: bool = False) -> NameForm:
    """Reduce a mention to its name: drop "the", possessive, titles and trailing legal forms.

    ``person`` (the NER says PERSON) also strips offices and a descriptor in
    front of the last title word: "Apple CEO Steve Jobs" -> "Steve Jobs".
    """
    words = strip_possessive(" ".join(text.split())).split()
    while len(words) > 1 and fold(words[0]) in _LEADING_DETERMINERS:
        words = words[1:]
    titled = False
    if person:
        # The name is what follows the last title word, if that is a capitalised name.
        last_title = max((n for n, w in enumerate(words[:-1]) if _is_title(w, person)), default=-1)
        rest = words[last_title + 1 :]
        if last_title >= 0 and 1 <= len(rest) <= 4 and all(w[:1].isupper() for w in rest):
            words, titled = rest, True
    # Keep at least one word: "President" alone is then its own (odd) entity, not an empty one.
    while len(words) > 1 and _is_title(words[0], person):
        words = words[1:]
        titled = True
    while len(words) > 1 and (_is_designator(words[-1]) or fold(words[-1]) in TRAILING_FUNCTION_WORDS):
        # "the Great House of" (the NER stopped before the rest): a name does not end in "of".
        words = words[:-1]
    # Keep at least the span itself: a lone "," is noise for noise_reason to reject, not an empty name.
    words = [w.rstrip(",") for w in words if w.rstrip(",")] or words
    return NameForm(name=" ".join(words), tokens=tuple(words), titled=titled)


def is_acronym(name: str) -> bool:
    """ "IAEA", "MoD", "U.S.", "AFU": 2-8 letters, at least two capitals, no lowercase run of 2+ in the letters."""
    if " " in name:
        return False
    letters = name.replace(".", "").replace("&", "")
    if not 2 <= len(letters) <= 8 or not letters.isalpha():
        return False
    capitals = sum(c.isupper() for c in letters)
    if capitals < 2 or letters[0].islower():
        return False
    # Lowercase letters in an acronym stand for function words ("MoD"), one at a time.
    return not re.search(r"[a-z]{2}", letters)


def acronym_letters(acronym: str) -> tuple[str, str]:
    """(capital letters, all letters) of an acronym, casefolded: "MoD" -> ("md", "mod")."""
    letters = acronym.replace(".", "").replace("&", "")
    return "".join(c for c in letters if c.isupper()).casefold(), letters.casefold()


def initials(tokens: tuple[str, ...]) -> tuple[str, str]:
    """(initials of content words, initials of all words) of an expansion, casefolded."""
    words = [w for part in tokens for w in part.split("-") if w]
    content = "".join(w[0] for w in words if fold(w) not in ACRONYM_STOPWORDS and w[0].isalpha())
    every = "".join(w[0] for w in words if w[0].isalpha())
    return content.casefold(), every.casefold()


def expands(acronym: str, tokens: tuple[str, ...]) -> bool:
    """Whether a multi-word name spells the acronym: "MoD" / "Ministry of Defence", "IAEA" / "International ..."."""
    if len(tokens) < 2:
        return False
    capitals, every_letter = acronym_letters(acronym)
    content, every_word = initials(tokens)
    if len(capitals) < 2:
        return False
    return capitals == content or every_letter == every_word or every_letter == content


def looks_like_personal_name(tokens: tuple[str, ...]) -> bool:
    """2-4 capitalised words, no digits: the shape of "Emmanuel Macron" or "Kaja Kallas"."""
    if not 2 <= len(tokens) <= 4:
        return False
    return all(t[:1].isupper() and not any(c.isdigit() for c in t) for t in tokens)


def _initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1 and word[:1].isupper()


def given_names_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """ "Timothy D. Cook" / "Tim Cook": same surname, one given name a 3+ letter prefix of the other,
    middle initials ignored.  "Tim Cook" / "Tom Cook" and "Tim Cook" / "Tim Brook" disagree."""
    if len(a) < 2 or len(b) < 2 or fold(a[-1]) != fold(b[-1]):
        return False
    if any(not _initial(w) for w in (*a[1:-1], *b[1:-1])):
        return False
    first_a, first_b = sorted((fold(a[0]).rstrip("."), fold(b[0]).rstrip(".")), key=len)
    return len(first_a) >= 3 and first_b.startswith(first_a)
