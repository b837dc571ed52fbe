"""Offline: the service worker (sw.js, written by hooks/mhsite/offline/worker.py from
overrides/sw.js) and the 离线 notice (docs/assets/javascripts/site.js, part 4).

The build: sw.js is at the site root with a version that is a hash of the
output (same input, same version; changed content, new version), and saves the
files the help bar's pages load. In Chromium: a resident visits a few pages,
the server goes away (really: it is stopped), the visited pages and the
hotline directory still open with the notice, an unvisited page gives the
offline page; then a new build is published and the first load online shows
it, and the old build's caches are deleted. Two sites on one host (/a/ and
/b/) keep their own copies whatever the other's worker does.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT, _QuietHandler, html_pages, mkdocs_build
from html_scan import parse
from mhsite.offline.worker import BLANK, OFFLINE_PAGE, OfflineError, build_version, local_loads, worker_data, worker_script

# Service workers and their caches: a Chromium no other test has used (tests/conftest.py).
pytestmark = pytest.mark.own_browser

MARKER = '<meta name="mh-served-from" content="network">'
STATION = "stations/donghu-station/"  # visited before going offline
UNVISITED = "stations/xihe-station/"


def worker(site: Path) -> dict:
    return worker_data((site / "sw.js").read_text(encoding="utf-8"))


# -- The build -------------------------------------------------------------------


def test_the_worker_is_at_the_site_root_with_what_it_saves(site_dir: Path) -> None:
    script = (site_dir / "sw.js").read_text(encoding="utf-8")
    assert BLANK not in script
    data = worker(site_dir)
    assert re.fullmatch(r"[0-9a-f]{16}", data["version"])
    assert data["offline"] == OFFLINE_PAGE
    precache = data["precache"]
    assert precache == sorted(precache)
    # The help bar's pages, the offline page, and what they load (Material's
    # hashed bundle names as built).
    assert {"", "hotlines/", "hotlines/print/", OFFLINE_PAGE, "assets/stylesheets/site.css", "assets/javascripts/site.js"} <= set(precache)
    assert any(re.fullmatch(r"assets/stylesheets/main\.[0-9a-f]{8}\.min\.css", p) for p in precache)
    assert any(re.fullmatch(r"assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js", p) for p in precache)
    for path in precache:
        assert (site_dir / (path + "index.html" if path == "" or path.endswith("/") else path)).is_file(), path
    # Never the search index (Pagefind's, and the page list and settings
    # beside it), and nothing of another host.
    assert (site_dir / "pagefind/pagefind.js").is_file() and (site_dir / "search/pages.json").is_file()
    assert not [p for p in precache if p.startswith(("search/", "pagefind/")) or "//" in p]
    # Small: it is fetched on every update check.
    assert len(script.encode("utf-8")) < 12_000


def test_the_version_is_a_hash_of_the_output(site_dir: Path) -> None:
    code = (ROOT / "overrides/sw.js").read_text(encoding="utf-8")
    assert worker(site_dir)["version"] == build_version(site_dir, code)


def test_same_input_same_worker_and_a_change_gives_a_new_version(project_copy: Path, tmp_path: Path) -> None:
    first = mkdocs_build(project_copy, tmp_path / "first")
    again = mkdocs_build(project_copy, tmp_path / "again")
    assert first.returncode == 0 and again.returncode == 0, first.output + again.output
    assert (first.site / "sw.js").read_bytes() == (again.site / "sw.js").read_bytes()

    hotlines = project_copy / "docs/_data/hotlines.yml"
    hotlines.write_text(hotlines.read_text(encoding="utf-8").replace("公安机关报警求助电话。", "公安机关报警求助电话，新版。"), encoding="utf-8")
    changed = mkdocs_build(project_copy, tmp_path / "changed")
    assert changed.returncode == 0, changed.output
    assert worker(changed.site)["version"] != worker(first.site)["version"]


def test_every_page_registers_the_worker_and_carries_the_marker(site_dir: Path) -> None:
    for path in html_pages(site_dir):
        html = path.read_text(encoding="utf-8")
        assert html.count(MARKER) == 1, path
        scripts = [s.attrs.get("src", "") for s in parse(path).find("script")]
        assert any(src.endswith("assets/javascripts/site.js") for src in scripts), path


def test_the_offline_page_works_at_any_address(site_dir: Path) -> None:
    page = parse(site_dir / OFFLINE_PAGE)
    assert "现在没有网络" in page.text
    assert page.find("div", cls="mh-helpbar")
    # Given in place of any page, so every local link starts from the site root.
    for element in page.elements:
        for attribute in ("href", "src"):
            value = element.attrs.get(attribute)
            if value is None or value.startswith(("tel:", "#", "https://", "data:")):
                continue
            assert value.startswith("/"), f"<{element.tag} {attribute}={value!r}>"
    assert "offline.html" not in (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert '"offline.html' not in (site_dir / "search/pages.json").read_text(encoding="utf-8")


def test_what_a_page_loads_is_read_from_its_html() -> None:
    html = """<link rel="stylesheet" href="../assets/a.css"><link rel="icon" href="../x.svg">
    <link rel="canonical" href="https://example.org/p/"><link rel="next" href="../q/">
    <script src="../assets/b.js"></script><script>inline()</script><img src="data:image/png;base64,AA">
    <img src="//cdn.test/c.png"><script src="https://cdn.test/d.js"></script><a href="../e.css">link</a>"""
    assert local_loads(html, "p/") == ["assets/a.css", "x.svg", "assets/b.js"]
    # The offline page's links start from the site's path on its host.
    absolute = '<link rel="stylesheet" href="/repo/assets/a.css"><script src="/elsewhere/b.js"></script>'
    assert local_loads(absolute, "offline.html", "/repo/") == ["assets/a.css"]


def test_the_worker_code_must_have_exactly_one_blank(site_dir: Path) -> None:
    with pytest.raises(OfflineError):
        worker_script(site_dir, "const BUILD = null;")
    with pytest.raises(OfflineError):
        worker_script(site_dir, f"const BUILD = {BLANK}; {BLANK}")


# -- In Chromium -----------------------------------------------------------------


class _GitHubPagesLike(_QuietHandler):
    """Every file cacheable for 10 minutes, sw.js included, as GitHub Pages
    serves them: the worker alone must make a new build show at once."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        if getattr(self.server, "gateway_error", False):
            # What a proxy or CDN answers when the site is out of its reach.
            self.send_error(503, "Service Unavailable")
            return
        super().do_GET()


