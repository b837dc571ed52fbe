"""A station as schema.org structured data (JSON-LD on its page): a Place
(a MedicalClinic for the psychiatric clinics) with its address, position,
weekly hours and, as special hours, the days the holiday calendar changes:
statutory holidays (closed, or other hours), 调休 working days, and the
monthly special days (精防日). Only what is known: the days of the years the
calendar knows, for a year from the build's date. A sample station's
invented phone and position are left out, as its page leaves out the
dialling and map links. Nothing here imports MkDocs.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from mhsite.common.holidays import HolidayCalendar
from mhsite.common.opening_hours import hours_on
from mhsite.common.structured import CONTEXT, geo, hours_spec, postal_address
from mhsite.stations.model import Station, StationNetwork

# The kinds (stations.yml's `kinds` codes) that are psychiatric clinics.
CLINIC_KINDS = frozenset({"clinic"})
# How far ahead special hours are given (a year, the calendar's horizon).
SPECIAL_DAYS_AHEAD = 366


def station_structured(network: StationNetwork, s: Station, calendar: HolidayCalendar, page_url: str, today: date) -> dict[str, Any]:
    sample = network.is_sample(s)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "MedicalClinic" if s.kind in CLINIC_KINDS else "Place",
        "@id": page_url + "#place",
        "name": s.name,
        "url": page_url,
        "address": postal_address(s.address, s.area, network.meta.region),
    }
    if not sample:
        data["telephone"] = s.phone[0].display
        data["geo"] = geo(*s.wgs84(network.meta.coordinates))
    weekly = weekly_spec(s)
    if weekly:
        data["openingHoursSpecification"] = weekly
    special = special_spec(s, calendar, today)
    if special:
        data["specialOpeningHoursSpecification"] = special
    if s.accessible is not None:
        data["amenityFeature"] = [{"@type": "LocationFeatureSpecification", "name": "无障碍通道", "value": s.accessible}]
    if sample:
        data["description"] = "示例站点：名称、地址和电话都是虚构的，仅用于演示网站。"
    return data


def weekly_spec(s: Station) -> list[dict[str, Any]]:
    """The weekly hours, days with the same hours together."""
    days = s.hours.weekly.days
    by_hours: dict[tuple, list[int]] = {}
    for index, hours in enumerate(days):
        if hours:
            by_hours.setdefault(hours, []).append(index)
    out: list[dict[str, Any]] = []
    for hours, weekdays in by_hours.items():
        out += hours_spec(hours, days=weekdays)
    return out


def special_spec(s: Station, calendar: HolidayCalendar, today: date) -> list[dict[str, Any]]:
    """Each day within a year whose hours are not the weekly ones."""
    until = today + timedelta(days=SPECIAL_DAYS_AHEAD)
    candidates = {d for d in calendar.holidays if today <= d < until} | {d for d in calendar.workdays if today <= d < until}
    if s.hours.special_days:
        candidates |= {today + timedelta(days=n) for n in range(SPECIAL_DAYS_AHEAD)}
    out: list[dict[str, Any]] = []
    for day in sorted(candidates):
        hours = hours_on(s.hours, day, calendar)
        if hours != s.hours.weekly.days[day.weekday()]:
            out += hours_spec(hours, on=day)
    return out
