"""The station pages as built from the sample docs/_data/stations.yml."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

import yaml

from conftest import ROOT, mkdocs_build
from mhsite.common.geo import gcj02_to_wgs84
from html_scan import parse
from mhsite.stations.pages import map_links
from mhsite.stations.model import load_stations


def stations() -> list[dict]:
    return yaml.safe_load((ROOT / "docs/_data/stations.yml").read_text(encoding="utf-8"))["stations"]


def test_locator_lists_every_station_grouped_by_area_without_javascript(site_dir: Path) -> None:
    page = parse(site_dir / "stations/index.html")
    items = page.find("li", cls="mh-station")
    assert sorted(i.attrs["data-station"] for i in items) == sorted(s["id"] for s in stations())
    areas = {s["area"] for s in stations()}
    assert areas <= {h.text.strip().rstrip("¶").strip() for h in page.find("h2")}
    # The filters are there for the script, hidden until it runs.
    assert page.find("form", id="mh-finder")[0].attrs.get("hidden") is not None


def test_every_page_of_the_locator_says_the_data_is_a_sample(site_dir: Path) -> None:
    pages = [site_dir / "stations/index.html", *(site_dir / "stations").glob("*/index.html"), *(site_dir / "stations/area").glob("*/index.html")]
    assert len(pages) > len(stations())
    for path in pages:
        assert "示例数据" in parse(path).text, path


def test_station_page_has_everything_a_resident_needs(site_dir: Path) -> None:
    data = next(s for s in stations() if s.get("special_days"))
    page = parse(site_dir / "stations" / data["id"] / "index.html")
    assert page.find("h1")[0].text.strip().startswith(data["name"])
    assert data["address"] in page.text
    assert "开放时间" in page.text and "节假日" in page.text
    assert "下次" in page.text  # next special day, e.g. 下次精防日：12月17日 08:30–11:30
    # Sample numbers are shown, marked, and not dialable.
    for number in data["phone"] if isinstance(data["phone"], list) else [data["phone"]]:
        digits = "".join(c for c in number if c.isdigit())
        assert f"tel:{digits}" not in page.html
    assert "示例号码，请勿拨打" in page.text
    # The poster's QR code is in the page (shown when printed).
    assert page.find("div", cls="mh-poster-qr") and page.find("svg")


def test_next_special_day_in_words(site_dir: Path) -> None:
    # Build date in the tests: 2026-11-23; a monthly-17 clinic's next day is 12月17日.
    clinic = next(s for s in stations() if any(d.get("monthly") == 17 for d in s.get("special_days", [])))
    text = parse(site_dir / "stations" / clinic["id"] / "index.html").text
    assert "12月17日" in text


def test_map_links_carry_the_right_coordinate_system() -> None:
    # The shipped stations are samples and their pages have no map links
    # (tests/test_publication.py); the links a real station gets:
    network, _, _ = load_stations(ROOT / "docs/_data/stations.yml", "docs/_data/stations.yml", date(2026, 11, 23))
    station = network.stations[0]
    lat, lng = station.location
    links = {m.app: m.url for m in map_links(station, station.name, "gcj02")}
    amap = parse_qs(urlparse(links["高德地图"]).query)
    assert amap["coordinate"] == ["gaode"] and amap["position"] == [f"{lng:.6f},{lat:.6f}"]
    baidu = parse_qs(urlparse(links["百度地图"]).query)
    assert baidu["coord_type"] == ["gcj02"] and baidu["location"] == [f"{lat:.6f},{lng:.6f}"]
    tencent = parse_qs(urlparse(links["腾讯地图"]).query)
    assert tencent["coord_type"] == ["2"]
    apple = parse_qs(urlparse(links["苹果地图"]).query)
    assert apple["ll"] == [f"{lat:.6f},{lng:.6f}"]


def test_sample_stations_have_no_map_links(site_dir: Path) -> None:
    """Their locations are invented but on a real map: no link may send a
    resident to a stranger's door."""
    for data in stations():
        page = parse(site_dir / "stations" / data["id"] / "index.html")
        assert not page.find("ul", cls="mh-maps__links"), data["id"]
        assert not any(host in page.html for host in ("uri.amap.com", "api.map.baidu.com", "apis.map.qq.com", "maps.apple.com"))
        assert "不提供地图导航" in page.text


def test_parent_and_children_are_linked(site_dir: Path) -> None:
    child = next(s for s in stations() if s.get("parent"))
    page = parse(site_dir / "stations" / child["id"] / "index.html")
    assert f"../{child['parent']}/" in {a.attrs.get("href") for a in page.find("a")}
    parent = parse(site_dir / "stations" / child["parent"] / "index.html")
    assert f"../{child['id']}/" in {a.attrs.get("href") for a in parent.find("a")}


