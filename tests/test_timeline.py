"""Finding date expressions in parsed sentences, and the timeline built from them.

The sentences are hand-built (fictional text, hand-written parse), so that the
tests say exactly which NER tags and dependency arcs the code relies on; one
slow test runs the real spaCy pipeline.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.model import Article, ParsedArticle, ParsedSentence, Token
from newsfuse.stages.timeline.build import build_timeline, is_metadata_line
from newsfuse.stages.timeline.dates import find_date_expressions

SATURDAY = dt.date(2026, 11, 21)
_NO_SPACE_BEFORE = {",", ".", ";", ":", "'s", "?", "!"}

def make_sentence(words: list[tuple], index: int = 0, start: int = 0) -> ParsedSentence:
    """Words are (text, pos, dep, head, ent[, lemma]); ent is "", "DATE"/"TIME" (B or I after the
    previous token's type) or "B-DATE" to start a new span next to another."""
    tokens: list[Token] = []
    text = ""
    previous_type = ""
    for n, word in enumerate(words):
        surface, pos, dep, head, ent = word[:5]
        lemma = word[5] if len(word) > 5 else surface.lower()
        if tokens and surface not in _NO_SPACE_BEFORE:
            text += " "
        if tokens:
            tokens[-1] = tokens[-1].model_copy(update={"ws": surface not in _NO_SPACE_BEFORE})
        iob, ent_type = "O", ""
        if ent:
            forced_begin = ent.startswith("B-")
            ent_type = ent.removeprefix("B-")
            iob = "I" if ent_type == previous_type and not forced_begin else "B"
        previous_type = ent_type
        tokens.append(
            Token(
                i=n, text=surface, lemma=lemma, pos=pos, tag="", dep=dep, head=head, idx=start + len(text),
                ent_iob=iob, ent_type=ent_type, like_num=surface.isdigit(),
            )
        )
        text += surface
    return ParsedSentence(index=index, text=text, start=start, end=start + len(text), tokens=tokens)


def failed_on_friday(index: int = 0, start: int = 0) -> ParsedSentence:
    return make_sentence(
        [("The", "DET", "det", 1, ""), ("barrier", "NOUN", "nsubj", 2, ""), ("failed", "VERB", "ROOT", 2, ""),
         ("on", "ADP", "prep", 2, ""), ("Friday", "PROPN", "pobj", 3, "DATE"), (".", "PUNCT", "punct", 2, "")],
        index, start,
    )  # fmt: skip


def will_inspect_in_april(index: int = 0, start: int = 0) -> ParsedSentence:
    return make_sentence(
        [("Engineers", "NOUN", "nsubj", 2, ""), ("will", "AUX", "aux", 2, ""), ("inspect", "VERB", "ROOT", 2, ""),
         ("it", "PRON", "dobj", 2, ""), ("in", "ADP", "prep", 2, ""), ("April", "PROPN", "pobj", 4, "DATE"),
         (".", "PUNCT", "punct", 2, "")],
        index, start,
    )  # fmt: skip


def inspected_in_april(index: int = 0, start: int = 0) -> ParsedSentence:
    return make_sentence(
        [("Engineers", "NOUN", "nsubj", 1, ""), ("inspected", "VERB", "ROOT", 1, "", "inspect"),
         ("it", "PRON", "dobj", 1, ""), ("in", "ADP", "prep", 1, ""), ("April", "PROPN", "pobj", 3, "DATE"),
         (".", "PUNCT", "punct", 1, "")],
        index, start,
    )  # fmt: skip


def residents_left(index: int = 0, start: int = 0) -> ParsedSentence:
    return make_sentence(
        [("Residents", "NOUN", "nsubj", 1, ""), ("left", "VERB", "ROOT", 1, "", "leave"),
         (".", "PUNCT", "punct", 1, "")],
        index, start,
    )  # fmt: skip


def published_line(index: int = 0, start: int = 0) -> ParsedSentence:
    return make_sentence(
        [("Published", "VERB", "ROOT", 0, "", "publish"), ("21", "NUM", "nummod", 2, "DATE"),
         ("November", "PROPN", "npadvmod", 0, "DATE"), ("2026", "NUM", "nummod", 2, "DATE"),
         ("09:15", "NUM", "appos", 2, ""), ("GMT", "PROPN", "appos", 4, "")],
        index, start,
    )  # fmt: skip


def three_march_2026(index: int = 0, start: int = 0) -> ParsedSentence:
    return make_sentence(
        [("The", "DET", "det", 1, ""), ("dam", "NOUN", "nsubj", 2, ""), ("opened", "VERB", "ROOT", 2, "", "open"),
         ("on", "ADP", "prep", 2, ""), ("3", "NUM", "pobj", 3, "DATE"), ("March", "PROPN", "appos", 4, "DATE"),
         ("2026", "NUM", "nummod", 5, "DATE"), (".", "PUNCT", "punct", 2, "")],
        index, start,
    )  # fmt: skip


def article(article_id: str, published: str | None, sentences: list[ParsedSentence], **extra: str) -> Article:
    body = " ".join(s.text for s in sentences)
    return Article(id=article_id, path=f"{article_id}.txt", body=body, published=published, **extra)


def parsed(article_id: str, builders: list) -> tuple[ParsedArticle, list[ParsedSentence]]:
    """Sentences laid end to end (one space apart) so token offsets point into the article body."""
    sentences: list[ParsedSentence] = []
    start = 0
    for index, build in enumerate(builders):
        sentence = build(index, start)
        sentences.append(sentence)
        start = sentence.end + 1
    return ParsedArticle(article=article_id, sentences=sentences, mentions=[]), sentences


# --------------------------------------------------------------------------- find_date_expressions


def test_ner_date_span_is_found_with_its_offsets() -> None:
    sentence = failed_on_friday(start=40)
    (found,) = find_date_expressions(sentence)
    assert (found.text, found.source, found.future) == ("Friday", "ner", False)
    assert (found.first_token, found.end_token) == (4, 5)
    assert sentence.text[found.start - 40 : found.end - 40] == "Friday"


def test_future_tense_comes_from_the_governing_verb() -> None:
    (april,) = find_date_expressions(will_inspect_in_april())
    assert april.future
    (past,) = find_date_expressions(inspected_in_april())
    assert not past.future


def test_expected_to_marks_the_future() -> None:
    sentence = make_sentence(
        [("The", "DET", "det", 1, ""), ("minister", "NOUN", "nsubjpass", 3, ""), ("is", "AUX", "auxpass", 3, ""),
         ("expected", "VERB", "ROOT", 3, "", "expect"), ("to", "PART", "aux", 5, ""),
         ("visit", "VERB", "xcomp", 3, ""), ("in", "ADP", "prep", 5, ""), ("April", "PROPN", "pobj", 6, "DATE"),
         (".", "PUNCT", "punct", 3, "")]
    )  # fmt: skip
    (april,) = find_date_expressions(sentence)
    assert april.future


def test_present_clause_under_a_future_one_and_modals_look_ahead() -> None:
    sentence = make_sentence(
        [("It", "PRON", "nsubj", 2, ""), ("will", "AUX", "aux", 2, ""), ("dock", "VERB", "ROOT", 2, ""),
         ("when", "SCONJ", "advmod", 5, ""), ("it", "PRON", "nsubj", 5, ""), ("arrives", "VERB", "advcl", 2, "", "arrive"),
         ("on", "ADP", "prep", 5, ""), ("11", "NUM", "pobj", 6, "DATE"), ("November", "PROPN", "appos", 7, "DATE"),
         (".", "PUNCT", "punct", 2, "")]
    )  # fmt: skip
    tokens = list(sentence.tokens)
    tokens[5] = tokens[5].model_copy(update={"tag": "VBZ"})
    (arrival,) = find_date_expressions(sentence.model_copy(update={"tokens": tokens}))
    assert arrival.future
    guess = make_sentence(
        [("Funds", "NOUN", "nsubj", 2, ""), ("might", "AUX", "aux", 2, ""), ("run", "VERB", "ROOT", 2, ""),
         ("out", "ADP", "prt", 2, ""), ("by", "ADP", "prep", 2, ""), ("March", "PROPN", "pobj", 4, "DATE"),
         (".", "PUNCT", "punct", 2, "")]
    )  # fmt: skip
    assert find_date_expressions(guess)[0].future
    perfect = make_sentence(
        [("Funds", "NOUN", "nsubj", 3, ""), ("may", "AUX", "aux", 3, ""), ("have", "AUX", "aux", 3, ""),
         ("run", "VERB", "ROOT", 3, ""), ("out", "ADP", "prt", 3, ""), ("by", "ADP", "prep", 3, ""),
         ("March", "PROPN", "pobj", 5, "DATE"), (".", "PUNCT", "punct", 3, "")]
    )  # fmt: skip
    # "may have run out": a guess about the past.
    assert not find_date_expressions(perfect)[0].future


def test_regex_fallback_finds_what_the_ner_missed_but_not_the_verb_may() -> None:
    sentence = make_sentence(
        [("Crews", "NOUN", "nsubj", 1, ""), ("arrived", "VERB", "ROOT", 1, ""), ("Tuesday", "PROPN", "npadvmod", 1, ""),
         ("and", "CCONJ", "cc", 1, ""), ("may", "AUX", "aux", 5, ""), ("march", "VERB", "conj", 1, ""),
         ("two", "NUM", "nummod", 7, ""), ("days", "NOUN", "npadvmod", 8, ""), ("ago", "ADV", "advmod", 1, ""),
         (".", "PUNCT", "punct", 1, "")]
    )  # fmt: skip
    found = [(e.text, e.source) for e in find_date_expressions(sentence)]
    assert found == [("Tuesday", "regex"), ("two days ago", "regex")]


def test_time_entity_counts_only_when_it_names_a_day() -> None:
    sentence = make_sentence(
        [("The", "DET", "det", 1, ""), ("river", "NOUN", "nsubj", 2, ""), ("peaked", "VERB", "ROOT", 2, ""),
         ("last", "ADJ", "amod", 4, "TIME"), ("night", "NOUN", "npadvmod", 2, "TIME"), ("at", "ADP", "prep", 2, ""),
         ("10", "NUM", "nummod", 7, "B-TIME"), ("pm", "NOUN", "pobj", 5, "TIME"), (".", "PUNCT", "punct", 2, "")]
    )  # fmt: skip
    assert [e.text for e in find_date_expressions(sentence)] == ["last night"]


def test_duration_after_a_date_is_merged_into_one_offset_expression() -> None:
    sentence = make_sentence(
        [("A", "DET", "det", 1, "DATE"), ("week", "NOUN", "npadvmod", 8, "DATE"), ("after", "ADP", "prep", 1, ""),
         ("February", "PROPN", "poss", 5, "DATE"), ("'s", "PART", "case", 3, ""), ("invasion", "NOUN", "pobj", 2, ""),
         (",", "PUNCT", "punct", 8, ""), ("talks", "NOUN", "nsubj", 8, ""), ("began", "VERB", "ROOT", 8, ""),
         (".", "PUNCT", "punct", 8, "")]
    )  # fmt: skip
    (found,) = find_date_expressions(sentence)
    assert found.text == "A week after February's"


def test_metadata_line_is_recognised_and_a_plain_sentence_is_not() -> None:
    line = published_line()
    assert is_metadata_line(line, find_date_expressions(line))
    plain = failed_on_friday()
    assert not is_metadata_line(plain, find_date_expressions(plain))


# --------------------------------------------------------------------------- build_timeline


def test_timeline_orders_by_date_then_article_then_sentence() -> None:
    # Article "z" comes first in the input, so it leads on equal dates although its id sorts last.
    z_parsed, z_sentences = parsed("z", [failed_on_friday, residents_left, published_line])
    b_parsed, b_sentences = parsed("b", [inspected_in_april, failed_on_friday])
    articles = [article("z", "2026-11-21", z_sentences), article("b", "2026-11-21", b_sentences)]
    timeline = build_timeline([z_parsed, b_parsed], articles, None)
    assert [(e.date, e.precision, e.article, e.sentence, e.expression) for e in timeline] == [
        ("2026-04-01", "month", "b", 0, "April"),
        ("2026-11-20", "day", "z", 0, "Friday"),
        ("2026-11-20", "day", "b", 1, "Friday"),
    ]
    assert timeline[1].text == "The barrier failed on Friday."


def test_undated_sentences_and_metadata_lines_stay_out() -> None:
    a_parsed, sentences = parsed("a", [published_line, residents_left])
    assert build_timeline([a_parsed], [article("a", "2026-11-21", sentences)], None) == []


def test_future_month_in_a_february_article_is_the_coming_one() -> None:
    a_parsed, sentences = parsed("a", [will_inspect_in_april, inspected_in_april])
    timeline = build_timeline([a_parsed], [article("a", "2026-02-10", sentences)], None)
    assert [(e.sentence, e.date) for e in timeline] == [(1, "2025-04-01"), (0, "2026-04-01")]


def test_reference_date_is_the_anchor_when_publication_is_unknown() -> None:
    a_parsed, sentences = parsed("a", [failed_on_friday])
    timeline = build_timeline([a_parsed], [article("a", None, sentences)], dt.date(2026, 11, 11))
    assert [e.date for e in timeline] == ["2026-11-06"]


def test_without_any_anchor_only_dates_with_a_year_are_kept() -> None:
    a_parsed, sentences = parsed("a", [failed_on_friday, inspected_in_april, three_march_2026])
    timeline = build_timeline([a_parsed], [article("a", None, sentences)], None)
    assert [(e.date, e.expression) for e in timeline] == [("2026-03-03", "3 March 2026")]


def test_one_entry_per_distinct_date_in_a_sentence() -> None:
    sentence = make_sentence(
        [("It", "PRON", "nsubj", 1, ""), ("rained", "VERB", "ROOT", 1, "", "rain"),
         ("yesterday", "NOUN", "npadvmod", 1, "DATE"), (",", "PUNCT", "punct", 1, ""),
         ("last", "ADJ", "amod", 5, "TIME"), ("night", "NOUN", "npadvmod", 1, "TIME"),
         ("and", "CCONJ", "cc", 1, ""), ("two", "NUM", "nummod", 8, "DATE"), ("days", "NOUN", "npadvmod", 9, "DATE"),
         ("ago", "ADV", "advmod", 1, "DATE"), (".", "PUNCT", "punct", 1, "")]
    )  # fmt: skip
    a_parsed = ParsedArticle(article="a", sentences=[sentence], mentions=[])
    timeline = build_timeline([a_parsed], [article("a", "2026-11-21", [sentence])], None)
    assert [(e.date, e.expression) for e in timeline] == [("2026-11-19", "two days ago"), ("2026-11-20", "yesterday")]


def test_a_month_restated_by_a_day_gives_only_the_day() -> None:
    sentence = make_sentence(
        [("Earlier", "ADV", "advmod", 2, "DATE"), ("this", "DET", "det", 2, "DATE"),
         ("month", "NOUN", "npadvmod", 9, "DATE"), (",", "PUNCT", "punct", 9, ""), ("on", "ADP", "prep", 9, ""),
         ("3", "NUM", "pobj", 4, "B-DATE"), ("November", "PROPN", "appos", 5, "DATE"), (",", "PUNCT", "punct", 9, ""),
         ("dams", "NOUN", "nsubj", 9, ""), ("cracked", "VERB", "ROOT", 9, "", "crack"),
         (".", "PUNCT", "punct", 9, "")]
    )  # fmt: skip
    a_parsed = ParsedArticle(article="a", sentences=[sentence], mentions=[])
    timeline = build_timeline([a_parsed], [article("a", "2026-11-21", [sentence])], None)
    assert [(e.date, e.precision) for e in timeline] == [("2026-11-03", "day")]


def test_near_duplicate_copies_add_no_entries() -> None:
    a_parsed, a_sentences = parsed("a", [failed_on_friday])
    copy_parsed, copy_sentences = parsed("copy", [failed_on_friday])
    articles = [article("a", "2026-11-21", a_sentences), article("copy", "2026-11-21", copy_sentences, duplicate_of="a")]
    assert [e.article for e in build_timeline([a_parsed, copy_parsed], articles, None)] == ["a"]


def test_a_malformed_publication_date_is_refused_before_the_timeline() -> None:
    # The model only takes YYYY-MM-DD, so a bad date fails where the article is built, not mid-pipeline.
    _, sentences = parsed("a", [failed_on_friday])
    with pytest.raises(ValueError, match="pattern"):
        article("a", "21/11/2026", sentences)


# --------------------------------------------------------------------------- with the real model

FICTIONAL_ARTICLE = """Published 21 November 2026 09:15 GMT
The flood barrier in Marrowby failed on Friday, officials said.
Engineers had warned last month that the wall was weak.
The council will hold a public inquiry in April.
Rainfall in the past 24 hours broke records.
Volunteers handed out blankets and hot soup."""


@pytest.mark.slow
def test_timeline_from_the_spacy_pipeline() -> None:
    from newsfuse.nlp import parse_texts

    (parsed_article,) = parse_texts([("a", FICTIONAL_ARTICLE)])
    articles = [Article(id="a", path="a.txt", body=FICTIONAL_ARTICLE, published="2026-11-21")]
    timeline = build_timeline([parsed_article], articles, None)
    assert [(e.date, e.precision, e.sentence) for e in timeline] == [
        ("2026-10-01", "month", 2),
        ("2026-11-20", "day", 1),
        ("2027-04-01", "month", 3),
    ]
    assert timeline[1].text == "The flood barrier in Marrowby failed on Friday, officials said."
    assert "Friday" in (timeline[1].expression or "")


@pytest.mark.slow
def test_a_past_plan_is_not_read_as_a_future_month() -> None:
    # "had been planned in September" reports a plan made in the past; it must not jump to next year,
    # while "is scheduled for April" still looks ahead.
    from newsfuse.nlp import parse_texts

    body = (
        "The harbour minister told reporters that the evacuation had been planned in September.\n"
        "A second convoy is scheduled for April, the ministry said.\n"
    )
    (parsed_article,) = parse_texts([("p", body)])
    articles = [Article(id="p", path="p.txt", body=body, published="2026-11-21")]
    dates = {e.sentence: e.date for e in build_timeline([parsed_article], articles, None)}
    assert dates == {0: "2026-09-01", 1: "2027-04-01"}


_DATEISH = ["Tuesday", "Sunday's", "march", "May", "Sept.", "3rd", "of", "14", "2019", "1887", "4/11", "2031-02-09",
            "ago", "AGO", "weeks", "a", "two", "in", "since", "Until", "last", "NEXT", "this", "morning", "night",
            "tonight", "Yesterday", "earlier", "today", "the", "day", "before", "harbour", "-", ",", "mid-"]


@given(st.lists(st.sampled_from(_DATEISH), max_size=12), st.sampled_from([" ", "  ", ", "]))
@settings(max_examples=400, deadline=None)
def test_a_fallback_pattern_never_matches_where_its_quick_test_says_it_cannot(words: list[str], gap: str) -> None:
    from newsfuse.stages.timeline import spans

    text = gap.join(words)
    for needs, pattern in zip(spans._NEEDS, spans._FALLBACKS, strict=True):
        if pattern.search(text):
            assert needs.search(text), (pattern.pattern, text)
