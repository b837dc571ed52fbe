"""Shared fixtures: real builds of the real site, and a real browser.

- `site_dir`: the project built once with `mkdocs build --strict`, as the
  README's command does, into a temporary folder.
- `project_copy`: a copy of the project in a temporary folder, for tests that
  change a data file or a setting and build again (bad input, footer lines).
- `browser` / `served_site`: Debian's Chromium driven by Selenium through
  /usr/bin/chromedriver, against the built site served on 127.0.0.1.
  Without a browser these tests are skipped with the reason; with
  REQUIRE_BROWSER=1 (CI) they fail instead.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / "hooks"
if str(HOOKS) not in sys.path:
    sys.path.insert(0, str(HOOKS))

# Building (TEST_EPOCH, build_env, mkdocs_build, copy_project) and starting
# Chromium are plain modules, which the benchmarks use too without pytest;
# imported here for the tests, which get them through the tiers' checks below.
import chromium  # noqa: E402
import site_build as _site_build  # noqa: E402
from chromium import CHROMEDRIVER, CHROMIUM  # noqa: E402, F401
from site_build import TEST_EPOCH, BuildResult, build_env, copy_project  # noqa: E402, F401


# -- Tiers -----------------------------------------------------------------------
#
# Every test is in exactly one tier, given here from what it is, never by hand:
#   unit     tests/unit/: the domain modules, no build, no browser (seconds);
#   browser  needs Chromium (its fixtures all ask for `browser_available`);
#   build    every other test: builds the real site and reads its output.
# `./run test -m unit` (or build, browser, "not browser"...) runs one tier.
# A test whose tier cannot be told, or that is marked by hand with another
# tier than its own, fails; so does a unit test that builds the site or a test
# outside the browser tier that starts Chromium (make_driver, mkdocs_build).

TIERS = ("unit", "build", "browser")
UNIT_DIR = Path(__file__).resolve().parent / "unit"
# Fixtures that build the site (all others that do depend on them or call
# mkdocs_build, which a unit test may not).
BUILD_FIXTURES = {"site_build", "site_dir", "served_site", "nginx_site", "project_copy"}
_TIER = pytest.StashKey[str]()
_TIER_ERROR = pytest.StashKey[str]()
_CURRENT_ITEM: pytest.Item | None = None


def _own_tier(item: pytest.Item) -> tuple[str | None, str | None]:
    """(tier, None), or (None, why the item has none)."""
    fixtures = set(getattr(item, "fixturenames", ()))
    path = Path(str(item.path)).resolve()
    if UNIT_DIR in path.parents:
        heavy = sorted(fixtures & (BUILD_FIXTURES | {"browser_available"}))
        if heavy:
            return None, (f"tests/unit/ holds the unit tier (no build, no browser), but this test uses {', '.join(heavy)}: "
                          "move it to a test file in tests/")
        return "unit", None
    if "browser_available" in fixtures:
        return "browser", None
    return "build", None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        tier, error = _own_tier(item)
        by_hand = {m.name for m in item.iter_markers() if m.name in TIERS}
        if tier is not None and by_hand - {tier}:
            error = (f"marked {', '.join(sorted(by_hand))} by hand, but it is a {tier} test "
                     "(tests/conftest.py gives the tier: remove the mark)")
        if tier is not None and error is None:
            if tier not in by_hand:
                item.add_marker(tier)
            item.stash[_TIER] = tier
        else:
            item.stash[_TIER_ERROR] = error or "no tier"


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """One line per tier at the end of every run: how many tests ran and how
    long they took (setup, call and teardown summed over the workers, so with
    -n 2 the wall time is about half their sum); README, "Tests", quotes it."""
    tests: dict[str, set[str]] = {tier: set() for tier in TIERS}
    seconds = dict.fromkeys(TIERS, 0.0)
    for reports in terminalreporter.stats.values():
        for report in reports:
            keywords = getattr(report, "keywords", None)
            if not keywords or not hasattr(report, "duration"):
                continue
            tier = next((t for t in TIERS if t in keywords), None)
            if tier is not None:
                tests[tier].add(report.nodeid)
                seconds[tier] += report.duration
    ran = [f"{tier} {len(tests[tier])} tests {seconds[tier]:.0f} s" for tier in TIERS if tests[tier]]
    if ran:
        terminalreporter.write_line("time per tier (summed over workers): " + "; ".join(ran))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    tiers = sorted({m.name for m in item.iter_markers() if m.name in TIERS})
    error = item.stash.get(_TIER_ERROR, None)
    if error is None and (len(tiers) != 1 or _TIER not in item.stash):
        error = f"tiers {tiers or 'none'}: every test is in exactly one of {', '.join(TIERS)}"
    if error is not None:
        pytest.fail(f"{item.nodeid}: no tier: {error}", pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    global _CURRENT_ITEM
    _CURRENT_ITEM = item
    try:
        return (yield)
    finally:
        _CURRENT_ITEM = None


def _require_tier(allowed: tuple[str, ...], what: str) -> None:
    """Fail the running test when it is not in one of the `allowed` tiers."""
    item = _CURRENT_ITEM
    if item is None:
        return
    tier = item.stash.get(_TIER, None)
    if tier not in allowed:
        pytest.fail(f"{item.nodeid} {what}, which a {tier} test may not "
                    f"(only {' or '.join(allowed)}: see the tiers in tests/conftest.py)", pytrace=False)


@functools.wraps(_site_build.mkdocs_build)
def mkdocs_build(project: Path, site: Path, *extra: str, **options: Any) -> BuildResult:
    # tests/site_build.py's, from a test of the build or browser tier only.
    _require_tier(("build", "browser"), "builds the site")
    return _site_build.mkdocs_build(project, site, *extra, **options)


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site)
    if result.returncode != 0:
        pytest.fail(f"the site does not build:\n{result.output}")
    return result


@pytest.fixture(scope="session")
def site_dir(site_build: BuildResult) -> Path:
    return site_build.site


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def crisis_numbers() -> list[str]:
    """The crisis lines the editors' data file says must be on every page, in order."""
    import yaml

    data = yaml.safe_load((ROOT / "docs/_data/hotlines.yml").read_text(encoding="utf-8"))
    return [str(h["number"]) for h in data["hotlines"] if h.get("crisis") and not h.get("sample")]


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# -- Browser ---------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@dataclass
class ServedSite:
    url: str
    root: Path


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a free port); yields its URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def served_site(site_dir: Path) -> Iterator[ServedSite]:
    with serve(site_dir) as url:
        yield ServedSite(url, site_dir)


