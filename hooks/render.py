"""Rendering generated pages from Jinja templates in `overrides/generated/`.

Our own Jinja environment with autoescaping on: MkDocs' environment does not
autoescape, and everything we render contains editors' text. Templates there
end in .html so that MkDocs never copies them into the site as static files.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).resolve().parent.parent / "overrides" / "generated"


@lru_cache(maxsize=None)
def _environment(folder: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["script_json"] = script_json
    env.filters["front_matter"] = front_matter
    return env


def render(template: str, folder: Path = TEMPLATES, **context: Any) -> str:
    return _environment(folder).get_template(template).render(**context)


def script_json(value: Any) -> Markup:
    """JSON safe to put inside <script type="application/json">.

    `</` is escaped so that editors' text can never close the script element,
    and `<!--` so that it can never start an HTML comment there.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def front_matter(value: Any) -> Markup:
    """A value for a page's YAML front matter (title, description).

    Editors' text could contain ": " or quotes that would break the YAML; a
    JSON string is valid YAML. The text is HTML-escaped first because the
    theme prints titles without escaping.
    """
    return Markup(json.dumps(str(escape(value)), ensure_ascii=False))
