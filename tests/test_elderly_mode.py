"""长辈模式 (elderly mode) in Chromium, against MIIT's 适老化 rules for
websites: text at least 18 pt (24 px), line spacing at least 1.3, contrast at
least 4.5:1, touch targets at least 60 × 60 px, no pop-ups, a simpler layout;
remembered on the device and announced to screen readers. Also: the page
follows the browser's own default font size."""

from __future__ import annotations

import re

import pytest

from conftest import ServedSite, html_pages, make_driver

# The pages the issue names, and the section pages besides.
PAGES = ["", "articles/sleep-basics/", "hotlines/"]
MORE_PAGES = [
    "articles/",
    "lessons/good-sleep/01-how-sleep-works/",
    "guides/screen-time/",
    "stations/",
    "self-check/",
    "faq/",
    "events/",
]

TOGGLE = "button[data-mh-elderly-toggle]"

# -- What is measured, in the page ------------------------------------------------

# Every visible piece of text: its element's font size, line height and
# colours (background: the first opaque one behind it).
TEXT_JS = r"""
const scope = arguments[0];
function visible(el) {
  for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
    const s = getComputedStyle(e);
    if (s.display === 'none' || s.visibility === 'hidden' || s.opacity === '0' || e.hidden) return false;
  }
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth;
}
function rgba(c) { const m = c.match(/[\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; }
function over(top, bottom) {
  const a = top.a;
  return {r: top.r * a + bottom.r * (1 - a), g: top.g * a + bottom.g * (1 - a), b: top.b * a + bottom.b * (1 - a), a: 1};
}
function background(el) {
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const c = rgba(getComputedStyle(e).backgroundColor);
    if (c.a > 0) { layers.push(c); if (c.a >= 1) break; }
  }
  let bg = {r: 255, g: 255, b: 255, a: 1};
  for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
  return bg;
}
function lum(c) {
  const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
}
const out = [];
const walker = document.createTreeWalker(document.querySelector(scope) || document.body, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  const text = n.nodeValue.trim();
  const el = n.parentElement;
  if (!text || !el || /^(SCRIPT|STYLE|svg|path)$/i.test(el.tagName) || el.closest('svg') || !visible(el)) continue;
  const s = getComputedStyle(el);
  const size = parseFloat(s.fontSize);
  const lh = s.lineHeight === 'normal' ? 1.2 * size : parseFloat(s.lineHeight);
  const bg = background(el);
  const fg = over(rgba(s.color), bg);
  const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
  const block = el.closest('p, li, dd, dt, td, th, blockquote, summary, figcaption, h1, h2, h3, h4, h5, h6, label, legend');
  const bs = block ? getComputedStyle(block) : null;
  out.push({text: text.slice(0, 30), tag: el.tagName, cls: el.className && String(el.className), size: size,
            lineRatio: lh / size, contrast: (l1 + 0.05) / (l2 + 0.05),
            block: block ? block.tagName : null,
            blockRatio: bs ? (bs.lineHeight === 'normal' ? 1.2 : parseFloat(bs.lineHeight) / parseFloat(bs.fontSize)) : null});
}
return out;
"""

# Every visible link, button, field and label of a field: its box, and whether
# it is a link inside a sentence (WCAG 2.5.8's "inline" exception).
TARGETS_JS = r"""
function visible(el) {
  for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
    const s = getComputedStyle(e);
    if (s.display === 'none' || s.visibility === 'hidden' || s.opacity === '0' || e.hidden) return false;
  }
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth;
}
function blockOf(el) {
  for (let e = el.parentElement; e; e = e.parentElement) {
    if (!/^inline/.test(getComputedStyle(e).display) || getComputedStyle(e).display === 'inline-block') return e;
  }
  return document.body;
}
const out = [];
const all = document.querySelectorAll('a[href], button, summary, select, textarea, input, label[for], [role=button], [tabindex]:not([tabindex="-1"])');
for (const el of all) {
  let target = el;
  // A button inside a label for a field (Material's menu and search): the label is what a finger presses.
  if (el.matches('[role=button], [tabindex]') && el.closest('label[for], a[href], button')) continue;
  if (el.matches('input[type=checkbox], input[type=radio]')) target = el.closest('label') || el;
  if (el.matches('input[type=hidden]') || el.matches('.md-toggle')) continue;
  if (el.matches('label[for]') && !document.getElementById(el.htmlFor)) continue;
  if (!visible(target)) continue;
  const r = target.getBoundingClientRect();
  const display = getComputedStyle(target).display;
  const own = target.textContent.replace(/\s+/g, '');
  const around = blockOf(target).textContent.replace(/\s+/g, '');
  out.push({html: target.outerHTML.slice(0, 120), width: r.width, height: r.height,
            inline: display === 'inline' && around.length > own.length});
}
return out;
"""

