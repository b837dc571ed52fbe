"""schema.org structured data (JSON-LD) that search engines and other systems
read: the pieces the pages share, and the one way it is written into a page.

Each capability builds its own (stations/structured.py: a station as a
place; events/structured.py: an activity as an Event; content/structured.py:
an article, lesson or guide as a MedicalWebPage); the FAQ's FAQPage is in
faq/pages.py. Every value is the editors' text as data, never markup: the
JSON is escaped so that nothing in it can end the <script> element or start
an HTML comment (`<`, `>` and `&` as \\u escapes, as the FAQ's). Nothing
here imports MkDocs.

Sources: schema.org's type pages (https://schema.org/Place,
/OpeningHoursSpecification, /Event, /EventStatusType, /MedicalWebPage); the
convention that opens = closes = "00:00" means closed all day is Google's
(Search Central, "Local business structured data").
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from markupsafe import Markup

from mhsite.common.opening_hours import MINUTES_PER_DAY, Interval

CONTEXT = "https://schema.org"
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def json_ld(data: dict[str, Any]) -> Markup:
    """`data` as a complete <script type="application/ld+json"> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def postal_address(street: str, locality: str | None, region: str | None) -> dict[str, Any]:
    """A Chinese address as schema.org's PostalAddress: the address as
    written, the town (街道/镇) and the district or city."""
    out: dict[str, Any] = {"@type": "PostalAddress", "streetAddress": street, "addressCountry": "CN"}
    if locality:
        out["addressLocality"] = locality
    if region:
        out["addressRegion"] = region
    return out


def geo(latitude: float, longitude: float) -> dict[str, Any]:
    """WGS-84 (what schema.org's GeoCoordinates and GPS use)."""
    return {"@type": "GeoCoordinates", "latitude": round(latitude, 6), "longitude": round(longitude, 6)}


def clock_time(minutes: int) -> str:
    """Minutes since midnight as "HH:MM"; the end of the day is 23:59
    (schema.org's Time has no 24:00)."""
    minutes = min(minutes, MINUTES_PER_DAY - 1)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def hours_spec(hours: tuple[Interval, ...], *, days: list[int] | None = None, on: date | None = None) -> list[dict[str, Any]]:
    """OpeningHoursSpecification for `hours` on weekdays `days` (Monday = 0),
    or on one date `on` (a special day: a holiday, a 调休 working day, a
    monthly clinic day). Closed all day on a date: opens = closes = 00:00."""
    base: dict[str, Any] = {"@type": "OpeningHoursSpecification"}
    if days is not None:
        base["dayOfWeek"] = [f"{CONTEXT}/{DAYS[d]}" for d in days]
    if on is not None:
        base["validFrom"] = base["validThrough"] = on.isoformat()
    if not hours:
        return [base | {"opens": "00:00", "closes": "00:00"}] if on is not None else []
    return [base | {"opens": clock_time(i.start), "closes": clock_time(i.end)} for i in hours]
