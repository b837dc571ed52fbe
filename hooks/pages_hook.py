"""MkDocs hook: every page's front matter and editors' text, held to one rule.

A thin adapter over `front_matter.py`, `news.py` and `text.py`:

- on_config: the operator's settings in mkdocs.yml are held to the text
  rules (site_settings.py); the news posts and the blog's authors file are checked before
  Material's blog reads them, so that a mistake there is a Chinese message
  with the file and line, not the blog's English one or a Python error;
- on_files: the blog's author names and descriptions are escaped for the
  theme, which prints them as HTML;
- on_page_markdown: every page's front matter is read as written (a key
  written twice or a YAML error is a message with the line; `title: 1.10`
  stays "1.10"), and the values the theme prints as HTML (title,
  description, author, subtitle) are escaped once, here, for all pages: the
  theme and our own templates print them as they are (Markup);
- on_page_content: editors' Markdown fields in generated pages (an
  activity's description, FAQ answers) are sanitised after rendering, and
  the bodies of editors' own pages, where HTML is allowed as layout, are
  checked for scripts, event handlers, javascript: links and anything
  loaded from another host (page_body.py): a warning with the line.
"""

from __future__ import annotations

import logging
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from mhsite.common.data_files import report
from mhsite.common.front_matter import as_written, read_front_matter
from mhsite.mkdocs_support import guarded, shown_path
from mhsite.news.model import check_post, load_authors
from mhsite.content.body import body_problems
from mhsite.config import check_settings
from mhsite.common.text import sanitize_regions

log = logging.getLogger("mkdocs.hooks.pages")

# Front-matter values Material prints into the page as HTML.
_PRINTED = ("title", "description", "author", "subtitle")


def _blog(config: MkDocsConfig):
    return config.plugins.get("material/blog")


@event_priority(20)  # before Material's blog (0) reads the posts and authors
@guarded("mkdocs.yml", "docs/news/")
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    blog = _blog(config)
    # The operator's settings: Material prints some of them unescaped.
    config_path = Path(config.config_file_path) if config.config_file_path else None
    text = config_path.read_text(encoding="utf-8") if config_path and config_path.is_file() else ""
    categories = list(blog.config.categories_allowed or []) if blog else []
    report(check_settings(config, text, "mkdocs.yml", categories), log.warning)
    if blog is None:
        return config
    docs = Path(config.docs_dir)
    authors_path = docs / blog.config.authors_file.format(blog=blog.config.blog_dir)
    authors, errors, _ = load_authors(authors_path, shown_path(config, authors_path))
    categories = list(blog.config.categories_allowed or [])
    posts = docs / blog.config.post_dir.format(blog=blog.config.blog_dir)
    for path in sorted(posts.rglob("*.md")):
        errors += check_post(path.read_text(encoding="utf-8-sig"), shown_path(config, path), categories, authors)
    if errors:
        report(errors, log.warning)
        # Material's blog would stop on the first of these with a message
        # in English, or a Python error: stop here instead.
        raise PluginError(f"动态（{blog.config.blog_dir}/）有 {len(errors)} 处需要修改，见上面的提示。")
    return config


@guarded("docs/news/")
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    blog = _blog(config)
    for author in getattr(blog, "authors", {}).values() if blog else ():
        # The blog's templates print these as HTML.
        author.name = Markup(escape(author.name))
        author.description = Markup(escape(author.description or ""))
    return files


@event_priority(100)  # first: every other hook and the theme see the text as written
@guarded("docs/news/")
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    shown = f"docs/{page.file.src_uri}"
    front_matter, errors = read_front_matter(page.file.content_string, shown)
    report(errors, log.warning)
    if front_matter is not None:
        page.meta.update(as_written(front_matter, page.meta))
    for key in _PRINTED:
        value = page.meta.get(key)
        if value is not None and not isinstance(value, Markup):
            page.meta[key] = Markup(escape(str(value)))
    return markdown


@event_priority(-90)  # after the hooks that add HTML to pages
@guarded("docs/news/")
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.generated_by is None:
        # An editors' page: its body is Markdown with HTML allowed, as layout.
        for problem in body_problems(html, page.file.content_string):
            position = f"docs/{page.file.src_uri}:{problem.line}" if problem.line else f"docs/{page.file.src_uri}"
            log.warning(f"{position}: {problem.message}")
    return sanitize_regions(html)
