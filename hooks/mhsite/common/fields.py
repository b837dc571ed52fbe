"""Field rules shared by the data files (hotlines, stations, events):
phone numbers, opening hours with their holiday rule, vocabularies, and
"verified" dates. One parser each, so an editor learns one way to write them.

The validators raise ValueError with a complete Chinese message (see
data_files.describe_error); rules that need the file's vocabulary or the
build date read them from the validation context.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import BeforeValidator, ValidationInfo, WithJsonSchema

from mhsite.common.data_files import located_error
from mhsite.common.opening_hours import HoursError, parse_opening_hours
from mhsite.common.phones import Phone, PhoneError, parse_phone
from mhsite.common.text import invisible_problem


# JSON Schema of what editors write (not of the parsed objects), so that their
# editors can autocomplete and flag mistakes; see schemas.py.
_TIME = r"([01]?[0-9]|2[0-4])[:：][0-5][0-9]"
_SPAN = _TIME + r"\s*[-–—~～至]\s*" + _TIME
HOURS_STRING_SCHEMA: dict = {
    "type": "string",
    "description": "一天中的开放时段，如 \"08:30-11:30, 13:30-17:00\"；休息写 closed",
    "anyOf": [{"pattern": rf"^\s*{_SPAN}(\s*[,，、]\s*{_SPAN})*\s*$"}, {"enum": ["closed", "休息"]}],
}
DAY_SPEC = r"^(daily|(mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))?(,(mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))?)*)$"
PHONE_SCHEMA: dict = {
    "type": "string",
    "description": "电话号码：固定电话带区号（0573-82345678）、手机、400/800 或短号（12356）",
    "examples": ["0573-82345678", "12356"],
}
WEEKLY_SCHEMA: dict = {
    "description": "每周开放时间：24h，或 星期: 时段（mon-fri: \"08:30-17:00\"）",
    "anyOf": [
        {"type": "string", "enum": ["24h", "24小时"]},
        {"type": "object", "propertyNames": {"pattern": DAY_SPEC}, "additionalProperties": HOURS_STRING_SCHEMA},
    ],
}
HOLIDAYS_SCHEMA: dict = {
    "description": "法定节假日：closed 休息 | open 照常 | 时段",
    "anyOf": [{"type": "string", "enum": ["closed", "open"]}, HOURS_STRING_SCHEMA],
}
SPECIAL_DAYS_SCHEMA: dict = {
    "type": "array",
    "description": "每月固定的特别开放日，如精防日",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["monthly", "hours"],
        "properties": {
            "monthly": {
                "description": "每月几号（1–31），或 first/second/third/fourth/last-星期，如 first-mon",
                "anyOf": [
                    {"type": "integer", "minimum": 1, "maximum": 31},
                    {"type": "string", "pattern": "^(first|second|third|fourth|last)-(mon|tue|wed|thu|fri|sat|sun)$"},
                ],
            },
            "hours": HOURS_STRING_SCHEMA,
            "label": {"type": "string", "maxLength": 30, "description": "纯文字，一行，如 精防日：精神科医生坐诊"},
            "on_holidays": {
                "description": "逢法定节假日：open 照常举行 | closed 暂停（不写时跟随站点的 holidays）",
                "enum": ["open", "closed"],
            },
        },
    },
}


_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(value: Any) -> date:
    """A date as editors write it everywhere: "2026-11-05" (full-width digits
    and a one-digit month or day accepted). The message says whether the
    text is not a date or the date does not exist."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"{value!r} 不是日期；请写成 年-月-日，如 2026-11-05。")
    text = unicodedata.normalize("NFKC", value).strip()
    match = _DATE.match(text)
    if not match:
        raise ValueError(f"“{value}” 不是日期；请写成 年-月-日，如 2026-11-05。")
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        if not 1 <= month <= 12:
            raise ValueError(f"“{value}” 这个日期不存在：没有 {month} 月。请检查日期。") from None
        raise ValueError(f"“{value}” 这个日期不存在：{year} 年 {month} 月没有 {day} 日。请检查日期。") from None


Date = Annotated[
    date,
    BeforeValidator(parse_date),
    WithJsonSchema({"type": "string", "format": "date", "description": "日期，如 2026-11-05"}),
]

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_NOT_IN_PATH = re.compile(r"[\"'<>`{}|^\\]")


