"""The site in Debian's Chromium on a 360 px wide phone."""

from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest

from conftest import ServedSite, crisis_numbers
from search_ui import search

SECTION_URLS = ["", "articles/", "lessons/", "guides/", "hotlines/", "stations/", "self-check/", "404.html"]


def _wait(driver, condition, timeout: float = 10):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


@pytest.mark.parametrize("url", SECTION_URLS)
def test_help_bar_is_visible_without_scrolling_on_a_phone(browser, served_site: ServedSite, url: str) -> None:
    browser.get(served_site.url + url)
    boxes = browser.execute_script(
        """
        return Array.from(document.querySelectorAll('.mh-helpbar a.mh-call')).map(a => {
          const r = a.getBoundingClientRect();
          const style = getComputedStyle(a);
          return {href: a.getAttribute('href'), top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                  width: r.width, height: r.height, visible: style.visibility === 'visible' && style.display !== 'none',
                  vw: window.innerWidth, vh: window.innerHeight, scrollY: window.scrollY};
        });
        """
    )
    assert [b["href"] for b in boxes] == [f"tel:{n}" for n in crisis_numbers()]
    for box in boxes:
        assert box["scrollY"] == 0
        assert box["visible"], box
        assert 0 <= box["top"] and box["bottom"] <= box["vh"], f"{box['href']} is below the fold: {box}"
        assert 0 <= box["left"] and box["right"] <= box["vw"], f"{box['href']} is off-screen: {box}"
        assert box["width"] >= 44 and box["height"] >= 44, f"{box['href']} is a small touch target: {box}"


def test_header_help_button_stays_after_scrolling(browser, served_site: ServedSite) -> None:
    browser.get(served_site.url)
    browser.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    box = browser.execute_script(
        "const r = document.querySelector('a.mh-header-help').getBoundingClientRect();"
        "return {top: r.top, bottom: r.bottom, width: r.width, height: r.height, scrollY: window.scrollY};"
    )
    assert box["scrollY"] > 0
    assert box["top"] >= 0 and box["bottom"] <= 120
    assert box["width"] >= 44 and box["height"] >= 44


def test_browsing_and_searching_requests_nothing_from_other_hosts(browser, served_site: ServedSite) -> None:
    browser.get_log("performance")  # drop what came before
    for url in SECTION_URLS:
        browser.get(served_site.url + url)
    search(browser, served_site.url, "睡眠")
    requested = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requested.append(message["params"]["request"]["url"])
    assert requested, "the performance log recorded no requests at all"
    foreign = [u for u in requested if urlparse(u).scheme in ("http", "https") and urlparse(u).hostname != "127.0.0.1"]
    assert foreign == []


def test_the_faq_topics_are_chips_side_by_side(browser, served_site: ServedSite) -> None:
    """site.css's chip lists outweigh Material's list rules (its indent and
    its display for every list in the content)."""
    from conftest import chips_layout

    browser.get(served_site.url + "faq/")
    layout = chips_layout(browser, ".mh-faq-topics__list")
    assert layout["display"] == "flex"
    assert layout["indent"] == 0
    assert layout["side_by_side"]
    assert min(layout["heights"]) >= 44
    assert layout["rows"] and min(layout["rows"]) >= 6, layout  # rows apart, not touching
