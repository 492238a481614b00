"""Quantities stage: hand-built parses (fast) and fictional sentences through spaCy (slow)."""

import pytest

from newsfuse.model import Article, ParsedArticle, ParsedSentence, Quote, Token
from newsfuse.stages.figures.quantities import extract_quantities, find_windows


def sentence(spec, index=0, start=0):
    """Build a ParsedSentence from (text, lemma, pos, dep, head, ent_type) rows; tokens are space-separated."""
    tokens, pos = [], start
    for i, (text, lemma, tag, dep, head, ent) in enumerate(spec):
        nxt = spec[i + 1][0] if i + 1 < len(spec) else ""
        ws = nxt not in (".", ",", "")
        tokens.append(
            Token(i=i, text=text, lemma=lemma, pos=tag, tag=tag, dep=dep, head=head, idx=pos, ws=ws,
                  ent_iob="O" if not ent else ("I" if i and spec[i - 1][5] == ent else "B"), ent_type=ent,
                  like_num=tag == "NUM")
        )
        pos += len(text) + (1 if ws else 0)
    text = "".join(t.text + (" " if t.ws else "") for t in tokens).strip()
    return ParsedSentence(index=index, text=text, start=start, end=start + len(text), tokens=tokens)


# "At least 40 sailors drowned in the past week , the coastguard said ."
DROWNED = [
    ("At", "at", "ADV", "advmod", 1, "CARDINAL"), ("least", "least", "ADV", "advmod", 2, "CARDINAL"),
    ("40", "40", "NUM", "nummod", 3, "CARDINAL"), ("sailors", "sailor", "NOUN", "nsubj", 4, ""),
    ("drowned", "drown", "VERB", "ccomp", 12, ""), ("in", "in", "ADP", "prep", 4, ""),
    ("the", "the", "DET", "det", 8, "DATE"), ("past", "past", "ADJ", "amod", 8, "DATE"),
    ("week", "week", "NOUN", "pobj", 5, "DATE"), (",", ",", "PUNCT", "punct", 12, ""),
    ("the", "the", "DET", "det", 11, ""), ("coastguard", "coastguard", "NOUN", "nsubj", 12, ""),
    ("said", "say", "VERB", "ROOT", 12, ""), (".", ".", "PUNCT", "punct", 12, ""),
]  # fmt: skip


def test_hand_built_count_gets_noun_window_and_speaker():
    s = sentence(DROWNED)
    [q] = extract_quantities([ParsedArticle(article="a", sentences=[s], mentions=[])], [])
    assert (q.text, q.value, q.low, q.unit) == ("At least 40", 40, 40, "count")
    assert q.measures == "sailors"
    assert q.window == "in the past week"
    assert q.source == "the coastguard"


def test_quote_speaker_wins_over_the_parse():
    s = sentence(DROWNED)
    quote = Quote(speaker="Captain Ola Brandt", text=s.text, direct=False, article="a", sentence=0)
    [q] = extract_quantities([ParsedArticle(article="a", sentences=[s], mentions=[])], [quote])
    assert q.source == "Captain Ola Brandt"


def test_window_finder_on_hand_built_tokens():
    windows = find_windows(sentence(DROWNED))
    assert [w.text for w in windows] == ["in the past week"]


# "Route 66 reopened in 1998 ." : a name and a year, no figures
ROUTE = [
    ("Route", "Route", "PROPN", "nsubj", 2, ""), ("66", "66", "NUM", "nummod", 0, ""),
    ("reopened", "reopen", "VERB", "ROOT", 2, ""), ("in", "in", "ADP", "prep", 2, ""),
    ("1998", "1998", "NUM", "pobj", 3, ""), (".", ".", "PUNCT", "punct", 2, ""),
]  # fmt: skip


def test_names_and_years_are_not_figures():
    s = sentence(ROUTE)
    assert extract_quantities([ParsedArticle(article="a", sentences=[s], mentions=[])], []) == []


_LINES = [
    "The relief convoy covered 140km (87 miles) in two days before reaching the island, the Red Crescent said.",
    "Rescuers have searched more than 1,500 square kilometres of forest since the fire started on Sunday.",
    "According to the harbour authority, nearly 60 fishing boats were destroyed and some 900 families lost income.",
    "One of the pilots, a 52-year-old veteran, said the wind had reached 90 kilometres per hour.",
    "Unemployment on the island rose to 14 per cent in March, while the regional government pledged €35m in aid.",
    "Between four and several dozen hamlets remain cut off, and hundreds of residents slept in schools overnight.",
    "Flight 2041 landed at 10:45 on 3 June 2031 and the third ferry left at noon.",
]
TEXT = "\n".join(_LINES)


@pytest.fixture(scope="module")
def found():
    from newsfuse.nlp import parse_articles

    article = Article(id="isle", path="isle.txt", body=TEXT, outlet="Test Gazette")
    return extract_quantities(parse_articles([article]), [])


def by_text(found, text):
    hits = [q for q in found if q.text == text]
    assert len(hits) == 1, [q.text for q in found]
    return hits[0]


@pytest.mark.slow
def test_conversion_is_dropped_and_distance_normalised(found):
    q = by_text(found, "140km")
    assert (q.normalized.value, q.normalized.unit) == (140, "km")
    assert not [x for x in found if "87" in x.text]
    assert q.source == "the Red Crescent"
    assert q.window == "in two days"


@pytest.mark.slow
def test_area_with_low_bound_measure_and_since_window(found):
    q = by_text(found, "more than 1,500 square kilometres")
    assert (q.normalized.unit, q.low, q.approximate) == ("km²", 1500, False)
    assert "forest" in (q.measures or "") and "searched" in (q.measures or "")
    assert q.window and q.window.startswith("since the fire started")


@pytest.mark.slow
def test_according_to_source_and_approximate_bounds(found):
    boats, families = by_text(found, "nearly 60"), by_text(found, "some 900")
    assert (boats.high, boats.approximate, boats.measures) == (60, True, "fishing boats")
    assert (families.approximate, families.measures) == (True, "families")
    assert boats.source == "the harbour authority" == families.source


@pytest.mark.slow
def test_percent_and_currency(found):
    pct = by_text(found, "14 per cent")
    assert (pct.normalized.value, pct.normalized.unit) == (14, "%")
    money = by_text(found, "€35m")
    assert (money.normalized.value, money.normalized.unit) == (35e6, "EUR")
    assert money.measures and "aid" in money.measures


@pytest.mark.slow
def test_vague_range_and_vague_count(found):
    hamlets = by_text(found, "Between four and several dozen")
    assert (hamlets.low, hamlets.high, hamlets.approximate, hamlets.measures) == (4, 108, True, "hamlets")
    residents = by_text(found, "hundreds")
    assert (residents.low, residents.measures) == (200, "residents")


@pytest.mark.slow
def test_dates_times_ages_ordinals_names_are_skipped(found):
    texts = {q.text for q in found}
    for skipped in ("2041", "10:45", "3", "2031", "52", "One", "third"):
        assert not [t for t in texts if t.startswith(skipped)], texts
    # the speed is a measure, but with an unknown unit "per hour" it stays a distance figure
    assert "90 kilometres" in texts
