"""What the station data becomes: the locator page, one page per station (with
its A4 poster print view), one page per area, and the JSON the locator script
and other systems read. Plain functions from validated data to text.

Scale: a province has tens of thousands of stations. Station and area pages
stay out of the site navigation and the site-wide search index (the locator
searches its own data), and the locator page's first view lists areas, not
stations, once the network is large.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import quote

from markupsafe import Markup

from mhsite.common.geo import wgs84_to_gcj02
from mhsite.common.holidays import HolidayCalendar, calendar_to_json
from mhsite.common.opening_hours import (
    describe_holidays,
    describe_intervals,
    describe_special_day,
    describe_special_day_holidays,
    describe_weekly,
    next_special_day,
    opening_hours_to_json,
)
from mhsite.common.render import render, render_html
from mhsite.common.structured import json_ld
from mhsite.publication.operator import ReportContact, ReportLink
from mhsite.stations.model import Station, StationNetwork
from mhsite.stations.qr import qr_svg
from mhsite.stations.structured import station_structured

T = TypeVar("T")

# Up to this many stations, the locator page lists every station (grouped by
# area) in its HTML, so it is complete without JavaScript. Beyond it, the page
# lists areas and each area page lists its stations.
INLINE_LIST_LIMIT = 400


def area_slug(area: str) -> str:
    """The URL segment of an area page: the area's name itself (browsers show
    Chinese in addresses), percent-encoded in links."""
    return area.replace("/", "-").strip()


def area_url(area: str) -> str:
    return f"area/{quote(area_slug(area))}/"


@dataclass(frozen=True)
class MapLink:
    app: str
    url: str


def map_links(station: Station, name: str, system: str) -> list[MapLink]:
    """Links that open the station in the resident's map app, each told the
    right coordinate system (Amap/Tencent/Baidu accept both; Apple Maps in
    China expects GCJ-02)."""
    lat, lng = station.location
    gcj = system == "gcj02"
    q_name, q_addr = quote(name), quote(station.address)
    a_lat, a_lng = (lat, lng) if gcj else wgs84_to_gcj02(lat, lng)
    return [
        MapLink(
            "高德地图",
            f"https://uri.amap.com/marker?position={lng:.6f},{lat:.6f}&name={q_name}&coordinate={'gaode' if gcj else 'wgs84'}&callnative=1",
        ),
        MapLink(
            "百度地图",
            f"https://api.map.baidu.com/marker?location={lat:.6f},{lng:.6f}&title={q_name}&content={q_addr}&output=html&coord_type={'gcj02' if gcj else 'wgs84'}&src=mhsite",
        ),
        MapLink(
            "腾讯地图",
            f"https://apis.map.qq.com/uri/v1/marker?marker=coord:{lat:.6f},{lng:.6f};title:{q_name};addr:{q_addr}&coord_type={2 if gcj else 1}&referer=mhsite",
        ),
        MapLink("苹果地图", f"https://maps.apple.com/?ll={a_lat:.6f},{a_lng:.6f}&q={q_name}"),
    ]


def station_view(network: StationNetwork, s: Station, today: date, calendar: HolidayCalendar | None = None) -> dict[str, Any]:
    special = []
    for rule in s.hours.special_days:
        notes = [part for part in (rule.label, describe_special_day_holidays(rule, s.hours)) if part]
        special.append(describe_special_day(rule) + (f"（{'；'.join(notes)}）" if notes else ""))
    upcoming = next_special_day(s.hours, today, calendar)
    next_text = ""
    if upcoming:
        # "精防日：12月17日 08:30–11:30" (the label's part before "：" names the day).
        day, rule = upcoming
        name = rule.label.split("：")[0] if rule.label else "特别开放日"
        next_text = f"{name}：{day.month}月{day.day}日 {describe_intervals(rule.hours)}"
    parent = network.by_id.get(s.parent) if s.parent else None
    return _list_item(network, s) | {
        "area_url": area_url(s.area),
        "special_texts": special,
        "next_special": next_text,
        "holidays_text": describe_holidays(s.hours),
        "notes": s.notes,
        "accessible": s.accessible,
        "verified": s.verified.isoformat(),
        # A sample station's location is invented but on a real map: no
        # link would send a resident to a stranger's door.
        "maps": [] if network.is_sample(s) else map_links(s, s.name, network.meta.coordinates),
        "parent": {"id": parent.id, "name": parent.name} if parent else None,
        "children": [{"id": c.id, "name": c.name, "kind_text": network.kinds.get(c.kind, c.kind)} for c in network.children.get(s.id, ())],
    }


def station_record(network: StationNetwork, s: Station) -> dict[str, Any]:
    """One station in the locator's data: short keys, WGS-84 position."""
    lat, lng = s.wgs84(network.meta.coordinates)
    return {
        "id": s.id,
        "name": s.name,
        "kind": s.kind,
        "area": s.area,
        "address": s.address,
        "phone": [p.display for p in s.phone],
        "tel": [p.tel for p in s.phone],
        "services": list(s.services),
        "lat": round(lat, 6),
        "lng": round(lng, 6),
        "hours": opening_hours_to_json(s.hours),
        "hours_text": describe_weekly(s.hours),
        "accessible": s.accessible,
    } | ({"sample": True} if network.is_sample(s) and not network.all_sample else {})


