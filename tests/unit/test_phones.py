"""Phone numbers as editors write them: what is accepted, how it is shown and
dialled, and what each rejection tells the editor."""

from __future__ import annotations

import dataclasses

import pytest

from mhsite.common.phones import Phone, PhoneError, parse_phone


@pytest.mark.parametrize(
    "text",
    ["110", "119", "120", "122", "12356", "12355", "12320", "12338", "12345", "95119", "962525"],
)
def test_short_numbers_are_kept_as_they_are(text: str) -> None:
    phone = parse_phone(text)
    assert phone == Phone(raw=text, digits=text, display=text, tel=f"tel:{text}", kind="short")


def test_the_national_psychological_assistance_line_is_accepted() -> None:
    # 12356 is the number the whole site is about: a phonenumbers update that
    # stopped knowing it must fail here, not in a build.
    assert parse_phone("12356").tel == "tel:12356"
    assert parse_phone(" 12356 ").digits == "12356"


@pytest.mark.parametrize(
    "text",
    [
        "0573-82345678",
        "0573 8234 5678",
        "057382345678",
        "0573–82345678",  # en dash pasted from a document
        "０５７３－８２３４５６７８",  # full-width digits and hyphen
        "０５７３ ８２３４ ５６７８",  # and a full-width space
        "+86 573 8234 5678",
        "+86-0573-82345678",
        "0086 573 82345678",
    ],
)
def test_landline_with_area_code(text: str) -> None:
    phone = parse_phone(text)
    assert (phone.kind, phone.digits, phone.display, phone.tel) == (
        "landline",
        "057382345678",
        "0573-82345678",
        "tel:057382345678",
    )
    assert phone.raw == text


@pytest.mark.parametrize(
    ("text", "display", "tel"),
    [
        ("010-82951332", "010-82951332", "tel:01082951332"),
        ("021 6278 5000", "021-62785000", "tel:02162785000"),
        ("0571-8765 4321", "0571-87654321", "tel:057187654321"),
    ],
)
def test_two_and_three_digit_area_codes(text: str, display: str, tel: str) -> None:
    phone = parse_phone(text)
    assert (phone.kind, phone.display, phone.tel) == ("landline", display, tel)


@pytest.mark.parametrize(
    "text", ["13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "0086 13812345678", "+8613812345678"]
)
def test_mobile(text: str) -> None:
    phone = parse_phone(text)
    assert (phone.kind, phone.digits, phone.display, phone.tel) == (
        "mobile",
        "13812345678",
        "138 1234 5678",
        "tel:13812345678",
    )


@pytest.mark.parametrize(
    ("text", "display", "tel"),
    [
        ("400-161-9995", "400-161-9995", "tel:4001619995"),
        ("4001619995", "400-161-9995", "tel:4001619995"),
        ("400 161 9995", "400-161-9995", "tel:4001619995"),
        ("800-810-1117", "800-810-1117", "tel:8008101117"),
    ],
)
def test_400_and_800_numbers_are_dialled_without_plus_86(text: str, display: str, tel: str) -> None:
    phone = parse_phone(text)
    assert (phone.kind, phone.display, phone.tel) == ("tollfree", display, tel)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("1234", ['"1234" 不是有效的中国电话号码', '"0573-82345678"', '"138 1234 5678"', '"12356"']),
        ("1", ['"1" 不是有效的中国电话号码']),
        ("138 1234 567", ["不是有效的中国电话号码"]),
        ("8613812345678", ["不是有效的中国电话号码"]),
        ("0573-1234", ['"0573-1234"', "7 位或 8 位"]),
        ("82345678", ['"82345678" 缺少区号', '"0573-82345678"']),
        ("57382345678", ["区号前少了 0", '"0573-82345678"']),
        ("+86 12356", ["短号", "+86", '请写 "12356"']),
        ("0086 110", ["短号", '请写 "110"']),
        ("+1 212 555 1234", ["不是中国的电话号码"]),
        ("0012125551234", ["不是中国的电话号码"]),
        ("(0573) 82345678", ['"("', "只写数字"]),
        ("0573-82345678 转 801", ['"转"']),
        ("12356a", ['"a"']),
        ("", ["空"]),
        ("   ", ["空"]),
    ],
)
def test_rejections_say_what_to_write(text: str, words: list[str]) -> None:
    with pytest.raises(PhoneError) as info:
        parse_phone(text)
    message = str(info.value)
    for word in words:
        assert word in message, message


def test_phone_error_is_a_value_error() -> None:
    # The data models turn ValueError into a located message.
    assert issubclass(PhoneError, ValueError)


def test_phone_is_frozen() -> None:
    phone = parse_phone("12356")
    with pytest.raises(dataclasses.FrozenInstanceError):
        phone.tel = "tel:110"  # type: ignore[misc]


# China's numbering plan (工业和信息化部《电信网编号计划（2017年版）》): a fixed
# line is area code + a local number of 7 or 8 digits whose first digit is
# 2–9; 0 is the trunk (long-distance) prefix and 1 starts special-service
# and mobile numbers. phonenumbers accepts some of these for some area codes.
@pytest.mark.parametrize(
    "text",
    ["0573-02345678", "0573-12345678", "021-12345678", "010 1234 5678", "0571-0800 1234", "+86 573 1234 5678"],
)
def test_a_local_number_starting_with_0_or_1_is_refused(text: str) -> None:
    with pytest.raises(PhoneError) as info:
        parse_phone(text)
    message = str(info.value)
    assert message.startswith(f'"{text}" 不是有效的固定电话号码')
    assert "不会以 0 或 1 开头" in message


@pytest.mark.parametrize(
    ("text", "display"),
    [("057362345671", "0573-62345671"), ("010-82951332", "010-82951332"), ("0571 2800 1234", "0571-28001234")],
)
def test_a_local_number_starting_with_2_to_9_is_accepted(text: str, display: str) -> None:
    assert parse_phone(text).display == display
