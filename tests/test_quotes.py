"""The quotes stage on small fictional articles, one shape per test (loads the spaCy model)."""

from __future__ import annotations

import pytest

from newsfuse.model import Quote
from newsfuse.nlp import parse_texts
from newsfuse.stages.entities.canonical import canonicalise
from newsfuse.stages.quotes.extract import extract_quotes

pytestmark = pytest.mark.slow


def quotes_of(*paragraphs: str) -> list[Quote]:
    parsed = list(parse_texts([("t1", "\n".join(paragraphs))]))
    return extract_quotes(parsed, canonicalise(parsed))


def one(quotes: list[Quote], text_start: str) -> Quote:
    found = [q for q in quotes if q.text.startswith(text_start)]
    assert len(found) == 1, [q.text for q in quotes]
    return found[0]


def test_quote_then_subject_and_said():
    qs = quotes_of(
        "Harbour master Tomas Reyes inspected the damaged pier on Sunday.",
        "\"The pier will not reopen before the spring,\" Reyes said.",
    )
    q = one(qs, "The pier")
    assert (q.speaker, q.direct, q.cue, q.sentence) == ("Tomas Reyes", True, "said", 1)
    assert q.text == "The pier will not reopen before the spring"
    assert q.speaker_entity is not None


def test_subject_said_colon_quote():
    qs = quotes_of("Mayor Ingrid Halvorsen said: \u201cEvery school will stay closed until Friday.\u201d")
    q = one(qs, "Every school")
    assert q.speaker == "Ingrid Halvorsen" and q.direct


def test_quote_then_said_subject_inverted():
    qs = quotes_of("\"We saw the smoke from the valley,\" said Joaquim Ferreira, a shepherd.")
    assert one(qs, "We saw").speaker == "Joaquim Ferreira"


def test_split_quote_and_following_pure_quotation_paragraph():
    qs = quotes_of(
        "\"The water came in minutes,\" Ana Lucic said. \"We took the children and ran.\"",
        "\"Nobody warned us that the dam could fail.\"",
        "The regional council said it would open an inquiry.",
    )
    for start in ("The water", "We took", "Nobody warned"):
        assert one(qs, start).speaker == "Ana Lucic", start
    reported = one(qs, "it would open")
    assert reported.speaker == "The regional council" and not reported.direct


def test_multi_paragraph_quote_without_closing_mark():
    qs = quotes_of(
        "Engineer Priya Natarajan described the failure at length.",
        "\u201cThe sensors flagged the fault twice, and both alarms were switched off.",
        "\u201cBy the time anyone looked, the turbine was already on fire,\u201d she told investigators.",
    )
    q = one(qs, "The sensors")
    assert q.text.endswith("already on fire")
    assert "switched off. By the time" in q.text
    assert q.speaker == "Priya Natarajan" and q.sentence == 1


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("\u201c", "\u201d"), ('"', '"'), ("\u00ab", "\u00bb"), ("\u2018", "\u2019")],
)
def test_quotation_mark_styles(opening: str, closing: str):
    qs = quotes_of(f"{opening}The convoy reached the border crossing at dawn,{closing} Colonel Marek Duda said.")
    q = one(qs, "The convoy")
    assert q.speaker == "Marek Duda" and q.direct


def test_apostrophes_are_not_quotation_marks():
    qs = quotes_of("The city\u2019s mayor visited the workers\u2019 camp. Nobody\u2019s plans changed, officials said.")
    assert all("\u2019" not in q.text[:1] for q in qs)
    assert not any(q.direct for q in qs)


def test_partial_quote_inside_reported_speech():
    # Issue 13: the attribution is the whole clause, and the partial quote inside it keeps the clause's speaker
    # (it used to be the quoted words alone, with the clause dropped).
    qs = quotes_of("General Bogdan Rusu said his brigade was \"ready for any scenario\" near the pass.")
    (q,) = qs
    assert q.text == 'his brigade was "ready for any scenario" near the pass'
    assert (q.speaker, q.kind, q.direct) == ("Bogdan Rusu", "partial", False)


