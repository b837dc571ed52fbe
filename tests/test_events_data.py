"""Editors' mistakes in docs/_data/events.yml and docs/_data/emergency.yml:
one message each naming the file, the line, the event id and the field; no
traceback; valid events never dropped."""

from __future__ import annotations

import textwrap
from datetime import date, datetime
from pathlib import Path

import pytest

from conftest import ROOT, mkdocs_build
from mhsite.emergency.model import load_emergency
from mhsite.events.model import load_events
from mhsite.audiences.model import load_audiences
from mhsite.common.clock import CHINA
from mhsite.stations.model import load_stations

TODAY = date(2026, 11, 23)
NETWORK, _, _ = load_stations(ROOT / "docs/_data/stations.yml", "docs/_data/stations.yml", TODAY)
AUDIENCES = load_audiences(ROOT / "docs/_data/audiences.yml", "docs/_data/audiences.yml")[0].names

HEADER = """\
meta:
  sample: true
events:
"""  # 3 lines: the first event starts on line 4

GOOD = """\
  - id: 2026-12-parent-child-donghu
    title: 亲子沟通团体辅导：早上不再“打仗”
    start: 2026-12-05 09:30
    end: 2026-12-05 11:00
    station: donghu-station
    audience: [parents]
    capacity: 15
    register: 请拨打本站电话报名
    free: true
    status: scheduled
    description: |
      孩子早上磨蹭，家长着急。
"""
# line numbers of GOOD's fields when it is the first event
LINES = {"id": 4, "title": 5, "start": 6, "end": 7, "station": 8, "audience": 9, "capacity": 10, "register": 11,
         "free": 12, "status": 13, "description": 14}

OTHER = """\
  - id: 2026-12-school-talk-xihe
    title: 期末考试前的减压讲座
    start: 2026-12-10 14:00
    end: 2026-12-10 15:00
    place: 西河镇中心小学报告厅
    area: 西河镇
    audience: [youth, parents]
"""


def load(tmp_path: Path, events: str):
    path = tmp_path / "events.yml"
    path.write_text(HEADER + textwrap.dedent(events), encoding="utf-8")
    return load_events(path, "docs/_data/events.yml", NETWORK.by_id, NETWORK.areas, AUDIENCES)[:2]


def change(text: str, field: str, value: str | None) -> str:
    """`text` with the first line of `field` replaced (or removed for None)."""
    out, done = [], False
    for line in text.splitlines():
        if not done and line.strip().startswith(f"{field}:") or (not done and line.strip().startswith(f"- {field}:")):
            done = True
            if value is not None:
                indent = line[: len(line) - len(line.lstrip())]
                dash = "- " if line.strip().startswith("- ") else ""
                out.append(f"{indent}{dash}{field}: {value}")
            continue
        out.append(line)
    assert done, field
    return "\n".join(out) + "\n"


def only_error(tmp_path: Path, events: str) -> str:
    result, errors = load(tmp_path, events)
    assert len(errors) == 1, [str(e) for e in errors]
    return str(errors[0])


def test_the_example_is_valid(tmp_path):
    result, errors = load(tmp_path, GOOD + OTHER)
    assert errors == []
    first, second = result.events
    assert first.start == datetime(2026, 12, 5, 9, 30, tzinfo=CHINA)
    assert first.end == datetime(2026, 12, 5, 11, 0, tzinfo=CHINA)
    assert result.places[first.id].name == "东湖街道心理服务站"
    assert result.places[first.id].area == "东湖街道"
    assert result.places[second.id].area == "西河镇"
    assert first.sign_up == "请拨打本站电话报名"


def test_the_shipped_file_is_valid():
    result, errors, _ = load_events(
        ROOT / "docs/_data/events.yml", "docs/_data/events.yml", NETWORK.by_id, NETWORK.areas, AUDIENCES
    )
    assert errors == [], [str(e) for e in errors]
    assert result.meta.sample
    assert len(result.events) >= 10


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("station", "donghu-statoin", "stations.yml 里没有 id 为 “donghu-statoin” 的站点。是不是 “donghu-station”？"),
        ("end", "2026-12-05 09:00", "结束时间 2026-12-05 09:00 不晚于开始时间 2026-12-05 09:30"),
        ("audience", "[parents, teachers]", "不认识的对象 “teachers”"),
        ("status", "postponed", "\"postponed\" 不在可选值中；请写 'scheduled', 'full', 'cancelled' or 'moved' 之一"),
        ("start", "2026-13-05 09:30", "“2026-13-05 09:30” 中的日期不存在"),
        ("start", "2026-12-05", "“2026-12-05” 不是有效的日期和时间；请写成 2026-12-05 09:30"),
        ("start", "下周六上午", "“下周六上午” 不是有效的日期和时间"),
        ("start", "2026-12-05 25:30", "中的时间 25:30 不存在"),
        ("capacity", "十五", "\"十五\" 应为整数"),
        ("free", "免费", "\"免费\" 应为 true 或 false"),
        ("id", "Parent Child", "不能作 id"),
        ("title", '""', "不能为空"),
    ],
)
def test_one_message_per_mistake(tmp_path, field, value, expected):
    message = only_error(tmp_path, change(GOOD, field, value) + OTHER)
    assert message.startswith(f"docs/_data/events.yml:{LINES[field]}: events[0]"), message
    assert f".{field}: " in message, message
    assert expected in message, message


def test_the_event_id_is_named(tmp_path):
    message = only_error(tmp_path, change(GOOD, "end", "2026-12-04 11:00") + OTHER)
    assert "events[0] (2026-12-parent-child-donghu).end:" in message


