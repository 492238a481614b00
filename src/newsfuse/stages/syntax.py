"""Helpers over a parsed sentence's dependency tree, shared by the stage packages.

They read the typed parse (:class:`~newsfuse.model.Token`), never spaCy objects, and hold no state.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import ParsedSentence, Token

#: report verbs: a sentence framed by one states a figure or a claim on someone's word
SPEECH_LEMMAS = {
    "say", "tell", "announce", "report", "claim", "state", "add", "estimate", "confirm", "deny", "write",
    "post", "insist", "assert", "acknowledge", "admit", "warn", "declare", "allege", "note", "reject",
}  # fmt: skip


def children_of(tokens: Sequence[Token]) -> dict[int, list[Token]]:
    kids: dict[int, list[Token]] = {t.i: [] for t in tokens}
    for t in tokens:
        if t.head != t.i and t.head in kids:
            kids[t.head].append(t)
    return kids


def subtree_span(tokens: Sequence[Token], root: int, kids: dict[int, list[Token]]) -> tuple[int, int]:
    """Lowest and highest token index in the subtree of ``root``."""
    lo = hi = root
    stack = [root]
    seen = {root}
    while stack:
        i = stack.pop()
        lo, hi = min(lo, i), max(hi, i)
        for k in kids.get(i, []):
            if k.i not in seen:
                seen.add(k.i)
                stack.append(k.i)
    return lo, hi


def span_text(sentence: ParsedSentence, lo: int, hi: int) -> str:
    first, last = sentence.tokens[lo], sentence.tokens[hi]
    return sentence.text[first.idx - sentence.start : last.idx - sentence.start + len(last.text)]


def ancestors(tokens: Sequence[Token], i: int, limit: int = 12) -> list[int]:
    out: list[int] = []
    while tokens[i].head != i and len(out) < limit:
        i = tokens[i].head
        out.append(i)
    return out


def governing_verb(tokens: Sequence[Token], i: int) -> int | None:
    for a in [i, *ancestors(tokens, i)]:
        if tokens[a].pos in ("VERB", "AUX") and tokens[a].dep != "aux":
            return a
    return None


def noun_phrase(tokens: Sequence[Token], noun: int, kids: dict[int, list[Token]]) -> str:
    """The noun with the compound modifiers right before it ("tank crews")."""
    lo = noun
    while lo - 1 >= 0 and tokens[lo - 1].dep == "compound" and tokens[lo - 1].head in (noun, lo):
        lo -= 1
    return " ".join(t.text for t in tokens[lo : noun + 1])
