"""Encoding ahead on a background thread: the same vectors and the same briefing, whatever it guessed."""

from __future__ import annotations

import numpy as np
import pytest

from newsfuse import api, encoder
from newsfuse.model import Article
from newsfuse.options import BriefingOptions
from newsfuse.stages import claims

GLASSWORKS = [
    "The Tarnby glassworks shut its second furnace on Wednesday after gas prices tripled, the owners said.",
    "About 340 workers were sent home on reduced pay, according to the Tarnby metalworkers' guild.",
    '"We cannot keep the kilns hot at these prices," said Ilse Vranck, who runs the plant.',
    "The town council of Tarnby will discuss emergency support for the workers on Monday.",
]
LOOKOUT = [
    "Gas prices forced the glassworks in Tarnby to shut a second furnace on Wednesday.",
    "Some 340 employees were sent home, the metalworkers' guild said.",
    "Ilse Vranck, the plant's director, said the kilns could not be kept hot at current prices.",
    "Snow is expected on the coast road later in the week.",
]
GAZETTE = [
    "Tarnby's glassworks closed a furnace, its second, on Wednesday, blaming tripled gas prices.",
    "The guild put the number of workers sent home at 360.",
    "Councillors in Tarnby are to meet on Monday to discuss help for the workers.",
]


def _articles() -> list[Article]:
    return [
        Article(id=name, path=f"{name}.txt", outlet=outlet, published="2033-02-09", body="\n".join(lines))
        for name, outlet, lines in [("glass-a", "Tarnby Courier", GLASSWORKS), ("glass-b", "Coast Lookout", LOOKOUT),
                                    ("glass-c", "Valley Gazette", GAZETTE)]
    ]


def test_a_vector_does_not_depend_on_what_else_is_encoded_or_on_which_thread():
    model = encoder.get_encoder()
    texts = GLASSWORKS + LOOKOUT + GAZETTE
    one_thread = model.encode_uncached(texts, threads=1)
    alone = np.vstack([model.encode_uncached([t])[0] for t in texts])
    reversed_on_two_threads = model.encode_uncached(texts[::-1], threads=2)[::-1]
    on_three_threads = model.encode_uncached(texts, threads=3)
    # the activations' scale is taken per input, so each sentence runs alone: the vectors are bit for bit equal
    assert np.array_equal(one_thread, alone)
    assert np.array_equal(one_thread, reversed_on_two_threads)
    assert np.array_equal(one_thread, on_three_threads)


@pytest.mark.slow
def test_the_briefing_is_the_same_with_and_without_encoding_ahead(monkeypatch: pytest.MonkeyPatch):
    seen: list[int] = []
    real = claims.EncodeAhead.stop

    def counting_stop(self: claims.EncodeAhead) -> int:
        seen.append(len(self.texts))
        return real(self)

    monkeypatch.setattr(claims.EncodeAhead, "stop", counting_stop)
    encoder._CACHE.clear()
    ahead = api.brief_articles(_articles(), options=BriefingOptions(reference_date=None, encode_ahead=True))
    assert seen and seen[0] > 0  # the background encoder ran and had sentences to encode
    encoder._CACHE.clear()
    plain = api.brief_articles(_articles(), options=BriefingOptions(reference_date=None, encode_ahead=False))
    assert len(seen) == 1  # switched off: no background encoder
    assert ahead.model_dump() == plain.model_dump()
    assert any(c.support >= 2 for c in ahead.claims)


@pytest.mark.slow
def test_the_guess_covers_the_sentences_the_aligner_encodes():
    from newsfuse import nlp
    from newsfuse.stages.claims.align import claim_worthy_texts
    from newsfuse.stages.entities import canonicalise
    from newsfuse.stages.figures import extract_quantities
    from newsfuse.stages.quotes import extract_quotes

    articles = _articles()
    parsed = nlp.parse_articles(articles, n_process=1)
    entities = canonicalise(parsed)
    quotes = extract_quotes(parsed, entities)
    needed = claim_worthy_texts(parsed, entities, extract_quantities(parsed, quotes), quotes)
    guessed = set(claims.likely_texts(parsed))
    assert needed and set(needed) <= guessed


def test_the_benchmark_states_the_ceiling_the_encoder_sets():
    from bench_modules import load_bench

    throughput = load_bench("throughput")
    bare = throughput.Measurement("nlp.pipe n_process=2", seconds=10.0, articles=4, words=100, cpu_seconds=20.0)
    # 1,000 sentences parsed for 20 CPU s; 400 encoded for 8 CPU s: the encoder is 40 % of the parse
    cost = throughput.EncoderCost(sentences=1000, encoded=400, encoder_cpu=8.0)
    text = "\n".join(cost.lines([bare]))
    assert "20.0 ms CPU each" in text and "20.0 ms CPU per sentence parsed" in text
    assert "40% of the parse's CPU" in text and "at most 0.71" in text
    assert throughput.EncoderCost().lines([bare]) == []


def test_encoding_ahead_puts_the_thread_switch_interval_back():
    import sys

    before = sys.getswitchinterval()
    ahead = claims.EncodeAhead(["The ferry to the outer islands was cancelled for a third day."]).start()
    assert sys.getswitchinterval() <= before
    ahead.stop()
    assert sys.getswitchinterval() == before