# Anything cut off at the right edge (Material hides the page's sideways
# overflow, so a scroll bar is not what shows it).
OVERFLOW_JS = r"""
const vw = document.documentElement.clientWidth;
function clipped(el) {
  for (let e = el.parentElement; e && e !== document.body && e !== document.documentElement; e = e.parentElement) {
    const s = getComputedStyle(e);
    if (s.overflowX !== 'visible' || s.position === 'fixed' || s.transform !== 'none') return true;
  }
  return false;
}
const out = [];
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0 || r.left >= vw || r.right <= vw + 1) continue;
  const s = getComputedStyle(el);
  if (s.visibility === 'hidden' || s.position === 'fixed' || clipped(el)) continue;
  out.push({html: el.outerHTML.slice(0, 100), left: r.left, right: r.right});
}
return {out: out, vw: vw};
"""


def _wait(driver, condition, timeout: float = 10):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def set_elderly(driver, url: str, on: bool = True) -> None:
    """Open `url` with elderly mode remembered as a resident's earlier visit left it."""
    driver.get(url)
    driver.execute_script("localStorage.setItem('mh-elderly', '1')" if on else "localStorage.removeItem('mh-elderly')")
    driver.get(url)
    assert is_elderly(driver) == on


def is_elderly(driver) -> bool:
    return driver.execute_script("return document.documentElement.classList.contains('mh-elderly')")


def body_font_px(driver) -> float:
    return driver.execute_script(
        "return parseFloat(getComputedStyle(document.querySelector('article.md-content__inner')).fontSize)"
    )


# -- The built pages ---------------------------------------------------------------


def test_every_page_has_the_toggle_and_sets_the_mode_before_the_body(site_dir) -> None:
    pages = [p for p in html_pages(site_dir) if "md-header" in p.read_text(encoding="utf-8")]
    assert len(pages) > 50
    for page in pages:
        html = page.read_text(encoding="utf-8")
        head, _, body = html.partition("<body")
        assert 'localStorage.getItem("mh-elderly")' in head, page
        assert '<meta name="text-scale" content="scale">' in head, page
        button = re.search(r"<button [^>]*data-mh-elderly-toggle[^>]*>", body)
        assert button and 'type="button"' in button.group(0), page
        assert re.search(r'role="status"[^>]*data-mh-elderly-status', body), page
        # The button's script: site.js, in the head, deferred (main.html).
        assert re.search(r'<script src="[./]*assets/javascripts/site\.js" defer blocking="render"></script>', head), page


# -- The button ------------------------------------------------------------------------


def test_toggle_works_by_keyboard_is_announced_and_remembered(browser, served_site: ServedSite) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    url = served_site.url + "articles/sleep-basics/"
    browser.get(url)
    browser.execute_script("localStorage.clear()")
    browser.get(url)
    button = browser.find_element(By.CSS_SELECTOR, TOGGLE)
    # The label says what pressing does (issue 19), not the state by colour alone.
    assert button.is_displayed() and button.text.strip() == "长辈模式" and button.accessible_name == "长辈模式"
    assert not is_elderly(browser)
    normal = body_font_px(browser)

    # Tab to it from the top of the page, as a keyboard user would.
    from selenium.webdriver.common.action_chains import ActionChains

    for _ in range(30):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        if browser.execute_script("return document.activeElement.matches(arguments[0])", TOGGLE):
            break
    else:
        pytest.fail("the 长辈模式 button cannot be reached with Tab")
    ActionChains(browser).send_keys(Keys.ENTER).perform()

    assert is_elderly(browser) and button.text.strip() == "标准模式" and button.accessible_name == "标准模式"
    status = browser.find_element(By.CSS_SELECTOR, "[data-mh-elderly-status]")
    assert status.get_attribute("role") == "status" and status.get_attribute("textContent") == "已开启长辈模式"
    assert body_font_px(browser) >= 24 > normal
    assert browser.execute_script("return localStorage.getItem('mh-elderly')") == "1"

    # Remembered: on the next page load, set before the first frame is drawn.
    browser.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument",
        {"source": "requestAnimationFrame(() => { window.__mhFirstFrame = document.documentElement.className; });"},
    )
    browser.get(served_site.url + "hotlines/")
    assert is_elderly(browser)
    assert browser.find_element(By.CSS_SELECTOR, TOGGLE).text.strip() == "标准模式"
    first_frame = _wait(browser, lambda d: d.execute_script("return window.__mhFirstFrame"))
    assert "mh-elderly" in first_frame.split()

    # Space turns it off again.
    button = browser.find_element(By.CSS_SELECTOR, TOGGLE)
    browser.execute_script("arguments[0].focus()", button)
    ActionChains(browser).send_keys(Keys.SPACE).perform()
    assert not is_elderly(browser) and button.text.strip() == "长辈模式"
    assert browser.find_element(By.CSS_SELECTOR, "[data-mh-elderly-status]").get_attribute("textContent") == "已关闭长辈模式"
    browser.get(served_site.url + "articles/sleep-basics/")
    assert not is_elderly(browser)
    assert browser.execute_script("return localStorage.getItem('mh-elderly')") is None


