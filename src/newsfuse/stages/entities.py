"""Stage: cross-document entities.

Reads ``ParsedArticle.mentions``; writes ``Briefing.entities``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from ..model import Entity, EntityType, MentionRef, ParsedArticle


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def canonicalise(parsed: Sequence[ParsedArticle]) -> list[Entity]:
    """Group mentions by exact normalised name and voted type (the baseline grouping)."""
    groups: dict[str, list[tuple[str, EntityType, MentionRef]]] = defaultdict(list)
    for doc in parsed:
        for m in doc.mentions:
            groups[_key(m.text)].append(
                (m.text, m.type, MentionRef(article=m.article, sentence=m.sentence, text=m.text))
            )
    entities: list[Entity] = []
    for members in groups.values():
        surface = Counter(text for text, _, _ in members)
        types = Counter(t for _, t, _ in members)
        name = max(surface, key=lambda s: (surface[s], len(s)))
        entities.append(
            Entity(
                id="",
                name=name,
                type=types.most_common(1)[0][0],
                variants=sorted(surface),
                mentions=[ref for _, _, ref in members],
            )
        )
    entities.sort(key=lambda e: (-len(e.mentions), e.name))
    for n, entity in enumerate(entities, 1):
        entity.id = f"E{n}"
    return entities
