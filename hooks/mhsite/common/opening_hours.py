"""Opening hours of service stations and hotlines: one way to write them, one
parser, and the rules for "open now" that the pages and the browser share.

How editors write them (YAML):

    hours:                 # "24h" (or "24小时"), or a weekly table:
      mon-fri: "08:30-11:30, 13:30-17:00"
      sat: "09:00-12:00"   # days not named are closed
    special_days:          # recurring days with their own hours
      - monthly: 17        # a day of the month, or first-mon … fourth-thu, last-fri
        hours: "08:30-11:30"
        label: 精防日：精神科医生坐诊
        on_holidays: open  # optional: held on a statutory holiday too (see below)
    holidays: closed       # statutory holidays: closed | open | "09:00-12:00"

Day specs: mon tue wed thu fri sat sun, ranges such as mon-fri, lists such as
sat,sun, and daily; each day may be named once. An hours string is one or more
"HH:MM-HH:MM" spans separated by commas (full-width colons and commas, 、, en
dashes and ～ are accepted too), or closed / 休息 (or 24h for the whole day).
24:00 may end a span, never start one. A span cannot run past midnight: it is
written as two spans, "20:00-24:00" on the day and "00:00-02:00" on the next;
"open now" joins them. Spans on one day must not overlap; spans that touch
("08:00-12:00, 12:00-14:00") are joined.

A special day on day 29, 30 or 31 of the month applies only in the months that
have that day (no moving to the month's last day). When two special days fall
on the same date, the one listed first applies.

Which hours apply on a date (`hours_on`), first match wins:
1. a special day: its hours replace the day's hours; on a statutory holiday
   only if it is held on holidays (`on_holidays: open`), which by default it
   is when the station itself keeps its hours on holidays (`holidays: open`)
   and is not otherwise: a clinic day on the 17th is not held on 正月初一
   when the station is closed on holidays, and the next one is announced;
2. a statutory holiday (see common/holidays.py): the holiday policy — closed,
   open (the weekly hours of that weekday) or its own hours;
3. a make-up working day (调休, a weekend day worked instead of a holiday
   weekday): the hours of a regular weekday, namely the Monday–Friday schedule
   that occurs most often, ties going to the earliest weekday;
4. the weekly schedule.
"24h" lines are open every day, holidays included, unless their holiday policy
says otherwise (the default policy for them is "open", for others "closed").

Times are China's (Asia/Shanghai). `docs/assets/javascripts/opening-hours.js`
applies the same rules in the browser to `opening_hours_to_json`'s output; a
test checks that both agree.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal, Protocol
from zoneinfo import ZoneInfo

from mhsite.common.text import check_name

CHINA = ZoneInfo("Asia/Shanghai")
MINUTES_PER_DAY = 24 * 60
# How far ahead "next open" and "closes at" look; past that they are None.
SEARCH_DAYS = 400

DAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
ORDINAL_NAMES = {1: "第一个", 2: "第二个", 3: "第三个", 4: "第四个", -1: "最后一个"}

_ALL_DAY_WORDS = ("24h", "24小时")
_CLOSED_WORDS = ("closed", "休息")
# After NFKC, which has already turned "：，；～－" into ":,;~-".
_SPAN_SEPARATOR = re.compile(r"[,、;]")
_RANGE_DASH = re.compile(r"\s*[-–—~〜]\s*")
_TIME = re.compile(r"^(\d{2}):(\d{2})$")
_LOOSE_TIME = re.compile(r"^(\d{1,2})[:：.](\d{1,2})$")

HOW_TO_WRITE_HOURS = '请写成 "08:30-11:30"，多段用逗号分开，如 "08:30-11:30, 13:30-17:00"；不开放写 closed'
HOW_TO_WRITE_WEEK = '请写 24h，或按星期写，如 {mon-fri: "08:30-17:00", sat: "09:00-12:00"}'
HOW_TO_WRITE_DAYS = "可写 mon tue wed thu fri sat sun、范围如 mon-fri、列表如 sat,sun，或 daily（每天）"
HOW_TO_WRITE_MONTHLY = '请写每月的日期（1 到 31），或 first/second/third/fourth/last 加星期，如 "first-mon"、"last-fri"'


class HoursError(ValueError):
    """A mistake in opening hours. `field` is where, below the entry (e.g.
    "hours.mon-fri", "special_days[0].monthly", "holidays"); str() is the
    Chinese message, which says what to write instead."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class Calendar(Protocol):
    """What the rules need from common.holidays.HolidayCalendar."""

    def is_holiday(self, day: date) -> bool: ...

    def is_makeup_workday(self, day: date) -> bool: ...


