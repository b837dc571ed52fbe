"""Driving the site search in Chromium as a resident does, and reading what
the site says a page contains (shared by the search tests)."""

from __future__ import annotations

import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

# What Material's search box says (its Chinese translations) once a search
# has an answer, as opposed to 正在初始化搜索引擎 or 键入以开始搜索.
_ANSWERED = ("符合条件的结果",)


def _wait(driver, condition, timeout: float = 15):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(condition)


def open_search(driver) -> object:
    """Tap the header's search button; return the search box."""
    from selenium.webdriver.common.by import By

    driver.find_element(By.CSS_SELECTOR, "label.md-header__button[for='__search']").click()
    box = _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "input.md-search__input"))
    _wait(driver, lambda d: box.is_displayed())
    return box


def shown(driver) -> tuple[str, list[str]]:
    """The search box's status line and the result links shown."""
    return driver.execute_script(
        "const meta = document.querySelector('.md-search-result__meta');"
        "return [meta ? meta.textContent.trim() : '',"
        " Array.from(document.querySelectorAll('.md-search-result__item a')).map(a => a.href)];"
    )


def settled(driver) -> list[str]:
    """Wait until the search has answered and the answer stopped changing
    (each key typed is a search of its own); return the result links."""
    last = None
    stable = 0

    def answered(d):
        nonlocal last, stable
        now = shown(d)
        if not any(word in now[0] for word in _ANSWERED):
            stable = 0
            return False
        stable = stable + 1 if now == last else 0
        last = now
        return now if stable >= 4 else False

    return _wait(driver, answered)[1]


def all_results(driver) -> list[str]:
    """Material lists results ten at a time and adds more as the list is
    scrolled: scroll until no more come, as a resident reading on would."""
    links = settled(driver)
    still = 0
    while still < 2:
        # Material adds the next results when the list's end comes into view:
        # leave the end, then come back to it.
        driver.execute_script(
            "const w = document.querySelector('.md-search__scrollwrap');"
            "w.scrollTop = Math.max(0, w.scrollHeight - w.clientHeight - 40);"
            "setTimeout(() => { w.scrollTop = w.scrollHeight; }, 100);"
        )
        time.sleep(0.4)
        more = shown(driver)[1]
        still = still + 1 if len(more) == len(links) else 0
        links = more
    return links


def search(driver, site_url: str, query: str, *, every: bool = True) -> list[str]:
    """Open the home page, tap search, type `query`; the result links (all
    of them, scrolling, when `every`)."""
    driver.get(site_url)
    open_search(driver).send_keys(query)
    return all_results(driver) if every else settled(driver)


def page_paths(links: list[str]) -> list[str]:
    """Result links as site paths without the fragment ("/faq/"), in order, once each."""
    out: list[str] = []
    for link in links:
        path = unquote(urlparse(link).path)
        if path not in out:
            out.append(path)
    return out


def requested(driver) -> list[str]:
    """URLs requested since the performance log was last read."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


# -- What a page contains --------------------------------------------------------

# Inside a line of text; any other element starts a new line.
_INLINE = {
    "a", "abbr", "b", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "label", "mark", "q", "s",
    "small", "span", "strong", "sub", "sup", "time", "u", "var",
}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Not the page's content: the ¶ links of headings, the 朗读 button, a news
# post's side column; scripts, styles, icons and buttons.
NOT_CONTENT_CLASSES = {"headerlink", "mh-content-tools", "md-sidebar"}
NOT_CONTENT_TAGS = {"script", "style", "svg", "template", "button"}


class _MainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if not self.depth:
            if values.get("data-md-component") == "content" and not self.parts:
                self.depth = 1
                self.parts.append("")
            return
        if tag not in _INLINE:
            self.parts.append("\n")
        if tag in _VOID:
            return
        self.depth += 1
        classes = set((values.get("class") or "").split())
        if not self.skip and (tag in NOT_CONTENT_TAGS or classes & NOT_CONTENT_CLASSES):
            self.skip = self.depth

    def handle_endtag(self, tag):
        if not self.depth or tag in _VOID:
            return
        if tag not in _INLINE:
            self.parts.append("\n")
        if self.skip == self.depth:
            self.skip = 0
        self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def main_text(html: str) -> str:
    """The text of a built page's content (Material's `data-md-component=
    "content"` element), one line per block, without what is not content."""
    parser = _MainText()
    parser.feed(html)
    return "".join(parser.parts)


def searchable_pages(site: Path) -> dict[str, str]:
    """{site path ("/faq/"): main text} of the pages the site search covers:
    every page with content except those the site keeps out of the search
    (station and area pages, the printable hotline list, the editors'
    guide, past activities) and the 404 and offline pages."""
    out = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        url = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        if url in ("/404.html", "/offline.html", "/hotlines/print/", "/editors/", "/events/archive/"):
            continue
        if url.startswith("/stations/") and url != "/stations/":
            continue
        # Paginated lists (issue 17): only a section's first page is searched;
        # its further pages and the lists by topic, audience and age are not.
        if re.search(r"/page/\d+/$", url) or url.startswith(("/articles/tags/", "/articles/for/", "/guides/ages/", "/guides/topics/")):
            continue
        text = main_text(path.read_text(encoding="utf-8"))
        if text:
            out[url] = text
    return out


def containing(pages: dict[str, str], query: str) -> set[str]:
    """The pages whose content contains `query` as written (within a line)."""
    return {url for url, text in pages.items() if query in text}
