"""The hotline directory in Chromium: "open now" with a faked clock, the notice
when no local line is open, and the audience filter."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import ServedSite
from page_clock import clock_script

CHINA = ZoneInfo("Asia/Shanghai")


def fake_clock(driver, when: datetime) -> None:
    """Make the page's clock read `when` from the first script on."""
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": clock_script(when)})


def badge(driver, hotline_id: str) -> str:
    return driver.execute_script(
        "const b = document.querySelector('#' + arguments[0] + ' [data-open-badge]');"
        "return b && !b.hidden ? b.textContent : null;",
        hotline_id,
    )


def notice(driver) -> str | None:
    return driver.execute_script("const n = document.getElementById('mh-now'); return n.hidden ? null : n.textContent;")


LOCAL = "district-sample-line"  # the sample data's local line: Mon–Fri 08:30–11:30 and 13:30–17:00, closed on holidays


@pytest.mark.parametrize(
    ("when", "open_text", "notice_shown"),
    [
        # A Wednesday morning: open.
        (datetime(2026, 11, 25, 10, 0, tzinfo=CHINA), "正在接听，今天 11:30 结束", False),
        # The same evening: closed until tomorrow; the page points to 12356, 110, 120.
        (datetime(2026, 11, 25, 22, 0, tzinfo=CHINA), "现在不在接听时间，明天 08:30 开始", True),
        # The phone's own time zone does not matter: 02:00 UTC is 10:00 in China.
        (datetime(2026, 11, 25, 2, 0, tzinfo=ZoneInfo("UTC")), "正在接听，今天 11:30 结束", False),
        # National Day (a statutory holiday, a Thursday): closed.
        (datetime(2026, 10, 1, 10, 0, tzinfo=CHINA), "现在不在接听时间", True),
        # Saturday 10 October 2026 is a make-up working day (调休): open.
        (datetime(2026, 10, 10, 10, 0, tzinfo=CHINA), "正在接听", False),
    ],
)
def test_open_now_badge_and_notice(browser, served_site: ServedSite, when, open_text, notice_shown) -> None:
    fake_clock(browser, when)
    browser.get(served_site.url + "hotlines/")
    text = badge(browser, LOCAL)
    assert text is not None and text.startswith(open_text), text
    shown = notice(browser)
    assert (shown is not None) == notice_shown, shown
    if notice_shown:
        assert "本地热线现在都不在接听时间" in shown
        hrefs = browser.execute_script("return Array.from(document.querySelectorAll('#mh-now a')).map(a => a.getAttribute('href'))")
        assert hrefs == ["tel:12356", "tel:110", "tel:120"]


def test_24_hour_lines_are_always_open(browser, served_site: ServedSite) -> None:
    fake_clock(browser, datetime(2026, 10, 1, 3, 0, tzinfo=CHINA))
    browser.get(served_site.url + "hotlines/")
    assert badge(browser, "emergency-110") == "正在接听"


def test_audience_filter(browser, served_site: ServedSite) -> None:
    from selenium.webdriver.common.by import By

    browser.get(served_site.url + "hotlines/")

    def visible() -> set[str]:
        return set(
            browser.execute_script(
                "return Array.from(document.querySelectorAll('.mh-hotline')).filter(c => c.offsetParent !== null).map(c => c.id)"
            )
        )

    everything = visible()
    assert {"national-12356", "youth-12355", "women-12338", "emergency-110"} <= everything
    browser.find_element(By.CSS_SELECTOR, "button.mh-chip[data-audience='youth']").click()
    for_youth = visible()
    assert "youth-12355" in for_youth and "women-12338" not in for_youth
    # Lines for everyone and emergency numbers stay.
    assert {"national-12356", "emergency-110", "emergency-120"} <= for_youth
    pressed = browser.execute_script(
        "return Array.from(document.querySelectorAll('button.mh-chip')).filter(b => b.getAttribute('aria-pressed') === 'true').map(b => b.dataset.audience)"
    )
    assert pressed == ["youth"]
    browser.find_element(By.CSS_SELECTOR, "button.mh-chip[data-audience='']").click()
    assert visible() == everything


def test_without_javascript_the_page_is_a_complete_list(served_site: ServedSite) -> None:
    from html_scan import parse

    page = parse(served_site.root / "hotlines/index.html")
    cards = page.find("article", cls="mh-hotline")
    assert len(cards) >= 7
    # The filter is hidden until the script shows it; nothing else is hidden.
    assert page.find("div", cls="mh-filter")[0].attrs.get("hidden") is not None
    assert all("hidden" not in card.attrs for card in cards)