class Server:
    """A static server that can be stopped (the network is gone) and started
    again on the same port (the same origin, so the same service worker)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = 0
        self._server: http.server.ThreadingHTTPServer | None = None

    def start(self) -> None:
        handler = functools.partial(_GitHubPagesLike, directory=str(self.root))
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def answer_503(self) -> None:
        """Still there, but only with a gateway's error page."""
        assert self._server is not None
        self._server.gateway_error = True  # read by the handler's do_GET

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


CACHES = """
const done = arguments[arguments.length - 1];
(async () => {
  const out = {};
  for (const name of await caches.keys()) {
    out[name] = (await (await caches.open(name)).keys()).map((r) => r.url);
  }
  return out;
})().then(done, (e) => done({error: String(e)}));
"""


def caches(driver) -> dict[str, list[str]]:
    return driver.execute_async_script(CACHES)


def wait_for(what: str, check, timeout: float = 30, state=None) -> object:
    """`check()` until true; `state()`, when given, says in the failure what there was instead."""
    end = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}" + (f": {state()}" if state else ""))
        time.sleep(0.2)


def saved_urls(driver, version: str) -> set[str]:
    return {url for name, urls in caches(driver).items() if version in name for url in urls}


def offline_notice(driver) -> str | None:
    return driver.execute_script(
        "const n = document.querySelector('.mh-offline');"
        "return n && !n.hidden && n.getAttribute('role') === 'status' && n.offsetParent !== null ? n.textContent : null;"
    )


def help_bar_shown(driver) -> bool:
    # Visible and styled by site.css (a flex row): the saved styles were used.
    return driver.execute_script(
        "const b = document.querySelector('.mh-helpbar');"
        "return !!b && b.offsetParent !== null && getComputedStyle(b).display === 'flex'"
        " && document.querySelectorAll('.mh-helpbar a[href^=\"tel:\"]').length >= 3;"
    )


def served_from(driver) -> str:
    return driver.execute_script("return document.querySelector('meta[name=\"mh-served-from\"]').content")


@pytest.fixture
def published(project_copy: Path, tmp_path: Path):
    www = tmp_path / "www"
    result = mkdocs_build(project_copy, www)
    assert result.returncode == 0, result.output
    server = Server(www)
    server.start()
    try:
        yield project_copy, www, server
    finally:
        server.stop()


