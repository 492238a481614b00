"""Templates of the web pages and the briefing markup they embed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from .. import report
from ..model import Briefing, Story
from .folding import FoldLimits, fold, relink, show_all_notes

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


def story_path(story: Story, new_since: dt.date | None, whole: bool) -> str:
    """The story page's path, or with ``whole`` the page of the whole briefing (the story page folds it)."""
    path = f"/stories/{quote(story.id, safe='')}" + ("/all" if whole else "")
    return f"{path}?new_since={new_since.isoformat()}" if new_since else path


def story_page(
    templates: Jinja2Templates,
    story: Story,
    briefing: Briefing,
    new_since: dt.date | None,
    *,
    whole: bool,
    common: dict[str, Any],
    limits: FoldLimits | None = None,
) -> str:
    """The story page's HTML: the folded briefing, or with ``whole`` every list in full.

    Rendered without the request: nothing on the page depends on who asks, so it is rendered once per
    content and served as bytes (see ``pagecache``).
    """
    whole_page = story_path(story, new_since, whole=True)
    if whole:
        body, folds = report.render_fragment(briefing, heading=False), []
    else:
        folded = fold(briefing, limits or FoldLimits())
        body = relink(report.render_fragment(folded.briefing, heading=False), folded.folded_articles, whole_page)
        body = show_all_notes(body, folded.folds, whole_page)
        folds = folded.folds
    markup = BriefingMarkup(body=Markup(body), stylesheet=Markup(report.stylesheet()), script=Markup(report.script()))
    values = {**common, "story": story, "briefing": briefing, "markup": markup, "new_since": new_since,
              "folds": folds, "whole": whole, "whole_page": whole_page,
              "short_page": story_path(story, new_since, whole=False),
              "since_action": story_path(story, None, whole)}
    return templates.env.get_template("story.html").render(values)
