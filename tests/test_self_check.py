"""Self-check questionnaires: the data rules, the standard scoring, the built
pages, and the whole session in Chromium without a single network request."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, ServedSite, mkdocs_build
from html_scan import parse
from questionnaires import load_questionnaire, score

DATA = ROOT / "docs/_data/questionnaires"

# The published bands (Kroenke 2001; Spitzer 2006), written out independently
# of the data files: total -> band label in our wording.
PHQ9_BANDS = [(0, 4, "没有或极少"), (5, 9, "轻度"), (10, 14, "中度"), (15, 19, "中重度"), (20, 27, "重度")]
GAD7_BANDS = [(0, 4, "没有或极少"), (5, 9, "轻度"), (10, 14, "中度"), (15, 21, "重度")]


def load(name: str):
    q, errors = load_questionnaire(DATA / f"{name}.yml", f"docs/_data/questionnaires/{name}.yml")
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
    q, errors = load_questionnaire(path, f"docs/_data/questionnaires/{name}.yml")
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
    q, errors = load_questionnaire(tmp_path / "gad7.yml", "docs/_data/questionnaires/gad7.yml")
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
    # The focus moves to the result, which screen readers then read.
    assert browser.execute_script("return document.activeElement.id") == "mh-result"
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
    assert browser.find_element(By.ID, "mh-missing").text == "还有第 4、5、6、7 题没有回答。"
    assert not browser.find_element(By.ID, "mh-result").is_displayed()


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
