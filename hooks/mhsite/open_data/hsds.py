"""The service directory as Open Referral HSDS 3.0 (Human Services Data
Specification), for other systems: /open-data/hsds.json.

Shape: HSDS 3.0's tabular form as JSON (the specification's
schema/compiled/tabular.json): one list per table, named as HSDS names its
objects, each record with the fields of that object and the ids that link
records across tables:

- `organization`: the centre that runs the site (its contact for
  corrections), each station (`parent_organization_id`: the station that
  guides it) and each hotline's provider;
- `location`: each station's place (`location_type` physical, WGS-84
  `latitude`/`longitude`), with `accessibility` where stations.yml says;
- `service`: each service a station offers (stations.yml's `services`) and
  each hotline, `status` active, `eligibility_description` naming the
  audiences (docs/_data/audiences.yml), `assured_date` the day it was
  verified; `service_at_location` links a station's services to its place;
- `phone`, `schedule` (weekly hours as `freq` WEEKLY with `byday`, monthly
  special days as MONTHLY with `bymonthday` or `byday` such as 1MO;
  `opens_at`/`closes_at` with +08:00, `timezone` 8; statutory holidays in
  `notes`), `contact` (the centre's, for corrections);
- `taxonomy`, `taxonomy_term` and `attribute`: the audiences as a taxonomy
  and each service's audiences as its attributes.

Ids are UUIDs (HSDS: `format: uuid`), version 5 from the site's address and
the entry's id: the same data gives the same ids in every build, and an
entry keeps its id as long as its id in the data file stays.

Sample data (stations.yml's and hotlines.yml's samples): their invented
phone numbers and positions are left out, and their descriptions say they
are samples, as the pages do. HSDS's `address` needs a city, a province and
a postal code, which stations.yml does not record: a location's address is
in its description. Nothing here imports MkDocs.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

from mhsite.common.opening_hours import Interval, OpeningHours, describe_holidays, describe_weekly
from mhsite.hotlines.model import HotlineDirectory
from mhsite.hotlines.pages import hotline_view
from mhsite.stations.model import StationNetwork

PATH = "open-data/hsds.json"
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
TIMEZONE = 8  # China time, UTC+08:00
ORDINALS = {1: "1", 2: "2", 3: "3", 4: "4", -1: "-1"}
SAMPLE_NOTE = "（示例数据：名称、地址和电话都是虚构的，仅用于演示网站，请勿使用。）"


class _Ids:
    """UUIDs (version 5) named by the site and each record's kind and key."""

    def __init__(self, site_url: str) -> None:
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, site_url or "urn:mhsite")

    def __call__(self, *parts: str) -> str:
        return str(uuid.uuid5(self.namespace, "/".join(parts)))


def _time(minutes: int) -> str:
    minutes = min(minutes, 24 * 60 - 1)
    return f"{minutes // 60:02d}:{minutes % 60:02d}+08:00"


def _schedules(ids: _Ids, key: str, hours: OpeningHours, link: dict[str, str]) -> list[dict[str, Any]]:
    """Weekly hours (days with the same hours together) and monthly special
    days, each opening interval one record. `link`: {"location_id": …} or
    {"service_id": …}."""
    notes = describe_holidays(hours)
    out: list[dict[str, Any]] = []
    groups: dict[tuple[Interval, ...], list[int]] = {}
    for index, day in enumerate(hours.weekly.days):
        if day:
            groups.setdefault(day, []).append(index)
    for day_hours, days in groups.items():
        byday = ",".join(WEEKDAYS[d] for d in days)
        for interval in day_hours:
            out.append(
                link
                | {
                    "id": ids("schedule", key, byday, str(interval.start)),
                    "freq": "WEEKLY",
                    "wkst": "MO",
                    "byday": byday,
                    "opens_at": _time(interval.start),
                    "closes_at": _time(interval.end),
                    "timezone": TIMEZONE,
                    "description": describe_weekly(hours),
                    "notes": notes,
                }
            )
    for number, rule in enumerate(hours.special_days):
        when = (
            {"bymonthday": str(rule.monthly)}
            if isinstance(rule.monthly, int)
            else {"byday": ORDINALS[rule.monthly.nth] + WEEKDAYS[rule.monthly.weekday]}
        )
        for interval in rule.hours:
            out.append(
                link
                | {
                    "id": ids("schedule", key, "special", str(number), str(interval.start)),
                    "freq": "MONTHLY",
                    **when,
                    "opens_at": _time(interval.start),
                    "closes_at": _time(interval.end),
                    "timezone": TIMEZONE,
                    "description": rule.label or "每月特别开放日",
                    "notes": "逢法定节假日照常" if rule.on_holidays == "open" else "逢法定节假日暂停",
                }
            )
    return out


