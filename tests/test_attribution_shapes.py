"""Who said what on the failure shapes of issue 13, one shape per test, on fictional sentences (loads spaCy)."""

from __future__ import annotations

import pytest

from newsfuse.model import Quote
from newsfuse.nlp import parse_texts
from newsfuse.stages.entities import canonicalise
from newsfuse.stages.quotes import extract_quotes

pytestmark = pytest.mark.slow


def quotes_of(*paragraphs: str) -> list[Quote]:
    parsed = list(parse_texts([("t1", "\n".join(paragraphs))]))
    return extract_quotes(parsed, canonicalise(parsed))


def about(quotes: list[Quote], words: str) -> Quote:
    found = [q for q in quotes if words in q.text]
    assert len(found) == 1, [(q.speaker, q.text) for q in quotes]
    return found[0]


# --------------------------------------------------------------------------- datelines and bylines


def test_a_dateline_is_never_the_speaker():
    qs = quotes_of("BRACKENFORD, N.D. - Mayor Linnea Voss asserted on Tuesday that the reservoir dam would hold.")
    q = about(qs, "the reservoir dam would hold")
    assert q.speaker == "Linnea Voss"


def test_a_dateline_with_an_agency_is_never_the_speaker():
    qs = quotes_of(
        "Port Ellery (AFP) - The Ellery Courier, a local daily, reported the vote, saying the count had been fair."
    )
    q = about(qs, "the count had been fair")
    assert q.speaker is not None and "Ellery Courier" in q.speaker
    assert "AFP" not in q.speaker and "Port Ellery" != q.speaker


def test_a_byline_is_never_the_antecedent_of_a_pronoun():
    qs = quotes_of(
        "By Marta Quillon",
        "The harbour board met on Friday to discuss the silted channel.",
        "She said the dredging would start in May.",
    )
    assert about(qs, "the dredging would start").speaker is None


# --------------------------------------------------------------------------- partial quotes keep the clause's speaker


def test_partial_quote_inside_reported_speech_is_the_whole_clause_with_its_speaker():
    qs = quotes_of("Councillor Ines Barrow noted that \u201ca fair share of our neighbours\u201d had already moved away.")
    (q,) = qs
    assert q.text == "\u201ca fair share of our neighbours\u201d had already moved away"
    assert (q.speaker, q.kind, q.cue) == ("Ines Barrow", "partial", "noted")


def test_partial_quote_at_the_end_of_the_clause():
    qs = quotes_of("The ferry operator Bram Toller warned that the crossing was \"no longer safe in winter\".")
    (q,) = qs
    assert q.text.startswith("the crossing was") and q.kind == "partial"
    assert q.speaker == "Bram Toller"


# --------------------------------------------------------------------------- cue verbs beyond "said"


@pytest.mark.parametrize("verb", ["lamented", "vowed", "noted", "insisted", "warned", "conceded", "argued",
                                  "acknowledged"])
def test_report_verbs_with_a_that_clause(verb: str):
    qs = quotes_of(f"Fisheries chief Odile Marchetti {verb} that the quota talks had stalled again.")
    q = about(qs, "the quota talks had stalled again")
    assert (q.speaker, q.kind, q.cue) == ("Odile Marchetti", "indirect", verb)


def test_according_to_documents_names_their_owner():
    qs = quotes_of("According to documents filed by Trelawny Mining, the company lost two contracts in March.")
    q = about(qs, "lost two contracts in March")
    assert q.speaker is not None and "Trelawny Mining" in q.speaker and q.cue == "according to"


def test_noun_cues_in_a_statement_and_a_claim_that():
    qs = quotes_of(
        "In a statement, Vessant Rail said the night service would be cut.",
        "Critics rejected his spokesman's claim that the timetable had never been published.",
    )
    assert about(qs, "the night service would be cut").speaker == "Vessant Rail"
    claim = about(qs, "the timetable had never been published")
    assert claim.kind == "indirect" and claim.cue == "claim"


def test_inverted_and_parenthetical_reporting():
    qs = quotes_of(
        "The tunnel will reopen within a fortnight, the transport agency announced on Monday.",
        "Since the repairs, engineer Hallam Roe says, the lining has held without a crack.",
    )
    assert about(qs, "The tunnel will reopen within a fortnight").speaker.casefold() == "the transport agency"
    assert about(qs, "the lining has held without a crack").speaker == "Hallam Roe"


def test_a_subject_that_cannot_be_a_source_is_no_attribution():
    qs = quotes_of("The rainfall figures suggest that the drought has eased in the north.")
    assert qs == []


def test_a_belief_inside_reported_speech_is_one_attribution():
    qs = quotes_of("Treasurer Colm Aske stated that he expected the deficit to narrow next year.")
    (q,) = qs
    assert q.speaker == "Colm Aske" and q.cue == "stated"


# --------------------------------------------------------------------------- "the president", "the company", pronouns


def test_the_president_is_the_earlier_president_not_the_nearest_person():
    qs = quotes_of(
        "President Amara Okafor met the trade envoy Tomas Lind in Kelso on Monday.",
        "Lind's delegation left before lunch.",
        "The president said the tariff would be lifted by June.",
    )
    assert about(qs, "the tariff would be lifted").speaker == "Amara Okafor"


def test_the_company_is_the_organisation_named_before_it():
    qs = quotes_of(
        "Halvard Shipping posted a loss for the third year running.",
        "The company said that fuel costs had doubled since January.",
    )
    q = about(qs, "fuel costs had doubled")
    assert q.speaker == "Halvard Shipping" and q.speaker_entity is not None


def test_a_pronoun_follows_gender_across_paragraphs():
    qs = quotes_of(
        "Ms Ruth Calloway, a senator for the coast, criticised the budget on Monday.",
        "Treasury chief Marek Olsen defended the plan. Mr Olsen called it prudent.",
        "She said the cuts to lifeboat stations were reckless.",
    )
    assert about(qs, "the cuts to lifeboat stations").speaker == "Ruth Calloway"


def test_an_unresolvable_description_has_no_speaker():
    qs = quotes_of("The minister said the border crossing would stay shut until spring.")
    assert about(qs, "the border crossing would stay shut").speaker is None


# --------------------------------------------------------------------------- one canonical speaker


def test_one_speaker_across_a_role_prefix_and_a_bare_surname():
    qs = quotes_of(
        "Spokeswoman Petra Hollis said the mill would close in August.",
        "\u201cWe explored every option,\u201d Hollis said.",
    )
    first, second = about(qs, "the mill would close"), about(qs, "We explored every option")
    assert first.speaker == second.speaker == "Petra Hollis"


def test_an_acronym_speaker_is_the_organisation_it_abbreviates():
    qs = quotes_of(
        "The Northern Rail Authority raised fares on Monday.",
        "The NRA said the rise would pay for new signals.",
    )
    q = about(qs, "the rise would pay for new signals")
    assert q.speaker == "Northern Rail Authority" and q.speaker_entity is not None


def test_quotes_carry_the_canonical_entity_id_of_their_speaker():
    qs = quotes_of(
        "Harbour master Ilse Brandvold said the pier was unsafe.",
        "\u201cNobody should fish from it,\u201d Ms Brandvold added.",
    )
    ids = {q.speaker_entity for q in qs}
    assert len(ids) == 1 and None not in ids
