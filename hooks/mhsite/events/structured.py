"""An activity as schema.org structured data (JSON-LD on its page): an Event
with its time (China time, +08:00), status (cancelled: EventCancelled;
moved to another time or place: EventRescheduled), place, organiser, whether
it is free and who it is for. A sample place's position is left out, as its
page leaves out the map links. Nothing here imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mhsite.common.structured import CONTEXT, geo, postal_address
from mhsite.common.text import markdown_text
from mhsite.events.model import Event, EventList

# events.yml's `status` → schema.org's EventStatusType. "full" is still
# taking place: schema.org has no status for it.
STATUS = {
    "scheduled": "EventScheduled",
    "full": "EventScheduled",
    "cancelled": "EventCancelled",
    "moved": "EventRescheduled",
}


def event_structured(
    events: EventList,
    e: Event,
    audiences: Mapping[str, str],
    page_url: str,
    organizer: Mapping[str, str],
    region: str | None,
) -> dict[str, Any]:
    """`organizer`: {"name", "url"} of the centre that runs the site;
    `region`: the district (stations.yml's meta.region)."""
    place = events.places[e.id]
    location: dict[str, Any] = {"@type": "Place", "name": place.name}
    location["address"] = postal_address(place.address or place.name, place.area, region)
    if place.station_id:
        # The station's page and its own structured data (stations/structured.py).
        station_url = page_url.rsplit("events/", 1)[0] + f"stations/{place.station_id}/"
        location |= {"@id": station_url + "#place", "url": station_url}
    if place.location is not None and not (place.sample or events.is_sample(e)):
        location["geo"] = geo(*place.location)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Event",
        "name": e.title,
        "url": page_url,
        "startDate": e.start.isoformat(),
        "endDate": e.end.isoformat(),
        "eventStatus": f"{CONTEXT}/{STATUS[e.status]}",
        "eventAttendanceMode": f"{CONTEXT}/OfflineEventAttendanceMode",
        "location": location,
        "organizer": {"@type": "Organization", **organizer},
        "audience": {"@type": "Audience", "audienceType": "、".join(audiences.get(a, a) for a in e.audience)},
    }
    description = " ".join(part for part in (e.note, _plain(e.description)) if part)
    if description:
        data["description"] = description[:500]
    if e.free is not None:
        data["isAccessibleForFree"] = e.free
    if e.capacity:
        data["maximumAttendeeCapacity"] = e.capacity
    return data


def _plain(markdown: str) -> str:
    """An activity's Markdown description as one line of text."""
    return " ".join(markdown_text(markdown).split())
