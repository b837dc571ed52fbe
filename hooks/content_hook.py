"""MkDocs hook: the front matter of articles, micro-lessons and guides.

A thin adapter over `content.py`: every page under docs/articles/,
docs/lessons/<series>/ and docs/guides/ is checked against its kind's model;
each mistake is a warning naming file, line and field (strict mode fails the
build). Pages past their next review date are listed in one notice: an
overdue review must not stop an urgent fix, such as a hotline number, from
being published.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from content import ArticleMeta, CheckedPage, ContentSettings, check_page, lesson_order_errors, next_review
from data_files import DataError, load_yaml, report, validate_document
from hook_support import load_data_file
from site_clock import build_date

log = logging.getLogger("mkdocs.hooks.content")

DATA_FILE = "_data/content.yml"


def _load_settings(path: Path, shown: str, today: date) -> tuple[ContentSettings | None, list[DataError]]:
    return validate_document(load_yaml(path, shown), ContentSettings)


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    settings, errors = load_data_file(config, DATA_FILE, _load_settings)
    if settings is None:
        report(errors, log.warning)
        return files
    today = build_date()
    context = {
        "tags": {t: t for t in settings.tags},
        "age_groups": {a: a for a in settings.age_groups},
        "audiences": dict(config.extra["hotline_directory"].audiences),
        "today": today,
    }
    pages: list[CheckedPage] = []
    shown_of: dict[str, str] = {}
    for file in files.documentation_pages():
        shown = f"docs/{file.src_uri}"
        page, page_errors = check_page(file.src_uri, file.content_string, shown, context)
        errors += page_errors
        if page is not None:
            pages.append(page)
            shown_of[file.src_uri] = shown
    errors += lesson_order_errors(pages, shown_of)
    report(errors, log.warning)

    overdue = [
        (p, next_review(p.meta, settings.review_every_months))
        for p in pages
        if isinstance(p.meta, ArticleMeta) and next_review(p.meta, settings.review_every_months) < today
    ]
    if overdue:
        listing = "；".join(f"{shown_of[p.src_uri]}（应于 {due} 复审）" for p, due in sorted(overdue, key=lambda x: x[1]))
        log.info(f"{len(overdue)} 个页面已过下次审核日期，请安排专业人员复审：{listing}")
    config.extra["content_pages"] = {p.src_uri: p for p in pages}
    return files
