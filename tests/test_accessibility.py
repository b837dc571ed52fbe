"""Accessibility in Debian's Chromium: axe-core on one page of every type
(WCAG 2.2 A and AA rules), keyboard-only use of the locator and a self-check,
our own controls at least 44 px, and reflow at 320 px with text at 200 %.

axe-core comes from the npm registry (package.json / package-lock.json at the
root; `./run test` runs `npm ci` when npm is installed). Without it these tests
are skipped with the reason; with REQUIRE_BROWSER=1 (CI) they fail instead,
like the other browser tests.
"""

from __future__ import annotations

import os

import pytest

from conftest import ROOT, ServedSite

AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe has no wcag22a tag: 2.2's
# new level-A criteria have no automatic rule).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Rules outside the WCAG tags that Lighthouse's accessibility score also
# counts (axe "best-practice" rules): with these, a page that passes has no
# failing Lighthouse accessibility audit that axe can find.
LIGHTHOUSE_RULES = [
    "aria-allowed-role", "aria-dialog-name", "aria-text", "aria-treeitem-name", "empty-heading",
    "heading-order", "identical-links-same-purpose", "image-redundant-alt", "landmark-one-main",
    "skip-link", "tabindex", "table-duplicate-name",
]

# One page of every type. Add a line when a new type of page appears. Types
# whose pages come from data that may not exist yet (an activity, a news post)
# are found by pattern below and skipped until the build has one.
PAGE_TYPES = {
    "home": "",
    "articles index": "articles/",
    "articles of a topic": "articles/tags/睡眠/",
    "articles for an audience": "articles/for/parents/",
    "article": "articles/sleep-basics/",
    "lessons index": "lessons/",
    "lesson series": "lessons/good-sleep/",
    "lesson": "lessons/good-sleep/01-how-sleep-works/",
    "guides index": "guides/",
    "guides of an age group": "guides/ages/3-6/",
    "guides of a topic": "guides/topics/沟通/",
    "guide": "guides/screen-time/",
    "hotline directory": "hotlines/",
    "hotlines print view": "hotlines/print/",
    "locator": "stations/",
    "station page": "stations/district-centre/",
    "self-check index": "self-check/",
    "self-check": "self-check/phq9/",
    "faq": "faq/",
    "audiences index": "for/",
    "audience": "for/lost-only-child/",
    "events": "events/",
    "events archive": "events/archive/",
    "news": "news/",
    "editors' guide": "editors/",
    "offline page": "offline.html",
    "404": "404.html",
}
FOUND_PAGE_TYPES = {
    # (glob under the site, pages that match it but are of another type)
    "station area": ("stations/area/*/index.html", ()),
    "activity": ("events/*/index.html", ("events/archive/index.html",)),
    "news post": ("news/20*/**/index.html", ()),
    "news category": ("news/category/*/index.html", ()),
    "news archive": ("news/archive/**/index.html", ()),
    "emergency campaign": ("emergency/*/index.html", ()),
}
ALL_TYPES = [*PAGE_TYPES, *FOUND_PAGE_TYPES]


def page_url(site: ServedSite, page_type: str) -> str:
    """The path (below the site's root) of a page of `page_type` in this build."""
    if page_type in PAGE_TYPES:
        path = PAGE_TYPES[page_type]
        file = site.root / (path + "index.html" if path == "" or path.endswith("/") else path)
        assert file.exists(), f"{page_type}: {path or '/'} is not in the build; update PAGE_TYPES"
        return path
    pattern, others = FOUND_PAGE_TYPES[page_type]
    matches = sorted(p.relative_to(site.root).as_posix() for p in site.root.glob(pattern))
    matches = [m for m in matches if m not in others]
    if not matches:
        pytest.skip(f"no {page_type} page in this build yet ({pattern})")
    return matches[0].removesuffix("index.html")


# -- Browser and axe ---------------------------------------------------------------


@pytest.fixture(scope="session")
def axe_source(browser_available: None) -> str:
    if not AXE_JS.exists():
        reason = (f"{AXE_JS.relative_to(ROOT)} not found: run `npm ci` at the project root "
                  "(./run test does when npm is installed)")
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but no axe-core: {reason}")
        pytest.skip(reason)
    return AXE_JS.read_text(encoding="utf-8")


