"""MkDocs hook: the hotline directory and the help on every page.

A thin adapter. Loading and validation live in `hotlines.py`, the pages in
`hotline_pages.py`; this file reports problems through MkDocs' logger
(strict mode turns warnings into a failed build) and plugs the results into
the build:

- on_config: load docs/_data/hotlines.yml; the crisis lines go to the help bar
  that every page shows (overrides/partials/help-bar.html);
- on_files: generate /hotlines/, /hotlines/print/ and /hotlines/hotlines.json;
- on_page_markdown: a help box at the top of every page that mentions suicide
  or self-harm, and a warning for wording safe-messaging advises against.
"""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from mhsite.common.data_files import report
from mhsite.mkdocs_support import add_generated, guarded, load_data_file
from mhsite.common.holidays import unannounced_note
from holidays_hook import site_calendar
from mhsite.common.clock import build_date
from mhsite.hotlines.pages import crisis_views, directory_page, export_json, handout_page
from mhsite.safe_messaging.wording import help_box, mentions_suicide, unsafe_wording, with_help_box
from mhsite.hotlines.model import HotlineDirectory, load_hotlines

log = logging.getLogger("mkdocs.hooks.hotlines")

DATA_FILE = "_data/hotlines.yml"


def _directory(config: MkDocsConfig) -> HotlineDirectory:
    return config.extra["hotline_directory"]


@event_priority(50)  # early: every page's template reads config.extra.help_bar
@guarded("docs/_data/hotlines.yml")
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    directory, errors, notices = load_data_file(config, DATA_FILE, load_hotlines)
    report(errors, log.warning)
    report(notices, log.info)
    lines = [
        {"label": line.short_label, "display": line.number.display, "tel": line.number.tel}
        for line in directory.crisis_lines
    ]
    if not lines:
        # A mental-health site without crisis numbers on every page is not
        # safe to publish.
        raise PluginError(
            f"docs/{DATA_FILE}: 没有可用的求助热线（crisis: true 且号码有效的条目）。"
            "每个页面顶部都要显示求助电话，请至少保留 12356、110、120。"
        )
    config.extra["help_bar"] = {"lines": lines}
    config.extra["hotline_directory"] = directory
    return config


@guarded("docs/_data/hotlines.yml")
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    directory = _directory(config)
    page_url = (config.site_url or "") + "hotlines/"
    generated = {
        "hotlines/index.md": directory_page(
            directory,
            site_calendar(config),
            unannounced_note(site_calendar(config), build_date()),
            config.extra.get("report_contact"),  # publication_hook.on_config
            page_url,
        ),
        "hotlines/print/index.md": handout_page(directory, page_url, config.site_name),
        "hotlines/hotlines.json": export_json(directory),
    }
    return add_generated(files, config, generated, log, DATA_FILE)


@event_priority(-50)  # late: after other hooks have added their text
@guarded("docs/_data/hotlines.yml")
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    source = page.file.content_string
    for line, phrase, advice in unsafe_wording(source):
        log.warning(f"docs/{page.file.src_uri}:{line}: “{phrase}”：{advice}")
    if page.file.src_uri.startswith("hotlines/") or not mentions_suicide(markdown):
        return markdown
    return with_help_box(markdown, help_box(crisis_views(_directory(config))))