@pytest.mark.parametrize("verb", ["told reporters", "added", "posted on Telegram", "wrote", "warned", "insisted", "stressed"])
def test_speech_verbs_attribute_direct_quotes(verb: str):
    qs = quotes_of(f"\"There will be no second evacuation order tonight,\" Carmen Ibarra {verb}.")
    q = one(qs, "There will be")
    assert q.speaker == "Carmen Ibarra"
    assert q.cue == verb


def test_told_reuters_and_said_in_a_statement_cues():
    qs = quotes_of(
        "Minister Lars Ekdahl told Reuters the tunnel would be inspected again.",
        "\"Safety comes before schedules,\" the ministry said in a statement.",
    )
    reported = one(qs, "the tunnel would")
    assert (reported.speaker, reported.cue, reported.direct) == ("Lars Ekdahl", "told Reuters", False)
    assert one(qs, "Safety comes").cue == "said in a statement"


def test_according_to_before_and_after():
    qs = quotes_of(
        "According to the coast guard, four fishing boats are still missing.",
        "\"The search will continue through the night,\" according to a coast guard officer.",
    )
    reported = one(qs, "four fishing boats")
    assert reported.speaker is not None and reported.speaker.casefold() == "the coast guard"
    assert not reported.direct and reported.cue == "according to"
    direct = one(qs, "The search")
    assert direct.speaker == "a coast guard officer" and direct.direct


@pytest.mark.parametrize("verb", ["confirmed", "acknowledged", "claimed", "denied", "announced", "warned"])
def test_reported_speech_verbs(verb: str):
    qs = quotes_of(f"The railway operator {verb} that the night trains would be suspended.")
    q = one(qs, "the night trains")
    assert q.text == "the night trains would be suspended"
    assert (q.speaker, q.direct, q.sentence) == ("The railway operator", False, 0)


def test_said_without_that():
    qs = quotes_of("Western diplomats said the talks had stalled over the prisoner list.")
    q = one(qs, "the talks")
    assert q.speaker == "Western diplomats" and not q.direct


def test_surname_with_title_resolves_to_the_full_name():
    qs = quotes_of(
        "Prime Minister Viktor Halloran met the unions on Tuesday.",
        "\"We reached no agreement,\" Mr Halloran said.",
    )
    q = one(qs, "We reached")
    assert q.speaker == "Viktor Halloran"
    assert q.speaker_entity is not None


def test_titled_role_with_name_is_the_person():
    qs = quotes_of("Foreign Minister Ottilie Brandt said the embassy would stay open.")
    assert one(qs, "the embassy").speaker == "Ottilie Brandt"


def test_pronoun_follows_title_gender():
    qs = quotes_of(
        "Ms Helga Strand, the port director, met Mr Pavel Kuris at the quay.",
        "\"The cranes are safe to use,\" she said.",
    )
    assert one(qs, "The cranes").speaker == "Helga Strand"


def test_they_resolves_to_an_organisation():
    qs = quotes_of(
        "Norrfield Energy said the leak had been contained. They denied that any oil had reached the river.",
    )
    q = one(qs, "any oil")
    assert q.speaker == "Norrfield Energy" and not q.direct


def test_the_minister_resolves_to_the_earlier_titled_person():
    qs = quotes_of(
        "Education minister Rafael Quintero announced that exams would be postponed.",
        "\"Pupils deserve a fair chance,\" the minister said.",
    )
    assert one(qs, "Pupils deserve").speaker == "Rafael Quintero"


def test_spokesperson_for_an_organisation():
    qs = quotes_of("A spokesperson for the Harlow Water Board said: \"Supplies will be restored by Monday.\"")
    q = one(qs, "Supplies will")
    assert q.speaker is not None and "Harlow Water Board" in q.speaker


def test_unresolvable_pronoun_gives_no_speaker():
    qs = quotes_of("\"The gates will stay shut until further notice,\" he said.")
    q = one(qs, "The gates")
    assert q.speaker is None and q.speaker_entity is None


