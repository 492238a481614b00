"""Places the NER stage names without tagging them as places: demonyms and the outlet's home town.

* A demonym ("Sudanese", "Turkish") is typed ``other`` by the entities stage; it still names its country.
  Modifying a word for land ("Sudanese soil", "the Turkish border") it is a location; otherwise
  ("Sudanese forces", "Turkish officials") it stands for the country's people or government, as
  "Moscow said" does, and the place is an ``actor``.
* A local paper's own town ("Gainesville" for the *Gainesville Sun*, "Henry" for the *Henry Herald*)
  votes, once, for the briefing's country and region, so its namesakes elsewhere lose; it is no place
  of the briefing itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ...gazetteer import NAME_DEMONYM, DocumentContext, Gazetteer, GazetteerEntry, NameQuery, normalise_name
from ...model import ParsedSentence

# Nouns of land and borders a demonym modifies when it means the country as a location.
LAND_NOUNS = frozenset({
    "soil", "territory", "border", "borders", "side", "land", "lands", "capital", "city", "town", "village",
    "coast", "coastline", "waters", "airspace", "region", "province", "frontier", "countryside", "port",
    "island", "islands", "mainland", "interior", "north", "south", "east", "west", "highlands", "desert",
})
# Last words of a news outlet's name: the words before them name its home ("Gainesville Sun").
OUTLET_WORDS = frozenset({
    "times", "herald", "gazette", "tribune", "post", "press", "news", "journal", "sun", "star", "courier",
    "register", "record", "daily", "chronicle", "observer", "examiner", "dispatch", "bulletin", "enquirer",
    "inquirer", "sentinel", "telegraph", "standard", "leader", "democrat", "review", "citizen", "patriot",
    "mercury", "ledger", "beacon", "argus", "eagle", "banner", "globe", "reporter", "advocate", "messenger",
    "pioneer", "register-guard", "bee", "statesman", "union", "evening", "morning", "weekly", "sunday",
})
_MAX_HOME_WORDS = 3


def demonym_country(gazetteer: Gazetteer, name: str) -> GazetteerEntry | None:
    """The country ``name`` is the demonym or adjective of ("Sudanese" -> Sudan), if exactly one."""
    key = normalise_name(name.strip().removeprefix("the ").removeprefix("The "))
    countries = {e.geonameid: e for e in gazetteer.lookup(key) if e.match_kind == NAME_DEMONYM and e.feature == "A.PCLI"}
    return next(iter(countries.values())) if len(countries) == 1 else None


def modifies_land(sentence: ParsedSentence, head: int) -> bool:
    """The token modifies a noun for land or a border ("Sudanese soil", "the Turkish border town")."""
    tok = sentence.tokens[head]
    if tok.dep not in ("amod", "compound", "nmod") or tok.head == tok.i:
        return False
    return sentence.tokens[tok.head].lemma.casefold() in LAND_NOUNS


def home_name(outlet: str) -> str | None:
    """"The Gainesville Sun" -> "Gainesville": the capitalised words before the first outlet word."""
    words = outlet.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    for n, word in enumerate(words):
        if word.lower().strip(".,") in OUTLET_WORDS:
            if 1 <= n <= _MAX_HOME_WORDS and all(w[:1].isupper() for w in words[:n]):
                return " ".join(words[:n])
            return None
    return None


def home_queries(outlets: Iterable[str | None]) -> list[NameQuery]:
    """One query per distinct home named by the outlets; each weighs as one mention."""
    names = dict.fromkeys(name for outlet in outlets if outlet and (name := home_name(outlet)))
    return [NameQuery(name=name, count=1) for name in names]


def with_homes(ctx: DocumentContext, homes: Iterable[GazetteerEntry | None]) -> DocumentContext:
    """The briefing's context with the outlets' home towns' regions named, and their country as the focus
    when the text set none: a local paper's "Henry County" is the one of its own state."""
    found = [e for e in homes if e is not None and e.country and e.feature != "A.PCLI"]
    if not found:
        return ctx
    regions = {(e.country, e.admin1) for e in found if e.admin1}
    return replace(
        ctx,
        focus_country=ctx.focus_country or found[0].country,
        countries=ctx.countries | {e.country for e in found},
        admin1=ctx.admin1 | regions,
    )
