"""Templates of the web pages and the briefing markup they embed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from ..model import Briefing
from ..report import html as report_html

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"


def make_templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return Jinja2Templates(env=env)


@dataclass(frozen=True)
class BriefingMarkup:
    """The report's HTML for one briefing: the part inside ``<body>``, its stylesheet and its script."""

    body: Markup
    stylesheet: Markup
    script: Markup


def _between(document: str, start_tag: str, end_tag: str) -> str:
    start = document.find(start_tag)
    end = document.rfind(end_tag)
    if start < 0 or end < start:
        raise ValueError(f"the report HTML has no {start_tag}...{end_tag} section")
    after_start = document.index(">", start) + 1
    return document[after_start:end]


def briefing_markup(briefing: Briefing) -> BriefingMarkup:
    """The report renderer's markup (already escaped by its autoescaping templates).

    ``render_fragment``/``stylesheet``/``script`` give the embeddable parts; a
    renderer that only has ``render`` (a whole page) is embedded as its ``<body>``
    (script included) and ``<style>``, which is safe because article text inside it
    is escaped and cannot contain the tags.
    """
    fragment = getattr(report_html, "render_fragment", None)
    stylesheet = getattr(report_html, "stylesheet", None)
    script = getattr(report_html, "script", None)
    if callable(fragment) and callable(stylesheet):
        return BriefingMarkup(
            body=Markup(fragment(briefing)),
            stylesheet=Markup(stylesheet()),
            script=Markup(script() if callable(script) else ""),
        )
    page = report_html.render(briefing)
    style = _between(page, "<style", "</style>") if "<style" in page else ""
    body = _between(page, "<body", "</body>")
    return BriefingMarkup(body=Markup(body), stylesheet=Markup(style), script=Markup(""))
