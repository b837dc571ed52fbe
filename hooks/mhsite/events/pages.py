"""The activities' pages, rendered from the templates beside them (templates/).

- /events/              upcoming activities by week, with area and audience
                        filters (a plain list without JavaScript)
- /events/<id>/         one page per activity, with its .ics file beside it
- /events/archive/      activities that had ended when the site was built
- the "upcoming activities" lists of station pages and the home page

The site is not rebuilt every day: every listed activity carries its end time
(ISO 8601 with +08:00) so that the browser hides what has ended since the
build (site.js, activities part). Nothing here imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Mapping
import json
from datetime import datetime, timedelta
from itertools import groupby
from typing import Any

from mhsite.common.pagination import navigation, page_dir, page_src, paginate, relative_url, titled
from mhsite.common.render import render, render_html
from mhsite.common.structured import json_ld
from mhsite.events.model import STATUSES, Event, EventList
from mhsite.publication.operator import ReportLink

WEEKDAYS = "一二三四五六日"

# How many upcoming activities the home page shows; the rest are on /events/.
HOME_COUNT = 3

EVENTS = "events/"
ARCHIVE = "events/archive/"


def calendar_path(area: str | None = None) -> str:
    """The subscribable calendar of all activities, or of one area's."""
    if area is None:
        return "events/calendar.ics"
    return f"events/calendars/{area.replace('/', '-').strip()}.ics"


def day_text(moment: datetime, now: datetime) -> str:
    year = f"{moment.year}年" if moment.year != now.year else ""
    return f"{year}{moment.month}月{moment.day}日（周{WEEKDAYS[moment.weekday()]}）"


def when_text(e: Event, now: datetime) -> str:
    """"12月5日（周六）09:30–11:00", or both days for an event over midnight."""
    midnight_end = e.end.hour == 0 and e.end.minute == 0 and e.end.date() == e.start.date() + timedelta(days=1)
    if midnight_end:
        return f"{day_text(e.start, now)}{e.start:%H:%M}–24:00"
    if e.end.date() == e.start.date():
        return f"{day_text(e.start, now)}{e.start:%H:%M}–{e.end:%H:%M}"
    return f"{day_text(e.start, now)}{e.start:%H:%M} 至 {day_text(e.end, now)}{e.end:%H:%M}"


def event_view(events: EventList, e: Event, audiences: Mapping[str, str], now: datetime) -> dict[str, Any]:
    place = events.places[e.id]
    return {
        "id": e.id,
        "title": e.title,
        "when_text": when_text(e, now),
        "start": e.start.isoformat(),
        "end": e.end.isoformat(),
        "status": e.status,
        "status_text": STATUSES[e.status],
        "note": e.note,
        "place": place.name,
        "address": place.address,
        "area": place.area or "",
        "station_id": place.station_id,
        "phones": [{"display": p.display, "tel": p.tel} for p in place.phones],
        # A sample place's (or activity's) phones are invented: never dialled.
        "phone_sample": place.sample or events.is_sample(e),
        # Tagged one by one when only some are samples (else the page says so once).
        "sample_tag": events.is_sample(e) and not events.all_sample,
        "audience": e.audience,
        "audience_texts": "、".join(audiences.get(a, a) for a in e.audience),
        "capacity": e.capacity,
        "register": e.sign_up,
        "free": e.free,
        "ics": f"{e.id}.ics",
    }


def _week_label(monday: datetime, now: datetime) -> str:
    sunday = monday + timedelta(days=6)
    if sunday.month == monday.month:
        return f"{day_text(monday, now)[:-4]}–{sunday.day}日"
    return f"{day_text(monday, now)[:-4]}–{day_text(sunday, now)[:-4]}"


def weeks(items: list[dict[str, Any]], upcoming: list[Event], now: datetime) -> list[dict[str, Any]]:
    """Upcoming events grouped by calendar week (Monday to Sunday)."""
    out = []
    pairs = list(zip(upcoming, items))
    for monday, group in groupby(pairs, key=lambda pair: (pair[0].start - timedelta(days=pair[0].start.weekday())).date()):
        members = [item for _, item in group]
        start = datetime.combine(monday, datetime.min.time(), now.tzinfo)
        out.append({"label": _week_label(start, now), "id": f"week-{monday:%Y-%m-%d}", "events": members})
    return out


# Activities on a page of /events/ (upcoming, by week) and of the archive;
# more are on the next pages (common/pagination.py): a province's list stays
# a few screens on a phone and inside the first-view budget.
EVENTS_PER_PAGE = 50
PAST_PER_PAGE = 30


def events_pages(events: EventList, audiences: Mapping[str, str], now: datetime, site_url: str) -> dict[str, str]:
    """/events/ (upcoming activities by week, soonest first, in pages of
    EVENTS_PER_PAGE: /events/, /events/page/2/, …; the filters and the
    calendars on the first). {src_uri: Markdown}."""
    upcoming = events.upcoming(now)
    # "public" activities match every choice, so it is not a choice itself.
    used = {a for e in events.events for a in e.audience} - {"public"}
    out = {}
    for part in paginate(upcoming, EVENTS_PER_PAGE):
        items = [event_view(events, e, audiences, now) for e in part.items]
        here = page_dir(EVENTS, part.number)
        out[page_src(EVENTS, part.number)] = render(
            "events.html",
            title=titled("活动", part),
            heading=titled("近期活动", part),
            first=part.number == 1,
            root=relative_url(here, EVENTS).removeprefix("./"),
            pagination=navigation(EVENTS, part, "活动分页"),
            weeks=weeks(items, list(part.items), now),
            sample=events.all_sample,
            some_sample=bool(events.samples),
            areas=[{"name": a, "calendar": calendar_path(a).removeprefix("events/")} for a in events.areas],
            audiences=[(code, label) for code, label in audiences.items() if code in used],
            past_count=len(events.past(now)),
            webcal=_webcal(site_url),
        )
    return out


