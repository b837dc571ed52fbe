"""The site search's figures: bytes a resident downloads, and recall.

For the sample site and (with --large) the synthetic large site of
`large_site.py` (2,000 articles, 20,000 stations), it builds the site, serves
it on 127.0.0.1 as a real host would (tests/local_host.py: HTTP/1.1,
validators, gzip for text types, the headers of deploy/nginx.conf) and, in
Debian's Chromium:

- bytes transferred (as sent, gzip) when the resident opens the search
  (the worker, Pagefind's script and WebAssembly, its settings, the page
  list), by a first query and by a second one, typed into Material's search
  box as an input method commits a word (the whole word at once);
- time to first results on Lighthouse's mobile throttling (slow 4G, CPU
  four times slower): from the tap on search to the box being ready, and
  from the first query to its first results (target: <= 1 s);
- recall on a fixed list of 30 Chinese queries: for each, the pages whose
  content contains the query as written (computed from the built HTML, as
  tests/test_search_browser.py does) and how many of them the search
  returns; the same for Pagefind as shipped (its own Chinese word
  segmentation, `--force-language zh-cn`, over the same content), for
  comparison.

    .venv/bin/python benchmarks/search.py [--large] [--skip-sample] [--baseline REF]

`--baseline REF` also builds the project at a git revision and measures it
the same way, after this one (9d977f6~1 is the last with Material's own
lunr search): bytes and time to first results, not recall.

Not a test; figures for issue 17. It drives Chromium with Selenium, a test
requirement: set up once with `.venv/bin/python -m pip install -r
requirements-test.txt` (or any `./run test`). About a minute for the sample
site; a large build takes two to three minutes more.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(BENCH))
import lighthouse  # noqa: E402
from mhsite.search import index as site_search  # noqa: E402
from chromium import make_driver  # noqa: E402
from large_site import enlarge, make_large_project  # noqa: E402
from projects import revision_project  # noqa: E402
from local_host import Host, Link, Sent  # noqa: E402
from site_build import copy_project  # noqa: E402
from search_ui import containing, open_search, searchable_pages, settled  # noqa: E402

QUERIES = [
    "低落", "电话", "焦虑", "抑郁", "睡眠", "失眠", "睡不着", "情绪", "心理", "健康",
    "关系", "孩子", "考试", "压力", "热线", "咨询", "老人", "家长", "求助", "精神科",
    "打电话", "心理咨询", "亲子", "自杀", "哀伤", "产后", "孤独", "上学", "手机", "呼吸",
]
FIRST, SECOND = "睡不着怎么办", "焦虑"


def kb(entries: list[Sent]) -> str:
    return f"{sum(e.bytes for e in entries) / 1024:.1f} KB in {len(entries)} requests"


_WORKER = """
const [root, queries, done] = arguments;
const worker = new (Worker.prototype.constructor)(root + "assets/javascripts/search-worker.js");
const answers = {};
let waiting = null;
worker.onmessage = (event) => { if (waiting) waiting(event.data); };
const next = () => new Promise((resolve) => { waiting = resolve; });
(async () => {
  const ready = next();
  worker.postMessage({type: 0, data: {config: {}, docs: [], options: {suggest: false}}});
  await ready;
  for (const query of queries) {
    const answer = next();
    worker.postMessage({type: 2, data: query});
    answers[query] = (await answer).data.items.map((item) => decodeURI(new URL(item[0].location, root).pathname));
  }
  worker.terminate();
  done(answers);
})().catch((error) => done(String(error)));
"""

_STOCK = """
const [root, queries, done] = arguments;
(async () => {
  const pagefind = await import(root + "pagefind-stock/pagefind.js");
  await pagefind.options({basePath: new URL("pagefind-stock/", root).pathname});
  const answers = {};
  for (const query of queries) {
    const found = await pagefind.search(query);
    const pages = await Promise.all(found.results.map((r) => r.data()));
    answers[query] = pages.map((p) => decodeURI(new URL(p.url, root).pathname));
  }
  done(answers);
})().catch((error) => done(String(error)));
"""


def stock_index(site: Path) -> bool:
    """Pagefind as shipped over the same content: the text as written,
    Pagefind's Chinese segmentation at index time (zh-cn, the extended
    binary) and the browser's (Intl.Segmenter) at query time, into
    site/pagefind-stock/. False when pagefind_bin_extended is not installed
    (`pip install "pagefind[extended]==1.5.2"`; the site does not need it)."""
    try:
        import pagefind_bin_extended  # noqa: F401
    except ImportError:
        return False
    documents = Path(tempfile.mkdtemp(prefix="pf-stock-"))
    try:
        for url in searchable_pages(site):
            page = site / url.lstrip("/") / "index.html" if url.endswith("/") else site / url.lstrip("/")
            document = site_search.index_document(page.read_text(encoding="utf-8"), str.split, "zh-cn")
            target = documents / page.relative_to(site)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(document or "", encoding="utf-8")
        (site / "pagefind-stock").mkdir(exist_ok=True)
        site_search.run_pagefind(documents, site / "pagefind-stock", language="zh-cn", binary="pagefind_bin_extended")
    finally:
        shutil.rmtree(documents, ignore_errors=True)
    return True


def recall(answers: dict[str, list[str]], pages: dict[str, str]) -> tuple[int, int, list[str]]:
    found = expected = 0
    rows = []
    for query in QUERIES:
        want = containing(pages, query)
        got = want & set(answers.get(query, []))
        found += len(got)
        expected += len(want)
        rows.append(f"{query}: {len(got)}/{len(want)}")
    return found, expected, rows


def measure(label: str, site: Path) -> None:
    server = Host(site).__enter__()
    url = server.url
    take = server.take
    driver = make_driver()
    driver.set_script_timeout(600)
    try:
        index = site / "pagefind"
        print(f"\n== {label}")
        if index.is_dir():
            size = sum(p.stat().st_size for p in index.rglob("*") if p.is_file())
            print(f"index: {sum(1 for _ in (index / 'fragment').iterdir())} pages, pagefind/ {size / 1024:.0f} KB on disk "
                  f"({sum(1 for _ in (index / 'index').iterdir())} index pieces); search/pages.json "
                  f"{(site / 'search/pages.json').stat().st_size / 1024:.0f} KB")
        else:  # a baseline with Material's own search (lunr): one index file
            lunr = site / "search/search_index.json"
            print(f"index: search/search_index.json {lunr.stat().st_size / 1024:.0f} KB on disk (one file)")
        driver.get(url)
        time.sleep(1.5)
        # Material's own search (a baseline) may fetch its index with the
        # page: what the page load brought is counted too.
        print(f"loading the home page: {kb(take())}")
        open_search(driver)
        lighthouse_wait = time.time()
        while "初始化" in driver.find_element("css selector", ".md-search-result__meta").text:
            if time.time() - lighthouse_wait > 60:
                raise SystemExit("the search did not start")
            time.sleep(0.1)
        time.sleep(0.3)
        print(f"opening the search: {kb(take())}")
        for name, query in (("first query", FIRST), ("second query", SECOND)):
            driver.execute_script(
                "const box = document.querySelector('input.md-search__input');"
                "box.value = arguments[0]; box.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true}));", query)
            settled(driver)
            time.sleep(0.3)
            print(f"{name} 「{query}」: {kb(take())}")

        with Host(site, link=Link(*MOBILE_LINK)) as slow:
            timed(slow.url, slow)
        if not index.is_dir():
            return  # recall is measured through our search worker

        pages = searchable_pages(site)
        start = time.perf_counter()
        ours = driver.execute_async_script(_WORKER, url, QUERIES)
        if not isinstance(ours, dict):
            raise SystemExit(f"search failed: {ours}")
        found, expected, rows = recall(ours, pages)
        print(f"recall, this site's search: {found}/{expected} = {found / expected:.1%} "
              f"(30 queries in {time.perf_counter() - start:.1f} s)")
        print("  " + ", ".join(rows))
        if not stock_index(site):
            print("recall, Pagefind as shipped: not measured (pip install \"pagefind[extended]==1.5.2\" for it)")
            return
        driver.get(url)
        stock = driver.execute_async_script(_STOCK, url, QUERIES)
        if not isinstance(stock, dict):
            raise SystemExit(f"stock Pagefind failed: {stock}")
        found, expected, rows = recall(stock, pages)
        print(f"recall, Pagefind as shipped (zh-cn): {found}/{expected} = {found / expected:.1%}")
        print("  " + ", ".join(r for r in rows if r.split(": ")[1].split("/")[0] != r.split("/")[1]) or "  (all found)")
    finally:
        driver.quit()
        server.__exit__(None, None, None)


# Lighthouse 12's mobile preset as DevTools applies it (its "devtools"
# throttling: constants.throttling.mobileSlow4G, RTT x 3.75 and throughput
# x 0.9 for request-level throttling): 562.5 ms a request and 1,474.56
# kbit/s down, emulated by the host itself (local_host.Link: DevTools'
# throttling leaves out the search worker's fetches), and the CPU four
# times slower (DevTools).
MOBILE_LINK = (0.5625, 1474.56 * 1000 / 8)
CPU_SLOWDOWN = 4
_TIMED = """
const [query, typing, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
const meta = () => document.querySelector('.md-search-result__meta');
const answered = () => meta() && meta().textContent.includes('符合条件的结果');
const start = performance.now();
let opened = null, typed = null;
document.querySelector("label.md-header__button[for='__search']").click();
const box = document.querySelector('input.md-search__input');
box.focus();
(function wait() {
  if (performance.now() - start > 300000) return done({error: 'no results in five minutes'});
  if (opened === null && meta() && !meta().textContent.includes('初始化')) {
    opened = performance.now();
    setTimeout(() => {
      typed = performance.now();
      box.value = query;
      box.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true}));
    }, typing);
  }
  if (typed !== null && answered() && document.querySelector('.md-search-result__item')) {
    const first = performance.now() - typed;
    const excerpts = () => document.querySelector('.md-search-result__article p');
    (function complete() {
      if (excerpts()) return done({opened: opened - start, results: first, complete: performance.now() - typed});
      if (performance.now() - typed > 60000) return done({opened: opened - start, results: first, complete: null});
      requestAnimationFrame(complete);
    })();
    return;
  }
  requestAnimationFrame(wait);
})();
"""


def timed(url: str, host: Host) -> None:
    """Time to first results on Lighthouse's mobile throttling, each time in
    a fresh browser (nothing cached): the home page loads and the resident
    reads a while (10 s: the page and Material's bundle, started after the
    first paint), taps search and commits the first query, either as soon
    as the box is ready or after 3 s of typing (an input method commits a
    Chinese phrase at once, after several seconds); then the first results
    (titles), and the list complete with its excerpts."""
    for typing in (0, 3000):
        driver = make_driver()
        driver.set_script_timeout(600)
        driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        try:
            driver.get(url)
            time.sleep(10)
            loaded = host.take()
            first = driver.execute_async_script(_TIMED, FIRST, typing)
            if "error" in first:  # a baseline's whole index on this link may take that long
                print(f"time to first results, Lighthouse mobile throttling, query "
                      f"{'as soon as the box is ready' if not typing else f'after {typing / 1000:.0f} s of typing'}: "
                      f"{first['error']} ({kb(host.take())} from the tap)")
                continue
            sent = host.take()
            complete = f"{first['complete'] / 1000:.2f} s" if first["complete"] is not None else "not within a minute"
            print(f"time to first results, Lighthouse mobile throttling (slow 4G, CPU x{CPU_SLOWDOWN}), query "
                  f"{'as soon as the box is ready' if not typing else f'after {typing / 1000:.0f} s of typing'}: "
                  f"the box ready {first['opened'] / 1000:.2f} s after the tap; 「{FIRST}」 first results "
                  f"{first['results'] / 1000:.2f} s, with excerpts {complete} ({kb(sent)} from the tap; "
                  f"{kb(loaded)} in the 10 s before it)")
        finally:
            driver.quit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help="also the synthetic large site (2,000 articles)")
    parser.add_argument("--skip-sample", action="store_true", help="not the sample site")
    parser.add_argument("--baseline", metavar="REF", help="also build and measure the project at this git revision "
                        "(before Pagefind: 9d977f6~1), bytes and time; recall only for this one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        tmp_path = Path(tmp)
        sites = [] if args.skip_sample else [("sample site", False)]
        if args.large:
            sites.append(("synthetic large site (2,000 articles, 20,000 stations)", True))
        for label, large in sites:
            work = tmp_path / ("large" if large else "sample")
            project = make_large_project(work / "project") if large else copy_project(work / "project")
            site = work / "site"
            print(f"building the {label}…", file=sys.stderr)
            seconds = lighthouse.build(project, site, "https://example.org/")
            print(f"built in {seconds:.1f} s", file=sys.stderr)
            measure(label, site)
            if args.baseline:
                project = revision_project(work / "baseline", args.baseline)
                if large:
                    try:
                        enlarge(project)
                    except (OSError, KeyError) as missing:
                        # Today's generator reads data files an older revision may not have.
                        print(f"\n== {label}, baseline {args.baseline}: not measured: benchmarks/large_site.py cannot "
                              f"enlarge that revision ({missing})")
                        continue
                site = work / "site-baseline"
                print(f"building the {label} at {args.baseline}…", file=sys.stderr)
                seconds = lighthouse.build_baseline(project, site, "https://example.org/")
                print(f"built in {seconds:.1f} s", file=sys.stderr)
                measure(f"{label}, baseline {args.baseline}", site)


if __name__ == "__main__":
    main()
