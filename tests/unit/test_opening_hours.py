"""Opening hours: the editors' notation, every mistake's message, which hours
apply on a date (special day > holiday > make-up workday > week), "open now"
in China's time, and the words on the pages."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from mhsite.common.holidays import HolidayCalendar, load_calendar
from mhsite.common.opening_hours import (
    HoursError,
    Interval,
    OpeningHours,
    SpecialDay,
    describe_holidays,
    describe_special_day,
    describe_special_day_holidays,
    describe_weekly,
    hours_on,
    next_special_day,
    open_state,
    opening_hours_to_json,
    parse_hours_string,
    parse_opening_hours,
)

CHINA = ZoneInfo("Asia/Shanghai")
MORNING = (Interval(8 * 60 + 30, 11 * 60 + 30),)
WORKING_DAY = (Interval(8 * 60 + 30, 11 * 60 + 30), Interval(13 * 60 + 30, 17 * 60))
SATURDAY = (Interval(9 * 60, 12 * 60),)
STATION = {"mon-fri": "08:30-11:30, 13:30-17:00", "sat": "09:00-12:00"}


@pytest.fixture(scope="module")
def cal() -> HolidayCalendar:
    return load_calendar(None, years=range(2025, 2028))


@pytest.fixture(scope="module")
def no_holidays() -> HolidayCalendar:
    return load_calendar(None, years=[])


def china(*args: int) -> datetime:
    return datetime(*args, tzinfo=CHINA)


# --- the notation ------------------------------------------------------------


def test_a_weekly_table() -> None:
    oh = parse_opening_hours(STATION)
    assert oh.weekly.days == (WORKING_DAY,) * 5 + (SATURDAY, ())
    assert oh.special_days == () and oh.holidays == "closed"
    assert not oh.weekly.always_open


@pytest.mark.parametrize("text", ["24h", "24H", "24小时", " 24h "])
def test_24h(text: str) -> None:
    oh = parse_opening_hours(text)
    assert oh.weekly.always_open
    assert oh.weekly.days == ((Interval(0, 1440),),) * 7


@pytest.mark.parametrize(
    "text",
    [
        "08:30-11:30, 13:30-17:00",
        "08:30-11:30,13:30-17:00",
        "08:30–11:30、13:30–17:00",
        "08:30～11:30，13:30～17:00",
        "０８：３０－１１：３０，１３：３０－１７：００",
        "13:30-17:00, 08:30-11:30",
        "08:30 - 11:30 ; 13:30 - 17:00",
    ],
)
def test_ways_of_writing_the_same_hours(text: str) -> None:
    assert parse_hours_string(text, "hours.mon") == WORKING_DAY


@pytest.mark.parametrize("text", ["closed", "Closed", "休息"])
def test_closed_words(text: str) -> None:
    assert parse_hours_string(text, "hours.sun") == ()


def test_touching_spans_are_joined_and_24_00_ends_a_day() -> None:
    assert parse_hours_string("08:00-12:00, 12:00-14:00", "x") == (Interval(480, 840),)
    assert parse_hours_string("20:00-24:00", "x") == (Interval(1200, 1440),)
    assert parse_hours_string("00:00-02:00", "x") == (Interval(0, 120),)


@pytest.mark.parametrize(
    ("spec", "open_days"),
    [
        ({"daily": "09:00-10:00"}, [0, 1, 2, 3, 4, 5, 6]),
        ({"sat,sun": "09:00-10:00"}, [5, 6]),
        ({"mon, wed ,fri": "09:00-10:00"}, [0, 2, 4]),
        ({"tue-thu": "09:00-10:00"}, [1, 2, 3]),
        ({"mon-tue,sat-sun": "09:00-10:00"}, [0, 1, 5, 6]),
        ({"sun": "09:00-10:00"}, [6]),
        ({"MON-FRI": "09:00-10:00"}, [0, 1, 2, 3, 4]),
    ],
)
def test_day_specs_and_days_not_named_are_closed(spec: dict, open_days: list[int]) -> None:
    days = parse_opening_hours(spec).weekly.days
    assert [i for i, hours in enumerate(days) if hours] == open_days


def test_holiday_policy_default_depends_on_24h() -> None:
    assert parse_opening_hours("24h").holidays == "open"
    assert parse_opening_hours(STATION).holidays == "closed"
    assert parse_opening_hours("24h", holidays="closed").holidays == "closed"
    assert parse_opening_hours(STATION, holidays="open").holidays == "open"
    assert parse_opening_hours(STATION, holidays="休息").holidays == "closed"
    assert parse_opening_hours(STATION, holidays="09:00-12:00").holidays == SATURDAY


def test_special_days() -> None:
    oh = parse_opening_hours(
        STATION,
        special_days=[
            {"monthly": 17, "hours": "08:30-11:30", "label": "精防日：精神科医生坐诊"},
            {"monthly": "first-mon", "hours": "14:00-16:00"},
            {"monthly": "last-fri", "hours": "closed", "label": "闭馆整理"},
        ],
    )
    first, second, third = oh.special_days
    assert first.monthly == 17 and first.hours == MORNING and first.label == "精防日：精神科医生坐诊"
    assert second.label == "" and second.hours == (Interval(840, 960),)
    assert third.hours == ()


def test_only_special_days_is_allowed() -> None:
    oh = parse_opening_hours({}, special_days=[{"monthly": 17, "hours": "08:30-11:30"}])
    assert not any(oh.weekly.days)


# --- every mistake -----------------------------------------------------------

OVERNIGHT_HELP = ['"20:00-24:00"', '"00:00-02:00"', "分成两段"]


@pytest.mark.parametrize(
    ("hours", "field", "words"),
    [
        ({"mon-fri": "8:30-11:30"}, "hours.mon-fri", ['"8:30"', '"08:30"', "两位数"]),
        ({"mon-fri": "08:30-25:00"}, "hours.mon-fri", ['"25:00"', "00 到 23"]),
        ({"mon-fri": "08:60-11:30"}, "hours.mon-fri", ['"08:60"', "00 到 59"]),
        ({"mon-fri": "08:30-24:30"}, "hours.mon-fri", ['"24:30"']),
        ({"mon-fri": "24:00-02:00"}, "hours.mon-fri", ['"24:00-02:00"', "24:00 只能作结束时间", '"00:00"']),
        ({"mon-fri": "17:00-08:30"}, "hours.mon-fri", ['"17:00-08:30"', "结束时间不晚于开始时间", *OVERNIGHT_HELP]),
        ({"fri": "22:00-02:00"}, "hours.fri", ['"22:00-02:00"', *OVERNIGHT_HELP]),
        ({"mon": "08:00-08:00"}, "hours.mon", ['"08:00-08:00"', "结束时间不晚于开始时间"]),
        ({"mon": "08:00-12:00, 11:00-14:00"}, "hours.mon", ['"08:00-12:00"', '"11:00-14:00"', "重叠", '"08:00-14:00"']),
        ({"mon": "08:00-12:00, 09:00-10:00"}, "hours.mon", ["重叠", '"08:00-12:00"']),
        ({"mon": "0830-1130"}, "hours.mon", ['"0830-1130"', '"08:30-11:30"']),
        ({"mon": "08:30"}, "hours.mon", ['"08:30"', "看不懂"]),
        ({"mon": "08:30-11:30,"}, "hours.mon", ["少了时间段"]),
        ({"mon": "上午"}, "hours.mon", ['"上午"']),
        ({"mon": ""}, "hours.mon", ["时间是空的"]),
        ({"mon": 830}, "hours.mon", ["加引号"]),
        ({"mon-fri": "08:30-11:30", "mon": "09:00-10:00"}, "hours.mon", ["周一（mon）写了两次", '"mon-fri"', '"mon"']),
        ({"daily": "08:30-11:30", "sat,sun": "09:00-10:00"}, "hours.sat,sun", ["周六（sat）写了两次"]),
        ({"mon,mon": "08:30-11:30"}, "hours.mon,mon", ["写了两次"]),
        ({"someday": "08:30-11:30"}, "hours.someday", ['"someday"', "mon-fri", "daily"]),
        ({"周一": "08:30-11:30"}, "hours.周一", ['"周一"', "mon tue wed"]),
        ({"fri-mon": "08:30-11:30"}, "hours.fri-mon", ['"fri-mon"', "fri-sun,mon-mon"]),
        ({True: "08:30-11:30"}, "hours.True", ['"True"']),
        ("08:30-17:00", "hours", ['{daily: "08:30-17:00"}', "24h"]),
        ("sometimes", "hours", ['"sometimes"', "24h"]),
        (None, "hours", ["没有写开放时间"]),
        (["08:30-17:00"], "hours", ["mon-fri"]),
        ({}, "hours", ["每周都没有开放时间"]),
        ({"mon": "closed"}, "hours", ["每周都没有开放时间"]),
    ],
)
def test_weekly_mistakes(hours, field: str, words: list[str]) -> None:
    with pytest.raises(HoursError) as info:
        parse_opening_hours(hours)
    assert info.value.field == field
    for word in words:
        assert word in str(info.value), str(info.value)


@pytest.mark.parametrize(
    ("special", "field", "words"),
    [
        ([{"monthly": 32, "hours": "08:30-11:30"}], "special_days[0].monthly", ["每月没有第 32 日", "1 到 31"]),
        ([{"monthly": 0, "hours": "08:30-11:30"}], "special_days[0].monthly", ["每月没有第 0 日"]),
        ([{"monthly": -1, "hours": "08:30-11:30"}], "special_days[0].monthly", ["第 -1 日"]),
        ([{"monthly": "first-funday", "hours": "08:30-11:30"}], "special_days[0].monthly", ['"first-funday"', '"last-fri"']),
        ([{"monthly": "fifth-mon", "hours": "08:30-11:30"}], "special_days[0].monthly", ['"last-mon"']),
        ([{"monthly": "mon", "hours": "08:30-11:30"}], "special_days[0].monthly", ['"mon"', "first-mon"]),
        ([{"monthly": True, "hours": "08:30-11:30"}], "special_days[0].monthly", ["1 到 31"]),
        ([{"monthly": 17}], "special_days[0]", ["缺少 hours"]),
        ([{"hours": "08:30-11:30"}], "special_days[0]", ["缺少 monthly"]),
        ([{"monthly": 17, "hours": "8:30-11:30"}], "special_days[0].hours", ['"08:30"']),
        ([{"monthly": 17, "hours": "17:00-08:30"}], "special_days[0].hours", OVERNIGHT_HELP),
        ([{"monthly": 17, "hours": "08:30-11:30", "weekly": 1}], "special_days[0].weekly", ['"weekly"', "monthly、hours、label 和 on_holidays"]),
        ([{"monthly": 17, "hours": "08:30-11:30", "label": ["a"]}], "special_days[0].label", ["label"]),
        ([{"monthly": 17, "hours": "08:30-11:30"}, "17"], "special_days[1]", ["monthly、hours 和 label"]),
        ({"monthly": 17, "hours": "08:30-11:30"}, "special_days", ["列表"]),
    ],
)
def test_special_day_mistakes(special, field: str, words: list[str]) -> None:
    with pytest.raises(HoursError) as info:
        parse_opening_hours(STATION, special_days=special)
    assert info.value.field == field
    for word in words:
        assert word in str(info.value), str(info.value)


@pytest.mark.parametrize(
    ("policy", "words"),
    [
        ("sometimes", ['"sometimes"', "closed", "open", '"09:00-12:00"']),
        ("25:00-26:00", ['"25:00"']),
        ("12:00-09:00", ['"12:00-09:00"', *OVERNIGHT_HELP]),
        (False, ['"False"']),
    ],
)
def test_holiday_policy_mistakes(policy, words: list[str]) -> None:
    with pytest.raises(HoursError) as info:
        parse_opening_hours(STATION, holidays=policy)
    assert info.value.field == "holidays"
    for word in words:
        assert word in str(info.value), str(info.value)


def test_hours_error_is_a_value_error_with_a_field() -> None:
    error = HoursError("hours.mon", "消息")
    assert isinstance(error, ValueError) and error.field == "hours.mon" and str(error) == "消息"


# --- which hours apply on a date ------------------------------------------------


def station(**kwargs) -> OpeningHours:
    return parse_opening_hours(STATION, **kwargs)


def test_a_statutory_holiday_on_a_weekday_and_on_a_saturday(cal: HolidayCalendar) -> None:
    oh = station()
    assert cal.is_holiday(date(2026, 10, 1)) and date(2026, 10, 1).weekday() == 3
    assert hours_on(oh, date(2026, 10, 1), cal) == ()
    assert hours_on(oh, date(2026, 10, 3), cal) == ()  # a Saturday inside the holiday
    assert hours_on(oh, date(2026, 10, 8), cal) == WORKING_DAY  # the Thursday after
    assert hours_on(oh, date(2026, 10, 1), load_calendar(None, years=[])) == WORKING_DAY


@pytest.mark.parametrize("day", [date(2026, 10, 10), date(2026, 9, 20), date(2026, 1, 4), date(2025, 10, 11)])
def test_a_make_up_workday_gets_weekday_hours(cal: HolidayCalendar, day: date) -> None:
    assert cal.is_makeup_workday(day) and day.weekday() >= 5
    assert hours_on(station(), day, cal) == WORKING_DAY


def test_the_weekend_after_a_make_up_day_is_normal(cal: HolidayCalendar) -> None:
    assert hours_on(station(), date(2026, 10, 17), cal) == SATURDAY
    assert hours_on(station(), date(2026, 10, 18), cal) == ()


@pytest.mark.parametrize(
    ("policy", "on_thursday", "on_saturday"),
    [
        ("closed", (), ()),
        ("open", WORKING_DAY, SATURDAY),
        ("10:00-12:00", (Interval(600, 720),), (Interval(600, 720),)),
    ],
)
def test_holiday_policies(cal: HolidayCalendar, policy: str, on_thursday, on_saturday) -> None:
    oh = station(holidays=policy)
    assert hours_on(oh, date(2026, 10, 1), cal) == on_thursday
    assert hours_on(oh, date(2026, 10, 3), cal) == on_saturday


def test_a_special_day_beats_a_make_up_day_and_a_holiday_only_when_held_on_holidays(cal: HolidayCalendar) -> None:
    oh = station(special_days=[{"monthly": 1, "hours": "09:00-11:00"}, {"monthly": 10, "hours": "closed"}])
    assert hours_on(oh, date(2026, 10, 1), cal) == ()  # 国庆节: the station's holiday rule (closed)
    assert hours_on(oh, date(2026, 10, 10), cal) == ()  # a make-up working day: the special day
    assert hours_on(oh, date(2026, 10, 2), cal) == ()
    held = station(special_days=[{"monthly": 1, "hours": "09:00-11:00", "on_holidays": "open"}])
    assert hours_on(held, date(2026, 10, 1), cal) == (Interval(540, 660),)


def test_24h_lines_are_open_on_holidays_unless_they_say_otherwise(cal: HolidayCalendar) -> None:
    day = date(2026, 2, 17)  # 春节
    assert hours_on(parse_opening_hours("24h"), day, cal) == ((Interval(0, 1440),))
    assert hours_on(parse_opening_hours("24h", holidays="closed"), day, cal) == ()
    assert hours_on(parse_opening_hours("24h", holidays="08:00-20:00"), day, cal) == (Interval(480, 1200),)


@pytest.mark.parametrize(
    ("weekly", "expected"),
    [
        # Monday closed, Tuesday to Friday the same: those.
        ({"tue-fri": "08:30-17:00", "sat": "09:00-12:00"}, (Interval(510, 1020),)),
        # 2 × A, 2 × B, 1 × C: the tie goes to Monday's A.
        (
            {"mon,wed": "08:00-12:00", "tue,thu": "13:00-17:00", "fri": "09:00-10:00"},
            (Interval(480, 720),),
        ),
        # 2 × B (Tue, Thu) beats 1 × each other.
        (
            {"mon": "08:00-09:00", "tue,thu": "13:00-17:00", "wed": "10:00-11:00", "fri": "09:00-10:00"},
            (Interval(780, 1020),),
        ),
        # weekends only: a make-up workday is closed
        ({"sat,sun": "09:00-12:00"}, ()),
    ],
)
def test_make_up_workday_rule(cal: HolidayCalendar, weekly: dict, expected) -> None:
    oh = parse_opening_hours(weekly)
    assert oh.makeup_hours == expected
    assert hours_on(oh, date(2026, 10, 10), cal) == expected


# --- special days -------------------------------------------------------------


def special(monthly, hours: str = "08:30-11:30") -> OpeningHours:
    return parse_opening_hours(STATION, special_days=[{"monthly": monthly, "hours": hours}])


@pytest.mark.parametrize(
    ("monthly", "after", "expected"),
    [
        ("first-mon", date(2026, 11, 1), date(2026, 11, 2)),  # 1 November 2026 is a Sunday
        ("first-mon", date(2026, 11, 3), date(2026, 12, 7)),
        ("second-tue", date(2026, 11, 1), date(2026, 11, 10)),
        ("third-wed", date(2026, 11, 1), date(2026, 11, 18)),
        ("fourth-thu", date(2026, 11, 1), date(2026, 11, 26)),
        ("last-fri", date(2026, 11, 1), date(2026, 11, 27)),
        ("last-fri", date(2026, 10, 1), date(2026, 10, 30)),
        ("last-sat", date(2026, 10, 1), date(2026, 10, 31)),  # the 31st itself
        ("last-mon", date(2026, 2, 1), date(2026, 2, 23)),
        (17, date(2026, 11, 17), date(2026, 11, 17)),  # the day itself counts
        (17, date(2026, 11, 18), date(2026, 12, 17)),
        (31, date(2026, 11, 1), date(2026, 12, 31)),  # November has 30 days
        (31, date(2027, 2, 1), date(2027, 3, 31)),
        (29, date(2027, 2, 1), date(2027, 3, 29)),  # no 29 February in 2027
        (29, date(2028, 2, 1), date(2028, 2, 29)),
    ],
)
def test_next_special_day(monthly, after: date, expected: date) -> None:
    found = next_special_day(special(monthly), after)
    assert found is not None
    assert found[0] == expected


def test_a_31st_rule_skips_a_30_day_month(no_holidays: HolidayCalendar) -> None:
    oh = special(31, "14:00-15:00")
    assert hours_on(oh, date(2026, 11, 30), no_holidays) == WORKING_DAY
    assert hours_on(oh, date(2026, 12, 1), no_holidays) == WORKING_DAY
    assert hours_on(oh, date(2026, 12, 31), no_holidays) == (Interval(840, 900),)


def test_the_first_listed_special_day_wins() -> None:
    oh = parse_opening_hours(
        STATION,
        special_days=[
            {"monthly": "third-tue", "hours": "14:00-16:00", "label": "第三个周二"},
            {"monthly": 17, "hours": "08:30-11:30", "label": "17日"},
        ],
    )
    # 17 November 2026 is the third Tuesday
    day, rule = next_special_day(oh, date(2026, 11, 16))
    assert (day, rule.label) == (date(2026, 11, 17), "第三个周二")
    assert hours_on(oh, day, load_calendar(None, years=[])) == (Interval(840, 960),)


# 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04): 春节 2月15日至23日
# 放假. 17 February 2026 is 正月初一.
XIHE_CLINIC = {"hours": {}, "special_days": [{"monthly": 17, "hours": "08:30-11:30", "label": "精防日：精神科医生坐诊"}], "holidays": "closed"}


def test_a_special_day_on_a_statutory_holiday_is_not_held(cal: HolidayCalendar) -> None:
    oh = parse_opening_hours(**XIHE_CLINIC)
    assert hours_on(oh, date(2026, 2, 17), cal) == ()
    assert not open_state(oh, china(2026, 2, 17, 9, 0), cal).open
    # ... and the next one is the first not on a holiday: 17 March.
    day, rule = next_special_day(oh, date(2026, 2, 1), cal)
    assert day == date(2026, 3, 17) and rule.label.startswith("精防日")
    assert open_state(oh, china(2026, 2, 17, 9, 0), cal).next_open == china(2026, 3, 17, 8, 30)
    # An ordinary 17th still is.
    assert hours_on(oh, date(2026, 11, 17), cal) == MORNING


def test_an_nth_weekday_special_day_on_a_holiday(cal: HolidayCalendar) -> None:
    # The first Thursday of October 2026 is 1 October (国庆节).
    oh = parse_opening_hours(STATION, special_days=[{"monthly": "first-thu", "hours": "14:00-16:00"}])
    assert hours_on(oh, date(2026, 10, 1), cal) == ()
    assert next_special_day(oh, date(2026, 10, 1), cal)[0] == date(2026, 11, 5)


def test_a_special_day_in_an_unannounced_year_skips_the_law_fixed_holidays(cal: HolidayCalendar) -> None:
    # 2027 is not announced: 1 October is 国庆节 by law all the same.
    oh = parse_opening_hours(STATION, special_days=[{"monthly": 1, "hours": "08:30-11:30"}])
    assert hours_on(oh, date(2027, 10, 1), cal) == ()
    assert next_special_day(oh, date(2027, 9, 2), cal)[0] == date(2027, 11, 1)


def test_a_special_day_held_on_holidays_too(cal: HolidayCalendar) -> None:
    clinic = XIHE_CLINIC | {"special_days": [XIHE_CLINIC["special_days"][0] | {"on_holidays": "open"}]}
    oh = parse_opening_hours(**clinic)
    assert oh.special_days[0].on_holidays == "open"
    assert hours_on(oh, date(2026, 2, 17), cal) == MORNING
    assert next_special_day(oh, date(2026, 2, 1), cal)[0] == date(2026, 2, 17)
    assert describe_special_day_holidays(oh.special_days[0], oh) == "逢法定节假日照常"


def test_a_special_day_follows_a_station_open_on_holidays(cal: HolidayCalendar) -> None:
    oh = parse_opening_hours(STATION, special_days=[{"monthly": 17, "hours": "closed"}], holidays="open")
    assert oh.special_days[0].on_holidays == "open"
    assert hours_on(oh, date(2026, 2, 17), cal) == ()  # the special day's own hours
    held_not = parse_opening_hours(
        STATION, special_days=[{"monthly": 17, "hours": "14:00-15:00", "on_holidays": "closed"}], holidays="open"
    )
    assert hours_on(held_not, date(2026, 2, 17), cal) == WORKING_DAY  # a Tuesday, open as usual
    assert describe_special_day_holidays(held_not.special_days[0], held_not) == "逢法定节假日暂停"


@pytest.mark.parametrize("value", ["sometimes", "yes", True, 1])
def test_on_holidays_must_be_open_or_closed(value) -> None:
    with pytest.raises(HoursError) as info:
        parse_opening_hours(STATION, special_days=[{"monthly": 17, "hours": "08:30-11:30", "on_holidays": value}])
    assert info.value.field == "special_days[0].on_holidays"
    assert "open" in str(info.value) and "closed" in str(info.value)


def test_the_browser_data_says_whether_a_special_day_is_held_on_holidays() -> None:
    oh = parse_opening_hours(**XIHE_CLINIC)
    assert opening_hours_to_json(oh)["special"][0]["on_holidays"] == "closed"


def test_no_special_days() -> None:
    assert next_special_day(station(), date(2026, 11, 1)) is None


# --- open now -------------------------------------------------------------------


def test_open_in_the_morning(cal: HolidayCalendar) -> None:
    state = open_state(station(), china(2026, 11, 23, 10, 0), cal)
    assert state.open and state.closes_at == china(2026, 11, 23, 11, 30) and state.next_open is None


def test_lunch_break(cal: HolidayCalendar) -> None:
    state = open_state(station(), china(2026, 11, 23, 12, 0), cal)
    assert not state.open and state.closes_at is None and state.next_open == china(2026, 11, 23, 13, 30)


def test_boundaries(cal: HolidayCalendar) -> None:
    oh = station()
    assert open_state(oh, china(2026, 11, 23, 8, 30), cal).open
    assert not open_state(oh, china(2026, 11, 23, 8, 29, 59, 999000), cal).open
    assert open_state(oh, china(2026, 11, 23, 16, 59, 59, 999000), cal).open
    at_five = open_state(oh, china(2026, 11, 23, 17, 0), cal)
    assert not at_five.open and at_five.next_open == china(2026, 11, 24, 8, 30)


def test_the_phones_time_zone_does_not_matter(cal: HolidayCalendar) -> None:
    instant = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)  # 10:00 in China
    for zone in (timezone.utc, ZoneInfo("America/New_York"), ZoneInfo("Europe/London"), CHINA):
        state = open_state(station(), instant.astimezone(zone), cal)
        assert state.open and state.closes_at == china(2026, 11, 23, 11, 30)
        assert state.closes_at.utcoffset() == timedelta(hours=8)
    # 20:00 UTC on a Sunday is Monday 04:00 in China: closed until 08:30.
    state = open_state(station(), datetime(2026, 11, 22, 20, 0, tzinfo=timezone.utc), cal)
    assert not state.open and state.next_open == china(2026, 11, 23, 8, 30)


def test_next_open_skips_the_national_day_holiday(cal: HolidayCalendar) -> None:
    state = open_state(station(), china(2026, 9, 30, 18, 0), cal)
    assert state.next_open == china(2026, 10, 8, 8, 30)


def test_a_make_up_saturday_opens_at_weekday_time(cal: HolidayCalendar) -> None:
    state = open_state(station(), china(2026, 10, 9, 18, 0), cal)
    assert state.next_open == china(2026, 10, 10, 8, 30)
    assert open_state(station(), china(2026, 10, 10, 15, 0), cal).open


def test_an_overnight_line_closes_the_next_morning(cal: HolidayCalendar) -> None:
    oh = parse_opening_hours({"mon": "20:00-24:00", "tue-fri": "00:00-02:00, 20:00-24:00", "sat": "00:00-02:00"})
    state = open_state(oh, china(2026, 11, 23, 23, 0), cal)
    assert state.open and state.closes_at == china(2026, 11, 24, 2, 0)
    state = open_state(oh, china(2026, 11, 24, 1, 0), cal)
    assert state.open and state.closes_at == china(2026, 11, 24, 2, 0)
    state = open_state(oh, china(2026, 11, 24, 3, 0), cal)
    assert not state.open and state.next_open == china(2026, 11, 24, 20, 0)


def test_24h_is_always_open(cal: HolidayCalendar) -> None:
    state = open_state(parse_opening_hours("24h"), china(2026, 10, 1, 3, 0), cal)
    assert state.open and state.closes_at is None and state.next_open is None


def test_24h_closing_for_a_holiday(cal: HolidayCalendar) -> None:
    oh = parse_opening_hours("24h", holidays="closed")
    state = open_state(oh, china(2026, 9, 30, 12, 0), cal)
    assert state.open and state.closes_at == china(2026, 10, 1, 0, 0)
    state = open_state(oh, china(2026, 10, 3, 12, 0), cal)
    assert not state.open and state.next_open == china(2026, 10, 8, 0, 0)


def test_never_open_within_the_search(no_holidays: HolidayCalendar) -> None:
    oh = parse_opening_hours({}, special_days=[{"monthly": 17, "hours": "closed"}])
    state = open_state(oh, china(2026, 11, 23, 10, 0), no_holidays)
    assert state == type(state)(open=False, closes_at=None, next_open=None)


def test_the_search_looks_400_days_ahead() -> None:
    holiday = date(2027, 6, 1)
    lonely = load_calendar({"years": {2027: {"source": "测试数据", "holidays": {"测试": [holiday.isoformat()]}}}}, years=[])
    only_on_holidays = parse_opening_hours({}, special_days=[{"monthly": 31, "hours": "closed"}], holidays="09:00-12:00")
    at_400 = datetime.combine(holiday - timedelta(days=400), datetime.min.time(), CHINA) + timedelta(hours=10)
    assert open_state(only_on_holidays, at_400, lonely).next_open == china(2027, 6, 1, 9, 0)
    assert open_state(only_on_holidays, at_400 - timedelta(days=1), lonely).next_open is None
    except_on_holidays = parse_opening_hours("24h", holidays="closed")
    assert open_state(except_on_holidays, at_400, lonely).closes_at == china(2027, 6, 1, 0, 0)
    assert open_state(except_on_holidays, at_400 - timedelta(days=1), lonely).closes_at is None


def test_a_naive_datetime_is_refused(cal: HolidayCalendar) -> None:
    with pytest.raises(ValueError):
        open_state(station(), datetime(2026, 11, 23, 10, 0), cal)


# --- words and data for the pages ------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "text"),
    [
        (STATION, "周一至周五 08:30–11:30、13:30–17:00；周六 09:00–12:00；周日休息"),
        ("24h", "全天24小时"),
        ({"daily": "08:00-20:00"}, "每天 08:00–20:00"),
        ({"mon-fri": "08:30-17:00"}, "周一至周五 08:30–17:00；周六、周日休息"),
        # When it is open first, the closed days last (issue 19: a resident
        # reads 「周一至周五休息」 first and stops there); days with the same
        # hours together, even apart.
        ({"sat,sun": "09:00-12:00"}, "周六、周日 09:00–12:00；周一至周五休息"),
        ({"mon": "09:00-10:00", "wed": "09:00-10:00"}, "周一、周三 09:00–10:00；周二、周四至周日休息"),
        ({"tue,thu": "18:30-20:30", "sat": "09:00-11:30"}, "周二、周四 18:30–20:30；周六 09:00–11:30；周一、周三、周五、周日休息"),
        ({"mon-fri": "08:30-17:00", "sat,sun": "24h"}, "周一至周五 08:30–17:00；周六、周日全天"),
        ({"mon-fri": "20:00-24:00"}, "周一至周五 20:00–24:00；周六、周日休息"),
    ],
)
def test_describe_weekly(hours, text: str) -> None:
    assert describe_weekly(parse_opening_hours(hours)) == text


def test_describe_weekly_with_special_days_only() -> None:
    oh = parse_opening_hours({}, special_days=[{"monthly": 17, "hours": "08:30-11:30"}])
    assert describe_weekly(oh) == "平时不开放"


@pytest.mark.parametrize(
    ("monthly", "hours", "text"),
    [
        (17, "08:30-11:30", "每月17日 08:30–11:30"),
        ("first-mon", "09:00-11:00", "每月第一个周一 09:00–11:00"),
        ("second-tue", "09:00-11:00, 14:00-16:00", "每月第二个周二 09:00–11:00、14:00–16:00"),
        ("fourth-thu", "09:00-11:00", "每月第四个周四 09:00–11:00"),
        ("last-fri", "14:00-17:00", "每月最后一个周五 14:00–17:00"),
        ("third-sun", "closed", "每月第三个周日休息"),
    ],
)
def test_describe_special_day(monthly, hours: str, text: str) -> None:
    (rule,) = special(monthly, hours).special_days
    assert isinstance(rule, SpecialDay)
    assert describe_special_day(rule) == text


@pytest.mark.parametrize(
    ("policy", "text"),
    [("closed", "法定节假日休息"), ("open", "法定节假日照常开放"), ("09:00-12:00", "法定节假日 09:00–12:00"), ("24h", "法定节假日全天")],
)
def test_describe_holidays(policy: str, text: str) -> None:
    assert describe_holidays(station(holidays=policy)) == text


def test_json_for_the_browser() -> None:
    oh = parse_opening_hours(
        STATION,
        special_days=[
            {"monthly": 17, "hours": "08:30-11:30", "label": "精防日"},
            {"monthly": "last-fri", "hours": "closed"},
        ],
        holidays="09:00-12:00",
    )
    assert opening_hours_to_json(oh) == {
        "weekly": [[[510, 690], [810, 1020]]] * 5 + [[[540, 720]], []],
        "special": [
            {"monthly": 17, "hours": [[510, 690]], "label": "精防日", "on_holidays": "closed"},
            {"monthly": {"nth": -1, "weekday": 4}, "hours": [], "label": "", "on_holidays": "closed"},
        ],
        "holidays": [[540, 720]],
        "makeup": [[510, 690], [810, 1020]],
    }
    assert opening_hours_to_json(parse_opening_hours("24h"))["holidays"] == "open"
    assert opening_hours_to_json(station())["holidays"] == "closed"
    assert json.dumps(opening_hours_to_json(oh)) == json.dumps(opening_hours_to_json(oh))


def test_values_are_frozen() -> None:
    oh = station()
    with pytest.raises(dataclasses.FrozenInstanceError):
        oh.holidays = "open"  # type: ignore[misc]
