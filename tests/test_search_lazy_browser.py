"""The search index is downloaded when the resident reaches for search, not
with every page (overrides/partials/search-lazy.html), in Chromium."""

from __future__ import annotations

import json
import time

from conftest import ServedSite
from test_browser import _wait, search

INDEX = "/search/search_index.json"
WORKER = "/assets/javascripts/workers/search."


def requested(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def loaded(driver, url: str) -> list[str]:
    driver.get_log("performance")  # drop what came before
    driver.get(url)
    _wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")
    time.sleep(1.5)  # Material starts the search a moment after load
    return requested(driver)


def test_a_page_loads_without_the_search_index_or_worker(browser, served_site: ServedSite) -> None:
    for page in ("", "articles/sleep-basics/", "stations/"):
        urls = loaded(browser, served_site.url + page)
        assert any("/assets/javascripts/bundle." in u for u in urls), f"/{page}: Material's bundle was not loaded"
        assert not [u for u in urls if INDEX in u or WORKER in u], f"/{page} loaded the search at once: {urls}"


def test_opening_search_downloads_the_index_and_finds(browser, served_site: ServedSite) -> None:
    browser.get_log("performance")
    links = search(browser, served_site, "睡眠")  # taps the search button, types, waits for results
    assert any("/articles/sleep-basics/" in link for link in links), links
    urls = requested(browser)
    assert [u for u in urls if INDEX in u] and [u for u in urls if WORKER in u], urls


def test_focusing_the_search_box_with_the_keyboard_starts_the_search(browser_available, served_site: ServedSite) -> None:
    from selenium.webdriver.common.by import By

    from conftest import make_driver

    driver = make_driver(1280, 800)  # a computer: the search box is in the header, "/" focuses it
    try:
        loaded(driver, served_site.url)
        driver.find_element(By.TAG_NAME, "body").send_keys("/")
        seen: list[str] = []
        _wait(driver, lambda d: seen.extend(requested(d)) or [u for u in seen if INDEX in u])
    finally:
        driver.quit()


def test_a_search_result_highlights_its_words_at_once(browser, served_site: ServedSite) -> None:
    # Material's result links carry ?h=: the page highlights the words, which
    # needs the index's settings, without the resident touching search.
    urls = loaded(browser, served_site.url + "articles/sleep-basics/?h=%E7%9D%A1%E7%9C%A0")
    assert [u for u in urls if INDEX in u], urls
    _wait(browser, lambda d: d.find_elements("css selector", "article mark"))
