"""``briefing.html``: one self-contained page (no network needed), rendered with Jinja2.

Autoescaping is on for every value, so article text can never inject markup.
"""

from __future__ import annotations

import jinja2

from ..model import Briefing

_env = jinja2.Environment(
    loader=jinja2.PackageLoader("newsfuse.report", "templates"),
    autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render(briefing: Briefing) -> str:
    label = {a.id: (a.outlet or a.title or a.id) for a in briefing.articles}
    return _env.get_template("briefing.html.j2").render(b=briefing, label=label)