def _webcal(site_url: str) -> str | None:
    """webcal://host/path/ — what phones open as "subscribe" — when the site's
    address is known; otherwise only the download link is offered."""
    if site_url.startswith("https://"):
        return "webcal://" + site_url.removeprefix("https://")
    if site_url.startswith("http://"):
        return "webcal://" + site_url.removeprefix("http://")
    return None


def archive_pages(events: EventList, audiences: Mapping[str, str], now: datetime) -> dict[str, str]:
    """/events/archive/: activities that had ended, latest first, in pages
    of PAST_PER_PAGE. {src_uri: Markdown}."""
    out = {}
    for part in paginate(events.past(now), PAST_PER_PAGE):
        here = page_dir(ARCHIVE, part.number)
        out[page_src(ARCHIVE, part.number)] = render(
            "events-archive.html",
            title=titled("往期活动", part),
            root=relative_url(here, EVENTS),
            pagination=navigation(ARCHIVE, part, "往期活动分页"),
            events=[event_view(events, e, audiences, now) for e in part.items],
            sample=events.all_sample,
            some_sample=bool(events.samples),
        )
    return out


def event_source(events: EventList, e: Event, audiences: Mapping[str, str], now: datetime) -> str:
    """The Markdown source of /events/<id>/: front matter, title, a marker
    where the facts go (event_facts, after Markdown) and the description."""
    view = event_view(events, e, audiences, now)
    where = f"{view['place']}（{view['address']}）" if view["address"] else view["place"]
    description = f"{view['when_text']}，{where}。对象：{view['audience_texts']}。"
    return render("event.html", e=view, description=description, body=e.description)


FACTS_MARKER = "<!-- mh-event-facts -->"


def event_facts(
    events: EventList,
    e: Event,
    audiences: Mapping[str, str],
    now: datetime,
    report: ReportLink | None = None,
    structured: dict[str, Any] | None = None,
) -> str:
    """The facts at the top of an activity's page; `report`: how to tell the
    centre the listing is wrong (publication/operator.py); `structured`: its
    schema.org data (structured.py)."""
    return render_html(
        "event-facts.html",
        e=event_view(events, e, audiences, now),
        sample=events.is_sample(e),
        report=report,
        structured=json_ld(structured) if structured else "",
    )


def event_list(
    events: EventList,
    chosen: list[Event],
    audiences: Mapping[str, str],
    now: datetime,
    root: str,
    heading: str,
    more: bool,
    shown: int | None = None,
) -> str:
    """A short list of upcoming activities (station pages, home page).
    `root` is the path from the page to the site root ("../../", "")."""
    if not chosen:
        return ""
    return render(
        "_event-list.html",
        events=[event_view(events, e, audiences, now) for e in chosen],
        root=root,
        heading=heading,
        more=more,
        # Beyond `shown`, items start hidden; site.js reveals them as the
        # first ones end.
        shown=shown if shown is not None else len(chosen),
        sample=events.all_sample,
    )


def station_events(events: EventList, chosen: list[Event], audiences: Mapping[str, str], now: datetime) -> str:
    """A station page's list of its upcoming activities (`chosen`)."""
    return event_list(events, chosen, audiences, now, "../../", "近期活动", more=True)


def home_events(events: EventList, audiences: Mapping[str, str], now: datetime) -> str:
    # A few more than shown, so that the list is not empty when the first
    # ones end before the next build (the browser hides ended ones).
    # A cancelled activity takes no slot: the home page lists what residents
    # can go to (its page and /events/ still say it was cancelled).
    upcoming = [e for e in events.upcoming(now) if e.status != "cancelled"][: HOME_COUNT + 3]
    return event_list(events, upcoming, audiences, now, "", "近期活动", more=True, shown=HOME_COUNT)


def events_json(events: EventList, audiences: Mapping[str, str], now: datetime, site_url: str) -> str:
    """/events/events.json: every activity, for other systems (a WeChat
    account's menu, a town's own site). Times are ISO 8601 with +08:00."""
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    out = []
    for e in sorted(events.events, key=lambda e: (e.start, e.id)):
        view = event_view(events, e, audiences, now)
        out.append(
            {
                "id": e.id,
                "title": e.title,
                "start": view["start"],
                "end": view["end"],
                "status": e.status,
                "note": e.note,
                "station": e.station,
                "place": view["place"],
                "address": view["address"],
                "area": view["area"] or None,
                "audience": e.audience,
                "capacity": e.capacity,
                "register": e.sign_up,
                "free": e.free,
                "description": e.description,
                "url": f"{site_url}events/{e.id}/",
                "ics": f"{site_url}events/{e.id}/{e.id}.ics",
            }
            | ({"sample": True} if events.is_sample(e) and not events.all_sample else {})
        )
    data = {"sample": events.all_sample, "time_zone": "Asia/Shanghai", "events": out}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
