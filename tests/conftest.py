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
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / "hooks"
if str(HOOKS) not in sys.path:
    sys.path.insert(0, str(HOOKS))

# The date the sample data is checked against in tests (2026-11-23 12:00 in
# China): staleness rules depend on "today", and a test must not start failing
# because the calendar moved. The real build (./run site) uses today's date.
TEST_EPOCH = "1795406400"

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))


@dataclass
class BuildResult:
    returncode: int
    output: str
    site: Path


def build_env(epoch: str | None = TEST_EPOCH, publish: bool = False) -> dict[str, str]:
    """The environment of a test build: "today" is `epoch` (SOURCE_DATE_EPOCH),
    or the real clock when it is None; `publish`: publish mode (MH_PUBLISH=1,
    as ./run publish sets; never inherited from the shell)."""
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.pop("SOURCE_DATE_EPOCH", None)
    env.pop("MH_PUBLISH", None)
    if publish:
        env["MH_PUBLISH"] = "1"
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def mkdocs_build(
    project: Path,
    site: Path,
    *extra: str,
    engine: str | None = None,
    epoch: str | None = TEST_EPOCH,
    publish: bool = False,
) -> BuildResult:
    """Run `mkdocs build --strict` as a user would, capturing its output.

    `engine`: mkdocs or properdocs; by default ENGINE, as in ./run (README,
    "Engine"). The config file is named: ProperDocs looks for properdocs.yml
    first and reads mkdocs.yml only as a fallback it says it will drop."""
    result = subprocess.run(
        [sys.executable, "-m", engine or os.environ.get("ENGINE", "mkdocs"), "build", "--strict", "--clean",
         "--config-file", "mkdocs.yml", "--site-dir", str(site), *extra],
        cwd=project,
        env=build_env(epoch, publish),
        capture_output=True,
        text=True,
        timeout=900,
    )
    return BuildResult(result.returncode, result.stdout + result.stderr, site)


def copy_project(target: Path) -> Path:
    """Copy what a build reads (not .venv, site/, .git) into `target`."""
    ignore = shutil.ignore_patterns(".venv", "site", ".git", "__pycache__", ".pytest_cache", "node_modules")
    # deploy/: the build checks the pages' inline scripts against deploy/nginx.conf.
    for name in ("docs", "overrides", "hooks", "deploy"):
        shutil.copytree(ROOT / name, target / name, ignore=ignore)
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


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


def _browser_missing_reason() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (./run test installs it)"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.exists():
            return f"{path} not found: install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)"
    return None


def make_driver(width: int = 360, height: int = 740):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        # This machine has no internet: keep Chromium from calling home.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        "--lang=zh-CN",
        f"--window-size={width},{height}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    # A phone: the viewport is what a 360 px wide screen shows.
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 2, "mobile": True},
    )
    return driver


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


@pytest.fixture
def browser(browser_available: None) -> Iterator[object]:
    driver = make_driver()
    try:
        yield driver
    finally:
        driver.quit()
