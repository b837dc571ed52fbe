"""Chinese phone numbers as editors write them: checked, and turned into the
written form readers expect and the `tel:` link their phone dials.

Accepted:
- short numbers: emergency (110, 119, 120, 122), public-service lines (12356,
  12355, 12320, 12338, 12345 …) and service numbers (95xxx, 96xxx such as
  962525), as far as `phonenumbers`' short-number data for China knows them;
- landlines with their area code ("0573-82345678", "010 8295 1332"), whose
  local number has 7 or 8 digits and starts with 2–9 (the numbering plan);
- mobiles ("138 1234 5678");
- 400 and 800 numbers ("400-161-9995").

Spaces, hyphens (also full-width ones and dashes), full-width digits and a
leading +86 or 0086 (not on short numbers) are tolerated. Anything else is a
PhoneError whose message says what to write instead.

Written forms: landlines "0573-82345678" (area code, a hyphen, the local
number unbroken, as on Chinese letterheads and signs), mobiles
"138 1234 5678", 400/800 numbers "400-161-9995", short numbers as they are.
The `tel:` link carries the national digits with the trunk 0 and no +86: the
readers dial from within China, and short and 400 numbers fail with +86.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

import phonenumbers
from phonenumbers import PhoneNumberType, shortnumberinfo

REGION = "CN"
COUNTRY_CODE = 86

EXAMPLES = '固定电话请带区号，如 "0573-82345678"；手机如 "138 1234 5678"；短号如 "12356"'

# Hyphens and dashes people type or paste between digit groups (after NFKC,
# which already turns the full-width "－" into "-").
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―]+")
_INTERNATIONAL_PREFIX = re.compile(r"^(?:\+|00)86")

# Short codes this long or longer in the library's data are SMS ports
# (106…), not lines a person can call.
_LONGEST_VOICE_SHORT_NUMBER = 6

# A Chinese local (subscriber) number has 7 or 8 digits. phonenumbers also
# accepts shorter in-area service numbers, which would let "0573-1234" through
# as a landline.
_LOCAL_NUMBER_LENGTHS = (7, 8)


class PhoneError(ValueError):
    """A number that is not a Chinese phone number; str() is the message for
    the editor, in Chinese, with what to write instead."""


@dataclass(frozen=True)
class Phone:
    raw: str
    digits: str
    display: str
    tel: str
    kind: Literal["short", "landline", "mobile", "tollfree"]


def parse_phone(text: str) -> Phone:
    raw = text
    normalized = unicodedata.normalize("NFKC", text).strip()
    if not normalized:
        raise PhoneError(f"电话号码是空的；{EXAMPLES}。")
    compact = _SEPARATORS.sub("", normalized)
    bad = next((c for c in compact.removeprefix("+") if not c.isascii() or not c.isdigit()), None)
    if bad is not None:
        raise PhoneError(
            f'"{raw}" 里有电话号码中不能出现的字符 "{bad}"；只写数字，数字之间可用空格或连字符分开。{EXAMPLES}。'
        )

    prefix = _INTERNATIONAL_PREFIX.match(compact)
    if prefix:
        national = compact[prefix.end() :]
        if _is_short_number(national):
            raise PhoneError(f'"{raw}" 是短号，前面不能加 +86（这样拨不通）；请写 "{national}"。')
        return _parse_long_number(raw, national, international=True)
    if compact.startswith("+") or compact.startswith("00"):
        raise PhoneError(f'"{raw}" 不是中国的电话号码；这里只收中国大陆的号码。{EXAMPLES}。')
    if _is_short_number(compact):
        return Phone(raw=raw, digits=compact, display=compact, tel=f"tel:{compact}", kind="short")
    return _parse_long_number(raw, compact, international=False)


def _is_short_number(digits: str) -> bool:
    # The library's data for China covers the emergency numbers and, by
    # pattern, every 121xx/123xx public-service line (12356 included) and the
    # 95xxx/96xxx service numbers; a test pins 12356 so that a library update
    # which loses it fails before a build does.
    if not digits or len(digits) > _LONGEST_VOICE_SHORT_NUMBER:
        return False
    try:
        number = phonenumbers.parse(digits, REGION)
    except phonenumbers.NumberParseException:
        return False
    if not shortnumberinfo.is_valid_short_number_for_region(number, REGION):
        return False
    cost = shortnumberinfo.expected_cost_for_region(number, REGION)
    return cost != shortnumberinfo.ShortNumberCost.PREMIUM_RATE and not shortnumberinfo.is_sms_service_for_region(
        number, REGION
    )


def _parse_long_number(raw: str, digits: str, *, international: bool) -> Phone:
    try:
        number = phonenumbers.parse(("+86" if international else "") + digits, REGION)
    except phonenumbers.NumberParseException:
        raise PhoneError(f'"{raw}" 不是有效的中国电话号码；{EXAMPLES}。') from None
    national = str(number.national_number)
    # The library strips a bare leading "86" as a country code when that makes
    # a valid number; an editor who wrote "86…" without + most likely made a
    # typo, so the digits must be what was written.
    if number.country_code != COUNTRY_CODE or digits.removeprefix("0") != national:
        raise PhoneError(f'"{raw}" 不是有效的中国电话号码；{EXAMPLES}。')

    kind = phonenumbers.number_type(number) if phonenumbers.is_valid_number(number) else None
    if kind in (PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE):
        if not international and not digits.startswith("0"):
            raise PhoneError(f'"{raw}" 的区号前少了 0；固定电话请写成如 "0573-82345678"。')
        return _landline(raw, number, national)
    if kind == PhoneNumberType.MOBILE:
        display = f"{national[:3]} {national[3:7]} {national[7:]}"
        return Phone(raw=raw, digits=national, display=display, tel=f"tel:{national}", kind="mobile")
    if kind in (PhoneNumberType.TOLL_FREE, PhoneNumberType.SHARED_COST) and national[:3] in ("400", "800"):
        display = f"{national[:3]}-{national[3:6]}-{national[6:]}"
        return Phone(raw=raw, digits=national, display=display, tel=f"tel:{national}", kind="tollfree")
    if not international and len(digits) in _LOCAL_NUMBER_LENGTHS and digits[0] in "23456789":
        raise PhoneError(f'"{raw}" 缺少区号；固定电话请带区号，如 "0573-82345678"。')
    raise PhoneError(f'"{raw}" 不是有效的中国电话号码；{EXAMPLES}。')


def _landline(raw: str, number: phonenumbers.PhoneNumber, national: str) -> Phone:
    area_length = phonenumbers.length_of_geographical_area_code(number)
    area, local = national[:area_length], national[area_length:]
    if area_length == 0 or len(local) not in _LOCAL_NUMBER_LENGTHS:
        raise PhoneError(
            f'"{raw}" 不是有效的固定电话号码：区号后面应有 7 位或 8 位号码；{EXAMPLES}。'
        )
    if local[0] in "01":
        # China's numbering plan (工业和信息化部《电信网编号计划》): a local
        # subscriber number never starts with 0 (the trunk prefix) or 1
        # (special-service and mobile numbers). phonenumbers' patterns for
        # some area codes still accept them.
        raise PhoneError(
            f'"{raw}" 不是有效的固定电话号码：区号 0{area} 后面的号码 {local} 以 {local[0]} 开头，'
            f"而本地号码不会以 0 或 1 开头（0 是长途字冠，1 开头的是特服号和手机号）。请核对号码；{EXAMPLES}。"
        )
    digits = "0" + national
    return Phone(raw=raw, digits=digits, display=f"0{area}-{local}", tel=f"tel:{digits}", kind="landline")
