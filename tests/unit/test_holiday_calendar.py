"""Statutory holidays and make-up working days: what the library knows, what
it must not pretend to know, and the editors' overrides."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from mhsite.common.holidays import (
    HolidayCalendar,
    HolidayDataError,
    calendar_to_json,
    law_holidays,
    load_calendar,
    unannounced_note,
    unknown_years,
)

# The State Council's notice for 2026 (国办发明电〔2025〕7号), copied here by
# hand: the library must agree with it.
NATIONAL_DAY_2026 = [date(2026, 10, day) for day in range(1, 8)]
SPRING_FESTIVAL_2026 = [date(2026, 2, 15) + timedelta(days=n) for n in range(9)]
WORKDAYS_2026 = {date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 9, 20), date(2026, 10, 10)}
WORKDAYS_2025 = {date(2025, 1, 26), date(2025, 2, 8), date(2025, 4, 27), date(2025, 9, 28), date(2025, 10, 11)}


def override_2027(**changes) -> dict:
    year = {
        "source": "国务院办公厅关于2027年部分节假日安排的通知",
        "holidays": {"元旦": ["2027-01-01..2027-01-03"], "春节": ["2027-02-05..2027-02-11"], "清明节": ["2027-04-05"]},
        "workdays": ["2027-02-13"],  # a Saturday
    }
    year.update(changes)
    return {"years": {2027: {k: v for k, v in year.items() if v is not None}}}


@pytest.fixture(scope="module")
def library() -> HolidayCalendar:
    return load_calendar(None, years=range(2024, 2029))


def test_the_library_knows_2025_and_2026(library: HolidayCalendar) -> None:
    assert {2025, 2026} <= library.known_years


def test_national_day_2026(library: HolidayCalendar) -> None:
    for day in NATIONAL_DAY_2026:
        assert library.is_holiday(day), day
        assert library.holiday_name(day) == "国庆节"
    assert not library.is_holiday(date(2026, 10, 8))


def test_spring_festival_2026_includes_its_weekend_days(library: HolidayCalendar) -> None:
    assert all(library.holiday_name(day) == "春节" for day in SPRING_FESTIVAL_2026)
    assert date(2026, 2, 15).weekday() == 6  # a Sunday inside the block counts too
    assert not library.is_holiday(date(2026, 2, 24))


def test_make_up_workdays_2025_and_2026(library: HolidayCalendar) -> None:
    assert {d for d in library.workdays if d.year == 2026} == WORKDAYS_2026
    assert {d for d in library.workdays if d.year == 2025} == WORKDAYS_2025
    assert library.is_makeup_workday(date(2026, 10, 10)) and date(2026, 10, 10).weekday() == 5
    assert not library.is_makeup_workday(date(2026, 10, 17))


def test_holiday_names_are_chinese(library: HolidayCalendar) -> None:
    names = {name for day, name in library.holidays.items() if day.year == 2026}
    assert names == {"元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"}


def test_an_ordinary_day_is_neither(library: HolidayCalendar) -> None:
    day = date(2026, 11, 23)
    assert not library.is_holiday(day) and not library.is_makeup_workday(day)
    assert library.holiday_name(day) is None


def test_an_unannounced_year_is_unknown_not_guessed(library: HolidayCalendar) -> None:
    # Nobody had announced 2027 when the installed library was released: the
    # year is not "known", and no bridging day or make-up working day (补假,
    # 调休) is guessed for it; only what the law fixes is there (next test).
    assert 2027 not in library.known_years
    assert 2027 in library.provisional_years
    assert not any(day.year == 2027 for day in library.workdays)
    assert not library.is_holiday(date(2027, 10, 4))  # a Monday a notice may well bridge; not guessed
    assert not library.is_holiday(date(2027, 2, 9))  # 正月初四: not a holiday by law


# 全国年节及纪念日放假办法 (State Council, revised 2024-11-10, in force from
# 2025-01-01), article 2: 元旦 1 January; 春节 农历除夕 and 正月初一–初三;
# 清明节 the day of the 清明 solar term; 劳动节 1–2 May; 端午节 农历五月初五;
# 中秋节 农历八月十五; 国庆节 1–3 October. The lunar and solar-term dates of
# 2027 and 2028 as the Purple Mountain Observatory's 中国天文年历 gives them
# (2027: 春节 6 February, 清明 5 April, 端午 9 June, 中秋 15 September;
# 2028: 春节 26 January, 清明 4 April, 端午 28 May, 中秋 3 October).
LAW_2027 = {
    date(2027, 1, 1): "元旦",
    date(2027, 2, 5): "春节",  # 除夕 (腊月廿九: 2027's twelfth month has 29 days)
    date(2027, 2, 6): "春节",
    date(2027, 2, 7): "春节",
    date(2027, 2, 8): "春节",
    date(2027, 4, 5): "清明节",
    date(2027, 5, 1): "劳动节",
    date(2027, 5, 2): "劳动节",
    date(2027, 6, 9): "端午节",
    date(2027, 9, 15): "中秋节",
    date(2027, 10, 1): "国庆节",
    date(2027, 10, 2): "国庆节",
    date(2027, 10, 3): "国庆节",
}


def test_an_unannounced_year_has_the_days_the_law_fixes(library: HolidayCalendar) -> None:
    got = {day: name for day, name in library.holidays.items() if day.year == 2027}
    assert got == LAW_2027
    assert len(got) == 13  # the law's 13 days


def test_law_fixed_days_of_2028_with_mid_autumn_on_national_day() -> None:
    days = law_holidays(2028)
    assert days[date(2028, 1, 25)] == "春节"  # 除夕
    assert [days.get(date(2028, 1, d)) for d in (26, 27, 28, 29)] == ["春节", "春节", "春节", None]
    assert days[date(2028, 4, 4)] == "清明节"
    assert days[date(2028, 5, 28)] == "端午节"
    # 中秋 (八月十五) is 3 October 2028: one day with both names, 12 days in all.
    assert days[date(2028, 10, 3)] == "中秋节、国庆节"
    assert len(days) == 12


def test_the_law_days_agree_with_the_announced_years() -> None:
    # Every law-fixed day of an announced year is a holiday in its notice.
    for year in (2025, 2026):
        announced = load_calendar(None, years=[year])
        assert set(law_holidays(year)) <= set(announced.holidays), year


def test_what_the_pages_say_about_an_unannounced_year() -> None:
    cal = load_calendar(None, years=range(2025, 2029))
    assert unannounced_note(cal, date(2026, 12, 15)).startswith("2027 年的放假调休安排尚未公布")
    assert "先打电话确认" in unannounced_note(cal, date(2026, 12, 15))
    assert unannounced_note(cal, date(2027, 3, 1)).startswith("2027 年、2028 年的放假调休安排尚未公布")
    assert unannounced_note(load_calendar(None, years=range(2024, 2027)), date(2025, 6, 1)) == ""
    announced = load_calendar(override_2027(), years=range(2025, 2028))
    assert unannounced_note(announced, date(2026, 12, 15)) == ""
    assert 2027 not in announced.provisional_years


def test_only_the_requested_years_are_loaded() -> None:
    cal = load_calendar(None, years=[2026])
    assert cal.known_years == frozenset({2026})
    assert not cal.is_holiday(date(2025, 10, 1))


def test_unknown_years_are_this_year_and_next() -> None:
    cal = load_calendar(None, years=range(2025, 2028))
    assert unknown_years(cal, date(2026, 11, 23)) == [2027]
    assert unknown_years(cal, date(2025, 6, 1)) == []
    assert unknown_years(cal, date(2027, 3, 1)) == [2027, 2028]


def test_an_override_adds_a_year() -> None:
    cal = load_calendar(override_2027(), years=range(2025, 2028))
    assert 2027 in cal.known_years
    assert unknown_years(cal, date(2026, 11, 23)) == []
    assert [cal.holiday_name(date(2027, 1, d)) for d in (1, 2, 3, 4)] == ["元旦", "元旦", "元旦", None]
    assert all(cal.holiday_name(date(2027, 2, d)) == "春节" for d in range(5, 12))
    assert cal.holiday_name(date(2027, 4, 5)) == "清明节"
    assert cal.is_makeup_workday(date(2027, 2, 13))
    # the library's years are still there
    assert cal.holiday_name(date(2026, 10, 1)) == "国庆节"


def test_an_override_replaces_the_librarys_year() -> None:
    overrides = {"years": {2026: {"source": "测试：只保留元旦", "holidays": {"元旦": ["2026-01-01"]}}}}
    cal = load_calendar(overrides, years=[2025, 2026])
    assert cal.is_holiday(date(2026, 1, 1))
    assert not cal.is_holiday(date(2026, 1, 2))
    assert not cal.is_holiday(date(2026, 10, 1))
    assert not cal.is_makeup_workday(date(2026, 10, 10))
    assert cal.is_holiday(date(2025, 10, 1))  # other years untouched


def test_override_dates_may_be_date_objects_and_year_keys_strings() -> None:
    overrides = {"years": {"2027": {"source": "通知", "holidays": {"元旦": [date(2027, 1, 1)]}, "workdays": [date(2027, 2, 13)]}}}
    cal = load_calendar(overrides, years=[])
    assert cal.known_years == frozenset({2027})
    assert cal.is_holiday(date(2027, 1, 1)) and cal.is_makeup_workday(date(2027, 2, 13))


def test_a_make_up_day_in_the_december_before_is_accepted() -> None:
    overrides = {"years": {2027: {"source": "通知", "workdays": ["2026-12-26"]}}}  # a Saturday
    cal = load_calendar(overrides, years=[2026])
    assert cal.is_makeup_workday(date(2026, 12, 26))


def test_no_override_file() -> None:
    assert load_calendar({}, years=[2026]).known_years == frozenset({2026})
    assert load_calendar({"years": None}, years=[2026]).known_years == frozenset({2026})


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        (override_2027(source=None), "years.2027.source", ["2027 年缺少 source"]),
        (override_2027(source="  "), "years.2027.source", ["缺少 source"]),
        (override_2027(holidays={"春节": ["2027-02-30"]}), "years.2027.holidays.春节[0]", ["“2027-02-30” 这个日期不存在", "2 月没有 30 日"]),
        (override_2027(holidays={"春节": ["2027/02/05"]}), "years.2027.holidays.春节[0]", ["“2027/02/05” 不是日期", "年-月-日"]),
        (
            override_2027(holidays={"国庆节": ["2027-10-07..2027-10-01"]}),
            "years.2027.holidays.国庆节[0]",
            ['"2027-10-07..2027-10-01"', "结束日期早于开始日期"],
        ),
        (override_2027(holidays={"国庆节": ["2027-10-01..2027-1O-07"]}), "years.2027.holidays.国庆节[0]", ["“2027-1O-07” 不是日期"]),
        (override_2027(workdays=["2027-02-08"]), "years.2027.workdays[0]", ["2027-02-08 是星期一", "周六或周日"]),
        (override_2027(workdays=["2027-02-13", "2027-02-12"]), "years.2027.workdays[1]", ["星期五"]),
        (override_2027(workdays=["2027-01-02"]), "years.2027.workdays[0]", ["元旦", "调休上班日"]),
        (override_2027(workdays=["2028-01-08"]), "years.2027.workdays[0]", ["不在 2027 年"]),
        (
            override_2027(holidays={"元旦": ["2027-01-01..2027-01-03"], "春节": ["2027-01-03"]}),
            "years.2027.holidays.春节[0]",
            ["已经是元旦的假日"],
        ),
        (override_2027(workday=["2027-02-13"]), "years.2027.workday", ['"workday"', "workdays"]),
        (override_2027(holidays=["2027-01-01"]), "years.2027.holidays", ["按节日名写"]),
        ({"years": {"二〇二七": {"source": "x"}}}, "years.二〇二七", ["不是年份"]),
        ({"years": {2027: ["2027-01-01"]}}, "years.2027", ["source、holidays 和 workdays"]),
        ({"year": {2027: {}}}, "year", ['"year"', "years:"]),
    ],
)
def test_bad_overrides_name_the_year_and_field(overrides: dict, field: str, words: list[str]) -> None:
    with pytest.raises(HolidayDataError) as info:
        load_calendar(overrides, years=[2026])
    error = info.value
    assert error.field == field
    assert str(error).startswith(field + ": ")
    for word in words:
        assert word in str(error), str(error)
    assert isinstance(error, ValueError)


def test_calendar_json_is_sorted_and_complete() -> None:
    cal = load_calendar(override_2027(), years=[2026, 2025])
    data = calendar_to_json(cal)
    assert list(data) == ["holidays", "workdays", "provisional"]
    assert data["holidays"]["2026-10-01"] == "国庆节"
    assert data["holidays"]["2027-01-02"] == "元旦"
    assert "2026-10-10" in data["workdays"] and "2027-02-13" in data["workdays"]
    assert list(data["holidays"]) == sorted(data["holidays"])
    assert data["workdays"] == sorted(data["workdays"])
    assert len(data["holidays"]) == len(cal.holidays) and len(data["workdays"]) == len(cal.workdays)


def test_calendar_json_does_not_depend_on_input_order() -> None:
    a = load_calendar(override_2027(), years=[2025, 2026])
    b = load_calendar(override_2027(), years=[2026, 2025])
    assert json.dumps(calendar_to_json(a), ensure_ascii=False) == json.dumps(calendar_to_json(b), ensure_ascii=False)
