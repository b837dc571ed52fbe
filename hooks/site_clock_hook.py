"""MkDocs hook: one moment per build, so that the same commit gives the same
output (README, "Dates and reproducibility"; the rules are in site_clock.py).

- on_config (first of all hooks): fix the build's moment from
  SOURCE_DATE_EPOCH, else the last commit when the files the build reads have
  no uncommitted change, else now; say which when it is not reproducible.
- on_env: MkDocs dates each page (the sitemap's <lastmod>, and the mtime inside
  sitemap.xml.gz) by SOURCE_DATE_EPOCH or the wall clock; give them the
  build's moment instead, in MkDocs' own format (the UTC date), so a build
  without the variable gets the same dates as one with it.
"""

from __future__ import annotations

import logging
from datetime import timezone
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from mhsite.common import clock as site_clock

log = logging.getLogger("mkdocs.hooks.site_clock")



def on_startup(*, command: str, dirty: bool) -> None:
    # Kept in site_clock, not here: `serve` loads this hook afresh for every
    # rebuild, but calls on_startup only once.
    site_clock.session_command = command


def _inputs(config: MkDocsConfig) -> list[Path]:
    """What the build reads from the project: the config file, docs/, the
    theme overrides and these hooks."""
    paths = [Path(config.config_file_path), Path(config.docs_dir), Path(__file__).resolve().parent]
    if config.theme.custom_dir:
        paths.append(Path(config.theme.custom_dir))
    return paths


@event_priority(100)  # before every hook that reads the clock
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).resolve().parent
    clock = site_clock.start_build(root, _inputs(config))
    shown = f"{clock.moment:%Y-%m-%d %H:%M:%S}（北京时间）"
    if clock.source == "now":
        # A preview (serve) is of no commit: say it only for a real build.
        say = log.debug if site_clock.session_command == "serve" else log.info
        say(
            f"构建时间取现在的时间 {shown}：{clock.reason}。"
            "这样生成的网站与任何提交都对不上；要发布，请先提交，再用 ./run site 构建（同一提交，输出完全相同）。"
        )
    else:
        what = "最后一次提交的时间" if clock.source == "commit" else "SOURCE_DATE_EPOCH"
        log.debug(f"构建时间取{what}：{shown}")
    return config


def on_env(env, *, config: MkDocsConfig, files: Files):
    day = site_clock.build_time().astimezone(timezone.utc).strftime("%Y-%m-%d")
    for file in files.documentation_pages():
        if file.page is not None:
            file.page.update_date = day
    return env
