"""Cross-document entity coreference on MEANTIME (English, CDCR conversion).

Usage: ``.venv/bin/python bench/eval_entities.py [--skip-predicted]``

Reads ``../shared/eval-data/meantime-en/`` (relative to the repository root)
and prints MUC, B-cubed, CEAF-e and CoNLL F1 for newsfuse's entity stage and
for a same-string baseline (mentions with equal lowercased text are one
entity), in two settings:

(a) gold mentions: every gold entity mention becomes a NER mention of its own
    gold type (PER->person, ORG->org, LOC->place, other->other) and the
    mentions are clustered by ``newsfuse.stages.entities.canonical.canonicalise``; no
    spaCy.  Gold mentions the stage rejects as not names (pronouns, common
    nouns) stay singletons in the response.
(b) predicted mentions: the documents are rebuilt from ``meantime.conll``,
    parsed by ``newsfuse.nlp`` and canonicalised; predicted mentions are
    matched one-to-one to gold mentions of the same document by token
    overlap, unmatched ones count as spurious.

Each is reported on all gold entity mentions (including the pronouns and
nominals the corpus annotates, which a name-based stage cannot resolve) and on
the "names" subset: gold mentions whose head is a proper noun.  In the names
subset of (b), predicted mentions that match an excluded (non-name) gold
mention are dropped rather than counted as spurious.

Gold identity: a chain id of the conversion is a prefix ("cross_",
"cross_intra_", "intra_") plus the MEANTIME ``instance_id``; the same instance
(e.g. the one Boeing of ``list_instances.csv``) appears under several prefixes
depending on which annotation layer a mention came from.  The instance id is
the referent, so it is what is scored; ``--raw-chains`` scores the prefixed ids.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path

from coref_metrics import CorefScores, score_all
from newsfuse.model import Entity, EntityType, Mention, ParsedArticle, ParsedSentence

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT.parent / "shared" / "eval-data" / "meantime-en"

_GOLD_TYPES: dict[str, tuple[str, EntityType]] = {
    "PER": ("PERSON", "person"),
    "ORG": ("ORG", "org"),
    "LOC": ("LOC", "place"),
}
# No space before these tokens when rebuilding text, none after the opening ones.
_NO_SPACE_BEFORE = frozenset(
    {",", ".", ":", ";", "?", "!", ")", "]", "%", "'s", "'", "n't", "'re", "'ve", "'ll", "'d"}
)
_NO_SPACE_AFTER = frozenset({"(", "[", "$", "US$", "#"})

TokenId = tuple[int, int]  # (sentence, token)
_CHAIN_PREFIX = re.compile(r"^(?:cross_|intra_)+")


@dataclass(frozen=True)
class Document:
    key: str
    text: str
    sentences: list[tuple[int, int]]  # char span of each sentence, by conll sentence id
    token_spans: dict[TokenId, tuple[int, int]]


@dataclass(frozen=True)
class GoldMention:
    id: int
    doc: str
    sentence: int
    tokens: tuple[int, ...]
    text: str
    chain: str
    kind: str
    is_name: bool


def read_conll(path: Path) -> dict[str, Document]:
    """Rebuild each document's text, one conll sentence per line, with the span of every token."""
    rows: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            rows[fields[0]].append((int(fields[1]), int(fields[2]), fields[3]))
    documents: dict[str, Document] = {}
    for key, tokens in rows.items():
        text = ""
        spans: dict[TokenId, tuple[int, int]] = {}
        sentence_spans: dict[int, tuple[int, int]] = {}
        previous_sentence, previous_token = -1, ""
        for sentence, index, token in tokens:
            if sentence != previous_sentence:
                if text:
                    text += "\n"
                sentence_start = len(text)
            elif token not in _NO_SPACE_BEFORE and previous_token not in _NO_SPACE_AFTER:
                text += " "
            spans[(sentence, index)] = (len(text), len(text) + len(token))
            text += token
            sentence_spans[sentence] = (sentence_start, len(text))
            previous_sentence, previous_token = sentence, token
        ordered = [sentence_spans[s] for s in sorted(sentence_spans)]
        documents[key] = Document(key=key, text=text, sentences=ordered, token_spans=spans)
    return documents


