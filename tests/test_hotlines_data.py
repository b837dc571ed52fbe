"""Editors' mistakes in docs/_data/hotlines.yml: one message each, naming the
file, the line, the entry and the field; valid entries are never dropped."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT, mkdocs_build
from mhsite.common.data_files import DataFileError
from mhsite.audiences.model import load_audiences
from mhsite.hotlines.model import load_hotlines

TODAY = date(2026, 11, 23)
# The vocabulary of docs/_data/audiences.yml the entries below are checked against.
AUDIENCES = {"public": "所有人", "youth": "青少年和学生"}

HEADER = """\
meta:
  verify_every_days: 90
hotlines:
"""

GOOD = """\
  - id: national-12356
    name: 全国统一心理援助热线
    label: 心理援助
    number: "12356"
    scope: national
    hours: 24h
    audience: [public]
    crisis: true
    verified: 2026-11-01
    source: 国家卫生健康委
"""


def load(tmp_path: Path, entries: str, header: str = HEADER):
    path = tmp_path / "hotlines.yml"
    path.write_text(header + textwrap.dedent(entries), encoding="utf-8")
    return load_hotlines(path, "docs/_data/hotlines.yml", TODAY, AUDIENCES)


def entry(**changes: str | None) -> str:
    """GOOD with some fields changed (None removes a field)."""
    lines = GOOD.splitlines()
    out = []
    for line in lines:
        key = line.strip().removeprefix("- ").split(":")[0]
        if key in changes:
            value = changes.pop(key)
            if value is None:
                if line.lstrip().startswith("- "):
                    out.append("  - placeholder: x")
                continue
            prefix = "  - " if line.lstrip().startswith("- ") else "    "
            out.append(f"{prefix}{key}: {value}")
        else:
            out.append(line)
    out += [f"    {k}: {v}" for k, v in changes.items() if v is not None]
    return "\n".join(out) + "\n"


def test_the_sample_file_is_valid() -> None:
    names = load_audiences(ROOT / "docs/_data/audiences.yml", "docs/_data/audiences.yml")[0].names
    directory, errors, notices = load_hotlines(ROOT / "docs/_data/hotlines.yml", "docs/_data/hotlines.yml", TODAY, names)
    assert errors == [] and notices == []
    assert {h.number.digits for h in directory.crisis_lines} >= {"12356", "110", "120"}


def test_a_good_entry_loads(tmp_path: Path) -> None:
    directory, errors, _ = load(tmp_path, GOOD)
    assert errors == []
    (hotline,) = directory.hotlines
    assert hotline.number.tel == "tel:12356" and hotline.crisis


@pytest.mark.parametrize(
    ("changes", "where", "line", "words"),
    [
        ({"number": None}, "hotlines[0] (national-12356).number", 4, "缺少必填字段"),
        ({"number": '"1234"'}, "hotlines[0] (national-12356).number", 7, "1234"),
        ({"number": '"0573-1234"'}, "hotlines[0] (national-12356).number", 7, "0573-1234"),
        ({"audience": "[public, teachers]"}, "hotlines[0] (national-12356).audience", 10, "teachers"),
        ({"hours": '{mon-fri: "08:30-25:00"}'}, "hotlines[0] (national-12356).hours", 9, "25:00"),
        ({"hours": '{mon-fri: "17:00-08:30"}'}, "hotlines[0] (national-12356).hours", 9, "17:00-08:30"),
        ({"scope": "county"}, "hotlines[0] (national-12356).scope", 8, "county"),
        ({"verified": "2026-13-01"}, "hotlines[0] (national-12356).verified", 12, "不存在：没有 13 月"),
        ({"verified": "2026-12-24"}, "hotlines[0] (national-12356).verified", 12, "之后"),
        ({"colour": "red"}, "hotlines[0] (national-12356).colour", 14, "colour"),
        ({"id": "National_12356"}, "hotlines[0] (National_12356).id", 4, "不能作 id"),
        ({"source": None}, "hotlines[0] (national-12356).source", 4, "缺少必填字段"),
    ],
)
def test_each_mistake_is_one_message(tmp_path: Path, changes, where, line, words) -> None:
    other = GOOD.replace("national-12356", "youth-12355").replace('"12356"', '"12355"')
    directory, errors, _ = load(tmp_path, entry(**changes) + other)
    messages = [str(e) for e in errors]
    assert len(errors) == 1, messages
    # The field, or a part of it ("hours.mon-fri").
    assert errors[0].where == where or errors[0].where.startswith(where + "."), messages
    assert errors[0].line == line, messages
    assert str(errors[0]).startswith(f"docs/_data/hotlines.yml:{line}: {where}")
    assert words in errors[0].message
    # The valid entry after it is kept.
    assert [h.id for h in directory.hotlines][-1] == "youth-12355"


def test_a_duplicate_id_names_both_entries(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, GOOD + GOOD)
    assert [e.where for e in errors] == ["hotlines[1] (national-12356).id"]
    assert "第 4 行" in errors[0].message and errors[0].line == 14


def test_stale_but_not_dangerous_is_a_notice(tmp_path: Path) -> None:
    _, errors, notices = load(tmp_path, entry(verified="2026-07-01"))
    assert errors == []
    assert len(notices) == 1 and "145 天未核实" in notices[0].message


def test_a_line_never_verified_for_long_is_a_notice_not_an_error(tmp_path: Path) -> None:
    """A date passing never fails a build (an urgent fix must go out); the
    publication check refuses it for publishing (tests/test_publication.py)."""
    directory, errors, notices = load(tmp_path, entry(verified="2026-04-01", crisis="false"))
    assert errors == []
    assert [n.line for n in notices] == [12] and "236 天未核实" in notices[0].message
    assert "正式发布会被拒绝" in notices[0].message  # 236 > 2 × 90
    (late,) = directory.unverified
    assert (late.age, late.limit, late.crisis, late.line) == (236, 90, False, 12)


def test_several_mistakes_in_one_entry_are_all_reported(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, entry(number='"1"', scope="county", audience="[nobody]"))
    assert sorted(e.where.rsplit(".", 1)[1] for e in errors) == ["audience", "number", "scope"]


def test_unknown_audience_lists_the_known_ones(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, entry(audience="[kids]"))
    assert "public" in errors[0].message and "youth" in errors[0].message


def test_a_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as info:
        load(tmp_path, GOOD + '  - id: broken\n    name: "unclosed\n    number: 1\n')
    assert str(info.value).startswith("docs/_data/hotlines.yml:")
    assert "YAML 格式错误" in str(info.value)


def test_an_unknown_top_level_part_is_reported(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, GOOD + "lines:\n  - x\n")
    assert [e.where for e in errors] == ["lines"]


# -- Through a real build ------------------------------------------------------


def test_a_bad_number_fails_the_strict_build_without_traceback(project_copy: Path, tmp_path: Path) -> None:
    data = project_copy / "docs/_data/hotlines.yml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace('number: "12355"', 'number: "1235"'), encoding="utf-8")
    line = next(i for i, l in enumerate(data.read_text(encoding="utf-8").splitlines(), 1) if '"1235"' in l)
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert f"docs/_data/hotlines.yml:{line}: hotlines[3] (youth-12355).number:" in result.output
    assert "Traceback" not in result.output


def test_a_yaml_error_fails_the_build_without_traceback(project_copy: Path, tmp_path: Path) -> None:
    data = project_copy / "docs/_data/hotlines.yml"
    data.write_text(data.read_text(encoding="utf-8").replace("  - id: youth-12355", "  - id: youth-12355\n   bad indent: x"), encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/_data/hotlines.yml:" in result.output and "YAML 格式错误" in result.output
    assert "Traceback" not in result.output


def test_no_crisis_line_refuses_to_build(project_copy: Path, tmp_path: Path) -> None:
    data = project_copy / "docs/_data/hotlines.yml"
    data.write_text(data.read_text(encoding="utf-8").replace("crisis: true", "crisis: false"), encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "没有可用的求助热线" in result.output
    assert "Traceback" not in result.output