def test_toggle_is_hidden_without_javascript(browser, served_site: ServedSite) -> None:
    from selenium.webdriver.common.by import By

    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    browser.get(served_site.url)
    assert not browser.find_element(By.CSS_SELECTOR, TOGGLE).is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, "a.mh-header-help").is_displayed()


# -- Elderly mode against the 适老化 rules -----------------------------------------------


@pytest.mark.parametrize("path", PAGES + MORE_PAGES)
def test_text_is_at_least_18pt_with_line_spacing_and_contrast(browser, served_site: ServedSite, path: str) -> None:
    set_elderly(browser, served_site.url + path)
    texts = browser.execute_script(TEXT_JS, "body")
    assert texts
    # Every piece of text in the help bar, the page and the footer: 24 px (18 pt) or more.
    small = [t for t in texts if t["size"] < 24 - 0.01]
    assert small == [], small
    # Line spacing of paragraphs, list items, table cells…: at least 1.3.
    tight = [t for t in texts if t["block"] and t["blockRatio"] < 1.3]
    assert tight == [], tight
    low = [t for t in texts if t["contrast"] < 4.5]
    assert low == [], low


@pytest.mark.parametrize("path", PAGES + MORE_PAGES)
def test_touch_targets_are_at_least_60px(browser, served_site: ServedSite, path: str) -> None:
    set_elderly(browser, served_site.url + path)
    targets = browser.execute_script(TARGETS_JS)
    assert len(targets) >= 6
    small = [t for t in targets if not t["inline"] and (t["width"] < 60 - 0.01 or t["height"] < 60 - 0.01)]
    assert small == [], small


def test_normal_mode_is_smaller_so_the_checks_can_fail(browser, served_site: ServedSite) -> None:
    set_elderly(browser, served_site.url + "hotlines/", on=False)
    texts = browser.execute_script(TEXT_JS, "body")
    assert min(t["size"] for t in texts) < 24
    targets = browser.execute_script(TARGETS_JS)
    assert any(not t["inline"] and t["height"] < 60 for t in targets)


@pytest.mark.parametrize("width", [360, 320])
@pytest.mark.parametrize("path", PAGES + MORE_PAGES)
def test_nothing_is_cut_off_sideways_on_a_phone(served_site: ServedSite, browser_available, width: int, path: str) -> None:
    driver = make_driver(width, 740)
    try:
        set_elderly(driver, served_site.url + path)
        result = driver.execute_script(OVERFLOW_JS)
        assert result["out"] == [], result
        # The header's buttons are all there, 60 px or more.
        buttons = driver.execute_script(
            """return Array.from(document.querySelectorAll('.md-header__inner > .md-header__button, .md-header__inner > label'))
                 .filter(e => getComputedStyle(e).display !== 'none')
                 .map(e => { const r = e.getBoundingClientRect(); return {cls: e.className, l: r.left, r: r.right, w: r.width, h: r.height}; });"""
        )
        assert len(buttons) == 4, buttons  # menu, 求助, 长辈模式, search
        for b in buttons:
            assert b["l"] >= 0 and b["r"] <= width and b["w"] >= 60 and b["h"] >= 60, b
    finally:
        driver.quit()


def test_help_bar_numbers_stay_above_the_fold(browser, served_site: ServedSite) -> None:
    set_elderly(browser, served_site.url + "articles/sleep-basics/")
    boxes = browser.execute_script(
        "return Array.from(document.querySelectorAll('.mh-helpbar a.mh-call'))"
        ".map(a => { const r = a.getBoundingClientRect(); return {bottom: r.bottom, vh: innerHeight}; });"
    )
    assert boxes and all(b["bottom"] <= b["vh"] for b in boxes), boxes


