"""Self-check questionnaires: the data rules, the standard scoring, the built
pages, and the whole session in Chromium without a single network request."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chromium import wait_for_late_scripts
from conftest import ROOT, ServedSite, mkdocs_build
from html_scan import parse
from mhsite.self_check.model import load_questionnaire, score

DATA = ROOT / "docs/_data/questionnaires"

# The published bands, written out independently of the data files:
# total -> band label in our wording.
# PHQ-9: 0–4 none-minimal, 5–9 mild, 10–14 moderate, 15–19 moderately severe,
# 20–27 severe (Kroenke, Spitzer & Williams 2001, J Gen Intern Med 16:606–613).
PHQ9_BANDS = [(0, 4, "没有或极少"), (5, 9, "轻度"), (10, 14, "中度"), (15, 19, "中重度"), (20, 27, "重度")]
# GAD-7: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe
# (Spitzer, Kroenke, Williams & Löwe 2006, Arch Intern Med 166:1092–1097).
GAD7_BANDS = [(0, 4, "没有或极少"), (5, 9, "轻度"), (10, 14, "中度"), (15, 21, "重度")]
PUBLISHED_BANDS = {"phq9": PHQ9_BANDS, "gad7": GAD7_BANDS}

# Answers that call for help now, whatever the total: PHQ-9 item 9 (thoughts
# of being better off dead or of hurting oneself) answered anything above
# "not at all" (0), i.e. a score of 1 or more: a positive item 9 calls for
# asking about suicide risk at any total (Kroenke, Spitzer & Williams 2001,
# and the PHQ's instructions for use). GAD-7 has no such item (Spitzer et al. 2006).
PUBLISHED_URGENT = {"phq9": {"q9": 1}, "gad7": {}}

NAMES = sorted(path.stem for path in DATA.glob("*.yml"))


def load(name: str):
    q, errors, _ = load_questionnaire(DATA / f"{name}.yml", f"docs/_data/questionnaires/{name}.yml")
    assert errors == []
    return q


@pytest.mark.parametrize(("name", "items", "bands"), [("phq9", 9, PHQ9_BANDS), ("gad7", 7, GAD7_BANDS)])
def test_standard_items_options_and_bands(name, items, bands) -> None:
    q = load(name)
    assert len(q.items) == items
    assert [o.score for o in q.options] == [0, 1, 2, 3]
    assert [(b.min, b.max) for b in q.bands] == [(lo, hi) for lo, hi, _ in bands]
    for lo, hi, words in bands:
        for total in (lo, hi):
            # Spread `total` over the items, at most 3 each.
            answers, left = {}, total
            for item in q.items:
                answers[item.id] = min(3, left)
                left -= answers[item.id]
            assert score(q, answers).band.label.startswith(words), (total, score(q, answers).band.label)


def test_phq9_item_9_is_urgent_whatever_the_total() -> None:
    q = load("phq9")
    answers = {item.id: 0 for item in q.items} | {"q9": 1}
    result = score(q, answers)
    assert result.total == 1 and result.band.min == 0
    assert [u.item for u in result.urgent] == ["q9"]
    assert score(q, {item.id: 0 for item in q.items}).urgent == ()


@pytest.mark.parametrize("name", NAMES)
def test_urgent_items_are_the_published_ones(name) -> None:
    # Every questionnaire the site scores has its bands and urgent items
    # written in this file from its source; the browser tests below go over
    # every urgent item the data files have.
    assert name in PUBLISHED_BANDS and name in PUBLISHED_URGENT, f"{name}: write its published bands and urgent items here"
    q = load(name)
    assert {u.item: u.min_score for u in q.urgent} == PUBLISHED_URGENT[name]


def test_scoring_refuses_unanswered() -> None:
    q = load("gad7")
    with pytest.raises(ValueError):
        score(q, {"q1": 1})


# -- Bad questionnaire data ------------------------------------------------------


def broken(tmp_path: Path, replace: tuple[str, str], name: str = "phq9") -> list:
    text = (DATA / f"{name}.yml").read_text(encoding="utf-8")
    old, new = replace
    assert old in text, old
    path = tmp_path / f"{name}.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    q, errors, _ = load_questionnaire(path, f"docs/_data/questionnaires/{name}.yml")
    assert q is None
    return errors


def line_of(name: str, needle: str, occurrence: int = 1) -> int:
    lines = (DATA / f"{name}.yml").read_text(encoding="utf-8").splitlines()
    hits = [i for i, line in enumerate(lines, 1) if needle in line]
    return hits[occurrence - 1]


def test_missing_options(tmp_path: Path) -> None:
    text = (DATA / "gad7.yml").read_text(encoding="utf-8")
    start, end = text.index("options:\n"), text.index("items:\n")
    (tmp_path / "gad7.yml").write_text(text[:start] + text[end:], encoding="utf-8")
    q, errors, _ = load_questionnaire(tmp_path / "gad7.yml", "docs/_data/questionnaires/gad7.yml")
    assert q is None and [e.where for e in errors] == ["options"]
    assert "缺少必填字段" in errors[0].message


def test_a_gap_between_bands(tmp_path: Path) -> None:
    errors = broken(tmp_path, ("  - min: 5\n", "  - min: 6\n"))
    assert [(e.where, e.line) for e in errors] == [("bands[1].min", line_of("phq9", "- min: 5"))]
    assert "总分 5–5 没有对应的结果" in errors[0].message


def test_overlapping_bands(tmp_path: Path) -> None:
    errors = broken(tmp_path, ("  - min: 10\n", "  - min: 9\n"))
    assert [(e.where, e.line) for e in errors] == [("bands[2].min", line_of("phq9", "- min: 10"))]
    assert "重叠" in errors[0].message and "应为 10" in errors[0].message


def test_bands_that_stop_short_of_the_highest_total(tmp_path: Path) -> None:
    errors = broken(tmp_path, ("    max: 21\n", "    max: 20\n"), name="gad7")
    assert [e.where for e in errors] == ["bands[3].max"]
    assert "最高可能总分是 21" in errors[0].message


def test_an_urgent_item_that_does_not_exist(tmp_path: Path) -> None:
    errors = broken(tmp_path, ("  - item: q9\n", "  - item: q10\n"))
    assert [(e.where, e.line) for e in errors] == [("urgent[0].item", line_of("phq9", "- item: q9"))]
    assert "q10" in errors[0].message


def test_a_build_with_bad_questionnaire_data_fails_with_the_message(project_copy: Path, tmp_path: Path) -> None:
    path = project_copy / "docs/_data/questionnaires/gad7.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - min: 10\n", "  - min: 11\n"), encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert f"docs/_data/questionnaires/gad7.yml:{line_of('gad7', '- min: 10')}: bands[2].min:" in result.output
    assert "Traceback" not in result.output


# -- Built pages -------------------------------------------------------------------


def test_pages_readable_without_javascript(site_dir: Path) -> None:
    index = parse(site_dir / "self-check/index.html")
    assert {"phq9/", "gad7/"} <= {a.attrs.get("href") for a in index.find("a")}
    for name, items in (("phq9", 9), ("gad7", 7)):
        page = parse(site_dir / f"self-check/{name}/index.html")
        assert len(page.find("fieldset", cls="mh-q")) == items
        assert len(page.find("input", type="radio")) == items * 4
        # Every radio has its label around it.
        assert all("mh-opt" in r.inside for r in page.find("input", type="radio"))
        forms = [f for f in page.find("form") if "md-search__form" not in f.classes]
        assert forms == [], "nothing may ever be submitted"
        assert "自己算分" in page.text and "不是诊断" in page.text
        assert page.find("table")  # the bands, to score by hand
        # The button and the result appear only with the script.
        assert page.find("p", cls="mh-quiz__actions")[0].attrs.get("hidden") is not None
    assert "Kroenke" in parse(site_dir / "self-check/phq9/index.html").text
    assert "何筱衍" in parse(site_dir / "self-check/gad7/index.html").text


# -- In the browser ---------------------------------------------------------------------


def answer_all(browser, scores: list[int]) -> None:
    from selenium.webdriver.common.by import By

    for n, value in enumerate(scores, start=1):
        radio = browser.find_element(By.CSS_SELECTOR, f"input[name='q{n}'][value='{value}']")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", radio)
        radio.find_element(By.XPATH, "..").click()


# Where an element is: its top and bottom, the bottom of the sticky header
# (Material's header, with its tabs on a wide screen) and the screen's height.
PLACE_JS = """
const el = document.getElementById(arguments[0]);
const r = el.getBoundingClientRect();
return {top: r.top, bottom: r.bottom, header: document.querySelector('.md-header').getBoundingClientRect().bottom,
        vh: innerHeight};
