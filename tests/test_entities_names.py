"""Name forms and romanisation keys: examples and properties."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsfuse.stages.entities import names, translit

words = st.text(alphabet=st.characters(categories=("Lu", "Ll", "Mn")), min_size=1, max_size=14)


def test_name_form_strips_determiner_possessive_titles_and_legal_forms() -> None:
    assert names.name_form("the Kremlin").name == "Kremlin"
    assert names.name_form("Paris's").name == "Paris"
    assert names.name_form("Apple 's").name == "Apple"
    assert names.name_form("Orvane Holdings Ltd.").name == "Orvane Holdings"
    form = names.name_form("President Amara Velloso", person=True)
    assert (form.name, form.titled) == ("Amara Velloso", True)
    assert names.name_form("Ferro CEO Tomas Ilves", person=True).name == "Tomas Ilves"
    assert names.name_form("General Rotors").name == "General Rotors"
    assert names.name_form("Mr Velloso").name == "Velloso"


def test_noise_reasons() -> None:
    assert names.noise_reason("agoShare") == "glued words"
    assert names.noise_reason("2024") == "no letters"
    assert names.noise_reason("the ministry") == "no capital letter"
    assert names.noise_reason("Q") == "one letter"
    for name in ("McDonald", "iPhone", "MoD", "DeSantis", "the Kremlin", "Kyiv"):
        assert names.noise_reason(name) is None, name


def test_acronyms() -> None:
    assert names.is_acronym("IAEA") and names.is_acronym("MoD") and names.is_acronym("U.S.")
    assert not names.is_acronym("Kyiv") and not names.is_acronym("A") and not names.is_acronym("iPod")
    assert names.expands("MoD", ("Ministry", "of", "Defence"))
    assert names.expands("AFU", ("Armed", "Forces", "of", "Ukraine"))
    assert not names.expands("IAEA", ("International", "Energy", "Agency"))


def test_fine_key_examples() -> None:
    assert translit.fine_key("Zelenskyy") == translit.fine_key("Zelenskiy") == translit.fine_key("Zelensky")
    assert translit.fine_key("Kyïv") == translit.fine_key("Kyiv")
    assert translit.fine_key("Tchaikovsky") == translit.fine_key("Chaikovsky")


@given(words)
def test_fine_key_is_idempotent_plain_lowercase_ascii(word: str) -> None:
    key = translit.fine_key(word)
    assert key == translit.fine_key(key)
    assert key == "" or (key.isascii() and key.isalpha() and key.islower())


@given(words)
def test_fine_key_ignores_case_and_diacritics(word: str) -> None:
    assert translit.fine_key(word.upper()) == translit.fine_key(names.fold(word))


@given(words, words)
def test_keys_match_is_symmetric_and_reflexive(a: str, b: str) -> None:
    ka, kb = translit.fine_key(a), translit.fine_key(b)
    assert translit.keys_match(ka, kb) == translit.keys_match(kb, ka)
    if ka:
        assert translit.keys_match(ka, ka)


@given(words, st.sampled_from(["n", "ian", "ia", "an", "ese", "i"]))
def test_a_derivation_never_matches_its_stem(stem: str, suffix: str) -> None:
    key = translit.fine_key(stem)
    derived = translit.fine_key(stem + suffix)
    if key != derived:
        assert not translit.keys_match(key, derived) or not derived.startswith(key)


@given(st.text(max_size=40))
def test_name_form_never_empties_a_name(text: str) -> None:
    form = names.name_form(text, person=True)
    if text.split():
        assert form.name
        assert form.tokens == tuple(form.name.split())


@given(words)
def test_outlet_key_ignores_a_leading_the_and_case(name: str) -> None:
    from newsfuse.stages.entities.evidence import outlet_key

    key = outlet_key(name)
    assert outlet_key(key) == key
    if key and key != "the":
        assert outlet_key(f"The {name}") == key
        assert outlet_key(name.upper()) == outlet_key(name.lower())


_POS = st.sampled_from(["PROPN", "NOUN", "ADJ", "VERB", "ADP", "DET"])
_IOB = st.sampled_from(["O", "B-ORG", "I-ORG", "B-PERSON", "B-NORP"])


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Varn", "of", "Ministry", "river", "the", "Minister", "Ostra", "near"]),
            _POS,
            _IOB,
        ),
        min_size=1,
        max_size=8,
    ),
    st.data(),
)
def test_evidence_widening_only_extends_the_ner_span_within_its_sentence(
    specs: list[tuple[str, str, str]], data: st.DataObject
) -> None:
    from newsfuse.model import Mention, ParsedArticle, ParsedSentence, Token
    from newsfuse.stages.entities.evidence import mention_evidence

    tokens, offset = [], 0
    for i, (text, pos, iob) in enumerate(specs):
        head = data.draw(st.integers(0, len(specs) - 1))
        tag, _, label = iob.partition("-")
        tokens.append(
            Token(
                i=i,
                text=text,
                lemma=text.lower(),
                pos=pos,
                tag=pos,
                dep="compound",
                head=head,
                idx=offset,
                ent_iob=tag,
                ent_type=label,
            )
        )
        offset += len(text) + 1
    sentence_text = " ".join(t.text for t in tokens)
    sentence = ParsedSentence(index=0, text=sentence_text, start=0, end=len(sentence_text), tokens=tokens)
    first = data.draw(st.integers(0, len(tokens) - 1))
    last = data.draw(st.integers(first, len(tokens) - 1))
    start, end = tokens[first].idx, tokens[last].idx + len(tokens[last].text)
    label = data.draw(st.sampled_from(["ORG", "PERSON", "GPE", "NORP"]))
    mention = Mention(
        article="a", sentence=0, text=sentence_text[start:end], start=start, end=end, label=label
    )
    (evidence,) = mention_evidence([ParsedArticle(article="a", sentences=[sentence], mentions=[mention])])
    assert mention.text in evidence.name_text
    assert evidence.name_text in sentence_text
    assert evidence.widened == (evidence.name_text != mention.text)
