"""Editors' mistakes in docs/_data/stations.yml: one message each naming the
file, the line, the station id and the field; valid stations never dropped."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT, mkdocs_build
from mhsite.common.data_files import DataFileError
from mhsite.stations.model import load_stations

TODAY = date(2026, 11, 23)

HEADER = """\
meta:
  region: 示例区
  coordinates: gcj02
  sample: true
kinds:
  centre: 区社会心理服务指导中心
  station: 镇（街道）心理服务站
services:
  counselling: 个体咨询
  sandplay: 沙盘室
stations:
"""  # 11 lines: the first station starts on line 12

CENTRE = """\
  - id: district-centre
    name: 示例区社会心理服务指导中心
    kind: centre
    area: 东湖街道
    address: 东湖街道示例大道1号（示例地址）
    phone: ["0573-8000 1000"]
    hours:
      mon-fri: "08:30-11:30, 13:30-17:00"
    holidays: closed
    services: [counselling, sandplay]
    location: [30.7512, 120.7543]
    accessible: true
    verified: 2026-11-01
"""
# line numbers of CENTRE's fields when it is the first station
LINES = {"id": 12, "name": 13, "kind": 14, "area": 15, "address": 16, "phone": 17, "hours": 18, "holidays": 20,
         "services": 21, "location": 22, "accessible": 23, "verified": 24}

STATION = """\
  - id: xihe-station
    name: 西河镇心理服务站
    kind: station
    area: 西河镇
    parent: district-centre
    address: 西河镇示例路18号（示例地址）
    phone: "0573-8000 2000"
    hours:
      mon-fri: "08:30-17:00"
      sat: "09:00-12:00"
    special_days:
      - monthly: 17
        hours: "08:30-11:30"
        label: 精防日：精神科医生坐诊
    services: [counselling]
    location: [30.7601, 120.7102]
    verified: 2026-10-12
