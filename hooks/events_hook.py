"""MkDocs hook: activities (docs/_data/events.yml) and emergency mode
(docs/_data/emergency.yml).

A thin adapter. The data models are in `events.py` and `emergency.py`, the
pages in `event_pages.py`, the calendar files in `event_calendar.py`. Here:
report the editors' mistakes through MkDocs' logger (strict mode fails the
build on them), and add the generated files to the build:

- /events/                      upcoming activities by week
- /events/<id>/ and <id>.ics    one page per activity and its calendar file
- /events/archive/              activities that had ended at build time
- /events/calendar.ics          subscribable calendar of all activities
- /events/calendars/<area>.ics  one per area
- /events/events.json           every activity, for other systems

Station pages list their upcoming activities (stations_hook reads
`station_events_html`), the home page its next few (where docs/index.md has
the marker line `<!-- 近期活动 -->`). Emergency mode puts `emergency` into
`config.extra` for the templates (partials/emergency.html).
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from mhsite.common.data_files import report
from mhsite.emergency.model import Emergency, load_emergency
from mhsite.events.calendar import calendar_file
from mhsite.events.pages import (
    FACTS_MARKER,
    archive_page,
    calendar_path,
    event_facts,
    event_source,
    events_index,
    events_json,
    home_events,
    station_events,
)
from mhsite.events.model import EventList, load_events
from mhsite.mkdocs_support import add_generated, guarded, load_data_file
from mhsite.common.clock import build_time

log = logging.getLogger("mkdocs.hooks.events")

DATA_FILE = "_data/events.yml"
EMERGENCY_FILE = "_data/emergency.yml"
HOME_MARKER = "<!-- 近期活动 -->"


@guarded("docs/_data/events.yml", "docs/_data/emergency.yml")
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # After stations_hook and hotlines_hook (listed before this hook in
    # mkdocs.yml): events refer to stations and to the hotlines' audiences.
    network = config.extra["station_network"]
    audiences = config.extra["hotline_directory"].audiences

    def load(path: Path, shown: str, _today: object) -> tuple[EventList, list]:
        samples = [s.id for s in network.stations if network.is_sample(s)]
        return load_events(path, shown, network.by_id, network.areas, audiences, network.meta.coordinates, samples)

    events, errors, _ = load_data_file(config, DATA_FILE, load)
    report(errors, log.warning)
    config.extra["event_list"] = events

    setting, errors, _ = load_data_file(config, EMERGENCY_FILE, lambda path, shown, _today: load_emergency(path, shown))
    report(errors, log.warning)
    config.extra["emergency"] = None
    campaign = setting.campaign
    if campaign is not None:
        now = build_time()
        if campaign.state(now) == "over":
            log.info(
                f"docs/{EMERGENCY_FILE}: 应急模式“{campaign.title}”已于 {campaign.end:%Y-%m-%d %H:%M} 结束，"
                "页面上不再显示。可以把 emergency: 下面的内容删掉或注释掉。"
            )
        else:
            config.extra["emergency"] = _emergency_view(campaign, now)
            config.extra["emergency_source"] = (setting.file, setting.line, campaign.link)
    return config


def _emergency_view(campaign: Emergency, now: datetime) -> dict:
    return {
        "title": campaign.title,
        "message": campaign.message,
        "link": campaign.link,  # turned into the page's URL in on_files
        "link_text": campaign.link_text,
        "start": campaign.start.isoformat(),
        "end": campaign.end.isoformat(),
        # Not started yet at build time: emergency.js shows it at `start`.
        "waiting": campaign.state(now) == "upcoming",
    }


@guarded("docs/_data/events.yml", "docs/_data/emergency.yml")
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    events: EventList = config.extra["event_list"]
    audiences = config.extra["hotline_directory"].audiences
    now = build_time()
    site_url = config.site_url or "http://localhost/"
    generated: dict[str, str | bytes] = {
        "events/index.md": events_index(events, audiences, now, config.site_url or ""),
        "events/archive/index.md": archive_page(events, audiences, now),
        "events/events.json": events_json(events, audiences, now, site_url),
        calendar_path(): calendar_file(
            events.events, events, audiences, site_url, now, f"{config.site_name}：活动", feed=True
        ),
    }
    for area in events.areas:
        chosen = [e for e in events.events if events.places[e.id].area == area]
        generated[calendar_path(area)] = calendar_file(
            chosen, events, audiences, site_url, now, f"{config.site_name}：{area}活动", feed=True
        )
    event_pages = {}
    for e in events.events:
        generated[f"events/{e.id}/index.md"] = event_source(events, e, audiences, now)
        generated[f"events/{e.id}/{e.id}.ics"] = calendar_file([e], events, audiences, site_url, now, e.title)
        event_pages[f"events/{e.id}/index.md"] = e
    config.extra["event_pages"] = event_pages
    config.extra["station_events_html"] = {
        station_id: station_events(events, chosen, audiences, now)
        for station_id, chosen in events.upcoming_by_station(now).items()
    }
    config.extra["home_events_html"] = home_events(events, audiences, now)
    _link_emergency(files, config)
    return add_generated(files, config, generated, log, DATA_FILE)


def _link_emergency(files: Files, config: MkDocsConfig) -> None:
    """The campaign's link: a page of the site must exist (its URL is used)."""
    emergency = config.extra["emergency"]
    if not emergency or not emergency["link"].endswith(".md"):
        return
    file = files.get_file_from_path(emergency["link"])
    if file is None:
        shown, line, link = config.extra["emergency_source"]
        log.warning(
            f"{shown}:{line}: emergency.link: 找不到页面 docs/{link}；请写 docs/ 下已有页面的路径"
            "（例如 emergency/sample-campaign.md），或先写好这个页面。"
        )
        emergency["link"] = ""
        return
    emergency["link"] = file.url


@guarded("docs/_data/events.yml", "docs/_data/emergency.yml")
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.is_homepage and HOME_MARKER in markdown:
        return markdown.replace(HOME_MARKER, config.extra["home_events_html"] or "", 1)
    return markdown


@guarded("docs/_data/events.yml", "docs/_data/emergency.yml")
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    event = config.extra["event_pages"].get(page.file.src_uri)
    if event is None:
        return html
    events: EventList = config.extra["event_list"]
    contact = config.extra.get("report_contact")  # publication_hook.on_config
    page_url = (config.site_url or "/") + f"events/{event.id}/"
    report = contact.link(event.title, page_url) if contact else None
    facts = event_facts(events, event, config.extra["hotline_directory"].audiences, build_time(), report)
    return html.replace(FACTS_MARKER, facts, 1)
