"""The service directory as Open Referral HSDS 3.0 (/open-data/hsds.json,
hooks/mhsite/open_data/hsds.py), checked two ways:

1. always, by the project's own structural rules, written from the HSDS 3.0
   specification's documented requirements (field names as the specification
   names them; no text of its schemas is copied here): each table's required
   fields, ids that are UUIDs and unique, the ids that link records across
   tables all resolving, the enumerations it fixes, times and positions;
2. against the published HSDS 3.0 JSON Schemas themselves
   (schema/compiled/tabular.json of the openreferral/specification
   repository) when a copy is at hand: the folder `schema/` of that
   repository (or its `compiled/` folder) named by HSDS_SCHEMAS, or at
   ../shared/hsds/ beside the project. The schemas are not in the project
   (this workplace keeps fetched public content out of the repository, and
   no package on the registries ships them); without a copy that test is
   skipped with the reason.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from pathlib import Path

import pytest

from conftest import ROOT

# HSDS 3.0's required fields, by table (the specification's "required" and,
# for the tabular form, "tabular_required" lists).
REQUIRED = {
    "organization": {"id", "name", "description"},
    "service": {"id", "name", "status", "organization_id"},
    "location": {"id", "location_type"},
    "service_at_location": {"id", "service_id", "location_id"},
    "phone": {"id", "number"},
    "schedule": {"id"},
    "contact": {"id"},
    "accessibility": {"id"},
    "taxonomy": {"id", "name", "description"},
    "taxonomy_term": {"id", "name", "description"},
    "attribute": {"id", "link_id", "taxonomy_term_id", "link_entity"},
}
# The fields that hold another record's id, and the table it must be in.
REFERENCES = {
    "organization_id": "organization",
    "parent_organization_id": "organization",
    "service_id": "service",
    "location_id": "location",
    "contact_id": "contact",
    "taxonomy_id": "taxonomy",
    "taxonomy_term_id": "taxonomy_term",
}
ENUMS = {
    ("service", "status"): {"active", "inactive", "defunct", "temporarily closed"},
    ("location", "location_type"): {"physical", "postal", "virtual"},
    ("schedule", "freq"): {"WEEKLY", "MONTHLY"},
    ("schedule", "wkst"): {"MO", "TU", "WE", "TH", "FR", "SA", "SU"},
}
# schedule.opens_at/closes_at: HH:MM with the offset from UTC (HSDS 3.0).
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?(Z|[+-]\d{2}:\d{2})$")
_BYDAY = re.compile(r"^(-?[1-4]?(MO|TU|WE|TH|FR|SA|SU))(,-?[1-4]?(MO|TU|WE|TH|FR|SA|SU))*$")


@pytest.fixture(scope="module")
def export(site_dir: Path) -> dict:
    return json.loads((site_dir / "open-data/hsds.json").read_text(encoding="utf-8"))


def structural_problems(data: dict) -> list[str]:
    out = []
    ids: dict[str, set[str]] = {}
    for table, records in data.items():
        if table not in REQUIRED:
            out.append(f"{table}: not an HSDS table this export writes")
            continue
        seen = ids.setdefault(table, set())
        for index, record in enumerate(records):
            where = f"{table}[{index}]"
            for name in sorted(REQUIRED[table] - set(record)):
                out.append(f"{where}: {name} missing")
            for name, value in record.items():
                if value in ("", None, [], {}):
                    out.append(f"{where}.{name}: empty")
                if name == "id" or name.endswith("_id"):
                    try:
                        uuid.UUID(value)
                    except (ValueError, TypeError, AttributeError):
                        out.append(f"{where}.{name}: not a UUID: {value!r}")
            if record.get("id") in seen:
                out.append(f"{where}: id {record['id']} used twice")
            seen.add(record.get("id"))
            for (enum_table, name), allowed in ENUMS.items():
                if enum_table == table and name in record and record[name] not in allowed:
                    out.append(f"{where}.{name}: {record[name]!r}")
            if table == "schedule":
                for name in ("opens_at", "closes_at"):
                    if name in record and not _TIME.match(record[name]):
                        out.append(f"{where}.{name}: {record[name]!r}")
                if "byday" in record and not _BYDAY.match(record["byday"]):
                    out.append(f"{where}.byday: {record['byday']!r}")
                if not ({"service_id", "location_id", "service_at_location_id"} & set(record)):
                    out.append(f"{where}: a schedule of nothing")
            if table == "location" and "latitude" in record:
                if not (-90 <= record["latitude"] <= 90 and -180 <= record["longitude"] <= 180):
                    out.append(f"{where}: position {record['latitude']}, {record['longitude']}")
            if table == "attribute" and record.get("link_entity") == "service" and record.get("link_id") not in ids.get("service", set()):
                out.append(f"{where}.link_id: no such service")
    for table, records in data.items():
        for index, record in enumerate(records):
            for name, target in REFERENCES.items():
                if name in record and record[name] not in ids.get(target, set()):
                    out.append(f"{table}[{index}].{name}: no {target} with id {record[name]}")
    return out


def test_the_export_follows_the_specifications_structure(export: dict) -> None:
    assert structural_problems(export) == []
    counts = {table: len(records) for table, records in export.items()}
    print(f"\nhsds.json: {counts}")
    for table in ("organization", "service", "location", "schedule", "phone", "contact"):
        assert counts[table] > 0, table


def test_every_station_and_hotline_is_there_linked_by_ids(export: dict) -> None:
    stations = re.findall(r"^  - id: (\S+)", (ROOT / "docs/_data/stations.yml").read_text(encoding="utf-8"), re.M)
    hotlines = re.findall(r"^  - id: (\S+)", (ROOT / "docs/_data/hotlines.yml").read_text(encoding="utf-8"), re.M)
    assert len(export["location"]) == len(stations)
    names = {o["name"] for o in export["organization"]}
    assert "东湖街道心理服务站" in names and "全国统一心理援助热线" in names
    by_id = {s["id"]: s for s in export["service"]}
    at = {(x["service_id"], x["location_id"]) for x in export["service_at_location"]}
    # Each station service is at its station's location.
    locations = {loc["id"]: loc for loc in export["location"]}
    for service_id, location_id in at:
        assert by_id[service_id]["organization_id"] == locations[location_id]["organization_id"]
    # The hotlines: a service each, the real ones with their number, the sample one without.
    phones = {p["number"] for p in export["phone"]}
    assert {"12356", "110", "120", "12355"} <= phones
    assert not any("8000 0000" in p or "80000000" in p for p in phones)
    assert len([s for s in export["service"] if s["url"].split("#")[0].endswith("/hotlines/")]) == len(hotlines)


def test_sample_stations_have_no_phone_or_position_and_say_so(export: dict) -> None:
    # The shipped stations are all samples: no invented number to dial, no
    # position on a real map.
    assert not [p for p in export["phone"] if "location_id" in p]
    assert not [loc for loc in export["location"] if "latitude" in loc]
    assert all("示例数据" in loc["description"] for loc in export["location"])


def test_audiences_classify_the_services(export: dict) -> None:
    terms = {t["id"]: t["code"] for t in export["taxonomy_term"]}
    services = {s["id"]: s for s in export["service"]}
    bereaved = [services[a["link_id"]] for a in export["attribute"] if terms[a["taxonomy_term_id"]] == "lost-only-child"]
    assert {s["name"] for s in bereaved} == {"失去独生子女家庭关爱", "示例区心理咨询热线"}
    assert all("失去独生子女的家庭" in s["eligibility_description"] for s in bereaved)


def test_ids_are_the_same_in_every_build(export: dict, tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(ROOT / "hooks"))
    from mhsite.audiences.model import load_audiences
    from mhsite.hotlines.model import load_hotlines
    from mhsite.open_data.hsds import hsds_export
    from mhsite.stations.model import load_stations
    from datetime import date

    names = load_audiences(ROOT / "docs/_data/audiences.yml", "a")[0].names
    network = load_stations(ROOT / "docs/_data/stations.yml", "s", date(2026, 11, 23), names)[0]
    directory = load_hotlines(ROOT / "docs/_data/hotlines.yml", "h", date(2026, 11, 23), names)[0]
    operator = {"name": "示例区社会心理服务指导中心", "email": "xinli@example.org", "phone": "0573-8000 1000", "sample": True}
    again = json.loads(hsds_export(network, directory, names, "https://example.org/", operator))
    assert again == export


def _schemas() -> Path | None:
    """Where a copy of HSDS 3.0's compiled schemas is, if anywhere."""
    for candidate in filter(None, [os.environ.get("HSDS_SCHEMAS"), str(ROOT.parent / "shared" / "hsds")]):
        for folder in (Path(candidate), Path(candidate) / "compiled", Path(candidate) / "schema" / "compiled"):
            if (folder / "tabular.json").is_file():
                return folder
    return None


def test_the_export_validates_against_the_published_hsds_schemas(export: dict) -> None:
    folder = _schemas()
    if folder is None:
        pytest.skip(
            "HSDS 3.0's JSON Schemas are not here: put the openreferral/specification repository's schema/ folder "
            "at ../shared/hsds/ beside the project, or name it in HSDS_SCHEMAS, to validate against them "
            "(the structural test above runs either way)"
        )
    from jsonschema import Draft202012Validator, FormatChecker

    schema = json.loads((folder / "tabular.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(export), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:20])
    # Each table's records against that object's own schema too (tabular.json
    # lists them; their `required` is enforced there).
    for table, records in export.items():
        item = schema["properties"][table]["items"]
        for record in records:
            missing = set(item.get("required", [])) - set(record)
            assert not missing, (table, missing)
