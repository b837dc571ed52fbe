"""MkDocs hook: the service-station locator.

A thin adapter. The data model and its checks are in `stations.py`, the
pages in `station_pages.py`. Here: report the editors' mistakes through
MkDocs' logger (strict mode fails the build on them) and add the generated
pages to the build (sample data is refused for publishing by
publication_hook, with everything else that is not ready):

- /stations/               the locator (replaces docs/stations/index.md)
- /stations/<id>/          one page per station, with its A4 poster print view
- /stations/area/<area>/   one page per area
- /stations/stations.json  every station, for the locator and other systems
"""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from mhsite.common.data_files import report
from holidays_hook import site_calendar
from mhsite.common.holidays import calendar_to_json, unannounced_note
from mhsite.mkdocs_support import add_generated, guarded, load_data_file
from mhsite.common.clock import build_date
from mhsite.stations.pages import area_page, area_slug, by_area, locator_data, locator_page, station_body, station_source
from mhsite.stations.model import Station, StationNetwork, load_stations

log = logging.getLogger("mkdocs.hooks.stations")

DATA_FILE = "_data/stations.yml"


@guarded("docs/_data/stations.yml")
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    network, errors, notices = load_data_file(config, DATA_FILE, load_stations)
    report(errors, log.warning)
    # Stale `verified` dates are a reminder, not a mistake: the calendar
    # moving on must never stop an urgent fix from being published.
    report(notices, log.info)
    config.extra["station_network"] = network
    return config


@guarded("docs/_data/stations.yml")
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    network: StationNetwork = config.extra["station_network"]
    calendar = site_calendar(config)
    # The same for every station page: converted once, embedded in each.
    config.extra["station_calendar_json"] = calendar_to_json(calendar)
    config.extra["station_holiday_note"] = unannounced_note(calendar, build_date())
    groups = by_area(network)
    generated: dict[str, str] = {
        "stations/index.md": locator_page(network, groups),
        "stations/stations.json": locator_data(network, calendar),
    }
    for area, members in groups.items():
        generated[f"stations/area/{area_slug(area)}/index.md"] = area_page(network, area, members)
    pages: dict[str, Station] = {}
    for station in network.stations:
        src_uri = f"stations/{station.id}/index.md"
        generated[src_uri] = station_source(network, station)
        pages[src_uri] = station
    config.extra["station_pages"] = pages
    return add_generated(files, config, generated, log, DATA_FILE)


@guarded("docs/_data/stations.yml")
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A station page's body, rendered here as HTML rather than through
    Markdown: with tens of thousands of stations, Markdown's HTML parsing
    would dominate the build."""
    station = config.extra["station_pages"].get(page.file.src_uri)
    if station is None:
        return html
    network: StationNetwork = config.extra["station_network"]
    page_url = (config.site_url or "/") + f"stations/{station.id}/"
    # The station's upcoming activities, from events_hook (empty without any).
    events_html = config.extra.get("station_events_html", {}).get(station.id, "")
    contact = config.extra.get("report_contact")  # publication_hook.on_config
    return html + station_body(
        network,
        station,
        site_calendar(config),
        config.extra["station_calendar_json"],
        page_url,
        build_date(),
        events_html=events_html,
        holiday_note=config.extra["station_holiday_note"],
        report=contact.link(station.name, page_url) if contact else None,
    )