@dataclass(frozen=True, order=True)
class Interval:
    """Minutes since midnight, China time; `end` is exclusive and at most 1440."""

    start: int
    end: int


ALL_DAY = (Interval(0, MINUTES_PER_DAY),)


@dataclass(frozen=True)
class WeeklySchedule:
    days: tuple[tuple[Interval, ...], ...]  # 7 entries, Monday first

    @property
    def always_open(self) -> bool:
        return all(day == ALL_DAY for day in self.days)


@dataclass(frozen=True)
class NthWeekday:
    nth: int  # 1–4, or -1 for the last one of the month
    weekday: int  # Monday = 0


@dataclass(frozen=True)
class SpecialDay:
    monthly: int | NthWeekday  # a day of the month, or e.g. the first Monday
    hours: tuple[Interval, ...]
    label: str = ""
    # Held on a statutory holiday ("open") or not ("closed"); resolved from
    # the station's holiday policy when the editor does not say.
    on_holidays: Literal["open", "closed"] = "closed"

    def falls_on(self, day: date) -> bool:
        if isinstance(self.monthly, int):
            return day.day == self.monthly
        if day.weekday() != self.monthly.weekday:
            return False
        if self.monthly.nth == -1:
            return day.day + 7 > calendar.monthrange(day.year, day.month)[1]
        return (day.day - 1) // 7 + 1 == self.monthly.nth


HolidayPolicy = Literal["closed", "open"] | tuple[Interval, ...]


@dataclass(frozen=True)
class OpeningHours:
    weekly: WeeklySchedule
    special_days: tuple[SpecialDay, ...] = ()
    holidays: HolidayPolicy = "closed"

    @property
    def makeup_hours(self) -> tuple[Interval, ...]:
        """The hours on a make-up working day: the Monday–Friday schedule that
        occurs most often, ties going to the earliest weekday."""
        weekdays = list(self.weekly.days[:5])
        return max(weekdays, key=lambda hours: (weekdays.count(hours), -weekdays.index(hours)))


@dataclass(frozen=True)
class OpenState:
    open: bool
    closes_at: datetime | None  # when open: the end of the current opening, if within the search
    next_open: datetime | None  # when closed: the next opening, if within the search


# --- parsing ---------------------------------------------------------------


def parse_opening_hours(hours: Any, special_days: Any = None, holidays: Any = None) -> OpeningHours:
    """Parse the three fields together. `holidays` None means the default:
    "open" for a "24h" schedule, else "closed"."""
    weekly = _parse_weekly(hours)
    if holidays is None:
        policy: HolidayPolicy = "open" if weekly.always_open else "closed"
    else:
        policy = _parse_holiday_policy(holidays)
    specials = _parse_special_days(special_days, "open" if policy == "open" else "closed")
    if not any(weekly.days) and not specials:
        raise HoursError("hours", f"每周都没有开放时间；{HOW_TO_WRITE_WEEK}。")
    return OpeningHours(weekly=weekly, special_days=specials, holidays=policy)


def parse_hours_string(value: Any, field: str) -> tuple[Interval, ...]:
    """ "08:30-11:30, 13:30-17:00" → intervals, sorted and joined where they
    touch; closed / 休息 → (); 24h → the whole day."""
    if not isinstance(value, str):
        raise HoursError(field, f"时间要加引号写成文字；{HOW_TO_WRITE_HOURS}。")
    text = unicodedata.normalize("NFKC", value).strip()
    if text.lower() in _CLOSED_WORDS:
        return ()
    if text.lower() in _ALL_DAY_WORDS:
        return ALL_DAY
    if not text:
        raise HoursError(field, f"时间是空的；{HOW_TO_WRITE_HOURS}。")
    spans = [_parse_span(piece.strip(), field) for piece in _SPAN_SEPARATOR.split(text)]
    spans.sort()
    joined: list[tuple[Interval, str]] = []
    for span, written in spans:
        if joined and span.start < joined[-1][0].end:
            earlier, earlier_written = joined[-1]
            raise HoursError(
                field,
                f'"{earlier_written}" 和 "{written}" 时间重叠；请合并成一段，'
                f'如 "{_hhmm(earlier.start)}-{_hhmm(max(earlier.end, span.end))}"。',
            )
        if joined and span.start == joined[-1][0].end:
            earlier, earlier_written = joined[-1]
            joined[-1] = (Interval(earlier.start, span.end), f"{earlier_written}, {written}")
        else:
            joined.append((span, written))
    return tuple(span for span, _ in joined)


