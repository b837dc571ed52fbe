"""The unchanged project keeps building as the calendar moves on.

Nothing an editor did wrong may stop a strict build: the State Council not
having announced next year's 调休 arrangement yet, stations not re-verified
for a while, reviews coming due. Those are notices; the pages stay right
(the law-fixed holidays, a note that the arrangement is not announced).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import ROOT, mkdocs_build
from html_scan import parse


def epoch(text: str) -> str:
    """Noon in China on the date `text` (YYYY-MM-DD), as SOURCE_DATE_EPOCH."""
    moment = datetime.fromisoformat(text).replace(hour=12, tzinfo=ZoneInfo("Asia/Shanghai"))
    return str(int(moment.timestamp()))


# 2026-12-15: 2027's arrangement not in the installed chinese-calendar (it
# stops at 2026); 2027-03-01: 2027 itself and 2028 unannounced, and most
# sample stations past their 180-day verification interval.
@pytest.mark.parametrize("day", ["2026-12-15", "2027-03-01"])
def test_the_unchanged_project_builds_in_strict_mode(day: str, tmp_path: Path) -> None:
    result = mkdocs_build(ROOT, tmp_path / "site", epoch=epoch(day))
    assert result.returncode == 0, result.output
    assert "WARNING" not in result.output, result.output
    # Said, not hidden: the build tells the editors what is not known yet.
    assert "2027 年的放假调休安排还不知道" in result.output
    station = parse(tmp_path / "site/stations/xihe-clinic/index.html")
    notes = [n.text for n in station.find("span", cls="mh-holiday-note")]
    assert notes and notes[0].startswith("2027 年") and "先打电话确认" in notes[0]
    hotlines = parse(tmp_path / "site/hotlines/index.html")
    assert any("尚未公布" in n.text for n in hotlines.find("span", cls="mh-holiday-note"))


def test_the_next_clinic_day_skips_the_spring_festival() -> None:
    # xihe-clinic (the shipped data): 精防日 on the 17th, closed on holidays.
    # 2026-02-17 is 正月初一, inside the 春节 holiday of 15–23 February
    # (国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04): a page built on
    # 10 February announces 17 March. (A build on that date is not possible
    # with the shipped data: its `verified` dates would lie in the future.)
    from mhsite.common.holidays import load_calendar
    from mhsite.stations.pages import station_view
    from mhsite.stations.model import load_stations

    network, errors, _ = load_stations(ROOT / "docs/_data/stations.yml", "stations.yml", date(2026, 11, 23))
    assert errors == []
    calendar = load_calendar(None, years=[2025, 2026, 2027])
    view = station_view(network, network.by_id["xihe-clinic"], date(2026, 2, 10), calendar)
    assert view["next_special"] == "精防日：3月17日 08:30–11:30"
    assert view["special_texts"] == ["每月17日 08:30–11:30（精防日：精神科医生坐诊；逢法定节假日暂停）"]
