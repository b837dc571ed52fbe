"""The schema.org types the site's structured data uses, with the properties
each may have and those it must have, for the tests (the schema.org
vocabulary is not on the package registries; there is no kept offline
validator for it). Written from schema.org's type pages, one line per type:
the properties listed are those schema.org gives the type (its own or
inherited from Thing, CreativeWork, WebPage, Place, Event, Intangible) that
the site uses or could sensibly use; `required` are what the site promises
(and what Google's rich results ask for where it has a guide).

Sources: https://schema.org/<Type> for every type below (2025 release 29);
enumerations: https://schema.org/DayOfWeek, /EventStatusType,
/EventAttendanceModeEnumeration.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

THING = {"@context", "@type", "@id", "name", "description", "url", "identifier", "image", "sameAs", "alternateName"}
CREATIVE_WORK = THING | {
    "headline", "inLanguage", "audience", "author", "dateModified", "datePublished", "genre", "keywords",
    "about", "isPartOf", "mainEntity", "publisher", "timeRequired", "learningResourceType", "educationalLevel",
}
WEB_PAGE = CREATIVE_WORK | {"lastReviewed", "reviewedBy", "breadcrumb", "mainContentOfPage", "specialty"}
PLACE = THING | {
    "address", "geo", "telephone", "openingHoursSpecification", "specialOpeningHoursSpecification",
    "amenityFeature", "containedInPlace", "isAccessibleForFree", "publicAccess", "hasMap", "faxNumber",
}

# type → (allowed properties, required properties)
TYPES: dict[str, tuple[set[str], set[str]]] = {
    "FAQPage": (WEB_PAGE, {"mainEntity"}),
    "Question": (CREATIVE_WORK | {"acceptedAnswer", "suggestedAnswer", "answerCount"}, {"name", "acceptedAnswer"}),
    "Answer": (CREATIVE_WORK | {"text"}, {"text"}),
    "MedicalWebPage": (WEB_PAGE | {"medicalAudience"}, {"name", "description", "url", "inLanguage", "audience"}),
    "Place": (PLACE, {"name", "address"}),
    # MedicalClinic: a LocalBusiness and a MedicalOrganization, so a Place too.
    "MedicalClinic": (PLACE | {"medicalSpecialty", "availableService", "openingHours", "priceRange"}, {"name", "url", "address"}),
    "PostalAddress": (THING | {"streetAddress", "addressLocality", "addressRegion", "addressCountry", "postalCode"}, {"streetAddress", "addressCountry"}),
    "GeoCoordinates": (THING | {"latitude", "longitude", "elevation"}, {"latitude", "longitude"}),
    "OpeningHoursSpecification": (THING | {"dayOfWeek", "opens", "closes", "validFrom", "validThrough"}, {"opens", "closes"}),
    "LocationFeatureSpecification": (THING | {"value", "hoursAvailable", "validFrom", "validThrough"}, {"name", "value"}),
    "Event": (
        THING | {
            "startDate", "endDate", "eventStatus", "eventAttendanceMode", "location", "organizer", "performer",
            "isAccessibleForFree", "audience", "maximumAttendeeCapacity", "offers", "previousStartDate", "inLanguage",
        },
        {"name", "startDate", "endDate", "eventStatus", "location", "organizer"},
    ),
    "Organization": (THING | {"telephone", "email", "address"}, {"name"}),
    "Person": (THING | {"jobTitle", "affiliation"}, {"name"}),
    "Audience": (THING | {"audienceType", "geographicArea"}, {"audienceType"}),
    "PeopleAudience": (THING | {"audienceType", "geographicArea", "suggestedMinAge", "suggestedMaxAge"}, {"audienceType"}),
    "ParentAudience": (
        THING | {"audienceType", "geographicArea", "suggestedMinAge", "suggestedMaxAge", "childMinAge", "childMaxAge"},
        {"audienceType", "childMinAge", "childMaxAge"},
    ),
}

DAYS = {f"https://schema.org/{d}" for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")}
EVENT_STATUS = {f"https://schema.org/{s}" for s in ("EventScheduled", "EventCancelled", "EventPostponed", "EventRescheduled", "EventMovedOnline")}
ATTENDANCE = {f"https://schema.org/{s}" for s in ("OfflineEventAttendanceMode", "OnlineEventAttendanceMode", "MixedEventAttendanceMode")}
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")
_URL = re.compile(r"^https?://[^\s<>\"]+$")


def problems(node: Any, where: str = "") -> list[str]:
    """Everything in `node` (a JSON-LD object, its values recursively) that
    is not what TYPES and the value rules allow."""
    out: list[str] = []
    if isinstance(node, list):
        for index, item in enumerate(node):
            out += problems(item, f"{where}[{index}]")
        return out
    if not isinstance(node, dict):
        return out
    kind = node.get("@type")
    if kind not in TYPES:
        return [f"{where}: @type {kind!r} is not one of the types checked"]
    allowed, required = TYPES[kind]
    for key in sorted(set(node) - allowed):
        out.append(f"{where} ({kind}): {key!r} is not a property of {kind}")
    for key in sorted(required - set(node)):
        out.append(f"{where} ({kind}): {key!r} missing")
    for key, value in node.items():
        at = f"{where}.{key}"
        if key == "@context" and value != "https://schema.org":
            out.append(f"{at}: {value!r}")
        elif key in ("url",) and not (isinstance(value, str) and _URL.match(value)):
            out.append(f"{at}: not an absolute address: {value!r}")
        elif key == "dayOfWeek" and not (isinstance(value, list) and value and set(value) <= DAYS):
            out.append(f"{at}: {value!r}")
        elif key in ("opens", "closes") and not (isinstance(value, str) and _TIME.match(value)):
            out.append(f"{at}: not a time: {value!r}")
        elif key in ("validFrom", "validThrough", "lastReviewed"):
            try:
                date.fromisoformat(value)
            except (TypeError, ValueError):
                out.append(f"{at}: not a date: {value!r}")
        elif key in ("startDate", "endDate"):
            try:
                moment = datetime.fromisoformat(value)
                assert moment.utcoffset() is not None
            except (TypeError, ValueError, AssertionError):
                out.append(f"{at}: not a date and time with its offset: {value!r}")
        elif key == "eventStatus" and value not in EVENT_STATUS:
            out.append(f"{at}: {value!r}")
        elif key == "eventAttendanceMode" and value not in ATTENDANCE:
            out.append(f"{at}: {value!r}")
        elif key == "latitude" and not (isinstance(value, (int, float)) and -90 <= value <= 90):
            out.append(f"{at}: {value!r}")
        elif key == "longitude" and not (isinstance(value, (int, float)) and -180 <= value <= 180):
            out.append(f"{at}: {value!r}")
        elif key in ("isAccessibleForFree", "value") and not isinstance(value, bool):
            out.append(f"{at}: not true or false: {value!r}")
        elif key in ("maximumAttendeeCapacity", "childMinAge", "childMaxAge") and not (isinstance(value, int) and value >= 0):
            out.append(f"{at}: {value!r}")
        elif key == "timeRequired" and not (isinstance(value, str) and re.match(r"^PT\d+M$", value)):
            out.append(f"{at}: not an ISO 8601 duration: {value!r}")
        elif isinstance(value, (dict, list)):
            out += problems(value, at)
        elif key not in ("@context", "@type") and not isinstance(value, (str, int, float, bool)):
            out.append(f"{at}: {value!r}")
        elif isinstance(value, str) and not value.strip():
            out.append(f"{at}: empty")
    if kind == "OpeningHoursSpecification" and ("dayOfWeek" in node) == ("validFrom" in node):
        out.append(f"{where}: weekly hours need dayOfWeek, a special day validFrom/validThrough (one of them)")
    if kind in ("Event",) and node.get("endDate", "") < node.get("startDate", ""):
        out.append(f"{where}: ends before it starts")
    return out
