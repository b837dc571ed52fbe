"""MkDocs hook for benchmarks/build_speed.py only (never listed in mkdocs.yml):
writes what our hooks make of the site as plain files, so that Material can
build "the same Markdown" without them.

Added as the last hook to a copy of the project, it writes into the folder
named by MH_DUMP_DIR, mirroring docs/:

- every file our plugin generates (`File.generated` by hooks/plugin.py):
  pages as Markdown with their front matter, data files (JSON, .ics) as bytes;
- every page whose Markdown our hooks change (`on_page_markdown`: content
  headers and footers, help boxes, the home page's activities): the Markdown
  after the last of them, with its front matter.

Front matter loses `template:` (our templates need the hooks' data; the plain
build uses Material's own). What our hooks add after Markdown, as HTML
(`on_page_content`: station page bodies, activity facts), is not written:
that work is counted as the hooks' cost.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

OUT = Path(os.environ["MH_DUMP_DIR"])


def _ours(generated_by: str | None) -> bool:
    return bool(generated_by) and generated_by.startswith("hooks/")


def _write(src_uri: str, data: bytes) -> None:
    path = OUT / src_uri
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


@event_priority(-100)  # after every hook has added its files
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    for file in files:
        if _ours(file.generated_by) and not file.is_documentation_page():
            _write(file.src_uri, file.content_bytes)
    return files


@event_priority(-100)  # after every plugin's on_page_markdown (the lowest is Material's -50)
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    file = page.file
    if file.generated_by is not None and not _ours(file.generated_by):
        return markdown  # another plugin's page (the blog's archive): it makes it again
    # Titles and descriptions are escaped once by our plugin (Markup): as text here.
    meta = {k: v.unescape() if isinstance(v, Markup) else v for k, v in page.meta.items() if k != "template"}
    if file.generated_by is None:
        original, original_meta = get_data(file.content_string)
        if original == markdown and meta == original_meta:
            return markdown  # unchanged: the copied source file is the same Markdown
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) if meta else ""
    text = (f"---\n{front}---\n\n" if front else "") + markdown
    _write(file.src_uri, text.encode("utf-8"))
    return markdown