"""


def load(tmp_path: Path, stations: str):
    path = tmp_path / "stations.yml"
    path.write_text(HEADER + textwrap.dedent(stations), encoding="utf-8")
    return load_stations(path, "docs/_data/stations.yml", TODAY)


def change(text: str, field: str, value: str | None) -> str:
    out = []
    for line in text.splitlines():
        key = line.strip().removeprefix("- ").split(":")[0]
        if key == field and line.startswith(("  - ", "    ")) and not line.startswith("      "):
            if value is None:
                continue
            out.append(line.split(":")[0] + ": " + value)
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def test_the_sample_file_is_valid() -> None:
    network, errors, warnings = load_stations(ROOT / "docs/_data/stations.yml", "docs/_data/stations.yml", TODAY)
    assert errors == [] and warnings == []
    kinds = [s.kind for s in network.stations]
    assert kinds.count("centre") == 1 and kinds.count("station") == 7 and kinds.count("clinic") == 6
    assert 35 <= kinds.count("room") <= 50
    assert network.meta.sample


def test_good_entries_load(tmp_path: Path) -> None:
    network, errors, warnings = load(tmp_path, CENTRE + STATION)
    assert errors == [] and warnings == []
    assert [s.id for s in network.stations] == ["district-centre", "xihe-station"]
    assert [c.id for c in network.children["district-centre"]] == ["xihe-station"]


@pytest.mark.parametrize(
    ("field", "value", "where", "words"),
    [
        ("name", None, "stations[0] (district-centre).name", "缺少必填字段"),
        ("kind", "school", "stations[0] (district-centre).kind", "school"),
        ("services", "[counselling, yoga]", "stations[0] (district-centre).services", "yoga"),
        ("phone", '["54321"]', "stations[0] (district-centre).phone", "54321"),
        ("phone", '["0573-1234"]', "stations[0] (district-centre).phone", "0573-1234"),
        ("location", "[120.7543, 30.7512]", "stations[0] (district-centre).location", "写反"),
        ("location", "[51.5, -0.12]", "stations[0] (district-centre).location", "不在中国境内"),
        ("location", "[30.75]", "stations[0] (district-centre).location", "[纬度, 经度]"),
        ("verified", "2027-01-05", "stations[0] (district-centre).verified", "之后"),
        ("verified", "2026-02-30", "stations[0] (district-centre).verified", "2 月没有 30 日"),
        ("holidays", "sometimes", "stations[0] (district-centre).holidays", "sometimes"),
        ("accessible", "maybe", "stations[0] (district-centre).accessible", "true 或 false"),
        ("id", "District Centre", "stations[0] (District Centre).id", "不能作 id"),
    ],
)
def test_each_mistake_is_one_message(tmp_path: Path, field, value, where, words) -> None:
    _, errors, _ = load(tmp_path, change(CENTRE, field, value) + STATION.replace("    parent: district-centre\n", ""))
    messages = [str(e) for e in errors]
    assert len(errors) == 1, messages
    assert errors[0].where == where or errors[0].where.startswith(where + "."), messages
    line = LINES[field] if value is not None else LINES["id"]
    assert errors[0].line == line, messages
    assert str(errors[0]).startswith(f"docs/_data/stations.yml:{line}: ")
    assert words in errors[0].message, messages


@pytest.mark.parametrize(
    ("hours", "words"),
    [
        ('{mon-fri: "8:30-11:30"}', "8:30"),
        ('{mon-fri: "11:30-08:30"}', "11:30-08:30"),
        ('{mon-fri: "08:30-11:30", mon: "09:00-10:00"}', "mon"),
        ('{someday: "08:30-11:30"}', "someday"),
    ],
)
def test_malformed_hours(tmp_path: Path, hours: str, words: str) -> None:
    text = CENTRE.replace('    hours:\n      mon-fri: "08:30-11:30, 13:30-17:00"\n', f"    hours: {hours}\n")
    _, errors, _ = load(tmp_path, text)
    assert len(errors) == 1, [str(e) for e in errors]
    assert errors[0].where.startswith("stations[0] (district-centre).hours")
    assert errors[0].line == 18
    assert words in str(errors[0])


@pytest.mark.parametrize(("monthly", "words"), [("32", "32"), ("0", "0"), ('"first-funday"', "first-funday")])
def test_a_special_day_that_cannot_exist(tmp_path: Path, monthly: str, words: str) -> None:
    _, errors, _ = load(tmp_path, CENTRE + STATION.replace("monthly: 17", f"monthly: {monthly}"))
    assert len(errors) == 1, [str(e) for e in errors]
    assert errors[0].where.startswith("stations[1] (xihe-station).special_days")
    assert errors[0].line in (36, 37)
    assert words in str(errors[0])


def test_duplicate_id(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, CENTRE + STATION + STATION)
    assert [(e.where, e.line) for e in errors] == [("stations[2] (xihe-station).id", 42)]
    assert "第 25 行" in errors[0].message


def test_parent_that_does_not_exist(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, CENTRE + STATION.replace("parent: district-centre", "parent: nowhere"))
    assert [(e.where, e.line) for e in errors] == [("stations[1] (xihe-station).parent", 29)]
    assert "nowhere" in errors[0].message and "不存在" in errors[0].message


def test_parents_that_make_a_cycle(tmp_path: Path) -> None:
    centre = CENTRE.replace("    kind: centre\n", "    kind: centre\n    parent: xihe-station\n")
    _, errors, _ = load(tmp_path, centre + STATION)
    assert len(errors) == 2
    assert all("循环" in e.message for e in errors)
    assert {e.where for e in errors} == {"stations[0] (district-centre).parent", "stations[1] (xihe-station).parent"}


def test_stale_stations_are_listed_in_one_notice(tmp_path: Path) -> None:
    _, errors, notices = load(tmp_path, change(CENTRE, "verified", "2026-03-01") + STATION)
    assert errors == []
    assert len(notices) == 1
    assert "district-centre" in notices[0].message and "xihe-station" not in notices[0].message


def test_all_mistakes_reported_and_valid_stations_kept(tmp_path: Path) -> None:
    broken = change(change(CENTRE, "kind", "school"), "phone", '["1"]')
    network, errors, _ = load(tmp_path, broken + STATION.replace("    parent: district-centre\n", ""))
    assert len(errors) == 2
    assert [s.id for s in network.stations] == ["xihe-station"]


def test_yaml_syntax_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as info:
        load(tmp_path, CENTRE + "  - id: x\n   name: [unclosed\n")
    assert "docs/_data/stations.yml:" in str(info.value) and "YAML 格式错误" in str(info.value)


# -- Through a real build ---------------------------------------------------------


def test_a_mistake_fails_the_strict_build_with_its_message(project_copy: Path, tmp_path: Path) -> None:
    data = project_copy / "docs/_data/stations.yml"
    lines = data.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("kind: station"))
    lines[index] = lines[index].replace("kind: station", "kind: stationn")
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert f"docs/_data/stations.yml:{index + 1}: stations[" in result.output
    assert "stationn" in result.output and ".kind:" in result.output
    assert "Traceback" not in result.output