def emulate(driver, width: int = 360, height: int = 740, text: int = 100, mobile: bool = True) -> None:
    """A screen `width` CSS px wide, with the browser's text size at `text` %.

    The text size is Chromium's own setting (Page.setFontSizes: the default
    font size, 16 px at 100 %), what a resident changes under "text size" /
    "字体大小" on a phone or in the browser. Material sizes everything from
    the root font size in %, so the whole page's text grows, as it does for
    them, while the screen stays 320–360 px wide (zooming the page would make
    the viewport narrower instead, which is the 320 px test)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 2 if mobile else 1, "mobile": mobile},
    )
    driver.execute_cdp_cmd("Page.setFontSizes", {"fontSizes": {"standard": 16 * text // 100, "fixed": 13 * text // 100}})


def load(driver, url: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")


def run_axe(driver, axe_source: str) -> list[dict]:
    """axe.run on the whole document as it is now, with the WCAG 2.2 A/AA
    rules and then Lighthouse's other rules; the violations, trimmed."""
    # Colours measured halfway through a transition (a hover, the search
    # opening) are neither state's: let running animations finish first.
    wait(driver, lambda d: d.execute_script(
        "return document.getAnimations().every(a => a.playState !== 'running' || a.effect.getTiming().iterations === Infinity)"))
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(axe_source)
    result = driver.execute_async_script(
        """
        const [tags, rules, done] = arguments;
        const run = runOnly => axe.run(document, {runOnly, resultTypes: ['violations']});
        run({type: 'tag', values: tags})
          .then(wcag => run({type: 'rule', values: rules}).then(extra => [
              ...wcag.violations,
              ...extra.violations.map(v => ({...v, help: v.help + ' (Lighthouse)'}))]))
          .then(violations => done(violations.map(v => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map(n => ({target: n.target.map(String).join(' '),
                                        summary: (n.failureSummary || '').split('\\n').slice(1, 3).join(' ').trim()}))}))),
                e => done({error: String(e)}));
        """,
        WCAG_TAGS,
        LIGHTHOUSE_RULES,
    )
    if isinstance(result, dict):
        pytest.fail(f"axe.run failed: {result['error']}")
    return result


def assert_no_violations(violations: list[dict], where: str) -> None:
    if not violations:
        return
    lines = [f"axe-core: {len(violations)} rule(s) violated on {where}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:10]:
            lines.append(f"    {node['target']}  — {node['summary'][:240]}")
        if len(v["nodes"]) > 10:
            lines.append(f"    … and {len(v['nodes']) - 10} more")
    pytest.fail("\n".join(lines), pytrace=False)


def wait(driver, condition, timeout: float = 10):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


# -- axe on every page type ----------------------------------------------------------


@pytest.mark.parametrize("page_type", ALL_TYPES)
def test_axe_on_a_phone(phone, axe_source: str, served_site: ServedSite, page_type: str) -> None:
    url = page_url(served_site, page_type)
    emulate(phone)
    load(phone, served_site.url + url)
    assert_no_violations(run_axe(phone, axe_source), f"{page_type} (/{url}), 360 px phone")


@pytest.mark.parametrize("page_type", ALL_TYPES)
def test_axe_on_a_desktop(phone, axe_source: str, served_site: ServedSite, page_type: str) -> None:
    # Material's wide layout adds the tabs, the navigation sidebar and the table of contents.
    url = page_url(served_site, page_type)
    emulate(phone, width=1280, height=900, mobile=False)
    load(phone, served_site.url + url)
    assert_no_violations(run_axe(phone, axe_source), f"{page_type} (/{url}), 1280 px desktop")


# -- axe on interactive states ---------------------------------------------------------


def open_search(driver, query: str) -> None:
    from selenium.webdriver.common.by import By

    button = driver.find_element(By.CSS_SELECTOR, "label.md-header__button[for='__search']")
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    # A phone has the button; a wide screen shows the box in the header.
    (button if button.is_displayed() else box).click()
    wait(driver, lambda d: box.is_displayed())
    box.send_keys(query)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".md-search-result__item"))


