"""Stage: say which outlets carried a copy of each claim's text, and from whom when the text says so.

Reads ``Briefing.claims`` and the articles; writes ``Claim.copies`` and, where copies were counted twice,
``Claim.support``, ``single_source`` and a note.

A claim's sentences are grouped by where they come from: sentences of one article and its whole-article copies
(``duplicate_of``), the same sentence word for word (eight words or more) in several outlets, and sentences
credited to one news agency (by their article's dateline, closing line or byline, or in the sentence itself:
"AFP reported").  Each group of two or more outlets, or of one outlet crediting an agency, becomes an
:class:`~newsfuse.model.AgencyCopy` naming the agency when one is credited.  An agency counts once, as one
independent source, however many outlets carry it, and the same as the agency's own article; the claims
stage's count only ever goes down here, never up.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Sequence

from ...model import AgencyCopy, Article, Claim
from .copies import outlet_key
from .credits import Credit, article_credit, sentence_credit

_WORD = re.compile(r"\w+")
#: a sentence shorter than this may match another outlet's by chance; longer identical ones are copy
COPY_MIN_WORDS = 8


def _root(article: Article, by_id: dict[str, Article]) -> Article:
    seen = {article.id}
    while article.duplicate_of and article.duplicate_of not in seen and article.duplicate_of in by_id:
        seen.add(article.duplicate_of)
        article = by_id[article.duplicate_of]
    return article


def _agency_key(agency: str) -> str:
    # the same key as an outlet of that name, so "Reuters" the outlet and Reuters copy count once
    return " ".join(agency.casefold().split()).removeprefix("the ")


def _attribute(claim: Claim, by_id: dict[str, Article], credits: dict[str, Credit | None]) -> Claim:
    refs = [r for r in claim.sentences if r.article in by_id]
    if len(refs) == 0:
        return claim
    parent = list(range(len(refs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(keys_of: list[list[Hashable]]) -> None:
        first: dict[Hashable, int] = {}
        for i, keys in enumerate(keys_of):
            for key in keys:
                if key in first:
                    parent[find(i)] = find(first[key])
                else:
                    first[key] = i

    credit_of: list[Credit | None] = []
    copy_keys: list[list[Hashable]] = []
    for ref in refs:
        article = by_id[ref.article]
        root = _root(article, by_id)
        credit = sentence_credit(ref.text) or credits[article.id] or credits[root.id]
        credit_of.append(credit)
        keys: list[Hashable] = [("root", root.id)]
        words = tuple(w.casefold() for w in _WORD.findall(ref.text))
        if len(words) >= COPY_MIN_WORDS:
            keys.append(("text", words))
        if credit is not None:
            keys.append(("agency", _agency_key(credit.agency)))
        copy_keys.append(keys)
    join(copy_keys)
    groups: dict[int, list[int]] = {}
    for i in range(len(refs)):
        groups.setdefault(find(i), []).append(i)

    copies: list[AgencyCopy] = []
    for members in groups.values():
        outlets = list(dict.fromkeys(by_id[refs[i].article].outlet or refs[i].article for i in members))
        credited = [c for i in members if (c := credit_of[i]) is not None]
        if len(outlets) < 2 and not credited:
            continue
        agency = Counter(c.agency for c in credited).most_common(1)[0][0] if credited else None
        evidence = next((c.evidence for c in credited if c.agency == agency), None)
        copies.append(AgencyCopy(source=agency, evidence=evidence, outlets=outlets,
                                 articles=list(dict.fromkeys(refs[i].article for i in members))))

    # independent sources: copy groups joined further by outlet (one outlet counts once)
    source_keys: list[list[Hashable]] = []
    for ref, credit in zip(refs, credit_of, strict=True):
        keys = [("outlet", outlet_key(_root(by_id[ref.article], by_id)))]
        if credit is not None:
            keys.append(("outlet", _agency_key(credit.agency)))
        source_keys.append(list(keys))
    join(source_keys)
    independent = len({find(i) for i in range(len(refs))})
    update: dict[str, object] = {"copies": copies}
    if independent < claim.support:
        notes = list(claim.notes)
        notes += [f"{', '.join(c.outlets)} carry {c.source} copy: counted once"
                  for c in copies if c.source is not None and len(c.outlets) > 1]
        update.update(support=independent, single_source=independent == 1, notes=notes)
    return claim.model_copy(update=update)


def attribute_copies(claims: Sequence[Claim], articles: Sequence[Article]) -> list[Claim]:
    """Stage: each claim with its :class:`~newsfuse.model.AgencyCopy` groups and its support counted honestly."""
    by_id = {a.id: a for a in articles}
    credits = {a.id: article_credit(a) for a in articles}
    return [_attribute(claim, by_id, credits) for claim in claims]
