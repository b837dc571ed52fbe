"""What the hotline data becomes: the directory page, the printable handout,
the JSON export, and the crisis lines as the templates show them (the help
bar, the help box of safe_messaging, the self-checks).

Plain functions from validated data to text; no MkDocs here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import segno

from mhsite.common.holidays import HolidayCalendar, calendar_to_json
from mhsite.hotlines.model import SCOPES, Hotline, HotlineDirectory
from mhsite.common.opening_hours import describe_holidays, describe_weekly, opening_hours_to_json
from mhsite.common.render import render
from mhsite.publication.operator import ReportContact, ReportLink

# Scope groups in the order a resident needs them; emergency numbers first.
GROUPS: list[tuple[str, str, str]] = [
    ("emergency", "紧急情况", "有人有生命危险、已经受伤或服下过量药物时，不要等待，直接拨打："),
    ("national", "全国热线", ""),
    ("provincial", "全省热线", ""),
    ("city", "全市热线", ""),
    ("district", "本区热线", ""),
]


@dataclass(frozen=True)
class HotlineView:
    """One hotline as the templates show it."""

    id: str
    name: str
    display: str
    tel: str
    label: str
    emergency: bool
    sample: bool
    when_to_call: str
    hours_text: str
    holidays_text: str
    has_schedule: bool
    cost_text: str
    audience: list[str]
    audience_text: str
    scope_text: str
    description: str
    verified: str
    source: str
    report: ReportLink | None = None


def hotline_view(h: Hotline, audiences: dict[str, str], sample: bool | None = None, report: ReportLink | None = None) -> HotlineView:
    """`sample`: HotlineDirectory.is_sample(h) (default: the entry's flag);
    `report`: how to tell the centre the entry is wrong."""
    if h.hours is None:
        hours_text, holidays_text = "各地开通时间不同，以当地公布为准", ""
    else:
        hours_text = describe_weekly(h.hours)
        holidays_text = "" if h.hours.weekly.always_open and h.hours.holidays == "open" else describe_holidays(h.hours)
    cost = {True: "免费", False: "按正常通话费收费", None: "以当地公布为准"}[h.free]
    return HotlineView(
        id=h.id,
        name=h.name,
        display=h.number.display,
        tel=h.number.tel,
        label=h.short_label,
        emergency=h.emergency,
        sample=h.sample if sample is None else sample,
        when_to_call=h.when_to_call or "",
        hours_text=hours_text,
        holidays_text=holidays_text,
        has_schedule=h.hours is not None,
        cost_text=cost,
        audience=list(h.audience),
        audience_text="、".join(audiences.get(a, a) for a in h.audience),
        scope_text=SCOPES[h.scope],
        description=h.description,
        verified=h.verified.isoformat(),
        source=h.source,
        report=report,
    )


def grouped(directory: HotlineDirectory, contact: ReportContact | None = None, page_url: str = "") -> list[dict[str, Any]]:
    """The lines by group. With `contact`, each line offers "信息有误？"
    naming the line and its address (`page_url` + #id)."""
    groups = []
    for key, title, intro in GROUPS:
        members = [
            hotline_view(
                h,
                dict(directory.audiences),
                directory.is_sample(h),
                contact.link(f"{h.name} {h.number.display}", f"{page_url}#{h.id}") if contact else None,
            )
            for h in directory.hotlines
            if (h.emergency if key == "emergency" else (h.scope == key and not h.emergency))
        ]
        if members:
            groups.append({"anchor": key, "title": title, "intro": intro, "hotlines": members})
    return groups


def client_data(directory: HotlineDirectory, calendar: HolidayCalendar) -> dict[str, Any]:
    """What hotlines.js needs: each line's hours, the holiday calendar, and the
    lines to point to when no local line is open."""
    return {
        "hotlines": {
            h.id: {
                "hours": opening_hours_to_json(h.hours) if h.hours is not None else None,
                "local": h.scope != "national" and not h.emergency,
            }
            for h in directory.hotlines
        },
        "calendar": calendar_to_json(calendar),
        "always": [
            {"tel": h.number.tel, "display": h.number.display, "label": h.short_label}
            for h in directory.crisis_lines
        ],
    }


def directory_page(
    directory: HotlineDirectory,
    calendar: HolidayCalendar,
    holiday_note: str = "",
    contact: ReportContact | None = None,
    page_url: str = "",
) -> str:
    """The Markdown source of /hotlines/. `holiday_note`: what to say while a
    year's 调休 arrangement is not announced (common.holidays.unannounced_note);
    `contact`: the operator's, for "信息有误？" (publication/operator.py); `page_url`:
    the page's address."""
    return render(
        "hotlines.html",
        holiday_note=holiday_note,
        groups=grouped(directory, contact, page_url),
        audiences=filter_audiences(directory),
        data=client_data(directory, calendar),
    )


def filter_audiences(directory: HotlineDirectory) -> list[tuple[str, str]]:
    """The "我是：" filter's choices: the audiences some line is for, in the
    vocabulary's order. "public" is none: a line for everyone matches every
    choice (hotlines.js), and a group no line names would show only those."""
    used = {a for h in directory.hotlines for a in h.audience} - {"public"}
    return [(code, name) for code, name in directory.audiences.items() if code in used]


def handout_page(directory: HotlineDirectory, page_url: str, site_name: str) -> str:
    """The Markdown source of /hotlines/print/: one A4 sheet with a QR code."""
    qr = segno.make(page_url, error="m")
    svg = qr.svg_inline(scale=4, dark="#000000", light="#ffffff", title=f"扫码打开：{page_url}")
    return render(
        "hotlines-print.html",
        groups=grouped(directory),
        qr_svg=svg,
        page_url=page_url,
        site_name=site_name,
    )


def export_json(directory: HotlineDirectory) -> str:
    """/hotlines/hotlines.json: the directory for other systems."""
    items = []
    for h in directory.hotlines:
        items.append(
            {
                "id": h.id,
                "name": h.name,
                "number": h.number.digits,
                "display": h.number.display,
                "scope": h.scope,
                "hours": opening_hours_to_json(h.hours) if h.hours is not None else None,
                "hours_text": describe_weekly(h.hours) if h.hours is not None else None,
                "audience": list(h.audience),
                "free": h.free,
                "crisis": h.crisis,
                "emergency": h.emergency,
                "description": h.description,
                "verified": h.verified.isoformat(),
                "source": h.source,
                "sample": directory.is_sample(h),
            }
        )
    return json.dumps({"hotlines": items}, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def crisis_views(directory: HotlineDirectory) -> list[HotlineView]:
    """The crisis lines as the templates show them (help box, self-checks)."""
    return [hotline_view(h, dict(directory.audiences), False) for h in directory.crisis_lines]