def _sorted_stations(network: StationNetwork) -> list[Station]:
    kind_order = {k: i for i, k in enumerate(network.kinds)}
    area_order = {a: i for i, a in enumerate(network.areas)}
    return sorted(network.stations, key=lambda s: (area_order[s.area], kind_order.get(s.kind, 99), s.id))


def locator_data(network: StationNetwork, calendar: HolidayCalendar) -> str:
    """/stations/stations.json: every station, for the locator and for other systems."""
    payload = {
        "region": network.meta.region,
        # Every station a sample; else each sample station says so itself.
        "sample": network.all_sample,
        "coordinates": "wgs84",
        "source_coordinates": network.meta.coordinates,
        "kinds": dict(network.kinds),
        "services": dict(network.services),
        "areas": network.areas,
        "calendar": calendar_to_json(calendar),
        "stations": [station_record(network, s) for s in _sorted_stations(network)],
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def by_area(network: StationNetwork) -> dict[str, list[Station]]:
    """Stations grouped by area, each group in display order (one pass)."""
    groups: dict[str, list[Station]] = {area: [] for area in network.areas}
    for s in _sorted_stations(network):
        groups[s.area].append(s)
    return groups


def locator_page(network: StationNetwork, groups_by_area: dict[str, list[Station]]) -> str:
    inline = len(network.stations) <= INLINE_LIST_LIMIT
    groups = []
    for area, members in groups_by_area.items():
        groups.append(
            {
                "area": area,
                "url": area_url(area),
                "count": len(members),
                "stations": [_list_item(network, s) for s in members] if inline else [],
            }
        )
    return render(
        "stations.html",
        region=network.meta.region,
        sample=network.all_sample,
        some_sample=bool(network.samples),
        total=len(network.stations),
        inline=inline,
        groups=groups,
        kinds=list(network.kinds.items()),
        services=list(network.services.items()),
        areas=network.areas,
    )


def _list_item(network: StationNetwork, s: Station) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "kind": s.kind,
        "kind_text": network.kinds.get(s.kind, s.kind),
        "area": s.area,
        "address": s.address,
        "phones": [{"display": p.display, "tel": p.tel} for p in s.phone],
        "services": " ".join(s.services),
        "service_texts": "、".join(network.services.get(c, c) for c in s.services),
        "hours_text": describe_weekly(s.hours),
        # Tagged one by one when only some are samples (else the page says so once).
        "sample_tag": network.is_sample(s) and not network.all_sample,
    }


