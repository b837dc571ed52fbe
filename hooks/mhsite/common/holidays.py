"""China's statutory holidays and make-up working days (调休).

Every year the General Office of the State Council announces which days are
holidays and which weekend days become working days to make up for them;
"open now" on the hotline and station pages must follow that announcement.

Where the data comes from: the `chinese_calendar` package (PyPI
"chinesecalendar"), plus the editors' override file for a year it does not
know yet. Why this library rather than `holidays`:
- it holds only announced years (2004 to the newest release's year) and
  refuses any other year, so a year nobody has announced yet is visibly
  unknown. `holidays` (0.109) computes any year by rule: its 2027 has "补假"
  and 春节 days that nobody has announced, without its "（推定）" mark,
  indistinguishable from a real arrangement;
- it lists the make-up working days (2026: 1月4日, 2月14日, 2月28日, 5月9日,
  9月20日, 10月10日) as data, and every day of each holiday block, weekends
  included; `holidays` has no working-day category for China.
A year is "known" here only if the library holds data for it or the
editors wrote an override for it.

A year that is not known is not left empty either: the days the law itself
fixes are holidays every year, whatever the notice later adds. The 全国年节及
纪念日放假办法 as revised by the State Council on 2024-11-10 (in force from
2025-01-01) gives: 元旦 (1 January), 春节 (农历除夕 and 正月初一–初三), 清明节
(the day of the 清明 solar term), 劳动节 (1–2 May), 端午节 (农历五月初五),
中秋节 (农历八月十五) and 国庆节 (1–3 October), 13 days. For such a year
those days come from the `holidays` package (its CN calendar computes the
lunar and solar-term dates; its "substituted" days are left out: they are
the notice's to decide), and the year is *provisional*: the pages say that
its 调休 arrangement is not yet announced and that residents should call
ahead, instead of guessing the bridging days and make-up working days.

Override file (`docs/_data/holidays.yml`), for a year the library does not
know yet (copy the State Council's notice):

    years:
      2027:
        source: 国务院办公厅关于2027年部分节假日安排的通知   # required
        holidays:            # name -> list of dates or "YYYY-MM-DD..YYYY-MM-DD" ranges
          元旦: ["2027-01-01..2027-01-03"]
        workdays: [2027-02-07]   # make-up working days on a weekend

An override for a year replaces everything the library has for that year.
Its dates lie in that year, or in the December before it (the notice for a
year has sometimes put 元旦's make-up working day there). A make-up working
day must be a Saturday or Sunday, and no date may be both a holiday and a
working day or belong to two holidays.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from pathlib import Path
from typing import Any

import chinese_calendar
import holidays as holidays_package

from mhsite.common.data_files import DataError, DataFileError, Loaded, format_loc, load_yaml
from mhsite.common.fields import parse_date
from mhsite.common.text import check_name, check_text

WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

# The library's Chinese names are short forms ("清明"); pages use the names
# of the State Council's notices.
_FULL_NAMES = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}

_RANGE = re.compile(r"^\s*(\S+?)\s*\.\.\s*(\S+)\s*$")
_OVERRIDE_KEYS = ("source", "holidays", "workdays")
SOURCE_MAX = 200
NAME_MAX = 10


class HolidayDataError(ValueError):
    """A mistake in the override data; the message names the year and field."""

    def __init__(self, loc: tuple[Any, ...], message: str, year: int | None = None) -> None:
        """`loc`: where in the file, as keys and list indexes (("years",
        "2027", "workdays", 0)), so that the caller can find its line."""
        self.loc = loc
        self.field = format_loc(loc)
        super().__init__(f"{self.field}: {message}")
        self.year = year
        self.message = message


# The holidays every year has by law (全国年节及纪念日放假办法, 2024 revision),
# as the `holidays` package names them in Simplified Chinese; its other
# entries ("substituted" days off) are a notice's, not the law's.
_LAW_NAMES = {
    "元旦": "元旦",
    "农历除夕": "春节",
    "春节": "春节",
    "清明节": "清明节",
    "劳动节": "劳动节",
    "端午节": "端午节",
    "中秋节": "中秋节",
    "国庆节": "国庆节",
}


@dataclass(frozen=True)
class HolidayCalendar:
    holidays: Mapping[date, str]
    workdays: frozenset[date]
    known_years: frozenset[int]
    # Years whose 调休 arrangement is not announced: only the law-fixed days
    # are holidays, and there are no make-up working days.
    provisional_years: frozenset[int] = frozenset()

    def is_holiday(self, day: date) -> bool:
        return day in self.holidays

    def is_makeup_workday(self, day: date) -> bool:
        return day in self.workdays

    def holiday_name(self, day: date) -> str | None:
        return self.holidays.get(day)

    def __reduce__(self):
        # To the build's helper process (common/background.py): a read-only
        # view does not pickle, its contents do.
        return (_calendar, (dict(self.holidays), self.workdays, self.known_years, self.provisional_years))


def _calendar(holidays: dict[date, str], workdays: frozenset[date], known: frozenset[int], provisional: frozenset[int]) -> HolidayCalendar:
    return HolidayCalendar(MappingProxyType(holidays), workdays, known, provisional)


def law_holidays(year: int) -> dict[date, str]:
    """The statutory holidays the law fixes for `year` (13 days from 2025 on;
    see the module's docstring), without any 调休 arrangement."""
    if year < 2025:
        raise ValueError("the 2024 revision of the holiday law applies from 2025 on")
    table = holidays_package.country_holidays("CN", years=year, observed=False, language="zh_CN")
    out: dict[date, str] = {}
    for day, names in sorted(table.items()):
        law = [_LAW_NAMES[name] for name in names.split("; ") if name in _LAW_NAMES]
        if law:
            out[day] = "、".join(dict.fromkeys(law))
    return out


def library_years() -> frozenset[int]:
    """The years the installed chinese_calendar release has data for."""
    return frozenset(d.year for d in chinese_calendar.holidays)


def load_calendar(overrides: Mapping[str, Any] | None, years: Iterable[int]) -> HolidayCalendar:
    """The calendar for `years` from the library, with the editors' overrides
    (the parsed override file, or None) replacing whole years; years given in
    the overrides are included even if not in `years`. A year of `years`
    that neither knows (from 2025 on) gets the law-fixed days and is
    provisional."""
    override_years = _parse_overrides(overrides)
    holidays: dict[date, str] = {}
    workdays: set[date] = set()
    known: set[int] = set()
    provisional: set[int] = set()
    available = library_years()
    for year in sorted(set(years)):
        if year in override_years:
            continue
        if year in available:
            holidays.update(_library_holidays(year))
            workdays.update(d for d in chinese_calendar.workdays if d.year == year)
            known.add(year)
        elif year >= 2025:
            holidays.update(law_holidays(year))
            provisional.add(year)
    for year, (year_holidays, year_workdays) in sorted(override_years.items()):
        for day in [d for d in holidays if d.year == year]:
            del holidays[day]
        workdays = {d for d in workdays if d.year != year}
        holidays.update(year_holidays)
        workdays.update(year_workdays)
        known.add(year)
    return HolidayCalendar(
        holidays=MappingProxyType(dict(sorted(holidays.items()))),
        workdays=frozenset(workdays),
        known_years=frozenset(known),
        provisional_years=frozenset(provisional - known),
    )


def load_holiday_file(path: Path, shown: str, years: Iterable[int]) -> HolidayCalendar:
    """The calendar for `years` with the override file at `path` (`shown`
    as editors see it; a missing file has no overrides). A mistake in the
    file raises DataFileError naming its line."""
    doc = load_yaml(path, shown) if path.exists() else None
    try:
        return load_calendar(doc.data if doc else None, years=years)
    except HolidayDataError as exc:
        line = doc.line_of(exc.loc) if doc else None
        raise DataFileError(DataError(shown, line, exc.field, exc.message)) from None


def load_holidays(path: Path, shown: str, today: date) -> Loaded[HolidayCalendar]:
    """The calendar a build uses: last year to next year around `today` (the
    date the pages describe), with the override file at `path`; a notice
    for this year and next year where the calendar does not know them.
    Never an error: an unannounced arrangement is nobody's mistake, and it
    must not block an urgent fix (a hotline number) from going out; the
    pages count the law-fixed holidays and say the rest is not known. A
    mistake in the override file raises DataFileError (load_holiday_file)."""
    calendar = load_holiday_file(path, shown, years=range(today.year - 1, today.year + 2))
    notices = [
        DataError(
            "",
            None,
            "",
            f"{year} 年的放假调休安排还不知道：“正在开放/接听”只按法定节日计算，页面上提示居民先打电话确认。"
            f"国务院办公厅公布安排后，请把它写进 {shown}（格式见该文件开头的说明），或升级 chinese-calendar。",
        )
        for year in unknown_years(calendar, today)
    ]
    return Loaded(calendar, [], notices)


def unknown_years(cal: HolidayCalendar, today: date) -> list[int]:
    """This year and next year, where the calendar does not know them."""
    return [year for year in (today.year, today.year + 1) if year not in cal.known_years]


def unannounced_note(cal: HolidayCalendar, today: date) -> str:
    """What the pages say while this year's or next year's 调休 arrangement is
    not known: "" when both are known."""
    years = [year for year in (today.year, today.year + 1) if year in cal.provisional_years]
    if not years:
        return ""
    named = "、".join(f"{year} 年" for year in years)
    return (
        f"{named}的放假调休安排尚未公布：目前只按法定节日计算，调休和补班日可能不准，"
        "节假日前后请先打电话确认。"
    )


def calendar_to_json(cal: HolidayCalendar) -> dict[str, Any]:
    return {
        "holidays": {d.isoformat(): cal.holidays[d] for d in sorted(cal.holidays)},
        "workdays": [d.isoformat() for d in sorted(cal.workdays)],
        "provisional": sorted(cal.provisional_years),
    }


def _library_holidays(year: int) -> dict[date, str]:
    out = {}
    for day, english in chinese_calendar.holidays.items():
        if day.year == year:
            chinese = chinese_calendar.Holiday(english).chinese
            out[day] = _FULL_NAMES.get(chinese, chinese)
    return out


YearData = tuple[dict[date, str], set[date]]


def _parse_overrides(overrides: Mapping[str, Any] | None) -> dict[int, YearData]:
    if overrides is None:
        return {}
    if not isinstance(overrides, Mapping):
        raise HolidayDataError((), "文件内容应以 years: 开头，格式见该文件开头的说明。")
    extra = [str(k) for k in overrides if k != "years"]
    if extra:
        raise HolidayDataError((extra[0],), f'不认识的字段 "{extra[0]}"；文件里只应有 years:，下面按年份写。')
    years = overrides.get("years")
    if years is None:
        return {}
    if not isinstance(years, Mapping):
        raise HolidayDataError(("years",), "years 下面应按年份写，如 2027:，再写 source、holidays 和 workdays。")
    out: dict[int, YearData] = {}
    for key, entry in years.items():
        year = _year(key)
        out[year] = _parse_year(year, key, entry)
    return out


def _year(key: Any) -> int:
    text = str(key).strip()
    if isinstance(key, bool) or not text.isdigit() or not 1949 < int(text) < 2200:
        raise HolidayDataError(("years", str(key)), f'"{key}" 不是年份；请写四位数的年份，如 2027。')
    return int(text)


def _parse_year(year: int, key: Any, entry: Any) -> YearData:
    where: tuple[Any, ...] = ("years", str(key))
    if not isinstance(entry, Mapping):
        raise HolidayDataError(where, f"{year} 年下面应写 source、holidays 和 workdays。", year)
    unknown = [str(k) for k in entry if k not in _OVERRIDE_KEYS]
    if unknown:
        raise HolidayDataError(
            (*where, unknown[0]), f'不认识的字段 "{unknown[0]}"；可写 {"、".join(_OVERRIDE_KEYS)}。', year
        )
    source = entry.get("source")
    if not isinstance(source, str) or not source.strip():
        raise HolidayDataError(
            (*where, "source"),
            f"{year} 年缺少 source：请写安排的出处，如“国务院办公厅关于{year}年部分节假日安排的通知”。",
            year,
        )
    try:
        check_text(source, max_length=SOURCE_MAX)
    except ValueError as exc:
        raise HolidayDataError((*where, "source"), str(exc), year) from None

    holidays: dict[date, str] = {}
    named = entry.get("holidays") or {}
    if not isinstance(named, Mapping):
        raise HolidayDataError(
            (*where, "holidays"), f'{year} 年的 holidays 应按节日名写，如 元旦: ["{year}-01-01..{year}-01-03"]。', year
        )
    for name, values in named.items():
        field = (*where, "holidays", name)
        if not isinstance(name, str) or not name.strip():
            raise HolidayDataError(field, f"{year} 年 holidays 里的节日名应是文字，如 元旦、春节。", year)
        try:
            # Shown on the hotline and station pages ("今天是国庆节").
            check_name(name, max_length=NAME_MAX)
        except ValueError as exc:
            raise HolidayDataError(field, f"节日名{exc}", year) from None
        for index, value in enumerate(values if isinstance(values, list) else [values]):
            for day in _dates(year, value, (*field, index)):
                if day in holidays and holidays[day] != name:
                    raise HolidayDataError(
                        (*field, index), f"{day} 已经是{holidays[day]}的假日，不能同时属于{name}。", year
                    )
                holidays[day] = name.strip()

    workdays: set[date] = set()
    listed = entry.get("workdays") or []
    for index, value in enumerate(listed if isinstance(listed, list) else [listed]):
        field = (*where, "workdays", index)
        day = _date(year, value, field)
        if day.weekday() < 5:
            raise HolidayDataError(
                field, f"{day} 是{WEEKDAY_NAMES[day.weekday()]}；调休上班日只能是周六或周日（本来就上班的日子不用写）。", year
            )
        if day in holidays:
            raise HolidayDataError(field, f"{day} 同时写成了{holidays[day]}的假日和调休上班日，请核对通知。", year)
        workdays.add(day)
    return holidays, workdays


def _dates(year: int, value: Any, field: tuple[Any, ...]) -> list[date]:
    match = _RANGE.match(value) if isinstance(value, str) else None
    if not match:
        return [_date(year, value, field)]
    start, end = _date(year, match[1], field), _date(year, match[2], field)
    if end < start:
        raise HolidayDataError(
            field, f'"{value}" 的结束日期早于开始日期；请写成 "开始..结束"，如 "{year}-10-01..{year}-10-07"。', year
        )
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def _date(year: int, value: Any, field: tuple[Any, ...]) -> date:
    try:
        day = parse_date(value)  # the same rule as every other data file
    except ValueError as exc:
        hint = f'几天连着的假期写成范围，如 "{year}-10-01..{year}-10-07"。' if "不是日期" in str(exc) else ""
        raise HolidayDataError(field, f"{exc}{hint}", year) from None
    if not (date(year - 1, 12, 1) <= day <= date(year, 12, 31)):
        raise HolidayDataError(field, f"{day} 不在 {year} 年（或它前一年的 12 月）里；请写到它所在的年份下面。", year)
    return day
