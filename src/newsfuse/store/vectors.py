"""Sentence-encoder vectors kept with each article's analyses, so that an article is encoded once.

Before a stored story is briefed, its articles' vectors seed the encoder's per-text cache
(:func:`newsfuse.encoder.remember`); after, the vectors the briefing computed for articles that had none are
written.  Vectors of another encoder (``encoder_key``) are ignored.  Like stored analyses this is only an
optimisation: a busy or read-only store leaves the briefing as it is.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np
from sqlalchemy import Engine, insert, select

from .. import encoder
from ..model import ParsedArticle
from .db import WriterLock
from .schema import sentence_vectors


def load(engine: Engine, ids: Sequence[str]) -> set[str]:
    """Seed the encoder cache with the stored vectors of ``ids``; return the ids that had some."""
    found: set[str] = set()
    with engine.connect() as conn:
        for start in range(0, len(ids), 900):
            query = select(sentence_vectors.c.article_id, sentence_vectors.c.texts_json,
                           sentence_vectors.c.vectors).where(
                sentence_vectors.c.article_id.in_(list(ids[start : start + 900])),
                sentence_vectors.c.encoder_key == encoder.MODEL_KEY,
            )
            for row in conn.execute(query):
                texts = json.loads(row.texts_json)
                vectors = np.frombuffer(row.vectors, dtype=np.float32).reshape(len(texts), encoder.DIMENSIONS)
                encoder.remember(texts, vectors)
                found.add(row.article_id)
    return found


def keep(engine: Engine, lock: WriterLock, parsed: Sequence[ParsedArticle], have: set[str]) -> list[str]:
    """Write the vectors this process holds for the sentences of articles without stored ones."""
    rows: list[dict[str, str | bytes]] = []
    for doc in parsed:
        if doc.article in have:
            continue
        vectors = encoder.cached([s.text for s in doc.sentences])
        if not vectors:
            continue
        texts = list(vectors)
        packed = np.stack([vectors[t] for t in texts]).astype(np.float32).tobytes()
        rows.append({"article_id": doc.article, "encoder_key": encoder.MODEL_KEY,
                     "texts_json": json.dumps(texts, ensure_ascii=False), "vectors": packed})
    if not rows:
        return []
    with lock.hold(wait=0), engine.begin() as conn:
        present = set(conn.execute(select(sentence_vectors.c.article_id).where(
            sentence_vectors.c.article_id.in_([str(r["article_id"]) for r in rows]),
            sentence_vectors.c.encoder_key == encoder.MODEL_KEY,
        )).scalars())
        rows = [r for r in rows if r["article_id"] not in present]
        if rows:
            conn.execute(insert(sentence_vectors), rows)
    return [str(r["article_id"]) for r in rows]