@pytest.mark.parametrize("width", [360, 1280])
def test_axe_with_the_search_open(phone, axe_source: str, served_site: ServedSite, width: int) -> None:
    emulate(phone, width=width, height=740 if width < 1000 else 900, mobile=width < 1000)
    load(phone, served_site.url)
    open_search(phone, "睡眠")
    assert_no_violations(run_axe(phone, axe_source), f"the search dialog with results ({width} px)")


def test_axe_with_the_navigation_drawer_open(phone, axe_source: str, served_site: ServedSite) -> None:
    from selenium.webdriver.common.by import By

    emulate(phone)
    load(phone, served_site.url + "articles/")
    phone.find_element(By.CSS_SELECTOR, "label.md-header__button[for='__drawer']").click()
    wait(phone, lambda d: d.execute_script("return document.getElementById('__drawer').checked"))
    assert_no_violations(run_axe(phone, axe_source), "the navigation drawer (360 px)")


def test_axe_with_the_hotlines_filtered(phone, axe_source: str, served_site: ServedSite) -> None:
    from selenium.webdriver.common.by import By

    emulate(phone)
    load(phone, served_site.url + "hotlines/")
    chips = phone.find_elements(By.CSS_SELECTOR, "#mh-hotline-filter .mh-chip")
    assert len(chips) > 1
    phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", chips[1])
    chips[1].click()
    wait(phone, lambda d: chips[1].get_attribute("aria-pressed") == "true")
    assert_no_violations(run_axe(phone, axe_source), "the hotline directory, filtered (360 px)")


@pytest.mark.parametrize("query", ["东湖", "龘靐齉"])
def test_axe_with_the_locator_filtered(phone, axe_source: str, served_site: ServedSite, query: str) -> None:
    # Results with open/closed badges, and the "nothing found" status.
    from selenium.webdriver.common.by import By

    emulate(phone)
    load(phone, served_site.url + "stations/")
    wait(phone, lambda d: d.find_element(By.ID, "mh-q").is_displayed())
    phone.find_element(By.ID, "mh-q").send_keys(query)
    wait(phone, lambda d: "找到" in d.find_element(By.ID, "mh-status").text
         or "没有找到" in d.find_element(By.ID, "mh-status").text)
    assert_no_violations(run_axe(phone, axe_source), f"the locator searching {query!r} (360 px)")


def test_axe_with_the_events_filtered(phone, axe_source: str, served_site: ServedSite) -> None:
    from selenium.webdriver.support.ui import Select
    from selenium.webdriver.common.by import By

    emulate(phone)
    load(phone, served_site.url + "events/")
    wait(phone, lambda d: d.find_element(By.ID, "mh-event-area").is_displayed())
    Select(phone.find_element(By.ID, "mh-event-area")).select_by_index(1)
    assert_no_violations(run_axe(phone, axe_source), "the activities filtered by area (360 px)")


@pytest.mark.parametrize("width", [360, 1280])
def test_axe_with_a_self_check_result(phone, axe_source: str, served_site: ServedSite, width: int) -> None:
    # PHQ-9 with item 9 answered: the urgent box with the crisis numbers and the result.
    from selenium.webdriver.common.by import By

    emulate(phone, width=width, height=740 if width < 1000 else 800, mobile=width < 1000)
    load(phone, served_site.url + "self-check/phq9/")
    phone.find_element(By.ID, "mh-score").click()  # nothing answered: the "missing" alert
    wait(phone, lambda d: d.find_element(By.ID, "mh-missing").is_displayed())
    assert_no_violations(run_axe(phone, axe_source), f"a self-check with unanswered questions ({width} px)")
    phone.execute_script(
        "document.querySelectorAll('.mh-q').forEach((q, i, all) =>"
        " q.querySelectorAll('input')[i === all.length - 1 ? 1 : 2].click())"
    )
    phone.find_element(By.ID, "mh-score").click()
    wait(phone, lambda d: d.find_element(By.ID, "mh-result").is_displayed())
    assert phone.find_element(By.ID, "mh-urgent").is_displayed()
    assert_no_violations(run_axe(phone, axe_source), f"a self-check's result with the urgent box ({width} px)")
    # An answer changed afterwards: the result put away, the prompt to press again.
    phone.execute_script("document.querySelector(\"input[name='q1'][value='0']\").click()")
    wait(phone, lambda d: d.find_element(By.ID, "mh-stale").text != "")
    assert not phone.find_element(By.ID, "mh-result").is_displayed()
    assert_no_violations(run_axe(phone, axe_source), f"a self-check after an answer changed ({width} px)")


