"""Calendar files (.ics, RFC 5545) of the activities, made with `icalendar`.

One file per activity, for "添加到日历" (a phone opens it in its calendar
app), and subscribable feeds: all activities, and one per area. Times carry
the Asia/Shanghai time zone with its VTIMEZONE, so a phone set to another
zone still shows the right local time. DTSTAMP is the build's moment, so the
same commit gives the same files. Nothing here imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timezone
from functools import cache
from urllib.parse import urlsplit

import icalendar

from mhsite.common.text import markdown_text
from mhsite.events.model import Event, EventList

PRODID = "-//社会心理服务平台网站//活动日历//ZH"


def _host(site_url: str) -> str:
    return urlsplit(site_url).hostname or "localhost"


def _summary(e: Event, sample: bool) -> str:
    prefix = {"cancelled": "【已取消】", "moved": "【有变动】", "full": "【已满】"}.get(e.status, "")
    return f"{'【示例】' if sample else ''}{prefix}{e.title}"


def _description(e: Event, events: EventList, audiences: Mapping[str, str], url: str) -> str:
    parts = []
    if events.is_sample(e):
        parts.append("示例活动：仅用于演示网站功能，并不真实举办。")
    if e.note:
        parts.append(f"变动：{e.note}")
    parts.append("对象：" + "、".join(audiences.get(a, a) for a in e.audience))
    place = events.places[e.id]
    if place.phones and not events.is_sample(e) and not place.sample:
        parts.append("电话：" + "，".join(p.display for p in place.phones))
    if e.sign_up:
        parts.append(f"报名：{e.sign_up}")
    if e.description.strip():
        # A calendar's DESCRIPTION is plain text (RFC 5545): the description's
        # words as the page shows them, not its Markdown.
        parts.append(markdown_text(e.description))
    parts.append(f"详情：{url}")
    return "\n\n".join(parts)


def _vevent(e: Event, events: EventList, audiences: Mapping[str, str], site_url: str, stamp: datetime) -> icalendar.Event:
    url = f"{site_url}events/{e.id}/"
    place = events.places[e.id]
    vevent = icalendar.Event()
    # Stable across builds: a calendar app that imported the file before
    # updates the same entry instead of adding a second one.
    vevent.add("uid", f"{e.id}@{_host(site_url)}")
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", e.start)
    vevent.add("dtend", e.end)
    vevent.add("summary", _summary(e, events.is_sample(e)))
    vevent.add("location", f"{place.name}，{place.address}" if place.address else place.name)
    if place.location is not None:
        vevent.add("geo", tuple(round(c, 6) for c in place.location))
    vevent.add("description", _description(e, events, audiences, url))
    vevent.add("url", url)
    vevent.add("status", "CANCELLED" if e.status == "cancelled" else "CONFIRMED")
    vevent.add("categories", [audiences.get(a, a) for a in e.audience])
    return vevent


def calendar_file(
    chosen: Iterable[Event],
    events: EventList,
    audiences: Mapping[str, str],
    site_url: str,
    build_moment: datetime,
    name: str,
    feed: bool = False,
) -> bytes:
    """An .ics file of `chosen`. `feed` marks a subscribable calendar (apps
    refresh it twice a day)."""
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    stamp = build_moment.astimezone(timezone.utc).replace(microsecond=0)
    chosen = sorted(chosen, key=lambda e: (e.start, e.id))
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # A TEXT value (RFC 5545 3.8.8.2: the default type of an X- property):
    # icalendar escapes ",", ";" and "\\" only when told it is one.
    cal.add("x-wr-calname", icalendar.vText(name))
    cal.add("x-wr-timezone", "Asia/Shanghai")
    if feed:
        cal.add("refresh-interval", icalendar.vDuration.from_ical("PT12H"), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", "PT12H")
    for e in chosen:
        cal.add_component(_vevent(e, events, audiences, site_url, stamp))
    if chosen:
        # Only the rules from the year of the first activity on: China has
        # had no daylight saving time since 1991, so the VTIMEZONE stays small.
        first_date = date(chosen[0].start.year, 1, 1)
        for position, tzid in enumerate(sorted(cal.get_missing_tzids())):
            cal.subcomponents.insert(position, _vtimezone(tzid, first_date))
    return cal.to_ical()


@cache
def _vtimezone(tzid: str, first_date: date) -> icalendar.Timezone:
    """The VTIMEZONE of `tzid` from `first_date` on, made once per build:
    icalendar searches the zone's transitions second by second (about 20 ms
    a calendar, most of the calendars' build time) and asks its callers to
    cache the result."""
    return icalendar.Timezone.from_tzid(tzid, first_date=first_date)
