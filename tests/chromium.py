"""Debian's Chromium driven by Selenium through /usr/bin/chromedriver, as a
phone: shared by the browser tests (conftest.py) and the benchmarks that
drive a browser (benchmarks/search.py, benchmarks/first_visit.py), without
pytest. Selenium itself is a test requirement (requirements-test.txt)."""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))


def browser_missing_reason() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (./run test installs it)"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.exists():
            return f"{path} not found: install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)"
    return None


FLAGS = (
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
)


def chrome_options(width: int, height: int):
    """Selenium's options for Debian's Chromium, headless, `width` × `height`,
    with chromedriver's browser and performance logs on."""
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--window-size={width},{height}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    return options


def phone(driver, width: int, height: int) -> None:
    """A phone: the viewport is what a `width` px wide screen shows."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 2, "mobile": True},
    )


def make_driver(width: int = 360, height: int = 740):
    """A new Chromium as a `width` × `height` phone; end it with quit(). (The
    tests' make_driver, in conftest.py, shares one between tests.)"""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=chrome_options(width, height))
    phone(driver, width, height)
    return driver


def wait_for_late_scripts(driver, timeout: float = 10) -> None:
    """Until what site.js starts once the page has been drawn has run
    (assets/javascripts/site.js, part 9): Material's bundle (its
    `component$`), and on articles, lessons and guides content.js (which
    marks the links' printed addresses)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: d.execute_script(
        "return typeof window.component$ !== 'undefined' &&"
        " (!document.querySelector('[data-mh-content-page]') || !!document.querySelector('[data-mh-print-url]'));"
    ))
