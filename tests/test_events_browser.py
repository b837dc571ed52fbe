"""Activities and emergency mode in Chromium, with the page's clock faked: the
site is not rebuilt every day, so the browser hides what has ended since the
build, and an emergency notice turns itself off at its end."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import served_with_emergency
from mhsite.common.clock import CHINA
from test_events_pages import EVENTS, NOW
from test_hotlines_browser import fake_clock


def visible_events(driver) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('[data-event]'))"
        ".filter(li => li.offsetParent !== null).map(li => li.getAttribute('data-event'));"
    )


def test_events_page_hides_what_has_ended_since_the_build(browser, served_site):
    upcoming = EVENTS.upcoming(NOW)
    first = upcoming[0]
    # Just after the first upcoming activity has ended.
    fake_clock(browser, first.end + timedelta(minutes=1))
    browser.get(served_site.url + "events/")
    shown = visible_events(browser)
    assert first.id not in shown
    assert shown == [e.id for e in upcoming if e.end > first.end + timedelta(minutes=1)]
    # The activity's own page says it has ended and no longer offers the calendar.
    browser.get(served_site.url + f"events/{first.id}/")
    assert browser.find_element(By.CSS_SELECTOR, "[data-event-ended]").is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, ".mh-add-calendar").is_displayed()


def test_home_page_moves_on_to_the_next_activities(browser, served_site):
    upcoming = EVENTS.upcoming(NOW)
    fake_clock(browser, NOW)
    browser.get(served_site.url)
    assert visible_events(browser) == [e.id for e in upcoming[:3]]
    fake_clock(browser, upcoming[0].end + timedelta(minutes=1))
    browser.get(served_site.url)
    later = [e.id for e in upcoming if e.end > upcoming[0].end + timedelta(minutes=1)]
    assert visible_events(browser) == later[:3]


def test_filters_by_area_and_audience(browser, served_site):
    fake_clock(browser, NOW)
    browser.get(served_site.url + "events/")
    form = browser.find_element(By.ID, "mh-event-filter")
    assert form.is_displayed()
    upcoming = EVENTS.upcoming(NOW)
    area = EVENTS.places[upcoming[0].id].area
    Select(browser.find_element(By.ID, "mh-event-area")).select_by_value(area)
    expected = [e.id for e in upcoming if EVENTS.places[e.id].area == area]
    assert visible_events(browser) == expected
    assert browser.find_element(By.ID, "mh-events-count").text == f"找到 {len(expected)} 个活动"
    Select(browser.find_element(By.ID, "mh-event-area")).select_by_value("")
    Select(browser.find_element(By.ID, "mh-event-audience")).select_by_value("parents")
    expected = [e.id for e in upcoming if "parents" in e.audience or "public" in e.audience]
    assert visible_events(browser) == expected
    # Weeks with nothing left disappear with their heading.
    hidden_weeks = browser.execute_script(
        "return Array.from(document.querySelectorAll('.mh-event-week')).filter(w => w.hidden).length;"
    )
    weeks_with = {(e.start - timedelta(days=e.start.weekday())).date() for e in upcoming if e.id in expected}
    weeks_all = {(e.start - timedelta(days=e.start.weekday())).date() for e in upcoming}
    assert hidden_weeks == len(weeks_all - weeks_with)


def test_parent_finds_a_session_and_adds_it_to_the_calendar(browser, served_site):
    """From the station page to the phone's calendar: the activity's page,
    then "添加到日历", which is a real text/calendar file."""
    fake_clock(browser, NOW)
    session = next(e for e in EVENTS.upcoming(NOW) if "parents" in e.audience and e.station and e.status != "cancelled")
    browser.get(served_site.url + f"stations/{session.station}/")
    browser.find_element(By.CSS_SELECTOR, f'[data-event="{session.id}"] a').click()
    assert browser.current_url.endswith(f"/events/{session.id}/")
    add = browser.find_element(By.CSS_SELECTOR, ".mh-add-calendar")
    assert add.is_displayed() and add.text == "添加到日历"
    rect = add.rect
    assert rect["height"] >= 44
    response = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.text().then(t => done([r.status, r.headers.get('content-type'), t])));",
        add.get_attribute("href"),
    )
    status, content_type, text = response
    assert status == 200 and content_type.startswith("text/calendar")
    assert "BEGIN:VEVENT" in text and session.id in text


# -- Emergency mode ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def emergency_site(tmp_path_factory) -> Iterator[str]:
    yield from served_with_emergency(tmp_path_factory.mktemp("emergency"), "2026-11-22 08:00")


def notices_shown(driver) -> list[bool]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('[data-emergency]')).map(n => n.offsetParent !== null);"
    )


def help_bar_shown(driver) -> bool:
    return driver.find_element(By.CSS_SELECTOR, ".mh-helpbar").is_displayed()


def test_emergency_notice_shows_until_its_end(browser, emergency_site):
    fake_clock(browser, datetime(2026, 11, 30, 17, 59, tzinfo=CHINA))
    browser.get(emergency_site)
    assert notices_shown(browser) == [True, True]  # under the help bar, and leading the home page
    assert help_bar_shown(browser)
    browser.get(emergency_site + "hotlines/")
    assert notices_shown(browser) == [True]


def test_emergency_notice_turns_itself_off(browser, emergency_site):
    fake_clock(browser, datetime(2026, 11, 30, 18, 0, tzinfo=CHINA))
    browser.get(emergency_site)
    assert notices_shown(browser) == [False, False]
    assert help_bar_shown(browser)
    browser.get(emergency_site + "articles/")
    assert notices_shown(browser) == [False]