"""


def result(browser) -> tuple[str, str]:
    return browser.execute_script(
        "return [document.getElementById('mh-total').textContent, document.getElementById('mh-band').textContent]"
    )


@pytest.mark.parametrize(
    ("name", "scores", "total", "band"),
    [
        ("phq9", [0] * 9, "0", "没有或极少"),
        ("phq9", [1, 1, 1, 1, 0, 0, 0, 0, 0], "4", "没有或极少"),
        ("phq9", [1, 1, 1, 1, 1, 0, 0, 0, 0], "5", "轻度"),
        ("phq9", [3, 3, 3, 0, 0, 0, 0, 0, 0], "9", "轻度"),
        ("phq9", [3, 3, 3, 1, 0, 0, 0, 0, 0], "10", "中度"),
        ("phq9", [3, 3, 3, 3, 2, 0, 0, 0, 0], "14", "中度"),
        ("phq9", [3, 3, 3, 3, 3, 0, 0, 0, 0], "15", "中重度"),
        ("phq9", [3, 3, 3, 3, 3, 3, 1, 0, 0], "19", "中重度"),
        ("phq9", [3, 3, 3, 3, 3, 3, 2, 0, 0], "20", "重度"),
        ("gad7", [0] * 7, "0", "没有或极少"),
        ("gad7", [3, 3, 3, 3, 2, 0, 0], "14", "中度"),
        ("gad7", [3, 3, 3, 3, 3, 0, 0], "15", "重度"),
        ("gad7", [3] * 7, "21", "重度"),
    ],
)
def test_scoring_in_the_browser(browser, served_site: ServedSite, name, scores, total, band) -> None:
    from selenium.webdriver.common.by import By

    browser.get(served_site.url + f"self-check/{name}/")
    answer_all(browser, scores)
    browser.find_element(By.ID, "mh-score").click()
    got_total, got_band = result(browser)
    assert got_total == total and got_band.startswith(band)
    assert browser.find_element(By.ID, "mh-result").is_displayed()
    # The focus moves to the result, which screen readers then read, and the
    # page shows its top, under the sticky header.
    assert browser.execute_script("return document.activeElement.id") == "mh-result"
    place = browser.execute_script(PLACE_JS, "mh-result")
    assert place["header"] <= place["top"] < place["vh"], place
    # No urgent box unless PHQ-9 item 9 was answered above 0.
    assert not browser.find_element(By.ID, "mh-urgent").is_displayed()


def test_item_9_shows_the_crisis_numbers_at_once(browser, served_site: ServedSite) -> None:
    from selenium.webdriver.common.by import By

    browser.get(served_site.url + "self-check/phq9/")
    urgent = browser.find_element(By.ID, "mh-urgent")
    assert not urgent.is_displayed()
    answer_all(browser, [0] * 8 + [1])  # before pressing "查看结果"
    assert urgent.is_displayed()
    hrefs = [a.get_attribute("href") for a in urgent.find_elements(By.CSS_SELECTOR, "a.mh-call")]
    assert hrefs == ["tel:12356", "tel:110", "tel:120"]
    assert urgent.find_element(By.LINK_TEXT, "找离您最近的心理服务站").get_attribute("href").endswith("/stations/")
    # And it goes away if the answer is changed back.
    answer_all(browser, [0] * 9)
    assert not urgent.is_displayed()


def test_unanswered_questions_are_named(browser, served_site: ServedSite) -> None:
    from selenium.webdriver.common.by import By

    browser.get(served_site.url + "self-check/gad7/")
    answer_all(browser, [1, 1, 1])
    browser.find_element(By.ID, "mh-score").click()
    missing = browser.find_element(By.ID, "mh-missing")
    assert missing.text == "还有第 4、5、6、7 题没有回答。"
    assert not browser.find_element(By.ID, "mh-result").is_displayed()
    # It names only what is still unanswered, and goes when nothing is.
    answer_all(browser, [1, 1, 1, 1])
    assert missing.text == "还有第 5、6、7 题没有回答。"
    answer_all(browser, [1] * 7)
    assert not missing.is_displayed()


def test_keyboard_only(browser, served_site: ServedSite) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(served_site.url + "self-check/gad7/")
    first = browser.find_element(By.CSS_SELECTOR, "input[name='q1'][value='0']")
    browser.execute_script("arguments[0].focus()", first)
    keys = ActionChains(browser)
    for _ in range(7):
        # Arrow down selects the next option in the group (1 分); Tab moves to the next question.
        keys.send_keys(Keys.ARROW_DOWN).send_keys(Keys.TAB)
    keys.perform()
    assert browser.execute_script("return document.activeElement.id") == "mh-score"
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    assert result(browser) == ["7", "轻度焦虑症状"]


def test_saving_is_opt_in_and_clearing_removes_it(browser, served_site: ServedSite) -> None:
    from selenium.webdriver.common.by import By

    browser.get(served_site.url + "self-check/gad7/")
    stored = lambda: browser.execute_script("return window.localStorage.getItem('mh-self-check:gad7')")  # noqa: E731
    answer_all(browser, [1] * 7)
    browser.find_element(By.ID, "mh-score").click()
    assert stored() is None, "nothing is kept unless the resident asks"
    browser.find_element(By.ID, "mh-save").click()
    saved = json.loads(stored())
    assert saved["total"] == 7 and saved["label"] == "轻度焦虑症状" and set(saved) == {"date", "total", "label"}
    browser.get(served_site.url + "self-check/gad7/")
    assert "总分 7 分" in browser.find_element(By.ID, "mh-stored").text
    browser.find_element(By.ID, "mh-clear").click()
    assert stored() is None
    assert browser.find_element(By.ID, "mh-stored").text == "本机没有保存结果。"


def test_no_request_leaves_the_page_during_a_whole_session(browser, served_site: ServedSite) -> None:
    from selenium.webdriver.common.by import By

    browser.get(served_site.url + "self-check/phq9/")
    wait_for_late_scripts(browser)  # the page's own files, Material's bundle last (site.js, part 9)
    browser.get_log("performance")  # from here on: the resident's session
    answer_all(browser, [2, 1, 1, 0, 0, 1, 0, 0, 1])
    browser.find_element(By.ID, "mh-score").click()
    browser.find_element(By.ID, "mh-save").click()
    browser.find_element(By.ID, "mh-clear").click()
    assert result(browser)[0] == "6"
    requests = [
        json.loads(entry["message"])["message"]["params"]["request"]["url"]
        for entry in browser.get_log("performance")
        if json.loads(entry["message"])["message"]["method"] == "Network.requestWillBeSent"
    ]
    # Inline icons (data:) and the browser's own favicon fetch are not the page's doing.
    assert [u for u in requests if not u.startswith("data:") and not u.endswith("/favicon.svg")] == []


# -- Urgent help first, on every screen ------------------------------------------------

# name: (width, height, 长辈模式, the browser's text size in %)
SCREENS = {
    "phone": (360, 740, False, 100),
    "desktop": (1280, 800, False, 100),
    "phone-elderly": (360, 740, True, 100),
    "desktop-elderly": (1280, 800, True, 100),
    "phone-text-200": (360, 740, False, 200),
}


def open_on(driver, url: str, screen: str) -> None:
    """Open `url` on a screen of SCREENS, in 长辈模式 or not (as a resident's
    earlier choice left it: remembered on the device), with the browser's
    own text size (Chromium's default font size, 16 px at 100 %)."""
    width, height, elderly, text = SCREENS[screen]
    phone = width < 1000
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 2 if phone else 1, "mobile": phone},
    )
    driver.execute_cdp_cmd("Page.setFontSizes", {"fontSizes": {"standard": 16 * text // 100, "fixed": 13 * text // 100}})
    driver.get(url)
    driver.execute_script("localStorage.setItem('mh-elderly', '1')" if elderly else "localStorage.removeItem('mh-elderly')")
    driver.get(url)
    assert driver.execute_script("return document.documentElement.classList.contains('mh-elderly')") == elderly


def answer_items(browser, answers: dict[str, int]) -> None:
    from selenium.webdriver.common.by import By

    for item, value in answers.items():
        radio = browser.find_element(By.CSS_SELECTOR, f"input[name='{item}'][value='{value}']")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", radio)
        radio.find_element(By.XPATH, "..").click()


def press_score(browser) -> None:
    from selenium.webdriver.common.by import By

    button = browser.find_element(By.ID, "mh-score")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()


def published_band(name: str, total: int) -> str:
    return next(words for lo, hi, words in PUBLISHED_BANDS[name] if lo <= total <= hi)


def urgent_cases() -> list:
    """Every urgent item of every questionnaire: its lowest urgent answer with
    all else 0 (a total in the lowest band), and the issue's case, 2 with all
    else 1 (PHQ-9: total 10, 中度)."""
    cases = []
    for name in NAMES:
        q = load(name)
        top = max(o.score for o in q.options)
        for u in q.urgent:
            low = {i.id: 0 for i in q.items} | {u.item: u.min_score}
            mid = {i.id: 1 for i in q.items} | {u.item: min(top, max(u.min_score, 2))}
            cases += [pytest.param(name, u.item, low, id=f"{name}-{u.item}-low"),
                      pytest.param(name, u.item, mid, id=f"{name}-{u.item}-mid")]
    return cases


# What a resident sees and what is under their finger, where the page is now:
# an element "seen" is wholly on the screen below the sticky header and is
# what a tap at its centre reaches (nothing, like Material's 回到页面顶部
# button, lies over it).
SEEN_JS = """
const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
const seen = el => {
  const r = el.getBoundingClientRect();
  if (r.top < header - 0.5 || r.bottom > innerHeight + 0.5 || r.width === 0) return false;
  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return !!top && (top === el || el.contains(top));
};
const box = document.getElementById('mh-urgent');
const result = document.getElementById('mh-result');
return {header, vh: innerHeight, top: box.getBoundingClientRect().top, active: document.activeElement.id,
        title: !!document.getElementById('mh-urgent-title') && seen(document.getElementById('mh-urgent-title')),
        calls: Array.from(box.querySelectorAll('a.mh-call')).map(a => [a.getAttribute('href'), seen(a)]),
        messages: Array.from(box.querySelectorAll('[data-urgent]')).filter(p => !p.hidden).map(p => p.dataset.urgent),
        resultAfter: !!(box.compareDocumentPosition(result) & Node.DOCUMENT_POSITION_FOLLOWING)};
"""


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize(("name", "item", "answers"), urgent_cases())
def test_urgent_help_is_the_first_thing_seen_and_read(browser, served_site: ServedSite, screen, name, item, answers) -> None:
    # Issue: PHQ-9 with item 9 = 2, after 查看结果 the page showed 中度抑郁症状
    # with the crisis message 522 px above the screen.
    from selenium.webdriver.common.by import By

    open_on(browser, served_site.url + f"self-check/{name}/", screen)
    answer_items(browser, answers)
    press_score(browser)
    total = sum(answers.values())
    got_total, got_band = result(browser)
    assert got_total == str(total) and got_band.startswith(published_band(name, total)), (got_total, got_band)
    view = browser.execute_script(SEEN_JS)
    # The urgent box's top is on the screen, just under the sticky header…
    assert view["header"] - 0.5 <= view["top"] < view["vh"], view
    # …with its heading and every crisis number to tap wholly in view (with
    # the text at 200 %, the first one at least);
    calls = view["calls"] if SCREENS[screen][3] == 100 else view["calls"][:1]
    assert view["title"] and calls and all(ok for _, ok in calls), view
    assert view["messages"] == [item], view
    # the focus is on it (a screen reader reads it first), and the result
    # follows it in reading order.
    assert view["active"] == "mh-urgent" and view["resultAfter"], view
    box = browser.find_element(By.ID, "mh-urgent")
    assert box.get_attribute("role") == "alert" and box.accessible_name == "请现在就找人谈一谈"
    assert browser.find_element(By.ID, "mh-result").is_displayed()


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_nothing_floats_over_the_score_button_or_the_call_buttons(browser, served_site: ServedSite, screen) -> None:
    # Material's 回到页面顶部 button appears under the header while the page
    # scrolls up: over the urgent box's call buttons, then over 查看结果.
    from selenium.webdriver.common.action_chains import ActionChains

    open_on(browser, served_site.url + "self-check/phq9/", screen)
    answer_items(browser, {f"q{n}": 1 for n in range(1, 10)})
    press_score(browser)
    covered = """
    const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
    return Array.from(document.querySelectorAll('#mh-score, #mh-urgent a, #mh-result a, #mh-result button')).filter(el => {
      const r = el.getBoundingClientRect();
      const y = r.top + r.height / 2;
      if (y < header || y > innerHeight || r.width === 0) return false;
      const top = document.elementFromPoint(r.left + r.width / 2, y);
      return !(top && (top === el || el.contains(top)));
    }).map(el => el.id || el.textContent.trim());
    """
    for _ in range(12):
        ActionChains(browser).scroll_by_amount(0, -120).perform()
        browser.execute_script("return new Promise(r => setTimeout(r, 250))")
        assert browser.execute_script(covered) == []
    assert not browser.execute_script(
        "const t = document.querySelector('.md-top'); return !!t && t.checkVisibility({checkVisibilityCSS: true})")


# -- What is shown and saved is always the current answers' ------------------------------


def stored_value(browser, name: str):
    raw = browser.execute_script(f"return window.localStorage.getItem('mh-self-check:{name}')")
    return None if raw is None else json.loads(raw)


def current_total(browser) -> int | None:
    """The sum of the checked answers, read from the radio buttons; None if any is unanswered."""
    return browser.execute_script(
        "const qs = Array.from(document.querySelectorAll('.mh-q'));"
        "const v = qs.map(q => q.querySelector('input:checked'));"
        "return v.every(Boolean) ? v.reduce((s, i) => s + Number(i.value), 0) : null;"
    )


def stale_state(browser) -> dict:
    return browser.execute_script(
        "const shown = id => document.getElementById(id).checkVisibility();"
        "const stale = document.getElementById('mh-stale');"
        "return {result: shown('mh-result'), total: shown('mh-total'), save: shown('mh-save'),"
        " stale: stale ? stale.textContent : '', staleRole: stale && stale.getAttribute('role')};"
    )


@pytest.mark.parametrize("name", NAMES)
def test_a_changed_answer_after_the_result_puts_it_away(browser, served_site: ServedSite, name) -> None:
    # Issue 13: answer everything, 查看结果, change an answer: the old total
    # and band stayed, and 在本机保存 stored the old total.
    from selenium.webdriver.common.by import By

    q = load(name)
    browser.get(served_site.url + f"self-check/{name}/")
    answer_items(browser, {i.id: 1 for i in q.items})
    press_score(browser)
    assert result(browser)[0] == str(len(q.items))
    answer_items(browser, {q.items[1].id: 3})
    state = stale_state(browser)
    assert not state["result"] and not state["total"] and not state["save"], state
    assert "请再按“查看结果”" in state["stale"] and state["staleRole"] == "status", state
    # Pressed again: the new total, which is what is saved.
    press_score(browser)
    total = len(q.items) + 2
    assert current_total(browser) == total
    assert result(browser)[0] == str(total) and result(browser)[1].startswith(published_band(name, total))
    assert stale_state(browser)["stale"] == ""
    browser.find_element(By.ID, "mh-save").click()
    saved = stored_value(browser, name)
    assert saved["total"] == total and saved["label"].startswith(published_band(name, total))


def test_a_changed_answer_by_keyboard_puts_the_result_away(browser, served_site: ServedSite) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(served_site.url + "self-check/gad7/")
    answer_all(browser, [1] * 7)
    press_score(browser)
    assert result(browser)[0] == "7"
    # The arrow key checks the next option of the group (2 分), as a keyboard user changes an answer.
    radio = browser.find_element(By.CSS_SELECTOR, "input[name='q3'][value='1']")
    browser.execute_script("arguments[0].focus()", radio)
    ActionChains(browser).send_keys(Keys.ARROW_DOWN).perform()
    assert current_total(browser) == 8
    state = stale_state(browser)
    assert not state["result"] and not state["save"] and state["stale"], state
    # Tab goes on to 查看结果 (past the other questions' groups), Enter gives the new total.
    button = browser.find_element(By.ID, "mh-score")
    browser.execute_script("arguments[0].focus()", button)
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    assert result(browser) == ["8", "轻度焦虑症状"]


def test_save_never_stores_a_total_other_than_the_answers(browser, served_site: ServedSite) -> None:
    # An answer changed with no change event (as a browser restoring a page's
    # form can): the result on the screen no longer matches, and 在本机保存
    # refuses rather than store it.
    from selenium.webdriver.common.by import By

    browser.get(served_site.url + "self-check/phq9/")
    answer_all(browser, [1] * 9)
    press_score(browser)
    assert result(browser)[0] == "9"
    browser.execute_script("document.querySelector(\"input[name='q1'][value='3']\").checked = true")
    assert current_total(browser) == 11
    browser.execute_script("document.getElementById('mh-save').click()")
    assert stored_value(browser, "phq9") is None
    state = stale_state(browser)
    assert not state["result"] and state["stale"], state
    assert browser.execute_script("return document.activeElement.id") == "mh-score"
    press_score(browser)
    browser.find_element(By.ID, "mh-save").click()
    assert stored_value(browser, "phq9")["total"] == 11 == current_total(browser)
    assert stored_value(browser, "phq9")["label"].startswith(published_band("phq9", 11))


def test_an_answer_removed_after_the_result(browser, served_site: ServedSite) -> None:
    browser.get(served_site.url + "self-check/gad7/")
    answer_all(browser, [2] * 7)
    press_score(browser)
    browser.execute_script(
        "const r = document.querySelector(\"input[name='q5']:checked\"); r.checked = false;"
        "r.dispatchEvent(new Event('change', {bubbles: true}))"
    )
    assert current_total(browser) is None
    assert not stale_state(browser)["result"]
    browser.execute_script("document.getElementById('mh-save').click()")
    assert stored_value(browser, "gad7") is None
    press_score(browser)
    assert browser.execute_script("return document.getElementById('mh-missing').textContent") == "还有第 5 题没有回答。"
    assert not stale_state(browser)["result"]


def test_reload_with_a_saved_result(browser, served_site: ServedSite) -> None:
    from selenium.webdriver.common.by import By

    url = served_site.url + "self-check/gad7/"
    browser.get(url)
    answer_all(browser, [1] * 7)
    press_score(browser)
    browser.find_element(By.ID, "mh-save").click()
    browser.refresh()
    # After a reload no result is on the screen, whatever the browser kept of
    # the answers; the saved one is named as saved, with its date.
    assert not stale_state(browser)["result"]
    assert "本机保存的结果：" in browser.find_element(By.ID, "mh-stored").text
    assert "总分 7 分（轻度焦虑症状）" in browser.find_element(By.ID, "mh-stored").text
    answer_all(browser, [3] * 7)
    press_score(browser)
    assert result(browser) == ["21", "重度焦虑症状"]
    browser.find_element(By.ID, "mh-save").click()
    assert stored_value(browser, "gad7")["total"] == 21 == current_total(browser)
    browser.find_element(By.ID, "mh-clear").click()
    assert stored_value(browser, "gad7") is None
    # Clearing what is saved leaves the result on the screen as it is: still these answers'.
    assert result(browser)[0] == "21" and stale_state(browser)["result"]