def area_page(network: StationNetwork, area: str, members: list[Station]) -> str:
    return render(
        "stations-area.html",
        region=network.meta.region,
        sample=network.all_sample,
        some_sample=any(network.is_sample(s) for s in members),
        area=area,
        stations=[_list_item(network, s) for s in members],
    )


def station_source(network: StationNetwork, s: Station) -> str:
    """The Markdown source of /stations/<id>/: front matter and title only."""
    return render("station.html", s=_list_item(network, s))


def station_body(
    network: StationNetwork,
    s: Station,
    calendar: HolidayCalendar,
    calendar_json: dict[str, Any],
    page_url: str,
    today: date,
    events_html: str = "",
    holiday_note: str = "",
    report: ReportLink | None = None,
) -> str:
    """The HTML body of /stations/<id>/, added after Markdown (see the hook).
    `calendar_json`: `calendar_to_json(calendar)`, converted once per build.
    `events_html`: the station's upcoming activities (events/pages.py);
    `holiday_note`: common.holidays.unannounced_note's words, or "";
    `report`: how to tell the centre the listing is wrong (publication/operator.py)."""
    return render_html(
        "station-body.html",
        s=station_view(network, s, today, calendar),
        sample=network.is_sample(s),
        report=report,
        qr_svg=qr_svg(page_url),
        page_url=page_url,
        data={"hours": opening_hours_to_json(s.hours), "calendar": calendar_json},
        events_html=Markup(events_html),
        holiday_note=holiday_note,
        structured=json_ld(station_structured(network, s, calendar, page_url, today)),
    )


@dataclass(frozen=True)
class BodyContext:
    """What every station page's body is made from, besides the station
    (`station_page_body`). `site_url`: ends with "/" ("/" without one);
    `events_html`: the upcoming activities' HTML by station id; `build`: a
    name for the build it belongs to (station_page_bodies checks it)."""

    network: StationNetwork
    calendar: HolidayCalendar
    calendar_json: dict[str, Any]
    site_url: str
    today: date
    events_html: dict[str, str]
    holiday_note: str
    report: ReportContact | None
    build: str = ""


def station_url(site_url: str, station_id: str) -> str:
    return f"{site_url}stations/{station_id}/"


def station_page_body(context: BodyContext, s: Station) -> str:
    """`station_body` of `s` at its address, with its activities and its
    "信息有误？" link."""
    page_url = station_url(context.site_url, s.id)
    return station_body(
        context.network,
        s,
        context.calendar,
        context.calendar_json,
        page_url,
        context.today,
        events_html=context.events_html.get(s.id, ""),
        holiday_note=context.holiday_note,
        report=context.report.link(s.name, page_url) if context.report else None,
    )


# The build's helper process (common/background.py) makes the bodies while
# MkDocs renders other pages: the context (every station: megabytes) is
# sent once, then batches of ids. One helper runs the tasks in the order
# they were sent, so the context is there before the first batch.
_context: BodyContext | None = None


def remember_context(context: BodyContext) -> None:
    global _context
    _context = context


def _remembered(build: str) -> BodyContext:
    """The context remembered for `build`. RuntimeError for another: a
    process that did not take this build's context (the build's own after a
    helper died) must not use an earlier build's."""
    if _context is None or _context.build != build:
        raise RuntimeError("no context remembered for this build")
    return _context


def with_remembered_network(build: str, function: Callable[..., T], *args: Any) -> T:
    """`function(network, *args)` on the stations remembered for `build`:
    what the helper process makes from them besides the pages' bodies (the
    locator's JSON, the open data), without their being sent again."""
    return function(_remembered(build).network, *args)


def station_page_bodies(build: str, ids: list[str]) -> list[str]:
    """`station_page_body` of each station id, from the context remembered for `build`."""
    context = _remembered(build)
    return [station_page_body(context, context.network.by_id[i]) for i in ids]