# -- Keyboard alone ----------------------------------------------------------------------

# What a keyboard user sees of the focused element: a focus ring (outline or
# box-shadow), on the screen, and not entirely under the sticky header or
# anything else (WCAG 2.4.7 focus visible, 2.4.11 focus not obscured).
FOCUS_JS = """
const el = document.activeElement;
if (!el || el === document.body || el === document.documentElement) return null;
const s = getComputedStyle(el);
const r = el.getBoundingClientRect();
const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
const points = [[0.5, 0.5], [0.2, 0.2], [0.8, 0.2], [0.2, 0.8], [0.8, 0.8]].map(([fx, fy]) => [r.left + r.width * fx, r.top + r.height * fy]);
const seen = points.some(([x, y]) => {
  if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return false;
  const top = document.elementFromPoint(x, y);
  return top && (top === el || el.contains(top) || (el.labels && Array.from(el.labels).some(l => l.contains(top))));
});
return {tag: el.tagName.toLowerCase(), id: el.id, cls: String(el.className), name: el.name || '',
        href: el.getAttribute('href') || '', text: (el.innerText || el.value || '').trim().slice(0, 30),
        ring, seen, width: r.width, height: r.height};
"""


def tab(driver, shift: bool = False) -> dict | None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    keys = ActionChains(driver)
    if shift:
        keys.key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT)
    else:
        keys.send_keys(Keys.TAB)
    keys.perform()
    return focused(driver)


def focused(driver) -> dict | None:
    wait(driver, lambda d: d.execute_script(
        "return document.getAnimations().every(a => a.playState !== 'running' || a.effect.getTiming().iterations === Infinity)"))
    return driver.execute_script(FOCUS_JS)


