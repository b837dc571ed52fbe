"""A new editor's mistakes, all at once, in the real build (issue 14): each is
one Chinese message naming the file's line, printed once; no message about
something that is not wrong (a refused entry still counts as present: no
「里没有 id 为…」, 「不认识的对象」 or 「没有可用的求助热线」 because of it); no
YAML English; no traceback. The rules are unit-tested in tests/unit/
(test_knock_on.py, test_yaml_messages.py); here the build says them."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import mkdocs_build


def _replace(path: Path, old: str, new: str, count: int = 1) -> int:
    """Replace `old` (which the file has) and return the file line it was on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def test_each_mistake_is_one_message_and_nothing_else_is(project_copy: Path, tmp_path: Path) -> None:
    docs = project_copy / "docs"
    data = docs / "_data"
    # A station refused for its phone; activities are held there.
    phone_line = _replace(data / "stations.yml", 'phone: ["0573-8001 2301"]', 'phone: ["12"]')
    # A future `verified` on every line (the crisis lines among them).
    hotlines = (data / "hotlines.yml").read_text(encoding="utf-8")
    verified_lines = [n for n, line in enumerate(hotlines.splitlines(), 1) if line.strip() == "verified: 2026-11-23"]
    assert len(verified_lines) >= 3
    _replace(data / "hotlines.yml", "verified: 2026-11-23", "verified: 2027-01-01", count=-1)
    # An audience refused (name too long) that hotlines, stations, activities,
    # articles and questions name.
    name_line = _replace(data / "audiences.yml", "    name: 青少年和学生\n", "    name: 青少年和学生青少年和学生青少年和学生\n")
    # A `[` left open on file line 4 of a page's front matter.
    _replace(docs / "articles/sleep-basics.md", "tags: [睡眠]\n", "tags: [睡眠\n")
    # A key written twice in another page's front matter (file lines 2 and 4).
    anxiety = docs / "articles/anxiety-basics.md"
    lines = anxiety.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "---" and lines[1].startswith("title: ")
    lines.insert(3, lines[1])
    anxiety.write_text("\n".join(lines), encoding="utf-8")

    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    output = result.output
    assert "Traceback" not in output
    warnings = [line for line in output.splitlines() if line.startswith(("WARNING", "ERROR"))]
    expected = [
        f"docs/_data/stations.yml:{phone_line}: stations[1] (donghu-station).phone: \"12\" 不是有效的中国电话号码",
        f"docs/_data/audiences.yml:{name_line}: audiences[1] (youth).name: 太长",
        "docs/articles/sleep-basics.md:4: YAML 格式错误：这一行的方括号 [ 没有配对的 ]",
        "docs/articles/anxiety-basics.md:4: title: “title” 写了两次（第一次在第 2 行）",
        *(f"docs/_data/hotlines.yml:{n}: hotlines[" for n in verified_lines),
    ]
    for start in expected:
        said = [w for w in warnings if start in w]
        assert len(said) == 1, f"{start!r} said {len(said)} times:\n" + "\n".join(warnings)
    assert len(warnings) == len(expected), "messages beyond the mistakes:\n" + "\n".join(warnings)
    for wrong in ("里没有 id 为", "不认识的对象", "没有可用的求助热线", "请至少保留"):
        assert wrong not in output
    assert not re.search(r"did not find|expected|while parsing", output)
    # The notes of what waits for a refused entry: INFO, one each.
    assert output.count("改好之前，页面顶部的求助电话栏是空的") == 1
    assert output.count("站点 “donghu-station” 有错误") >= 1