def test_both_station_and_place(tmp_path):
    events = GOOD.replace("    station: donghu-station\n", "    station: donghu-station\n    place: 文化中心三楼\n")
    message = only_error(tmp_path, events + OTHER)
    assert message.startswith("docs/_data/events.yml:9: events[0] (2026-12-parent-child-donghu).place: "), message
    assert "station 和 place 只能写一个" in message


def test_neither_station_nor_place(tmp_path):
    message = only_error(tmp_path, change(GOOD, "station", None) + OTHER)
    assert "events[0] (2026-12-parent-child-donghu).station: 缺少活动地点" in message


def test_unknown_area_with_a_place(tmp_path):
    message = only_error(tmp_path, GOOD + change(OTHER, "area", "东河镇"))
    assert message.startswith("docs/_data/events.yml:21: events[1] (2026-12-school-talk-xihe).area: 不认识的地区 “东河镇”")


def test_cancelled_needs_a_note(tmp_path):
    message = only_error(tmp_path, change(GOOD, "status", "cancelled") + OTHER)
    assert ".note: status 为 cancelled 时请写 note:" in message


def test_duplicate_id(tmp_path):
    result, errors = load(tmp_path, GOOD + OTHER + GOOD)
    assert [str(e) for e in errors] == [
        "docs/_data/events.yml:23: events[2] (2026-12-parent-child-donghu).id: id “2026-12-parent-child-donghu” "
        "已被第 4 行的 events[0] 使用；id 必须唯一，请换一个。"
    ]
    assert [e.id for e in result.events] == ["2026-12-parent-child-donghu", "2026-12-school-talk-xihe"]


def test_unknown_field_names_its_line(tmp_path):
    message = only_error(tmp_path, GOOD.replace("    free: true\n", "    fee: 0\n") + OTHER)
    assert message.startswith("docs/_data/events.yml:12: events[0] (2026-12-parent-child-donghu).fee: 不认识字段 “fee”")


def test_a_bad_event_never_hides_the_others(tmp_path):
    result, errors = load(tmp_path, change(GOOD, "station", "nowhere") + OTHER)
    assert len(errors) == 1
    assert [e.id for e in result.events] == ["2026-12-school-talk-xihe"]


def test_an_empty_list_is_fine(tmp_path):
    result, errors = load(tmp_path, "")
    assert errors == [] and result.events == ()


# -- Emergency mode ---------------------------------------------------------------

CAMPAIGN = """\
emergency:
  title: 暴雨洪涝灾害心理援助
  message: 受灾群众可以拨打 12356 心理援助热线。
  link: emergency/sample-campaign.md
  start: 2027-07-20 08:00
  end: 2027-08-20
"""


def load_campaign(tmp_path: Path, text: str):
    path = tmp_path / "emergency.yml"
    path.write_text(text, encoding="utf-8")
    return load_emergency(path, "docs/_data/emergency.yml")[:2]


def test_a_campaign(tmp_path):
    setting, errors = load_campaign(tmp_path, CAMPAIGN)
    assert errors == []
    campaign = setting.campaign
    assert campaign.start == datetime(2027, 7, 20, 8, 0, tzinfo=CHINA)
    # A bare end date means the end of that day.
    assert campaign.end == datetime(2027, 8, 21, 0, 0, tzinfo=CHINA)
    assert campaign.state(datetime(2027, 7, 20, 7, 59, tzinfo=CHINA)) == "upcoming"
    assert campaign.state(datetime(2027, 8, 20, 23, 59, tzinfo=CHINA)) == "active"
    assert campaign.state(datetime(2027, 8, 21, 0, 0, tzinfo=CHINA)) == "over"


def test_the_shipped_file_has_no_campaign():
    setting, errors, _ = load_emergency(ROOT / "docs/_data/emergency.yml", "docs/_data/emergency.yml")
    assert errors == [] and setting.campaign is None


@pytest.mark.parametrize(
    ("old", "new", "line", "expected"),
    [
        ("end: 2027-08-20", "end: 2027-07-01", 6, "emergency.end: 结束时间 2027-07-02 00:00 不晚于开始时间 2027-07-20 08:00"),
        ("link: emergency/sample-campaign.md", "link: 专题页面", 4, "emergency.link: “专题页面” 不是页面"),
        ("start: 2027-07-20 08:00", "start: 7月20日", 5, "emergency.start: “7月20日” 不是有效的日期和时间"),
        ("  message: 受灾群众可以拨打 12356 心理援助热线。\n", "", 1, "emergency.message: 缺少必填字段。"),
    ],
)
def test_campaign_mistakes(tmp_path, old, new, line, expected):
    setting, errors = load_campaign(tmp_path, CAMPAIGN.replace(old, new))
    assert len(errors) == 1, [str(e) for e in errors]
    assert str(errors[0]).startswith(f"docs/_data/emergency.yml:{line}: "), str(errors[0])
    assert expected in str(errors[0])


# -- Through the real build: the editor sees the message, not a traceback ---------


def test_build_reports_the_mistake_without_traceback(project_copy, tmp_path):
    path = project_copy / "docs/_data/events.yml"
    text = path.read_text(encoding="utf-8")
    assert "station: donghu-station" in text
    path.write_text(text.replace("station: donghu-station", "station: donghu-statoin", 1), encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.output
    assert "docs/_data/events.yml:" in result.output
    assert "stations.yml 里没有 id 为 “donghu-statoin” 的站点。是不是 “donghu-station”？" in result.output


def test_build_reports_a_missing_campaign_page(project_copy, tmp_path):
    (project_copy / "docs/_data/emergency.yml").write_text(
        CAMPAIGN.replace("emergency/sample-campaign.md", "emergency/flood.md").replace("2027-07-20 08:00", "2026-11-01 08:00"),
        encoding="utf-8",
    )
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.output
    assert "docs/_data/emergency.yml:4: emergency.link: 找不到页面 docs/emergency/flood.md" in result.output
