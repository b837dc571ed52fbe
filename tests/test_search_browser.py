"""The site search in Chromium: Pagefind behind Material's search box
(assets/javascripts/search-worker.js, hooks/search_hook.py), started only
when the resident reaches for it (assets/javascripts/site.js, part 1).

The right answer for a query is computed from the built pages themselves:
every page in the site search whose content contains the query as written
must be among the results, also where the query sits inside a longer word
(电话 in 打电话), whatever a word list or the browser's word breaking would
make of it."""

from __future__ import annotations

import functools
import json
import http.server
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from conftest import ServedSite, _QuietHandler, make_driver
from nginx_server import declared_headers
from search_ui import (
    _wait,
    containing,
    open_search,
    page_paths,
    search,
    searchable_pages,
    settled,
)

# Words residents search for (the topics of the site, the hotline number)
# and words that sit inside longer ones on the pages (低落 in 情绪低落, 电话
# in 打电话, 健康 in 心理健康, 关系 in 亲子关系).
QUERIES = [
    "低落", "电话", "打电话", "焦虑", "抑郁", "睡眠", "失眠", "睡不着", "情绪", "心理", "健康",
    "关系", "孩子", "考试", "压力", "热线", "咨询", "老人", "家长", "12356", "求助", "精神科",
    # Longer runs, asked for as fewer pairs than they hold (search-worker.js, plan):
    "情绪低落", "心理咨询", "不愿意上学", "睡不着怎么办", "心理健康服务", "孩子不愿意上学",
]
# The FAQ's questions as a resident would type them (docs/_data/faq.yml):
# the answer must come first, before pages that merely use the same words.
FAQ_QUERIES = [
    ("睡不着怎么办", "cant-sleep"),
    ("心理咨询收费吗", "counselling-fee"),
    ("孩子不愿意上学怎么办", "child-refuses-school"),
]
SEARCH_FILES = ("/search/", "/pagefind/", "/assets/javascripts/search-worker.js")

_WORKER_SEARCH = """
const [root, queries, done] = arguments;
// The page's own Worker waits for the resident to open search (site.js, part 1).
const Native = Worker.prototype.constructor;
const worker = new Native(root + "assets/javascripts/search-worker.js");
const answers = {};
let waiting = null;
worker.onmessage = (event) => { if (waiting) waiting(event.data); };
const next = () => new Promise((resolve) => { waiting = resolve; });
(async () => {
  const ready = next();
  worker.postMessage({type: 0, data: {config: {}, docs: [], options: {suggest: false}}});
  if ((await ready).type !== 1) throw new Error("no READY");
  for (const query of queries) {
    const answer = next();
    worker.postMessage({type: 2, data: query});
    answers[query] = (await answer).data.items.map((item) => item[0].location);
  }
  worker.terminate();
  done(answers);
})().catch((error) => done(String(error)));
"""


def worker_search(driver, site: ServedSite, queries: list[str]) -> dict[str, list[str]]:
    """Each query's result pages, in order, asked of the search worker
    directly (the same messages Material's search box sends it)."""
    driver.get(site.url)
    driver.set_script_timeout(120)
    answers = driver.execute_async_script(_WORKER_SEARCH, site.url, queries)
    assert isinstance(answers, dict), answers
    return {q: [unquote(urlparse(u).path) for u in urls] for q, urls in answers.items()}


@pytest.fixture(scope="module")
def pages(served_site: ServedSite) -> dict[str, str]:
    return searchable_pages(served_site.root)


class Server:
    """The built site on 127.0.0.1 with extra response headers, recording
    every path asked for (the search worker's requests too, which the
    page's own network log does not show)."""

    def __init__(self, root: Path, headers: dict[str, str] | None = None, slow: str | None = None) -> None:
        """`slow`: paths containing it are answered after two seconds (a slow
        network, for that file alone)."""
        self.paths: list[str] = []
        paths, extra = self.paths, headers or {}

        class Handler(_QuietHandler):
            def do_GET(self) -> None:
                paths.append(unquote(urlparse(self.path).path))
                if slow and slow in self.path:
                    time.sleep(2)
                super().do_GET()

            def end_headers(self) -> None:
                for name, value in extra.items():
                    self.send_header(name, value)
                super().end_headers()

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.root = root

    def take(self) -> list[str]:
        """The paths asked for since the last call."""
        taken = self.paths[:]
        del self.paths[:len(taken)]
        return taken

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def recording(site_dir: Path) -> Iterator[Server]:
    server = Server(site_dir)
    try:
        yield server
    finally:
        server.close()


