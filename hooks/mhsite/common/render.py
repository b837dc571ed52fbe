"""Rendering generated pages from the capabilities' Jinja templates
(`hooks/mhsite/<capability>/templates/`, one namespace: every name is unique).

Our own Jinja environments with autoescaping on: MkDocs' environment does not
autoescape, and everything we render contains editors' text. (Material's own
templates, and our changes to them, are theme files in overrides/.)

Two environments, for the two places a template's output goes:

- `render`: into a page's Markdown source (generated pages, text added in
  `on_page_markdown`). Every `{{ value }}` is escaped for Markdown as well as
  for HTML (`text.markdown_escape`), so an editor's `{ onfocus=… }`,
  `[link](javascript:…)` or `**` is shown as typed, never read as syntax.
  What a template means as Markdown or HTML comes from our code as Markup:
  link targets (`| href`), editors' Markdown fields (`| markdown`, sanitised
  after rendering), JSON for scripts (`| script_json`), QR codes.
- `render_html`: into a page's HTML after Markdown (`on_page_content`): HTML
  escaping only.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from mhsite.common.text import markdown_escape, markdown_region

PACKAGE = Path(__file__).resolve().parent.parent


def template_folders() -> list[Path]:
    """Every capability's templates/ folder. A name in two of them would make
    one template hide the other (a ChoiceLoader takes the first): refused."""
    folders = sorted(PACKAGE.glob("*/templates"))
    seen: dict[str, Path] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.html")):
            if path.name in seen:
                raise RuntimeError(f"template {path.name} is in both {seen[path.name]} and {folder}: names must be unique")
            seen[path.name] = folder
    return folders


@lru_cache(maxsize=None)
def _environment(markdown: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(folder) for folder in template_folders()]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=markdown_escape if markdown else None,
    )
    env.filters["script_json"] = script_json
    env.filters["front_matter"] = front_matter
    env.filters["href"] = href
    env.filters["markdown"] = markdown_region
    return env


def render(template: str, **context: Any) -> str:
    """A template whose output is Markdown (see the module's docstring)."""
    return _environment(True).get_template(template).render(**context)


def render_html(template: str, **context: Any) -> str:
    """A template whose output is HTML that Markdown never sees."""
    return _environment(False).get_template(template).render(**context)


def script_json(value: Any) -> Markup:
    """JSON safe to put inside <script type="application/json">.

    `</` is escaped so that editors' text can never close the script element,
    and `<!--` so that it can never start an HTML comment there.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def front_matter(value: Any) -> Markup:
    """A value for a page's YAML front matter (title, description), as the
    editor wrote it: a JSON string is valid YAML whatever the text holds
    (": ", quotes). The theme's output of these values is escaped once, for
    every page, by the plugin (on_page_markdown)."""
    return Markup(json.dumps(str(value), ensure_ascii=False))


def href(path: str) -> Markup:
    """A link target our code computed (a relative path to a source file, or
    an address), percent-encoded where Markdown or HTML would read it."""
    return Markup(quote(str(path), safe="/.-_~#:?=&"))
