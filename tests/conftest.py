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

import pytest

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / "hooks"
if str(HOOKS) not in sys.path:
    sys.path.insert(0, str(HOOKS))

# Building (TEST_EPOCH, build_env, mkdocs_build, copy_project) and the
# browser (make_driver) are plain modules, which the benchmarks use too
# without pytest; imported here for the tests.
from chromium import CHROMEDRIVER, CHROMIUM, browser_missing_reason, make_driver  # noqa: E402, F401
from site_build import TEST_EPOCH, BuildResult, build_env, copy_project, mkdocs_build  # noqa: E402, F401


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


@pytest.fixture(scope="session")
def browser_available() -> None:
    reason = browser_missing_reason()
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
