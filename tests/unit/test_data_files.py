"""The YAML every editor writes is read as written: no YAML 1.1 re-typing
behind the editor's back, and no key silently written twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from mhsite.common.data_files import DataFileError, parse_yaml
from mhsite.common.fields import decimal


# YAML 1.1 (what PyYAML implements) re-types plain scalars; YAML 1.2's core
# schema (2009) keeps only null, true/false and numbers, and this loader goes
# one step further: everything but null and true/false stays the text typed,
# and the data models read numbers and dates from it.
@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("057362345671", "057362345671"),  # YAML 1.1: the octal number 6371789753
        ("0573", "0573"),  # YAML 1.1: 379
        ("1:30", "1:30"),  # YAML 1.1: the sexagesimal 90
        ("08:30", "08:30"),
        ("1.10", "1.10"),  # YAML 1.1: the float 1.1
        ("yes", "yes"),  # YAML 1.1: True
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("Y", "Y"),
        ("2026-02-30", "2026-02-30"),  # YAML 1.1: a timestamp (a ValueError for this one)
        ("2026-11-05", "2026-11-05"),
        ("12356", "12356"),
        ("0x1A", "0x1A"),
        (".inf", ".inf"),
        ("true", True),
        ("false", False),
        ("True", True),
        ("null", None),
        ("~", None),
        ("", None),
        ("TRUE", True),
        ("FALSE", False),
        ("Null", None),
        ("NULL", None),
        ("tRUE", "tRUE"),  # only the core schema's three spellings
        ("nULL", "nULL"),
        ("true1", "true1"),
        ("'true'", "true"),  # quoted: always the text
        ('"null"', "null"),
        ("''", ""),
        ("'~'", "~"),
        ("! |\n  true", "true\n"),  # tagged only `!`: text (PyYAML's resolver raised KeyError here)
        ("! >\n  ~", "~\n"),
        ("!!str true", "true"),
    ],
)
def test_a_plain_scalar_is_read_as_written(written: str, read) -> None:
    assert parse_yaml(f"value: {written}\n", "test.yml").data == {"value": read}


def test_keys_are_text_too() -> None:
    doc = parse_yaml("years:\n  2027:\n    source: x\n  017: y\n", "holidays.yml")
    assert list(doc.data["years"]) == ["2027", "017"]
    assert doc.line_of(("years", "2027", "source")) == 3


@pytest.mark.parametrize(
    ("text", "line", "where", "first"),
    [
        # a second number under one hotline: the help bar would show the second
        ('hotlines:\n  - id: national-12356\n    number: "12356"\n    number: "12355"\n', 4, "hotlines[0].number", 3),
        # a second top-level list: every entry of the first would be dropped
        ("events:\n  - id: a\nmeta: {}\nevents:\n  - id: b\n", 4, "events", 1),
        ("topics: {a: A}\nquestions: []\nquestions: []\n", 3, "questions", 2),
        ("a: {x: 1, x: 2}\n", 1, "a.x", 1),
    ],
)
def test_a_key_written_twice_is_refused(text: str, line: int, where: str, first: int) -> None:
    with pytest.raises(DataFileError) as info:
        parse_yaml(text, "docs/_data/x.yml")
    error = info.value.errors[0]
    assert (error.file, error.line, error.where) == ("docs/_data/x.yml", line, where)
    assert f"第一次在第 {first} 行" in error.message
    assert str(info.value).startswith(f"docs/_data/x.yml:{line}: {where}: ")


def test_every_duplicate_is_named_at_once() -> None:
    with pytest.raises(DataFileError) as info:
        parse_yaml("a: 1\na: 2\nb: [{c: 1, c: 2}]\n", "x.yml")
    assert [(e.line, e.where) for e in info.value.errors] == [(2, "a"), (3, "b[0].c")]


def test_a_merge_key_is_not_a_duplicate() -> None:
    doc = parse_yaml("base: &b {x: 1}\nthing:\n  <<: *b\n  y: 2\n", "x.yml")
    assert doc.data["thing"] == {"x": "1", "y": "2"}


def test_a_character_yaml_does_not_allow_is_a_message_not_a_traceback() -> None:
    with pytest.raises(DataFileError) as info:
        parse_yaml("name: a\x07b\n", "x.yml")
    assert "x.yml" in str(info.value) and "字符" in str(info.value)


@pytest.mark.parametrize(
    ("value", "number"),
    [("30.8381", 30.8381), ("-5", -5.0), ("120", 120.0), (30.5, 30.5), ("３０.５", 30.5),
     ("nan", None), ("1e3", None), ("30,5", None), (True, None), ("", None), (None, None)],
)
def test_decimal_numbers(value, number) -> None:
    assert decimal(value) == number
