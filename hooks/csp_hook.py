"""MkDocs hook: every page works under the Content-Security-Policy it is
served with (deploy/nginx.conf; README, "Publishing").

A thin adapter for `csp.py`:

- on_config: `repo_url` pointing at GitHub or a GitLab makes Material's
  bundle fetch the repository's stars from that host on every page: refused.
- on_post_page, on_post_template (404.html, offline.html): each page is
  scanned. In the page's own content (its Markdown, or the page a data file
  makes) an inline script, an `onclick=`-style attribute, a `javascript:`
  address or a `<pre class="mermaid">` is a warning naming the file and line
  (strict builds stop): a hash-only policy cannot allow them, or they load
  from another host. Inline scripts of the templates are collected.
- on_post_build: the templates' inline scripts must be the ones whose hashes
  deploy/nginx.conf's policy lists, or the pages would lose 长辈模式 and
  Material's settings behind the real server: a warning says to run
  `./run csp`, which builds with MH_CSP_UPDATE=1 and so writes the hashes
  into deploy/nginx.conf. A project without deploy/nginx.conf (a copy that
  serves its site otherwise) is not compared.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from mhsite.csp.policy import PolicyError, nginx_policy, policy_hashes, scan, source_line, with_hashes, worth_scanning
from mhsite.mkdocs_support import guarded

log = logging.getLogger("mkdocs.hooks.csp")

CONFIG = "deploy/nginx.conf"
UPDATE = "MH_CSP_UPDATE"

# hash → (the first page it was seen on, its first characters)
_template_scripts: dict[str, tuple[str, str]] = {}


def _config_path(config: MkDocsConfig) -> Path:
    root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    return root / CONFIG


@guarded("mkdocs.yml")
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _template_scripts.clear()
    repo = config.repo_url or ""
    if re.search(r"github\.com/|gitlab", repo, re.I):
        log.warning(
            f"mkdocs.yml: repo_url ({repo}): 设置后，Material 的脚本会在每个页面上从 {repo.split('/')[2] if '//' in repo else repo} "
            "读取仓库的星标数，访问者的浏览器就会连接其他网站（内容安全策略也会拦下它）。"
            "请删除 repo_url；需要给出代码仓库时，把链接写在页面正文里。"
        )
    return config


def _report(where: str, html: str, content: str | None, read_source: Callable[[], str | None]) -> None:
    """Scan one page: problems and scripts of its content are the editor's
    (warnings with the line in `read_source()`, the editor's file); the
    template's scripts are collected."""
    own = scan(content) if content is not None and worth_scanning(content) else None
    whole = scan(html)
    source = read_source() if own and (own.problems or own.scripts) else None

    def at(needle: str, occurrence: int = 1) -> str:
        line = source_line(source, needle, occurrence) if source else None
        return f"{where}:{line}" if line else where

    for problem in own.problems if own else []:
        log.warning(f"{at(problem.needle)}: 页面里有{problem.what}。{problem.fix}。")
    for number, script in enumerate(own.scripts if own else [], start=1):
        log.warning(
            f"{at('<script', number)}: 页面里有一段脚本（<script>{script.excerpt}</script>），"
            "网站的内容安全策略不允许页面里的脚本运行（deploy/nginx.conf）。请删除它：正文里不能放脚本；"
            "需要交互功能（视频、地图、表单）时，请联系网站的维护人员。"
        )
    own_problems = {p.what for p in own.problems} if own else set()
    for problem in whole.problems:
        if problem.what not in own_problems:
            log.warning(f"{where}: 模板生成的页面里有{problem.what}：请在 overrides/ 的模板里去掉它。")
    own_hashes = own.hashes if own else set()
    for script in whole.scripts:
        if script.hash not in own_hashes:
            _template_scripts.setdefault(script.hash, (where, script.excerpt))


@event_priority(-100)  # last: the page as it is written
@guarded()
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    def read_source() -> str | None:
        path = page.file.abs_src_path
        if path and Path(path).is_file():
            return Path(path).read_text(encoding="utf-8", errors="replace")
        return None

    _report(f"docs/{page.file.src_uri}", output, page.content, read_source)
    return output


@guarded("overrides/")
def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    if template_name.endswith(".html"):
        _report(f"overrides/{template_name}", output_content, None, lambda: None)
    return output_content


@guarded(CONFIG)
def on_post_build(*, config: MkDocsConfig) -> None:
    path = _config_path(config)
    if not path.is_file():
        log.info(f"{CONFIG} 不存在：不检查页面的内联脚本是否在内容安全策略里。")
        return
    text = path.read_text(encoding="utf-8")
    try:
        allowed = policy_hashes(nginx_policy(text))
    except PolicyError as exc:
        raise PluginError(f"{CONFIG}: {exc}") from None
    found = set(_template_scripts)
    if os.environ.get(UPDATE) == "1":
        if found != allowed:
            path.write_text(with_hashes(text, found), encoding="utf-8")
            log.info(f"{CONFIG}: script-src 的哈希已更新为页面现在的 {len(found)} 段内联脚本；请把它部署到服务器。")
        return
    for digest in sorted(found - allowed):
        where, excerpt = _template_scripts[digest]
        log.warning(
            f"{CONFIG}: Content-Security-Policy 的 script-src 里没有这段内联脚本的哈希 {digest}"
            f"（{where}: <script>{excerpt}</script>，来自 overrides/ 或 Material 的模板），服务器会拦下它。"
            "开发者改了模板或升级了 Material 时，运行 ./run csp 更新哈希，并把新的 deploy/nginx.conf 部署到服务器。"
        )
    for digest in sorted(allowed - found):
        log.info(f"{CONFIG}: script-src 的哈希 {digest} 已没有页面用到（./run csp 会去掉它）。")
