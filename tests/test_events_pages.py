"""The activities in the built site: /events/, one page and one .ics file per
activity, the subscribable calendars, station pages, the home page, the JSON
export; emergency mode; and the news (Material's blog plugin + RSS).

Expected values come from docs/_data/events.yml read with the project's own
loader, so the tests follow the sample data; the .ics files are read back
with the `icalendar` library."""

from __future__ import annotations

import json
import textwrap
import xml.etree.ElementTree as ET
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import unquote

import icalendar
import pytest

from conftest import ROOT, TEST_EPOCH, mkdocs_build
from mhsite.events.pages import calendar_path
from mhsite.events.model import EventList, load_events
from mhsite.audiences.model import load_audiences
from html_scan import parse
from mhsite.common.clock import CHINA
from mhsite.stations.model import load_stations

NOW = datetime.fromtimestamp(int(TEST_EPOCH), tz=timezone.utc).astimezone(CHINA)
TODAY = NOW.date()
NETWORK, _, _ = load_stations(ROOT / "docs/_data/stations.yml", "docs/_data/stations.yml", TODAY)
AUDIENCES = load_audiences(ROOT / "docs/_data/audiences.yml", "docs/_data/audiences.yml")[0].names


def sample_events(root: Path = ROOT) -> EventList:
    events, errors, _ = load_events(
        root / "docs/_data/events.yml", "docs/_data/events.yml", NETWORK.by_id, NETWORK.areas, AUDIENCES
    )
    assert errors == []
    return events


EVENTS = sample_events()


def listed_ids(page) -> list[str]:
    return [li.attrs["data-event"] for li in page.find("li", "mh-event")]