def test_area_pages(site_dir: Path) -> None:
    areas = {}
    for s in stations():
        areas.setdefault(s["area"], []).append(s["id"])
    for area, ids in areas.items():
        page = parse(site_dir / "stations/area" / area / "index.html")
        assert sorted(i.attrs["data-station"] for i in page.find("li", cls="mh-station")) == sorted(ids)
    locator = parse(site_dir / "stations" / stations()[0]["id"] / "index.html")
    assert f"../area/{quote(stations()[0]['area'])}/" in {a.attrs.get("href") for a in locator.find("a")}


def test_json_export_is_wgs84_and_complete(site_dir: Path) -> None:
    data = json.loads((site_dir / "stations/stations.json").read_text(encoding="utf-8"))
    assert data["sample"] is True and data["coordinates"] == "wgs84"
    by_id = {s["id"]: s for s in data["stations"]}
    assert set(by_id) == {s["id"] for s in stations()}
    first = stations()[0]
    lat, lng = gcj02_to_wgs84(*first["location"])
    assert by_id[first["id"]]["lat"] == round(lat, 6) and by_id[first["id"]]["lng"] == round(lng, 6)
    assert data["calendar"]["holidays"]["2026-10-01"]


def test_station_pages_stay_out_of_navigation_and_search(site_dir: Path) -> None:
    # The site search's page list (hooks/mhsite/search/index.py): the locator is in it, no station or area page.
    pages = json.loads((site_dir / "search/pages.json").read_text(encoding="utf-8"))["pages"]
    locations = {url for url, _title, _boost in pages.values()}
    assert "stations/" in locations
    assert not any(loc.startswith("stations/") and loc != "stations/" for loc in locations)
    home = parse(site_dir / "index.html")
    nav_links = {a.attrs.get("href") for a in home.find("a", cls="md-nav__link")}
    assert not any(h and h.startswith("stations/") and h != "stations/" for h in nav_links)


def test_station_text_is_escaped_everywhere(project_copy: Path, tmp_path: Path) -> None:
    data = project_copy / "docs/_data/stations.yml"
    text = data.read_text(encoding="utf-8")
    first = stations()[0]
    text = text.replace(f"name: {first['name']}", 'name: "<script>alert(1)</script>中心"', 1)
    text = text.replace(f"address: {first['address']}", 'address: "</script><img src=x onerror=alert(2)>"', 1)
    data.write_text(text, encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.output
    for path in [tmp_path / "site/stations/index.html", tmp_path / "site/stations" / first["id"] / "index.html"]:
        html = path.read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in html and "<img src=x" not in html, path
        assert "<script>alert(1)</script>中心" in parse(path).text  # shown as text
    exported = json.loads((tmp_path / "site/stations/stations.json").read_text(encoding="utf-8"))
    assert exported["stations"][0]["name"] == "<script>alert(1)</script>中心" or any(
        s["name"] == "<script>alert(1)</script>中心" for s in exported["stations"]
    )


def test_a_large_network_lists_its_areas_not_a_heading_each(project_copy: Path, tmp_path: Path) -> None:
    """Beyond INLINE_LIST_LIMIT stations the locator lists the areas, each a
    link to its page with its count, in one list under one heading: a
    heading per area made a table of contents as long as the list of areas
    (1,000 on a province's site), which Material's script measures on every
    load (1.3 s of blocked main thread on Lighthouse's phone)."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from large_site import enlarge
    from mhsite.stations.pages import INLINE_LIST_LIMIT

    count, areas = INLINE_LIST_LIMIT + 20, 42
    enlarge(project_copy, articles=0, stations=count, areas=areas)
    built = mkdocs_build(project_copy, tmp_path / "site")
    assert built.returncode == 0, built.output[-4000:]
    page = parse(built.site / "stations/index.html")
    assert len(page.find("ul", cls="mh-area-list")) == 1
    links = page.find("a", within="mh-area-list")
    assert len(links) == areas
    assert links[0].attrs["href"] == f"area/{quote('示例0000镇')}/"
    assert links[0].text.strip() == f"示例0000镇（{len(range(0, count, areas))} 个站点）"
    # One heading for the areas; the table of contents stays short.
    assert [h.attrs.get("id") for h in page.find("h2")] == ["areas"]
    assert len(page.find("a", within="md-nav--secondary")) <= 3
    # The areas are not written a second time as the filter's options
    # (locator.js makes them from the list: tests/test_stations_browser.py).
    assert not [o for o in page.find("option") if o.attrs.get("value", "").startswith("示例")]
    assert [li.attrs["data-area"] for li in page.find("li", within="mh-area-list")][:2] == ["示例0000镇", "示例0001镇"]
