"""``briefing.html``: one self-contained page (no network needed), rendered with Jinja2.

Autoescaping is on for every value, so article text can never inject markup.
The only strings passed through unescaped are newsfuse's own stylesheet (a
package file) and the already-rendered fragment when it is wrapped into the
full page.

* :func:`render` -- the whole document (``<html>`` with the CSS inline);
* :func:`render_fragment` -- the body only, for the web app to embed;
* :func:`stylesheet` / :func:`script` -- the CSS (every rule is scoped to
  ``.nf``, so it can share a page) and an optional citation-following script.

The static page carries no script: a citation jumps to its sentence and the
CSS ``:target`` rule highlights it, which works with scripting off and keeps
the file free of anything executable.  The web app may add :func:`script`
(it opens a collapsed block holding the target and flashes the sentence).
"""

from __future__ import annotations

import functools
from importlib import resources

import jinja2
from markupsafe import Markup

from ..model import Briefing
from .svgmap import build_map
from .view import CitationView, anchor, build_view, is_web_url

TITLE = "newsfuse briefing"

_env = jinja2.Environment(
    loader=jinja2.PackageLoader("newsfuse.report", "templates"),
    autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.tests["web_url"] = is_web_url


@functools.cache
def _asset(name: str) -> str:
    return resources.files("newsfuse.report").joinpath("templates", name).read_text(encoding="utf-8")


def stylesheet() -> str:
    """The report's CSS (scoped to ``.nf``; responsive and print rules included)."""
    return _asset("briefing.css")


def script() -> str:
    """Optional script for pages that embed the fragment: opens and flashes the sentence a citation points to."""
    return _asset("briefing.js")


def _sections(b: Briefing) -> list[tuple[str, str]]:
    present = [
        ("changes", "What changed", bool(b.new_since)),
        ("summary", "Summary", bool(b.summary)),
        ("facts", "Coverage", bool(b.claims)),
        ("disputes", "Disputes", any(c.conflicts for c in b.claims) or any(
            f.disputed for e in b.fused_events for f in e.figures)),
        ("quotes", "Quotes", bool(b.quotes)),
        ("figures", "Figures", bool(b.quantities)),
        ("entities", "Entities", bool(b.entities)),
        ("places", "Map", bool(b.places)),
        ("timeline", "Timeline", bool(b.timeline or any(e.date for e in b.fused_events))),
        ("events", "Events", bool(b.events or b.fused_events)),
        ("sources", "Sources", True),
        ("articles", "Articles", True),
        ("skipped", "Skipped", bool(b.skipped)),
    ]
    return [(sid, name) for sid, name, shown in present if shown]


def render_fragment(briefing: Briefing, heading: bool = True) -> str:
    """The briefing body (no ``<html>``/``<head>``); pair it with :func:`stylesheet` and :func:`script`.

    ``heading=False`` leaves out the report's ``<h1>`` for a page that carries its own title.
    """
    view = build_view(briefing)
    mentions_of: dict[str, list[CitationView]] = {}
    for e in briefing.entities:
        refs = dict.fromkeys((m.article, m.sentence) for m in e.mentions)
        mentions_of[e.id] = [view.cite(a, s) for a, s in refs]
    for p in briefing.places:
        mentions_of.setdefault(p.entity, [])
    dates = sorted({a.published for a in briefing.articles if a.published})
    svg = build_map(briefing)
    return _env.get_template("briefing_body.html.j2").render(
        v=view,
        title=TITLE if heading else None,
        dates=(dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}") if dates else "",
        sections=_sections(briefing),
        svg=svg,
        sized={m.entity: m.outlets for m in svg.markers} if svg else {},
        mentions_of=mentions_of,
        anchor=anchor,
    )


def render(briefing: Briefing) -> str:
    """The whole self-contained ``briefing.html``."""
    return _env.get_template("briefing.html.j2").render(
        title=TITLE,
        css=Markup(stylesheet()),  # newsfuse's own package file, no article text
        body=Markup(render_fragment(briefing)),  # rendered with autoescape above
    )
