"""MkDocs hook: the service worker that keeps pages for when there is no network.

A thin adapter for `offline.py` (what is saved, the build version) and
`overrides/sw.js` (the worker's code):

- on_config: render `overrides/offline.html`, the page shown offline for a
  page that was never saved, as /offline.html;
- on_files: keep the worker's code (a theme file) from being copied as it is;
- on_template_context: offline.html is shown at any address, like 404.html,
  so its links start from the site root instead of being relative;
- on_post_build: write /sw.js with this build's version and precache list.

The pages register the worker with docs/assets/javascripts/offline.js, which
also shows the 离线 notice.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from mhsite.offline.worker import OFFLINE_PAGE, WORKER, OfflineError, worker_script
from mhsite.mkdocs_support import guarded

log = logging.getLogger("mkdocs.hooks.offline")


def _worker_code(config: MkDocsConfig) -> Path:
    for folder in config.theme.dirs:
        path = Path(folder) / WORKER
        if path.is_file():
            return path
    raise PluginError(f"overrides/{WORKER}: 找不到离线服务脚本的模板")


@guarded("overrides/sw.js")
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.theme.static_templates.add(OFFLINE_PAGE)
    return config


@guarded("overrides/sw.js")
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    existing = files.get_file_from_path(WORKER)
    if existing is not None:
        if Path(existing.abs_src_path or "").parent != _worker_code(config).parent:
            log.warning(f"docs/{WORKER} 与自动生成的离线服务脚本冲突，已忽略该文件。")
        files.remove(existing)
    return files


def _site_path(config: MkDocsConfig) -> str:
    """Where the site is on its host, as MkDocs assumes for 404.html: "/", "/repo/"."""
    path = urlsplit(config.site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


@guarded("overrides/sw.js")
def on_template_context(context: dict, *, template_name: str, config: MkDocsConfig) -> dict:
    if template_name == OFFLINE_PAGE:
        context["base_url"] = _site_path(config)
    return context


@event_priority(-100)  # last: the version covers what every other plugin wrote
@guarded("overrides/sw.js")
def on_post_build(*, config: MkDocsConfig) -> None:
    site_dir = Path(config.site_dir)
    code = _worker_code(config).read_text(encoding="utf-8")
    try:
        worker = worker_script(site_dir, code, _site_path(config))
    except OfflineError as exc:
        raise PluginError(str(exc)) from None
    for problem in worker.missing:
        log.warning(f"{problem}：页面引用的文件不在网站里，离线时无法使用")
    (site_dir / WORKER).write_text(worker.script, encoding="utf-8")
    log.debug(f"{WORKER}: version {worker.version}, {len(worker.precache)} files saved at install")
