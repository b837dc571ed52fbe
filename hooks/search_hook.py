"""MkDocs hook: the site search's index, built with Pagefind at the end of
the build (a thin adapter for site_search.py, which says how and why).

- on_post_page: for every page in the site search, keep the document
  Pagefind will index (its content, the text as character pairs). A page
  whose front matter says `search: exclude: true` (station and area pages,
  the print view, the editors' guide, past activities) is left out;
  `search: boost: N` ranks a page's results N times higher (the FAQ's).
- on_post_build: run Pagefind on those documents into site/pagefind/ and
  write search/pages.json (each indexed page's address, title and boost)
  and search/search_index.json: the settings Material's page script reads
  for highlighting a result's words (`?h=`), with no documents. Material's
  own search engine (lunr and its worker, theme files copied with every
  build) is removed from the site: nothing loads it.

Same pages in, same bytes out: Pagefind's output is checked to be
byte-for-byte the same across builds (tests/test_search.py).
"""

from __future__ import annotations

import html

import json
import logging
import shutil
import tempfile
from pathlib import Path
from urllib.parse import unquote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from mhsite.search.index import SearchIndexError, index_document, page_list, run_pagefind

log = logging.getLogger("mkdocs.hooks.search")

OUTPUT = "pagefind"
PAGES = "search/pages.json"
SETTINGS = "search/search_index.json"
# Material's highlighter splits `?h=` into words on this (and marks each on
# the page); the worker puts the words the resident typed there.
SEPARATOR = '[\\s\\u200b\\-_,:!=\\[\\]()"/，。、；：！？（）《》]+'

_documents: dict[str, str] = {}  # page's file in the site -> document to index
_pages: dict[str, tuple[str, float]] = {}  # page's url -> (title, boost)


def on_pre_build(*, config: MkDocsConfig) -> None:
    _documents.clear()
    _pages.clear()


def _search_meta(page: Page) -> dict:
    meta = page.meta.get("search") if page.meta else None
    return meta if isinstance(meta, dict) else {}


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    meta = _search_meta(page)
    if meta.get("exclude"):
        return output
    document = index_document(output)
    if document is None:
        return output
    try:
        boost = float(meta.get("boost", 1) or 1)
    except (TypeError, ValueError):
        log.warning(f"docs/{page.file.src_uri}: search.boost 应为数字（如 3），现为 {meta.get('boost')!r}；已按 1 处理。")
        boost = 1.0
    _documents[page.file.dest_uri] = document
    # As text: page.title is HTML (a front-matter title escaped once by
    # pages_hook, a heading's text with its entities); search-worker.js
    # escapes what it shows.
    _pages[unquote(page.url)] = (html.unescape(str(page.title or "")), boost)
    return output


def on_post_build(*, config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    output = site / OUTPUT
    if output.exists():
        shutil.rmtree(output)
    with tempfile.TemporaryDirectory(prefix="mh-search-") as folder:
        source = Path(folder)
        for dest, document in sorted(_documents.items()):
            path = source / dest
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(document, encoding="utf-8")
        try:
            run_pagefind(source, output)
            listing = page_list(output, _pages)
        except SearchIndexError as exc:
            raise PluginError(str(exc)) from None
    (site / "search").mkdir(exist_ok=True)
    (site / PAGES).write_text(json.dumps(listing, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    settings = {"config": {"lang": ["zh"], "separator": SEPARATOR, "pipeline": [], "fields": {}}, "docs": []}
    (site / SETTINGS).write_text(json.dumps(settings, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    for unused in [site / "assets/javascripts/lunr", *sorted((site / "assets/javascripts/workers").glob("search.*"))]:
        if unused.is_dir():
            shutil.rmtree(unused)
        elif unused.exists():
            unused.unlink()
    workers = site / "assets/javascripts/workers"
    if workers.is_dir() and not any(workers.iterdir()):
        workers.rmdir()
    log.debug(f"site search: {len(listing)} pages indexed")
