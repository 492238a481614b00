"""Templates of the web pages and the briefing markup they embed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from .. import report
from ..model import Briefing

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


def briefing_markup(briefing: Briefing) -> BriefingMarkup:
    """The report renderer's markup (already escaped by its autoescaping templates).

    The story page shows the story's own title above it, so the report's heading is left out.
    """
    return BriefingMarkup(
        body=Markup(report.render_fragment(briefing, heading=False)),
        stylesheet=Markup(report.stylesheet()),
        script=Markup(report.script()),
    )