def read_gold(path: Path, raw_chains: bool = False) -> list[GoldMention]:
    """Gold entity mentions; ``chain`` is the MEANTIME instance id unless ``raw_chains``."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    return [
        GoldMention(
            id=n,
            doc=m["conll_doc_key"],
            sentence=int(m["sent_id"]),
            tokens=tuple(int(t) for t in m["tokens_number"]),
            text=m["tokens_str"],
            chain=m["coref_chain"] if raw_chains else _CHAIN_PREFIX.sub("", m["coref_chain"]),
            kind=m["mention_type"],
            is_name=m["mention_head_pos"] == "PROPN",
        )
        for n, m in enumerate(raw)
    ]


def _clusters(assignment: dict[Hashable, Hashable]) -> list[set[Hashable]]:
    grouped: dict[Hashable, set[Hashable]] = defaultdict(set)
    for mention, cluster in assignment.items():
        grouped[cluster].add(mention)
    return list(grouped.values())


def gold_articles(gold: Sequence[GoldMention], documents: dict[str, Document]) -> list[ParsedArticle]:
    """Gold mentions as NER output, one ParsedArticle per document (no tokens: the stage reads mentions)."""
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for g in gold:
        doc = documents[g.doc]
        start = doc.token_spans[(g.sentence, min(g.tokens))][0]
        end = doc.token_spans[(g.sentence, max(g.tokens))][1]
        label, etype = _GOLD_TYPES.get(g.kind, (g.kind, "other"))
        by_doc[g.doc].append(
            Mention(
                article=g.doc, sentence=g.sentence, text=g.text, start=start, end=end, label=label, type=etype
            )
        )
    return [
        ParsedArticle(article=key, sentences=_sentences(documents[key]), mentions=ms)
        for key, ms in by_doc.items()
    ]


def _sentences(doc: Document) -> list[ParsedSentence]:
    return [
        ParsedSentence(index=i, text=doc.text[s:e], start=s, end=e, tokens=[])
        for i, (s, e) in enumerate(doc.sentences)
    ]


def _entity_assignment(
    articles: Sequence[ParsedArticle], entities: Sequence[Entity], mention_ids: Sequence[Hashable]
) -> dict[Hashable, Hashable]:
    """Map each input mention id to its entity id.  ``mention_ids`` follows the order of the articles' mentions."""
    # MentionRef has no offsets; mentions equal in (article, sentence, text) are
    # treated alike by the stage, so handing them out in order is exact.
    queue: dict[tuple[str, int, str], list[Hashable]] = defaultdict(list)
    ordered = [m for a in articles for m in a.mentions]
    for mention, mention_id in zip(ordered, mention_ids, strict=True):
        queue[(mention.article, mention.sentence, mention.text)].append(mention_id)
    assignment: dict[Hashable, Hashable] = {}
    for entity in entities:
        for ref in entity.mentions:
            assignment[queue[(ref.article, ref.sentence, ref.text)].pop(0)] = entity.id
    return assignment


def same_string_assignment(
    articles: Sequence[ParsedArticle], mention_ids: Sequence[Hashable]
) -> dict[Hashable, Hashable]:
    ordered = [m for a in articles for m in a.mentions]
    return {mid: " ".join(m.text.casefold().split()) for m, mid in zip(ordered, mention_ids, strict=True)}


Clusterer = Callable[[Sequence[ParsedArticle]], list[Entity]]


def evaluate_gold_mentions(
    gold: Sequence[GoldMention],
    documents: dict[str, Document],
    clusterer: Clusterer,
    names_only: bool = False,
) -> dict[str, CorefScores]:
    """Setting (a): cluster the gold mention strings; singletons for whatever the stage leaves out."""
    chosen = [g for g in gold if g.is_name or not names_only]
    key = _clusters({g.id: g.chain for g in chosen})
    articles = gold_articles(chosen, documents)
    ids = [g.id for a in articles for g in chosen if g.doc == a.article]
    response = _entity_assignment(articles, clusterer(articles), ids)
    for g in chosen:
        response.setdefault(g.id, ("singleton", g.id))
    baseline = same_string_assignment(articles, ids)
    return {
        "newsfuse": score_all(key, _clusters(response)),
        "same-string": score_all(key, _clusters(baseline)),
    }


