"""MkDocs hook: the publication check in every build, and the operator's
contact for "信息有误？".

A thin adapter over `publication.py` and `site_operator.py`:

- on_config, after the hooks that load the data files (it reuses what they
  loaded): reads `extra.operator` (its mistakes are warnings: strict mode
  fails), gives the other hooks its contact for the "信息有误？" sentence
  (`config.extra["report_contact"]`, and the 404 page's sentence), and runs
  the check. In publish mode (`extra.publish: true`, or MH_PUBLISH=1 as
  `./run publish` sets) anything on the list stops the build, with the whole
  list; in any other build the list is one INFO line, never a failure.

This is the one place a build refuses sample or unreviewed content.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from mhsite.common.data_files import DataFileError, report
from mhsite.mkdocs_support import guarded
from mhsite.publication.check import Loaded, check, heading, listing, publish_mode, read_config, read_operator, summary
from mhsite.common.render import render_html
from mhsite.common.clock import build_time

log = logging.getLogger("mkdocs.hooks.publication")


@event_priority(-50)  # after the hooks that load hotlines, stations and activities
@guarded("mkdocs.yml")
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        site = read_config(Path(config.config_file_path))
    except DataFileError as exc:
        raise PluginError(str(exc)) from None
    operator, errors = read_operator(site)
    report(errors, log.warning)
    contact = operator.report_contact() if operator else None
    config.extra["report_contact"] = contact
    # The 404 page (overrides/404.html): its script adds the address tried.
    config.extra["report_404_html"] = (
        render_html(
            "_report.html",
            report=contact.link(
                "找不到的页面", "", lead="如果您是扫描海报上的二维码来到这里，", tail="，我们会更新海报", here=True
            ),
        )
        if contact
        else ""
    )
    loaded = Loaded(
        config.extra.get("hotline_directory"), config.extra.get("station_network"), config.extra.get("event_list")
    )
    findings = check(site, build_time(), loaded)
    if publish_mode(config.extra.get("publish")):
        if findings:
            raise PluginError(listing(findings, heading(findings, "正式发布（publish 模式）被拒绝")))
    elif findings:
        log.info(summary(findings))
    return config
