"""MkDocs hook: no space where a Chinese line was broken (cjk_breaks.py).

A thin adapter:

- on_config: adds the Markdown extension (cjk_markdown.py) to
  `markdown_extensions`, so every page gets it: written pages, the pages our
  hooks generate from the data files (FAQ answers, activity descriptions...),
  news posts and their excerpts, and so the search index, which is made from
  the pages' HTML. It is added here rather than named in mkdocs.yml because
  MkDocs imports the extensions named there before it loads the hooks, when
  the modules beside them cannot be imported.
- on_config (before the plugins read them): the texts of mkdocs.yml that pages
  and the news feed show (site_name, site_description, site_author, copyright,
  extra) get the same rule where YAML folded a line break into a space
  (`site_description: >-`).
- on_page_markdown: so do a written page's front matter values (a
  `description: >-` over several lines), which MkDocs reads with its own YAML.

The data files get it where they are read (data_files.parse_yaml).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from mhsite.common.cjk import refolded_strings
from mhsite.common.cjk_markdown import CjkBreaksExtension

# The settings whose text is shown on pages.
_TEXT_SETTINGS = ("site_name", "site_description", "site_author", "copyright", "extra")
# A page's front matter, as MkDocs finds it (mkdocs.utils.meta.YAML_RE).
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


@event_priority(100)  # before the plugins' on_config (the RSS plugin copies site_description)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.markdown_extensions.append(CjkBreaksExtension())
    if config.config_file_path:
        try:
            source = Path(config.config_file_path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return config  # MkDocs has read it already; nothing to add
        _refold(config, source, _TEXT_SETTINGS)
    return config


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    # Generated pages: ours write one line per value (render.front_matter),
    # the blog's archive and category views have no front matter of an editor's.
    if getattr(page.file, "generated_by", None) is not None:
        return markdown
    try:
        source = page.file.content_string
    except (OSError, ValueError):
        return markdown  # a source given by a plugin (on_page_read_source): nothing of the editor's to refold
    match = _FRONT_MATTER.match(source)
    if match and "\n " in match.group(1):  # some value goes on over several lines
        _refold(page.meta, match.group(1), None)
    return markdown


def _refold(values: Any, source: str, keys: tuple[str, ...] | None) -> None:
    """Replace in `values` (read from the YAML `source` by MkDocs) each string
    that cjk_breaks.refolded_strings refolds, under the top-level `keys`."""
    try:
        changes = refolded_strings(source)
    except yaml.YAMLError:
        return  # MkDocs has read it already and said what is wrong with it
    for path, (folded, refolded) in changes.items():
        if keys is not None and path[0] not in keys:
            continue
        container = values
        try:
            for key in path[:-1]:
                container = container[key]
            # Only a value still as YAML read it (not one from INHERIT or !ENV).
            if container[path[-1]] == folded:
                container[path[-1]] = refolded
        except (KeyError, IndexError, TypeError):
            continue
