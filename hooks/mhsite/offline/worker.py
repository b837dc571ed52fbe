"""The offline service worker: what it saves at install, and its build version.

`overrides/sw.js` is the worker's code, plain JavaScript with one blank to
fill: `/*BUILD*/null`. After the build, `worker_script` fills it with this
build's data, as JSON:

- `version`: a hash of every file of the built site (sorted by path, sw.js
  itself left out) and of the worker's code. Any change of content or code
  gives a new version, hence a worker with new bytes, which the browser
  installs; the same input gives the same version (no dates, no randomness).
- `precache`: what the worker saves when it installs, as paths relative to the
  site root (sw.js's folder, so the site also works under a sub-path): the
  pages the help bar leads to (`PRECACHE_PAGES`) and every local file those
  pages load (styles, scripts, icons), read from the built HTML so that
  Material's hashed bundle names are right.
- `offline`: the page shown for a page that was never saved.

No MkDocs here: the plugin (plugin.py) writes it at the end of the build.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

WORKER = "sw.js"
BLANK = "/*BUILD*/null"
OFFLINE_PAGE = "offline.html"
# Site-relative URLs of the pages saved at install: home, the hotline
# directory and its print view, and the offline page.
PRECACHE_PAGES = ("", "hotlines/", "hotlines/print/", OFFLINE_PAGE)
# Never in the precache: the search index (Pagefind's, and the page list and
# settings beside it) is large and changes with every build.
NOT_PRECACHED = ("search/", "pagefind/")


class OfflineError(Exception):
    """Something the worker cannot be built without (a page, the blank)."""


@dataclass(frozen=True)
class Worker:
    script: str
    version: str
    precache: tuple[str, ...]
    missing: tuple[str, ...]  # files a precached page loads that are not in the site


def build_version(site_dir: Path, worker_code: str) -> str:
    """A hash of the built site (every file but the worker) and the worker's code."""
    digest = hashlib.sha256()
    digest.update(worker_code.encode("utf-8"))
    files = sorted(
        (path.relative_to(site_dir).as_posix(), path) for path in site_dir.rglob("*") if path.is_file()
    )
    for name, path in files:
        if name == WORKER:
            continue
        data = path.read_bytes()
        # Name and length first, so that no two different sites hash the same stream.
        digest.update(f"\0{name}\0{len(data)}\0".encode("utf-8"))
        digest.update(data)
    return digest.hexdigest()[:16]


class _Loads(HTMLParser):
    """The URLs an HTML page makes the browser load: stylesheets, icons,
    scripts and images (links, `<a>`, are not loads)."""

    _LINK_RELS = {"stylesheet", "icon", "apple-touch-icon", "manifest", "preload", "modulepreload"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and set(values.get("rel", "").lower().split()) & self._LINK_RELS:
            self.urls.append(values.get("href", ""))
        elif tag in ("script", "img") and values.get("src"):
            self.urls.append(values["src"])


def page_file(site_url: str) -> str:
    """The file that serves a site-relative URL: "hotlines/" → "hotlines/index.html"."""
    return site_url + "index.html" if site_url == "" or site_url.endswith("/") else site_url


def local_loads(html: str, page_url: str, site_path: str = "/") -> list[str]:
    """Site-relative paths of the local files a page at `page_url` (relative to
    the site root) loads; other hosts and data: URLs are left out. `site_path`
    is where the site is on its host ("/", or "/repo/" on GitHub Pages): the
    offline page's links start with it."""
    parser = _Loads()
    parser.feed(html)
    parser.close()
    host = "http://site.invalid"
    found = []
    for url in parser.urls:
        url = url.strip()
        if not url:
            continue
        absolute = urlsplit(urljoin(host + site_path + page_url, url))
        if f"{absolute.scheme}://{absolute.netloc}" != host or not absolute.path.startswith(site_path):
            continue
        found.append(absolute.path[len(site_path):])
    return found


def precache_list(
    site_dir: Path, site_path: str = "/", pages: tuple[str, ...] = PRECACHE_PAGES
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(paths to save at install, paths that pages load but the site lacks).

    A missing file would make the whole install fail in the browser, so it is
    left out and reported instead.
    """
    wanted: set[str] = set()
    missing: set[str] = set()
    for page in pages:
        path = site_dir / page_file(page)
        if not path.is_file():
            raise OfflineError(f"{page_file(page)}: 离线时要用的页面没有生成（{path}）")
        wanted.add(page)
        for url in local_loads(path.read_text(encoding="utf-8"), page, site_path):
            file = PurePosixPath(unquote(page_file(url)))
            if url.startswith(NOT_PRECACHED) or url == WORKER:
                continue
            if (site_dir / file).is_file():
                wanted.add(url)
            else:
                missing.add(f"{page_file(page)}: {url}")
    return tuple(sorted(wanted)), tuple(sorted(missing))


def worker_script(site_dir: Path, code: str, site_path: str = "/") -> Worker:
    """The worker for the site built in `site_dir`, from its code (sw.js's
    template); `site_path` is the path of site_url ("/", "/repo/")."""
    if code.count(BLANK) != 1:
        raise OfflineError(f"{WORKER}: 模板里应当恰好有一处 {BLANK}（由构建填写）")
    precache, missing = precache_list(site_dir, site_path)
    version = build_version(site_dir, code)
    data = {"offline": OFFLINE_PAGE, "precache": list(precache), "version": version}
    # JSON is a JavaScript expression; ASCII-only so that no character can end the line.
    script = code.replace(BLANK, json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":")))
    return Worker(script, version, precache, missing)


def worker_data(script: str) -> dict:
    """The build data inside a written sw.js (for checks and tests)."""
    marker = "const BUILD = "
    start = script.index(marker) + len(marker)
    data, _ = json.JSONDecoder().raw_decode(script, start)
    return data
