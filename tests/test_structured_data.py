"""schema.org structured data (JSON-LD) in the built pages (issue 19):
stations as places with address, position and opening hours (holiday
closures as special hours), activities as Event with their status, articles,
lessons and guides as MedicalWebPage with lastReviewed and reviewedBy once a
professional has reviewed them; every object checked against the types'
properties (tests/schema_org.py), escaped so that no editor's text can end
the <script> element."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT
from mhsite.common.holidays import load_holiday_file
from mhsite.common.structured import json_ld
from mhsite.content.model import check_page
from mhsite.content.structured import page_structured
from mhsite.stations.model import load_stations
from mhsite.stations.structured import station_structured
from schema_org import problems

_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
TODAY = date(2026, 11, 23)


def structured(path: Path) -> list[dict]:
    return [json.loads(text) for text in _LD.findall(path.read_text(encoding="utf-8"))]


def test_every_pages_structured_data_has_only_the_properties_of_its_types(site_dir: Path) -> None:
    found: dict[str, int] = {}
    failures = []
    for path in sorted(site_dir.rglob("*.html")):
        for data in structured(path):
            found[data["@type"]] = found.get(data["@type"], 0) + 1
            failures += [f"{path.relative_to(site_dir)}: {p}" for p in problems(data)]
    assert not failures, "\n".join(failures[:40])
    # One per station, activity and content page, and the FAQ.
    stations = len(re.findall(r"^  - id: ", (ROOT / "docs/_data/stations.yml").read_text(encoding="utf-8"), re.M))
    assert found.get("Place", 0) + found.get("MedicalClinic", 0) == stations
    assert found.get("MedicalClinic", 0) == 6
    assert found["Event"] == len(list((site_dir / "events").glob("*/index.html"))) - 1  # not the archive
    assert found["MedicalWebPage"] == 12 + 8 + 12  # articles, guides, lessons with their 2 series pages
    assert found["FAQPage"] == 1


def test_activities_say_when_they_are_cancelled_or_moved(site_dir: Path) -> None:
    status = {
        "2026-12-postpartum-group-qingshi": "EventCancelled",
        "2026-12-women-talk-taoyuan": "EventRescheduled",
        "2026-12-exam-group-baisha": "EventScheduled",  # full, still held
        "2026-12-parent-child-donghu": "EventScheduled",
    }
    for event_id, expected in status.items():
        (data,) = structured(site_dir / f"events/{event_id}/index.html")
        assert data["eventStatus"] == f"https://schema.org/{expected}", event_id
        assert data["startDate"].endswith("+08:00") and data["isAccessibleForFree"] is True
        assert data["organizer"]["name"] == "示例区社会心理服务指导中心"
        # A sample place: no position that would send anyone there.
        assert "geo" not in data["location"]
    (group,) = structured(site_dir / "events/2026-12-parent-child-donghu/index.html")
    assert group["location"]["url"] == "https://example.org/stations/donghu-station/"
    (school,) = structured(site_dir / "events/2026-12-school-talk-xihe/index.html")
    assert school["location"]["name"] == "西河镇中心小学报告厅（示例）" and school["location"]["address"]["addressLocality"] == "西河镇"


def test_stations_hours_and_holiday_closures(site_dir: Path) -> None:
    (centre,) = structured(site_dir / "stations/district-centre/index.html")
    assert centre["@type"] == "Place" and centre["url"] == "https://example.org/stations/district-centre/"
    weekly = centre["openingHoursSpecification"]
    assert {(s["opens"], s["closes"]) for s in weekly} == {("08:30", "11:30"), ("13:30", "17:00")}
    assert all(len(s["dayOfWeek"]) == 5 for s in weekly)
    special = {s["validFrom"]: (s["opens"], s["closes"]) for s in centre["specialOpeningHoursSpecification"]}
    # 2027-01-01 (元旦, a Friday) closed: opens = closes = 00:00.
    assert special["2027-01-01"] == ("00:00", "00:00")
    # A sample station: no phone to dial, no position.
    assert "telephone" not in centre and "geo" not in centre and "示例" in centre["description"]
    # 东湖街道心理服务站 opens on holidays in the morning only.
    (donghu,) = structured(site_dir / "stations/donghu-station/index.html")
    assert [(s["opens"], s["closes"]) for s in donghu["specialOpeningHoursSpecification"] if s["validFrom"] == "2027-01-01"] == [("09:00", "12:00")]
    # A clinic only open on its monthly day: those days as special hours.
    (clinic,) = structured(site_dir / "stations/xihe-clinic/index.html")
    assert clinic["@type"] == "MedicalClinic" and "openingHoursSpecification" not in clinic
    assert [s["validFrom"] for s in clinic["specialOpeningHoursSpecification"]][:2] == ["2026-12-17", "2027-01-17"]


def test_a_real_station_has_its_phone_and_position(tmp_path: Path) -> None:
    text = (ROOT / "docs/_data/stations.yml").read_text(encoding="utf-8").replace("  sample: true\n", "", 1)
    path = tmp_path / "stations.yml"
    path.write_text(text, encoding="utf-8")
    network, _, _ = load_stations(path, "docs/_data/stations.yml", TODAY)
    calendar = load_holiday_file(ROOT / "docs/_data/holidays.yml", "docs/_data/holidays.yml", range(2025, 2028))
    # The shipped numbers are recognised as samples even without the flag:
    # pretend this one is a real station.
    station = network.by_id["donghu-station"]
    object.__setattr__(network, "samples", {})
    data = station_structured(network, station, calendar, "https://example.org/stations/donghu-station/", TODAY)
    assert problems(data) == []
    assert data["telephone"] == "0573-80012301"
    assert 30 < data["geo"]["latitude"] < 31 and 120 < data["geo"]["longitude"] < 121
    assert "description" not in data


def _page(src_uri: str, reviewer_sample: bool):
    source = (ROOT / "docs" / src_uri).read_text(encoding="utf-8")
    if not reviewer_sample:
        source = source.replace("reviewer: 待专业人员审核（示例）\nreviewer_sample: true\n", "reviewer: 张敏（精神科主治医师）\n")
    context = {
        "tags": {t: t for t in ["情绪", "焦虑", "抑郁", "睡眠", "压力", "亲子", "学业", "职场", "老年", "哀伤", "家庭照护", "求助", "危机", "自我照顾"]},
        "age_groups": {a: a for a in ["0-3", "3-6", "6-12", "12-15", "15-18"]},
        "audiences": {"public": "所有人", "elderly": "老年人", "parents": "家长", "workers": "职工"},
        "today": TODAY,
    }
    page, errors = check_page(src_uri, source, src_uri, context)
    assert errors == [] and page is not None
    return page


def test_reviewed_pages_say_when_and_by_whom_and_unreviewed_ones_do_not() -> None:
    reviewed = page_structured(_page("articles/sleep-basics.md", False), "https://example.org/articles/sleep-basics/", {"public": "所有人"})
    assert problems(reviewed) == []
    assert reviewed["lastReviewed"] == "2026-11-01"
    assert reviewed["reviewedBy"] == {"@type": "Person", "name": "张敏（精神科主治医师）"}
    sample = page_structured(_page("articles/sleep-basics.md", True), "https://example.org/articles/sleep-basics/", {"public": "所有人"})
    assert "lastReviewed" not in sample and "reviewedBy" not in sample
    guide = page_structured(_page("guides/screen-time.md", False), "https://example.org/guides/screen-time/", {"parents": "家长"})
    assert guide["audience"]["@type"] == "ParentAudience" and problems(guide) == []
    lesson = page_structured(_page("lessons/good-sleep/01-how-sleep-works.md", False), "https://example.org/x/", {})
    assert lesson["timeRequired"].startswith("PT") and problems(lesson) == []


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "<!--", "a & b", "]]>"])
def test_editors_text_cannot_end_the_script_element(text: str) -> None:
    element = str(json_ld({"@context": "https://schema.org", "@type": "Place", "name": text}))
    inner = element.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert json.loads(inner)["name"] == text
