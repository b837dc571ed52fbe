"""The station locator in Chromium on a phone: filters, text search, open now
with a faked clock, and nearest first with a faked position."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import ServedSite
from mhsite.common.geo import distance_m, gcj02_to_wgs84
from test_hotlines_browser import fake_clock

CHINA = ZoneInfo("Asia/Shanghai")


def sample(served_site: ServedSite) -> dict:
    return json.loads((served_site.root / "stations/stations.json").read_text(encoding="utf-8"))


def open_locator(browser, site: ServedSite):
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(site.url + "stations/")
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return !document.getElementById('mh-finder').hidden"))


def results(browser) -> list[str]:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return !document.getElementById('mh-results').hidden"))
    return browser.execute_script("return Array.from(document.querySelectorAll('#mh-results li')).map(li => li.dataset.station)")


def set_select(browser, element_id: str, value: str) -> None:
    from selenium.webdriver.support.ui import Select
    from selenium.webdriver.common.by import By

    Select(browser.find_element(By.ID, element_id)).select_by_value(value)


def test_filter_by_area_kind_and_service(browser, served_site: ServedSite) -> None:
    from selenium.webdriver.common.by import By

    data = sample(served_site)
    open_locator(browser, served_site)
    area = data["areas"][1]
    set_select(browser, "mh-area", area)
    assert sorted(results(browser)) == sorted(s["id"] for s in data["stations"] if s["area"] == area)
    set_select(browser, "mh-area", "")
    set_select(browser, "mh-kind", "room")
    browser.find_element(By.CSS_SELECTOR, "input[name=service][value=sandplay]").click()
    expected = sorted(s["id"] for s in data["stations"] if s["kind"] == "room" and "sandplay" in s["services"])
    assert expected, "the sample should have rooms with a sandplay room"
    assert sorted(results(browser)) == expected
    status = browser.find_element(By.ID, "mh-status").text
    assert f"找到 {len(expected)} 个站点" in status


def test_text_search_in_chinese(browser, served_site: ServedSite) -> None:
    from selenium.webdriver.common.by import By

    data = sample(served_site)
    target = data["stations"][5]
    open_locator(browser, served_site)
    word = target["name"][:3]
    browser.find_element(By.ID, "mh-q").send_keys(word)
    found = results(browser)
    assert target["id"] in found
    assert all(word in s["name"] or word in s["address"] or word in s["area"] for s in data["stations"] if s["id"] in found)
    browser.find_element(By.ID, "mh-q").send_keys("不存在的地方")
    assert results(browser) == []


@pytest.mark.parametrize(
    ("when", "weekday_open"),
    [(datetime(2026, 11, 25, 10, 0, tzinfo=CHINA), True), (datetime(2026, 11, 25, 23, 0, tzinfo=CHINA), False)],
)
def test_open_now_with_a_faked_clock(browser, served_site: ServedSite, when, weekday_open) -> None:
    from selenium.webdriver.common.by import By

    fake_clock(browser, when)
    open_locator(browser, served_site)
    browser.find_element(By.ID, "mh-open").click()
    found = results(browser)
    centre = sample(served_site)["stations"][0]["id"]
    # The centre is open weekday mornings and closed at night; at 23:00 nothing is open.
    assert (centre in found) == weekday_open
    if not weekday_open:
        assert found == []


def test_nearest_first_with_a_faked_position(browser, served_site: ServedSite) -> None:
    from selenium.webdriver.common.by import By

    data = sample(served_site)
    target = data["stations"][-1]
    # Stand 150 m north of the last station (its stations.json position is WGS-84, like GPS).
    lat, lng = target["lat"] + 0.00135, target["lng"]
    browser.execute_cdp_cmd("Browser.grantPermissions", {"origin": served_site.url.rstrip("/"), "permissions": ["geolocation"]})
    browser.execute_cdp_cmd("Emulation.setGeolocationOverride", {"latitude": lat, "longitude": lng, "accuracy": 20})
    open_locator(browser, served_site)
    browser.find_element(By.ID, "mh-near").click()
    found = results(browser)
    expected = sorted(data["stations"], key=lambda s: distance_m(lat, lng, s["lat"], s["lng"]))
    assert found[:5] == [s["id"] for s in expected[:5]]
    first_distance = browser.execute_script("return document.querySelector('#mh-results li .mh-distance').textContent")
    nearest = distance_m(lat, lng, expected[0]["lat"], expected[0]["lng"])
    assert expected[0]["id"] == target["id"] and round(nearest) == 150
    assert first_distance == "约 150 米"
    assert "按距离由近到远" in browser.find_element(By.ID, "mh-status").text


def test_gcj02_is_converted_before_measuring(served_site: ServedSite) -> None:
    # The page's data is WGS-84: converted from the editors' GCJ-02 at build time.
    import yaml

    from conftest import ROOT

    raw = yaml.safe_load((ROOT / "docs/_data/stations.yml").read_text(encoding="utf-8"))
    data = sample(served_site)
    first = raw["stations"][0]
    exported = next(s for s in data["stations"] if s["id"] == first["id"])
    assert distance_m(*first["location"], exported["lat"], exported["lng"]) > 100
    assert distance_m(*gcj02_to_wgs84(*first["location"]), exported["lat"], exported["lng"]) < 1


def test_position_never_leaves_the_phone(browser, served_site: ServedSite) -> None:
    from selenium.webdriver.common.by import By

    browser.execute_cdp_cmd("Browser.grantPermissions", {"origin": served_site.url.rstrip("/"), "permissions": ["geolocation"]})
    browser.execute_cdp_cmd("Emulation.setGeolocationOverride", {"latitude": 30.7512, "longitude": 120.7543, "accuracy": 20})
    browser.get_log("performance")
    open_locator(browser, served_site)
    browser.find_element(By.ID, "mh-near").click()
    results(browser)
    requested = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requested.append(message["params"]["request"])
    requested = [r for r in requested if not r["url"].startswith("data:")]  # inline icons, not the network
    assert requested
    for request in requested:
        assert request["url"].startswith(served_site.url), request["url"]
        assert request["method"] == "GET"
        assert "30.75" not in request["url"] and "120.75" not in request["url"]


@pytest.fixture(scope="module")
def large_network(tmp_path_factory: pytest.TempPathFactory):
    """A copy with more stations than the locator lists inline, served."""
    import sys

    from conftest import ROOT, mkdocs_build, serve

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from large_site import enlarge
    from mhsite.stations.pages import INLINE_LIST_LIMIT
    from site_build import copy_project

    work = tmp_path_factory.mktemp("large-network")
    project = enlarge(copy_project(work / "project"), articles=0, stations=INLINE_LIST_LIMIT + 20, areas=42)
    built = mkdocs_build(project, work / "site")
    assert built.returncode == 0, built.output[-4000:]
    with serve(built.site) as url:
        yield ServedSite(url, built.site)


def test_a_large_networks_area_filter_is_made_from_its_list(browser, large_network: ServedSite) -> None:
    data = sample(large_network)
    open_locator(browser, large_network)
    options = browser.execute_script("return Array.from(document.getElementById('mh-area').options, o => o.value)")
    assert options == [""] + data["areas"]
    # The areas as 44 px chips, not indented, rows apart (site.css).
    from conftest import chips_layout

    layout = chips_layout(browser, ".mh-area-list")
    assert layout["display"] == "flex" and layout["indent"] == 0, layout
    assert min(layout["heights"]) >= 44 and min(layout["rows"]) >= 6, layout
    area = data["areas"][5]
    set_select(browser, "mh-area", area)
    assert sorted(results(browser)) == sorted(s["id"] for s in data["stations"] if s["area"] == area)