def _parse_span(piece: str, field: str) -> tuple[Interval, str]:
    if not piece:
        raise HoursError(field, f"逗号之间少了时间段；{HOW_TO_WRITE_HOURS}。")
    parts = _RANGE_DASH.split(piece)
    if len(parts) != 2 or not all(parts):
        raise HoursError(field, f'看不懂 "{piece}"；{HOW_TO_WRITE_HOURS}。')
    start = _parse_time(parts[0], piece, field, is_end=False)
    end = _parse_time(parts[1], piece, field, is_end=True)
    if end <= start:
        raise HoursError(
            field,
            f'"{piece}" 的结束时间不晚于开始时间。时间段不能跨过午夜：请分成两段写，'
            f'当天写到 "24:00"（如 "20:00-24:00"），第二天从 "00:00" 写起（如 "00:00-02:00"）。',
        )
    return Interval(start, end), piece


def _parse_time(text: str, piece: str, field: str, *, is_end: bool) -> int:
    where = f'"{piece}" 里的 "{text}"'
    match = _TIME.match(text)
    if not match:
        loose = _LOOSE_TIME.match(text)
        if loose:
            hint = f'"{int(loose[1]):02d}:{int(loose[2]):02d}"'
            raise HoursError(field, f"{where} 请写成两位数的 时:分，如 {hint}。")
        raise HoursError(field, f'{where} 不是时间；时间写成两位数的 时:分，如 "08:30"。{HOW_TO_WRITE_HOURS}。')
    hour, minute = int(match[1]), int(match[2])
    if hour > 24 or minute > 59 or (hour == 24 and minute > 0):
        raise HoursError(field, f"{where} 不是有效的时间：小时是 00 到 23（24:00 只能作结束时间），分钟是 00 到 59。")
    if hour == 24 and not is_end:
        raise HoursError(field, f'{where}：24:00 只能作结束时间；从午夜开始请写 "00:00"。')
    return hour * 60 + minute


def _parse_weekly(value: Any) -> WeeklySchedule:
    if value is None:
        raise HoursError("hours", f"没有写开放时间；{HOW_TO_WRITE_WEEK}。")
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().lower()
        if text in _ALL_DAY_WORDS:
            return WeeklySchedule(days=(ALL_DAY,) * 7)
        if any(c.isdigit() for c in text):
            raise HoursError(
                "hours",
                f'"{value}" 前面要写星期几，如 {{daily: "{value}"}} 或 {{mon-fri: "{value}"}}；全天开放写 24h。',
            )
        raise HoursError("hours", f'看不懂开放时间 "{value}"；{HOW_TO_WRITE_WEEK}。')
    if not isinstance(value, Mapping):
        raise HoursError("hours", f"开放时间的写法不对；{HOW_TO_WRITE_WEEK}。")
    days: list[tuple[Interval, ...] | None] = [None] * 7
    named_in: dict[int, str] = {}
    for key, text in value.items():
        field = f"hours.{key}"
        spec_days = _parse_day_spec(key, field)
        for day in spec_days:
            if day in named_in:
                where = f'"{named_in[day]}" 和 "{key}"' if named_in[day] != str(key) else f'"{key}"'
                raise HoursError(
                    field, f"{DAY_NAMES[day]}（{DAY_CODES[day]}）写了两次：在 {where} 里；每天只能出现在一处。"
                )
            named_in[day] = str(key)
        intervals = parse_hours_string(text, field)
        for day in spec_days:
            days[day] = intervals
    return WeeklySchedule(days=tuple(d if d is not None else () for d in days))