def test_every_query_finds_every_page_that_contains_it(browser, served_site: ServedSite, pages) -> None:
    answers = worker_search(browser, served_site, QUERIES)
    for query in QUERIES:
        expected = containing(pages, query)
        assert expected, f"the test's premise: some page contains {query!r}"
        found = set(answers[query])
        assert expected <= found, f"{query!r} missed {sorted(expected - found)}"
        # Pages that hold the query as written come before those that only hold its parts.
        ranks = [answers[query].index(url) for url in expected]
        assert max(ranks) < len(expected), f"{query!r}: a page containing it ranks below one that does not"


def test_nonsense_finds_nothing(browser, served_site: ServedSite) -> None:
    # The test above must be able to fail.
    assert worker_search(browser, served_site, ["龘靐齉", "xqzvw"]) == {"龘靐齉": [], "xqzvw": []}


def test_a_word_inside_a_longer_word_through_the_search_box(browser, served_site: ServedSite, pages) -> None:
    # 情绪低落 on most of these pages: jieba, and Material's lunr index with
    # it, kept it whole, so 低落 missed 11 of them (issue 13).
    expected = containing(pages, "低落")
    assert len(expected) >= 20
    found = set(page_paths(search(browser, served_site.url, "低落")))
    assert expected <= found, sorted(expected - found)
    # Pages that say 打电话 and never 电话 on its own.
    only_compound = {u for u in containing(pages, "电话") if not re.search(r"(?<!打)电话", pages[u])}
    assert only_compound, "the test's premise: some page says only 打电话"
    found = set(page_paths(search(browser, served_site.url, "电话")))
    assert only_compound <= found, sorted(only_compound - found)


@pytest.mark.parametrize(("query", "anchor"), FAQ_QUERIES)
def test_the_faq_answer_comes_first(browser, served_site: ServedSite, query: str, anchor: str) -> None:
    links = search(browser, served_site.url, query, every=False)
    first = urlparse(links[0])
    assert first.path == "/faq/", links[:5]
    # The question itself is shown under the FAQ, with its answer, ready to open.
    item = browser.execute_script(
        "return Array.from(document.querySelectorAll('.md-search-result__item')[0].querySelectorAll(':scope > a'))"
        ".map(a => [a.href, a.innerText])"
    )
    answers = [text for href, text in item if urlparse(href).fragment == anchor]
    assert answers, item
    assert query[:3] in answers[0]


def test_a_page_loads_nothing_of_the_search_until_it_is_opened(browser, recording: Server) -> None:
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})  # every load reaches the server
    for page in ("", "articles/sleep-basics/", "stations/"):
        browser.get(recording.url + page)
        _wait(browser, lambda d: d.execute_script("return document.readyState") == "complete")
        time.sleep(1.5)  # Material starts its search a moment after load
        paths = recording.take()
        assert any(p.startswith("/assets/javascripts/bundle.") for p in paths), f"/{page}: {paths}"
        early = [p for p in paths if p.startswith(SEARCH_FILES)]
        assert early == [], f"/{page} loaded the search before it was opened: {early}"
    # Opening it starts the search: the worker, Pagefind and its settings,
    # but no piece of the index and no page's text before a word is typed.
    open_search(browser)
    seen: list[str] = []
    _wait(browser, lambda d: seen.extend(recording.take()) or [p for p in seen if p.startswith("/pagefind/wasm.")])
    assert "/assets/javascripts/search-worker.js" in seen and "/search/pages.json" in seen, seen
    time.sleep(0.5)
    seen.extend(recording.take())
    assert not [p for p in seen if p.startswith(("/pagefind/index/", "/pagefind/fragment/"))], seen


def test_a_search_fetches_only_the_index_pieces_it_needs(browser, recording: Server) -> None:
    browser.get(recording.url)
    box = open_search(browser)
    _wait(browser, lambda d: "初始化" not in d.find_element("css selector", ".md-search-result__meta").text)
    recording.take()
    box.send_keys("低落")
    settled(browser)
    paths = recording.take()
    chunks = {p for p in paths if p.startswith("/pagefind/index/")}
    total = len(list((recording.root / "pagefind/index").iterdir()))
    assert 1 <= len(chunks) < total, (sorted(chunks), total)
    # The text of at most the first ten results (the rest are named from search/pages.json).
    assert 1 <= len({p for p in paths if p.startswith("/pagefind/fragment/")}) <= 10