def hsds_export(
    network: StationNetwork,
    directory: HotlineDirectory,
    audiences: Mapping[str, str],
    site_url: str,
    operator: Mapping[str, Any] | None = None,
) -> str:
    """The JSON text of /open-data/hsds.json. `audiences`: code → name
    (audiences.yml); `operator`: {"name", "email", "phone", "sample"} of
    the centre that runs the site (mkdocs.yml's extra.operator), or None;
    a sample operator's phone is invented and left out."""
    site = site_url if site_url.endswith("/") else site_url + "/"
    ids = _Ids(site_url)
    tables: dict[str, list[dict[str, Any]]] = {
        name: []
        for name in (
            "organization",
            "service",
            "location",
            "service_at_location",
            "phone",
            "schedule",
            "contact",
            "accessibility",
            "taxonomy",
            "taxonomy_term",
            "attribute",
        )
    }

    # The audiences, as a taxonomy services are classified by.
    taxonomy_id = ids("taxonomy", "audiences")
    tables["taxonomy"].append(
        {"id": taxonomy_id, "name": "服务对象", "description": "本网站的人群名单（docs/_data/audiences.yml）：服务和热线面向的人群。", "uri": site + "for/"}
    )
    term_id = {code: ids("taxonomy_term", code) for code in audiences}
    for code, name in audiences.items():
        tables["taxonomy_term"].append(
            {"id": term_id[code], "taxonomy_id": taxonomy_id, "code": code, "name": name, "description": f"面向{name}", "term_uri": f"{site}for/{code}/"}
        )

    def classify(service_id: str, codes: tuple[str, ...] | list[str]) -> None:
        for code in codes:
            if code in term_id:
                tables["attribute"].append(
                    {"id": ids("attribute", service_id, code), "link_id": service_id, "link_type": "audience", "link_entity": "service", "taxonomy_term_id": term_id[code]}
                )

    def eligibility(codes: tuple[str, ...] | list[str]) -> str:
        return "面向：" + "、".join(audiences.get(c, c) for c in codes) if codes else "面向所有人"

    if operator and operator.get("name"):
        operator_id = ids("organization", "operator")
        tables["organization"].append(
            {
                "id": operator_id,
                "name": operator["name"],
                "description": "运营本网站的机构，负责这些数据；发现信息有误请联系它。" + (SAMPLE_NOTE if operator.get("sample") else ""),
                "website": site,
            }
            | ({"email": operator["email"]} if operator.get("email") else {})
        )
        if operator.get("email") or operator.get("phone"):
            contact_id = ids("contact", "operator")
            tables["contact"].append(
                {"id": contact_id, "organization_id": operator_id, "name": "网站信息更正", "department": operator["name"]}
                | ({"email": operator["email"]} if operator.get("email") else {})
            )
            if operator.get("phone") and not operator.get("sample"):
                tables["phone"].append(
                    {"id": ids("phone", "operator"), "contact_id": contact_id, "organization_id": operator_id, "number": operator["phone"], "type": "voice", "description": "报告信息有误"}
                )

    # Stations: an organization, its place, its services there.
    for s in network.stations:
        sample = network.is_sample(s)
        org_id, location_id = ids("organization", "station", s.id), ids("location", "station", s.id)
        page = f"{site}stations/{s.id}/"
        kind = network.kinds.get(s.kind, s.kind)
        org = {
            "id": org_id,
            "name": s.name,
            "description": f"{kind}，{s.area}。" + (s.notes or "") + (SAMPLE_NOTE if sample else ""),
            "website": page,
        }
        if s.parent and s.parent in network.by_id:
            org["parent_organization_id"] = ids("organization", "station", s.parent)
        tables["organization"].append(org)
        location: dict[str, Any] = {
            "id": location_id,
            "location_type": "physical",
            "organization_id": org_id,
            "name": s.name,
            "description": f"地址：{s.address}（{s.area}）" + (SAMPLE_NOTE if sample else ""),
        }
        if not sample:
            latitude, longitude = s.wgs84(network.meta.coordinates)
            location |= {"latitude": round(latitude, 6), "longitude": round(longitude, 6)}
        tables["location"].append(location)
        if s.accessible is not None:
            tables["accessibility"].append(
                {"id": ids("accessibility", s.id), "location_id": location_id, "description": "有无障碍通道" if s.accessible else "没有无障碍通道，需要帮助请先打电话"}
            )
        if not sample:
            for number, phone in enumerate(s.phone):
                tables["phone"].append(
                    {"id": ids("phone", "station", s.id, str(number)), "location_id": location_id, "organization_id": org_id, "number": phone.display, "type": "voice"}
                )
        tables["schedule"] += _schedules(ids, f"station/{s.id}", s.hours, {"location_id": location_id})
        for code in s.services:
            service_id = ids("service", "station", s.id, code)
            name = network.services.get(code, code)
            codes = network.service_audiences.get(code, ())
            tables["service"].append(
                {
                    "id": service_id,
                    "organization_id": org_id,
                    "name": name,
                    "description": f"{s.name}提供的{name}。" + (SAMPLE_NOTE if sample else ""),
                    "url": page,
                    "status": "active",
                    "eligibility_description": eligibility(codes),
                    "assured_date": s.verified.isoformat(),
                }
            )
            tables["service_at_location"].append(
                {"id": ids("service_at_location", s.id, code), "service_id": service_id, "location_id": location_id}
            )
            classify(service_id, codes)

    # Hotlines: each a service of its own provider, by phone.
    for h in directory.hotlines:
        sample = directory.is_sample(h)
        view = hotline_view(h, dict(audiences), sample)
        org_id, service_id = ids("organization", "hotline", h.id), ids("service", "hotline", h.id)
        description = h.description or h.name
        tables["organization"].append(
            {"id": org_id, "name": h.name, "description": description + (SAMPLE_NOTE if sample else ""), "website": f"{site}hotlines/#{h.id}"}
        )
        codes = [c for c in h.audience if c in audiences]
        tables["service"].append(
            {
                "id": service_id,
                "organization_id": org_id,
                "name": h.name,
                "description": (h.when_to_call + " " if h.when_to_call else "") + description + (SAMPLE_NOTE if sample else ""),
                "url": f"{site}hotlines/#{h.id}",
                "status": "active",
                "eligibility_description": eligibility([c for c in codes if c != "public"]),
                "fees_description": view.cost_text,
                "assured_date": h.verified.isoformat(),
            }
        )
        classify(service_id, codes)
        if not sample:
            tables["phone"].append(
                {"id": ids("phone", "hotline", h.id), "service_id": service_id, "organization_id": org_id, "number": h.number.display, "type": "voice"}
                | ({"description": h.when_to_call} if h.when_to_call else {})
            )
        if h.hours is None:
            tables["schedule"].append({"id": ids("schedule", "hotline", h.id), "service_id": service_id, "description": view.hours_text})
        else:
            tables["schedule"] += _schedules(ids, f"hotline/{h.id}", h.hours, {"service_id": service_id})

    # Compact: a province's directory is tens of megabytes indented.
    return json.dumps(tables, ensure_ascii=False, separators=(",", ":")) + "\n"
