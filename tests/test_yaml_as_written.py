"""What editors type reaches the pages as typed (issue 13, rows 5, 6, 13):
no YAML 1.1 re-typing, no key silently written twice, no value escaped
twice. The loader's rules are unit-tested in tests/unit/test_data_files.py;
here the real build, end to end."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import mkdocs_build
from html_scan import parse


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_values_reach_the_pages_as_typed(project_copy: Path, tmp_path: Path) -> None:
    data = project_copy / "docs/_data"
    # An unquoted number with a leading 0: YAML 1.1 reads the octal 6371789753.
    _replace(data / "stations.yml", 'phone: ["0573-8000 1000"]', "phone: 057362345671")
    # "&" in a name: shown once escaped in share cards (og:title), not "&amp;amp;".
    _replace(data / "stations.yml", "name: 示例区社会心理服务指导中心", "name: 示例A&B中心")
    # A title YAML 1.1 reads as the float 1.1.
    article = project_copy / "docs/articles/sleep-basics.md"
    article.write_text(re.sub(r"^title: .*$", "title: 1.10", article.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.output
    site = tmp_path / "site"
    stations = json.loads((site / "stations/stations.json").read_text(encoding="utf-8"))
    centre = next(s for s in stations["stations"] if s["id"] == "district-centre")
    assert centre["phone"] == ["0573-62345671"]
    assert centre["name"] == "示例A&B中心"
    page = parse(site / "stations/district-centre/index.html")
    assert page.meta("og:title") == "示例A&B中心"  # the parser decodes the one level of escaping
    assert "&amp;amp;" not in page.html
    assert [h.text.strip("¶") for h in page.find("h1")] == ["示例A&B中心"]
    sleep = parse(site / "articles/sleep-basics/index.html")
    assert sleep.meta("og:title") == "1.10"
    assert sleep.find("title")[0].text.startswith("1.10 - ")


def test_a_key_written_twice_stops_the_build_naming_file_line_and_key(project_copy: Path, tmp_path: Path) -> None:
    # A second number under 12356 would have put 12355 in the help bar of every page.
    hotlines = project_copy / "docs/_data/hotlines.yml"
    _replace(hotlines, '    number: "12356"\n', '    number: "12356"\n    number: "12355"\n')
    first = hotlines.read_text(encoding="utf-8").splitlines().index('    number: "12356"') + 1
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert f"docs/_data/hotlines.yml:{first + 1}: hotlines[0].number: “number” 写了两次（第一次在第 {first} 行）" in result.output
    assert "Traceback" not in result.output