def test_arriving_with_q_shows_the_results(browser, served_site: ServedSite) -> None:
    # A link such as /?q=失眠 (a poster, another site) opens the search with results.
    browser.get(served_site.url + "?q=%E5%A4%B1%E7%9C%A0")
    links = settled(browser)
    assert "/articles/sleep-basics/" in page_paths(links), links
    assert browser.execute_script("return document.getElementById('__search').checked")


def test_a_result_opens_with_its_words_highlighted(browser, served_site: ServedSite) -> None:
    links = search(browser, served_site.url, "失眠", every=False)
    target = next(link for link in links if "/articles/sleep-basics/" in link)
    assert "h=%E5%A4%B1%E7%9C%A0" in target
    browser.get(target)
    marks = _wait(browser, lambda d: d.find_elements("css selector", "article mark[data-md-highlight]"))
    assert {m.text for m in marks} == {"失眠"}


def test_station_pages_are_never_results(browser, served_site: ServedSite) -> None:
    # Words found on station and area pages (names, villages, services) lead
    # to the locator, never to a station's own page.
    stations = [p for p in (served_site.root / "stations").iterdir() if p.is_dir() and p.name != "area"]
    assert stations
    answers = worker_search(browser, served_site, ["李家村", "心理咨询室", "沙盘", "开放时间", "地址"])
    for query, urls in answers.items():
        assert not [u for u in urls if u.startswith("/stations/") and u != "/stations/"], (query, urls)


def test_the_keyboard_path(browser_available, served_site: ServedSite) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = make_driver(1280, 800)  # a computer: "/" goes to the search box in the header
    try:
        driver.get(served_site.url)
        driver.find_element(By.TAG_NAME, "body").send_keys("/")
        _wait(driver, lambda d: d.execute_script("return document.activeElement.matches('input.md-search__input')"))
        driver.switch_to.active_element.send_keys("失眠")
        settled(driver)
        driver.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
        focused = driver.execute_script("return document.activeElement.href || ''")
        assert "/articles/" in focused or "/lessons/" in focused or "/faq/" in focused, focused
        driver.switch_to.active_element.send_keys(Keys.ENTER)
        _wait(driver, lambda d: urlparse(d.current_url).path == urlparse(focused).path)
    finally:
        driver.quit()


def test_a_shortcut_pressed_before_materials_bundle_has_run_is_not_lost(browser_available, site_dir: Path) -> None:
    # Material's bundle, which handles "/", starts only once the page has
    # been drawn (site.js, part 9); on a slow network a resident may press
    # "/" before it has run. site.js hands the key on to it.
    from selenium.webdriver.common.by import By

    server = Server(site_dir, slow="/assets/javascripts/bundle.")
    driver = make_driver(1280, 800)
    try:
        driver.execute_script("location.href = arguments[0]", server.url)
        # site.js has run (part 0's "js" class), the bundle not yet.
        _wait(driver, lambda d: d.execute_script(
            "return location.href === arguments[0] && document.documentElement.classList.contains('js')", server.url))
        driver.find_element(By.TAG_NAME, "body").send_keys("/")
        assert driver.execute_script("return typeof window.component$") == "undefined"
        _wait(driver, lambda d: d.execute_script("return document.activeElement.matches('input.md-search__input')"))
    finally:
        driver.quit()
        server.close()


# -- Under the recommended Content-Security-Policy ----------------------------------


def test_the_search_works_under_the_recommended_csp(browser, site_dir: Path) -> None:
    # Pagefind compiles WebAssembly: the policy must allow it ('wasm-unsafe-eval').
    # The headers of deploy/nginx.conf (tests/test_csp.py runs the search
    # behind nginx itself).
    headers = declared_headers()
    assert "Content-Security-Policy" in headers
    server = Server(site_dir, headers)
    try:
        links = search(browser, server.url, "失眠", every=False)
    finally:
        server.close()
    assert "/articles/sleep-basics/" in page_paths(links), links
    errors = [e["message"] for e in browser.get_log("browser") if "Content Security Policy" in e["message"]]
    assert errors == []


