"""Does the geocoding stage stay linear in its input?  Doubles a run-on sentence and prints time ratios.

Builds one article whose single sentence repeats place names (some known, some not) ``n`` times, with
the entities the entities stage would give it, and times :func:`newsfuse.stages.places.geocode` for
n, 2n, 4n ... A linear stage shows ratios near 2 per doubling (n log n a little above); a stage that
rescans the sentence for every mention shows ratios near 4.

Usage: ``python bench/geocode_scaling.py [--start 500] [--doublings 4]``
"""

from __future__ import annotations

import argparse
import sys
import time

from newsfuse.model import Entity, Mention, MentionRef, ParsedArticle, ParsedSentence, Token
from newsfuse.stages.places import geocode

# Invented filler and a few real place names: the point is the shape of the input, not its sense.
_NAMES = ("Lisbon", "Ohio", "Kharkiv", "Norwich", "Quellmarsh", "Texas", "Brindleford", "Peru")


def run_on_article(n_places: int) -> tuple[ParsedArticle, list[Entity]]:
    tokens: list[Token] = []
    mentions: list[Mention] = []
    text_parts: list[str] = []
    offset = 0
    for k in range(n_places):
        # Every eighth place is a name of its own, so distinct names grow with the input too.
        name = f"Brindle{k}ton" if k % 8 == 6 else _NAMES[k % 8]
        for word, is_place in (("crews", False), ("moved", False), ("through", False), (name, True)):
            i = len(tokens)
            head = i - 1 if is_place else max(i - 1, 0)
            tokens.append(Token(i=i, text=word, lemma=word.lower(), pos="PROPN" if is_place else "NOUN",
                                tag="NNP" if is_place else "NN", dep="pobj" if is_place else "dep", head=head,
                                idx=offset))
            if is_place:
                mentions.append(Mention(article="a", sentence=0, text=word, start=offset, end=offset + len(word),
                                        label="GPE", type="place"))
            text_parts.append(word)
            offset += len(word) + 1
    text = " ".join(text_parts)
    sentence = ParsedSentence(index=0, text=text, start=0, end=len(text), tokens=tokens)
    parsed = ParsedArticle(article="a", sentences=[sentence], mentions=mentions)
    refs: dict[str, list[MentionRef]] = {}
    for m in mentions:
        refs.setdefault(m.text, []).append(MentionRef(article="a", sentence=0, text=m.text, start=m.start, end=m.end))
    entities = [Entity(id=f"e{n}", name=name, type="place", variants=[name], mentions=found)
                for n, (name, found) in enumerate(refs.items())]
    return parsed, entities


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start", type=int, default=500, help="place mentions in the smallest input")
    parser.add_argument("--doublings", type=int, default=4)
    args = parser.parse_args(argv)
    warm_parsed, warm_entities = run_on_article(8)
    geocode(warm_entities, [warm_parsed], [])  # open the gazetteer outside the timing
    previous = None
    for step in range(args.doublings + 1):
        n = args.start * 2**step
        parsed, entities = run_on_article(n)
        t0 = time.perf_counter()
        geocode(entities, [parsed], [])
        seconds = time.perf_counter() - t0
        ratio = f"x{seconds / previous:.2f}" if previous else ""
        print(f"{n:7d} place mentions, {parsed.sentences[0].end:8d} characters: {seconds:7.3f} s  {ratio}")
        previous = seconds
    return 0


if __name__ == "__main__":
    sys.exit(main())