def test_short_scare_quotes_without_attribution_are_not_quotes():
    qs = quotes_of("Troops began what the bulletin called a \"special manoeuvre\". The convoy moved at dawn.")
    assert all(q.text != "special manoeuvre" or q.speaker is not None for q in qs)
    qs = quotes_of("The so-called \"green corridor\" opened on Monday.")
    assert qs == []


def test_unattributed_long_quote_keeps_no_speaker():
    qs = quotes_of("\"Nobody in this town will forget what happened on the bridge,\" read a sign outside the hall.")
    q = one(qs, "Nobody in")
    assert q.direct and q.speaker is None


def test_quotes_carry_their_article_and_several_articles_stay_apart():
    parsed = list(
        parse_texts(
            [
                ("a", "\"The valley is flooded,\" Emil Varga said."),
                ("b", "Rescuers said the valley road was closed."),
            ]
        )
    )
    qs = extract_quotes(parsed, canonicalise(parsed))
    assert [(q.article, q.direct) for q in qs] == [("a", True), ("b", False)]


def test_empty_article_gives_no_quotes():
    parsed = list(parse_texts([("e", "")]))
    assert extract_quotes(parsed, []) == []


def test_passive_listener_is_not_the_speaker():
    qs = quotes_of("Judge Orla Brennan was told that the report would be ready within a week.")
    q = one(qs, "the report")
    assert q.speaker is None and not q.direct


def test_passive_with_agent_names_the_speaker():
    qs = quotes_of("It was announced by the harbour authority that the ferry would resume on Friday.")
    q = one(qs, "the ferry")
    assert q.speaker is not None and "harbour authority" in q.speaker


def test_idiomatic_say_is_not_reported_speech():
    qs = quotes_of("It is fair to say that the new bridge divided the town.")
    assert qs == []


def test_partitive_group_keeps_its_of_phrase():
    qs = quotes_of("In a new survey, 64 percent of farmers said they expected a poor harvest.")
    assert one(qs, "they expected").speaker == "64 percent of farmers"


def test_continued_colon_introduces_a_quote():
    qs = quotes_of("Harbour pilot Sven Aalto spoke after the rescue. Aalto continued: \"The swell was higher than any forecast.\"")
    assert one(qs, "The swell").speaker == "Sven Aalto"


def test_continue_as_a_clause_verb_is_not_a_cue():
    qs = quotes_of("Union leader Mirela Jovic said the blockade would continue \"until the last lorry is paid for\".")
    # Issue 13: the partial quote is reported inside its clause, with the clause's speaker and cue.
    q = one(qs, "the blockade would continue")
    assert (q.speaker, q.cue, q.kind) == ("Mirela Jovic", "said", "partial")


def test_quote_interrupted_mid_sentence_by_its_attribution_is_one_quote():
    qs = quotes_of(
        "\u201cThe levee is holding,\u201d said Mayor Ada Renquist, \u201cbut we will need more sandbags by tonight.\u201d"
    )
    q = one(qs, "The levee")
    assert q.text == "The levee is holding, but we will need more sandbags by tonight."
    assert q.speaker == "Ada Renquist"
    assert not [x for x in qs if x.text.startswith("but we")]


def test_new_sentence_after_the_attribution_stays_a_quote_of_its_own():
    qs = quotes_of("\"The levee held,\" Mayor Ada Renquist said. \"We were lucky this time.\"")
    assert one(qs, "The levee").text == "The levee held"
    assert one(qs, "We were lucky").speaker == "Ada Renquist"


def test_a_quotation_paragraph_after_reported_speech_belongs_to_that_speaker():
    qs = quotes_of(
        "Mayor Ada Renquist said the levee had held through the night.",
        "\"We were lucky this time. The water stopped a hand's width from the top.\"",
        "The council will meet on Monday.",
        "\"Nobody knows what comes next.\"",
    )
    assert one(qs, "We were lucky").speaker == "Ada Renquist"
    # after a paragraph with no speech, a bare quotation keeps no speaker rather than a guess
    assert one(qs, "Nobody knows").speaker is None