def match_predicted(
    predicted: Sequence[ParsedArticle], gold: Sequence[GoldMention], documents: dict[str, Document]
) -> list[Hashable]:
    """Id of each predicted mention: its gold mention's id when matched by token overlap, else a fresh id."""
    gold_by_doc: dict[str, list[GoldMention]] = defaultdict(list)
    for g in gold:
        gold_by_doc[g.doc].append(g)
    ids: list[Hashable] = []
    for article in predicted:
        doc = documents[article.article]
        owner = sorted((span, tok) for tok, span in doc.token_spans.items())
        candidates: list[tuple[float, int, GoldMention]] = []
        token_sets: list[set[TokenId]] = []
        for n, mention in enumerate(article.mentions):
            tokens = {tok for (s, e), tok in owner if s < mention.end and e > mention.start}
            token_sets.append(tokens)
            for g in gold_by_doc[article.article]:
                gold_tokens = {(g.sentence, t) for t in g.tokens}
                overlap = len(tokens & gold_tokens)
                if overlap:
                    candidates.append((2 * overlap / (len(tokens) + len(gold_tokens)), n, g))
        chosen: dict[int, int] = {}
        used: set[int] = set()
        for _, n, g in sorted(candidates, key=lambda c: (-c[0], c[1], c[2].id)):
            if n not in chosen and g.id not in used:
                chosen[n] = g.id
                used.add(g.id)
        ids.extend(chosen.get(n, ("spurious", article.article, n)) for n in range(len(article.mentions)))
    return ids


def evaluate_predicted_mentions(
    predicted: Sequence[ParsedArticle],
    gold: Sequence[GoldMention],
    documents: dict[str, Document],
    clusterer: Clusterer,
    names_only: bool = False,
) -> dict[str, CorefScores]:
    """Setting (b): NER mentions from newsfuse.nlp, scored against gold with spurious mentions."""
    ids = match_predicted(predicted, gold, documents)
    excluded = {g.id for g in gold if names_only and not g.is_name}
    key = _clusters({g.id: g.chain for g in gold if g.id not in excluded})
    response = _entity_assignment(predicted, clusterer(predicted), ids)
    baseline = same_string_assignment(predicted, ids)
    return {
        "newsfuse": score_all(key, _clusters({m: c for m, c in response.items() if m not in excluded})),
        "same-string": score_all(key, _clusters({m: c for m, c in baseline.items() if m not in excluded})),
    }


def parse_documents(documents: dict[str, Document]) -> list[ParsedArticle]:
    from newsfuse import nlp

    items = [(key, doc.text) for key, doc in documents.items()]
    return list(nlp.parse_texts(items, n_process=1))


def _print_table(title: str, results: dict[str, CorefScores]) -> None:
    print(f"\n{title}")
    print(
        f"  {'system':<12} {'MUC F1':>7} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'CEAFe F1':>8} {'CoNLL F1':>8}"
    )
    for system, s in results.items():
        print(
            f"  {system:<12} {100 * s.muc.f1:7.2f} {100 * s.b_cubed.precision:6.2f} {100 * s.b_cubed.recall:6.2f}"
            f" {100 * s.b_cubed.f1:6.2f} {100 * s.ceaf_e.f1:8.2f} {100 * s.conll_f1:8.2f}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--skip-predicted", action="store_true", help="gold mentions only (no spaCy)")
    parser.add_argument("--raw-chains", action="store_true", help="score the conversion's prefixed chain ids")
    args = parser.parse_args(argv)
    if not (args.data / "entities_mentions.json").exists():
        print(f"MEANTIME data not found under {args.data}; nothing to evaluate", file=sys.stderr)
        return 0
    from newsfuse.stages.entities.canonical import canonicalise

    documents = read_conll(args.data / "meantime.conll")
    gold = read_gold(args.data / "entities_mentions.json", raw_chains=args.raw_chains)
    names = sum(g.is_name for g in gold)
    print(
        f"MEANTIME-en: {len(documents)} documents, {len(gold)} gold entity mentions ({names} proper-name heads)"
    )
    _print_table("(a) gold mentions, all", evaluate_gold_mentions(gold, documents, canonicalise))
    _print_table(
        "(a) gold mentions, names", evaluate_gold_mentions(gold, documents, canonicalise, names_only=True)
    )
    if not args.skip_predicted:
        predicted = parse_documents(documents)
        count = sum(len(p.mentions) for p in predicted)
        print(f"\npredicted: {count} NER mentions from newsfuse.nlp")
        _print_table(
            "(b) predicted mentions, all gold",
            evaluate_predicted_mentions(predicted, gold, documents, canonicalise),
        )
        _print_table(
            "(b) predicted mentions, names",
            evaluate_predicted_mentions(predicted, gold, documents, canonicalise, names_only=True),
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