def press(driver, *keys: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    chain = ActionChains(driver)
    for key in keys:
        chain.send_keys(key)
    chain.perform()


def tab_to(driver, found, limit: int = 80) -> tuple[dict, list[dict]]:
    """Press Tab until `found(focus)`; every stop on the way must show its focus."""
    path: list[dict] = []
    for _ in range(limit):
        focus = tab(driver)
        assert focus is not None, f"Tab left the page after {[describe(f) for f in path]}"
        path.append(focus)
        assert focus["ring"] and focus["seen"], f"focus not visible on {describe(focus)}: {focus}"
        if found(focus):
            return focus, path
    pytest.fail(f"not reached in {limit} presses of Tab: {[describe(f) for f in path]}")


def describe(focus: dict) -> str:
    return f"<{focus['tag']}{'#' + focus['id'] if focus['id'] else ''} {focus['href'] or focus['text']!r}>"


def test_locator_by_keyboard_alone(browser, served_site: ServedSite) -> None:
    from selenium.webdriver.common.keys import Keys

    load(browser, served_site.url + "stations/")
    wait(browser, lambda d: d.execute_script("return !document.getElementById('mh-finder').hidden"))
    # From the top of the page, as a keyboard user arrives.
    tab_to(browser, lambda f: f["id"] == "mh-q")
    press(browser, "东湖")
    wait(browser, lambda d: "找到" in d.execute_script("return document.getElementById('mh-status').textContent"))
    tab_to(browser, lambda f: f["id"] == "mh-area", limit=3)
    # Arrow keys change a closed <select> (and fire "change") without opening it.
    press(browser, Keys.ARROW_DOWN)
    area = browser.execute_script("return document.getElementById('mh-area').value")
    assert area, "the area did not change with the arrow key"
    status = browser.execute_script("return document.getElementById('mh-status').textContent")
    assert "找到" in status, status
    focus, _ = tab_to(browser, lambda f: f["tag"] == "a" and "mh-station__name" in f["cls"], limit=40)
    href = browser.execute_script("return document.activeElement.href")
    assert browser.execute_script("return document.activeElement.closest('#mh-results') !== null"), focus
    press(browser, Keys.ENTER)
    wait(browser, lambda d: d.current_url == href)
    assert browser.execute_script("return !!document.querySelector('[data-station-page]')")


def test_header_navigation_and_search_by_keyboard(browser, served_site: ServedSite) -> None:
    # On a phone-sized screen (or a computer zoomed in) the navigation and the
    # search are behind the header's two buttons: Material's are labels that a
    # keyboard could not reach, and their hidden links and box took the focus.
    from selenium.webdriver.common.keys import Keys

    load(browser, served_site.url + "articles/")
    drawer = "return document.getElementById('__drawer').checked"
    tab_to(browser, lambda f: f["cls"].startswith("mh-press") and browser.execute_script(
        "return !!document.activeElement.closest('label[for=__drawer]')"), limit=15)
    press(browser, Keys.ENTER)
    wait(browser, lambda d: d.execute_script(drawer))
    # The focus is in the open drawer, and Tab goes round its links, never behind it.
    in_drawer = "return !!document.activeElement.closest('.md-sidebar--primary')"
    first = focused(browser)
    assert browser.execute_script(in_drawer) and first["seen"], first
    for _ in range(100):
        focus = tab(browser)
        assert browser.execute_script(in_drawer) and focus["ring"] and focus["seen"], focus
        if focus == first:
            break
    else:
        pytest.fail("Tab did not come back round to the drawer's first link")
    press(browser, Keys.ESCAPE)
    wait(browser, lambda d: not d.execute_script(drawer))
    assert browser.execute_script("return !!document.activeElement.closest('label[for=__drawer]')")
    tab_to(browser, lambda f: f["cls"].startswith("mh-press") and browser.execute_script(
        "return !!document.activeElement.closest('label[for=__search]')"), limit=10)
    press(browser, Keys.SPACE)
    wait(browser, lambda d: d.execute_script("return document.activeElement.matches('input.md-search__input')"))
    press(browser, "睡眠")
    wait(browser, lambda d: d.execute_script("return document.querySelectorAll('.md-search-result__item').length > 0"))
    focus = focused(browser)
    assert focus["ring"] and focus["seen"], focus


def test_self_check_by_keyboard_alone(browser, served_site: ServedSite) -> None:
    from selenium.webdriver.common.keys import Keys

    load(browser, served_site.url + "self-check/phq9/")
    count = browser.execute_script("return document.querySelectorAll('.mh-q').length")
    answers = [(i % 4) for i in range(count - 1)] + [0]  # the last (item 9) "完全不会"
    tab_to(browser, lambda f: f["tag"] == "input" and f["name"] == "q1")
    for n, score in enumerate(answers, start=1):
        focus = focused(browser)
        assert focus["name"] == f"q{n}", f"question {n}: focus is on {describe(focus)}"
        # Space checks the focused first option; each arrow moves to the next and checks it.
        press(browser, Keys.SPACE, *[Keys.ARROW_DOWN] * score)
        focus = focused(browser)
        assert focus["ring"] and focus["seen"], f"question {n}: focus not visible: {focus}"
        checked = browser.execute_script(f"return document.querySelector('input[name=\"q{n}\"]:checked').value")
        assert checked == str(score), f"question {n}: {checked}"
        if n < len(answers):
            tab(browser)
    tab_to(browser, lambda f: f["id"] == "mh-score", limit=3)
    press(browser, Keys.ENTER)
    wait(browser, lambda d: d.execute_script("return !document.getElementById('mh-result').hidden"))
    assert browser.execute_script("return document.getElementById('mh-total').textContent") == str(sum(answers))
    # The focus moves to the result, on the screen, so the next Tab goes on from there.
    focus = focused(browser)
    assert focus["id"] == "mh-result" and focus["seen"] and focus["ring"], focus
    tab_to(browser, lambda f: f["tag"] == "a" and f["href"].endswith("hotlines/"), limit=5)
    # An answer changed from the keyboard puts the result away (it no longer
    # matches); 查看结果 again gives the new total, the focus on it again.
    browser.execute_script("document.querySelector('input[name=\"q1\"]:checked').focus()")
    press(browser, Keys.ARROW_DOWN)
    wait(browser, lambda d: d.execute_script("return document.getElementById('mh-result').hidden"))
    assert "查看结果" in browser.execute_script("return document.getElementById('mh-stale').textContent")
    tab_to(browser, lambda f: f["id"] == "mh-score", limit=len(answers) + 2)
    press(browser, Keys.ENTER)
    wait(browser, lambda d: d.execute_script("return !document.getElementById('mh-result').hidden"))
    assert browser.execute_script("return document.getElementById('mh-total').textContent") == str(sum(answers) + 1)
    assert focused(browser)["id"] == "mh-result"


@pytest.mark.parametrize("width", [360, 1280])
def test_self_check_urgent_answer_by_keyboard_alone(browser, served_site: ServedSite, width: int) -> None:
    # An urgent answer (PHQ-9 item 9 above 0, Kroenke, Spitzer & Williams
    # 2001): after 查看结果 the focus is on the urgent box, wholly visible
    # under the header with its focus ring, and the next Tab reaches the first
    # crisis number to call.
    from selenium.webdriver.common.keys import Keys

    emulate(browser, width=width, height=740 if width < 1000 else 800, mobile=width < 1000)
    load(browser, served_site.url + "self-check/phq9/")
    count = browser.execute_script("return document.querySelectorAll('.mh-q').length")
    # From the first question (the way there from the top of the page is test_self_check_by_keyboard_alone's).
    browser.execute_script("document.querySelector('input[name=\"q1\"]').focus()")
    for n in range(1, count + 1):
        # Space checks 完全不会 (0); the last question, item 9, one arrow down: 好几天 (1).
        press(browser, Keys.SPACE, *([Keys.ARROW_DOWN] if n == count else []))
        if n < count:
            tab(browser)
    tab_to(browser, lambda f: f["id"] == "mh-score", limit=3)
    press(browser, Keys.ENTER)
    wait(browser, lambda d: d.execute_script("return !document.getElementById('mh-result').hidden"))
    assert browser.execute_script("return document.getElementById('mh-total').textContent") == "1"
    focus = focused(browser)
    assert focus["id"] == "mh-urgent" and focus["seen"] and focus["ring"], focus
    box = browser.execute_script(
        "const r = document.getElementById('mh-urgent').getBoundingClientRect();"
        "return {top: r.top, header: document.querySelector('.md-header').getBoundingClientRect().bottom, vh: innerHeight}")
    assert box["header"] - 0.5 <= box["top"] < box["vh"], box
    focus = tab(browser)
    assert focus["href"].startswith("tel:") and focus["seen"] and focus["ring"], focus


# -- Touch targets -----------------------------------------------------------------------

# Our own controls, at least 44 × 44 px (the project's rule; WCAG 2.5.8 asks
# for 24, which axe's target-size rule checks everywhere): buttons, form
# fields, the labels of radio buttons and checkboxes, and links made into
# controls (a class of their own, or in a row of buttons or a list of ways
# on like .mh-links). Plain links in the text and in content lists are
# content, not controls; links inside a sentence are exempt, as in WCAG.
# Material's own header, tabs, navigation, search and footer are Material's.
TARGETS_JS = """
const material = '.md-header, .md-tabs, .md-sidebar, .md-search, .md-footer, .md-top, .md-skip, .headerlink';
const own = el => el.matches('.md-header [class*="mh-"], .md-header [class*="mh-"] *') || !el.closest(material);
const inline = el => {
  if (el.tagName !== 'A') return false;
  const block = el.parentElement.closest('p, li, dd, dt, td, th, figcaption, h1, h2, h3, h4, h5, h6');
  return !!block && block.innerText.replace(/\\s+/g, '').length > el.innerText.replace(/\\s+/g, '').length;
};
const control = el => el.tagName !== 'A' || el.className.trim() !== ''
  || !!el.closest('.mh-links, .mh-button-row, .mh-actions');
const small = [];
for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex="0"]')) {
  if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}) || !own(el) || !control(el) || inline(el)) continue;
  // A radio or checkbox is tapped through its label, and so are the header's
  // keyboard buttons (header.html: inside Material's labels).
  const target = (el.type === 'radio' || el.type === 'checkbox' || el.matches('.mh-press')) && el.closest('label')
    ? el.closest('label') : el;
  const r = target.getBoundingClientRect();
  if (r.width < 44 - 0.5 || r.height < 44 - 0.5) {
    small.push(`${target.outerHTML.slice(0, 140)} (${Math.round(r.width)}×${Math.round(r.height)})`);
  }
}
return small;
"""


@pytest.mark.parametrize("page_type", ALL_TYPES)
def test_our_controls_are_44_px(phone, served_site: ServedSite, page_type: str) -> None:
    url = page_url(served_site, page_type)
    emulate(phone)
    load(phone, served_site.url + url)
    small = phone.execute_script(TARGETS_JS)
    assert small == [], f"{page_type} (/{url}): controls smaller than 44 × 44 px:\n" + "\n".join(small)


# -- Reflow: 320 px, and text at 200 % ---------------------------------------------------

# Text that does not fit: cut by an overflow:hidden box or an ellipsis, or
# out of the screen sideways (outside boxes that scroll on purpose, like wide
# tables). The header's title is Material's: it is cut with an ellipsis by
# design (the page's own heading and the logo's name carry it in full).
CLIPPED_JS = """
const cut = [];
const vw = arguments[0];  // the screen's width: a phone widens its layout to fit what overflows
const scrolls = el => { for (let e = el; e && e !== document.body; e = e.parentElement) {
  const o = getComputedStyle(e).overflowX; if (o === 'auto' || o === 'scroll') return true; } return false; };
const skip = el => el.closest('.md-header__title');
for (const el of document.body.querySelectorAll('*')) {
  if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}) || skip(el)) continue;
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  if (r.width <= 1 && r.height <= 1) continue;  // visually hidden text for screen readers
  const text = el.innerText ? el.innerText.trim() : '';
  if (!text) continue;
  const hiddenX = s.overflowX === 'hidden' || s.overflowX === 'clip';
  const hiddenY = s.overflowY === 'hidden' || s.overflowY === 'clip';
  if ((hiddenX || s.textOverflow === 'ellipsis') && el.scrollWidth > el.clientWidth + 1
      || hiddenY && el.scrollHeight > el.clientHeight + 1) {
    cut.push(`cut: ${el.tagName.toLowerCase()}.${el.className} ${JSON.stringify(text.slice(0, 40))} (${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight})`);
  }
}
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const el = node.parentElement;
  if (!node.textContent.trim() || !el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}) || skip(el) || scrolls(el)) continue;
  const range = document.createRange();
  range.selectNodeContents(node);
  for (const r of range.getClientRects()) {
    if (r.width > 0 && (r.right > vw + 1 || r.left < -1)) {
      cut.push(`off screen: ${el.tagName.toLowerCase()}.${el.className} ${JSON.stringify(node.textContent.trim().slice(0, 40))} (${Math.round(r.left)}–${Math.round(r.right)} of ${vw})`);
      break;
    }
  }
}
return cut;
"""


@pytest.mark.parametrize("text", [100, 200])
@pytest.mark.parametrize("page_type", ALL_TYPES)
def test_reflow_at_320_px(phone, served_site: ServedSite, page_type: str, text: int) -> None:
    url = page_url(served_site, page_type)
    emulate(phone, width=320, height=640, text=text)
    try:
        load(phone, served_site.url + url)
        scroll_width = phone.execute_script("return document.documentElement.scrollWidth")
        cut = phone.execute_script(CLIPPED_JS, 320)
    finally:
        emulate(phone)
    where = f"{page_type} (/{url}) at 320 px, text {text} %"
    assert scroll_width <= 320, f"{where}: the page scrolls sideways ({scroll_width} px wide)"
    assert cut == [], f"{where}: text does not fit:\n" + "\n".join(cut[:20])
