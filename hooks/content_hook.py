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
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from mhsite.content.model import ArticleMeta, CheckedPage, ContentSettings, check_page, kind_of, lesson_order_errors, load_settings, next_review
from mhsite.faq.model import load_faq
from mhsite.faq.pages import faq_page
from mhsite.common.data_files import DataError, report
from mhsite.content.pages import Lessons, RelatedPages, articles_index, guides_index, lessons_index, page_footer, page_header, series_list
from mhsite.mkdocs_support import add_generated, guarded, load_data_file
from mhsite.common.clock import today as real_today

log = logging.getLogger("mkdocs.hooks.content")

DATA_FILE = "_data/content.yml"
FAQ_FILE = "_data/faq.yml"


def _load_settings(path: Path, shown: str, today: date) -> tuple[ContentSettings | None, list[DataError]]:
    return load_settings(path, shown)


@guarded("docs/_data/content.yml", "docs/_data/faq.yml")
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    settings, errors, _ = load_data_file(config, DATA_FILE, _load_settings)
    if settings is None:
        report(errors, log.warning)
        return files
    # The checks (a review date in the future, overdue reviews) use the real
    # date: they only report, and write nothing into the pages.
    today = real_today()
    context = {
        "tags": {t: t for t in settings.tags},
        "age_groups": {a: a for a in settings.age_groups},
        "audiences": dict(config.extra["hotline_directory"].audiences),
        "today": today,
        "docs_dir": Path(config.docs_dir),
    }
    pages: list[CheckedPage] = []
    shown_of: dict[str, str] = {}
    for file in files.documentation_pages():
        if kind_of(file.src_uri) is None:
            continue  # not an article, lesson or guide: don't read it
        shown = f"docs/{file.src_uri}"
        page, page_errors = check_page(file.src_uri, file.content_string, shown, context)
        errors += page_errors
        if page is not None:
            pages.append(page)
            shown_of[file.src_uri] = shown
    errors += lesson_order_errors(pages, shown_of)
    report(errors, log.warning)

    due = [(p, next_review(p.meta, settings.review_every_months)) for p in pages if isinstance(p.meta, ArticleMeta)]
    overdue = [(p, when) for p, when in due if when < today]
    if overdue:
        listing = "；".join(f"{shown_of[p.src_uri]}（应于 {due} 复审）" for p, due in sorted(overdue, key=lambda x: x[1]))
        log.info(f"{len(overdue)} 个页面已过下次审核日期，请安排专业人员复审：{listing}")
    config.extra["content_pages"] = {p.src_uri: p for p in pages}
    config.extra["content_settings"] = settings
    lessons = Lessons.of(pages)
    config.extra["content_lessons"] = lessons
    config.extra["content_related"] = RelatedPages(pages)  # once: every page's "related" list
    generated = {
        "articles/index.md": articles_index(pages, settings.tags, context["audiences"]),
        "guides/index.md": guides_index(pages, settings.age_groups),
        "lessons/index.md": lessons_index(pages, lessons),
    }
    faq, faq_errors, _ = load_data_file(config, FAQ_FILE, load_faq)
    report(faq_errors, log.warning)
    generated["faq/index.md"] = faq_page(faq.topics, faq.questions)
    return add_generated(files, config, generated, log, DATA_FILE)


@event_priority(-40)  # after other hooks' text, before the help box goes on top (-50)
@guarded("docs/_data/content.yml", "docs/_data/faq.yml")
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    checked: CheckedPage | None = config.extra.get("content_pages", {}).get(page.file.src_uri)
    if checked is None:
        return markdown
    lessons = config.extra["content_lessons"]
    if checked.kind == "series":
        page.meta["template"] = "content-index.html"
        return markdown + "\n\n" + series_list(checked.src_uri, lessons)
    if checked.kind == "lesson":
        page.meta["template"] = "content-index.html"
    months = config.extra["content_settings"].review_every_months
    header = page_header(checked, markdown, months, lessons)
    return header + markdown + "\n\n" + page_footer(checked, config.extra["content_related"], lessons)
