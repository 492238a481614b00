"""briefing.json against the shipped JSON Schema, the format doc, and escaping in the HTML report."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsfuse
from newsfuse.model import Article, Briefing, DroppedLine, Quote, Sentence, Skipped
from newsfuse.report import html, json_out, markdown
from newsfuse.schema import shipped_schema

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "counteroffensive"
FORMAT_DOC = REPO / "docs" / "json-format.md"

COLLECTIONS = (
    "articles", "skipped", "entities", "places", "quotes", "quantities",
    "claims", "timeline", "summary", "events",
)  # fmt: skip

INJECTED = "<script>alert(1)</script>"


def _validator() -> jsonschema.Draft202012Validator:
    schema = shipped_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _errors(document: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator().iter_errors(document)]


# --------------------------------------------------------------------------- the schema itself


def test_shipped_schema_is_draft_2020_12():
    schema = shipped_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_rejects_a_document_with_a_wrong_type_or_unknown_key():
    assert _errors({"newsfuse_version": "0.1.0"}) == []
    assert _errors({"newsfuse_version": "0.1.0", "articles": "not a list"}) != []
    assert _errors({"newsfuse_version": "0.1.0", "surprise": 1}) != []
    assert _errors({"articles": []}) != [], "newsfuse_version is required"


# --------------------------------------------------------------------------- the example corpus


@pytest.fixture(scope="module")
def example_json() -> dict[str, Any]:
    briefing = newsfuse.brief([EXAMPLE])
    document: dict[str, Any] = json.loads(json_out.dumps(briefing))
    return document


@pytest.mark.slow
def test_example_briefing_json_validates_against_the_shipped_schema(example_json):
    assert _errors(example_json) == []
    assert example_json["articles"], "the example corpus gives articles"


@pytest.mark.slow
def test_example_briefing_json_has_every_collection(example_json):
    for key in COLLECTIONS:
        assert isinstance(example_json.get(key), list), key
    assert isinstance(example_json["independent_outlets"], int)
    for article in example_json["articles"]:
        for key in ("authors", "dropped", "sentences"):
            assert isinstance(article[key], list), (article["path"], key)


# --------------------------------------------------------------------------- HTML escaping


@pytest.mark.slow
def test_html_escapes_article_text_that_went_through_the_pipeline():
    body = (
        "The fictional town council of Orlen met on Tuesday to discuss the new bridge.\n"
        f"A resident pasted {INJECTED} into the council's comment form, officials said.\n"
        "The council said the form had been fixed and no data was lost."
    )
    article = Article(
        id="a0000000001",
        path="orlen.txt",
        title=f"Orlen council {INJECTED}",
        outlet="Orlen <b>Gazette</b>",
        authors=["Mara <i>Quell</i>"],
        body=body,
        dropped=[DroppedLine(text=INJECTED, reason="comment form")],
    )
    briefing = newsfuse.brief_articles([article], skipped=[Skipped(path=f"{INJECTED}.txt", reason=INJECTED)])
    assert any(INJECTED in s.text for s in briefing.articles[0].sentences), "the sentence reaches the report"

    page = html.render(briefing)
    assert INJECTED not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>Gazette</b>" not in page and "<i>Quell</i>" not in page
    assert "<script" not in page.lower()


def _briefing_with_text(text: str) -> Briefing:
    article = Article(
        id="a0000000002",
        path=f"{text}.txt",
        title=text,
        outlet=text,
        authors=[text],
        url=None,
        body=text,
        dropped=[DroppedLine(text=text, reason=text)],
        sentences=[Sentence(index=0, text=text, start=0, end=len(text))],
    )
    quote = Quote(speaker=text, text=text, direct=True, article=article.id, sentence=0, cue=text)
    return Briefing(
        newsfuse_version="test",
        articles=[article],
        quotes=[quote],
        skipped=[Skipped(path=text, reason=text)],
    )


_tag_payloads = st.builds(
    lambda before, tag, after: f"{before}<{tag} onload='x'>{before}</{tag}>{after}",
    st.text(max_size=20),
    st.sampled_from(["script", "img", "iframe", "b", "svg"]),
    st.text(max_size=20),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_tag_payloads)
def test_html_never_emits_markup_from_article_fields(text):
    page = html.render(_briefing_with_text(text))
    # The template writes no onload attribute of its own: any in the page came from the text.
    assert "onload='x'" not in page
    assert re.search(r"<(script|img|iframe|svg)\b", page) is None


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60))
def test_json_output_round_trips_and_validates_for_any_text(text):
    briefing = _briefing_with_text(text)
    dumped = json_out.dumps(briefing)
    assert Briefing.model_validate_json(dumped) == briefing
    assert _errors(json.loads(dumped)) == []


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=60))
def test_markdown_renders_any_text_without_error(text):
    rendered = markdown.render(_briefing_with_text(text))
    assert isinstance(rendered, str) and rendered


# --------------------------------------------------------------------------- docs/json-format.md


def _schema_fields() -> dict[str, list[str]]:
    schema = shipped_schema()
    fields = {"Briefing": sorted(schema["properties"])}
    for name, definition in schema["$defs"].items():
        fields[name] = sorted(definition.get("properties", {}))
    return fields


def test_json_format_doc_describes_every_model_and_field():
    doc = FORMAT_DOC.read_text(encoding="utf-8")
    missing: list[str] = []
    for model_name, field_names in _schema_fields().items():
        section = re.search(rf"^#+ [^\n`]*`{model_name}`\n(.*?)(?=^#+ |\Z)", doc, flags=re.MULTILINE | re.DOTALL)
        if section is None:
            missing.append(f"section for {model_name}")
            continue
        for field_name in field_names:
            # A table row names the field as `field` (possibly with siblings: `start`, `end`).
            if not re.search(rf"^\|[^|\n]*`{field_name}`[^|\n]*\|", section.group(1), flags=re.MULTILINE):
                missing.append(f"{model_name}.{field_name}")
    assert missing == [], f"docs/json-format.md lacks: {missing}"


def test_json_format_doc_lists_the_cli_exit_codes():
    doc = FORMAT_DOC.read_text(encoding="utf-8")
    from newsfuse import cli

    for code in (cli.EXIT_OK, cli.EXIT_FATAL, cli.EXIT_USAGE, cli.EXIT_SKIPPED):
        assert re.search(rf"^\| {code} \|", doc, flags=re.MULTILINE), f"exit code {code} not documented"


def test_json_format_doc_example_is_valid_against_the_schema():
    doc = FORMAT_DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)```", doc, flags=re.DOTALL)
    assert len(blocks) == 1
    example = json.loads(blocks[0])
    assert _errors(example) == []
