"""Coverage at a glance: the main facts (rows) by outlet (columns), as coverage-comparison sites show it.

A pure function of the briefing (:func:`coverage`).  Each cell says whether the outlet *reported* the fact,
*reported it differently* (the value it gives instead, from the dispute), or did *not report* it.  Outlets are
grouped by independence: outlets that carried one wire copy (``Claim.copies``) sit under the agency they copy,
and an outlet whose articles are all near-duplicates of another outlet's sits under that outlet.  Rows are
ordered disputed first, then by the number of independent outlets; two claims in dispute are one row.  Facts
only one outlet reports are not rows: they are folded per outlet ("only in X").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from ..model import Briefing, Claim
from .changes import new_articles

Status = Literal["reported", "different", "absent"]
STATUS_TEXT = {"reported": "reported", "different": "reported differently", "absent": "not reported"}


@dataclass(frozen=True)
class OutletGroup:
    """Columns that count as one independent source: an outlet, or an agency and the outlets copying it."""

    label: str
    outlets: list[str]
    #: the agency (or original outlet) the group's outlets copy; ``None`` for an outlet on its own
    copies: str | None = None


@dataclass(frozen=True)
class Cell:
    outlet: str
    status: Status
    #: the value this outlet gives when the fact is disputed ("about 2,500 sq km")
    value: str | None = None
    #: the claim whose sentence this outlet's cell stands for (the other side's claim for "different")
    claim: str | None = None

    @property
    def text(self) -> str:
        return STATUS_TEXT[self.status] + (f": {self.value}" if self.value else "")


@dataclass(frozen=True)
class CoverageRow:
    claim: Claim
    cells: list[Cell]
    disputed: bool
    independent: int
    #: claims merged into this row (the other sides of its disputes)
    partners: list[str] = field(default_factory=list)
    new: bool = False


@dataclass(frozen=True)
class SoloFacts:
    """Facts only one outlet reports."""

    outlet: str
    claims: list[Claim]


@dataclass(frozen=True)
class Coverage:
    groups: list[OutletGroup]
    rows: list[CoverageRow]
    solo: list[SoloFacts]

    @property
    def outlets(self) -> list[str]:
        """The columns, in order."""
        return [o for g in self.groups for o in g.outlets]


def _labels(b: Briefing) -> dict[str, str]:
    return {a.id: (a.outlet or a.title or a.id) for a in b.articles}


def outlet_groups(b: Briefing) -> list[OutletGroup]:
    """Every outlet of the briefing, grouped by independence (copies under whom they copy)."""
    label = _labels(b)
    outlets = sorted(set(label.values()), key=str.casefold)
    copy_of: dict[str, Counter[str]] = {}
    for c in b.claims:
        for group in c.copies:
            if len(group.outlets) < 2 and not group.source:
                continue
            source = group.source or group.outlets[0]
            for name in group.outlets:
                if name != source:
                    copy_of.setdefault(name, Counter())[source] += 1
    originals: dict[str, set[str]] = {}
    for a in b.articles:
        own = label[a.id]
        original = label.get(a.duplicate_of or "", "") if a.duplicate_of else ""
        originals.setdefault(own, set()).add(original)
    for name, found in originals.items():
        if "" not in found and len(found) == 1 and (source := next(iter(found))) != name:
            copy_of.setdefault(name, Counter())[source] += 1
    under: dict[str, list[str]] = {}
    alone: list[str] = []
    for name in outlets:
        if name in copy_of:
            under.setdefault(copy_of[name].most_common(1)[0][0], []).append(name)
        else:
            alone.append(name)
    groups: list[OutletGroup] = []
    for name in alone:
        copied_by = under.pop(name, [])
        groups.append(OutletGroup(name, [name, *copied_by], copies=name if copied_by else None))
    for source, names in sorted(under.items(), key=lambda kv: kv[0].casefold()):
        groups.append(OutletGroup(f"{source} (wire)", names, copies=source))
    return groups


def _claim_outlets(claim: Claim, label: dict[str, str]) -> set[str]:
    return {label.get(a, a) for a in claim.articles} | set(claim.outlets)


def coverage(b: Briefing) -> Coverage:
    """The coverage matrix of ``b``: outlet groups, rows of facts, and the facts of one outlet folded."""
    label = _labels(b)
    groups = outlet_groups(b)
    columns = [o for g in groups for o in g.outlets]
    new = new_articles(b)
    by_id = {c.id: c for c in b.claims}
    merged: set[str] = set()
    rows: list[CoverageRow] = []
    solo: dict[str, list[Claim]] = {}
    for c in b.claims:
        if c.id in merged:
            continue
        carried = _claim_outlets(c, label)
        if c.conflicts:
            partners = [x.claim for x in c.conflicts if x.claim in by_id and x.claim not in merged]
            merged |= {c.id, *partners}
            cells = []
            own_value = next((s.value for x in c.conflicts for s in x.sides[:1]), None)
            for name in columns:
                if name in carried:
                    cells.append(Cell(name, "reported", own_value, c.id))
                    continue
                other: tuple[str, str | None] | None = next(((x.claim, s.value) for x in c.conflicts for s in x.sides[1:] if s.outlet == name), None)
                if other is None:  # an outlet carrying the partner claim but not named on a side
                    other = next(((p, None) for p in partners if name in _claim_outlets(by_id[p], label)), None)
                cells.append(Cell(name, "different", other[1], other[0]) if other else Cell(name, "absent"))
            touched = set(c.articles).union(*(by_id[p].articles for p in partners))
            rows.append(CoverageRow(c, cells, True, c.support, partners, bool(touched & new)))
            continue
        if len(carried) <= 1:
            solo.setdefault(next(iter(carried), "?"), []).append(c)
            continue
        cells = [Cell(name, "reported" if name in carried else "absent", None, c.id if name in carried else None)
                 for name in columns]
        rows.append(CoverageRow(c, cells, False, c.support, [], bool(set(c.articles) & new)))
    order = {c.id: i for i, c in enumerate(b.claims)}
    rows.sort(key=lambda r: (not r.disputed, -r.independent, order[r.claim.id]))
    folded = [SoloFacts(o, solo[o]) for o in sorted(solo, key=str.casefold)]
    return Coverage(groups, rows, folded)