def site_path(value: Any) -> str:
    """A file of the site, relative to docs/ (an image, a page): never an
    address on another host, which the visitor's browser would contact."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("请写 docs/ 下文件的路径，如 assets/images/logo.svg。")
    text = value.strip()
    problem = invisible_problem(text, newlines=False)
    if problem:
        raise ValueError(problem)
    if len(text) > PATH_MAX:
        raise ValueError(f"太长：共 {len(text):,} 个字符，文件路径最多 {PATH_MAX} 个字符。")
    if _SCHEME.match(text) or text.startswith(("//", "\\")):
        raise ValueError(
            f"“{value}” 是其他网站的地址；访问者的浏览器只从本站加载内容。请把文件放进 docs/ 下，写它的路径，如 assets/images/logo.svg。"
        )
    if any(part == ".." for part in text.replace("\\", "/").split("/")):
        raise ValueError(f"“{value}” 指向 docs/ 以外；请写 docs/ 下文件的路径。")
    bad = _NOT_IN_PATH.search(text)
    if bad:
        # The theme puts paths into attributes as they are (an author's avatar).
        raise ValueError(f"文件路径里不能有 “{bad.group(0)}”；请把文件改名，只用字母、数字、连字符和点，如 assets/images/logo.svg。")
    return text


PATH_MAX = 200
SitePath = Annotated[
    str,
    BeforeValidator(site_path),
    WithJsonSchema({"type": "string", "maxLength": PATH_MAX, "description": "docs/ 下文件的路径，如 assets/images/logo.svg"}),
]

URL_MAX = 500
# Characters RFC 3986 does not allow in an address as written (spaces,
# quotes, angle brackets…): an address that has them was pasted wrong.
_NOT_IN_URL = re.compile(r'[\s"<>\\^`{|}]')


def web_address(value: Any, schemes: tuple[str, ...] = ("https",)) -> str:
    """A full address on another site (a link, never something the page
    loads): `schemes` only (never javascript: and the like), a host, no
    character an address cannot have."""
    how = f"请写以 {' 或 '.join(s + '://' for s in schemes)} 开头的完整网址，如 https://www.example.gov.cn/。"
    if not isinstance(value, str) or not value.strip():
        raise ValueError(how)
    text = value.strip()
    problem = invisible_problem(text, newlines=False)
    if problem:
        raise ValueError(problem)
    if len(text) > URL_MAX:
        raise ValueError(f"太长：共 {len(text):,} 个字符，网址最多 {URL_MAX} 个字符。")
    parts = urlsplit(text)
    if parts.scheme.lower() not in schemes or not parts.netloc:
        raise ValueError(f"“{value}” 不是网址。{how}")
    bad = _NOT_IN_URL.search(text)
    if bad:
        shown = "空格" if bad.group(0).isspace() else f"“{bad.group(0)}”"
        raise ValueError(f"网址里不能有{shown}；请从浏览器的地址栏重新复制。")
    return text


WebAddress = Annotated[
    str,
    BeforeValidator(lambda value: web_address(value, ("https", "http"))),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://", "maxLength": URL_MAX, "description": "完整网址，以 https:// 或 http:// 开头"}),
]

_DECIMAL = re.compile(r"^[-+]?[0-9]+(?:\.[0-9]+)?$")


def decimal(value: Any) -> float | None:
    """A number written in decimal notation ("30.8381", or a number) as a
    float; None for anything else (words, "nan", "1e3", true)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if _DECIMAL.match(text):
            return float(text)
    return None


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
    """`values`, each a code of the vocabulary `vocabulary_name` of the
    validation context. A code whose own entry was refused for a mistake
    (data_files.Vocabulary.refused) counts as known: its entry's message
    is the one, not a second one here."""
    vocabulary: Mapping[str, str] = (info.context or {}).get(vocabulary_name, {})
    refused = getattr(vocabulary, "refused", frozenset())
    unknown = [v for v in values if v not in vocabulary and v not in refused]
    if unknown:
        known = "、".join(vocabulary) or f"（文件开头的 {vocabulary_name} 为空）"
        shown = "、".join(f"“{v}”" for v in unknown)
        raise ValueError(f"不认识的{what} {shown}；可选：{known}（在文件开头的 {vocabulary_name} 中定义）。")
    return values


def not_in_future(value: date, info: ValidationInfo, what: str = "核实日期") -> date:
    """A date that records something done (verified, reviewed): not after
    today (the build's date in the validation context)."""
    today: date | None = (info.context or {}).get("today")
    if today and value > today:
        raise ValueError(f"{what} {value} 在今天（{today}）之后；请写实际的日期。")
    return value