def test_visited_pages_open_offline_and_a_new_build_is_never_stale(browser, published) -> None:
    from selenium.webdriver.common.by import By

    project, www, server = published
    version = worker(www)["version"]
    base = server.url

    # Online: the home page registers the worker, which saves the help bar's
    # pages at install and the home page itself (opened before it was there).
    browser.get(base)
    assert offline_notice(browser) is None and served_from(browser) == "network"
    wait_for("the worker to control the page", lambda: browser.execute_script("return !!navigator.serviceWorker.controller"))
    wait_for("the precache and the first page", lambda: {base, base + "hotlines/", base + "hotlines/print/", base + OFFLINE_PAGE} <= saved_urls(browser, version))
    for page in ("hotlines/", STATION):
        browser.get(base + page)
    wait_for("the visited station page to be saved", lambda: base + STATION in saved_urls(browser, version))
    station_name = browser.find_element(By.TAG_NAME, "h1").text
    assert station_name

    # The network is gone.
    server.stop()
    for page, expected in (("hotlines/", "报警求助电话"), (STATION, station_name), ("", "12356")):
        browser.get(base + page)
        assert expected in browser.find_element(By.TAG_NAME, "body").text, page
        notice = offline_notice(browser)
        assert notice and notice.startswith("离线") and "求助电话照常可以拨打" in notice, (page, notice)
        assert served_from(browser) == "offline", page
        assert help_bar_shown(browser), page
    # Typed without its slash, as the server would, the worker redirects.
    browser.get(base + "hotlines")
    assert browser.current_url == base + "hotlines/" and offline_notice(browser)
    browser.get(base + UNVISITED)
    assert browser.find_element(By.TAG_NAME, "h1").text == "现在没有网络"
    assert offline_notice(browser) and help_bar_shown(browser)

    # A new build is published with a visible change: the 110 line's text on
    # the hotline directory and its label in the help bar on every page.
    hotlines = project / "docs/_data/hotlines.yml"
    text = hotlines.read_text(encoding="utf-8")
    assert "label: 报警\n" in text and "公安机关报警求助电话。" in text
    text = text.replace("label: 报警\n", "label: 报警求助\n").replace("公安机关报警求助电话。", "公安机关报警求助电话（新版说明）。")
    hotlines.write_text(text, encoding="utf-8")
    rebuilt = mkdocs_build(project, www)
    assert rebuilt.returncode == 0, rebuilt.output
    new_version = worker(www)["version"]
    assert new_version != version
    server.start()

    # The first load online is the new build, not the saved copy.
    browser.get(base + "hotlines/")
    assert "公安机关报警求助电话（新版说明）。" in browser.find_element(By.TAG_NAME, "body").text
    assert "拨打 110 报警求助" in browser.page_source  # the help bar's link name (overrides/partials/help-bar.html)
    assert served_from(browser) == "network" and offline_notice(browser) is None

    # The new worker takes over and the old build's caches are deleted; what
    # the resident had opened is saved again from the new build.
    def only_new_caches() -> bool:
        names = [n for n in caches(browser) if n.startswith("mh-offline")]
        return bool(names) and all(n.startswith("mh-offline / ") and new_version in n for n in names)

    wait_for("the old caches to be deleted", only_new_caches,
             state=lambda: (new_version, sorted(caches(browser)), browser.execute_script(
                 "return navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL")))
    assert base + STATION in saved_urls(browser, new_version)

    server.stop()
    browser.get(base + STATION)
    assert "拨打 110 报警求助" in browser.page_source, "the station page saved again is the new build's"
    assert offline_notice(browser)


def test_a_page_opened_before_the_worker_was_there_is_saved_too(browser, published) -> None:
    # A resident scans a station poster's QR code: the station page is the
    # first page of the site this phone ever opens.
    from selenium.webdriver.common.by import By

    _, www, server = published
    version = worker(www)["version"]
    browser.get(server.url + STATION)
    wait_for(
        "the page and its own script to be saved",
        lambda: {server.url + STATION, server.url + "assets/javascripts/station.js"} <= saved_urls(browser, version),
    )
    name = browser.find_element(By.TAG_NAME, "h1").text
    server.stop()
    browser.get(server.url + STATION)
    assert browser.find_element(By.TAG_NAME, "h1").text == name
    assert offline_notice(browser) and help_bar_shown(browser)


