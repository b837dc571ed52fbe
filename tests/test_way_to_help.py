"""The way to help, polished (issue 19, seen on a 360 px phone as a new
user): each item held where it can be.

- known hotline numbers in a page's text are tap-to-call links (not in
  links, code or headings; 110/120 only as numbers to call);
- the header shows the site's name on a phone (two lines, not 「示例…」);
- the home page's 近期活动 shows no cancelled activity (tests/test_audiences.py);
- opening hours lead with when it is open (tests/unit/test_opening_hours.py);
- the locator's no-result message: one 。, and a word typed is not a filter;
- search excerpts of articles start with the text, not the author line;
- the elderly-mode button says what pressing does, on one line
  (and tests/test_elderly_mode.py);
- /faq/ has its topics at the top;
- the editors' guide's step 3 is a step of its own;
- /self-check/ says 「共 N 题，约 M 分钟」 once per self-check;
- PHQ-9 shows 「清除本机保存的结果」 only when something is saved;
- Material's 回到页面顶部 does not cover 查看结果 (tests/test_self_check.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ServedSite, make_driver
from html_scan import parse
from mhsite.common.tel_links import Number, link_numbers
from mhsite.search.index import index_document

NUMBERS = {
    "12356": Number("12356", "tel:12356", "心理援助"),
    "110": Number("110", "tel:110", "报警"),
    "120": Number("120", "tel:120", "急救"),
}


# -- Numbers to call ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "linked"),
    [
        ("<p>请立即拨打 120 或 110。</p>", ["120", "110"]),
        ("<p>可以拨打 <strong>12356</strong> 心理援助热线。</p>", ["12356"]),
        ("<p>12356 是全国统一的心理援助热线。</p>", ["12356"]),
        ("<p>110（报警）</p>", ["110"]),
        # The calling word outside the bold around the number (Markdown **110**).
        ("<p>请立即拨打 <strong>110</strong> 或 <strong>120</strong>。</p>", ["110", "120"]),
        ("<p><strong>120</strong>（急救）</p>", ["120"]),
        ("<li>拨打 <em>12356</em></li>", ["12356"]),
        # Not numbers to call.
        ("<p>讲座约 120 分钟，共 110 人参加。</p>", []),
        ("<p>电话 0573-12356 转 2</p>", []),
        ("<p>编号 123567、2026-11-05</p>", []),
        # Not inside a link, code or a heading.
        ('<p><a href="tel:12356">12356</a></p>', []),
        ("<p><code>12356</code></p><pre>拨打 120</pre>", []),
        ("<h2>拨打 12356 之前</h2>", []),
        ('<p title="12356">文字</p>', []),
        # A calling word in one paragraph or item does not reach the next.
        ("<p>有事请拨打</p><p><strong>120</strong> 分钟的讲座</p>", []),
        ("<li>报警电话</li><li>120 人</li>", []),
    ],
)
def test_known_numbers_in_text_become_tel_links(html: str, linked: list[str]) -> None:
    out = link_numbers(html, NUMBERS)
    assert re.findall(r'<a class="mh-tel" href="tel:(\d+)"', out) == linked
    assert re.sub(r'<a class="mh-tel"[^>]*>(\d+)</a>', r"\1", out) == html


def test_unknown_and_sample_numbers_are_left_alone() -> None:
    assert link_numbers("<p>请拨打 12345 或 0573-8000 0000。</p>", NUMBERS) == "<p>请拨打 12345 或 0573-8000 0000。</p>"


def test_articles_and_answers_link_the_numbers_they_name(site_dir: Path) -> None:
    article = parse(site_dir / "articles/when-someone-talks-about-suicide/index.html")
    content = article.html.split('data-md-component="content"', 1)[1]
    assert re.search(r'请立即拨打 <a class="mh-tel" href="tel:120"[^>]*>120</a> 或 <a class="mh-tel" href="tel:110"', content)
    faq = (site_dir / "faq/index.html").read_text(encoding="utf-8")
    assert 'href="tel:12356"' in faq.split('id="what-is-12356"', 1)[1].split("<h3", 1)[0]
    # Headings stay text.
    assert not re.search(r"<h[1-6][^>]*>[^<]*<a class=\"mh-tel\"", faq)
    # No page leaves a number to call as plain (bold) text after a calling word.
    unlinked = re.compile(r"(?:拨打|报警|急救|致电)[^<。；]{0,10}(?:<(?:strong|em|b)>)(110|120|12356|12355)<")
    left = {}
    for path in site_dir.rglob("*.html"):
        if "/hotlines/" in path.as_posix() or "/stations/" in path.as_posix():
            continue
        html = path.read_text(encoding="utf-8")
        main = html.split('data-md-component="content"', 1)[-1]
        found = unlinked.findall(main)
        if found:
            left[path.relative_to(site_dir).as_posix()] = found
    assert left == {}, left


# -- Pages --------------------------------------------------------------------------


def test_faq_lists_its_topics_at_the_top(site_dir: Path) -> None:
    page = parse(site_dir / "faq/index.html")
    html = page.html.split('data-md-component="content"', 1)[1]
    nav = html.index('class="mh-faq-topics"')
    assert nav < html.index("<h2")
    links = re.findall(r'<a href="#(topic-[a-z]+)">', html[nav:html.index("</nav>", nav)])
    topics = [e.attrs["id"] for e in page.find("h2") if e.attrs.get("id", "").startswith("topic-")]
    assert links == topics and len(links) == 8


def test_the_editors_guides_third_step_is_a_step_of_its_own(site_dir: Path) -> None:
    html = (site_dir / "editors/index.html").read_text(encoding="utf-8").split('data-md-component="content"', 1)[1]
    first_list = html[html.index("<ol>"):html.index("</ol>")]
    items = re.findall(r"<li>\s*(?:<p>)?<strong>([^<]+)</strong>", first_list)
    assert items == ["预览", "看提示", "提交"]


def test_self_checks_say_their_length_once(site_dir: Path) -> None:
    index = parse(site_dir / "self-check/index.html").text
    assert index.count("约 2 分钟") == 2  # PHQ-9 and GAD-7, once each
    assert "共 9 题，约 2 分钟" in index and "共 7 题，约 2 分钟" in index
    page = parse(site_dir / "self-check/gad7/index.html")
    lead = page.find("p", "mh-lead")[0].text
    assert lead.count("分钟") == 1 and "共 7 题" in lead


def test_a_description_that_repeats_the_length_is_refused(tmp_path: Path) -> None:
    from conftest import ROOT
    from mhsite.self_check.model import load_questionnaire

    text = (ROOT / "docs/_data/questionnaires/gad7.yml").read_text(encoding="utf-8")
    text = text.replace("description: 了解", "description: 7 个问题，约 2 分钟，了解", 1)
    path = tmp_path / "gad7.yml"
    path.write_text(text, encoding="utf-8")
    _, errors, _ = load_questionnaire(path, "docs/_data/questionnaires/gad7.yml", ROOT / "docs")
    assert [(e.line, e.where) for e in errors] == [(6, "description")]
    assert "自动写出" in errors[0].message


def test_article_search_documents_start_with_the_text(site_dir: Path) -> None:
    for page in ("articles/sleep-basics/index.html", "guides/screen-time/index.html", "lessons/good-sleep/01-how-sleep-works/index.html"):
        document = index_document((site_dir / page).read_text(encoding="utf-8"))
        body = document.split("<main data-pagefind-body>", 1)[1]
        text = re.sub(r"<[^>]+>", " ", body)
        # Neither the author and review lines nor the lesson's number.
        # (the documents hold Chinese as character pairs: 作者 → "作者 者")
        joined = re.sub(r"(\S)\S?\s+", r"\1", text)
        for words in ("作者：", "最后审核", "下次审核", "阅读约", "学习约"):
            assert words not in joined, (page, words)


# -- In the browser -------------------------------------------------------------------


def test_the_header_shows_the_sites_name_on_a_phone(served_site: ServedSite, browser_available) -> None:
    # The phone (360 px). On 320 px the buttons leave the title two
    # characters' width: nothing to hold there but that nothing overflows.
    for width in (360,):
        driver = make_driver(width=width)
        try:
            driver.get(served_site.url + "articles/when-someone-talks-about-suicide/")
            name = driver.execute_script(
                "const e = document.querySelector('.md-header__topic .md-ellipsis');"
                "return {text: e.textContent.trim(), cut: e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1,"
                " lines: Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight))}"
            )
            assert name["text"] == "示例区心理服务平台" and not name["cut"], (width, name)
            assert 1 <= name["lines"] <= 2, (width, name)
            assert driver.execute_script("return document.documentElement.scrollWidth <= innerWidth")
            # The site's name, and the page's title once scrolled, sit in the
            # middle of the header's bar, not at its top edge.
            centred = (
                "const bar = document.querySelector('.md-header__inner').getBoundingClientRect();"
                "return [...document.querySelectorAll('.md-header__topic .md-ellipsis')].map((e) => {"
                " const box = e.getBoundingClientRect();"
                " return [e.textContent.trim(), Math.abs(box.top + box.height / 2 - (bar.top + bar.height / 2))]; })"
            )
            for text, off in driver.execute_script(centred):
                assert off <= 2, (text, off)
            driver.execute_script("window.scrollTo(0, 900)")
            driver.execute_script("return new Promise((done) => setTimeout(done, 500))")
            for text, off in driver.execute_script(centred):
                assert off <= 2, ("scrolled", text, off)
        finally:
            driver.quit()


def test_the_elderly_buttons_label_stays_on_one_line(served_site: ServedSite, browser_available) -> None:
    for width in (360, 320):
        driver = make_driver(width=width)
        try:
            driver.get(served_site.url)
            driver.execute_script("localStorage.setItem('mh-elderly', '1')")
            driver.get(served_site.url + "hotlines/")
            label = driver.execute_script(
                "const b = document.querySelector('[data-mh-elderly-toggle]');"
                "const t = [...b.querySelectorAll('span')].find(s => s.offsetParent !== null);"
                "const r = document.createRange(); r.selectNodeContents(t);"
                "const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));"
                "return {text: t.textContent, lines: tops.size, name: b.textContent.trim()}"
            )
            assert label["text"] == "标准模式" and label["lines"] == 1, (width, label)
            assert driver.execute_script("return document.documentElement.scrollWidth <= innerWidth"), width
        finally:
            driver.quit()


def test_the_locators_no_result_message(browser, served_site: ServedSite) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(served_site.url + "stations/")
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return !document.getElementById('mh-finder').hidden"))
    browser.find_element(By.ID, "mh-q").send_keys("不存在的地方")
    status = WebDriverWait(browser, 10).until(lambda d: d.find_element(By.ID, "mh-status").text.startswith("没有找到") and d.find_element(By.ID, "mh-status").text)
    assert "。。" not in status and "筛选" not in status and "不存在的地方" in status
    # With a filter as well: now the filters may be what to change.
    browser.find_element(By.CSS_SELECTOR, "input[name=service][value=clinic]").click()
    status = WebDriverWait(browser, 10).until(lambda d: "筛选" in d.find_element(By.ID, "mh-status").text and d.find_element(By.ID, "mh-status").text)
    assert "。。" not in status and status.count("。") == 1


def test_the_locator_takes_the_service_from_the_address(browser, served_site: ServedSite) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(served_site.url + "stations/?service=bereaved-families")
    found = WebDriverWait(browser, 10).until(
        lambda d: d.execute_script("return !document.getElementById('mh-results').hidden && Array.from(document.querySelectorAll('#mh-results li')).map(li => li.dataset.station)")
    )
    assert sorted(found) == ["district-centre", "nanshan-station", "taoyuan-station"]


def test_phq9_offers_to_clear_only_what_is_saved(browser, served_site: ServedSite) -> None:
    from selenium.webdriver.common.by import By

    from test_self_check import answer_all

    url = served_site.url + "self-check/phq9/"
    browser.get(url)
    browser.execute_script("localStorage.clear()")
    browser.get(url)
    clear = browser.find_element(By.ID, "mh-clear")
    assert browser.find_element(By.ID, "mh-stored").text == "本机没有保存结果。" and not clear.is_displayed()
    answer_all(browser, [0] * 9)
    browser.find_element(By.ID, "mh-score").click()
    browser.find_element(By.ID, "mh-save").click()
    assert clear.is_displayed()
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", clear)
    clear.click()
    assert not clear.is_displayed() and browser.find_element(By.ID, "mh-stored").text == "本机没有保存结果。"
    assert browser.execute_script("return document.activeElement.id") == "mh-stored"
