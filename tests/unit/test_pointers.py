"""Where the project tells editors to look, that is where it is.

Comments in the data files, the template `./run new` writes every page
from (content/new_page.py), the editors' guide and the schemas send editors
to a field of a data file: "取自 docs/_data/audiences.yml 的 id". When a
field moves (the audiences left hotlines.yml for audiences.yml, issue 19),
every such pointer must move with it; a pointer to a field the file no
longer has sends an editor looking for something that is not there.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# "docs/_data/content.yml 的 tags", "`docs/_data/content.yml` 的 `tags`".
POINTER = re.compile(r"docs/_data/([\w/.-]+?\.yml)`?\s*(?:中|里)?\s*的\s*`?([a-z_]+)")
WHERE = ("hooks/**/*.py", "hooks/**/*.html", "docs/**/*.md", "docs/**/*.yml", "schemas/*.json", "overrides/**/*.html", "README.md")


def pointers() -> list[tuple[str, str, str]]:
    """(file that points, data file, field) for every pointer in the project."""
    out = []
    for pattern in WHERE:
        for path in sorted(ROOT.glob(pattern)):
            for match in POINTER.finditer(path.read_text(encoding="utf-8")):
                out.append((str(path.relative_to(ROOT)), match[1], match[2]))
    return out


def has_field(text: str, name: str) -> bool:
    """`name` is a key of the file (`name:`, `- name:`), or a field its
    header documents (`#   name   说明`), written or commented out."""
    return re.search(rf"^[#\s-]*{re.escape(name)}(?:\s*:|\s{{2,}})", text, re.M) is not None


def test_the_project_has_pointers_to_check() -> None:
    # The pattern finds them (else the test below checks nothing).
    found = pointers()
    assert ("hooks/mhsite/content/new_page.py", "audiences.yml", "id") in found
    assert ("docs/_data/content.yml", "audiences.yml", "id") in found


@pytest.mark.parametrize(("source", "data_file", "name"), pointers())
def test_every_pointer_names_a_field_its_file_has(source: str, data_file: str, name: str) -> None:
    path = ROOT / "docs/_data" / data_file
    assert path.is_file(), f"{source} points to docs/_data/{data_file}, which does not exist"
    assert has_field(path.read_text(encoding="utf-8"), name), f"{source} points to “{name}” in docs/_data/{data_file}, which has no such field"


def test_a_stale_pointer_is_caught() -> None:
    # The audiences' old place: hotlines.yml documents `audience` (a line's
    # field), not an `audiences` vocabulary.
    text = (ROOT / "docs/_data/hotlines.yml").read_text(encoding="utf-8")
    assert not has_field(text, "audiences")
    assert has_field(text, "audience")