def test_under_a_sub_path(browser, project_copy: Path, tmp_path: Path) -> None:
    # GitHub Pages of a project: the site is at /<repo>/, and site_url says so.
    from selenium.webdriver.common.by import By

    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "site_url: https://example.org/\n" in text
    config.write_text(text.replace("site_url: https://example.org/\n", "site_url: https://example.org/repo/\n"), encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "host/repo")
    assert result.returncode == 0, result.output
    server = Server(tmp_path / "host")
    server.start()
    try:
        base = server.url + "repo/"
        browser.get(base)
        scope = browser.execute_async_script(
            "const done = arguments[0]; navigator.serviceWorker.ready.then((r) => done(r.scope));"
        )
        assert scope == base
        browser.get(base + STATION)
        wait_for("the station page to be saved", lambda: base + STATION in saved_urls(browser, worker(tmp_path / "host/repo")["version"]))
    finally:
        server.stop()
    for page in (STATION, UNVISITED):
        browser.get(base + page)
        assert offline_notice(browser) and help_bar_shown(browser), page
    assert browser.find_element(By.TAG_NAME, "h1").text == "现在没有网络"


def test_a_gateway_error_counts_as_no_network(browser, published) -> None:
    from selenium.webdriver.common.by import By

    _, www, server = published
    browser.get(server.url)
    wait_for("the worker to control the page", lambda: browser.execute_script("return !!navigator.serviceWorker.controller"))
    browser.get(server.url + "hotlines/")
    wait_for("the page to be saved", lambda: server.url + "hotlines/" in saved_urls(browser, worker(www)["version"]))
    server.answer_503()
    browser.get(server.url + "hotlines/")
    assert "公安机关报警求助电话" in browser.find_element(By.TAG_NAME, "body").text
    assert offline_notice(browser) and served_from(browser) == "offline"
    browser.get(server.url + UNVISITED)
    assert browser.find_element(By.TAG_NAME, "h1").text == "现在没有网络"