_FIRST_AND_COMPLETE = """
const done = arguments[arguments.length - 1];
const items = () => Array.from(document.querySelectorAll('.md-search-result__item'));
const state = () => items().map(li => [li.querySelector('a').getAttribute('href'), !!li.querySelector('article p')]);
const start = performance.now();
let first = null;
(function poll() {
  const now = state();
  if (first === null && now.length) first = now;
  if (first !== null && now.length && now[0][1]) return done({first: first, complete: now});
  if (performance.now() - start > 60000) return done({first: first, complete: now});
  requestAnimationFrame(poll);
})();
"""


def test_on_a_slow_connection_the_titles_come_before_the_excerpts(browser, site_dir: Path) -> None:
    """When a result's excerpt (its Pagefind fragment, a request of its own)
    is slow to come, the list is shown with the titles first, and the same
    pages then get their excerpts (search-worker.js, EXCERPTS_WAIT)."""
    from local_host import Host, Link

    with Host(site_dir, link=Link(0.4, 10_000_000)) as host:
        browser.set_script_timeout(90)
        browser.get(host.url)
        open_search(browser)
        _wait(browser, lambda d: "初始化" not in d.find_element("css selector", ".md-search-result__meta").text, timeout=30)
        browser.execute_script(
            "const box = document.querySelector('input.md-search__input');"
            "box.value = arguments[0]; box.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true}));", "睡不着怎么办")
        seen = browser.execute_async_script(_FIRST_AND_COMPLETE)
    first, complete = seen["first"], seen["complete"]
    assert first and not any(excerpt for _, excerpt in first), "the first list shown should have titles only"
    assert complete[0][1], "the excerpts never came"
    assert {href for href, _ in first} == {href for href, _ in complete}
    # The FAQ, whose title holds no query word, keeps the order titles give
    # until its answer (a heading) is known; then it leads.
    assert "faq/" in complete[0][0]


@pytest.mark.parametrize("validators", [True, False], ids=["with-validators", "without-validators"])
def test_pagefinds_files_are_fetched_ahead_and_once(browser, site_dir: Path, validators: bool) -> None:
    """The worker asks for Pagefind's WebAssembly as it starts and for the
    entry file and metadata as soon as search/pages.json names them, not in
    Pagefind's chain (script, then entry, then the others), and hands them
    to Pagefind: one request each, whatever the server's cache headers
    (search-worker.js, fetchAhead)."""
    from local_host import Host, Link

    with Host(site_dir, validators=validators, link=Link(0.2, 10_000_000)) as host:
        browser.get(host.url)
        _wait(browser, lambda d: d.execute_script("return document.readyState") == "complete")
        time.sleep(1.5)
        host.take()
        open_search(browser)
        _wait(browser, lambda d: "初始化" not in d.find_element("css selector", ".md-search-result__meta").text, timeout=30)
        browser.find_element("css selector", "input.md-search__input").send_keys("焦虑")
        links = settled(browser)
        sent = host.take()
    assert links, "the search answered"
    ahead = json.loads((site_dir / "search/pages.json").read_text(encoding="utf-8"))["pagefind"]
    wanted = {
        "/pagefind/wasm.unknown.pagefind": "/pagefind/wasm.unknown.pagefind",
        "/pagefind/pagefind-entry.json": f"/pagefind/pagefind-entry.json?ts={ahead['tag']}",  # Pagefind's metaCacheTag
        "/pagefind/" + ahead["meta"]: "/pagefind/" + ahead["meta"],
    }
    for path, address in wanted.items():
        asked = [s for s in sent if s.path.split("?")[0] == path]
        assert [s.path for s in asked] == [address], [(s.path, s.status, s.bytes) for s in asked]
    # The WebAssembly is in before Pagefind's script has read the entry file,
    # and the metadata is asked for with the entry file, not a round trip
    # (0.2 s here) after it.
    paths = [s.path.split("?")[0] for s in sent]
    assert paths.index("/pagefind/wasm.unknown.pagefind") < paths.index("/pagefind/pagefind-entry.json"), paths
    asked = {s.path.split("?")[0]: s.asked for s in sent}
    assert asked["/pagefind/" + ahead["meta"]] - asked["/pagefind/pagefind-entry.json"] < 0.15, asked
