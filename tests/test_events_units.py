"""Event pieces on hand-built parses and the lexicon (no spaCy): spans, triggers, context, properties."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsfuse.model import Entity, MentionRef, ParsedArticle, ParsedSentence, Token
from newsfuse.stages.events import categories as event_types
from newsfuse.stages.events.arguments import SentenceView, actor_tokens, conjuncts
from newsfuse.stages.events.extract import extract_events
from newsfuse.stages.events.triggers import clause_context, find_triggers

# (text, lemma, pos, tag, dep, head, ent_type)
Row = tuple[str, str, str, str, str, int, str]


def sentence(rows: list[Row]) -> ParsedSentence:
    tokens, offset = [], 0
    for i, (text, lemma, pos, tag, dep, head, ent) in enumerate(rows):
        tokens.append(Token(i=i, text=text, lemma=lemma, pos=pos, tag=tag, dep=dep, head=head, idx=offset,
                            ent_type=ent, ent_iob="B" if ent else "O"))
        offset += len(text) + 1
    text = " ".join(r[0] for r in rows)
    return ParsedSentence(index=0, text=text, start=0, end=len(text), tokens=tokens)


# "Tarvo police did not detain the two reporters ."
NEGATED: list[Row] = [
    ("Tarvo", "Tarvo", "PROPN", "NNP", "compound", 1, "GPE"),
    ("police", "police", "NOUN", "NNS", "nsubj", 4, ""),
    ("did", "do", "AUX", "VBD", "aux", 4, ""),
    ("not", "not", "PART", "RB", "neg", 4, ""),
    ("detain", "detain", "VERB", "VB", "ROOT", 4, ""),
    ("the", "the", "DET", "DT", "det", 7, ""),
    ("two", "two", "NUM", "CD", "nummod", 7, ""),
    ("reporters", "reporter", "NOUN", "NNS", "dobj", 4, ""),
    (".", ".", "PUNCT", ".", "punct", 4, ""),
]

# "Mordavia and Velland , who met in Geneva , signed a treaty ."
CONJOINED: list[Row] = [
    ("Mordavia", "Mordavia", "PROPN", "NNP", "nsubj", 9, "GPE"),
    ("and", "and", "CCONJ", "CC", "cc", 0, ""),
    ("Velland", "Velland", "PROPN", "NNP", "conj", 0, "GPE"),
    (",", ",", "PUNCT", ",", "punct", 0, ""),
    ("who", "who", "PRON", "WP", "nsubj", 5, ""),
    ("met", "meet", "VERB", "VBD", "relcl", 0, ""),
    ("in", "in", "ADP", "IN", "prep", 5, ""),
    ("Geneva", "Geneva", "PROPN", "NNP", "pobj", 6, "GPE"),
    (",", ",", "PUNCT", ",", "punct", 0, ""),
    ("signed", "sign", "VERB", "VBD", "ROOT", 9, ""),
    ("a", "a", "DET", "DT", "det", 11, ""),
    ("treaty", "treaty", "NOUN", "NN", "dobj", 9, ""),
    (".", ".", "PUNCT", ".", "punct", 9, ""),
]


def test_negation_is_seen_on_the_trigger():
    view = SentenceView(sentence(NEGATED))
    (trigger,) = find_triggers(view)
    assert (trigger.head, trigger.category) == (4, "COERCE")
    assert clause_context(view, trigger, {trigger.head: trigger}).negated


def test_actor_span_drops_relative_clause_and_conjuncts():
    view = SentenceView(sentence(CONJOINED))
    assert view.text_of(actor_tokens(view, 0)) == "Mordavia"
    assert conjuncts(view, 0) == [0, 2]


def test_relative_pronoun_subject_and_verb_object_trigger():
    view = SentenceView(sentence(CONJOINED))
    triggers = {t.head: t for t in find_triggers(view)}
    assert triggers[9].category == "SUPPORT" and triggers[9].noun == 11  # "signed a treaty"
    assert triggers[5].category == "CONSULT"  # "met"


def test_stage_on_hand_built_parse_links_entities_and_relative_clause_subject():
    parsed = ParsedArticle(article="a1", sentences=[sentence(CONJOINED)], mentions=[])
    mordavia = Entity(id="E1", name="Mordavia", type="place", variants=["Mordavia"],
                      mentions=[MentionRef(article="a1", sentence=0, text="Mordavia", start=0, end=8)])
    geneva = Entity(id="E2", name="Geneva", type="place", variants=["Geneva"],
                    mentions=[MentionRef(article="a1", sentence=0, text="Geneva", start=38, end=44)])
    events = extract_events([parsed], [mordavia, geneva], [], [], [])
    signed = [e for e in events if e.type == "SUPPORT"]
    assert sorted(e.source.text for e in signed if e.source) == ["Mordavia", "Velland"]
    assert {e.source.entity for e in signed if e.source} == {"E1", None}
    # "who" stands for "Mordavia and Velland": one meeting row per conjunct, placed in Geneva.
    met = [e for e in events if e.type == "CONSULT"]
    assert sorted(e.source.text for e in met if e.source) == ["Mordavia", "Velland"]
    assert {e.place for e in met} == {"Geneva"}
    assert [e.id for e in events] == [f"EV{n}" for n in range(1, len(events) + 1)]


def test_lexicon_categories_are_plover_categories():
    tables = [event_types.VERB_CATEGORY, event_types.NOUN_CATEGORY, event_types.PHRASAL_CATEGORY,
              event_types.VERB_OBJECT_CATEGORY]
    used = {category for table in tables for category in table.values()}
    assert used <= set(event_types.CATEGORIES)
    # Every category can be coded from some word.
    assert used == set(event_types.CATEGORIES)


@given(st.sampled_from(event_types.CATEGORIES))
def test_legacy_mapping_is_idempotent_and_closed(category: str):
    older = event_types.legacy(category)
    assert event_types.legacy(older) == older
    assert older in event_types.CATEGORIES and older not in event_types.LEGACY_CATEGORY


@given(st.sampled_from(event_types.CATEGORIES))
def test_intention_is_promise_or_threat(category: str):
    intended = event_types.intended(category)
    assert intended in (None, "AGREE", "THREATEN")
    assert (intended == "THREATEN") == (category in event_types.HOSTILE_ACTS)


@given(st.lists(st.text(alphabet="abcXYZ-'", min_size=1, max_size=6), min_size=1, max_size=8),
       st.lists(st.booleans(), min_size=8, max_size=8))
def test_text_of_rebuilds_contiguous_tokens(words: list[str], spaces: list[bool]):
    rows: list[Row] = [(w, w.lower(), "NOUN", "NN", "dep", 0, "") for w in words]
    parsed = sentence(rows)
    tokens = [t.model_copy(update={"ws": spaces[t.i]}) for t in parsed.tokens]
    view = SentenceView(parsed.model_copy(update={"tokens": tokens}))
    expected = "".join(t.text + (" " if t.ws else "") for t in tokens[:-1]) + tokens[-1].text
    assert view.text_of(list(range(len(tokens)))) == expected.strip()