def read_ics(path: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


# -- The sample data covers what a district's calendar holds ------------------------


def test_sample_has_the_kinds_of_activity_the_issue_names():
    events = EVENTS.events
    assert len(events) >= 10
    titles = " ".join(e.title for e in events)
    for word in ("亲子", "精防日", "培训", "讲座"):
        assert word in titles, word
    assert any(e.status == "cancelled" for e in events)
    assert any(e.place and "学" in e.place for e in events), "a talk at a school"
    assert len({EVENTS.places[e.id].area for e in events}) >= 3
    assert EVENTS.upcoming(NOW) and EVENTS.past(NOW)


# -- /events/ ------------------------------------------------------------------------


def test_events_page_lists_upcoming_activities_by_week(site_dir):
    page = parse(site_dir / "events/index.html")
    upcoming = EVENTS.upcoming(NOW)
    assert listed_ids(page) == [e.id for e in upcoming]
    weeks = page.find("section", "mh-event-week")
    assert len(weeks) >= 2
    # Each activity is under the heading of its own week.
    for e in upcoming:
        monday = e.start.date().toordinal() - e.start.weekday()
        week_id = f"week-{date.fromordinal(monday):%Y-%m-%d}"
        section = page.html[page.html.index(f'id="{week_id}"') :]
        assert section.index(f'data-event="{e.id}"') < section.index("</section>"), e.id
    # Filters ship hidden: they only work with JavaScript.
    form = page.find("form", id="mh-event-filter")[0]
    assert "hidden" in form.attrs
    areas = [o.attrs["value"] for o in page.find("option") if o.attrs.get("value") and o.attrs["value"] in NETWORK.areas]
    assert set(areas) == set(EVENTS.areas)


def test_every_listed_activity_carries_its_end_for_the_browser(site_dir):
    page = parse(site_dir / "events/index.html")
    by_id = {e.id: e for e in EVENTS.events}
    for li in page.find("li", "mh-event"):
        event = by_id[li.attrs["data-event"]]
        assert datetime.fromisoformat(li.attrs["data-end"]) == event.end
        assert li.attrs["data-area"] == (EVENTS.places[event.id].area or "")
        assert li.attrs["data-audience"].split() == event.audience


def test_archive_lists_what_had_ended(site_dir):
    page = parse(site_dir / "events/archive/index.html")
    assert listed_ids(page) == [e.id for e in EVENTS.past(NOW)]
    assert "往期活动" in parse(site_dir / "events/index.html").text


# -- One page per activity -------------------------------------------------------------


@pytest.mark.parametrize("event", EVENTS.events, ids=lambda e: e.id)
def test_event_page(site_dir, event):
    page = parse(site_dir / "events" / event.id / "index.html")
    assert page.find("h1")[0].text.strip().startswith(event.title)
    facts = page.find("dl", "mh-facts")[0].text
    assert f"{event.start:%H:%M}" in facts and f"{event.end:%H:%M}" in facts
    assert f"{event.start.month}月{event.start.day}日" in facts
    place = EVENTS.places[event.id]
    assert place.name in facts
    if place.station_id:
        assert page.find("a", href=f"../../stations/{place.station_id}/")
    assert "示例数据" in page.text  # the shipped events are samples, and say so
    add = page.find("a", "mh-add-calendar")
    if event.status == "cancelled":
        assert not add
        assert "活动已取消" in page.text and event.note in page.text
    else:
        assert add[0].attrs["href"] == f"{event.id}.ics"
        assert (site_dir / "events" / event.id / f"{event.id}.ics").is_file()
    if event.status == "moved":
        assert event.note in page.text


@pytest.mark.parametrize("event", EVENTS.events, ids=lambda e: e.id)
def test_event_ics_reads_back(site_dir, event):
    cal = read_ics(site_dir / "events" / event.id / f"{event.id}.ics")
    assert cal["VERSION"] == "2.0"
    (vevent,) = cal.walk("VEVENT")
    start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
    # Local China time with its zone, whatever the phone's own zone.
    assert start == event.start and end == event.end
    assert vevent["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert str(start.tzinfo) == "Asia/Shanghai"
    (zone,) = cal.walk("VTIMEZONE")
    assert zone["TZID"] == "Asia/Shanghai"
    summary = str(vevent["SUMMARY"])
    assert summary.startswith("【示例】") and summary.endswith(event.title)
    assert str(vevent["UID"]) == f"{event.id}@example.org"
    assert str(vevent["URL"]) == f"https://example.org/events/{event.id}/"
    assert EVENTS.places[event.id].name in str(vevent["LOCATION"])
    assert str(vevent["STATUS"]) == ("CANCELLED" if event.status == "cancelled" else "CONFIRMED")
    assert vevent.decoded("DTSTAMP") == NOW.astimezone(timezone.utc)


def test_calendar_feeds(site_dir):
    everything = read_ics(site_dir / calendar_path())
    uids = {str(v["UID"]).split("@")[0] for v in everything.walk("VEVENT")}
    assert uids == {e.id for e in EVENTS.events}
    assert str(everything["X-WR-CALNAME"]).endswith("活动")
    page = parse(site_dir / "events/index.html")
    hrefs = [a.attrs["href"] for a in page.find("a", within="mh-feed-list")]
    for area in EVENTS.areas:
        feed = read_ics(site_dir / calendar_path(area))
        ids = {str(v["UID"]).split("@")[0] for v in feed.walk("VEVENT")}
        assert ids == {e.id for e in EVENTS.events if EVENTS.places[e.id].area == area}, area
        # Offered on /events/ both to download and to subscribe (webcal://).
        relative = calendar_path(area).removeprefix("events/")
        assert relative in [unquote(h) for h in hrefs]
        assert f"webcal://example.org/{calendar_path(area)}" in [unquote(h) for h in hrefs]


def test_json_export(site_dir):
    data = json.loads((site_dir / "events/events.json").read_text(encoding="utf-8"))
    assert data["sample"] is True and data["time_zone"] == "Asia/Shanghai"
    by_id = {e.id: e for e in EVENTS.events}
    assert {item["id"] for item in data["events"]} == set(by_id)
    for item in data["events"]:
        assert datetime.fromisoformat(item["start"]) == by_id[item["id"]].start
        assert item["title"] == by_id[item["id"]].title


# -- Station pages and the home page ---------------------------------------------------


def test_station_pages_list_their_upcoming_activities(site_dir):
    with_events = {e.station for e in EVENTS.upcoming(NOW) if e.station}
    assert with_events
    for station in NETWORK.stations:
        page = parse(site_dir / "stations" / station.id / "index.html")
        expected = sorted(
            (e for e in EVENTS.events if e.station == station.id and e.end > NOW), key=lambda e: (e.start, e.id)
        )
        expected = [e.id for e in expected]
        assert listed_ids(page) == expected, station.id
        for event_id in expected:
            assert page.find("a", href=f"../../events/{event_id}/")


def test_home_page_shows_the_next_activities(site_dir):
    page = parse(site_dir / "index.html")
    items = page.find("li", "mh-event")
    # Cancelled activities take no place on the home page (issue 19); their own pages still say so.
    upcoming = [e.id for e in EVENTS.upcoming(NOW) if e.status != "cancelled"]
    assert [li.attrs["data-event"] for li in items] == upcoming[: len(items)]
    shown = [li.attrs["data-event"] for li in items if "hidden" not in li.attrs]
    assert shown == upcoming[:3]
    assert page.find("a", href="events/")


# -- Editors' text is escaped everywhere -------------------------------------------------

NASTY = "<script>alert('x')</script> & “引号” \"a\", b; c\\d"


def test_text_is_escaped_in_html_json_and_ics(project_copy, tmp_path):
    path = project_copy / "docs/_data/events.yml"
    path.write_text(
        textwrap.dedent(
            f"""\
            meta:
              sample: false
            events:
              - id: nasty
                title: '{NASTY.replace("'", "''")}'
                start: 2026-12-05 09:30
                end: 2026-12-05 11:00
                place: '<img src=x onerror=alert(1)>礼堂'
                area: 西河镇
                audience: [public]
                status: moved
                note: '<b>改期</b>'
                description: |
                  <script>alert(2)</script>
                  **加粗**
            """
        ),
        encoding="utf-8",
    )
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.output
    site = tmp_path / "site"
    for html_file in ("events/index.html", "events/nasty/index.html", "index.html"):
        html = (site / html_file).read_text(encoding="utf-8")
        assert "<script>alert" not in html, html_file
        assert "<img src=x" not in html, html_file
        assert "<b>改期" not in html, html_file
    event_page = parse(site / "events/nasty/index.html")
    assert NASTY in event_page.text  # shown as text, exactly
    assert "<strong>加粗</strong>" in event_page.html  # the description is Markdown
    data = json.loads((site / "events/events.json").read_text(encoding="utf-8"))
    assert data["events"][0]["title"] == NASTY
    (vevent,) = read_ics(site / "events/nasty/nasty.ics").walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "【有变动】" + NASTY
    assert str(vevent["LOCATION"]) == "<img src=x onerror=alert(1)>礼堂"


# -- Emergency mode ----------------------------------------------------------------------


def campaign(start: str, end: str) -> str:
    return textwrap.dedent(
        f"""\
        emergency:
          title: 暴雨洪涝灾害心理援助
          message: 受灾群众如有失眠、害怕，可以拨打 12356 心理援助热线。
          link: emergency/sample-campaign.md
          start: {start}
          end: {end}
        """
    )


def test_emergency_mode_on_every_page_under_the_help_bar(project_copy, tmp_path):
    (project_copy / "docs/_data/emergency.yml").write_text(campaign("2026-11-22 08:00", "2026-12-20"), encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.output
    site = tmp_path / "site"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        html = path.read_text(encoding="utf-8")
        if "mh-helpbar" not in html:
            continue  # e.g. the RSS stylesheet's page; every page with the help bar gets the notice
        assert "暴雨洪涝灾害心理援助" in html, path
        # Never instead of the help bar: after it.
        assert html.index("mh-helpbar") < html.index("data-emergency"), path
    home = parse(site / "index.html")
    lead = home.find("div", "mh-emergency--lead")
    assert lead and "hidden" not in lead[0].attrs
    assert home.html.index("mh-emergency--lead") < home.html.index("<h1")
    assert home.find("a", "mh-emergency__link", href="emergency/sample-campaign/")
    # Times for the browser, which hides the notice after the end.
    assert lead[0].attrs["data-end"] == "2026-12-21T00:00:00+08:00"
    campaign_page = parse(site / "emergency/sample-campaign/index.html")
    assert "12356" in campaign_page.text and "示例" in campaign_page.text


def test_emergency_mode_turns_itself_off_at_the_end(project_copy, tmp_path):
    (project_copy / "docs/_data/emergency.yml").write_text(campaign("2026-10-01", "2026-11-22"), encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.output
    assert "应急模式“暴雨洪涝灾害心理援助”已于 2026-11-23 00:00 结束" in result.output
    assert "data-emergency" not in (tmp_path / "site/index.html").read_text(encoding="utf-8")


def test_a_campaign_set_up_ahead_waits_hidden(project_copy, tmp_path):
    (project_copy / "docs/_data/emergency.yml").write_text(campaign("2026-11-25 08:00", "2026-12-20"), encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.output
    home = parse(tmp_path / "site/index.html")
    notices = home.find("div", "mh-emergency")
    assert len(notices) == 2 and all("hidden" in n.attrs for n in notices)


def test_no_emergency_by_default(site_dir):
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    assert "data-emergency" not in html


# -- News (动态) -----------------------------------------------------------------------


def test_news_posts_archive_categories_and_feed(site_dir):
    posts = sorted((ROOT / "docs/news/posts").glob("*.md"))
    assert len(posts) >= 3
    index = parse(site_dir / "news/index.html")
    articles = index.find("article", "md-post")
    assert len(articles) == len(posts)
    assert list((site_dir / "news/archive").rglob("index.html"))
    assert list((site_dir / "news/category").rglob("index.html"))
    for post in posts:
        built = list(site_dir.glob(f"news/*/*/*/{post.stem}/index.html")) or list(site_dir.glob(f"news/**/{post.stem}/index.html"))
        assert built, post.name
        assert "示例" in parse(built[0]).text  # sample posts say so
    feed = ET.parse(site_dir / "feed_rss_created.xml").getroot()
    items = feed.findall("./channel/item")
    assert len(items) == len(posts)
    for item in items:
        assert item.findtext("link").startswith("https://example.org/news/")
        assert item.findtext("pubDate")
