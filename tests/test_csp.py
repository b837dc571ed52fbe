"""A Content-Security-Policy without 'unsafe-inline' for scripts, honoured
by the site (hooks/csp.py, hooks/csp_hook.py, deploy/nginx.conf).

The build: the policy's values; every page carries only the three inline
scripts whose hashes the policy lists, and nothing a hash cannot allow
(`onclick=`, `javascript:`) or that makes Material's bundle load from
another host (`<pre class="mermaid">`: Mermaid from unpkg.com); an editor's
script stops the build naming file and line; a changed template script
stops it until `./run csp` writes the new hash.

In Chromium behind Debian's nginx with deploy/nginx.conf (tests/nginx_server.py):
every page type loads with zero violations (a `securitypolicyviolation`
listener installed before any page script, and the browser's log, which
also has the search worker's), and every feature works: 长辈模式 before
the first paint, the deferred search (Pagefind's WebAssembly), a
self-check, the locator (with the position: Permissions-Policy), offline
copies. A browser without ResizeObserver fetches nothing from unpkg.com.
And the checks can fail: under the issue's `script-src 'self'` without the
hashes, the violations and the missing 长辈模式 button come back.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chromium import wait_for_late_scripts
from conftest import ROOT, ServedSite, build_env, html_pages, make_driver, mkdocs_build
from mhsite.csp.policy import nginx_policy, policy_hashes, scan, script_hash
from nginx_server import DEPLOY_CONF, Nginx
from search_ui import _wait, open_search, page_paths, requested, settled

# Every violation the browser reports, service workers: a Chromium no other test has used (tests/conftest.py).
pytestmark = pytest.mark.own_browser

# -- The policy and the pages, as built ------------------------------------------------


def shipped_policy() -> dict[str, list[str]]:
    policy = nginx_policy(DEPLOY_CONF.read_text(encoding="utf-8"))
    out: dict[str, list[str]] = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        out[name] = sources
    return out


def test_the_policy_allows_nothing_from_another_host_and_no_inline_script_but_by_hash() -> None:
    policy = shipped_policy()
    hashes = [s for s in policy["script-src"] if s.startswith("'sha256-")]
    # CSP Level 3 keywords: no 'unsafe-inline', no 'unsafe-eval', no host.
    assert policy["script-src"] == ["'self'", *sorted(hashes), "'wasm-unsafe-eval'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]  # the search index, the locator's data: the site's own
    assert policy["worker-src"] == ["'self'"]  # the search worker and sw.js
    assert policy["img-src"] == ["'self'", "data:"]  # Material's icons are data: URLs in its CSS
    assert policy["font-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]  # style attributes; scripts are what the issue is about


def test_every_page_has_only_the_three_hashed_inline_scripts(site_dir: Path) -> None:
    allowed = policy_hashes(nginx_policy(DEPLOY_CONF.read_text(encoding="utf-8")))
    seen: dict[str, str] = {}
    pages = html_pages(site_dir)
    assert len(pages) > 100
    for page in pages:
        found = scan(page.read_text(encoding="utf-8"))
        assert found.problems == [], page
        for script in found.scripts:
            assert script.hash in allowed, f"{page.relative_to(site_dir)}: {script.excerpt}"
            seen[script.hash] = script.text
    # The same three on every page (404 and offline pages included), and no
    # hash in the policy that no page needs.
    assert set(seen) == allowed and len(allowed) == 3
    texts = sorted(seen.values())
    assert [any(mark in text for text in texts) for mark in ("__md_scope", "mh-elderly", "__tabbed_")] == [True] * 3
    # Material's settings script reads the site's address from its element,
    # so its text (and hash) is the same at every depth.
    assert 'data-md-scope=".."' in (site_dir / "hotlines/index.html").read_text(encoding="utf-8")
    assert 'data-md-scope="../.."' in (site_dir / "hotlines/print/index.html").read_text(encoding="utf-8")


def _build_output(project: Path, site: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--config-file", "mkdocs.yml",
         "--site-dir", str(site)],
        cwd=project, env={**build_env(), **env}, capture_output=True, text=True, timeout=900,
    )


def test_an_editors_script_stops_the_build_with_file_and_line(project_copy: Path, tmp_path: Path) -> None:
    article = project_copy / "docs/articles/sleep-basics.md"
    text = article.read_text(encoding="utf-8")
    lines = text.count("\n")
    article.write_text(
        text + "\n<script>alert('x')</script>\n\n<p onclick=\"go()\">点我</p>\n\n"
        "[链接](javascript:alert(1))\n\n<pre class=\"mermaid\">graph TD; A-->B</pre>\n\n<script>b()</script>\n",
        encoding="utf-8",
    )
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    out = result.output
    assert f"docs/articles/sleep-basics.md:{lines + 2}: 页面里有一段脚本（<script>alert('x')</script>）" in out, out
    assert f"docs/articles/sleep-basics.md:{lines + 4}: 页面里有<p> 的 onclick 属性是一段脚本" in out, out
    assert f"docs/articles/sleep-basics.md:{lines + 6}: 页面里有<a> 的 href 是 javascript: 地址" in out, out
    assert f"docs/articles/sleep-basics.md:{lines + 8}: 页面里有<pre class=\"mermaid\">：Material 的脚本会为它从 unpkg.com 下载" in out, out
    assert f"docs/articles/sleep-basics.md:{lines + 10}: 页面里有一段脚本（<script>b()</script>）" in out, out
    assert "Traceback" not in out


def test_a_changed_template_script_stops_the_build_until_run_csp(project_copy: Path, tmp_path: Path) -> None:
    head = project_copy / "overrides/partials/elderly-head.html"
    text = head.read_text(encoding="utf-8")
    old = re.search(r"<script>(.*?)</script>", text).group(1)
    new = old.replace('==="1"', '=="1"')
    assert new != old
    head.write_text(text.replace(old, new), encoding="utf-8")
    conf = project_copy / "deploy/nginx.conf"

    refused = mkdocs_build(project_copy, tmp_path / "refused")
    assert refused.returncode != 0
    assert f"deploy/nginx.conf: Content-Security-Policy 的 script-src 里没有这段内联脚本的哈希 {script_hash(new)}" in refused.output
    assert "./run csp" in refused.output

    # What ./run csp does: the hook writes the hashes the pages now have.
    updated = _build_output(project_copy, tmp_path / "updated", MH_CSP_UPDATE="1")
    assert updated.returncode == 0, updated.stdout + updated.stderr
    hashes = policy_hashes(nginx_policy(conf.read_text(encoding="utf-8")))
    assert script_hash(new) in hashes and script_hash(old) not in hashes and len(hashes) == 3
    # Only the hashes changed in the file.
    before = DEPLOY_CONF.read_text(encoding="utf-8")
    assert re.sub(r"'sha256-[^']+'", "H", conf.read_text(encoding="utf-8")) == re.sub(r"'sha256-[^']+'", "H", before)
    assert mkdocs_build(project_copy, tmp_path / "again").returncode == 0


def test_repo_url_that_would_fetch_from_another_host_is_refused(project_copy: Path, tmp_path: Path) -> None:
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nrepo_url: https://github.com/example/xinli\n", encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "mkdocs.yml: repo_url (https://github.com/example/xinli): 设置后，Material 的脚本会在每个页面上从 github.com" in result.output


# -- In Chromium, behind nginx --------------------------------------------------------

# Installed before any script of each page (Chrome DevTools Protocol): the
# policy's violations as the page sees them, the <html> classes when the
# first frame is drawn, and whether 长辈模式 came while still in <head>.
WATCH = """
window.__mhViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__mhViolations.push([e.effectiveDirective, e.blockedURI, e.sourceFile + ':' + e.lineNumber, e.sample].join(' | '));
});
requestAnimationFrame(() => { window.__mhFirstFrame = document.documentElement.className; });
// Where the parser was when 长辈模式 was set: still in <head> means before
// anything of the page could be drawn.
new MutationObserver(() => {
  const html = document.documentElement;
  if (window.__mhElderlyAt === undefined && html && html.classList.contains('mh-elderly')) {
    window.__mhElderlyAt = document.body ? 'body' : 'head';
  }
}).observe(document, {attributes: true, attributeFilter: ['class'], subtree: true});  // no <html> yet
"""

SETTLE = """
const done = arguments[arguments.length - 1];
requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 300)));
"""


def watch(driver) -> None:
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH})


def violations(driver) -> list[str]:
    """Violations since the last call: the page's, and the browser's log
    (which also has those of the page's workers)."""
    driver.execute_async_script(SETTLE)
    seen = driver.execute_script("const v = window.__mhViolations || []; window.__mhViolations = []; return v;")
    logged = [entry["message"] for entry in driver.get_log("browser")
              if "Content Security Policy" in entry["message"] or "Content-Security-Policy" in entry["message"]]
    return seen + logged


@pytest.fixture
def strict(browser, nginx_site: Nginx):
    watch(browser)
    browser.get_log("browser")
    return browser


def page_types(site: Path) -> dict[str, str]:
    """One page (its path) of every type, as the accessibility tests list them."""
    from test_accessibility import FOUND_PAGE_TYPES, PAGE_TYPES

    pages = dict(PAGE_TYPES)
    for name, (pattern, others) in FOUND_PAGE_TYPES.items():
        matches = [p.relative_to(site).as_posix() for p in sorted(site.glob(pattern))]
        matches = [m for m in matches if m not in others]
        if matches:
            pages[name] = matches[0].removesuffix("index.html")
    pages["404"] = "no-such-page/"  # as a resident meets it: at a wrong address
    return pages


def test_every_page_type_loads_without_a_violation(nginx_site: Nginx, site_dir: Path, browser_available) -> None:
    driver = make_driver()
    try:
        watch(driver)
        failures = []
        pages = page_types(site_dir)
        assert len(pages) >= 25
        for name, path in pages.items():
            driver.get(nginx_site.url + path)
            # Material's bundle starts once the page has been drawn (site.js, part 9).
            end = time.monotonic() + 5
            while True:
                state = driver.execute_script(
                    "return {js: document.documentElement.classList.contains('mh-js'),"
                    " scope: window.__md_scope ? __md_scope.href : null,"
                    " bundle: typeof window.component$ !== 'undefined',"
                    " toggle: !!document.querySelector('[data-mh-elderly-toggle]') &&"
                    "   document.querySelector('[data-mh-elderly-toggle]').offsetParent !== null};"
                )
                if state["bundle"] or time.monotonic() > end:
                    break
                time.sleep(0.1)
            found = violations(driver)
            problems = found[:]
            if state != {"js": True, "scope": nginx_site.url, "bundle": True, "toggle": True}:
                problems.append(f"state {state}")
            if problems:
                failures.append(f"{name} ({path}): {problems}")
        assert failures == []
    finally:
        driver.quit()


def test_elderly_mode_is_applied_before_the_first_paint(strict, nginx_site: Nginx) -> None:
    from selenium.webdriver.common.by import By

    strict.get(nginx_site.url)
    strict.execute_script("localStorage.setItem('mh-elderly', '1')")
    strict.get(nginx_site.url + "articles/sleep-basics/")
    first = _wait(strict, lambda d: d.execute_script("return window.__mhFirstFrame"))
    assert "mh-elderly" in first.split(), first
    assert strict.execute_script("return window.__mhElderlyAt") == "head"
    toggle = strict.find_element(By.CSS_SELECTOR, "[data-mh-elderly-toggle]")
    assert toggle.is_displayed() and toggle.text.strip() == "标准模式"
    toggle.click()
    assert strict.execute_script("return localStorage.getItem('mh-elderly')") is None
    strict.get(nginx_site.url + "hotlines/")
    first = _wait(strict, lambda d: d.execute_script("return window.__mhFirstFrame !== undefined && [window.__mhFirstFrame]"))[0]
    assert "mh-elderly" not in first.split() and "mh-js" in first.split()
    assert violations(strict) == []


def test_the_404_pages_mail_names_the_address_tried_under_the_policy(strict, nginx_site: Nginx) -> None:
    # site.js (part 8) adds the address the resident tried (an old poster's
    # QR code?) to the subject of the 404 page's "信息有误？" mail: a file,
    # not an inline script, so the policy lets it run.
    from urllib.parse import parse_qs, urlsplit

    strict.get(nginx_site.url + "old-poster/qr-page/")
    href = strict.execute_script("return document.querySelector('a[data-report-here]').href")
    subject = parse_qs(urlsplit(href).query)["subject"][0]
    assert subject.startswith("信息有误：找不到的页面")
    assert subject.endswith("（" + nginx_site.url + "old-poster/qr-page/）"), subject
    assert violations(strict) == []


def test_the_search_waits_for_the_resident_and_then_works(strict, nginx_site: Nginx) -> None:
    strict.get(nginx_site.url)
    strict.execute_async_script(SETTLE)
    early = [u for u in requested(strict) if "/pagefind/" in u or "/search/" in u or "search-worker" in u]
    assert early == []
    open_search(strict).send_keys("失眠")
    links = settled(strict)
    assert "/articles/sleep-basics/" in page_paths(links)
    # Started on the resident's tap (what the worker then loads is the
    # worker's own traffic: Pagefind's script, WebAssembly and index pieces,
    # which found the article above).
    later = requested(strict)
    assert any(u.endswith("/assets/javascripts/search-worker.js") for u in later), later
    assert violations(strict) == []


def test_a_self_check_scores_under_the_policy(strict, nginx_site: Nginx) -> None:
    from test_self_check import answer_all, press_score, result

    strict.get(nginx_site.url + "self-check/phq9/")
    answer_all(strict, [1, 1, 1, 1, 1, 0, 0, 0, 0])
    press_score(strict)
    total, band = _wait(strict, lambda d: result(d) if result(d)[0] else False)
    assert total == "5" and "轻度" in band
    assert violations(strict) == []


def test_the_locator_finds_the_nearest_station_under_the_policy(strict, nginx_site: Nginx, site_dir: Path) -> None:
    # Permissions-Policy: geolocation=(self) must leave the locator its position.
    from selenium.webdriver.common.by import By

    from test_stations_browser import open_locator, results, sample

    site = ServedSite(nginx_site.url, site_dir)
    target = sample(site)["stations"][-1]
    strict.execute_cdp_cmd("Browser.grantPermissions", {"origin": nginx_site.url.rstrip("/"), "permissions": ["geolocation"]})
    strict.execute_cdp_cmd("Emulation.setGeolocationOverride", {"latitude": target["lat"] + 0.00135, "longitude": target["lng"], "accuracy": 20})
    open_locator(strict, site)
    strict.find_element(By.ID, "mh-near").click()
    assert results(strict)[0] == target["id"]
    assert "按距离由近到远" in strict.find_element(By.ID, "mh-status").text
    assert violations(strict) == []


def test_offline_copies_behind_nginx(browser, site_dir: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    from test_offline import offline_notice, saved_urls, wait_for, worker

    watch(browser)
    server = Nginx(site_dir, tmp_path / "nginx")
    server.start()
    try:
        base = server.url
        browser.get(base)
        wait_for("the worker to control the page", lambda: browser.execute_script("return !!navigator.serviceWorker.controller"))
        version = worker(site_dir)["version"]
        wait_for("the precache", lambda: {base, base + "hotlines/"} <= saved_urls(browser, version))
        browser.get(base + "articles/sleep-basics/")
        wait_for("the article to be saved", lambda: base + "articles/sleep-basics/" in saved_urls(browser, version))
        assert violations(browser) == []
    finally:
        server.stop()
    for page in ("hotlines/", "articles/sleep-basics/"):
        browser.get(base + page)
        assert offline_notice(browser), page
        assert browser.find_element(By.TAG_NAME, "h1").text
        # The saved copy keeps its headers, the policy included: still no violation.
        assert violations(browser) == [], page


def test_without_resize_observer_nothing_comes_from_another_host(strict, nginx_site: Nginx) -> None:
    # Safari before 13.1, Chrome before 64, Firefox before 69: Material's
    # bundle would load a polyfill from unpkg.com; site.js stands in.
    strict.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": "delete window.ResizeObserver;"})
    strict.get(nginx_site.url + "articles/sleep-basics/")
    wait_for_late_scripts(strict)
    assert strict.execute_script("return window.ResizeObserver && window.ResizeObserver.name") == "StandIn"
    assert strict.execute_script("return typeof window.component$") == "object"
    urls = [u for u in requested(strict) if not u.startswith("data:")]
    assert urls and all(u.startswith(nginx_site.url) for u in urls), [u for u in urls if not u.startswith(nginx_site.url)]
    open_search(strict).send_keys("失眠")
    assert "/articles/sleep-basics/" in page_paths(settled(strict))
    assert violations(strict) == []
    errors = [e["message"] for e in strict.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []

    # Without the stand-in (site.js's, which here cannot take the place),
    # the bundle reaches for unpkg.com (the policy stops it).
    strict.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument",
        {"source": "Object.defineProperty(window, 'ResizeObserver', {get() { return undefined; }, set() {}, configurable: true});"},
    )
    strict.get(nginx_site.url + "articles/sleep-basics/")
    found: list[str] = []
    end = time.monotonic() + 10  # the bundle starts once the page has been drawn (site.js, part 9)
    while not any("unpkg.com/resize-observer-polyfill" in v for v in found) and time.monotonic() < end:
        time.sleep(0.2)
        found += violations(strict)
    assert any("unpkg.com/resize-observer-polyfill" in v for v in found), found


def test_the_issues_policy_without_hashes_breaks_the_pages(browser, site_dir: Path, tmp_path: Path) -> None:
    # `script-src 'self'` alone, as the issue tried: the checks above can fail.
    conf = re.sub(r" 'sha256-[^']+'", "", DEPLOY_CONF.read_text(encoding="utf-8"))
    assert "sha256" not in conf
    watch(browser)
    with Nginx(site_dir, tmp_path / "nginx", conf=conf) as server:
        browser.get(server.url + "articles/sleep-basics/")
        found = violations(browser)
        assert len([v for v in found if v.startswith("script-src-elem | inline")]) == 3, found
        assert not browser.execute_script("return document.documentElement.classList.contains('mh-js')")
        assert not browser.execute_script(
            "return document.querySelector('[data-mh-elderly-toggle]').offsetParent !== null")