def test_the_notice_shows_when_the_phone_goes_offline(browser, published) -> None:
    _, _, server = published
    browser.get(server.url + "hotlines/")
    assert offline_notice(browser) is None
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd(
        "Network.emulateNetworkConditions", {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    )
    notice = wait_for("the notice", lambda: offline_notice(browser), timeout=5)
    assert "连不上网络" in notice
    browser.execute_cdp_cmd(
        "Network.emulateNetworkConditions", {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    )
    wait_for("the notice to go", lambda: offline_notice(browser) is None, timeout=5)


def test_two_sites_on_one_host_keep_their_own_copies(browser, project_copy: Path, tmp_path: Path) -> None:
    # A city portal with its districts at /a/ and /b/ of one host: one
    # browser storage for both. Each worker's caches carry its site's path;
    # B's install and update leave A's copies alone, and the other way round.
    from selenium.webdriver.common.by import By

    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "site_url: https://example.org/\n" in text

    def build(path: str) -> str:
        config.write_text(text.replace("site_url: https://example.org/\n", f"site_url: https://example.org/{path}/\n"), encoding="utf-8")
        result = mkdocs_build(project_copy, tmp_path / "host" / path)
        assert result.returncode == 0, result.output
        return worker(tmp_path / "host" / path)["version"]

    versions = {"a": build("a"), "b": build("b")}
    server = Server(tmp_path / "host")
    server.start()
    base = server.url

    def names(site: str) -> set[str]:
        return {n for n in caches(browser) if n.startswith(f"mh-offline /{site}/ ")}

    def saved(site: str) -> set[str]:
        return {url for name, urls in caches(browser).items() if name in names(site) for url in urls}

    def use(site: str) -> None:
        browser.get(f"{base}{site}/")
        wait_for(f"{site}'s worker", lambda: browser.execute_script(
            "return !!navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL"
        ) == f"{base}{site}/sw.js")
        browser.get(f"{base}{site}/{STATION}")
        wait_for(f"{site}'s station page to be saved", lambda: f"{base}{site}/{STATION}" in saved(site))
        # The page's scripts are saved as they load, after the page: wait
        # until the copy stops growing for a second (a busy machine is slow).
        def settled() -> bool:
            before = saved(site)
            time.sleep(1)
            return saved(site) == before

        wait_for(f"{site}'s copy to settle", settled)

    try:
        # Left by a worker from before caches were named after their site:
        # entries of both sites and of a third.
        browser.get(base)
        browser.execute_async_script(
            "const done = arguments[0]; caches.open('mh-offline-0123456789abcdef-visited').then((c) => Promise.all("
            "['a/', 'b/', 'c/'].map((p) => c.put(new URL(p, location.href).href, new Response('old ' + p)))))"
            ".then(() => done(true));"
        )
        use("a")
        a_names, a_saved = names("a"), saved("a")
        assert a_names == {f"mh-offline /a/ {versions['a']}-install", f"mh-offline /a/ {versions['a']}-visited"}
        assert {f"{base}a/", f"{base}a/hotlines/", f"{base}a/{STATION}"} <= a_saved
        use("b")
        assert names("a") == a_names and saved("a") == a_saved, "B's install took A's copies"

        # B publishes a new build; its worker updates and deletes B's old caches only.
        hotlines = project_copy / "docs/_data/hotlines.yml"
        hotlines.write_text(hotlines.read_text(encoding="utf-8").replace("公安机关报警求助电话。", "公安机关报警求助电话（B 区新版）。"), encoding="utf-8")
        new_b = build("b")
        assert new_b != versions["b"]
        browser.get(f"{base}b/hotlines/")
        wait_for("B's update", lambda: names("b") == {f"mh-offline /b/ {new_b}-install", f"mh-offline /b/ {new_b}-visited"})
        assert f"{base}b/{STATION}" in saved("b")
        assert names("a") == a_names and saved("a") == a_saved, "B's update took A's copies"
        # The unnamed cache: A's and B's entries went with their updates, the third site's stays.
        assert caches(browser)["mh-offline-0123456789abcdef-visited"] == [f"{base}c/"]
    finally:
        server.stop()

    for site in ("a", "b"):
        browser.get(f"{base}{site}/{STATION}")
        assert offline_notice(browser) and help_bar_shown(browser), site
        assert browser.find_element(By.TAG_NAME, "h1").text != "现在没有网络", site
    browser.get(f"{base}b/hotlines/")
    assert "B 区新版" in browser.page_source and offline_notice(browser)
    browser.get(f"{base}a/hotlines/")
    assert "B 区新版" not in browser.page_source and offline_notice(browser)


# -- A first visit downloads nothing twice (issue 17) ------------------------------------------

# Files whose names carry a hash of their content (Material's; Pagefind's
# index pieces, which the worker never saves): the same name, the same bytes.
HASHED = re.compile(r"(^|/)[^/]+\.[0-9a-f]{8}\.min\.(js|css)$|\.pf_(meta|index|fragment|filter)$")
# Issue 17: everything the home page and the worker's install download on a
# first visit, bodies as sent (gzip) and headers.
FIRST_VISIT_BUDGET = 150 * 1024


def _quiet(host, seconds: float = 1.5) -> None:
    """Until the server has been asked for nothing for `seconds`."""
    count = -1
    while count != len(host.log):
        count = len(host.log)
        time.sleep(seconds)


@pytest.mark.parametrize("validators", [True, False], ids=["with-validators", "without-validators"])
@pytest.mark.parametrize("first", ["", STATION], ids=["home", "station"])
def test_a_first_visit_downloads_nothing_twice(browser, site_dir: Path, validators: bool, first: str) -> None:
    # A fresh phone opens a page; the worker installs (saves the help bar's
    # pages and what they load), then the page hands it its own address and
    # files. Counted at the server (tests/local_host.py, with deploy/nginx.conf's
    # caching, and with or without ETag/Last-Modified): content-hashed files
    # and our own files are downloaded once, from the page; the worker takes
    # them from the browser's cache. Only the pages it saves at install are
    # asked again (a new build's worker must save the new build): "304 Not
    # Modified" from a server with validators.
    from urllib.parse import urlsplit

    from local_host import Host

    precache = worker(site_dir)["precache"]
    with Host(site_dir, validators=validators) as host:
        browser.get(host.url + first)
        wanted = {host.url + p for p in precache} | {host.url + first}
        version = worker(site_dir)["version"]
        wait_for("the worker to save the precache and the page", lambda: wanted <= saved_urls(browser, version))
        _quiet(host)
        sent = host.take()

    asked: dict[str, list[int]] = {}
    for response in sent:
        asked.setdefault(urlsplit(response.path).path.lstrip("/"), []).append(response.status)
    assert asked.get("sw.js") == [200]
    hashed = [p for p in asked if HASHED.search(p)]
    assert len(hashed) >= 2, asked  # Material's bundle and main.css at least
    for path, statuses in asked.items():
        if path == first:
            # The page itself: the navigation, and the install's
            # revalidation when it is one of the pages saved at install.
            assert statuses == ([200, 304 if validators else 200] if first in precache else [200]), (path, statuses)
        elif path.endswith("/") or path.endswith(".html"):
            assert statuses == [200], (path, statuses)  # saved at install, asked once
        else:
            assert statuses == [200], (path, statuses)  # a file: downloaded once, whoever asked first
    assert set(precache) <= set(asked), set(precache) - set(asked)
    total = sum(response.total for response in sent)
    assert total <= FIRST_VISIT_BUDGET, f"first visit {total / 1024:.1f} KB > {FIRST_VISIT_BUDGET / 1024:.0f} KB"
