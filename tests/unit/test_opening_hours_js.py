"""The browser's "open now" (docs/assets/javascripts/opening-hours.js, run in
node) must agree exactly with hooks/opening_hours.py over a few hundred
generated schedules and instants: holidays, make-up workdays, special days,
overnight lines, boundaries to the millisecond, and a phone that is not on
China's time."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from mhsite.common.holidays import HolidayCalendar, calendar_to_json, load_calendar
from mhsite.common.opening_hours import (
    SEARCH_DAYS,
    HoursError,
    OpeningHours,
    hours_on,
    next_special_day,
    open_state,
    opening_hours_to_json,
    parse_opening_hours,
)

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "docs" / "assets" / "javascripts" / "opening-hours.js"
NODE = shutil.which("node")
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
CHINA_OFFSET = timedelta(hours=8)

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not on PATH: the browser script cannot be run")

RUNNER = """
const OpeningHours = require(process.argv[1]);
let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const data = JSON.parse(input);
  const out = data.cases.map((c) => OpeningHours.openState(data.schedules[c.schedule], data.calendar, c.now));
  process.stdout.write(JSON.stringify(out));
});
"""

FIXED_SCHEDULES: list[dict[str, Any]] = [
    {"hours": {"mon-fri": "08:30-11:30, 13:30-17:00", "sat": "09:00-12:00"},
     "special_days": [{"monthly": 17, "hours": "08:30-11:30"}, {"monthly": "last-fri", "hours": "closed"}]},
    # 精防日 on the 17th (2026-02-17 is 正月初一), one not held on holidays, one held
    {"hours": {}, "special_days": [{"monthly": 17, "hours": "08:30-11:30"}], "holidays": "closed"},
    {"hours": {}, "special_days": [{"monthly": 17, "hours": "08:30-11:30", "on_holidays": "open"}], "holidays": "closed"},
    {"hours": {"mon-fri": "08:30-17:00"}, "special_days": [{"monthly": "first-thu", "hours": "closed", "on_holidays": "closed"}],
     "holidays": "open"},
    {"hours": "24h"},
    {"hours": "24h", "holidays": "closed"},
    {"hours": "24h", "holidays": "08:00-20:00"},
    {"hours": {"mon": "20:00-24:00", "tue-fri": "00:00-02:00, 20:00-24:00", "sat": "00:00-02:00"}, "holidays": "open"},
    {"hours": {"sat,sun": "09:00-12:00"}},
    {"hours": {}, "special_days": [{"monthly": 31, "hours": "09:00-11:00"}]},
    {"hours": {}, "special_days": [{"monthly": "first-mon", "hours": "closed"}]},  # never open
    {"hours": {"daily": "00:00-24:00"}, "special_days": [{"monthly": "second-wed", "hours": "10:00-12:00"}]},
]


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def random_hours_string(rng: random.Random) -> str:
    choice = rng.random()
    if choice < 0.15:
        return "closed"
    if choice < 0.22:
        return "24h"
    if choice < 0.3:
        return rng.choice(["00:00-02:00", "20:00-24:00", "00:00-02:00, 20:00-24:00", "00:00-24:00"])
    points = sorted(rng.sample(range(0, 1441, 5), 2 * rng.randint(1, 3)))
    return ", ".join(f"{hhmm(a)}-{hhmm(b)}" for a, b in zip(points[::2], points[1::2]))


def random_schedule(rng: random.Random) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    entry["hours"] = "24h" if rng.random() < 0.1 else {
        code: random_hours_string(rng) for code in ("mon", "tue", "wed", "thu", "fri", "sat", "sun") if rng.random() < 0.85
    }
    specials = []
    for _ in range(rng.choice([0, 0, 1, 2])):
        monthly: int | str = rng.randint(1, 31) if rng.random() < 0.5 else (
            f"{rng.choice(['first', 'second', 'third', 'fourth', 'last'])}-"
            f"{rng.choice(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])}"
        )
        special = {"monthly": monthly, "hours": random_hours_string(rng), "label": "特别开放日"}
        held = rng.choice([None, None, "open", "closed"])  # on a statutory holiday
        if held is not None:
            special["on_holidays"] = held
        specials.append(special)
    if specials:
        entry["special_days"] = specials
    policy = rng.choice([None, "closed", "open", "span"])
    if policy == "span":
        policy = random_hours_string(rng).replace("closed", "09:00-12:00")
    if policy is not None:
        entry["holidays"] = policy
    return entry


def parse(entry: dict[str, Any]) -> OpeningHours:
    return parse_opening_hours(entry["hours"], special_days=entry.get("special_days"), holidays=entry.get("holidays"))


def china_ms(day: date, minutes: int = 0) -> int:
    start = datetime(day.year, day.month, day.day, tzinfo=timezone.utc) - CHINA_OFFSET
    return (start - EPOCH) // timedelta(milliseconds=1) + minutes * 60_000


def interesting_days(cal: HolidayCalendar) -> list[date]:
    """Holidays, make-up workdays and the days around them; month ends."""
    days: set[date] = set()
    for day in list(cal.holidays) + list(cal.workdays):
        days.update(day + timedelta(days=n) for n in (-1, 0, 1))
    for year in (2025, 2026, 2027):
        for month in range(1, 13):
            first = date(year, month, 1)
            days.update(first - timedelta(days=n) for n in range(0, 4))
    return sorted(days)


def instants(rng: random.Random, oh: OpeningHours, cal: HolidayCalendar, days: list[date]) -> list[int]:
    out = []
    # anywhere in 2025–2027
    start, end = china_ms(date(2025, 1, 1)), china_ms(date(2028, 1, 1))
    out += [rng.randrange(start, end) for _ in range(2)]
    # a holiday, make-up day or month end, at an opening or closing time,
    # a millisecond either side, or just before midnight
    for _ in range(4):
        day = rng.choice(days)
        edges = [m for interval in hours_on(oh, day, cal) for m in (interval.start, interval.end)] or [0, 720]
        base = china_ms(day, rng.choice(edges + [1440, 0]))
        out.append(base + rng.choice([0, 0, -1, 1, -60_000, 59_999]))
    # a special day, and the same weekday a week either side (where "first"
    # and "last" rules go wrong)
    for rule in oh.special_days:
        found = next_special_day(OpeningHours(oh.weekly, (rule,), oh.holidays), date(2025, 1, 1) + timedelta(days=rng.randrange(1000)))
        if found:
            day = found[0] + timedelta(days=rng.choice([0, 0, -7, 7]))
            out.append(china_ms(day, rng.randrange(1440)))
    return out


def python_state(oh: OpeningHours, cal: HolidayCalendar, now: int) -> dict[str, Any]:
    state = open_state(oh, EPOCH + timedelta(milliseconds=now), cal)

    def ms(moment: datetime | None) -> int | None:
        return None if moment is None else (moment - EPOCH) // timedelta(milliseconds=1)

    return {"open": state.open, "closesAt": ms(state.closes_at), "nextOpen": ms(state.next_open)}


def run_node(payload: dict[str, Any], tz: str) -> list[dict[str, Any]]:
    result = subprocess.run(
        [NODE, "-e", RUNNER, str(SCRIPT)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TZ": tz},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def calendar() -> HolidayCalendar:
    # The library's 2025 and 2026, and an editors' override for 2027.
    overrides = {"years": {2027: {
        "source": "测试数据",
        "holidays": {"元旦": ["2027-01-01..2027-01-03"], "春节": ["2027-02-06..2027-02-12"]},
        "workdays": ["2027-02-14", "2027-02-20"],
    }}}
    return load_calendar(overrides, years=[2025, 2026])


@pytest.fixture(scope="module")
def cases(calendar: HolidayCalendar) -> tuple[list[OpeningHours], list[dict[str, Any]]]:
    rng = random.Random(20261123)
    entries = list(FIXED_SCHEDULES)
    while len(entries) < 70:
        entries.append(random_schedule(rng))
    schedules = []
    for entry in entries:
        try:
            schedules.append(parse(entry))
        except HoursError:
            continue  # a random week with no opening at all
    days = interesting_days(calendar)
    out = []
    for index, oh in enumerate(schedules):
        out += [{"schedule": index, "now": now} for now in instants(rng, oh, calendar, days)]
    return schedules, out


@pytest.mark.parametrize("phone_time_zone", ["America/Los_Angeles", "Asia/Kathmandu", "Asia/Shanghai"])
def test_browser_and_python_agree(calendar: HolidayCalendar, cases, phone_time_zone: str) -> None:
    schedules, generated = cases
    payload = {
        "calendar": calendar_to_json(calendar),
        "schedules": [opening_hours_to_json(oh) for oh in schedules],
        "cases": generated,
    }
    from_node = run_node(payload, phone_time_zone)
    assert len(from_node) == len(generated)
    mismatches = []
    for case, js in zip(generated, from_node):
        expected = python_state(schedules[case["schedule"]], calendar, case["now"])
        if js != expected:
            at = (EPOCH + timedelta(milliseconds=case["now"]) + CHINA_OFFSET).replace(tzinfo=None)
            mismatches.append(f"schedule {case['schedule']} at {at} (China): python {expected}, js {js}")
    assert not mismatches, f"{len(mismatches)} of {len(generated)} differ:\n" + "\n".join(mismatches[:20])


def test_the_cases_cover_the_rules(calendar: HolidayCalendar, cases) -> None:
    """Guard against a generator that only produces easy cases."""
    schedules, generated = cases
    assert len(generated) >= 300
    states = [python_state(schedules[c["schedule"]], calendar, c["now"]) for c in generated]
    moments = [EPOCH + timedelta(milliseconds=c["now"]) + CHINA_OFFSET for c in generated]
    china_days = [m.date() for m in moments]
    assert sum(s["open"] for s in states) >= 60
    assert sum(not s["open"] for s in states) >= 60
    assert sum(calendar.is_holiday(d) for d in china_days) >= 30
    assert sum(calendar.is_makeup_workday(d) for d in china_days) >= 10
    assert any(s["open"] and s["closesAt"] is None for s in states)  # open beyond the search
    assert any(not s["open"] and s["nextOpen"] is None for s in states)  # never opens
    # an opening that runs on past midnight and closes on a later day
    def china_time(ms: int) -> datetime:
        return EPOCH + timedelta(milliseconds=ms) + CHINA_OFFSET

    assert any(
        s["closesAt"] is not None
        and china_time(s["closesAt"]).date() > china_time(c["now"]).date()
        and china_time(s["closesAt"]).time() != datetime.min.time()
        for s, c in zip(states, generated)
    )
    assert any(schedules[c["schedule"]].special_days for c in generated)


def test_the_400_day_search_ends_at_the_same_day(calendar: HolidayCalendar) -> None:
    """Lines open only on holidays, or open except on holidays, with a single
    holiday far ahead: both sides must give up on exactly the same day."""
    holiday = date(2027, 6, 1)
    lonely = load_calendar({"years": {2027: {"source": "测试数据", "holidays": {"测试": [holiday.isoformat()]}}}}, years=[])
    # (a week with no hours at all needs a special day to be accepted)
    only_on_holidays = parse_opening_hours({}, special_days=[{"monthly": 31, "hours": "closed"}], holidays="09:00-12:00")
    except_on_holidays = parse_opening_hours("24h", holidays="closed")
    schedules = [only_on_holidays, except_on_holidays]
    generated = []
    for days_ahead in (SEARCH_DAYS - 1, SEARCH_DAYS, SEARCH_DAYS + 1, SEARCH_DAYS + 2):
        for minutes in (0, 600, 1439):
            now = china_ms(holiday - timedelta(days=days_ahead), minutes)
            generated += [{"schedule": 0, "now": now}, {"schedule": 1, "now": now}]
    payload = {
        "calendar": calendar_to_json(lonely),
        "schedules": [opening_hours_to_json(oh) for oh in schedules],
        "cases": generated,
    }
    from_node = run_node(payload, "UTC")
    expected = [python_state(schedules[c["schedule"]], lonely, c["now"]) for c in generated]
    assert from_node == expected
    # and the search really ends within these cases
    assert any(s["nextOpen"] is None for s in expected) and any(s["nextOpen"] is not None for s in expected)
    assert any(s["open"] and s["closesAt"] is None for s in expected)
    assert any(s["open"] and s["closesAt"] is not None for s in expected)
