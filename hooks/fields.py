"""Field rules shared by the data files (hotlines, stations, events):
phone numbers, opening hours with their holiday rule, vocabularies, and
"verified" dates. One parser each, so an editor learns one way to write them.

The validators raise ValueError with a complete Chinese message (see
data_files.describe_error); rules that need the file's vocabulary or the
build date read them from the validation context.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import ValidationInfo

from data_files import located_error
from opening_hours import HoursError, parse_opening_hours
from phones import Phone, PhoneError, parse_phone

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def phone(value: Any) -> Phone:
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError("电话号码应写成文字并加引号，例如 \"12356\" 或 \"0573-82345678\"。")
    try:
        return parse_phone(value)
    except PhoneError as exc:
        raise ValueError(str(exc)) from None


def with_opening_hours(data: Any, default_holidays: str) -> Any:
    """Parse `hours`, `special_days` and `holidays` of an entry together into
    one OpeningHours under `hours` (a model "before" validator)."""
    if not isinstance(data, dict) or "hours" not in data:
        return data
    data = dict(data)
    try:
        data["hours"] = parse_opening_hours(
            data["hours"],
            special_days=data.pop("special_days", None),
            holidays=data.pop("holidays", default_holidays),
        )
    except HoursError as exc:
        raise located_error(exc.field, str(exc)) from None
    return data


def in_vocabulary(values: list[str], info: ValidationInfo, vocabulary_name: str, what: str) -> list[str]:
    vocabulary: Mapping[str, str] = (info.context or {}).get(vocabulary_name, {})
    unknown = [v for v in values if v not in vocabulary]
    if unknown:
        known = "、".join(vocabulary) or f"（文件开头的 {vocabulary_name} 为空）"
        raise ValueError(f"不认识的{what} {'、'.join(unknown)}；可选：{known}（在文件开头的 {vocabulary_name} 中定义）。")
    return values


def not_in_future(value: date, info: ValidationInfo) -> date:
    today: date | None = (info.context or {}).get("today")
    if today and value > today:
        raise ValueError(f"核实日期 {value} 在今天（{today}）之后；请写实际核实的日期。")
    return value