def _parse_day_spec(key: Any, field: str) -> list[int]:
    """ "mon-fri" → [0, 1, 2, 3, 4]; "sat,sun" → [5, 6]; "daily" → all seven.
    A day named twice in one spec is kept twice, for the caller to reject."""
    if not isinstance(key, str):
        raise HoursError(field, f'不认识的星期 "{key}"；{HOW_TO_WRITE_DAYS}。')
    days: list[int] = []
    for part in unicodedata.normalize("NFKC", key).lower().replace(" ", "").split(","):
        if part == "daily":
            days.extend(range(7))
            continue
        ends = part.split("-")
        if len(ends) > 2 or not all(end in DAY_CODES for end in ends):
            raise HoursError(field, f'不认识的星期 "{key}"；{HOW_TO_WRITE_DAYS}。')
        first, last = DAY_CODES.index(ends[0]), DAY_CODES.index(ends[-1])
        if last < first:
            raise HoursError(
                field, f'"{part}" 要从周一往周日的方向写，如 mon-fri；跨过周末请分开写，如 "{ends[0]}-sun,mon-{ends[-1]}"。'
            )
        days.extend(range(first, last + 1))
    return days


def _parse_special_days(value: Any, on_holidays: Literal["open", "closed"]) -> tuple[SpecialDay, ...]:
    """`on_holidays`: the default for days that do not say (the station's)."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise HoursError(
            "special_days", '特别开放日应写成列表，每一项以 "- monthly:" 开头，再写 hours 和 label。'
        )
    return tuple(
        _parse_special_day(entry, f"special_days[{index}]", on_holidays) for index, entry in enumerate(value)
    )


_SPECIAL_DAY_KEYS = ("monthly", "hours", "label", "on_holidays")
# A special day's label is a name (text.check_name): one line, shown on the
# station's page and poster.
LABEL_MAX = 30


def _parse_special_day(entry: Any, field: str, on_holidays: Literal["open", "closed"]) -> SpecialDay:
    if not isinstance(entry, Mapping):
        raise HoursError(field, '每个特别开放日应写 monthly、hours 和 label，如 {monthly: 17, hours: "08:30-11:30", label: 精防日}。')
    unknown = [str(k) for k in entry if k not in _SPECIAL_DAY_KEYS]
    if unknown:
        raise HoursError(
            f"{field}.{unknown[0]}", f'不认识的字段 "{unknown[0]}"；特别开放日可写 monthly、hours、label 和 on_holidays。'
        )
    if "monthly" not in entry:
        raise HoursError(field, f"缺少 monthly（每月哪一天）；{HOW_TO_WRITE_MONTHLY}。")
    if "hours" not in entry:
        raise HoursError(field, '缺少 hours（这一天的开放时间），如 "08:30-11:30"。')
    label = entry.get("label", "")
    if label is None:
        label = ""
    if not isinstance(label, str):
        raise HoursError(f"{field}.label", "label 应是一段文字，如 精防日：精神科医生坐诊。")
    if label:
        try:
            check_name(label, max_length=LABEL_MAX)
        except ValueError as exc:
            raise HoursError(f"{field}.label", str(exc)) from None
    held = entry.get("on_holidays")
    if held is not None:
        text = unicodedata.normalize("NFKC", str(held)).strip().lower()
        if isinstance(held, bool) or text not in ("open", "closed"):
            raise HoursError(
                f"{field}.on_holidays",
                f'看不懂 "{held}"；法定节假日也照常举行写 open，节假日不举行写 closed（不写时跟随站点的 holidays）。',
            )
        on_holidays = "open" if text == "open" else "closed"
    return SpecialDay(
        monthly=_parse_monthly(entry["monthly"], f"{field}.monthly"),
        hours=parse_hours_string(entry["hours"], f"{field}.hours"),
        label=label.strip(),
        on_holidays=on_holidays,
    )


def _parse_monthly(value: Any, field: str) -> int | NthWeekday:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise HoursError(field, f'看不懂 "{value}"；{HOW_TO_WRITE_MONTHLY}。')
    text = unicodedata.normalize("NFKC", str(value)).strip().lower()
    if text.lstrip("-").isdigit():
        day = int(text)
        if not 1 <= day <= 31:
            raise HoursError(field, f"每月没有第 {day} 日；日期请写 1 到 31（写 29、30、31 只在有这一天的月份生效）。")
        return day
    ordinal, _, weekday = text.partition("-")
    if ordinal == "fifth" and weekday in DAY_CODES:
        raise HoursError(field, f'"{value}" 不是每个月都有；每月最后一个请写 "last-{weekday}"。')
    if ordinal not in ORDINALS or weekday not in DAY_CODES:
        raise HoursError(field, f'看不懂 "{value}"；{HOW_TO_WRITE_MONTHLY}。')
    return NthWeekday(nth=ORDINALS[ordinal], weekday=DAY_CODES.index(weekday))


def _parse_holiday_policy(value: Any) -> HolidayPolicy:
    how = '请写 closed（休息）、open（照常开放）或当天的时间，如 "09:00-12:00"'
    if not isinstance(value, str):
        raise HoursError("holidays", f'看不懂节假日安排 "{value}"；{how}。')
    text = unicodedata.normalize("NFKC", value).strip().lower()
    if text == "open":
        return "open"
    if text in _CLOSED_WORDS:
        return "closed"
    if text in _ALL_DAY_WORDS or any(c.isdigit() for c in text):
        return parse_hours_string(value, "holidays")
    raise HoursError("holidays", f'看不懂节假日安排 "{value}"；{how}。')


# --- the rules -------------------------------------------------------------


def special_day_on(oh: OpeningHours, day: date, cal: Calendar | None = None) -> SpecialDay | None:
    """The special day that applies on `day`: the first listed that falls on
    it and, on a statutory holiday of `cal`, is held on holidays. Without a
    calendar no day is a holiday."""
    holiday = cal is not None and cal.is_holiday(day)
    return next(
        (rule for rule in oh.special_days if rule.falls_on(day) and (not holiday or rule.on_holidays == "open")), None
    )


def hours_on(oh: OpeningHours, day: date, cal: Calendar) -> tuple[Interval, ...]:
    rule = special_day_on(oh, day, cal)
    if rule is not None:
        return rule.hours
    if cal.is_holiday(day):
        if oh.holidays == "closed":
            return ()
        if oh.holidays == "open":
            return oh.weekly.days[day.weekday()]
        return oh.holidays
    if cal.is_makeup_workday(day):
        return oh.makeup_hours
    return oh.weekly.days[day.weekday()]


def open_state(oh: OpeningHours, at: datetime, cal: Calendar) -> OpenState:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("open_state needs a timezone-aware datetime")
    local = at.astimezone(CHINA)
    today = local.date()
    since_midnight = local - _at(today, 0)
    for interval in hours_on(oh, today, cal):
        if timedelta(minutes=interval.start) <= since_midnight < timedelta(minutes=interval.end):
            return OpenState(open=True, closes_at=_closing_time(oh, today, interval.end, cal), next_open=None)
    return OpenState(open=False, closes_at=None, next_open=_next_opening(oh, today, since_midnight, cal))


def _closing_time(oh: OpeningHours, day: date, end: int, cal: Calendar) -> datetime | None:
    # An opening that runs to 24:00 goes on if the next day opens at 00:00.
    first_day = day
    while end == MINUTES_PER_DAY:
        day += timedelta(days=1)
        if (day - first_day).days > SEARCH_DAYS:
            return None
        hours = hours_on(oh, day, cal)
        if not hours or hours[0].start != 0:
            return _at(day, 0)
        end = hours[0].end
    return _at(day, end)


def _next_opening(oh: OpeningHours, today: date, since_midnight: timedelta, cal: Calendar) -> datetime | None:
    for offset in range(SEARCH_DAYS + 1):
        day = today + timedelta(days=offset)
        for interval in hours_on(oh, day, cal):
            if offset > 0 or timedelta(minutes=interval.start) > since_midnight:
                return _at(day, interval.start)
    return None


def _at(day: date, minutes: int) -> datetime:
    # China has had no daylight saving time since 1991: wall-clock arithmetic
    # in Asia/Shanghai is exact.
    return datetime(day.year, day.month, day.day, tzinfo=CHINA) + timedelta(minutes=minutes)


def next_special_day(oh: OpeningHours, after: date, cal: Calendar | None = None) -> tuple[date, SpecialDay] | None:
    """The next date a special day applies, `after` itself included (a page
    built on the day says "today"), with the rule that applies on it; a day
    on a holiday of `cal` that the rule is not held on is skipped."""
    if not oh.special_days:
        return None
    # Every rule occurs at least every other month (day 31 skips a month at
    # most), and no holiday block is longer than a few weeks.
    for offset in range(366):
        day = after + timedelta(days=offset)
        rule = special_day_on(oh, day, cal)
        if rule is not None:
            return day, rule
    return None


# --- words and data for the pages ----------------------------------------


def describe_weekly(oh: OpeningHours) -> str:
    """E.g. "周一至周五 08:30–11:30、13:30–17:00；周六 09:00–12:00；周日休息":
    when it is open first, the days it is closed last ("周六、周日
    09:00–11:30；周一至周五休息", never the other way round: a resident
    reads the first words)."""
    if oh.weekly.always_open:
        return "全天24小时"
    days = oh.weekly.days
    if not any(days):
        return "平时不开放"
    groups: list[tuple[int, int, tuple[Interval, ...]]] = []
    for index, hours in enumerate(days):
        if groups and groups[-1][2] == hours:
            groups[-1] = (groups[-1][0], index, hours)
        else:
            groups.append((index, index, hours))
    if len(groups) == 1:
        return "每天" + _hours_words(days[0])
    # Days with the same hours together, even apart ("周二、周四 18:30–20:30").
    by_hours: dict[tuple[Interval, ...], list[int]] = {}
    for index, hours in enumerate(days):
        if hours:
            by_hours.setdefault(hours, []).append(index)
    closed = [index for index, hours in enumerate(days) if not hours]
    parts = [_days_words(group) + _hours_words(hours) for hours, group in by_hours.items()]
    if closed:
        parts.append(_days_words(closed) + "休息")
    return "；".join(parts)


def describe_special_day(sd: SpecialDay) -> str:
    """E.g. "每月17日 08:30–11:30", "每月最后一个周五 14:00–17:00"."""
    if isinstance(sd.monthly, int):
        when = f"每月{sd.monthly}日"
    else:
        when = f"每月{ORDINAL_NAMES[sd.monthly.nth]}{DAY_NAMES[sd.monthly.weekday]}"
    return when + _hours_words(sd.hours)


def describe_special_day_holidays(sd: SpecialDay, oh: OpeningHours) -> str:
    """What happens when the day falls on a statutory holiday, where it is not
    what the station does on holidays anyway: "逢法定节假日照常" or
    "逢法定节假日暂停"; "" otherwise."""
    if sd.on_holidays == "open" and oh.holidays != "open":
        return "逢法定节假日照常"
    if sd.on_holidays == "closed":
        return "逢法定节假日暂停"
    return ""


def describe_holidays(oh: OpeningHours) -> str:
    if oh.holidays == "closed":
        return "法定节假日休息"
    if oh.holidays == "open":
        return "法定节假日照常开放"
    return "法定节假日" + _hours_words(oh.holidays)


def describe_intervals(hours: tuple[Interval, ...]) -> str:
    """ "08:30–11:30、13:30–17:00" (en dashes, as in print)."""
    return "、".join(f"{_hhmm(i.start)}–{_hhmm(i.end)}" for i in hours)


def _hours_words(hours: tuple[Interval, ...]) -> str:
    if not hours:
        return "休息"
    if hours == ALL_DAY:
        return "全天"
    return " " + describe_intervals(hours)


def _day_range_words(first: int, last: int) -> str:
    if first == last:
        return DAY_NAMES[first]
    if last == first + 1:
        return f"{DAY_NAMES[first]}、{DAY_NAMES[last]}"
    return f"{DAY_NAMES[first]}至{DAY_NAMES[last]}"


def _days_words(days: list[int]) -> str:
    """Weekdays (Monday = 0, ascending) in words, runs joined: "周一至周三、周五"."""
    runs: list[tuple[int, int]] = []
    for day in days:
        if runs and runs[-1][1] == day - 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return "、".join(_day_range_words(first, last) for first, last in runs)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def opening_hours_to_json(oh: OpeningHours) -> dict[str, Any]:
    """What opening-hours.js needs (see its openState)."""

    def spans(hours: tuple[Interval, ...]) -> list[list[int]]:
        return [[i.start, i.end] for i in hours]

    def monthly(rule: SpecialDay) -> int | dict[str, int]:
        if isinstance(rule.monthly, int):
            return rule.monthly
        return {"nth": rule.monthly.nth, "weekday": rule.monthly.weekday}

    return {
        "weekly": [spans(day) for day in oh.weekly.days],
        "special": [
            {"monthly": monthly(r), "hours": spans(r.hours), "label": r.label, "on_holidays": r.on_holidays}
            for r in oh.special_days
        ],
        "holidays": oh.holidays if isinstance(oh.holidays, str) else spans(oh.holidays),
        "makeup": spans(oh.makeup_hours),
    }