_browser_missing_reason = chromium.browser_missing_reason


def _start_chromium(width: int, height: int):
    """A new Chromium (about 1 s on the 2-core machine) with chromedriver's
    browser and performance logs on."""
    from selenium.webdriver.chrome.service import Service

    return _chromium_class()(service=Service(str(CHROMEDRIVER)), options=chromium.chrome_options(width, height))


@functools.cache
def _chromium_class() -> type:
    from selenium import webdriver

    class Chromium(webdriver.Chrome):
        """A Chromium that remembers the origins it opened (so that a reset can
        clear what they stored) and, when it belongs to the pool, goes back to
        it on quit() instead of ending."""

        pooled = False

        def get(self, url: str) -> None:
            _remember_origin(self, url)
            super().get(url)

        def quit(self) -> None:
            if self.pooled:
                _POOL.release(self)
            else:
                super().quit()

    return Chromium


def _remember_origin(driver, url: str) -> None:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc:
        driver.__dict__.setdefault("mh_origins", set()).add(f"{parts.scheme}://{parts.netloc}")


class _ChromiumPool:
    """Chromiums shared by the browser tests of one pytest process.

    Starting Chromium through chromedriver costs about 1 s, and hundreds of
    tests need one. A driver handed out again is reset to what a new one
    shows a page: what a test set on its tab (scripts added to new documents,
    emulated metrics, media, fonts, geolocation, network conditions and
    blocked URLs, a disabled cache) goes with the tab, closed for a new one;
    what lives in the browser is cleared (every origin the test opened:
    cookies, local and session storage, IndexedDB, Cache Storage, service
    workers; the HTTP cache; granted permissions); chromedriver's logs are
    emptied and the timeouts put back. tests/test_shared_browser.py checks
    each of these. Tests that must have a browser no other test touched
    (service workers, the Content-Security-Policy) are marked
    `own_browser` and get a new one."""

    def __init__(self) -> None:
        self.idle: list = []
        self.every: list = []

    def acquire(self, width: int, height: int):
        while self.idle:
            driver = self.idle.pop()
            try:
                self._reset(driver, width, height)
                return driver
            except Exception:  # a crashed or stuck browser: replace it
                self._end(driver)
        driver = _start_chromium(width, height)
        _phone(driver, width, height)
        driver.pooled = True
        timeouts = driver.timeouts
        driver.mh_timeouts = (timeouts.implicit_wait, timeouts.script, timeouts.page_load)
        driver.mh_size = (width, height)
        self.every.append(driver)
        return driver

    def release(self, driver) -> None:
        if driver not in self.idle:
            self.idle.append(driver)

    def _reset(self, driver, width: int, height: int) -> None:
        try:
            _remember_origin(driver, driver.current_url)
        except Exception:
            pass
        old = driver.window_handles
        driver.switch_to.new_window("tab")
        fresh = driver.current_window_handle
        for handle in old:
            driver.switch_to.window(handle)
            driver.close()
        driver.switch_to.window(fresh)
        for origin in sorted(driver.__dict__.pop("mh_origins", set())):
            driver.execute_cdp_cmd("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
        driver.execute_cdp_cmd("Network.clearBrowserCache", {})
        driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
        # Permissions granted by CDP end with the tab's DevTools session already; to be sure.
        driver.execute_cdp_cmd("Browser.resetPermissions", {})
        # Each by itself: the Timeouts setter leaves out a zero (the implicit wait's).
        implicit, script, page_load = driver.mh_timeouts
        driver.implicitly_wait(implicit)
        driver.set_script_timeout(script)
        driver.set_page_load_timeout(page_load)
        if driver.mh_size != (width, height):
            driver.set_window_size(width, height)
            driver.mh_size = (width, height)
        _phone(driver, width, height)
        for log in ("browser", "performance"):
            driver.get_log(log)

    def _end(self, driver) -> None:
        if driver in self.every:
            self.every.remove(driver)
        with contextlib.suppress(Exception):
            webdriver_quit = super(type(driver), driver).quit
            webdriver_quit()

    def close(self) -> None:
        for driver in list(self.every):
            self._end(driver)
        self.idle.clear()


_POOL = _ChromiumPool()


def make_driver(width: int = 360, height: int = 740):
    """Debian's Chromium as a `width` × `height` phone screen (device scale
    factor 2, mobile), driven by Selenium; end it with quit().

    A test marked `own_browser` gets a new Chromium; any other a shared one,
    reset (see _ChromiumPool), which quit() gives back. Only tests of the
    browser tier may ask for one (see pytest_collection_modifyitems)."""
    _require_tier(("browser",), "starts Chromium")
    item = _CURRENT_ITEM
    if item is not None and item.get_closest_marker("own_browser"):
        driver = _start_chromium(width, height)
        _phone(driver, width, height)
        return driver
    return _POOL.acquire(width, height)


_phone = chromium.phone


def pytest_sessionfinish(session: pytest.Session) -> None:
    _POOL.close()


@pytest.fixture(scope="session")
def browser_available() -> None:
    reason = _browser_missing_reason()
    if reason is None:
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but no browser: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def nginx_available() -> None:
    """Debian's nginx, for the tests that serve the site as operators do
    (deploy/nginx.conf). Skipped without it, failed with REQUIRE_BROWSER=1
    (CI, which installs it with the browser: .ci/run)."""
    from nginx_server import missing_reason

    reason = missing_reason()
    if reason is None:
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def nginx_site(site_dir: Path, nginx_available: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """The built site behind Debian's nginx with the shipped deploy/nginx.conf."""
    from nginx_server import Nginx

    with Nginx(site_dir, tmp_path_factory.mktemp("nginx")) as server:
        yield server


def served_with_emergency(work: Path, start: str, end: str = "2026-11-30 18:00") -> Iterator[str]:
    """The project with an emergency campaign from `start` to `end` (China
    time, as docs/_data/emergency.yml writes them), built into `work` and
    served: yields the site's address (for a module fixture's `yield from`)."""
    project = copy_project(work / "project")
    (project / "docs/_data/emergency.yml").write_text(
        "emergency:\n"
        "  title: 暴雨洪涝灾害心理援助\n"
        "  message: 受灾群众可以拨打 12356 心理援助热线。\n"
        "  link: emergency/sample-campaign.md\n"
        f"  start: {start}\n"
        f"  end: {end}\n",
        encoding="utf-8",
    )
    result = mkdocs_build(project, work / "site")
    assert result.returncode == 0, result.output
    with serve(work / "site") as url:
        yield url


@pytest.fixture(scope="module")
def phone(browser_available: None) -> Iterator[object]:
    """One Chromium for a module's page scans (test_accessibility, test_pagination) (a new one per test is slow);
    every test sets the viewport and text size it needs with `emulate`."""
    driver = make_driver()
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def browser(browser_available: None) -> Iterator[object]:
    driver = make_driver()
    try:
        yield driver
    finally:
        driver.quit()


CHIPS_LAYOUT = """
const list = document.querySelector(arguments[0]);
const items = Array.from(list.querySelectorAll(':scope > li > a')).map(a => a.getBoundingClientRect());
const content = list.parentElement.getBoundingClientRect();
return {
  display: getComputedStyle(list).display,
  indent: Math.round(items[0].left - content.left),
  rows: items.slice(1).map((r, i) => Math.round(r.top - items[i].bottom)).filter(d => d > -1),
  side_by_side: items.slice(1).some((r, i) => Math.abs(r.top - items[i].top) < 1),
  heights: items.map(r => Math.round(r.height)),
};
"""


def chips_layout(driver, selector: str) -> dict:
    """How a list of 44 px link chips (site.css: the FAQ's topics, a large
    locator's areas) is laid out: not indented, side by side where they fit,
    rows apart."""
    return driver.execute_script(CHIPS_LAYOUT, selector)