def test_no_popups_and_a_single_column(served_site: ServedSite, browser_available) -> None:
    """Wide screen: one column (no sidebars), tabs kept as the navigation but
    large; nothing pops up (back-to-top button, tooltips)."""
    driver = make_driver(1280, 900)
    try:
        set_elderly(driver, served_site.url + "articles/sleep-basics/")
        layout = driver.execute_script(
            """
            const shown = sel => Array.from(document.querySelectorAll(sel)).some(e => getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().width > 0);
            window.scrollTo(0, 3000); window.scrollTo(0, 1500);
            const c = document.querySelector('.md-content').getBoundingClientRect();
            const tabs = Array.from(document.querySelectorAll('.md-tabs__link')).map(a => a.getBoundingClientRect());
            return {primary: shown('.md-sidebar--primary'), secondary: shown('.md-sidebar--secondary'), tags: shown('.md-tags'),
                    left: c.left, right: innerWidth - c.right, tabs: tabs.length, tabMin: Math.min(...tabs.map(r => Math.min(r.width, r.height))),
                    tabsRight: Math.max(...tabs.map(r => r.right)), vw: innerWidth};
            """
        )
        import time

        time.sleep(0.5)
        top_shown = driver.execute_script(
            "const t = document.querySelector('.md-top'); return !!t && getComputedStyle(t).display !== 'none' && !t.hidden;"
        )
        assert not top_shown
        assert driver.execute_script(
            "return Array.from(document.querySelectorAll('.md-tooltip, .md-tooltip2')).every(t => getComputedStyle(t).display === 'none')"
        )
        assert not layout["primary"] and not layout["secondary"] and not layout["tags"], layout
        assert abs(layout["left"] - layout["right"]) < 2, layout  # centred
        assert layout["tabs"] >= 8 and layout["tabMin"] >= 60 and layout["tabsRight"] <= layout["vw"], layout
    finally:
        driver.quit()


# -- The browser's own font size ---------------------------------------------------


@pytest.mark.parametrize("elderly", [False, True])
@pytest.mark.parametrize("path", PAGES)
def test_browser_default_font_size_scales_the_page(browser, served_site: ServedSite, path: str, elderly: bool) -> None:
    url = served_site.url + path
    set_elderly(browser, url, on=elderly)
    default = body_font_px(browser)
    assert default == (24 if elderly else 18)
    # Chrome's "Very large" default font size (settings → appearance → font size).
    browser.execute_cdp_cmd("Page.setFontSizes", {"fontSizes": {"standard": 24}})
    browser.get(url)
    larger = body_font_px(browser)
    assert larger == pytest.approx(default * 24 / 16, abs=0.1)
    result = browser.execute_script(OVERFLOW_JS)
    assert result["out"] == [], result


# -- A self-check's result ------------------------------------------------------------


@pytest.mark.parametrize("width", [360, 1280])
def test_self_check_result_with_the_urgent_box(served_site: ServedSite, browser_available, width: int) -> None:
    """PHQ-9 with item 9 above 0 (urgent, whatever the total: Kroenke, Spitzer
    & Williams 2001) in 长辈模式: after 查看结果 the urgent box is the first
    thing on the screen, under the (taller) header, its crisis numbers in
    view; and the urgent box and the result meet the 适老化 rules."""
    from selenium.webdriver.common.by import By

    driver = make_driver(width, 740 if width < 1000 else 800)
    try:
        set_elderly(driver, served_site.url + "self-check/phq9/")
        driver.execute_script(
            "document.querySelectorAll('.mh-q').forEach((q, i, all) =>"
            " q.querySelectorAll('input')[i === all.length - 1 ? 2 : 1].click())"
        )
        button = driver.find_element(By.ID, "mh-score")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
        button.click()
        assert driver.find_element(By.ID, "mh-total").text == "10"  # 8 × 1 + 2
        place = driver.execute_script(
            "const h = document.querySelector('.md-header').getBoundingClientRect().bottom;"
            "const box = document.getElementById('mh-urgent').getBoundingClientRect();"
            "const calls = Array.from(document.querySelectorAll('#mh-urgent a.mh-call')).map(a => a.getBoundingClientRect());"
            "return {header: h, top: box.top, vh: innerHeight, active: document.activeElement.id,"
            " callsIn: calls.length > 0 && calls.every(r => r.top >= h && r.bottom <= innerHeight)};"
        )
        assert place["header"] - 0.5 <= place["top"] < place["vh"] and place["callsIn"], place
        assert place["active"] == "mh-urgent", place
        for scope in ("#mh-urgent", "#mh-result"):
            texts = driver.execute_script(TEXT_JS, scope)
            assert texts, scope
            assert [t for t in texts if t["size"] < 24 - 0.01] == [], scope
            assert [t for t in texts if t["block"] and t["blockRatio"] < 1.3] == [], scope
            assert [t for t in texts if t["contrast"] < 4.5] == [], scope
        # Touch targets on the phone, the whole page as it now is (as for the
        # other pages; the wide screen's header has Material's own search icon).
        if width < 1000:
            targets = driver.execute_script(TARGETS_JS)
            small = [t for t in targets if not t["inline"] and (t["width"] < 60 - 0.01 or t["height"] < 60 - 0.01)]
            assert small == [], small
    finally:
        driver.quit()
